"""Every errata row names a source a reader can open.

The page is read as built: its "Fatos" tables are rendered from
`profile/pytorch.yml` (`corrections`). A row's "Fonte" cell must link to a primary
source (an http(s) URL) or to one of the commands under "Como conferir" on the same
page, which must exist. The closing note states how many rows have such a source;
the number is checked here, not trusted.
"""

from __future__ import annotations

import re

from scripts.profile.load import site_profile
from scripts.profile.render import render_page
from tests.support import ROOT

ERRATA = ROOT / "docs" / "sobre" / "errata.md"


def _errata_text() -> str:
    """The errata as built: the "Fatos" tables come from the profile's data."""
    return render_page(
        ERRATA.read_text(encoding="utf-8"), "sobre/errata.md", site_profile(ROOT)
    )


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: cell}) for each body row of each table."""
    rows = []
    header: list[str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif set(line.replace("|", "").strip()) <= {"-", ":", " "}:
            continue
        else:
            rows.append((number, dict(zip(header, cells, strict=False))))
    return rows


def _command_anchors(text: str) -> set[str]:
    return set(re.findall(r"\{#(cmd-[\w-]+)\}", text))


def _primary(cell: str, anchors: set[str]) -> bool:
    for target in _LINK.findall(cell):
        if target.startswith(("http://", "https://")):
            return True
        if target.startswith("#") and target[1:] in anchors:
            return True
    return False


def test_every_row_has_a_fonte_cell_with_a_link():
    text = _errata_text()
    rows = _rows(text)
    assert len(rows) > 40
    missing = [n for n, row in rows if not _LINK.search(row.get("Fonte", ""))]
    assert not missing, f"errata rows without a source link at lines {missing}"


def test_command_links_point_to_existing_commands():
    text = _errata_text()
    anchors = _command_anchors(text)
    used = set(re.findall(r"\]\(#(cmd-[\w-]+)\)", text))
    assert used <= anchors, used - anchors
    assert anchors <= used, f"commands no row cites: {anchors - used}"


def test_closing_note_counts_rows_with_a_primary_source():
    text = _errata_text()
    anchors = _command_anchors(text)
    rows = _rows(text)
    with_source = sum(_primary(row.get("Fonte", ""), anchors) for _, row in rows)
    match = re.search(r"(\d+) das (\d+) linhas", text)
    assert match, "closing note with 'N das M linhas' not found"
    assert (int(match.group(1)), int(match.group(2))) == (with_source, len(rows))


#: A code row whose defect raises nothing says so in its "O que quebrava" cell.
_NO_ERROR = re.compile(r"leitura do código|sem erro", re.I)
_CITED_TEST = re.compile(r"\[`(test_\w+)`\]\(#cmd-errata\)")


def _code_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of the tables under a "## Código: …" heading."""
    section = None
    heading_of_line: dict[int, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("## "):
            section = line
        heading_of_line[number] = section or ""
    return [
        (n, row) for n, row in _rows(text) if heading_of_line[n].startswith("## Código")
    ]


def _defined_tests() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "snippets").rglob("test_*.py"):
        names.update(re.findall(r"^def (test_\w+)\(", path.read_text(), re.M))
    return names


def code_row_problems(text: str, defined: set[str]) -> list[str]:
    """Code rows that quote an error but cite no test, or cite an unknown one."""
    problems = []
    for number, row in _code_rows(text):
        cited = _CITED_TEST.findall(row.get("Fonte", ""))
        if not cited and not _NO_ERROR.search(row.get("O que quebrava", "")):
            problems.append(f"errata.md:{number}: no test cited for this code row")
        problems += [
            f"errata.md:{number}: {name} is not a test under snippets/"
            for name in cited
            if name not in defined
        ]
    return problems


def test_every_code_row_names_the_test_that_reproduces_its_error():
    """The promise of the page: each error a code row quotes is raised by a test."""
    text = _errata_text()
    assert len(_code_rows(text)) > 20
    problems = code_row_problems(text, _defined_tests())
    assert not problems, "\n".join(problems)


_HEAD = (
    "## Código: x\n\n"
    "| O perfil dizia | O que quebrava | O que o site faz | Fonte | Onde |\n"
    "|---|---|---|---|---|\n"
)


def test_code_row_guard_goes_red_on_a_missing_or_unknown_test():
    defined = {"test_real"}
    cited = "[`test_real`](#cmd-errata), [api](https://x.org)"
    ok = _HEAD + f"| a | `NameError: x` | b | {cited} | c |\n"
    assert code_row_problems(ok, defined) == []
    no_test = _HEAD + "| a | `NameError: x` | b | [api](https://x.org) | c |\n"
    assert code_row_problems(no_test, defined) == [
        "errata.md:5: no test cited for this code row"
    ]
    unknown = _HEAD + "| a | `NameError: x` | b | [`test_gone`](#cmd-errata) | c |\n"
    assert code_row_problems(unknown, defined) == [
        "errata.md:5: test_gone is not a test under snippets/"
    ]
    reading = (
        _HEAD
        + "| a | nunca otimiza (leitura do código) | b | [api](https://x.org) | c |\n"
    )
    assert code_row_problems(reading, defined) == []

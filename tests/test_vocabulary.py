"""One vocabulary: the prose of every page uses the glossary's preferred forms.

The forms come from `scripts/glossary.yml`, the same file the glossary page is
rendered from (by `scripts/hooks/glossary_links.py`), so the page and the guard
cannot disagree. Code, URLs, quoted "…" and *italic* text are not prose: that is
how a page quotes an English name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.hooks import glossary_links as gl
from scripts.profile.load import site_profile
from scripts.profile.render import render_page
from tests.support import ROOT

DOCS = ROOT / "docs"


def _pages() -> list[Path]:
    return sorted(
        p
        for p in DOCS.rglob("*.md")
        if p.relative_to(DOCS).as_posix() != gl.GLOSSARY_PAGE
        and "stylesheets" not in p.relative_to(DOCS).parts
    )


def _page_text(page: Path) -> str:
    """The page source with the profile's facts rendered (they are page prose too)."""
    rel = page.relative_to(DOCS).as_posix()
    return render_page(page.read_text(encoding="utf-8"), rel, site_profile(ROOT))


def _without_front_matter(text: str) -> str:
    """Blank the YAML front matter, keeping line numbers."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            head = text[: end + 4]
            return re.sub(r"[^\n]", " ", head) + text[end + 4 :]
    return text


#: Text a page declares English with attr_list: a heading `## … { #id lang=en }` or a
#: link `[…](…){ lang=en }` (an error message quoted as it is raised, say).
ENGLISH_HEADING = re.compile(r"^#{1,6} .*\{[^}]*\blang=\"?en\"?[^}]*\}\s*$")
ENGLISH_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)\{[^}]*\blang=\"?en\"?[^}]*\}")


def _without_english(line: str) -> str:
    """Blank what the page itself marks as English (screen readers read it so)."""
    if ENGLISH_HEADING.match(line):
        return " " * len(line)
    return ENGLISH_LINK.sub(lambda m: " " * len(m.group()), line)


def violations(text: str, rel: str, terms, allowed) -> list[str]:
    """`rel:line: "found" -> use "preferred"` for each non-preferred form in prose."""
    lines = [_without_english(x) for x in _without_front_matter(text).split("\n")]
    for entry in allowed:
        if entry.file == rel:
            lines = [line.replace(entry.text, " " * len(entry.text)) for line in lines]
    masked = gl.prose_mask("\n".join(lines), for_linking=False)
    problems = []
    for term in terms:
        pattern = term.avoid_pattern()
        if pattern is None:
            continue
        for number, line in enumerate(masked, start=1):
            for match in pattern.finditer(line):
                problems.append(
                    f'{rel}:{number}: "{match.group(0)}" -> use "{term.pt}"'
                )
    return problems


def test_pages_use_the_preferred_forms():
    terms, allowed = gl.load()
    problems = []
    for page in _pages():
        rel = page.relative_to(DOCS).as_posix()
        problems += violations(_page_text(page), rel, terms, allowed)
    assert not problems, "\n".join(problems)


def test_allow_list_entries_still_match_a_line():
    """An allowance that matches nothing is stale and would hide a future slip."""
    _, allowed = gl.load()
    for entry in allowed:
        text = _page_text(DOCS / entry.file)
        assert entry.text in text, f"{entry.file}: {entry.text!r} ({entry.reason})"


def test_data_file_is_consistent():
    terms, _ = gl.load()
    ids = [t.id for t in terms]
    assert len(ids) == len(set(ids))
    for term in terms:
        assert term.definition.strip() and "\n" not in term.definition
        # A preferred form must not be banned by its own or another entry.
        for other in terms:
            pattern = other.avoid_pattern()
            if pattern is not None:
                assert not pattern.fullmatch(term.pt), (term.pt, other.id)


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("Ajuste o learning rate antes.", True),
        ('O perfil dizia "learning rate".', False),
        ("O *learning rate* do perfil.", False),
        ("Use `learning rate` no código.", False),
        ("Veja [o guia](https://x.org/fine-tuning).", False),
        ("Instale a build CUDA.", True),
        ("Instale o build CUDA.", False),
        ("A camada BatchNorm normaliza cada lote.", False),
        ("## optimizer got an empty parameter list { #empty lang=en }", False),
        ("## optimizer got an empty parameter list { #empty }", True),
        ("| [batch must contain tensors](d.md#c){ lang=en } | x |", False),
    ],
)
def test_guard_reads_prose_only(line, flagged):
    terms, _ = gl.load()
    assert bool(violations(line, "x.md", terms, [])) is flagged


def test_fenced_code_is_not_prose():
    terms, _ = gl.load()
    text = "```python\nfor batch in loader:  # loop\n```\nTexto.\n"
    assert violations(text, "x.md", terms, []) == []


def test_violation_names_file_line_and_preferred_form():
    terms, _ = gl.load()
    assert violations("a\nb fine-tuning\n", "p.md", terms, []) == [
        'p.md:2: "fine-tuning" -> use "ajuste fino"'
    ]


# --------------------------------------------------------------------------------------
# What readers read inside code: comments, strings and docstrings of the sections the
# pages show, the docstrings of the API reference, and the recorded outputs.
# --------------------------------------------------------------------------------------

from tests.drift import code_vocabulary as cv  # noqa: E402


def _code_problems(root=ROOT) -> list[str]:
    terms, _ = gl.load()
    allowed = cv.load_allowed(gl.DATA_FILE)
    return cv.violations(cv.reader_texts(root), terms, allowed)


def test_code_and_outputs_use_the_preferred_forms():
    problems = _code_problems()
    assert not problems, "\n".join(problems)


def test_allow_code_entries_still_match_a_line():
    for entry in cv.load_allowed(gl.DATA_FILE):
        text = (ROOT / entry.file).read_text(encoding="utf-8")
        assert entry.text in text, f"{entry.file}: {entry.text!r} ({entry.reason})"


def _tiny_site(root, comment, string, output):
    (root / "docs").mkdir()
    (root / "snippets" / "t" / "output").mkdir(parents=True)
    (root / "docs" / "p.md").write_text(
        '# P\n\n```python title="x"\n--8<-- "snippets/t/m.py:demo"\n```\n',
        encoding="utf-8",
    )
    (root / "snippets" / "t" / "m.py").write_text(
        "x = 1\n# --8<-- [start:demo]\n"
        f"# {comment}\nmsg = {string!r}\n"
        "# --8<-- [end:demo]\n# fora da seção: a build\n",
        encoding="utf-8",
    )
    (root / "snippets" / "t" / "output" / "m.txt").write_text(output, encoding="utf-8")


def test_code_guard_goes_red_on_injected_terms(tmp_path):
    _tiny_site(
        tmp_path, "treina em mini-lotes", "a build do torch", "Esta build tem CUDA\n"
    )
    assert _code_problems(tmp_path) == [
        'snippets/t/m.py:3: "mini-lotes" -> use "lote"',
        'snippets/t/m.py:4: "a build" -> use "build"',
        'snippets/t/output/m.txt:1: "Esta build" -> use "build"',
    ]


def test_code_guard_reads_prose_only(tmp_path):
    # Identifiers, code between backticks, quoted names and text outside the shown
    # section are not what a reader reads as prose.
    _tiny_site(
        tmp_path,
        'o argumento `batch_size` e o nome "learning rate"',
        "epoch",
        "head.weight: 0.2\n",
    )
    assert _code_problems(tmp_path) == []

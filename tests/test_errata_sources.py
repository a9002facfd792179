"""Every errata row names a source a reader can open.

A row's "Fonte" cell must link to a primary source (an http(s) URL) or to one of the
commands under "Como conferir" on the same page, which must exist. The closing note
states how many rows have such a source; the number is checked here, not trusted.
"""

from __future__ import annotations

import re

from tests.support import ROOT

ERRATA = ROOT / "docs" / "sobre" / "errata.md"

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
    text = ERRATA.read_text(encoding="utf-8")
    rows = _rows(text)
    assert len(rows) > 40
    missing = [n for n, row in rows if not _LINK.search(row.get("Fonte", ""))]
    assert not missing, f"errata rows without a source link at lines {missing}"


def test_command_links_point_to_existing_commands():
    text = ERRATA.read_text(encoding="utf-8")
    anchors = _command_anchors(text)
    used = set(re.findall(r"\]\(#(cmd-[\w-]+)\)", text))
    assert used <= anchors, used - anchors
    assert anchors <= used, f"commands no row cites: {anchors - used}"


def test_closing_note_counts_rows_with_a_primary_source():
    text = ERRATA.read_text(encoding="utf-8")
    anchors = _command_anchors(text)
    rows = _rows(text)
    with_source = sum(_primary(row.get("Fonte", ""), anchors) for _, row in rows)
    match = re.search(r"(\d+) das (\d+) linhas", text)
    assert match, "closing note with 'N das M linhas' not found"
    assert (int(match.group(1)), int(match.group(2))) == (with_source, len(rows))

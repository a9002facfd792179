"""One table of placeholders for pages and notebooks: both show the same facts."""

from __future__ import annotations

import re

import pytest

from scripts.downloads import plan as downloads
from scripts.verification import claims, placeholders
from scripts.verification.schema import load_records
from tests.support import ROOT

RECORDS = load_records(ROOT / "verification", ROOT)
PAGES = downloads.site_pages(ROOT)


def _claims(target: placeholders.Target) -> placeholders.PageClaims:
    return placeholders.PageClaims("docs/x.md", RECORDS, ROOT, ROOT / "docs", target)


def _uses(name: str) -> list[tuple[str, int, str]]:
    """(page, line number, line) of every use of placeholder ``name`` in the pages."""
    return [
        (page, number, line)
        for page, markdown in PAGES.items()
        for number, line in enumerate(markdown.split("\n"), start=1)
        if any(m["name"] == name for m in claims.PLACEHOLDER.finditer(line))
    ]


@pytest.mark.parametrize("use", _uses("value"), ids=lambda u: f"{u[0]}:{u[1]}")
def test_a_value_reads_the_same_number_on_the_page_and_in_the_notebook(use):
    _, number, line = use
    (html,) = placeholders.render_line(_claims(placeholders.Target.HTML), line, number)
    (plain,) = placeholders.render_line(
        _claims(placeholders.Target.MARKDOWN), line, number
    )
    shown = re.sub(r'<span class="recorded-value"[^>]*>([^<]*)</span>', r"\1", html)
    shown = shown.replace(f" ({claims.STALE})", "")
    assert shown == plain


def test_there_are_values_to_compare():
    assert len(_uses("value")) >= 3


@pytest.mark.parametrize("target", list(placeholders.Target))
def test_an_unknown_name_or_a_block_inside_a_line_stops_naming_the_line(target):
    c = _claims(target)
    with pytest.raises(claims.ClaimError, match=r"docs/x\.md:7: unknown .*'valeu'"):
        placeholders.render_line(c, 'Vale {{ valeu("a.py", "b") }}.', 7)
    with pytest.raises(claims.ClaimError, match=r"docs/x\.md:3: .*alone on its line"):
        placeholders.render_line(c, 'Veja {{ output("snippets/a.py") }} aqui.', 3)


def test_a_block_keeps_the_indentation_of_its_line():
    c = _claims(placeholders.Target.MARKDOWN)
    lines = placeholders.render_line(
        c, '    {{ error_message("shapes", "matmul") }}', 1
    )
    assert lines[0] == "    ```text" and lines[-1] == "    ```"
    assert lines[1].startswith("    RuntimeError: ")

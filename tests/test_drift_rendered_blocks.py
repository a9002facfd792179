"""Guard 5: the built site shows, in every code block, what the page includes.

Uses the strict build of `tests/conftest.py`. See `tests.drift.html_blocks`.
"""

from pathlib import Path

from tests.drift import html_blocks
from tests.support import ROOT


def test_rendered_code_blocks_are_not_empty_and_match_their_includes(built_site: Path):
    problems = html_blocks.check_rendered_blocks(ROOT, built_site)
    assert not problems, "\n".join(problems)

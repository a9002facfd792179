"""Guard 4: every shown section runs alone, exactly as a reader copies it.

The code is the text that Material's copy button copies from the BUILT page; it runs
as `__main__` in an empty namespace, in a temporary working directory, without the
repository on `sys.path`, with a per-block timeout. An `error-…` section must raise
instead. See `tests.drift.standalone` for how (fork server, ~40x faster than one
interpreter per block) and what it can't see.

One test id per shown section (`snippets/x.py:section`), collected from the page
sources, so a failure names the block and `-k` selects it (as Pydantic's docs tests
do). The blocks still run in one batch, once per session: the tests share the
`standalone` xdist group (`make test` runs `--dist loadgroup`).
"""

import json
from pathlib import Path

import pytest

from tests.drift import html_blocks, pages, standalone
from tests.support import ROOT

pytestmark = pytest.mark.xdist_group("standalone")

SECTIONS = html_blocks.shown_section_ids(pages.parse_pages(ROOT))


@pytest.fixture(scope="session")
def results(built_site: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Problems per section id, and problems of no section; every block runs once."""
    report: dict = {}
    by_id, general = standalone.check_by_section(ROOT, built_site, report=report)
    # Shown with -rA / on failure: how long each block took.
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return by_id, general


@pytest.mark.parametrize("section", SECTIONS)
def test_shown_section_runs_standalone(results, section: str):
    by_id, _ = results
    assert section in by_id, f"{section}: no such block on the built site"
    problems = by_id[section]
    assert not problems, "\n\n".join(problems)


def test_every_shown_section_is_found_on_the_built_site(results):
    by_id, general = results
    assert not general, "\n\n".join(general)
    assert sorted(by_id) == sorted(SECTIONS)

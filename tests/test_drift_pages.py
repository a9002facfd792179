"""Guard 1: Python on a page is only `--8<--` includes of tested modules.

See `drift.pages.check_python_blocks` for the rules. An untested Python block is
allowed only with a visible "não testado" label on the page and a reviewed entry in
`tests/untested_allowlist.yml` (which ships empty).
"""

from pathlib import Path

from drift import pages

ROOT = Path(__file__).resolve().parent.parent


def test_python_fences_hold_only_includes_of_python_modules():
    problems = pages.check_python_blocks(ROOT)
    assert not problems, "\n".join(problems)


def test_untested_allowlist_exists_and_is_a_list():
    # Entries are validated (fields, staleness) by the guard above.
    assert (ROOT / pages.ALLOWLIST).is_file()
    assert isinstance(pages.load_allowlist(ROOT), list)

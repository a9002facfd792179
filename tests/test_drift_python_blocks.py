"""Guard 1: Python on a page is only `--8<--` includes of tested modules.

See `tests.drift.python_blocks.check_python_blocks` for the rules. An untested
Python block is allowed only with a visible "não testado" label on the page and a
reviewed entry in `tests/untested_allowlist.yml` (which ships empty).
"""

from tests.drift import python_blocks
from tests.support import ROOT


def test_python_fences_hold_only_includes_of_python_modules():
    problems = python_blocks.check_python_blocks(ROOT)
    assert not problems, "\n".join(problems)


def test_untested_allowlist_exists_and_is_a_list():
    # Entries are validated (fields, staleness) by the guard above.
    assert (ROOT / python_blocks.ALLOWLIST).is_file()
    assert isinstance(python_blocks.load_allowlist(ROOT), list)

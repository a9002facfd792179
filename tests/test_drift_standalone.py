"""Guard 4: every shown section runs alone, exactly as a reader copies it.

The code is the text that Material's copy button copies from the BUILT page; it runs
as `__main__` in an empty namespace, in a temporary working directory, without the
repository on `sys.path`, with a per-block timeout. See `drift.standalone` for how
(fork server, ~40x faster than one interpreter per block) and what it can't see.
"""

import json
from pathlib import Path

from drift import standalone

ROOT = Path(__file__).resolve().parent.parent


def test_every_shown_section_runs_standalone(built_site: Path):
    report: dict = {}
    problems = standalone.check_standalone(ROOT, built_site, report=report)
    # Shown with -rA / on failure: how long each block took.
    print(json.dumps(report, indent=1, ensure_ascii=False))
    assert not problems, "\n\n".join(problems)

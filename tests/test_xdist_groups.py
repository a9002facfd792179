"""`--dist loadgroup` really keeps an `xdist_group` on one worker, with our pins.

`make test` relies on it: the standalone guard's 130-odd section tests share one batch
run (a session fixture), the self-tests of one built copy change it in turn, the DDP
tests share their two processes. With pytest 9.2.0 and pytest-xdist 3.8.0 the mark is
silently ignored (pytest-dev/pytest-xdist#1386): every worker then repeats those
fixtures and nothing fails. This runs a tiny suite with the pinned pytest and
pytest-xdist and requires each group on a single worker, so a version bump that
breaks the grouping fails here rather than slowing the suite unnoticed.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import textwrap
from pathlib import Path

SUITE = """
import pytest


@pytest.mark.xdist_group("first")
@pytest.mark.parametrize("i", range(6))
def test_first(i):
    pass


@pytest.mark.xdist_group("second")
@pytest.mark.parametrize("i", range(6))
def test_second(i):
    pass


@pytest.mark.parametrize("i", range(6))
def test_free(i):
    pass
"""
#: `[gw1] [ 40%] PASSED test_groups.py::test_first[3]@first`
LINE = re.compile(r"^\[(gw\d+)\].*PASSED \S+::(test_\w+)\[\d+\](?:@(\w+))?", re.M)


def test_each_group_runs_on_one_worker(tmp_path: Path):
    (tmp_path / "test_groups.py").write_text(textwrap.dedent(SUITE), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    workers: dict[str, set[str]] = collections.defaultdict(set)
    groups: dict[str, set[str]] = collections.defaultdict(set)
    for worker, test, group in LINE.findall(out):
        workers[test].add(worker)
        groups[test].add(group)
    assert sum(1 for _ in LINE.finditer(out)) == 18, out
    assert groups["test_first"] == {"first"}, f"no group suffix on the ids:\n{out}"
    assert groups["test_second"] == {"second"}, out
    for test in ("test_first", "test_second"):
        assert len(workers[test]) == 1, f"{test} spread over {workers[test]}:\n{out}"

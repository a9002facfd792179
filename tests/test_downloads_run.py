"""Every download runs: each ``.py`` as a fresh process, each notebook in a kernel.

How a download runs and what it must print (offline, nothing of the repository on
the path, the page's output, nothing on stderr) is :mod:`scripts.downloads.run`,
which the recorder of ``verification/downloads-<runner>.json`` uses too; here each
download is one test, so ``pytest -n 2`` spreads them over both cores.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts.downloads import run
from tests.support import ROOT

#: Each download runs its example again (about 3 CPU-minutes in all on 2 cores):
#: `make test-slow`, which CI runs after `make test`.
pytestmark = pytest.mark.slow

DOWNLOADS = run.Downloads.build(ROOT)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> run.Sandbox:
    """The offline environment of a run and a kernel spec of this interpreter."""
    env = run.offline_env(tmp_path_factory.mktemp("guard"), dict(os.environ))
    return run.Sandbox(env, run.kernel_dirs(tmp_path_factory.mktemp("kernels")))


@pytest.mark.parametrize("path", sorted(DOWNLOADS.scripts))
def test_script_runs_alone_and_prints_the_page_output(
    path: str, tmp_path: Path, sandbox: run.Sandbox
):
    problems = DOWNLOADS.check_script(path, tmp_path, sandbox)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(DOWNLOADS.notebooks))
def test_notebook_runs_and_prints_the_page_output(
    path: str, tmp_path: Path, sandbox: run.Sandbox
):
    problems = DOWNLOADS.check_notebook(path, tmp_path, sandbox)
    assert not problems, "\n".join(problems)

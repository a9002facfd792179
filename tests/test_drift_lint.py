"""Guard 7: the snippets pass the pinned ruff, lint and format."""

import subprocess
import sys

from tests.support import ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    # ruff ships a Python module that runs the binary of the pinned version.
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ruff_check_snippets():
    proc = _ruff("check", "--no-cache", "snippets")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_check_snippets():
    proc = _ruff("format", "--check", "--no-cache", "snippets")
    assert proc.returncode == 0, proc.stdout + proc.stderr

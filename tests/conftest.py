"""Shared fixtures for the site-level tests: one strict build per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_site(dest: Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` from `root` into `dest` and return the process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built strictly into a temporary folder (fails on any warning)."""
    dest = tmp_path_factory.mktemp("site")
    proc = build_site(dest)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    warnings = [
        line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert not warnings, "\n".join(warnings)
    return dest

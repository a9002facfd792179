"""Build the site with `mkdocs build`: strictly (as CI) or leniently (self-tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT


def build_site(
    dest: Path, root: Path = ROOT, *, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` from ``root`` into ``dest`` and return the process.

    ``strict=False`` is for the self-tests, which break a copy on purpose: the guards
    need its HTML, not a clean log.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict" if strict else "--no-strict",
            "-d",
            str(dest),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

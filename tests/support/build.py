"""Build the site with `mkdocs build`: strictly (as CI) or leniently (self-tests).

:func:`once_per_run` makes one build serve every pytest-xdist worker of a run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from tests.support import ROOT


def build_site(
    dest: Path, root: Path = ROOT, *, strict: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` from ``root`` into ``dest`` and return the process.

    ``strict=False`` is for the self-tests, which break a copy on purpose: the guards
    need its HTML, not a clean log. ``env`` is added to the environment.
    """
    # Copies of the repository share the repository's build cache: an entry's key is
    # the content it was made from, so a copy's changed file misses and the rest hit.
    cache = os.environ.get("BUILD_CACHE_DIR") or str(ROOT / ".cache" / "build")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_CACHE_DIR": cache, **env}
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


def step_hook(where: Path, module: str, *events: str) -> str:
    """Write ``where/hook.py``, which runs one step of ``scripts.hooks`` alone (the
    repository root on ``sys.path``, as ``main.py`` puts it); its name for ``hooks:``.
    """
    (where / "hook.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        f"from scripts.hooks.{module} import {', '.join(events)}\n",
        encoding="utf-8",
    )
    return "hook.py"


def once_per_run(shared: Path, name: str, make) -> Path:
    """``shared/name``, made by ``make(path)`` by the first worker that asks for it.

    ``shared`` is the folder every pytest-xdist worker of one run sees (the parent of
    each worker's base temporary folder). The first worker takes an exclusive lock,
    makes the folder and leaves a ``.done`` mark; the others wait on the lock and
    reuse it, so a run builds the site once rather than once per worker. ``make``
    failing leaves no mark: each worker that asks then fails with the same error.
    The lock is pytest-xdist's documented recipe (``filelock``, installed with torch).
    """
    target = shared / name
    with FileLock(shared / f"{name}.lock"):
        if not (target / ".done").is_file():
            make(target)
            (target / ".done").touch()
    return target

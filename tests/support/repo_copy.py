"""A working copy of the repository, for tests that break files on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support import ROOT

#: Top-level entries never copied: environments, build output, caches, VCS.
NOT_COPIED = {
    ".git",
    ".venv",
    "venv",
    "site",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    "test-artifacts",
    "node_modules",
    ".whl",
    ".cache",  # torch-version venvs (make verify-torch): gigabytes
    ".gl",
}
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def copy_repo(dest: Path) -> Path:
    """A working copy of the repository at ``dest``.

    Everything at the top level (docs/, snippets/, mkdocs.yml, pyproject.toml,
    overrides/, tests/, scripts/, requirements/ and whatever the build needs next)
    except environments, build output, caches and .git.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for src in ROOT.iterdir():
        # Hidden top-level entries are VCS, caches and environments (.git, .venv,
        # .cache/torch-venvs: gigabytes), never what the build needs.
        if src.name in NOT_COPIED or src.name.startswith("."):
            continue
        if src.is_dir():
            shutil.copytree(src, dest / src.name, ignore=IGNORED, symlinks=True)
        elif src.is_file():
            shutil.copy2(src, dest / src.name)
    return dest

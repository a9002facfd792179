"""The GitHub workflows, linted offline: schema and security audit.

A workflow that is invalid, or that a security audit flags (actions not pinned to a
commit, broad permissions, credentials persisted into artifacts), fails here, before
it reaches GitHub. Both linters install from the registry with the dev requirements
and need no network when they run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GITHUB_DIR = Path(__file__).resolve().parent.parent / ".github"
WORKFLOWS = sorted((GITHUB_DIR / "workflows").glob("*.yml"))


def _tool(name: str) -> str:
    """The linter's executable, next to this interpreter (the project's venv)."""
    path = Path(sys.executable).parent / name
    found = str(path) if path.is_file() else shutil.which(name)
    assert found, f"{name} missing: `make test` installs it from requirements/dev.txt"
    return found


def test_there_are_workflows():
    assert WORKFLOWS, f"no workflow under {GITHUB_DIR / 'workflows'}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_github_schema(workflow: Path):
    proc = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(workflow)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing():
    """0 findings; a finding that must stay is suppressed in place with its reason."""
    proc = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(GITHUB_DIR)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "No findings to report" in output, output

"""The GitHub workflows, parsed, and what the workflow tests share to read them.

``tests/test_workflow_linters.py`` lints them (schema, zizmor, shellcheck);
``tests/test_workflows.py`` and ``tests/test_workflow_addresses.py`` check that they do
what the site relies on, running their shell steps here where they can be run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

GITHUB_DIR = ROOT / ".github"
WORKFLOWS = sorted((GITHUB_DIR / "workflows").glob("*.yml"))
RECORDS_WORKFLOW = "./.github/workflows/records.yml"
MAIN_ONLY = "github.ref == 'refs/heads/main'"
HOSTED = "ubuntu-24.04"
BASH = shutil.which("bash") or "/bin/bash"


def tool(name: str) -> str:
    """The linter's executable, next to this interpreter (the project's venv)."""
    path = Path(sys.executable).parent / name
    found = str(path) if path.is_file() else shutil.which(name)
    assert found, f"{name} missing: `make test` installs it from requirements/dev.txt"
    return found


def load(name: str) -> dict:
    return yaml.safe_load((GITHUB_DIR / "workflows" / name).read_text("utf-8"))


def all_workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text("utf-8")) for p in WORKFLOWS}


def triggers(workflow: dict) -> dict:
    # PyYAML reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict(on)


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job.get("steps", [])]


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith(action)]


def needs(jobs: dict, name: str) -> set[str]:
    """Every job that ``name`` waits for, directly or not."""
    direct = jobs[name].get("needs", [])
    direct = [direct] if isinstance(direct, str) else direct
    return set(direct).union(*(needs(jobs, d) for d in direct))


def labels(job: dict) -> list[str]:
    runs_on = job.get("runs-on", [])
    return [runs_on] if isinstance(runs_on, str) else list(runs_on)


def step(job: dict, needle: str) -> dict:
    (step,) = [s for s in job["steps"] if needle in s.get("run", "")]
    return step


def bash(
    script: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess:
    """A run: block as GitHub runs it with ``shell: bash``."""
    path = tmp_path / "step.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
    )  # fmt: skip


def needs_jq():
    if not shutil.which("jq"):  # .ci/run installs it; GitHub's image ships it
        pytest.skip("jq missing (`apt-get install jq`; .ci/run installs it)")


def shellcheck(shell: str, script: str) -> str:
    """shellcheck's report on one block ('' when clean)."""
    dialect = {"bash": "bash", "sh": "sh"}.get(shell.split()[0])
    assert dialect, f"a shell shellcheck cannot read: {shell}"
    proc = subprocess.run(
        [tool("shellcheck"), f"--shell={dialect}", "--format=gcc", "-"],
        input=script, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return proc.stdout + proc.stderr if proc.returncode else ""


def record_uploads(job: dict) -> list[dict]:
    return [s for s in uses(job, "actions/upload-artifact@")
            if s["with"]["name"].startswith("record-")]  # fmt: skip

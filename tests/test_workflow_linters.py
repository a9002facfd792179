"""The GitHub workflows, linted offline: schema, security audit, shellcheck.

A workflow that is invalid, that a security audit flags (actions not pinned to a
commit, broad permissions, credentials persisted into artifacts), or whose shell
steps shellcheck flags fails here, before it reaches GitHub. The linters install
from the registry with the dev requirements and need no network when they run.

The structure they must have is checked in ``tests/test_workflows.py``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import tests.support.workflows as wf
from tests.support import ROOT

# ------------------------------------------------------------------ linters


def test_there_are_workflows():
    names = {p.name for p in wf.WORKFLOWS}
    assert {"snippets.yml", "gpu.yml", "newest-torch.yml", "records.yml"} <= names


@pytest.mark.parametrize("workflow", wf.WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_github_schema(workflow: Path):
    proc = subprocess.run(
        [wf.tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(workflow)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing():
    """0 findings; a finding that must stay is suppressed in place with its reason."""
    proc = subprocess.run(
        [wf.tool("zizmor"), "--offline", "--no-progress", str(wf.GITHUB_DIR)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "No findings to report" in output, output


def _shell_steps() -> list[tuple[str, str, str]]:
    """(where, shell, script) of every run: block, with the shell GitHub uses."""
    found = []
    for name, workflow in wf.all_workflows().items():
        default = workflow.get("defaults", {}).get("run", {}).get("shell")
        for job_name, job in workflow["jobs"].items():
            job_default = job.get("defaults", {}).get("run", {}).get("shell")
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    shell = step.get("shell") or job_default or default or "bash"
                    where = f"{name}:{job_name}:{step.get('name', index)}"
                    found.append((where, shell, step["run"]))
    return found


def test_every_run_block_passes_shellcheck():
    steps = _shell_steps()
    assert len(steps) >= 15, steps
    problems = [f"{where}:\n{report}" for where, shell, script in steps
                if (report := wf.shellcheck(shell, script))]  # fmt: skip
    assert not problems, "\n".join(problems)


def test_shellcheck_sees_a_broken_block():
    """The check above can fail: an unquoted expansion is reported."""
    assert "SC2086" in wf.shellcheck("bash", 'rm -f $RUNNER_TEMP/x\ncp "$a" $b\n')


# ------------------------------------------------------------------ every workflow


def test_every_workflow_is_hardened_alike():
    for name, workflow in wf.all_workflows().items():
        # No permission by default; each job asks for what it needs.
        assert workflow["permissions"] == {}, name
        # bash --noprofile --norc -eo pipefail: a failing command in a pipe fails.
        assert workflow["defaults"]["run"]["shell"] == "bash", name
        for job_name, job in workflow["jobs"].items():
            where = f"{name}:{job_name}"
            assert "permissions" in job, f"{where}: no permissions of its own"
            for script in wf.runs(job):
                assert "${{" not in script, f"{where}: expression inside run:"
            for step in wf.uses(job, "actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, where
            for step in wf.uses(job, "actions/setup-python@"):
                assert step["with"].get("cache") == "pip", f"{where}: no pip cache"
                assert "requirements/" in step["with"]["cache-dependency-path"]
            if "uses" in job:  # a reusable workflow's job: no runner of its own
                continue
            assert job.get("timeout-minutes"), f"{where}: no timeout"
            labels = wf.labels(job)
            assert labels == [wf.HOSTED] or "self-hosted" in labels, (
                f"{where}: {labels}"
            )


def test_every_action_is_pinned_to_a_commit_with_its_tag():
    pins: dict[str, set[str]] = {}
    for path in wf.WORKFLOWS:
        for m in re.finditer(r"uses: ([\w-]+/[\w-]+)@(\S+)(.*)", path.read_text()):
            action, ref, comment = m.groups()
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {action}@{ref}"
            assert re.fullmatch(r" # v\d+(\.\d+)*", comment), f"{path.name}: {m[0]}"
            pins.setdefault(action, set()).add(ref)
    # One commit per action across the workflows (Dependabot bumps them together).
    assert all(len(refs) == 1 for refs in pins.values()), pins


def test_ci_run_passes_shellcheck():
    assert not wf.shellcheck("bash", (ROOT / ".ci" / "run").read_text("utf-8"))

"""The GitHub workflows, linted offline: schema and security audit.

A workflow that is invalid, or that a security audit flags (actions not pinned to a
commit, broad permissions, credentials persisted into artifacts), fails here, before
it reaches GitHub. Both linters install from the registry with the dev requirements
and need no network when they run.

Parsed, ``snippets.yml`` must also do what the site relies on: the CPU and GPU jobs
record the downloads' runs, and only the job that pushes the notebooks to the branch
"Abrir no Colab" opens may write to the repository, before the Pages deploy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

GITHUB_DIR = ROOT / ".github"
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


# ------------------------------------------------------------------ snippets.yml


def _snippets_workflow() -> dict:
    return yaml.safe_load((GITHUB_DIR / "workflows/snippets.yml").read_text("utf-8"))


def _runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job.get("steps", [])]


def _uses(job: dict, action: str) -> list[dict]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith(action)]


def _needs(jobs: dict, name: str) -> set[str]:
    """Every job that ``name`` waits for, directly or not."""
    direct = jobs[name].get("needs", [])
    direct = [direct] if isinstance(direct, str) else direct
    return set(direct).union(*(_needs(jobs, d) for d in direct))


def test_no_expression_inside_a_script_and_no_persisted_credentials():
    """Values reach scripts through ``env:``; checkouts keep no token on disk."""
    for name, job in _snippets_workflow()["jobs"].items():
        for script in _runs(job):
            assert "${{" not in script, f"{name}: expression inside run: {script}"
        for step in _uses(job, "actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, name


def test_notebooks_branch_is_pushed_before_the_pages_deploy():
    from scripts.downloads.plan import DOWNLOADS
    from scripts.hooks.downloads import DEFAULT_COLAB_REF

    workflow = _snippets_workflow()
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    pushers = [n for n, job in jobs.items() if any("git" in r and " push " in r
                                                    for r in _runs(job))]  # fmt: skip
    assert pushers == ["notebooks"], pushers
    job = jobs["notebooks"]
    # Only this job writes to the repository, and only from a push to main.
    assert job["permissions"] == {"contents": "write"}
    writers = [n for n, j in jobs.items() if "write" in j.get("permissions", {})
               .get("contents", "")]  # fmt: skip
    assert writers == ["notebooks"]
    assert "github.event_name == 'push'" in job["if"]
    assert "github.ref == 'refs/heads/main'" in job["if"]
    # What it pushes: the built downloads/ the docs job uploaded, at downloads/ on the
    # branch the hook's Colab links open, in a commit naming the source commit.
    step = next(s for s in job["steps"] if " push " in s.get("run", ""))
    env = step["env"]
    assert env["BRANCH"] == DEFAULT_COLAB_REF
    assert env["SOURCE_SHA"] == "${{ github.sha }}"
    assert env["TOKEN"] in ("${{ github.token }}", "${{ secrets.GITHUB_TOKEN }}")
    assert "$TOKEN" in step["run"] and '-m "' in step["run"]
    assert "$SOURCE_SHA" in step["run"].split('-m "', 1)[1].split("\n", 1)[0]
    assert re.search(rf"^\s*cp -R \S+ {DOWNLOADS}/$", step["run"], re.M)
    (download,) = _uses(job, "actions/download-artifact@")
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in _uses(jobs["docs"], "actions/upload-artifact@")
    }
    assert uploads[download["with"]["name"]].rstrip("/") == f"site/{DOWNLOADS}"
    # The Pages deploy waits for it: the live site never links to a missing notebook.
    (deploy,) = [n for n, j in jobs.items() if _uses(j, "actions/deploy-pages@")]
    assert "notebooks" in _needs(jobs, deploy)
    assert "pages" not in job["permissions"]


def test_cpu_and_gpu_jobs_record_the_downloads():
    jobs = _snippets_workflow()["jobs"]
    uploaded = {
        name: [s["with"]["path"] for s in _uses(job, "actions/upload-artifact@")
               if s["with"]["name"].startswith("verification-")]
        for name, job in jobs.items()
    }  # fmt: skip
    assert "make record-downloads" in _runs(jobs["test"])
    assert "verification/downloads-cpu.json" in uploaded["test"]
    gpu = " ".join(_runs(jobs["gpu"]))
    assert "requirements/downloads.txt" in gpu
    assert "-m scripts.downloads.record --runner gpu" in " ".join(gpu.split())
    assert "verification/downloads-gpu.json" in uploaded["gpu"]
    # The docs job merges every verification-* artifact into verification/.
    (merge,) = _uses(jobs["docs"], "actions/download-artifact@")
    assert merge["with"]["pattern"] == "verification-*"


def test_the_test_job_runs_every_make_target_of_ci_run():
    """GitHub's test job runs what `.ci/run` runs (the README's command, then more)."""
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    targets = re.findall(r"^make ([\w-]+)\s*$", ci_run, flags=re.MULTILINE)
    assert targets[:1] == ["test"], targets
    runs = _runs(_snippets_workflow()["jobs"]["test"])
    job_targets = [m for run in runs for m in re.findall(r"make ([\w-]+)", run)]
    missing = [t for t in targets if t not in job_targets]
    assert not missing, f".ci/run runs make {missing}; the GitHub test job does not"
    order = [job_targets.index(t) for t in targets]
    assert order == sorted(order), f"not in .ci/run's order: {job_targets}"

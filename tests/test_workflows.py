"""The GitHub workflows, parsed: they must do what the site relies on (README,
"Publishing on GitHub"; ARCHITECTURE.md, "CI on GitHub"):

- ``snippets.yml`` deploys from main after the CPU tests and never after a
  self-hosted job; only pull-request runs are cancelled; one aggregate check;
- ``gpu.yml`` records on the self-hosted runner with ``make record-gpu``, from main
  only, in a workflow of its own; ``newest-torch.yml`` records the newest torch weekly;
- every record is uploaded only by the step that wrote it, and every workflow that
  records brings its records back through ``records.yml`` (a pull request).

Linted in ``tests/test_workflow_linters.py``; the addresses in
``tests/test_workflow_addresses.py``.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

import yaml

import tests.support.workflows as wf
from tests.support import ROOT

# ------------------------------------------------------------------ snippets.yml


def test_the_site_deploys_after_the_cpu_tests_and_never_waits_for_a_gpu():
    workflow = wf.load("snippets.yml")
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert "self-hosted" not in wf.labels(job), (
            f"{name} runs on a self-hosted runner"
        )
    (deploy,) = [n for n, j in jobs.items() if wf.uses(j, "actions/deploy-pages@")]
    upstream = wf.needs(jobs, deploy)
    assert {"test", "docs", "notebooks"} <= upstream, upstream
    # No path through a job that may be skipped or fail without stopping the site:
    # the deploy and every job before it run only when their needs succeeded.
    for name in {deploy, *upstream}:
        condition = jobs[name].get("if", "")
        assert "always()" not in condition and "cancelled()" not in condition, name
    # From main only (a push, or on demand to redeploy), never from a pull request.
    for name in (deploy, "notebooks"):
        assert jobs[name]["if"] == (
            f"${{{{ github.event_name != 'pull_request' && {wf.MAIN_ONLY} }}}}"
        ), name
    triggers = wf.triggers(workflow)
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    assert jobs[deploy]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs[deploy]["concurrency"]["cancel-in-progress"] is False
    assert jobs[deploy]["timeout-minutes"] > 10  # deploy-pages itself waits 10 min


def test_only_pull_request_runs_are_cancelled():
    for name, workflow in wf.all_workflows().items():
        concurrency = workflow.get("concurrency")
        if not concurrency:
            assert "workflow_call" in wf.triggers(workflow), name
            continue
        cancel = concurrency["cancel-in-progress"]
        if name == "snippets.yml":
            assert cancel == "${{ github.event_name == 'pull_request' }}"
        else:
            assert cancel is False, name


def test_browser_step_finds_the_image_chromium_and_installs_nothing(tmp_path: Path):
    test = wf.load("snippets.yml")["jobs"]["test"]
    for script in wf.runs(test):
        assert "apt-get install" not in script, "Ubuntu has no chromium package"
    step = wf.step(test, "CHROMIUM_PATH")
    assert step["run"].index("command -v chromium") < step["run"].index("GITHUB_ENV")
    assert wf.runs(test).index(step["run"]) < wf.runs(test).index("make test")
    # Run here: it exports the browser it found, or fails naming the problem.
    fake = tmp_path / "bin"
    fake.mkdir()
    browser = fake / "chromium"
    browser.write_text("#!/bin/sh\necho Chromium 1.0\n")
    browser.chmod(0o755)
    out = tmp_path / "github_env"
    env = {"GITHUB_ENV": str(out), "PATH": f"{fake}:/usr/bin:/bin"}
    proc = wf.bash(step["run"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == f"CHROMIUM_PATH={browser}\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = wf.bash(step["run"], {**env, "PATH": str(empty)}, tmp_path)
    assert proc.returncode == 1 and "::error::" in proc.stdout


def test_ci_run_installs_chromium_only_when_missing():
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    guard = ci_run.index("command -v chromium")
    assert guard < ci_run.index("apt-get install"), "install before the guard"


def test_cpu_wheels_are_required_where_the_pins_install(tmp_path: Path):
    jobs = wf.load("snippets.yml")["jobs"]
    for name in ("test", "docs"):
        step = wf.step(jobs[name], "PIP_CONSTRAINT")
        assert jobs[name]["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")
        out = tmp_path / f"{name}.env"
        proc = wf.bash(step["run"], {"RUNNER_TEMP": str(tmp_path),
                                   "GITHUB_ENV": str(out)}, tmp_path)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        constraints = (tmp_path / "cpu-wheels.txt").read_text().split()
        pins = [
            line.split("#")[0].strip()
            for line in (ROOT / "requirements/snippets.txt").read_text().splitlines()
            if line.startswith(("torch==", "torchvision=="))
        ]
        assert constraints == [f"{pin}+cpu" for pin in pins], constraints


def test_one_aggregate_check_covers_every_job_of_a_pull_request(tmp_path: Path):
    jobs = wf.load("snippets.yml")["jobs"]
    (name,) = [n for n, j in jobs.items() if "toJSON(needs)" in str(j)]
    job = jobs[name]
    assert job["if"] == "${{ always() }}"
    pr_jobs = {n for n, j in jobs.items()
               if n != name and "pull_request'" not in j.get("if", "")}  # fmt: skip
    assert set(job["needs"]) == pr_jobs, pr_jobs
    wf.needs_jq()
    step = job["steps"][0]

    def verdict(**results: str) -> int:
        needs = {n: {"result": results.get(n, "success"), "outputs": {}}
                 for n in job["needs"]}  # fmt: skip
        env = {"RESULTS": json.dumps(needs)}
        return wf.bash(step["run"], env, tmp_path).returncode

    assert verdict() == 0
    assert verdict(versions="skipped") == 0  # no pair besides the pinned one
    assert verdict(test="failure") != 0
    assert verdict(docs="cancelled") != 0
    assert verdict(test="skipped") != 0


def test_the_test_job_runs_every_make_target_of_ci_run():
    """GitHub's test job runs what `.ci/run` runs (the README's command, then more)."""
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    targets = re.findall(r"^make ([\w-]+)\s*$", ci_run, flags=re.MULTILINE)
    assert targets[:1] == ["test"], targets
    runs = wf.runs(wf.load("snippets.yml")["jobs"]["test"])
    job_targets = [m for run in runs for m in re.findall(r"make ([\w-]+)", run)]
    missing = [t for t in targets if t not in job_targets]
    assert not missing, f".ci/run runs make {missing}; the GitHub test job does not"
    order = [job_targets.index(t) for t in targets]
    assert order == sorted(order), f"not in .ci/run's order: {job_targets}"


def test_cpu_and_gpu_record_the_downloads():
    test = wf.load("snippets.yml")["jobs"]["test"]
    assert "make record-downloads" in " ".join(wf.runs(test))
    gpu = wf.load("gpu.yml")["jobs"]["gpu"]
    assert "requirements/downloads.txt" in " ".join(wf.runs(gpu))


def test_the_version_matrix_comes_from_verify_torch(tmp_path: Path):
    jobs = wf.load("snippets.yml")["jobs"]
    step = wf.step(jobs["torch-versions"], "--matrix")
    out = tmp_path / "out"
    proc = wf.bash(step["run"], {"GITHUB_OUTPUT": str(out)}, tmp_path)
    assert proc.returncode == 0, proc.stderr
    versions = json.loads(out.read_text().removeprefix("versions="))
    from scripts import verify_torch

    assert versions == verify_torch.matrix_versions(
        verify_torch.read_pairs(), verify_torch.pinned_torch()
    )
    assert verify_torch.pinned_torch() not in versions  # cpu.json records it (M3)
    assert "!= '[]'" in jobs["versions"]["if"]  # an empty matrix is an error


# ------------------------------------------------------------------ records


def test_a_record_is_uploaded_only_by_the_step_that_wrote_it():
    seen = 0
    for name, workflow in wf.all_workflows().items():
        for job_name, job in workflow["jobs"].items():
            steps = job.get("steps", [])
            for upload in wf.record_uploads(job):
                seen += 1
                where = f"{name}:{job_name}:{upload['name']}"
                ids = re.findall(r"steps\.([\w-]+)\.outcome", upload.get("if", ""))
                assert ids and len(set(ids)) == 1, f"{where}: not on its step: {ids}"
                assert "!cancelled()" in upload["if"], where
                writer = next(s for s in steps if s.get("id") == ids[0])
                assert steps.index(writer) < steps.index(upload), where
                for path in upload["with"]["path"].splitlines():
                    if path == "${{ runner.temp }}/records/":
                        # A folder only this step writes into.
                        assert '--out-dir "$RUNNER_TEMP/records"' in writer["run"]
                    else:
                        # Removed first: present afterwards only if written now.
                        script = writer["run"].replace("\\\n", "")
                        assert re.search(rf"rm -f [^\n]*{re.escape(path)}", script), (
                            where
                        )
    assert seen >= 5, seen


def test_every_workflow_that_records_brings_its_records_back():
    for name, workflow in wf.all_workflows().items():
        jobs = workflow["jobs"]
        recorded = {s["with"]["name"]: job_name for job_name, job in jobs.items()
                    for s in wf.record_uploads(job)}  # fmt: skip
        if not recorded:
            continue
        (back,) = [n for n, j in jobs.items() if j.get("uses") == wf.RECORDS_WORKFLOW]
        job = jobs[back]
        pattern = job["with"]["artifacts"]
        assert all(fnmatch.fnmatch(a, pattern) for a in recorded), (name, pattern)
        assert set(recorded.values()) <= wf.needs(jobs, back), name
        assert job["with"]["branch"].startswith("records/")
        # Also after a failed test (the records say what failed); from main only.
        assert "!cancelled()" in job["if"] and wf.MAIN_ONLY in job["if"], name
        assert job["permissions"] == {
            "contents": "write", "pull-requests": "write", "actions": "write"
        }  # fmt: skip
    branches = [
        j["with"]["branch"]
        for w in wf.all_workflows().values()
        for j in w["jobs"].values()
        if j.get("uses") == wf.RECORDS_WORKFLOW
    ]
    assert len(branches) == len(set(branches)) == 3, branches


def test_records_workflow_opens_a_pull_request_and_pushes_nothing_else():
    workflow = wf.load("records.yml")
    assert set(wf.triggers(workflow)) == {"workflow_call"}
    (job,) = workflow["jobs"].values()
    (download,) = wf.uses(job, "actions/download-artifact@")
    assert download["with"]["pattern"] == "${{ inputs.artifacts }}"
    step = wf.step(job, "gh pr create")
    script = step["run"]
    # Only into verification/, on the records branch, through a pull request.
    assert 'cp "${records[@]}" verification/' in script
    assert re.search(r'push -q --force \\\n\s+"\$SERVER_URL/\$REPOSITORY.git" '
                     r'"HEAD:refs/heads/\$BRANCH"', script)  # fmt: skip
    assert script.count(" push ") == 1
    assert step["env"]["BRANCH"] == "${{ inputs.branch }}"
    assert step["env"]["TOKEN"] == "${{ github.token }}"
    assert 'gh workflow run snippets.yml --ref "$BRANCH"' in script


def test_only_the_notebooks_and_records_jobs_write_to_the_repository():
    for name, workflow in wf.all_workflows().items():
        for job_name, job in workflow["jobs"].items():
            scripts = " ".join(wf.runs(job))
            writes = job.get("permissions", {}).get("contents") == "write"
            if name == "snippets.yml" and job_name == "notebooks":
                assert writes and " push " in scripts
            elif job.get("uses") == wf.RECORDS_WORKFLOW or name == "records.yml":
                assert writes
            else:
                assert not writes and " push " not in scripts, f"{name}:{job_name}"


# ------------------------------------------------------------------ gpu.yml


def test_gpu_workflow_records_with_make_record_gpu_from_main_only():
    workflow = wf.load("gpu.yml")
    assert not {"pull_request", "pull_request_target"} & set(wf.triggers(workflow))
    job = workflow["jobs"]["gpu"]
    assert job["if"] == f"${{{{ {wf.MAIN_ONLY} }}}}"
    assert wf.labels(job) == ["self-hosted", "linux", "x64", "gpu"]
    assert job["env"]["SNIPPETS_REQUIRE_GPU"] == "1"
    assert job["env"]["PIP_CONFIG_FILE"] == "/dev/null"  # the machine's pip config
    install = wf.step(job, "-m venv")
    assert re.search(r"^unset PIP_EXTRA_INDEX_URL\b", install["run"], re.M)
    record = wf.step(job, "make record-gpu")
    assert 'make record-gpu PYTHON="$RUNNER_TEMP/venv/bin/python"' in record["run"]
    (upload,) = wf.record_uploads(job)
    assert sorted(upload["with"]["path"].split()) == [
        "verification/bench-gpu.json",
        "verification/downloads-gpu.json",
        "verification/gpu.json",
    ]


# ------------------------------------------------------------------ newest-torch.yml


def test_newest_torch_is_recorded_weekly():
    workflow = wf.load("newest-torch.yml")
    triggers = wf.triggers(workflow)
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    assert len(cron.split()) == 5 and cron.split()[2:4] == ["*", "*"], cron
    assert cron.split()[4] != "*", "weekly: one day of the week"
    job = workflow["jobs"]["newest"]
    step = wf.step(job, "verify_torch.py --newest")
    assert '--out-dir "$RUNNER_TEMP/records"' in step["run"]
    assert job["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")
    assert any('endswith("+cpu")' in run for run in wf.runs(job))


def test_dependabot_bumps_torch_and_torchvision_together():
    config = yaml.safe_load((wf.GITHUB_DIR / "dependabot.yml").read_text("utf-8"))
    (pip,) = [u for u in config["updates"] if u["package-ecosystem"] == "pip"]
    groups = [g["patterns"] for g in pip["groups"].values()]
    assert ["torch", "torchvision"] in groups, groups


def test_readme_checklist_names_what_a_maintainer_sets_once():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    checklist = readme.split("## Publishing on GitHub", 1)[1].split("\n## ", 1)[0]
    checklist = " ".join(checklist.split())  # wrapped lines read as one
    jobs = wf.load("snippets.yml")["jobs"]
    (aggregate,) = [j for j in jobs.values() if "toJSON(needs)" in str(j)]
    gpu_labels = wf.labels(wf.load("gpu.yml")["jobs"]["gpu"])
    for needed in (
        "Source: **GitHub Actions**",  # Pages from the workflow
        "Allow GitHub Actions to create and approve pull requests",  # records PRs
        f"**{aggregate['name']}**",  # the required check, by the job's name
        "Require approval for all outside collaborators",  # H1
        "`SITE_URL`",  # a custom domain
        *(f"`{label}`" for label in gpu_labels),
        "`notebooks`",
        "`records/*`",
    ):
        assert needed in checklist, f"README checklist does not say: {needed}"

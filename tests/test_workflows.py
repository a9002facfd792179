"""The GitHub workflows, linted offline: schema, security audit, shellcheck, structure.

A workflow that is invalid, that a security audit flags (actions not pinned to a
commit, broad permissions, credentials persisted into artifacts), or whose shell
steps shellcheck flags fails here, before it reaches GitHub. The linters install
from the registry with the dev requirements and need no network when they run.

Parsed, the workflows must also do what the site relies on (README, "Publishing on
GitHub"; ARCHITECTURE.md, "CI on GitHub"):

- ``snippets.yml`` deploys from main after the CPU tests and never after a
  self-hosted job; only pull-request runs are cancelled; one aggregate check;
- ``gpu.yml`` records on the self-hosted runner with ``make record-gpu``, from main
  only, in a workflow of its own; ``newest-torch.yml`` records the newest torch weekly;
- every record is uploaded only by the step that wrote it, and every workflow that
  records brings its records back through ``records.yml`` (a pull request);
- the site and repository addresses come from the repository the workflow runs in.
"""

from __future__ import annotations

import fnmatch
import json
import os
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
RECORDS_WORKFLOW = "./.github/workflows/records.yml"
MAIN_ONLY = "github.ref == 'refs/heads/main'"
HOSTED = "ubuntu-24.04"
BASH = shutil.which("bash") or "/bin/bash"


def _tool(name: str) -> str:
    """The linter's executable, next to this interpreter (the project's venv)."""
    path = Path(sys.executable).parent / name
    found = str(path) if path.is_file() else shutil.which(name)
    assert found, f"{name} missing: `make test` installs it from requirements/dev.txt"
    return found


def _load(name: str) -> dict:
    return yaml.safe_load((GITHUB_DIR / "workflows" / name).read_text("utf-8"))


def _all() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text("utf-8")) for p in WORKFLOWS}


def _triggers(workflow: dict) -> dict:
    # PyYAML reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict(on)


def _runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job.get("steps", [])]


def _uses(job: dict, action: str) -> list[dict]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith(action)]


def _needs(jobs: dict, name: str) -> set[str]:
    """Every job that ``name`` waits for, directly or not."""
    direct = jobs[name].get("needs", [])
    direct = [direct] if isinstance(direct, str) else direct
    return set(direct).union(*(_needs(jobs, d) for d in direct))


def _labels(job: dict) -> list[str]:
    runs_on = job.get("runs-on", [])
    return [runs_on] if isinstance(runs_on, str) else list(runs_on)


def _step(job: dict, needle: str) -> dict:
    (step,) = [s for s in job["steps"] if needle in s.get("run", "")]
    return step


def _bash(
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


def _needs_jq():
    if not shutil.which("jq"):  # .ci/run installs it; GitHub's image ships it
        pytest.skip("jq missing (`apt-get install jq`; .ci/run installs it)")


# ------------------------------------------------------------------ linters


def test_there_are_workflows():
    names = {p.name for p in WORKFLOWS}
    assert {"snippets.yml", "gpu.yml", "newest-torch.yml", "records.yml"} <= names


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


def _shell_steps() -> list[tuple[str, str, str]]:
    """(where, shell, script) of every run: block, with the shell GitHub uses."""
    found = []
    for name, workflow in _all().items():
        default = workflow.get("defaults", {}).get("run", {}).get("shell")
        for job_name, job in workflow["jobs"].items():
            job_default = job.get("defaults", {}).get("run", {}).get("shell")
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    shell = step.get("shell") or job_default or default or "bash"
                    where = f"{name}:{job_name}:{step.get('name', index)}"
                    found.append((where, shell, step["run"]))
    return found


def _shellcheck(shell: str, script: str) -> str:
    """shellcheck's report on one block ('' when clean)."""
    dialect = {"bash": "bash", "sh": "sh"}.get(shell.split()[0])
    assert dialect, f"a shell shellcheck cannot read: {shell}"
    proc = subprocess.run(
        [_tool("shellcheck"), f"--shell={dialect}", "--format=gcc", "-"],
        input=script, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return proc.stdout + proc.stderr if proc.returncode else ""


def test_every_run_block_passes_shellcheck():
    steps = _shell_steps()
    assert len(steps) >= 15, steps
    problems = [f"{where}:\n{report}" for where, shell, script in steps
                if (report := _shellcheck(shell, script))]  # fmt: skip
    assert not problems, "\n".join(problems)


def test_shellcheck_sees_a_broken_block():
    """The check above can fail: an unquoted expansion is reported."""
    assert "SC2086" in _shellcheck("bash", 'rm -f $RUNNER_TEMP/x\ncp "$a" $b\n')


# ------------------------------------------------------------------ every workflow


def test_every_workflow_is_hardened_alike():
    for name, workflow in _all().items():
        # No permission by default; each job asks for what it needs.
        assert workflow["permissions"] == {}, name
        # bash --noprofile --norc -eo pipefail: a failing command in a pipe fails.
        assert workflow["defaults"]["run"]["shell"] == "bash", name
        for job_name, job in workflow["jobs"].items():
            where = f"{name}:{job_name}"
            assert "permissions" in job, f"{where}: no permissions of its own"
            for script in _runs(job):
                assert "${{" not in script, f"{where}: expression inside run:"
            for step in _uses(job, "actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, where
            for step in _uses(job, "actions/setup-python@"):
                assert step["with"].get("cache") == "pip", f"{where}: no pip cache"
                assert "requirements/" in step["with"]["cache-dependency-path"]
            if "uses" in job:  # a reusable workflow's job: no runner of its own
                continue
            assert job.get("timeout-minutes"), f"{where}: no timeout"
            labels = _labels(job)
            assert labels == [HOSTED] or "self-hosted" in labels, f"{where}: {labels}"


def test_every_action_is_pinned_to_a_commit_with_its_tag():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for m in re.finditer(r"uses: ([\w-]+/[\w-]+)@(\S+)(.*)", path.read_text()):
            action, ref, comment = m.groups()
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {action}@{ref}"
            assert re.fullmatch(r" # v\d+(\.\d+)*", comment), f"{path.name}: {m[0]}"
            pins.setdefault(action, set()).add(ref)
    # One commit per action across the workflows (Dependabot bumps them together).
    assert all(len(refs) == 1 for refs in pins.values()), pins


# ------------------------------------------------------------------ snippets.yml


def test_the_site_deploys_after_the_cpu_tests_and_never_waits_for_a_gpu():
    workflow = _load("snippets.yml")
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert "self-hosted" not in _labels(job), f"{name} runs on a self-hosted runner"
    (deploy,) = [n for n, j in jobs.items() if _uses(j, "actions/deploy-pages@")]
    upstream = _needs(jobs, deploy)
    assert {"test", "docs", "notebooks"} <= upstream, upstream
    # No path through a job that may be skipped or fail without stopping the site:
    # the deploy and every job before it run only when their needs succeeded.
    for name in {deploy, *upstream}:
        condition = jobs[name].get("if", "")
        assert "always()" not in condition and "cancelled()" not in condition, name
    # From main only (a push, or on demand to redeploy), never from a pull request.
    for name in (deploy, "notebooks"):
        assert jobs[name]["if"] == (
            f"${{{{ github.event_name != 'pull_request' && {MAIN_ONLY} }}}}"
        ), name
    triggers = _triggers(workflow)
    assert "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    assert jobs[deploy]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs[deploy]["concurrency"]["cancel-in-progress"] is False
    assert jobs[deploy]["timeout-minutes"] > 10  # deploy-pages itself waits 10 min


def test_only_pull_request_runs_are_cancelled():
    for name, workflow in _all().items():
        concurrency = workflow.get("concurrency")
        if not concurrency:
            assert "workflow_call" in _triggers(workflow), name
            continue
        cancel = concurrency["cancel-in-progress"]
        if name == "snippets.yml":
            assert cancel == "${{ github.event_name == 'pull_request' }}"
        else:
            assert cancel is False, name


def test_browser_step_finds_the_image_chromium_and_installs_nothing(tmp_path: Path):
    test = _load("snippets.yml")["jobs"]["test"]
    for script in _runs(test):
        assert "apt-get install" not in script, "Ubuntu has no chromium package"
    step = _step(test, "CHROMIUM_PATH")
    assert step["run"].index("command -v chromium") < step["run"].index("GITHUB_ENV")
    assert _runs(test).index(step["run"]) < _runs(test).index("make test")
    # Run here: it exports the browser it found, or fails naming the problem.
    fake = tmp_path / "bin"
    fake.mkdir()
    browser = fake / "chromium"
    browser.write_text("#!/bin/sh\necho Chromium 1.0\n")
    browser.chmod(0o755)
    out = tmp_path / "github_env"
    env = {"GITHUB_ENV": str(out), "PATH": f"{fake}:/usr/bin:/bin"}
    proc = _bash(step["run"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == f"CHROMIUM_PATH={browser}\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _bash(step["run"], {**env, "PATH": str(empty)}, tmp_path)
    assert proc.returncode == 1 and "::error::" in proc.stdout


def test_ci_run_installs_chromium_only_when_missing():
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    guard = ci_run.index("command -v chromium")
    assert guard < ci_run.index("apt-get install"), "install before the guard"


def test_cpu_wheels_are_required_where_the_pins_install(tmp_path: Path):
    jobs = _load("snippets.yml")["jobs"]
    for name in ("test", "docs"):
        step = _step(jobs[name], "PIP_CONSTRAINT")
        assert jobs[name]["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")
        out = tmp_path / f"{name}.env"
        proc = _bash(step["run"], {"RUNNER_TEMP": str(tmp_path),
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
    jobs = _load("snippets.yml")["jobs"]
    (name,) = [n for n, j in jobs.items() if "toJSON(needs)" in str(j)]
    job = jobs[name]
    assert job["if"] == "${{ always() }}"
    pr_jobs = {n for n, j in jobs.items()
               if n != name and "pull_request'" not in j.get("if", "")}  # fmt: skip
    assert set(job["needs"]) == pr_jobs, pr_jobs
    _needs_jq()
    step = job["steps"][0]

    def verdict(**results: str) -> int:
        needs = {n: {"result": results.get(n, "success"), "outputs": {}}
                 for n in job["needs"]}  # fmt: skip
        env = {"RESULTS": json.dumps(needs)}
        return _bash(step["run"], env, tmp_path).returncode

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
    runs = _runs(_load("snippets.yml")["jobs"]["test"])
    job_targets = [m for run in runs for m in re.findall(r"make ([\w-]+)", run)]
    missing = [t for t in targets if t not in job_targets]
    assert not missing, f".ci/run runs make {missing}; the GitHub test job does not"
    order = [job_targets.index(t) for t in targets]
    assert order == sorted(order), f"not in .ci/run's order: {job_targets}"


def test_cpu_and_gpu_record_the_downloads():
    test = _load("snippets.yml")["jobs"]["test"]
    assert "make record-downloads" in " ".join(_runs(test))
    gpu = _load("gpu.yml")["jobs"]["gpu"]
    assert "requirements/downloads.txt" in " ".join(_runs(gpu))


def test_the_version_matrix_comes_from_verify_torch(tmp_path: Path):
    jobs = _load("snippets.yml")["jobs"]
    step = _step(jobs["torch-versions"], "--matrix")
    out = tmp_path / "out"
    proc = _bash(step["run"], {"GITHUB_OUTPUT": str(out)}, tmp_path)
    assert proc.returncode == 0, proc.stderr
    versions = json.loads(out.read_text().removeprefix("versions="))
    from scripts import verify_torch

    assert versions == verify_torch.matrix_versions(
        verify_torch.read_pairs(), verify_torch.pinned_torch()
    )
    assert verify_torch.pinned_torch() not in versions  # cpu.json records it (M3)
    assert "!= '[]'" in jobs["versions"]["if"]  # an empty matrix is an error


# ------------------------------------------------------------------ records


def _record_uploads(job: dict) -> list[dict]:
    return [s for s in _uses(job, "actions/upload-artifact@")
            if s["with"]["name"].startswith("record-")]  # fmt: skip


def test_a_record_is_uploaded_only_by_the_step_that_wrote_it():
    seen = 0
    for name, workflow in _all().items():
        for job_name, job in workflow["jobs"].items():
            steps = job.get("steps", [])
            for upload in _record_uploads(job):
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
    for name, workflow in _all().items():
        jobs = workflow["jobs"]
        recorded = {s["with"]["name"]: job_name for job_name, job in jobs.items()
                    for s in _record_uploads(job)}  # fmt: skip
        if not recorded:
            continue
        (back,) = [n for n, j in jobs.items() if j.get("uses") == RECORDS_WORKFLOW]
        job = jobs[back]
        pattern = job["with"]["artifacts"]
        assert all(fnmatch.fnmatch(a, pattern) for a in recorded), (name, pattern)
        assert set(recorded.values()) <= _needs(jobs, back), name
        assert job["with"]["branch"].startswith("records/")
        # Also after a failed test (the records say what failed); from main only.
        assert "!cancelled()" in job["if"] and MAIN_ONLY in job["if"], name
        assert job["permissions"] == {
            "contents": "write", "pull-requests": "write", "actions": "write"
        }  # fmt: skip
    branches = [
        j["with"]["branch"]
        for w in _all().values()
        for j in w["jobs"].values()
        if j.get("uses") == RECORDS_WORKFLOW
    ]
    assert len(branches) == len(set(branches)) == 3, branches


def test_records_workflow_opens_a_pull_request_and_pushes_nothing_else():
    workflow = _load("records.yml")
    assert set(_triggers(workflow)) == {"workflow_call"}
    (job,) = workflow["jobs"].values()
    (download,) = _uses(job, "actions/download-artifact@")
    assert download["with"]["pattern"] == "${{ inputs.artifacts }}"
    step = _step(job, "gh pr create")
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
    for name, workflow in _all().items():
        for job_name, job in workflow["jobs"].items():
            scripts = " ".join(_runs(job))
            writes = job.get("permissions", {}).get("contents") == "write"
            if name == "snippets.yml" and job_name == "notebooks":
                assert writes and " push " in scripts
            elif job.get("uses") == RECORDS_WORKFLOW or name == "records.yml":
                assert writes
            else:
                assert not writes and " push " not in scripts, f"{name}:{job_name}"


# ------------------------------------------------------------------ gpu.yml


def test_gpu_workflow_records_with_make_record_gpu_from_main_only():
    workflow = _load("gpu.yml")
    assert not {"pull_request", "pull_request_target"} & set(_triggers(workflow))
    job = workflow["jobs"]["gpu"]
    assert job["if"] == f"${{{{ {MAIN_ONLY} }}}}"
    assert _labels(job) == ["self-hosted", "linux", "x64", "gpu"]
    assert job["env"]["SNIPPETS_REQUIRE_GPU"] == "1"
    assert job["env"]["PIP_CONFIG_FILE"] == "/dev/null"  # the machine's pip config
    install = _step(job, "-m venv")
    assert re.search(r"^unset PIP_EXTRA_INDEX_URL\b", install["run"], re.M)
    record = _step(job, "make record-gpu")
    assert 'make record-gpu PYTHON="$RUNNER_TEMP/venv/bin/python"' in record["run"]
    (upload,) = _record_uploads(job)
    assert sorted(upload["with"]["path"].split()) == [
        "verification/bench-gpu.json",
        "verification/downloads-gpu.json",
        "verification/gpu.json",
    ]


# ------------------------------------------------------------------ newest-torch.yml


def test_newest_torch_is_recorded_weekly():
    workflow = _load("newest-torch.yml")
    triggers = _triggers(workflow)
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    assert len(cron.split()) == 5 and cron.split()[2:4] == ["*", "*"], cron
    assert cron.split()[4] != "*", "weekly: one day of the week"
    job = workflow["jobs"]["newest"]
    step = _step(job, "verify_torch.py --newest")
    assert '--out-dir "$RUNNER_TEMP/records"' in step["run"]
    assert job["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")
    assert any('endswith("+cpu")' in run for run in _runs(job))


# ------------------------------------------------------------------ addresses


def _addresses_step() -> dict:
    return _step(_load("snippets.yml")["jobs"]["docs"], "SITE_URL=")


@pytest.mark.parametrize(
    ("repository", "variable", "site"),
    [
        ("Exemplo/pytorch-kb", "", "https://exemplo.github.io/pytorch-kb/"),
        ("exemplo/Exemplo.github.io", "", "https://exemplo.github.io/"),
        ("exemplo/pytorch-kb", "https://kb.exemplo.org/", "https://kb.exemplo.org/"),
    ],
)
def test_site_and_repo_urls_come_from_the_repository(
    tmp_path: Path, repository: str, variable: str, site: str
):
    step = _addresses_step()
    assert step["env"]["REPOSITORY"] == "${{ github.repository }}"
    assert step["env"]["SITE_URL_VARIABLE"] == "${{ vars.SITE_URL }}"
    out = tmp_path / "github_env"
    env = {
        "OWNER": repository.split("/")[0], "REPOSITORY": repository,
        "SERVER_URL": "https://github.com", "SOURCE_SHA": "a" * 40,
        "SITE_URL_VARIABLE": variable, "GITHUB_ENV": str(out),
    }  # fmt: skip
    proc = _bash(step["run"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    values = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert values == {
        "SITE_URL": site,
        "REPO_URL": f"https://github.com/{repository}",
        "COLAB_REF": f"notebooks-{'a' * 40}",
    }


def test_colab_opens_the_tag_the_notebooks_job_pushes():
    from scripts.hooks.downloads import DEFAULT_COLAB_REF

    jobs = _load("snippets.yml")["jobs"]
    assert _addresses_step()["env"]["SOURCE_SHA"] == "${{ github.sha }}"
    step = _step(jobs["notebooks"], " push ")
    env = step["env"]
    assert env["TAG"] == "notebooks-${{ github.sha }}"  # = COLAB_REF of the build
    assert env["BRANCH"] == DEFAULT_COLAB_REF  # the local default, for history
    assert '"+HEAD:refs/tags/$TAG"' in step["run"]
    assert env["TOKEN"] == "${{ github.token }}" and "$TOKEN" in step["run"]
    assert "$SOURCE_SHA" in step["run"].split('-m "', 1)[1].split("\n", 1)[0]
    from scripts.downloads.plan import DOWNLOADS

    assert re.search(rf"^\s*cp -R \S+ {DOWNLOADS}/$", step["run"], re.M)
    (download,) = _uses(jobs["notebooks"], "actions/download-artifact@")
    uploads = {s["with"]["name"]: s["with"]["path"]
               for s in _uses(jobs["docs"], "actions/upload-artifact@")}  # fmt: skip
    assert uploads[download["with"]["name"]].rstrip("/") == f"site/{DOWNLOADS}"


def test_mkdocs_reads_the_addresses_from_the_environment(monkeypatch):
    from mkdocs.config import load_config

    from scripts.hooks.downloads import DEFAULT_COLAB_REF

    for name in ("SITE_URL", "REPO_URL", "COLAB_REF"):
        monkeypatch.delenv(name, raising=False)
    local = load_config(str(ROOT / "mkdocs.yml"))
    assert local.site_url is None and local.repo_url is None  # a local build
    assert local.extra["downloads"]["colab_ref"] == DEFAULT_COLAB_REF
    monkeypatch.setenv("SITE_URL", "https://exemplo.github.io/kb")
    monkeypatch.setenv("REPO_URL", "https://github.com/exemplo/kb")
    monkeypatch.setenv("COLAB_REF", "notebooks-abc")
    published = load_config(str(ROOT / "mkdocs.yml"))
    assert published.site_url == "https://exemplo.github.io/kb/"
    assert published.repo_url == "https://github.com/exemplo/kb"
    assert published.extra["downloads"]["colab_ref"] == "notebooks-abc"


def test_dependabot_bumps_torch_and_torchvision_together():
    config = yaml.safe_load((GITHUB_DIR / "dependabot.yml").read_text("utf-8"))
    (pip,) = [u for u in config["updates"] if u["package-ecosystem"] == "pip"]
    groups = [g["patterns"] for g in pip["groups"].values()]
    assert ["torch", "torchvision"] in groups, groups


def test_ci_run_passes_shellcheck():
    assert not _shellcheck("bash", (ROOT / ".ci" / "run").read_text("utf-8"))


def test_readme_checklist_names_what_a_maintainer_sets_once():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    checklist = readme.split("## Publishing on GitHub", 1)[1].split("\n## ", 1)[0]
    checklist = " ".join(checklist.split())  # wrapped lines read as one
    jobs = _load("snippets.yml")["jobs"]
    (aggregate,) = [j for j in jobs.values() if "toJSON(needs)" in str(j)]
    gpu_labels = _labels(_load("gpu.yml")["jobs"]["gpu"])
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

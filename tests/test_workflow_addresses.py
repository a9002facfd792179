"""The site's and the repository's addresses come from the repository the workflow
runs in, and Colab opens the notebooks the same deploy pushed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tests.support.workflows as wf
from tests.support import ROOT

# ------------------------------------------------------------------ addresses


def _addresses_step() -> dict:
    return wf.step(wf.load("snippets.yml")["jobs"]["docs"], "SITE_URL=")


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
    proc = wf.bash(step["run"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    values = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert values == {
        "SITE_URL": site,
        "REPO_URL": f"https://github.com/{repository}",
        "COLAB_REF": f"notebooks-{'a' * 40}",
    }


def test_colab_opens_the_tag_the_notebooks_job_pushes():
    from scripts.hooks.context import DEFAULT_COLAB_REF

    jobs = wf.load("snippets.yml")["jobs"]
    assert _addresses_step()["env"]["SOURCE_SHA"] == "${{ github.sha }}"
    step = wf.step(jobs["notebooks"], " push ")
    env = step["env"]
    assert env["TAG"] == "notebooks-${{ github.sha }}"  # = COLAB_REF of the build
    assert env["BRANCH"] == DEFAULT_COLAB_REF  # the local default, for history
    assert '"+HEAD:refs/tags/$TAG"' in step["run"]
    assert env["TOKEN"] == "${{ github.token }}" and "$TOKEN" in step["run"]
    assert "$SOURCE_SHA" in step["run"].split('-m "', 1)[1].split("\n", 1)[0]
    from scripts.downloads.plan import DOWNLOADS

    assert re.search(rf"^\s*cp -R \S+ {DOWNLOADS}/$", step["run"], re.M)
    (download,) = wf.uses(jobs["notebooks"], "actions/download-artifact@")
    uploads = {s["with"]["name"]: s["with"]["path"]
               for s in wf.uses(jobs["docs"], "actions/upload-artifact@")}  # fmt: skip
    assert uploads[download["with"]["name"]].rstrip("/") == f"site/{DOWNLOADS}"


def test_mkdocs_reads_the_addresses_from_the_environment(monkeypatch):
    from mkdocs.config import load_config

    from scripts.hooks.context import DEFAULT_COLAB_REF

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

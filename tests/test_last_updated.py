""" "Última atualização" per page, from git, in pt-BR; never a reason for a red build.

- the built site dates every page (the plugin's span, a pt-BR long date);
- the plugin is pinned and configured to fall back to the build date, quietly
  (``strict: false`` turns its fallback warnings into INFO, so ``mkdocs build
  --strict`` still passes): checked by building a tiny site with the same plugin
  options in a shallow clone on "GitHub Actions" and in a folder without git;
- a page changed in the working tree (modified or untracked) is dated today
  (``scripts/hooks/last_updated.py``), a committed one by its commit;
- the docs workflow checks out the whole history.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import yaml

from scripts.hooks import last_updated
from tests.support import ROOT
from tests.support.config import mkdocs_config

PT_DATE = re.compile(
    r'<span class="git-revision-date-localized-plugin '
    r'git-revision-date-localized-plugin-date" title="[^"]+">'
    r"(\d{1,2} de (?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|"
    r"outubro|novembro|dezembro) de \d{4})</span>"
)


def plugin_options() -> dict:
    for entry in mkdocs_config(ROOT)["plugins"]:
        if isinstance(entry, dict) and last_updated.PLUGIN in entry:
            return entry[last_updated.PLUGIN]
    raise AssertionError(f"{last_updated.PLUGIN} is not in mkdocs.yml's plugins")


def test_plugin_is_pinned_and_falls_back_quietly():
    pins = (ROOT / "requirements" / "docs.txt").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs-git-revision-date-localized-plugin==[\d.]+$", pins, re.M)
    options = plugin_options()
    assert options["fallback_to_build_date"] is True
    assert options["strict"] is False
    assert options["locale"] == "pt_BR"


def test_every_built_page_says_when_it_was_last_updated(built_site: Path):
    pages = [
        p
        for p in built_site.rglob("index.html")
        if not p.relative_to(built_site).as_posix().startswith(("assets", "search"))
        and p.parent != built_site / "downloads"
    ]
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert PT_DATE.search(html), page
        assert 'title="Última atualização"' in html, page


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2020-01-02T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2020-01-02T12:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def _tiny_site(where: Path) -> Path:
    """A two-page site with the project's plugin options and the last_updated hook."""
    (where / "docs").mkdir(parents=True)
    (where / "docs" / "index.md").write_text("# Início\n\nTexto.\n", encoding="utf-8")
    (where / "docs" / "outra.md").write_text("# Outra\n\nTexto.\n", encoding="utf-8")
    config = {
        "site_name": "t",
        "strict": True,
        "theme": {"name": "material", "language": "pt-BR"},
        "plugins": [{last_updated.PLUGIN: plugin_options()}],
        "hooks": [str(ROOT / "scripts" / "hooks" / "last_updated.py")],
    }
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return where


def _build(where: Path, **env: str) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-d",
            str(where / "site"),
        ],
        cwd=where,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def _date(where: Path, page: str) -> str:
    html = (where / "site" / page / "index.html").read_text(encoding="utf-8")
    return PT_DATE.search(html).group(1)


def test_shallow_clone_on_ci_and_no_git_build_strictly(tmp_path: Path):
    origin = _tiny_site(tmp_path / "origin")
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "one")
    (origin / "docs" / "outra.md").write_text("# Outra\n\nMais.\n", encoding="utf-8")
    _git(origin, "commit", "-qam", "two")
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(shallow))
    # What GitHub's checkout gives by default; the plugin warns about it on Actions.
    _build(shallow, GITHUB_ACTIONS="true")
    assert _date(shallow, "outra") == "2 de janeiro de 2020"

    bare = _tiny_site(tmp_path / "no-git")  # a copy of the sources, no history
    _build(bare)
    assert _date(bare, "outra").endswith(str(datetime.date.today().year))


def test_a_page_changed_in_the_working_tree_shows_today(tmp_path: Path):
    site = _tiny_site(tmp_path / "repo")
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-qm", "one")
    _build(site)
    assert _date(site, "outra") == "2 de janeiro de 2020"
    (site / "docs" / "outra.md").write_text("# Outra\n\nEditada.\n", encoding="utf-8")
    (site / "docs" / "nova.md").write_text("# Nova\n\nTexto.\n", encoding="utf-8")
    assert last_updated.changed_pages(site) == {"outra.md", "nova.md"}
    _build(site)
    fake = SimpleNamespace(
        config={"locale": "pt_BR", "timezone": "America/Sao_Paulo", "type": "date",
                "custom_format": "%d. %B %Y"}
    )  # fmt: skip
    today = PT_DATE.search(last_updated.today(fake)).group(1)
    assert _date(site, "outra") == today
    assert _date(site, "nova") == today
    assert _date(site, "") == "2 de janeiro de 2020"  # unchanged: its commit


def test_no_repository_means_no_changed_pages(tmp_path: Path):
    assert last_updated.changed_pages(tmp_path) == set()


def test_the_docs_job_checks_out_the_whole_history():
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "snippets.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["docs"]["steps"]
    checkout = next(
        s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0

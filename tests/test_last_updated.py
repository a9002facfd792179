""" "Última atualização" per page, from git, in pt-BR; never a reason for a red build.

- the built site dates every page (a ``<time>``, a pt-BR long date);
- a committed page is dated by its last commit, read from one ``git log`` (a rename
  carries the page's older commits to its new name and is not a change itself);
- a page changed in the working tree (modified or untracked) is dated today;
- without git, the build date; in a shallow clone, the oldest commit present stands
  for the older history; both build strictly;
- the docs workflow checks out the whole history.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import time
from pathlib import Path

import yaml

from scripts.hooks import last_updated
from tests.support import ROOT
from tests.support.build import build_site, step_hook

PT_DATE = re.compile(
    r'<time datetime="[^"]+" title="[^"]+">'
    r"(\d{1,2} de (?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|"
    r"outubro|novembro|dezembro) de \d{4})</time>"
)


def _git(cwd: Path, *args: str, date: str = "2020-01-02T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def _unix(date: str) -> int:
    return int(datetime.datetime.fromisoformat(date).timestamp())


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


def test_the_date_is_a_pt_br_long_date_in_sao_paulo_time():
    # 2026-01-01 02:00 UTC is still the last day of 2025 in São Paulo (UTC−3).
    markup = last_updated.date_markup(_unix("2026-01-01T02:00:00+00:00"))
    assert markup == (
        '<time datetime="2025-12-31T23:00:00-03:00" '
        'title="31 de dezembro de 2025 23:00:00 -03">31 de dezembro de 2025</time>'
    )


def test_last_commits_reads_each_page_once_and_follows_renames(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    first, second, third = (
        "2020-01-02T12:00:00+00:00",
        "2021-03-04T12:00:00+00:00",
        "2022-05-06T12:00:00+00:00",
    )
    _git(tmp_path, "init", "-q")
    (docs / "a.md").write_text("# A\n\nTexto longo o bastante.\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n\nOutro texto.\n", encoding="utf-8")
    (tmp_path / "fora.md").write_text("# Fora de docs\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one", date=first)
    (docs / "b.md").write_text("# B\n\nOutro texto, mudado.\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "two", date=second)
    _git(tmp_path, "mv", "docs/a.md", "docs/novo.md")  # a rename, no edit
    _git(tmp_path, "commit", "-qm", "three", date=third)

    dates = last_updated.last_commits(tmp_path)
    assert dates == {"novo.md": _unix(first), "b.md": _unix(second)}
    assert last_updated.last_commits(tmp_path, "nada") == {}  # no such folder


def test_no_repository_means_no_dates_and_no_changed_pages(tmp_path: Path):
    assert last_updated.changed_pages(tmp_path) == set()
    assert last_updated.last_commits(tmp_path) == {}


def _tiny_site(where: Path) -> Path:
    """A two-page site with Material and the step as its only hook."""
    (where / "docs").mkdir(parents=True)
    (where / "docs" / "index.md").write_text("# Início\n\nTexto.\n", encoding="utf-8")
    (where / "docs" / "outra.md").write_text("# Outra\n\nTexto.\n", encoding="utf-8")
    config = {
        "site_name": "t",
        "strict": True,
        "theme": {"name": "material", "language": "pt-BR"},
        "hooks": [step_hook(where, "last_updated", "on_config", "on_page_markdown")],
    }
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return where


def _build(where: Path, **env: str) -> None:
    proc = build_site(where / "site", where, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _date(where: Path, page: str) -> str:
    html = (where / "site" / page / "index.html").read_text(encoding="utf-8")
    return PT_DATE.search(html).group(1)


def _today() -> str:
    return PT_DATE.search(last_updated.date_markup(time.time())).group(1)


def test_shallow_clone_on_ci_and_no_git_build_strictly(tmp_path: Path):
    origin = _tiny_site(tmp_path / "origin")
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "one", date="2019-06-07T12:00:00+00:00")
    (origin / "docs" / "outra.md").write_text("# Outra\n\nMais.\n", encoding="utf-8")
    _git(origin, "commit", "-qam", "two")
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(shallow))
    # What GitHub's checkout gives by default: the one commit present stands for
    # the history before it (index.md was last changed in 2019).
    _build(shallow, GITHUB_ACTIONS="true")
    assert _date(shallow, "outra") == "2 de janeiro de 2020"
    assert _date(shallow, "") == "2 de janeiro de 2020"
    _build(origin)
    assert _date(origin, "") == "7 de junho de 2019"

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
    assert _date(site, "outra") == _today()
    assert _date(site, "nova") == _today()
    assert _date(site, "") == "2 de janeiro de 2020"  # unchanged: its commit


def test_the_docs_job_checks_out_the_whole_history():
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "snippets.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["docs"]["steps"]
    checkout = next(
        s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0

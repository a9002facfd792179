"""`make serve --dirty`: an edit rebuilds the pages it changes, and only those."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from scripts.build_times import SERVE
from scripts.hooks import dirty_reload
from tests.support.build import build_site
from tests.support.repo_copy import copy_repo

CONFIG = """site_name: t
docs_dir: docs
site_dir: site
markdown_extensions:
  - pymdownx.snippets:
      base_path: ["."]
"""


def _site(tmp_path: Path) -> tuple[Path, float]:
    """A site whose page ``a`` includes a snippet and ``b`` does not; all built."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "verification").mkdir()
    (tmp_path / "snippets" / "x.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "docs" / "a.md").write_text(
        '# A\n\n```python\n--8<-- "snippets/x.py"\n```\n', encoding="utf-8"
    )
    (tmp_path / "docs" / "b.md").write_text("# B\n", encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text(
        '# C\n\n{{ runner_coverage("gpu") }} módulos.\n', encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    old = time.time() - 100
    for path in tmp_path.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    for page in ("a", "b", "c"):  # built after the sources were written
        built = tmp_path / "site" / page / "index.html"
        built.parent.mkdir(parents=True)
        built.write_text("<html></html>", encoding="utf-8")
        os.utime(built, (old + 10, old + 10))
    return tmp_path, old + 20  # the last build started after both


def _stale(root: Path, since: float) -> list[str]:
    config = load_config(str(root / "mkdocs.yml"))
    pages = list(get_files(config).documentation_pages())
    return sorted(p.src_uri for p in dirty_reload.stale_pages(pages, root, since))


def test_nothing_changed_nothing_rebuilt(tmp_path: Path):
    root, since = _site(tmp_path)
    assert _stale(root, since) == []


def test_an_edited_snippet_rebuilds_its_pages_and_the_summaries(tmp_path: Path):
    root, since = _site(tmp_path)
    (root / "snippets" / "x.py").write_text("x = 2\n", encoding="utf-8")
    assert _stale(root, since) == ["a.md", "c.md"]


def test_an_edited_page_rebuilds_itself(tmp_path: Path):
    root, since = _site(tmp_path)
    (root / "docs" / "b.md").write_text("# B, de novo\n", encoding="utf-8")
    assert _stale(root, since) == ["b.md"]


def test_a_new_record_rebuilds_every_page(tmp_path: Path):
    root, since = _site(tmp_path)
    (root / "verification" / "cpu.json").write_text("{}", encoding="utf-8")
    assert _stale(root, since) == ["a.md", "b.md", "c.md"]


def test_only_the_dirty_server_removes_anything(tmp_path: Path, monkeypatch):
    root, _ = _site(tmp_path)
    monkeypatch.setitem(dirty_reload._serve, "dirty", False)
    config = load_config(str(root / "mkdocs.yml"))
    dirty_reload.on_files(get_files(config), config=config)
    assert (root / "site" / "a" / "index.html").is_file()


def _article(html: str) -> str:
    """A page's article (what the edit changes; the dev server rewrites the rest)."""
    match = re.search(r"<article\b.*?</article>", html, re.S)
    assert match, html[:300]
    return re.sub(r"<time [^>]*>[^<]*</time>", "", match[0])


def _get(url: str, timeout: float = 120) -> str:
    """The page, or "" when the server does not answer in time (starting up)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _next_build(base: str, after: int, timeout: float) -> int:
    """The dev server's build epoch once it is past ``after`` (``after`` if no build
    ended within ``timeout``): MkDocs' livereload endpoint answers when a build ends."""
    text = _get(f"{base}livereload/{after}/0", timeout)
    return int(text) if text.strip().isdigit() else after


@pytest.mark.slow
def test_a_served_edit_shows_what_a_fresh_build_shows(tmp_path: Path):
    """Edit a shown module under `make serve`: its page, the verification matrix and
    the coverage counts change as a full build of the edited tree shows them."""
    repo = copy_repo(tmp_path / "repo")
    env = {**os.environ, "BUILD_CACHE_DIR": str(tmp_path / "cache")}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", *SERVE, "-a", f"127.0.0.1:{port}"],
        cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    pages = ["tutoriais/basico/", "referencia/verificacao/", "tutoriais/"]
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while "</html>" not in _get(base + pages[0]):
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.5)
        epoch = _next_build(base, 0, 30)  # the first build's
        module = repo / "snippets" / "examples" / "tensor_basics.py"
        module.write_text(module.read_text("utf-8") + "\n# editado\n", "utf-8")
        # Pages are read from disk as the rebuild writes them: read them once the
        # rebuild has ended, and no other has begun for a few seconds.
        first = epoch
        while (epoch := _next_build(base, epoch, 60)) == first:
            assert time.monotonic() < deadline, "no rebuild after the edit"
        while (later := _next_build(base, epoch, 5)) != epoch:
            epoch = later
        served = {page: _article(_get(base + page)) for page in pages}
    finally:
        server.terminate()
        server.wait(timeout=30)
    built = build_site(tmp_path / "site", root=repo)
    assert built.returncode == 0, built.stderr[-2000:]
    for page in pages:
        fresh = (tmp_path / "site" / page / "index.html").read_text("utf-8")
        assert served[page] == _article(fresh), page
    assert "vb-stale" in served[pages[0]]

"""Every link in every download works where the download goes (Colab, Jupyter, disk).

Built from the sources (no MkDocs build for the files themselves), with and without
``site_url``:

- no relative link is left (``../erros/tipos.md#x`` means nothing inside Colab);
- a link to a heading of the same notebook (``#Como-rodar``) names a heading the
  notebook has, as Jupyter writes its anchor;
- with ``site_url``, a link to the site names a page of the built site and an id on
  that page; without it, there is no link to the site at all (its address is unknown:
  such links keep their text);
- ``site_url`` changes the Markdown cells only: the code cells are the same bytes, so
  the download records hold under any address.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from scripts.downloads.links import jupyter_anchor
from scripts.downloads.plan import all_downloads
from scripts.verification import site
from tests.support import ROOT

SITE_URL = "https://exemplo.github.io/kb/"
LINK = re.compile(r"(?<!\\)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
HTML_LINK = re.compile(r"""<a\s[^>]*href=["'](?P<target>[^"']+)""")


def _markdown_cells(data: bytes) -> list[str]:
    cells = json.loads(data)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _code_cells(data: bytes) -> list[str]:
    cells = json.loads(data)["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _prose(text: str) -> str:
    """The cell's text outside fences and inline code (where links live)."""
    lines = text.split("\n")
    kept = [
        line
        for line, state in zip(lines, site.fence_states(lines), strict=True)
        if not state
    ]
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", "\n".join(kept))


def links(path: str, data: bytes) -> list[str]:
    """Every link target of a download (Markdown and HTML links; .py comments)."""
    if path.endswith(".ipynb"):
        text = "\n".join(_prose(cell) for cell in _markdown_cells(data))
    else:
        text = data.decode("utf-8")
    return [m.group("target") for m in LINK.finditer(text)] + [
        m.group("target") for m in HTML_LINK.finditer(text)
    ]


def headings(data: bytes) -> set[str]:
    found = set()
    for cell in _markdown_cells(data):
        lines = cell.split("\n")
        for line, state in zip(lines, site.fence_states(lines), strict=True):
            if not state and re.match(r"^#{1,6}[ \t]+\S", line):
                found.add(jupyter_anchor(line))
    return found


@pytest.fixture(scope="module")
def downloads() -> dict[str | None, dict[str, bytes]]:
    return {url: all_downloads(ROOT, url)[1] for url in (None, SITE_URL)}


def _page_ids(built_site: Path, rel: str) -> set[str] | None:
    page = built_site / rel / "index.html" if not rel.endswith(".html") else None
    page = page or built_site / rel
    if not page.is_file():
        return None
    return set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))


def check(files: dict[str, bytes], site_url: str | None, built_site: Path) -> list[str]:
    problems = []
    pages: dict[str, set[str] | None] = {}
    for path, data in sorted(files.items()):
        own = headings(data) if path.endswith(".ipynb") else set()
        for target in links(path, data):
            if target.startswith("#"):
                if unquote(target[1:]) not in own:
                    problems.append(f"{path}: {target} is no heading of this notebook")
            elif site_url and target.startswith(site_url):
                rel, _, anchor = target[len(site_url) :].partition("#")
                if rel not in pages:
                    pages[rel] = _page_ids(built_site, rel.rstrip("/") or ".")
                ids = pages[rel]
                if ids is None:
                    problems.append(f"{path}: {target} is no page of the site")
                elif anchor and anchor not in ids:
                    problems.append(f"{path}: {target}: no #{anchor} on that page")
            elif not re.match(r"^https?://", target):
                problems.append(f"{path}: {target} does not work outside the site")
            elif "exemplo.github.io" in target:
                problems.append(f"{path}: {target} points to the site without site_url")
    return problems


@pytest.mark.parametrize("site_url", [None, SITE_URL], ids=["no-site-url", "site-url"])
@pytest.mark.xdist_group("download-links")
def test_every_link_in_every_download_works(downloads, built_site: Path, site_url):
    files = downloads[site_url]
    assert any(path.endswith(".ipynb") for path in files)
    problems = check(files, site_url, built_site)
    assert not problems, "\n".join(problems)


@pytest.mark.xdist_group("download-links")
def test_links_to_other_pages_and_own_headings_are_rewritten(downloads):
    basico = "downloads/tutoriais/basico.ipynb"
    inter = "downloads/tutoriais/intermediario.ipynb"
    assert f"{SITE_URL}erros/tipos/#double-float" in links(
        basico, downloads[SITE_URL][basico]
    )
    assert "#Como-rodar" in links(inter, downloads[None][inter])
    text = "\n".join(_markdown_cells(downloads[None][basico]))
    assert "o erro mat1 and mat2 must have the same\n  dtype." in text  # text stays


@pytest.mark.xdist_group("download-links")
def test_the_check_catches_a_relative_link(downloads, built_site: Path):
    path = "downloads/tutoriais/basico.ipynb"
    nb = json.loads(downloads[None][path])
    nb["cells"].append(
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["[x](../erros/tipos.md#y) [z](#nada)"],
        }
    )
    problems = check({path: json.dumps(nb).encode()}, None, built_site)
    assert len(problems) == 2, problems


@pytest.mark.xdist_group("download-links")
def test_site_url_changes_no_code_cell(downloads):
    local, published = downloads[None], downloads[SITE_URL]
    assert local.keys() == published.keys()
    for path in local:
        if path.endswith(".ipynb"):
            assert _code_cells(local[path]) == _code_cells(published[path]), path
        else:
            assert local[path] == published[path], path

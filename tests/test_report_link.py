""" "Reportar um problema neste exemplo": a prefilled GitHub issue per example, or none.

The badges hook runs on the repository's own pages (no build): with ``repo_url`` on
GitHub, every example's badge row links to ``/issues/new`` with a URL-encoded title
and body naming the page, the module, its sections, a field for the reader's torch
version and what each runner recorded; without ``repo_url`` (a local build) or off
GitHub, no link.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from scripts.downloads import plan as downloads
from scripts.verification import report, site
from tests.support import ROOT

REPORT = re.compile(r'<a class="vb-report" href="([^"]+)"[^>]*>([^<]+)</a>')


def badge_blocks(**overrides) -> dict[str, str]:
    """Page -> the badges block the hook writes, with config ``overrides``."""
    from mkdocs.config import load_config

    from scripts.hooks import verification_badges as hook

    config = load_config(str(ROOT / "mkdocs.yml"), **overrides)
    out = {}
    for page, markdown in downloads.site_pages(ROOT).items():
        if not site.find_includes(markdown):
            continue
        url = page.removesuffix("index.md").removesuffix(".md")
        url = url + "/" if url and not url.endswith("/") else url
        fake = SimpleNamespace(file=SimpleNamespace(src_uri=page), url=url)
        html = hook.on_page_markdown(
            markdown, page=fake, config=config, files=_NoFiles()
        )
        m = re.search(r'<div class="vb".*?\n</div>', html, re.S)
        assert m, page
        out[page] = m.group(0)
    return out


class _NoFiles:
    def get_file_from_path(self, path: str):
        return None


def test_issue_link_per_example_when_repo_url_is_github():
    blocks = badge_blocks(
        repo_url="https://github.com/exemplo/kb",
        site_url="https://exemplo.github.io/kb/",
    )
    assert "tutoriais/basico.md" in blocks
    for page, block in blocks.items():
        rows = block.count('<details class="vb-module">')
        links = REPORT.findall(block)
        assert rows and len(links) == rows, page
        for href, label in links:
            assert label == report.LABEL
            url = urlsplit(href.replace("&amp;", "&"))
            assert (url.scheme, url.netloc, url.path) == (
                "https",
                "github.com",
                "/exemplo/kb/issues/new",
            ), href
            assert " " not in href and "\n" not in href  # URL-encoded
            query = parse_qs(url.query)
            title, body = query["title"][0], query["body"][0]
            module = re.search(r"snippets/\S+\.py", title).group(0)
            assert f"Módulo: `{module}`" in body
            page_url = "https://exemplo.github.io/kb/" + page.removesuffix(
                ".md"
            ).removesuffix("index")
            assert f"Página: {page_url.rstrip('/')}" in body, body
            assert "Seção: " in body and "Versão do torch" in body
            # The recorded state of each runner: CPU recorded a torch and a date.
            cpu = re.search(
                r"^- CPU \[`cpu`\]: .*\(torch \d[^,]*, registrado em [-\d]{10}\)$",
                body,
                re.M,
            )
            assert cpu, body


def test_the_section_shown_is_named():
    blocks = badge_blocks(repo_url="https://github.com/exemplo/kb")
    body = parse_qs(
        urlsplit(
            REPORT.search(blocks["tutoriais/basico.md"]).group(1).replace("&amp;", "&")
        ).query
    )["body"][0]
    # Without site_url the page is named by its source file.
    assert "Página: docs/tutoriais/basico.md" in body
    sections = re.search(r"^- Seção: (.+)$", body, re.M).group(1)
    assert sections.startswith("`") and "(arquivo inteiro)" not in sections


@pytest.mark.parametrize("repo_url", [None, "https://gitlab.com/exemplo/kb"])
def test_no_issue_link_without_a_github_repo_url(repo_url):
    blocks = badge_blocks(repo_url=repo_url)
    assert blocks
    assert not any("issues/new" in b or report.LABEL in b for b in blocks.values())


def test_issue_url_helper_refuses_what_is_not_a_repository():
    assert report.issues_new_url("https://github.com/a/b.git") == (
        "https://github.com/a/b/issues/new"
    )
    for bad in (None, "", "https://github.com/a", "https://example.com/a/b"):
        assert report.issues_new_url(bad) is None

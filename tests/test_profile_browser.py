"""The links to the profile's published forms, followed in a real browser.

The home page links to ``profile.json``, ``llms.txt`` and ``llms-full.txt``, and a
page's "Ver em Markdown" button to its Markdown version: the browser resolves each
link (also with the site under a subpath) and each answers with the right content.
"""

from __future__ import annotations

import json

import pytest

from tests.support.browser import SUBPATH

pytestmark = pytest.mark.browser


def _follow(page, name: str):
    """The absolute URL the browser resolves for the link named ``name``, fetched."""
    href = page.get_by_role("link", name=name, exact=True).first.evaluate("a => a.href")
    response = page.request.get(href)
    assert response.ok, f"{name}: {href} answered {response.status}"
    return href, response.text()


@pytest.mark.parametrize("base", ["", SUBPATH.lstrip("/")])
def test_home_and_markdown_links_resolve(chromium, site_root: str, base: str):
    page = chromium.new_page()
    page.goto(site_root + base)
    _, profile = _follow(page, "profile.json")
    assert json.loads(profile)["profile"]["id"] == "pytorch"
    _, llms = _follow(page, "llms.txt")
    assert llms.startswith("# ") and "\n> " in llms
    _, full = _follow(page, "llms-full.txt")
    assert "```python title=" in full

    page.goto(site_root + base + "casos-de-uso/gan/")
    href, markdown = _follow(page, "Ver em Markdown")
    assert href.endswith(f"{base}casos-de-uso/gan/index.md")
    assert markdown.startswith("# GANs e modelos generativos\n")
    assert '```python title="snippets/use_cases/gan_2d.py:gan"' in markdown
    page.close()

"""Pasting an error message into the site's search finds its entry (real browser).

For every entry of the error index (`snippets/errors/messages/*.json`, the very text
the pages show), the message is pasted whole into Material's search box, as a reader
pastes it from a terminal (`Type: message`), and then again with different numbers
(shapes, sizes, device indices). Both times the entry's section (`erros/<page>/#slug`)
must be among the first three links of the result list, in screen order (the
variant with other numbers is `slow`: `make test-slow`, which CI runs). Entries
only reproduced on a GPU and not recorded yet are searched by their type and title
(the page has no recorded text for them).

Besides the browser checks, a cheap structural test: every entry has its own heading
(`##`, or `###` for a second message of the same cause, like `BCELoss` under
`BCEWithLogitsLoss`) and anchor on its category page, and the page shows the message
as text outside any code block (what Pagefind indexes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.support import ROOT
from tests.support.browser import SEARCH_MESSAGES, SUBPATH, SearchBox

MESSAGES = ROOT / "snippets" / "errors" / "messages"

#: Category module -> page of the error index.
PAGES = {
    "shapes": "erros/formas/",
    "dtypes": "erros/tipos/",
    "autograd": "erros/autograd/",
    "devices": "erros/dispositivos/",
    "data": "erros/dados/",
    "checkpoints": "erros/checkpoints/",
    "modules": "erros/modulos/",
}
TOP = 3
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: A number that is a count, a size or a device index, not part of a name (`mat1`,
#: `conv2d`, `3D`): no letter on either side, except the `x` of `64x2048`.
NUMBER = re.compile(r"(?<![A-Za-wyz_.\-])\d+(?![A-Za-wyz_])")


def _entries() -> list[dict]:
    found = []
    for category, page in PAGES.items():
        record = json.loads((MESSAGES / f"{category}.json").read_text("utf-8"))
        source = (ROOT / "docs" / (page.rstrip("/") + ".md")).read_text("utf-8")
        for slug, entry in record["entries"].items():
            if entry["message"] is not None:
                query = f"{entry['type']}: {ANSI.sub('', entry['message'])}"
            else:  # no recorded text yet: the entry's title, as the reader sees it
                heading = re.search(
                    rf"^###? (.+?) {{ #{slug}(?: [^}}]*)? }}$", source, re.MULTILINE
                )
                assert heading, f"{slug}: no heading with anchor #{slug} in {page}"
                query = f"{entry['type']}: {heading.group(1)}"
            found.append({"slug": slug, "page": page, "query": query})
    return found


def altered(query: str) -> str:
    """The message with other numbers: `64x2048` -> `129x4097`, `cuda:0` -> `cuda:1`."""
    return NUMBER.sub(lambda m: str(int(m.group()) * 2 + 1), query)


ENTRIES = _entries()


def test_altering_changes_sizes_but_not_names():
    assert altered("mat1 (64x2048 and 512x10) conv2d 3D cuda:0") == (
        "mat1 (129x4097 and 1025x21) conv2d 3D cuda:1"
    )


def test_every_entry_has_its_heading_and_the_message_as_text(built_site: Path):
    problems = []
    for item in ENTRIES:
        html = (built_site / item["page"] / "index.html").read_text("utf-8")
        heading = re.search(rf'<h([23]) id="{re.escape(item["slug"])}"[^>]*>', html)
        if heading is None:
            problems.append(f"{item['slug']}: no <h2 id> or <h3 id> on {item['page']}")
            continue
        section = re.split(r"<h[23] ", html[heading.end() :], maxsplit=1)[0]
        if 'class="error-message' not in section.split('class="tabbed-set', 1)[0]:
            problems.append(f"{item['slug']}: message block is not under its heading")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def box(chromium, site_root: str) -> Iterator[SearchBox]:
    """Material's search box, open, on the site served under a sub-path.

    The session's Chromium (`chromium` in tests/conftest.py): Playwright's sync API
    allows one running instance per process.
    """
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(SEARCH_MESSAGES)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = site_root + SUBPATH.lstrip("/")
    page.goto(base)
    search_box = SearchBox(page, base)
    search_box.open()
    yield search_box
    page.close()
    assert not errors, errors


def _top_links(box, query: str) -> list[str]:
    """The first links of the result list (page and sections, in screen order)."""
    links = []
    for result in box.search(query):
        for link in result["links"]:
            parts = urlsplit(link["href"])
            page = box.relative(link["href"])
            links.append(
                page + ("#" + unquote(parts.fragment) if parts.fragment else "")
            )
    return links[:TOP]


@pytest.mark.browser
@pytest.mark.parametrize(
    "variant", ["as-is", pytest.param("other-numbers", marks=pytest.mark.slow)]
)
def test_pasted_message_finds_its_entry_in_the_top_3(box, variant: str):
    misses, hits = [], 0
    for item in ENTRIES:
        query = item["query"] if variant == "as-is" else altered(item["query"])
        target = f"{item['page']}#{item['slug']}"
        top = _top_links(box, query)
        if target in top:
            hits += 1
        else:
            misses.append(f"  {item['slug']}: {query[:90]!r}\n    -> {top}")
    report = f"{variant}: {hits}/{len(ENTRIES)} entries in the top {TOP}"
    print("\n" + report + ("\n" + "\n".join(misses) if misses else ""))
    assert not misses, report + "\n" + "\n".join(misses)

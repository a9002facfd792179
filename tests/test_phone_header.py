"""On a phone, a tutorial or use case starts in the upper half of the screen.

The verification header (badges per module, download buttons, download badges) sits
between the title and the first paragraph; ``make test`` measures a sample (the
tallest header among them), ``make test-slow`` every page. At 360, 390 and 414 px
wide, on every tutorial and use-case page, the first paragraph of the text must
start above the middle of the screen, with the page at the top; nothing of the
header is dropped:
every badge is still in the page for screen readers, with its state as text (the
folded details open on demand).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

#: Phone screens (CSS pixels): a small Android, an iPhone 12-15, an iPhone 11/XR.
SCREENS = ({"width": 360, "height": 740}, {"width": 390, "height": 844},
           {"width": 414, "height": 896})  # fmt: skip

#: Where the text begins: the first paragraph of the article that is not part of the
#: header blocks; its top, and the badges' accessible text, measured in the page.
MEASURE = """() => {
  const article = document.querySelector('.md-content__inner');
  const header = '.vb, .downloads, .api-uses, .md-source-file, .md-tags';
  const first = [...article.querySelectorAll(':scope > p')]
    .find(p => !p.closest(header) && p.textContent.trim().length > 40);
  const badges = [...article.querySelectorAll('.vb-badge, .downloads .vb-badge')];
  return {
    top: first ? first.getBoundingClientRect().top + scrollY : null,
    start: first ? first.textContent.trim().slice(0, 50) : null,
    badges: badges.length,
    // What a screen reader reads of each badge: its text, even when folded away.
    unnamed: badges.filter(b => !(b.textContent || '').trim()).length,
    hidden: badges.filter(b => getComputedStyle(b).display === 'none' &&
      !b.closest('details:not([open])')).length,
  }
}"""


def example_pages(built_site: Path) -> list[str]:
    """Every tutorial and use-case page (URLs relative to the site root)."""
    found = []
    for section in ("tutoriais", "casos-de-uso"):
        for html in sorted((built_site / section).rglob("index.html")):
            if 'class="vb"' in html.read_text(encoding="utf-8"):
                found.append(html.parent.relative_to(built_site).as_posix() + "/")
    return found


#: What `make test` measures: the tallest header (Expert: two modules), a tutorial
#: with one, the use cases whose titles wrap most; `make test-slow` measures them all.
SAMPLE = (
    "tutoriais/expert/",
    "tutoriais/basico/",
    "casos-de-uso/transfer-learning/",
    "casos-de-uso/deteccao-de-objetos/",
)


@pytest.fixture(
    scope="module",
    params=["sample", pytest.param("every page", marks=pytest.mark.slow)],
)
def tops(request, chromium, site_root: str, built_site: Path) -> Iterator[dict]:
    """(page, width) -> the measure, the example pages at every phone width."""
    pages = example_pages(built_site)
    assert len(pages) >= 12, pages
    if request.param == "sample":
        assert set(SAMPLE) <= set(pages), SAMPLE
        pages = list(SAMPLE)
    results = {}
    for screen in SCREENS:
        context = chromium.new_context(viewport=screen, is_mobile=True, has_touch=True)
        tab = context.new_page()
        for page in pages:
            tab.goto(site_root + page)
            results[(page, screen["width"])] = {**tab.evaluate(MEASURE), **screen}
        context.close()
    yield results


@pytest.mark.xdist_group("phone-header")
def test_first_paragraph_starts_in_the_upper_half_on_phones(tops: dict):
    report = [
        f"{width}px /{page}: {m['top']:.0f} px of {m['height']} ({m['start']!r})"
        for (page, width), m in sorted(tops.items())
    ]
    print("\n" + "\n".join(report))
    late = [
        line
        for line, m in zip(report, [tops[k] for k in sorted(tops)], strict=True)
        if m["top"] is None or m["top"] >= m["height"] / 2
    ]
    assert not late, "first paragraph in the lower half:\n" + "\n".join(late)


@pytest.mark.xdist_group("phone-header")
def test_every_badge_is_still_there_with_its_text(tops: dict):
    for (page, width), m in tops.items():
        assert m["badges"] >= 2, (page, width, m)
        assert m["unnamed"] == 0 and m["hidden"] == 0, (page, width, m)

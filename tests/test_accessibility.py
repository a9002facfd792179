"""Accessibility of the built site in a real browser (Chromium headless, Playwright).

What only a browser can show, for every page of the strict build:

- axe-core (bundled in `axe-playwright-python`, no download) finds no violation of the
  WCAG 2.0/2.1 A and AA rules nor of its best practices, in the light and in the dark
  scheme. Serious and critical ones are never allowed; a moderate or minor one may only
  be listed in `ALLOWED` with the reason it cannot be fixed here, so a new one fails.
- On phone widths (360, 390 and 414 px) nothing in a page is wider than the screen and
  nothing in the article is clipped; screenshots go to `test-artifacts/accessibility/`.

Two scopes of the same sweep: `make test` runs it on a sample (the home page, the
pages photographed at phone widths and the 404), `make test-slow` on every page (CI runs
both).

Runtime: one Chromium, one tab, axe injected once per page load. Rules that do not
depend on colours run once per page: on the whole page for the first page of each
top-level section, on the article and its table of contents for the others (the
frame around them repeats the section's markup). The colour rules
(`color-contrast`, `link-in-text-block`) run in both schemes on each text style once:
an element's style is its colour, size, weight, decoration, its parent's colour, the
backgrounds behind it and their opacity, all as computed by the browser. The first
element with a style not seen before (on any page, in that scheme) is checked by axe;
the others would give the same contrast. `test_colour_dedupe_still_catches_low_contrast`
shows that a new low-contrast style is still found. The sweep itself is
`tests/support/a11y.py`; the keyboard, `tests/test_keyboard.py`.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from tests.support.a11y import (
    BLOCKING,
    COLOUR_RULES,
    DESKTOP,
    KEYBOARD_PAGE,
    MARK_NEW_STYLES,
    ONLY_MARKED,
    PHONE_WIDTHS,
    SCREENSHOT_PAGES,
    SHOTS,
    Sweep,
    slug,
)

pytestmark = pytest.mark.browser

#: Moderate or minor violations that cannot be fixed from this project, keyed by rule
#: id, each with the reason. Empty today: every one found has been fixed.
ALLOWED: dict[str, str] = {}

# --------------------------------------------------------------------------- fixtures


#: The sample `make test` sweeps: the home page, the pages with badges, a wide table,
#: code and content tabs (photographed at phone widths), and the 404.
SAMPLE_PAGES = ("", *SCREENSHOT_PAGES, "404.html")


def every_page(built_site: Path) -> list[str]:
    """Every page of the build, as URLs relative to the site root (404 included)."""
    found = []
    for index in sorted(built_site.rglob("index.html")):
        relative = index.parent.relative_to(built_site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        found.append("" if relative == "." else relative + "/")
    assert len(found) > 20, f"too few pages in the build: {found}"
    return [*found, "404.html"]


@pytest.fixture(
    scope="module",
    params=["sample", pytest.param("every page", marks=pytest.mark.slow)],
)
def pages(request: pytest.FixtureRequest, built_site: Path) -> list[str]:
    """The pages swept: the sample (`make test`) or every page (`make test-slow`)."""
    found = every_page(built_site)
    if request.param == "sample":
        missing = [page for page in SAMPLE_PAGES if page not in found]
        assert not missing, f"sample pages not in the build: {missing}"
        return list(SAMPLE_PAGES)
    return found


# Its tests share the xdist group `axe-sweep`: one worker sweeps, not one per worker.
@pytest.fixture(scope="module")
def site_pass(chromium, site_root: str, pages: list[str]) -> dict:
    """One load of every page: axe-core, then the phone widths (:class:`Sweep`)."""
    from axe_playwright_python.base import AXE_SCRIPT

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(color_scheme="light", viewport=DESKTOP)
    context.add_init_script(AXE_SCRIPT)
    sweep = Sweep(context.new_page())
    for page in pages:
        sweep.visit(site_root, page)
    context.close()
    return sweep.result()


# --------------------------------------------------------------------------- axe-core


def _listing(violations: dict) -> str:
    by_rule = collections.defaultdict(list)
    for (rule, impact, scheme, page), nodes in sorted(violations.items()):
        by_rule[(rule, impact)].append(f"  {scheme:7} /{page}: {', '.join(nodes[:4])}")
    return "\n".join(
        f"{rule} ({impact}):\n" + "\n".join(lines)
        for (rule, impact), lines in by_rule.items()
    )


@pytest.mark.xdist_group("axe-sweep")
def test_no_serious_or_critical_axe_violation(site_pass: dict) -> None:
    """WCAG 2.1 A/AA and best practices: nothing serious or critical, either scheme."""
    blocking = {
        key: nodes
        for key, nodes in site_pass["violations"].items()
        if key[1] in BLOCKING
    }
    assert not blocking, "axe-core violations:\n" + _listing(blocking)


@pytest.mark.xdist_group("axe-sweep")
def test_moderate_and_minor_axe_violations_are_listed(site_pass: dict) -> None:
    """A moderate or minor violation must be in ALLOWED, with its reason; none stale."""
    found = {
        key: nodes
        for key, nodes in site_pass["violations"].items()
        if key[1] not in BLOCKING
    }
    new = {key: nodes for key, nodes in found.items() if key[0] not in ALLOWED}
    assert not new, "axe-core violations not in ALLOWED:\n" + _listing(new)
    stale = set(ALLOWED) - {key[0] for key in found}
    assert not stale, f"ALLOWED lists rules that no longer fail: {sorted(stale)}"


@pytest.mark.xdist_group("axe-sweep")
def test_colour_rules_ran_in_both_schemes(site_pass: dict, pages: list[str]) -> None:
    """Each scheme had its text styles checked, starting with the first page."""
    checked = site_pass["checked"]
    for scheme in ("default", "slate"):
        assert checked[(scheme, pages[0])] > 20, checked
        assert sum(checked[(scheme, page)] for page in pages) > 50, checked


def test_colour_dedupe_still_catches_low_contrast(chromium, site_root: str) -> None:
    """A text style that appears after its page's styles were seen is still checked."""
    from axe_playwright_python.base import AXE_SCRIPT

    context = chromium.new_context(color_scheme="light", viewport=DESKTOP)
    context.add_init_script(AXE_SCRIPT)
    tab = context.new_page()
    tab.goto(site_root + KEYBOARD_PAGE)
    seen = tab.evaluate(MARK_NEW_STYLES, [])
    tab.evaluate(
        """() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p style="color: #999">cinza claro demais sobre o branco</p>')"""
    )
    new = tab.evaluate(MARK_NEW_STYLES, seen)
    assert len(new) == 1, new
    result = tab.evaluate(
        "([c, o]) => axe.run(c, o)",
        [ONLY_MARKED, {"runOnly": COLOUR_RULES, "resultTypes": ["violations"]}],
    )
    context.close()
    assert [v["id"] for v in result["violations"]] == ["color-contrast"]


# --------------------------------------------------------------------------- phones


@pytest.mark.xdist_group("axe-sweep")
def test_nothing_overflows_or_is_clipped_on_phones(site_pass: dict) -> None:
    """At 360, 390 and 414 px: no horizontal overflow, nothing in an article clipped."""
    assert not site_pass["overflow"], "\n".join(site_pass["overflow"])
    missing = [
        name
        for width in PHONE_WIDTHS
        for page in SCREENSHOT_PAGES
        for name in [f"phone-{width}-{slug(page)}.png"]
        if name not in site_pass["shots"]
    ]
    assert not missing, f"screenshots not taken (page not in the build?): {missing}"

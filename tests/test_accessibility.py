"""Accessibility of the built site in a real browser (Chromium headless, Playwright).

What only a browser can show, for every page of the strict build:

- axe-core (bundled in `axe-playwright-python`, no download) finds no violation of the
  WCAG 2.0/2.1 A and AA rules nor of its best practices, in the light and in the dark
  scheme. Serious and critical ones are never allowed; a moderate or minor one may only
  be listed in `ALLOWED` with the reason it cannot be fixed here, so a new one fails.
- On phone widths (360, 390 and 414 px) nothing in a page is wider than the screen and
  nothing in the article is clipped; screenshots go to `test-artifacts/accessibility/`.
- The keyboard reaches and operates the search, the header tabs, the badges' details,
  the copy buttons and the content tabs, each with a visible focus indicator; the search
  dialog and every navigation landmark have a name in the accessibility tree.

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
shows that a new low-contrast style is still found.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import ARTIFACTS

pytestmark = pytest.mark.browser

#: axe-core tags: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: Rules whose result depends on the colour scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
#: Never allowed, whatever the reason.
BLOCKING = {"serious", "critical"}
#: Moderate or minor violations that cannot be fixed from this project, keyed by rule
#: id, each with the reason. Empty today: every one found has been fixed.
ALLOWED: dict[str, str] = {}

DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTHS = (360, 390, 414)
#: Pages photographed at each phone width: badges, a wide table, code and content tabs.
SCREENSHOT_PAGES = ("tutoriais/basico/", "referencia/verificacao/", "guias/templates/")
#: The page walked with the keyboard: badges, content tabs and code blocks.
KEYBOARD_PAGE = "guias/templates/"
SHOTS = ARTIFACTS / "accessibility"

# Text styles of a page for the colour rules: marks with `data-a11y-check` the first
# element of each style not in `seen` and returns the new styles. An element counts when
# it has text of its own and is rendered.
MARK_NEW_STYLES = """seen => {
  const known = new Set(seen)
  const found = []
  const backgrounds = new Map()
  const behind = el => {  // backgrounds from the element up to the root, and opacity
    if (!el) return ['', 1]
    if (backgrounds.has(el)) return backgrounds.get(el)
    const s = getComputedStyle(el)
    const [up, opacity] = behind(el.parentElement)
    const own = s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none'
      ? `${s.backgroundColor} ${s.backgroundImage};` : ''
    const value = [own + up, opacity * parseFloat(s.opacity)]
    backgrounds.set(el, value)
    return value
  }
  document.querySelectorAll('[data-a11y-check]')
    .forEach(el => el.removeAttribute('data-a11y-check'))
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())
    if (!text) continue
    // Not rendered: hidden, or inside a closed <details> (content-visibility).
    if (!el.checkVisibility({visibilityProperty: true})) continue
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) continue
    const s = getComputedStyle(el)
    const parent = el.parentElement ? getComputedStyle(el.parentElement).color : ''
    const [bg, opacity] = behind(el)
    const style = [s.color, s.fontSize, s.fontWeight, s.textDecorationLine,
      s.textShadow, parent, bg, opacity].join('|')
    if (known.has(style)) continue
    known.add(style)
    found.push(style)
    el.setAttribute('data-a11y-check', '')
  }
  return found
}"""

# What does not fit a phone screen: the page wider than the window, an element of the
# article past the right or left edge with no scrolling container around it, or one
# that hides part of its own content (`overflow: hidden` narrower than its content).
OVERFLOW = """() => {
  const vw = window.innerWidth
  const problems = []
  const root = document.documentElement
  if (root.scrollWidth > vw) problems.push(`page is ${root.scrollWidth}px wide`)
  const scrolls = s => s.overflowX === 'auto' || s.overflowX === 'scroll'
  const inScroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
      if (scrolls(getComputedStyle(p)) && p.scrollWidth > p.clientWidth) return true
    return false
  }
  const describe = el => {
    const cls = typeof el.className === 'string' && el.className.trim()
    const text = (el.textContent || '').trim().slice(0, 40)
    return el.tagName.toLowerCase() + (cls ? '.' + cls.split(/\\s+/).join('.') : '') +
      ` "${text}"`
  }
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) continue
    const s = getComputedStyle(el)
    if (s.visibility === 'hidden') continue
    if (s.position === 'absolute' && r.width <= 1) continue  // text for screen readers
    const clips = s.overflowX === 'hidden' || s.overflowX === 'clip'
    if (clips && s.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
      problems.push(`clips its content: ${describe(el)}`)
    if ((r.right > vw + 0.5 || r.left < -0.5) && !inScroller(el))
      problems.push(
        `past the edge (${r.left | 0}, ${r.right | 0}): ${describe(el)}`)
  }
  return problems
}"""

# The focused element as the reader sees it. Two controls are hidden radios whose focus
# shows on a label: the scheme toggle (its icon) and the content tabs (the tab's label).
FOCUSED = """() => {
  const el = document.activeElement
  if (!el || el === document.body) return null
  let shown = el
  if (el.matches('.md-option')) shown = el.nextElementSibling
  if (el.matches('.tabbed-set > input')) {
    const set = el.parentElement
    const index = [...set.querySelectorAll(':scope > input')].indexOf(el)
    shown = set.querySelectorAll(':scope > .tabbed-labels > label')[index]
  }
  const r = shown.getBoundingClientRect()
  const s = getComputedStyle(shown)
  const name = el.getAttribute('aria-label') || el.title || el.textContent || ''
  return {
    index: [...document.querySelectorAll('*')].indexOf(el),
    tag: el.tagName.toLowerCase(),
    classes: String(el.className),
    name: name.trim().slice(0, 60),
    visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' &&
      r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) ||
      s.boxShadow !== 'none',
    search: el.matches('[data-md-component=search-query]'),
    headerTab: el.matches('.md-tabs__link'),
    badge: el.matches('.vb summary'),
    copy: el.matches('.md-code__button, .md-clipboard'),
    contentTab: el.matches('.tabbed-set > input'),
  }
}"""

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important }"
ONLY_MARKED = {"include": [["[data-a11y-check]"]]}
SEARCH_OPEN = "() => document.getElementById('__search').checked"
#: The frame around the article, the same markup on every page of a section.
FRAME = [[".md-header"], [".md-tabs"], [".md-sidebar--primary"], [".md-footer"]]


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


def _slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "inicio"


# Its tests share the xdist group `axe-sweep`: one worker sweeps, not one per worker.
@pytest.fixture(scope="module")
def site_pass(chromium, site_root: str, pages: list[str]) -> dict:
    """One load of every page: axe-core, then the phone widths.

    Returns:
        `violations`: (rule, impact, scheme, page) -> the failing nodes' selectors;
        `checked`: (scheme, page) -> how many new text styles axe checked there;
        `overflow`: what does not fit a phone screen, one line per problem;
        `shots`: the screenshots taken, under `test-artifacts/accessibility/`.
    """
    from axe_playwright_python.base import AXE_SCRIPT

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(color_scheme="light", viewport=DESKTOP)
    context.add_init_script(AXE_SCRIPT)
    tab = context.new_page()
    violations: dict[tuple[str, str, str, str], list[str]] = {}
    styles: dict[str, set[str]] = {"default": set(), "slate": set()}
    sections: set[str] = set()
    checked: dict[tuple[str, str], int] = {}
    overflow: list[str] = []
    shots: list[str] = []

    def shoot(name: str) -> None:
        tab.screenshot(path=SHOTS / name)
        shots.append(name)

    def run(axe_context: dict, options: dict, scheme: str, page: str) -> None:
        result = tab.evaluate(
            "([c, o]) => axe.run(c, o)",
            [axe_context, {**options, "resultTypes": ["violations"]}],
        )
        for v in result["violations"]:
            nodes = [" ".join(map(str, n["target"])) for n in v["nodes"]]
            violations[(v["id"], v["impact"], scheme, page)] = nodes

    def set_scheme(scheme: str) -> None:
        # What the palette toggle does (tests/test_browser.py clicks the toggle).
        tab.evaluate(
            "s => document.body.setAttribute('data-md-color-scheme', s)", scheme
        )

    for page in pages:
        tab.set_viewport_size(DESKTOP)
        tab.goto(site_root + page)
        # Colours are read at rest, not half-way through a transition.
        tab.add_style_tag(content=NO_TRANSITIONS)
        assert tab.evaluate("document.body.dataset.mdColorScheme") == "default", page

        # 1. Every rule but the colour ones, once (they do not depend on the scheme):
        # on the whole page for the first page of each top-level section; on the
        # others, the frame that repeats the section's markup (header, tabs, site
        # navigation, footer) is left out, the article and its table of contents not.
        section = page.split("/", 1)[0] if "/" in page else page
        axe_context = {"exclude": [] if section not in sections else FRAME}
        sections.add(section)
        only_structure = {rule: {"enabled": False} for rule in COLOUR_RULES}
        run(
            axe_context,
            {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": only_structure},
            "any",
            page,
        )

        # 2. The colour rules in both schemes, on each text style not yet checked;
        # every <details> open, so that what it hides is checked too (the badges'
        # details, the folded examples).
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for scheme in ("slate", "default"):
            set_scheme(scheme)
            new = tab.evaluate(MARK_NEW_STYLES, sorted(styles[scheme]))
            styles[scheme].update(new)
            checked[(scheme, page)] = len(new)
            if new:
                run(ONLY_MARKED, {"runOnly": COLOUR_RULES}, scheme, page)

        # 3. Phone widths, in the light scheme (back to it above), details open.
        for width in PHONE_WIDTHS:
            tab.set_viewport_size({"width": width, "height": 800})
            overflow += [f"{width}px /{page}: {p}" for p in tab.evaluate(OVERFLOW)]
            if page in SCREENSHOT_PAGES:
                shoot(f"phone-{width}-{_slug(page)}.png")
                if width == PHONE_WIDTHS[1]:
                    set_scheme("slate")
                    shoot(f"phone-{width}-{_slug(page)}-dark.png")
                    set_scheme("default")
    context.close()
    return {
        "violations": violations,
        "checked": checked,
        "overflow": overflow,
        "shots": shots,
    }


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
        for name in [f"phone-{width}-{_slug(page)}.png"]
        if name not in site_pass["shots"]
    ]
    assert not missing, f"screenshots not taken (page not in the build?): {missing}"


# --------------------------------------------------------------------------- keyboard


@pytest.fixture(scope="module")
def keyboard_tab(chromium, site_root: str) -> Iterator:
    context = chromium.new_context(color_scheme="light", viewport=DESKTOP)
    tab = context.new_page()
    tab.goto(site_root + KEYBOARD_PAGE)
    yield tab
    context.close()


def test_keyboard_walk_reaches_everything_with_visible_focus(keyboard_tab) -> None:
    """Tab through a page: each stop is visible with a focus indicator, and the search,
    header tabs, badges, copy buttons and content tabs are all reached."""
    tab = keyboard_tab
    focusable = tab.locator("a[href], button, input, summary, [tabindex]").count()
    stops, seen, bad = [], set(), []
    for _ in range(focusable + 10):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(FOCUSED)
        if stop is None:
            continue
        if stop["index"] in seen:  # wrapped around to the start
            break
        if stop["search"]:  # focusing the search field opens the search dialog
            tab.wait_for_function(SEARCH_OPEN, timeout=5000)
        seen.add(stop["index"])
        stops.append(stop)
        if not (stop["visible"] and stop["indicator"]):
            bad.append(stop)
    assert not bad, "focus not visible or without indicator:\n" + "\n".join(
        f"  {s['tag']}.{s['classes']} {s['name']!r} visible={s['visible']}"
        f" indicator={s['indicator']}"
        for s in bad
    )
    for kind in ("search", "headerTab", "badge", "copy", "contentTab"):
        assert any(s[kind] for s in stops), f"the keyboard never reaches a {kind}"


def test_keyboard_operates_badges_and_content_tabs(keyboard_tab) -> None:
    """Enter opens a badge's details; arrow keys switch content tabs."""
    tab = keyboard_tab
    summary = tab.locator(".vb summary").first
    summary.focus()
    tab.keyboard.press("Enter")
    assert summary.evaluate("s => s.parentElement.open")
    tab.keyboard.press("Enter")
    assert not summary.evaluate("s => s.parentElement.open")

    radio = tab.locator(".tabbed-set > input:checked").first
    radio.focus()
    before = radio.get_attribute("id")
    tab.keyboard.press("ArrowRight")
    after = tab.evaluate("document.activeElement.id")
    assert after != before
    assert tab.evaluate("id => document.getElementById(id).checked", after)


def test_dialog_and_landmarks_have_names(keyboard_tab) -> None:
    """Read from the accessibility tree: the search dialog and every navigation
    landmark have a name, and no two landmarks share one."""
    tab = keyboard_tab
    assert tab.get_by_role("dialog", name="Pesquisar").count() == 1
    names = []
    for nav in tab.get_by_role("navigation").all():
        first = nav.aria_snapshot().splitlines()[0]
        match = re.match(r'- navigation "(.+?)"', first)
        assert match, f"navigation landmark without a name: {first}"
        names.append(match.group(1))
    assert len(names) >= 4, names
    repeated = [n for n, count in collections.Counter(names).items() if count > 1]
    assert not repeated, f"landmarks sharing a name: {repeated}"

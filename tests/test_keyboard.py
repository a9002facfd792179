"""The keyboard on the built site in a real browser (Chromium headless, Playwright).

The keyboard reaches and operates the search, the header tabs, the badges' details,
the copy buttons and the content tabs, each with a visible focus indicator; the search
dialog and every navigation landmark have a name in the accessibility tree. The axe-core
sweep and the phone widths are `tests/test_accessibility.py`.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator

import pytest

from tests.support.a11y import DESKTOP, KEYBOARD_PAGE

pytestmark = pytest.mark.browser

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

SEARCH_OPEN = "() => document.getElementById('__search').checked"


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

"""The accessibility sweep: what runs in the page (JavaScript) and the one pass over
the site that ``tests/test_accessibility.py`` asserts on."""

from __future__ import annotations

import re

from tests.support.browser import ARTIFACTS

#: axe-core tags: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: Rules whose result depends on the colour scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
#: Never allowed, whatever the reason.
BLOCKING = {"serious", "critical"}

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

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important }"
ONLY_MARKED = {"include": [["[data-a11y-check]"]]}
#: The frame around the article, the same markup on every page of a section.
FRAME = [[".md-header"], [".md-tabs"], [".md-sidebar--primary"], [".md-footer"]]


def slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "inicio"


class Sweep:
    """One load of every page in one tab: axe-core, then the phone widths.

    :meth:`result`: ``violations``: (rule, impact, scheme, page) -> the failing nodes'
    selectors; ``checked``: (scheme, page) -> how many new text styles axe checked
    there; ``overflow``: what does not fit a phone screen, one line per problem;
    ``shots``: the screenshots taken, under ``test-artifacts/accessibility/``.
    """

    def __init__(self, tab) -> None:
        self.tab = tab
        self.violations: dict[tuple[str, str, str, str], list[str]] = {}
        self.styles: dict[str, set[str]] = {"default": set(), "slate": set()}
        self.sections: set[str] = set()
        self.checked: dict[tuple[str, str], int] = {}
        self.overflow: list[str] = []
        self.shots: list[str] = []

    def visit(self, site_root: str, page: str) -> None:
        tab = self.tab
        tab.set_viewport_size(DESKTOP)
        tab.goto(site_root + page)
        # Colours are read at rest, not half-way through a transition.
        tab.add_style_tag(content=NO_TRANSITIONS)
        assert tab.evaluate("document.body.dataset.mdColorScheme") == "default", page
        self.structure(page)
        self.colours(page)
        self.phones(page)

    def structure(self, page: str) -> None:
        """Every rule but the colour ones, once (they do not depend on the scheme):
        on the whole page for the first page of each top-level section; on the others,
        the frame that repeats the section's markup (header, tabs, site navigation,
        footer) is left out, the article and its table of contents not."""
        section = page.split("/", 1)[0] if "/" in page else page
        axe_context = {"exclude": [] if section not in self.sections else FRAME}
        self.sections.add(section)
        only_structure = {rule: {"enabled": False} for rule in COLOUR_RULES}
        self.axe(
            axe_context,
            {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": only_structure},
            "any",
            page,
        )

    def colours(self, page: str) -> None:
        """The colour rules in both schemes, on each text style not yet checked;
        every <details> open, so that what it hides is checked too (the badges'
        details, the folded examples). Ends in the light scheme."""
        tab = self.tab
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for scheme in ("slate", "default"):
            self.set_scheme(scheme)
            new = tab.evaluate(MARK_NEW_STYLES, sorted(self.styles[scheme]))
            self.styles[scheme].update(new)
            self.checked[(scheme, page)] = len(new)
            if new:
                self.axe(ONLY_MARKED, {"runOnly": COLOUR_RULES}, scheme, page)

    def phones(self, page: str) -> None:
        """Phone widths, in the light scheme, details open."""
        tab = self.tab
        for width in PHONE_WIDTHS:
            tab.set_viewport_size({"width": width, "height": 800})
            found = tab.evaluate(OVERFLOW)
            self.overflow += [f"{width}px /{page}: {p}" for p in found]
            if page in SCREENSHOT_PAGES:
                self.shoot(f"phone-{width}-{slug(page)}.png")
                if width == PHONE_WIDTHS[1]:
                    self.set_scheme("slate")
                    self.shoot(f"phone-{width}-{slug(page)}-dark.png")
                    self.set_scheme("default")

    def axe(self, axe_context: dict, options: dict, scheme: str, page: str) -> None:
        result = self.tab.evaluate(
            "([c, o]) => axe.run(c, o)",
            [axe_context, {**options, "resultTypes": ["violations"]}],
        )
        for v in result["violations"]:
            nodes = [" ".join(map(str, n["target"])) for n in v["nodes"]]
            self.violations[(v["id"], v["impact"], scheme, page)] = nodes

    def set_scheme(self, scheme: str) -> None:
        # What the palette toggle does (tests/test_browser.py clicks the toggle).
        self.tab.evaluate(
            "s => document.body.setAttribute('data-md-color-scheme', s)", scheme
        )

    def shoot(self, name: str) -> None:
        self.tab.screenshot(path=SHOTS / name)
        self.shots.append(name)

    def result(self) -> dict:
        return {
            "violations": self.violations,
            "checked": self.checked,
            "overflow": self.overflow,
            "shots": self.shots,
        }

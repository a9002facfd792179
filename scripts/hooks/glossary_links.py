"""MkDocs hook: the site's one vocabulary, from `scripts/glossary.yml`.

- Renders the glossary table into the page that holds `<!-- glossary -->`
  (`docs/referencia/glossario.md`), so the page cannot drift from the data file.
- Links the first prose use of each glossary term on every other page to its entry.
- Records, in nav order, the page where each term is used first (the table's last
  column).

The prose scanner (`prose_mask`) is shared with `tests/test_vocabulary.py`, which
fails on the non-preferred forms listed in the same data file.
"""

from __future__ import annotations

import bisect
import itertools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scripts.hooks import cache
from scripts.hooks.context import build_context
from scripts.verification.site import fence_states

DATA_FILE = Path(__file__).resolve().parent.parent / "glossary.yml"
GLOSSARY_PAGE = "referencia/glossario.md"
MARKER = "<!-- glossary -->"

# Lines that are never prose: headings, snippet includes, mkdocstrings, block openers
# with a quoted title (admonitions, details, content tabs), raw HTML and comments.
_STRUCTURAL = re.compile(r"^\s*(#|--8<--|:::|!!!|\?\?\?|===|<|\{:)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML_TAG = re.compile(r"<[^>\n]+>")
_LINK_URL = re.compile(r"(\]\()([^)\s]*)(\))")
_LINK_TEXT = re.compile(r"!?\[([^\]\n]*)\](?=\()")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
_ITALIC = re.compile(
    r"(?<![*\w])\*(?!\*)[^*\n]+?\*(?![*\w])|(?<![_\w])_(?!_)[^_\n]+?_(?![_\w])"
)
_ATTR_LIST = re.compile(r"\{[:#.][^}\n]*\}")


@dataclass
class Term:
    """One concept: the form the site uses, its English name and what it means."""

    id: str
    pt: str
    en: str
    definition: str
    forms: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)

    def link_pattern(self) -> re.Pattern[str]:
        """Any of the forms that link to the entry (the preferred form first)."""
        return _words([self.pt, *self.forms])

    def avoid_pattern(self) -> re.Pattern[str] | None:
        return _words(self.avoid) if self.avoid else None


@dataclass
class Allowed:
    """A non-preferred form kept on purpose: the profile's own words, a tag name."""

    file: str
    text: str
    reason: str


def _words(forms: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(f) for f in forms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


def load(path: Path = DATA_FILE) -> tuple[list[Term], list[Allowed]]:
    """Read the glossary data file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    terms = [Term(**entry) for entry in data["terms"]]
    allowed = [Allowed(**entry) for entry in data.get("allow", [])]
    return terms, allowed


def _blank(text: str, pattern: re.Pattern[str], group: int = 0) -> str:
    def repl(match: re.Match[str]) -> str:
        start, end = match.span(group)
        inner = " " * (end - start)
        s0 = start - match.start()
        whole = match.group(0)
        return whole[:s0] + inner + whole[s0 + (end - start) :]

    return pattern.sub(repl, text)


def prose_mask(markdown: str, *, for_linking: bool) -> list[str]:
    """The markdown's lines with everything that is not prose replaced by spaces.

    Positions are kept, so a match in the mask is a match in the original line.
    Code (fences and inline), HTML, URLs, attribute lists, quoted text ("…") and
    italic text (the site's way to mark an English name) are never prose. For
    linking, headings, block titles and link texts are masked too; the vocabulary
    guard reads them.
    """
    lines = markdown.split("\n")
    return [
        " " * len(line) if fence else _mask_line(line, for_linking=for_linking)
        for line, fence in zip(lines, fence_states(lines), strict=True)
    ]


def _mask_line(line: str, *, for_linking: bool) -> str:
    """One line outside fences, with what is not prose replaced by spaces."""
    if _STRUCTURAL.match(line) and not (
        line.lstrip().startswith("#") and not for_linking
    ):
        return " " * len(line)
    text = line
    text = _blank(text, _INLINE_CODE)
    text = _blank(text, _HTML_TAG)
    text = _blank(text, _LINK_URL, 2)
    text = _blank(text, _ATTR_LIST)
    text = _blank(text, _QUOTED)
    text = _blank(text, _ITALIC)
    if for_linking:
        text = _blank(text, _LINK_TEXT, 1)
    return text


class _Mask:
    """A page's prose mask as one string (one search per term, not one per line)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._joined: str | None = None
        self._lowered = ""
        self._starts: list[int] = []

    def set_line(self, number: int, text: str) -> None:
        self.lines[number] = text
        self._joined = None

    def first(self, term: Term) -> tuple[int, int, int] | None:
        """(line, start, end) of the term's first match; a form never spans lines."""
        if self._joined is None:
            self._joined = "\n".join(self.lines)
            self._starts = list(
                itertools.accumulate((len(x) + 1 for x in self.lines[:-1]), initial=0)
            )
            self._lowered = self._joined.lower()
        # Most terms are absent from most pages: a substring test rules them out
        # before the (much slower) case-insensitive, word-bounded search.
        if not any(form.lower() in self._lowered for form in (term.pt, *term.forms)):
            return None
        match = term.link_pattern().search(self._joined)
        if match is None:
            return None
        number = bisect.bisect_right(self._starts, match.start()) - 1
        offset = self._starts[number]
        return number, match.start() - offset, match.end() - offset


def first_use(markdown: str, term: Term) -> tuple[int, int, int] | None:
    """(line, start, end) of the first prose use of the term, or None."""
    return _Mask(prose_mask(markdown, for_linking=True)).first(term)


def link_first_uses(markdown: str, terms: list[Term], glossary_url: str) -> str:
    """Link the first prose use of each term to `glossary_url#<term id>`."""
    lines = markdown.split("\n")
    mask = _Mask(prose_mask(markdown, for_linking=True))
    for term in terms:
        found = mask.first(term)
        if found is None:
            continue
        number, start, end = found
        line = lines[number]
        lines[number] = (
            f"{line[:start]}[{line[start:end]}]({glossary_url}#{term.id}){line[end:]}"
        )
        # A link changes only its own line's mask (a prose line: no fence moves).
        mask.set_line(number, _mask_line(lines[number], for_linking=True))
    return "\n".join(lines)


def render_table(
    terms: list[Term], first_pages: dict[str, tuple[str, str]], here: str
) -> str:
    """The glossary as a Markdown table: one anchored row per term, sorted in pt-BR."""
    rows = [
        "| Termo (pt-BR) | Em inglês | O que é | Onde aparece primeiro |",
        "|---|---|---|---|",
    ]
    for term in sorted(terms, key=lambda t: t.pt.casefold()):
        where = "—"
        if term.id in first_pages:
            src, title = first_pages[term.id]
            where = f"[{title}]({posixpath.relpath(src, posixpath.dirname(here))})"
        rows.append(
            f'| <span id="{term.id}"></span>**{term.pt}** | {term.en} '
            f"| {term.definition} | {where} |"
        )
    return "\n".join(rows)


def on_nav(nav: Navigation, *, config: MkDocsConfig, **kwargs) -> Navigation:
    """Find, in nav order, the first page that uses each term."""
    terms, _ = load()
    first_pages: dict[str, tuple[str, str]] = {}
    for page in nav.pages:
        src = page.file.src_uri
        if src == GLOSSARY_PAGE:
            continue
        text = _strip_front_matter(page.file.content_string)
        title = page.title or _first_heading(text) or src
        mask = _Mask(prose_mask(text, for_linking=True))  # once per page
        for term in terms:
            if term.id not in first_pages and mask.first(term) is not None:
                first_pages[term.id] = (src, title)
    build_context(config).derived["glossary"] = (terms, first_pages)
    return nav


def on_page_markdown(
    markdown: str, *, page: Page, config: MkDocsConfig, **kwargs
) -> str:
    terms, first_pages = build_context(config).derived.get("glossary") or (
        load()[0],
        {},
    )
    src = page.file.src_uri
    if src == GLOSSARY_PAGE:
        table = render_table(terms, first_pages, src)
        return markdown.replace(MARKER, table)
    url = posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(src) or ".")
    context = build_context(config)
    # Kept while the page's Markdown, the glossary and this code are unchanged.
    key = cache.digest(
        markdown,
        url,
        DATA_FILE.read_text(encoding="utf-8"),
        context.code_digest(__name__, "scripts.verification.site"),
    )
    return cache.memo(
        context.root,
        "glossary-links",
        src,
        key,
        lambda: link_first_uses(markdown, terms, url),
    )


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :]
    return text


def _first_heading(text: str) -> str | None:
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else None

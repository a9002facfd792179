"""The code blocks of the built site, and what the copy button copies.

Only the standard library (``html.parser``) is used: a small tree builder turns a page
of the built site into nodes, and the code blocks are the ``pre > code`` elements
inside ``div.highlight`` in the page's ``<article>``, in document order. Blocks that
mkdocstrings renders (signatures, inside ``div.doc…``) and Mermaid diagrams are left
out: they are not fences of the page.

Copy text. Material's copy button (``content.code.copy``) copies the ``innerText`` of
the ``code`` element while the element carries ``data-md-copying``; its CSS then hides
``.md-annotation`` (code annotations), and an ancestor's ``data-copy`` attribute wins
if present; the result is ``trimEnd()``-ed. Annotations are created by Material's
JavaScript at load time: in comment tokens (``.c``, ``.c1``, ``.cm`` plus
``extra.annotate`` classes) a marker ``(N)`` becomes an annotation when the block is
followed by an ordered list with an N-th item (``(N)!`` swallows the whole comment).
:func:`copy_text` reproduces that on the static HTML, and drops ``.linenos`` spans.

Mapping. The fences of a page (see :mod:`drift.pages`) and the code blocks of its
HTML are matched one to one, in order, language by language. A different count means
something rendered differently from what the source says (a fence broken by wrong
indentation, Python in an indented code block or in raw HTML...): that fails too.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from drift.includes import section_text
from drift.pages import (
    PYTHON_LANGS,
    PYTHON_SOURCE_LANGS,
    RE_ALL_SNIPPETS,
    Fence,
    Page,
    parse_pages,
    split_spec,
)

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_COMMENT_CLASSES = ("c", "c1", "cm")
_MARKER = re.compile(r"(\(\d+\))(!)?")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def elements(self):
        """Descendant elements in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def closest(self, pred) -> Node | None:
        if pred(self):
            return self
        return next((a for a in self.ancestors() if pred(a)), None)

    def next_element(self) -> Node | None:
        if self.parent is None:
            return None
        siblings = self.parent.children
        idx = next(i for i, c in enumerate(siblings) if c is self)
        return next((c for c in siblings[idx + 1 :] if isinstance(c, Node)), None)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Node(tag, {k: v or "" for k, v in attrs}, self.current)
        )

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def html_file(site: Path, page: str) -> Path:
    """Built file of a page (``docs/a/b.md`` → ``a/b/index.html``)."""
    rel = page.removeprefix("docs/")
    rel = re.sub(r"(^|/)(index|README)\.md$", r"\1", rel)
    rel = re.sub(r"\.md$", "/", rel)
    return site / rel / "index.html"


@dataclass
class Block:
    """A rendered code block: language class, title, full text and copy text."""

    index: int
    lang: str
    title: str
    text: str
    copy: str


def _text(node: Node) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif "linenos" not in child.classes:
            parts.append(_text(child))
    return "".join(parts)


def _annotation_list(highlight: Node) -> Node | None:
    """Material's ``Qn``: the next ``<ol>``, skipping ``<p>`` without elements."""
    node = highlight.next_element()
    while node is not None:
        if node.tag == "ol":
            return node
        if node.tag == "p" and not any(isinstance(c, Node) for c in node.children):
            node = node.next_element()
            continue
        return None
    return None


def copy_text(code: Node, annotate: bool = True, extra: dict | None = None) -> str:
    """The text Material's copy button puts on the clipboard for ``code``."""
    for node in (code, *code.ancestors()):
        if "data-copy" in node.attrs:
            return node.attrs["data-copy"].rstrip()
    highlight = code.closest(lambda n: "highlight" in n.classes)
    items = 0
    if highlight is not None and (annotate or "annotate" in highlight.classes):
        ol = _annotation_list(highlight)
        if ol is not None:
            items = sum(1 for c in ol.children if isinstance(c, Node))
    comment = set(_COMMENT_CLASSES)
    lang_node = code.closest(
        lambda n: any(c.startswith("language-") for c in n.classes)
    )
    if extra and lang_node is not None:
        for cls in lang_node.classes:
            if cls.startswith("language-"):
                comment |= {c.lstrip(".") for c in extra.get(cls.split("-", 1)[1], [])}

    def annotated(text: str) -> str:
        out = []
        while True:
            m = _MARKER.search(text)
            if m is None:
                out.append(text)
                break
            marker, bang = m.groups()
            n = int(marker[1:-1])
            if bang:  # the whole text node becomes "(N)", then the annotation
                out.append("" if 1 <= n <= items else marker)
                break
            out.append(text[: m.start()])
            out.append("" if 1 <= n <= items else marker)
            text = text[m.end() :]
        return "".join(out)

    def walk(node: Node, in_comment: bool) -> str:
        parts = []
        for child in node.children:
            if isinstance(child, str):
                parts.append(annotated(child) if in_comment and items else child)
            elif not {"linenos", "md-annotation"} & set(child.classes):
                parts.append(
                    walk(child, in_comment or bool(comment & set(child.classes)))
                )
        return "".join(parts)

    return walk(code, False).rstrip()


def _site_options(root: Path) -> tuple[bool, dict]:
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    features = (cfg.get("theme") or {}).get("features") or []
    return "content.code.annotate" in features, (cfg.get("extra") or {}).get(
        "annotate"
    ) or {}


def docstring_python(html: str) -> list[str]:
    """Python code that mkdocstrings renders from docstrings (signatures aside).

    A docstring example (``Examples:`` with a fence or ``>>>``) is code on the site
    that no test runs: the first line of each such block is returned.
    """
    tree = parse_html(html)
    found = []
    for node in tree.elements():
        if node.tag != "code" or node.parent is None or node.parent.tag != "pre":
            continue
        if not any(
            c == "doc" or c.startswith("doc-")
            for a in node.ancestors()
            for c in a.classes
        ):
            continue
        highlight = node.closest(lambda n: "highlight" in n.classes and n.tag != "code")
        if highlight is None or "doc-signature" in highlight.classes:
            continue
        lang = next(
            (
                c.split("-", 1)[1]
                for c in highlight.classes
                if c.startswith("language-")
            ),
            "",
        )
        text = _text(node)
        if lang in PYTHON_LANGS or (lang in ("", "text") and ">>>" in text):
            found.append(_short(text))
    return found


def code_blocks(
    html: str, annotate: bool = True, extra: dict | None = None
) -> list[Block]:
    """The code blocks of a built page that come from its fences, in order."""
    tree = parse_html(html)
    article = next(
        (
            n
            for n in tree.elements()
            if n.tag == "article" and "md-content__inner" in n.classes
        ),
        tree,
    )
    blocks = []
    for node in article.elements():
        if node.tag != "code" or node.parent is None or node.parent.tag != "pre":
            continue
        if "mermaid" in node.parent.classes:
            continue
        highlight = node.closest(lambda n: "highlight" in n.classes and n.tag != "code")
        if highlight is None:
            continue
        if any(
            c == "doc" or c.startswith("doc-")
            for a in node.ancestors()
            for c in a.classes
        ):
            continue  # mkdocstrings: signatures and docstring examples
        lang = next(
            (
                c.split("-", 1)[1]
                for c in highlight.classes
                if c.startswith("language-")
            ),
            "",
        )
        title_node = next(
            (
                n
                for n in highlight.elements()
                if n.tag == "span" and "filename" in n.classes
            ),
            None,
        )
        blocks.append(
            Block(
                index=len(blocks),
                lang=lang.lower(),
                title=_text(title_node).strip() if title_node else "",
                text=_text(node),
                copy=copy_text(node, annotate, extra),
            )
        )
    return blocks


def normalize(text: str) -> str:
    """Dedent, strip trailing whitespace per line and blank lines at both ends."""
    lines = [ln.rstrip() for ln in textwrap.dedent(text.expandtabs(4)).split("\n")]
    return "\n".join(lines).strip("\n")


def expected_body(root: Path, fence: Fence) -> str | None:
    """What the build puts in a fence: its body with includes expanded.

    Returns ``None`` when an include cannot be resolved (reported by the include
    guard) or uses line ranges.
    """
    out: list[str] = []
    block = False
    for line in fence.body:
        m = RE_ALL_SNIPPETS.match(line)
        spec = space = None
        if m and m.group("escape"):
            out.append(line.replace(";", "", 1))
            continue
        if m and m.group("block_marker"):
            block = not block
            continue
        if m and not block:
            spec, space = m.group("snippet")[1:-1].strip(), m.group("space")
        elif m:
            continue
        elif block:
            spec = line.strip()
            space = line[: len(line) - len(line.lstrip())]
            if not spec:
                out.append("")
                continue
        if spec is None:
            out.append(line)
            continue
        if spec.startswith(";"):
            continue
        path, ranges, section = split_spec(spec)
        target = root / path
        if ranges or not target.is_file():
            return None
        out += [space + s for s in section_text(target, section)]
    return "\n".join(out)


@dataclass
class Mapped:
    """A page with its fences matched to its rendered blocks (when they match)."""

    page: Page
    pairs: list[tuple[Fence, Block]]
    problem: str | None


def _short(text: str) -> str:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return first[:60]


def map_page(root: Path, site: Path, page: Page, options=None) -> Mapped:
    """Match the fences of ``page`` with the code blocks of its built HTML."""
    annotate, extra = options or _site_options(root)
    path = html_file(site, page.path)
    if not path.is_file():
        return Mapped(page, [], f"{page.path}: built page {path} not found")
    blocks = code_blocks(path.read_text(encoding="utf-8"), annotate, extra)
    fences = [f for f in page.fences if f.lang != "mermaid"]
    pairs = []
    for k in range(max(len(fences), len(blocks))):
        fence = fences[k] if k < len(fences) else None
        block = blocks[k] if k < len(blocks) else None
        if (
            fence is not None
            and block is not None
            and block.lang == (fence.lang or "text")
        ):
            pairs.append((fence, block))
            continue
        shown_f = (
            f"fence '{fence.lang or 'text'}' at {fence.origin}" if fence else "no fence"
        )
        shown_b = (
            f"code block #{block.index + 1} '{block.lang}' "
            f"starting {_short(block.text)!r}"
            if block
            else "no code block"
        )
        return Mapped(
            page,
            pairs,
            f"{page.path}: the page has {len(fences)} fences but "
            f"{path.relative_to(site)} shows {len(blocks)} code blocks; first "
            f"mismatch: {shown_f} vs {shown_b} (a fence broken by indentation, an "
            "indented code block or raw HTML <pre>?)",
        )
    return Mapped(page, pairs, None)


def map_site(root: Path, site: Path, pages: list[Page] | None = None) -> list[Mapped]:
    pages = parse_pages(root) if pages is None else pages
    options = _site_options(root)
    return [map_page(root, site, page, options) for page in pages]


def check_rendered_blocks(
    root: Path, site: Path, pages: list[Page] | None = None
) -> list[str]:
    """Guard 5: every rendered code block is non-empty and shows what it includes.

    Python rendered by mkdocstrings from docstrings (examples) fails too: it is
    code on the site that no test runs. For each fence, the text of its ``<code>``
    element (after dedent, ignoring trailing whitespace and blank edge lines) must
    equal the fence body with every include expanded from the current files: a
    stale build, a section that the build resolved differently, or a wrong dedent
    all show up as a difference.
    """
    problems = []
    for mapped in map_site(root, site, pages):
        if mapped.problem:
            problems.append(mapped.problem)
        built = html_file(site, mapped.page.path)
        if built.is_file():
            for first in docstring_python(built.read_text(encoding="utf-8")):
                problems.append(
                    f"{mapped.page.path}: the API reference shows Python from a "
                    f"docstring, which no test runs ({first!r}); show it from a "
                    "section of the module instead"
                )
        for fence, block in mapped.pairs:
            got = normalize(block.text)
            if not got:
                problems.append(
                    f"{fence.origin}: empty code block in the built page "
                    f"({', '.join(map(str, fence.includes)) or fence.info})"
                )
                continue
            if not fence.includes:
                continue
            want = expected_body(root, fence)
            if want is None:
                continue  # unresolved include: reported by the include guard
            want = normalize(want)
            if got != want:
                diff = difflib.unified_diff(
                    want.split("\n"),
                    got.split("\n"),
                    "included",
                    "rendered",
                    lineterm="",
                    n=1,
                )
                problems.append(
                    f"{fence.origin}: the rendered block differs from "
                    f"{', '.join(map(str, fence.includes))}:\n    "
                    + "\n    ".join(list(diff)[:14])
                )
    return problems


@dataclass
class ShownSection:
    """A Python block a reader can copy: where it is shown and the copied text."""

    label: str
    places: list[str]
    code: str


def standalone_blocks(
    root: Path, site: Path, pages: list[Page] | None = None
) -> tuple[list[ShownSection], list[str]]:
    """Copy texts of the Python fences whose body is only standalone includes.

    Returns the blocks (deduplicated by copied text, with every place that shows
    it) and the problems found while mapping pages (which would hide blocks).
    """
    by_code: dict[str, ShownSection] = {}
    problems = []
    for mapped in map_site(root, site, pages):
        if mapped.problem:
            problems.append(mapped.problem)
        for fence, block in mapped.pairs:
            if fence.lang not in PYTHON_SOURCE_LANGS or not fence.includes:
                continue
            if fence.other_lines():
                continue  # inline Python: guard 1 (or the reviewed allowlist)
            specs = fence.includes
            if any(not i.path.endswith(".py") or i.line_ranges for i in specs):
                continue
            if any((i.section or "").startswith("fragment-") for i in specs):
                continue
            place = f"{fence.origin} ({', '.join(i.spec for i in specs)})"
            if block.copy in by_code:
                by_code[block.copy].places.append(place)
            else:
                by_code[block.copy] = ShownSection(place, [place], block.copy)
    return list(by_code.values()), problems

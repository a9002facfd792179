"""The code blocks of a built page, and what Material's copy button copies.

Only the standard library (``html.parser``) is used: a small tree builder turns a page
of the built site into nodes, and the code blocks are the ``pre > code`` elements
inside ``div.highlight`` in the page's ``<article>``, in document order
(:func:`code_blocks`). Blocks that mkdocstrings renders (signatures, inside
``div.doc…``) and Mermaid diagrams are left out: they are not fences of the page;
Python that mkdocstrings renders from docstrings is found by :func:`docstring_python`.

Copy text. Material's copy button (``content.code.copy``) copies the ``innerText`` of
the ``code`` element while the element carries ``data-md-copying``; its CSS then hides
``.md-annotation`` (code annotations), and an ancestor's ``data-copy`` attribute wins
if present; the result is ``trimEnd()``-ed. Annotations are created by Material's
JavaScript at load time: in comment tokens (``.c``, ``.c1``, ``.cm`` plus
``extra.annotate`` classes) a marker ``(N)`` becomes an annotation when the block is
followed by an ordered list with an N-th item (``(N)!`` swallows the whole comment).
:func:`copy_text` reproduces that on the static HTML, and drops ``.linenos`` spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.drift.pages import PYTHON_LANGS

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


# Follows Material's clipboard code step by step (data-copy, annotations, comment
# classes, line numbers), so a divergence from it is easy to spot side by side.
def copy_text(  # noqa: C901
    code: Node, annotate: bool = True, extra: dict | None = None
) -> str:
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
            found.append(short(text))
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


def short(text: str) -> str:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return first[:60]

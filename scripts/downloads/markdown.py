"""A page's Markdown as notebook pieces: plain prose, and the code the page shows.

:func:`page_pieces` reads a page source (as written in ``docs/``) and returns, in page
order, :class:`Prose` (Markdown a notebook renders: no MkDocs-only syntax) and
:class:`Code` (the text of a ``snippets/....py`` include, one piece per fence).

What changes on the way:

- front matter and the first ``# `` heading go (the notebook's first cell has the
  title);
- admonitions (``!!!``, ``???``) and content tabs (``===``) become a bold title and
  their content, dedented;
- attribute lists (``{ #id }``, ``{ .class }``), abbreviations (``*[X]: ...``),
  ``<div ... markdown>`` wrappers and mkdocstrings directives (``::: name``) go;
- an include of another file (a printed output, a Markdown table) is replaced by the
  file's text; the record placeholders (``{{ output(...) }}``, ``{{ value(...) }}``,
  ``{{ error_message(...) }}``, ...) as :mod:`scripts.verification.placeholders`
  renders them for Markdown, from the same records as the page;
- links work where the notebook goes (:mod:`scripts.downloads.links`): to another
  page, its absolute address on the site when ``site_url`` is known, else only their
  text (a relative link means nothing inside a downloaded notebook); to a heading of
  this page, the
  notebook's own heading when it keeps it, else the published page;
- ``{{ profile(...) }}`` placeholders become the profile's facts
  (:mod:`scripts.profile.render`);
- a heading left with nothing under it goes.

Includes, fences and markers are read with :mod:`scripts.verification.site`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.downloads.links import _prose_links, jupyter_anchor, notebook_anchors
from scripts.downloads.pieces import Code, Prose
from scripts.downloads.sources import include_text
from scripts.profile.load import site_profile
from scripts.profile.render import render_page as render_profile
from scripts.verification import placeholders, site
from scripts.verification.schema import load_records

#: An admonition, collapsible block or content tab opening a container.
CONTAINER = re.compile(
    r"""^(?P<indent>[ \t]*)(?:
        (?:!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?
        | ===\+?[ \t]+"(?P<tab>[^"]*)"
    )[ \t]*$""",
    re.X,
)
#: Titles of admonitions written without one (Material's defaults, in pt-BR).
ADMONITION_TITLES = {
    "note": "Nota",
    "abstract": "Resumo",
    "info": "Informação",
    "tip": "Dica",
    "success": "Sucesso",
    "question": "Pergunta",
    "warning": "Atenção",
    "failure": "Falha",
    "danger": "Perigo",
    "bug": "Bug",
    "example": "Exemplo",
    "quote": "Citação",
}
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}]*\}[ \t]*$")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_DIV = re.compile(r"^[ \t]*(?:<div\b[^>]*\bmarkdown\b[^>]*>|</div>)[ \t]*$")
_AUTODOC = re.compile(r"^:::[ \t]+\S")
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+\S")
#: An explicit heading id: ``## Título { #slug }``.
_HEADING_ID = re.compile(r"\{:?[^{}]*#(?P<id>[\w-]+)[^{}]*\}[ \t]*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def flatten_containers(lines: list[str]) -> list[str]:
    """Admonitions and tabs as a bold title followed by their content, dedented."""
    for _ in range(10):  # one level per pass; pages nest two or three at most
        states = site.fence_states(lines)
        out: list[str] = []
        changed = False
        i = 0
        while i < len(lines):
            m = CONTAINER.match(lines[i]) if not states[i] else None
            if not m:
                out.append(lines[i])
                i += 1
                continue
            changed = True
            indent = len(m.group("indent"))
            title = m.group("tab")
            if title is None:
                title = m.group("title")
                if title is None:
                    title = ADMONITION_TITLES.get(m.group("type"), m.group("type"))
            if title:
                out += [f"{m.group('indent')}**{title}**", ""]
            i += 1
            while i < len(lines) and (
                not lines[i].strip() or _indent(lines[i]) >= indent + 4
            ):
                line = lines[i]
                out.append(line[:indent] + line[indent + 4 :] if line.strip() else "")
                i += 1
        lines = out
        if not changed:
            break
    return lines


def _fence_info(info: str) -> str:
    """The language of a fence's info string (``python title="x"`` -> ``python``)."""
    first = info.strip().split(" ")[0] if info.strip() else ""
    return first.strip("{}.")


def _drop_empty_headings(lines: list[str]) -> list[str]:
    """Headings followed only by blank lines, then a same-or-higher heading or end."""
    states = site.fence_states(lines)
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        m = _HEADING.match(line) if not states[i] else None
        if not m:
            continue
        level = len(m.group("level"))
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j == len(lines):
            keep[i] = False
            continue
        n = _HEADING.match(lines[j]) if not states[j] else None
        if n and len(n.group("level")) <= level:
            keep[i] = False
    return [line for line, k in zip(lines, keep, strict=True) if k]


@dataclass
class _Builder:
    """The pieces of one page as they are found, and the prose not yet flushed."""

    root: Path
    claims: placeholders.PageClaims
    pieces: list[Prose | Code] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    #: Explicit heading ids (``{ #slug }``) -> the notebook's anchor for the heading.
    ids: dict[str, str] = field(default_factory=dict)

    def flush(self) -> None:
        text = "\n".join(_drop_empty_headings(self.prose)).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text.strip():
            self.pieces.append(Prose(text))
        self.prose.clear()

    def fence(self, opening: re.Match[str], body: list[str]) -> None:
        """A fence: shown code (snippet includes), or prose with includes expanded."""
        indent = len(opening.group("indent"))
        body = [b[indent:] if b[:indent].strip() == "" else b for b in body]
        specs = site.include_specs(body)
        code = [
            (path, section, spec)
            for _, _, spec in specs
            for path, _, section in [site.split_spec(spec)]
            if site.is_snippet_module(Path(path))
            and path.startswith(f"{site.SNIPPETS}/")
        ]
        if code:
            self.flush()
            text = "\n\n".join(include_text(self.root, spec) for *_, spec in code)
            self.pieces.append(Code(text, tuple((p, s) for p, s, _ in code)))
            return
        by_index = {index: spec for index, _, spec in specs}
        expanded: list[str] = []
        for k, line in enumerate(body):
            if k in by_index:
                expanded += include_text(self.root, by_index[k]).split("\n")
            else:
                expanded.append(line)
        fence = opening.group("fence")
        self.prose += [fence + _fence_info(opening.group("info")), *expanded, fence]

    def line(self, line: str, number: int) -> None:
        """A line outside fences (not a mkdocstrings directive)."""
        specs = site.include_specs([line])
        if specs:
            self.prose += include_text(self.root, specs[0][2]).split("\n")
        elif placeholders.block(line):
            self.prose += placeholders.render_line(self.claims, line.strip(), number)
        elif not (_ABBREVIATION.match(line) or _DIV.match(line)):
            heading = _HEADING.match(line)
            explicit = _HEADING_ID.search(line) if heading else None
            (text,) = placeholders.render_line(self.claims, line, number)
            text = _ATTR_LIST.sub("", text)
            if explicit:
                self.ids[explicit.group("id")] = jupyter_anchor(text)
            self.prose.append(text)


def _body_lines(markdown: str) -> list[str]:
    """The page without front matter and title, its containers flattened."""
    body = re.sub(r"\A---\s*\n.*?\n---\s*\n", "", markdown, count=1, flags=re.S)
    lines = body.split("\n")
    states = site.fence_states(lines)
    for i, line in enumerate(lines):  # the title goes to the first cell
        if not states[i] and re.match(r"^#[ \t]+\S", line):
            del lines[i]
            break
    return flatten_containers(lines)


def page_pieces(
    root: Path,
    src_uri: str,
    markdown: str,
    site_url: str | None = None,
    records: dict | None = None,
) -> list[Prose | Code]:
    """The page as notebook pieces, in order (see the module docstring).

    ``records``: the verification records the placeholders read (loaded from
    ``root/verification`` when not given).
    """
    if "{{ profile" in markdown:  # the profile's facts, as the page shows them
        markdown = render_profile(markdown, src_uri, site_profile(root))
    if records is None:
        records = load_records(root / "verification", root)
    claims = placeholders.PageClaims(
        src_uri, records, root, root / site.DOCS, placeholders.Target.MARKDOWN
    )
    builder = _Builder(root, claims)
    lines = _body_lines(markdown)
    states = site.fence_states(lines)
    i = 0
    while i < len(lines):
        if states[i] == "open":
            j = i + 1
            while j < len(lines) and states[j] == "body":
                j += 1
            builder.fence(site.fence_opening(lines[i]), lines[i + 1 : j])
            i = j + 1
            continue
        if _AUTODOC.match(lines[i]) and not states[i]:
            i += 1  # the directive and its indented options
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) >= 4):
                i += 1
            continue
        if not states[i]:
            builder.line(lines[i], i + 1)
        i += 1
    builder.flush()
    # Links last, on whole cells (a link's text may wrap), once every heading the
    # notebook keeps is known.
    anchors = notebook_anchors(builder.pieces, builder.ids)
    return [
        Prose(_prose_links(p.text, src_uri, site_url, anchors))
        if isinstance(p, Prose)
        else p
        for p in builder.pieces
    ]

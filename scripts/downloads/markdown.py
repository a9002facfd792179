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
  file's text; ``{{ error_message("cat", "slug") }}`` by the recorded message;
- links work where the notebook goes (:func:`_links`): to another page, its absolute
  address on the site when ``site_url`` is known, else only their text (a relative
  link means nothing inside a downloaded notebook); to a heading of this page, the
  notebook's own heading when it keeps it, else the published page;
- ``{{ profile(...) }}`` placeholders become the profile's facts
  (:mod:`scripts.profile.render`);
- a heading left with nothing under it goes.

Includes, fences and markers are read with :mod:`scripts.verification.site`.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from scripts.downloads.sources import include_text
from scripts.profile.load import site_profile
from scripts.profile.render import render_page as render_profile
from scripts.verification import claims, formatting, site


@dataclass(frozen=True)
class Prose:
    """Markdown for a notebook cell."""

    text: str


@dataclass(frozen=True)
class Code:
    """The code of one fence: the includes it holds, joined."""

    text: str
    #: ``(module, section or None)`` of each include in the fence.
    includes: tuple[tuple[str, str | None], ...]


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
_ERROR_MESSAGE = re.compile(
    r'^\{\{ error_message\("(?P<category>[a-z_]+)", "(?P<slug>[a-z0-9-]+)"\) \}\}$'
)
_LINK = re.compile(r"(!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+\S")
#: An explicit heading id: ``## Título { #slug }``.
_HEADING_ID = re.compile(r"\{:?[^{}]*#(?P<id>[\w-]+)[^{}]*\}[ \t]*$")
#: Where the error tests record the messages (see scripts/hooks/error_messages.py).
MESSAGES = Path("snippets/errors/messages")


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


def page_url(src_uri: str) -> str:
    """The URL (relative to the site root) of a page source, directory style."""
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


def slugify(text: str) -> str:
    """The heading id MkDocs gives a heading (Python-Markdown's ``toc`` default)."""
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def jupyter_anchor(heading: str) -> str:
    """The anchor Jupyter (Notebook, Lab) gives a Markdown heading: its text, spaces
    as ``-``, case and accents kept (``## Como rodar`` -> ``#Como-rodar``)."""
    text = re.sub(r"^#{1,6}[ \t]+", "", heading).strip()
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", "-", text)


def notebook_anchors(pieces: list, ids: dict[str, str]) -> dict[str, str]:
    """Site anchor -> notebook anchor, for every heading the notebook keeps."""
    anchors = dict(ids)
    for piece in pieces:
        if not isinstance(piece, Prose):
            continue
        lines = piece.text.split("\n")
        for line, state in zip(lines, site.fence_states(lines), strict=True):
            if not state and _HEADING.match(line):
                anchors.setdefault(
                    slugify(re.sub(r"^#+", "", line)), jupyter_anchor(line)
                )
    kept = {jupyter_anchor(line) for line in _headings(pieces)}
    return {site_id: nb for site_id, nb in anchors.items() if nb in kept}


def _headings(pieces: list) -> list[str]:
    found = []
    for piece in pieces:
        if isinstance(piece, Prose):
            lines = piece.text.split("\n")
            found += [
                line
                for line, state in zip(lines, site.fence_states(lines), strict=True)
                if not state and _HEADING.match(line)
            ]
    return found


def _links(
    text: str, src_uri: str, site_url: str | None, anchors: dict[str, str] | None = None
) -> str:
    """Links that work where the notebook goes (Colab, Jupyter, a file on disk).

    - an address (``https://…``) stays;
    - an anchor of this page (``#como-rodar``) points to the notebook's own heading
      when the notebook has it (Jupyter's anchor for it); otherwise, like a link to
      another page, to the published page;
    - a link to another page (``../erros/tipos.md#double-float``) becomes the page's
      absolute address on the site (``site_url``);
    - without ``site_url`` (a local build: the address of the published site is not
      known), such a link keeps only its text: a relative link means nothing inside a
      downloaded notebook, and the records' bytes (built without ``site_url``) stay
      the same wherever the site is published.
    """
    anchors = anchors or {}

    def replace(m: re.Match[str]) -> str:
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return m.group(0)
        if target.startswith("#") and target[1:] in anchors:
            anchor = quote(anchors[target[1:]], safe="-._~!$&'*+,;=:@/?")
            return f"{m.group(1)}[{m.group('text')}](#{anchor})"
        if not site_url:
            return m.group("text")
        path, _, anchor = target.partition("#")
        resolved = (
            posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            if path
            else src_uri
        )
        url = page_url(resolved) if resolved.endswith(".md") else resolved
        url = site_url.rstrip("/") + "/" + url + (f"#{anchor}" if anchor else "")
        return f"{m.group(1)}[{m.group('text')}]({url})"

    return _LINK.sub(replace, text)


def reference_output(root: Path, module: str) -> str:
    """What `module`'s `main()` prints on the reference build (`output/<name>.txt`)."""
    path = root / module
    return (path.parent / "output" / f"{path.stem}.txt").read_text(encoding="utf-8")


def _recorded_output(root: Path, module: str) -> list[str]:
    """The page's `{{ output(...) }}` as a text block: the reference output."""
    body = reference_output(root, module).rstrip("\n")
    return ["Saída esperada (a da execução registrada em CPU):", "", "```text",
            body, "```"]  # fmt: skip


def _values(line: str, root: Path) -> str:
    """Inline `{{ value(...) }}` written from the reference output, pt-BR style."""

    def replace(m: re.Match[str]) -> str:
        if m.group("name") != "value":
            return m.group()
        module, label, *rest = claims.parse_args(m.group("args"))
        index = rest[0] if rest else 1
        for out_line in reference_output(root, module).splitlines():
            if label in out_line:
                numbers = claims.NUMBER.findall(out_line.split(label, 1)[1])
                return formatting.recorded(numbers[index - 1])
        return m.group()

    return claims.PLACEHOLDER.sub(replace, line)


def _error_message(root: Path, category: str, slug: str) -> list[str]:
    """The recorded message as a text block (what the error hook shows)."""
    record = json.loads(
        (root / MESSAGES / f"{category}.json").read_text(encoding="utf-8")
    )
    entry = record["entries"][slug]
    message = entry["message"] or f"… {entry['stable']} …"
    return ["```text", f"{entry['type']}: {message.rstrip()}", "```"]


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


def page_pieces(
    root: Path, src_uri: str, markdown: str, site_url: str | None = None
) -> list[Prose | Code]:
    """The page as notebook pieces, in order (see the module docstring)."""
    if "{{ profile" in markdown:  # the profile's facts, as the page shows them
        markdown = render_profile(markdown, src_uri, site_profile(root))
    body = re.sub(r"\A---\s*\n.*?\n---\s*\n", "", markdown, count=1, flags=re.S)
    lines = body.split("\n")
    states = site.fence_states(lines)
    for i, line in enumerate(lines):  # the title goes to the first cell
        if not states[i] and re.match(r"^#[ \t]+\S", line):
            del lines[i]
            break
    lines = flatten_containers(lines)
    pieces: list[Prose | Code] = []
    prose: list[str] = []
    ids: dict[str, str] = {}  # explicit heading ids ({ #slug }) -> notebook anchor

    def flush() -> None:
        text = "\n".join(_drop_empty_headings(prose)).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        if text.strip():
            pieces.append(Prose(text))
        prose.clear()

    states = site.fence_states(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if states[i] == "open":
            opening = site.fence_opening(line)
            assert opening is not None
            indent = len(opening.group("indent"))
            j = i + 1
            while j < len(lines) and states[j] == "body":
                j += 1
            fence_body = [
                b[indent:] if b[:indent].strip() == "" else b for b in lines[i + 1 : j]
            ]
            specs = site.include_specs(fence_body)
            modules = [
                (site.split_spec(spec)[0], site.split_spec(spec)[2], spec)
                for _, _, spec in specs
            ]
            code_specs = [
                m
                for m in modules
                if site.is_snippet_module(Path(m[0]))
                and m[0].startswith(f"{site.SNIPPETS}/")
            ]
            if code_specs:
                flush()
                text = "\n\n".join(include_text(root, spec) for *_, spec in code_specs)
                pieces.append(Code(text, tuple((p, s) for p, s, _ in code_specs)))
            else:
                expanded: list[str] = []
                by_index = {index: spec for index, _, spec in specs}
                for k, b in enumerate(fence_body):
                    if k in by_index:
                        expanded += include_text(root, by_index[k]).split("\n")
                    else:
                        expanded.append(b)
                fence = opening.group("fence")
                prose += [fence + _fence_info(opening.group("info")), *expanded, fence]
            i = j + 1
            continue
        if states[i]:
            i += 1
            continue
        specs = site.include_specs([line])
        output = claims.PLACEHOLDER.fullmatch(line.strip())
        if specs:
            prose += include_text(root, specs[0][2]).split("\n")
        elif output and output.group("name") == "output":
            prose += _recorded_output(root, claims.parse_args(output["args"])[0])
        elif m := _ERROR_MESSAGE.match(line.strip()):
            prose += _error_message(root, m.group("category"), m.group("slug"))
        elif _AUTODOC.match(line):
            i += 1
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) >= 4):
                i += 1
            continue
        elif _ABBREVIATION.match(line) or _DIV.match(line):
            pass
        else:
            heading = _HEADING.match(line)
            explicit = _HEADING_ID.search(line) if heading else None
            text = _ATTR_LIST.sub("", _values(line, root))
            if explicit:
                ids[explicit.group("id")] = jupyter_anchor(text)
            prose.append(text)
        i += 1
    flush()
    # Links last, on whole cells (a link's text may wrap), once every heading the
    # notebook keeps is known.
    anchors = notebook_anchors(pieces, ids)
    return [
        Prose(_prose_links(p.text, src_uri, site_url, anchors))
        if isinstance(p, Prose)
        else p
        for p in pieces
    ]


def _prose_links(
    text: str, src_uri: str, site_url: str | None, anchors: dict[str, str]
) -> str:
    """:func:`_links` on each run of lines outside fences (never inside code)."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line, state in zip(lines, site.fence_states(lines), strict=True):
        if state:
            if run:
                out += _links("\n".join(run), src_uri, site_url, anchors).split("\n")
                run = []
            out.append(line)
        else:
            run.append(line)
    if run:
        out += _links("\n".join(run), src_uri, site_url, anchors).split("\n")
    return "\n".join(out)

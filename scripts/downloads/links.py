"""Links in a page's notebook pieces: where each one goes once the page is a notebook.

A link to a heading of the page points to the notebook's own heading when the
notebook keeps it (Jupyter's anchor for it); a link to another page, to its address
on the published site (``site_url``), or to nothing but its text when that address
is not known (a relative link means nothing inside a downloaded notebook).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import quote

from scripts.downloads.pieces import Prose
from scripts.verification import site

_LINK = re.compile(r"(!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+\S")


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

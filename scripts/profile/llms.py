"""``llms.txt``, ``llms-full.txt`` and a Markdown version of every page.

The Markdown of a page is its source after the profile's placeholders, read by
:func:`scripts.downloads.markdown.page_pieces` (the notebooks' reader): includes
expanded to the exact text of the tested sections, outputs and error messages from
the records, MkDocs-only syntax removed, links to other pages pointed at their
Markdown versions. Each code block is fenced with the
includes it came from in its title (``title="snippets/x.py:section"``) and
followed by one line per module saying on which runner and torch it was verified.
``llms.txt`` follows llmstxt.org: an H1, a summary blockquote, then sections of
links with one-line descriptions.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from scripts.downloads.markdown import page_pieces
from scripts.downloads.pieces import Code
from scripts.profile.publish import example_status, markdown_path, page_url


@dataclass(frozen=True)
class PageText:
    """One page of the site as the llms files list it."""

    src_uri: str
    title: str
    description: str
    section: str
    markdown: str  # the page source, profile placeholders rendered


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def verified_line(module: str, records: dict[str, dict], root: Path) -> str:
    """``Verificado — snippets/x.py: CPU: … (torch 2.6.0 – 2.14.1); GPU: …``."""
    parts = []
    for status in example_status(module, records, root).values():
        torch = status["torch"]
        span = (
            f" (torch {torch[0]}" + (f" – {torch[-1]})" if len(torch) > 1 else ")")
            if torch
            else ""
        )
        parts.append(f"{status['label']}: {status['text']}{span}")
    return f"*Verificado — `{module}`: {'; '.join(parts)}.*"


#: What :func:`page_pieces` is told the site's address is, to find the page links.
_SENTINEL = "llms-site:"
_SITE_LINK = re.compile(
    r"\]\(" + re.escape(_SENTINEL) + r"/(?P<path>[^)#\s]*)(?P<anchor>#[^)\s]*)?\)"
)


_RAW_LINK = re.compile(
    r"\]\((?![a-z][a-z0-9+.-]*:)(?P<path>[^)#\s]+\.md)(?P<anchor>#[^)\s]*)?\)"
)


def _md_links(text: str, here: str, site_url: str | None) -> str:
    """Links to other pages, pointed at their Markdown versions.

    Relative to the folder ``here`` (of the file being written), or absolute with
    ``site_url``.
    """

    def replace(m: re.Match[str]) -> str:
        path = m.group("path")
        if path == "" or path.endswith("/"):
            path += "index.md"
        target = (
            site_url.rstrip("/") + "/" + path
            if site_url
            else posixpath.relpath(path, here or ".")
        )
        return f"]({target}{m.group('anchor') or ''})"

    return _SITE_LINK.sub(replace, text)


def _raw_links(text: str, src_uri: str) -> str:
    """Links to pages that :func:`page_pieces` left as written (link text across a
    line break), in the sentinel form :func:`_md_links` reads."""

    def replace(m: re.Match[str]) -> str:
        path = posixpath.normpath(
            posixpath.join(posixpath.dirname(src_uri), m.group("path"))
        )
        return f"]({_SENTINEL}/{page_url(path)}{m.group('anchor') or ''})"

    return _RAW_LINK.sub(replace, text)


def page_markdown(
    page: PageText,
    records: dict,
    root: Path,
    site_url: str | None,
    from_root: bool = False,
) -> str:
    """The Markdown version of one page (links relative to the site root when
    ``from_root``, as ``llms-full.txt`` needs; else to the page's own file)."""
    here = "" if from_root else posixpath.dirname(markdown_path(page.src_uri))
    out = [f"# {page.title}", ""]
    if page.description:
        out += [f"> {page.description}", ""]
    for piece in page_pieces(root, page.src_uri, page.markdown, _SENTINEL, records):
        if isinstance(piece, Code):
            specs = " ".join(m + (f":{s}" if s else "") for m, s in piece.includes)
            fence = _fence(piece.text)
            out += [f'{fence}python title="{specs}"', piece.text, fence, ""]
            out += [
                verified_line(m, records, root)
                for m, _ in dict.fromkeys(piece.includes)
            ]
            out.append("")
        else:
            text = _raw_links(piece.text, page.src_uri)
            out += [_md_links(text, here, site_url), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _url(path: str, site_url: str | None) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def llms_txt(
    name: str,
    summary: str,
    pages: list[PageText],
    profile: dict,
    site_url: str | None,
) -> str:
    """``llms.txt``: the site's pages by section, and the data files."""
    out = [f"# {name}", "", f"> {summary}", ""]
    out += [
        f"Perfil da biblioteca {profile['display_name']} (pacote `{profile['name']}`), "
        f"revisado em {profile['last_update']['value']}. Cada bloco de código das "
        "páginas em Markdown é, byte a byte, a seção de um módulo testado, seguida "
        "de onde e com qual versão ela foi verificada.",
        "",
        "## Dados",
        "",
        f"- [profile.json]({_url('profile.json', site_url)}): o perfil como dados, "
        "com o status de verificação de cada exemplo",
        f"- [profile.schema.json]({_url('profile.schema.json', site_url)}): o "
        "JSON Schema do profile.json",
        f"- [llms-full.txt]({_url('llms-full.txt', site_url)}): todas as páginas "
        "em Markdown num só arquivo",
    ]
    section = None
    for page in pages:
        if page.section != section:
            section = page.section
            out += ["", f"## {section}", ""]
        link = f"[{page.title}]({_url(markdown_path(page.src_uri), site_url)})"
        out.append(f"- {link}: {page.description}" if page.description else f"- {link}")
    return "\n".join(out) + "\n"


def llms_full(name: str, summary: str, bodies: list[str]) -> str:
    """``llms-full.txt``: every page's Markdown, in navigation order."""
    return "\n".join([f"# {name}", "", f"> {summary}", "", *bodies])

"""Section markers in modules, and the checks that tie pages to modules.

A module marks what a page shows with ``# --8<-- [start:name]`` and
``# --8<-- [end:name]``, found with the same expression as ``pymdownx.snippets``
(``;``-escaped markers are text, not markers). The build is lenient where it hurts:
a start without an end silently runs to the end of the file, a second section with
the same name is silently ignored, a line range keeps pointing at line numbers after
the code moved. These checks close those holes:

- :func:`check_markers`: markers are balanced, unique, well ordered and named
  ``lowercase-with-dashes``.
- :func:`check_includes`: every include resolves to an existing file (inside the
  repository) and section; no line ranges, no URLs; outside fences only Markdown
  files are included.
- :func:`check_sections_shown`: every declared section is shown on some page (a
  whole-file include shows all its sections).
- :func:`check_modules_shown_and_tested`: every module under ``snippets/`` is shown
  on some page and imported by some ``test_*.py`` under ``snippets/``.
- :func:`check_fragments`: a ``fragment-…`` section is shown on a page that also
  shows a standalone section (or the whole file) containing it.
"""

from __future__ import annotations

import posixpath
import textwrap
from dataclasses import dataclass
from pathlib import Path

from scripts.verification.site import (
    FRAGMENT_PREFIX,
    RE_SNIPPET_SECTION,
    SECTION_NAME,
    dotted_name,
    imported_names,
    section_markers,
    snippet_files,
    snippet_modules,
)
from tests.drift.pages import Page, parse_pages, relpath


@dataclass
class Section:
    """A declared section: ``start``/``end`` are the 1-based marker lines."""

    file: str
    name: str
    start: int
    end: int


@dataclass
class Marker:
    file: str
    line: int
    kind: str  # "start" or "end"
    name: str


def markers(path: Path, root: Path) -> list[Marker]:
    """Every active (not ``;``-escaped) section marker of a file, in order."""
    rel = relpath(path, root)
    text = path.read_text(encoding="utf-8")
    return [Marker(rel, line, kind, name) for line, kind, name in section_markers(text)]


def sections(path: Path, root: Path) -> dict[str, Section]:
    """The well-formed sections of a file (first start, first end after it)."""
    out: dict[str, Section] = {}
    starts: dict[str, int] = {}
    for mk in markers(path, root):
        if mk.kind == "start" and mk.name not in starts and mk.name not in out:
            starts[mk.name] = mk.line
        elif mk.kind == "end" and mk.name in starts:
            out[mk.name] = Section(mk.file, mk.name, starts.pop(mk.name), mk.line)
    return out


def section_text(path: Path, name: str | None) -> list[str]:
    """The lines the build inserts for ``path`` or ``path:name`` (dedented).

    Mirrors ``pymdownx.snippets`` with ``dedent_subsections: true``: a section is
    the lines between its first start and the next end, minus other markers, then
    dedented; a whole file is every line minus markers (not dedented). An escaped
    marker (``;--8<--``) is shown with one ``;`` removed.
    """
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n") if text else []
    out: list[str] = []
    inside = name is None
    for line in lines:
        m = RE_SNIPPET_SECTION.match(line) if "8<-" in line else None
        if m and m.group("escape"):
            line = (
                m.group("pre")
                + m.group("escape").replace(";", "", 1)
                + m.group("inline_marker")
                + m.group("section")
                + m.group("post")
            )
        elif m:
            if name is not None and m.group("name") == name:
                if m.group("type").lower() == "start":
                    inside = True
                    continue
                if inside:
                    break
            continue
        if inside:
            out.append(line)
    if name is not None:
        out = textwrap.dedent("\n".join(out)).split("\n")
    return out


def example_modules(root: Path) -> list[Path]:
    """Example modules: the snippet modules of :mod:`scripts.verification.site`."""
    return snippet_modules(root)


def check_markers(root: Path) -> list[str]:
    """Guard 2b: section markers are balanced, unique, ordered and well named."""
    problems = []
    for path in snippet_files(root) + sorted((root / "docs").rglob("*.md")):
        opened: dict[str, Marker] = {}
        closed: dict[str, Marker] = {}
        for mk in markers(path, root):
            where = f"{mk.file}:{mk.line}"
            if not SECTION_NAME.match(mk.name):
                problems.append(
                    f"{where}: section name '{mk.name}' must be lowercase-with-dashes "
                    "and start with a letter"
                )
            if mk.kind == "start":
                if mk.name in opened or mk.name in closed:
                    first = opened.get(mk.name) or closed[mk.name]
                    problems.append(
                        f"{where}: second [start:{mk.name}] (first at line "
                        f"{first.line}); the build silently ignores one of them"
                    )
                    continue
                opened[mk.name] = mk
            else:
                if mk.name in closed:
                    problems.append(
                        f"{where}: second [end:{mk.name}] (first at line "
                        f"{closed[mk.name].line})"
                    )
                elif mk.name not in opened:
                    problems.append(
                        f"{where}: [end:{mk.name}] has no [start:{mk.name}] before it"
                    )
                else:
                    closed[mk.name] = opened.pop(mk.name)
        for mk in opened.values():
            problems.append(
                f"{mk.file}:{mk.line}: [start:{mk.name}] has no [end:{mk.name}] "
                "(the build would silently show the rest of the file)"
            )
    return problems


def _inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def check_includes(root: Path, pages: list[Page] | None = None) -> list[str]:
    """Guard 2a: every include on every page resolves, without line ranges or URLs."""
    pages = parse_pages(root) if pages is None else pages
    problems = []
    for page in pages:
        for inc in page.includes:
            where = f"{inc.origin}: {inc}"
            if inc.path.lower().startswith(("http://", "https://")):
                problems.append(f"{where}: remote includes are not allowed (offline)")
                continue
            if inc.line_ranges:
                problems.append(
                    f"{where}: line ranges drift when the file changes; mark a "
                    "section (# --8<-- [start:name] ... [end:name]) and include it"
                )
                continue
            target = root / inc.path
            if not _inside(root, target):
                problems.append(f"{where}: path outside the repository")
                continue
            if not target.is_file():
                problems.append(f"{where}: file {inc.path} does not exist")
                continue
            if inc.fence is None and not inc.path.endswith(".md"):
                problems.append(
                    f"{where}: outside a fence only Markdown files may be included "
                    "(put it in a ```python or ```text fence)"
                )
            if inc.section is not None:
                declared = sections(target, root)
                if inc.section not in declared:
                    names = ", ".join(sorted(declared)) or "none"
                    problems.append(
                        f"{where}: section '{inc.section}' is not declared in "
                        f"{inc.path} (sections there: {names})"
                    )
    return problems


def shown(pages: list[Page]) -> tuple[dict[str, set[str]], set[str]]:
    """Sections shown per file, and files shown whole, over all pages."""
    by_file: dict[str, set[str]] = {}
    whole: set[str] = set()
    for page in pages:
        for inc in page.includes:
            if inc.line_ranges:
                continue
            path = posixpath.normpath(inc.path)
            if inc.section is None:
                whole.add(path)
            else:
                by_file.setdefault(path, set()).add(inc.section)
    return by_file, whole


def check_sections_shown(root: Path, pages: list[Page] | None = None) -> list[str]:
    """Guard 2c: every section declared in ``snippets/`` is shown on some page."""
    pages = parse_pages(root) if pages is None else pages
    by_file, whole = shown(pages)
    problems = []
    for path in snippet_files(root):
        rel = relpath(path, root)
        if rel in whole:
            continue
        for sec in sections(path, root).values():
            if sec.name not in by_file.get(rel, set()):
                problems.append(
                    f"{rel}:{sec.start}: section '{sec.name}' is shown on no page "
                    f'(include it with --8<-- "{rel}:{sec.name}" or remove the markers)'
                )
    return problems


def check_modules_shown_and_tested(
    root: Path, pages: list[Page] | None = None
) -> list[str]:
    """Guard 3: every example module is included by a page and imported by a test.

    A module is a snippet module (:func:`scripts.verification.site.is_snippet_module`).
    "Tested" means some ``test_*.py`` under ``snippets/`` has
    ``import snippets.x.y``, ``from snippets.x.y import ...`` or
    ``from snippets.x import y``.
    """
    pages = parse_pages(root) if pages is None else pages
    by_file, whole = shown(pages)
    imported: set[str] = set()
    for test in snippet_files(root):
        if test.name.startswith("test_"):
            imported.update(imported_names(test))
    problems = []
    for path in example_modules(root):
        rel = relpath(path, root)
        dotted = dotted_name(rel)
        if rel not in whole and not by_file.get(rel):
            problems.append(f"{rel}: module is included by no page")
        if dotted not in imported:
            problems.append(
                f"{rel}: no test_*.py under snippets/ imports {dotted} "
                f"(add {relpath(path.parent, root)}/test_{path.name})"
            )
    return problems


def check_fragments(root: Path, pages: list[Page] | None = None) -> list[str]:
    """A ``fragment-…`` section is shown with the standalone section it belongs to.

    The page that shows ``x.py:fragment-a`` must also include the whole of ``x.py``
    or a section of ``x.py`` not named ``fragment-…`` whose markers enclose it, so
    the reader can copy something that runs.
    """
    pages = parse_pages(root) if pages is None else pages
    problems = []
    for page in pages:
        here = [i for i in page.includes if not i.line_ranges]
        for inc in here:
            if not (inc.section or "").startswith(FRAGMENT_PREFIX):
                continue
            target = root / inc.path
            if not target.is_file():
                continue  # reported by check_includes
            declared = sections(target, root)
            frag = declared.get(inc.section)
            if frag is None:
                continue
            ok = False
            for other in here:
                if other.path != inc.path:
                    continue
                if other.section is None:
                    ok = True
                    break
                outer = declared.get(other.section)
                if (
                    outer is not None
                    and not outer.name.startswith(FRAGMENT_PREFIX)
                    and outer.start < frag.start
                    and frag.end < outer.end
                ):
                    ok = True
                    break
            if not ok:
                problems.append(
                    f"{inc.origin}: {inc} is a fragment, but {page.path} shows no "
                    f"standalone section of {inc.path} that contains it (show or fold "
                    "it with ??? example)"
                )
    return problems


def check_snippets_config(root: Path) -> list[str]:
    """The build itself must fail on a missing file or section (``check_paths``)."""
    from tests.support.config import mkdocs_config

    cfg = mkdocs_config(root)
    for ext in cfg.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            opts = ext["pymdownx.snippets"] or {}
            problems = []
            if opts.get("check_paths") is not True:
                problems.append(
                    "mkdocs.yml: pymdownx.snippets needs check_paths: true (otherwise "
                    "a missing file or section renders an empty block)"
                )
            if opts.get("url_download"):
                problems.append(
                    "mkdocs.yml: pymdownx.snippets url_download must be off"
                )
            return problems
    return ["mkdocs.yml: pymdownx.snippets is not configured"]

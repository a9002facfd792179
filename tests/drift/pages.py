"""Read the pages the way ``pymdownx.snippets`` and ``pymdownx.superfences`` do.

A page (``docs/**/*.md``) is read line by line. ``--8<--`` includes are found with the
very regular expressions of the installed ``pymdownx.snippets`` (so a line that the
build would not treat as an include is not one here either), in all their forms:

- inline: ``--8<-- "path"``, ``--8<-- "path:section"``, ``--8<-- "path:1:5"`` (line
  ranges: parsed so they can be *forbidden*, since they drift silently when the file
  changes), with single or double quotes, escaped (``;--8<--``) or commented out
  (``--8<-- ";path"``) lines ignored;
- block: a line ``--8<--``, then one path per line, then ``--8<--``.

Includes of Markdown files *outside* fences (a generated table) are expanded in place,
recursively, as the build does, so the fences they bring are part of the page.

Fences are ``````` or ``~~~`` (three or more) at any indentation, so fences inside
tabs (``=== "x"``), admonitions (``!!!``/``???``), ``<details>`` and list items are
found; the language comes from the info string (``python title="x"``) or from the
first class of an attribute list (``{ .python title="x" }``).

The expressions and the fence rules are those of :mod:`scripts.verification.site`,
the vocabulary the badges hook uses too. Guard 1 (inline Python) is
:mod:`tests.drift.python_blocks`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from scripts.verification import claims
from scripts.verification.schema import load_records
from scripts.verification.site import (
    DOCS,
    RE_ALL_SNIPPETS,
    closes_fence,
    fence_opening,
    fence_states,
    include_specs,
    split_spec,
)

__all__ = ["RE_ALL_SNIPPETS", "split_spec"]  # re-exported for tests.drift modules


#: Fence languages that Pygments highlights as Python source.
PYTHON_SOURCE_LANGS = frozenset({"python", "py", "python3", "py3", "pyi"})
#: Fence languages for interactive Python sessions: Python too, but not runnable as is.
PYTHON_CONSOLE_LANGS = frozenset(
    {"pycon", "python-console", "ipython", "ipython3", "ipython-console"}
)
PYTHON_LANGS = PYTHON_SOURCE_LANGS | PYTHON_CONSOLE_LANGS

_ATTR_CLASS = re.compile(r"\.([A-Za-z0-9_+\-]+)")


@dataclass(frozen=True)
class Origin:
    """Where a line was written: a repo-relative file and a 1-based line number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Include:
    """One ``--8<--`` include.

    Attributes:
        origin: where the include line is written (a page or a Markdown include).
        page: the page (``docs/...md``) that shows it.
        spec: the path specifier as written (``snippets/x.py:section``).
        path: the file part of the specifier.
        section: the section name, or ``None`` for a whole file or line ranges.
        line_ranges: the line-range part (``:1:5``) if any, else ``None``.
        space: the indentation of the include line (relative to its fence body),
            which the build prefixes to every included line.
        fence: the fence that contains the include, or ``None`` outside fences.
    """

    origin: Origin
    page: str
    spec: str
    path: str
    section: str | None
    line_ranges: str | None
    space: str = ""
    fence: Fence | None = None

    def __str__(self) -> str:
        return f'--8<-- "{self.spec}"'


@dataclass
class Fence:
    """A fenced code block of a page.

    Attributes:
        origin: the opening fence line.
        page: the page that shows it.
        indent: the indentation of the opening fence.
        info: the info string after the fence characters.
        lang: the lowercased language (``""`` when none is given).
        body: the body lines, with the fence indentation removed.
        body_origins: where each body line was written.
        includes: the includes written in the body, in order.
        closed: whether a closing fence was found.
    """

    origin: Origin
    page: str
    indent: str
    info: str
    lang: str
    body: list[str] = field(default_factory=list)
    body_origins: list[Origin] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    closed: bool = True

    @property
    def is_python(self) -> bool:
        return self.lang in PYTHON_LANGS

    def other_lines(self) -> list[tuple[Origin, str]]:
        """Non-blank body lines that are not include notation."""
        out = []
        block = False
        for origin, line in zip(self.body_origins, self.body, strict=True):
            m = RE_ALL_SNIPPETS.match(line)
            if m and not m.group("escape"):
                if m.group("block_marker"):
                    block = not block
                continue
            if block or not line.strip():
                continue
            out.append((origin, line))
        return out

    def body_hash(self) -> str:
        """Hash of the dedented body: the identity of an untested block."""
        text = textwrap.dedent("\n".join(self.body)).strip("\n")
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Page:
    """A page with its fences and includes (Markdown includes expanded)."""

    path: str
    fences: list[Fence]
    includes: list[Include]
    problems: list[str]
    #: The expanded lines (what Markdown sees) and where each was written.
    lines: list[str] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)


def relpath(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def page_files(root: Path) -> list[Path]:
    """Every Markdown page under ``docs/``, sorted."""
    return sorted((root / DOCS).rglob("*.md"))


def fence_lang(info: str) -> str:
    """The language of a fence from its info string (``py title="x"``, ``{.py}``)."""
    info = info.strip()
    if info.startswith("{"):
        m = _ATTR_CLASS.search(info)
        return m.group(1).lower() if m else ""
    return info.split(None, 1)[0].lower() if info else ""


@functools.cache
def _records(root: Path) -> dict[str, dict]:
    return load_records(root / "verification", root)


def _expand(
    root: Path, file: Path, page: str, stack: tuple[str, ...], problems: list[str]
) -> tuple[list[str], list[Origin]]:
    """The lines of ``file`` with Markdown includes outside fences expanded."""
    rel = relpath(file, root)
    raw = file.read_text(encoding="utf-8").split("\n")
    lines: list[str] = []
    origins: list[Origin] = []
    specs = {i: (space, spec) for i, space, spec in include_specs(raw)}
    states = fence_states(raw)
    for i, line in enumerate(raw):
        origin = Origin(rel, i + 1)
        # The build expands Markdown includes outside fences (a closing line is out).
        fence = states[i] in ("open", "body")
        output = None if fence else claims.PLACEHOLDER.fullmatch(line.strip())
        if output and output.group("name") == "output":
            # The build renders the recorded output here (scripts/hooks/
            # recorded_claims.py): the same Markdown, so its fences are counted.
            indent = line[: len(line) - len(line.lstrip())]
            module = claims.parse_args(output.group("args"))[0]
            rendered = claims.render_output(module, _records(root), root, indent)
            lines += rendered
            origins += [origin] * len(rendered)
            continue
        if not fence and i in specs:
            space, spec = specs[i]
            path, ranges, section = split_spec(spec)
            target = root / path
            if path.endswith(".md") and not ranges and not section and target.is_file():
                if path in stack:
                    problems.append(f"{origin}: recursive include of {path}")
                    continue
                sub, sub_origins = _expand(root, target, page, (*stack, path), problems)
                lines += [space + s for s in sub]
                origins += sub_origins
                continue
        lines.append(line)
        origins.append(origin)
    return lines, origins


def parse_page(root: Path, page_path: Path) -> Page:
    """Parse one page: its fences and all its includes (inside and outside fences)."""
    page = relpath(page_path, root)
    problems: list[str] = []
    lines, origins = _expand(root, page_path, page, (page,), problems)
    fences: list[Fence] = []
    includes: list[Include] = []
    current: Fence | None = None
    opened = ""

    for i, line in enumerate(lines):
        if current is None:
            m = fence_opening(line)
            if m:
                opened = m.group("fence")
                current = Fence(
                    origin=origins[i],
                    page=page,
                    indent=m.group("indent"),
                    info=m.group("info").strip(),
                    lang=fence_lang(m.group("info")),
                )
                fences.append(current)
            continue
        if closes_fence(opened, line):
            current = None
            continue
        if line.startswith(current.indent):
            current.body.append(line[len(current.indent) :])
        else:  # a blank or less indented line: Markdown drops the container indent
            current.body.append(line.lstrip())
        current.body_origins.append(origins[i])
    if current is not None:
        current.closed = False
        problems.append(f"{current.origin}: fence '{current.info}' is never closed")

    # Includes, with their fence (the build expands them before any Markdown parsing).
    by_origin = {}
    for f in fences:
        for o in f.body_origins:
            by_origin[o] = f
    for i, space, spec in include_specs(lines):
        path, ranges, section = split_spec(spec)
        fence = by_origin.get(origins[i])
        inc = Include(
            origin=origins[i],
            page=page,
            spec=spec,
            path=path,
            section=section,
            line_ranges=ranges,
            space=space[len(fence.indent) :] if fence else space,
            fence=fence,
        )
        includes.append(inc)
        if fence is not None:
            fence.includes.append(inc)
    return Page(page, fences, includes, problems, lines, origins)


def _md_includes(root: Path, page: Page) -> list[Include]:
    """Markdown includes outside fences (expanded in the page, so not in ``lines``)."""
    found = []

    def walk(file: Path, stack: tuple[str, ...]):
        raw = file.read_text(encoding="utf-8").split("\n")
        rel = relpath(file, root)
        in_fence = _fenced_lines(raw)
        for i, space, spec in include_specs(raw):
            if in_fence[i]:
                continue
            path, ranges, section = split_spec(spec)
            inc = Include(
                Origin(rel, i + 1), page.path, spec, path, section, ranges, space
            )
            target = root / path
            if path.endswith(".md") and not ranges and not section and target.is_file():
                found.append(inc)  # expanded into the page: not in ``page.lines``
                if path not in stack:
                    walk(target, (*stack, path))

    walk(root / page.path, (page.path,))
    return found


def _fenced_lines(raw: list[str]) -> list[bool]:
    return [state == "body" for state in fence_states(raw)]


def parse_pages(root: Path) -> list[Page]:
    """Every page of the site, parsed, with Markdown includes listed too."""
    pages = []
    for path in page_files(root):
        page = parse_page(root, path)
        page.includes = _md_includes(root, page) + page.includes
        pages.append(page)
    return pages

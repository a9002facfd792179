"""Guard 5's machinery: each fence of a page matched to its block in the built HTML.

The HTML is read by :mod:`tests.drift.html_tree` (code blocks and their copy text).
The fences of a page (see :mod:`tests.drift.pages`) and the code blocks of its HTML
are matched one to one, in order, language by language. A different count means
something rendered differently from what the source says (a fence broken by wrong
indentation, Python in an indented code block or in raw HTML...): that fails too.
:func:`check_rendered_blocks` is guard 5; :func:`standalone_blocks` gives guard 4
(:mod:`tests.drift.standalone`) the copy text of every shown section.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from scripts.verification.site import ERROR_PREFIX, FRAGMENT_PREFIX
from tests.drift.html_tree import Block, code_blocks, docstring_python, short
from tests.drift.includes import section_text
from tests.drift.pages import (
    PYTHON_SOURCE_LANGS,
    RE_ALL_SNIPPETS,
    Fence,
    Page,
    parse_pages,
    split_spec,
)
from tests.support.config import mkdocs_config


def html_file(site: Path, page: str) -> Path:
    """Built file of a page (``docs/a/b.md`` → ``a/b/index.html``)."""
    rel = page.removeprefix("docs/")
    rel = re.sub(r"(^|/)(index|README)\.md$", r"\1", rel)
    rel = re.sub(r"\.md$", "/", rel)
    return site / rel / "index.html"


def _site_options(root: Path) -> tuple[bool, dict]:
    cfg = mkdocs_config(root)
    features = (cfg.get("theme") or {}).get("features") or []
    return "content.code.annotate" in features, (cfg.get("extra") or {}).get(
        "annotate"
    ) or {}


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
            f"starting {short(block.text)!r}"
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
    """A Python block a reader can copy: where it is shown and the copied text.

    ``ids`` are the section ids of the fences that show it (see :func:`section_id`);
    ``expect_error`` is true for an ``error-…`` section, which must raise.
    """

    label: str
    places: list[str]
    code: str
    ids: list[str] = field(default_factory=list)
    expect_error: bool = False


def is_standalone_fence(fence: Fence) -> bool:
    """A Python fence of only whole-module or section includes, none a fragment."""
    if fence.lang not in PYTHON_SOURCE_LANGS or not fence.includes:
        return False
    if fence.other_lines():
        return False  # inline Python: guard 1 (or the reviewed allowlist)
    specs = fence.includes
    if any(not i.path.endswith(".py") or i.line_ranges for i in specs):
        return False
    return not any((i.section or "").startswith(FRAGMENT_PREFIX) for i in specs)


def section_id(fence: Fence) -> str:
    """The test id of what a fence shows: its include specs joined by ``+``."""
    return "+".join(i.spec for i in fence.includes)


def shown_section_ids(pages: list[Page]) -> list[str]:
    """Every distinct section id shown on the pages, from the sources (no build)."""
    ids: list[str] = []
    for page in pages:
        for fence in page.fences:
            if is_standalone_fence(fence) and section_id(fence) not in ids:
                ids.append(section_id(fence))
    return ids


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
            if not is_standalone_fence(fence):
                continue
            specs = fence.includes
            place = f"{fence.origin} ({', '.join(i.spec for i in specs)})"
            shown = by_code.get(block.copy)
            if shown is None:
                shown = by_code[block.copy] = ShownSection(place, [], block.copy)
            shown.places.append(place)
            if section_id(fence) not in shown.ids:
                shown.ids.append(section_id(fence))
            if any((i.section or "").startswith(ERROR_PREFIX) for i in specs):
                shown.expect_error = True
    return list(by_code.values()), problems

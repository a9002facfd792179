"""The site's vocabulary: one definition that the build, badges and guards share.

- **Snippet modules**: a ``.py`` under ``snippets/`` that is not a test
  (``test_*.py``, ``*_test.py``), a ``conftest.py`` nor an ``__init__.py``
  (:func:`is_snippet_module`, :func:`snippet_modules`).
- **Which modules a test file covers**: ``test_<name>.py`` beside ``<name>.py``,
  else the snippet modules it imports (:func:`modules_for_test_file`).
- **Includes**: ``--8<--`` lines, found with ``pymdownx.snippets``' own regular
  expressions (:data:`RE_ALL_SNIPPETS`, :data:`RE_SNIPPET_FILE`), so a line is an
  include here exactly when the build includes it (:func:`include_specs`,
  :func:`split_spec`, :func:`find_includes`).
- **Section markers**: ``# --8<-- [start:name]`` / ``[end:name]``
  (:data:`RE_SNIPPET_SECTION`), their naming rule and the reserved prefixes.
- **Fences**: how a fenced code block opens and closes (:func:`fence_opening`,
  :func:`closes_fence`, :func:`fence_states`).
- **Page title** (:func:`page_title`) and **where the badges go**
  (:func:`insert_after_h1`).

Standard library only: pymdownx is imported when installed (the build, the tests);
a GPU runner that has only torch, torchvision and pytest uses the copies below, which
are those of pymdownx 10 (``tests/test_site_vocabulary.py`` checks they still match).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from scripts.verification.environment import parse_version

# --------------------------------------------------------------------------------------
# include and section expressions: pymdownx's own
# --------------------------------------------------------------------------------------

#: Copies of pymdownx 10's expressions, for machines without pymdownx.
_FALLBACK_ALL_SNIPPETS = re.compile(
    r"""(?x)
    ^(?P<space>[ \t]*)
    (?P<escape>;*)
    (?P<all>
        (?P<inline_marker>-{1,}8<-{1,}[ \t]+)
        (?P<snippet>(?:"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?'))(?![ \t]) |
        (?P<block_marker>-{1,}8<-{1,})(?![ \t])
    )\r?$
    """
)
_FALLBACK_SNIPPET_FILE = re.compile(
    r"(?i)(.*?)(?:((?::-?[0-9]*){1,2}(?:(?:,(?=[-0-9:])-?[0-9]*)(?::-?[0-9]*)?)*)"
    r"|(:[a-z][-_0-9a-z]*))?$"
)
_FALLBACK_SNIPPET_SECTION = re.compile(
    r"""(?xi)
    ^(?P<pre>.*?)
    (?<!;)(?!(?<=-)-)
    (?P<escape>;*)
    (?P<inline_marker>-{1,}8<-{1,}[ \t]+)
    (?P<section>\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\])
    (?P<post>.*?)$
    """  # noqa: E501 - the line as pymdownx writes it
)

try:  # The build's expressions: a line is an include here iff it is one there.
    from pymdownx.snippets import SnippetPreprocessor as _Snippets

    RE_ALL_SNIPPETS: re.Pattern[str] = _Snippets.RE_ALL_SNIPPETS
    RE_SNIPPET_FILE: re.Pattern[str] = _Snippets.RE_SNIPPET_FILE
    RE_SNIPPET_SECTION: re.Pattern[str] = _Snippets.RE_SNIPPET_SECTION
    PYMDOWNX = True
except (ImportError, AttributeError):  # pragma: no cover - GPU runners
    RE_ALL_SNIPPETS = _FALLBACK_ALL_SNIPPETS
    RE_SNIPPET_FILE = _FALLBACK_SNIPPET_FILE
    RE_SNIPPET_SECTION = _FALLBACK_SNIPPET_SECTION
    PYMDOWNX = False

#: Where the examples live, relative to the repository root.
SNIPPETS = "snippets"
#: Where the pages live.
DOCS = "docs"
#: Files under ``snippets/`` that are infrastructure, not examples.
NOT_MODULES = ("conftest.py", "__init__.py")
#: A section name: ``lowercase-with-dashes``, starting with a letter.
SECTION_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
#: A section that leans on the code around it (shown only beside its whole).
FRAGMENT_PREFIX = "fragment-"
#: A section that reproduces an error: it must raise when run (or its ``*_error``
#: functions must).
ERROR_PREFIX = "error-"
#: The corrected version of an ``error-`` section; it runs cleanly.
FIX_PREFIX = "fix-"
#: Suffix of the function an ``error-`` section defines to raise the error.
ERROR_FUNCTION_SUFFIX = "_error"


# --------------------------------------------------------------------------------------
# snippet modules and the tests that cover them
# --------------------------------------------------------------------------------------


def is_snippet_module(path: Path) -> bool:
    """A module shown on the site: not a test, not conftest, not a package marker."""
    name = path.name
    return (
        path.suffix == ".py"
        and not name.startswith("test_")
        and not name.endswith("_test.py")
        and name not in NOT_MODULES
        and "__pycache__" not in path.parts
    )


def snippet_files(root: Path, snippets: str = SNIPPETS) -> list[Path]:
    """Every ``.py`` file under ``snippets/`` (tests and conftest included), sorted."""
    base = root / snippets
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts)


def snippet_modules(root: Path, snippets: str = SNIPPETS) -> list[Path]:
    """Every snippet module under ``root/snippets``, sorted."""
    return [p for p in snippet_files(root, snippets) if is_snippet_module(p)]


def snippet_module_paths(root: Path, snippets: str = SNIPPETS) -> list[str]:
    """The snippet modules as repository-relative POSIX paths."""
    return [p.relative_to(root).as_posix() for p in snippet_modules(root, snippets)]


def imported_names(test_file: Path) -> list[str]:
    """Dotted names a file imports (``from a.b import c`` gives a.b and a.b.c).

    Relative imports are left out; an unreadable file imports nothing.
    """
    try:
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # `from snippets.examples import tensor_basics` imports a module too.
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def dotted_name(module: str) -> str:
    """``snippets/a/b.py`` -> ``snippets.a.b``."""
    return module.removesuffix(".py").replace("/", ".")


def imported_modules(test_file: Path, root: Path) -> list[Path]:
    """Snippet modules a test file imports, in order of first import."""
    found: list[Path] = []
    for name in imported_names(test_file):
        candidate = root.joinpath(*name.split(".")).with_suffix(".py")
        if (
            candidate.is_file()
            and is_snippet_module(candidate)
            and candidate not in found
        ):
            found.append(candidate)
    return found


def modules_for_test_file(test_file: Path, root: Path) -> list[Path]:
    """The snippet module(s) a test file verifies.

    1. ``test_<name>.py`` beside ``<name>.py`` (the convention);
    2. otherwise the snippet modules it imports (``from snippets.x.y import ...``).

    An empty list means the tests belong to no module.
    """
    stem = test_file.stem
    if stem.startswith("test_"):
        beside = test_file.with_name(stem.removeprefix("test_") + ".py")
        if beside.is_file() and is_snippet_module(beside):
            return [beside]
    return imported_modules(test_file, root)


# --------------------------------------------------------------------------------------
# the oldest torch a module declares it needs
# --------------------------------------------------------------------------------------

#: `MINIMUM_TORCH = "2.7"` at the top level of a snippet module: its tests are skipped,
#: with that reason, on an older torch, and its page says so next to the example.
MINIMUM_TORCH = re.compile(
    r"^MINIMUM_TORCH\s*=\s*[\"'](?P<version>\d+(?:\.\d+)*)[\"']", re.M
)


def declared_minimum(module: Path) -> str | None:
    """The torch version a snippet module declares it needs, read without importing."""
    try:
        m = MINIMUM_TORCH.search(module.read_text(encoding="utf-8"))
    except OSError:
        return None
    return m.group("version") if m else None


def torch_older_than(installed: str, minimum: str) -> bool:
    """`2.6.0+cu124` is older than `2.7`: compares the release numbers only."""
    wanted = parse_version(minimum).release
    return parse_version(installed).release[: len(wanted)] < wanted


# --------------------------------------------------------------------------------------
# includes and section markers
# --------------------------------------------------------------------------------------


def split_spec(spec: str) -> tuple[str, str | None, str | None]:
    """Split ``path:section`` / ``path:1:5`` into (path, line ranges, section)."""
    m = RE_SNIPPET_FILE.match(spec)
    if m is None:  # pragma: no cover - the expression matches any string
        return spec, None, None
    path, ranges, section = m.groups()
    return path.strip(), ranges or None, section[1:] if section else None


def include_specs(lines: list[str]) -> list[tuple[int, str, str]]:
    """(index, indentation, spec) of every active include in ``lines``.

    Inline (``--8<-- "spec"``) and block form (a bare ``--8<--`` line, one spec per
    line, ``--8<--``), as ``pymdownx.snippets`` reads them: escaped lines
    (``;--8<--``) and commented-out specs (``";spec"``) are not includes, and inline
    notation inside a block is ignored.
    """
    found = []
    block = False
    for i, line in enumerate(lines):
        m = RE_ALL_SNIPPETS.match(line)
        if m:
            if m.group("escape"):
                continue
            if m.group("block_marker"):
                block = not block
                continue
            if block:  # the build ignores inline notation inside a block
                continue
            spec = m.group("snippet")[1:-1].strip()
            if not spec.startswith(";"):
                found.append((i, m.group("space"), spec))
            continue
        if block:
            spec = line.strip()
            if spec and not spec.startswith(";"):
                found.append((i, line[: len(line) - len(line.lstrip())], spec))
    return found


def find_includes(markdown: str) -> list[str]:
    """Snippet modules a page includes, in order, without repeats.

    Every active include of a ``snippets/**.py`` file that is a snippet module
    (tests, conftest and package markers are not shown to readers as examples).
    """
    found: list[str] = []
    for _, _, spec in include_specs(markdown.splitlines()):
        path = split_spec(spec)[0]
        if (
            path.startswith(f"{SNIPPETS}/")
            and is_snippet_module(Path(path))
            and path not in found
        ):
            found.append(path)
    return found


def section_markers(text: str) -> list[tuple[int, str, str]]:
    """(1-based line, ``start``/``end``, name) of every active section marker."""
    found = []
    for i, line in enumerate(text.split("\n")):
        if "8<-" not in line:
            continue
        m = RE_SNIPPET_SECTION.match(line)
        if m and not m.group("escape"):
            found.append((i + 1, m.group("type").lower(), m.group("name")))
    return found


# --------------------------------------------------------------------------------------
# fences
# --------------------------------------------------------------------------------------

#: A line that may open a fence: three or more backticks or tildes, at any indent.
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def fence_opening(line: str) -> re.Match[str] | None:
    """The match if ``line`` opens a fence (a backtick fence's info has no backtick)."""
    m = FENCE_OPEN.match(line)
    if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
        return m
    return None


def closes_fence(fence: str, line: str) -> bool:
    """Whether ``line`` closes a fence opened with ``fence`` (same char, as long)."""
    return (
        re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line)
        is not None
    )


def fence_states(lines: list[str]) -> list[str]:
    """Per line: ``"open"``, ``"body"``, ``"close"`` of a fence, or ``""`` outside."""
    states = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            m = fence_opening(line)
            if m:
                fence = m.group("fence")
                states.append("open")
            else:
                states.append("")
        elif closes_fence(fence, line):
            fence = None
            states.append("close")
        else:
            states.append("body")
    return states


# --------------------------------------------------------------------------------------
# page title and where the badges go
# --------------------------------------------------------------------------------------

_H1 = re.compile(r"^#[ \t]+\S")


def page_title(markdown: str, fallback: str) -> str:
    """The title of a page source: front matter ``title:``, else the first H1."""
    m = re.match(r"^---\s*\n(.*?)\n---\s*\n", markdown, re.S)
    if m:
        t = re.search(r"^title:\s*(.+?)\s*$", m.group(1), re.M)
        if t:
            return t.group(1).strip().strip("\"'")
    h1 = re.search(r"^#[ \t]+(.+?)\s*(\{.*\})?\s*$", markdown, re.M)
    return h1.group(1) if h1 else fallback


def insert_after_h1(markdown: str, block: str) -> str:
    """Insert ``block`` after the first ``# `` heading outside fences (else on top).

    This is where a page's verification badges go.
    """
    lines = markdown.split("\n")
    for i, (line, state) in enumerate(zip(lines, fence_states(lines), strict=True)):
        if not state and _H1.match(line):
            return "\n".join([*lines[: i + 1], "", block, "", *lines[i + 1 :]])
    return f"{block}\n\n{markdown}"

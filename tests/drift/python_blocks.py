"""Guard 1: Python on a page is only ``--8<--`` includes of tested modules.

A Python fence whose body holds anything but include lines is code that no test
runs: it fails unless the page labels it ``não testado`` and
``tests/untested_allowlist.yml`` holds a reviewed entry for it
(:func:`check_python_blocks`). Pages are read by :mod:`tests.drift.pages`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.drift.pages import (
    PYTHON_CONSOLE_LANGS,
    PYTHON_SOURCE_LANGS,
    Fence,
    Page,
    parse_pages,
)

ALLOWLIST = "tests/untested_allowlist.yml"
UNTESTED_LABEL = "não testado"


def load_allowlist(root: Path) -> list[dict]:
    """Entries of ``tests/untested_allowlist.yml`` (a list under ``untested:``)."""
    path = root / ALLOWLIST
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("untested") or [])


def _has_visible_label(page: Page, fence: Fence) -> bool:
    """``não testado`` in the fence's title or in the five lines above it."""
    if UNTESTED_LABEL in fence.info.lower():
        return True
    try:
        start = page.origins.index(fence.origin)
    except ValueError:  # pragma: no cover
        return False
    above = [ln for ln in page.lines[max(0, start - 8) : start] if ln.strip()][-5:]
    return any(UNTESTED_LABEL in ln.lower() for ln in above)


def check_python_blocks(root: Path, pages: list[Page] | None = None) -> list[str]:
    """Guard 1: every Python fence holds only ``--8<--`` includes of ``.py`` files.

    A Python fence (``python``, ``py``, ``python3``, ``pycon``... with backticks or
    tildes, at any indentation) whose body holds anything but include lines is code
    that no test runs. It is allowed only when the page labels it visibly as
    ``não testado`` (in the fence title or just above it) *and* it has an entry in
    ``tests/untested_allowlist.yml`` (page + hash of the body + reason + reviewer),
    so changing the block requires a new review. Stale entries fail too.

    Also: console fences (``pycon``) cannot include modules (they would not run as
    shown), ``.py`` files may only be included into Python source fences, and Python
    fences may only include ``.py`` files.
    """
    pages = parse_pages(root) if pages is None else pages
    problems: list[str] = []
    entries = load_allowlist(root)
    used: set[int] = set()
    for page in pages:
        problems += page.problems
        for fence in page.fences:
            problems += _include_problems(fence)
            if fence.is_python:
                problems += _inline_problems(page, fence, entries, used)
    return problems + _allowlist_problems(entries, used)


def _include_problems(fence: Fence) -> list[str]:
    """Only ``.py`` files into Python source fences, only ``.py`` into Python fences."""
    problems = []
    for inc in fence.includes:
        is_py = inc.path.endswith(".py")
        if is_py and fence.lang not in PYTHON_SOURCE_LANGS:
            problems.append(
                f"{inc.origin}: {inc} includes a Python file into a "
                f"'{fence.lang or 'plain'}' fence; use ```python so it is "
                "highlighted and run by the standalone guard (to show the "
                "include line itself, escape it: ;--8<--)"
            )
        elif fence.is_python and not is_py:
            problems.append(
                f"{inc.origin}: {inc} in a '{fence.lang}' fence must include a "
                ".py file (show outputs in a ```text fence)"
            )
    return problems


def _inline_problems(
    page: Page, fence: Fence, entries: list[dict], used: set[int]
) -> list[str]:
    """A Python fence with lines other than includes: labelled and allowlisted, or a
    problem. Adds the allowlist entries that match it to ``used``."""
    other = fence.other_lines()
    if not other and fence.includes:
        if fence.lang in PYTHON_CONSOLE_LANGS:
            return [
                f"{fence.origin}: '{fence.lang}' fence with includes: a "
                "console session cannot run as shown; use ```python and a "
                "```text fence for the output"
            ]
        return []
    matches = [
        k
        for k, e in enumerate(entries)
        if e.get("page") == page.path and e.get("sha256") == fence.body_hash()
    ]
    used.update(matches)
    label = _has_visible_label(page, fence)
    if not fence.includes and not other:
        return [f"{fence.origin}: empty '{fence.lang}' fence"]
    if matches and label:
        return []
    first = other[0]
    why = []
    if not label:
        why.append(f"no visible '{UNTESTED_LABEL}' label")
    if not matches:
        why.append(
            f"no entry in {ALLOWLIST} (page: {page.path}, sha256: {fence.body_hash()})"
        )
    return [
        f"{first[0]}: inline Python in a '{fence.lang}' fence opened at line "
        f"{fence.origin.line}: {first[1].strip()!r}. Python on a page must be "
        f"only `--8<--` includes of a tested module ({'; '.join(why)})"
    ]


def _allowlist_problems(entries: list[dict], used: set[int]) -> list[str]:
    """Allowlist entries missing a key, or matching no block any more (stale)."""
    problems = []
    for k, entry in enumerate(entries):
        where = f"{ALLOWLIST} entry {k + 1} ({entry.get('page')})"
        missing = [
            key
            for key in ("page", "sha256", "reason", "reviewed_by")
            if not entry.get(key)
        ]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        if k not in used:
            problems.append(
                f"{where}: stale, no untested block on that page has sha256 "
                f"{entry.get('sha256')}; remove it or re-review the block"
            )
    return problems

"""The two kinds of notebook piece a page becomes: prose and shown code."""

from __future__ import annotations

from dataclasses import dataclass


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

"""What a badge says about one snippet module on one runner.

:func:`module_status` decides it from a validated record (see
:mod:`scripts.verification.schema`) and the module's current sha256: verified,
partly skipped, failed, only skipped, no tests, stale (changed since the run),
missing (no entry) or none (no record for the runner). The words are
:mod:`.texts`'; the markup, :mod:`.render`'s templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from scripts.verification import texts
from scripts.verification.runners import runner_label

#: What everything rendered from a record says once its file changed since the run.
STALE_TEXT = texts.STALE


class Kind(str, Enum):
    """A badge's state: its CSS class and the heading of its column in the totals.

    In the order of the totals' columns; a partial pass is counted with the passes.
    """

    PASSED = ("passed", "vb-pass")
    PARTIAL = ("partial", "vb-pass")
    FAILED = ("failed", "vb-fail")
    SKIPPED = ("skipped", "vb-skip")
    STALE = ("stale", "vb-stale")
    MISSING = ("missing", "vb-missing")
    EMPTY = ("empty", "vb-skip")
    NONE = ("none", "vb-missing")

    css: str

    def __new__(cls, value: str, css: str) -> Kind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.css = css
        return member

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__

    @property
    def counted_as(self) -> Kind:
        """The totals' column this state is counted in."""
        return Kind.PASSED if self is Kind.PARTIAL else self

    @property
    def label(self) -> str:
        """The totals' heading (pt-BR), e.g. ``verificados``."""
        return texts.TOTALS[self.counted_as.value]


@dataclass
class Status:
    """What a badge says about one module on one runner."""

    kind: Kind
    label: str  # runner label, e.g. "CPU", "GPU H200"
    text: str  # status text, pt-BR
    meta: str = ""  # versions and date, only for real results
    details: list[str] = field(default_factory=list)  # tooltip and <details> lines

    @property
    def css(self) -> str:
        return self.kind.css


def no_run(label: str, detail: str) -> Status:
    """The badge of a runner without a record."""
    return Status(Kind.NONE, label, texts.NO_RUN, details=[detail])


def _fresh_status(label: str, entry: dict, record: dict) -> Status:
    """The badge of a module whose recorded sha256 is the current one."""
    details = [
        texts.counts_and_time(entry),
        *texts.environment_lines(record),
        *texts.test_lines(entry),
    ]
    meta = texts.meta_text(record)
    bad = entry["failed"] + entry["error"]
    if bad:
        text = texts.failed_text(bad, entry["total"])
        return Status(Kind.FAILED, label, text, meta, details)
    if entry["total"] == 0:
        return Status(Kind.EMPTY, label, texts.EMPTY, meta, details)
    if entry["passed"] == 0:
        text = texts.skipped_text(entry["skipped"])
        return Status(Kind.SKIPPED, label, text, meta, details)
    if entry["skipped"]:
        text = texts.partial_text(entry["passed"], entry["total"], entry["skipped"])
        return Status(Kind.PARTIAL, label, text, meta, details)
    return Status(Kind.PASSED, label, texts.passed_text(entry["total"]), meta, details)


def module_status(
    runner: str, record: dict | None, module: str, current_sha: str | None
) -> Status:
    """Decide what the badge of `module` on `runner` says.

    A module counts as verified only when its recorded sha256 equals `current_sha`
    (the file as it is now) and every test passed or was skipped with at least one
    pass. Any failure or error is red, whatever else passed.
    """
    label = runner_label(runner, record)
    if record is None:
        return no_run(label, texts.NO_RUN_DETAIL.format(runner=runner))
    env = texts.environment_lines(record)
    entry = record["modules"].get(module)
    if entry is None:
        date = texts.date_text(record)
        detail = texts.MISSING_DETAIL.format(date=date, module=module)
        return Status(Kind.MISSING, label, texts.MISSING, details=[detail, *env])
    if current_sha is None or entry["sha256"] != current_sha:
        summary = texts.LAST_RECORD.format(counts=texts.counts_and_time(entry))
        details = [texts.CHANGED_DETAIL, summary, *env]
        return Status(Kind.STALE, label, texts.STALE, details=details)
    return _fresh_status(label, entry, record)

"""Which torch versions each snippet module was verified on, from the records.

A runner's own record (`cpu.json`) holds the pinned torch; version records
(`cpu-torch-2.6.0.json`, made by `make verify-torch`) hold others. A module counts as
verified on a version when that record's entry for it has the module's current
sha256, at least one passed test and no failure or error. A version record whose
entry is stale (the module changed since) does not count, and is named as such.

The site-wide claims (the minimum torch on the home and install pages, the table on
the compatibility page) come from :func:`site_versions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scripts.verification import texts
from scripts.verification.environment import parse_version, public_version
from scripts.verification.schema import VERSION_RECORD_RE


def split_runner(name: str) -> tuple[str, bool]:
    """(base runner, whether ``name`` is a version record): `cpu-torch-2.6.0` -> cpu."""
    m = VERSION_RECORD_RE.match(name)
    return (m.group("runner"), True) if m else (name, False)


def runner_records(runner: str, records: dict[str, dict]) -> list[dict]:
    """The runner's own record and its version records."""
    return [r for name, r in records.items() if split_runner(name)[0] == runner]


@dataclass
class VersionRange:
    """The torch versions one module was verified on, on one runner."""

    verified: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def text(self) -> str:
        """`torch 2.6.0 – 2.14.1`, `torch 2.14.1`, or empty when nothing verified."""
        if not self.verified:
            return ""
        return texts.versions_text(self.verified[0], self.verified[-1])

    def notes(self) -> list[str]:
        """pt-BR lines for the versions that do not count."""
        lines = [texts.version_stale(v) for v in self.stale]
        return lines + [texts.version_failed(v) for v in self.failed]


def module_versions(
    runner: str, records: dict[str, dict], module: str, current_sha: str | None
) -> VersionRange:
    """The versions `module` was verified on, on `runner` (ascending)."""
    found = VersionRange()
    for record in runner_records(runner, records):
        entry = record["modules"].get(module)
        if entry is None:
            continue
        version = public_version(record["versions"].get("torch"))
        if current_sha is None or entry["sha256"] != current_sha:
            found.stale.append(version)
        elif entry["failed"] or entry["error"]:
            found.failed.append(version)
        elif entry["passed"]:
            found.verified.append(version)
    for versions in (found.verified, found.stale, found.failed):
        versions.sort(key=parse_version)
    return found


@dataclass
class RecordSummary:
    """One row of the compatibility table: a recorded torch version on a runner."""

    torch: str
    torchvision: str
    python: str
    date: str
    passed: int
    failed: int
    skipped: int
    stale_modules: list[str]
    failed_modules: list[str]

    @property
    def fully_verified(self) -> bool:
        return not self.stale_modules and not self.failed_modules and self.passed > 0


def site_versions(
    runner: str, records: dict[str, dict], shas: dict[str, str | None]
) -> list[RecordSummary]:
    """One summary per recorded torch version of `runner`, ascending.

    The runner's own record wins over a version record of the same torch.

    Args:
        runner: the base runner (`cpu`).
        records: every validated record.
        shas: module path -> current sha256 (None for a module that is gone).
    """
    rows = []
    # A version record of the torch the runner's own record ran (the pinned one, or
    # a newest-torch record made before the pin moved to it) is not a second row.
    own = (
        public_version(records[runner]["versions"].get("torch"))
        if runner in records
        else None
    )
    for name, record in records.items():
        if split_runner(name)[0] != runner:
            continue
        if name != runner and public_version(record["versions"].get("torch")) == own:
            continue
        stale, failed = [], []
        for module, entry in record["modules"].items():
            if module in shas and entry["sha256"] != shas[module]:
                stale.append(module)
            elif entry["failed"] or entry["error"]:
                failed.append(module)
        missing = [m for m in shas if m not in record["modules"]]
        totals = record["totals"]
        rows.append(
            RecordSummary(
                torch=public_version(record["versions"].get("torch")),
                torchvision=public_version(record["versions"].get("torchvision")),
                python=record["versions"]["python"],
                date=record["date"][:10],
                passed=totals["passed"],
                failed=totals["failed"] + totals["error"],
                skipped=totals["skipped"],
                stale_modules=sorted(stale + missing),
                failed_modules=sorted(failed),
            )
        )
    rows.sort(key=lambda row: parse_version(row.torch))
    return rows

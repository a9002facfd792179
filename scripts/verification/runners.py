"""The runners: which ones every table and badge row always shows, and their labels.

The one list of runners the site knows: a recorded runner not named here still
shows, after these, sorted.
"""

from __future__ import annotations

from scripts.verification.schema import VERSION_RECORD_RE

#: Always shown, in this order, even without a record.
KNOWN_RUNNERS = ("cpu", "gpu")


def runner_order(records: dict[str, dict]) -> list[str]:
    """The known runners first, then any other recorded runner, sorted.

    Version records (`cpu-torch-2.6.0`) are not runners of their own: they widen the
    range of versions shown on their runner's badge (:mod:`.versions`).
    """
    extra = sorted(
        r for r in records if r not in KNOWN_RUNNERS and not VERSION_RECORD_RE.match(r)
    )
    return [*KNOWN_RUNNERS, *extra]


def _short_gpu(name: str) -> str:
    return name.removeprefix("NVIDIA ").strip()


def runner_label(runner: str, record: dict | None) -> str:
    """``CPU``, ``GPU H200``: a name of up to 4 letters is upper-cased."""
    base = runner.upper() if len(runner) <= 4 else runner
    if record and record["cuda_available"] and record["device"].get("gpu"):
        return f"{base} {_short_gpu(record['device']['gpu'])}"
    return base

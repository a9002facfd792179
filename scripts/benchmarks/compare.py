"""Cases of one comparison, timed side by side in rounds, and their result entries.

:func:`interleave` warms every case up, then runs ``rounds`` rounds; in each round
every case is timed once, in an order shuffled per round (seeded), so slow drifts of
the machine's load fall on all cases alike and the per-round ratios cancel them
(:mod:`scripts.benchmarks.stats`).

From ``torch.utils.benchmark`` we take its clock (``utils.timer.timer``: it
synchronises the accelerator before reading ``timeit.default_timer``, so a GPU
sample is the wall time of the queued work, launch included), its ``Measurement``
for every sample and ``Compare`` for the table in the run's log. Not its
``Timer.timeit``, which runs 2 warm-up calls before each timed one (a slow case
would cost three times its samples), nor ``blocked_autorange``, which times one case
after the other: the sequential design this replaces.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch.utils.benchmark import Compare, Measurement
from torch.utils.benchmark.utils.common import TaskSpec
from torch.utils.benchmark.utils.timer import timer as clock

from scripts.benchmarks.stats import Ratio, paired_ratio, quantiles


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


@dataclass
class Case:
    """One case of a comparison: an id, a short label and what to time."""

    id: str
    label: str
    fn: Callable[[], object]


@dataclass
class Timed:
    """The samples of one case, in seconds per call, one per round."""

    samples: list[float]
    number: int  # calls per sample
    warmup: int
    first_s: float  # the first call alone (compilation included, if any)
    measurements: list[Measurement] = field(default_factory=list)

    @property
    def median(self) -> float:
        return quantiles(self.samples)["median_s"]

    def timing(self, *, compiled: bool = False) -> dict:
        """The record's ``timing`` entry (every sample kept in ``samples_s``)."""
        return {
            "warmup": self.warmup,
            "repeats": len(self.samples),
            "number": self.number,
            **quantiles(self.samples),
            "compile_s": max(0.0, self.first_s - self.median) if compiled else None,
            "samples_s": self.samples,
        }


def interleave(
    title: str,
    cases: list[Case],
    device: torch.device,
    *,
    rounds: int,
    warmup: int = 2,
    min_sample_s: float = 0.0,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
) -> dict[str, Timed]:
    """Time ``cases`` in ``rounds`` interleaved rounds; returns samples per case id.

    A case faster than ``min_sample_s`` is called several times per sample (the
    same ``number`` in every round), so the clock's resolution and the Python
    overhead stay small beside what is measured.
    """
    firsts, estimate = _first_calls(cases, device, warmup)
    threads = torch.get_num_threads()
    specs, numbers = {}, {}
    for case in cases:
        per_call = min(estimate[case.id], firsts[case.id])
        numbers[case.id] = max(1, math.ceil(min_sample_s / max(per_call, 1e-9)))
        specs[case.id] = TaskSpec(
            stmt=case.id,
            setup="",
            label=title,
            sub_label=case.label,
            description=device.type,
            num_threads=threads,
        )
    out = {c.id: Timed([], numbers[c.id], warmup, firsts[c.id]) for c in cases}
    rng = random.Random(seed)
    for _ in range(rounds):
        order = list(cases)
        rng.shuffle(order)
        for case in order:
            n = numbers[case.id]
            t0 = clock()
            for _ in range(n):
                case.fn()
            m = Measurement(n, [clock() - t0], specs[case.id])
            out[case.id].samples.append(m.times[0])
            out[case.id].measurements.append(m)
    if log:
        _log_table(out, log)
    return out


def _first_calls(
    cases: list[Case], device: torch.device, warmup: int
) -> tuple[dict[str, float], dict[str, float]]:
    """(first call's seconds, fastest warm-up call's seconds) per case id; the first
    call is one of the ``warmup`` calls (it holds any compilation)."""
    firsts: dict[str, float] = {}
    for case in cases:
        synchronize(device)
        t0 = time.perf_counter()
        case.fn()
        synchronize(device)
        firsts[case.id] = time.perf_counter() - t0
    estimate: dict[str, float] = dict.fromkeys(firsts, math.inf)
    for _ in range(max(0, warmup - 1)):
        for case in cases:
            synchronize(device)
            t0 = time.perf_counter()
            case.fn()
            synchronize(device)
            estimate[case.id] = min(estimate[case.id], time.perf_counter() - t0)
    return firsts, estimate


def _log_table(out: dict[str, Timed], log: Callable[[str], None]) -> None:
    """torch.utils.benchmark's comparison table of every case, line by line."""
    merged = Measurement.merge([m for t in out.values() for m in t.measurements])
    for line in str(Compare(merged)).splitlines():
        if line.strip():
            log("  " + line)


def speedup(timed: dict[str, Timed], base: str, case: str) -> Ratio:
    """How many times faster ``case`` is than ``base``, per round."""
    return paired_ratio(timed[base].samples, timed[case].samples)


def slowdown(timed: dict[str, Timed], base: str, case: str) -> Ratio:
    """How many times longer ``case`` takes than ``base``, per round."""
    return paired_ratio(timed[case].samples, timed[base].samples)


def result(**fields) -> dict:
    """A result without its empty optional keys (``value`` stays, even null)."""
    return {k: v for k, v in fields.items() if v is not None or k == "value"}

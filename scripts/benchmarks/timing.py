"""Timing a callable properly: warm-up, device synchronisation, repeats, median.

On CUDA each repeat is timed with a pair of CUDA events (GPU time of the work
queued between them, without the host's launch jitter), after a synchronisation; on
CPU with :func:`time.perf_counter`. Repeats continue until both ``min_repeats`` and
``min_time_s`` are reached (a stable median needs both: many repeats of a fast case,
enough seconds of a slow one), capped at ``max_repeats``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch


@dataclass
class Timing:
    """Samples of one case, in seconds per call."""

    warmup: int
    samples: list[float]
    compile_s: float | None = None

    def quantile(self, q: float) -> float:
        ordered = sorted(self.samples)
        # Linear interpolation between closest ranks (numpy's default).
        pos = (len(ordered) - 1) * q
        lo = int(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def as_record(self) -> dict:
        return {
            "warmup": self.warmup,
            "repeats": len(self.samples),
            "median_s": self.median,
            "p25_s": self.quantile(0.25),
            "p75_s": self.quantile(0.75),
            "min_s": min(self.samples),
            "max_s": max(self.samples),
            "compile_s": self.compile_s,
        }


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def measure(
    fn: Callable[[], object],
    device: torch.device,
    *,
    warmup: int = 3,
    min_repeats: int = 5,
    max_repeats: int = 50,
    min_time_s: float = 1.0,
) -> Timing:
    """Time ``fn()`` after ``warmup`` calls; the first warm-up call is timed apart.

    The first call of a compiled function includes the compilation: it is reported
    as ``compile_s`` (first call minus the median), never mixed with the samples.
    """
    synchronize(device)
    t0 = time.perf_counter()
    fn()
    synchronize(device)
    first = time.perf_counter() - t0
    for _ in range(max(0, warmup - 1)):
        fn()
    synchronize(device)
    samples: list[float] = []
    spent = 0.0
    while len(samples) < max_repeats and (
        len(samples) < min_repeats or spent < min_time_s
    ):
        if device.type == "cuda":
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            end.synchronize()
            dt = start.elapsed_time(end) / 1000.0
        else:
            t0 = time.perf_counter()
            fn()
            dt = time.perf_counter() - t0
        samples.append(dt)
        spent += dt
    timing = Timing(warmup=warmup, samples=samples)
    timing.compile_s = max(0.0, first - timing.median)
    return timing

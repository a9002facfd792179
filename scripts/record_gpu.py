"""Refresh every GPU record in one go (``make record-gpu``).

    make record-gpu                       # with the project's .venv
    make record-gpu PYTHON=/path/python   # a runner's own interpreter (torch, pytest,
                                          # requirements/downloads.txt installed)

Three steps, one after the other, in one process tree, each with its time limit:

1. ``pytest snippets`` on CUDA with ``SNIPPETS_REQUIRE_GPU=1`` (a skipped CUDA case
   fails): ``verification/gpu.json``;
2. every download (``.py`` and notebook) run as a reader would: ``downloads-gpu.json``;
3. the benchmarks on CUDA: ``bench-gpu.json``.

Without CUDA it stops at once, before writing anything, and says why. A failed step
does not stop the next (its record says what failed); the exit status is non-zero when
any step failed or ran out of time. Sized for one H100 in under 10 minutes. Standard
library only, beside torch.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Step:
    """One record: what it writes, the command after ``python``, its time limit."""

    record: str
    args: tuple[str, ...]
    limit_s: int


def steps(jobs: int) -> list[Step]:
    """The three steps, in the order they run (the snippets first: the badges)."""
    return [
        Step(
            "verification/gpu.json",
            ("scripts/record_verification.py", "--runner", "gpu"),
            240,
        ),
        Step(
            "verification/downloads-gpu.json",
            ("-m", "scripts.downloads.record", "--runner", "gpu", "--jobs", str(jobs)),
            180,
        ),
        Step(
            "verification/bench-gpu.json",
            ("-m", "scripts.benchmarks", "--runner", "gpu"),
            150,
        ),
    ]


def cuda_problem() -> str | None:
    """Why this interpreter cannot record on a GPU, or ``None`` when it can."""
    try:
        import torch
    except ImportError as exc:
        return f"torch is not importable by {sys.executable}: {exc}"
    if not torch.cuda.is_available():
        return (
            f"torch {torch.__version__} (CUDA build: {torch.version.cuda}) sees no "
            "CUDA device: run this on a machine with an NVIDIA GPU and its driver"
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--jobs",
        type=int,
        default=max(2, min(8, (os.cpu_count() or 2) // 2)),
        help="downloads run at once (default: half the cores, 2 to 8)",
    )
    args = parser.parse_args(argv)
    problem = cuda_problem()
    if problem:
        print(f"record-gpu: nothing recorded: {problem}.", file=sys.stderr)
        return 2
    env = {**os.environ, "SNIPPETS_REQUIRE_GPU": "1"}
    failed = []
    for step in steps(args.jobs):
        start = time.monotonic()
        print(f"record-gpu: {step.record} (limit {step.limit_s} s)", flush=True)
        try:
            status = subprocess.run(
                [sys.executable, *step.args], cwd=ROOT, env=env, timeout=step.limit_s
            ).returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
        seconds = time.monotonic() - start
        print(
            f"record-gpu: {step.record}: exit {status} in {seconds:.0f} s", flush=True
        )
        if status != 0:
            failed.append(step.record)
    if failed:
        print(f"record-gpu: failed or timed out: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One memory configuration in a fresh interpreter (CPU): peak RSS of its steps.

Each configuration runs alone here, so the peak is its own: the peak resident set
size (``VmHWM``) during its training steps, minus the resident size before the model
existed (interpreter, torch and torchvision loaded). What remains is the training's
memory (weights, gradients, optimizer state, activations and the allocator's
overhead), comparable to ``torch.cuda.max_memory_allocated`` on a GPU. The peak is
reset through ``/proc/self/clear_refs`` (Linux >= 4.0) after the model is built, so
transient copies made while building it do not count; where that is refused, the
peak since start is used. Prints one JSON line::

    python -m scripts.benchmarks.memory_probe <config> <batch> <side> <threads>
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import torch

from scripts.benchmarks.cases import memory_step
from scripts.benchmarks.timing import measure


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} ausente de /proc/self/status")


def main(argv: list[str]) -> int:
    config, batch, side, threads = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    torch.set_num_threads(threads)
    device = torch.device("cpu")
    import torchvision  # noqa: F401 - loaded before the baseline, as torch is

    before = _status_kib("VmRSS") * 1024
    step, saved = memory_step(config, device, batch, side)
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5\n")  # resets VmHWM to VmRSS
    timing = measure(step, device, warmup=1, min_repeats=3, min_time_s=0)
    peak = _status_kib("VmHWM") * 1024
    print(
        json.dumps(
            {
                "peak_rss_delta": peak - before,
                "saved": saved,
                "warmup": timing.warmup,
                "samples": timing.samples,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""One memory configuration in a fresh interpreter: the peak of its training steps.

Each configuration runs alone here, so the peak is its own:

- CPU: the peak resident set size (``VmHWM``) during its steps, minus the resident
  size before the model existed (interpreter, torch and torchvision loaded). The
  peak is reset through ``/proc/self/clear_refs`` (Linux >= 4.0) after the model is
  built, so transient copies made while building it do not count; where that is
  refused, the peak since start is used.
- CUDA: ``torch.cuda.max_memory_allocated`` over two steps after a first one (the
  optimizer state and cuDNN's workspaces exist from then on).

Both include weights, gradients, optimizer state, activations. Prints one JSON line::

    python -m scripts.benchmarks.memory_probe CONFIG cpu|cuda BATCH SIDE THREADS
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import torch

from scripts.benchmarks.case_memory import memory_step


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} ausente de /proc/self/status")


def main(argv: list[str]) -> int:
    config, kind = argv[0], argv[1]
    batch, side, threads = int(argv[2]), int(argv[3]), int(argv[4])
    torch.set_num_threads(threads)
    device = torch.device(kind)
    import torchvision  # noqa: F401 - loaded before the baseline, as torch is

    if device.type == "cuda":
        step, saved = memory_step(config, device, batch, side)
        step()
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        step()
        step()
        torch.cuda.synchronize(device)
        peak, how = int(torch.cuda.max_memory_allocated(device)), "cuda_max_allocated"
    else:
        before = _status_kib("VmRSS") * 1024
        step, saved = memory_step(config, device, batch, side)
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5\n")  # resets VmHWM to VmRSS
        for _ in range(3):
            step()
        peak, how = _status_kib("VmHWM") * 1024 - before, "rss_peak_delta"
    print(json.dumps({"peak_bytes": peak, "kind": how, "saved": saved}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

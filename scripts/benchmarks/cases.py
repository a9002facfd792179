"""Every comparison of a run, in the order of the page.

Each comparison (naive loop vs recipe, float32 vs autocast, worker counts, the
memory configurations) times its cases interleaved in rounds
(:mod:`scripts.benchmarks.compare`); every case runs the code of
``snippets/benchmarks`` (what the pages show), never a copy. After each comparison
the machine's load is read (:class:`scripts.benchmarks.load.LoadLog`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import torch

from scripts.benchmarks.case_inference import inference_cases
from scripts.benchmarks.case_loader import dataloader_cases
from scripts.benchmarks.case_memory import memory_cases
from scripts.benchmarks.case_training import training_cases
from scripts.benchmarks.load import LoadLog
from scripts.benchmarks.sizes import MODULES, sizes_for

__all__ = ["MODULES", "all_cases"]


def all_cases(
    device: torch.device,
    peak: dict | None,
    root: Path,
    log: Callable[[str], None],
    load: LoadLog,
    *,
    quick: bool = False,
) -> list[dict]:
    sizes = sizes_for(device, quick)
    results: list[dict] = []
    steps: list[tuple[str, Callable[[], list[dict]]]] = [
        ("treino CNN", lambda: training_cases("cnn", device, sizes, peak, log)),
        (
            "treino ResNet-50",
            lambda: training_cases("resnet50", device, sizes, peak, log),
        ),
        ("inferência CNN", lambda: inference_cases("cnn", device, sizes, peak, log)),
        (
            "inferência ResNet-50",
            lambda: inference_cases("resnet50", device, sizes, peak, log),
        ),
        ("DataLoader", lambda: dataloader_cases(device, sizes, log)),
        ("memória", lambda: memory_cases(device, sizes, root, log)),
    ]
    for title, fn in steps:
        log(f"{title}…")
        got = fn()
        for r in got:
            value = r.get("value")
            shown = f"{value:.4g} {r['unit']}" if value is not None else r["reason"]
            ratio = r.get("ratio")
            if ratio:
                shown += (
                    f"  ratio {ratio['value']:.3f} "
                    f"[{ratio['low']:.3f}, {ratio['high']:.3f}] "
                    f"({ratio['rounds']} rounds)"
                )
            log(f"  {r['id']}: {shown}")
        results += got
        load.sample(title)
        log(f"  load average: {load.during[-1]['load']}")
    return results

"""DataLoader: worker counts and pinned memory, one epoch per case per round."""

from __future__ import annotations

import torch

from scripts.benchmarks.compare import Case, interleave, result, speedup, synchronize
from scripts.benchmarks.sizes import DATALOADER, Sizes

NO_PIN_REASON = "sem GPU: memória travada só serve à cópia para uma GPU"


def _loader_cases(
    configs: list[tuple[int, bool]], device: torch.device, sizes: Sizes
) -> tuple[list[Case], list[str]]:
    """One epoch per configuration: (cases, ids skipped: pinned memory, no GPU)."""
    from snippets.benchmarks.data_loading import SyntheticImages, make_loader

    dataset = SyntheticImages(sizes.loader_items, size=sizes.loader_image)
    cases, skipped = [], []
    for workers, pin in configs:
        rid = _loader_id(workers, pin)
        if pin and device.type != "cuda":
            skipped.append(rid)
            continue
        loader = make_loader(dataset, sizes.loader_batch, workers, pin_memory=pin)

        def epoch(loader=loader, pin=pin) -> None:
            for images, labels in loader:
                if device.type == "cuda":
                    images.to(device, non_blocking=pin)
                    labels.to(device, non_blocking=pin)
            synchronize(device)

        cases.append(Case(rid, f"num_workers={workers}, pin_memory={pin}", epoch))
    return cases, skipped


def _loader_id(workers: int, pin: bool) -> str:
    return f"loader-w{workers}-{'pin' if pin else 'nopin'}"


def dataloader_cases(device: torch.device, sizes: Sizes, log) -> list[dict]:
    configs = [(w, pin) for w in sizes.loader_workers for pin in (False, True)]
    cases, skipped = _loader_cases(configs, device, sizes)
    # One epoch of warm-up starts the (persistent) workers of every loader.
    timed = interleave(
        "DataLoader, uma época",
        cases,
        device,
        rounds=sizes.loader_rounds,
        warmup=1,
        log=log,
    )
    base_id = cases[0].id
    results = []
    for workers, pin in configs:
        rid = _loader_id(workers, pin)
        params = {
            "num_workers": workers,
            "pin_memory": pin,
            "lote": sizes.loader_batch,
            "imagem": f"{sizes.loader_image}×{sizes.loader_image}",
            "itens por época": sizes.loader_items,
        }
        common = {
            "id": rid,
            "group": "dataloader",
            "module": DATALOADER,
            "label": f"num_workers={workers}, pin_memory={pin}",
            "params": params,
            "metric": "throughput",
            "unit": "img/s",
        }
        if rid in skipped:
            results.append(result(**common, value=None, reason=NO_PIN_REASON))
            continue
        t = timed[rid]
        results.append(
            result(
                **common,
                value=sizes.loader_items / t.median,
                baseline=None if rid == base_id else base_id,
                ratio=None
                if rid == base_id
                else speedup(timed, base_id, rid).as_record(base_id),
                timing=t.timing(),
            )
        )
    return results

"""Inference: float32 against autocast, interleaved, at batch 1 and a large batch."""

from __future__ import annotations

import torch

from scripts.benchmarks.compare import Case, interleave, result, speedup
from scripts.benchmarks.sizes import (
    CNN_MODULE,
    INFERENCE,
    MODEL_NAMES,
    Sizes,
    build_model,
    cleanup,
    count_flops,
    flops_entry,
    make_batch,
)


def inference_cases(
    name: str, device: torch.device, sizes: Sizes, peak: dict | None, log
) -> list[dict]:
    from snippets.benchmarks.inference import prepare_for_inference
    from snippets.benchmarks.training_step import autocast_dtype

    model = prepare_for_inference(build_model(name), device)
    low = autocast_dtype(device)
    results = []
    for batch in (1, sizes.infer_large[name]):
        results += _batch_results(name, batch, model, low, device, sizes, peak, log)
    cleanup(device)
    return results


def _batch_results(name, batch, model, low, device, sizes, peak, log) -> list[dict]:
    """float32 against autocast ``low`` at one batch size, interleaved (the other
    arguments as :func:`inference_cases` has them)."""
    from snippets.benchmarks.inference import predict

    side = sizes.infer_image[name]
    low_name = str(low).removeprefix("torch.")
    depends = [CNN_MODULE] if name == "cnn" else None
    images, _ = make_batch(name, batch, side, device)
    flops = count_flops(lambda images=images: predict(model, images, device))
    kind = "latency" if batch == 1 else "throughput"
    ids = {d: f"infer-{name}-b{batch}-{'fp32' if d is None else low_name}"
           for d in (None, low)}  # fmt: skip
    timed = interleave(
        f"Inferência, {MODEL_NAMES[name]}, lote {batch}",
        [
            Case(
                ids[d],
                "float32" if d is None else f"autocast {low_name}",
                lambda images=images, d=d: predict(model, images, device, dtype=d),
            )
            for d in (None, low)
        ],
        device,
        rounds=sizes.rounds,
        warmup=3,
        min_sample_s=sizes.min_sample_s,
        log=log,
    )
    base_id = ids[None]
    results = []
    for dtype in (None, low):
        precision = "float32" if dtype is None else f"autocast {low_name}"
        t = timed[ids[dtype]]
        results.append(
            result(
                id=ids[dtype],
                group="inference",
                module=INFERENCE,
                depends=depends,
                label=f"{MODEL_NAMES[name]}, lote {batch}: {precision}",
                params={
                    "lote": batch,
                    "imagem": f"{side}×{side}",
                    "precisão": precision,
                },  # fmt: skip
                metric=kind,
                unit="ms" if batch == 1 else "img/s",
                value=t.median * 1000 if batch == 1 else batch / t.median,
                baseline=None if dtype is None else base_id,
                ratio=None
                if dtype is None
                else speedup(timed, base_id, ids[dtype]).as_record(base_id),
                timing=t.timing(),
                flops=flops_entry(flops, t.median, peak),
            )
        )
    return results

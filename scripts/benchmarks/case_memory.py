"""Memory: ResNet-50's training step in float32, autocast and with checkpointing.

Two measurements per configuration, each where it means something:

- the **peak memory**, in a fresh process per configuration
  (:mod:`scripts.benchmarks.memory_probe`): its peak is its own, never a leftover
  of another configuration's allocator cache;
- the **step time**, all four configurations interleaved in rounds in one process:
  the time ratios against float32 get an interval like every other comparison.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch
from torch import nn

from scripts.benchmarks.compare import Case, interleave, result, slowdown
from scripts.benchmarks.sizes import (
    MEMORY,
    Sizes,
    build_model,
    cleanup,
    make_batch,
    make_optimizer,
)

MEMORY_CONFIGS = {
    # config -> (label, autocast, checkpointing)
    "fp32": ("float32", False, False),
    "autocast": ("autocast", True, False),
    "checkpoint": ("float32 + checkpointing", False, True),
    "checkpoint-autocast": ("autocast + checkpointing", True, True),
}


def memory_step(
    config: str, device: torch.device, batch: int, side: int
) -> tuple[Callable[[], object], int]:
    """One ResNet-50 training step for ``config``, and the bytes it saves."""
    from snippets.benchmarks.memory import CheckpointedResNet, saved_activation_bytes
    from snippets.benchmarks.training_step import autocast_dtype

    _, use_autocast, use_checkpoint = MEMORY_CONFIGS[config]
    resnet = build_model("resnet50").to(device)
    model = CheckpointedResNet(resnet) if use_checkpoint else resnet
    optimizer = make_optimizer("resnet50", resnet)
    images, labels = make_batch("resnet50", batch, side, device)
    images, labels = images.to(device), labels.to(device)
    criterion = nn.CrossEntropyLoss()
    dtype = autocast_dtype(device)

    def loss() -> torch.Tensor:
        with torch.autocast(device.type, dtype=dtype, enabled=use_autocast):
            return criterion(model(images), labels)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss().backward()
        optimizer.step()

    saved = saved_activation_bytes(loss)
    return step, saved


def run_probe(config: str, device: torch.device, batch: int, side: int, root: Path):
    """Run one config in a fresh interpreter: its peak is its own."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    args = [config, device.type, str(batch), str(side), str(torch.get_num_threads())]
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.benchmarks.memory_probe", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"memory_probe {config} falhou:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def memory_cases(device: torch.device, sizes: Sizes, root: Path, log) -> list[dict]:
    batch, side = sizes.memory
    configs = list(MEMORY_CONFIGS)
    workers = len(configs) if sizes.parallel_probes else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        probes = dict(
            zip(
                configs,
                pool.map(lambda c: run_probe(c, device, batch, side, root), configs),
                strict=True,
            )
        )
    steps = {c: memory_step(c, device, batch, side)[0] for c in configs}
    ids = {c: f"memory-resnet50-{c}" for c in configs}
    timed = interleave(
        "Memória, ResNet-50: passo de treino",
        [Case(ids[c], MEMORY_CONFIGS[c][0], steps[c]) for c in configs],
        device,
        rounds=sizes.rounds,
        warmup=2,
        log=log,
    )
    steps.clear()
    cleanup(device)
    base_id = ids["fp32"]
    results = []
    for config in configs:
        label = MEMORY_CONFIGS[config][0]
        probe = probes[config]
        rid = ids[config]
        results.append(
            result(
                id=rid,
                group="memory",
                module=MEMORY,
                label=f"ResNet-50, passo de treino: {label}",
                params={"lote": batch, "imagem": f"{side}×{side}", "config": label},
                metric="memory",
                unit="MiB",
                value=probe["peak_bytes"] / 2**20,
                baseline=None if rid == base_id else base_id,
                ratio=None
                if rid == base_id
                else slowdown(timed, base_id, rid).as_record(base_id),
                timing=timed[rid].timing(),
                memory={
                    "peak_bytes": probe["peak_bytes"],
                    "kind": probe["kind"],
                    "saved_activation_bytes": probe["saved"],
                    "process": "fresh",
                },
            )
        )
    return results

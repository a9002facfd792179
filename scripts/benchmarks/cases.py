"""What is measured, at which sizes, on which device.

Every case runs the code of ``snippets/benchmarks`` (what the pages show), never a
copy. Sizes differ per device (:data:`CPU_SIZES`, :data:`GPU_SIZES`) so a CPU run on
2 cores fits in 5 minutes and a GPU run in 8; the sizes are recorded with each
result (``params``). Labels are pt-BR: they are shown on the page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from scripts.benchmarks.timing import Timing, measure, synchronize

TRAINING = "snippets/benchmarks/training_step.py"
INFERENCE = "snippets/benchmarks/inference.py"
DATALOADER = "snippets/benchmarks/data_loading.py"
MEMORY = "snippets/benchmarks/memory.py"
CNN_MODULE = "snippets/examples/image_cnn.py"
#: Every module whose code is measured (their sha256 go into the record).
MODULES = (TRAINING, INFERENCE, DATALOADER, MEMORY, CNN_MODULE)

MODEL_NAMES = {"cnn": "CNN do perfil", "resnet50": "ResNet-50"}


@dataclass(frozen=True)
class Sizes:
    """Batch sizes, image sizes and timing budgets for one kind of device."""

    train: dict  # model -> (batch, image side)
    compile_models: tuple[str, ...]  # where the recipe uses torch.compile
    infer_image: dict  # model -> image side
    infer_large: dict  # model -> large batch
    loader_items: int
    loader_image: int
    loader_batch: int
    loader_workers: tuple[int, ...]
    memory: tuple[int, int]  # ResNet-50 (batch, image side)
    min_time_s: float
    max_repeats: int


CPU_SIZES = Sizes(
    train={"cnn": (64, 32), "resnet50": (8, 96)},
    # Compiling ResNet-50's training step with inductor on 2 cores takes minutes:
    # more than the CPU run's whole budget. The CNN's takes well under one.
    compile_models=("cnn",),
    infer_image={"cnn": 32, "resnet50": 128},
    infer_large={"cnn": 256, "resnet50": 16},
    loader_items=384,
    loader_image=96,
    loader_batch=32,
    loader_workers=(0, 1, 2),
    memory=(8, 96),
    min_time_s=0.5,
    max_repeats=20,
)
GPU_SIZES = Sizes(
    train={"cnn": (512, 32), "resnet50": (256, 224)},
    compile_models=("cnn", "resnet50"),
    infer_image={"cnn": 32, "resnet50": 224},
    infer_large={"cnn": 1024, "resnet50": 256},
    loader_items=2048,
    loader_image=128,
    loader_batch=128,
    loader_workers=(0, 2, 4, 8),
    memory=(64, 224),
    min_time_s=2.0,
    max_repeats=100,
)
#: A smoke run (``--quick``): every code path, in seconds; not for the record.
QUICK_SIZES = Sizes(
    train={"cnn": (8, 16), "resnet50": (2, 32)},
    compile_models=("cnn",),
    infer_image={"cnn": 16, "resnet50": 32},
    infer_large={"cnn": 8, "resnet50": 4},
    loader_items=32,
    loader_image=16,
    loader_batch=8,
    loader_workers=(0, 1),
    memory=(2, 32),
    min_time_s=0.0,
    max_repeats=3,
)


def sizes_for(device: torch.device, quick: bool = False) -> Sizes:
    if quick:
        return QUICK_SIZES
    return GPU_SIZES if device.type == "cuda" else CPU_SIZES


def build_model(name: str) -> nn.Module:
    torch.manual_seed(0)
    if name == "cnn":
        from snippets.examples.image_cnn import ImageCNN

        return ImageCNN(num_classes=10)
    from torchvision.models import resnet50

    return resnet50(weights=None)


def num_classes(name: str) -> int:
    return 10 if name == "cnn" else 1000


def make_batch(
    name: str, batch: int, side: int, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """A synthetic batch on CPU, pinned when the device is CUDA (as a loader gives)."""
    g = torch.Generator().manual_seed(0)
    images = torch.randn(batch, 3, side, side, generator=g)
    labels = torch.randint(0, num_classes(name), (batch,), generator=g)
    if device.type == "cuda":
        images, labels = images.pin_memory(), labels.pin_memory()
    return images, labels


def make_optimizer(name: str, model: nn.Module) -> torch.optim.Optimizer:
    # The profile trains its CNN with Adam; ResNet-50 is trained with SGD + momentum.
    if name == "cnn":
        return torch.optim.Adam(model.parameters(), lr=1e-3)
    return torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)


def count_flops(fn: Callable[[], object]) -> int:
    """FLOPs of one call, counted by ``torch.utils.flop_counter`` (matmuls, convs)."""
    counter = FlopCounterMode(display=False)
    with counter:
        fn()
    return counter.get_total_flops()


def _flops_entry(flops: int, timing: Timing, peak: dict | None) -> dict:
    achieved = flops / timing.median
    share = achieved / peak["flops"] if peak else None
    return {
        "per_step": flops,
        "achieved": achieved,
        "peak_share": min(share, 1.0) if share is not None else None,
    }


class CudaPeak:
    """Peak ``torch.cuda.max_memory_allocated`` of a block (``None`` on CPU)."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.bytes: int | None = None

    def __enter__(self) -> CudaPeak:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
        return self

    def __exit__(self, *exc) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
            self.bytes = int(torch.cuda.max_memory_allocated(self.device))

    def entry(self) -> dict | None:
        if self.bytes is None:
            return None
        return {
            "peak_bytes": self.bytes,
            "kind": "cuda_max_allocated",
            "saved_activation_bytes": None,
        }


def _result(**fields) -> dict:
    """A result without its empty optional keys (``value`` stays, even null)."""
    return {k: v for k, v in fields.items() if v is not None or k == "value"}


def _cleanup(device: torch.device) -> None:
    torch._dynamo.reset()
    if device.type == "cuda":
        torch.cuda.empty_cache()


# ------------------------------------------------------------------ training


def _compiled_check(trainer, images, labels, model: nn.Module) -> dict:
    """The compiled forward against the eager one, on the same weights and batch."""
    has_dropout = any(isinstance(m, nn.Dropout) for m in model.modules())
    # Dropout draws different masks compiled and eager: compare without it (one
    # more compilation, of the eval graph). Without dropout, the training graph
    # already compiled is reused: same mode, grad enabled (no_grad would recompile).
    model.train(not has_dropout)
    x = images.to(trainer.device, memory_format=trainer.memory_format)
    with torch.autocast(trainer.device.type, dtype=trainer.dtype):
        eager = model(x).detach().float()
        compiled = trainer.forward(x).detach().float()
    diff = (compiled - eager).abs().max().item()
    scale = eager.abs().max().item() or 1.0
    # bfloat16/float16 logits: fused kernels round differently; 5% of the range.
    return {"compiled_matches_eager": diff <= 0.05 * scale, "max_abs_diff": diff}


def training_cases(
    name: str, device: torch.device, sizes: Sizes, peak: dict | None
) -> list[dict]:
    from snippets.benchmarks.training_step import RecipeTrainer, naive_train_step

    batch, side = sizes.train[name]
    images, labels = make_batch(name, batch, side, device)
    criterion = nn.CrossEntropyLoss()
    params = {"lote": batch, "imagem": f"{side}×{side}"}
    label = MODEL_NAMES[name]
    depends = [CNN_MODULE] if name == "cnn" else None
    results = []

    naive_model = build_model(name).to(device)
    naive_opt = make_optimizer(name, naive_model)

    def naive() -> float:
        return naive_train_step(
            naive_model, naive_opt, criterion, images, labels, device
        )

    flops = count_flops(naive)
    with CudaPeak(device) as mem:
        timing = measure(
            naive,
            device,
            warmup=2,
            min_time_s=sizes.min_time_s,
            max_repeats=sizes.max_repeats,
        )
    naive_id = f"train-{name}-naive"
    results.append(
        _result(
            id=naive_id,
            group="training",
            module=TRAINING,
            depends=depends,
            label=f"{label}: laço ingênuo (float32)",
            params={**params, "precisão": "float32", "compile": False},
            metric="throughput",
            unit="img/s",
            value=batch / timing.median,
            timing=_no_compile(timing),
            flops=_flops_entry(flops, timing, peak),
            memory=mem.entry(),
        )
    )
    naive_model = naive_opt = None  # freed before the recipe's peak is measured
    _cleanup(device)

    use_compile = name in sizes.compile_models
    model = build_model(name)
    optimizer = make_optimizer(name, model)
    trainer = RecipeTrainer(
        model,
        optimizer,
        criterion,
        device,
        compile_backend="inductor" if use_compile else None,
    )
    with CudaPeak(device) as mem:
        timing = measure(
            lambda: trainer.step(images, labels),
            device,
            warmup=3 if use_compile else 2,
            min_time_s=sizes.min_time_s,
            max_repeats=sizes.max_repeats,
        )
    check = _compiled_check(trainer, images, labels, model) if use_compile else None
    dtype = str(trainer.dtype).removeprefix("torch.")
    results.append(
        _result(
            id=f"train-{name}-recipe",
            group="training",
            module=TRAINING,
            depends=depends,
            label=f"{label}: receita ({dtype}, channels_last"
            + (", compile)" if use_compile else ", sem compile)"),
            params={**params, "precisão": f"autocast {dtype}", "compile": use_compile},
            metric="throughput",
            unit="img/s",
            value=batch / timing.median,
            baseline=naive_id,
            timing=timing.as_record() if use_compile else _no_compile(timing),
            flops=_flops_entry(flops, timing, peak),
            memory=mem.entry(),
            check=check,
        )
    )
    _cleanup(device)
    return results


def _no_compile(timing: Timing) -> dict:
    record = timing.as_record()
    record["compile_s"] = None
    return record


# ------------------------------------------------------------------ inference


def inference_cases(
    name: str, device: torch.device, sizes: Sizes, peak: dict | None
) -> list[dict]:
    from snippets.benchmarks.inference import predict, prepare_for_inference
    from snippets.benchmarks.training_step import autocast_dtype

    side = sizes.infer_image[name]
    model = prepare_for_inference(build_model(name), device)
    low = autocast_dtype(device)
    low_name = str(low).removeprefix("torch.")
    depends = [CNN_MODULE] if name == "cnn" else None
    results = []
    for batch in (1, sizes.infer_large[name]):
        images, _ = make_batch(name, batch, side, device)
        flops = count_flops(lambda images=images: predict(model, images, device))
        base_id = None
        for dtype in (None, low):
            precision = "float32" if dtype is None else f"autocast {low_name}"

            def run(images=images, dtype=dtype) -> torch.Tensor:
                return predict(model, images, device, dtype=dtype)

            timing = measure(
                run,
                device,
                warmup=3,
                min_time_s=sizes.min_time_s / 2,
                max_repeats=sizes.max_repeats,
            )
            kind = "latency" if batch == 1 else "throughput"
            rid = f"infer-{name}-b{batch}-{'fp32' if dtype is None else low_name}"
            results.append(
                _result(
                    id=rid,
                    group="inference",
                    module=INFERENCE,
                    depends=depends,
                    label=f"{MODEL_NAMES[name]}, lote {batch}: {precision}",
                    params={
                        "lote": batch,
                        "imagem": f"{side}×{side}",
                        "precisão": precision,
                    },
                    metric=kind,
                    unit="ms" if batch == 1 else "img/s",
                    value=timing.median * 1000 if batch == 1 else batch / timing.median,
                    baseline=base_id,
                    timing=_no_compile(timing),
                    flops=_flops_entry(flops, timing, peak),
                )
            )
            base_id = base_id or rid
    _cleanup(device)
    return results


# ------------------------------------------------------------------ data loading


def dataloader_cases(device: torch.device, sizes: Sizes) -> list[dict]:
    from snippets.benchmarks.data_loading import SyntheticImages, make_loader

    dataset = SyntheticImages(sizes.loader_items, size=sizes.loader_image)
    results = []
    base_id = None
    for workers in sizes.loader_workers:
        for pin in (False, True):
            rid = f"loader-w{workers}-{'pin' if pin else 'nopin'}"
            params = {
                "num_workers": workers,
                "pin_memory": pin,
                "lote": sizes.loader_batch,
                "imagem": f"{sizes.loader_image}×{sizes.loader_image}",
                "itens por época": sizes.loader_items,
            }
            label = f"num_workers={workers}, pin_memory={pin}"
            if pin and device.type != "cuda":
                results.append(
                    _result(
                        id=rid,
                        group="dataloader",
                        module=DATALOADER,
                        label=label,
                        params=params,
                        metric="throughput",
                        unit="img/s",
                        value=None,
                        reason="sem GPU: memória travada só serve à cópia para uma GPU",
                    )
                )
                continue
            loader = make_loader(dataset, sizes.loader_batch, workers, pin_memory=pin)

            def epoch(loader=loader, pin=pin) -> None:
                for images, labels in loader:
                    if device.type == "cuda":
                        images.to(device, non_blocking=pin)
                        labels.to(device, non_blocking=pin)
                synchronize(device)

            # One epoch of warm-up starts the (persistent) workers.
            timing = measure(
                epoch, device, warmup=1, min_repeats=3, max_repeats=3, min_time_s=0
            )
            results.append(
                _result(
                    id=rid,
                    group="dataloader",
                    module=DATALOADER,
                    label=label,
                    params=params,
                    metric="throughput",
                    unit="img/s",
                    value=sizes.loader_items / timing.median,
                    baseline=base_id,
                    timing=_no_compile(timing),
                )
            )
            base_id = base_id or rid
    return results


# ------------------------------------------------------------------ memory

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


def memory_cases(device: torch.device, sizes: Sizes, root: Path) -> list[dict]:
    batch, side = sizes.memory
    results = []
    base_id = None
    for config, (label, _, _) in MEMORY_CONFIGS.items():
        if device.type == "cuda":
            step, saved = memory_step(config, device, batch, side)
            step()  # optimizer state and cuDNN workspaces exist from here on
            with CudaPeak(device) as mem:
                timing = measure(step, device, warmup=1, min_repeats=3, min_time_s=0)
            entry = mem.entry()
            assert entry is not None
            entry["saved_activation_bytes"] = saved
            step = None  # frees the model before the next configuration
            _cleanup(device)
        else:
            probe = _run_probe(config, batch, side, root)
            entry = {
                "peak_bytes": probe["peak_rss_delta"],
                "kind": "rss_peak_delta",
                "saved_activation_bytes": probe["saved"],
            }
            timing = Timing(warmup=probe["warmup"], samples=probe["samples"])
            timing.compile_s = None
        rid = f"memory-resnet50-{config}"
        results.append(
            _result(
                id=rid,
                group="memory",
                module=MEMORY,
                label=f"ResNet-50, passo de treino: {label}",
                params={"lote": batch, "imagem": f"{side}×{side}", "config": label},
                metric="memory",
                unit="MiB",
                value=entry["peak_bytes"] / 2**20,
                baseline=base_id,
                timing=_no_compile(timing),
                memory=entry,
            )
        )
        base_id = base_id or rid
    return results


def _run_probe(config: str, batch: int, side: int, root: Path) -> dict:
    """Run one config in a fresh interpreter: its peak RSS is its own."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.benchmarks.memory_probe",
            config,
            str(batch),
            str(side),
            str(torch.get_num_threads()),
        ],
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


def all_cases(
    device: torch.device, peak: dict | None, root: Path, log, *, quick: bool = False
) -> list[dict]:
    sizes = sizes_for(device, quick)
    results: list[dict] = []
    steps: list[tuple[str, Callable[[], list[dict]]]] = [
        ("treino CNN", lambda: training_cases("cnn", device, sizes, peak)),
        ("treino ResNet-50", lambda: training_cases("resnet50", device, sizes, peak)),
        ("inferência CNN", lambda: inference_cases("cnn", device, sizes, peak)),
        (
            "inferência ResNet-50",
            lambda: inference_cases("resnet50", device, sizes, peak),
        ),
        ("DataLoader", lambda: dataloader_cases(device, sizes)),
        ("memória", lambda: memory_cases(device, sizes, root)),
    ]
    for title, fn in steps:
        log(f"{title}…")
        got = fn()
        for r in got:
            value = r.get("value")
            shown = f"{value:.4g} {r['unit']}" if value is not None else r["reason"]
            log(f"  {r['id']}: {shown}")
        results += got
    return results

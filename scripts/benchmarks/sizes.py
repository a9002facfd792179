"""What every case shares: sizes per device, the models, batches and FLOP counts.

Sizes differ per device (:data:`CPU_SIZES`, :data:`GPU_SIZES`) so a CPU run on 2
cores fits in 5 minutes and a GPU run in the 150 s that ``make record-gpu`` gives
it; they are recorded with each result (``params``). Labels are pt-BR: they are
shown on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

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
    """Batch sizes, image sizes and rounds for one kind of device."""

    train: dict  # model -> (batch, image side)
    compile_models: tuple[str, ...]  # where the recipe uses torch.compile
    infer_image: dict  # model -> image side
    infer_large: dict  # model -> large batch
    loader_items: int
    loader_image: int
    loader_batch: int
    loader_workers: tuple[int, ...]
    memory: tuple[int, int]  # ResNet-50 (batch, image side)
    rounds: int  # interleaved rounds per comparison (>= 6 for a 95% interval)
    loader_rounds: int  # an epoch per round: fewer
    min_sample_s: float  # a faster case is called several times per sample
    parallel_probes: bool  # memory probes at once (GPU: each process its own stats)


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
    rounds=15,
    loader_rounds=8,
    min_sample_s=0.02,
    parallel_probes=False,
)
GPU_SIZES = Sizes(
    train={"cnn": (512, 32), "resnet50": (128, 224)},
    # Compiling ResNet-50's training step cold takes about a minute even on 16
    # cores: with it the GPU run would not fit make record-gpu's 150 s.
    compile_models=("cnn",),
    infer_image={"cnn": 32, "resnet50": 224},
    infer_large={"cnn": 1024, "resnet50": 256},
    loader_items=1024,
    loader_image=128,
    loader_batch=128,
    loader_workers=(0, 2, 4, 8),
    memory=(32, 224),
    rounds=15,
    loader_rounds=6,
    min_sample_s=0.005,
    parallel_probes=True,
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
    rounds=6,
    loader_rounds=6,
    min_sample_s=0.0,
    parallel_probes=False,
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


def flops_entry(flops: int, median_s: float, peak: dict | None) -> dict:
    achieved = flops / median_s
    share = achieved / peak["flops"] if peak else None
    return {
        "per_step": flops,
        "achieved": achieved,
        "peak_share": min(share, 1.0) if share is not None else None,
    }


def cleanup(device: torch.device) -> None:
    torch._dynamo.reset()
    if device.type == "cuda":
        torch.cuda.empty_cache()

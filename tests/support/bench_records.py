"""Small valid benchmark records for the tests (version 2, and the old version 1)."""

from __future__ import annotations

from pathlib import Path

from scripts.verification.benchmarks import validate_bench_record
from scripts.verification.digest import current_sha256 as file_sha256
from tests.support import ROOT

TRAINING = "snippets/benchmarks/training_step.py"
MEMORY = "snippets/benchmarks/memory.py"


def timing(median: float, *, version: int = 2, rounds: int = 7) -> dict:
    """Samples spread around ``median`` (0,9× to 1,3×) and their summary."""
    factors = [0.9, 0.95, 0.97, 1.0, 1.05, 1.1, 1.3][:rounds]
    samples = [median * f for f in factors]
    t = {
        "warmup": 2,
        "repeats": len(samples),
        "median_s": median,
        "p25_s": median * 0.96,
        "p75_s": median * 1.075,
        "min_s": min(samples),
        "max_s": max(samples),
        "compile_s": None,
    }
    if version >= 2:
        t.update(number=1, samples_s=samples)
    return t


def ratio(baseline: str, value: float, low: float, high: float) -> dict:
    return {
        "baseline": baseline,
        "value": value,
        "low": low,
        "high": high,
        "rounds": 7,
        "confidence": 0.95,
        "method": "mediana das razões por rodada; intervalo de ordem, 95%",
    }


def _host(version: int, busy: bool) -> dict:
    """The machine's part: load logged during the run (v2) or at its ends (v1)."""
    load = [3.5, 3.0, 2.0] if busy else [0.5, 0.4, 0.3]
    host: dict = {"cpu_count": 2, "torch_threads": 2}
    if version >= 2:
        host["load"] = {
            "before": load,
            "during": [{"t_s": 10.0, "after": "treino", "load": [1.1, 0.6, 0.4]}],
            "after": [1.1, 0.6, 0.4],
            "max_1min": max(load[0], 1.1),
            "busy": busy,
        }
        host["busy_allowed"] = busy
    else:
        host.update(load_average_start=load, load_average_end=[1.1, 0.6, 0.4])
    return host


def _with_ratio(result: dict, r: dict, version: int) -> dict:
    """The result with its ratio against the baseline (version 2 on)."""
    return {**result, "ratio": r} if version >= 2 else result


def _results(version: int) -> list[dict]:
    """Training, loader and memory results."""
    return _training_results(version) + _memory_results(version)


def _training_results(version: int) -> list[dict]:
    return [
        {
            "id": "train-resnet50-naive",
            "group": "training",
            "module": TRAINING,
            "label": "ResNet-50: laço ingênuo (float32)",
            "params": {"lote": 8, "compile": False},
            "metric": "throughput",
            "unit": "img/s",
            "value": 40.0,
            "timing": timing(0.2, version=version),
            "flops": {"per_step": 1e11, "achieved": 5e11, "peak_share": None},
        },
        _with_ratio(
            {
                "id": "train-resnet50-recipe",
                "group": "training",
                "module": TRAINING,
                "label": "ResNet-50: receita (bfloat16)",
                "params": {"lote": 8, "compile": False},
                "metric": "throughput",
                "unit": "img/s",
                "value": 100.0,
                "baseline": "train-resnet50-naive",
                "timing": timing(0.08, version=version),
            },
            ratio("train-resnet50-naive", 2.46, 2.21, 2.63),
            version,
        ),
        {
            "id": "loader-w0-pin",
            "group": "dataloader",
            "module": TRAINING,
            "label": "num_workers=0, pin_memory=True",
            "params": {"num_workers": 0},
            "metric": "throughput",
            "unit": "img/s",
            "value": None,
            "reason": "sem GPU: memória travada só serve à cópia para uma GPU",
        },
    ]


def _memory_results(version: int) -> list[dict]:
    return [
        {
            "id": "memory-fp32",
            "group": "memory",
            "module": MEMORY,
            "label": "ResNet-50, passo de treino: float32",
            "params": {"config": "float32"},
            "metric": "memory",
            "unit": "MiB",
            "value": 512.0,
            "timing": timing(0.3, version=version),
            "memory": {
                "peak_bytes": 512 * 2**20,
                "kind": "rss_peak_delta",
                "saved_activation_bytes": 300 * 2**20,
            },
        },
        _with_ratio(
            {
                "id": "memory-checkpoint",
                "group": "memory",
                "module": MEMORY,
                "label": "ResNet-50, passo de treino: float32 + checkpointing",
                "params": {"config": "float32 + checkpointing"},
                "metric": "memory",
                "unit": "MiB",
                "value": 256.0,
                "baseline": "memory-fp32",
                "timing": timing(0.4, version=version),
                "memory": {
                    "peak_bytes": 256 * 2**20,
                    "kind": "rss_peak_delta",
                    "saved_activation_bytes": 30 * 2**20,
                },
            },
            ratio("memory-fp32", 1.33, 1.28, 1.39),
            version,
        ),
    ]


def make_bench_record(
    root: Path = ROOT, runner: str = "cpu", *, version: int = 2, busy: bool = False
) -> dict:
    """A small valid record whose module hashes match ``root``'s files."""
    record = {
        "schema_version": version,
        "kind": "benchmarks",
        "runner": runner,
        "date": "2026-11-26T05:00:00+00:00",
        "device": {"cpu": "Test CPU", "gpu": None, "gpu_count": 0},
        "versions": {
            "python": "3.11.7",
            "torch": "2.14.1+cpu",
            "torchvision": "0.29.1+cpu",
            "pytest": None,
            "cuda": None,
            "cudnn": None,
        },
        "cuda_available": False,
        "host": _host(version, busy),
        "peak": None,
        "duration": 200.0,
        "modules": {m: {"sha256": file_sha256(root / m)} for m in (TRAINING, MEMORY)},
        "results": _results(version),
    }
    return validate_bench_record(record, f"bench-{runner}.json")

"""Diagnóstico de GPU: cada caso (build só CPU, sem driver, GPUs escondidas, GPU
visível, ROCm) simulado, com a saída que a página mostra conferida exatamente."""

import re
from pathlib import Path

import pytest
import torch

from snippets.errors import gpu_diagnosis

OUTPUT = Path(__file__).parent / "output"

#: Caso -> (versão do torch, CUDA, HIP, acelerador, nº de GPUs, CUDA_VISIBLE_DEVICES)
CASES = {
    "cpu-build": ("2.14.1+cpu", None, None, None, 0, None),
    "no-driver": ("2.14.1+cu130", "13.0", None, None, 0, None),
    "hidden": ("2.14.1+cu130", "13.0", None, None, 0, ""),
    "gpu": ("2.14.1+cu130", "13.0", None, "cuda", 2, "0,1"),
    "rocm": ("2.14.1+rocm7.2", None, "7.2", "cuda", 1, None),
}


def _simulate(monkeypatch, version, cuda, hip, accelerator, count, visible):
    monkeypatch.setattr(torch, "__version__", version)
    monkeypatch.setattr(torch.version, "cuda", cuda)
    monkeypatch.setattr(torch.version, "hip", hip)
    device = torch.device(accelerator) if accelerator else None
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: device is not None)
    # Sem acelerador, o build ainda tem um tipo (cuda num build CUDA): o diagnóstico
    # não pode confiar nele sem antes perguntar `is_available()`.
    build_type = torch.device(accelerator or ("cuda" if cuda or hip else "cpu"))
    monkeypatch.setattr(
        torch.accelerator,
        "current_accelerator",
        lambda check_available=False: (
            device if check_available else (device or build_type)
        ),
    )
    monkeypatch.setattr(torch.accelerator, "device_count", lambda: count)
    if visible is None:
        monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    else:
        monkeypatch.setenv("CUDA_VISIBLE_DEVICES", visible)


@pytest.mark.parametrize("case", list(CASES))
def test_simulated_case_prints_what_the_page_shows(case, monkeypatch, golden):
    _simulate(monkeypatch, *CASES[case])
    text = "\n".join(gpu_diagnosis.advice(gpu_diagnosis.collect())) + "\n"
    golden.check(OUTPUT / f"gpu_diagnosis_{case}.txt", text)


@pytest.mark.parametrize(
    ("case", "wanted"),
    [
        ("cpu-build", "não tem CUDA nem ROCm"),
        ("no-driver", "confira o driver"),
        ("hidden", "esconde todas as GPUs"),
        ("gpu", "OK: há acelerador"),
        ("rocm", "OK: há acelerador"),
    ],
)
def test_each_case_gets_its_own_advice(case, wanted, monkeypatch):
    _simulate(monkeypatch, *CASES[case])
    report = gpu_diagnosis.collect()
    lines = gpu_diagnosis.advice(report)
    assert wanted in lines[-1]
    assert report.torch_version == CASES[case][0]
    assert report.device_count == CASES[case][4]


@pytest.mark.parametrize("case", list(CASES))
def test_advice_treats_build_as_masculine(case, monkeypatch):
    # O glossário do site: "o build", nunca "a build"; o guarda de vocabulário não
    # lê o texto que o código imprime, então este teste confere a saída.
    _simulate(monkeypatch, *CASES[case])
    text = "\n".join(gpu_diagnosis.advice(gpu_diagnosis.collect()))
    assert "build" in text
    assert not re.search(r"\b(?:a|A|esta|Esta|da|uma|numa|na) build\b", text), text


def test_real_machine_matches_torch(capsys):
    report = gpu_diagnosis.collect()
    assert report.torch_version == torch.__version__
    assert (report.accelerator is not None) == torch.accelerator.is_available()
    gpu_diagnosis.main()
    assert torch.__version__ in capsys.readouterr().out

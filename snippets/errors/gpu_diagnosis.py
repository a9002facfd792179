"""Diagnóstico de "minha GPU não é usada": o que o build do torch e o ambiente dizem.

`collect()` lê o build instalado (`+cpu`, `+cu130`, ROCm), `torch.version.cuda`,
`torch.version.hip`, se algum acelerador está visível e `CUDA_VISIBLE_DEVICES`;
`advice()` transforma isso no que fazer. Os testes simulam GPU presente e ausente.
"""

# --8<-- [start:diagnosis]
import os
from dataclasses import dataclass

import torch


@dataclass
class GpuReport:
    """O que importa para saber por que a GPU não é usada."""

    torch_version: str
    cuda_version: str | None
    hip_version: str | None
    accelerator: str | None
    device_count: int
    visible_devices: str | None


def collect() -> GpuReport:
    """Lê o build do torch, o acelerador visível e `CUDA_VISIBLE_DEVICES`."""
    # `current_accelerator(check_available=True)` só existe desde o torch 2.7.
    available = torch.accelerator.is_available()
    accelerator = torch.accelerator.current_accelerator() if available else None
    return GpuReport(
        torch_version=torch.__version__,
        cuda_version=torch.version.cuda,
        hip_version=torch.version.hip,
        accelerator=accelerator.type if accelerator is not None else None,
        device_count=torch.accelerator.device_count() if accelerator else 0,
        visible_devices=os.environ.get("CUDA_VISIBLE_DEVICES"),
    )


def advice(report: GpuReport) -> list[str]:
    """O diagnóstico e o que fazer, linha a linha."""
    build = (
        f"ROCm {report.hip_version}"
        if report.hip_version
        else f"CUDA {report.cuda_version}"
        if report.cuda_version
        else "só CPU"
    )
    lines = [
        f"torch {report.torch_version} (build: {build})",
        f"acelerador visível: {report.accelerator or 'nenhum'}"
        + (f" ({report.device_count} dispositivo(s))" if report.accelerator else ""),
        f"CUDA_VISIBLE_DEVICES: {report.visible_devices!r}",
    ]
    if report.accelerator is not None:
        lines.append(
            "OK: há acelerador. Se ele não é usado, o código não o pede: mova modelo "
            "e dados com .to(device), com device = torch.accelerator."
            "current_accelerator()."
        )
    elif report.cuda_version is None and report.hip_version is None:
        lines.append(
            "Este build do torch não tem CUDA nem ROCm. Reinstale a variante da sua "
            "GPU (por exemplo, o índice cu130 de download.pytorch.org) num ambiente "
            "limpo."
        )
    elif report.visible_devices is not None and report.visible_devices.strip() in (
        "",
        "-1",
    ):
        lines.append(
            "CUDA_VISIBLE_DEVICES esconde todas as GPUs deste processo. Remova a "
            "variável ou dê os índices das GPUs (por exemplo, 0)."
        )
    else:
        lines.append(
            "O build tem suporte a GPU, mas nenhuma está visível: confira o driver "
            "(nvidia-smi ou rocm-smi), se ele é novo o bastante para essa versão de "
            "CUDA/ROCm e, em contêineres, se a GPU foi repassada (--gpus all)."
        )
    return lines


# --8<-- [end:diagnosis]


def main() -> None:
    """Imprime o diagnóstico desta máquina."""
    print("\n".join(advice(collect())))


if __name__ == "__main__":
    main()

"""Known dense peak FLOP/s of accelerators, with the source of each number.

The share of peak is reported only where the device's peak is known; nothing is
estimated for CPUs (their sustained vector clock under AVX-512 load, and which units
a given build uses, are not known from inside a VM), so CPU results carry the
achieved FLOP/s without a share.
"""

from __future__ import annotations

#: Substring of ``torch.cuda.get_device_name()`` -> (dense bf16 FLOP/s, source).
#: Dense (without the 2:4 sparsity that the marketing figures double).
GPU_BF16_DENSE = [
    (
        "H200",
        989.4e12,
        "NVIDIA H200 (SXM), BF16 Tensor Core denso: 989 TFLOP/s (folha de dados "
        "da H200; a página dá 1.979 TFLOP/s com esparsidade 2:4)",
    ),
    (
        "H100 80GB HBM3",
        989.4e12,
        "NVIDIA H100 SXM, BF16 Tensor Core denso: 989 TFLOP/s (folha de dados da "
        "H100; 1.979 com esparsidade)",
    ),
    (
        "H100 PCIe",
        756.5e12,
        "NVIDIA H100 PCIe, BF16 Tensor Core denso: 756 TFLOP/s (folha de dados da "
        "H100; 1.513 com esparsidade)",
    ),
    (
        "A100",
        312e12,
        "NVIDIA A100, BF16 Tensor Core denso: 312 TFLOP/s (folha de dados da A100; "
        "624 com esparsidade)",
    ),
]


def gpu_peak(name: str | None) -> dict | None:
    """``{"flops", "dtype", "source"}`` for a known GPU, else ``None``."""
    if not name:
        return None
    for key, flops, source in GPU_BF16_DENSE:
        if key in name:
            return {"flops": flops, "dtype": "bfloat16", "source": source}
    return None

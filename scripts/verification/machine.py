"""The machine class of a run: what decides the last digits of a float result.

Two runs of the same seeded example print the same numbers only when the same kernels
did the arithmetic in the same order. On a CPU that depends on more than the torch
version (measured by forcing each choice on one machine: ``scripts/portability.py``):

- **the BLAS branch**: MKL (inside the x86-64 torch wheels) picks its kernels by CPU
  vendor and ISA; an AMD EPYC gets the generic branch, an Intel Xeon with AVX-512 the
  AVX-512 one, and ``MKL_ENABLE_INSTRUCTIONS`` caps it. Read from MKL itself
  (``mkl_serv_cbwr_get_auto_branch``, exported by ``libtorch_cpu``), so a forced or
  spoofed dispatch shows here as it acts;
- **ATen's ISA** (``torch.backends.cpu.get_cpu_capability()``, ``ATEN_CPU_CAPABILITY``);
- **oneDNN's ISA**: chosen from the CPU's features (listed in ``cpu_isa``) and capped by
  ``ONEDNN_MAX_CPU_ISA``;
- **threads**: the intra-op thread count splits reductions differently (pytest-xdist
  gives each worker a share of the cores, so the process layout matters too);
- **the torch build** (``2.14.1+cu130`` and ``2.14.1+cpu`` are different binaries) and
  whether an accelerator ran it.

A number is compared by value only against an output recorded in the same class
(``snippets/output_environments.json`` keeps the class per output); elsewhere the
text and the places of the numbers are compared, and each example's own tests
(loss falls, accuracy in range) still run. Standard library at import time; torch is
imported inside :func:`machine_class`.
"""

from __future__ import annotations

import ctypes
import os
import platform
from functools import cache
from pathlib import Path

#: MKL's code branches (``MKL_CBWR_*`` in ``mkl_service.h``), as
#: ``mkl_serv_cbwr_get_auto_branch`` numbers them; a newer branch shows as its
#: number. ``AUTO`` is what MKL answers on a CPU it does not tune for (AMD).
MKL_BRANCHES = {
    2: "AUTO",
    3: "COMPATIBLE",
    4: "SSE2",
    6: "SSSE3",
    7: "SSE4_1",
    8: "SSE4_2",
    9: "AVX",
    10: "AVX2",
    11: "AVX512_MIC",
    12: "AVX512",
    13: "AVX512_MIC_E1",
    14: "AVX512_E1",
}

#: The CPU features that select oneDNN's and MKL's kernels (``/proc/cpuinfo`` flags).
ISA_FLAGS = (
    "avx",
    "avx2",
    "fma",
    "avx512f",
    "avx512bw",
    "avx512vl",
    "avx512dq",
    "avx512_vnni",
    "avx512_bf16",
    "avx512_fp16",
    "avx_vnni",
    "amx_tile",
    "amx_bf16",
    "amx_int8",
)

#: Variables that cap a dispatch that the libraries do not report back to us.
DISPATCH_VARIABLES = ("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "MKL_CBWR")


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields in ``/proc/cpuinfo`` (empty off Linux)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return {}
    fields: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip(), value.strip())
    return fields


def cpu_vendor() -> str:
    """``GenuineIntel``, ``AuthenticAMD``…, or the platform's machine name."""
    return _cpuinfo().get("vendor_id") or platform.machine() or "?"


def cpu_isa() -> str:
    """The :data:`ISA_FLAGS` this CPU has, space-separated, in that order."""
    flags = set(_cpuinfo().get("flags", "").split())
    return " ".join(f for f in ISA_FLAGS if f in flags)


def blas_branch() -> str:
    """The code branch MKL runs on this machine (``mkl:AVX512_E1``), or the BLAS.

    ``none`` without MKL (arm64, macOS): there the BLAS is another library whose
    dispatch the torch build and the CPU features already name.
    """
    import torch

    if not torch.backends.mkl.is_available():
        return "none"
    library = Path(torch.__file__).parent / "lib" / "libtorch_cpu.so"
    try:
        branch = ctypes.CDLL(str(library)).mkl_serv_cbwr_get_auto_branch()
    except (OSError, AttributeError):
        return "mkl:?"  # another packaging of MKL: the vendor and ISA still decide
    return f"mkl:{MKL_BRANCHES.get(branch, str(branch))}"


@cache
def _static_class() -> tuple[tuple[str, str], ...]:
    """The parts that cannot change inside a process (torch is already loaded)."""
    import torch

    accelerator = torch.cuda.is_available() or (
        hasattr(torch.backends, "mps") and torch.backends.mps.is_available()
    )
    parts = {
        "torch": str(torch.__version__),
        "device": "accelerator" if accelerator else "cpu",
        "cpu_vendor": cpu_vendor(),
        "cpu_isa": cpu_isa(),
        "cpu_capability": str(torch.backends.cpu.get_cpu_capability()),
        "blas": blas_branch(),
    }
    for name in DISPATCH_VARIABLES:
        if os.environ.get(name):
            parts[name.lower()] = os.environ[name]
    return tuple(parts.items())


def machine_class() -> dict[str, str]:
    """This process's machine class, as recorded beside each output."""
    import torch

    return {**dict(_static_class()), "threads": str(torch.get_num_threads())}


def describe(machine: dict[str, str]) -> str:
    """The class in a few pt-BR words, for output labels and test messages."""
    vendor = {"GenuineIntel": "Intel", "AuthenticAMD": "AMD"}.get(
        machine.get("cpu_vendor", ""), machine.get("cpu_vendor", "?")
    )
    threads = machine.get("threads", "?")
    parts = [
        f"CPU {vendor}",
        f"ATen {machine.get('cpu_capability', '?')}",
        f"BLAS {machine.get('blas', '?')}",
        f"{threads} thread" + ("" if threads == "1" else "s"),
        f"torch {machine.get('torch', '?')}",
    ]
    parts += [
        f"{k.upper()}={machine[k]}" for k in machine if k.upper() in DISPATCH_VARIABLES
    ]
    return ", ".join(parts)

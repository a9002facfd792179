"""Where a run happened: the device and the versions of this interpreter.

Recorded in every verification record (``device``, ``versions``,
``cuda_available``). Standard library at import time; pytest, torch and torchvision
are imported only inside :func:`environment` and recorded as ``null`` when missing.
Version strings are parsed here, with ``packaging`` (installed with pytest).
"""

from __future__ import annotations

import platform
from pathlib import Path

from packaging.version import InvalidVersion, Version


def parse_version(version: str | None) -> Version:
    """A version to compare: ``2.6.0`` < ``2.14.1``; unknown or invalid sorts first."""
    try:
        return Version(version or "0")
    except InvalidVersion:
        return Version("0")


def public_version(version: str | None) -> str:
    """``2.14.1+cu130`` -> ``2.14.1`` (the local build label dropped); ``?`` unknown."""
    if not version:
        return "?"
    try:
        return Version(version).public
    except InvalidVersion:
        return version.split("+", 1)[0]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: ")):
                value = line.split(":", 1)[1].strip()
                if value and not value.isdigit():
                    return value
    except OSError:
        pass
    return platform.processor() or platform.machine() or "desconhecido"


def environment() -> dict:
    """Device and versions of this interpreter (the one that ran pytest)."""
    info = {
        "device": {"cpu": _cpu_model(), "gpu": None, "gpu_count": 0},
        "versions": {
            "python": platform.python_version(),
            "torch": None,
            "torchvision": None,
            "pytest": None,
            "cuda": None,
            "cudnn": None,
        },
        "cuda_available": False,
    }
    try:
        import pytest

        info["versions"]["pytest"] = pytest.__version__
    except Exception:  # noqa: BLE001 - a missing package is recorded as null
        pass
    try:
        import torchvision

        info["versions"]["torchvision"] = torchvision.__version__
    except Exception:  # noqa: BLE001
        pass
    try:
        import torch

        info["versions"]["torch"] = torch.__version__
        info["versions"]["cuda"] = torch.version.cuda
        try:
            cudnn = torch.backends.cudnn.version()
            info["versions"]["cudnn"] = int(cudnn) if cudnn is not None else None
        except Exception:  # noqa: BLE001
            pass
        if torch.cuda.is_available():
            info["cuda_available"] = True
            info["device"]["gpu_count"] = torch.cuda.device_count()
            info["device"]["gpu"] = torch.cuda.get_device_name(0)
    except Exception:  # noqa: BLE001
        pass
    return info

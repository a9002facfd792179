"""What a name is on the installed ``torch`` and ``torchvision``: the objects the
analyzer of :mod:`scripts.apiref.names` resolves expressions to, and the public name
of a class or method.
"""

from __future__ import annotations

import importlib
import inspect
import types
from dataclasses import dataclass, field

#: The packages whose names are indexed.
PACKAGES = ("torch", "torchvision")
#: Tensor methods that do not return a tensor (their result's type is unknown).
NOT_TENSOR = {
    "item", "tolist", "size", "dim", "numel", "numpy", "data_ptr", "element_size",
    "stride", "storage_offset", "get_device", "nelement", "ndimension",
    "untyped_storage", "backward", "register_hook", "__len__",
    # namedtuples and tuples of tensors
    "max", "min", "sort", "topk", "kthvalue", "median", "mode", "unique", "split",
    "chunk", "unbind", "var_mean", "std_mean", "aminmax", "histogram", "qr", "svd",
    "slogdet", "frexp", "tensor_split", "nonzero_static", "where",
}  # fmt: skip


class ApiNameError(Exception):
    """A torch or torchvision attribute that the installed packages do not have."""


@dataclass(frozen=True)
class Ref:
    """A resolved object: a module, class or function, by its dotted public name."""

    name: str
    obj: object


@dataclass(frozen=True)
class Inst:
    """An instance of a torch class, minus the methods a local subclass defines."""

    cls: type
    local: frozenset[str] = frozenset()
    returns_tensor: bool = False  # calling it returns a tensor (forward -> Tensor)


@dataclass
class LocalClass:
    """A class defined in the module, with the torch class it derives from."""

    base: type | None
    methods: set[str] = field(default_factory=set)
    returns_tensor: bool = False


def tensor_type() -> type:
    import torch

    return torch.Tensor


def public_name(cls: type) -> str | None:
    """The shortest public dotted path of a torch/torchvision class, or ``None``.

    ``torch.nn.modules.module.Module`` -> ``torch.nn.Module``.
    """
    if issubclass(cls, tensor_type()):
        return "torch.Tensor"
    parts = cls.__module__.split(".")
    if parts[0] not in PACKAGES:
        return None
    for end in range(1, len(parts) + 1):
        path = parts[:end]
        if any(p.startswith("_") for p in path):
            break
        try:
            module = importlib.import_module(".".join(path))
        except ImportError:
            continue
        if getattr(module, cls.__name__, None) is cls:
            return ".".join([*path, cls.__name__])
    return None


def method_name(cls: type, attr: str) -> str | None:
    """``torch.nn.Module.parameters`` for ``(nn.Linear, "parameters")``."""
    if issubclass(cls, tensor_type()):
        return f"torch.Tensor.{attr}" if callable(getattr(cls, attr, None)) else None
    for klass in cls.__mro__:
        if attr in vars(klass):
            owner = public_name(klass)
            if owner is None or not callable(getattr(klass, attr, None)):
                return None
            return f"{owner}.{attr}"
    return None


def forward_returns_tensor(cls: type) -> bool:
    forward = getattr(cls, "forward", None)
    try:
        ret = inspect.signature(forward).return_annotation
    except (TypeError, ValueError):
        return False
    return ret is tensor_type() or ret == "Tensor" or ret == "torch.Tensor"


def is_tensor_function(ref: Ref) -> bool:
    import torch

    head, _, last = ref.name.rpartition(".")
    if last in NOT_TENSOR:
        return False
    if head in ("torch", "torch.nn.functional", "torch.linalg", "torch.fft"):
        return (
            callable(ref.obj)
            and not inspect.isclass(ref.obj)
            and (hasattr(torch._C._VariableFunctions, last) or head != "torch")
        )
    return False


def indexable(ref: Ref) -> bool:
    """A class, function or method of torch/torchvision; not a module, not a value."""
    if ref.name.split(".")[0] not in PACKAGES:
        return False
    obj = ref.obj
    if isinstance(obj, tuple):  # a method on an instance
        return True
    return not isinstance(obj, types.ModuleType) and callable(obj)

"""The official documentation address of a ``torch`` or ``torchvision`` name.

PyTorch's documented URL scheme (Sphinx autosummary), checked on docs.pytorch.org:

- most names have a generated page of their own:
  ``https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html``, and so do
  tensor methods (``generated/torch.Tensor.backward.html``);
- a method of another class is an anchor on its class's page:
  ``generated/torch.nn.Module.html#torch.nn.Module.parameters``;
- a few packages are documented on one page, each name an anchor there:
  ``data.html#torch.utils.data.DataLoader``, ``nn.init.html#...``, ``amp.html#...``,
  ``distributed.html#...``, ``checkpoint.html#...``, ``multiprocessing.html#...``;
- torchvision: ``https://docs.pytorch.org/vision/stable/generated/<name>.html``, its
  model builders under ``models/generated/`` (``torchvision.models.resnet50.html``,
  with the builder's weights enum as an anchor there); the model classes, which have
  no page of their own, point to ``models.html``.
"""

from __future__ import annotations

import re

TORCH_DOCS = "https://docs.pytorch.org/docs/stable/"
VISION_DOCS = "https://docs.pytorch.org/vision/stable/"

#: Packages documented on a single page: prefix -> page (longest prefix first).
SINGLE_PAGE = {
    "torch.utils.data.": "data.html",
    "torch.utils.checkpoint.": "checkpoint.html",
    "torch.nn.init.": "nn.init.html",
    "torch.amp.": "amp.html",
    "torch.autocast": "amp.html",
    "torch.GradScaler": "amp.html",
    "torch.distributed.": "distributed.html",
    "torch.multiprocessing.": "multiprocessing.html",
    "torch.serialization.": "notes/serialization.html",
    "torch.autograd.graph.": "autograd.html",
    "torch.autograd.Function": "autograd.html",
    # Tensor attributes (torch.device, torch.dtype, ...) share one page.
    "torch.device": "tensor_attributes.html",
}
#: A weights enum of a torchvision builder: documented on the builder's page.
_WEIGHTS = re.compile(
    r"^(?P<pkg>torchvision\.models(?:\.\w+)*)\.(?P<arch>\w+)_Weights$"
)


def _class_and_member(name: str, classes: set[str]) -> tuple[str, str] | None:
    head, _, member = name.rpartition(".")
    return (head, member) if head in classes else None


def docs_url(name: str, classes: set[str] = frozenset()) -> str:
    """The documentation page of ``name``.

    Args:
        name: a dotted public name, ``torch.nn.Linear``.
        classes: the names that are classes, so that ``<class>.<method>`` is an
            anchor on the class's page (tensor methods have pages of their own).
    """
    if name.startswith("torchvision."):
        m = _WEIGHTS.match(name)
        if m:
            builder = f"{m.group('pkg')}.{m.group('arch').lower()}"
            return f"{VISION_DOCS}models/generated/{builder}.html#{name}"
        parts = name.split(".")
        if parts[1] == "models":
            if parts[-1][:1].islower():
                return f"{VISION_DOCS}models/generated/{name}.html"
            # Model classes have no page of their own: the models' overview.
            return f"{VISION_DOCS}models.html"
        return f"{VISION_DOCS}generated/{name}.html"
    for prefix, page in sorted(SINGLE_PAGE.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(prefix):
            return f"{TORCH_DOCS}{page}#{name}"
    split = _class_and_member(name, set(classes))
    if split and split[0] != "torch.Tensor":
        owner, _ = split
        return f"{TORCH_DOCS}generated/{owner}.html#{name}"
    return f"{TORCH_DOCS}generated/{name}.html"

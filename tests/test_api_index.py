"""The API index (referencia/api.md) and the "Usa: …" line under each example.

- names come from ``ast`` with aliases resolved and methods named where the receiver's
  type is clear; a name the installed torch lacks fails (a renamed API stops the build);
- documentation links follow PyTorch's URL scheme;
- the built index lists every name with "Exemplos que usam `name`" and links that
  land on a "Usa:" line of a page; every "Usa:" link lands on an index entry;
- searching a full API name finds the index or a page using it in the top 3
  (the ``api`` group of ``tests/search/queries.yml``, in Chromium).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scripts.apiref import docs, index
from scripts.apiref.names import ApiNameError, module_uses
from tests.support import ROOT
from tests.support.browser import SUBPATH, SearchBox, Session


def names(source: str) -> list[str]:
    return sorted({u.name for u in module_uses(textwrap.dedent(source), "x.py")})


# --------------------------------------------------------------------------- names


def test_aliases_resolve_to_full_names():
    found = names(
        """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset
        from torch import optim

        layer = nn.Linear(2, 3)
        y = F.relu(torch.randn(4, 2))
        loader = DataLoader(TensorDataset(y), batch_size=2)
        opt = optim.SGD(layer.parameters(), lr=0.1)
        """
    )
    for name in (
        "torch.nn.Linear",
        "torch.nn.functional.relu",
        "torch.randn",
        "torch.utils.data.DataLoader",
        "torch.utils.data.TensorDataset",
        "torch.optim.SGD",
        "torch.nn.Module.parameters",
    ):
        assert name in found, (name, found)
    assert not any(n in found for n in ("torch", "torch.nn", "torch.nn.functional"))


def test_methods_where_the_receiver_type_is_clear():
    found = names(
        """
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.fc = nn.Linear(2, 1)

            def forward(self, x: torch.Tensor) -> torch.Tensor:
                return torch.relu(self.fc(x)).clamp(min=0)

            def helper(self):
                return self.eval()

        def step(model: nn.Module, x: torch.Tensor, opt: torch.optim.Optimizer):
            loss = nn.MSELoss()(model(x), x.sum(dim=1, keepdim=True))
            loss.backward()
            opt.step()
            return (x @ x.T).mean().item()

        net = Net()
        net.helper()
        net.zero_grad()
        unknown = make_something()
        unknown.backward()
        """
    )
    for name in (
        "torch.Tensor.clamp",  # a tensor parameter's method result
        "torch.Tensor.sum",
        "torch.Tensor.backward",  # a loss module's call returns a tensor
        "torch.Tensor.mean",  # an operator on tensors is a tensor
        "torch.Tensor.item",
        "torch.nn.Module.eval",  # self in a subclass of nn.Module
        "torch.nn.Module.zero_grad",  # an instance of a local subclass
        "torch.optim.Optimizer.step",
    ):
        assert name in found, (name, found)
    assert "torch.nn.Module.helper" not in str(found)  # the module's own method


def test_a_name_missing_from_the_installed_torch_fails():
    with pytest.raises(ApiNameError, match=r"x.py:3: torch.nn.Linearr"):
        names("import torch.nn as nn\n\nlayer = nn.Linearr(2, 3)\n")
    with pytest.raises(ApiNameError, match="DataLoaderr"):
        names("from torch.utils.data import DataLoaderr\n")
    with pytest.raises(ApiNameError):
        index.resolve("torch.nn.functional.not_a_function")
    assert index.resolve("torch.nn.Module.parameters") is not None


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("torch.nn.Linear", "docs/stable/generated/torch.nn.Linear.html"),
        (
            "torch.nn.functional.cross_entropy",
            "docs/stable/generated/torch.nn.functional.cross_entropy.html",
        ),
        ("torch.Tensor.backward", "docs/stable/generated/torch.Tensor.backward.html"),
        (
            "torch.nn.Module.parameters",
            "docs/stable/generated/torch.nn.Module.html#torch.nn.Module.parameters",
        ),
        (
            "torch.utils.data.DataLoader",
            "docs/stable/data.html#torch.utils.data.DataLoader",
        ),
        ("torch.compile", "docs/stable/generated/torch.compile.html"),
        (
            "torch.accelerator.current_accelerator",
            "docs/stable/generated/torch.accelerator.current_accelerator.html",
        ),
        ("torch.device", "docs/stable/tensor_attributes.html#torch.device"),
        (
            "torchvision.models.resnet50",
            "vision/stable/models/generated/torchvision.models.resnet50.html",
        ),
        (
            "torchvision.models.ResNet50_Weights",
            "vision/stable/models/generated/torchvision.models.resnet50.html"
            "#torchvision.models.ResNet50_Weights",
        ),
        (
            "torchvision.transforms.v2.Compose",
            "vision/stable/generated/torchvision.transforms.v2.Compose.html",
        ),
    ],
)
def test_documentation_url_scheme(name: str, url: str):
    classes = {"torch.nn.Module", "torch.Tensor"}
    assert docs.docs_url(name, classes) == "https://docs.pytorch.org/" + url


# --------------------------------------------------------------------------- the build


def _page(built_site: Path, src: str) -> str:
    rel = src.removesuffix(".md")
    rel = rel.removesuffix("index").rstrip("/")
    return (built_site / rel / "index.html").read_text(encoding="utf-8")


def test_built_index_lists_names_with_their_examples(built_site: Path):
    html = _page(built_site, index.INDEX_PAGE)
    entries = re.findall(r'<li class="api-entry" id="([^"]+)">(.*?)</li>', html, re.S)
    ids = [name for name, _ in entries]
    assert len(ids) >= 100, len(ids)
    for wanted in (
        "torch.nn.Linear",
        "torch.nn.functional.cross_entropy",
        "torch.utils.data.DataLoader",
        "torch.Tensor.backward",
        "torch.nn.Module.parameters",
    ):
        assert wanted in ids, wanted
    for name, body in entries:
        assert f"Exemplos que usam <code>{name}</code>" in body, name
        doc = re.search(r'class="api-doc" href="([^"]+)"', body).group(1)
        assert doc.startswith("https://docs.pytorch.org/"), doc
        links = re.findall(r'href="(\.\./[^"#]+)#(usa-[^"]+)"', body)
        assert links, name
        for target, anchor in links:
            page = (built_site / "referencia" / "api" / target / "index.html").resolve()
            text = page.read_text(encoding="utf-8")
            usa = re.search(rf'<p class="api-uses" id="{anchor}">(.*?)</p>', text, re.S)
            assert usa, (name, target, anchor)
            assert f"#{name}" in usa.group(1), (name, target, anchor)


def test_every_usa_line_links_to_an_index_entry(built_site: Path):
    html = _page(built_site, index.INDEX_PAGE)
    ids = set(re.findall(r'<li class="api-entry" id="([^"]+)"', html))
    pages = 0
    for page in built_site.rglob("index.html"):
        for usa in re.findall(
            r'<p class="api-uses" id="[^"]+">(.*?)</p>', page.read_text()
        ):
            assert usa.startswith("Usa: "), usa
            targets = re.findall(r'href="(?:[^"#]*/)?api/#([^"]+)"', usa)
            assert targets and set(targets) <= ids, (page, set(targets) - ids)
            pages += 1
    assert pages >= 38, f"only {pages} 'Usa:' lines"


# --------------------------------------------------------------------------- search

QUERIES = ROOT / "tests" / "search" / "queries.yml"


def _api_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["api"]


def test_api_queries_are_full_names_of_indexed_entries(built_site: Path):
    html = _page(built_site, index.INDEX_PAGE)
    ids = set(re.findall(r'<li class="api-entry" id="([^"]+)"', html))
    queries = _api_queries()
    assert len(queries) >= 6
    for item in queries:
        assert item["q"] in ids, item["q"]
        assert "referencia/api/" in item.get("any", []), item


@pytest.fixture
def search(chromium, site_root: str) -> Iterator[SearchBox]:
    tab = Session(chromium)
    base = site_root + SUBPATH.lstrip("/")
    tab.page.goto(base)
    box = SearchBox(tab.page, base)
    box.open()
    yield box
    assert not tab.take_errors()
    tab.close()


@pytest.mark.browser
def test_full_api_names_are_found_in_the_top_3(search: SearchBox):
    misses = []
    for item in _api_queries():
        top = [r["page"] for r in search.search(item["q"], complete=False)[:3]]
        if not any(page in top for page in item["any"]):
            misses.append(f"{item['q']}: {item['any']} -> {top}")
    assert not misses, "\n".join(misses)


def test_the_build_stops_on_a_name_the_installed_torch_lacks(repo: Path):
    """The hook turns a missing name into a build error naming the file and line."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import get_files

    from scripts.hooks import api_index as hook

    module = repo / "snippets" / "examples" / "renamed_api.py"
    module.write_text(
        '"""Exemplo com um nome que o torch não tem."""\n\n'
        "# --8<-- [start:model]\nfrom torch import nn\n\n"
        "layer = nn.Linearr(2, 3)\n# --8<-- [end:model]\n",
        encoding="utf-8",
    )
    page = repo / "docs" / "tutoriais" / "basico.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n```python\n--8<-- "snippets/examples/renamed_api.py:model"\n```\n',
        encoding="utf-8",
    )
    config = load_config(str(repo / "mkdocs.yml"))
    with pytest.raises(PluginError, match=r"renamed_api.py:6: torch.nn.Linearr"):
        hook.on_files(get_files(config), config=config)

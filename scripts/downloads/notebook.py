"""The notebook of a page (nbformat v4), its install cell, stable bytes and sha256.

A page's notebook, in order:

1. a Markdown cell with the page title, where the page is, and what the notebook runs;
2. the install cell: the exact ``%pip install`` lines (CPU and GPU variants), commented
   out, with the pins read from ``requirements/snippets.txt`` (never typed here);
3. the page's prose and shown code (:func:`scripts.downloads.markdown.page_pieces`);
4. for each example the page runs (see :mod:`scripts.downloads.plan`): the rest of its
   module and a last cell ``main()``, tagged ``run-example`` (the tests execute the
   notebook and compare that cell's output with what the page shows).

Cell ids are numbered and nothing varies between builds (no outputs, no execution
counts, no dates): :func:`notebook_bytes` and their ``sha256`` are stable.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.downloads.links import page_url
from scripts.downloads.markdown import page_pieces
from scripts.downloads.pieces import Code, Prose
from scripts.downloads.sources import (
    rest_of_module,
    standalone_source,
    top_level_names,
)

if TYPE_CHECKING:
    import nbformat


def _v4():
    # nbformat (with jsonschema) takes 0.1 s to import: only a notebook being built
    # needs it, not every build that finds its notebooks in the build cache.
    from nbformat import v4

    return v4


#: The requirements file whose pins the install cell uses.
REQUIREMENTS = Path("requirements/snippets.txt")
#: The machine classes that recorded the outputs (their torch build names the wheel).
OUTPUT_ENVIRONMENTS = Path("snippets/output_environments.json")
#: PyTorch's wheel index; ``/cpu`` or ``/cu130`` picks the build.
WHEEL_INDEX = "https://download.pytorch.org/whl/"
#: The tag of the cells whose output must equal the page's output file.
RUN_TAG = "run-example"
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\[\]-]+)==(?P<version>\S+)")


@dataclass(frozen=True)
class Example:
    """An example the notebook runs at its end."""

    #: ``snippets/....py``.
    module: str
    #: The import name of its main function's module, for the heading.
    title: str


def runtime_pins(root: Path) -> list[str]:
    """``name==version`` of what the examples import (test tools left out)."""
    pins = []
    for line in (root / REQUIREMENTS).read_text(encoding="utf-8").splitlines():
        m = _PIN.match(line.strip())
        if m and not m.group("name").lower().startswith("pytest"):
            pins.append(f"{m.group('name')}=={m.group('version')}")
    return pins


def cuda_variant(root: Path) -> str | None:
    """The CUDA build the outputs were recorded with (``cu130``), if known."""
    path = root / OUTPUT_ENVIRONMENTS
    if not path.is_file():
        return None
    classes = json.loads(path.read_text(encoding="utf-8")).values()
    builds = {c.get("torch", "").partition("+")[2] for c in classes}
    cuda = sorted(b for b in builds if b.startswith("cu"))
    return cuda[0] if len(cuda) == 1 else None


def install_source(root: Path) -> str:
    """The install cell: pinned ``%pip install`` lines, commented out."""
    pins = " ".join(runtime_pins(root))
    lines = [
        "# Instalação (Colab ou Jupyter novo): tire o `#` de UMA das linhas abaixo.",
        "# Estas são as versões com que o site testa os exemplos.",
        "# CPU (sem GPU):",
        f"# %pip install {pins} --index-url {WHEEL_INDEX}cpu",
    ]
    cuda = cuda_variant(root)
    if cuda:
        lines += [
            f"# GPU NVIDIA (build {cuda}, o mesmo das saídas gravadas):",
            f"# %pip install {pins} --index-url {WHEEL_INDEX}{cuda}",
        ]
    else:
        lines += ["# GPU NVIDIA (build CUDA padrão do PyPI no Linux):"]
        lines += [f"# %pip install {pins}"]
    lines += [
        "# Outras variantes (ROCm, XPU, outras versões de CUDA): página Instalação.",
    ]
    return "\n".join(lines)


def starts_processes(text: str) -> bool:
    """Whether a module starts workers by *spawn* or *forkserver* (``mp.spawn``, ...).

    Such a worker imports the function it runs from its module: one defined in a
    notebook's ``__main__`` cannot be found there, so the notebook writes the module
    to a file and runs ``main()`` from it.
    """
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Constant) and node.value in ("spawn", "forkserver"):
            return True
        if isinstance(node, ast.Attribute) and node.attr in (
            "spawn",
            "start_processes",
        ):
            return True
    return False


def _shown_sections(pieces: list[Prose | Code], module: str) -> set[str]:
    return {
        section
        for piece in pieces
        if isinstance(piece, Code)
        for path, section in piece.includes
        if path == module and section
    }


def _intro(
    src_uri: str, title: str, examples: list[str], site_url: str | None
) -> nbformat.NotebookNode:
    """The first cell: the page it comes from and what runs at the end."""
    if site_url:
        where = f"[{title}]({site_url.rstrip('/')}/{page_url(src_uri)})"
    else:
        where = f"**{title}** (`docs/{src_uri}`)"
    runs = ", ".join(f"`{m}`" for m in examples)
    intro = [
        f"# {title}",
        "",
        f"Versão em notebook da página {where}: o mesmo texto e o mesmo código, "
        "na ordem da página.",
    ]
    if examples:
        intro += [
            "",
            f"No fim, o exemplo completo ({runs}) roda e imprime a saída que a página "
            "mostra. Tudo roda em CPU, sem baixar dados nem pesos.",
        ]
    return _v4().new_markdown_cell("\n".join(intro))


def _clashes(
    root: Path, pieces: list[Prose | Code], module: str, examples: list[str]
) -> list[str]:
    """Names ``module``'s shown code defines that other code of the page (or another
    example's module) defines too: running only the rest would mix them up."""
    own = set().union(
        *(
            top_level_names(p.text)
            for p in pieces
            if isinstance(p, Code) and any(path == module for path, _ in p.includes)
        )
    )
    others = set().union(
        *(
            top_level_names(p.text)
            for p in pieces
            if isinstance(p, Code) and all(path != module for path, _ in p.includes)
        ),
        *(
            top_level_names(rest_of_module(root, m, set()))
            for m in examples
            if m != module
        ),
    )
    return sorted(own & others)


def _run_cell(source: str, module: str) -> nbformat.NotebookNode:
    return _v4().new_code_cell(
        source, metadata={"tags": [RUN_TAG], "example": {"module": module}}
    )


def _process_example_cells(root: Path, module: str) -> list[nbformat.NotebookNode]:
    """A module that starts processes: written to a file, ``main()`` run from it."""
    stem = Path(module).stem
    return [
        _v4().new_markdown_cell(
            f"## Rodar o exemplo: `{module}`\n\nOs processos que o exemplo "
            "cria importam do módulo a função que rodam, e uma função "
            "definida no notebook não está num módulo: a célula abaixo grava "
            f"o exemplo inteiro em `{stem}.py`, e a seguinte roda o `main()` "
            "dele, que imprime o que a página mostra como saída."
        ),
        _v4().new_code_cell(
            f"%%writefile {stem}.py\n" + standalone_source(root, module)
        ),
        _run_cell(f"from {stem} import main\n\nmain()", module),
    ]


def _example_cells(
    root: Path, pieces: list[Prose | Code], module: str, examples: list[str]
) -> list[nbformat.NotebookNode]:
    """The cells that run one example: what the page did not show, then ``main()``."""
    if starts_processes((root / module).read_text(encoding="utf-8")):
        return _process_example_cells(root, module)
    clash = _clashes(root, pieces, module, examples)
    if clash:
        # Another example on this page redefines these names: run the whole module.
        rest = rest_of_module(root, module, set())
        why = (
            f"O módulo `{module}` inteiro (outro exemplo desta página também "
            f"define {', '.join(f'`{n}`' for n in clash)})"
        )
    else:
        rest = rest_of_module(root, module, _shown_sections(pieces, module))
        why = f"O resto de `{module}`, que a página não mostra"
    return [
        _v4().new_markdown_cell(
            f"## Rodar o exemplo: `{module}`\n\n{why}; depois, `main()` imprime "
            "o que a página mostra como saída."
        ),
        _v4().new_code_cell(rest),
        _run_cell("main()", module),
    ]


def build_notebook(
    root: Path,
    src_uri: str,
    markdown: str,
    title: str,
    examples: list[str],
    *,
    site_url: str | None = None,
) -> nbformat.NotebookNode:
    """The notebook of page ``src_uri``, ending with each module of ``examples`` run."""
    pieces = page_pieces(root, src_uri, markdown, site_url)
    cells = [
        _intro(src_uri, title, examples, site_url),
        _v4().new_code_cell(install_source(root)),
    ]
    for piece in pieces:
        if isinstance(piece, Code):
            cells.append(_v4().new_code_cell(piece.text))
        else:
            cells.append(_v4().new_markdown_cell(piece.text))
    for module in examples:
        cells += _example_cells(root, pieces, module, examples)
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:03d}"
    nb = _v4().new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            },
            "language_info": {"name": "python"},
        },
    )
    import nbformat

    nbformat.validate(nb)
    return nb


def notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    """The notebook file: nbformat's JSON (sorted keys), UTF-8, newline at the end."""
    import nbformat

    text = nbformat.writes(nb, version=4)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")

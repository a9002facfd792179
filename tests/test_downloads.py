"""The downloads (``.py`` and notebook of each page with examples) and their buttons.

What is generated (standalone modules, notebook cells, install cell, stable hashes),
what the strict build publishes, and the "Abrir no Colab" link with and without
``repo_url``. Running the downloads is ``tests/test_downloads_run.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from scripts.downloads import notebook as nb
from scripts.downloads import plan as downloads
from scripts.downloads import sources
from scripts.verification import site
from tests.support import ROOT
from tests.support.downloads import hook_navs

PLANS, FILES = downloads.all_downloads(ROOT)
NOTEBOOKS = {p.notebook: p for p in PLANS}
#: Syntax that only MkDocs understands: it must not reach a notebook.
MKDOCS_ONLY = re.compile(
    r"--8<--|^\s*(?:!!!|\?\?\?|===)\s|^:::\s|\{\{|\{\s*[#.][^}]*\}\s*$|^\*\[", re.M
)


def test_every_page_with_examples_offers_a_notebook():
    pages = {
        page
        for page, markdown in downloads.site_pages(ROOT).items()
        if site.find_includes(markdown)
    }
    assert pages, "no page includes a snippet module"
    assert {p.page for p in PLANS} == pages
    assert all(p.notebook in FILES for p in PLANS)


def test_every_module_with_main_and_output_is_offered_as_a_py():
    offered = {module for p in PLANS for module in p.scripts}
    skipped = {module: why for p in PLANS for module, why in p.skipped.items()}
    # Only modules whose main() prints nothing the site records (the benchmarks'
    # demos) go without a .py: a download must print what the page shows.
    for module, why in skipped.items():
        assert why == downloads.NO_REFERENCE, (module, why)
        assert (
            not (ROOT / module)
            .with_name("output")
            .joinpath(f"{Path(module).stem}.txt")
            .exists()
        ), module
    for path in site.snippet_modules(ROOT):
        module = path.relative_to(ROOT).as_posix()
        has_output = (path.parent / "output" / f"{path.stem}.txt").is_file()
        if has_output and sources.defines_main(path.read_text(encoding="utf-8")):
            assert module in offered, f"{module} prints an output but has no download"


def test_tutorials_offer_their_main_example_only():
    expert = next(p for p in PLANS if p.page == "tutoriais/expert.md")
    # The page shows image_cnn's data section but the output of transfer_resnet.
    assert expert.examples == ["snippets/examples/transfer_resnet.py"]


@pytest.mark.parametrize("module", sorted({m for p in PLANS for m in p.scripts}))
def test_py_is_standalone(module: str):
    text = FILES[downloads.script_path(module)].decode("utf-8")
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "snippets", node.module
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] != "snippets" for a in node.names)
    assert not site.section_markers(text), "section markers left in the download"
    assert any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body)


def test_import_of_another_snippet_module_is_inlined():
    text = sources.standalone_source(ROOT, "snippets/examples/transfer_resnet.py")
    assert "def make_fake_loaders(" in text
    assert "from snippets" not in text
    assert text.index("def make_fake_loaders(") < text.index("def main(")


def test_an_import_that_would_change_a_name_is_refused(tmp_path: Path):
    pkg = tmp_path / "snippets" / "x"
    pkg.mkdir(parents=True)
    (pkg / "a.py").write_text("def helper():\n    return 1\n\n\nLIMIT = 2\n")
    (pkg / "b.py").write_text(
        "def helper():\n    return 3\n\n\ndef main():\n"
        "    from snippets.x.a import LIMIT\n    print(LIMIT, helper())\n"
    )
    # LIMIT alone is copied; helper (not imported) does not clash.
    assert "LIMIT = 2" in sources.standalone_source(tmp_path, "snippets/x/b.py")
    (pkg / "c.py").write_text(
        "def helper():\n    return 3\n\n\ndef main():\n"
        "    from snippets.x.a import helper as h\n    print(h())\n"
    )
    with pytest.raises(sources.NotStandaloneError):
        sources.standalone_source(tmp_path, "snippets/x/c.py")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS))
def test_notebook_is_valid_and_follows_the_page(path: str):
    plan = NOTEBOOKS[path]
    notebook = nbformat.reads(FILES[path].decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    cells = notebook.cells
    assert cells[0].cell_type == "markdown"
    assert cells[0].source.startswith(f"# {plan.title}\n")
    # Page prose between the code, without MkDocs-only syntax.
    for cell in cells:
        if cell.cell_type == "markdown":
            assert not MKDOCS_ONLY.search(cell.source), cell.source
    # Every section the page shows is a code cell, in page order.
    markdown = (ROOT / "docs" / plan.page).read_text(encoding="utf-8")
    shown = [
        sources.include_text(ROOT, spec)
        for _, _, spec in site.include_specs(markdown.splitlines())
        if site.split_spec(spec)[0] in site.find_includes(markdown)
    ]
    code = [c.source for c in cells if c.cell_type == "code"]
    position = 0
    for text in shown:
        found = [i for i, c in enumerate(code) if text in c and i >= position]
        assert found, f"{path}: a shown section is missing or out of order"
        position = found[0]
    # The last cells run the page's examples: the rest of the module, then main().
    runs = [c for c in cells if nb.RUN_TAG in c.metadata.get("tags", [])]
    assert [c.metadata["example"]["module"] for c in runs] == plan.examples
    assert all(c.source.endswith("\nmain()") or c.source == "main()" for c in runs)
    if plan.examples:
        assert cells[-1] is runs[-1]


def test_install_cell_has_the_pinned_lines_commented_out():
    pins = [
        line.strip()
        for line in (ROOT / "requirements/snippets.txt").read_text().splitlines()
        if re.match(r"^torch(vision)?==", line.strip())
    ]
    assert len(pins) == 2
    for path in NOTEBOOKS:
        notebook = nbformat.reads(FILES[path].decode("utf-8"), as_version=4)
        install = notebook.cells[1]
        assert install.cell_type == "code"
        lines = install.source.splitlines()
        assert all(line.startswith("#") for line in lines), (
            "the install runs only if asked"
        )
        pip = [line for line in lines if "%pip install" in line]
        assert len(pip) == 2, pip
        assert all(" ".join(pins) in line for line in pip)
        assert any(line.endswith("/whl/cpu") for line in pip)


def test_nothing_downloads_data_or_weights():
    """No call asks for a download (``download=True``, ``pretrained=True``, the hub)."""
    for path, data in FILES.items():
        if path.endswith(".ipynb"):
            notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
            # IPython magics (`%%writefile name.py`) are not Python: drop those lines.
            texts = [
                re.sub(r"^%.*$", "", c.source, flags=re.M)
                for c in notebook.cells
                if c.cell_type == "code"
            ]
        else:
            texts = [data.decode("utf-8")]
        for text in texts:
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.keyword) and node.arg in (
                    "download",
                    "pretrained",
                ):
                    value = node.value
                    assert not (isinstance(value, ast.Constant) and value.value), (
                        f"{path}: {node.arg}={ast.unparse(value)}"
                    )
                if isinstance(node, ast.Attribute):
                    assert node.attr not in ("hub", "urlopen", "urlretrieve"), path


def test_generation_is_stable_and_hashed():
    again = downloads.all_downloads(ROOT)[1]
    assert again == FILES
    hashes = downloads.download_hashes(ROOT)
    assert set(hashes) == set(FILES)
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes.values())
    text = FILES[next(iter(NOTEBOOKS))].decode("utf-8")
    assert '"execution_count": null' in text and '"outputs": []' in text


def test_build_publishes_the_downloads_under_the_title(built_site: Path):
    for path, data in FILES.items():
        assert (built_site / path).read_bytes() == data, path
    for plan in PLANS:
        page = built_site / plan.page.removesuffix(".md") / "index.html"
        if plan.page.endswith("index.md"):
            page = built_site / plan.page.replace(".md", ".html")
        html = page.read_text(encoding="utf-8")
        nav = re.search(r'<nav [^>]*class="downloads".*?</nav>', html, re.S)
        assert nav, f"{plan.page}: no download buttons"
        assert html.index("</h1>") < nav.start()
        hrefs = re.findall(r'href="([^"]+)"', nav.group(0))
        assert len(hrefs) == 1 + len(plan.scripts), hrefs
        for href in hrefs:
            assert not href.startswith(("/", "http")), href  # works from a subpath
            assert (page.parent / href).resolve().is_file(), href
        # No repo_url in mkdocs.yml: no Colab link, so no broken one.
        assert "colab" not in nav.group(0).lower()


def test_colab_link_when_repo_url_is_on_github(repo: Path):
    navs = hook_navs(repo, "\nrepo_url: https://github.com/exemplo/pytorch-kb\n")
    assert navs
    for page, nav in navs.items():
        expected = (
            "https://colab.research.google.com/github/exemplo/pytorch-kb/blob/"
            f"notebooks/{downloads.notebook_path(page)}"
        )
        assert f"[Abrir no Colab]({expected})" in nav, nav


def test_no_colab_link_off_github(repo: Path):
    navs = hook_navs(repo, "\nrepo_url: https://gitlab.com/exemplo/pytorch-kb\n")
    assert navs and not any("Colab" in nav for nav in navs.values())

"""Self-test of the drift guards: inject each kind of drift into a copy, see red.

The repository (docs/, snippets/, mkdocs.yml, pyproject.toml, overrides/, tests/,
scripts/, requirements/; never .venv, site or .git) is copied into a temporary folder,
one kind of drift is injected, and the guard functions of `tests/drift` are called on
the copy. Each case asserts that the guard reports a problem naming the culprit
(page and line, module and section). Only case (d), a training example that no
longer trains, runs pytest in a subprocess (on that module's test file only). The
cases that need the built HTML share one build of one copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from drift import html_blocks, includes, pages, standalone
from drift.html_blocks import ShownSection
from repo_copy import copy_repo

ROOT = Path(__file__).resolve().parent.parent


def build_copy(root: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    """Build the copy without --strict: the guards need HTML, not a clean log."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-d", str(dest)],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def shown_python_includes(root: Path) -> list[pages.Include]:
    """Includes of a single standalone section in a Python fence, first pages first."""
    found = []
    for page in pages.parse_pages(root):
        for fence in page.fences:
            if fence.lang not in pages.PYTHON_SOURCE_LANGS or len(fence.includes) != 1:
                continue
            inc = fence.includes[0]
            if (
                inc.path.endswith(".py")
                and inc.section
                and not inc.section.startswith("fragment-")
                and not fence.other_lines()
            ):
                found.append(inc)
    # The model example first: the brief's reference section.
    found.sort(key=lambda i: "tensor_basics" not in i.path)
    return found


def find_import_torch_target(root: Path) -> tuple[pages.Include, int]:
    """A shown section with a top-level ``import torch`` line: (include, line index)."""
    for inc in shown_python_includes(root):
        sec = includes.sections(root / inc.path, root).get(inc.section)
        if sec is None:
            continue
        lines = (root / inc.path).read_text(encoding="utf-8").split("\n")
        for k in range(sec.start, sec.end - 1):
            if lines[k] == "import torch":
                return inc, k
    pytest.skip("no shown section with a top-level 'import torch' yet")


def joined(problems: list[str]) -> str:
    return "\n".join(problems)


# --- (a) inline Python on a page ----------------------------------------------------

INLINE_CASES = {
    "backticks": "```python\nprint('oi')\n```\n",
    "tildes-py": "~~~py\nx = 1\n~~~\n",
    "python3-attr-list": '``` { .python3 title="x.py" }\nx = 1\n```\n',
    "four-backticks": "````python\nx = 1\n````\n",
    "pycon": "```pycon\n>>> 1 + 1\n2\n```\n",
    "in-tab": '=== "CPU"\n\n    ```python\n    x = 1\n    ```\n',
    "in-admonition": '!!! tip "Dica"\n    ```py\n    x = 1\n    ```\n',
    "in-details": '??? example "Veja"\n\n    ```python\n    x = 1\n    ```\n',
    "in-list": "1. Passo\n\n    ```python\n    x = 1\n    ```\n",
    "include-plus-code": (
        '```python\n--8<-- "snippets/examples/tensor_basics.py:tensor-operations"\n'
        "print(tensor_operations())\n```\n"
    ),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def _append(root: Path, page: str, text: str) -> int:
    """Append ``text`` to a page; return the 1-based line where it starts."""
    path = root / page
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


@pytest.mark.parametrize("case", sorted(INLINE_CASES))
def test_a_inline_python_block_is_reported_with_page_and_line(repo: Path, case: str):
    assert not [p for p in pages.check_python_blocks(repo) if "docs/index.md" in p]
    start = _append(repo, "docs/index.md", INLINE_CASES[case])
    problems = [
        p for p in pages.check_python_blocks(repo) if p.startswith("docs/index.md")
    ]
    assert problems, f"{case}: inline Python not reported"
    assert any(
        re.match(rf"docs/index\.md:{line}\b", p)
        for p in problems
        for line in range(start, start + 6)
    ), joined(problems)


@pytest.mark.parametrize(
    "block",
    [
        "```bash\npython -c 'import torch; print(torch.__version__)'\n```\n",
        "```console\n$ python -m snippets.examples.tensor_basics\n```\n",
        "```yaml\nkey: value\n```\n",
        "```text\n>>> not python\n```\n",
        '```text\n--8<-- "snippets/examples/output/tensor_basics.txt"\n```\n',
    ],
)
def test_a_shell_yaml_and_text_blocks_are_fine(repo: Path, block: str):
    _append(repo, "docs/index.md", block)
    problems = [p for p in pages.check_python_blocks(repo) if "docs/index.md" in p]
    assert not problems, joined(problems)


def _allowlist(root: Path, entries: str) -> None:
    (root / pages.ALLOWLIST).write_text(f"untested:\n{entries}", encoding="utf-8")


def test_a_untested_block_needs_label_and_reviewed_entry(repo: Path):
    block = "```python\nraise SystemExit('exemplo de erro')\n```\n"
    _append(
        repo,
        "docs/index.md",
        '!!! warning "Não testado"\n    Exemplo de erro.\n\n' + block,
    )
    page = pages.parse_page(repo, repo / "docs/index.md")
    digest = page.fences[-1].body_hash()

    # Label, no entry: red, and the message says how to add one.
    problems = pages.check_python_blocks(repo)
    assert any(digest in p and "docs/index.md" in p for p in problems), joined(problems)

    entry = (
        f"  - page: docs/index.md\n    sha256: {digest}\n"
        "    reason: mostra o erro\n    reviewed_by: revisora\n"
    )
    _allowlist(repo, entry)
    assert not [p for p in pages.check_python_blocks(repo) if "index.md" in p]

    # Entry without reviewer: red.
    _allowlist(repo, entry.replace("    reviewed_by: revisora\n", ""))
    assert any("reviewed_by" in p for p in pages.check_python_blocks(repo))

    # Entry, but the label is gone: red.
    _allowlist(repo, entry)
    text = (repo / "docs/index.md").read_text(encoding="utf-8")
    (repo / "docs/index.md").write_text(
        text.replace('"Não testado"', '"Atenção"'), encoding="utf-8"
    )
    problems = pages.check_python_blocks(repo)
    assert any("não testado" in p and "docs/index.md" in p for p in problems)

    # Label back, block edited: the entry is stale and the block is unreviewed.
    (repo / "docs/index.md").write_text(
        text.replace("exemplo de erro", "outro erro"), encoding="utf-8"
    )
    problems = pages.check_python_blocks(repo)
    assert any("stale" in p for p in problems), joined(problems)
    assert any(p.startswith("docs/index.md:") for p in problems), joined(problems)


# --- (c) includes, sections, modules ----------------------------------------------


def test_c_renamed_section_is_named_by_the_include_guard(repo: Path):
    inc = shown_python_includes(repo)[0]
    module = repo / inc.path
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace(
            f"[start:{inc.section}]", f"[start:{inc.section}-renamed]"
        ).replace(f"[end:{inc.section}]", f"[end:{inc.section}-renamed]"),
        encoding="utf-8",
    )
    problems = includes.check_includes(repo)
    assert any(
        p.startswith(f"{inc.origin}:")
        and f"section '{inc.section}' is not declared" in p
        for p in problems
    ), joined(problems)
    problems = includes.check_sections_shown(repo)
    assert any(
        p.startswith(f"{inc.path}:")
        and f"'{inc.section}-renamed' is shown on no page" in p
        for p in problems
    ), joined(problems)


def test_c_build_config_must_fail_on_missing_includes(repo: Path):
    cfg = repo / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "check_paths: true", "check_paths: false"
        ),
        encoding="utf-8",
    )
    assert any("check_paths" in p for p in includes.check_snippets_config(repo))


@pytest.mark.parametrize("kind", ["no-end", "no-start", "duplicate", "bad-name"])
def test_c_unbalanced_or_bad_markers_name_file_and_line(repo: Path, kind: str):
    inc = shown_python_includes(repo)[0]
    module = repo / inc.path
    lines = module.read_text(encoding="utf-8").split("\n")
    sec = includes.sections(module, repo)[inc.section]
    start, end = sec.start - 1, sec.end - 1
    if kind == "no-end":
        del lines[end]
        line, needle = sec.start, f"[start:{inc.section}] has no [end:{inc.section}]"
    elif kind == "no-start":
        del lines[start]
        line, needle = sec.end - 1, f"[end:{inc.section}] has no [start:{inc.section}]"
    elif kind == "duplicate":
        lines[end + 1 : end + 1] = ["", lines[start], "x = 1", lines[end]]
        line, needle = sec.end + 2, f"second [start:{inc.section}]"
    else:
        lines.append("# --8<-- [start:Bad_Name]")
        lines.append("# --8<-- [end:Bad_Name]")
        line, needle = len(lines) - 1, "'Bad_Name' must be lowercase-with-dashes"
    module.write_text("\n".join(lines), encoding="utf-8")
    problems = includes.check_markers(repo)
    assert any(p.startswith(f"{inc.path}:{line}:") and needle in p for p in problems), (
        joined(problems)
    )


@pytest.mark.parametrize(
    "include, needle",
    [
        (
            '```python\n--8<-- "snippets/examples/tensor_basics.py:1:5"\n```',
            "line ranges",
        ),
        (
            '```text\n--8<-- "snippets/examples/output/missing.txt"\n```',
            "does not exist",
        ),
        ('--8<-- "docs/missing-table.md"', "does not exist"),
        ('--8<-- "snippets/examples/output/tensor_basics.txt"', "only Markdown files"),
        ("```python\n--8<-- 'https://example.com/x.py'\n```", "remote includes"),
        ("```python\n--8<--\nsnippets/examples/nope.py\n--8<--\n```", "does not exist"),
    ],
)
def test_c_bad_includes_are_named_with_page_and_line(
    repo: Path, include: str, needle: str
):
    start = _append(repo, "docs/index.md", include + "\n")
    problems = includes.check_includes(repo)
    assert any(
        re.match(rf"docs/index\.md:{line}:", p) and needle in p
        for p in problems
        for line in range(start, start + 3)
    ), joined(problems)


def test_c_python_module_included_into_a_text_fence_is_reported(repo: Path):
    inc = shown_python_includes(repo)[0]
    start = _append(repo, "docs/index.md", f'```text\n--8<-- "{inc.spec}"\n```\n')
    problems = pages.check_python_blocks(repo)
    assert any(p.startswith(f"docs/index.md:{start + 1}:") for p in problems), joined(
        problems
    )


def test_c_markdown_includes_are_expanded_and_their_fences_checked(repo: Path):
    # Outside docs/ (a Markdown file under docs/ would be a page of its own).
    generated = repo / "snippets/examples/output/gerado.md"
    generated.write_text("```python\nx = 1\n```\n", encoding="utf-8")
    _append(repo, "docs/index.md", '--8<-- "snippets/examples/output/gerado.md"\n')
    problems = pages.check_python_blocks(repo)
    assert any(
        p.startswith("snippets/examples/output/gerado.md:2:") for p in problems
    ), joined(problems)
    assert not [p for p in includes.check_includes(repo) if "gerado.md" in p]


def test_c_fragment_needs_its_standalone_section_on_the_page(repo: Path):
    inc = shown_python_includes(repo)[0]
    module = repo / inc.path
    lines = module.read_text(encoding="utf-8").split("\n")
    sec = includes.sections(module, repo)[inc.section]
    # A one-line fragment inside the shown section, shown on another page.
    lines[sec.start : sec.start] = ["# --8<-- [start:fragment-drift]"]
    lines[sec.start + 2 : sec.start + 2] = ["# --8<-- [end:fragment-drift]"]
    module.write_text("\n".join(lines), encoding="utf-8")
    other = (
        "docs/sobre/errata.md"
        if inc.page != "docs/sobre/errata.md"
        else "docs/index.md"
    )
    start = _append(
        repo, other, f'```python\n--8<-- "{inc.path}:fragment-drift"\n```\n'
    )
    problems = includes.check_fragments(repo)
    assert any(p.startswith(f"{other}:{start + 1}:") for p in problems), joined(
        problems
    )
    # On the page that shows the enclosing section, the same fragment is fine.
    _append(repo, inc.page, f'```python\n--8<-- "{inc.path}:fragment-drift"\n```\n')
    assert not [p for p in includes.check_fragments(repo) if p.startswith(inc.page)]


def test_c_module_not_shown_and_not_tested_is_named(repo: Path):
    (repo / "snippets/examples/orphan_drift.py").write_text(
        '"""Órfão."""\n\n# --8<-- [start:orphan]\nX = 1\n# --8<-- [end:orphan]\n',
        encoding="utf-8",
    )
    problems = includes.check_modules_shown_and_tested(repo)
    assert (
        "snippets/examples/orphan_drift.py: module is included by no page" in problems
    )
    assert any(
        p.startswith("snippets/examples/orphan_drift.py: no test_*.py")
        for p in problems
    )
    assert any(
        p.startswith("snippets/examples/orphan_drift.py:3: section 'orphan'")
        for p in includes.check_sections_shown(repo)
    )
    # Shown whole on a page and imported by a test (`from pkg import module`): fine.
    _append(
        repo,
        "docs/index.md",
        '```python\n--8<-- "snippets/examples/orphan_drift.py"\n```\n',
    )
    (repo / "snippets/examples/test_orphan_drift.py").write_text(
        "from snippets.examples import orphan_drift\n", encoding="utf-8"
    )
    assert not [
        p for p in includes.check_modules_shown_and_tested(repo) if "orphan" in p
    ]
    assert not [p for p in includes.check_sections_shown(repo) if "orphan" in p]


# --- (b) and (5): one built copy --------------------------------------------------

PROBE_PAGE = "docs/drift-probe.md"


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory):
    """A copy with (b) injected: ``import torch`` removed from a shown section.

    It also has a probe page whose Python sits in an indented code block, which no
    fence parser sees: only the HTML mapping can catch it. Built once.
    """
    root = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    inc, k = find_import_torch_target(root)
    module = root / inc.path
    lines = module.read_text(encoding="utf-8").split("\n")
    del lines[k]
    module.write_text("\n".join(lines), encoding="utf-8")
    (root / PROBE_PAGE).write_text(
        "# Sonda\n\nTexto.\n\n    import os\n    print(os.getcwd())\n", encoding="utf-8"
    )
    site = root.parent / "site"
    proc = build_copy(root, site)
    assert html_blocks.html_file(site, inc.page).is_file(), proc.stdout + proc.stderr
    return root, site, inc


def _only(root: Path, page: str) -> list[pages.Page]:
    """Just one parsed page: the HTML checks then read one built file."""
    return [pages.parse_page(root, root / page)]


def test_b_missing_import_in_a_shown_section_names_page_and_section(built_copy):
    root, site, inc = built_copy
    problems = standalone.check_standalone(
        root, site, select=lambda b: any(inc.spec in p for p in b.places)
    )
    hits = [
        p
        for p in problems
        if p.startswith(f"{inc.fence.origin} ({inc.spec})") and "standalone" in p
    ]
    assert hits, joined(problems)
    assert "NameError: name 'torch' is not defined" in hits[0], hits[0]
    assert any(
        p.startswith(f"{inc.fence.origin} (") and "Undefined name `torch`" in p
        for p in problems
    ), joined(problems)


def test_5_stale_build_shows_a_block_that_differs_from_its_section(built_copy):
    root, site, inc = built_copy
    module = root / inc.path
    original = module.read_text(encoding="utf-8")
    try:
        module.write_text(
            original.replace(
                f"# --8<-- [end:{inc.section}]",
                f"drift = 1\n# --8<-- [end:{inc.section}]",
            ),
            encoding="utf-8",
        )
        problems = html_blocks.check_rendered_blocks(root, site, _only(root, inc.page))
        hits = [
            p
            for p in problems
            if p.startswith(f"{inc.fence.origin}:") and "differs" in p
        ]
        assert hits and "-drift = 1" in hits[0], joined(problems)
    finally:
        module.write_text(original, encoding="utf-8")
    again = html_blocks.check_rendered_blocks(root, site, _only(root, inc.page))
    assert not again, joined(again)


def test_5_empty_rendered_block_is_reported(built_copy):
    root, site, inc = built_copy
    html = html_blocks.html_file(site, inc.page)
    original = html.read_text(encoding="utf-8")
    try:
        start = original.index('<div class="language-python')
        a = original.index("<code>", start) + len("<code>")
        b = original.index("</code>", a)
        html.write_text(original[:a] + original[b:], encoding="utf-8")
        problems = html_blocks.check_rendered_blocks(root, site, _only(root, inc.page))
        assert any(
            p.startswith(f"{inc.page}:") and "empty code block" in p for p in problems
        ), joined(problems)
    finally:
        html.write_text(original, encoding="utf-8")


def test_5_python_outside_a_fence_breaks_the_page_to_html_mapping(built_copy):
    root, site, _ = built_copy
    problems = html_blocks.check_rendered_blocks(root, site, _only(root, PROBE_PAGE))
    assert any(
        p.startswith(f"{PROBE_PAGE}: the page has 0 fences but") and "import os" in p
        for p in problems
    ), joined(problems)


# --- standalone runner: isolation, timeout, warnings ------------------------------


@pytest.mark.parametrize("mode", ["fork", "fresh"])
def test_standalone_runner_isolation_timeout_and_warnings(mode: str):
    cases = {
        "ok-writes-in-temp": "open('drift_out.txt', 'w').write('x')\nprint('ok')\n",
        "imports-our-package": "from snippets.examples import tensor_basics\n",
        "missing-import": "print(json.dumps({}))\n",
        "future-warning": "import warnings\nwarnings.warn('velho', FutureWarning)\n",
        "timeout": "import time\ntime.sleep(30)\n",
        "exit-0": "import sys\nsys.exit(0)\n",
        "exit-1": "import sys\nsys.exit(1)\n",
        "main-guard-runs": "if __name__ == '__main__':\n    raise RuntimeError()\n",
    }
    blocks = [ShownSection(name, [name], code) for name, code in cases.items()]
    outcomes, _ = standalone.run_blocks(blocks, ROOT, timeout=2, mode=mode)
    got = {o.section.label: o for o in outcomes}
    assert got["ok-writes-in-temp"].ok, got["ok-writes-in-temp"].log
    assert not (ROOT / "drift_out.txt").exists()
    assert not got["imports-our-package"].ok
    assert "ModuleNotFoundError" in got["imports-our-package"].log
    assert not got["missing-import"].ok and "NameError" in got["missing-import"].log
    assert not got["future-warning"].ok and "FutureWarning" in got["future-warning"].log
    assert not got["timeout"].ok and "still running after 2" in got["timeout"].log
    assert got["exit-0"].ok and not got["exit-1"].ok
    assert not got["main-guard-runs"].ok
    assert standalone.imports_snippets(cases["imports-our-package"]) == [
        "snippets.examples"
    ]


def test_standalone_names_used_only_inside_functions_are_checked_statically():
    blocks = [
        ShownSection(
            "uses-F", ["uses-F"], "import torch\n\n\ndef f(x):\n    return F.relu(x)\n"
        ),
        ShownSection(
            "fine", ["fine"], "import torch\n\n\ndef f(x):\n    return torch.relu(x)\n"
        ),
    ]
    found = standalone.undefined_names(blocks)
    assert list(found) == ["uses-F"]
    assert found["uses-F"] == ["Undefined name `F` (F821) at line 5 of the block"]


# --- copy text: what Material's copy button copies ---------------------------------


def _block(code_html: str, after: str = "") -> str:
    return (
        '<article class="md-content__inner"><div class="language-python highlight">'
        f'<span class="filename">x.py</span><pre><span></span><code>{code_html}</code>'
        f"</pre></div>{after}</article>"
    )


def test_copy_text_drops_annotations_and_line_numbers_like_material():
    code = (
        '<span id="__span-0-1"><a id="__codelineno-0-1"></a><span class="linenos" '
        'data-linenos="1 "></span><span class="kn">import</span> torch  '
        '<span class="c1"># (1)!</span>\n</span>'
        '<span class="n">x</span> = 1  <span class="c1"># conta (2) e (9)</span>\n'
    )
    with_list = html_blocks.code_blocks(_block(code, "<ol><li>a</li><li>b</li></ol>"))
    assert with_list[0].copy == "import torch  \nx = 1  # conta  e (9)"
    assert with_list[0].title == "x.py" and with_list[0].lang == "python"
    without_list = html_blocks.code_blocks(_block(code))
    assert without_list[0].copy == "import torch  # (1)!\nx = 1  # conta (2) e (9)"
    assert without_list[0].text.startswith("import torch  # (1)!")


def test_copy_text_ignores_mkdocstrings_blocks():
    html = (
        '<article class="md-content__inner"><div class="doc doc-object">'
        '<div class="language-python doc-signature highlight"><pre><code>f()</code>'
        "</pre></div></div></article>"
    )
    assert html_blocks.code_blocks(html) == []
    assert html_blocks.docstring_python(html) == []


def test_docstring_examples_in_the_api_reference_are_reported():
    html = (
        '<article class="md-content__inner"><div class="doc doc-contents">'
        '<div class="language-python highlight"><pre><code>f(1)\n</code></pre></div>'
        '<div class="highlight"><pre><code>&gt;&gt;&gt; f(2)\n3</code></pre></div>'
        "</div></article>"
    )
    assert html_blocks.docstring_python(html) == ["f(1)", ">>> f(2)"]


# --- (d) an example whose training no longer lowers the loss ----------------------

_STEP = re.compile(r"^(?P<indent>\s*)\w*opt\w*\.step\(\)\s*$", re.M)


def find_training_module(root: Path) -> tuple[Path, Path]:
    """(module, its test file): simple_nn if present, else any module with a step."""
    preferred = root / "snippets/examples/simple_nn.py"
    candidates = [preferred] if preferred.is_file() else []
    candidates += sorted(includes.example_modules(root))
    for module in candidates:
        test = module.with_name(f"test_{module.name}")
        if test.is_file() and _STEP.search(module.read_text(encoding="utf-8")):
            return module, test
    pytest.skip("no training example with an optimizer step and a test file yet")


def test_d_training_that_does_not_step_fails_its_behaviour_test(repo: Path):
    module, test = find_training_module(repo)
    text = module.read_text(encoding="utf-8")
    module.write_text(
        _STEP.sub(lambda m: f"{m.group('indent')}pass", text), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(test.relative_to(repo)),
            "-x",
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    rel = module.relative_to(repo)
    assert proc.returncode == 1, (
        f"{rel} with every optimizer.step() replaced by `pass` still passes "
        f"{test.relative_to(repo)}: its tests do not check that training trains\n{out}"
    )
    assert "failed" in out, out


# --- (6) a conftest that no longer fails without a GPU ----------------------------


def test_6_require_gpu_guard_sees_a_conftest_that_always_skips(repo: Path):
    import test_drift_gpu as gpu_guard

    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here: the no-GPU failure cannot be observed")
    conftest = repo / "snippets/conftest.py"
    text = conftest.read_text(encoding="utf-8")
    broken = re.sub(r"^REQUIRE_GPU = .*$", "REQUIRE_GPU = False", text, flags=re.M)
    assert broken != text, "snippets/conftest.py no longer defines REQUIRE_GPU"
    conftest.write_text(broken, encoding="utf-8")
    args, cwd = gpu_guard.find_gpu_selection(repo) or gpu_guard.probe_selection(repo)
    proc, _ = gpu_guard.run_selection(args, cwd, require_gpu=True)
    # The guard asserts a failure here; with the broken conftest the run passes.
    assert proc.returncode == 0 and "SNIPPETS_REQUIRE_GPU=1" not in proc.stdout

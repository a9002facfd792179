"""Self-test of guard 1 (`tests.drift.python_blocks`): inline Python goes red.

A copy of the repository gets Python written on a page (in every fence form and
container), an untested block with and without its label and reviewed entry, a
module included into a text fence, and a generated Markdown include with Python; the
guard must name the page (or the included file) and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.drift import includes, pages, python_blocks
from tests.support.selftest import append_to_page, joined, shown_python_includes

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


@pytest.mark.parametrize("case", sorted(INLINE_CASES))
def test_inline_python_block_is_reported_with_page_and_line(repo: Path, case: str):
    assert not [
        p for p in python_blocks.check_python_blocks(repo) if "docs/index.md" in p
    ]
    start = append_to_page(repo, "docs/index.md", INLINE_CASES[case])
    problems = [
        p
        for p in python_blocks.check_python_blocks(repo)
        if p.startswith("docs/index.md")
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
def test_shell_yaml_and_text_blocks_are_fine(repo: Path, block: str):
    append_to_page(repo, "docs/index.md", block)
    problems = [
        p for p in python_blocks.check_python_blocks(repo) if "docs/index.md" in p
    ]
    assert not problems, joined(problems)


def _allowlist(root: Path, entries: str) -> None:
    (root / python_blocks.ALLOWLIST).write_text(
        f"untested:\n{entries}", encoding="utf-8"
    )


def test_untested_block_needs_label_and_reviewed_entry(repo: Path):
    block = "```python\nraise SystemExit('exemplo de erro')\n```\n"
    append_to_page(
        repo,
        "docs/index.md",
        '!!! warning "Não testado"\n    Exemplo de erro.\n\n' + block,
    )
    page = pages.parse_page(repo, repo / "docs/index.md")
    digest = page.fences[-1].body_hash()

    # Label, no entry: red, and the message says how to add one.
    problems = python_blocks.check_python_blocks(repo)
    assert any(digest in p and "docs/index.md" in p for p in problems), joined(problems)

    entry = (
        f"  - page: docs/index.md\n    sha256: {digest}\n"
        "    reason: mostra o erro\n    reviewed_by: revisora\n"
    )
    _allowlist(repo, entry)
    assert not [p for p in python_blocks.check_python_blocks(repo) if "index.md" in p]

    # Entry without reviewer: red.
    _allowlist(repo, entry.replace("    reviewed_by: revisora\n", ""))
    assert any("reviewed_by" in p for p in python_blocks.check_python_blocks(repo))

    # Entry, but the label is gone: red.
    _allowlist(repo, entry)
    text = (repo / "docs/index.md").read_text(encoding="utf-8")
    (repo / "docs/index.md").write_text(
        text.replace('"Não testado"', '"Atenção"'), encoding="utf-8"
    )
    problems = python_blocks.check_python_blocks(repo)
    assert any("não testado" in p and "docs/index.md" in p for p in problems)

    # Label back, block edited: the entry is stale and the block is unreviewed.
    (repo / "docs/index.md").write_text(
        text.replace("exemplo de erro", "outro erro"), encoding="utf-8"
    )
    problems = python_blocks.check_python_blocks(repo)
    assert any("stale" in p for p in problems), joined(problems)
    assert any(p.startswith("docs/index.md:") for p in problems), joined(problems)


def test_python_module_included_into_a_text_fence_is_reported(repo: Path):
    inc = shown_python_includes(repo)[0]
    start = append_to_page(
        repo, "docs/index.md", f'```text\n--8<-- "{inc.spec}"\n```\n'
    )
    problems = python_blocks.check_python_blocks(repo)
    assert any(p.startswith(f"docs/index.md:{start + 1}:") for p in problems), joined(
        problems
    )


def test_markdown_includes_are_expanded_and_their_fences_checked(repo: Path):
    # Outside docs/ (a Markdown file under docs/ would be a page of its own).
    generated = repo / "snippets/examples/output/gerado.md"
    generated.write_text("```python\nx = 1\n```\n", encoding="utf-8")
    append_to_page(
        repo, "docs/index.md", '--8<-- "snippets/examples/output/gerado.md"\n'
    )
    problems = python_blocks.check_python_blocks(repo)
    assert any(
        p.startswith("snippets/examples/output/gerado.md:2:") for p in problems
    ), joined(problems)
    assert not [p for p in includes.check_includes(repo) if "gerado.md" in p]

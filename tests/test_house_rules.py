"""The tooling's size rules: small files, short functions, or a reason written down.

ARCHITECTURE.md, "House rules": no file in ``scripts/`` or ``tests/`` over
``MAX_FILE_LINES`` lines, and no function over ``MAX_FUNCTION_LINES`` lines unless
its ``def`` line says why (``# long: <reason>``). The complexity of each function is
ruff's (``C90``, ``PLR0912``, ``PLR0915`` in ``make lint``); this test covers what
ruff does not measure. The examples under ``snippets/`` are pages' code, not tooling.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
REASON = "# long:"


def tooling_files(root: Path) -> list[Path]:
    """Every Python file of the tooling (the fixture sites are examples' data)."""
    return sorted(
        path
        for folder in ("scripts", "tests")
        for path in (root / folder).rglob("*.py")
        if "fixtures" not in path.relative_to(root).parts
    )


def long_functions(source: str) -> list[tuple[int, str, int]]:
    """(line, name, length) of each function over the limit without a reason."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        length = node.end_lineno - node.lineno + 1
        if length > MAX_FUNCTION_LINES and REASON not in lines[node.lineno - 1]:
            found.append((node.lineno, node.name, length))
    return found


@pytest.mark.parametrize(
    "path", tooling_files(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_each_tooling_file_is_small_and_its_functions_short(path: Path):
    source = path.read_text(encoding="utf-8")
    count = source.count("\n")
    assert count <= MAX_FILE_LINES, (
        f"{path.relative_to(ROOT)}: {count} lines (limit {MAX_FILE_LINES}): "
        "split it along its responsibilities"
    )
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {name} has {length} lines "
        f"(limit {MAX_FUNCTION_LINES}); split it, or say why on its def line "
        f"({REASON} ...)"
        for line, name, length in long_functions(source)
    ]
    assert not problems, "\n".join(problems)


def test_a_long_function_passes_only_with_its_reason():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    bare = f"def f():\n{body}\n"
    assert [name for _, name, _ in long_functions(bare)] == ["f"]
    reasoned = f"def f():  {REASON} a flat table of cases\n{body}\n"
    assert long_functions(reasoned) == []
    short = "def g():\n    return 1\n"
    assert long_functions(short) == []

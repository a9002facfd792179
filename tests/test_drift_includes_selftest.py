"""Self-test of guards 2 and 3 (`tests.drift.includes`): broken includes go red.

A copy of the repository gets a renamed section, a build config that would not fail
on a missing include, unbalanced or badly named markers, bad includes (line ranges,
missing files, URLs), a fragment shown without its section, and a module that no
page shows and no test imports; the guard must name file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.drift import includes
from tests.support.selftest import append_to_page, joined, shown_python_includes


def test_renamed_section_is_named_by_the_include_guard(repo: Path):
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


def test_build_config_must_fail_on_missing_includes(repo: Path):
    cfg = repo / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "check_paths: true", "check_paths: false"
        ),
        encoding="utf-8",
    )
    assert any("check_paths" in p for p in includes.check_snippets_config(repo))


@pytest.mark.parametrize("kind", ["no-end", "no-start", "duplicate", "bad-name"])
def test_unbalanced_or_bad_markers_name_file_and_line(repo: Path, kind: str):
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
def test_bad_includes_are_named_with_page_and_line(
    repo: Path, include: str, needle: str
):
    start = append_to_page(repo, "docs/index.md", include + "\n")
    problems = includes.check_includes(repo)
    assert any(
        re.match(rf"docs/index\.md:{line}:", p) and needle in p
        for p in problems
        for line in range(start, start + 3)
    ), joined(problems)


def test_fragment_needs_its_standalone_section_on_the_page(repo: Path):
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
    start = append_to_page(
        repo, other, f'```python\n--8<-- "{inc.path}:fragment-drift"\n```\n'
    )
    problems = includes.check_fragments(repo)
    assert any(p.startswith(f"{other}:{start + 1}:") for p in problems), joined(
        problems
    )
    # On the page that shows the enclosing section, the same fragment is fine.
    append_to_page(
        repo, inc.page, f'```python\n--8<-- "{inc.path}:fragment-drift"\n```\n'
    )
    assert not [p for p in includes.check_fragments(repo) if p.startswith(inc.page)]


def test_module_not_shown_and_not_tested_is_named(repo: Path):
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
    append_to_page(
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

"""Bad input stops the build with an error that names the file and says what to do.

Four mistakes a contributor makes, each in a fresh copy of the repository, built
strictly as CI builds it: a malformed verification record, a page that includes a
file that does not exist, a page that includes a section that does not exist, and a
snippet module with a syntax error. Each must fail the build (not warn), name the
file (and line or section), and say how to fix it; none may end in a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.build import build_site
from tests.support.repo_copy import copy_repo

PAGE = "docs/tutoriais/basico.md"
MODULE = "snippets/examples/tensor_basics.py"
INCLUDE = re.compile(r'--8<-- "snippets/examples/tensor_basics\.py:([a-z-]+)"')


def _line_of(text: str, pattern: re.Pattern[str]) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    raise AssertionError(f"{pattern.pattern} not found in {PAGE}")


def _break_record(root: Path) -> tuple[str, ...]:
    (root / "verification" / "cpu.json").write_text(
        '{"schema_version": 1, "runner": "cpu"', encoding="utf-8"
    )
    return ("verification/cpu.json", "record_verification.py")


def _break_include_path(root: Path) -> tuple[str, ...]:
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    line = _line_of(text, INCLUDE)
    page.write_text(
        text.replace(f"{MODULE}:", "snippets/examples/nope.py:"),
        encoding="utf-8",
    )
    return (f"{PAGE}:{line}", "snippets/examples/nope.py", "does not exist")


def _break_include_section(root: Path) -> tuple[str, ...]:
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    line = _line_of(text, INCLUDE)
    section = INCLUDE.search(text).group(1)
    page.write_text(
        text.replace(f'{MODULE}:{section}"', f'{MODULE}:no-such-section"', 1),
        encoding="utf-8",
    )
    return (f"{PAGE}:{line}", "no-such-section", MODULE, "Sections in that file")


def _break_module_syntax(root: Path) -> tuple[str, ...]:
    module = root / MODULE
    lines = module.read_text(encoding="utf-8").splitlines()
    module.write_text("\n".join([*lines, "def broken(:"]) + "\n", encoding="utf-8")
    return (f"{MODULE}:{len(lines) + 1}:", "SyntaxError", "py_compile")


CASES = {
    "malformed-record": _break_record,
    "missing-include-file": _break_include_path,
    "missing-include-section": _break_include_section,
    "module-syntax-error": _break_module_syntax,
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_stops_the_build_with_a_clear_error(case, tmp_path):
    root = copy_repo(tmp_path / "repo")
    expected = CASES[case](root)
    proc = build_site(tmp_path / "site", root)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the build passed despite {case}:\n{log}"
    assert "Traceback" not in log, f"{case} ended in a traceback:\n{log}"
    errors = log[log.find("ERROR") :]  # the message and its continuation lines
    for fragment in expected:
        assert fragment in errors, f"{fragment!r} missing from the error:\n{log}"


def test_the_unbroken_sources_pass_the_checks():
    """The checks find nothing in the repository itself (no false alarm)."""
    from scripts.hooks import source_checks

    source_checks.check_modules_parse(ROOT)
    for page in sorted((ROOT / "docs").rglob("*.md")):
        rel = page.relative_to(ROOT).as_posix()
        text = page.read_text(encoding="utf-8")
        assert source_checks.include_problems(rel, text, ROOT) == []

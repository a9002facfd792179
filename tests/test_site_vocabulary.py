"""One vocabulary of the site: the build, the badges and the guards agree.

`scripts.verification.site` defines what an include is with pymdownx's own
expressions. Here every page line is fed to pymdownx's snippets preprocessor (the
build) and to the badges hook's and the drift guards' parsers: a line the build
includes is an include for both, one it ignores is ignored by both. The hooks import
the vocabulary normally, so a hook and a test share one module object.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import markdown
import pytest
from pymdownx.snippets import SnippetPreprocessor

from scripts.verification import site
from tests.drift import pages
from tests.support import ROOT

#: Page text -> the modules pymdownx includes from it (asserted below, not assumed).
CASES = {
    "inline-double-quotes": '--8<-- "snippets/v/m1.py"',
    "inline-single-quotes": "--8<-- 'snippets/v/m2.py'",
    "indented": '    --8<-- "snippets/v/m3.py"',
    "escaped": ';--8<-- "snippets/v/m4.py"',
    "commented-out-spec": '--8<-- ";snippets/v/m5.py"',
    "inside-prose": 'Veja --8<-- "snippets/v/m6.py" aqui.',
    "trailing-space": '--8<-- "snippets/v/m7.py" ',
    "section": '--8<-- "snippets/v/m8.py:sec"',
    "block-form": "--8<--\nsnippets/v/m9.py\n;snippets/v/m10.py\n--8<--",
    "short-scissors": '-8<- "snippets/v/m11.py"',
    "two-spaces": '--8<--  "snippets/v/m12.py"',
    "in-a-fence": '```python\n--8<-- "snippets/v/m13.py:sec"\n```',
    "inline-inside-a-block": '--8<--\n--8<-- "snippets/v/m14.py"\n--8<--',
    "test-file-is-not-a-module": '--8<-- "snippets/v/test_m15.py"',
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vocab")
    (root / "snippets/v").mkdir(parents=True)
    (root / "docs").mkdir()
    for n in range(1, 16):
        name = f"test_m{n}.py" if n == 15 else f"m{n}.py"
        (root / "snippets/v" / name).write_text(
            f"# --8<-- [start:sec]\nINCLUDED_{n} = 1\n# --8<-- [end:sec]\n",
            encoding="utf-8",
        )
    return root


def _built_includes(root: Path, text: str) -> set[str]:
    """Modules whose content pymdownx's preprocessor puts into the page."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(root)]}},
    )
    out = "\n".join(md.preprocessors["snippet"].run(text.split("\n")))
    found = set()
    for n in re.findall(r"INCLUDED_(\d+) = 1", out):
        name = f"test_m{n}.py" if n == "15" else f"m{n}.py"
        found.add(f"snippets/v/{name}")
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_badges_and_guards_see_what_the_build_includes(tree: Path, case: str):
    text = f"# Página\n\n{CASES[case]}\n"
    built = _built_includes(tree, text)
    page = tree / "docs" / f"{case}.md"
    page.write_text(text, encoding="utf-8")
    guards = {inc.path for inc in pages.parse_page(tree, page).includes}
    badges = set(site.find_includes(text))
    assert guards == built, f"guards {guards} vs build {built}"
    # The badges show modules only (a test file is never an example).
    assert badges == {p for p in built if site.is_snippet_module(Path(p))}


def test_some_cases_are_includes_and_some_are_not(tree: Path):
    """The table above exercises both sides (a guard against a vacuous test)."""
    included = {c for c, t in CASES.items() if _built_includes(tree, t)}
    assert {"inline-double-quotes", "section", "block-form", "in-a-fence"} <= included
    assert {"escaped", "inside-prose", "trailing-space"}.isdisjoint(included)


def _lines(pattern: str) -> list[str]:
    return [line.strip() for line in pattern.strip().split("\n")]


def test_fallback_expressions_are_pymdownx_own():
    """GPU runners without pymdownx use copies; they must still be pymdownx's."""
    assert site.PYMDOWNX
    pairs = [
        (site._FALLBACK_ALL_SNIPPETS, SnippetPreprocessor.RE_ALL_SNIPPETS),
        (site._FALLBACK_SNIPPET_FILE, SnippetPreprocessor.RE_SNIPPET_FILE),
        (site._FALLBACK_SNIPPET_SECTION, SnippetPreprocessor.RE_SNIPPET_SECTION),
    ]
    for copy, own in pairs:
        # Verbose patterns: the indentation of their source lines does not count.
        assert (_lines(copy.pattern), copy.flags) == (_lines(own.pattern), own.flags)


@pytest.mark.parametrize(
    ("path", "is_module"),
    [
        ("snippets/a/model.py", True),
        ("snippets/a/test_model.py", False),
        ("snippets/a/model_test.py", False),
        ("snippets/a/conftest.py", False),
        ("snippets/a/__init__.py", False),
        ("snippets/a/output/model.txt", False),
    ],
)
def test_what_a_snippet_module_is(path: str, is_module: bool):
    assert site.is_snippet_module(Path(path)) is is_module


def test_fences_headings_and_badge_insertion_point():
    text = "```text\n# not a heading\n```\n~~~~\n```\n# nor this\n~~~~\n# Título\n"
    assert site.fence_states(text.split("\n"))[:7] == [
        "open", "body", "close", "open", "body", "body", "close",
    ]  # fmt: skip
    out = site.insert_after_h1(text, "<b/>").split("\n")
    assert out[out.index("# Título") + 2] == "<b/>"


@pytest.mark.parametrize(
    "hook", ["scripts/hooks/verification_badges.py", "scripts/hooks/glossary_links.py"]
)
def test_hooks_share_the_vocabulary_module_with_the_tests(hook: str):
    """Loaded by file path as MkDocs does, a hook uses `scripts.verification.site`."""
    spec = importlib.util.spec_from_file_location(hook, ROOT / hook)
    module = importlib.util.module_from_spec(spec)
    sys.modules[hook] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[hook]
    assert sys.modules["scripts.verification.site"] is site
    used = getattr(module, "site", None) or sys.modules[module.fence_states.__module__]
    assert used is site

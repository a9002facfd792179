"""Self-test of guard 5 (`tests.drift.html_blocks`): the built page must match.

On the shared built copy (the `built_copy` fixture): a module changed after the
build, an emptied code block and Python outside any fence must be reported. On
synthetic HTML: the copy text drops annotations and line numbers as Material does,
and mkdocstrings' blocks are told apart from the page's fences.
"""

from __future__ import annotations

import pytest

from tests.drift import html_blocks, html_tree
from tests.support.selftest import PROBE_PAGE, joined, only


@pytest.mark.xdist_group("built-copy")
def test_stale_build_shows_a_block_that_differs_from_its_section(built_copy):
    root, site, inc = built_copy.root, built_copy.site, built_copy.inc
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
        problems = html_blocks.check_rendered_blocks(root, site, only(root, inc.page))
        hits = [
            p
            for p in problems
            if p.startswith(f"{inc.fence.origin}:") and "differs" in p
        ]
        assert hits and "-drift = 1" in hits[0], joined(problems)
    finally:
        module.write_text(original, encoding="utf-8")
    again = html_blocks.check_rendered_blocks(root, site, only(root, inc.page))
    assert not again, joined(again)


@pytest.mark.xdist_group("built-copy")
def test_empty_rendered_block_is_reported(built_copy):
    root, site, inc = built_copy.root, built_copy.site, built_copy.inc
    html = html_blocks.html_file(site, inc.page)
    original = html.read_text(encoding="utf-8")
    try:
        start = original.index('<div class="language-python')
        a = original.index("<code>", start) + len("<code>")
        b = original.index("</code>", a)
        html.write_text(original[:a] + original[b:], encoding="utf-8")
        problems = html_blocks.check_rendered_blocks(root, site, only(root, inc.page))
        assert any(
            p.startswith(f"{inc.page}:") and "empty code block" in p for p in problems
        ), joined(problems)
    finally:
        html.write_text(original, encoding="utf-8")


@pytest.mark.xdist_group("built-copy")
def test_python_outside_a_fence_breaks_the_page_to_html_mapping(built_copy):
    root, site = built_copy.root, built_copy.site
    problems = html_blocks.check_rendered_blocks(root, site, only(root, PROBE_PAGE))
    assert any(
        p.startswith(f"{PROBE_PAGE}: the page has 0 fences but") and "import os" in p
        for p in problems
    ), joined(problems)


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
    with_list = html_tree.code_blocks(_block(code, "<ol><li>a</li><li>b</li></ol>"))
    assert with_list[0].copy == "import torch  \nx = 1  # conta  e (9)"
    assert with_list[0].title == "x.py" and with_list[0].lang == "python"
    without_list = html_tree.code_blocks(_block(code))
    assert without_list[0].copy == "import torch  # (1)!\nx = 1  # conta (2) e (9)"
    assert without_list[0].text.startswith("import torch  # (1)!")


def test_copy_text_ignores_mkdocstrings_blocks():
    html = (
        '<article class="md-content__inner"><div class="doc doc-object">'
        '<div class="language-python doc-signature highlight"><pre><code>f()</code>'
        "</pre></div></div></article>"
    )
    assert html_tree.code_blocks(html) == []
    assert html_tree.docstring_python(html) == []


def test_docstring_examples_in_the_api_reference_are_reported():
    html = (
        '<article class="md-content__inner"><div class="doc doc-contents">'
        '<div class="language-python highlight"><pre><code>f(1)\n</code></pre></div>'
        '<div class="highlight"><pre><code>&gt;&gt;&gt; f(2)\n3</code></pre></div>'
        "</div></article>"
    )
    assert html_tree.docstring_python(html) == ["f(1)", ">>> f(2)"]

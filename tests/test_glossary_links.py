"""The glossary hook: first-use links, the rendered table and term coverage."""

from __future__ import annotations

from scripts.hooks import glossary_links as gl
from tests.support import ROOT

DOCS = ROOT / "docs"

TERM = gl.Term(
    id="lote", pt="lote", en="batch", definition="Grupo de exemplos.", forms=["lotes"]
)


def test_links_only_the_first_prose_use():
    md = "# Lotes\n\nCada lote passa.\nOutro lote.\n"
    out = gl.link_first_uses(md, [TERM], "../g.md")
    assert out == "# Lotes\n\nCada [lote](../g.md#lote) passa.\nOutro lote.\n"


def test_skips_code_links_quotes_and_block_titles():
    md = (
        "```python\nlote = 1\n```\n"
        '!!! note "Um lote"\n'
        'Use `lote` e [um lote](x.md) e "lote" e *lote*.\n'
        "Agora sim, lotes.\n"
    )
    out = gl.link_first_uses(md, [TERM], "g.md")
    assert out.splitlines()[-1] == "Agora sim, [lotes](g.md#lote)."
    assert out.count("](g.md#lote)") == 1


def test_keeps_the_case_of_the_text_it_links():
    out = gl.link_first_uses("Lote grande.", [TERM], "g.md")
    assert out == "[Lote](g.md#lote) grande."


def test_table_has_both_languages_an_anchor_and_the_first_page():
    table = gl.render_table(
        [TERM], {"lote": ("tutoriais/basico.md", "Básico")}, "referencia/glossario.md"
    )
    row = table.splitlines()[-1]
    assert '<span id="lote"></span>**lote**' in row
    assert "| batch |" in row
    assert "[Básico](../tutoriais/basico.md)" in row


def test_glossary_page_holds_the_marker():
    assert gl.MARKER in (DOCS / gl.GLOSSARY_PAGE).read_text(encoding="utf-8")


def test_every_term_is_used_on_some_page():
    terms, _ = gl.load()
    pages = [
        p.read_text(encoding="utf-8")
        for p in DOCS.rglob("*.md")
        if p.relative_to(DOCS).as_posix() != gl.GLOSSARY_PAGE
    ]
    unused = [t.pt for t in terms if not any(gl.first_use(text, t) for text in pages)]
    assert not unused, unused

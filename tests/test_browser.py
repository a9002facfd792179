"""O site num navegador de verdade (Chromium headless, Playwright).

Tudo o que só um navegador prova: a busca (Pagefind dentro da interface do Material)
acha o que o leitor digita, com acentos ou sem, em outras flexões, identificadores de
código e mensagens de erro coladas; o teclado da busca funciona; toda página abre sem
erro no console; nenhuma requisição sai de 127.0.0.1; o botão de copiar entrega
exatamente a seção do módulo de `snippets/`; o tema claro/escuro alterna e persiste.

As duas varreduras completas (cada consulta de `tests/search/queries.yml`, cada página
do site) levam meio minuto cada: marcador `slow`, no `make test-slow` (a CI roda os
dois). O `make test` prova o mesmo em amostras (as outras buscas, a amostra de páginas
de `test_accessibility.py`).

Um Chromium por sessão (por worker do xdist), servido por `http.server` local. Sem
Chromium os testes são pulados com a instrução de instalação, exceto em CI
(`CI=true`), onde a falta do navegador é falha. Capturas de tela vão para
`test-artifacts/`.
"""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.support import ROOT
from tests.support.browser import (
    ARTIFACTS,
    SEARCH_CLOSED,
    SEARCH_OPEN,
    SUBPATH,
    SUGGESTION,
    SearchBox,
    Session,
)

pytestmark = pytest.mark.browser

QUERIES = ROOT / "tests" / "search" / "queries.yml"
RECALL_TARGET = 0.95


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def session(chromium) -> Iterator[Session]:
    """A aba compartilhada pelos testes de busca e de navegação."""
    tab = Session(chromium)
    yield tab
    tab.close()


@pytest.fixture
def search_box(session: Session, site_root: str) -> SearchBox:
    """O campo de busca aberto, com o site servido num subcaminho (`/sub/kb/`)."""
    base = site_root + SUBPATH.lstrip("/")
    session.page.goto(base)
    box = SearchBox(session.page, base)
    box.open()
    return box


# --------------------------------------------------------------------------- busca


def _load_queries() -> list[dict]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [{**item, "group": group} for group, items in data.items() for item in items]


def _norm(url: str) -> str:
    return "./" if url in ("", "./", "/") else url


@pytest.mark.slow
def test_search_recall_at_3(search_box: SearchBox, session: Session):
    """Recall@3 >= 95% no conjunto de consultas de tests/search/queries.yml."""
    queries = _load_queries()
    start = time.perf_counter()
    misses, by_group = [], {}
    for item in queries:
        # Ranking only: the first answer lists the same pages in the same order.
        top = [r["page"] for r in search_box.search(item["q"], complete=False)[:3]]
        expect = [_norm(u) for u in item.get("expect", [])]
        any_of = [_norm(u) for u in item.get("any", [])]
        hit = all(u in top for u in expect)
        hit = hit and (not any_of or any(u in top for u in any_of))
        total, hits = by_group.get(item["group"], (0, 0))
        by_group[item["group"]] = (total + 1, hits + hit)
        if not hit:
            wanted = expect + ([f"uma de {any_of}"] if any_of else [])
            misses.append(f"  [{item['group']}] {item['q']!r}: {wanted} -> top 3 {top}")
    elapsed = time.perf_counter() - start
    hits = sum(h for _, h in by_group.values())
    recall = hits / len(queries)
    report = [
        f"Recall@3 = {recall:.1%} ({hits}/{len(queries)} consultas, {elapsed:.1f} s)",
        *(f"  {g}: {h}/{t}" for g, (t, h) in by_group.items()),
        f"Falhas ({len(misses)}):" if misses else "Nenhuma falha.",
        *misses,
    ]
    print("\n" + "\n".join(report))
    assert not session.take_errors()
    assert recall >= RECALL_TARGET, "\n".join(report)


def _pages_containing(built_site: Path, word: str) -> set[str]:
    """Páginas cujo conteúdo indexado (o `<article data-pagefind-body>`) tem `word`."""
    pages = set()
    for html in built_site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text:
            continue
        body = text.split("data-pagefind-body", 1)[1].split("</article>", 1)[0]
        if re.search(rf"(?<!\w){word}(?!\w)", body, re.IGNORECASE):
            rel = html.parent.relative_to(built_site).as_posix()
            pages.add("./" if rel == "." else rel + "/")
    return pages


def test_search_folds_accents_and_stems_portuguese(
    search_box: SearchBox, session: Session, built_site: Path
):
    """`funcao` acha `função`; `treinar` acha `treinamento` (tecla a tecla)."""
    # Acentos: a consulta sem acento acha e marca a palavra acentuada.
    with_accent = _pages_containing(built_site, "função")
    assert with_accent, "nenhuma página contém 'função': a consulta não prova nada"
    found = {r["page"] for r in search_box.type("funcao")}
    assert found & with_accent, "'funcao' não trouxe nenhuma página com 'função'"
    assert "função" in search_box.marked()

    # Radical: `treinar` casa outras flexões de trein-. Com `treinamento` no site, uma
    # página que o contém precisa vir; sem ele, vale outra flexão (treino, treinado).
    found = {r["page"] for r in search_box.type("treinar")}
    marked = search_box.marked()
    inflections = {m for m in marked if m.startswith("trein") and m != "treinar"}
    assert inflections, f"'treinar' só casou a forma exata: {marked}"
    with_word = _pages_containing(built_site, "treinamento")
    if with_word:
        assert found & with_word, "'treinar' não trouxe página com 'treinamento'"
    else:
        print(
            f"\nnenhuma página tem 'treinamento'; 'treinar' casou {sorted(inflections)}"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    search_box.page.screenshot(path=str(ARTIFACTS / "busca-treinar.png"))
    assert not session.take_errors()


def test_search_keyboard_and_section_links(search_box: SearchBox, session: Session):
    """Teclado do Material; o melhor resultado leva à seção (âncora), com destaque."""
    page = search_box.page
    results = search_box.search("CUDA out of memory")
    assert results, "a consulta não trouxe resultado"
    assert any("#" in link["href"] for link in results[0]["links"]), results[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "busca-cuda-out-of-memory.png"))

    # Setas: do campo para o primeiro link de resultado e de volta.
    page.keyboard.press("ArrowDown")
    focused = "document.activeElement.classList.contains('md-search-result__link')"
    assert page.evaluate(focused)
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.mdComponent") == "search-query"

    # Enter abre o link de maior nota (`data-md-score`): a melhor seção do primeiro
    # resultado, com a âncora do título e os termos para destacar (`?h=`).
    links = [link for result in results for link in result["links"]]
    best = max(links, key=lambda link: link["score"])  # o primeiro, se empatar
    assert best in results[0]["links"] and "#" in best["href"], best
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == best["href"]
    anchor = unquote(urlsplit(page.url).fragment)
    assert page.locator(f"[id='{anchor}']").count() == 1, f"âncora {anchor} não existe"
    page.wait_for_selector("article mark", timeout=5000)  # `search.highlight`

    # `search.suggest`: a última palavra é completada pelo título de um resultado, e a
    # seta para a direita aceita a sugestão.
    search_box.type("instal")
    page.wait_for_function(SUGGESTION, arg="instalação")
    page.keyboard.press("ArrowRight")
    assert search_box.input.input_value() == "instalação"
    page.keyboard.press("Escape")
    page.wait_for_function(SEARCH_CLOSED)

    # `/`, `s` e `f` abrem e focam o campo; Esc fecha. O Material só reabre a busca
    # depois de registrar a saída do foco (um debounce de 1 ms no foco do campo): uma
    # pessoa nunca reabre tão rápido, o teste espera um pouco entre as teclas.
    for key in ("/", "s", "f"):
        page.wait_for_timeout(100)
        page.evaluate("document.activeElement.blur()")  # teclas valem fora do campo
        page.keyboard.press(key)
        page.wait_for_function(SEARCH_OPEN)
        page.keyboard.press("Escape")
        page.wait_for_function(SEARCH_CLOSED)
    assert not session.take_errors()
    assert not session.external


def test_search_lists_later_results_by_title_and_tolerates_typos(
    search_box: SearchBox, session: Session
):
    """Os três primeiros resultados trazem trechos (o fragmento da página, o texto
    inteiro dela, só é baixado para eles); os demais vêm pelo título. Uma palavra com
    erro de digitação acha a página certa, mesmo depois de outras buscas."""
    page = search_box.page
    results = search_box.search("gradiente")
    assert len(results) > 3, results
    excerpts = page.locator(".md-search-result__item").evaluate_all(
        "els => els.map(li => li.querySelectorAll('article p').length)"
    )
    assert all(excerpts[:3]), excerpts
    assert not any(excerpts[3:]), excerpts
    # Each query is answered twice: the pages by title at once, then the same
    # pages, in the same order, with excerpts once typing pauses.
    first, complete = page.evaluate("() => window.__search.answers.slice(-2)")
    assert first["partial"] and not complete["partial"], (first, complete)
    assert first["pages"] == complete["pages"] and len(first["pages"]) > 3
    for query, expected in [("autoencoderr", "casos-de-uso/autoencoder/")]:
        search_box.search("o que é")  # palavras curtas carregadas antes do erro
        top = [r["page"] for r in search_box.search(query)[:3]]
        assert top and top[0] == expected, f"{query!r} -> {top}"
    assert not session.take_errors()


# --------------------------------------------------------------------------- páginas


def _site_pages(built_site: Path) -> list[str]:
    pages = []
    for html in sorted(built_site.rglob("*.html")):
        rel = html.relative_to(built_site).as_posix()
        if rel.startswith(("pagefind/", "assets/")):
            continue
        pages.append(rel.removesuffix("index.html"))
    return pages


@pytest.mark.slow
def test_every_page_loads_cleanly_and_stays_local(
    session: Session, site_root: str, built_site: Path
):
    """Toda página abre sem erro no console e sem requisição fora de 127.0.0.1."""
    pages = _site_pages(built_site)
    assert len(pages) > 1
    problems = []
    session.take_errors()
    for rel in pages:
        session.page.goto(site_root + rel, wait_until="load")
        # Erros tardios (worker da busca, scripts assíncronos) chegam logo depois.
        session.page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        problems += [f"{rel or './'}: {e}" for e in session.take_errors()]
        if rel == "":
            ARTIFACTS.mkdir(exist_ok=True)
            session.page.screenshot(path=str(ARTIFACTS / "inicio.png"), full_page=False)
    assert not problems, "\n".join(problems)
    assert not session.external, "requisições para fora de 127.0.0.1:\n" + "\n".join(
        sorted(set(session.external))
    )


# --------------------------------------------------------------------------- cópia

COPY_SPY = """
window.__copied = [];
const execCommand = Document.prototype.execCommand;
Document.prototype.execCommand = function (command, ...args) {
  if (command === "copy") {
    const el = document.activeElement;
    const text = el && "value" in el ? el.value : String(document.getSelection());
    window.__copied.push(text);
  }
  return execCommand.call(this, command, ...args);
};
if (navigator.clipboard) {
  navigator.clipboard.writeText = async text => { window.__copied.push(text); };
}
"""


def _section(module: Path, name: str) -> str:
    """O trecho `name` do módulo, como o pymdownx.snippets o inclui (dedent)."""
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"# --8<-- [start:{name}]\n")
    end = lines.index(f"# --8<-- [end:{name}]\n")
    return textwrap.dedent("".join(lines[start + 1 : end]))


def test_copy_button_copies_exactly_the_snippet_section(chromium, site_root: str):
    """O botão de copiar de Básico entrega a seção `tensor-operations`, nada a mais."""
    module = ROOT / "snippets/examples/tensor_basics.py"
    expected = _section(module, "tensor-operations")
    context = chromium.new_context()
    context.add_init_script(COPY_SPY)
    page = context.new_page()
    page.goto(site_root + "tutoriais/basico/")
    title = page.locator(".filename", has_text="snippets/examples/tensor_basics.py")
    block = page.locator(".highlight", has=title).first
    block.hover()
    block.locator("[data-clipboard-target]").click()
    page.wait_for_function("() => window.__copied.length > 0")
    copied = page.evaluate("window.__copied[0]")
    context.close()
    assert copied == expected.rstrip(), "o texto copiado difere da seção do módulo"


# --------------------------------------------------------------------------- tema


def test_light_dark_toggle_flips_and_persists(chromium, site_root: str):
    """O botão de tema troca `default` <-> `slate` e a escolha sobrevive ao reload."""
    context = chromium.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_root)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(f"() => {scheme} === 'slate'")
    page.reload()
    assert page.evaluate(scheme) == "slate"
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(f"() => {scheme} === 'default'")
    page.reload()
    assert page.evaluate(scheme) == "default"
    context.close()

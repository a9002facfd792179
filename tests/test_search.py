"""A busca do site sem navegador: as consultas, o hook e o índice do Pagefind.

O que só um navegador prova (recall@3, acentos, radicais, teclado) está em
`tests/test_browser.py`; aqui ficam as garantias baratas: as consultas cobrem o que
o perfil promete, o hook roda no build e o índice sai completo, em português, com o
worker da busca ligado em toda página.
"""

from __future__ import annotations

import gzip
import inspect
import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT
from tests.support.config import mkdocs_config

QUERIES = ROOT / "tests" / "search" / "queries.yml"
WORKER = "assets/javascripts/pagefind-material-worker.js"

#: As 17 palavras-chave (Keywords/Triggers) do perfil original.
PROFILE_KEYWORDS = [
    "pytorch", "torch", "deep learning", "neural network", "cnn", "rnn", "lstm",
    "transformer", "gpu", "cuda", "transfer learning", "fine-tuning",
    "image classification", "object detection", "nlp", "gan", "autoencoder",
]  # fmt: skip

#: Identificadores que um leitor cola na busca.
CODE_IDENTIFIERS = [
    "nn.Linear", "state_dict", "GradScaler", "ReduceLROnPlateau", "weights_only",
    "DataLoader", "autocast", "inference_mode", "TransformerEncoder",
    "DistributedDataParallel",
]  # fmt: skip

#: Mensagens de erro coladas do terminal (basta a consulta conter o trecho).
ERROR_MESSAGES = [
    "CUDA out of memory",
    "Weights only load failed",
    "Expected all tensors to be on the same device",
    "An attempt has been made to start a new process before the current process "
    "has finished its bootstrapping phase",
]

#: Português com e sem acento, e em outras flexões.
PORTUGUESE_FORMS = [
    "regularização", "regularizacao", "regularizar", "treinar", "treinamento",
    "função de perda", "funcao de perda", "acurácia", "instalação", "instalacao",
    "normalização", "precisão mista", "precisao mista",
]  # fmt: skip


def _queries() -> list[dict]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [{**item, "group": group} for group, items in data.items() for item in items]


def _texts() -> list[str]:
    return [item["q"] for item in _queries()]


# --------------------------------------------------------------------------- consultas


def test_query_set_is_well_formed():
    queries = _queries()
    assert len(queries) >= 60, f"só {len(queries)} consultas; o mínimo é 60"
    seen = set()
    for item in queries:
        assert set(item) <= {"q", "expect", "any", "group"}, item
        assert isinstance(item["q"], str) and item["q"].strip(), item
        pages = item.get("expect", []) + item.get("any", [])
        assert pages, f"{item['q']!r} não diz que página espera"
        for page in pages:
            assert page == "./" or re.fullmatch(r"[a-z0-9\-]+(/[a-z0-9\-]+)*/", page), (
                f"{item['q']!r}: {page!r} não é uma URL de página (`pasta/pagina/`)"
            )
        key = item["q"].strip().lower()
        assert key not in seen, f"consulta repetida: {item['q']!r}"
        seen.add(key)


def test_query_set_covers_every_profile_keyword():
    texts = {q.lower() for q in _texts()}
    missing = [k for k in PROFILE_KEYWORDS if k not in texts]
    assert not missing, f"palavras-chave do perfil sem consulta: {missing}"


@pytest.mark.parametrize(
    ("kind", "wanted"),
    [("code", CODE_IDENTIFIERS), ("errors", ERROR_MESSAGES), ("pt", PORTUGUESE_FORMS)],
)
def test_query_set_covers_code_errors_and_portuguese(kind: str, wanted: list[str]):
    texts = [q.lower() for q in _texts()]
    missing = [w for w in wanted if not any(w.lower() in q for q in texts)]
    assert not missing, f"faltam consultas ({kind}): {missing}"


def test_expected_pages_exist():
    docs = ROOT / "docs"
    missing = set()
    for item in _queries():
        for page in item.get("expect", []) + item.get("any", []):
            rel = "" if page == "./" else page
            candidates = [docs / f"{rel}index.md", docs / f"{rel.rstrip('/')}.md"]
            if not any(c.is_file() for c in candidates):
                missing.add(page)
    assert not missing, f"páginas esperadas que não existem em docs/: {sorted(missing)}"


# --------------------------------------------------------------------------- build


def test_hook_is_registered_and_material_search_stays_on():
    config = mkdocs_config(ROOT)
    assert config.get("hooks") == ["scripts/hooks/main.py"]
    from scripts.hooks import main

    assert "pagefind_index.on_post_build" in inspect.getsource(main.on_post_build)
    # O Material só desenha o diálogo de busca (e o teclado) com o plugin ligado.
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "search" in plugins


def _pages(built_site: Path) -> list[Path]:
    return [
        p
        for p in built_site.rglob("*.html")
        if not p.relative_to(built_site).as_posix().startswith(("pagefind/", "assets/"))
    ]


def test_built_site_has_a_portuguese_pagefind_index(built_site: Path):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"pt"}, "o índice não saiu em português"
    assert (built_site / "pagefind/pagefind.js").is_file()
    indexed = [p for p in _pages(built_site) if "data-pagefind-body" in p.read_text()]
    assert entry["languages"]["pt"]["page_count"] == len(indexed)
    # Toda página de conteúdo entra no índice; a 404 não.
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        expected = 0 if page.name == "404.html" else 1
        assert html.count("data-pagefind-body") == expected, page


def test_every_page_points_material_search_to_the_pagefind_worker(built_site: Path):
    assert (built_site / WORKER).is_file()
    pattern = re.compile(r'config\.search = "([^"]+)"')
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        found = pattern.findall(html)
        assert len(found) == 1, f"{page}: worker da busca não configurado"
        url = found[0]
        if url.startswith("/"):  # a 404 usa caminhos absolutos
            target = url.lstrip("/")
        else:
            base = posixpath.dirname(page.relative_to(built_site).as_posix())
            target = posixpath.normpath(posixpath.join(base, url))
        assert target == WORKER, f"{page}: {url} não leva a {WORKER}"


# --------------------------------------------------------------------------- hook


class _Config(dict):
    """What the hook reads of MkDocs' configuration: the site and the config file."""

    def __init__(self, site: Path) -> None:
        super().__init__(site_dir=str(site))
        self.config_file_path = str(site / "mkdocs.yml")


def _config(site: Path) -> _Config:
    return _Config(site)


def _indexed_page(site: Path, text: str) -> None:
    (site / "a").mkdir(parents=True, exist_ok=True)
    (site / "a/index.html").write_text(
        '<html lang="pt"><body><nav>menu</nav><article data-pagefind-body>'
        f"<h1>Treinamento</h1><p>{text}</p></article></body></html>",
        encoding="utf-8",
    )


def test_the_same_html_reuses_the_index_and_other_html_runs_pagefind(
    tmp_path: Path, monkeypatch
):
    from scripts.hooks import cache, pagefind_index

    monkeypatch.setattr(cache, "_memory", {})
    monkeypatch.setenv("BUILD_CACHE_DIR", str(tmp_path / "cache"))
    runs = []
    index_site = pagefind_index.index_site
    monkeypatch.setattr(
        pagefind_index, "index_site", lambda site: runs.append(site) or index_site(site)
    )
    site = tmp_path / "site"
    _indexed_page(site, "A função de perda cai.")
    first = pagefind_index.indexed_site(site, tmp_path)
    written = {p: p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    (site / "pagefind").rename(tmp_path / "old")  # a new build's empty site
    assert pagefind_index.indexed_site(site, tmp_path) == first
    again = {p: p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert again == written and len(runs) == 1
    _indexed_page(site, "A função de perda sobe.")
    pagefind_index.indexed_site(site, tmp_path)
    assert len(runs) == 2


def test_hook_indexes_only_marked_content_in_portuguese(tmp_path: Path):
    from scripts.hooks.pagefind_index import on_post_build

    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<html lang="pt"><body><nav>menu</nav><article data-pagefind-body>'
        "<h1>Treinamento</h1><p>A função de perda cai.</p></article></body></html>",
        encoding="utf-8",
    )
    _worker_stub(tmp_path)
    (tmp_path / "404.html").write_text(
        '<html lang="pt"><body><h1>404</h1></body></html>', encoding="utf-8"
    )
    _material_index(tmp_path)
    on_post_build(_config(tmp_path))
    entry = json.loads((tmp_path / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["pt"]["page_count"] == 1
    # A tabela de páginas, escrita no worker: id (fragmento) -> [endereço, título].
    table = _page_table(tmp_path)
    assert list(table.values()) == [["a/", "Treinamento"]]
    assert (tmp_path / f"pagefind/fragment/{next(iter(table))}.pf_fragment").is_file()


def _worker_stub(site: Path) -> None:
    """O worker do tema, só com a vaga da tabela de páginas que o hook preenche."""
    worker = site / WORKER
    worker.parent.mkdir(parents=True, exist_ok=True)
    worker.write_text('"use strict"\nconst PAGES = {}\n', encoding="utf-8")


def _page_table(site: Path) -> dict:
    """A tabela escrita no worker (minificado no site pronto: `const PAGES={...}`)."""
    source = (site / WORKER).read_text(encoding="utf-8")
    found = re.findall(r"const PAGES ?= ?(?=\{)", source)
    assert len(found) == 1, "a tabela de páginas não foi escrita no worker"
    start = source.index(found[0]) + len(found[0])
    table, _ = json.JSONDecoder().raw_decode(source, start)
    return table


def test_built_page_table_lists_every_indexed_page(built_site: Path):
    """Os resultados além dos primeiros vêm só com título: da tabela, sem fragmento."""
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    table = _page_table(built_site)
    assert len(table) == entry["languages"]["pt"]["page_count"]
    fragments = {p.stem for p in (built_site / "pagefind/fragment").iterdir()}
    assert set(table) == fragments
    for url, title in table.values():
        assert (built_site / url / "index.html").is_file(), url
        assert title.strip(), url


def _material_index(site: Path) -> dict:
    index = {
        "config": {"lang": ["pt"], "separator": "[\\s\\-]+"},
        "docs": [{"location": "a/", "title": "Treinamento", "text": "x" * 5000}],
    }
    (site / "search").mkdir(parents=True, exist_ok=True)
    (site / "search/search_index.json").write_text(json.dumps(index), encoding="utf-8")
    return index


def test_material_index_keeps_only_its_config(tmp_path: Path):
    from scripts.hooks.pagefind_index import shrink_material_index

    index = _material_index(tmp_path)
    saved = shrink_material_index(tmp_path)
    shrunk = json.loads((tmp_path / "search/search_index.json").read_text())
    assert shrunk == {"config": index["config"], "docs": []}
    assert saved > 5000


def test_missing_material_index_fails_loudly(tmp_path: Path):
    from mkdocs.exceptions import PluginError

    from scripts.hooks.pagefind_index import shrink_material_index

    with pytest.raises(PluginError, match="search"):
        shrink_material_index(tmp_path)


def test_built_material_index_has_no_documents(built_site: Path):
    index = json.loads((built_site / "search/search_index.json").read_text())
    assert index["docs"] == []
    assert index["config"]["separator"], "the `?h=` highlighter needs the separator"


# --------------------------------------------------------------------------- weights


def test_code_blocks_weigh_less_than_prose():
    from scripts.hooks.search_weights import CODE_WEIGHT, weigh_code_blocks

    html = (
        '<div class="language-python highlight"><pre>x</pre></div>'
        '<div class="md-copyright__highlight">c</div>'
        '<div class="language-text highlight" data-pagefind-weight="4">e</div>'
    )
    out = weigh_code_blocks(html)
    assert out.count(f'data-pagefind-weight="{CODE_WEIGHT}"') == 1
    assert '<div class="md-copyright__highlight">' in out
    assert 'data-pagefind-weight="4"' in out
    assert float(CODE_WEIGHT) < 1.0


def test_built_pages_weigh_code_and_carry_their_description(built_site: Path):
    html = (built_site / "tutoriais/basico/index.html").read_text(encoding="utf-8")
    assert 'class="language-python highlight" data-pagefind-weight="0.3"' in html
    assert 'data-pagefind-meta="keywords[data-search-keywords], description:' in html
    keywords = re.search(r'data-search-keywords="([^"]*)"', html)
    assert keywords and "autograd" in keywords.group(1).split(", ")


def _front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{page}: sem front matter"
    return yaml.safe_load(text.split("\n---", 1)[0][4:]) or {}


def test_every_page_has_search_keywords():
    """Toda página diz por quais palavras quer ser achada (sinônimos, o nome em
    inglês): `search: keywords:` no front matter, uma lista de textos."""
    problems = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        keywords = (_front_matter(page).get("search") or {}).get("keywords")
        if not keywords or not all(isinstance(k, str) and k for k in keywords):
            problems.append(str(page.relative_to(ROOT)))
    assert not problems, f"sem `search: keywords:` (lista de textos): {problems}"


def test_keywords_are_searchable_metadata(built_site: Path):
    """As palavras-chave de busca chegam ao Pagefind como metadado `keywords`."""
    fragments = {}
    for path in (built_site / "pagefind/fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[len(b"pagefind_dcd") :])
        fragments[data["url"]] = data["meta"]
    meta = fragments["/casos-de-uso/gan/"]
    assert "rede adversarial generativa" in meta["keywords"]
    assert meta["title"] == "GANs e modelos generativos"


def test_hook_fails_loudly_without_the_page_table_slot(tmp_path: Path):
    from mkdocs.exceptions import PluginError

    from scripts.hooks.pagefind_index import embed_page_table

    (tmp_path / "w.js").write_text("const PAGES = []\n", encoding="utf-8")
    with pytest.raises(PluginError, match="page table"):
        embed_page_table(tmp_path / "w.js", {})
    with pytest.raises(PluginError, match="missing"):
        embed_page_table(tmp_path / "absent.js", {})


def test_hook_fails_loudly_when_nothing_is_indexed(tmp_path: Path):
    from mkdocs.exceptions import PluginError

    from scripts.hooks.pagefind_index import on_post_build

    with pytest.raises(PluginError, match="Pagefind"):
        on_post_build(_config(tmp_path))

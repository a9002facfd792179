"""Hook do MkDocs: indexa o site construído com o Pagefind.

Por quê: a busca embutida do Material (lunr) não dobra acentos (`funcao` não acha
`função`), não reduz palavras ao radical em português (`treinar` não acha
`treinamento`) e não casa frases com palavras vazias ("out of memory"). O Pagefind
faz as três coisas, roda offline (o binário vem no wheel `pagefind[bin]`) e escolhe o
radicalizador pelo `<html lang="pt">` das páginas.

Como: `on_post_build` roda o Pagefind sobre o `site_dir` recém-construído e grava o
índice em `<site_dir>/pagefind/`. Assim `mkdocs build` e `mkdocs serve` (que chama
o mesmo build a cada mudança) produzem o índice sem passo extra. Só é indexado o
conteúdo marcado com `data-pagefind-body` (o `<article>` de cada página, ver
`overrides/main.html`): menus, cabeçalho e rodapé ficam fora, e páginas sem o
atributo (a 404) também. A interface continua a do Material: o worker
`overrides/assets/javascripts/pagefind-material-worker.js` responde às consultas do
campo de busca com o Pagefind.

Registrado em `mkdocs.yml`, em `hooks:`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.pagefind_index")

#: Pasta do índice dentro do site; o worker da busca a procura em `../../pagefind/`.
OUTPUT_SUBDIR = "pagefind"

#: O que fica fora do índice mesmo dentro do conteúdo: o "¶" dos links permanentes
#: dos títulos (apareceria em todo título de seção dos resultados).
EXCLUDE_SELECTORS = [".headerlink"]

#: Interfaces prontas que o Pagefind grava junto com o índice e que este site não usa
#: (a interface é a do Material): cerca de 420 KB a menos no site publicado.
UNUSED_UI = [
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-highlight.js",
]  # fmt: skip


async def _index_site(site_dir: Path) -> dict[str, int]:
    # Importado aqui: o pacote só é necessário quando o site é de fato construído.
    from pagefind.index import IndexConfig, PagefindIndex

    output = site_dir / OUTPUT_SUBDIR
    config = IndexConfig(exclude_selectors=EXCLUDE_SELECTORS, output_path=str(output))
    async with PagefindIndex(config=config) as index:
        # O `glob` padrão (`**/*.{html}`) basta: páginas sem `data-pagefind-body`
        # (a 404) são lidas mas não entram no índice.
        await index.add_directory(str(site_dir))
    for name in UNUSED_UI:
        (output / name).unlink(missing_ok=True)
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: info["page_count"] for lang, info in entry["languages"].items()}


def _run_coroutine(coro):
    """Roda `coro` até o fim, mesmo quando a thread atual já tem um event loop.

    Quem chama o build de dentro de um loop ativo (a API síncrona do Playwright num
    teste, por exemplo) não pode usar `asyncio.run` nessa thread; então o índice é
    feito numa thread própria.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    """Gera `<site_dir>/pagefind/` a partir do HTML construído.

    Args:
        config: configuração do MkDocs (usa `site_dir`).
        **kwargs: demais argumentos do evento, não usados.

    Raises:
        PluginError: se o Pagefind falhar ou não indexar nenhuma página (busca
            quebrada não pode passar despercebida num build `--strict`).
    """
    site_dir = Path(config["site_dir"]).resolve()
    start = time.perf_counter()
    try:
        languages = _run_coroutine(_index_site(site_dir))
    except Exception as exc:  # o serviço do Pagefind levanta vários tipos de erro
        raise PluginError(f"Pagefind falhou ao indexar {site_dir}: {exc}") from exc
    pages = sum(languages.values())
    if pages == 0:
        raise PluginError(
            "Pagefind não indexou nenhuma página: falta `data-pagefind-body` no tema?"
        )
    log.info(
        "Pagefind indexou %d páginas (%s) em %.1f s",
        pages,
        ", ".join(sorted(languages)),
        time.perf_counter() - start,
    )

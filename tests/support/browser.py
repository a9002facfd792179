"""Apoio aos testes em navegador: servidor local, Chromium headless e objetos de página.

O site é servido por um `http.server` da biblioteca padrão numa porta livre de
127.0.0.1, em dois endereços ao mesmo tempo: na raiz (`/`) e num subcaminho
(`/sub/kb/`), para provar que links e busca funcionam quando o site não mora na raiz
do domínio. `Session` (uma aba que registra erros e requisições externas) e
`SearchBox` (o campo de busca do Material, dirigido como um leitor) são os objetos de
página dos testes. O Chromium é o do sistema (`/usr/bin/chromium`, pacote Debian): o
download de navegadores do Playwright não é usado.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.support import ROOT

#: Subcaminho em que o site também é servido.
SUBPATH = "/sub/kb/"

#: Onde os testes deixam capturas de tela (pasta ignorada pelo git).
ARTIFACTS = ROOT / "test-artifacts"

#: Os únicos hosts que uma página pode pedir.
LOCAL_HOSTS = {"127.0.0.1"}

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

INSTALL_HINT = (
    "Chromium não encontrado ({where}). Instale o pacote do sistema: "
    "`sudo apt-get install chromium` (Debian/Ubuntu), ou aponte CHROMIUM_PATH para "
    "o executável."
)


def chromium_path() -> str | None:
    """O executável do Chromium: `CHROMIUM_PATH`, o pacote Debian ou o `PATH`."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def require_browser() -> str:
    """Devolve o Chromium ou pula o teste; em CI (`CI=true`) a falta dele é falha.

    Returns:
        O caminho do executável.
    """
    path = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - o venv de desenvolvimento tem playwright
        message = "playwright não instalado: `make test` instala requirements/dev.txt"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    if path is None:
        message = INSTALL_HINT.format(
            where=os.environ.get("CHROMIUM_PATH") or ", ".join(CHROMIUM_CANDIDATES)
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true exige os testes em navegador. {message}")
        pytest.skip(message)
    return path


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serve o diretório do site em `/` e também em `SUBPATH`, sem log no stderr."""

    def translate_path(self, path: str) -> str:
        if path.startswith(SUBPATH):
            path = "/" + path[len(SUBPATH) :]
        return super().translate_path(path)

    def log_message(self, format: str, *args) -> None:  # a assinatura da stdlib
        pass


@contextmanager
def serve_site(directory: Path) -> Iterator[str]:
    """Serve `directory` em 127.0.0.1 numa porta livre.

    Args:
        directory: pasta do site construído.

    Yields:
        A URL da raiz, como `http://127.0.0.1:PORTA/`.
    """
    handler = functools.partial(_SiteHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ------------------------------------------------------------ objetos de página


#: Watches the search worker's messages (install before the page loads:
#: `context.add_init_script` or `page.add_init_script`). `sent` counts the queries
#: Material sends; `listed` and `answered` are the value of `sent` when the first
#: and the complete answer to the latest query arrived. The worker answers a query
#: twice: titles at once (`partial`: the same pages in the same order), then
#: excerpts and sections once typing pauses.
SEARCH_MESSAGES = """(() => {
    const Base = window.Worker
    const state = window.__search = {
        sent: 0, last: null, listed: -1, answered: -1, answers: []
    }
    window.Worker = class extends Base {
        constructor(...args) {
            super(...args)
            this.addEventListener("message", ev => {
                const data = ev.data && ev.data.type === 3 ? ev.data.data : null
                if (data && data.query === state.last) {
                    // the last answers: complete or not, and their pages in order
                    state.answers = state.answers.slice(-9).concat([{
                        partial: Boolean(data.partial),
                        pages: data.items.map(group => group[0].location.split("#")[0]),
                    }])
                    state.listed = state.sent
                    if (!data.partial)
                        state.answered = state.sent
                }
            })
        }
        postMessage(message, ...rest) {
            if (message && message.type === 2) {
                state.sent++
                state.last = message.data
            }
            return super.postMessage(message, ...rest)
        }
    }
})()"""
#: True once a query was sent after `[n, key]` and its answer (`key`: `listed` for
#: the first one, `answered` for the complete one) arrived.
ANSWERED_AFTER = """([n, key]) =>
    window.__search.sent > n && window.__search[key] === window.__search.sent"""


class Session:
    """Uma aba reutilizada, com o que ela registrou: erros e requisições externas."""

    def __init__(self, browser) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            color_scheme="light", viewport={"width": 1280, "height": 900}
        )
        self.context.route("**/*", self._route)
        self.context.add_init_script(SEARCH_MESSAGES)
        self.page = self.context.new_page()
        # Mensagens do worker da busca também chegam por aqui.
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("response", self._response)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console.error em {self.page.url}: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def take_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors

    def close(self) -> None:
        self.context.close()


META_IS = (
    "p => document.querySelector('.md-search-result__meta').textContent.trim() === p"
)
META_IS_NOT = META_IS.replace("=== p", "!== p")
SEARCH_OPEN = (
    "() => document.getElementById('__search').checked"
    " && document.activeElement?.dataset.mdComponent === 'search-query'"
)
SEARCH_CLOSED = "() => !document.getElementById('__search').checked"
SUGGESTION = "s => document.querySelector('.md-search__suggest').textContent === s"
RESULT_LINKS = """els => els.map(li =>
    [...li.querySelectorAll('a.md-search-result__link')].map(a => ({
        href: a.href,
        score: parseFloat(a.firstElementChild.getAttribute('data-md-score')),
    })))"""


class SearchBox:
    """Dirige o campo de busca do Material como um leitor: tecla `/`, digita, lê."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.input = page.locator("[data-md-component=search-query]")
        config = json.loads(page.locator("#__config").text_content())
        self.placeholder = config["translations"]["search.result.placeholder"]
        if not page.evaluate("() => Boolean(window.__search)"):
            raise RuntimeError(
                "SearchBox needs SEARCH_MESSAGES installed before the page loads "
                "(context.add_init_script or page.add_init_script)"
            )

    def sent(self) -> int:
        """How many queries Material has sent to the search worker."""
        return self.page.evaluate("() => window.__search.sent")

    def wait_answered(self, sent_before: int, complete: bool = True) -> None:
        """Wait for the answer to the latest query sent after `sent_before`.

        `complete=False`: the first answer (the pages, in their final order, by
        title), enough for a test of ranking; the complete one also has excerpts
        and sections.
        """
        key = "answered" if complete else "listed"
        self.page.wait_for_function(ANSWERED_AFTER, arg=[sent_before, key])

    def open(self) -> None:
        self.page.keyboard.press("/")
        self.page.wait_for_function(SEARCH_OPEN)

    def clear(self) -> None:
        # O Material lê o campo no `keyup` e pergunta ao worker; a lista muda quando
        # a resposta chega. Passar por "" (que mostra o texto inicial) antes de cada
        # consulta garante que o que se lê depois é a resposta da consulta seguinte.
        self.input.fill("")
        self.input.press("End")
        self.page.wait_for_function(META_IS, arg=self.placeholder)

    def search(self, query: str, complete: bool = True) -> list[dict]:
        """Escreve `query` no campo e devolve os resultados na ordem da tela.

        `complete=False` lê a primeira resposta (só as páginas, pelo título: a mesma
        ordem), sem esperar trechos e seções.

        Returns:
            Um dicionário por página: `page` (URL relativa à base do site, sem `?h=`
            nem âncora) e `links` (href e `data-md-score` da página e das seções,
            na ordem da tela).
        """
        self.clear()
        before = self.sent()
        self.input.fill(query)
        self.input.press("End")
        self.wait_answered(before, complete)
        self.page.wait_for_function(META_IS_NOT, arg=self.placeholder)
        return self.results()

    def type(self, query: str) -> list[dict]:
        """Digita tecla a tecla (cada tecla, uma consulta); lê a resposta da última."""
        self.clear()
        before = self.sent()
        self.input.press_sequentially(query, delay=30)
        self.wait_answered(before)
        self.page.wait_for_function(META_IS_NOT, arg=self.placeholder)
        return self.results()

    def results(self) -> list[dict]:
        items = self.page.locator(".md-search-result__item").evaluate_all(RESULT_LINKS)
        return [
            {"page": self.relative(links[0]["href"]), "links": links} for links in items
        ]

    def marked(self) -> set[str]:
        """As palavras destacadas (<mark>) nos trechos dos resultados."""
        marks = self.page.locator(".md-search-result mark").all_text_contents()
        return {re.sub(r"^\W+|\W+$", "", m).lower() for m in marks}

    def relative(self, href: str) -> str:
        path = unquote(urlsplit(href).path)
        base_path = urlsplit(self.base).path
        assert path.startswith(base_path), f"{href} saiu da base do site {self.base}"
        return path[len(base_path) :] or "./"

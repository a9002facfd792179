"""Apoio aos testes em navegador: servidor local do site construído e Chromium headless.

O site é servido por um `http.server` da biblioteca padrão numa porta livre de
127.0.0.1, em dois endereços ao mesmo tempo: na raiz (`/`) e num subcaminho
(`/sub/kb/`), para provar que links e busca funcionam quando o site não mora na raiz
do domínio. O Chromium é o do sistema (`/usr/bin/chromium`, pacote Debian): o
download de navegadores do Playwright não é usado.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

#: Subcaminho em que o site também é servido.
SUBPATH = "/sub/kb/"

#: Onde os testes deixam capturas de tela (pasta ignorada pelo git).
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

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

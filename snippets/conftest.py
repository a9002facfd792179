"""Infraestrutura de testes dos snippets.

- `device`: cada teste que o pede roda em `cpu` e em `cuda`. Sem CUDA, o caso `cuda` é
  pulado; com `SNIPPETS_REQUIRE_GPU=1` ele falha, para que um runner de GPU quebrado
  não passe pulando.
- `@pytest.mark.gpu`: caminhos que só existem em CUDA (fp16 + GradScaler), mesma regra.
- Sementes fixas antes de cada teste (resultados determinísticos).
- Rede bloqueada: só loopback (usado pelo DDP com gloo). Qualquer download falha com
  uma mensagem clara em vez de travar ou baixar pesos.
"""

from __future__ import annotations

import ipaddress
import os
import random
import socket

import pytest
import torch

REQUIRE_GPU = os.environ.get("SNIPPETS_REQUIRE_GPU") == "1"


class NetworkBlockedError(RuntimeError):
    """Levantada quando um teste tenta acessar a rede."""


def require_cuda() -> None:
    """Pula (ou falha, sob `SNIPPETS_REQUIRE_GPU=1`) quando não há CUDA."""
    if torch.cuda.is_available():
        return
    if REQUIRE_GPU:
        pytest.fail(
            "SNIPPETS_REQUIRE_GPU=1, mas torch.cuda.is_available() é False "
            f"(torch {torch.__version__}, CUDA compilado: {torch.version.cuda}). "
            "Este runner deveria ter uma GPU: verifique o driver e a build do torch.",
            pytrace=False,
        )
    pytest.skip("CUDA indisponível nesta máquina")


def pytest_configure(config: pytest.Config) -> None:
    # Com pytest-xdist, cada worker usaria todos os núcleos: divide-os entre os workers
    # para que as threads do torch não disputem a CPU (a suíte fica várias vezes mais
    # lenta com disputa em máquinas pequenas).
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if workers:
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(workers)))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("gpu") is not None:
        require_cuda()


@pytest.fixture(params=["cpu", pytest.param("cuda", marks=pytest.mark.gpu)])
def device(request: pytest.FixtureRequest) -> torch.device:
    """O dispositivo do teste: `cpu` sempre, `cuda` quando existe (ou exigido)."""
    return torch.device(request.param)


@pytest.fixture(autouse=True)
def _seed() -> None:
    random.seed(0)
    torch.manual_seed(0)  # também semeia todas as GPUs


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:  # socket AF_UNIX: caminho ou bytes, nunca sai da máquina
        return True
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _blocked(what: str) -> NetworkBlockedError:
    return NetworkBlockedError(
        f"Acesso à rede bloqueado nos testes ({what}). Os snippets rodam offline: "
        "use weights=None, dados sintéticos ou torchvision.datasets.FakeData "
        "em vez de baixar pesos ou datasets."
    )


@pytest.fixture(autouse=True, scope="session")
def _no_network():
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        if not _is_loopback(address):
            raise _blocked(f"connect {address!r}")
        return real_connect(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback((host,)):
            if isinstance(host, bytes):
                host = host.decode()
            raise _blocked(f"resolução de {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", guarded_connect)
    mp.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield
    mp.undo()


_NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


@pytest.fixture
def printed_output(capsys: pytest.CaptureFixture[str]):
    """Roda `module.main()` e compara o que ele imprime com o que a página mostra.

    O arquivo é `output/<módulo>.txt` ao lado do módulo. Números são comparados só em
    forma (perdas e acurácias variam entre CPU, GPU e versões do torch); o texto, as
    linhas e a ordem têm de ser iguais. `SNIPPETS_UPDATE_OUTPUT=1` regrava o arquivo.
    """
    import re
    from pathlib import Path

    def check(module) -> str:
        module.main()
        out = capsys.readouterr().out
        path = (
            Path(module.__file__).parent
            / "output"
            / (Path(module.__file__).stem + ".txt")
        )
        if os.environ.get("SNIPPETS_UPDATE_OUTPUT") == "1":
            path.parent.mkdir(exist_ok=True)
            path.write_text(out, encoding="utf-8")
        assert path.exists(), f"{path} não existe: rode com SNIPPETS_UPDATE_OUTPUT=1"

        def shape(text: str) -> list[str]:
            return [re.sub(_NUMBER, "<n>", line) for line in text.splitlines()]

        assert shape(out) == shape(path.read_text(encoding="utf-8")), (
            f"A saída de {module.__name__}.main() mudou; a página mostra {path}. "
            "Rode SNIPPETS_UPDATE_OUTPUT=1 pytest snippets para atualizar."
        )
        return out

    return check

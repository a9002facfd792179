"""Infraestrutura de testes dos snippets.

- `device`: cada teste que o pede roda em `cpu` e em `cuda`. Sem CUDA, o caso `cuda` é
  pulado; com `SNIPPETS_REQUIRE_GPU=1` ele falha, para que um runner de GPU quebrado
  não passe pulando.
- `@pytest.mark.gpu`: caminhos que só existem em CUDA (fp16 + GradScaler), mesma regra.
- Sementes fixas antes de cada teste (resultados determinísticos).
- Rede bloqueada: só loopback (usado pelo DDP com gloo). Qualquer download falha com
  uma mensagem clara em vez de travar ou baixar pesos.
- `golden` e `printed_output`: os arquivos de referência que as páginas mostram,
  conferidos contra o que o código produz; `--update-output` (ou
  `SNIPPETS_UPDATE_OUTPUT=1`) os regrava (`scripts/verification/golden.py`).
"""

from __future__ import annotations

import ipaddress
import os
import random
import socket
from pathlib import Path

import pytest
import torch

from scripts.verification import golden as golden_files
from scripts.verification.machine import machine_class
from scripts.verification.site import declared_minimum, torch_older_than

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
            "Este runner deveria ter uma GPU: verifique o driver e o build do torch.",
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


class _NeedsNewerTorch(pytest.Item):
    """Fica no lugar dos testes de um módulo que declara `MINIMUM_TORCH` acima deste."""

    def __init__(self, *, reason: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def runtest(self) -> None:
        pytest.skip(self.reason)

    def reportinfo(self):
        return self.path, None, self.name


class _NeedsNewerTorchFile(pytest.File):
    def __init__(self, *, reason: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reason = reason

    def collect(self):
        yield _NeedsNewerTorch.from_parent(
            self, name="requires_newer_torch", reason=self.reason
        )


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector):
    """Pula, com o motivo, os testes de um módulo que pede um torch mais novo.

    O arquivo de teste nem é importado: ele importaria o módulo, que pode usar uma
    API que este torch não tem. O motivo aparece no relatório e no registro.
    """
    if not module_path.name.startswith("test_"):
        return None
    example = module_path.with_name(module_path.name.removeprefix("test_"))
    minimum = declared_minimum(example)
    if minimum is None or not torch_older_than(torch.__version__, minimum):
        return None
    reason = (
        f"{example.name} declara MINIMUM_TORCH = {minimum!r}: requer torch >= "
        f"{minimum}, e este é o {torch.__version__}"
    )
    return _NeedsNewerTorchFile.from_parent(parent, path=module_path, reason=reason)


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


#: Tolerância padrão entre a saída nova e a registrada, na mesma classe de máquina
#: (`scripts/verification/machine.py`: build do torch, fabricante e instruções da
#: CPU, ramo da BLAS, número de threads): ali o treino é determinístico com as
#: sementes fixas, e a folga só cobre o arredondamento da impressão. Quem precisar de
#: mais diz por quê, ao chamar.
DEFAULT_REL_TOL = 1e-4

#: A raiz do repositório: os registros nomeiam os módulos a partir dela.
REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    # `--update-output`: regrava os arquivos de referência (`SNIPPETS_UPDATE_OUTPUT=1`
    # liga a mesma chave).
    golden_files.add_option(parser)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> golden_files.Golden:
    """Os arquivos de referência que as páginas mostram, com uma chave só.

    `golden.check(caminho, texto)` exige o texto exato;
    `golden.check_numbers(...)` compara uma saída impressa (números por valor);
    `golden.update` e `golden.read` servem a quem compara do seu jeito. Com
    `--update-output` (ou `SNIPPETS_UPDATE_OUTPUT=1`) os arquivos são regravados;
    sem a chave, regravar falha, e um arquivo que falta falha com o comando que o cria.
    """
    return golden_files.Golden.for_test(request, REPO_ROOT)


@pytest.fixture
def printed_output(
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
    golden: golden_files.Golden,
):
    """Roda `module.main()` e compara o que ele imprime com o que a página mostra.

    O arquivo é `output/<módulo>.txt` ao lado do módulo. O texto tem de ser igual;
    os números são comparados por valor, com a tolerância dada (padrão
    `DEFAULT_REL_TOL`), só na classe de máquina que gravou o arquivo
    (`snippets/output_environments.json`). Em outra classe (outra CPU, outra BLAS,
    outro número de threads, uma GPU, outro torch) os kernels são outros e os números
    mudam nas últimas casas: ali o texto e a posição de cada número são conferidos, e
    os outros testes do exemplo (a perda cai, a acurácia fica na faixa) continuam
    valendo. `--update-output` regrava o arquivo que mudou e a classe dele.
    """

    def check(module, *, rel: float = DEFAULT_REL_TOL, abs_: float = 0.0) -> str:
        module.main()
        out = capsys.readouterr().out
        source = Path(module.__file__).resolve()
        name = source.relative_to(REPO_ROOT).as_posix()
        # O plugin do gravador (scripts/verification) guarda a saída no registro.
        request.node.user_properties.append(
            (
                "printed_output",
                {"module": name, "text": out, "machine": machine_class()},
            )
        )
        golden.check_numbers(
            source.parent / "output" / (source.stem + ".txt"),
            out,
            module=name,
            what=f"{module.__name__}.main()",
            rel=rel,
            abs_=abs_,
        )
        return out

    return check

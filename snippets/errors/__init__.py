"""Catálogo das mensagens de erro reproduzidas nas páginas de `docs/erros/`.

Fica no `__init__` do pacote porque é infraestrutura dos testes, não um exemplo
mostrado numa página.

Cada entrada liga um erro a uma função `<slug>_error()` do módulo da sua categoria
(`snippets/errors/<categoria>.py`), que o reproduz, e ao trecho estável da mensagem
(sem números, formas nem nomes de dispositivo), que os testes exigem com
`pytest.raises(Tipo, match=...)`. A função `<slug>_fixed()` do mesmo módulo é a
versão corrigida.

`collect_messages()` roda cada reprodução possível nesta máquina e devolve o tipo e o
texto exatos da exceção: é o que os testes gravam em `messages/<categoria>.json`
(com `--update-output` ou `SNIPPETS_UPDATE_OUTPUT=1`) e comparam com o que está
gravado, e o que um gravador de verificação por runner pode chamar. As páginas
mostram o texto gravado (`scripts/verification/error_render.py`), nunca digitado à
mão.
"""

# A tabela ENTRIES fica com uma entrada por linha, mais fácil de ler e de comparar.
# ruff: noqa: E501

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch

#: Pasta dos registros de mensagens (um JSON por categoria).
MESSAGES = Path(__file__).resolve().parent / "messages"

#: Categorias, na ordem das páginas (nome do módulo em `snippets/errors/`).
CATEGORIES = (
    "shapes",
    "dtypes",
    "autograd",
    "devices",
    "data",
    "checkpoints",
    "modules",
)

#: Onde cada reprodução roda: em qualquer máquina; só com uma GPU CUDA; só num
#: build do torch com CUDA sem GPU visível (o erro não existe com GPU).
ANY, GPU, CUDA_BUILD_WITHOUT_GPU, WITHOUT_GPU = (
    "any",
    "gpu",
    "cuda-build-no-gpu",
    "no-gpu",
)


@dataclass(frozen=True)
class Entry:
    """Um erro do índice.

    Attributes:
        category: módulo da categoria em `snippets/errors/` (`shapes`, `dtypes`...).
        slug: identificador (âncora na página, nome das seções `error-<slug>` e
            `fix-<slug>`).
        exc_type: o tipo exato da exceção.
        stable: trecho literal da mensagem que não depende de números nem de
            dispositivos; o teste exige que a mensagem o contenha.
        needs: onde a reprodução roda (`ANY`, `GPU`, `CUDA_BUILD_WITHOUT_GPU`,
            `WITHOUT_GPU`).
        isolated: roda num processo próprio (um assert de dispositivo deixa o
            contexto CUDA inutilizável para o resto do processo).
        warns: trecho de um `UserWarning` que o torch emite antes do erro.
        since: a versão mais antiga do torch em que o site verificou a mensagem
            (e o aviso) da página. Num torch mais antigo o mesmo tipo de erro vem
            com outro texto (ou sem o aviso): o teste exige essa diferença, e o
            registro dessa versão guarda o texto, que a página mostra. Se uma
            versão mais antiga verificada já levantar o texto da página, o teste
            falha e pede para baixar `since`.
        by_python: quando o tipo da exceção depende da versão do Python, pares
            `(versão, tipo)`: o tipo levantado a partir de cada versão, da mais
            antiga à mais nova. `exc_type` é o tipo do Python que está rodando.
    """

    category: str
    slug: str
    exc_type: type[BaseException]
    stable: str
    needs: str = ANY
    isolated: bool = False
    warns: str | None = None
    since: str | None = None
    by_python: tuple[tuple[str, str], ...] = ()

    @property
    def function(self) -> str:
        """Nome da função que reproduz o erro."""
        return self.slug.replace("-", "_") + "_error"

    @property
    def fixed(self) -> str:
        """Nome da função corrigida."""
        return self.slug.replace("-", "_") + "_fixed"

    @property
    def type_name(self) -> str:
        """O tipo como o Python o escreve no traceback (`torch.OutOfMemoryError`)."""
        return type_name(self.exc_type)

    def runs_here(self) -> bool:
        """Se esta máquina consegue reproduzir o erro."""
        has_gpu = torch.cuda.is_available()
        if self.needs == GPU:
            return has_gpu
        if self.needs == CUDA_BUILD_WITHOUT_GPU:
            return torch.version.cuda is not None and not has_gpu
        if self.needs == WITHOUT_GPU:
            return not has_gpu
        return True


def type_name(cls: type[BaseException]) -> str:
    """`RuntimeError`, `torch.OutOfMemoryError`, `_pickle.UnpicklingError`."""
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _accelerator_error() -> type[BaseException]:
    # Erros de CUDA têm classe própria desde o torch 2.8 (subclasse de RuntimeError).
    return getattr(torch, "AcceleratorError", RuntimeError)


#: O tipo do erro do `pickle` com um objeto local, por versão do Python: até o 3.13,
#: `AttributeError`; a partir do 3.14, `PicklingError` (python/cpython#139806, que
#: aponta a mudança de python/cpython#122771).
LOCAL_OBJECT_PICKLING = (("3.10", "AttributeError"), ("3.14", "_pickle.PicklingError"))


def _local_object_pickling_error() -> type[BaseException]:
    import pickle

    return pickle.PicklingError if sys.version_info >= (3, 14) else AttributeError


def _unpickling_error() -> type[BaseException]:
    import pickle

    return pickle.UnpicklingError


ENTRIES: tuple[Entry, ...] = (
    # Formas (shapes)
    Entry("shapes", "matmul", RuntimeError, "mat1 and mat2 shapes cannot be multiplied"),
    Entry("shapes", "conv-channels", RuntimeError, "channels, but got"),
    Entry("shapes", "conv-input-dims", RuntimeError, "(batched) input to conv2d, but got input of size"),
    Entry("shapes", "view-stride", RuntimeError, "view size is not compatible with input tensor's size and stride"),
    Entry("shapes", "reshape-invalid", RuntimeError, "is invalid for input of size"),
    Entry("shapes", "broadcast", RuntimeError, "must match the size of tensor b"),
    Entry("shapes", "stack", RuntimeError, "stack expects each tensor to be equal size"),
    Entry("shapes", "lstm-input-size", RuntimeError, "input.size(-1) must be equal to input_size"),
    Entry("shapes", "pooling-too-small", RuntimeError, "Output size is too small"),
    Entry("shapes", "batch-size-mismatch", ValueError, "to match target batch_size"),
    Entry("shapes", "bce-target-size", ValueError, "must be the same as input size"),
    Entry("shapes", "bceloss-target-size", ValueError, "that is different to the input size"),
    Entry("shapes", "multi-target", RuntimeError, "0D or 1D target tensor expected, multi-target not supported"),
    # Tipos (dtypes)
    Entry("dtypes", "double-float", RuntimeError, "mat1 and mat2 must have the same dtype"),
    Entry("dtypes", "conv-dtype", RuntimeError, "should be the same"),
    Entry("dtypes", "target-dtype", RuntimeError, "expected target dtype to be Long or Byte", since="2.14"),
    Entry("dtypes", "embedding-indices", RuntimeError, "'indices' to have one of the following scalar types: Long, Int"),
    Entry("dtypes", "result-type-cast", RuntimeError, "can't be cast to the desired output type"),
    # Autograd
    Entry("autograd", "backward-twice", RuntimeError, "Trying to backward through the graph a second time"),
    Entry("autograd", "no-grad-fn", RuntimeError, "does not require grad and does not have a grad_fn"),
    Entry("autograd", "inplace-saved", RuntimeError, "one of the variables needed for gradient computation has been modified by an inplace operation"),
    Entry("autograd", "inplace-leaf", RuntimeError, "a leaf Variable that requires grad is being used in an in-place operation"),
    Entry("autograd", "numpy-requires-grad", RuntimeError, "Can't call numpy() on Tensor that requires grad"),
    Entry("autograd", "scalar-outputs", RuntimeError, "grad can be implicitly created only for scalar outputs"),
    Entry("autograd", "bool-ambiguous", RuntimeError, "Boolean value of Tensor with more than one value is ambiguous"),
    Entry("autograd", "item-scalar", RuntimeError, "cannot be converted to Scalar"),
    # Dispositivos
    Entry("devices", "device-mismatch", RuntimeError, "Expected all tensors to be on the same device", GPU),
    Entry("devices", "device-mismatch-meta", RuntimeError, "is not on the expected device"),
    Entry("devices", "conv-device", RuntimeError, "and weight type"),
    Entry("devices", "numpy-cuda", TypeError, "device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first", GPU),
    Entry("devices", "cuda-oom", torch.OutOfMemoryError, "CUDA out of memory. Tried to allocate", GPU),
    Entry("devices", "cpu-oom", RuntimeError, "DefaultCPUAllocator: can't allocate memory"),
    Entry("devices", "device-side-assert", _accelerator_error(), "device-side assert triggered", GPU, isolated=True),
    Entry("devices", "no-nvidia-driver", RuntimeError, "Found no NVIDIA driver on your system", CUDA_BUILD_WITHOUT_GPU),
    # Dados
    Entry("data", "target-out-of-bounds", IndexError, "is out of bounds"),
    Entry("data", "batchnorm-one-sample", ValueError, "Expected more than 1 value per channel when training"),
    Entry("data", "collate-pil", TypeError, "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists"),
    Entry("data", "worker-pickle", _local_object_pickling_error(), "Can't pickle local object", warns="Got pickle error when attempting to start a worker Process", since="2.14", by_python=LOCAL_OBJECT_PICKLING),
    # Checkpoints
    Entry("checkpoints", "weights-only", _unpickling_error(), "Weights only load failed"),
    Entry("checkpoints", "module-prefix", RuntimeError, "Unexpected key(s) in state_dict"),
    Entry("checkpoints", "size-mismatch", RuntimeError, "copying a param with shape"),
    Entry("checkpoints", "cuda-checkpoint", RuntimeError, "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False", WITHOUT_GPU),
    # Módulos e otimizador
    Entry("modules", "empty-parameters", ValueError, "optimizer got an empty parameter list"),
    Entry("modules", "missing-forward", NotImplementedError, "is missing the required \"forward\" function"),
    Entry("modules", "super-init", AttributeError, "cannot assign module before Module.__init__() call"),
    Entry("modules", "forward-arguments", TypeError, "forward() takes 2 positional arguments but 3 were given"),
)  # fmt: skip


def entries(category: str | None = None) -> list[Entry]:
    """As entradas de uma categoria (ou todas), na ordem das páginas."""
    return [e for e in ENTRIES if category is None or e.category == category]


def entry(slug: str) -> Entry:
    """A entrada de um slug."""
    for e in ENTRIES:
        if e.slug == slug:
            return e
    raise KeyError(slug)


def function(e: Entry, fixed: bool = False):
    """A função que reproduz o erro (ou a corrigida)."""
    module = importlib.import_module(f"snippets.errors.{e.category}")
    return getattr(module, e.fixed if fixed else e.function)


def _call_isolated(e: Entry) -> tuple[str, str]:
    code = (
        "import json, sys\n"
        "from snippets import errors as catalog\n"
        f"e = catalog.entry({e.slug!r})\n"
        "try:\n"
        "    catalog.function(e)()\n"
        "except BaseException as exc:\n"
        "    print(json.dumps([catalog.type_name(type(exc)), str(exc)]))\n"
        "else:\n"
        "    print(json.dumps(None))\n"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    lines = proc.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else None
    if result is None:
        raise AssertionError(
            f"{e.slug}: {e.function}() não levantou exceção no processo isolado "
            f"(código {proc.returncode}):\n{proc.stderr[-2000:]}"
        )
    return result[0], result[1]


def raised(e: Entry) -> tuple[str, str]:
    """Roda a reprodução e devolve `(tipo, mensagem)` da exceção levantada.

    Avisos emitidos antes do erro (o DataLoader avisa antes de falhar ao serializar
    o worker) não interessam aqui: os testes de cada entrada os conferem.

    Raises:
        AssertionError: se a função não levantar nada.
    """
    if e.isolated:
        return _call_isolated(e)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            function(e)()
    except BaseException as exc:  # o que for levantado é o que se registra
        return type_name(type(exc)), str(exc)
    raise AssertionError(f"{e.slug}: {e.function}() não levantou exceção")


def collect_messages(category: str | None = None) -> dict[str, tuple[str, str]]:
    """`{slug: (tipo, mensagem)}` de toda reprodução possível nesta máquina."""
    return {e.slug: raised(e) for e in entries(category) if e.runs_here()}


def runner() -> str:
    """`gpu` com CUDA visível, senão `cpu`."""
    return "gpu" if torch.cuda.is_available() else "cpu"


def record(category: str) -> dict:
    """O registro de uma categoria como `messages/<categoria>.json` o guarda.

    Toda entrada aparece, com o trecho estável; `message` é `None` quando a
    reprodução não roda nesta máquina (`needs` diz onde roda).
    """
    messages = collect_messages(category)
    return {
        "runner": runner(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "entries": {
            e.slug: {
                "type": messages[e.slug][0] if e.slug in messages else e.type_name,
                "stable": e.stable,
                "needs": e.needs,
                "message": messages[e.slug][1] if e.slug in messages else None,
                # Só nas entradas cujo tipo muda com a versão do Python.
                **(
                    {"by_python": [list(p) for p in e.by_python]} if e.by_python else {}
                ),
            }
            for e in entries(category)
        },
    }


def record_path(category: str) -> Path:
    """`snippets/errors/messages/<categoria>.json`."""
    return MESSAGES / f"{category}.json"


def load_record(category: str) -> dict:
    """O registro gravado de uma categoria."""
    return json.loads(record_path(category).read_text(encoding="utf-8"))


def record_text(data: dict) -> str:
    """O registro como é gravado (JSON legível, chaves na ordem do catálogo)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

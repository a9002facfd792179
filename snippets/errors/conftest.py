"""Infraestrutura dos testes de `snippets/errors/`.

- Todo teste que pede `error_entry` roda uma vez por entrada do catálogo da categoria
  do arquivo (`test_shapes.py` -> `shapes`), com o slug no nome do teste
  (`test_error_raises_the_message_shown[matmul]`): uma mensagem que mudou nomeia a
  entrada. Entradas só de GPU levam a marca `gpu`.
- `raises_entry(entry)`: a reprodução levanta exatamente o tipo do catálogo, com o
  trecho estável da mensagem.
- `message_record(categoria)`: as mensagens levantadas agora são exatamente as de
  `messages/<categoria>.json` (que as páginas mostram); `--update-output` (ou
  `SNIPPETS_UPDATE_OUTPUT=1`) regrava o arquivo, pelo fixture `golden`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch

from scripts.verification.site import torch_older_than
from snippets import errors as catalog


def _category(module_path: str) -> str:
    return Path(module_path).stem.removeprefix("test_")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "error_entry" not in metafunc.fixturenames:
        return
    category = _category(metafunc.module.__file__)
    params = [
        pytest.param(
            e, id=e.slug, marks=[pytest.mark.gpu] if e.needs == catalog.GPU else []
        )
        for e in catalog.entries(category)
    ]
    assert params, f"nenhuma entrada do catálogo para a categoria {category!r}"
    metafunc.parametrize("error_entry", params)


@pytest.fixture
def raises_entry(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """Confere que a reprodução de uma entrada levanta o erro que a página mostra.

    A mensagem levantada vai para o registro do runner (`verification/<runner>.json`,
    pelo plugin do gravador): é ela que a página mostra, com a versão do torch.
    """

    def check(entry: catalog.Entry) -> tuple[str, str]:
        type_name, message = _check(entry)
        request.node.user_properties.append(
            (
                "error_message",
                {
                    "module": f"snippets/errors/{entry.category}.py",
                    "slug": entry.slug,
                    "type": type_name,
                    "message": message,
                },
            )
        )
        return type_name, message

    def _check(entry: catalog.Entry) -> tuple[str, str]:
        if entry.needs == catalog.CUDA_BUILD_WITHOUT_GPU and not entry.runs_here():
            pytest.skip(
                f"{entry.slug}: só se reproduz com um build do torch com CUDA e sem "
                f"GPU visível (aqui: torch {torch.__version__}, "
                f"GPU: {torch.cuda.is_available()})"
            )
        if entry.needs == catalog.WITHOUT_GPU and torch.cuda.is_available():
            # Numa máquina com GPU, simula a máquina sem GPU em que o erro acontece.
            monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        if entry.isolated:
            type_name, message = catalog.raised(entry)
            assert type_name == entry.type_name, (entry.slug, type_name, message)
            assert entry.stable in message, (entry.slug, message)
            return type_name, message
        function = catalog.function(entry)
        if entry.since and torch_older_than(torch.__version__, entry.since):
            return _check_older(entry, function)
        with pytest.raises(entry.exc_type, match=re.escape(entry.stable)) as info:
            if entry.warns:
                with pytest.warns(UserWarning, match=re.escape(entry.warns)):
                    function()
            else:
                function()
        assert type(info.value) is entry.exc_type, (
            f"{entry.slug}: levantou {catalog.type_name(type(info.value))}, "
            f"a página diz {entry.type_name}"
        )
        return entry.type_name, str(info.value)

    def _check_older(entry: catalog.Entry, function) -> tuple[str, str]:
        # Antes de `since`, o mesmo tipo de erro, com outro texto ou sem o aviso (um
        # UserWarning viraria erro pela configuração do pytest): é o que o registro
        # desta versão guarda, e o que prova que `since` não está atrasado.
        with pytest.raises(entry.exc_type) as info:
            function()
        message = str(info.value)
        if not entry.warns:
            assert entry.stable not in message, (
                f"{entry.slug}: o torch {torch.__version__} já levanta a mensagem da "
                f"página; a declaração since={entry.since!r} está errada"
            )
        return entry.type_name, message

    return check


def _minor(version: str | None) -> str | None:
    """`3.11.7` -> `3.11`."""
    return ".".join(version.split(".")[:2]) if version else None


@pytest.fixture
def message_record(golden):
    """Compara as mensagens levantadas agora com `messages/<categoria>.json`."""

    def check(category: str) -> dict:
        current = catalog.record(category)
        path = catalog.record_path(category)
        if golden.updating:
            golden.update(path, catalog.record_text(current))
        stored = json.loads(golden.read(path))
        hint = (
            f"{path.name} (mostrado nas páginas) está desatualizado. Se a mudança é "
            f"esperada: {golden.command}"
        )
        assert list(stored["entries"]) == list(current["entries"]), hint
        problems = []
        same_python = _minor(stored.get("python")) == _minor(current["python"])
        for slug, now in current["entries"].items():
            before = stored["entries"][slug]
            if before.get("by_python") != now.get("by_python"):
                problems.append(f"{slug}: by_python {before.get('by_python')!r}")
            if now.get("by_python") and not same_python:
                continue  # o tipo e o texto dependem do Python que gravou
            for key in ("type", "stable", "needs"):
                if before[key] != now[key] and now["message"] is not None:
                    problems.append(f"{slug}: {key} {before[key]!r} -> {now[key]!r}")
            if now["message"] is None or before["message"] is None:
                continue  # a reprodução não roda nesta máquina ou na que gravou
            if stored["torch"] != current["torch"]:
                continue  # outra versão: o trecho estável é conferido por entrada
            if before["message"] != now["message"]:
                problems.append(
                    f"{slug}: gravada {before['message']!r}\n"
                    f"    levantada agora {now['message']!r}"
                )
        assert not problems, hint + "\n" + "\n".join(problems)
        return stored

    return check

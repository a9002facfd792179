"""Guard 8 on the repository, and its self-test: typed claims of GPU runs go red.

Whether an example ran on a GPU comes from the GPU record (badges, Verificação,
``{{ runner_coverage("gpu") }}``); `tests.drift.gpu_claims` finds the sentences that
say it by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drift.gpu_claims import check_gpu_claims, claims_in


def test_no_page_claims_a_gpu_run_by_hand():
    assert check_gpu_claims() == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Cada linha de código testada em CPU e GPU.",
        "`snippets/examples/test_simple_nn.py`, em CPU e em GPU:",
        "Cada teste com dispositivo roda em CPU e em CUDA.",
        "Os exemplos rodaram na H200 sem erro.",
        "O classificador foi verificado em GPU.",
    ],
)
def test_a_typed_claim_is_reported_with_its_line(sentence: str):
    text = f"# Página\n\nUma frase antes.\n{sentence}\n\nOutra depois.\n"
    assert claims_in(text) == [(4, sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Os testes são escritos para rodar em CPU e, com GPU, em CUDA.",
        "Os testes rodam em CPU e, numa máquina com GPU, de novo em CUDA.",
        'Em GPU, hoje: {{ runner_coverage("gpu") }}.',
        "Onde rodou em GPU, dizem os selos no topo da página.",
        "O código escrito para `cuda` roda sem mudanças em GPUs AMD.",
    ],
)
def test_intent_conditions_and_rendered_records_pass(sentence: str):
    assert claims_in(f"{sentence}\n") == []


def test_code_fences_are_not_prose():
    assert claims_in("```text\ntestado em CPU e GPU\n```\n") == []


def test_the_site_description_and_front_matter_are_checked(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(
        "---\ntitle: P\ndescription: >-\n  Um exemplo testado em CPU e GPU.\n"
        "---\n\n# P\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_description: >-\n  Cada linha testada em CPU e GPU.\n"
        "strict: true\n",
        encoding="utf-8",
    )
    problems = check_gpu_claims(tmp_path)
    assert [p.split(": ", 1)[0] for p in problems] == ["docs/p.md:4", "mkdocs.yml:2"]

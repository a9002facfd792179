"""Outputs, prose numbers and torch versions rendered from records, and their guards.

- A changed number in an output fails the comparison, naming the number.
- A module changed since its record shows its output as not verified since then.
- A prose value whose label is not in the record fails; a typed number that an
  output on the page recorded fails too.
- A record without outputs (made before they were recorded) is read and shown as such.
- A version record widens the badge's range; a stale one is named as such.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.hooks.recorded_claims import render_page
from scripts.verification import claims, formatting, render, schema
from scripts.verification.digest import file_sha256
from scripts.verification.outputs import compare_output
from scripts.verification.versions import module_versions
from tests.support import ROOT
from tests.support.records import MODULE, make_entry, make_record

OUTPUT = "Perda inicial: 0.8507\nPerda final: 0.0638\n"


def _with_output(entry: dict, text: str = OUTPUT) -> dict:
    return {**entry, "output": {"text": text, "test": "t::test_main"}}


def _records(sha: str, **extra: dict) -> dict[str, dict]:
    entry = _with_output(make_entry(sha, passed=2))
    return {"cpu": make_record({MODULE: entry}), **extra}


def test_a_changed_number_fails_and_is_named():
    problems = compare_output(
        OUTPUT.replace("0.0638", "0.0700"), OUTPUT, rel=1e-4, abs_=0.0, by_value=True
    )
    assert problems == [
        "linha 2: 0.0638 -> 0.0700 (tolerância rel=0.0001, abs=0) em "
        "'Perda final: 0.0638'"
    ]
    assert compare_output(OUTPUT, OUTPUT, rel=1e-4, abs_=0.0, by_value=True) == []


def test_changed_text_fails_even_outside_the_reference_environment():
    problems = compare_output(
        OUTPUT.replace("final", "última"), OUTPUT, rel=1e-4, abs_=0.0, by_value=False
    )
    assert len(problems) == 1 and "'Perda final: 0.0638'" in problems[0]


def test_output_is_labelled_with_runner_torch_and_date():
    lines = claims.render_output(MODULE, _records(file_sha256(ROOT / MODULE)), ROOT)
    text = "\n".join(lines)
    assert text.startswith("Saída da execução registrada em CPU (Test CPU)")
    assert "torch 2.14.1, 2026-11-26 05:00 UTC." in text
    assert "Sem saída registrada em GPU." in text
    assert "```text\nPerda inicial: 0.8507\nPerda final: 0.0638\n```" in text
    assert claims.STALE not in text.lower()


def test_changed_module_shows_its_output_as_not_verified_since():
    text = "\n".join(claims.render_output(MODULE, _records("0" * 64), ROOT))
    assert text.startswith("**Não verificado desde a última alteração:** saída")


def test_gpu_output_that_differs_gets_its_own_tab():
    gpu_entry = _with_output(
        make_entry(file_sha256(ROOT / MODULE), passed=2), "x: 1.5\n"
    )
    gpu = make_record({MODULE: gpu_entry}, runner="gpu", gpu="NVIDIA H200")
    text = "\n".join(claims.render_output(MODULE, _records(file_sha256(ROOT / MODULE),
                                                           gpu=gpu), ROOT))  # fmt: skip
    assert '=== "CPU · torch 2.14.1"' in text
    assert '=== "GPU H200 · torch 2.11.0"' in text
    assert "    ```text\n    x: 1.5\n    ```" in text


def test_record_without_outputs_is_read_and_shown_as_such():
    record = make_record({MODULE: make_entry(file_sha256(ROOT / MODULE), passed=1)})
    assert schema.validate_record(json.loads(json.dumps(record))) == record
    text = "\n".join(claims.render_output(MODULE, {"cpu": record}, ROOT))
    assert '!!! warning "Saída não registrada"' in text


def test_prose_value_comes_from_the_record_written_the_pt_br_way():
    records = _records(file_sha256(ROOT / MODULE))
    value = claims.render_value(MODULE, "Perda final:", 1, records, ROOT)
    assert ">0,0638</span>" in value
    assert formatting.recorded("1050114") == "1.050.114"


def test_prose_value_missing_from_the_record_fails():
    records = _records(file_sha256(ROOT / MODULE))
    with pytest.raises(claims.ClaimError, match="no line of the recorded output"):
        claims.render_value(MODULE, "Acurácia:", 1, records, ROOT)


def test_page_that_types_a_recorded_number_fails():
    records = _records(file_sha256(ROOT / MODULE))
    page = f'{{{{ output("{MODULE}") }}}}\n\nA perda final foi 0,0638.\n'
    with pytest.raises(claims.ClaimError, match=r"docs/x\.md:3 \(0\.0638\)"):
        render_page(page, "docs/x.md", records, ROOT)
    ok = page.replace("0,0638", f'{{{{ value("{MODULE}", "Perda final:") }}}}')
    assert ">0,0638</span>" in render_page(ok, "docs/x.md", records, ROOT)


def test_version_record_widens_the_badge_range(tmp_path: Path):
    sha = file_sha256(ROOT / MODULE)
    old = make_record({MODULE: make_entry(sha, passed=2)}, runner="cpu-torch-2.6.0")
    old["versions"]["torch"] = "2.6.0+cu124"
    records = _records(sha, **{"cpu-torch-2.6.0": old})
    assert module_versions("cpu", records, MODULE, sha).text() == "torch 2.6.0 – 2.14.1"
    html = render.render_page_badges([MODULE], records, ROOT)
    assert "torch 2.6.0 – 2.14.1" in html


def test_stale_version_record_is_named_not_counted():
    sha = file_sha256(ROOT / MODULE)
    old = make_record(
        {MODULE: make_entry("1" * 64, passed=2)}, runner="cpu-torch-2.6.0"
    )
    old["versions"]["torch"] = "2.6.0+cu124"
    records = _records(sha, **{"cpu-torch-2.6.0": old})
    found = module_versions("cpu", records, MODULE, sha)
    assert found.text() == "torch 2.14.1" and found.stale == ["2.6.0"]
    html = render.render_page_badges([MODULE], records, ROOT)
    assert "2.6.0: não verificado desde a última alteração" in html


def test_without_a_cpu_record_values_and_versions_show_as_missing():
    value = claims.render_value(MODULE, "Perda final:", 1, {}, ROOT)
    assert "sem registro" in value and "0,0638" not in value
    page = "Mínima: {{ torch_min }}.\n\n{{ torch_versions_table }}\n"
    text = render_page(page, "docs/x.md", {}, ROOT)
    assert "Mínima: nenhuma versão verificada." in text
    assert "Nenhuma execução em CPU registrada" in text


def test_a_module_declaring_a_minimum_says_so_next_to_its_badges(tmp_path: Path):
    module = "snippets/demo/needs_new.py"
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / module).write_text('MINIMUM_TORCH = "2.9"\n', encoding="utf-8")
    html = render.render_page_badges([module], {}, tmp_path)
    assert '<span class="vb-minimum">requer torch ≥ 2.9</span>' in html
    plain = render.render_page_badges([MODULE], {}, ROOT)
    assert "vb-minimum" not in plain


MACHINE = {
    "torch": "2.14.1+cu130",
    "device": "cpu",
    "cpu_vendor": "AuthenticAMD",
    "cpu_isa": "avx2 avx512f",
    "cpu_capability": "AVX512",
    "blas": "mkl:AUTO",
    "threads": "2",
}


def test_an_output_with_decimals_says_its_digits_depend_on_the_machine():
    entry = make_entry(file_sha256(ROOT / MODULE), passed=2)
    entry["output"] = {"text": OUTPUT, "test": "t::test_main", "machine": MACHINE}
    text = "\n".join(
        claims.render_output(MODULE, {"cpu": make_record({MODULE: entry})}, ROOT)
    )
    assert "As últimas casas decimais dependem da máquina" in text
    assert (
        "(aqui: CPU AMD, ATen AVX512, BLAS mkl:AUTO, 2 threads, torch 2.14.1+cu130)"
        in text
    )
    whole = _with_output(
        make_entry(file_sha256(ROOT / MODULE), passed=2), "3 classes\n"
    )
    plain = "\n".join(
        claims.render_output(MODULE, {"cpu": make_record({MODULE: whole})}, ROOT)
    )
    assert "casas decimais" not in plain


def test_runner_coverage_counts_current_stale_and_never_run_modules(tmp_path: Path):
    snippets = tmp_path / "snippets" / "demo"
    snippets.mkdir(parents=True)
    for name in ("a", "b", "c", "d"):
        (snippets / f"{name}.py").write_text(f'"""{name}."""\n', encoding="utf-8")
    sha = {n: file_sha256(snippets / f"{n}.py") for n in "abcd"}
    modules = {
        "snippets/demo/a.py": make_entry(sha["a"], passed=3, skipped=1),
        "snippets/demo/b.py": make_entry(sha["b"], passed=1),
        "snippets/demo/c.py": make_entry("0" * 64, passed=1),
    }
    records = {"gpu": make_record(modules, runner="gpu", gpu="NVIDIA H200")}
    text = claims.render_coverage("gpu", records, tmp_path)
    assert text == (
        "2 de 4 módulos verificados em GPU H200 como estão hoje (torch 2.11.0, "
        "2026-11-26); 1 mudou depois do registro e 1 nunca rodou lá"
    )
    assert claims.render_coverage("tpu", records, tmp_path) == (
        "nenhum dos 4 módulos tem registro em TPU"
    )

"""Verification records: a malformed file is rejected, naming the file and the problem.

The schema lives once, in `scripts.verification.schema`; a malformed
`verification/<runner>.json` must fail the build with a clear message.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from scripts.verification import schema
from tests.support import ROOT
from tests.support.build import build_site
from tests.support.records import MODULE, make_entry, make_record

# --------------------------------------------------------------------------------------


def _valid() -> dict:
    return make_record({MODULE: make_entry("b" * 64, passed=1, skipped=1)})


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda r: r.pop("date"), "falta a chave obrigatória 'date'"),
        (lambda r: r.update(schema_version=99), "versão 99 desconhecida"),
        (lambda r: r.update(cuda_available="yes"), "cuda_available: deve ser true"),
        (lambda r: r["modules"][MODULE].update(sha256="xyz"), "sha256"),
        (lambda r: r["modules"][MODULE].update(passed=5), "'passed' = 5"),
        (lambda r: r["modules"][MODULE]["tests"][0].update(outcome="ok"), "outcome"),
        (lambda r: r["totals"].update(total=7), "total diferente da soma"),
        (lambda r: r.update(date="ontem"), "data ISO 8601"),
    ],
)
def test_schema_violations_name_the_problem(mutate, problem):
    record = _valid()
    mutate(record)
    with pytest.raises(schema.RecordError, match="gpu.json") as info:
        schema.validate_record(record, "verification/gpu.json")
    assert problem in str(info.value)


def test_unreadable_or_misnamed_files_are_rejected(tmp_path: Path):
    (tmp_path / "cpu.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(schema.RecordError, match=r"cpu\.json: não é um JSON válido"):
        schema.load_records(tmp_path)
    (tmp_path / "cpu.json").write_text(json.dumps(_valid()), encoding="utf-8")
    assert set(schema.load_records(tmp_path)) == {"cpu"}
    (tmp_path / "gpu.json").write_text(json.dumps(_valid()), encoding="utf-8")
    with pytest.raises(schema.RecordError, match=r"gpu\.json.*runner é 'cpu'"):
        schema.load_records(tmp_path)


def test_committed_records_are_valid():
    records = schema.load_records(ROOT / "verification")
    assert "cpu" in records, "verification/cpu.json is missing"


def test_malformed_results_file_fails_the_build(tmp_path: Path):
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("scripts", "overrides", "mkdocstrings-templates"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "snippets").mkdir()  # `watch:` needs it
    (root / "profile").mkdir()  # `watch:` too (a site without a profile file)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Início\n", encoding="utf-8")
    (root / "verification").mkdir()
    broken = _valid()
    del broken["modules"][MODULE]["sha256"]
    (root / "verification" / "cpu.json").write_text(json.dumps(broken), "utf-8")
    proc = build_site(tmp_path / "site", root=root)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "verification/cpu.json.modules['snippets/examples/tensor_basics.py']" in log
    assert "falta a chave obrigatória 'sha256'" in log
    assert "Traceback" not in log  # a clear message, not a crash


@pytest.mark.parametrize("name", ["cpu", "gpu", "cpu-torch-2.6.0"])
def test_runner_name_accepts_record_names(name):
    assert schema.runner_name(name) == name


@pytest.mark.parametrize("name", ["", "GPU", "../cpu", "cpu/x", "-cpu"])
def test_runner_name_refuses_what_cannot_be_a_record_file(name):
    with pytest.raises(argparse.ArgumentTypeError, match="lowercase letters"):
        schema.runner_name(name)

"""The benchmark record schema: version 2 as the runner writes it, version 1 read.

A well-formed record passes; each kind of malformed record fails with a message
naming the file and the problem, and the build's hook refuses it; the committed
records are valid.
"""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from scripts.hooks import benchmarks_page
from scripts.verification.benchmarks import (
    BENCH_SCHEMA_VERSION,
    bench_path,
    load_bench_records,
    validate_bench_record,
    write_bench_record,
)
from scripts.verification.schema import RecordError
from tests.support import ROOT
from tests.support.bench_records import TRAINING, make_bench_record


def _drop(key):
    return lambda r: r.pop(key)


def _set(path, value):
    def change(r):
        target = r
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value

    return change


def _pop(path):
    def change(r):
        target = r
        for k in path[:-1]:
            target = target[k]
        del target[path[-1]]

    return change


MALFORMED = {
    "missing results": (_drop("results"), "falta a chave obrigatória 'results'"),
    "wrong kind": (_set(["kind"], "tests"), "kind"),
    "unknown schema version": (_set(["schema_version"], 99), "versão 99"),
    "value null without reason": (
        _set(["results", 0, "value"], None),
        "falta 'reason'",
    ),
    "reason with a value": (_set(["results", 0, "reason"], "x"), "'reason' só vale"),
    "negative value": (_set(["results", 0, "value"], -1.0), ".value"),
    "number as text": (_set(["results", 0, "value"], "40"), ".value"),
    "module without sha": (
        _set(["results", 0, "module"], "snippets/benchmarks/other.py"),
        "não está em 'modules'",
    ),
    "bad sha": (_set(["modules", TRAINING, "sha256"], "abc"), "sha256"),
    "duplicate id": (_set(["results", 1, "id"], "train-resnet50-naive"), "repetido"),
    "unknown baseline": (
        lambda r: (
            _set(["results", 1, "baseline"], "nope")(r),
            _set(["results", 1, "ratio", "baseline"], "nope")(r),
        ),
        "'nope'",
    ),  # fmt: skip
    "unknown group": (_set(["results", 0, "group"], "speed"), ".group"),
    "timing out of order": (
        _set(["results", 0, "timing", "p25_s"], 9.0),
        "min_s <= p25_s",
    ),
    "too few repeats": (_set(["results", 0, "timing", "repeats"], 1), "repeats"),
    "peak share above 1": (
        _set(["results", 0, "flops", "peak_share"], 1.5),
        "peak_share",
    ),
    "date without zone": (_set(["date"], "2026-11-26T05:00:00"), ".date"),
    # version 2: samples, intervals, load
    "samples dropped": (_pop(["results", 0, "timing", "samples_s"]), "samples_s"),
    "samples and repeats disagree": (
        _set(["results", 0, "timing", "repeats"], 9),
        "9",
    ),
    "min not the samples'": (
        _set(["results", 0, "timing", "min_s"], 0.01),
        "min_s e max_s",
    ),
    "comparison without interval": (_pop(["results", 1, "ratio"]), "sem 'ratio'"),
    "interval not around the value": (
        _set(["results", 1, "ratio", "low"], 3.0),
        "low <= value <= high",
    ),
    "interval from too few rounds": (_set(["results", 1, "ratio", "rounds"], 3), "6"),
    "ratio of another base": (
        _set(["results", 1, "ratio", "baseline"], "memory-fp32"),
        "difere de 'baseline'",
    ),
    "no load log": (_pop(["host", "load"]), "falta 'load'"),
    "busy not a boolean": (_set(["host", "load", "busy"], "no"), ".busy"),
}


def test_a_well_formed_record_is_valid_and_round_trips(tmp_path):
    record = make_bench_record()
    assert record["schema_version"] == BENCH_SCHEMA_VERSION == 2
    out = bench_path(tmp_path, "cpu")
    write_bench_record(record, out)
    assert load_bench_records(tmp_path) == {"cpu": record}


def test_a_version_1_record_stays_readable():
    """The committed record predates version 2 until `make bench` runs again."""
    record = make_bench_record(version=1)
    assert "ratio" not in record["results"][1]
    assert "samples_s" not in record["results"][0]["timing"]


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_record_is_refused_naming_file_and_problem(case):
    change, expected = MALFORMED[case]
    record = copy.deepcopy(make_bench_record())
    change(record)
    with pytest.raises(RecordError) as info:
        validate_bench_record(record, "verification/bench-cpu.json")
    message = str(info.value)
    assert message.startswith("verification/bench-cpu.json")
    assert expected in message


def test_file_name_must_match_the_runner(tmp_path):
    (tmp_path / "bench-gpu.json").write_text(json.dumps(make_bench_record()))
    with pytest.raises(RecordError, match="esperado bench-cpu.json"):
        load_bench_records(tmp_path)


def test_invalid_json_is_refused(tmp_path):
    (tmp_path / "bench-cpu.json").write_text("{not json")
    with pytest.raises(RecordError, match="não é um JSON válido"):
        load_bench_records(tmp_path)


def test_the_build_hook_fails_on_a_malformed_record(tmp_path):
    """What `mkdocs build` runs first: the hook's on_config aborts the build."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "verification").mkdir()
    record = make_bench_record()
    del record["results"][0]["unit"]
    (tmp_path / "verification" / "bench-cpu.json").write_text(json.dumps(record))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    with pytest.raises(PluginError) as info:
        benchmarks_page.on_config(config)
    assert "verification/bench-cpu.json" in str(info.value)
    assert "'unit'" in str(info.value)


def test_the_committed_records_are_valid():
    records = load_bench_records(ROOT / "verification", ROOT)
    assert "cpu" in records, "verification/bench-cpu.json is missing (make bench)"
    for record in records.values():
        assert set(record["modules"]) >= {r["module"] for r in record["results"]}


def test_the_benchmark_code_stays_in_files_of_at_most_400_lines():
    files = [
        *ROOT.glob("scripts/benchmarks/*.py"),
        *ROOT.glob("scripts/verification/bench*.py"),
        *ROOT.glob("tests/test_bench*.py"),
        ROOT / "tests/support/bench_records.py",
    ]
    long = {
        f.relative_to(ROOT).as_posix(): n
        for f in files
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert len(files) > 10 and not long, long

"""The benchmark records and the Desempenho page that renders them.

- the schema: a well-formed record passes, each kind of malformed record fails with
  a message naming the file and the problem, and the build's hook refuses it;
- the rendering: numbers come from the record, a stale module is shown as such, a
  missing runner as missing (never as zero), a case that cannot run as "não se
  aplica", and each chart carries a text alternative saying what its bars say;
- the committed records are valid and the built page shows them.

Nothing here times anything: no result depends on the speed of the machine.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from scripts.hooks import benchmarks_page
from scripts.verification import bench_render
from scripts.verification.benchmarks import (
    BENCH_SCHEMA_VERSION,
    bench_path,
    load_bench_records,
    validate_bench_record,
    write_bench_record,
)
from scripts.verification.schema import RecordError
from tests.support import ROOT

TRAINING = "snippets/benchmarks/training_step.py"
MEMORY = "snippets/benchmarks/memory.py"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def timing(median: float) -> dict:
    return {
        "warmup": 2,
        "repeats": 7,
        "median_s": median,
        "p25_s": median * 0.95,
        "p75_s": median * 1.1,
        "min_s": median * 0.9,
        "max_s": median * 1.3,
        "compile_s": None,
    }


def make_bench_record(root: Path = ROOT, runner: str = "cpu") -> dict:
    """A small valid record whose module hashes match ``root``'s files."""
    record = {
        "schema_version": BENCH_SCHEMA_VERSION,
        "kind": "benchmarks",
        "runner": runner,
        "date": "2026-11-26T05:00:00+00:00",
        "device": {"cpu": "Test CPU", "gpu": None, "gpu_count": 0},
        "versions": {
            "python": "3.11.7",
            "torch": "2.14.1+cpu",
            "torchvision": "0.29.1+cpu",
            "pytest": None,
            "cuda": None,
            "cudnn": None,
        },
        "cuda_available": False,
        "host": {
            "cpu_count": 2,
            "torch_threads": 2,
            "load_average_start": [0.5, 0.4, 0.3],
            "load_average_end": [1.1, 0.6, 0.4],
        },
        "peak": None,
        "duration": 200.0,
        "modules": {m: {"sha256": sha(root / m)} for m in (TRAINING, MEMORY)},
        "results": [
            {
                "id": "train-resnet50-naive",
                "group": "training",
                "module": TRAINING,
                "label": "ResNet-50: laço ingênuo (float32)",
                "params": {"lote": 8, "compile": False},
                "metric": "throughput",
                "unit": "img/s",
                "value": 40.0,
                "timing": timing(0.2),
                "flops": {"per_step": 1e11, "achieved": 5e11, "peak_share": None},
            },
            {
                "id": "train-resnet50-recipe",
                "group": "training",
                "module": TRAINING,
                "label": "ResNet-50: receita (bfloat16)",
                "params": {"lote": 8, "compile": False},
                "metric": "throughput",
                "unit": "img/s",
                "value": 100.0,
                "baseline": "train-resnet50-naive",
                "timing": timing(0.08),
            },
            {
                "id": "loader-w0-pin",
                "group": "dataloader",
                "module": TRAINING,
                "label": "num_workers=0, pin_memory=True",
                "params": {"num_workers": 0},
                "metric": "throughput",
                "unit": "img/s",
                "value": None,
                "reason": "sem GPU: memória travada só serve à cópia para uma GPU",
            },
            {
                "id": "memory-fp32",
                "group": "memory",
                "module": MEMORY,
                "label": "ResNet-50, passo de treino: float32",
                "params": {"config": "float32"},
                "metric": "memory",
                "unit": "MiB",
                "value": 512.0,
                "timing": timing(0.3),
                "memory": {
                    "peak_bytes": 512 * 2**20,
                    "kind": "rss_peak_delta",
                    "saved_activation_bytes": 300 * 2**20,
                },
            },
            {
                "id": "memory-checkpoint",
                "group": "memory",
                "module": MEMORY,
                "label": "ResNet-50, passo de treino: float32 + checkpointing",
                "params": {"config": "float32 + checkpointing"},
                "metric": "memory",
                "unit": "MiB",
                "value": 256.0,
                "baseline": "memory-fp32",
                "timing": timing(0.4),
                "memory": {
                    "peak_bytes": 256 * 2**20,
                    "kind": "rss_peak_delta",
                    "saved_activation_bytes": 30 * 2**20,
                },
            },
        ],
    }
    return validate_bench_record(record, f"bench-{runner}.json")


# ------------------------------------------------------------------ schema


def _drop(key):
    return lambda r: r.pop(key)


def _set(path, value):
    def change(r):
        target = r
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value

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
    "unknown baseline": (_set(["results", 1, "baseline"], "nope"), "'nope'"),
    "unknown group": (_set(["results", 0, "group"], "speed"), ".group"),
    "timing out of order": (
        _set(["results", 0, "timing", "min_s"], 9.0),
        "min_s <= p25_s",
    ),
    "too few repeats": (_set(["results", 0, "timing", "repeats"], 1), "repeats"),
    "peak share above 1": (
        _set(["results", 0, "flops", "peak_share"], 1.5),
        "peak_share",
    ),
    "date without zone": (_set(["date"], "2026-11-26T05:00:00"), ".date"),
}


def test_a_well_formed_record_is_valid_and_round_trips(tmp_path):
    record = make_bench_record()
    out = bench_path(tmp_path, "cpu")
    write_bench_record(record, out)
    assert load_bench_records(tmp_path) == {"cpu": record}


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


# ------------------------------------------------------------------ rendering


def test_numbers_come_from_the_record_with_the_speedup():
    html = bench_render.render_group("training", {"cpu": make_bench_record()}, ROOT)
    assert "40,0 img/s" in html and "100 img/s" in html
    assert "2,50×" in html  # 100 / 40, computed from the record
    assert bench_render.STALE_TEXT not in html


def test_a_changed_module_is_shown_as_stale(tmp_path):
    root = tmp_path
    for module in (TRAINING, MEMORY):
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        (root / module).write_bytes((ROOT / module).read_bytes())
    record = make_bench_record(root)
    fresh = bench_render.render_group("training", {"cpu": record}, root)
    assert bench_render.STALE_TEXT not in fresh
    (root / TRAINING).write_text("# mudou\n", encoding="utf-8")
    stale = bench_render.render_group("training", {"cpu": record}, root)
    assert bench_render.STALE_TEXT in stale
    assert "bench-bar-stale" in stale
    # The memory results come from memory.py, which did not change.
    memory = bench_render.render_group("memory", {"cpu": record}, root)
    assert bench_render.STALE_TEXT not in memory
    ratings = bench_render.render_ratings({"cpu": record}, root)
    assert bench_render.STALE_TEXT in ratings


def test_a_missing_runner_is_shown_as_missing_never_as_zero():
    records = {"cpu": make_bench_record()}
    for group in ("training", "inference", "dataloader", "memory"):
        html = bench_render.render_group(group, records, ROOT)
        gpu = re.search(r'<div class="bench-block[^"]*" data-runner="gpu">.*?</div>',
                        html, re.S)  # fmt: skip
        assert gpu, group
        assert "nenhum benchmark de GPU registrado ainda" in gpu.group(0)
        assert not re.search(r">\s*0(,0+)?\s*(img/s|ms|MiB)", gpu.group(0))
    env = bench_render.render_environment(records)
    assert "verification/bench-gpu.json" in env
    ratings = bench_render.render_ratings(records, ROOT)
    assert "nenhum benchmark registrado ainda" in ratings


def test_a_case_that_cannot_run_is_not_applicable_not_zero():
    html = bench_render.render_group("dataloader", {"cpu": make_bench_record()}, ROOT)
    assert "não se aplica" in html
    assert "memória travada só serve" in html
    assert "0 img/s" not in html
    assert "<rect" not in html  # no bar drawn for it


def test_charts_have_a_text_alternative_with_the_same_values():
    html = bench_render.render_group("memory", {"cpu": make_bench_record()}, ROOT)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
    assert f'<title id="{title_id}">' in svg
    desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', svg).group(1)
    assert "float32: 512 MiB" in desc
    assert "float32 + checkpointing: 256 MiB" in desc
    # Bars are proportional to the values: checkpointing's is half of fp32's.
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths[1] == pytest.approx(widths[0] / 2, rel=1e-3)
    # No colour is hard-coded: the theme's variables and currentColor do it.
    assert "#" not in re.sub(r'id="[^"]*"|aria-labelledby="[^"]*"', "", svg)
    assert "http" not in svg


def test_ratings_sit_beside_the_measurements():
    html = bench_render.render_ratings({"cpu": make_bench_record()}, ROOT)
    assert "10/10 com GPU" in html and "6/10" in html
    assert "ResNet-50: 40,0 → 100 img/s (2,50×)" in html
    assert "float32 + checkpointing: 256 MiB (0,50× de float32)" in html


def test_number_formatting_is_pt_br():
    assert bench_render.number(3512.4) == "3.512"
    assert bench_render.number(18.34) == "18,3"
    assert bench_render.number(0.04732) == "0,0473"
    assert bench_render.number(0) == "0"


# ------------------------------------------------------------------ the built page


def test_the_built_page_shows_the_records(built_site):
    page = (built_site / "referencia" / "desempenho" / "index.html").read_text(
        encoding="utf-8"
    )
    records = load_bench_records(ROOT / "verification", ROOT)
    assert "<!-- bench:" not in page
    for runner, record in records.items():
        assert f'data-runner="{runner}"' in page
        assert record["results"][0]["label"] in page
    if "gpu" not in records:
        assert "nenhum benchmark de GPU registrado ainda" in page
    if records:  # one chart per group at least
        assert page.count('<svg class="bench-chart"') >= 4
    else:
        assert "nenhum benchmark de CPU registrado ainda" in page
    charts = re.findall(r'<svg class="bench-chart".*?</svg>', page, re.S)
    assert all("<desc" in svg and "http" not in svg for svg in charts)


# ------------------------------------------------------------------ the runner's pieces


def test_timing_summary_is_ordered_and_valid():
    from scripts.benchmarks.timing import Timing

    t = Timing(warmup=2, samples=[0.5, 0.1, 0.3, 0.2, 0.4])
    rec = t.as_record()
    assert rec["median_s"] == 0.3
    assert (rec["min_s"], rec["p25_s"], rec["p75_s"], rec["max_s"]) == (
        0.1,
        0.2,
        0.4,
        0.5,
    )
    assert rec["repeats"] == 5


def test_measure_repeats_until_both_minimums():
    import torch

    from scripts.benchmarks.timing import measure

    calls = []
    t = measure(
        lambda: calls.append(1),
        torch.device("cpu"),
        warmup=2,
        min_repeats=4,
        max_repeats=9,
        min_time_s=0,
    )
    assert len(t.samples) == 4 and len(calls) == 2 + 4
    t = measure(lambda: None, torch.device("cpu"), min_repeats=3, max_repeats=7,
                min_time_s=3600)  # fmt: skip
    assert len(t.samples) == 7  # capped


def test_known_gpu_peaks_have_a_source_and_unknown_devices_have_none():
    from scripts.benchmarks.peaks import gpu_peak

    h200 = gpu_peak("NVIDIA H200")
    assert h200["flops"] == pytest.approx(989.4e12)
    assert "H200" in h200["source"]
    assert gpu_peak("NVIDIA GeForce GTX 1080") is None
    assert gpu_peak(None) is None


def test_a_case_that_cannot_run_keeps_its_null_value():
    from scripts.benchmarks.cases import _result

    res = _result(id="x", value=None, reason="sem GPU", timing=None)
    assert res == {"id": "x", "value": None, "reason": "sem GPU"}

"""The Desempenho page rendered from the benchmark records.

Numbers come from the record, each ratio with its interval and rounds; a stale
module is shown as such, a missing runner as missing (never as zero), a case that
cannot run as "não se aplica"; a busy or old record is "indicativo"; the profile's
ratings never hold a measurement; each chart carries a text alternative saying what
its bars say; the built page shows the committed records. The schema is tested in
``tests/test_benchmarks_record.py``, the statistics in ``test_benchmarks_stats.py``.

Nothing here times anything: no result depends on the speed of the machine.
"""

from __future__ import annotations

import re

import pytest

from scripts.verification import bench_format, bench_render, formatting
from scripts.verification.benchmarks import load_bench_records
from tests.support import ROOT
from tests.support.bench_records import MEMORY, TRAINING, make_bench_record


def test_numbers_come_from_the_record_with_interval_and_rounds():
    html = bench_render.render_group("training", {"cpu": make_bench_record()}, ROOT)
    assert "40,0 img/s" in html and "100 img/s" in html
    # 2,46 (2,21–2,63): 0,42 wide, so one decimal; the rounds are said.
    assert "2,5× (2,2–2,6), 7 rodadas" in html
    assert "2,50×" not in html  # the bare ratio of the medians is not shown
    assert bench_render.STALE_TEXT not in html
    assert "Indicativo" not in html


def test_an_old_record_shows_its_ratio_without_interval_and_says_why():
    record = make_bench_record(version=1)
    html = bench_render.render_group("training", {"cpu": record}, ROOT)
    assert "≈2,5×" in html
    assert bench_format.NO_INTERVAL in html
    assert "Indicativo" in html
    assert "(7 repetições)" in html and "rodadas" not in html
    summary = bench_render.render_summary({"cpu": record}, ROOT)
    assert "indicativo" in summary


def test_a_busy_record_is_indicative_everywhere():
    record = make_bench_record(busy=True)
    assert bench_format.is_busy(record)
    group = bench_render.render_group("training", {"cpu": record}, ROOT)
    assert (
        "<strong>Indicativo</strong>: máquina ocupada: carga de até 3,50 em 2" in group
    )
    env = bench_render.render_environment({"cpu": record})
    assert "3,50 antes, de 1,10 a 1,10 durante (1 leitura" in env
    assert "os números são indicativos" in env and "--allow-busy" in env
    summary = bench_render.render_summary({"cpu": record}, ROOT)
    assert "indicativo — máquina ocupada" in summary
    quiet = bench_render.render_summary({"cpu": make_bench_record()}, ROOT)
    assert "indicativo" not in quiet and "carga de até 1,10 em 2 CPUs" in quiet


def test_the_summary_has_device_interval_rounds_and_no_rating():
    records = {"cpu": make_bench_record()}
    html = bench_render.render_summary(records, ROOT)
    assert "ResNet-50: receita (bfloat16) sobre laço ingênuo (float32)" in html
    assert "2,5× (2,2–2,6), 7 rodadas" in html
    assert "ResNet-50, tempo do passo: float32 + checkpointing ÷ float32" in html
    assert "1,33× (1,28–1,39), 7 rodadas" in html
    # The GPU row is missing, never filled with a CPU figure.
    gpu = re.search(r"<tr><td>—</td><td>GPU</td>.*?</tr>", html).group(0)
    assert "nenhum benchmark registrado ainda" in gpu
    assert "×" not in gpu
    for rating in ("10/10", "6/10", "Velocidade", "Nota"):
        assert rating not in html


def test_the_page_keeps_ratings_and_measurements_apart():
    page = (ROOT / "docs/referencia/desempenho.md").read_text(encoding="utf-8")
    ratings, rest = page.split("## O que foi medido", 1)
    assert '{{ profile_table("ratings") }}' in ratings and "<!-- bench:" not in ratings
    assert "<!-- bench:summary -->" in rest and "bench:ratings" not in page


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
    summary = bench_render.render_summary({"cpu": record}, root)
    assert bench_render.STALE_TEXT in summary


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


def test_a_case_that_cannot_run_is_not_applicable_not_zero():
    html = bench_render.render_group("dataloader", {"cpu": make_bench_record()}, ROOT)
    assert "não se aplica" in html
    assert "memória travada só serve" in html
    assert "0 img/s" not in html
    assert "<rect" not in html  # no bar drawn for it


def test_memory_shows_peak_fraction_and_step_time_with_interval():
    html = bench_render.render_group("memory", {"cpu": make_bench_record()}, ROOT)
    assert "0,50×" in html  # 256 / 512 MiB: one fresh-process peak each, no interval
    assert "1,33× (1,28–1,39) o de float32" in html


def test_charts_have_a_text_alternative_with_the_same_values():
    html = bench_render.render_group("memory", {"cpu": make_bench_record()}, ROOT)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
    assert f'<title id="{title_id}">' in svg
    desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', svg).group(1)
    assert "float32: 512 MiB" in desc
    assert (
        "float32 + checkpointing: 256 MiB, tempo do passo 1,33× (1,28–1,39), "
        "7 rodadas o de float32" in desc
    )
    # Bars are proportional to the values: checkpointing's is half of fp32's.
    widths = [float(w) for w in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths[1] == pytest.approx(widths[0] / 2, rel=1e-3)
    # No colour is hard-coded: the theme's variables and currentColor do it.
    assert "#" not in re.sub(r'id="[^"]*"|aria-labelledby="[^"]*"', "", svg)
    assert "http" not in svg
    training = bench_render.render_group("training", {"cpu": make_bench_record()}, ROOT)
    assert "ganho sobre laço ingênuo (float32) 2,5× (2,2–2,6)" in training


def test_number_formatting_is_pt_br():
    assert formatting.significant(3512.4) == "3.512"
    assert formatting.significant(18.34) == "18,3"
    assert formatting.significant(0.04732) == "0,0473"
    assert formatting.significant(0) == "0"
    narrow = {"value": 1.104, "low": 1.052, "high": 1.161, "rounds": 15}
    assert bench_format.interval_text(narrow) == "1,10× (1,05–1,16), 15 rodadas"
    wide = {"value": 2.18, "low": 1.97, "high": 2.41, "rounds": 15}
    assert bench_format.interval_text(wide, rounds=False) == "2,2× (2,0–2,4)"


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
        if bench_format.is_indicative(record):
            assert "indicativo" in page
    if "gpu" not in records:
        assert "nenhum benchmark de GPU registrado ainda" in page
    assert 'class="bench-table bench-summary"' in page
    assert page.count('<svg class="bench-chart"') >= 4
    charts = re.findall(r'<svg class="bench-chart".*?</svg>', page, re.S)
    assert all("<desc" in svg and "http" not in svg for svg in charts)

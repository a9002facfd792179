"""The benchmark statistics on synthetic samples, and the runner's load policy.

Seeded synthetic rounds stand in for a busy 2-core machine: a load factor that
drifts from round to round (shared by the cases of a round, as interleaving makes
it), 5% noise per sample, and a spike (up to 2× slower) in 5% of the samples.
Nothing here times anything: no result depends on the machine running the tests.
"""

from __future__ import annotations

import json
import math
import random

import pytest

from scripts.benchmarks.stats import (
    MIN_ROUNDS,
    order_interval,
    paired_ratio,
    quantiles,
)

ROUNDS = 15  # the CPU runner's rounds per comparison (scripts/benchmarks/sizes.py)


def rounds(seed: int, n: int, speedup: float, *, drift: float = 0.2) -> tuple:
    """Times of a base case and of a case ``speedup`` times faster, interleaved."""
    rng = random.Random(seed)
    load, base, case = 0.0, [], []
    for _ in range(n):
        load = 0.8 * load + rng.gauss(0, drift)

        def sample(t: float, load: float = load) -> float:
            x = t * math.exp(load + rng.gauss(0, 0.05))
            return x * (1 + rng.random()) if rng.random() < 0.05 else x

        base.append(sample(1.0))
        case.append(sample(1.0 / speedup))
    return base, case


def test_a_ten_percent_difference_is_told_from_noise():
    ratio = paired_ratio(*rounds(seed=1, n=ROUNDS, speedup=1.10))
    assert ratio.low > 1.0, ratio
    assert ratio.low <= ratio.value <= ratio.high
    assert ratio.low <= 1.10 <= ratio.high  # and it holds the true ratio
    assert ratio.rounds == ROUNDS


def test_identical_cases_give_an_interval_containing_one():
    ratio = paired_ratio(*rounds(seed=1, n=ROUNDS, speedup=1.0))
    assert ratio.low <= 1.0 <= ratio.high, ratio
    assert not ratio.separated()


def test_sensitivity_and_false_alarms_over_many_seeds():
    """Power near 90% at 10%, false alarms near the nominal 5%: not one lucky seed."""
    told = sum(paired_ratio(*rounds(s, ROUNDS, 1.10)).separated() for s in range(200))
    alarms = sum(paired_ratio(*rounds(s, ROUNDS, 1.0)).separated() for s in range(200))
    assert told >= 0.85 * 200, told
    assert alarms <= 0.08 * 200, alarms


def test_a_slower_case_gives_an_interval_below_one():
    ratio = paired_ratio(*rounds(seed=3, n=ROUNDS, speedup=1 / 1.2))
    assert ratio.high < 1.0 and ratio.separated()


def test_interleaving_is_what_cancels_the_drift():
    """The same samples, unpaired (sequential runs: all of A, then all of B), lose it.

    Sequential runs sit in different stretches of the load: pairing the first half's
    base with the second half's case mixes the drift into the ratio.
    """
    base, _ = rounds(seed=5, n=2 * ROUNDS, speedup=1.10, drift=0.3)
    _, case = rounds(seed=6, n=2 * ROUNDS, speedup=1.10, drift=0.3)
    unpaired = paired_ratio(base[:ROUNDS], case[ROUNDS:])
    paired = paired_ratio(*rounds(seed=5, n=ROUNDS, speedup=1.10, drift=0.3))
    assert paired.separated() and paired.low > 1.0
    assert (paired.high - paired.low) < (unpaired.high - unpaired.low) / 2


def test_the_interval_is_the_sign_test_one():
    # n = 15: P(Bin(15, 1/2) <= 3) = 0.0176 <= 0.025 < P(<= 4): ranks 4 and 12.
    assert order_interval(15) == (3, 11)
    assert order_interval(MIN_ROUNDS) == (0, MIN_ROUNDS - 1)
    with pytest.raises(ValueError, match="cannot give"):
        order_interval(5)


@pytest.mark.parametrize(
    ("base", "case", "message"),
    [
        ([1.0] * 6, [1.0] * 5, "differ in length"),
        ([1.0] * 5, [1.0] * 5, "at least 6 rounds"),
        ([1.0] * 5 + [0.0], [1.0] * 6, "positive"),
    ],
)
def test_bad_samples_are_refused(base, case, message):
    with pytest.raises(ValueError, match=message):
        paired_ratio(base, case)


def test_quantiles_are_ordered():
    q = quantiles([0.5, 0.1, 0.3, 0.2, 0.4])
    assert (q["min_s"], q["p25_s"], q["median_s"], q["p75_s"], q["max_s"]) == (
        0.1,
        0.2,
        0.3,
        0.4,
        0.5,
    )


# ------------------------------------------------------------------ load policy


def test_a_busy_machine_is_refused_and_a_quiet_one_is_not():
    from scripts.benchmarks.load import busy_reason

    assert "load average is 4.75 on 2 CPUs" in busy_reason([4.75, 7.2, 10.8], 2)
    assert busy_reason([1.9, 3.0, 3.0], 2) is None  # the last minute is what counts
    assert busy_reason(None, 2) is None  # no load average: nothing to refuse on


def test_the_runner_refuses_to_record_when_busy(tmp_path, monkeypatch, capsys):
    import torch

    from scripts.benchmarks import load, run

    monkeypatch.setattr(load, "load_average", lambda: [9.0, 9.0, 9.0])
    monkeypatch.setattr(load.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(run, "all_cases", lambda *a, **k: pytest.fail("ran"))
    out = tmp_path / "bench-cpu.json"
    with pytest.raises(SystemExit) as info:
        run.run("cpu", out, torch.device("cpu"))
    assert info.value.code == 3
    assert "--allow-busy" in capsys.readouterr().out
    assert not out.exists()


def test_the_load_log_marks_a_run_busy_when_any_reading_is_above_the_cpus():
    from scripts.benchmarks.load import LoadLog

    log = LoadLog(cpus=2, before=[1.0, 1.0, 1.0])
    log.during.append({"t_s": 1.0, "after": "x", "load": [2.5, 1.0, 1.0]})
    log.after = [1.5, 1.0, 1.0]
    rec = log.as_record()
    assert rec["busy"] and rec["max_1min"] == 2.5


# ------------------------------------------------------------------ interleaving


def test_cases_are_timed_in_interleaved_rounds_in_shuffled_order():
    import torch

    from scripts.benchmarks.compare import Case, interleave

    calls: list[str] = []
    cases = [Case(n, n, lambda n=n: calls.append(n)) for n in "ABC"]
    timed = interleave("t", cases, torch.device("cpu"), rounds=8, warmup=2)
    assert all(len(t.samples) == 8 and t.number == 1 for t in timed.values())
    rounds_seen = [calls[i : i + 3] for i in range(2 * 3, len(calls), 3)]
    assert len(rounds_seen) == 8
    assert all(sorted(r) == ["A", "B", "C"] for r in rounds_seen)  # one each per round
    assert len({tuple(r) for r in rounds_seen}) > 1  # the order changes
    entry = timed["A"].timing()
    assert entry["samples_s"] == timed["A"].samples and entry["repeats"] == 8


def test_known_gpu_peaks_have_a_source_and_unknown_devices_have_none():
    from scripts.benchmarks.peaks import gpu_peak

    h200 = gpu_peak("NVIDIA H200")
    assert h200["flops"] == pytest.approx(989.4e12)
    assert "H200" in h200["source"]
    assert gpu_peak("NVIDIA GeForce GTX 1080") is None
    assert gpu_peak(None) is None


def test_a_case_that_cannot_run_keeps_its_null_value():
    from scripts.benchmarks.compare import result

    res = result(id="x", value=None, reason="sem GPU", timing=None)
    assert res == {"id": "x", "value": None, "reason": "sem GPU"}


def test_the_sensitivity_run_reports_its_interval(tmp_path):
    """Its verdict depends on the machine; the shape of its report does not."""
    from scripts.benchmarks import sensitivity

    out = tmp_path / "sensitivity.json"
    status = sensitivity.main(
        ["--batch", "10", "--rounds", "6", "--allow-busy", "--out", str(out)]
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["batches"] == [10, 11] and report["work_ratio"] == pytest.approx(1.1)
    ratio = report["time_ratio"]
    assert ratio["low"] <= ratio["value"] <= ratio["high"] and ratio["rounds"] == 6
    assert status == (0 if report["separated"] else 1)
    assert all(len(s) == 6 for s in report["samples_s"].values())


def test_a_run_that_got_busy_is_not_recorded(tmp_path, monkeypatch, capsys):
    import torch

    from scripts.benchmarks import load, run

    # Quiet when it starts, above the 2 CPUs when it ends.
    readings = iter([[1.0, 1.0, 1.0], [5.0, 2.0, 1.0]])
    monkeypatch.setattr(load, "load_average", lambda: next(readings))
    monkeypatch.setattr(load.os, "cpu_count", lambda: 2)
    case = {
        "id": "x",
        "group": "dataloader",
        "module": "snippets/benchmarks/data_loading.py",
        "label": "x",
        "params": {},
        "metric": "throughput",
        "unit": "img/s",
        "value": None,
        "reason": "stub",
    }
    monkeypatch.setattr(run, "all_cases", lambda *a, **k: [case])
    kept = tmp_path / "kept"
    kept.mkdir()
    monkeypatch.setattr(run.tempfile, "gettempdir", lambda: str(kept))
    out = tmp_path / "bench-cpu.json"
    with pytest.raises(SystemExit) as info:
        run.run("cpu", out, torch.device("cpu"))
    assert info.value.code == 4
    assert "not recorded" in capsys.readouterr().out
    assert not out.exists()
    assert (kept / "bench-cpu.json").exists()  # kept for a look, out of verification/

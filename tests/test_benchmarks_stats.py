"""The benchmark statistics on synthetic samples, and the runner's load policy.

Seeded synthetic rounds stand in for a busy 2-core machine: a load factor that
drifts from round to round (shared by the cases of a round, as interleaving makes
it), 5% noise per sample, and a spike (up to 2× slower) in 5% of the samples.
Nothing here times anything: no result depends on the machine running the tests.
"""

from __future__ import annotations

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

        def sample(t: float) -> float:
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
    """Power near 90% at 10% and false alarms near the nominal 5%, not one lucky seed."""
    told = sum(
        paired_ratio(*rounds(s, ROUNDS, 1.10)).separated() for s in range(200)
    )
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

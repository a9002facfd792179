import math

import torch

from snippets.troubleshooting import learning_rate
from snippets.troubleshooting.learning_rate import diverged, fit, make_regression


def _sgd_limit() -> float:
    """2 / λ_max da Hessiana da MSE (com a coluna do bias): o limite teórico do SGD."""
    X, _ = make_regression()
    X1 = torch.cat([X, torch.ones(len(X), 1)], dim=1).double()
    hessian = 2 * X1.T @ X1 / len(X1)
    return 2 / torch.linalg.eigvalsh(hessian).max().item()


def test_too_high_learning_rate_makes_the_loss_explode():
    losses = fit(lr=1.5)
    assert diverged(losses)
    assert not math.isfinite(losses[-1]) or losses[-1] > 1e6 * losses[0]


def test_small_learning_rate_converges():
    losses = fit(lr=0.1)
    assert not diverged(losses)
    assert losses[-1] < 0.01 * losses[0]


def test_threshold_matches_theory():
    limit = _sgd_limit()
    assert not diverged(fit(lr=0.9 * limit, steps=100))
    assert diverged(fit(lr=1.1 * limit, steps=100))


def test_adam_with_the_profile_learning_rate_lowers_the_loss_slowly():
    losses = fit(lr=1e-4, optimizer_cls=torch.optim.Adam)
    assert all(b < a for a, b in zip(losses, losses[1:], strict=False))
    assert losses[-1] > 0.9 * losses[0]  # cai, mas devagar: 30 passos é pouco


def test_diverged_detects_nan_and_inf():
    assert diverged([1.0, float("nan")])
    assert diverged([1.0, float("inf")])
    assert not diverged([1.0, 0.5])


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(learning_rate)
    assert "(explode)" in out and "(cai)" in out

import random

import numpy as np
import torch

from snippets.practices import reproducibility
from snippets.practices.reproducibility import (
    deterministic_algorithms,
    seed_everything,
    train_run,
)


def test_same_seed_gives_the_same_draws_everywhere():
    draws = []
    for _ in range(2):
        generator = seed_everything(7)
        draws.append(
            (
                random.random(),
                np.random.rand(),
                torch.rand(3).tolist(),
                torch.randperm(10, generator=generator).tolist(),
            )
        )
    assert draws[0] == draws[1]


def test_same_seed_same_weights_other_seed_other_weights():
    assert torch.equal(train_run(seed=3), train_run(seed=3))
    assert not torch.equal(train_run(seed=3), train_run(seed=4))


def test_deterministic_block_restores_the_previous_setting():
    before = torch.are_deterministic_algorithms_enabled()
    with deterministic_algorithms():
        assert torch.are_deterministic_algorithms_enabled()
        assert not torch.is_deterministic_algorithms_warn_only_enabled()
        assert torch.backends.cudnn.benchmark is False
    assert torch.are_deterministic_algorithms_enabled() == before


def test_deterministic_block_restores_warn_only():
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        with deterministic_algorithms():
            assert not torch.is_deterministic_algorithms_warn_only_enabled()
        assert torch.are_deterministic_algorithms_enabled()
        assert torch.is_deterministic_algorithms_warn_only_enabled()
    finally:
        torch.use_deterministic_algorithms(False)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(reproducibility)
    assert "mesma semente, mesmos pesos: True" in out
    assert "outra semente, mesmos pesos: False" in out

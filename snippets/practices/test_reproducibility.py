import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

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


class _NumpyDraws(Dataset):
    """Cada item é um sorteio do NumPy feito dentro do worker que o carrega."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return int(np.random.randint(0, 2**31 - 1))


def _draws_per_worker(seed):
    loader = DataLoader(
        _NumpyDraws(),
        batch_size=2,
        num_workers=2,
        generator=torch.Generator().manual_seed(seed),
    )
    # Sem embaralhar, o worker 0 carrega o 1º lote e o worker 1, o 2º.
    return [batch.tolist() for batch in loader]


def test_seeded_dataloader_seeds_numpy_in_each_worker_without_worker_init_fn():
    first = _draws_per_worker(seed=5)
    # Cada worker tem a sua semente do NumPy: os sorteios diferem entre eles.
    assert first[0] != first[1]
    # A mesma semente do generator repete os sorteios; outra semente os muda.
    assert _draws_per_worker(seed=5) == first
    assert _draws_per_worker(seed=6) != first

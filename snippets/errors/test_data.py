"""Erros de dados: cada reprodução levanta o erro da página; cada correção funciona."""

import math

import pytest
import torch

from snippets.errors import data


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("data")


def test_fixed_target_out_of_bounds():
    assert data.target_out_of_bounds_fixed().item() == pytest.approx(math.log(10))


def test_fixed_batchnorm_one_sample_drops_the_last_batch():
    assert data.batchnorm_one_sample_fixed() == [25, 25, 25, 25]


def test_fixed_collate_pil():
    images, labels = data.collate_pil_fixed()
    assert images.shape == (2, 3, 32, 32) and images.dtype == torch.float32
    assert labels.tolist() == [0, 1]
    assert images[1, 0, 0, 0].item() == pytest.approx(1 / 255)


def test_fixed_worker_pickle_round_trips():
    values = data.worker_pickle_fixed()
    assert [v.item() for v in values] == [0.0, 2.0, 4.0, 6.0]

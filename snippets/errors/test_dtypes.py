"""Erros de tipo: cada reprodução levanta o erro da página; cada correção funciona."""

import numpy as np
import pytest
import torch
from torch import nn

from snippets.errors import dtypes


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("dtypes")


def test_fixed_double_float():
    out = dtypes.double_float_fixed()
    assert out.dtype == torch.float32 and out.shape == (4, 1)


def test_fixed_conv_dtype():
    out = dtypes.conv_dtype_fixed()
    assert out.dtype == torch.float32 and out.shape == (2, 8, 14, 14)


def test_fixed_target_dtype_equals_integer_labels():
    torch.manual_seed(0)
    loss = dtypes.target_dtype_fixed()
    torch.manual_seed(0)
    logits = torch.randn(4, 3)
    expected = torch.nn.functional.cross_entropy(logits, torch.tensor([0, 2, 1, 2]))
    torch.testing.assert_close(loss, expected)


def test_fixed_embedding_indices():
    out = dtypes.embedding_indices_fixed()
    assert out.shape == (1, 3, 8)


def test_fixed_result_type_cast():
    out = dtypes.result_type_cast_fixed()
    assert out.dtype == torch.float32
    assert out.tolist() == [0.5, 0.5, 0.5]


def test_torch_defaults_to_float32_and_numpy_to_float64():
    # A página: os modelos usam float32; o NumPy cria float64, e `from_numpy` mantém.
    assert nn.Linear(2, 1).weight.dtype == torch.float32
    assert torch.from_numpy(np.random.rand(3)).dtype == torch.float64
    assert torch.tensor(np.random.rand(3), dtype=torch.float32).dtype == torch.float32


def test_embedding_accepts_int_and_long_but_not_float():
    # A página: índices têm de ser inteiros (a mensagem aceita Long e Int).
    embedding = nn.Embedding(5, 2)
    for dtype in (torch.long, torch.int32):
        assert embedding(torch.tensor([0, 4], dtype=dtype)).shape == (2, 2)
    with pytest.raises(RuntimeError, match="'indices'"):
        embedding(torch.tensor([0.0, 4.0]))


def test_out_of_place_sum_promotes_the_dtype():
    # A página: `total = total + x` cria um tensor novo com o dtype promovido.
    total = torch.zeros(3, dtype=torch.long)
    total = total + torch.full((3,), 0.5)
    assert total.dtype == torch.float32 and total.tolist() == [0.5, 0.5, 0.5]

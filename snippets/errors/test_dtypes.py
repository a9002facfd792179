"""Erros de tipo: cada reprodução levanta o erro da página; cada correção funciona."""

import torch

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

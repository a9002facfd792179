"""Erros de forma: cada reprodução levanta o erro da página; cada correção funciona."""

import re

import pytest
import torch
from torch import nn

from snippets.errors import shapes


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("shapes")


def test_fixed_matmul():
    assert shapes.matmul_fixed().shape == (64, 10)


def test_linear_weight_is_out_by_in_and_the_message_shows_its_transpose():
    # A página: o peso fica guardado como (out_features, in_features); na mensagem,
    # mat1 é a entrada achatada e mat2 é a transposta do peso.
    layer = nn.Linear(512, 10)
    assert layer.weight.shape == (10, 512)
    x = torch.randn(3, 512)
    torch.testing.assert_close(layer(x), x @ layer.weight.T + layer.bias)
    with pytest.raises(RuntimeError) as info:
        shapes.matmul_error()
    sizes = re.search(r"\((\d+)x(\d+) and (\d+)x(\d+)\)", str(info.value))
    assert sizes, str(info.value)
    numbers = tuple(map(int, sizes.groups()))
    mat1, mat2 = numbers[:2], numbers[2:]
    assert mat1 == (64, 2 * 32 * 32)
    assert mat2 == tuple(layer.weight.T.shape) == (512, 10)


def test_fixed_conv_channels():
    assert shapes.conv_channels_fixed().shape == (8, 16, 26, 26)


def test_fixed_conv_input_dims():
    assert shapes.conv_input_dims_fixed().shape == (1, 8, 26, 26)


def test_fixed_view_stride():
    out = shapes.view_stride_fixed()
    assert torch.equal(out, torch.arange(24).reshape(4, 6).t().flatten())
    assert out[:4].tolist() == [0, 6, 12, 18]  # a ordem da transposta


def test_forgetting_batch_first_runs_silently_and_mixes_the_batch():
    # A página: sem `batch_first=True`, (lote, passos, atributos) não levanta o erro
    # da entrada; a camada lê o lote como tempo, e os exemplos se misturam.
    torch.manual_seed(0)
    wrong = nn.LSTM(input_size=20, hidden_size=8)  # espera (passos, lote, atributos)
    right = nn.LSTM(input_size=20, hidden_size=8, batch_first=True)
    right.load_state_dict(wrong.state_dict())
    series = torch.randn(4, 10, 20)  # (lote, passos, atributos)
    out_wrong, _ = wrong(series)
    out_right, _ = right(series)
    assert out_wrong.shape == out_right.shape == (4, 10, 8)
    # Mudar o primeiro exemplo muda a saída do segundo só sem batch_first=True.
    changed = series.clone()
    changed[0] += 1
    torch.testing.assert_close(right(changed)[0][1], out_right[1])
    assert not torch.allclose(wrong(changed)[0][1], out_wrong[1])


def test_max_pool_halves_rounding_down():
    assert nn.MaxPool2d(2)(torch.randn(1, 1, 5, 5)).shape == (1, 1, 2, 2)
    with pytest.raises(RuntimeError, match="Output size is too small"):
        nn.MaxPool2d(2)(torch.randn(1, 1, 1, 1))


def test_fixed_reshape_invalid():
    assert shapes.reshape_invalid_fixed().shape == (4, 16)


def test_fixed_broadcast():
    out = shapes.broadcast_fixed()
    assert out.shape == (4, 3)
    torch.testing.assert_close(out.mean(dim=1), torch.zeros(4))


def test_fixed_stack():
    batch = shapes.stack_fixed()
    assert batch.shape == (2, 3, 32, 32)


def test_fixed_lstm_input_size():
    assert shapes.lstm_input_size_fixed().shape == (4, 10, 32)


def test_fixed_pooling_too_small():
    assert shapes.pooling_too_small_fixed().shape == (2, 64, 1, 1)


def test_fixed_batch_size_mismatch():
    loss = shapes.batch_size_mismatch_fixed()
    assert loss.ndim == 0 and torch.isfinite(loss)


def test_fixed_bce_target_size():
    loss = shapes.bce_target_size_fixed()
    assert loss.ndim == 0 and loss > 0


def test_fixed_bceloss_target_size():
    loss = shapes.bceloss_target_size_fixed()
    assert loss.ndim == 0 and loss > 0


def test_bceloss_and_bce_with_logits_refuse_the_same_shapes():
    # A página: as duas perdas comparam elemento a elemento, e a mesma causa (saída
    # (N, 1), rótulos (N,)) dá uma mensagem em cada uma.
    logits, labels = torch.randn(8, 1), torch.randint(0, 2, (8,)).float()
    with pytest.raises(ValueError, match="must be the same as input size"):
        nn.BCEWithLogitsLoss()(logits, labels)
    with pytest.raises(ValueError, match="that is different to the input size"):
        nn.BCELoss()(torch.sigmoid(logits), labels)
    torch.testing.assert_close(
        nn.BCELoss()(torch.sigmoid(logits), labels.unsqueeze(1)),
        nn.BCEWithLogitsLoss()(logits, labels.unsqueeze(1)),
    )


def test_fixed_multi_target_equals_the_loss_with_flat_labels():
    torch.manual_seed(0)
    loss = shapes.multi_target_fixed()
    torch.manual_seed(0)
    logits = torch.randn(8, 3)
    labels = torch.randint(0, 3, (8, 1)).squeeze(1)
    torch.testing.assert_close(loss, torch.nn.functional.cross_entropy(logits, labels))

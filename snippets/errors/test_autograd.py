"""Erros de autograd: cada reprodução levanta o erro da página; cada correção
funciona."""

import inspect
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from snippets import errors as catalog
from snippets.errors import autograd


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("autograd")


def test_fixed_backward_twice_gives_the_analytic_gradient():
    w = torch.tensor([1.0, 2.0])
    torch.testing.assert_close(
        autograd.backward_twice_fixed(), 3 * torch.exp(3 * w) * 1.5
    )


def test_fixed_no_grad_fn():
    grad = autograd.no_grad_fn_fixed()
    assert grad is not None and grad.shape == (1, 3)


def test_fixed_inplace_saved_gives_exp():
    x = torch.tensor([0.0, 1.0, 2.0])
    torch.testing.assert_close(autograd.inplace_saved_fixed(), x.exp())


def test_fixed_inplace_leaf_takes_one_sgd_step():
    w = autograd.inplace_leaf_fixed()
    torch.testing.assert_close(w.detach(), torch.tensor([0.8, 1.6]))
    assert w.requires_grad and w.is_leaf


def test_fixed_numpy_requires_grad():
    out = autograd.numpy_requires_grad_fixed()
    assert isinstance(out, np.ndarray) and out.shape == (4, 2)


def test_fixed_scalar_outputs_gives_the_gradient_of_the_mean():
    w = torch.tensor([1.0, -1.0])
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    expected = 2 / 3 * ((x @ w)[:, None] * x).sum(dim=0)
    torch.testing.assert_close(autograd.scalar_outputs_fixed(), expected)


def test_fixed_bool_ambiguous():
    assert autograd.bool_ambiguous_fixed() == "perda alta"


def test_fixed_item_scalar():
    assert autograd.item_scalar_fixed() == 1.0


def test_anomaly_mode_points_at_the_forward_op_whose_backward_failed():
    # A página diz: a detecção de anomalias mostra a operação que guardou o tensor
    # (`x.exp()`), não a operação no lugar (`y.add_(1)`) que o alterou depois.
    source, first = inspect.getsourcelines(autograd.inplace_saved_error)
    exp_line = first + next(i for i, s in enumerate(source) if "x.exp()" in s)
    add_line = first + next(i for i, s in enumerate(source) if ".add_(" in s)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with (
            torch.autograd.set_detect_anomaly(True),
            pytest.raises(RuntimeError, match="anywhere later") as info,
        ):
            autograd.inplace_saved_error()
    anomaly = [str(w.message) for w in caught if "Error detected in" in str(w.message)]
    assert len(anomaly) == 1, [str(w.message) for w in caught]
    text = anomaly[0]
    assert text.startswith("Error detected in ExpBackward0."), text
    assert f"line {exp_line}, in inplace_saved_error" in text, text
    assert "x.exp()" in text
    assert f"line {add_line}," not in text and "add_" not in text, text
    assert "modified by an inplace operation" in str(info.value)


def test_no_grad_fn_has_the_causes_the_page_lists():
    # A página: no_grad, inference_mode, parâmetros congelados ou detach() dão a
    # mesma mensagem.
    stable = catalog.entry("no-grad-fn").stable
    model, x = nn.Linear(3, 1), torch.randn(8, 3)

    def inference():
        with torch.inference_mode():
            return model(x).sum()

    def frozen():
        frozen_model = nn.Linear(3, 1).requires_grad_(False)
        return frozen_model(x).sum()

    def detached():
        return model(x).detach().sum()

    for make_loss in (inference, frozen, detached):
        loss = make_loss()
        assert not loss.requires_grad and loss.grad_fn is None
        with pytest.raises(RuntimeError, match=stable):
            loss.backward()


def test_predictions_in_inference_mode_convert_to_numpy():
    model = nn.Linear(3, 2)
    with torch.inference_mode():
        out = model(torch.randn(4, 3)).numpy()
    assert out.shape == (4, 2)


def test_float_and_int_also_need_one_element():
    assert float(torch.tensor([2.5])) == 2.5 and int(torch.tensor([3])) == 3
    for convert in (float, int):
        with pytest.raises((RuntimeError, ValueError)):
            convert(torch.ones(2))


def test_rnn_state_carried_between_batches_needs_detach():
    # A página: o estado oculto de uma RNN reaproveitado no lote seguinte tenta
    # percorrer o grafo já liberado; `.detach()` corta esse caminho.
    stable = catalog.entry("backward-twice").stable
    torch.manual_seed(0)
    rnn = nn.RNN(input_size=2, hidden_size=3, batch_first=True)
    batches = [torch.randn(4, 5, 2) for _ in range(2)]
    hidden = None
    with pytest.raises(RuntimeError, match=stable):
        for x in batches:
            out, hidden = rnn(x, hidden)
            out.sum().backward()
    hidden = None
    for x in batches:
        out, hidden = rnn(x, hidden)
        out.sum().backward()
        hidden = hidden.detach()
    assert rnn.weight_hh_l0.grad is not None


def test_retain_graph_allows_the_second_backward():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    hidden = (w * 3).exp()
    hidden.sum().backward(retain_graph=True)
    hidden.mean().backward()
    torch.testing.assert_close(w.grad, autograd.backward_twice_fixed())


def test_backward_with_ones_equals_the_gradient_of_the_sum():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = x**2
    out.backward(torch.ones_like(out))
    torch.testing.assert_close(x.grad, 2 * x.detach())

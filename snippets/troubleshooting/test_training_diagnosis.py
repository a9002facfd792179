import pytest
import torch
from torch import nn

from snippets.troubleshooting import training_diagnosis
from snippets.troubleshooting.training_diagnosis import (
    BrokenModel,
    gradient_norms,
    parameters_without_gradient,
)


def _backward(model, x):
    nn.functional.cross_entropy(model(x), torch.randint(0, 2, (len(x),))).backward()


def test_detached_branch_and_unused_layer_are_flagged():
    model = BrokenModel()
    _backward(model, torch.randn(8, 4))
    assert parameters_without_gradient(model) == [
        "encoder.weight",
        "encoder.bias",
        "unused.weight",
        "unused.bias",
    ]
    norms = gradient_norms(model)
    assert norms["encoder.weight"] is None
    assert norms["head.weight"] > 0


def test_norms_equal_the_norm_of_each_grad():
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    _backward(model, torch.randn(8, 4))
    norms = gradient_norms(model)
    for name, param in model.named_parameters():
        assert norms[name] == param.grad.norm().item()
    assert parameters_without_gradient(model) == []


def test_layer_that_gets_only_zero_gradient_is_flagged():
    # ReLU sempre em zero (bias muito negativo): a camada participa, mas nada chega.
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    with torch.no_grad():
        model[0].bias.fill_(-100.0)
    _backward(model, torch.randn(8, 4))
    flagged = parameters_without_gradient(model)
    assert "0.weight" in flagged and "0.bias" in flagged
    assert "2.bias" not in flagged


def test_frozen_parameters_are_not_reported():
    model = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))
    model[0].requires_grad_(False)
    _backward(model, torch.randn(8, 4))
    assert list(gradient_norms(model)) == ["1.weight", "1.bias"]


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(training_diagnosis)
    assert "encoder.weight: SEM GRADIENTE" in out


def test_errata_optim_and_model_were_never_defined():
    with pytest.raises(NameError, match="name 'optim' is not defined"):
        exec("optimizer = optim.Adam(model.parameters(), lr=1e-4)", {})

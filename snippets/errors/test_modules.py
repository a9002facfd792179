"""Erros de módulos e otimizador: cada reprodução levanta o erro da página; cada
correção funciona."""

import pytest
import torch
from torch import nn

from snippets.errors import modules


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("modules")


def test_fixed_empty_parameters_registers_every_layer():
    optimizer, model = modules.empty_parameters_fixed()
    params = optimizer.param_groups[0]["params"]
    assert len(params) == 6
    assert {id(p) for p in params} == {id(p) for p in model.parameters()}


def test_fixed_missing_forward():
    assert modules.missing_forward_fixed().shape == (3, 2)


def test_fixed_super_init_registers_the_layer():
    model, out = modules.super_init_fixed()
    assert len(list(model.parameters())) == 2
    assert out.shape == (3, 1)


def test_fixed_forward_arguments_gives_a_scalar_loss():
    loss = modules.forward_arguments_fixed()
    assert loss.ndim == 0 and loss.item() >= 0


def test_layers_in_a_python_list_or_dict_are_invisible():
    # A página: camadas numa lista ou num dicionário do Python não aparecem em
    # parameters() nem em state_dict(), e to() não as move.
    class Plain(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = [nn.Linear(2, 2)]
            self.heads = {"a": nn.Linear(2, 1)}

    class Registered(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 2)])
            self.heads = nn.ModuleDict({"a": nn.Linear(2, 1)})

    plain, registered = Plain(), Registered()
    assert list(plain.parameters()) == [] and plain.state_dict() == {}
    plain.to(torch.float64)
    assert plain.layers[0].weight.dtype == torch.float32
    assert len(list(registered.parameters())) == 4
    registered.to(torch.float64)
    assert registered.heads["a"].weight.dtype == torch.float64


def test_calling_forward_directly_skips_the_hooks():
    # A página: chame model(x), não model.forward(x), para que os hooks rodem.
    model, calls = nn.Linear(2, 1), []
    model.register_forward_hook(lambda module, args, out: calls.append(out.shape))
    x = torch.randn(3, 2)
    model.forward(x)
    assert calls == []
    model(x)
    assert calls == [(3, 1)]


def test_a_parameter_before_super_init_names_parameters():
    # A página: com um nn.Parameter no lugar da camada, a mensagem fala de parâmetros.
    class Early(nn.Module):
        def __init__(self):
            self.scale = nn.Parameter(torch.ones(1))
            super().__init__()

    with pytest.raises(AttributeError, match=r"^cannot assign parameters before"):
        Early()


def test_sequential_forward_takes_one_input():
    # A página: o forward de nn.Sequential recebe uma entrada só.
    model = nn.Sequential(nn.Linear(2, 1))
    with pytest.raises(TypeError, match="positional argument"):
        model(torch.randn(3, 2), torch.randn(3, 1))

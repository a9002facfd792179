"""Erros de checkpoint: cada reprodução levanta o erro da página; cada correção
funciona."""

import io
import pickle
import re
from dataclasses import dataclass

import pytest
import torch
from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

from snippets import errors as catalog
from snippets.errors import checkpoints


@dataclass
class Config:
    """Um objeto de configuração qualquer, salvo junto com os pesos."""

    lr: float


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("checkpoints")


def test_fixed_weights_only_loads_with_the_safe_default():
    loaded = checkpoints.weights_only_fixed()
    assert loaded["accuracy"] == 0.9 and type(loaded["accuracy"]) is float
    assert set(loaded["model"]) == {"weight", "bias"}


def test_fixed_module_prefix_loads_the_same_weights():
    model, original = checkpoints.module_prefix_fixed()
    for key, value in original.state_dict().items():
        torch.testing.assert_close(model.state_dict()[key], value)


def test_fixed_size_mismatch_keeps_the_backbone_and_has_a_new_head():
    model, pretrained = checkpoints.size_mismatch_fixed()
    torch.testing.assert_close(model[0].weight, pretrained[0].weight)
    assert model[2].out_features == 2
    assert model(torch.randn(5, 4)).shape == (5, 2)


def test_fixed_cuda_checkpoint_maps_to_cpu():
    loaded = checkpoints.cuda_checkpoint_fixed()
    assert loaded["weight"].device.type == "cpu"
    torch.testing.assert_close(loaded["weight"], torch.ones(2, 3))


def test_saving_as_if_on_gpu_leaves_the_registry_as_it_was():
    before = list(torch.serialization._package_registry)
    checkpoints.cuda_checkpoint_fixed()
    assert torch.serialization._package_registry == before


def test_weights_only_refuses_a_whole_model_and_a_config_object():
    # A página: o modelo inteiro (em vez do state_dict) ou um objeto de configuração
    # falham com o padrão weights_only=True; o state_dict e tipos do Python passam.
    stable = catalog.entry("weights-only").stable
    for obj in (nn.Linear(3, 2), Config(lr=0.1)):
        buffer = io.BytesIO()
        torch.save(obj, buffer)
        buffer.seek(0)
        with pytest.raises(pickle.UnpicklingError, match=stable):
            torch.load(buffer)
    buffer = io.BytesIO()
    torch.save({"model": nn.Linear(3, 2).state_dict(), "epoch": 3, "lr": 0.1}, buffer)
    buffer.seek(0)
    assert torch.load(buffer)["epoch"] == 3


def test_consume_prefix_removes_module_prefix_in_place():
    # A página cita `consume_prefix_in_state_dict_if_present` como alternativa.
    model = nn.Linear(3, 2)
    state = nn.DataParallel(model).state_dict()
    assert set(state) == {"module.weight", "module.bias"}
    consume_prefix_in_state_dict_if_present(state, "module.")
    fresh = nn.Linear(3, 2)
    fresh.load_state_dict(state)
    torch.testing.assert_close(fresh.weight, model.weight)


def test_strict_false_alone_does_not_skip_a_shape_mismatch():
    # A página: tire as chaves da cabeça do state_dict e então use strict=False;
    # strict=False sozinho ainda recusa formas diferentes.
    stable = catalog.entry("size-mismatch").stable
    pretrained = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    with pytest.raises(RuntimeError, match=re.escape(stable)):
        model.load_state_dict(pretrained.state_dict(), strict=False)
    state = {k: v for k, v in pretrained.state_dict().items() if not k.startswith("2.")}
    result = model.load_state_dict(state, strict=False)
    assert result.missing_keys == ["2.weight", "2.bias"]
    torch.testing.assert_close(model[0].weight, pretrained[0].weight)

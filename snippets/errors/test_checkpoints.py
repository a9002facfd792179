"""Erros de checkpoint: cada reprodução levanta o erro da página; cada correção
funciona."""

import torch

from snippets.errors import checkpoints


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

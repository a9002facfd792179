"""Erros de módulos e otimizador: cada reprodução levanta o erro da página; cada
correção funciona."""

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

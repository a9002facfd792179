"""O passo ingênuo e a receita calculam a mesma coisa; a versão compilada também."""

import copy

import pytest
import torch
from torch import nn

from snippets.benchmarks.training_step import (
    RecipeTrainer,
    autocast_dtype,
    naive_train_step,
)

# Tolerância da receita frente ao float32: o bfloat16 tem 8 bits de mantissa
# (erro relativo ~0,4% por operação); depois de uma CNN, 2% na perda e nos pesos.
BF16_TOL = {"rtol": 2e-2, "atol": 2e-2}


def tiny_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(32, 4),
    )


def batch(n: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.randn(n, 3, 16, 16), torch.randint(0, 4, (n,))


def test_recipe_matches_the_naive_loop_within_bf16_tolerance(device):
    model = tiny_cnn().to(device)
    twin = copy.deepcopy(model)
    images, labels = batch()
    criterion = nn.CrossEntropyLoss()
    naive_opt = torch.optim.SGD(model.parameters(), lr=0.1)
    recipe = RecipeTrainer(
        twin,
        torch.optim.SGD(twin.parameters(), lr=0.1),
        criterion,
        device,
        compile_backend=None,
    )
    for _ in range(3):
        naive_loss = naive_train_step(
            model, naive_opt, criterion, images, labels, device
        )
        recipe_loss = recipe.step(images, labels)
        torch.testing.assert_close(
            recipe_loss.float().cpu(), torch.tensor(naive_loss), **BF16_TOL
        )
    for p_naive, p_recipe in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(p_recipe, p_naive, **BF16_TOL)
    # ...e a receita não é o float32 disfarçado: as ativações saíram em 16 bits.
    with torch.autocast(device.type, dtype=recipe.dtype):
        out = twin(images.to(device, memory_format=torch.channels_last))
    assert out.dtype == recipe.dtype


def test_recipe_keeps_weights_in_float32_and_channels_last(device):
    model = tiny_cnn()
    recipe = RecipeTrainer(
        model,
        torch.optim.SGD(model.parameters(), lr=0.1),
        nn.CrossEntropyLoss(),
        device,
        compile_backend=None,
    )
    conv = model[0].weight
    assert conv.dtype == torch.float32
    assert conv.device.type == device.type
    assert conv.is_contiguous(memory_format=torch.channels_last)
    assert not conv.is_contiguous()
    loss = recipe.step(*batch())
    assert loss.device.type == device.type and not loss.requires_grad
    assert all(p.grad is not None for p in model.parameters())


def test_zero_grad_sets_gradients_to_none():
    model = tiny_cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    recipe = RecipeTrainer(
        model, opt, nn.CrossEntropyLoss(), torch.device("cpu"), compile_backend=None
    )
    recipe.step(*batch())
    opt.zero_grad(set_to_none=True)
    assert all(p.grad is None for p in model.parameters())


def test_autocast_dtype_is_bfloat16_on_cpu_and_no_scaler():
    cpu = torch.device("cpu")
    assert autocast_dtype(cpu) is torch.bfloat16
    model = tiny_cnn()
    recipe = RecipeTrainer(
        model,
        torch.optim.SGD(model.parameters(), lr=0.1),
        nn.CrossEntropyLoss(),
        cpu,
        compile_backend=None,
    )
    assert not recipe.scaler.is_enabled()


@pytest.mark.gpu
def test_autocast_dtype_on_cuda_follows_bf16_support():
    expected = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    assert autocast_dtype(torch.device("cuda")) is expected


def test_compiled_step_matches_eager():
    # Custo: ~4 s numa CPU de 2 núcleos, quase tudo importando o torch._dynamo.
    # O backend "aot_eager" passa pelo mesmo caminho do inductor (captura do grafo
    # pelo dynamo e divisão forward/backward pelo AOTAutograd) sem gerar código C++,
    # que levaria ~50 s com o cache frio; o runner compara o inductor de verdade
    # com o eager antes de medir (campo "compiled_matches_eager" do registro).
    torch._dynamo.reset()
    model = tiny_cnn()
    twin = copy.deepcopy(model)
    images, labels = batch()
    criterion = nn.CrossEntropyLoss()
    kwargs = {"channels_last": True}
    eager = RecipeTrainer(
        model,
        torch.optim.SGD(model.parameters(), lr=0.1),
        criterion,
        torch.device("cpu"),
        compile_backend=None,
        **kwargs,
    )
    compiled = RecipeTrainer(
        twin,
        torch.optim.SGD(twin.parameters(), lr=0.1),
        criterion,
        torch.device("cpu"),
        compile_backend="aot_eager",
        **kwargs,
    )
    for _ in range(2):
        torch.testing.assert_close(
            compiled.step(images, labels), eager.step(images, labels)
        )
    for p_eager, p_compiled in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(p_compiled, p_eager)
    torch._dynamo.reset()

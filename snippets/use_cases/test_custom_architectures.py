import pytest
import torch
import torch.nn.functional as F

from snippets.use_cases import custom_architectures
from snippets.use_cases.custom_architectures import (
    ResidualBlock,
    ResidualMLP,
    StraightThroughRound,
    Swish,
    SwishFunction,
    make_rings,
    train_classifier,
)


def test_swish_backward_passes_gradcheck_in_float64():
    x = torch.randn(16, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(SwishFunction.apply, (x,))
    # O backward usa operações diferenciáveis: a segunda derivada também confere.
    assert torch.autograd.gradgradcheck(SwishFunction.apply, (x,))


def test_swish_matches_silu_values_and_gradients(device):
    x = torch.randn(64, device=device, requires_grad=True)
    y = x.detach().clone().requires_grad_(True)
    Swish()(x).sum().backward()
    F.silu(y).sum().backward()
    torch.testing.assert_close(Swish()(x), F.silu(y))
    torch.testing.assert_close(x.grad, y.grad)


def test_straight_through_rounds_forward_and_passes_gradient(device):
    x = torch.tensor([0.2, 0.7, -1.6], device=device, requires_grad=True)
    out = StraightThroughRound.apply(x)
    (out * torch.tensor([1.0, 2.0, 3.0], device=device)).sum().backward()
    assert out.tolist() == [0.0, 1.0, -2.0]
    assert x.grad.tolist() == [1.0, 2.0, 3.0]  # o gradiente de round seria 0


def test_zero_initialised_residual_block_is_the_identity(device):
    block = ResidualBlock(8, 16).to(device)
    x = torch.randn(5, 8, device=device)
    assert torch.equal(block(x), x)
    assert not torch.equal(ResidualBlock(8, 16, zero_init=False).to(device)(x), x)


def test_residual_network_trains(device):
    torch.manual_seed(0)
    X, y = make_rings(512)
    model = ResidualMLP(in_features=2, num_classes=2, depth=3)
    losses = train_classifier(model, X, y, device=device)
    assert losses[-1] < 0.1 * losses[0]
    model.eval()
    with torch.inference_mode():
        predicted = model(X.to(device)).argmax(dim=1).cpu()
    assert (predicted == y).float().mean() > 0.95
    # Os blocos saíram da identidade: a última camada de cada um aprendeu.
    assert all(block.fc2.weight.abs().sum() > 0 for block in model.blocks)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(custom_architectures)
    assert "gradcheck da SwishFunction: True" in out
    assert "bloco recém-criado é a identidade: True" in out


class _CombinedStyle(torch.autograd.Function):
    """O estilo antigo: `forward(ctx, x)` guarda o que o backward precisa."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


def test_setup_context_is_optional_for_autograd_but_needed_for_torch_func():
    x = torch.randn(5, dtype=torch.float64)
    # O estilo combinado continua funcionando com o autograd comum...
    leaf = x.clone().requires_grad_(True)
    _CombinedStyle.apply(leaf).sum().backward()
    torch.testing.assert_close(leaf.grad, 2 * x)
    # ...mas as transformações de torch.func exigem o setup_context separado.
    with pytest.raises(RuntimeError, match="must override the setup_context"):
        torch.func.grad(lambda t: _CombinedStyle.apply(t).sum())(x)
    # A SwishFunction, no estilo separado, funciona com torch.func.grad.
    expected = torch.sigmoid(x) * (1 + x * (1 - torch.sigmoid(x)))
    torch.testing.assert_close(
        torch.func.grad(lambda t: SwishFunction.apply(t).sum())(x), expected
    )

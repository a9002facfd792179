import pytest
import torch
import torch.nn.functional as F

from snippets.use_cases import gan_2d
from snippets.use_cases.gan_2d import (
    TARGET_COV,
    TARGET_MEAN,
    Discriminator,
    Generator,
    discriminator_step,
    generator_step,
    moment_distance,
    sample_target,
    train_gan,
)


def snapshot(module: torch.nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in module.parameters()]


def same(module: torch.nn.Module, saved: list[torch.Tensor]) -> bool:
    return all(
        torch.equal(p, s) for p, s in zip(module.parameters(), saved, strict=True)
    )


def test_target_sampler_has_the_declared_moments():
    x = sample_target(20000, torch.Generator().manual_seed(0))
    torch.testing.assert_close(x.mean(dim=0), TARGET_MEAN, atol=0.03, rtol=0)
    torch.testing.assert_close(torch.cov(x.T), TARGET_COV, atol=0.03, rtol=0)


def test_each_step_updates_only_its_own_network(device):
    G, D = Generator().to(device), Discriminator().to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-2)
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-2)
    real = sample_target(64).to(device)
    z = torch.randn(64, 2, device=device)

    g_before, d_before = snapshot(G), snapshot(D)
    discriminator_step(G, D, opt_d, real, z)
    assert same(G, g_before)
    assert not same(D, d_before)
    assert all(p.grad is None for p in G.parameters())  # detach: nem gradiente

    g_before, d_before = snapshot(G), snapshot(D)
    generator_step(G, D, opt_g, z)
    assert same(D, d_before)
    assert not same(G, g_before)
    assert all(p.requires_grad for p in D.parameters())  # D descongelado de volta


def test_training_moves_generated_moments_toward_the_target(device):
    torch.manual_seed(0)
    G, D = Generator().to(device), Discriminator().to(device)
    before = moment_distance(G)
    history = train_gan(G, D, device=device)
    after = moment_distance(G)
    assert len(history["d"]) == len(history["g"]) == 1000
    assert after < before / 3, (before, after)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(gan_2d)
    assert "média alvo:   [2.0, -1.0]" in out


@pytest.mark.parametrize("n", [1, 5])
def test_generator_output_shape(n):
    assert Generator()(torch.randn(n, 2)).shape == (n, 2)
    assert Discriminator()(torch.randn(n, 2)).shape == (n,)


def test_non_saturating_loss_keeps_a_strong_gradient_when_the_generator_is_bad():
    # O discriminador rejeita o falso com confiança (logit -8, D(G(z)) ≈ 0,0003).
    logit = torch.tensor([-8.0], requires_grad=True)
    # Não saturante: rotular o falso como real, minimizar -log D.
    F.binary_cross_entropy_with_logits(logit, torch.ones(1)).backward()
    strong = logit.grad.abs().item()
    logit.grad = None
    # Saturante (a do artigo original): minimizar log(1 - D).
    (-F.binary_cross_entropy_with_logits(logit, torch.zeros(1))).backward()
    weak = logit.grad.abs().item()
    assert strong > 0.99 and weak < 1e-3

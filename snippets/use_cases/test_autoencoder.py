import torch

from snippets.use_cases import autoencoder
from snippets.use_cases.autoencoder import (
    Autoencoder,
    make_low_rank_data,
    reconstruction_error,
    train_autoencoder,
)


def test_bottleneck_has_the_declared_size(device):
    model = Autoencoder(in_features=20, latent_dim=3).to(device)
    x = torch.randn(7, 20, device=device)
    assert model.encode(x).shape == (7, 3)
    assert model(x).shape == (7, 20)


def test_train_and_test_share_the_subspace():
    a, b = make_low_rank_data(200, seed=0), make_low_rank_data(200, seed=1)
    assert not torch.equal(a, b)
    # Sem ruído, as duas amostras juntas ainda têm posto 3.
    clean = torch.cat([make_low_rank_data(50, noise=0.0, seed=s) for s in (0, 1)])
    assert torch.linalg.matrix_rank(clean).item() == 3


def test_reconstruction_error_falls_on_held_out_data(device):
    torch.manual_seed(0)
    X_train = make_low_rank_data(512, seed=0)
    X_test = make_low_rank_data(256, seed=1)
    model = Autoencoder(in_features=20, latent_dim=3).to(device)
    before = reconstruction_error(model, X_test)
    history = train_autoencoder(model, X_train, device=device)
    after = reconstruction_error(model, X_test)
    assert history[-1] < history[0]
    assert after < 0.05 * before, (before, after)
    assert after < 0.02  # perto do piso do ruído (0.05² = 0.0025)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(autoencoder)
    assert "forma do código latente: (256, 3)" in out

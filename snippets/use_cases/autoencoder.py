"""Autoencoder: comprimir dados num gargalo e reconstruí-los.

O encoder leva cada exemplo a um vetor pequeno (o código latente, ou gargalo) e o
decoder tenta reconstruir o original a partir dele. Os dados sintéticos vivem num
subespaço de baixa dimensão com ruído, então um gargalo do tamanho desse subespaço
basta para reconstruí-los bem.
"""

# --8<-- [start:autoencoder]
import torch
import torch.nn.functional as F
from torch import nn


class Autoencoder(nn.Module):
    """Autoencoder totalmente conectado com gargalo de `latent_dim` unidades.

    Args:
        in_features: dimensão de cada exemplo.
        latent_dim: tamanho do código latente (o gargalo).
        hidden: largura das camadas ocultas.
    """

    def __init__(self, in_features: int, latent_dim: int, hidden: int = 64) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(in_features, hidden), nn.ReLU(), nn.Linear(hidden, latent_dim)
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, in_features)
        )

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Comprime `(N, in_features)` em códigos `(N, latent_dim)`."""
        return self.encoder(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstrói `x`: `(N, in_features)` → `(N, in_features)`."""
        return self.decoder(self.encode(x))


def make_low_rank_data(
    n: int,
    in_features: int = 20,
    rank: int = 3,
    noise: float = 0.05,
    seed: int = 0,
    subspace_seed: int = 0,
) -> torch.Tensor:
    """Gera `n` exemplos num subespaço de dimensão `rank`, mais ruído gaussiano.

    Args:
        n: número de exemplos.
        in_features: dimensão de cada exemplo.
        rank: dimensão do subespaço.
        noise: desvio-padrão do ruído somado.
        seed: semente das amostras (treino e teste usam sementes diferentes).
        subspace_seed: semente da base do subespaço (a mesma para treino e teste).

    Returns:
        Tensor `(n, in_features)`.
    """
    basis_g = torch.Generator().manual_seed(subspace_seed)
    basis = torch.randn(rank, in_features, generator=basis_g) / rank**0.5
    g = torch.Generator().manual_seed(seed)
    codes = torch.randn(n, rank, generator=g)
    return codes @ basis + noise * torch.randn(n, in_features, generator=g)


def train_autoencoder(
    model: Autoencoder,
    X: torch.Tensor,
    epochs: int = 20,
    batch_size: int = 64,
    lr: float = 3e-3,
    device: torch.device | None = None,
    seed: int = 0,
) -> list[float]:
    """Minimiza o erro quadrático de reconstrução com Adam.

    Returns:
        O erro médio de reconstrução de cada época.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=g)
        total = 0.0
        for start in range(0, len(X), batch_size):
            batch = X[order[start : start + batch_size]].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(batch), batch)  # o alvo é a própria entrada
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(X))
    return history


@torch.inference_mode()
def reconstruction_error(model: Autoencoder, X: torch.Tensor) -> float:
    """Erro quadrático médio de reconstrução (modo `eval`) sobre `X`."""
    model.eval()
    device = next(model.parameters()).device
    return F.mse_loss(model(X.to(device)).cpu(), X).item()


# --8<-- [end:autoencoder]


def main() -> None:
    """Treina um autoencoder com gargalo 3 em dados de posto 3 e mede o erro."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    X_train = make_low_rank_data(512, seed=0)
    X_test = make_low_rank_data(256, seed=1)  # amostras novas, mesmo subespaço
    model = Autoencoder(in_features=20, latent_dim=3).to(device)
    print(f"erro de reconstrução antes: {reconstruction_error(model, X_test):.4f}")
    train_autoencoder(model, X_train, device=device)
    print(f"erro de reconstrução depois: {reconstruction_error(model, X_test):.4f}")
    with torch.inference_mode():
        codes = model.encode(X_test.to(device))
    print(f"forma do código latente: {tuple(codes.shape)}")
    print(f"variância dos dados: {X_test.var().item():.4f}")


if __name__ == "__main__":
    main()

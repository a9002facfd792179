"""GANs e modelos generativos: uma GAN que aprende uma gaussiana 2-D.

O gerador transforma ruído em pontos do plano; o discriminador tenta distinguir esses
pontos dos reais. Numa distribuição 2-D dá para medir o progresso com números simples:
a média e a covariância das amostras geradas se aproximam das do alvo.
"""

# --8<-- [start:gan]
import torch
import torch.nn.functional as F
from torch import nn

TARGET_MEAN = torch.tensor([2.0, -1.0])
TARGET_COV = torch.tensor([[1.0, 0.6], [0.6, 0.5]])


def sample_target(n: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """Amostra `n` pontos da gaussiana alvo N(TARGET_MEAN, TARGET_COV).

    Args:
        n: número de pontos.
        generator: gerador de números aleatórios (reprodutibilidade).

    Returns:
        Tensor `(n, 2)` em CPU.
    """
    chol = torch.linalg.cholesky(TARGET_COV)  # cov = L Lᵀ
    z = torch.randn(n, 2, generator=generator)
    return TARGET_MEAN + z @ chol.T


class Generator(nn.Module):
    """MLP que leva ruído `(N, noise_dim)` a pontos `(N, 2)`."""

    def __init__(self, noise_dim: int = 2, hidden: int = 32) -> None:
        super().__init__()
        self.noise_dim = noise_dim
        self.net = nn.Sequential(
            nn.Linear(noise_dim, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, 2),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Discriminator(nn.Module):
    """MLP que dá um logit por ponto: alto = "parece real"."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)


def discriminator_step(
    generator: Generator,
    discriminator: Discriminator,
    opt_d: torch.optim.Optimizer,
    real: torch.Tensor,
    z: torch.Tensor,
) -> float:
    """Um passo do discriminador: reais → 1, falsos → 0.

    `detach()` corta o grafo do gerador: o backward não calcula gradientes para ele.

    Returns:
        A perda do discriminador.
    """
    fake = generator(z).detach()
    logits_real, logits_fake = discriminator(real), discriminator(fake)
    loss = F.binary_cross_entropy_with_logits(
        logits_real, torch.ones_like(logits_real)
    ) + F.binary_cross_entropy_with_logits(logits_fake, torch.zeros_like(logits_fake))
    opt_d.zero_grad(set_to_none=True)
    loss.backward()
    opt_d.step()
    return loss.item()


def generator_step(
    generator: Generator,
    discriminator: Discriminator,
    opt_g: torch.optim.Optimizer,
    z: torch.Tensor,
) -> float:
    """Um passo do gerador com a perda "não saturante": falsos devem parecer reais.

    O discriminador é congelado durante o passo (sem gradientes acumulados nele).

    Returns:
        A perda do gerador.
    """
    discriminator.requires_grad_(False)
    logits_fake = discriminator(generator(z))
    loss = F.binary_cross_entropy_with_logits(logits_fake, torch.ones_like(logits_fake))
    opt_g.zero_grad(set_to_none=True)
    loss.backward()
    opt_g.step()
    discriminator.requires_grad_(True)
    return loss.item()


def train_gan(
    generator: Generator,
    discriminator: Discriminator,
    steps: int = 1000,
    batch_size: int = 128,
    lr: float = 2e-3,
    device: torch.device | None = None,
    seed: int = 0,
) -> dict[str, list[float]]:
    """Alterna passos do discriminador e do gerador com Adam.

    A taxa de aprendizado cai linearmente até zero: uma GAN oscila em torno do
    equilíbrio, e passos cada vez menores fazem o par assentar perto dele.

    Args:
        generator: o gerador (movido para `device`).
        discriminator: o discriminador (movido para `device`).
        steps: número de pares de passos D/G.
        batch_size: pontos reais e falsos por passo.
        lr: taxa de aprendizado dos dois otimizadores.
        device: onde treinar; `None` escolhe CUDA quando houver.
        seed: semente dos dados reais e do ruído.

    Returns:
        Histórico com as perdas `"d"` e `"g"` de cada passo.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    generator.to(device).train()
    discriminator.to(device).train()
    # beta1 = 0.5 é a escolha usual em GANs (Radford et al., 2015): menos inércia.
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.999))
    schedulers = [
        torch.optim.lr_scheduler.LinearLR(opt, 1.0, 0.0, total_iters=steps)
        for opt in (opt_g, opt_d)
    ]
    g = torch.Generator().manual_seed(seed)
    history: dict[str, list[float]] = {"d": [], "g": []}
    for _ in range(steps):
        real = sample_target(batch_size, g).to(device)
        z = torch.randn(batch_size, generator.noise_dim, generator=g).to(device)
        history["d"].append(
            discriminator_step(generator, discriminator, opt_d, real, z)
        )
        z = torch.randn(batch_size, generator.noise_dim, generator=g).to(device)
        history["g"].append(generator_step(generator, discriminator, opt_g, z))
        for scheduler in schedulers:
            scheduler.step()
    return history


@torch.inference_mode()
def moment_distance(generator: Generator, n: int = 4096, seed: int = 1) -> float:
    """Distância entre os momentos gerados e os do alvo.

    Soma da distância euclidiana entre as médias e da norma de Frobenius da
    diferença entre as covariâncias, estimadas com `n` amostras.
    """
    device = next(generator.parameters()).device
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, generator.noise_dim, generator=g).to(device)
    samples = generator(z).cpu()
    mean_error = torch.linalg.vector_norm(samples.mean(dim=0) - TARGET_MEAN)
    cov_error = torch.linalg.matrix_norm(torch.cov(samples.T) - TARGET_COV)
    return (mean_error + cov_error).item()


# --8<-- [end:gan]


def main() -> None:
    """Treina a GAN e compara os momentos gerados com os do alvo."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    generator, discriminator = Generator().to(device), Discriminator().to(device)
    before = moment_distance(generator)
    train_gan(generator, discriminator, device=device)
    after = moment_distance(generator)
    print(f"distância aos momentos do alvo antes do treino: {before:.3f}")
    print(f"distância aos momentos do alvo depois do treino: {after:.3f}")
    with torch.inference_mode():
        z = torch.randn(4096, generator.noise_dim, device=device)
        samples = generator(z).cpu()
    print(f"média gerada: {[round(v, 2) for v in samples.mean(dim=0).tolist()]}")
    print(f"média alvo:   {TARGET_MEAN.tolist()}")


if __name__ == "__main__":
    main()

"""Solução de problemas: com a taxa de aprendizado alta, a perda explode.

Um problema de brinquedo (regressão linear com SGD) em que o limite é conhecido: para
a perda quadrática, o SGD diverge quando `lr` passa de `2 / λ_max`, em que `λ_max` é o
maior autovalor da Hessiana `2 XᵀX / n`. O perfil original recomendava reduzir o `lr`
do Adam para `1e-4`; o mesmo `fit` aceita o Adam para comparar.
"""

# --8<-- [start:learning-rate]
import math

import torch
from torch import nn


def make_regression(
    num_samples: int = 64, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Dados de uma reta conhecida com um pouco de ruído.

    Args:
        num_samples: quantidade de exemplos.
        seed: semente dos dados.

    Returns:
        `X` de forma `(num_samples, 3)` e `y` de forma `(num_samples, 1)`.
    """
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(num_samples, 3, generator=generator)
    true_w = torch.tensor([[2.0], [-1.0], [0.5]])
    y = X @ true_w + 0.1 * torch.randn(num_samples, 1, generator=generator)
    return X, y


def fit(
    lr: float,
    steps: int = 30,
    optimizer_cls: type[torch.optim.Optimizer] = torch.optim.SGD,
    seed: int = 0,
) -> list[float]:
    """Ajusta `nn.Linear(3, 1)` por `steps` passos e devolve a perda de cada passo.

    Args:
        lr: taxa de aprendizado.
        steps: quantos passos do otimizador.
        optimizer_cls: `torch.optim.SGD`, `torch.optim.Adam`, etc.
        seed: semente dos dados e da inicialização do modelo.

    Returns:
        A perda (MSE) antes de cada passo.
    """
    X, y = make_regression(seed=seed)
    torch.manual_seed(seed)
    model = nn.Linear(3, 1)
    optimizer = optimizer_cls(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def diverged(losses: list[float]) -> bool:
    """`True` se a perda virou `inf`/`nan` ou terminou maior do que começou.

    Args:
        losses: a perda de cada passo, como devolvida por `fit`.
    """
    return not math.isfinite(losses[-1]) or losses[-1] > losses[0]


# --8<-- [end:learning-rate]


def main() -> None:
    """Compara três taxas de aprendizado no mesmo problema."""
    runs = [
        ("SGD", torch.optim.SGD, 1.5),
        ("SGD", torch.optim.SGD, 0.1),
        ("Adam", torch.optim.Adam, 1e-4),
    ]
    for name, cls, lr in runs:
        losses = fit(lr, optimizer_cls=cls)
        verdict = "explode" if diverged(losses) else "cai"
        print(
            f"{name} lr={lr:g}: perda {losses[0]:.3g} -> {losses[-1]:.3g} ({verdict})"
        )


if __name__ == "__main__":
    main()

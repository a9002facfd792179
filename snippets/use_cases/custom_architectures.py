"""Custom Neural Architectures: blocos residuais e uma operação com backward próprio.

Mostra as duas portas de extensão do PyTorch: compor um `nn.Module` novo (um bloco
residual que começa como a identidade) e escrever uma operação diferenciável com
`torch.autograd.Function`, dizendo à mão como o gradiente volta.
"""

# --8<-- [start:custom-architecture]
import torch
from torch import nn


class SwishFunction(torch.autograd.Function):
    """swish(x) = x · sigmoid(x), com o backward escrito à mão.

    Derivada: sigmoid(x) · (1 + x · (1 − sigmoid(x))). O estilo com `setup_context`
    separado do `forward` é o recomendado desde o PyTorch 2.0 (funciona com
    `torch.func` e `torch.compile`).
    """

    @staticmethod
    def forward(x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(x)

    @staticmethod
    def setup_context(ctx, inputs, output) -> None:
        (x,) = inputs
        ctx.save_for_backward(x)  # só o necessário para o backward

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        sig = torch.sigmoid(x)
        return grad_output * sig * (1 + x * (1 - sig))


class StraightThroughRound(torch.autograd.Function):
    """Arredonda no forward e deixa o gradiente passar inalterado no backward.

    O "straight-through estimator" (Bengio et al., 2013) permite treinar através de
    uma operação sem derivada útil (o arredondamento tem derivada zero quase em
    todo ponto), como em quantização. O gradiente é uma aproximação deliberada, por
    isso não passa no `gradcheck`.
    """

    @staticmethod
    def forward(x: torch.Tensor) -> torch.Tensor:
        return torch.round(x)

    @staticmethod
    def setup_context(ctx, inputs, output) -> None:
        pass  # o backward não precisa de nada salvo

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        return grad_output


class Swish(nn.Module):
    """Ativação `nn.Module` que usa a `SwishFunction` (equivale a `nn.SiLU`)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return SwishFunction.apply(x)


class ResidualBlock(nn.Module):
    """Bloco residual pré-normalizado: `x + W2 · swish(W1 · norm(x))`.

    Args:
        dim: largura da entrada e da saída.
        hidden: largura interna do bloco.
        zero_init: zera a última camada, de modo que o bloco começa como a
            identidade exata (estabiliza redes profundas no início do treino).
    """

    def __init__(self, dim: int, hidden: int, zero_init: bool = True) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.act = Swish()
        self.fc2 = nn.Linear(hidden, dim)
        if zero_init:
            nn.init.zeros_(self.fc2.weight)
            nn.init.zeros_(self.fc2.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.fc2(self.act(self.fc1(self.norm(x))))


class ResidualMLP(nn.Module):
    """Classificador: camada de entrada, `depth` blocos residuais e cabeça linear.

    Args:
        in_features: atributos de entrada.
        num_classes: classes de saída.
        width: largura do caminho residual.
        depth: número de blocos residuais.
    """

    def __init__(
        self, in_features: int, num_classes: int, width: int = 32, depth: int = 3
    ) -> None:
        super().__init__()
        self.stem = nn.Linear(in_features, width)
        # nn.Sequential a partir de uma lista: a profundidade vira um parâmetro.
        self.blocks = nn.Sequential(
            *[ResidualBlock(width, 2 * width) for _ in range(depth)]
        )
        self.head = nn.Sequential(nn.LayerNorm(width), nn.Linear(width, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.blocks(self.stem(x)))


# --8<-- [end:custom-architecture]

# --8<-- [start:training]
import math

import torch
import torch.nn.functional as F
from torch import nn


def make_rings(n: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Pontos 2-D em dois anéis concêntricos (classe 0 dentro, 1 fora).

    Returns:
        `(X, y)` com `X` `(n, 2)` `float32` e `y` `(n,)` `long`.
    """
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=g)
    radius = 1.0 + y.float() + 0.15 * torch.randn(n, generator=g)
    angle = 2 * math.pi * torch.rand(n, generator=g)
    X = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1)
    return X, y


def train_classifier(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    steps: int = 100,
    lr: float = 1e-2,
    device: torch.device | None = None,
) -> list[float]:
    """Treina com AdamW em lote cheio e devolve a perda de cada passo."""
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    X, y = X.to(device), y.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


# --8<-- [end:training]


def main() -> None:
    """Verifica a operação personalizada e treina a rede residual nos anéis."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x = torch.randn(8, dtype=torch.float64, requires_grad=True)
    ok = torch.autograd.gradcheck(SwishFunction.apply, (x,))
    print(f"gradcheck da SwishFunction: {ok}")

    block = ResidualBlock(4, 8)
    h = torch.randn(3, 4)
    print(f"bloco recém-criado é a identidade: {torch.equal(block(h), h)}")

    X, y = make_rings(512)
    model = ResidualMLP(in_features=2, num_classes=2)
    losses = train_classifier(model, X, y, device=device)
    model.eval()
    with torch.inference_mode():
        accuracy = (model(X.to(device)).argmax(dim=1).cpu() == y).float().mean()
    print(f"perda: {losses[0]:.4f} -> {losses[-1]:.4f}")
    print(f"acurácia no treino: {accuracy.item():.3f}")


if __name__ == "__main__":
    main()

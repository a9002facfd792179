"""Intermediário: uma rede neural simples (MLP) treinada com o laço clássico.

Corrige o exemplo do perfil original: os dados viram tensores com `torch.as_tensor`
(os construtores legados `torch.FloatTensor`/`torch.LongTensor` recusavam `float64`),
o número de classes vem do maior rótulo (`len(set(y))` quebrava com rótulos como
`{3, 7}`), entradas de tamanhos diferentes falham com uma mensagem clara e o log a
cada 10 épocas pode ser desligado.
"""

# --8<-- [start:simple-nn]
from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.optim as optim


class SimpleNN(nn.Module):
    """Perceptron de duas camadas: `Linear → ReLU → Linear`.

    Args:
        input_size: número de atributos de cada exemplo.
        hidden_size: largura da camada oculta.
        num_classes: número de saídas (um logit por classe).
    """

    def __init__(self, input_size: int, hidden_size: int, num_classes: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Calcula os logits.

        Args:
            x: tensor `(N, input_size)` de `float32`.

        Returns:
            Tensor `(N, num_classes)` com os logits (sem softmax: a
            `CrossEntropyLoss` aplica `log_softmax` internamente).
        """
        out = self.fc1(x)
        out = self.relu(out)
        out = self.fc2(out)
        return out


def train_simple_model(
    X_train: Sequence | torch.Tensor,
    y_train: Sequence | torch.Tensor,
    epochs: int = 100,
    *,
    num_classes: int | None = None,
    hidden_size: int = 64,
    lr: float = 0.001,
    log_every: int | None = 10,
    device: torch.device | str | None = None,
) -> dict:
    """Treina uma `SimpleNN` com o lote inteiro a cada época (Adam + entropia cruzada).

    Args:
        X_train: atributos `(N, F)`: lista de listas, array NumPy ou tensor, de
            qualquer tipo numérico (`float64` incluído; vira `float32`).
        y_train: rótulos inteiros `(N,)`, não negativos. Não precisam ser `0..K-1`.
        epochs: número de épocas (passos do otimizador).
        num_classes: número de saídas. Se `None`, usa `max(y_train) + 1`, de modo
            que qualquer rótulo é um índice válido (com rótulos `{3, 7}` a rede tem
            8 saídas; as classes que nunca aparecem só aprendem a ficar improváveis).
        hidden_size: largura da camada oculta.
        lr: taxa de aprendizado do Adam.
        log_every: imprime a perda a cada `log_every` épocas, como no perfil
            original; `None` ou `0` desliga o log.
        device: onde treinar. Se `None`, usa `cuda` quando existe, senão `cpu`.

    Returns:
        Dicionário com `model` (a `SimpleNN` treinada, no `device`), `final_loss`
        (perda da última época, `float`) e `losses` (uma perda por época).

    Raises:
        ValueError: se `X_train` não for 2D, se `y_train` não for 1D, se os
            tamanhos não baterem, se houver rótulo negativo ou fora de
            `num_classes`, ou se `epochs < 1`.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    # as_tensor aceita listas, arrays e tensores de qualquer dtype numérico
    X = torch.as_tensor(X_train, dtype=torch.float32, device=device)
    y = torch.as_tensor(y_train, dtype=torch.long, device=device)

    if X.ndim != 2:
        raise ValueError(f"X_train deve ter forma (N, F), recebeu {tuple(X.shape)}")
    if y.ndim != 1:
        raise ValueError(f"y_train deve ter forma (N,), recebeu {tuple(y.shape)}")
    if len(X) != len(y):
        raise ValueError(
            f"X_train tem {len(X)} exemplos, mas y_train tem {len(y)} rótulos"
        )
    if len(y) == 0:
        raise ValueError("X_train e y_train estão vazios")
    if epochs < 1:
        raise ValueError(f"o número de épocas deve ser >= 1, recebeu {epochs}")

    y_min, y_max = int(y.min()), int(y.max())
    if y_min < 0:
        raise ValueError(f"rótulos devem ser >= 0, encontrei {y_min}")
    if num_classes is None:
        num_classes = y_max + 1  # cada rótulo precisa ser um índice de saída
    elif y_max >= num_classes:
        raise ValueError(f"rótulo {y_max} não cabe em num_classes={num_classes}")

    model = SimpleNN(X.shape[1], hidden_size, num_classes).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)

    model.train()
    losses = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        outputs = model(X)
        loss = criterion(outputs, y)
        loss.backward()
        optimizer.step()

        losses.append(loss.item())

        if log_every and (epoch + 1) % log_every == 0:
            print(f"Epoch [{epoch + 1}/{epochs}], Loss: {losses[-1]:.4f}")

    return {"model": model, "final_loss": losses[-1], "losses": losses}


# --8<-- [end:simple-nn]


# --8<-- [start:synthetic-data]
import torch


def make_blobs(
    n_per_class: int = 50,
    num_features: int = 4,
    labels: tuple[int, ...] = (0, 1),
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Gera nuvens gaussianas separáveis, uma por rótulo.

    Args:
        n_per_class: exemplos por rótulo.
        num_features: atributos por exemplo.
        labels: os rótulos a usar (não precisam ser `0..K-1`).
        seed: semente do gerador (mesma semente, mesmos dados).

    Returns:
        `(X, y)`: `X` `(N, num_features)` `float32` e `y` `(N,)` `int64`.
    """
    generator = torch.Generator().manual_seed(seed)
    xs, ys = [], []
    for i, label in enumerate(labels):
        # centros afastados 4 desvios-padrão: as classes são separáveis
        center = torch.zeros(num_features)
        center[i % num_features] = 4.0
        noise = torch.randn(n_per_class, num_features, generator=generator)
        xs.append(center + noise)
        ys.append(torch.full((n_per_class,), label, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


# --8<-- [end:synthetic-data]


# --8<-- [start:summary]
from torch import nn


def describe(model: nn.Module) -> str:
    """As camadas do modelo e quantos números ele aprende (o `summary()` do Keras).

    Args:
        model: qualquer `nn.Module`.

    Returns:
        O `repr` do modelo (cada submódulo registrado, com seus argumentos) e o total
        de parâmetros, com quantos deles são treináveis (`requires_grad=True`).
    """
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return f"{model}\nParâmetros: {total} ({trainable} treináveis)"


# --8<-- [end:summary]


def main() -> None:
    """Treina em duas nuvens separáveis e imprime a perda, a acurácia e o modelo."""
    torch.manual_seed(0)  # inicialização dos pesos reproduzível
    X, y = make_blobs()
    result = train_simple_model(X, y)  # 100 épocas, lr=0.001, log a cada 10
    model = result["model"]
    with torch.no_grad():
        device = next(model.parameters()).device
        predicted = model(X.to(device)).argmax(dim=1).cpu()
    accuracy = 100 * (predicted == y).float().mean().item()
    print(f"Perda inicial: {result['losses'][0]:.4f}")
    print(f"Perda final: {result['final_loss']:.4f}")
    print(f"Acurácia no treino: {accuracy:.1f}%")
    print(describe(model))


if __name__ == "__main__":
    main()

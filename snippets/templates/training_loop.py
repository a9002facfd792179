"""Template: laço de treino completo e executável.

O template do perfil original usava `MyModel`, `dataloader` e `num_epochs` sem
defini-los (`NameError`). Aqui cada nome existe: um modelo pequeno, um `DataLoader`
sobre um `TensorDataset` sintético e `num_epochs = 2`.
"""

# --8<-- [start:training-loop]
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset


class MyModel(nn.Module):
    """Classificador pequeno: 4 atributos de entrada, 3 classes."""

    def __init__(self, in_features: int = 4, num_classes: int = 3) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, 16),
            nn.ReLU(),
            nn.Linear(16, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Devolve os logits, de forma `(lote, num_classes)`."""
        return self.net(x)


def make_dataloader(
    num_samples: int = 512, batch_size: int = 32, seed: int = 0
) -> DataLoader:
    """Cria dados sintéticos separáveis e um `DataLoader` embaralhado e reproduzível.

    A classe de cada exemplo é o índice da maior entre as três primeiras
    atributos, uma regra que a rede consegue aprender.

    Args:
        num_samples: quantidade de exemplos.
        batch_size: tamanho de cada lote.
        seed: semente dos dados e da ordem de embaralhamento.

    Returns:
        `DataLoader` que entrega pares `(data, target)`.
    """
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(num_samples, 4, generator=generator)
    y = X[:, :3].argmax(dim=1)
    dataset = TensorDataset(X, y)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator)


def train(
    model: nn.Module, dataloader: DataLoader, num_epochs: int = 2, lr: float = 0.001
) -> list[float]:
    """Treina com `CrossEntropyLoss` e Adam, como no template original.

    Args:
        model: o modelo a treinar (alterado no lugar).
        dataloader: fonte dos lotes `(data, target)`.
        num_epochs: quantas passagens completas pelos dados.
        lr: taxa de aprendizado do Adam.

    Returns:
        A perda média de cada época (deve cair).
    """
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)
    model.train()
    epoch_losses = []
    for _epoch in range(num_epochs):
        total, count = 0.0, 0
        for data, target in dataloader:
            optimizer.zero_grad()
            output = model(data)
            loss = criterion(output, target)
            loss.backward()
            optimizer.step()
            # .item() copia um número para o Python: guardar o tensor `loss`
            # manteria vivo o grafo de autograd de cada lote.
            total += loss.item() * len(data)
            count += len(data)
        epoch_losses.append(total / count)
    return epoch_losses


# --8<-- [end:training-loop]


def main() -> None:
    """Treina `MyModel` por duas épocas e imprime a perda de cada uma."""
    torch.manual_seed(0)
    model = MyModel()
    num_epochs = 2
    losses = train(model, make_dataloader(), num_epochs=num_epochs)
    for epoch, loss in enumerate(losses, start=1):
        print(f"época {epoch}/{num_epochs}: perda média {loss:.4f}")


if __name__ == "__main__":
    main()

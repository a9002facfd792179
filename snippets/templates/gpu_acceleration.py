"""Template: rodar um modelo na GPU quando houver uma, com volta automática à CPU.

Completa o template do perfil original: o dispositivo é escolhido com fallback para a
CPU, modelo e dados vão para ele com `.to(device)`, e a avaliação roda em
`model.eval()` + `torch.inference_mode()`.
"""

# --8<-- [start:gpu-acceleration]
import torch
from torch import nn
from torch.utils.data import DataLoader


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


def evaluate_on_device(
    model: nn.Module, dataloader: DataLoader, device: torch.device | None = None
) -> tuple[torch.Tensor, float]:
    """Avalia o modelo no dispositivo escolhido.

    Args:
        model: o modelo (é movido para `device`, no lugar).
        dataloader: fonte dos lotes `(data, target)`, na CPU.
        device: onde rodar. `None` escolhe `cuda` se houver GPU, senão `cpu`.

    Returns:
        Os logits de todos os exemplos (de volta à CPU) e a acurácia.
    """
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = model.to(device)
    model.eval()
    outputs, correct, total = [], 0, 0
    with torch.inference_mode():
        for data, target in dataloader:
            # O modelo e os dados precisam estar no mesmo dispositivo.
            data, target = data.to(device), target.to(device)
            output = model(data)
            correct += (output.argmax(dim=1) == target).sum().item()
            total += len(target)
            outputs.append(output.cpu())
    return torch.cat(outputs), correct / total


# --8<-- [end:gpu-acceleration]


def main() -> None:
    """Avalia um modelo no dispositivo disponível e mostra onde ele rodou."""
    from torch.utils.data import TensorDataset

    torch.manual_seed(0)
    X = torch.randn(64, 4)
    y = X[:, :3].argmax(dim=1)
    loader = DataLoader(TensorDataset(X, y), batch_size=16)
    model = MyModel()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    outputs, accuracy = evaluate_on_device(model, loader, device)
    # Não imprime o nome do dispositivo: a saída tem a mesma forma em CPU e GPU.
    moved = next(model.parameters()).device.type == device.type
    print(f"modelo no dispositivo escolhido: {moved}")
    print(f"forma das saídas: {tuple(outputs.shape)}")
    print(f"acurácia (modelo sem treino): {accuracy:.2f}")


if __name__ == "__main__":
    main()

"""Avançado: CNN para classificação de imagens, com validação e checkpoint.

Corrige o exemplo do perfil original: `nn.AdaptiveAvgPool2d((4, 4))` e
`torch.flatten(x, 1)` no lugar de `x.view(-1, 128 * 4 * 4)` (que só servia para
32×32 e, com 64×64, transformava um lote de 4 imagens em 16 linhas), `in_channels`
e `num_classes` como parâmetros, dispositivo escolhido conforme a máquina (nada de
`device='cuda'` fixo), checkpoint no caminho que quem chama escolher, `argmax` no
lugar de `torch.max(outputs.data, 1)` e erro claro quando um `DataLoader` está vazio.
"""

# --8<-- [start:image-cnn]
from pathlib import Path

import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader


class ImageCNN(nn.Module):
    """Três blocos `Conv → ReLU → MaxPool` seguidos de duas camadas lineares.

    Aceita imagens de qualquer tamanho a partir de 8×8: depois das três reduções
    pela metade, `nn.AdaptiveAvgPool2d((4, 4))` leva o mapa de atributos sempre a
    4×4. Para 32×32 (CIFAR-10) o mapa já é 4×4 e a camada não muda nada.

    Args:
        num_classes: número de classes (saídas).
        in_channels: canais da imagem de entrada (3 para RGB, 1 para tons de cinza).
    """

    def __init__(self, num_classes: int = 10, in_channels: int = 3) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 32, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, kernel_size=3, padding=1)

        self.pool = nn.MaxPool2d(2, 2)
        self.adaptive_pool = nn.AdaptiveAvgPool2d((4, 4))
        self.dropout = nn.Dropout(0.5)

        self.fc1 = nn.Linear(128 * 4 * 4, 512)
        self.fc2 = nn.Linear(512, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Calcula os logits.

        Args:
            x: lote `(N, in_channels, H, W)` de `float32`, com `H, W >= 8`.

        Returns:
            Tensor `(N, num_classes)` com os logits.
        """
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.pool(self.relu(self.conv3(x)))

        x = self.adaptive_pool(x)  # (N, 128, 4, 4) para qualquer H, W
        x = torch.flatten(x, 1)  # achata por exemplo: o lote continua com N linhas
        x = self.dropout(self.relu(self.fc1(x)))
        x = self.fc2(x)
        return x


def train_cnn(
    train_loader: DataLoader,
    val_loader: DataLoader,
    num_epochs: int = 10,
    device: torch.device | str | None = None,
    *,
    num_classes: int = 10,
    in_channels: int = 3,
    lr: float = 0.001,
    save_path: str | Path | None = None,
    verbose: bool = True,
) -> dict:
    """Treina uma `ImageCNN` e valida ao fim de cada época.

    Args:
        train_loader: lotes `(imagens, rótulos)` de treino.
        val_loader: lotes `(imagens, rótulos)` de validação.
        num_epochs: número de épocas.
        device: onde treinar. Se `None`, usa `cuda` quando existe, senão `cpu`.
        num_classes: número de classes; os rótulos devem estar em `0..num_classes-1`.
        in_channels: canais das imagens (3 para RGB, 1 para tons de cinza).
        lr: taxa de aprendizado do Adam.
        save_path: arquivo onde salvar o `state_dict` da melhor época (maior
            acurácia de validação). `None` não grava nada.
        verbose: imprime as perdas e a acurácia de cada época.

    Returns:
        Dicionário com `model` (o modelo ao fim da última época), `best_accuracy`
        (maior acurácia de validação, em %) e `history` (listas `train_loss`,
        `val_loss` e `val_acc`, uma entrada por época). As perdas são médias por
        exemplo.

    Raises:
        ValueError: se um dos loaders estiver vazio, se `num_epochs < 1` ou se um
            rótulo estiver fora de `0..num_classes-1`.
    """
    if len(train_loader) == 0 or len(val_loader) == 0:
        raise ValueError(
            "train_loader e val_loader precisam de pelo menos um lote "
            f"(recebi {len(train_loader)} e {len(val_loader)})"
        )
    if num_epochs < 1:
        raise ValueError(f"num_epochs deve ser >= 1, recebeu {num_epochs}")
    if device is None:
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    model = ImageCNN(num_classes=num_classes, in_channels=in_channels).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=lr)

    best_acc = -1.0  # a primeira época sempre grava, mesmo com 0% de acurácia
    history = {"train_loss": [], "val_loss": [], "val_acc": []}

    def check_labels(labels: torch.Tensor) -> None:
        # Em CUDA, um rótulo fora do intervalo vira um "device-side assert" obscuro
        if labels.min() < 0 or labels.max() >= num_classes:
            raise ValueError(
                f"rótulos devem estar em 0..{num_classes - 1}, "
                f"recebi {labels.min().item()}..{labels.max().item()}"
            )

    for epoch in range(num_epochs):
        # Treino
        model.train()
        train_loss, train_total = 0.0, 0

        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            check_labels(labels)

            optimizer.zero_grad()
            outputs = model(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            train_loss += loss.item() * labels.size(0)
            train_total += labels.size(0)

        # Validação: sem dropout e sem grafo de gradientes
        model.eval()
        val_loss, correct, total = 0.0, 0, 0

        with torch.no_grad():
            for images, labels in val_loader:
                images, labels = images.to(device), labels.to(device)
                check_labels(labels)
                outputs = model(images)
                val_loss += criterion(outputs, labels).item() * labels.size(0)

                predicted = outputs.argmax(dim=1)
                total += labels.size(0)
                correct += (predicted == labels).sum().item()

        val_acc = 100 * correct / total

        history["train_loss"].append(train_loss / train_total)
        history["val_loss"].append(val_loss / total)
        history["val_acc"].append(val_acc)

        if verbose:
            print(f"Epoch [{epoch + 1}/{num_epochs}]")
            print(f"Train Loss: {history['train_loss'][-1]:.4f}")
            print(f"Val Loss: {history['val_loss'][-1]:.4f}, Val Acc: {val_acc:.2f}%")

        # Salva o melhor modelo (só os pesos: recarrega com weights_only=True)
        if val_acc > best_acc:
            best_acc = val_acc
            if save_path is not None:
                Path(save_path).parent.mkdir(parents=True, exist_ok=True)
                torch.save(model.state_dict(), save_path)

    return {"model": model, "best_accuracy": best_acc, "history": history}


# --8<-- [end:image-cnn]


# --8<-- [start:fake-data]
import torch
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import v2


def make_fake_loaders(
    num_train: int = 64,
    num_val: int = 32,
    image_size: tuple[int, int, int] = (3, 32, 32),
    num_classes: int = 10,
    batch_size: int = 16,
) -> tuple[DataLoader, DataLoader]:
    """Cria loaders de treino e validação com `FakeData` (imagens aleatórias).

    Para treinar de verdade, troque `datasets.FakeData(...)` por
    `datasets.CIFAR10(root, train=..., download=True, transform=transform)`:
    o resto não muda.

    Args:
        num_train: imagens de treino.
        num_val: imagens de validação.
        image_size: `(canais, altura, largura)`.
        num_classes: número de classes dos rótulos sorteados.
        batch_size: tamanho do lote.

    Returns:
        `(train_loader, val_loader)`; o de treino embaralha a cada época.
    """
    # ToImage + ToDtype(scale=True) substitui o ToTensor descontinuado em v2
    transform = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
    train_set = datasets.FakeData(
        size=num_train,
        image_size=image_size,
        num_classes=num_classes,
        transform=transform,
    )
    val_set = datasets.FakeData(
        size=num_val,
        image_size=image_size,
        num_classes=num_classes,
        transform=transform,
        random_offset=num_train,  # imagens diferentes das de treino
    )
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=batch_size)
    return train_loader, val_loader


# --8<-- [end:fake-data]


def main() -> None:
    """Treina 2 épocas em 32 imagens `FakeData` 32×32 e recarrega o checkpoint."""
    import tempfile

    torch.manual_seed(0)
    train_loader, val_loader = make_fake_loaders(num_train=32, num_val=16)
    with tempfile.TemporaryDirectory() as tmp:
        save_path = Path(tmp) / "best_model.pth"
        result = train_cnn(train_loader, val_loader, num_epochs=2, save_path=save_path)

        # Recarrega só os pesos, sem executar pickle arbitrário
        model = ImageCNN(num_classes=10)
        state = torch.load(save_path, map_location="cpu", weights_only=True)
        model.load_state_dict(state)

    print(f"Melhor acurácia de validação: {result['best_accuracy']:.2f}%")
    print(f"Checkpoint recarregado: {len(state)} tensores")
    images, _ = next(iter(val_loader))
    model.eval()
    with torch.no_grad():
        print(f"Saída para um lote {tuple(images.shape)}: {tuple(model(images).shape)}")


if __name__ == "__main__":
    main()

"""Expert: transfer learning com ResNet-50, ajuste fino e agendamento da taxa.

Corrige o exemplo do perfil original: pesos escolhidos com `weights=` (o parâmetro
`pretrained=` está descontinuado), `import torch.optim as optim` presente, otimizador
com todos os parâmetros treináveis (o original só otimizava `model.fc`, mesmo com
`freeze_base=False`), BatchNorm congelada de fato quando a base está congelada,
dispositivo escolhido conforme a máquina, checkpoint no caminho que quem chama escolher
e `ReduceLROnPlateau` sem o argumento `verbose` (removido no torch 2.7).
"""

# --8<-- [start:create-model]
import torch.nn as nn
import torchvision.models as models


def create_transfer_learning_model(
    num_classes: int, pretrained: bool = True, freeze_base: bool = True
) -> nn.Module:
    """Cria uma ResNet-50 com uma nova cabeça de classificação.

    Args:
        num_classes: número de classes da nova tarefa.
        pretrained: `True` carrega `ResNet50_Weights.DEFAULT` (pesos da ImageNet,
            baixados e guardados em cache na primeira vez); `False` começa de pesos
            aleatórios, sem rede.
        freeze_base: congela todos os parâmetros da ResNet; só a nova cabeça
            (`model.fc`) treina.

    Returns:
        A ResNet-50 com `model.fc` trocada por
        `Linear(2048, 512) → ReLU → Dropout(0.5) → Linear(512, num_classes)`.

    Raises:
        ValueError: se `num_classes < 1`.
    """
    if num_classes < 1:
        raise ValueError(f"num_classes deve ser >= 1, recebeu {num_classes}")

    # Carrega a ResNet-50 (pré-treinada na ImageNet ou aleatória)
    weights = models.ResNet50_Weights.DEFAULT if pretrained else None
    model = models.resnet50(weights=weights)

    # Congela a base: nenhum gradiente é calculado para esses parâmetros
    if freeze_base:
        for param in model.parameters():
            param.requires_grad = False

    # Troca a última camada; as camadas novas nascem com requires_grad=True
    num_features = model.fc.in_features
    model.fc = nn.Sequential(
        nn.Linear(num_features, 512),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(512, num_classes),
    )

    return model


# --8<-- [end:create-model]


# --8<-- [start:preprocess]
import torch.nn as nn
from torchvision.models import ResNet50_Weights


def imagenet_preprocess() -> nn.Module:
    """Devolve o pré-processamento que acompanha os pesos `ResNet50_Weights.DEFAULT`.

    Redimensiona para 232, recorta o centro em 224×224, converte para `float` em
    `[0, 1]` e normaliza com a média e o desvio da ImageNet. Não baixa nada: só os
    pesos são baixados, e só quando o modelo é criado com `pretrained=True`.

    Returns:
        A transformação (um `nn.Module`): recebe uma imagem PIL ou um tensor `uint8`
        `(C, H, W)` e devolve um tensor `float32` `(3, 224, 224)`.
    """
    return ResNet50_Weights.DEFAULT.transforms()


# --8<-- [end:preprocess]


# --8<-- [start:fine-tune]
from pathlib import Path

import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim.lr_scheduler import ReduceLROnPlateau
from torch.utils.data import DataLoader


def make_optimizer(
    model: nn.Module, lr: float = 0.001, patience: int = 3
) -> tuple[optim.Optimizer, ReduceLROnPlateau]:
    """Cria o Adam com todos os parâmetros treináveis e o agendador da taxa.

    Args:
        model: o modelo; entram no otimizador os parâmetros com `requires_grad`.
        lr: taxa de aprendizado inicial.
        patience: épocas seguidas sem melhora da acurácia que o agendador tolera;
            na seguinte, a taxa é dividida por 10.

    Returns:
        `(optimizer, scheduler)`. O agendador usa `mode="max"`: espera receber a
        acurácia de validação em `scheduler.step(val_acc)`.
    """
    # Base congelada: só a cabeça; base liberada: todos (o original só usava model.fc)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = optim.Adam(trainable, lr=lr)
    scheduler = ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=patience)
    return optimizer, scheduler


def keep_frozen_batchnorm_in_eval(model: nn.Module) -> None:
    """Põe em modo `eval` as BatchNorm cujos parâmetros estão congelados.

    Em modo `train`, a BatchNorm atualiza `running_mean` e `running_var` a cada lote,
    mesmo com `requires_grad=False`: a base "congelada" mudaria. Chame depois de
    `model.train()`.

    Args:
        model: o modelo (alterado no lugar).
    """
    batchnorm_types = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm)
    for module in model.modules():
        if isinstance(module, batchnorm_types):
            params = list(module.parameters())
            if params and not any(p.requires_grad for p in params):
                module.eval()


def fine_tune_model(
    model: nn.Module,
    train_loader: DataLoader,
    val_loader: DataLoader,
    num_epochs: int = 20,
    device: torch.device | str | None = None,
    *,
    lr: float = 0.001,
    patience: int = 3,
    save_path: str | Path | None = None,
    verbose: bool = True,
) -> dict:
    """Faz o ajuste fino de `model`, validando e ajustando a taxa a cada época.

    Args:
        model: o modelo (por exemplo, o de `create_transfer_learning_model`).
            Só os parâmetros com `requires_grad` são otimizados.
        train_loader: lotes `(imagens, rótulos)` de treino.
        val_loader: lotes `(imagens, rótulos)` de validação.
        num_epochs: número de épocas.
        device: onde treinar. Se `None`, usa `cuda` quando existe, senão `cpu`.
        lr: taxa de aprendizado inicial do Adam.
        patience: épocas seguidas sem melhora da acurácia de validação que
            `ReduceLROnPlateau` tolera; na seguinte, divide a taxa por 10.
        save_path: arquivo do checkpoint da melhor época (`epoch`,
            `model_state_dict`, `optimizer_state_dict`, `scheduler_state_dict`,
            `val_acc`). `None` não grava nada.
        verbose: imprime perdas, acurácias e a taxa de cada época.

    Returns:
        Dicionário com `model` (ao fim da última época), `best_val_acc` (em %) e
        `history` (listas `train_loss`, `train_acc`, `val_loss`, `val_acc` e `lr`,
        uma entrada por época; perdas são médias por exemplo).

    Raises:
        ValueError: se um dos loaders estiver vazio ou se `num_epochs < 1`.
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
    model = model.to(device)

    criterion = nn.CrossEntropyLoss()
    optimizer, scheduler = make_optimizer(model, lr=lr, patience=patience)

    best_val_acc = -1.0  # a primeira época sempre grava
    history = {key: [] for key in ("train_loss", "train_acc", "val_loss", "val_acc")}
    history["lr"] = []

    for epoch in range(num_epochs):
        # Fase de treino
        model.train()
        # a base congelada não muda nem nas estatísticas da BatchNorm
        keep_frozen_batchnorm_in_eval(model)
        train_loss, train_correct, train_total = 0.0, 0, 0

        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)

            optimizer.zero_grad()
            outputs = model(images)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            train_loss += loss.item() * labels.size(0)
            predicted = outputs.argmax(dim=1)
            train_total += labels.size(0)
            train_correct += (predicted == labels).sum().item()

        train_acc = 100 * train_correct / train_total

        # Fase de validação
        model.eval()
        val_loss, val_correct, val_total = 0.0, 0, 0

        with torch.no_grad():
            for images, labels in val_loader:
                images, labels = images.to(device), labels.to(device)
                outputs = model(images)
                loss = criterion(outputs, labels)

                val_loss += loss.item() * labels.size(0)
                predicted = outputs.argmax(dim=1)
                val_total += labels.size(0)
                val_correct += (predicted == labels).sum().item()

        val_acc = 100 * val_correct / val_total

        # Agendamento da taxa: divide por 10 se val_acc parar de subir
        scheduler.step(val_acc)
        current_lr = scheduler.get_last_lr()[0]

        history["train_loss"].append(train_loss / train_total)
        history["train_acc"].append(train_acc)
        history["val_loss"].append(val_loss / val_total)
        history["val_acc"].append(val_acc)
        history["lr"].append(current_lr)

        if verbose:
            print(f"Epoch [{epoch + 1}/{num_epochs}]")
            train_loss, val_loss = history["train_loss"][-1], history["val_loss"][-1]
            print(f"Train Loss: {train_loss:.4f}, Train Acc: {train_acc:.2f}%")
            print(f"Val Loss: {val_loss:.4f}, Val Acc: {val_acc:.2f}%")
            print(f"LR: {current_lr:.6f}")

        # Salva o melhor modelo; tudo é tensor ou número: carrega com weights_only=True
        if val_acc > best_val_acc:
            best_val_acc = val_acc
            if save_path is not None:
                Path(save_path).parent.mkdir(parents=True, exist_ok=True)
                torch.save(
                    {
                        "epoch": epoch,
                        "model_state_dict": model.state_dict(),
                        "optimizer_state_dict": optimizer.state_dict(),
                        "scheduler_state_dict": scheduler.state_dict(),
                        "val_acc": val_acc,
                    },
                    save_path,
                )

    return {"model": model, "best_val_acc": best_val_acc, "history": history}


# --8<-- [end:fine-tune]


def main() -> None:
    """Ajusta a cabeça de uma ResNet-50 (pesos aleatórios) em 8 imagens `FakeData`."""
    import tempfile

    from snippets.examples.image_cnn import make_fake_loaders

    torch.manual_seed(0)
    # pretrained=False: roda sem rede; num projeto de verdade, use pretrained=True
    model = create_transfer_learning_model(num_classes=2, pretrained=False)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    print(f"Parâmetros treináveis: {trainable} de {total}")

    train_loader, val_loader = make_fake_loaders(
        num_train=4, num_val=4, image_size=(3, 32, 32), num_classes=2, batch_size=4
    )
    with tempfile.TemporaryDirectory() as tmp:
        save_path = Path(tmp) / "best_transfer_model.pth"
        result = fine_tune_model(
            model, train_loader, val_loader, num_epochs=2, save_path=save_path
        )
        checkpoint = torch.load(save_path, map_location="cpu", weights_only=True)

    print(f"Melhor acurácia de validação: {result['best_val_acc']:.2f}%")
    print(f"Checkpoint da época {checkpoint['epoch'] + 1}: {sorted(checkpoint)}")


if __name__ == "__main__":
    main()

"""Solução de problemas: overfitting com dropout, weight decay e aumento de dados.

Corrige o perfil original em dois pontos: `model.add_module('dropout', nn.Dropout(0.5))`
só registra um módulo que o `forward` nunca chama (nenhuma regularização acontece), e o
aumento de dados usa a API `transforms.v2` atual no lugar de `transforms.ToTensor()`.
"""

# --8<-- [start:dropout]
import torch
from torch import nn


class MLPWithDropout(nn.Module):
    """Perceptron de duas camadas com dropout entre elas.

    O dropout só regulariza se for **chamado no `forward`**: registrá-lo com
    `add_module` não muda a conta feita pelo modelo.

    Args:
        in_features: número de atributos de entrada.
        hidden: largura da camada oculta.
        num_classes: número de classes.
        p: probabilidade de zerar cada ativação durante o treino.
    """

    def __init__(
        self,
        in_features: int = 20,
        hidden: int = 64,
        num_classes: int = 2,
        p: float = 0.5,
    ) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.dropout = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Devolve os logits; o dropout age só em `model.train()`."""
        x = torch.relu(self.fc1(x))
        x = self.dropout(x)  # em eval() vira a identidade
        return self.fc2(x)


def mlp_with_dropout_sequential(
    in_features: int = 20, hidden: int = 64, num_classes: int = 2, p: float = 0.5
) -> nn.Sequential:
    """A mesma rede com `nn.Sequential`: o dropout vai **entre** as camadas.

    Args:
        in_features: número de atributos de entrada.
        hidden: largura da camada oculta.
        num_classes: número de classes.
        p: probabilidade de zerar cada ativação durante o treino.

    Returns:
        O modelo; `add_module` no fim dele poria o dropout depois dos logits.
    """
    return nn.Sequential(
        nn.Linear(in_features, hidden),
        nn.ReLU(),
        nn.Dropout(p),
        nn.Linear(hidden, num_classes),
    )


# --8<-- [end:dropout]


# --8<-- [start:weight-decay]
import torch
from torch import nn


def make_optimizer(
    model: nn.Module, lr: float = 1e-3, weight_decay: float = 1e-2
) -> torch.optim.Optimizer:
    """AdamW: Adam com weight decay desacoplado (aplicado direto nos pesos).

    Args:
        model: o modelo a treinar.
        lr: taxa de aprendizado.
        weight_decay: fração dos pesos retirada a cada passo, multiplicada por `lr`.

    Returns:
        O otimizador.
    """
    return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)


def weight_norm_after_training(
    weight_decay: float,
    optimizer_cls: type[torch.optim.Optimizer] = torch.optim.AdamW,
    steps: int = 50,
    seed: int = 0,
) -> float:
    """Treina uma rede grande demais para os dados e mede a norma dos seus pesos.

    Com 16 exemplos e 32 atributos, há muitos pesos que zeram a perda; o weight
    decay puxa o treino para os de norma menor.

    Args:
        weight_decay: o `weight_decay` do otimizador (0 desliga).
        optimizer_cls: `torch.optim.AdamW` ou `torch.optim.Adam`.
        steps: quantos passos de treino.
        seed: semente dos dados e da inicialização.

    Returns:
        A norma L2 de todas as matrizes de pesos, juntas, depois do treino.
    """
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(16, 32, generator=generator)
    y = torch.randn(16, 1, generator=generator)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
    optimizer = optimizer_cls(model.parameters(), lr=1e-2, weight_decay=weight_decay)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(X), y).backward()
        optimizer.step()
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    return torch.sqrt(sum((w.detach() ** 2).sum() for w in weights)).item()


# --8<-- [end:weight-decay]


# --8<-- [start:augmentation]
import torch
from torchvision.transforms import v2


def build_augmentation(
    flip_p: float = 0.5,
    degrees: float = 10,
    brightness: float = 0.2,
    contrast: float = 0.2,
) -> v2.Compose:
    """O aumento de dados do perfil original na API v2, para o conjunto de **treino**.

    Args:
        flip_p: probabilidade de espelhar a imagem na horizontal.
        degrees: rotação aleatória em `[-degrees, degrees]` graus.
        brightness: variação máxima de brilho (0.2 = ±20%).
        contrast: variação máxima de contraste (0.2 = ±20%).

    Returns:
        Transformação que aceita imagem PIL, array NumPy `(H, W, C)` ou tensor
        `uint8` `(C, H, W)` e devolve tensor `float32` `(C, H, W)` em [0, 1].
    """
    return v2.Compose(
        [
            v2.ToImage(),  # PIL/NumPy (H, W, C) -> tensor uint8 (C, H, W)
            v2.RandomHorizontalFlip(p=flip_p),
            v2.RandomRotation(degrees),
            v2.ColorJitter(brightness=brightness, contrast=contrast),
            v2.ToDtype(torch.float32, scale=True),  # substitui ToTensor()
        ]
    )


# --8<-- [end:augmentation]


def main() -> None:
    """Mostra o efeito de cada remédio em números pequenos."""
    torch.manual_seed(0)
    model = MLPWithDropout()
    x = torch.randn(4, 20)
    model.train()
    print(f"treino, duas passadas iguais? {torch.equal(model(x), model(x))}")
    model.eval()
    print(f"avaliação, duas passadas iguais? {torch.equal(model(x), model(x))}")

    plain = weight_norm_after_training(weight_decay=0.0)
    decayed = weight_norm_after_training(weight_decay=1e-2)
    print(f"norma dos pesos sem weight decay: {plain:.3f}")
    print(f"norma dos pesos com AdamW(weight_decay=1e-2): {decayed:.3f}")

    image = torch.randint(0, 256, (3, 32, 32), dtype=torch.uint8)
    augmented = build_augmentation()(image)
    print(f"aumento de dados: {tuple(augmented.shape)} {augmented.dtype}")


if __name__ == "__main__":
    main()

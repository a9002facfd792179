"""Passo de treino: o laço ingênuo do perfil e a receita de boas práticas do site.

O laço ingênuo é o do perfil original: float32, cópia síncrona para o dispositivo,
`optimizer.zero_grad()` e `loss.item()` a cada passo. A receita junta o que as
páginas de boas práticas recomendam: autocast (bfloat16 onde o dispositivo suporta,
float16 com `GradScaler` nas GPUs sem bfloat16), `channels_last`, `torch.compile`,
cópias `non_blocking` a partir de memória travada (*pinned*) e
`zero_grad(set_to_none=True)`. Os dois calculam a mesma coisa (os testes comparam,
com tolerância de bfloat16); o runner `scripts/benchmarks` mede quanto a receita
rende em imagens por segundo.
"""

# --8<-- [start:naive-step]
import torch
from torch import nn


def naive_train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    criterion: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    device: torch.device,
) -> float:
    """Um passo de treino como no perfil: float32 e tudo síncrono.

    Args:
        model: o modelo, já em `device`, em float32.
        optimizer: o otimizador dos parâmetros de `model`.
        criterion: a função de perda.
        images: lote `(N, C, H, W)` (em qualquer dispositivo).
        labels: rótulos `(N,)`.
        device: onde o modelo está.

    Returns:
        A perda do lote, como `float` (o `.item()` espera a GPU terminar).
    """
    model.train()
    images, labels = images.to(device), labels.to(device)
    optimizer.zero_grad()
    loss = criterion(model(images), labels)
    loss.backward()
    optimizer.step()
    return loss.item()


# --8<-- [end:naive-step]


# --8<-- [start:recipe-step]
import torch
from torch import nn


def autocast_dtype(device: torch.device) -> torch.dtype:
    """O tipo de 16 bits do autocast para o dispositivo.

    bfloat16 tem a faixa de expoente do float32 e dispensa o `GradScaler`; float16
    fica para as GPUs CUDA sem bfloat16 (antes da Ampere).

    Args:
        device: onde o treino roda.

    Returns:
        `torch.bfloat16`, ou `torch.float16` numa GPU CUDA sem bfloat16.
    """
    if device.type == "cuda" and not torch.cuda.is_bf16_supported():
        return torch.float16
    return torch.bfloat16


class RecipeTrainer:
    """Passo de treino com a receita de boas práticas do site.

    Args:
        model: o modelo em float32 (em qualquer dispositivo; é levado a `device`).
        optimizer: o otimizador dos parâmetros de `model`.
        criterion: a função de perda.
        device: onde treinar.
        compile_backend: backend do `torch.compile` (`"inductor"`, o padrão);
            `None` treina sem compilar.
        channels_last: guarda pesos e imagens no formato NHWC, o que as
            convoluções em 16 bits das GPUs preferem.
    """

    def __init__(
        self,
        model: nn.Module,
        optimizer: torch.optim.Optimizer,
        criterion: nn.Module,
        device: torch.device,
        *,
        compile_backend: str | None = "inductor",
        channels_last: bool = True,
    ) -> None:
        self.device = device
        self.memory_format = (
            torch.channels_last if channels_last else torch.contiguous_format
        )
        model.to(device, memory_format=self.memory_format)
        self.model = model
        # O módulo compilado compartilha os parâmetros: o otimizador continua válido.
        self.forward = (
            torch.compile(model, backend=compile_backend) if compile_backend else model
        )
        self.optimizer = optimizer
        self.criterion = criterion
        self.dtype = autocast_dtype(device)
        # Só float16 precisa de escala da perda; desligado, o scaler é um repasse.
        self.scaler = torch.amp.GradScaler(
            device.type, enabled=self.dtype == torch.float16
        )

    def step(self, images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Um passo de treino.

        Args:
            images: lote `(N, C, H, W)`; em CPU, de preferência em memória travada
                (`DataLoader(pin_memory=True)` ou `.pin_memory()`), para que a cópia
                para a GPU não bloqueie.
            labels: rótulos `(N,)`.

        Returns:
            A perda do lote, ainda no dispositivo (sem `.item()`: não espera a GPU).
        """
        self.model.train()
        images = images.to(
            self.device, non_blocking=True, memory_format=self.memory_format
        )
        labels = labels.to(self.device, non_blocking=True)
        self.optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device_type=self.device.type, dtype=self.dtype):
            loss = self.criterion(self.forward(images), labels)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss.detach()


# --8<-- [end:recipe-step]


def main() -> None:
    """Treina 3 passos de uma CNN pequena pelos dois caminhos e compara as perdas."""
    import copy

    torch.manual_seed(0)
    device = torch.device("cpu")
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(32, 4),
    )
    twin = copy.deepcopy(model)
    images, labels = torch.randn(16, 3, 16, 16), torch.randint(0, 4, (16,))
    criterion = nn.CrossEntropyLoss()
    naive_opt = torch.optim.SGD(model.parameters(), lr=0.1)
    recipe = RecipeTrainer(
        twin,
        torch.optim.SGD(twin.parameters(), lr=0.1),
        criterion,
        device,
        compile_backend=None,
    )
    for step in range(3):
        naive = naive_train_step(model, naive_opt, criterion, images, labels, device)
        fast = recipe.step(images, labels).item()
        print(
            f"passo {step}: ingênuo {naive:.3f} · receita {fast:.3f} ({recipe.dtype})"
        )


if __name__ == "__main__":
    main()

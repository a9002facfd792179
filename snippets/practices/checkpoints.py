"""Boa prática 3: checkpoints que retomam o treino exatamente de onde ele parou.

Corrige o perfil original: a perda é guardada como número (`loss.item()`), não como
tensor preso ao grafo; o checkpoint sai a cada `every` épocas completas
(`(epoch + 1) % every == 0`, e não `epoch % 5 == 0`, que salvava já na época 0); o
estado do gerador que embaralha os dados vai junto; e a leitura usa
`weights_only=True` e `map_location`.
"""

# --8<-- [start:checkpoints]
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


def save_checkpoint(
    path: str | Path,
    epoch: int,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    loss: float,
    generator: torch.Generator,
) -> None:
    """Salva o que é preciso para retomar o treino: pesos, otimizador e gerador.

    Args:
        path: arquivo de destino.
        epoch: índice (a partir de 0) da época que acabou de terminar.
        model: o modelo.
        optimizer: o otimizador (o Adam guarda médias móveis que também contam).
        loss: a última perda, como `float` (`loss.item()`).
        generator: o gerador que embaralha os dados no `DataLoader`.
    """
    torch.save(
        {
            "epoch": epoch,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "loss": loss,
            "generator_state": generator.get_state(),
        },
        path,
    )


def load_checkpoint(
    path: str | Path,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    generator: torch.Generator,
    map_location: str | torch.device = "cpu",
) -> int:
    """Restaura modelo, otimizador e gerador a partir de um checkpoint.

    Args:
        path: arquivo gravado por `save_checkpoint`.
        model: modelo com a mesma arquitetura (recebe os pesos).
        optimizer: otimizador dos parâmetros de `model` (recebe o estado).
        generator: gerador do `DataLoader` (volta ao ponto em que estava).
        map_location: para onde levar os tensores ao ler o arquivo. `"cpu"` serve
            mesmo para um arquivo salvo numa GPU que esta máquina não tem; depois,
            `load_state_dict` copia os pesos para o dispositivo do modelo e o
            otimizador leva o seu estado para o dos parâmetros (o contador `step` do
            Adam fica na CPU, como num treino sem interrupção).

    Returns:
        A próxima época a treinar.
    """
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    generator.set_state(checkpoint["generator_state"].cpu())  # gerador de CPU
    return checkpoint["epoch"] + 1


def train(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    dataset: Dataset,
    generator: torch.Generator,
    num_epochs: int,
    *,
    start_epoch: int = 0,
    checkpoint_dir: str | Path | None = None,
    every: int = 5,
) -> float:
    """Treina das épocas `start_epoch` a `num_epochs - 1`, salvando checkpoints.

    Args:
        model: o modelo; os lotes vão para o dispositivo dos seus parâmetros.
        optimizer: o otimizador.
        dataset: pares `(data, target)` para regressão (perda MSE).
        generator: gerador do embaralhamento, salvo em cada checkpoint.
        num_epochs: total de épocas do treino (não as que faltam).
        start_epoch: primeira época a rodar (o retorno de `load_checkpoint`).
        checkpoint_dir: pasta dos checkpoints; `None` não salva nada.
        every: salva depois de cada `every` épocas completas.

    Returns:
        A perda do último lote.
    """
    device = next(model.parameters()).device
    dataloader = DataLoader(dataset, batch_size=8, shuffle=True, generator=generator)
    criterion = nn.MSELoss()
    model.train()
    for epoch in range(start_epoch, num_epochs):
        for data, target in dataloader:
            data, target = data.to(device), target.to(device)
            optimizer.zero_grad()
            loss = criterion(model(data), target)
            loss.backward()
            optimizer.step()
        if checkpoint_dir is not None and (epoch + 1) % every == 0:
            path = Path(checkpoint_dir) / f"checkpoint_epoch_{epoch + 1}.pth"
            save_checkpoint(path, epoch, model, optimizer, loss.item(), generator)
    return loss.item()


# --8<-- [end:checkpoints]


def make_model() -> nn.Module:
    """A rede pequena usada no exemplo e nos testes."""
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))


def make_dataset(num_samples: int = 32, seed: int = 0) -> Dataset:
    """Regressão sintética: `y = soma das entradas`, com `num_samples` exemplos."""
    from torch.utils.data import TensorDataset

    g = torch.Generator().manual_seed(seed)
    X = torch.randn(num_samples, 4, generator=g)
    return TensorDataset(X, X.sum(dim=1, keepdim=True))


def main() -> None:
    """Treina 2 épocas, salva, retoma em um modelo novo e compara com 3 seguidas."""
    import tempfile

    dataset = make_dataset()

    torch.manual_seed(0)
    straight = make_model()
    optimizer = torch.optim.Adam(straight.parameters(), lr=0.01)
    train(straight, optimizer, dataset, torch.Generator().manual_seed(1), num_epochs=3)

    with tempfile.TemporaryDirectory() as tmp:
        torch.manual_seed(0)
        first = make_model()
        optimizer = torch.optim.Adam(first.parameters(), lr=0.01)
        generator = torch.Generator().manual_seed(1)
        train(first, optimizer, dataset, generator, 2, checkpoint_dir=tmp, every=2)
        print(f"checkpoints: {sorted(p.name for p in Path(tmp).iterdir())}")

        resumed = make_model()  # pesos novos: tudo vem do checkpoint
        optimizer = torch.optim.Adam(resumed.parameters(), lr=0.01)
        generator = torch.Generator()
        path = Path(tmp) / "checkpoint_epoch_2.pth"
        start = load_checkpoint(path, resumed, optimizer, generator)
        print(f"retomando na época {start}")
        train(resumed, optimizer, dataset, generator, num_epochs=3, start_epoch=start)

    same = all(
        torch.equal(a, b)
        for a, b in zip(straight.parameters(), resumed.parameters(), strict=True)
    )
    print(f"2 + 1 épocas == 3 épocas seguidas, bit a bit: {same}")


if __name__ == "__main__":
    main()

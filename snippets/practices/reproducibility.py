"""Boa prática 5: fixar as sementes para repetir um experimento.

O perfil original não tratava de reprodutibilidade. A inicialização dos pesos, o
dropout e o embaralhamento do `DataLoader` são sorteados; com as sementes fixas, o
mesmo código dá os mesmos pesos a cada execução na mesma máquina e versão do torch.
"""

# --8<-- [start:reproducibility]
import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def seed_everything(seed: int) -> torch.Generator:
    """Fixa as sementes do Python, do NumPy e do torch (CPU e todas as GPUs).

    Args:
        seed: a semente.

    Returns:
        Um `torch.Generator` com a mesma semente, para o `DataLoader` embaralhar
        sempre na mesma ordem.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # também semeia todas as GPUs
    return torch.Generator().manual_seed(seed)


@contextmanager
def deterministic_algorithms() -> Iterator[None]:
    """Dentro do bloco, o torch só usa algoritmos determinísticos.

    Uma operação sem versão determinística levanta `RuntimeError` em vez de dar um
    resultado que muda de uma execução para outra. Na saída do bloco, a
    configuração anterior volta.
    """
    previous = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    benchmark = torch.backends.cudnn.benchmark
    torch.use_deterministic_algorithms(True)
    torch.backends.cudnn.benchmark = False  # não escolhe kernels por tempo medido
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(previous, warn_only=warn_only)
        torch.backends.cudnn.benchmark = benchmark


def train_run(seed: int, epochs: int = 2) -> torch.Tensor:
    """Treina uma rede pequena com dropout e lotes embaralhados, a partir de `seed`.

    Args:
        seed: a semente de tudo o que é sorteado (dados, pesos, dropout, ordem).
        epochs: épocas de treino.

    Returns:
        Todos os pesos finais num tensor só, para comparar execuções.
    """
    generator = seed_everything(seed)
    x = torch.randn(64, 8)
    y = (x.sum(dim=1) > 0).long()
    loader = DataLoader(
        TensorDataset(x, y), batch_size=16, shuffle=True, generator=generator
    )
    model = nn.Sequential(
        nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 2)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with deterministic_algorithms():
        for _ in range(epochs):
            for inputs, targets in loader:
                optimizer.zero_grad()
                loss = nn.functional.cross_entropy(model(inputs), targets)
                loss.backward()
                optimizer.step()
    return torch.cat([p.detach().flatten() for p in model.parameters()])


# --8<-- [end:reproducibility]


def main() -> None:
    """Treina três vezes: duas com a mesma semente e uma com outra."""
    first, again, other = train_run(seed=0), train_run(seed=0), train_run(seed=1)
    print(f"mesma semente, mesmos pesos: {torch.equal(first, again)}")
    print(f"outra semente, mesmos pesos: {torch.equal(first, other)}")


if __name__ == "__main__":
    main()

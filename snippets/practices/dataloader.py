"""Boa prática 2: `DataLoader` com workers, guarda `__main__` e workers na medida.

O perfil original criava `DataLoader(..., num_workers=4)` no nível do módulo. Onde os
workers nascem por *spawn* (Windows, macOS) ou *forkserver* (padrão no Linux a partir
do Python 3.14), cada worker reimporta o script: sem `if __name__ == "__main__":` ele
tenta criar workers de novo e falha. E 4 workers fixos geram aviso em máquinas com
menos CPUs.
"""

# --8<-- [start:dataloader]
import os
from typing import Any

import torch
from torch.utils.data import DataLoader, Dataset


class SquaresDataset(Dataset):
    """Dataset de exemplo: o item `i` é o par `(i, i²)`.

    Fica no nível do módulo para ser importável: com *spawn*, cada worker recebe o
    dataset serializado e precisa importar a sua classe.

    Args:
        size: quantidade de itens.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.tensor(float(index))
        return x, x**2


def default_num_workers(limit: int = 4) -> int:
    """Até `limit` workers, sem passar do número de CPUs que este processo pode usar.

    Args:
        limit: teto de workers.

    Returns:
        `min(limit, CPUs disponíveis)`, pelo menos 1.
    """
    if hasattr(os, "sched_getaffinity"):  # Linux: respeita taskset e cpusets, não cotas
        available = len(os.sched_getaffinity(0))
    else:  # Windows, macOS
        available = os.cpu_count() or 1
    return max(1, min(limit, available))


def make_dataloader(
    dataset: Dataset,
    batch_size: int = 32,
    shuffle: bool = True,
    num_workers: int | None = None,
    **kwargs: Any,
) -> DataLoader:
    """Cria o `DataLoader` com workers em paralelo.

    Args:
        dataset: o dataset.
        batch_size: tamanho de cada lote.
        shuffle: embaralhar a cada época (treino: sim; validação: não).
        num_workers: processos que carregam dados; `None` usa `default_num_workers()`.
        **kwargs: repassados ao `DataLoader` (`generator`,
            `multiprocessing_context`...).

    Returns:
        O `DataLoader`.
    """
    if num_workers is None:
        num_workers = default_num_workers()
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        num_workers=num_workers,
        # Memória travada acelera a cópia CPU -> GPU; sem GPU, não serve para nada.
        pin_memory=torch.cuda.is_available(),
        **kwargs,
    )


def main() -> None:
    """Percorre o dataset uma vez com os workers e confere o que chegou."""
    dataloader = make_dataloader(SquaresDataset(64), batch_size=16)
    seen = torch.cat([x for x, _ in dataloader])
    print(f"workers: {dataloader.num_workers}, lotes: {len(dataloader)}")
    print(f"cada item visto uma vez: {sorted(seen.tolist()) == list(range(64))}")


if __name__ == "__main__":
    # Sem esta guarda, cada worker criado por spawn/forkserver reimportaria o script
    # e tentaria criar workers de novo (RuntimeError).
    main()
# --8<-- [end:dataloader]

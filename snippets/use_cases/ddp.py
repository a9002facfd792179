"""Treino distribuído com `DistributedDataParallel` (DDP).

Cada processo tem uma cópia do modelo e recebe uma fatia diferente dos dados
(`DistributedSampler`). No `backward`, o DDP tira a média dos gradientes entre os
processos, então todos dão o mesmo passo: o mesmo que um único processo daria com o
lote inteiro. Aqui são dois processos em CPU com o backend `gloo`; em GPUs o backend é
`nccl`, um processo por GPU.
"""

# --8<-- [start:ddp]
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def find_free_port() -> int:
    """Pede ao sistema uma porta TCP livre em 127.0.0.1 (bind na porta 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_model(seed: int = 0) -> nn.Module:
    """Modelo pequeno, criado com a mesma semente em todos os processos."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))


def make_dataset(n: int = 16, seed: int = 1) -> TensorDataset:
    """Regressão sintética `y = x · w + ruído` com `n` exemplos de 4 atributos."""
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 4, generator=g)
    y = X @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * torch.randn(
        n, 1, generator=g
    )
    return TensorDataset(X, y)


def sgd_step(model: nn.Module, loader: DataLoader, lr: float, device) -> float:
    """Um passo de SGD com o primeiro lote de `loader`; devolve a perda."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    X, y = next(iter(loader))
    loss = nn.functional.mse_loss(model(X.to(device)), y.to(device))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()  # com DDP, aqui os gradientes são somados entre processos
    optimizer.step()
    return loss.item()


def ddp_step(rank: int, world_size: int, backend: str, lr: float) -> dict:
    """Um passo de treino com DDP num processo que já entrou no grupo.

    Returns:
        O `state_dict` do modelo depois do passo, como listas de Python.
    """
    if backend == "nccl":  # um processo por GPU
        device = torch.device("cuda", rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    model = DistributedDataParallel(
        make_model().to(device),
        device_ids=[rank] if device.type == "cuda" else None,
    )
    dataset = make_dataset()
    # Cada processo vê só a sua fatia: índices rank, rank + world_size, ...
    sampler = DistributedSampler(
        dataset, num_replicas=world_size, rank=rank, shuffle=False
    )
    loader = DataLoader(dataset, batch_size=len(dataset) // world_size, sampler=sampler)
    sgd_step(model, loader, lr, device)
    # Listas de Python atravessam a fila sem depender de memória compartilhada.
    return {k: v.cpu().tolist() for k, v in model.module.state_dict().items()}


def _worker(rank: int, world_size: int, port: int, backend: str, lr: float, queue):
    """O que cada processo executa: entra no grupo, treina um passo, devolve pesos."""
    # Quem lança com torchrun recebe MASTER_ADDR/MASTER_PORT (e RANK, WORLD_SIZE)
    # prontos; aqui o próprio script define o ponto de encontro.
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)  # vários processos dividindo poucos núcleos
    dist.init_process_group(backend, rank=rank, world_size=world_size)
    try:
        state = ddp_step(rank, world_size, backend, lr)
        # Ninguém fecha as conexões enquanto outro processo ainda se comunica.
        dist.barrier()
    finally:
        dist.destroy_process_group()
    queue.put((rank, state))


def run_ddp(
    world_size: int = 2, backend: str = "gloo", lr: float = 0.1
) -> list[dict[str, torch.Tensor]]:
    """Lança `world_size` processos, treina um passo com DDP e coleta os pesos.

    Args:
        world_size: número de processos (em GPU: no máximo o número de GPUs).
        backend: `"gloo"` (CPU) ou `"nccl"` (GPUs NVIDIA).
        lr: taxa de aprendizado do SGD.

    Returns:
        O `state_dict` de cada processo depois do passo, em ordem de rank.
    """
    port = find_free_port()
    # forkserver (Linux e macOS) encerra cada processo sem a finalização do
    # interpretador, fase em que o gloo às vezes aborta (SIGABRT) depois de o
    # trabalho já ter terminado; no Windows, o único método é spawn. Nos dois, cada
    # processo importa este módulo de novo: por isso o código de topo do script fica
    # sob `if __name__ == "__main__":`.
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    queue = mp.get_context(method).SimpleQueue()
    mp.start_processes(
        _worker,
        args=(world_size, port, backend, lr, queue),
        nprocs=world_size,
        start_method=method,
    )
    states = dict(queue.get() for _ in range(world_size))
    return [
        {k: torch.tensor(v) for k, v in states[rank].items()}
        for rank in range(world_size)
    ]


def run_single_process(lr: float = 0.1, device=None) -> dict[str, torch.Tensor]:
    """O mesmo passo num só processo, com o lote inteiro: a referência do DDP."""
    device = device or torch.device("cpu")
    model = make_model().to(device)
    dataset = make_dataset()
    sgd_step(model, DataLoader(dataset, batch_size=len(dataset)), lr, device)
    return {k: v.cpu() for k, v in model.state_dict().items()}


# --8<-- [end:ddp]


def main() -> None:
    """Compara os pesos dos dois processos DDP entre si e com um só processo."""
    states = run_ddp(world_size=2, backend="gloo")
    reference = run_single_process()
    same = all(torch.equal(states[0][k], states[1][k]) for k in reference)
    gap = max((states[0][k] - reference[k]).abs().max().item() for k in reference)
    print(f"processos: {len(states)}")
    print(f"pesos idênticos nos dois processos: {same}")
    print(f"maior diferença para um só processo com o lote inteiro: {gap:.1e}")


if __name__ == "__main__":
    main()

"""Boa prática 1: usar o acelerador quando houver um, com volta automática à CPU.

O perfil original usava `torch` sem importá-lo e só conhecia CUDA. A API
`torch.accelerator` (torch 2.6+) diz qual é o acelerador do build instalado (CUDA,
ROCm, MPS, XPU...) e se ele está de fato disponível. O argumento
`current_accelerator(check_available=True)` só existe desde o 2.7; perguntar antes
com `torch.accelerator.is_available()` dá o mesmo resultado e roda em toda a faixa
de versões que o site verifica.
"""

# --8<-- [start:accelerator]
import torch
from torch import nn


def pick_device() -> torch.device:
    """O acelerador disponível (CUDA, ROCm, MPS, XPU...) ou, sem nenhum, a CPU.

    Returns:
        `torch.device` sem índice, por exemplo `device(type='cuda')` ou
        `device(type='cpu')`.
    """
    if torch.accelerator.is_available():
        return torch.accelerator.current_accelerator()
    return torch.device("cpu")


def to_best_device(model: nn.Module) -> tuple[nn.Module, torch.device]:
    """Move o modelo para o melhor dispositivo disponível.

    Args:
        model: o modelo (movido no lugar; o retorno é o mesmo objeto).

    Returns:
        O modelo e o dispositivo escolhido, para mover os dados para o mesmo lugar.
    """
    device = pick_device()
    model = model.to(device)
    return model, device


# --8<-- [end:accelerator]


# --8<-- [start:classic]
import torch


def pick_device_classic() -> torch.device:
    """A forma clássica, que funciona em qualquer versão: CUDA ou CPU.

    Em builds ROCm (GPUs AMD), `torch.cuda.is_available()` também é `True`.

    Returns:
        `device(type='cuda')` se houver GPU CUDA/ROCm, senão `device(type='cpu')`.
    """
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# --8<-- [end:classic]


def main() -> None:
    """Escolhe o dispositivo pelas duas formas e move um modelo pequeno para ele."""
    model, device = to_best_device(nn.Linear(4, 2))
    same = pick_device_classic().type == device.type
    print(f"as duas formas concordam nesta máquina: {same}")
    moved = all(p.device.type == device.type for p in model.parameters())
    print(f"parâmetros no dispositivo escolhido: {moved}")


if __name__ == "__main__":
    main()

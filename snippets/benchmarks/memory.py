"""Memória do treino: ativações guardadas, autocast e *activation checkpointing*.

O `backward` precisa das ativações do `forward`; elas são o grosso da memória de um
treino. `CheckpointedResNet` guarda só as entradas de cada estágio da ResNet e
recalcula o resto no `backward` (mais computação, menos memória);
`saved_activation_bytes` mede quantos bytes o autograd guardou num passo. O runner
`scripts/benchmarks` mede também o pico de memória
(`torch.cuda.max_memory_allocated` na GPU, RSS de pico na CPU).
"""

# --8<-- [start:checkpointing]
import torch
from torch import nn
from torch.utils.checkpoint import checkpoint
from torchvision.models import ResNet


class CheckpointedResNet(nn.Module):
    """Uma ResNet do torchvision cujos quatro estágios são recalculados no backward.

    Os pesos são os da `resnet` recebida (compartilhados, não copiados). Efeito
    colateral conhecido: o recálculo roda de novo o `BatchNorm` em modo de treino,
    e as estatísticas acumuladas (`running_mean`, `running_var`) andam dois passos
    por lote; os gradientes são os mesmos.

    Args:
        resnet: uma `torchvision.models.ResNet` (por exemplo `resnet50(weights=None)`).
    """

    def __init__(self, resnet: ResNet) -> None:
        super().__init__()
        self.resnet = resnet
        self.stages = nn.ModuleList(
            [resnet.layer1, resnet.layer2, resnet.layer3, resnet.layer4]
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r = self.resnet
        x = r.maxpool(r.relu(r.bn1(r.conv1(x))))
        for stage in self.stages:
            # use_reentrant=False: a forma recomendada (a reentrante será removida).
            x = checkpoint(stage, x, use_reentrant=False)
        return r.fc(torch.flatten(r.avgpool(x), 1))


# --8<-- [end:checkpointing]


# --8<-- [start:saved-activations]
from collections.abc import Callable

import torch


def saved_activation_bytes(loss_fn: Callable[[], torch.Tensor]) -> int:
    """Bytes que o autograd guarda para o backward durante `loss_fn()`.

    Conta cada armazenamento uma vez (duas visões do mesmo tensor não somam duas
    vezes); parâmetros do modelo também entram quando uma operação os guarda.

    Args:
        loss_fn: função sem argumentos que faz o forward e devolve a perda.

    Returns:
        O total em bytes; a perda é descartada sem backward.
    """
    storages: dict[int, int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        storage = tensor.untyped_storage()
        storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        loss_fn()
    return sum(storages.values())


# --8<-- [end:saved-activations]


def main() -> None:
    """Bytes guardados por uma ResNet-18 pequena: float32, bfloat16 e checkpointing."""
    from torchvision.models import resnet18

    torch.manual_seed(0)
    model = resnet18(weights=None, num_classes=10)
    images = torch.randn(2, 3, 64, 64)

    def plain() -> torch.Tensor:
        return model(images).sum()

    def bf16() -> torch.Tensor:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return model(images).sum()

    checkpointed = CheckpointedResNet(model)
    for name, fn in [
        ("float32", plain),
        ("autocast bfloat16", bf16),
        ("checkpointing", lambda: checkpointed(images).sum()),
    ]:
        print(f"{name}: {saved_activation_bytes(fn) / 2**20:.1f} MiB guardados")


if __name__ == "__main__":
    main()

"""Erros de dispositivo (CPU, GPU, memória): cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
Os erros que só existem com CUDA pedem uma GPU para serem reproduzidos; as versões
corrigidas recebem o dispositivo e rodam em CPU e em GPU.
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-device-mismatch]
import torch
from torch import nn


def device_mismatch_error():
    """O modelo foi para a GPU; o lote ficou na CPU."""
    model = nn.Linear(3, 2).to("cuda")
    batch = torch.randn(4, 3)
    return model(batch)


# --8<-- [end:error-device-mismatch]

# --8<-- [start:fix-device-mismatch]
import torch
from torch import nn


def device_mismatch_fixed(device):
    """Modelo e dados no mesmo dispositivo: mova cada lote com `.to(device)`."""
    model = nn.Linear(3, 2).to(device)
    batch = torch.randn(4, 3)
    return model(batch.to(device))


# --8<-- [end:fix-device-mismatch]

# --8<-- [start:error-device-mismatch-meta]
import torch
from torch import nn


def device_mismatch_meta_error():
    """Modelo criado no dispositivo `meta` (só formas, sem dados) e usado assim."""
    with torch.device("meta"):
        model = nn.Linear(3, 2)
    return model(torch.randn(4, 3))


# --8<-- [end:error-device-mismatch-meta]

# --8<-- [start:fix-device-mismatch-meta]
import torch
from torch import nn


def device_mismatch_meta_fixed():
    """`to_empty` aloca os pesos num dispositivo real; depois carregue os valores."""
    trained = nn.Linear(3, 2)  # faz o papel do checkpoint
    with torch.device("meta"):
        model = nn.Linear(3, 2)
    model = model.to_empty(device="cpu")
    model.load_state_dict(trained.state_dict())
    batch = torch.randn(4, 3)
    return model(batch), trained(batch)  # iguais


# --8<-- [end:fix-device-mismatch-meta]

# --8<-- [start:error-conv-device]
import torch
from torch import nn


def conv_device_error():
    """Pesos em float16 (modelo convertido com `.half()`) e imagens em float32."""
    conv = nn.Conv2d(3, 8, kernel_size=3, bias=False)  # sem viés, antes de BatchNorm
    conv = conv.half()
    images = torch.randn(2, 3, 16, 16)
    return conv(images)


# --8<-- [end:error-conv-device]

# --8<-- [start:gpu-conv-device]
import torch
from torch import nn


def conv_device_cuda_error():
    """A mesma mensagem na GPU: as imagens foram para a GPU, a convolução não."""
    conv = nn.Conv2d(3, 8, kernel_size=3)
    images = torch.randn(2, 3, 16, 16, device="cuda")
    return conv(images)


# --8<-- [end:gpu-conv-device]

# --8<-- [start:fix-conv-device]
import torch
from torch import nn


def conv_device_fixed(device):
    """Modelo e entrada no mesmo dispositivo e no mesmo dtype."""
    conv = nn.Conv2d(3, 8, kernel_size=3, bias=False).half().to(device)
    images = torch.randn(2, 3, 16, 16)
    weight = conv.weight
    return conv(images.to(device=weight.device, dtype=weight.dtype))


# --8<-- [end:fix-conv-device]

# --8<-- [start:error-numpy-cuda]
import torch


def numpy_cuda_error():
    """NumPy só enxerga a memória da CPU."""
    predictions = torch.rand(4, device="cuda")
    return predictions.numpy()


# --8<-- [end:error-numpy-cuda]

# --8<-- [start:fix-numpy-cuda]
import torch


def numpy_cuda_fixed(device):
    """`.cpu()` copia para a memória da CPU (sem efeito se já estiver lá)."""
    predictions = torch.rand(4, device=device)
    return predictions.cpu().numpy()


# --8<-- [end:fix-numpy-cuda]

# --8<-- [start:error-cuda-oom]
import torch


def cuda_oom_error():
    """Um milhão de imagens 224 x 224 de uma vez na GPU: cerca de 600 GB."""
    images = torch.randn(1_000_000, 3, 224, 224, device="cuda")
    return images.mean()


# --8<-- [end:error-cuda-oom]

# --8<-- [start:fix-cuda-oom]
import torch


def cuda_oom_fixed(model, images, device, batch_size=16):
    """Leva à GPU um lote por vez e devolve as saídas na CPU.

    Args:
        model: o modelo, já em `device`.
        images: todas as entradas, na CPU.
        device: onde o modelo está.
        batch_size: exemplos por lote; diminua até caber na memória.

    Returns:
        As saídas de todos os exemplos, na CPU, na ordem de `images`.
    """
    outputs = []
    with torch.inference_mode():  # sem guardar ativações para o backward
        for batch in images.split(batch_size):
            outputs.append(model(batch.to(device)).cpu())
    return torch.cat(outputs)


# --8<-- [end:fix-cuda-oom]

# --8<-- [start:error-cpu-oom]
import torch


def cpu_oom_error():
    """Distância entre todos os pares de 10 milhões de pontos: 10^14 pares."""
    points = torch.rand(10_000_000, 2)
    differences = points[:, None, :] - points[None, :, :]  # (n, n, 2)
    return differences.norm(dim=-1).min()


# --8<-- [end:error-cpu-oom]

# --8<-- [start:fix-cpu-oom]
import torch


def cpu_oom_fixed(points, chunk_size=1024):
    """Distância de cada ponto ao vizinho mais próximo, um bloco de linhas por vez.

    Args:
        points: tensor `(n, d)`.
        chunk_size: linhas da matriz de distâncias calculadas de cada vez; a memória
            usada é `chunk_size * n` números, não `n * n`.

    Returns:
        Tensor `(n,)` com a menor distância de cada ponto a outro ponto.
    """
    nearest = []
    for start in range(0, len(points), chunk_size):
        block = torch.cdist(points[start : start + chunk_size], points)
        rows = torch.arange(block.shape[0])
        block[rows, rows + start] = float("inf")  # ignora a distância a si mesmo
        nearest.append(block.min(dim=1).values)
    return torch.cat(nearest)


# --8<-- [end:fix-cpu-oom]

# --8<-- [start:error-device-side-assert]
import torch
from torch import nn


def device_side_assert_error():
    """Rótulo 10 com 10 classes (0 a 9), calculado na GPU."""
    logits = torch.randn(4, 10, device="cuda")
    labels = torch.tensor([1, 2, 10, 3], device="cuda")
    loss = nn.functional.cross_entropy(logits, labels)
    return loss.item()  # o erro aparece na sincronização


# --8<-- [end:error-device-side-assert]

# --8<-- [start:fix-device-side-assert]
import torch
from torch import nn


def device_side_assert_fixed(device):
    """Confira os rótulos na CPU antes: o número de classes cobre o maior rótulo."""
    labels = torch.tensor([1, 2, 10, 3])
    num_classes = int(labels.max()) + 1  # 11 classes: de 0 a 10
    assert labels.min() >= 0, "rótulos negativos"
    logits = torch.zeros(4, num_classes, device=device)
    loss = nn.functional.cross_entropy(logits, labels.to(device))
    return loss.item()  # log(11) com logits iguais


# --8<-- [end:fix-device-side-assert]

# --8<-- [start:error-no-nvidia-driver]
import torch


def no_nvidia_driver_error():
    """Pedir CUDA numa máquina sem GPU NVIDIA (ou sem o driver)."""
    return torch.zeros(3, device="cuda")


# --8<-- [end:error-no-nvidia-driver]

# --8<-- [start:fix-no-nvidia-driver]
import torch


def no_nvidia_driver_fixed():
    """Use a GPU quando ela existe e a CPU quando não."""
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.zeros(3, device=device)


# --8<-- [end:fix-no-nvidia-driver]

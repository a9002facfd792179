"""Erros de forma (shape): cada um reproduzido e corrigido.

Para cada erro, a seção `error-<slug>` define `<slug>_error()`, que levanta a exceção
mostrada na página, e a seção `fix-<slug>` define `<slug>_fixed()`, a mesma ideia
corrigida, que devolve um resultado que os testes conferem.
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-matmul]
import torch
from torch import nn


def matmul_error():
    """A camada espera 512 atributos, mas a imagem achatada tem 2 * 32 * 32 = 2048."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(512, 10))
    images = torch.randn(64, 2, 32, 32)
    return model(images)


# --8<-- [end:error-matmul]

# --8<-- [start:fix-matmul]
import torch
from torch import nn


def matmul_fixed():
    """`in_features` igual ao número de atributos que chega à camada."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(2 * 32 * 32, 10))
    # Alternativa: nn.LazyLinear(10) descobre in_features na primeira chamada.
    images = torch.randn(64, 2, 32, 32)
    return model(images)  # forma (64, 10)


# --8<-- [end:fix-matmul]

# --8<-- [start:error-conv-channels]
import torch
from torch import nn


def conv_channels_error():
    """Conv2d para imagens RGB (3 canais) recebendo imagens em tons de cinza."""
    conv = nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3)
    gray = torch.randn(8, 1, 28, 28)  # (lote, canais, altura, largura)
    return conv(gray)


# --8<-- [end:error-conv-channels]

# --8<-- [start:fix-conv-channels]
import torch
from torch import nn


def conv_channels_fixed():
    """`in_channels` igual ao número de canais da entrada (dimensão 1)."""
    gray = torch.randn(8, 1, 28, 28)
    conv = nn.Conv2d(in_channels=gray.shape[1], out_channels=16, kernel_size=3)
    # Para usar um modelo RGB com imagens cinza: gray.expand(-1, 3, -1, -1).
    return conv(gray)  # forma (8, 16, 26, 26)


# --8<-- [end:fix-conv-channels]

# --8<-- [start:error-conv-input-dims]
import torch
from torch import nn


def conv_input_dims_error():
    """Uma imagem sem as dimensões de lote e de canal."""
    conv = nn.Conv2d(1, 8, kernel_size=3)
    image = torch.randn(28, 28)
    return conv(image)


# --8<-- [end:error-conv-input-dims]

# --8<-- [start:fix-conv-input-dims]
import torch
from torch import nn


def conv_input_dims_fixed():
    """`unsqueeze` acrescenta as dimensões de lote e de canal: (1, 1, 28, 28)."""
    conv = nn.Conv2d(1, 8, kernel_size=3)
    image = torch.randn(28, 28)
    return conv(image.unsqueeze(0).unsqueeze(0))  # forma (1, 8, 26, 26)


# --8<-- [end:fix-conv-input-dims]

# --8<-- [start:error-view-stride]
import torch


def view_stride_error():
    """`view` depois de `transpose`: a memória não está na ordem que `view` exige."""
    x = torch.arange(24).reshape(4, 6)
    return x.t().view(-1)


# --8<-- [end:error-view-stride]

# --8<-- [start:fix-view-stride]
import torch


def view_stride_fixed():
    """`reshape` copia quando precisa; `.contiguous().view(...)` faz o mesmo."""
    x = torch.arange(24).reshape(4, 6)
    return x.t().reshape(-1)


# --8<-- [end:fix-view-stride]

# --8<-- [start:error-reshape-invalid]
import torch


def reshape_invalid_error():
    """64 elementos não se dividem em linhas de 7."""
    x = torch.randn(8, 8)
    return x.reshape(-1, 7)


# --8<-- [end:error-reshape-invalid]

# --8<-- [start:fix-reshape-invalid]
import torch


def reshape_invalid_fixed():
    """O produto das dimensões pedidas tem de ser o número de elementos (64)."""
    x = torch.randn(8, 8)
    return x.reshape(-1, 16)  # forma (4, 16)


# --8<-- [end:fix-reshape-invalid]

# --8<-- [start:error-broadcast]
import torch


def broadcast_error():
    """Somar por coluna um vetor com o tamanho das linhas."""
    x = torch.randn(4, 3)
    row_means = x.mean(dim=1)  # forma (4,), uma média por linha
    return x - row_means


# --8<-- [end:error-broadcast]

# --8<-- [start:fix-broadcast]
import torch


def broadcast_fixed():
    """`keepdim=True` deixa a forma (4, 1), que o broadcasting estende a (4, 3)."""
    x = torch.randn(4, 3)
    row_means = x.mean(dim=1, keepdim=True)
    return x - row_means  # cada linha com média zero


# --8<-- [end:fix-broadcast]

# --8<-- [start:error-stack]
import torch
from torch.utils.data import DataLoader, Dataset


class MixedSizeImages(Dataset):
    """Imagens de tamanhos diferentes, como fotos lidas do disco sem redimensionar."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        size = 32 if index % 2 == 0 else 28
        return torch.randn(3, size, size)


def stack_error():
    """O DataLoader empilha (`torch.stack`) as imagens do lote: tamanhos diferentes."""
    loader = DataLoader(MixedSizeImages(), batch_size=2)
    return next(iter(loader))


# --8<-- [end:error-stack]

# --8<-- [start:fix-stack]
import torch
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2


class ResizedImages(Dataset):
    """As mesmas imagens, redimensionadas para um tamanho fixo no `__getitem__`."""

    def __init__(self):
        self.transform = v2.Resize((32, 32), antialias=True)

    def __len__(self):
        return 4

    def __getitem__(self, index):
        size = 32 if index % 2 == 0 else 28
        return self.transform(torch.randn(3, size, size))


def stack_fixed():
    """Com todas as imagens em 3 x 32 x 32, o lote empilha."""
    loader = DataLoader(ResizedImages(), batch_size=2)
    return next(iter(loader))  # forma (2, 3, 32, 32)


# --8<-- [end:fix-stack]

# --8<-- [start:error-lstm-input-size]
import torch
from torch import nn


def lstm_input_size_error():
    """`input_size` é o número de atributos por passo, não o comprimento da série."""
    lstm = nn.LSTM(input_size=10, hidden_size=32, batch_first=True)
    series = torch.randn(4, 10, 20)  # (lote, passos, atributos)
    return lstm(series)


# --8<-- [end:error-lstm-input-size]

# --8<-- [start:fix-lstm-input-size]
import torch
from torch import nn


def lstm_input_size_fixed():
    """`input_size` = última dimensão da entrada (com `batch_first=True`)."""
    series = torch.randn(4, 10, 20)
    lstm = nn.LSTM(input_size=series.shape[-1], hidden_size=32, batch_first=True)
    output, _ = lstm(series)
    return output  # forma (4, 10, 32)


# --8<-- [end:fix-lstm-input-size]

# --8<-- [start:error-pooling-too-small]
import torch
from torch import nn


def pooling_too_small_error():
    """Quatro reduções pela metade levam 8 x 8 a zero pixels."""
    features = nn.Sequential(*[nn.MaxPool2d(2) for _ in range(4)])
    images = torch.randn(2, 64, 8, 8)
    return features(images)


# --8<-- [end:error-pooling-too-small]

# --8<-- [start:fix-pooling-too-small]
import torch
from torch import nn


def pooling_too_small_fixed():
    """Menos reduções, e um pooling adaptativo que aceita qualquer tamanho no fim."""
    features = nn.Sequential(nn.MaxPool2d(2), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1))
    images = torch.randn(2, 64, 8, 8)
    return features(images)  # forma (2, 64, 1, 1)


# --8<-- [end:fix-pooling-too-small]

# --8<-- [start:error-batch-size-mismatch]
import torch
from torch import nn


def batch_size_mismatch_error():
    """Logits de 8 exemplos, rótulos de 4: um `view` errado juntou exemplos."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(4, 2, 10).view(-1, 10)  # 8 linhas, não 4
    labels = torch.randint(0, 10, (4,))
    return criterion(logits, labels)


# --8<-- [end:error-batch-size-mismatch]

# --8<-- [start:fix-batch-size-mismatch]
import torch
from torch import nn


def batch_size_mismatch_fixed():
    """Uma linha de logits por rótulo: achate por exemplo, não por tudo."""
    criterion = nn.CrossEntropyLoss()
    outputs = torch.randn(4, 2, 10)
    logits = outputs.mean(dim=1)  # (4, 10): um vetor de classes por exemplo
    labels = torch.randint(0, 10, (4,))
    return criterion(logits, labels)


# --8<-- [end:fix-batch-size-mismatch]

# --8<-- [start:error-bce-target-size]
import torch
from torch import nn


def bce_target_size_error():
    """Saída (8, 1) do modelo e rótulos (8,)."""
    criterion = nn.BCEWithLogitsLoss()
    logits = nn.Linear(4, 1)(torch.randn(8, 4))  # forma (8, 1)
    labels = torch.randint(0, 2, (8,)).float()  # forma (8,)
    return criterion(logits, labels)


# --8<-- [end:error-bce-target-size]

# --8<-- [start:fix-bce-target-size]
import torch
from torch import nn


def bce_target_size_fixed():
    """Rótulos com a mesma forma dos logits: `unsqueeze(1)` (ou `logits.squeeze(1)`)."""
    criterion = nn.BCEWithLogitsLoss()
    logits = nn.Linear(4, 1)(torch.randn(8, 4))
    labels = torch.randint(0, 2, (8,)).float().unsqueeze(1)  # forma (8, 1)
    return criterion(logits, labels)


# --8<-- [end:fix-bce-target-size]

# --8<-- [start:error-bceloss-target-size]
import torch
from torch import nn


def bceloss_target_size_error():
    """`BCELoss` (que recebe probabilidades) com saída (8, 1) e rótulos (8,)."""
    criterion = nn.BCELoss()
    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())
    probabilities = model(torch.randn(8, 4))  # forma (8, 1)
    labels = torch.randint(0, 2, (8,)).float()  # forma (8,)
    return criterion(probabilities, labels)


# --8<-- [end:error-bceloss-target-size]

# --8<-- [start:fix-bceloss-target-size]
import torch
from torch import nn


def bceloss_target_size_fixed():
    """A mesma correção: rótulos com a forma da saída (`unsqueeze(1)`)."""
    criterion = nn.BCELoss()
    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())
    probabilities = model(torch.randn(8, 4))
    labels = torch.randint(0, 2, (8,)).float().unsqueeze(1)  # forma (8, 1)
    return criterion(probabilities, labels)


# --8<-- [end:fix-bceloss-target-size]

# --8<-- [start:error-multi-target]
import torch
from torch import nn


def multi_target_error():
    """Rótulos em forma de coluna (N, 1), como saem de um CSV lido com pandas."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(8, 3)
    labels = torch.randint(0, 3, (8, 1))
    return criterion(logits, labels)


# --8<-- [end:error-multi-target]

# --8<-- [start:fix-multi-target]
import torch
from torch import nn


def multi_target_fixed():
    """Um índice de classe por exemplo: forma (N,), com `squeeze(1)`."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(8, 3)
    labels = torch.randint(0, 3, (8, 1)).squeeze(1)
    return criterion(logits, labels)


# --8<-- [end:fix-multi-target]

"""Erros de dados (rótulos, lotes, DataLoader): cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-target-out-of-bounds]
import torch
from torch import nn


def target_out_of_bounds_error():
    """Rótulos de 1 a 10, mas o modelo tem 10 saídas (classes 0 a 9)."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(4, 10)
    labels = torch.tensor([1, 2, 10, 3])
    return criterion(logits, labels)


# --8<-- [end:error-target-out-of-bounds]

# --8<-- [start:fix-target-out-of-bounds]
import torch
from torch import nn


def target_out_of_bounds_fixed():
    """Rótulos de 0 a `num_classes - 1`: aqui, os rótulos começavam em 1."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.zeros(4, 10)
    labels = torch.tensor([1, 2, 10, 3]) - 1
    assert labels.min() >= 0 and labels.max() < logits.shape[1]
    return criterion(logits, labels)  # log(10) com logits iguais


# --8<-- [end:fix-target-out-of-bounds]

# --8<-- [start:error-batchnorm-one-sample]
import torch
from torch import nn


def batchnorm_one_sample_error():
    """Em modo de treino, o último lote ficou com um único exemplo."""
    model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU())
    model.train()
    last_batch = torch.randn(1, 8)
    return model(last_batch)


# --8<-- [end:error-batchnorm-one-sample]

# --8<-- [start:fix-batchnorm-one-sample]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def batchnorm_one_sample_fixed():
    """`drop_last=True` descarta o lote incompleto (101 = 4 * 25 + 1)."""
    model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU())
    model.train()
    dataset = TensorDataset(torch.randn(101, 8))
    loader = DataLoader(dataset, batch_size=25, drop_last=True)
    sizes = [len(model(x)) for (x,) in loader]
    # Para prever um exemplo só, use model.eval(): as estatísticas são as guardadas.
    return sizes  # [25, 25, 25, 25]


# --8<-- [end:fix-batchnorm-one-sample]

# --8<-- [start:error-collate-pil]
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class Photos(Dataset):
    """Devolve imagens PIL sem convertê-las em tensores."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return Image.new("RGB", (32, 32), color=(index, 0, 0)), index % 2


def collate_pil_error():
    """O DataLoader não sabe empilhar imagens PIL."""
    return next(iter(DataLoader(Photos(), batch_size=2)))


# --8<-- [end:error-collate-pil]

# --8<-- [start:fix-collate-pil]
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2


class PhotoTensors(Dataset):
    """Converte cada imagem em tensor `float32` em [0, 1] no `__getitem__`."""

    def __init__(self):
        self.transform = v2.Compose(
            [v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]
        )

    def __len__(self):
        return 4

    def __getitem__(self, index):
        image = Image.new("RGB", (32, 32), color=(index, 0, 0))
        return self.transform(image), index % 2


def collate_pil_fixed():
    """Com tensores, o lote empilha: imagens (2, 3, 32, 32) e rótulos (2,)."""
    return next(iter(DataLoader(PhotoTensors(), batch_size=2)))


# --8<-- [end:fix-collate-pil]

# --8<-- [start:error-worker-pickle]
import torch
from torch.utils.data import DataLoader, Dataset


class Scaled(Dataset):
    """Guarda uma `lambda`, que o `pickle` não consegue enviar a outro processo."""

    def __init__(self, values):
        self.values = values
        self.transform = lambda x: x * 2

    def __len__(self):
        return len(self.values)

    def __getitem__(self, index):
        return self.transform(self.values[index])


def worker_pickle_error():
    """Workers por `spawn` (padrão no Windows e no macOS; `forkserver` no Linux a
    partir do Python 3.14) recebem o dataset serializado com `pickle`."""
    loader = DataLoader(
        Scaled(torch.arange(4.0)),
        batch_size=2,
        num_workers=1,
        multiprocessing_context="spawn",
    )
    return next(iter(loader))


# --8<-- [end:error-worker-pickle]

# --8<-- [start:fix-worker-pickle]
import pickle

import torch
from torch.utils.data import Dataset


def double(x):
    """Uma função definida no nível do módulo: o `pickle` a envia pelo nome."""
    return x * 2


class ScaledFixed(Dataset):
    """O mesmo dataset, com a transformação numa função de módulo."""

    def __init__(self, values):
        self.values = values
        self.transform = double

    def __len__(self):
        return len(self.values)

    def __getitem__(self, index):
        return self.transform(self.values[index])


def worker_pickle_fixed():
    """O que o DataLoader faz ao iniciar um worker por `spawn`: serializar o dataset."""
    dataset = pickle.loads(pickle.dumps(ScaledFixed(torch.arange(4.0))))
    return [dataset[i] for i in range(len(dataset))]  # [0., 2., 4., 6.]


# --8<-- [end:fix-worker-pickle]

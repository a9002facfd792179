"""Erros de tipo (dtype): cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-double-float]
import numpy as np
import torch
from torch import nn


def double_float_error():
    """NumPy cria float64 (Double); os pesos do modelo são float32 (Float)."""
    model = nn.Linear(3, 1)
    features = torch.from_numpy(np.random.rand(4, 3))  # dtype float64
    return model(features)


# --8<-- [end:error-double-float]

# --8<-- [start:fix-double-float]
import numpy as np
import torch
from torch import nn


def double_float_fixed():
    """Converta os dados para float32 (`.float()`), o dtype padrão dos modelos."""
    model = nn.Linear(3, 1)
    features = torch.from_numpy(np.random.rand(4, 3)).float()
    return model(features)  # dtype torch.float32


# --8<-- [end:fix-double-float]

# --8<-- [start:error-conv-dtype]
import torch
from torch import nn


def conv_dtype_error():
    """Imagens em float64 numa convolução com pesos float32."""
    conv = nn.Conv2d(3, 8, kernel_size=3)
    images = torch.rand(2, 3, 16, 16, dtype=torch.float64)
    return conv(images)


# --8<-- [end:error-conv-dtype]

# --8<-- [start:fix-conv-dtype]
import torch
from torch import nn


def conv_dtype_fixed():
    """Entrada no dtype dos pesos: `images.to(conv.weight.dtype)`."""
    conv = nn.Conv2d(3, 8, kernel_size=3)
    images = torch.rand(2, 3, 16, 16, dtype=torch.float64)
    return conv(images.to(conv.weight.dtype))  # float32, forma (2, 8, 14, 14)


# --8<-- [end:fix-conv-dtype]

# --8<-- [start:error-target-dtype]
import torch
from torch import nn


def target_dtype_error():
    """Rótulos de classe em float (por exemplo, lidos de um CSV com NumPy)."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(4, 3)
    labels = torch.tensor([0.0, 2.0, 1.0, 2.0])
    return criterion(logits, labels)


# --8<-- [end:error-target-dtype]

# --8<-- [start:fix-target-dtype]
import torch
from torch import nn


def target_dtype_fixed():
    """Índices de classe são inteiros: `labels.long()`."""
    criterion = nn.CrossEntropyLoss()
    logits = torch.randn(4, 3)
    labels = torch.tensor([0.0, 2.0, 1.0, 2.0]).long()
    return criterion(logits, labels)


# --8<-- [end:fix-target-dtype]

# --8<-- [start:error-embedding-indices]
import torch
from torch import nn


def embedding_indices_error():
    """Ids de tokens em float: o Embedding só indexa com inteiros."""
    embedding = nn.Embedding(num_embeddings=100, embedding_dim=8)
    token_ids = torch.tensor([[4.0, 17.0, 2.0]])
    return embedding(token_ids)


# --8<-- [end:error-embedding-indices]

# --8<-- [start:fix-embedding-indices]
import torch
from torch import nn


def embedding_indices_fixed():
    """Ids como `torch.long` (ou `int`): `token_ids.long()`."""
    embedding = nn.Embedding(num_embeddings=100, embedding_dim=8)
    token_ids = torch.tensor([[4.0, 17.0, 2.0]]).long()
    return embedding(token_ids)  # forma (1, 3, 8)


# --8<-- [end:fix-embedding-indices]

# --8<-- [start:error-result-type-cast]
import torch


def result_type_cast_error():
    """Somar, no lugar, floats a um tensor de inteiros (um contador de acertos)."""
    total = torch.zeros(3, dtype=torch.long)
    total += torch.rand(3)
    return total


# --8<-- [end:error-result-type-cast]

# --8<-- [start:fix-result-type-cast]
import torch


def result_type_cast_fixed():
    """O acumulador no dtype do resultado (float); ou `total = total + x`."""
    total = torch.zeros(3, dtype=torch.float32)
    total += torch.full((3,), 0.5)
    return total


# --8<-- [end:fix-result-type-cast]

"""Erros ao salvar e carregar checkpoints: cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
Os arquivos ficam num `io.BytesIO`, em memória: `torch.save` e `torch.load` os
tratam como arquivos em disco.
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-weights-only]
import io

import numpy as np
import torch
from torch import nn


def weights_only_error():
    """Um checkpoint com um número do NumPy (a acurácia), lido com o padrão do
    torch 2.6+ (`weights_only=True`)."""
    model = nn.Linear(3, 2)
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "accuracy": np.float64(0.9)}, buffer)
    buffer.seek(0)
    return torch.load(buffer)


# --8<-- [end:error-weights-only]

# --8<-- [start:fix-weights-only]
import io

import numpy as np
import torch
from torch import nn


def weights_only_fixed():
    """Guarde só tensores e tipos do Python (`float(...)`), e carregue com o padrão.

    Para um arquivo antigo, de fonte confiável: `torch.load(f, weights_only=False)`.
    """
    model = nn.Linear(3, 2)
    buffer = io.BytesIO()
    accuracy = np.float64(0.9)
    torch.save({"model": model.state_dict(), "accuracy": float(accuracy)}, buffer)
    buffer.seek(0)
    return torch.load(buffer)  # weights_only=True: seguro


# --8<-- [end:fix-weights-only]

# --8<-- [start:error-module-prefix]
import torch
from torch import nn


def module_prefix_error():
    """Pesos salvos de um modelo envolto em DataParallel/DDP (`module.` nas chaves)."""
    wrapped = nn.DataParallel(nn.Linear(4, 2))
    state = wrapped.state_dict()  # chaves "module.weight", "module.bias"
    model = nn.Linear(4, 2)
    return model.load_state_dict(state)


# --8<-- [end:error-module-prefix]

# --8<-- [start:fix-module-prefix]
import torch
from torch import nn


def module_prefix_fixed():
    """Salve `wrapped.module.state_dict()`, ou tire o prefixo ao carregar."""
    wrapped = nn.DataParallel(nn.Linear(4, 2))
    state = wrapped.state_dict()
    state = {key.removeprefix("module."): value for key, value in state.items()}
    model = nn.Linear(4, 2)
    model.load_state_dict(state)
    return model, wrapped.module  # pesos iguais


# --8<-- [end:fix-module-prefix]

# --8<-- [start:error-size-mismatch]
import torch
from torch import nn


def size_mismatch_error():
    """Pesos de um classificador de 10 classes num modelo de 2 classes."""
    pretrained = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    return model.load_state_dict(pretrained.state_dict())


# --8<-- [end:error-size-mismatch]

# --8<-- [start:fix-size-mismatch]
import torch
from torch import nn


def size_mismatch_fixed():
    """Carregue na arquitetura original e só depois troque a última camada."""
    pretrained = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 10))
    model.load_state_dict(pretrained.state_dict())
    model[2] = nn.Linear(8, 2)  # nova cabeça, treinada do zero
    return model, pretrained


# --8<-- [end:fix-size-mismatch]

# --8<-- [start:error-cuda-checkpoint]
import io

import torch


def save_as_if_on_gpu(obj, buffer):
    """Grava `obj` marcando os tensores como salvos em `cuda:0`, como faria um
    `torch.save` numa máquina com GPU (aqui, sem precisar de uma)."""

    def tag(storage):
        return "cuda:0"

    torch.serialization.register_package(0, tag, lambda storage, location: None)
    try:
        torch.save(obj, buffer)
    finally:
        registry = torch.serialization._package_registry
        registry[:] = [item for item in registry if item[1] is not tag]


def cuda_checkpoint_error():
    """Carregar, numa máquina sem GPU, um checkpoint salvo na GPU."""
    buffer = io.BytesIO()
    save_as_if_on_gpu({"weight": torch.ones(2, 3)}, buffer)
    buffer.seek(0)
    return torch.load(buffer)


# --8<-- [end:error-cuda-checkpoint]

# --8<-- [start:fix-cuda-checkpoint]
import io

import torch


def save_as_if_on_gpu(obj, buffer):
    """Grava `obj` marcando os tensores como salvos em `cuda:0` (veja o erro acima)."""

    def tag(storage):
        return "cuda:0"

    torch.serialization.register_package(0, tag, lambda storage, location: None)
    try:
        torch.save(obj, buffer)
    finally:
        registry = torch.serialization._package_registry
        registry[:] = [item for item in registry if item[1] is not tag]


def cuda_checkpoint_fixed():
    """`map_location` diz onde pôr os tensores: aqui, na CPU."""
    buffer = io.BytesIO()
    save_as_if_on_gpu({"weight": torch.ones(2, 3)}, buffer)
    buffer.seek(0)
    return torch.load(buffer, map_location="cpu")


# --8<-- [end:fix-cuda-checkpoint]

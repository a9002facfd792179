"""Erros ao definir módulos e otimizadores: cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-empty-parameters]
import torch
from torch import nn


class Stack(nn.Module):
    """Camadas guardadas numa lista do Python: o módulo não as registra."""

    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4) for _ in range(3)]

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def empty_parameters_error():
    """O otimizador recebe `Stack().parameters()`, que está vazio."""
    return torch.optim.SGD(Stack().parameters(), lr=0.1)


# --8<-- [end:error-empty-parameters]

# --8<-- [start:fix-empty-parameters]
import torch
from torch import nn


class StackFixed(nn.Module):
    """`nn.ModuleList` registra as camadas (e `nn.ParameterList`, os parâmetros)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(4, 4) for _ in range(3))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def empty_parameters_fixed():
    """Agora o otimizador vê os 6 tensores de parâmetros (3 pesos e 3 vieses)."""
    model = StackFixed()
    return torch.optim.SGD(model.parameters(), lr=0.1), model


# --8<-- [end:fix-empty-parameters]

# --8<-- [start:error-missing-forward]
import torch
from torch import nn


class Classifier(nn.Module):
    """O método foi escrito `foward`: o módulo não tem `forward`."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def foward(self, x):
        return self.fc(x)


def missing_forward_error():
    """Chamar o modelo chama `forward`, que não foi definido."""
    return Classifier()(torch.randn(3, 4))


# --8<-- [end:error-missing-forward]

# --8<-- [start:fix-missing-forward]
import torch
from torch import nn


class ClassifierFixed(nn.Module):
    """O método se chama exatamente `forward`."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


def missing_forward_fixed():
    """O modelo devolve uma linha de logits por exemplo."""
    return ClassifierFixed()(torch.randn(3, 4))  # forma (3, 2)


# --8<-- [end:fix-missing-forward]

# --8<-- [start:error-super-init]
import torch
from torch import nn


class Regressor(nn.Module):
    """O `__init__` não chama `super().__init__()` antes de criar as camadas."""

    def __init__(self):
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def super_init_error():
    """Criar o modelo já falha, na primeira camada atribuída."""
    return Regressor()


# --8<-- [end:error-super-init]

# --8<-- [start:fix-super-init]
import torch
from torch import nn


class RegressorFixed(nn.Module):
    """`super().__init__()` vem antes de qualquer camada ou parâmetro."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def super_init_fixed():
    """O modelo registra a camada: 2 tensores de parâmetros (peso e viés)."""
    model = RegressorFixed()
    return model, model(torch.randn(3, 4))  # saída de forma (3, 1)


# --8<-- [end:fix-super-init]

# --8<-- [start:error-forward-arguments]
import torch
from torch import nn


class Scorer(nn.Module):
    """O `forward` recebe só a entrada."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def forward_arguments_error():
    """O modelo é chamado com a entrada e os rótulos, como a função de perda."""
    x, y = torch.randn(3, 4), torch.randn(3, 1)
    return Scorer()(x, y)


# --8<-- [end:error-forward-arguments]

# --8<-- [start:fix-forward-arguments]
import torch
from torch import nn


class ScorerFixed(nn.Module):
    """O mesmo modelo: quem muda é a chamada."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def forward_arguments_fixed():
    """O modelo recebe a entrada; a perda recebe a saída e os rótulos."""
    x, y = torch.randn(3, 4), torch.randn(3, 1)
    return nn.functional.mse_loss(ScorerFixed()(x), y)


# --8<-- [end:fix-forward-arguments]

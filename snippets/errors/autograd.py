"""Erros de autograd: cada um reproduzido e corrigido.

Seções `error-<slug>` (define `<slug>_error()`, que levanta o erro da página) e
`fix-<slug>` (define `<slug>_fixed()`, a versão corrigida, conferida pelos testes).
"""

# Cada seção exibida traz seus próprios imports (o leitor copia só ela), então o
# mesmo nome é importado de novo em cada seção.
# ruff: noqa: F811

# --8<-- [start:error-backward-twice]
import torch


def backward_twice_error():
    """Duas perdas que compartilham o mesmo grafo, com dois `backward`."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    hidden = (w * 3).exp()
    loss_a = hidden.sum()
    loss_b = hidden.mean()
    loss_a.backward()  # libera os valores guardados de `exp`
    loss_b.backward()  # precisa deles de novo
    return w.grad


# --8<-- [end:error-backward-twice]

# --8<-- [start:fix-backward-twice]
import torch


def backward_twice_fixed():
    """Some as perdas e chame `backward` uma vez (ou `retain_graph=True`)."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    hidden = (w * 3).exp()
    loss = hidden.sum() + hidden.mean()
    loss.backward()
    return w.grad  # 3 * exp(3w) * (1 + 1/2)


# --8<-- [end:fix-backward-twice]

# --8<-- [start:error-no-grad-fn]
import torch
from torch import nn


def no_grad_fn_error():
    """A perda foi calculada dentro de `torch.no_grad()`: não há grafo."""
    model = nn.Linear(3, 1)
    x, y = torch.randn(8, 3), torch.randn(8, 1)
    with torch.no_grad():
        loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return model.weight.grad


# --8<-- [end:error-no-grad-fn]

# --8<-- [start:fix-no-grad-fn]
import torch
from torch import nn


def no_grad_fn_fixed():
    """Calcule a perda de treino fora de `no_grad()`/`inference_mode()`."""
    model = nn.Linear(3, 1)
    x, y = torch.randn(8, 3), torch.randn(8, 1)
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    return model.weight.grad  # forma (1, 3)


# --8<-- [end:fix-no-grad-fn]

# --8<-- [start:error-inplace-saved]
import torch


def inplace_saved_error():
    """`exp` guarda a própria saída para o backward; `add_` a altera no lugar."""
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()
    return x.grad


# --8<-- [end:error-inplace-saved]

# --8<-- [start:fix-inplace-saved]
import torch


def inplace_saved_fixed():
    """A versão fora do lugar (`y = y + 1`) cria um tensor novo e preserva o salvo."""
    x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
    y = x.exp()
    y = y + 1
    y.sum().backward()
    return x.grad  # exp(x)


# --8<-- [end:fix-inplace-saved]

# --8<-- [start:error-inplace-leaf]
import torch


def inplace_leaf_error():
    """Atualizar um parâmetro à mão, com o autograd ligado."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w**2).sum().backward()
    w -= 0.1 * w.grad
    return w


# --8<-- [end:error-inplace-leaf]

# --8<-- [start:fix-inplace-leaf]
import torch


def inplace_leaf_fixed():
    """Atualizações de pesos dentro de `torch.no_grad()` (é o que o otimizador faz)."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w**2).sum().backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    return w  # [0.8, 1.6]


# --8<-- [end:fix-inplace-leaf]

# --8<-- [start:error-numpy-requires-grad]
import torch
from torch import nn


def numpy_requires_grad_error():
    """Converter para NumPy a saída de um modelo em treino."""
    model = nn.Linear(3, 2)
    predictions = model(torch.randn(4, 3))
    return predictions.numpy()


# --8<-- [end:error-numpy-requires-grad]

# --8<-- [start:fix-numpy-requires-grad]
import torch
from torch import nn


def numpy_requires_grad_fixed():
    """`.detach()` solta o tensor do grafo (e `.cpu()` o traz da GPU, se preciso)."""
    model = nn.Linear(3, 2)
    predictions = model(torch.randn(4, 3))
    return predictions.detach().cpu().numpy()


# --8<-- [end:fix-numpy-requires-grad]

# --8<-- [start:error-scalar-outputs]
import torch


def scalar_outputs_error():
    """`backward()` sem argumento numa perda por exemplo (`reduction="none"`)."""
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    losses = (x @ w) ** 2  # uma perda por exemplo: forma (3,)
    losses.backward()
    return w.grad


# --8<-- [end:error-scalar-outputs]

# --8<-- [start:fix-scalar-outputs]
import torch


def scalar_outputs_fixed():
    """Reduza para um escalar (`.mean()` ou `.sum()`) antes do `backward()`."""
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    losses = (x @ w) ** 2
    losses.mean().backward()
    return w.grad  # 2/3 * sum((x @ w) * x)


# --8<-- [end:fix-scalar-outputs]

# --8<-- [start:error-bool-ambiguous]
import torch


def bool_ambiguous_error():
    """Um `if` com um tensor de vários valores: verdadeiro em quais?"""
    losses = torch.tensor([0.5, 2.0, 0.1])
    if losses > 1.0:
        return "perda alta"
    return "ok"


# --8<-- [end:error-bool-ambiguous]

# --8<-- [start:fix-bool-ambiguous]
import torch


def bool_ambiguous_fixed():
    """Diga o que quer: `.any()`, `.all()` ou compare um valor (`.max()`, `.item()`)."""
    losses = torch.tensor([0.5, 2.0, 0.1])
    if (losses > 1.0).any():
        return "perda alta"
    return "ok"


# --8<-- [end:fix-bool-ambiguous]

# --8<-- [start:error-item-scalar]
import torch
from torch import nn


def item_scalar_error():
    """`.item()` numa perda sem redução: um valor por exemplo, não um número."""
    criterion = nn.MSELoss(reduction="none")
    loss = criterion(torch.zeros(4), torch.ones(4))
    return loss.item()


# --8<-- [end:error-item-scalar]

# --8<-- [start:fix-item-scalar]
import torch
from torch import nn


def item_scalar_fixed():
    """Reduza antes (`.mean()`), ou use `.tolist()` para todos os valores."""
    criterion = nn.MSELoss(reduction="none")
    loss = criterion(torch.zeros(4), torch.ones(4))
    return loss.mean().item()  # 1.0


# --8<-- [end:fix-item-scalar]

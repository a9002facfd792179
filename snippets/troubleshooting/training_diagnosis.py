"""Solução de problemas: diagnosticar um modelo que não treina olhando os gradientes.

O perfil original imprimia a norma do gradiente só dos parâmetros que tinham um
(`if param.grad is not None`), justamente escondendo o caso mais revelador: a camada
que não recebe gradiente nenhum. Aqui esses parâmetros aparecem e são sinalizados.
"""

# --8<-- [start:gradient-report]
from torch import nn


def gradient_norms(model: nn.Module) -> dict[str, float | None]:
    """Norma L2 do gradiente de cada parâmetro treinável, depois de `backward()`.

    Args:
        model: modelo em que `loss.backward()` acabou de rodar.

    Returns:
        Dicionário `nome -> norma`; `None` quando o parâmetro não recebeu gradiente.
    """
    return {
        name: None if param.grad is None else param.grad.norm().item()
        for name, param in model.named_parameters()
        if param.requires_grad
    }


def parameters_without_gradient(model: nn.Module) -> list[str]:
    """Nomes dos parâmetros treináveis com gradiente ausente (`None`) ou todo zero.

    Ausente: a camada não participa da perda (nunca é chamada no `forward`, ou algum
    `.detach()`/`torch.no_grad()` corta o grafo antes dela). Zero: ela participa, mas
    nada chega até ela (por exemplo, ReLUs que estão sempre em zero).

    Args:
        model: modelo em que `loss.backward()` acabou de rodar.

    Returns:
        Os nomes, na ordem de `named_parameters()`.
    """
    return [
        name
        for name, norm in gradient_norms(model).items()
        if norm is None or norm == 0.0
    ]


def print_gradient_report(model: nn.Module) -> None:
    """Imprime a norma do gradiente de cada parâmetro e marca os que não têm.

    Args:
        model: modelo em que `loss.backward()` acabou de rodar.
    """
    for name, norm in gradient_norms(model).items():
        status = "SEM GRADIENTE" if norm is None or norm == 0.0 else f"{norm:.4f}"
        print(f"{name}: {status}")


# --8<-- [end:gradient-report]


# --8<-- [start:broken-model]
import torch
from torch import nn


class BrokenModel(nn.Module):
    """Modelo com dois defeitos comuns que impedem parte dele de treinar.

    - `encoder`: a saída passa por `.detach()`, que corta o grafo; o gradiente da
      perda nunca chega aos seus pesos.
    - `unused`: registrada no `__init__`, mas esquecida no `forward`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Linear(4, 8)
        self.unused = nn.Linear(8, 8)
        self.head = nn.Linear(8, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Devolve os logits; só `head` recebe gradiente."""
        hidden = torch.relu(self.encoder(x)).detach()  # defeito: corta o grafo
        return self.head(hidden)


# --8<-- [end:broken-model]


def main() -> None:
    """Roda um passo de `backward()` no modelo defeituoso e imprime o relatório."""
    torch.manual_seed(0)
    model = BrokenModel()
    x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    print_gradient_report(model)
    print(f"sem gradiente: {parameters_without_gradient(model)}")


if __name__ == "__main__":
    main()

"""Básico: operações com tensores e autograd.

Corrige o exemplo do perfil original: `y` pode ser passado (ou gerado com uma semente)
para que o resultado seja reproduzível, e os gradientes são calculados em cópias que
exigem gradiente, sem alterar os tensores de entrada.
"""

# --8<-- [start:tensor-operations]
import torch


def tensor_operations(y: torch.Tensor | None = None, seed: int = 0) -> dict:
    """Mostra soma, produto matricial e autograd com dois tensores 2×2.

    Args:
        y: tensor 2×2 de `float32`. Se `None`, é sorteado com `torch.randn` a partir
            de `seed`, de forma reproduzível.
        seed: semente usada quando `y` não é informado.

    Returns:
        Dicionário com `x`, `y`, a soma (`result`), o produto matricial (`matmul`) e
        os gradientes de `(x * y).sum()` em relação a `x` (`grad_x`) e a `y`
        (`grad_y`), todos como listas.

    Raises:
        ValueError: se `y` não for 2×2 (o broadcasting esconderia o erro).
    """
    # Criar tensores
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    if y is None:
        generator = torch.Generator().manual_seed(seed)
        y = torch.randn(2, 2, generator=generator)
    if y.shape != x.shape:
        raise ValueError(f"y deve ter forma {tuple(x.shape)}, recebeu {tuple(y.shape)}")

    # Operações elemento a elemento e produto matricial
    z = x + y
    w = torch.matmul(x, y)  # o mesmo que x @ y

    # Autograd: folhas novas que exigem gradiente (não mexe no `y` de quem chamou)
    x_leaf = x.clone().requires_grad_(True)
    y_leaf = y.detach().clone().requires_grad_(True)
    loss = (x_leaf * y_leaf).sum()
    loss.backward()  # d(loss)/dx = y e d(loss)/dy = x

    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "result": z.tolist(),
        "matmul": w.tolist(),
        "grad_x": x_leaf.grad.tolist(),
        "grad_y": y_leaf.grad.tolist(),
    }


# --8<-- [end:tensor-operations]


def main() -> None:
    """Roda o exemplo com um `y` conhecido e imprime cada resultado."""
    out = tensor_operations(y=torch.tensor([[0.5, -1.0], [2.0, 0.0]]))
    for name, value in out.items():
        print(f"{name:>7}: {value}")


if __name__ == "__main__":
    main()

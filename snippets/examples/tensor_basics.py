"""Básico: operações com tensores, autograd e a ponte com o NumPy.

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

# --8<-- [start:numpy-bridge]
import numpy as np
import torch


def numpy_bridge() -> dict:
    """Tensores e arrays NumPy: o que cada conversão copia e o que compartilha.

    Returns:
        Dicionário com o dtype de cada conversão de um array `float64` e se ela
        enxerga uma mudança feita no array depois de convertê-lo.
    """
    array = np.array([1.0, 2.0, 3.0])  # float64, o padrão do NumPy
    shared = torch.from_numpy(array)  # mesma memória e mesmo dtype
    copied = torch.tensor(array)  # cópia
    as_float32 = torch.as_tensor(array, dtype=torch.float32)  # cópia em float32

    array[0] = 100.0  # muda o array depois das três conversões

    weights = torch.ones(3, requires_grad=True)
    return {
        "from_numpy": (str(shared.dtype), shared[0].item() == 100.0),
        "tensor": (str(copied.dtype), copied[0].item() == 100.0),
        "as_tensor": (str(as_float32.dtype), as_float32[0].item() == 100.0),
        # `.numpy()` devolve a mesma memória (só de tensor na CPU, sem gradiente)
        "numpy()": np.shares_memory(shared.numpy(), array),
        # tensor que exige gradiente (ou está na GPU): `.detach().cpu()` antes
        "detach": weights.detach().cpu().numpy().tolist(),
    }


# --8<-- [end:numpy-bridge]


def main() -> None:
    """Roda os dois exemplos e imprime cada resultado."""
    out = tensor_operations(y=torch.tensor([[0.5, -1.0], [2.0, 0.0]]))
    for name, value in out.items():
        print(f"{name:>7}: {value}")
    print()
    print("conversão    dtype          vê a mudança no array")
    bridge = numpy_bridge()
    for name in ("from_numpy", "tensor", "as_tensor"):
        dtype, sees = bridge[name]
        print(f"{name:<12} {dtype:<14} {sees}")
    print(f"numpy() compartilha a memória: {bridge['numpy()']}")
    print(f"detach().cpu().numpy(): {bridge['detach']}")


if __name__ == "__main__":
    main()

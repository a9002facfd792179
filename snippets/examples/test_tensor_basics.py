import pytest
import torch

from snippets.examples import tensor_basics
from snippets.examples.tensor_basics import numpy_bridge, tensor_operations

Y = torch.tensor([[0.5, -1.0], [2.0, 0.0]])


def test_sum_and_matmul_equal_hand_computed_values():
    out = tensor_operations(y=Y)
    # x = [[1, 2], [3, 4]]: soma e produto feitos à mão
    assert out["result"] == [[1.5, 1.0], [5.0, 4.0]]
    assert out["matmul"] == [
        [1 * 0.5 + 2 * 2.0, 1 * -1.0 + 2 * 0.0],
        [3 * 0.5 + 4 * 2.0, 3 * -1.0 + 4 * 0.0],
    ]


def test_gradients_of_product_sum_are_the_other_operand_exactly():
    out = tensor_operations(y=Y)
    assert out["grad_x"] == Y.tolist()
    assert out["grad_y"] == out["x"]


def test_random_y_is_reproducible_by_seed_and_gradients_still_exact():
    a, b, c = (
        tensor_operations(seed=1),
        tensor_operations(seed=1),
        tensor_operations(seed=2),
    )
    assert a == b
    assert a["y"] != c["y"]
    assert a["grad_x"] == a["y"]
    torch.testing.assert_close(
        torch.tensor(a["matmul"]), torch.tensor(a["x"]) @ torch.tensor(a["y"])
    )


def test_caller_tensor_is_not_modified():
    y = Y.clone()
    tensor_operations(y=y)
    assert not y.requires_grad and y.grad is None
    assert torch.equal(y, Y)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(tensor_basics)
    assert "grad_x: [[0.5, -1.0], [2.0, 0.0]]" in out


@pytest.mark.parametrize("bad", [torch.zeros(3, 3), torch.zeros(2)])
def test_wrong_shape_fails_loudly(bad):
    with pytest.raises(ValueError, match=r"forma \(2, 2\)"):
        tensor_operations(y=bad)


def test_operations_and_gradients_on_the_device(device):
    """Com o dispositivo padrão trocado, x nasce nele e as contas rodam lá."""
    with torch.device(device):
        out = tensor_operations(y=Y.to(device))
    assert out["result"] == [[1.5, 1.0], [5.0, 4.0]]
    assert out["matmul"] == [[4.5, -1.0], [9.5, -3.0]]
    assert out["grad_x"] == Y.tolist()
    assert out["grad_y"] == [[1.0, 2.0], [3.0, 4.0]]


def test_numpy_bridge_shares_only_where_the_page_says():
    out = numpy_bridge()
    # from_numpy: mesma memória e o dtype do array; as outras duas copiam
    assert out["from_numpy"] == ("torch.float64", True)
    assert out["tensor"] == ("torch.float64", False)
    assert out["as_tensor"] == ("torch.float32", False)
    assert out["numpy()"] is True
    assert out["detach"] == [1.0, 1.0, 1.0]


def test_only_tensors_that_require_grad_record_history():
    plain = torch.ones(2)
    assert (plain * 2).grad_fn is None  # sem requires_grad, nenhum histórico
    tracked = torch.ones(2, requires_grad=True)
    derived = tracked * 2
    assert derived.grad_fn is not None
    # Um resultado calculado de um tensor rastreado também guarda o histórico.
    assert (derived + plain).grad_fn is not None


def test_profile_block_works_once_its_tensors_are_leaves():
    # O bloco do perfil: requires_grad ligado depois da soma e do produto.
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = torch.randn(2, 2)
    _ = x + y
    _ = torch.matmul(x, y)
    x.requires_grad = True  # permitido: x e y são folhas do grafo
    y.requires_grad = True
    (x * y).sum().backward()
    assert torch.equal(x.grad, y.detach())
    assert torch.equal(y.grad, x.detach())


def test_graph_is_built_as_the_python_code_runs():
    # Grafo dinâmico: um `if` do Python sobre o valor do tensor escolhe a conta.
    def f(t):
        return 2 * t if t.item() > 0 else 3 * t

    grads = []
    for value in (1.0, -1.0):
        t = torch.tensor(value, requires_grad=True)
        f(t).backward()
        grads.append(t.grad.item())
    assert grads == [2.0, 3.0]


def test_torch_defaults_to_float32_where_numpy_uses_float64():
    import numpy as np

    assert torch.tensor([1.0]).dtype == torch.float32
    assert np.array([1.0]).dtype == np.float64

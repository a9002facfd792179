import numpy as np
import pytest
import torch

from snippets.examples import simple_nn
from snippets.examples.simple_nn import (
    SimpleNN,
    describe,
    make_blobs,
    train_simple_model,
)


def accuracy(model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    device = next(model.parameters()).device
    with torch.no_grad():
        predicted = model(X.to(device)).argmax(dim=1).cpu()
    return (predicted == y).float().mean().item()


def test_forward_gives_one_logit_per_class():
    model = SimpleNN(input_size=4, hidden_size=8, num_classes=3)
    assert model(torch.randn(5, 4)).shape == (5, 3)


def test_loss_falls_tenfold_on_separable_data(device):
    X, y = make_blobs()
    result = train_simple_model(X, y, epochs=60, lr=0.01, log_every=None, device=device)
    losses = result["losses"]
    assert len(losses) == 60  # uma perda por época
    assert result["final_loss"] == losses[-1]
    assert losses[-1] < losses[0] / 10
    assert accuracy(result["model"], X, y) >= 0.98
    assert next(result["model"].parameters()).device.type == device.type


@pytest.mark.parametrize(
    "order, learns",
    [
        (("zero_grad", "backward", "step"), True),
        (("zero_grad", "step", "backward"), False),  # step sem gradiente
        (("backward", "zero_grad", "step"), False),  # zero_grad apaga o backward
    ],
)
def test_training_step_order(order, learns):
    """A ordem do laço de treino explicada na página: só a certa muda os pesos."""
    torch.manual_seed(0)
    X, y = make_blobs(n_per_class=10)
    model = SimpleNN(input_size=X.shape[1], hidden_size=8, num_classes=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    before = [p.detach().clone() for p in model.parameters()]
    loss = torch.nn.functional.cross_entropy(model(X), y)
    calls = {
        "zero_grad": optimizer.zero_grad,
        "backward": loss.backward,
        "step": optimizer.step,
    }
    for name in order:
        calls[name]()
    after = model.parameters()
    changed = any(not torch.equal(a, b) for a, b in zip(before, after, strict=True))
    assert changed is learns


@pytest.mark.parametrize(
    "make_inputs",
    [
        pytest.param(lambda X, y: (X.tolist(), y.tolist()), id="lists"),
        pytest.param(lambda X, y: (X.double(), y), id="float64-tensor"),
        pytest.param(
            lambda X, y: (X.numpy().astype(np.float64), y.numpy()), id="numpy"
        ),
    ],
)
def test_accepts_lists_float64_and_arrays(make_inputs):
    X, y = make_blobs(n_per_class=10)
    X_in, y_in = make_inputs(X, y)
    result = train_simple_model(X_in, y_in, epochs=3, log_every=None, device="cpu")
    assert len(result["losses"]) == 3
    assert result["model"].fc1.weight.dtype == torch.float32


def test_labels_not_starting_at_zero_work(device):
    X, y = make_blobs(labels=(3, 7))
    result = train_simple_model(X, y, epochs=60, lr=0.01, log_every=None, device=device)
    model = result["model"]
    # escolha documentada: num_classes = max(y) + 1, então 8 saídas
    assert model.fc2.out_features == 8
    assert accuracy(model, X, y) >= 0.98


def test_explicit_num_classes_is_used_and_checked():
    X, y = make_blobs(n_per_class=5, labels=(0, 2))
    result = train_simple_model(X, y, epochs=1, num_classes=5, log_every=None)
    assert result["model"].fc2.out_features == 5
    with pytest.raises(ValueError, match=r"rótulo 2 não cabe em num_classes=2"):
        train_simple_model(X, y, epochs=1, num_classes=2, log_every=None)


def test_mismatched_lengths_name_both_lengths():
    X, y = make_blobs(n_per_class=5)  # 10 exemplos
    with pytest.raises(ValueError, match=r"10 exemplos.*9 rótulos"):
        train_simple_model(X, y[:9], epochs=1, log_every=None)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([1.0, 2.0], [0, 1], r"forma \(N, F\)"),
        ([[1.0], [2.0]], [[0], [1]], r"forma \(N,\)"),
        ([[1.0], [2.0]], [0, -1], r"rótulos devem ser >= 0"),
    ],
)
def test_bad_inputs_fail_loudly(X, y, message):
    with pytest.raises(ValueError, match=message):
        train_simple_model(X, y, epochs=1, log_every=None)


def test_log_every_prints_like_the_original_and_can_be_silenced(capsys):
    X, y = make_blobs(n_per_class=5)
    train_simple_model(X, y, epochs=20, device="cpu")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines] == ["Epoch [10/20]", "Epoch [20/20]"]
    train_simple_model(X, y, epochs=20, log_every=None, device="cpu")
    assert capsys.readouterr().out == ""


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(simple_nn)
    accuracy = next(x for x in out.splitlines() if x.startswith("Acurácia no treino:"))
    assert float(accuracy.split(":")[1].rstrip("%")) >= 95
    # termina com o modelo treinado: 4 atributos, 64 na camada oculta, 2 classes
    assert out.splitlines()[-1] == "Parâmetros: 450 (450 treináveis)"


def test_describe_lists_the_layers_and_counts_every_parameter():
    model = SimpleNN(input_size=4, hidden_size=8, num_classes=3)
    text = describe(model)
    assert "(fc1): Linear(in_features=4, out_features=8, bias=True)" in text
    assert "(fc2): Linear(in_features=8, out_features=3, bias=True)" in text
    # 4x8 pesos + 8 vieses + 8x3 pesos + 3 vieses
    assert text.endswith("Parâmetros: 67 (67 treináveis)")
    model.fc1.requires_grad_(False)
    assert describe(model).endswith("Parâmetros: 67 (27 treináveis)")


def test_legacy_constructor_refuses_float64_as_the_errata_says():
    # O perfil usava torch.FloatTensor(X_train); com um tensor float64, ele recusa.
    with pytest.raises(
        TypeError,
        match=r"expected TensorOptions\(dtype=float.*got TensorOptions\(dtype=double",
    ):
        torch.FloatTensor(torch.randn(3, 2, dtype=torch.float64))


def test_model_returns_logits_and_cross_entropy_applies_log_softmax():
    model = SimpleNN(input_size=4, hidden_size=8, num_classes=3)
    assert not any(
        isinstance(m, (torch.nn.Softmax, torch.nn.LogSoftmax)) for m in model.modules()
    )
    logits = model(torch.randn(5, 4))
    target = torch.tensor([0, 1, 2, 0, 1])
    torch.testing.assert_close(
        torch.nn.CrossEntropyLoss()(logits, target),
        torch.nn.functional.nll_loss(torch.log_softmax(logits, dim=1), target),
    )


def test_errata_num_classes_from_len_set_fails_on_gapped_labels():
    # O perfil contava as classes com len(set(y)): rótulos {0, 2} dão 2 saídas.
    y = torch.tensor([0, 2, 0, 2])
    logits = torch.randn(4, len(set(y.tolist())))
    with pytest.raises(IndexError, match="Target 2 is out of bounds."):
        torch.nn.functional.cross_entropy(logits, y)


def test_print_lists_submodules_in_init_order_and_there_is_no_fit_or_summary():
    class Swapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.second = torch.nn.Linear(3, 3)  # criada primeiro...
            self.first = torch.nn.Linear(3, 3)

        def forward(self, x):
            return self.second(self.first(x))  # ...mas chamada por último

    text = repr(Swapped())
    assert text.index("(second)") < text.index("(first)")
    model = SimpleNN(input_size=4, hidden_size=8, num_classes=3)
    assert not hasattr(model, "fit") and not hasattr(model, "summary")

import copy

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from snippets.troubleshooting import grad_accumulation
from snippets.troubleshooting.grad_accumulation import train_with_accumulation


def _setup(device, num_batches=10, batch_size=4):
    X = torch.randn(num_batches * batch_size, 6)
    y = (X[:, 0] > 0).long()
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size)
    model = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 2)).to(device)
    return model, loader


def _record_steps(model, optimizer):
    """Guarda parâmetros e gradientes no instante de cada optimizer.step()."""
    records = []

    def hook(opt, args, kwargs):
        records.append(
            (
                copy.deepcopy(model.state_dict()),
                [p.grad.detach().clone() for p in model.parameters()],
            )
        )

    optimizer.register_step_pre_hook(hook)
    return records


@pytest.mark.parametrize(
    ("num_batches", "steps", "groups"),
    [(10, 4, [4, 4, 2]), (8, 4, [4, 4]), (3, 1, [1, 1, 1]), (5, 8, [5])],
)
def test_each_step_uses_the_full_batch_gradient_of_its_group(
    device, num_batches, steps, groups
):
    model, loader = _setup(device, num_batches)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    records = _record_steps(model, optimizer)

    n_steps = train_with_accumulation(model, loader, criterion, optimizer, steps)

    assert n_steps == len(records) == len(groups)
    batches = list(loader)
    start = 0
    for (state, grads), size in zip(records, groups, strict=True):
        # Referência: um único lote com todos os exemplos do grupo, nos mesmos pesos.
        data = torch.cat([b[0] for b in batches[start : start + size]]).to(device)
        target = torch.cat([b[1] for b in batches[start : start + size]]).to(device)
        reference = copy.deepcopy(model)
        reference.load_state_dict(state)
        criterion(reference(data), target).backward()
        for got, param in zip(grads, reference.parameters(), strict=True):
            torch.testing.assert_close(got, param.grad)
        start += size


def test_no_gradient_is_left_over_after_a_partial_group(device):
    model, loader = _setup(device, num_batches=10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    train_with_accumulation(model, loader, nn.CrossEntropyLoss(), optimizer, 4)
    assert all(p.grad is None for p in model.parameters())


def test_the_original_loop_leaves_gradients_behind():
    # O loop do perfil original, só para documentar o defeito que foi corrigido.
    model, loader = _setup("cpu", num_batches=10)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    accumulation_steps = 4
    for i, (data, target) in enumerate(loader):
        loss = criterion(model(data), target) / accumulation_steps
        loss.backward()
        if (i + 1) % accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
    assert any(
        p.grad is not None and p.grad.abs().sum() > 0 for p in model.parameters()
    )


def test_invalid_accumulation_steps_fail_loudly():
    model, loader = _setup("cpu")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="accumulation_steps deve ser >= 1"):
        train_with_accumulation(model, loader, nn.CrossEntropyLoss(), optimizer, 0)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(grad_accumulation)
    assert "gradientes sobrando depois do laço: 0" in out


def test_out_of_memory_error_is_one_class_and_a_runtime_error():
    assert torch.OutOfMemoryError is torch.cuda.OutOfMemoryError
    assert issubclass(torch.OutOfMemoryError, RuntimeError)


def test_backward_adds_to_the_existing_grad_until_zero_grad():
    w = torch.tensor([1.0], requires_grad=True)
    (3 * w).sum().backward()
    (3 * w).sum().backward()
    assert w.grad.item() == 6.0  # 3 + 3: o segundo backward soma
    optimizer = torch.optim.SGD([w], lr=0.1)
    optimizer.zero_grad(set_to_none=True)
    assert w.grad is None


def test_summing_loss_tensors_keeps_the_graph_item_does_not():
    model = nn.Linear(2, 1)
    total_tensor, total_float = 0, 0.0
    for _ in range(3):
        loss = model(torch.randn(4, 2)).pow(2).mean()
        total_tensor = total_tensor + loss  # prende o grafo de cada lote
        total_float += loss.item()  # só o número
    assert total_tensor.grad_fn is not None
    assert isinstance(total_float, float)


def test_evaluation_without_graph_keeps_no_history():
    model = nn.Linear(2, 1)
    x = torch.randn(4, 2)
    assert model(x).grad_fn is not None
    with torch.no_grad():
        assert model(x).grad_fn is None
    with torch.inference_mode():
        out = model(x)
    assert out.grad_fn is None and not out.requires_grad


@pytest.mark.gpu
def test_empty_cache_does_not_free_a_tensor_still_referenced():
    x = torch.empty(64 * 1024 * 1024, dtype=torch.uint8, device="cuda")
    before = torch.cuda.memory_allocated()
    torch.cuda.empty_cache()
    assert torch.cuda.memory_allocated() == before
    del x

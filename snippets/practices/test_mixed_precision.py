import math

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from snippets.practices import mixed_precision
from snippets.practices.mixed_precision import amp_settings, train_epoch_amp


def _setup(device):
    X = torch.randn(128, 16)
    y = (X[:, :4].sum(dim=1) > 0).long()
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2)).to(device)
    seen = []
    model[0].register_forward_hook(
        lambda module, args, output: seen.append((args[0].device.type, output.dtype))
    )
    return model, loader, seen


def _train(device, epochs=3):
    model, loader, seen = _setup(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    dtype, scaler = amp_settings(device)
    history = [
        train_epoch_amp(
            model, loader, optimizer, nn.CrossEntropyLoss(), device, dtype, scaler
        )
        for _ in range(epochs)
    ]
    return model, history, seen, dtype, scaler


def test_autocast_runs_in_low_precision_and_the_loss_falls(device):
    model, history, seen, dtype, _ = _train(device)
    expected = torch.float16 if device.type == "cuda" else torch.bfloat16
    assert dtype == expected
    # dados levados ao dispositivo; ativações no tipo reduzido
    assert seen and all(s == (device.type, expected) for s in seen)
    assert all(p.dtype == torch.float32 for p in model.parameters())
    assert all(math.isfinite(v) for losses in history for v in losses)
    assert sum(history[-1]) < sum(history[0])


def test_cpu_uses_bfloat16_without_scaler():
    dtype, scaler = amp_settings(torch.device("cpu"))
    assert dtype == torch.bfloat16
    assert not scaler.is_enabled()
    with torch.amp.autocast(device_type="cpu", dtype=dtype):
        assert (torch.randn(2, 3) @ torch.randn(3, 4)).dtype == torch.bfloat16


@pytest.mark.gpu
def test_cuda_uses_float16_with_an_active_scaler():
    _, history, _, dtype, scaler = _train(torch.device("cuda"), epochs=1)
    assert dtype == torch.float16
    assert scaler.is_enabled()
    assert scaler.get_scale() > 0
    assert all(math.isfinite(v) for v in history[0])


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(mixed_precision)
    assert "pesos continuam em float32: True" in out


def _autocast_dtypes(device_type, dtype):
    """Tipos de matmul, softmax, sum e cross_entropy dentro do autocast."""
    a = torch.randn(4, 8, device=device_type)
    b = torch.randn(8, 3, device=device_type)
    target = torch.tensor([0, 1, 2, 0], device=device_type)
    with torch.amp.autocast(device_type=device_type, dtype=dtype):
        logits = a @ b
        return (
            logits.dtype,
            torch.softmax(logits, dim=1).dtype,
            logits.sum().dtype,
            nn.functional.cross_entropy(logits, target).dtype,
        )


def test_cpu_autocast_keeps_softmax_and_sum_in_bfloat16():
    # A página: na CPU, só as perdas voltam a float32; softmax e sum ficam em bf16.
    matmul, softmax, total, loss = _autocast_dtypes("cpu", torch.bfloat16)
    assert matmul == torch.bfloat16
    assert softmax == torch.bfloat16
    assert total == torch.bfloat16
    assert loss == torch.float32


@pytest.mark.gpu
def test_cuda_float16_autocast_promotes_softmax_sum_and_loss():
    matmul, softmax, total, loss = _autocast_dtypes("cuda", torch.float16)
    assert matmul == torch.float16
    assert softmax == torch.float32
    assert total == torch.float32
    assert loss == torch.float32


def test_errata_torch_cuda_amp_is_deprecated():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.cuda.amp.GradScaler()
        torch.cuda.amp.autocast()
    future = [str(w.message) for w in caught if w.category is FutureWarning]
    assert any(
        "`torch.cuda.amp.GradScaler(args...)` is deprecated" in m for m in future
    )
    assert any("`torch.cuda.amp.autocast(args...)` is deprecated" in m for m in future)

import copy

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from snippets.templates import gpu_acceleration
from snippets.templates.gpu_acceleration import MyModel, evaluate_on_device


def _loader():
    X = torch.randn(40, 4)
    y = X[:, :3].argmax(dim=1)
    return DataLoader(TensorDataset(X, y), batch_size=16)


def test_runs_on_the_device_and_agrees_with_cpu(device):
    model = MyModel()
    loader = _loader()
    cpu_out, cpu_acc = evaluate_on_device(
        copy.deepcopy(model), loader, torch.device("cpu")
    )
    out, acc = evaluate_on_device(model, loader, device)

    assert next(model.parameters()).device.type == device.type
    assert not model.training
    assert out.device.type == "cpu" and out.shape == (40, 3)
    torch.testing.assert_close(out, cpu_out, rtol=1e-4, atol=1e-5)
    assert acc == cpu_acc


def test_default_device_falls_back_to_cpu_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    model = MyModel()
    evaluate_on_device(model, _loader())
    assert next(model.parameters()).device.type == "cpu"


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(gpu_acceleration)
    assert "modelo no dispositivo escolhido: True" in out


def test_module_to_moves_in_place_tensor_to_returns_a_copy(device):
    model = MyModel()
    assert model.to(device) is model  # o módulo é movido no lugar
    data = torch.ones(2, 4)
    moved = data.to(device)
    assert data.device.type == "cpu"  # o original fica onde estava
    assert moved.device.type == device.type
    if device.type != "cpu":
        assert moved is not data


@pytest.mark.gpu
def test_model_and_data_on_different_devices_fail():
    model = MyModel().to("cuda")
    with pytest.raises(
        RuntimeError, match="Expected all tensors to be on the same device"
    ):
        model(torch.randn(2, 4))

import pytest
import torch
from torch import nn

from snippets.practices import device as device_module
from snippets.practices.device import pick_device, pick_device_classic, to_best_device


def _simulate_no_gpu(monkeypatch):
    # pick_device() pergunta torch.accelerator.is_available(); a forma clássica,
    # torch.cuda.is_available().
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


def test_picks_the_test_device(device, monkeypatch):
    if device.type == "cpu":
        _simulate_no_gpu(monkeypatch)
    assert pick_device() == torch.device(device.type)
    assert pick_device_classic() == torch.device(device.type)


def test_model_moves_to_the_picked_device(device, monkeypatch):
    if device.type == "cpu":
        _simulate_no_gpu(monkeypatch)
    model, picked = to_best_device(nn.Linear(3, 2))
    assert picked.type == device.type
    assert all(p.device.type == device.type for p in model.parameters())
    x = torch.randn(4, 3, device=picked)
    assert model(x).device.type == device.type


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(device_module)
    assert "parâmetros no dispositivo escolhido: True" in out


def test_errata_profile_device_line_had_no_import():
    with pytest.raises(NameError, match="name 'torch' is not defined"):
        exec(
            "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')", {}
        )

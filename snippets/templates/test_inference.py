import os
import pickle

import pytest
import torch

from snippets.templates import inference
from snippets.templates.inference import MyModel, load_model, predict, save_weights


class _Payload:
    """Pickle malicioso: ao ser carregado, criaria a pasta `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_round_trip_reproduces_outputs_exactly(tmp_path, device):
    original = MyModel().to(device).eval()
    x = torch.randn(8, 4, device=device)
    path = tmp_path / "model.pth"
    save_weights(original, path)

    loaded = load_model(path, device=device)
    assert not loaded.training
    with torch.inference_mode():
        assert torch.equal(loaded(x), original(x))
    assert torch.equal(predict(loaded, x), original(x).argmax(dim=1))


def test_map_location_brings_weights_saved_elsewhere_to_cpu(tmp_path, device):
    original = MyModel().to(device).eval()
    save_weights(original, tmp_path / "model.pth")
    loaded = load_model(tmp_path / "model.pth", device="cpu")
    assert all(p.device.type == "cpu" for p in loaded.parameters())
    x = torch.randn(5, 4)
    with torch.inference_mode():
        torch.testing.assert_close(loaded(x), original(x.to(device)).cpu())


def test_predict_accepts_plain_lists_and_returns_class_indices():
    model = MyModel().eval()
    input_data = [[0.5, -1.0, 2.0, 0.0], [1.5, 0.3, -0.7, 1.0]]
    prediction = predict(model, input_data)
    assert prediction.dtype == torch.int64
    assert prediction.shape == (2,)
    assert torch.equal(prediction, predict(model, torch.tensor(input_data)))


def test_whole_model_pickle_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "whole_model.pth"
    torch.save(MyModel(), path)  # o jeito antigo: o objeto inteiro, via pickle
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        load_model(path)


def test_malicious_pickle_is_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pth"
    torch.save(_Payload(marker), path)
    assert not marker.exists()

    with pytest.raises(pickle.UnpicklingError, match="posix.mkdir|nt.mkdir"):
        load_model(path)
    assert not marker.exists()


def test_the_payload_is_real_when_weights_only_is_off(tmp_path):
    # Controle: prova que o teste anterior não passa por acaso. Com weights_only=False
    # o mesmo arquivo executa código ao ser carregado.
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pth"
    torch.save(_Payload(marker), path)
    torch.load(path, weights_only=False)
    assert marker.is_dir()


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(inference)
    assert "igual ao modelo original: True" in out


def test_errata_placeholder_in_braces_makes_a_set():
    input_data = [1.0, 2.0]
    with pytest.raises(TypeError, match="unhashable type: 'list'"):
        eval(
            "torch.FloatTensor({input_data})",
            {"torch": torch, "input_data": input_data},
        )
    with pytest.raises(TypeError, match=r"data must be a sequence \(got set\)"):
        torch.FloatTensor({1.0, 2.0})

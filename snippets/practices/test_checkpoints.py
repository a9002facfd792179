import pytest
import torch

from snippets.practices import checkpoints
from snippets.practices.checkpoints import (
    load_checkpoint,
    make_dataset,
    make_model,
    train,
)


def _fresh(device, seed=0, lr=0.01):
    torch.manual_seed(seed)
    model = make_model().to(device)
    return model, torch.optim.Adam(model.parameters(), lr=lr)


def _assert_same(a, b, device):
    if device.type == "cpu":
        assert torch.equal(a, b)
    else:  # também confere que cada tensor voltou ao mesmo dispositivo
        torch.testing.assert_close(a, b)


def _optimizer_tensors(optimizer):
    state = optimizer.state_dict()["state"]
    return [t for s in state.values() for t in s.values()]


def _straight_three_epochs(device, dataset):
    model, optimizer = _fresh(device)
    train(model, optimizer, dataset, torch.Generator().manual_seed(1), num_epochs=3)
    return model, optimizer


def _two_epochs_then_checkpoint(device, dataset, tmp_path):
    model, optimizer = _fresh(device)
    generator = torch.Generator().manual_seed(1)
    train(model, optimizer, dataset, generator, 2, checkpoint_dir=tmp_path, every=2)
    return tmp_path / "checkpoint_epoch_2.pth"


def test_resume_equals_uninterrupted_training(device, tmp_path):
    dataset = make_dataset()
    straight, straight_opt = _straight_three_epochs(device, dataset)
    path = _two_epochs_then_checkpoint(device, dataset, tmp_path)

    # Pesos, otimizador e gerador novos e diferentes: tudo tem de vir do arquivo.
    resumed, optimizer = _fresh(device, seed=123)
    generator = torch.Generator().manual_seed(999)
    start = load_checkpoint(path, resumed, optimizer, generator)  # map_location="cpu"
    assert start == 2
    train(resumed, optimizer, dataset, generator, num_epochs=3, start_epoch=start)

    for a, b in zip(straight.parameters(), resumed.parameters(), strict=True):
        _assert_same(a, b, device)
    for a, b in zip(
        _optimizer_tensors(straight_opt), _optimizer_tensors(optimizer), strict=True
    ):
        _assert_same(a, b, device)


@pytest.mark.parametrize("forget", ["optimizer", "generator"])
def test_resume_without_each_part_diverges(tmp_path, forget):
    # Mostra por que o checkpoint guarda o otimizador e o gerador.
    device = torch.device("cpu")
    dataset = make_dataset()
    straight, _ = _straight_three_epochs(device, dataset)
    path = _two_epochs_then_checkpoint(device, dataset, tmp_path)

    resumed, optimizer = _fresh(device, seed=123)
    generator = torch.Generator().manual_seed(999)
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    resumed.load_state_dict(ckpt["model_state_dict"])
    if forget != "optimizer":
        optimizer.load_state_dict(ckpt["optimizer_state_dict"])
    if forget != "generator":
        generator.set_state(ckpt["generator_state"])
    train(resumed, optimizer, dataset, generator, num_epochs=3, start_epoch=2)

    assert not all(
        torch.equal(a, b)
        for a, b in zip(straight.parameters(), resumed.parameters(), strict=True)
    )


def test_saves_every_n_completed_epochs_never_at_epoch_zero(tmp_path):
    model, optimizer = _fresh("cpu")
    generator = torch.Generator().manual_seed(1)
    train(
        model, optimizer, make_dataset(), generator, 5, checkpoint_dir=tmp_path, every=2
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["checkpoint_epoch_2.pth", "checkpoint_epoch_4.pth"]


def test_checkpoint_holds_plain_loss_and_loads_with_weights_only(tmp_path):
    model, optimizer = _fresh("cpu")
    generator = torch.Generator().manual_seed(1)
    last = train(
        model, optimizer, make_dataset(), generator, 2, checkpoint_dir=tmp_path, every=1
    )
    ckpt = torch.load(
        tmp_path / "checkpoint_epoch_2.pth", map_location="cpu", weights_only=True
    )
    assert set(ckpt) == {
        "epoch",
        "model_state_dict",
        "optimizer_state_dict",
        "loss",
        "generator_state",
    }
    assert ckpt["epoch"] == 1
    assert type(ckpt["loss"]) is float and ckpt["loss"] == last


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(checkpoints)
    assert "bit a bit: True" in out


def test_adam_state_holds_the_step_and_both_moving_averages():
    # O que a página diz que o checkpoint precisa guardar do Adam.
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.Adam(model.parameters())
    model(torch.randn(4, 3)).sum().backward()
    optimizer.step()
    states = optimizer.state_dict()["state"]
    assert len(states) == 2  # um estado por parâmetro (peso e bias)
    for state in states.values():
        assert set(state) == {"step", "exp_avg", "exp_avg_sq"}


def test_errata_profile_checkpoint_kept_a_tensor_and_saved_at_epoch_zero(tmp_path):
    model = torch.nn.Linear(2, 1)
    loss = model(torch.ones(1, 2)).sum()
    torch.save({"epoch": 0, "loss": loss}, tmp_path / "c.pth")
    loaded = torch.load(tmp_path / "c.pth", weights_only=True)
    assert isinstance(loaded["loss"], torch.Tensor) and loaded["loss"].requires_grad
    assert [epoch for epoch in range(11) if epoch % 5 == 0] == [0, 5, 10]

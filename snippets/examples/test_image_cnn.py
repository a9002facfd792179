import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from snippets.examples import image_cnn
from snippets.examples.image_cnn import ImageCNN, make_fake_loaders, train_cnn


def pattern_loaders(
    n: int = 64, size: int = 32, batch_size: int = 16
) -> tuple[DataLoader, DataLoader]:
    """Tarefa que uma CNN aprende: classe 0 clara em cima, classe 1 clara embaixo."""
    generator = torch.Generator().manual_seed(0)
    labels = torch.arange(n) % 2
    images = 0.1 * torch.randn(n, 3, size, size, generator=generator)
    half = size // 2
    images[labels == 0, :, :half, :] += 1.0
    images[labels == 1, :, half:, :] += 1.0
    train = TensorDataset(images[: n // 2], labels[: n // 2])
    val = TensorDataset(images[n // 2 :], labels[n // 2 :])
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True),
        DataLoader(val, batch_size=batch_size),
    )


def test_rgb_32x32_gives_one_row_per_image(device):
    model = ImageCNN(num_classes=10).to(device).eval()
    assert model(torch.randn(4, 3, 32, 32, device=device)).shape == (4, 10)


def test_adaptive_pool_is_a_no_op_at_32x32_so_cifar_behaviour_is_unchanged():
    model = ImageCNN(num_classes=10).eval()
    x = torch.randn(2, 3, 32, 32)
    expected = model(x)
    model.adaptive_pool = nn.Identity()  # a arquitetura do perfil original
    torch.testing.assert_close(model(x), expected, rtol=0, atol=0)


@pytest.mark.parametrize("size", [8, 28, 64, 96])
def test_other_sizes_keep_the_batch_size(size, device):
    # Com view(-1, 128*4*4), um lote de 4 imagens 64×64 virava 16 linhas
    model = ImageCNN(num_classes=10).to(device).eval()
    assert model(torch.randn(4, 3, size, size, device=device)).shape == (4, 10)


def test_grayscale_with_in_channels_1(device):
    model = ImageCNN(num_classes=5, in_channels=1).to(device).eval()
    assert model(torch.randn(2, 1, 28, 28, device=device)).shape == (2, 5)


def test_short_training_learns_and_saves_best_checkpoint(tmp_path, device):
    train_loader, val_loader = pattern_loaders()
    save_path = tmp_path / "checkpoints" / "best.pth"
    result = train_cnn(
        train_loader,
        val_loader,
        num_epochs=3,
        device=device,
        num_classes=2,
        save_path=save_path,
        verbose=False,
    )
    history = result["history"]
    assert set(history) == {"train_loss", "val_loss", "val_acc"}
    assert all(len(values) == 3 for values in history.values())
    assert all(0 <= acc <= 100 for acc in history["val_acc"])
    assert result["best_accuracy"] == max(history["val_acc"])
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert result["best_accuracy"] >= 90

    # O checkpoint está onde pedimos e recarrega só com pesos
    state = torch.load(save_path, map_location=device, weights_only=True)
    model = ImageCNN(num_classes=2).to(device)
    model.load_state_dict(state)  # strict: mesmas chaves e formas


def test_one_epoch_checkpoint_equals_the_returned_model(tmp_path, device):
    # Rótulos aleatórios: a acurácia pode ser 0% e mesmo assim a época 1 é gravada
    train_loader, val_loader = make_fake_loaders(num_train=8, num_val=4, batch_size=4)
    save_path = tmp_path / "best.pth"
    result = train_cnn(
        train_loader,
        val_loader,
        num_epochs=1,
        device=device,
        save_path=save_path,
        verbose=False,
    )
    saved = torch.load(save_path, map_location=device, weights_only=True)
    current = result["model"].state_dict()
    assert saved.keys() == current.keys()
    assert all(torch.equal(saved[k], current[k]) for k in current)


def test_without_save_path_nothing_is_written_and_log_has_3_lines_per_epoch(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    train_loader, val_loader = make_fake_loaders(num_train=4, num_val=4, batch_size=4)
    train_cnn(train_loader, val_loader, num_epochs=2, device="cpu")
    assert list(tmp_path.iterdir()) == []
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert lines[0] == "Epoch [1/2]" and lines[3] == "Epoch [2/2]"


def test_empty_val_loader_fails_loudly():
    train_loader, _ = make_fake_loaders(num_train=4, num_val=4, batch_size=4)
    empty = DataLoader(TensorDataset(torch.empty(0, 3, 32, 32), torch.empty(0)))
    with pytest.raises(ValueError, match=r"pelo menos um lote \(recebi 1 e 0\)"):
        train_cnn(train_loader, empty, device="cpu", verbose=False)


def test_label_outside_num_classes_fails_loudly():
    images, labels = torch.zeros(4, 3, 16, 16), torch.tensor([0, 1, 2, 3])
    loader = DataLoader(TensorDataset(images, labels), batch_size=4)
    with pytest.raises(ValueError, match=r"rótulos devem estar em 0\.\.2"):
        train_cnn(loader, loader, num_epochs=1, num_classes=3, device="cpu")


def test_fake_loaders_give_float_images_in_0_1_and_long_labels():
    train_loader, val_loader = make_fake_loaders(num_train=8, num_val=4, batch_size=4)
    images, labels = next(iter(val_loader))
    assert images.shape == (4, 3, 32, 32) and images.dtype == torch.float32
    assert images.min() >= 0 and images.max() <= 1
    assert labels.dtype == torch.long and len(train_loader) == 2


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(image_cnn)
    assert "Checkpoint recarregado: 10 tensores" in out


def test_errata_flatten_with_view_breaks_on_other_sizes():
    # O perfil achatava com x.view(-1, 128 * 4 * 4), certo só para 32x32.
    at_28 = torch.randn(4, 128, 3, 3)  # 28 -> 14 -> 7 -> 3 depois de 3 poolings
    with pytest.raises(
        RuntimeError, match=r"shape '\[-1, 2048\]' is invalid for input of size 4608"
    ):
        at_28.view(-1, 128 * 4 * 4)
    at_64 = torch.randn(4, 128, 8, 8).view(-1, 128 * 4 * 4)
    assert at_64.shape[0] == 16  # 4 imagens viram 16 linhas, em silêncio
    with pytest.raises(
        ValueError,
        match=r"Expected input batch_size \(16\) to match target batch_size \(4\)",
    ):
        nn.functional.cross_entropy(
            torch.randn(16, 10), torch.zeros(4, dtype=torch.long)
        )


def test_errata_rgb_only_first_conv_refuses_grayscale():
    with pytest.raises(
        RuntimeError,
        match=r"expected input\[4, 1, 32, 32\] to have 3 channels, but got 1 channels",
    ):
        nn.Conv2d(3, 32, 3, padding=1)(torch.randn(4, 1, 32, 32))


def test_errata_cuda_default_fails_without_cuda():
    if torch.cuda.is_available():
        pytest.skip("há CUDA: device='cuda' funciona nesta máquina")
    with pytest.raises(
        (RuntimeError, AssertionError),
        match="Found no NVIDIA driver|Torch not compiled with CUDA enabled",
    ):
        torch.zeros(1, device="cuda")


def test_a_filter_is_shared_across_positions_and_pooling_halves_the_resolution():
    conv = nn.Conv2d(3, 32, 3, padding=1)
    # 32 filtros 3x3x3 + 32 bias, sejam as imagens de 8x8 ou de 96x96.
    assert sum(p.numel() for p in conv.parameters()) == 32 * 3 * 3 * 3 + 32
    for size in (8, 96):
        out = nn.MaxPool2d(2)(conv(torch.randn(1, 3, size, size)))
        assert out.shape == (1, 32, size // 2, size // 2)
    # O mesmo padrão em outra posição dá a mesma resposta, deslocada.
    image = torch.zeros(1, 3, 12, 12)
    image[..., 2:4, 2:4] = 1.0
    shifted = torch.roll(image, shifts=(5, 5), dims=(2, 3))
    torch.testing.assert_close(
        conv(shifted)[..., 6:10, 6:10], conv(image)[..., 1:5, 1:5]
    )


def test_images_smaller_than_8x8_are_refused():
    # Três MaxPool2d(2, 2): abaixo de 8x8 o mapa some antes do último pooling.
    with pytest.raises(RuntimeError, match="Output size is too small"):
        ImageCNN().eval()(torch.randn(2, 3, 7, 7))

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision.models import ResNet50_Weights

from scripts.verification.site import torch_older_than
from snippets.examples import transfer_resnet
from snippets.examples.transfer_resnet import (
    create_transfer_learning_model,
    fine_tune_model,
    imagenet_preprocess,
    make_optimizer,
)


def tiny_loaders(num_classes: int = 3) -> tuple[DataLoader, DataLoader]:
    """Um lote de treino e um de validação (4 imagens 3×32×32): um passo por época.

    Mesma forma de lote em todos os testes e no main(): no CPU, a primeira chamada
    com uma forma nova custa bem mais que as seguintes.
    """
    generator = torch.Generator().manual_seed(0)
    images = torch.randn(8, 3, 32, 32, generator=generator)
    labels = torch.arange(8) % num_classes
    train = TensorDataset(images[:4], labels[:4])
    val = TensorDataset(images[4:], labels[4:])
    return DataLoader(train, batch_size=4), DataLoader(val, batch_size=4)


def snapshot(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


@pytest.mark.parametrize("num_classes", [0, -3])
def test_non_positive_num_classes_fails_loudly(num_classes):
    with pytest.raises(ValueError, match="num_classes deve ser >= 1"):
        create_transfer_learning_model(num_classes, pretrained=False)


@pytest.mark.parametrize(
    ("pretrained", "expected"), [(True, ResNet50_Weights.DEFAULT), (False, None)]
)
def test_pretrained_flag_selects_the_weights_enum(monkeypatch, pretrained, expected):
    # Não baixa nada: o construtor é trocado por um modelo mínimo com `fc`
    calls = []

    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Linear(3, 8)
            self.fc = nn.Linear(8, 1000)

    def fake_resnet50(*, weights):
        calls.append(weights)
        return Tiny()

    monkeypatch.setattr(transfer_resnet.models, "resnet50", fake_resnet50)
    model = create_transfer_learning_model(5, pretrained=pretrained)
    assert calls == [expected]
    assert model.fc[-1].out_features == 5
    assert not model.body.weight.requires_grad  # freeze_base=True por padrão


def test_frozen_base_only_the_head_changes_after_one_step(device, tmp_path):
    model = create_transfer_learning_model(3, pretrained=False, freeze_base=True)
    head = {f"fc.{name}" for name, _ in model.fc.named_parameters()}
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert trainable == head

    optimizer, _ = make_optimizer(model)
    assert sum(len(g["params"]) for g in optimizer.param_groups) == len(head)

    before = snapshot(model)
    train_loader, val_loader = tiny_loaders()
    save_path = tmp_path / "ckpt" / "best.pth"
    result = fine_tune_model(
        model,
        train_loader,
        val_loader,
        num_epochs=1,
        device=device,
        save_path=save_path,
        verbose=False,
    )
    after = result["model"].state_dict()
    for name, tensor in before.items():
        if name.startswith("fc."):
            assert not torch.equal(after[name].cpu(), tensor), name
        else:
            # parâmetros E buffers (running_mean/var, num_batches_tracked) intactos:
            # as BatchNorm congeladas ficam em eval durante o treino
            assert torch.equal(after[name].cpu(), tensor), name

    # O checkpoint volta idêntico, só com tensores e números
    checkpoint = torch.load(save_path, map_location=device, weights_only=True)
    assert checkpoint["epoch"] == 0
    assert checkpoint["val_acc"] == result["best_val_acc"]
    saved = checkpoint["model_state_dict"]
    assert saved.keys() == after.keys()
    assert all(torch.equal(saved[k], after[k]) for k in after)
    result["model"].load_state_dict(saved)  # strict: mesmas chaves e formas
    optimizer, scheduler = make_optimizer(result["model"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    scheduler.load_state_dict(checkpoint["scheduler_state_dict"])


def test_unfrozen_base_optimizer_holds_and_updates_every_parameter(device):
    model = create_transfer_learning_model(3, pretrained=False, freeze_base=False)
    optimizer, _ = make_optimizer(model)
    in_optimizer = {id(p) for g in optimizer.param_groups for p in g["params"]}
    assert in_optimizer == {id(p) for p in model.parameters()}

    before = snapshot(model)
    train_loader, val_loader = tiny_loaders()
    result = fine_tune_model(
        model, train_loader, val_loader, num_epochs=1, device=device, verbose=False
    )
    after = result["model"].state_dict()
    # o perfil original só otimizava model.fc: a base nunca mudava
    for name in ("conv1.weight", "layer1.0.bn1.weight", "layer4.2.conv3.weight"):
        assert not torch.equal(after[name].cpu(), before[name]), name
    history = result["history"]
    assert set(history) == {"train_loss", "train_acc", "val_loss", "val_acc", "lr"}
    assert all(len(values) == 1 for values in history.values())
    assert all(0 <= acc <= 100 for acc in history["train_acc"] + history["val_acc"])


def test_scheduler_lowers_lr_tenfold_only_when_accuracy_stalls():
    params = [nn.Parameter(torch.zeros(1))]
    model = nn.Module()
    model.p = params[0]
    _, scheduler = make_optimizer(model, lr=0.01, patience=2)

    for acc in (10.0, 20.0, 30.0, 40.0):  # mode="max": subir é melhorar
        scheduler.step(acc)
    assert scheduler.get_last_lr() == [0.01]

    for acc in (40.0, 40.0):  # dentro da paciência
        scheduler.step(acc)
    assert scheduler.get_last_lr() == [0.01]
    scheduler.step(40.0)  # terceira época parada
    assert scheduler.get_last_lr() == pytest.approx([0.001])


def test_batchnorm_of_a_frozen_base_is_kept_in_eval_mode():
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    for p in model[:2].parameters():
        p.requires_grad_(False)
    model.train()
    transfer_resnet.keep_frozen_batchnorm_in_eval(model)
    assert not model[1].training and model[2].training


def test_preprocess_of_the_default_weights_gives_224_crops():
    image = torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8)
    out = imagenet_preprocess()(image)
    assert out.shape == (3, 224, 224) and out.dtype == torch.float32


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(transfer_resnet)
    assert "LR: 0.001000" in out


def test_errata_optim_was_never_imported():
    with pytest.raises(NameError, match="name 'optim' is not defined"):
        exec("optim.Adam([])", {})


def test_errata_pretrained_argument_is_deprecated():
    import warnings

    from torchvision import models

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        models.resnet50(pretrained=False)
    messages = [str(w.message) for w in caught if w.category is UserWarning]
    assert any(
        "The parameter 'pretrained' is deprecated since 0.13" in m for m in messages
    )


def test_errata_reduce_lr_on_plateau_no_longer_takes_verbose():
    # A errata: removido no 2.7; antes, só um aviso de descontinuação.
    optimizer = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1)
    if torch_older_than(torch.__version__, "2.7"):
        with pytest.warns(UserWarning, match="verbose parameter is deprecated"):
            torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, verbose=True)
        return
    with pytest.raises(TypeError, match="unexpected keyword argument 'verbose'"):
        torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, verbose=True)


def test_default_weights_are_v2_with_the_accuracies_the_page_quotes(monkeypatch):
    assert ResNet50_Weights.DEFAULT is ResNet50_Weights.IMAGENET1K_V2
    v2_acc = ResNet50_Weights.IMAGENET1K_V2.meta["_metrics"]["ImageNet-1K"]["acc@1"]
    v1_acc = ResNet50_Weights.IMAGENET1K_V1.meta["_metrics"]["ImageNet-1K"]["acc@1"]
    assert (round(v2_acc, 1), round(v1_acc, 1)) == (80.9, 76.1)
    preprocess = ResNet50_Weights.DEFAULT.transforms()
    assert (preprocess.resize_size, preprocess.crop_size) == ([232], [224])
    # O cache padrão dos pesos baixados: ~/.cache/torch/hub (pasta checkpoints).
    monkeypatch.delenv("TORCH_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(torch.hub, "_hub_dir", None)
    assert torch.hub.get_dir().replace("\\", "/").endswith("/.cache/torch/hub")

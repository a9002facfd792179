import torch
from torch import nn
from torchvision.transforms import v2

from snippets.troubleshooting import overfitting
from snippets.troubleshooting.overfitting import (
    MLPWithDropout,
    build_augmentation,
    make_optimizer,
    mlp_with_dropout_sequential,
    weight_norm_after_training,
)


def test_dropout_in_forward_acts_in_train_and_not_in_eval():
    x = torch.randn(8, 20)
    for model in (MLPWithDropout(), mlp_with_dropout_sequential()):
        model.train()
        assert not torch.equal(model(x), model(x))
        model.eval()
        assert torch.equal(model(x), model(x))


def test_add_module_as_in_the_profile_changes_nothing():
    # O perfil fazia model.add_module('dropout', nn.Dropout(0.5)): o módulo é
    # registrado, mas o forward não o chama, então o treino continua determinístico.
    class Plain(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2 = nn.Linear(20, 8), nn.Linear(8, 2)

        def forward(self, x):
            return self.fc2(torch.relu(self.fc1(x)))

    model = Plain()
    model.add_module("dropout", nn.Dropout(0.5))
    model.train()
    x = torch.randn(8, 20)
    assert [name for name, _ in model.named_children()] == ["fc1", "fc2", "dropout"]
    assert torch.equal(model(x), model(x))


def test_weight_decay_shrinks_the_weights_on_the_same_seeded_run():
    plain = weight_norm_after_training(0.0)
    assert weight_norm_after_training(1e-2) < plain  # AdamW (padrão do snippet)
    # o Adam do perfil, com weight_decay=1e-4 (L2 somada ao gradiente)
    assert weight_norm_after_training(1e-4, optimizer_cls=torch.optim.Adam) < plain


def test_make_optimizer_is_adamw_with_decay():
    optimizer = make_optimizer(nn.Linear(2, 2))
    assert isinstance(optimizer, torch.optim.AdamW)
    assert optimizer.param_groups[0]["weight_decay"] == 1e-2


def test_augmentation_keeps_shape_and_gives_float_in_unit_range():
    image = torch.randint(0, 256, (3, 32, 32), dtype=torch.uint8)
    out = build_augmentation()(image)
    assert out.shape == (3, 32, 32) and out.dtype == torch.float32
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_flip_with_probability_one_flips_exactly():
    image = torch.randint(0, 256, (3, 16, 24), dtype=torch.uint8)
    flip_only = build_augmentation(flip_p=1.0, degrees=0, brightness=0, contrast=0)
    expected = v2.ToDtype(torch.float32, scale=True)(image.flip(-1))
    assert torch.equal(flip_only(image), expected)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(overfitting)
    assert "treino, duas passadas iguais? False" in out
    assert "avaliação, duas passadas iguais? True" in out


def test_dropout_zeroes_or_doubles_in_train_and_is_identity_in_eval():
    drop = nn.Dropout(0.5)
    x = torch.ones(1000)
    out = drop.train()(x)
    assert set(out.unique().tolist()) == {0.0, 2.0}  # as restantes, vezes 1/(1-p)
    assert torch.equal(drop.eval()(x), x)


def test_add_module_in_sequential_goes_after_the_last_layer_and_replaces_silently():
    seq = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    seq.add_module("dropout", nn.Dropout(0.5))
    assert isinstance(list(seq)[-1], nn.Dropout)  # depois dos logits
    model = nn.Module()
    model.dropout = nn.Dropout(0.1)
    model.add_module("dropout", nn.Dropout(0.5))  # sem aviso nem erro
    assert model.dropout.p == 0.5


def test_adamw_decays_the_weight_adam_adds_to_the_gradient():
    # O comando da página: com gradiente zero, lr=0.1 e weight_decay=0.5, o AdamW
    # leva 2,0 a 1,9 (2,0 x 0,95).
    p = nn.Parameter(torch.tensor([2.0]))
    adamw = torch.optim.AdamW([p], lr=0.1, weight_decay=0.5)
    p.grad = torch.zeros(1)
    adamw.step()
    torch.testing.assert_close(p.detach(), torch.tensor([1.9]))
    assert (
        torch.optim.AdamW([nn.Parameter(torch.ones(1))]).defaults["weight_decay"]
        == 1e-2
    )
    # O Adam soma weight_decay x peso ao gradiente: igual a um Adam sem decaimento
    # que recebe esse gradiente.
    a, b = nn.Parameter(torch.tensor([2.0])), nn.Parameter(torch.tensor([2.0]))
    a.grad, b.grad = torch.zeros(1), torch.tensor([0.5 * 2.0])
    torch.optim.Adam([a], lr=0.1, weight_decay=0.5).step()
    torch.optim.Adam([b], lr=0.1).step()
    torch.testing.assert_close(a.detach(), b.detach())

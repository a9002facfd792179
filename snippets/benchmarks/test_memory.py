"""Checkpointing dá os mesmos gradientes com menos ativações; autocast também poupa."""

import copy

import torch
from torchvision.models.resnet import BasicBlock, ResNet

from snippets.benchmarks.memory import CheckpointedResNet, saved_activation_bytes


def small_resnet() -> torch.nn.Module:
    # A ResNet-18 com um bloco por estágio: a mesma estrutura, metade do custo.
    return ResNet(BasicBlock, [1, 1, 1, 1], num_classes=4)


def test_checkpointed_resnet_gives_the_same_output_and_gradients(device):
    model = small_resnet().to(device)
    twin = copy.deepcopy(model)
    images = torch.randn(2, 3, 32, 32, device=device)
    model(images).square().mean().backward()
    checkpointed = CheckpointedResNet(twin)
    out = checkpointed(images)
    out.square().mean().backward()
    for p, q in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(q.grad, p.grad, rtol=1e-4, atol=1e-5)
    # Os pesos são compartilhados, não copiados.
    assert checkpointed.resnet.conv1.weight is twin.conv1.weight


def test_checkpointing_and_autocast_save_fewer_activation_bytes():
    model = small_resnet()
    images = torch.randn(2, 3, 32, 32)
    plain = saved_activation_bytes(lambda: model(images).sum())

    def bf16() -> torch.Tensor:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return model(images).sum()

    half = saved_activation_bytes(bf16)
    checkpointed = saved_activation_bytes(
        lambda: CheckpointedResNet(model)(images).sum()
    )
    assert checkpointed < plain / 4
    assert half < plain * 0.75
    # Sem nada guardado (inference_mode), a conta é zero.
    with torch.inference_mode():
        assert saved_activation_bytes(lambda: model(images).sum()) == 0


def test_saved_bytes_count_a_known_tensor_once():
    w = torch.ones(1000, requires_grad=True)  # 4000 bytes
    x = torch.ones(1000)
    # w * x guarda x (para o gradiente de w); x * x não precisa de nada.
    assert saved_activation_bytes(lambda: (w * x).sum()) == 4000
    assert saved_activation_bytes(lambda: (w * x + w * x).sum()) == 4000

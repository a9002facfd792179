"""`predict`: os logits do modelo em avaliação, sem autograd, em float32 e 16 bits."""

import torch
from torch import nn

from snippets.benchmarks.inference import predict, prepare_for_inference


def tiny_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(32, 4),
    )


def test_predict_equals_eval_forward_and_builds_no_graph(device):
    model = tiny_model()
    images = torch.randn(5, 3, 16, 16)
    model.eval()
    with torch.no_grad():
        expected = model(images)
    model = prepare_for_inference(model, device)
    assert not model.training
    logits = predict(model, images, device)
    torch.testing.assert_close(logits.cpu(), expected, rtol=1e-4, atol=1e-5)
    assert logits.is_inference() and not logits.requires_grad
    assert logits.dtype == torch.float32


def test_predict_in_16_bits_is_close_to_float32(device):
    model = prepare_for_inference(tiny_model(), device)
    images = torch.randn(5, 3, 16, 16)
    dtype = torch.bfloat16
    fp32 = predict(model, images, device)
    low = predict(model, images, device, dtype=dtype)
    assert low.dtype == torch.float32  # devolvido em float32 para quem consome
    torch.testing.assert_close(low, fp32, rtol=3e-2, atol=3e-2)
    assert not torch.equal(low, fp32)  # o autocast de fato rodou em 16 bits


def test_batch_of_one_gives_the_same_row_as_a_large_batch(device):
    model = prepare_for_inference(tiny_model(), device)
    images = torch.randn(8, 3, 16, 16)
    torch.testing.assert_close(
        predict(model, images[:1], device),
        predict(model, images, device)[:1],
        rtol=1e-4,
        atol=1e-5,
    )

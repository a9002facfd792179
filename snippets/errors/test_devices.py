"""Erros de dispositivo: cada reprodução levanta o erro da página; cada correção
funciona em CPU e, quando há GPU, em CUDA."""

import math
import re

import numpy as np
import pytest
import torch
from torch import nn

from snippets import errors as catalog
from snippets.errors import devices


def test_error_raises_the_message_shown(error_entry, raises_entry):
    raises_entry(error_entry)


def test_recorded_messages_are_the_raised_ones(message_record):
    message_record("devices")


def test_numpy_of_a_meta_tensor_is_the_cpu_analogue_of_numpy_cuda():
    stable = catalog.entry("numpy-cuda").stable
    with pytest.raises(TypeError, match=re.escape(stable)):
        torch.empty(3, device="meta").numpy()


def test_meta_tensors_have_shapes_but_no_data():
    # A página: `meta` guarda forma e dtype, sem alocar memória, e não há dados a
    # copiar, então `.cpu()` (a correção de numpy-cuda) também falha.
    huge = torch.empty(10**12, device="meta")
    assert huge.shape == (10**12,) and huge.dtype == torch.float32
    with torch.device("meta"):
        layer = nn.Linear(3, 2)
    assert layer.weight.device.type == "meta" and layer.weight.shape == (2, 3)
    with pytest.raises(NotImplementedError, match="no data"):
        torch.randn(3, device="meta").cpu()
    with pytest.raises(NotImplementedError, match="no data"):
        layer.weight.detach().cpu().numpy()


def test_meta_mismatch_is_not_the_eager_device_mismatch_message():
    # A página: a mensagem de `meta` não é a de um lote esquecido em outro
    # dispositivo (a de device-mismatch), só parecida.
    with pytest.raises(RuntimeError) as info:
        devices.device_mismatch_meta_error()
    assert catalog.entry("device-mismatch").stable not in str(info.value)
    assert catalog.entry("device-mismatch-meta").stable in str(info.value)


def test_conv_device_message_comes_from_the_weights_dtype_and_autocast_fixes_it():
    # A página: entrada float32 com pesos float16, bfloat16 ou float64 dá a mensagem
    # da entrada (em qualquer CPU: o teste de portabilidade roda com outros ISAs);
    # com viés, a conferência do viés vem antes e a mensagem é outra;
    # `torch.autocast` põe entrada e pesos no mesmo dtype.
    stable = catalog.entry("conv-device").stable
    images = torch.randn(2, 3, 16, 16)
    for dtype in (torch.float16, torch.bfloat16, torch.float64):
        conv = nn.Conv2d(3, 8, kernel_size=3, bias=False).to(dtype)
        with pytest.raises(RuntimeError, match=re.escape(stable)):
            conv(images)
        biased = nn.Conv2d(3, 8, kernel_size=3).to(dtype)
        with pytest.raises(RuntimeError, match="and bias type") as info:
            biased(images)
        assert stable not in str(info.value), (dtype, str(info.value))
    conv = nn.Conv2d(3, 8, kernel_size=3, bias=False).to(torch.bfloat16)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out = conv(images)
    assert out.dtype == torch.bfloat16 and out.shape == (2, 8, 14, 14)


def test_cpu_build_refuses_cuda_with_another_error(monkeypatch):
    # A página: num build +cpu, o mesmo pedido falha com outro erro. Um build sem
    # CUDA não tem `torch._C._cuda_getDeviceCount` (torch/cuda/__init__.py, _lazy_init).
    if torch.cuda.is_initialized():
        pytest.skip("CUDA já inicializado neste processo: a checagem não roda de novo")
    monkeypatch.delattr(torch._C, "_cuda_getDeviceCount")
    with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
        torch.zeros(3, device="cuda")


def test_cpu_oom_asks_for_the_bytes_the_page_counts():
    # A página: 10^14 pares de pontos, cada um com uma diferença de 2 números
    # float32; a mensagem gravada diz quantos bytes foram pedidos.
    recorded = catalog.load_record("devices")["entries"]["cpu-oom"]["message"]
    asked = int(re.search(r"you tried to allocate (\d+) bytes", recorded).group(1))
    n = 10_000_000
    assert n * n == 10**14
    assert asked == n * n * 2 * torch.finfo(torch.float32).bits // 8


@pytest.mark.gpu
def test_conv_device_on_cuda_raises_the_same_message():
    stable = catalog.entry("conv-device").stable
    with pytest.raises(RuntimeError, match=re.escape(stable)):
        devices.conv_device_cuda_error()


def test_fixed_device_mismatch(device):
    out = devices.device_mismatch_fixed(device)
    assert out.device.type == device.type and out.shape == (4, 2)


def test_fixed_device_mismatch_meta_loads_the_weights():
    out, expected = devices.device_mismatch_meta_fixed()
    torch.testing.assert_close(out, expected)


def test_fixed_conv_device(device):
    out = devices.conv_device_fixed(device)
    assert out.device.type == device.type and out.shape == (2, 8, 14, 14)
    assert out.dtype == torch.float16  # a entrada foi para o dtype dos pesos


def test_fixed_numpy_cuda(device):
    out = devices.numpy_cuda_fixed(device)
    assert isinstance(out, np.ndarray) and out.shape == (4,)


def test_fixed_cuda_oom_equals_one_big_batch(device):
    model = nn.Conv2d(3, 4, 3).to(device)
    images = torch.randn(40, 3, 8, 8)
    out = devices.cuda_oom_fixed(model, images, device, batch_size=16)
    assert out.device.type == "cpu"
    with torch.inference_mode():
        torch.testing.assert_close(out, model(images.to(device)).cpu())


def test_fixed_cpu_oom_equals_the_full_distance_matrix():
    points = torch.randn(300, 2)
    full = torch.cdist(points, points)
    full.fill_diagonal_(float("inf"))
    out = devices.cpu_oom_fixed(points, chunk_size=64)
    torch.testing.assert_close(out, full.min(dim=1).values)


def test_fixed_device_side_assert(device):
    assert devices.device_side_assert_fixed(device) == pytest.approx(math.log(11))


def test_fixed_no_nvidia_driver():
    out = devices.no_nvidia_driver_fixed()
    assert out.device.type == ("cuda" if torch.cuda.is_available() else "cpu")


def test_accumulating_loss_tensors_keeps_their_graphs():
    # A página (cuda-oom): métricas acumuladas como tensores prendem os grafos;
    # `.item()` guarda só o número.
    model = nn.Linear(3, 1)
    total, total_number = 0.0, 0.0
    for _ in range(3):
        loss = model(torch.randn(4, 3)).pow(2).mean()
        total = total + loss
        total_number += loss.item()
    assert total.grad_fn is not None and isinstance(total_number, float)

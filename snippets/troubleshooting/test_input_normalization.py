import numpy as np
import pytest
import torch
from PIL import Image
from torchvision.transforms import v2

from snippets.troubleshooting import input_normalization
from snippets.troubleshooting.input_normalization import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    build_transform,
    channel_stats,
)


def test_keeps_the_imagenet_values_of_the_profile():
    assert IMAGENET_MEAN == [0.485, 0.456, 0.406]
    assert IMAGENET_STD == [0.229, 0.224, 0.225]


def test_image_equal_to_the_mean_maps_to_zero():
    image = torch.tensor(IMAGENET_MEAN).view(3, 1, 1).expand(3, 5, 7).clone()
    out = build_transform()(image)
    torch.testing.assert_close(out, torch.zeros(3, 5, 7))


def test_uint8_pil_image_is_scaled_then_normalized():
    white = Image.fromarray(np.full((4, 6, 3), 255, dtype=np.uint8))
    out = build_transform()(white)
    assert out.shape == (3, 4, 6) and out.dtype == torch.float32
    expected = (1 - torch.tensor(IMAGENET_MEAN)) / torch.tensor(IMAGENET_STD)
    torch.testing.assert_close(out[:, 0, 0], expected)


def test_stats_computed_from_data_give_mean_zero_std_one():
    images = 0.2 + 0.5 * torch.rand(10, 3, 8, 8)
    mean, std = channel_stats(images)
    normalized = torch.stack([build_transform(mean, std)(img) for img in images])
    new_mean, new_std = channel_stats(normalized)
    torch.testing.assert_close(
        torch.tensor(new_mean), torch.zeros(3), atol=1e-5, rtol=0
    )
    torch.testing.assert_close(torch.tensor(new_std), torch.ones(3))


def test_v2_to_tensor_is_deprecated_which_is_why_it_is_not_used():
    with pytest.warns(UserWarning, match="deprecated"):
        v2.ToTensor()


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(input_normalization)
    assert "pixel branco normalizado" in out


def test_to_image_and_to_dtype_do_what_v1_to_tensor_did():
    from torchvision import transforms

    array = torch.randint(0, 256, (5, 7, 3), dtype=torch.uint8).numpy()
    image = Image.fromarray(array)
    v1 = transforms.ToTensor()(image)
    new = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])(image)
    assert new.shape == (3, 5, 7)  # (H, W, C) virou (C, H, W)
    torch.testing.assert_close(new, v1)

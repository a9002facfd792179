"""O dataset sintético é determinístico por índice; workers não mudam os lotes."""

import pytest
import torch

from snippets.benchmarks.data_loading import SyntheticImages, make_loader


def test_items_are_deterministic_augmented_and_normalized():
    data = SyntheticImages(64, size=24, num_classes=5, seed=3)
    x, y = data[7]
    x2, _ = data[7]
    assert x.shape == (3, 24, 24) and x.dtype == torch.float32
    assert torch.equal(x, x2)
    assert y == 7 % 5
    assert not torch.equal(x, data[8][0])
    # Depois da normalização, valores de [0, 1] vão a ~[-2,1; 2,6].
    assert x.min() >= (0 - 0.485) / 0.229 - 1e-4
    assert x.max() <= (1 - 0.406) / 0.225 + 1e-4
    # O desfoque tira variância: uma imagem de pixels independentes teria ~4× mais.
    stacked = torch.stack([data[i][0] for i in range(16)])
    assert stacked.std() < 0.35 / 0.225


def test_workers_deliver_the_same_batches_as_the_main_process():
    data = SyntheticImages(24, size=16)
    main = list(make_loader(data, batch_size=8, num_workers=0))
    workers = list(make_loader(data, batch_size=8, num_workers=2))
    assert len(main) == len(workers) == 3
    for (xa, ya), (xb, yb) in zip(main, workers, strict=True):
        assert torch.equal(xa, xb) and torch.equal(ya, yb)


def test_pin_memory_defaults_to_cuda_availability():
    loader = make_loader(SyntheticImages(4, size=8), batch_size=2, num_workers=0)
    assert loader.pin_memory is torch.cuda.is_available()
    assert not loader.persistent_workers


@pytest.mark.gpu
def test_batches_are_pinned_with_cuda():
    loader = make_loader(SyntheticImages(4, size=8), batch_size=2, num_workers=1)
    images, _ = next(iter(loader))
    assert images.is_pinned()

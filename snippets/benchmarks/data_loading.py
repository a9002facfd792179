"""Carga de dados: um dataset sintético com trabalho real por amostra e o DataLoader.

Cada item é gerado a partir do seu índice (mesmo resultado em qualquer worker) e
passa pelo que um pipeline de imagens faz: recorte aleatório, espelhamento,
conversão para float, desfoque e normalização. O runner `scripts/benchmarks` mede
quantas imagens por segundo o `DataLoader` entrega com `num_workers` 0, 1, 2, … e,
com GPU, com e sem `pin_memory`.
"""

# --8<-- [start:dataset]
import torch
import torch.nn.functional as F
from torch.utils.data import Dataset


class SyntheticImages(Dataset):
    """Imagens RGB sintéticas, geradas e aumentadas a cada leitura.

    Args:
        length: número de itens.
        size: lado da imagem entregue (quadrada).
        num_classes: rótulos em `0..num_classes-1`.
        seed: semente base; o item `i` usa `seed + i` (determinístico).
    """

    MEAN = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
    STD = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)

    def __init__(
        self, length: int, size: int = 64, num_classes: int = 10, seed: int = 0
    ) -> None:
        self.length = length
        self.size = size
        self.num_classes = num_classes
        self.seed = seed
        blur = torch.tensor([1.0, 4.0, 6.0, 4.0, 1.0])
        kernel = torch.outer(blur, blur) / 256  # gaussiano 5×5, soma 1
        self.kernel = kernel.expand(3, 1, 5, 5).contiguous()

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        g = torch.Generator().manual_seed(self.seed + index)
        # "Decodifica" uma imagem 12,5% maior que a entregue, como um JPEG lido.
        full = self.size + self.size // 8
        image = torch.randint(0, 256, (3, full, full), dtype=torch.uint8, generator=g)
        top, left = torch.randint(0, full - self.size + 1, (2,), generator=g).tolist()
        image = image[:, top : top + self.size, left : left + self.size]
        if torch.rand((), generator=g) < 0.5:
            image = image.flip(-1)
        x = image.float().div_(255)
        x = F.conv2d(x.unsqueeze(0), self.kernel, padding=2, groups=3).squeeze(0)
        x = (x - self.MEAN) / self.STD
        return x, index % self.num_classes


# --8<-- [end:dataset]


# --8<-- [start:loader]
import torch
from torch.utils.data import DataLoader, Dataset


def make_loader(
    dataset: Dataset,
    batch_size: int,
    num_workers: int,
    *,
    pin_memory: bool | None = None,
) -> DataLoader:
    """Um `DataLoader` com workers persistentes e memória travada quando há CUDA.

    Args:
        dataset: a fonte dos itens.
        batch_size: itens por lote.
        num_workers: processos que montam lotes em paralelo (0: no processo
            principal).
        pin_memory: lotes em memória travada, de onde a cópia para a GPU pode ser
            assíncrona (`non_blocking=True`). `None`: liga só se houver CUDA (sem
            acelerador, o `DataLoader` avisaria e ignoraria o pedido).

    Returns:
        O `DataLoader`, na ordem do dataset.
    """
    if pin_memory is None:
        pin_memory = torch.cuda.is_available()
    return DataLoader(
        dataset,
        batch_size=batch_size,
        num_workers=num_workers,
        pin_memory=pin_memory,
        # Workers vivos entre épocas: a criação deles não entra em cada época.
        persistent_workers=num_workers > 0,
    )


# --8<-- [end:loader]


def main() -> None:
    """Lê 2 lotes de 8 imagens 32×32 com 1 worker e mostra formas e estatísticas."""
    loader = make_loader(SyntheticImages(16, size=32), batch_size=8, num_workers=1)
    for images, labels in loader:
        print(
            f"lote {tuple(images.shape)} {images.dtype}, rótulos {labels.tolist()}, "
            f"média {images.mean():.2f}"
        )


if __name__ == "__main__":
    main()

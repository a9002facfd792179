"""Solução de problemas: normalizar as entradas com `transforms.v2`.

Mantém os valores do perfil original (média e desvio padrão do ImageNet por canal
RGB), trocando `transforms.ToTensor()` pela forma da API v2: `v2.ToImage()` seguido de
`v2.ToDtype(torch.float32, scale=True)` (o `v2.ToTensor` está descontinuado).
"""

# --8<-- [start:normalize]
import torch
from torchvision.transforms import v2

# Média e desvio padrão por canal (R, G, B) das imagens do ImageNet, em [0, 1].
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def build_transform(
    mean: list[float] = IMAGENET_MEAN, std: list[float] = IMAGENET_STD
) -> v2.Compose:
    """Converte uma imagem em tensor `float32` normalizado por canal.

    Args:
        mean: média de cada canal, na escala [0, 1].
        std: desvio padrão de cada canal, na escala [0, 1].

    Returns:
        Transformação que aceita imagem PIL, array NumPy `(H, W, C)` ou tensor
        `(C, H, W)` e devolve `(x - mean) / std` de forma `(C, H, W)`.
    """
    return v2.Compose(
        [
            v2.ToImage(),  # PIL/NumPy (H, W, C) -> tensor (C, H, W)
            v2.ToDtype(torch.float32, scale=True),  # uint8 0..255 -> float 0..1
            v2.Normalize(mean=mean, std=std),  # (x - mean) / std, canal a canal
        ]
    )


def channel_stats(images: torch.Tensor) -> tuple[list[float], list[float]]:
    """Média e desvio padrão por canal de um lote de imagens, para dados próprios.

    Args:
        images: tensor `(N, C, H, W)` já em `float`, na escala [0, 1].

    Returns:
        `(mean, std)`, cada um com um valor por canal, prontos para `build_transform`.
    """
    return images.mean(dim=(0, 2, 3)).tolist(), images.std(dim=(0, 2, 3)).tolist()


# --8<-- [end:normalize]


def main() -> None:
    """Normaliza uma imagem branca e um lote com estatísticas calculadas dos dados."""
    import numpy as np
    from PIL import Image

    white = Image.fromarray(np.full((4, 4, 3), 255, dtype=np.uint8))
    pixel = build_transform()(white)[:, 0, 0]
    print(
        f"pixel branco normalizado (ImageNet): {[round(v, 4) for v in pixel.tolist()]}"
    )

    generator = torch.Generator().manual_seed(0)
    images = 0.3 + 0.2 * torch.rand(8, 3, 16, 16, generator=generator)
    mean, std = channel_stats(images)
    normalized = v2.Normalize(mean=mean, std=std)(images)
    stats = channel_stats(normalized)
    print(f"média por canal depois: {[round(abs(v), 4) for v in stats[0]]}")
    print(f"desvio por canal depois: {[round(v, 4) for v in stats[1]]}")


if __name__ == "__main__":
    main()

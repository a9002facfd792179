"""Inferência: `inference_mode`, `eval()`, autocast e `channels_last`.

O runner `scripts/benchmarks` mede a latência com lote 1 (quanto espera quem manda
uma imagem) e a vazão com um lote grande (imagens por segundo), em float32 e com
autocast.
"""

# --8<-- [start:inference]
import torch
from torch import nn


def prepare_for_inference(
    model: nn.Module, device: torch.device, *, channels_last: bool = True
) -> nn.Module:
    """Leva o modelo ao dispositivo em modo de avaliação.

    Args:
        model: o modelo treinado.
        device: onde inferir.
        channels_last: pesos no formato NHWC (o que as convoluções preferem).

    Returns:
        O mesmo modelo, em `eval()` (dropout desligado, BatchNorm com as
        estatísticas do treino).
    """
    memory_format = torch.channels_last if channels_last else torch.contiguous_format
    return model.to(device, memory_format=memory_format).eval()


@torch.inference_mode()
def predict(
    model: nn.Module,
    images: torch.Tensor,
    device: torch.device,
    *,
    dtype: torch.dtype | None = None,
) -> torch.Tensor:
    """Logits de um lote, sem grafo de autograd.

    `inference_mode` vai além de `no_grad`: os tensores criados não registram
    versões nem podem entrar num grafo depois, o que poupa trabalho a cada operação.

    Args:
        model: modelo preparado com `prepare_for_inference`.
        images: lote `(N, C, H, W)` em float32.
        device: onde o modelo está.
        dtype: tipo de 16 bits do autocast (`torch.bfloat16`, `torch.float16`);
            `None` infere em float32.

    Returns:
        Logits `(N, classes)` em float32.
    """
    images = images.to(device, non_blocking=True, memory_format=torch.channels_last)
    with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
        logits = model(images)
    return logits.float()


# --8<-- [end:inference]


def main() -> None:
    """Prediz um lote de 4 imagens com uma CNN pequena, em float32 e em bfloat16."""
    torch.manual_seed(0)
    device = torch.device("cpu")
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(32, 4),
    )
    model = prepare_for_inference(model, device)
    images = torch.randn(4, 3, 16, 16)
    fp32 = predict(model, images, device)
    bf16 = predict(model, images, device, dtype=torch.bfloat16)
    print(f"logits {tuple(fp32.shape)}, tensor de inferência: {fp32.is_inference()}")
    print(f"maior diferença bfloat16 × float32: {(fp32 - bf16).abs().max():.1e}")


if __name__ == "__main__":
    main()

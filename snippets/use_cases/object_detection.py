"""Object detection (detecção de objetos) com o Faster R-CNN do torchvision.

Usa `fasterrcnn_mobilenet_v3_large_320_fpn`, o detector mais leve do torchvision, e
troca a cabeça de classificação para o número de classes do problema: é a receita de
ajuste fino de um detector. O exemplo roda um passo de treino em imagens sintéticas
com caixas sintéticas e uma inferência, tudo sem baixar pesos.
"""

# --8<-- [start:create-detector]
from typing import Any

from torchvision.models.detection import (
    FasterRCNN,
    FasterRCNN_MobileNet_V3_Large_320_FPN_Weights,
    fasterrcnn_mobilenet_v3_large_320_fpn,
)
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor


def create_detector(
    num_classes: int,
    pretrained: bool = False,
    image_size: int = 320,
    **kwargs: Any,
) -> FasterRCNN:
    """Cria um Faster R-CNN MobileNetV3 com `num_classes` classes (fundo incluído).

    Args:
        num_classes: classes do problema **mais uma** para o fundo (rótulo 0).
        pretrained: `True` carrega os pesos do COCO (download na primeira vez) e
            troca só a cabeça; `False` começa do zero, sem nenhum download.
        image_size: lado menor (e maior) para o qual as imagens são redimensionadas.
        **kwargs: outros argumentos do `FasterRCNN` (limiares, número de propostas).

    Returns:
        O modelo; em `train()` devolve perdas, em `eval()` devolve detecções.
    """
    weights = (
        FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.DEFAULT if pretrained else None
    )
    model = fasterrcnn_mobilenet_v3_large_320_fpn(
        weights=weights,
        weights_backbone=None,  # o padrão baixaria o backbone da ImageNet
        min_size=image_size,
        max_size=image_size,
        **kwargs,
    )
    # Ajuste fino: a cabeça do COCO tem 91 classes; trocamos pela do nosso problema.
    in_features = model.roi_heads.box_predictor.cls_score.in_features
    model.roi_heads.box_predictor = FastRCNNPredictor(in_features, num_classes)
    return model


# --8<-- [end:create-detector]

# --8<-- [start:train-and-detect]
import torch
from torch import nn

# Menos propostas por imagem que o padrão: suficiente para imagens pequenas e
# sintéticas, e muito mais barato em CPU.
SMALL_SETTINGS = {
    "rpn_pre_nms_top_n_train": 100,
    "rpn_post_nms_top_n_train": 50,
    "rpn_pre_nms_top_n_test": 100,
    "rpn_post_nms_top_n_test": 50,
    "rpn_batch_size_per_image": 64,
    "box_batch_size_per_image": 32,
    "box_detections_per_img": 20,
}


def make_synthetic_batch(
    n_images: int = 2,
    height: int = 128,
    width: int = 128,
    num_classes: int = 3,
    boxes_per_image: int = 2,
    seed: int = 0,
) -> tuple[list[torch.Tensor], list[dict[str, torch.Tensor]]]:
    """Imagens de ruído com retângulos coloridos e as caixas que os delimitam.

    Returns:
        `(images, targets)`: `images` é uma lista de tensores `(3, H, W)` em [0, 1];
        `targets` é uma lista de dicionários com `boxes` `(K, 4)` no formato
        `(x1, y1, x2, y2)` em pixels e `labels` `(K,)` `int64` em
        `1..num_classes-1` (0 é o fundo).
    """
    g = torch.Generator().manual_seed(seed)
    images, targets = [], []
    for _ in range(n_images):
        image = 0.2 * torch.rand(3, height, width, generator=g)
        boxes, labels = [], []
        for _ in range(boxes_per_image):
            label = int(torch.randint(1, num_classes, (1,), generator=g))
            w, h = (int(v) for v in torch.randint(16, 48, (2,), generator=g))
            x1 = int(torch.randint(0, width - w, (1,), generator=g))
            y1 = int(torch.randint(0, height - h, (1,), generator=g))
            image[label % 3, y1 : y1 + h, x1 : x1 + w] = 1.0  # cor ligada à classe
            boxes.append([x1, y1, x1 + w, y1 + h])
            labels.append(label)
        images.append(image)
        targets.append(
            {
                "boxes": torch.tensor(boxes, dtype=torch.float32),
                "labels": torch.tensor(labels, dtype=torch.int64),
            }
        )
    return images, targets


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    images: list[torch.Tensor],
    targets: list[dict[str, torch.Tensor]],
) -> dict[str, float]:
    """Um passo de treino: em `train()`, o detector devolve um dicionário de perdas.

    Returns:
        As perdas do passo (`loss_classifier`, `loss_box_reg`, `loss_objectness`,
        `loss_rpn_box_reg`) como números.
    """
    device = next(model.parameters()).device
    model.train()
    images = [image.to(device) for image in images]
    targets = [{k: v.to(device) for k, v in t.items()} for t in targets]
    loss_dict = model(images, targets)
    loss = sum(loss_dict.values())
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return {name: value.item() for name, value in loss_dict.items()}


@torch.inference_mode()
def detect(
    model: nn.Module, images: list[torch.Tensor]
) -> list[dict[str, torch.Tensor]]:
    """Detecta objetos: uma lista com `boxes`, `labels` e `scores` por imagem.

    As caixas voltam nas coordenadas da imagem original, em ordem decrescente de
    `scores`.
    """
    device = next(model.parameters()).device
    model.eval()
    outputs = model([image.to(device) for image in images])
    return [{k: v.cpu() for k, v in out.items()} for out in outputs]


# --8<-- [end:train-and-detect]


def main() -> None:
    """Um passo de treino e uma inferência em duas imagens sintéticas."""
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = create_detector(num_classes=3, image_size=128, **SMALL_SETTINGS)
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    images, targets = make_synthetic_batch(n_images=2, num_classes=3)
    losses = train_step(model, optimizer, images, targets)
    for name, value in losses.items():
        print(f"{name}: {value:.4f}")
    for i, out in enumerate(detect(model, images)):
        print(
            f"imagem {i}: boxes {tuple(out['boxes'].shape)}, "
            f"labels {tuple(out['labels'].shape)}, scores {tuple(out['scores'].shape)}"
        )


if __name__ == "__main__":
    main()

import math

import pytest
import torch

from snippets.use_cases import object_detection
from snippets.use_cases.object_detection import (
    SMALL_SETTINGS,
    create_detector,
    detect,
    make_synthetic_batch,
    train_step,
)

NUM_CLASSES = 3
LOSS_NAMES = {"loss_classifier", "loss_box_reg", "loss_objectness", "loss_rpn_box_reg"}


def test_synthetic_targets_follow_the_torchvision_format():
    images, targets = make_synthetic_batch(n_images=2, height=96, width=128)
    assert [tuple(i.shape) for i in images] == [(3, 96, 128), (3, 96, 128)]
    for t in targets:
        boxes, labels = t["boxes"], t["labels"]
        assert boxes.dtype == torch.float32 and labels.dtype == torch.int64
        assert boxes.shape == (2, 4) and labels.shape == (2,)
        assert (boxes[:, 2] > boxes[:, 0]).all() and (boxes[:, 3] > boxes[:, 1]).all()
        assert (boxes[:, 2] <= 128).all() and (boxes[:, 3] <= 96).all()
        assert ((labels >= 1) & (labels < NUM_CLASSES)).all()  # 0 é o fundo


def test_head_is_replaced_for_our_classes():
    model = create_detector(num_classes=NUM_CLASSES, image_size=128)
    predictor = model.roi_heads.box_predictor
    assert predictor.cls_score.out_features == NUM_CLASSES
    assert predictor.bbox_pred.out_features == 4 * NUM_CLASSES


def test_train_step_returns_finite_losses_and_updates_the_head(device):
    torch.manual_seed(0)
    model = create_detector(NUM_CLASSES, image_size=128, **SMALL_SETTINGS).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    before = model.roi_heads.box_predictor.cls_score.weight.detach().clone()
    images, targets = make_synthetic_batch(n_images=2, num_classes=NUM_CLASSES)
    losses = train_step(model, optimizer, images, targets)
    assert set(losses) == LOSS_NAMES
    assert all(math.isfinite(v) and v >= 0 for v in losses.values()), losses
    after = model.roi_heads.box_predictor.cls_score.weight
    assert not torch.equal(before, after)


def test_inference_returns_consistent_detections_in_image_coordinates(device):
    torch.manual_seed(0)
    model = create_detector(NUM_CLASSES, image_size=128, **SMALL_SETTINGS).to(device)
    # Tamanho diferente do image_size: as caixas voltam na escala da imagem original.
    images, _ = make_synthetic_batch(n_images=2, height=96, width=160)
    outputs = detect(model, images)
    assert len(outputs) == 2
    for out in outputs:
        n = out["boxes"].shape[0]
        assert out["boxes"].shape == (n, 4)
        assert out["labels"].shape == (n,) and out["scores"].shape == (n,)
        assert n <= SMALL_SETTINGS["box_detections_per_img"]
        assert ((out["labels"] >= 1) & (out["labels"] < NUM_CLASSES)).all()
        assert (out["scores"][:-1] >= out["scores"][1:]).all()  # ordem decrescente
        boxes = out["boxes"]
        assert (boxes >= 0).all() and (boxes[:, [0, 2]] <= 160).all()
        assert (boxes[:, [1, 3]] <= 96).all()


def test_degenerate_boxes_are_rejected_by_torchvision():
    model = create_detector(NUM_CLASSES, image_size=128, **SMALL_SETTINGS)
    images, targets = make_synthetic_batch(n_images=1)
    targets[0]["boxes"][0, 2] = targets[0]["boxes"][0, 0]  # largura zero
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with pytest.raises(AssertionError, match="positive height and width"):
        train_step(model, optimizer, images, targets)


def test_main_prints_what_the_page_shows(printed_output):
    out = printed_output(object_detection)
    assert "loss_classifier" in out and "imagem 1: boxes" in out


def test_default_backbone_weights_would_be_downloaded():
    # Por isso o exemplo passa weights_backbone=None mesmo com weights=None.
    import inspect

    from torchvision.models import MobileNet_V3_Large_Weights
    from torchvision.models.detection import fasterrcnn_mobilenet_v3_large_320_fpn

    default = (
        inspect.signature(fasterrcnn_mobilenet_v3_large_320_fpn)
        .parameters["weights_backbone"]
        .default
    )
    assert default == MobileNet_V3_Large_Weights.IMAGENET1K_V1


def test_coco_weights_have_91_categories_with_background_at_zero():
    from torchvision.models.detection import (
        FasterRCNN_MobileNet_V3_Large_320_FPN_Weights,
    )

    categories = FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.DEFAULT.meta[
        "categories"
    ]
    assert len(categories) == 91
    assert categories[0] == "__background__"  # o rótulo 0 é o fundo

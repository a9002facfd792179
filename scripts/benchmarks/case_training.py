"""Training: the profile's naive loop against the site's recipe, interleaved."""

from __future__ import annotations

import torch
from torch import nn

from scripts.benchmarks.compare import Case, interleave, result, speedup
from scripts.benchmarks.sizes import (
    CNN_MODULE,
    MODEL_NAMES,
    TRAINING,
    Sizes,
    build_model,
    cleanup,
    count_flops,
    flops_entry,
    make_batch,
    make_optimizer,
)


def compiled_check(trainer, images, model: nn.Module) -> dict:
    """The compiled forward against the eager one, on the same weights and batch."""
    has_dropout = any(isinstance(m, nn.Dropout) for m in model.modules())
    # Dropout draws different masks compiled and eager: compare without it (one
    # more compilation, of the eval graph). Without dropout, the training graph
    # already compiled is reused: same mode, grad enabled (no_grad would recompile).
    model.train(not has_dropout)
    x = images.to(trainer.device, memory_format=trainer.memory_format)
    with torch.autocast(trainer.device.type, dtype=trainer.dtype):
        eager = model(x).detach().float()
        compiled = trainer.forward(x).detach().float()
    diff = (compiled - eager).abs().max().item()
    scale = eager.abs().max().item() or 1.0
    # bfloat16/float16 logits: fused kernels round differently; 5% of the range.
    return {"compiled_matches_eager": diff <= 0.05 * scale, "max_abs_diff": diff}


def _recipe_trainer(name: str, device: torch.device, criterion, use_compile: bool):
    """The site's recipe (autocast, channels_last, compiled where the sizes say)."""
    from snippets.benchmarks.training_step import RecipeTrainer

    model = build_model(name)
    trainer = RecipeTrainer(
        model,
        make_optimizer(name, model),
        criterion,
        device,
        compile_backend="inductor" if use_compile else None,
    )
    return trainer, model


def _naive_step(name: str, device: torch.device, criterion, images, labels):
    """The profile's naive loop, one step per call, on a model of its own."""
    from snippets.benchmarks.training_step import naive_train_step

    model = build_model(name).to(device)
    optimizer = make_optimizer(name, model)
    return lambda: naive_train_step(model, optimizer, criterion, images, labels, device)


def training_cases(
    name: str, device: torch.device, sizes: Sizes, peak: dict | None, log
) -> list[dict]:
    batch, side = sizes.train[name]
    images, labels = make_batch(name, batch, side, device)
    criterion = nn.CrossEntropyLoss()
    params = {"lote": batch, "imagem": f"{side}×{side}"}
    label = MODEL_NAMES[name]
    naive = _naive_step(name, device, criterion, images, labels)
    flops = count_flops(naive)
    use_compile = name in sizes.compile_models
    trainer, model = _recipe_trainer(name, device, criterion, use_compile)
    naive_id, recipe_id = f"train-{name}-naive", f"train-{name}-recipe"
    timed = interleave(
        f"Treino, {label}",
        [
            Case(naive_id, "laço ingênuo", naive),
            Case(recipe_id, "receita", lambda: trainer.step(images, labels)),
        ],
        device,
        rounds=sizes.rounds,
        warmup=3 if use_compile else 2,
        min_sample_s=sizes.min_sample_s,
        log=log,
    )
    check = compiled_check(trainer, images, model) if use_compile else None
    dtype = str(trainer.dtype).removeprefix("torch.")
    naive_t, recipe_t = timed[naive_id], timed[recipe_id]

    def row(id: str, label: str, params: dict, **rest) -> dict:
        depends = [CNN_MODULE] if name == "cnn" else None
        return result(id=id, group="training", module=TRAINING, depends=depends,
                      label=label, params=params, metric="throughput", unit="img/s",
                      **rest)  # fmt: skip

    results = [
        row(
            naive_id,
            f"{label}: laço ingênuo (float32)",
            {**params, "precisão": "float32", "compile": False},
            value=batch / naive_t.median,
            timing=naive_t.timing(),
            flops=flops_entry(flops, naive_t.median, peak),
        ),
        row(
            recipe_id,
            f"{label}: receita ({dtype}, channels_last"
            + (", compile)" if use_compile else ", sem compile)"),
            {**params, "precisão": f"autocast {dtype}", "compile": use_compile},
            value=batch / recipe_t.median,
            baseline=naive_id,
            ratio=speedup(timed, naive_id, recipe_id).as_record(naive_id),
            timing=recipe_t.timing(compiled=use_compile),
            flops=flops_entry(flops, recipe_t.median, peak),
            check=check,
        ),
    ]
    cleanup(device)
    return results

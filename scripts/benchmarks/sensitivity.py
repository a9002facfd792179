"""Can this machine tell a 10% regression from noise? (``make bench-sensitivity``)

Times a real case, the profile's naive training step of its CNN, against the same
step on a batch 10% larger (10% more work per step), interleaved in rounds as every
comparison of ``make bench``, and reports the ratio with its 95% interval and
whether the interval excludes 1.0. Run it on the machine that records the benchmarks,
before recording: if it cannot separate these two, its ratios cannot be trusted to
10% either. On demand only (never in ``make test``): what it measures depends on the
machine and its load. Refuses a busy machine like the runner (``--allow-busy``).

    python -m scripts.benchmarks.sensitivity [--rounds 15] [--out PATH] [--allow-busy]

Exit status: 0 when the interval separated them, 1 when it did not, 3 when refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from torch import nn

from scripts.benchmarks.compare import Case, interleave
from scripts.benchmarks.load import LoadLog, busy_reason
from scripts.benchmarks.sizes import build_model, make_batch, make_optimizer
from scripts.benchmarks.stats import paired_ratio

BATCH = 80  # and 88: exactly 10% more images per step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.benchmarks.sensitivity")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--out", type=Path, help="also write the result as JSON")
    parser.add_argument("--allow-busy", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from snippets.benchmarks.training_step import naive_train_step

    load = LoadLog()
    busy = busy_reason(load.before, load.cpus)
    if busy and not args.allow_busy:
        print(f"sensitivity: refusing: {busy} (--allow-busy to run anyway)")
        return 3
    device = torch.device(args.device)
    criterion = nn.CrossEntropyLoss()
    larger = round(args.batch * 1.1)
    cases = []
    for batch in (args.batch, larger):
        model = build_model("cnn").to(device)
        optimizer = make_optimizer("cnn", model)
        images, labels = make_batch("cnn", batch, 32, device)

        def step(model=model, optimizer=optimizer, images=images, labels=labels):
            return naive_train_step(model, optimizer, criterion, images, labels, device)

        cases.append(Case(f"b{batch}", f"lote {batch}", step))
    timed = interleave(
        "Sensibilidade: o mesmo passo com 10% a mais de trabalho",
        cases,
        device,
        rounds=args.rounds,
        warmup=3,
        log=print,
    )
    load.finish()
    ratio = paired_ratio(timed[f"b{larger}"].samples, timed[f"b{args.batch}"].samples)
    report = {
        "case": "naive_train_step, CNN do perfil, imagens 32×32",
        "device": str(device),
        "threads": torch.get_num_threads(),
        "batches": [args.batch, larger],
        "work_ratio": larger / args.batch,
        "time_ratio": ratio.as_record(f"b{args.batch}"),
        "separated": ratio.separated(),
        "load": load.as_record(),
        "samples_s": {k: t.samples for k, t in timed.items()},
    }
    print(
        f"sensitivity: batch {larger} / batch {args.batch} "
        f"(work x{larger / args.batch:.2f}): time x{ratio.value:.3f} "
        f"[{ratio.low:.3f}, {ratio.high:.3f}] over "
        f"{ratio.rounds} rounds: "
        + ("SEPARATED from 1.0" if ratio.separated() else "NOT separated from 1.0")
        + (f" (busy: max load {load.as_record()['max_1min']})" if load.busy() else "")
    )
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if ratio.separated() else 1


if __name__ == "__main__":
    raise SystemExit(main())

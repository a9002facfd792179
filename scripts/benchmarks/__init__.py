"""The benchmark runner: times ``snippets/benchmarks``, writes ``bench-<runner>.json``.

Usage (from the repository root; ``make bench`` runs the CPU case)::

    python -m scripts.benchmarks --runner cpu
    python -m scripts.benchmarks --runner gpu --out "$OUT/bench-gpu.json"

Standard library and torch (+ torchvision, for ResNet-50) only, so a GPU runner needs
nothing beyond ``requirements/snippets.txt``. One responsibility per module:

- :mod:`~scripts.benchmarks.timing`: warm-up, synchronisation (CUDA events on GPU),
  repeats until the median is stable, median and spread.
- :mod:`~scripts.benchmarks.peaks`: known peak FLOP/s of GPUs, with their source.
- :mod:`~scripts.benchmarks.cases`: what is measured, and at which sizes per device.
- :mod:`~scripts.benchmarks.memory_probe`: one training step in a fresh process, for
  the peak RSS on CPU.
- :mod:`~scripts.benchmarks.run`: the CLI; builds, validates and writes the record
  (format: :data:`scripts.verification.benchmarks.BENCH_SCHEMA_DOC`).
"""

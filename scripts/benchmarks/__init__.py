"""The benchmark runner: times ``snippets/benchmarks``, writes ``bench-<runner>.json``.

Usage (from the repository root; ``make bench`` runs the CPU case)::

    python -m scripts.benchmarks --runner cpu            # refuses on a busy machine
    python -m scripts.benchmarks --runner gpu --out "$OUT/bench-gpu.json"
    python -m scripts.benchmarks.sensitivity             # make bench-sensitivity

Standard library and torch (+ torchvision, for ResNet-50) only, so a GPU runner needs
nothing beyond ``requirements/snippets.txt``. One responsibility per module:

- :mod:`~scripts.benchmarks.stats`: the per-round ratio and its 95% interval.
- :mod:`~scripts.benchmarks.compare`: the cases of one comparison timed interleaved
  in rounds (``torch.utils.benchmark.Timer``), and the result entries.
- :mod:`~scripts.benchmarks.load`: the load average through a run; the busy gate.
- :mod:`~scripts.benchmarks.sizes`: sizes and rounds per device; models, batches,
  FLOP counts. :mod:`~scripts.benchmarks.peaks`: known GPU peaks, with sources.
- ``case_training``, ``case_inference``, ``case_loader``, ``case_memory``: what each
  group measures; :mod:`~scripts.benchmarks.cases` runs them in the page's order.
- :mod:`~scripts.benchmarks.memory_probe`: one memory configuration in a fresh
  process (peak RSS on CPU, ``max_memory_allocated`` on CUDA).
- :mod:`~scripts.benchmarks.sensitivity`: a real case against itself with 10% more
  work: does the interval tell them apart on this machine?
- :mod:`~scripts.benchmarks.run`: the CLI; builds, validates and writes the record
  (format: :data:`scripts.verification.benchmarks.BENCH_SCHEMA_DOC`).
"""

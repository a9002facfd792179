"""``python -m scripts.benchmarks``: see :mod:`scripts.benchmarks.run`."""

from scripts.benchmarks.run import main

raise SystemExit(main())

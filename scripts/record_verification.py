#!/usr/bin/env python3
"""Command-line entry point of the recorder: ``python scripts/record_verification.py``.

Kept so the documented commands (README, CI workflow) work unchanged; everything is in
:mod:`scripts.verification.recorder` (``--help`` lists the options).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts scripts/ on sys.path, not the repository root that
# holds the `scripts` package: add the root, visibly, and import normally.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.verification.recorder import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

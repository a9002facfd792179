"""Self-test of guard 6 (`tests.drift.gpu`): a conftest that always skips is seen.

A copy whose `snippets/conftest.py` no longer honours `SNIPPETS_REQUIRE_GPU=1` passes
the selected CUDA case on a machine without a GPU: exactly what guard 6 fails on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.drift import gpu as gpu_guard


def test_require_gpu_guard_sees_a_conftest_that_always_skips(repo: Path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here: the no-GPU failure cannot be observed")
    conftest = repo / "snippets/conftest.py"
    text = conftest.read_text(encoding="utf-8")
    broken = re.sub(r"^REQUIRE_GPU = .*$", "REQUIRE_GPU = False", text, flags=re.M)
    assert broken != text, "snippets/conftest.py no longer defines REQUIRE_GPU"
    conftest.write_text(broken, encoding="utf-8")
    args, cwd = gpu_guard.find_gpu_selection(repo) or gpu_guard.probe_selection(repo)
    proc, _ = gpu_guard.run_selection(args, cwd, require_gpu=True)
    # The guard asserts a failure here; with the broken conftest the run passes.
    assert proc.returncode == 0 and "SNIPPETS_REQUIRE_GPU=1" not in proc.stdout

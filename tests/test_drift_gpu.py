"""Guard 6: a GPU runner without a GPU goes red, not silently green.

`SNIPPETS_REQUIRE_GPU=1` must turn the skipped `cuda` cases of the `device` fixture
(and `@pytest.mark.gpu` tests) into failures. The test picks, dynamically, a real
test under `snippets/` that uses the `device` fixture or the `gpu` marker and runs it
in a subprocess, with and without the variable. Where no such test exists yet, it
uses a probe test next to a copy of `snippets/conftest.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drift.gpu import find_gpu_selection, probe_selection, run_selection


def _cuda_available() -> bool:
    torch = pytest.importorskip("torch")
    return torch.cuda.is_available()


@pytest.fixture
def selection(tmp_path: Path) -> tuple[list[str], Path]:
    return find_gpu_selection() or probe_selection(tmp_path)


def test_require_gpu_without_cuda_fails_and_without_it_skips(selection):
    if _cuda_available():
        pytest.skip("CUDA is available here: the no-GPU failure cannot be observed")
    args, cwd = selection
    proc, cmd = run_selection(args, cwd, require_gpu=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode not in (0, 5), f"SNIPPETS_REQUIRE_GPU=1 {cmd} passed:\n{out}"
    assert "SNIPPETS_REQUIRE_GPU=1" in out, f"no explanation in the output:\n{out}"

    proc, cmd = run_selection(args, cwd, require_gpu=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{cmd} without the variable failed:\n{out}"
    assert "skipped" in out, f"{cmd}: the cuda case was not skipped:\n{out}"


def test_require_gpu_with_cuda_runs_the_cuda_case(selection):
    if not _cuda_available():
        pytest.skip("no CUDA here: the GPU run is checked on a GPU runner")
    args, cwd = selection
    proc, cmd = run_selection(args, cwd, require_gpu=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"SNIPPETS_REQUIRE_GPU=1 {cmd} failed:\n{out}"
    assert "passed" in out and "skipped" not in out, out

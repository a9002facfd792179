"""`make record-gpu`: one command refreshes every GPU record; refuses without CUDA."""

from __future__ import annotations

import os
import subprocess
import sys

from scripts import record_gpu
from tests.support import ROOT


def test_it_writes_the_three_gpu_records_with_gpus_required():
    records = [step.record for step in record_gpu.steps(jobs=4)]
    assert records == [
        "verification/gpu.json",
        "verification/downloads-gpu.json",
        "verification/bench-gpu.json",
    ]
    # Sized for one H100 in under 10 minutes, each step within its own limit.
    assert sum(step.limit_s for step in record_gpu.steps(jobs=4)) <= 600


def test_without_cuda_it_stops_at_once_and_writes_nothing():
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "verification").glob("*.json")}
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.record_gpu"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "nothing recorded" in proc.stderr and "CUDA" in proc.stderr
    assert proc.stdout == ""  # no step started
    after = {p: p.stat().st_mtime_ns for p in (ROOT / "verification").glob("*.json")}
    assert after == before


def test_the_makefile_target_runs_it_with_the_given_interpreter():
    proc = subprocess.run(
        ["make", "-n", "record-gpu", "PYTHON=/opt/runner/venv/bin/python"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "/opt/runner/venv/bin/python -m scripts.record_gpu" in proc.stdout
    assert "pip install" not in proc.stdout  # a runner's interpreter is used as is

"""Self-test of the behaviour tests: an example that stops training must go red.

Every optimizer step of the training example is replaced by `pass` in a copy; its own
test file (run in a subprocess) must then fail, proving the tests check that
training trains rather than that it runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drift import includes

_STEP = re.compile(r"^(?P<indent>\s*)\w*opt\w*\.step\(\)\s*$", re.M)


def find_training_module(root: Path) -> tuple[Path, Path]:
    """(module, its test file): simple_nn if present, else any module with a step."""
    preferred = root / "snippets/examples/simple_nn.py"
    candidates = [preferred] if preferred.is_file() else []
    candidates += sorted(includes.example_modules(root))
    for module in candidates:
        test = module.with_name(f"test_{module.name}")
        if test.is_file() and _STEP.search(module.read_text(encoding="utf-8")):
            return module, test
    pytest.skip("no training example with an optimizer step and a test file yet")


def test_training_that_does_not_step_fails_its_behaviour_test(repo: Path):
    module, test = find_training_module(repo)
    text = module.read_text(encoding="utf-8")
    module.write_text(
        _STEP.sub(lambda m: f"{m.group('indent')}pass", text), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(test.relative_to(repo)),
            "-x",
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    rel = module.relative_to(repo)
    assert proc.returncode == 1, (
        f"{rel} with every optimizer.step() replaced by `pass` still passes "
        f"{test.relative_to(repo)}: its tests do not check that training trains\n{out}"
    )
    assert "failed" in out, out

"""Guard 6's machinery: select a real CUDA case and run it with or without a GPU demand.

`SNIPPETS_REQUIRE_GPU=1` must turn the skipped `cuda` cases of the `device` fixture
(and `@pytest.mark.gpu` tests) into failures. :func:`find_gpu_selection` picks a real
test under `snippets/` that uses the `device` fixture or the `gpu` marker;
:func:`probe_selection` is the fallback (a probe test beside a copy of
`snippets/conftest.py`); :func:`run_selection` runs it in a subprocess.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT


def _uses_device_or_gpu(func: ast.FunctionDef) -> str | None:
    """'device' if the test takes the fixture, 'gpu' if it is marked, else None."""
    if any(a.arg == "device" for a in func.args.args):
        return "device"
    for dec in func.decorator_list:
        if "mark.gpu" in ast.unparse(dec):
            return "gpu"
    return None


def find_gpu_selection(root: Path = ROOT) -> tuple[list[str], Path] | None:
    """(pytest arguments, rootdir) selecting the cuda case of one real test.

    Test files whose module needs no torchvision come first (cheaper to import).
    """

    def heavy(test: Path) -> bool:
        module = test.with_name(test.name.removeprefix("test_"))
        texts = [p.read_text(encoding="utf-8") for p in (test, module) if p.is_file()]
        return any("torchvision" in t for t in texts)

    tests = sorted((root / "snippets").rglob("test_*.py"), key=lambda t: (heavy(t), t))
    for test in tests:
        tree = ast.parse(test.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                kind = _uses_device_or_gpu(node)
                if kind == "device":
                    expr = f"{node.name} and cuda"
                elif kind == "gpu":
                    expr = node.name
                else:
                    continue
                return [str(test.relative_to(root)), "-k", expr], root
    return None


def probe_selection(tmp_path: Path) -> tuple[list[str], Path]:
    """A probe test beside a copy of the real `snippets/conftest.py`."""
    shutil.copy(ROOT / "snippets" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = -ra --strict-markers\nmarkers =\n    gpu: CUDA only\n",
        encoding="utf-8",
    )
    (tmp_path / "test_probe.py").write_text(
        "def test_probe(device):\n    assert device.type in ('cpu', 'cuda')\n",
        encoding="utf-8",
    )
    return ["test_probe.py", "-k", "cuda"], tmp_path


def run_selection(args: list[str], cwd: Path, require_gpu: bool):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("SNIPPETS_REQUIRE_GPU", None)
    if require_gpu:
        env["SNIPPETS_REQUIRE_GPU"] = "1"
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        *args,
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
    ]
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    return proc, " ".join(cmd[3:])

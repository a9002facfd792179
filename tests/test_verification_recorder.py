"""The recorder counts passes, failures, skips and collection errors per module.

`scripts/record_verification.py` runs on a tiny fake snippets tree: each module gets
its sha256, its test files (beside it, or importing it) and its counts; tests of no
module are kept as unmapped; pytest arguments and SNIPPETS_REQUIRE_GPU pass through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from scripts.verification import schema
from scripts.verification.digest import file_sha256
from tests.support import ROOT

# --------------------------------------------------------------------------------------


FAKE_TREE = {
    "pytest.ini": "[pytest]\n",
    "snippets/__init__.py": "",
    "snippets/demo/__init__.py": "",
    "snippets/demo/mod.py": "def add(a, b):\n    return a + b\n",
    "snippets/demo/test_mod.py": """\
        import os

        import pytest

        from snippets.demo.mod import add


        def test_passes():
            assert add(1, 2) == 3


        def test_fails():
            assert add(1, 2) == 4


        def test_skipped():
            pytest.skip("motivo de teste")


        def test_passes_when_gpu_required():
            if os.environ.get("SNIPPETS_REQUIRE_GPU") != "1":
                pytest.skip("SNIPPETS_REQUIRE_GPU não definido")
        """,
    # Not named after the module: mapped through its import.
    "snippets/demo/test_addition.py": """\
        from snippets.demo import mod


        def test_add_via_package_import():
            assert mod.add(2, 2) == 4
        """,
    "snippets/other/__init__.py": "",
    "snippets/other/broken.py": "raise ImportError('quebrado de propósito')\n",
    "snippets/other/test_broken.py": "from snippets.other.broken import x  # noqa\n",
    "snippets/other/test_orphan.py": "def test_orphan():\n    assert True\n",
}


def _run_recorder(root: Path, *args: str, require_gpu: bool = False):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "SNIPPETS_REQUIRE_GPU"))
    }
    if require_gpu:
        env["SNIPPETS_REQUIRE_GPU"] = "1"
    script = ROOT / "scripts" / "record_verification.py"
    return subprocess.run(
        [sys.executable, str(script), "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_recorder_counts_hashes_and_maps_tests_to_modules(tmp_path: Path):
    for rel, text in FAKE_TREE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    out = tmp_path / "out" / "cpu.json"
    proc = _run_recorder(tmp_path, "--runner", "cpu", "--out", str(out))
    assert proc.returncode != 0, proc.stdout + proc.stderr  # a test failed
    record = schema.validate_record(json.loads(out.read_text("utf-8")), str(out))
    assert record["runner"] == "cpu" and record["require_gpu"] is False
    assert record["versions"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert record["exit_status"] == proc.returncode

    mod = record["modules"]["snippets/demo/mod.py"]
    assert mod["sha256"] == file_sha256(tmp_path / "snippets/demo/mod.py")
    assert set(mod["test_files"]) == {
        "snippets/demo/test_mod.py",
        "snippets/demo/test_addition.py",
    }
    counts = {k: mod[k] for k in (*schema.OUTCOMES, "total")}
    assert counts == {"passed": 2, "failed": 1, "skipped": 2, "error": 0, "total": 5}
    tests = {t["id"].split("::")[-1]: t for t in mod["tests"]}
    assert tests["test_skipped"]["reason"] == "motivo de teste"
    assert "assert 3 == 4" in tests["test_fails"]["message"]

    broken = record["modules"]["snippets/other/broken.py"]
    assert (broken["error"], broken["total"]) == (1, 1)
    assert "quebrado de propósito" in broken["tests"][0]["message"]
    assert [t["id"] for t in record["unmapped"]] == [
        "snippets/other/test_orphan.py::test_orphan"
    ]
    assert record["totals"] == {
        "passed": 3,
        "failed": 1,
        "skipped": 2,
        "error": 1,
        "total": 7,
    }

    # Extra pytest arguments and SNIPPETS_REQUIRE_GPU pass through; all green -> 0.
    out2 = tmp_path / "out" / "gpu.json"
    proc = _run_recorder(
        tmp_path,
        "--runner",
        "gpu",
        "--out",
        str(out2),
        "--snippets",
        "snippets/demo",
        "--",
        "-k",
        "passes",
        require_gpu=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    record = json.loads(out2.read_text("utf-8"))
    assert record["require_gpu"] is True
    assert record["pytest_args"] == ["snippets/demo", "-k", "passes"]
    mod = record["modules"]["snippets/demo/mod.py"]
    assert (mod["passed"], mod["skipped"], mod["total"]) == (2, 0, 2)

"""A module declaring `MINIMUM_TORCH` is skipped, with that reason, on an older torch.

Runs pytest on a throwaway copy of `snippets/conftest.py` and the verification
package, with two example modules: one that needs a torch from the future (its test
would fail on import, so it must be skipped before import, with the reason shown),
and one whose minimum is met (its test runs and passes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.verification.site import declared_minimum, torch_older_than
from tests.support import ROOT

FUTURE = '''"""Precisa de um torch do futuro."""

MINIMUM_TORCH = "99.0"

from torch import api_that_does_not_exist  # noqa: E402,F401
'''
PRESENT = '''"""Precisa só do torch 1.0."""

MINIMUM_TORCH = "1.0"
'''


def test_declared_minimum_is_read_without_import(tmp_path: Path):
    module = tmp_path / "m.py"
    module.write_text(FUTURE, encoding="utf-8")
    assert declared_minimum(module) == "99.0"
    module.write_text('"""Sem declaração."""\n', encoding="utf-8")
    assert declared_minimum(module) is None


def test_versions_compare_by_release_numbers():
    assert torch_older_than("2.6.0+cu124", "2.7")
    assert not torch_older_than("2.7.1", "2.7")
    assert not torch_older_than("2.14.1+cu130", "2.6.0")
    assert torch_older_than("2.14.1", "2.15")


def test_module_below_its_minimum_is_skipped_with_the_reason(tmp_path: Path):
    (tmp_path / "scripts").mkdir()
    shutil.copytree(
        ROOT / "scripts" / "verification", tmp_path / "scripts" / "verification"
    )
    (tmp_path / "scripts" / "__init__.py").write_text("", encoding="utf-8")
    snippets = tmp_path / "snippets"
    (snippets / "demo").mkdir(parents=True)
    shutil.copy(ROOT / "snippets" / "conftest.py", snippets / "conftest.py")
    shutil.copy(ROOT / "snippets" / "output_environments.json", snippets)
    for package in (snippets, snippets / "demo"):
        (package / "__init__.py").write_text("", encoding="utf-8")
    (snippets / "demo" / "future.py").write_text(FUTURE, encoding="utf-8")
    (snippets / "demo" / "test_future.py").write_text(
        "from snippets.demo import future  # noqa: F401\n\n\n"
        "def test_never_runs():\n    raise AssertionError\n",
        encoding="utf-8",
    )
    (snippets / "demo" / "present.py").write_text(PRESENT, encoding="utf-8")
    (snippets / "demo" / "test_present.py").write_text(
        "from snippets.demo import present\n\n\n"
        "def test_runs():\n    assert present.MINIMUM_TORCH == '1.0'\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "snippets/demo", "-rs",
         "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "1 passed, 1 skipped" in out, out
    assert "future.py declara MINIMUM_TORCH = '99.0': requer torch >= 99.0" in out, out

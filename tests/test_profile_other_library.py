"""A second library's profile is data, not code.

``tests/fixtures/other_profile/`` is a tiny site for another library (Requests: a
few fields, one use case, one tested section). It is built with ``mkdocs build
--strict`` and only ``scripts/hooks/profile_data.py``, the hook of this site, and
its ``profile.json``, ``llms.txt`` and Markdown pages are checked like ours; a bad
value in its data and a fact typed on its page stop the build, naming the field or
the line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema

from scripts.verification import schema
from scripts.verification.digest import file_sha256
from tests.support import ROOT
from tests.support.records import make_entry, make_record

FIXTURE = ROOT / "tests" / "fixtures" / "other_profile"
CONFIG = """site_name: Requests — perfil
site_description: O perfil da biblioteca Requests, de dados.
strict: true
theme: {{name: mkdocs}}
hooks:
  - {hook}
markdown_extensions:
  - tables
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
nav:
  - index.md
  - Uso: uso.md
"""


MODULE = "snippets/http/query.py"


def _build(tmp_path: Path, change=None) -> tuple[Path, subprocess.CompletedProcess]:
    """Copy the fixture (``change(root)`` breaks it), record its module, build it."""
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURE, root)
    hook = ROOT / "scripts" / "hooks" / "profile_data.py"
    (root / "mkdocs.yml").write_text(CONFIG.format(hook=hook), encoding="utf-8")
    record = make_record({MODULE: make_entry(file_sha256(root / MODULE), passed=2)})
    (root / "verification").mkdir()
    schema.write_record(record, root / "verification" / "cpu.json")
    if change:
        change(root)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    # This site registers the profile step alone; our own site registers it through
    # scripts/hooks/main.py, which puts the repository root on sys.path first.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [*command, "-d", str(tmp_path / "s")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return root, proc


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_another_library_builds_through_the_same_code(tmp_path) -> None:
    root, proc = _build(tmp_path)
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "s"
    module = MODULE

    doc = json.loads((site / "profile.json").read_text(encoding="utf-8"))
    published = json.loads((site / "profile.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(published).validate(doc)
    assert doc["profile"]["id"] == "requests"
    (use_case,) = doc["use_cases"]
    (example,) = use_case["examples"]
    assert example["module"] == module
    assert example["status"]["cpu"]["kind"] == "passed"
    assert example["status"]["gpu"]["kind"] == "none"

    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Categoria: HTTP, Web." in index and "Requisições GET" in index
    markdown = (site / "uso" / "index.md").read_text(encoding="utf-8")
    assert "Confiança: 0,90." in markdown
    section = (root / module).read_text(encoding="utf-8").split("\n")[3:9]
    assert "\n".join(section) in markdown
    assert "*Verificado — `snippets/http/query.py`: CPU: ✓" in markdown
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    assert llms.startswith("# Requests — perfil\n\n> O perfil da biblioteca Requests")
    assert "- [Uso](uso/index.md): Um caso de uso com um exemplo testado." in llms


def test_a_bad_profile_stops_the_build_naming_the_field(tmp_path) -> None:
    def change(root: Path) -> None:
        _edit(root / "profile" / "requests.yml", "confidence: 0.9", "confidence: 1.5")

    _, proc = _build(tmp_path, change)
    assert proc.returncode != 0
    assert "requests.yml: use_cases[0].confidence: 1.5 is greater than" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_typed_fact_stops_the_build_naming_the_line(tmp_path) -> None:
    def change(root: Path) -> None:
        _edit(root / "docs" / "uso.md", "# Uso\n", "# Uso\n\nRequisições GET: 0,90.\n")

    _, proc = _build(tmp_path, change)
    assert proc.returncode != 0
    assert "uso.md:7: confidence of 'Requisições GET' typed" in proc.stderr

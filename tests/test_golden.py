"""The snippets' one golden-file check (``scripts/verification/golden.py``).

- without the switch, a different file fails with a diff and the command; an update
  attempted without it fails and writes nothing; a missing file names the command
  that creates it;
- with the switch, only a file that differs is rewritten, and a printed output's
  machine class is relabelled only when its file was;
- ``--update-output`` and ``SNIPPETS_UPDATE_OUTPUT=1`` are one switch.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.verification import golden as golden_files
from tests.support import ROOT

Failed = pytest.fail.Exception


def _golden(tmp_path: Path, updating: bool) -> golden_files.Golden:
    return golden_files.Golden(updating, tmp_path, "snippets/demo")


def test_a_different_file_fails_with_a_diff_and_the_command(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(Failed) as info:
        _golden(tmp_path, False).check(path, "a\nc\n")
    message = str(info.value)
    assert message.startswith("out.txt (mostrado na página) difere"), message
    assert "-b\n+c" in message
    assert message.endswith("python -m pytest snippets/demo --update-output")
    assert path.read_text(encoding="utf-8") == "a\nb\n"


def test_an_update_without_the_switch_fails_and_writes_nothing(tmp_path) -> None:
    path = tmp_path / "out.txt"
    with pytest.raises(Failed, match=r"só é regravado com --update-output"):
        _golden(tmp_path, False).update(path, "x\n")
    assert not path.exists()


def test_a_missing_file_names_the_command_that_creates_it(tmp_path: Path) -> None:
    with pytest.raises(Failed) as info:
        _golden(tmp_path, False).check(tmp_path / "none.txt", "x\n")
    assert str(info.value) == (
        "none.txt não existe: crie-o com "
        "`python -m pytest snippets/demo --update-output`"
    )


def test_the_switch_rewrites_only_what_differs(tmp_path: Path, monkeypatch) -> None:
    labelled: list[str] = []
    monkeypatch.setattr(golden_files, "record_class", lambda m, _: labelled.append(m))
    monkeypatch.setattr(golden_files, "compares_by_value", lambda *_: True)
    golden = _golden(tmp_path, True)
    same, changed = tmp_path / "same.txt", tmp_path / "changed.txt"
    same.write_text("loss 0.5\n", encoding="utf-8")
    changed.write_text("loss 0.7\n", encoding="utf-8")
    for path in (same, changed):
        golden.check_numbers(path, "loss 0.5\n", module=path.name, what="x", rel=1e-4)
    assert labelled == ["changed.txt"]
    assert changed.read_text(encoding="utf-8") == "loss 0.5\n"
    golden.check(tmp_path / "new" / "t.md", "| a |\n")
    assert (tmp_path / "new" / "t.md").read_text(encoding="utf-8") == "| a |\n"


def test_numbers_compare_by_value_and_name_the_command(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(golden_files, "compares_by_value", lambda *_: True)
    path = tmp_path / "out.txt"
    path.write_text("loss 0.5\n", encoding="utf-8")
    golden = _golden(tmp_path, False)
    golden.check_numbers(path, "loss 0.500001\n", module="m", what="m()", rel=1e-4)
    with pytest.raises(Failed, match=r"(?s)linha 1: .*--update-output$"):
        golden.check_numbers(path, "loss 0.6\n", module="m", what="m()", rel=1e-4)


CONFTEST_PROBE = """
def test_switch(golden, pytestconfig):
    print("UPDATING", golden.updating, pytestconfig.getoption("--update-output"))
"""


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [([], None, False), (["--update-output"], None, True), ([], "1", True)],
    ids=["off", "option", "env"],
)
def test_option_and_environment_are_one_switch(tmp_path, args, env, expected) -> None:
    """The real ``snippets/conftest.py`` registers the option and the fixture."""
    (tmp_path / "conftest.py").write_text(
        (ROOT / "snippets" / "conftest.py").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (tmp_path / "test_probe.py").write_text(CONFTEST_PROBE, encoding="utf-8")
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", golden_files.ENV))
    }
    if env:
        environ[golden_files.ENV] = env
    environ["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "test_probe.py", "-s", "-q", *args,
         "-p", "no:xdist", "-p", "no:cacheprovider"],
        cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert f"UPDATING {expected} {expected}" in out, out

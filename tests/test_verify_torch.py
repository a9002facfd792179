"""`scripts/verify_torch.py`: the newest pair on PyPI and the CI matrix, offline.

The registry is replaced by fake JSON documents shaped like PyPI's
(`/pypi/<name>/json` and `/pypi/<name>/<version>/json`); no test reaches the network.
A newest-torch record renders in the compatibility table like any version record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import verify_torch as vt
from scripts.verification import claims
from scripts.verification.digest import file_sha256
from tests.support import ROOT
from tests.support.records import make_entry, make_record

MODULE = "snippets/examples/tensor_basics.py"


def _files(yanked: bool = False) -> list[dict]:
    return [{"filename": "x.whl", "yanked": yanked}]


def _index(torch: dict[str, bool], visions: dict[str, list[str] | None]):
    """A fake `fetch`: torch versions (-> yanked) and torchvision -> requires_dist."""
    asked: list[tuple[str, str | None]] = []

    def fetch(name: str, version: str | None = None) -> dict:
        asked.append((name, version))
        if name == "torch":
            return {"releases": {v: _files(y) for v, y in torch.items()}}
        if version is None:
            return {"releases": {v: _files() for v in visions}}
        return {"info": {"requires_dist": visions[version]}}

    fetch.asked = asked  # type: ignore[attr-defined]
    return fetch


def test_final_versions_drop_prereleases_yanked_and_sort_numerically():
    releases = {
        "2.9.0": _files(), "2.10.0": _files(), "2.15.0rc1": _files(),
        "2.14.0": _files(yanked=True), "2.11.0.dev20260101": _files(),
        "2.12.0": [], "2.13.1": _files(yanked=True) + _files(),
    }  # fmt: skip
    assert vt.final_versions(releases) == ["2.9.0", "2.10.0", "2.13.1"]


@pytest.mark.parametrize(
    ("requires", "spec"),
    [
        (["numpy", "torch==2.8.0", "pillow!=8.3.*,>=5.3.0"], "==2.8.0"),
        (["torch (>=2.14.0)"], ">=2.14.0"),
        (["torch>=2.14.0; python_version >= '3.10'"], ">=2.14.0"),
        (['torch==2.0; extra == "x"', "torch"], ""),
        (["torchaudio==2.8.0", "numpy"], None),
        (None, None),
    ],
)
def test_torch_specifier(requires, spec):
    assert vt.torch_specifier(requires) == spec


@pytest.mark.parametrize(
    ("version", "spec", "ok"),
    [
        ("2.14.1", ">=2.14.0", True),
        ("2.13.0", ">=2.14.0", False),
        ("2.8.0", "==2.8.0", True),
        ("2.8.1", "==2.8.0", False),
        ("2.8.1", "==2.8.*", True),
        ("2.9.0", "==2.8.*", False),
        ("2.9.0", "!=2.8.*", True),
        ("2.15.0", ">=2.14.0,<2.15", False),
        ("2.14.3", "~=2.14.0", True),
        ("2.15.0", "~=2.14.0", False),
        ("2.6.0", "", True),
    ],
)
def test_satisfies(version, spec, ok):
    assert vt.satisfies(version, spec) is ok


def test_an_unreadable_specifier_is_an_error():
    with pytest.raises(ValueError, match="unreadable"):
        vt.satisfies("2.14.1", "@ https://example.invalid/torch.whl")


def test_newest_pair_takes_the_newest_torch_and_the_newest_vision_accepting_it():
    fetch = _index(
        {"2.13.0": False, "2.14.1": False, "2.15.0": False, "2.16.0rc1": False},
        {"0.28.0": ["torch==2.13.0"], "0.29.1": ["torch>=2.14.0,<2.15"],
         "0.30.0": ["torch==2.15.0"], "0.31.0a0": ["torch>=2.16.0a0"]},
    )  # fmt: skip
    assert vt.newest_pair(fetch) == ("2.15.0", "0.30.0", "==2.15.0")
    # Newest first: the metadata of older releases was never asked for.
    assert ("torchvision", "0.28.0") not in fetch.asked


def test_newest_pair_falls_back_to_an_older_vision_that_declares_the_torch():
    fetch = _index(
        {"2.14.1": False, "2.15.0": False},
        {"0.28.0": ["torch==2.13.0"], "0.29.1": ["torch>=2.14.0"]},
    )
    assert vt.newest_pair(fetch) == ("2.15.0", "0.29.1", ">=2.14.0")


def test_newest_pair_fails_when_no_vision_accepts_the_newest_torch():
    fetch = _index({"2.15.0": False}, {"0.29.1": ["torch==2.14.1"]})
    with pytest.raises(SystemExit, match=r"no torchvision declares torch 2\.15\.0"):
        vt.newest_pair(fetch)


def test_matrix_records_the_oldest_pair_and_never_the_pinned_torch():
    assert vt.matrix_versions({"2.6.0": "0.21.0", "2.14.1": "0.29.1"}, "2.14.1") == [
        "2.6.0"
    ]
    assert vt.matrix_versions({"2.14.1": "0.29.1"}, "2.14.1") == []
    pairs = vt.read_pairs()
    pinned = vt.pinned_torch()
    assert pinned in pairs, (
        "requirements/snippets.txt pins a torch the pairs file lacks"
    )
    assert vt.read_pairs()[pinned] == vt.pinned(("torchvision",))[0].split("==")[1]
    assert pinned not in vt.matrix_versions(pairs, pinned)


def _run_main(monkeypatch, pair, argv, tmp_path: Path) -> tuple[int, list]:
    calls: list = []
    monkeypatch.setattr(vt, "newest_pair", lambda: pair)
    monkeypatch.setattr(
        vt, "ensure_environment", lambda t, v: calls.append(("env", t, v)) or Path("py")
    )

    class Done:
        returncode = 0

    monkeypatch.setattr(
        vt.subprocess, "run", lambda command, **kw: calls.append(command) or Done()
    )
    return vt.main([*argv, "--out-dir", str(tmp_path)]), calls


def test_newest_records_into_the_out_dir(monkeypatch, tmp_path: Path):
    status, calls = _run_main(
        monkeypatch, ("2.15.0", "0.30.0", "==2.15.0"), ["--newest"], tmp_path
    )
    assert status == 0
    assert calls[0] == ("env", "2.15.0", "0.30.0")
    command = calls[1]
    assert command[command.index("--runner") + 1] == "cpu-torch-2.15.0"
    assert command[command.index("--out") + 1] == str(
        tmp_path / "cpu-torch-2.15.0.json"
    )


def test_newest_equal_to_the_pinned_torch_records_nothing(monkeypatch, tmp_path):
    pinned = vt.pinned_torch()
    status, calls = _run_main(
        monkeypatch, (pinned, "0.29.1", ">=2.14.0"), ["--newest"], tmp_path
    )
    assert status == 0 and calls == []


def test_matrix_prints_json(capsys):
    assert vt.main(["--matrix"]) == 0
    assert json.loads(capsys.readouterr().out) == vt.matrix_versions(
        vt.read_pairs(), vt.pinned_torch()
    )


def test_a_newest_torch_record_is_a_row_of_the_compatibility_table():
    sha = file_sha256(ROOT / MODULE)
    newest = make_record(
        {MODULE: make_entry(sha, passed=3, failed=1)}, runner="cpu-torch-2.15.0"
    )
    newest["versions"]["torch"] = "2.15.0+cpu"
    newest["versions"]["torchvision"] = "0.30.0+cpu"
    records = {"cpu": make_record({MODULE: make_entry(sha, passed=2)}),
               "cpu-torch-2.15.0": newest}  # fmt: skip
    table = "\n".join(claims.render_versions_table(records, ROOT))
    row = next(line for line in table.splitlines() if line.startswith("| 2.15.0 "))
    assert "| 0.30.0 |" in row
    assert "3 passaram, 1 falharam" in row


def test_a_version_record_of_the_pinned_torch_is_not_a_second_row():
    """M3: `cpu.json` is the pinned torch's row; `cpu-torch-<pinned>.json` adds none."""
    sha = file_sha256(ROOT / MODULE)
    again = make_record({MODULE: make_entry(sha, passed=2)}, runner="cpu-torch-2.14.1")
    records = {"cpu": make_record({MODULE: make_entry(sha, passed=2)}),
               "cpu-torch-2.14.1": again}  # fmt: skip
    rows = [
        line
        for line in claims.render_versions_table(records, ROOT)
        if line.startswith("| 2.14.1 ")
    ]
    assert len(rows) == 1, rows

"""The record of the downloads' runs, and what the buttons say about each runner.

- A malformed ``verification/downloads-<runner>.json`` is rejected, naming the file
  and the problem; the test records' reader skips these files.
- The recorder runs a tiny site's ``.py`` and notebook, records the sha256 of the
  bytes that ran, and records a failure with its reason; without the notebook
  packages it names them instead of crashing.
- Next to the buttons, one badge per runner: verified when every download of the
  page ran as built now and passed; stale when one was built differently since its
  run (a changed module in a repository copy); failed; missing; no record.
- The committed ``verification/downloads-cpu.json`` is fresh for every download the
  site builds now, with or without the ``site_url`` the workflow sets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts.downloads import notebook as nb
from scripts.downloads import plan as downloads
from scripts.downloads import record as recorder
from scripts.hooks.downloads import run_badges
from scripts.verification import download_runs, schema
from scripts.verification.digest import sha256_hex
from scripts.verification.status import STALE_TEXT
from tests.support import ROOT
from tests.support.downloads import hook_navs
from tests.support.records import make_downloads_record, make_entry, make_record

PLANS, FILES = downloads.all_downloads(ROOT)
HASHES = {path: sha256_hex(data) for path, data in FILES.items()}
#: A page that offers a notebook and a .py.
PAGE = next(p for p in PLANS if p.page == "tutoriais/basico.md")


def _valid() -> dict:
    return make_downloads_record(
        {p: HASHES[p] for p in PAGE.files}, failed=(PAGE.notebook,)
    )


# ------------------------------------------------------------------ the record


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda r: r.pop("date"), "falta a chave obrigatória 'date'"),
        (lambda r: r.update(schema_version=99), "versão 99 desconhecida"),
        (lambda r: r.update(kind="benchmarks"), '.kind: deve ser "downloads"'),
        (lambda r: r.update(downloads=[]), ".downloads: deve ser um objeto"),
        (lambda r: r["versions"].pop("python"), "falta a chave obrigatória 'python'"),
        (lambda r: _entry(r, 1).update(sha256="abc"), "sha256 em hexadecimal"),
        (lambda r: _entry(r, 1).update(outcome="ok"), "um de passed, failed"),
        (lambda r: _entry(r, 1).update(kind="txt"), "um de py, ipynb"),
        (lambda r: _entry(r, 1).update(seconds=-1), "um número >= 0"),
        (lambda r: _entry(r, 1).update(kind="ipynb"), "caminho no site"),
        (lambda r: _entry(r, 0).pop("problem"), "obrigatório com outcome failed"),
        (lambda r: _entry(r, 1).update(problem="x"), "ausente com passed"),
        (lambda r: _entry(r, 0).update(problem=" "), "um texto não vazio"),
        (
            lambda r: r["downloads"].update(x=r["downloads"].pop(PAGE.notebook)),
            "caminho no site",
        ),
    ],
)
def test_malformed_records_are_rejected_naming_the_problem(mutate, problem):
    record = _valid()
    mutate(record)
    with pytest.raises(schema.RecordError, match="downloads-gpu.json") as info:
        download_runs.validate_downloads_record(
            record, "verification/downloads-gpu.json"
        )
    assert problem in str(info.value)


def _entry(record: dict, index: int) -> dict:
    """The entry of the page's notebook (0, failed) or of its .py (1, passed)."""
    return record["downloads"][PAGE.files[index]]


def test_misnamed_or_unreadable_files_are_rejected(tmp_path: Path):
    (tmp_path / "downloads-cpu.json").write_text(json.dumps(_valid()), "utf-8")
    assert set(download_runs.load_downloads_records(tmp_path)) == {"cpu"}
    (tmp_path / "downloads-gpu.json").write_text(json.dumps(_valid()), "utf-8")
    with pytest.raises(schema.RecordError, match=r"downloads-gpu\.json.*runner é"):
        download_runs.load_downloads_records(tmp_path)
    (tmp_path / "downloads-gpu.json").write_text("{", "utf-8")
    with pytest.raises(schema.RecordError, match="não é um JSON válido"):
        download_runs.load_downloads_records(tmp_path)


def test_test_records_reader_skips_the_downloads_records(tmp_path: Path):
    cpu = make_record({"snippets/examples/tensor_basics.py": make_entry("a" * 64, 1)})
    (tmp_path / "cpu.json").write_text(json.dumps(cpu), "utf-8")
    (tmp_path / "downloads-cpu.json").write_text(json.dumps(_valid()), "utf-8")
    assert set(schema.load_records(tmp_path)) == {"cpu"}
    # Not a test record: read as one, it would fail.
    with pytest.raises(schema.RecordError):
        schema.validate_record(_valid())


def test_a_problem_keeps_its_first_lines():
    lines = [f"linha {i}" for i in range(50)]
    text = download_runs.problem_text(["\n".join(lines)])
    kept = text.splitlines()
    assert kept[: download_runs.PROBLEM_LINES] == lines[: download_runs.PROBLEM_LINES]
    assert kept[-1] == f"… e mais {50 - download_runs.PROBLEM_LINES} linhas"


# ------------------------------------------------------------------ the recorder


def _tiny_site(root: Path, printed: str = "olá, mundo") -> Path:
    """A site with one page showing one module's section and its output."""
    (root / "docs").mkdir(parents=True)
    (root / "snippets/demo/output").mkdir(parents=True)
    (root / "requirements").mkdir()
    (root / "requirements/snippets.txt").write_text(
        (ROOT / "requirements/snippets.txt").read_text("utf-8"), "utf-8"
    )
    (root / nb.OUTPUT_ENVIRONMENTS).write_text(
        (ROOT / nb.OUTPUT_ENVIRONMENTS).read_text("utf-8"), "utf-8"
    )
    (root / "snippets/demo/hello.py").write_text(
        '"""Olá."""\n\n\n# --8<-- [start:greet]\ndef greet(name):\n'
        '    return f"olá, {name}"\n\n\n# --8<-- [end:greet]\n\n\n'
        f"def main() -> None:\n    print({printed!r})\n\n\n"
        'if __name__ == "__main__":\n    main()\n',
        "utf-8",
    )
    (root / "snippets/demo/output/hello.txt").write_text("olá, mundo\n", "utf-8")
    (root / "docs/ola.md").write_text(
        '# Olá\n\nUma função.\n\n```python\n--8<-- "snippets/demo/hello.py:greet"\n'
        '```\n\n```text\n--8<-- "snippets/demo/output/hello.txt"\n```\n',
        "utf-8",
    )
    return root


def test_recorder_runs_each_download_and_records_the_bytes_that_ran(tmp_path: Path):
    root = _tiny_site(tmp_path / "ok")
    out = tmp_path / "downloads-cpu.json"
    status = recorder.main(["--runner", "cpu", "--root", str(root), "--out", str(out)])
    assert status == 0
    record = download_runs.load_downloads_records(tmp_path)["cpu"]
    built = downloads.all_downloads(root)[1]
    assert set(record["downloads"]) == {
        "downloads/demo/hello.py",
        "downloads/ola.ipynb",
    }
    for path, entry in record["downloads"].items():
        assert entry["sha256"] == sha256_hex(built[path])
        assert entry["outcome"] == "passed" and "problem" not in entry
        assert entry["kind"] == path.rsplit(".", 1)[1]


def test_recorder_records_a_failure_with_its_reason(tmp_path: Path):
    root = _tiny_site(tmp_path / "bad", printed="adeus, mundo")
    out = tmp_path / "downloads-cpu.json"
    status = recorder.main(["--runner", "cpu", "--root", str(root), "--out", str(out)])
    assert status == 1
    entries = download_runs.load_downloads_records(tmp_path)["cpu"]["downloads"]
    for entry in entries.values():
        assert entry["outcome"] == "failed"
        assert "a saída difere da mostrada na página" in entry["problem"]
        assert "'olá, mundo' -> 'adeus, mundo'" in entry["problem"]


def test_recorder_names_what_is_missing_instead_of_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    real = recorder.importlib.util.find_spec
    monkeypatch.setattr(
        recorder.importlib.util,
        "find_spec",
        lambda name: None if name in ("nbclient", "ipykernel") else real(name),
    )
    out = tmp_path / "downloads-gpu.json"
    assert recorder.main(["--runner", "gpu", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "lacks nbclient, ipykernel" in err and recorder.REQUIREMENTS in err
    assert not out.exists()
    assert (ROOT / recorder.REQUIREMENTS).is_file()


# ------------------------------------------------------------------ the badges


def _badges(html: str) -> dict[str, str]:
    """Runner label -> the badge's whole HTML."""
    return {
        m.group("runner"): m.group(0)
        for m in re.finditer(
            r'<span class="vb-badge [^"]+"[^>]*><span class="vb-runner">'
            r"(?P<runner>[^<]+)</span>.*?</span></span>",
            html,
        )
    }


def test_verified_when_every_download_ran_as_built_now():
    cpu = make_downloads_record({p: HASHES[p] for p in PAGE.files})
    badges = _badges(run_badges(PAGE, {"cpu": cpu}, HASHES))
    assert "vb-pass" in badges["CPU"]
    assert "✓ notebook e .py executados" in badges["CPU"]
    assert '<span class="vb-meta">torch 2.14.1 · 2026-11-26</span>' in badges["CPU"]
    # A runner without a record says so, never passing.
    assert "vb-missing" in badges["GPU"]
    assert "nenhuma execução registrada" in badges["GPU"]


def test_stale_when_a_download_differs_from_the_bytes_that_ran():
    ran = {p: HASHES[p] for p in PAGE.files}
    ran[PAGE.notebook] = "0" * 64
    badges = _badges(run_badges(PAGE, {"cpu": make_downloads_record(ran)}, HASHES))
    assert "vb-stale" in badges["CPU"] and STALE_TEXT in badges["CPU"]
    assert "✓" not in badges["CPU"]
    assert f"{PAGE.notebook}: mudou depois da execução" in badges["CPU"]


def test_failed_names_the_file_and_the_problem():
    cpu = make_downloads_record(
        {p: HASHES[p] for p in PAGE.files}, failed=(PAGE.notebook,)
    )
    gpu = make_downloads_record(
        {p: HASHES[p] for p in PAGE.files}, runner="gpu", gpu="NVIDIA H200"
    )
    badges = _badges(run_badges(PAGE, {"cpu": cpu, "gpu": gpu}, HASHES))
    assert "vb-fail" in badges["CPU"] and "✗ falhou: 1 de 2 arquivos" in badges["CPU"]
    assert "cell-009 levantou RuntimeError: formas" in badges["CPU"]
    assert "vb-pass" in badges["GPU H200"]
    assert "torch 2.11.0 · CUDA 13.0" in badges["GPU H200"]


def test_missing_when_the_record_has_no_entry_for_the_page():
    other = next(p for p in PLANS if p.page != PAGE.page)
    cpu = make_downloads_record({p: HASHES[p] for p in other.files})
    badges = _badges(run_badges(PAGE, {"cpu": cpu}, HASHES))
    assert "vb-missing" in badges["CPU"] and "sem registro" in badges["CPU"]


def test_a_changed_module_turns_its_pages_stale_in_the_build(repo: Path):
    """Through the hook: hashes of the bytes built now, against the copy's record."""
    verification = repo / "verification"
    for old in verification.glob("downloads-*.json"):
        old.unlink()
    download_runs.write_downloads_record(
        make_downloads_record(HASHES), verification / "downloads-cpu.json"
    )
    module = repo / "snippets/examples/tensor_basics.py"
    module.write_text(module.read_text("utf-8") + "\n# mudou\n", "utf-8")
    navs = hook_navs(repo)
    changed = {
        p.page for p in PLANS if "snippets/examples/tensor_basics.py" in p.scripts
    }
    assert changed and len(navs) == len(PLANS)
    for page, nav in navs.items():
        cpu = _badges(nav)["CPU"]
        if page in changed:
            assert "vb-stale" in cpu and STALE_TEXT in cpu, page
        else:
            assert "vb-pass" in cpu, page


# ------------------------------------------------------------------ committed record


def test_committed_cpu_record_is_fresh_for_every_download_built_now():
    records = download_runs.load_downloads_records(ROOT / "verification", ROOT)
    assert "cpu" in records, "verification/downloads-cpu.json is missing"
    entries = records["cpu"]["downloads"]
    redo = "run `make record-downloads` and commit verification/downloads-cpu.json"
    assert set(entries) == set(HASHES), f"downloads added or removed: {redo}"
    stale = sorted(p for p, sha in HASHES.items() if entries[p]["sha256"] != sha)
    assert not stale, f"built differently since the record: {stale}; {redo}"
    failed = sorted(p for p, e in entries.items() if e["outcome"] != "passed")
    assert not failed, f"failed when recorded: {failed}"


def test_records_hold_for_the_site_published_under_any_address(
    repo: Path, monkeypatch: pytest.MonkeyPatch
):
    """The workflow sets SITE_URL and REPO_URL; the committed record stays fresh.

    With ``site_url`` the published notebooks link to the site (other bytes), and the
    Colab link appears; the badges still compare the records with the bytes built
    without it, as the recorder runs them.
    """
    monkeypatch.setenv("SITE_URL", "https://exemplo.github.io/kb")
    monkeypatch.setenv("REPO_URL", "https://github.com/exemplo/kb")
    from scripts.hooks.context import _current

    navs = hook_navs(repo)
    context = _current[0][1]  # the context of the build hook_navs ran
    assert context.site_url == "https://exemplo.github.io/kb/"
    published = downloads.all_downloads(repo, context.site_url)[1]
    assert any(published[p] != FILES[p] for p in FILES), "site_url changed nothing"
    assert context.derived["download_hashes"] == HASHES
    for page, nav in navs.items():
        assert "vb-pass" in _badges(nav)["CPU"], page
        assert "colab.research.google.com/github/exemplo/kb/" in nav, page

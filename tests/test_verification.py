"""Verification badges: recorded results reach every page honestly.

- the recorder counts passes, failures, skips and collection errors per module and
  stores each module's sha256;
- a badge says "verificado" only for an unchanged module whose tests passed: a change
  to the module turns it stale (checked on a real build of a copy of the site);
- a failure or error is never shown as a pass; a module without an entry is reported;
- a malformed results file fails the build with a message naming the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from repo_copy import copy_repo

from scripts import record_verification as rv
from scripts import verification_report as vr

STALE = "não verificado desde a última alteração"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(sha: str, passed=0, failed=0, skipped=0, error=0, prefix="t") -> dict:
    tests = []
    for outcome, n in (
        ("passed", passed),
        ("failed", failed),
        ("skipped", skipped),
        ("error", error),
    ):
        for i in range(n):
            test = {"id": f"{prefix}::test_{outcome}_{i}", "outcome": outcome}
            if outcome == "skipped":
                test["reason"] = "CUDA indisponível nesta máquina"
            elif outcome in ("failed", "error"):
                test["message"] = f"AssertionError: {outcome} {i}"
            tests.append(test)
    return {
        "sha256": sha,
        "test_files": [prefix],
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "error": error,
        "total": len(tests),
        "duration": 0.25,
        "tests": tests,
    }


def _record(modules: dict[str, dict], runner: str = "cpu", gpu: str | None = None):
    totals = {k: sum(m[k] for m in modules.values()) for k in (*vr.OUTCOMES, "total")}
    record = {
        "schema_version": vr.SCHEMA_VERSION,
        "runner": runner,
        "date": "2026-11-26T05:00:00+00:00",
        "device": {"cpu": "Test CPU", "gpu": gpu, "gpu_count": 1 if gpu else 0},
        "versions": {
            "python": "3.12.3",
            "torch": "2.11.0+cu130" if gpu else "2.14.1+cpu",
            "torchvision": "0.26.0",
            "pytest": "9.2.0",
            "cuda": "13.0" if gpu else None,
            "cudnn": 91002 if gpu else None,
        },
        "cuda_available": gpu is not None,
        "require_gpu": gpu is not None,
        "pytest_args": ["snippets"],
        "exit_status": 1 if totals["failed"] or totals["error"] else 0,
        "duration": 1.5,
        "totals": totals,
        "modules": modules,
        "unmapped": [],
    }
    return vr.validate_record(record, f"{runner}.json")


def _page_and_module(root: Path) -> tuple[Path, str]:
    """The first page (sorted) that includes an existing snippet module."""
    for page in sorted((root / "docs").rglob("*.md")):
        for module in vr.find_includes(page.read_text(encoding="utf-8")):
            if (root / module).is_file():
                return page, module
    raise AssertionError("no page includes a snippet module")


def _built_page(site: Path, root: Path, page: Path) -> str:
    rel = page.relative_to(root / "docs").with_suffix("")
    html = rel.parent if rel.name == "index" else rel
    return (site / html / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# a real build of a copy: badges under the H1, stale after a change, matrix
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stale_build(tmp_path_factory: pytest.TempPathFactory):
    """Copy the repo, record a pass for one module, change the module, build."""
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    page, module = _page_and_module(root)
    results = root / "verification"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    record = _record({module: _entry(_sha(root / module), passed=3)})
    (results / "cpu.json").write_text(json.dumps(record), encoding="utf-8")
    # A module no record knows about: the matrix must report it.
    extra = root / "snippets" / "examples" / "unrecorded_example.py"
    extra.write_text('"""Exemplo sem registro."""\n', encoding="utf-8")

    before = vr.render_page_badges([module], vr.load_records(results), root)

    with (root / module).open("a", encoding="utf-8") as fh:
        fh.write("\n# alteração depois da execução registrada\n")
    site = tmp_path_factory.mktemp("site")
    proc = build_site(site, root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {
        "root": root,
        "site": site,
        "page": page,
        "module": module,
        "before": before,
    }


def test_badge_turns_stale_when_the_module_changes(stale_build):
    before = stale_build["before"]
    assert "✓ verificado (3 testes)" in before and STALE not in before
    html = _built_page(stale_build["site"], stale_build["root"], stale_build["page"])
    start = html.index('<div class="vb"')
    block = html[start : html.index("</div>", start)]
    assert f"<code>{stale_build['module']}</code>" in block
    assert STALE in block
    assert "✓ verificado" not in block
    assert 'GPU</span><span class="vb-status">nenhuma execução registrada' in block


def test_badges_sit_under_the_h1_and_are_hidden_from_search(stale_build):
    html = _built_page(stale_build["site"], stale_build["root"], stale_build["page"])
    h1, badges = html.index("<h1"), html.index('<div class="vb"')
    assert h1 < badges
    assert "<h2" not in html[h1:badges] and "<p>" not in html[h1:badges]
    assert 'data-pagefind-ignore="all"' in html[badges : badges + 200]
    assert "stylesheets/verification.css" in html
    # Material's own search index skips the badges too.
    index = json.loads(
        (stale_build["site"] / "search" / "search_index.json").read_text("utf-8")
    )
    rel = stale_build["page"].relative_to(stale_build["root"] / "docs").with_suffix("")
    url = (rel.parent if rel.name == "index" else rel).as_posix() + "/"
    texts = [d["text"] for d in index["docs"] if d["location"].startswith(url)]
    assert texts and not any(STALE in t or "vb-badge" in t for t in texts)


def test_matrix_page_lists_every_module_with_its_state(stale_build):
    html = (
        stale_build["site"] / "referencia" / "verificacao" / "index.html"
    ).read_text("utf-8")
    assert vr.MATRIX_MARKER not in html and vr.LEGEND_MARKER not in html
    rows = {}
    for row in html.split("<tr>")[1:]:
        if "<code>snippets/" in row:
            name = row.split("<code>", 1)[1].split("</code>", 1)[0]
            rows[name] = row
    assert set(vr.all_snippet_modules(stale_build["root"])) <= set(rows)
    assert STALE in rows[stale_build["module"]]
    extra = rows["snippets/examples/unrecorded_example.py"]
    assert "sem registro" in extra and "nenhuma página" in extra
    assert "Test CPU" in html and "3.12.3" in html  # versions of the run


# --------------------------------------------------------------------------------------
# rendering rules, on synthetic records
# --------------------------------------------------------------------------------------

MODULE = "snippets/examples/tensor_basics.py"


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    path = tmp_path / MODULE
    path.parent.mkdir(parents=True)
    path.write_text("x = 1\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "counts",
    [
        {"passed": 4, "failed": 1},
        {"passed": 4, "error": 1},
        {"passed": 3, "failed": 1, "skipped": 2},
        {"failed": 2},
    ],
)
def test_a_failure_is_never_shown_as_a_pass(tiny_root: Path, counts: dict):
    sha = _sha(tiny_root / MODULE)
    records = {"cpu": _record({MODULE: _entry(sha, **counts)})}
    status = vr.module_status("cpu", records["cpu"], MODULE, sha)
    bad = counts.get("failed", 0) + counts.get("error", 0)
    total = sum(counts.values())
    assert status.kind == "failed" and status.css == "vb-fail"
    assert status.text == f"✗ falhou: {bad} de {total} testes"
    html = vr.render_page_badges([MODULE], records, tiny_root)
    assert "vb-fail" in html and "vb-pass" not in html
    assert "verificado" not in html.replace("não verificado", "")
    matrix = vr.render_matrix(records, tiny_root)
    assert "falhou" in matrix and "✓" not in matrix
    assert "t::test_failed_0" in matrix or "t::test_error_0" in matrix


def test_skips_are_grey_and_partial_skips_show_counts(tiny_root: Path):
    sha = _sha(tiny_root / MODULE)
    gpu = _record({MODULE: _entry(sha, skipped=3)}, runner="gpu", gpu="NVIDIA H200")
    status = vr.module_status("gpu", gpu, MODULE, sha)
    assert (status.kind, status.css, status.text) == (
        "skipped",
        "vb-skip",
        "pulado (3 testes)",
    )
    assert status.label == "GPU H200"
    mixed = _record({MODULE: _entry(sha, passed=5, skipped=3)}, "gpu", "NVIDIA H200")
    status = vr.module_status("gpu", mixed, MODULE, sha)
    assert status.text == "✓ verificado: 5 de 8 (3 pulados)"
    assert status.meta == "torch 2.11.0 · CUDA 13.0 · 2026-11-26"
    assert any("NVIDIA H200" in line for line in status.details)
    assert any("Python 3.12.3" in line for line in status.details)


def test_full_pass_on_cpu_says_verified_with_versions(tiny_root: Path):
    sha = _sha(tiny_root / MODULE)
    status = vr.module_status(
        "cpu", _record({MODULE: _entry(sha, passed=7)}), MODULE, sha
    )
    assert (status.label, status.text) == ("CPU", "✓ verificado (7 testes)")
    assert status.meta == "torch 2.14.1 · 2026-11-26"
    badge = vr.badge_html(status)
    assert 'title="CPU: ✓ verificado (7 testes)&#10;7 testes: 7 passaram' in badge


def test_missing_entry_and_missing_runner_are_reported(tiny_root: Path):
    other = "snippets/examples/other.py"
    (tiny_root / other).write_text("y = 2\n", encoding="utf-8")
    records = {"cpu": _record({other: _entry(_sha(tiny_root / other), passed=1)})}
    status = vr.module_status("cpu", records["cpu"], MODULE, _sha(tiny_root / MODULE))
    assert (status.kind, status.text) == ("missing", "sem registro")
    html = vr.render_page_badges([MODULE], records, tiny_root)
    assert "sem registro" in html and "GPU" in html
    assert "nenhuma execução registrada" in html
    matrix = vr.render_matrix(records, tiny_root)
    row = next(line for line in matrix.splitlines() if f"`{MODULE}`" in line)
    assert "sem registro" in row and "nenhuma execução registrada" in row
    # A recorded module that no longer exists is not shown as verified either.
    gone = {"cpu": _record({"snippets/gone.py": _entry("a" * 64, passed=1)})}
    row = next(
        line
        for line in vr.render_matrix(gone, tiny_root).splitlines()
        if "`snippets/gone.py`" in line
    )
    assert "módulo removido" in row and "✓" not in row


def test_changed_module_is_stale(tiny_root: Path):
    record = _record({MODULE: _entry(_sha(tiny_root / MODULE), passed=2)})
    (tiny_root / MODULE).write_text("x = 2\n", encoding="utf-8")
    status = vr.module_status("cpu", record, MODULE, _sha(tiny_root / MODULE))
    assert (status.kind, status.text) == ("stale", STALE)
    assert any("2 testes: 2 passaram" in line for line in status.details)


def test_includes_and_h1_insertion():
    md = textwrap.dedent(
        """\
        ```text
        # not a heading
        ```
        # Título { #titulo }

        ```python title="snippets/a/b.py"
        --8<-- "snippets/a/b.py:model"
        ```
        --8<-- 'snippets/a/c.py'
        --8<-- "snippets/a/b.py:train"
        --8<--
        snippets/a/d.py:10:20
        snippets/a/c.py
        --8<--
        ;--8<-- "snippets/a/escaped.py"
        Inline `--8<-- "snippets/a/inline.py"` is prose, not an include.
        --8<-- "snippets/a/output/b.txt"
        --8<-- "snippets/a/test_b.py"
        """
    )
    assert vr.find_includes(md) == [
        "snippets/a/b.py",
        "snippets/a/c.py",
        "snippets/a/d.py",
    ]
    out = vr.insert_after_h1(md, "<div>BADGES</div>").splitlines()
    assert out[out.index("# Título { #titulo }") + 2] == "<div>BADGES</div>"
    assert vr.insert_after_h1("sem título\n", "<b/>").startswith("<b/>\n")


# --------------------------------------------------------------------------------------
# schema validation
# --------------------------------------------------------------------------------------


def _valid() -> dict:
    return _record({MODULE: _entry("b" * 64, passed=1, skipped=1)})


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda r: r.pop("date"), "falta a chave obrigatória 'date'"),
        (lambda r: r.update(schema_version=99), "versão 99 desconhecida"),
        (lambda r: r.update(cuda_available="yes"), "cuda_available: deve ser true"),
        (lambda r: r["modules"][MODULE].update(sha256="xyz"), "sha256"),
        (lambda r: r["modules"][MODULE].update(passed=5), "'passed' = 5"),
        (lambda r: r["modules"][MODULE]["tests"][0].update(outcome="ok"), "outcome"),
        (lambda r: r["totals"].update(total=7), "total diferente da soma"),
        (lambda r: r.update(date="ontem"), "data ISO 8601"),
    ],
)
def test_schema_violations_name_the_problem(mutate, problem):
    record = _valid()
    mutate(record)
    with pytest.raises(vr.RecordError, match="gpu.json") as info:
        vr.validate_record(record, "verification/gpu.json")
    assert problem in str(info.value)


def test_unreadable_or_misnamed_files_are_rejected(tmp_path: Path):
    (tmp_path / "cpu.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(vr.RecordError, match=r"cpu\.json: não é um JSON válido"):
        vr.load_records(tmp_path)
    (tmp_path / "cpu.json").write_text(json.dumps(_valid()), encoding="utf-8")
    assert set(vr.load_records(tmp_path)) == {"cpu"}
    (tmp_path / "gpu.json").write_text(json.dumps(_valid()), encoding="utf-8")
    with pytest.raises(vr.RecordError, match=r"gpu\.json.*runner é 'cpu'"):
        vr.load_records(tmp_path)


def test_committed_records_are_valid():
    records = vr.load_records(ROOT / "verification")
    assert "cpu" in records, "verification/cpu.json is missing"


def test_malformed_results_file_fails_the_build(tmp_path: Path):
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("scripts", "overrides", "mkdocstrings-templates"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "snippets").mkdir()  # `watch:` needs it
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Início\n", encoding="utf-8")
    (root / "verification").mkdir()
    broken = _valid()
    del broken["modules"][MODULE]["sha256"]
    (root / "verification" / "cpu.json").write_text(json.dumps(broken), "utf-8")
    proc = build_site(tmp_path / "site", root=root)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "verification/cpu.json.modules['snippets/examples/tensor_basics.py']" in log
    assert "falta a chave obrigatória 'sha256'" in log
    assert "Traceback" not in log  # a clear message, not a crash


# --------------------------------------------------------------------------------------
# the recorder, on a tiny fake snippets tree
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
    record = vr.validate_record(json.loads(out.read_text("utf-8")), str(out))
    assert record["runner"] == "cpu" and record["require_gpu"] is False
    assert record["versions"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert record["exit_status"] == proc.returncode

    mod = record["modules"]["snippets/demo/mod.py"]
    assert mod["sha256"] == _sha(tmp_path / "snippets/demo/mod.py")
    assert set(mod["test_files"]) == {
        "snippets/demo/test_mod.py",
        "snippets/demo/test_addition.py",
    }
    counts = {k: mod[k] for k in (*vr.OUTCOMES, "total")}
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


def test_recorder_and_renderer_agree_on_the_schema():
    assert rv.SCHEMA_VERSION == vr.SCHEMA_VERSION
    assert rv.OUTCOMES == vr.OUTCOMES

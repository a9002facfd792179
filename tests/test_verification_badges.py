"""Verification badges: recorded results reach every page honestly.

- a badge says "verificado" only for an unchanged module whose tests passed: a change
  to the module turns it stale (checked on a real build of a copy of the site);
- a failure or error is never shown as a pass; a module without an entry is reported;
- the matrix page lists every module with its state.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from scripts.verification import render, schema, site
from scripts.verification.digest import file_sha256
from scripts.verification.status import module_status
from tests.support.build import build_site
from tests.support.records import MODULE, make_entry, make_record
from tests.support.repo_copy import copy_repo

STALE = "não verificado desde a última alteração"


def _page_and_module(root: Path) -> tuple[Path, str]:
    """The first page (sorted) that includes an existing snippet module."""
    for page in sorted((root / "docs").rglob("*.md")):
        for module in site.find_includes(page.read_text(encoding="utf-8")):
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


# The tests on this build share one xdist group: one worker, so the copy is built once.
@pytest.fixture(scope="module")
def stale_build(tmp_path_factory: pytest.TempPathFactory):
    """Copy the repo, record a pass for one module, change the module, build."""
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    page, module = _page_and_module(root)
    results = root / "verification"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    record = make_record({module: make_entry(file_sha256(root / module), passed=3)})
    (results / "cpu.json").write_text(json.dumps(record), encoding="utf-8")
    # A module no record knows about: the matrix must report it.
    extra = root / "snippets" / "examples" / "unrecorded_example.py"
    extra.write_text('"""Exemplo sem registro."""\n', encoding="utf-8")

    before = render.render_page_badges([module], schema.load_records(results), root)

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


@pytest.mark.xdist_group("stale-build")
def test_badge_turns_stale_when_the_module_changes(stale_build):
    before = stale_build["before"]
    assert "✓ verificado (3 testes)" in before and STALE not in before
    html = _built_page(stale_build["site"], stale_build["root"], stale_build["page"])
    start = html.index('<div class="vb"')
    block = html[start : html.index("</div>", start)]
    assert f"<code>{render.module_code(stale_build['module'])}</code>" in block
    assert STALE in block
    assert "✓ verificado" not in block
    assert 'GPU</span><span class="vb-status">nenhuma execução registrada' in block


@pytest.mark.xdist_group("stale-build")
def test_badges_sit_under_the_h1_and_are_hidden_from_search(stale_build):
    html = _built_page(stale_build["site"], stale_build["root"], stale_build["page"])
    h1, badges = html.index("<h1"), html.index('<div class="vb"')
    assert h1 < badges
    assert "<h2" not in html[h1:badges] and "<p>" not in html[h1:badges]
    assert 'data-pagefind-ignore="all"' in html[badges : badges + 200]
    assert "stylesheets/verification.css" in html
    # Material's own index is trimmed to its config (scripts/hooks/pagefind_index.py):
    # no page text, so no badge text either.
    index = json.loads(
        (stale_build["site"] / "search" / "search_index.json").read_text("utf-8")
    )
    assert not index.get("docs")


@pytest.mark.xdist_group("stale-build")
def test_matrix_page_lists_every_module_with_its_state(stale_build):
    html = (
        stale_build["site"] / "referencia" / "verificacao" / "index.html"
    ).read_text("utf-8")
    assert render.MATRIX_MARKER not in html and render.LEGEND_MARKER not in html
    rows = {}
    for row in html.split("<tr>")[1:]:
        if "<code>snippets/" in row:
            name = row.split("<code>", 1)[1].split("</code>", 1)[0]
            rows[name] = row
    assert set(site.snippet_module_paths(stale_build["root"])) <= set(rows)
    assert STALE in rows[stale_build["module"]]
    extra = rows["snippets/examples/unrecorded_example.py"]
    assert "sem registro" in extra and "nenhuma página" in extra
    assert "Test CPU" in html and "3.12.3" in html  # versions of the run


# --------------------------------------------------------------------------------------
# rendering rules, on synthetic records


# --------------------------------------------------------------------------------------


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
    sha = file_sha256(tiny_root / MODULE)
    records = {"cpu": make_record({MODULE: make_entry(sha, **counts)})}
    status = module_status("cpu", records["cpu"], MODULE, sha)
    bad = counts.get("failed", 0) + counts.get("error", 0)
    total = sum(counts.values())
    assert status.kind == "failed" and status.css == "vb-fail"
    assert status.text == f"✗ falhou: {bad} de {total} testes"
    html = render.render_page_badges([MODULE], records, tiny_root)
    assert "vb-fail" in html and "vb-pass" not in html
    assert "verificado" not in html.replace("não verificado", "")
    matrix = render.render_matrix(records, tiny_root)
    assert "falhou" in matrix and "✓" not in matrix
    assert "t::test_failed_0" in matrix or "t::test_error_0" in matrix


def test_skips_are_grey_and_partial_skips_show_counts(tiny_root: Path):
    sha = file_sha256(tiny_root / MODULE)
    gpu = make_record(
        {MODULE: make_entry(sha, skipped=3)}, runner="gpu", gpu="NVIDIA H200"
    )
    status = module_status("gpu", gpu, MODULE, sha)
    assert (status.kind, status.css, status.text) == (
        "skipped",
        "vb-skip",
        "pulado (3 testes)",
    )
    assert status.label == "GPU H200"
    mixed = make_record(
        {MODULE: make_entry(sha, passed=5, skipped=3)}, "gpu", "NVIDIA H200"
    )
    status = module_status("gpu", mixed, MODULE, sha)
    assert status.text == "✓ verificado: 5 de 8 (3 pulados)"
    assert status.meta == "torch 2.11.0 · CUDA 13.0 · 2026-11-26"
    assert any("NVIDIA H200" in line for line in status.details)
    assert any("Python 3.12.3" in line for line in status.details)


def test_full_pass_on_cpu_says_verified_with_versions(tiny_root: Path):
    sha = file_sha256(tiny_root / MODULE)
    status = module_status(
        "cpu", make_record({MODULE: make_entry(sha, passed=7)}), MODULE, sha
    )
    assert (status.label, status.text) == ("CPU", "✓ verificado (7 testes)")
    assert status.meta == "torch 2.14.1 · 2026-11-26"
    badge = render.badge_html(status)
    assert 'title="CPU: ✓ verificado (7 testes)&#10;7 testes: 7 passaram' in badge


def test_missing_entry_and_missing_runner_are_reported(tiny_root: Path):
    other = "snippets/examples/other.py"
    (tiny_root / other).write_text("y = 2\n", encoding="utf-8")
    records = {
        "cpu": make_record(
            {other: make_entry(file_sha256(tiny_root / other), passed=1)}
        )
    }
    status = module_status(
        "cpu", records["cpu"], MODULE, file_sha256(tiny_root / MODULE)
    )
    assert (status.kind, status.text) == ("missing", "sem registro")
    html = render.render_page_badges([MODULE], records, tiny_root)
    assert "sem registro" in html and "GPU" in html
    assert "nenhuma execução registrada" in html
    matrix = render.render_matrix(records, tiny_root)
    row = next(line for line in matrix.splitlines() if f"`{MODULE}`" in line)
    assert "sem registro" in row and "nenhuma execução registrada" in row
    # A recorded module that no longer exists is not shown as verified either.
    gone = {"cpu": make_record({"snippets/gone.py": make_entry("a" * 64, passed=1)})}
    row = next(
        line
        for line in render.render_matrix(gone, tiny_root).splitlines()
        if "`snippets/gone.py`" in line
    )
    assert "módulo removido" in row and "✓" not in row


def test_the_tables_keep_their_columns_whatever_a_device_is_called(tiny_root: Path):
    import markdown

    sha = file_sha256(tiny_root / MODULE)
    record = make_record({MODULE: make_entry(sha, passed=1)}, "gpu", "H100 | MIG *1g*")
    record["date"] = "sem data | *hoje*"  # unreadable: shown as written
    matrix = render.render_matrix({"gpu": record}, tiny_root)
    html = markdown.markdown(matrix, extensions=["tables", "md_in_html", "admonition"])
    tables = html.split("<table>")[1:]
    assert len(tables) == 3  # the runs, the matrix, the totals
    for table in tables:
        rows = table.split("</table>")[0].split("<tr>")[1:]
        widths = {row.count("<th") + row.count("<td") for row in rows}
        assert len(widths) == 1, table
    assert "GPU H100 | MIG *1g*" in html and "sem data | *hoje*" in html
    assert "<em>" not in html


def test_changed_module_is_stale(tiny_root: Path):
    record = make_record(
        {MODULE: make_entry(file_sha256(tiny_root / MODULE), passed=2)}
    )
    (tiny_root / MODULE).write_text("x = 2\n", encoding="utf-8")
    status = module_status("cpu", record, MODULE, file_sha256(tiny_root / MODULE))
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
    assert site.find_includes(md) == [
        "snippets/a/b.py",
        "snippets/a/c.py",
        "snippets/a/d.py",
    ]
    out = site.insert_after_h1(md, "<div>BADGES</div>").splitlines()
    assert out[out.index("# Título { #titulo }") + 2] == "<div>BADGES</div>"
    assert site.insert_after_h1("sem título\n", "<b/>").startswith("<b/>\n")

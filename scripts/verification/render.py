"""The verification shown on the site: badges under a page's H1, the matrix, the legend.

Pure functions over validated records (:mod:`scripts.verification.schema`) and the
statuses of :mod:`scripts.verification.status`; the MkDocs hook
``scripts/hooks/verification_badges.py`` calls them. The words are :mod:`.texts`',
the HTML is ``templates/`` (:mod:`.templates`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup, escape

from scripts.verification import site, texts
from scripts.verification.digest import current_sha256 as file_sha256
from scripts.verification.formatting import seconds
from scripts.verification.report import LABEL as REPORT_LABEL
from scripts.verification.runners import runner_label, runner_order
from scripts.verification.site import snippet_module_paths
from scripts.verification.status import Kind, Status, module_status
from scripts.verification.templates import markdown_text, render
from scripts.verification.versions import module_versions

MATRIX_MARKER = "<!-- verification-matrix -->"
LEGEND_MARKER = "<!-- verification-legend -->"
VERIFICATION_PAGE = "referencia/verificacao.md"


def _badge(status: Status, *, runner: bool = True, meta: bool = True) -> Markup:
    return render("badge.html", status=status, runner=runner, meta=meta)


def badge_html(status: Status, *, runner: bool = True, meta: bool = True) -> str:
    """One badge: `[runner | status · meta]`, with the details as its tooltip."""
    return str(_badge(status, runner=runner, meta=meta))


def with_versions(
    status: Status, runner: str, records: dict[str, dict], module: str, sha: str | None
) -> Status:
    """A verified badge names every torch version it was verified on, not only one.

    `CPU ✓ verificado · torch 2.6.0 – 2.14.1 · 2026-12-02`; version records that no
    longer match the module are named in the details as not verified since the
    change, and a range that rests on one of them says so.
    """
    if status.kind not in (Kind.PASSED, Kind.PARTIAL):
        return status
    found = module_versions(runner, records, module, sha)
    if not found.verified:
        return status
    meta_rest = status.meta.split(" · ", 1)[1] if " · " in status.meta else ""
    meta = " · ".join(part for part in (found.text(), meta_rest) if part)
    if found.stale:
        meta += texts.stale_versions(found.stale)
    verified = texts.VERIFIED_ON.format(versions=found.text())
    details = [verified, *found.notes(), *status.details]
    return replace(status, meta=meta, details=details)


def module_code(module: str) -> str:
    """The module's path, its folder in a span that a phone may fold away visually.

    ``snippets/examples/<span>`` … the text (what a screen reader reads) stays whole.
    """
    folder, _, name = module.rpartition("/")
    if not folder:
        return str(escape(module))
    return str(Markup('<span class="vb-dir">{}/</span>{}').format(folder, name))


def _module_row(
    module: str,
    records: dict[str, dict],
    root: Path,
    matrix_url: str | None,
    report: Callable[[str, list[tuple[str, Status]]], str | None] | None,
) -> Markup:
    sha = file_sha256(root / module)
    runners = runner_order(records)
    statuses = [
        with_versions(module_status(r, records.get(r), module, sha), r, records,
                      module, sha)
        for r in runners
    ]  # fmt: skip
    folder, _, name = module.rpartition("/")
    return render(
        "module_row.html",
        folder=folder,
        name=name,
        badges=[_badge(s) for s in statuses],
        statuses=statuses,
        # The module says so itself (MINIMUM_TORCH); older runs skip its tests.
        minimum=site.declared_minimum(root / module),
        matrix_url=matrix_url,
        issue=report(module, list(zip(runners, statuses, strict=True)))
        if report
        else None,
        report_label=REPORT_LABEL,
    )


def render_page_badges(
    modules: list[str],
    records: dict[str, dict],
    root: Path,
    matrix_url: str | None = None,
    report: Callable[[str, list[tuple[str, Status]]], str | None] | None = None,
) -> str:
    """The raw HTML block shown under a page's H1: one row per module.

    ``report(module, [(runner, status), ...])`` gives the row's "Reportar um problema
    neste exemplo" address (:mod:`.report`), or ``None`` for no link.
    """
    rows = [_module_row(m, records, root, matrix_url, report) for m in modules]
    return str(render("page_badges.html", rows=rows))


def _cell(status: Status) -> str:
    # The column already names the runner, and the runs table holds the versions.
    return badge_html(status, runner=False, meta=False).replace("|", "&#124;")


# ------------------------------------------------------------------ the matrix
# Markdown written here, not in templates/: its code spans (module paths, test ids)
# and admonition titles take their text as is, where HTML autoescaping would show
# "&lt;" and "&amp;"; each value is escaped where it lands: ``markdown_text`` for
# text (a ``|`` would end a table cell, a ``*`` start emphasis), ``escape`` for a
# path inside a code span.


def _runs_section(records: dict[str, dict], runners: list[str]) -> list[str]:
    """The recorded runs: runner, date, device, versions, result."""
    out = [texts.RUNS_HEADING, texts.RUNS_HEAD, "|---|---|---|---|---|"]
    for runner in runners:
        rec = records.get(runner)
        label = runner_label(runner, rec)
        if rec is None:
            missing = texts.RUN_MISSING.format(runner=runner)
            out.append(f"| **{markdown_text(label)}** | — | — | — | {missing} |")
            continue
        env = texts.environment_lines(rec)
        result = texts.RUN_RESULT.format(
            counts=texts.counts_text(rec["totals"]), seconds=seconds(rec["duration"])
        )
        if rec["exit_status"] != 0:
            result += texts.RUN_EXIT.format(status=rec["exit_status"])
        device = env[0].removeprefix("Dispositivo: ")
        out.append(
            f"| **{markdown_text(label)}** | {markdown_text(texts.datetime_text(rec))} "
            f"| {markdown_text(device)} | {markdown_text(env[1])} · "
            f"{texts.require_gpu_text(rec)} | {result} |"
        )
    return [*out, ""]


def _matrix_status(
    runner: str, records: dict[str, dict], module: str, sha: str | None, exists: bool
) -> Status:
    status = module_status(runner, records.get(runner), module, sha)
    if exists:
        return status
    details = [texts.REMOVED_DETAIL]
    return Status(Kind.MISSING, status.label, texts.REMOVED, details=details)


def _page_cell(shown: list[tuple[str, str]], exists: bool) -> str:
    if not exists:
        return texts.REMOVED
    if not shown:
        return texts.NO_PAGE
    return ", ".join(f"[{markdown_text(title)}]({url})" for title, url in shown)


def _matrix_section(
    records: dict[str, dict],
    runners: list[str],
    modules: list[str],
    root: Path,
    pages: dict[str, list[tuple[str, str]]],
) -> tuple[list[str], dict[str, dict[Kind, int]]]:
    """The module × runner table, and how many modules each runner has per state."""
    current = set(snippet_module_paths(root))
    labels = " | ".join(markdown_text(runner_label(r, records.get(r))) for r in runners)
    out = [texts.MATRIX_HEADING, '<div class="vb-matrix" markdown>\n']
    out += [texts.MATRIX_HEAD + labels + " |", "|---|---|" + "---|" * len(runners)]
    tally: dict[str, dict[Kind, int]] = {r: {} for r in runners}
    for module in modules:
        exists = module in current
        sha = file_sha256(root / module) if exists else None
        cells = []
        for runner in runners:
            status = _matrix_status(runner, records, module, sha, exists)
            kind = status.kind.counted_as
            tally[runner][kind] = tally[runner].get(kind, 0) + 1
            cells.append(_cell(status))
        page_cell = _page_cell(pages.get(module, []), exists)
        out.append(f"| `{module}` | {page_cell} | " + " | ".join(cells) + " |")
    return [*out, "\n</div>\n"], tally


def _totals_section(
    records: dict[str, dict], runners: list[str], tally: dict, modules: int
) -> list[str]:
    kinds = [k for k in Kind if k.counted_as is k]
    head = "| Runner | " + " | ".join(k.label for k in kinds) + " |"
    out = [texts.TOTALS_HEADING, head, "|---|" + "---|" * len(kinds)]
    for runner in runners:
        row = [str(tally[runner].get(k, 0)) for k in kinds]
        label = runner_label(runner, records.get(runner))
        out.append(f"| {markdown_text(label)} | " + " | ".join(row) + " |")
    return [*out, texts.modules_total(modules)]


def _runner_problems(rec: dict, label: str) -> list[str]:
    """One runner's failed tests and skip reasons, as two admonitions."""
    entries = list(rec["modules"].values())
    lines = []
    for test in texts.bad_tests(entries):
        msg = test.get("message") or ""
        line = f"- **{texts.outcome_verb(test['outcome'])}** `{test['id']}`"
        lines.append(line + (f": {markdown_text(msg)}" if msg else ""))
    for test in rec.get("unmapped", []) or []:
        if isinstance(test, dict) and test.get("outcome") in ("failed", "error"):
            lines.append(
                f"- **{test['outcome']}** `{test.get('id', '?')}` {texts.UNMAPPED}: "
                f"{markdown_text(str(test.get('message', '')))}"
            )
    out = []
    if lines:
        out += [texts.FAILED_ADMONITION.format(label=label)]
        out += ["    " + line for line in lines] + [""]
    skipped = texts.skip_reasons(entries)
    if skipped:
        out += [texts.SKIPPED_ADMONITION.format(label=label)]
        out += [
            texts.skipped_reason_line(markdown_text(reason), n)
            for reason, n in skipped.items()
        ] + [""]
    return out


def render_matrix(
    records: dict[str, dict],
    root: Path,
    pages: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """The Markdown of the verification page: runs, matrix, and problems.

    Args:
        records: runner -> validated record.
        root: repository root (to hash the current modules).
        pages: module -> [(page title, link relative to the verification page)].
    """
    runners = runner_order(records)
    recorded = {m for rec in records.values() for m in rec["modules"]}
    modules = sorted(set(snippet_module_paths(root)) | recorded)
    out = _runs_section(records, runners)
    matrix, tally = _matrix_section(records, runners, modules, root, pages or {})
    out += matrix
    out += _totals_section(records, runners, tally, len(modules))
    problems = []
    for runner in (r for r in runners if r in records):
        label = runner_label(runner, records[runner])
        problems += _runner_problems(records[runner], label)
    if problems:
        out += [texts.PROBLEMS_HEADING, *problems]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ the legend


def _sample_record(passed: int, failed: int, skipped: int, sha: str) -> dict:
    tests = (
        [{"id": f"t{i}", "outcome": "passed"} for i in range(passed)]
        + [{"id": f"f{i}", "outcome": "failed"} for i in range(failed)]
        + [{"id": f"s{i}", "outcome": "skipped"} for i in range(skipped)]
    )
    entry = {
        "sha256": sha,
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "error": 0,
        "total": len(tests),
        "duration": 0.0,
        "tests": tests,
    }
    return {
        "runner": "cpu",
        "date": "2026-01-01T00:00:00+00:00",
        "device": {"cpu": "x86_64", "gpu": None},
        "versions": {"python": "3.11", "torch": "2.14.1", "cuda": None},
        "cuda_available": False,
        "require_gpu": False,
        "modules": {"m.py": entry},
    }


def render_legend() -> str:
    """A Markdown table with one real badge per status and what it means."""
    sha = "0" * 64
    samples = {  # a state: the record and the current sha256 that give it
        "passed": (_sample_record(7, 0, 0, sha), sha),
        "partial": (_sample_record(7, 0, 1, sha), sha),
        "failed": (_sample_record(6, 2, 0, sha), sha),
        "skipped": (_sample_record(0, 0, 3, sha), sha),
        "stale": (_sample_record(7, 0, 0, sha), "1" * 64),
        "missing": ({**_sample_record(1, 0, 0, sha), "modules": {}}, sha),
        "none": (None, sha),
    }
    rows = []
    for kind, meaning in texts.LEGEND.items():
        record, current = samples[kind]
        status = module_status("cpu", record, "m.py", current)
        rows.append((Markup(_cell(status)), meaning))
    return str(render("legend.md", rows=rows))

"""The verification shown on the site: badges under a page's H1, the matrix, the legend.

Pure functions over validated records (:mod:`scripts.verification.schema`) and the
statuses of :mod:`scripts.verification.status`; the MkDocs hook
``scripts/hooks/verification_badges.py`` calls them. Everything rendered is pt-BR.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from scripts.verification import site
from scripts.verification.digest import current_sha256 as file_sha256
from scripts.verification.formatting import plural
from scripts.verification.formatting import seconds as seconds_text
from scripts.verification.report import LABEL as REPORT_LABEL
from scripts.verification.runners import runner_label, runner_order
from scripts.verification.site import snippet_module_paths
from scripts.verification.status import Kind, Status, module_status
from scripts.verification.texts import STALE as STALE_TEXT
from scripts.verification.texts import counts_text, datetime_text, environment_lines
from scripts.verification.versions import module_versions

MATRIX_MARKER = "<!-- verification-matrix -->"
LEGEND_MARKER = "<!-- verification-legend -->"
VERIFICATION_PAGE = "referencia/verificacao.md"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _md(text: str) -> str:
    """Text safe inside Markdown: HTML-escaped and without emphasis/link syntax."""
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", _e(text))


def badge_html(status: Status, *, runner: bool = True, meta: bool = True) -> str:
    """One badge: `[runner | status · meta]`, with the details as its tooltip."""
    lines = [f"{status.label}: {status.text}", *status.details]
    title = "&#10;".join(_e(line) for line in lines)
    runner_part = f'<span class="vb-runner">{_e(status.label)}</span>' if runner else ""
    meta_part = (
        f'<span class="vb-meta">{_e(status.meta)}</span>'
        if meta and status.meta
        else ""
    )
    return (
        f'<span class="vb-badge {status.css}" title="{title}">{runner_part}'
        f'<span class="vb-status">{_e(status.text)}</span>{meta_part}</span>'
    )


def with_versions(
    status: Status, runner: str, records: dict[str, dict], module: str, sha: str | None
) -> Status:
    """A verified badge names every torch version it was verified on, not only one.

    `CPU ✓ verificado · torch 2.6.0 – 2.14.1 · 2026-12-02`; version records that no
    longer match the module are named in the details as not verified since the
    change, and a range that rests on one of them says so.
    """
    if status.kind not in ("passed", "partial"):
        return status
    found = module_versions(runner, records, module, sha)
    if not found.verified:
        return status
    meta_rest = status.meta.split(" · ", 1)[1] if " · " in status.meta else ""
    meta = " · ".join(part for part in (found.text(), meta_rest) if part)
    if found.stale:
        stale = ", ".join(found.stale)
        meta += f" ({stale}: {STALE_TEXT})"
    details = [f"Verificado em {found.text()}.", *found.notes(), *status.details]
    return replace(status, meta=meta, details=details)


def module_code(module: str) -> str:
    """The module's path, its folder in a span that a phone may fold away visually.

    ``snippets/examples/<span>`` … the text (what a screen reader reads) stays whole.
    """
    folder, _, name = module.rpartition("/")
    if not folder:
        return _e(module)
    return f'<span class="vb-dir">{_e(folder)}/</span>{_e(name)}'


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
    rows: list[str] = []
    for module in modules:
        sha = file_sha256(root / module)
        statuses = [
            with_versions(module_status(r, records.get(r), module, sha), r, records,
                          module, sha)
            for r in runner_order(records)
        ]  # fmt: skip
        badges = " ".join(badge_html(s) for s in statuses)
        items = []
        for s in statuses:
            lines = "<br>".join(_e(line) for line in s.details)
            items.append(
                f'<li><span class="vb-badge {s.css}"><span class="vb-runner">'
                f'{_e(s.label)}</span><span class="vb-status">{_e(s.text)}</span>'
                f"</span><br>{lines}</li>"
            )
        links = []
        if matrix_url:
            links.append(
                f'<a href="{_e(matrix_url)}">Matriz de verificação de todos os '
                "exemplos</a>"
            )
        runs = list(zip(runner_order(records), statuses, strict=True))
        issue = report(module, runs) if report else None
        if issue:
            links.append(
                f'<a class="vb-report" href="{_e(issue)}" rel="noopener">'
                f"{_e(REPORT_LABEL)}</a>"
            )
        link = f'<p class="vb-links">{" · ".join(links)}</p>' if links else ""
        minimum = site.declared_minimum(root / module)
        needs = (
            f' <span class="vb-minimum">requer torch ≥ {_e(minimum)}</span>'
            if minimum
            else ""
        )  # the module says so itself (MINIMUM_TORCH); older runs skip its tests
        rows.append(
            f'<details class="vb-module"><summary><code>{module_code(module)}</code> '
            f"{badges}"
            f'{needs}</summary><ul class="vb-list">{"".join(items)}</ul>{link}'
            "</details>"
        )
    return (
        '<div class="vb" role="group" data-pagefind-ignore="all" '
        'data-search-exclude="true" '
        'aria-label="Verificação dos exemplos desta página">\n'
        + "\n".join(rows)
        + "\n</div>"
    )


def _cell(status: Status) -> str:
    # The column already names the runner, and the runs table holds the versions.
    return badge_html(status, runner=False, meta=False).replace("|", "&#124;")


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
    pages = pages or {}
    runners = runner_order(records)
    current = snippet_module_paths(root)
    recorded = {m for rec in records.values() for m in rec["modules"]}
    modules = sorted(set(current) | recorded)
    out: list[str] = []

    out.append("## Execuções registradas\n")
    out.append("| Runner | Data | Dispositivo | Versões | Resultado |")
    out.append("|---|---|---|---|---|")
    for runner in runners:
        rec = records.get(runner)
        label = runner_label(runner, rec)
        if rec is None:
            out.append(
                f"| **{label}** | — | — | — | nenhuma execução registrada "
                f"(`verification/{runner}.json` não existe) |"
            )
            continue
        env = environment_lines(rec)
        t = rec["totals"]
        result = counts_text(t) + f" em {seconds_text(rec['duration'])}"
        if rec["exit_status"] != 0:
            result += f" · pytest saiu com status {rec['exit_status']}"
        device = env[0].removeprefix("Dispositivo: ")
        out.append(
            f"| **{_e(label)}** | {datetime_text(rec)} | {_e(device)} | "
            f"{_e(env[1])} · SNIPPETS_REQUIRE_GPU={'1' if rec['require_gpu'] else '0'}"
            f" | {result} |"
        )
    out.append("")

    out.append("## Matriz: exemplo × runner\n")
    out.append('<div class="vb-matrix" markdown>\n')
    out.append(
        "| Módulo | Página | "
        + " | ".join(runner_label(r, records.get(r)) for r in runners)
        + " |"
    )
    out.append("|---|---|" + "---|" * len(runners))
    tally: dict[str, dict[str, int]] = {r: {} for r in runners}
    for module in modules:
        exists = module in current
        sha = file_sha256(root / module) if exists else None
        shown = pages.get(module, [])
        page_cell = (
            ", ".join(f"[{_md(title)}]({url})" for title, url in shown)
            if shown
            else "nenhuma página"
        )
        if not exists:
            page_cell = "módulo removido"
        cells = []
        for runner in runners:
            status = module_status(runner, records.get(runner), module, sha)
            if not exists:
                status = Status(
                    Kind.MISSING,
                    status.label,
                    "módulo removido",
                    details=["O registro cita um módulo que não existe mais."],
                )
            kind = {"partial": "passed"}.get(status.kind, status.kind)
            tally[runner][kind] = tally[runner].get(kind, 0) + 1
            cells.append(_cell(status))
        out.append(f"| `{module}` | {page_cell} | " + " | ".join(cells) + " |")
    out.append("\n</div>\n")

    out.append("## Totais por runner\n")
    names = [
        ("passed", "verificados"),
        ("failed", "com falha"),
        ("skipped", "só pulados"),
        ("stale", "alterados depois da execução"),
        ("missing", "sem registro"),
        ("empty", "sem testes executados"),
        ("none", "sem execução registrada"),
    ]
    out.append("| Runner | " + " | ".join(n for _, n in names) + " |")
    out.append("|---|" + "---|" * len(names))
    for runner in runners:
        row = [str(tally[runner].get(k, 0)) for k, _ in names]
        out.append(
            f"| {runner_label(runner, records.get(runner))} | " + " | ".join(row) + " |"
        )
    out.append(f"\n{plural(len(modules), 'módulo', 'módulos')} no total.\n")

    problems: list[str] = []
    for runner in runners:
        rec = records.get(runner)
        if rec is None:
            continue
        label = runner_label(runner, rec)
        lines = []
        for entry in rec["modules"].values():
            for test in entry["tests"]:
                if test["outcome"] in ("failed", "error"):
                    verb = "falhou" if test["outcome"] == "failed" else "erro"
                    msg = test.get("message") or ""
                    lines.append(
                        f"- **{verb}** `{test['id']}`"
                        + (f": {_md(msg)}" if msg else "")
                    )
        for test in rec.get("unmapped", []) or []:
            if isinstance(test, dict) and test.get("outcome") in ("failed", "error"):
                lines.append(
                    f"- **{test['outcome']}** `{test.get('id', '?')}` (sem módulo): "
                    f"{_md(str(test.get('message', '')))}"
                )
        skipped: dict[str, int] = {}
        for entry in rec["modules"].values():
            for test in entry["tests"]:
                if test["outcome"] == "skipped":
                    reason = test.get("reason") or "sem motivo informado"
                    skipped[reason] = skipped.get(reason, 0) + 1
        if lines:
            problems.append(f'!!! failure "{label}: testes que falharam"\n')
            problems += ["    " + line for line in lines]
            problems.append("")
        if skipped:
            problems.append(f'??? info "{label}: testes pulados"\n')
            problems += [
                f"    - {_md(reason)} ({plural(n, 'teste', 'testes')})"
                for reason, n in skipped.items()
            ]
            problems.append("")
    if problems:
        out.append("## Falhas e testes pulados\n")
        out += problems
    return "\n".join(out) + "\n"


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
    rows = [
        (
            _sample_record(7, 0, 0, sha),
            sha,
            "todos os testes do módulo passaram, e o módulo não mudou desde então",
        ),
        (
            _sample_record(7, 0, 1, sha),
            sha,
            "os testes que rodaram passaram; alguns foram pulados (em CPU, os casos "
            "`cuda`, que só rodam com GPU)",
        ),
        (
            _sample_record(6, 2, 0, sha),
            sha,
            "ao menos um teste falhou ou deu erro: nunca aparece como aprovado",
        ),
        (
            _sample_record(0, 0, 3, sha),
            sha,
            "nenhum teste rodou de fato: todos foram pulados",
        ),
        (
            _sample_record(7, 0, 0, sha),
            "1" * 64,
            "o arquivo do módulo mudou depois da execução registrada (o sha256 não "
            "confere): os testes precisam rodar de novo",
        ),
        (
            {**_sample_record(1, 0, 0, sha), "modules": {}},
            sha,
            "o runner rodou, mas não há resultado para este módulo (módulo novo ou "
            "sem testes)",
        ),
        (None, sha, "não há arquivo de resultados deste runner"),
    ]
    out = ["| Selo | Significado |", "|---|---|"]
    for record, current, meaning in rows:
        status = module_status("cpu", record, "m.py", current)
        out.append(f"| {_cell(status)} | {meaning} |")
    return "\n".join(out) + "\n"

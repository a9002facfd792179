"""The pt-BR wording of everything rendered from a record: badges, legend, totals.

One catalog: to change what a badge, the verification matrix, a download badge, a
version note or a benchmark's "stale" mark says, change it here. The markup around
these words lives in ``templates/`` (:mod:`.templates`); numbers and dates are
written by :mod:`.formatting`.
"""

from __future__ import annotations

from scripts.verification.environment import public_version
from scripts.verification.formatting import plural, seconds, utc_minutes
from scripts.verification.schema import is_int, parse_date

# ------------------------------------------------------------------ stale

#: What everything rendered from a record says once its file changed since the run.
STALE = "não verificado desde a última alteração"
#: The same, of a recorded error message ("a mensagem … não verificada").
STALE_MESSAGE = "não verificada desde a última alteração"
#: The note under an error message whose example changed since it was recorded.
STALE_MESSAGE_NOTE = f"{STALE_MESSAGE.capitalize()} do exemplo."

# ------------------------------------------------------------------ module badges

NO_RUN = "nenhuma execução registrada"
NO_RUN_DETAIL = "Não há verification/{runner}.json: nenhuma execução registrada."
MISSING = "sem registro"
MISSING_DETAIL = "A execução de {date} não tem resultados para {module}."
LAST_RECORD = "Último registro: {counts}"
CHANGED_DETAIL = (
    "O módulo mudou depois da última execução registrada (sha256 diferente)."
)
EMPTY = "nenhum teste executado"
VERIFIED_ON = "Verificado em {versions}."
REMOVED = "módulo removido"
REMOVED_DETAIL = "O registro cita um módulo que não existe mais."
NO_REASON = "sem motivo informado"


def failed_text(bad: int, total: int) -> str:
    return f"✗ falhou: {bad} de {plural(total, 'teste', 'testes')}"


def skipped_text(skipped: int) -> str:
    return f"pulado ({plural(skipped, 'teste', 'testes')})"


def partial_text(passed: int, total: int, skipped: int) -> str:
    return f"✓ verificado: {passed} de {total} ({plural(skipped, 'pulado', 'pulados')})"


def passed_text(total: int) -> str:
    return f"✓ verificado ({plural(total, 'teste', 'testes')})"


# ------------------------------------------------------------------ a record's lines


def datetime_text(record: dict) -> str:
    """``2026-12-02 05:56 UTC``, or the recorded date as written when unreadable."""
    when = parse_date(record["date"])
    return record["date"] if when is None else utc_minutes(when)


def date_text(record: dict) -> str:
    """``2026-12-02``."""
    return datetime_text(record)[:10]


def meta_text(record: dict) -> str:
    """``torch 2.14.1 · CUDA 13.0 · 2026-12-02``: the versions and date of a run."""
    parts = [f"torch {public_version(record['versions'].get('torch'))}"]
    if record["cuda_available"] and record["versions"].get("cuda"):
        parts.append(f"CUDA {record['versions']['cuda']}")
    parts.append(date_text(record))
    return " · ".join(parts)


def _device(record: dict) -> str:
    d = record["device"]
    if not record["cuda_available"]:
        return f"CPU {d.get('cpu') or '?'} (sem CUDA disponível)"
    gpu = d.get("gpu") or "GPU"
    count = d.get("gpu_count") or 1
    device = f"{gpu}" + (f" (×{count})" if is_int(count) and count > 1 else "")
    return device + f" + CPU {d.get('cpu') or '?'}"


def environment_lines(record: dict) -> list[str]:
    """Device and versions of a run."""
    v = record["versions"]
    cuda_on = record["cuda_available"]
    cuda = f"CUDA {v['cuda']}" if cuda_on and v.get("cuda") else "sem CUDA"
    cudnn = f" · cuDNN {v['cudnn']}" if cuda_on and v.get("cudnn") else ""
    recorded = f"Registrado em {datetime_text(record)}"
    if "require_gpu" in record:  # test records; the downloads' runs have no such flag
        recorded += f" · {require_gpu_text(record)}"
    return [
        f"Dispositivo: {_device(record)}",
        f"Python {v['python']} · torch {v.get('torch') or '?'} · "
        f"torchvision {v.get('torchvision') or '?'} · {cuda}{cudnn}",
        recorded,
    ]


def require_gpu_text(record: dict) -> str:
    return f"SNIPPETS_REQUIRE_GPU={'1' if record['require_gpu'] else '0'}"


def counts_text(entry: dict) -> str:
    """``7 testes: 6 passaram, 1 pulado``."""
    parts = [f"{entry['passed']} passaram"]
    if entry["failed"]:
        parts.append(f"{entry['failed']} falharam")
    if entry["error"]:
        parts.append(plural(entry["error"], "erro", "erros"))
    if entry["skipped"]:
        parts.append(plural(entry["skipped"], "pulado", "pulados"))
    return f"{plural(entry['total'], 'teste', 'testes')}: " + ", ".join(parts)


def counts_and_time(entry: dict) -> str:
    return f"{counts_text(entry)} · {seconds(entry['duration'])}"


def outcome_verb(outcome: str) -> str:
    """``falhou`` for a failed test, ``erro`` for an error."""
    return "falhou" if outcome == "failed" else "erro"


def bad_tests(entries: list[dict]) -> list[dict]:
    """The failed and errored tests of module entries, in order."""
    return [
        t for e in entries for t in e["tests"] if t["outcome"] in ("failed", "error")
    ]


def skip_reasons(entries: list[dict]) -> dict[str, int]:
    """Why tests were skipped: reason -> how many, in the order first seen."""
    reasons: dict[str, int] = {}
    for test in (t for e in entries for t in e["tests"]):
        if test["outcome"] == "skipped":
            reason = test.get("reason") or NO_REASON
            reasons[reason] = reasons.get(reason, 0) + 1
    return reasons


def test_lines(entry: dict, limit: int = 8) -> list[str]:
    """A badge's lines about failed and skipped tests."""
    lines: list[str] = []
    bad = bad_tests([entry])
    for test in bad[:limit]:
        msg = test.get("message") or ""
        line = f"{outcome_verb(test['outcome'])}: {test['id']}"
        lines.append(line + (f" — {msg}" if msg else ""))
    if len(bad) > limit:
        lines.append(f"… e mais {len(bad) - limit}")
    for reason, n in skip_reasons([entry]).items():
        lines.append(f"pulado ({n}×): {reason}")
    return lines


# ------------------------------------------------------------------ page badges

BADGES_LABEL = "Verificação dos exemplos desta página"
MATRIX_LINK = "Matriz de verificação de todos os exemplos"
REQUIRES_TORCH = "requer torch ≥ {minimum}"

# ------------------------------------------------------------------ the matrix

RUNS_HEADING = "## Execuções registradas\n"
RUNS_HEAD = "| Runner | Data | Dispositivo | Versões | Resultado |"
RUN_MISSING = "nenhuma execução registrada (`verification/{runner}.json` não existe)"
RUN_RESULT = "{counts} em {seconds}"
RUN_EXIT = " · pytest saiu com status {status}"
MATRIX_HEADING = "## Matriz: exemplo × runner\n"
MATRIX_HEAD = "| Módulo | Página | "
NO_PAGE = "nenhuma página"
TOTALS_HEADING = "## Totais por runner\n"
#: The totals' columns: a status kind and its heading (a partial pass is counted
#: with the passes).
TOTALS = {
    "passed": "verificados",
    "failed": "com falha",
    "skipped": "só pulados",
    "stale": "alterados depois da execução",
    "missing": "sem registro",
    "empty": "sem testes executados",
    "none": "sem execução registrada",
}


def modules_total(n: int) -> str:
    return f"\n{plural(n, 'módulo', 'módulos')} no total.\n"


PROBLEMS_HEADING = "## Falhas e testes pulados\n"
FAILED_ADMONITION = '!!! failure "{label}: testes que falharam"\n'
SKIPPED_ADMONITION = '??? info "{label}: testes pulados"\n'
UNMAPPED = "(sem módulo)"


def skipped_reason_line(reason_md: str, n: int) -> str:
    return f"    - {reason_md} ({plural(n, 'teste', 'testes')})"


# ------------------------------------------------------------------ the legend

LEGEND_HEAD = "| Selo | Significado |"
#: One row per badge state: what it means.
LEGEND = {
    "passed": "todos os testes do módulo passaram, e o módulo não mudou desde então",
    "partial": "os testes que rodaram passaram; alguns foram pulados (em CPU, os "
    "casos `cuda`, que só rodam com GPU)",
    "failed": "ao menos um teste falhou ou deu erro: nunca aparece como aprovado",
    "skipped": "nenhum teste rodou de fato: todos foram pulados",
    "stale": "o arquivo do módulo mudou depois da execução registrada (o sha256 não "
    "confere): os testes precisam rodar de novo",
    "missing": "o runner rodou, mas não há resultado para este módulo (módulo novo "
    "ou sem testes)",
    "none": "não há arquivo de resultados deste runner",
}

# ------------------------------------------------------------------ versions


def versions_text(low: str, high: str) -> str:
    """``torch 2.6.0 – 2.14.1``, or ``torch 2.14.1``."""
    return f"torch {low}" if low == high else f"torch {low} – {high}"


def version_stale(version: str) -> str:
    return f"torch {version}: {STALE}"


def version_failed(version: str) -> str:
    return f"torch {version}: falhou"


def stale_versions(versions: list[str]) -> str:
    """`` (2.6.0: não verificado desde a última alteração)`` after a badge's meta."""
    return f" ({', '.join(versions)}: {STALE})"


# ------------------------------------------------------------------ downloads

#: The link to a page's Markdown version, next to the downloads.
MARKDOWN_VERSION = "Ver em Markdown"
MARKDOWN_VERSION_TITLE = "O texto desta página em Markdown, com o código testado"

#: The downloads under a page's title: the group's name, its buttons, the runs.
DOWNLOADS_NAV = "Baixar o exemplo"
DOWNLOAD_NOTEBOOK = "Baixar notebook (.ipynb)"
DOWNLOAD_NOTEBOOK_TITLE = "O texto e o código desta página num notebook Jupyter"
DOWNLOAD_SCRIPT = "Baixar código (.py)"
DOWNLOAD_SCRIPT_NAMED = "Baixar {name}"
DOWNLOAD_SCRIPT_TITLE = "{module}: rode com python {name}"
OPEN_IN_COLAB = "Abrir no Colab"
DOWNLOAD_RUNS = "Execução dos downloads:"
DOWNLOAD_RUNS_GROUP = "Execução dos downloads desta página"

DOWNLOADS_NO_RUN_DETAIL = (
    "Não há verification/{file}: nenhuma execução dos downloads registrada em {label}."
)
DOWNLOAD_CHANGED = "{path}: mudou depois da execução (sha256 diferente)"
DOWNLOAD_MISSING = "{path}: sem registro nesta execução"


def download_line(path: str, entry: dict) -> str:
    """``downloads/x.ipynb: rodou em 12,40 s`` (and the problem's first line)."""
    failed = entry["outcome"] == "failed"
    line = f"{path}: {'falhou' if failed else 'rodou'} em {seconds(entry['seconds'])}"
    if failed:
        line += f" — {entry['problem'].splitlines()[0]}"
    return line


def downloads_failed(failed: int, files: int) -> str:
    return f"✗ falhou: {failed} de {plural(files, 'arquivo', 'arquivos')}"


def downloads_passed(paths: list[str]) -> str:
    """``✓ notebook e .py executados``, ``✓ notebook executado``."""
    scripts = sum(1 for p in paths if p.endswith(".py"))
    notebooks = len(paths) - scripts
    parts = []
    if notebooks:
        parts.append("notebook" if notebooks == 1 else f"{notebooks} notebooks")
    if scripts:
        parts.append(".py" if scripts == 1 else f"{scripts} .py")
    return f"✓ {' e '.join(parts)} executado" + ("s" if len(paths) > 1 else "")


# ------------------------------------------------------------------ benchmarks

BENCH_STALE_TITLE = "O módulo mudou depois desta medição (sha256 diferente)."
BENCH_STALE_NOTE = "Barras marcadas com * vêm de um módulo que mudou depois da medição."
#: A case that cannot run on the runner: in a chart, where its bar would be.
BENCH_NOT_APPLICABLE = "não se aplica"
BENCH_NOT_APPLICABLE_WHY = "não se aplica ({reason})"
#: A bar whose module changed after the measurement ends with this mark.
BENCH_STALE_MARK = "*"
#: A chart's text alternative, after a bar's value: its ratio to its base.
BENCH_GAIN = ", ganho sobre {base} {ratio}"
BENCH_STEP_TIME = ", tempo do passo {ratio} o de {base}"

"""What a badge says about one snippet module on one runner, in pt-BR.

:func:`module_status` decides it from a validated record (see
:mod:`scripts.verification.schema`) and the module's current sha256: verified,
partly skipped, failed, only skipped, no tests, stale (changed since the run),
missing (no entry) or none (no record for the runner). The small text helpers
(labels, counts, environment lines) are shared with :mod:`scripts.verification.render`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from scripts.verification.schema import VERSION_RECORD_RE, is_int, parse_date

KNOWN_RUNNERS = ("cpu", "gpu")  # always shown, even without a record
#: What everything rendered from a record says once its file changed since the run.
STALE_TEXT = "não verificado desde a última alteração"


def runner_order(records: dict[str, dict]) -> list[str]:
    """The known runners first, then any other recorded runner, sorted.

    Version records (`cpu-torch-2.6.0`) are not runners of their own: they widen the
    range of versions shown on their runner's badge (:mod:`.versions`).
    """
    extra = sorted(
        r for r in records if r not in KNOWN_RUNNERS and not VERSION_RECORD_RE.match(r)
    )
    return [*KNOWN_RUNNERS, *extra]


@dataclass
class Status:
    """What a badge says about one module on one runner."""

    kind: str  # passed | partial | failed | skipped | empty | stale | missing | none
    label: str  # runner label, e.g. "CPU", "GPU H200"
    text: str  # status text, pt-BR
    meta: str = ""  # versions and date, only for real results
    details: list[str] = field(default_factory=list)  # tooltip and <details> lines

    @property
    def css(self) -> str:
        return {
            "passed": "vb-pass",
            "partial": "vb-pass",
            "failed": "vb-fail",
            "skipped": "vb-skip",
            "empty": "vb-skip",
            "stale": "vb-stale",
            "missing": "vb-missing",
            "none": "vb-missing",
        }[self.kind]


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _short_version(version: str | None) -> str:
    return (version or "?").split("+", 1)[0]


def datetime_text(record: dict) -> str:
    when = parse_date(record["date"])
    if when is None:
        return record["date"]
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _date(record: dict) -> str:
    return datetime_text(record)[:10]


def seconds_text(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " s"


def _short_gpu(name: str) -> str:
    return name.removeprefix("NVIDIA ").strip()


def runner_label(runner: str, record: dict | None) -> str:
    base = runner.upper() if len(runner) <= 4 else runner
    if record and record["cuda_available"] and record["device"].get("gpu"):
        return f"{base} {_short_gpu(record['device']['gpu'])}"
    return base


def meta_text(record: dict) -> str:
    """``torch 2.14.1 · CUDA 13.0 · 2026-12-02``: the versions and date of a run."""
    parts = [f"torch {_short_version(record['versions'].get('torch'))}"]
    if record["cuda_available"] and record["versions"].get("cuda"):
        parts.append(f"CUDA {record['versions']['cuda']}")
    parts.append(_date(record))
    return " · ".join(parts)


def environment_lines(record: dict) -> list[str]:
    """Device and versions of a run, pt-BR."""
    v, d = record["versions"], record["device"]
    if record["cuda_available"]:
        gpu = d.get("gpu") or "GPU"
        count = d.get("gpu_count") or 1
        device = f"{gpu}" + (f" (×{count})" if is_int(count) and count > 1 else "")
        device += f" + CPU {d.get('cpu') or '?'}"
    else:
        device = f"CPU {d.get('cpu') or '?'} (sem CUDA disponível)"
    cuda = (
        f"CUDA {v['cuda']}"
        if record["cuda_available"] and v.get("cuda")
        else "sem CUDA"
    )
    cudnn = (
        f" · cuDNN {v['cudnn']}" if record["cuda_available"] and v.get("cudnn") else ""
    )
    recorded = f"Registrado em {datetime_text(record)}"
    if "require_gpu" in record:  # test records; the downloads' runs have no such flag
        recorded += f" · SNIPPETS_REQUIRE_GPU={'1' if record['require_gpu'] else '0'}"
    return [
        f"Dispositivo: {device}",
        f"Python {v['python']} · torch {v.get('torch') or '?'} · "
        f"torchvision {v.get('torchvision') or '?'} · {cuda}{cudnn}",
        recorded,
    ]


def counts_text(entry: dict) -> str:
    parts = [f"{entry['passed']} passaram"]
    if entry["failed"]:
        parts.append(f"{entry['failed']} falharam")
    if entry["error"]:
        parts.append(plural(entry["error"], "erro", "erros"))
    if entry["skipped"]:
        parts.append(plural(entry["skipped"], "pulado", "pulados"))
    return f"{plural(entry['total'], 'teste', 'testes')}: " + ", ".join(parts)


def _test_lines(entry: dict, limit: int = 8) -> list[str]:
    lines: list[str] = []
    bad = [t for t in entry["tests"] if t["outcome"] in ("failed", "error")]
    for test in bad[:limit]:
        verb = "falhou" if test["outcome"] == "failed" else "erro"
        msg = test.get("message") or ""
        lines.append(f"{verb}: {test['id']}" + (f" — {msg}" if msg else ""))
    if len(bad) > limit:
        lines.append(f"… e mais {len(bad) - limit}")
    reasons: dict[str, int] = {}
    for test in entry["tests"]:
        if test["outcome"] == "skipped":
            reason = test.get("reason") or "sem motivo informado"
            reasons[reason] = reasons.get(reason, 0) + 1
    for reason, n in reasons.items():
        lines.append(f"pulado ({n}×): {reason}")
    return lines


def module_status(
    runner: str, record: dict | None, module: str, current_sha: str | None
) -> Status:
    """Decide what the badge of `module` on `runner` says.

    A module counts as verified only when its recorded sha256 equals `current_sha`
    (the file as it is now) and every test passed or was skipped with at least one
    pass. Any failure or error is red, whatever else passed.
    """
    label = runner_label(runner, record)
    if record is None:
        return Status(
            "none",
            label,
            "nenhuma execução registrada",
            details=[
                f"Não há verification/{runner}.json: nenhuma execução registrada."
            ],
        )
    env = environment_lines(record)
    entry = record["modules"].get(module)
    if entry is None:
        return Status(
            "missing",
            label,
            "sem registro",
            details=[
                f"A execução de {_date(record)} não tem resultados para {module}.",
                *env,
            ],
        )
    summary = (
        f"Último registro: {counts_text(entry)} · {seconds_text(entry['duration'])}"
    )
    if current_sha is None or entry["sha256"] != current_sha:
        return Status(
            "stale",
            label,
            STALE_TEXT,
            details=[
                "O módulo mudou depois da última execução registrada "
                "(sha256 diferente).",
                summary,
                *env,
            ],
        )
    bad = entry["failed"] + entry["error"]
    details = [
        f"{counts_text(entry)} · {seconds_text(entry['duration'])}",
        *env,
        *_test_lines(entry),
    ]
    meta = meta_text(record)
    if bad:
        text = f"✗ falhou: {bad} de {plural(entry['total'], 'teste', 'testes')}"
        return Status("failed", label, text, meta, details)
    if entry["total"] == 0:
        return Status("empty", label, "nenhum teste executado", meta, details)
    if entry["passed"] == 0:
        text = f"pulado ({plural(entry['skipped'], 'teste', 'testes')})"
        return Status("skipped", label, text, meta, details)
    if entry["skipped"]:
        text = (
            f"✓ verificado: {entry['passed']} de {entry['total']} "
            f"({plural(entry['skipped'], 'pulado', 'pulados')})"
        )
        return Status("partial", label, text, meta, details)
    text = f"✓ verificado ({plural(entry['total'], 'teste', 'testes')})"
    return Status("passed", label, text, meta, details)

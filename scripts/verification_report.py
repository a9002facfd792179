"""Validate the recorded verification results and render them for the site.

`verification/<runner>.json` files are written by `scripts/record_verification.py`.
This module checks them against the schema (a malformed file must fail the build),
decides the status of each snippet module per runner (verified, failed, skipped,
stale, missing) and renders the badges and the verification matrix. Everything shown
on the site is pt-BR. It is pure functions over plain data, so tests call it directly;
`scripts/hooks/verification_badges.py` wires it into MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1
OUTCOMES = ("passed", "failed", "skipped", "error")
KNOWN_RUNNERS = ("cpu", "gpu")  # always shown, even without a record
MATRIX_MARKER = "<!-- verification-matrix -->"
LEGEND_MARKER = "<!-- verification-legend -->"
VERIFICATION_PAGE = "referencia/verificacao.md"

# What pymdownx.snippets includes: a line that is only `--8<-- "file"` (or 'file'),
# where file may carry `:section` or `:10:20`; or, in the block form, the lines between
# two bare `--8<--` lines. A leading `;` escapes (the text is shown, not included).
INCLUDE_LINE_RE = re.compile(
    r"""^[ \t]*(?P<escape>;*)--8<--[ \t]+(["'])"""
    r"""(?P<path>[^"']+?)(?::[^"':]*)*\2[ \t]*$"""
)
BLOCK_MARKER_RE = re.compile(r"^[ \t]*(?P<escape>;*)--8<--[ \t]*$")
MODULE_PATH_RE = re.compile(r"^snippets/[\w./-]+\.py$")
RUNNER_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class RecordError(ValueError):
    """A verification results file does not follow the schema."""


# --------------------------------------------------------------------------------------
# schema
# --------------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expect(cond: bool, where: str, problem: str) -> None:
    if not cond:
        raise RecordError(f"{where}: {problem}")


def _check_keys(obj: object, where: str, spec: dict[str, tuple]) -> None:
    """`spec` maps key -> (predicate, description) for required keys."""
    _expect(isinstance(obj, dict), where, "deve ser um objeto JSON")
    assert isinstance(obj, dict)
    for key, (pred, desc) in spec.items():
        _expect(key in obj, where, f"falta a chave obrigatória '{key}'")
        _expect(pred(obj[key]), f"{where}.{key}", f"deve ser {desc}, veio {obj[key]!r}")


def _str(v: object) -> bool:
    return isinstance(v, str)


def _opt_str(v: object) -> bool:
    return v is None or isinstance(v, str)


def _nonneg_int(v: object) -> bool:
    return _is_int(v) and v >= 0  # type: ignore[operator]


def _nonneg_number(v: object) -> bool:
    return _is_number(v) and v >= 0  # type: ignore[operator]


def _iso_date(v: object) -> bool:
    if not isinstance(v, str):
        return False
    try:
        parsed = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


def validate_record(data: object, source: str = "<registro>") -> dict:
    """Check a results record against the schema and return it.

    Args:
        data: the parsed JSON.
        source: name used in error messages (the file path).

    Returns:
        The same record, known to be well formed.

    Raises:
        RecordError: naming `source` and the first problem found.
    """
    _check_keys(
        data,
        source,
        {
            "schema_version": (_is_int, "um inteiro"),
            "runner": (
                lambda v: isinstance(v, str) and bool(RUNNER_RE.match(v)),
                "um nome de runner (a-z, 0-9, -)",
            ),
            "date": (_iso_date, "uma data ISO 8601 com fuso (UTC)"),
            "device": (lambda v: isinstance(v, dict), "um objeto"),
            "versions": (lambda v: isinstance(v, dict), "um objeto"),
            "cuda_available": (lambda v: isinstance(v, bool), "true ou false"),
            "require_gpu": (lambda v: isinstance(v, bool), "true ou false"),
            "exit_status": (_is_int, "um inteiro"),
            "duration": (_nonneg_number, "um número >= 0"),
            "totals": (lambda v: isinstance(v, dict), "um objeto"),
            "modules": (lambda v: isinstance(v, dict), "um objeto"),
        },
    )
    assert isinstance(data, dict)
    _expect(
        data["schema_version"] == SCHEMA_VERSION,
        f"{source}.schema_version",
        f"versão {data['schema_version']} desconhecida (esperada {SCHEMA_VERSION})",
    )
    _check_keys(
        data["device"],
        f"{source}.device",
        {"cpu": (_opt_str, "texto ou null"), "gpu": (_opt_str, "texto ou null")},
    )
    _check_keys(
        data["versions"],
        f"{source}.versions",
        {
            "python": (_str, "texto"),
            "torch": (_opt_str, "texto ou null"),
            "torchvision": (_opt_str, "texto ou null"),
            "cuda": (_opt_str, "texto ou null"),
            "cudnn": (
                lambda v: v is None or _is_int(v) or isinstance(v, str),
                "inteiro, texto ou null",
            ),
        },
    )
    counts = {k: (_nonneg_int, "um inteiro >= 0") for k in (*OUTCOMES, "total")}
    _check_keys(data["totals"], f"{source}.totals", counts)
    totals = data["totals"]
    _expect(
        totals["total"] == sum(totals[k] for k in OUTCOMES),
        f"{source}.totals",
        "total diferente da soma de passed + failed + skipped + error",
    )
    for name, mod in data["modules"].items():
        where = f"{source}.modules[{name!r}]"
        _expect(
            isinstance(name, str) and name.endswith(".py"),
            where,
            "a chave deve ser o caminho do módulo (.py)",
        )
        _check_keys(
            mod,
            where,
            {
                "sha256": (
                    lambda v: isinstance(v, str) and bool(SHA_RE.match(v)),
                    "um sha256 em hexadecimal (64 caracteres)",
                ),
                **counts,
                "duration": (_nonneg_number, "um número >= 0"),
                "tests": (lambda v: isinstance(v, list), "uma lista"),
            },
        )
        seen = dict.fromkeys(OUTCOMES, 0)
        for i, test in enumerate(mod["tests"]):
            _check_keys(
                test,
                f"{where}.tests[{i}]",
                {
                    "id": (_str, "texto"),
                    "outcome": (
                        lambda v: v in OUTCOMES,
                        f"um de {', '.join(OUTCOMES)}",
                    ),
                },
            )
            seen[test["outcome"]] += 1
        for key in OUTCOMES:
            _expect(
                mod[key] == seen[key],
                where,
                f"'{key}' = {mod[key]}, mas a lista de testes tem {seen[key]}",
            )
        _expect(
            mod["total"] == len(mod["tests"]),
            where,
            f"'total' = {mod['total']}, mas a lista tem {len(mod['tests'])} testes",
        )
    return data


def load_records(directory: Path, base: Path | None = None) -> dict[str, dict]:
    """Read and validate every `*.json` in `directory`, keyed by runner.

    File names in messages are relative to `base` when given (the repository root).

    Raises:
        RecordError: for unreadable JSON, a schema violation, or a file whose name
            is not `<runner>.json`; the message names the file.
    """
    records: dict[str, dict] = {}
    if not directory.is_dir():
        return records
    for path in sorted(directory.glob("*.json")):
        source = path.as_posix()
        if base is not None and path.is_relative_to(base):
            source = path.relative_to(base).as_posix()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RecordError(f"{source}: não é um JSON válido ({exc})") from exc
        validate_record(data, source)
        _expect(
            data["runner"] == path.stem,
            source,
            f"o runner é '{data['runner']}', mas o arquivo se chama {path.name} "
            f"(esperado {data['runner']}.json)",
        )
        records[data["runner"]] = data
    return records


def runner_order(records: dict[str, dict]) -> list[str]:
    extra = sorted(r for r in records if r not in KNOWN_RUNNERS)
    return [*KNOWN_RUNNERS, *extra]


# --------------------------------------------------------------------------------------
# status of one module on one runner
# --------------------------------------------------------------------------------------


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


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _short_version(version: str | None) -> str:
    return (version or "?").split("+", 1)[0]


def _datetime_text(record: dict) -> str:
    try:
        when = dt.datetime.fromisoformat(record["date"].replace("Z", "+00:00"))
    except ValueError:
        return record["date"]
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _date(record: dict) -> str:
    return _datetime_text(record)[:10]


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " s"


def _short_gpu(name: str) -> str:
    return name.removeprefix("NVIDIA ").strip()


def runner_label(runner: str, record: dict | None) -> str:
    base = runner.upper() if len(runner) <= 4 else runner
    if record and record["cuda_available"] and record["device"].get("gpu"):
        return f"{base} {_short_gpu(record['device']['gpu'])}"
    return base


def _meta(record: dict) -> str:
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
        device = f"{gpu}" + (f" (×{count})" if _is_int(count) and count > 1 else "")
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
    return [
        f"Dispositivo: {device}",
        f"Python {v['python']} · torch {v.get('torch') or '?'} · "
        f"torchvision {v.get('torchvision') or '?'} · {cuda}{cudnn}",
        f"Registrado em {_datetime_text(record)} · SNIPPETS_REQUIRE_GPU="
        f"{'1' if record['require_gpu'] else '0'}",
    ]


def counts_text(entry: dict) -> str:
    parts = [f"{entry['passed']} passaram"]
    if entry["failed"]:
        parts.append(f"{entry['failed']} falharam")
    if entry["error"]:
        parts.append(_plural(entry["error"], "erro", "erros"))
    if entry["skipped"]:
        parts.append(_plural(entry["skipped"], "pulado", "pulados"))
    return f"{_plural(entry['total'], 'teste', 'testes')}: " + ", ".join(parts)


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
    summary = f"Último registro: {counts_text(entry)} · {_seconds(entry['duration'])}"
    if current_sha is None or entry["sha256"] != current_sha:
        return Status(
            "stale",
            label,
            "não verificado desde a última alteração",
            details=[
                "O módulo mudou depois da última execução registrada "
                "(sha256 diferente).",
                summary,
                *env,
            ],
        )
    bad = entry["failed"] + entry["error"]
    details = [
        f"{counts_text(entry)} · {_seconds(entry['duration'])}",
        *env,
        *_test_lines(entry),
    ]
    meta = _meta(record)
    if bad:
        text = f"✗ falhou: {bad} de {_plural(entry['total'], 'teste', 'testes')}"
        return Status("failed", label, text, meta, details)
    if entry["total"] == 0:
        return Status("empty", label, "nenhum teste executado", meta, details)
    if entry["passed"] == 0:
        text = f"pulado ({_plural(entry['skipped'], 'teste', 'testes')})"
        return Status("skipped", label, text, meta, details)
    if entry["skipped"]:
        text = (
            f"✓ verificado: {entry['passed']} de {entry['total']} "
            f"({_plural(entry['skipped'], 'pulado', 'pulados')})"
        )
        return Status("partial", label, text, meta, details)
    text = f"✓ verificado ({_plural(entry['total'], 'teste', 'testes')})"
    return Status("passed", label, text, meta, details)


# --------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------


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


def find_includes(markdown: str) -> list[str]:
    """Snippet modules a page includes with `--8<--`, in order, without repeats.

    Tests, conftest and package markers are not modules shown to readers.
    """
    paths: list[str] = []
    in_block = False
    for line in markdown.splitlines():
        marker = BLOCK_MARKER_RE.match(line)
        if marker:
            if not marker.group("escape"):
                in_block = not in_block
            continue
        if in_block:
            spec = line.strip()
            if spec and not spec.startswith(";"):
                paths.append(re.split(r":(?=[-\w])", spec, maxsplit=1)[0])
            continue
        m = INCLUDE_LINE_RE.match(line)
        if m and not m.group("escape"):
            paths.append(m.group("path"))
    found: list[str] = []
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if not MODULE_PATH_RE.match(path) or name.startswith("test_"):
            continue
        if name in ("conftest.py", "__init__.py") or path in found:
            continue
        found.append(path)
    return found


def render_page_badges(
    modules: list[str],
    records: dict[str, dict],
    root: Path,
    matrix_url: str | None = None,
) -> str:
    """The raw HTML block shown under a page's H1: one row per module."""
    rows: list[str] = []
    for module in modules:
        sha = file_sha256(root / module)
        statuses = [
            module_status(r, records.get(r), module, sha) for r in runner_order(records)
        ]
        badges = " ".join(badge_html(s) for s in statuses)
        items = []
        for s in statuses:
            lines = "<br>".join(_e(line) for line in s.details)
            items.append(
                f'<li><span class="vb-badge {s.css}"><span class="vb-runner">'
                f'{_e(s.label)}</span><span class="vb-status">{_e(s.text)}</span>'
                f"</span><br>{lines}</li>"
            )
        link = (
            f'<p><a href="{_e(matrix_url)}">Matriz de verificação de todos os '
            f"exemplos</a></p>"
            if matrix_url
            else ""
        )
        rows.append(
            f'<details class="vb-module"><summary><code>{_e(module)}</code> {badges}'
            f'</summary><ul class="vb-list">{"".join(items)}</ul>{link}</details>'
        )
    return (
        '<div class="vb" data-pagefind-ignore="all" data-search-exclude="true" '
        'aria-label="Verificação dos exemplos desta página">\n'
        + "\n".join(rows)
        + "\n</div>"
    )


_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def insert_after_h1(markdown: str, block: str) -> str:
    """Insert `block` after the first `# ` heading outside code fences (else on top)."""
    lines = markdown.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None and re.match(r"^#[ \t]+\S", line):
            return "\n".join([*lines[: i + 1], "", block, "", *lines[i + 1 :]])
    return f"{block}\n\n{markdown}"


def all_snippet_modules(root: Path, snippets: str = "snippets") -> list[str]:
    base = root / snippets
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.rglob("*.py")):
        name = path.name
        if (
            name.startswith("test_")
            or name in ("conftest.py", "__init__.py")
            or "__pycache__" in path.parts
        ):
            continue
        out.append(path.relative_to(root).as_posix())
    return out


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
    current = all_snippet_modules(root)
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
        result = counts_text(t) + f" em {_seconds(rec['duration'])}"
        if rec["exit_status"] != 0:
            result += f" · pytest saiu com status {rec['exit_status']}"
        device = env[0].removeprefix("Dispositivo: ")
        out.append(
            f"| **{_e(label)}** | {_datetime_text(rec)} | {_e(device)} | "
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
                    "missing",
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
    out.append(f"\n{_plural(len(modules), 'módulo', 'módulos')} no total.\n")

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
                f"    - {_md(reason)} ({_plural(n, 'teste', 'testes')})"
                for reason, n in skipped.items()
            ]
            problems.append("")
    if problems:
        out.append("## Falhas e testes pulados\n")
        out += problems
    return "\n".join(out) + "\n"


def page_title(markdown: str, fallback: str) -> str:
    """The title of a page source: front matter `title:`, else the first H1."""
    m = re.match(r"^---\s*\n(.*?)\n---\s*\n", markdown, re.S)
    if m:
        t = re.search(r"^title:\s*(.+?)\s*$", m.group(1), re.M)
        if t:
            return t.group(1).strip().strip("\"'")
    h1 = re.search(r"^#[ \t]+(.+?)\s*(\{.*\})?\s*$", markdown, re.M)
    return h1.group(1) if h1 else fallback


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

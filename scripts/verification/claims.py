"""Claims a page makes about a run, rendered from the records (pt-BR Markdown).

Pages never type what an example printed, a number it produced or the torch versions
the site was verified on; they hold placeholders that the hook
``scripts/hooks/recorded_claims.py`` replaces with what the records say:

- ``{{ output("snippets/x/y.py") }}`` (alone on a line): what ``main()`` printed, per
  runner, labelled with device, torch version and date; CPU and GPU tabs when both
  recorded it and the outputs differ; marked stale when the module changed since.
- ``{{ value("snippets/x/y.py", "label") }}`` or ``{{ value(..., "label", 2) }}``
  (inline): the first (or n-th) number after ``label`` in the recorded CPU output,
  written the pt-BR way (``0,0139``, ``1.050.114``).
- ``{{ runner_coverage("gpu") }}`` (inline): how many snippet modules that runner's
  record verified as they are now, how many changed since and how many it never ran,
  with its torch version and date: the only way a page says that something ran on a
  GPU (``tests/drift/gpu_claims.py`` keeps typed claims out).
- ``{{ torch_min }}`` / ``{{ torch_max }}`` (inline) and ``{{ torch_versions_table }}``
  (alone on a line): the torch versions whose CPU record verified every snippet.

A placeholder whose record or label is missing raises :class:`ClaimError`, and so
does a number typed in a page's prose that appears in an output the page shows
(:func:`typed_numbers`): a value with a record is rendered, never typed.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.verification.digest import current_sha256 as file_sha256
from scripts.verification.environment import public_version
from scripts.verification.formatting import plural, recorded
from scripts.verification.machine import describe
from scripts.verification.outputs import NUMBER_RE as NUMBER
from scripts.verification.runners import runner_label, runner_order
from scripts.verification.site import snippet_module_paths
from scripts.verification.status import module_status
from scripts.verification.texts import STALE, datetime_text
from scripts.verification.versions import site_versions

#: Every placeholder: its name and its arguments (Python literals, comma-separated).
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[a-z_]+)(?:\((?P<args>[^)]*)\))?\s*\}\}")
MISSING_WHY = "nenhuma execução em CPU registrou a saída deste exemplo"
REFERENCE_RUNNER = "cpu"


class ClaimError(ValueError):
    """A placeholder that the records cannot back."""


def parse_args(text: str | None) -> list[str | int]:
    """`"a.py", "label", 2` -> ["a.py", "label", 2] (strings and integers only)."""
    args: list[str | int] = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|(-?\d+)', text or ""):
        args.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return args


def _output(record: dict | None, module: str) -> dict | None:
    if record is None:
        return None
    entry = record["modules"].get(module)
    return (
        None if entry is None else {**entry.get("output", {}), "sha": entry["sha256"]}
    )


def _device(record: dict) -> str:
    """The machine in a few words: the GPU's name, else the CPU's."""
    device = record["device"]
    if record["cuda_available"] and device.get("gpu"):
        return device["gpu"]
    return device.get("cpu") or "?"


def output_label(runner: str, record: dict, stale: bool) -> str:
    """`Saída da execução registrada em CPU (…), torch 2.14.1, 2026-12-02 10:00 UTC.`"""
    torch = public_version(record["versions"].get("torch"))
    text = (
        f"Saída da execução registrada em {runner_label(runner, record)} "
        f"({_device(record)}), torch {torch}, {datetime_text(record)}."
    )
    if stale:
        text = f"**{STALE.capitalize()}:** {text[0].lower()}{text[1:]}"
    return text


#: A number with decimals: its last digits depend on the machine class.
DECIMAL = re.compile(r"\d\.\d|\d[eE][-+]?\d")


def machine_note(text: str, machine: dict[str, str] | None) -> str:
    """What a reader's own run may change, for an output with decimal numbers."""
    if not DECIMAL.search(text):
        return ""
    where = f" (aqui: {describe(machine)})" if machine else ""
    return (
        " As últimas casas decimais dependem da máquina que roda"
        f"{where}: com outra CPU, outra BLAS, outro número de threads ou outro build"
        " do torch, elas podem mudar; o texto e os outros testes do exemplo não mudam."
    )


def _fence(text: str, indent: str) -> list[str]:
    body = text.rstrip("\n").split("\n")
    return [f"{indent}```text", *(f"{indent}{line}" for line in body), f"{indent}```"]


def render_output(
    module: str, records: dict[str, dict], root: Path, indent: str = ""
) -> list[str]:
    """Markdown lines showing what `module`'s `main()` printed on each runner."""
    sha = file_sha256(root / module)
    shown = []  # (runner, record, text, stale)
    absent = []
    for runner in runner_order(records):
        record = records.get(runner)
        out = _output(record, module)
        if out is None or "text" not in out:
            absent.append(runner_label(runner, record))
            continue
        shown.append((runner, record, out, out["sha"] != sha))
    if not shown:
        return [
            f'{indent}!!! warning "Saída não registrada"',
            f"{indent}    Nenhum registro de execução guarda a saída de `{module}` "
            "(registros anteriores à gravação das saídas): rode `make record`.",
        ]
    missing = f" Sem saída registrada em {', '.join(absent)}." if absent else ""
    if len({out["text"] for _, _, out, _ in shown}) == 1:
        runner, record, out, stale = shown[0]
        others = ", ".join(runner_label(r, rec) for r, rec, _, _ in shown[1:])
        same = f" {others} imprimiu a mesma saída." if others else ""
        note = machine_note(out["text"], out.get("machine"))
        label = output_label(runner, record, stale) + same + note + missing
        return [f"{indent}{label}", "", *_fence(out["text"], indent)]
    lines = []
    for runner, record, out, stale in shown:
        torch = public_version(record["versions"].get("torch"))
        label = output_label(runner, record, stale)
        label += machine_note(out["text"], out.get("machine"))
        lines.append(f'{indent}=== "{runner_label(runner, record)} · torch {torch}"')
        lines += ["", f"{indent}    {label}", ""]
        lines += [*_fence(out["text"], indent + "    "), ""]
    if missing:
        lines.append(f"{indent}{missing.strip()}")
    return lines


def render_coverage(runner: str, records: dict[str, dict], root: Path) -> str:
    """`18 de 38 módulos verificados em GPU H200 como estão hoje (torch 2.11, …)…`."""
    modules = snippet_module_paths(root)
    record = records.get(runner)
    label = runner_label(runner, record)
    if record is None:
        return f"nenhum dos {len(modules)} módulos tem registro em {label}"
    kinds = [
        module_status(runner, record, m, file_sha256(root / m)).kind for m in modules
    ]
    verified = sum(k in ("passed", "partial") for k in kinds)
    stale, failed = kinds.count("stale"), kinds.count("failed")
    never = kinds.count("missing")
    torch = public_version(record["versions"].get("torch"))
    text = (
        f"{verified} de {plural(len(modules), 'módulo', 'módulos')} verificados em "
        f"{label} como estão hoje (torch {torch}, {datetime_text(record)[:10]})"
    )
    rest = [
        plural(stale, "mudou", "mudaram") + " depois do registro" if stale else "",
        plural(failed, "falhou", "falharam") if failed else "",
        plural(never, "nunca rodou", "nunca rodaram") + " lá" if never else "",
    ]
    rest = [r for r in rest if r]
    if rest:
        text += (
            "; " + ", ".join(rest[:-1]) + (" e " if len(rest) > 1 else "") + rest[-1]
        )
    return text


def recorded_number(
    module: str, label: str, index: int, records: dict[str, dict]
) -> str | None:
    """The ``index``-th number (1-based) after ``label`` in the CPU record's output,
    as printed; ``None`` without a recorded output. A label or number the output
    lacks raises :class:`ClaimError`."""
    out = _output(records.get(REFERENCE_RUNNER), module)
    if out is None or "text" not in out:
        return None
    for line in out["text"].splitlines():
        if label in line:
            numbers = NUMBER.findall(line.split(label, 1)[1])
            if len(numbers) < index:
                raise ClaimError(
                    f"{module}: the output line {line!r} has no number #{index} "
                    f"after {label!r}"
                )
            return numbers[index - 1]
    raise ClaimError(f"{module}: no line of the recorded output contains {label!r}")


def render_value(
    module: str, label: str, index: int, records: dict[str, dict], root: Path
) -> str:
    """:func:`recorded_number`, written the pt-BR way, with its run in a title."""
    number = recorded_number(module, label, index, records)
    if number is None:
        # No record, or one made before outputs were recorded: shown as missing,
        # never as a number.
        return (
            '<span class="recorded-value recorded-value--missing">sem registro '
            f"({MISSING_WHY})</span>"
        )
    record = records[REFERENCE_RUNNER]
    when = f"{runner_label(REFERENCE_RUNNER, record)}, {datetime_text(record)}"
    stale = _output(record, module)["sha"] != file_sha256(root / module)
    note = f" ({STALE})" if stale else ""
    return (
        f'<span class="recorded-value" title="Valor da execução registrada '
        f'em {when}">{recorded(number)}</span>{note}'
    )


def verified_versions(records: dict[str, dict], root: Path) -> list[str]:
    """Torch versions whose CPU record verified every snippet module, ascending."""
    from scripts.verification.site import snippet_module_paths

    shas = {m: file_sha256(root / m) for m in snippet_module_paths(root)}
    rows = site_versions(REFERENCE_RUNNER, records, shas)
    return [row.torch for row in rows if row.fully_verified]


def render_versions_table(records: dict[str, dict], root: Path) -> list[str]:
    """The compatibility table: one row per torch version recorded on CPU."""
    from scripts.verification.site import snippet_module_paths

    shas = {m: file_sha256(root / m) for m in snippet_module_paths(root)}
    rows = site_versions(REFERENCE_RUNNER, records, shas)
    if not rows:
        return ["Nenhuma execução em CPU registrada: nenhuma versão verificada."]
    lines = [
        "| torch | torchvision | Python | Registrado em | Testes | Situação |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.fully_verified:
            state = "✓ todos os exemplos verificados"
        elif row.failed_modules:
            state = "✗ falhas em " + ", ".join(f"`{m}`" for m in row.failed_modules)
        else:
            state = f"{STALE}: " + ", ".join(f"`{m}`" for m in row.stale_modules)
        tests = f"{row.passed} passaram, {row.failed} falharam, {row.skipped} pulados"
        lines.append(
            f"| {row.torch} | {row.torchvision} | {row.python} | {row.date} | "
            f"{tests} | {state} |"
        )
    return lines


def output_numbers(text: str) -> set[str]:
    """Numbers of an output worth guarding: 3+ significant digits, as printed."""
    found = set()
    for token in NUMBER.findall(text):
        digits = token.lstrip("+-").split("e")[0].replace(".", "").lstrip("0")
        if len(digits) >= 3:
            found.add(token.lstrip("+"))
    return found


def typed_numbers(markdown: str, guarded: set[str]) -> list[tuple[int, str]]:
    """(line, number) of prose numbers that are also in a recorded output."""
    from scripts.verification.site import fence_states

    lines = markdown.split("\n")
    hits = []
    for number, (line, state) in enumerate(
        zip(lines, fence_states(lines), strict=True), start=1
    ):
        if state:
            continue
        prose = re.sub(r"`[^`]*`", "", PLACEHOLDER.sub("", line))
        # pt-BR writing back to Python's: 1.050.114 -> 1050114, 0,0139 -> 0.0139.
        prose = re.sub(
            r"\b\d{1,3}(?:\.\d{3}){2,}\b", lambda m: m.group().replace(".", ""), prose
        )
        for token in NUMBER.findall(prose.replace(",", ".")):
            if token.lstrip("+") in guarded:
                hits.append((number, token))
    return hits

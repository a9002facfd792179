"""Words and numbers of the Desempenho page: pt-BR figures, ratios, conditions.

Pure functions over validated benchmark records
(:mod:`scripts.verification.benchmarks`), shared by the tables and the charts of
:mod:`scripts.verification.bench_render`. A ratio is written with its 95% interval
and the number of rounds ("2,2× (2,0–2,4), 15 rodadas"), to as many decimals as
the interval justifies; a version-1 record (sequential repeats) has no interval and
says so. A record taken while the load was above the CPUs is "indicativo".
"""

from __future__ import annotations

from scripts.verification.formatting import fixed, plural, significant, times
from scripts.verification.texts import datetime_text

NO_INTERVAL = "sem intervalo: registro antigo, casos medidos um depois do outro"


def ratio_decimals(low: float, high: float) -> int:
    """1 decimal when the interval is 0,2 wide or more, else 2: no false precision.

    A bound below 0,1 keeps 2 decimals, so it never reads as 0,0.
    """
    return 1 if high - low >= 0.2 and low >= 0.1 else 2


def interval_text(ratio: dict, *, rounds: bool = True) -> str:
    """``2,2× (2,0–2,4)``, and ``, 15 rodadas`` when ``rounds``."""
    d = ratio_decimals(ratio["low"], ratio["high"])
    text = (
        f"{times(ratio['value'], d)} ({fixed(ratio['low'], d)}–"
        f"{fixed(ratio['high'], d)})"
    )
    if rounds:
        text += f", {plural(ratio['rounds'], 'rodada', 'rodadas')}"
    return text


def params_text(params: dict) -> str:
    """A case's parameters in a line: ``lote: 8, compile: não``."""
    shown = []
    for key, value in params.items():
        if isinstance(value, bool):
            value = "sim" if value else "não"
        shown.append(f"{key}: {value}")
    return ", ".join(shown)


def mib(n_bytes: int | float) -> str:
    return f"{significant(n_bytes / 2**20)} MiB"


# ------------------------------------------------------------------ conditions


def load_ones(record: dict) -> list[float]:
    """Every 1-minute load average the record holds, in the order read."""
    host = record["host"]
    if "load" in host:
        load = host["load"]
        seq = [load["before"], *(d["load"] for d in load["during"]), load["after"]]
    else:
        seq = [host.get("load_average_start"), host.get("load_average_end")]
    return [x[0] for x in seq if x]


def is_busy(record: dict) -> bool:
    cpus = record["host"].get("cpu_count") or 1
    return any(x > cpus for x in load_ones(record))


def is_indicative(record: dict) -> bool:
    """Busy, or without intervals (version 1): figures to read as indications."""
    return record["schema_version"] < 2 or is_busy(record)


def conditions_text(record: dict) -> str:
    """One short sentence for the summary table: why a figure can be trusted or not."""
    cpus = record["host"].get("cpu_count") or "?"
    ones = load_ones(record)
    top = significant(max(ones)) if ones else "?"
    parts = []
    if record["schema_version"] < 2:
        parts.append(NO_INTERVAL)
    if is_busy(record):
        parts.append(f"máquina ocupada: carga de até {top} em {cpus} CPUs")
    elif ones:
        parts.append(f"carga de até {top} em {cpus} CPUs")
    text = "; ".join(parts)
    return ("indicativo — " + text) if is_indicative(record) else text


def _load_sentence(record: dict) -> str:
    host = record["host"]
    cpus = host.get("cpu_count") or "?"
    if "load" in host:
        load = host["load"]
        during = [d["load"][0] for d in load["during"] if d["load"]]
        shown = [
            significant(x[0]) if x else "?" for x in (load["before"], load["after"])
        ]
        text = f" Carga média (1 min), em {cpus} CPUs: {shown[0]} antes"
        if during:
            text += (
                f", de {significant(min(during))} a {significant(max(during))} durante "
                f"({plural(len(during), 'leitura', 'leituras')}, uma por comparação)"
            )
        text += f" e {shown[1]} depois."
    else:
        loads = [host.get("load_average_start"), host.get("load_average_end")]
        if not any(loads):
            return ""
        shown = [significant(x[0]) if x else "?" for x in loads]
        text = f" Carga média (1 min) no início e no fim: {shown[0]} e {shown[1]}."
    if is_busy(record):
        text += (
            " Acima do número de CPUs, outros processos disputavam a máquina: os "
            "números são indicativos e ficam abaixo do que ela rende sozinha."
        )
        if host.get("busy_allowed"):
            text += " (Gravado com --allow-busy.)"
    return text


def environment_text(record: dict) -> str:
    d, v, host = record["device"], record["versions"], record["host"]
    if record["cuda_available"]:
        device = f"{d.get('gpu') or 'GPU'} + CPU {d.get('cpu') or '?'}"
    else:
        device = f"CPU {d.get('cpu') or '?'}"
    parts = [
        device,
        f"{plural(host['torch_threads'], 'thread', 'threads')} do torch, "
        f"{host.get('cpu_count') or '?'} CPUs",
        f"torch {v.get('torch') or '?'}",
        f"torchvision {v.get('torchvision') or '?'}",
        f"Python {v['python']}",
    ]
    if record["cuda_available"] and v.get("cuda"):
        parts.append(f"CUDA {v['cuda']}")
    text = " · ".join(parts)
    duration = significant(record["duration"])
    text += f". Registrado em {datetime_text(record)}, em {duration} s."
    if record["schema_version"] < 2:
        text += (
            " Registro no formato antigo: cada caso foi repetido sozinho, um depois "
            "do outro, e as razões saem sem intervalo de confiança."
        )
    if host.get("cpu_count") and host["torch_threads"] < host["cpu_count"]:
        text += (
            " O torch usou menos threads que CPUs (opção --threads do runner): numa "
            "máquina ocupada por outros processos, threads que esperam umas pelas "
            "outras deixam o passo várias vezes mais lento."
        )
    text += _load_sentence(record)
    peak = record.get("peak")
    if peak:
        text += (
            f" Pico de referência: {significant(peak['flops'] / 1e12)} TFLOP/s "
            f"({peak['dtype']}); fonte: {peak['source']}."
        )
    else:
        text += (
            " Sem pico de referência conhecido para este dispositivo: mostramos os "
            "FLOP/s alcançados, sem porcentagem do pico."
        )
    return text

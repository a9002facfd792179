"""The benchmark records on the Desempenho page: tables, inline SVG charts, ratings.

Pure functions over validated records (:mod:`scripts.verification.benchmarks`); the
MkDocs hook ``scripts/hooks/benchmarks_page.py`` puts their output where the page
holds a marker (``<!-- bench:training -->``, ...). Everything rendered is pt-BR, and
every number comes from a record: a runner without a record is shown as missing,
a case that cannot run as "não se aplica", never as zero; a result whose module
changed after the run says "não verificado desde a última alteração", like the
badges (and reuses their CSS classes).

Charts are SVG written here, inline in the page (no request to any host), coloured
with Material's CSS variables and ``currentColor`` so they follow the light and dark
schemes (``docs/stylesheets/benchmarks.css``), with a ``<title>`` and a ``<desc>``
that say what the bars say.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from scripts.verification.benchmarks import GROUPS
from scripts.verification.status import (
    STALE_TEXT,
    datetime_text,
    file_sha256,
    plural,
)

KNOWN_RUNNERS = ("cpu", "gpu")
MARKER_RE = re.compile(r"<!-- bench:(?P<name>[a-z-]+) -->")
RUNNER_NAMES = {"cpu": "CPU", "gpu": "GPU"}
GROUP_TITLES = {
    "training": "Treino",
    "inference": "Inferência",
    "dataloader": "DataLoader",
    "memory": "Memória",
}

#: The profile's four ratings (seed profile, "Performance"), shown beside what was
#: measured; the group that measures each, or None where no benchmark can.
PROFILE_RATINGS = (
    ("Velocidade", "10/10 com GPU", "training"),
    ("Uso de memória", "6/10", "memory"),
    ("Qualidade de output", "10/10", None),
    ("Facilidade de uso", "8/10", None),
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def number(value: float, digits: int = 3) -> str:
    """pt-BR, 3 significant digits: ``3512.4`` -> ``3.512``, ``0.4732`` -> ``0,473``."""
    if value == 0:
        return "0"
    magnitude = len(str(int(abs(value)))) if abs(value) >= 1 else 0
    decimals = max(0, digits - magnitude)
    if abs(value) < 1:
        # Significant digits below 1: 0,0473 keeps three of them.
        text = f"{value:.{digits}g}"
        if "e" in text:
            text = f"{value:.{digits + 2}f}"
        return text.replace(".", ",")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def times(r: float) -> str:
    """A ratio with two decimals: ``2.5`` -> ``2,50×``."""
    return f"{r:.2f}".replace(".", ",") + "×"


def mib(n_bytes: int | float) -> str:
    return f"{number(n_bytes / 2**20)} MiB"


def runner_title(runner: str, record: dict | None) -> str:
    base = RUNNER_NAMES.get(runner, runner)
    if record and record["cuda_available"] and record["device"].get("gpu"):
        return f"{base} ({record['device']['gpu'].removeprefix('NVIDIA ')})"
    return base


def runners(records: dict[str, dict]) -> list[str]:
    return [*KNOWN_RUNNERS, *sorted(r for r in records if r not in KNOWN_RUNNERS)]


def stale_modules(record: dict, result: dict, root: Path) -> list[str]:
    """Modules of ``result`` whose file changed (or vanished) since the run."""
    changed = []
    for module in [result["module"], *result.get("depends", [])]:
        if file_sha256(root / module) != record["modules"][module]["sha256"]:
            changed.append(module)
    return changed


def _by_id(record: dict) -> dict[str, dict]:
    return {r["id"]: r for r in record["results"]}


def ratio(result: dict, base: dict | None) -> float | None:
    """How the result compares with its baseline: a speed-up, or a memory fraction."""
    if base is None or result["value"] is None or not base["value"]:
        return None
    if not result["value"]:
        return None
    if result["metric"] == "latency":
        return base["value"] / result["value"]
    return result["value"] / base["value"]


# ------------------------------------------------------------------ environment


def environment_text(runner: str, record: dict) -> str:
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
    text += (
        f". Registrado em {datetime_text(record)}, em {number(record['duration'])} s."
    )
    if host.get("cpu_count") and host["torch_threads"] < host["cpu_count"]:
        text += (
            " O torch usou menos threads que CPUs (opção --threads do runner): numa "
            "máquina ocupada por outros processos, threads que esperam umas pelas "
            "outras deixam o passo várias vezes mais lento."
        )
    loads = [host.get("load_average_start"), host.get("load_average_end")]
    if any(loads):
        shown = [number(x[0]) if x else "?" for x in loads]
        text += (
            f" Carga média da máquina (1 min) no início e no fim: {shown[0]} e "
            f"{shown[1]} (acima do número de CPUs, outros processos disputavam a "
            "máquina e os números ficam abaixo do que ela rende sozinha)."
            if any(x and x[0] > (host.get("cpu_count") or 1) for x in loads)
            else f" Carga média (1 min) no início e no fim: {shown[0]} e {shown[1]}."
        )
    peak = record.get("peak")
    if peak:
        text += (
            f" Pico de referência: {number(peak['flops'] / 1e12)} TFLOP/s "
            f"({peak['dtype']}); fonte: {peak['source']}."
        )
    else:
        text += (
            " Sem pico de referência conhecido para este dispositivo: mostramos os "
            "FLOP/s alcançados, sem porcentagem do pico."
        )
    return text


def render_environment(records: dict[str, dict]) -> str:
    items = []
    for runner in runners(records):
        record = records.get(runner)
        title = _e(runner_title(runner, record))
        if record is None:
            items.append(
                f"<li><strong>{title}</strong>: nenhum benchmark registrado ainda "
                f"(falta <code>verification/bench-{_e(runner)}.json</code>).</li>"
            )
        else:
            items.append(
                f"<li><strong>{title}</strong>: {_e(environment_text(runner, record))}"
                "</li>"
            )
    return '<ul class="bench-env">\n' + "\n".join(items) + "\n</ul>"


# ------------------------------------------------------------------ chart


def _panels(results: list[dict]) -> list[tuple[str, list[dict]]]:
    """Results grouped by the part of their label before ':' (one chart each)."""
    panels: dict[str, list[dict]] = {}
    for res in results:
        key = res["label"].split(":", 1)[0] if ":" in res["label"] else ""
        panels.setdefault(key, []).append(res)
    return list(panels.items())


def _value_text(res: dict) -> str:
    if res["value"] is None:
        return f"não se aplica ({res['reason']})"
    return f"{number(res['value'])} {res['unit']}"


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, dict, bool]]) -> str:
    """A horizontal bar chart; rows are (short label, result, stale).

    Each row is a label line with its bar below, so long labels never clip and the
    chart stays legible when it shrinks to a phone's width.
    """
    width, row_h, pad, label_h, bar_h = 520, 46, 6, 16, 16
    bar_w = width - 150
    values = [r["value"] for _, r, _ in rows if r["value"] is not None]
    top = max(values) if values else 1.0
    height = pad * 2 + row_h * len(rows)
    desc = "; ".join(
        f"{label}: {_value_text(res)}" + (f" ({STALE_TEXT})" if stale else "")
        for label, res, stale in rows
    )
    parts = [
        f'<svg class="bench-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{_e(title)}</title>',
        f'<desc id="{chart_id}-d">{_e(desc)}</desc>',
    ]
    for i, (label, res, stale) in enumerate(rows):
        y = pad + i * row_h
        bar_y = y + label_h + 4
        parts.append(
            f'<text class="bench-label" x="0" y="{y + label_h - 3}">{_e(label)}</text>'
        )
        if res["value"] is None:
            parts.append(
                f'<text class="bench-na" x="0" y="{bar_y + bar_h - 3}">'
                "não se aplica</text>"
            )
            continue
        w = max(1.0, bar_w * res["value"] / top)
        cls = "bench-bar" + (" bench-bar-base" if "baseline" not in res else "")
        cls += " bench-bar-stale" if stale else ""
        parts.append(
            f'<rect class="{cls}" x="0" y="{bar_y}" width="{w:.1f}" '
            f'height="{bar_h}" rx="2"/>'
        )
        parts.append(
            f'<text class="bench-value" x="{w + 6:.1f}" '
            f'y="{bar_y + bar_h - 3}">{_e(_value_text(res))}'
            + (" *" if stale else "")
            + "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------ table


def _params_text(params: dict) -> str:
    shown = []
    for key, value in params.items():
        if isinstance(value, bool):
            value = "sim" if value else "não"
        shown.append(f"{key}: {value}")
    return ", ".join(shown)


def _stale_badge() -> str:
    return (
        '<span class="vb-badge vb-stale" title="O módulo mudou depois desta medição '
        f'(sha256 diferente)."><span class="vb-status">{STALE_TEXT}</span></span>'
    )


def render_table(
    record: dict, results: list[dict], root: Path, label: str = "resultados"
) -> str:
    """The results as a table; `label` names its scrolling region (unique per page)."""
    by_id = _by_id(record)
    has = {
        "ratio": any("baseline" in r for r in results),
        "flops": any("flops" in r for r in results),
        "share": any(r.get("flops", {}).get("peak_share") is not None for r in results),
        "memory": any("memory" in r for r in results),
        "compile": any(
            (r.get("timing") or {}).get("compile_s") is not None for r in results
        ),
        "check": any("check" in r for r in results),
    }
    memory_group = all(r["metric"] == "memory" for r in results)
    head = ["Caso", "Mediana", "Dispersão (p25–p75)"]
    if has["ratio"]:
        head.append("Fração da 1ª linha" if memory_group else "Ganho sobre a base")
    if memory_group:
        head += ["Ativações guardadas", "Tempo do passo"]
    elif has["memory"]:
        head.append("Pico de memória")
    if has["flops"]:
        head.append("TFLOP/s alcançados")
    if has["share"]:
        head.append("% do pico")
    if has["compile"]:
        head.append("Compilação")
    if has["check"]:
        head.append("Compilado = eager?")
    rows = []
    for res in results:
        stale = stale_modules(record, res, root)
        case = f"{_e(res['label'])}<br><small>{_e(_params_text(res['params']))}</small>"
        if stale:
            case += f"<br>{_stale_badge()}"
        timing = res.get("timing")
        cells = [case]
        if res["value"] is None:
            cells.append(f"não se aplica<br><small>{_e(res['reason'])}</small>")
            cells.append("—")
        else:
            cells.append(f"{_e(number(res['value']))} {_e(res['unit'])}")
            cells.append(_spread(res, timing))
        if has["ratio"]:
            r = ratio(res, by_id.get(res.get("baseline", "")))
            cells.append(times(r) if r is not None else "base")
        memory = res.get("memory")
        if memory_group:
            saved = (memory or {}).get("saved_activation_bytes")
            cells.append(mib(saved) if saved is not None else "—")
            cells.append(
                f"{number(timing['median_s'] * 1000)} ms<br><small>"
                f"{number(timing['p25_s'] * 1000)}–{number(timing['p75_s'] * 1000)}"
                f" ({timing['repeats']} repetições)</small>"
                if timing
                else "—"
            )
        elif has["memory"]:
            cells.append(
                mib(memory["peak_bytes"])
                if memory and memory["peak_bytes"] is not None
                else "—"
            )
        flops = res.get("flops")
        if has["flops"]:
            cells.append(number(flops["achieved"] / 1e12) if flops else "—")
        if has["share"]:
            share = (flops or {}).get("peak_share")
            cells.append(f"{number(share * 100, 2)}%" if share is not None else "—")
        if has["compile"]:
            c = (timing or {}).get("compile_s")
            compiled = res["params"].get("compile", True) and c is not None
            cells.append(f"{number(c)} s" if compiled else "sem compile")
        if has["check"]:
            check = res.get("check")
            cells.append(
                (
                    (
                        "sim"
                        if check["compiled_matches_eager"]
                        else "<strong>não</strong>"
                    )
                    + f" (dif. máx. {number(check['max_abs_diff'], 2)})"
                )
                if check
                else "—"
            )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    # Wide tables scroll inside their own box on a phone; the box takes the keyboard
    # focus so it can be scrolled without a mouse.
    return (
        '<div class="bench-table-wrap" role="region" tabindex="0" '
        f'aria-label="Tabela: {_e(label)}">'
        '<table class="bench-table"><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _spread(res: dict, timing: dict | None) -> str:
    if not timing:
        return "—"
    lo, hi = timing["p25_s"], timing["p75_s"]
    if res["unit"] == "ms":
        a, b = lo * 1000, hi * 1000
    elif res["metric"] == "throughput":
        # Throughput is items / time: the slower quartile gives the lower bound.
        items = res["value"] * timing["median_s"]
        a, b = items / hi, items / lo
    else:
        return "—"  # one peak per configuration; the step time has its own column
    return f"{number(a)}–{number(b)} ({timing['repeats']} repetições)"


# ------------------------------------------------------------------ groups


def render_group(group: str, records: dict[str, dict], root: Path) -> str:
    """Per runner: the environment line, one chart per panel and the table."""
    if group not in GROUPS:
        raise ValueError(f"grupo desconhecido: {group}")
    blocks = []
    for runner in runners(records):
        record = records.get(runner)
        title = runner_title(runner, record)
        if record is None:
            blocks.append(
                f'<div class="bench-block bench-missing" data-runner="{_e(runner)}">'
                f"<p><strong>{_e(title)}</strong>: nenhum benchmark de "
                f"{_e(title)} registrado ainda. Os números aparecem aqui quando o "
                f"runner gravar <code>verification/bench-{_e(runner)}.json</code>."
                "</p></div>"
            )
            continue
        results = [r for r in record["results"] if r["group"] == group]
        if not results:
            blocks.append(
                f'<div class="bench-block bench-missing" data-runner="{_e(runner)}">'
                f"<p><strong>{_e(title)}</strong>: o registro não tem medições de "
                f"{_e(GROUP_TITLES[group].lower())}.</p></div>"
            )
            continue
        charts = []
        for i, (panel, panel_results) in enumerate(_panels(results)):
            rows = [
                (
                    r["label"].split(":", 1)[1].strip()
                    if ":" in r["label"]
                    else r["label"],
                    r,
                    bool(stale_modules(record, r, root)),
                )
                for r in panel_results
            ]
            units = sorted({r["unit"] for r in panel_results})
            chart_title = (
                f"{GROUP_TITLES[group]}, {title}"
                + (f": {panel}" if panel else "")
                + f" ({', '.join(units)})"
            )
            charts.append(
                f'<figure class="bench-figure">'
                f"{bar_chart(f'bench-{group}-{runner}-{i}', chart_title, rows)}"
                f"<figcaption>{_e(chart_title)}</figcaption></figure>"
            )
        stale_note = ""
        if any(stale_modules(record, r, root) for r in results):
            stale_note = (
                f'<p class="bench-stale">{_stale_badge()} Barras marcadas com * '
                "vêm de um módulo que mudou depois da medição.</p>"
            )
        blocks.append(
            f'<div class="bench-block" data-runner="{_e(runner)}">'
            f"<p><strong>{_e(title)}</strong></p>{stale_note}"
            + "".join(charts)
            + render_table(record, results, root, f"{GROUP_TITLES[group]}, {title}")
            + "</div>"
        )
    return "\n\n".join(blocks)


def _headline(record: dict | None, group: str, root: Path) -> str:
    if record is None:
        return "nenhum benchmark registrado ainda"
    by_id = _by_id(record)
    lines = []
    for res in record["results"]:
        if res["group"] != group or "baseline" not in res:
            continue
        base = by_id[res["baseline"]]
        r = ratio(res, base)
        if r is None:
            continue
        if group == "memory":
            lines.append(
                f"{res['label'].split(':', 1)[1].strip()}: {number(res['value'])} "
                f"{res['unit']} ({times(r)} de {base['params'].get('config')})"
            )
        else:
            lines.append(
                f"{res['label'].split(':', 1)[0]}: {number(base['value'])} → "
                f"{number(res['value'])} {res['unit']} ({times(r)})"
            )
        if any(stale_modules(record, x, root) for x in (res, base)):
            lines[-1] += f" [{STALE_TEXT}]"
    return "; ".join(lines) if lines else "sem medições deste grupo"


def render_ratings(records: dict[str, dict], root: Path) -> str:
    """The profile's ratings beside what each runner measured."""
    head = ["Critério", "Nota do perfil"] + [
        f"Medido: {runner_title(r, records.get(r))}" for r in runners(records)
    ]
    rows = []
    for name, rating, group in PROFILE_RATINGS:
        cells = [f"<strong>{_e(name)}</strong>", _e(rating)]
        for runner in runners(records):
            if group is None:
                cells.append("não se mede com benchmark")
            else:
                cells.append(_e(_headline(records.get(runner), group, root)))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        '<div class="bench-table-wrap" role="region" tabindex="0" '
        'aria-label="Notas do perfil e medições">'
        '<table class="bench-table bench-ratings"><thead><tr>'
        + "".join(f"<th>{_e(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def render_marker(name: str, records: dict[str, dict], root: Path) -> str:
    if name == "ratings":
        return render_ratings(records, root)
    if name == "environment":
        return render_environment(records)
    return render_group(name, records, root)


def render_page(markdown: str, records: dict[str, dict], root: Path) -> str:
    """Replace every ``<!-- bench:NAME -->`` in ``markdown``."""
    return MARKER_RE.sub(lambda m: render_marker(m["name"], records, root), markdown)

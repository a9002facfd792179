"""The benchmark records on the Desempenho page: tables, charts, the measured summary.

Pure functions over validated records (:mod:`scripts.verification.benchmarks`); the
MkDocs hook ``scripts/hooks/benchmarks_page.py`` puts their output where the page
holds a marker (``<!-- bench:summary -->``, ``<!-- bench:training -->``, ...).
Everything rendered is pt-BR, and every number comes from a record: a runner without
a record is shown as missing, a case that cannot run as "não se aplica", never as
zero; a result whose module changed after the run says "não verificado desde a
última alteração", like the badges (and reuses their CSS classes). Words and number
formats: :mod:`.bench_format`; the SVG charts: :mod:`.bench_charts`.

The profile's ratings are the author's opinion, rendered on the page from the
profile data (``profile_table("ratings")``, :mod:`scripts.profile.render`); what was
measured has its own table (:func:`render_summary`), per runner, with each ratio's
interval, rounds and conditions, and never under a rating.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.verification.bench_charts import bar_chart
from scripts.verification.bench_format import (
    NO_INTERVAL,
    conditions_text,
    esc,
    interval_text,
    is_indicative,
    mib,
    number,
    params_text,
    render_environment,
    runner_title,
    runners,
    times,
)
from scripts.verification.benchmarks import GROUPS
from scripts.verification.status import STALE_TEXT, file_sha256, plural

MARKER_RE = re.compile(r"<!-- bench:(?P<name>[a-z-]+) -->")
GROUP_TITLES = {
    "training": "Treino",
    "inference": "Inferência",
    "dataloader": "DataLoader",
    "memory": "Memória",
}


def stale_modules(record: dict, result: dict, root: Path) -> list[str]:
    """Modules of ``result`` whose file changed (or vanished) since the run."""
    changed = []
    for module in [result["module"], *result.get("depends", [])]:
        if file_sha256(root / module) != record["modules"][module]["sha256"]:
            changed.append(module)
    return changed


def _by_id(record: dict) -> dict[str, dict]:
    return {r["id"]: r for r in record["results"]}


def point_ratio(result: dict, base: dict | None) -> float | None:
    """The ratio of the medians: a speed-up, or (memory) a fraction of the base."""
    if base is None or result["value"] is None or not base["value"]:
        return None
    if not result["value"]:
        return None
    if result["metric"] == "latency":
        return base["value"] / result["value"]
    return result["value"] / base["value"]


def ratio_cell(res: dict, base: dict | None) -> str:
    """A speed-up with its interval, or the old record's bare ratio, or "base"."""
    if "ratio" in res:
        return interval_text(res["ratio"])
    r = point_ratio(res, base)
    if r is None:
        return "base"
    return f"≈{times(r, 1)}<br><small>{esc(NO_INTERVAL)}</small>"


def _short(label: str) -> str:
    return label.split(":", 1)[1].strip() if ":" in label else label


# ------------------------------------------------------------------ table


def _stale_badge() -> str:
    return (
        '<span class="vb-badge vb-stale" title="O módulo mudou depois desta medição '
        f'(sha256 diferente)."><span class="vb-status">{STALE_TEXT}</span></span>'
    )


def _count(timing: dict, record: dict) -> str:
    if record["schema_version"] < 2:
        return plural(timing["repeats"], "repetição", "repetições")
    return plural(timing["repeats"], "rodada", "rodadas")


def _spread(res: dict, timing: dict | None, record: dict) -> str:
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
    return f"{number(a)}–{number(b)} ({_count(timing, record)})"


def _step_time(res: dict, timing: dict | None, base: dict | None, record) -> str:
    if not timing:
        return "—"
    text = (
        f"{number(timing['median_s'] * 1000)} ms<br><small>"
        f"{number(timing['p25_s'] * 1000)}–{number(timing['p75_s'] * 1000)} "
        f"({_count(timing, record)})</small>"
    )
    if "ratio" in res and base is not None:
        text += (
            f"<br><small>{esc(interval_text(res['ratio'], rounds=False))} o de "
            f"{esc(base['params'].get('config'))}</small>"
        )
    return text


def _columns(results: list[dict]) -> dict[str, bool]:
    return {
        "ratio": any("baseline" in r for r in results),
        "flops": any("flops" in r for r in results),
        "share": any(r.get("flops", {}).get("peak_share") is not None for r in results),
        "memory": any("memory" in r for r in results),
        "compile": any(
            (r.get("timing") or {}).get("compile_s") is not None for r in results
        ),
        "check": any("check" in r for r in results),
    }


def render_table(
    record: dict, results: list[dict], root: Path, label: str = "resultados"
) -> str:
    """The results as a table; `label` names its scrolling region (unique per page)."""
    by_id = _by_id(record)
    has = _columns(results)
    memory_group = all(r["metric"] == "memory" for r in results)
    head = ["Caso", "Mediana", "Dispersão (p25–p75)"]
    if has["ratio"]:
        head.append(
            "Fração do pico da 1ª linha"
            if memory_group
            else "Ganho sobre a base (IC 95%)"
        )
    if memory_group:
        head += ["Ativações guardadas", "Tempo do passo (IC 95% da razão)"]
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
        base = by_id.get(res.get("baseline", ""))
        case = (
            f"{esc(res['label'])}<br><small>{esc(params_text(res['params']))}</small>"
        )
        if stale_modules(record, res, root):
            case += f"<br>{_stale_badge()}"
        timing = res.get("timing")
        cells = [case]
        if res["value"] is None:
            cells += [f"não se aplica<br><small>{esc(res['reason'])}</small>", "—"]
        else:
            cells.append(f"{esc(number(res['value']))} {esc(res['unit'])}")
            cells.append(_spread(res, timing, record))
        if has["ratio"] and memory_group:
            r = point_ratio(res, base)
            cells.append(times(r) if r is not None else "base")
        elif has["ratio"]:
            cells.append(ratio_cell(res, base))
        memory = res.get("memory")
        if memory_group:
            saved = (memory or {}).get("saved_activation_bytes")
            cells.append(mib(saved) if saved is not None else "—")
            cells.append(_step_time(res, timing, base, record))
        elif has["memory"]:
            peak = (memory or {}).get("peak_bytes")
            cells.append(mib(peak) if peak is not None else "—")
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
    return _wrap_table(label, head, rows)


def _wrap_table(label: str, head: list[str], rows: list[str], cls: str = "") -> str:
    # Wide tables scroll inside their own box on a phone; the box takes the keyboard
    # focus so it can be scrolled without a mouse.
    return (
        '<div class="bench-table-wrap" role="region" tabindex="0" '
        f'aria-label="Tabela: {esc(label)}">'
        f'<table class="bench-table{cls}"><thead><tr>'
        + "".join(f"<th>{esc(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


# ------------------------------------------------------------------ groups


def _missing(runner: str, text: str) -> str:
    return (
        f'<div class="bench-block bench-missing" data-runner="{esc(runner)}">'
        f"<p>{text}</p></div>"
    )


def render_group(group: str, records: dict[str, dict], root: Path) -> str:
    """Per runner: one chart per panel and the table."""
    if group not in GROUPS:
        raise ValueError(f"grupo desconhecido: {group}")
    blocks = []
    for runner in runners(records):
        record = records.get(runner)
        title = runner_title(runner, record)
        if record is None:
            blocks.append(
                _missing(
                    runner,
                    f"<strong>{esc(title)}</strong>: nenhum benchmark de "
                    f"{esc(title)} registrado ainda. Os números aparecem aqui quando "
                    f"o runner gravar <code>verification/bench-{esc(runner)}.json"
                    "</code>.",
                )
            )
            continue
        results = [r for r in record["results"] if r["group"] == group]
        if not results:
            blocks.append(
                _missing(
                    runner,
                    f"<strong>{esc(title)}</strong>: o registro não tem medições de "
                    f"{esc(GROUP_TITLES[group].lower())}.",
                )
            )
            continue
        labels = {r["id"]: _short(r["label"]) for r in results}
        panels: dict[str, list[dict]] = {}
        for res in results:
            key = res["label"].split(":", 1)[0] if ":" in res["label"] else ""
            panels.setdefault(key, []).append(res)
        charts = []
        for i, (panel, panel_results) in enumerate(panels.items()):
            rows = [
                (_short(r["label"]), r, bool(stale_modules(record, r, root)))
                for r in panel_results
            ]
            units = sorted({r["unit"] for r in panel_results})
            chart_title = (
                f"{GROUP_TITLES[group]}, {title}"
                + (f": {panel}" if panel else "")
                + f" ({', '.join(units)})"
            )
            chart = bar_chart(f"bench-{group}-{runner}-{i}", chart_title, rows, labels)
            charts.append(
                f'<figure class="bench-figure">{chart}'
                f"<figcaption>{esc(chart_title)}</figcaption></figure>"
            )
        notes = ""
        if is_indicative(record):
            notes += (
                f'<p class="bench-indicative"><strong>Indicativo</strong>: '
                f"{esc(conditions_text(record).removeprefix('indicativo — '))}.</p>"
            )
        if any(stale_modules(record, r, root) for r in results):
            notes += (
                f'<p class="bench-stale">{_stale_badge()} Barras marcadas com * '
                "vêm de um módulo que mudou depois da medição.</p>"
            )
        blocks.append(
            f'<div class="bench-block" data-runner="{esc(runner)}">'
            f"<p><strong>{esc(title)}</strong></p>{notes}"
            + "".join(charts)
            + render_table(record, results, root, f"{GROUP_TITLES[group]}, {title}")
            + "</div>"
        )
    return "\n\n".join(blocks)


# ------------------------------------------------------------------ summary


def _summary_rows(runner: str, record: dict, root: Path) -> list[list[str]]:
    by_id = _by_id(record)
    title = runner_title(runner, record)
    conditions = conditions_text(record)
    rows = []
    for res in record["results"]:
        base = by_id.get(res.get("baseline", ""))
        if base is None or res["value"] is None:
            continue
        if res["group"] == "memory":
            if "ratio" not in res:
                continue
            what = (
                f"ResNet-50, tempo do passo: {_short(res['label'])} ÷ "
                f"{_short(base['label'])}"
            )
            shown = interval_text(res["ratio"])
        else:
            panel = (
                res["label"].split(":", 1)[0]
                if ":" in res["label"]
                else (GROUP_TITLES[res["group"]])
            )
            what = f"{panel}: {_short(res['label'])} sobre {_short(base['label'])}"
            shown = (
                interval_text(res["ratio"])
                if "ratio" in res
                else f"≈{times(point_ratio(res, base) or 0, 1)}"
            )
        if any(stale_modules(record, x, root) for x in (res, base)):
            shown += f" [{STALE_TEXT}]"
        rows.append([esc(what), esc(title), esc(shown), esc(conditions)])
    return rows


def render_summary(records: dict[str, dict], root: Path) -> str:
    """Every measured ratio, per runner: device, interval, rounds, conditions."""
    head = ["Comparação", "Onde", "Razão (IC 95%), rodadas", "Condições"]
    rows = []
    for runner in runners(records):
        record = records.get(runner)
        title = runner_title(runner, record)
        if record is None:
            rows.append(
                f"<tr><td>—</td><td>{esc(title)}</td><td>nenhum benchmark registrado "
                f"ainda (falta <code>verification/bench-{esc(runner)}.json</code>)"
                "</td><td>—</td></tr>"
            )
            continue
        for cells in _summary_rows(runner, record, root):
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return _wrap_table("razões medidas", head, rows, " bench-summary")


def render_marker(name: str, records: dict[str, dict], root: Path) -> str:
    if name == "summary":
        return render_summary(records, root)
    if name == "environment":
        return render_environment(records)
    return render_group(name, records, root)


def render_page(markdown: str, records: dict[str, dict], root: Path) -> str:
    """Replace every ``<!-- bench:NAME -->`` in ``markdown``."""
    return MARKER_RE.sub(lambda m: render_marker(m["name"], records, root), markdown)

"""The benchmark records on the Desempenho page: tables, charts, the measured summary.

Pure functions over validated records (:mod:`scripts.verification.benchmarks`); the
MkDocs hook ``scripts/hooks/benchmarks_page.py`` puts their output where the page
holds a marker (``<!-- bench:summary -->``, ``<!-- bench:training -->``, ...).
Everything rendered is pt-BR, and every number comes from a record: a runner without
a record is shown as missing, a case that cannot run as "não se aplica", never as
zero; a result whose module changed after the run says "não verificado desde a
última alteração", like the badges (and reuses their CSS classes). Words and number
formats: :mod:`.bench_format`; the SVG charts: :mod:`.bench_charts`; the HTML:
``templates/bench_*.html``.

The profile's ratings are the author's opinion, rendered on the page from the
profile data (``profile_table("ratings")``, :mod:`scripts.profile.render`); what was
measured has its own table (:func:`render_summary`), per runner, with each ratio's
interval, rounds and conditions, and never under a rating.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from scripts.verification.bench_charts import bar_chart
from scripts.verification.bench_format import (
    NO_INTERVAL,
    conditions_text,
    environment_text,
    interval_text,
    is_indicative,
    mib,
    params_text,
)
from scripts.verification.benchmarks import GROUPS
from scripts.verification.digest import current_sha256 as file_sha256
from scripts.verification.formatting import plural, significant, times
from scripts.verification.runners import runner_label, runner_order
from scripts.verification.templates import render
from scripts.verification.texts import BENCH_NOT_APPLICABLE
from scripts.verification.texts import STALE as STALE_TEXT

MARKER_RE = re.compile(r"<!-- bench:(?P<name>[a-z-]+) -->")
GROUP_TITLES = {
    "training": "Treino",
    "inference": "Inferência",
    "dataloader": "DataLoader",
    "memory": "Memória",
}
_SMALL = Markup("{}<br><small>{}</small>")


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
    return _SMALL.format(f"≈{times(r, 1)}", NO_INTERVAL)


def _short(label: str) -> str:
    return label.split(":", 1)[1].strip() if ":" in label else label


# ------------------------------------------------------------------ table


def _stale_badge() -> Markup:
    return render("bench_stale.html")


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
    return f"{significant(a)}–{significant(b)} ({_count(timing, record)})"


def _step_time(res: dict, timing: dict | None, base: dict | None, record) -> str:
    if not timing:
        return "—"
    ms = [significant(timing[k] * 1000) for k in ("median_s", "p25_s", "p75_s")]
    text = _SMALL.format(f"{ms[0]} ms", f"{ms[1]}–{ms[2]} ({_count(timing, record)})")
    if "ratio" in res and base is not None:
        ratio = interval_text(res["ratio"], rounds=False)
        text += Markup("<br><small>{} o de {}</small>").format(
            ratio, base["params"].get("config")
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


def _head(has: dict[str, bool], memory_group: bool) -> list[str]:
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
    return head


def _measured_cells(res: dict, record: dict, root: Path) -> list[str]:
    """The case (with its parameters and a stale mark), the median, the spread."""
    case = _SMALL.format(res["label"], params_text(res["params"]))
    if stale_modules(record, res, root):
        case += Markup("<br>") + _stale_badge()
    if res["value"] is None:
        return [case, _SMALL.format(BENCH_NOT_APPLICABLE, res["reason"]), "—"]
    value = f"{significant(res['value'])} {res['unit']}"
    return [case, value, _spread(res, res.get("timing"), record)]


def _memory_cells(res: dict, base: dict | None, record: dict, has, group) -> list:
    """The ratio column, then the memory columns (saved activations, step time)."""
    cells = []
    if has["ratio"] and group:
        r = point_ratio(res, base)
        cells.append(times(r) if r is not None else "base")
    elif has["ratio"]:
        cells.append(ratio_cell(res, base))
    memory = res.get("memory") or {}
    if group:
        saved = memory.get("saved_activation_bytes")
        cells.append(mib(saved) if saved is not None else "—")
        cells.append(_step_time(res, res.get("timing"), base, record))
    elif has["memory"]:
        peak = memory.get("peak_bytes")
        cells.append(mib(peak) if peak is not None else "—")
    return cells


def _compute_cells(res: dict, has: dict[str, bool]) -> list[str]:
    """FLOP/s, the share of the peak, the compile time, compiled = eager."""
    cells: list[str] = []
    flops = res.get("flops")
    if has["flops"]:
        cells.append(significant(flops["achieved"] / 1e12) if flops else "—")
    if has["share"]:
        share = (flops or {}).get("peak_share")
        cells.append(f"{significant(share * 100, 2)}%" if share is not None else "—")
    if has["compile"]:
        c = (res.get("timing") or {}).get("compile_s")
        compiled = res["params"].get("compile", True) and c is not None
        cells.append(f"{significant(c)} s" if compiled else "sem compile")
    if has["check"]:
        check = res.get("check")
        if check is None:
            cells.append("—")
        else:
            same = (
                "sim"
                if check["compiled_matches_eager"]
                else Markup("<strong>não</strong>")
            )
            diff = significant(check["max_abs_diff"], 2)
            cells.append(Markup("{} (dif. máx. {})").format(same, diff))
    return cells


def render_table(
    record: dict, results: list[dict], root: Path, label: str = "resultados"
) -> str:
    """The results as a table; `label` names its scrolling region (unique per page)."""
    by_id = _by_id(record)
    has = _columns(results)
    group = all(r["metric"] == "memory" for r in results)  # the memory group
    rows = []
    for res in results:
        base = by_id.get(res.get("baseline", ""))
        rows.append(
            _measured_cells(res, record, root)
            + _memory_cells(res, base, record, has, group)
            + _compute_cells(res, has)
        )
    return str(_table(label, _head(has, group), rows))


def _table(label: str, head: list[str], rows: list[list], cls: str = "") -> Markup:
    return render("bench_table.html", label=label, head=head, rows=rows, cls=cls)


# ------------------------------------------------------------------ groups


def _missing(runner: str, title: str, text: str) -> Markup:
    return render("bench_missing.html", runner=runner, title=title, text=text)


def _figures(
    group: str, runner: str, title: str, results: list[dict], record: dict, root: Path
) -> list[tuple[Markup, str]]:
    """One chart per panel (the label's part before ":"), with its caption."""
    labels = {r["id"]: _short(r["label"]) for r in results}
    panels: dict[str, list[dict]] = {}
    for res in results:
        key = res["label"].split(":", 1)[0] if ":" in res["label"] else ""
        panels.setdefault(key, []).append(res)
    figures = []
    for i, (panel, panel_results) in enumerate(panels.items()):
        rows = [
            (_short(r["label"]), r, bool(stale_modules(record, r, root)))
            for r in panel_results
        ]
        units = sorted({r["unit"] for r in panel_results})
        caption = (
            f"{GROUP_TITLES[group]}, {title}"
            + (f": {panel}" if panel else "")
            + f" ({', '.join(units)})"
        )
        chart = bar_chart(f"bench-{group}-{runner}-{i}", caption, rows, labels)
        figures.append((chart, caption))
    return figures


def _group_block(group: str, runner: str, record: dict | None, root: Path) -> Markup:
    title = runner_label(runner, record)
    if record is None:
        text = Markup(
            "nenhum benchmark de {} registrado ainda. Os números aparecem aqui quando "
            "o runner gravar <code>verification/bench-{}.json</code>."
        ).format(title, runner)
        return _missing(runner, title, text)
    results = [r for r in record["results"] if r["group"] == group]
    if not results:
        text = f"o registro não tem medições de {GROUP_TITLES[group].lower()}."
        return _missing(runner, title, text)
    return render(
        "bench_block.html",
        runner=runner,
        title=title,
        indicative=conditions_text(record).removeprefix("indicativo — ")
        if is_indicative(record)
        else "",
        stale=any(stale_modules(record, r, root) for r in results),
        figures=_figures(group, runner, title, results, record, root),
        table=Markup(
            render_table(record, results, root, f"{GROUP_TITLES[group]}, {title}")
        ),
    )


def render_group(group: str, records: dict[str, dict], root: Path) -> str:
    """Per runner: one chart per panel and the table."""
    if group not in GROUPS:
        raise ValueError(f"grupo desconhecido: {group}")
    blocks = [
        _group_block(group, runner, records.get(runner), root)
        for runner in runner_order(records)
    ]
    return "\n\n".join(blocks)


# ------------------------------------------------------------------ summary


def _summary_rows(runner: str, record: dict, root: Path) -> list[list[str]]:
    by_id = _by_id(record)
    title = runner_label(runner, record)
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
        rows.append([what, title, shown, conditions])
    return rows


def render_summary(records: dict[str, dict], root: Path) -> str:
    """Every measured ratio, per runner: device, interval, rounds, conditions."""
    head = ["Comparação", "Onde", "Razão (IC 95%), rodadas", "Condições"]
    rows: list[list] = []
    for runner in runner_order(records):
        record = records.get(runner)
        if record is None:
            missing = Markup(
                "nenhum benchmark registrado ainda (falta "
                "<code>verification/bench-{}.json</code>)"
            ).format(runner)
            rows.append(["—", runner_label(runner, record), missing, "—"])
            continue
        rows += _summary_rows(runner, record, root)
    return str(_table("razões medidas", head, rows, " bench-summary"))


def render_environment(records: dict[str, dict]) -> str:
    """Where each runner measured: device, versions, load (or that it did not)."""
    items = []
    for runner in runner_order(records):
        record = records.get(runner)
        text = environment_text(record) if record is not None else None
        items.append((runner, runner_label(runner, record), text))
    return str(render("bench_environment.html", items=items))


def render_marker(name: str, records: dict[str, dict], root: Path) -> str:
    if name == "summary":
        return render_summary(records, root)
    if name == "environment":
        return render_environment(records)
    return render_group(name, records, root)


def render_page(markdown: str, records: dict[str, dict], root: Path) -> str:
    """Replace every ``<!-- bench:NAME -->`` in ``markdown``."""
    return MARKER_RE.sub(lambda m: render_marker(m["name"], records, root), markdown)

"""Inline SVG bar charts of the benchmark results, with their text alternative.

Written here, inline in the page (no request to any host), coloured with Material's
CSS variables and ``currentColor`` so they follow the light and dark schemes
(``docs/stylesheets/benchmarks.css``), with a ``<title>`` and a ``<desc>`` that say
what the bars say, each ratio with its interval. The geometry is computed here, as
plain numbers; the elements are ``templates/bench_chart.svg``; the words are
:mod:`.texts`'.
"""

from __future__ import annotations

from markupsafe import Markup

from scripts.verification import texts
from scripts.verification.bench_format import NO_INTERVAL, interval_text
from scripts.verification.formatting import significant
from scripts.verification.templates import render

WIDTH = 520  # the viewBox's width; the chart scales to its box
ROW_H = 46  # a row: its label line, then its bar
PAD = 6  # above the first row and below the last
LABEL_H = 16
BAR_H = 16
BAR_W = WIDTH - 150  # the longest bar, leaving room for its value


def value_text(res: dict) -> str:
    if res["value"] is None:
        return texts.BENCH_NOT_APPLICABLE_WHY.format(reason=res["reason"])
    return f"{significant(res['value'])} {res['unit']}"


def ratio_phrase(res: dict, base_label: str | None) -> str:
    """What the text alternative says of a result's comparison with its base."""
    if "baseline" not in res or base_label is None:
        return ""
    ratio = res.get("ratio")
    if res["metric"] == "memory":
        if not ratio:
            return ""
        return texts.BENCH_STEP_TIME.format(ratio=interval_text(ratio), base=base_label)
    shown = interval_text(ratio) if ratio else NO_INTERVAL
    return texts.BENCH_GAIN.format(ratio=shown, base=base_label)


def _desc(rows: list[tuple[str, dict, bool]], labels: dict) -> str:
    """The text alternative: each bar's label, value, ratio, and whether stale."""
    return "; ".join(
        f"{label}: {value_text(res)}"
        + ratio_phrase(res, labels.get(res.get("baseline", "")))
        + (f" ({texts.STALE})" if stale else "")
        for label, res, stale in rows
    )


def _bar(i: int, label: str, res: dict, stale: bool, top: float) -> dict:
    """Where row ``i`` goes: its label's baseline, its bar and its value's text.

    A result without a value has no bar (``width`` is ``None``), only its "não se
    aplica" where the bar would be.
    """
    y = PAD + i * ROW_H
    bar_y = y + LABEL_H + 4
    bar = {"label": label, "label_y": y + LABEL_H - 3, "bar_y": bar_y,
           "text_y": bar_y + BAR_H - 3, "width": None, "stale": stale}  # fmt: skip
    if res["value"] is None:
        return bar
    w = max(1.0, BAR_W * res["value"] / top)
    css = "bench-bar" + (" bench-bar-base" if "baseline" not in res else "")
    css += " bench-bar-stale" if stale else ""
    return {**bar, "css": css, "width": f"{w:.1f}", "value_x": f"{w + 6:.1f}",
            "value": value_text(res)}  # fmt: skip


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, dict, bool]], labels: dict
) -> Markup:
    """A horizontal bar chart; rows are (short label, result, stale).

    ``labels`` maps result ids to their short labels (to name a base in the text
    alternative). Each row is a label line with its bar below, so long labels never
    clip and the chart stays legible when it shrinks to a phone's width.
    """
    values = [r["value"] for _, r, _ in rows if r["value"] is not None]
    top = max(values) if values else 1.0
    return render(
        "bench_chart.svg",
        id=chart_id,
        width=WIDTH,
        height=PAD * 2 + ROW_H * len(rows),
        bar_h=BAR_H,
        title=title,
        desc=_desc(rows, labels),
        bars=[_bar(i, *row, top) for i, row in enumerate(rows)],
    )

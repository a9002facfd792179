"""Inline SVG bar charts of the benchmark results, with their text alternative.

Written here, inline in the page (no request to any host), coloured with Material's
CSS variables and ``currentColor`` so they follow the light and dark schemes
(``docs/stylesheets/benchmarks.css``), with a ``<title>`` and a ``<desc>`` that say
what the bars say, each ratio with its interval.
"""

from __future__ import annotations

from scripts.verification.bench_format import NO_INTERVAL, esc, interval_text
from scripts.verification.formatting import significant
from scripts.verification.texts import STALE as STALE_TEXT


def value_text(res: dict) -> str:
    if res["value"] is None:
        return f"não se aplica ({res['reason']})"
    return f"{significant(res['value'])} {res['unit']}"


def ratio_phrase(res: dict, base_label: str | None) -> str:
    """What the text alternative says of a result's comparison with its base."""
    if "baseline" not in res or base_label is None:
        return ""
    ratio = res.get("ratio")
    if res["metric"] == "memory":
        if not ratio:
            return ""
        return f", tempo do passo {interval_text(ratio)} o de {base_label}"
    if not ratio:
        return f", ganho sobre {base_label} {NO_INTERVAL}"
    return f", ganho sobre {base_label} {interval_text(ratio)}"


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, dict, bool]], labels: dict
) -> str:
    """A horizontal bar chart; rows are (short label, result, stale).

    ``labels`` maps result ids to their short labels (to name a base in the text
    alternative). Each row is a label line with its bar below, so long labels never
    clip and the chart stays legible when it shrinks to a phone's width.
    """
    width, row_h, pad, label_h, bar_h = 520, 46, 6, 16, 16
    bar_w = width - 150
    values = [r["value"] for _, r, _ in rows if r["value"] is not None]
    top = max(values) if values else 1.0
    height = pad * 2 + row_h * len(rows)
    desc = "; ".join(
        f"{label}: {value_text(res)}"
        + ratio_phrase(res, labels.get(res.get("baseline", "")))
        + (f" ({STALE_TEXT})" if stale else "")
        for label, res, stale in rows
    )
    parts = [
        f'<svg class="bench-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{esc(title)}</title>',
        f'<desc id="{chart_id}-d">{esc(desc)}</desc>',
    ]
    for i, (label, res, stale) in enumerate(rows):
        y = pad + i * row_h
        bar_y = y + label_h + 4
        parts.append(
            f'<text class="bench-label" x="0" y="{y + label_h - 3}">{esc(label)}</text>'
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
            f'y="{bar_y + bar_h - 3}">{esc(value_text(res))}'
            + (" *" if stale else "")
            + "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

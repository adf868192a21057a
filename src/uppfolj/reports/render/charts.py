"""Charts of a document with matplotlib (Agg): PNG for DOCX and PDF, SVG for HTML."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from uppfolj.core.format import number
from uppfolj.reports.document import Chart

SURPLUS = "#2e7d32"
DEFICIT = "#c62828"
BUDGET = "#455a64"
ACTUAL = "#1565c0"
FORECAST = "#ef6c00"


def _pyplot() -> Any:
    import matplotlib  # noqa: PLC0415 - heavy; only when a chart is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    matplotlib.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 8, "axes.spines.top": False, "axes.spines.right": False,
        "svg.fonttype": "none", "svg.hashsalt": "uppfolj",
    })
    return plt


def _axis_format(ax: Any, *, x: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    formatter = FuncFormatter(lambda v, _pos: number(round(v)) if abs(v) >= 10 or v % 1 == 0 else number(Decimal(str(round(v, 1))), 1))
    (ax.xaxis if x else ax.yaxis).set_major_formatter(formatter)


def _variance(plt: Any, chart: Chart) -> Any:
    values = [v or 0.0 for v in chart.series["Avvikelse"]]
    height = max(2.4, 0.32 * len(values) + 1.0)
    fig, ax = plt.subplots(figsize=(7.0, min(height, 9.0)))
    positions = list(range(len(values)))[::-1]
    for pos, value in zip(positions, values, strict=True):
        surplus = value >= 0
        ax.barh(pos, value, color=SURPLUS if surplus else DEFICIT, hatch="//" if surplus else "xx",
                edgecolor="white", linewidth=0)
    ax.set_yticks(positions, [label if len(label) <= 34 else label[:32] + "…" for label in chart.labels])
    ax.axvline(0, color="black", linewidth=0.8)
    _axis_format(ax, x=True)
    ax.set_xlabel(chart.unit_label)
    from matplotlib.patches import Patch  # noqa: PLC0415

    ax.legend(handles=[Patch(facecolor=SURPLUS, hatch="//", edgecolor="white", label="Överskott"),
                       Patch(facecolor=DEFICIT, hatch="xx", edgecolor="white", label="Underskott")],
              loc="lower right", frameon=False)
    return fig


def _monthly(plt: Any, chart: Chart) -> Any:
    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    x = list(range(len(chart.labels)))
    styles = {"Budget (ackumulerad)": (BUDGET, "--", "o"), "Utfall (ackumulerat)": (ACTUAL, "-", "s"),
              "Prognos till årets slut": (FORECAST, ":", "^")}
    for name, values in chart.series.items():
        points = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
        if not points:
            continue
        color, line, marker = styles.get(name, ("black", "-", None))
        ax.plot([p[0] for p in points], [p[1] for p in points], color=color, linestyle=line, marker=marker,
                markersize=3, label=name)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax)
    ax.set_ylabel(chart.unit_label)
    ax.legend(frameon=False, loc="best")
    return fig


def _rounds(plt: Any, chart: Chart) -> Any:
    fig, ax = plt.subplots(figsize=(7.0, 2.8))
    values = [v or 0.0 for v in chart.series["Prognosavvikelse"]]
    x = list(range(len(values)))
    for i, value in zip(x, values, strict=True):
        surplus = value >= 0
        ax.bar(i, value, width=0.35, color=SURPLUS if surplus else DEFICIT, hatch="//" if surplus else "xx",
               edgecolor="white", linewidth=0)
        places = 0 if abs(value) >= 100 else 1
        ax.annotate(number(Decimal(str(round(value, places))), places), (i, value), ha="center", xytext=(0, 3 if surplus else -3),
                    textcoords="offset points", va="bottom" if surplus else "top", fontsize=7)
    ax.margins(y=0.15)
    ax.set_xlim(-0.6, max(len(values), 4) - 0.4)  # one or two rounds: keep the bars slim
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax)
    ax.set_ylabel(chart.unit_label)
    return fig


DRAWERS = {"variance_by_unit": _variance, "monthly": _monthly, "forecast_rounds": _rounds}


def draw(chart: Chart, fmt: str = "png", *, dpi: int = 150) -> bytes:
    """The chart as PNG or SVG bytes."""
    plt = _pyplot()
    fig = DRAWERS[chart.key](plt, chart)
    fig.suptitle(chart.title, fontsize=9, x=0.01, ha="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()

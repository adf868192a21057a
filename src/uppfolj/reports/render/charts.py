"""Charts of a document with matplotlib (Agg): PNG for DOCX and PDF, SVG for HTML."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from uppfolj.core.format import number
from uppfolj.reports.layout import Chart

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


ACCURACY_STYLES = {"Inlämnad prognos": (FORECAST, "-", "o"), "Förslag": (ACTUAL, "--", "s"),
                   "Utfall i samma takt": (BUDGET, ":", "^")}
CORE_SPAN = 2.0  # a run rate farther than this many spans of the other values is drawn at the edge


def _limits(core: list[float], extra: list[float]) -> tuple[float, float]:
    """Y limits around the values (not from 0, so a miss of a few per cent shows), taking in the
    `extra` values (the run rate) only while they are not far off the `core` ones."""
    low, high = min(core), max(core)
    span = high - low or max(abs(high) * 0.02, 1.0)
    reach = (low - CORE_SPAN * span, high + CORE_SPAN * span)
    near = [v for v in extra if reach[0] <= v <= reach[1]]
    low, high = min([low, *near]), max([high, *near])
    span = high - low or span
    return low - 0.15 * span, high + 0.15 * span


def _accuracy(plt: Any, chart: Chart) -> Any:
    fig, ax = plt.subplots(figsize=(7.0, 3.3))
    x = list(range(len(chart.labels)))
    core = [v for name, values in chart.series.items() if name != "Utfall i samma takt" for v in values if v is not None]
    core += list(chart.lines.values())
    extra = [v for v in chart.series.get("Utfall i samma takt", []) if v is not None]
    low, high = _limits(core, extra)
    for name, value in chart.lines.items():
        ax.axhline(value, color="black", linewidth=1.2, label=name)
    for name, values in chart.series.items():
        color, line, marker = ACCURACY_STYLES.get(name, ("black", "-", "o"))
        points = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
        if not points:
            continue
        inside = [(i, min(max(v, low), high)) for i, v in points]
        ax.plot([p[0] for p in inside], [p[1] for p in inside], color=color, linestyle=line, marker=marker,
                markersize=4 if name == "Inlämnad prognos" else 3, linewidth=1.6 if name == "Inlämnad prognos" else 1.0,
                label=name)
        for i, v in points:
            if not low <= v <= high:  # off the scale: an arrow at the edge and the value
                above = v > high
                ax.plot([i], [high if above else low], marker="^" if above else "v", color=color, markersize=6,
                        clip_on=False)
                ax.annotate(_label(v, chart.unit_label), (i, high if above else low), ha="left", va="top" if above else "bottom",
                            fontsize=6.5, color=color, xytext=(5, -2 if above else 2), textcoords="offset points")
    ax.set_ylim(low, high)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax)
    ax.set_ylabel(chart.unit_label)
    ax.set_xlabel("Prognosmånad")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
    return fig


def _label(value: float, unit: str) -> str:
    """A value as the tables print it: one decimal in mnkr, whole numbers otherwise."""
    return number(Decimal(str(round(value, 1))), 1) if unit == "mnkr" else number(round(value))


def _volume(plt: Any, chart: Chart) -> Any:
    """A measure month by month: this year solid with dots, last year dashed (told apart without colour)."""
    fig, ax = plt.subplots(figsize=(7.0, 2.8))
    x = list(range(len(chart.labels)))
    for n, (name, values) in enumerate(chart.series.items()):
        points = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
        if not points:
            continue
        ax.plot([p[0] for p in points], [p[1] for p in points], color=ACTUAL if n == 0 else BUDGET,
                linestyle="-" if n == 0 else "--", marker="o" if n == 0 else None, markersize=3,
                linewidth=1.8 if n == 0 else 1.2, label=name)
    ax.set_xticks(x, chart.labels)
    ax.set_ylim(bottom=0)
    _axis_format(ax)
    ax.set_ylabel(chart.unit_label)
    ax.legend(frameon=False, loc="lower right")
    return fig


DRAWERS = {"variance_by_unit": _variance, "monthly": _monthly, "forecast_rounds": _rounds, "accuracy": _accuracy,
           "volume": _volume}


def draw(chart: Chart, fmt: str = "png", *, dpi: int = 150) -> bytes:
    """The chart as PNG or SVG bytes."""
    plt = _pyplot()
    fig = DRAWERS[chart.key.partition("-")[0]](plt, chart)  # volume-<measure>: one drawer per kind
    fig.suptitle(chart.title, fontsize=9, x=0.01, ha="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()

"""Charts of a document with matplotlib (Agg): PNG for DOCX and PDF, SVG for HTML."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
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


def _text(value: float, places: int) -> str:
    """A number of the chart the way the tables print it: Swedish format, `places` decimals."""
    rounded = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0  # + 0: no -0
    return number(rounded, places)


def _axis_format(ax: Any, places: int, *, x: bool = False) -> None:
    """Ticks at round steps that `places` decimals show exactly, every one with those decimals
    (no "-0,2" among whole numbers), on a span wide enough for at least a few such steps."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator  # noqa: PLC0415

    low, high = ax.get_xlim() if x else ax.get_ylim()
    need = 4 * 10.0 ** -places
    if high - low < need:
        middle = (low + high) / 2
        (ax.set_xlim if x else ax.set_ylim)(middle - need / 2, middle + need / 2)
    smallest = 10.0 ** -places

    class Steps(MaxNLocator):  # type: ignore[misc]
        """Round steps, never finer than the last printed decimal (0,05 would print as 0,1)."""

        def tick_values(self, vmin: float, vmax: float) -> Any:
            ticks = super().tick_values(vmin, vmax)
            if len(ticks) > 1 and ticks[1] - ticks[0] < smallest * 0.999:
                return MultipleLocator(smallest).tick_values(vmin, vmax)
            return ticks

    axis = ax.xaxis if x else ax.yaxis
    axis.set_major_locator(Steps(nbins="auto", steps=[1, 2, 5, 10], integer=places == 0))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _text(v, places)))


LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85}


def _bar_label(ax: Any, x: float, y: float, value: float, places: int, *, horizontal: bool = False) -> None:
    """The bar's value at its end, outside the bar."""
    surplus = value >= 0
    if horizontal:
        ax.annotate(_text(value, places), (value, y), ha="left" if surplus else "right", va="center",
                    xytext=(3 if surplus else -3, 0), textcoords="offset points", fontsize=7)
    else:
        ax.annotate(_text(value, places), (x, value), ha="center", va="bottom" if surplus else "top",
                    xytext=(0, 3 if surplus else -3), textcoords="offset points", fontsize=7, bbox=LABEL_BOX,
                    zorder=5)


def _legend_patches() -> list[Any]:
    from matplotlib.patches import Patch  # noqa: PLC0415

    return [Patch(facecolor=SURPLUS, hatch="//", edgecolor="white", label="Bättre än budget"),
            Patch(facecolor=DEFICIT, hatch="xx", edgecolor="white", label="Sämre än budget")]


def _variance(plt: Any, chart: Chart) -> Any:
    values = [v or 0.0 for v in chart.series["Avvikelse"]]
    height = max(2.4, 0.32 * len(values) + 1.0)
    fig, ax = plt.subplots(figsize=(7.0, min(height, 9.0)))
    positions = list(range(len(values)))[::-1]
    for pos, value in zip(positions, values, strict=True):
        surplus = value >= 0
        ax.barh(pos, value, color=SURPLUS if surplus else DEFICIT, hatch="//" if surplus else "xx",
                edgecolor="white", linewidth=0)
        _bar_label(ax, 0, pos, value, chart.places, horizontal=True)
    ax.set_yticks(positions, [label if len(label) <= 34 else label[:32] + "…" for label in chart.labels])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.margins(x=0.18)  # room for the labels at the bars' ends
    _axis_format(ax, chart.places, x=True)
    ax.set_xlabel(chart.unit_label)
    # above the bars at the right: never over a bar, whichever side the deviations fall
    ax.legend(handles=_legend_patches(), loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False,
              fontsize=7, borderaxespad=0.2)
    return fig


MONTH_BARS, CUMULATIVE, YEAR_END = "Månadens avvikelse", "Ackumulerad avvikelse", "Prognosavvikelse helår"


def _deviation(plt: Any, chart: Chart) -> Any:
    """The budget deviation month by month (bars) and accumulated (line), with the year-end
    forecast's deviation where there is one: on the deviation's own scale, not the budget's."""
    fig, ax = plt.subplots(figsize=(7.0, 3.3))
    x = list(range(len(chart.labels)))
    for i, value in zip(x, chart.series.get(MONTH_BARS, []), strict=False):
        if value is None:
            continue
        surplus = value >= 0
        ax.bar(i, value, width=0.55, color=SURPLUS if surplus else DEFICIT, hatch="//" if surplus else "xx",
               edgecolor="white", linewidth=0, alpha=0.85)
        if len(x) <= 12:
            _bar_label(ax, i, 0, value, chart.places)
    handles = _legend_patches()
    cumulative = [(i, v) for i, v in zip(x, chart.series.get(CUMULATIVE, []), strict=False) if v is not None]
    if cumulative:
        (line,) = ax.plot([p[0] for p in cumulative], [p[1] for p in cumulative], color=ACTUAL, marker="s",
                          markersize=4, linewidth=1.8, label=CUMULATIVE)
        handles.append(line)
        i, v = cumulative[-1]
        last = i == len(x) - 1  # at December: the label left of the point, inside the chart
        ax.annotate(_text(v, chart.places), (i, v), ha="right" if last else "left", va="bottom",
                    xytext=(-5 if last else 5, 5), textcoords="offset points",
                    fontsize=7.5, fontweight="bold", color=ACTUAL, bbox=LABEL_BOX, zorder=6)
    year_end = [(i, v) for i, v in zip(x, chart.series.get(YEAR_END, []), strict=False) if v is not None]
    if year_end:
        (line,) = ax.plot([p[0] for p in year_end], [p[1] for p in year_end], color=FORECAST, linestyle=":",
                          marker="^", markersize=5, linewidth=1.4, label=YEAR_END, markevery=[len(year_end) - 1])
        handles.append(line)
        i, v = year_end[-1]
        ax.annotate(_text(v, chart.places), (i, v), ha="center", va="top", xytext=(0, -7), textcoords="offset points",
                    fontsize=7.5, fontweight="bold", color=FORECAST, bbox=LABEL_BOX, zorder=6)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(y=0.15)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax, chart.places)
    ax.set_ylabel(chart.unit_label)
    ax.legend(handles=handles, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(handles),
              fontsize=7, handlelength=1.6, columnspacing=1.2)
    return fig


def _rounds(plt: Any, chart: Chart) -> Any:
    fig, ax = plt.subplots(figsize=(7.0, 2.8))
    values = [v or 0.0 for v in chart.series["Prognosavvikelse"]]
    x = list(range(len(values)))
    for i, value in zip(x, values, strict=True):
        surplus = value >= 0
        ax.bar(i, value, width=0.35, color=SURPLUS if surplus else DEFICIT, hatch="//" if surplus else "xx",
               edgecolor="white", linewidth=0)
        _bar_label(ax, i, 0, value, chart.places)
    ax.margins(y=0.15)
    ax.set_xlim(-0.6, max(len(values), 4) - 0.4)  # few rounds: keep the bars slim
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax, chart.places)
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
                ax.annotate(_text(v, chart.places), (i, high if above else low), ha="left", va="top" if above else "bottom",
                            fontsize=6.5, color=color, xytext=(5, -2 if above else 2), textcoords="offset points")
    ax.set_ylim(low, high)
    ax.set_xticks(x, chart.labels)
    _axis_format(ax, chart.places)
    ax.set_ylabel(chart.unit_label)
    ax.set_xlabel("Prognosmånad")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4)
    return fig


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
    _axis_format(ax, chart.places)
    ax.set_ylabel(chart.unit_label)
    ax.legend(frameon=False, loc="lower right")
    return fig


DRAWERS = {"variance_by_unit": _variance, "deviation_by_month": _deviation, "forecast_rounds": _rounds, "accuracy": _accuracy,
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

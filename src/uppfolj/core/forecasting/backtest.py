"""`backtest`: every method's forecast of every unit, made at (year, month) from what was known
then, against the year's outcome; and the summary per method and month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

from uppfolj.core.choices import ForecastMethod
from uppfolj.core.forecasting.auto import CANDIDATES, MonthTable
from uppfolj.core.forecasting.data import ForecastData
from uppfolj.core.forecasting.ets import ets_forecast
from uppfolj.core.forecasting.methods import simple_plan
from uppfolj.core.forecasting.model import Backtest, BacktestRow, SummaryRow
from uppfolj.core.forecasting.panel import Panel
from uppfolj.core.forecasting.rollup import entered_forecasts
from uppfolj.core.money import Ore

M = ForecastMethod
# auto's candidates (the simple methods and driver), then the model, auto and the entered forecast
ALL_METHODS = (*CANDIDATES, M.ETS, M.AUTO, M.ENTERED)

UnitForecasts = dict[ForecastMethod, list[Ore | None]]  # method -> per unit (pre-order)


def unit_forecasts(
    panel: Panel,
    data: ForecastData,
    year: int,
    month: int,
    methods: Iterable[ForecastMethod],
    *,
    table: MonthTable | None = None,
) -> UnitForecasts:
    """Each asked method's full-year forecast of every unit at (year, month), from what was known.

    The simple methods are computed on each unit's own net series; `driver` and `auto` are
    made per base cell and summed; `ets` is fitted to each unit's series (run_rate where the
    series is too short for a model); `entered` is F(U, month), None where there is none.
    """
    wanted = set(methods)
    out: UnitForecasts = {}
    table = table if table is not None else MonthTable(panel, month)
    units_known = panel.known_units(panel.known(year, month))
    simple = simple_plan(units_known)
    for method, totals in simple.totals.items():
        if method in wanted:
            out[method] = [int(v) for v in totals]
    if M.DRIVER in wanted:
        out[M.DRIVER] = [int(v) for v in panel.to_units(table.plan(year).totals[M.DRIVER])]
    if M.ETS in wanted:
        to_date = units_known.to_date
        run_rate = simple.totals[M.RUN_RATE]
        ets: list[Ore | None] = []
        for u in range(len(panel.units)):
            fit = ets_forecast(panel.unit_series(u, year, month), 12 - month)
            ets.append(int(run_rate[u]) if fit is None else int(to_date[u]) + sum(fit.path))
        out[M.ETS] = ets
    if M.AUTO in wanted:
        table.solve([year])
        out[M.AUTO] = [int(v) for v in table.unit_auto(year)]
    if M.ENTERED in wanted:
        out[M.ENTERED] = entered_forecasts(panel, data, year, month)
    return out


def _point(
    panel: Panel, data: ForecastData, year: int, month: int, methods: Sequence[ForecastMethod]
) -> list[BacktestRow]:
    forecasts = unit_forecasts(panel, data, year, month, methods)
    outcome = panel.unit_outcome(year)
    rows: list[BacktestRow] = []
    for method in methods:
        for u, code in enumerate(panel.units):
            value = forecasts[method][u]
            if value is not None:
                rows.append(BacktestRow(code, year, month, method, value, int(outcome[u])))
    return rows


_WORKER: tuple[Panel, ForecastData] | None = None


def _start_worker(data: ForecastData, years: list[int]) -> None:
    global _WORKER  # noqa: PLW0603 (one panel per worker process, built once)
    _WORKER = (Panel(data, years), data)


def _worker_point(task: tuple[int, int, tuple[ForecastMethod, ...]]) -> list[BacktestRow]:
    assert _WORKER is not None
    year, month, methods = task
    return _point(_WORKER[0], _WORKER[1], year, month, methods)


def backtest(
    data: ForecastData,
    years: Sequence[int],
    months: Sequence[int],
    *,
    methods: Sequence[ForecastMethod] | None = None,
    workers: int = 1,
) -> Backtest:
    """Every method × unit at each (year, month), in year, month, method, unit order.

    `workers` > 1 spreads the (year, month) points over that many processes; the result is the
    same. Methods come in the order of `ALL_METHODS` whatever order they are asked in.
    """
    chosen = tuple(m for m in ALL_METHODS if methods is None or m in methods)
    years, months = sorted(set(years)), sorted(set(months))
    if any(not 1 <= m <= 12 for m in months):
        raise ValueError(f"months must be 1..12: {months}")
    tasks = [(y, m, chosen) for y in years for m in months]
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(tasks)), initializer=_start_worker, initargs=(data, years)
        ) as pool:
            parts = list(pool.map(_worker_point, tasks))
    else:
        panel = Panel(data, years)
        parts = [_point(panel, data, y, m, chosen) for y, m, _ in tasks]
    results = [row for part in parts for row in part]
    return Backtest(
        years=years,
        months=months,
        methods=list(chosen),
        results=results,
        summary=summarise(results, chosen, months),
    )


def summarise(
    results: Sequence[BacktestRow], methods: Sequence[ForecastMethod], months: Sequence[int]
) -> list[SummaryRow]:
    """Per method and month over all rows: n, mean |error|, mean error, MAPE over outcomes ≠ 0.

    Exact: sums of integers divided once, in Decimal (28 significant digits). Methods and
    months without any row (`entered` where nobody forecast) get no summary row.
    """
    groups: dict[tuple[ForecastMethod, int], list[BacktestRow]] = defaultdict(list)
    for row in results:
        groups[(row.method, row.month)].append(row)
    summary: list[SummaryRow] = []
    for method in methods:
        for month in months:
            rows = groups.get((method, month))
            if not rows:
                continue
            n = len(rows)
            errors = [r.forecast - r.outcome for r in rows]
            nonzero = [
                (abs(e), abs(r.outcome))
                for e, r in zip(errors, rows, strict=True)
                if r.outcome != 0
            ]
            mape = (
                sum((Decimal(e) * 100 / Decimal(o) for e, o in nonzero), Decimal(0)) / len(nonzero)
                if nonzero
                else None
            )
            summary.append(
                SummaryRow(
                    method,
                    month,
                    n,
                    Decimal(sum(abs(e) for e in errors)) / n,
                    Decimal(sum(errors)) / n,
                    mape,
                )
            )
    return summary

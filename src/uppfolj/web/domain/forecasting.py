"""Forecast proposals and their accuracy: the database read into the engine's `ForecastData`,
proposals stored beside the entered forecasts, accuracy of a finished year.

The sums are grouped in the database per cost centre, account, year and month; each is placed
on its base cell (the unit that takes the cost centre × the template row that takes the
account), so the engine never sees a ledger row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from uppfolj.core import forecasting
from uppfolj.core.choices import MeasureKind, TreeKind
from uppfolj.core.errors import UserError
from uppfolj.core.forecasting.data import (
    CellKey,
    EnteredForecast,
    ForecastData,
    Measure,
    Months,
    base_cells,
)
from uppfolj.core.forecasting.model import Accuracy, Backtest, UnitProposal
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.balances import last_months
from uppfolj.web.domain.cache import cached
from uppfolj.web.domain.trees import load_template, load_unit_tree
from uppfolj.web.models import (
    BudgetLine,
    Forecast,
    ForecastProposal,
    MonthlyBalance,
    OrgUnit,
    Volume,
)
from uppfolj.web.models import Measure as MeasureRow


class ForecastError(UserError):
    """Proposals or a backtest cannot be made (no organisation, a year without its outcome)."""


def load_forecast_data() -> ForecastData:
    """Everything the engine may read, every year; the engine cuts out what was known when."""
    tree = load_unit_tree(TreeKind.ORGANISATION)
    if tree is None or tree.root is None:
        raise ForecastError("ingen organisation är inläst (uppfolj import organisation)")
    template = load_template()

    def cells(query: Any) -> dict[CellKey, dict[int, Months]]:
        sums = query.values_list("cost_centre", "account", "year", "month").annotate(total=Sum("amount")).order_by()
        return base_cells(tree, template, sums)

    volumes: dict[tuple[str, str], dict[int, list[Decimal | None]]] = defaultdict(dict)
    drivers: dict[CellKey, str] = {}
    for unit, measure, year, month, value, row in Volume.objects.values_list(
            "unit__code", "measure_id", "year", "month", "value", "row").order_by("year", "month"):
        volumes[(unit, measure)].setdefault(year, [None] * 12)[month - 1] = value
        if row:
            drivers[(unit, row)] = measure
    measures = {m.code: Measure(m.code, m.name, m.unit_text, MeasureKind(m.kind)) for m in MeasureRow.objects.all()}
    entered = [EnteredForecast(*row) for row in Forecast.objects.filter(unit__tree=TreeKind.ORGANISATION)
               .values_list("unit__code", "year", "month", "amount").order_by("year", "month")]
    last_month = last_months()
    return ForecastData(
        tree=tree, template=template, actual=cells(MonthlyBalance.objects.all()), budget=cells(BudgetLine.objects.all()),
        volumes=dict(volumes), measures=measures, drivers=drivers, entered=entered, actual_months=last_month,
    )


def _data() -> ForecastData:
    return cached(("forecast-data",), load_forecast_data)


def require_full_years(data: ForecastData, years: Sequence[int]) -> None:
    """A backtest compares with the year's outcome, so every year needs its twelve months."""
    short = [y for y in years if data.actual_months.get(y, 0) < 12]
    if short:
        named = ", ".join(f"{y} ({'inget utfall' if y not in data.actual_months else f'utfall t.o.m. månad {data.actual_months[y]}'})"
                          for y in short)
        raise ForecastError(f"utfallet för hela året behövs för att pröva prognoserna: {named}")


def propose(year: int, month: int, *, user: Any) -> list[UnitProposal]:
    """Compute and store `auto`'s proposals for (year, month), replacing that month's stored ones."""
    rules.require(user, rules.Act.MANAGE_PERIOD)
    data = load_forecast_data()
    loaded = data.actual_months.get(year, 0)
    if loaded < month:
        # A month not yet loaded would count as a month without costs and pull every proposal down.
        have = f"utfall t.o.m. {year}-{loaded:02d}" if loaded else f"inget utfall för {year}"
        raise ForecastError(f"förslag för {year}-{month:02d} kräver utfallet för månaden; databasen har {have}")
    proposals = forecasting.propose(data, year, month)
    ids = dict(OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", "id"))
    with transaction.atomic():
        ForecastProposal.objects.filter(year=year, month=month).delete()
        ForecastProposal.objects.bulk_create(
            (row for p in proposals for row in _stored(year, month, ids[p.unit], p)), batch_size=2000)
        log_action("uppfolj.forecast.proposed", user=user, object_type="period", object_key=f"{year}-{month:02d}",
                   new={"units": len(proposals)})
    return proposals


def _stored(year: int, month: int, unit_id: int, p: UnitProposal) -> list[ForecastProposal]:
    details = {
        "method_label": p.method.label, "interval_basis": p.interval_basis, "actual_to_date": p.actual_to_date,
        "remaining": [[month + 1 + i, amount] for i, amount in enumerate(p.remaining)],
        "past": [{"year": e.year, "forecast": e.forecast, "outcome": e.outcome} for e in p.past],
        "methods": {str(m): v for m, v in p.methods.items()},
    }
    out = [ForecastProposal(year=year, month=month, unit_id=unit_id, row="", method=p.method, amount=p.forecast,
                            low=p.low, high=p.high, details=details)]
    out.extend(ForecastProposal(year=year, month=month, unit_id=unit_id, row=r.code, method=r.method,
                                amount=r.forecast, details={"method_label": r.method.label}) for r in p.rows)
    return out


def backtest(years: Sequence[int], months: Sequence[int], *, workers: int = 1) -> Backtest:
    data = load_forecast_data()
    require_full_years(data, years)
    return forecasting.backtest(data, years, months, workers=workers)


def year_accuracy(year: int) -> Accuracy | None:
    """Forecast accuracy of a finished year, or None where the year's outcome is not complete."""
    data = _data()
    if data.actual_months.get(year, 0) < 12:
        return None
    return cached(("accuracy", year), lambda: forecasting.accuracy(data, year))

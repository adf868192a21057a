"""`uppfolj demo`: a demo municipality built through the same services as real imports."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.db import transaction

from uppfolj.core.choices import Format, ReportKind, TreeKind
from uppfolj.core.records import BudgetRecord, ForecastRecord, LedgerRecord
from uppfolj.core.tree import NodeSpec, build_tree
from uppfolj.web.domain import demo_data as data
from uppfolj.web.domain.budget import replace_budget
from uppfolj.web.domain.forecasts import replace_forecasts
from uppfolj.web.domain.ledger import replace_actuals
from uppfolj.web.domain.masterdata import finish_import, start_import, upsert_accounts
from uppfolj.web.domain.period import period_report, render_report
from uppfolj.web.domain.periods import lock_period, open_period
from uppfolj.web.domain.trees import replace_unit_tree
from uppfolj.web.domain.users import create_demo_users
from uppfolj.web.models import (
    Action,
    Forecast,
    Period,
    PeriodSnapshot,
    Reason,
    UnitStatus,
    UnitText,
)
from uppfolj.web.models.org import OrgUnit
from uppfolj.web.rules import SYSTEM

YEAR = 2024
MONTH = 3
DEADLINE = dt.date(YEAR, MONTH + 1, 12)  # the March follow-up is due in April
REPORTS = ((ReportKind.MONTHLY, YEAR, MONTH), (ReportKind.FEBRUARY, YEAR, 2), (ReportKind.INTERIM, YEAR, MONTH),
           (ReportKind.ANNUAL, YEAR - 1, 12))


def allot(total: int, weights: Sequence[int]) -> list[int]:
    """Split an integer exactly by weights (largest remainder), so the parts add up to total."""
    denominator = sum(weights)
    if denominator == 0:
        return [total] + [0] * (len(weights) - 1)
    sign = -1 if total < 0 else 1
    raw = [abs(total) * w for w in weights]
    parts = [r // denominator for r in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] % denominator, reverse=True)
    for i in order[: abs(total) - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


def _units() -> list[tuple[str, str, str, str]]:
    """(code, name, parent, cost centre pattern) for the departments and their units."""
    rows = [(data.ROOT[0], data.ROOT[1], "", "")]
    for code, name, base, *_rest, units in data.DEPARTMENTS:
        rows.append((code, name, data.ROOT[0], str(base) if not units else ""))
        for i, unit_name in enumerate(units):
            rows.append((f"{base + i + (1 if code == '510-511' and i else 0)}", unit_name, code,
                         str(base + i + (1 if code == "510-511" and i else 0))))
    return rows


def _cost_centres(department: str) -> list[str]:
    return [row[3] for row in _units() if row[2] == department and row[3]] or \
        [row[3] for row in _units() if row[0] == department]


def _ledger(rng: random.Random) -> Iterator[LedgerRecord]:
    """2023 in full and January–March 2024, several voucher rows per cost centre and account."""
    shares = [a[2] for a in data.ACCOUNTS]
    profile_2024 = [34, 32, 34]
    profile_2023 = [9, 8, 9, 8, 8, 6, 4, 5, 8, 9, 9, 17]  # summer cheaper, December closing dearer
    for code, _name, _base, annual, _period, actual, *_rest in data.DEPARTMENTS:
        centres = _cost_centres(code)
        for cc, cc_actual, cc_annual in zip(centres, allot(actual * 100, [3 + i for i in range(len(centres))]),
                                            allot(annual * 100, [3 + i for i in range(len(centres))]), strict=True):
            for (account, _, _), acc_actual, acc_last in zip(
                data.ACCOUNTS, allot(cc_actual, shares), allot(cc_annual * 96 // 100, shares), strict=True
            ):
                for month, amount in enumerate(allot(acc_actual, profile_2024), start=1):
                    yield from _vouchers(rng, year=YEAR, month=month, cc=cc, account=account, amount=amount)
                for month, amount in enumerate(allot(acc_last, profile_2023), start=1):
                    yield from _vouchers(rng, year=YEAR - 1, month=month, cc=cc, account=account, amount=amount)


def _vouchers(rng: random.Random, *, year: int, month: int, cc: str, account: str, amount: int) -> Iterator[LedgerRecord]:
    for i, part in enumerate(allot(amount, [rng.randint(1, 9) for _ in range(rng.randint(2, 6))])):
        # The voucher date comes from the row's place, not the generator, so the figures stay
        # those of the seed whatever the dates.
        day = dt.date(year, month, 1 + (i * 7 + month + sum(map(ord, cc))) % 28)
        yield LedgerRecord(year, month, cc, account, part, voucher=f"{year % 100}{month:02d}-{rng.randint(1000, 9999)}",
                           text=f"{'Faktura' if account[0] in '467' else 'Lön' if account[0] == '5' else 'Intäkt'} {i + 1}",
                           date=day)


def _budget() -> Iterator[BudgetRecord]:
    """2024 phased so January–March give the seed's period budget; 2023 evenly at 97 %."""
    shares = [a[2] for a in data.ACCOUNTS]
    for code, _name, _base, annual, period, *_rest in data.DEPARTMENTS:
        centres = _cost_centres(code)
        weights = [3 + i for i in range(len(centres))]
        for cc, cc_annual, cc_period in zip(centres, allot(annual * 100, weights), allot(period * 100, weights), strict=True):
            for (account, _, _), a_annual, a_period in zip(data.ACCOUNTS, allot(cc_annual, shares), allot(cc_period, shares), strict=True):
                months = allot(a_period, [1, 1, 1]) + allot(a_annual - a_period, [1] * 9)
                for month, amount in enumerate(months, start=1):
                    yield BudgetRecord(YEAR, month, cc, account, amount)
                for month, amount in enumerate(allot(a_annual * 97 // 10000 * 100, [1] * 12), start=1):
                    yield BudgetRecord(YEAR - 1, month, cc, account, amount)


def _forecasts() -> list[ForecastRecord]:
    out = []
    for code, _name, _base, annual, _period, _actual, feb, mar, _units in data.DEPARTMENTS:
        out.append(ForecastRecord(YEAR, 2, code, feb * 100))
        out.append(ForecastRecord(YEAR, 3, code, mar * 100))
        for month, share in ((4, 1000), (8, 1012), (10, 1018)):  # 2023 rounds, worsening over the year
            out.append(ForecastRecord(YEAR - 1, month, code, annual * 97 * share // 1000))
    return out


def _texts() -> None:
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    for code, texts in data.TEXTS.items():
        for position, (heading, text) in enumerate(texts):
            UnitText.objects.create(year=YEAR, month=MONTH, unit=units[code], heading=heading, text=text, position=position)
    for code, reasons in data.REASONS.items():
        for position, (text, amount) in enumerate(reasons):
            Reason.objects.create(year=YEAR, month=MONTH, unit=units[code], text=text, amount=amount * 100, position=position)
    for code, actions in data.ACTIONS.items():
        for position, (text, responsible, timeplan, status) in enumerate(actions):
            Action.objects.create(year=YEAR, month=MONTH, unit=units[code], text=text, responsible=responsible,
                                  timeplan=timeplan, status=status, position=position)


@transaction.atomic
def load_demo(seed: int = 2024) -> dict[str, int]:
    """Replace the database's contents with the demo municipality; returns counts."""
    for model in (UnitText, Reason, Action, Forecast, UnitStatus, PeriodSnapshot, Period):
        model.objects.all().delete()
    specs = [NodeSpec(code, name, parent, patterns, line=i) for i, (code, name, parent, patterns) in enumerate(_units(), 2)]
    replace_unit_tree(TreeKind.ORGANISATION, specs, build_tree(specs, single_root=True, what="enhet"), file="demo")
    upsert_accounts({code: name for code, name, _ in data.ACCOUNTS})
    log = start_import("actuals", "demo-utfall")
    ledger = replace_actuals(_ledger(random.Random(seed)), import_id=log.id)
    finish_import(log, rows=ledger.rows, years=sorted(ledger.years))
    log = start_import("budget", "demo-budget")
    budget = replace_budget(_budget(), import_id=log.id)
    finish_import(log, rows=budget.rows, years=sorted(budget.years))
    forecasts = _forecasts()
    replace_forecasts("demo-prognoser", forecasts)
    _texts()
    return {"units": len(specs), "ledger_rows": ledger.rows, "budget_rows": budget.rows, "forecasts": len(forecasts)}


def _periods() -> list[str]:
    """The months before the report month are locked, as a controller leaves them; March is open."""
    done = [(YEAR - 1, m) for m in range(1, 13)] + [(YEAR, m) for m in range(1, MONTH)]
    for year, month in done:
        open_period(year, month, deadline=dt.date(year, month, 1) + dt.timedelta(days=40), user=SYSTEM)
        lock_period(year, month, user=SYSTEM)
    open_period(YEAR, MONTH, deadline=DEADLINE, user=SYSTEM)
    return [f"{y}-{m:02d}" for y, m in done]


def build_demo(out: Path, *, seed: int = 2024) -> None:
    """Load the demo, create its users, lock its past months and write every report kind in
    every format to `out`."""
    counts = load_demo(seed)
    print(f"Demokommunen Socialtjänsten: {counts['units']} enheter, {counts['ledger_rows']} verifikationsrader, "
          f"{counts['budget_rows']} budgetrader, {counts['forecasts']} prognoser")
    users = create_demo_users()
    locked = _periods()
    print(f"Låsta perioder: {locked[0]} – {locked[-1]}; {YEAR}-{MONTH:02d} är öppen till {DEADLINE.isoformat()}")
    out.mkdir(parents=True, exist_ok=True)
    for kind, year, month in REPORTS:
        report = period_report(year, month, kind=kind, with_ledger=True)
        for fmt in Format:
            target = out / f"{kind}-{year}-{month:02d}.{fmt}"
            target.write_bytes(render_report(report, fmt))
            print(f"  {target}")
    print("Användare (lösenord demo):")
    for username, role in users:
        print(f"  {username:10} {role}")

"""The seasons and habits of a real ledger are visible in the generated one."""

from __future__ import annotations

import itertools
import statistics

from uppfolj.synth import Kind, Municipality, bench_spec, simulate
from uppfolj.synth.spec import CARE_KINDS

from .conftest import months, unit_of_kind

YEARS = range(2020, 2025)
JAN, MAR, JUL, AUG, SEP, DEC = 0, 2, 6, 7, 8, 11


def test_holiday_pay_and_summer_temps_in_care_units(muni: Municipality) -> None:
    for kind in CARE_KINDS:
        unit = unit_of_kind(muni, kind)
        for year in YEARS:
            own, holiday, temps = (months(muni, unit, a, year) for a in ("5011", "5111", "5021"))
            assert holiday[JUL] > 5 * holiday[MAR], (kind, year)
            assert own[JUL] < 0.8 * own[MAR], (kind, year)  # own staff on holiday
            assert sum(temps[JUL:SEP + 1]) > 1.5 * sum(temps[1:4]), (kind, year)  # paid the month after the work


def test_wage_revision_is_paid_late_with_back_pay(muni: Municipality) -> None:
    unit = unit_of_kind(muni, Kind.RESIDENTIAL_CARE)
    back = {(year, month): amount for (code, account, year, month), parts in muni.parts.items()
            if code == unit and account == "5011" for label, amount in parts if label.startswith("Retroaktiv lön")}

    assert {year for year, _ in back} == set(YEARS)
    assert {month for _, month in back} <= {5, 6}
    assert all(amount > 0 for amount in back.values())
    for (year, _), amount in back.items():
        salaries = months(muni, unit, "5011", year)
        assert 0.01 * salaries[0] < amount < 0.25 * salaries[0]  # a few months' raise
        assert salaries[SEP] > salaries[MAR]  # the new salaries are paid from then on


def test_rent_is_paid_quarterly_in_advance(muni: Municipality) -> None:
    booked = {m + 1 for (_, account), years in muni.actual.items() if account == "6010"
              for months_ in years.values() for m, v in enumerate(months_) if v}

    assert booked == {1, 4, 7, 10}


def test_licences_are_paid_in_january(muni: Municipality) -> None:
    booked = {m + 1 for (_, account), years in muni.actual.items() if account == "6830"
              for months_ in years.values() for m, v in enumerate(months_) if v}

    assert booked == {1}


def test_holiday_liability_changes_only_in_december(muni: Municipality) -> None:
    booked = {m + 1 for (_, account), years in muni.actual.items() if account == "5811"
              for months_ in years.values() for m, v in enumerate(months_) if v}

    assert booked == {12}


def _grants() -> Municipality:
    return simulate(bench_spec(units=60, departments=6, years=4))


def test_state_grants_come_in_lumps() -> None:
    muni = _grants()
    paid: dict[tuple[str, int], set[int]] = {}
    for (code, account, year, month), parts in muni.parts.items():
        if account == "3510" and any(label.startswith("Statsbidrag") and not label.endswith("(nytt beslut)") and v < 0
                                     for label, v in parts):
            paid.setdefault((code, year), set()).add(month)
    payments = [(len(ms), ms) for ms in paid.values()]

    assert len(payments) > 20
    assert all(1 <= count <= 3 for count, _ in payments)  # the decided grant
    assert len({frozenset(ms) for _, ms in payments}) > 10  # the months vary
    assert sum(count == 1 for count, _ in payments) > 0
    assert sum(count == 3 for count, _ in payments) > 0
    # a unit's grant comes in different months from one year to the next
    pairs = [paid[(c, y)] != paid[(c, y + 1)] for c, y in paid if (c, y + 1) in paid]
    assert sum(pairs) > 0.7 * len(pairs)


def test_most_state_grants_are_budgeted_and_a_few_come_unannounced() -> None:
    muni = _grants()
    budgeted = kept = unannounced = cut = total = 0
    for code in muni.units:
        for year in muni.spec.years:
            actual = sum(months(muni, code, "3510", year))
            budget = sum(muni.unit_budget[code][year].get("3510", [0] * 12))
            if not actual and not budget:
                continue
            total += 1
            labelled = [(label, v) for (c, account, y, _), parts in muni.parts.items()
                        if (c, account, y) == (code, "3510", year) for label, v in parts]
            extra = any(label.endswith("(nytt beslut)") for label, _ in labelled)
            unannounced += extra
            if budget:
                budgeted += 1
                decided = muni.announced[code][year]
                assert budget == round(decided / 100_000) * 100_000  # the decided grant, in whole tkr
                kept += abs(actual - budget) <= 0.1 * -budget
                paid = sum(v for label, v in labelled if label.startswith("Statsbidrag ") and label.endswith(f" {year}"))
                cut += 0.55 < paid / decided < 0.95  # cut 10-40 %
            else:
                assert extra and actual < 0  # no grant decided, one came

    assert total > 100
    assert budgeted > 0.85 * total  # decided before the year, in its budget
    assert kept > 0.55 * budgeted  # what comes is about what was budgeted
    assert 0.04 * total < unannounced < 0.2 * total  # an extra grant in the autumn
    assert 0.02 * budgeted < cut < 0.15 * budgeted
    decided = [list(years.values()) for years in muni.announced.values() if len(years) == 5]
    changes = [b / a for amounts in decided for a, b in itertools.pairwise(amounts)]
    assert len(changes) > 40
    assert 0.85 < statistics.median(changes) < 1.15  # the amount drifts modestly
    assert max(changes) / min(changes) > 1.2


def test_assistance_compensation_arrives_late_and_is_accrued_at_year_end(muni: Municipality) -> None:
    unit = unit_of_kind(muni, Kind.PERSONAL_ASSISTANCE)
    labels = {label for (code, account, _, month), parts in muni.parts.items() if code == unit and account == "3590"
              for label, _ in parts}

    assert any(label.startswith("Upplupen assistansersättning") for label in labels)
    assert any(label.startswith("Återföring upplupen assistansersättning") for label in labels)
    for year in YEARS:
        paid = [-v for v in months(muni, unit, "3590", year)[1:DEC]]
        assert min(paid) <= 0 or max(paid) > 1.5 * statistics.median(paid), year  # some months none, some double
    januaries = [months(muni, unit, "3590", year)[JAN] for year in YEARS]
    assert min(januaries) >= 0 < max(januaries)  # the reversal; nothing of January itself is paid in January


def test_placement_costs_follow_care_days() -> None:
    muni = simulate(bench_spec(units=60, departments=6, years=4))
    lagged = {code for (code, account, _, _), parts in muni.parts.items() if account == "4610"}
    days = {(v.unit, v.year, v.month): float(v.value) for v in muni.volume_records if v.measure == "vardygn"}
    checked = 0
    for code, unit in muni.units.items():
        if unit.kind not in (Kind.PLACEMENTS_CHILDREN, Kind.PLACEMENTS_ADULTS) or code in lagged:
            continue
        for year in muni.spec.years:
            costs = months(muni, code, "4610", year)
            prices = [c / 100 / days[(code, year, m + 1)] for m, c in enumerate(costs) if days[(code, year, m + 1)]]
            assert statistics.pstdev(prices) / statistics.mean(prices) < 0.06, (code, year)
            checked += 1
    assert checked >= 10


def test_income_support_is_higher_in_winter(muni: Municipality) -> None:
    unit = unit_of_kind(muni, Kind.INCOME_SUPPORT)
    households = {(v.year, v.month): float(v.value) for v in muni.volume_records
                  if v.unit == unit and v.measure == "hushall"}

    for year in YEARS:
        winter = sum(households[(year, m)] for m in (1, 2, 3))
        summer = sum(households[(year, m)] for m in (6, 7, 8))
        assert winter > summer, year


def test_first_year_net_is_the_units_size(muni: Municipality) -> None:
    for code, unit in muni.units.items():
        if unit.kind is Kind.UNALLOCATED:
            continue
        net = sum(sum(v) for v in muni.unit_actual[code][2019].values()) / 100
        assert abs(net - unit.size) < 0.03 * unit.size, code  # about: placement counts are whole


def _bench() -> Municipality:
    return simulate(bench_spec(units=120, departments=12, years=4))


def test_budgets_rest_on_last_years_outcome_and_most_are_phased_evenly() -> None:
    muni = _bench()
    ratios, even, cells = [], 0, 0
    for code in muni.units:
        for year in muni.spec.years:
            budget = sum(sum(v) for v in muni.unit_budget[code][year].values())
            last = sum(sum(v) for v in muni.unit_actual[code][year - 1].values())
            ratios.append(budget / last)
    for years in muni.budget.values():
        for months_ in years.values():
            cells += 1
            even += max(months_[:11]) - min(months_[:11]) <= 1
    assert 0.99 < statistics.median(ratios) < 1.05  # indexed 2-4 %, some squeezed
    assert sum(r < 0.97 for r in ratios) > 0.1 * len(ratios)  # under-budgeted units drift away
    assert 0.6 < even / cells < 0.95


def test_budget_holders_forecast_like_people() -> None:
    muni = _bench()
    spec = muni.spec
    nets: dict[tuple[str, int, int], int] = {}
    for r in muni.forecast_records:
        if r.unit in muni.units and r.amount is not None:
            key = (r.unit, r.year, r.month)
            nets[key] = nets.get(key, 0) + r.amount  # a net line, or the rows of a unit forecasting by row
    budget = {(c, y): sum(sum(v) for v in muni.unit_budget[c][y].values()) for c in muni.units for y in spec.years}
    outcome = {(c, y): sum(sum(v) for v in muni.unit_actual[c][y].values()) for c in muni.units for y in spec.years}

    def error(month: int) -> float:
        return statistics.mean(abs(v - outcome[(u, y)]) for (u, y, m), v in nets.items() if m == month)

    assert {m for _, _, m in nets} == set(spec.forecast_months)
    per_round = len(muni.units) * len(spec.years)
    assert all(sum(m == month for _, _, m in nets) < per_round for month in spec.forecast_months)  # not all, always
    february = [(u, y, v) for (u, y, m), v in nets.items() if m == 2]
    assert sum(v == budget[(u, y)] for u, y, v in february) > 0.7 * len(february)  # the budget holds
    assert error(10) < error(6) < error(2)
    bias = statistics.mean(v - outcome[(u, y)] for (u, y, m), v in nets.items() if m >= 4)
    assert bias < 0  # too optimistic on average
    for r in muni.forecast_records:
        if r.unit in muni.units and r.amount is not None:  # each line: its budget, or in whole 100 tkr
            lines = muni.unit_budget[r.unit][r.year]
            own = sum(sum(v) for a, v in lines.items() if not r.row or (r.row == "INT") == a.startswith("3"))
            assert r.amount == own or r.amount % 10_000_000 == 0, r


def test_departments_forecast_and_some_units_forecast_by_row(muni: Municipality) -> None:
    pa = unit_of_kind(muni, Kind.PERSONAL_ASSISTANCE)
    by_row = [r for r in muni.forecast_records if r.unit == pa]
    departments = {r.unit for r in muni.forecast_records} & {"A", "B"}

    assert departments == {"A", "B"}
    for month_made in {(r.year, r.month) for r in by_row}:
        lines = {r.row: r.amount for r in by_row if (r.year, r.month) == month_made}
        assert set(lines) == {"", "INT", "KOS"}
        assert lines[""] is None
        assert lines["INT"] is not None and lines["INT"] < 0 < (lines["KOS"] or 0)


def test_income_support_costs_follow_households(muni: Municipality) -> None:
    unit = unit_of_kind(muni, Kind.INCOME_SUPPORT)
    households = {(v.year, v.month): float(v.value) for v in muni.volume_records
                  if v.unit == unit and v.measure == "hushall"}

    for year in YEARS:
        norms = [c / 100 / households[(year, m + 1)] for m, c in enumerate(months(muni, unit, "4510", year))]
        assert statistics.pstdev(norms) / statistics.mean(norms) < 0.04, year  # one norm a year, some noise


def test_home_care_staff_costs_follow_hours(muni: Municipality) -> None:
    unit = unit_of_kind(muni, Kind.HOME_CARE)
    hours = {(v.year, v.month): float(v.value) for v in muni.volume_records
             if v.unit == unit and v.measure == "hemtjanst_timmar"}
    per_hour = []
    for year in YEARS:
        pay = [a + b for a, b in zip(months(muni, unit, "5011", year), months(muni, unit, "5111", year), strict=True)]
        per_hour.append(sum(pay) / 100 / sum(hours[(year, m)] for m in range(1, 13)))
        autumn = [pay[m] / hours[(year, m + 1)] for m in (8, 9, 10)]  # after the revision, no back pay
        assert max(autumn) / min(autumn) < 1.06, year

    assert all(1.0 < b / a < 1.08 for a, b in itertools.pairwise(per_hour))  # the wage revision

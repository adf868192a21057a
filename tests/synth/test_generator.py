"""The generator: deterministic from its seed, exact, everything placed, its records well formed."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from uppfolj.core.choices import MeasureKind
from uppfolj.core.followup import row_matchers, unit_matcher
from uppfolj.core.tree import build_tree
from uppfolj.ingest.trees import read_template
from uppfolj.synth import Kind, Municipality, bench_spec, ledger, organisation, simulate
from uppfolj.synth.accounts import ACCOUNTS

from .conftest import every_kind_spec

TEMPLATE = Path(__file__).resolve().parents[2] / "src" / "uppfolj" / "data" / "default-template.csv"


def test_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    spec = every_kind_spec(seed=3, last_month=3)

    first, again = simulate(spec), simulate(spec)
    other = simulate(every_kind_spec(seed=4, last_month=3))

    assert list(ledger(first)) == list(ledger(again))
    assert list(first.budget_records()) == list(again.budget_records())
    assert first.forecast_records == again.forecast_records
    assert first.volume_records == again.volume_records
    assert list(ledger(first)) != list(ledger(other))


def test_ledger_rows_add_up_to_the_cells_exactly(muni: Municipality) -> None:
    sums: dict[tuple[str, str, int, int], int] = defaultdict(int)

    for row in ledger(muni):
        sums[(row.cost_centre, row.account, row.year, row.month)] += row.amount

    cells = {(cc, account, year, m + 1): amount for (cc, account), years in muni.actual.items()
             for year, months in years.items() for m, amount in enumerate(months) if amount}
    assert dict(sums) == cells


def test_cost_centres_split_each_unit_cell_exactly(muni: Municipality) -> None:
    unit = next(code for code, u in muni.units.items() if len(u.cost_centres) == 2)
    centres = muni.units[unit].cost_centres

    for account, months in muni.unit_actual[unit][2022].items():
        split = [sum(muni.actual.get((cc, account), {}).get(2022, [0] * 12)[m] for cc in centres) for m in range(12)]
        assert split == months, account


def test_every_account_is_placed_by_the_default_template(muni: Municipality) -> None:
    rows, _ = row_matchers(read_template(TEMPLATE)[0])
    booked = {account for _, account in muni.actual} | {account for _, account in muni.budget}

    assert booked <= set(ACCOUNTS)
    assert {a: rows.owner(a) for a in ACCOUNTS if rows.owner(a) is None} == {}


def test_the_organisation_is_a_tree_that_takes_every_cost_centre(muni: Municipality) -> None:
    nodes = organisation(muni.spec)
    tree = build_tree(nodes, single_root=True, what="enhet")
    owner = unit_matcher(tree)

    assert [n.code for n in tree.order][:3] == ["SOC", "A", "U00"]
    assert {cc: owner.owner(cc) for cc, _ in muni.actual} == {cc: muni.unit_of(cc) for cc, _ in muni.actual}
    assert owner.owner("2000") == "B"  # the department's own (budget-only) cost centre


def test_ledger_rows_look_like_an_export(muni: Municipality) -> None:
    rows = [r for r in ledger(muni) if r.year == 2023 and r.month == 5]

    assert all(r.date is not None and (r.date.year, r.date.month) == (2023, 5) for r in rows)
    assert all(r.voucher.startswith(("L2305-", "LF2305-", "KF2305-", "I2305-", "M2305-")) for r in rows)
    assert all(r.text for r in rows)
    assert {r.text for r in rows if r.account == "5011"} >= {"Månadslön maj"}
    assert {r.text for r in rows if r.account == "5021"} == {"Timlön vikarier april"}  # paid the month after


def test_rows_per_cost_centre_and_month_follow_the_detail() -> None:
    spec = every_kind_spec(last_month=6)
    detailed = Counter((r.cost_centre, r.year, r.month) for r in ledger(simulate(spec)))
    sparse = Counter((r.cost_centre, r.year, r.month)
                     for r in ledger(simulate(every_kind_spec(last_month=6, row_detail=0.1))))
    cells = sum(1 for years in simulate(spec).actual.values() for months in years.values() for v in months if v)

    assert 15 <= sum(detailed.values()) / len(detailed) <= 45
    assert sum(sparse.values()) < 1.15 * cells  # about one row per cell


def test_volumes_per_kind_and_measure(muni: Municipality) -> None:
    measures: dict[str, set[tuple[str, MeasureKind, str]]] = defaultdict(set)
    for v in muni.volume_records:
        measures[muni.units[v.unit].kind].add((v.measure, v.kind, v.row))

    assert ("vardygn", MeasureKind.SUM, "KOS-KOP") in measures[Kind.PLACEMENTS_CHILDREN]
    assert ("hemtjanst_timmar", MeasureKind.SUM, "KOS-PERS") in measures[Kind.HOME_CARE]
    assert ("hushall", MeasureKind.SUM, "KOS-BID") in measures[Kind.INCOME_SUPPORT]
    assert ("sjukfranvaro", MeasureKind.MEAN, "") in measures[Kind.RESIDENTIAL_CARE]
    assert all(("arsarbetare", MeasureKind.MEAN, "") in found for kind, found in measures.items())
    assert len(measures) == len(Kind) - 1  # every kind with staff; the unallocated line has none
    assert {(v.year, v.month) for v in muni.volume_records} == {(y, m) for y in range(2020, 2025) for m in range(1, 13)}


def test_a_partial_last_year_stops_at_its_month() -> None:
    muni = simulate(every_kind_spec(last_month=3))

    assert max((r.year, r.month) for r in ledger(muni)) == (2024, 3)
    assert max((v.year, v.month) for v in muni.volume_records) == (2024, 3)
    assert {r.month for r in muni.forecast_records if r.year == 2024} <= {2, 3}
    assert {r.month for r in muni.budget_records() if r.year == 2024} == set(range(1, 13))


def test_bench_spec_is_a_large_city() -> None:
    spec = bench_spec()
    units = [u for d in spec.departments for u in d.units]

    assert (len(units), len(spec.departments), list(spec.years)) == (300, 30, [2021, 2022, 2023, 2024])
    assert all(5e6 <= u.size <= 150e6 for u in units)
    assert len({cc for u in units for cc in u.cost_centres}) > 300
    assert {u.kind for u in units} == set(Kind) - {Kind.UNALLOCATED}

"""Goal fulfilment at its edges, the statistics outcome, and the risk order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppfolj.core.choices import MeasureKind
from uppfolj.core.goals import (
    Direction,
    Fulfilment,
    Source,
    SourceKind,
    fulfilment,
    statistics_outcome,
)
from uppfolj.core.risks import RiskItem, ordered, score

D = Decimal
UP, DOWN = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize(("target", "direction", "outcome", "previous", "expected"), [
    (D(90), UP, D(90), None, Fulfilment.MET),  # equal to the target reaches it
    (D(90), UP, D("90.01"), D(95), Fulfilment.MET),
    (D(90), UP, D("89.99"), D(85), Fulfilment.PARTLY),  # below, but up from last year
    (D(90), UP, D(85), D(85), Fulfilment.NOT_MET),  # equal to last year: has not moved
    (D(90), UP, D(84), D(85), Fulfilment.NOT_MET),  # moved away
    (D(90), UP, D(89), D(95), Fulfilment.NOT_MET),  # fell below a target met last year
    (D(90), UP, D(89), None, Fulfilment.NOT_MET),  # no previous value: a missed target is not met
    (D(90), UP, None, D(85), None),  # no outcome
    (D(14), DOWN, D(14), D(20), Fulfilment.MET),  # lower is better: equal reaches it
    (D(14), DOWN, D("13.5"), None, Fulfilment.MET),
    (D(14), DOWN, D(16), D(20), Fulfilment.PARTLY),
    (D(14), DOWN, D(20), D(20), Fulfilment.NOT_MET),
    (D(14), DOWN, D(21), D(20), Fulfilment.NOT_MET),
    (D(-2), UP, D(-1), D(-5), Fulfilment.MET),  # negative figures (a result in percent)
])
def test_fulfilment_at_the_edges(target: Decimal, direction: Direction, outcome: Decimal | None,
                                 previous: Decimal | None, expected: Fulfilment | None) -> None:
    assert fulfilment(target, direction, outcome, previous) is expected


def test_fulfilment_values_are_the_contract_words() -> None:
    assert [f.value for f in Fulfilment] == ["uppfyllt", "delvis", "ej uppfyllt"]


def test_source_is_parsed_or_refused() -> None:
    assert Source.parse("kolada:N31807") == Source(SourceKind.KOLADA, "N31807")
    assert Source.parse(" Statistik:vardygn ") == Source(SourceKind.STATISTICS, "vardygn")
    assert Source.parse("") is None
    with pytest.raises(ValueError, match="kolada:KPI eller statistik"):
        Source.parse("scb:123")
    with pytest.raises(ValueError, match="saknar KPI"):
        Source.parse("kolada:")


def test_statistics_outcome_sums_flows_and_averages_levels() -> None:
    monthly = {1: {"A": D(100), "B": D(50)}, 2: {"A": D(110)}, 3: {"A": D(120), "B": D(60)}}
    assert statistics_outcome(monthly, MeasureKind.SUM, 2) == D(260)  # 150 + 110, March not yet
    assert statistics_outcome(monthly, MeasureKind.SUM, 12) == D(440)
    # medel: each month the units' mean (75, 110, 90), then the months' mean
    assert statistics_outcome(monthly, MeasureKind.MEAN, 3) == D("91.67")
    assert statistics_outcome({}, MeasureKind.SUM, 3) is None
    assert statistics_outcome({4: {"A": D(1)}}, MeasureKind.SUM, 3) is None


def _risk(unit: str, text: str, p: int, c: int, amount: int | None) -> RiskItem:
    return RiskItem(unit, unit, text, p, c, amount, "", "")


def test_risks_are_ordered_by_score_then_amount_then_unit_and_text() -> None:
    risks = [_risk("B", "b", 2, 3, None), _risk("A", "z", 3, 2, 100), _risk("A", "a", 2, 3, 100),
             _risk("C", "c", 4, 4, None), _risk("A", "m", 3, 2, 500_000)]
    assert [(r.unit, r.risk, r.score) for r in ordered(risks)] == [
        ("C", "c", 16), ("A", "m", 6), ("A", "a", 6), ("A", "z", 6), ("B", "b", 6)]
    assert score(4, 3) == 12

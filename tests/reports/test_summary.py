"""The drafted summary: Swedish wording from the figures, as a controller writes it."""

from __future__ import annotations

from decimal import Decimal

from uppfolj.core.choices import PeriodState, ReportKind, TreeKind
from uppfolj.core.figures import Figures
from uppfolj.core.period import Line, PeriodInfo, PeriodResult, UnitResult
from uppfolj.reports.model import Report
from uppfolj.reports.summary import draft_summary, join_words

MKR = 100_000_000  # öre in one million kronor


def _fig(variance: int, forecast_variance: int | None = None, change: int | None = None) -> Figures:
    budget = 100 * MKR
    return Figures(budget, budget // 4, budget // 4 - variance, variance, Decimal("25"), None, None,
                   None if forecast_variance is None else budget - forecast_variance, forecast_variance, change)


def _report(top: Figures, children: list[tuple[str, Figures]], *, kind: ReportKind = ReportKind.MONTHLY,
            month: int = 3) -> Report:
    lines = [Line("R", "Socialtjänsten", None, 0, top)]
    lines += [Line(f"U{i}", name, "R", 1, f) for i, (name, f) in enumerate(children)]
    units = [UnitResult(line, [], line.figures, [None] * month, [], [0] * 12, [0] * 12, []) for line in lines]
    result = PeriodResult("Socialtjänsten", 2024, month, TreeKind.ORGANISATION,
                          PeriodInfo(2024, month, PeriodState.OPEN), units, [], None, [], [])
    return Report(result, kind)


def test_summary_states_variance_forecast_and_worsening() -> None:
    report = _report(_fig(-1_459_060_000, -5_857_400_000, 690_000_000),
                     [("Barn och familj", _fig(-755_300_000, -3_020_000_000, 500_000_000)),
                      ("Ordinärt boende", _fig(85_000_000, 145_000_000, 0))])

    first, second = draft_summary(report)

    assert first.startswith("Socialtjänsten har per mars en budgetavvikelse om -14,6\u00a0mkr, ett underskott mot budget.")
    assert "Underskottet finns inom Barn och familj (-7,6\u00a0mkr)." in first
    assert "Överskottet finns inom Ordinärt boende (0,9\u00a0mkr)." in first
    assert second.startswith("Prognos för helåret sätts till -58,6\u00a0mkr, en försämring med -6,9\u00a0mkr jämfört med föregående prognos.")
    assert "Försämringen finns främst inom Barn och familj (-5,0\u00a0mkr)." in second


def test_summary_improvement_and_plural_contributors() -> None:
    children = [(f"Enhet {c}", _fig(-v * MKR)) for c, v in (("A", 1), ("B", 3), ("C", 2), ("D", 5))]
    report = _report(_fig(-11 * MKR, -2 * MKR, -1 * MKR), children)

    first, second = draft_summary(report)

    assert ("De största underskotten finns inom Enhet D (-5,0\u00a0mkr), Enhet B (-3,0\u00a0mkr) "
            "och Enhet C (-2,0\u00a0mkr).") in first
    assert "en förbättring med 1,0\u00a0mkr jämfört med föregående prognos" in second


def test_summary_surplus_without_forecast_and_interim_date() -> None:
    report = _report(_fig(2 * MKR), [("Enhet A", _fig(2 * MKR))], kind=ReportKind.INTERIM, month=8)

    paragraphs = draft_summary(report)

    assert paragraphs == ["Socialtjänsten har per den 31 augusti en budgetavvikelse om 2,0\u00a0mkr, ett överskott mot budget. "
                          "Överskottet finns inom Enhet A (2,0\u00a0mkr)."]


def test_summary_unchanged_forecast_and_zero_variance() -> None:
    report = _report(_fig(0, -3 * MKR, 0), [])

    first, second = draft_summary(report)

    assert "budgetavvikelse om 0,0\u00a0mkr, i nivå med budget." in first
    assert second == "Prognos för helåret sätts till -3,0\u00a0mkr, oförändrat jämfört med föregående prognos."


def test_join_words() -> None:
    assert [join_words([]), join_words(["a"]), join_words(["a", "b"]), join_words(["a", "b", "c"])] == ["", "a", "a och b", "a, b och c"]

"""Forecast proposals on the pages: the stored proposal of a unit and month, why it is what it
is, and taking it over as the budget holder's own forecast.

`uppfolj forecast propose` stores the proposals (`uppfolj.web.domain.forecasting.propose`);
this module only reads them, and `accept_proposal` writes the budget holder's forecast through
the workflow, so a taken proposal is saved, versioned and audited like a typed one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from uppfolj.core.choices import Amounts, ForecastMethod
from uppfolj.core.forecasting.model import PastError
from uppfolj.core.format import amount, month_name, number, scaled
from uppfolj.core.money import Ore
from uppfolj.web import rules
from uppfolj.web.domain import row_forecasts as row_rules
from uppfolj.web.domain import workflow
from uppfolj.web.domain.audit import log_action
from uppfolj.web.domain.period_input import period_info
from uppfolj.web.models import ForecastProposal, OrgUnit, UnitStatus

NET = ""  # the row of a unit's net proposal
NO_PROPOSAL = "Inget förslag är beräknat för månaden (uppfolj forecast propose)"
LARGEST_MONTHS = 3


@dataclass(frozen=True, slots=True)
class NetProposal:
    """A unit's proposed net for the full year, with what the unit page explains it by."""

    amount: Ore
    method: str  # the method's Swedish label
    low: Ore | None
    high: Ore | None
    interval_basis: str
    actual_to_date: Ore | None
    largest_months: list[tuple[str, Ore]]  # (month name, amount) of the months still to come, largest first
    past: list[PastError]
    methods: list[tuple[str, Ore | None]]  # every method's forecast, Swedish label first

    @property
    def interval_text(self) -> str:
        """'80 % intervall: 150,1–158,3 mnkr', or '' without an interval."""
        if self.low is None or self.high is None:
            return ""
        return f"80 % intervall: {mnkr(self.low)}–{mnkr(self.high)} mnkr"


@dataclass(frozen=True, slots=True)
class UnitProposals:
    """The stored proposals of one unit and month: its net and each template row."""

    net: NetProposal | None
    rows: dict[str, Ore]
    row_methods: dict[str, str]  # row -> the Swedish label of its method


def mnkr(ore: Ore) -> str:
    """Millions with one decimal, no unit: '150,1'."""
    return number(scaled(ore, Amounts.MNKR), 1)


def _label(method: str) -> str:
    return ForecastMethod(method).label if method in ForecastMethod.values() else method


def _net(stored: ForecastProposal) -> NetProposal:
    details: dict[str, Any] = stored.details or {}
    remaining = [(int(m), int(a)) for m, a in details.get("remaining", [])]
    largest = sorted(remaining, key=lambda pair: (-abs(pair[1]), pair[0]))[:LARGEST_MONTHS]
    methods = [(_label(code), None if value is None else int(value))
               for code, value in (details.get("methods") or {}).items()
               if code not in (ForecastMethod.AUTO, ForecastMethod.ENTERED)]  # the proposal itself; the page has both
    return NetProposal(
        amount=stored.amount,
        method=details.get("method_label") or _label(stored.method),
        low=stored.low, high=stored.high,
        interval_basis=details.get("interval_basis", ""),
        actual_to_date=details.get("actual_to_date"),
        largest_months=[(month_name(m), a) for m, a in largest],
        past=[PastError(int(p["year"]), int(p["forecast"]), int(p["outcome"])) for p in details.get("past", [])],
        methods=methods,
    )


def unit_proposals(year: int, month: int, unit: OrgUnit) -> UnitProposals:
    """The proposals stored for the unit at (year, month); empty where none is."""
    net: NetProposal | None = None
    rows: dict[str, Ore] = {}
    methods: dict[str, str] = {}
    for stored in ForecastProposal.objects.filter(year=year, month=month, unit=unit):
        if stored.row == NET:
            net = _net(stored)
        else:
            rows[stored.row] = stored.amount
            methods[stored.row] = (stored.details or {}).get("method_label") or _label(stored.method)
    return UnitProposals(net, rows, methods)


def net_proposals(year: int, month: int) -> dict[str, Ore]:
    """Unit code -> the net proposal stored for (year, month), for the overview."""
    return dict(ForecastProposal.objects.filter(year=year, month=month, row=NET)
                .values_list("unit__code", "amount"))


def distance(forecast: Ore | None, proposal: Ore | None) -> Ore | None:
    """The entered forecast F(U, M) − the proposal; None where either is missing.
    Positive: the budget holder expects a costlier year than the proposal does."""
    if forecast is None or proposal is None:
        return None
    return forecast - proposal


def accepted_content(content: workflow.UnitContent, proposals: dict[str, Ore], row: str) -> workflow.UnitContent:
    """The content with the proposal of `row` (NET for the net) taken as the forecast.

    A row's proposal becomes that row's forecast, and forecasts of the rows above and below it
    are dropped, since those would have to agree with it (the net follows from the rows). The net's
    proposal becomes the net forecast; where the unit forecasts by row, the top-level rows take
    their proposals instead and the rows under them are dropped, so the rows add up to it.
    """
    rows = dict(content.row_forecasts)
    if row != NET:
        rows = {code: value for code, value in rows.items() if code not in row_rules.related_rows(row)}
        rows[row] = proposals[row]
        return replace(content, forecast=None, row_forecasts=rows)
    if not rows:
        return replace(content, forecast=proposals[NET])
    return replace(content, forecast=None,
                   row_forecasts={code: proposals[code] for code in _top_rows() if code in proposals})


class NoProposalError(workflow.WorkflowError):
    """The month has no stored proposal for the unit or row."""


def accept_proposal(year: int, month: int, unit: OrgUnit, content: workflow.UnitContent, *, row: str,
                    version: int, user: Any) -> tuple[UnitStatus, workflow.UnitContent]:
    """Save the page's content with the proposal of `row` (NET for the net) as the forecast.

    Saved as a draft through `workflow.save_draft` (the same rules, version check and
    `uppfolj.forecast.saved` / `row_saved` events), and audited `uppfolj.proposal.accepted`
    with the stored value before and the proposal after, in the same transaction.

    Raises:
        NoProposalError: nothing is proposed for the unit (or the row) this month.
        rules.RefusedError, workflow.WorkflowError: as `save_draft`.
    """
    with transaction.atomic():
        rules.require(user, rules.Act.EDIT_UNIT, unit.code, period_info(year, month, hold=True))
        stored = {p.row: p for p in ForecastProposal.objects.filter(year=year, month=month, unit=unit)}
        if row not in stored or (row == NET and content.row_forecasts
                                 and any(code not in stored for code in _top_rows())):
            raise NoProposalError(f"{NO_PROPOSAL}." if not stored else
                                  f"Det finns inget förslag för raden {row or 'netto'} den här månaden.")
        proposals = {code: p.amount for code, p in stored.items()}
        before = workflow.load_content(year, month, unit)
        after = accepted_content(content, proposals, row)
        status = workflow.save_draft(year, month, unit, after, version=version, user=user)
        old = before.forecast if row == NET else before.row_forecasts.get(row)
        key = workflow.unit_key(year, month, unit) if row == NET else workflow.row_key(year, month, unit, row)
        log_action("uppfolj.proposal.accepted", user=user, object_type="forecast", object_key=key,
                   old=None if old is None else {"prognos_ore": old},
                   new={"prognos_ore": proposals[row], "method": stored[row].method})
        return status, workflow.load_content(year, month, unit)


def _top_rows() -> list[str]:
    return [code for code in row_rules.forecast_rows() if row_rules.is_top_level(code)]


def accepted_message(content: workflow.UnitContent, row: str, row_name: str) -> str:
    """What the page says after a proposal was taken."""
    net = "–" if content.forecast is None else amount(content.forecast)
    if row == NET:
        return f"Förslaget är nu din helårsprognos, {net} tkr (sparat som utkast)."
    return (f"Förslaget för {row_name} är nu din prognos för raden (sparat som utkast). Helårsprognosen är "
            f"summan av raderna, rader utan prognos enligt årsbudget: {net} tkr.")

"""`uppfolj demo`: a demo municipality built through the same services as real imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from importlib import resources
from itertools import chain
from pathlib import Path

from django.db import transaction

from uppfolj.core.choices import Format, ReportKind, TreeKind
from uppfolj.core.records import LedgerRecord
from uppfolj.core.tree import build_tree
from uppfolj.ingest.investments import read_investments
from uppfolj.reports.forecast_json import propose_dict
from uppfolj.reports.render.json import encode
from uppfolj.synth import ledger, organisation
from uppfolj.synth.accounts import ACCOUNTS
from uppfolj.synth.anchor import anchored
from uppfolj.web.domain import demo_data as data
from uppfolj.web.domain import imports
from uppfolj.web.domain.budget import replace_budget
from uppfolj.web.domain.document_settings import save_document_settings
from uppfolj.web.domain.forecasting import propose
from uppfolj.web.domain.forecasts import replace_forecasts
from uppfolj.web.domain.investments import replace_investments, save_investment
from uppfolj.web.domain.kolada import import_kolada
from uppfolj.web.domain.ledger import replace_actuals
from uppfolj.web.domain.masterdata import finish_import, start_import, upsert_accounts
from uppfolj.web.domain.period import period_report, render_report
from uppfolj.web.domain.periods import lock_period, open_period
from uppfolj.web.domain.statistics import replace_volumes
from uppfolj.web.domain.trees import replace_unit_tree
from uppfolj.web.domain.users import create_demo_users
from uppfolj.web.models import (
    Action,
    Forecast,
    ForecastProposal,
    Goal,
    Investment,
    KeyFigureValue,
    KoladaHome,
    KoladaPage,
    KoladaPeerGroup,
    Period,
    PeriodSnapshot,
    Reason,
    Risk,
    RowForecast,
    UnitStatus,
    UnitText,
    Volume,
)
from uppfolj.web.models.org import OrgUnit
from uppfolj.web.rules import SYSTEM

YEAR, MONTH, FIRST_YEAR = data.YEAR, data.MONTH, data.FIRST_YEAR
DEADLINE = dt.date(YEAR, MONTH + 1, 12)  # the March follow-up is due in April
REPORTS = ((ReportKind.MONTHLY, YEAR, MONTH), (ReportKind.FEBRUARY, YEAR, 2), (ReportKind.INTERIM, YEAR, MONTH),
           (ReportKind.ANNUAL, YEAR - 1, 12))


DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_GOALS, DEMO_RISKS = DATA / "demo-mal.csv", DATA / "demo-risker.csv"  # loaded as `uppfolj import` loads them


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


def _investment_ledger() -> Iterator[LedgerRecord]:
    """The investment projects' ledger rows: one supplier invoice per project and month."""
    for year, projects in data.INVESTMENT_LEDGER.items():
        for project, cost_centre, account, months in projects:
            for month, kronor in enumerate(months, start=1):
                if kronor:
                    yield LedgerRecord(year, month, cost_centre, account, kronor * 100, project=project,
                                       voucher=f"LF{year % 100}{month:02d}{project[-2:]}",
                                       text=f"Leverantörsfaktura {project}", date=dt.date(year, month, 20))


def _investments() -> int:
    """The investments file through the import's reader and service, then the carry-over
    requests as a controller enters them on the web."""
    name, records = read_investments(str(resources.files("uppfolj") / "data" / data.INVESTMENTS_FILE))
    log = start_import("investments", name)
    summary = replace_investments(records, user=SYSTEM)
    finish_import(log, rows=summary.rows, years=summary.years)
    for year, project, kronor, reason in data.CARRY_OVER:
        save_investment(Investment.objects.get(year=year, project=project),
                        {"carry_over": kronor * 100, "carry_over_reason": reason}, user=SYSTEM)
    return summary.rows


@transaction.atomic
def load_demo(seed: int = 2024) -> dict[str, int]:
    """Replace the database's contents with the demo municipality; returns counts.

    The generator (`uppfolj.synth`) writes 2020–2023 and January–March 2024, anchored so that
    every department's 2024 annual budget, period budget, actual and February and March forecasts
    are the seed's (`demo_data.DEPARTMENTS`); everything goes in through the import services.
    """
    for model in (Goal, Risk, UnitText, Reason, Action, Forecast, RowForecast, ForecastProposal, Volume, UnitStatus,
                  PeriodSnapshot, Period, KeyFigureValue, KoladaPage, KoladaPeerGroup, KoladaHome, Investment):
        model.objects.all().delete()
    muni = anchored(data.demo_spec(seed), data.demo_targets())
    specs = organisation(muni.spec)
    replace_unit_tree(TreeKind.ORGANISATION, specs, build_tree(specs, single_root=True, what="enhet"), file="demo")
    upsert_accounts({code: account.name for code, account in ACCOUNTS.items()} | data.INVESTMENT_ACCOUNTS)
    log = start_import("actuals", "demo-utfall")
    actuals = replace_actuals(chain(ledger(muni), _investment_ledger()), import_id=log.id)
    finish_import(log, rows=actuals.rows, years=sorted(actuals.years))
    log = start_import("budget", "demo-budget")
    budget = replace_budget(muni.budget_records(), import_id=log.id)
    finish_import(log, rows=budget.rows, years=sorted(budget.years))
    replace_forecasts("demo-prognoser", muni.forecast_records)
    log = start_import("statistics", "demo-statistik")
    volumes = replace_volumes("demo-statistik", muni.volume_records)
    finish_import(log, rows=volumes.rows, years=sorted({v.year for v in muni.volume_records}))
    _texts()
    # Made-up key figures in Kolada's v3 format for the fictional Demokommunen (code 1999).
    with resources.as_file(resources.files("uppfolj") / "data" / "demo-kolada.json") as path:
        import_kolada(path, municipality=data.KOLADA_HOME, user=SYSTEM)
    imports.import_goals(DEMO_GOALS, user=SYSTEM)
    imports.import_risks(DEMO_RISKS, user=SYSTEM)
    return {"units": len(specs), "ledger_rows": actuals.rows, "budget_rows": budget.rows,
            "forecasts": len(muni.forecast_records), "volumes": volumes.rows, "investments": _investments()}


def _periods() -> list[str]:
    """The months before the report month are locked, as a controller leaves them; March is open."""
    done = [(y, m) for y in range(FIRST_YEAR, YEAR) for m in range(1, 13)] + [(YEAR, m) for m in range(1, MONTH)]
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
          f"{counts['budget_rows']} budgetrader, {counts['forecasts']} prognosrader, {counts['volumes']} volymvärden")
    users = create_demo_users()
    save_document_settings(data.DOCUMENT_SETTINGS, user=SYSTEM)
    locked = _periods()
    print(f"Låsta perioder: {locked[0]} – {locked[-1]}; {YEAR}-{MONTH:02d} är öppen till {DEADLINE.isoformat()}")
    out.mkdir(parents=True, exist_ok=True)
    proposals = propose(YEAR, MONTH, user=SYSTEM)
    target = out / f"prognosforslag-{YEAR}-{MONTH:02d}.json"
    target.write_bytes(encode(propose_dict(YEAR, MONTH, proposals)))
    print(f"Prognosförslag för {YEAR}-{MONTH:02d}: {len(proposals)} enheter, {target}")
    for kind, year, month in REPORTS:
        report = period_report(year, month, kind=kind)  # the committee's files: no ledger rows
        # dated two weeks into the month after, when a controller sends the follow-up
        dated = dt.date(year + month // 12, month % 12 + 1, 15)
        report = dataclasses.replace(report, settings=report.settings.merged({"date": dated}))
        for fmt in Format:
            target = out / f"{kind}-{year}-{month:02d}.{fmt}"
            target.write_bytes(render_report(report, fmt))
            print(f"  {target}")
    print("Användare (lösenord demo):")
    for username, role in users:
        print(f"  {username:10} {role}")

"""`uppfolj period status|open|lock`: a month's life from the command line (as the system user)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from django.utils import timezone

from uppfolj.cli.common import COMMON, SubParsers
from uppfolj.core.period import PeriodInfo
from uppfolj.web.domain import periods
from uppfolj.web.domain.period import period_result
from uppfolj.web.rules import SYSTEM


def add_commands(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("period", help="visar, öppnar och låser en månad")
    steps = p.add_subparsers(dest="period_step", required=True, metavar="STEG")
    status = steps.add_parser("status", help="periodens och enheternas status", parents=[COMMON])
    status.add_argument("--year", type=int)
    status.add_argument("--month", type=_month)
    status.set_defaults(func=run_status)
    opened = steps.add_parser("open", help="öppnar månaden för prognoser och texter", parents=[COMMON])
    _month_options(opened)
    opened.add_argument("--deadline", type=_date, help="sista dag för inlämning (ÅÅÅÅ-MM-DD)")
    opened.add_argument("--reason", default="", help="motivering; krävs för att öppna en låst månad igen")
    opened.set_defaults(func=run_open)
    locked = steps.add_parser("lock", help="låser månaden och sparar rapporten som den är", parents=[COMMON])
    _month_options(locked)
    locked.set_defaults(func=run_lock)


def _month_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--month", type=_month, required=True)


def _month(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f'"{text}" är inte en månad (1–12)')
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" är inte ett datum (ÅÅÅÅ-MM-DD)') from None


def describe(info: PeriodInfo) -> str:
    """'2024-03: öppen, sista dag 2024-04-10' and the like."""
    parts = [info.state.label]
    if info.deadline:
        parts.append(f"sista dag {info.deadline.isoformat()}")
    if info.locked and info.locked_at:
        parts.append(f"låst {timezone.localtime(info.locked_at).strftime('%Y-%m-%d %H:%M')}")
    if info.reopened_reason and not info.locked:
        parts.append(f"öppnad igen: {info.reopened_reason}")
    return f"{info.key}: {', '.join(parts)}"


def run_status(args: argparse.Namespace) -> int:
    if (args.year is None) != (args.month is None):
        print("uppfolj: ange både --year och --month, eller ingen av dem", file=sys.stderr)
        return 2
    if args.year is None:
        known = periods.known_periods()
        for info in known:
            print(describe(info))
        if not known:
            print("Inga perioder ännu.")
        return 0
    result = period_result(args.year, args.month)
    print(describe(result.period))
    width = max(len(f"{'  ' * u.line.level}{u.code} {u.line.name}") for u in result.units)
    for unit in result.units:
        name = f"{'  ' * unit.line.level}{unit.code} {unit.line.name}"
        print(f"  {name:<{width}}  {unit.state.label.lower()}{' (sen)' if unit.late else ''}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    info = periods.open_period(args.year, args.month, deadline=args.deadline, reason=args.reason, user=SYSTEM)
    print(describe(info))
    return 0


def run_lock(args: argparse.Namespace) -> int:
    info = periods.lock_period(args.year, args.month, user=SYSTEM)
    print(describe(info))
    return 0

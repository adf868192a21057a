"""`uppfolj period status|open|lock`: a month's life from the command line (as the system user)."""

from __future__ import annotations

import argparse
import sys

from django.utils import timezone

from uppfolj.core.period import PeriodInfo
from uppfolj.web.domain import periods
from uppfolj.web.domain.period import period_result
from uppfolj.web.rules import SYSTEM


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

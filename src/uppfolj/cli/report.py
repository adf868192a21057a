"""`uppfolj report`: the follow-up report in one format, to a file or standard output."""

from __future__ import annotations

import argparse

from uppfolj.cli.common import write_output
from uppfolj.core.choices import Format
from uppfolj.web.domain.period import period_report, render_report


def run_report(args: argparse.Namespace) -> int:
    report = period_report(args.year, args.month, kind=args.kind, by=args.by, unit=args.unit,
                           with_ledger=args.ledger and args.format is Format.XLSX)
    data = render_report(report, args.format, amounts=args.amounts, sign=args.sign,
                         template=args.template, committee=args.committee)
    write_output(args.output, data)
    return 0

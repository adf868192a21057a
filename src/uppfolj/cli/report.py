"""`uppfolj report`: the follow-up report in one format, to a file or standard output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from uppfolj.web.domain.document_inputs import render_report
from uppfolj.web.domain.report import ReportError, build_report


def run_report(args: argparse.Namespace) -> int:
    try:
        report = build_report(args.year, args.month, kind=args.kind, by=args.by, unit=args.unit)
    except ReportError as exc:  # nothing loaded yet, or an unknown unit: the user can fix it
        print(f"uppfolj: {exc}", file=sys.stderr)
        return 1
    data = render_report(report, args.format, amounts=args.amounts, sign=args.sign,
                         template=args.template, committee=args.committee)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0

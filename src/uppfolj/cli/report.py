"""`uppfolj report`: the follow-up report in one format, to a file or standard output."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from uppfolj.cli.common import write_output
from uppfolj.core.choices import Format
from uppfolj.core.errors import UserError
from uppfolj.reports.settings import parse_settings
from uppfolj.web.domain import month_sums
from uppfolj.web.domain.period import period_report, render_report

OPTION_FIELDS = ("committee", "administration", "date", "diarienummer", "author", "signatory", "recipients",
                 "attachments", "mbl")


def run_report(args: argparse.Namespace) -> int:
    # One report per process: nothing it reads is asked for again, so nothing is kept.
    keep, month_sums.keep = month_sums.keep, False
    try:
        return _report(args)
    finally:
        month_sums.keep = keep


def _report(args: argparse.Namespace) -> int:
    report = period_report(args.year, args.month, kind=args.kind, by=args.by, unit=args.unit,
                           with_ledger=args.ledger and args.format is Format.XLSX)
    settings = report.settings
    if args.settings:
        path = Path(args.settings)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(f"{path}: filen går inte att läsa ({error.strerror})") from None
        values, problems = parse_settings(text, json_format=path.suffix.lower() == ".json")
        if problems:
            raise UserError(f"{path}: " + "; ".join(problems))
        settings = settings.merged(values)
    options = {name: getattr(args, name) for name in OPTION_FIELDS}
    options["recipients"] = tuple(options["recipients"] or ())
    options["attachments"] = tuple(options["attachments"] or ())
    report = dataclasses.replace(report, settings=settings.merged(options))
    data = render_report(report, args.format, amounts=args.amounts, sign=args.sign, template=args.template)
    write_output(args.output, data)
    return 0

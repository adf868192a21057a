"""`uppfolj forecast propose|backtest`: thin handlers over `web.domain.forecasting`."""

from __future__ import annotations

import argparse
import os
import sys

from uppfolj.cli.common import write_output
from uppfolj.reports.forecast_json import backtest_dict, propose_dict
from uppfolj.reports.render.json import encode
from uppfolj.web.domain import forecasting
from uppfolj.web.rules import SYSTEM


def run_propose(args: argparse.Namespace) -> int:
    proposals = forecasting.propose(args.year, args.month, user=SYSTEM)
    write_output(args.output, encode(propose_dict(args.year, args.month, proposals)))
    if args.output != "-":
        print(f"Prognosförslag för {args.year}-{args.month:02d}: {len(proposals)} enheter sparade", file=sys.stderr)
    return 0


def run_backtest(args: argparse.Namespace) -> int:
    to_year = args.year if args.to_year is None else args.to_year
    if to_year < args.year:
        raise forecasting.ForecastError(f"--to-year {to_year} ligger före --year {args.year}")
    workers = args.workers or os.cpu_count() or 1
    result = forecasting.backtest(list(range(args.year, to_year + 1)), args.months, workers=workers)
    write_output(args.output, encode(backtest_dict(result)))
    return 0

"""What every sub-command shares: the `--db` option after the sub-command, the parsers' type."""

from __future__ import annotations

import argparse

SubParsers = argparse._SubParsersAction  # argparse offers no public name for it

# `--db` is accepted after the sub-command too (`uppfolj report ... --db x.sqlite3`).
COMMON = argparse.ArgumentParser(add_help=False)
COMMON.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

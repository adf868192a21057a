"""Registering the sub-commands; each handler is a thin shell over a service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from uppfolj.cli import imports, sie, texts
from uppfolj.cli.common import COMMON, SubParsers, choice
from uppfolj.core.choices import Amounts, Format, ReportKind, Sign, TreeKind
from uppfolj.web.domain.document_inputs import render_report
from uppfolj.web.domain.report import ReportError, build_report


def add_import_commands(imports_sub: SubParsers[argparse.ArgumentParser],
                        top: SubParsers[argparse.ArgumentParser]) -> None:
    imports.add_commands(imports_sub, COMMON)
    texts.add_commands(imports_sub, COMMON)
    sie.add_commands(imports_sub, top)


def add_report_command(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("report", help="skriver uppföljningsrapporten", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=int, required=True, choices=range(1, 13), metavar="M")
    p.add_argument("--kind", type=choice(ReportKind), choices=list(ReportKind), default=ReportKind.MONTHLY)
    p.add_argument("--format", type=choice(Format), choices=list(Format), default=Format.JSON)
    p.add_argument("-o", "--output", required=True, help="utfil, eller - för standard ut")
    p.add_argument("--unit", help="bara denna enhet och enheterna under den")
    p.add_argument("--by", type=choice(TreeKind), choices=list(TreeKind), default=TreeKind.ORGANISATION)
    p.add_argument("--amounts", type=choice(Amounts), choices=list(Amounts), default=Amounts.TKR)
    p.add_argument("--sign", type=choice(Sign), choices=list(Sign), default=Sign.COSTS_POSITIVE)
    p.add_argument("--template", help="egen Word-mall (DOCX)")
    p.add_argument("--committee", help="nämndens namn i beslutsförslaget")
    p.set_defaults(func=run_report)


def add_other_commands(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("demo", help="bygger en demokommun och skriver dess rapporter", parents=[COMMON])
    p.add_argument("--out", default="demo-out")
    p.add_argument("--serve", action="store_true", help="starta webbapplikationen efteråt")
    p.add_argument("--seed", type=int, default=2024)
    p.set_defaults(func=run_demo)
    p = top.add_parser("serve", help="kör webbapplikationen", parents=[COMMON])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run_serve)


def run_report(args: argparse.Namespace) -> int:
    report = build_report(args.year, args.month, kind=args.kind, by=args.by, unit=args.unit)
    data = render_report(report, args.format, amounts=args.amounts, sign=args.sign,
                         template=args.template, committee=args.committee)
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from uppfolj.web.domain import demo  # noqa: PLC0415

    demo.build_demo(Path(args.out), seed=args.seed)
    if args.serve:
        return run_serve(argparse.Namespace(host="127.0.0.1", port=8000))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from uppfolj.web import serve  # noqa: PLC0415

    return serve.run(args.host, args.port)


def user_error(exc: Exception) -> str | None:
    """The one-line message for errors a user can act on; None for programming errors."""
    if isinstance(exc, ReportError):
        return f"uppfolj: {exc}"
    return None

"""`uppfolj demo` and `uppfolj serve`: the demo municipality and the web application."""

from __future__ import annotations

import argparse
from pathlib import Path

from uppfolj.web import serve
from uppfolj.web.domain import demo


def run_demo(args: argparse.Namespace) -> int:
    demo.build_demo(Path(args.out), seed=args.seed)
    if args.serve:
        return run_serve(argparse.Namespace(host="127.0.0.1", port=8000))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    return serve.run(args.host, args.port, workers=getattr(args, "workers", None), threads=getattr(args, "threads", None),
                     access_log=getattr(args, "access_log", None) or "-", error_log=getattr(args, "error_log", None) or "-")

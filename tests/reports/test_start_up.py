"""What `uppfolj report` loads: heavy libraries only for the formats and commands that use them."""

from __future__ import annotations

import subprocess
import sys

from uppfolj.core.choices import Format

# Loaded by the command line's report path (the parser, Django, the period result, JSON), and
# nothing of these: the forecasting engine, the SIE reader, the document renderers and their
# libraries.
NOT_LOADED = ("numpy", "statsforecast", "uppfolj.core.forecasting.backtest", "uppfolj.ingest.sie",
              "uppfolj.reports.render.docx", "uppfolj.reports.render.xlsx", "uppfolj.reports.render.pdf",
              "uppfolj.reports.render.html", "openpyxl", "docx", "weasyprint", "matplotlib")

SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings"
from uppfolj.cli.main import build_parser
from uppfolj.cli.database import configure
configure(sys.argv[1])
import uppfolj.cli.report
from uppfolj.core.forecasting.model import Accuracy
from uppfolj.reports.render.registry import MEDIA_TYPES, render
print(" ".join(name for name in sys.argv[2:] if name in sys.modules))
"""


def test_the_report_command_loads_no_heavy_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "x.sqlite3"), *NOT_LOADED],
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == []


def test_media_types_are_the_renderers_own() -> None:
    from uppfolj.reports.render import docx, html, json, pdf, xlsx
    from uppfolj.reports.render.registry import MEDIA_TYPES

    assert {
        Format.JSON: json.media_type, Format.XLSX: xlsx.media_type, Format.DOCX: docx.media_type,
        Format.HTML: f"{html.media_type}; charset=utf-8", Format.PDF: pdf.media_type,
    } == MEDIA_TYPES


def test_the_engine_is_there_when_asked_for() -> None:
    from uppfolj.core import forecasting
    from uppfolj.core.forecasting.backtest import backtest

    assert forecasting.backtest is backtest
    assert callable(forecasting.accuracy) and callable(forecasting.propose)

"""Renderers by format: each takes the one report model and returns the file's bytes."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from uppfolj.reports.document import Document, DocumentInputs, build_document
from uppfolj.reports.model import Report


@dataclass(frozen=True)
class RenderOptions:
    amounts: str = "tkr"  # kr | tkr | mnkr
    sign: str = "costs-positive"  # costs-positive | costs-negative
    template: str | None = None  # a municipality's own Word template
    committee: str | None = None  # the committee's name, for the proposed decision
    inputs: DocumentInputs | None = None  # texts, series and ledger rows loaded from the database


def document(report: Report, options: RenderOptions) -> Document:
    """The document model the renderers share, built from the report and the loaded inputs."""
    return build_document(report, options.inputs, amounts=options.amounts, sign=options.sign,
                          committee=options.committee)


def render(report: Report, fmt: str, *, options: RenderOptions | None = None) -> bytes:
    """Render with the format's module (imported only when asked for)."""
    opts = options or RenderOptions()
    if fmt == "json":
        from uppfolj.reports.render import json  # noqa: PLC0415

        return json.render(report)
    try:
        module = importlib.import_module(f"uppfolj.reports.render.{fmt}")
    except ModuleNotFoundError:
        raise NotImplementedError(f"formatet {fmt} är inte tillgängligt ännu") from None
    return bytes(module.render(report, opts))

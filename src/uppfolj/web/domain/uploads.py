"""Imports uploaded in the web: the same readers, services and messages as `uppfolj import`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppfolj.core.choices import Phasing, TreeKind
from uppfolj.core.errors import DISK_FULL, InputError, is_disk_full
from uppfolj.web.domain import imports
from uppfolj.web.domain.kolada import import_kolada
from uppfolj.web.domain.sie_import import import_sie, summary_lines
from uppfolj.web.rules import RefusedError


@dataclass
class UploadResult:
    ok: bool
    message: str  # Swedish: the CLI's summary line, or the first problem
    problems: list[str] = field(default_factory=list)  # every problem line (`FILE:LINE: message`), as the CLI prints them
    warnings: list[str] = field(default_factory=list)  # findings of an import that went through (SIE checks)


def kinds() -> list[str]:
    """The kinds of file that can be uploaded."""
    return ["organisation", "activities", "template", "budget", "actuals", "forecasts", "comments", "reasons",
            "actions", "sie", *SIMPLE]


# Kinds whose import takes only the file (and the user): the committee's report beside the money.
SIMPLE: dict[str, Callable[..., list[str]]] = {
    "statistics": imports.import_statistics,
    "goals": imports.import_goals,
    "risks": imports.import_risks,
    "investments": imports.import_investments,
    "kolada": import_kolada,
}


# Findings listed with a successful upload, as `uppfolj import sie` prints them; the rest are
# in the import log.
SHOWN_WARNINGS = 20


def import_upload(kind: str, name: str, chunks: Iterable[bytes], *, user: Any,
                  phasing: Phasing = Phasing.EVEN, strict: bool = False) -> UploadResult:
    """Write the upload to a temporary file with its own name (messages name it), then import it.
    `strict` (SIE only, as `uppfolj import sie --strict`): a file with findings is refused.

    A disk that fills up, while the upload is written or inside the import's transaction, gives
    one Swedish line: the import is one transaction, so the database is as it was.
    """
    safe = Path(name).name or "fil"
    try:
        with tempfile.TemporaryDirectory(prefix="uppfolj-upload-") as folder:
            path = Path(folder) / safe
            with path.open("wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            return _import(kind, path, safe, user=user, phasing=phasing, strict=strict)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        message = (f"{safe}: {DISK_FULL} på servern; filen lästes inte in och databasen är som före inläsningen. "
                   "Försök igen när utrymme har frigjorts.")
        return UploadResult(False, message, [message])


def _import(kind: str, path: Path, safe: str, *, user: Any, phasing: Phasing, strict: bool) -> UploadResult:
    try:
        if kind == "sie":
            return _run_sie(path, user=user, strict=strict)
        return UploadResult(True, _run(kind, path, user=user, phasing=phasing))
    except InputError as exc:
        return UploadResult(False, exc.lines[0], exc.lines)
    except RefusedError as exc:
        message = f"{safe}: {exc}"
        return UploadResult(False, message, [message])
    except (ValueError, OSError) as exc:
        if is_disk_full(exc):
            raise
        message = f"{safe}: {exc}"
        return UploadResult(False, message, [message])


def _run(kind: str, path: Path, *, user: Any, phasing: Phasing) -> str:
    if kind in ("organisation", "activities"):
        tree_kind = TreeKind.ORGANISATION if kind == "organisation" else TreeKind.ACTIVITY
        lines = imports.import_unit_tree(path, tree_kind, user=user)
    elif kind == "template":
        lines = imports.import_template(path, user=user)
    elif kind == "actuals":
        lines = imports.import_actuals(path, user=user)
    elif kind == "budget":
        lines = imports.import_budget(path, phasing=phasing, user=user)
    elif kind == "forecasts":
        lines = imports.import_forecasts(path, user=user)
    elif kind in ("comments", "reasons", "actions"):
        lines = imports.import_texts(kind, path, user=user)
    elif kind in SIMPLE:
        lines = SIMPLE[kind](path, user=user)
    else:
        raise ValueError(f"okänt slag av fil: {kind}")
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    return ". ".join(line.rstrip(".") for line in lines)


def _run_sie(path: Path, *, user: Any, strict: bool) -> UploadResult:
    summary = import_sie(path, user=user, strict=strict)
    checks = summary.info.checks
    warnings = [check.message for check in checks[:SHOWN_WARNINGS]]
    if len(checks) > SHOWN_WARNINGS:
        warnings.append(f"… och {len(checks) - SHOWN_WARNINGS} till (sparade med inläsningen)")
    return UploadResult(True, _joined(summary_lines(summary, shown_checks=0)), warnings=warnings)

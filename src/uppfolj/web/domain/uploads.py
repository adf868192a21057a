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


def import_upload(kind: str, name: str, chunks: Iterable[bytes], *, user: Any,
                  phasing: Phasing = Phasing.EVEN) -> UploadResult:
    """Write the upload to a temporary file with its own name (messages name it), then import it.

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
            return _import(kind, path, safe, user=user, phasing=phasing)
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        message = (f"{safe}: {DISK_FULL} på servern; filen lästes inte in och databasen är som före inläsningen. "
                   "Försök igen när utrymme har frigjorts.")
        return UploadResult(False, message, [message])


def _import(kind: str, path: Path, safe: str, *, user: Any, phasing: Phasing) -> UploadResult:
    try:
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
    elif kind == "sie":
        lines = summary_lines(import_sie(path, user=user), shown_checks=0)
    elif kind in SIMPLE:
        lines = SIMPLE[kind](path, user=user)
    else:
        raise ValueError(f"okänt slag av fil: {kind}")
    return ". ".join(line.rstrip(".") for line in lines)

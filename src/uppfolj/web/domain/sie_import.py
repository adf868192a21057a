"""Importing a SIE 4 file: actuals, budget, master data and findings in one transaction."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import CharField

from uppfolj.core.errors import InputError, Problems
from uppfolj.core.format import kr_text
from uppfolj.core.records import LedgerRecord
from uppfolj.ingest.sie import SieInfo, SieReader
from uppfolj.ingest.sie.api import refuse_if_strict
from uppfolj.ingest.sie.model import parse_dimension, resolve_dimensions
from uppfolj.web import rules
from uppfolj.web.domain.budget import replace_budget
from uppfolj.web.domain.ledger import ImportSummary, replace_actuals
from uppfolj.web.domain.masterdata import (
    finish_import,
    start_import,
    upsert_accounts,
    upsert_objects,
)
from uppfolj.web.models import LedgerRow


def _max_length(name: str) -> int:
    field = LedgerRow._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None
    return field.max_length


_CODE_LIMITS = {name: _max_length(name) for name in ("account", "cost_centre", "activity", "project")}
_TEXT_LIMIT = _max_length("text")
_VOUCHER_LIMIT = _max_length("voucher")
# In the order _storable unpacks them.
_LABELS = {"account": "konto", "cost_centre": "ansvar", "activity": "verksamhet", "project": "projekt"}


@dataclass
class SieImportSummary:
    """What one SIE import read and wrote."""

    info: SieInfo
    actuals: ImportSummary
    budget: ImportSummary
    accounts_changed: int
    objects_changed: int

    @property
    def years(self) -> list[int]:
        return sorted(self.actuals.years | self.budget.years)


def configured_dimensions(environ: Mapping[str, str] = os.environ) -> dict[str, int]:
    """The setting UPPFOLJ_SIE_DIM (`ansvar=1,verksamhet=20`), read when a file is imported."""
    text = environ.get("UPPFOLJ_SIE_DIM", "").strip()
    try:
        return dict(parse_dimension(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise InputError("UPPFOLJ_SIE_DIM", None, str(exc)) from None


def import_sie(
    path: str | Path,
    *,
    dims: Mapping[str, int] | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    user: Any,
) -> SieImportSummary:
    """Import a SIE 4 file; each (year, month, cost centre) and (year, cost centre) it covers is replaced.

    Dimensions: the setting UPPFOLJ_SIE_DIM, with `dims` overriding it per name. Runs in one
    transaction: bad input (InputError) or, with `strict`, any finding of the
    verification leaves the database as it was. Findings are stored on the import log, for the
    years the file covers, so reports list them.
    """
    rules.require(user, rules.Act.IMPORT_LEDGER)
    # The setting, then `dims` (the command line's --dim) per name: uploads and the command line
    # read the same mapping.
    dims = configured_dimensions() | dict(dims or {})
    reader = SieReader(path, dims=dims, progress=progress, strict=strict)
    chosen = resolve_dimensions(dims)
    with transaction.atomic():
        log = start_import("sie", reader.name, user=user)
        with closing(reader.ledger_records()) as records:
            actuals = replace_actuals(_storable(records, reader.problems), import_id=log.pk)
        info = reader.info
        refuse_if_strict(info, strict=strict)
        budget_records = reader.budget_records()
        budget = replace_budget(budget_records, import_id=log.pk) if budget_records else ImportSummary()
        accounts = upsert_accounts({code: name for code, name in info.accounts.items() if name})
        objects = sum(
            upsert_objects(name, {code: title for code, title in info.objects_of(number).items() if title})
            for name, number in chosen.items()
        )
        summary = SieImportSummary(info, actuals, budget, accounts, objects)
        finish_import(
            log, rows=actuals.rows + budget.rows, years=summary.years, checks=info.checks,
            user=user, summary=_log_summary(summary),
        )
    return summary


def _log_summary(summary: SieImportSummary) -> dict[str, Any]:
    info = summary.info
    return {
        "encoding": info.encoding, "program": f"{info.program} {info.program_version}".strip(),
        "sie_type": info.sie_type, "lines": info.lines, "vouchers": info.vouchers,
        "actual_rows": summary.actuals.rows, "budget_rows": summary.budget.rows,
        "unknown_records": info.unknown_count, "amount_ore": summary.actuals.amount,
    }


def _storable(records: Iterable[LedgerRecord], problems: Problems) -> Iterator[LedgerRecord]:
    """Refuse codes longer than the database holds; shorten texts that are (they are only notes).

    A code too long is noted among the reader's problems and its row left out; the reader
    raises what it noted at the end of its vouchers, and this stream what came after (#PSALDO).
    """
    account, centre, activity, project = (_CODE_LIMITS[name] for name in _LABELS)
    for record in records:
        if (
            len(record.account) > account
            or len(record.cost_centre) > centre
            or len(record.activity) > activity
            or len(record.project) > project
        ):
            _note_too_long(record, problems)
        elif len(record.text) > _TEXT_LIMIT or len(record.voucher) > _VOUCHER_LIMIT:
            yield record._replace(text=record.text[:_TEXT_LIMIT], voucher=record.voucher[:_VOUCHER_LIMIT])
        else:
            yield record
    problems.raise_if_any()


def _note_too_long(record: LedgerRecord, problems: Problems) -> None:
    for name, limit in _CODE_LIMITS.items():
        if len(getattr(record, name)) > limit:
            problems.add(record.line, f'{_LABELS[name]} "{getattr(record, name)[:20]}…" är längre än {limit} tecken')


def summary_lines(summary: SieImportSummary, *, shown_checks: int = 20) -> list[str]:
    """The Swedish summary printed after an import."""
    info = summary.info
    program = f"{info.program} {info.program_version}".strip() or "okänt program"
    source = "#PSALDO" if info.psaldo_year_indexes and not info.vouchers else "#TRANS"
    if info.psaldo_year_indexes and info.vouchers:
        source = "#TRANS och #PSALDO (år utan verifikationer)"
    years = ", ".join(str(y) for y in summary.years) or "-"
    lines = [
        f"{info.file}: SIE {info.sie_type or '?'} från {program}, teckenkodning {info.encoding}",
        f"{info.lines} rader lästa, {info.vouchers} verifikationer, {info.transactions} transaktionsrader"
        + (f" ({info.added_rows} #RTRANS, {info.removed_rows} #BTRANS)" if info.added_rows or info.removed_rows else ""),
        f"Utfall: {summary.actuals.rows} rader ur {source}, summa {kr_text(summary.actuals.amount)}",
        f"Budget: {summary.budget.rows} rader ur #PBUDGET",
        f"År: {years}; {len(info.accounts)} konton, {len(info.objects)} objekt i filen",
    ]
    if info.unknown_count:
        kinds = ", ".join(f"{tag} ({n})" for tag, n in sorted(info.unknown_records.items()))
        lines.append(f"{info.unknown_count} okända poster hoppades över: {kinds}")
    if info.fallback_bytes:
        lines.append(f"{info.fallback_bytes} byte var inte UTF-8 och lästes som Latin-1")
    lines.append(f"Kontroller: {len(info.checks)} avvikelser" if info.checks else "Kontroller: inga avvikelser")
    lines += [f"  {check.code}: {check.message}" for check in info.checks[:shown_checks]]
    if len(info.checks) > shown_checks:
        lines.append(f"  … och {len(info.checks) - shown_checks} till (sparade med importen)")
    return lines

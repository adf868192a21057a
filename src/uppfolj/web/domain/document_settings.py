"""The organisation's document settings: read for every report, saved (audited) from the web."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from uppfolj.reports.settings import CommitteeSettings, split_lines
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import DocumentSettings

TEXT_FIELDS = ("committee", "administration", "diarienummer", "author", "signatory", "signatory_title", "mbl",
               "background", "outlook")
LIST_FIELDS = ("recipients", "attachments")


def stored() -> DocumentSettings:
    """The settings row (unsaved defaults where none is stored)."""
    return DocumentSettings.objects.filter(pk=1).first() or DocumentSettings(pk=1)


def document_settings() -> CommitteeSettings:
    """The stored settings as the reports read them."""
    row = DocumentSettings.objects.filter(pk=1).first()
    if row is None:
        return CommitteeSettings()
    values: dict[str, Any] = {name: getattr(row, name) for name in TEXT_FIELDS}
    values.update({name: split_lines(getattr(row, name)) for name in LIST_FIELDS})
    return CommitteeSettings(**values)


def save_document_settings(values: dict[str, str], *, user: Any) -> DocumentSettings:
    """Store the settings (text fields; lists one item a line) and log old and new values."""
    with transaction.atomic():
        before = document_settings()
        row = stored()
        for name in (*TEXT_FIELDS, *LIST_FIELDS):
            if name in values:
                setattr(row, name, values[name].strip())
        row.save()
        after = document_settings()
        log_action("uppfolj.settings.document_saved", user=user, object_type="dokumentinställningar",
                   object_key="1", old=before.as_dict(), new=after.as_dict())
    return row

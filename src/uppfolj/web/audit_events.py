"""The registry of audit events: every code the audit log may hold, with its Swedish description.

`log_action` refuses a code that is not here, so the log never holds a code a controller cannot
read; README.md lists the same codes and `tests/test_docs.py` holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AuditEvent:
    code: str
    description: str  # Swedish, as the log page shows it
    group: str  # Swedish heading the event select groups it under


def _group(group: str, *events: tuple[str, str]) -> tuple[AuditEvent, ...]:
    return tuple(AuditEvent(code, description, group) for code, description in events)


EVENTS: tuple[AuditEvent, ...] = (
    *_group(
        "Perioder",
        ("uppfolj.period.opened", "Period öppnad"),
        ("uppfolj.period.locked", "Period låst"),
        ("uppfolj.period.reopened", "Period öppnad igen efter låsning"),
    ),
    *_group(
        "Enheternas uppföljning",
        ("uppfolj.forecast.saved", "Prognos sparad"),
        ("uppfolj.forecast.row_saved", "Prognos per rad sparad"),
        ("uppfolj.proposal.accepted", "Prognosförslag godtaget"),
        ("uppfolj.volume.saved", "Volym sparad"),
        ("uppfolj.investment.saved", "Investering ändrad (prognos, kommentar eller överföring)"),
        ("uppfolj.texts.saved", "Kommentarer sparade"),
        ("uppfolj.reasons.saved", "Orsaker sparade"),
        ("uppfolj.actions.saved", "Åtgärder sparade"),
        ("uppfolj.unit.drafted", "Enheten sparad som utkast"),
        ("uppfolj.unit.submitted", "Enheten inlämnad"),
        ("uppfolj.unit.approved", "Enheten godkänd"),
        ("uppfolj.unit.returned", "Enheten återsänd"),
    ),
    *_group(
        "Mål och risker",
        ("uppfolj.goal.saved", "Mål ändrat"),
        ("uppfolj.risk.added", "Risk tillagd"),
        ("uppfolj.risk.changed", "Risk ändrad"),
        ("uppfolj.risk.removed", "Risk borttagen"),
    ),
    *_group(
        "Inlästa värden",
        ("uppfolj.forecast.imported", "Prognos inläst"),
        ("uppfolj.forecast.row_imported", "Prognos per rad inläst"),
        ("uppfolj.volume.imported", "Volym inläst"),
        ("uppfolj.investment.imported", "Investering inläst, ändrad eller borttagen av inläsning"),
        ("uppfolj.texts.imported", "Kommentarer inlästa"),
        ("uppfolj.reasons.imported", "Orsaker inlästa"),
        ("uppfolj.actions.imported", "Åtgärder inlästa"),
    ),
    *_group(
        "Inläsningar",
        ("uppfolj.import.organisation", "Inläsning av organisation"),
        ("uppfolj.import.activity", "Inläsning av verksamhetsträd"),
        ("uppfolj.import.template", "Inläsning av rapportmall"),
        ("uppfolj.import.budget", "Inläsning av budget"),
        ("uppfolj.import.actuals", "Inläsning av utfall"),
        ("uppfolj.import.forecasts", "Inläsning av prognoser"),
        ("uppfolj.import.statistics", "Inläsning av volymer"),
        ("uppfolj.import.goals", "Inläsning av mål"),
        ("uppfolj.import.risks", "Inläsning av risker"),
        ("uppfolj.import.investments", "Inläsning av investeringar"),
        ("uppfolj.forecast.proposed", "Prognosförslag beräknade"),
        ("uppfolj.import.sie", "Inläsning av SIE-fil"),
        ("uppfolj.import.comments", "Inläsning av kommentarer"),
        ("uppfolj.import.reasons", "Inläsning av orsaker"),
        ("uppfolj.import.actions", "Inläsning av åtgärder"),
        ("uppfolj.import.kolada", "Inläsning av nyckeltal från Kolada (fil)"),
        ("uppfolj.kolada.fetched", "Nyckeltal hämtade från Kolada"),
        ("uppfolj.kolada.home_set", "Hemkommun för nyckeltalen vald"),
        ("uppfolj.settings.document_saved", "Dokumentinställningar sparade (nämnd, underskrift, mottagare)"),
    ),
    *_group(
        "Användare och behörighet",
        ("uppfolj.user.created", "Användare skapad"),
        ("uppfolj.user.changed", "Användare ändrad"),
        ("uppfolj.user.deleted", "Användare borttagen"),
        ("uppfolj.role.assigned", "Roll tilldelad"),
        ("uppfolj.role.removed", "Roll borttagen"),
        ("uppfolj.role.units_add", "Enheter tillagda i roll"),
        ("uppfolj.role.units_remove", "Enheter borttagna ur roll"),
        ("uppfolj.role.units_clear", "Alla enheter borttagna ur roll"),
        ("uppfolj.import.users", "Inläsning av användare"),
        ("uppfolj.user.link_created", "Engångslänk för inloggning skapad"),
        ("uppfolj.user.link_used", "Engångslänk använd, lösenord valt"),
        ("uppfolj.user.initial_password", "Startlösenord satt (måste bytas vid inloggning)"),
        ("uppfolj.user.password_changed", "Lösenord bytt"),
        ("uppfolj.token.created", "API-nyckel skapad"),
        ("uppfolj.token.revoked", "API-nyckel återkallad"),
    ),
    *_group(
        "Grunddata",
        ("uppfolj.masterdata.saved", "Grunddata sparad"),
        ("uppfolj.masterdata.deleted", "Grunddata borttagen"),
    ),
    *_group(
        "Drift",
        ("uppfolj.database.backup", "Säkerhetskopia tagen"),
        ("uppfolj.database.restored", "Databasen återställd från säkerhetskopia"),
    ),
)

DESCRIPTIONS: dict[str, str] = {e.code: e.description for e in EVENTS}


def is_registered(code: str) -> bool:
    return code in DESCRIPTIONS


def describe(code: str) -> str:
    """The Swedish description; a code from before the registry is shown as it is."""
    return DESCRIPTIONS.get(code, code)


def grouped() -> list[tuple[str, list[AuditEvent]]]:
    """The events under their group headings, in registry order (for the log page's select)."""
    groups: dict[str, list[AuditEvent]] = {}
    for event in EVENTS:
        groups.setdefault(event.group, []).append(event)
    return list(groups.items())

"""The findings a report lists about its data (`checks`), each built from data in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from uppfolj.core.choices import Severity, TreeKind
from uppfolj.core.figures import Figures, Sums
from uppfolj.core.format import kr_text
from uppfolj.core.pin import looks_like_pin
from uppfolj.core.records import Check

# The figures compared between a locked report and the ledger today, with their Swedish names.
_LOCKED_FIGURES = (
    ("annual_budget", "årsbudget"),
    ("period_budget", "periodbudget"),
    ("actual", "utfall"),
    ("previous_year_period_actual", "utfall samma period föregående år"),
    ("previous_year_actual", "utfall föregående år"),
)


def _sums_text(sums: Sums) -> str:
    parts = [f"utfall {kr_text(sums.actual)}"]
    if sums.annual_budget:
        parts.append(f"budget {kr_text(sums.annual_budget)}")
    if sums.previous_year_actual:
        parts.append(f"utfall föregående år {kr_text(sums.previous_year_actual)}")
    return ", ".join(parts)


def unplaced(by: TreeKind, keys: Mapping[str, Sums], accounts: Mapping[str, Sums]) -> list[Check]:
    """Rows no unit takes (`unmatched_cost_centre` / `unmatched_activity`) and accounts no
    template row covers (`unmapped_account`), with their sums."""
    checks: list[Check] = []
    what, code = ("Ansvar", "unmatched_cost_centre") if by is TreeKind.ORGANISATION else ("Verksamhet", "unmatched_activity")
    for key, sums in sorted(keys.items()):
        label = f"{what} {key}" if key else f"Rader utan {what.lower()}"
        checks.append(Check(Severity.WARNING, code, f"{label} hör inte till någon enhet: {_sums_text(sums)}"))
    for account, sums in sorted(accounts.items()):
        checks.append(Check(Severity.WARNING, "unmapped_account",
                            f"Konto {account} ingår inte i någon rapportrad: {_sums_text(sums)}"))
    return checks


def forecast_at_budget(year: int, counted: Iterable[str]) -> list[Check]:
    """Each unit counted at its annual budget in a reported unit's forecast, once."""
    checks: list[Check] = []
    listed: set[str] = set()
    for child in counted:
        if child not in listed:
            listed.add(child)
            checks.append(Check(Severity.WARNING, "forecast_at_budget",
                                f"Enhet {child} saknar prognos för {year} och räknas som prognos enligt budget", child))
    return checks


def personal_identity_numbers(
    year: int,
    *,
    ledger: Sequence[tuple[str, int]],
    owner: Callable[[str], str | None],
    texts: Sequence[tuple[str, int]],
    forecast_comments: Sequence[tuple[str, int, str]],
) -> list[Check]:
    """Texts that look like a personnummer, never repeating the number.

    `ledger`: (cost centre, number of flagged rows); `texts`: (unit, month) of flagged texts;
    `forecast_comments`: (unit, month made, comment) of every forecast with a comment.
    """
    checks: list[Check] = []
    for cost_centre, count in ledger:
        rows = "verifikationsrad" if count == 1 else "verifikationsrader"
        checks.append(Check(Severity.ERROR, "personal_identity_number",
                            f"{count} {rows} på ansvar {cost_centre or '(tomt)'} har en text som ser ut som ett personnummer",
                            owner(cost_centre)))
    for unit, month in texts:
        checks.append(Check(Severity.ERROR, "personal_identity_number",
                            f"En kommentar för enhet {unit} ({month:02d}/{year}) ser ut att innehålla ett personnummer", unit))
    for unit, made, comment in forecast_comments:
        if looks_like_pin(comment):
            checks.append(Check(Severity.ERROR, "personal_identity_number",
                                f"Prognoskommentaren för enhet {unit} ({made:02d}/{year}) ser ut att innehålla ett personnummer",
                                unit))
    return checks


def changed_after_lock(locked: Mapping[str, Figures], now: Mapping[str, Figures], *, locked_on: str) -> list[Check]:
    """`changed_after_lock`: units whose figures the ledger or budget changed after the lock.

    `locked` and `now` map unit codes (in report order) to their figures as published and as
    the data gives them today; the differences are named in kronor.
    """
    checks: list[Check] = []
    for code, before in locked.items():
        after = now.get(code)
        if after is None:
            continue
        parts = []
        for name, word in _LOCKED_FIGURES:
            old, new = getattr(before, name), getattr(after, name)
            if (old or 0) != (new or 0):
                change = (new or 0) - (old or 0)
                parts.append(f"{word} {'+' if change > 0 else ''}{kr_text(change)}")
        if parts:
            checks.append(Check(
                Severity.WARNING, "changed_after_lock",
                f"Underlaget för enhet {code} har ändrats efter låsningen {locked_on}: {', '.join(parts)}. "
                "Rapporten visar siffrorna som de var vid låsningen; rättelsen syns i nästa rapport.",
                code,
            ))
    return checks

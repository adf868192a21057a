"""Forms: parse Swedish tkr input exactly (no floats) into the workflow's content."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from uppfolj.core.choices import ActionStatus
from uppfolj.core.format import number
from uppfolj.core.money import AmountError, parse_amount
from uppfolj.web.domain.workflow import HEADINGS, ActionData, ReasonData, UnitContent

EXTRA_ROWS = 3
MAX_ROWS = 50


def tkr_to_ore(text: str) -> int:
    """'1 234,5' tkr → öre, exactly: kronor öre from parse_amount times 1000."""
    return parse_amount(text) * 1000


def ore_to_tkr_input(ore: int | None) -> str:
    """Öre as the tkr text a form shows: whole tkr where exact, else two decimals."""
    if ore is None:
        return ""
    value = Decimal(ore) / 100_000
    return number(value, 0 if ore % 100_000 == 0 else 2, space=" ")


class LoginForm(forms.Form):
    username = forms.CharField(label="Användarnamn", max_length=150)
    password = forms.CharField(label="Lösenord", widget=forms.PasswordInput)


class UnitForm:
    """The unit page's form: forecast, texts, reasons and actions as numbered rows."""

    def __init__(self, data: QueryDict, *, annual_budget: int) -> None:
        self.data = data
        self.annual_budget = annual_budget
        self.errors: list[str] = []
        self.content = UnitContent()
        self.version = 0

    def is_valid(self) -> bool:
        self.errors = []
        try:
            self.version = int(self.data.get("version", "0"))
        except ValueError:
            self.errors.append("Formulärets version saknas; ladda om sidan.")
        self.content = UnitContent(
            forecast=self._forecast(),
            texts={h: self.data.get(f"text_{h}", "").strip() for h in HEADINGS},
            reasons=self._reasons(),
            actions=self._actions(),
            remainder=self.data.get("rest", "").strip(),
        )
        return not self.errors

    def _tkr(self, name: str, label: str) -> int | None:
        raw = self.data.get(name, "").strip()
        if not raw:
            return None
        try:
            return tkr_to_ore(raw)
        except AmountError as exc:
            self.errors.append(f"{label}: {exc}")
            return None

    def _forecast(self) -> int | None:
        """The field the user changed wins; the page shows both (and sends what it showed)."""
        forecast = self._tkr("prognos", "Helårsprognos")
        variance = self._tkr("prognosavvikelse", "Prognosavvikelse")
        forecast_changed = self.data.get("prognos", "").strip() != self.data.get("prognos_visad", "").strip()
        variance_changed = (self.data.get("prognosavvikelse", "").strip()
                            != self.data.get("prognosavvikelse_visad", "").strip())
        if variance_changed and not forecast_changed:
            return None if variance is None else self.annual_budget - variance
        if forecast is not None and variance is not None and variance_changed \
                and self.annual_budget - forecast != variance:
            self.errors.append("Ange antingen helårsprognos eller prognosavvikelse, eller två som stämmer med varandra.")
        if forecast is None and variance is not None and variance_changed:
            return self.annual_budget - variance
        return forecast

    def _rows(self, prefix: str) -> int:
        try:
            return min(int(self.data.get(f"{prefix}-antal", "0")), MAX_ROWS)
        except ValueError:
            return 0

    def _reasons(self) -> list[ReasonData]:
        out = []
        for i in range(self._rows("orsak")):
            text = self.data.get(f"orsak-{i}-text", "").strip()
            amount = self._tkr(f"orsak-{i}-belopp", f"Orsak {i + 1}, belopp")
            if not text and amount is None:
                continue
            if not text:
                self.errors.append(f"Orsak {i + 1}: beskriv orsaken.")
            out.append(ReasonData(text, amount or 0))
        return out

    def _actions(self) -> list[ActionData]:
        out = []
        statuses = {s.value for s in ActionStatus}
        for i in range(self._rows("atgard")):
            text = self.data.get(f"atgard-{i}-text", "").strip()
            if not text:
                continue
            status = self.data.get(f"atgard-{i}-status", ActionStatus.PLANNED)
            if status not in statuses:
                self.errors.append(f"Åtgärd {i + 1}: okänd status.")
                status = ActionStatus.PLANNED
            out.append(ActionData(text, self.data.get(f"atgard-{i}-ansvarig", "").strip(),
                                  self.data.get(f"atgard-{i}-tidplan", "").strip(), status,
                                  self.data.get(f"atgard-{i}-uppfoljning", "").strip()))
        return out


def content_rows(content: UnitContent) -> dict[str, Any]:
    """The rows the template shows: stored ones plus a few empty ones."""
    reasons = [{"text": r.text, "amount": ore_to_tkr_input(r.amount)} for r in content.reasons]
    reasons += [{"text": "", "amount": ""}] * EXTRA_ROWS
    actions = [vars(a) for a in content.actions]
    actions += [{"text": "", "responsible": "", "timeplan": "", "status": ActionStatus.PLANNED, "follow_up": ""}] * EXTRA_ROWS
    return {"reasons": reasons, "actions": actions}


class ReviewForm(forms.Form):
    kommentar = forms.CharField(label="Kommentar", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    deadline = forms.DateField(label="Sista dag", required=False, widget=forms.DateInput(attrs={"type": "date"}))


IMPORT_KINDS = (
    ("organisation", "Organisation"),
    ("activities", "Verksamhetsträd"),
    ("template", "Rapportmall"),
    ("budget", "Budget"),
    ("actuals", "Utfall"),
    ("forecasts", "Prognoser"),
    ("sie", "SIE 4"),
)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Slag", choices=IMPORT_KINDS)
    file = forms.FileField(label="Fil")
    phasing = forms.ChoiceField(label="Periodiseringsnyckel (budget)", required=False, initial="even",
                                choices=(("even", "Jämnt"), ("days", "Kalenderdagar"), ("last-year", "Förra årets profil")))


class TokenForm(forms.Form):
    name = forms.CharField(label="Namn på nyckeln", max_length=100, required=False)

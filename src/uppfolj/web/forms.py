"""Forms: parse Swedish tkr input exactly (no floats) into the workflow's content."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from uppfolj.core.choices import ActionStatus, Heading, Phasing
from uppfolj.core.figures import forecast_variance
from uppfolj.core.format import number
from uppfolj.core.money import AmountError, Ore, kronor, parse_amount, parse_quantity
from uppfolj.core.workflow import ActionItem, ReasonItem
from uppfolj.web.domain import row_forecasts as row_rules
from uppfolj.web.domain.investments import InvestmentRow
from uppfolj.web.domain.volumes import MeasureTable, quantity
from uppfolj.web.domain.workflow import UnitContent

EXTRA_ROWS = 3
MAX_ROWS = 50
TKR = 1000 * 100  # öre in a tkr


def tkr_to_ore(text: str) -> Ore:
    """'1 234,5' tkr → öre, exactly: kronor öre from parse_amount times 1000."""
    return parse_amount(text) * 1000


def ore_to_tkr_input(ore: int | None) -> str:
    """Öre as the tkr text a form shows: whole tkr where exact, else two decimals."""
    return "" if ore is None else row_rules.tkr_exact(ore)


class LoginForm(forms.Form):
    username = forms.CharField(label="Användarnamn", max_length=150)
    password = forms.CharField(label="Lösenord", widget=forms.PasswordInput)


def row_field(code: str) -> str:
    """The form field of a template row's forecast."""
    return f"prognos_rad_{code}"


class UnitForm:
    """The unit page's form: forecast (net or per account-group row), texts, reasons and actions
    as numbered rows.

    A value that cannot be read gets its message on its own field (`field_errors`, by the
    field's name) and its text is kept as typed (`raw`), so the page can show both beside it.
    When any row has a forecast, the net is their sum by the contract's rule; a net typed that
    differs from it is an error on the net's field. A field left as the page showed it keeps
    the stored value exactly (`shown`), even where that has more decimals than a tkr field.
    """

    def __init__(self, data: QueryDict, *, annual_budget: Ore, year: int = 0, unit_code: str = "",
                 shown: UnitContent | None = None, row_names: dict[str, str] | None = None) -> None:
        self.data = data
        self.annual_budget = annual_budget
        self.year, self.unit_code = year, unit_code
        self.shown = shown or UnitContent()
        self.row_names = row_names or {}
        self.field_errors: dict[str, str] = {}
        self.content = UnitContent()
        self.version = 0

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(field name, message) in page order, for the summary at the top."""
        return list(self.field_errors.items())

    def raw(self, name: str) -> str:
        return self.data.get(name, "").strip()

    def is_valid(self) -> bool:
        self.field_errors = {}
        try:
            self.version = int(self.data.get("version", "0"))
        except ValueError:
            self.field_errors["version"] = "Formulärets version saknas; ladda om sidan."
        rows = self._rows()
        self.content = UnitContent(
            forecast=self._net(rows) if rows else self._forecast(),
            texts={h: self.raw(f"text_{h.value}") for h in Heading},
            reasons=self._reasons(),
            actions=self._actions(),
            remainder=self.raw("rest"),
            row_forecasts=rows,
        )
        return not self.field_errors

    def _rows(self) -> dict[str, Ore]:
        """The rows' forecasts as typed; a row the page showed unchanged keeps its stored value."""
        rows: dict[str, Ore] = {}
        for code in row_rules.forecast_rows():
            name, raw = row_field(code), self.raw(row_field(code))
            stored = self.shown.row_forecasts.get(code)
            if not raw:
                continue
            if stored is not None and raw == ore_to_tkr_input(stored):
                rows[code] = stored
            elif (value := self._tkr(name, f"Prognos för {self.row_names.get(code, code)}")) is not None:
                rows[code] = value
        for code, message in row_rules.row_problems(self.year, self.unit_code, rows).items():
            self.field_errors.setdefault(row_field(code), message)
        return rows

    def _net(self, rows: dict[str, Ore]) -> Ore:
        """The net of the rows; a net or variance the user changed must agree with it."""
        net = row_rules.net_of_rows(self.year, self.unit_code, rows)
        sum_text = f"summan av radernas prognoser, {ore_to_tkr_input(net)} tkr (rader utan prognos enligt årsbudget)"
        if self.raw("prognos") != self.raw("prognos_visad") and self.raw("prognos"):
            typed = self._tkr("prognos", "Helårsprognos")
            if typed is not None and typed != net:
                self.field_errors["prognos"] = f"Helårsprognos: när raderna har prognoser är helårsprognosen {sum_text}."
        elif self.raw("prognosavvikelse") != self.raw("prognosavvikelse_visad") and self.raw("prognosavvikelse"):
            typed = self._tkr("prognosavvikelse", "Prognosavvikelse")
            if typed is not None and typed != forecast_variance(self.annual_budget, net):
                self.field_errors["prognosavvikelse"] = (
                    f"Prognosavvikelse: när raderna har prognoser är helårsprognosen {sum_text}.")
        return net

    def _tkr(self, name: str, label: str) -> Ore | None:
        raw = self.raw(name)
        if not raw:
            return None
        try:
            return tkr_to_ore(raw)
        except AmountError as exc:
            self.field_errors[name] = f"{label}: {exc}."
            return None

    def _forecast(self) -> Ore | None:
        """The field the user changed wins; the page shows both (and sends what it showed)."""
        forecast = self._tkr("prognos", "Helårsprognos")
        variance = self._tkr("prognosavvikelse", "Prognosavvikelse")
        forecast_changed = self.raw("prognos") != self.raw("prognos_visad")
        variance_changed = self.raw("prognosavvikelse") != self.raw("prognosavvikelse_visad")
        stored = self.shown.forecast
        if not forecast_changed and not variance_changed and stored is not None \
                and self.raw("prognos") == ore_to_tkr_input(stored):
            return stored
        if variance_changed and not forecast_changed:
            return None if variance is None else self.annual_budget - variance
        if forecast is not None and variance is not None and variance_changed \
                and forecast_variance(self.annual_budget, forecast) != variance:
            self.field_errors["prognosavvikelse"] = ("Ange antingen helårsprognos eller prognosavvikelse, "
                                                     "eller två som stämmer med varandra.")
        if forecast is None and variance is not None and variance_changed:
            return self.annual_budget - variance
        return forecast

    def row_count(self, prefix: str) -> int:
        try:
            return min(int(self.data.get(f"{prefix}-antal", "0")), MAX_ROWS)
        except ValueError:
            return 0

    def _reasons(self) -> list[ReasonItem]:
        out = []
        for i in range(self.row_count("orsak")):
            text = self.raw(f"orsak-{i}-text")
            amount = self._tkr(f"orsak-{i}-belopp", f"Orsak {i + 1}, belopp")
            if not text and amount is None and not self.raw(f"orsak-{i}-belopp"):
                continue
            if not text:
                self.field_errors[f"orsak-{i}-text"] = f"Orsak {i + 1}: beskriv orsaken."
            out.append(ReasonItem(text, amount or 0))
        return out

    def _actions(self) -> list[ActionItem]:
        out = []
        for i in range(self.row_count("atgard")):
            text = self.raw(f"atgard-{i}-text")
            if not text:
                continue
            status = ActionStatus.PLANNED
            try:
                status = ActionStatus(self.data.get(f"atgard-{i}-status", ActionStatus.PLANNED))
            except ValueError:
                self.field_errors[f"atgard-{i}-status"] = f"Åtgärd {i + 1}: okänd status."
            out.append(ActionItem(text, self.raw(f"atgard-{i}-ansvarig"), self.raw(f"atgard-{i}-tidplan"), status,
                                  self.raw(f"atgard-{i}-uppfoljning")))
        return out


def content_rows(content: UnitContent, annual_budget: Ore, form: UnitForm | None = None) -> dict[str, Any]:
    """The fields the template shows: what was typed (when a form came back) or what is stored,
    with a few empty reason and action rows, and each field's name and message."""
    if form is not None:
        typed = [(form.raw(f"orsak-{i}-text"), form.raw(f"orsak-{i}-belopp")) for i in range(form.row_count("orsak"))]
        reasons = [pair for pair in typed if pair[0] or pair[1]]
        prognos, avvikelse = form.raw("prognos"), form.raw("prognosavvikelse")
        if content.row_forecasts and not form.field_errors.get("prognos") \
                and not form.field_errors.get("prognosavvikelse") and content.forecast is not None:
            prognos = ore_to_tkr_input(content.forecast)  # the rows' sum, as it will be saved
            avvikelse = ore_to_tkr_input(forecast_variance(annual_budget, content.forecast))
        row_inputs = {code: form.raw(row_field(code)) for code in row_rules.forecast_rows()}
    else:
        reasons = [(r.text, ore_to_tkr_input(r.amount)) for r in content.reasons]
        prognos = ore_to_tkr_input(content.forecast)
        avvikelse = "" if content.forecast is None else ore_to_tkr_input(forecast_variance(annual_budget, content.forecast))
        row_inputs = {code: ore_to_tkr_input(content.row_forecasts.get(code)) for code in row_rules.forecast_rows()}
    reasons += [("", "")] * EXTRA_ROWS
    errors = form.field_errors if form is not None else {}
    reason_rows = [
        {"text": text, "amount": amount, "text_name": f"orsak-{i}-text", "amount_name": f"orsak-{i}-belopp",
         "text_error": errors.get(f"orsak-{i}-text", ""), "amount_error": errors.get(f"orsak-{i}-belopp", "")}
        for i, (text, amount) in enumerate(reasons)
    ]
    actions = [{"text": a.text, "responsible": a.responsible, "timeplan": a.timeplan, "status": a.status.value,
                "follow_up": a.follow_up} for a in content.actions]
    actions += [{"text": "", "responsible": "", "timeplan": "", "status": ActionStatus.PLANNED.value,
                 "follow_up": ""}] * EXTRA_ROWS
    row_fields = {code: {"name": row_field(code), "value": value, "error": errors.get(row_field(code), "")}
                  for code, value in row_inputs.items()}
    return {"reasons": reason_rows, "actions": actions, "prognos": prognos, "prognosavvikelse": avvikelse,
            "prognos_error": errors.get("prognos", ""), "prognosavvikelse_error": errors.get("prognosavvikelse", ""),
            "row_fields": row_fields, "by_rows": any(row_inputs.values())}


class VolumeForm:
    """The volumes a budget holder enters: one field per own measure and open month up to the
    report month, read exactly (`parse_quantity`); an empty field clears the value.

    Each field travels with the value the page showed (`<field>_var`). A field left as shown
    is not saved, so it never undoes what someone else saved meanwhile; a field changed while
    someone else changed the same value is refused on the field, and the page then shows the
    other's value beside the typed one (saving again takes the typed one).
    """

    WAS = "_var"

    def __init__(self, data: QueryDict, tables: list[MeasureTable]) -> None:
        self.data = data
        self.tables = tables
        self.field_errors: dict[str, str] = {}
        self.changes: dict[tuple[str, int], Decimal | None] = {}
        self.shown: dict[str, tuple[str, str]] = {}  # field -> (text, the value it was) on a re-shown page

    def is_valid(self) -> bool:
        for table in self.tables:
            for cell in table.months:
                if not cell.editable or cell.field not in self.data:
                    continue
                raw = self.data.get(cell.field, "").strip()
                stored = quantity(cell.value, space=" ")
                was = self.data.get(cell.field + self.WAS, stored).strip()
                if raw == was:  # left as shown: the stored value stands, whoever saved it
                    self.shown[cell.field] = (stored, stored)
                    continue
                self.shown[cell.field] = (raw, was)
                try:
                    value = parse_quantity(raw) if raw else None
                except AmountError as exc:
                    self.field_errors[cell.field] = f"{table.name}, {cell.label}: {exc}."
                    continue
                if was != stored and value != cell.value:
                    self.field_errors[cell.field] = (
                        f"{table.name}, {cell.label}: någon annan har ändrat värdet till {stored or 'tomt'} "
                        "sedan sidan visades. Kontrollera och spara igen.")
                    self.shown[cell.field] = (raw, stored)
                    continue
                if value != cell.value:
                    self.changes[(table.code, cell.month)] = value
        return not self.field_errors

    def raw(self, name: str) -> str:
        return self.data.get(name, "").strip()


def kr_input(ore: Ore | None) -> str:
    """Öre as the kronor text a form shows: '1 250 000', or '1 250 000,50' where öre remain."""
    return "" if ore is None else number(kronor(ore), 2 if ore % 100 else 0, space=" ")


def _lines(text: str) -> str:
    """A posted text as stored: browsers send a textarea's line breaks as CRLF."""
    return text.replace("\r\n", "\n").strip()


class InvestmentForm:
    """The controller's values of the investments page: forecast and carry-over request in kr
    (exactly, `parse_amount`; empty = none), comment and motivation as text.

    As `VolumeForm`: each field travels with the value the page showed (`<field>_var`); a field
    left as shown is not saved, and one changed while someone else changed the same value is
    refused on the field, with the other's value shown (saving again takes the typed one).
    """

    WAS = "_var"
    AMOUNTS = frozenset({"forecast", "carry_over"})
    LABELS = {"forecast": "prognos", "comment": "kommentar", "carry_over": "begärd överföring",
              "carry_over_reason": "motivering"}

    def __init__(self, data: QueryDict, rows: list[InvestmentRow]) -> None:
        self.data = data
        self.rows = rows
        self.field_errors: dict[str, str] = {}
        self.changes: dict[int, dict[str, Any]] = {}
        self.shown: dict[str, tuple[str, str]] = {}  # field -> (text, the value it was) on a re-shown page

    def _stored(self, row: InvestmentRow, attr: str) -> tuple[Any, str]:
        value = getattr(row.line, attr)
        return value, (kr_input(value) if attr in self.AMOUNTS else value)

    def is_valid(self) -> bool:
        for row in self.rows:
            for attr, field in row.fields.items():
                if field not in self.data:
                    continue
                current, stored = self._stored(row, attr)
                raw = _lines(self.data.get(field, ""))
                was = _lines(self.data.get(field + self.WAS, stored))
                if raw == was:  # left as shown: the stored value stands, whoever saved it
                    self.shown[field] = (stored, stored)
                    continue
                self.shown[field] = (raw, was)
                where = f"{row.line.name}, {self.LABELS[attr]}"
                value: Any = raw
                if attr in self.AMOUNTS:
                    try:
                        value = parse_amount(raw) if raw else None
                    except AmountError as exc:
                        self.field_errors[field] = f"{where}: {exc}."
                        continue
                    if attr == "carry_over" and value is not None and value < 0:
                        self.field_errors[field] = f"{where}: beloppet kan inte vara negativt."
                        continue
                if was != _lines(stored) and value != current:
                    self.field_errors[field] = (f"{where}: någon annan har ändrat värdet till {stored or 'tomt'} "
                                                "sedan sidan visades. Kontrollera och spara igen.")
                    self.shown[field] = (raw, stored)
                    continue
                if value != current:
                    self.changes.setdefault(row.pk, {})[attr] = value
        return not self.field_errors

    def value(self, field: str, default: str) -> str:
        return self.shown.get(field, (default, default))[0]


class PeriodForm(forms.Form):
    deadline = forms.DateField(label="Sista dag för inlämning", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Motivering", required=False, widget=forms.Textarea(attrs={"rows": 2}))


IMPORT_KINDS = (
    ("organisation", "Organisation"),
    ("activities", "Verksamhetsträd"),
    ("template", "Rapportmall"),
    ("budget", "Budget"),
    ("actuals", "Utfall"),
    ("forecasts", "Prognoser"),
    ("comments", "Kommentarer (Utfall, Analys, Åtgärd)"),
    ("reasons", "Orsaker till prognosavvikelse"),
    ("actions", "Åtgärder"),
    ("sie", "SIE 4"),
    ("statistics", "Volymer (verksamhetsstatistik)"),
    ("goals", "Mål och indikatorer"),
    ("risks", "Riskregister"),
    ("investments", "Investeringar"),
    ("kolada", "Nyckeltal från Kolada (sparade sidor, JSON)"),
)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Slag", choices=IMPORT_KINDS)
    file = forms.FileField(label="Fil")
    phasing = forms.ChoiceField(label="Periodiseringsnyckel (budget)", required=False, initial=Phasing.EVEN.value,
                                choices=Phasing.choices())
    strict = forms.BooleanField(label="Strikt (SIE): vägra filen vid avvikelser, även citattecken som inte avslutas",
                                required=False)


class TokenForm(forms.Form):
    name = forms.CharField(label="Namn på nyckeln", max_length=100, required=False)


def changed_field(data: QueryDict, name: str, stored: str) -> tuple[str, bool, bool]:
    """A field sent with the value the page showed (`<name>_var`), as VolumeForm reads it:
    (typed text, changed, conflict). Left as shown, it is not changed (what someone else saved
    meanwhile stands); changed while someone else changed the stored value, it is a conflict."""
    raw = data.get(name, "").strip()
    was = data.get(name + VolumeForm.WAS, stored).strip()
    if raw == was:
        return raw, False, False
    return raw, raw != stored, stored not in (was, raw)


class GoalForm:
    """The controller's goals page: each goal's target, entered outcome (which wins over `kalla`;
    empty: the outcome comes from `kalla`) and comment, each sent with the value the page
    showed, as VolumeForm does."""

    def __init__(self, data: QueryDict, goals: list[dict[str, Any]]) -> None:
        self.data = data
        self.goals = goals  # {"code", "name", "malvarde", "utfall", "kommentar"} as stored texts
        self.field_errors: dict[str, str] = {}
        self.changes: dict[str, dict[str, Decimal | str | None]] = {}

    def is_valid(self) -> bool:
        for goal in self.goals:
            for name in ("malvarde", "utfall", "kommentar"):
                field = f"mal-{goal['code']}-{name}"
                if field not in self.data:
                    continue
                raw, changed, conflict = changed_field(self.data, field, goal[name])
                if not changed:
                    continue
                if conflict:
                    self.field_errors[field] = (f"{goal['name']}: någon annan har ändrat värdet till "
                                                f"{goal[name] or 'tomt'} sedan sidan visades. Kontrollera och spara igen.")
                    continue
                if name == "kommentar":
                    self.changes.setdefault(goal["code"], {})[name] = raw
                    continue
                try:
                    value = parse_quantity(raw) if raw else None
                except AmountError as exc:
                    self.field_errors[field] = f"{goal['name']}: {exc}."
                    continue
                if name == "malvarde" and value is None:
                    self.field_errors[field] = f"{goal['name']}: målvärde saknas."
                    continue
                self.changes.setdefault(goal["code"], {})[name] = value
        return not self.field_errors

    def raw(self, name: str) -> str:
        return self.data.get(name, "").strip()


RISK_TEXTS = ("risk", "ansvarig", "atgard")


class RiskForm:
    """Add or change one risk of the register: unit (among those the user may edit), month
    raised, text, probability and consequence 1-4, amount in kr (optional), owner, action and
    closed. When changing, each field travels with the value the page showed (`<field>_var`):
    a field someone else changed meanwhile is refused on the field."""

    def __init__(self, data: QueryDict, *, units: dict[str, Any], stored: dict[str, str] | None = None) -> None:
        self.data = data
        self.units = units  # code -> OrgUnit the user may edit
        self.stored = stored  # the risk's fields as texts (None: a new risk)
        self.field_errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def _field(self, name: str) -> tuple[str, bool]:
        """(text, to save): a new risk takes every field; a change only those changed."""
        if self.stored is None:
            return self.data.get(name, "").strip(), True
        raw, changed, conflict = changed_field(self.data, name, self.stored[name])
        if conflict:
            self.field_errors[name] = (f"Någon annan har ändrat värdet till {self.stored[name] or 'tomt'} sedan "
                                       "sidan visades. Kontrollera och spara igen.")
            return raw, False
        return raw, changed

    def is_valid(self) -> bool:
        for name in ("enhet", "manad", "sannolikhet", "konsekvens", "belopp", "stangd", *RISK_TEXTS):
            if self.stored is not None and name not in self.data and name + VolumeForm.WAS not in self.data:
                continue
            raw, save = self._field(name)
            if not save:
                continue
            self._read(name, raw)
        return not self.field_errors

    def _read(self, name: str, raw: str) -> None:
        if name == "enhet":
            if raw not in self.units:
                self.field_errors[name] = "Enhet: välj en av dina enheter."
            else:
                self.values[name] = self.units[raw]
        elif name in ("manad", "sannolikhet", "konsekvens"):
            high = 12 if name == "manad" else 4
            if not raw.isdigit() or not 1 <= int(raw) <= high:
                self.field_errors[name] = f"{RISK_LABELS[name]}: ange ett heltal 1–{high}."
            else:
                self.values[name] = int(raw)
        elif name == "belopp":
            try:
                self.values[name] = parse_amount(raw) if raw else None
            except AmountError as exc:
                self.field_errors[name] = f"Belopp: {exc}."
        elif name == "stangd":
            self.values[name] = raw == "1"
        elif name == "risk" and not raw:
            self.field_errors[name] = "Risk: beskriv risken."
        else:
            self.values[name] = raw


RISK_LABELS = {"enhet": "Enhet", "manad": "Månad", "risk": "Risk", "sannolikhet": "Sannolikhet",
               "konsekvens": "Konsekvens", "belopp": "Belopp", "ansvarig": "Ansvarig", "atgard": "Åtgärd"}

"""Ledger rows from a simulated municipality, streamed: each cost centre's month of an account
split exactly into vouchers that look like an export (pay runs, supplier invoices, payments,
journals), with texts, voucher numbers and dates."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterator

from uppfolj.core.records import LedgerRecord
from uppfolj.synth.accounts import ACCOUNTS, MONTHS
from uppfolj.synth.allot import allot
from uppfolj.synth.model import Municipality
from uppfolj.synth.simulate import simulate
from uppfolj.synth.spec import MunicipalitySpec

SUPPLIERS = {
    "4610": ("HVB Björkbacken AB", "Behandlingshemmet Gläntan", "Stödboendet Kompassen", "Familjehemsföreningen Väst",
             "Konsulentstöd Nord AB", "Ungdomshemmet Solrosen"),
    "7510": ("Vårdbemanning Sverige AB", "Sjuksköterskejouren AB", "Socionombemanning Norden AB"),
    "6410": ("Office Depot", "Abena AB", "Mediq Sverige AB", "Lyreco"),
    "4011": ("Martin & Servera", "Menigo", "Lokala livs"),
    "7410": ("Konsultbyrån Utveckling AB", "Revisionsbyrån Syd", "Juristfirman Lag & Rätt"),
    "7010": ("SJ AB", "Taxi Kurir", "Milersättning"),
}
INVOICE_CAP = 12  # at most this many invoice rows per cell from a count hint (placements, households)


def ledger(source: MunicipalitySpec | Municipality) -> Iterator[LedgerRecord]:
    """Every emitted month's ledger rows, in order of month, cost centre and account."""
    muni = source if isinstance(source, Municipality) else simulate(source)
    spec = muni.spec
    rng = random.Random(f"{spec.seed}/ledger")
    centres = [cc for _, unit in spec.units() for cc in unit.cost_centres]
    accounts: dict[str, list[str]] = {}
    for cc, account in sorted(muni.actual):
        accounts.setdefault(cc, []).append(account)
    detail = spec.row_detail
    for year in spec.years:
        for month in range(1, spec.months_of(year) + 1):
            writer = _Month(muni, rng, year, month, detail)
            for cc in centres:
                unit = muni.unit_of(cc)
                for account in accounts.get(cc, ()):
                    amount = muni.actual[(cc, account)].get(year)
                    if amount is not None and amount[month - 1]:
                        yield from writer.cell(cc, unit, account, amount[month - 1])


class _Month:
    """The rows of one month: voucher numbers run per series through the month."""

    def __init__(self, muni: Municipality, rng: random.Random, year: int, month: int, detail: float) -> None:
        self.muni, self.rng, self.year, self.month, self.detail = muni, rng, year, month, detail
        self.counters: dict[str, int] = {}
        self.days = calendar.monthrange(year, month)[1]
        self.dates = [dt.date(year, month, d) for d in range(1, self.days + 1)]
        self.prefix = f"{year % 100:02d}{month:02d}"
        previous = MONTHS[month - 2] if month > 1 else MONTHS[11]
        self.formats = {"month": MONTHS[month - 1], "year": year, "prev": previous}
        self.texts: dict[str, str] = {}

    def cell(self, cc: str, unit: str, account: str, amount: int) -> Iterator[LedgerRecord]:
        muni, rng = self.muni, self.rng
        key = (unit, account, self.year, self.month)
        parts = muni.parts.get(key)
        pieces = (("", amount),) if parts is None else self._share(cc, unit, parts, amount)
        info = ACCOUNTS[account]
        for label, value in pieces:
            if not value:
                continue
            if label:
                count = 1
            else:
                hint = muni.hints.get(key)
                base = min(hint, INVOICE_CAP) if hint else info.rows
                count = max(1, int(base * self.detail * (0.7 + 0.6 * rng.random()) + 0.5))
            amounts = (value,) if count == 1 else allot(value, [1 + int(rng.random() * 9) for _ in range(count)])
            suppliers = None if label else SUPPLIERS.get(account)
            plain = label or self._text(account)
            for i, piece in enumerate(amounts):
                if not piece:
                    continue
                text = f"{plain} {suppliers[int(rng.random() * len(suppliers))]}" if suppliers else plain
                day = min(info.day, self.days) if info.day else 1 + int(rng.random() * min(28, self.days))
                yield LedgerRecord(self.year, self.month, cc, account, piece, "", "", self._voucher(info.series, i),
                                   text, self.dates[day - 1])

    def _text(self, account: str) -> str:
        text = self.texts.get(account)
        if text is None:
            text = self.texts[account] = ACCOUNTS[account].text.format(**self.formats)
        return text

    def _share(self, cc: str, unit: str, parts: list[tuple[str, int]], amount: int) -> list[tuple[str, int]]:
        """This cost centre's share of each labelled part; what differs from the cell (the demo's
        anchoring moves some cells) goes to the largest part."""
        centres = self.muni.units[unit].cost_centres
        index = centres.index(cc)
        weights = self.muni.weights[unit]
        out = [(label, allot(value, weights)[index]) for label, value in parts]
        gap = amount - sum(v for _, v in out)
        if gap:
            largest = max(range(len(out)), key=lambda i: abs(out[i][1]))
            out[largest] = (out[largest][0], out[largest][1] + gap)
        return out

    def _voucher(self, series: str, index: int) -> str:
        if series == "L":  # one pay run per month; its corrections in runs 2, 3, ...
            return f"L{self.prefix}-{index + 1}"
        if series == "M":
            return f"M{self.prefix}-1"
        number = self.counters.get(series, 0) + 1
        self.counters[series] = number
        return f"{series}{self.prefix}-{number:05d}"

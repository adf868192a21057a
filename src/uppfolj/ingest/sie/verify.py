"""Verification of a SIE file against itself, returned as data (warnings), never raised."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from uppfolj.core.choices import Severity
from uppfolj.core.money import Ore
from uppfolj.core.records import Check
from uppfolj.ingest.sie.lexer import Field
from uppfolj.ingest.sie.model import (
    BALANCE_TYPES,
    AccountKey,
    ObjectKey,
    PeriodKey,
    PeriodRow,
    SieInfo,
    YearIndex,
)
from uppfolj.ingest.sie.periods import Disagreement
from uppfolj.ingest.sie.values import format_kronor

WARNING = Severity.WARNING
MAX_PER_CODE = 200  # a broken 1 GB file must not give a million findings


@dataclass
class Balances:
    """#IB, #UB and #RES by year index and account, and which years have such lines at all."""

    opening: dict[AccountKey, Ore] = field(default_factory=dict)
    closing: dict[AccountKey, Ore] = field(default_factory=dict)
    result: dict[AccountKey, Ore] = field(default_factory=dict)
    object_opening: dict[ObjectKey, Ore] = field(default_factory=dict)
    object_closing: dict[ObjectKey, Ore] = field(default_factory=dict)

    def years_with(self, kind: Mapping[AccountKey, Ore]) -> set[YearIndex]:
        return {year for year, _ in kind}

    def object_years(self) -> set[YearIndex]:
        return {key[0] for key in self.object_closing}


def is_balance_account(account: str, types: Mapping[str, str]) -> bool:
    """#KTYP decides; without it BAS and Kommun-Bas put balance accounts in classes 1 and 2."""
    kind = types.get(account)
    if kind:
        return kind.upper() in BALANCE_TYPES
    return account[:1] in ("1", "2")


def year_label(info: SieInfo, index: YearIndex) -> str:
    year = info.years.get(index)
    if year is None:
        return f"årsnummer {index}"
    if year.start.year == year.end.year:
        return f"år {year.start.year}"
    return f"räkenskapsåret {year.start.isoformat()}–{year.end.isoformat()}"


def voucher_unbalanced(voucher: str, line: int, total: Ore) -> Check:
    return Check(
        WARNING,
        "sie_voucher_unbalanced",
        f"Verifikation {voucher} (rad {line}) balanserar inte: summan är {format_kronor(total)}",
    )


def period_outside_year(tag: str, written: int, row: PeriodRow, info: SieInfo) -> Check:
    """A #PSALDO/#PBUDGET period outside the #RAR year of its year index; `row` has it moved."""
    where = (
        f"{tag} på rad {row.line}: period {written} ligger utanför {year_label(info, row.year_index)} "
        f"(årsnummer {row.year_index})"
    )
    outcome = f"räknas som {row.period}" if row.period != written else "perioden används"
    return Check(WARNING, "sie_period_outside_year", f"{where}; {outcome}")


def checksum_mismatch(stated: str, computed: int) -> Check:
    return Check(
        WARNING,
        "sie_checksum_mismatch",
        f"#KSUMMA är {stated or 'tom'} men filens poster ger {computed}: filen kan ha ändrats efter exporten",
    )


def per_year(sums: Mapping[PeriodKey, Ore]) -> dict[AccountKey, Ore]:
    totals: dict[AccountKey, Ore] = defaultdict(int)
    for (year, _, account), amount in sums.items():
        totals[(year, account)] += amount
    return totals


def balance_checks(
    info: SieInfo, actual: Mapping[AccountKey, Ore], balances: Balances, years: set[YearIndex]
) -> list[Check]:
    """#UB = #IB + the year's rows per balance account; #RES = the year's rows per result account."""
    closing_years = balances.years_with(balances.closing) & years
    result_years = balances.years_with(balances.result) & years
    keys = set(actual) | set(balances.opening) | set(balances.closing) | set(balances.result)
    checks: list[Check] = []
    for year, account in sorted(keys):
        key = (year, account)
        if is_balance_account(account, info.account_types):
            if year in closing_years:
                checks.extend(_ub_check(info, key, actual.get(key, 0), balances))
        elif year in result_years:
            checks.extend(_res_check(info, key, actual.get(key, 0), balances))
    return checks


def _ub_check(info: SieInfo, key: AccountKey, moved: Ore, balances: Balances) -> list[Check]:
    opening = balances.opening.get(key, 0)
    closing = balances.closing.get(key, 0)
    if opening + moved == closing:
        return []
    year, account = key
    return [
        Check(
            WARNING,
            "sie_ub_mismatch",
            f"Konto {account}, {year_label(info, year)}: #UB är {format_kronor(closing)} men "
            f"#IB {format_kronor(opening)} plus årets rader {format_kronor(moved)} ger "
            f"{format_kronor(opening + moved)} (skillnad {format_kronor(closing - opening - moved)})",
        )
    ]


def _res_check(info: SieInfo, key: AccountKey, moved: Ore, balances: Balances) -> list[Check]:
    result = balances.result.get(key, 0)
    if moved == result:
        return []
    year, account = key
    return [
        Check(
            WARNING,
            "sie_res_mismatch",
            f"Konto {account}, {year_label(info, year)}: #RES är {format_kronor(result)} men "
            f"årets rader ger {format_kronor(moved)} (skillnad {format_kronor(result - moved)})",
        )
    ]


def object_checks(
    info: SieInfo, moved: Mapping[ObjectKey, Ore], balances: Balances, years: set[YearIndex]
) -> list[Check]:
    """#OUB = #OIB + the year's rows carrying that object, per account and object listed."""
    checked = balances.object_years() & years
    keys = {k for k in (*balances.object_opening, *balances.object_closing) if k[0] in checked}
    checks: list[Check] = []
    for key in sorted(keys):
        opening, closing = balances.object_opening.get(key, 0), balances.object_closing.get(key, 0)
        booked = moved.get(key, 0)
        if opening + booked != closing:
            year, account, dimension, obj = key
            checks.append(
                Check(
                    WARNING,
                    "sie_oub_mismatch",
                    f"Konto {account}, objekt {obj} i dimension {dimension}, {year_label(info, year)}: "
                    f"#OUB är {format_kronor(closing)} men #OIB {format_kronor(opening)} plus årets rader "
                    f"{format_kronor(booked)} ger {format_kronor(opening + booked)}",
                )
            )
    return checks


def psaldo_checks(
    info: SieInfo, psaldo: Mapping[PeriodKey, Ore], trans: Mapping[PeriodKey, Ore]
) -> list[Check]:
    """#PSALDO (summed over objects) against #TRANS for each month and account of a year with both."""
    accounts = {(year, account) for year, _, account in psaldo}
    keys = set(psaldo) | {key for key in trans if (key[0], key[2]) in accounts}
    checks: list[Check] = []
    for key in sorted(keys):
        stated, booked = psaldo.get(key, 0), trans.get(key, 0)
        if stated != booked:
            _, period, account = key
            checks.append(
                Check(
                    WARNING,
                    "sie_psaldo_mismatch",
                    f"Konto {account}, period {period}: #PSALDO är {format_kronor(stated)} men "
                    f"verifikationerna ger {format_kronor(booked)} (skillnad {format_kronor(stated - booked)})",
                )
            )
    return checks


def pbudget_checks(disagreements: Iterable[Disagreement]) -> list[Check]:
    return [
        Check(
            WARNING,
            "sie_pbudget_mismatch",
            f"Konto {d.key[2]}, period {d.key[1]} (rad {d.line}): #PBUDGET utan objekt är "
            f"{format_kronor(d.total_row)} men raderna per objekt ger {format_kronor(d.object_sum)}; "
            "raderna per objekt används",
        )
        for d in disagreements
    ]


def capped(checks: list[Check], counted: Mapping[str, int] | None = None) -> list[Check]:
    """At most MAX_PER_CODE findings per code, then one that says how many more there are.

    `counted` gives the real number of findings of codes whose list was already cut short.
    """
    seen: dict[str, int] = defaultdict(int)
    kept: list[Check] = []
    for check in checks:
        seen[check.code] += 1
        if seen[check.code] <= MAX_PER_CODE:
            kept.append(check)
    for code, count in (counted or {}).items():
        seen[code] = max(seen[code], count)
    for code, count in seen.items():
        if count > MAX_PER_CODE:
            kept.append(
                Check(WARNING, code, f"… och {count - MAX_PER_CODE} avvikelser till av samma slag")
            )
    return kept


def checksum(fields: list[Field], crc: int) -> int:
    """#KSUMMA: CRC-32 over each record's label and field contents, in CP437, without the
    separators, quotes and braces (checked against the Visma Compact sample file)."""
    text = "".join(f if isinstance(f, str) else "".join(d + o for d, o in f) for f in fields)
    return zlib.crc32(text.encode("cp437", "replace"), crc)

"""Records outside vouchers that describe the file: identification, years and master data."""

from __future__ import annotations

from collections.abc import Callable

from uppfolj.ingest.sie.lexer import Field
from uppfolj.ingest.sie.model import FiscalYear, SieInfo
from uppfolj.ingest.sie.values import FieldError, parse_date, parse_year_index


def text(fields: list[Field], index: int) -> str:
    """Field `index` as text; a missing field is empty, an object list there is an error."""
    if index >= len(fields):
        return ""
    value = fields[index]
    if not isinstance(value, str):
        raise FieldError(f"fält {index} är en objektlista men ska vara en text")
    return value


def required(fields: list[Field], index: int, what: str) -> str:
    value = text(fields, index)
    if not value:
        raise FieldError(f"{fields[0]} saknar {what}")
    return value


def _flag(info: SieInfo, fields: list[Field]) -> None:
    info.flag = text(fields, 1)


def _format(info: SieInfo, fields: list[Field]) -> None:
    info.format = text(fields, 1)


def _sie_type(info: SieInfo, fields: list[Field]) -> None:
    info.sie_type = text(fields, 1)


def _program(info: SieInfo, fields: list[Field]) -> None:
    info.program, info.program_version = text(fields, 1), text(fields, 2)


def _generated(info: SieInfo, fields: list[Field]) -> None:
    info.generated = parse_date(required(fields, 1, "datum"))


def _company(info: SieInfo, fields: list[Field]) -> None:
    info.company = text(fields, 1)


def _company_number(info: SieInfo, fields: list[Field]) -> None:
    info.company_number = text(fields, 1)


def _org_number(info: SieInfo, fields: list[Field]) -> None:
    info.org_number = text(fields, 1)


def _address(info: SieInfo, fields: list[Field]) -> None:
    info.address = tuple(text(fields, i) for i in range(1, 5))


def _year(info: SieInfo, fields: list[Field]) -> None:
    index = parse_year_index(required(fields, 1, "årsnummer"))
    start = parse_date(required(fields, 2, "startdatum"))
    end = parse_date(required(fields, 3, "slutdatum"))
    if end < start:
        raise FieldError(f"räkenskapsåret slutar {end.isoformat()}, före sin start {start.isoformat()}")
    info.years[index] = FiscalYear(index, start, end)


def _tax_year(info: SieInfo, fields: list[Field]) -> None:
    value = required(fields, 1, "år")
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise FieldError(f'taxeringsår "{value}" är inte ett årtal')
    info.tax_year = int(value)


def _covered_until(info: SieInfo, fields: list[Field]) -> None:
    info.covered_until = parse_date(required(fields, 1, "datum"))


def _chart_type(info: SieInfo, fields: list[Field]) -> None:
    info.chart_type = text(fields, 1)


def _currency(info: SieInfo, fields: list[Field]) -> None:
    info.currency = text(fields, 1)


def _account(info: SieInfo, fields: list[Field]) -> None:
    info.accounts[required(fields, 1, "kontonummer")] = text(fields, 2)


def _account_type(info: SieInfo, fields: list[Field]) -> None:
    info.account_types[required(fields, 1, "kontonummer")] = text(fields, 2)


def _account_detail(info: SieInfo, fields: list[Field]) -> None:
    """#ENHET and #SRU: checked for an account number, not kept."""
    required(fields, 1, "kontonummer")


def dimension_number(value: str) -> str:
    if not (value.isascii() and value.isdigit()):
        raise FieldError(f'dimension "{value}" är inte ett nummer')
    return str(int(value))


def _dimension(info: SieInfo, fields: list[Field]) -> None:
    info.dimensions[dimension_number(required(fields, 1, "dimensionsnummer"))] = text(fields, 2)


def _object(info: SieInfo, fields: list[Field]) -> None:
    dimension = dimension_number(required(fields, 1, "dimensionsnummer"))
    code = required(fields, 2, "objektkod")
    info.objects[(dimension, code)] = text(fields, 3)
    if dimension not in info.dimensions and int(dimension) > 19:
        raise FieldError(f"dimension {dimension} är inte deklarerad med #DIM")


Handler = Callable[[SieInfo, list[Field]], None]

HANDLERS: dict[str, Handler] = {
    "#FLAGGA": _flag,
    "#FORMAT": _format,
    "#SIETYP": _sie_type,
    "#PROGRAM": _program,
    "#GEN": _generated,
    "#FNAMN": _company,
    "#FNR": _company_number,
    "#ORGNR": _org_number,
    "#ADRESS": _address,
    "#RAR": _year,
    "#TAXAR": _tax_year,
    "#OMFATTN": _covered_until,
    "#KPTYP": _chart_type,
    "#VALUTA": _currency,
    "#KONTO": _account,
    "#KTYP": _account_type,
    "#ENHET": _account_detail,
    "#SRU": _account_detail,
    "#DIM": _dimension,
    "#UNDERDIM": _dimension,
    "#OBJEKT": _object,
}

# Records of SIE 4 that carry nothing we use; skipped without being counted as unknown.
IGNORED = frozenset({"#FTYP", "#PROSA", "#BKOD", "#KSUMMA"})

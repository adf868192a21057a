"""A lenient SIE import through the database, the command line and the upload page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import DATA
from uppfolj.core.errors import InputError
from uppfolj.web.rules import SYSTEM

SOFTONE = DATA / "sie-lenient" / "softone-business-2016_oppna-citattecken_typ4.SE"
NAME = SOFTONE.name
OPEN_QUOTE_LINES = (14, 18, 19, 21, 24, 25, 27, 39)

pytestmark = pytest.mark.django_db


def test_lenient_import_stores_what_a_controller_expects() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import Account, DimensionObject, ImportLog, LedgerRow, MonthlyBalance

    summary = import_sie(SOFTONE, user=SYSTEM)

    assert (summary.actuals.rows, summary.actuals.amount, summary.years) == (8, 0, [2016])
    # Names cut short by the export are stored up to the end of their line, without a quote.
    assert Account.objects.get(code="7010").name == "Löner till kollektivanst"
    assert Account.objects.get(code="3011").name == "Försäljning tjänster 25 %"
    assert Account.objects.get(code="4010").name == "Inköp material och varor"
    assert DimensionObject.objects.get(dimension="ansvar", code="20").name == "Kontor och administrati"
    # Every row, to the öre, on its cost centre and month, with its text to the end of the line.
    row = LedgerRow.objects.get(account="3011")
    assert (row.year, row.month, row.cost_centre, row.project, row.amount, row.voucher, row.text) == (
        2016, 1, "10", "115", -1_000_000, "A 1", "Kundinbetalning Bertil Svens")
    assert LedgerRow.objects.get(account="7010").text == "Löner januari"
    assert LedgerRow.objects.get(account="4010").amount == 450_050
    balances = {(b.year, b.month, b.cost_centre, b.account): b.amount for b in MonthlyBalance.objects.all()}
    assert balances[(2016, 1, "20", "7010")] == 3_200_000
    assert balances[(2016, 2, "20", "5010")] == 800_000
    assert balances[(2016, 1, "", "1930")] == 1_000_000 - 3_200_000
    # The warnings are kept with the import, naming file and line.
    log = ImportLog.objects.get()
    assert [c["code"] for c in log.checks] == ["sie_unclosed_quote"] * 8
    assert [c["message"].split(":")[1] for c in log.checks] == [str(n) for n in OPEN_QUOTE_LINES]


def test_strict_import_refuses_the_file_and_stores_nothing() -> None:
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import Account, ImportLog, LedgerRow

    with pytest.raises(InputError) as caught:
        import_sie(SOFTONE, user=SYSTEM, strict=True)

    assert caught.value.lines == [f"{NAME}:{n}: citattecken avslutas inte" for n in OPEN_QUOTE_LINES]
    assert (LedgerRow.objects.count(), Account.objects.count(), ImportLog.objects.count()) == (0, 0, 0)


def test_cli_prints_the_warnings_with_the_summary(cli: Callable[..., Any]) -> None:
    result = cli("import", "sie", SOFTONE)

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{NAME}: SIE 4 från SoftOne Business Redovisning 2016.1, teckenkodning cp437"
    assert "Kontroller: 8 avvikelser" in lines
    assert f'  sie_unclosed_quote: {NAME}:21: citattecknet avslutas inte på raden (#KONTO); ' \
        'texten läses till radens slut: "Löner till kollektivanst"' in lines
    assert sum(1 for line in lines if line.startswith(f"  sie_unclosed_quote: {NAME}:")) == 8


def test_cli_strict_is_the_error_per_line(cli: Callable[..., Any]) -> None:
    from uppfolj.web.models import LedgerRow

    result = cli("import", "sie", SOFTONE, "--strict")

    assert result.code == 1
    assert result.err.splitlines() == [f"{NAME}:{n}: citattecken avslutas inte" for n in OPEN_QUOTE_LINES]
    assert LedgerRow.objects.count() == 0


def test_upload_shows_the_warnings_and_strict_box_refuses(clients: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uppfolj.web.models import Account, LedgerRow

    def upload(**extra: Any) -> Any:
        return clients["controller"].post(
            "/import/", {"kind": "sie", "file": SimpleUploadedFile(NAME, SOFTONE.read_bytes()), **extra}, follow=True)

    before = LedgerRow.objects.count()  # the demo organisation's own rows
    refused = upload(strict="on")
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Inläsningen avbröts" in page and f"{NAME}:39: citattecken avslutas inte" in page
    assert LedgerRow.objects.count() == before

    accepted = upload()
    page = accepted.content.decode()
    assert accepted.status_code == 200
    assert "Kontroller: 8 avvikelser" in page
    assert page.count('class="msg msg-warning"') == 8
    assert f"{NAME}:21: citattecknet avslutas inte på raden (#KONTO)" in page
    assert LedgerRow.objects.filter(text="Kundinbetalning Bertil Svens").count() == 2
    assert Account.objects.get(code="7010").name == "Löner till kollektivanst"

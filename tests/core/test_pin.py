"""Personnummer in free text: date and Luhn check digit must both hold."""

from __future__ import annotations

import pytest

from uppfolj.core.pin import looks_like_pin


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",
        "Placering 811218-9876 avslutad",
        "19811218-9876",
        "198112189876",
        "8112189876",
        "811218 9876",
        "811278-9873",  # samordningsnummer: day + 60
        "121212+1212",  # over a hundred years old
    ],
)
def test_looks_like_pin_finds_valid_numbers(text: str) -> None:
    assert looks_like_pin(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "811218-9875",  # wrong check digit
        "811318-9876",  # month 13
        "Faktura 12345",
        "Ver 20240131",
        "1811218-98765",  # inside a longer number
        "0000000000",
    ],
)
def test_looks_like_pin_ignores_other_numbers(text: str) -> None:
    assert looks_like_pin(text) is False

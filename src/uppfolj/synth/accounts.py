"""The Kommun-Bas 13 accounts the generator books on, with how their ledger rows look.

Every account here is placed by the default report template (`src/uppfolj/data/default-template.csv`);
a test checks it. `rows` is the typical number of ledger rows an account has per cost centre and
month at `row_detail` 1.0; `series` is the voucher series it is booked in (L salaries, LF supplier
invoices, KF customer invoices, I incoming payments, M manual journals).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Account:
    code: str
    name: str
    text: str  # a ledger row's text; "{month}" is the month's Swedish name, "{year}" the year
    series: str
    rows: float
    day: int = 0  # the booking day (0: spread over the month)


def _accounts(*accounts: Account) -> dict[str, Account]:
    return {a.code: a for a in accounts}


ACCOUNTS: dict[str, Account] = _accounts(
    Account("3110", "Taxor och avgifter vård och omsorg", "Omsorgsavgifter {month}", "KF", 3, 28),
    Account("3411", "Hyresintäkter bostäder", "Hyror boende {month}", "KF", 2, 28),
    Account("3510", "Statsbidrag", "Statsbidrag", "I", 1),
    Account("3590", "Ersättning från Försäkringskassan, assistans", "Assistansersättning FK", "I", 1, 20),
    Account("3610", "Försäljning av verksamhet till kommuner", "Sålda platser {month}", "KF", 1, 28),
    Account("4011", "Livsmedel", "Livsmedel", "LF", 4),
    Account("4510", "Ekonomiskt bistånd", "Utbetalning ekonomiskt bistånd", "LF", 10),
    Account("4610", "Köp av huvudverksamhet", "Placering", "LF", 6),
    Account("5011", "Månadslön", "Månadslön {month}", "L", 2, 25),
    Account("5021", "Timlön", "Timlön vikarier {prev}", "L", 3, 25),
    Account("5111", "Semesterlön och semestertillägg", "Semesterlön {month}", "L", 1, 25),
    Account("5611", "Arbetsgivaravgifter enligt lag", "Arbetsgivaravgifter {month}", "L", 1, 25),
    Account("5711", "Pensions- och försäkringsavgifter", "Pensions- och försäkringsavgifter {month}", "L", 1, 25),
    Account("5811", "Förändring semesterlöneskuld", "Förändring semesterlöneskuld {year}", "M", 1, 31),
    Account("6010", "Lokalhyror", "Lokalhyra", "LF", 1, 1),
    Account("6310", "Leasing av bilar", "Leasing bilar {month}", "LF", 1),
    Account("6410", "Förbrukningsmaterial", "Förbrukningsmaterial", "LF", 5),
    Account("6830", "Licenser och programvaror", "Licenser {year}", "LF", 1),
    Account("7010", "Resor", "Resor och milersättning", "LF", 2),
    Account("7410", "Köpta konsulttjänster", "Konsulttjänster", "LF", 1),
    Account("7510", "Inhyrd personal", "Inhyrd personal", "LF", 3),
    Account("7699", "Ej fördelad budget", "Ej fördelad budget", "M", 1),
    Account("7910", "Avskrivningar inventarier", "Avskrivning inventarier {month}", "M", 1, 28),
)

# The template rows the generator's volumes drive (default template codes).
ROW_PLACEMENTS = "KOS-KOP"  # 46*
ROW_PERSONNEL = "KOS-PERS"  # 50*-59*
ROW_SUPPORT = "KOS-BID"  # 45*
ROW_REVENUES = "INT"  # classes 3
ROW_COSTS = "KOS"  # classes 4-7

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def is_revenue(account: str) -> bool:
    return account.startswith("3")

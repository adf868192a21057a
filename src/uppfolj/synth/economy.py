"""The municipality-wide facts of each year: wage revision, prices, norms, compensation rates."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Share of own staff's time on holiday per month (about five weeks a year), and the seasons of
# sick leave and of households on income support (higher in winter and early in the year).
HOLIDAY = (0.03, 0.03, 0.02, 0.04, 0.03, 0.12, 0.45, 0.22, 0.02, 0.03, 0.02, 0.05)
SICK_SEASON = (1.25, 1.3, 1.15, 1.0, 0.9, 0.8, 0.6, 0.75, 0.95, 1.05, 1.15, 1.2)
SUPPORT_SEASON = (1.08, 1.07, 1.05, 1.0, 0.98, 0.95, 0.95, 0.96, 0.98, 1.0, 1.01, 1.04)
HOME_CARE_SEASON = (1.03, 1.02, 1.01, 1.0, 0.99, 0.97, 0.94, 0.97, 1.0, 1.01, 1.02, 1.04)
MATERIAL_SEASON = (0.9, 0.95, 1.0, 1.0, 1.0, 0.95, 0.6, 0.8, 1.0, 1.05, 1.05, 1.7)
# The pandemic's sick leave (multipliers on the season), where the years are simulated.
PANDEMIC = {(2020, 3): 1.8, (2020, 4): 2.0, (2020, 5): 1.5, (2020, 11): 1.4, (2020, 12): 1.6,
            (2021, 1): 1.5, (2021, 2): 1.2}

PO_RATE = 0.3142  # lagstadgade arbetsgivaravgifter
PENSION_RATE = 0.095  # avtalsenliga pensions- och försäkringsavgifter on monthly-paid staff
HOLIDAY_SUPPLEMENT = 1.12  # semesterlön with semestertillägg against the month's salary


@dataclass(frozen=True, slots=True)
class Year:
    """One year's common facts (rates as fractions)."""

    wage_raise: float
    revision_month: int  # the month the new salaries apply from
    payout_month: int  # the month they are first paid, with back pay since `revision_month`
    prices: float  # rents, purchases, fees: indexed each January
    placement_prices: float  # price per care day bought (on top of `prices`)
    norm_raise: float  # riksnorm for income support, each January
    fk_rate: float  # Försäkringskassan's hourly assistance compensation (kr)
    budget_index: float  # how much budgets are indexed up from last year's outcome


def economy(seed: int, first: int, last: int) -> dict[int, Year]:
    """The years `first`..`last`, drawn from the seed (the same for every unit)."""
    rng = random.Random(f"{seed}/economy")
    years: dict[int, Year] = {}
    fk_rate = 290.0
    for year in range(first, last + 1):
        revision = 4 if rng.random() < 0.7 else 1
        prices = rng.uniform(0.5, 3.5) if rng.random() < 0.8 else rng.uniform(5.0, 9.0)
        fk_rate *= 1 + rng.uniform(0.015, 0.035)
        years[year] = Year(
            wage_raise=rng.uniform(0.02, 0.042),
            revision_month=revision,
            payout_month=rng.choice((5, 6)),
            prices=prices / 100,
            placement_prices=rng.uniform(0.01, 0.03),
            norm_raise=rng.uniform(0.01, 0.06),
            fk_rate=round(fk_rate, 2),
            budget_index=rng.uniform(0.02, 0.04),
        )
    return years

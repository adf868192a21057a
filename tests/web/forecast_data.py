"""Stored forecast proposals and volumes for unit 515 of the acceptance case (2024, March), as
`uppfolj forecast propose` and `uppfolj import statistics` would leave them.

515's annual budgets by row (kr): INT-FSG -12 385 200, KOS-PERS 86 696 400, KOS-KOP 30 963 000,
KOS-OVR 18 577 800, the other rows 0. The proposals below are coherent: each parent row is the
sum of its children, and the top-level rows add up to the net.
"""

from __future__ import annotations

from decimal import Decimal

KR = 100  # öre in a krona

ROW_PROPOSALS_KR = {
    "INT-FSG": -12_000_000, "INT-AVG": 0, "INT-HYR": 0, "INT-BID": 0, "INT-OVR": 0,
    "KOS-PERS": 88_100_000, "KOS-INH": 0, "KOS-KOP": 33_400_000, "KOS-BID": 0, "KOS-LOK": 0, "KOS-KAP": 0,
    "KOS-OVR": 18_200_000,
}
ROW_PROPOSALS_KR["INT"] = sum(v for k, v in ROW_PROPOSALS_KR.items() if k.startswith("INT-"))
ROW_PROPOSALS_KR["KOS"] = sum(v for k, v in ROW_PROPOSALS_KR.items() if k.startswith("KOS-"))
NET_PROPOSAL_KR = ROW_PROPOSALS_KR["INT"] + ROW_PROPOSALS_KR["KOS"]  # 127 700 000
# Months 4..12 still to come: December is the largest (accruals), then the two summer months.
REMAINING_KR = [(4, 10_100_000), (5, 10_200_000), (6, 12_900_000), (7, 8_100_000), (8, 13_400_000),
                (9, 10_300_000), (10, 10_400_000), (11, 10_300_000), (12, 14_700_000)]
NET_DETAILS = {
    "method_label": "Förra årets månadsprofil",
    "interval_basis": "fel tidigare år",
    "actual_to_date": 27_300_000 * KR,
    "remaining": [[m, a * KR] for m, a in REMAINING_KR],
    "past": [{"year": 2022, "forecast": 118_000_000 * KR, "outcome": 120_000_000 * KR},
             {"year": 2023, "forecast": 125_500_000 * KR, "outcome": 124_000_000 * KR}],
    "methods": {"budget": 123_851_999 * KR, "run_rate": 109_200_000 * KR, "remaining_budget": 126_400_000 * KR,
                "ets": None},
}


def store_proposals(unit: str = "515", year: int = 2024, month: int = 3) -> None:
    """The net and every template row of the unit, method `last_year_profile`."""
    from uppfolj.web.models import ForecastProposal, OrgUnit

    target = OrgUnit.objects.get(tree="organisation", code=unit)
    ForecastProposal.objects.create(year=year, month=month, unit=target, row="", method="last_year_profile",
                                    amount=NET_PROPOSAL_KR * KR, low=125_900_000 * KR, high=129_800_000 * KR,
                                    details=NET_DETAILS)
    for row, amount in ROW_PROPOSALS_KR.items():
        ForecastProposal.objects.create(year=year, month=month, unit=target, row=row, method="last_year_profile",
                                        amount=amount * KR, details={"method_label": "Förra årets månadsprofil"})


def store_volumes() -> None:
    """Vårddygn (a flow) for 515 and 516, 2023 all months and 2024 January-March; årsarbetare
    (a level) for 515 only."""
    from uppfolj.web.models import Measure, OrgUnit, Volume

    days = Measure.objects.create(code="vardygn", name="Vårddygn HVB", unit_text="dygn", kind="summa")
    staff = Measure.objects.create(code="arsarb", name="Årsarbetare", unit_text="st", kind="medel")
    units = {u.code: u for u in OrgUnit.objects.filter(tree="organisation", code__in=("515", "516"))}
    for month in range(1, 13):
        Volume.objects.create(year=2023, month=month, unit=units["515"], measure=days, value=Decimal(1000 + month))
        Volume.objects.create(year=2023, month=month, unit=units["516"], measure=days, value=Decimal(200))
        Volume.objects.create(year=2023, month=month, unit=units["515"], measure=staff, value=Decimal("41.5"))
    for month in range(1, 4):
        Volume.objects.create(year=2024, month=month, unit=units["515"], measure=days, value=Decimal(1100 + month))
        Volume.objects.create(year=2024, month=month, unit=units["516"], measure=days, value=Decimal(210))
        Volume.objects.create(year=2024, month=month, unit=units["515"], measure=staff, value=Decimal("42.25"))

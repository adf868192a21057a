"""Writes src/uppfolj/data/demo-kolada.json: MADE-UP sample data in Kolada's v3 format for the demo.

The demo municipality "Demokommunen" (code 1999, which no real municipality has) is compared
with groups whose members are real municipality codes (those of Lerum's 2024 groups), but every
value here is invented from a seed: these are not Kolada's figures. Run from the repository root:
`.venv/bin/python scripts/make_demo_kolada.py`.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

HOME, NAME = "1999", "Demokommunen"
YEARS = (2021, 2022, 2023)
NAMES = {"0114": "Upplands Väsby", "0115": "Vallentuna", "0117": "Österåker", "0120": "Värmdö", "0125": "Ekerö",
         "0138": "Tyresö", "0160": "Täby", "0162": "Danderyd", "0186": "Lidingö", "0191": "Sigtuna",
         "0486": "Strängnäs", "0643": "Habo", "1230": "Staffanstorp", "1231": "Burlöv", "1233": "Vellinge",
         "1261": "Kävlinge", "1285": "Eslöv", "1287": "Trelleborg", "1401": "Härryda", "1402": "Partille",
         "1440": "Ale", "2181": "Sandviken", "2523": "Gällivare", "2584": "Kiruna"}
GROUPS = {  # kind, id, members (the members of Lerum's groups, Lerum itself for Demokommunen)
    "IFO": ("G900101", "0115 0117 0120 0125 1230 1233 1401"),
    "LSS": ("G900102", "0120 0186 0191 0486 1287 1401 2181"),
    "ekonomiskt bistånd": ("G900103", "0125 0160 0162 0643 1401 2523 2584"),
    "äldreomsorg": ("G900104", "1230 1231 1261 1285 1401 1402 1440"),
    "övergripande": ("G900105", "0114 0115 0138 1230 1261 1401 1402"),
}
# KPI: (Riket 2021, yearly change, decimals, divided by gender)
KPIS = {
    "N30005": (4870, 0.035, 0, False), "N33016": (2480, 0.04, 0, False), "N35019": (760, 0.03, 0, False),
    "N31008": (1190, 0.02, 0, False), "N31807": (Decimal("3.9"), -0.03, 1, False),
    "N21017": (5900, 0.045, 0, False), "N23004": (9800, 0.04, 0, False), "N21006": (298000, 0.04, 0, False),
    "U21468": (Decimal("88"), 0.0, 0, True), "N28016": (7400, 0.045, 0, False), "N28013": (1390000, 0.035, 0, False),
    # the demo's goals read these three (kolada: in demo-mal.csv)
    "U21401": (Decimal("16"), -0.02, 0, True), "U23401": (Decimal("62"), 0.03, 0, True),
    "U31402": (Decimal("14"), -0.03, 0, True),
}


def main() -> None:
    rng = random.Random(1999)
    members = sorted({m for _, ms in GROUPS.values() for m in ms.split()})
    rows = []
    for kpi, (base, growth, places, gendered) in KPIS.items():
        for code in [HOME, "0000", *members]:
            level = 1.0 if code == "0000" else rng.uniform(0.85, 1.15)
            if code == HOME:
                level = 1.06  # Demokommunen costs a little more than most
            for n, year in enumerate(YEARS):
                raw = float(base) * level * (1 + growth) ** n * rng.uniform(0.99, 1.01)
                if kpi == "U21468":
                    raw = min(97.0, raw)
                value = Decimal(str(round(raw, places + 3)))
                status = ""
                if code == HOME and kpi == "N21006" and year == 2023:
                    status = "B"
                if (code == "1231" and kpi == "N21017" and year == 2023) or (
                        code == HOME and kpi == "U21468" and year == 2023):
                    value = None  # no value: never 0, left out of the mean
                cells = [{"gender": "T", "count": 1, "status": status, "value": value}]
                if gendered and value is not None:
                    cells += [{"gender": "K", "count": 1, "status": "", "value": value + 1},
                              {"gender": "M", "count": 1, "status": "", "value": value - 2}]
                rows.append({"kpi": kpi, "municipality": code, "period": year, "values": cells})
    half = len(rows) // 2
    base_url = "https://api.kolada.se/v3/data/kpi/" + ",".join(KPIS)
    pages = [
        {"values": [{"id": HOME, "title": NAME, "type": "K"}]},
        {"values": [{"id": gid, "title": f"Liknande kommuner {kind}, {NAME}, 2024" if kind != "övergripande"
                     else f"Liknande kommuner, övergripande, {NAME}, 2024",
                     "members": [{"id": m, "title": NAMES[m]} for m in ms.split()]}
                    for kind, (gid, ms) in GROUPS.items()]},
        {"values": rows[:half], "count": half, "next_url": base_url + "?page=2&per_page=" + str(half)},
        {"values": rows[half:], "count": len(rows) - half, "previous_url": base_url + "?page=1"},
    ]
    text = json.dumps(pages, ensure_ascii=False, default=float)
    Path("src/uppfolj/data/demo-kolada.json").write_text(text + "\n", encoding="utf-8")
    print(len(rows), "rows")


if __name__ == "__main__":
    main()

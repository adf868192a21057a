"""The demo municipality's figures: seed 000's March 2024 table and the units below it.

Department figures are the seed's, in kronor (ledger sign). Each department's units are
invented, with cost centres inside the department's range, each of a kind the generator
(`uppfolj.synth`) knows and with a share of its department. The generator writes 2020–2023 and
January–March 2024 and is anchored so that the departments' 2024 figures are the seed's table to
the krona (`demo_spec`, `demo_targets`).
"""

from __future__ import annotations

from uppfolj.core.choices import Phasing
from uppfolj.synth import DepartmentSpec, Kind, MunicipalitySpec, UnitSpec
from uppfolj.synth.anchor import DepartmentTarget

FIRST_YEAR, YEAR, MONTH = 2020, 2024, 3

ROOT = ("5XX", "Socialtjänsten")

# The demo's municipality in Kolada: a made-up code no real municipality has, with made-up
# key figures (src/uppfolj/data/demo-kolada.json, written by scripts/make_demo_kolada.py).
KOLADA_HOME = "1999"

# code, name, cost-centre base, annual budget, period budget (jan–mar), actual (jan–mar),
# forecast made in February, forecast made in March, units (code suffix, name)
DEPARTMENTS: list[tuple[str, str, int, int, int, int, int, int, list[str]]] = [
    ("510-511", "Politik och förvaltningsledning", 5100, 20748000, 5262000, -96000, 9738000, 9738000,
     ["Socialnämnd", "Förvaltningsledning", "Tillfälliga satsningar"]),
    ("FIKT", "Fiktiva 26 mkr", 5099, -25914000, -6479000, 0, 0, 0, []),
    ("512", "Verksamhetsstöd", 5120, 39724000, 10413700, 10861700, 40074000, 40074000,
     ["Stab och ledningsstöd", "Utveckling och stöd", "Bemanningsenheten"]),
    ("513", "Hälso- och sjukvård", 5130, 97873000, 23175700, 26765700, 101873000, 102723000,
     ["Sjuksköterskor särskilt boende", "Rehab", "Hemsjukvård", "Hjälpmedel"]),
    ("514", "En ingång", 5140, 136969000, 36335700, 34833700, 133289000, 133289000,
     ["Biståndshandläggning", "Mottagning", "Korttidsboende"]),
    ("515", "Barn och familj / Missbruksvård", 5150, 123852000, 31185000, 38738000, 149052000, 154052000,
     ["Barn och unga utredning", "Placeringar barn och unga", "Familjehem", "Vuxenmissbruk", "Öppenvård"]),
    ("516", "Ordinärt boende", 5160, 105929000, 27175600, 26325400, 104479000, 104479000,
     ["Hemtjänst norr", "Hemtjänst söder", "Nattpatrull", "Trygghetslarm"]),
    ("517", "Särskilt boende för äldre", 5170, 317876000, 79013600, 81979400, 325876000, 326926000,
     ["Skogsgården", "Solgläntan", "Ekbacken", "Lindhaga", "Demensboende Rosen"]),
    ("518", "Psykosocialt stöd", 5180, 147674000, 38296700, 38702700, 148624000, 148624000,
     ["Boendestöd", "Daglig verksamhet", "Försörjningsstöd", "Arbetsmarknad"]),
    ("519", "Stöd till funktionsnedsatta", 5190, 81363000, 20927000, 21786000, 84763000, 84763000,
     ["Gruppbostäder LSS", "Personlig assistans", "Korttidsvistelse LSS"]),
]

# Each unit's kind and its share of the department (weights within the department).
UNIT_KINDS: dict[str, tuple[Kind, int]] = {
    "Socialnämnd": (Kind.ADMINISTRATION, 2), "Förvaltningsledning": (Kind.ADMINISTRATION, 5),
    "Tillfälliga satsningar": (Kind.CASEWORK, 3),
    "Stab och ledningsstöd": (Kind.ADMINISTRATION, 4), "Utveckling och stöd": (Kind.ADMINISTRATION, 3),
    "Bemanningsenheten": (Kind.SERVICE, 3),
    "Sjuksköterskor särskilt boende": (Kind.HEALTH_CARE, 4), "Rehab": (Kind.HEALTH_CARE, 2),
    "Hemsjukvård": (Kind.HEALTH_CARE, 3), "Hjälpmedel": (Kind.SERVICE, 2),
    "Biståndshandläggning": (Kind.CASEWORK, 3), "Mottagning": (Kind.CASEWORK, 2),
    "Korttidsboende": (Kind.RESIDENTIAL_CARE, 5),
    "Barn och unga utredning": (Kind.CASEWORK, 3), "Placeringar barn och unga": (Kind.PLACEMENTS_CHILDREN, 5),
    "Familjehem": (Kind.PLACEMENTS_CHILDREN, 3), "Vuxenmissbruk": (Kind.PLACEMENTS_ADULTS, 2),
    "Öppenvård": (Kind.CASEWORK, 2),
    "Hemtjänst norr": (Kind.HOME_CARE, 4), "Hemtjänst söder": (Kind.HOME_CARE, 4),
    "Nattpatrull": (Kind.HOME_CARE, 2), "Trygghetslarm": (Kind.SERVICE, 1),
    "Skogsgården": (Kind.RESIDENTIAL_CARE, 5), "Solgläntan": (Kind.RESIDENTIAL_CARE, 4),
    "Ekbacken": (Kind.RESIDENTIAL_CARE, 4), "Lindhaga": (Kind.RESIDENTIAL_CARE, 3),
    "Demensboende Rosen": (Kind.RESIDENTIAL_CARE, 3),
    "Boendestöd": (Kind.SERVICE, 3), "Daglig verksamhet": (Kind.SERVICE, 3),
    "Försörjningsstöd": (Kind.INCOME_SUPPORT, 6), "Arbetsmarknad": (Kind.CASEWORK, 2),
    "Gruppbostäder LSS": (Kind.LSS_GROUP_HOME, 6), "Personlig assistans": (Kind.PERSONAL_ASSISTANCE, 2),
    "Korttidsvistelse LSS": (Kind.LSS_GROUP_HOME, 2),
}
# The text of 515 says the external placements of children rose from 18 to 24 since New Year.
PINS: dict[str, dict[tuple[int, int], int]] = {
    "Placeringar barn och unga": {(2023, 12): 18, (2024, 1): 20, (2024, 2): 22, (2024, 3): 24},
}
ROW_FORECASTS = {"Personlig assistans", "Gruppbostäder LSS"}  # their holders forecast revenues and costs apart
LAST_YEAR_PHASING = {"Försörjningsstöd", "Hemtjänst söder", "Skogsgården"}
GROWTH = 1.03  # departments grow about 3 % a year: the first year's size from 2024's budget


def unit_code(department: str, base: int, index: int) -> str:
    """A unit's code and cost centre (the department's range; 510-511 skips 5101)."""
    return str(base + index + (1 if department == "510-511" and index else 0))


def demo_spec(seed: int = 2024, *, row_detail: float = 1.4) -> MunicipalitySpec:
    """The demo organisation for the generator, before it is calibrated to the seed's figures."""
    departments = []
    for code, name, base, annual, *_figures, units in DEPARTMENTS:
        start = annual / GROWTH ** (YEAR - FIRST_YEAR + 1)
        if not units:  # a budget-only line on the department's own cost centre
            own = UnitSpec(code, name, Kind.UNALLOCATED, start, (str(base),))
            departments.append(DepartmentSpec(code, name, (), own))
            continue
        total = sum(UNIT_KINDS[u][1] for u in units)
        specs = []
        for i, unit_name in enumerate(units):
            kind, weight = UNIT_KINDS[unit_name]
            cc = unit_code(code, base, i)
            specs.append(UnitSpec(
                cc, unit_name, kind, start * weight / total, (cc,),
                phasing=Phasing.LAST_YEAR if unit_name in LAST_YEAR_PHASING else Phasing.EVEN,
                row_forecasts=unit_name in ROW_FORECASTS, pins=PINS.get(unit_name, {}),
            ))
        departments.append(DepartmentSpec(code, name, tuple(specs)))
    return MunicipalitySpec(ROOT[0], ROOT[1], tuple(departments), FIRST_YEAR, YEAR, MONTH, seed=seed,
                            row_detail=row_detail)


def demo_targets() -> list[DepartmentTarget]:
    """Each department's 2024 figures of the seed, in öre."""
    return [
        DepartmentTarget(code, annual * 100, period * 100, actual * 100, {2: feb * 100, 3: mar * 100})
        for code, _name, _base, annual, period, actual, feb, mar, _units in DEPARTMENTS
    ]

# The committee texts of the demo's documents (Dokumentinställningar; `uppfolj report` options override them).
DOCUMENT_SETTINGS: dict[str, str] = {
    "committee": "Socialnämnden",
    "administration": "Socialförvaltningen",
    "diarienummer": "SN 2024/0042",
    "author": "Anna Ekonom, controller",
    "signatory": "Maria Lindqvist",
    "signatory_title": "Förvaltningschef",
    "recipients": "Kommunstyrelsen\nEkonomichef\nRevisionen",
    "mbl": "Information enligt 19 § medbestämmandelagen har lämnats i förvaltningens samverkansgrupp.",
    "attachments": "Uppföljning av förvaltningens verksamhetsplan",
    "outlook": ("Kostnaderna för placeringar av barn och unga och för bemanning inom vård och omsorg väntas fortsatt "
                "ligga över budget. Förvaltningen fortsätter arbetet med hemmaplanslösningar, egna familjehem och "
                "bemanningsekonomi, och en åtgärdsplan för att nå en budget i balans läggs fram för nämnden under våren."),
}

# Texts for 2024-03 (seed 000), reasons that add up to the forecast variance, actions.
TEXTS: dict[str, list[tuple[str, str]]] = {
    "5XX": [("Utfall", "Socialtjänsten har per mars ett underskott mot budget, främst inom IFO och vård och omsorg.")],
    "513": [
        ("Utfall", "Avdelningen för hälso- och sjukvård har per mars en budgetavvikelse om -3,6 mkr."),
        ("Analys", "Kostnaderna för inhyrda sjuksköterskor har minskat till nästan hälften jämfört med samma period ifjol."),
        ("Åtgärd", "Rekrytering av sjuksköterskor, arbetsterapeuter och fysioterapeuter pågår löpande."),
    ],
    "515": [
        ("Utfall", "Barn och familj har ökade kostnader för placeringar av både barn och vuxna."),
        ("Analys", "Antalet externa placeringar av barn och unga har ökat från 18 till 24 sedan årsskiftet."),
        ("Åtgärd", "Hemmaplanslösningar byggs ut och alla placeringar över 6 månader följs upp."),
    ],
    "517": [
        ("Utfall", "Särskilt boende har per mars ett underskott om -3,0 mkr, främst personalkostnader."),
        ("Analys", "Hög sjukfrånvaro har gett övertid och timanställda på Skogsgården och Solgläntan."),
    ],
}
REASONS: dict[str, list[tuple[str, int]]] = {
    "515": [
        ("Externa placeringar barn och unga (HVB)", -18_500_000),
        ("Konsulentstödda familjehem", -7_200_000),
        ("Vuxenmissbruk, placeringar enligt LVM", -4_500_000),
    ],
    "513": [("Inhyrda sjuksköterskor", -2_600_000), ("Hjälpmedel och transporter", -1_250_000)],
}
ACTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "515": [
        ("Utöka öppenvården för att korta placeringstider", "Avdelningschef", "2024-06-30", "pågår"),
        ("Gå igenom alla placeringar äldre än sex månader", "Enhetschef placeringar", "2024-04-30", "planerad"),
    ],
    "513": [("Rekonditionering av hjälpmedel", "Enhetschef rehab", "2024-09-30", "pågår")],
}

# Investments (`src/uppfolj/data/demo-investeringar.csv`) and their ledger rows: booked on
# balance-sheet accounts (Kommun-Bas class 1, outside the report template) with the project
# dimension. project, cost centre, account, kronor per month of the year (January first).
INVESTMENTS_FILE = "demo-investeringar.csv"
INVESTMENT_ACCOUNTS = {"1190": "Pågående ny- och ombyggnad", "1220": "Inventarier", "1230": "Bilar och transportmedel",
                       "1240": "Datorer och IT-utrustning"}
INVESTMENT_LEDGER: dict[int, list[tuple[str, str, str, tuple[int, ...]]]] = {
    2023: [
        ("P2301", "5171", "1220", (0, 0, 310_000, 0, 0, 420_000, 0, 0, 180_000, 0, 240_000, 0)),
        ("P2302", "5163", "1240", (0, 0, 0, 0, 85_000, 0, 0, 0, 160_000, 0, 0, 175_000)),
        ("P2303", "5174", "1190", (0, 120_000, 240_000, 310_000, 280_000, 190_000, 60_000, 150_000, 420_000,
                                   460_000, 300_000, 120_000)),
        ("P2304", "5160", "1230", (0, 0, 0, 540_000, 0, 0, 0, 0, 0, 540_000, 0, 0)),
        ("P2305", "5190", "1220", (0, 0, 0, 0, 0, 0, 0, 0, 0, 495_000, 0, 0)),
    ],
    2024: [
        ("P2401", "5170", "1220", (180_000, 0, 240_000)),
        ("P2402", "5163", "1240", (0, 0, 310_000)),
        ("P2403", "5174", "1190", (350_000, 420_000, 380_000)),
        ("P2404", "5121", "1240", (640_000, 0, 240_000)),
        ("P2406", "5190", "1220", (0, 95_000, 0)),
    ],
}
# The controller's requests to carry unspent money into the next year (entered on the web):
# year, project, kronor, motivation.
CARRY_OVER: list[tuple[int, str, int, str]] = [
    (2023, "P2302", 180_000, "Upphandlingen av trygghetslarm avslutas 2024; medlen behövs för installationen."),
    (2023, "P2303", 300_000, "Slutbesiktning och sista fakturor för etapp 1 kommer i januari 2024."),
    (2024, "P2403", 1_300_000, "Bygglovet för etapp 2 är försenat; arbetet fortsätter våren 2025."),
]

"""The demo municipality's figures: seed 000's March 2024 table and the units below it.

Department figures are the seed's, in kronor (ledger sign). Each department's units are
invented, with cost centres inside the department's range; amounts are split exactly so that
the departments add up to the seed's table to the krona.
"""

from __future__ import annotations

ROOT = ("5XX", "Socialtjänsten")

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

# account, name, share of the net cost in per mille (revenue negative); they add up to 1000
ACCOUNTS: list[tuple[str, str, int]] = [
    ("5011", "Månadslön", 520),
    ("5611", "Arbetsgivaravgifter", 160),
    ("7510", "Inhyrd personal", 30),
    ("4610", "Köp av huvudverksamhet", 180),
    ("4510", "Ekonomiskt bistånd", 40),
    ("6010", "Lokalhyror", 70),
    ("6410", "Förbrukningsmaterial", 30),
    ("7010", "Resor", 20),
    ("3110", "Avgifter hemtjänst och boende", -30),
    ("3510", "Statsbidrag", -20),
]

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

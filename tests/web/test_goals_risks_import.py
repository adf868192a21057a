"""`uppfolj import goals` and `uppfolj import risks`: stored exactly, bad files refused whole,
each year (goals) or (year, unit) (risks) replaced, and the same file twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

from tests.web.conftest import CASE

ORGANISATION = (CASE / "organisation.csv").read_text(encoding="utf-8")
GOALS = (
    "ar;kod;namn;indikator;enhet;malvarde;riktning;utfall;foregaende;kalla\n"
    "2024;M1;Fler barn i familjehem;Andel placerade i familjehem, %;515;75,5;hogre;71,25;68;\n"
    "2024;M2;Kortare väntetid;Väntetid till särskilt boende, dagar;517;60;lagre;;72;kolada:U23471\n"
    "2024;M3;Färre vårddygn;Vårddygn HVB;;1 200;lagre;;;statistik:vardygn\n"
)
RISKS = (
    "ar;manad;enhet;risk;sannolikhet;konsekvens;belopp;ansvarig;atgard\n"
    "2024;2;515;Fler placeringar HVB;3;4;4 500 000;Avdelningschef;Hemmaplanslösningar\n"
    "2024;3;516;Brist på sjuksköterskor;2;3;;HR;Rekrytering\n"
    "2024;1;515;Dyrare familjehem;2;2;1 200 000,50;Enhetschef;Omförhandla\n"
)


def test_goals_are_stored_exactly(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import AuditEntry, Goal

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    result = cli("import", "goals", write("mal.csv", GOALS))
    assert result.code == 0, result.err
    assert result.out == "mal.csv: 3 mål för 2024 (alla mål för året ersatta)\n"
    got = [(g.code, g.unit.code if g.unit else None, g.target, g.direction, g.outcome, g.previous, g.source)
           for g in Goal.objects.order_by("position")]
    assert got == [("M1", "515", Decimal("75.5"), "hogre", Decimal("71.25"), Decimal(68), ""),
                   ("M2", "517", Decimal(60), "lagre", None, Decimal(72), "kolada:U23471"),
                   ("M3", None, Decimal(1200), "lagre", None, None, "statistik:vardygn")]
    assert AuditEntry.objects.filter(action="uppfolj.import.goals").count() == 1


def test_a_goals_import_replaces_the_year_and_is_idempotent(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Goal

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    assert cli("import", "goals", write("mal.csv", GOALS)).code == 0
    Goal.objects.filter(code="M1").update(comment="Skrivet på webben")
    other_year = GOALS.splitlines()[0] + "\n2023;M9;Gammalt mål;X;;1;hogre;1;;\n"
    assert cli("import", "goals", write("mal2023.csv", other_year)).code == 0
    smaller = GOALS.splitlines()[0] + "\n" + GOALS.splitlines()[1] + "\n"
    before = None
    for _ in range(2):
        assert cli("import", "goals", write("mal.csv", smaller)).code == 0
        now = list(Goal.objects.order_by("year", "code").values_list("year", "code", "target", "comment"))
        assert before is None or now == before
        before = now
    assert before == [(2023, "M9", Decimal(1), ""), (2024, "M1", Decimal("75.5"), "Skrivet på webben")]
    # a `kommentar` column (our addition) replaces the web's comment where it has one
    commented = GOALS.splitlines()[0] + ";kommentar\n" + GOALS.splitlines()[1] + ";Fler familjehem rekryteras.\n"
    assert cli("import", "goals", write("mal.csv", commented)).code == 0
    assert Goal.objects.get(year=2024, code="M1").comment == "Fler familjehem rekryteras."


def test_bad_goals_files_name_file_and_line_and_change_nothing(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Goal

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    assert cli("import", "goals", write("mal.csv", GOALS)).code == 0
    bad = cli("import", "goals", write("fel.csv", (
        "ar;kod;namn;indikator;enhet;malvarde;riktning;utfall;foregaende;kalla\n"
        "2024;A;Mål;Ind;;12x;hogre;;;\n"
        "2024;B;Mål;Ind;;1;uppat;;;\n"
        "2024;C;Mål;Ind;ZZZ;1;hogre;;;\n"
        "2024;D;Mål;Ind;;1;hogre;;;scb:1\n"
        "2024;E;Mål;Ind;;1;hogre;1,2,3;;\n"
        "2024;F;Mål;Ind;;1;hogre;;;\n"
        "2024;F;Mål;Ind;;2;hogre;;;\n"
    )))
    assert bad.code != 0
    assert bad.err.splitlines() == [
        'fel.csv:2: malvarde "12x" är inte ett tal',
        'fel.csv:3: riktning "uppat" ska vara hogre eller lagre',
        'fel.csv:4: enheten "ZZZ" finns inte i organisationen',
        'fel.csv:5: kalla "scb:1" ska vara kolada:KPI eller statistik:MÅTT',
        'fel.csv:6: utfall "1,2,3" har felaktiga tusentalsavgränsare',
        "fel.csv:8: målet F för 2024 finns redan på rad 7",
    ]
    assert Goal.objects.count() == 3


def test_risks_are_stored_and_replaced_per_year_and_unit(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import AuditEntry, Risk

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    result = cli("import", "risks", write("risker.csv", RISKS))
    assert result.code == 0, result.err
    assert result.out == "risker.csv: 3 risker, 2 enheter och år ersatta\n"
    assert sorted(Risk.objects.values_list("unit__code", "month", "probability", "consequence", "amount")) == [
        ("515", 1, 2, 2, 120000050), ("515", 2, 3, 4, 450000000), ("516", 3, 2, 3, None)]
    # A file with 516 only replaces 516's risks of 2024 and keeps 515's; twice is the same as once.
    for _ in range(2):
        assert cli("import", "risks", write("r2.csv", RISKS.splitlines()[0] + "\n2024;4;516;Ny risk;1;1;;;\n")).code == 0
        assert sorted(Risk.objects.values_list("unit__code", "text")) == [
            ("515", "Dyrare familjehem"), ("515", "Fler placeringar HVB"), ("516", "Ny risk")]
    assert AuditEntry.objects.filter(action="uppfolj.import.risks").count() == 3


def test_bad_risk_files_name_file_and_line_and_change_nothing(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Risk

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    assert cli("import", "risks", write("risker.csv", RISKS)).code == 0
    bad = cli("import", "risks", write("fel.csv", (
        "ar;manad;enhet;risk;sannolikhet;konsekvens;belopp;ansvarig;atgard\n"
        "2024;2;515;Risk;5;1;;;\n"
        "2024;2;515;Risk;0;1;;;\n"
        "2024;2;515;Risk;2;x;;;\n"
        "2024;2;999;Risk;2;2;;;\n"
        "2024;2;515;Risk;2;2;12x;;\n"
        "2024;2;515;;2;2;;;\n"
    )))
    assert bad.code != 0
    assert bad.err.splitlines() == [
        'fel.csv:2: sannolikhet "5" är inte ett heltal mellan 1 och 4',
        'fel.csv:3: sannolikhet "0" är inte ett heltal mellan 1 och 4',
        'fel.csv:4: konsekvens "x" är inte ett heltal mellan 1 och 4',
        'fel.csv:5: enheten "999" finns inte i organisationen',
        'fel.csv:6: belopp "12x" är inte ett tal',
        "fel.csv:7: risk saknas",
    ]
    assert Risk.objects.count() == 3

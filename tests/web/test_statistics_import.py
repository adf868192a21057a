"""`uppfolj import statistics`: volumes per unit, month and measure, exact decimals, replaced per key."""

from __future__ import annotations

from decimal import Decimal

ORGANISATION = "kod;namn;overordnad;ansvar\nR;Rot;;9*\nA;Placeringar;R;1*\n"
FILE = (
    "ar;manad;enhet;matt;varde;namn;enhetstext;typ;rad\n"
    "2024;1;A;vardygn;1 240;Vårddygn HVB;dygn;summa;KOS-KOP\n"
    "2024;2;A;vardygn;1 102,5;;;;KOS-KOP\n"
    "2024;1;A;arsarbetare;12,75;Årsarbetare;st;medel;\n"
)


def test_volumes_are_stored_exactly_with_their_measures(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import AuditEntry, Measure, Volume

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    result = cli("import", "statistics", write("statistik.csv", FILE))
    assert result.code == 0, result.err
    assert "3 värden för 2 mått, 3 nya eller ändrade" in result.out
    got = {(v.month, v.measure_id): (v.value, v.row) for v in Volume.objects.all()}
    assert got == {(1, "vardygn"): (Decimal("1240"), "KOS-KOP"), (2, "vardygn"): (Decimal("1102.5"), "KOS-KOP"),
                   (1, "arsarbetare"): (Decimal("12.75"), "")}
    measures = {m.code: (m.name, m.unit_text, m.kind) for m in Measure.objects.all()}
    assert measures == {"vardygn": ("Vårddygn HVB", "dygn", "summa"), "arsarbetare": ("Årsarbetare", "st", "medel")}
    assert AuditEntry.objects.filter(action="uppfolj.import.statistics").count() == 1


def test_a_second_file_replaces_its_keys_and_keeps_the_others(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Volume

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    assert cli("import", "statistics", write("a.csv", FILE)).code == 0
    again = cli("import", "statistics", write("b.csv", "ar;manad;enhet;matt;varde\n2024;2;A;vardygn;1100\n"))
    assert again.code == 0
    assert "1 nya eller ändrade" in again.out
    assert {(v.month, v.measure_id): v.value for v in Volume.objects.all()} == {
        (1, "vardygn"): Decimal("1240"), (2, "vardygn"): Decimal("1100"), (1, "arsarbetare"): Decimal("12.75")}
    # The same file again changes nothing.
    assert "0 nya eller ändrade" in cli("import", "statistics", write("b.csv", "ar;manad;enhet;matt;varde\n"
                                                                      "2024;2;A;vardygn;1100\n")).out


def test_bad_rows_are_named_and_nothing_is_written(cli, write) -> None:  # type: ignore[no-untyped-def]
    from uppfolj.web.models import Volume

    assert cli("import", "organisation", write("org.csv", ORGANISATION)).code == 0
    bad = cli("import", "statistics", write("s.csv", (
        "ar;manad;enhet;matt;varde;typ;rad\n"
        "2024;1;A;vardygn;12x;;\n"
        "2024;13;A;vardygn;1;;\n"
        "2024;1;Z;vardygn;1;;\n"
        "2024;2;A;vardygn;1,12345;;\n"
        "2024;3;A;vardygn;1;medel;\n"
        "2024;4;A;vardygn;1;;\n"
        "2024;4;A;vardygn;2;;\n"
        "2024;5;A;timmar;2;ibland;\n"
        "2024;6;A;timmar;2;;NEJ\n"
    )))
    assert bad.code == 1
    for line in (
        's.csv:2: varde "12x" är inte ett tal',
        's.csv:3: manad "13" är inte ett heltal mellan 1 och 12',
        's.csv:4: enheten "Z" finns inte i organisationen',
        's.csv:5: varde "1,12345" har fler än 4 decimaler',
        "s.csv:6: måttet vardygn har typ summa på rad 2 men medel här",
        "s.csv:8: värdet för A vardygn 2024-04 finns redan på rad 7",
        's.csv:9: typ "ibland" ska vara summa eller medel',
        's.csv:10: raden "NEJ" finns inte i rapportmallen',
    ):
        assert line in bad.err
    assert Volume.objects.count() == 0

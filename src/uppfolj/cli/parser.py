"""The `uppfolj` argument parser: every sub-command, its options and the name of its handler.

Building it imports no Django (see `uppfolj.cli.common`), so `uppfolj --help` needs no database
and the options are parsed once, before Django is configured from them.
"""

from __future__ import annotations

import argparse

from uppfolj import __version__
from uppfolj.cli.common import (
    COMMON,
    SubParsers,
    choice,
    date_option,
    dimension_option,
    handle,
    month_option,
)
from uppfolj.core.choices import Amounts, Format, Phasing, ReportKind, Sign, TreeKind
from uppfolj.core.key_figures import year_range

FILE_IMPORTS = (
    ("organisation", "läser in organisationsträdet", "import_organisation"),
    ("activities", "läser in verksamhetsträdet", "import_activities"),
    ("template", "ersätter rapportmallen", "import_template"),
    ("actuals", "läser in utfall (CSV eller XLSX)", "import_actuals"),
    ("forecasts", "läser in helårsprognoser (netto eller per rad)", "import_forecasts"),
    ("statistics", "läser in volymer per enhet, månad och mått", "import_statistics"),
    ("goals", "läser in nämndens mål med indikatorer för ett år", "import_goals"),
    ("risks", "läser in riskregistret", "import_risks"),
    ("investments", "läser in investeringsprojekt med budget per år", "import_investments"),
)
TEXT_IMPORTS = (
    ("comments", "läser in kommentarer (Utfall, Analys, Åtgärd) per enhet och månad"),
    ("reasons", "läser in orsaker till prognosavvikelse"),
    ("actions", "läser in åtgärder vid avvikelse"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="uppfolj", description="Budgetuppföljning och prognoser för socialtjänsten")
    parser.add_argument("--version", action="version", version=f"uppfolj {__version__}")
    parser.add_argument("--db", help="databas: sökväg till SQLite-fil eller postgresql://-URL "
                                     "(standard UPPFOLJ_DB, annars uppfolj.sqlite3)")
    top = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    p = top.add_parser("init", help="skapar eller migrerar databasen", parents=[COMMON])
    handle(p, "uppfolj.cli.database:run_init", check_schema=False)
    _add_imports(top)
    _add_export(top)
    _add_report(top)
    _add_period(top)
    _add_forecast(top)
    _add_kolada(top)
    _add_users(top)
    _add_demo_and_serve(top)
    _add_backup(top)
    return parser


def _add_imports(top: SubParsers[argparse.ArgumentParser]) -> None:
    # The import sub-command's name lands in `kind`; the text handler reads it from there.
    kinds = top.add_parser("import", help="läser in en fil").add_subparsers(dest="kind", required=True, metavar="SLAG")
    for kind, helptext, handler in FILE_IMPORTS:
        p = kinds.add_parser(kind, help=helptext, parents=[COMMON])
        p.add_argument("file")
        handle(p, f"uppfolj.cli.imports:{handler}")
    p = kinds.add_parser("budget", help="läser in budget (CSV eller XLSX)", parents=[COMMON])
    p.add_argument("file")
    p.add_argument("--phasing", type=choice(Phasing), choices=list(Phasing), default=Phasing.EVEN,
                   help="periodiseringsnyckel för årsbelopp")
    handle(p, "uppfolj.cli.imports:import_budget")
    for kind, helptext in TEXT_IMPORTS:
        p = kinds.add_parser(kind, help=helptext, parents=[COMMON])
        p.add_argument("file")
        handle(p, "uppfolj.cli.imports:import_texts")
    p = kinds.add_parser("sie", help="läser in en SIE 4-fil", parents=[COMMON])
    p.add_argument("file")
    p.add_argument("--dim", action="append", type=dimension_option, default=[], metavar="NAMN=NUMMER",
                   help="vilken SIE-dimension som är ansvar, verksamhet eller projekt (standard ansvar=1, projekt=6)")
    p.add_argument("--strict", action="store_true", help="vägra filen om kontrollerna hittar avvikelser "
                   "(även citattecken som inte avslutas på raden, annars en varning)")
    handle(p, "uppfolj.cli.sie:run_import")
    p = kinds.add_parser("kolada", help="läser in sparade svar från Kolada (API v3, JSON)", parents=[COMMON])
    p.add_argument("file")
    p.add_argument("--kommun", help="hemkommunen vars nyckeltal rapporterna visar (kommunkod, t.ex. 0180)")
    handle(p, "uppfolj.cli.kolada:run_import")


def _add_export(top: SubParsers[argparse.ArgumentParser]) -> None:
    kinds = top.add_parser("export", help="skriver ut data ur databasen").add_subparsers(
        dest="export_kind", required=True, metavar="SLAG")
    p = kinds.add_parser("sie", help="skriver årets utfall som SIE 4 (PC8)", parents=[COMMON])
    p.add_argument("-o", "--output", required=True, help="utfil")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--balance-account", help="konto som tar differensen så att varje verifikation balanserar")
    handle(p, "uppfolj.cli.sie:run_export")


def _add_report(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("report", help="skriver uppföljningsrapporten", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=int, required=True, choices=range(1, 13), metavar="M")
    p.add_argument("--kind", type=choice(ReportKind), choices=list(ReportKind), default=ReportKind.MONTHLY)
    p.add_argument("--format", type=choice(Format), choices=list(Format), default=Format.JSON)
    p.add_argument("-o", "--output", required=True, help="utfil, eller - för standard ut")
    p.add_argument("--unit", help="bara denna enhet och enheterna under den")
    p.add_argument("--by", type=choice(TreeKind), choices=list(TreeKind), default=TreeKind.ORGANISATION)
    p.add_argument("--amounts", type=choice(Amounts), choices=list(Amounts),
                   help="beloppsenhet (standard mnkr för february, annars tkr)")
    p.add_argument("--sign", type=choice(Sign), choices=list(Sign), default=Sign.COSTS_POSITIVE)
    p.add_argument("--template", help="egen Word-mall (DOCX)")
    # The committee texts: the organisation's document settings (web), overridden by a settings
    # file, overridden by the single options.
    p.add_argument("--settings", help="dokumentinställningar i en TOML- eller JSON-fil (nämnd, datum, diarienummer …)")
    p.add_argument("--committee", help="nämndens namn, t.ex. Socialnämnden")
    p.add_argument("--administration", help="förvaltningen som undertecknar, t.ex. Socialförvaltningen")
    p.add_argument("--date", type=date_option, help="dokumentets datum (ÅÅÅÅ-MM-DD; standard i dag)")
    p.add_argument("--diarienummer", help="ärendets diarienummer")
    p.add_argument("--author", help="handläggare")
    p.add_argument("--signatory", help="förvaltningschef som undertecknar tjänsteskrivelsen")
    p.add_argument("--recipient", action="append", dest="recipients", metavar="MOTTAGARE",
                   help="beslutet skickas till (kan upprepas)")
    p.add_argument("--attachment", action="append", dest="attachments", metavar="BILAGA",
                   help="bilaga i beslutsunderlaget (kan upprepas)")
    p.add_argument("--mbl", help="information eller förhandling enligt MBL")
    p.add_argument("--ledger", "--with-ledger", dest="ledger", action="store_true",
                   help="XLSX: med bladet Verifikationer (verifikationsraderna bakom enheterna); "
                        "utan det går arbetsboken till nämnden utan verifikationer")
    handle(p, "uppfolj.cli.report:run_report")


def _add_period(top: SubParsers[argparse.ArgumentParser]) -> None:
    steps = top.add_parser("period", help="visar, öppnar och låser en månad").add_subparsers(
        dest="period_step", required=True, metavar="STEG")
    p = steps.add_parser("status", help="periodens och enheternas status", parents=[COMMON])
    p.add_argument("--year", type=int)
    p.add_argument("--month", type=month_option)
    handle(p, "uppfolj.cli.period:run_status")
    p = steps.add_parser("open", help="öppnar månaden för prognoser och texter", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=month_option, required=True)
    p.add_argument("--deadline", type=date_option, help="sista dag för inlämning (ÅÅÅÅ-MM-DD)")
    p.add_argument("--reason", default="", help="motivering; krävs för att öppna en låst månad igen")
    handle(p, "uppfolj.cli.period:run_open")
    p = steps.add_parser("lock", help="låser månaden och sparar rapporten som den är", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=month_option, required=True)
    handle(p, "uppfolj.cli.period:run_lock")


def month_list(text: str) -> list[int]:
    """'4,8,10' or '1-11' (or both mixed) as sorted months."""
    months: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise argparse.ArgumentTypeError(f'"{part}" är inte en månad eller ett intervall av månader') from None
        if not 1 <= first <= last <= 12:
            raise argparse.ArgumentTypeError(f'"{part}" ska vara månader mellan 1 och 12')
        months.update(range(first, last + 1))
    if not months:
        raise argparse.ArgumentTypeError("ange minst en månad")
    return sorted(months)


def _add_forecast(top: SubParsers[argparse.ArgumentParser]) -> None:
    steps = top.add_parser("forecast", help="prognosförslag och deras träffsäkerhet").add_subparsers(
        dest="forecast_step", required=True, metavar="STEG")
    p = steps.add_parser("propose", help="föreslår helårsprognoser per enhet och rad och sparar dem", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--month", type=month_option, required=True)
    p.add_argument("-o", "--output", help="JSON-fil, eller - för standard ut")
    handle(p, "uppfolj.cli.forecast:run_propose")
    p = steps.add_parser("backtest", help="prövar varje metod på tidigare år mot utfallet", parents=[COMMON])
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--to-year", type=int)
    p.add_argument("--months", type=month_list, default=list(range(1, 12)), help="t.ex. 4,8,10 eller 1-11")
    p.add_argument("-o", "--output", required=True, help="JSON-fil, eller - för standard ut")
    p.add_argument("--workers", type=int, default=0, help="processer (standard: antal kärnor)")
    handle(p, "uppfolj.cli.forecast:run_backtest")


def kpi_list(text: str) -> list[str]:
    """'N30005,U21468' as a list of KPI ids."""
    ids = [p.strip().upper() for p in text.split(",") if p.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("ange minst ett nyckeltal")
    return ids


def years_option(text: str) -> list[int]:
    try:
        return year_range(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_kolada(top: SubParsers[argparse.ArgumentParser]) -> None:
    steps = top.add_parser("kolada", help="nyckeltal från Kolada").add_subparsers(
        dest="kolada_step", required=True, metavar="STEG")
    p = steps.add_parser("fetch", help="hämtar nyckeltal från Kolada för kommunen, liknande kommuner och riket",
                         parents=[COMMON])
    p.add_argument("--kommun", required=True, help="kommunkod, t.ex. 0180; blir hemkommun för rapporterna")
    p.add_argument("--kpi", type=kpi_list, help="nyckeltal, t.ex. N30005,U21468 (standard: urvalet för socialtjänsten)")
    p.add_argument("--years", type=years_option, help="år, t.ex. 2020-2024 (standard: de senaste sex åren)")
    handle(p, "uppfolj.cli.kolada:run_fetch")


def _add_users(top: SubParsers[argparse.ArgumentParser]) -> None:
    steps = top.add_parser("users", help="användare, roller och enheter").add_subparsers(
        dest="users_step", required=True, metavar="STEG")
    p = steps.add_parser("import", help="skapar eller uppdaterar användare med roll och enheter (CSV eller XLSX)",
                         parents=[COMMON])
    p.add_argument("file")
    p.add_argument("--initial-passwords", action="store_true",
                   help="nya användare får ett startlösenord som måste bytas, i stället för en engångslänk")
    p.add_argument("-o", "--output", help="skriv nya användares länkar eller lösenord till denna CSV-fil "
                                          "i stället för till standard ut")
    handle(p, "uppfolj.cli.users:run_import")
    p = steps.add_parser("link", help="ny engångslänk för en användare (tidigare oanvända slutar gälla)",
                         parents=[COMMON])
    p.add_argument("username", metavar="ANVANDARNAMN")
    handle(p, "uppfolj.cli.users:run_link")


def _add_demo_and_serve(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("demo", help="bygger en demokommun och skriver dess rapporter", parents=[COMMON])
    p.add_argument("--out", default="demo-out")
    p.add_argument("--serve", action="store_true", help="starta webbapplikationen efteråt")
    p.add_argument("--seed", type=int, default=2024)
    handle(p, "uppfolj.cli.demo:run_demo")
    p = top.add_parser("serve", help="kör webbapplikationen", parents=[COMMON])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=positive, help="antal processer (standard 2 × kärnor + 1)")
    p.add_argument("--threads", type=positive, help="trådar per process (standard 4)")
    p.add_argument("--access-log", metavar="FIL", help="åtkomstlogg (standard - = standard ut)")
    p.add_argument("--error-log", metavar="FIL", help="serverns fellogg (standard - = standard fel)")
    handle(p, "uppfolj.cli.demo:run_serve")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f'"{text}" ska vara ett heltal större än noll')
    return int(text)


def _add_backup(top: SubParsers[argparse.ArgumentParser]) -> None:
    p = top.add_parser("backup", help="säkerhetskopierar databasen till en fil", parents=[COMMON])
    p.add_argument("-o", "--output", required=True, help="utfil (SQLite-fil, eller pg_dumps eget format för PostgreSQL)")
    handle(p, "uppfolj.cli.backup:run_backup", check_schema=False)
    p = top.add_parser("restore", help="återställer databasen från en säkerhetskopia", parents=[COMMON])
    p.add_argument("file", help="säkerhetskopian från uppfolj backup")
    p.add_argument("--force", action="store_true", help="ersätt en databas som redan innehåller data")
    handle(p, "uppfolj.cli.backup:run_restore", check_schema=False)

"""Users at municipal scale: `uppfolj users import`, the users page, one-time links, initial
passwords that must be changed, and the municipality's own login by a remote-user header."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import REPO, CliResult
from uppfolj.web.models import AuditEntry, LoginLink, Role, UserRole

HEADER = "anvandarnamn;namn;epost;roll;enheter\n"
FILE = HEADER + (
    "anna.berg;Anna Berg;anna.berg@kommun.se;Budgetansvarig;515\n"
    'bo.ek;Bo Ek;bo.ek@kommun.se;budget_holder;"516, 517"\n'
    "cilla;Cilla Maria Ström;;Ekonom (controller);\n"
    "dan;Dan Nämndsson;dan@kommun.se;Läsare (nämnd, ledning);\n"
    "eva.it;Eva It;eva@kommun.se;Systemförvaltare;\n"
)
Cli = Callable[..., CliResult]
Write = Callable[..., Path]


def roles() -> dict[str, tuple[str, list[str]]]:
    """username -> (role, sorted unit codes), every user with a role."""
    return {r.user.username: (r.role, sorted(u.code for u in r.units.all()))
            for r in UserRole.objects.select_related("user").prefetch_related("units")}


def links(out: str) -> dict[str, str]:
    return dict(re.findall(r"^(\S+): engångslänk (\S+)$", out, flags=re.M))


def codes(since: int = 0) -> list[str]:
    return list(AuditEntry.objects.filter(pk__gt=since).order_by("pk").values_list("action", flat=True))


def last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- the command -------------------------------------------------------------------------------------------

def test_import_creates_users_roles_units_and_links(org: None, cli: Cli, write: Write) -> None:
    before = last_audit()
    result = cli("users", "import", write("anvandare.csv", FILE))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "anvandare.csv: 5 användare (5 nya, 0 ändrade, 0 oförändrade)"
    assert sorted(links(result.out)) == ["anna.berg", "bo.ek", "cilla", "dan", "eva.it"]
    assert all(path.startswith("/konto/lank/") for path in links(result.out).values())
    got = roles()
    assert got["anna.berg"] == (Role.BUDGET_HOLDER, ["515"])
    assert got["bo.ek"] == (Role.BUDGET_HOLDER, ["516", "517"])
    assert got["cilla"] == (Role.CONTROLLER, [])
    assert got["dan"] == (Role.READER, [])
    assert got["eva.it"] == (Role.ADMINISTRATOR, [])
    cilla = get_user_model().objects.get(username="cilla")
    assert (cilla.first_name, cilla.last_name, cilla.email) == ("Cilla Maria", "Ström", "")
    assert not cilla.has_usable_password()  # the link chooses the password
    eva = get_user_model().objects.get(username="eva.it")
    assert eva.is_staff and eva.is_superuser  # the administrator reaches the Django admin too
    audit = codes(before)
    assert audit.count("uppfolj.user.created") == 5
    assert audit.count("uppfolj.role.assigned") == 5
    assert audit.count("uppfolj.role.units_add") == 2
    assert audit.count("uppfolj.user.link_created") == 5
    assert audit[-1] == "uppfolj.import.users"
    entry = AuditEntry.objects.get(action="uppfolj.import.users")
    assert entry.username == "kommandorad"
    assert entry.new == {"rows": 5, "created": 5, "changed": 0, "unchanged": 0, "access": "link"}
    assert AuditEntry.objects.filter(action="uppfolj.role.units_add", object_key="bo.ek").get().new == {
        "units": ["516", "517"]}


def test_import_twice_changes_nothing(org: None, cli: Cli, write: Write) -> None:
    path = write("anvandare.csv", FILE)
    assert cli("users", "import", path).code == 0
    before, link_count = last_audit(), LoginLink.objects.count()
    again = cli("users", "import", path)
    assert again.code == 0
    assert again.out.splitlines() == ["anvandare.csv: 5 användare (0 nya, 0 ändrade, 5 oförändrade)"]
    assert codes(before) == ["uppfolj.import.users"]
    assert LoginLink.objects.count() == link_count


def test_import_updates_roles_units_names_and_keeps_others(org: None, cli: Cli, write: Write) -> None:
    assert cli("users", "import", write("a.csv", FILE)).code == 0
    before = last_audit()
    changed = HEADER + (
        "anna.berg;Anna Berg-Lund;anna.lund@kommun.se;Budgetansvarig;515 516\n"  # a unit added, a new name
        "bo.ek;Bo Ek;bo.ek@kommun.se;Budgetansvarig;517\n"  # a unit removed
        "cilla;Cilla Maria Ström;;Budgetansvarig;518\n"  # controller becomes a budget holder
        "dan;Dan Nämndsson;dan@kommun.se;reader;\n"  # unchanged (the code for the same role)
        "eva.it;Eva It;eva@kommun.se;läsare;\n"  # no longer the administrator
    )
    result = cli("users", "import", write("b.csv", changed))
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["b.csv: 5 användare (0 nya, 4 ändrade, 1 oförändrade)"]
    got = roles()
    assert got["anna.berg"] == (Role.BUDGET_HOLDER, ["515", "516"])
    assert got["bo.ek"] == (Role.BUDGET_HOLDER, ["517"])
    assert got["cilla"] == (Role.BUDGET_HOLDER, ["518"])
    assert got["eva.it"] == (Role.READER, [])
    assert got["chef515"] == (Role.BUDGET_HOLDER, ["515"])  # the demo's users are not in the file: kept
    eva = get_user_model().objects.get(username="eva.it")
    assert not eva.is_staff and not eva.is_superuser
    anna = get_user_model().objects.get(username="anna.berg")
    assert (anna.last_name, anna.email) == ("Berg-Lund", "anna.lund@kommun.se")
    audit = codes(before)
    assert sorted(audit) == sorted([
        "uppfolj.user.changed",  # anna: name, e-mail
        "uppfolj.role.units_add",  # anna + 516
        "uppfolj.role.units_remove",  # bo: 516 removed, 517 kept
        "uppfolj.role.assigned", "uppfolj.role.units_add",  # cilla
        "uppfolj.user.changed", "uppfolj.role.assigned",  # eva: no longer staff, reader
        "uppfolj.import.users"])
    role = AuditEntry.objects.filter(action="uppfolj.role.assigned", object_key="cilla").order_by("pk").last()
    assert role is not None and (role.old, role.new) == ({"role": "controller"}, {"role": "budget_holder"})
    # no new links for users who already exist
    assert "engångslänk" not in result.out


def test_import_of_300_users_in_one_go(org: None, cli: Cli, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    """A municipality's budget holders at once: 300 users, each with one or two units."""
    units = ["510-511", "512", "513", "514", "515", "516", "517", "518", "519"]
    rows = [f"chef{i:03d};Chef Nummer{i};chef{i:03d}@kommun.se;Budgetansvarig;{units[i % 9]} {units[(i + 4) % 9]}"
            for i in range(300)]
    path = write("chefer.csv", HEADER + "\n".join(rows) + "\n")
    start = time.perf_counter()
    result = cli("users", "import", path)
    seconds = time.perf_counter() - start
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "chefer.csv: 300 användare (300 nya, 0 ändrade, 0 oförändrade)"
    assert len(links(result.out)) == 300
    assert UserRole.objects.filter(role=Role.BUDGET_HOLDER, user__username__startswith="chef0").count() == 100
    assert roles()["chef042"] == (Role.BUDGET_HOLDER, sorted([units[42 % 9], units[46 % 9]]))
    assert AuditEntry.objects.filter(action="uppfolj.user.created").count() >= 300
    start_again = time.perf_counter()
    again = cli("users", "import", path)
    seconds_again = time.perf_counter() - start_again
    assert again.out.splitlines() == ["chefer.csv: 300 användare (0 nya, 0 ändrade, 300 oförändrade)"]
    with capsys.disabled():
        print(f"\n300 users imported in {seconds:.2f} s; again (nothing changed) in {seconds_again:.2f} s")
    assert seconds < 30


def test_import_xlsx_with_swedish_headers(org: None, cli: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Användarnamn", "Namn", "E-post", "Roll", "Enheter"])
    sheet.append(["gun", "Gun Ros", "gun@kommun.se", "Budgetansvarig", "515,516"])
    sheet.append(["hans", "Hans Ros", None, "Läsare", None])
    sheet.append(["ivar", "Ivar Ros", None, "nämnd", None])
    path = tmp_path / "anvandare.xlsx"
    book.save(path)
    # "E-post" folds to "e-post", not "epost": the column is simply not read (optional)
    result = cli("users", "import", path)
    assert result.code == 0, result.err
    assert roles()["gun"] == (Role.BUDGET_HOLDER, ["515", "516"])
    assert roles()["hans"] == (Role.READER, [])
    assert roles()["ivar"] == (Role.READER, [])


@pytest.mark.parametrize(("text", "expected"), [
    (HEADER + "x;X;;Chef;515\n", ['a.csv:2: roll "Chef" finns inte; ange en av Ekonom (controller), '
                                  "Budgetansvarig, Läsare (nämnd, ledning), Systemförvaltare"]),
    (HEADER + "x;X;;Budgetansvarig;515 999\n", ["a.csv:2: enhet 999 finns inte i organisationen"]),
    (HEADER + "x;X;;Budgetansvarig;\n", ["a.csv:2: en budgetansvarig behöver minst en enhet (kolumnen enheter)"]),
    (HEADER + "x;X;;Läsare;515\n", ["a.csv:2: enheter anges bara för budgetansvariga; rollen Läsare (nämnd, ledning) "
                                    "ser alla enheter eller inga"]),
    (HEADER + "x;X;inte-epost;Läsare;\n", ['a.csv:2: epost "inte-epost" är ingen e-postadress']),
    (HEADER + "x y;X;;Läsare;\n", ['a.csv:2: användarnamnet "x y" får bara innehålla bokstäver, siffror och '
                                   "@ . + - _ (högst 150 tecken)"]),
    (HEADER + "x;X;;Läsare;\nX;X;;Läsare;\n", ['a.csv:3: användarnamnet "X" finns redan på rad 2']),
    (HEADER + "Chef515;X;;Läsare;\n", ['a.csv:2: användarnamnet "Chef515" finns redan som "chef515" '
                                       "(stora och små bokstäver skiljer)"]),
    (HEADER + ";X;;Läsare;\n", ["a.csv:2: anvandarnamn saknas"]),
    ("anvandarnamn;namn\nx;X\n", ["a.csv:1: kolumn saknas: roll (rubriker: anvandarnamn, namn)"]),
])
def test_bad_file_names_file_and_line_and_changes_nothing(org: None, cli: Cli, write: Write, text: str,
                                                          expected: list[str]) -> None:
    before, users = last_audit(), get_user_model().objects.count()
    # a good first row: refused with the rest
    good = HEADER + "ok.user;Ok;;Läsare;\n"
    result = cli("users", "import", write("a.csv", text if not text.startswith(HEADER) else good + text[len(HEADER):]))
    assert result.code == 1
    got = result.err.splitlines()
    if text.startswith(HEADER):  # the good row moved the lines one down
        expected = [re.sub(r"a\.csv:(\d+)", lambda m: f"a.csv:{int(m.group(1)) + 1}", e) for e in expected]
        expected = [re.sub(r"på rad (\d+)", lambda m: f"på rad {int(m.group(1)) + 1}", e) for e in expected]
    assert got == expected
    assert get_user_model().objects.count() == users
    assert last_audit() == before


def test_bad_file_lists_every_problem(org: None, cli: Cli, write: Write) -> None:
    text = HEADER + "a;A;;Budgetansvarig;515\nb;B;;Ingen;\nc;C;;Budgetansvarig;404\nd;D;;Läsare;\n"
    result = cli("users", "import", write("u.csv", text))
    assert result.code == 1
    assert [line.split(":")[1] for line in result.err.splitlines()] == ["3", "4"]
    assert not get_user_model().objects.filter(username__in=["a", "d"]).exists()


def test_output_file_holds_the_links(org: None, cli: Cli, write: Write, tmp_path: Path) -> None:
    out = tmp_path / "lankar.csv"
    with mock.patch.dict(os.environ, {"UPPFOLJ_BASE_URL": "https://uppfoljning.kommun.se/"}):
        result = cli("users", "import", write("a.csv", FILE), "-o", out)
    assert result.code == 0
    assert result.out.splitlines()[1] == f"5 nya användares inloggning skrivna till {out}"
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "anvandarnamn;namn;epost;lank;startlosenord"
    assert rows[1].startswith("anna.berg;Anna Berg;anna.berg@kommun.se;https://uppfoljning.kommun.se/konto/lank/")
    assert len(rows) == 6
    again = cli("users", "import", write("a.csv", FILE), "-o", out)
    assert again.out.splitlines() == ["a.csv: 5 användare (0 nya, 0 ändrade, 5 oförändrade)"]
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 6  # no new users: the file is kept


# --- one-time links ---------------------------------------------------------------------------------------

def _imported_link(cli: Cli, write: Write, username: str = "anna.berg") -> str:
    result = cli("users", "import", write("anvandare.csv", FILE))
    return links(result.out)[username]


def test_link_sets_the_password_once(org: None, cli: Cli, write: Write) -> None:
    path = _imported_link(cli, write)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and "Välj lösenord" in page.content.decode()
    assert client.get(path).status_code == 200  # looking at it does not spend it
    weak = client.post(path, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 400  # the password validators hold
    answer = client.post(path, {"new_password1": "Tranbär-och-lingon-7", "new_password2": "Tranbär-och-lingon-7"})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert client.get("/konto/").status_code == 200  # logged in
    assert Client().post("/login/", {"username": "anna.berg", "password": "Tranbär-och-lingon-7"}).status_code == 302
    again = Client().post(path, {"new_password1": "Annat-lösen-123", "new_password2": "Annat-lösen-123"})
    assert again.status_code == 410
    assert "Länken gäller inte" in again.content.decode()
    assert Client().get(path).status_code == 410
    entry = AuditEntry.objects.get(action="uppfolj.user.link_used")
    assert (entry.username, entry.object_key) == ("anna.berg", "anna.berg")


def test_link_expires(org: None, cli: Cli, write: Write, settings: Any) -> None:
    path = _imported_link(cli, write)
    later = time.time() + 7 * 86400 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert Client().get(path).status_code == 410
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 6 * 86400):
        assert Client().get(path).status_code == 200
    settings.UPPFOLJ_LINK_DAYS = 1
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 2 * 86400):
        assert Client().get(path).status_code == 410


def test_forged_or_replaced_link_is_refused(org: None, cli: Cli, write: Write) -> None:
    path = _imported_link(cli, write, "bo.ek")
    token = path.split("/")[3]
    key, stamp, signature = token.split(":")
    assert Client().get(f"/konto/lank/{key}x:{stamp}:{signature}/").status_code == 410
    assert Client().get("/konto/lank/nonsense/").status_code == 410
    new = cli("users", "link", "bo.ek")
    assert new.code == 0
    new_path = re.fullmatch(r"bo\.ek: engångslänk (\S+)\n", new.out)
    assert new_path is not None
    assert Client().get(path).status_code == 410  # the earlier, unused link no longer works
    assert Client().get(new_path.group(1)).status_code == 200
    assert cli("users", "link", "finns.inte").err == "uppfolj: Användaren finns.inte finns inte.\n"


def test_link_of_a_deactivated_user_is_refused(org: None, cli: Cli, write: Write) -> None:
    path = _imported_link(cli, write, "dan")
    get_user_model().objects.filter(username="dan").update(is_active=False)
    assert Client().get(path).status_code == 410


# --- initial passwords ------------------------------------------------------------------------------------

def test_initial_password_must_be_changed_first(org: None, cli: Cli, write: Write) -> None:
    result = cli("users", "import", write("a.csv", FILE), "--initial-passwords")
    assert result.code == 0
    passwords = dict(re.findall(r"^(\S+): startlösenord (\S+)$", result.out, flags=re.M))
    assert len(passwords) == 5 and all(len(p) == 12 for p in passwords.values())
    assert not LoginLink.objects.exists()
    assert AuditEntry.objects.filter(action="uppfolj.user.initial_password").count() == 5
    stored = get_user_model().objects.get(username="anna.berg")
    assert stored.password.startswith("uppfolj_initial_pbkdf2$10000$")  # cheap: 70 random bits
    client = Client()
    login = client.post("/login/", {"username": "anna.berg", "password": passwords["anna.berg"]})
    assert login.status_code == 302
    stored.refresh_from_db()
    assert stored.password.startswith("argon2$")  # the login rehashed it with the preferred hasher
    for url in ("/", "/uppfoljning/2024/3/", "/uppfoljning/2024/3/515/", "/konto/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/konto/losenord/"), url
    assert client.post("/uppfoljning/2024/3/515/", {"prognos": "1"})["Location"] == "/konto/losenord/"
    page = client.get("/konto/losenord/")
    assert page.status_code == 200 and "Du har ett startlösenord" in page.content.decode()
    wrong = client.post("/konto/losenord/", {"old_password": "fel", "new_password1": "Blåbär-i-skogen-9",
                                             "new_password2": "Blåbär-i-skogen-9"})
    assert wrong.status_code == 400
    done = client.post("/konto/losenord/", {"old_password": passwords["anna.berg"],
                                            "new_password1": "Blåbär-i-skogen-9", "new_password2": "Blåbär-i-skogen-9"})
    assert done.status_code == 302
    assert client.get("/uppfoljning/2024/3/515/").status_code == 200  # the same session goes on
    assert not UserRole.objects.get(user__username="anna.berg").must_change_password
    entry = AuditEntry.objects.filter(action="uppfolj.user.password_changed").get()
    assert (entry.username, entry.new) == ("anna.berg", {"initial_password_replaced": True})
    fresh = Client()
    assert fresh.post("/login/", {"username": "anna.berg", "password": "Blåbär-i-skogen-9"}).status_code == 302
    assert fresh.get("/uppfoljning/2024/3/515/").status_code == 200  # no longer held


def test_forced_change_holds_on_the_admin_login_too(org: None, cli: Cli, write: Write) -> None:
    result = cli("users", "import", write("a.csv", FILE), "--initial-passwords")
    password = re.search(r"^eva\.it: startlösenord (\S+)$", result.out, flags=re.M)
    assert password is not None
    client = Client()
    client.post("/admin/login/", {"username": "eva.it", "password": password.group(1)})
    assert client.get("/admin/")["Location"] == "/konto/losenord/"
    assert client.post("/logout/").status_code == 302  # logging out is always allowed


# --- the users page ---------------------------------------------------------------------------------------

def test_users_page_upload_list_and_new_link(clients: dict[str, Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = clients["admin"]
    assert admin.get("/")["Location"] == "/anvandare/"  # the administrator starts here
    page = admin.get("/anvandare/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "chef515" in html and "Budgetansvarig" in html and ">515<" in html
    upload = SimpleUploadedFile("anvandare.csv", FILE.encode("utf-8"), content_type="text/csv")
    response = admin.post("/anvandare/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "anvandare.csv: 5 användare (5 nya, 0 ändrade, 0 oförändrade)" in html
    assert len(re.findall(r"http://testserver/konto/lank/[^<]+", html)) == 5
    assert roles()["bo.ek"] == (Role.BUDGET_HOLDER, ["516", "517"])
    entry = AuditEntry.objects.get(action="uppfolj.import.users")
    assert entry.username == "admin"
    assert AuditEntry.objects.filter(action="uppfolj.user.created", object_key="bo.ek").get().username == "admin"
    # a new link for one user, shown once
    fresh = admin.post("/anvandare/bo.ek/lank/")
    assert fresh.status_code == 200
    link = re.search(r"http://testserver(/konto/lank/[^<]+)", fresh.content.decode())
    assert link is not None
    assert Client().get(link.group(1)).status_code == 200
    assert AuditEntry.objects.filter(action="uppfolj.user.link_created", object_key="bo.ek").count() == 2
    assert admin.post("/anvandare/finns.inte/lank/").status_code == 404


def test_users_page_bad_file_shows_every_line(clients: dict[str, Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = HEADER + "a;A;;Chef;\nb;B;;Budgetansvarig;999\n"
    response = clients["admin"].post("/anvandare/", {"file": SimpleUploadedFile("fel.csv", text.encode())})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Inläsningen avbröts – inget ändrades" in html
    assert "fel.csv:2: roll" in html and "fel.csv:3: enhet 999 finns inte i organisationen" in html
    assert not get_user_model().objects.filter(username="a").exists()


def test_administrator_cannot_remove_own_role(clients: dict[str, Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = HEADER + "admin;Admin;;Läsare;\n"
    response = clients["admin"].post("/anvandare/", {"file": SimpleUploadedFile("a.csv", text.encode())})
    assert response.status_code == 400
    assert "a.csv:2: du kan inte ta bort din egen roll som systemförvaltare" in response.content.decode()
    assert roles()["admin"] == (Role.ADMINISTRATOR, [])


def test_service_refuses_other_roles(user: Callable[[str], Any], write: Write) -> None:
    from uppfolj.web import rules
    from uppfolj.web.domain.accounts import import_users

    path = write("a.csv", FILE)
    for role in ("controller", "holder", "reader"):
        with pytest.raises(rules.NotAllowedError):
            import_users(path, user=user(role))
    assert import_users(path, user=user("admin")).created == 5


# --- the municipality's own login -------------------------------------------------------------------------

def test_meta_key() -> None:
    from uppfolj.web.remote_user import meta_key

    assert meta_key("X-Remote-User") == "HTTP_X_REMOTE_USER"
    assert meta_key("REMOTE_USER") == "REMOTE_USER"
    assert meta_key("HTTP_X_USER") == "HTTP_X_USER"


def test_remote_user_setting_enables_middleware_and_backend() -> None:
    code = ("from django.conf import settings; import django; django.setup(); "
            "print(settings.MIDDLEWARE.index('uppfolj.web.remote_user.HeaderRemoteUserMiddleware') - "
            "settings.MIDDLEWARE.index('django.contrib.auth.middleware.AuthenticationMiddleware')); "
            "print(settings.AUTHENTICATION_BACKENDS[0])")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "uppfolj.web.settings", "UPPFOLJ_REMOTE_USER_HEADER": "X-Remote-User"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=REPO).stdout.split()
    assert out == ["1", "uppfolj.web.remote_user.ExistingRemoteUserBackend"]
    env.pop("UPPFOLJ_REMOTE_USER_HEADER")
    code = "from django.conf import settings; print(any('remote' in m for m in settings.MIDDLEWARE))"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          cwd=REPO).stdout.strip() == "False"


@pytest.fixture
def remote(org: None, settings: Any) -> None:
    settings.UPPFOLJ_REMOTE_USER_HEADER = "X-Remote-User"
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "uppfolj.web.remote_user.HeaderRemoteUserMiddleware")
    settings.MIDDLEWARE = middleware
    settings.AUTHENTICATION_BACKENDS = ["uppfolj.web.remote_user.ExistingRemoteUserBackend",
                                        *settings.AUTHENTICATION_BACKENDS]
    settings.AXES_ENABLED = True


def test_remote_user_header_logs_in_existing_users_only(remote: None) -> None:
    client = Client()
    response = client.get("/uppfoljning/2024/3/515/", HTTP_X_REMOTE_USER="chef515")
    assert response.status_code == 200  # the SSO proxy's user, with the role and units stored here
    assert client.get("/uppfoljning/2024/3/516/", HTTP_X_REMOTE_USER="chef515").status_code == 404
    for _ in range(8):  # unknown people: never created, never let in; the proxy's address is not locked out
        stranger = Client().get("/uppfoljning/2024/3/515/", HTTP_X_REMOTE_USER="okand.person")
        assert stranger.status_code == 302 and stranger["Location"].startswith("/login/")
    assert not get_user_model().objects.filter(username="okand.person").exists()
    assert Client().get("/uppfoljning/2024/3/", HTTP_X_REMOTE_USER="ekonom").status_code == 200
    # without the header the same session is logged out (the proxy decides who is logged in)
    assert client.get("/uppfoljning/2024/3/515/").status_code == 302
    # an ordinary password login still works beside it (the administrator's own account, say)
    assert Client().post("/login/", {"username": "namnd", "password": "demo"}).status_code == 302

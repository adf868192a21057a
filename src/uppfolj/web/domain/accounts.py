"""Users at municipal scale: the users file, one-time login links and initial passwords.

`import_users` reads a CSV or XLSX file (columns `anvandarnamn`, `namn`, `epost`, `roll`,
`enheter`), checks every row first (a bad file is refused with `FILE:LINE` lines and nothing
changes), then creates or updates the users, their roles and units in one transaction. Running
it again with the same file changes nothing. New users get a one-time login link (default) or
an initial password that must be changed at the first login.

A login link's token is the random key signed with a timestamp (`django.core.signing`): it is
refused once older than `UPPFOLJ_LINK_DAYS`, and once used (only the key's hash is stored, with
the time it was used). A new link for a user replaces the unused ones.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uppfolj.core.choices import TreeKind
from uppfolj.core.errors import Problems
from uppfolj.ingest.tables import read_table
from uppfolj.web import rules
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import LoginLink, OrgUnit, Role, UserRole
from uppfolj.web.passwords import InitialPasswordHasher
from uppfolj.web.signals import current_user

COLUMNS = ("anvandarnamn", "namn", "epost", "roll", "enheter")
LINK_SALT = "uppfolj.login-link"
_USERNAME = re.compile(r"^[\w.@+-]+\Z")
_UNIT_SPLIT = re.compile(r"[,;\s]+")
_PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().split())


def _role_names() -> dict[str, str]:
    """Every spelling of a role the file may use: the code, the Swedish name as the web shows it,
    and that name without its parenthesis ("Ekonom (controller)" → "ekonom", "controller")."""
    names: dict[str, str] = {}
    for role in Role:
        label = str(role.label)
        names[_fold(role.value)] = role.value
        names[_fold(role.value.replace("_", " "))] = role.value
        names[_fold(label)] = role.value
        head, _, rest = label.partition("(")
        names[_fold(head)] = role.value
        for word in rest.rstrip(")").split(","):
            if word.strip():
                names[_fold(word)] = role.value
    names.update({"administratör": Role.ADMINISTRATOR.value, "admin": Role.ADMINISTRATOR.value,
                  "läsare": Role.READER.value})
    return names


ROLE_NAMES = _role_names()


@dataclass(frozen=True)
class UserSpec:
    """One row of the users file, checked."""

    line: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    units: tuple[str, ...]


@dataclass
class NewAccess:
    """How a new user logs in the first time: a link path or an initial password (shown once)."""

    username: str
    name: str
    email: str
    link: str = ""  # the path of the one-time link, /konto/lank/<token>/
    password: str = ""


@dataclass
class ImportResult:
    file: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    access: list[NewAccess] = field(default_factory=list)

    def lines(self, base_url: str = "") -> list[str]:
        """The command line's summary, then one line per new user with their link or password."""
        out = [f"{self.file}: {self.created + self.changed + self.unchanged} användare "
               f"({self.created} nya, {self.changed} ändrade, {self.unchanged} oförändrade)"]
        for a in self.access:
            how = f"engångslänk {base_url.rstrip('/')}{a.link}" if a.link else f"startlösenord {a.password}"
            out.append(f"{a.username}: {how}")
        return out


def split_name(name: str) -> tuple[str, str]:
    """"Anna Maria Svensson" → ("Anna Maria", "Svensson"): the last word is the family name."""
    words = name.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def read_users(path: Path, *, actor: Any = None) -> tuple[str, list[UserSpec], set[str]]:
    """The file's rows, checked against the organisation and each other; raises `InputError`
    with every problem (`FILE:LINE: message`). Returns the file name, the rows and the columns."""
    table = read_table(path)
    table.require("anvandarnamn", "roll")
    problems: Problems = table.problems
    units = set(OrgUnit.objects.filter(tree=TreeKind.ORGANISATION).values_list("code", flat=True))
    existing = {u.lower(): u for u in get_user_model().objects.values_list("username", flat=True)}
    seen: dict[str, int] = {}
    specs: list[UserSpec] = []
    role_list = ", ".join(str(r.label) for r in Role)
    actor_name = getattr(actor, "username", "") if getattr(actor, "is_authenticated", False) else ""
    for row in table.rows:
        bad = len(problems)
        username = row.text("anvandarnamn")
        if not username:
            problems.add(row.line, "anvandarnamn saknas")
        elif len(username) > 150 or not _USERNAME.match(username):
            problems.add(row.line, f'användarnamnet "{username}" får bara innehålla bokstäver, siffror och @ . + - _ '
                                   "(högst 150 tecken)")
        elif username.lower() in seen:
            problems.add(row.line, f'användarnamnet "{username}" finns redan på rad {seen[username.lower()]}')
        elif username.lower() in existing and existing[username.lower()] != username:
            problems.add(row.line, f'användarnamnet "{username}" finns redan som "{existing[username.lower()]}" '
                                   "(stora och små bokstäver skiljer)")
        if username:
            seen.setdefault(username.lower(), row.line)
        name = row.text("namn")
        if len(name) > 150:
            problems.add(row.line, "namnet är längre än 150 tecken")
        email = row.text("epost")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.add(row.line, f'epost "{email}" är ingen e-postadress')
        role = ROLE_NAMES.get(_fold(row.text("roll")))
        if role is None:
            given = row.text("roll")
            problems.add(row.line, f'roll "{given}" finns inte; ange en av {role_list}' if given else "roll saknas")
        codes = tuple(dict.fromkeys(c for c in _UNIT_SPLIT.split(row.text("enheter")) if c))
        missing = [c for c in codes if c not in units]
        if missing:
            problems.add(row.line, f"enhet {', '.join(missing)} finns inte i organisationen")
        if role == Role.BUDGET_HOLDER and not codes:
            problems.add(row.line, "en budgetansvarig behöver minst en enhet (kolumnen enheter)")
        if role is not None and role != Role.BUDGET_HOLDER and codes:
            problems.add(row.line, f"enheter anges bara för budgetansvariga; rollen {Role(role).label} "
                                   "ser alla enheter eller inga")
        if actor_name and username == actor_name and role not in (None, Role.ADMINISTRATOR):
            problems.add(row.line, "du kan inte ta bort din egen roll som systemförvaltare")
        if len(problems) == bad and role is not None:
            first, last = split_name(name)
            specs.append(UserSpec(row.line, username, first, last, email, role, tuple(sorted(codes))))
    problems.raise_if_any()
    return table.name, specs, set(table.headers)


def import_users(path: Path, *, user: Any, initial_passwords: bool = False) -> ImportResult:
    """Create or update the file's users with their roles and units, in one transaction.

    Users not in the file are left as they are. Every change is audited (the user, role and
    unit rows by `web.signals`, the import, links and initial passwords here).
    """
    rules.require(user, rules.Act.ADMINISTER)
    name, specs, columns = read_users(path, actor=user)
    model = get_user_model()
    users = {u.username: u for u in model.objects.filter(username__in=[s.username for s in specs])}
    roles = {r.user_id: r for r in UserRole.objects.filter(user__in=list(users.values())).prefetch_related("units")}
    units = {u.code: u for u in OrgUnit.objects.filter(tree=TreeKind.ORGANISATION)}
    result = ImportResult(name)
    token = current_user.set(user)
    try:
        with transaction.atomic():
            for spec in specs:
                changed = _write_user(spec, users.get(spec.username), roles=roles, units=units, columns=columns, result=result,
                                      initial_passwords=initial_passwords, actor=user)
                if changed is None:
                    result.created += 1
                elif changed:
                    result.changed += 1
                else:
                    result.unchanged += 1
            log_action("uppfolj.import.users", user=user, object_type="import", object_key=name,
                       new={"rows": len(specs), "created": result.created, "changed": result.changed,
                            "unchanged": result.unchanged,
                            "access": "initial_password" if initial_passwords else "link"})
    finally:
        current_user.reset(token)
    return result


def _write_user(spec: UserSpec, account: Any, *, roles: dict[int, UserRole], units: dict[str, OrgUnit],
                columns: set[str], result: ImportResult, initial_passwords: bool, actor: Any) -> bool | None:
    """One row written; None for a new user, else whether anything changed."""
    created = account is None
    if created:
        account = get_user_model()(username=spec.username)
    admin = spec.role == Role.ADMINISTRATOR
    wanted: dict[str, Any] = {"is_staff": admin, "is_superuser": admin}
    if "namn" in columns:
        wanted.update(first_name=spec.first_name, last_name=spec.last_name)
    if "epost" in columns:
        wanted["email"] = spec.email
    password = ""
    dirty = created or any(getattr(account, k) != v for k, v in wanted.items())
    for key, value in wanted.items():
        setattr(account, key, value)
    if created:
        if initial_passwords:
            password = initial_password()
            account.password = make_password(password, hasher=InitialPasswordHasher.algorithm)
        else:
            account.set_unusable_password()
    if dirty:
        account.save()
    role = roles.get(account.pk)
    if role is None:
        role = UserRole.objects.create(user=account, role=spec.role, must_change_password=bool(password))
        dirty = True
    elif role.role != spec.role:
        role.role = spec.role
        role.save(update_fields=["role"])
        dirty = True
    if sorted(u.code for u in role.units.all()) != list(spec.units):
        role.units.set([units[c] for c in spec.units])
        dirty = True
    if created:
        access = NewAccess(spec.username, f"{spec.first_name} {spec.last_name}".strip(), spec.email)
        if password:
            log_action("uppfolj.user.initial_password", user=actor, object_type="user", object_key=spec.username)
            access.password = password
        else:
            access.link = link_path(create_login_link(account, actor=actor)[1])
        result.access.append(access)
        return None
    return dirty


def initial_password() -> str:
    """Twelve letters and digits, none easily mistaken for another (no 0 O 1 l I)."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))


# --- one-time login links --------------------------------------------------------------------------------

def link_lifetime() -> timedelta:
    return timedelta(days=settings.UPPFOLJ_LINK_DAYS)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def link_path(token: str) -> str:
    return reverse("login-link", kwargs={"token": token})


def create_login_link(account: Any, *, actor: Any) -> tuple[LoginLink, str]:
    """A new one-time link for the user (the unused ones before it stop working); the token
    is returned once and only its key's hash is kept."""
    rules.require(actor, rules.Act.ADMINISTER)
    key = secrets.token_urlsafe(24)
    with transaction.atomic():
        LoginLink.objects.filter(user=account, used_at__isnull=True).delete()
        link = LoginLink.objects.create(
            user=account, key_hash=_hash(key), expires_at=timezone.now() + link_lifetime(),
            created_by=getattr(actor, "username", "") or "kommandorad")
        log_action("uppfolj.user.link_created", user=actor, object_type="user", object_key=account.username,
                   new={"expires_at": link.expires_at.isoformat(timespec="minutes")})
    return link, signing.TimestampSigner(salt=LINK_SALT).sign(key)


def valid_link(token: str) -> LoginLink | None:
    """The unused, unexpired link of an active user the token names, or None."""
    try:
        key = signing.TimestampSigner(salt=LINK_SALT).unsign(token, max_age=link_lifetime())
    except signing.BadSignature:  # also SignatureExpired
        return None
    link = LoginLink.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if link is None or link.used_at is not None or link.expires_at <= timezone.now() or not link.user.is_active:
        return None
    return link


def use_link(link: LoginLink, password: str) -> Any:
    """Set the user's password with the link and spend it; a link spent meanwhile is refused."""
    with transaction.atomic():
        spent = LoginLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
        if not spent:
            raise rules.RefusedError("Länken är redan använd.")
        account = link.user
        token = current_user.set(account)
        try:
            account.set_password(password)
            account.save()
        finally:
            current_user.reset(token)
        UserRole.objects.filter(user=account).update(must_change_password=False)
        log_action("uppfolj.user.link_used", user=account, object_type="user", object_key=account.username)
    return account


def must_change_password(account: Any) -> bool:
    return UserRole.objects.filter(user_id=account.pk, must_change_password=True).exists()


def password_changed(account: Any) -> None:
    """The user chose a new password: an initial password no longer holds them."""
    with transaction.atomic():
        forced = UserRole.objects.filter(user_id=account.pk, must_change_password=True).update(
            must_change_password=False)
        log_action("uppfolj.user.password_changed", user=account, object_type="user", object_key=account.username,
                   new={"initial_password_replaced": bool(forced)})


def new_link_for(username: str, *, actor: Any) -> str:
    """The command line's `uppfolj users link`: a new link's path for an existing user."""
    account = get_user_model().objects.filter(username=username).first()
    if account is None:
        raise rules.RefusedError(f"Användaren {username} finns inte.")
    return link_path(create_login_link(account, actor=actor)[1])


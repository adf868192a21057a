"""Users and roles: the demo users, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from uppfolj.core.choices import TreeKind
from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import ApiToken, OrgUnit, Role, UserRole

DEMO_PASSWORD = "demo"
DEMO_USERS = (
    ("ekonom", Role.CONTROLLER, (), "ekonom (controller): alla enheter"),
    ("chef515", Role.BUDGET_HOLDER, ("515",), "budgetansvarig för enhet 515 och enheterna under den"),
    ("namnd", Role.READER, (), "nämnd: läser, ändrar inget"),
    ("admin", Role.ADMINISTRATOR, (), "systemförvaltare: användare, roller och grunddata, inga siffror"),
)


def assign_role(user: Any, role: str, unit_codes: tuple[str, ...] | list[str] = ()) -> UserRole:
    """Give a user a role (and a budget holder their units); the signals write the audit rows."""
    with transaction.atomic():
        user_role, _ = UserRole.objects.update_or_create(user=user, defaults={"role": role})
        units = list(OrgUnit.objects.filter(tree=TreeKind.ORGANISATION, code__in=unit_codes))
        if set(user_role.units.all()) != set(units):
            user_role.units.set(units)
        return user_role


def create_demo_users() -> list[tuple[str, str]]:
    """The demo's four users with password "demo"; running it twice changes nothing."""
    model = get_user_model()
    out = []
    with transaction.atomic():
        for username, role, units, description in DEMO_USERS:
            user = model.objects.filter(username=username).first()
            if user is None:
                user = model(username=username)
                user.set_password(DEMO_PASSWORD)
            admin = role == Role.ADMINISTRATOR
            if user.pk is None or user.is_staff != admin or user.is_superuser != admin:
                user.is_staff = admin
                user.is_superuser = admin
                user.save()
            current = UserRole.objects.filter(user=user).first()
            if current is None or current.role != role or sorted(current.units.values_list("code", flat=True)) != sorted(units):
                assign_role(user, role, units)
            out.append((username, description))
    return out


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_token(user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new personal token; the key is returned once and only its hash is kept."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key))
        log_action("uppfolj.token.created", user=user, object_type="token", object_key=token.prefix,
                   new={"name": name, "user": user.username})
    return token, key


def revoke_token(token: ApiToken, *, user: Any) -> None:
    with transaction.atomic():
        log_action("uppfolj.token.revoked", user=user, object_type="token", object_key=token.prefix,
                   old={"name": token.name, "user": token.user.username})
        token.delete()


def user_for_token(key: str) -> Any:
    """The active user owning the key, or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key.strip())).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user

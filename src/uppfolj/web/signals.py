"""Audit rows for changes to users and roles, wherever they are made (admin, shell, services)."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from uppfolj.web.domain.audit import log_action
from uppfolj.web.models import UserRole

current_user: contextvars.ContextVar[Any] = contextvars.ContextVar("uppfolj_current_user", default=None)
_USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")
# The audit code of each change to a role's units (the m2m_changed action that ends it).
UNITS_EVENTS = {"post_add": "uppfolj.role.units_add", "post_remove": "uppfolj.role.units_remove",
                "post_clear": "uppfolj.role.units_clear"}


class CurrentUserMiddleware:
    """Makes the request's user known to the signal handlers below."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_user.reset(token)


def _user_state(user: Any) -> dict[str, Any]:
    state = {f: getattr(user, f) for f in _USER_FIELDS}
    state["password_changed"] = False
    return state


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _remember_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    old = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._uppfolj_old = None if old is None else (_user_state(old), old.password)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _log_user(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    before = getattr(instance, "_uppfolj_old", None)
    new = _user_state(instance)
    old = None
    if before is not None:
        old, old_password = before
        new["password_changed"] = old_password != instance.password
        if old == {**new, "password_changed": False} and not new["password_changed"]:
            return
    log_action("uppfolj.user.created" if created else "uppfolj.user.changed", user=current_user.get(),
               object_type="user", object_key=instance.username, old=old, new=new)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _log_user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    log_action("uppfolj.user.deleted", user=current_user.get(), object_type="user", object_key=instance.username,
               old=_user_state(instance))


@receiver(pre_save, sender=UserRole)
def _remember_role(sender: Any, instance: UserRole, **kwargs: Any) -> None:
    old = UserRole.objects.filter(pk=instance.pk).values_list("role", flat=True).first() if instance.pk else None
    instance._uppfolj_old_role = old  # type: ignore[attr-defined]


@receiver(post_save, sender=UserRole)
def _log_role(sender: Any, instance: UserRole, created: bool, **kwargs: Any) -> None:
    old = getattr(instance, "_uppfolj_old_role", None)
    if not created and old == instance.role:
        return
    log_action("uppfolj.role.assigned", user=current_user.get(), object_type="role",
               object_key=instance.user.username, old=None if old is None else {"role": old},
               new={"role": instance.role})


@receiver(post_delete, sender=UserRole)
def _log_role_deleted(sender: Any, instance: UserRole, **kwargs: Any) -> None:
    log_action("uppfolj.role.removed", user=current_user.get(), object_type="role",
               object_key=instance.user.username, old={"role": instance.role})


@receiver(m2m_changed, sender=UserRole.units.through)
def _log_role_units(sender: Any, instance: UserRole, action: str, pk_set: Any, **kwargs: Any) -> None:
    if action not in UNITS_EVENTS:
        return
    log_action(UNITS_EVENTS[action], user=current_user.get(), object_type="role",
               object_key=instance.user.username, new={"units": sorted(instance.units.values_list("code", flat=True))})


def _log_masterdata(instance: Any, *, deleted: bool) -> None:
    kind = type(instance)._meta.model_name
    value = {"code": getattr(instance, "code", ""), "name": getattr(instance, "name", "")}
    if hasattr(instance, "dimension"):
        value["dimension"] = instance.dimension
    log_action("uppfolj.masterdata.deleted" if deleted else "uppfolj.masterdata.saved", user=current_user.get(),
               object_type=str(kind), object_key=value["code"], old=value if deleted else None,
               new=None if deleted else value)


@receiver(post_save, sender="uppfolj.Account")
@receiver(post_save, sender="uppfolj.DimensionObject")
def _log_masterdata_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Imports write these in bulk (no signals) and log the import itself; this covers the admin.
    _log_masterdata(instance, deleted=False)


@receiver(post_delete, sender="uppfolj.Account")
@receiver(post_delete, sender="uppfolj.DimensionObject")
def _log_masterdata_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _log_masterdata(instance, deleted=True)

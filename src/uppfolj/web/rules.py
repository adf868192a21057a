"""Permission predicates: who may see and change what. Every view and write goes through these."""

from __future__ import annotations

from typing import Any

from uppfolj.web.models.access import Role


def role_of(user: Any) -> str | None:
    """The user's role, or None for anonymous users and users without a role."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    cached = getattr(user, "_uppfolj_role", None)
    if cached is not None:
        return str(cached) or None
    from_db = getattr(getattr(user, "uppfolj_role", None), "role", None) if _has_role(user) else None
    user._uppfolj_role = from_db or ""
    return from_db


def _has_role(user: Any) -> bool:
    from django.core.exceptions import ObjectDoesNotExist  # noqa: PLC0415 - keeps layer 0 light

    try:
        user.uppfolj_role  # noqa: B018 - the related object may be missing
    except ObjectDoesNotExist:
        return False
    return True


def is_controller(user: Any) -> bool:
    return role_of(user) == Role.CONTROLLER


def is_budget_holder(user: Any) -> bool:
    return role_of(user) == Role.BUDGET_HOLDER


def is_reader(user: Any) -> bool:
    return role_of(user) == Role.READER


def is_administrator(user: Any) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def can_view_figures(user: Any) -> bool:
    """Controllers, budget holders and readers see figures; administrators do not."""
    return role_of(user) in {Role.CONTROLLER, Role.BUDGET_HOLDER, Role.READER}


def sees_whole_tree(user: Any) -> bool:
    return role_of(user) in {Role.CONTROLLER, Role.READER}


def can_view_unit(user: Any, unit_code: str, visible: set[str] | None) -> bool:
    """`visible` is the set from queries.visible_codes(user); None means the whole tree."""
    if not can_view_figures(user):
        return False
    return visible is None or unit_code in visible


def can_edit_unit(user: Any, unit_code: str, visible: set[str] | None) -> bool:
    """Forecasts, texts, reasons and actions: a controller anywhere, a budget holder in their subtree."""
    if is_controller(user):
        return True
    return is_budget_holder(user) and visible is not None and unit_code in visible


def can_review(user: Any) -> bool:
    """Approving, returning, opening and locking periods."""
    return is_controller(user)


def can_view_log(user: Any) -> bool:
    return is_controller(user)


def can_import(user: Any) -> bool:
    return is_controller(user)


def can_use_api(user: Any) -> bool:
    return can_view_figures(user)


def explain(user: Any) -> str:
    """A Swedish sentence saying what the user's role allows (shown on the account page)."""
    role = role_of(user)
    texts: dict[str, str] = {
        Role.CONTROLLER: "Du ser och ändrar alla enheter, granskar, låser perioder och läser in filer.",
        Role.BUDGET_HOLDER: "Du ser och ändrar dina enheter och enheterna under dem.",
        Role.READER: "Du kan läsa uppföljningen men inte ändra något.",
        Role.ADMINISTRATOR: "Du administrerar användare, roller och grunddata, inte siffrorna.",
    }
    return texts.get(role or "", "Du har ingen roll ännu; kontakta systemförvaltaren.")

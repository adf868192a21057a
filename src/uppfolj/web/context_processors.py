"""Template context: what the navigation may show for the user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from uppfolj.web import rules


def role(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"can_import": rules.can(user, rules.Act.IMPORT_LEDGER), "can_view_log": rules.can(user, rules.Act.VIEW_LOG),
            "can_view_figures": rules.can(user, rules.Act.VIEW_FIGURES),
            "can_edit_settings": rules.can(user, rules.Act.EDIT_SETTINGS),
            "can_administer": rules.is_administrator(user)}

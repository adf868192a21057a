"""Writing the audit trail; call inside the transaction of the change itself."""

from __future__ import annotations

from typing import Any

from uppfolj.web.audit_events import is_registered
from uppfolj.web.models import AuditEntry


def log_action(
    action: str,
    *,
    user: Any = None,
    object_type: str = "",
    object_key: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditEntry:
    """Append one audit row (who, what, old and new value). `user` may be None (command line).

    Raises:
        ValueError: `action` is not in `uppfolj.web.audit_events` (a programming error: the
            log must only hold codes a controller can read).
    """
    if not is_registered(action):
        raise ValueError(f"audit code {action!r} is not registered in uppfolj.web.audit_events")
    real_user = user if getattr(user, "is_authenticated", False) else None
    username = getattr(real_user, "username", "") if real_user else "kommandorad"
    return AuditEntry.objects.create(
        user=real_user, username=username, action=action, object_type=object_type,
        object_key=object_key, old=old, new=new,
    )

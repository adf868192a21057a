"""The audit trail: append-only, written in the same transaction as the change it records."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# What people write during the month and what runs the installation: none of it is read by the
# sums of budget and ledger or by the trees, so the version of those (`cache.figures_stamp`)
# stays the same across these rows. An action missing here only costs a recomputation.
WORK_ACTIONS = (
    "uppfolj.forecast.saved", "uppfolj.forecast.row_saved", "uppfolj.proposal.accepted", "uppfolj.volume.saved",
    "uppfolj.texts.saved", "uppfolj.reasons.saved", "uppfolj.actions.saved", "uppfolj.unit.drafted",
    "uppfolj.unit.submitted", "uppfolj.unit.approved", "uppfolj.unit.returned", "uppfolj.goal.saved",
    "uppfolj.risk.added", "uppfolj.risk.changed", "uppfolj.risk.removed", "uppfolj.user.created",
    "uppfolj.user.changed", "uppfolj.user.deleted", "uppfolj.role.assigned", "uppfolj.role.removed",
    "uppfolj.role.units_add", "uppfolj.role.units_remove", "uppfolj.role.units_clear", "uppfolj.import.users",
    "uppfolj.user.link_created", "uppfolj.user.link_used", "uppfolj.user.initial_password",
    "uppfolj.user.password_changed", "uppfolj.token.created", "uppfolj.token.revoked", "uppfolj.database.backup",
)


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    username = models.CharField(max_length=150, blank=True, default="")  # kept if the user is renamed
    action = models.CharField(max_length=64, db_index=True)  # e.g. uppfolj.forecast.saved
    object_type = models.CharField(max_length=64, blank=True, default="")
    object_key = models.CharField(max_length=255, blank=True, default="")  # e.g. 2024-03/515
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The newest row that may change the figures, found without reading the month's saves.
        indexes = [models.Index(fields=["-id"], name="audit_figures_version", condition=~Q(action__in=WORK_ACTIONS))]
        verbose_name = "loggpost"
        verbose_name_plural = "logg"

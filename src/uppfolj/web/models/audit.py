"""The audit trail: append-only, written in the same transaction as the change it records."""

from django.conf import settings
from django.db import models


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
        verbose_name = "loggpost"
        verbose_name_plural = "logg"

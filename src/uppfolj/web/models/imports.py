"""A log of every import with its findings, which reports show as checks."""

from django.conf import settings
from django.db import models


class ImportLog(models.Model):
    kind = models.CharField(max_length=32)
    file = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    rows = models.PositiveIntegerField(default=0)
    years = models.JSONField(default=list)
    checks = models.JSONField(default=list)  # [{"severity", "code", "message", "unit"}]
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

"""The organisation's document settings: the committee texts around a report's figures."""

from __future__ import annotations

from django.db import models


class DocumentSettings(models.Model):
    """One row (id 1): committee, signature, recipients, MBL text… (`uppfolj.reports.settings`).

    Edited on the web by a controller or an administrator (audited as
    `uppfolj.settings.document_saved`); `uppfolj report` options override them per document.
    """

    committee = models.CharField("nämnd", max_length=200, blank=True, default="")
    administration = models.CharField("förvaltning", max_length=200, blank=True, default="")
    diarienummer = models.CharField("diarienummer", max_length=64, blank=True, default="")
    author = models.CharField("handläggare", max_length=200, blank=True, default="")
    signatory = models.CharField("förvaltningschef", max_length=200, blank=True, default="")
    signatory_title = models.CharField("titel", max_length=100, blank=True, default="Förvaltningschef")
    recipients = models.TextField("beslutet skickas till (en per rad)", blank=True, default="")
    mbl = models.TextField("MBL-information", blank=True, default="Information enligt 19 § medbestämmandelagen har lämnats.")
    attachments = models.TextField("bilagor (en per rad)", blank=True, default="")
    background = models.TextField("bakgrund", blank=True, default="")
    outlook = models.TextField("förväntad utveckling", blank=True, default="")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "dokumentinställningar"
        verbose_name_plural = "dokumentinställningar"

    def __str__(self) -> str:
        return self.committee or "dokumentinställningar"

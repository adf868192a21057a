"""Investment projects of a year: the budget from the investments file, the rest entered on the web."""

from django.db import models


class Investment(models.Model):
    """An investment project (the ledger's project code) of a year; amounts in öre, ledger sign.

    The budget and name come from `uppfolj import investments`; forecast, comment and the request
    to carry unspent money into next year are the controller's (the file may give forecast and
    comment too). The actual is not stored: it is the ledger's.
    """

    year = models.PositiveSmallIntegerField()
    project = models.CharField(max_length=64)  # projekt
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)  # the file's order
    budget = models.BigIntegerField()
    forecast = models.BigIntegerField(null=True, blank=True)  # full year; None = none given
    comment = models.TextField(blank=True, default="")
    carry_over = models.BigIntegerField(null=True, blank=True)  # begärd överföring till nästa år
    carry_over_reason = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "investering"
        verbose_name_plural = "investeringar"
        ordering = ["year", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "project"], name="investment_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.project} {self.name}"

"""What budget holders write per unit and month: forecasts, texts, reasons, actions."""

from django.db import models

from uppfolj.core.choices import ActionStatus, Heading
from uppfolj.web.models.org import OrgUnit


class Forecast(models.Model):
    """A full-year forecast (helårsprognos) of a unit's net result, made in `month` (öre)."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()  # the month in which it was made
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="forecasts")
    amount = models.BigIntegerField()
    comment = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "unit"], name="forecast_key")]


class UnitText(models.Model):
    """A comment under Utfall, Analys or Åtgärd for a unit and month."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="texts")
    heading = models.CharField(max_length=16, choices=Heading.choices())
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    flagged = models.BooleanField(default=False)  # looks like a personnummer

    class Meta:
        ordering = ["year", "month", "unit", "position"]


class Reason(models.Model):
    """A reason for the forecast variance (orsak till prognosavvikelse) with its amount (öre)."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reasons")
    text = models.TextField()
    amount = models.BigIntegerField()  # in the variance's sense: positive = better than budget
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year", "month", "unit", "position"]


class Action(models.Model):
    """An action against a variance (åtgärd), carried from month to month until done."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField()
    responsible = models.CharField(max_length=255, blank=True, default="")  # ansvarig
    timeplan = models.CharField(max_length=255, blank=True, default="")  # tidplan
    status = models.CharField(max_length=16, choices=ActionStatus.choices(), default=ActionStatus.PLANNED)
    follow_up = models.TextField(blank=True, default="")  # uppföljning
    amount = models.BigIntegerField(null=True, blank=True)  # expected effect, öre
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year", "month", "unit", "position"]

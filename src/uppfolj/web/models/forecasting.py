"""Volumes (operating statistics), forecasts per template row, and stored forecast proposals."""

from django.db import models

from uppfolj.core.choices import ForecastMethod, MeasureKind
from uppfolj.web.models.org import OrgUnit


class Measure(models.Model):
    """A volume measure (mått): vårddygn, hemtjänsttimmar, hushåll, årsarbetare, sjukfrånvaro %."""

    code = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=255, blank=True, default="")
    unit_text = models.CharField(max_length=64, blank=True, default="")  # enhetstext: "dygn"
    kind = models.CharField(max_length=8, choices=MeasureKind.choices(), default=MeasureKind.SUM)

    class Meta:
        verbose_name = "mått"
        verbose_name_plural = "mått"

    def __str__(self) -> str:
        return self.name or self.code


class Volume(models.Model):
    """One month's value of a measure for a unit; exact decimals, never floats."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="volumes")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="volumes")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    row = models.CharField(max_length=64, blank=True, default="")  # the template row this volume drives

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "unit", "measure"], name="volume_key")]
        indexes = [models.Index(fields=["unit", "measure", "year", "month"], name="volume_series")]


class RowForecast(models.Model):
    """A budget holder's full-year forecast of one template row of a unit, made in `month` (öre).

    When a unit has row forecasts in a month, its net forecast (`Forecast`) is their sum, rows
    without a forecast counting at their annual budget (CONTRACT *forecasts by row*).
    """

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="row_forecasts")
    row = models.CharField(max_length=64)  # TemplateRow.code
    amount = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "unit", "row"], name="row_forecast_key")]


class ForecastProposal(models.Model):
    """uppfolj's own proposal (`auto`) for a unit's net (`row` empty) or one of its rows, made
    from what was known at the end of (year, month); stored beside, never over, the entered forecast."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="proposals")
    row = models.CharField(max_length=64, blank=True, default="")
    method = models.CharField(max_length=32, choices=ForecastMethod.choices())
    amount = models.BigIntegerField()
    low = models.BigIntegerField(null=True, blank=True)  # 80 % interval, for the net only
    high = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)  # the explanation the unit page shows
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "unit", "row"], name="proposal_key")]

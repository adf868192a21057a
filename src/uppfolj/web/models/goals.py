"""Goals with indicators and the risk register."""

from __future__ import annotations

from django.db import models

from uppfolj.core.goals import Direction
from uppfolj.web.models.org import OrgUnit


class Goal(models.Model):
    """One of the committee's goals for a year, with its indicator; exact decimals, never floats.

    `outcome` is the entered outcome; `source` (`kolada:KPI`, `statistik:MATT`) says where it is
    taken from instead. `comment` is the controller's analysis text (Kommentar).
    """

    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=500)
    indicator = models.CharField(max_length=500)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="goals")
    target = models.DecimalField(max_digits=20, decimal_places=4)
    direction = models.CharField(max_length=8, choices=Direction.choices())
    outcome = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    previous = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=100, blank=True, default="")
    comment = models.TextField(blank=True, default="")
    position = models.PositiveIntegerField(default=0)  # the file's order

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="goal_key")]
        ordering = ["year", "position", "code"]

    def __str__(self) -> str:
        return f"{self.year} {self.code}"


class Risk(models.Model):
    """One risk of a unit's register, raised in (year, month); amounts in öre."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="risks")
    text = models.TextField()
    probability = models.PositiveSmallIntegerField()
    consequence = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField(null=True, blank=True)
    owner = models.CharField(max_length=255, blank=True, default="")
    action = models.TextField(blank=True, default="")
    closed = models.BooleanField(default=False)  # stängd: kept in the register, left out of reports
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="risk_year_unit")]
        ordering = ["year", "month", "position", "id"]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.text[:40]}"

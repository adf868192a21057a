"""Key figures from Kolada: every raw page as it came (Kolada revises values without notice),
the values read from them, the peer groups compared with, and the home municipality."""

from django.db import models


class KoladaPage(models.Model):
    """One v3 answer page, kept whole: where it came from and when."""

    url = models.CharField(max_length=1000)  # the API URL, or "fil:NAME#N" for a saved file's page N
    fetched_at = models.DateTimeField()
    source = models.CharField(max_length=16, default="fetch")  # fetch | file
    body = models.TextField()  # the JSON text as received

    class Meta:
        ordering = ["-fetched_at", "-id"]


class KeyFigureValue(models.Model):
    """One value of a KPI for a municipality, year and gender; NULL stays NULL (never 0)."""

    kpi = models.CharField(max_length=16)
    municipality = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    gender = models.CharField(max_length=1, default="T")
    value = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    status = models.CharField(max_length=32, blank=True, default="")
    count = models.IntegerField(null=True, blank=True)
    page = models.ForeignKey(KoladaPage, on_delete=models.PROTECT, related_name="values")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kpi", "municipality", "year", "gender"],
                                               name="key_figure_value_key")]


class KoladaPeerGroup(models.Model):
    """An RKA peer group ("Liknande kommuner IFO, Höör, 2024") of a municipality, with its members."""

    group_id = models.CharField(max_length=16, primary_key=True)
    kind = models.CharField(max_length=32)
    municipality = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    members = models.JSONField(default=list)  # municipality codes


class KoladaHome(models.Model):
    """The home municipality whose figures the reports show (one row, id 1)."""

    municipality = models.CharField(max_length=8)
    name = models.CharField(max_length=255, blank=True, default="")
    set_at = models.DateTimeField(auto_now=True)

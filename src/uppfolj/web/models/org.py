"""Organisation and activity trees, and the report template's account-group rows."""

from django.db import models

from uppfolj.core.choices import TreeKind


class OrgUnit(models.Model):
    """A unit of the organisation tree (over cost centres) or of the activity tree."""

    tree = models.CharField(max_length=16, choices=TreeKind.choices())
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveIntegerField()  # pre-order position in the file
    level = models.PositiveIntegerField(default=0)
    patterns = models.TextField(blank=True, default="")  # ansvar / verksamhet code patterns

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tree", "code"], name="orgunit_tree_code")]
        ordering = ["tree", "position"]
        verbose_name = "enhet"
        verbose_name_plural = "enheter"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TemplateRow(models.Model):
    """A row of the report template (account group), over Kommun-Bas 13 accounts."""

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveIntegerField()
    patterns = models.TextField(blank=True, default="")  # konton
    varav = models.BooleanField(default=False)  # an "of which" row, not added into its parent

    class Meta:
        ordering = ["position"]
        verbose_name = "rapportrad"
        verbose_name_plural = "rapportrader"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

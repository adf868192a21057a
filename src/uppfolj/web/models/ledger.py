"""Ledger rows, their monthly balances, budgets and master data. Amounts are öre (ledger sign)."""

from django.db import models


class Account(models.Model):
    """An account of the chart (konto), named by SIE #KONTO or by hand."""

    code = models.CharField(max_length=32, primary_key=True)
    name = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        verbose_name = "konto"
        verbose_name_plural = "konton"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DimensionObject(models.Model):
    """A named object of a ledger dimension (ansvar, verksamhet, projekt), from SIE #OBJEKT."""

    dimension = models.CharField(max_length=16)
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="dimobject_dim_code")]


class MonthAmount(models.Model):
    """The keys every fact table shares: a month, the ledger's dimensions, an amount in öre."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    cost_centre = models.CharField(max_length=64, blank=True, default="")  # ansvar
    account = models.CharField(max_length=32)  # konto
    activity = models.CharField(max_length=64, blank=True, default="")  # verksamhet
    project = models.CharField(max_length=64, blank=True, default="")  # projekt
    amount = models.BigIntegerField()  # öre, ledger sign

    class Meta:
        abstract = True


class LedgerRow(MonthAmount):
    """One ledger row (utfall), kept for drill-down. No database foreign keys: this is a fact table."""

    voucher = models.CharField(max_length=64, blank=True, default="")  # verifikation
    text = models.CharField(max_length=255, blank=True, default="")
    date = models.DateField(null=True, blank=True)
    import_id = models.BigIntegerField(default=0)
    flagged = models.BooleanField(default=False)  # text looks like a personnummer

    class Meta:
        indexes = [
            models.Index(fields=["year", "month", "cost_centre"], name="ledger_scope"),
            # Reports look for texts that resemble a personnummer; they are rare, so a partial
            # index finds them without scanning millions of rows.
            models.Index(
                fields=["year", "month", "cost_centre"], name="ledger_flagged", condition=models.Q(flagged=True)
            ),
        ]


class MonthlyBalance(MonthAmount):
    """Ledger rows summed per month and dimensions; the reports aggregate over these."""

    rows = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["year", "cost_centre", "account", "month", "activity", "amount"], name="balance_report"
            ),
            models.Index(fields=["year", "month", "cost_centre"], name="balance_scope"),
        ]


class BudgetLine(MonthAmount):
    """One month of budget per cost centre, account and dimensions."""

    import_id = models.BigIntegerField(default=0)

    class Meta:
        # With the amount, the report's sums are read from the index alone (a third of the time
        # at ten years of a large city's budget; bench/RESULTS.md, "Ten years on PostgreSQL").
        indexes = [models.Index(fields=["year", "cost_centre", "account", "month", "amount"], name="budget_report")]

"""Who may do what (roles and their units), personal API tokens, and the monthly workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from uppfolj.core.choices import PeriodState, TreeKind, UnitState
from uppfolj.web.models.org import OrgUnit


class Role(models.TextChoices):
    CONTROLLER = "controller", "Ekonom (controller)"
    BUDGET_HOLDER = "budget_holder", "Budgetansvarig"
    READER = "reader", "Läsare (nämnd, ledning)"
    ADMINISTRATOR = "administrator", "Systemförvaltare"


class UserRole(models.Model):
    """A user's role; a budget holder's units (each with everything below it)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uppfolj_role")
    role = models.CharField(max_length=16, choices=Role.choices)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="holders",
                                   limit_choices_to={"tree": "organisation"})
    # An initial password was given (import with initial passwords): it must be changed at the
    # next login before any other page is shown (see `web.passwords`).
    must_change_password = models.BooleanField(default=False)

    class Meta:
        verbose_name = "roll"
        verbose_name_plural = "roller"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 hash is stored, the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-nyckel"
        verbose_name_plural = "API-nycklar"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class LoginLink(models.Model):
    """A one-time login link: its token is signed with a timestamp (see `web.domain.users`) and
    only the SHA-256 hash of its random key is kept. Used once to choose a password; a new link
    for the same user replaces the unused ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_links")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "engångslänk"
        verbose_name_plural = "engångslänkar"

    def __str__(self) -> str:
        return f"{self.user} ({self.expires_at:%Y-%m-%d %H:%M})"


class Period(models.Model):
    """A follow-up month: open for forecasts and texts, or locked; with its deadline."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    # A month without a row was never opened; a stored period is open or locked.
    state = models.CharField(max_length=8, choices=[(s.value, s.label) for s in (PeriodState.OPEN, PeriodState.LOCKED)],
                             default=PeriodState.OPEN)
    deadline = models.DateField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True, default="")  # why a locked month was opened again

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="period_key")]
        ordering = ["-year", "-month"]
        verbose_name = "period"
        verbose_name_plural = "perioder"

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class PeriodSnapshot(models.Model):
    """A locked month's result as published (one per tree): every format serves it unchanged.

    `data` is the period result encoded as JSON (msgspec) and compressed; see
    `web.domain.snapshots`.
    """

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    tree = models.CharField(max_length=16, choices=TreeKind.choices())
    locked_at = models.DateTimeField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "tree"], name="periodsnapshot_key")]
        verbose_name = "låst rapport"
        verbose_name_plural = "låsta rapporter"


class UnitStatus(models.Model):
    """Where one unit's follow-up of a month stands; `version` grows with every change."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=16, choices=UnitState.choices(), default=UnitState.NOT_STARTED)
    comment = models.TextField(blank=True, default="")  # the controller's comment when returning
    remainder = models.TextField(blank=True, default="")  # why the reasons do not add up (rest)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month", "unit"], name="unitstatus_key")]
        verbose_name = "enhetsstatus"
        verbose_name_plural = "enhetsstatus"

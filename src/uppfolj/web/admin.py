"""Django admin for the administrator: users, roles, tokens and master data; never the figures.

The trees, the template and the periods are shown read-only: they change through imports (which
validate them) and through the workflow (which writes the audit trail), never by hand here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from uppfolj.web.models import (
    Account,
    ApiToken,
    DimensionObject,
    OrgUnit,
    Period,
    TemplateRow,
    UserRole,
)

admin.site.site_header = "Uppföljning – administration"
admin.site.site_title = "Uppföljning"


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "role")
    list_filter = ("role",)
    filter_horizontal = ("units",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("prefix", "user", "name", "created_at", "last_used_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are created by their owner, who sees the key once


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "tree", "parent", "patterns")
    list_filter = ("tree",)
    search_fields = ("code", "name")


@admin.register(TemplateRow)
class TemplateRowAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "parent", "patterns", "varav")


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ("year", "month", "state", "deadline", "locked_at")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(DimensionObject)
class DimensionObjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("dimension", "code", "name")
    list_filter = ("dimension",)
    search_fields = ("code", "name")

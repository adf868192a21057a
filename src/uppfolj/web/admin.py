"""Django admin for the administrator: users, roles, tokens and master data; never the figures."""

from __future__ import annotations

from django.contrib import admin

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


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "role")
    list_filter = ("role",)
    filter_horizontal = ("units",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("prefix", "user", "name", "created_at", "last_used_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "tree", "parent", "patterns")
    list_filter = ("tree",)
    search_fields = ("code", "name")


admin.site.register(TemplateRow)
admin.site.register(Account)
admin.site.register(DimensionObject)
admin.site.register(Period)

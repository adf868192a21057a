"""URL configuration; the web views are added by the web application (issue 6)."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]

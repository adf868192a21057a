"""Django app configuration."""

from django.apps import AppConfig


class UppfoljConfig(AppConfig):
    name = "uppfolj.web"
    label = "uppfolj"
    verbose_name = "Uppföljning"
    default_auto_field = "django.db.models.BigAutoField"

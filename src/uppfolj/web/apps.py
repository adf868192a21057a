"""Django app configuration."""

from django.apps import AppConfig


class UppfoljConfig(AppConfig):
    name = "uppfolj.web"
    label = "uppfolj"
    verbose_name = "Uppföljning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the audit receivers (users, roles, master data) once every model is loaded.
        # Django documents ready() as the place for this: importing them from the models
        # package instead made a circle models → signals → domain.audit → models.
        from uppfolj.web import passwords, signals  # noqa: F401, PLC0415 - apps.py loads before the models exist

"""The Django application: storage, services, web views (one app, layered inside)."""

"""uppfolj: budget follow-up and forecasting for Swedish municipal social services."""

__version__ = "0.1.0"

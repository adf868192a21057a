"""SIE 4 reader (types 1-4, 4E and 4I): streaming, exact öre, verification as data."""

from uppfolj.ingest.sie.api import SieData, read_sie, refuse_if_strict
from uppfolj.ingest.sie.model import DEFAULT_DIMENSIONS, SieInfo
from uppfolj.ingest.sie.parser import SieReader

__all__ = ["DEFAULT_DIMENSIONS", "SieData", "SieInfo", "SieReader", "read_sie", "refuse_if_strict"]

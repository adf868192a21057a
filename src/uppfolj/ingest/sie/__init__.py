"""SIE 4 reader (types 1-4, 4E and 4I): streaming, exact öre, verification as data."""

from uppfolj.ingest.sie.model import DEFAULT_DIMENSIONS, SieInfo
from uppfolj.ingest.sie.parser import SieReader, read_sie

__all__ = ["DEFAULT_DIMENSIONS", "SieInfo", "SieReader", "read_sie"]

"""The one exception hierarchy of geoincidents.

Every error the library raises on purpose derives from :class:`GeoIncidentsError`, so callers
can catch the library's failures without catching their own bugs. Errors about user input name
the row and the field they are about.
"""

from __future__ import annotations

__all__ = [
    "GeoIncidentsError",
    "DataError",
    "InputError",
    "CRSError",
    "GeocoderError",
]


class GeoIncidentsError(Exception):
    """Base class of every error geoincidents raises."""


class DataError(GeoIncidentsError):
    """The bundled or user-supplied reference data is missing, stale or inconsistent."""


class InputError(GeoIncidentsError, ValueError):
    """User input cannot be used as given.

    ``row`` is the 0-based position of the offending row (or ``None`` when the problem is
    not tied to one row) and ``field`` the column or argument name.
    """

    def __init__(self, message: str, *, row: int | None = None, field: str | None = None):
        self.row = row
        self.field = field
        where = []
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)
        self.message = message


class CRSError(InputError):
    """A geometry column has no CRS, or one that cannot be transformed to EPSG:4326."""


class GeocoderError(GeoIncidentsError):
    """A geocoder (the offline gazetteer or an opt-in online fallback) failed."""

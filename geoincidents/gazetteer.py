"""Place-name resolution: the :class:`Gazetteer` and its :class:`Resolution` value type.

(Engine to be filled in by the gazetteer issue; the value type and entry points are the
interface contract other modules and tools script against.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from .precision import Precision

__all__ = ["Gazetteer", "Resolution", "Candidate", "RESOLVE_JSON_KEYS"]

Status = Literal["resolved", "ambiguous", "unresolved"]

#: The keys of ``Resolution.to_dict()``, in order: the CLI's ``resolve --json`` contract.
RESOLVE_JSON_KEYS = (
    "query", "status", "name", "feature_type", "lat", "lon", "geometry",
    "admin1_code", "admin1_name", "admin2_code", "admin2_name", "admin3_code", "admin3_name",
    "disputed", "score", "method", "precision", "source", "alternatives",
)


@dataclass(frozen=True)
class Candidate:
    """A possible answer for a query, as listed in ``Resolution.alternatives``."""

    name: str
    feature_type: str
    score: float
    source: str
    lat: float | None = None
    lon: float | None = None
    admin1_name: str | None = None
    admin2_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "feature_type": self.feature_type, "score": round(self.score, 4),
            "source": self.source, "lat": self.lat, "lon": self.lon,
            "admin1_name": self.admin1_name, "admin2_name": self.admin2_name,
        }


@dataclass(frozen=True)
class Resolution:
    """The answer to one place query.

    ``status`` is ``"resolved"`` (one answer), ``"ambiguous"`` (several answers too close to
    choose; ``name``/``geometry`` hold the best, ``alternatives`` the others) or
    ``"unresolved"`` (no answer; ``alternatives`` holds the best candidates, if any).
    ``source`` names the dataset and record id, e.g. ``"wof:421188277"`` or ``"ocha:IQG13Q01"``.
    """

    query: str
    status: Status
    name: str | None = None
    geometry: BaseGeometry | None = None
    feature_type: str | None = None
    admin1_code: str | None = None
    admin1_name: str | None = None
    admin2_code: str | None = None
    admin2_name: str | None = None
    admin3_code: str | None = None
    admin3_name: str | None = None
    disputed: bool | None = None
    score: float = 0.0
    method: str | None = None
    precision: Precision = Precision.UNKNOWN
    source: str | None = None
    alternatives: tuple[Candidate, ...] = field(default_factory=tuple)
    country: str | None = None
    uncertainty_km: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "resolved"

    @property
    def point(self) -> BaseGeometry | None:
        """A representative point that lies on the geometry (not a centroid off a line)."""
        if self.geometry is None or self.geometry.is_empty:
            return None
        if self.geometry.geom_type == "Point":
            return self.geometry
        return shapely.point_on_surface(self.geometry)

    @property
    def lat(self) -> float | None:
        p = self.point
        return None if p is None else round(p.y, 6)

    @property
    def lon(self) -> float | None:
        p = self.point
        return None if p is None else round(p.x, 6)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``geoincidents resolve --json`` (keys in :data:`RESOLVE_JSON_KEYS`)."""
        return {
            "query": self.query,
            "status": self.status,
            "name": self.name,
            "feature_type": self.feature_type,
            "lat": self.lat,
            "lon": self.lon,
            "geometry": None if self.geometry is None else shapely.geometry.mapping(self.geometry),
            "admin1_code": self.admin1_code,
            "admin1_name": self.admin1_name,
            "admin2_code": self.admin2_code,
            "admin2_name": self.admin2_name,
            "admin3_code": self.admin3_code,
            "admin3_name": self.admin3_name,
            "disputed": self.disputed,
            "score": round(float(self.score), 4),
            "method": self.method,
            "precision": str(self.precision),
            "source": self.source,
            "alternatives": [c.to_dict() for c in self.alternatives],
        }


class Gazetteer:
    """Offline place-name resolver over the bundled (or a user's) gazetteer data."""

    @classmethod
    def default(cls) -> Gazetteer:
        raise NotImplementedError("gazetteer engine: issue 3")

    def resolve(self, name: str, *, within: str | None = None, feature_types=None) -> Resolution:
        raise NotImplementedError("gazetteer engine: issue 3")

    def resolve_many(self, names, *, within=None, progress: bool = True):
        raise NotImplementedError("gazetteer engine: issue 3")

"""geopy integration: the gazetteer as a geopy geocoder, with an opt-in online fallback.

This module owns :class:`OfflineGazetteer`, a ``geopy.geocoders.base.Geocoder`` subclass, so
tools written against geopy (``geocode(query)``, ``reverse("lat, lon")``,
``geopy.extra.rate_limiter.RateLimiter``) use the bundled data unchanged and offline. Each
returned ``geopy.Location`` carries ``raw = Resolution.to_dict()`` (keys
:data:`geoincidents.gazetteer.RESOLVE_JSON_KEYS`).

The fallback chain is **off by default**. Pass ``fallback=`` any geopy geocoder (e.g.
``Nominatim(user_agent=...)``) to ask it about names the gazetteer cannot resolve; calls go
through ``RateLimiter`` (``min_delay_seconds``) and answers, including "not found", are kept
in a persistent SQLite cache (``cache_path``, stdlib :mod:`sqlite3`), so a name is asked
online at most once. Fallback answers carry ``method="fallback"``, ``source="geopy:<class>"``
and precision ``locality`` in ``raw``; failures of the online service raise
:class:`~geoincidents.errors.GeocoderError`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import shapely
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point as GeopyPoint

from .errors import GeocoderError, InputError
from .gazetteer import Gazetteer, Resolution
from .precision import Precision

__all__ = ["OfflineGazetteer", "GeocodeCache"]


class GeocodeCache:
    """A persistent query -> answer cache in one SQLite file (thread-safe, stdlib only)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS geocode (geocoder TEXT, query TEXT, answer TEXT, "
                "stored REAL, PRIMARY KEY (geocoder, query))"
            )
            self._db.commit()
        except sqlite3.Error as exc:
            raise GeocoderError(f"cannot open geocode cache {self.path}: {exc}") from exc

    _MISSING = object()

    def get(self, geocoder: str, query: str):
        """The cached answer (a dict, or ``None`` for a cached miss), or :attr:`_MISSING`."""
        with self._lock:
            row = self._db.execute(
                "SELECT answer FROM geocode WHERE geocoder = ? AND query = ?", (geocoder, query)
            ).fetchone()
        if row is None:
            return self._MISSING
        return json.loads(row[0])

    def put(self, geocoder: str, query: str, answer: dict | None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO geocode VALUES (?, ?, ?, ?)",
                (geocoder, query, json.dumps(answer, ensure_ascii=False), time.time()),
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM geocode").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class OfflineGazetteer(Geocoder):
    """A geopy geocoder answering from a :class:`~geoincidents.gazetteer.Gazetteer`.

    ``gazetteer`` defaults to ``Gazetteer.default()``. ``within`` is a default admin context
    for every query. ``accept_ambiguous`` decides whether an ``ambiguous`` answer is returned
    (default ``True``: the best candidate, with ``raw["status"] == "ambiguous"``) or treated as
    not found. ``fallback``/``cache_path``/``min_delay_seconds`` configure the opt-in online
    fallback described in the module docstring.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        within: str | None = None,
        accept_ambiguous: bool = True,
        fallback: Geocoder | None = None,
        cache_path: str | Path | None = None,
        min_delay_seconds: float = 1.0,
        user_agent: str = "geoincidents",
    ):
        super().__init__(user_agent=user_agent)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        if within is not None:
            self.gazetteer._context(within)  # validate early: unknown area -> InputError
        self.within = within
        self.accept_ambiguous = bool(accept_ambiguous)
        if fallback is not None and not isinstance(fallback, Geocoder):
            raise InputError("fallback must be a geopy Geocoder instance", field="fallback")
        self.fallback = fallback
        self._fallback_geocode = (
            RateLimiter(fallback.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                        swallow_exceptions=False)
            if fallback is not None else None
        )
        self.cache = GeocodeCache(cache_path) if (fallback is not None and cache_path is not None) else None

    # geopy's API: geocode(query, exactly_one=True, timeout=...) -> Location | list | None
    def geocode(self, query: str, *, exactly_one: bool = True, within: str | None = None,
                timeout: Any = None, **kwargs) -> Location | list[Location] | None:
        """Resolve ``query``; a ``Location`` (or a list with ``exactly_one=False``) or ``None``."""
        if not isinstance(query, str):
            raise InputError(f"query must be a str, got {type(query).__name__}", field="query")
        ctx = within if within is not None else self.within
        res = self.gazetteer.resolve(query, within=ctx)
        ok = res.status == "resolved" or (res.status == "ambiguous" and self.accept_ambiguous)
        if ok:
            loc = _location(res)
            if exactly_one:
                return loc
            others = [
                _location(self.gazetteer.entity(c.source))
                for c in res.alternatives if c.source and not c.source.startswith("composite:")
            ]
            return [loc, *others]
        if self._fallback_geocode is not None:
            loc = self._ask_fallback(query)
            if loc is not None:
                return loc if exactly_one else [loc]
        return None if exactly_one else []

    def reverse(self, query, *, exactly_one: bool = True, max_km: float | None = None,
                timeout: Any = None, **kwargs) -> Location | list[Location] | None:
        """The nearest named place to ``query`` ("lat, lon", a (lat, lon) pair or geopy Point)."""
        try:
            p = query if isinstance(query, GeopyPoint) else GeopyPoint(query)
        except (ValueError, TypeError) as exc:
            raise InputError(f"cannot read a point from {query!r}: {exc}", field="query") from None
        res = self.gazetteer.reverse((p.latitude, p.longitude), max_km=max_km)
        if res.status != "resolved":
            return None if exactly_one else []
        loc = _location(res)
        return loc if exactly_one else [loc]

    def _ask_fallback(self, query: str) -> Location | None:
        name = type(self.fallback).__name__
        if self.cache is not None:
            hit = self.cache.get(name, query)
            if hit is not GeocodeCache._MISSING:
                return None if hit is None else _location_from_dict(hit)
        try:
            found = self._fallback_geocode(query)  # type: ignore[misc]
        except GeopyError as exc:
            raise GeocoderError(f"fallback geocoder {name} failed for {query!r}: {exc}") from exc
        if isinstance(found, list):
            found = found[0] if found else None
        answer = None
        if found is not None:
            res = Resolution(
                query=query, status="resolved", name=str(found.address),
                geometry=shapely.Point(found.longitude, found.latitude), feature_type="locality",
                score=0.5, method="fallback", precision=Precision.LOCALITY, source=f"geopy:{name}",
            )
            answer = json.loads(json.dumps(res.to_dict()))  # the same shape a cache hit gives
        if self.cache is not None:
            self.cache.put(name, query, answer)
        return None if answer is None else _location_from_dict(answer)


def _location(res: Resolution) -> Location:
    raw = res.to_dict()
    return Location(res.name or res.query, (res.lat, res.lon), raw)


def _location_from_dict(raw: dict) -> Location:
    return Location(raw.get("name") or raw.get("query") or "", (raw["lat"], raw["lon"]), raw)

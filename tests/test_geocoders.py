"""geopy integration (geoincidents.geocoders): offline answers and the opt-in cached fallback.

The fallback is exercised with a local geopy Geocoder subclass defined here: no network.
"""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geoincidents import GeocoderError, InputError
from geoincidents.gazetteer import RESOLVE_JSON_KEYS, Gazetteer
from geoincidents.geocoders import GeocodeCache, OfflineGazetteer


class CountingGeocoder(Geocoder):
    """A stand-in online geocoder that knows one place and counts calls."""

    def __init__(self, fail: bool = False):
        super().__init__(user_agent="test")
        self.calls: list[str] = []
        self.fail = fail

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append(query)
        if self.fail:
            raise GeocoderServiceError("service down")
        if query == "Atlantis Street 1":
            return Location("Atlantis Street 1, Somewhere", (33.0, 44.0), {"id": 1})
        return None


def test_geocode_returns_location_with_resolution_raw():
    geo = OfflineGazetteer()
    loc = geo.geocode("Tooz Khormato")
    assert isinstance(loc, Location)
    assert tuple(loc.raw) == RESOLVE_JSON_KEYS
    r = Gazetteer.default().resolve("Tooz Khormato")
    assert (loc.latitude, loc.longitude) == (r.lat, r.lon)
    assert loc.raw["source"] == r.source
    assert geo.geocode("Xyzzyqwerty") is None
    many = geo.geocode("Sinjar", exactly_one=False)
    assert isinstance(many, list) and len(many) >= 2
    assert many[0].raw["source"] == geo.geocode("Sinjar").raw["source"]
    assert len({m.raw["source"] for m in many}) == len(many)


def test_geocode_with_context_and_rate_limiter_wrapper():
    geo = OfflineGazetteer(within="Kirkuk")
    assert geo.geocode("Riyadh").raw["admin1_code"] == "IQG13"
    limited = RateLimiter(OfflineGazetteer().geocode, min_delay_seconds=0)
    assert limited("Hawler").raw["status"] == "resolved"
    with pytest.raises(InputError):
        OfflineGazetteer(within="Atlantis Nowhere Land")
    with pytest.raises(InputError):
        OfflineGazetteer().geocode(42)  # type: ignore[arg-type]


def test_reverse():
    geo = OfflineGazetteer()
    loc = geo.reverse("34.89, 44.63")
    assert loc.raw["admin1_code"] == "IQG16" and loc.raw["feature_type"] == "locality"
    assert geo.reverse((34.89, 44.63)).raw["source"] == loc.raw["source"]
    assert geo.reverse("0, 0", max_km=20) is None
    with pytest.raises(InputError):
        geo.reverse("not a point")


def test_fallback_is_off_by_default_and_cached(tmp_path):
    online = CountingGeocoder()
    cache = tmp_path / "geocode.sqlite"
    geo = OfflineGazetteer(fallback=online, cache_path=cache, min_delay_seconds=0)
    # Offline answers never reach the fallback.
    assert geo.geocode("Kirkuk").raw["method"] != "fallback"
    assert online.calls == []
    loc = geo.geocode("Atlantis Street 1")
    assert loc.raw["method"] == "fallback" and loc.raw["source"] == "geopy:CountingGeocoder"
    assert (loc.latitude, loc.longitude) == (33.0, 44.0)
    assert geo.geocode("Atlantis Street 1").raw == loc.raw
    assert geo.geocode("Nowhere Lane") is None and geo.geocode("Nowhere Lane") is None
    assert online.calls == ["Atlantis Street 1", "Nowhere Lane"]  # each asked once
    # Persistent: a new geocoder over the same file asks nobody.
    online2 = CountingGeocoder()
    geo2 = OfflineGazetteer(fallback=online2, cache_path=cache, min_delay_seconds=0)
    assert geo2.geocode("Atlantis Street 1").raw == loc.raw
    assert online2.calls == []
    assert len(GeocodeCache(cache)) == 2


def test_fallback_errors_are_ours():
    geo = OfflineGazetteer(fallback=CountingGeocoder(fail=True), min_delay_seconds=0)
    with pytest.raises(GeocoderError):
        geo.geocode("Atlantis Street 1")
    with pytest.raises(InputError):
        OfflineGazetteer(fallback="nominatim")  # type: ignore[arg-type]

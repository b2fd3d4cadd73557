"""Properties of attribute() for arbitrary points: nothing lost, reordered or renamed."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoincidents.data import load_layer
from geoincidents.join import LOCATION_STATUSES, attribute

_ADM1 = load_layer("adm1").sort_values("adm1_code").reset_index(drop=True)
_VERTICES = np.vstack([
    shapely.get_coordinates(load_layer(k).geometry.values) for k in ("adm1", "adm3", "kri", "disputed")
])

finite_in_region = st.tuples(st.floats(34.0, 50.0), st.floats(27.0, 39.0))
vertex = st.integers(0, len(_VERTICES) - 1).map(lambda i: tuple(_VERTICES[i]))
weird = st.sampled_from([
    (np.nan, 35.0), (44.0, np.nan), (np.inf, 33.0), (44.0, -np.inf), (200.0, 33.0), (44.0, 95.0),
    (-181.0, -91.0), (0.0, 0.0), None, "empty",
])
any_point = st.one_of(finite_in_region, vertex, weird, st.tuples(st.floats(allow_nan=True),
                                                                   st.floats(allow_nan=True)))


def _geom(p):
    if p is None:
        return None
    if p == "empty":
        return shapely.Point()
    return shapely.Point(p)


def _oracle_adm1(geom) -> str | None:
    """Lowest governorate pcode among the polygons the point intersects, by brute force."""
    hits = [c for c, g in zip(_ADM1["adm1_code"], _ADM1.geometry) if g.intersects(geom)]
    return min(hits) if hits else None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_point, min_size=0, max_size=40), st.data())
def test_attribute_preserves_rows_order_ids(points, data):
    # duplicates on purpose: repeat some of the drawn points
    if points:
        extra = data.draw(st.lists(st.integers(0, len(points) - 1), max_size=5))
        points = points + [points[i] for i in extra]
    n = len(points)
    index = data.draw(st.permutations(list(range(100, 100 + n))))
    gdf = gpd.GeoDataFrame(
        {"id": [f"id-{i}" for i in range(n)]},
        geometry=[_geom(p) for p in points], index=index, crs="EPSG:4326",
    )
    out = attribute(gdf, progress=False)
    assert len(out) == n
    assert list(out.index) == list(index)
    assert list(out["id"]) == [f"id-{i}" for i in range(n)]
    assert out["location_status"].notna().all()
    assert set(out["location_status"].astype(str)) <= set(LOCATION_STATUSES)
    for geom, code, status in zip(gdf.geometry, out["adm1_code"].astype(object), out["location_status"]):
        ok = (geom is not None and not geom.is_empty and np.isfinite([geom.x, geom.y]).all()
              and abs(geom.x) <= 180 and abs(geom.y) <= 90)
        if not ok:
            assert status in ("invalid_coordinates", "no_geometry")
            assert code is None or code != code  # NA
            continue
        expected = _oracle_adm1(geom)
        assert (None if code != code else code) == expected
        assert status == ("located" if expected is not None else "outside_coverage")

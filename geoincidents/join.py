"""Attributing incidents to admin units and territories, and counting them per unit and period.

This module owns :func:`attribute` (incidents -> governorate/district/sub-district pcodes,
disputed internal territories, Kurdistan Region) and :func:`aggregate` (counts and casualty sums
per unit and period, with the unit polygons, ready for a choropleth), and :func:`compare_admin`
(the unit assigned here against the source's own coding, e.g. ACLED ``admin1``, with a reason
for every disagreement).

Columns added by :func:`attribute` (:data:`ATTRIBUTE_COLUMNS`; only those of the requested
layers):

==========================  =====================================================================
``adm0_code``               ``"IQ"`` / ``"SY"`` (only when ``"adm0"`` is requested)
``adm1_code, adm1_name``    governorate OCHA pcode and English name (Iraq and Syria)
``adm2_code, adm2_name``    district (qadha / mantika) pcode and name (Iraq and Syria)
``adm3_code, adm3_name``    sub-district (nahiya) pcode and name (Iraq only: Syria has no ADM3
                            in the bundled data, so Syrian rows have NA here)
``disputed``                in the disputed internal territories, core definition (nullable bool)
``disputed_extended``       in the extended definition (core plus Qahtaniya, Badra, Jassan)
``kri``                     in the Kurdistan Region (de jure governorates Duhok, Erbil, Sulaymaniyah)
``adm1_codes, adm1_shares`` for non-point geometries: every unit the geometry touches, largest
``adm2_codes, adm2_shares`` share first, ``|``-joined; shares are fractions of the geometry's
``adm3_codes, adm3_shares`` geodesic length (lines), area (polygons; measured in a Lambert
                            equal-area projection, so the ratios are exact) or point count
                            (multipoints), rounded to 4 decimals. A line running along a shared
                            boundary counts for both units, so shares may then sum to more than 1.
                            NA for points (a point has exactly one unit).
``disputed_share``,         fraction of the geometry inside each territory (NaN for points of
``disputed_extended_share``,  point-like precision; for a point standing for a whole unit, e.g.
``kri_share``               an ACLED ``geo_precision`` 3 point, the share of that unit's area)
``location_status``         ``located``, ``outside_coverage`` (valid geometry outside Iraq and
                            Syria), ``no_geometry``, ``invalid_coordinates`` (NaN/inf/out-of-range
                            coordinates, or flagged so by :func:`~geoincidents.read_incidents`) or
                            ``unresolved`` (a place name the gazetteer could not resolve)
==========================  =====================================================================

Rules (all deterministic):

* **Shared boundaries.** A point on the boundary of several units gets the lowest pcode among
  the units it intersects (the rule the bundled data build uses for places), independently per
  layer, exactly as a ``geopandas.sjoin(predicate="intersects")`` followed by taking the lowest
  code would.
* **Precision.** A location is attributed only down to the level its precision supports: a
  point of precision ``exact``/``locality``/``near``/``unknown`` gets ADM1-3; ``adm3`` gets ADM1-3;
  ``adm2`` gets ADM1-2 (a UCDP ``where_prec`` 3 point is a district centroid, not a sub-district
  observation); ``adm1``, ``linear`` and ``area`` get ADM1 only; ``region``, ``country`` and
  ``international`` get none. The level columns above that are left NA. A non-point geometry
  lying wholly (share >= 0.999) inside one unit still gets that unit at every level.
* **Non-point geometries** (a range crossing three governorates, a road, a province polygon) get
  the ``*_codes``/``*_shares`` lists and one primary unit per level: the unit named by the
  gazetteer's resolution (``resolved_admin1_code`` etc., e.g. "Hamrin Mountains, Saladin
  province" -> IQG16) when the geometry touches it, else the largest share (ties: lowest pcode).
  ``disputed``/``disputed_extended``/``kri`` are True when the geometry has any positive share
  inside the territory; the ``*_share`` columns say how much.
* **Points of coarse precision** (``adm1``/``adm2``/``adm3``/``linear``/``area``) stand for their
  finest attributed unit for the territory flags: ``disputed`` is True when that unit has a
  positive share of its area in the territory (so an ADM1-precision event in Ninewa counts as
  touching the disputed territories, with ``disputed_share`` saying how much of Ninewa is).
* Input order, row count, index and every input column are preserved; rows that cannot be
  located keep NA codes and say why in ``location_status``. Any CRS is reprojected to EPSG:4326;
  a frame without a CRS raises :class:`~geoincidents.errors.CRSError` unless ``crs=`` says what
  it is.

Unit code and name columns and the ``*_codes``/``*_shares`` lists are pandas ``Categorical``
(1-2 bytes per row, so 5 M incidents fit in memory; compare them with strings as usual, or
``.astype(str)``/``.astype(object)`` for plain values); the territory flags are nullable
``boolean``; the ``*_share`` columns ``float32``. Columns that come out entirely missing (the
``*_codes``/``*_shares`` lists of a frame without lines or polygons; the ``*_share`` columns
when there are no coarse points either) share one array copy-on-write: pandas copies it on
the first write, so they behave as separate columns.

The point core is vectorised: see :mod:`geoincidents._grid` (array lookup in a cached grid of
~1 km cells; exact shapely tests only for points in cells a boundary crosses).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from tqdm.auto import tqdm

from . import _grid
from .data import load_layer
from .errors import CRSError, InputError
from .precision import Precision

__all__ = [
    "attribute",
    "aggregate",
    "ATTRIBUTE_COLUMNS",
    "LOCATION_STATUSES",
    "DEFAULT_LAYERS",
    "UNIT_LEVELS",
    "compare_admin",
    "compare_admin_summary",
    "source_admin_column",
    "COMPARE_REASONS",
    "COMPARE_COLUMNS",
]

#: The default layers of :func:`attribute`.
DEFAULT_LAYERS = ("adm1", "adm2", "adm3", "disputed", "kri")
#: Layer names :func:`attribute` accepts (``"disputed"`` gives both disputed columns).
KNOWN_LAYERS = ("adm0", "adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
ADMIN_LEVELS = ("adm1", "adm2", "adm3")
TERRITORIES = ("disputed", "disputed_extended", "kri")
#: Units :func:`aggregate` can count by.
UNIT_LEVELS = ("adm1", "adm2", "adm3") + TERRITORIES
#: Every column :func:`attribute` may add, in order.
ATTRIBUTE_COLUMNS = (
    "adm0_code",
    "adm1_code", "adm1_name", "adm2_code", "adm2_name", "adm3_code", "adm3_name",
    "disputed", "disputed_extended", "kri",
    "adm1_codes", "adm1_shares", "adm2_codes", "adm2_shares", "adm3_codes", "adm3_shares",
    "disputed_share", "disputed_extended_share", "kri_share",
    "location_status",
)
LOCATION_STATUSES = ("located", "outside_coverage", "no_geometry", "invalid_coordinates", "unresolved")

_GEOD = Geod(ellps="WGS84")
_WGS84 = CRS.from_epsg(4326)  # built once: parsing "EPSG:4326" costs ~20 ms per call
# Lambert azimuthal equal-area centred on the Iraq/Syria region: area shares are exact ratios
_EQUAL_AREA = Transformer.from_crs(
    _WGS84, CRS.from_proj4("+proj=laea +lat_0=34 +lon_0=42 +datum=WGS84 +units=m"), always_xy=True
)
_WHOLLY = 0.999

# deepest admin level a precision supports (0 = none); see the module docstring
_MAX_LEVEL = {
    Precision.EXACT: 3, Precision.LOCALITY: 3, Precision.NEAR: 3, Precision.UNKNOWN: 3,
    Precision.ADM3: 3, Precision.ADM2: 2, Precision.ADM1: 1, Precision.LINEAR: 1,
    Precision.AREA: 1, Precision.REGION: 0, Precision.COUNTRY: 0, Precision.INTERNATIONAL: 0,
}


# --------------------------------------------------------------------------- layers


class _UserLayer:
    """A user polygon layer given as ``{name: GeoDataFrame}`` (exact tests, no grid)."""

    def __init__(self, name: str, gdf: gpd.GeoDataFrame):
        code_col = f"{name}_code"
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise InputError(f"user layer {name!r} must be a GeoDataFrame", field="layers")
        if code_col not in gdf.columns:
            raise InputError(f"user layer {name!r} needs a {code_col!r} column", field=code_col)
        if gdf.crs is None:
            raise CRSError(f"user layer {name!r} has no CRS", field="layers")
        gdf = gdf.to_crs("EPSG:4326")
        geoms = gdf.geometry.to_numpy()
        bad = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
        if bad.any():
            rows = np.flatnonzero(bad)
            warnings.warn(
                f"user layer {name!r}: {len(rows)} invalid polygon(s) repaired with make_valid "
                f"(rows {rows[:10].tolist()})",
                stacklevel=3,
            )
            geoms = geoms.copy()
            geoms[bad] = _polygonal(shapely.make_valid(geoms[bad]))
        names = gdf[f"{name}_name"] if f"{name}_name" in gdf.columns else gdf[code_col]
        keep = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
        self.name = name
        self.index = _grid.user_layer_index(
            name, gdf[code_col].astype(str).to_numpy()[keep], names.astype(str).to_numpy()[keep],
            geoms[keep],
        )


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    out = geoms.copy()
    for i, g in enumerate(geoms):
        if g is not None and g.geom_type == "GeometryCollection":
            parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
            out[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    return out


def _parse_layers(layers) -> tuple[list[str], dict[str, _UserLayer]]:
    if isinstance(layers, str):
        layers = tuple(x.strip() for x in layers.split(",") if x.strip())
    if isinstance(layers, Mapping):
        layers = list(layers.items())
    if not isinstance(layers, Iterable):
        raise InputError(f"layers must be a sequence of layer names, got {layers!r}", field="layers")
    builtin: list[str] = []
    user: dict[str, _UserLayer] = {}
    for item in layers:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], gpd.GeoDataFrame):
            user[str(item[0])] = _UserLayer(str(item[0]), item[1])
        elif item in KNOWN_LAYERS:
            if item not in builtin:
                builtin.append(item)
        else:
            raise InputError(
                f"unknown layer {item!r}; expected some of {list(KNOWN_LAYERS)} or "
                "(name, GeoDataFrame) pairs",
                field="layers",
            )
    if not builtin and not user:
        raise InputError("no layers requested", field="layers")
    if "disputed" in builtin and "disputed_extended" not in builtin:
        builtin.append("disputed_extended")
    return builtin, user


@lru_cache(maxsize=1)
def _unit_territory_shares() -> dict[str, dict[str, np.ndarray]]:
    """Per admin unit (in LayerIndex order), the share of its area in each territory."""
    out: dict[str, dict[str, np.ndarray]] = {}
    terr = {t: _grid.layer_index(t).geoms[0] for t in TERRITORIES}
    for level in ADMIN_LEVELS:
        geoms = _grid.layer_index(level).geoms
        area = _measures(geoms, 2)
        out[level] = {}
        for t, tg in terr.items():
            share = _measures(shapely.intersection(geoms, tg), 2) / area
            out[level][t] = np.clip(share, 0.0, 1.0)
    return out


# --------------------------------------------------------------------------- measures


def _dim(geom) -> int:
    """2 polygonal, 1 lineal, 0 puntal (the highest dimension with positive measure)."""
    d = int(shapely.get_dimensions(geom))
    return max(d, 0)


def _to_equal_area(xy: np.ndarray) -> np.ndarray:
    x, y = _EQUAL_AREA.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _measures(geoms: np.ndarray, dim: int) -> np.ndarray:
    """Measure of each geometry's ``dim``-dimensional parts: m² (polygons: area in a Lambert
    equal-area projection, so ratios are exact), m (lines: geodesic length), or point count."""
    geoms = np.asarray(geoms, dtype=object)
    if dim == 2:
        return shapely.area(shapely.transform(geoms, _to_equal_area))
    out = np.zeros(len(geoms))
    for k, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        parts = shapely.get_parts(g)
        if dim == 1:
            out[k] = sum(_GEOD.geometry_length(p) for p in parts
                         if p.geom_type in ("LineString", "MultiLineString", "LinearRing"))
        else:
            out[k] = sum(1 for p in parts if p.geom_type == "Point")
    return out


def _measure(geom, dim: int) -> float:
    return float(_measures(np.array([geom], dtype=object), dim)[0])


def _shares(geom, index: _grid.LayerIndex) -> list[tuple[int, float]]:
    """(unit index, share) for every unit the geometry touches with a positive share."""
    cand = np.sort(index.tree.query(geom, predicate="intersects"))
    if len(cand) == 0:
        return []
    dim = _dim(geom)
    if dim == 2 and not geom.is_valid:
        geom = shapely.make_valid(geom)
    total = _measure(geom, dim)
    if total <= 0:  # degenerate (zero-length line, collapsed polygon): treat like its point
        p = shapely.point_on_surface(geom)
        u = int(index.locate_exact(np.array([p]))[0])
        return [] if u < 0 else [(u, 1.0)]
    parts = shapely.intersection(geom, index.geoms[cand])
    shares = np.minimum(_measures(parts, dim) / total, 1.0)
    out = [(int(u), float(sh)) for u, sh in zip(cand, shares) if sh > 0]
    out.sort(key=lambda t: (-t[1], t[0]))
    return out


# --------------------------------------------------------------------------- attribute


class _PrecisionLevels:
    """Per row, the deepest admin level its ``location_precision`` supports (3 when absent),
    read one block of rows at a time so that no full-length copy of the column is made."""

    def __init__(self, gdf: pd.DataFrame):
        self.column = gdf["location_precision"] if "location_precision" in gdf.columns else None
        self.known: dict[Any, int] = {}

    def __call__(self, start: int, stop: int) -> np.ndarray:
        if self.column is None:
            return np.full(stop - start, 3, dtype=np.int8)
        codes, uniques = pd.factorize(self.column.iloc[start:stop].astype(object),
                                      use_na_sentinel=True)
        table = np.empty(len(uniques) + 1, dtype=np.int8)
        table[-1] = 3  # missing precision: the location is taken as it stands
        for j, value in enumerate(uniques):
            level = self.known.get(value)
            if level is None:
                try:
                    level = _MAX_LEVEL[Precision.parse(value)]
                except InputError:
                    raise InputError(
                        f"unknown precision {value!r}; expected one of {[q.value for q in Precision]}",
                        row=start + int(np.flatnonzero(codes == j)[0]), field="location_precision",
                    ) from None
                self.known[value] = level
            table[j] = level
        return table[codes]  # code -1 picks the last entry


def _prepare_frame(gdf, crs) -> gpd.GeoDataFrame:
    if not isinstance(gdf, pd.DataFrame):
        raise InputError(f"expected a GeoDataFrame of incidents, got {type(gdf).__name__}", field="gdf")
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf._geometry_column_name not in gdf.columns:
        raise InputError(
            "the incidents have no geometry column; use read_incidents(..., lat=, lon=) or "
            "read_incidents(..., place=) first",
            field="geometry",
        )
    if gdf.columns.duplicated().any():
        dup = gdf.columns[gdf.columns.duplicated()][0]
        raise InputError(f"duplicated column {dup!r}", field=str(dup))
    if gdf.crs is None:
        if crs is None:
            raise CRSError(
                "the incidents' geometry has no CRS; pass crs='EPSG:4326' if the coordinates "
                "are longitude/latitude",
                field="geometry",
            )
        gdf = gdf.set_crs(crs)
    if not gdf.crs.equals(_WGS84):
        try:
            gdf = gdf.to_crs(_WGS84)
        except Exception as exc:  # pyproj raises several types; report one clear error
            raise CRSError(f"cannot transform from {gdf.crs} to EPSG:4326: {exc}", field="geometry") from None
    return gdf


def _sparse_text(n: int, values: dict[int, str]) -> pd.Categorical:
    """A categorical column of length n, NA except at ``values``' rows (1 byte per row)."""
    cats = sorted(set(values.values()))
    codes = np.full(n, -1, dtype=_codes_dtype(len(cats)))
    if values:
        pos = {c: k for k, c in enumerate(cats)}
        codes[np.fromiter(values.keys(), dtype=np.int64)] = [pos[v] for v in values.values()]
    return pd.Categorical.from_codes(codes, categories=pd.Index(cats, dtype=object))


def _unit_column(idx: np.ndarray, labels: np.ndarray) -> pd.Categorical:
    """Unit labels for unit indices (-1 -> NA). ``labels`` may repeat (names): categories are
    the distinct labels; with distinct labels (sorted codes) ``idx`` itself is the codes array."""
    labels = labels.astype(str)
    uniq, inv = np.unique(labels, return_inverse=True)
    dtype = _codes_dtype(len(uniq))
    if len(uniq) == len(labels) and (uniq == labels).all():
        codes = idx if idx.dtype == dtype else idx.astype(dtype)
    else:
        table = np.append(inv, -1).astype(dtype)
        codes = table[idx]  # idx -1 picks the appended -1
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniq, dtype=object))


def _codes_dtype(n_categories: int) -> type:
    """The integer type pandas keeps categorical codes in for this many categories (using it
    from the start means ``from_codes`` takes the array as it is, without a converted copy)."""
    if n_categories < np.iinfo(np.int8).max:
        return np.int8
    if n_categories < np.iinfo(np.int16).max:
        return np.int16
    return np.int32


def attribute(
    gdf: gpd.GeoDataFrame,
    layers: Iterable[Any] | Mapping[str, gpd.GeoDataFrame] | str = DEFAULT_LAYERS,
    *,
    crs: Any = None,
    progress: bool = True,
    chunksize: int = 131_072,
):
    """Attribute incidents to admin units, the disputed territories and the Kurdistan Region.

    ``gdf`` is a GeoDataFrame (e.g. from :func:`~geoincidents.read_incidents`) or, with the
    ``dask`` extra, a dask-geopandas GeoDataFrame (processed partition by partition; a dask
    frame is returned). ``layers`` are names from ``("adm0", "adm1", "adm2", "adm3",
    "disputed", "disputed_extended", "kri")`` (``"disputed"`` gives both definitions) and/or
    ``(name, GeoDataFrame)`` pairs of your own polygons with a ``{name}_code`` column (invalid
    polygons are repaired with a warning; columns ``{name}_code``/``{name}_name`` are added).
    ``crs`` is the CRS to assume when the frame has none. Points are looked up ``chunksize`` rows
    at a time, which bounds the temporary arrays (the answers do not depend on it). Returns a
    new frame with the columns described in the module docstring, same index, order and rows.
    """
    # a dask-geopandas frame implies the module is imported: no import (and its cost) otherwise
    dask_geopandas = sys.modules.get("dask_geopandas")
    if dask_geopandas is not None and isinstance(gdf, dask_geopandas.GeoDataFrame):
        return _attribute_dask(gdf, layers, crs=crs)
    if not isinstance(chunksize, (int, np.integer)) or chunksize < 1:
        raise InputError(f"chunksize must be a positive integer, got {chunksize!r}", field="chunksize")
    builtin, user = _parse_layers(layers)
    gdf = _prepare_frame(gdf, crs)
    n = len(gdf)
    added = [c for c in ATTRIBUTE_COLUMNS if c in gdf.columns]
    added += [c for name in user for c in (f"{name}_code", f"{name}_name") if c in gdf.columns]
    out = gdf.drop(columns=added)  # no data copy (copy-on-write)

    # Full-length state is only what becomes output columns, already in the columns' dtypes
    # (unit indices are the categorical codes, flags the boolean values, shares float32), so
    # 5 M rows fit in memory next to their shapely points; everything else lives per block.
    geoms = gdf.geometry.to_numpy()
    levels = _PrecisionLevels(gdf)
    st = {s: np.int8(k) for k, s in enumerate(LOCATION_STATUSES)}
    terrs = [t for t in TERRITORIES if t in builtin]
    unit = {level: np.full(n, -1, dtype=_codes_dtype(len(_grid.layer_index(level).codes)))
            for level in ADMIN_LEVELS + (("adm0",) if "adm0" in builtin else ())}
    inside = {t: np.zeros(n, dtype=bool) for t in terrs}
    # shares exist only for coarse points and shapes: allocated when the first one shows up
    share: dict[str, np.ndarray] = {}
    # territory flags are NA without a usable geometry, or when the precision says nothing
    unknown = np.zeros(n, dtype=bool)
    status = np.empty(n, dtype=np.int8)
    user_unit = {name: np.full(n, -1, dtype=_codes_dtype(len(ul.index.codes)))
                 for name, ul in user.items()}
    # |-joined codes and shares of non-point rows only (row -> text)
    lists: dict[str, dict[int, str]] = {
        k: {} for k in ("adm1", "adm2", "adm3", "adm1_shares", "adm2_shares", "adm3_shares")}
    shapes: list[tuple[int, int]] = []  # (row, deepest level) of usable non-point rows
    grid_layers = [name for name in _grid.GRID_LAYERS if name in ADMIN_LEVELS or name in terrs
                   or name == "adm0"]

    bar = tqdm(total=n, desc="attribute", unit="row", disable=not progress)
    try:
        g = None
        for start in range(0, n, chunksize):
            stop = min(start + chunksize, n)
            block = geoms[start:stop]
            level = levels(start, stop)
            tid = shapely.get_type_id(block)
            has = (tid >= 0) & ~shapely.is_empty(block)  # is_empty(None) is False
            status[start:stop] = np.where(has, st["outside_coverage"], st["no_geometry"])
            unknown[start:stop] = ~has
            n_shapes = len(shapes)
            for k in np.flatnonzero(has & (tid != 0)):
                c = shapely.get_coordinates(block[k])
                if (np.isfinite(c).all() and (np.abs(c[:, 0]) <= 180).all()
                        and (np.abs(c[:, 1]) <= 90).all()):
                    shapes.append((start + int(k), int(level[k])))
                else:
                    status[start + k] = st["invalid_coordinates"]
                    unknown[start + k] = True
            n_shapes = len(shapes) - n_shapes
            k = np.flatnonzero(has & (tid == 0))
            del tid, has
            if len(k):
                pts = block[k]
                x, y = shapely.get_x(pts), shapely.get_y(pts)
                ok = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)
                status[start + k[~ok]] = st["invalid_coordinates"]
                unknown[start + k[~ok]] = True
                if not ok.all():
                    k, pts, x, y = k[ok], pts[ok], x[ok], y[ok]
                if g is None:
                    g = _grid.grid()
                combo = g.lookup(x, y)
                del x, y
                rows = start + k
                level = level[k]
                on_grid = combo >= 0
                for name in grid_layers:
                    j = _grid.GRID_LAYERS.index(name)
                    v = np.full(len(rows), _grid.OUTSIDE, dtype=np.int32)
                    v[on_grid] = g.combos[combo[on_grid], j]
                    fix = np.flatnonzero(v == _grid.BOUNDARY)
                    if len(fix):
                        v[fix] = _grid.layer_index(name).locate_exact(pts[fix])
                    if name in inside:
                        inside[name][rows] = v >= 0
                    elif name == "adm0":
                        status[rows[v >= 0]] = st["located"]
                        if name in unit:
                            unit[name][rows] = v
                    else:  # an admin level: only as deep as the precision supports
                        v[level < ADMIN_LEVELS.index(name) + 1] = -1
                        unit[name][rows] = v
                del combo, on_grid
                unknown[rows[level == 0]] = True
                for name, ul in user.items():
                    user_unit[name][rows] = ul.index.locate_exact(pts)
                del pts
                # points standing for a whole unit: territory flags from that unit's area shares
                coarse = (level > 0) & (level < 3)
                if terrs and coarse.any():
                    if not share:
                        share.update({t: np.full(n, np.nan, dtype=np.float32) for t in terrs})
                    terr_shares = _unit_territory_shares()
                    for level_no, adm in enumerate(ADMIN_LEVELS, start=1):
                        r = rows[coarse & (level == level_no)]
                        r = r[unit[adm][r] >= 0]
                        for t in terrs:
                            sh = terr_shares[adm][t][unit[adm][r]]
                            share[t][r] = np.round(sh, 4)
                            inside[t][r] = sh > 0
            bar.update(stop - start - n_shapes)
        if shapes:
            if terrs and not share:
                share.update({t: np.full(n, np.nan, dtype=np.float32) for t in terrs})
            rows_ = np.array([r for r, _ in shapes], dtype=np.int64)
            named = {
                adm: (dict(zip(rows_.tolist(), gdf[f"resolved_admin{k}_code"].iloc[rows_].astype(object)))
                      if f"resolved_admin{k}_code" in gdf.columns else {})
                for k, adm in enumerate(ADMIN_LEVELS, start=1)
            }
            for i, max_level in shapes:
                _attribute_shape(i, geoms[i], max_level, {adm: named[adm].get(i) for adm in named},
                                 builtin, unit, lists, inside, share, user, user_unit, status, st)
                bar.update(1)
        bar.update(n - bar.n)
    finally:
        bar.close()

    # rows without geometry: read_incidents said why (flag, gazetteer status)
    missing = np.flatnonzero(status == st["no_geometry"])
    if len(missing) and "location_flag" in gdf.columns:
        flag = gdf["location_flag"].iloc[missing].astype(object).to_numpy()
        flagged = np.array([isinstance(f, str) and f.startswith("invalid_coordinates") for f in flag],
                           dtype=bool)
        status[missing[flagged]] = st["invalid_coordinates"]
    if len(missing) and "resolution_status" in gdf.columns:
        rs = gdf["resolution_status"].iloc[missing].astype(object).to_numpy()
        unres = np.array([r == "unresolved" for r in rs], dtype=bool)
        rows = missing[unres]
        status[rows[status[rows] == st["no_geometry"]]] = st["unresolved"]
    del missing

    cols: dict[str, Any] = {}
    # the state arrays become the columns' data in place (no per-row copies)
    if "adm0" in builtin:
        cols["adm0_code"] = _unit_column(unit.pop("adm0"), _grid.layer_index("adm0").codes)
    for level in ADMIN_LEVELS:
        if level in builtin:
            index = _grid.layer_index(level)
            cols[f"{level}_code"] = _unit_column(unit[level], index.codes)
            cols[f"{level}_name"] = _unit_column(unit[level], index.names)
    del unit
    for k, t in enumerate(terrs):
        # each flag column owns its mask (a shared one would change all three on assignment)
        mask = unknown if k == len(terrs) - 1 else unknown.copy()
        cols[t] = pd.arrays.BooleanArray(inside.pop(t), mask)
    del unknown
    # Frames of points only (the common large case) have no lists at all: those columns are
    # then one all-NA Series, shared copy-on-write (pandas copies it on the first write).
    no_lists = None
    for level in ADMIN_LEVELS:
        if level in builtin:
            for key, col in ((level, f"{level}_codes"), (f"{level}_shares", f"{level}_shares")):
                if lists[key]:
                    cols[col] = _sparse_text(n, lists[key])
                else:
                    if no_lists is None:
                        no_lists = pd.Series(_sparse_text(n, {}), index=out.index, copy=False)
                    cols[col] = no_lists
    no_shares = None
    for t in terrs:
        if share:
            cols[f"{t}_share"] = share.pop(t)
        else:  # all NaN: like the lists above, one array shared copy-on-write
            if no_shares is None:
                no_shares = pd.Series(np.full(n, np.nan, dtype=np.float32), index=out.index, copy=False)
            cols[f"{t}_share"] = no_shares
    for name, ul in user.items():
        cols[f"{name}_code"] = _unit_column(user_unit[name], ul.index.codes)
        cols[f"{name}_name"] = _unit_column(user_unit[name], ul.index.names)
    cols["location_status"] = pd.Categorical.from_codes(status, categories=list(LOCATION_STATUSES))
    new = pd.DataFrame(cols, index=out.index, copy=False)
    del cols
    result = pd.concat([out, new], axis=1)
    if not isinstance(result, gpd.GeoDataFrame) or result.crs is None:
        result = gpd.GeoDataFrame(result, geometry=out.geometry.name, crs=_WGS84)
    return result


def _attribute_shape(i, geom, max_level, named, builtin, unit, lists, inside, share, user,
                     user_unit, status, st) -> None:
    """Attribute one line/polygon/multi-geometry row: shares, primary units, territories."""
    a0 = _shares(geom, _grid.layer_index("adm0"))
    if a0:
        status[i] = st["located"]
        if "adm0" in unit:
            unit["adm0"][i] = a0[0][0]
    for level_no, level in enumerate(ADMIN_LEVELS, start=1):
        if level not in builtin:
            continue
        index = _grid.layer_index(level)
        sh = _shares(geom, index)
        if not sh:
            continue
        lists[level][i] = "|".join(str(index.codes[u]) for u, _ in sh)
        lists[f"{level}_shares"][i] = "|".join(f"{s:.4f}" for _, s in sh)
        # a geometry lying wholly in one unit keeps it whatever its precision says
        if max_level < level_no and sh[0][1] < _WHOLLY:
            continue
        primary = sh[0][0]
        want = named[level]
        if isinstance(want, str) and want:
            # the resolver may name several units ("Diyala and Kirkuk"): the largest share
            # among the named ones wins
            wanted = set(want.split("|"))
            for u, _ in sh:
                if index.codes[u] in wanted:
                    primary = u
                    break
        unit[level][i] = primary
    for t in inside:
        sh = _shares(geom, _grid.layer_index(t))
        s = sh[0][1] if sh else 0.0
        share[t][i] = round(s, 4)
        inside[t][i] = s > 0
    for name, ul in user.items():
        sh = _shares(geom, ul.index)
        user_unit[name][i] = sh[0][0] if sh else -1


def _attribute_dask(ddf, layers, *, crs):
    if ddf.crs is None and crs is not None:
        ddf = ddf.set_crs(crs)
    meta = attribute(ddf._meta, layers, crs=crs, progress=False)
    return ddf.map_partitions(attribute, layers, crs=crs, progress=False, meta=meta)


# --------------------------------------------------------------------------- aggregate


_PERIOD_ALIASES = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y", "A": "Y", "ME": "M", "YE": "Y", "QE": "Q"}
_SUM_COLUMNS = (
    "fatalities_low", "fatalities_best", "fatalities_high",
    "injured_low", "injured_best", "injured_high",
)


def aggregate(
    gdf: gpd.GeoDataFrame,
    by: str = "adm1",
    period: str | None = "M",
    *,
    date: str = "date_start",
    only_with_events: bool = False,
) -> gpd.GeoDataFrame:
    """Count incidents and sum casualties per unit and period, with the unit polygons.

    ``by`` is one of ``adm1``, ``adm2``, ``adm3``, ``disputed``, ``disputed_extended``, ``kri``;
    ``period`` a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``) or ``None`` for
    all time. An incident counts in the period of its ``date`` column (``date_start``). If the
    frame has not been through :func:`attribute` yet, it is attributed first.

    Returns one row per unit of the ``by`` layer (every governorate, district or sub-district
    of the bundled layer, Iraq and Syria; or the territory) and period present in the data,
    units without incidents included with 0 counts and sums, so a choropleth shows them as 0
    rather than leaving them out (``only_with_events=True`` lists only the (unit, period) pairs
    that have incidents, as earlier versions did). Periods present in the data are those of
    any incident, whatever its unit; with ``period=None`` there is one period, ``"all"``.
    Columns: ``unit_level``, ``unit_code``,
    ``unit_name``, ``assigned``, ``period`` (a string such as ``"2020-04"``; NA when the date is
    unknown), ``period_start``, ``events``, ``fatalities_low/best/high`` and
    ``injured_low/best/high`` (sums, unknown counted as 0), ``fatalities_unknown`` (events with
    no fatality figure) and the unit geometry.

    Precision-aware: an incident attributed to a governorate but not to the requested finer
    level (an ADM1-precision event, or a district-precision one with ``by="adm3"``) is counted
    in a separate bucket row per governorate with ``assigned=False``, ``unit_level="adm1"``, the
    governorate's code, name and polygon (filter ``assigned`` for a choropleth). Incidents with
    no governorate at all (unlocated, outside coverage, or a region-level precision) are counted
    in rows with ``unit_level="none"``, ``unit_code`` NA and no geometry, so totals always add up
    to the number of incidents. With a territory (``by="disputed"`` etc.) rows are the incidents
    in the territory (``assigned=True``), those outside it (``unit_code`` NA,
    ``unit_level="outside"``) and unknown ones (``unit_level="none"``). The bucket, ``none``,
    ``outside`` and unknown-date (``period`` NA) rows are listed only where there are incidents.
    Rows are sorted by ``unit_level``, ``unit_code``, ``assigned`` and ``period``.
    """
    if by not in UNIT_LEVELS:
        raise InputError(f"by must be one of {list(UNIT_LEVELS)}, got {by!r}", field="by")
    if period is not None:
        if not isinstance(period, str) or period.upper() not in _PERIOD_ALIASES:
            raise InputError(
                f"period must be one of {sorted(set(_PERIOD_ALIASES.values()))} or None, got {period!r}",
                field="period",
            )
        period = _PERIOD_ALIASES[period.upper()]
    needed = f"{by}_code" if by in ADMIN_LEVELS else by
    if needed not in gdf.columns or "adm1_code" not in gdf.columns:
        layers = ("adm1",) + ((by,) if by != "adm1" else ())
        gdf = attribute(gdf, layers, progress=False)
    df = pd.DataFrame(index=pd.RangeIndex(len(gdf)))
    if period is None:
        df["period"] = pd.Series("all", index=df.index, dtype=object)
        df["period_start"] = pd.NaT
    else:
        if date not in gdf.columns:
            raise InputError(f"no date column {date!r}", field=date)
        try:
            dates = pd.to_datetime(gdf[date].to_numpy(), errors="raise")
        except (ValueError, TypeError) as exc:
            raise InputError(f"cannot read dates: {exc}", field=date) from None
        per = pd.PeriodIndex(dates, freq=period)
        df["period"] = np.asarray(per.astype(str), dtype=object)
        df.loc[per.isna(), "period"] = None
        df["period_start"] = per.start_time
    for c in _SUM_COLUMNS:
        if c in gdf.columns:
            df[c] = pd.to_numeric(gdf[c].to_numpy(), errors="coerce")
        else:
            df[c] = np.nan
    df["fatalities_unknown"] = df["fatalities_best"].isna().astype(int)
    adm1 = gdf["adm1_code"].astype(object).to_numpy()
    if by in ADMIN_LEVELS:
        code = gdf[f"{by}_code"].astype(object).to_numpy()
        has = pd.notna(code)
        has1 = pd.notna(adm1)
        df["unit_level"] = np.where(has, by, np.where(has1, "adm1", "none"))
        df["unit_code"] = np.where(has, code, np.where(has1, adm1, None))
        df["assigned"] = has
    else:
        flag = gdf[by].astype("boolean").to_numpy(dtype=object, na_value=None)
        df["unit_level"] = [by if f is True else ("outside" if f is False else "none") for f in flag]
        code = {"disputed": "DIT_core", "disputed_extended": "DIT_extended", "kri": "KRI"}[by]
        df["unit_code"] = [code if f is True else None for f in flag]
        df["assigned"] = [f is True for f in flag]
    df["events"] = 1
    keys = ["unit_level", "unit_code", "assigned", "period"]
    agg = {c: "sum" for c in _SUM_COLUMNS}
    agg.update(events="sum", fatalities_unknown="sum", period_start="first")
    for c in _SUM_COLUMNS:
        df[c] = df[c].fillna(0)
    res = df.groupby(keys, dropna=False, sort=True).agg(agg).reset_index()
    if not only_with_events:
        res = _with_empty_units(res, by, keys, period is None)
    res["unit_name"] = None
    geometry = np.full(len(res), None, dtype=object)
    for level in (by, "adm1") if by in ADMIN_LEVELS else (by,):
        lay = load_layer(level)
        names = dict(zip(lay[f"{level}_code"], lay[f"{level}_name"]))
        shapes = dict(zip(lay[f"{level}_code"], lay.geometry))
        rows = (res["unit_level"] == level).to_numpy()
        res.loc[rows, "unit_name"] = res.loc[rows, "unit_code"].map(names)
        geometry[rows] = res.loc[rows, "unit_code"].map(shapes).to_numpy()
    order = ["unit_level", "unit_code", "unit_name", "assigned", "period", "period_start", "events",
             *_SUM_COLUMNS, "fatalities_unknown"]
    res = res[order]
    res["events"] = res["events"].astype(int)
    res["unit_code"] = res["unit_code"].astype(object).where(res["unit_code"].notna(), None)
    return gpd.GeoDataFrame(res, geometry=list(geometry), crs="EPSG:4326")


def _with_empty_units(res: pd.DataFrame, by: str, keys: list[str], all_time: bool) -> pd.DataFrame:
    """``res`` plus a zero row for every unit of ``by`` and period without incidents there."""
    if by in ADMIN_LEVELS:
        units = load_layer(by)[f"{by}_code"].astype(object).to_numpy()
    else:
        units = np.array([{"disputed": "DIT_core", "disputed_extended": "DIT_extended",
                           "kri": "KRI"}[by]], dtype=object)
    if all_time:
        periods = pd.DataFrame({"period": ["all"], "period_start": [pd.NaT]})
    else:
        periods = (res.loc[res["period"].notna(), ["period", "period_start"]]
                   .drop_duplicates("period").reset_index(drop=True))
    if not len(periods):
        return res
    full = pd.DataFrame({
        "unit_level": by,
        "unit_code": np.repeat(units, len(periods)),
        "assigned": True,
        "period": np.tile(periods["period"].to_numpy(dtype=object), len(units)),
        "period_start": np.tile(periods["period_start"].to_numpy(), len(units)),
    })
    have = pd.MultiIndex.from_frame(res[keys].astype(object))
    missing = ~pd.MultiIndex.from_frame(full[keys].astype(object)).isin(have)
    empty = full[missing]
    if not len(empty):
        return res
    zeros = {c: 0 for c in res.columns if c not in empty.columns}
    empty = empty.assign(**zeros)[res.columns].astype(res.dtypes.to_dict())
    out = pd.concat([res, empty], ignore_index=True)
    # the groupby order: by unit, then period, missing values last
    return out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- compare_admin


#: Why a row's unit differs from the source's own coding (or could not be compared), in the
#: order they are tested.
COMPARE_REASONS = ("contested boundary", "disputed territories", "unmatched source name",
                   "no location", "outside coverage", "coarse precision", "other")
#: The columns :func:`compare_admin` adds, per level (``{level}`` = adm1/adm2/adm3).
COMPARE_COLUMNS = ("source_{level}_name", "source_{level}_code", "{level}_agrees",
                   "{level}_reason", "{level}_source_km")
# the source's own unit-name columns by level: ACLED first, then UCDP GED
_SOURCE_COLUMNS = {"adm1": ("admin1", "adm_1"), "adm2": ("admin2", "adm_2"), "adm3": ("admin3",)}
_KM_TO_SOURCE = _EQUAL_AREA  # a projected plane in metres to find the nearest point in


def source_admin_column(gdf: pd.DataFrame, level: str = "adm1") -> str | None:
    """The column holding the source's own unit names at ``level`` (ACLED ``admin1``/``admin2``/
    ``admin3``, UCDP GED ``adm_1``/``adm_2``), or ``None`` when the frame has none."""
    if level not in ADMIN_LEVELS:
        raise InputError(f"level must be one of {list(ADMIN_LEVELS)}, got {level!r}", field="level")
    for col in _SOURCE_COLUMNS[level]:
        if col in gdf.columns:
            return col
    return None


def compare_admin(
    gdf: gpd.GeoDataFrame,
    source_col: str | None = None,
    *,
    level: str = "adm1",
    gazetteer: Any = None,
    boundary_km: float = 5.0,
) -> gpd.GeoDataFrame:
    """Compare the unit :func:`attribute` assigns with the source's own coding of it.

    ``gdf`` is a frame of incidents (attributed or not: without a ``{level}_code`` column it is
    attributed first). ``source_col`` holds the source's own unit names at ``level``; when not
    given, ACLED's ``admin1``/``admin2``/``admin3`` or UCDP GED's ``adm_1``/``adm_2`` is used.
    Each distinct name is resolved once with the gazetteer (``gazetteer`` or
    :meth:`Gazetteer.default`), restricted to units of ``level`` ("Kirkuk province", "Salah
    al-Din", "Ninawa" -> OCHA pcodes; district and sub-district names are resolved within the
    source's own governorate when it has one). A name that does not resolve to exactly one unit
    is reported as unmatched, never guessed.

    Returns the frame (same index, order and rows) with these columns added:

    * ``source_{level}_name``: the source's name as given (stripped; NA when blank);
    * ``source_{level}_code``: its pcode (NA when missing or unmatched); both categorical;
    * ``{level}_agrees``: nullable boolean, NA when either side has no unit;
    * ``{level}_reason`` for rows that disagree or cannot be compared, one of
      :data:`COMPARE_REASONS`: ``contested boundary`` (the location lies within ``boundary_km``
      km of the source's unit, i.e. of the boundary between that unit and ours),
      ``disputed territories`` (the location is in the disputed internal territories, core
      definition), ``unmatched source name``, and for rows where we have no unit at this level
      ``no location`` (no or invalid coordinates, an unresolved place), ``outside coverage``
      (a valid location outside Iraq and Syria, e.g. just across a border) or
      ``coarse precision`` (the precision stops above this level); else ``other``. NA where
      they agree or the source gives no name;
    * ``{level}_source_km``: for rows that disagree or lie outside coverage, the geodesic
      distance in km from the location to the source's unit (NaN elsewhere).

    :func:`compare_admin_summary` counts them.
    """
    if not isinstance(gdf, pd.DataFrame):
        raise InputError(f"expected a GeoDataFrame of incidents, got {type(gdf).__name__}", field="gdf")
    if level not in ADMIN_LEVELS:
        raise InputError(f"level must be one of {list(ADMIN_LEVELS)}, got {level!r}", field="level")
    if isinstance(boundary_km, bool) or not isinstance(boundary_km, (int, float, np.integer, np.floating)) \
            or not np.isfinite(boundary_km) or boundary_km < 0:
        raise InputError(f"boundary_km must be a finite number >= 0, got {boundary_km!r}",
                         field="boundary_km")
    if source_col is None:
        source_col = source_admin_column(gdf, level)
        if source_col is None:
            raise InputError(
                f"no source coding of {level} found (expected one of {list(_SOURCE_COLUMNS[level])}); "
                "name the column with source_col=",
                field="source_col",
            )
    elif not isinstance(source_col, str) or source_col not in gdf.columns:
        raise InputError(f"no column {source_col!r} in the frame", field="source_col")
    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    elif not callable(getattr(gazetteer, "resolve", None)):
        raise InputError("gazetteer must have a resolve(name, ...) method", field="gazetteer")
    code_col = f"{level}_code"
    if code_col not in gdf.columns:
        layers = tuple(ADMIN_LEVELS[:ADMIN_LEVELS.index(level) + 1]) + ("disputed",)
        gdf = attribute(gdf, layers, progress=False)
    # distances are measured on lon/lat: read the geometry in EPSG:4326 whatever the frame's
    # CRS, but hand back the frame's own geometry
    geometry = _prepare_frame(gdf, None).geometry.to_numpy()
    n = len(gdf)

    # the source's names: resolved once per distinct (name, source governorate)
    name_codes, name_vals = _name_codes(gdf[source_col])
    parent_col = source_admin_column(gdf, "adm1") if level != "adm1" else None
    if parent_col is not None:
        parent_codes, parent_vals = _name_codes(gdf[parent_col])
    else:
        parent_codes, parent_vals = np.full(n, -1, dtype=np.int64), np.array([], dtype=object)
    # one key per distinct (name, source governorate) pair; -1 = missing
    pair = (name_codes + 1) * (len(parent_vals) + 1) + (parent_codes + 1)
    pair_codes, pairs = pd.factorize(pair, sort=False)
    resolved = np.full(len(pairs), None, dtype=object)
    for k, p in enumerate(pairs):
        name_k, parent_k = divmod(int(p), len(parent_vals) + 1)
        if name_k > 0:
            parent = parent_vals[parent_k - 1] if parent_k > 0 else None
            resolved[k] = _resolve_unit(gazetteer, name_vals[name_k - 1], parent, level)
    codes_src = resolved[pair_codes]
    has_name = name_codes >= 0
    ours = gdf[code_col].astype(object).to_numpy()
    has_src = pd.notna(codes_src)
    has_ours = pd.notna(ours)
    both = has_src & has_ours
    agrees = np.zeros(n, dtype=bool)
    agrees[both] = ours[both] == codes_src[both]

    reason = np.full(n, None, dtype=object)
    reason[has_name & ~has_src] = "unmatched source name"
    unplaced = has_src & ~has_ours
    reason[unplaced] = "no location"
    km = np.full(n, np.nan)
    if "location_status" in gdf.columns:
        status = gdf["location_status"].astype(object).to_numpy()
        reason[unplaced & (status == "located")] = "coarse precision"
        outside = np.flatnonzero(unplaced & (status == "outside_coverage"))
        reason[outside] = "outside coverage"
        if len(outside):
            km[outside] = _km_to_units(geometry[outside], codes_src[outside], level)
    differ = np.flatnonzero(both & ~agrees)
    if len(differ):
        geoms = geometry[differ]
        km[differ] = _km_to_units(geoms, codes_src[differ], level)
        if "disputed" in gdf.columns:
            in_dit = gdf["disputed"].astype("boolean").to_numpy(dtype=bool, na_value=False)[differ]
        else:
            pts = shapely.point_on_surface(geoms)
            in_dit = _grid.layer_index("disputed").locate_exact(pts) >= 0
        reason[differ] = np.where(km[differ] <= boundary_km, "contested boundary",
                                  np.where(in_dit, "disputed territories", "other"))

    out = gdf.copy()
    # categorical like the unit columns of attribute (few distinct names, many rows)
    out[f"source_{level}_name"] = pd.Categorical.from_codes(
        name_codes.astype(_codes_dtype(len(name_vals))),
        categories=pd.Index(name_vals, dtype=object))
    out[f"source_{level}_code"] = pd.Categorical(codes_src)
    out[f"{level}_agrees"] = pd.arrays.BooleanArray(agrees, ~both)
    out[f"{level}_reason"] = pd.Categorical(reason, categories=list(COMPARE_REASONS))
    out[f"{level}_source_km"] = np.round(km, 3)
    return out


def compare_admin_summary(compared: pd.DataFrame, level: str = "adm1") -> dict[str, Any]:
    """Counts of a :func:`compare_admin` result: ``rows``; ``source_coded`` (rows where the
    source names a unit); ``compared`` (both sides have a unit); ``agree``; ``disagree``;
    ``agreement`` (agree / compared, NaN when nothing was compared); ``reasons`` (rows per
    reason, every reason listed); ``unmatched_names`` (source names that did not resolve, with
    their row counts, most frequent first)."""
    if level not in ADMIN_LEVELS:
        raise InputError(f"level must be one of {list(ADMIN_LEVELS)}, got {level!r}", field="level")
    cols = [c.format(level=level) for c in COMPARE_COLUMNS]
    missing = [c for c in cols if c not in compared.columns]
    if missing:
        raise InputError(f"not a compare_admin result for {level}: no column {missing[0]!r}",
                         field=missing[0])
    agrees = compared[f"{level}_agrees"].astype("boolean")
    reason = compared[f"{level}_reason"].astype(object)
    n_compared = int(agrees.notna().sum())
    n_agree = int(agrees.fillna(False).sum())
    names = compared[f"source_{level}_name"].astype(object)
    unmatched = names[(reason == "unmatched source name").to_numpy()].value_counts()
    return {
        "level": level,
        "rows": len(compared),
        "source_coded": int(names.notna().sum()),
        "compared": n_compared,
        "agree": n_agree,
        "disagree": n_compared - n_agree,
        "agreement": n_agree / n_compared if n_compared else float("nan"),
        "reasons": {r: int((reason == r).sum()) for r in COMPARE_REASONS},
        "unmatched_names": {str(k): int(v) for k, v in unmatched.items()},
    }


def _name_codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the index of its name among the distinct names (stripped text; -1 for
    missing or blank values), and those names. Only the distinct values are cleaned, so a
    column of millions of rows with a few hundred names costs one factorize."""
    raw_codes, raw_vals = pd.factorize(col.astype(object), use_na_sentinel=True)
    cleaned = []
    for v in raw_vals:
        text = (v if isinstance(v, str) else str(v)).strip()
        cleaned.append(text or None)
    # values equal once stripped ("Kirkuk " and "Kirkuk") share one name
    clean_codes, names = pd.factorize(pd.Series(cleaned, dtype=object), use_na_sentinel=True)
    table = np.append(clean_codes, -1).astype(np.int64)
    return table[raw_codes], np.asarray(names, dtype=object)


def _resolve_unit(gazetteer: Any, name: Any, parent: Any, level: str) -> str | None:
    """The pcode of the one ``level`` unit ``name`` stands for, else None (never a guess)."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return None
    attr = f"admin{ADMIN_LEVELS.index(level) + 1}_code"
    within = parent if isinstance(parent, str) else None
    tries = [within, None] if within else [None]
    for w in tries:
        res = gazetteer.resolve(name, within=w, feature_types={level})
        if getattr(res, "status", None) == "resolved" and getattr(res, "feature_type", None) == level:
            code = getattr(res, attr, None)
            if code:
                return str(code)
    return None


def _km_to_units(geoms: np.ndarray, codes: np.ndarray, level: str) -> np.ndarray:
    """Geodesic km from each geometry to the unit with the given pcode (0 when touching it).
    The nearest point is found in an equal-area plane centred on Iraq, then its distance is
    measured on the ellipsoid, so the figure is in true km rather than degrees."""
    index = _grid.layer_index(level)
    where = {c: k for k, c in enumerate(index.codes)}
    out = np.full(len(geoms), np.nan)
    projected: dict[str, Any] = {}
    for k, (g, code) in enumerate(zip(geoms, codes)):
        u = where.get(code)
        if g is None or g.is_empty or u is None:
            continue
        unit = index.geoms[u]
        if unit.intersects(g):
            out[k] = 0.0
            continue
        if code not in projected:
            projected[code] = shapely.transform(unit, _to_equal_area)
        line = shapely.shortest_line(shapely.transform(g, _to_equal_area), projected[code])
        (x0, y0), (x1, y1) = shapely.get_coordinates(line)
        lon, lat = _KM_TO_SOURCE.transform([x0, x1], [y0, y1], direction="INVERSE")
        out[k] = _GEOD.inv(lon[0], lat[0], lon[1], lat[1])[2] / 1000.0
    return out

"""Maps of incidents: interactive folium maps and static matplotlib figures.

This module owns how an incident table is drawn. Drawing follows the location precision
(:mod:`geoincidents.precision`): an exact site is a marker, a town-level or "near" location a marker
with its uncertainty circle, a district- or governorate-level incident the shaded unit itself (never
a pin on its centroid), a road-, river- or range-level incident its line with an uncertainty
corridor. Popups say how precise the location is and where it came from.

The interactive map (:func:`render_map`) is an ordinary :class:`folium.Map`. Incidents travel in the
page as one compact JSON document (coordinates as integer arrays, repeated strings stored once) read
by a small runtime (:data:`geoincidents._assets.RUNTIME_JS`) that draws them on a canvas or SVG
renderer and builds popups and tooltips from DOM text nodes. That keeps 100k incidents to a few MB,
and no text field can inject HTML or script unless the caller passes ``trusted_html=True``.
``offline=True`` inlines Leaflet and its plugins from installed packages so the HTML works with no
network. Element ids are derived from the input, so the same input gives byte-identical HTML.

The time window is the runtime's own two-handle slider rather than folium's Timeline or
TimestampedGeoJson: those load jQuery and moment.js from CDNs that no installed package ships, so
they could not work offline, and they show an incident only at an instant where the slider here
keeps every incident whose date_start..date_end interval overlaps the window.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import re
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .data import load_layer, load_table
from .errors import CRSError, InputError
from .precision import DEFAULT_UNCERTAINTY_KM, Precision

__all__ = ["render_map", "save_map", "render_static", "REFERENCE_LAYERS", "PALETTE"]

#: Reference layers :func:`render_map` can draw under the incidents.
REFERENCE_LAYERS = ("adm0", "adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
_DEFAULT_LAYERS = ("adm1", "adm2", "disputed", "disputed_extended", "kri")

#: Category colours (colour-blind-safe Okabe-Ito order, then Tableau); the last is "other".
PALETTE = (
    "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#f0e442",
    "#8c564b", "#7f7f7f",
)
_UNSPECIFIED = "#9e9e9e"

_PRECISION_LABELS = {
    "exact": "an exact site",
    "locality": "a town or village",
    "near": "near a known place (about 25 km)",
    "linear": "along a road, river or range",
    "adm3": "somewhere in the sub-district",
    "adm2": "somewhere in the district",
    "area": "a named area smaller than a governorate",
    "adm1": "somewhere in the governorate",
    "region": "a region larger than a governorate",
    "country": "only the country is known",
    "international": "international waters or airspace",
    "unknown": "not located",
}

# Radius drawn when a row gives no uncertainty_km, for precisions the project scale has none for.
_FALLBACK_KM = {
    Precision.LINEAR: 5.0, Precision.AREA: 25.0, Precision.REGION: 100.0,
    Precision.INTERNATIONAL: 50.0, Precision.ADM3: 15.0, Precision.ADM2: 30.0,
    Precision.ADM1: 80.0, Precision.COUNTRY: 300.0, Precision.UNKNOWN: 5.0,
}
_UNIT_LEVEL = {
    Precision.ADM3: "adm3", Precision.ADM2: "adm2", Precision.ADM1: "adm1", Precision.COUNTRY: "adm0",
}

_TEXT_FIELDS = (
    "id", "event_type", "sub_event_type", "place_text", "resolved_name", "actors", "source",
    "source_url", "notes", "date_precision", "location_precision", "resolution_status",
    "resolution_method", "resolution_source", "location_status", "adm1_name", "adm2_name",
    "adm3_name",
)
_NUM_FIELDS = (
    "fatalities_low", "fatalities_best", "fatalities_high", "injured_low", "injured_best",
    "injured_high", "resolution_score", "uncertainty_km",
)
_BOOL_FIELDS = ("disputed", "disputed_extended", "kri")

_COORD_SCALE = 100_000  # 1e-5 degree is about 1 m: finer than any incident location
_SVG_MAX_POINTS = 1000
_CLUSTER_MAX_POINTS = 5_000
_SIMPLIFY_DEG = 0.003

_ID_LOCK = threading.Lock()


# --------------------------------------------------------------------------------------------
# Preparing incidents: one pass that decides how every row is drawn.
# --------------------------------------------------------------------------------------------

class _Prepared:
    """Everything both renderers need, computed once per call."""

    def __init__(self) -> None:
        self.n = 0
        self.kind: np.ndarray = np.empty(0, dtype=object)  # point/circle/shape/none per row
        self.categories: list[str] = []
        self.colours: list[str] = []
        self.cat: np.ndarray = np.empty(0, dtype=np.int64)
        self.point_rows: np.ndarray = np.empty(0, dtype=np.int64)
        self.point_xy: np.ndarray = np.empty((0, 2))
        self.point_radius_px: np.ndarray = np.empty(0, dtype=np.int64)
        self.point_ring_km: np.ndarray = np.empty(0)
        self.shapes: list[dict] = []  # geometry (shapely), kind, rows, label, cat, axis
        self.color_label = ""
        self.size_label: str | None = None
        self.not_located = 0


def _as_frame(incidents: Any) -> gpd.GeoDataFrame:
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise InputError(
            f"expected a GeoDataFrame (from read_incidents/attribute), got {type(incidents).__name__}",
            field="incidents",
        )
    gdf = incidents
    if gdf.crs is None:
        bounds = gdf.total_bounds if len(gdf) and gdf.geometry.notna().any() else None
        if bounds is not None and np.all(np.isfinite(bounds)) and (
            bounds[0] < -180 or bounds[2] > 180 or bounds[1] < -90 or bounds[3] > 90
        ):
            raise CRSError("geometry has no CRS and is not in degrees; set_crs() first",
                           field="geometry")
        # Coordinates that fit in degrees are read as WGS84, the only sensible guess.
        gdf = gdf.set_crs(4326, allow_override=True)
    elif not gdf.crs.equals("EPSG:4326"):
        try:
            gdf = gdf.to_crs(4326)
        except Exception as exc:
            raise CRSError(f"cannot transform {gdf.crs} to EPSG:4326: {exc}", field="geometry") from exc
    return gdf


def _precisions(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, list[Precision | None]]:
    """Per-row index into a list of distinct parsed precisions (-1 where none is given)."""
    if "location_precision" not in gdf.columns:
        return np.full(len(gdf), -1, dtype=np.int64), []
    codes, uniques = pd.factorize(gdf["location_precision"], use_na_sentinel=True)
    parsed: list[Precision | None] = []
    for k, value in enumerate(np.asarray(uniques, dtype=object).tolist()):
        text = str(value).strip()
        if text == "":
            parsed.append(None)
            continue
        try:
            parsed.append(Precision.parse(text))
        except InputError:
            row = int(np.flatnonzero(codes == k)[0])
            raise InputError(
                f"unknown precision {value!r}; expected one of {[p.value for p in Precision]}",
                row=row, field="location_precision",
            ) from None
    return np.asarray(codes, dtype=np.int64), parsed


def _numeric(gdf: gpd.GeoDataFrame, column: str | None) -> np.ndarray | None:
    if column is None or column not in gdf.columns:
        return None
    return pd.to_numeric(gdf[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


@lru_cache(maxsize=8)
def _unit_layer(level: str) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    layer = load_layer(level)
    codes = layer[f"{level}_code"].astype(str).tolist()
    return layer, {c: i for i, c in enumerate(codes)}


def _categories(gdf: gpd.GeoDataFrame, color_by: str | None) -> tuple[np.ndarray, list[str], list[str]]:
    n = len(gdf)
    if color_by is None or color_by not in gdf.columns:
        return np.zeros(n, dtype=np.int64), ["incident"], [PALETTE[0]]
    codes, uniques = pd.factorize(gdf[color_by], use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    names = [str(u) for u in uniques]
    order = sorted(range(len(uniques)), key=lambda k: (-counts[k], names[k]))
    top = order[: len(PALETTE) - 1]
    rest = order[len(PALETTE) - 1:]
    cats = [names[k] for k in top]
    colours = list(PALETTE[: len(top)])
    remap = np.full(len(uniques) + 1, -1, dtype=np.int64)
    for new, old in enumerate(top):
        remap[old] = new
    if rest:
        cats.append("other")
        colours.append(PALETTE[-1])
        remap[rest] = len(cats) - 1
    out = remap[codes]  # -1 (missing) indexes the extra slot, still -1
    if (out < 0).any():
        cats.append("unspecified")
        colours.append(_UNSPECIFIED)
        out = np.where(out < 0, len(cats) - 1, out)
    return out, cats, colours


def _round_coords(geom):
    return shapely.transform(geom, lambda c: np.round(c, 4))


def _corridor(line, km: float):
    series = gpd.GeoSeries([line], crs=4326)
    utm = series.estimate_utm_crs()
    return series.to_crs(utm).buffer(km * 1000.0, quad_segs=4).to_crs(4326).iloc[0]


def _prepare(incidents: Any, color_by: str | None, size_by: str | None) -> tuple[gpd.GeoDataFrame, _Prepared]:
    gdf = _as_frame(incidents)
    prep = _Prepared()
    n = prep.n = len(gdf)
    geoms = np.asarray(gdf.geometry.array, dtype=object) if n else np.empty(0, dtype=object)
    type_id = shapely.get_type_id(geoms) if n else np.empty(0, dtype=np.int64)
    missing = (type_id < 0) | shapely.is_empty(geoms) if n else np.empty(0, dtype=bool)
    type_id = np.where(missing, -1, type_id)
    pcodes, pvalues = _precisions(gdf)
    unc = _numeric(gdf, "uncertainty_km")

    prep.cat, prep.categories, prep.colours = _categories(gdf, color_by)
    prep.color_label = color_by.replace("_", " ") if color_by and color_by in gdf.columns else "Incidents"
    sizes = _numeric(gdf, size_by)
    if sizes is not None:
        radius = np.clip(np.rint(4 + 1.2 * np.sqrt(np.nan_to_num(np.clip(sizes, 0, None)))), 4, 16)
        prep.size_label = str(size_by).replace("_", " ")
    else:
        radius = np.full(n, 5.0)

    kind = np.full(n, "none", dtype=object)
    ring_km = np.zeros(n)
    is_point = np.isin(type_id, (0, 4))
    kind[np.isin(type_id, (3, 6, 7))] = "area"
    kind[np.isin(type_id, (1, 2, 5))] = "line"
    unit_code: dict[int, tuple[str, int]] = {}
    has_unc = np.isfinite(unc) & (unc > 0) if unc is not None else np.zeros(n, dtype=bool)
    kind[is_point] = "point"  # exact, unknown or no precision given
    for k, p in enumerate(pvalues):
        if p is None or p in (Precision.EXACT, Precision.UNKNOWN):
            continue
        rows = np.flatnonzero(is_point & (pcodes == k))
        kind[rows] = "circle"
        default = DEFAULT_UNCERTAINTY_KM.get(p, _FALLBACK_KM.get(p, 5.0))
        ring_km[rows] = np.where(has_unc[rows], unc[rows] if unc is not None else 0.0, default)
        if p in _UNIT_LEVEL:
            for i in rows.tolist():
                unit_code[i] = (_UNIT_LEVEL[p], -1)

    # District- or governorate-level points become their unit: by code first, else by location.
    by_level: dict[str, list[int]] = {}
    for i, (level, _) in unit_code.items():
        by_level.setdefault(level, []).append(i)
    for level, level_rows in by_level.items():
        layer, index = _unit_layer(level)
        col = f"{level}_code"
        found: dict[int, int] = {}
        if col in gdf.columns:
            vals = gdf[col].to_numpy(dtype=object)
            for i in level_rows:
                v = vals[i]
                if isinstance(v, str) and v in index:
                    found[i] = index[v]
        rest = [i for i in level_rows if i not in found]
        if rest:
            pts = shapely.centroid(geoms[rest])
            src, dst = layer.sindex.query(pts, predicate="intersects")
            for s, d in zip(src.tolist(), dst.tolist()):
                found.setdefault(rest[s], d)
        for i, d in found.items():
            kind[i] = "unit"
            unit_code[i] = (level, d)

    prep.kind = kind
    prep.not_located = int((kind == "none").sum())

    pr = np.flatnonzero((kind == "point") | (kind == "circle"))
    prep.point_rows = pr
    if len(pr):
        pts = geoms[pr]
        multi = type_id[pr] == 4
        if multi.any():
            pts = pts.copy()
            pts[multi] = shapely.centroid(pts[multi])
        prep.point_xy = shapely.get_coordinates(pts)
    prep.point_radius_px = radius[pr].astype(np.int64)
    prep.point_ring_km = ring_km[pr]

    # Shapes: one drawn geometry per distinct unit, area or line, listing its incidents.
    groups: dict[Any, dict] = {}
    for i in np.flatnonzero(kind == "unit").tolist():
        level, d = unit_code[i]
        key = ("unit", level, d)
        if key not in groups:
            layer, _ = _unit_layer(level)
            label = str(layer.iloc[d][f"{level}_name"])
            groups[key] = {"kind": "area", "source": layer.geometry.iloc[d], "rows": [],
                           "label": label, "km": 0.0}
        groups[key]["rows"].append(int(i))
    other = np.flatnonzero((kind == "area") | (kind == "line"))
    if len(other):
        wkb = shapely.to_wkb(geoms[other])
        for i, key in zip(other.tolist(), wkb):
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"kind": kind[i], "source": geoms[i], "rows": [], "label": None,
                                   "km": 0.0}
            g["rows"].append(i)
            if kind[i] == "line":
                p = pvalues[pcodes[i]] if pcodes[i] >= 0 else None
                km = unc[i] if unc is not None and has_unc[i] else (
                    DEFAULT_UNCERTAINTY_KM.get(p, _FALLBACK_KM[Precision.LINEAR])
                    if p is not None else _FALLBACK_KM[Precision.LINEAR])
                g["km"] = max(g["km"], float(km))
    label_col = next((c for c in ("resolved_name", "place_text") if c in gdf.columns), None)
    labels = gdf[label_col].to_numpy(dtype=object) if label_col else None
    shapes = []
    for g in groups.values():
        rows = g["rows"]
        cats = np.bincount(prep.cat[rows], minlength=len(prep.categories))
        if g["label"] is None and labels is not None:
            first = labels[rows[0]]
            g["label"] = None if first is None or (isinstance(first, float) and math.isnan(first)) else str(first)
        if g["kind"] == "line":
            axis = shapely.simplify(g["source"], 0.001)
            geom = shapely.simplify(_corridor(g["source"], g["km"]), 0.002)
        else:
            axis = None
            geom = shapely.simplify(g["source"], _SIMPLIFY_DEG, preserve_topology=True)
        shapes.append({
            "kind": g["kind"], "geometry": geom, "axis": axis, "rows": rows, "label": g["label"],
            "cat": int(np.argmax(cats)), "km": g["km"],
        })
    # Larger shapes first, so a district drawn over its governorate stays clickable.
    shapes.sort(key=lambda s: (-float(shapely.area(s["geometry"])), s["rows"][0]))
    prep.shapes = shapes
    return gdf, prep


# --------------------------------------------------------------------------------------------
# Encoding for the page.
# --------------------------------------------------------------------------------------------

_TEMPLATE_OPEN = re.compile(r"\{(?=[{%#])")


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside any <script> element: no '<', '>', '&', U+2028 or U+2029 left."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # "{{", "{%" and "{#" never occur in JSON outside strings; escaped so no template engine that
    # might see this text (folium is built on Jinja) can ever evaluate data.
    text = _TEMPLATE_OPEN.sub(r"\\u007b", text)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _encode_text(series: pd.Series) -> dict:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if isinstance(uniques, pd.DatetimeIndex) or pd.api.types.is_datetime64_any_dtype(uniques):
        idx = pd.DatetimeIndex(uniques)
        whole = (idx == idx.normalize())
        values = [d if w else stamp.isoformat() for d, w, stamp in zip(
            idx.strftime("%Y-%m-%d").tolist(), whole.tolist(), idx)]
    else:
        values = np.asarray(uniques, dtype=object).tolist()
        for k, v in enumerate(values):
            if type(v) is not str:
                if isinstance(v, (bool, np.bool_)):
                    values[k] = "yes" if v else "no"
                elif isinstance(v, pd.Timestamp):
                    values[k] = v.isoformat()
                else:
                    values[k] = str(v)
    if len(values) > len(codes) // 2:  # mostly distinct (ids, notes): a plain list is smaller
        table = values + [None]
        return {"p": [table[c] for c in codes.tolist()]}
    return {"v": values, "i": codes.tolist()}


def _encode_number(series: pd.Series) -> list:
    arr = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if np.all(np.isnan(arr) | (arr == np.round(arr))):
        ints = np.where(np.isnan(arr), 0, arr).astype(np.int64).tolist()
        return [None if m else v for v, m in zip(ints, np.isnan(arr).tolist())]
    return [None if v != v else round(v, 4) for v in arr.tolist()]


def _encode_bool(series: pd.Series) -> list:
    out: list[bool | None] = []
    for v in series.tolist():
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, str):
            out.append(v.strip().lower() in ("true", "1", "yes", "y", "t"))
        else:
            out.append(bool(v))
    return out


def _days(series: pd.Series) -> tuple[list, int | None, int | None]:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) == 0:
        return [None] * len(series), None, None
    stamps = pd.to_datetime(pd.Series(list(uniques), dtype=object), errors="coerce", utc=True,
                            format="mixed")
    days = np.array([
        None if pd.isna(t) else int(t.value // 86_400_000_000_000) for t in stamps
    ] + [None], dtype=object)
    out = days[codes].tolist()
    known = [d for d in days.tolist() if d is not None]
    return out, (min(known) if known else None), (max(known) if known else None)


def _incident_payload(gdf: gpd.GeoDataFrame, prep: _Prepared, *, cluster: bool, canvas: bool,
                      time: bool, trusted: bool, title: str | None, heat: bool) -> dict:
    props: dict[str, Any] = {}
    for name in _TEXT_FIELDS + ("date_start", "date_end"):
        if name in gdf.columns:
            props[name] = _encode_text(gdf[name])
    for name in _NUM_FIELDS:
        if name in gdf.columns:
            props[name] = _encode_number(gdf[name])
    for name in _BOOL_FIELDS:
        if name in gdf.columns:
            props[name] = _encode_bool(gdf[name])
    n = prep.n
    lo_hi: list[int] = []
    d0: list | None
    d1: list | None
    if "date_start" in gdf.columns or "date_end" in gdf.columns:
        d0, a0, b0 = _days(gdf["date_start"]) if "date_start" in gdf.columns else ([None] * n, None, None)
        d1, a1, b1 = _days(gdf["date_end"]) if "date_end" in gdf.columns else ([None] * n, None, None)
        lo_hi = [x for x in (a0, b0, a1, b1) if x is not None]
        if not any(x is not None for x in d0) and not any(x is not None for x in d1):
            d0 = d1 = None
    else:
        d0 = d1 = None

    xy = np.rint(prep.point_xy * _COORD_SCALE).astype(np.int64)
    points = {
        "c": xy.reshape(-1).tolist(),
        "t": prep.cat[prep.point_rows].tolist(),
        "r": prep.point_radius_px.tolist(),
        "u": np.round(prep.point_ring_km, 2).tolist(),
        # Left out when every row is a point, in order (the common large case).
        "row": None if len(prep.point_rows) == n else prep.point_rows.tolist(),
    }
    if heat:
        w = np.ones(len(prep.point_rows))
        if "fatalities_best" in gdf.columns:
            f = np.asarray(_numeric(gdf, "fatalities_best"))[prep.point_rows]
            w = 1.0 + np.log1p(np.nan_to_num(np.clip(f, 0, None)))
        points["w"] = np.round(w, 2).tolist()
    shapes = []
    for s in prep.shapes:
        shapes.append({
            "kind": s["kind"], "rows": s["rows"], "t": s["cat"], "label": s["label"],
            "opacity": round(min(0.45, 0.14 + 0.07 * math.log2(len(s["rows"]))), 3)
            if s["kind"] == "area" else 0.22,
            "geometry": json.loads(shapely.to_geojson(_round_coords(s["geometry"]))),
            "axis": None if s["axis"] is None else json.loads(shapely.to_geojson(_round_coords(s["axis"]))),
        })
    n_points = len(prep.point_rows)
    n_shape_rows = sum(len(s["rows"]) for s in prep.shapes)
    n_area = sum(len(s["rows"]) for s in prep.shapes if s["kind"] == "area")
    counts = [
        f"{n} incident{'s' if n != 1 else ''}: {n_points} as markers, {n_area} as shaded units or "
        f"areas, {n_shape_rows - n_area} as line corridors",
    ]
    if prep.not_located:
        counts.append(f"{prep.not_located} not located (not drawn)")
    meta = {
        "rows": n, "located": n - prep.not_located, "renderer": "canvas" if canvas else "svg",
        "cluster": cluster, "coord_scale": _COORD_SCALE, "colours": prep.colours,
        "categories": prep.categories, "color_label": prep.color_label,
        "size_label": prep.size_label, "trusted": trusted, "title": title,
        "precision_labels": _PRECISION_LABELS, "counts": counts,
        "default_km": {str(p): km for p, km in DEFAULT_UNCERTAINTY_KM.items()}
        | {str(Precision.LINEAR): _FALLBACK_KM[Precision.LINEAR]},
        "symbology": [
            "\u25cf exact site: marker",
            "\u25ce town or \u201cnear\u201d: marker with dashed uncertainty circle",
            "\u25a8 district or governorate level: the shaded unit, no pin",
            "\u2550 road, river or range: line with uncertainty corridor",
        ],
        "time": bool(time and len(set(lo_hi)) > 1),
        "day_min": min(lo_hi) if lo_hi else None, "day_max": max(lo_hi) if lo_hi else None,
    }
    return {"meta": meta, "props": props, "points": points, "shapes": shapes, "days0": d0, "days1": d1}


# --------------------------------------------------------------------------------------------
# Reference layers (bundled boundaries), simplified once per process.
# --------------------------------------------------------------------------------------------

def _hatch(geom, spacing: float, rising: bool):
    minx, miny, maxx, maxy = geom.bounds
    if rising:  # y = x + b
        b = np.arange(miny - maxx, maxy - minx + spacing, spacing)
        starts = np.column_stack([np.full_like(b, minx), minx + b])
        ends = np.column_stack([np.full_like(b, maxx), maxx + b])
    else:  # y = -x + b
        b = np.arange(miny + minx, maxy + maxx + spacing, spacing)
        starts = np.column_stack([np.full_like(b, minx), b - minx])
        ends = np.column_stack([np.full_like(b, maxx), b - maxx])
    lines = shapely.linestrings(np.stack([starts, ends], axis=1))
    clipped = shapely.intersection(lines, geom)
    parts = shapely.get_parts(clipped[~shapely.is_empty(clipped)])
    parts = parts[shapely.get_type_id(parts) == 1]
    return shapely.multilinestrings(parts)


_REF_STYLE = {
    "adm0": {"color": "#444444", "weight": 1.6, "fill": False},
    "adm1": {"color": "#555555", "weight": 1.0, "fill": False, "opacity": 0.8},
    "adm2": {"color": "#8a8a8a", "weight": 0.6, "fill": False, "opacity": 0.8},
    "adm3": {"color": "#aaaaaa", "weight": 0.4, "fill": False, "opacity": 0.8},
    "disputed": {"color": "#b2182b", "weight": 1.2, "dashArray": "5 4", "fill": False, "opacity": 0.9},
    "disputed_extended": {"color": "#e08214", "weight": 1.0, "dashArray": "2 4", "fill": False,
                          "opacity": 0.9},
    "kri": {"color": "#1a9850", "weight": 2.4, "fill": False, "opacity": 0.85},
}
_REF_NAMES = {
    "adm0": "Countries (ADM0)",
    "adm1": "Governorates (ADM1)",
    "adm2": "Districts (ADM2)",
    "adm3": "Sub-districts (ADM3)",
    "disputed": "Disputed territories (core)",
    "disputed_extended": "Disputed territories (extended)",
    "kri": "Kurdistan Region",
}


@lru_cache(maxsize=16)
def _reference_geojson(name: str) -> str:
    layer = load_layer(name)
    tol = {"adm0": 0.004, "adm1": 0.004, "adm2": 0.004, "adm3": 0.003}.get(name, 0.003)
    feats = []
    for geom, label in zip(layer.geometry, layer[f"{name}_name"].astype(str)):
        g = _round_coords(shapely.simplify(geom, tol, preserve_topology=True))
        feats.append({"type": "Feature", "properties": {"name": label},
                      "geometry": json.loads(shapely.to_geojson(g))})
        if name in ("disputed", "disputed_extended"):
            hatch = _round_coords(_hatch(geom, 0.12 if name == "disputed" else 0.16,
                                         rising=(name == "disputed")))
            feats.append({"type": "Feature", "properties": {"name": label},
                          "geometry": json.loads(shapely.to_geojson(hatch))})
    return _json_for_script({"geojson": {"type": "FeatureCollection", "features": feats}})


@lru_cache(maxsize=1)
def _basemap_geojson() -> str:
    countries = load_table("countries")
    feats = []
    for geom, label in zip(countries.geometry, countries["country_name"].astype(str)):
        g = _round_coords(shapely.simplify(geom, 0.01, preserve_topology=True))
        feats.append({"type": "Feature", "properties": {"name": label, "fill": "#f3f0e8"},
                      "geometry": json.loads(shapely.to_geojson(g))})
    return _json_for_script({"geojson": {"type": "FeatureCollection", "features": feats}})


# --------------------------------------------------------------------------------------------
# folium elements.
# --------------------------------------------------------------------------------------------

def _folium():
    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.elements import JSCSSMixin
    from folium.map import Layer
    from jinja2 import Template

    return folium, Element, Figure, MacroElement, JSCSSMixin, Layer, Template


@lru_cache(maxsize=1)
def _classes():
    folium, Element, Figure, MacroElement, JSCSSMixin, Layer, Template = _folium()

    class InlineAsset(Element):
        """Code or data placed in the page as it is: a variable, never parsed as a template."""

        _template = Template(
            "{% if this.kind == 'js' %}<script>{{ this.code }}</script>"
            "{% elif this.kind == 'css' %}<style>{{ this.code }}</style>"
            "{% elif this.kind == 'json' %}<script type=\"application/json\" id=\"{{ this.element_id }}\">"
            "{{ this.code }}</script>"
            "{% else %}{{ this.code }}{% endif %}"
        )

        def __init__(self, code: str, kind: str, element_id: str | None = None):
            super().__init__()
            self._name = "InlineAsset"
            self.code = code
            self.kind = kind
            self.element_id = element_id

    class DataLayer(JSCSSMixin, Layer):
        """A layer drawn by the geoincidents runtime from a JSON document in the page."""

        # No macros: the payload must never pass through a Jinja parser (speed, and "{{" in data).
        _template = Template("")

        def __init__(self, payload: str, builder: str, opts: dict, *, name: str, overlay=True,
                     control=True, show=True, js=(), css=()):
            super().__init__(name=name, overlay=overlay, control=control, show=show)
            self._name = "GeoIncidents" + builder.capitalize()
            self.payload = payload
            self.builder = builder
            self.opts = _json_for_script(opts)
            self.default_js = list(js)
            self.default_css = list(css)

        def render(self, **kwargs):
            figure = self.get_root()
            name = self.get_name()
            figure.html.add_child(
                InlineAsset(self.payload, "json", element_id=f"{name}_data"), name=name)
            figure.script.add_child(InlineAsset(
                f"var {name} = geoincidents.{self.builder}({self._parent.get_name()}, "
                f"{json.dumps(name + '_data')}, {self.opts});", "raw"), name=name)
            super().render(**kwargs)

    class HeatLayer(JSCSSMixin, Layer):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = geoincidents.heat({{ this._parent.get_name() }}, "
            "{{ this.source.get_name() }}, {{ this.opts }});"
            "{% endmacro %}"
        )

        def __init__(self, source, opts: dict, *, name: str, show: bool, js=()):
            super().__init__(name=name, overlay=True, control=True, show=show)
            self._name = "GeoIncidentsHeat"
            self.source = source
            self.opts = _json_for_script(opts)
            self.default_js = list(js)

    class Ready(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "{{ this._parent.get_name() }}.getContainer().classList.toggle('gi-offline', {{ this.offline|tojson }});"
            "geoincidents.finish();"
            "{% endmacro %}"
        )

        def __init__(self, offline: bool):
            super().__init__()
            self._name = "GeoIncidentsReady"
            self.offline = offline

    return InlineAsset, DataLayer, HeatLayer, Ready


@contextmanager
def _deterministic_ids(seed: str):
    """Element ids derived from the input instead of random bytes, so output is reproducible."""
    from branca.element import Element

    counter = itertools.count()

    def generate(cls) -> str:
        return hashlib.sha1(f"{seed}:{next(counter)}".encode()).hexdigest()[:32]

    with _ID_LOCK:
        original = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(generate)  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Element._generate_id = original  # type: ignore[method-assign]


_CLUSTER_JS = [("markerclusterjs",
                "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js")]
_CLUSTER_CSS = [
    ("markerclustercss", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"),
    ("markerclusterdefaultcss",
     "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"),
]
_HEAT_JS = [("leaflet-heat.js",
             "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js")]

_BASEMAPS = ("osm", "offline", None)
_DEFAULT = object()


def _validate_choropleth(choropleth: Any) -> tuple[gpd.GeoDataFrame, str, str | None] | None:
    if choropleth is None:
        return None
    column = None
    if isinstance(choropleth, tuple):
        if len(choropleth) != 2:
            raise InputError("choropleth must be a GeoDataFrame or (GeoDataFrame, column)",
                             field="choropleth")
        choropleth, column = choropleth
    if not isinstance(choropleth, gpd.GeoDataFrame):
        raise InputError("choropleth must be a GeoDataFrame such as aggregate(...) returns",
                         field="choropleth")
    gdf = _as_frame(choropleth)
    if "assigned" in gdf.columns:  # aggregate(): governorate buckets overlap their districts
        gdf = gdf[gdf["assigned"].fillna(False).astype(bool)]
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if column is None:
        for cand in ("events", "n_incidents", "incidents", "count", "n", "fatalities_best", "fatalities"):
            if cand in gdf.columns:
                column = cand
                break
    if column is None:
        numeric = [c for c in gdf.columns if c != gdf.geometry.name
                   and pd.api.types.is_numeric_dtype(gdf[c]) and not pd.api.types.is_bool_dtype(gdf[c])]
        if not numeric:
            raise InputError("choropleth has no numeric column to shade", field="choropleth")
        column = numeric[0]
    if column not in gdf.columns:
        raise InputError(f"choropleth column {column!r} not found", field="choropleth")
    name_col = next((c for c in gdf.columns if str(c).endswith("_name")), None)
    if "unit_code" in gdf.columns and gdf["unit_code"].duplicated().any():
        # Several periods per unit: the map shades the total over all of them.
        values = pd.to_numeric(gdf[column], errors="coerce")
        totals = values.groupby(gdf["unit_code"].astype(str).to_numpy()).sum(min_count=1)
        gdf = gdf.drop_duplicates("unit_code").copy()
        gdf[column] = totals.reindex(gdf["unit_code"].astype(str).to_numpy()).to_numpy()
    return gdf, str(column), name_col


_YLORRD = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


def _choropleth_payload(gdf: gpd.GeoDataFrame, column: str, name_col: str | None) -> str:
    values = pd.to_numeric(gdf[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    finite = values[np.isfinite(values)]
    # Counts (aggregate() lists units without incidents as 0): 0 gets the lightest class of
    # its own, so "none" never shares a colour with "a few", and the quantiles are those of
    # the positive values. Other values (e.g. negative changes) use quantiles of all.
    zero_class = len(finite) > 0 and bool((finite >= 0).all()) and bool((finite == 0).any())
    ranked = finite[finite > 0] if zero_class else finite
    qs = [0.25, 0.5, 0.75] if zero_class else [0.2, 0.4, 0.6, 0.8]
    edges = np.unique(np.quantile(ranked, qs)) if len(ranked) else np.array([])
    feats = []
    for k, geom in enumerate(gdf.geometry):
        if geom is None or geom.is_empty:
            continue
        v = values[k]
        if not np.isfinite(v):
            colour = "#dddddd"
        elif zero_class:
            colour = _YLORRD[0 if v == 0 else 1 + min(int(np.searchsorted(edges, v, side="right")), 3)]
        else:
            colour = _YLORRD[min(int(np.searchsorted(edges, v, side="right")), 4)]
        label = str(gdf[name_col].iloc[k]) if name_col else f"unit {k}"
        shown = "no value" if not np.isfinite(v) else (f"{int(v)}" if float(v).is_integer() else f"{v:.2f}")
        g = _round_coords(shapely.simplify(geom, _SIMPLIFY_DEG, preserve_topology=True))
        feats.append({"type": "Feature",
                      "properties": {"fill": colour, "tip": f"{label}: {shown} ({column})"},
                      "geometry": json.loads(shapely.to_geojson(g))})
    return _json_for_script({"geojson": {"type": "FeatureCollection", "features": feats}})


def render_map(
    incidents: gpd.GeoDataFrame,
    *,
    color_by: str | None = "event_type",
    size_by: str | None = "fatalities_best",
    layers: Sequence[str] = _DEFAULT_LAYERS,
    time: bool = True,
    cluster: bool | str = "auto",
    heatmap: bool = False,
    choropleth: Any = None,
    basemap: Any = _DEFAULT,
    offline: bool = False,
    trusted_html: bool = False,
    title: str | None = None,
):
    """Draw incidents on an interactive map, honest about how precisely each is located.

    ``incidents`` is a GeoDataFrame, typically ``attribute(read_incidents(...))``; every column
    but the geometry is optional. Rows without geometry are not drawn and are counted in the
    legend as "not located". ``color_by`` and ``size_by`` name columns (``None`` for a single
    colour or size). ``layers`` are reference layers from :data:`REFERENCE_LAYERS` (districts and
    sub-districts start hidden). ``cluster`` is ``True``, ``False`` or ``"auto"`` (clusters
    between 1,000 and 5,000 point incidents; one canvas layer above that). ``choropleth`` is a
    GeoDataFrame of units with counts, as :func:`geoincidents.aggregate` returns, or
    ``(gdf, column)``. ``basemap`` is ``"osm"`` (OpenStreetMap tiles), ``"offline"`` (bundled
    country outlines, no tiles) or ``None``; by default ``"osm"``, or ``"offline"`` when
    ``offline=True``. ``offline=True`` inlines Leaflet and plugins so the saved HTML needs no
    network. Text is always shown as text unless ``trusted_html=True``.

    Returns a :class:`folium.Map`; add to it like any other and save it with :func:`save_map`.
    """
    folium = _folium()[0]
    InlineAsset, DataLayer, HeatLayer, Ready = _classes()
    from . import _assets

    if basemap is _DEFAULT:
        basemap = "offline" if offline else "osm"
    if basemap not in _BASEMAPS:
        raise InputError(f"basemap must be one of {list(_BASEMAPS)}, not {basemap!r}", field="basemap")
    if cluster not in (True, False, "auto"):
        raise InputError(f"cluster must be True, False or 'auto', not {cluster!r}", field="cluster")
    if isinstance(layers, str):
        layers = (layers,)
    layers = tuple(layers or ())
    bad = [x for x in layers if x not in REFERENCE_LAYERS]
    if bad:
        raise InputError(f"unknown layers {bad}; expected some of {list(REFERENCE_LAYERS)}",
                         field="layers")
    for arg, value in (("color_by", color_by), ("size_by", size_by)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{arg} must be a column name or None", field=arg)
    if title is not None and not isinstance(title, str):
        raise InputError("title must be a string", field="title")
    choro = _validate_choropleth(choropleth)

    gdf, prep = _prepare(incidents, color_by, size_by)
    n_points = len(prep.point_rows)
    use_cluster = bool(cluster) if cluster != "auto" else (_SVG_MAX_POINTS < n_points <= _CLUSTER_MAX_POINTS)
    canvas = n_points > _SVG_MAX_POINTS
    payload = _json_for_script(_incident_payload(
        gdf, prep, cluster=use_cluster, canvas=canvas, time=time, trusted=bool(trusted_html),
        title=title, heat=bool(heatmap)))

    bounds = _fit_bounds(prep)
    seed = hashlib.sha1(
        "|".join(map(str, (payload, color_by, size_by, layers, time, cluster, heatmap, basemap,
                           offline, trusted_html, title, choro[1] if choro else None)))
        .encode("utf-8", "surrogatepass")
    ).hexdigest()

    with _deterministic_ids(seed):
        tiles = "OpenStreetMap" if basemap == "osm" else None
        m = folium.Map(location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
                       zoom_start=6, tiles=tiles, control_scale=True, maxZoom=18, minZoom=2)
        fig = m.get_root()
        if title is not None:
            fig.title = html.escape(title)
        if offline:
            m.default_js = []
            m.default_css = []
            fig.header.add_child(InlineAsset(_assets.leaflet_css(), "css"), name="gi_leaflet_css")
            fig.header.add_child(InlineAsset(_assets.script_safe(_assets.leaflet_js()), "js"),
                                 name="gi_leaflet_js")
            if use_cluster:
                fig.header.add_child(InlineAsset(_assets.markercluster_css(), "css"), name="gi_mc_css")
                fig.header.add_child(InlineAsset(_assets.script_safe(_assets.markercluster_js()), "js"),
                                     name="gi_mc_js")
            if heatmap:
                fig.header.add_child(InlineAsset(_assets.script_safe(_assets.heat_js()), "js"),
                                     name="gi_heat_js")
        fig.header.add_child(InlineAsset(_assets.RUNTIME_CSS, "css"), name="gi_runtime_css")
        # In the page's main script, which runs after every <head> script, so Leaflet is loaded
        # whether it came inline or from a CDN.
        fig.script.add_child(InlineAsset(_assets.script_safe(_assets.RUNTIME_JS), "raw"),
                             name="gi_runtime_js")

        if basemap == "offline":
            DataLayer(_basemap_geojson(), "geo",
                      {"style": {"color": "#9a9a9a", "weight": 0.8, "fillOpacity": 1.0},
                       "fill_field": "fill", "tooltip_field": None},
                      name="Basemap (bundled outlines)", overlay=False, control=False).add_to(m)
        for name in layers:
            DataLayer(_reference_geojson(name), "geo",
                      {"style": _REF_STYLE[name], "tooltip_field": "name"},
                      name=_REF_NAMES[name], show=name not in ("adm2", "adm3")).add_to(m)
        if choro is not None:
            cgdf, column, name_col = choro
            DataLayer(_choropleth_payload(cgdf, column, name_col), "geo",
                      {"style": {"color": "#666666", "weight": 0.6, "fillOpacity": 0.6},
                       "fill_field": "fill", "tooltip_field": "tip"},
                      name=html.escape(f"Choropleth: {column}")).add_to(m)
        inc = DataLayer(payload, "incidents", {}, name="Incidents",
                        js=[] if offline or not use_cluster else _CLUSTER_JS,
                        css=[] if offline or not use_cluster else _CLUSTER_CSS)
        inc.add_to(m)
        if heatmap:
            HeatLayer(inc, {"radius": 18, "blur": 15, "minOpacity": 0.3}, name="Heatmap", show=True,
                      js=[] if offline else _HEAT_JS).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
        m.fit_bounds(bounds)
        Ready(offline=basemap == "offline").add_to(m)
    return m


def _fit_bounds(prep: _Prepared) -> list[list[float]]:
    boxes = []
    if len(prep.point_xy):
        xy = prep.point_xy
        boxes.append([xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()])
    for s in prep.shapes:
        boxes.append(list(shapely.bounds(s["geometry"])))
    if not boxes:
        return [[29.0, 35.5], [37.5, 48.8]]  # Iraq and eastern Syria
    b = np.array(boxes, dtype=float)
    minx, miny, maxx, maxy = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    pad = 0.05  # degrees; keeps a single point from zooming to the street
    return [[round(miny - pad, 5), round(minx - pad, 5)], [round(maxy + pad, 5), round(maxx + pad, 5)]]


def save_map(m: Any, path: str | Path) -> Path:
    """Write a map from :func:`render_map` (or any folium Map) to an HTML file; returns the path."""
    folium = _folium()[0]
    if not isinstance(m, folium.Map):
        raise InputError(f"expected a folium.Map, got {type(m).__name__}", field="map")
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"map output must be an .html file, not {path.name!r}", field="path")
    if not path.parent.exists():
        raise InputError(f"folder {str(path.parent)!r} does not exist", field="path")
    html_text = m.get_root().render()
    path.write_text(html_text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Static maps.
# --------------------------------------------------------------------------------------------

def render_static(
    incidents: gpd.GeoDataFrame,
    path: str | Path,
    *,
    title: str | None = None,
    color_by: str | None = "event_type",
    size_by: str | None = "fatalities_best",
    figsize: tuple[float, float] = (9.0, 8.0),
    dpi: int = 150,
) -> Path:
    """Draw incidents on a static map (PNG, SVG or PDF by the path's suffix) with matplotlib.

    Boundaries (countries, governorates), the disputed territories hatched, the Kurdistan Region
    outline, and the incidents drawn by precision as in :func:`render_map`, with a legend and an
    optional title. Returns the path written.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse, Patch

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError(f"static map must be .png, .svg or .pdf, not {path.name!r}", field="path")
    if not path.parent.exists():
        raise InputError(f"folder {str(path.parent)!r} does not exist", field="path")
    if title is not None and not isinstance(title, str):
        raise InputError("title must be a string", field="title")
    gdf, prep = _prepare(incidents, color_by, size_by)

    bounds = _fit_bounds(prep)
    (s, w), (n, e) = bounds
    cx, cy = (w + e) / 2, (s + n) / 2
    half = max(e - w, (n - s) * 1.15, 3.0) / 2 * 1.12
    xlim = (cx - half, cx + half)
    ylim = (cy - half / 1.15, cy + half / 1.15)

    with matplotlib.rc_context({"svg.hashsalt": "geoincidents", "font.size": 8}):
        fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
        ax.set_facecolor("#cddfec")
        countries = load_table("countries")
        countries.plot(ax=ax, facecolor="#f3f0e8", edgecolor="#8a8a8a", linewidth=0.7, zorder=0)
        load_layer("adm1").boundary.plot(ax=ax, color="#777777", linewidth=0.4, zorder=1)
        load_layer("disputed").plot(ax=ax, facecolor="none", edgecolor="#b2182b", hatch="////",
                                    linewidth=0.8, linestyle="--", zorder=2)
        load_layer("disputed_extended").plot(ax=ax, facecolor="none", edgecolor="#e08214",
                                             hatch="\\\\", linewidth=0.6, linestyle=":", zorder=2)
        load_layer("kri").boundary.plot(ax=ax, color="#1a9850", linewidth=1.6, zorder=3)

        for sh in prep.shapes:
            colour = prep.colours[sh["cat"]]
            gs = gpd.GeoSeries([sh["geometry"]], crs=4326)
            if sh["kind"] == "line":
                gs.plot(ax=ax, facecolor=colour, alpha=0.25, edgecolor=colour, linewidth=0.6, zorder=4)
                gpd.GeoSeries([sh["axis"]], crs=4326).plot(ax=ax, color=colour, linewidth=2.0,
                                                          linestyle="--", zorder=5)
            else:
                gs.plot(ax=ax, facecolor=colour, alpha=0.3, edgecolor=colour, linewidth=1.0,
                        linestyle="--", zorder=4)
        if len(prep.point_rows):
            xy = prep.point_xy
            cols = [prep.colours[c] for c in prep.cat[prep.point_rows]]
            for (x, y), km, col in zip(xy, prep.point_ring_km, cols):
                if km > 0:
                    ax.add_patch(Ellipse((x, y), 2 * km / (111.32 * math.cos(math.radians(y))),
                                         2 * km / 110.57, facecolor=col, alpha=0.12, edgecolor=col,
                                         linestyle="--", linewidth=0.7, zorder=5))
            ax.scatter(xy[:, 0], xy[:, 1], s=(prep.point_radius_px * 1.6) ** 2 / 4, c=cols,
                       edgecolors="#1b1b1b", linewidths=0.5, zorder=6)

        handles: list[Any] = [
            Line2D([], [], marker="o", linestyle="", markerfacecolor=c, markeredgecolor="#1b1b1b",
                   label=lab) for lab, c in zip(prep.categories, prep.colours)
        ]
        handles += [
            Patch(facecolor="none", edgecolor="#b2182b", hatch="////", label="Disputed territories (core)"),
            Patch(facecolor="none", edgecolor="#e08214", hatch="\\\\", label="Disputed territories (extended)"),
            Line2D([], [], color="#1a9850", linewidth=1.6, label="Kurdistan Region"),
            Patch(facecolor="#999999", alpha=0.35, edgecolor="#555555", linestyle="--",
                  label="district/governorate-level incident"),
            Line2D([], [], color="#555555", linestyle="--", linewidth=2, label="road/river/range-level incident"),
            Ellipse((0, 0), 1, 1, facecolor="#999999", alpha=0.3, edgecolor="#555555", linestyle="--",
                    label="town-level uncertainty"),
        ]
        if prep.not_located:
            handles.append(Patch(facecolor="none", edgecolor="none",
                                 label=f"{prep.not_located} not located (not drawn)"))
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.92)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect(1 / math.cos(math.radians(cy)))
        ax.set_xlabel("longitude")
        ax.set_ylabel("latitude")
        if title:
            ax.set_title(title)
        fig.tight_layout()
        meta = {"Date": None} if path.suffix.lower() in (".svg", ".pdf") else {}
        fig.savefig(path, metadata=meta or None)
        plt.close(fig)
    return path


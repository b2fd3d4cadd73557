#!/usr/bin/env python3
"""Build the gazetteer's compact names index from the bundled GeoParquet tables.

Run from the repository root (``scripts/build_gazetteer.py`` calls it at the end)::

    python scripts/build_names_index.py [--data data/gazetteer]

Writes two plain (non-geo) Parquet files next to the tables, so that
``Gazetteer.default()`` loads with pyarrow alone, without reading any geometry table:

``entities.parquet``
    One row per resolvable feature, in a fixed order (countries, ADM1, ADM2, ADM3, regions,
    landmarks, places): ``source`` (dataset and record id), name, feature_type, class,
    country, representative lat/lon, the admin path, ``adm1_codes``, ``disputed`` (core
    disputed-territories polygon: contains the point / intersects the line or polygon),
    ``importance``, ``precision``, ``uncertainty_km``, ``feature_code``, ``population`` and
    ``wkb`` (the geometry for anything that is not a point; points are rebuilt from lat/lon).
``names.parquet``
    One row per distinct (key, entity): ``key`` (:func:`geoincidents.normalize.normalize`),
    ``skeleton`` (:func:`geoincidents.normalize.skeleton`), ``eid`` (row in entities) and
    ``kind`` (``name`` = the primary name, ``alias`` = any other spelling, ``core`` = a spelling
    with its generic word removed, e.g. "hamrin" for "Hamrin Mountains") and ``folded`` (the
    key with romanisation variants folded but vowels kept as a/i/u, for fuzzy matching).

The test suite rebuilds both tables in memory and compares them with the shipped files, so a
change to the normalisation code without a rebuild fails loudly.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from geoincidents import normalize as nz  # noqa: E402
from geoincidents.composite import REGIONS  # noqa: E402
from geoincidents.data import split_names  # noqa: E402
from geoincidents.gazetteer import IMPORTANCE, _importance_of, _vfold, class_fits  # noqa: E402
from geoincidents.precision import Precision  # noqa: E402

ENTITY_COLUMNS = (
    "source", "name", "feature_type", "klass", "country", "lat", "lon",
    "admin1_code", "admin1_name", "admin2_code", "admin2_name", "admin3_code", "admin3_name",
    "adm1_codes", "disputed", "importance", "precision", "uncertainty_km", "feature_code",
    "population", "wkb",
)
NAME_COLUMNS = ("key", "skeleton", "eid", "kind", "folded")
KIND_RANK = {"name": 0, "alias": 1, "core": 2}

#: Landmark feature_type -> the generic-word class (see geoincidents.normalize.GENERIC_CLASSES).
LANDMARK_CLASS = {
    "mountain_range": "mountain", "peak": "mountain", "lake": "lake", "reservoir": "lake",
    "dam": "dam", "river": "river", "wadi": "wadi", "desert": "desert", "plain": "plain",
    "region": "region", "airbase": "base", "military_base": "base", "oilfield": "oilfield",
    "refinery": "oilfield", "border_crossing": "border", "road": "road", "other": "other",
}

# Hand-added names for the neighbouring countries (Natural Earth carries only English names).
COUNTRY_NAMES = {
    "TR": ("Turkey", "Türkiye", "Turkiye", "تركيا", "Tirkiye", "Turkish"),
    "IR": ("Iran", "إيران", "ايران", "ئێران", "Islamic Republic of Iran", "Persia"),
    "JO": ("Jordan", "الأردن", "Hashemite Kingdom of Jordan"),
    "KW": ("Kuwait", "الكويت", "State of Kuwait"),
    "SA": ("Saudi Arabia", "السعودية", "المملكة العربية السعودية", "KSA", "Saudi"),
    "IQ": ("Iraqi",),
    "SY": ("Syrian",),
}
KRI_NAMES = (
    "Kurdistan Region", "Kurdistan Region of Iraq", "KRI", "KRG", "Iraqi Kurdistan",
    "Kurdistan", "Kurdistan Region Iraq", "إقليم كردستان", "إقليم كردستان العراق", "كردستان العراق",
    "هەرێمی کوردستان", "Herêma Kurdistanê",
)
DISPUTED_NAMES = (
    "disputed territories", "disputed internal territories", "DIBs", "disputed areas",
    "the disputed territories", "Article 140 areas", "المناطق المتنازع عليها",
    "ناوچە جێناکۆکەکان", "ناوچە دابڕاوەکان",
)




def _equiv_radius_km(geom) -> float:
    # Area in km^2 from a local equal-area approximation around the centroid: good to a few
    # percent at Iraq's latitudes, which is all an uncertainty radius needs.
    c = geom.centroid
    kx = 111.32 * math.cos(math.radians(c.y))
    area = shapely.area(shapely.transform(geom, lambda xy: xy * np.array([kx, 110.57])))
    return round(math.sqrt(area / math.pi), 1)


def _class_names(name: str, klass: str) -> str | None:
    """The key of ``name`` with generic words stripped, when they fit the entity's class."""
    words = nz.generic_words()
    toks = nz.normalize(name).split()
    changed = False
    for _ in range(2):
        for n in (3, 2, 1):
            if len(toks) > n and " ".join(toks[-n:]) in words and _fits(words[" ".join(toks[-n:])], klass):
                toks = toks[:-n]
                changed = True
                break
            if len(toks) > n and " ".join(toks[:n]) in words and _fits(words[" ".join(toks[:n])], klass):
                toks = toks[n:]
                changed = True
                break
    return nz.normalize(" ".join(toks)) if changed else None


def _fits(generic_class: str, klass: str) -> bool:
    return class_fits(generic_class, klass)


def build_tables(data: Path) -> tuple[pa.Table, pa.Table]:
    """The entities and names tables, built from the GeoParquet files in ``data``."""
    import geopandas as gpd

    def read(name):
        return gpd.read_parquet(data / f"{name}.parquet")

    rows: list[dict] = []
    names: list[list[str]] = []

    def add(row: dict, spellings: list[str]) -> None:
        full = {c: None for c in ENTITY_COLUMNS}
        full.update(row)
        rows.append(full)
        names.append(spellings)

    def admin(r, upto: int) -> dict:
        out = {}
        for lvl in (1, 2, 3):
            code = r.get(f"adm{lvl}_code") if lvl <= upto else None
            name = r.get(f"adm{lvl}_name") if lvl <= upto else None
            out[f"admin{lvl}_code"] = None if code is None or pd.isna(code) else str(code)
            out[f"admin{lvl}_name"] = None if name is None or pd.isna(name) else str(name)
        return out

    def poly_entity(geom) -> dict:
        rp = shapely.point_on_surface(geom)
        return {"lat": round(rp.y, 6), "lon": round(rp.x, 6), "wkb": shapely.to_wkb(geom)}

    adm1 = read("adm1")
    adm1_by_code = dict(zip(adm1["adm1_code"], adm1.geometry))

    # Countries: OCHA outlines for Iraq and Syria, Natural Earth for the neighbours.
    for _, r in read("adm0").iterrows():
        add({"source": f"ocha:{r.adm0_code}", "name": r.adm0_name, "feature_type": "country",
             "klass": "country", "country": r.country, "importance": IMPORTANCE["country"],
             "precision": Precision.COUNTRY.value, **poly_entity(r.geometry),
             "uncertainty_km": _equiv_radius_km(r.geometry)},
            split_names(r.adm0_name, r.name_ar, r.name_ku, r.aliases, r.aliases_curated,
                   "|".join(COUNTRY_NAMES.get(r.country, ()))))
    for _, r in read("countries").iterrows():
        if r.country_code in ("IQ", "SY"):
            continue
        add({"source": f"naturalearth:{r.iso_a3}", "name": r.country_name, "feature_type": "country",
             "klass": "country", "country": r.country_code, "importance": IMPORTANCE["neighbour_country"],
             "precision": Precision.COUNTRY.value, **poly_entity(r.geometry),
             "uncertainty_km": _equiv_radius_km(r.geometry)},
            split_names(r.country_name, "|".join(COUNTRY_NAMES.get(r.country_code, ()))))

    for lvl, prec in ((1, Precision.ADM1), (2, Precision.ADM2), (3, Precision.ADM3)):
        imp = IMPORTANCE[f"adm{lvl}"]
        for _, r in read(f"adm{lvl}").iterrows():
            code = r[f"adm{lvl}_code"]
            add({"source": f"ocha:{code}", "name": r[f"adm{lvl}_name"], "feature_type": f"adm{lvl}",
                 "klass": f"adm{lvl}", "country": r.country, "importance": imp,
                 "precision": prec.value, **admin(r.to_dict() | {f"adm{lvl}_code": code}, lvl),
                 "adm1_codes": r.adm1_code, **poly_entity(r.geometry),
                 "uncertainty_km": _equiv_radius_km(r.geometry)},
                split_names(r[f"adm{lvl}_name"], r.name_ar, r.name_ku, r.aliases, r.aliases_curated))

    # Named regions (documented in geoincidents.composite), the Kurdistan Region and the
    # disputed territories as areas one can name.
    for rid, spec in REGIONS.items():
        geom = shapely.union_all([adm1_by_code[c] for c in spec["adm1"]])
        add({"source": f"region:{rid}", "name": spec["name"], "feature_type": "region",
             "klass": "region", "country": spec["adm1"][0][:2], "importance": IMPORTANCE["region"],
             "precision": Precision.REGION.value, "adm1_codes": "|".join(spec["adm1"]),
             **poly_entity(geom), "uncertainty_km": _equiv_radius_km(geom)},
            split_names(spec["name"], "|".join(spec["names"])))
    kri = read("kri").iloc[0]
    add({"source": "kri:KRI", "name": "Kurdistan Region", "feature_type": "region", "klass": "region",
         "country": "IQ", "importance": IMPORTANCE["kri"], "precision": Precision.REGION.value,
         "adm1_codes": kri.adm1_codes, **poly_entity(kri.geometry),
         "uncertainty_km": _equiv_radius_km(kri.geometry)}, list(KRI_NAMES))
    disputed = read("disputed")
    dgeom = disputed.geometry.iloc[0]
    add({"source": "disputed:DIT_core", "name": str(disputed.disputed_name.iloc[0]),
         "feature_type": "region", "klass": "region", "country": "IQ", "importance": IMPORTANCE["kri"],
         "precision": Precision.REGION.value, **poly_entity(dgeom),
         "uncertainty_km": _equiv_radius_km(dgeom)}, list(DISPUTED_NAMES))

    lm = read("landmarks")
    for _, r in lm.iterrows():
        g = r.geometry
        kind = g.geom_type
        unc = float(r.uncertainty_km) if pd.notna(r.uncertainty_km) else None
        if kind in ("LineString", "MultiLineString"):
            prec = Precision.LINEAR
        elif kind in ("Polygon", "MultiPolygon"):
            prec = Precision.AREA
        elif unc is not None and unc <= 2.0:
            prec = Precision.EXACT
        elif r.feature_type in ("airbase", "military_base", "border_crossing", "dam", "refinery", "peak", "other"):
            prec = Precision.NEAR
        else:
            prec = Precision.AREA
        add({"source": f"landmark:{r.feature_id}", "name": r["name"], "feature_type": r.feature_type,
             "klass": LANDMARK_CLASS.get(r.feature_type, "other"), "country": r.country,
             "lat": float(r.rep_lat), "lon": float(r.rep_lon), **admin(r.to_dict(), 3),
             "adm1_codes": r.adm1_codes, "importance": IMPORTANCE["landmark"], "precision": prec.value,
             "uncertainty_km": unc, "wkb": None if kind == "Point" else shapely.to_wkb(g)},
            split_names(r["name"], r.names))

    pl = read("places")
    for r in pl.itertuples(index=False):
        d = r._asdict()
        imp = _importance_of(str(r.feature_code), None if pd.isna(r.population) else int(r.population))
        add({"source": r.place_id, "name": r.name, "feature_type": "locality", "klass": "locality",
             "country": r.country, "lat": float(r.lat), "lon": float(r.lon), **admin(d, 3),
             "adm1_codes": None if pd.isna(r.adm1_code) else r.adm1_code, "importance": imp,
             "precision": Precision.LOCALITY.value, "uncertainty_km": 5.0,
             "feature_code": r.feature_code,
             "population": None if pd.isna(r.population) else int(r.population)},
            split_names(r.name, r.name_ar, r.name_ku, r.names))

    ent = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS))
    # Disputed flag: points inside the core polygon; lines/polygons that intersect it.
    pts = shapely.points(ent["lon"].to_numpy(float), ent["lat"].to_numpy(float))
    geoms = np.array([shapely.from_wkb(w) if w is not None else p for w, p in zip(ent["wkb"], pts)], dtype=object)
    shapely.prepare(dgeom)
    is_pt = ent["wkb"].isna().to_numpy()
    flag = np.where(is_pt, shapely.contains(dgeom, geoms), shapely.intersects(dgeom, geoms))
    ent["disputed"] = flag.astype(bool)
    # Polygonal units outside Iraq cannot be in the disputed territories; a shared border line
    # touching the polygon is not "inside" either.
    touches_only = ~is_pt & shapely.touches(dgeom, geoms)
    ent.loc[touches_only, "disputed"] = False
    ent.loc[ent["country"].fillna("") != "IQ", "disputed"] = False

    key_rows: dict[tuple[str, int], str] = {}
    for eid, (spellings, klass) in enumerate(zip(names, ent["klass"])):
        for i, sp in enumerate(spellings):
            kind = "name" if i == 0 else "alias"
            for k, kd in ((nz.normalize(sp), kind), (_class_names(sp, klass), "core")):
                if not k:
                    continue
                prev = key_rows.get((k, eid))
                if prev is None or KIND_RANK[kd] < KIND_RANK[prev]:
                    key_rows[(k, eid)] = kd
    items = sorted(key_rows.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    keys_ = [k for (k, _), _ in items]
    nt = pa.table({
        "key": pa.array(keys_, pa.string()),
        "skeleton": pa.array([nz.skeleton(k) for k in keys_], pa.string()),
        "eid": pa.array([e for (_, e), _ in items], pa.int32()),
        "kind": pa.array([kd for _, kd in items], pa.string()),
        "folded": pa.array([_vfold(k) for k in keys_], pa.string()),
    })
    schema = pa.schema([
        ("source", pa.string()), ("name", pa.string()), ("feature_type", pa.string()),
        ("klass", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
        ("admin1_code", pa.string()), ("admin1_name", pa.string()), ("admin2_code", pa.string()),
        ("admin2_name", pa.string()), ("admin3_code", pa.string()), ("admin3_name", pa.string()),
        ("adm1_codes", pa.string()), ("disputed", pa.bool_()), ("importance", pa.float32()),
        ("precision", pa.string()), ("uncertainty_km", pa.float32()), ("feature_code", pa.string()),
        ("population", pa.int64()), ("wkb", pa.binary()),
    ])
    cols = {}
    for f in schema:
        vals = ent[f.name].tolist()
        vals = [None if (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))) else v for v in vals]
        cols[f.name] = pa.array(vals, f.type)
    et = pa.table(cols, schema=schema)
    return et, nt


def write_tables(data: Path) -> tuple[Path, Path]:
    et, nt = build_tables(data)
    opts = {"compression": "zstd", "use_dictionary": True, "write_statistics": False}
    pe, pn = data / "entities.parquet", data / "names.parquet"
    pq.write_table(et, pe, **opts)
    pq.write_table(nt, pn, **opts)
    return pe, pn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / "data" / "gazetteer")
    args = ap.parse_args(argv)
    pe, pn = write_tables(args.data)
    print(f"wrote {pe} ({pe.stat().st_size:,} bytes), {pn} ({pn.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

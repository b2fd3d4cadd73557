#!/usr/bin/env python3
"""Build the curated ``data/gazetteer/`` from the raw public inputs in ``../shared/data/``.

Run from the repository root::

    python scripts/build_gazetteer.py [--shared ../shared/data] [--out data/gazetteer]

What it does, in order (every step is deterministic: rows are sorted by stable keys and the
GeoParquet files are written with fixed settings, so two runs give byte-identical files):

1. Admin layers. Iraq ADM0-ADM3 (OCHA COD-AB 2019) and Syria ADM0-ADM2 (OCHA COD-AB 2020),
   keyed by OCHA pcodes, with English, Arabic and Kurdish names and aliases from the name table.
   Syria's outline and the Iraq outline come from different surveys and overlap slightly along
   the border; the Syrian polygons are clipped by the Iraq outline so that every point on land
   has one answer (the overlap area is written to the manifest).
2. Populated places of Iraq and Syria (Who's On First records, almost all GeoNames-based), merged
   with the GeoNames cities500 rows by ``geonameid``, every alternate name kept; the admin pcodes
   are recomputed here by point-in-polygon against the layers of step 1 (a point on a shared
   boundary takes the lowest pcode; a point just outside the outline takes the nearest unit
   within 10 km and is flagged ``admin_method = "nearest"``).
3. Landmarks (ranges, rivers, lakes, dams, bases, crossings, roads, ...) with their line and
   polygon geometries and ``uncertainty_km``, each with the admin units its geometry touches.
4. The disputed internal territories as data: the unit list with a source note per unit, the
   two named definitions (``core``, ``extended`` = core plus extended units) dissolved from our
   own ADM polygons, and the Kurdistan Region (de jure: Duhok, Erbil, Al-Sulaymaniyah).
5. Natural Earth outlines of Iraq's neighbours, for country hints and border descriptions.
6. ``manifest.json`` with input checksums, row counts and areas; ``ATTRIBUTION.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
NEAREST_MAX_KM = 10.0
PARQUET_OPTS = {"compression": "zstd", "index": False, "schema_version": "1.0.0", "write_covering_bbox": False}

csv.field_size_limit(1 << 30)


# --------------------------------------------------------------------------- helpers


def sha16(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def read_tsv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)


def split_names(*cells: str) -> list[str]:
    """Split ``|``-separated cells into a de-duplicated list, first spelling first."""
    seen: dict[str, None] = {}
    for cell in cells:
        if not isinstance(cell, str):
            continue
        for part in cell.split("|"):
            part = unicodedata.normalize("NFC", part.strip())
            if part and part not in seen:
                seen[part] = None
    return list(seen)


def join_names(names: list[str], exclude: tuple[str, ...] = ()) -> str:
    return "|".join(n for n in names if n not in exclude)


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc" for ch in text)


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path, engine="pyogrio")
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    else:
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


def write(gdf: gpd.GeoDataFrame | pd.DataFrame, out: Path, name: str) -> Path:
    path = out / f"{name}.parquet"
    if isinstance(gdf, gpd.GeoDataFrame):
        gdf = gdf.reset_index(drop=True)
        gdf.to_parquet(path, **PARQUET_OPTS)
    else:
        gdf.reset_index(drop=True).to_parquet(path, compression="zstd", index=False)
    return path


def lowest_code_join(points: gpd.GeoDataFrame, polys: gpd.GeoDataFrame, code_col: str) -> pd.Series:
    """For each point, the lowest ``code_col`` among the polygons it intersects (None if none)."""
    tree = shapely.STRtree(polys.geometry.values)
    pidx, gidx = tree.query(points.geometry.values, predicate="intersects")
    hits = pd.DataFrame({"p": pidx, "code": polys[code_col].to_numpy()[gidx]})
    first = hits.sort_values(["p", "code"]).drop_duplicates("p")
    result = pd.Series([None] * len(points), index=range(len(points)), dtype=object)
    result.iloc[first["p"].to_numpy()] = first["code"].to_numpy()
    return result


def nearest_code(points: gpd.GeoDataFrame, polys: gpd.GeoDataFrame, code_col: str, max_km: float) -> pd.Series:
    """Nearest polygon's code within ``max_km`` (distance measured in a metric CRS)."""
    metric = "EPSG:32638"  # UTM 38N covers Iraq; distances of a few km are what matter here
    pts = points.to_crs(metric)
    pol = polys.to_crs(metric)
    tree = shapely.STRtree(pol.geometry.values)
    pidx, gidx = tree.query_nearest(pts.geometry.values, max_distance=max_km * 1000, all_matches=False)
    result = pd.Series([None] * len(points), index=range(len(points)), dtype=object)
    result.iloc[pidx] = pol[code_col].to_numpy()[gidx]
    return result


# --------------------------------------------------------------------------- 1. admin layers


def build_admin(shared: Path, manifest: dict) -> dict[str, gpd.GeoDataFrame]:
    b = shared / "boundaries"
    names = read_tsv(shared / "gazetteer" / "iraq_admin_units_names.tsv").set_index("pcode")

    def iraq(level: int) -> gpd.GeoDataFrame:
        suffix = "adm0_cso_itos_20190603" if level == 0 else f"adm{level}_cso_20190603"
        path = b / f"irq_admbnda_{suffix}.geojson"
        manifest["inputs"][path.name] = sha16(path)
        raw = read_geojson(path)
        lv = f"adm{level}"
        out = pd.DataFrame(
            {
                f"{lv}_code": raw[f"ADM{level}_PCODE"],
                f"{lv}_name": raw[f"ADM{level}_EN"],
                "name_ar": raw[f"ADM{level}_AR"],
            }
        )
        for parent in range(1, level):
            out[f"adm{parent}_code"] = raw[f"ADM{parent}_PCODE"]
            out[f"adm{parent}_name"] = raw[f"ADM{parent}_EN"]
        out["country"] = "IQ"
        ku, aliases, curated = [], [], []
        for code, en, ar in zip(out[f"{lv}_code"], out[f"{lv}_name"], out["name_ar"]):
            if level == 0:
                ku.append("عێراق|Iraq|Êraq")
                aliases.append("Republic of Iraq|العراق|جمهورية العراق|Irak|Iraq")
                curated.append("")
                continue
            row = names.loc[code]
            ku_names = split_names(row["aliases_ku"])
            latin = split_names(row["aliases_latin"], row["aliases_curated"])
            arabic = [n for n in split_names(row["aliases_ar"]) if n != ar]
            ku.append(join_names(ku_names))
            aliases.append(join_names(latin + arabic, exclude=(en, ar)))
            curated.append(row["aliases_curated"])
        out["name_ku"] = ku
        out["aliases"] = aliases
        out["aliases_curated"] = curated
        out["source"] = "OCHA COD-AB Iraq 2019-06-03 (cod-ab-irq)"
        gdf = gpd.GeoDataFrame(out, geometry=raw.geometry.values, crs="EPSG:4326")
        return gdf

    def syria(level: int, iraq_outline) -> gpd.GeoDataFrame:
        path = b / f"syr_admbnda_adm{level}_uncs_unocha.geojson"
        manifest["inputs"][path.name] = sha16(path)
        raw = read_geojson(path)
        lv = f"adm{level}"
        out = pd.DataFrame(
            {
                f"{lv}_code": raw[f"ADM{level}_PCODE"],
                f"{lv}_name": raw[f"ADM{level}_EN"],
                "name_ar": raw[f"ADM{level}_AR"],
            }
        )
        for parent in range(1, level):
            out[f"adm{parent}_code"] = raw[f"ADM{parent}_PCODE"]
            out[f"adm{parent}_name"] = raw[f"ADM{parent}_EN"]
        out["country"] = "SY"
        out["name_ku"] = ""
        ref = raw.get(f"ADM{level}_REF", pd.Series([""] * len(raw))).fillna("")
        out["aliases"] = [
            join_names(split_names(r), exclude=(en,)) for r, en in zip(ref, out[f"{lv}_name"])
        ]
        if level == 0:
            out["aliases"] = "Syria|سوريا|سورية|Sūriyā|Syrie"
            out["name_ku"] = "سووریا|Sûriye"
        out["aliases_curated"] = ""
        out["source"] = "OCHA COD-AB Syria 2020-12-17 (cod-ab-syr)"
        geoms = shapely.make_valid(raw.geometry.values)
        before = shapely.area(geoms).sum()
        geoms = shapely.difference(geoms, iraq_outline)
        # Drop slivers that the clip may leave as GeometryCollections of lines.
        geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
        manifest["syria_clip_deg2"][lv] = round(float(before - shapely.area(geoms).sum()), 8)
        return gpd.GeoDataFrame(out, geometry=geoms, crs="EPSG:4326")

    layers = {f"adm{lv}": iraq(lv) for lv in range(4)}
    iraq_outline = layers["adm0"].geometry.iloc[0]
    manifest["syria_clip_deg2"] = {}
    for lv in range(3):
        key = f"adm{lv}"
        layers[key] = pd.concat([layers[key], syria(lv, iraq_outline)], ignore_index=True)
    for key, gdf in layers.items():
        code = f"{key}_code"
        layers[key] = gpd.GeoDataFrame(gdf.sort_values(code).reset_index(drop=True), crs="EPSG:4326")
    return layers


def _polygonal(geom):
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def admin_path(points: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """ADM1-3 codes and names for points (lowest pcode on shared boundaries; nearest fallback)."""
    adm3 = layers["adm3"]
    adm2 = layers["adm2"]
    finest = pd.concat(
        [
            adm3[["adm3_code", "geometry"]].rename(columns={"adm3_code": "code"}),
            adm2.loc[adm2["country"] == "SY", ["adm2_code", "geometry"]].rename(columns={"adm2_code": "code"}),
        ],
        ignore_index=True,
    )
    finest = gpd.GeoDataFrame(finest, crs="EPSG:4326")
    codes = lowest_code_join(points, finest, "code")
    method = pd.Series(np.where(codes.notna(), "within", ""), index=codes.index, dtype=object)
    missing = codes.isna().to_numpy()
    if missing.any():
        near = nearest_code(points.iloc[np.flatnonzero(missing)].reset_index(drop=True), finest, "code", NEAREST_MAX_KM)
        near.index = codes.index[missing]
        codes[missing] = near
        method[missing & near.reindex(codes.index).notna().to_numpy()] = "nearest"
    out = pd.DataFrame(index=codes.index)
    a3 = adm3.set_index("adm3_code")
    a2 = adm2.set_index("adm2_code")
    a1 = layers["adm1"].set_index("adm1_code")
    adm3_code = codes.where(codes.str.len() > 8)  # Iraq ADM3 pcodes are 11 characters
    adm2_code = codes.where(codes.str.len() <= 8)
    adm2_code = adm2_code.fillna(adm3_code.map(a3["adm2_code"]))
    adm1_code = adm2_code.map(a2["adm1_code"])
    out["adm1_code"] = adm1_code
    out["adm1_name"] = adm1_code.map(a1["adm1_name"])
    out["adm2_code"] = adm2_code
    out["adm2_name"] = adm2_code.map(a2["adm2_name"])
    out["adm3_code"] = adm3_code
    out["adm3_name"] = adm3_code.map(a3["adm3_name"])
    out["admin_method"] = method
    return out.fillna("")


# --------------------------------------------------------------------------- 2. places


WOF_NAME_COLS = ["names_en", "names_und", "names_other", "names_ar", "names_ku"]


def build_places(shared: Path, layers: dict[str, gpd.GeoDataFrame], manifest: dict) -> gpd.GeoDataFrame:
    g = shared / "gazetteer"
    frames = []
    for country, fname in (("IQ", "wof_iq_populated_places.tsv"), ("SY", "wof_sy_populated_places.tsv")):
        path = g / fname
        manifest["inputs"][fname] = sha16(path)
        df = read_tsv(path)
        df["country"] = country
        frames.append(df)
    wof = pd.concat(frames, ignore_index=True)

    cpath = g / "geonames_cities500_IQ_SY.tsv"
    manifest["inputs"][cpath.name] = sha16(cpath)
    cities = read_tsv(cpath).set_index("geonameid")

    rows = []
    for r in wof.itertuples(index=False):
        gid = r.geonameid
        city = cities.loc[gid] if gid and gid in cities.index else None
        # WOF display names are sometimes wrong (e.g. "Taza Khurmato"): prefer GeoNames' own.
        if city is not None:
            name = city["name"]
        elif r.gn_name:
            name = r.gn_name
        else:
            name = r.name
        arabic_cell = [n for n in split_names(r.names_ar) if is_arabic_script(n)]
        latin_in_ar = [n for n in split_names(r.names_ar) if not is_arabic_script(n)]
        all_names = split_names(
            name, r.name, r.gn_name, r.gn_asciiname, r.names_en, r.names_und, "|".join(latin_in_ar),
            r.names_other, city["alternatenames"] if city is not None else "", "|".join(arabic_cell), r.names_ku,
        )
        population = r.population or (city["population"] if city is not None else "")
        rows.append(
            {
                "place_id": f"wof:{r.wof_id}",
                "wof_id": int(r.wof_id),
                "geonameid": int(gid) if gid else None,
                "name": name,
                "name_ar": "|".join(arabic_cell),
                "name_ku": join_names(split_names(r.names_ku)),
                "names": join_names(all_names, exclude=(name,)),
                "country": r.country,
                "placetype": r.placetype,
                "feature_class": r.feature_class or "P",
                "feature_code": r.feature_code or ("PPL" if r.placetype == "locality" else r.placetype.upper()),
                "population": int(float(population)) if population not in ("", "0") else None,
                "is_current": int(r.mz_is_current) if r.mz_is_current else -1,
                "lat": float(r.lat),
                "lon": float(r.lon),
                "source": "Who's On First" + (" / GeoNames" if gid else ""),
            }
        )
    used = {str(x["geonameid"]) for x in rows if x["geonameid"]}
    for gid, c in cities.iterrows():
        if gid in used:
            continue
        all_names = split_names(c["name"], c["alternatenames"])
        rows.append(
            {
                "place_id": f"geonames:{gid}",
                "wof_id": None,
                "geonameid": int(gid),
                "name": c["name"],
                "name_ar": join_names([n for n in all_names if is_arabic_script(n)]),
                "name_ku": "",
                "names": join_names(all_names, exclude=(c["name"],)),
                "country": c["countrycode"],
                "placetype": "locality",
                "feature_class": "P",
                "feature_code": "PPL",
                "population": int(c["population"]) if c["population"] not in ("", "0") else None,
                "is_current": -1,
                "lat": float(c["latitude"]),
                "lon": float(c["longitude"]),
                "source": "GeoNames cities500",
            }
        )
    df = pd.DataFrame(rows)
    df["wof_id"] = df["wof_id"].astype("Int64")
    df["geonameid"] = df["geonameid"].astype("Int64")
    df["population"] = df["population"].astype("Int64")
    df["is_current"] = df["is_current"].astype("int8")
    df = df.sort_values("place_id").reset_index(drop=True)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    path = admin_path(gdf, layers)
    for col in path.columns:
        gdf[col] = path[col].to_numpy()
    manifest["counts"]["places_from_cities500_only"] = int((gdf["source"] == "GeoNames cities500").sum())
    manifest["counts"]["places_admin_nearest"] = int((gdf["admin_method"] == "nearest").sum())
    manifest["counts"]["places_admin_none"] = int((gdf["admin_method"] == "").sum())
    return gdf


# --------------------------------------------------------------------------- 3. landmarks


def build_landmarks(shared: Path, layers: dict[str, gpd.GeoDataFrame], manifest: dict) -> gpd.GeoDataFrame:
    g = shared / "gazetteer"
    path = g / "iraq_landmarks.geojson"
    manifest["inputs"][path.name] = sha16(path)
    manifest["inputs"]["iraq_landmarks.tsv"] = sha16(g / "iraq_landmarks.tsv")
    manifest["inputs"]["iraq_landmarks_curated.tsv"] = sha16(g / "iraq_landmarks_curated.tsv")
    raw = read_geojson(path)
    tsv = read_tsv(g / "iraq_landmarks.tsv").set_index("feature_id")
    curated = read_tsv(g / "iraq_landmarks_curated.tsv")
    # The older curated table has a few spellings the landmark table lacks; fold them in.
    extra = {
        "lm-hamrin-mountains": split_names(curated.loc[curated["key"] == "hamrin_mountains", "alt_names"].iloc[0]),
        "lm-qarachogh": split_names(curated.loc[curated["key"] == "qarachogh", "alt_names"].iloc[0]),
    }
    out = pd.DataFrame(
        {
            "feature_id": raw["feature_id"],
            "name": raw["name"],
            "feature_type": raw["feature_class"],
            "names": [
                join_names(split_names("|".join(tsv.loc[fid, "alt_names"].split("|")), "|".join(extra.get(fid, []))), exclude=(n,))
                for fid, n in zip(raw["feature_id"], raw["name"])
            ],
            "geometry_kind": raw["geometry_kind"],
            "rep_lat": raw["lat"].astype(float),
            "rep_lon": raw["lon"].astype(float),
            "uncertainty_km": raw["uncertainty_km"].astype(float),
            "admin1_hint": [tsv.loc[f, "admin1_hint"] for f in raw["feature_id"]],
            "source_url": [tsv.loc[f, "source_url"] for f in raw["feature_id"]],
            "source_note": [tsv.loc[f, "source_note"] for f in raw["feature_id"]],
        }
    )
    gdf = gpd.GeoDataFrame(out, geometry=raw.geometry.values, crs="EPSG:4326")
    rep = gpd.GeoDataFrame(geometry=gpd.points_from_xy(gdf["rep_lon"], gdf["rep_lat"]), crs="EPSG:4326")
    path_df = admin_path(rep, layers)
    for col in ["adm1_code", "adm1_name", "adm2_code", "adm2_name", "adm3_code", "adm3_name"]:
        gdf[col] = path_df[col].to_numpy()
    adm1 = layers["adm1"]
    tree = shapely.STRtree(adm1.geometry.values)
    li, pi = tree.query(gdf.geometry.values, predicate="intersects")
    touched = pd.DataFrame({"l": li, "code": adm1["adm1_code"].to_numpy()[pi]}).sort_values(["l", "code"])
    lists = touched.groupby("l")["code"].agg("|".join)
    gdf["adm1_codes"] = [lists.get(i, "") for i in range(len(gdf))]
    gdf["country"] = np.where(gdf["adm1_code"].str.startswith("SY"), "SY", np.where(gdf["adm1_code"] == "", "", "IQ"))
    gdf["source"] = "geoincidents landmarks (curated from public sources; see source_url)"
    return gpd.GeoDataFrame(gdf.sort_values("feature_id").reset_index(drop=True), crs="EPSG:4326")


# --------------------------------------------------------------------------- 4. disputed, KRI


def build_disputed(shared: Path, layers: dict[str, gpd.GeoDataFrame], manifest: dict):
    d = shared / "disputed"
    path = d / "disputed_territories_units.tsv"
    manifest["inputs"][path.name] = sha16(path)
    units = read_tsv(path)
    geoms = []
    for level, code in zip(units["unit_level"], units["pcode"]):
        lay = layers[level.lower()]
        match = lay.loc[lay[f"{level.lower()}_code"] == code]
        if len(match) != 1:
            raise SystemExit(f"disputed unit {code} ({level}) not found in the admin layer")
        geoms.append(match.geometry.iloc[0])
    units_gdf = gpd.GeoDataFrame(
        units.rename(columns={"cod_name_en": "name_en", "cod_name_ar": "name_ar"}),
        geometry=geoms,
        crs="EPSG:4326",
    ).sort_values(["tier", "pcode"]).reset_index(drop=True)
    units_gdf["source_note"] = (
        "Unit list compiled from commonly cited descriptions of the UNAMI 2008-2009 Disputed Internal "
        "Boundaries reports and Article 2 of the 2009 draft Kurdistan Region constitution; "
        "not an official boundary. " + units_gdf["note"]
    )
    core_units = units_gdf.loc[units_gdf["tier"] == "core"]
    core = shapely.union_all(core_units.geometry.values)
    extended = shapely.union_all(units_gdf.geometry.values)
    common = {
        "method": "",
        "authoritative": False,
        "caveat": "disputed-territory delineation is an approximation, not an official boundary",
    }
    disputed = gpd.GeoDataFrame(
        [{
            "disputed_code": "DIT_core",
            "disputed_name": "Disputed internal territories (core definition)",
            "definition": "core",
            "unit_pcodes": "|".join(sorted(core_units["pcode"])),
            **common,
            "method": "dissolve of the OCHA COD-AB units with tier=core",
        }],
        geometry=[core],
        crs="EPSG:4326",
    )
    disputed_ext = gpd.GeoDataFrame(
        [{
            "disputed_extended_code": "DIT_extended",
            "disputed_extended_name": "Disputed internal territories (extended definition: core plus extended units)",
            "definition": "extended",
            "unit_pcodes": "|".join(sorted(units_gdf["pcode"])),
            **common,
            "method": "dissolve of the OCHA COD-AB units with tier=core or tier=extended",
        }],
        geometry=[extended],
        crs="EPSG:4326",
    )
    adm1 = layers["adm1"]
    kri_codes = ["IQG06", "IQG09", "IQG11"]
    kri_geom = shapely.union_all(adm1.loc[adm1["adm1_code"].isin(kri_codes)].geometry.values)
    kri = gpd.GeoDataFrame(
        [{
            "kri_code": "KRI",
            "kri_name": "Kurdistan Region (de jure governorates: Duhok, Erbil, Al-Sulaymaniyah incl. Halabja)",
            "adm1_codes": "|".join(kri_codes),
            "method": "dissolve of OCHA COD-AB 2019 ADM1 IQG06, IQG09, IQG11",
            "caveat": "the de jure governorate extent; not the 1991 Green Line nor the 2014-2017 KRG-held area",
            "authoritative": False,
        }],
        geometry=[kri_geom],
        crs="EPSG:4326",
    )
    manifest["areas_deg2"] = {
        "disputed_core": round(float(core.area), 6),
        "disputed_extended": round(float(extended.area), 6),
        "kri": round(float(kri_geom.area), 6),
    }
    for src in ("disputed_territories_dissolved.geojson", "kurdistan_region_governorates.geojson"):
        manifest["inputs"][src] = sha16(d / src)
    return units_gdf, disputed, disputed_ext, kri


# --------------------------------------------------------------------------- 5. countries


def build_countries(shared: Path, manifest: dict) -> gpd.GeoDataFrame:
    path = shared / "boundaries" / "ne_10m_admin0_iraq_neighbours.geojson"
    manifest["inputs"][path.name] = sha16(path)
    raw = read_geojson(path)
    iso2 = {"IRQ": "IQ", "SYR": "SY", "TUR": "TR", "IRN": "IR", "JOR": "JO", "KWT": "KW", "SAU": "SA"}
    out = gpd.GeoDataFrame(
        {
            "country_code": raw["iso_a3"].map(iso2),
            "iso_a3": raw["iso_a3"],
            "country_name": raw["name"],
            "source": "Natural Earth 1:10m admin-0 v4.1.0 (public domain) via world-atlas 2.0.2",
        },
        geometry=shapely.make_valid(raw.geometry.values),
        crs="EPSG:4326",
    )
    return gpd.GeoDataFrame(out.sort_values("country_code").reset_index(drop=True), crs="EPSG:4326")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "data" / "gazetteer")
    args = ap.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "PROVENANCE.md").exists():
        print(f"error: no raw inputs at {shared} (expected PROVENANCE.md there)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"inputs": {}, "counts": {}, "builder": "scripts/build_gazetteer.py"}

    layers = build_admin(shared, manifest)
    places = build_places(shared, layers, manifest)
    landmarks = build_landmarks(shared, layers, manifest)
    units, disputed, disputed_ext, kri = build_disputed(shared, layers, manifest)
    countries = build_countries(shared, manifest)

    outputs = {
        **layers,
        "places": places,
        "landmarks": landmarks,
        "disputed_units": units,
        "disputed": disputed,
        "disputed_extended": disputed_ext,
        "kri": kri,
        "countries": countries,
    }
    for name, gdf in outputs.items():
        write(gdf, out, name)
        manifest["counts"][name] = int(len(gdf))
    for key in ("adm0", "adm1", "adm2", "adm3"):
        manifest["counts"][f"{key}_by_country"] = {
            k: int(v) for k, v in layers[key]["country"].value_counts().sort_index().items()
        }
    manifest["counts"]["places_by_country"] = {
        k: int(v) for k, v in places["country"].value_counts().sort_index().items()
    }
    # The gazetteer's names index (entities.parquet, names.parquet) is derived from the tables
    # just written; see scripts/build_names_index.py.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_names_index import write_tables

    write_tables(out)
    manifest["files"] = {p.name: sha16(p) for p in sorted(out.glob("*.parquet"))}
    # The point-attribution grid (geoincidents/_grid.py) over the admin/territory layers just
    # written, stored with the checksums of the files it was built from.
    sys.path.insert(0, str(REPO))
    from geoincidents._grid import write_bundled

    write_bundled(out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(json.dumps(manifest["counts"], indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""attribute() and aggregate() on the real bundled layers and places."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoincidents.data import load_layer, load_table
from geoincidents.errors import CRSError, InputError
from geoincidents.join import ATTRIBUTE_COLUMNS, aggregate, attribute


@pytest.fixture(scope="module")
def iraq_places() -> gpd.GeoDataFrame:
    p = load_table("places")
    return p.loc[p["country"] == "IQ"].reset_index(drop=True)


def _sjoin_lowest(points: gpd.GeoDataFrame, layer: str) -> tuple[pd.Series, pd.Series]:
    """Plain geopandas: every matching unit per point, and the lowest code among them."""
    lay = load_layer(layer)[[f"{layer}_code", "geometry"]]
    j = gpd.sjoin(points[["geometry"]], lay, how="left", predicate="intersects")
    codes = j[f"{layer}_code"]
    n_match = codes.groupby(level=0).count().reindex(points.index)
    lowest = codes.groupby(level=0).min().reindex(points.index)
    return lowest, n_match


def test_governorates_agree_with_plain_sjoin_on_all_iraqi_places(iraq_places):
    ours = attribute(iraq_places[["place_id", "geometry"]], progress=False)
    assert len(ours) == len(iraq_places) > 22_000
    assert (ours["place_id"].to_numpy() == iraq_places["place_id"].to_numpy()).all()
    lay = load_layer("adm1")[["adm1_code", "geometry"]]
    plain = gpd.sjoin(iraq_places[["geometry"]], lay, how="left", predicate="intersects")
    # a plain sjoin gives one row per matching polygon: points on shared boundaries repeat
    first = plain[~plain.index.duplicated(keep="first")]["adm1_code"].reindex(iraq_places.index)
    mine = ours["adm1_code"].astype(object)
    agree = (mine.fillna("-").to_numpy() == first.fillna("-").to_numpy())
    assert agree.mean() >= 0.995
    # every disagreement is a point on a shared boundary where the plain join's first match is
    # not the lowest pcode
    multi = plain.index.value_counts()
    disagree = iraq_places.index[~agree]
    assert all(multi.get(i, 0) > 1 for i in disagree)
    lowest, _ = _sjoin_lowest(iraq_places, "adm1")
    assert (mine.fillna("-").to_numpy() == lowest.fillna("-").to_numpy()).all()


@pytest.mark.parametrize("layer", ["adm1", "adm2", "adm3"])
def test_every_level_identical_to_lowest_code_sjoin(iraq_places, layer):
    ours = attribute(iraq_places[["geometry"]], layers=(layer,), progress=False)
    lowest, _ = _sjoin_lowest(iraq_places, layer)
    assert (ours[f"{layer}_code"].astype(object).fillna("-").to_numpy()
            == lowest.fillna("-").to_numpy()).all()


def test_places_own_admin_columns_agree():
    places = load_table("places")
    ours = attribute(places[["place_id", "geometry"]], progress=False)
    within = (places["admin_method"] == "within").to_numpy()
    for level in ("adm1", "adm2", "adm3"):
        mine = ours[f"{level}_code"].astype(object).fillna("").to_numpy()
        theirs = places[f"{level}_code"].fillna("").to_numpy()
        assert (mine[within] == theirs[within]).all(), level
    # the build's "nearest" fallback is for points just outside the outline: we say so
    status = ours["location_status"].astype(str).to_numpy()
    assert (status[~within] == "outside_coverage").all()
    assert (status[within] == "located").all()


def test_grid_agrees_with_exact_tests_on_random_and_boundary_points():
    rng = np.random.default_rng(7)
    adm3 = load_layer("adm3")
    verts = shapely.get_coordinates(adm3.geometry.values)
    verts = verts[rng.choice(len(verts), 3000, replace=False)]
    rand = np.column_stack([rng.uniform(35, 49, 20_000), rng.uniform(28.5, 38, 20_000)])
    xy = np.vstack([verts, rand])
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:4326")
    layers = ("adm0", "adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
    ours = attribute(pts, layers=layers, progress=False)
    for layer in ("adm0", "adm1", "adm2", "adm3"):
        lowest, _ = _sjoin_lowest(pts, layer)
        assert (ours[f"{layer}_code"].astype(object).fillna("-").to_numpy()
                == lowest.fillna("-").to_numpy()).all(), layer
    for t in ("disputed", "disputed_extended", "kri"):
        geom = load_layer(t).geometry.iloc[0]
        expected = shapely.intersects(geom, pts.geometry.values)
        assert (ours[t].to_numpy(dtype=bool) == expected).all(), t


def test_point_on_shared_boundary_gets_lowest_pcode():
    adm1 = load_layer("adm1").set_index("adm1_code")
    shared = shapely.intersection(adm1.geometry["IQG13"].boundary, adm1.geometry["IQG16"].boundary)
    vertex = shapely.get_coordinates(shared)[3]
    pt = gpd.GeoDataFrame({"id": ["b"]}, geometry=[shapely.Point(vertex)], crs="EPSG:4326")
    out = attribute(pt, layers=("adm1",), progress=False)
    assert out["adm1_code"].iloc[0] == "IQG13"  # Kirkuk and Salah Al-Din: lowest code


def _row(geom, **kw):
    return {"geometry": geom, **kw}


def test_territories_kirkuk_erbil_badra():
    # Kirkuk city (core disputed), Erbil city (KRI), Badra town (extended only), Basra
    pts = gpd.GeoDataFrame(
        {"id": ["kirkuk", "erbil", "badra", "basra"]},
        geometry=[shapely.Point(44.392, 35.468), shapely.Point(44.009, 36.191),
                  shapely.Point(45.956, 33.108), shapely.Point(47.78, 30.51)],
        crs="EPSG:4326",
    )
    out = attribute(pts, progress=False).set_index("id")
    assert out.loc["kirkuk", "adm1_code"] == "IQG13" and out.loc["kirkuk", "disputed"]
    assert out.loc["erbil", "kri"] and not out.loc["erbil", "disputed"]
    assert not out.loc["badra", "disputed"] and out.loc["badra", "disputed_extended"]
    assert not out.loc["basra", "disputed_extended"] and not out.loc["basra", "kri"]


def test_preserves_order_index_ids_and_columns():
    pts = gpd.GeoDataFrame(
        {"id": ["c", "a", "b", "a"], "extra": [1, 2, 3, 4]},
        geometry=[shapely.Point(44.39, 35.47), None, shapely.Point(np.nan, np.nan),
                  shapely.Point(51.4, 35.7)],
        index=[40, 10, 30, 20],
        crs="EPSG:4326",
    )
    out = attribute(pts, progress=False)
    assert list(out.index) == [40, 10, 30, 20]
    assert list(out["id"]) == ["c", "a", "b", "a"]
    assert list(out["extra"]) == [1, 2, 3, 4]
    assert list(out["location_status"].astype(str)) == [
        "located", "no_geometry", "invalid_coordinates", "outside_coverage"]
    assert out["disputed"].isna().tolist() == [False, True, True, False]


def test_any_crs_is_reprojected_and_missing_crs_is_an_error():
    pts = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.Point(44.392, 35.468)], crs="EPSG:4326")
    utm = pts.to_crs("EPSG:32638")
    assert attribute(utm, progress=False)["adm1_code"].iloc[0] == "IQG13"
    bare = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.Point(44.392, 35.468)])
    with pytest.raises(CRSError):
        attribute(bare, progress=False)
    assert attribute(bare, crs="EPSG:4326", progress=False)["adm1_code"].iloc[0] == "IQG13"


def test_bad_arguments_are_input_errors():
    pts = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.Point(44.39, 35.47)], crs="EPSG:4326")
    with pytest.raises(InputError) as e:
        attribute(pts, layers=("adm9",), progress=False)
    assert e.value.field == "layers"
    with pytest.raises(InputError) as e:
        attribute(pd.DataFrame({"a": [1]}), progress=False)
    assert e.value.field == "geometry"


def test_lines_get_shares_and_the_named_governorate():
    lm = load_table("landmarks").set_index("feature_id")
    hamrin = lm.loc["lm-hamrin-mountains", "geometry"]
    assert hamrin.geom_type in ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
    gdf = gpd.GeoDataFrame(
        {"id": ["named", "unnamed"], "location_precision": ["linear", "linear"],
         "resolved_admin1_code": ["IQG16", None]},
        geometry=[hamrin, hamrin], crs="EPSG:4326",
    )
    out = attribute(gdf, progress=False)
    codes = out["adm1_codes"].iloc[0].split("|")
    shares = [float(s) for s in out["adm1_shares"].iloc[0].split("|")]
    assert set(codes) == {"IQG10", "IQG13", "IQG16"}  # Diyala, Kirkuk, Salah Al-Din
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) == pytest.approx(1.0, abs=0.01)
    assert out["adm1_code"].iloc[0] == "IQG16"  # named in the text
    assert out["adm1_code"].iloc[1] == codes[0]  # else the largest share
    assert pd.isna(out["adm2_code"].iloc[0])  # a range does not say which district
    assert out["disputed"].iloc[0] and 0 < out["disputed_share"].iloc[0] < 1


def test_polygon_precision_adm1_is_not_given_a_district():
    adm1 = load_layer("adm1").set_index("adm1_code")
    adm2 = load_layer("adm2").set_index("adm2_code")
    gdf = gpd.GeoDataFrame(
        {"id": ["gov", "district"], "location_precision": ["adm1", "adm2"]},
        geometry=[adm1.geometry["IQG13"], adm2.geometry["IQG13Q01"]], crs="EPSG:4326",
    )
    out = attribute(gdf, progress=False)
    assert out["adm1_code"].tolist() == ["IQG13", "IQG13"]
    assert pd.isna(out["adm2_code"].iloc[0])
    assert out["adm2_code"].iloc[1] == "IQG13Q01"
    assert pd.isna(out["adm3_code"].iloc[1])
    assert float(out["adm1_shares"].iloc[0].split("|")[0]) == pytest.approx(1.0, abs=1e-3)
    assert out["disputed_share"].iloc[0] == pytest.approx(1.0, abs=1e-3)  # all of Kirkuk


def test_point_precision_limits_levels():
    p = shapely.Point(44.392, 35.468)
    gdf = gpd.GeoDataFrame(
        {"location_precision": ["exact", "adm2", "adm1", "country"]},
        geometry=[p, p, p, p], crs="EPSG:4326",
    )
    out = attribute(gdf, progress=False)
    assert out["adm3_code"].notna().tolist() == [True, False, False, False]
    assert out["adm2_code"].notna().tolist() == [True, True, False, False]
    assert out["adm1_code"].notna().tolist() == [True, True, True, False]
    assert out["disputed"].isna().tolist() == [False, False, False, True]


def test_user_layer_invalid_polygon_is_repaired_with_warning():
    bowtie = shapely.Polygon([(44, 35), (45, 36), (45, 35), (44, 36), (44, 35)])
    assert not bowtie.is_valid
    layer = gpd.GeoDataFrame({"zone_code": ["Z1"]}, geometry=[bowtie], crs="EPSG:4326")
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.2, 35.5), shapely.Point(44.5, 35.9)],
                           crs="EPSG:4326")
    with pytest.warns(UserWarning, match="repaired"):
        out = attribute(pts, layers=[("zone", layer)], progress=False)
    assert out["zone_code"].iloc[0] == "Z1"
    assert pd.isna(out["zone_code"].iloc[1])


def test_reattributing_replaces_columns():
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.39, 35.47)], crs="EPSG:4326")
    once = attribute(pts, progress=False)
    twice = attribute(once, progress=False)
    assert list(twice.columns) == list(once.columns)
    assert set(ATTRIBUTE_COLUMNS) >= set(once.columns) - {"geometry"}


def test_aggregate_counts_every_incident_and_buckets_coarse_ones():
    p = shapely.Point(44.392, 35.468)  # Kirkuk city
    q = shapely.Point(44.009, 36.191)  # Erbil city
    gdf = gpd.GeoDataFrame(
        {
            "date_start": pd.to_datetime(["2020-04-01", "2020-04-20", "2020-05-02", "2020-05-03", "2020-05-04"]),
            "location_precision": ["exact", "adm1", "exact", "exact", None],
            "fatalities_low": [1, 2, 3, 0, 1], "fatalities_best": [1, 2, 4, 0, 1],
            "fatalities_high": [1, 5, 6, 0, 1],
        },
        geometry=[p, p, p, q, None], crs="EPSG:4326",
    )
    by1 = aggregate(attribute(gdf, progress=False), by="adm1", period="M")
    assert by1["events"].sum() == 5
    kirkuk_april = by1[(by1["unit_code"] == "IQG13") & (by1["period"] == "2020-04")]
    assert kirkuk_april["events"].iloc[0] == 2
    assert kirkuk_april["fatalities_high"].iloc[0] == 6
    by2 = aggregate(gdf, by="adm2", period=None)
    assert by2["events"].sum() == 5
    bucket = by2[~by2["assigned"] & (by2["unit_level"] == "adm1")]
    assert bucket["unit_code"].tolist() == ["IQG13"] and bucket["events"].iloc[0] == 1
    assert bucket.geometry.iloc[0].equals(load_layer("adm1").set_index("adm1_code").geometry["IQG13"])
    none = by2[by2["unit_level"] == "none"]
    assert none["events"].sum() == 1 and none.geometry.isna().all()
    dit = aggregate(gdf, by="disputed", period=None)
    assert dit.loc[dit["unit_code"] == "DIT_core", "events"].iloc[0] == 3
    with pytest.raises(InputError):
        aggregate(gdf, by="adm9")


def test_bundled_grid_was_built_from_the_shipped_layers():
    from geoincidents import _grid
    from geoincidents.data import data_dir, manifest

    files = {n: manifest()["files"][f"{n}.parquet"] for n in _grid.GRID_LAYERS}
    assert _grid._load(data_dir() / "grid.npz", _grid.RES, files) is not None, (
        "data/gazetteer/grid.npz is stale: re-run scripts/build_gazetteer.py")


def test_unknown_precision_names_row_and_field():
    gdf = gpd.GeoDataFrame({"location_precision": ["exact", "street"]},
                           geometry=[shapely.Point(44.39, 35.47)] * 2, crs="EPSG:4326")
    with pytest.raises(InputError) as e:
        attribute(gdf, progress=False)
    assert (e.value.row, e.value.field) == (1, "location_precision")


@pytest.mark.slow
def test_grid_is_rebuilt_and_cached_when_not_bundled(tmp_path):
    import shutil
    import subprocess
    import sys

    from geoincidents.data import data_dir

    data = tmp_path / "data"
    data.mkdir()
    for f in data_dir().iterdir():
        if f.name != "grid.npz":
            shutil.copy(f, data / f.name)
    cache = tmp_path / "cache"
    code = (
        "import numpy as np; from geoincidents import _grid; g = _grid.grid(); "
        f"z = np.load({str(data_dir() / 'grid.npz')!r}); "
        "assert (g.combos[g.cells] == z['combos'][z['cells']]).all(); print('same')"
    )
    env = {**__import__("os").environ, "GEOINCIDENTS_DATA": str(data), "GEOINCIDENTS_CACHE": str(cache)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=600, cwd=str(Path(__file__).resolve().parents[1]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "same"
    assert len(list(cache.glob("grid-*.npz"))) == 1


def _kirkuk_frame() -> gpd.GeoDataFrame:
    """Exact and coarse points, one district polygon, a point far outside and a missing one."""
    adm2 = load_layer("adm2").set_index("adm2_code")
    return gpd.GeoDataFrame(
        {
            "date_start": pd.to_datetime(["2020-01-03", "2020-01-09", "2020-02-11", "2020-02-12", "2020-02-13"]),
            "location_precision": ["exact", "adm1", "adm2", "exact", None],
            "fatalities_best": [2, 1, 0, 3, None],
        },
        geometry=[shapely.Point(44.392, 35.468), shapely.Point(44.0, 36.19), adm2.geometry["IQG13Q01"],
                  shapely.Point(60.0, 10.0), None],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize("ext", ["csv", "geojson", "gpkg", "parquet"])
def test_attributed_columns_round_trip_through_files(tmp_path, ext):
    from geoincidents.incidents import read_incidents, write_incidents

    for frame in (_kirkuk_frame(), _kirkuk_frame().iloc[[0, 3, 4]]):  # with and without shapes
        ours = attribute(frame, progress=False)
        back = read_incidents(write_incidents(ours, tmp_path / f"out.{ext}"), progress=False)
        for c in [c for c in ours.columns if c in ATTRIBUTE_COLUMNS]:
            assert str(back[c].dtype) == str(ours[c].dtype), c
            if c.endswith("_share"):
                np.testing.assert_allclose(back[c].to_numpy(float), ours[c].to_numpy(float), atol=1e-4)
            else:
                assert back[c].astype(object).tolist() == ours[c].astype(object).tolist(), c


def test_missing_columns_shared_copy_on_write_behave_as_separate_columns():
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(44.392, 35.468), shapely.Point(44.0, 36.19)],
                           crs="EPSG:4326", index=["a", "a"])  # points only: lists all NA
    out = attribute(pts, progress=False)
    lists = ["adm1_codes", "adm1_shares", "adm2_codes", "adm2_shares", "adm3_codes", "adm3_shares"]
    shares = ["disputed_share", "disputed_extended_share", "kri_share"]
    assert out[lists].isna().all().all() and out[shares].isna().all().all()
    assert all(out[c].dtype == "category" for c in lists) and (out[shares].dtypes == "float32").all()
    out["adm2_codes"] = out["adm2_codes"].cat.add_categories(["X"])
    out.iloc[0, out.columns.get_loc("adm2_codes")] = "X"
    out.iloc[1, out.columns.get_loc("kri_share")] = 0.5
    assert out["adm2_codes"].tolist()[0] == "X"
    assert out.drop(columns="adm2_codes")[lists[:2] + lists[3:]].isna().all().all()
    assert out["kri_share"].iloc[1] == 0.5
    assert out[["disputed_share", "disputed_extended_share"]].isna().all().all()


def test_grid_blocks_hold_the_stored_cells():
    from geoincidents import _grid
    from geoincidents.data import data_dir

    g = _grid.grid()
    with np.load(data_dir() / "grid.npz") as z:
        cells = z["cells"]
    assert g.shape == cells.shape
    assert g.blocks.nbytes + g.tiles.nbytes < cells.nbytes / 4
    assert (g.cells == cells).all()
    # every cell of every mixed block, plus random points, looked up from the blocks
    ny, nx = cells.shape
    by, bx = np.nonzero(g.blocks < 0)
    dy, dx = np.divmod(np.arange(_grid.BLOCK * _grid.BLOCK), _grid.BLOCK)
    iy = (by[:, None] * _grid.BLOCK + dy).ravel()
    ix = (bx[:, None] * _grid.BLOCK + dx).ravel()
    keep = (iy < ny) & (ix < nx)
    iy, ix = iy[keep], ix[keep]
    rng = np.random.default_rng(5)
    fy = np.concatenate([iy + 0.5, rng.uniform(0, ny, 100_000)])
    fx = np.concatenate([ix + 0.5, rng.uniform(0, nx, 100_000)])
    got = g.lookup(g.x0 + fx / g.res, g.y0 + fy / g.res)
    assert (got == cells[fy.astype(int), fx.astype(int)]).all()
    assert (g.lookup(np.array([g.x0 - 1, np.nan]), np.array([g.y0, g.y0])) == -1).all()


def test_aggregate_lists_every_unit_and_period_with_zeros():
    gdf = _kirkuk_frame()
    adm2 = load_layer("adm2")
    out = aggregate(gdf, by="adm2", period="M")
    assert out["events"].sum() == len(gdf)
    units = out[out["assigned"]]
    # every district of the layer, once per month present in the data
    assert sorted(units["period"].unique()) == ["2020-01", "2020-02"]
    for _, rows in units.groupby("period"):
        assert sorted(rows["unit_code"]) == sorted(adm2["adm2_code"])
        assert rows.geometry.notna().all() and rows["unit_name"].notna().all()
    def unit_of(layer, point):  # the unit the plain point-in-polygon test gives
        lay = load_layer(layer)
        return lay.loc[lay.contains(point), f"{layer}_code"].min()

    kirkuk_district = unit_of("adm2", gdf.geometry.iloc[0])
    assert kirkuk_district != "IQG13Q01"
    counts = units.set_index(["unit_code", "period"])["events"]
    seen = [(kirkuk_district, "2020-01"), ("IQG13Q01", "2020-02")]  # the point, the polygon
    assert counts[seen[0]] == 1 and counts[seen[1]] == 1
    assert (counts.drop(seen) == 0).all()
    fat = units.set_index(["unit_code", "period"])["fatalities_best"]
    assert fat[seen[0]] == 2 and fat.sum() == 2
    # precision-aware: the governorate-level point counts for no district, only in its
    # governorate's bucket; the unlocated ones in 'none' rows
    bucket = out[~out["assigned"] & (out["unit_level"] == "adm1")]
    assert bucket[["unit_code", "period", "events"]].values.tolist() == [
        [unit_of("adm1", gdf.geometry.iloc[1]), "2020-01", 1]]
    assert out.loc[out["unit_level"] == "none", "events"].sum() == 2
    assert out.crs == "EPSG:4326"


def test_aggregate_only_with_events_is_the_sparse_listing():
    gdf = _kirkuk_frame()
    for by, period in (("adm1", "M"), ("adm3", None), ("kri", "M"), ("disputed", None)):
        dense = aggregate(gdf, by=by, period=period)
        sparse = aggregate(gdf, by=by, period=period, only_with_events=True)
        assert (sparse["events"] > 0).all() and sparse["events"].sum() == dense["events"].sum()
        pd.testing.assert_frame_equal(
            dense[dense["events"] > 0].reset_index(drop=True), sparse.reset_index(drop=True))
        assert len(dense) > len(sparse) or by in ("kri", "disputed")
    kri = aggregate(gdf, by="kri", period="M")
    inside = kri[kri["unit_level"] == "kri"].set_index("period")["events"]
    # January: the governorate-level point stands for Erbil, a KRI governorate; February has
    # none there, so it is a 0 row, and absent from the sparse listing
    assert inside.to_dict() == {"2020-01": 1, "2020-02": 0}
    sparse = aggregate(gdf, by="kri", period="M", only_with_events=True)
    assert sparse.loc[sparse["unit_level"] == "kri", "period"].tolist() == ["2020-01"]


def test_choropleth_of_aggregate_shows_units_without_incidents_as_zero():
    import json
    import re

    from geoincidents.render import render_map

    gdf = _kirkuk_frame()
    agg = aggregate(gdf, by="adm1", period=None)
    html = render_map(gdf, choropleth=agg).get_root().render()
    docs = [json.loads(body) for body in re.findall(
        r'<script type="application/json" id="geo_incidents_geo_[0-9a-f]{32}_data">(.*?)</script>',
        html, re.S)]
    feats = next(d["geojson"]["features"] for d in docs
                 if d["geojson"]["features"] and "tip" in d["geojson"]["features"][0]["properties"])
    units = agg[agg["assigned"]]
    assert len(feats) == len(units) == len(load_layer("adm1"))  # every governorate is drawn
    fill = {f["properties"]["tip"].split(":")[0]: f["properties"]["fill"] for f in feats}
    with_events = set(units.loc[units["events"] > 0, "unit_name"])
    assert with_events and len(with_events) < len(units)
    zero_fill = {fill[name] for name in units["unit_name"] if name not in with_events}
    assert len(zero_fill) == 1  # one colour for "no incidents", the lightest...
    assert zero_fill.isdisjoint(fill[name] for name in with_events)  # ...and no one else's
    for name in units.loc[units["events"] == 0, "unit_name"]:
        assert f"{name}: 0 (events)" in {f["properties"]["tip"] for f in feats}

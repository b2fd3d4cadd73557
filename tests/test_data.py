"""Invariants of the shipped gazetteer data (data/gazetteer, built by scripts/build_gazetteer.py)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geoincidents import load_layer, load_table
from geoincidents.data import LAYERS, data_dir, example_path, manifest
from geoincidents.errors import InputError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def test_layers_have_contract_columns():
    for name in LAYERS:
        gdf = load_layer(name)
        assert {f"{name}_code", f"{name}_name", "geometry"} <= set(gdf.columns), name
        assert gdf.crs.to_epsg() == 4326
        assert gdf[f"{name}_code"].is_unique
        assert gdf.geometry.is_valid.all(), name
        assert not gdf.geometry.is_empty.any(), name


def test_counts_match_the_manifest_and_the_sources():
    counts = manifest()["counts"]
    assert counts["adm1_by_country"] == {"IQ": 18, "SY": 14}
    assert counts["adm2_by_country"] == {"IQ": 101, "SY": 62}
    assert counts["adm3_by_country"] == {"IQ": 294}
    for name in ("adm0", "adm1", "adm2", "adm3", "places", "landmarks", "disputed_units"):
        assert len(load_table(name)) == counts[name]
    assert len(load_table("landmarks")) == 113
    assert len(load_table("disputed_units")) == 19


@pytest.mark.parametrize("country", ["IQ", "SY"])
@pytest.mark.parametrize("level", ["adm1", "adm2", "adm3"])
def test_admin_levels_tile_adm0_without_gaps_or_overlaps(level, country):
    layer = load_layer(level)
    layer = layer[layer["country"] == country]
    if layer.empty:
        pytest.skip(f"no {level} for {country} (Syria ships ADM0-ADM2)")
    adm0 = load_layer("adm0").set_index("adm0_code").geometry[country]
    union = shapely.union_all(layer.geometry.values)
    gap_or_excess = shapely.symmetric_difference(union, adm0).area
    overlap = shapely.area(layer.geometry.values).sum() - union.area
    assert gap_or_excess < 1e-6 * adm0.area
    assert overlap < 1e-6 * adm0.area


def test_iraq_and_syria_do_not_overlap():
    adm0 = load_layer("adm0").set_index("adm0_code").geometry
    assert shapely.intersection(adm0["IQ"], adm0["SY"]).area < 1e-9


def test_every_place_has_a_point_and_iraqi_places_have_admin_codes():
    places = load_table("places")
    assert (places.geometry.geom_type == "Point").all()
    assert not places.geometry.is_empty.any()
    assert places["place_id"].is_unique
    iraq0 = load_layer("adm0").set_index("adm0_code").geometry["IQ"]
    inside = places.geometry.within(iraq0)
    iq = places[inside]
    assert len(iq) > 22_000
    for col in ("adm1_code", "adm2_code", "adm3_code"):
        assert (iq[col].str.len() > 0).all(), col
    assert all(a3.startswith(a2) for a3, a2 in zip(iq["adm3_code"], iq["adm2_code"]))
    assert all(a2.startswith(a1) for a2, a1 in zip(iq["adm2_code"], iq["adm1_code"]))


def test_place_admin_codes_agree_with_a_plain_point_in_polygon_join():
    places = load_table("places")
    adm3 = load_layer("adm3")[["adm3_code", "geometry"]]
    joined = gpd.sjoin(places[["place_id", "adm3_code", "geometry"]], adm3, predicate="within")
    agree = (joined["adm3_code_left"] == joined["adm3_code_right"]).mean()
    assert agree > 0.999


def test_known_places_are_where_the_sources_say():
    places = load_table("places").set_index("place_id")
    tuz = places.loc["wof:421188277"]  # GeoNames 90026, Tuz Khurmatu
    assert tuz["name"] == "Ţūz Khūrmātū"  # not WOF's wrong display name "Taza Khurmato"
    assert tuz["adm2_code"] == "IQG16Q07"
    assert "Tuz Khurmatu" in tuz["names"].split("|")


def test_landmarks_keep_their_line_geometry_and_uncertainty():
    lm = load_table("landmarks").set_index("feature_id")
    hamrin = lm.loc["lm-hamrin-mountains"]
    assert hamrin.geometry.geom_type == "LineString"
    assert hamrin["uncertainty_km"] == 8
    # The range crosses Salah al-Din, Kirkuk and Diyala (OCHA IQG16, IQG13, IQG10).
    assert {"IQG10", "IQG13", "IQG16"} <= set(hamrin["adm1_codes"].split("|"))
    q = lm.loc["lm-qarachogh"]
    assert q.geometry.geom_type == "LineString"
    assert "Qarachokh" in q["names"].split("|")


def test_disputed_territories_are_dissolved_from_the_unit_list():
    units = load_table("disputed_units")
    core = load_layer("disputed").geometry.iloc[0]
    ext = load_layer("disputed_extended").geometry.iloc[0]
    assert set(units["tier"]) == {"core", "extended"}
    assert units["source_note"].str.len().min() > 50
    assert ext.contains(core.buffer(-1e-6))
    # Kirkuk governorate (all four districts) is inside the core definition; Baghdad is not.
    adm1 = load_layer("adm1").set_index("adm1_code").geometry
    assert core.buffer(1e-6).contains(adm1["IQG13"])
    assert not core.intersects(adm1["IQG08"].buffer(-1e-3))
    # The shipped raw dissolve agrees with ours.
    raw = SHARED / "disputed" / "disputed_territories_dissolved.geojson"
    if raw.exists():
        theirs = gpd.read_file(raw).set_index("id").geometry
        assert shapely.symmetric_difference(theirs["DIT_core"], core).area < 1e-4


def test_kri_is_the_three_governorates():
    kri = load_layer("kri").geometry.iloc[0]
    adm1 = load_layer("adm1").set_index("adm1_code").geometry
    three = shapely.union_all([adm1["IQG06"], adm1["IQG09"], adm1["IQG11"]])
    assert shapely.symmetric_difference(kri, three).area < 1e-9


def test_unknown_layer_is_a_clear_error():
    with pytest.raises(InputError, match="unknown layer 'adm4'"):
        load_layer("adm4")


def test_budget_and_example_data():
    total = sum(p.stat().st_size for p in data_dir().iterdir())
    assert total <= 25 * 1024 * 1024
    assert example_path().read_text(encoding="utf-8").startswith("id,date_start")


@pytest.mark.skipif(not (SHARED / "PROVENANCE.md").exists(), reason="raw inputs ../shared/data absent")
def test_build_is_deterministic_and_matches_the_shipped_files(tmp_path):
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True, capture_output=True,
    )
    shipped = data_dir()
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built, "the build wrote nothing"
    for name in built:
        a = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        b = hashlib.sha256((shipped / name).read_bytes()).hexdigest()
        assert a == b, f"{name} differs from the shipped file: re-run scripts/build_gazetteer.py"

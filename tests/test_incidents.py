"""read_incidents / write_incidents / to_acled / to_ucdp / parse_casualties."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoincidents.data import example_path
from geoincidents.errors import CRSError, InputError
from geoincidents.incidents import (
    INCIDENT_COLUMNS,
    parse_casualties,
    read_incidents,
    to_acled,
    to_ucdp,
    write_incidents,
)
from geoincidents.join import attribute
from geoincidents.precision import from_acled, from_ucdp

ACLED_ROWS = [
    {"event_id_cnty": "IRQ9001", "event_date": "2020-04-29", "year": "2020", "time_precision": "1",
     "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
     "actor1": "Military Forces of Iraq", "actor2": "Islamic State (Iraq)", "iso": "368",
     "country": "Iraq", "admin1": "Salah al-Din", "admin2": "Tikrit", "admin3": "Al-Alam",
     "location": "Hamrin Mountains", "latitude": "35.0325", "longitude": "43.646389",
     "geo_precision": "2", "source": "Rudaw", "notes": "Air strikes on caves.", "fatalities": "5"},
    {"event_id_cnty": "IRQ9002", "event_date": "2020-04-12", "year": "2020", "time_precision": "2",
     "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Islamic State (Iraq)",
     "actor2": "", "iso": "368", "country": "Iraq", "admin1": "Kirkuk", "admin2": "Hawija",
     "admin3": "", "location": "Hawija", "latitude": "35.3292", "longitude": "43.7706",
     "geo_precision": "1", "source": "Rudaw; Shafaq", "notes": "", "fatalities": "1"},
    {"event_id_cnty": "SYR9003", "event_date": "2020-04-02", "year": "2020", "time_precision": "3",
     "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "SDF",
     "actor2": "Islamic State (Syria)", "iso": "760", "country": "Syria", "admin1": "Deir-ez-Zor",
     "admin2": "", "admin3": "", "location": "Deir-ez-Zor", "latitude": "35.336",
     "longitude": "40.14", "geo_precision": "3", "source": "SOHR", "notes": "", "fatalities": "0"},
]

UCDP_ROWS = [
    {"id": "301", "date_start": "2020-04-29", "date_end": "2020-04-29", "latitude": "35.0325",
     "longitude": "43.646389", "where_prec": "5", "date_prec": "1", "best": "5", "low": "5",
     "high": "10", "side_a": "Government of Iraq", "side_b": "IS",
     "where_coordinates": "Hamrin mountains", "adm_1": "Salah ad Din governorate",
     "adm_2": "Tikrit district", "source_article": "Rudaw 2020-04-30", "type_of_violence": "1"},
    {"id": "302", "date_start": "2020-04-02", "date_end": "2020-04-30", "latitude": "34.0",
     "longitude": "45.0", "where_prec": "4", "date_prec": "5", "best": "3", "low": "3",
     "high": "3", "side_a": "IS", "side_b": "Civilians", "where_coordinates": "Diyala province",
     "adm_1": "Diyala governorate", "adm_2": "", "source_article": "x", "type_of_violence": "3"},
    {"id": "303", "date_start": "2020-04-10", "date_end": "2020-04-12", "latitude": "36.19",
     "longitude": "44.01", "where_prec": "1", "date_prec": "2", "best": "0", "low": "0",
     "high": "1", "side_a": "PKK", "side_b": "Government of Turkey",
     "where_coordinates": "Erbil town", "adm_1": "Arbil governorate", "adm_2": "",
     "source_article": "y", "type_of_violence": "2"},
]


def _write_csv(path: Path, rows: list[dict], **kw) -> Path:
    with path.open("w", newline="", encoding=kw.pop("encoding", "utf-8")) as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), **kw)
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.mark.parametrize(
    "text, expected",
    [
        (5, (5, 5, 5)),
        ("5", (5, 5, 5)),
        ("5 to 10", (5, 5, 10)),
        ("5-10", (5, 5, 10)),
        ("between 5 and 10", (5, 5, 10)),
        ("10–5", (5, 5, 10)),
        ("at least 5", (5, 5, None)),
        ("more than 5", (6, 6, None)),
        ("5+", (5, 5, None)),
        ("dozens", (24, 24, None)),
        ("several", (3, 3, None)),
        ("up to 10", (0, None, 10)),
        ("about 20", (20, 20, 20)),
        ("one", (1, 1, 1)),
        ("two people killed", (2, 2, 2)),
        ("1,200", (1200, 1200, 1200)),
        ("", (None, None, None)),
        (None, (None, None, None)),
        (float("nan"), (None, None, None)),
    ],
)
def test_parse_casualties(text, expected):
    assert parse_casualties(text) == expected


@pytest.mark.parametrize("bad", ["lots and lots", "-3", 2.5, True])
def test_parse_casualties_rejects(bad):
    with pytest.raises(InputError):
        parse_casualties(bad)



def _assert_same_values(back: pd.DataFrame, path) -> None:
    """Every column of the original file comes back with the same text (coordinates: same value)."""
    orig = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in orig.columns:
        ours = back[col].astype(object).where(back[col].notna(), "").astype(str).tolist()
        if col in ("latitude", "longitude"):
            assert np.allclose([float(v) for v in ours], orig[col].astype(float)), col
        else:
            assert ours == orig[col].tolist(), col

def test_acled_is_recognised_and_round_trips(tmp_path):
    path = _write_csv(tmp_path / "acled.csv", ACLED_ROWS)
    gdf = read_incidents(path, progress=False)
    assert list(gdf.columns[: len(INCIDENT_COLUMNS)]) == list(INCIDENT_COLUMNS)
    assert gdf["id"].tolist() == ["IRQ9001", "IRQ9002", "SYR9003"]
    assert gdf["location_precision"].tolist() == [
        from_acled(2).value, from_acled(1).value, from_acled(3).value]
    assert gdf["date_precision"].tolist() == ["day", "week", "month"]
    assert gdf["actors"].iloc[0] == "Military Forces of Iraq; Islamic State (Iraq)"
    assert gdf["fatalities_best"].tolist() == [5, 1, 0]
    assert gdf.geometry.iloc[0].equals(shapely.Point(43.646389, 35.0325))
    _assert_same_values(to_acled(gdf), path)


def test_ucdp_is_recognised_and_round_trips(tmp_path):
    path = _write_csv(tmp_path / "ged.csv", UCDP_ROWS)
    gdf = read_incidents(path, progress=False)
    assert gdf["id"].tolist() == ["301", "302", "303"]
    assert gdf["location_precision"].tolist() == [from_ucdp(c).value for c in (5, 4, 1)]
    assert gdf["fatalities_low"].tolist() == [5, 3, 0]
    assert gdf["fatalities_high"].tolist() == [10, 3, 1]
    assert gdf["event_type"].tolist() == ["state-based conflict", "one-sided violence", "non-state conflict"]
    assert gdf["date_end"].iloc[1] == pd.Timestamp("2020-04-30")
    _assert_same_values(to_ucdp(gdf), path)
    # a district-precision point is not attributed to a sub-district
    att = attribute(gdf, progress=False)
    assert att["adm1_code"].iloc[1] == "IQG10" and pd.isna(att["adm2_code"].iloc[1])


def test_seed_incidents_are_geocoded_and_attributed():
    gdf = read_incidents(example_path(), place="place_text", progress=False)
    seed = pd.read_csv(example_path(), dtype=str)
    assert gdf["id"].tolist() == seed["id"].tolist()
    assert gdf["fatalities_high"].iloc[0] == 10 and gdf["fatalities_low"].iloc[0] == 5
    assert set(gdf["resolution_status"]) <= {"resolved", "ambiguous", "unresolved"}
    att = attribute(gdf, progress=False)
    assert len(att) == len(seed)
    by_id = att.set_index("id")
    # "Hamrin Mountains, Saladin province": the range crosses three governorates; the text
    # names Salah Al-Din
    assert by_id.loc["seed-001", "adm1_code"] == "IQG16"
    assert by_id.loc["seed-002", "adm1_code"] == "IQG13"  # Hawija, Kirkuk
    assert by_id.loc["seed-002", "disputed"]
    # every row says where it stands
    assert att["location_status"].notna().all()
    unlocated = att["location_status"] != "located"
    assert (att.loc[unlocated, "location_status"].astype(str) == "unresolved").all()


def test_given_coordinates_are_validated(tmp_path):
    rows = [
        {"id": "ok", "lat": "35.468", "lon": "44.392"},
        {"id": "range", "lat": "95", "lon": "44"},
        {"id": "text", "lat": "north", "lon": "44"},
        {"id": "null-island", "lat": "0", "lon": "0"},
        {"id": "half", "lat": "35", "lon": ""},
        {"id": "swapped", "lat": "44.392", "lon": "35.468"},
        {"id": "comma", "lat": "35,468", "lon": "44,392"},
        {"id": "elsewhere", "lat": "48.85", "lon": "2.35"},
    ]
    path = _write_csv(tmp_path / "pts.csv", rows, delimiter=";")
    gdf = read_incidents(path, progress=False, geocode=False)
    flags = dict(zip(gdf["id"], gdf["location_flag"].astype(object)))
    assert pd.isna(flags["ok"]) and pd.isna(flags["comma"]) and pd.isna(flags["elsewhere"])
    for rid in ("range", "text", "null-island", "half"):
        assert flags[rid].startswith("invalid_coordinates"), rid
    assert flags["swapped"] == "swapped_lat_lon"
    att = attribute(gdf, progress=False).set_index("id")
    assert att.loc["ok", "adm1_code"] == "IQG13" and att.loc["comma", "adm1_code"] == "IQG13"
    assert att.loc["range", "location_status"] == "invalid_coordinates"
    assert att.loc["swapped", "location_status"] == "outside_coverage"
    assert att.loc["elsewhere", "location_status"] == "outside_coverage"
    fixed = read_incidents(path, progress=False, geocode=False, fix_swapped=True).set_index("id")
    assert fixed.loc["swapped", "location_flag"] == "swapped_lat_lon_fixed"
    assert fixed.loc["swapped", "geometry"].equals(shapely.Point(44.392, 35.468))


def test_explicit_columns_and_missing_ones(tmp_path):
    path = _write_csv(tmp_path / "x.csv", [{"ref": "a", "Y": "35.468", "X": "44.392", "when": "2020-04"}])
    gdf = read_incidents(path, lat="Y", lon="X", date="when", id="ref", progress=False)
    assert gdf["id"].iloc[0] == "a"
    assert gdf["date_start"].iloc[0] == pd.Timestamp("2020-04-01")
    assert gdf["date_end"].iloc[0] == pd.Timestamp("2020-04-30")
    assert gdf["date_precision"].iloc[0] == "month"
    with pytest.raises(InputError) as e:
        read_incidents(path, lat="lat", lon="X", progress=False)
    assert e.value.field == "lat"
    with pytest.raises(InputError):
        read_incidents(path, lat="Y", progress=False)


def test_bad_date_names_row_and_field(tmp_path):
    path = _write_csv(tmp_path / "d.csv", [
        {"id": "a", "date": "2020-04-01", "lat": "35", "lon": "44"},
        {"id": "b", "date": "the day after", "lat": "35", "lon": "44"},
    ])
    with pytest.raises(InputError) as e:
        read_incidents(path, progress=False)
    assert e.value.row == 1 and e.value.field == "date"


def test_bad_casualty_figure_names_row_and_field(tmp_path):
    path = _write_csv(tmp_path / "c.csv", [
        {"id": "a", "killed": "3", "lat": "35", "lon": "44"},
        {"id": "b", "killed": "a lot", "lat": "35", "lon": "44"},
    ])
    with pytest.raises(InputError) as e:
        read_incidents(path, progress=False)
    assert e.value.row == 1 and e.value.field == "killed"


def test_geodataframe_crs_rules():
    pts = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(44.392, 35.468)], crs="EPSG:4326")
    merc = read_incidents(pts.to_crs("EPSG:3857"), progress=False)
    assert merc.crs.equals("EPSG:4326")
    assert merc.geometry.iloc[0].distance(shapely.Point(44.392, 35.468)) < 1e-9
    bare = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(44.392, 35.468)])
    with pytest.raises(CRSError):
        read_incidents(bare, progress=False)
    ok = read_incidents(bare, crs="EPSG:4326", progress=False)
    assert ok["resolution_status"].iloc[0] == "coordinates"


@pytest.mark.parametrize("ext", [".csv", ".geojson", ".gpkg", ".parquet"])
def test_write_read_round_trip_of_attributed_incidents(tmp_path, ext):
    src = _write_csv(tmp_path / "acled.csv", ACLED_ROWS)
    gdf = attribute(read_incidents(src, progress=False), progress=False)
    out = write_incidents(gdf, tmp_path / f"out{ext}")
    back = read_incidents(out, progress=False)
    assert list(back.columns) == list(gdf.columns)
    for col in gdf.columns:
        a, b = gdf[col], back[col]
        if col == "geometry":
            assert all(x.equals_exact(y, 1e-12) for x, y in zip(a, b))
        else:
            pd.testing.assert_series_equal(
                a.astype(object).where(a.notna(), None).reset_index(drop=True),
                b.astype(object).where(b.notna(), None).reset_index(drop=True),
                check_names=False, check_dtype=False,
            )


def test_write_rejects_unknown_extension(tmp_path):
    gdf = read_incidents(_write_csv(tmp_path / "a.csv", ACLED_ROWS), progress=False)
    with pytest.raises(InputError):
        write_incidents(gdf, tmp_path / "out.xlsx")

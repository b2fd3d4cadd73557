"""read_incidents on malformed tables, and write -> read round trips of every column."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoincidents.errors import CRSError, InputError
from geoincidents.incidents import read_incidents, write_incidents
from geoincidents.join import attribute

FORMATS = (".csv", ".geojson", ".gpkg", ".parquet")
ARABIC_PLACE = "الحويجة"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _same(a: pd.Series, b: pd.Series, col: str) -> None:
    if col == "geometry":
        for x, y in zip(a, b):
            assert (x is None and y is None) or (x is not None and y is not None and x.equals_exact(y, 1e-12)), col
        return
    aa = [None if pd.isna(v) else v for v in a.astype(object)]
    bb = [None if pd.isna(v) else v for v in b.astype(object)]
    assert aa == bb, col


def _rich_frame() -> gpd.GeoDataFrame:
    rows = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "date_start": ["2020-04-29", "2020-04", "", "29/04/2020"],
        "place_text": [f"{ARABIC_PLACE}, كركوك", 'Hamrin "mountains", Saladin', None, "Tuz Khurmatu"],
        "lat": ["35.3292", "", "", "34.88"],
        "lon": ["43.7706", "", "", "44.63"],
        "killed": ["5 to 10", "at least 3", "", "dozens"],
        "injured": ["", "2", "", "about 20"],
        "notes": ["line one\nline two, with comma", "semi;colon", "", "tab\there"],
        "custom": ["x", "", "z", "w"],
    })
    gdf = read_incidents(rows, progress=False, geocode=False)
    # one polygon incident too
    poly = shapely.Polygon([(44.0, 35.0), (44.5, 35.0), (44.5, 35.4), (44.0, 35.4)])
    gdf.loc[1, "geometry"] = poly
    gdf.loc[1, "location_precision"] = "area"
    return attribute(gdf, progress=False)


@pytest.mark.parametrize("ext", FORMATS)
def test_round_trip_every_column(tmp_path, ext):
    gdf = _rich_frame()
    back = read_incidents(write_incidents(gdf, tmp_path / f"t{ext}"), progress=False)
    assert list(back.columns) == list(gdf.columns)
    for col in gdf.columns:
        _same(gdf[col], back[col], col)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.lists(
        st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\x00"),
                min_size=1, max_size=30).filter(lambda s: s.strip() and s == s.strip()),
        min_size=1, max_size=6),
    ext=st.sampled_from(FORMATS),
    newline=st.booleans(),
)
def test_round_trip_arbitrary_text(tmp_path_factory, notes, ext, newline):
    if newline:
        notes = [n + "\n" + n for n in notes]
    df = pd.DataFrame({"id": [f"r{i}" for i in range(len(notes))], "notes": notes,
                       "lat": ["35.1"] * len(notes), "lon": ["44.2"] * len(notes)})
    gdf = read_incidents(df, progress=False, geocode=False)
    path = tmp_path_factory.mktemp("rt") / f"t{ext}"
    back = read_incidents(write_incidents(gdf, path), progress=False)
    assert back["notes"].tolist() == notes
    assert back["id"].tolist() == gdf["id"].tolist()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_encodings(tmp_path, encoding):
    text = f"id,place_text,lat,lon\nr1,{ARABIC_PLACE},35.33,43.77\n"
    path = _write(tmp_path / "a.csv", text, encoding)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdf = read_incidents(path, progress=False)
    assert gdf["place_text"].iloc[0] == ARABIC_PLACE
    assert list(gdf["id"]) == ["r1"]
    assert any("Windows-1256" in str(w.message) for w in caught) == (encoding == "cp1256")


def test_mixed_encodings_line_by_line(tmp_path):
    data = (b"id,place_text,lat,lon\n" + f"r1,{ARABIC_PLACE},35.33,43.77\n".encode()
            + f"r2,{ARABIC_PLACE},35.33,43.77\n".encode("cp1256"))
    path = tmp_path / "m.csv"
    path.write_bytes(data)
    with pytest.warns(UserWarning, match="lines \\[3\\]"):
        gdf = read_incidents(path, progress=False)
    assert gdf["place_text"].tolist() == [ARABIC_PLACE, ARABIC_PLACE]


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path, sep):
    text = sep.join(["id", "lat", "lon", "notes"]) + "\n" + sep.join(["r1", "35.33", "43.77", "x"]) + "\n"
    gdf = read_incidents(_write(tmp_path / "d.csv", text), progress=False)
    assert gdf["id"].tolist() == ["r1"] and gdf["notes"].tolist() == ["x"]
    assert gdf.geometry.iloc[0].equals(shapely.Point(43.77, 35.33))


def test_quoted_newlines(tmp_path):
    text = 'id,lat,lon,notes\nr1,35.3,43.7,"first\nsecond, with comma"\nr2,35.4,43.8,plain\n'
    gdf = read_incidents(_write(tmp_path / "q.csv", text), progress=False)
    assert gdf["notes"].tolist() == ["first\nsecond, with comma", "plain"]


@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_empty_files(tmp_path, content):
    with pytest.raises(InputError, match="empty"):
        read_incidents(_write(tmp_path / "e.csv", content), progress=False)


def test_header_only_gives_zero_rows(tmp_path):
    gdf = read_incidents(_write(tmp_path / "h.csv", "id,lat,lon\n"), progress=False)
    assert len(gdf) == 0
    assert len(attribute(gdf, progress=False)) == 0


def test_duplicated_columns(tmp_path):
    with pytest.raises(InputError) as e:
        read_incidents(_write(tmp_path / "dup.csv", "id,lat,lat,lon\nr1,35,35,44\n"), progress=False)
    assert e.value.field == "lat"
    df = pd.DataFrame([[1, 2, 3]], columns=["id", "x", "x"])
    with pytest.raises(InputError):
        read_incidents(df, progress=False)


def test_missing_named_columns(tmp_path):
    path = _write(tmp_path / "m.csv", "id,lat,lon\nr1,35,44\n")
    for kw, field in (({"place": "where"}, "where"), ({"date": "when"}, "when"),
                      ({"lat": "y", "lon": "lon"}, "y")):
        with pytest.raises(InputError) as e:
            read_incidents(path, progress=False, **kw)
        assert e.value.field == field


def test_bad_dates_name_row_and_field(tmp_path):
    path = _write(tmp_path / "b.csv", "id,date,lat,lon\nr1,2020-01-01,35,44\nr2,2020-13-45,35,44\n")
    with pytest.raises(InputError) as e:
        read_incidents(path, progress=False)
    assert (e.value.row, e.value.field) == (1, "date")
    path = _write(tmp_path / "o.csv", "id,date_start,date_end,lat,lon\nr1,2020-02-01,2020-01-01,35,44\n")
    with pytest.raises(InputError) as e:
        read_incidents(path, progress=False)
    assert (e.value.row, e.value.field) == (0, "date_end")


def test_ragged_rows_are_input_errors(tmp_path):
    path = _write(tmp_path / "r.csv", "id,lat,lon\nr1,35,44\nr2,35,44,extra,more\n")
    with pytest.raises(InputError):
        read_incidents(path, progress=False)


def test_garbage_geo_files_are_input_errors(tmp_path):
    for name in ("g.geojson", "g.gpkg", "g.parquet"):
        with pytest.raises(InputError):
            read_incidents(_write(tmp_path / name, "this is not a geo file"), progress=False)
    with pytest.raises(InputError):
        read_incidents(_write(tmp_path / "g.xlsx", "x"), progress=False)
    with pytest.raises(InputError):
        read_incidents(tmp_path / "missing.csv", progress=False)
    with pytest.raises(InputError):
        read_incidents(42, progress=False)


def test_out_of_range_and_invalid_coordinates_are_flagged_rows(tmp_path):
    text = "id,lat,lon\nr1,91,44\nr2,abc,44\nr3,35,-200\nr4,inf,44\nr5,35.3,43.7\n"
    gdf = read_incidents(_write(tmp_path / "c.csv", text), progress=False)
    assert gdf["id"].tolist() == ["r1", "r2", "r3", "r4", "r5"]
    flags = gdf["location_flag"].astype(object).tolist()
    assert all(isinstance(f, str) and f.startswith("invalid_coordinates") for f in flags[:4])
    assert pd.isna(flags[4])
    out = attribute(gdf, progress=False)
    assert out["location_status"].astype(str).tolist() == ["invalid_coordinates"] * 4 + ["located"]


def test_geometry_without_crs_and_invalid_polygons(tmp_path):
    bowtie = shapely.Polygon([(44, 35), (45, 36), (45, 35), (44, 36), (44, 35)])
    bare = gpd.GeoDataFrame({"id": ["p"]}, geometry=[bowtie])
    with pytest.raises(CRSError):
        read_incidents(bare, progress=False)
    with pytest.warns(UserWarning, match="repaired"):
        gdf = read_incidents(bare, crs="EPSG:4326", progress=False)
    assert gdf.geometry.iloc[0].is_valid
    assert gdf["location_flag"].iloc[0] == "repaired_geometry"
    # a projected file is reprojected
    utm = gpd.GeoDataFrame({"id": ["q"]}, geometry=[shapely.Point(44.39, 35.47)],
                           crs="EPSG:4326").to_crs("EPSG:32638")
    path = tmp_path / "utm.gpkg"
    utm.to_file(path, driver="GPKG")
    back = read_incidents(path, progress=False)
    assert back.geometry.iloc[0].distance(shapely.Point(44.39, 35.47)) < 1e-7


def test_bad_casualties_and_precision_codes(tmp_path):
    with pytest.raises(InputError) as e:
        read_incidents(_write(tmp_path / "k.csv", "id,lat,lon,fatalities\nr1,35,44,many many\n"),
                       progress=False)
    assert (e.value.row, e.value.field) == (0, "fatalities")
    acled = ("event_id_cnty,event_date,latitude,longitude,geo_precision,fatalities\n"
             "IRQ1,2020-01-01,35,44,7,1\n")
    with pytest.raises(InputError) as e:
        read_incidents(_write(tmp_path / "p.csv", acled), progress=False)
    assert (e.value.row, e.value.field) == (0, "geo_precision")


_BASE_CSV = (b"id,date,lat,lon,killed,place_text\n"
             b"r1,2020-01-02,35.1,44.2,3,Kirkuk\nr2,2020-02-03,36,43,5-10,Mosul\n")
_edit = st.tuples(
    st.integers(0, len(_BASE_CSV)),
    st.one_of(st.binary(min_size=0, max_size=3),
              st.sampled_from([b'"', b",", b";", b"\n", b"\r", b"\x00", b"\xff\xfe", b"\t",
                               "\u0627".encode(), b"\xd8"])),
    st.integers(0, 3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_edit, min_size=1, max_size=8))
def test_mangled_csv_gives_rows_or_a_library_error(tmp_path_factory, edits):
    from geoincidents.errors import GeoIncidentsError

    data = bytearray(_BASE_CSV)
    for pos, insert, delete in edits:
        pos = min(pos, len(data))
        data[pos:pos + delete] = insert
    path = tmp_path_factory.mktemp("fz") / "m.csv"
    path.write_bytes(bytes(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = read_incidents(path, progress=False, geocode=False)
    except GeoIncidentsError:
        return
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf["id"].notna().all()
    assert len(attribute(gdf, progress=False)) == len(gdf)


_ANY_VALUE = st.one_of(
    st.none(), st.just(np.nan), st.text(max_size=8), st.integers(-10, 10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.binary(max_size=4),
    st.lists(st.integers(), max_size=2), st.just(pd.Timestamp("2020-01-01")),
    st.sampled_from(["2020-01-01", "35.5", "44.2", "5 to 10", "exact", "adm1", "١٢"]),
)
_COLUMNS = ["id", "date", "lat", "lon", "killed", "injured", "place_text", "location_precision",
            "date_end", "fatalities_best", "notes", "resolution_status"]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), cols=st.lists(st.sampled_from(_COLUMNS), min_size=1, max_size=8, unique=True),
       n=st.integers(0, 4))
def test_arbitrary_cell_values_give_rows_or_a_library_error(data, cols, n):
    from geoincidents.errors import GeoIncidentsError

    df = pd.DataFrame({c: data.draw(st.lists(_ANY_VALUE, min_size=n, max_size=n)) for c in cols},
                      dtype=object)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gdf = read_incidents(df, progress=False, geocode=False)
    except GeoIncidentsError:
        return
    assert len(gdf) == n
    out = attribute(gdf, progress=False)
    assert len(out) == n and out["location_status"].notna().all()

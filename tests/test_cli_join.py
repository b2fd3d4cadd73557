"""``geoincidents join`` end to end, through main() and through a real subprocess."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geoincidents.cli import main
from geoincidents.data import example_path
from geoincidents.incidents import read_incidents

ROWS = [
    {"ref": "k1", "y": "35.468", "x": "44.392", "date": "2020-04-02", "killed": "5 to 10"},
    {"ref": "e1", "y": "36.191", "x": "44.009", "date": "2020-04-03", "killed": "2"},
    {"ref": "bad", "y": "95", "x": "44", "date": "2020-04-03", "killed": ""},
]


def _csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(ROWS[0]))
        w.writeheader()
        w.writerows(ROWS)
    return path


@pytest.mark.parametrize("ext", [".csv", ".geojson", ".gpkg", ".parquet"])
def test_join_lat_lon_each_output_format(tmp_path, ext, capsys):
    src = _csv(tmp_path / "in.csv")
    out = tmp_path / f"out{ext}"
    rc = main(["join", str(src), "-o", str(out), "--lat", "y", "--lon", "x"])
    assert rc == 0
    assert "3 incidents" in capsys.readouterr().err
    back = read_incidents(out, progress=False)
    assert back["id"].tolist() == ["row-0", "row-1", "row-2"]
    assert back["adm1_code"].astype(object).tolist()[:2] == ["IQG13", "IQG11"]
    assert back["kri"].tolist()[:2] == [False, True]
    assert back["location_status"].astype(str).tolist() == ["located", "located", "invalid_coordinates"]
    assert back["fatalities_high"].iloc[0] == 10


def test_join_geojson_input_with_layers(tmp_path):
    gdf = gpd.GeoDataFrame({"id": ["a", "b"]},
                           geometry=[shapely.Point(44.392, 35.468), shapely.Point(38.99, 35.95)],
                           crs="EPSG:4326")
    src = tmp_path / "in.geojson"
    gdf.to_file(src, driver="GeoJSON")
    out = tmp_path / "out.parquet"
    assert main(["join", str(src), "-o", str(out), "--layers", "adm1,adm2"]) == 0
    back = gpd.read_parquet(out)
    assert "adm3_code" not in back.columns and "disputed" not in back.columns
    assert back["adm1_code"].astype(str).tolist() == ["IQG13", "SY11"]  # Kirkuk; Ar-Raqqa


def test_join_place_column_geocodes(tmp_path):
    out = tmp_path / "seed.csv"
    assert main(["join", str(example_path()), "-o", str(out), "--place", "place_text"]) == 0
    back = pd.read_csv(out, dtype=str)
    assert back["id"].tolist() == pd.read_csv(example_path(), dtype=str)["id"].tolist()
    assert back.loc[back["id"] == "seed-001", "adm1_code"].iloc[0] == "IQG16"


@pytest.mark.parametrize(
    "argv_tail, needle",
    [
        (["--lat", "nope", "--lon", "x"], "'nope'"),
        (["--lat", "y"], "lon"),
        (["--layers", "adm1,counties"], "unknown layer"),
    ],
)
def test_join_errors_are_one_line_exit_2(tmp_path, capsys, argv_tail, needle):
    src = _csv(tmp_path / "in.csv")
    rc = main(["join", str(src), "-o", str(tmp_path / "o.csv"), *argv_tail])
    err = capsys.readouterr().err
    assert rc == 2 and needle in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_join_bad_output_extension_fails_before_work(tmp_path, capsys):
    rc = main(["join", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out.xlsx")])
    assert rc == 2 and "unsupported output type" in capsys.readouterr().err


def test_join_missing_input_subprocess(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "geoincidents", "join", str(tmp_path / "nope.csv"), "-o",
         str(tmp_path / "o.csv")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr

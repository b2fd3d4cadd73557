"""Determinism: the same inputs and data version give byte-identical outputs, across processes.

Each command runs twice in fresh interpreters (so no in-process cache can hide a difference,
and Python's per-process hash randomisation is in play) and the files are compared byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "seed_incidents.csv"


def _run(args: list[str], cwd: Path, seed: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-m", "geoincidents", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_resolve_json_is_byte_identical(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("Qarachokh\nSalahaddin\nTooz Khormato\nطوز خورماتو\nnowhere-at-all\n\n"
                     "Road between Hawija town and Kirkuk town\nIraq-Syria border\n", encoding="utf-8")
    a = _run(["resolve", "--input", str(names), "--json"], tmp_path, "1").stdout
    b = _run(["resolve", "--input", str(names), "--json"], tmp_path, "2").stdout
    assert a == b
    assert len(a.decode().splitlines()) == 8  # one JSON object per input line, blank included


@pytest.mark.parametrize("ext", ["csv", "geojson", "gpkg", "parquet"])
def test_join_output_is_byte_identical(tmp_path, ext):
    outs = []
    for seed in ("1", "2"):
        # Same file name in two folders: GeoJSON and GeoPackage record the layer (file) name.
        (tmp_path / seed).mkdir()
        out = tmp_path / seed / f"joined.{ext}"
        _run(["join", str(EXAMPLE), "-o", str(out), "--place", "place_text"], tmp_path, seed)
        outs.append(out)
    if ext == "gpkg":
        # GeoPackage files carry a write timestamp in their metadata tables; compare content.
        import geopandas as gpd
        from geopandas.testing import assert_geodataframe_equal

        a, b = (gpd.read_file(p) for p in outs)
        assert len(a) == 5
        assert_geodataframe_equal(a, b)
    else:
        assert _digest(outs[0]) == _digest(outs[1])


def test_map_html_is_byte_identical(tmp_path):
    outs = []
    for seed in ("1", "2"):
        (tmp_path / seed).mkdir()
        out = tmp_path / seed / "map.html"
        _run(["demo", "-o", str(out), "--offline"], tmp_path, seed)
        outs.append(out)
    assert _digest(outs[0]) == _digest(outs[1])

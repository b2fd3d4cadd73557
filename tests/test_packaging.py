"""The wheel carries the data: ``pip install .`` and use from outside the repository works."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-2000:]}")
    (whl,) = out.glob("geoincidents-*.whl")
    return whl


def test_wheel_contains_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "geoincidents/py.typed",
        "geoincidents/_data/gazetteer/manifest.json",
        "geoincidents/_data/gazetteer/ATTRIBUTION.md",
        "geoincidents/_data/gazetteer/places.parquet",
        "geoincidents/_data/gazetteer/adm3.parquet",
        "geoincidents/_data/examples/seed_incidents.csv",
    ):
        assert required in names, required


def test_installed_package_loads_its_data_outside_the_repo(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import geoincidents, geoincidents.data as d;"
        "print(d.data_dir());"
        "print(len(geoincidents.load_layer('adm2')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    where, n = proc.stdout.split()
    assert Path(where).is_relative_to(site)
    assert int(n) == 163

"""Where the bundled gazetteer data lives, and loading it.

The curated data is built by ``scripts/build_gazetteer.py`` into ``data/gazetteer/`` and ships
inside the wheel as ``geoincidents/_data/gazetteer``. This module finds it (installed package
first, then a source checkout, or ``$GEOINCIDENTS_DATA`` when set), reads its GeoParquet files
once per process and hands out copies, so callers may modify what they get.
"""

from __future__ import annotations

import json
import os
from functools import cache, lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .errors import DataError, InputError

__all__ = [
    "LAYERS", "TABLES", "data_dir", "example_path", "load_layer", "load_table", "manifest", "split_names",
]

#: Polygon layers for joins: ``load_layer(name)`` has ``{name}_code``, ``{name}_name``, geometry.
LAYERS = ("adm0", "adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
#: Other bundled tables.
TABLES = ("places", "landmarks", "disputed_units", "countries") + LAYERS


def data_dir() -> Path:
    """The folder holding the bundled gazetteer files."""
    env = os.environ.get("GEOINCIDENTS_DATA")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parent
    candidates += [here / "_data" / "gazetteer", here.parent / "data" / "gazetteer"]
    for path in candidates:
        if (path / "manifest.json").is_file():
            return path
    raise DataError(
        "bundled gazetteer data not found (looked in "
        + ", ".join(str(p) for p in candidates)
        + "); reinstall geoincidents or run scripts/build_gazetteer.py"
    )


@lru_cache(maxsize=1)
def manifest() -> dict:
    """The build manifest: input checksums, row counts, areas."""
    return json.loads((data_dir() / "manifest.json").read_text(encoding="utf-8"))


@cache
def _read(name: str) -> gpd.GeoDataFrame:
    path = data_dir() / f"{name}.parquet"
    if not path.is_file():
        raise DataError(f"bundled table {name!r} is missing ({path})")
    return gpd.read_parquet(path)


def load_table(name: str) -> gpd.GeoDataFrame:
    """A bundled table by name (one of :data:`TABLES`), as a new GeoDataFrame in EPSG:4326."""
    if name not in TABLES:
        raise InputError(f"unknown table {name!r}; expected one of {list(TABLES)}", field="name")
    return _read(name).copy()


def load_layer(name: str) -> gpd.GeoDataFrame:
    """A bundled polygon layer: ``{name}_code``, ``{name}_name``, more attributes, geometry.

    ``name`` is one of ``"adm0"``, ``"adm1"``, ``"adm2"``, ``"adm3"`` (OCHA pcodes; ADM0-ADM2
    cover Iraq and Syria, ADM3 Iraq), ``"disputed"`` (core definition), ``"disputed_extended"``
    or ``"kri"`` (Kurdistan Region, de jure governorates).
    """
    if name not in LAYERS:
        raise InputError(f"unknown layer {name!r}; expected one of {list(LAYERS)}", field="layers")
    return _read(name).copy()


def example_path(name: str = "seed_incidents.csv") -> Path:
    """Path of a bundled example file (the demo incidents by default)."""
    here = Path(__file__).resolve().parent
    for path in (here / "_data" / "examples" / name, here.parent / "examples" / name):
        if path.is_file():
            return path
    raise DataError(f"bundled example {name!r} not found; reinstall geoincidents")


def split_names(*cells: object) -> list[str]:
    """The distinct spellings in ``|``-joined name cells, first seen first; missing cells skipped."""
    seen: dict[str, None] = {}
    for cell in cells:
        if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
            continue
        for part in str(cell).split("|"):
            part = part.strip()
            if part:
                seen.setdefault(part, None)
    return list(seen)

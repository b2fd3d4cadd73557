"""compare_admin: our governorate against the source's own coding, on real bundled places."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoincidents.cli import main
from geoincidents.data import load_layer, load_table
from geoincidents.errors import InputError
from geoincidents.gazetteer import Gazetteer
from geoincidents.join import (
    COMPARE_COLUMNS,
    COMPARE_REASONS,
    attribute,
    compare_admin,
    compare_admin_summary,
)

# (bundled place, the source's name for its governorate, expected reason; None = agrees)
CASES = [
    ("wof:421186153", "Ninawa", None),                       # Mosul
    ("wof:421190759", "Salah al-Din", None),                 # Tikrit
    ("wof:421181481", "Al Anbar", None),                     # Ramadi
    ("wof:1125922503", "Wasit", None),                       # Al-Kut
    ("wof:421197059", "Diyala", "contested boundary"),      # Sadr City, Baghdad, ~2 km from Diyala
    ("wof:421190751", "Erbil", "disputed territories"),     # Kirkuk city
    ("wof:421202467", "Ninewa", "other"),                    # Basrah
    ("wof:421186153", "Atlantis", "unmatched source name"),  # Mosul again, a name that is nowhere
]


@pytest.fixture(scope="module")
def places() -> gpd.GeoDataFrame:
    p = load_table("places")
    return p.set_index("place_id")


def _events(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    ids = [pid for pid, _, _ in CASES]
    geoms = list(places.loc[ids, "geometry"])
    names = [name for _, name, _ in CASES]
    # a point in Turkey, ~10 km north of the border, coded Duhok; a row with no geometry; a row
    # the source left uncoded
    geoms += [shapely.Point(42.60, 37.45), None, places.loc["wof:421186153", "geometry"]]
    names += ["Duhok", "Baghdad", None]
    # a scrambled non-default index: the result must keep it as it is
    index = pd.Index([f"ev{k}" for k in (7, 3, 9, 1, 0, 5, 8, 2, 10, 6, 4)])
    return gpd.GeoDataFrame({"event": np.arange(len(names)), "admin1": names},
                            geometry=geoms, index=index, crs="EPSG:4326")


def test_reasons_order_and_rows_on_real_places(places):
    events = _events(places)
    out = compare_admin(events)
    assert list(out.index) == list(events.index)
    assert out["event"].tolist() == events["event"].tolist()
    assert out["admin1"].tolist() == events["admin1"].tolist()
    reasons = out["adm1_reason"].astype(object).where(out["adm1_reason"].notna(), None).tolist()
    assert reasons == [r for _, _, r in CASES] + ["outside coverage", "no location", None]
    agrees = out["adm1_agrees"].astype(object).where(out["adm1_agrees"].notna(), None).tolist()
    assert agrees == [True] * 4 + [False] * 3 + [None] * 4
    assert out["source_adm1_code"].astype(object).fillna("-").tolist()[:8] == [
        "IQG15", "IQG16", "IQG01", "IQG18", "IQG10", "IQG11", "IQG15", "-"]
    assert out["source_adm1_name"].tolist()[7] == "Atlantis"
    # agreeing rows carry no distance; Basrah is hundreds of km from Ninewa
    assert out["adm1_source_km"].iloc[:4].isna().all()
    assert out["adm1_source_km"].iloc[6] > 500


def test_distance_is_in_km_and_sets_the_contested_boundary(places):
    events = _events(places)
    out = compare_admin(events)
    # independent measure: UTM zone 38N metres from Sadr City to the Diyala polygon
    diyala = load_layer("adm1").set_index("adm1_code").loc[["IQG10"]].to_crs(32638).geometry.iloc[0]
    sadr = gpd.GeoSeries([places.loc["wof:421197059", "geometry"]], crs=4326).to_crs(32638).iloc[0]
    km = sadr.distance(diyala) / 1000
    assert 1 < km < 5
    assert out["adm1_source_km"].iloc[4] == pytest.approx(km, abs=0.05)
    # the point in Kirkuk coded Erbil is farther than 5 km from Erbil: not a boundary case
    assert out["adm1_source_km"].iloc[5] > 5
    narrow = compare_admin(events, boundary_km=km - 0.5)
    assert narrow["adm1_reason"].iloc[4] == "other"
    wide = compare_admin(events, boundary_km=out["adm1_source_km"].iloc[5] + 1)
    assert wide["adm1_reason"].iloc[5] == "contested boundary"


def test_summary_counts(places):
    s = compare_admin_summary(compare_admin(_events(places)))
    assert s["rows"] == 11
    assert s["source_coded"] == 10
    assert (s["compared"], s["agree"], s["disagree"]) == (7, 4, 3)
    assert s["agreement"] == pytest.approx(4 / 7)
    assert s["reasons"] == {"contested boundary": 1, "disputed territories": 1,
                            "unmatched source name": 1, "no location": 1, "outside coverage": 1,
                            "coarse precision": 0, "other": 1}
    assert set(s["reasons"]) == set(COMPARE_REASONS)
    assert s["unmatched_names"] == {"Atlantis": 1}


def test_attributed_input_is_used_as_it_is_and_names_resolve_once(places):
    events = _events(places)
    attributed = attribute(events, progress=False)

    class Counting:
        def __init__(self) -> None:
            self.calls: list[str] = []
            self.gaz = Gazetteer.default()

        def resolve(self, name, **kw):
            self.calls.append(name)
            return self.gaz.resolve(name, **kw)

    big = pd.concat([attributed] * 50)
    gaz = Counting()
    out = compare_admin(big, gazetteer=gaz)
    assert len(out) == len(big) and list(out.index) == list(big.index)
    # one call per distinct name (Atlantis is tried once; it has no governorate to retry with)
    assert sorted(gaz.calls) == sorted(set(events["admin1"].dropna()))
    once = compare_admin(attributed)
    assert (out["adm1_reason"].astype(object).fillna("-").to_numpy()
            == np.tile(once["adm1_reason"].astype(object).fillna("-").to_numpy(), 50)).all()


def test_ucdp_names_and_other_levels(places):
    kirkuk = places.loc["wof:421190751", "geometry"]
    tikrit = places.loc["wof:421190759", "geometry"]
    ucdp = gpd.GeoDataFrame({"adm_1": ["Kirkuk province", "Kirkuk province"],
                             "adm_2": ["Kirkuk district", "Tikrit district"],
                             "location_precision": ["exact", "adm1"]},
                            geometry=[kirkuk, tikrit], crs="EPSG:4326")
    one = compare_admin(ucdp)
    assert one["source_adm1_code"].tolist() == ["IQG13", "IQG13"]
    assert one["adm1_agrees"].tolist() == [True, False]
    two = compare_admin(ucdp, level="adm2")
    assert two["source_adm2_code"].iloc[0] == "IQG13Q04"
    assert bool(two["adm2_agrees"].iloc[0])
    # an ADM1-precision point has no district of ours to compare with
    assert two["adm2_reason"].iloc[1] == "coarse precision"
    for col in COMPARE_COLUMNS:
        assert col.format(level="adm2") in two.columns


def test_bad_arguments_name_the_field(places):
    events = _events(places)
    cases = [
        (dict(level="adm4"), "level"),
        (dict(boundary_km=-1), "boundary_km"),
        (dict(boundary_km=float("nan")), "boundary_km"),
        (dict(source_col="nope"), "source_col"),
        (dict(gazetteer=object()), "gazetteer"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InputError) as err:
            compare_admin(events, **kwargs)
        assert err.value.field == field
    with pytest.raises(InputError) as err:
        compare_admin(events.drop(columns="admin1"))
    assert err.value.field == "source_col"
    with pytest.raises(InputError) as err:
        compare_admin_summary(events)
    assert err.value.field == "source_adm1_name"


def _acled_csv(path: Path, places: gpd.GeoDataFrame) -> Path:
    events = _events(places)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision",
                    "admin1", "location", "fatalities"])
        for k, (g, name) in enumerate(zip(events.geometry, events["admin1"])):
            lat, lon = ("", "") if g is None else (g.y, g.x)
            w.writerow([f"IRQ{k}", "2020-04-02", lat, lon, 1, "" if pd.isna(name) else name, "", 0])
    return path


def test_cli_join_prints_the_report_and_adds_columns_only_on_request(tmp_path, places, capsys):
    src = _acled_csv(tmp_path / "acled.csv", places)
    plain, extra = tmp_path / "plain.csv", tmp_path / "extra.csv"
    assert main(["join", str(src), "-o", str(plain)]) == 0
    err = capsys.readouterr().err
    assert "adm1 vs the source's own coding (admin1): 4 of 7 compared rows agree (57.14%)" in err
    assert "1 contested boundary" in err and "1 disputed territories" in err
    assert "'Atlantis' (1)" in err
    cols = pd.read_csv(plain, nrows=0).columns
    assert not any(c.startswith("source_adm") or c.endswith("_agrees") for c in cols)

    assert main(["join", str(src), "-o", str(extra), "--compare-admin"]) == 0
    capsys.readouterr()
    back = pd.read_csv(extra, keep_default_na=False)
    assert back["id"].tolist() == [f"IRQ{k}" for k in range(11)]
    assert back["adm1_reason"].tolist() == (
        [""] * 4 + ["contested boundary", "disputed territories", "other",
                    "unmatched source name", "outside coverage", "no location", ""])
    assert back.columns[: len(cols)].tolist() == cols.tolist()

    assert main(["join", str(src), "-o", str(extra), "--boundary-km", "-2"]) == 2
    assert "--boundary-km" in capsys.readouterr().err


def test_projected_frame_gives_the_same_km_and_keeps_its_crs(places):
    events = _events(places)
    attributed = attribute(events, progress=False)
    base = compare_admin(attributed)
    projected = compare_admin(attributed.to_crs(3857))
    assert projected.crs.to_epsg() == 3857
    assert projected["adm1_reason"].astype(object).fillna("-").tolist() == \
        base["adm1_reason"].astype(object).fillna("-").tolist()
    assert np.allclose(projected["adm1_source_km"], base["adm1_source_km"], atol=0.002,
                       equal_nan=True)


def test_names_are_stripped_and_non_text_names_are_reported(places):
    mosul = places.loc["wof:421186153", "geometry"]
    g = gpd.GeoDataFrame({"admin1": ["  Ninawa ", "Ninawa", 7, ""]}, geometry=[mosul] * 4,
                         crs="EPSG:4326")
    out = compare_admin(g)
    assert out["source_adm1_name"].astype(object).fillna("-").tolist() == ["Ninawa", "Ninawa", "7", "-"]
    assert out["adm1_reason"].astype(object).fillna("-").tolist() == [
        "-", "-", "unmatched source name", "-"]

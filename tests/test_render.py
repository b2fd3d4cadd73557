"""render_map / save_map / render_static on the real bundled data (no browser: see
test_render_browser.py for what Chromium draws)."""

from __future__ import annotations

import json
import re
import struct

import folium
import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from geoincidents import InputError, load_layer, load_table
from geoincidents.errors import CRSError
from geoincidents.precision import DEFAULT_UNCERTAINTY_KM
from geoincidents.render import render_map, render_static, save_map

DATA_RE = re.compile(
    r'<script type="application/json" id="(geo_incidents_(\w+?)_[0-9a-f]{32})_data">(.*?)</script>',
    re.S,
)


def payloads(html: str) -> dict[str, list[dict]]:
    """Every JSON document the page carries, by the runtime builder that reads it."""
    out: dict[str, list[dict]] = {}
    for _, builder, body in DATA_RE.findall(html):
        out.setdefault(builder, []).append(json.loads(body))
    return out


def html_of(m) -> str:
    return m.get_root().render()


def incident_payload(m) -> dict:
    docs = payloads(html_of(m))["incidents"]
    assert len(docs) == 1
    return docs[0]


def prop(doc: dict, name: str, row: int):
    col = doc["props"][name]
    if isinstance(col, list):
        return col[row]
    if "p" in col:
        return col["p"][row]
    k = col["i"][row]
    return None if k < 0 else col["v"][k]


def point_index(doc: dict) -> list[int]:
    rows = doc["points"]["row"]
    return list(range(len(doc["points"]["t"]))) if rows is None else rows


# ---------------------------------------------------------------------------------------------
# How each precision is drawn.
# ---------------------------------------------------------------------------------------------

def test_returns_an_ordinary_folium_map_users_can_add_to(render_incidents, tmp_path):
    m = render_map(render_incidents)
    assert isinstance(m, folium.Map)
    folium.Marker([35.0, 44.0], tooltip="added by the user").add_to(m)
    out = save_map(m, tmp_path / "m.html")
    text = out.read_text(encoding="utf-8")
    assert "added by the user" in text
    assert m._repr_html_()  # notebooks display it inline


def test_point_precisions_become_markers_with_honest_rings(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    pts = doc["points"]
    rows = point_index(doc)
    ids = {prop(doc, "id", r): k for k, r in enumerate(rows)}
    # the six villages are markers; nothing coarser is a marker
    assert set(ids) == {f"pt-{i}" for i in range(6)}
    for i in range(6):
        k = ids[f"pt-{i}"]
        prec = render_incidents.loc[i, "location_precision"]
        expected = 0.0 if prec == "exact" else DEFAULT_UNCERTAINTY_KM[prec]
        assert pts["u"][k] == pytest.approx(expected)
        x, y = pts["c"][2 * k] / 1e5, pts["c"][2 * k + 1] / 1e5
        geom = render_incidents.geometry.iloc[i]
        assert (x, y) == pytest.approx((geom.x, geom.y), abs=1e-5)


def test_uncertainty_column_overrides_the_default_radius(render_incidents):
    gdf = render_incidents.copy()
    gdf["uncertainty_km"] = gdf["uncertainty_km"].astype(float)
    gdf.loc[1, "uncertainty_km"] = 12.5  # a locality row
    doc = incident_payload(render_map(gdf))
    k = point_index(doc).index(1)
    assert doc["points"]["u"][k] == pytest.approx(12.5)


def test_unit_level_incidents_are_the_shaded_unit_never_a_pin(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    by_id = {}
    for shape in doc["shapes"]:
        for r in shape["rows"]:
            by_id[prop(doc, "id", r)] = shape
    assert {"gov-poly", "gov-code", "dist", "line"} <= set(by_id)
    assert not {"gov-poly", "gov-code", "dist"} & {prop(doc, "id", r) for r in point_index(doc)}

    adm1 = load_layer("adm1").set_index("adm1_code")
    diyala = shapely.geometry.shape(by_id["gov-code"]["geometry"])
    # the point with Diyala's code is drawn as Diyala (simplified for the page)
    assert diyala.symmetric_difference(adm1.loc["IQG10"].geometry).area < 0.02 * diyala.area
    assert by_id["gov-code"]["kind"] == "area"

    # an adm2-precision point with no code: its district, found by location
    adm2 = load_layer("adm2")
    dist_point = render_incidents.set_index("id").loc["dist"].geometry
    want = adm2[adm2.contains(dist_point)].geometry.iloc[0]
    got = shapely.geometry.shape(by_id["dist"]["geometry"])
    assert got.symmetric_difference(want).area < 0.02 * want.area
    assert got.contains(dist_point)


def test_line_incident_is_a_corridor_of_its_uncertainty(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    line_shape = next(s for s in doc["shapes"] if s["kind"] == "line")
    corridor = shapely.geometry.shape(line_shape["geometry"])
    hamrin = load_table("landmarks").set_index("feature_id").loc["lm-hamrin-mountains"].geometry
    assert corridor.buffer(1e-3).contains(hamrin)
    # width: area / length in a metric CRS is about twice the 8 km uncertainty
    g = gpd.GeoSeries([corridor, hamrin], crs=4326)
    utm = g.to_crs(g.estimate_utm_crs())
    width_km = utm.iloc[0].area / utm.iloc[1].length / 1000
    assert 14 < width_km < 18.5
    assert shapely.geometry.shape(line_shape["axis"]).hausdorff_distance(hamrin) < 0.01


def test_rows_without_geometry_are_counted_not_drawn(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    assert doc["meta"]["rows"] == len(render_incidents)
    assert doc["meta"]["located"] == len(render_incidents) - 1
    assert any("1 not located" in line for line in doc["meta"]["counts"])
    drawn = set(point_index(doc)) | {r for s in doc["shapes"] for r in s["rows"]}
    assert drawn == set(range(len(render_incidents) - 1))


def test_shared_units_are_drawn_once_listing_all_their_incidents():
    adm1 = load_layer("adm1").set_index("adm1_code")
    pt = adm1.loc["IQG13"].geometry.representative_point()
    gdf = gpd.GeoDataFrame({
        "id": ["a", "b", "c"], "location_precision": ["adm1", "adm1", "adm1"],
        "adm1_code": ["IQG13", "IQG13", None],
    }, geometry=[pt, pt, pt], crs=4326)
    doc = incident_payload(render_map(gdf))
    assert len(doc["shapes"]) == 1
    assert doc["shapes"][0]["rows"] == [0, 1, 2]


def test_plain_points_with_no_other_columns_render(tmp_path):
    places = load_table("places").head(50)
    gdf = gpd.GeoDataFrame(geometry=places.geometry.to_numpy(), crs=4326)
    m = render_map(gdf)
    doc = incident_payload(m)
    assert len(doc["points"]["t"]) == 50
    assert doc["meta"]["categories"] == ["incident"]
    assert set(doc["points"]["u"]) == {0.0}  # no precision given: exact markers
    save_map(m, tmp_path / "plain.html")


def test_no_crs_is_read_as_degrees_but_projected_numbers_are_refused():
    pts = gpd.GeoDataFrame(geometry=[Point(44.0, 35.0)])
    assert incident_payload(render_map(pts))["points"]["c"] == [4400000, 3500000]
    projected = gpd.GeoDataFrame(geometry=[Point(450000.0, 3900000.0)])
    with pytest.raises(CRSError):
        render_map(projected)
    utm = gpd.GeoDataFrame(geometry=[Point(44.0, 35.0)], crs=4326).to_crs(32638)
    c = incident_payload(render_map(utm))["points"]["c"]
    assert c == pytest.approx([4400000, 3500000], abs=1)


def test_colour_and_size_follow_their_columns(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    cats = doc["meta"]["categories"]
    assert set(cats) == {"airstrike", "IED", "armed clash"}
    assert len(set(doc["meta"]["colours"])) == len(cats)
    for k, r in enumerate(point_index(doc)):
        assert cats[doc["points"]["t"][k]] == render_incidents.loc[r, "event_type"]
    radius = doc["points"]["r"]
    f = render_incidents["fatalities_best"].to_numpy()
    order = np.argsort([f[r] for r in point_index(doc)], kind="stable")
    assert [radius[k] for k in order] == sorted(radius)  # more fatalities, never smaller
    doc2 = incident_payload(render_map(render_incidents, color_by=None, size_by=None))
    assert doc2["meta"]["categories"] == ["incident"] and set(doc2["points"]["r"]) == {5}


def test_time_window_covers_every_date_interval(render_incidents):
    doc = incident_payload(render_map(render_incidents))
    assert doc["meta"]["time"] is True
    assert doc["meta"]["day_min"] == int(np.datetime64("2020-03-01", "D").astype(int))
    assert doc["meta"]["day_max"] == int(np.datetime64("2020-04-30", "D").astype(int))
    k = render_incidents.index[render_incidents["id"] == "gov-poly"][0]
    assert doc["days0"][k] == int(np.datetime64("2020-04-02", "D").astype(int))
    assert doc["days1"][k] == int(np.datetime64("2020-04-30", "D").astype(int))
    assert incident_payload(render_map(render_incidents, time=False))["meta"]["time"] is False


# ---------------------------------------------------------------------------------------------
# Layers, offline, determinism.
# ---------------------------------------------------------------------------------------------

def test_reference_layers_and_layer_control(render_incidents):
    html = html_of(render_map(render_incidents))
    for name in ("Governorates (ADM1)", "Districts (ADM2)", "Disputed territories (core)",
                 "Disputed territories (extended)", "Kurdistan Region", "Incidents"):
        assert json.dumps(name) in html
    assert "L.control.layers" in html
    docs = payloads(html)["geo"]
    # the disputed layers carry their outline and generated hatch lines
    kinds = [[f["geometry"]["type"] for f in d["geojson"]["features"]] for d in docs]
    assert ["Polygon", "MultiLineString"] in kinds or ["MultiPolygon", "MultiLineString"] in kinds
    governorates = next(d for d in docs if len(d["geojson"]["features"]) == 32)
    assert {f["properties"]["name"] for f in governorates["geojson"]["features"]} >= {"Kirkuk", "Diyala"}
    only = html_of(render_map(render_incidents, layers=("kri",)))
    assert json.dumps("Kurdistan Region") in only and json.dumps("Governorates (ADM1)") not in only


def test_offline_html_is_self_contained(render_incidents, tmp_path):
    m = render_map(render_incidents, offline=True, heatmap=True, cluster=True)
    text = save_map(m, tmp_path / "off.html").read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src=', text)
    assert not re.search(r'<link[^>]+href=', text)
    assert "tile.openstreetmap.org" not in text
    assert "L.markerClusterGroup" in text and "L.heatLayer" in text  # plugins inlined
    assert "jquery" not in text.lower().replace("jquery-free", "")
    # the no-tiles basemap: the bundled country outlines
    names = [{f["properties"]["name"] for f in d["geojson"]["features"]} for d in payloads(text)["geo"]]
    assert set(load_table("countries")["country_name"]) in names


def test_online_default_keeps_folium_cdn_and_tiles(render_incidents):
    html = html_of(render_map(render_incidents))
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html
    assert "tile.openstreetmap.org" in html
    assert "tile.openstreetmap.org" not in html_of(render_map(render_incidents, basemap=None))


def test_same_input_gives_byte_identical_html(render_incidents, tmp_path):
    a = save_map(render_map(render_incidents, offline=True), tmp_path / "a.html").read_bytes()
    b = save_map(render_map(render_incidents.copy(), offline=True), tmp_path / "b.html").read_bytes()
    assert a == b
    changed = render_incidents.copy()
    changed.loc[0, "place_text"] = "another name"
    c = save_map(render_map(changed, offline=True), tmp_path / "c.html").read_bytes()
    assert c != a
    # ids differ between different inputs, so two maps can share a page
    ids_a = set(re.findall(rb"map_[0-9a-f]{32}", a))
    ids_c = set(re.findall(rb"map_[0-9a-f]{32}", c))
    assert ids_a and not ids_a & ids_c


def test_choropleth_from_aggregate_output(render_incidents):
    from geoincidents.join import aggregate

    agg = aggregate(render_incidents.iloc[:-1], "adm1", period=None)
    html = html_of(render_map(render_incidents, choropleth=agg))
    assert "Choropleth: events" in html
    docs = payloads(html)["geo"]
    choro = next(d for d in docs if d["geojson"]["features"]
                 and "tip" in d["geojson"]["features"][0]["properties"])
    tips = [f["properties"]["tip"] for f in choro["geojson"]["features"]]
    assigned = agg[agg["assigned"]]
    assert len(tips) == len(assigned)
    for name, events in zip(assigned["unit_name"], assigned["events"]):
        assert f"{name}: {int(events)} (events)" in tips


# ---------------------------------------------------------------------------------------------
# Safety of the page text.
# ---------------------------------------------------------------------------------------------

NASTY = "Al-Ba'ir </script><script>window.__xss=1</script> {{7*7}} `x` <img src=x onerror=alert(1)> \u2028"


def test_text_is_carried_as_data_and_cannot_close_the_script(render_incidents):
    gdf = render_incidents.copy()
    for col in ("place_text", "event_type", "notes", "source", "actors"):
        gdf[col] = NASTY
    html = html_of(render_map(gdf, title=NASTY))
    # every <script> opened is closed exactly once: nothing in the data ended one early
    assert html.count("<script") == html.count("</script>")
    assert "<script>window.__xss" not in html
    assert "<img src=x" not in html
    # the title element is escaped; braces stay literal because nothing re-parses the output
    import html as htmllib

    assert f"<title>{htmllib.escape(NASTY)}</title>" in html
    doc = incident_payload(render_map(gdf))
    assert prop(doc, "place_text", 0) == NASTY  # round-trips exactly, Jinja never evaluated it
    assert doc["meta"]["categories"] == [NASTY]


def test_trusted_html_is_an_explicit_opt_in(render_incidents):
    assert incident_payload(render_map(render_incidents))["meta"]["trusted"] is False
    assert incident_payload(render_map(render_incidents, trusted_html=True))["meta"]["trusted"] is True


# ---------------------------------------------------------------------------------------------
# Argument checking.
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "field"), [
    ({"basemap": "satellite"}, "basemap"),
    ({"cluster": "sometimes"}, "cluster"),
    ({"layers": ("adm1", "roads")}, "layers"),
    ({"color_by": 3}, "color_by"),
    ({"choropleth": "adm1"}, "choropleth"),
    ({"title": 7}, "title"),
])
def test_bad_arguments_name_the_field(render_incidents, kwargs, field):
    with pytest.raises(InputError) as err:
        render_map(render_incidents, **kwargs)
    assert err.value.field == field


def test_bad_precision_names_row_and_field(render_incidents):
    gdf = render_incidents.copy()
    gdf.loc[3, "location_precision"] = "roughly"
    with pytest.raises(InputError) as err:
        render_map(gdf)
    assert (err.value.row, err.value.field) == (3, "location_precision")


def test_not_a_geodataframe_and_bad_paths(render_incidents, tmp_path):
    with pytest.raises(InputError):
        render_map(render_incidents.drop(columns="geometry").to_dict())
    m = render_map(render_incidents)
    with pytest.raises(InputError):
        save_map(m, tmp_path / "map.png")
    with pytest.raises(InputError):
        save_map(m, tmp_path / "missing" / "map.html")
    with pytest.raises(InputError):
        save_map("not a map", tmp_path / "map.html")
    with pytest.raises(InputError):
        render_static(render_incidents, tmp_path / "map.html")


# ---------------------------------------------------------------------------------------------
# Static maps.
# ---------------------------------------------------------------------------------------------

def test_render_static_png(render_incidents, tmp_path):
    out = render_static(render_incidents, tmp_path / "map.png", title="Test map", figsize=(6, 5), dpi=100)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (600, 500)
    import matplotlib.image as mpimg

    img = mpimg.imread(out)
    # sea, land and at least the incident colours are there: not a blank figure
    colours = {tuple(np.round(px[:3], 1)) for px in img.reshape(-1, img.shape[-1])[::37]}
    assert len(colours) > 15


def test_render_static_svg_is_deterministic_and_has_the_legend(render_incidents, tmp_path):
    a = render_static(render_incidents, tmp_path / "a.svg", title="Seed").read_text()
    b = render_static(render_incidents, tmp_path / "b.svg", title="Seed").read_text()
    assert a == b
    for text in ("Disputed territories (core)", "Kurdistan Region", "1 not located", "airstrike"):
        assert text in a


# ---------------------------------------------------------------------------------------------
# The real pipeline and the command line.
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_attributed():
    from geoincidents import attribute, read_incidents
    from geoincidents.data import example_path

    return attribute(read_incidents(example_path(), place="place_text", progress=False), progress=False)


def test_demo_pipeline_renders_units_lines_and_unlocated(seed_attributed):
    doc = incident_payload(render_map(seed_attributed, offline=True))
    n = len(seed_attributed)
    located = int((seed_attributed["location_status"] == "located").sum())
    assert doc["meta"]["rows"] == n and doc["meta"]["located"] == located
    drawn = len(point_index(doc)) + sum(len(s["rows"]) for s in doc["shapes"])
    assert drawn == located
    prec = seed_attributed["location_precision"].astype(str).tolist()
    for s in doc["shapes"]:
        for r in s["rows"]:
            assert prec[r] not in ("exact", "locality", "near")
    for r in point_index(doc):
        assert prec[r] in ("exact", "locality", "near")


def test_cli_map_offline(tmp_path):
    from geoincidents.cli import main
    from geoincidents.data import example_path

    out = tmp_path / "seed.html"
    static = tmp_path / "seed.png"
    assert main(["map", str(example_path()), "-o", str(out), "--offline", "--place", "place_text",
                 "--title", "Seed <report>", "--heatmap", "--static", str(static)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src=', text)
    meta = payloads(text)["incidents"][0]["meta"]
    assert meta["rows"] == 5 and meta["title"] == "Seed <report>"
    assert "L.heatLayer" in text
    assert static.read_bytes()[:4] == b"\x89PNG"
    assert main(["map", str(example_path()), "-o", str(tmp_path / "x.txt")]) == 2  # not .html


def test_awkward_inputs_render_and_count_every_row(tmp_path):
    from shapely.geometry import GeometryCollection, LineString, MultiPoint, Polygon

    empty = gpd.GeoDataFrame({"id": []}, geometry=[], crs=4326)
    doc = incident_payload(render_map(empty))
    assert doc["meta"]["rows"] == 0 and doc["points"]["t"] == []
    nothing = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[None, Polygon()], crs=4326)
    doc = incident_payload(render_map(nothing))
    assert (doc["meta"]["rows"], doc["meta"]["located"]) == (2, 0)
    odd = gpd.GeoDataFrame({
        "id": [1, 2, 3, 4],
        "event_type": gpd.pd.Categorical(["a", None, "a", "b"]),
        "fatalities_best": gpd.pd.array([1, None, 3, None], dtype="Int64"),
        "date_start": gpd.pd.to_datetime(["2020-01-01", None, "2020-01-03T05:00", "2020-02-01"], utc=True,
                                        format="ISO8601"),
        "location_precision": ["exact", "", None, "near"],
        "disputed": gpd.pd.array([True, None, False, True], dtype="boolean"),
    }, geometry=[MultiPoint([(44, 35), (44.2, 35.2)]), LineString([(44, 35), (44.5, 35.5)]),
                 GeometryCollection([Point(44, 35)]), Point(44.1, 35.1)], crs=4326)
    m = render_map(odd)
    doc = incident_payload(m)
    assert doc["meta"]["located"] == 4
    assert "unspecified" in doc["meta"]["categories"]
    assert [prop(doc, "date_start", i) for i in range(4)] == [
        "2020-01-01", None, "2020-01-03T05:00:00+00:00", "2020-02-01"]
    assert doc["props"]["disputed"] == [True, None, False, True]
    save_map(m, tmp_path / "odd.html")
    render_static(odd, tmp_path / "odd.png")

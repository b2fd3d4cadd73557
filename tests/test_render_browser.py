"""What headless Chromium actually draws from render_map output (Playwright, real bundled data).

Skipped with a reason when no Chromium is installed (see the ``chromium`` fixture).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from geoincidents import load_layer, load_table
from geoincidents.render import render_map, save_map

pytestmark = pytest.mark.browser

MAP_JS = "Object.keys(window).find(k => k.startsWith('map_'))"


def state(page) -> dict:
    return page.evaluate("window.__geoincidents")


def container_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a lat/lon on the map."""
    p = page.evaluate(
        f"""([lat, lon]) => {{ const m = window[{MAP_JS}]; const c = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect(); return [c.x + r.left, c.y + r.top]; }}""",
        [lat, lon],
    )
    return p[0], p[1]


def popup_text(page) -> str:
    page.wait_for_selector(".leaflet-popup-content", timeout=15000)  # a wait, not a speed check
    return page.inner_text(".leaflet-popup-content")


def many_points(n: int, seed: int = 3) -> gpd.GeoDataFrame:
    places = load_table("places")
    rng = np.random.default_rng(seed)
    pick = places.iloc[rng.choice(len(places), n, replace=False)].reset_index(drop=True)
    return gpd.GeoDataFrame({
        "id": [f"m{i}" for i in range(n)],
        "place_text": pick["name"].to_numpy(),
        "event_type": rng.choice(["airstrike", "IED", "armed clash"], n),
        "location_precision": rng.choice(["exact", "locality", "near"], n),
        "fatalities_best": rng.integers(0, 9, n),
    }, geometry=pick.geometry.to_numpy(), crs=4326)


def test_offline_map_draws_every_located_incident_with_network_blocked(render_incidents, open_map, tmp_path):
    path = save_map(render_map(render_incidents, offline=True), tmp_path / "off.html")
    mp = open_map(path, block_all=True)
    assert mp.errors == []
    assert mp.outside == []  # it did not even try the network
    s = state(mp.page)
    located = int(render_incidents.geometry.notna().sum())
    assert (s["rows"], s["located"], s["drawn"]) == (len(render_incidents), located, located)
    # six village markers are six interactive circle paths (arcs); rings are not interactive
    markers = mp.page.eval_on_selector_all(
        "path.leaflet-interactive", "els => els.filter(e => /a/.test(e.getAttribute('d'))).length")
    assert markers == 6
    legend = mp.page.inner_text(".gi-legend")
    assert "1 not located" in legend and "airstrike" in legend
    overlays = mp.page.inner_text(".leaflet-control-layers-overlays")
    for name in ("Incidents", "Governorates (ADM1)", "Disputed territories (core)",
                 "Disputed territories (extended)", "Kurdistan Region"):
        assert name in overlays


def test_marker_popup_and_tooltip_state_precision_and_provenance(render_incidents, open_map, tmp_path):
    gdf = render_incidents.copy()
    gdf["resolution_method"] = "exact_name"
    gdf["resolution_score"] = 0.93
    gdf["source"] = "Rudaw, 2020-04-30"
    path = save_map(render_map(gdf, offline=True), tmp_path / "p.html")
    mp = open_map(path, block_all=True)
    row = gdf.iloc[1]  # a locality
    x, y = container_point(mp.page, row.geometry.y, row.geometry.x)
    mp.page.mouse.move(x, y)
    mp.page.wait_for_selector(".leaflet-tooltip", timeout=15000)  # a wait, not a speed check
    assert row["place_text"] in mp.page.inner_text(".leaflet-tooltip")
    mp.page.mouse.click(x, y)
    text = popup_text(mp.page)
    assert row["place_text"] in text
    assert "locality" in text and "a town or village" in text and "\u00b15 km" in text
    assert "by exact_name" in text and "score 0.93" in text
    assert "Rudaw, 2020-04-30" in text
    assert mp.errors == []


def test_unit_incident_popup_opens_on_the_shaded_unit(render_incidents, open_map, tmp_path):
    path = save_map(render_map(render_incidents, offline=True), tmp_path / "u.html")
    mp = open_map(path, block_all=True)
    adm1 = load_layer("adm1").set_index("adm1_code")
    # a spot inside Diyala, away from the point incidents
    p = adm1.loc["IQG10"].geometry.representative_point()
    x, y = container_point(mp.page, p.y, p.x)
    mp.page.mouse.click(x, y)
    text = popup_text(mp.page)
    assert "Diyala province" in text
    assert "somewhere in the governorate" in text
    assert mp.errors == []


def test_canvas_layer_for_many_points_draws_and_hit_tests(open_map, tmp_path):
    gdf = many_points(3000)
    path = save_map(render_map(gdf, offline=True, cluster=False), tmp_path / "c.html")
    mp = open_map(path, block_all=True)
    assert state(mp.page)["drawn"] == 3000
    assert mp.page.evaluate("document.querySelectorAll('canvas.gi-canvas').length") == 1
    # pixels were drawn on the canvas
    painted = mp.page.evaluate("""() => { const c = document.querySelector('canvas.gi-canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }""")
    assert painted > 3000
    # click a point that is visible (inside the viewport) and check the popup names it
    size = mp.page.evaluate(f"window[{MAP_JS}].getSize()")
    for i in range(len(gdf)):
        g = gdf.geometry.iloc[i]
        x, y = container_point(mp.page, g.y, g.x)
        if 40 < x < size["x"] - 300 and 80 < y < size["y"] - 250:
            break
    mp.page.mouse.click(x, y)
    assert gdf["place_text"].iloc[i] in popup_text(mp.page)
    assert mp.errors == []


def test_clustered_representation(open_map, tmp_path):
    gdf = many_points(2000)
    path = save_map(render_map(gdf, offline=True), tmp_path / "cl.html")  # auto: clustered
    mp = open_map(path, block_all=True)
    assert state(mp.page)["drawn"] == 2000
    assert mp.page.evaluate("document.querySelectorAll('.marker-cluster').length") > 0
    assert mp.errors == []


def test_time_slider_keeps_incidents_whose_interval_overlaps(render_incidents, open_map, tmp_path):
    path = save_map(render_map(render_incidents, offline=True), tmp_path / "t.html")
    mp = open_map(path, block_all=True)
    lo, hi = np.datetime64("2020-04-15", "D"), np.datetime64("2020-04-20", "D")
    mp.page.evaluate(
        """([lo, hi]) => { const a = document.querySelector('.gi-time-from'), b = document.querySelector('.gi-time-to');
        a.value = lo; b.value = hi; b.dispatchEvent(new Event('change')); }""",
        [int(lo.astype(int)), int(hi.astype(int))],
    )
    start = render_incidents["date_start"].astype("datetime64[ns]").to_numpy().astype("datetime64[D]")
    end = render_incidents["date_end"].astype("datetime64[ns]").to_numpy().astype("datetime64[D]")
    located = render_incidents.geometry.notna().to_numpy()
    undated = np.isnat(start) & np.isnat(end)
    overlap = (start <= hi) & (end >= lo)
    expected = int((located & (overlap | undated)).sum())
    assert 0 < expected < int(located.sum())
    assert state(mp.page)["drawn"] == expected
    assert "2020-04-15 to 2020-04-20" in mp.page.inner_text(".gi-time")


def test_online_map_with_cdns_served_locally(render_incidents, open_map, tmp_path):
    path = save_map(render_map(render_incidents, heatmap=True), tmp_path / "on.html")
    mp = open_map(path)
    assert state(mp.page)["drawn"] == int(render_incidents.geometry.notna().sum())
    # tiles and the CDN files no package ships were refused; nothing else went wrong
    assert [e for e in mp.errors if "Failed to load resource" not in e] == []
    assert any("leaflet.js" in u for u in mp.outside)


def test_demo_map_from_the_real_pipeline(open_map, tmp_path):
    from geoincidents.cli import main

    out = tmp_path / "demo.html"
    assert main(["demo", "-o", str(out), "--offline"]) == 0
    mp = open_map(out, block_all=True)
    s = state(mp.page)
    assert s["rows"] == 5 and s["drawn"] == s["located"] > 0
    overlays = mp.page.inner_text(".leaflet-control-layers-overlays")
    assert "Disputed territories (core)" in overlays and "Governorates (ADM1)" in overlays
    assert mp.errors == []


def test_choropleth_and_heatmap_render(render_incidents, open_map, tmp_path):
    from geoincidents.join import aggregate

    agg = aggregate(render_incidents, "adm1", period=None)
    path = save_map(render_map(render_incidents, choropleth=agg, heatmap=True, offline=True),
                    tmp_path / "ch.html")
    mp = open_map(path, block_all=True)
    assert "Choropleth: events" in mp.page.inner_text(".leaflet-control-layers-overlays")
    assert mp.page.evaluate("document.querySelectorAll('canvas.leaflet-heatmap-layer').length") == 1
    assert mp.errors == []

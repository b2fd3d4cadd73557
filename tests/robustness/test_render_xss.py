"""Hostile text in every field of an incident never runs in the map and always shows as text.

Each payload would set ``window.__xss = 1`` if it executed. The browser test places one payload in
every text field of one incident (and in the title, the legend categories and a choropleth), opens
every tooltip and popup in Chromium, and checks that ``window.__xss`` stayed undefined and that the
popup shows the payload verbatim. A hypothesis property checks, without a browser, that arbitrary
text cannot close the page's script elements and round-trips exactly through the page data.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoincidents import load_layer, load_table
from geoincidents.render import render_map, save_map

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "</SCRIPT ><script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=\"window.__xss=1\"></svg>",
    "<svg><script>window.__xss=1</script></svg>",
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1//https://example.org",
    "data:text/html,<script>window.__xss=1</script>",
    "\"'><img src=x onerror=window.__xss=1>",
    "'><script>window.__xss=1</script>",
    "\" onmouseover=\"window.__xss=1",
    "{{7*7}}",
    "{{constructor.constructor('window.__xss=1')()}}",
    "{% for x in range(3) %}{{x}}{% endfor %}",
    "`${window.__xss=1}`",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<body onload=window.__xss=1>",
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<!--<script>window.__xss=1//-->",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "<video><source onerror=\"window.__xss=1\"></video>",
    "\u2028window.__xss=1\u2029",
    "Al-Ba'ir \u0627\u0644\u0628\u0639\u064a\u0631 & <b>bold</b>",
]

TEXT_FIELDS = [
    "id", "event_type", "sub_event_type", "place_text", "resolved_name", "actors", "source",
    "source_url", "notes", "date_precision", "resolution_status", "resolution_method",
    "resolution_source", "location_status", "adm1_name", "adm2_name", "adm3_name",
]


def spread_places(n: int, min_deg: float = 0.7) -> list:
    """Real Iraqi places at least ``min_deg`` apart, so each marker can be hovered alone."""
    places = load_table("places")
    iq = places[(places["country"] == "IQ") & (places["feature_code"] == "PPL")].sort_values("place_id")
    chosen: list = []
    for geom in iq.geometry:
        if all(abs(geom.x - g.x) > min_deg or abs(geom.y - g.y) > min_deg for g in chosen):
            chosen.append(geom)
            if len(chosen) == n:
                return chosen
    raise AssertionError("not enough spread-out places")


def hostile_incidents() -> gpd.GeoDataFrame:
    geoms = spread_places(len(PAYLOADS))
    rows = []
    for k, payload in enumerate(PAYLOADS):
        row = {field: payload for field in TEXT_FIELDS}
        row["id"] = f"{k}:{payload}"
        row.update(location_precision="exact", date_start="2020-04-01", date_end="2020-04-02",
                   fatalities_best=k % 4, resolution_score=0.5)
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


def hostile_choropleth() -> gpd.GeoDataFrame:
    adm1 = load_layer("adm1").head(4)
    return gpd.GeoDataFrame({
        "unit_name": PAYLOADS[:4],
        "<img src=x onerror=window.__xss=1>": [1, 2, 3, 4],
    }, geometry=adm1.geometry.to_numpy(), crs=4326)


@pytest.mark.browser
def test_no_payload_runs_and_each_shows_as_text(open_map, tmp_path):
    assert len(PAYLOADS) >= 20
    gdf = hostile_incidents()
    m = render_map(gdf, offline=True, title=PAYLOADS[1], cluster=False,
                   choropleth=(hostile_choropleth(), "<img src=x onerror=window.__xss=1>"))
    mp = open_map(save_map(m, tmp_path / "xss.html"), block_all=True)
    page = mp.page
    assert page.evaluate("window.__geoincidents.drawn") == len(gdf)
    name = page.evaluate("Object.keys(window).find(k => k.startsWith('map_'))")
    for k, payload in enumerate(PAYLOADS):
        geom = gdf.geometry.iloc[k]
        for attempt in range(3):  # a popup's auto-pan or a stale tooltip can race the click under load
            # the mouse leaves every marker before the view moves, so no tooltip of the last
            # marker stays open over the next one (the next marker is centred where the mouse was)
            page.mouse.move(5, 400)
            # centre on the marker first: the last popup may have panned it out of view
            x, y = page.evaluate(
                f"""async ([lat, lon]) => {{ const m = window['{name}']; m.stop(); m.closePopup();
                m.eachLayer(l => {{ if (l.closeTooltip) l.closeTooltip(); }});
                m.setView([lat, lon], 7, {{animate: false}});
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                const c = m.latLngToContainerPoint([lat, lon]);
                const r = m.getContainer().getBoundingClientRect(); return [c.x + r.left, c.y + r.top]; }}""",
                [geom.y, geom.x])
            try:
                # the marker is what the mouse will meet there, not a boundary, unit or tooltip
                page.wait_for_function(
                    """([x, y]) => { const e = document.elementFromPoint(x, y);
                    return !!e && !!e.closest('.leaflet-giIncidents-pane'); }""", arg=[x, y], timeout=15000)
                page.mouse.move(x, y)
                page.wait_for_function(
                    "p => { const t = document.querySelector('.leaflet-tooltip'); return !!t && t.textContent.includes(p); }",
                    arg=payload, timeout=15000)
                page.mouse.click(x, y)
                page.wait_for_function(
                    "p => { const t = document.querySelector('.leaflet-popup-content'); return !!t && t.textContent.includes(p); }",
                    arg=payload, timeout=15000)
                break
            except Exception:
                if attempt == 2:
                    raise
        text = page.evaluate("document.querySelector('.leaflet-popup-content').textContent")
        # every field, including the link text, shows the payload verbatim
        assert text.count(payload) >= len(TEXT_FIELDS) - 1, (k, payload, text)
        links = page.evaluate(
            "[...document.querySelectorAll('.leaflet-popup-content a')].map(a => a.protocol)")
        assert set(links) <= {"http:", "https:"}
        assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img, "
                             ".leaflet-popup-content script, .leaflet-popup-content svg, "
                             ".leaflet-popup-content iframe, .leaflet-popup-content b').length") == 0
        page.evaluate(f"void window['{name}'].closePopup()")  # it would cover the next marker
    # the legend and title show hostile categories as text too
    legend = page.evaluate("document.querySelector('.gi-legend').textContent")
    assert PAYLOADS[0] in legend or "other" in legend
    assert page.evaluate("document.querySelector('.gi-title').textContent") == PAYLOADS[1]
    # the choropleth's hostile column name in the layer control and unit names in tooltips
    page.hover(".leaflet-control-layers")
    assert "Choropleth: <img src=x onerror=window.__xss=1>" in page.inner_text(
        ".leaflet-control-layers-overlays")
    page.wait_for_timeout(300)  # give any injected handler (onerror, onload, ontoggle) time to fire
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert mp.errors == []


@pytest.mark.browser
def test_trusted_html_is_rendered_as_html_when_asked(open_map, tmp_path):
    gdf = hostile_incidents().iloc[[-1]].reset_index(drop=True)  # "<b>bold</b>", nothing hostile
    m = render_map(gdf, offline=True, trusted_html=True)
    page = open_map(save_map(m, tmp_path / "trusted.html"), block_all=True).page
    geom = gdf.geometry.iloc[0]
    name = page.evaluate("Object.keys(window).find(k => k.startsWith('map_'))")
    x, y = page.evaluate(
        f"""([lat, lon]) => {{ const m = window['{name}']; const c = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect(); return [c.x + r.left, c.y + r.top]; }}""",
        [geom.y, geom.x])
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content b", timeout=15000)


SCRIPT_OPEN = re.compile(r"<script\b", re.I)
SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=4))
def test_any_text_round_trips_and_cannot_close_a_script(texts):
    geoms = spread_places(len(texts), min_deg=0.2)
    gdf = gpd.GeoDataFrame({"place_text": texts, "notes": texts, "event_type": texts},
                           geometry=geoms, crs=4326)
    html = render_map(gdf, title=texts[0]).get_root().render()
    assert len(SCRIPT_OPEN.findall(html)) == len(SCRIPT_CLOSE.findall(html))
    body = re.search(
        r'<script type="application/json" id="geo_incidents_incidents_[0-9a-f]{32}_data">(.*?)</script>',
        html, re.S).group(1)
    assert "<" not in body and "{{" not in body
    doc = json.loads(body)
    col = doc["props"]["place_text"]
    shown = col["p"] if "p" in col else [None if i < 0 else col["v"][i] for i in col["i"]]
    # empty strings are text too; only missing values come back as None
    assert shown == texts
    assert np.all(np.array(doc["points"]["c"]) != 0)

"""Shared fixtures. The browser fixtures drive Debian's Chromium through Playwright.

``chromium`` is one browser per test session; ``open_map`` loads a saved map in a fresh page with
every request that is not ``file:`` or ``data:`` either served from the local copy of the asset
(CDN addresses folium and geoincidents use) or aborted, and records console errors, page errors
and requests that left the page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("GEOINCIDENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _chromium_binary() -> str | None:
    if Path(CHROMIUM_PATH).is_file():
        return CHROMIUM_PATH
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (Playwright sync API); skips with the reason when there is none."""
    binary = _chromium_binary()
    if binary is None:
        pytest.skip(f"no Chromium binary at {CHROMIUM_PATH} or on PATH; browser tests need one")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken install should say why, not error every test
        pw.stop()
        pytest.skip(f"Chromium at {binary} did not start: {exc}")
    yield browser
    browser.close()
    pw.stop()


class MapPage:
    """A loaded map page and what happened while loading it."""

    def __init__(self, page, errors: list[str], outside: list[str]):
        self.page = page
        self.errors = errors
        self.outside = outside


@pytest.fixture
def open_map(chromium):
    """``open_map(path, block_all=False, wait_ready=True) -> MapPage``.

    With ``block_all`` every request other than ``file:``/``data:`` is aborted (the offline
    test); otherwise CDN assets are served from local copies and anything else is aborted.
    """
    from geoincidents._assets import local_asset

    pages = []

    def _open(path, *, block_all: bool = False, wait_ready: bool = True, timeout_ms: int = 30000):
        page = chromium.new_page(viewport={"width": 1200, "height": 800})
        pages.append(page)
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: errors.append(f"console: {msg.text}")
                if msg.type == "error" else None)

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:")):
                return r.continue_()
            outside.append(url)
            asset = None if block_all else local_asset(url)
            if asset is None:
                return r.abort()
            return r.fulfill(body=asset[0], content_type=asset[1])

        page.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        if wait_ready:
            page.wait_for_function("window.__geoincidents_ready === true", timeout=timeout_ms)
        return MapPage(page, errors, outside)

    yield _open
    for page in pages:
        page.close()


def build_render_incidents():
    """Incidents built from the real bundled data, one per way a location can be drawn.

    Real villages from ``places`` (exact, locality, near), the Hamrin Mountains line from
    ``landmarks`` (linear), Kirkuk governorate's polygon (adm1, as geometry), a point with
    Diyala's code at adm1 precision (drawn as the unit), a point at adm2 precision with no code
    (its district found by location), and one row without geometry.
    """
    import geopandas as gpd

    from geoincidents.data import load_layer, load_table

    places = load_table("places")
    iq = places[(places["country"] == "IQ") & (places["feature_code"] == "PPL")]
    iq = iq.sort_values("place_id").iloc[::997].head(6).reset_index(drop=True)
    landmarks = load_table("landmarks").set_index("feature_id")
    adm1 = load_layer("adm1").set_index("adm1_code")
    rows = []
    for i, r in iq.iterrows():
        prec = ("exact", "locality", "near")[i % 3]
        rows.append({
            "id": f"pt-{i}", "event_type": ("airstrike", "IED", "armed clash")[i % 3],
            "place_text": r["name"], "resolved_name": r["name"], "location_precision": prec,
            "fatalities_best": i, "date_start": f"2020-04-{i + 1:02d}", "date_end": f"2020-04-{i + 1:02d}",
            "geometry": r.geometry,
        })
    rows.append({"id": "line", "event_type": "airstrike", "place_text": "Hamrin Mountains",
                 "location_precision": "linear", "uncertainty_km": 8.0, "fatalities_best": 5,
                 "date_start": "2020-04-29", "date_end": "2020-04-29",
                 "geometry": landmarks.loc["lm-hamrin-mountains"].geometry})
    rows.append({"id": "gov-poly", "event_type": "armed clash", "place_text": "Kirkuk province",
                 "location_precision": "adm1", "date_start": "2020-04-02", "date_end": "2020-04-30",
                 "geometry": adm1.loc["IQG13"].geometry})
    rows.append({"id": "gov-code", "event_type": "armed clash", "place_text": "Diyala province",
                 "location_precision": "adm1", "adm1_code": "IQG10",
                 "date_start": "2020-03-01", "date_end": "2020-03-31",
                 "geometry": adm1.loc["IQG10"].geometry.representative_point()})
    hawija = places[places["name"].str.contains("Hawija|Ḩawījah", regex=True, na=False)
                    & (places["country"] == "IQ")].iloc[0]
    rows.append({"id": "dist", "event_type": "IED", "place_text": "Hawija district",
                 "location_precision": "adm2", "date_start": "2020-04-10", "date_end": "2020-04-12",
                 "geometry": hawija.geometry})
    rows.append({"id": "lost", "event_type": "IED", "place_text": "somewhere", "geometry": None})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


@pytest.fixture
def render_incidents():
    return build_render_incidents()


def _iq_codes(level: str) -> dict[str, str]:
    from geoincidents.data import load_table

    t = load_table(level)
    t = t[t["country"] == "IQ"]
    return dict(zip(t[f"{level}_name"], t[f"{level}_code"]))


@pytest.fixture(scope="session")
def adm1_code() -> dict[str, str]:
    """Iraq's governorates: OCHA name -> pcode, from the bundled table."""
    return _iq_codes("adm1")


@pytest.fixture(scope="session")
def adm2_code() -> dict[str, str]:
    """Iraq's districts: OCHA name -> pcode, from the bundled table."""
    return _iq_codes("adm2")

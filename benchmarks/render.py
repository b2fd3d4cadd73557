"""Benchmark: interactive maps of 1k/10k/100k incidents, geoincidents against plain folium.

For each size it builds and saves the map in Python (timed), reports the HTML size, then loads it
in headless Chromium (Playwright, /usr/bin/chromium) with CDN requests served from the local
copies of the same assets, and times until the map has drawn: for geoincidents until the page sets
``window.__geoincidents_ready``; for the folium baselines until the marker or cluster layer has
put something on the map (``.leaflet-marker-icon`` or ``.leaflet-interactive`` present).

Baselines, same incidents, same run: folium ``Marker`` per incident, folium ``MarkerCluster`` of
those markers, folium ``FastMarkerCluster``. The baselines carry no popups: folium popups need
jQuery, which no installed package ships, so they could not open offline (ours carry full popups). Plain markers at 100k are not
built (the page would exceed 100 MB and never open).

Incidents are real bundled places (``load_table("places")``) sampled with replacement, with
random types, dates and fatalities (fixed seed). Run: ``python benchmarks/render.py``
(``--sizes 1000,10000`` for fewer, ``--no-browser`` to skip time-to-render).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geoincidents._assets import local_asset  # noqa: E402
from geoincidents.data import load_table  # noqa: E402
from geoincidents.render import render_map, save_map  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TYPES = ["airstrike", "IED", "armed clash", "shelling", "abduction", "protest", "drone strike"]


def incidents(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    places = load_table("places")
    pick = places.iloc[rng.integers(0, len(places), n)].reset_index(drop=True)
    start = np.datetime64("2019-01-01") + rng.integers(0, 730, n).astype("timedelta64[D]")
    length = rng.choice([0, 0, 0, 1, 6, 29], n).astype("timedelta64[D]")
    return gpd.GeoDataFrame({
        "id": [f"bench-{i}" for i in range(n)],
        "date_start": start.astype(str),
        "date_end": (start + length).astype(str),
        "place_text": pick["name"].to_numpy(),
        "event_type": rng.choice(TYPES, n),
        "location_precision": rng.choice(["exact", "locality", "near"], n, p=[0.2, 0.6, 0.2]),
        "fatalities_best": rng.poisson(1.5, n),
        "source": rng.choice(["Rudaw", "Kurdistan24", "Shafaq News", "local officials"], n),
    }, geometry=pick.geometry.to_numpy(), crs=4326)


def build_ours(gdf, path: Path) -> None:
    save_map(render_map(gdf, offline=True), path)


def build_markers(gdf, path: Path, cluster: bool) -> None:
    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=[33.5, 43.5], zoom_start=6)
    target = MarkerCluster().add_to(m) if cluster else m
    xs, ys = gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()
    for x, y in zip(xs, ys):
        folium.Marker([y, x]).add_to(target)
    m.save(str(path))


def build_fast(gdf, path: Path) -> None:
    import folium
    from folium.plugins import FastMarkerCluster

    m = folium.Map(location=[33.5, 43.5], zoom_start=6)
    # folium's default callback needs Leaflet.awesome-markers, which no installed package ships.
    callback = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"
    FastMarkerCluster(np.column_stack([gdf.geometry.y, gdf.geometry.x]).tolist(),
                      callback=callback).add_to(m)
    m.save(str(path))


OURS_READY = "window.__geoincidents_ready === true"
FOLIUM_READY = "document.querySelectorAll('.leaflet-marker-icon, .leaflet-interactive').length > 0"


def time_to_render(browser, path: Path, ready: str, timeout_s: float) -> str:
    page = browser.new_page(viewport={"width": 1200, "height": 800})

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        asset = local_asset(url)
        if asset is None:
            return r.abort()
        return r.fulfill(body=asset[0], content_type=asset[1])

    page.route("**/*", route)
    try:
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=20)
        return f"{time.perf_counter() - t0:.2f} s"
    except Exception:
        return f"timeout >{timeout_s:.0f} s"
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    browser = pw = None
    if not args.no_browser and Path(CHROMIUM).exists():
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    ways = [
        ("geoincidents render_map (offline)", build_ours, OURS_READY),
        ("folium Marker", lambda g, p: build_markers(g, p, cluster=False), FOLIUM_READY),
        ("folium MarkerCluster", lambda g, p: build_markers(g, p, cluster=True), FOLIUM_READY),
        ("folium FastMarkerCluster", build_fast, FOLIUM_READY),
    ]
    header = f"{'incidents':>9}  {'way':<36} {'HTML size':>10} {'build+save':>11} {'render':>14}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            gdf = incidents(n)
            render_map(gdf.head(10), offline=True)  # warm caches: bundled layers, assets
            for label, build, ready in ways:
                if label == "folium Marker" and n >= 100_000:
                    print(f"{n:>9}  {label:<36} {'not run: >100 MB':>38}")
                    continue
                path = Path(tmp) / f"{n}-{label.split()[1]}.html"
                t0 = time.perf_counter()
                build(gdf, path)
                built = time.perf_counter() - t0
                size = path.stat().st_size / 1e6
                shown = time_to_render(browser, path, ready, args.timeout) if browser else "not run"
                print(f"{n:>9}  {label:<36} {size:>7.1f} MB {built:>9.2f} s {shown:>14}", flush=True)
                path.unlink()
    if browser is not None:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()

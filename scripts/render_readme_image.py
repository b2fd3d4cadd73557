"""Render the README pictures from the bundled example incidents.

``docs/demo-map.png``: the interactive demo map (the same as ``geoincidents demo --offline``),
screenshotted in headless Chromium with every network request blocked, so the picture shows what a
user sees offline. ``docs/demo-static.png``: the same incidents through :func:`render_static`.

Run from the repository root: ``python scripts/render_readme_image.py`` (needs Chromium at
/usr/bin/chromium or ``--chromium PATH``; ``--static-only`` skips the screenshot).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents import attribute, read_incidents  # noqa: E402
from geoincidents.data import example_path  # noqa: E402
from geoincidents.render import render_map, render_static, save_map  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TITLE = "Example incidents (seed report, April 2020)"


def screenshot(html: Path, png: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else r.abort())
        page.goto(html.resolve().as_uri())
        page.wait_for_function("window.__geoincidents_ready === true", timeout=30000)
        page.wait_for_timeout(200)
        page.screenshot(path=str(png))
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--static-only", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    gdf = attribute(read_incidents(example_path(), place="place_text", progress=False), progress=False)
    render_static(gdf, out / "demo-static.png", title=TITLE, figsize=(8, 7), dpi=120)
    print(f"wrote {out / 'demo-static.png'}")
    if args.static_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        html = save_map(render_map(gdf, offline=True, title=TITLE), Path(tmp) / "demo.html")
        screenshot(html, out / "demo-map.png", args.chromium)
    print(f"wrote {out / 'demo-map.png'}")


if __name__ == "__main__":
    main()

"""The ``geoincidents`` command line: resolve, join, map, geoparse, demo.

Each subcommand is a thin layer over the public Python API; output formats (JSON keys, join
columns) are the interface contract of the foundation issue. Errors from the library are
reported as one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import GeoIncidentsError

__all__ = ["main"]


def _write_json_lines(objs, out) -> None:
    for obj in objs:
        out.write(json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n")


def cmd_resolve(args: argparse.Namespace) -> int:
    from .gazetteer import Gazetteer

    gaz = Gazetteer.default()
    if args.input:
        text = Path(args.input).read_text(encoding="utf-8-sig")
        names = text.splitlines()
    else:
        names = list(args.names)
    if not names:
        raise GeoIncidentsError("resolve: give one or more NAMEs or --input FILE")
    results = [gaz.resolve(n, within=args.within) for n in names]
    if args.json or args.input:
        _write_json_lines((r.to_dict() for r in results), sys.stdout)
    else:
        for r in results:
            where = ", ".join(x for x in (r.admin3_name, r.admin2_name, r.admin1_name) if x)
            loc = f"{r.lat:.5f},{r.lon:.5f}" if r.lat is not None else "-"
            sys.stdout.write(
                f"{r.query}\t{r.status}\t{r.name or '-'}\t{r.feature_type or '-'}\t{loc}\t"
                f"{where or '-'}\t{r.precision}\t{r.score:.2f}\t{r.method or '-'}\n"
            )
    return 0


def _read_for_cli(args: argparse.Namespace):
    from .incidents import read_incidents

    kwargs = {}
    if getattr(args, "lat", None) or getattr(args, "lon", None):
        kwargs.update(lat=args.lat, lon=args.lon)
    if getattr(args, "place", None):
        kwargs.update(place=args.place)
    return read_incidents(args.input, progress=False, **kwargs)


_TABLE_EXTENSIONS = (".csv", ".geojson", ".json", ".gpkg", ".parquet", ".geoparquet")


def _check_output(path: str) -> None:
    # fail before the (possibly long) join, not after it
    from .errors import InputError

    ext = Path(path).suffix.lower()
    if ext not in _TABLE_EXTENSIONS:
        raise InputError(
            f"unsupported output type {ext or path!r}; use one of {', '.join(_TABLE_EXTENSIONS)}",
            field="output",
        )
    if not Path(path).resolve().parent.is_dir():
        raise InputError(f"output folder {Path(path).parent} does not exist", field="output")


def _write_table(gdf, path: str) -> None:
    from .incidents import write_incidents

    write_incidents(gdf, path)


def cmd_join(args: argparse.Namespace) -> int:
    from .join import attribute

    _check_output(args.output)
    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
    gdf = _read_for_cli(args)
    out = attribute(gdf, layers=layers, progress=False)
    _write_table(out, args.output)
    counts = out["location_status"].astype(str).value_counts()
    summary = ", ".join(f"{counts[k]} {k}" for k in counts.index)
    sys.stderr.write(f"wrote {args.output}: {len(out)} incidents ({summary or 'none'})\n")
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .join import attribute
    from .render import render_map, save_map

    gdf = attribute(_read_for_cli(args), progress=False)
    m = render_map(gdf, offline=args.offline, basemap="offline" if args.offline else "osm",
                   title=args.title, heatmap=args.heatmap)
    save_map(m, args.output)
    if args.static:
        from .render import render_static

        render_static(gdf, args.static, title=args.title)
    return 0


def cmd_geoparse(args: argparse.Namespace) -> int:
    from .geoparse import geoparse

    text = Path(args.file).read_text(encoding="utf-8-sig")
    country = None if (args.country or "").lower() in ("", "none", "any") else args.country
    doc = geoparse(text, published=args.published, country_hint=country, source=Path(args.file).name)
    if args.json or not args.map:
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if args.map:
        from .join import attribute
        from .render import render_map, save_map

        gdf = doc.to_geodataframe()
        if len(gdf):
            gdf = attribute(gdf, progress=False)
        save_map(render_map(gdf, offline=args.offline), args.map)
        located = int(gdf.geometry.notna().sum()) if len(gdf) else 0
        sys.stderr.write(f"wrote {args.map}: {len(gdf)} incidents, {located} located\n")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .data import example_path
    from .incidents import read_incidents
    from .join import attribute
    from .render import render_map, save_map

    gdf = attribute(read_incidents(example_path(), place="place_text", progress=False), progress=False)
    m = render_map(gdf, offline=args.offline, basemap="offline" if args.offline else "osm")
    save_map(m, args.output)
    located = int((gdf["location_status"] == "located").sum()) if "location_status" in gdf else len(gdf)
    sys.stderr.write(f"wrote {args.output}: {len(gdf)} incidents, {located} located\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="geoincidents", description="Map conflict and security reporting.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("resolve", help="resolve place names to geometries")
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--within", metavar="AREA", help="admin context, e.g. Kirkuk")
    p.add_argument("--input", metavar="FILE", help="one name per line; one JSON object per line out")
    p.add_argument("--json", action="store_true", help="JSON lines output")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("join", help="attribute incidents to admin units and disputed territories")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--layers", default="adm1,adm2,adm3,disputed,kri")
    p.add_argument("--lat")
    p.add_argument("--lon")
    p.add_argument("--place", help="column with place names to geocode where there are no coordinates")
    p.set_defaults(func=cmd_join)

    p = sub.add_parser("map", help="render incidents to an interactive HTML map")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--offline", action="store_true", help="self-contained HTML, no network needed")
    p.add_argument("--title", help="map title")
    p.add_argument("--heatmap", action="store_true", help="add a heatmap layer of point incidents")
    p.add_argument("--static", metavar="OUT.png", help="also write a static map (.png, .svg, .pdf)")
    p.add_argument("--lat")
    p.add_argument("--lon")
    p.add_argument("--place")
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("geoparse", help="find places and incidents in a news report")
    p.add_argument("file")
    p.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (relative dates)")
    p.add_argument("--country", default="IQ", metavar="CC", help="country hint: IQ (default), SY or none")
    p.add_argument("--json", action="store_true", help="print {places, incidents} JSON (default without --map)")
    p.add_argument("--map", metavar="OUT.html", help="also render the incidents to an HTML map")
    p.add_argument("--offline", action="store_true", help="self-contained map, no network needed")
    p.set_defaults(func=cmd_geoparse)

    p = sub.add_parser("demo", help="map the bundled example incidents")
    p.add_argument("-o", "--output", default="geoincidents-demo.html")
    p.add_argument("--offline", action="store_true")
    p.set_defaults(func=cmd_demo)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GeoIncidentsError as exc:
        sys.stderr.write(f"geoincidents {args.command}: error: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"geoincidents {args.command}: error: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())

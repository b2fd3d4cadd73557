"""The ``geoincidents`` command line: resolve, join, map, geoparse, demo.

Each subcommand is a thin layer over the public Python API; output formats (JSON keys, join
columns) are the interface contract of the foundation issue. Errors from the library are
reported as one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import math
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


def _agreement_report(summary: dict, source_col: str) -> str:
    share = summary["agreement"]
    pct = "n/a" if share != share else f"{100 * share:.2f}%"
    lines = [
        f"{summary['level']} vs the source's own coding ({source_col}): {summary['agree']} of "
        f"{summary['compared']} compared rows agree ({pct}); {summary['source_coded']} of "
        f"{summary['rows']} rows carry a source name"
    ]
    reasons = [f"{v} {k}" for k, v in summary["reasons"].items() if v]
    if reasons:
        lines.append("  not agreeing: " + ", ".join(reasons))
    if summary["unmatched_names"]:
        names = list(summary["unmatched_names"].items())
        shown = ", ".join(f"{k!r} ({v})" for k, v in names[:10])
        more = f" and {len(names) - 10} more" if len(names) > 10 else ""
        lines.append(f"  unmatched source names: {shown}{more}")
    return "\n".join(lines) + "\n"


def cmd_join(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .join import (
        ADMIN_LEVELS,
        COMPARE_COLUMNS,
        attribute,
        compare_admin,
        compare_admin_summary,
        source_admin_column,
    )

    _check_output(args.output)
    if not math.isfinite(args.boundary_km) or args.boundary_km < 0:
        raise InputError(f"must be a number >= 0, got {args.boundary_km}", field="--boundary-km")
    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
    gdf = _read_for_cli(args)
    out = attribute(gdf, layers=layers, progress=False)
    # the source's own coding (ACLED admin1..3, UCDP adm_1/adm_2) of each level we attributed
    reports = []
    for level in ADMIN_LEVELS:
        source_col = source_admin_column(out, level)
        if source_col is None or f"{level}_code" not in out.columns:
            continue
        # only the columns the comparison reads: no copy of a (possibly large) full frame
        keep = [c for c in ({source_col, source_admin_column(out, "adm1"), f"{level}_code",
                             "location_status", "disputed", out.geometry.name} - {None})
                if c in out.columns]
        compared = compare_admin(out[keep], source_col, level=level, boundary_km=args.boundary_km)
        reports.append(_agreement_report(compare_admin_summary(compared, level), source_col))
        if args.compare_admin:
            for col in COMPARE_COLUMNS:
                col = col.format(level=level)
                out[col] = compared[col]
    if args.compare_admin and not reports:
        sys.stderr.write("join: --compare-admin: the input has no source coding of the units "
                         "(ACLED admin1/admin2/admin3 or UCDP adm_1/adm_2); no columns added\n")
    _write_table(out, args.output)
    counts = out["location_status"].astype(str).value_counts()
    summary = ", ".join(f"{counts[k]} {k}" for k in counts.index)
    sys.stderr.write(f"wrote {args.output}: {len(out)} incidents ({summary or 'none'})\n")
    for report in reports:
        sys.stderr.write(report)
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
    p.add_argument("--compare-admin", action="store_true",
                   help="add per-row columns comparing our units with the source's own coding "
                        "(source_adm1_name/_code, adm1_agrees, adm1_reason, adm1_source_km; "
                        "the agreement report is printed either way)")
    p.add_argument("--boundary-km", type=float, default=5.0, metavar="KM",
                   help="a disagreement within KM of the source's unit is a contested boundary "
                        "(default 5)")
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

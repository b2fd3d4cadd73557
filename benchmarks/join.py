#!/usr/bin/env python3
"""Benchmark: ``geoincidents.attribute`` against plain ``geopandas.sjoin`` once per layer.

Peak memory is the process's peak resident set size during the join (reset just before it
with /proc/self/clear_refs, so building the test points does not count), with the input
GeoDataFrame resident; "input MB" is the resident size just before the join.

Both ways answer the same question for the same points, in the same run: for ADM1, ADM2,
ADM3 (pcode, lowest pcode for points on shared boundaries), the disputed territories (core
and extended) and the Kurdistan Region (in or out). The plain way is one
``gpd.sjoin(points, layer, predicate="intersects", how="left")`` per layer followed by the
lowest code per point (the project's boundary rule; without it the answers differ only at
boundary points). Each way runs in a fresh child process so that its peak memory (the
process's maximum resident set size, input included) is its own; the parent compares the
answers (agreement = rows where every layer's answer is identical).

Points: 90 % uniform inside Iraq and Syria, 8 % uniform over the surrounding box (many
outside coverage), 2 % exactly on vertices of the ADM3/ADM2 boundaries (shared-boundary cases).

    python benchmarks/join.py                       # 1 M points, both ways
    python benchmarks/join.py --points 5000000 --memory   # ours only, peak memory check

``--precision`` adds a ``location_precision`` column as an ACLED export read with
``read_incidents`` would have it (70 % locality, 20 % near, 10 % adm2, categorical): the
coarse points then carry territory shares, so the ``*_share`` columns are real data instead of
all-NaN (which ``attribute`` stores once, shared). ``--from-file`` builds the input the way a
user would have it, by reading a GeoParquet file, instead of from coordinate arrays.

The grid index is cached on disk after its first build; ``--cold`` deletes the cache first so
the build time shows up in our timing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# run from a checkout without installing: the repository root first on the path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LAYERS = ("adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
ANSWER_COLS = ("adm1_code", "adm2_code", "adm3_code", "disputed", "disputed_extended", "kri")


def _status_mb(key: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc (Linux)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _reset_peak() -> None:
    # "5" resets the peak RSS (VmHWM) to the current RSS, so the peak measured afterwards is
    # that of the join with its input resident, not of building the test points
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def make_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    import shapely

    from geoincidents.data import load_layer

    rng = np.random.default_rng(seed)
    adm0 = shapely.union_all(load_layer("adm0").geometry.values)
    xmin, ymin, xmax, ymax = adm0.bounds
    n_in, n_vert = int(n * 0.90), int(n * 0.02)
    n_box = n - n_in - n_vert
    xs, ys = [], []
    need = n_in
    shapely.prepare(adm0)
    while need > 0:
        x = rng.uniform(xmin, xmax, need * 2)
        y = rng.uniform(ymin, ymax, need * 2)
        keep = shapely.contains_xy(adm0, x, y)
        xs.append(x[keep][:need])
        ys.append(y[keep][:need])
        need -= int(min(keep.sum(), need))
    xs.append(rng.uniform(xmin - 1, xmax + 1, n_box))
    ys.append(rng.uniform(ymin - 1, ymax + 1, n_box))
    verts = np.vstack([shapely.get_coordinates(load_layer(k).geometry.values) for k in ("adm3", "adm2")])
    pick = verts[rng.integers(0, len(verts), n_vert)]
    xs.append(pick[:, 0])
    ys.append(pick[:, 1])
    x, y = np.concatenate(xs), np.concatenate(ys)
    order = rng.permutation(n)
    return x[order], y[order]


PRECISION_MIX = {"locality": 0.7, "near": 0.2, "adm2": 0.1}


def build_input(points_file: str, precision: bool, seed: int):
    import geopandas as gpd
    import pandas as pd

    z = np.load(points_file)
    n = len(z["x"])
    cols: dict = {"id": np.arange(n)}
    if precision:
        rng = np.random.default_rng(seed + 1)
        cols["location_precision"] = pd.Categorical.from_codes(
            rng.choice(len(PRECISION_MIX), n, p=list(PRECISION_MIX.values())).astype(np.int8),
            categories=list(PRECISION_MIX))
    pts = gpd.GeoDataFrame(cols, geometry=gpd.points_from_xy(z["x"], z["y"]), crs="EPSG:4326")
    del z
    return pts


def worker(way: str, points_file: str, out_file: str, precision: bool = False, seed: int = 0) -> None:
    import geopandas as gpd
    import pandas as pd

    from geoincidents.data import load_layer

    if points_file.endswith(".parquet"):
        pts = gpd.read_parquet(points_file)
    else:
        pts = build_input(points_file, precision, seed)
    # layer loading is setup for both ways (the bundled parquet files are read once per process)
    for name in LAYERS:
        load_layer(name)
    rss_input = _status_mb("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    if way == "ours":
        from geoincidents.join import attribute

        res = attribute(pts, layers=("adm1", "adm2", "adm3", "disputed", "kri"), progress=False)
        t1 = time.perf_counter()
        peak = _status_mb("VmHWM")
        answers = {c: res[c] for c in ANSWER_COLS}
        t_warm = None
        if len(pts) <= 2_000_000:
            t2 = time.perf_counter()
            attribute(pts, layers=("adm1", "adm2", "adm3", "disputed", "kri"), progress=False)
            t_warm = time.perf_counter() - t2
    else:
        answers = {}
        for name in LAYERS:
            lay = load_layer(name)
            code = f"{name}_code"
            j = gpd.sjoin(pts[["geometry"]], lay[[code, "geometry"]], how="left", predicate="intersects")
            lowest = j[code].groupby(level=0).min().reindex(pts.index)
            answers[f"{name}_code" if name.startswith("adm") else name] = (
                lowest if name.startswith("adm") else lowest.notna())
        t1 = time.perf_counter()
        peak = _status_mb("VmHWM")
        t_warm = None
    enc = {}
    for c in ANSWER_COLS if out_file != "-" else ():
        s = pd.Series(answers[c]).astype(object)
        enc[c] = np.asarray(s.where(s.notna(), "").astype(str).to_numpy(), dtype="U12")
    if out_file != "-":
        np.savez(out_file, **enc)
    json.dump({"seconds": t1 - t0, "warm_seconds": t_warm, "rss_input_mb": rss_input,
               "peak_rss_mb": peak}, sys.stdout)


def run_child(way: str, points_file: str, out_file: str, precision: bool, seed: int) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", way, "--points-file", points_file, "--out", out_file,
         "--seed", str(seed)] + (["--precision"] if precision else []),
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{way} worker failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20200430)
    ap.add_argument("--memory", action="store_true",
                    help="ours only (no plain sjoin run): peak memory at --points")
    ap.add_argument("--cold", action="store_true", help="delete the grid cache first")
    ap.add_argument("--precision", action="store_true",
                    help="add an ACLED-like location_precision column (some coarse points)")
    ap.add_argument("--from-file", action="store_true",
                    help="read the input from a GeoParquet file instead of building it from arrays")
    ap.add_argument("--worker", choices=("ours", "plain"), help=argparse.SUPPRESS)
    ap.add_argument("--points-file", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.precision and not args.memory and not args.worker:
        ap.error("--precision goes with --memory (coarse points are not attributed to every "
                 "level, so the answers would not be comparable with the plain join)")
    if args.worker:
        worker(args.worker, args.points_file, args.out, args.precision, args.seed)
        return 0

    from geoincidents import _grid

    if args.cold:
        for f in _grid.cache_dir().glob("grid-*.npz"):
            f.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        x, y = make_points(args.points, args.seed)
        pf = str(Path(tmp) / "points.npz")
        np.savez(pf, x=x, y=y)
        del x, y
        if args.from_file:
            build_input(pf, args.precision, args.seed).to_parquet(Path(tmp) / "points.parquet")
            pf = str(Path(tmp) / "points.parquet")
        from geoincidents.data import data_dir

        bundled = data_dir() / "grid.npz"
        source = bundled if bundled.is_file() and not args.cold else _grid.cache_dir()
        print(f"{args.points:,} points generated in {time.perf_counter() - t:.1f} s "
              f"(seed {args.seed}); grid from {source}")
        ways = ("ours",) if args.memory else ("plain", "ours")
        stats, answers = {}, {}
        for way in ways:
            out = "-" if args.memory else str(Path(tmp) / f"{way}.npz")
            stats[way] = run_child(way, pf, out, args.precision, args.seed)
            if out != "-":
                with np.load(out) as z:
                    answers[way] = {c: z[c] for c in ANSWER_COLS}
    print()
    print(f"{'way':<34}{'seconds':>10}{'warm s':>10}{'input MiB':>11}{'peak MiB':>10}")
    label = {"plain": "geopandas.sjoin x6 layers + min", "ours": "geoincidents.attribute"}
    for way in ways:
        s = stats[way]
        warm = f"{s['warm_seconds']:.2f}" if s["warm_seconds"] is not None else "-"
        print(f"{label[way]:<34}{s['seconds']:>10.2f}{warm:>10}{s['rss_input_mb']:>11.0f}"
              f"{s['peak_rss_mb']:>10.0f}")
    if "plain" in stats:
        speed = stats["plain"]["seconds"] / stats["ours"]["seconds"]
        print(f"\nspeed-up (first call in a fresh process, grid loaded from file): {speed:.1f}x")
        if stats["ours"]["warm_seconds"]:
            print(f"speed-up (second call in the same process): "
                  f"{stats['plain']['seconds'] / stats['ours']['warm_seconds']:.1f}x")
        same = np.ones(args.points, dtype=bool)
        print("\nagreement per answer column:")
        for c in ANSWER_COLS:
            eq = answers["ours"][c] == answers["plain"][c]
            same &= eq
            print(f"  {c:<20}{100 * eq.mean():.3f} %")
        print(f"identical answers (all columns): {100 * same.mean():.3f} % "
              f"({int((~same).sum())} rows differ)")
    else:
        peak = stats["ours"]["peak_rss_mb"]
        gb = 1.5e9 / 2**20  # the "1.5 GB", read as decimal bytes: 1430 MiB
        print(f"\npeak RSS {peak:.0f} MiB for {args.points:,} points "
              f"({'within' if peak <= gb else 'OVER'} the 1.5 GB = {gb:.1f} MiB target, "
              f"{gb - peak:+.0f} MiB margin); resident before the join (input GeoDataFrame, "
              f"libraries): {stats['ours']['rss_input_mb']:.0f} MiB"
              + ("; input with location_precision" if args.precision else "")
              + ("; input read from GeoParquet" if args.from_file else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

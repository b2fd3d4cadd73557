#!/usr/bin/env python3
"""Accuracy of the gazetteer on ``benchmarks/gazetteer_eval.csv``, by category.

Run from the repository root::

    python benchmarks/eval_gazetteer.py [--csv benchmarks/gazetteer_eval.csv] [--failures]

Each row of the CSV gives a query, what a right answer is and a ``source`` note for the fact:
``expected_id`` (a source id such as ``landmark:lm-qarachogh`` / ``ocha:IQG16``, or
``ocha-adm1:<pcode>`` for "anything inside that governorate", or ``UNRESOLVED`` for text that
is not a place in the data) and/or ``expected_lat``/``expected_lon`` with ``tolerance_km``
(the answer's geometry must come within that distance). ``expected_precision`` is checked
and reported separately.

Outcomes: **right** (resolved or ambiguous, and the best answer is right), **confidently
wrong** (status ``resolved`` and wrong: the failure that matters), **ambiguous-wrong**
(flagged ambiguous and wrong), **unresolved** (no answer; candidates are listed instead).
Targets (issue 3): right >= 97 %, confidently wrong <= 1 %.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geoincidents.gazetteer import Gazetteer  # noqa: E402


def distance_km(geom, lat: float, lon: float) -> float:
    """Distance from (lat, lon) to a geometry, in km, in a local equirectangular frame."""
    kx = 111.32 * math.cos(math.radians(lat))

    def to_km(xy):
        out = xy.copy()
        out[:, 0] = (xy[:, 0] - lon) * kx
        out[:, 1] = (xy[:, 1] - lat) * 110.57
        return out

    return float(shapely.distance(shapely.transform(geom, to_km), shapely.Point(0, 0)))


def judge(row: dict, res) -> tuple[str, bool]:
    exp = row["expected_id"].strip()
    if exp == "UNRESOLVED":
        ok = res.status == "unresolved"
        return ("right" if ok else ("confidently wrong" if res.status == "resolved" else "ambiguous-wrong")), ok
    if res.status == "unresolved" or res.geometry is None:
        return "unresolved", False
    right = False
    if exp.startswith("ocha-adm1:"):
        right = (res.admin1_code or "") == exp.split(":", 1)[1]
    elif exp:
        right = res.source == exp
    if not right and row["expected_lat"]:
        right = distance_km(res.geometry, float(row["expected_lat"]), float(row["expected_lon"])) <= float(row["tolerance_km"])
    prec_ok = not row["expected_precision"] or str(res.precision) == row["expected_precision"]
    if right:
        return "right", prec_ok
    return ("confidently wrong" if res.status == "resolved" else "ambiguous-wrong"), prec_ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=REPO / "benchmarks" / "gazetteer_eval.csv")
    ap.add_argument("--failures", action="store_true", help="list every row that is not right")
    args = ap.parse_args(argv)
    rows = list(csv.DictReader(args.csv.open(encoding="utf-8")))
    gaz = Gazetteer.default()
    by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures = []
    for row in rows:
        res = gaz.resolve(row["query"])
        outcome, prec_ok = judge(row, res)
        for cat in (row["category"], "ALL"):
            by[cat]["n"] += 1
            by[cat][outcome] += 1
            by[cat]["precision ok"] += int(prec_ok and outcome == "right")
        if outcome != "right" or not prec_ok:
            failures.append((row["category"], row["query"], outcome, res.status, res.name, res.source,
                             str(res.precision), row["expected_id"] or f"{row['expected_lat']},{row['expected_lon']}",
                             row["expected_precision"]))
    cols = ["right", "confidently wrong", "ambiguous-wrong", "unresolved", "precision ok"]
    print(f"{'category':<11} {'n':>4}  " + "  ".join(f"{c:>17}" for c in cols))
    order = sorted(k for k in by if k != "ALL") + ["ALL"]
    for cat in order:
        d = by[cat]
        cells = [f"{d[c]:>4} ({100.0 * d[c] / d['n']:5.1f}%)" for c in cols]
        print(f"{cat:<11} {d['n']:>4}  " + "  ".join(f"{x:>17}" for x in cells))
    if args.failures and failures:
        print("\nnot right or precision differs:")
        for f in failures:
            print("  " + " | ".join(str(x) for x in f))
    return 0


if __name__ == "__main__":
    sys.exit(main())

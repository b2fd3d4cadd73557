#!/usr/bin/env python3
"""Throughput of :func:`geoincidents.geoparse` on generated news reports.

Run from the repository root::

    python benchmarks/geoparse.py [--articles 1000] [--baseline-sample 50]

Generates ``--articles`` reports of about 4 KB each from templates filled with real place
names from the bundled gazetteer (towns with a population, districts, governorates, landmarks,
villages; Latin and Arabic spellings), then times, on one core and in the same run:

* ``geoparse`` (the full pipeline: mentions, resolution, dates, counts, incidents) on dense
  reports (an event sentence and two context sentences per paragraph, ~13 incidents a report)
  and on reports with the seed report's density of events (~6 a report);
* ``geoparse`` on real prose (``examples/seed_report.txt``, and the seed report in
  ``../shared/seed`` when present), each parse after clearing the per-word and per-sentence
  caches, so that every word is new: the generated reports reuse a small vocabulary;
* the mention finder alone (Aho-Corasick over per-word skeletons + filters);
* a plain baseline: one regular-expression alternation over every name of the names table
  (``re``, whole words, case-insensitive), which only *finds* names;
* a plainer baseline: ``str.find`` of every name in the lower-cased text (on a sample of
  articles, because it is slow), which also only finds names.

When the installed ``geoincidents.geoparse`` is compiled with mypyc (``HATCH_BUILD_HOOKS_ENABLE=1
pip install .``), the full pipeline is also timed on the pure-Python source of this checkout, in a
child process on the same reports, for the comparison.

The target of the geoparse issue is >= 200 articles per second for the full pipeline.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:  # the installed package (a mypyc-compiled wheel, see the README), else this checkout
    import geoincidents  # noqa: F401
except ImportError:
    sys.path.insert(0, str(REPO))

from geoincidents import geoparse as gp  # noqa: E402
from geoincidents import load_table  # noqa: E402

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACTORS = ["ISIS militants", "Gunmen", "Suspected Daesh fighters", "Unknown assailants", "Militants"]
VICTIMS = ["soldiers", "civilians", "policemen", "Peshmerga fighters", "shepherds", "farmers"]
NUMS = ["two", "three", "four", "five", "at least 6", "at least 5 to 10", "an estimated 12", "seven"]
EVENTS = [
    "{actor} killed {n} {victims} in {town}, {dirn} {gov}, on {day}, a security source said.",
    "A roadside bomb exploded on the road between {town} and {town2} on {day}, wounding {n} {victims}.",
    "Coalition aircraft struck ISIS hideouts in the {lm} on {day}, killing {n} militants.",
    "{actor} abducted {n} {victims} from the village of {village} in {district} district last week.",
    "Mortar rounds hit the village of {village} near {town} on {day}, injuring {n} {victims}.",
    "Iraqi troops clashed with {actor2} near {town} in {gov} province on {day}, leaving {n} dead.",
    "{actor} attacked a checkpoint in {town} on {date}, killing {n} {victims}, officials said.",
    "In recent weeks, {actor2} have killed {n} {victims} in {gov} and {gov2} provinces.",
    "Security forces arrested {n} suspects in {town_ar} ({town}) on {day}.",
]
# Context sentences, varied per use (a number, a weekday, a town) so that no sentence repeats
# verbatim across reports: the geoparser caches per-sentence work, and a benchmark built from
# a few repeated sentences would time those caches instead of the parsing.
FILLER = [
    "The attack came amid a wave of violence that officials blamed on the group's {n2} remaining cells.",
    "Local officials said the security situation around {town} has deteriorated since {year}.",
    "The ministry said in a statement on {day} that an investigation had been opened into the incident.",
    "Residents of {town} told reporters that they feared further attacks during the harvest season.",
    "Analysts say the militants exploit gaps between the federal army and Kurdish forces, {n2} of them said.",
    "The United Nations called on all sides to protect civilians and allow humanitarian access by {day}.",
    "No group immediately claimed responsibility, but such attacks are usually blamed on ISIS, {n2} officials said.",
    "According to the statement issued on {day}, the operation was carried out with the support of the coalition.",
]


def _names():
    places = load_table("places")
    towns = places[places["population"].fillna(0) >= 5000]
    villages = places[(places["population"].isna()) & (places["feature_code"] == "PPL")
                      & (places["country"] == "IQ")]
    adm1 = load_table("adm1")
    adm2 = load_table("adm2")
    lms = load_table("landmarks")
    iq_towns = towns[towns["country"] == "IQ"]
    # name_ar and names hold several spellings joined by "|": one of each.
    town_ar = [(r["name_ar"].split("|")[0], r["names"].split("|")[0]) for _, r in iq_towns.iterrows()
               if isinstance(r["name_ar"], str) and r["name_ar"]]
    return {
        "town": [n.split("|")[0] for n in iq_towns["names"].dropna()] or list(iq_towns["name"]),
        "village": [n.split("|")[0] for n in villages["names"].dropna().sample(2000, random_state=1)],
        "gov": list(adm1[adm1["country"] == "IQ"]["adm1_name"]),
        "district": list(adm2[adm2["country"] == "IQ"]["adm2_name"]),
        "lm": [n for n in lms[lms["feature_type"].isin(["mountain_range", "river", "lake"])]["name"]],
        "town_ar": town_ar,
    }


def make_reports(n: int, size: int = 4000, seed: int = 7, context: int = 2) -> list[str]:
    """``n`` reports of about ``size`` bytes; each event sentence is followed by ``context``
    context sentences (2: dense, ~14 events a report; 6: about the density of the seed report)."""
    rng = random.Random(seed)
    names = _names()
    out = []
    for k in range(n):
        parts = [f"Security report {k}, {rng.randint(1, 28)} April 2021", ""]
        while sum(len(p) + 1 for p in parts) < size:
            ar, lat = rng.choice(names["town_ar"])
            t = rng.choice(EVENTS).format(
                actor=rng.choice(ACTORS), actor2=rng.choice(ACTORS).lower(), n=rng.choice(NUMS),
                victims=rng.choice(VICTIMS), town=rng.choice(names["town"]), town2=rng.choice(names["town"]),
                dirn=rng.choice(["western", "northern", "south of", "east of", "in"]),
                gov=rng.choice(names["gov"]), gov2=rng.choice(names["gov"]), day=rng.choice(WEEKDAYS),
                lm=rng.choice(names["lm"]), village=rng.choice(names["village"]),
                district=rng.choice(names["district"]), date=f"April {rng.randint(1, 28)}",
                town_ar=ar)
            fill = [f.format(n2=rng.randint(2, 99), town=rng.choice(names["town"]), day=rng.choice(WEEKDAYS),
                             year=rng.randint(2003, 2020)) for f in rng.sample(FILLER, context)]
            parts.append(t + " " + " ".join(fill))
        out.append("\n\n".join(parts))
    return out


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "inf"


def _time_pipeline(reports: list[str]) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of ``geoparse`` over ``reports``; incidents and places found."""
    t0, c0 = time.perf_counter(), time.process_time()
    n_inc = n_places = 0
    for r in reports:
        doc = gp.geoparse(r, published="2021-04-30")
        n_inc += len(doc.incidents)
        n_places += len(doc.places)
    return time.perf_counter() - t0, time.process_time() - c0, n_inc, n_places


def _is_compiled(module) -> bool:
    return not str(getattr(module, "__file__", "")).endswith(".py")


def _pure_child(articles: int) -> dict:
    """The two pipeline timings on this checkout's pure-Python source, in a child process."""
    import json
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, __file__, "--articles", str(articles), "--pipeline-only"],
                          capture_output=True, text=True, env=env, cwd=str(REPO))
    if proc.returncode != 0:
        raise SystemExit(f"the pure-Python child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pipeline_only(articles: int) -> int:
    import json

    reports, sparse = make_reports(articles), make_reports(articles, seed=8, context=6)
    gp._default_index()
    gp._default_gazetteer()
    gp.geoparse(reports[0], published="2021-04-30")
    dense_t, _, dense_inc, _ = _time_pipeline(reports)
    sparse_t, _, sparse_inc, _ = _time_pipeline(sparse)
    print(json.dumps({"compiled": _is_compiled(gp), "dense": [dense_t, dense_inc],
                      "sparse": [sparse_t, sparse_inc]}))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--baseline-sample", type=int, default=50)
    ap.add_argument("--fresh-rounds", type=int, default=30,
                    help="parses of each real report with every word new to the process")
    ap.add_argument("--pipeline-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pipeline_only:
        return _pipeline_only(args.articles)
    compiled = _is_compiled(gp)

    t0 = time.perf_counter()
    reports = make_reports(args.articles)
    t_gen = time.perf_counter() - t0
    mean_kb = sum(len(r.encode("utf-8")) for r in reports) / len(reports) / 1024

    # One-time, per-process set-up, timed apart: the gazetteer's names index (and its fuzzy
    # index, used for names the automaton does not know) and the geoparser's automaton.
    t0 = time.perf_counter()
    idx = gp._default_index()
    gaz = gp._default_gazetteer()
    if gaz is not None:
        try:
            gaz.resolve("Qaryat Xyzzyabad")
        except Exception as exc:  # noqa: BLE001 - report, and time the rest anyway
            print(f"warning: the gazetteer's fuzzy lookup failed: {exc!r}"[:200])
    t_index = time.perf_counter() - t0
    gp.geoparse(reports[0], published="2021-04-30")  # warm caches (lazy geometry, regexes)

    rows = []
    kind = "mypyc-compiled" if compiled else "pure Python"
    t_full, c_full, n_inc, n_places = _time_pipeline(reports)
    rows.append((f"geoparse, dense ({kind})", len(reports), t_full,
                 f"{n_places} places, {n_inc} incidents, {n_inc / len(reports):.1f} a report; "
                 f"CPU {c_full:.2f} s = {_rate(len(reports), c_full)}/CPU-s"))

    # The same pipeline on reports with about the seed report's density of events (~6 a report).
    sparse = make_reports(args.articles, seed=8, context=6)
    t_sparse, c_sparse, n_inc2, _ = _time_pipeline(sparse)
    rows.append((f"geoparse, seed-like density ({kind})", len(sparse), t_sparse,
                 f"{n_inc2 / len(sparse):.1f} incidents a report; CPU {c_sparse:.2f} s"))
    if compiled:
        pure = _pure_child(args.articles)
        if pure["compiled"]:
            raise SystemExit(f"the child process did not load the pure-Python source from {REPO}")
        for label, (secs, n) in (("dense", pure["dense"]), ("seed-like density", pure["sparse"])):
            rows.append((f"geoparse, {label} (pure Python)", len(reports), secs,
                         f"same reports, in a child process on {REPO.name}/geoincidents; {n} incidents"))

    # Real prose: the project's example report (and the seed report when ../shared is beside
    # the repository), each parsed as if every word were new to the process. The generated
    # reports reuse a small vocabulary, so the per-word caches serve them almost entirely.
    real = [REPO / "examples" / "seed_report.txt"]
    real += sorted((REPO.parent / "shared" / "seed").glob("*.txt"))
    for path in [p for p in real if p.is_file()]:
        text = path.read_text(encoding="utf-8")
        times = []
        for _ in range(args.fresh_rounds):
            _clear_text_caches()
            c0 = time.process_time()
            doc = gp.geoparse(text, published="2021-04-30")
            times.append(time.process_time() - c0)
        med = statistics.median(times)
        rows.append((f"{path.name}, all words new", 1, med,
                     f"{len(text.encode('utf-8')) / 1024:.1f} KB, {len(doc.places)} places, {len(doc.incidents)} "
                     f"incidents; median of {args.fresh_rounds} parses, each after clearing the per-word and "
                     f"per-sentence caches (best {1e3 * min(times):.1f} ms)"))

    t0, c0 = time.perf_counter(), time.process_time()
    n_raw = 0
    for r in reports:
        toks = gp._tokenize(r)
        n_raw += len(gp._find_mentions(r, toks, idx))
    t_find, c_find = time.perf_counter() - t0, time.process_time() - c0
    rows.append(("mention finder (automaton)", len(reports), t_find,
                 f"{n_raw} raw matches; CPU {c_find:.2f} s = {_rate(len(reports), c_find)}/CPU-s"))

    # Plain baseline 1: one regex alternation over every distinct name key.
    keys = sorted({k for k, lst in _keys_of(idx).items() for _ in lst}, key=len, reverse=True)
    t0 = time.perf_counter()
    alt = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE)
    t_compile = time.perf_counter() - t0
    sample = reports[: max(1, args.baseline_sample)]
    t0 = time.perf_counter()
    n_re = 0
    for r in sample:
        n_re += sum(1 for _ in alt.finditer(r))
    t_re = time.perf_counter() - t0
    rows.append((f"regex alternation of {len(keys):,} names", len(sample), t_re,
                 f"{n_re} matches; compile {t_compile:.1f} s"))

    # Plain baseline 2: str.find of every name.
    small = sample[: max(1, len(sample) // 5)]
    t0 = time.perf_counter()
    n_find = 0
    for r in small:
        low = r.lower()
        for k in keys:
            if low.find(k) >= 0:
                n_find += 1
    t_strfind = time.perf_counter() - t0
    rows.append((f"str.find of {len(keys):,} names", len(small), t_strfind, f"{n_find} names found"))

    print(f"{len(reports)} generated reports, mean {mean_kb:.1f} KB (generated in {t_gen:.1f} s); "
          f"names indexes built in {t_index:.1f} s (once per process)")
    print(f"geoincidents.geoparse: {kind} ({gp.__file__})")
    print()
    print(f"| {'method':<40} | {'articles':>8} | {'seconds':>8} | {'articles/s':>10} | notes")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 12}|------")
    for name, n, sec, note in rows:
        print(f"| {name:<40} | {n:>8} | {sec:>8.2f} | {_rate(n, sec):>10} | {note}" if sec >= 1 else
              f"| {name:<40} | {n:>8} | {sec:>8.4f} | {_rate(n, sec):>10} | {note}")
    print()
    target = len(reports) / t_full
    print(f"target >= 200 articles/s for the full pipeline (dense reports, {kind}): {'MET' if target >= 200 else 'NOT MET'} "
          f"({target:,.0f}/s wall clock, {len(reports) / c_full:,.0f}/s per CPU-second)")
    try:
        import os

        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    except (AttributeError, OSError):
        pass
    return 0


def _clear_text_caches() -> None:
    """Forget every word and sentence seen so far: the per-word, per-spelling, per-sentence and
    per-date-expression caches (not the names index itself, nor the gazetteer's answer cache,
    which only the names the index does not know reach)."""
    from geoincidents import _textdates, normalize

    gp._NORM_CACHE.clear()
    gp._PART_CACHE.clear()
    idx = gp._default_index()
    idx.hit_cache.clear()
    idx.spelling_cache.clear()
    idx.res_cache.clear()
    idx.loose_cache.clear()
    gp._LAST_CUES[0] = ("", gp._CueWords([], False, [], frozenset()))
    _textdates._RESOLVED.clear()
    for fn in (gp._count, gp._actors, gp._event, gp._fold, gp._may_report, gp._sentence_dates,
               normalize.clean, normalize.normalize, normalize.skeleton, normalize.split_generic,
               _textdates.parse_quantity):
        fn.cache_clear()


def _keys_of(idx):
    out: dict[str, list] = {}
    for bucket in idx.keymap.values():
        for key, items in bucket.items():
            out.setdefault(key, []).extend(items)
    return out


if __name__ == "__main__":
    sys.exit(main())

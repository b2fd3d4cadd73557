"""resolve_many's column-wise fuzzy path (geoincidents/_fuzzy.py) answers exactly as resolve().

The per-name resolver is the reference; the batch path must agree on every output column for
misspelled names of every kind the bundled data holds (Latin and Arabic script, names with a
generic word such as "Qaryat ...", multi-word names), and after a user correction.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from geoincidents.gazetteer import RESOLVE_MANY_COLUMNS, Gazetteer
from geoincidents.normalize import normalize

REPO = Path(__file__).resolve().parents[1]


def _misspell(rng: np.random.Generator, s: str) -> str:
    """One random edit (deletion, substitution, transposition or insertion) inside ``s``."""
    if len(s) < 4:
        return s
    i = int(rng.integers(1, len(s) - 1))
    op = int(rng.integers(0, 4))
    letters = "abcdefghiklmnorstuyzحسقكلمن"
    c = letters[int(rng.integers(len(letters)))]
    if op == 0:
        return s[:i] + s[i + 1:]
    if op == 1:
        return s[:i] + c + s[i + 1:]
    if op == 2:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + c + s[i:]


def _queries(gaz: Gazetteer, seed: int, n: int) -> list[str]:
    rng = np.random.default_rng(seed)
    names = gaz.names_table()
    pick = rng.choice(len(names), n, replace=False)
    out = []
    for i in pick.tolist():
        raw = names["name"].iloc[i] if "name" in names else names["key"].iloc[i]
        out.append(_misspell(rng, str(raw)))
        if rng.random() < 0.3:
            out.append(_misspell(rng, normalize(str(raw))))
    return out


def _assert_same(gaz: Gazetteer, queries: list[str]) -> int:
    """Compare resolve_many with resolve() column by column; returns how many went column-wise."""
    gaz._cache.clear()
    uniques = list(dict.fromkeys(queries))
    _, fast, _ = gaz._split_batch(uniques, [None] * len(uniques))
    got = gaz.resolve_many(queries, progress=False)
    gaz._cache.clear()
    mismatches = []
    for i, q in enumerate(queries):
        ref = gaz.resolve(q)
        row = got.iloc[i]
        for col in RESOLVE_MANY_COLUMNS:
            a = row[col]
            if col == "query":
                b = q
            elif col == "alternatives":
                b = gaz._alt_json(ref.alternatives)
            elif col == "precision":
                b = str(ref.precision)
            else:
                b = getattr(ref, col)
            if col == "geometry":
                same = (a is None and b is None) or (a is not None and b is not None and a.equals(b))
            elif col == "uncertainty_km":
                same = (b is None and math.isnan(a)) or a == b
            else:
                same = a == b or (a is None and b is None)
            if not same:
                mismatches.append((q, col, a, b))
    assert not mismatches, mismatches[:10]
    return len(fast)


@pytest.mark.parametrize("seed", [0, 1])
def test_misspelled_bundled_names_same_answers_batch_and_single(seed):
    gaz = Gazetteer.default()
    queries = _queries(gaz, seed, 1500)
    fast = _assert_same(gaz, queries)
    # the comparison is about the column-wise path: most misspellings must have taken it
    assert fast >= 0.7 * len(set(queries))


def test_eval_list_and_generic_words_same_answers():
    gaz = Gazetteer.default()
    rows = list(csv.DictReader((REPO / "benchmarks" / "gazetteer_eval.csv").open(encoding="utf-8")))
    queries = [r["query"] for r in rows]
    rng = np.random.default_rng(7)
    # generic words around misspelled names, and Arabic-script misspellings
    extra = ["Qaryat Tulaylh", "qarya dabaj", "village of Hawijaa", "Kirkukk town", "Tuz Khurmatoo city",
             "الحويجهه", "كركوكك", "طوزخورماتوو", "Makhmuor", "Qarachokhh", "Salahadin", "Shingall"]
    queries += extra + [_misspell(rng, q) for q in queries]
    assert _assert_same(gaz, queries) > 100


def test_user_correction_wins_in_batch_as_in_single():
    gaz = Gazetteer.default().copy()
    gaz.add("Qarachogh Ridge", lat=35.85, lon=43.55, feature_type="mountain_range", aliases=["Qaraçox"])
    queries = ["Qarachogh Ridgee", "Qaracox", "Qarachog Ridge", "Qarachokh Rdge"] * 3
    queries += _queries(gaz, 3, 200)
    _assert_same(gaz, queries)
    got = gaz.resolve_many(["Qarachogh Ridgee"] * 40 + [f"x{i}" for i in range(40)], progress=False)
    assert got["source"].iloc[0].startswith("user:")


def test_alternatives_json_fragments_match_json_dumps():
    import json

    from geoincidents._fuzzy import _json, _json_column

    for v in ['Tall "Afar"', "back\\slash", "line\nbreak", "Ḩawījah الحويجة", None, 35.4681, -0.0,
              float("nan"), float("inf"), 3, "\u2028", "\x7f"]:
        assert _json(v) == json.dumps(v, ensure_ascii=False)
    for col in (["a", None, 'b"c', 1.5], [1.5, None, float("nan"), 2.0], [1.5, 2, None], [None, None], [],
                ["x\u2028y", "é", None], [35.4681, -0.0, None], ["back\\slash"], ["a\x01"], ["a\x1f", "b"], ["\x7f"]):
        assert _json_column(col).to_pylist() == [json.dumps(v, ensure_ascii=False) for v in col]


def test_composite_prefilter_never_hides_a_composite():
    from geoincidents.composite import may_be_composite, parse_composite

    gaz = Gazetteer.default()
    rows = list(csv.DictReader((REPO / "benchmarks" / "gazetteer_eval.csv").open(encoding="utf-8")))
    texts = [r["query"] for r in rows] + [
        "Road between Hawija town and Kirkuk town", "Iraq-Syria border", "the Syrian border area",
        "Diyala and Kirkuk provinces", "near Tuz Khurmatu", "20 km south of Kirkuk",
        "caves overlooking Makhmour", "Hawija (Kirkuk)", "Hawija, Kirkuk", "Bashir in Kirkuk",
        "Kirkuk-Baghdad highway", "the border between Iraq and Syria", "Sinjar's border with Syria"]
    composites = [t for t in texts if parse_composite(gaz, t, None, None) is not None]
    assert len(composites) >= 12
    assert all(may_be_composite(t) for t in composites)
    assert not may_be_composite("Qaryat Tall Ajwad") and not may_be_composite("Tuz Khurmatu")


def test_deletion_probes_are_the_per_name_variants():
    # _approx_cands probes the folded key and each one-letter deletion of it (from 4 letters);
    # the batch cuts them out with numpy: the same (key, hash) multiset for any text.
    import random

    from geoincidents._fuzzy import _deletion_probes

    def per_name(vfs):
        out = []
        for qi, v in enumerate(vfs):
            v = v.replace(" ", "")
            variants = [v, *[v[:j] + v[j + 1:] for j in range(len(v))]] if len(v) >= 4 else [v]
            out.extend((hash(x), qi) for x in variants)
        return sorted(out)

    rnd = random.Random(3)
    alphabet = [*"aiukdst ءاوي", "ḩ", "\U0001F600"]
    for _ in range(300):
        vfs = ["".join(rnd.choice(alphabet) for _ in range(rnd.choice((rnd.randint(0, 12), rnd.randint(0, 70)))))
               for _ in range(rnd.randint(0, 50))]
        h, lab = _deletion_probes(vfs)
        assert sorted(zip(h.tolist(), lab.tolist())) == per_name(vfs)


def test_keys_a_second_normalisation_would_change_same_answers():
    # "ash al sharqatt" normalises to "ash sharqatt", whose own normalisation drops "ash": the
    # per-name skeleton is the one of that second normalisation ("sharqatt", the bucket of
    # Sharqat); the batch must use the same.
    gaz = Gazetteer.default()
    keys = [k for k in gaz.names_table()["key"].drop_duplicates().tolist()
            if k.startswith("sh") and k.isascii() and len(k) >= 5 and " " not in k]
    queries = [f"ash al {k}{k[-1]}" for k in keys[:80]] + [f"al {k}{k[-1]}" for k in keys[80:120]]
    assert _assert_same(gaz, queries) > 30


def test_prefetched_variants_are_the_per_name_ones():
    # resolve_many prefetches the spelling variants of names it answers one by one; once the
    # flat tables exist it uses the column-wise search: the same candidates as _approx_cands.
    from geoincidents._fuzzy import approx_memo

    gaz = Gazetteer.default()
    gaz._fuzzy_tables()
    rng = np.random.default_rng(5)
    names = gaz.names_table()["key"].drop_duplicates().tolist()
    keys = [_misspell(rng, names[i]) for i in rng.choice(len(names), 600, replace=False).tolist()]
    keys += names[:50] + ["qarya tulayl", "ash sharqatt", "ab", ""]
    memo = approx_memo(gaz, keys)
    gaz._approx_memo = None
    for k in dict.fromkeys(k for k in keys if k):
        assert memo[(k, 12)] == tuple((c.eid, c.match, c.method, c.sim) for c in gaz._approx_cands(k)), k


def test_alternatives_parts_of_every_entity_match_json_dumps():
    import json

    gaz = Gazetteer.default()
    e = gaz._e
    pre, post = gaz._fuzzy_tables().alt_parts(gaz, np.arange(len(e["name"])))

    def dumps(v):
        return json.dumps(v, ensure_ascii=False)

    assert pre.to_pylist() == ['{"name": ' + dumps(a) + ', "feature_type": ' + dumps(b) + ', "score": '
                               for a, b in zip(e["name"], e["feature_type"])]
    assert post.to_pylist() == [', "source": ' + dumps(a) + ', "lat": ' + dumps(b) + ', "lon": ' + dumps(c)
                                + ', "admin1_name": ' + dumps(d) + ', "admin2_name": ' + dumps(f) + "}"
                                for a, b, c, d, f in zip(e["source"], e["lat"], e["lon"], e["admin1_name"],
                                                         e["admin2_name"])]

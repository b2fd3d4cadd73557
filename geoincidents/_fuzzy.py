"""Column-wise resolution of many misspelled names at once (the fuzzy path of ``resolve_many``).

Owns one thing: for a batch of distinct query keys that are not in the names index and have
no generic word, no article to strip, no directional word and no composite form, compute what
``Gazetteer.resolve`` answers - the spelling-variant candidates (same skeleton, one edit in
the deletion index), their similarity, the ranking (match, importance, country, overrides,
the seat rule) and the resolved / ambiguous / unresolved decision - with numpy over flat
(query, candidate) arrays instead of a Python object per candidate.

The per-name code in ``gazetteer.py`` stays the reference: every rule here mirrors one there
(named in the comments), with the same floating-point operations in the same order, so the
answers are identical; ``tests/test_gazetteer_batch.py`` checks that on thousands of names.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from .normalize import skeletons_of_keys
from .precision import Precision

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

_LIMIT = 12  # candidate keys kept per query (``_approx_cands(limit=12)``)
_ADM = {"adm1": 1, "adm2": 2, "adm3": 3}


class FuzzyTables:
    """Flat arrays over the gazetteer's keys and entities, built once per gazetteer state."""

    def __init__(self, gaz: Gazetteer) -> None:
        from .gazetteer import _COUNTRY_PRIOR

        H, ids, keys, folded, skels = gaz._deletion_index()
        self.H = np.frombuffer(H, dtype=np.int64)
        self.I = np.frombuffer(ids, dtype=np.int32).astype(np.int64)
        self.keys_arr = np.asarray(keys, dtype=object)
        # Distinct folded forms: many keys fold alike ("tal afar", "tel afar"), and a query's
        # similarity to a folded form is computed once for all of them.
        self.fid, distinct = _first_seen_codes(folded)
        self.folded_distinct = np.asarray(distinct, dtype=object)
        # Skeleton buckets in key order, as ``Gazetteer._by_skel`` lists them.
        ksid, distinct = _first_seen_codes(skels)
        self.sid_of = dict(zip(distinct, range(len(distinct))))
        sid_of = self.sid_of
        self.ksid = ksid
        self.bucket_keys = np.argsort(ksid, kind="stable")
        self.bucket_start = np.searchsorted(ksid[self.bucket_keys], np.arange(len(sid_of) + 1))
        # Entries (entity, kind) of every key, CSR; user-added names after the bundled ones.
        if not gaz._extra:
            self.ent_start = np.asarray(gaz._bounds, dtype=np.int64)
            self.ent_eid = np.asarray(gaz._n_eids, dtype=np.int64)
            self.ent_core = np.asarray(gaz._n_kinds, dtype=object) == "core"
        else:
            eids: list[int] = []
            core: list[bool] = []
            start = [0]
            for k in keys:
                for eid, kind in gaz._entries(k):
                    eids.append(eid)
                    core.append(kind == "core")
                start.append(len(eids))
            self.ent_start = np.asarray(start, dtype=np.int64)
            self.ent_eid = np.asarray(eids, dtype=np.int64)
            self.ent_core = np.asarray(core, dtype=bool)
        e = gaz._e
        n = len(e["source"])
        imp = e["importance"]
        self.imp_eff = np.asarray([v or 0.5 for v in imp], dtype=float)  # ``importance or 0.5``
        self.imp_raw = np.asarray([np.nan if v is None else v for v in imp], dtype=float)
        kl = e["klass"]
        self.adm_level = np.asarray([_ADM.get(k, 0) for k in kl], dtype=np.int8)
        self.is_locality = np.asarray([k == "locality" for k in kl], dtype=bool)
        self.klass_code = _codes(kl)
        self.klass_names = list(dict.fromkeys(kl))  # in code order
        self.prior = np.asarray([_COUNTRY_PRIOR.get(c or "", -0.05) for c in e["country"]], dtype=float)
        # Admin codes as integers; None is its own value (-1), as ``None == None`` in the rules.
        self.admin = np.zeros((4, n), dtype=np.int64)
        for lvl in (1, 2, 3):
            self.admin[lvl] = _codes(e[f"admin{lvl}_code"], none=-1)
        src = e["source"]
        self.source_code = _codes(src)
        # Dense rank of the source text: equal sources tie, as in the sort of ``_rank``.
        rank_of = {v: i for i, v in enumerate(sorted(set(src)))}
        self.source_rank = np.fromiter((rank_of[v] for v in src), dtype=np.int64, count=n)
        self.lat = np.asarray([np.nan if v is None else v for v in e["lat"]], dtype=float)
        self.lon = np.asarray([np.nan if v is None else v for v in e["lon"]], dtype=float)
        # JSON of ``Candidate.to_dict()`` around the score, per entity (arrow strings), built on
        # first use for all entities at once: filling them entity by entity as batches met them
        # cost every later batch a Python loop over its new entities.
        self._alt: tuple | None = None
        self._cols: dict[str, np.ndarray] = {}

    def column(self, gaz: Gazetteer, name: str) -> np.ndarray:
        """An entity field as ``resolve_many`` outputs it, one value per entity (cached)."""
        col = self._cols.get(name)
        if col is None:
            vals = gaz._e[name]
            if name == "uncertainty_km":
                col = np.asarray([np.nan if v is None else float(v) for v in vals], dtype=float)
            else:
                if name == "disputed":
                    vals = [bool(v) for v in vals]
                elif name == "precision":
                    vals = precision_names(vals)
                col = np.empty(len(vals), dtype=object)
                col[:] = vals
            self._cols[name] = col
        return col

    def alt_parts(self, gaz: Gazetteer, eids: np.ndarray):
        """For each entity: the JSON of its ``Candidate.to_dict()`` before and after the score
        (arrow string arrays); the same text as ``json.dumps(..., ensure_ascii=False)`` of the
        whole dict."""
        import pyarrow as pa

        if self._alt is None:
            import pyarrow.compute as pc

            e = gaz._e
            js = {f: _json_column(e[f]) for f in ("name", "feature_type", "source", "lat", "lon",
                                                   "admin1_name", "admin2_name")}
            pre = pc.binary_join_element_wise('{"name": ', js["name"], ', "feature_type": ', js["feature_type"],
                                              ', "score": ', "")
            post = pc.binary_join_element_wise(', "source": ', js["source"], ', "lat": ', js["lat"], ', "lon": ',
                                               js["lon"], ', "admin1_name": ', js["admin1_name"],
                                               ', "admin2_name": ', js["admin2_name"], "}", "")
            self._alt = (pre, post)
        idx = pa.array(np.ascontiguousarray(eids, dtype=np.int64))
        return self._alt[0].take(idx), self._alt[1].take(idx)


_JSON_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def _json(v) -> str:
    """``json.dumps(v, ensure_ascii=False)`` for the str / float / None fields of an entity,
    without the encoder's set-up cost for the common cases."""
    if v is None:
        return "null"
    t = type(v)
    if t is str and not _JSON_ESCAPE.search(v):
        return '"' + v + '"'
    if t is float and math.isfinite(v):
        return float.__repr__(v)
    return json.dumps(v, ensure_ascii=False)


def _json_column(values):
    """``_json(v)`` for each value of an entity column, as an arrow string array: a text column
    with nothing to escape quoted by arrow, a float column all finite by ``float.__repr__``,
    anything else value by value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(values, pa.string())  # fails unless every value is a str or None
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        arr = None
    if arr is not None:
        if not pc.any(pc.match_substring_regex(arr, _JSON_ESCAPE.pattern)).as_py():
            return pc.binary_join_element_wise('"', arr, '"', "").fill_null("null")
        return pa.array([_json(v) for v in values], pa.string())
    given = [v for v in values if v is not None]
    if all(type(v) is float for v in given) and np.isfinite(np.asarray(given, dtype=float)).all():
        rep = float.__repr__
        return pa.array(["null" if v is None else rep(v) for v in values], pa.string())
    return pa.array([_json(v) for v in values], pa.string())


def _first_seen_codes(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Integer code per string, numbered by first appearance, and the distinct strings in
    that order (arrow's hash encoding; a Python dict for text arrow cannot take)."""
    import pyarrow as pa

    try:
        d = pa.array(values, pa.string()).dictionary_encode()
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        seen: dict[str, int] = {}
        codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values))
        return codes, list(seen)
    return d.indices.to_numpy().astype(np.int64), d.dictionary.to_pylist()


def _codes(values, none: int | None = None) -> np.ndarray:
    """Integer code per value (equal values, equal codes); ``None`` -> ``none`` when given."""
    seen: dict = {}
    if none is None:
        return np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64, count=len(values))
    return np.fromiter((none if v is None else seen.setdefault(v, len(seen)) for v in values),
                       dtype=np.int64, count=len(values))


def _group_starts(q: np.ndarray) -> np.ndarray:
    """Start of each run of equal values in a sorted array."""
    if not len(q):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, q[1:] != q[:-1]])


def _rank_in_group(q: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of a sorted array."""
    starts = _group_starts(q)
    lens = np.diff(np.r_[starts, len(q)])
    return np.arange(len(q)) - np.repeat(starts, lens)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ``range(s, s + c)`` for each start and count (CSR row expansion)."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(starts, counts)


def _unique(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _deletion_probes(vfs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The deletion-index probes of folded keys, as in ``Gazetteer._approx_cands``: the key
    without spaces and (from 4 letters) each one-letter deletion of it, hashed; with the
    position of the key each probe belongs to. A repeated variant probes twice and finds
    the same keys (made unique by the caller).

    The deletions are cut out of the keys' UTF-32 code units with numpy, one gather per key
    length, instead of a slice-and-concatenate per variant in Python.
    """
    text = "\n".join(vfs).replace(" ", "")
    vs = text.split("\n") if vfs and text.count("\n") == len(vfs) - 1 else [v.replace(" ", "") for v in vfs]
    n = len(vs)
    lens = np.fromiter(map(len, vs), dtype=np.int64, count=n)
    hashes = [np.fromiter(map(hash, vs), dtype=np.int64, count=n)]
    labels = [np.arange(n, dtype=np.int64)]
    order = np.argsort(lens, kind="stable")
    bounds = np.searchsorted(lens[order], np.arange(4, int(lens.max(initial=0)) + 2))
    for length, a, b in zip(range(4, len(bounds) + 3), bounds[:-1].tolist(), bounds[1:].tolist()):
        if a == b:
            continue
        rows = order[a:b]
        codes = np.asarray([vs[i] for i in rows.tolist()], dtype=f"<U{length}").view(np.uint32).reshape(b - a, length)
        # row j of ``keep``: every position but j
        keep = np.arange(length - 1)[None, :] + (np.arange(length - 1)[None, :] >= np.arange(length)[:, None])
        variants = np.ascontiguousarray(codes[:, keep]).view(f"<U{length - 1}").ravel().tolist()  # by key, j ascending
        hashes.append(np.fromiter(map(hash, variants), dtype=np.int64, count=len(variants)))
        labels.append(np.repeat(rows, length))
    return np.concatenate(hashes), np.concatenate(labels)


def _variant_keys(t: FuzzyTables, subkeys: list[str]):
    """``Gazetteer._approx_cands(key, limit=12)`` for many keys: the kept candidate keys as
    flat arrays (subkey, key id, similarity, same skeleton), sorted by subkey then rank."""
    from .gazetteer import _vfold_many

    ns = len(subkeys)
    # The batch's keys are new spellings: folded all together, not through the memo tables
    # (whose inserts cost more than the folding of a short key).
    vfs = _vfold_many(subkeys)
    sid_of = t.sid_of
    qsid = np.fromiter((sid_of.get(s, -1) for s in skeletons_of_keys(subkeys)), dtype=np.int64, count=ns)
    size = t.bucket_start[qsid + 1] - t.bucket_start[np.maximum(qsid, 0)]
    size[qsid < 0] = 0
    # Tier 1 (``_approx_cands``' first step): the skeleton bucket, when it is small.
    small = (size > 0) & (size <= 64)
    bq = np.repeat(np.arange(ns), np.where(small, size, 0))
    bk = t.bucket_keys[_ranges(t.bucket_start[np.maximum(qsid, 0)][small], size[small])]
    # Tier 2: keys within one edit, by the deletion index; probes sorted so the binary
    # searches walk the index in order.
    h, hl = _deletion_probes(vfs)
    o = np.argsort(h, kind="stable")
    h, hl = h[o], hl[o]
    lo = np.searchsorted(t.H, h, "left")
    hit = t.H[np.minimum(lo, len(t.H) - 1)] == h
    h, hl, lo = h[hit], hl[hit], lo[hit]
    cnt = np.searchsorted(t.H, h, "right") - lo
    width = len(t.keys_arr) + 1
    fcode = _unique(np.repeat(hl, cnt) * width + t.I[_ranges(lo, cnt)])
    bcode = bq * width + bk  # sorted: queries in order, bucket keys ascending
    sub_arr = np.asarray(subkeys, dtype=object)
    vf_arr = np.asarray(vfs, dtype=object)

    nf = len(t.folded_distinct)

    def sims(code: np.ndarray) -> np.ndarray:
        # ``_pair_sims``: the better ratio of the keys and of their folded forms, / 100; the
        # folded ratio once per distinct (query, folded form) pair
        if not len(code):
            return np.zeros(0)
        pq, pk = np.divmod(code, width)
        a = cpdist(sub_arr[pq].tolist(), t.keys_arr[pk].tolist(), scorer=fuzz.ratio, dtype=np.float64)
        u, inv = np.unique(pq * nf + t.fid[pk], return_inverse=True)
        uq, uf = np.divmod(u, nf)
        b = cpdist(vf_arr[uq].tolist(), t.folded_distinct[uf].tolist(), scorer=fuzz.ratio, dtype=np.float64)
        return np.maximum(a, b[inv.ravel()]) / 100.0

    # Tier 1 answers alone when its best similarity reaches 0.97.
    bsim = sims(bcode)
    best1 = np.full(ns, -1.0)
    np.maximum.at(best1, bq, bsim)
    done1 = best1 >= 0.97
    # Otherwise: found keys (key order), then bucket keys not found (bucket order); only the
    # found pairs not already scored in the bucket need a similarity.
    fq = fcode // width
    f2 = ~done1[fq]
    fcode, fq = fcode[f2], fq[f2]
    in_b = np.isin(fcode, bcode, assume_unique=True)
    fsim = np.empty(len(fcode))
    fsim[in_b] = bsim[np.searchsorted(bcode, fcode[in_b])]
    fsim[~in_b] = sims(fcode[~in_b])
    keep_b = ~np.isin(bcode, fcode, assume_unique=True)
    t1 = done1[bq]
    b2 = keep_b & ~t1
    c_q = np.concatenate([bq[t1], fq, bq[b2]])
    c_k = np.concatenate([bcode[t1], fcode, bcode[b2]]) % width
    c_sim = np.concatenate([bsim[t1], fsim, bsim[b2]])
    # ``_score_sorted``: similarity descending (stable), the best 12, none below 0.6. Each
    # query's rows are already in (tier, key) order here (tier-0 rows of a query are either
    # its bucket or its found keys, each ascending, and its tier-1 rows follow), so a stable
    # sort by query and similarity keeps that order on ties without sorting by it again.
    order = np.lexsort((-c_sim, c_q))
    c_q, c_k, c_sim = c_q[order], c_k[order], c_sim[order]
    keep = (_rank_in_group(c_q) < _LIMIT) & (c_sim >= 0.6)
    c_q, c_k, c_sim = c_q[keep], c_k[keep], c_sim[keep]
    return c_q, c_k, c_sim, t.ksid[c_k] == qsid[c_q]


def approx_memo(gaz: Gazetteer, keys: list[str]) -> dict:
    """``Gazetteer._prefetch_approx(keys)`` (limit 12) from :func:`_variant_keys`: for each
    key, the candidates ``_approx_cands(key)`` gives, as ``(eid, match, method, sim)`` tuples
    in its order (kept keys by rank, each key's entries in index order)."""
    t = gaz._fuzzy_tables()
    keys = list(dict.fromkeys(k for k in keys if k))
    if not keys:
        return {}
    c_q, c_k, c_sim, c_trans = _variant_keys(t, keys)
    a = t.ent_start[c_k]
    n_ent = t.ent_start[c_k + 1] - a
    rows = _ranges(a, n_ent)
    q = np.repeat(c_q, n_ent)
    sim = np.repeat(c_sim, n_ent)
    m = (0.55 + 0.42 * sim) * np.where(t.ent_core[rows], 0.98, 1.0)
    method = np.where(np.repeat(c_trans, n_ent), "transliteration", "fuzzy").tolist()
    cands = list(zip(t.ent_eid[rows].tolist(), m.tolist(), method, sim.tolist()))
    bounds = np.searchsorted(q, np.arange(len(keys) + 1)).tolist()
    return {(k, _LIMIT): tuple(cands[bounds[i]:bounds[i + 1]]) for i, k in enumerate(keys)}


def resolve_keys(gaz: Gazetteer, queries: list[tuple[str, str, tuple[str, ...]]]) -> dict[str, np.ndarray | list]:
    """Answers for distinct, eligible queries ``(key, core, weak classes)``, column-wise.

    Returns columns over the queries: ``eid`` (best entity, -1 when there is no candidate),
    ``status``, ``score``, ``method`` and ``alternatives`` (JSON text), plus ``has_top``
    (False for unresolved answers, which carry no name or geometry).
    """
    from .gazetteer import (
        _AMBIGUOUS_MARGIN,
        _IMPORTANCE_WEIGHT_APPROX,
        _MINOR_IMPORTANCE,
        _SAME_PLACE_KM,
        _SIM_MINOR,
        _SIM_RESOLVED,
        _SIM_UNRESOLVED,
        _TIE_GAP,
        _TIE_GAP_MINOR,
        class_fits,
    )

    t = gaz._fuzzy_tables()
    nq = len(queries)
    # ``_stages``: the candidates of the key, then those of its core (generic word dropped).
    sub: dict[str, int] = {}
    parts_q: list[int] = []
    parts_s: list[int] = []
    class_id: dict[tuple[str, ...], int] = {}
    qcls = np.full(nq, -1, dtype=np.int64)
    for qi, (key, core, classes) in enumerate(queries):
        for k in ((key, core) if core and core != key else (key,)):
            parts_q.append(qi)
            parts_s.append(sub.setdefault(k, len(sub)))
        if classes:
            qcls[qi] = class_id.setdefault(classes, len(class_id))
    s_q, s_k, s_sim, s_trans = _variant_keys(t, list(sub))
    s_start = np.searchsorted(s_q, np.arange(len(sub) + 1))
    ps = np.asarray(parts_s, dtype=np.int64)
    n_c = s_start[ps + 1] - s_start[ps]
    rows = _ranges(s_start[ps], n_c)
    c_q = np.repeat(np.asarray(parts_q, dtype=np.int64), n_c)
    c_k, c_sim, c_trans = s_k[rows], s_sim[rows], s_trans[rows]

    # ---- entries of each kept key (``_score_sorted``): one candidate per (key, entity)
    a = t.ent_start[c_k]
    n_ent = t.ent_start[c_k + 1] - a
    rows = np.arange(int(n_ent.sum())) - np.repeat(np.cumsum(n_ent) - n_ent, n_ent) + np.repeat(a, n_ent)
    q = np.repeat(c_q, n_ent)
    sim = np.repeat(c_sim, n_ent)
    trans = np.repeat(c_trans, n_ent)
    eid = t.ent_eid[rows]
    m = (0.55 + 0.42 * sim) * np.where(t.ent_core[rows], 0.98, 1.0)
    p = np.arange(len(q))

    # ---- ``_rank``: best match per entity (first on ties), then rank
    # by query, entity, match descending, position (two stable passes instead of lexsort's four)
    o = np.argsort(-m, kind="stable")
    o = o[np.argsort((q * (len(t.imp_eff) + 1) + eid)[o], kind="stable")]
    q, eid, m, sim, trans, p = q[o], eid[o], m[o], sim[o], trans[o], p[o]
    g = _group_starts(q * (len(t.imp_eff) + 1) + eid)
    first = np.minimum.reduceat(p, g) if len(g) else p[:0]
    q, eid, m, sim, trans = q[g], eid[g], m[g], sim[g], trans[g]
    r = m + _IMPORTANCE_WEIGHT_APPROX * t.imp_eff[eid] + t.prior[eid]
    override = np.zeros(len(t.imp_eff), dtype=bool)
    if gaz._override:
        override[np.fromiter(gaz._override, dtype=np.int64)] = True
    if class_id:
        # A weak generic word ("village of ...") nudges by class: +-0.08 (``_rank``).
        fit = np.zeros((len(class_id), int(t.klass_code.max()) + 1), dtype=bool)
        for classes, ci in class_id.items():
            fit[ci] = [any(class_fits(g, kl) for g in classes) for kl in t.klass_names]
        has_cls = qcls[q] >= 0
        r = np.where(has_cls, r + np.where(fit[np.maximum(qcls[q], 0), t.klass_code[eid]], 0.08, -0.08), r)
    r = np.where(override[eid], r + 1.0, r)
    # ``_seat_rule``: a town inside the admin unit carrying its name ranks above the unit.
    lvl = t.adm_level[eid]
    is_unit = lvl > 0
    town = t.is_locality[eid] & ~(t.imp_raw[eid] < 0.55)
    if is_unit.any() and town.any():
        ui = np.flatnonzero(is_unit)
        ti = np.flatnonzero(town)
        u_start = np.searchsorted(q[ui], q[ti], "left")
        u_cnt = np.searchsorted(q[ui], q[ti], "right") - u_start
        pc = np.repeat(ti, u_cnt)
        pu = ui[np.arange(int(u_cnt.sum())) - np.repeat(np.cumsum(u_cnt) - u_cnt, u_cnt) + np.repeat(u_start, u_cnt)]
        ul = lvl[pu]
        ok = ~((ul == 1) & (t.imp_raw[eid[pc]] < 0.8))
        ok &= t.admin[ul, eid[pc]] == t.admin[ul, eid[pu]]
        ok &= m[pc] >= np.maximum(0.93, m[pu] - 0.05)
        if ok.any():
            lift = r[pu[ok]] + 0.04 + 0.05 * t.imp_eff[eid[pc[ok]]]
            np.maximum.at(r, pc[ok], lift)
    o = np.lexsort((first, t.source_rank[eid], -r, q))
    q, eid, m, sim, trans, r = q[o], eid[o], m[o], sim[o], trans[o], r[o]

    # ---- ``_decide``
    starts = _group_starts(q)
    has = np.zeros(nq, dtype=bool)
    has[q[starts]] = True
    pos_in = _rank_in_group(q)
    top = np.repeat(starts, np.diff(np.r_[starts, len(q)]))  # row of each row's top
    te = eid[top]
    # ``_same_place(top, c)`` for the next 11
    kt, kc = t.klass_code[te], t.klass_code[eid]
    lat1, lon1, lat2, lon2 = t.lat[te], t.lon[te], t.lat[eid], t.lon[eid]
    km = np.hypot((lon2 - lon1) * 111.32 * np.cos(np.radians((lat1 + lat2) / 2)), (lat2 - lat1) * 110.57)
    comparable = (kt == kc) | t.is_locality[te] | t.is_locality[eid]
    same = (t.source_code[te] == t.source_code[eid]) | (comparable & (km <= _SAME_PLACE_KM))
    other = (pos_in >= 1) & (pos_in < 12) & ~same
    alt = np.zeros(len(q), dtype=bool)
    oi = np.flatnonzero(other)
    alt[oi[_rank_in_group(q[oi]) < 4]] = True
    # rivals: others that are not an admin unit holding the top (``_contains``)
    cl = t.adm_level[eid]
    contains = (cl > 0) & (t.admin[cl, te] != -1) & (t.admin[cl, te] == t.admin[cl, eid])
    rival = other & ~contains
    rrank = np.full(len(q), 99)
    if rival.any():
        ri = np.flatnonzero(rival)
        rrank[ri] = _rank_in_group(q[ri])
    nq_top = q[starts]
    minor = t.imp_eff[eid[starts]] < _MINOR_IMPORTANCE
    gap = np.where(minor, _TIE_GAP_MINOR, _TIE_GAP)
    close = rival & (rrank < 8) & (m >= m[top] - 0.42 * np.repeat(gap, np.diff(np.r_[starts, len(q)])))
    any_close = np.zeros(nq, dtype=bool)
    any_close[q[close]] = True
    first_rival = rival & (rrank == 0)
    margin = np.full(nq, np.inf)
    margin[q[first_rival]] = r[top[first_rival]] - r[first_rival]
    ts = sim[starts]
    tied = (minor & (ts < _SIM_MINOR)) | any_close[nq_top]
    ov = override[eid[starts]]
    amb = ((margin[nq_top] < _AMBIGUOUS_MARGIN) & ~ov) | (ts < _SIM_RESOLVED) | (tied & ~ov)
    unres = ts < _SIM_UNRESOLVED

    out_eid = np.full(nq, -1, dtype=np.int64)
    out_eid[nq_top] = eid[starts]
    status = np.full(nq, "unresolved", dtype=object)
    status[nq_top] = np.where(unres, "unresolved", np.where(amb, "ambiguous", "resolved"))
    method = np.full(nq, None, dtype=object)
    method[nq_top] = np.where(trans[starts], "transliteration", "fuzzy")
    score = np.zeros(nq)
    raw = np.where(amb, m[starts] * 0.7, m[starts])
    # few distinct values (similarities are ratios of small integers): each rounded once
    vals, inv = np.unique(np.clip(raw, 0.0, 1.0), return_inverse=True)
    score[nq_top] = np.asarray([round(v, 4) for v in vals.tolist()], dtype=float)[inv]
    score[nq_top[unres]] = 0.0
    has_top = has.copy()
    has_top[nq_top[unres]] = False
    # alternatives: the 4 best others; for an unresolved answer the 5 best of all
    shown = np.where(unres[np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(q)]))], pos_in < 5, alt)
    alt_json = ["[]"] * nq
    sq = q[shown]
    if len(sq):
        import pyarrow as pa
        import pyarrow.compute as pc

        pre, post = t.alt_parts(gaz, eid[shown])
        # scores take few distinct values: each formatted once, as Candidate.to_dict rounds it
        vals, inv = np.unique(np.clip(m[shown], 0.0, 1.0), return_inverse=True)
        text = np.asarray([repr(round(v, 4)) for v in vals.tolist()], dtype=object)[inv]
        items = pc.binary_join_element_wise(pre, pa.array(text, pa.string()), post, "")
        starts = _group_starts(sq)
        lists = pa.ListArray.from_arrays(pa.array(np.r_[starts, len(sq)].astype(np.int32)), items)
        joined = pc.binary_join_element_wise("[", pc.binary_join(lists, ", "), "]", "")
        for qi, js in zip(sq[starts].tolist(), joined.to_pylist()):
            alt_json[qi] = js
    return {"eid": out_eid, "status": status, "score": score, "method": method,
            "alternatives": alt_json, "has_top": has_top}


def precision_names(values) -> list[str]:
    """``str(Precision(v))`` for each entity precision value (memoised per distinct value)."""
    memo: dict = {}
    out = []
    for v in values:
        s = memo.get(v)
        if s is None:
            s = memo[v] = str(Precision(v))
        out.append(s)
    return out

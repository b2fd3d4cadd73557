"""Place-name resolution: the :class:`Gazetteer` and its :class:`Resolution` value type.

This module owns turning a place name or description, as a reporter spelled it, into one
feature with an honest geometry, offline:

* ``Gazetteer.default()`` - the bundled gazetteer (Iraq and Syria admin units ADM0-ADM3,
  33k populated places, 113 curated landmarks, named regions, the Kurdistan Region and the
  disputed territories), loaded from the compact names index ``data/gazetteer/names.parquet``
  + ``entities.parquet`` (built by ``scripts/build_names_index.py``);
* ``resolve`` / ``resolve_many`` / ``candidates`` / ``reverse`` / ``entity``, and the
  ``names_table()`` / ``entities_table()`` views (every name key with its feature, every
  feature's attributes) for indexing by other modules;
* user corrections (:meth:`Gazetteer.add`, :meth:`Gazetteer.add_frame`) that win over bundled
  entries, and loaders for GeoNames dumps and any vector file.

Matching keys come from :mod:`geoincidents.normalize`; composite descriptions (roads between
places, borders, "X and Y provinces", "X, Y") from :mod:`geoincidents.composite`.

Methods (``Resolution.method``): ``exact`` (the feature's primary name), ``alias`` (another
spelling, or the name with its generic word removed), ``transliteration`` (same phonetic
skeleton), ``fuzzy`` (rapidfuzz ratio over a deletion index of skeletons), ``context``
("X, Y"), ``composite``, ``reverse``.

Precision (:mod:`geoincidents.precision`): towns and villages ``locality``; admin units
``adm1``/``adm2``/``adm3``; countries ``country``; named regions ``region``; landmarks
``linear`` for lines (ranges, rivers, roads), ``area`` for polygons and for point-located
extended features (oil fields, lakes), ``exact`` for sites known within 2 km, else ``near``.
A generic word that no candidate fits ("Ţūzkhūrmātū air base", no such base in the data)
gives the town with precision ``near``.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import shapely
import shapely.ops
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from shapely.geometry.base import BaseGeometry

from ._gc import gc_paused
from .errors import CRSError, DataError, GeoIncidentsError, InputError
from .normalize import (
    DIRECTIONAL_WORDS,
    _memo,
    fold_letters,
    fold_letters_many,
    normalize,
    normalize_many,
    skeleton,
    split_generic,
    split_key,
    split_words,
)
from .precision import Precision

__all__ = [
    "Gazetteer", "Resolution", "Candidate", "RESOLVE_JSON_KEYS", "RESOLVE_MANY_COLUMNS",
    "MAX_QUERY_CHARS", "class_fits",
]

Status = Literal["resolved", "ambiguous", "unresolved"]

#: The keys of ``Resolution.to_dict()``, in order: the CLI's ``resolve --json`` contract.
RESOLVE_JSON_KEYS = (
    "query", "status", "name", "feature_type", "lat", "lon", "geometry",
    "admin1_code", "admin1_name", "admin2_code", "admin2_name", "admin3_code", "admin3_name",
    "disputed", "score", "method", "precision", "source", "alternatives",
)


@dataclass(frozen=True)
class Candidate:
    """A possible answer for a query, as listed in ``Resolution.alternatives``."""

    name: str
    feature_type: str
    score: float
    source: str
    lat: float | None = None
    lon: float | None = None
    admin1_name: str | None = None
    admin2_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "feature_type": self.feature_type, "score": round(self.score, 4),
            "source": self.source, "lat": self.lat, "lon": self.lon,
            "admin1_name": self.admin1_name, "admin2_name": self.admin2_name,
        }


@dataclass(frozen=True)
class Resolution:
    """The answer to one place query.

    ``status`` is ``"resolved"`` (one answer), ``"ambiguous"`` (several answers too close to
    choose; ``name``/``geometry`` hold the best, ``alternatives`` the others) or
    ``"unresolved"`` (no answer; ``alternatives`` holds the best candidates, if any).
    ``source`` names the dataset and record id, e.g. ``"wof:421188277"`` or ``"ocha:IQG13Q01"``.
    """

    query: str
    status: Status
    name: str | None = None
    geometry: BaseGeometry | None = None
    feature_type: str | None = None
    admin1_code: str | None = None
    admin1_name: str | None = None
    admin2_code: str | None = None
    admin2_name: str | None = None
    admin3_code: str | None = None
    admin3_name: str | None = None
    disputed: bool | None = None
    score: float = 0.0
    method: str | None = None
    precision: Precision = Precision.UNKNOWN
    source: str | None = None
    alternatives: tuple[Candidate, ...] = field(default_factory=tuple)
    country: str | None = None
    uncertainty_km: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "resolved"

    @property
    def point(self) -> BaseGeometry | None:
        """A representative point that lies on the geometry (not a centroid off a line)."""
        if self.geometry is None or self.geometry.is_empty:
            return None
        if self.geometry.geom_type == "Point":
            return self.geometry
        return shapely.point_on_surface(self.geometry)

    @property
    def lat(self) -> float | None:
        p = self.point
        return None if p is None else round(p.y, 6)

    @property
    def lon(self) -> float | None:
        p = self.point
        return None if p is None else round(p.x, 6)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``geoincidents resolve --json`` (keys in :data:`RESOLVE_JSON_KEYS`)."""
        return {
            "query": self.query,
            "status": self.status,
            "name": self.name,
            "feature_type": self.feature_type,
            "lat": self.lat,
            "lon": self.lon,
            "geometry": None if self.geometry is None else shapely.geometry.mapping(self.geometry),
            "admin1_code": self.admin1_code,
            "admin1_name": self.admin1_name,
            "admin2_code": self.admin2_code,
            "admin2_name": self.admin2_name,
            "admin3_code": self.admin3_code,
            "admin3_name": self.admin3_name,
            "disputed": self.disputed,
            "score": round(float(self.score), 4),
            "method": self.method,
            "precision": str(self.precision),
            "source": self.source,
            "alternatives": [c.to_dict() for c in self.alternatives],
        }


#: Importance of the non-locality features (localities: see ``_importance_of``).
IMPORTANCE = {
    "country": 1.0, "neighbour_country": 0.9, "adm1": 0.9, "kri": 0.88, "region": 0.85,
    "landmark": 0.78, "adm2": 0.76, "adm3": 0.64,
}
_IMPORTANCE_WEIGHT = 0.5
_IMPORTANCE_WEIGHT_APPROX = 0.15

#: Longest query accepted; longer input resolves to ``unresolved`` (never an error), because no
#: place description is that long and matching megabytes of text would stall a batch.
MAX_QUERY_CHARS = 512

#: Which entity classes fit a generic word's class ("Hamrin *mountains*" -> a mountain).
_CLASS_FITS: dict[str, frozenset[str]] = {
    "locality": frozenset({"locality"}),
    "adm1": frozenset({"adm1"}),
    "adm2": frozenset({"adm2"}),
    "adm3": frozenset({"adm3"}),
    "mountain": frozenset({"mountain"}),
    "lake": frozenset({"lake"}),
    "river": frozenset({"river", "wadi"}),
    "wadi": frozenset({"wadi", "river"}),
    "dam": frozenset({"dam"}),
    "base": frozenset({"base"}),
    "camp": frozenset({"base", "other"}),
    "border": frozenset({"border"}),
    "road": frozenset({"road"}),
    "oilfield": frozenset({"oilfield"}),
    "desert": frozenset({"desert", "region"}),
    "plain": frozenset({"plain", "region"}),
    "region": frozenset({"region", "desert", "plain", "adm1", "adm2", "adm3", "country"}),
}
# Generic words that say little about the feature ("area", "town"): a soft preference only.
_WEAK_CLASSES = frozenset({"region", "locality"})
_AREA_CLASSES = ("country", "adm1", "adm2", "adm3", "region")
_CONTEXT_IMPORTANCE = {"adm1": 1.0, "country": 0.97, "region": 0.95, "adm2": 0.9, "adm3": 0.85}
_COUNTRY_PRIOR = {"IQ": 0.0, "SY": -0.03}
# "core" = a name with its generic word removed ("Qayyarah" for "Qayyarah Oil Field"): a bare
# name that is also a town's own name means the town.
_MATCH = {"name": 1.0, "alias": 0.97, "core": 0.85}
_METHOD = {"name": "exact", "alias": "alias", "core": "alias"}
_SAME_PLACE_KM = 12.0
_AMBIGUOUS_MARGIN = 0.03
#: Similarity (0-1, the better of rapidfuzz ratio on the keys and on vowel-class folded keys)
#: below which a spelling-variant match is not an answer, and below which it is only ambiguous.
_SIM_UNRESOLVED = 0.75
_SIM_RESOLVED = 0.8
# Spelling-variant answers: a rival spelled within _TIE_GAP (similarity) of the best makes the
# answer ambiguous. Villages and other minor places (importance below _MINOR_IMPORTANCE) are
# many and their names collide (measured on one-edit misspellings of real names in
# benchmarks/gazetteer.py), so for them the gap is wider and a spelling that needed a real edit
# (similarity below _SIM_MINOR, i.e. not only a transliteration) is never confident.
_TIE_GAP = 0.03
_TIE_GAP_MINOR = 0.12
_MINOR_IMPORTANCE = 0.6
_SIM_MINOR = 0.95

_ENTITY_FIELDS = (
    "source", "name", "feature_type", "klass", "country", "lat", "lon",
    "admin1_code", "admin1_name", "admin2_code", "admin2_name", "admin3_code", "admin3_name",
    "adm1_codes", "disputed", "importance", "precision", "uncertainty_km", "feature_code",
    "population", "wkb",
)

#: Columns of :meth:`Gazetteer.resolve_many`, in order (geometry last).
RESOLVE_MANY_COLUMNS = (
    "query", "status", "name", "feature_type", "admin1_code", "admin1_name", "admin2_code",
    "admin2_name", "admin3_code", "admin3_name", "disputed", "score", "method", "precision",
    "source", "country", "uncertainty_km", "alternatives", "geometry",
)


def class_fits(generic_class: str, klass: str) -> bool:
    """Whether an entity of class ``klass`` fits the generic word class ``generic_class``."""
    return klass in _CLASS_FITS.get(generic_class, frozenset({generic_class}))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * 111.32 * math.cos(math.radians((lat1 + lat2) / 2))
    dy = (lat2 - lat1) * 110.57
    return math.hypot(dx, dy)


@dataclass
class _Cand:
    eid: int
    match: float
    method: str
    rank: float = 0.0
    fits: bool = True
    sim: float = 1.0
    seat: bool = False  # a town spelled differently inside an exactly matched unit


def _is_sorted(keys: np.ndarray) -> bool:
    return bool(len(keys) < 2 or (keys[1:] >= keys[:-1]).all())


class Gazetteer:
    """Offline place-name resolver over the bundled (or a user's) gazetteer data.

    ``Gazetteer.default()`` is the bundled gazetteer (loaded once per process from the compact
    names index; geometries are decoded lazily). Build your own with :meth:`from_frame`,
    :meth:`from_geonames` or :meth:`from_file`; correct or extend any gazetteer with
    :meth:`add` / :meth:`add_frame` (user entries win over bundled ones with the same name).
    ``default()`` is shared: call :meth:`copy` first when a correction should stay local.

    Disambiguation is deterministic: among the names that match (exact, alias, generic word
    stripped, transliteration skeleton, fuzzy - in that order), candidates are ranked by
    match quality, the feature class a generic word asks for ("district", "mountains"),
    admin context (``within=``), country (Iraq, then Syria, then neighbours) and importance
    (country > capital / large city > governorate > district > town > sub-district > village;
    abandoned or destroyed places lowest). A town that lies inside the admin unit of the same
    name outranks the unit, so bare "Kirkuk", "Makhmour" or "Hawija" is the town and "Kirkuk
    province" / "Makhmour district" the unit; "Diyala" (no town of that name) is the
    governorate. Two different places that stay within a small margin are reported as
    ``ambiguous`` with the runner-up in ``alternatives``.
    """

    _default: Gazetteer | None = None

    def __init__(self, entities: dict[str, list], names: dict[str, list], *, label: str = "custom",
                 wkb_loader=None, skeleton_loader=None, folded_loader=None, grouped=None):
        self.label = label
        n = len(entities["source"])
        self._e = {f: list(entities[f]) if f in entities else [None] * n for f in _ENTITY_FIELDS}
        # Geometry WKB of the bundled entities is read on first use (cold load stays small).
        self._wkb_loader = wkb_loader
        self._folded_loader = folded_loader
        self._extra: dict[str, list[tuple[int, str]]] = {}
        self._override: set[int] = set()
        if grouped is not None:  # the bundled index, already grouped by key (see _load_bundled)
            ukeys, self._bounds, self._n_eids, self._n_kinds = grouped
            self._kpos = dict(zip(ukeys, range(len(ukeys))))
            self._skel_loader = skeleton_loader
            self._reset_caches()
            return
        # Names sorted by key: one dict from key to its slice of (eid, kind) rows.
        keys = np.asarray(names["key"], dtype=object)
        order = np.argsort(keys, kind="stable") if len(keys) and not _is_sorted(keys) else None
        if order is not None:
            keys = keys[order]
        eids = np.asarray(names["eid"], dtype=np.int64)
        kinds = np.asarray(names["kind"], dtype=object)
        if order is not None:
            eids, kinds = eids[order], kinds[order]
        if len(keys):
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        else:
            starts = np.zeros(0, dtype=np.int64)
        self._bounds = np.r_[starts, len(keys)].tolist()
        self._kpos: dict[str, int] = dict(zip(keys[starts].tolist(), range(len(starts))))
        self._n_eids = eids.tolist()
        self._n_kinds = kinds.tolist()
        # Skeleton of each distinct key, in key order: from the index file when there is one.
        if "skeleton" in names:
            sk = np.asarray(names["skeleton"], dtype=object)
            self._skel_loader = (lambda: (sk[order] if order is not None else sk)[starts].tolist())
        else:
            self._skel_loader = skeleton_loader
        self._reset_caches()

    # ------------------------------------------------------------------ construction

    def _entries(self, key: str) -> list[tuple[int, str]]:
        j = self._kpos.get(key)
        out: list[tuple[int, str]] = []
        if j is not None:
            a, b = self._bounds[j], self._bounds[j + 1]
            out = list(zip(self._n_eids[a:b], self._n_kinds[a:b]))
        extra = self._extra.get(key)
        return out + extra if extra else out

    def _has_key(self, key: str) -> bool:
        return key in self._kpos or key in self._extra

    def _all_keys(self):
        yield from self._kpos
        for k in self._extra:
            if k not in self._kpos:
                yield k

    def _index_names(self, keys, skels, eids, kinds) -> None:
        for k, e, kd in zip(keys, eids, kinds):
            self._extra.setdefault(k, []).append((e, kd))

    @property
    def _by_skel(self) -> dict[str, list[str]]:
        # Built on the first transliteration lookup; exact lookups never need it.
        if self._skel is None:
            d: dict[str, list[str]] = {}
            base = self._skel_loader() if self._skel_loader is not None else None
            if base is not None and len(base) != len(self._kpos):
                base = None
            pairs = zip(self._kpos, base) if base is not None else ((k, skeleton(k)) for k in self._kpos)
            extra = ((k, skeleton(k)) for k in self._extra if k not in self._kpos)
            for k, s in (*pairs, *extra):
                lst = d.get(s)
                if lst is None:
                    d[s] = [k]
                else:
                    lst.append(k)
            # tuples of strings are untracked by the garbage collector (lists are not)
            self._skel = {s: tuple(v) for s, v in d.items()}
        return self._skel

    def _reset_caches(self) -> None:
        self._geoms: dict[int, BaseGeometry] = {}
        self._cache: dict[tuple, Resolution] = {}
        self._ctx_cache: dict[str, dict | None] = {}
        self._deletes: tuple | None = None
        self._approx_memo: dict | None = None
        self._arrays: dict[str, np.ndarray] | None = None
        self._skel: dict[str, list[str]] | None = None
        self._important: dict[str, tuple[str, ...]] | None = None
        self._src_pos: dict[str, int] | None = None
        self._fz = None

    def _fuzzy_tables(self):
        """Flat arrays for the column-wise fuzzy path (built on first use, like the index)."""
        if self._fz is None:
            from ._fuzzy import FuzzyTables

            self._fz = FuzzyTables(self)
        return self._fz

    def _wkb(self, eid: int) -> bytes | None:
        if self._wkb_loader is not None:
            col = self._wkb_loader()
            self._e["wkb"][: len(col)] = col
            self._wkb_loader = None
        return self._e["wkb"][eid]

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer, loaded once per process (cheap: no geometry is decoded)."""
        if cls._default is None:
            cls._default = cls._load_bundled()
        return cls._default

    @classmethod
    def _load_bundled(cls) -> Gazetteer:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .data import data_dir

        d = data_dir()
        pe, pn = d / "entities.parquet", d / "names.parquet"
        if not pe.is_file() or not pn.is_file():
            raise DataError(
                f"names index missing in {d}; run scripts/build_names_index.py (or build_gazetteer.py)"
            )
        cols = [c for c in _ENTITY_FIELDS if c != "wkb"]
        # Low-cardinality text columns arrive dictionary-encoded: decoding them through the
        # dictionary shares one Python string per distinct value instead of one per row.
        coded = ["feature_type", "klass", "country", "precision", "feature_code", "admin1_code",
                 "admin1_name", "admin2_code", "admin2_name", "admin3_code", "admin3_name", "adm1_codes"]
        try:
            et = pq.read_table(pe, columns=cols, read_dictionary=coded)
            nt = pq.read_table(pn, columns=["key", "eid", "kind"])
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(f"names index in {d} is unreadable ({exc}); rebuild it") from exc
        ents = {name: _column_list(et.column(name)) for name in et.column_names}
        # names.parquet is sorted by key (the builder guarantees it): find the key runs with
        # arrow kernels and turn only the distinct keys into Python strings.
        import pyarrow.compute as pc

        key = nt.column("key").combine_chunks()
        n = len(key)
        if n > 1:
            change = pc.not_equal(key.slice(1), key.slice(0, n - 1)).to_numpy(zero_copy_only=False)
            starts = np.flatnonzero(np.r_[True, change])
        else:
            starts = np.arange(n)
        kind = nt.column("kind").combine_chunks().dictionary_encode()
        kinds = np.asarray(kind.dictionary.to_pylist(), dtype=object)[kind.indices.to_numpy()].tolist()
        grouped = (key.take(pa.array(starts)).to_pylist(), np.r_[starts, n].tolist(),
                   nt.column("eid").to_numpy().tolist(), kinds)
        names = None
        def wkb() -> list:
            return pq.read_table(pe, columns=["wkb"]).column("wkb").to_pylist()

        def per_key(column: str):
            def load() -> list:
                # names.parquet is sorted by key: the first row of each key run gives its value.
                t = pq.read_table(pn, columns=["key", column])
                keys = np.asarray(t.column("key").to_pylist(), dtype=object)
                first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else []
                return np.asarray(t.column(column).to_pylist(), dtype=object)[first].tolist()
            return load

        return cls(ents, names, label="bundled", wkb_loader=wkb, skeleton_loader=per_key("skeleton"),
                   folded_loader=per_key("folded"), grouped=grouped)

    def copy(self) -> Gazetteer:
        """An independent copy (corrections added to it do not change the original)."""
        self._wkb(0) if len(self) else None  # materialise geometries before sharing lists
        new = object.__new__(Gazetteer)
        new.label = self.label
        new._wkb_loader = None
        new._e = {k: list(v) for k, v in self._e.items()}
        new._bounds, new._kpos = self._bounds, self._kpos
        new._n_eids, new._n_kinds = self._n_eids, self._n_kinds
        new._skel_loader = self._skel_loader
        new._folded_loader = self._folded_loader
        new._extra = {k: list(v) for k, v in self._extra.items()}
        new._override = set(self._override)
        new._reset_caches()
        return new

    def __len__(self) -> int:
        return len(self._e["source"])

    def __repr__(self) -> str:
        return f"<Gazetteer {self.label}: {len(self)} features, {len(self._kpos) + len(self._extra)} name keys>"

    @classmethod
    def from_frame(
        cls,
        gdf,
        *,
        name_cols: str | Sequence[str] = ("name",),
        id_col: str | None = None,
        feature_type_col: str | None = None,
        source: str = "user",
        admin: bool = True,
    ) -> Gazetteer:
        """A gazetteer of the rows of a GeoDataFrame.

        ``name_cols`` are the columns with names; each cell may hold several spellings joined
        with ``|``. The first non-empty name of a row is its primary name. ``id_col`` gives
        record ids (default: the row position), shown as ``"{source}:{id}"``.
        ``feature_type_col`` gives a feature type per row (default ``"locality"`` for points,
        ``"area"`` for polygons, ``"line"`` for lines). With ``admin=True`` the admin path of
        each feature is computed against the bundled Iraq/Syria layers.
        """
        gaz = cls({f: [] for f in _ENTITY_FIELDS}, {"key": [], "skeleton": [], "eid": [], "kind": []},
                  label=source)
        gaz._add_rows(gdf, name_cols=name_cols, id_col=id_col, feature_type_col=feature_type_col,
                      source=source, admin=admin, override=False)
        return gaz

    @classmethod
    def from_file(cls, path, *, name_cols: str | Sequence[str] = ("name",), layer=None, **kwargs) -> Gazetteer:
        """A gazetteer from any vector file geopandas reads (GeoJSON, GeoPackage, ...)."""
        import geopandas as gpd

        try:
            gdf = gpd.read_file(path, layer=layer) if layer is not None else gpd.read_file(path)
        except Exception as exc:  # pyogrio raises its own types; report them as ours
            raise InputError(f"cannot read {path}: {exc}", field="path") from exc
        return cls.from_frame(gdf, name_cols=name_cols, source=kwargs.pop("source", Path(str(path)).stem), **kwargs)

    @classmethod
    def from_geonames(cls, path, *, countries: Sequence[str] | None = None,
                      feature_classes: Sequence[str] | None = None) -> Gazetteer:
        """A gazetteer from a GeoNames dump (``allCountries.txt``, ``IQ.txt``, ...).

        The file is the standard 19-column tab-separated GeoNames table (geonameid, name,
        asciiname, alternatenames, latitude, longitude, feature class, feature code, country
        code, cc2, admin1-4 codes, population, elevation, dem, timezone, modification date).
        Sources read ``"geonames:<geonameid>"``.
        """
        import csv

        import geopandas as gpd
        import pandas as pd

        cols = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
                "feature_class", "feature_code", "country_code", "cc2", "admin1", "admin2",
                "admin3", "admin4", "population", "elevation", "dem", "timezone", "modified"]
        try:
            df = pd.read_csv(path, sep="\t", header=None, names=cols, dtype=str,
                             keep_default_na=False, quoting=csv.QUOTE_NONE, encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read GeoNames file {path}: {exc}", field="path") from exc
        if df.shape[1] != 19 or df["geonameid"].str.contains("\t").any():
            raise InputError("not a 19-column GeoNames table", field="path")
        if countries is not None:
            df = df[df["country_code"].isin([c.upper() for c in countries])]
        if feature_classes is not None:
            df = df[df["feature_class"].isin(list(feature_classes))]
        lat = pd.to_numeric(df["latitude"], errors="coerce")
        lon = pd.to_numeric(df["longitude"], errors="coerce")
        bad = lat.isna() | lon.isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise InputError("latitude/longitude is not a number", row=row, field="latitude")
        ftype = df["feature_class"].map({"P": "locality", "A": "area", "T": "mountain",
                                         "H": "water", "L": "area", "S": "site", "R": "road",
                                         "V": "area", "U": "undersea"}).fillna("other")
        gdf = gpd.GeoDataFrame(
            {"name": df["name"], "alt": df["asciiname"] + "|" + df["alternatenames"].str.replace(",", "|"),
             "geonameid": df["geonameid"], "feature_type": ftype,
             "population": pd.to_numeric(df["population"], errors="coerce"),
             "feature_code": df["feature_code"], "country": df["country_code"]},
            geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
        )
        return cls.from_frame(gdf, name_cols=("name", "alt"), id_col="geonameid",
                              feature_type_col="feature_type", source="geonames")

    # ------------------------------------------------------------------ user corrections

    def add(
        self,
        name: str,
        geometry: BaseGeometry | None = None,
        *,
        lat: float | None = None,
        lon: float | None = None,
        aliases: Sequence[str] = (),
        feature_type: str = "locality",
        precision: Precision | str | None = None,
        source: str | None = None,
        country: str | None = None,
        uncertainty_km: float | None = None,
    ) -> str:
        """Add (or correct) a place; it wins over bundled entries with the same name.

        Give either ``geometry`` (any shapely geometry in EPSG:4326) or ``lat``/``lon``.
        Returns the source id of the new entry (``"user:<n>"`` unless ``source`` is given).
        """
        import geopandas as gpd

        if not isinstance(name, str) or not normalize(name):
            raise InputError("a place needs a non-empty name", field="name")
        for field_name, text in (("name", name), *(("aliases", a) for a in aliases)):
            if isinstance(text, str) and not _is_text(text):
                raise InputError(f"{field_name} {text!r} holds a lone surrogate code point: not text", field=field_name)
        if geometry is None:
            if lat is None or lon is None:
                raise InputError("give a geometry or both lat and lon", field="geometry")
            try:
                lat, lon = float(lat), float(lon)
            except (TypeError, ValueError):
                raise InputError("lat/lon must be numbers", field="lat") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise InputError(f"lat/lon out of range: {lat}, {lon}", field="lat")
            geometry = shapely.Point(lon, lat)
        if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
            raise InputError("geometry must be a non-empty shapely geometry", field="geometry")
        row = {"name": "|".join([name, *aliases]), "feature_type": feature_type}
        if precision is not None:
            row["precision"] = str(Precision.parse(precision))
        if country:
            row["country"] = country
        if uncertainty_km is not None:
            row["uncertainty_km"] = float(uncertainty_km)
        if source:
            row["id"] = source
        gdf = gpd.GeoDataFrame([row], geometry=[geometry], crs="EPSG:4326")
        eids = self._add_rows(gdf, name_cols=("name",), id_col="id" if source else None,
                              feature_type_col="feature_type", source="user", admin=True,
                              override=True)
        return self._e["source"][eids[0]]

    def add_frame(self, gdf, *, name_cols: str | Sequence[str] = ("name",), id_col: str | None = None,
                  feature_type_col: str | None = None, source: str = "user") -> list[str]:
        """Add every row of a GeoDataFrame as a correction (see :meth:`from_frame`)."""
        eids = self._add_rows(gdf, name_cols=name_cols, id_col=id_col, feature_type_col=feature_type_col,
                              source=source, admin=True, override=True)
        return [self._e["source"][e] for e in eids]

    def _add_rows(self, gdf, *, name_cols, id_col, feature_type_col, source, admin, override) -> list[int]:
        import geopandas as gpd

        if not isinstance(gdf, gpd.GeoDataFrame):
            raise InputError("expected a GeoDataFrame", field="gdf")
        if isinstance(name_cols, str):
            name_cols = (name_cols,)
        missing = [c for c in (*name_cols, id_col, feature_type_col) if c and c not in gdf.columns]
        if missing:
            raise InputError(f"no column(s) {missing} in the frame", field=missing[0])
        if gdf.crs is None:
            raise CRSError("the frame has no CRS", field="geometry")
        if not gdf.crs.equals("EPSG:4326"):
            gdf = gdf.to_crs("EPSG:4326")
        geoms = gdf.geometry.to_numpy()
        paths = self._admin_paths(geoms) if admin and len(gdf) else None
        out: list[int] = []
        for i, row in enumerate(gdf.drop(columns=gdf.geometry.name).itertuples(index=False)):
            row = row._asdict() if hasattr(row, "_asdict") else dict(zip(gdf.columns, row))
            rd = dict(zip([c for c in gdf.columns if c != gdf.geometry.name], row.values()))
            spellings: list[str] = []
            for c in name_cols:
                v = rd.get(c)
                if isinstance(v, str):
                    spellings += [p.strip() for p in v.split("|") if p.strip()]
            bad = next((p for p in spellings if not _is_text(p)), None)
            if bad is not None:
                raise InputError(f"name {bad!r} holds a lone surrogate code point: not text", row=i,
                                 field=name_cols[0])
            g = geoms[i]
            if not spellings or g is None or g.is_empty:
                raise InputError("row has no name or no geometry", row=i,
                                 field=name_cols[0] if not spellings else "geometry")
            rid = rd.get(id_col) if id_col else None
            if rid is None:
                rid = f"{len(self)}" if source == "user" else str(i)
            src = str(rid) if str(rid).startswith(f"{source}:") else f"{source}:{rid}"
            gt = g.geom_type
            ftype = rd.get(feature_type_col) if feature_type_col else None
            if not isinstance(ftype, str) or not ftype:
                ftype = "locality" if gt == "Point" else ("line" if "Line" in gt else "area")
            prec = rd.get("precision") if isinstance(rd.get("precision"), str) else None
            if prec is None:
                prec = ("locality" if ftype == "locality" else "exact") if gt == "Point" else (
                    "linear" if "Line" in gt else {"adm1": "adm1", "adm2": "adm2", "adm3": "adm3",
                                                   "country": "country"}.get(ftype, "area"))
            rp = g if gt == "Point" else shapely.point_on_surface(g)
            pop = rd.get("population")
            e = {
                "source": src, "name": spellings[0], "feature_type": ftype,
                "klass": _klass_of(ftype), "country": rd.get("country") if isinstance(rd.get("country"), str) else None,
                "lat": round(rp.y, 6), "lon": round(rp.x, 6), "importance": 0.6 + 0.3 * (gt != "Point"),
                "precision": str(Precision.parse(prec)), "wkb": None if gt == "Point" else shapely.to_wkb(g),
                "uncertainty_km": rd.get("uncertainty_km") if isinstance(rd.get("uncertainty_km"), float) else (
                    5.0 if gt == "Point" else None),
                "feature_code": rd.get("feature_code") if isinstance(rd.get("feature_code"), str) else None,
                "population": None if pop is None or pop != pop else int(pop),
            }
            if paths is not None:
                e.update(paths[i])
                if e["country"] is None:
                    e["country"] = paths[i].get("_country")
            if e["feature_code"] is not None or e["population"] is not None:
                e["importance"] = _importance_of(e["feature_code"], e["population"])
            eid = len(self)
            for f in _ENTITY_FIELDS:
                self._e[f].append(e.get(f))
            seen: set[str] = set()
            ks, ss, es, kds = [], [], [], []
            for j, sp in enumerate(spellings):
                k = normalize(sp)
                if k and k not in seen:
                    seen.add(k)
                    ks.append(k)
                    ss.append(skeleton(k))
                    es.append(eid)
                    kds.append("name" if j == 0 else "alias")
            self._index_names(ks, ss, es, kds)
            if override:
                self._override.add(eid)
            out.append(eid)
        self._reset_caches()
        return out

    def _admin_paths(self, geoms) -> list[dict]:
        from .data import load_layer

        pts = np.array([g if g is None or g.geom_type == "Point" else shapely.point_on_surface(g)
                        for g in geoms], dtype=object)
        out: list[dict] = [{} for _ in range(len(pts))]
        for lvl in (1, 2, 3):
            layer = load_layer(f"adm{lvl}")
            tree = shapely.STRtree(layer.geometry.to_numpy())
            idx_in, idx_poly = tree.query(pts, predicate="intersects")
            codes = layer[f"adm{lvl}_code"].to_numpy()
            names = layer[f"adm{lvl}_name"].to_numpy()
            ctry = layer["country"].to_numpy()
            for i, j in sorted(zip(idx_in.tolist(), idx_poly.tolist()), key=lambda t: (t[0], codes[t[1]]), reverse=True):
                out[i][f"admin{lvl}_code"] = str(codes[j])
                out[i][f"admin{lvl}_name"] = str(names[j])
                out[i]["_country"] = str(ctry[j])
        dis = self._disputed_geom()
        for i, g in enumerate(geoms):
            if out[i].get("admin1_code"):
                out[i]["adm1_codes"] = out[i]["admin1_code"]
            out[i]["disputed"] = bool(dis is not None and g is not None and (
                shapely.contains(dis, g) if g.geom_type == "Point" else
                shapely.intersects(dis, g) and not shapely.touches(dis, g)))
        return out

    # ------------------------------------------------------------------ entity access

    def _geom(self, eid: int) -> BaseGeometry:
        g = self._geoms.get(eid)
        if g is None:
            w = self._wkb(eid)
            g = shapely.from_wkb(w) if w is not None else shapely.Point(self._e["lon"][eid], self._e["lat"][eid])
            self._geoms[eid] = g
        return g

    def _disputed_geom(self) -> BaseGeometry | None:
        for eid, _ in self._entries("disputed internal territories"):
            if self._e["source"][eid] == "disputed:DIT_core":
                return self._geom(eid)
        if "_dis" not in self._geoms:
            try:
                from .data import load_layer

                self._geoms["_dis"] = load_layer("disputed").geometry.iloc[0]  # type: ignore[index]
            except GeoIncidentsError:
                self._geoms["_dis"] = None  # type: ignore[index]
        return self._geoms["_dis"]  # type: ignore[index]

    def _disputed(self, geom: BaseGeometry) -> bool:
        dis = self._disputed_geom()
        if dis is None or geom is None or geom.is_empty:
            return False
        if geom.geom_type == "Point":
            return bool(shapely.contains(dis, geom))
        return bool(shapely.intersects(dis, geom) and not shapely.touches(dis, geom))

    def _candidate(self, c: _Cand) -> Candidate:
        e = self._e
        return Candidate(
            name=e["name"][c.eid], feature_type=e["feature_type"][c.eid], score=max(0.0, min(1.0, c.match)),
            source=e["source"][c.eid], lat=e["lat"][c.eid], lon=e["lon"][c.eid],
            admin1_name=e["admin1_name"][c.eid], admin2_name=e["admin2_name"][c.eid],
        )

    def _resolution(self, query: str, c: _Cand, status: Status, alts: list[_Cand], *,
                    precision: Precision | None = None, method: str | None = None,
                    score: float | None = None, uncertainty_km: float | None = None) -> Resolution:
        e, i = self._e, c.eid
        prec = precision or Precision(e["precision"][i])
        unc = uncertainty_km if uncertainty_km is not None else e["uncertainty_km"][i]
        return Resolution(
            query=query, status=status, name=e["name"][i], geometry=self._geom(i),
            feature_type=e["feature_type"][i],
            admin1_code=e["admin1_code"][i], admin1_name=e["admin1_name"][i],
            admin2_code=e["admin2_code"][i], admin2_name=e["admin2_name"][i],
            admin3_code=e["admin3_code"][i], admin3_name=e["admin3_name"][i],
            disputed=bool(e["disputed"][i]), score=round(max(0.0, min(1.0, score if score is not None else c.match)), 4),
            method=method or c.method, precision=prec, source=e["source"][i],
            alternatives=tuple(self._candidate(a) for a in alts), country=e["country"][i],
            uncertainty_km=None if unc is None else float(unc),
        )

    # ------------------------------------------------------------------ candidate generation

    def _exact(self, key: str, match_scale: float = 1.0) -> list[_Cand]:
        out = []
        for eid, kind in self._entries(key):
            out.append(_Cand(eid, _MATCH[kind] * match_scale, _METHOD[kind]))
        return out

    def _with_seats(self, cands: list[_Cand], key: str) -> list[_Cand]:
        """Exact candidates plus towns spelled differently inside an exactly matched unit.

        "Hawija" is an alias of the district Al-Hawiga; the town is spelled "Al Ḩawījah"
        (the key "hawijah"). The seat rule needs the town in the running.
        """
        e = self._e
        units = [c for c in cands if e["klass"][c.eid] in ("adm1", "adm2", "adm3")]
        if not units:
            return cands
        have = {c.eid for c in cands}
        extra = []
        for c in self._skeleton_cands(key):
            if c.eid in have or e["klass"][c.eid] != "locality" or c.match < 0.93:
                continue
            if any(self._contains(u.eid, c.eid) for u in units):
                c.seat = True
                extra.append(c)
        return cands + extra

    def _important_variants(self, key: str) -> list[_Cand]:
        """Same-skeleton spellings of governorates, countries and cities only (cheap filter
        on importance before any string comparison)."""
        if self._important is None:
            # Column-wise: which name rows point at an important entity, then their keys.
            e_imp = np.asarray([v or 0.0 for v in self._e["importance"]], dtype=float)
            big = e_imp >= 0.88
            keys = list(self._kpos)
            if len(self._n_eids):
                rows = np.flatnonzero(big[np.asarray(self._n_eids, dtype=np.int64)])
                kidx = np.unique(np.searchsorted(np.asarray(self._bounds[1:]), rows, side="right"))
            else:
                kidx = np.zeros(0, dtype=np.int64)
            picked = [keys[i] for i in kidx.tolist()]
            picked += [k for k, ents in self._extra.items()
                       if any(big[eid] for eid, _ in self._entries(k))]
            imp: dict[str, list[str]] = {}
            for k in dict.fromkeys(picked):
                imp.setdefault(skeleton(k), []).append(k)
            self._important = {sk: tuple(v) for sk, v in imp.items()}
        keys = self._important.get(skeleton(key))
        if not keys:
            return []
        vq = _vfold(key)
        out = []
        for k in keys:
            sim = max(fuzz.ratio(key, k), fuzz.ratio(vq, _vfold(k))) / 100.0
            for eid, kind in self._entries(k):
                out.append(_Cand(eid, (0.55 + 0.42 * sim) * (1.0 if kind != "core" else 0.98), "transliteration", sim=sim))
        return out

    def _skeleton_cands(self, key: str) -> list[_Cand]:
        out = []
        sk = skeleton(key)
        vq = _vfold(key)
        for k in self._by_skel.get(sk, ()):
            # Same skeleton; the vowels (folded to a/i/u) tell "Tooz" (Tuz) from "Taza".
            sim = max(fuzz.ratio(key, k), fuzz.ratio(vq, _vfold(k))) / 100.0
            m = 0.55 + 0.42 * sim
            for eid, kind in self._entries(k):
                out.append(_Cand(eid, m * (1.0 if kind != "core" else 0.98), "transliteration", sim=sim))
        return out

    def _deletion_index(self) -> tuple[array, array, list[str], list[str], list[str]]:
        """SymSpell-style index over the vowel-class folded keys, as sorted hash arrays.

        Every folded key (spaces removed) and each one-letter deletion of it is hashed; two
        spellings within one edit (deletion, insertion or substitution) share a hash, so a
        query costs ``len(key) + 1`` binary searches instead of a scan over all names. The
        variants are generated column-wise with pyarrow and hashed with Python's string hash,
        so the index builds in about a second and takes ~12 bytes per entry.
        """
        if self._deletes is None:
            import pyarrow as pa
            import pyarrow.compute as pc

            keys = list(self._kpos)
            base = self._folded_loader() if self._folded_loader is not None else None
            folded = base if base is not None and len(base) == len(keys) else [_vfold(k) for k in keys]
            extra = [k for k in self._extra if k not in self._kpos]
            keys += extra
            folded = list(folded) + [_vfold(k) for k in extra]
            arr = pc.replace_substring(pa.array(folded, pa.string()), " ", "")
            lens = pc.utf8_length(arr).to_numpy(zero_copy_only=False)
            hs = [_hash_strings(arr.to_pylist())]
            ids = [np.arange(len(keys), dtype=np.int32)]
            for j in range(int(lens.max()) if len(lens) else 0):
                sel = np.flatnonzero((lens > j) & (lens >= 4))
                if not len(sel):
                    continue
                sub = arr.take(pa.array(sel))
                var = pc.binary_join_element_wise(pc.utf8_slice_codeunits(sub, 0, j),
                                                  pc.utf8_slice_codeunits(sub, j + 1, 1 << 20), "")
                hs.append(_hash_strings(var.to_pylist()))
                ids.append(sel.astype(np.int32))
            h = np.concatenate(hs)
            i = np.concatenate(ids)
            order = np.argsort(h, kind="stable")
            # Flat typed arrays (8 + 4 bytes per entry, nothing for the GC to walk); bisect
            # works on them directly.
            sbase = self._skel_loader() if self._skel_loader is not None else None
            skels = (list(sbase) if sbase is not None and len(sbase) == len(self._kpos)
                     else [skeleton(k) for k in self._kpos]) + [skeleton(k) for k in extra]
            self._deletes = (array("q", h[order].tobytes()), array("i", i[order].astype(np.int32).tobytes()),
                             keys, folded, skels)
        return self._deletes

    def _approx_cands(self, key: str, limit: int = 12) -> list[_Cand]:
        """Spelling variants: same skeleton ("transliteration") or one edit away ("fuzzy").

        Candidates come from the skeleton dict (small buckets only) and the deletion index
        (no scan over all names); each is scored by the better of rapidfuzz ``ratio`` on the
        keys and on the vowel-class folded keys, so "Tooz Khormato" is closer to "Tuz
        Khurmatu" than to "Taza Khormato" although all three share a skeleton.
        :meth:`_prefetch_approx` computes the same answers for a whole batch column-wise.
        """
        memo = self._approx_memo
        if memo is not None:
            hit = memo.get((key, limit))
            if hit is not None:
                return [_Cand(eid, m, method, sim=sim) for eid, m, method, sim in hit]
        vq = _vfold(key)
        sk = skeleton(key)
        same = self._by_skel.get(sk, ())
        if 0 < len(same) <= 64:
            # Cheap first tier, always applied (answers must not depend on what was built
            # before): a spelling with the same skeleton and the same vowel classes ("Tooz
            # Khormato") needs no deletion index (which takes a second to build).
            sims = _pair_sims([key] * len(same), same, [vq] * len(same), [_vfold(k) for k in same])
            quick = self._score_sorted(list(same), sims, set(same), [sk] * len(same), sk, limit)
            if quick and quick[0].sim >= 0.97:
                return quick
        H, ids, keys, folded, skels = self._deletion_index()
        v = vq.replace(" ", "")
        variants = {v} | ({v[:j] + v[j + 1:] for j in range(len(v))} if len(v) >= 4 else set())
        # Plain-Python binary search: for a dozen probes it beats numpy's per-call overhead.
        n = len(H)
        found: set[int] = set()
        for h in map(hash, variants):
            a = bisect_left(H, h)
            if a < n and H[a] == h:
                found.update(ids[a:bisect_right(H, h, a)])
        klist, flist, slist, same_set = self._found_lists(sorted(found), same, sk)
        sims = _pair_sims([key] * len(klist), klist, [vq] * len(klist), flist)
        return self._score_sorted(klist, sims, same_set, slist, sk, limit)

    def _found_lists(self, found: list[int], same: tuple[str, ...], sk: str):
        _, _, keys, folded, skels = self._deletion_index()
        same_set = set(same) if len(same) <= 64 else set()
        klist = [keys[i] for i in found]
        flist = [folded[i] for i in found]
        slist = [skels[i] for i in found]
        if same_set:
            kset = set(klist)
            for k in same:
                if k not in kset:
                    klist.append(k)
                    flist.append(_vfold(k))
                    slist.append(sk)
        return klist, flist, slist, same_set

    def _score_sorted(self, klist, sims, same_set, slist, sk, limit) -> list[_Cand]:
        if not klist:
            return []
        order = sorted(range(len(klist)), key=lambda i: -sims[i])[:limit]
        out = []
        entries = self._entries
        for i in order:
            sim = sims[i]
            if sim < 0.6:
                break
            k = klist[i]
            method = "transliteration" if k in same_set or slist[i] == sk else "fuzzy"
            for eid, kind in entries(k):
                out.append(_Cand(eid, (0.55 + 0.42 * sim) * (1.0 if kind != "core" else 0.98), method, sim=sim))
        return out

    def _top_flat(self, spans, qa, ka, va, fa, skel_info, limit):
        """Per span (query), the candidates :meth:`_score_sorted` would give, computed on the
        flat pair arrays: similarities in one call, top-``limit`` by one stable lexsort."""
        if not spans:
            return
        sims = np.asarray(_pair_sims(qa, ka, va, fa), dtype=float)
        starts = np.asarray([a for _, a, _ in spans], dtype=np.int64)
        lens = np.asarray([b - a for _, a, b in spans], dtype=np.int64)
        n = len(sims)
        grp = np.repeat(np.arange(len(spans)), lens)
        # by query, then similarity descending, then original position (= sorted()'s stability)
        order = np.lexsort((np.arange(n), -sims, grp))
        rank = np.arange(n) - np.repeat(starts, lens)
        keep = (rank < limit) & (sims[order] >= 0.6)
        sel = order[keep].tolist()
        sel_grp = grp[order[keep]].tolist()
        simsl = sims.tolist()
        entries = self._entries
        out: dict[int, list[tuple]] = {}
        for i, g in zip(sel, sel_grp):
            qi = spans[g][0]
            sim = simsl[i]
            k = ka[i]
            if skel_info is None:
                method = "transliteration"  # tier 1: same skeleton by construction
            else:
                sa, sets, qsk = skel_info
                method = "transliteration" if k in sets[qi] or sa[i] == qsk[qi] else "fuzzy"
            lst = out.setdefault(qi, [])
            m = 0.55 + 0.42 * sim
            for eid, kind in entries(k):
                lst.append((eid, m * (1.0 if kind != "core" else 0.98), method, sim))
        for qi, _, _ in spans:
            yield qi, out.get(qi, [])

    def _prefetch_approx(self, qkeys: Iterable[str], limit: int = 12) -> dict:
        """:meth:`_approx_cands` for many keys at once, column-wise (same answers).

        The skeleton tier and the deletion-index probes of every key are gathered into flat
        arrays: one ``searchsorted`` over the index for all probes, one rapidfuzz ``cpdist``
        call per tier for all (query, candidate) pairs; only the final top-``limit`` cut per
        key is a small Python step. Returns ``{(key, limit): ((eid, match, method, sim), ...)}``.
        """
        if self._fz is not None and limit == 12:
            # the flat tables are there (a batch built them): the column-wise variant search
            from ._fuzzy import approx_memo

            return approx_memo(self, list(qkeys))
        info = [(k, _vfold(k), skeleton(k)) for k in dict.fromkeys(qkeys) if k]
        if not info:
            return {}
        by_skel = self._by_skel
        H, ids, keys, folded, skels = self._deletion_index()
        kpos = self._kpos

        def fold(k: str) -> str:
            j = kpos.get(k)
            return folded[j] if j is not None else _vfold(k)

        done: dict[int, list[tuple]] = {}
        # Tier 1: same skeleton (small buckets), as in _approx_cands.
        qa: list[str] = []
        ka: list[str] = []
        va: list[str] = []
        fa: list[str] = []
        spans = []
        for qi, (k, vq, sk) in enumerate(info):
            same = by_skel.get(sk, ())
            if 0 < len(same) <= 64:
                a = len(ka)
                ka.extend(same)
                fa.extend(map(fold, same))
                qa.extend([k] * len(same))
                va.extend([vq] * len(same))
                spans.append((qi, a, len(ka)))
        for qi, cands in self._top_flat(spans, qa, ka, va, fa, None, limit):
            if cands and cands[0][3] >= 0.97:
                done[qi] = cands
        # Tier 2: the deletion index, all probes in one searchsorted.
        rest = [qi for qi in range(len(info)) if qi not in done]
        if rest:
            hv: list[int] = []
            lab: list[int] = []
            for qi in rest:
                v = info[qi][1].replace(" ", "")
                variants = {v} | ({v[:j] + v[j + 1:] for j in range(len(v))} if len(v) >= 4 else set())
                hv.extend(map(hash, variants))
                lab.extend([qi] * len(variants))
            Hn = np.frombuffer(H, dtype=np.int64)
            In = np.frombuffer(ids, dtype=np.int32)
            h = np.asarray(hv, dtype=np.int64)
            lo = np.searchsorted(Hn, h, "left")
            cnt = np.searchsorted(Hn, h, "right") - lo
            pos = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt) + np.repeat(lo, cnt)
            width = len(keys) + 1
            pair = np.unique(np.repeat(np.asarray(lab, dtype=np.int64), cnt) * width + In[pos])
            pq, pk = np.divmod(pair, width)
            cut = np.searchsorted(pq, np.asarray(rest, dtype=np.int64), "left").tolist() + [len(pq)]
            pk_list = pk.tolist()
            qa, ka, va, fa, sa = [], [], [], [], []
            spans = []
            sets = {}
            for j, qi in enumerate(rest):
                k, vq, sk = info[qi]
                klist, flist, slist, same_set = self._found_lists(pk_list[cut[j]:cut[j + 1]],
                                                                  by_skel.get(sk, ()), sk)
                a = len(ka)
                ka.extend(klist)
                fa.extend(flist)
                sa.extend(slist)
                qa.extend([k] * len(klist))
                va.extend([vq] * len(klist))
                spans.append((qi, a, len(ka)))
                sets[qi] = same_set
            qsk = {qi: info[qi][2] for qi in rest}
            for qi, cands in self._top_flat(spans, qa, ka, va, fa, (sa, sets, qsk), limit):
                done[qi] = cands
        return {(info[qi][0], limit): tuple(cands) for qi, cands in done.items()}

    # ------------------------------------------------------------------ ranking

    def _rank(self, cands: list[_Cand], *, classes: tuple[str, ...], ctx: dict | None,
              feature_types: frozenset[str] | None, context_mode: bool = False) -> list[_Cand]:
        e = self._e
        best: dict[int, _Cand] = {}
        for c in cands:
            if feature_types is not None and e["feature_type"][c.eid] not in feature_types \
                    and e["klass"][c.eid] not in feature_types:
                continue
            prev = best.get(c.eid)
            if prev is None or c.match > prev.match:
                best[c.eid] = c
        out = list(best.values())
        strong = [g for g in classes if g not in _WEAK_CLASSES]
        for c in out:
            k = e["klass"][c.eid]
            imp = (_CONTEXT_IMPORTANCE.get(k, 0.5) if context_mode else (e["importance"][c.eid] or 0.5))
            # For a spelling variant, how close the spelling is matters more than how big the
            # place is: "Kuwyat" is the village Kuwayt, not the city of Al-Kut.
            w = _IMPORTANCE_WEIGHT if c.method in ("exact", "alias") or c.seat else _IMPORTANCE_WEIGHT_APPROX
            r = c.match + w * imp + _COUNTRY_PRIOR.get(e["country"][c.eid] or "", -0.05)
            if classes:
                fits = any(class_fits(g, k) for g in classes)
                c.fits = fits
                if strong:
                    r += 0.3 if fits else -0.3
                else:
                    r += 0.08 if fits else -0.08
            if ctx is not None:
                r += 0.4 if self._inside(c.eid, ctx) else -0.4
            if c.eid in self._override:
                r += 1.0
            c.rank = r
        if not strong and not context_mode:
            self._seat_rule(out)
        out.sort(key=lambda c: (-c.rank, e["source"][c.eid]))
        return out

    def _seat_rule(self, cands: list[_Cand]) -> None:
        # A town inside the admin unit that carries its name is what a bare name means.
        e = self._e
        units = [c for c in cands if e["klass"][c.eid] in ("adm1", "adm2", "adm3")]
        if not units:
            return
        for c in cands:
            if e["klass"][c.eid] != "locality" or e["importance"][c.eid] < 0.55:
                continue
            for u in units:
                lvl = e["klass"][u.eid][-1]
                if lvl == "1" and e["importance"][c.eid] < 0.8:
                    continue  # a governorate's namesake is its capital city, not a village
                if (e[f"admin{lvl}_code"][c.eid] == e[f"admin{lvl}_code"][u.eid]
                        and c.match >= max(0.93, u.match - 0.05)):
                    # Above the unit, and the more important of two towns stays ahead.
                    c.rank = max(c.rank, u.rank + 0.04 + 0.05 * (e["importance"][c.eid] or 0.5))

    def _inside(self, eid: int, ctx: dict) -> bool:
        e = self._e
        level, codes = ctx["level"], ctx["codes"]
        if level == "any":
            return any(self._inside(eid, p) for p in ctx["parts"])
        if level == "near":
            # Degrees of longitude are short at these latitudes: measure in km.
            a, b = shapely.ops.nearest_points(self._geom(eid), ctx["geom"])
            return _km(a.y, a.x, b.y, b.x) <= ctx["km"]
        if level == "country":
            return e["country"][eid] in codes
        if level in ("adm1", "region"):
            if e["admin1_code"][eid] in codes:
                return True
            many = e["adm1_codes"][eid]
            return bool(many) and any(x in codes for x in many.split("|"))
        code = e[f"admin{level[-1]}_code"][eid]
        if code in codes:
            return True
        if self._wkb(eid) is not None:
            return bool(shapely.intersects(self._geom(eid), ctx["geom"]))
        return False

    def _contains(self, unit: int, eid: int) -> bool:
        """True when ``unit`` is an admin unit holding ``eid`` (a seat and its district)."""
        e = self._e
        k = e["klass"][unit]
        if k not in ("adm1", "adm2", "adm3"):
            return False
        lvl = k[-1]
        return e[f"admin{lvl}_code"][eid] is not None and e[f"admin{lvl}_code"][eid] == e[f"admin{lvl}_code"][unit]

    def _same_place(self, a: int, b: int) -> bool:
        e = self._e
        if e["source"][a] == e["source"][b]:
            return True
        ka, kb = e["klass"][a], e["klass"][b]
        if ka != kb and not (ka == "locality" or kb == "locality"):
            return False
        return _km(e["lat"][a], e["lon"][a], e["lat"][b], e["lon"][b]) <= _SAME_PLACE_KM

    def _decide(self, query: str, ranked: list[_Cand], classes: tuple[str, ...], k: int = 5) -> Resolution:
        if not ranked:
            return Resolution(query=query, status="unresolved")
        top = ranked[0]
        others = [c for c in ranked[1:12] if not self._same_place(top.eid, c.eid)]
        alts = others[: k - 1] if k > 1 else []
        if top.sim < _SIM_UNRESOLVED:
            return Resolution(query=query, status="unresolved", method=top.method,
                              alternatives=tuple(self._candidate(c) for c in ranked[:k]))
        strong = [g for g in classes if g not in _WEAK_CLASSES]
        precision = None
        unc = None
        score = top.match
        if strong and not top.fits:
            # "Ţūzkhūrmātū air base" with no base of that name: the town, honestly coarser.
            if self._e["klass"][top.eid] == "locality":
                precision, unc = Precision.NEAR, 25.0
            score *= 0.85
        status: Status = "resolved"
        rivals = [c for c in others if not self._contains(c.eid, top.eid)]
        # A spelling variant is only an answer when the spelling tells it apart: if another
        # place is spelled (almost) as closely, importance alone must not make it confident.
        variant = top.method in ("transliteration", "fuzzy") and not top.seat
        minor = (self._e["importance"][top.eid] or 0.5) < _MINOR_IMPORTANCE
        gap = _TIE_GAP_MINOR if minor else _TIE_GAP
        # Closeness on the match, in similarity units (0.42 per unit of similarity): a rival
        # matched only through its core name ("Mosul Dam" by "mosul") is less close than a
        # rival spelled the same in full.
        tied = variant and ((minor and top.sim < _SIM_MINOR)
                            or any(c.match >= top.match - 0.42 * gap for c in rivals[:8]))
        if (rivals and top.rank - rivals[0].rank < _AMBIGUOUS_MARGIN and top.eid not in self._override) \
                or top.sim < _SIM_RESOLVED or (tied and top.eid not in self._override):
            status = "ambiguous"
            score *= 0.7
        return self._resolution(query, top, status, alts, precision=precision, score=score,
                                uncertainty_km=unc)

    # ------------------------------------------------------------------ public API

    def _check(self, name, field: str = "name", row: int | None = None) -> str:
        if not isinstance(name, str):
            raise InputError(f"expected a place name as str, got {type(name).__name__}", field=field, row=row)
        return name

    def _context(self, within, *, strict: bool = True) -> dict | None:
        """Admin context from an area name (``within="Kirkuk"`` is the governorate)."""
        if within is None:
            return None
        if isinstance(within, dict):
            return within
        if isinstance(within, Resolution):
            r = within
        else:
            self._check(within, "within")
            key = normalize(within)
            if key in self._ctx_cache:
                ctx = self._ctx_cache[key]
                if ctx is None and strict:
                    raise InputError(f"unknown area {within!r}", field="within")
                return ctx
            words = [w for w in key.split() if w not in DIRECTIONAL_WORDS]
            text = " ".join(words) or key
            core, classes = split_generic(text)
            cands = self._exact(text) or self._exact(core) or self._skeleton_cands(text) or self._skeleton_cands(core)
            ranked = self._rank(cands, classes=classes, ctx=None, feature_types=None, context_mode=True)
            r = self._decide(within, ranked, classes) if ranked else None
            if r is not None and r.status == "unresolved":
                r = None
            self._ctx_cache[key] = None if r is None else self._ctx_from(r)
            if r is None:
                if strict:
                    raise InputError(f"unknown area {within!r}", field="within")
                return None
            return self._ctx_cache[key]
        return self._ctx_from(r)

    def _ctx_from(self, r: Resolution) -> dict:
        ft = r.feature_type or ""
        if ft in ("adm1", "adm2", "adm3"):
            lvl = ft[-1]
            return {"level": ft, "codes": {getattr(r, f"admin{lvl}_code")}, "geom": r.geometry, "name": r.name}
        if ft == "country":
            return {"level": "country", "codes": {r.country}, "geom": r.geometry, "name": r.name}
        if ft == "region" and r.source and r.source.startswith(("region:", "kri:")):
            eid = self._eid_of(r.source)
            codes = set((self._e["adm1_codes"][eid] or "").split("|")) if eid is not None else set()
            if codes - {""}:
                return {"level": "region", "codes": codes, "geom": r.geometry, "name": r.name}
        # A town or landmark as context: its district.
        if r.admin2_code:
            return {"level": "adm2", "codes": {r.admin2_code}, "geom": r.geometry.buffer(0.25), "name": r.name}
        return {"level": "adm1", "codes": {r.admin1_code}, "geom": r.geometry, "name": r.name}

    def _eid_of(self, source: str) -> int | None:
        if self._src_pos is None:
            self._src_pos = {s: i for i, s in enumerate(self._e["source"])}
        return self._src_pos.get(source)

    def resolve(self, name: str, *, within: str | None = None,
                feature_types: Iterable[str] | None = None) -> Resolution:
        """Resolve one place name or description to a :class:`Resolution`.

        ``within`` is an area name used as admin context ("Kirkuk" = the governorate,
        "Hawija district", "Syria"); an unknown area raises :class:`InputError`.
        ``feature_types`` restricts answers to those feature types or classes (e.g.
        ``{"locality"}``, ``{"adm2"}``, ``{"river", "mountain_range"}``).
        Total over strings: any ``str`` gives a Resolution (longer than
        :data:`MAX_QUERY_CHARS` -> ``unresolved``); a non-string raises :class:`InputError`.
        """
        self._check(name)
        ctx = self._context(within)
        ft = None if feature_types is None else frozenset(
            [feature_types] if isinstance(feature_types, str) else feature_types)
        return self._resolve(name, ctx, ft)

    def _resolve(self, name: str, ctx: dict | None, ft: frozenset[str] | None) -> Resolution:
        ck = (name, None if ctx is None else (ctx["level"], tuple(sorted(ctx["codes"], key=str))), ft)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit
        r = self._resolve_uncached(name, ctx, ft)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[ck] = r
        return r

    def _resolve_uncached(self, name: str, ctx, ft) -> Resolution:
        if len(name) > MAX_QUERY_CHARS:
            return Resolution(query=name, status="unresolved")
        key = normalize(name)
        if not key:
            return Resolution(query=name, status="unresolved")
        if not self._has_key(key):
            from .composite import parse_composite

            r = parse_composite(self, name, ctx, ft)
            if r is not None:
                return r if r.query == name else replace(r, query=name)
        return self._resolve_simple(name, ctx, ft)

    def _resolve_simple(self, name: str, within, feature_types, k: int = 5) -> Resolution:
        ctx = self._context(within, strict=False) if not isinstance(within, dict) else within
        ft = None if feature_types is None else frozenset(
            [feature_types] if isinstance(feature_types, str) else feature_types)
        key = normalize(name)
        if not key:
            return Resolution(query=name, status="unresolved")
        core, classes = split_generic(key)
        ranked = self._stages(key, core, classes, ctx, ft)
        if not ranked:
            words = [w for w in key.split() if w not in DIRECTIONAL_WORDS]
            if words and len(words) < len(key.split()):
                key2 = " ".join(words)
                core, classes = split_generic(key2)
                ranked = self._stages(key2, core, classes, ctx, ft)
        return self._decide(name, ranked, classes, k)

    def _stage_one(self, key: str, core: str, classes: tuple[str, ...]) -> list[_Cand]:
        cands = self._exact(key) + (self._exact(core, 0.99) if core and core != key else [])
        cands = self._with_seats(cands, core or key)
        if not cands:
            return cands
        # A governorate or city spelled differently ("Wasit" for Wassit, a village's exact
        # name) and, when a generic word asks for a class no exact match has ("Sulaiman Bek
        # sub-district"), units of that class spelled differently.
        e = self._e
        strong = [g for g in classes if g not in _WEAK_CLASSES]
        need = strong and not any(class_fits(g, e["klass"][c.eid]) for c in cands for g in strong)
        have = {c.eid for c in cands}
        pool = self._approx_cands(core or key) if need else self._important_variants(core or key)
        for c in pool:
            if c.eid in have or c.sim < 0.85:
                continue
            if (e["importance"][c.eid] or 0) >= 0.88 or (need and any(class_fits(g, e["klass"][c.eid]) for g in strong)):
                cands.append(c)
                have.add(c.eid)
        return cands

    def _stages(self, key, core, classes, ctx, ft) -> list[_Cand]:
        for gen in (
            lambda: self._stage_one(key, core, classes),
            lambda: self._approx_cands(key) + (self._approx_cands(core) if core and core != key else []),
        ):
            cands = gen()
            if cands:
                ranked = self._rank(cands, classes=classes, ctx=ctx, feature_types=ft)
                if ranked:
                    if ctx is not None and not any(self._inside(c.eid, ctx) for c in ranked[:12]):
                        # No exact match lies in the context: a close spelling inside it is
                        # the likelier place ("Bashir" south of Kirkuk is Bayshīr there).
                        near = [c for c in self._approx_cands(core or key) if c.sim >= 0.85
                                and self._inside(c.eid, ctx)]
                        if near:
                            ranked = self._rank(cands + near, classes=classes, ctx=ctx, feature_types=ft)
                    return ranked
        return []

    def candidates(self, name: str, k: int = 5, *, within: str | None = None) -> list[Candidate]:
        """The ``k`` best candidates for ``name``, best first (exact, skeleton and fuzzy)."""
        self._check(name)
        if not isinstance(k, int) or k < 1:
            raise InputError("k must be a positive integer", field="k")
        ctx = self._context(within)
        key = normalize(name[:MAX_QUERY_CHARS])
        if not key:
            return []
        core, classes = split_generic(key)
        cands = self._exact(key) + self._exact(core, 0.99) + self._approx_cands(key, limit=max(k, 12))
        ranked = self._rank(cands, classes=classes, ctx=ctx, feature_types=None)
        out: list[_Cand] = []
        for c in ranked:
            if not any(self._same_place(c.eid, o.eid) and self._e["klass"][c.eid] == self._e["klass"][o.eid]
                       for o in out):
                out.append(c)
            if len(out) == k:
                break
        return [self._candidate(c) for c in out]

    def resolve_many(self, names, *, within: str | None = None, progress: bool = True,
                     feature_types: Iterable[str] | None = None):
        """Resolve a sequence of names; a GeoDataFrame in input order, one row per input.

        Columns are :data:`RESOLVE_MANY_COLUMNS` (EPSG:4326). Missing values (``None``, NaN)
        come back as ``unresolved`` rows; anything else that is not a string raises
        :class:`InputError` naming the row. Repeated names are resolved once: the distinct
        strings are resolved (with a tqdm progress bar unless ``progress=False``) and the
        answers are spread back with array indexing. Text columns have dtype ``object``.
        """
        import geopandas as gpd
        import pandas as pd
        from tqdm.auto import tqdm

        if isinstance(names, str):
            raise InputError("resolve_many expects a sequence of names; use resolve() for one", field="names")
        arr = pd.Series(list(names) if not isinstance(names, (pd.Series, np.ndarray)) else names, dtype=object).to_numpy()
        codes, uniques = _factorize(arr)
        ctx = self._context(within)
        ft = None if feature_types is None else frozenset(
            [feature_types] if isinstance(feature_types, str) else feature_types)
        results: list[Resolution | None] = [None] * len(uniques)
        fast: dict | None = None
        # The batch allocates many short-lived objects and keeps its answers: the cyclic GC
        # would traverse them again and again for nothing (geoincidents/_gc.py).
        with gc_paused():
            try:
                with tqdm(total=len(uniques), disable=not progress, desc="resolving", unit="name") as bar:
                    slow = list(range(len(uniques)))
                    if ctx is None and ft is None and len(uniques) >= 32:
                        # Plain misspellings of the whole batch column-wise (same answers as the
                        # per-name path, see geoincidents/_fuzzy.py); composites found on the way
                        # are kept.
                        slow, fast_js, fast_keys = self._split_batch(uniques, results)
                        if fast_js:
                            from ._fuzzy import resolve_keys

                            at = {k: i for i, k in enumerate(dict.fromkeys(fast_keys))}
                            fast = {"js": np.asarray(fast_js, dtype=np.int64),
                                    "at": np.asarray([at[k] for k in fast_keys], dtype=np.int64),
                                    **resolve_keys(self, list(at))}
                        bar.update(len(uniques) - len(slow))
                    if len(slow) >= 4:
                        # Spelling variants of the rest in a few array operations; the per-name
                        # loop below then finds its fuzzy candidates ready (same answers either way).
                        # From 4 names on this costs less than their variants one by one (measured).
                        self._approx_memo = self._prefetch_approx(self._batch_keys([uniques[j] for j in slow]))
                    for j in slow:
                        u = uniques[j]
                        if not isinstance(u, str):
                            row = int(np.flatnonzero(codes == j)[0])
                            raise InputError(f"expected a place name as str, got {type(u).__name__}", row=row, field="name")
                        results[j] = self._resolve(u, ctx, ft)
                        bar.update(1)
            finally:
                self._approx_memo = None
        blank = Resolution(query="", status="unresolved")
        results.append(blank)  # position -1: the missing-value sentinel of the factorisation
        take = np.where(codes < 0, len(results) - 1, codes) if (codes < 0).any() else codes
        cols = self._batch_columns(results, fast)
        cols = {"query": arr, **{c: v[take] for c, v in cols.items()}}
        index = names.index if isinstance(names, pd.Series) else pd.RangeIndex(len(arr))
        # object dtype on purpose: converting a million strings to pandas' arrow-backed "str"
        # dtype costs more than the whole resolution of repeated names.
        data = {c: pd.Series(v, index=index, dtype=(v.dtype if v.dtype != object else object), copy=False)
                for c, v in cols.items() if c != "geometry"}
        data["geometry"] = gpd.GeoSeries(cols["geometry"], index=index, crs="EPSG:4326")
        return gpd.GeoDataFrame(data, geometry="geometry", crs="EPSG:4326", copy=False)

    def _split_batch(self, uniques, results: list) -> tuple[list[int], list[int], list[tuple]]:
        """Which distinct names the column-wise fuzzy path answers: strings whose key and core
        are not in the index, with at most weak generic words ("village"), no directional word
        and no composite form; as ``(key, core, classes)``.
        Composites met on the way are answered here (into ``results``) as ``resolve`` would."""
        from .composite import may_be_composite, parse_composite

        slow: list[int] = []
        fast_js: list[int] = []
        fast_keys: list[str] = []
        # New spellings: normalised together and not through the memo tables (no use filling them).
        ok = [j for j, u in enumerate(uniques) if isinstance(u, str) and len(u) <= MAX_QUERY_CHARS]
        if len(ok) < len(uniques):
            slow.extend(sorted(set(range(len(uniques))).difference(ok)))
        keys, cleaned = normalize_many([uniques[j] for j in ok], with_clean=True)
        kpos, extra = self._kpos, self._extra
        # A plain ASCII key (no generic, article or directional word) is its own core, with
        # no class: settled by one set test instead of split_key.
        stop = split_words() | DIRECTIONAL_WORDS
        for j, key, c in zip(ok, keys, cleaned):
            if not key or key in kpos or key in extra:
                slow.append(j)
                continue
            words = key.split()
            if key.isascii() and stop.isdisjoint(words):
                core, classes = key, ()
            else:
                core, classes = split_key(key)
                if (core != key and core and self._has_key(core)) or not _WEAK_CLASSES.issuperset(classes) \
                        or not DIRECTIONAL_WORDS.isdisjoint(words):
                    slow.append(j)
                    continue
            u = uniques[j]
            if may_be_composite(u, c):
                r = parse_composite(self, u, None, None)
                if r is not None:
                    results[j] = r if r.query == u else replace(r, query=u)
                    continue
            fast_js.append(j)
            fast_keys.append((key, core, classes))
        slow.sort()  # input order, as the per-name loop met them before
        return slow, fast_js, fast_keys

    def _geoms_of(self, eids: list[int]) -> list[BaseGeometry]:
        """Geometries of many entities; the ones not decoded yet in one vectorised call."""
        todo = [i for i in dict.fromkeys(eids) if i not in self._geoms]
        if todo:
            self._wkb(todo[0])  # reads the bundled WKB column on first use
            wkb = self._e["wkb"]
            has = np.asarray([wkb[i] is not None for i in todo], dtype=bool)
            geoms = np.empty(len(todo), dtype=object)
            if has.any():
                geoms[has] = shapely.from_wkb(np.asarray([wkb[i] for i, h in zip(todo, has.tolist()) if h], dtype=object))
            if not has.all():
                idx = np.asarray(todo, dtype=np.int64)[~has]
                lon = np.asarray([self._e["lon"][i] for i in idx.tolist()], dtype=float)
                lat = np.asarray([self._e["lat"][i] for i in idx.tolist()], dtype=float)
                geoms[~has] = shapely.points(lon, lat)
            self._geoms.update(zip(todo, geoms.tolist()))
        return [self._geoms[i] for i in eids]

    def _batch_columns(self, results: list, fast: dict | None) -> dict[str, np.ndarray]:
        """One array per output column over the distinct names (+ the blank sentinel):
        per-name answers field by field, the column-wise fuzzy answers by entity."""
        from .precision import Precision

        n = len(results)
        names = [c for c in RESOLVE_MANY_COLUMNS if c != "query"]
        out = {c: np.empty(n, dtype=object) for c in names}
        out["score"] = np.zeros(n)
        out["uncertainty_km"] = np.full(n, np.nan)
        per = [j for j, r in enumerate(results) if r is not None]
        alt_json = self._alt_json
        for c in names:
            if c == "alternatives":
                vals = [alt_json(results[j].alternatives) for j in per]
            elif c == "precision":
                vals = [str(results[j].precision) for j in per]
            elif c == "uncertainty_km":
                vals = [np.nan if results[j].uncertainty_km is None else results[j].uncertainty_km for j in per]
            else:
                vals = [getattr(results[j], c) for j in per]
            if c in ("score", "uncertainty_km"):
                out[c][per] = vals
            else:
                col = np.empty(len(per), dtype=object)
                col[:] = vals
                out[c][per] = col
        if fast is not None and len(fast["js"]):
            js, at = fast["js"], fast["at"]
            for c in ("status", "method", "score"):
                out[c][js] = fast[c][at]
            alts = np.empty(len(fast["alternatives"]), dtype=object)
            alts[:] = fast["alternatives"]
            out["alternatives"][js] = alts[at]
            ok = fast["has_top"][at]
            tj = js[ok]
            te_arr = fast["eid"][at][ok]
            te = te_arr.tolist()
            tables = self._fuzzy_tables()
            for c in ("name", "feature_type", "admin1_code", "admin1_name", "admin2_code", "admin2_name",
                      "admin3_code", "admin3_name", "source", "country", "disputed", "precision", "uncertainty_km"):
                out[c][tj] = tables.column(self, c)[te_arr]
            col = np.empty(len(te), dtype=object)
            col[:] = self._geoms_of(te)
            out["geometry"][tj] = col
            un = js[~ok]
            out["precision"][un] = str(Precision.UNKNOWN)
        import geopandas as gpd

        out["geometry"] = gpd.array.from_shapely(out["geometry"], crs="EPSG:4326")
        return out

    def _batch_keys(self, uniques) -> list[str]:
        """The keys a batch will look up spelling variants for: names not in the index, and
        their cores without the generic word."""
        out = []
        for u in uniques:
            if not isinstance(u, str) or len(u) > MAX_QUERY_CHARS:
                continue
            key = normalize(u)
            if not key or self._has_key(key):
                continue
            out.append(key)
            core, _ = split_generic(key)
            if core and core != key:
                out.append(core)
        return out

    def _alt_json(self, alts: tuple[Candidate, ...]) -> str:
        if not alts:
            return "[]"
        return json.dumps([a.to_dict() for a in alts], ensure_ascii=False)

    def reverse(self, point, *, max_km: float | None = None) -> Resolution:
        """The nearest named place (town or village) to ``point``, with its admin path.

        ``point`` is a shapely Point (x=lon, y=lat) or a ``(lat, lon)`` pair. With ``max_km``,
        a point farther than that from every place is ``unresolved``. ``uncertainty_km`` is
        the distance to the place; ``query`` is ``"lat,lon"``.
        """
        if isinstance(point, shapely.Point):
            lat, lon = point.y, point.x
        else:
            try:
                lat, lon = (float(v) for v in point)
            except (TypeError, ValueError):
                raise InputError("reverse expects a shapely Point or a (lat, lon) pair", field="point") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat != lat or lon != lon:
            raise InputError(f"coordinates out of range: {lat}, {lon}", field="point")
        a = self._locality_arrays()
        if not len(a["eid"]):
            return Resolution(query=f"{lat},{lon}", status="unresolved")
        dx = (a["lon"] - lon) * 111.32 * np.cos(np.radians((a["lat"] + lat) / 2))
        dy = (a["lat"] - lat) * 110.57
        d = np.hypot(dx, dy) - a["bonus"]
        i = int(np.argmin(d))
        dist = float(np.hypot(dx[i], dy[i]))
        q = f"{lat},{lon}"
        if max_km is not None and dist > max_km:
            return Resolution(query=q, status="unresolved")
        c = _Cand(int(a["eid"][i]), math.exp(-dist / 25.0), "reverse")
        return self._resolution(q, c, "resolved", [], uncertainty_km=round(max(dist, 0.1), 3))

    def _locality_arrays(self) -> dict[str, np.ndarray]:
        if self._arrays is None:
            e = self._e
            idx = [i for i, k in enumerate(e["klass"]) if k == "locality"]
            # Prefer a living town over an abandoned one a few hundred metres away.
            bonus = [0.5 * (e["importance"][i] or 0.5) for i in idx]
            self._arrays = {
                "eid": np.asarray(idx, dtype=np.int64),
                "lat": np.asarray([e["lat"][i] for i in idx], dtype=float),
                "lon": np.asarray([e["lon"][i] for i in idx], dtype=float),
                "bonus": np.asarray(bonus, dtype=float),
            }
        return self._arrays

    def names_table(self):
        """Every name key with its entity: a DataFrame for indexing (e.g. by the geoparser).

        Columns: ``key`` (normalised name), ``skeleton``, ``kind`` (name / alias / core),
        ``source`` (entity id), ``name`` (the entity's primary name), ``feature_type``,
        ``klass`` (generic-word class), ``country``, ``importance``.
        """
        import pandas as pd

        e = self._e
        # The skeletons of bundled keys are stored in the index; recomputing 100k+ of them
        # would cost seconds on every process start of the geoparser.
        stored = self._skel_loader() if self._skel_loader is not None else None
        skel_of = dict(zip(self._kpos, stored)) if stored is not None else {}
        rows = [(k, skel_of[k] if k in skel_of else skeleton(k), kind, eid)
                for k in self._all_keys() for eid, kind in self._entries(k)]
        df = pd.DataFrame(rows, columns=["key", "skeleton", "kind", "eid"])
        eid = df.pop("eid").to_numpy()
        for col in ("source", "name", "feature_type", "klass", "country", "importance"):
            vals = np.asarray(e[col], dtype=object)
            df[col] = vals[eid] if len(eid) else []
        return df

    def entities_table(self):
        """Every feature as a DataFrame row (no geometry), in entity order.

        Columns: source, name, feature_type, klass, country, lat, lon, the admin path
        (admin1_code .. admin3_name), adm1_codes, disputed, importance, precision,
        uncertainty_km, feature_code, population. The row position is the ``eid`` that
        :meth:`names_table` rows refer to through ``source``.
        """
        import pandas as pd

        return pd.DataFrame({f: self._e[f] for f in _ENTITY_FIELDS if f != "wkb"})

    def entity(self, source: str) -> Resolution:
        """The feature with this source id (e.g. ``"ocha:IQG13"``) as a Resolution."""
        eid = self._eid_of(source)
        if eid is None:
            raise InputError(f"no feature {source!r} in this gazetteer", field="source")
        return self._resolution(source, _Cand(eid, 1.0, "exact"), "resolved", [])


def _is_text(s: str) -> bool:
    """Whether a string is valid Unicode text (no lone surrogate, which UTF-8 cannot hold)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_VF_DIGRAPHS = (("tch", "c"), ("kh", "k"), ("gh", "k"), ("ch", "c"), ("sh", "s"), ("dh", "d"),
                ("th", "t"), ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
_VF_FINAL_H = re.compile(r"h(?<=[aiu]h)\b")  # "(?<=[aiu])h\b", the lookbehind after the "h" (faster)
_VF_SINGLE = str.maketrans({"q": "k", "x": "k", "z": "d", "v": "f", "w": "u", "y": "i", "o": "u", "e": "a"})


@_memo
def _vfold(key: str) -> str:
    """A key with romanisation variants folded but vowels kept as classes a / i / u."""
    return fold_letters(key, _VF_DIGRAPHS, _VF_SINGLE, _VF_FINAL_H)


def _vfold_many(keys: list[str]) -> list[str]:
    """``_vfold`` of each key, folded together (see ``fold_letters_many``); not memoised."""
    return fold_letters_many(keys, _VF_DIGRAPHS, _VF_SINGLE, _VF_FINAL_H)


def _factorize(arr: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes (-1 for a missing value) and distinct values of an object array, first-seen order.

    All-string input (the common case) goes through arrow's hash kernel, several times faster
    than pandas' object factorisation; anything else through pandas.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(arr) > 1000:
        try:
            a = pa.array(arr, type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            a = None
        if a is not None:
            d = pc.dictionary_encode(a, null_encoding="mask")
            codes = d.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
            return codes, d.dictionary.to_pylist()
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    return codes, list(uniques)


def _column_list(col) -> list:
    """A pyarrow column as a Python list; dictionary columns decoded through the dictionary."""
    import pyarrow as pa

    if not pa.types.is_dictionary(col.type):
        return col.to_pylist()
    arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    values = np.asarray(arr.dictionary.to_pylist() + [None], dtype=object)
    idx = arr.indices.fill_null(len(arr.dictionary)).to_numpy()
    return values[idx].tolist()


def _pair_sims(qa: list[str], ka: list[str], va: list[str], fa: list[str]) -> list[float]:
    """Similarity of each (query, key) pair: the better rapidfuzz ratio of the keys and of
    their vowel-class folded forms, in [0, 1]; one C call per column, not one per pair."""
    if not qa:
        return []
    a = cpdist(qa, ka, scorer=fuzz.ratio, dtype=np.float64)
    b = cpdist(va, fa, scorer=fuzz.ratio, dtype=np.float64)
    return (np.maximum(a, b) / 100.0).tolist()


def _hash_strings(values) -> np.ndarray:
    # Python's string hash: per process (randomised), which is fine for an index built at
    # run time and never stored.
    return np.fromiter(map(hash, values), dtype=np.int64, count=len(values))


def _klass_of(feature_type: str) -> str:
    ft = feature_type.lower()
    table = {
        "mountain_range": "mountain", "peak": "mountain", "mountain": "mountain", "reservoir": "lake",
        "lake": "lake", "water": "lake", "river": "river", "wadi": "wadi", "dam": "dam",
        "airbase": "base", "military_base": "base", "base": "base", "oilfield": "oilfield",
        "refinery": "oilfield", "border_crossing": "border", "border": "border", "road": "road",
        "desert": "desert", "plain": "plain", "region": "region", "area": "region",
        "locality": "locality", "adm1": "adm1", "adm2": "adm2", "adm3": "adm3", "country": "country",
    }
    return table.get(ft, "other")


def _importance_of(code, pop) -> float:
    """Importance of a populated place from its GeoNames feature code and population.

    The scale is shared with the other features (see IMPORTANCE): a capital or city of
    100k+ ranks above a governorate, a district seat or town of 20k+ above a district.
    """
    code = code or ""
    pop = 0 if pop is None or pop != pop else int(pop)
    if code in ("PPLQ", "PPLW", "PPLH"):
        return 0.3  # abandoned, destroyed, historical
    if code in ("PPLC", "PPLA") or pop >= 100_000:
        return 0.96
    if code == "PPLA2" or pop >= 20_000:
        return 0.8
    if code == "PPLA3" or pop >= 5_000:
        return 0.68
    if code in ("NEIGHBOURHOOD", "PPLX", "CAMPUS"):
        return 0.5
    return 0.58 if pop > 0 else 0.55

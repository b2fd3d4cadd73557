"""Geoparsing of news text: the places a report names and the incidents it reports.

This module owns :func:`geoparse` and its value types :class:`PlaceMention`, :class:`Incident`
and :class:`Document`. The pipeline, in order:

1. **Mentions.** Every name and alias of the gazetteer's names table is indexed by a per-word
   phonetic skeleton (:func:`geoincidents.normalize.skeleton`) in one Aho-Corasick automaton
   (pyahocorasick). The text is tokenised once (Arabic and Kurdish letters are word
   characters), each token is turned into the same skeleton, and the automaton finds every
   whole-word name in one pass; a match is then verified against the normalised spelling
   (exact, or close with :mod:`rapidfuzz`). Generic words next to a name ("Hamrin
   *mountains*", "Diyala and Kirkuk *provinces*", "the *town of* Makhmour", "*Mount* Sinjar")
   extend the span and say which kind of feature is meant. Common-word false positives are
   filtered: Latin mentions must be capitalised, English words, demonyms ("Kurdish",
   "Iraqi"), titles and parts of person or organisation names are dropped, very short names
   need an important feature, and unknown villages need a locative word before them.
2. **Resolution.** Each mention picks one entity, scored on spelling, importance, the kind of
   feature its generic words ask for, the country hint and the admin context the text gives
   ("Hawija, western Kirkuk"; "the Hamrin Mountains of Saladin province"). Context that
   contradicts the gazetteer ("Makhmour in Nineveh province", while OCHA 2019 puts Makhmour in
   Erbil) is reported in the mention's notes, not obeyed.
3. **Roles.** ``incident`` (the location of a reported event), ``context`` (everything else
   that is a real place) or ``comparison`` ("an area the size of Great Britain").
4. **Incidents.** One per reported event sentence: event type from trigger words, dates
   resolved against the publication date (:mod:`geoincidents._textdates`), fatalities and
   injured as low/best/high, actors, and the location at its honest precision (a
   province-level event stays province-level; "western Kirkuk" narrows the governorate to its
   western half; "the Hamrin Mountains of Saladin province" clips the range to Saladin).
   A headline and the lead reporting the same event are merged.

Arabic-script reports (Arabic, and the commonest Kurdish Sorani wording) get incidents too:
event words (غارة جوية، قصف، اشتباك، عبوة ناسفة، اغتيال، خطف ...), casualty figures in
Western or Arabic-Indic digits, number words, the dual ("مقتل شخصين") and "عشرات", actors
(داعش، التحالف، الجيش العراقي، الشرطة الاتحادية، البيشمركة ...), weekday / yesterday / month
dates and the locative words before a place (في، قرب، غرب ...). They are matched on a folded copy
of the sentence (one form per letter, no vowel marks) and only where the sentence is in Arabic
script; in a Latin report quoting an Arabic name the English reading is kept.

No model is downloaded at run time. When spaCy and an English model happen to be installed,
``geoparse(..., ner=True)`` adds the model's GPE/LOC entities as extra candidates.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import add, attrgetter, is_, itemgetter, not_, or_
from typing import Any, cast

import ahocorasick
import numpy as np
import shapely
from numpy import ndarray  # a bare name: mypyc resolves dataclass annotations by name
from rapidfuzz import fuzz
from shapely.geometry.base import BaseGeometry

from . import normalize as nz
from ._cands import _Cands
from ._gc import gc_paused
from ._textdates import (
    AR_L,
    AR_QTY_PATTERN,
    QTY_PATTERN,
    DateExpr,
    Quantity,
    find_dates,
    fold_arabic,
    has_arabic,
    is_word_char,
    lowered,
    parse_published,
    parse_quantity,
    parse_quantity_ar,
    reference_date,
)
from .errors import DataError, GeoIncidentsError, InputError
from .gazetteer import Candidate, Resolution, Status
from .precision import DEFAULT_UNCERTAINTY_KM, Precision

__all__ = ["geoparse", "Document", "PlaceMention", "Incident", "ROLES", "EVENT_TYPES", "INCIDENT_COLUMNS"]

#: The roles a place mention can play.
ROLES = ("incident", "context", "comparison")

#: Event types :func:`geoparse` assigns, most specific first.
EVENT_TYPES = (
    "attack on checkpoint", "airstrike", "drone strike", "suicide bombing", "IED/explosion",
    "shelling", "kidnapping", "armed clash", "killing", "extortion", "arson", "arrest",
    "armed group presence",
)

#: Columns of :meth:`Document.to_geodataframe`, the incident schema of the join module.
INCIDENT_COLUMNS = (
    "id", "date_start", "date_end", "date_precision", "place_text", "geometry",
    "location_precision", "event_type", "sub_event_type", "actors", "fatalities_low",
    "fatalities_best", "fatalities_high", "injured_low", "injured_best", "injured_high",
    "source", "source_url", "notes", "resolution_status", "resolution_method",
    "resolution_score", "resolution_source", "resolved_name", "uncertainty_km",
)

MAX_TEXT_CHARS = 20_000_000

# --------------------------------------------------------------------------- word lists

# Capitalised English words that are also village names somewhere in Iraq or Syria, plus the
# vocabulary of conflict reporting. A mention equal to one of these is dropped unless it is
# an important place written capitalised in the middle of a sentence ("the town of Hit").
_STOP = frozenset("""
a about above across after again against all also although among an and another any are as at
inside outside beside behind beyond amid around along
away back be bear because been before being below between both but by can city could day days
did do does door down during each early east either even every few first for former from
further global group had has have he her here high him his how however if in into is it its
just last late later least left less like little long made main many may me more most much must
my near new next no nor north not now of off old on once one only or other our out over own
part past per press range region said same saw see she should since so some south still such
than that the their them then there these they this those though through time to today too
top toward towards under until up upon us very via was we well were west what when where which
while who whom why will with within without would year years yet you your
according although carried coalition combined joint task force operation inherent resolve
army police forces force security ministry minister defense defence government state islamic
statement sources source officials official spokesman commander general chief staff major
colonel captain lieutenant sergeant brigade division battalion regiment unit units command
operations monday tuesday wednesday thursday friday saturday sunday january february march
april june july august september october november december sept
isis isil daesh dawla peshmerga hashd pmf pmu sdf ypg pkk asayish cjtf oir coalition
kurdish kurd kurds kurdistani iraqi iraqis syrian syrians turkish turk turks iranian iranians
arab arabs arabic american americans british french russian sunni sunnis shia shiite shiites
yazidi yazidis ezidi christian christians turkmen assyrian assyrians shabak kakai muslim
sorani kurmanji badini
mr mrs ms dr sheikh sheikhs imam mullah president prime premier emir leader leaders
news rudaw kurdistan24 shafaq ap afp reuters agency media
breaking update reporting report reported source sources
strikes strike airstrikes airstrike attack attacks attacked clashes clash bomb explosion
hill hills mountains mountain river lake camp dam base border
great britain europe america africa asia
""".split())

# Arabic-script words (as normalised: no article, ة -> ه, أ -> ا) that are also the names of
# villages somewhere: prepositions, adjectives of nationality and office, the vocabulary of
# conflict reporting. A single-word Arabic mention equal to one of them is dropped.
_AR_STOP = frozenset("""
عن من في علي الي مع بعد قبل خلال ضد بين حول عند منذ نحو تحت فوق ما لا لم لن ان او ثم قد كل بعض غير عبر لدي
تركيه تركي تركيا عراقي عراقيه كردي كرديه سوري سوريه ايراني ايرانيه امريكي امريكيه دولي دوليه امني امنيه
عسكري عسكريه شعبي اسلامي اسلاميه دوله جيش قوات قوه شرطه اتحاديه حشد بيشمركه داعش تحالف تنظيم مسلح مسلحين
مسلحون قتلي جرحي يوم امس مقتل اصابه قصف غاره انفجار هجوم عمليه مصدر مصادر قياده قيادي مدني مدنيين مواقع موقع
طائرات طائره مسيره حزب عمال كردستاني حكومه وزاره بيان اعلن قال افاد اكد مجهولين مجهولون عناصر اهالي سكان
شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط اطراف ضواحي قرب داخل خارج ناحيه قريه بلده مدينه قضا محافظه
سلسله عاصمه حدود اداريه اوكار وكر مخابئ رتل بلاد جروح اصابات رابط واصل فخر ضفه
اول ثاني ثالث رابع خامس اولي ثانيه ثالثه رابعه خامسه سادسه رحمن صوره كشف شيوخ باب جدار سياره مدرسه دوار
مقبره مضافه ديوان حسينيه شهدا دخول حراك فتح صدر غريبه غربيه شكر حصر عمره عمر ناصر شعبه محطه
مكتبه بلديه سوق
كانون شباط اذار نيسان ايار حزيران تموز ايلول تشرين يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر
اكتوبر نوفمبر ديسمبر
""".split())

_DEMONYMS = frozenset({
    "kurdish", "kurdistani", "iraqi", "syrian", "turkish", "iranian", "arab", "arabic",
    "american", "british", "sunni", "shia", "shiite", "yazidi", "ezidi", "turkmen", "assyrian",
    "christian", "kakai", "shabak", "saudi", "jordanian", "kuwaiti", "russian", "french",
})

_TITLES = frozenset({
    "gen", "general", "minister", "president", "sheikh", "shaikh", "mr", "mrs", "ms", "dr",
    "col", "colonel", "brig", "brigadier", "maj", "major", "lt", "lieutenant", "capt",
    "captain", "commander", "spokesman", "spokeswoman", "chief", "mullah", "imam", "prime",
    "emir", "leader", "governor", "mayor", "mp", "sgt", "sergeant", "said", "says", "told",
    "abu", "umm", "bin", "ibn",
})

_LOCATIVE = frozenset({
    "in", "at", "near", "of", "from", "to", "toward", "towards", "outside", "around",
    "between", "and", "inside", "into", "across", "through", "on", "off", "by", "beyond",
    "west", "east", "north", "south", "northwest", "northeast", "southwest", "southeast",
    "western", "eastern", "northern", "southern", "central", "village", "town", "city",
    "district", "villages", "towns", "outskirts", "في", "قرب", "من",
    # a place seen from another: "the orchards above Sidakan", "the hills overlooking Makhmour"
    "above", "below", "beside", "behind", "overlooking", "opposite", "along", "within",
})

# Lower-case words that can sit inside a place name ("Tal al-Hawa", "Deir ez-Zor", "Ras al-Ain").
_NAME_PARTICLES = frozenset({
    "al", "el", "ez", "es", "ed", "ad", "as", "ash", "an", "ar", "at", "az", "ul", "bin", "bani",
    "abu", "umm", "ibn", "ras", "tal", "tell", "tall", "deir", "dayr", "wadi", "jabal", "jebel",
    "qaryat", "kani", "sar", "sheikh", "shaykh", "sidi", "bir", "ain", "ayn", "de", "i",
})

_FUNCTION_WORDS = frozenset({
    "of", "and", "the", "in", "at", "on", "near", "to", "from", "for", "with", "by", "a", "an",
    "or", "as", "between", "into", "off",
})

# Places outside the gazetteer's coverage that reports use as comparisons or context.
_FOREIGN = {
    "great britain": "Great Britain", "britain": "Britain", "united kingdom": "United Kingdom",
    "england": "England", "france": "France", "germany": "Germany", "italy": "Italy",
    "belgium": "Belgium", "united states": "United States", "america": "America",
    "russia": "Russia", "europe": "Europe", "lebanon": "Lebanon", "israel": "Israel",
    "egypt": "Egypt", "libya": "Libya", "yemen": "Yemen", "afghanistan": "Afghanistan",
    "texas": "Texas", "london": "London", "washington": "Washington", "paris": "Paris",
    "moscow": "Moscow", "brussels": "Brussels", "beirut": "Beirut", "cairo": "Cairo",
    "geneva": "Geneva", "new york": "New York", "switzerland": "Switzerland",
    "netherlands": "Netherlands", "denmark": "Denmark", "portugal": "Portugal",
    "maryland": "Maryland", "virginia": "Virginia", "pakistan": "Pakistan",
    # Capitals of the region where talks, exiles and statements are placed; several are also
    # village names in Iraq or Syria ("Amman", "Ad Duha"). Riyadh stays out: it is also a
    # sub-district of Hawija.
    "doha": "Doha", "qatar": "Qatar", "jeddah": "Jeddah", "abu dhabi": "Abu Dhabi",
    "dubai": "Dubai", "muscat": "Muscat", "oman": "Oman", "manama": "Manama", "bahrain": "Bahrain",
    "amman": "Amman", "tehran": "Tehran", "istanbul": "Istanbul", "berlin": "Berlin", "vienna": "Vienna",
    "stockholm": "Stockholm", "rome": "Rome", "athens": "Athens", "the hague": "The Hague",
}

_DIRECTIONS = {
    "north": (0, 1), "northern": (0, 1), "south": (0, -1), "southern": (0, -1),
    "east": (1, 0), "eastern": (1, 0), "west": (-1, 0), "western": (-1, 0),
    "northeast": (1, 1), "northeastern": (1, 1), "northwest": (-1, 1), "northwestern": (-1, 1),
    "southeast": (1, -1), "southeastern": (1, -1), "southwest": (-1, -1), "southwestern": (-1, -1),
}

_LANDMARK_CLASSES = frozenset({
    "mountain", "lake", "river", "wadi", "dam", "base", "border", "road", "oilfield", "camp",
    "desert", "plain", "other",
})


def _class_fits(cue: str, klass: str) -> bool:
    if cue == klass:
        return True
    if cue == "locality":
        return klass in ("locality",)
    if cue == "region":
        return klass in ("region", "adm1", "adm2", "adm3", "desert", "plain", "other", "country")
    if cue == "camp":
        return klass in ("other", "base", "locality")
    if cue == "base":
        return klass in ("base", "other")
    if cue in ("lake",):
        return klass in ("lake", "dam")
    return False


# --------------------------------------------------------------------------- the names index


@dataclass
class _Index:
    """Entities (one per resolvable feature) and an automaton over per-word name skeletons."""

    source: list[str]
    name: list[str]
    feature_type: list[str]
    klass: list[str]
    country: list[str | None]
    lat: ndarray
    lon: ndarray
    admin: list[tuple[str | None, ...]]  # adm1 code, name, adm2 code, name, adm3 code, name
    adm1_codes: list[str | None]
    disputed: list[bool | None]
    importance: ndarray
    precision: list[str]
    uncertainty_km: list[float | None]
    wkb: list[bytes | None]
    keymap: dict[str, dict[str, tuple[tuple[int, bool], ...]]]
    automaton: Any
    geoms: dict[int, BaseGeometry] = field(default_factory=dict)
    geom_fn: Any = None
    hit_cache: dict[tuple[str, str], list[tuple[int, str, float]]] = field(default_factory=dict)
    spelling_cache: dict[tuple[str, str], tuple[float, Any] | None] = field(default_factory=dict)
    # ``importance`` as Python floats: per-candidate scoring reads it one entity at a time,
    # where indexing a numpy array costs more than the arithmetic.
    imp: list[float] = field(default_factory=list)
    ctx_info: dict[int, tuple[str, Any, int, list[str]]] = field(default_factory=dict)
    res_cache: dict[tuple, Resolution] = field(default_factory=dict)
    loose_cache: dict[tuple, list[tuple[int, str, float]]] = field(default_factory=dict)
    cand_fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    first_words: frozenset[str] | None = None  # first word skeletons of the names (built on first use)

    def geometry(self, eid: int) -> BaseGeometry:
        g = self.geoms.get(eid)
        if g is None:
            if self.geom_fn is not None:
                g = self.geom_fn(eid)
            else:
                w = self.wkb[eid]
                g = shapely.from_wkb(w) if w is not None else shapely.Point(self.lon[eid], self.lat[eid])
            self.geoms[eid] = g
        return g


def _tokskel(key: str) -> str:
    return " ".join(map(nz.skeleton, key.split()))


def _build_index(ent, names) -> _Index:
    def col(name, default=None):
        if name in ent.columns:
            # pandas finds the missing values column-wise (None, NaN, NaT, pd.NA alike).
            return [None if na else v for v, na in zip(ent[name].tolist(), ent[name].isna().tolist())]
        return [default] * len(ent)

    keymap: dict[str, dict[str, list[tuple[int, bool]]]] = {}
    kinds = names["kind"].tolist() if "kind" in names.columns else ["name"] * len(names)
    importance = ent["importance"].to_numpy(float)
    for key, eid, kind in zip(names["key"].tolist(), names["eid"].tolist(), kinds):
        if not key or len(key) < 2:
            continue
        ts = _tokskel(key)
        # One-consonant skeletons ("Tawa" -> "t") match half the words of English prose; only
        # important places keep them (towns such as Rawah, Anah and Koya with a name of four
        # letters or more).
        if len(ts.replace(" ", "")) < 2 and importance[int(eid)] < 0.85 \
                and (importance[int(eid)] < 0.68 or len(key) < 4):
            continue
        # A "core" key is a name with its generic word cut off ("saddam" of "Saddam City").
        lst = keymap.setdefault(ts, {}).setdefault(key, [])
        item = (int(eid), kind == "core")
        if item not in lst:
            lst.append(item)
    # Frozen to tuples: a tuple of atoms, and then a dict of such tuples, is dropped from the
    # cyclic collector's tracking, which would otherwise walk this index's ~160,000 containers
    # on every full collection for as long as the process lives.
    frozen = {ts: {key: tuple(lst) for key, lst in bucket.items()} for ts, bucket in keymap.items()}
    auto = ahocorasick.Automaton()
    for ts in keymap:
        auto.add_word(f" {ts} ", ts)
    for k in _FOREIGN:
        ts = _tokskel(k)
        auto.add_word(f" {ts} ", ts)
    auto.make_automaton()
    admin = list(zip(col("admin1_code"), col("admin1_name"), col("admin2_code"), col("admin2_name"),
                     col("admin3_code"), col("admin3_name")))
    return _Index(
        source=col("source"), name=col("name"), feature_type=col("feature_type"), klass=col("klass"),
        country=col("country"), lat=ent["lat"].to_numpy(float), lon=ent["lon"].to_numpy(float),
        admin=admin, adm1_codes=col("adm1_codes"), disputed=col("disputed"),
        importance=ent["importance"].to_numpy(float), precision=col("precision", "unknown"),
        uncertainty_km=col("uncertainty_km"), wkb=col("wkb") if "wkb" in ent.columns else [None] * len(ent),
        keymap=frozen, automaton=auto, imp=[float(x) for x in importance],
    )


def _isna(v) -> bool:
    try:
        return v is None or v is np.nan or (isinstance(v, float) and math.isnan(v)) or bool(v != v)
    except (TypeError, ValueError):
        return False


def _names_tables_from_gazetteer(gaz: Any) -> tuple[Any, Any] | None:
    """The (entities, names) tables of a :class:`~geoincidents.Gazetteer`, or None.

    Built from the gazetteer's public tables (:meth:`~geoincidents.Gazetteer.entities_table`,
    :meth:`~geoincidents.Gazetteer.names_table`), so that mention finding and resolution see
    exactly the names ``gaz.resolve`` sees, including entries a user added with
    ``Gazetteer.add``. Names refer to their entity by ``source``; the entity number the index
    uses is the row position in the entities table.
    """
    import pandas as pd

    entities_table, names_table = getattr(gaz, "entities_table", None), getattr(gaz, "names_table", None)
    if not callable(entities_table) or not callable(names_table):
        return None
    ent, names = entities_table(), names_table()
    if "source" not in ent.columns or not {"key", "source"} <= set(names.columns):
        return None
    pos = pd.Series(range(len(ent)), index=ent["source"].astype(object))
    pos = pos[~pos.index.duplicated(keep="last")]  # a corrected source id: its latest entry
    eid = names["source"].astype(object).map(pos)
    names = pd.DataFrame({"key": names["key"].astype(object), "eid": eid,
                          "kind": names["kind"].astype(object) if "kind" in names else "name"})
    names = names[names["eid"].notna()]
    names["eid"] = names["eid"].astype(int)
    return ent, names


def _names_tables_fallback() -> tuple[Any, Any]:
    """Build the (entities, names) tables from the bundled GeoParquet tables.

    Used only when neither the gazetteer nor the data folder carries the names index; the
    columns are the subset of the gazetteer's names index the geoparser reads.
    """
    import pandas as pd

    from .data import load_table, split_names

    rows: list[dict] = []
    keys: list[tuple[str, int, str]] = []

    def add(row: dict, spellings: list[str]) -> None:
        eid = len(rows)
        rows.append(row)
        for sp in spellings:
            k = nz.normalize(sp)
            if k:
                keys.append((k, eid, "name"))
            core, classes = nz.split_generic(sp)
            if core and core != k and (not classes or any(_class_fits(c, row["klass"]) for c in classes)):
                keys.append((core, eid, "core"))

    def admin(r: dict, upto: int) -> dict:
        out = {}
        for lvl in (1, 2, 3):
            for part in ("code", "name"):
                v = r.get(f"adm{lvl}_{part}") if lvl <= upto else None
                out[f"admin{lvl}_{part}"] = None if v is None or _isna(v) else str(v)
        return out

    def poly(geom) -> dict:
        rp = shapely.point_on_surface(geom)
        return {"lat": rp.y, "lon": rp.x, "wkb": shapely.to_wkb(geom)}

    for r in load_table("adm0").to_dict("records"):
        add({"source": f"ocha:{r['adm0_code']}", "name": r["adm0_name"], "feature_type": "country",
             "klass": "country", "country": r["country"], "importance": 1.0, "precision": "country",
             **poly(r["geometry"])},
            split_names(r["adm0_name"], r.get("name_ar"), r.get("name_ku"), r.get("aliases"), r.get("aliases_curated")))
    extra = {"TR": "Turkey|Türkiye", "IR": "Iran", "JO": "Jordan", "KW": "Kuwait", "SA": "Saudi Arabia"}
    for r in load_table("countries").to_dict("records"):
        if r["country_code"] in ("IQ", "SY"):
            continue
        add({"source": f"naturalearth:{r['iso_a3']}", "name": r["country_name"], "feature_type": "country",
             "klass": "country", "country": r["country_code"], "importance": 0.9, "precision": "country",
             **poly(r["geometry"])}, split_names(r["country_name"], extra.get(r["country_code"])))
    for lvl, imp in ((1, 0.88), (2, 0.8), (3, 0.7)):
        for r in load_table(f"adm{lvl}").to_dict("records"):
            code = r[f"adm{lvl}_code"]
            add({"source": f"ocha:{code}", "name": r[f"adm{lvl}_name"], "feature_type": f"adm{lvl}",
                 "klass": f"adm{lvl}", "country": r["country"], "importance": imp,
                 "precision": f"adm{lvl}", "adm1_codes": r["adm1_code"],
                 **admin(r | {f"adm{lvl}_code": code}, lvl), **poly(r["geometry"])},
                split_names(r[f"adm{lvl}_name"], r.get("name_ar"), r.get("name_ku"), r.get("aliases"),
                      r.get("aliases_curated")))
    kri = load_table("kri").iloc[0]
    add({"source": "kri:KRI", "name": "Kurdistan Region", "feature_type": "region", "klass": "region",
         "country": "IQ", "importance": 0.87, "precision": "region", "adm1_codes": kri["adm1_codes"],
         **poly(kri.geometry)},
        ["Kurdistan Region", "Kurdistan Region of Iraq", "Iraqi Kurdistan", "KRI", "إقليم كردستان"])
    lclass = {"mountain_range": "mountain", "peak": "mountain", "reservoir": "lake", "airbase": "base",
              "military_base": "base", "refinery": "oilfield", "border_crossing": "border"}
    for r in load_table("landmarks").to_dict("records"):
        g = r["geometry"]
        unc = None if _isna(r["uncertainty_km"]) else float(r["uncertainty_km"])
        if g.geom_type in ("LineString", "MultiLineString"):
            prec = "linear"
        elif g.geom_type in ("Polygon", "MultiPolygon"):
            prec = "area"
        elif unc is not None and unc <= 2.0:
            prec = "exact"
        elif r["feature_type"] in ("airbase", "military_base", "border_crossing", "dam", "refinery", "peak", "other"):
            prec = "near"
        else:
            prec = "area"
        add({"source": f"landmark:{r['feature_id']}", "name": r["name"], "feature_type": r["feature_type"],
             "klass": lclass.get(r["feature_type"], r["feature_type"]), "country": r["country"],
             "lat": float(r["rep_lat"]), "lon": float(r["rep_lon"]), **admin(r, 3),
             "adm1_codes": r["adm1_codes"], "importance": 0.76, "precision": prec, "uncertainty_km": unc,
             "wkb": None if g.geom_type == "Point" else shapely.to_wkb(g)},
            split_names(r["name"], r["names"]))
    pl = load_table("places")
    for r in pl.drop(columns="geometry").to_dict("records"):
        pop = 0 if _isna(r["population"]) else int(r["population"])
        code = str(r["feature_code"])
        if code in ("PPLQ", "PPLW", "PPLH"):
            imp = 0.35
        elif code in ("PPLC", "PPLA") or pop >= 100_000:
            imp = 0.95
        elif code == "PPLA2" or pop >= 20_000:
            imp = 0.85
        elif code == "PPLA3" or pop >= 5_000:
            imp = 0.72
        else:
            imp = 0.6 if pop > 0 else 0.55
        add({"source": r["place_id"], "name": r["name"], "feature_type": "locality", "klass": "locality",
             "country": r["country"], "lat": float(r["lat"]), "lon": float(r["lon"]), **admin(r, 3),
             "adm1_codes": r["adm1_code"], "importance": imp, "precision": "locality",
             "uncertainty_km": 5.0, "feature_code": code, "population": pop or None},
            split_names(r["name"], r["name_ar"], r["name_ku"], r["names"]))
    ent = pd.DataFrame(rows)
    for c in ("lat", "lon"):
        ent[c] = ent[c].astype(float)
    nm = pd.DataFrame(keys, columns=["key", "eid", "kind"]).drop_duplicates(["key", "eid"])
    return ent, nm


@lru_cache(maxsize=1)
def _fallback_index() -> _Index:
    return _build_index(*_names_tables_fallback())


_INDEX_BY_GAZ: dict[int, tuple[Any, _Index, int]] = {}


def _default_gazetteer() -> Any:
    """The bundled :class:`~geoincidents.Gazetteer`, or None when its data is missing."""
    from .gazetteer import Gazetteer

    try:
        return Gazetteer.default()
    except (NotImplementedError, DataError):
        return None


def _default_index() -> _Index:
    return _index_for(None)


def _index_for(gazetteer) -> _Index:
    """The geoparser's index over a gazetteer's names (the bundled gazetteer by default)."""
    gaz = gazetteer if gazetteer is not None else _default_gazetteer()
    if gaz is None:
        return _fallback_index()
    hit = _INDEX_BY_GAZ.get(id(gaz))
    # Gazetteer.add / add_frame append features: a new length means a stale index.
    n_features = len(gaz) if hasattr(gaz, "__len__") else -1
    if hit is not None and hit[0] is gaz and hit[2] == n_features:
        return hit[1]
    tables = _names_tables_from_gazetteer(gaz)
    if tables is None:
        return _fallback_index()
    idx = _build_index(*tables)
    entity = getattr(gaz, "entity", None)
    sources = idx.source
    if callable(getattr(gaz, "_geom", None)) and callable(getattr(gaz, "_eid_of", None)):
        # The geometry alone: ``entity()`` would build a whole Resolution to hand it over.
        geom_of, eid_of = gaz._geom, gaz._eid_of
        idx.geom_fn = lambda eid: geom_of(eid_of(sources[eid]))
    elif callable(entity):
        idx.geom_fn = lambda eid: entity(sources[eid]).geometry
    if len(_INDEX_BY_GAZ) > 8:
        _INDEX_BY_GAZ.clear()
    _INDEX_BY_GAZ[id(gaz)] = (gaz, idx, n_features)
    return idx


# --------------------------------------------------------------------------- value types


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text.

    ``text == document_text[start:end]``. ``resolution`` is the gazetteer answer (its
    ``alternatives`` hold the other candidates); ``role`` is one of :data:`ROLES`; ``cue`` the
    kind of feature the surrounding words asked for ("adm1" for "... province"); ``notes``
    say what was inferred or doubted (a contradicting admin context, a directional narrowing).
    """

    text: str
    start: int
    end: int
    resolution: Resolution
    role: str = "context"
    sentence: int = 0
    cue: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"mention": self.text, "start": self.start, "end": self.end,
                             "role": self.role, "sentence": self.sentence, "cue": self.cue,
                             "notes": list(self.notes)}
        d.update(self.resolution.to_dict())
        return d


@dataclass(frozen=True)
class Incident:
    """One reported event: what, when, where (at its honest precision), who, how many."""

    id: str
    event_type: str
    sub_event_type: str | None
    date_start: date | None
    date_end: date | None
    date_precision: str
    location: Resolution
    place_text: str
    fatalities: Quantity
    injured: Quantity
    actors: tuple[str, ...]
    sentence: str
    start: int
    end: int
    mentions: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def location_precision(self) -> Precision:
        return self.location.precision

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "date_start": None if self.date_start is None else self.date_start.isoformat(),
            "date_end": None if self.date_end is None else self.date_end.isoformat(),
            "date_precision": self.date_precision, "place_text": self.place_text,
            "location_precision": str(self.location.precision),
            "location": self.location.to_dict(),
            "fatalities_low": self.fatalities.low, "fatalities_best": self.fatalities.best,
            "fatalities_high": self.fatalities.high, "injured_low": self.injured.low,
            "injured_best": self.injured.best, "injured_high": self.injured.high,
            "actors": list(self.actors), "sentence": self.sentence, "start": self.start,
            "end": self.end, "mentions": list(self.mentions), "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Document:
    """The result of :func:`geoparse`: the place mentions and the incidents of one text."""

    text: str
    published: date | None
    places: tuple[PlaceMention, ...]
    incidents: tuple[Incident, ...]
    source: str | None = None
    source_url: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"places": [...], "incidents": [...]}`` with the resolve keys inside each."""
        return {
            "published": None if self.published is None else self.published.isoformat(),
            "places": [p.to_dict() for p in self.places],
            "incidents": [i.to_dict() for i in self.incidents],
            "notes": list(self.notes),
        }

    def to_geodataframe(self):
        """The incidents as a GeoDataFrame in the incident schema of the join module."""
        import geopandas as gpd
        import pandas as pd

        columns = _incident_columns()
        rows = []
        for inc in self.incidents:
            r = inc.location
            unc = r.uncertainty_km
            if unc is None:
                unc = DEFAULT_UNCERTAINTY_KM.get(r.precision)
            rows.append({
                "id": inc.id,
                "date_start": pd.Timestamp(inc.date_start) if inc.date_start else pd.NaT,
                "date_end": pd.Timestamp(inc.date_end) if inc.date_end else pd.NaT,
                "date_precision": inc.date_precision, "place_text": inc.place_text,
                "geometry": r.geometry, "location_precision": str(r.precision),
                "event_type": inc.event_type, "sub_event_type": inc.sub_event_type,
                "actors": "; ".join(inc.actors) or None,
                "fatalities_low": inc.fatalities.low, "fatalities_best": inc.fatalities.best,
                "fatalities_high": inc.fatalities.high, "injured_low": inc.injured.low,
                "injured_best": inc.injured.best, "injured_high": inc.injured.high,
                "source": self.source, "source_url": self.source_url,
                "notes": " ".join(inc.notes) or None, "resolution_status": r.status,
                "resolution_method": r.method, "resolution_score": float(r.score),
                "resolution_source": r.source, "resolved_name": r.name, "uncertainty_km": unc,
                "resolved_admin1_code": r.admin1_code, "resolved_admin2_code": r.admin2_code,
                "resolved_admin3_code": r.admin3_code, "location_flag": None,
            })
        df = pd.DataFrame(rows, columns=list(columns)).astype({"id": object})
        if "location_flag" in df:
            df["location_flag"] = df["location_flag"].astype(object)
        for c in ("fatalities_low", "fatalities_best", "fatalities_high", "injured_low",
                  "injured_best", "injured_high"):
            df[c] = df[c].astype("Int64")
        df["resolution_score"] = df["resolution_score"].astype(float)
        df["uncertainty_km"] = pd.to_numeric(df["uncertainty_km"], errors="coerce").astype(float)
        for c in ("date_start", "date_end"):
            df[c] = pd.to_datetime(df[c])
        return gpd.GeoDataFrame(df, geometry="geometry", crs="EPSG:4326")


def _incident_columns() -> tuple[str, ...]:
    try:
        from .incidents import INCIDENT_COLUMNS as joined  # the join module's schema, once it lands
    except Exception:  # noqa: BLE001 - the module may be absent or half-written
        return INCIDENT_COLUMNS
    cols = tuple(joined)
    return cols if "geometry" in cols else cols + ("geometry",)


# --------------------------------------------------------------------------- tokens and sentences

# Word characters, combining marks, and the invisible format characters that end up inside
# words (zero-width (non-)joiners are part of Persian and Kurdish spelling; zero-width spaces,
# bidi marks and soft hyphens are pasted in by editors): a name keeps its exact span.
_WORD_CHAR = r"[\w\u0300-\u036f\u064b-\u065f\u0670\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
# A run of word characters, with an apostrophe allowed between two letters ("Da'esh"). Written
# as runs rather than one alternation per character: the regex engine loops over a class
# several times faster than over an alternation; possessive (nothing after a run can match what
# it gave back), so the engine keeps no backtracking points.
_TOKEN_RE = re.compile(rf"[^\W_]{_WORD_CHAR}*+(?:['’ʿʾ](?=[^\W_]){_WORD_CHAR}*+)*+")
# The same tokens as a split pattern: the pieces alternate gap, token, gap, token, ..., gap,
# so token offsets are running sums of piece lengths (no match object per token).
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
# Any decimal digit, in any script: a cheap screen before the date and count patterns.
_DIGIT_RE = re.compile(r"\d")
_ARTICLES = frozenset({"al", "el"})
_SUN_ARTICLES = frozenset({"ad", "adh", "as", "ash", "at", "ath", "az", "an", "ar", "ud", "ul", "il"})
# Every capitalisation of the articles: one set lookup per token finds the few to look at.
_ARTICLE_FORMS = frozenset(
    "".join(c.upper() if bit & (1 << k) else c for k, c in enumerate(w))
    for w in _ARTICLES | _SUN_ARTICLES for bit in range(1 << len(w)))
_POSSESSIVES = frozenset({"'s", "'S", "’s", "’S"})
_LAST_TWO = itemgetter(slice(-2, None))
_FIRST_CHAR = itemgetter(slice(0, 1))


@dataclass
class _Tokens:
    starts: list[int]
    ends: list[int]
    raw: list[str]
    norm: list[str]
    article: list[bool]


#: token -> its normalised key (a process-wide vocabulary; words recur across reports).
_NORM_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def _norm_of_token(tok: str) -> str:
    k = _NORM_CACHE.get(tok)
    if k is None:
        k = nz.normalize(tok)
        if len(_NORM_CACHE) < _CACHE_LIMIT:
            _NORM_CACHE[tok] = k
    return k


def _missing(values: list) -> list[int]:
    """The positions of the Nones of ``values`` (a scan at C speed: few words are new)."""
    return list(compress(range(len(values)), map(is_, values, repeat(None))))


def _norms_of_tokens(raw: list[str]) -> list[str]:
    """``normalize`` of every token; the words not seen before normalised together."""
    norm = list(map(_NORM_CACHE.get, raw))
    if None in norm:
        missing = _missing(norm)
        new = list(dict.fromkeys([raw[i] for i in missing]))
        got = dict(zip(new, nz.normalize_many(new)))
        if len(_NORM_CACHE) < _CACHE_LIMIT:
            _NORM_CACHE.update(got)
        for i in missing:
            norm[i] = got[raw[i]]
    return cast("list[str]", norm)


def _tokenize(text: str) -> _Tokens:
    pieces = _TOKEN_SPLIT_RE.split(text)
    offs = list(accumulate(map(len, pieces)))
    starts = offs[0:-1:2]
    ends = offs[1::2]
    raw = pieces[1::2]
    # "Deir ez-Zor's al-Busayrah": the possessive is not part of the name.
    possessives = [i for i in compress(range(len(raw)), map(_POSSESSIVES.__contains__, map(_LAST_TWO, raw)))
                   if len(raw[i]) > 3] if ("'" in text or "’" in text) else ()
    for i in possessives:
        raw[i] = raw[i][:-2]
        ends[i] -= 2
    norm = _norms_of_tokens(raw)
    article = [False] * len(raw)
    n = len(raw)
    for i in compress(range(n), map(_ARTICLE_FORMS.__contains__, raw)):
        if i + 1 >= n:
            continue
        low = raw[i].lower()
        gap = text[ends[i]:starts[i + 1]]
        if low in _ARTICLES and gap in ("-", " ", "‑", "–"):
            article[i] = True
        elif low in _SUN_ARTICLES and gap in ("-", "‑") and raw[i + 1][:1].lower() == low[1:2]:
            article[i] = True
    return _Tokens(starts, ends, raw, norm, article)


#: Arabic one-letter words written joined to the next: and, in/with, for, so, like.
_PROCLITICS = frozenset("وبلفك")


def _split_proclitics(toks: _Tokens, idx: _Index) -> _Tokens:
    """"بكركوك" (in Kirkuk), "والحويجة" (and Hawija): a joined one-letter word before a name
    becomes a token of its own, when the rest of the word starts a name and the whole word
    does not (so "بغداد", Baghdad, stays whole)."""
    firsts = idx.first_words
    if firsts is None:
        firsts = idx.first_words = frozenset(ts.split(" ", 1)[0] for ts in idx.keymap)
    cuts: dict[int, int] = {}
    raw = toks.raw
    for i in compress(range(len(raw)), map(_PROCLITICS.__contains__, map(_FIRST_CHAR, raw))):
        t = raw[i]
        if len(t) < 4 or _automaton_part(t) in firsts:
            continue
        for c in (1, 2):
            if len(t) - c >= 3 and t[c - 1] in _PROCLITICS and _automaton_part(t[c:]) in firsts:
                cuts[i] = c
                break
    if not cuts:
        return toks
    starts, ends, raw, norm, article = [], [], [], [], []
    for i, (a, b, t, k, art) in enumerate(zip(toks.starts, toks.ends, toks.raw, toks.norm, toks.article)):
        cut = cuts.get(i)
        if cut:
            starts += [a, a + cut]
            ends += [a + cut, b]
            raw += [t[:cut], t[cut:]]
            norm += [_norm_of_token(t[:cut]), _norm_of_token(t[cut:])]
            article += [False, False]
        else:
            starts.append(a)
            ends.append(b)
            raw.append(t)
            norm.append(k)
            article.append(art)
    return _Tokens(starts, ends, raw, norm, article)


# Sentence ends: after . ! ? before a capital, a blank line, a line starting with a capital, or
# a line starting with a list marker ("- Diyala: ...", "• ...", "2) ...").
# Every alternative starts with a closing quote or bracket or with white space: the leading
# look-ahead says so, which lets the engine skip the other characters fast.
_SENT_END_RE = re.compile(r"(?=[\s\"'”’)\]])(?:"
                          r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff])|\n\s*\n|\n(?=\s*[A-Z\"“\u0600-\u06ff])"
                          r"|\n(?=[ \t]*(?:[-–—•*·▪●]|\d{1,2}[.)])[ \t])|\n(?=[^\n|]*\|[^\n|]*\|))")
# (and an Arabic initial: "المراقب الفني (ع. خ.) قرب قرية العريشة" is one sentence)
_ABBREV_RE = re.compile(r"\b(?:Gen|Maj|Col|Brig|Lt|Capt|Sgt|Mr|Mrs|Ms|Dr|St|Mt|No|U\.S|U\.N|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|"
                        r"[\u0621-\u064a])\.$")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        if _ABBREV_RE.search(text[max(pos, m.start() - 8):m.start()]):
            continue
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --------------------------------------------------------------------------- mention finding


@dataclass
class _Raw:
    t0: int
    t1: int  # inclusive token range of the name itself
    start: int
    end: int
    cands: list[tuple[int, str, float]]  # (eid, key, similarity)
    foreign: str | None = None
    cue: str | None = None
    cue_words: tuple[str, ...] = ()
    direction: str | None = None
    label: str = ""  # where the mention came from: "" (names index), "pattern", "spacy:GPE"
    text: str = ""
    nt0: int = -1
    nt1: int = -1


_GENERIC_ENDS: list[tuple[Any, frozenset[str], frozenset[str]]] = []


def _generic_ends(words: dict[str, str]) -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last words of the generic words (worked out again if the table changes)."""
    if not _GENERIC_ENDS or _GENERIC_ENDS[0][0] is not words:
        _GENERIC_ENDS[:] = [(words, frozenset(k.split(" ")[0] for k in words), frozenset(k.split(" ")[-1] for k in words))]
    return _GENERIC_ENDS[0][1], _GENERIC_ENDS[0][2]


def _generic_at(toks: _Tokens, i: int, forward: bool) -> tuple[str, int] | None:
    """The generic word (class, length in tokens) starting (forward) or ending at token i."""
    words = nz.generic_words()
    # Most tokens are neither the first nor the last word of any generic word: one set lookup
    # settles them (a token holding a space, or empty, takes the full test).
    tok = toks.norm[i] if 0 <= i < len(toks.norm) else None
    if tok and " " not in tok:
        firsts, lasts = _generic_ends(words)
        if tok not in (firsts if forward else lasts):
            return None
    for n in (3, 2, 1):
        if forward:
            if i + n > len(toks.norm):
                continue
            seg = toks.norm[i:i + n]
        else:
            if i - n + 1 < 0:
                continue
            seg = toks.norm[i - n + 1:i + 1]
        k = " ".join(seg)
        if k in words:
            return words[k], n
    return None


def _cand_stats(idx: _Index, cands: list[tuple[int, str, float]]) -> tuple:
    """(best importance, any exact spelling, any exact important place, classes, best
    similarity, ((eid, best similarity) in first-seen order)) of a candidate list."""
    st = cands.stats if type(cands) is _Cands else None
    if st is not None:
        return st
    imp, klass = idx.imp, idx.klass
    seen: dict[int, float] = {}
    for eid, _key, sim in cands:
        if seen.get(eid, -1) >= sim:
            continue
        seen[eid] = sim
    st = (max([imp[e] for e, _, _ in cands], default=0.0),
          any([s == 1.0 for _, _, s in cands]),
          any([sim == 1.0 and imp[e] >= 0.85 for e, _, sim in cands]),
          frozenset([klass[e] for e, _, _ in cands]),
          max([c[2] for c in cands], default=-1.0),
          tuple(seen.items()))
    if type(cands) is _Cands:
        cands.stats = st
    return st


def _candidates(idx: _Index, ts: str, mention_key: str) -> list[tuple[int, str, float]]:
    """Entities whose spelling matches a mention: exact, or close within the skeleton bucket."""
    ck = (ts, mention_key)
    hit = idx.hit_cache.get(ck)
    if hit is not None:
        return hit
    cands: list[tuple[int, str, float]] = _Cands()
    bucket = idx.keymap.get(ts)
    if bucket:
        items = bucket.get(mention_key)
        if items:
            cands.extend((eid, mention_key, 0.97 if core else 1.0) for eid, core in items)
        m0 = mention_key[:1]
        # A short word whose skeleton is one consonant ("Hay", neighbourhood) is too short for a
        # close spelling to mean the same name.
        fuzzy_items = bucket.items() if len(ts) > 1 or len(mention_key) > 3 else ()
        folded: str | None = None
        for key, items in fuzzy_items:
            # Spellings that differ in the first letter are different names.
            if key == mention_key or key[:1] != m0:
                continue
            sim = fuzz.ratio(key, mention_key, score_cutoff=80) / 100.0
            if sim:
                # The same name transliterated another way ("Shaddadi", "Shadadi") is nearly as
                # good as the same spelling, and better than a close spelling of another name.
                if folded is None:
                    folded = _transliteration_key(mention_key)
                if _transliteration_key(key) == folded:
                    sim = 0.99
                cands.extend((eid, key, sim) for eid, _core in items)
    if len(idx.hit_cache) > 200_000:
        idx.hit_cache.clear()
    idx.hit_cache[ck] = cands
    return cands


def _loose_in_context(idx: _Index, r: _Raw, toks: _Tokens, ctx: list[int]) -> list[tuple[int, str, float]]:
    """Same-skeleton spellings further apart (ratio >= 0.5) that lie in the context unit."""
    if r.nt0 < 0:
        return []
    key = nz.normalize(" ".join(toks.norm[j] for j in range(r.nt0, r.nt1 + 1) if not toks.article[j]))
    # The same spelling in the same unit recurs across reports (a town and its governorate).
    ck = (key, *ctx)
    hit = idx.loose_cache.get(ck)
    if hit is not None:
        return hit
    out = []
    # "قرية السيد أحمد التابعة لناحية الشوملي": a village named with its generic word, which
    # the data spells without it there ("As Sayyid Ahmad"), is looked for without it too.
    core = nz.split_generic(key)[0]
    for k1 in (key, core) if core and core != key else (key,):
        for k2, items in (idx.keymap.get(_tokskel(k1)) or {}).items():
            sim = fuzz.ratio(k2, k1) / 100.0
            if sim < 0.5:
                continue
            for eid, _core in items:
                if any(_within(idx, eid, c) for c in ctx):
                    out.append((eid, k2, min(sim, 0.85)))
    if len(idx.loose_cache) > 50_000:
        idx.loose_cache.clear()
    idx.loose_cache[ck] = out
    return out


_PART_CACHE: dict[str, str] = {}


def _blocker(t: str) -> bool:
    """Lower-case Latin words cannot start or continue a name (except name particles)."""
    return t[:1].islower() and t[:1].isascii() and t.lower() not in _NAME_PARTICLES


def _automaton_part(t: str) -> str:
    """What a token contributes to the automaton's input: its skeleton, or the blocker "#"."""
    if _blocker(t):
        part = "#"
    else:
        k = _norm_of_token(t)
        part = (nz.skeleton(k) if k else "") or "#"
    if len(_PART_CACHE) < _CACHE_LIMIT:
        _PART_CACHE[t] = part
    return part


def _automaton_parts(raw: list[str], norm: list[str]) -> list[str]:
    """:func:`_automaton_part` of every token; the skeletons of new words worked out together."""
    parts = list(map(_PART_CACHE.get, raw))
    if None not in parts:
        return cast("list[str]", parts)
    missing = _missing(parts)
    new: dict[str, str] = {}
    for i in missing:
        t = raw[i]
        if _blocker(t):
            parts[i] = "#"
        else:
            new[t] = norm[i]
    got: dict[str, str] = {}
    if new:
        words = [k for k in new.values() if k]
        skel = dict(zip(words, nz.skeletons_of_keys(words)))
        got = {t: (skel[k] if k else "") or "#" for t, k in new.items()}
        for i in missing:
            if parts[i] is None:
                parts[i] = got.get(raw[i], "#")
    done = cast("list[str]", parts)
    if len(_PART_CACHE) < _CACHE_LIMIT:
        _PART_CACHE.update([(raw[i], done[i]) for i in missing])
    return done


def _find_mentions(text: str, toks: _Tokens, idx: _Index) -> list[_Raw]:
    n = len(toks.raw)
    if n == 0:
        return []
    # Skeleton string over the non-article tokens; map string offsets back to token numbers.
    raw, norm, article = toks.raw, toks.norm, toks.article
    # Lower-case Latin words cannot start or continue a name (except name particles), so
    # they become a blocker: far fewer automaton hits in English prose.
    parts = _automaton_parts(raw, norm)
    if True in article:
        not_article = list(map(not_, article))
        keep = list(compress(range(n), not_article))
        parts = list(compress(parts, not_article))
    else:
        keep = list(range(n))
    # No name spans a blocker, so a run of them is one blocker: most words are blockers, and
    # the automaton walks half the text.
    named = list(map("#".__ne__, parts))
    if len(named) > 1:
        one_of_run = [True, *map(or_, named[1:], named)]
        keep = list(compress(keep, one_of_run))
        parts = list(compress(parts, one_of_run))
    # offs[k]: where part k starts in seq (each part is preceded by one space); part_at maps
    # such an offset back to k (the end of seq counts as the start of one part past the last).
    offs = list(map(add, accumulate(map(len, parts), initial=0), range(1, len(parts) + 2)))
    part_at = dict(zip(offs, range(len(offs))))
    del offs[-1]
    seq = " " + " ".join(parts) + " "
    # (longest first, best spelling first, first token, hit number, last token, what it is).
    hits: list[tuple[int, float, int, int, int, Any]] = []
    spellings = idx.spelling_cache
    for end_idx, ts in idx.automaton.iter(seq):
        k0 = part_at.get(end_idx - len(ts))  # the part the first skeleton character starts
        if k0 is None:
            continue
        t0 = keep[k0]
        first = raw[t0][:1]
        if first.isascii() and first.isalpha() and not first.isupper():
            continue  # Latin mentions must be capitalised
        k1 = part_at.get(end_idx + 1)
        # A part holding a space ends a hit inside it: the part of the last skeleton character.
        t1 = keep[k1 - 1 if k1 is not None else bisect_right(offs, end_idx - 1) - 1]
        spelled = norm[t0] if t1 == t0 else " ".join([norm[j] for j in range(t0, t1 + 1) if not article[j]])
        key = (ts, spelled)
        found = spellings[key] if key in spellings else _spelling(idx, ts, spelled)
        if found is not None:
            hits.append((t0 - t1, found[0], t0, len(hits), t1, found[1]))
    # Longest match first, then best spelling; no two mentions share a token.
    hits.sort()
    taken = [False] * n
    kept: list[_Raw] = []
    starts, ends = toks.starts, toks.ends
    for _len, _sim, t0, _k, t1, what in hits:
        if t1 == t0:
            if taken[t0]:
                continue
            taken[t0] = True
        else:
            if True in taken[t0:t1 + 1]:
                continue
            taken[t0:t1 + 1] = [True] * (t1 + 1 - t0)
        if type(what) is str:
            kept.append(_Raw(t0, t1, starts[t0], ends[t1], [], foreign=what, nt0=t0, nt1=t1))
        else:
            kept.append(_Raw(t0, t1, starts[t0], ends[t1], what, nt0=t0, nt1=t1))
    kept.sort(key=attrgetter("t0"))
    # Extend over an article glued before the name ("al-Qaim", "Al Hawijah").
    for r in kept:
        if r.t0 > 0 and article[r.t0 - 1]:
            r.t0 -= 1
            r.start = starts[r.t0]
    return kept


def _spelling(idx: _Index, ts: str, spelled: str) -> tuple[float, Any] | None:
    """What an automaton hit of skeleton ``ts`` spelled ``spelled`` (its normalised tokens)
    finds: (minus the best similarity, the foreign country's name or the candidates), or None
    when nothing; kept in ``_Index.spelling_cache``, as words recur across reports."""
    mention_key = nz.normalize(spelled)
    if ts in _foreign_skeletons() and mention_key in _FOREIGN:
        found: tuple[float, Any] | None = (-1.0, _FOREIGN[mention_key])
    else:
        cands = _candidates(idx, ts, mention_key)
        found = (-_cand_stats(idx, cands)[4], cands) if cands else None
    if len(idx.spelling_cache) > 200_000:
        idx.spelling_cache.clear()
    idx.spelling_cache[(ts, spelled)] = found
    return found


@lru_cache(maxsize=1)
def _foreign_skeletons() -> frozenset[str]:
    return frozenset(_tokskel(k) for k in _FOREIGN)


_PART_OF_WORDS = frozenset({"outskirts", "vicinity", "environs", "countryside", "area", "areas"})
_QUARTER_WORDS = frozenset({"a", "residential", "commercial", "industrial", "busy", "crowded", "poor", "popular",
                            "densely", "populated", "central", "old", "market", "shopping", "downtown", "another"})


def _cues(text: str, toks: _Tokens, r: _Raw, taken_after: set[int]) -> None:
    """Generic words and directional words around a mention: cue class, span, direction."""
    n = len(toks.raw)
    cues: list[str] = []
    # Generic words right after the name ("Hamrin Mountains", "Diyala province").
    j = r.t1 + 1
    if j < n and j not in taken_after and text[toks.ends[r.t1]:toks.starts[j]] in (" ", "-"):
        g = _generic_at(toks, j, True)
        if g:
            cues.append(g[0])
            r.t1 = j + g[1] - 1
            r.end = toks.ends[r.t1]
    # Generic words right before ("Mount Sinjar", "Lake Tharthar", "Qada Makhmour").
    i = r.t0 - 1
    if i >= 0 and text[toks.ends[i]:toks.starts[r.t0]] == " ":
        g = _generic_at(toks, i, False)
        if g and (toks.raw[i - g[1] + 1][:1].isupper() or has_arabic(toks.raw[i - g[1] + 1])):
            cues.append(g[0])
            r.t0 = i - g[1] + 1
            r.start = toks.starts[r.t0]
    # "the town of X", "the mountains of X", "X district of", "the village of X".
    if r.t0 >= 2 and toks.norm[r.t0 - 1] == "of":
        g = _generic_at(toks, r.t0 - 2, False)
        if g and toks.norm[r.t0 - 2] in _PART_OF_WORDS:
            g = None  # "the outskirts of Taza Khurmatu" says nothing of what Taza Khurmatu is
        if g:
            before = toks.norm[r.t0 - 2 - g[1]] if r.t0 - 2 - g[1] >= 0 else ""
            if g[0] == "adm2" and before in _QUARTER_WORDS:
                # "a residential district of Zubair": a quarter of the town, not its district
                g = ("locality", g[1])
            cues.append(g[0])
            if r.t0 - 2 - g[1] >= 0 and toks.norm[r.t0 - 2 - g[1]] in _DIRECTIONS:
                r.direction = toks.norm[r.t0 - 2 - g[1]]
    # Directional qualifier: "western Kirkuk", "north of Baghdad" is handled by the incident.
    if r.t0 >= 1 and toks.norm[r.t0 - 1] in _DIRECTIONS:
        r.direction = toks.norm[r.t0 - 1]
    if cues:
        r.cue = cues[0]
        r.cue_words = tuple(cues)


def _coordinate_cues(text: str, toks: _Tokens, raws: list[_Raw]) -> None:
    """Spread a plural generic word back over a list: "in Diyala and Kirkuk provinces"."""
    for k in range(len(raws) - 1, 0, -1):
        b = raws[k]
        if not b.cue:
            continue
        j = k - 1
        while j >= 0:
            a = raws[j]
            gap = text[a.end:b.start if j == k - 1 else raws[j + 1].start].strip().lower()
            if gap not in (",", "and", ", and", "or", ", or", "&") or a.cue:
                break
            a.cue = b.cue
            a.cue_words = b.cue_words
            j -= 1


_QUARTER_AFTER = frozenset({"quarter", "neighbourhood", "neighborhood", "mahalla"})
# Verbs that take a place as their object ("shelled Ain Aissa"); also incident-location words.
_PLACE_VERBS = frozenset({"shelled", "bombed", "struck", "raided", "stormed", "overran", "entered", "hit", "targeted",
                          "pounded"})
# Spellings of one Arabic name in Latin letters: doubled letters (the shadda), ai/ay/ei, ou/u.
_TRANSLIT_FOLDS = (("ai", "ay"), ("ei", "ay"), ("ou", "u"))
_DOUBLED_RE = re.compile(r"(\w)\1")


_FINAL_H_RE = re.compile(r"(?<=[aeiou])h\b")


def _transliteration_key(key: str) -> str:
    key = _FINAL_H_RE.sub("", _DOUBLED_RE.sub(r"\1", key))  # "Khalidiya" is "Khalidiyah"
    for a, b in _TRANSLIT_FOLDS:
        key = key.replace(a, b)
    return key


def _same_transliteration(key: str, cands: list[tuple[int, str, float]]) -> bool:
    """A candidate spelled as the mention is, up to the usual variants of transliteration."""
    folded = _transliteration_key(key)
    return any(sim >= 0.75 and _transliteration_key(k) == folded for _, k, sim in cands)



# "Snune (Sinuni)", "Yayci (also spelt Yayji)": the name in brackets is another spelling of the
# capitalised name before it, and stands where that name stands in the sentence.
_ALT_SPELLING_VERBS = ("spelt", "spelled", "written", "known as", "called")
_ALT_SPELLING_OPEN = rf"\s*\((?:(?:also|or)\s+(?:{'|'.join(_ALT_SPELLING_VERBS)})\s+|or\s+)?"
_ALT_SPELLING_GAP_RE = re.compile(_ALT_SPELLING_OPEN)
_ALT_SPELLING_BEFORE_RE = re.compile(rf"(?:al-|el-)?[A-Z][\w'’-]*{_ALT_SPELLING_OPEN}$")
_ALT_SPELLING_WORDS = frozenset({"also", "or", *" ".join(_ALT_SPELLING_VERBS).split()})


def _alt_name_token(toks: _Tokens, t0: int) -> int:
    """The token of the name a bracketed spelling at token ``t0`` follows ("Snune" of "Snune (Sinuni)")."""
    j = t0 - 1
    while j > 0 and toks.norm[j] in _ALT_SPELLING_WORDS:
        j -= 1
    return j


def _alt_gap_start(toks: _Tokens, t0: int) -> int:
    j = _alt_name_token(toks, t0)
    return toks.ends[j] if toks.raw[j][:1].isupper() else toks.starts[t0]


def _keep(text: str, toks: _Tokens, r: _Raw, idx: _Index, sent_starts: set[int]) -> bool:
    """The common-word, person-name and importance filters."""
    if r.foreign:
        return True
    core_tokens = [toks.norm[j] for j in range(r.nt0, r.nt1 + 1) if not toks.article[j]]
    key = " ".join(core_tokens)
    best_imp, exact, strong, klasses, best_sim, _seen = _cand_stats(idx, r.cands)
    prev = r.t0 - 1
    nxt = r.t1 + 1
    n = len(toks.raw)
    at_sentence_start = toks.starts[r.t0] in sent_starts or (
        prev >= 0 and text[toks.ends[prev]:toks.starts[r.t0]].strip() in ("“", '"', "‘", "'"))
    single = len(core_tokens) == 1
    if single and (core_tokens[0] in _DEMONYMS or key.endswith("ish") and key[:-3] in _DEMONYMS):
        return False
    if single and has_arabic(key) \
            and (key in _AR_STOP or key in nz.generic_words() or (best_sim < 0.97 and not r.cue)) \
            and any(0 <= j < len(toks.raw) and has_arabic(toks.raw[j]) for j in (prev, nxt)):
        # In Arabic prose, a function word, adjective or generic word ("عن", "ناحية") that
        # names a village somewhere, or a single word only close to a name: a word of the
        # language ("تدمير", destruction, is not Tadmur; "حادثة", incident, is not Haditha). An
        # Arabic name quoted in Latin prose is kept.
        return False
    if single and core_tokens[0] in _STOP:
        if at_sentence_start or best_imp < 0.85 or not exact or r.cue:
            return False
    # A title or a given name before it, or capitalised words glued on either side: part of a
    # person's or an organisation's name ("Maj Gen. Eric Hill", "Najah al-Shammari").
    if prev >= 0 and toks.norm[prev] in _TITLES:
        return False
    glued_before = prev >= 0 and text[toks.ends[prev]:toks.starts[r.t0]] in (" ", "-") and \
        toks.raw[prev][:1].isupper() and toks.norm[prev] not in _DIRECTIONS and \
        toks.norm[prev] not in nz.generic_words() and not (toks.starts[prev] in sent_starts and toks.norm[prev] in _STOP)
    glued_after = nxt < n and text[toks.ends[r.t1]:toks.starts[nxt]] in (" ", "-") and \
        toks.raw[nxt][:1].isupper() and toks.norm[nxt] not in nz.generic_words() and \
        toks.norm[nxt] not in _FUNCTION_WORDS
    # ... except the two towns of a road ("the Kirkuk-Dibis road").
    if glued_before and toks.norm[prev] not in _DEMONYMS and r.cue != "road" and not _ROAD_AFTER_RE.match(text, r.end):
        return False
    if glued_after and not strong and not _ROAD_AFTER_RE.match(text, toks.ends[nxt]):
        return False
    if nxt < n and toks.norm[nxt] in _QUARTER_AFTER and not exact:
        return False  # "the Wasiti quarter" of a city the data does not know, not Wasit governorate
    short = len(key.replace(" ", "")) <= 4
    if short and single and not exact and toks.raw[r.t0].isupper() and toks.raw[r.t0].isascii():
        return False  # an acronym ("SNA", "PKK"), not a close spelling of a village
    if short and best_imp < 0.8 and not r.cue and not (exact and prev >= 0 and toks.norm[prev] in _LOCATIVE):
        return False  # a short word, unless spelled as a place after "near", "in" ... ("near Gwer")
    if best_imp < 0.7 and not (klasses - {"locality"}):
        # Unknown villages: exact spelling (or the same transliteration: "Ain Issa" is "Ayn Isa")
        # and a locative word, a verb that takes a place, or a generic cue before them.
        if not exact and not _same_transliteration(key, r.cands):
            return False
        before = toks.norm[prev] if prev >= 0 else ""
        if prev >= 1 and _ALT_SPELLING_GAP_RE.fullmatch(text, _alt_gap_start(toks, r.t0), toks.starts[r.t0]):
            before = toks.norm[_alt_name_token(toks, r.t0) - 1]  # "near Snune (Sinuni)": the word before Snune
        # (an Arabic name led by its own generic word, "ناحية الشوملي", is written as a place)
        if not r.cue and before not in _LOCATIVE and before not in _PLACE_VERBS \
                and not (not single and has_arabic(key) and nz.split_generic(key)[1]):
            return False
    if at_sentence_start and single and not exact and best_imp < 0.85:
        return False
    return True


_LIST_GAPS = frozenset({" and ", ", ", " or ", ", and ", ", or ",
                        " و", "، ", " أو ", " او ", "، و"})  # Arabic: "and" written onto the next word


def _keep_listed(text: str, raws: list[_Raw], keep: list[bool]) -> None:
    """A name the filters dropped (short, or a minor place) that the text lists with a place
    they kept ("on the road between Tarmiyah and Taji") is kept: spelled exactly as in the data."""
    order = sorted(range(len(raws)), key=lambda k: raws[k].start)
    for n, k in enumerate(order):
        r = raws[k]
        if keep[k] or r.foreign or not r.cands \
                or not (text[r.start:r.start + 1].isupper() or has_arabic(text[r.start:r.start + 1])) \
                or not any(sim == 1.0 for _, _, sim in r.cands) or text[r.start:r.end].lower() in _STOP \
                or text[r.start:r.end].lower() in _DEMONYMS:
            continue
        if has_arabic(text[r.start:r.start + 1]) and (key := nz.normalize(text[r.start:r.end])) \
                and (key in _AR_STOP or key in nz.generic_words()):
            continue  # "ومدينة الديوانية" (and the city of Diwaniyah): a word, not a listed place
        for j in (order[n - 1] if n else None, order[n + 1] if n + 1 < len(order) else None):
            if j is None or not keep[j] or raws[j].foreign:
                continue
            gap = text[raws[j].end:r.start] if raws[j].end <= r.start else text[r.end:raws[j].start]
            if gap in _LIST_GAPS:
                keep[k] = True
                break


# --------------------------------------------------------------------------- resolution

_ADMIN_LEVEL = {"adm1": 1, "adm2": 2, "adm3": 3}


_COARSE = {"country": 6, "region": 5, "adm1": 4, "adm2": 3, "adm3": 2}


def _coarseness(idx: _Index, r: _Raw) -> int:
    """How coarse the most important reading of a mention is (0 for towns and landmarks)."""
    if r.cue in _COARSE:
        return _COARSE[r.cue]
    top = max((c[2] for c in r.cands), default=0.0)
    return max((_COARSE.get(idx.klass[e], 0) for e, _, s in r.cands if s >= top), default=0)


def _same_parent(idx: _Index, eid: int, unit: int) -> bool:
    """Whether ``eid`` lies in the unit one level above the admin unit ``unit``: a town at the edge
    of its own sub-district, which simplified boundaries put in the neighbouring one."""
    parent = 0 if idx.klass[unit] == "adm2" else 1
    code = idx.admin[unit][parent]
    return bool(code) and idx.admin[eid][parent] == code


def _within(idx: _Index, eid: int, ctx_eid: int) -> bool:
    """Whether entity ``eid`` lies in the admin unit / country / region ``ctx_eid``."""
    info = idx.ctx_info.get(ctx_eid)
    if info is None:
        info = idx.ctx_info[ctx_eid] = _ctx_info(idx, ctx_eid)
    kind, code, pos, region = info
    if kind == "admin":
        if idx.admin[eid][pos] == code:
            return True
        codes = idx.adm1_codes[eid]
        return pos == 0 and bool(codes) and code in str(codes).split("|")
    if kind == "country":
        return idx.country[eid] == code
    if kind == "region":
        return (idx.admin[eid][0] or "") in region
    return False


def _ctx_info(idx: _Index, ctx_eid: int) -> tuple[str, Any, int, list[str]]:
    """What :func:`_within` tests against a context entity, worked out once per entity."""
    kl = idx.klass[ctx_eid]
    if kl == "country":
        return "country", idx.country[ctx_eid], 0, []
    src = idx.source[ctx_eid]
    code = src.split(":", 1)[1] if ":" in src else src
    if kl in _ADMIN_LEVEL:
        return "admin", code, (_ADMIN_LEVEL[kl] - 1) * 2, []
    if kl == "region" and idx.adm1_codes[ctx_eid]:
        return "region", code, 0, str(idx.adm1_codes[ctx_eid]).split("|")
    return "none", code, 0, []


def _base_scores(idx: _Index, cands: list[tuple[int, str, float]], cue: str | None, directed: bool,
                 country_hint: str | None) -> list[tuple[float, int, float, str, bool]]:
    """The part of :func:`_choose`'s scores that depends on the mention alone, per candidate
    ``(score, eid, similarity, governorate code, in the hinted country)``; kept on the shared
    candidate lists, as a spelling recurs across reports."""
    bases = cands.bases if type(cands) is _Cands else None
    key = (cue, directed, country_hint)
    if bases is not None:
        got = bases.get(key)
        if got is not None:
            return got
    seen = _cand_stats(idx, cands)[5]
    klass, imp, admin, country = idx.klass, idx.imp, idx.admin, idx.country
    compatible = {e for e, _ in seen if _class_fits(cue, klass[e])} if cue else set()
    out = []
    # A name spelled exactly as the text has it beats a close spelling of another name
    # ("Baghdadi", the Anbar town, is not Baghdad).
    exact = _cand_stats(idx, cands)[1]
    for eid, sim in seen:
        kl = klass[eid]
        s = 0.55 * sim + 0.3 * imp[eid] - (0.15 if exact and sim < 0.97 else 0.0)
        if cue:
            s += 0.25 if eid in compatible else (-0.3 if compatible else 0.0)
        elif kl in _LANDMARK_CLASSES and kl != "other":
            s -= 0.12  # a bare "Hamrin" is a place before it is the range
        if directed and not cue and kl == "adm1":
            s += 0.2  # "western Kirkuk" is the governorate's west, not the city's
        out.append((s, eid, sim, admin[eid][0] or "", bool(country_hint) and country[eid] == country_hint))
    if bases is not None:
        bases[key] = out
    return out


def _choose(idx: _Index, r: _Raw, ctx: list[int], doc_adm1: set[str], country_hint: str | None,
            refs: Sequence[int] = (), ref_km: float = 40.0, ref_bearing: float | None = None,
            ) -> tuple[list[tuple[float, int, float]], list[str]]:
    """Ranked candidates ``(score, eid, similarity)`` and notes for one mention; ``refs`` are
    places the text locates it by, within ``ref_km`` of which a candidate is preferred (and,
    when the text gives the bearing from them, "south-east of Najaf", only in that direction)."""
    notes: list[str] = []
    cue = r.cue
    base = _base_scores(idx, r.cands, cue, bool(r.direction), country_hint)
    scored: list[tuple[float, int, float]] = []
    for s, eid, sim, a1, hinted in base:
        if refs:
            km, f = min([(_km(idx.lat[eid], idx.lon[eid], idx.lat[f], idx.lon[f]), f) for f in refs])
            if ref_bearing is not None and km > 5.0 and idx.klass[f] == "locality" and \
                    _angle_apart(_bearing(idx.lat[f], idx.lon[f], idx.lat[eid], idx.lon[eid]), ref_bearing) > 67.5:
                km = ref_km  # "Al-Hira, south-east of Najaf": not the Al Hillah north of Najaf
            if km < ref_km:
                # "Kharabah near Sharqat": the Kharabah close to Sharqat, the closest of several
                s += 0.3 - 0.002 * km
        if ctx and any(_within(idx, eid, c) for c in ctx):
            s += 0.3
        elif a1 in doc_adm1:
            s += 0.08
        if hinted:
            s += 0.05
        scored.append((s, eid, sim))
    scored.sort(key=lambda x: (-x[0], x[1]))
    if not scored:
        return scored, notes
    best = scored[0][1]
    # The seat rule: a bare name shared by an admin unit and an important town inside it means
    # the town ("Hawija" is the town, "Hawija district" the qadha).
    if idx.klass[best] in ("adm2", "adm3") and not (cue and cue.startswith("adm")):
        best_sim = scored[0][2]
        for s, e, sim in scored[1:]:
            if idx.klass[e] == "locality" and sim >= min(0.9, best_sim - 0.05) and idx.importance[e] >= 0.5 \
                    and (_within(idx, e, best) or _same_parent(idx, e, best)):
                scored.remove((s, e, sim))
                scored.insert(0, (scored[0][0] + 0.01, e, sim))
                break
    if cue == "adm3" and doc_adm1 and not ctx and idx.admin[best][0] not in doc_adm1:
        # "the Al-Abbasiya sub-district" in a report on Najaf: the boundaries table lacks some
        # sub-districts (Najaf's Al-Abbasiya, Al-Mishkhab); one is named after its seat, a town
        # of the report's governorates spelled exactly so, not a namesake unit elsewhere.
        seat = next((x for x in scored[1:] if idx.klass[x[1]] == "locality" and x[2] >= 0.97
                     and idx.admin[x[1]][0] in doc_adm1), None)
        if seat is not None and scored[0][2] < 0.97:
            scored.remove(seat)
            scored.insert(0, (scored[0][0] + 0.01, seat[1], seat[2]))
            notes.append(f"no sub-district {r.text or ''} in the report's governorates; its seat, "
                         f"{idx.name[seat[1]]}, instead of {idx.name[best]} in {idx.admin[best][1]}")
    if ctx and not any(_within(idx, scored[0][1], c) for c in ctx):
        names = ", ".join(idx.name[c] for c in ctx)
        where = idx.admin[scored[0][1]][1] or idx.country[scored[0][1]]
        notes.append(
            f"the text places {r.text or 'it'} in {names}, but the gazetteer puts "
            f"{idx.name[scored[0][1]]} in {where}; the gazetteer is kept")
    return scored, notes


def _resolution(idx: _Index, query: str, scored: list[tuple[float, int, float]], method: str,
                status: Status | None = None) -> Resolution:
    # Resolutions are immutable: the same mention ranked the same way is built once.
    ck = (query, method, status, tuple(scored[:6]))
    hit = idx.res_cache.get(ck)
    if hit is None:
        hit = _build_resolution(idx, query, scored, method, status)
        if len(idx.res_cache) > 50_000:
            idx.res_cache.clear()
        idx.res_cache[ck] = hit
    return hit


def _build_resolution(idx: _Index, query: str, scored: list[tuple[float, int, float]], method: str,
                      status: Status | None) -> Resolution:
    s, eid, sim = scored[0]
    alts = tuple(_candidate(idx, e, max(0.0, min(1.0, sc / 1.4))) for sc, e, _ in scored[1:6])
    if status is None:
        status = "resolved"
        if len(scored) > 1 and scored[1][0] > s - 0.02 and idx.klass[scored[1][1]] == idx.klass[eid]:
            d = _km(idx.lat[eid], idx.lon[eid], idx.lat[scored[1][1]], idx.lon[scored[1][1]])
            if d > 25:
                status = "ambiguous"
    a = idx.admin[eid]
    prec = Precision.parse(idx.precision[eid] or "unknown")
    unc = idx.uncertainty_km[eid]
    disp = idx.disputed[eid]
    return Resolution(
        query=query, status=status, name=idx.name[eid], geometry=idx.geometry(eid),
        feature_type=idx.feature_type[eid], admin1_code=a[0], admin1_name=a[1], admin2_code=a[2],
        admin2_name=a[3], admin3_code=a[4], admin3_name=a[5],
        disputed=None if disp is None else bool(disp), score=max(0.0, min(1.0, s / 1.4)), method=method,
        precision=prec, source=idx.source[eid], alternatives=alts, country=idx.country[eid],
        uncertainty_km=None if unc is None else float(unc),
    )


def _candidate(idx: _Index, e: int, score: float) -> Candidate:
    """An alternative reading of a mention; what does not depend on the score is read once
    per entity."""
    fields = idx.cand_fields.get(e)
    if fields is None:
        fields = idx.cand_fields[e] = dict(
            name=idx.name[e], feature_type=idx.feature_type[e], source=idx.source[e],
            lat=round(float(idx.lat[e]), 6), lon=round(float(idx.lon[e]), 6),
            admin1_name=idx.admin[e][1], admin2_name=idx.admin[e][3])
    return Candidate(score=score, **fields)


def _replace(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` for the plain frozen value types (Resolution), without re-running
    ``__init__``: the incident step derives several resolutions per event and the generic
    replace costs as much as the rest of that step. Types with ``__post_init__`` or slots take
    the generic path."""
    cls = type(obj)
    if hasattr(cls, "__post_init__") or not hasattr(obj, "__dict__"):
        return replace(obj, **changes)
    new = object.__new__(cls)
    d = new.__dict__
    d.update(obj.__dict__)
    for k in changes:
        if k not in d:
            raise TypeError(f"{cls.__name__} has no field {k!r}")
    d.update(changes)
    return new


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Degrees clockwise from north, from the first point to the second (a plane is close
    enough at the distances a text relates two places by)."""
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.degrees(math.atan2(dx, lat2 - lat1)) % 360.0


def _angle_apart(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


_GAP_BEARING_RE = re.compile(r"\b(north|south)?[- ]?(east|west)?(?:ern)?\s+of\b", re.I)


def _gap_bearing(gap: str) -> float | None:
    """The bearing "south-east of" (in the words between a place and its reference) names."""
    m = _GAP_BEARING_RE.search(gap)
    if m is None or not (m.group(1) or m.group(2)):
        return None
    dx, dy = _DIRECTIONS[((m.group(1) or "") + (m.group(2) or "")).lower()]
    return math.degrees(math.atan2(dx, dy)) % 360.0


def _unresolved(query: str, method: str, alts: tuple[Candidate, ...] = ()) -> Resolution:
    return Resolution(query=query, status="unresolved", method=method, alternatives=alts)


# --------------------------------------------------------------------------- events, actors, counts

_ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(p)) for name, p in (
    ("ISIS", r"\b(?:ISIS|ISIL|IS|Daesh|Da'esh|DAESH|Islamic State)\b"),
    ("Coalition (CJTF-OIR)", r"\b(?:CJTF-OIR|OIR|[Cc]oalition(?! Provisional)|Operation Inherent Resolve)\b"),
    ("Iraqi Army", r"\b(?:Iraqi [Aa]rmy|[Ii]raqi (?:troops|soldiers)|\d+\w* (?:Iraqi )?Army Division|army|(?<!Peshmerga )soldiers?)\b"),
    ("Iraqi Federal Police", r"\b[Ff]ederal [Pp]olice\b"),
    ("Iraqi Police", r"\b(?:policem[ae]n|police officers?|local police|Iraqi [Pp]olice)\b"),
    ("Iraqi Security Forces", r"\b(?:Iraqi [Ss]ecurity [Ff]orces|ISF|security forces)\b"),
    ("Counter-Terrorism Service", r"\b(?:Counter[- ]Terrorism Service|CTS)\b"),
    ("Popular Mobilization Forces", r"\b(?:PMF|PMU|Hashd(?: al-Shaabi)?|Popular Mobili[sz]ation (?:Forces|Units))\b"),
    ("Tribal Mobilization", r"\b(?:Hashd al-Ashaeri|[Tt]ribal (?:Mobili[sz]ation|fighters))\b"),
    ("Peshmerga", r"\bPeshmerga\b"),
    ("Asayish", r"\bAsayish\b"),
    ("SDF", r"\b(?:SDF|Syrian Democratic Forces)\b"),
    ("PKK", r"\b(?:PKK|Kurdistan Workers'? Party)\b"),
    ("Turkish military", r"\b(?:Turkish (?:army|military|forces|warplanes|jets|drones?|troops)|Turkey's military)\b"),
    ("Iranian military", r"\b(?:Iranian (?:army|forces|artillery|drones?)|IRGC|Revolutionary Guards?)\b"),
    ("Civilians", r"\b(?:civilians?|villagers?|farmers?|shepherds?|herders?|residents?)\b"),
    ("Unidentified gunmen", r"\b(?:[Uu]nidentified|[Uu]nknown) (?:gunmen|assailants|attackers|militants)\b"),
))

_KILL = (r"(?:killed|killing|kills|kill|dead|died|deaths?|slain|lost their lives|martyred|shot dead|claimed the lives of|"
         r"claiming the lives of|executed|executing|beheaded|assassinated|murdered|gunned down|stabbed to death|"
         r"beaten to death|strangled)")
_WOUND = r"(?:wounded|wounding|wounds|injured|injuring|injuries|hurt)"
_VICTIM = (
    r"(?:soldiers?|fighters?|militants?|members?|civilians?|people|persons?|officers?|policem[ae]n|"
    r"troops?|personnel|guards?|farmers?|shepherds?|herders?|children|child|women|woman|men|man|"
    r"boys?|girls?|villagers?|workers?|insurgents?|jihadists?|terrorists?|commanders?|leaders?|"
    r"others?|recruits?|conscripts?|individuals?|gunmen|attackers?|suspects?|volunteers?|"
    r"tribesmen|peshmerga|paramilitaries|civilian|security forces|fighter|residents?|"
    r"policemen|servicemen|contractors?|employees?|engineers?|drivers?|passengers?|hunters?|"
    r"mukhtars?|village (?:chief|head)s?|elders?|imams?|clerics?|journalists?|activists?|officials?|teachers?|doctors?|"
    r"lawyers?|shopkeepers?|owners?|traders?|merchants?|students?|pilgrims?|labou?rers?|cousins?|sons?|brothers?|"
    r"smugglers?|bystanders?|protesters?|demonstrators?|guests?|mourners?|worshippers?|shoppers?|customers?|"
    r"patients?|neighbou?rs?|porters?|beekeepers?|fishermen|fisherman|pupils?|schoolchildren|"
    r"relatives?|nephews?|daughters?|wives|wife|husbands?)"
)
# Words before the victims: not a bare dash ("Kurdistan 24 - An Iraqi soldier"), nor a word that
# starts the next phrase ("killing two and wounding four members": the four are the wounded).
_ADJ = r"(?:(?!(?:and|or|but|while|wounding|injuring|killing)\b)[\w'’][\w'’-]*\s+){0,4}?"
_ACTIVE_RE = re.compile(
    rf"\b(?P<verb>{_KILL}|{_WOUND}|left|leaving)\s+(?:the\s+(?=\w+\s+{_VICTIM}\b))?{QTY_PATTERN}(?:\s+{_ADJ}(?P<victim>{_VICTIM})\b)?"
    rf"(?:\s+(?P<state>dead|killed|wounded|injured))?", re.I)
# How badly victims were hurt, between the auxiliary and the verb ("two soldiers were lightly wounded").
_SEVERITY = "seriously|slightly|lightly|critically|severely|badly|moderately"
# "five soldiers were (reportedly) ...": the count and victims before a passive verb
# ("three members of the Popular Mobilization Forces were killed": the victims' unit may follow)
_PASSIVE_HEAD = (rf"{QTY_PATTERN}\s+(?:(?:of\s+(?:the|our|their|its|his)\s+)?{_ADJ}(?P<victim>{_VICTIM})(?:\s+(?:of|from)\s+(?:the\s+|our\s+|their\s+)?(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+"
                 # "two of them were already dead": some of the victims just told
                 rf"(?:\s+\([^()]{{1,20}}\))?)?|of\s+them)(?:,\s+(?:including\s+[^,;]{{1,40}}|aged\s+\d+(?:\s*(?:,|and|to|-)\s*\d+)*(?:\s+years?(?:\s+old)?)?),)?"
                 # "two men in the vehicle were killed": where the victims were, between them and the verb
                 rf"(?:\s+(?:in|inside|aboard|on board)\s+(?:the|a)\s+(?:vehicle|car|truck|pickup|bus|minibus|house|"
                 rf"building|boat)|\s+(?:inside|aboard|on board|in it|in them))?"
                 # "three soldiers who were wounded when ...": a relative clause, the same victims
                 rf"(?:\s+(?:who|that))?"
                 rf"\s+(?:(?:were|was|have been|had been|are|is|got|sustained|suffered)\s+)?"
                 rf"(?:reportedly\s+|also\s+|later\s+|already\s+)?(?:(?:{_SEVERITY})\s+)?(?:found\s+)?")
_PASSIVE_RE = re.compile(rf"{_PASSIVE_HEAD}(?P<verb>{_KILL}|{_WOUND})\b", re.I)
# The first of two coordinated groups of victims before a passive verb: "Three soldiers and (two
# civilians were killed)", "The school guard and (two pupils ...)", "A woman and her (two children ...)".
_COORD_VICTIM_BEFORE_RE = re.compile(
    rf"(?<![\w'’-])(?P<q2>\d{{1,3}}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?|the|one)\s+"
    rf"{_ADJ}(?P<victim2>{_VICTIM})\s+and\s+(?:(?:his|her|their)\s+)?$", re.I)
_PLURAL_VICTIM_RE = re.compile(r".*s|\w*men|(?:school)?children|people|personnel|peshmerga", re.I)
_BARE_RE = re.compile(rf"{QTY_PATTERN}\s+(?P<verb>killed|dead|wounded|injured)\b", re.I)

# Verbs of taking a person by force ("armed men took a shepherd ..."): a kidnapping trigger.
_TAKING_VERBS = ("took", "snatched", "grabbed", "dragged", "seized")

# (event type, sub event, trigger). Order matters: the first type whose trigger fires wins.
_EVENTS: tuple[tuple[str, str | None, re.Pattern[str]], ...] = tuple((t, s, re.compile(p, re.I)) for t, s, p in (
    # Armed men stopping travellers at a checkpoint of their own: an abduction or a robbery, not
    # an attack on one (a killing when the sentence counts dead).
    ("kidnapping", "fake checkpoint", r"\b(?:false|fake|bogus|phony|phoney|sham) check ?points?\b"),
    ("attack on checkpoint", None, r"\bcheck ?points?\b"),
    ("drone strike", None, r"\b(?:drone strikes?|drone attacks?|(?:armed|unmanned) (?:drone|aerial vehicle)s?|UAV strikes?|"
                           r"(?:explosive|bomb|booby)[- ](?:laden|packed|rigged) drones?|drones? (?:of (?:unknown|unidentified) origin )?(?:attacked|struck|hit|targeted|killed|bombed)|"
                           # "struck by a missile fired from a drone"
                           r"(?:fired|launched|dropped) (?:from|by) (?:an? |the )?(?:[\w-]+ )?drones?|"
                           # "a car that had been hit by a drone"
                           r"(?:hit|struck|targeted|bombed|attacked) by (?:an? |the )?(?:[\w-]+ )?drones?)\b"),
    ("airstrike", None, r"\b(?:air ?strikes?|air[- ]raids?|warplanes?|fighter jets?|(?:jets?|aircraft|planes?|helicopters?|bombers?)\b(?:\s+[\w-]+){0,5}?\s+(?:struck|hit|bombed|pounded|targeted|strike|bomb|pound|target)|aerial (?:bombardment|strikes?)|F-16s?|bombed (?:caves?|hideouts?|tunnels?|positions?)|strikes? (?:on|against|targeting) (?:alleged |suspected )?(?:ISIS|IS|Daesh|militant|PKK|caves?|hideouts?)\w*)\b"),
    ("suicide bombing", None, r"\b(?:suicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?|vest|car bomb)|blew (?:himself|herself) up)\b"),
    ("IED/explosion", None, r"\b(?:IEDs?|VBIEDs?|roadside bombs?|improvised explosive devices?|explosive devices?|car bombs?|sticky bombs?|magnetic bombs?|(?<!propelled )(?:hand )?grenades?|(?<!barrel )bombs?(?![\w-])|bomb (?:blast|attack|explo\w+|went off)|unexploded (?:\w+ ){0,2}(?:rounds?|shells?|ordnance|bombs?|devices?|munitions?|mines?)|explosive remnants?|(?:round|shell|device|mine) went off|explosions?|blasts?|landmines?|land mines?|(?:(?<=old )|(?<=improvised )|(?<=anti-tank )|(?<=antitank )|(?<=anti-personnel ))mines?|(?:stepped|stepping|trod|trodden|treading|drove|driving|ran) (?:on|over|onto) (?:an? |the )?(?:[\w-]+ )?mines?|detonated|exploded|explosive|"
                             r"(?:packed|laden|rigged|loaded|filled|booby-trapped) with explosives|blew up)\b"),
    ("shelling", None, r"\b(?:mortars?|rockets?(?![- ](?:propelled|launchers?))|katyusha|shell(?:ing|ed|s)|artillery|projectiles?)\b"),
    ("kidnapping", None, r"\b(?:kidnapp?(?:ed|ing|ings?)|kidnaps?|abduct(?:ed|ing|ion|ions|s)?|taken hostage|seized hostages?|"
                          # "armed men took a shepherd while he was grazing his sheep": a person taken by force
                          # (not "took the shepherds ...", which retells a kidnapping told before)
                          rf"(?:{'|'.join(_TAKING_VERBS)})\s+(?:a|an|two|three|four|five|\d+)\s+(?:[\w-]+\s+)?"
                          r"(?:shepherds?|herders?|farmers?|men|man|women|woman|boys?|girls?|children|child|drivers?|"
                          r"villagers?|civilians?|residents?|workers?|engineers?|teachers?|traders?|merchants?|"
                          r"(?:money )?changers?|shopkeepers?|shop owners?|doctors?|students?|journalists?|contractors?)\b"
                          r"(?![^.;]{0,40}\b(?:to|into)\s+(?:the\s+|a\s+)?(?:hospital|clinic|safety|shelter|school|court))"
                          # "forced him into their own vehicle", "was pushed into one of the cars"
                          r"|(?:forced|pushed|bundled|dragged|shoved|thrown)\s+(?:(?:him|her|them|(?:the|a|an)\s+[\w-]+)\s+)?"
                          r"into\s+(?:an?\s+|the\s+|their\s+|one of (?:the|their)\s+)?(?:own\s+)?(?:[\w-]+\s+)?"
                          r"(?:cars?|vehicles?|pick-?ups?|vans?|trucks?|SUVs?)"
                          # "stopped a track inspector ... and took him away by force"
                          r"|(?:took|taken|led|driven|dragged)\s+(?:(?:him|her|them)\s+)?away\s+(?:by\s+force|at\s+gunpoint))\b"),
    ("armed clash", None, r"\b(?:clash(?:ed|es)?|fire ?fights?|gun ?fights?|gun ?battles?|exchanged fire|exchanges? of (?:gun)?fire|(?:tribal|clan|armed) (?:fights?|fighting|feuds?|disputes?|conflicts?) (?:broke out|erupted|flared)|fight(?:ing)? between (?:two |rival )?(?:clans|tribes|families|groups)|fight(?:ing)? (?:broke out|erupted)|exchanged gunfire|returned (?:the )?fire|shoot-?outs?|ambush(?:ed|es)?|attack(?:ed|s)? (?:on )?(?:an? |the |their |its )?(?:army|military|security|Peshmerga|police|soldiers|troops|PMF|Hashd|positions?|posts?|base|patrol|outpost)|attack(?:ed|s)? (?:on )?(?:an? |the |their |its )(?:[A-Z][\w-]* ){1,3}(?:positions?|posts?|base|patrol|outpost|convoy)|repel(?:led|s)? (?:an? |the )?(?:\w+ )?attack|came under (?:heavy )?(?:fire|attack)|(?:attack(?:ed|s)?|assault(?:ed|s)?|stormed|fired (?:up)?on|shot at) (?:on )?(?:an? |the |their |its )?(?:[\w-]+ ){0,2}?check ?points?|opened fire on (?:an? |the )?(?:army|security|Peshmerga|police|soldiers|troops))\b"),
    ("killing", None, r"\b(?:killed|killing(?! (?:date )?(?:palms?|trees?|crops?|fish|livestock|sheep|cattle|animals|plants))|shot dead|executed|execution|assassinated|assassination|murdered|gunned down|beheaded|slain|"
                       r"stabbed to death|beaten to death|strangled)\b"),
    # "gunmen opened fire on a maintenance crew": an attack, a clash unless someone was killed
    ("armed clash", "opened fire", r"\b(?:opened|open|opening) fire (?:on|at)\b"),
    # "kidnapping for ransom" is the kidnapping
    ("extortion", None, r"\b(?:extort(?:ed|ing|ion)?|(?<!for )ransom|levied|protection money)\b"),
    ("arson", None, r"\b(?:set (?:on )?(?:fire|ablaze|alight)|torched|"
                     # "set its cab on fire", "fires set by unknown men destroyed ... wheat"
                     r"set (?:(?:its|the|their|his|her) (?:[\w-]+ ){0,4}?|it |them )(?:on fire|ablaze|alight)|fires? (?:were |was )?(?:set|started|lit) by|(?<=were |been )(?:burned|burnt)|(?<=was )(?:burned|burnt)|"
                     r"(?:deliberately|intentionally) (?:set|started|lit)|set (?:deliberately|intentionally)|burn(?:ed|t) (?:down )?(?:\w+ )?(?:crops|fields|farms|"
                     r"houses|homes|shops|stores|cars|vehicles|tents|harvest)|arson)\b"),
    ("arrest", None, r"\b(?:arrested|detained|captured|apprehended|rounded up|"
                      r"arrests?(?= (?:of|\d|two|three|four|five|six|seven|eight|nine|ten|several|an?|the) )|"
                      # "were able yesterday, Monday, to arrest a terrorist": done, not planned
                      r"(?<!not )able\b[^.;]{0,40}?\bto (?:arrest|detain|capture|apprehend)|"
                      r"(?:managed|succeeded) (?:to (?:arrest|detain|capture)|in (?:arresting|detaining|capturing)))\b"),
    ("armed group presence", "holdouts and hideouts", r"\b(?:holdouts?|hide ?outs?|hiding out|hide out|sleeper cells?|remain active|remnants? (?:are|remain|were) (?:active|hiding)|(?:established|set up|setting up|built) (?:\w+ )?(?:bases|camps|hideouts|positions)|safe havens?)\b"),
))

_ANY_TRIGGER_RE = re.compile("|".join(f"(?P<e{k}>{p.pattern})" for k, (_t, _s, p) in enumerate(_EVENTS)), re.I)
# Every trigger and casualty word starts with one of these stems, at the start of a word.
_STEMS = (
    "land", "car", "improvised", "exchange", "opened", "taken", "seized", "unmanned", "armed", "fighter", "truck",
    "vbied", "air", "strike", "raid", "warplane", "jet", "aircraft", "plane", "helicopter", "bomb", "aerial", "f-16",
    "suicide", "blew", "ied", "roadside", "explo", "device", "blast", "mine", "detonat", "mortar", "rocket",
    "katyusha", "shell", "artillery", "projectile", "kidnap", "abduct", "hostage", "clash", "fire", "fight", "gun", "tribal", "clan",
    "battle", "ambush", "attack", "kill", "shot", "execut", "assassinat", "murder", "behead", "slain", "extort",
    "ransom", "levied", "protection", "set ", "torch", "burn", "arson", "arrest", "detain", "captur", "apprehend",
    "rounded", "holdout", "hide", "hiding", "sleeper", "remain", "remnant", "establish", "built", "safe", "check",
    "dead", "died", "death", "wound", "injur", "hurt", "martyr", "lost their", "uav", "drone", "gunned",
    "execution", "repel", "unexplod", "round", "sticky", "magnetic", "claim", "casualt", "fatalit", "harmed", "stabbed",
    "beaten", "strangl", "came under", "grenade", "deliberately", "intentionally", "shoot", "hand", "assault", "storm", "able", "managed", "succeeded",
    "body of", "bodies of", "corpse", "returned", "stepped", "stepping", "trod", "drove", "driving", "ran ", "unhurt", "unharm", "unscath", "false", "fake", "bogus", "phony", "phoney", "sham", "hit by", "struck by", "targeted by", "bombed by", "attacked by",
    "packed", "laden", "rigged", "loaded", "filled", "booby",  # "a car packed with explosives"
    "forced", "pushed", "bundled", "dragged", "shoved", "thrown",  # "forced him into their car"
    "taken", "led", "driven",  # "took him away by force"
    *_TAKING_VERBS)
_IRREALIS_RE = re.compile(
    r"\b(?:plot|plotting|plan|planning|planned|prevent|preventing|stop|stopping|help|could|would|will|"
    r"may|might|threat(?:en)?s?|vow(?:ed|s)?|fear(?:s|ed)?|risk|intend|aim(?:ed|s)?|to|against|"
    r"tactics|capable|capacity|responsible for|avoid|deter|counter|anti|"
    # what someone is accused of, and habits rather than events ("arrested a man accused of
    # extorting ...", "militants have in past years burned crops", "every week there is a killing")
    r"(?:none|neither) of (?:[\w'’-]+\s+){1,3}(?:had|has|have|were|was) been|"
    r"(?:accused|suspected) of having \w+(?: the| an?)?|accused of|suspected of|charged with|charges of|convicted of|wanted for|in (?:past|previous|recent|earlier) years|"
    # what a source says it did not see ("did not record any Turkish drone strikes")
    r"(?:did|does|do|has|have|had|could|can)(?: not|n't) (?:record|report|see|document|register|observe|confirm|verify)"
    r"(?:ed)?(?: any)?|no reports? of|"
    # "Nobody was killed; one policeman was wounded": a figure of zero, not a killing
    r"(?:nobody|no one|no-one|none)(?: of (?:them|the \w+))? (?:was|were|has been|had been|have been)|"
    # the event a suspect is held for ("arrested two suspects in the killing")
    r"suspects? (?:in|over|for) the|"
    # "over last week's tribal fight that killed a young man": the event an arrest is about
    r"(?:last|previous) (?:week|month|year)['’]s (?:[\w-]+\s+){0,3}(?:that|which)|"
    r"spate of|wave of|series of|string of|rash of|surge in|rise in|increase in|"
    r"(?:stepped|stepping|scaled|scaling) up|(?:escalated|intensified|increased) (?:its|their)|"
    r"every (?:day|week|month|year|night)(?:\s+\w+){0,2}|"
    r"(?:has|have|had) been (?:carrying out|conducting|launching|waging|staging|mounting)|"
    # a ransom refused, not extortion: "has not paid, and will not pay, any ransom"
    r"(?:not|never|n't|refuses? to|refused to) pa(?:y|id),?)\s+(?:\w+\s+){0,2}$", re.I)
_SECURITY_VICTIM_RE = re.compile(
    r"\b(?:soldiers?|troops?|army|police(?:m[ae]n)?|officers?|security (?:forces|personnel|members)|Peshmerga|"
    r"PMF|Hashd|Popular Mobili[sz]ation|fighters? of|guards?|servicem[ae]n)\b", re.I)
# Where the victims of a killing stop being named: the source of the report ("..., a local police
# officer said", "according to the army") or a clause about something else ("..., accusing him of
# passing information to the security forces"; "...; ...").
_VICTIMS_END_RE = re.compile(
    r";|,\s+(?:[\w'’-]+\s+){0,6}?(?:said|says|told|added|according|accusing|accused|claiming|saying)\b"
    r"|\baccording\s+to\b", re.I)


def _victim_window(sentence: str, pos: int) -> str:
    """The words around the killing word at ``pos`` that can name its victims as security forces."""
    after = sentence[pos:pos + 120]
    cut = _VICTIMS_END_RE.search(after)
    return sentence[max(0, pos - 60):pos] + (after[:cut.start()] if cut else after)


_NON_INCIDENT_PLACE_RE = re.compile(
    r"\b(?:size of|larger than|bigger than|smaller than|as (?:large|big) as|compared (?:to|with)|"
    r"equivalent to|comparable to|the area of)\s+(?:the\s+)?$", re.I)


_ANY_TRIGGER_LOWER_RE = lowered(_ANY_TRIGGER_RE)
_PLUPERFECT_RE = re.compile(r"\b[Hh]ad\s+(?:been\s+)?$")
_PLUPERFECT_BEFORE_RE = re.compile(r"\b[Hh]ad\s+(?:been\s+)?(?:[a-z]+ed|set|put|laid|hit|shot)\s+(?:[\w-]+\s+){0,3}$")
_IRREALIS_LOWER_RE = lowered(_IRREALIS_RE)

_VERB = rf"\b(?:{_KILL}|{_WOUND}|left|leaving)\b"
_VERB_RE = re.compile(_VERB, re.I)
_CASUALTY_KEYS = ("kill", "dead", "died", "death", "slain", "lost their", "lives of", "martyr", "wound", "injur",
                  "execut", "behead", "assassinat", "murder", "gunned", "stabbed", "beaten", "strangl",
                  "hurt", "left", "leaving", "lost his", "lost her", "lost both", "losing his", "losing her")
_PASSIVE_END_RE = re.compile(rf"\b{_PASSIVE_HEAD}$", re.I)
_BARE_END_RE = re.compile(
    rf"\b{QTY_PATTERN}\s+(?:(?:were|was|have been|had been|got)\s+)?(?:also\s+|reportedly\s+|already\s+)?(?:(?:{_SEVERITY})\s+)?$", re.I)
_KILL_RE = re.compile(_KILL, re.I)
# The word a window must end with (before its final whitespace) for the passive / bare
# pattern to match it: a victim word ("security forces" ends in "forces"), an auxiliary or an
# adverb of the passive; the last word of a quantity ("5-10", "to10", "more", "dozens of").
_PASSIVE_LAST_RE = re.compile(rf"(?:{_VICTIM}|forces|them|were|was|been|are|is|got|sustained|suffered|reportedly|also|later|already|found|"
                              rf"{_SEVERITY})", re.I)
_BARE_LAST_RE = re.compile(
    rf"(?:(?:to|or|and|[-–—])?{QTY_PATTERN}|more|others?|other|of|were|was|been|got|also|reportedly|already|{_SEVERITY})", re.I)
_WOUND_RE = re.compile(_WOUND, re.I)
_TOLL_RE = re.compile(
    rf"\b(?:(?:death\s+)?toll\b[^.;]{{0,120}}?\b(?:rose|risen|rises|climbed|climbs|increased|increases|jumped|jumps|"
    rf"reached|reaches|stands|stood|is|was)\s+(?:to\s+|at\s+)?"
    # "... died of his wounds, bringing the toll of that attack to two dead and one wounded"
    rf"|(?:bringing|brings|brought|raising|raises|raised|taking|takes|took|pushing|pushes|pushed)\s+"
    rf"(?:the\s+|its\s+)?(?:death\s+)?toll\b[^.;]{{0,60}}?\bto\s+){QTY_PATTERN}", re.I)
_TOLL_RES = (_TOLL_RE, lowered(_TOLL_RE))
_PUT_DEAD_AT_RE = re.compile(
    rf"\b(?:put|puts|putting|placed|places|estimated|estimate|estimates)\s+the\s+(?:number\s+of\s+(?:the\s+)?dead|dead|"
    rf"death\s+toll|toll|fatalities)\s+at\s+{QTY_PATTERN}", re.I)
_COUNT_RES = (_ACTIVE_RE, _PASSIVE_END_RE, _BARE_END_RE, _PASSIVE_LAST_RE, _BARE_LAST_RE)
_COUNT_LOWER_RES = tuple(lowered(p) for p in _COUNT_RES)


# Between an arrest and another event word: what the arrested are held for, not a second event.
_ARRESTED_FOR_RE = re.compile(r"\b(?:suspected|accused|charged|convicted|wanted)\s+(?:of|for|over|in)\b|"
                              r"\bin connection with\b|\bfor (?:their|his|her|its) (?:role|part|involvement)\b|"
                              # Arabic "on a charge of", "accused of", "wanted under article ..."
                              r"بتهم[ةه]|المتهم|متهم|مطلوب", re.I)

# A sentence whose subject is one person, told before, who died.
_ONE_DIED_RE = re.compile(
    r"\s*(?:he|she|the\s+(?:[\w'-]+\s+){0,2}?(?:man|woman|boy|girl|child|driver|officer|policeman|soldier|victim|"
    r"farmer|shepherd|fighter|guard|teacher|owner|worker|passenger|engineer|mukhtar))\s+"
    r"(?:later\s+|also\s+|subsequently\s+|then\s+|soon\s+)?(?:died|succumbed)\b")

# "One of the eleven, our brother Mahmoud, died of his wounds last night", "Two of the wounded
# later died in hospital": wounded victims of the event just told who died since.
_WOUNDED_DIED_RE = re.compile(
    r"\s*(?P<n>one|two|three|\d)\s+of\s+(?:the|them|those)\b[^.;]{0,80}?\b(?:died|succumbed)\b", re.I)
_WOUND_WORD_RE = re.compile(r"\b(?:wounds|wounded|injuries|injured)\b", re.I)


def _toll_match(sentence: str, kills: Quantity | None) -> re.Match[str] | None:
    """Where a sentence with a death figure gives a toll ("bringing the toll to two"), or None."""
    return _search_ci(_TOLL_RES, sentence) if kills is not None and "toll" in sentence.lower() else None


def _ar_toll(sentence: str) -> Quantity | None:
    """The death toll an Arabic sentence raises an event told before to, or None."""
    m = _AR_TOLL_RE.search(_fold(sentence)[0])
    if m is None or (m["dead"].strip() and not _AR_TOLL_DEAD_RE.search(m["dead"])):
        return None  # "حصيلة الجرحى": the wounded, not the dead
    return parse_quantity_ar(m["aq"])


def _wounded_died(sentence: str) -> int:
    """How many wounded victims told before a sentence says died since (0 when it says none)."""
    m = _WOUNDED_DIED_RE.match(sentence)
    if m is None or not _WOUND_WORD_RE.search(sentence):
        return 0
    q = parse_quantity(m["n"])
    return q.best if q is not None and q.best else 0


_LOST_LIMB_RE = re.compile(
    r"\b(?:lost|losing|lose)\s+(?:his|her|both|one of his|one of her)\s+(?:(?:left|right|lower)\s+)?"
    r"(?:foot|feet|legs?|hands?|arms?|eyes?|sight|fingers)\b")
_TREATED_FOR_RE = re.compile(
    rf"\b{QTY_PATTERN}\s+{_ADJ}(?P<victim>{_VICTIM})\s+(?:are|were|was|is)\s+(?:still\s+)?(?:being\s+)?treated\s+"
    rf"(?:in\s+hospital\s+)?for\s+(?:their\s+|his\s+|her\s+)?(?:wounds|injuries|burns)\b", re.I)

# A body found is a person killed: "the body of a man abducted last week was found in an orchard",
# "police recovered the bodies of two shepherds".
_BODY_NOUN = r"(?P<noun>bod(?:y|ies)|corpses?)\s+of\s+(?:(?:an?|the|{q})\s+)?{adj}(?P<victim>{v})\b"
_BODY_FOUND_RE = re.compile(
    _BODY_NOUN.format(q=QTY_PATTERN, adj=_ADJ, v=_VICTIM)
    + r"[^.;]{0,80}?\b(?:(?:was|were|been|is|are)\s+)?(?:\w+\s+)?(?:found|discovered|recovered|retrieved)\b", re.I)
_BODY_FOUND_AFTER_RE = re.compile(
    r"\b(?:found|discovered|recovered|retrieved|pulled out)\s+(?:the\s+)?" + _BODY_NOUN.format(q=QTY_PATTERN, adj=_ADJ, v=_VICTIM),
    re.I)
# "a man's body with gunshot wounds was found by farmers"
_BODY_POSSESSIVE_RE = re.compile(
    rf"\b(?:an?|the)\s+{_ADJ}(?P<victim>{_VICTIM})['’]s\s+(?:body|corpse)\b[^.;]{{0,80}}?"
    r"\b(?:found|discovered|recovered|retrieved)\b", re.I)
_BODY_FOUND_RES = ((_BODY_FOUND_RE, _BODY_FOUND_AFTER_RE), (lowered(_BODY_FOUND_RE), lowered(_BODY_FOUND_AFTER_RE)))


def _body_found(sentence: str) -> re.Match[str] | None:
    """The "body of ... found" (or "found the body of ...") phrase of a sentence, if any."""
    low = sentence.lower()
    if "bod" not in low and "corpse" not in low:
        return None
    return _BODY_FOUND_RE.search(sentence) or _BODY_FOUND_AFTER_RE.search(sentence)

# "No one was hurt", "nobody was killed", "no casualties were reported", "without casualties".
_NO_CASUALTY_RE = re.compile(
    r"\b(?:(?:no one|no-one|nobody|none)\s+(?:else\s+)?(?:was|were|has been|had been|is|got)\s+(?:reportedly\s+|reported\s+|seriously\s+)?"
    r"(?P<what>killed|hurt|injured|wounded|harmed)(?:\s+or\s+(?P<what4>hurt|injured|wounded|harmed))?"
    r"|(?:no|without|caused no|causing no|without\s+causing(?:\s+any)?)\s+(?:immediate\s+|reported\s+|human\s+)?"
    r"(?P<what2>casualties|injuries|deaths|fatalities|losses)"
    r"|no\s+(?:[\w-]+\s+){0,4}?(?:personnel|soldiers|troops|civilians|people|members|forces|fighters)\s+(?:were|was)\s+"
    r"(?:reportedly\s+)?(?P<what3>killed|hurt|injured|wounded|harmed)"
    # "was released unharmed"
    r"|(?:released|freed|escaped|rescued|returned)\s+(?:\w+\s+)?(?P<what5>unharmed|unhurt|unscathed)"
    # "three people were wounded, none of them fatally": nobody was killed
    r"|none\s+(?:of\s+(?:them|whom)\s+)?(?:\w+\s+)?(?P<what6>fatally|mortally))\b")
# "No one was hurt" says nobody was killed either.
_ZERO_KILLED = frozenset({"killed", "hurt", "harmed", "casualties", "deaths", "fatalities", "losses",
                          "unharmed", "unhurt", "unscathed", "fatally", "mortally"})
_ZERO_INJURED = frozenset({"hurt", "injured", "wounded", "harmed", "casualties", "injuries", "losses",
                           "unharmed", "unhurt", "unscathed"})
_ONE_VICTIM_NOUN = (
    r"the\s+(?:[\w'-]+\s+){0,2}?(?:driver|mukhtar|owner|shopkeeper|lawyer|guard|officer|soldier|policeman|farmer|"
    r"shepherd|man|woman|boy|girl|child|imam|teacher|doctor|journalist|engineer|contractor|employee|official|commander|"
    r"leader|cleric|activist|resident|villager|worker|passenger|trader|head|chief|son|daughter|brother|wife|husband|"
    r"father|mother|assistant|pharmacist|baker|grocer|mechanic|nurse|student|judge|mayor|preacher|vaccinator)")
_ONE_VICTIM_RE = re.compile(
    r"\b(killed|killing|shot dead|executed|executing|murdered|beheaded|assassinated|wounded|wounding|injured|injuring)"
    rf"\s+(?:{_ONE_VICTIM_NOUN}|a\s+(?:second|third|fourth|fifth))\b"
    # "shot the driver dead"
    rf"|\b(shot)\s+{_ONE_VICTIM_NOUN}\s+dead\b")
_UNSPECIFIED_RE = re.compile(r"\b(?:unspecified|unknown|undisclosed|unconfirmed)\s+number\b", re.I)
_FAMILY_OF_RE = re.compile(
    r"\b(killed|killing|wounded|wounding|injured|injuring)\s+(?:an?\s+|the\s+)?(?:entire\s+|whole\s+)?family\s+of\s+"
    r"(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\b")
# "wounding his mother and his nephew": the victims are told as kin of someone named before.
_KIN_WORDS = (r"(?:son|daughter|brother|sister|wife|husband|father|mother|cousin|nephew|niece|uncle|aunt|child|"
              r"grandson|granddaughter|grandfather|grandmother)")
_KIN_PLURALS = (r"(?:sons|daughters|brothers|sisters|cousins|nephews|nieces|uncles|aunts|children|"
                r"grandsons|granddaughters|grandchildren)")
_KIN_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_KIN_SOME = rf"{_KIN_COUNT}\s+of\s+"
_POSSESSIVE_KIN = (rf"(?:{_KIN_SOME}(?:his|her|their)\s+(?:[\w'-]+\s+)?{_KIN_PLURALS}"
                   rf"|(?:his|her|their)\s+(?:[\w'-]+\s+)?{_KIN_WORDS})\b")
_KIN_VICTIMS_RE = re.compile(
    rf"\b(?P<verb>killing|killed|wounding|wounded|injuring|injured)\s+(?P<kin>{_POSSESSIVE_KIN}"
    rf"(?:\s*,\s*{_POSSESSIVE_KIN})*(?:,?\s+and\s+{_POSSESSIVE_KIN})?)")
# One victim per possessive in a _KIN_VICTIMS_RE match, or the number before "of his".
_POSSESSIVE_RE = re.compile(rf"\b(?:(?P<some>{_KIN_COUNT})\s+of\s+)?(?:his|her|their)\s")
_PRONOUN_VICTIM_RE = re.compile(
    r"\b(killed|killing|executed|executing|murdered|beheaded|assassinated|stabbed|wounded|wounding|injured|injuring)"
    # "injuring her son": "her" is his mother's, not the victim
    rf"\s+(?:him|her(?!\s+(?:[\w'-]+\s+)?{_KIN_WORDS}\b))\b|\bshot\s+(?:him|her)\s+(dead)\b")
_CAPTURED_PLACE_RE = re.compile(
    r"\b(?:towns?|city|cities|villages?|dams?|areas?|territory|territories|districts?|bases?|airports?|hills?|"
    r"bridges?|positions?|oil ?fields?|neighbou?rhoods?)\b(?:[^.;]{0,60}?\b(?:were|was|been)\s+captured)|"
    r"\bcaptured\s+(?:the\s+)?(?:town|city|village|dam|area|territory|base|airport|hill|bridge)", re.I)
_AND_ONE_MORE_RE = re.compile(
    rf"(?:\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+)?\s+and\s+(?:an?|one)\s+(?:[\w'-]+\s+)?{_VICTIM}\b"
    r"(?!\s+(?:were|was)\s+(?:wounded|injured|hurt))", re.I)
_MUTUAL_FIRE_RE = re.compile(r"clash|exchange|fire ?fight|gun ?fight|gun ?battle|shoot-?out", re.I)
_NEAR_A_RE = re.compile(r"\bnear (?:an?|the) (?:[\w-]+ )?$", re.I)
# "at a fake checkpoint": gunmen posing as security forces, where they struck, not their target.
_FAKE_CHECKPOINT_RE = re.compile(r"\b(?:fake|bogus|false|illegal|makeshift)\s+$", re.I)
_NOMINAL_VICTIMS_RE = re.compile(
    rf"\b(?P<verb>martyrdom|deaths?|killing|wounding|injuring|injury|injuries)\s+of\s+{QTY_PATTERN}\b", re.I)
_NAMED_VICTIM_RE = re.compile(
    r"\b(shot dead|killed|killing|assassinated|murdered|gunned down|wounded|wounding|injured|injuring)\s+"
    r"[A-Z][a-z'’]+(?:[\s-]+(?:al-)?[A-Z][\w'’-]+){0,2},\s+(?:an?|the)\s")
_WAS_VICTIM_RE = re.compile(
    rf"\bwas\s+(?:reportedly\s+|also\s+|later\s+|then\s+)?(?:(?:{_SEVERITY})\s+)?(shot dead|killed|assassinated|murdered|gunned down|"
    r"stabbed to death|beaten to death|executed|wounded|injured)\b")
_KIN_STATE_RE = re.compile(
    r"\band\s+(?:his|her|their)\s+(?:[\w'-]+\s+)?(?:son|daughter|brother|sister|wife|husband|father|mother|cousin|"
    r"nephew|niece|uncle|child)\s+(?:was\s+)?(wounded|injured|killed)\b")
_AND_KIN_RE = re.compile(r"(?:,\s+(?:an?|the)\s+[^,;.]{1,70},)?\s+and\s+(?:his|her|their)\s+(?:"
                         # "and her two children": as many more
                         rf"(?P<n>{_KIN_COUNT})\s+(?:[\w'-]+\s+)?{_KIN_PLURALS}|(?:[\w'-]+\s+)?"
                         r"(?:son|daughter|brother|sister|wife|husband|father|mother|cousin|nephew|niece|uncle|child|"
                         r"neighbou?r|friend|colleague|companion|driver|bodyguard|assistant|guard|escort))\b"
                         # "shot him dead and his friend was wounded": the friend is told apart
                         r"(?!\s+(?:was|were)\b)", re.I)


# The per-sentence readers below are pure functions of the sentence text: cached across
# documents, so boilerplate repeated by a source ("The ministry said in a statement ...") and
# sentences a report repeats (headline and lead) are read once.
_SENTENCE_CACHE = 20_000
_REPLACED_TOLL_RE = re.compile(
    r"\b(?:raising|revising|updating|correcting|up from)\s+(?:an?\s+|the\s+)?(?:earlier|initial|previous|first)\s+"
    r"(?:death\s+)?toll\s+of\s+[\w-]+(?:\s+(?:dead|killed|deaths|people|wounded|injured))?", re.I)


@lru_cache(maxsize=_SENTENCE_CACHE)
def _count(sentence: str) -> tuple[Quantity | None, Quantity | None, tuple[str, ...]]:
    """Fatalities and injured in one sentence, each as a summed Quantity (or None)."""
    if "toll" in sentence:
        # "killing four soldiers ..., raising an earlier toll of two dead": the two are among the four
        sentence = _REPLACED_TOLL_RE.sub(lambda m: " " * len(m.group(0)), sentence)
    kills, wounds, notes = _count_en(sentence)
    if has_arabic(sentence):
        ar_kills, ar_wounds = _count_ar(sentence)
        kills, wounds = _qsum(kills, ar_kills), _qsum(wounds, ar_wounds)
    return kills, wounds, notes


def _qsum(a: Quantity | None, b: Quantity | None) -> Quantity | None:
    return b if a is None else a if b is None else a + b


def _count_en(sentence: str) -> tuple[Quantity | None, Quantity | None, tuple[str, ...]]:
    kills: list[Quantity] = []
    wounds: list[Quantity] = []
    used: list[tuple[int, int]] = []

    def add(q_text: str, victim: str | None, verb: str, start: int, end: int) -> None:
        if any(a < end and start < b for a, b in used):
            return
        if q_text.lower() in ("a", "an", "single", "a single") and not victim:
            return
        q = parse_quantity(q_text)
        if q is None or _UNSPECIFIED_RE.search(sentence, start, end):
            return
        used.append((start, end))
        if _WOUND_RE.match(verb):
            wounds.append(q)
        elif _KILL_RE.match(verb):
            kills.append(q)

    # Anchor every pattern on a kill/wound word: cheap, and no scan of the whole sentence
    # with the large quantity alternation.
    low = sentence.lower()
    if "no " in low or "nobody" in low or "none " in low or "no-one" in low or "without " in low or "unh" in low:
        # "No one was hurt", "no casualties were reported": a figure of zero, and the "one" of
        # "no one" is not a victim.
        for z in _NO_CASUALTY_RE.finditer(low):
            what = z.group("what") or z.group("what2") or z.group("what3") or z.group("what5") or z.group("what6")
            zero = Quantity(0, 0, 0)
            if what in _ZERO_KILLED or (z.group("what") in ("injured", "wounded") and "else" not in z.group(0)):
                # "No one was injured": nobody was killed either ("no one else was injured" says less)
                kills.append(zero)
            if what in _ZERO_INJURED or z.group("what4"):
                wounds.append(zero)
            used.append(z.span())
    if ("bod" in low or "corpse" in low) and ("found" in low or "discovered" in low or "recovered" in low):
        # "the body of a man ... was found", "police recovered the bodies of two shepherds": the dead.
        same = len(low) == len(sentence)
        for body_re in _BODY_FOUND_RES[1 if same else 0]:
            for b in body_re.finditer(low if same else sentence):
                q = b.group("q")
                if q is None and b.group("noun").lower().startswith("bodies"):
                    continue  # "bodies" without a figure: how many is not said
                add(sentence[b.start("q"):b.end("q")] if q else "one", "body", "killed", b.start(), b.end())
        for b in _BODY_POSSESSIVE_RE.finditer(sentence):
            add("one", "body", "killed", b.start(), b.end())

    cues = _cue_words(low)
    if not cues.casualty:
        return kills[0] if kills else None, wounds[0] if wounds else None, ()
    # A case-sensitive scan of the lower-cased text is several times faster than re.I; the
    # quantities are read from the original text (same positions).
    if len(low) == len(sentence):
        scanned, verbs = low, cues.verbs
        active, passive_end, bare_end, passive_last, bare_last = _COUNT_LOWER_RES
    else:
        scanned, verbs = sentence, [v.span() for v in _VERB_RE.finditer(sentence)]
        active, passive_end, bare_end, passive_last, bare_last = _COUNT_RES
    for v_start, v_end in verbs:
        verb = scanned[v_start:v_end].lower()
        m = active.match(scanned, v_start)
        if m and not (verb in ("left", "leaving") and not m.group("state")):
            add(sentence[m.start("q"):m.end("q")], m.group("victim"), (m.group("state") or verb).lower(),
                m.start(), m.end())
            kin = _AND_KIN_RE.match(scanned, m.end()) if m.group("victim") else None
            if kin:
                # "killing a shepherd and his teenage son": one more victim.
                add(kin["n"] or "one", "kin", (m.group("state") or verb).lower(), m.end(), kin.end())
            elif m.group("victim"):
                one_more = _AND_ONE_MORE_RE.match(scanned, m.end())
                if one_more:
                    # "killing two fighters ... and a civilian who was travelling with them"
                    add("one", "kin", (m.group("state") or verb).lower(), m.end(), one_more.end())
        if verb in ("left", "leaving"):
            continue
        ws = max(0, v_start - 70)
        window = scanned[ws:v_start]
        # Both backward patterns end in whitespace after one of a few words: test the last
        # word before scanning the window from every position.
        words = window.split() if window[-1:].isspace() else ()
        last = words[-1] if words else ""
        m = passive_end.search(window) if last and passive_last.fullmatch(last) else None
        if m:
            add(sentence[ws + m.start("q"):ws + m.end("q")], m.group("victim"), verb, ws + m.start(), v_end)
            first = _COORD_VICTIM_BEFORE_RE.search(scanned, max(0, ws + m.start() - 60), ws + m.start()) \
                if m.group("victim") and "and " in window[max(0, m.start() - 12):m.start()] else None
            if first and (first.group("q2").lower() not in ("a", "an", "the", "one")
                          or not _PLURAL_VICTIM_RE.fullmatch(first.group("victim2"))):
                # "Three soldiers and two civilians were killed", "the school guard and two pupils
                # were wounded": the victims before "and" share the verb.
                q2 = first.group("q2")
                add(q2 if q2.lower() not in ("a", "an", "the") else "one", first.group("victim2"), verb,
                    first.start("q2"), first.end())
        elif verb in ("killed", "dead", "died", "wounded", "injured", "hurt"):
            m = bare_end.search(window) if last and bare_last.fullmatch(last) else None
            if m:
                add(sentence[ws + m.start("q"):ws + m.end("q")], None, verb, ws + m.start(), v_end)

    if " the " in low or " a " in low:
        # "wounding the driver", "shot dead the mukhtar", "injuring a third": one victim.
        for m in _ONE_VICTIM_RE.finditer(low):
            add("one", "the", m.group(1) or "shot dead", m.start(), m.end())
            kin = _AND_KIN_RE.match(low, m.end())
            if kin:
                add(kin["n"] or "one", "kin", m.group(1), m.end(), kin.end())

    if "family of" in low:
        # "killing a family of five"
        for m in _FAMILY_OF_RE.finditer(low):
            add(sentence[m.start(2):m.end(2)], "family", m.group(1), m.start(), m.end())

    if " him" in low or " her" in low:
        # "seized a farmer ... and killed him": one victim, named before.
        for m in _PRONOUN_VICTIM_RE.finditer(low):
            add("one", "him", m.group(1) or m.group(2), m.start(), m.end())
            kin = _AND_KIN_RE.match(low, m.end())
            if kin:
                # "wounding him and his neighbour": one more victim.
                add(kin["n"] or "one", "kin", m.group(1) or m.group(2), m.end(), kin.end())

    if " was " in low:
        # "Haidar, a 34-year-old teacher, was shot dead": one victim named, not counted.
        for m in _WAS_VICTIM_RE.finditer(low):
            if not (wounds if _WOUND_RE.match(m.group(1)) else kills):
                add("one", "was", m.group(1), m.start(), m.end())
    if "died" in low or "succumbed" in low:
        # "He died on the spot.", "The driver later died in hospital.": one victim, told before.
        m = _ONE_DIED_RE.match(low)
        if m:
            add("one", "died", "died", m.start(), m.end())
    if " of " in low:
        # "resulted in the martyrdom of two of our policemen and the wounding of four others"
        for m in _NOMINAL_VICTIMS_RE.finditer(sentence):
            verb = "wounded" if m.group("verb").lower().startswith(("wound", "injur")) else "killed"
            add(sentence[m.start("q"):m.end("q")], "nominal", verb, m.start(), m.end())
    if ", a" in low or ", the" in low:
        # "gunmen shot dead Karim, a shop owner, ...": one victim, named and described.
        for m in _NAMED_VICTIM_RE.finditer(sentence):
            add("one", "named", m.group(1).lower(), m.start(), m.end())
    if " his " in low or " her " in low or " their " in low:
        # "A man was killed and his wife wounded": one more victim, of the other kind.
        for m in _KIN_STATE_RE.finditer(low):
            add("one", "kin", m.group(1), m.start(), m.end())
        for m in _KIN_VICTIMS_RE.finditer(low):
            n_kin = 0
            for some in _POSSESSIVE_RE.finditer(m.group("kin")):
                q = parse_quantity(some.group("some")) if some.group("some") else None
                n_kin += q.best if q is not None and q.best else 1
            add(str(n_kin), "kin", m.group("verb"), m.start(), m.end())

    if not wounds and "los" in low and (" his " in low or " her " in low or " both " in low):
        # "stepped on a mine and lost his left foot": one wounded, named before ("two were
        # wounded; one of them lost his leg" counts no one more).
        for m in _LOST_LIMB_RE.finditer(low):
            add("one", "limb", "wounded", m.start(), m.end())

    if "treated for" in low:
        # "Fifteen people are still being treated for wounds from the blast": the wounded.
        for m in _TREATED_FOR_RE.finditer(sentence):
            add(sentence[m.start("q"):m.end("q")], m.group("victim"), "wounded", m.start(), m.end())

    if "toll" in low:
        # "The death toll ... rose to 32": the figure the toll reached.
        for m in (_TOLL_RES[1] if scanned is low else _TOLL_RES[0]).finditer(scanned):
            add(sentence[m.start("q"):m.end("q")], None, "killed", m.start("q"), m.end("q"))

    if " at " in low and ("put" in low or "estimat" in low or "place" in low):
        # "local sources put the dead at between four and seven"
        for m in _PUT_DEAD_AT_RE.finditer(sentence):
            add(sentence[m.start("q"):m.end("q")], None, "killed", m.start("q"), m.end("q"))

    def total(items: list[Quantity]) -> Quantity | None:
        if not items:
            return None
        q = items[0]
        for x in items[1:]:
            q = q + x
        return q

    return total(kills), total(wounds), ()


# Lower-case words one of which every spelling of an actor contains: the actor's pattern runs
# only when one is present (a substring test is far cheaper than a regular-expression scan).
_ACTOR_KEYS = {
    "ISIS": ("isis", "isil", "daesh", "da'esh", "islamic state", "is"),
    "Coalition (CJTF-OIR)": ("coalition", "oir", "inherent resolve"),
    "Iraqi Army": ("army", "soldier", "troops"),
    "Iraqi Federal Police": ("federal police",),
    "Iraqi Police": ("police",),
    "Iraqi Security Forces": ("security forces", "isf"),
    "Counter-Terrorism Service": ("terrorism service", "cts"),
    "Popular Mobilization Forces": ("pmf", "pmu", "hashd", "popular mobili"),
    "Tribal Mobilization": ("ashaeri", "tribal"),
    "Peshmerga": ("peshmerga",),
    "Asayish": ("asayish",),
    "SDF": ("sdf", "syrian democratic"),
    "PKK": ("pkk", "workers"),
    "Turkish military": ("turkish", "turkey"),
    "Iranian military": ("iranian", "irgc", "revolutionary guard"),
    "Civilians": ("civilian", "villager", "farmer", "shepherd", "herder", "resident"),
    "Unidentified gunmen": ("unidentified", "unknown"),
}


# Actors every sentence is tested for (no key word).
_ACTORS_WITHOUT_KEYS = frozenset(name for name, _pat in _ACTORS if name not in _ACTOR_KEYS)
# The whole words of the casualty verb pattern ``_VERB`` ("deaths?" is "death" and "deaths").
_VERB_WORDS = tuple(w for group in (_KILL, _WOUND, "(?:left|leaving)")
                    for alt in group.removeprefix("(?:").removesuffix(")").split("|")
                    for w in ((alt[:-2], alt[:-1]) if alt.endswith("s?") else (alt,)))


class _CueWords:
    """The cue words of one lower-cased sentence that the per-sentence readers look for."""

    __slots__ = ("stem_starts", "casualty", "verbs", "actors")

    def __init__(self, stem_starts: list[int], casualty: bool, verbs: list[tuple[int, int]],
                 actors: frozenset[str]) -> None:
        self.stem_starts = stem_starts  # where an event or casualty stem starts a word, in order
        self.casualty = casualty  # whether a casualty key (_CASUALTY_KEYS) occurs anywhere
        self.verbs = verbs  # the spans ``_VERB`` finds (whole words, not overlapping), in order
        self.actors = actors  # the actors one of whose key words occurs


_STEM, _CASUALTY_KEY, _VERB_WORD, _ACTOR_KEY = range(4)


def _cue_automaton() -> ahocorasick.Automaton:
    kinds: dict[str, list[tuple[int, str | None]]] = {}
    for stem in _STEMS:
        kinds.setdefault(stem, []).append((_STEM, None))
    for key in _CASUALTY_KEYS:
        kinds.setdefault(key, []).append((_CASUALTY_KEY, None))
    for word in _VERB_WORDS:
        kinds.setdefault(word, []).append((_VERB_WORD, None))
    for name, keys in _ACTOR_KEYS.items():
        for key in keys:
            kinds.setdefault(key, []).append((_ACTOR_KEY, name))
    auto = ahocorasick.Automaton()
    for word, of_word in kinds.items():
        auto.add_word(word, (len(word), tuple(of_word)))
    auto.make_automaton()
    return auto


# One Aho-Corasick pass over a sentence finds the stems, casualty keys, casualty verbs and actor
# keys of all readers at once (regular-expression alternations try every word at every position).
_CUE_AUTOMATON = _cue_automaton()


# (lower-cased sentence, its cue words) of the sentence read last: the readers of a sentence run
# one after the other, and a cache across sentences would only keep objects alive for the garbage
# collector to scan again and again.
_LAST_CUES: list[tuple[str, _CueWords]] = [("", _CueWords([], False, [], frozenset()))]


def _cue_words(low: str) -> _CueWords:
    """The cue words of a lower-cased sentence (the readers of one sentence share them)."""
    memo_low, memo_cues = _LAST_CUES[0]
    if memo_low == low:
        return memo_cues
    stems: list[int] = []
    verbs: list[tuple[int, int]] = []
    casualty = False
    actors = set(_ACTORS_WITHOUT_KEYS)
    for end_index, (n, of_word) in _CUE_AUTOMATON.iter(low):
        start, end = end_index - n + 1, end_index + 1
        word_start = start == 0 or not is_word_char(low[start - 1])
        for kind, name in of_word:
            if kind == _ACTOR_KEY:
                actors.add(name)  # type: ignore[arg-type]
            elif kind == _CASUALTY_KEY:
                casualty = True
            elif not word_start:
                continue
            elif kind == _STEM:
                stems.append(start)
            elif end == len(low) or not is_word_char(low[end]):
                verbs.append((start, end))
    # As a regular-expression scan finds them: in text order, a match hiding the words inside
    # it ("shot dead").
    verbs.sort()
    kept: list[tuple[int, int]] = []
    for span in verbs:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    cues = _CueWords(sorted(set(stems)), casualty, kept, frozenset(actors))
    _LAST_CUES[0] = (low, cues)
    return cues


@lru_cache(maxsize=_SENTENCE_CACHE)
def _actors(sentence: str) -> tuple[str, ...]:
    present = _cue_words(sentence.lower()).actors
    out = [name for name, pat in _ACTORS if name in present and pat.search(sentence)]
    folded = _LIL_RE.sub(r"\1لال", _fold(sentence)[0]) if has_arabic(sentence) else ""
    if folded and _AR_ANY_ACTOR_RE.search(folded):
        ar = {name for name, pat in _AR_ACTORS if pat.search(folded)}
        if ar - set(out):
            out = [name for name, _pat in _ACTORS if name in ar or name in out]
    if "Iraqi Federal Police" in out and "Iraqi Police" in out:
        out.remove("Iraqi Police")
    return tuple(out)


@lru_cache(maxsize=_SENTENCE_CACHE)
def _event(sentence: str) -> tuple[str, str | None, int] | None:
    """The event type, sub-event and trigger position of a sentence, or None."""
    first: dict[int, tuple[str, str | None, int, str]] = {}
    low = sentence.lower()
    if len(low) == len(sentence):
        # Every trigger starts with one of the stems: try the full patterns only there, on the
        # lower-cased text (positions are the same).
        found = (_ANY_TRIGGER_LOWER_RE.match(low, p) for p in _cue_words(low).stem_starts)
        matches = [m for m in found if m is not None]
        scanned, irrealis = low, _IRREALIS_LOWER_RE
    else:
        matches = list(_ANY_TRIGGER_RE.finditer(sentence))
        scanned, irrealis = sentence, _IRREALIS_RE
    for m in matches:
        k = int(m.lastgroup[1:])  # type: ignore[index]
        if k in first:
            continue
        a = m.start()
        if irrealis.search(scanned[max(0, a - 40):a]):
            continue
        etype, sub, _pat = _EVENTS[k]
        first[k] = (etype, sub, a, sentence[a:m.end()])
    if len(first) > 1:
        # "... executed a shepherd they had abducted last week": the past perfect tells an
        # earlier, background event; the sentence reports the other one.
        background = [k for k, h in first.items() if _PLUPERFECT_RE.search(scanned, max(0, h[2] - 20), h[2])]
        if len(background) < len(first):
            for k in background:
                del first[k]
    security: Callable[[str], object] = _SECURITY_VICTIM_RE.search
    if not first and has_arabic(sentence):
        first = _event_hits_ar(sentence)
        security = _ar_security
    # In the order of EVENT_TYPES: the most specific event type wins.
    hits = [first[k] for k in sorted(first)]
    if hits and hits[-1][0] == "arrest" and hits[-1][3].lower() == "captured" and \
            _CAPTURED_PLACE_RE.search(sentence, max(0, hits[-1][2] - 90), hits[-1][2] + 40):
        hits.pop()  # "Tabqa and its dam ... were captured by the SDF": territory taken, not people
    if not hits:
        return None
    types = [h[0] for h in hits]
    etype, sub, pos, word = hits[0]
    if "arrest" in types and etype != "arrest":
        arrest_at = next(h[2] for h in hits if h[0] == "arrest")
        if arrest_at < pos and _ARRESTED_FOR_RE.search(sentence, arrest_at, pos):
            # "arrested two men suspected of helping the cell that planted the bomb": the
            # arrest is the event, the bomb what they are held for
            return "arrest", None, arrest_at
    if etype == "IED/explosion" and "grenade" in word.lower():
        mutual = [h for h in hits if h[0] == "armed clash" and _MUTUAL_FIRE_RE.match(h[3])]
        if mutual:
            # "an exchange of gunfire with rifles and a hand grenade": a clash
            return "armed clash", None, mutual[0][2]
    if etype == "attack on checkpoint":
        others = [h for h in hits[1:] if h[0] not in ("armed group presence", "arrest")]
        exchange = bool(others) and others[0][0] == "armed clash" and _MUTUAL_FIRE_RE.match(others[0][3]) is not None
        if others and (_NEAR_A_RE.search(sentence, max(0, pos - 30), pos) or exchange
                       or others[0][0] in ("suicide bombing", "drone strike", "airstrike") or _FAKE_CHECKPOINT_RE.search(sentence, max(0, pos - 20), pos)):
            # "went off near a checkpoint": where, not what was attacked; "soldiers and YBS
            # fighters exchanged fire at a checkpoint": a clash there; a suicide bombing stays one.
            if others[0][0] in ("suicide bombing", "drone strike", "airstrike"):
                return others[0][0], "attack on checkpoint", others[0][2]
            return others[0][0], others[0][1], others[0][2]
        if not others:
            # A checkpoint with nothing violent happening at it is not an event.
            if len(hits) == 1:
                return None
            etype, sub, pos, word = hits[1]
        else:
            sub = others[0][0] if others[0][0] != "attack on checkpoint" else None
    elif etype == "killing" and security(_victim_window(sentence, pos)) and not any(b in word for b in _AR_BODY_WORDS):
        # (a patrol that found a body is not what was attacked)
        etype, sub = "armed clash", "attack on security forces"
    elif etype == "extortion" and "armed group presence" in types:
        etype, sub = "armed group presence", "holdouts; extortion of villagers"
    if etype == "kidnapping":
        body = _body_found(sentence)
        if body:
            # "the body of a man abducted last week was found": the abduction ended in a killing
            return "killing", None, body.start()
    return etype, sub, pos


# --------------------------------------------------------------------------- Arabic script cues
#
# Event words, casualty phrases and actor names of Arabic (and some Kurdish Sorani) news prose,
# matched on the folded sentence (:func:`geoincidents._textdates.fold_arabic`: one form per
# letter, no vowel marks), so the spellings below are folded: ة -> ه, أ/إ/آ -> ا, ى -> ي.
# They are consulted only for sentences in Arabic script, and English cues take precedence in
# a sentence that has both (a Latin report quoting an Arabic place name reads as before).

_AR_W = f"(?<![{AR_L}])[وف]?(?:ب|ل|ك)?(?:ال)?"  # a word start, with the clitics written onto it
_AR_END = f"(?![{AR_L}])"
# "للتحالف" is ل + التحالف with the article's alef dropped in writing: spelled out again so the
# actor words (written with their article) match.
_LIL_RE = re.compile(f"(?<![{AR_L}])([وف]?)لل(?=[{AR_L}])")


def _ar_words(words: str) -> str:
    """An alternation of folded words (spaces allowed inside), as whole Arabic words."""
    alts = sorted((w.strip() for w in _top_alts(words) if w.strip()), key=len, reverse=True)
    return f"{_AR_W}(?:{'|'.join(alts)}){_AR_END}"


def _top_alts(words: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for c in words:  # split on the top-level bars only: an entry may hold a group of its own
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    return parts


@lru_cache(maxsize=_SENTENCE_CACHE)
def _fold(sentence: str) -> tuple[str, list[int] | None]:
    return fold_arabic(sentence)


# (event type, folded trigger words), in the order of _EVENTS (the most specific type first).
_AR_EVENT_WORDS = {
    "attack on checkpoint": "نقطه تفتيش|نقاط تفتيش|حاجز امني|حاجز|حاجزا|حواجز|سيطره امنيه|سيطره عسكريه|"
                            "سيطرات امنيه|سيطره تفتيش",
    "drone strike": "طائره مسيره|طائرات مسيره|مسيره مسلحه|مسيرات|طائره بدون طيار|طائرات بدون طيار|"
                    "درون|ضربه بطائره مسيره|درونيك|طائر(?:ه|ات)\\s+[^\\s]+\\s+مسيره",
    "airstrike": "غاره جويه|غارات جويه|غاره|غارات|غارتين|غارتان|قصف جوي|ضربه جويه|ضربات جويه|ضربتين جويتين|"
                 "ضربتان جويتان|الطيران الحربي|"
                 "طيران حربي|طائرات حربيه|طائره حربيه|طائرات التحالف|طيران التحالف|مقاتلات|"
                 "هيرشي ئاسماني|فروكه[^\\s]*\\s+جهنگ[^\\s]*",
    "suicide bombing": "انتحاري|انتحاريه|انتحاريين|حزام ناسف|احزمه ناسفه|فجر نفسه|خوكوژ",
    "IED/explosion": "عبوه ناسفه|عبوات ناسفه|عبوه لاصقه|سياره مفخخه|مفخخه|مفخخات|انفجار|تفجير|"
                     "قنبله يدويه|قنابل يدويه|رمانه يدويه|قنبله|قنابل|"
                     "انفجرت|انفجر|لغم|الغام|تهقينهوه|تهقينهوهي|بومبي چينراو",
    "shelling": "قصف|قصفت|قصفا|قذائف|قذيفه|هاون|صواريخ|صاروخ|كاتيوشا|مدفعي|مدفعيه|بوردومان[^\\s]*|توپباران",
    "kidnapping": "خطف|اختطاف|اختطف|اختطفت|اختطفوا|خطفوا|مختطف|مختطفين|رهائن|رفاندن|رفيندرا",
    "armed clash": "اشتباك|اشتباكات|اشتبك|اشتبكت|كمين|مواجهات|معركه|معارك|تبادل اطلاق النار|هاجم|"
                   "هاجموا|هجوم علي قوه|هجوم علي قوات|هجوم علي نقطه|هجوم علي موقع|هجوم علي دوريه|"
                   "هجوم علي ثكنه|هجوم علي مقر|هجوما علي|پيكدادان|شهر|نزاع عشائري|نزاعات عشائريه|"
                   "نزاع مسلح|شجار مسلح",
    "killing": "مقتل|قتل|قتلوا|قتلت|اغتيال|اغتياله|اغتيالها|اغتال|اغتالوا|اغتيل|اعدام|اعدم|مصرع|استشهاد|كوشتن|كوژرا|كوژران|تيرور|"
               # a body found ("عثرت دورية على جثة سائق"): a killing
               "جثه|جثث|جثتي|جثتين|جثمان",
    "extortion": "اتاوات|اتاوه|ابتزاز|فديه",
    "arson": "احراق|احرق|احرقوا|اضرم|اضرموا|اضرام|حرق|سووتاندن",
    "arrest": "اعتقال|اعتقل|اعتقلت|اعتقلوا|القبض علي|قبض علي|احتجاز|توقيف|دهستگيركردن|دهستگيركرا",
    "armed group presence": "خلايا نائمه|خلايا|اوكار|وكر|مضافات|مضافه|ملاذ امن|ملاذات امنه|فلول|"
                            "بقايا|يتحصن|يتحصنون|يختبئون|مخابئ|شانه نوستووهكان",
}
_AR_BODY_WORDS = ("جثه", "جثث", "جثتي", "جثمان")
_AR_EVENT_RES = tuple(
    (k, re.compile(_ar_words(_AR_EVENT_WORDS[etype])))
    for k, (etype, sub, _pat) in enumerate(_EVENTS) if etype in _AR_EVENT_WORDS and sub != "fake checkpoint")
_AR_SECURITY_RE = re.compile(_ar_words(
    "جنود|جندي|جنديين|الجيش|عسكري|عسكريين|شرطه|شرطي|شرطيين|منتسب|منتسبي|منتسبين|عناصر الامن|"
    "القوات الامنيه|قوات الامن|البيشمركه|بيشمركه|پيشمهرگه|الحشد|مقاتلي الحشد|ضابط|ضباط|حرس|حراس"))


def _ar_security(text: str) -> bool:
    return _AR_SECURITY_RE.search(_fold(text)[0]) is not None


# "لا تتضمن أي اشتباك" (involving no clash), "دون اشتباك" (without a clash): a trigger denied (folded).
_AR_NEGATED_RE = re.compile(
    rf"(?<![{AR_L}])(?:لا|لم|دون|بدون|بلا|عدم|ولا|ولم)\s+"
    r"(?:(?:تتضمن|يتضمن|تشهد|يشهد|تقع|يقع|تحدث|يحدث|تسجل|يسجل|وقوع|حدوث|تسجيل)\s+)?(?:اي|ايه)?\s*$")
# A road accident, folded: "في حادث سير" (in a traffic accident), "ولا علاقة للحادث بأي عمل أمني"
# (the accident has nothing to do with security).
_AR_ACCIDENT_RE = re.compile(rf"(?<![{AR_L}])(?:حادث|حوادث)\s+(?:سير|مروري|مرور|دهس)(?![{AR_L}])|لا\s+علاقه\s+للحادث")
# "ونفت مصادر محلية ... عن وقوع اشتباكات" (local sources denied that clashes took place): a denial
# before the trigger, in the same clause.
# ("لا صحة لما يتم تداوله ... عن وقوع انفجار": what is said is untrue)
_AR_DENIED_RE = re.compile(rf"(?<![{AR_L}])و?(?:نفت|نفي|ينفي|تنفي|لا صحه)(?![{AR_L}])[^.،]{{0,160}}$")


def _event_hits_ar(sentence: str) -> dict[int, tuple[str, str | None, int, str]]:
    """Arabic-script event triggers: ``{index in _EVENTS: (type, sub, position, word)}``."""
    folded, index = _fold(sentence)
    first: dict[int, tuple[str, str | None, int, str]] = {}
    for k, pat in _AR_EVENT_RES:
        m = next((m for m in pat.finditer(folded) if not _AR_NEGATED_RE.search(folded, max(0, m.start() - 25), m.start())
                  and not _AR_DENIED_RE.search(folded, max(0, m.start() - 170), m.start())), None)
        if m:
            pos = m.start() if index is None else index[m.start()]
            first[k] = (_EVENTS[k][0], _EVENTS[k][1], pos, m.group(0))
    return first


# Casualty phrases: a kill/wound word then the figure ("مقتل خمسة", "وإصابة ثلاثة آخرين"), or
# the figure then a casualty noun ("خمسة قتلى", "ثلاثة جرحى"; Kurdish "پێنج چەکدار کوژران").
_AR_KILL_BEFORE_RE = re.compile(
    _ar_words("مقتل|قتل|مصرع|استشهاد|استشهد|استشهدوا|اغتيال|اعدام|قتلوا|قتلت") + r"\s+(?:نحو\s+)?" + AR_QTY_PATTERN)
# "قتل مسلحون خمسة من ..." (gunmen killed five of ...): the subject between verb and number.
_AR_KILL_VERB_RE = re.compile(
    _ar_words("قتل|قتلوا|قتلت|اغتال|اغتالوا|اعدم|اعدموا|مقتل") + rf"(?:\s+[{AR_L}]+){{1,2}}?\s+(?:نحو\s+)?"
    + AR_QTY_PATTERN)
_AR_WOUND_BEFORE_RE = re.compile(
    _ar_words("اصابه|اصابات|جرح|اصيب|اصيبوا|اصيبت|اصابت|جرحت|برينداربووني") + r"\s+" + AR_QTY_PATTERN)
_AR_KILL_AFTER_RE = re.compile(
    f"(?<![{AR_L}])[وف]?{AR_QTY_PATTERN}" + rf"(?:\s+[{AR_L}]+){{0,2}}\s+"
    + f"(?:قتلي|قتيلا|قتيل|شهداء|شهيدا|كوژران|كوژرا|كوژراون){_AR_END}")
_AR_WOUND_AFTER_RE = re.compile(
    f"(?<![{AR_L}])[وف]?{AR_QTY_PATTERN}" + rf"(?:\s+[{AR_L}]+){{0,2}}\s+"
    + f"(?:جرحي|جريحا|جريح|مصابين|مصابا|بريندار|برينداربوون|بريندارن){_AR_END}")


# Kurdish (Sorani) puts the verb last: "دوو پێشمەرگە لە هێرشێکی داعش ... بریندار بوون" (two Peshmerga
# were wounded in an ISIS attack ...): a figure opening the sentence, a Kurdish casualty verb
# closing it.
_KU_SOV_RES = tuple(
    (re.compile(rf"^\s*{AR_QTY_PATTERN}\s+[^.!?؟\n]{{0,160}}?\s(?:{verbs})\s*[.!?؟]?\s*$"), kind)
    for verbs, kind in (("كوژران|كوژرا|كوژراون|گيانيان لهدهستدا", 0), ("بريندار بوون|برينداربوون|بريندار بووه", 1)))
# Substrings one of which every kill (wound) cue word contains.
_AR_KILL_KEYS = ("قتل", "قتيل", "مصرع", "شهاد", "شهد", "شهيد", "اغتيال", "اغتال", "اعدام", "كوژر", "وفاه", "جثه")
_AR_WOUND_KEYS = ("اصاب", "اصيب", "جرح", "جريح", "مصاب", "بريندار")

# A kill/wound word followed by a noun in the dual ("مقتل شخصين": two people) or the singular
# ("مقتل جندي": one soldier) is a figure of its own. Only nouns whose dual cannot be read as a
# plural are listed, in both cases of the dual ("قتل جنديان", subject; "مقتل جنديين", genitive).
_AR_DUAL = ("شخصين|جنديين|شرطيين|طفلين|راعيين|عنصرين|ضابطين|امراتين|منتسبين اثنين|"
            "شخصان|جنديان|شرطيان|طفلان|راعيان|عنصران|ضابطان|امراتان")
# "احد" is "one of" ("استشهاد احد المقاتلين": one of the fighters was killed).
_AR_SINGLE_NOUNS = "شخص|جندي|شرطي|طفل|راع|راعي|عنصر|ضابط|مدني|مسلح|امراه|مواطن|قيادي|مزارع|منتسب|مختار|صحفي|ناشط|سائق|شاب|رجل"
_AR_SINGLE = _AR_SINGLE_NOUNS + "|ثالث|رابع|اخر|احد"
_AR_NOUN_COUNT_RE = tuple(
    # "مقتل شخص واحد" (one person killed): the number word after the noun is the same figure
    # "مقتل سائقها" (the killing of its driver): a noun with a possessive ending
    (re.compile(_ar_words(cue) + r"\s+" + f"(?P<aq>{nouns})(?:ها|هما|هم)?{_AR_END}(?:\\s+(?:واحد|واحده|اثنين|اثنان){_AR_END})?"),
     n, kind)
    for cue, kind in (("مقتل|قتل|مصرع|استشهاد|اغتيال|اعدام|اغتالوا|اغتال|وفاه|جثه", 0), ("اصابه|جرح|اصيب", 1))
    for nouns, n in ((_AR_DUAL, 2), (_AR_SINGLE, 1)))


# "اغتال مسلحون مجهولون يستقلون دراجة نارية شاباً" (gunmen on a motorbike assassinated a young
# man): one victim, the singular object in the accusative after the subject.
_AR_KILL_OBJECT_RE = re.compile(
    _ar_words("اغتال|اغتالوا|قتل|قتلوا|قتلت|اعدم|اعدموا") + rf"(?:\s+[{AR_L}\d]+){{0,10}}?\s+"
    rf"(?P<aq>شابا|رجلا|طفلا|شخصا|مواطنا|جنديا|شرطيا|مدنيا|راعيا|مزارعا|سائقا|صحفيا|ناشطا|ضابطا|عنصرا|مختارا|"
    rf"طالبا|معلما|حارسا|عاملا|موظفا|مهندسا|طبيبا){_AR_END}")
# "مقتل ثلاثة من المهاجمين وعنصر من الأمن العام": one more, of the other side, after the figure.
_AR_AND_ONE_AFTER_RE = re.compile(
    rf"(?:\s+(?!و)[{AR_L}]+){{0,3}}?\s+و(?P<aq>{_AR_SINGLE_NOUNS}){_AR_END}")


# "الذي استشهد", "الذي اغتيل", "الذي فارق الحياه متاثرا بجروحه": the one person an obituary or a
# report names, killed (folded spellings).
_AR_WHO_DIED_RE = re.compile(
    rf"(?<![{AR_L}])(?:الذي|التي)\s+(?P<aq>استشهد|استشهدت|اغتيل|اغتيلت|(?:فارق|فارقت) الحياه|(?:لقي|لقيت) (?:حتفه|حتفها|مصرعه|مصرعها))"
    rf"{_AR_END}")


# "ولا اصابات", "دون وقوع اصابات", "لم تسفر عن اي خسائر بشريه": nobody was hit (folded spellings).
_AR_NO_CASUALTY_RE = re.compile(
    rf"(?<![{AR_L}])[وف]?(?:لا|دون|بدون|من دون|بلا|عدم)\s+(?:وقوع\s+|اي\s+|ايه\s+|تسجيل\s+)?(?:اصابات|اصابه|خسائر بشريه|ضحايا)"
    rf"{_AR_END}|(?<![{AR_L}])[وف]?(?:لم|ولم)\s+(?:تسجل|يسجل|تقع|يسفر|تسفر)(?:\s+[{AR_L}]+)?\s+(?:عن\s+)?(?:اي\s+|ايه\s+)?"
    rf"(?:اصابات|خسائر بشريه|ضحايا){_AR_END}")


def _count_ar(sentence: str) -> tuple[Quantity | None, Quantity | None]:
    """Fatalities and injured written in Arabic script, each summed (or None)."""
    folded, _index = _fold(sentence)
    kills: list[Quantity] = []
    wounds: list[Quantity] = []
    used: list[tuple[int, int]] = []
    for z in _AR_NO_CASUALTY_RE.finditer(folded):
        kills.append(Quantity(0, 0, 0))
        wounds.append(Quantity(0, 0, 0))
        used.append(z.span())
    # Each pattern starts with a large alternation: run it only when one of its cue words is
    # in the sentence (most Arabic-script text in Latin reports is a quoted place name).
    # (pattern, list, cue keys, whether "وعنصر" after the figure adds one more)
    for pat, out, keys, and_one in ((_AR_KILL_BEFORE_RE, kills, _AR_KILL_KEYS, True),
                                    (_AR_WOUND_BEFORE_RE, wounds, _AR_WOUND_KEYS, True),
                                    (_AR_KILL_AFTER_RE, kills, _AR_KILL_KEYS, False),
                                    (_AR_WOUND_AFTER_RE, wounds, _AR_WOUND_KEYS, False),
                                    (_AR_KILL_VERB_RE, kills, _AR_KILL_KEYS, False)):
        if not any(k in folded for k in keys):
            continue
        for m in pat.finditer(folded):
            a, b = m.span("aq")
            if any(x < b and a < y for x, y in used):
                continue
            q = parse_quantity_ar(m.group("aq"))
            if q is not None:
                used.append((a, b))
                out.append(q)
                if and_one:
                    one = _AR_AND_ONE_AFTER_RE.match(folded, m.end())
                    if one and not any(x < one.end() and one.start("aq") < y for x, y in used):
                        used.append(one.span("aq"))
                        out.append(Quantity(1, 1, 1))
    for pat, kind in _KU_SOV_RES:
        sov = pat.match(folded)
        if sov and not any(x < sov.end("aq") and sov.start("aq") < y for x, y in used):
            q = parse_quantity_ar(sov.group("aq"))
            if q is not None:
                used.append(sov.span("aq"))
                (kills, wounds)[kind].append(q)
    if not kills and any(k in folded for k in ("اغتال", "قتل", "اعدم")):
        for m in _AR_KILL_OBJECT_RE.finditer(folded):
            if not any(x < m.end() and m.start("aq") < y for x, y in used):
                used.append(m.span("aq"))
                kills.append(Quantity(1, 1, 1))
                break
    if "الذي" in folded or "التي" in folded:
        for m in _AR_WHO_DIED_RE.finditer(folded):
            a, b = m.span("aq")
            if not any(x < b and a < y for x, y in used):
                used.append((a, b))
                kills.append(Quantity(1, 1, 1))
    for pat, n, kind in _AR_NOUN_COUNT_RE:
        if not any(k in folded for k in (_AR_WOUND_KEYS if kind else _AR_KILL_KEYS)):
            continue
        for m in pat.finditer(folded):
            a, b = m.start("aq"), m.end()
            if not any(x < b and a < y for x, y in used):
                used.append((a, b))
                (kills, wounds)[kind].append(parse_quantity(str(n)))  # type: ignore[arg-type]
    total: list[Quantity | None] = [None, None]
    for n, items in enumerate((kills, wounds)):
        for q in items:
            total[n] = _qsum(total[n], q)
    return total[0], total[1]


_AR_ACTOR_WORDS = {
    "ISIS": "داعش|تنظيم الدوله|الدوله الاسلاميه|داعشي|دواعش|عصابات داعش",
    "Coalition (CJTF-OIR)": "التحالف|قوات التحالف|التحالف الدولي|هاوپهيماني نيودهولهتي|هاوپهيماني",
    "Iraqi Army": "الجيش العراقي|الجيش(?! التركي| الايراني| السوري)|جنود|جندي|جنديين|جنديان|سوپاي عيراق",
    "Iraqi Federal Police": "الشرطه الاتحاديه",
    "Iraqi Police": "الشرطه(?! الاتحاديه)|شرطه|شرطي|شرطيين|شرطيان|منتسبي الشرطه|پوليس",
    "Iraqi Security Forces": "القوات الامنيه|قوات الامن|الاجهزه الامنيه|القوات العراقيه|هيزه ئهمنيهكان",
    "Counter-Terrorism Service": "جهاز مكافحه الارهاب|قوات مكافحه الارهاب",
    "Popular Mobilization Forces": "الحشد الشعبي|الحشد(?! العشائري)|حهشدي شهعبي",
    "Tribal Mobilization": "الحشد العشائري|مقاتلي العشائر|حشد العشائر",
    "Peshmerga": "البيشمركه|بيشمركه|پيشمهرگه",
    "Asayish": "الاسايش|اسايش|ئاسايش",
    "SDF": "قسد|قوات سوريا الديمقراطيه",
    "PKK": "حزب العمال الكردستاني|العمال الكردستاني|پهكهكه",
    "Turkish military": "الجيش التركي|القوات التركيه|طائره تركيه|طائرات تركيه|مسيره تركيه|المدفعيه التركيه|"
                        "سوپاي توركيا|توركيا",
    "Iranian military": "الحرس الثوري|القوات الايرانيه|المدفعيه الايرانيه|الجيش الايراني|سوپاي ئيران",
    "Civilians": "مدني|مدنيين|مدنيون|رعاه|راعي|رعاه اغنام|مزارع|مزارعين|فلاحين|اهالي|سكان|قرويين|هاولاتي|هاولاتيان",
    "Unidentified gunmen": "مسلحون مجهولون|مسلحين مجهولين|مجهولون|مجهولين|مسلحون ملثمون|چهكداري نهناسراو",
}
_AR_ACTORS = tuple((name, re.compile(_ar_words(_AR_ACTOR_WORDS[name]))) for name, _p in _ACTORS
                   if name in _AR_ACTOR_WORDS)
# Any Arabic actor name at all (no boundaries): most Arabic script in Latin reports is a quoted
# place name, which this rules out before the per-actor patterns run.
_AR_ANY_ACTOR_RE = re.compile("|".join(sorted(
    {w.split("(")[0].strip() for words in _AR_ACTOR_WORDS.values() for w in _top_alts(words)}, key=len, reverse=True)))
# Any Arabic-script event or casualty cue: the sentence filter of the incident step.
_AR_ANY_CUE_RE = re.compile("|".join(p.pattern for _k, p in _AR_EVENT_RES) + "|" + _ar_words(
    "اصابه|اصابات|جرح|اصيب|اصيبوا|اصيبت|قتلي|قتيلا|قتيل|شهداء|جرحي|جريحا|جريح|مصابين|كوژران|بريندار"))

# Locative words before a place (folded), as the English word the incident step reads.
_AR_PREPS = {"في": "in", "فی": "in", "قرب": "near", "بالقرب": "near", "قربه": "near", "شمال": "north",
             "شمالي": "northern", "جنوب": "south", "جنوبي": "southern", "شرق": "east", "شرقي": "eastern",
             "غرب": "west", "غربي": "western", "وسط": "central", "علي": "on", "داخل": "inside",
             "اطراف": "outskirts", "ضواحي": "outskirts", "بين": "between", "من": "from", "الي": "toward",
             "استهدف": "targeting", "استهدفت": "targeting", "له": "in", "نزيك": "near", "لهنزيك": "near",
             "ناو": "inside", "سنور": "near", "حدود": "near", "محيط": "around", "مدخل": "at", "المدخل": "at",
             "مداخل": "at",
             # one-letter words split off the name they were written joined to (_split_proclitics)
             "ب": "in", "و": "and", "ل": "to", "ك": "like"}
_AR_PART_WORDS = frozenset({"مدخل", "المدخل", "مداخل", "محيط", "اطراف", "وسط", "سوق", "مركز"})
# Generic words between the locative word and the name ("في قضاء الحويجة", "قرب قرية ...").
_AR_DETS = frozenset({"قضاء", "قضا", "ناحيه", "قريه", "قري", "بلده", "مدينه", "محافظه", "منطقه", "مناطق",
                      "حي", "مخيم", "جبال", "جبل", "سلسله", "صحراء", "وادي", "قصبه", "مركز", "شارع",
                      "طريق", "ريف", "اقليم", "گوندي", "شاري", "پاريزگاي", "ناوچهي", "قهزاي"})
_AR_WORD_RE = re.compile(f"[a-z]+|[{AR_L}]+")
# "near X" in Arabic or Kurdish: قرب / بالقرب من / على مقربة من / نزيك, then generic words.
_AR_NEAR_BEFORE_RE = re.compile(
    rf"(?<![{AR_L}])[وف]?(?:قرب|بالقرب من|علي مقربه من|علي اطراف|اطراف|ضواحي|له نزيك|نزيك)"
    rf"(?:\s+(?:{'|'.join(sorted(_AR_DETS, key=len, reverse=True))}))?\s+$")


def _prep_ar(before: str) -> str:
    """The locative word right before a place in Arabic-script text, as its English word."""
    words = _AR_WORD_RE.findall(fold_arabic(before.lower())[0])
    for n, w in enumerate(reversed(words)):
        if w == "ل" and any(x in _AR_PART_WORDS for x in words[max(0, len(words) - n - 4):len(words) - n - 1]):
            return "at"  # "عند المدخل الشمالي لبلدة البصيرة": at the entrance of the town
        if w.isascii():
            if w in _DETERMINERS:
                continue
            return w
        if len(w) > 2 and w[0] in "وف" and (w[1:] in _AR_PREPS or w[1:] in _AR_DETS):
            w = w[1:]
        if w in _AR_DETS:
            continue
        if len(w) > 2 and w[0] == "ب" and (w[1:] in _AR_DETS or w[1:].startswith("ال")):
            return "in"  # "بمحافظة", "بالقرب"
        return _AR_PREPS.get(w, w)
    return ""


# --------------------------------------------------------------------------- the pipeline


@dataclass
class _M:
    """A mention during processing."""

    raw: _Raw
    text: str
    sentence: int
    scored: list[tuple[float, int, float]]
    notes: list[str]
    res: Resolution
    role: str = "context"
    context_of: int | None = None  # index of the mention this one gives admin context to
    ctx: list[int] = field(default_factory=list)  # indices of the mentions giving context to it


_NEAR_GAP_RE = re.compile(
    r"^,?\s+(?:near|close to|outside|on the outskirts of|in the vicinity of|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of)\s+"
    r"(?:the\s+(?:town|city|village|district)\s+of\s+)?$", re.I)
_COMPASS_GAP_RE = re.compile(r"(?:north|south|east|west)", re.I)
_CTX_GAP_RE = re.compile(
    r"^\s*(?:,|in|of|,\s*in|in the|of the|,\s*in the|province of|,\s*part of|within|"
    r"(?:neighbou?rhood|area|suburb|quarter|district|sub-district|village|town|region)\s+(?:of|in)(?:\s+the)?)\s*"
    r"(?:(?P<dir>(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?|central|rural)\s+)?$",
    re.I)

# Arabic: "التابعة لناحية" (belonging to the sub-district of), "في قضاء" (in the district of),
# "ضمن محافظة" (within the governorate of), ", ناحية".
_AR_CTX_GAP_RE = re.compile(
    r"\s*(?:،\s*)?(?:(?:ال)?(?:تابع|واقع)[ةه]?\s*)?(?:ل|في|ضمن)?\s*(?:ال)?(?:ناحي[ةه]|قضاء|محافظ[ةه]|منطق[ةه])?\s*")
_AR_UNIT_WORD_RE = re.compile(r"(?:ناحي[ةه]|قضاء|محافظ[ةه])\s")

_LINE_START_RE = re.compile(r"(?m)^\s*(\S)")
_POSSESSIVE_GAP_RE = re.compile(r"['’]s\s+")


@lru_cache(maxsize=_SENTENCE_CACHE)
def _may_report(sentence: str) -> bool:
    """Whether a sentence has a stem of an event or casualty word (English or Arabic script)."""
    return bool(_cue_words(sentence.lower()).stem_starts) or (
        has_arabic(sentence) and _AR_ANY_CUE_RE.search(_fold(sentence)[0]) is not None)


def geoparse(
    text: object,
    *,
    published: object = None,
    country_hint: object = "IQ",
    gazetteer: Any = None,
    source: object = None,
    source_url: object = None,
    ner: bool = False,
) -> Document:
    """Find the places and the incidents in a news report.

    Parameters
    ----------
    text:
        The report, a ``str`` (plain text; HTML tags are tolerated and never become mentions).
    published:
        Publication date (``date``, ``datetime``, ``Timestamp`` or ``"YYYY-MM-DD"``); relative
        dates ("on Wednesday", "last week", "in recent weeks") are resolved against it. When
        omitted, a full date in the first lines of the text is used if there is one.
    country_hint:
        ISO code of the country the report is about (``"IQ"``, ``"SY"`` or ``None``); breaks
        ties between same-named places.
    gazetteer:
        A :class:`~geoincidents.Gazetteer` whose names table to use; the bundled one by default.
    source, source_url:
        Copied into every incident row of :meth:`Document.to_geodataframe`.
    ner:
        Also ask spaCy (when installed with an English model) for GPE/LOC entities the names
        table does not know; they are kept as unresolved mentions with the model's label.

    Returns
    -------
    Document
        ``places`` in text order (every span indexes ``text`` exactly) and ``incidents``.

    Raises
    ------
    InputError
        ``text`` is not a string or is larger than 20 million characters; ``published`` or
        ``country_hint`` cannot be read; ``source`` or ``source_url`` is neither a string nor None.
    DataError
        The bundled gazetteer data is missing.
    """
    # The arguments are checked here, before any typed code: a compiled build (see the README)
    # would otherwise answer a wrong type with its own TypeError instead of an InputError.
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}", field="text")
    if country_hint is not None and (not isinstance(country_hint, str) or len(country_hint.strip()) != 2):
        raise InputError(f"country_hint must be a two-letter ISO code or None, not {country_hint!r}",
                         field="country_hint")
    if source is not None and not isinstance(source, str):
        raise InputError(f"source must be a str or None, not {type(source).__name__}", field="source")
    if source_url is not None and not isinstance(source_url, str):
        raise InputError(f"source_url must be a str or None, not {type(source_url).__name__}", field="source_url")
    # A parse allocates many short-lived containers and keeps few: the cyclic collector would
    # traverse them again and again for nothing (see geoincidents/_gc.py).
    with gc_paused():
        return _geoparse(text, published, country_hint, gazetteer, source, source_url, ner)


def _geoparse(text: str, published: object, country_hint: str | None, gazetteer: Any, source: str | None,
              source_url: str | None, ner: bool) -> Document:
    hint = country_hint.strip().upper() if country_hint else None
    pub = parse_published(published)
    doc_notes: list[str] = []
    if pub is None:
        head = text[:400]
        for d in find_dates(head, None):
            if d.precision == "day" and d.start is not None and not d.relative:
                pub = d.start
                doc_notes.append(f"publication date {pub.isoformat()} read from the text ({d.text!r})")
                break
        else:
            ref = reference_date(head)
            if ref is not None:
                pub = ref[0]
                doc_notes.append(f"no publication date: dates read against {pub.isoformat()}, the end of the "
                                 f"period the heading names ({ref[1]!r})")
    if gazetteer is not None and not (hasattr(gazetteer, "resolve")):
        raise InputError("gazetteer must be a geoincidents.Gazetteer (it has no resolve method)",
                         field="gazetteer")
    try:
        idx = _index_for(gazetteer)
    except GeoIncidentsError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"cannot build the geoparser's names index: {exc}") from exc

    work = _mask_markup(text)
    toks = _tokenize(work)
    if has_arabic(work):
        toks = _split_proclitics(toks, idx)
    sents = _sentences(work)
    sent_starts_list = [a for a, _ in sents]
    sent_first_tok: set[int] = set()
    for a, _b in sents:
        k = bisect_right(toks.starts, a - 1)
        if k < len(toks.starts):
            sent_first_tok.add(toks.starts[k])
    # Lines that look like headings are sentence starts as well.
    for m in _LINE_START_RE.finditer(work):
        sent_first_tok.add(m.start(1))

    raws = _find_mentions(work, toks, idx)
    token_of_raw: set[int] = set()
    for r in raws:
        token_of_raw.update(range(r.t0, r.t1 + 1))
    for r in raws:
        _cues(work, toks, r, token_of_raw)
    _coordinate_cues(work, toks, raws)
    keep = [_keep(work, toks, r, idx, sent_first_tok) for r in raws]
    if not all(keep):
        _keep_listed(work, raws, keep)
    raws = list(compress(raws, keep))
    raws.extend(_pattern_mentions(work, raws, idx))
    if has_arabic(work):
        raws.extend(_ar_locative_mentions(work, toks, raws, idx, gazetteer))
    raws.extend(_latin_locative_mentions(work, toks, raws, token_of_raw, idx, gazetteer))
    raws.sort(key=lambda r: r.start)
    if ner:
        raws.extend(_ner_mentions(work, raws))
        raws.sort(key=lambda r: r.start)
    raws = _quarters_of_towns(work, raws, idx)

    def sent_of(pos: int) -> int:
        return max(0, bisect_right(sent_starts_list, pos) - 1)

    # Admin context between mentions: "Hawija, western Kirkuk", "Hamrin Mountains of Saladin
    # province", "Makhmour in Nineveh province".
    ctx_of: dict[int, int] = {}
    directions: dict[int, str] = {}
    for k in range(1, len(raws)):
        left, right = raws[k - 1], raws[k]
        if left.foreign or right.foreign:
            continue
        gap = work[left.end:right.start]
        if gap[:1] in "'’" and _POSSESSIVE_GAP_RE.fullmatch(gap) and left.cands and right.cands:
            ctx_of[k - 1] = k  # "Deir ez-Zor's al-Busayrah": the first names the area of the second
            continue
        if "\n" not in gap and gap.strip() and has_arabic(gap) and _AR_CTX_GAP_RE.fullmatch(gap) and left.cands \
                and (any(idx.klass[e] in ("adm1", "adm2", "adm3") for e, _, _ in right.cands)
                     or _AR_UNIT_WORD_RE.match(work, right.start)):
            ctx_of[k] = k - 1  # "قرية السيد أحمد التابعة لناحية الشوملي": the village of that sub-district
            unit = "adm3" if "ناحي" in gap else "adm2" if "قضاء" in gap else "adm1" if "محافظ" in gap else None
            if unit and not right.cue and any(idx.klass[e] == unit for e, _, _ in right.cands):
                right.cue = unit
            continue
        gap_m = _CTX_GAP_RE.match(gap)
        if not gap_m or "\n" in gap:
            continue
        if not any(idx.klass[e] in ("adm1", "adm2", "adm3", "country", "region") for e, _, _ in right.cands):
            continue
        if _coarseness(idx, right) <= _coarseness(idx, left):
            continue
        if k + 1 < len(raws) and re.fullmatch(r"\s*(?:,|and|, and|or)\s*", work[right.end:raws[k + 1].start]) \
                and _coarseness(idx, raws[k + 1]) == _coarseness(idx, right):
            continue  # "Kirkuk, Salahaddin and Diyala provinces" is a list, not a context chain
        if gap.strip().startswith(",") or gap_m.group("dir") or right.cue in ("adm1", "adm2", "adm3", "region") \
                or gap.strip().lower() in ("in", "of", "in the", "of the", "province of", "within"):
            ctx_of[k] = k - 1
            if gap_m.group("dir"):
                directions[k] = gap_m.group("dir").lower()
    # Reference places: "the village of Kharabah near Sharqat" (resolved before what they locate).
    near_of: dict[int, int] = {}
    compass_ref: dict[int, float | None] = {}  # "Shaddadi, south of Hasakah": a bearing reaches further than "near"
    for k in range(1, len(raws)):
        left, right = raws[k - 1], raws[k]
        if left.foreign or right.foreign or k in ctx_of or not right.cands:
            continue
        gap = work[left.end:right.start]
        if _NEAR_GAP_RE.match(gap) or (gap[:1] == "," and _DIRECTION_REF_GAP_RE.fullmatch(gap)):
            near_of[k] = k - 1
            if _COMPASS_GAP_RE.search(gap):
                compass_ref[k] = _gap_bearing(gap)
    # Context flows along a chain: "X, Y district, Z province".
    doc_adm1: set[str] = set()
    for r in raws:
        if r.cue == "adm1" and r.cands:
            for e, _, _ in r.cands:
                if idx.klass[e] == "adm1":
                    doc_adm1.add(idx.source[e].split(":", 1)[1])
        elif r.cands and _cand_stats(idx, r.cands)[2]:
            # A city named unambiguously ("... southwest of Kirkuk") says which governorate the
            # report is about: of same-named villages, those there are preferred.
            units = {idx.admin[e][0] for e, _, sim in r.cands if sim == 1.0 and idx.imp[e] >= 0.85}
            if len(units) == 1 and None not in units:
                doc_adm1.update(cast("set[str]", units))

    mentions: list[_M] = []
    chosen: list[int | None] = []
    # Context mentions come after what they qualify; resolve them first.
    order = sorted(range(len(raws)), key=lambda k: (k not in ctx_of and k not in near_of, k))
    resolved_eid: dict[int, int] = {}
    scored_by: dict[int, tuple[list, list[str]]] = {}
    read_with_context: dict[str, tuple[list[int], list[int], int]] = {}
    for k in order:
        r = raws[k]
        r.text = work[r.start:r.end]
        if r.foreign:
            continue
        r_cue = r.cue
        if k in ctx_of:
            # A context word is an admin unit: make that explicit for the ranking.
            if not r_cue:
                r.cue = "adm1" if any(idx.klass[e] == "adm1" for e, _, _ in r.cands) else None
        ctx_eids = [resolved_eid[j] for j, t in ctx_of.items() if t == k and j in resolved_eid]
        ref_eids = [resolved_eid[j] for j in (k + 1,) if near_of.get(j) == k and j in resolved_eid]
        ref_km = 80.0 if k + 1 in compass_ref else 40.0
        ref_bearing = compass_ref.get(k + 1)
        if ctx_eids and r.cands and not any(_within(idx, e, c) for e, _, _ in r.cands for c in ctx_eids):
            # Nothing of that spelling in the unit the text names: look for looser
            # transliterations of it there ("Dora ... of Baghdad" is Ad Dawrah, Baghdad).
            loose = _loose_in_context(idx, r, toks, ctx_eids)
            if loose:
                r.cands = r.cands + loose
        if not r.cue and r.cands:
            _generic_inside(gazetteer, idx, r)
            r_cue = r.cue
        scored, notes = _choose(idx, r, ctx_eids, doc_adm1, hint, ref_eids, ref_km, ref_bearing)
        r.cue = r_cue if k not in ctx_of else r.cue
        if scored:
            resolved_eid[k] = scored[0][1]
            if ctx_eids or ref_eids:
                read_with_context.setdefault(r.text.lower(), (ctx_eids, ref_eids, scored[0][1]))
        scored_by[k] = (scored, notes)
    # One place per name in a document: where the text names a place again without the words
    # that told which one it is ("near Sinune, north of Mount Sinjar" ... "the road into Sinune"),
    # the first mention's context applies.
    for k, (scored, _notes) in list(scored_by.items()) if read_with_context else ():
        r = raws[k]
        ctx = read_with_context.get(r.text.lower())
        if ctx is None or not scored or scored[0][1] == ctx[2] or k in ctx_of:
            continue
        again, again_notes = _choose(idx, r, ctx[0], doc_adm1, hint, ctx[1])
        if again and again[0][1] == ctx[2]:
            scored_by[k] = (again, [*again_notes, "read as where the text names it with its context"])
            resolved_eid[k] = ctx[2]
    for k, r in enumerate(raws):
        text_k = text[r.start:r.end]
        if r.foreign:
            res = _unresolved(text_k, "outside coverage")
            res = _replace(res, name=r.foreign)
            mentions.append(_M(r, text_k, sent_of(r.start), [], ["outside the gazetteer's coverage (Iraq, Syria and neighbours)"], res))
            chosen.append(None)
            continue
        scored, notes = scored_by[k]
        if not scored:
            method = r.label if r.label.startswith("spacy:") else "geoparse:pattern"
            ctx_codes = {idx.source[resolved_eid[j]].split(":", 1)[-1] for j, t in ctx_of.items()
                         if t == k and j in resolved_eid}
            res = _fallback_resolve(gazetteer, text_k, r.cue, method, ctx_codes)
            mentions.append(_M(r, text_k, sent_of(r.start), [], [], res))
            chosen.append(None)
            continue
        method = "geoparse:exact" if scored[0][2] == 1.0 else "geoparse:fuzzy"
        res = _resolution(idx, text_k, scored, method)
        mentions.append(_M(r, text_k, sent_of(r.start), scored, list(notes), res))
        chosen.append(scored[0][1])
    for k, t in ctx_of.items():
        mentions[k].context_of = t
        mentions[t].ctx.append(k)
        direction = directions.get(k)
        if direction:
            mentions[k].raw.direction = direction
    # Roles that do not depend on incidents.
    for mention in mentions:
        before = work[max(0, mention.raw.start - 40):mention.raw.start]
        if _search_ci(_NON_INCIDENT_PLACE_RES, before):
            mention.role = "comparison"

    incidents = _incidents(work, text, sents, mentions, idx, pub, hint)
    places = tuple(
        PlaceMention(text=m.text, start=m.raw.start, end=m.raw.end, resolution=m.res, role=m.role,
                     sentence=m.sentence, cue=m.raw.cue, notes=tuple(m.notes))
        for m in mentions)
    if pub is None:
        doc_notes.append("no publication date: relative dates are left unresolved")
    return Document(text=text, published=pub, places=places, incidents=tuple(incidents), source=source,
                    source_url=source_url, notes=tuple(doc_notes))


_PATTERN_NAME = r"(?:(?:al|Al|el|El|as|ash|ad|an|ar|at|az)[-\s])?[A-Z][\w'’]+(?:[- ](?:al-|el-)?[A-Z][\w'’]+){0,2}"
_PATTERN_RES = (
    re.compile(rf"\b(?P<g>town|village|city|district|sub-district|subdistrict|province|governorate|"
               rf"mountains?|area|region|camp|hamlet|neighbou?rhood) of (?P<n>{_PATTERN_NAME})"),
    re.compile(rf"\b(?P<n>{_PATTERN_NAME}) (?P<g>province|district|sub-district|governorate|village|"
               rf"mountains|valley|camp)\b"),
)
_PATTERN_CLASS = {"town": "locality", "village": "locality", "city": "locality", "hamlet": "locality",
                  "neighbourhood": "locality", "neighborhood": "locality", "district": "adm2",
                  "sub-district": "adm3", "subdistrict": "adm3", "province": "adm1", "governorate": "adm1",
                  "mountain": "mountain", "mountains": "mountain", "valley": "wadi", "camp": "camp",
                  "area": "region", "region": "region"}


# The generic word of each pattern: its matches lie within a few words of one, so the patterns
# run only on those stretches of the text (the scan of the whole text from every word costs
# more than the rest of the step). A name is at most four whitespace-separated tokens.
_PATTERN_OF_WORDS = ("town", "village", "city", "district", "sub-district", "subdistrict", "province", "governorate",
                     "mountains?", "area", "region", "camp", "hamlet", "neighbou?rhood")
_PATTERN_KEY_RES = (
    re.compile(rf"\b(?:{'|'.join(_PATTERN_OF_WORDS)}) of "),
    re.compile(r" (?:province|district|sub-district|governorate|village|mountains|valley|camp)\b"),
)
# A key pattern whose matches end with a literal, and how far before the literal they can
# start: it is searched for only just before each occurrence of the literal (which the engine
# finds fast), not tried at every position of the text.
_KEY_LITERAL_ENDS = {_PATTERN_KEY_RES[0]: (" of ", max(map(len, _PATTERN_OF_WORDS)))}
_PATTERN_REACH = 6  # whitespace-separated tokens around a generic word that a match can span
# Skip white space, then a whitespace-free run, _PATTERN_REACH times (backwards: in the reversed text).
_REACH_RE = re.compile(rf"(?:\s*\S*){{{_PATTERN_REACH}}}")


def _reach_end(text: str, pos: int) -> int:
    """Where the words a pattern may reach from ``pos`` end (the reach matches at any position)."""
    m = _REACH_RE.match(text, pos)
    return m.end() if m else pos


def _pattern_matches(text: str, pat: re.Pattern[str], key_re: re.Pattern[str], back: bool):
    """``pat.finditer(text)``, run only around the matches of ``key_re`` (the generic word: the
    name comes after it, or before it when ``back``). ``finditer`` with a start position still
    sees the text before it (``\\b``, look-behinds), so the matches are the same."""
    regions: list[list[int]] = []
    n = len(text)
    reversed_text: str | None = None
    for k in _key_matches(text, key_re):
        lo, hi = k.start(), k.end()
        if back:
            if reversed_text is None:
                reversed_text = text[::-1]
            lo = n - _reach_end(reversed_text, n - lo)
        else:
            hi = _reach_end(text, hi)
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    for lo, hi in regions:
        yield from pat.finditer(text, lo, hi)


def _key_matches(text: str, key_re: re.Pattern[str]):
    """``key_re.finditer(text)``. A key pattern whose matches end with a literal is searched
    for between ``reach`` characters before each occurrence of the literal (or the end of the
    last match, where ``finditer`` would go on from) and the literal's end."""
    literal_end = _KEY_LITERAL_ENDS.get(key_re)
    if literal_end is None:
        yield from key_re.finditer(text)
        return
    literal, reach = literal_end
    pos = 0
    q = text.find(literal)
    while q >= 0:
        k = key_re.search(text, max(q - reach, pos), q + len(literal))
        if k is not None:
            yield k
            pos = k.end()
        q = text.find(literal, q + 1)


def _pattern_mentions(text: str, raws: list[_Raw], idx: _Index) -> list[_Raw]:
    """Names the wording marks as places ("the village of X") that no mention covers yet.

    Their candidates come from the index (same skeleton, close spelling); names it does not
    know at all are looked up in the gazetteer later.
    """
    taken = [(r.start, r.end) for r in raws]
    out: list[_Raw] = []
    for pat, key_re, back in zip(_PATTERN_RES, _PATTERN_KEY_RES, (False, True)):
        for m in _pattern_matches(text, pat, key_re, back):
            a, b = m.span("n")
            name = m.group("n")
            first = nz.normalize(name).split()
            if not first or first[0] in _STOP or first[0] in _DEMONYMS or first[-1] in _STOP:
                continue
            core = " ".join(first)
            if len(core) < 3 or core in _NAME_PARTICLES or core in nz.generic_words():
                continue  # "the village of Al", "the district of Qaryat": not a name
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            cue = _PATTERN_CLASS.get(m.group("g").lower())
            key = nz.normalize(name)
            cands = [c for c in _candidates(idx, _tokskel(key), key) if c[2] >= 0.9]
            out.append(_Raw(0, 0, a, b, cands, cue=cue, label="pattern"))
    return out


_QUARTER_OF_RE = re.compile(
    r"\s+(?:neighbou?rhood|quarter|mahalla|suburb)\s+of\s+(?:the\s+(?:city|town)\s+of\s+)?", re.I)
_QUARTER_KM = 15.0  # a quarter of a town lies within this of the town's point


def _quarters_of_towns(work: str, raws: list[_Raw], idx: _Index) -> list[_Raw]:
    """"the Al-Qadisiya neighbourhood of Tal Afar": the first name is a part of the town named
    next. Its namesakes away from that town (a governorate, a village elsewhere) are other
    places; when none is near the town, the mention goes and the town is the place."""
    out: list[_Raw] = []
    for k, r in enumerate(raws):
        nxt = raws[k + 1] if k + 1 < len(raws) else None
        if nxt is not None and r.cands and nxt.cands and not r.foreign \
                and _QUARTER_OF_RE.fullmatch(work, r.end, nxt.start):
            towns = [e for e, _, _ in nxt.cands if idx.klass[e] == "locality"]
            if towns:
                near = [c for c in r.cands if idx.klass[c[0]] == "locality" and min(
                    _km(idx.lat[c[0]], idx.lon[c[0]], idx.lat[t], idx.lon[t]) for t in towns) <= _QUARTER_KM]
                if not near:
                    continue
                r.cands = near
        out.append(r)
    return out


def _generic_inside(gazetteer, idx: _Index, r: _Raw) -> None:
    """A name matched whole with its generic word ("قضاء الحويجة", "Qada Hawija": an alternate
    name of the town in the data) still says which feature it is: when no candidate has that
    class, the gazetteer (which reads the generic word as evidence) adds the unit it means."""
    core, classes = nz.split_generic(r.text)
    strong = [c for c in classes if c not in ("locality", "region")]
    if not strong or not core or any(_class_fits(strong[0], idx.klass[e]) for e, _, _ in r.cands):
        return
    gaz = gazetteer if gazetteer is not None else _default_gazetteer()
    if gaz is None:
        return
    try:
        res = gaz.resolve(r.text, feature_types={strong[0]})
        eid = gaz._eid_of(res.source) if res.status != "unresolved" and res.source else None
    except Exception:  # noqa: BLE001 - an optional lookup must never drop the document
        return
    if eid is not None and eid < len(idx.source) and idx.source[eid] == res.source:
        r.cands = [*r.cands, (eid, core, 1.0)]
        r.cue = strong[0]


def _resolved_entity(gaz, idx: _Index, query: str) -> tuple[int, Resolution] | None:
    """The names-index entity of the gazetteer's resolved answer for ``query`` (with the answer),
    or None: unresolved or ambiguous, a failed lookup, or an answer the index does not hold."""
    try:
        res = gaz.resolve(query)
        eid = gaz._eid_of(res.source) if res.status == "resolved" and res.source else None
    except Exception:  # noqa: BLE001 - an optional lookup must never drop the document
        return None
    if eid is None or eid >= len(idx.source) or idx.source[eid] != res.source:
        return None
    return eid, res


_AR_LOCATIVE = frozenset({"in", "near", "outskirts", "inside", "north", "south", "east", "west", "northern",
                          "southern", "eastern", "western", "central"})


def _ar_locative_mentions(text: str, toks: _Tokens, raws: list[_Raw], idx: _Index, gazetteer) -> list[_Raw]:
    """Arabic-script words right after a locative word ("لە مەخموور", in Makhmour) that the names
    index does not hold in that spelling: the gazetteer's fuzzy lookup reads them (a Kurdish
    spelling of a name the data has in Arabic). Only confident answers are kept, so a common
    word after "in" does not become a village."""
    gaz = gazetteer if gazetteer is not None else _default_gazetteer()
    if gaz is None:
        return []
    covered: set[int] = set()
    for r in raws:
        covered.update(range(r.t0, r.t1 + 1))
    out: list[_Raw] = []
    raw, norm = toks.raw, toks.norm
    n = len(raw)
    for i in compress(range(1, n), map(not_, map(str.isascii, raw[1:]))):
        if i in covered or not has_arabic(raw[i]) or len(norm[i]) < 3 or norm[i] in _AR_STOP \
                or norm[i] in nz.generic_words():
            continue
        if _AR_PREPS.get(fold_arabic(norm[i - 1])[0]) not in _AR_LOCATIVE \
                or text[toks.ends[i - 1]:toks.starts[i]] not in (" ", ""):
            continue
        for j in (i + 1, i):  # the two words together first
            if j >= n or j in covered or (j > i and (not has_arabic(raw[j]) or text[toks.ends[i]:toks.starts[j]] != " ")):
                continue
            query = text[toks.starts[i]:toks.ends[j]]
            found = _resolved_entity(gaz, idx, query)
            if found is None or found[1].score < 0.8:
                continue
            if found[1].method == "transliteration" and not _NOT_ARABIC_LETTERS_RE.search(query):
                continue  # an Arabic word read through Latin letters: "بتدمير" (by destroying) is not Tadmur
            eid = found[0]
            out.append(_Raw(i, j, toks.starts[i], toks.ends[j], [(eid, nz.normalize(query), 0.9)], label="gazetteer",
                            nt0=i, nt1=j))
            covered.update(range(i, j + 1))
            break
    return out


# Letters of Kurdish and Persian that Arabic does not use.
_NOT_ARABIC_LETTERS_RE = re.compile("[ەێۆڕڵڤپچژگکیۊھ]")


# Words after which a capitalised word the names index does not know is looked up in the
# gazetteer ("killed in Yayci", "near Saidsadiq"): the strongest locatives only.
_LATIN_LOCATIVE = frozenset({"in", "near", "outside", "inside", "around"})


def _latin_locative_mentions(text: str, toks: _Tokens, raws: list[_Raw], hit_tokens: set[int], idx: _Index,
                             gazetteer) -> list[_Raw]:
    """Capitalised Latin words right after a locative word that no name of the index comes
    close to (``hit_tokens`` are the tokens of every automaton hit, kept or not): the
    gazetteer's fuzzy lookup reads them ("Yayci" is Yāychī, "Saidsadiq" is Seyid Sadiq).
    Only confident, unambiguous answers for a populated place in Iraq or Syria are kept,
    so an unknown surname or organisation after "in" stays out."""
    raw, norm = toks.raw, toks.norm
    todo = [i for i in range(1, len(raw))
            if norm[i - 1] in _LATIN_LOCATIVE and raw[i][:1].isupper() and raw[i].isascii() and len(raw[i]) >= 4
            and i not in hit_tokens and not toks.article[i]]
    if not todo:
        return []
    gaz = gazetteer if gazetteer is not None else _default_gazetteer()
    if gaz is None:
        return []
    covered = {j for r in raws for j in range(r.t0, r.t1 + 1)}
    out: list[_Raw] = []
    for i in todo:
        word = norm[i]
        if i in covered or word in _STOP or word in _DEMONYMS or word in _TITLES or word in nz.generic_words() \
                or text[toks.ends[i - 1]:toks.starts[i]] != " ":
            continue
        nxt = i + 1
        if nxt < len(raw) and (raw[nxt][:1].isupper() or text[toks.ends[i]:toks.starts[nxt]] in ("'", "’")):
            continue  # a longer name, or a person's ("in Karim's house")
        found = _resolved_entity(gaz, idx, raw[i])
        if found is None:
            continue
        eid, res = found
        if res.score < 0.9 or res.feature_type != "locality" or res.country not in ("IQ", "SY"):
            continue
        out.append(_Raw(i, i, toks.starts[i], toks.ends[i], [(eid, word, 0.9)], label="gazetteer", nt0=i, nt1=i))
    return out


def _fallback_resolve(gazetteer, query: str, cue: str | None, method: str,
                      ctx_codes: set[str] | frozenset[str] = frozenset()) -> Resolution:
    """The gazetteer's own (fuzzy) answer for a name the index did not match.

    Accepted only when it is a confident match and, if the text gives an admin context ("in
    Makhmour district"), when it lies in that unit; otherwise the mention stays unresolved
    with the gazetteer's answer among its candidates.
    """
    gaz = gazetteer if gazetteer is not None else _default_gazetteer()
    if gaz is None:
        return _unresolved(query, method)
    try:
        r = gaz.resolve(query)
        if cue in ("adm1", "adm2", "adm3") and (r.status != "resolved" or r.feature_type != cue):
            # "the Wana sub-district": the unit the generic word names, when the gazetteer
            # holds one of that name
            unit = gaz.resolve(query, feature_types={cue})
            if unit.status == "resolved" and unit.score >= 0.9:
                r = unit
    except Exception:  # noqa: BLE001 - an optional lookup must never drop the document
        return _unresolved(query, f"{method} (gazetteer lookup failed)")
    codes = {r.admin1_code, r.admin2_code, r.admin3_code, r.country}
    if r.status == "unresolved" or r.score < 0.9 or (ctx_codes and not (ctx_codes & codes)):
        alts = r.alternatives
        if r.name is not None and r.status != "unresolved":
            alts = (Candidate(name=r.name, feature_type=r.feature_type or "", score=r.score,
                              source=r.source or "", lat=r.lat, lon=r.lon, admin1_name=r.admin1_name,
                              admin2_name=r.admin2_name),) + tuple(alts)
        return _unresolved(query, method, tuple(alts)[:5])
    return _replace(r, query=query, method=f"{method}+gazetteer:{r.method}")


_MARKUP_RE = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^<>]{0,2000}>|&[#\w]{1,10};", re.S | re.I)


def _mask_markup(text: str) -> str:
    """The text with HTML tags, scripts, comments and entities blanked (same length)."""
    if "<" in text or "&" in text:
        text = _MARKUP_RE.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _ner_mentions(text: str, raws: list[_Raw]) -> list[_Raw]:
    """GPE/LOC entities from spaCy, when it and an English model are installed (never fetched)."""
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError:
        return []
    nlp = None
    for model in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf"):
        try:
            nlp = spacy.load(model)
            break
        except (OSError, ImportError):
            continue
    if nlp is None:
        return []
    taken = [(r.start, r.end) for r in raws]
    out = []
    for ent in nlp(text).ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        if any(a < ent.end_char and ent.start_char < b for a, b in taken):
            continue
        out.append(_Raw(0, 0, ent.start_char, ent.end_char, [], label=f"spacy:{ent.label_}"))
    return out


# --------------------------------------------------------------------------- incidents


_UNION_CACHE: dict[tuple, BaseGeometry] = {}


def _union(geoms: list[BaseGeometry], key: tuple) -> BaseGeometry:
    # The union does not depend on the order the text lists the units in.
    key = tuple(sorted(key, key=str))
    g = _UNION_CACHE.get(key)
    if g is None:
        g = shapely.union_all(geoms)
        if len(_UNION_CACHE) > 1000:
            _UNION_CACHE.clear()
        _UNION_CACHE[key] = g
    return g


_GEOM_CACHE: dict[tuple, tuple[BaseGeometry, BaseGeometry | None, BaseGeometry]] = {}


def _geom_op(op: str, a: BaseGeometry, b: BaseGeometry | None = None, arg: str = "") -> BaseGeometry:
    """A derived geometry (a unit narrowed to one side, a line clipped to a unit), built once.

    Entity geometries are shared objects (decoded once per index), so their identity is the
    key: the same governorate narrowed the same way, or the same range clipped to the same
    governorate, is not recomputed for every report. The inputs are kept with the result, so
    an identity is never mistaken for another object's.
    """
    key = (op, id(a), id(b), arg)
    hit = _GEOM_CACHE.get(key)
    if hit is not None and hit[0] is a and hit[1] is b:
        return hit[2]
    out = _narrow(a, arg) if op == "narrow" else shapely.intersection(a, b)
    if len(_GEOM_CACHE) > 5000:
        _GEOM_CACHE.clear()
    _GEOM_CACHE[key] = (a, b, out)
    return out


def _narrow(geom: BaseGeometry, direction: str) -> BaseGeometry:
    """The part of a polygon on one side: "western Kirkuk" is the west half of the governorate."""
    dx, dy = _DIRECTIONS.get(direction, (0, 0))
    minx, miny, maxx, maxy = geom.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    x0, x1 = (minx, maxx) if dx == 0 else ((cx, maxx) if dx > 0 else (minx, cx))
    y0, y1 = (miny, maxy) if dy == 0 else ((cy, maxy) if dy > 0 else (miny, cy))
    part = shapely.intersection(geom, shapely.box(x0, y0, x1, y1))
    return geom if part.is_empty else part


def _offset(point: BaseGeometry, km: float, direction: str) -> BaseGeometry:
    dx, dy = _DIRECTIONS.get(direction, (0, 0))
    norm = math.hypot(dx, dy) or 1.0
    dlat = km * dy / norm / 110.57
    dlon = km * dx / norm / (111.32 * math.cos(math.radians(point.y)))
    return shapely.Point(point.x + dlon, point.y + dlat)


_DETERMINERS = frozenset({"the", "a", "an", "rugged", "remote", "nearby", "mountainous", "village", "town",
                          "city", "district", "province", "mountains", "area", "areas", "of", "border",
                          "frontier", "desert", "small", "busy", "restive", "disputed", "neighbouring",
                          "neighboring", "sub", "northern", "southern", "eastern", "western", "central"})
_INCIDENT_PREPS = _PLACE_VERBS | frozenset({
    "in", "at", "near", "on", "outside", "around", "between", "into", "targeting", "inside",
    "across", "outskirts", "toward", "towards", "from", "off", "along", "west", "east", "north",
    "south", "northwest", "northeast", "southwest", "southeast", "western", "eastern", "northern",
    "southern", "central", "km", "kilometres", "kilometers", "miles", "hit", "above", "beside",
    "location",  # the "Location:" field of a form or log entry
    "attacked", "within", "through", "vicinity", "targeted", "below", "behind", "beneath", "under", "opposite",
})
_COUNTRYSIDE_BEFORE_RE = re.compile(r"(?:(?<![\u0600-\u06FF])[وفب]?(?:ب|ل)?ريف\s+|\bcountryside\s+of\s+(?:the\s+)?)$", re.I)
_COUNTRYSIDE_AFTER_RE = re.compile(r"\s+countryside\b", re.I)
_RELATIVE_KILL_RE = re.compile(r"\b(?:that|which|who)\s+(?:had\s+)?(?:killed|left\s+\w+\s+dead|claimed)\b", re.I)
_WITHDREW_TO_RE = re.compile(r"\b(?:withdrew|fled|retreated|escaped|headed|pulled back)\s+(?:back\s+)?"
                             r"(?:to|towards?|into|in the direction of)\s+(?:the\s+)?$", re.I)
_WITHDREW_TO_RES = (_WITHDREW_TO_RE, lowered(_WITHDREW_TO_RE), ("withdrew", "fled", "retreated", "escaped", "headed", "pulled"))
_HOSPITAL_AFTER_RE = re.compile(r"\s+(?:general\s+|teaching\s+|public\s+|main\s+|emergency\s+)?hospital\b", re.I)
_ORGANISATION_AFTER_RE = re.compile(
    r"\s+(?:Operations\s+Command|Police\s+Command|Operations\s+Centre|Command|Provincial\s+Council|"
    r"Governorate\s+Council|Province\s+Council|University|Health\s+Directorate|Directorate|Brigade|Division)\b")
_POLICE_UNIT_AFTER_RE = re.compile(
    r" (?:[Pp]olice|[Ss]ecurity\s+forces|[Cc]ounter-?terrorism|[Aa]sayish)(?:\s+(?:intelligence|command|directorate|"
    r"chief|spokesman|said|says|arrested|detained|raided|announced))?\b(?!\s+(?:stations?|posts?|checkpoints?|"
    r"headquarters|buildings?)\b)")
_METONYMY_RE = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+)?(?:said|says|declared|announced|called|asked|accused(?!\s+of)|vowed|denied|"
    r"claimed|insisted|responded|rejected|ordered|demanded|blamed(?!\s+(?:on|for))|condemned|warned|urged|sent|"
    r"agreed|signed|wants|hopes|considers|believes)\b", re.I)
_REL_RE = re.compile(
    r"(?P<km>\d{1,3}(?:\.\d)?)\s*(?:km|kilometers|kilometres|miles?)\s+(?:\(\s*\d+\s*miles?\s*\)\s+)?"
    r"(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+of\s*$",
    re.I)


_NEAR_BEFORE_RE = re.compile(
    r"\b(?:near|outside|close to|on the outskirts of|outskirts of|in the vicinity of|around|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:-?\w+)? of)\s+(?:the\s+)?"
    r"(?:(?:\w+\s+){1,2}of\s+)?$", re.I)
_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\s+(?:the\s+)?(?:\w+\s+of\s+)?$", re.I)
# "Kut-Badra 132 kV line", "the Baiji-Haditha pipeline": a town naming a line with another.
_JOINED_NAME_RE = re.compile(r"[-–][A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?!\s+(?:road|highway|motorway|expressway|route)\b)"
                             r"(?=\s+(?:[\w.]+\s+){0,3}?(?:line|lines|pipeline|railway|canal|power line|corridor))")
_ROAD_AFTER_RE = re.compile(r"\s+(?:road|highway|motorway|expressway|route)\b", re.I)
# (after a name ending in a written ayn, "Sa'sa' and Beit Jinn", the mention stops before it)
_AND_GAP_RE = re.compile(r"['’‘ʿ]?\s*and\s+(?:the\s+)?(?:\w+\s+of\s+)?", re.I)
# Arabic (folded): "الطريق الرابط بين الحلة والكفل", "بين بلدتي أبو حمام وغرانيج" (between the two towns of)
_AR_BETWEEN_BEFORE_RE = re.compile(rf"(?<![{AR_L}])بين\s+(?:(?:بلدتي|مدينتي|قريتي|ناحيتي|قضائي)\s+)?$")
_AR_AND_GAP_RE = re.compile(r"\s*و\s*(?:(?:بلده|مدينه|قريه|ناحيه|قضاء)\s+)?")
_REF_WORD_RE = re.compile(r"\b(?:overlooking|near|close to|outside|north of|south of|east of|west of)\b", re.I)
_REF_WORD_ANY_RE = re.compile(r"(overlooking|near|close to|outside|north of|south of|east of|west of)", re.I)
_LOWER_WORD_RE = re.compile(r"[a-z]+")


# (pattern, the same for lower-cased text) of the case-insensitive look-behinds and gaps.
# A third item, when given, lists words one of which every match contains (lower-cased): most
# windows have none, and testing for them is cheaper than these searches (measured; not so for
# the short gaps _REF_WORD_RES reads).
_NON_INCIDENT_PLACE_RES = (_NON_INCIDENT_PLACE_RE, lowered(_NON_INCIDENT_PLACE_RE))
_REL_RES = (_REL_RE, lowered(_REL_RE), ("km", "kilomet", "mile"))
_NEAR_BEFORE_RES = (_NEAR_BEFORE_RE, lowered(_NEAR_BEFORE_RE),
                    ("near", "outside", "close to", "outskirts of", "vicinity of", "around", "north", "south", "east",
                     "west"))
_BETWEEN_BEFORE_RES = (_BETWEEN_BEFORE_RE, lowered(_BETWEEN_BEFORE_RE), ("between",))
_REF_WORD_RES = (_REF_WORD_RE, lowered(_REF_WORD_RE))


def _search_ci(patterns: tuple, text: str) -> re.Match[str] | None:
    """``patterns[0].search(text)``, run as a case-sensitive search of the lower-cased text when
    lower-casing keeps its length (several times faster than ``re.I``), and only when the text
    has one of the key words ``patterns[2]`` (if given); group texts come back lower-cased."""
    low = text.lower()
    if len(low) != len(text):
        return patterns[0].search(text)
    if len(patterns) > 2 and not any(k in low for k in patterns[2]):
        return None
    return patterns[1].search(low)


def _location_for(work: str, sent: tuple[int, int], ms: list[_M], in_sent: list[int], trig: int,
                  idx: _Index, etype: str, whole: tuple[int, int] | None = None,
                  ) -> list[tuple[Resolution, str, list[int], list[str]]]:
    """The incident location(s) of one event sentence, or of one part of it (``sent``, within
    the sentence ``whole``): (resolution, place text, mentions, notes)."""
    a, b = sent
    ha, hb = whole or sent
    # A context mention stands in for the place it qualifies when that place is unknown
    # ("the village of Gawr in Makhmour district": the district).
    cands = [i for i in in_sent if ms[i].role != "comparison" and ms[i].res.status != "unresolved"
             and ((qualified := ms[i].context_of) is None or ms[qualified].res.status == "unresolved")]
    if not cands:
        return []

    def name_start(i: int) -> int:
        start = ms[i].raw.start
        if "(" in work[max(a, start - 30):start]:
            alt = _ALT_SPELLING_BEFORE_RE.search(work, max(a, start - 60), start)
            if alt:
                return alt.start()  # "at the entrance of Snune (Sinuni)": where Snune stands
        return start

    def prep(i: int) -> str:
        for j in ms[i].ctx:
            if ms[j].raw.end <= ms[i].raw.start:
                i = j  # "in Deir ez-Zor's al-Busayrah": the word before the possessive
                break
        start = name_start(i)
        before = work[max(a, start - 40):start].lower()
        for w in reversed(_LOWER_WORD_RE.findall(before)):
            if w not in _DETERMINERS:
                return w
        # Arabic prose (Latin prose reads its own words, as before)
        return _prep_ar(before) if has_arabic(before) else ""

    headline = len(work[ha:hb].strip()) < 140 and not work[ha:hb].rstrip().endswith((".", "\"", "”"))

    # A dateline ("KIRKUK: ...", "MOSUL, Iraq (AP) — ...") says where the report was filed: the
    # event place only when the sentence names no other.
    dateline = {i for i in cands if ms[i].raw.start - ha < 3 and _DATELINE_RE.match(work, ms[i].raw.end)}

    def locative(i: int) -> bool:
        after = work[ms[i].raw.end:ms[i].raw.end + 30]
        if _METONYMY_RE.match(after):
            return False  # "Baghdad declared ...", "Ankara said ...": a government, not a place
        if after[:1] == " " and _ORGANISATION_AFTER_RE.match(after):
            return False  # "a force from the Karbala Operations Command": a unit, not where it fought
        if after[:1] == " " and _HOSPITAL_AFTER_RE.match(after):
            return False  # "at the Hashimiya general hospital": where the wounded went
        start = name_start(i)
        if _search_ci(_WITHDREW_TO_RES, work[max(a, start - 40):start]):
            return False  # "the attackers withdrew towards the Tharthar area": where they went
        before = work[max(a, start - 40):start]
        low_before = before.lower()
        if ("hospital" in low_before or "clinic" in low_before or "morgue" in low_before or "cent" in low_before) \
                and _search_ci(_CARED_FOR_RES, before):
            return False  # "taken to the hospital in Tal Afar": where the wounded went
        if _SOURCE_IN_RE.search(before):
            return False  # "according to a health official in Hamdaniya district": where the source is
        if _ORIGIN_BEFORE_RE.search(before):
            return False  # "the driver, a 41-year-old from Qalat Sukkar": where he comes from
        if prep(i) in _INCIDENT_PREPS or (headline and ms[i].raw.start - ha < 3) or i in dateline:
            return True
        if work[max(a, ms[i].raw.start - 3):ms[i].raw.start].strip() == "|":
            return True  # the location cell of a table row
        # "in the Hay al-Amil neighborhood of Baghdad": a part of X the data does not know.
        before = work[max(a, start - 60):start]
        return " of" in before and _search_ci(_PART_OF_RES, before) is not None

    def rank(i: int) -> tuple:
        m = ms[i]
        country = m.res.precision in (Precision.COUNTRY, Precision.REGION)
        dist = abs(m.raw.start - (a + trig))
        return (country, dist)

    cands = [i for i in cands if locative(i)]
    if not cands:
        return []
    police = {i for i in in_sent if _POLICE_UNIT_AFTER_RE.match(work, ms[i].raw.end)}
    if len(cands) > 1 and police:
        # "Kirkuk police intelligence arrested a man in the town of Al-Zab": whose police, when
        # the sentence names where they acted.
        units = police.intersection(cands)
        if units and len(units) < len(cands):
            cands = [i for i in cands if i not in units]
    if len(cands) > 1:
        # "on the Kut-Badra power line near Jassan": two towns naming a line (not a road, which
        # is a place of its own) are not where the event was when the sentence names another.
        joined = {i for i in cands if _JOINED_NAME_RE.match(work, ms[i].raw.end)}
        if joined and not joined.issuperset(cands):
            cands = [i for i in cands if i not in joined]
    if len(cands) > 1:
        # "the town of Karma, north-east of Fallujah": Fallujah says where Karma is.
        refs = {i for i in cands if i - 1 in cands and ms[i - 1].sentence == ms[i].sentence
                and _DIRECTION_REF_GAP_RE.match(work[ms[i - 1].raw.end:ms[i].raw.start])}
        if refs and len(refs) < len(cands):
            cands = [i for i in cands if i not in refs]
    if len(cands) > 1:
        # "بلدة البصيرة في ريف دير الزور الشرقي", "Markada, in the southern countryside of al-Hasakah":
        # the countryside says which region the town is in.
        rural = {i for i in cands if _COUNTRYSIDE_BEFORE_RE.search(work, max(a, ms[i].raw.start - 25), ms[i].raw.start)
                 or _COUNTRYSIDE_AFTER_RE.match(work, ms[i].raw.end)}
        if rural and len(rural) < len(cands):
            cands = [i for i in cands if i not in rural]
    datelined = [i for i in cands if i in dateline]
    if datelined and len(datelined) < len(cands):
        cands = [i for i in cands if i not in dateline]
    cands.sort(key=rank)
    first = _finer_inside(idx, ms, cands)
    far_note = None
    # Neither the city of a dateline nor a unit named after a city ("the Karbala Operations Command")
    # says where the event was.
    not_places = dateline | police | {i for i in in_sent if _ORGANISATION_AFTER_RE.match(work, ms[i].raw.end)}
    area = _named_area_instead(idx, ms, first, [i for i in in_sent if i not in not_places] if not_places else in_sent)
    if area is not None and ms[area].scored:
        # Another place of that spelling inside the unit the sentence names ("the village of Barzan
        # ... in the Mergasur district": the Barzan there) before the unit itself.
        unit = ms[area].scored[0][1]
        inside = [c for c in ms[first].scored if _within(idx, c[1], unit)]
        if inside:
            m = ms[first]
            # By value, not identity: a compiled build does not keep the identity of tuples.
            reordered = [inside[0]] + [c for c in m.scored if c != inside[0]]
            res = _resolution(idx, m.text, reordered, m.res.method or "geoparse:fuzzy")
            m.scored, m.res = reordered, res
            m.notes.append(f"the {res.name} in {ms[area].res.name}, named in the same sentence")
            area = None
    if area is not None:
        far_note = (f"{ms[first].res.name} (the gazetteer's reading of {ms[first].text!r}) lies over "
                    f"{_NEAR_REF_KM:.0f} km from {ms[area].res.name}, named in the same sentence: the event is "
                    f"placed in {ms[area].res.name}")
        first = area
    out = []
    groups = [first]
    if etype == "armed group presence":
        # "active in the mountains of X ..., and in Y": one presence per place introduced by "in".
        for i in cands[1:]:
            if prep(i) == "in" and ms[i].res.precision not in (Precision.COUNTRY, Precision.REGION) \
                    and ms[i].res.source != ms[first].res.source:
                groups.append(i)
    for g in groups:
        res, place_text, used, notes = _one_location(work, ms, g, idx)
        if g in datelined:
            notes = [*notes, "place from the dateline (where the report was filed): the text names no other"]
        if far_note and g == first:
            notes = [*notes, far_note]
        out.append((res, place_text, used, notes))
    return out


_PART_OF_RE = re.compile(
    # "near the entrance to the industrial area of Jarablus": up to five words between
    r"\b(?:in|at|near|on)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,5}(?:neighbou?rhoods?|district|area|suburbs?|"
    r"quarter|countryside|outskirts|part|parts|section|edge|reaches|banks?|shores?|foothills|slopes|heart|depths|"
    r"centre|center|middle|markets?|souq|bazaar|entrance|gates?|square|streets?|avenue|roundabout|bridge|"
    r"port|harbou?r|airport|schools?|mosques?|churche?s?|shrines?|(?:ancient |archaeological )?sites?|ruins|"
    r"fields?|farms?|orchards?|zones?|compounds?|complex|estates?|"
    r"environs)\s+of\s+(?:the\s+)?(?:(?:village|town|city|hamlet|camp)\s+of\s+)?$", re.I)
_PART_OF_RES = (_PART_OF_RE, lowered(_PART_OF_RE))
_DIRECTION_REF_GAP_RE = re.compile(
    # ", the farming town east of Balad": an apposition that says where the place is
    r",?\s+(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:town|village|city|hamlet|suburb|area|district|sub-district|quarter|"
    r"neighbou?rhood)\s+)?"
    r"(?:(?:about|some|around)\s+)?(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+(?:(?:town|city|village)\s+of\s+)?)?$", re.I)
_CARED_FOR_RE = re.compile(
    r"\b(?:to|at)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:hospitals?|clinic|morgue|medical (?:centre|center)|"
    r"health (?:centre|center))\s+(?:in|at)\s+$", re.I)
_CARED_FOR_RES = (_CARED_FOR_RE, lowered(_CARED_FOR_RE))
_SOURCE_IN_RE = re.compile(
    r"\b(?:officials?|sources?|spokes(?:man|woman|person)|doctors?|medics?|police chief|mayor|governor)\s+"
    r"(?:in|from|of)\s+(?:the\s+)?$", re.I)
_ORIGIN_BEFORE_RE = re.compile(
    r"(?:\b\d+-year-old\s+(?:[a-z]+\s+)?from|\b(?:resident|native|inhabitant)s?\s+of|"
    r"\b(?:originally|hails?|who (?:is|was|were|are))\s+from)\s+(?:the\s+)?(?:(?:town|city|village|district)\s+of\s+)?$",
    re.I)
_NEAR_REF_KM = 100.0  # farther than this from "near Y", a place is not near Y
# What follows the city of a dateline: ", Iraq", a date ("April 21"), the agency in brackets,
# then a colon or a spaced dash.
_DATELINE_COUNTRY = r"(?:,\s*(?:Iraq|Syria))?"
_DATELINE_DATE = r",?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
_DATELINE_TAIL = r"\s*(?:\([^()\n]{1,30}\)\s*)?(?::|\s[—–-]\s)"
_DATELINE_RE = re.compile(rf"{_DATELINE_COUNTRY}(?:{_DATELINE_DATE})?{_DATELINE_TAIL}")
_ADMIN_DEPTH = {Precision.ADM1: 1, Precision.ADM2: 2, Precision.ADM3: 3}


def _named_area_instead(idx: _Index, ms: list[_M], first: int, in_sent: list[int]) -> int | None:
    """A city or admin unit of the same sentence (resolved, not a comparison) to use instead of a
    village that the gazetteer puts far from all of them ("قرية البو محمد ... جنوب غرب كركوك": the
    data's only Albu Muhammad is in Maysan, so the village of the text is one the data lacks,
    somewhere near Kirkuk)."""
    m = ms[first]
    if not m.scored or m.res.geometry is None or m.res.precision not in (Precision.LOCALITY, Precision.EXACT) \
            or idx.imp[m.scored[0][1]] >= _MINOR_PLACE:
        return None
    areas = [j for j in in_sent if j != first and ms[j].role != "comparison" and ms[j].res.status == "resolved"
             and ms[j].scored and ms[j].res.geometry is not None
             and (ms[j].res.precision in (Precision.ADM1, Precision.ADM2)
                  or (ms[j].res.precision == Precision.LOCALITY and idx.imp[ms[j].scored[0][1]] >= 0.85))]
    # All of them far: the first near one settles it.
    if areas and all(shapely.distance(m.res.geometry, ms[j].res.geometry) * 111 > _NEAR_REF_KM for j in areas):
        return areas[0]
    return None


_MINOR_PLACE = 0.6  # importance below which a place is a village or hamlet


def _finer_inside(idx: _Index, ms: list[_M], cands: list[int]) -> int:
    """The first of the ranked locative mentions, or a finer place the text puts inside it when
    it is an admin unit: "In Nineveh, an IED killed a civilian in Tal Afar" happened in Tal Afar."""
    first = cands[0]
    depth = _ADMIN_DEPTH.get(ms[first].res.precision)
    if depth is None or not ms[first].scored:
        return first
    unit = ms[first].scored[0][1]
    for i in cands[1:]:
        m = ms[i]
        if not m.scored or m.res.precision in (Precision.COUNTRY, Precision.REGION) \
                or _ADMIN_DEPTH.get(m.res.precision, 9) <= depth:
            continue
        if _within(idx, m.scored[0][1], unit):
            return i
    return first


def _one_location(work: str, ms: list[_M], i: int, idx: _Index) -> tuple[Resolution, str, list[int], list[str]]:
    m = ms[i]
    res = m.res
    used = [i]
    notes: list[str] = list(m.notes)
    place_text = m.text
    # Coordinated admin units: "in Diyala and Kirkuk provinces" is one event area.
    j = i + 1
    group = [i]
    while j < len(ms) and m.res.precision in (Precision.ADM1, Precision.ADM2, Precision.ADM3):
        gap = work[ms[j - 1].raw.end:ms[j].raw.start].strip().lower()
        if gap in (",", "and", ", and", "or", ", or") and ms[j].res.precision == m.res.precision:
            group.append(j)
            j += 1
        else:
            break
    if len(group) > 1:
        geom = _union([ms[g].res.geometry for g in group], tuple(ms[g].res.source for g in group))
        names = [ms[g].res.name or ms[g].text for g in group]
        codes = [ms[g].res.admin1_code or "" for g in group]
        lvl = str(m.res.precision)
        res = _replace(res, name="; ".join(names), geometry=geom, source="|".join(ms[g].res.source or "" for g in group),
                      admin1_code="|".join(dict.fromkeys(codes)),
                      admin1_name="|".join(dict.fromkeys(ms[g].res.admin1_name or "" for g in group)),
                      admin2_code=None if lvl == "adm1" else res.admin2_code,
                      admin2_name=None if lvl == "adm1" else res.admin2_name,
                      disputed=any(bool(ms[g].res.disputed) for g in group), alternatives=())
        place_text = work[ms[group[0]].raw.start:ms[group[-1]].raw.end]
        used = group
        notes.append(f"the event is reported for {len(group)} {lvl} units together; the split between them is not given")
    # Admin context given in the text narrows a line or an area ("Hamrin Mountains of Saladin").
    for c in m.ctx:
        cm = ms[c]
        used.append(c)
        place_text = work[min(m.raw.start, cm.raw.start):max(m.raw.end, cm.raw.end)]
        if cm.res.geometry is None or res.geometry is None:
            continue
        direction = cm.raw.direction
        if res.precision in (Precision.LINEAR, Precision.AREA) and cm.res.precision in (
                Precision.ADM1, Precision.ADM2, Precision.ADM3):
            part = _geom_op("clip", res.geometry, cm.res.geometry)
            if not part.is_empty and part.length + part.area > 0:
                res = _replace(res, geometry=part, admin1_code=cm.res.admin1_code, admin1_name=cm.res.admin1_name)
                notes.append(f"{res.name} restricted to the part in {cm.res.name}, as the text says")
        if direction:
            notes.append(f"the text says {direction} {cm.text}")
    # A lone admin unit with a directional word: "in western Kirkuk" is the western half.
    d = m.raw.direction
    if d and res.geometry is not None and res.precision in (Precision.ADM1, Precision.ADM2, Precision.ADM3) \
            and len(group) == 1:
        res = _replace(res, geometry=_geom_op("narrow", res.geometry, None, d), precision=Precision.AREA,
                      name=f"{d} {res.name}")
        place_text = work[max(0, m.raw.start - len(d) - 1):m.raw.end]
        notes.append(f"narrowed to the {d} part of {m.res.name}")
    # "20 km south of X": a point offset from X.
    before = work[max(0, m.raw.start - 60):m.raw.start]
    rel = _search_ci(_REL_RES, before)
    if rel and res.geometry is not None and res.precision.is_point:
        km = float(rel.group("km")) * (1.609 if "mile" in rel.group(0).lower() else 1.0)
        direction = rel.group("dir").lower().replace("-", "")
        pt = _offset(res.point, km, direction)
        res = _replace(res, geometry=pt, precision=Precision.NEAR, name=f"{km:g} km {direction} of {res.name}",
                      uncertainty_km=max(5.0, km * 0.25))
        place_text = work[m.raw.start - len(rel.group(0)):m.raw.end]
        notes.append(f"located {km:g} km {direction} of {m.res.name}")
    elif (_search_ci(_NEAR_BEFORE_RES, before) or (has_arabic(before) and _AR_NEAR_BEFORE_RE.search(fold_arabic(before)[0]))) \
            and res.precision in (Precision.LOCALITY, Precision.EXACT):
        res = _replace(res, precision=Precision.NEAR, uncertainty_km=DEFAULT_UNCERTAINTY_KM[Precision.NEAR])
        notes.append(f"near {m.res.name}")
    # "on the road between X and Y": the straight line between two towns.
    # "on the Kirkuk-Dibis road": the same.
    nxt = i + 1
    hyphen_road = nxt < len(ms) and work[m.raw.end:ms[nxt].raw.start] in ("-", "–", "—") \
        and (ms[nxt].raw.cue == "road" or _ROAD_AFTER_RE.match(work, ms[nxt].raw.end) is not None)
    if nxt < len(ms) and (hyphen_road or (_search_ci(_BETWEEN_BEFORE_RES, before)
                                          and _AND_GAP_RE.fullmatch(work[m.raw.end:ms[nxt].raw.start]))
                          or (has_arabic(before) and _AR_BETWEEN_BEFORE_RE.search(fold_arabic(before)[0])
                              and _AR_AND_GAP_RE.fullmatch(fold_arabic(work[m.raw.end:ms[nxt].raw.start])[0]))) \
            and (q := ms[nxt].res.point) is not None and (p := res.point) is not None:
        other = ms[nxt].res
        line = shapely.LineString([(p.x, p.y), (q.x, q.y)])
        res = _replace(res, geometry=line, precision=Precision.LINEAR, name=f"between {m.res.name} and {other.name}",
                      uncertainty_km=max(5.0, line.length * 111 * 0.1), source=f"{m.res.source}|{other.source}")
        place_text = work[m.raw.start:ms[nxt].raw.end]
        used.append(nxt)
        notes.append(f"between {m.res.name} and {other.name}")
    # Reference points: "X overlooking the town of Y", "X near Y".
    for j in range(i + 1, min(len(ms), i + 3)):
        gap = work[m.raw.end:ms[j].raw.start]
        if ms[j].sentence == m.sentence and len(gap) < 60 and "." not in gap and _search_ci(_REF_WORD_RES, gap):
            rel_word = _REF_WORD_ANY_RE.search(gap)
            if rel_word is None:
                continue
            notes.append(f"{m.res.name} {rel_word.group(1).lower()} {ms[j].res.name or ms[j].text}")
            ref = ms[j].res.point
            far = shapely.distance(res.geometry, ref) * 111 \
                if ref is not None and res.geometry is not None and ms[j].res.status == "resolved" \
                and ms[j].res.precision in (Precision.EXACT, Precision.LOCALITY, Precision.NEAR) \
                and rel_word.group(1).lower() in ("near", "close to", "outside", "overlooking") else 0.0
            if far > _NEAR_REF_KM:
                # The text puts the place near Y, but the gazetteer's reading of it lies far from
                # Y ("the Badia desert near Palmyra" is not Iraq's Anbar desert): near Y it is.
                notes.append(f"{m.res.name} (the gazetteer's reading of {m.text!r}) lies about {far:.0f} km "
                             f"from {ms[j].res.name}; the event is placed near {ms[j].res.name}")
                res = _replace(ms[j].res, precision=Precision.NEAR, name=f"near {ms[j].res.name}",
                              uncertainty_km=max(DEFAULT_UNCERTAINTY_KM[Precision.NEAR], ms[j].res.uncertainty_km or 0.0))
                used.append(j)
                place_text = work[m.raw.start:ms[j].raw.end]
                break
            if res.precision == Precision.LINEAR and ref is not None and res.geometry is not None \
                    and rel_word.group(1).lower() in ("near", "close to", "outside"):
                # "on the Baghdad-Kirkuk road near Tuz Khurmatu": the stretch within ~25 km.
                part = shapely.intersection(res.geometry, shapely.buffer(ref, 0.25))
                if not part.is_empty and part.length > 0:
                    r2 = ms[j].res
                    res = _replace(res, geometry=part, uncertainty_km=DEFAULT_UNCERTAINTY_KM[Precision.NEAR],
                                  admin1_code=r2.admin1_code, admin1_name=r2.admin1_name,
                                  admin2_code=r2.admin2_code, admin2_name=r2.admin2_name,
                                  admin3_code=r2.admin3_code, admin3_name=r2.admin3_name)
                    notes.append(f"restricted to the stretch within about 25 km of {ms[j].res.name}")
            break
    return res, place_text, used, notes


@lru_cache(maxsize=_SENTENCE_CACHE)
def _sentence_dates(sentence: str, pub: date | None) -> tuple[DateExpr, ...]:
    """The date expressions of one sentence (positions relative to it)."""
    return tuple(find_dates(sentence, pub))


# A whole dateline with a date, from the sentence start ("BAGHDAD, April 21 (Reuters) -").
_DATELINE_HEAD_RE = re.compile(rf"[A-Z][A-Za-z' -]{{1,30}}{_DATELINE_COUNTRY}{_DATELINE_DATE}{_DATELINE_TAIL}")


_LEFTOVER_BEFORE_RE = re.compile(
    r"\b(?:left ?over|leftovers?|remnants?|remains|legacy|relics?|laid|planted|sown|dating|dates)\b[^.;]{0,45}?"
    r"\b(?:from|of|during|in|since|to)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?$", re.I)


def _pick_date(dates: tuple[DateExpr, ...] | list[DateExpr], trig_abs: int, pub: date | None,
               sentence: str = "") -> DateExpr | None:
    if not dates:
        return None
    usable = [d for d in dates if d.start is not None]
    if not usable:
        return dates[0]
    # The date of a dateline ("BAGHDAD, April 21 (Reuters) - ...") is when the report was filed.
    if len(usable) > 1 and usable[0].start_char < 40:
        head = _DATELINE_HEAD_RE.match(sentence) if sentence else None
        if head and usable[0].end_char <= head.end():
            usable = usable[1:]
    if sentence and _DIGIT_RE.search(sentence):
        # "an explosive device, thought to be a leftover from the fighting of 2014-2017": when
        # the device was laid, not when it went off.
        usable = [d for d in usable if not _LEFTOVER_BEFORE_RE.search(sentence, max(0, d.start_char - 70), d.start_char)]
        if not usable:
            return None
    # Prefer a date after the trigger in the same sentence ("killed ... on April 12"), then the
    # closest one before it.
    usable.sort(key=lambda d: (abs(d.start_char - trig_abs), d.precision != "day"))
    return usable[0]


def _incidents(work: str, text: str, sents: list[tuple[int, int]], ms: list[_M], idx: _Index,
               pub: date | None, hint: str | None) -> list[Incident]:
    doc_id = "gp-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    by_sent: dict[int, list[int]] = {}
    for i, m in enumerate(ms):
        by_sent.setdefault(m.sentence, []).append(i)
    drafts: list[dict] = []
    section_date: DateExpr | None = None
    entry_date: DateExpr | None = None
    entry_si: int | None = None
    title = _title_place(work, sents, by_sent, ms)
    for si, (sa, sb) in enumerate(sents):
        if sb - sa < 160 and (sa == 0 or "\n" in work[max(0, sa - 3):sa]) and \
                work[sb:sb + 3].lstrip(" \t")[:1] in ("\n", "") and _is_heading(work, sa, sb):
            # A chronology's headings ("Day 2 - Sunday 14 May", "Thursday, 7 September") date the
            # paragraphs under them; any other heading ends that.
            line_date = _heading_date(work[sa:sb], pub)
            if line_date is not None or not _FORM_FIELD_RE.match(work, sa):
                # a form's other fields ("Location: ...", "Type: ...") keep its "Date:" field
                section_date = line_date
        if sa == 0 or "\n" in work[max(0, sa - 3):sa]:
            # A register's or log's entry opens its paragraph with its code and date ("DZ-22-004 -
            # 17 February 2022, Hajin."): the paragraph's events are of that day.
            entry_date = _entry_date(work[sa:sb], pub)
            entry_si = si if entry_date is not None else None
        # Only sentences with a stem of an event or casualty word can report an incident; a
        # plain literal scan of the lower-cased sentence rules out most sentences cheaply.
        if not _may_report(work[sa:sb]) or _not_a_report(work[sa:sb]):
            continue
        whole = work[sa:sb][:3000]
        sent_all = by_sent.get(si, [])
        # "Last Wednesday, the fear came true for a neighbour. Gunmen killed a farmer ...": the
        # sentence before, in the same paragraph and telling no event, may date this one.
        lead = sents[si - 1] if si and "\n\n" not in work[sents[si - 1][1]:sa] and \
            not (drafts and drafts[-1]["sent"] == si - 1) else None
        n_drafts = len(drafts)
        for a, b in _clauses(work, sa, sb, ms, sent_all):
            _clause_incidents(work, (a, b), (sa, sb), whole, si,
                              sent_all if (a, b) == (sa, sb) else [i for i in sent_all if a <= ms[i].raw.start < b],
                              ms, idx, pub, drafts, entry_date or section_date, lead, title is not None)
        if entry_si is not None:
            for dr in drafts[n_drafts:]:
                dr["entry"] = entry_si
    _place_from_next_sentence(work, sents, by_sent, ms, idx, drafts)
    _place_from_location_field(work, sents, by_sent, ms, idx, drafts)
    _place_from_sentence_before(work, sents, by_sent, ms, idx, drafts, pub)
    if title is not None:
        _place_from_title(ms, title, drafts)
    _place_from_entry(ms, by_sent, drafts)
    return _merge_drafts(text, doc_id, drafts, ms)


def _title_place(work: str, sents: list[tuple[int, int]], by_sent: dict[int, list[int]], ms: list[_M]) -> int | None:
    """The one place the report's title names ("An appeal from the trustees of the Grand Mosque,
    Hibhib"): the mention of the first line when that line is a heading and names a single
    place finer than a country or region; else None."""
    if not sents or not by_sent.get(0) or not _is_heading(work, *sents[0]):
        return None
    named = [i for i in by_sent[0] if ms[i].res.status != "unresolved" and ms[i].role != "comparison"
             and ms[i].res.precision not in (Precision.COUNTRY, Precision.REGION)]
    if len({(ms[i].res.source, ms[i].res.name) for i in named}) != 1:
        return None
    return named[0]


def _place_from_entry(ms: list[_M], by_sent: dict[int, list[int]], drafts: list[dict]) -> None:
    """An event an entry of a register tells without a place ("An explosive device ... exploded
    outside the shop") takes the one place its opening line gives ("DZ-22-007 - 9 March 2022,
    Al-Mayadin.")."""
    for dr in drafts:
        si = dr.get("entry")
        if si is None or dr["res"].status != "unresolved" or dr["used"] or dr["sent"] == si:
            continue
        places = [i for i in by_sent.get(si, []) if ms[i].res.status != "unresolved" and ms[i].role != "comparison"
                  and ms[i].res.precision not in (Precision.COUNTRY, Precision.REGION)]
        if len(places) == 1:
            m = ms[places[0]]
            _take_place(dr, (m.res, m.text, places, []), f"place from the entry's opening line ({m.text!r})")


def _place_from_title(ms: list[_M], title: int, drafts: list[dict]) -> None:
    """An event the body tells without a place ("a bomb beside the eastern gate of our mosque
    exploded") takes the one place of the report's title, when no sentence near it gives one."""
    m = ms[title]
    for dr in drafts:
        if dr["res"].status != "unresolved" or dr["used"] or dr["sent"] == 0:
            continue
        _take_place(dr, (m.res, m.text, [title], []), f"place from the report's title ({m.text!r})")


# Sentences that count rather than tell: "the Monitor recorded 5 incidents ... in which 6 civilians
# were killed", "a slight decrease compared with April, when 8 civilians were killed".
_STATISTIC_RE = re.compile(
    r"\b(?:recorded|documented|registered|verified|counted|tallied)\s+(?:a total of\s+)?[\w,]+\s+(?:[\w-]+\s+){0,3}?"
    r"(?:incidents|attacks|casualties|deaths|violations|events)\b|\bcompared (?:with|to)\b|^\s*in total\b"
    # a figure or version the report replaces: "Police had earlier said six people were killed",
    # "An earlier version of this article said ..."
    r"|\b(?:had|have)\s+(?:earlier|initially|first)\s+(?:said|reported|put)\b|\binitially\s+(?:said|reported)\b"
    r"|\ban earlier version\b|\bpreviously reported\b"
    # an accident, not an attack: "a gas cylinder exploded ... the police say it is an accident"
    r"|\b(?:is|was|an)\s+(?:an?\s+)?accident\b|\baccidental(?:ly)?\b|\bnot related (?:to|with) (?:security|the conflict)\b"
    r"|\bcontamination\b|\bremains? (?:a|the) (?:(?:main|biggest|greatest|principal|key|major)\s+)?(?:concern|threat|risk|danger)\b"
    # contamination, not an explosion: "mines and unexploded shells still lie in the farmland"
    r"|\bstill\s+(?:lie|lies|litter|litters|remain|contaminate)\b|\b(?:is|are|remains?)\s+(?:still\s+)?contaminated\b"
    # an earlier event a sentence compares with: "the deadliest since March, when a bomb killed ...",
    # "calmer than the previous one, when a rocket fell ..."
    r"|\b(?:since\s+(?:[\w-]+\s+){0,3}?[\w-]+|previous\s+(?:one|week|weekend|month|year)|(?:week|month|year)\s+before)"
    r"\s*,\s+when\b"
    # what a tracker or log covers, and clearance work: "This tracker records strikes by drones
    # in ...", "Team 3 cleared 14 items of unexploded ordnance"
    r"|\b(?:records|documents|tracks|monitors|logs)\s+(?:[\w-]+\s+){0,3}?(?:strikes|attacks|incidents|violations|"
    r"casualties|events)\b|\bcleared\s+(?:\d+|[\w-]+)\s+(?:items|pieces|devices)\b"
    # road and household accidents: "Not security-related: a driver died when his truck overturned",
    # "burns after a gas cylinder exploded in their kitchen"
    r"|\bnot\s+security[- ]related\b|\b(?:truck|lorry|car|vehicle|bus|minibus|tanker)\s+(?:overturned|crashed|collided|"
    r"rolled over)\b|\bbrake\s+failure\b"
    r"|\b(?:gas|cooking[- ]gas|heater)\s+(?:cylinder|canister|bottle|tank)\s+(?:exploded|blew up|caught fire)\b"
    # "their car left the road on the bends", "was struck by the locomotive", "(not security)"
    r"|\b(?:car|vehicle|truck|lorry|bus|minibus|tanker)\s+(?:left|veered off|came off|ran off)\s+the\s+road\b|\bstruck\s+by\s+(?:the|a)\s+(?:locomotive|train)\b"
    r"|(?<!after a )(?<!after an )(?<!following a )(?<!road )\b(?:road\s+)?traffic\s+accident\b|\(not\s+security\)|\bnot\s+a\s+security\s+incident\b"
    # a year's tally and a report's totals: "Since the beginning of this year, fourteen of our
    # members have been killed", "4 incidents; 1 killed; 2 wounded"
    r"|^\W*since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b|^\s*\d+\s+incidents?\s*[;:,]"
    # a labelled totals line ("Previous week: 6 incidents; 3 killed; 5 wounded")
    r"|^[^.;:]{0,40}:\s*\d+\s+incidents?\s*[;,]"
    # ordnance destroyed on purpose: "removed and destroyed in a controlled blast"
    r"|\bcontrolled\s+(?:blast|detonation|explosion|demolition)\b"
    # a rumour or claim the report refutes: "Rumours that drivers were kidnapped ... are untrue",
    # "A statement circulated ... claiming an attack ... was denied"
    r"|\brumou?rs?\s+(?:that|of)\b[^.;]{0,120}?\b(?:untrue|false|unfounded|baseless)\b|\b(?:was|were)\s+denied\s+by\b"
    r"|\bno\s+(?:attack|incident|clash|kidnapping|explosion|shooting)\s+(?:took place|occurred|happened)\b")
# A literal each alternative of _STATISTIC_RE contains: sentences without one skip the scan.
_STATISTIC_WORDS = ("recorded", "documented", "registered", "verified", "counted", "tallied", "compared", "in total",
                    "still ", "contaminated", "earlier ", "initially ", "first said", "first reported", "first put",
                    "an earlier version", "previously reported", "accident", "not related", "contamination",
                    "remains a", "remain a", ", when", "records", "documents", "tracks", "monitors", "logs",
                    "cleared", "security-related", "security related", "overturned", "crashed", "collided", "rolled over",
                    "brake failure", "cylinder", "canister", "bottle", "tank ", "remains the", "remain the",
                    "left the road", "off the road", "struck by", "traffic accident", "(not security)", "not a security",
                    "since the start", "since the beginning", "incidents;", "incidents:", "incidents,", "incident;", "controlled ",
                    "rumour", "rumor", "denied by", "no attack", "no incident", "no clash", "no kidnapping",
                    "no explosion", "no shooting")


def _literal_automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    """An automaton that finds any of ``words`` in one pass (a regular-expression alternation of
    literals tries each of them at every position)."""
    auto = ahocorasick.Automaton()
    for word in words:
        auto.add_word(word, word)
    auto.make_automaton()
    return auto


_STATISTIC_WORDS_AUTOMATON = _literal_automaton(_STATISTIC_WORDS)


_HEADING_FILLER_RE = re.compile(
    r"\b(?:day|week|night|morning|evening|afternoon|update|on|of|the|date|when)\b|\d+|[\s,.:;()\-–—/]+", re.I)


def _lead_date(sentence: str, pub: date | None) -> DateExpr | None:
    """The day a sentence opens with ("Last Wednesday, ..."), to date the next sentence by."""
    if pub is None or _is_heading(sentence, 0, len(sentence)):
        return None
    dates = [d for d in _sentence_dates(sentence[:3000], pub) if d.start is not None]
    d = dates[0] if len(dates) == 1 else None
    return d if d is not None and d.precision == "day" else None


_ENTRY_PREFIX_RE = re.compile(r"\s*(?:incident|event|entry|item|case|no\.?)\s*#?\d+\b", re.I)
_ENTRY_HEADING_RE = re.compile(r"\s*(?:(?:incident|event|entry|item|case|report|update|no\.?)\s*#?\d+|\d{1,3}[.)])?\s*[-–—:|]?\s*"
                               r"(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}|\d{1,2}[./]\d{1,2})", re.I)


# An entry's code before its date: "DZ-22-004 - ", "Claim 17: ", "No. 4 - ".
_ENTRY_CODE_RE = re.compile(r"\s*(?:[A-Z]{1,6}[-/]?\d[\w/.-]*|(?i:incident|entry|item|case|claim|ref\.?|no\.?)\s*#?\d[\w/-]*)"
                            r"\s*[-–—:|]\s*")


def _entry_date(sentence: str, pub: date | None) -> DateExpr | None:
    """The date an entry of a register or log opens with, right after its code ("DZ-22-009 -
    night of 14 to 15 March 2022, outskirts of Al-Bukamal."), or None."""
    m = _ENTRY_CODE_RE.match(sentence)
    if m is None or len(sentence) > 200:
        return None
    dates = [d for d in _sentence_dates(sentence, pub) if d.start is not None]
    # ("night of 14 to 15 March 2022": the date read is the 15th, after "night of 14 to ")
    if not dates or dates[0].start_char - m.end() > 16 or dates[0].precision not in ("day", "range"):
        return None
    return dates[0]


def _heading_date(heading: str, pub: date | None) -> DateExpr | None:
    """The date a heading stands for when the heading is little more than a date ("Day 2 -
    Sunday 14 May", "Thursday, 7 September") or is a list entry's ("Incident 1 - 4 March 2025 -
    Nineveh governorate"); None for a title that says more."""
    prefix = _ENTRY_PREFIX_RE.match(heading)
    if prefix:
        # "Incident 1 - 4 March" is not the range 1-4 March
        heading = " " * prefix.end() + heading[prefix.end():]
    dates = [d for d in _sentence_dates(heading, pub) if d.start is not None]
    if not dates:
        return None
    rest, pos = [], 0
    for d in dates:
        rest.append(heading[pos:d.start_char])
        pos = max(pos, d.end_char)
    rest.append(heading[pos:])
    # "Sunday 14 May": the calendar date rather than the weekday
    best = next((d for d in dates if any(ch.isdigit() for ch in d.text)), dates[0])
    if not _HEADING_FILLER_RE.sub("", " ".join(rest)).strip():
        return best
    # "Incident 1 - 4 March 2025 - Nineveh governorate": a list entry's heading with its day
    return best if best.precision == "day" and len(dates) == 1 and _ENTRY_HEADING_RE.match(heading) else None


def _not_a_report(sentence: str) -> bool:
    """A sentence with event words that reports no event: a statistic, the header row of a
    table ("Date | Governorate | Location | Killed | Injured": no figure, no date), a claim the
    report quotes to refute, a denial."""
    if "|" in sentence and not _DIGIT_RE.search(sentence):
        return True
    low = sentence.lower()
    if ("saying" in low or "claiming" in low or "alleging" in low or "none of" in low or "neither of" in low
            or "(" in low) \
            and _CLAIM_OR_DENIAL_RE.search(sentence):
        return True
    if "repeatedly" in low or "regularly" in low or "frequently" in low or "time and again" in low:
        if _REPEATED_RE.search(low):
            return True  # "the frontline has been shelled repeatedly since 2019": a pattern, not an event
    if has_arabic(sentence):
        folded = _fold(sentence)[0]
        if _AR_STATISTIC_RE.search(folded) or _AR_ACCIDENT_RE.search(folded):
            return True  # "وثّق المرصد ... مقتل 11 شخصاً": a monitor's tally; "في حادث سير": a road accident
    return next(_STATISTIC_WORDS_AUTOMATON.iter(low), None) is not None and _STATISTIC_RE.search(low) is not None


# "لترتفع حصيلة قتلى الانفجار إلى أربعة" (bringing the toll of the blast to four), folded: the
# death toll of an event told before. The group "dead" holds the word saying whose toll it is.
_AR_TOLL_RE = re.compile(
    rf"(?<![{AR_L}])(?:ل|و|ف)?(?:ترتفع|يرتفع|ارتفعت|ارتفع|تصل|يصل|وصلت|وصل|تبلغ|بلغت)\s+حصيله\s+"
    rf"(?P<dead>(?:[{AR_L}]+\s+){{0,4}}?)(?:الي|عند)\s+{AR_QTY_PATTERN}")
_AR_TOLL_DEAD_RE = re.compile(rf"(?<![{AR_L}])(?:ال)?(?:قتلي|وفيات|ضحايا|شهداء|موتي){_AR_END}")
# A monitor's count (folded): "وثّق المرصد مقتل 11 شخصاً" (documented the killing of 11), "يرتفع
# عدد من وثّق المرصد مقتلهم ... إلى 143" (the number ... rises to 143).
_AR_STATISTIC_RE = re.compile(rf"(?<![{AR_L}])(?:وثق|وثقت|يوثق|احصي|احصت|يرتفع عدد){_AR_END}")


_REPEATED_RE = re.compile(r"\b(?:has|have)\s+(?:been\s+)?(?:(?:[a-z]+ed|hit|shot|struck)\s+(?:[a-z]+\s+)?"
                         r"(?:repeatedly|regularly|frequently|time and again)\b|(?:repeatedly|regularly|frequently)\s+"
                         r"(?:been\s+)?(?:[a-z]+ed|hit|shot|struck)\b)")
_CLAIM_OR_DENIAL_RE = re.compile(
    r"\b(?:caption|claim|post|video|rumou?r)s?\s+(?:(?:on|in)\s+(?:social\s+media|facebook|telegram|x|twitter)\s+)?"
    r"(?:saying|claiming|alleging)\b"
    r"|\b(?:article|report|story)\b[^.()]{0,40}\([\"“]"
    r"|\b(?:none|neither) of (?:[\w'’-]+\s+){1,3}(?:had|has|have|were|was) been (?:attacked|targeted|hit|struck|ambushed)\b",
    re.I)
_KILLED_HEADER_RE = re.compile(r"^\s*(?:killed|dead|deaths|fatalities|died|kia)\s*$", re.I)
_INJURED_HEADER_RE = re.compile(r"^\s*(?:injured|wounded|injuries|wia)\s*$", re.I)
_FIGURE_CELL_RE = re.compile(r"^\s*(\d{1,5})\s*(\+)?\s*$")
# One column for both: "K / W", "Killed/Injured", "Dead / Wounded"; its cells "1 / 0", "- / -".
_BOTH_HEADER_RE = re.compile(r"^\s*(?:k|killed|dead|deaths|kia)\s*/\s*(?:w|i|wounded|injured|wia)\s*$", re.I)
_BOTH_CELL_RE = re.compile(r"^\s*(?:(\d{1,5})|[-–—?]|n/?a)\s*/\s*(?:(\d{1,5})|[-–—?]|n/?a)\s*$", re.I)
# The rule under a Markdown table's header ("|-----|:---|").
_TABLE_RULE_RE = re.compile(r"^[\s|:+=_\-–—]*$")


def _table_figures(work: str, row_start: int, row: str) -> tuple[Quantity | None, Quantity | None]:
    """Fatalities and injured from the columns of a table row, read with the nearest header row
    before it ("date | location | type | description | killed | injured"): "2" is two, "5+" at
    least five, "-" or "not known" nothing."""
    cells = row.split("|")
    pos = row_start
    for _ in range(40):
        line_start = work.rfind("\n", 0, max(pos - 1, 0)) + 1
        if line_start >= pos:
            break
        line = work[line_start:pos].strip()
        pos = line_start
        if line.count("|") < 2:
            continue
        if _DIGIT_RE.search(line) or _TABLE_RULE_RE.match(line):
            continue  # another data row, or the rule under the header
        header = line[line.find("(") + 1:line.rfind(")")] if "(" in line and line.rstrip().endswith(")") else line
        names = header.split("|")
        if len(names) != len(cells):
            return None, None
        both = next((k for k, name in enumerate(names) if _BOTH_HEADER_RE.match(name)), None)
        if both is not None:
            pair = _BOTH_CELL_RE.match(cells[both])
            if pair is None:
                return None, None
            return tuple(None if g is None else Quantity(int(g), int(g), int(g))  # type: ignore[return-value]
                         for g in pair.groups())
        figures: list[Quantity | None] = []
        for pattern in (_KILLED_HEADER_RE, _INJURED_HEADER_RE):
            col = next((k for k, name in enumerate(names) if pattern.match(name)), None)
            m = _FIGURE_CELL_RE.match(cells[col]) if col is not None else None
            if m:
                n = int(m.group(1))
                figures.append(Quantity(n, n, None if m.group(2) else n))
            else:
                figures.append(None)
        return figures[0], figures[1]
    return None, None


# A hostage's release: "He was set free ...", "They were released unharmed".
_RELEASED_RE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:released|freed|set\s+free|let\s+go)\b", re.I)
# A killing told before an arson in the same sentence.
_KILLED_FIRST_RE = re.compile(r"\b(?:shot|killed|killing|murdered|executed|stabbed)\b", re.I)
# Notes of a draft that a later step may take back, when it finds the place or the day elsewhere.
_NO_PLACE_NOTE = "no place given for this event"
# A subject told in the sentence before: "He was ...", "They were ...".
_SUBJECT_BEFORE_RE = re.compile(r"\s*(?:He|She|They)\s+(?:was|were|had been)\b")
_WEEK_BEFORE_NOTE = "no date in the sentence: taken as the week before publication"


def _sentences_before(work: str, sents: list[tuple[int, int]], si: int, n: int) -> Iterator[int]:
    """The up to ``n`` sentences before sentence ``si``, nearest first, in its paragraph or block."""
    for j in range(si - 1, max(-1, si - 1 - n), -1):
        if "\n\n" in work[sents[j][1]:sents[j + 1][0]]:
            return
        yield j


def _apply_toll(dr: dict, kills: Quantity | None, wounds: Quantity | None) -> None:
    """A later toll replaces the killed of the event ``dr``, and its wounded when it gives them."""
    dr["kills"] = kills
    if wounds is not None:
        dr["wounds"] = wounds


def _take_place(dr: dict, loc: tuple, note: str) -> None:
    """Give a placeless draft the place ``loc`` (from :func:`_location_for`) found elsewhere."""
    res, place_text, used, lnotes = loc
    dr.update(res=res, place_text=place_text, used=list(used),
              notes=[n for n in dr["notes"] if n != _NO_PLACE_NOTE] + lnotes + [note])


# A sentence that goes on with the action of the one before ("In the ensuing exchange of fire ...").
_FOLLOW_ON_RE = re.compile(
    r"\s*(?:(?:In|During|Amid)\s+the\s+(?:ensuing|resulting|subsequent|following)\b|"
    r"(?:In|During)\s+the\s+(?:clash|clashes|exchange of fire|firefight|gunfight|raid|operation|fighting)"
    r"(?:\s+that\s+followed)?\b)")


_ELSEWHERE_RE = re.compile(r"\s*(?:Elsewhere|Separately|Meanwhile|Also|In (?:a|another) (?:separate )?(?:incident|attack|development))\b",
                           re.I)


def _place_from_sentence_before(work: str, sents: list[tuple[int, int]], by_sent: dict[int, list[int]],
                                ms: list[_M], idx: _Index, drafts: list[dict], pub: date | None) -> None:
    """An event told without a place in a sentence that goes on with the one before ("A team
    moved to arrest a man at a house on the edge of Qaladiza. ... In the ensuing exchange of
    fire the suspect was killed") takes the place of the nearest sentence before it, in the same
    paragraph, that names one, and that sentence's day when it has one and this sentence none;
    so does one that follows a scene-setting sentence with a place and no event of its own."""
    with_events = {dr["sent"] for dr in drafts}
    for dr in drafts:
        si = dr["sent"]
        if dr["res"].status != "unresolved" or dr["used"]:
            continue
        if _FOLLOW_ON_RE.match(work, sents[si][0]):
            before = _sentences_before(work, sents, si, 2)
        elif si - 1 not in with_events and not _ELSEWHERE_RE.match(work, sents[si][0]):
            # "A quarrel ... in a village outside Numaniyah turned violent. One man was shot
            # dead ...": the sentence just before, in the same paragraph, tells no event of its
            # own but sets the scene.
            before = _sentences_before(work, sents, si, 1)
        else:
            continue
        for j in before:
            if not by_sent.get(j):
                continue
            locs = _location_for(work, sents[j], ms, by_sent[j], 0, idx, dr["etype"])
            if locs:
                _take_place(dr, locs[0], "place from the sentence before, whose action this one goes on with")
                days = [d for d in _sentence_dates(work[sents[j][0]:sents[j][1]][:3000], pub) if d.precision == "day"]
                if _WEEK_BEFORE_NOTE in dr["notes"] and len(days) == 1:
                    dr.update(ds=days[0].start, de=days[0].end, dp="day", undated=False,
                              notes=[n for n in dr["notes"] if n != _WEEK_BEFORE_NOTE]
                              + [f"the date of that sentence, {days[0].text!r}"])
            break


# A labelled line of a form or log entry ("Date: 4 April", "Location: outskirts of Shatra").
_FORM_FIELD_RE = re.compile(r"[ \t]*[A-Z][A-Za-z]{1,15}(?: [A-Za-z]{1,15})?[ \t]*:[ \t]")
_LOCATION_FIELD_RE = re.compile(r"[ \t]*(?:Location|Place|Site|Area|Where)[ \t]*:[ \t]", re.I)


def _place_from_location_field(work: str, sents: list[tuple[int, int]], by_sent: dict[int, list[int]],
                               ms: list[_M], idx: _Index, drafts: list[dict]) -> None:
    """An event told without a place in a form or log entry takes the place of the entry's
    "Location:" line, a few lines above in the same block ("Location: outskirts of Shatra ...
    Description: A farmer was killed when his tractor hit a mine.")."""
    for dr in drafts:
        si = dr["sent"]
        if dr["res"].status != "unresolved" or dr["used"]:
            continue
        for j in _sentences_before(work, sents, si, 4):
            a, b = sents[j]
            if not (by_sent.get(j) and _LOCATION_FIELD_RE.match(work, a)):
                continue
            locs = _location_for(work, (a, b), ms, by_sent[j], 0, idx, dr["etype"])
            if locs:
                _take_place(dr, locs[0], f"place from the entry's {work[a:b].split(':', 1)[0].strip()!r} line")
            break


def _place_from_next_sentence(work: str, sents: list[tuple[int, int]], by_sent: dict[int, list[int]],
                              ms: list[_M], idx: _Index, drafts: list[dict]) -> None:
    """An event told without a place takes the place of the next sentence when that sentence,
    in the same paragraph, reports no event of its own ("... wounded in an ISIS attack. The attack
    took place near Kalar.")."""
    with_events = {dr["sent"] for dr in drafts}
    for dr in drafts:
        si = dr["sent"]
        if dr["res"].status != "unresolved" or dr["used"] or si + 1 >= len(sents) or si + 1 in with_events:
            continue
        a, b = sents[si + 1]
        if "\n\n" in work[sents[si][1]:a] or not by_sent.get(si + 1):
            continue
        locs = _location_for(work, (a, b), ms, by_sent[si + 1], 0, idx, dr["etype"])
        if locs:
            _take_place(dr, locs[0], "place from the next sentence")


# "...; ...", ", while ...", and "(,) and" when a new subject follows ("..., and an IED wounded ...",
# "Two civilians were killed in Mosul and three soldiers were wounded in Tal Afar"); not "and three
# others were wounded", the victims of the same event.
_CLAUSE_BREAK_RE = re.compile(
    r";\s+|,\s+(?:while|whereas)\s+|,?\s+and\s+(?=(?:an?|the|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+|another)\s)(?![\w-]+\s+(?:others?|more)\b)", re.I)


def _clauses(work: str, a: int, b: int, ms: list[_M], in_sent: list[int]) -> list[tuple[int, int]]:
    """The parts of a sentence that each report an event of their own ("an IED killed a civilian
    in Tal Afar, while in Anbar two soldiers died ..."; "...; ..."). A part is cut off only when
    both sides have a place and an event or casualty word; otherwise the sentence stays whole."""
    text = work[a:b]
    if ";" not in text and "while" not in text and "whereas" not in text and " and " not in text:
        return [(a, b)]

    def reports(x: int, y: int) -> bool:
        return any(x <= ms[i].raw.start < y and ms[i].role != "comparison" for i in in_sent) \
            and _may_report(work[x:y])

    out: list[tuple[int, int]] = []
    start = a
    for m in _CLAUSE_BREAK_RE.finditer(text):
        if reports(start, a + m.start()) and reports(a + m.end(), b):
            out.append((start, a + m.start()))
            start = a + m.end()
    out.append((start, b))
    return out


def _clause_incidents(work: str, clause: tuple[int, int], sent: tuple[int, int], whole: str, si: int,
                      sent_ms_idx: list[int], ms: list[_M], idx: _Index, pub: date | None,
                      drafts: list[dict], section_date: DateExpr | None = None,
                      lead: tuple[int, int] | None = None, titled: bool = False) -> None:
    """Draft the incident(s) one sentence, or one part of it, reports (appended to ``drafts``);
    ``titled``: the report's title names one place (:func:`_title_place`)."""
    a, b = clause
    sa, sb = sent
    sentence = work[a:b][:3000]
    kills, wounds, _cnotes = _count(sentence)
    if "|" in sentence:
        # A row of a table: its killed and injured columns, where the header names them.
        col_kills, col_wounds = _table_figures(work, sa, sentence)
        kills = col_kills if col_kills is not None else kills
        wounds = col_wounds if col_wounds is not None else wounds
    died = _wounded_died(sentence) if drafts and drafts[-1]["sent"] >= si - 3 else 0
    if died and "\n\n" not in work[drafts[-1]["b"]:sa]:
        prev = drafts[-1]
        if prev["wounds"] is not None and prev["wounds"].low is not None and prev["wounds"].low >= died:
            # Counted among the dead, no longer among the wounded; a toll the sentence gives wins
            # ("..., bringing the toll to two").
            prev["wounds"] = prev["wounds"] + Quantity(-died, -died, -died)
            toll_m = _toll_match(sentence, kills)
            prev["kills"] = _count(sentence[toll_m.start():])[0] or kills if toll_m is not None else \
                (prev["kills"] or Quantity(0, 0, 0)) + Quantity(died, died, died)
            return
    # "He was pushed into one of the cars and driven away": an event without a place or a figure
    # whose subject was set in the scene-setting sentence before (the place comes from there).
    goes_on = not sent_ms_idx and lead is not None and _SUBJECT_BEFORE_RE.match(sentence) is not None
    # "At dawn on Wednesday, a bomb beside the gate of our mosque exploded", under a title that
    # names the place: the report's first event, dated in its own sentence, is the title's.
    title_event = titled and not sent_ms_idx and not drafts and kills is None and wounds is None and \
        any(d.precision == "day" for d in _sentence_dates(whole, pub))
    # "... the guard at our site on the western edge of Chemchemal heard a vehicle stop. About
    # twenty minutes later an explosive device ... went off": the event of a scene the sentence
    # before sets, with its place and its day (_place_from_sentence_before gives the place).
    scene = not sent_ms_idx and not goes_on and not title_event and lead is not None and kills is None \
        and wounds is None and any(lead[0] <= m.raw.start < lead[1] for m in ms) \
        and any(d.precision == "day" for d in _sentence_dates(work[lead[0]:lead[1]][:3000], pub))
    if not sent_ms_idx and kills is None and wounds is None and not goes_on and not title_event and not scene:
        return  # no place and no figure: nothing this sentence could add
    ev = _event(sentence)
    if ev is None and kills is None and wounds is None:
        return
    # "The death toll from the Baghdadi bombing has risen to two": the figure of an event told before.
    toll_m = _toll_match(sentence, kills)
    toll = toll_m is not None
    if not toll and "حصيل" in sentence:
        ar_toll = _ar_toll(sentence)
        if ar_toll is not None:
            toll, kills = True, ar_toll
    if toll_m is not None and toll_m.start() > 0:
        # The figures the toll gives, not those of the victims the sentence tells of on the way
        # ("One of the two policemen wounded in the bombing died, bringing the toll to two dead
        # and one wounded").
        toll_kills, wounds, _ = _count(sentence[toll_m.start():])
        kills = toll_kills if toll_kills is not None else kills
    if toll and not sent_ms_idx and drafts and drafts[-1]["sent"] >= si - 4:
        # "The death toll has risen to five": of the event just told, or of the one it names
        target = _toll_target(si, None, _toll_of(sentence), drafts)
        _apply_toll(target or drafts[-1], kills, wounds)
        return
    sent_ms = [ms[i] for i in sent_ms_idx]
    told_by_figures = ev is None
    if ev is None and _RELEASED_RE.search(sentence):
        # "He was set free on the Samawah - Nasiriyah road ..., released unharmed": the end of a
        # kidnapping told before (its figures), not an event of its own.
        taken = next((dr for dr in reversed(drafts) if dr["etype"] == "kidnapping" and dr["sent"] >= si - 8), None)
        if taken is not None:
            taken["kills"] = taken["kills"] if taken["kills"] is not None else kills
            taken["wounds"] = taken["wounds"] if taken["wounds"] is not None else wounds
        return
    if ev is None:
        # Casualty figures without an event word belong to the event just reported.
        if drafts and not sent_ms and drafts[-1]["sent"] >= si - 2:
            prev = drafts[-1]
            if kills is not None and prev["kills"] is None:
                prev["kills"] = kills
            if wounds is not None and prev["wounds"] is None:
                prev["wounds"] = wounds
            return
        body = _body_found(sentence)
        # "Police found the bodies of two shepherds": whose bodies, not who found them
        scope = sentence[body.start("noun"):body.end()] if body else sentence
        security = _SECURITY_VICTIM_RE.search(scope) or (has_arabic(scope) and _ar_security(scope))
        ev = ("killing" if kills is not None and not security else "armed clash",
              "attack on security forces" if security else None, 0)
    etype, sub, trig = ev
    if etype == "kidnapping" and kills is not None and kills.high and \
            (sub == "fake checkpoint" or sentence[trig:trig + 8].lower().startswith(_TAKING_VERBS)):
        etype = "killing"  # "gunmen took a shepherd from his flock and shot him dead": a killing
    if etype == "arson" and kills is not None and kills.high and _KILLED_FIRST_RE.search(sentence, 0, trig):
        etype = "killing"  # "shot the driver dead and set the tanker on fire": the killing first
    if etype == "arrest" and kills is not None and (_RELATIVE_KILL_RE.search(sentence) or _ARRESTED_FOR_RE.search(sentence)):
        kills = None  # "arrest 3 suspects over last week's fight that killed a young man": that fight's toll
    locs = _location_for(work, (a, b), ms, sent_ms_idx, trig, idx, etype, whole=sent)
    if scene and _ANAPHORIC_RE.search(sentence, max(0, trig - 20), trig):
        return  # "Relatives reported the abduction on 20 October": an event told before, again
    if not locs and (goes_on and etype in ("kidnapping", "arson") or title_event or scene) and kills is None \
            and wounds is None:
        # An event of its own whose place the scene-setting sentence before gives
        # (_place_from_sentence_before), not more of the event told last.
        locs = [(_unresolved("", "geoparse"), "", [], [_NO_PLACE_NOTE])]
    if not locs:
        # Without a place finer than the country nor a casualty figure it is background.
        if kills is None and wounds is None:
            return
        if pub is not None and _past_year(whole, pub):
            return  # "in the 1988 chemical attack some 5,000 people were killed": history, not this event's toll
        if told_by_figures and drafts and drafts[-1]["sent"] >= si - 3:
            # "The two wounded guards were taken to the hospital in Tal Afar.", "No casualties were
            # reported.": what the event just told lacks.
            prev = drafts[-1]
            prev["kills"] = prev["kills"] if prev["kills"] is not None else kills
            prev["wounds"] = prev["wounds"] if prev["wounds"] is not None else wounds
            return
        if told_by_figures and all(q is None or q.high == 0 for q in (kills, wounds)):
            return  # "No casualties were reported" of no event the text tells
        if drafts and drafts[-1]["sent"] >= si - 2 and (kills is None or drafts[-1]["kills"] is None) \
                and (wounds is None or drafts[-1]["wounds"] is None) \
                and ("\n\n" not in work[drafts[-1]["b"]:sa] or told_by_figures or etype in ("killing", drafts[-1]["etype"])):
            # The figures of the event just told ("A roadside bomb went off in Tarmiyah. Two
            # soldiers were killed."; "Fifteen people are still being treated for wounds from the
            # blast"), unless a new paragraph tells an event of another kind.
            prev = drafts[-1]
            prev["kills"] = kills if kills is not None else prev["kills"]
            prev["wounds"] = wounds if wounds is not None else prev["wounds"]
            return
        if told_by_figures and _ONE_DIED_RE.match(sentence.lower()):
            return  # "He died on the way to hospital": of someone told before, not an event of its own
        if _is_heading(work, sa, sb):
            return  # a title without a place ("The shots that killed him"): the body tells the event
        if drafts and drafts[-1]["sent"] >= si - 4 and "\n\n" not in work[drafts[-1]["b"]:sa] \
                and not _ANOTHER_EVENT_RE.search(whole):
            # "The man was killed outside his home": without a place of its own, in the paragraph
            # of the event just told, it tells more of that event.
            prev = drafts[-1]
            prev["kills"] = prev["kills"] if prev["kills"] is not None else kills
            prev["wounds"] = prev["wounds"] if prev["wounds"] is not None else wounds
            return
        locs = [(_unresolved("", "geoparse"), "", [], [_NO_PLACE_NOTE])]
    if all(r.precision in (Precision.COUNTRY, Precision.REGION) for r, *_ in locs) and kills is None and wounds is None:
        return
    # Dates are read from the whole sentence: a part without one shares the sentence's ("on
    # Thursday, ... in Tal Afar, while in Anbar ...").
    d = _pick_date(_sentence_dates(whole, pub), trig + (a - sa), pub, whole)
    notes: list[str] = []
    from_lead = False
    ds: date | None
    de: date | None
    if d is not None and d.relative and d.start is not None and pub is not None and section_date is not None \
            and section_date.precision == "day" and section_date.start is not None and section_date.start < pub:
        # Under a dated heading of a diary or chronology ("Wednesday 5 June"), "yesterday
        # evening" and "on Monday" count from the heading's day, not from publication.
        on_day = _pick_date(_sentence_dates(whole, section_date.start), trig + (a - sa), section_date.start, whole)
        if on_day is not None and on_day.start is not None and on_day.start != d.start:
            d = on_day
            notes.append(f"{d.text!r} counted from the heading {section_date.text!r}")
    shift = _day_shift(whole, d, trig + (a - sa))
    if d is not None and d.start is not None:
        ds, de, dp = d.start, d.end, d.precision
        if shift and dp == "day":
            # "... on Wednesday, a day after militants killed four ...": the day before.
            ds = de = ds - timedelta(days=shift)
            notes.append(f"{shift} day(s) before {d.text}, as the text says")
    elif shift and drafts and drafts[-1]["dp"] == "day" and drafts[-1]["sent"] >= si - 5:
        # "A day earlier, an IED wounded two policemen" / "The next day, ...": counted from the
        # event reported just before.
        ds = de = drafts[-1]["ds"] - timedelta(days=shift)
        dp = "day"
        notes.append(f"{abs(shift)} day(s) {'before' if shift > 0 else 'after'} the event reported just before")
    elif drafts and drafts[-1]["dp"] == "day" and drafts[-1]["sent"] >= si - 3 and _SAME_DAY_RE.search(whole):
        # "On the same day, ..." / "Later that day, ...": the day of the event reported just before.
        ds = de = drafts[-1]["ds"]
        dp = "day"
        notes.append("the same day as the event reported just before")
    elif lead is not None and (lead_date := _lead_date(work[lead[0]:lead[1]], pub)) is not None:
        ds, de, dp = lead_date.start, lead_date.end, lead_date.precision
        from_lead = True
        notes.append(f"the date of the sentence before, {lead_date.text!r}")
    elif section_date is not None:
        ds, de, dp = section_date.start, section_date.end, section_date.precision
        notes.append(f"the date of the heading {section_date.text!r} above the sentence")
    elif pub is not None:
        ds, de, dp = pub - timedelta(days=7), pub, "range"
        notes.append(_WEEK_BEFORE_NOTE)
    else:
        ds, de, dp = None, None, "unknown"
    if dp != "day" and "year" in whole and _YEAR_TALLY_RE.search(whole):
        return  # "at least nine people have been abducted ... this year": a tally, not an event
    if (d is None or d.start is None) and (_OVER_YEARS_RE.search(whole) or _HABIT_RE.search(whole)):
        return  # "In previous years, dozens have been killed ...": a pattern over years, not an event
    if (d is None or d.start is None) and trig > 0 and _PLUPERFECT_BEFORE_RE.search(sentence, max(0, trig - 50), trig) \
            and not (from_lead and (kills is not None or wounds is not None)):
        # "the men had planted two explosive devices": told as background, not as news. (After
        # "On Saturday a boy was brought in ...", "He had stepped on a mine and lost his foot"
        # says what happened to him that day.)
        return
    if (d is None or d.start is None) and pub is not None and _past_year(whole, pub):
        return  # "the 1988 chemical attack on Halabja": history told in passing, not this report's news
    if pub is not None and de is not None and (pub - de).days > _HISTORY_DAYS:
        return  # "In July 2022, an artillery attack ... killed nine": background, not this report's news
    if etype == "armed group presence" and (d is None or d.start is None) and pub is not None:
        ds, de, dp = pub, pub, "day"
        notes = ["presence as of the publication date"]
    m_sep = _SEPARATE_RE.search(whole) if "separate" in whole.lower() else None
    if m_sep:
        notes.append(f"{m_sep.group(0)} reported together")
    actors = _actors(sentence)
    undated = d is None or d.start is None
    heading = _is_heading(work, sa, sb) and whole.count("|") < 2  # a table row is no title
    # "The kidnapping in Anbar is a reminder ...", "those killed near Sidakan": an event told
    # before, named again without a date or figures of its own.
    again = undated or dp not in ("day", "range")
    remention = again and kills is None and wounds is None and trig >= 0 and \
        _ANAPHORIC_RE.search(sentence, max(0, trig - 20), trig) is not None
    if not remention and "the " in whole and _SUPERLATIVE_SUMMARY_RE.search(whole):
        # "The deadliest incident of the week was the killing of five ... in Diyala": a summary
        # naming an event the report tells in full
        remention = True
    for res, place_text, used, lnotes in locs:
        drafts.append({
            "sent": si, "etype": etype, "sub": sub, "res": res, "place_text": place_text,
            "used": list(used), "notes": notes + lnotes,
            "ds": ds, "de": de, "dp": dp, "kills": kills, "wounds": wounds, "actors": actors,
            "a": sa, "b": sb, "undated": undated, "heading": heading, "remention": remention, "toll": toll,
            "toll_of": _toll_of(sentence) if toll else None,
            "by_figures": told_by_figures or (etype == "killing" and sentence[trig:trig + 7].lower().startswith(("killed", "dead "))),
        })


_OVER_YEARS_RE = re.compile(r"\b(?:in|over|during)\s+(?:the\s+)?(?:past|previous|earlier|recent|last)\s+"
                            r"(?:few\s+|several\s+|two\s+|three\s+|four\s+|five\s+|ten\s+|\d+\s+)?years\b"
                            r"|\bover the years\b|\bfor (?:several|many|some) years\b|\bfor years\b", re.I)
_ANOTHER_EVENT_RE = re.compile(r"\b(?:separate|another|elsewhere|meanwhile|in addition|also)\b", re.I)
_YEAR_TALLY_RE = re.compile(r"\b(?:have|has) been\b[^.;]{0,150}?\b(?:(?:so far )?this year|since the (?:start|beginning) of "
                            r"(?:the|this) year)\b", re.I)
_HABIT_RE = re.compile(r"\bevery (?:single )?(?:day|week|month|night|year)\b", re.I)
_HISTORY_DAYS = 180  # an event that ended longer than this before publication is background
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# A year named as a time ("in 2014", "the 1988 attack", "of October 2019"), not a count ("2000 people").
_YEAR_RE = re.compile(
    rf"\b(?:in|since|of|the|during|until|from|by|early|late|mid|{_MONTH_NAMES})[\s-]+((?:19|20)\d\d)\b"
    r"(?![\s-]*(?:people|persons|families|civilians|fighters|soldiers|troops|men|women|children|members|"
    r"residents|displaced|km|kilometres|kilometers|metres|meters|dollars|dinars|homes|houses|dunams))", re.I)


def _past_year(sentence: str, pub: date) -> bool:
    """Whether an undated sentence names a year before the one that ended with publication."""
    if not _DIGIT_RE.search(sentence):
        return False
    return any(int(m.group(1)) < pub.year - 1 and not _LEFTOVER_BEFORE_RE.search(sentence, max(0, m.start() - 70), m.start())
               for m in _YEAR_RE.finditer(sentence)) or \
        (has_arabic(sentence) and any(int(y) < pub.year - 1 for y in _AR_YEAR_RE.findall(sentence)))


_AR_YEAR_RE = re.compile(r"(?:عام|العام|سنة|سنه)\s+((?:19|20)\d\d)")
_ANAPHORIC_RE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hose|[Tt]hese|[Ss]uch)\s+(?:[\w-]+\s+)?$")
_SUMMARY_HEAD_RE = re.compile(r"\s*(?:Summary|In brief|Key points|Highlights|At a glance|The week in brief)\s*[:—–-]")
_LIST_MARK_RE = re.compile(r"\s*(?:[-–—•*·▪●]|\d{1,2}[.)])\s")


def _is_heading(work: str, a: int, b: int) -> bool:
    """Whether the sentence ``work[a:b]`` is a line of its own that reads as a title ("Turkish
    drone kills three near Sidakan"): short, without a final full stop, not a list item."""
    line_start = work.rfind("\n", 0, a) + 1
    line_end = work.find("\n", b)
    line = work[line_start:len(work) if line_end < 0 else line_end]
    body = line.strip()
    if _SUMMARY_HEAD_RE.match(work, a):
        return True  # "Summary: two policemen were killed ..., and an airstrike hit ..."
    return (work[line_start:a].strip() == "" and work[b:len(work) if line_end < 0 else line_end].strip() == ""
            and 0 < len(body) < 160 and not body.endswith((".", "\"", "”", ":")) and not _LIST_MARK_RE.match(line))


_SUPERLATIVE_SUMMARY_RE = re.compile(
    r"\b[Tt]he\s+(?:deadliest|worst|bloodiest|most\s+(?:serious|violent|lethal))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:of|this|in)\s+(?:the\s+)?(?:week|month|year|period|fortnight)\b[^.;]{0,20}?\b(?:was|were|came)\b")
_SAME_DAY_RE = re.compile(r"\b(?:the\s+same\s+(?:day|night|evening|morning)|later\s+that\s+(?:day|night|evening)|"
                          r"that\s+same\s+(?:day|night))\b", re.I)
_DAY_SHIFT_RE = re.compile(
    r"\b(?:(?P<n>a|one|two|three|\d)\s+days?\s+(?:after|earlier|before|later)|the\s+(?:day|night)\s+before|"
    r"the\s+previous\s+(?:day|night)|the\s+(?:next|following)\s+(?:day|night|morning|evening))\b", re.I)
_SHIFT_N = {"a": 1, "one": 1, "two": 2, "three": 3}


def _day_shift(sentence: str, d: DateExpr | None, trig: int) -> int:
    """Days to go back from the sentence's date for the event at ``trig``: "on Wednesday, a day
    after militants killed ..." (the phrase between the date and the event word), or "A day
    earlier, an IED ..." (no date in the sentence: relative to the event just reported)."""
    low = sentence.lower()
    if "day" not in low and "night" not in low and "evening" not in low and "morning" not in low:
        return 0
    if d is not None and d.start is not None:
        lo, hi = (d.end_char, trig) if d.end_char <= trig else (trig, d.start_char)
        if "after" not in low[lo:hi]:
            return 0
        m = _DAY_SHIFT_RE.search(sentence, lo, hi)
        if m is None or "after" not in m.group(0).lower() or lo != d.end_char:
            return 0
    else:
        m = _DAY_SHIFT_RE.search(sentence, 0, max(trig, 0))
        if m is None or "after" in m.group(0).lower():
            return 0
    n = (m.group("n") or "a").lower()
    days = int(n) if n.isdigit() else _SHIFT_N[n]
    # "The next day, ...", "two days later": after the event reported just before.
    return -days if any(w in m.group(0).lower() for w in ("next", "following", "later")) else days


def _merge_drafts(text: str, doc_id: str, drafts: list[dict], ms: list[_M]) -> list[Incident]:
    """The incidents of a document: the same event told twice (headline and lead; a quote
    repeating a place) merged into one."""
    drafts = _retold_dropped(drafts)
    merged: list[dict] = []
    for dr in drafts:
        twin = None
        for mg in merged:
            # "The attack took place near Kifri ... two fighters were killed" names no event of its
            # own: it may retell an event of any type.
            if mg["etype"] != dr["etype"] and not ((mg["by_figures"] or dr["by_figures"])
                                                   and mg["res"].source and mg["res"].source == dr["res"].source):
                continue
            same_district = bool(mg["res"].admin2_code) and mg["res"].admin2_code == dr["res"].admin2_code
            if (mg["res"].source and mg["res"].source == dr["res"].source and (
                    _overlap(mg, dr) or mg["undated"] or dr["undated"] or _retold_nearby(mg, dr))) or (
                    # an undated line ("Crops were set on fire near Makhmour") and the dated event
                    # in the same district, whether the text's name was read as town or district
                    (mg["undated"] or dr["undated"]) and same_district) or (
                    # "a fight between two clans in the Hashimiya district" and "the clash in the town
                    # of Hashimiya": one event told at two precisions
                    same_district and _overlap(mg, dr)
                    and Precision.ADM2 in (mg["res"].precision, dr["res"].precision)):
                twin = mg
                break
        if twin is None:
            merged.append(dict(dr))
            continue
        if twin["res"].precision in (Precision.ADM2, Precision.ADM3) and dr["res"].precision in _POINT_PRECISIONS \
                and twin["res"].admin2_code == dr["res"].admin2_code:
            # the district of a summary line gives way to the town the story names
            twin["res"], twin["place_text"] = dr["res"], dr["place_text"]
            twin["used"] = list(dict.fromkeys(dr["used"] + twin["used"]))
        if twin["by_figures"] and not dr["by_figures"]:
            twin["etype"], twin["sub"], twin["by_figures"] = dr["etype"], dr["sub"], False  # the telling that names the event
        richer = _richness(dr) > _richness(twin)
        # the narrower date; of two equally narrow, the telling with more detail
        finer = dr if (_span(dr), -_richness(dr)) < (_span(twin), -_richness(twin)) else twin
        twin["ds"], twin["de"], twin["dp"] = finer["ds"], finer["de"], finer["dp"]
        if finer is dr:
            twin["notes"] = [n for n in twin["notes"] if not n.startswith("no date")]
        for k in ("kills", "wounds"):
            if twin[k] is None:
                twin[k] = dr[k]
        twin["actors"] = tuple(dict.fromkeys(twin["actors"] + dr["actors"]))
        twin["used"] = list(dict.fromkeys(twin["used"] + dr["used"]))
        if richer:
            twin["a"], twin["b"], twin["place_text"], twin["res"] = dr["a"], dr["b"], dr["place_text"], dr["res"]
        twin["notes"] = list(dict.fromkeys(twin["notes"] + [n for n in dr["notes"] if not n.startswith("no date")]))
    out: list[Incident] = []
    for n, dr in enumerate(merged, 1):
        for u in dr["used"]:
            if ms[u].role != "comparison":
                ms[u].role = "incident" if u == dr["used"][0] or ms[u].context_of is None else ms[u].role
        res = dr["res"]
        if dr["place_text"] and dr["place_text"] != res.query:
            res = _replace(res, query=dr["place_text"])
        out.append(Incident(
            id=f"{doc_id}-{n:03d}", event_type=dr["etype"], sub_event_type=dr["sub"],
            date_start=dr["ds"], date_end=dr["de"], date_precision=dr["dp"], location=res,
            place_text=dr["place_text"], fatalities=dr["kills"] or _NO_COUNT,
            injured=dr["wounds"] or _NO_COUNT, actors=dr["actors"],
            sentence=text[dr["a"]:dr["b"]].strip(), start=dr["a"], end=dr["b"],
            mentions=tuple(dr["used"]), notes=tuple(dict.fromkeys(dr["notes"])),
        ))
    return out


def _admin1_codes(dr: dict) -> set[str]:
    return set(filter(None, (dr["res"].admin1_code or "").split("|")))


_TOLL_OF = (("armed clash", re.compile(r"\b(?:clash(?:es)?|fighting|gun ?battles?|fire ?fights?)\b", re.I)),
            ("IED/explosion", re.compile(r"\b(?:bombing|blast|explosion|bomb)\b", re.I)),
            ("drone strike", re.compile(r"\bdrone\b", re.I)),
            ("airstrike", re.compile(r"\b(?:air ?strikes?|air ?raids?)\b", re.I)),
            ("shelling", re.compile(r"\b(?:shelling|mortar|rocket)\b", re.I)))
_NOT_VIOLENT = ("arrest", "armed group presence")


def _toll_of(sentence: str) -> str | None:
    """The kind of event a toll sentence names ("the death toll from Monday's clash")."""
    return next((etype for etype, pat in _TOLL_OF if pat.search(sentence)), None)


def _toll_target(sent: int, source: str | None, toll_of: str | None, before: list[dict]) -> dict | None:
    """The event whose figures a later toll (in sentence ``sent``, at the place ``source``) replaces:
    the one at the toll's place, else the last one of the kind the toll names, else the last
    violent one told in the three sentences before."""
    if source:
        same = [o for o in before if o["res"].source == source]
        if same:
            return same[-1]
    if toll_of:
        kind = [o for o in before if o["etype"] == toll_of]
        if kind:
            return kind[-1]
    near = [o for o in before if sent - o["sent"] <= 3]
    violent = [o for o in near if o["etype"] not in _NOT_VIOLENT]
    pool = violent or near
    return pool[-1] if pool else None


def _retold_dropped(drafts: list[dict]) -> list[dict]:
    """Drafts that retell an event the body of the document reports, folded into it: a heading
    ("Diyala: police officer killed in orchard ambush") when the body reports an event in the same
    governorate, and an event named again without a date or figures ("the kidnapping in Anbar
    is a reminder ...") when another draft has its place or lies in its governorate."""
    body = [dr for dr in drafts if not dr["heading"] and not dr["remention"] and not dr["toll"]]
    if not body:
        return drafts
    out = []
    for dr in drafts:
        if dr["toll"]:
            target = _toll_target(dr["sent"], dr["res"].source, dr["toll_of"], [o for o in body if o["sent"] < dr["sent"]])
            if target is not None:
                _apply_toll(target, dr["kills"], dr["wounds"])
                continue
        if dr["heading"] or dr["remention"]:
            codes = _admin1_codes(dr)
            same = [o for o in body if o is not dr and (
                (dr["res"].source and o["res"].source == dr["res"].source) or (codes & _admin1_codes(o)))]
            if not same and dr["remention"]:
                # "... when the device went off": the event told just before.
                same = [o for o in body if 0 < dr["sent"] - o["sent"] <= 3]
            if not same and dr["remention"]:
                # "... say that the killing has frightened many": the killing the report is about.
                same = [o for o in body if o["etype"] == dr["etype"] and o["sent"] < dr["sent"]]
            if same:
                target = next((o for o in same if o["etype"] == dr["etype"]), same[0])
                target["actors"] = tuple(dict.fromkeys(target["actors"] + dr["actors"]))
                continue
        out.append(dr)
    return out


_NO_COUNT = Quantity(None, None, None)  # no figure given (immutable: one object shared by all incidents)
_SEPARATE_RE = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+separate\s+(?:incidents|attacks)\b", re.I)


def _span(dr: dict) -> int:
    if dr["ds"] is None or dr["de"] is None:
        return 10**6
    return (dr["de"] - dr["ds"]).days + (1 if dr["notes"] and any(n.startswith("no date") for n in dr["notes"]) else 0)


def _richness(dr: dict) -> int:
    return (dr["kills"] is not None) + (dr["wounds"] is not None) + (dr["dp"] == "day") + len(dr["actors"]) // 2


_POINT_PRECISIONS = (Precision.EXACT, Precision.NEAR, Precision.LOCALITY)


def _retold_nearby(x: dict, y: dict) -> bool:
    """The same event told twice a few days apart, once without figures ("families are burying
    their dead after a bomb ripped through a market" on air tonight, the bombing of Sunday)."""
    if x["ds"] is None or y["ds"] is None:
        return False
    bare = (x["kills"] is None and x["wounds"] is None) or (y["kills"] is None and y["wounds"] is None)
    return bare and abs((x["ds"] - y["ds"]).days) <= 3


def _overlap(x: dict, y: dict) -> bool:
    if x["ds"] is None or y["ds"] is None:
        return True
    return x["ds"] <= y["de"] and y["ds"] <= x["de"]

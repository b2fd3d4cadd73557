"""Composite place descriptions: roads between places, borders, named regions, unions, context.

This module owns how descriptions that name *more than one* place become one honest geometry:

=========================================  ==============================================  =========
description                                geometry                                        precision
=========================================  ==============================================  =========
"Road between Hawija town and Kirkuk town"  straight LineString between the two places      linear
"Hawija-Kirkuk road"                        (same; a named road in the gazetteer wins)      linear
"Iraq-Syria border", "border between X      the shared boundary: X's boundary within        linear
and Y", "Kirkuk-Salahaddin border",         ~1 km of Y (countries or governorates; the
"Syrian border" (Iraq's border with Syria)  bundled outlines come from different surveys,
                                            so an exact boundary intersection has gaps)
"Diyala and Kirkuk provinces"               union of the governorate polygons; admin1_code   adm1
                                            lists both codes joined with "|"
"Hawija, Kirkuk", "Hawija, western          X resolved with Y as admin context; a            X's own
Kirkuk", "Hamrin Mountains, Saladin         directional word in Y is context only
province", "Hawija in Kirkuk"
"Qarachogh mountains overlooking            X resolved with the named place(s) as            X's own
Makhmour", "X near/outside Y", "X north     proximity context (within RELATION_KM, or 1.5x
of Y", "X on the road to Y", "X, between    a stated distance); Y is never the answer
A and B"
"Hamrin mountains (Kirkuk, Salahaddin,      X with the parenthesis as admin context (a list  X's own
Diyala)", "Shingal (Sinjar)", "X in A's     is a union; "A's B district" is B inside A)
B district"
"near Hawija", "outskirts of Mosul"         X, with precision ``near`` (about 25 km) when    near
                                            X is a point
"20 km south of Kirkuk"                     X moved 20 km south; uncertainty a third of the  near
                                            distance (at least 5 km); admin units kept only
                                            where the moved point still lies in them
"Northern Iraq" and the other regions       the dissolve of the governorates in             region
below                                       :data:`REGIONS`
=========================================  ==============================================  =========

Context is evidence, not a command: candidates inside the context rank higher (a close
spelling inside it beats exact namesakes far away), but when no candidate fits, the answer is
what the name alone gives, with its score lowered by a tenth; an unknown X is never answered
with its context.

Regions are our own convention, documented here (there is no official definition): each is the
dissolve of the listed OCHA governorates (ADM1 pcodes). "North" follows the common usage of
the Kurdistan Region plus the governorates north of Baghdad that reporting calls "northern
Iraq"; "east" is the governorates along the Iranian border south of the Kurdistan Region, so it
overlaps "central" and "south" on purpose.

Composite results carry ``method="composite"`` (``"context"`` for the X, Y form) and
``source`` listing the parts, e.g. ``"composite:road(wof:1226325503;wof:890449811)"``.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import shapely

from .normalize import DIRECTIONAL_WORDS, clean, normalize
from .precision import Precision

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import Gazetteer, Resolution

__all__ = ["REGIONS", "parse_composite"]

#: Named regions as dissolves of governorates (ADM1 pcodes); see the module docstring.
REGIONS: dict[str, dict] = {
    "north-iraq": {
        "name": "Northern Iraq",
        "names": ("North Iraq", "north of Iraq", "Iraq's north", "Iraqi north", "شمال العراق", "باكوري عێراق"),
        "adm1": ("IQG09", "IQG11", "IQG06", "IQG15", "IQG13", "IQG16"),
    },
    "central-iraq": {
        "name": "Central Iraq",
        "names": ("Centre of Iraq", "Center of Iraq", "Iraq's centre", "وسط العراق"),
        "adm1": ("IQG08", "IQG07", "IQG10", "IQG18", "IQG12"),
    },
    "south-iraq": {
        "name": "Southern Iraq",
        "names": ("South Iraq", "south of Iraq", "Iraq's south", "جنوب العراق"),
        "adm1": ("IQG02", "IQG17", "IQG14", "IQG03", "IQG04", "IQG05"),
    },
    "west-iraq": {
        "name": "Western Iraq",
        "names": ("West Iraq", "west of Iraq", "Iraq's west", "غرب العراق"),
        "adm1": ("IQG01",),
    },
    "east-iraq": {
        "name": "Eastern Iraq",
        "names": ("East Iraq", "east of Iraq", "Iraq's east", "شرق العراق"),
        "adm1": ("IQG10", "IQG18", "IQG14"),
    },
    "northeast-syria": {
        "name": "Northeast Syria",
        "names": ("Northeastern Syria", "North-east Syria", "North and East Syria", "شمال شرق سوريا", "Rojava"),
        "adm1": ("SY08", "SY11", "SY09"),
    },
    "northwest-syria": {
        "name": "Northwest Syria",
        "names": ("Northwestern Syria", "North-west Syria", "شمال غرب سوريا"),
        "adm1": ("SY07", "SY02"),
    },
    "eastern-syria": {
        "name": "Eastern Syria",
        "names": ("East Syria", "شرق سوريا"),
        "adm1": ("SY09", "SY11"),
    },
}

_AREA_TYPES = ("country", "adm1", "adm2", "adm3", "region")
_ROAD_BETWEEN = re.compile(r"^(?:the\s+)?(?:road|highway|route|motorway)\s+(?:between|from|linking|connecting)\s+(.+?)\s+(?:and|to|with)\s+(.+)$")
_ROAD_PAIR = re.compile(r"^(?:the\s+)?(.+?)\s+(?:road|highway|route|motorway)$")
_BORDER_BETWEEN = re.compile(r"^(?:the\s+)?(?:border|frontier|boundary)\s+between\s+(.+?)\s+and\s+(.+)$")
_BORDER_WITH = re.compile(r"^(?:the\s+)?(.+?)(?:'s)?\s+(?:border|frontier|boundary)\s+with\s+(.+)$")
_BORDER_PAIR = re.compile(r"^(?:the\s+)?(.+?)\s+(?:border|frontier|boundary)(?:\s+(?:area|region|strip|line))?$")
_UNION = re.compile(r"^(?:the\s+)?(.+?)\s+(?:and|&)\s+(.+?)\s+(provinces|governorates|districts)$")
_NEAR = re.compile(
    r"^(?:near|nearby|close to|outside|(?:the\s+)?outskirts of|(?:the\s+)?vicinity of|around|"
    r"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west|northeast|"
    r"northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of|"
    r"\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres)\s+(?:from|of))\s+(.+)$"
)
_IN = re.compile(r"^(.+?)\s+in\s+(.+)$")


def _split_pairs(text: str) -> list[tuple[str, str]]:
    """Every split of "X-Y" / "X/Y" / "X–Y" at one separator, left part shortest first."""
    out = []
    for m in re.finditer(r"\s*[-/]\s*|\s+(?:and|to)\s+", text):
        a, b = text[: m.start()].strip(), text[m.end():].strip()
        if a and b:
            out.append((a, b))
    return out


def parse_composite(gaz: Gazetteer, text: str, within, feature_types) -> Resolution | None:
    """A Resolution for a composite description, or ``None`` when ``text`` is not one."""
    c = clean(text)
    m = _ROAD_BETWEEN.match(c)
    if m:
        return _road(gaz, text, m.group(1), m.group(2), within)
    m = _BORDER_BETWEEN.match(c) or _BORDER_WITH.match(c)
    if m:
        r = _border(gaz, text, m.group(1), m.group(2))
        if r is not None:
            return r
    m = _BORDER_PAIR.match(c)
    if m:
        inner = m.group(1)
        for a, b in _split_pairs(inner):
            r = _border(gaz, text, a, b)
            if r is not None:
                return r
        # "Syrian border": Iraq's border with that country.
        r = _border(gaz, text, "iraq", inner)
        if r is not None:
            return r
    m = _UNION.match(c)
    if m:
        r = _union(gaz, text, m.group(1), m.group(2), m.group(3))
        if r is not None:
            return r
    m = _ROAD_PAIR.match(c)
    if m:
        for a, b in _split_pairs(m.group(1)):
            r = _road(gaz, text, a, b, within, strict=True)
            if r is not None:
                return r
    m = _NEAR.match(c)
    if m:
        r = gaz._resolve_simple(m.group(1), within, feature_types)
        if r.status != "unresolved":
            return _near(gaz, r, text, _OFFSET.match(c))
    m = _PAREN.match(c)
    if m:
        head = f"{m.group(1)} {m.group(3)}".strip()
        r = _relational(gaz, text, head, _area_ctx(gaz, m.group(2)), feature_types)
        if r is not None:
            return r
    m = _RELATION.match(c)
    if m and not _DISTANCE.match(m.group(1)):
        d = _REL_DISTANCE.search(c)
        km = RELATION_KM if d is None else max(RELATION_KM, 1.5 * float(d.group(1)) * (1.609 if d.group(2) == "miles" else 1.0))
        r = _relational(gaz, text, m.group(1), _near_ctx(gaz, m.group(2), km), feature_types)
        if r is not None:
            return r
    if "," in c or "،" in c:
        head, _, tail = c.replace("،", ",").rpartition(",")
        r = _with_context(gaz, text, head, tail, feature_types)
        if r is not None:
            return r
    m = _IN.match(c)
    if m:
        r = _with_context(gaz, text, m.group(1), m.group(2), feature_types)
        if r is not None:
            return r
    return None


_OFFSET = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(km|kilometers|kilometres|miles)\s+"
    r"(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of\s"
)
_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}


def _near(gaz: Gazetteer, r: Resolution, text: str, offset=None) -> Resolution:
    from dataclasses import replace

    if offset is not None and r.precision in (Precision.EXACT, Precision.LOCALITY, Precision.NEAR):
        # "20 km south of Kirkuk": move the point; reported distances are rough, so the
        # uncertainty grows with the distance (a third of it, at least 5 km).
        km = float(offset.group(1)) * (1.609 if offset.group(2) == "miles" else 1.0)
        bearing = math.radians(_BEARING[offset.group(3).replace("-", "")])
        p = r.point
        lat = p.y + km * math.cos(bearing) / 110.57
        lon = p.x + km * math.sin(bearing) / (111.32 * math.cos(math.radians(p.y)))
        pt = shapely.Point(round(lon, 6), round(lat, 6))
        # Keep only the admin units the moved point still lies in.
        adm = {}
        for lvl in (1, 2, 3):
            code = getattr(r, f"admin{lvl}_code")
            eid = gaz._eid_of(f"ocha:{code}") if code else None
            inside = eid is not None and gaz._geom(eid).contains(pt)
            adm[f"admin{lvl}_code"] = code if inside else None
            adm[f"admin{lvl}_name"] = getattr(r, f"admin{lvl}_name") if inside else None
        return replace(r, query=text, geometry=pt, precision=Precision.NEAR, method="composite",
                       name=f"{offset.group(1)} {offset.group(2)} {offset.group(3)} of {r.name}",
                       uncertainty_km=max(5.0, km / 3.0), score=r.score * 0.95, **adm,
                       source=f"composite:offset({r.source})", disputed=gaz._disputed(pt))
    if r.precision in (Precision.EXACT, Precision.LOCALITY):
        return replace(r, query=text, precision=Precision.NEAR, uncertainty_km=25.0,
                       method="composite", score=r.score * 0.95)
    return replace(r, query=text, method="composite")


def _with_context(gaz: Gazetteer, text: str, head: str, tail: str, feature_types) -> Resolution | None:
    from dataclasses import replace

    head, tail = head.strip(" ,"), tail.strip(" ,")
    if not head or not tail:
        return None
    ctx = _area_ctx(gaz, tail)
    if ctx is None:
        return None
    r = gaz._resolve_simple(head, ctx, feature_types)
    if r.status == "unresolved":
        return None
    return replace(r, query=text, method="context", score=_context_score(gaz, r, ctx))


# "X (A)", "X (A, B and C)": the parenthesis is context (or another spelling of X).
_PAREN = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*([^()]*)$")
_DIRS = (r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
         r"south-east|south-west)(?:ern)?")
# "X overlooking Y", "X near Y", "X outside Y", "X north of Y", "X on the road to Y",
# "X, between A and B": Y (or A and B) is where X is, told by proximity, never the answer.
_RELATION = re.compile(
    r"^(.+?)\s*,?\s+(?:(?:which|that)\s+(?:overlooks?|lies?\s+(?:near|between)|is\s+(?:near|between))|"
    r"overlooking|overlook|near(?:by)?|close\s+to|next\s+to|outside(?:\s+of)?|"
    r"(?:in|on)\s+the\s+(?:outskirts|vicinity|edge)\s+of|(?:at|on)\s+the\s+edge\s+of|"
    r"(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+)?" + _DIRS + r"\s+of|"
    r"(?:on|along|off)\s+the\s+(?:main\s+)?(?:road|highway|route|way)\s+(?:to|from|between|linking)|"
    r"between)\s+(.+)$"
)
#: Any text parse_composite could take apart matches this (one C-level match instead of ten);
#: a batch uses it to skip parse_composite for plain names.
_ANY_FORM = re.compile("|".join(f"(?:{p.pattern})" for p in (
    _ROAD_BETWEEN, _BORDER_BETWEEN, _BORDER_WITH, _BORDER_PAIR, _UNION, _ROAD_PAIR, _NEAR, _PAREN, _RELATION, _IN)))


# Every form above needs one of its own words ("road", "border", "near", "of", "in", ...) as a
# word of the text, or "&", a comma or "(": a name without them is plain, no regex needed.
_FORM_WORDS = frozenset(re.findall(r"[a-z]+", _ANY_FORM.pattern)) | {"&"}


def may_be_composite(text: str, cleaned: str | None = None) -> bool:
    """False when ``parse_composite`` is sure to return None for ``text`` (a plain name);
    ``cleaned`` is ``clean(text)`` when the caller has it."""
    c = clean(text) if cleaned is None else cleaned
    if "," in c or "،" in c or "(" in c:
        return True
    words = c.split()
    if len(words) < 2 or _FORM_WORDS.isdisjoint(words):
        return False
    return _ANY_FORM.match(c) is not None


_REL_DISTANCE = re.compile(r"\s(\d+(?:\.\d+)?)\s*(km|kilometers|kilometres|miles)\s+" + _DIRS + r"\s+of\s")
_DISTANCE = re.compile(r"^(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)|some|about|around|just)$")
_LIST_SPLIT = re.compile(r"\s*(?:,|،|;|/|&|\band\b|\bor\b)\s*")
#: How far from the place named in a relational description ("overlooking Makhmour") a
#: feature may lie and still fit it: reporters use "near"/"overlooking" for a few tens of km.
RELATION_KM = 60.0


def _parts(text: str) -> list[str]:
    return [p for p in _LIST_SPLIT.split(text.strip(" ,.")) if p and p not in DIRECTIONAL_WORDS]


def _any_ctx(parts: list[dict]) -> dict | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    levels = {p["level"] for p in parts}
    if levels <= {"adm1", "region"} or len(levels) == 1 and levels != {"near"}:
        lvl = "region" if "region" in levels else next(iter(levels))
        codes = set().union(*(p["codes"] for p in parts))
        return {"level": lvl, "codes": codes, "geom": shapely.union_all([p["geom"] for p in parts]),
                "name": " | ".join(p["name"] for p in parts)}
    return {"level": "any", "parts": parts, "codes": {c for p in parts for c in p["codes"]},
            "name": " | ".join(p["name"] for p in parts)}


def _area_ctx(gaz: Gazetteer, text: str) -> dict | None:
    """Admin context from "Kirkuk", "Kirkuk, Salahaddin and Diyala" or "Erbil's Makhmour district"."""
    text = text.strip(" ,.")
    if not text:
        return None
    ctx = gaz._context(text, strict=False)
    if ctx is not None:
        return ctx
    parts = _parts(text)
    if len(parts) > 1:
        got = [gaz._context(p, strict=False) for p in parts]
        return _any_ctx([g for g in got if g is not None])
    # "Erbils Makhmour district" (the apostrophe is gone after clean-up): B inside A.
    words = normalize(text).split()
    for i in range(1, len(words)):
        if not words[i - 1].endswith("s") or len(words[i - 1]) < 3:
            continue
        outer = gaz._context(" ".join([*words[: i - 1], words[i - 1][:-1]]), strict=False)
        if outer is None:
            continue
        r = gaz._resolve_simple(" ".join(words[i:]), outer, _AREA_TYPES)
        if r.status == "resolved" and r.feature_type in _AREA_TYPES:
            return gaz._ctx_from(r)
    return None


def _near_ctx(gaz: Gazetteer, text: str, km: float = RELATION_KM) -> dict | None:
    """Proximity context from the place(s) a relational description names."""
    parts = [text] if gaz._has_key(normalize(text)) else (_parts(text) or [text])
    got = []
    for p in parts:
        r = gaz._resolve_simple(p, None, None)
        if r.status != "unresolved" and r.geometry is not None:
            got.append({"level": "near", "codes": {r.source}, "geom": r.geometry, "km": km,
                        "name": r.name})
        else:
            area = _area_ctx(gaz, p)
            if area is not None:
                got.append(area)
    return _any_ctx(got)


def _context_score(gaz: Gazetteer, r: Resolution, ctx: dict | None) -> float:
    # Context is evidence, not a command: an answer that does not fit it (no candidate did)
    # keeps its place, with less confidence.
    eid = gaz._eid_of(r.source) if r.source else None
    if ctx is None or eid is None or gaz._inside(eid, ctx):
        return r.score
    return round(r.score * 0.9, 4)


def _relational(gaz: Gazetteer, text: str, head: str, ctx: dict | None, feature_types) -> Resolution | None:
    from dataclasses import replace

    head = head.strip(" ,")
    if not head:
        return None
    r = gaz._resolve_simple(head, ctx, feature_types)
    if r.status == "unresolved":
        # The place itself is unknown: never answer with the context instead.
        return replace(r, query=text, method="context") if ctx is not None else None
    score = _context_score(gaz, r, ctx)
    if ctx is None:
        score = round(score * 0.9, 4)  # the context named nothing we know
    return replace(r, query=text, method="context", score=score)


def _area(gaz: Gazetteer, text: str, types=("country", "adm1")):
    words = [w for w in normalize(text).split() if w not in DIRECTIONAL_WORDS]
    r = gaz._resolve_simple(" ".join(words), None, types)
    if r.status == "unresolved" or r.feature_type not in types:
        return None
    return r


def _road(gaz: Gazetteer, text: str, a: str, b: str, within, strict: bool = False) -> Resolution | None:
    from .gazetteer import Resolution

    ra = gaz._resolve_simple(a, within, None)
    rb = gaz._resolve_simple(b, within, None)
    if ra.status == "unresolved" or rb.status == "unresolved":
        if strict:
            return None
        return Resolution(query=text, status="unresolved", method="composite",
                          alternatives=tuple(ra.alternatives[:2]) + tuple(rb.alternatives[:2]))
    pa, pb = ra.point, rb.point
    line = shapely.LineString([(pa.x, pa.y), (pb.x, pb.y)])
    adm = {}
    for lvl in (1, 2, 3):
        ca, cb = getattr(ra, f"admin{lvl}_code"), getattr(rb, f"admin{lvl}_code")
        if ca and ca == cb:
            adm[f"admin{lvl}_code"] = ca
            adm[f"admin{lvl}_name"] = getattr(ra, f"admin{lvl}_name")
        else:
            break
    status = "resolved" if ra.status == rb.status == "resolved" else "ambiguous"
    return Resolution(
        query=text, status=status, name=f"road {ra.name} – {rb.name}", geometry=line,
        feature_type="road", **adm, disputed=gaz._disputed(line), score=min(ra.score, rb.score),
        method="composite", precision=Precision.LINEAR,
        source=f"composite:road({ra.source};{rb.source})", country=ra.country,
        uncertainty_km=max(ra.uncertainty_km or 0.0, rb.uncertainty_km or 0.0, 5.0),
        alternatives=(),
    )


def _border(gaz: Gazetteer, text: str, a: str, b: str) -> Resolution | None:
    from .gazetteer import Resolution

    ra, rb = _area(gaz, a), _area(gaz, b)
    if ra is None or rb is None or ra.source == rb.source:
        return None
    ga, gb = ra.geometry, rb.geometry
    # The outlines come from different surveys: take A's boundary where it runs within ~1 km of B.
    line = shapely.intersection(shapely.boundary(ga), shapely.buffer(gb, 0.01))
    line = shapely.line_merge(line) if line.geom_type == "MultiLineString" else line
    if line.is_empty or line.length < 0.01:
        return None
    codes = [r.admin1_code for r in (ra, rb) if r.admin1_code]
    names = [r.admin1_name for r in (ra, rb) if r.admin1_name]
    return Resolution(
        query=text, status="resolved", name=f"{ra.name}–{rb.name} border", geometry=line,
        feature_type="border", admin1_code="|".join(codes) or None,
        admin1_name="|".join(names) or None, disputed=gaz._disputed(line),
        score=min(ra.score, rb.score), method="composite", precision=Precision.LINEAR,
        source=f"composite:border({ra.source};{rb.source})", country=ra.country,
        uncertainty_km=2.0,
    )


def _union(gaz: Gazetteer, text: str, a: str, b: str, generic: str) -> Resolution | None:
    from .gazetteer import Resolution

    level = "adm2" if generic.startswith("district") else "adm1"
    ra, rb = _area(gaz, a, (level,)), _area(gaz, b, (level,))
    if ra is None or rb is None:
        return None
    geom = shapely.union_all([ra.geometry, rb.geometry])
    lv = level[-1]
    codes = "|".join(x for x in (getattr(ra, f"admin{lv}_code"), getattr(rb, f"admin{lv}_code")) if x)
    names = "|".join(x for x in (getattr(ra, f"admin{lv}_name"), getattr(rb, f"admin{lv}_name")) if x)
    extra = {f"admin{lv}_code": codes, f"admin{lv}_name": names}
    if level == "adm2":
        if ra.admin1_code == rb.admin1_code:
            extra.update(admin1_code=ra.admin1_code, admin1_name=ra.admin1_name)
        else:
            extra.update(admin1_code=f"{ra.admin1_code}|{rb.admin1_code}",
                         admin1_name=f"{ra.admin1_name}|{rb.admin1_name}")
    return Resolution(
        query=text, status="resolved", name=f"{ra.name} and {rb.name}", geometry=geom,
        feature_type=level, **extra, disputed=bool(ra.disputed or rb.disputed),
        score=min(ra.score, rb.score), method="composite", precision=Precision(level),
        source=f"composite:union({ra.source};{rb.source})", country=ra.country,
        uncertainty_km=max(ra.uncertainty_km or 0.0, rb.uncertainty_km or 0.0),
    )

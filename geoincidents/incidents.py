"""Incident tables: reading them from anywhere, locating them honestly, writing them back.

This module owns the incident schema (:data:`INCIDENT_COLUMNS`), :func:`read_incidents`,
:func:`write_incidents`, the ACLED / UCDP GED conversions (:func:`to_acled`, :func:`to_ucdp`) and
casualty-figure parsing (:func:`parse_casualties`). Attribution to admin units lives in
:mod:`geoincidents.join`.

The incident schema (a GeoDataFrame in EPSG:4326, one row per input row, input order):

=========================  ==========================================================================
``id``                     str; the input's id (ACLED ``event_id_cnty``, UCDP ``id``), else
                           ``"row-<n>"`` (n = 0-based input row)
``date_start, date_end``   datetime64 (day); NaT when unknown. A single date fills both; ``"2020-04"``
                           means the whole month, ``"2020"`` the whole year
``date_precision``         ``day``, ``days`` (UCDP 2-6 days), ``week``, ``month``, ``year``,
                           ``range`` (a span given as start/end), ``longer`` (UCDP: more than a
                           month), NA when unknown
``place_text``             the place as written (ACLED ``location``, UCDP ``where_coordinates``)
``geometry``               Point, or the line/polygon of a resolved landmark or unit; None when
                           not located (the reason is in ``location_flag`` / ``resolution_status``)
``location_precision``     the project scale (:class:`~geoincidents.precision.Precision` values as
                           str): from ACLED ``geo_precision`` / UCDP ``where_prec``, from the
                           gazetteer, from a ``location_precision`` column, else ``exact`` for
                           given coordinates
``event_type``,            str (UCDP: ``type_of_violence`` 1/2/3 as ``state-based conflict``,
``sub_event_type``         ``non-state conflict``, ``one-sided violence``)
``actors``                 str, ``"; "``-joined (ACLED ``actor1``/``actor2``, UCDP ``side_a``/``side_b``)
``fatalities_low/best/``   Int64. Ranges stay ranges: ``"5 to 10"`` -> low 5, best 5, high 10
``high``, ``injured_*``    (see :func:`parse_casualties` for the rule for ``best``)
``source``, ``source_url``, str
``notes``
``resolution_status``      ``coordinates`` (given by the input), ``resolved`` / ``ambiguous`` /
                           ``unresolved`` (from the gazetteer), NA (no coordinates, no place)
``resolution_method``      how: ``coordinates``, ``geometry``, ``wkt`` or the gazetteer's method
``resolution_score``       float, the gazetteer's score (NaN for given coordinates)
``resolution_source``      ``input``, ``acled``, ``ucdp``, or the gazetteer record (``wof:...``)
``resolved_name``          the gazetteer's name for the place
``uncertainty_km``         float radius: the gazetteer's, or 1/5/25 km for exact/locality/near
``resolved_admin1_code``,  the admin units the gazetteer named for the place (from context such as
``resolved_admin2_code``,  "Saladin province"); :func:`~geoincidents.attribute` prefers them as the
``resolved_admin3_code``   primary unit of lines and polygons
``location_flag``          NA, or why the location is suspect: ``invalid_coordinates: ...``,
                           ``swapped_lat_lon`` (flagged, kept as given), ``swapped_lat_lon_fixed``
                           (swapped back because ``fix_swapped=True``), ``repaired_geometry``
=========================  ==========================================================================

Every other input column is kept, unchanged, after these (so ACLED/UCDP exports round-trip).

Files: CSV (any of ``, ; TAB |`` delimiters, sniffed; UTF-8, UTF-8 with BOM, or Windows-1256
Arabic, decided per line with a warning), GeoJSON, GeoPackage, GeoParquet, or a (Geo)DataFrame.
:func:`write_incidents` picks the format from the extension; CSV gets the geometry as WKT in a
``geometry`` column plus ``lat``/``lon`` columns (a representative point on the geometry) for
spreadsheets; reading such a CSV back uses the WKT and drops ``lat``/``lon``.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import precision as _prec
from .errors import CRSError, GeoIncidentsError, InputError
from .precision import DEFAULT_UNCERTAINTY_KM, Precision

__all__ = [
    "INCIDENT_COLUMNS",
    "RESOLUTION_COLUMNS",
    "read_incidents",
    "write_incidents",
    "to_acled",
    "to_ucdp",
    "parse_casualties",
    "detect_schema",
]

#: The gazetteer-resolution fields of an incident.
RESOLUTION_COLUMNS = (
    "resolution_status", "resolution_method", "resolution_score", "resolution_source",
    "resolved_name", "uncertainty_km",
    "resolved_admin1_code", "resolved_admin2_code", "resolved_admin3_code",
)
#: The incident schema, in column order (see the module docstring).
INCIDENT_COLUMNS = (
    "id", "date_start", "date_end", "date_precision", "place_text", "geometry",
    "location_precision", "event_type", "sub_event_type", "actors",
    "fatalities_low", "fatalities_best", "fatalities_high",
    "injured_low", "injured_best", "injured_high",
    "source", "source_url", "notes",
    *RESOLUTION_COLUMNS,
    "location_flag",
)

_INT_COLUMNS = ("fatalities_low", "fatalities_best", "fatalities_high",
                "injured_low", "injured_best", "injured_high")
_FLOAT_COLUMNS = ("resolution_score", "uncertainty_km",
                  "disputed_share", "disputed_extended_share", "kri_share")
_DATE_COLUMNS = ("date_start", "date_end")
_BOOL_COLUMNS = ("disputed", "disputed_extended", "kri")
_CATEGORY_COLUMNS = ("adm0_code", "adm1_code", "adm1_name", "adm2_code", "adm2_name",
                     "adm3_code", "adm3_name", "location_status",
                     "adm1_codes", "adm1_shares", "adm2_codes", "adm2_shares", "adm3_codes", "adm3_shares")

ACLED_COLUMNS = ("event_id_cnty", "event_date", "latitude", "longitude", "geo_precision",
                 "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                 "fatalities", "location", "admin1", "admin2", "admin3", "notes", "source")
UCDP_COLUMNS = ("id", "date_start", "date_end", "latitude", "longitude", "where_prec",
                "date_prec", "best", "low", "high", "side_a", "side_b", "where_coordinates",
                "adm_1", "adm_2", "source_article", "type_of_violence")

_ACLED_TIME = {1: "day", 2: "week", 3: "month"}
_ACLED_TIME_OUT = {"day": 1, "days": 2, "week": 2, "month": 3, "year": 3, "range": 3, "longer": 3}
_UCDP_DATE = {1: "day", 2: "days", 3: "week", 4: "month", 5: "longer"}
_UCDP_DATE_OUT = {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5, "range": 5, "longer": 5}
_UCDP_VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}

_LAT_NAMES = ("lat", "latitude", "y", "lat_dd", "decimallatitude")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_dd", "decimallongitude")
_PLACE_NAMES = ("place_text", "place", "location", "where_coordinates", "placename", "place_name")
_DATE_NAMES = ("date_start", "date", "event_date", "start_date")
_CASUALTY_SYNONYMS = {
    "fatalities": ("fatalities", "killed", "deaths", "dead", "deaths_best"),
    "injured": ("injured", "wounded", "injuries"),
}
_CSV_EXT = (".csv", ".tsv", ".txt")
_OGR_EXT = (".geojson", ".json", ".gpkg", ".shp", ".fgb")
_PARQUET_EXT = (".parquet", ".geoparquet", ".pq")


# --------------------------------------------------------------------------- casualties

_NUMBER_WORDS = {
    "no": 0, "none": 0, "zero": 0, "nobody": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a couple": 2, "couple": 2,
}
# vague quantities: (low, high); best = low, like every other lower bound
_VAGUE = {
    "a few": (2, None), "few": (2, None), "several": (3, None), "some": (1, None),
    "many": (2, None), "dozens": (24, None), "tens": (20, None), "scores": (40, None),
    "hundreds": (200, None), "thousands": (2000, None),
}
_NUM = r"(\d[\d,]*|" + "|".join(sorted((re.escape(k) for k in _NUMBER_WORDS), key=len, reverse=True)) + ")"
_RANGE = re.compile(rf"^(?:between\s+)?{_NUM}\s*(?:-|–|—|to|and|or|/)\s*{_NUM}$")
_LOWER = re.compile(rf"^(?:at least|more than|over|no fewer than|no less than|a minimum of|min\.?|>=?|\+)\s*{_NUM}\+?$")
_LOWER_SUFFIX = re.compile(rf"^{_NUM}\s*(?:\+|or more|plus)$")
_UPPER = re.compile(rf"^(?:up to|at most|as many as|no more than|fewer than|less than|under|<=?)\s*{_NUM}$")
_ABOUT = re.compile(rf"^(?:about|around|approximately|approx\.?|roughly|nearly|almost|some|~|c\.|ca\.?)\s*{_NUM}$")
_EXACT = re.compile(rf"^{_NUM}$")
_TRAIL = re.compile(r"(?:\s+(?:people|persons|civilians|fighters|soldiers|were|killed|dead|wounded|injured|deaths|casualties))+$")


def _num(token: str) -> int:
    token = token.strip()
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    return int(token.replace(",", ""))


_MAX_CASUALTIES = 10_000_000  # more than any single reported event; beyond it, a data error


def _plausible(t: tuple, value: Any) -> tuple:
    if any(v is not None and v > _MAX_CASUALTIES for v in t):
        raise InputError(f"casualty figure {value!r} is larger than {_MAX_CASUALTIES:,}")
    return t


def parse_casualties(value: Any) -> tuple[int | None, int | None, int | None]:
    """``(low, best, high)`` for a casualty figure as reported; ``None`` where unknown.

    Numbers give ``(n, n, n)``; ranges (``"5 to 10"``, ``"5-10"``, ``"between 5 and 10"``) stay
    ranges; lower bounds (``"at least 5"``, ``"5+"``, ``"dozens"`` = 24, ``"several"`` = 3,
    ``"hundreds"`` = 200) have no high; upper bounds (``"up to 10"``) have low 0.
    **Rule for best:** the smallest figure the report asserts (the low end of a range, the lower
    bound), i.e. the conservative count, like the seed data's ``5 to 10`` -> best 5; an
    approximate figure (``"about 20"``) is taken as it stands; for an upper bound only, best is
    unknown. Empty values give ``(None, None, None)``; anything else raises :class:`InputError`.
    """
    return _plausible(_parse_casualties(value), value)


def _parse_casualties(value: Any) -> tuple[int | None, int | None, int | None]:
    if value is None or value is pd.NA:
        return (None, None, None)
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"casualty figure {value!r} is not a number")
    if isinstance(value, (int, np.integer)):
        if value < 0:
            raise InputError(f"casualty figure {value} is negative")
        return _plausible((int(value), int(value), int(value)), value)
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return (None, None, None)
        if value < 0 or not np.isfinite(value) or not float(value).is_integer():
            raise InputError(f"casualty figure {value} is not a whole non-negative number")
        return _plausible((int(value),) * 3, value)  # type: ignore[arg-type]
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    text = _TRAIL.sub("", text).strip(" .")
    if text in ("", "na", "n/a", "nan", "unknown", "?", "-", "none reported", "not reported"):
        return (None, None, None)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if text in _VAGUE:
        lo, hi = _VAGUE[text]
        return (lo, lo, hi)
    if m := _EXACT.match(text):
        n = _num(m.group(1))
        return (n, n, n)
    if m := _RANGE.match(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        lo, hi = min(a, b), max(a, b)
        return (lo, lo, hi)
    if m := _LOWER.match(text):
        n = _num(m.group(1))
        if text.startswith(("more than", "over", ">")) and not text.startswith(">="):
            n += 1
        return (n, n, None)
    if m := _LOWER_SUFFIX.match(text):
        n = _num(m.group(1))
        return (n, n, None)
    if m := _UPPER.match(text):
        n = _num(m.group(1))
        if text.startswith(("fewer than", "less than", "under", "<")) and not text.startswith("<="):
            n = max(n - 1, 0)
        return (0, None, n)
    if m := _ABOUT.match(text):
        n = _num(m.group(1))
        return (n, n, n)
    raise InputError(f"cannot read casualty figure {value!r}")


def _casualty_columns(raw: pd.DataFrame, kind: str, consumed: set[str]) -> dict[str, pd.Series]:
    """low/best/high Int64 columns for ``kind`` (fatalities or injured) from whatever is given."""
    n = len(raw)
    cols = {f"{kind}_{k}": f"{kind}_{k}" in raw.columns for k in ("low", "best", "high")}
    out = {k: np.full(n, None, dtype=object) for k in ("low", "best", "high")}

    empty = (None, None, None)

    def parse(col: str) -> list[tuple]:
        vals = raw[col].to_numpy(dtype=object)
        parsed = _per_unique(vals, parse_casualties, col)
        return [empty if t is None else t for t in parsed]

    if any(cols.values()):
        for k in ("low", "high", "best"):
            col = f"{kind}_{k}"
            if col not in raw.columns:
                continue
            consumed.add(col)
            for i, t in enumerate(parse(col)):
                if k == "low":
                    out["low"][i] = t[0]
                elif k == "high":
                    out["high"][i] = t[2]
                else:
                    out["best"][i] = t[1]
                    # a range in the best column gives low/high only when the table has no
                    # low/high column (an empty low/high cell means unknown, not "see best")
                    if not cols[f"{kind}_low"]:
                        out["low"][i] = t[0]
                    if not cols[f"{kind}_high"]:
                        out["high"][i] = t[2]
    else:
        for syn in _CASUALTY_SYNONYMS[kind]:
            if syn in raw.columns:
                consumed.add(syn)
                for i, t in enumerate(parse(syn)):
                    out["low"][i], out["best"][i], out["high"][i] = t
                break
    return {f"{kind}_{k}": pd.array(v, dtype="Int64") for k, v in out.items()}


# --------------------------------------------------------------------------- reading files


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode the file as {encoding}: {exc}", field="encoding") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # not UTF-8 throughout: decide per line (a file pasted together from several exports)
    lines = data.split(b"\n")
    out, legacy = [], []
    for i, line in enumerate(lines):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1256", errors="replace"))
            legacy.append(i + 1)
    warnings.warn(
        f"{len(legacy)} line(s) are not UTF-8 and were read as Windows-1256 (Arabic) "
        f"(lines {legacy[:10]}{'...' if len(legacy) > 10 else ''}); pass encoding= to override",
        stacklevel=4,
    )
    return "\n".join(out)


def _read_csv(path: Path, *, encoding: str | None, sep: str | None) -> pd.DataFrame:
    data = path.read_bytes()
    text = _decode(data, encoding)
    if not text.strip():
        raise InputError(f"{path.name} is empty", field="path")
    if "\x00" in text:
        # a NUL byte means a binary or UTF-16 file, not a text table
        line = text[: text.index("\x00")].count("\n")
        raise InputError(f"{path.name} has a NUL byte on line {line + 1}: not a text CSV file "
                         "(UTF-16? pass encoding=)", row=max(line - 1, 0) if line else None,
                         field="path")
    # one line-ending convention (old Mac exports end lines with a bare CR)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if sep is None:
        head = "\n".join(text.split("\n", 50)[:50])
        try:
            sep = csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
        except csv.Error:
            sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=sep))
    except (csv.Error, StopIteration) as exc:
        raise InputError(f"cannot read the header of {path.name}: {exc}", row=None, field="path") from None
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise InputError(f"column {h!r} appears more than once in the header", row=None, field=h)
        seen.add(h)
    if any(h == "" for h in header):
        pos = header.index("")
        raise InputError(f"column {pos + 1} of the header has no name", field=f"column {pos + 1}")
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         na_values=[], skipinitialspace=False)
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+)", str(exc))
        row = int(m.group(1)) - 2 if m else None
        raise InputError(f"malformed CSV: {exc}", row=row, field=None) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path.name} is empty", field="path") from None
    except (ValueError, csv.Error) as exc:
        raise InputError(f"malformed CSV: {exc}", field="path") from None
    if len(df.columns) != len(header):
        raise InputError(
            f"malformed CSV: the header has {len(header)} columns but the rows {len(df.columns)} "
            "(an unbalanced quote?)", field="path")
    df.columns = header
    # an empty cell is a missing value; other text (even "NA", a place name) stays as written
    return df.replace({"": None})


def _load(obj, *, encoding, sep, layer) -> pd.DataFrame:
    if isinstance(obj, pd.DataFrame):
        return obj.copy()
    if not isinstance(obj, (str, Path)):
        raise InputError(
            f"expected a path or a (Geo)DataFrame, got {type(obj).__name__}", field="path_or_frame"
        )
    path = Path(obj)
    if not path.is_file():
        raise InputError(f"no such file: {path}", field="path")
    ext = path.suffix.lower()
    if ext in _CSV_EXT:
        return _read_csv(path, encoding=encoding, sep=sep)
    if path.stat().st_size == 0:
        raise InputError(f"{path.name} is empty", field="path")
    try:
        if ext in _OGR_EXT:
            kw = {"layer": layer} if layer is not None else {}
            return gpd.read_file(path, engine="pyogrio", **kw)
        if ext in _PARQUET_EXT:
            try:
                return gpd.read_parquet(path)
            except ValueError:  # a plain (non-geo) parquet table
                return pd.read_parquet(path)
    except GeoIncidentsError:
        raise
    except Exception as exc:  # pyogrio/pyarrow raise many types; one clear message instead
        raise InputError(f"cannot read {path.name}: {exc}", field="path") from None
    raise InputError(
        f"unsupported file type {ext!r}; use .csv, .geojson, .gpkg or .parquet", field="path"
    )


_SCALAR_KINDS = {"string", "empty", "floating", "integer", "mixed-integer-float", "decimal",
                 "boolean", "datetime", "datetime64", "date", "timedelta", "timedelta64",
                 "period", "categorical"}


def _sanitise(raw: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding bytes, lists or dicts (from a frame the user built) become text,
    so that every later step sees scalars; columns of ordinary scalars are left alone."""
    geom = raw._geometry_column_name if isinstance(raw, gpd.GeoDataFrame) else None
    for pos, c in enumerate(raw.columns):
        if c == geom or not pd.api.types.is_object_dtype(raw.dtypes.iloc[pos]):
            continue
        col = raw.iloc[:, pos]
        if pd.api.types.infer_dtype(col, skipna=True) in _SCALAR_KINDS:
            continue
        fixed = [v.decode("utf-8", errors="replace") if isinstance(v, (bytes, bytearray))
                 else (str(v) if isinstance(v, (list, dict, set, tuple)) else v)
                 for v in col.to_numpy(dtype=object)]
        raw.iloc[:, pos] = pd.Series(fixed, index=raw.index, dtype=object)
    return raw


def detect_schema(columns: Sequence[str]) -> str:
    """``"acled"``, ``"ucdp"`` or ``"native"`` for a table's column names."""
    cols = set(columns)
    if {"event_id_cnty", "event_date"} <= cols:
        return "acled"
    if {"where_prec", "date_start"} <= cols or {"where_coordinates", "best", "side_a"} <= cols:
        return "ucdp"
    return "native"


# --------------------------------------------------------------------------- values


def _per_unique(values: np.ndarray, fn, field: str | None) -> np.ndarray:
    """``fn`` applied once per distinct non-missing value (tables repeat values a lot); an
    InputError from ``fn`` names the first row holding the value."""
    out = np.full(len(values), None, dtype=object)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    mapped = []
    for j, u in enumerate(uniques):
        try:
            mapped.append(fn(u))
        except InputError as exc:
            row = int(np.flatnonzero(codes == j)[0])
            raise InputError(exc.message, row=row, field=field or exc.field) from None
    if len(uniques):
        table = np.empty(len(uniques), dtype=object)
        table[:] = mapped
        ok = codes >= 0
        out[ok] = table[codes[ok]]
    return out


def _text(series: pd.Series) -> np.ndarray:
    """Object array of str or None (empty and blank strings and NaN become None)."""
    s = series.astype("str")  # NA stays NA; numbers become their str()
    s = s.where(s.str.strip() != "")
    return s.to_numpy(dtype=object, na_value=None)


_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _one_date(s: str):
    """(start, end, precision) for one date string that is not plain ISO; raises ValueError."""
    if m := _MONTH.match(s):
        if not 1 <= int(m.group(2)) <= 12:
            raise ValueError(s)
        p = pd.Period(f"{m.group(1)}-{int(m.group(2)):02d}", freq="M")
        return p.start_time, p.end_time.floor("D"), "month"
    if m := _YEAR.match(s):
        return pd.Timestamp(f"{m.group(1)}-01-01"), pd.Timestamp(f"{m.group(1)}-12-31"), "year"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts = pd.Timestamp(pd.to_datetime(s, dayfirst=True))
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(s)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.floor("D"), ts.floor("D"), None


def _parse_dates(values: np.ndarray, field: str):
    """(start, end, implied_precision) arrays; raises InputError naming the row on bad dates.

    ISO dates are parsed in one vectorised pass; the rest ("2020-04", "2020", "29/04/2020",
    "29 April 2020") once per distinct value.
    """
    n = len(values)
    start = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    end = start.copy()
    prec = np.full(n, None, dtype=object)
    ser = pd.Series(values, dtype=object)
    if not n:
        return start, end, prec
    stamp = np.array([isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year")
                      for v in values], dtype=bool) if ser.map(type).ne(str).any() else np.zeros(n, bool)
    if stamp.any():
        ts = pd.to_datetime(ser[stamp], utc=True).dt.tz_localize(None).dt.floor("D")
        start[stamp] = ts.to_numpy().astype("datetime64[s]")
    text = ser.where(~stamp).astype("str").str.strip()
    text = text.where(~text.str.lower().isin(["", "nan", "nat", "none", "null"]))
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?").fillna(False).astype(bool)
    if iso.any():
        parsed = pd.to_datetime(text[iso], format="ISO8601", errors="coerce", utc=True)
        ok = parsed.notna().to_numpy()
        idx = np.flatnonzero(iso.to_numpy())
        start[idx[ok]] = parsed[ok].dt.tz_localize(None).dt.floor("D").to_numpy().astype("datetime64[s]")
        iso.iloc[idx[~ok]] = False  # e.g. 2020-13-45: reported by the slow path below
    end[:] = start
    rest = text.notna().to_numpy() & ~iso.to_numpy()
    if rest.any():
        def one(v):
            try:
                return _one_date(v)
            except (ValueError, TypeError, OverflowError):
                raise InputError(f"cannot read date {v!r}") from None

        ridx = np.flatnonzero(rest)
        try:
            triples = _per_unique(text.to_numpy(dtype=object, na_value=None)[rest], one, field)
        except InputError as exc:  # row numbers of the subset -> of the table
            raise InputError(exc.message, row=int(ridx[exc.row]), field=field) from None
        for k, (a, b, pr) in zip(ridx, triples):
            start[k], end[k], prec[k] = np.datetime64(a, "s"), np.datetime64(b, "s"), pr
    return start, end, prec


def _to_float(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(floats, bad): NaN for missing; ``bad`` marks non-empty values that are not numbers."""
    ser = pd.Series(values, dtype=object)
    if not len(ser):
        return np.zeros(0), np.zeros(0, dtype=bool)
    text = ser.astype("str").str.strip()
    text = text.where(text != "")
    # decimal comma from ;-separated European exports
    text = text.where(~text.str.fullmatch(r"-?\d+,\d+").fillna(False).astype(bool),
                      text.str.replace(",", ".", regex=False))
    num = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(num) & text.notna().to_numpy() & ~text.str.lower().isin(["nan"]).to_numpy()
    return num, bad


# --------------------------------------------------------------------------- coordinates


def _covered(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """True where (x, y) lies in Iraq or Syria (the bundled ADM0), exact on boundaries."""
    from . import _grid

    g = _grid.grid()
    combo = g.lookup(x, y)
    j = _grid.GRID_LAYERS.index("adm0")
    v = np.full(len(x), _grid.OUTSIDE, dtype=np.int32)
    on = combo >= 0
    v[on] = g.combos[combo[on], j]
    fix = np.flatnonzero(v == _grid.BOUNDARY)
    if len(fix):
        v[fix] = _grid.layer_index("adm0").locate_exact(shapely.points(x[fix], y[fix]))
    return v >= 0


def _points_from_columns(raw, lat_col, lon_col, fix_swapped, geoms, flags, given):
    lat_vals = raw[lat_col].to_numpy(dtype=object)
    lon_vals = raw[lon_col].to_numpy(dtype=object)
    lat, bad_lat = _to_float(lat_vals)
    lon, bad_lon = _to_float(lon_vals)
    has_lat = ~np.isnan(lat) | bad_lat
    has_lon = ~np.isnan(lon) | bad_lon
    given |= has_lat | has_lon
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(lat) & np.isfinite(lon)
        # |lat| in (90, 180] with |lon| <= 90 may be a swap: decided by the coverage test below
        maybe_swap = finite & (np.abs(lat) > 90) & (np.abs(lat) <= 180) & (np.abs(lon) <= 90)
        checks = [
            (bad_lat, lambda i: f"latitude {lat_vals[i]!r} is not a number"),
            (bad_lon, lambda i: f"longitude {lon_vals[i]!r} is not a number"),
            (has_lon & ~has_lat, lambda i: "longitude given without latitude"),
            (has_lat & ~has_lon, lambda i: "latitude given without longitude"),
            (has_lat & has_lon & ~finite, lambda i: "coordinates are not finite"),
            (finite & (np.abs(lat) > 90) & ~maybe_swap, lambda i: f"latitude {lat[i]} is out of range"),
            (finite & (np.abs(lon) > 180), lambda i: f"longitude {lon[i]} is out of range"),
            (finite & (lat == 0) & (lon == 0), lambda i: "0, 0 is a placeholder, not a location"),
        ]
    invalid = np.zeros(len(raw), dtype=bool)
    for mask, why in checks:
        for i in np.flatnonzero(mask & given & ~invalid):
            flags[i] = f"invalid_coordinates: {why(i)}"
        invalid |= mask & given
    ok = given & ~invalid & np.array([f is None for f in flags], dtype=bool)
    idx = np.flatnonzero(ok)
    if not len(idx):
        return
    x, y = lon[idx], lat[idx]
    in_range = np.abs(y) <= 90
    inside = np.zeros(len(idx), dtype=bool)
    inside[in_range] = _covered(x[in_range], y[in_range])
    swapped = np.zeros(len(idx), dtype=bool)
    cand = ~inside & (np.abs(x) <= 90)
    swapped[cand] = _covered(y[cand], x[cand])
    plain = ~swapped & in_range
    geoms[idx[plain]] = shapely.points(x[plain], y[plain])
    bad_range = ~swapped & ~in_range
    for i, yy in zip(idx[bad_range], y[bad_range]):
        flags[i] = f"invalid_coordinates: latitude {yy} is out of range"
    sw = idx[swapped]
    if fix_swapped:
        geoms[sw] = shapely.points(y[swapped], x[swapped])
        flags[sw] = "swapped_lat_lon_fixed"
    else:
        keep = swapped & in_range
        geoms[idx[keep]] = shapely.points(x[keep], y[keep])
        flags[idx[keep]] = "swapped_lat_lon"
        flags[idx[swapped & ~in_range]] = (
            "invalid_coordinates: latitude out of range; latitude and longitude look swapped")


def _find(columns, names) -> str | None:
    lower = {c.lower().strip(): c for c in columns}
    for n in names:
        if n in lower:
            return lower[n]
    return None


# --------------------------------------------------------------------------- read_incidents


def read_incidents(
    path_or_frame: Any,
    *,
    place: str | None = None,
    lat: str | None = None,
    lon: str | None = None,
    date: str | None = None,
    crs: Any = None,
    progress: bool = True,
    gazetteer: Any = None,
    fix_swapped: bool = False,
    id: str | None = None,
    within: str | None = None,
    geocode: bool = True,
    encoding: str | None = None,
    sep: str | None = None,
    layer: str | int | None = None,
) -> gpd.GeoDataFrame:
    """Read an incident table into the incident schema (see the module docstring).

    ``path_or_frame``: a CSV, GeoJSON, GeoPackage or GeoParquet path, or a (Geo)DataFrame.
    ACLED and UCDP GED column schemas are recognised (:func:`detect_schema`) and their precision
    codes converted; other tables use the schema's own names or the column names given here.

    ``lat``/``lon``: coordinate columns (WGS84 degrees; detected when named lat/latitude/...).
    ``place``: a column of place names, geocoded with the gazetteer (``gazetteer`` or
    :meth:`Gazetteer.default`) for rows without coordinates; when not given, the schema's place
    column is used for such rows (``geocode=False`` turns this off). ``within`` is passed to
    the gazetteer as admin context. ``date``: the date column (else date_start/date/event_date).
    ``crs``: the CRS of a geometry/WKT column that carries none (a GeoDataFrame or file without
    CRS raises :class:`CRSError` otherwise); anything else is reprojected to EPSG:4326.
    ``fix_swapped``: coordinates outside Iraq/Syria that fall inside when latitude and longitude
    are exchanged are flagged ``swapped_lat_lon`` and kept as given; with ``True`` they are
    swapped and flagged ``swapped_lat_lon_fixed``. Bad coordinates are kept as rows with no
    geometry and ``location_flag = "invalid_coordinates: <why>"``. Bad dates, unreadable casualty
    figures and missing named columns raise :class:`InputError` naming the row and field.
    ``encoding``/``sep``/``layer``: override CSV decoding and delimiter sniffing, pick a layer.
    """
    raw = _sanitise(_load(path_or_frame, encoding=encoding, sep=sep, layer=layer))
    if raw.columns.duplicated().any():
        dup = raw.columns[raw.columns.duplicated()][0]
        raise InputError(f"column {dup!r} appears more than once", field=str(dup))
    for col in (place, lat, lon, date, id):
        if col is not None and col not in raw.columns:
            raise InputError(
                f"no column {col!r} (the table has {list(raw.columns)[:20]})", field=col
            )
    if (lat is None) != (lon is None):
        raise InputError("give both lat= and lon=, or neither", field="lat" if lat is None else "lon")
    n = len(raw)
    is_geo = isinstance(raw, gpd.GeoDataFrame) and raw._geometry_column_name in raw.columns
    schema = detect_schema([str(c) for c in raw.columns])
    consumed: set[str] = set()
    if is_geo:
        consumed.add(raw._geometry_column_name)
    out: dict[str, Any] = {}

    def take(col: str | None) -> np.ndarray:
        if col is None or col not in raw.columns:
            return np.full(n, None, dtype=object)
        consumed.add(col)
        return _text(raw[col])

    # --- identity, text fields
    id_col: str | None
    place_col: str | None
    date_cols: tuple[str | None, str | None]
    if schema == "acled":
        id_col = id or "event_id_cnty"
        place_col = place or "location"
        date_cols = (date or "event_date", None)
    elif schema == "ucdp":
        id_col = id or "id"
        place_col = place or "where_coordinates"
        date_cols = (date or "date_start", "date_end")
    else:
        id_col = id or _find(raw.columns, ("id", "event_id", "incident_id"))
        place_col = place or _find(raw.columns, _PLACE_NAMES)
        date_cols = (date or _find(raw.columns, _DATE_NAMES),
                     "date_end" if "date_end" in raw.columns else None)
    ids = pd.Series(take(id_col), dtype=object)
    # ids read back from float columns ("12.0") are the integers they were
    ids = ids.str.replace(r"^(-?\d+)\.0$", r"\1", regex=True)
    missing_id = ids.isna().to_numpy()
    if missing_id.any():
        ids[missing_id] = [f"row-{i}" for i in np.flatnonzero(missing_id)]
    out["id"] = ids.to_numpy(dtype=object)

    # --- dates
    start_vals = take(date_cols[0])
    start, implied_end, implied_prec = _parse_dates(start_vals, date_cols[0] or "date_start")
    end = implied_end.copy()
    if date_cols[1] is not None:
        end_vals = take(date_cols[1])
        e_start, e_end, _ = _parse_dates(end_vals, date_cols[1])
        has_end = ~np.isnat(e_start)
        end[has_end] = e_end[has_end]
    bad_order = ~np.isnat(start) & ~np.isnat(end) & (end < start)
    if bad_order.any():
        i = int(np.flatnonzero(bad_order)[0])
        raise InputError(
            f"date_end {end[i]} is before date_start {start[i]}", row=i, field=date_cols[1] or "date_end"
        )
    dprec = np.full(n, None, dtype=object)
    if schema == "acled" and "time_precision" in raw.columns:
        dprec = _per_unique(take("time_precision"),
                            lambda c: _code_lookup(c, _ACLED_TIME, "time_precision"), "time_precision")
    elif schema == "ucdp" and "date_prec" in raw.columns:
        dprec = _per_unique(take("date_prec"),
                            lambda c: _code_lookup(c, _UCDP_DATE, "date_prec"), "date_prec")
    elif "date_precision" in raw.columns:
        dprec = take("date_precision")
    fill = np.array([d is None for d in dprec], dtype=bool) & ~np.isnat(start)
    implied = np.where(end == start, "day", "range").astype(object)
    has_implied = np.array([p is not None for p in implied_prec], dtype=bool)
    implied[has_implied] = implied_prec[has_implied]
    dprec[fill] = implied[fill]
    out["date_start"] = pd.to_datetime(start).as_unit("s")
    out["date_end"] = pd.to_datetime(end).as_unit("s")
    out["date_precision"] = dprec
    out["place_text"] = take(place_col)

    # --- event fields
    if schema == "acled":
        out["event_type"] = take("event_type")
        out["sub_event_type"] = take("sub_event_type")
        out["actors"] = _join_actors(raw, ("actor1", "actor2"))
        out["source"] = take("source")
        out["notes"] = take("notes")
    elif schema == "ucdp":
        tov = _text(raw["type_of_violence"]) if "type_of_violence" in raw.columns else np.full(n, None, dtype=object)
        et = take("event_type") if "event_type" in raw.columns else np.full(n, None, dtype=object)
        for i, v in enumerate(tov):
            if et[i] is None and v is not None:
                code = _int_or_none(v)
                et[i] = _UCDP_VIOLENCE.get(code, str(v)) if code is not None else str(v)
        out["event_type"] = et
        out["sub_event_type"] = take("sub_event_type")
        out["actors"] = _join_actors(raw, ("side_a", "side_b"))
        out["source"] = take("source_article")
        out["notes"] = take("notes")
    else:
        out["event_type"] = take("event_type")
        out["sub_event_type"] = take("sub_event_type")
        out["actors"] = take("actors")
        out["source"] = take("source")
        out["notes"] = take("notes")
    out["source_url"] = take("source_url")

    # --- casualties
    if schema == "acled":
        f = _casualty_columns(raw, "fatalities", consumed)
    elif schema == "ucdp":
        ucdp = pd.DataFrame({"fatalities_low": raw.get("low"), "fatalities_best": raw.get("best"),
                             "fatalities_high": raw.get("high")}, index=raw.index)
        ucdp = ucdp.dropna(axis=1, how="all") if len(raw) else ucdp
        f = _casualty_columns(ucdp, "fatalities", set())
        consumed.update(c for c in ("low", "best", "high") if c in raw.columns)
    else:
        f = _casualty_columns(raw, "fatalities", consumed)
    out.update(f)
    out.update(_casualty_columns(raw, "injured", consumed))

    # --- location
    geoms = np.full(n, None, dtype=object)
    flags = take("location_flag") if "location_flag" in raw.columns else np.full(n, None, dtype=object)
    flags = np.array([f if isinstance(f, str) else None for f in flags], dtype=object)
    given = np.zeros(n, dtype=bool)
    method = np.full(n, None, dtype=object)
    src_default = {"acled": "acled", "ucdp": "ucdp"}.get(schema, "input")
    if lat is None and is_geo:
        gs = raw.geometry
        if gs.crs is None:
            if crs is None:
                raise CRSError(
                    "the input geometry has no CRS; pass crs='EPSG:4326' if it is longitude/latitude",
                    field="geometry",
                )
            gs = gs.set_crs(crs)
        if not gs.crs.equals("EPSG:4326"):
            try:
                gs = gs.to_crs("EPSG:4326")
            except Exception as exc:
                raise CRSError(f"cannot transform from {gs.crs} to EPSG:4326: {exc}", field="geometry") from None
        geoms[:] = gs.to_numpy()
        given[:] = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
        method[given] = "geometry"
        _check_geometries(geoms, given, flags)
    else:
        lat_col = lat or _find(raw.columns, _LAT_NAMES)
        lon_col = lon or _find(raw.columns, _LON_NAMES)
        wkt_col = _find(raw.columns, ("geometry", "wkt", "geom"))
        if wkt_col is not None and lat is None:
            consumed.add(wkt_col)
            for c in (lat_col, lon_col):  # derived columns written by write_incidents
                if c is not None and c.lower() in ("lat", "lon"):
                    consumed.add(c)
            _geoms_from_wkt(raw[wkt_col], wkt_col, crs, geoms, flags, given)
            method[given] = "wkt"
        elif lat_col is not None and lon_col is not None:
            consumed.update((lat_col, lon_col))
            _points_from_columns(raw, lat_col, lon_col, fix_swapped, geoms, flags, given)
            method[given] = "coordinates"

    # precision of given locations
    loc_prec = np.full(n, None, dtype=object)
    if schema == "acled" and "geo_precision" in raw.columns:
        loc_prec = _per_unique(take("geo_precision"),
                               lambda v: _prec_code(_prec.from_acled, v), "geo_precision")
    elif schema == "ucdp" and "where_prec" in raw.columns:
        loc_prec = _per_unique(take("where_prec"),
                               lambda v: _prec_code(_prec.from_ucdp, v), "where_prec")
    elif "location_precision" in raw.columns:
        loc_prec = _per_unique(take("location_precision"), lambda v: Precision.parse(v).value,
                               "location_precision")

    # resolution fields: kept when the input already has them (our own files read back)
    res: dict[str, np.ndarray] = {}
    for c in RESOLUTION_COLUMNS:
        res[c] = take(c) if c in raw.columns else np.full(n, None, dtype=object)
    # defaults only for columns the input does not have: a file of ours read back keeps its
    # values, empty cells included
    gidx = np.flatnonzero(given)
    if "resolution_status" not in raw.columns:
        res["resolution_status"][gidx] = "coordinates"
        res["resolution_method"][gidx] = method[gidx]
        res["resolution_source"][gidx] = src_default
    if "location_precision" not in raw.columns:
        unset = gidx[np.array([loc_prec[i] is None for i in gidx], dtype=bool)]
        loc_prec[unset] = Precision.EXACT.value
    if "uncertainty_km" not in raw.columns:
        km = {p.value: v for p, v in DEFAULT_UNCERTAINTY_KM.items()}
        res["uncertainty_km"][gidx] = [km.get(p) for p in loc_prec[gidx]]

    # --- geocoding rows without coordinates
    pending = np.flatnonzero(
        ~given
        & np.array([f is None for f in flags], dtype=bool)
        & np.array([s is None for s in res["resolution_status"]], dtype=bool)
        & np.array([p is not None for p in out["place_text"]], dtype=bool)
    )
    if geocode and len(pending):
        _geocode(out["place_text"], pending, geoms, loc_prec, res, gazetteer, within, progress)

    out["geometry"] = geoms
    out["location_precision"] = loc_prec
    for c in RESOLUTION_COLUMNS:
        out[c] = res[c]
    out["location_flag"] = flags

    frame = pd.DataFrame({c: out[c] for c in INCIDENT_COLUMNS if c != "geometry"}, index=pd.RangeIndex(n))
    extras = [c for c in raw.columns if c not in consumed and c not in INCIDENT_COLUMNS]
    for c in extras:
        col = raw[c]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            # as in CSV cells: an empty string is a missing value
            col = col.where(col.astype(object) != "", None)
        frame[c] = col.to_numpy()
    frame = _coerce(frame)
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(list(geoms), index=frame.index, crs="EPSG:4326"),
                           crs="EPSG:4326")
    order = list(INCIDENT_COLUMNS) + extras
    return gdf[order]


def _code_lookup(value, table: dict, field: str):
    code = _int_or_none(value)
    if code not in table:
        raise InputError(f"{field} code {value!r} is not one of {sorted(table)}", field=field)
    return table[code]


def _int_or_none(value) -> int | None:
    try:
        f = float(str(value).strip())
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _prec_code(fn, value) -> str:
    code = _int_or_none(value)
    return fn(code if code is not None else value).value


def _join_actors(raw: pd.DataFrame, cols: tuple[str, str]) -> np.ndarray:
    n = len(raw)
    a, b = (pd.Series(_text(raw[c]) if c in raw.columns else np.full(n, None, dtype=object),
                      dtype=object) for c in cols)
    out = a.where(a.notna(), b)
    both = (a.notna() & b.notna()).to_numpy()
    out[both] = a[both] + "; " + b[both]
    return out.to_numpy(dtype=object)


def _geoms_from_wkt(series, field, crs, geoms, flags, given) -> None:
    text = _text(series)
    has = np.array([t is not None for t in text], dtype=bool)
    given |= has
    idx = np.flatnonzero(has)
    parsed = shapely.from_wkt(text[idx], on_invalid="ignore")
    geoms[idx] = parsed
    for i in idx[shapely.is_missing(parsed)]:
        flags[i] = f"invalid_coordinates: cannot read {field} {text[i][:40]!r} as WKT"
    if crs is not None:
        geoms[:] = gpd.GeoSeries(list(geoms), crs=crs).to_crs("EPSG:4326").to_numpy()
    _check_geometries(geoms, given, flags)


def _check_geometries(geoms: np.ndarray, given: np.ndarray, flags: np.ndarray) -> None:
    """Flag non-finite or out-of-range coordinates; repair invalid polygons (with a warning)."""
    idx = np.flatnonzero(given & ~shapely.is_missing(geoms))
    if not len(idx):
        return
    coords, owner = shapely.get_coordinates(geoms[idx], return_index=True)
    with np.errstate(invalid="ignore"):
        bad_coord = ~np.isfinite(coords).all(axis=1)
        out_coord = (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    nonfinite = np.bincount(owner[bad_coord], minlength=len(idx)) > 0
    out_range = np.bincount(owner[out_coord & ~bad_coord], minlength=len(idx)) > 0
    flags[idx[nonfinite]] = "invalid_coordinates: coordinates are not finite"
    flags[idx[out_range & ~nonfinite]] = "invalid_coordinates: coordinates are out of range"
    geoms[idx[nonfinite | out_range]] = None
    rest = idx[~(nonfinite | out_range)]
    poly = rest[np.isin(shapely.get_type_id(geoms[rest]), (3, 6))]
    repaired = poly[~shapely.is_valid(geoms[poly])]
    if len(repaired):
        geoms[repaired] = shapely.make_valid(geoms[repaired])
        for i in repaired:
            flags[i] = flags[i] or "repaired_geometry"
        warnings.warn(
            f"{len(repaired)} invalid polygon(s) repaired with make_valid "
            f"(rows {repaired[:10].tolist()})",
            stacklevel=4,
        )


def _geocode(places, pending, geoms, loc_prec, res, gazetteer, within, progress) -> None:
    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    names = [places[i] for i in pending]
    found = gazetteer.resolve_many(names, within=within, progress=progress)
    if len(found) != len(names):
        raise GeoIncidentsError(
            f"the gazetteer returned {len(found)} rows for {len(names)} names"
        )
    cols = found.columns
    fgeo = found.geometry.to_numpy()

    def col(name):
        return found[name].astype(object).to_numpy() if name in cols else np.full(len(found), None, dtype=object)

    status, method, score, source = col("status"), col("method"), col("score"), col("source")
    name, unc, prec = col("name"), col("uncertainty_km"), col("precision")
    a1, a2, a3 = col("admin1_code"), col("admin2_code"), col("admin3_code")
    for k, i in enumerate(pending):
        st = status[k] if isinstance(status[k], str) else "unresolved"
        res["resolution_status"][i] = st
        res["resolution_method"][i] = _clean(method[k])
        res["resolution_score"][i] = _clean(score[k])
        res["resolution_source"][i] = _clean(source[k])
        res["resolved_name"][i] = _clean(name[k])
        res["uncertainty_km"][i] = _clean(unc[k])
        res["resolved_admin1_code"][i] = _clean(a1[k])
        res["resolved_admin2_code"][i] = _clean(a2[k])
        res["resolved_admin3_code"][i] = _clean(a3[k])
        g = fgeo[k]
        if st in ("resolved", "ambiguous") and g is not None and not g.is_empty:
            geoms[i] = g
            p = _clean(prec[k])
            loc_prec[i] = Precision.parse(p).value if p else Precision.UNKNOWN.value
        else:
            loc_prec[i] = Precision.UNKNOWN.value


def _clean(v):
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, str) and not v:
        return None
    return v.item() if isinstance(v, np.generic) else v


_BOOL_TEXT = {"true": True, "1": True, "yes": True, "t": True, "y": True,
              "false": False, "0": False, "no": False, "f": False, "n": False}


def _coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the schema's (and attribute's) columns their dtypes, whatever the file format."""
    for c in frame.columns:
        col = frame[c]
        if c in _INT_COLUMNS:
            num = pd.to_numeric(col.astype(object), errors="coerce")
            frame[c] = num.astype("Float64").round().astype("Int64")
        elif c in _FLOAT_COLUMNS:
            num = pd.to_numeric(col.astype(object), errors="coerce").astype(float)
            frame[c] = num.astype(np.float32) if c.endswith("_share") else num
        elif c in _BOOL_COLUMNS:
            if pd.api.types.is_bool_dtype(col):
                frame[c] = col.astype("boolean")
            else:
                text = col.astype("str").str.strip().str.lower()
                frame[c] = pd.array(text.map(_BOOL_TEXT).to_numpy(dtype=object, na_value=None),
                                    dtype="boolean")
        elif c in _CATEGORY_COLUMNS:
            if not isinstance(col.dtype, pd.CategoricalDtype):
                text = col.astype("str")
                frame[c] = pd.Categorical(text.where(text != "").to_numpy(dtype=object, na_value=None))
        elif c in _DATE_COLUMNS:
            continue
        elif c in INCIDENT_COLUMNS:
            text = col.astype("str")
            frame[c] = text.where(text != "")
    return frame


# --------------------------------------------------------------------------- writing


def _for_file(gdf: gpd.GeoDataFrame, *, text_dates: bool) -> gpd.GeoDataFrame:
    out = gdf.copy()
    for c in out.columns:
        if c == out.geometry.name:
            continue
        s = out[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[c] = s.astype(object).where(s.notna(), None)
        elif text_dates and pd.api.types.is_datetime64_any_dtype(s):
            out[c] = [None if pd.isna(v) else v.strftime("%Y-%m-%d") if v == v.floor("D")
                      else v.isoformat() for v in s]
        elif isinstance(s.dtype, (pd.BooleanDtype, pd.Int64Dtype)) or str(s.dtype) in ("Int64", "boolean"):
            out[c] = s.astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.StringDtype) or s.dtype == object:
            out[c] = s.astype(object).where(s.notna(), None).map(
                lambda v: v.value if isinstance(v, Precision) else v)
    return out


def write_incidents(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write incidents by extension: ``.csv``, ``.geojson``, ``.gpkg`` or ``.parquet``.

    Every column is written. CSV: dates as ``YYYY-MM-DD``, the geometry as WKT (full precision)
    in ``geometry`` plus ``lat``/``lon`` of a representative point on it (for spreadsheets;
    ignored when the file is read back), missing values as empty cells, UTF-8. GeoJSON and
    GeoPackage (layer ``incidents``) store dates as dates and nullable integers/booleans as
    such; GeoParquet keeps every dtype. :func:`read_incidents` reads each back to the same
    values. Returns the path.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"expected a GeoDataFrame, got {type(gdf).__name__}", field="gdf")
    path = Path(path)
    ext = path.suffix.lower()
    if gdf.crs is None:
        raise CRSError("the incidents have no CRS", field="geometry")
    if gdf.columns.duplicated().any():
        dup = gdf.columns[gdf.columns.duplicated()][0]
        raise InputError(f"column {dup!r} appears more than once", field=str(dup))
    gdf = gdf.to_crs("EPSG:4326") if not gdf.crs.equals("EPSG:4326") else gdf
    if ext == ".csv":
        df = pd.DataFrame(_for_file(gdf, text_dates=True).drop(columns=gdf.geometry.name))
        geoms = gdf.geometry.to_numpy()
        missing = shapely.is_missing(geoms)
        wkt = np.full(len(gdf), None, dtype=object)
        lat_ = np.full(len(gdf), np.nan)
        lon_ = np.full(len(gdf), np.nan)
        if (~missing).any():
            wkt[~missing] = shapely.to_wkt(geoms[~missing], rounding_precision=-1)
            rep = shapely.point_on_surface(geoms[~missing])
            lon_[~missing] = shapely.get_x(rep)
            lat_[~missing] = shapely.get_y(rep)
        pos = list(df.columns).index("place_text") + 1 if "place_text" in df.columns else len(df.columns)
        df.insert(pos, "geometry", wkt)
        df.insert(pos + 1, "lat", lat_)
        df.insert(pos + 2, "lon", lon_)
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.15g")
    elif ext in (".geojson", ".json"):
        _write_ogr(gdf, path, "GeoJSON")
    elif ext == ".gpkg":
        _write_ogr(gdf, path, "GPKG")
    elif ext in _PARQUET_EXT:
        out = gdf.copy()
        for c in out.columns:
            if out[c].dtype == object and c != out.geometry.name:
                out[c] = out[c].map(lambda v: v.value if isinstance(v, Precision) else v)
        out.to_parquet(path, index=False)
    else:
        raise InputError(
            f"unsupported output type {ext!r}; use .csv, .geojson, .gpkg or .parquet", field="path"
        )
    return path


def _write_ogr(gdf: gpd.GeoDataFrame, path: Path, driver: str) -> None:
    out = _for_file(gdf, text_dates=False)
    if path.exists():
        path.unlink()  # GPKG would otherwise add a layer to an old file
    kw: dict[str, Any] = {"layer": "incidents"} if driver == "GPKG" else {}
    try:
        out.to_file(path, driver=driver, engine="pyogrio", **kw)
    except Exception as exc:
        raise InputError(f"cannot write {path.name}: {exc}", field="path") from None


# --------------------------------------------------------------------------- exports


def _rep_xy(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    geoms = gdf.to_crs("EPSG:4326").geometry.to_numpy() if gdf.crs and not gdf.crs.equals("EPSG:4326") else gdf.geometry.to_numpy()
    x = np.full(len(gdf), np.nan)
    y = np.full(len(gdf), np.nan)
    ok = ~shapely.is_missing(geoms)
    ok[ok] = ~shapely.is_empty(geoms[ok])
    if ok.any():
        rep = shapely.point_on_surface(geoms[ok])
        x[ok], y[ok] = shapely.get_x(rep), shapely.get_y(rep)
    return x, y


def _obj(gdf, col: str) -> np.ndarray:
    """A column as an object array with None for missing (all None when absent)."""
    if col not in gdf.columns:
        return np.full(len(gdf), None, dtype=object)
    return pd.Series(gdf[col].to_numpy(), dtype=object).where(gdf[col].notna().to_numpy(), None).to_numpy()


def _actor(gdf, k: int, passthrough: str) -> np.ndarray:
    """First actor (k=0) or the others (k=1), from the carried-through column when present."""
    if passthrough in gdf.columns:
        return _obj(gdf, passthrough)
    parts = pd.Series(_obj(gdf, "actors"), dtype=object).str.split("; ", n=1)
    out = parts.str[k] if len(parts) else parts
    return pd.Series(out, dtype=object).where(pd.notna(out), None).to_numpy()


def _dates(gdf, col: str) -> np.ndarray:
    if col not in gdf.columns:
        return np.full(len(gdf), None, dtype=object)
    d = pd.to_datetime(pd.Series(gdf[col].to_numpy()), errors="coerce")
    return d.dt.strftime("%Y-%m-%d").to_numpy(dtype=object, na_value=None)


def _coords(gdf) -> tuple[np.ndarray, np.ndarray]:
    x, y = _rep_xy(gdf)
    return np.round(x, 6), np.round(y, 6)


def _codes(values: np.ndarray, fn) -> pd.arrays.IntegerArray:
    return pd.array(_per_unique(values, fn, None), dtype="Int64")


def _require(gdf, cols):
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"expected a GeoDataFrame of incidents, got {type(gdf).__name__}", field="gdf")
    for c in cols:
        if c not in gdf.columns:
            raise InputError(f"the incidents have no {c!r} column (use read_incidents)", field=c)


def to_acled(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The incidents as an ACLED-style table (the columns of :data:`ACLED_COLUMNS`, then extras).

    ``geo_precision`` and ``time_precision`` come from our precisions (many-to-one, see
    :mod:`geoincidents.precision`), ``fatalities`` is ``fatalities_best``, ``latitude``/
    ``longitude`` a point on the geometry. Columns ACLED has and we carry through unchanged
    (``actor1``, ``admin1``, ``iso``, ...) are written back as read, so an ACLED file read with
    :func:`read_incidents` comes back with the same values.
    """
    _require(gdf, ("id", "date_start", "location_precision"))
    x, y = _coords(gdf)
    out = pd.DataFrame({
        "event_id_cnty": _obj(gdf, "id"),
        "event_date": _dates(gdf, "date_start"),
        "latitude": y,
        "longitude": x,
        "geo_precision": _codes(_obj(gdf, "location_precision"), _prec.to_acled),
        "time_precision": _codes(_obj(gdf, "date_precision"), _ACLED_TIME_OUT.get),
        "event_type": _obj(gdf, "event_type"),
        "sub_event_type": _obj(gdf, "sub_event_type"),
        "actor1": _actor(gdf, 0, "actor1"),
        "actor2": _actor(gdf, 1, "actor2"),
        "fatalities": pd.array(_obj(gdf, "fatalities_best"), dtype="Int64"),
        "location": _obj(gdf, "place_text"),
        **{f"admin{k}": _obj(gdf, f"admin{k}") if f"admin{k}" in gdf.columns
           else _obj(gdf, f"adm{k}_name") for k in (1, 2, 3)},
        "notes": _obj(gdf, "notes"),
        "source": _obj(gdf, "source"),
    })
    return pd.concat([out, _extras(gdf, ACLED_COLUMNS)], axis=1)


def to_ucdp(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The incidents as a UCDP GED-style table (:data:`UCDP_COLUMNS`, then extras).

    ``where_prec``/``date_prec`` from our precisions, ``best``/``low``/``high`` from the
    fatality range, ``type_of_violence`` from ``event_type`` (or carried through), ``side_a``/
    ``side_b`` and ``adm_1``/``adm_2`` carried through when present.
    """
    _require(gdf, ("id", "date_start", "location_precision"))
    x, y = _coords(gdf)
    rev = {v: k for k, v in _UCDP_VIOLENCE.items()}
    if "type_of_violence" in gdf.columns:
        tov = _codes(_obj(gdf, "type_of_violence"), _int_or_none)
    else:
        tov = _codes(_obj(gdf, "event_type"), rev.get)
    out = pd.DataFrame({
        "id": _obj(gdf, "id"),
        "date_start": _dates(gdf, "date_start"),
        "date_end": _dates(gdf, "date_end"),
        "latitude": y,
        "longitude": x,
        "where_prec": _codes(_obj(gdf, "location_precision"), _prec.to_ucdp),
        "date_prec": _codes(_obj(gdf, "date_precision"), _UCDP_DATE_OUT.get),
        "best": pd.array(_obj(gdf, "fatalities_best"), dtype="Int64"),
        "low": pd.array(_obj(gdf, "fatalities_low"), dtype="Int64"),
        "high": pd.array(_obj(gdf, "fatalities_high"), dtype="Int64"),
        "side_a": _actor(gdf, 0, "side_a"),
        "side_b": _actor(gdf, 1, "side_b"),
        "where_coordinates": _obj(gdf, "place_text"),
        "adm_1": _obj(gdf, "adm_1") if "adm_1" in gdf.columns else _obj(gdf, "adm1_name"),
        "adm_2": _obj(gdf, "adm_2") if "adm_2" in gdf.columns else _obj(gdf, "adm2_name"),
        "source_article": _obj(gdf, "source"),
        "type_of_violence": tov,
    })
    return pd.concat([out, _extras(gdf, UCDP_COLUMNS)], axis=1)


def _extras(gdf, schema_cols) -> pd.DataFrame:
    skip = set(schema_cols) | set(INCIDENT_COLUMNS) | {gdf.geometry.name}
    from .join import ATTRIBUTE_COLUMNS

    skip |= set(ATTRIBUTE_COLUMNS)
    cols = [c for c in gdf.columns if c not in skip]
    return pd.DataFrame({c: gdf[c].to_numpy() for c in cols}, index=pd.RangeIndex(len(gdf)))

"""One location-precision scale for the whole project, and its conversions.

Every resolved place and every incident carries a :class:`Precision`. The scale is finer than
each of the external codings it converts to (ACLED ``geo_precision``, UCDP GED ``where_prec``,
GDELT location type), so converting *from* any of those codes and back gives the same code
(tested), while converting *to* them is the documented many-to-one mapping below.

=============  ============================================  =====  =====  =====
precision      meaning                                        ACLED  UCDP   GDELT
=============  ============================================  =====  =====  =====
exact          a site: coordinates given, base, checkpoint    1      1      4
locality       a town or village (point)                      1      1      4
near           within ~25 km of a known point ("near X")      2      2      4
linear         along a line: road, river, range, border       2      5      5
adm3           somewhere in a sub-district (nahiya)           2      3      5
adm2           somewhere in a district (qadha)                2      3      5
area           a named area smaller than a governorate        2      5      5
adm1           somewhere in a governorate                     3      4      5
region         larger than a governorate, inside a country    3      5      1
country        only the country is known                      3      6      1
international  international waters or airspace               3      7      1
unknown        not located                                    --     --     --
=============  ============================================  =====  =====  =====

Reverse mapping (external code -> our scale): ACLED 1 locality, 2 near, 3 adm1; UCDP 1 exact,
2 near, 3 adm2, 4 adm1, 5 linear, 6 country, 7 international; GDELT 1 country, 2 adm1 (US state),
3 locality (US city), 4 locality, 5 adm1.
"""

from __future__ import annotations

from enum import Enum

from .errors import InputError

__all__ = [
    "Precision",
    "to_acled",
    "from_acled",
    "to_ucdp",
    "from_ucdp",
    "to_gdelt",
    "from_gdelt",
    "DEFAULT_UNCERTAINTY_KM",
]


class Precision(str, Enum):
    """How precisely a location is known, finest first."""

    EXACT = "exact"
    LOCALITY = "locality"
    NEAR = "near"
    LINEAR = "linear"
    ADM3 = "adm3"
    ADM2 = "adm2"
    AREA = "area"
    ADM1 = "adm1"
    REGION = "region"
    COUNTRY = "country"
    INTERNATIONAL = "international"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """0 for the finest precision; larger is coarser."""
        return _ORDER.index(self)

    @property
    def is_point(self) -> bool:
        """True where a point is an honest picture of the location."""
        return self in (Precision.EXACT, Precision.LOCALITY, Precision.NEAR)

    @classmethod
    def parse(cls, value: object) -> Precision:
        if isinstance(value, Precision):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise InputError(
                f"unknown precision {value!r}; expected one of {[p.value for p in cls]}",
                field="location_precision",
            ) from None

    def __str__(self) -> str:  # plain value in f-strings, CSV and JSON
        return self.value


_ORDER = list(Precision)

_TO_ACLED = {
    Precision.EXACT: 1, Precision.LOCALITY: 1, Precision.NEAR: 2, Precision.LINEAR: 2,
    Precision.ADM3: 2, Precision.ADM2: 2, Precision.AREA: 2, Precision.ADM1: 3,
    Precision.REGION: 3, Precision.COUNTRY: 3, Precision.INTERNATIONAL: 3,
}
_FROM_ACLED = {1: Precision.LOCALITY, 2: Precision.NEAR, 3: Precision.ADM1}

_TO_UCDP = {
    Precision.EXACT: 1, Precision.LOCALITY: 1, Precision.NEAR: 2, Precision.LINEAR: 5,
    Precision.ADM3: 3, Precision.ADM2: 3, Precision.AREA: 5, Precision.ADM1: 4,
    Precision.REGION: 5, Precision.COUNTRY: 6, Precision.INTERNATIONAL: 7,
}
_FROM_UCDP = {
    1: Precision.EXACT, 2: Precision.NEAR, 3: Precision.ADM2, 4: Precision.ADM1,
    5: Precision.LINEAR, 6: Precision.COUNTRY, 7: Precision.INTERNATIONAL,
}

_TO_GDELT = {
    Precision.EXACT: 4, Precision.LOCALITY: 4, Precision.NEAR: 4, Precision.LINEAR: 5,
    Precision.ADM3: 5, Precision.ADM2: 5, Precision.AREA: 5, Precision.ADM1: 5,
    Precision.REGION: 1, Precision.COUNTRY: 1, Precision.INTERNATIONAL: 1,
}
_FROM_GDELT = {
    1: Precision.COUNTRY, 2: Precision.ADM1, 3: Precision.LOCALITY, 4: Precision.LOCALITY,
    5: Precision.ADM1,
}

#: Radius used to draw and reason about point-like precisions, in km.
DEFAULT_UNCERTAINTY_KM = {
    Precision.EXACT: 1.0,
    Precision.LOCALITY: 5.0,
    Precision.NEAR: 25.0,
}


def _code(value: object, table: dict, scheme: str, field: str) -> Precision:
    try:
        code = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InputError(f"{scheme} precision code {value!r} is not an integer", field=field) from None
    if code not in table:
        raise InputError(
            f"{scheme} precision code {code} is not one of {sorted(table)}", field=field
        )
    return table[code]


def _out(precision: object, table: dict, scheme: str) -> int | None:
    p = Precision.parse(precision)
    return table.get(p)


def to_acled(precision: Precision | str) -> int | None:
    """ACLED ``geo_precision`` (1-3) for a precision; ``None`` for ``unknown``."""
    return _out(precision, _TO_ACLED, "ACLED")


def from_acled(code: object) -> Precision:
    """Our precision for an ACLED ``geo_precision`` code."""
    return _code(code, _FROM_ACLED, "ACLED", "geo_precision")


def to_ucdp(precision: Precision | str) -> int | None:
    """UCDP GED ``where_prec`` (1-7) for a precision; ``None`` for ``unknown``."""
    return _out(precision, _TO_UCDP, "UCDP")


def from_ucdp(code: object) -> Precision:
    """Our precision for a UCDP GED ``where_prec`` code."""
    return _code(code, _FROM_UCDP, "UCDP", "where_prec")


def to_gdelt(precision: Precision | str) -> int | None:
    """GDELT location type (1 country, 4 world city, 5 world ADM1) for a precision."""
    return _out(precision, _TO_GDELT, "GDELT")


def from_gdelt(code: object) -> Precision:
    """Our precision for a GDELT location type."""
    return _code(code, _FROM_GDELT, "GDELT", "geo_type")

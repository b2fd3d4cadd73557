"""The project precision scale and its ACLED / UCDP / GDELT conversions."""

import pytest

from geoincidents.errors import InputError
from geoincidents.precision import (
    Precision,
    from_acled,
    from_gdelt,
    from_ucdp,
    to_acled,
    to_gdelt,
    to_ucdp,
)


@pytest.mark.parametrize("code", [1, 2, 3])
def test_acled_round_trip(code):
    assert to_acled(from_acled(code)) == code


@pytest.mark.parametrize("code", range(1, 8))
def test_ucdp_round_trip(code):
    assert to_ucdp(from_ucdp(code)) == code


@pytest.mark.parametrize("code", [1, 4, 5])
def test_gdelt_round_trip(code):
    assert to_gdelt(from_gdelt(code)) == code


def test_every_precision_but_unknown_has_a_code_in_every_scheme():
    for p in Precision:
        if p is Precision.UNKNOWN:
            assert to_acled(p) is None and to_ucdp(p) is None
            continue
        assert to_acled(p) in (1, 2, 3)
        assert to_ucdp(p) in range(1, 8)
        assert to_gdelt(p) in (1, 4, 5)


def test_scale_is_ordered_and_mappings_are_monotone():
    ranks = [p.rank for p in Precision]
    assert ranks == sorted(ranks)
    admin = [Precision.ADM3, Precision.ADM2, Precision.ADM1, Precision.COUNTRY]
    assert [to_ucdp(p) for p in admin] == sorted(to_ucdp(p) for p in admin)


def test_bad_codes_name_the_field():
    with pytest.raises(InputError, match="where_prec"):
        from_ucdp(9)
    with pytest.raises(InputError, match="geo_precision"):
        from_acled("x")
    with pytest.raises(InputError, match="location_precision"):
        Precision.parse("somewhere")
    assert Precision.parse(" ADM2 ") is Precision.ADM2

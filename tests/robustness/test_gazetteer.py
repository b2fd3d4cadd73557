"""Robustness of normalisation and resolution: hypothesis properties and malformed input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoincidents import GeoIncidentsError, InputError
from geoincidents.gazetteer import MAX_QUERY_CHARS, RESOLVE_JSON_KEYS, Gazetteer
from geoincidents.normalize import clean, normalize, skeleton, split_generic

# Text that reporters' copy actually contains: Latin with diacritics, Arabic/Kurdish script,
# marks, RTL/LTR marks, zero-width joiners, combining characters, punctuation.
ODD = st.sampled_from(list("\u200f\u200e\u200d\u200c\ufeff\u0301\u0651\u064e\u0640ʿʾ‘’'-–—,.()/\\\t\n "))
LETTERS = st.characters(categories=("L", "M", "N", "P", "Z", "S", "Cf"))
TEXT = st.lists(st.one_of(LETTERS, ODD), max_size=40).map("".join)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_normalize_is_idempotent(text):
    k = normalize(text)
    assert normalize(k) == k
    assert clean(clean(text)) == clean(text)
    assert skeleton(k) == skeleton(text)
    assert split_generic(k) == split_generic(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_keys_have_no_marks_or_controls(text):
    import unicodedata

    k = normalize(text)
    assert k == k.strip() and "  " not in k
    assert not any(unicodedata.category(c) in ("Mn", "Cf", "Cc") for c in k)
    assert bool(skeleton(text)) == bool(k)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_resolve_is_total_over_unicode(gaz, text):
    r = gaz.resolve(text)
    assert r.status in ("resolved", "ambiguous", "unresolved")
    assert 0.0 <= r.score <= 1.0
    assert tuple(r.to_dict()) == RESOLVE_JSON_KEYS
    if r.status != "unresolved":
        assert r.geometry is not None and not r.geometry.is_empty


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["Kirkuk", "Tuz Khurmatu", "Hamrin mountains", "صلاح الدين"]), ODD, ODD)
def test_invisible_marks_do_not_change_the_answer(gaz, name, a, b):
    if a in "-–—,.()/\\" or b in "-–—,.()/\\":
        return  # punctuation is meaningful for composites
    assert gaz.resolve(a + name + b).source == gaz.resolve(name).source


def test_one_megabyte_query_is_unresolved_quickly(gaz):
    import time

    big = "Kirkuk " * (1_000_000 // 7)
    t = time.perf_counter()
    r = gaz.resolve(big)
    assert r.status == "unresolved" and len(big) > MAX_QUERY_CHARS
    assert time.perf_counter() - t < 1.0
    out = gaz.resolve_many([big, "Kirkuk"], progress=False)
    assert out.status.tolist() == ["unresolved", "resolved"]


@pytest.mark.parametrize("bad", [None, 42, b"Kirkuk", ["Kirkuk"], 3.5])
def test_non_strings_raise_input_error(gaz, bad):
    with pytest.raises(InputError) as ei:
        gaz.resolve(bad)
    assert ei.value.field == "name"


@pytest.mark.parametrize("within", [42, "Nowhere-at-all Land"])
def test_bad_context_raises_input_error(gaz, within):
    with pytest.raises(InputError):
        gaz.resolve("Kirkuk", within=within)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u200f", "----", ",,,", "Road between and", "-Syria border", "Iraq- border",
     "and provinces", "near", ", Kirkuk", "Kirkuk,", "in in in", "\x00\x01", "🙂", "\ud800"],
)
def test_degenerate_descriptions_never_crash(gaz, text):
    try:
        r = gaz.resolve(text)
    except GeoIncidentsError:
        return
    assert r.status in ("resolved", "ambiguous", "unresolved")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TEXT, st.none(), st.sampled_from(["Kirkuk", "Hawler", "Sinjar"])), max_size=30))
def test_resolve_many_keeps_every_row(gaz, names):
    out = gaz.resolve_many(names, progress=False)
    assert len(out) == len(names)
    for i, n in enumerate(names):
        if n is None:
            assert out.status.iloc[i] == "unresolved"
        else:
            assert out["query"].iloc[i] == n


# Misspelled real names next to arbitrary text: the batch's column-wise fuzzy path sees both.
_REAL = st.sampled_from(["Kirkuk", "Tuz Khurmatu", "Qarachogh", "Hawija", "Makhmour", "Sinjar",
                         "Qaryat Tall Ajwad", "الحويجة", "طوز خورماتو", "Salahaddin", "Diyala river"])


@st.composite
def _misspelled(draw):
    s = draw(_REAL)
    i = draw(st.integers(0, len(s)))
    return s[:i] + draw(st.one_of(LETTERS, ODD)) + s[i + 1:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TEXT, _misspelled()), min_size=40, max_size=80))
def test_resolve_many_matches_resolve_on_any_text(gaz, names):
    # 40+ names take the batch path (column-wise fuzzy resolution); every row must be what
    # resolve() answers for that name alone, in the input order.
    out = gaz.resolve_many(names, progress=False)
    assert list(out["query"]) == names
    gaz._cache.clear()
    for name, status, source, score in zip(names, out["status"], out["source"], out["score"]):
        r = gaz.resolve(name)
        assert (status, source, score) == (r.status, r.source, r.score), name

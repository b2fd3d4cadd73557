"""Robustness of geoparse: total over arbitrary text, spans always index the original text.

Properties (hypothesis) over random Unicode, text with right-to-left marks and zero-width
joiners spliced into place names, HTML payloads and a 1 MB report; the only errors raised are
the documented :class:`~geoincidents.errors.InputError` cases.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoincidents.errors import InputError
from geoincidents.geoparse import ROLES, Document, geoparse
from geoincidents.precision import Precision

PLACES = ["Kirkuk", "Hawija", "Tuz Khurmatu", "Mosul", "Sinjar", "Diyala", "Hamrin Mountains",
          "Baghdad", "الموصل", "كركوك", "Makhmour", "Qarachogh", "Deir ez-Zor", "Tikrit"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202b", "\u202c", "\u2066",
             "\u2069", "\ufeff", "\u00ad"]
SENTENCES = [
    "ISIS militants killed {n} soldiers in {p} on Wednesday.",
    "A roadside bomb exploded near {p} yesterday, wounding {n} people.",
    "Coalition jets struck caves in the {p} of Saladin province last week.",
    "Gunmen abducted {n} shepherds in {p} district, south of {q}, on April 12.",
    "Mortar rounds hit the village of {p} in recent weeks.",
]

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_document(text: str, doc: Document) -> None:
    assert isinstance(doc, Document)
    assert doc.text == text
    for p in doc.places:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start:p.end] == p.text
        assert p.role in ROLES
        assert p.resolution.status in ("resolved", "ambiguous", "unresolved")
    for inc in doc.incidents:
        assert 0 <= inc.start <= inc.end <= len(text)
        for i in inc.mentions:
            assert 0 <= i < len(doc.places)
        for q in (inc.fatalities, inc.injured):
            for v in (q.low, q.best, q.high):
                assert v is None or v >= 0
            if q.low is not None and q.high is not None:
                assert q.low <= q.high
        if inc.date_start is not None and inc.date_end is not None:
            assert inc.date_start <= inc.date_end
    doc.to_dict()
    gdf = doc.to_geodataframe()
    assert len(gdf) == len(doc.incidents)


@SETTINGS
@given(st.text(max_size=2000))
def test_total_over_any_text(text):
    check_document(text, geoparse(text, published="2020-04-30"))


def _splice(rng: random.Random, s: str) -> str:
    out = []
    for ch in s:
        out.append(ch)
        if rng.random() < 0.3:
            out.append(rng.choice(INVISIBLE))
    return "".join(out)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SENTENCES), st.sampled_from(PLACES), st.sampled_from(PLACES),
                          st.integers(0, 99)), min_size=1, max_size=8),
       st.integers(0, 2**32 - 1), st.booleans())
def test_invisible_characters_inside_names(parts, seed, html):
    rng = random.Random(seed)
    pieces = [s.format(p=_splice(rng, p), q=q, n=n) for s, p, q, n in parts]
    if html:
        pieces = [f"<p class=\"x\">{x}</p><script>var a = '<b>Kirkuk</b>';</script>" for x in pieces]
    text = "\n".join(pieces)
    check_document(text, geoparse(text, published=date(2020, 4, 30)))


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u200c", "\u00ad", "\u200f"])
def test_invisible_characters_do_not_hide_a_place(mark):
    text = f"ISIS militants killed two soldiers in Kir{mark}kuk province on Wednesday."
    doc = geoparse(text, published="2020-04-30")
    check_document(text, doc)
    [p] = doc.places
    assert p.text == f"Kir{mark}kuk province" and p.resolution.admin1_code == "IQG13"
    [inc] = doc.incidents
    assert inc.fatalities.best == 2 and inc.location.precision == Precision.ADM1


def test_rtl_marks_around_arabic_names():
    text = "\u200fانفجار في \u202bالموصل\u202c اليوم\u200f. A bomb exploded in \u2067Mosul\u2069 today."
    doc = geoparse(text, published="2020-04-30")
    check_document(text, doc)
    assert any(p.resolution.admin1_code == "IQG15" for p in doc.places)


def test_html_markup_is_never_a_mention():
    text = ("<html><head><title>Kirkuk</title><style>.Mosul{color:red}</style></head><body>"
            "<a href='https://example.com/Sinjar'>link</a><!-- Hawija -->"
            "<p>ISIS militants killed two soldiers in Tikrit on Wednesday.</p></body></html>")
    doc = geoparse(text, published="2020-04-30")
    check_document(text, doc)
    assert [p.text for p in doc.places] == ["Kirkuk", "Tikrit"]  # title text is text; tags are not
    [inc] = doc.incidents
    assert inc.place_text == "Tikrit"


@pytest.mark.slow
def test_one_megabyte_report():
    rng = random.Random(5)
    chunks = []
    size = 0
    while size < 1_000_000:
        s, p, q = rng.choice(SENTENCES), rng.choice(PLACES), rng.choice(PLACES)
        line = s.format(p=p, q=q, n=rng.randint(1, 20)) + " " + "Filler words about the weather. " * 3
        chunks.append(line)
        size += len(line)
    text = "\n".join(chunks)
    doc = geoparse(text, published="2020-04-30")
    check_document(text, doc)
    # Repeated events (same type, place and dates) are merged into one incident.
    assert len(doc.places) > 1000 and len(doc.incidents) >= 20


@pytest.mark.parametrize("bad", [None, 12, b"Kirkuk", ["Kirkuk"]])
def test_non_text_raises_input_error(bad):
    with pytest.raises(InputError) as e:
        geoparse(bad)  # type: ignore[arg-type]
    assert e.value.field == "text"


@pytest.mark.parametrize("published", ["yesterday", "2020-13-45", 3.5, object()])
def test_bad_published_raises_input_error(published):
    with pytest.raises(InputError) as e:
        geoparse("ISIS attacked Kirkuk.", published=published)
    assert e.value.field == "published"


@given(st.text(max_size=40))
@settings(max_examples=40, deadline=None)
def test_published_strings_either_parse_or_raise_input_error(s):
    try:
        doc = geoparse("A bomb exploded in Mosul on Monday.", published=s)
    except InputError as e:
        assert e.field == "published"
    else:
        assert doc.published is not None


def test_empty_and_whitespace():
    for text in ("", " ", "\n\n\t", "\u200b\u200f"):
        doc = geoparse(text)
        assert doc.places == () and doc.incidents == ()

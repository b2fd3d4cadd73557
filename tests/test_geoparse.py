"""Tests of geoincidents.geoparse on the real bundled gazetteer.

The main fixture is the project's own example report (examples/seed_report.txt, written in our
own words with the facts of the Rudaw report of 2020-04-30). Expected values come from the
report's facts and from the bundled data tables (places, landmarks, admin polygons), never
from the geoparser itself.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import shapely

from geoincidents import Gazetteer, load_table
from geoincidents._textdates import find_dates, parse_quantity
from geoincidents.cli import main
from geoincidents.errors import InputError
from geoincidents.gazetteer import RESOLVE_JSON_KEYS
from geoincidents.geoparse import Document, geoparse
from geoincidents.precision import Precision

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "seed_report.txt"
SEED_DIR = REPO.parent / "shared" / "seed"
PUBLISHED = date(2020, 4, 30)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def places():
    return load_table("places")


@pytest.fixture(scope="module")
def adm1():
    return load_table("adm1").set_index("adm1_code")


def place_point(places, name: str, adm2_name: str):
    """A town's point straight from the bundled places table."""
    rows = places[(places["names"].str.contains(name, regex=False, na=False) | (places["name"] == name))
                  & (places["adm2_name"] == adm2_name)]
    assert len(rows), f"{name} in {adm2_name} not in the places table"
    rows = rows.sort_values("population", ascending=False, na_position="last")
    return float(rows.iloc[0]["lat"]), float(rows.iloc[0]["lon"])


def by_type(doc: Document, event_type: str):
    return [i for i in doc.incidents if i.event_type == event_type]


def check_seed_incidents(doc: Document, adm1, places) -> None:
    """The incidents of the 2020-04-30 report, whatever its wording."""
    # 1. The coalition airstrike in the Hamrin Mountains of Salah al-Din, on Wednesday 29 April.
    [air] = by_type(doc, "airstrike")
    assert (air.date_start, air.date_end, air.date_precision) == (date(2020, 4, 29), date(2020, 4, 29), "day")
    assert air.location.source == "landmark:lm-hamrin-mountains"
    assert air.location.precision == Precision.LINEAR
    assert air.location.admin1_code == "IQG16"
    saladin = adm1.loc["IQG16"].geometry
    assert air.location.geometry.geom_type in ("LineString", "MultiLineString")
    assert shapely.buffer(saladin, 1e-6).covers(air.location.geometry)  # clipped to Saladin
    # "at least 5 to 10": best is the low end, the project rule of incidents.parse_casualties.
    assert (air.fatalities.low, air.fatalities.best, air.fatalities.high) == (5, 5, 10)
    assert "ISIS" in air.actors and any("Coalition" in a for a in air.actors)

    # 2. The federal police officer killed at a checkpoint in Hawija town, Kirkuk, 12 April.
    [cp] = by_type(doc, "attack on checkpoint")
    assert (cp.date_start, cp.date_precision) == (date(2020, 4, 12), "day")
    assert cp.location.precision == Precision.LOCALITY
    assert cp.location.admin1_code == "IQG13"
    lat, lon = place_point(places, "Al Hawijah", "Al-Hawiga")
    assert km(cp.location.lat, cp.location.lon, lat, lon) < 1.0
    assert (cp.fatalities.low, cp.fatalities.best, cp.fatalities.high) == (1, 1, 1)
    assert "Iraqi Federal Police" in cp.actors
    assert "Hawija" in cp.place_text

    # 3. Five soldiers killed, three wounded, in Diyala and Kirkuk provinces in recent weeks.
    [clash] = by_type(doc, "armed clash")
    assert clash.location.precision == Precision.ADM1
    assert set(clash.location.admin1_code.split("|")) == {"IQG10", "IQG13"}
    both = shapely.union_all([adm1.loc["IQG10"].geometry, adm1.loc["IQG13"].geometry])
    assert abs(clash.location.geometry.area - both.area) < 1e-6
    assert (clash.fatalities.low, clash.fatalities.best, clash.fatalities.high) == (5, 5, 5)
    assert (clash.injured.low, clash.injured.best, clash.injured.high) == (3, 3, 3)
    assert clash.date_end == PUBLISHED and clash.date_precision == "range"
    assert (PUBLISHED - clash.date_start).days >= 14

    # 4. ISIS holdouts in the Qarachogh range overlooking Makhmour.
    presence = by_type(doc, "armed group presence")
    qara = [i for i in presence if i.location.source == "landmark:lm-qarachogh"]
    assert len(qara) == 1
    assert qara[0].location.precision == Precision.LINEAR
    assert any("Mexmur" in n or "Makhmour" in n for n in qara[0].notes)

    # Nothing else is an incident; no incident sits in a comparison or a whole country.
    assert {i.event_type for i in doc.incidents} <= {
        "airstrike", "attack on checkpoint", "armed clash", "armed group presence"}
    for inc in doc.incidents:
        assert inc.location.precision not in (Precision.COUNTRY, Precision.UNKNOWN)

    # Makhmour: the text says Nineveh, OCHA 2019 says Erbil; the gazetteer wins, with a note.
    [mak] = [p for p in doc.places if p.text == "Makhmour"]
    assert mak.resolution.admin1_code == "IQG11"
    assert any("Nin" in n and "Erbil" in n for n in mak.notes)
    # Great Britain is a comparison, not a place of the event; demonyms are not places.
    gb = [p for p in doc.places if p.text == "Great Britain"]
    assert gb and gb[0].role == "comparison"
    assert not any(p.text in ("Kurdish", "Iraqi", "Kurdistani") for p in doc.places)
    for p in doc.places:
        assert doc.text[p.start:p.end] == p.text



def _incident_rows(text: str, published) -> list[tuple]:
    """(type, place text, most killed, most injured) of each incident the parser finds."""
    return [(i.event_type, i.place_text, i.fatalities.high, i.injured.high)
            for i in geoparse(text, published=published).incidents]


def _ranges_by_place(text: str, published) -> dict[str, tuple]:
    """Place text -> ((killed low, high), (injured low, high)) of each incident the parser finds."""
    return {i.place_text: ((i.fatalities.low, i.fatalities.high), (i.injured.low, i.injured.high))
            for i in geoparse(text, published=published).incidents}

def test_example_report(adm1, places):
    doc = geoparse(EXAMPLE.read_text(encoding="utf-8"), published="2020-04-30")
    check_seed_incidents(doc, adm1, places)


def test_example_report_reads_its_own_dateline(adm1, places):
    doc = geoparse(EXAMPLE.read_text(encoding="utf-8"))
    assert doc.published == PUBLISHED
    check_seed_incidents(doc, adm1, places)


@pytest.mark.skipif(not SEED_DIR.is_dir() or not list(SEED_DIR.glob("*.txt")),
                    reason="the shared seed report is not present")
def test_real_seed_report(adm1, places):
    for path in sorted(SEED_DIR.glob("*.txt")):
        doc = geoparse(path.read_text(encoding="utf-8"), published="2020-04-30")
        check_seed_incidents(doc, adm1, places)


def test_json_output_carries_the_resolve_keys():
    doc = geoparse(EXAMPLE.read_text(encoding="utf-8"), published="2020-04-30")
    d = json.loads(json.dumps(doc.to_dict()))
    assert set(d) >= {"places", "incidents"}
    assert len(d["places"]) == len(doc.places) and len(d["incidents"]) == len(doc.incidents)
    for p in d["places"]:
        assert set(RESOLVE_JSON_KEYS) <= set(p)
        assert {"mention", "start", "end", "role"} <= set(p)
    for i in d["incidents"]:
        assert set(RESOLVE_JSON_KEYS) <= set(i["location"])
        assert i["date_start"] is None or date.fromisoformat(i["date_start"])


def test_geodataframe_matches_incident_schema_and_joins():
    from geoincidents.incidents import INCIDENT_COLUMNS
    from geoincidents.join import attribute

    doc = geoparse(EXAMPLE.read_text(encoding="utf-8"), published="2020-04-30")
    gdf = doc.to_geodataframe()
    assert list(gdf.columns) == list(INCIDENT_COLUMNS)
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == len(doc.incidents)
    out = attribute(gdf, progress=False)
    row = out[out["event_type"] == "attack on checkpoint"].iloc[0]
    assert row["adm1_code"] == "IQG13" and row["adm2_code"] == "IQG13Q01"


# --------------------------------------------------------------------------- more reports
# Short reports written for these tests in the styles of Rudaw, Kurdistan24, Shafaq News and
# AP. Expected places are named by the admin unit they lie in (OCHA 2019) or by a town point
# taken from the bundled places table.

REPORTS = [
    # id, published, country hint, text, expected
    ("ied-road", "2021-03-10", "IQ",
     "Two Iraqi soldiers were killed and four others wounded on Sunday when a roadside bomb hit "
     "their patrol on the road between Tikrit and Baiji, a security source told Rudaw.",
     dict(type="IED/explosion", date=("2021-03-07", "2021-03-07"), adm1="IQG16", prec="linear",
          fat=(2, 2, 2), inj=(4, 4, 4))),
    ("mortar-village", "2022-06-15", "IQ",
     "Suspected ISIS militants fired three mortar rounds at the village of Kilabat in Kifri "
     "district on Tuesday night, wounding a farmer, local officials told Kurdistan24.",
     dict(type="shelling", date=("2022-06-14", "2022-06-14"), adm1="IQG10", adm2="Kifri",
          prec="locality", inj=(1, 1, 1), near=("Kilabat", "Kifri"))),
    ("kidnap-district", "2021-11-02", "IQ",
     "Gunmen abducted two shepherds in Daquq district, south of Kirkuk, on Sunday, a local "
     "source told Shafaq News.",
     dict(type="kidnapping", date=("2021-10-31", "2021-10-31"), adm1="IQG13", adm2="Daquq",
          prec="adm2")),
    ("border-clash", "2019-03-05", "IQ",
     "Iraqi troops clashed with Islamic State fighters trying to cross from Syria near the "
     "border town of Al-Qaim on Monday, killing four militants, Iraqi officials said.",
     dict(type="armed clash", date=("2019-03-04", "2019-03-04"), adm1="IQG01", prec="near",
          fat=(4, 4, 4))),
    ("tuz-variant", "2020-09-20", "IQ",
     "A bomb exploded in a crowded market in Tooz Khormato on Saturday, wounding six civilians, "
     "police said.",
     dict(type="IED/explosion", date=("2020-09-19", "2020-09-19"), adm1="IQG16", prec="locality",
          inj=(6, 6, 6), near=("Tuz Khurmatu", "Tooz Khurmato"))),
    ("khanaqin-variant", "2021-05-04", "IQ",
     "Unknown gunmen shot dead a police officer in Khanaqeen, in northeastern Diyala, "
     "yesterday, a security source said.",
     dict(type=("armed clash", "killing"), date=("2021-05-03", "2021-05-03"), adm1="IQG10",
          prec="locality", fat=(1, 1, 1), near=("Khanaqin", "Khanaqin"))),
    ("arabic-script", "2021-01-09", "IQ",
     "Security forces arrested five ISIS suspects in al-Tarmiyah (الطارمية), north of Baghdad, "
     "on Thursday.",
     dict(type="arrest", date=("2021-01-07", "2021-01-07"), adm1="IQG08", prec="locality")),
    ("drone-sinjar", "2021-08-17", "IQ",
     "A Turkish drone strike on a clinic in Sinjar district killed eight people on Tuesday, "
     "local Yazidi officials said.",
     dict(type="drone strike", date=("2021-08-17", "2021-08-17"), adm1="IQG15", adm2="Sinjar",
          prec="adm2", fat=(8, 8, 8), actor="Turkish military")),
    ("syria-hajin", "2019-01-25", "SY",
     "SDF fighters clashed with ISIS militants in the town of Hajin in Deir ez-Zor province last "
     "week, leaving at least 12 dead.",
     dict(type="armed clash", date=("2019-01-14", "2019-01-20"), adm1="SY09", prec="locality",
          fat=(12, 12, None), actor="SDF")),
    ("suicide-baghdad", "2021-01-21", "IQ",
     "Two suicide bombers blew themselves up in a busy market in central Baghdad on Thursday, "
     "killing at least 32 people and wounding 110 others, the health ministry said.",
     dict(type="suicide bombing", date=("2021-01-21", "2021-01-21"), adm1="IQG08",
          prec="locality", fat=(32, 32, None), inj=(110, 110, 110))),
    ("offset-kirkuk", "2020-07-08", "IQ",
     "An IED targeted an army vehicle about 20 km south of Kirkuk on Monday, injuring two "
     "soldiers.",
     dict(type="IED/explosion", date=("2020-07-06", "2020-07-06"), adm1="IQG13", prec="near",
          inj=(2, 2, 2))),
    ("kidnap-makhmour", "2020-06-01", "IQ",
     "ISIS militants kidnapped a farmer from the village of Hasan Bilbas near Makhmour last week "
     "and demanded a ransom from his family.",
     dict(type="kidnapping", date=("2020-05-25", "2020-05-31"), adm1="IQG11", adm2="Makhmour",
          prec="locality", near=("Hasan Bilbas", "Makhmour"))),
    ("province-level", "2021-04-05", "IQ",
     "Militants attacked a Hashd al-Shaabi post in Nineveh province on Friday, killing two "
     "fighters.",
     dict(type="armed clash", date=("2021-04-02", "2021-04-02"), adm1="IQG15", prec="adm1",
          fat=(2, 2, 2), actor="Popular Mobilization Forces")),
    ("unknown-village-in-district", "2021-06-10", "IQ",
     "An explosion targeted a Peshmerga vehicle near the village of Zarqawiyat Khor in Makhmour "
     "district late on Tuesday, killing one fighter and injuring two others, the Ministry of "
     "Peshmerga Affairs said.",
     dict(type="IED/explosion", date=("2021-06-08", "2021-06-08"), adm1="IQG11", adm2="Makhmour",
          prec="adm2", fat=(1, 1, 1), inj=(2, 2, 2), actor="Peshmerga")),
    ("syria-possessive", "2019-09-20", "SY",
     "Clashes between the SDF and regime forces in Deir ez-Zor's al-Busayrah left six dead on "
     "Wednesday, a war monitor said.",
     dict(type="armed clash", date=("2019-09-18", "2019-09-18"), adm1="SY09", prec="locality",
          fat=(6, 6, 6))),
    ("south-of-town", "2020-05-03", "IQ",
     "ISIS militants launched a coordinated attack on PMF positions south of Samarra on "
     "Saturday, killing 10 fighters.",
     dict(type="armed clash", date=("2020-05-02", "2020-05-02"), adm1="IQG16", prec="near",
          fat=(10, 10, 10))),
    ("rockets-airport", "2021-02-15", "IQ",
     "Rockets struck Erbil International Airport on Monday night, killing a civilian contractor "
     "and wounding nine others.",
     dict(type="shelling", date=("2021-02-15", "2021-02-15"), adm1="IQG11", prec="exact",
          fat=(1, 1, 1), inj=(9, 9, 9))),
    ("district-of-province", "2020-04-14", "IQ",
     "Two soldiers were killed and five others wounded in an ISIS attack in the Khanaqin "
     "district of Diyala province on Sunday.",
     dict(type="armed clash", date=("2020-04-12", "2020-04-12"), adm1="IQG10", adm2="Khanaqin",
          prec="adm2", fat=(2, 2, 2), inj=(5, 5, 5))),
    ("figures-in-next-sentence", "2020-04-14", "IQ",
     "A roadside bomb went off in Tarmiyah on Sunday. Two soldiers were killed and three were "
     "wounded.",
     dict(type="IED/explosion", date=("2020-04-12", "2020-04-12"), adm1="IQG08", prec="locality",
          fat=(2, 2, 2), inj=(3, 3, 3))),
    ("neighbourhood-of-city", "2020-04-14", "IQ",
     "Unknown gunmen on a motorcycle opened fire on a police patrol in the Dora neighbourhood of "
     "southern Baghdad on Friday, wounding an officer.",
     dict(type="armed clash", date=("2020-04-10", "2020-04-10"), adm1="IQG08", prec="locality",
          inj=(1, 1, 1))),
]


@pytest.mark.parametrize("rid,published,hint,text,exp", REPORTS, ids=[r[0] for r in REPORTS])
def test_short_reports(rid, published, hint, text, exp, places, adm2_code):
    doc = geoparse(text, published=published, country_hint=hint)
    assert len(doc.incidents) == 1, [i.to_dict() for i in doc.incidents]
    inc = doc.incidents[0]
    types = exp["type"] if isinstance(exp["type"], tuple) else (exp["type"],)
    assert inc.event_type in types
    assert (inc.date_start.isoformat(), inc.date_end.isoformat()) == exp["date"]
    assert str(inc.location.precision) == exp["prec"]
    codes = (inc.location.admin1_code or "").split("|")
    assert exp["adm1"] in codes
    if "adm2" in exp:
        assert inc.location.admin2_code == adm2_code[exp["adm2"]]
    for key, q in (("fat", inc.fatalities), ("inj", inc.injured)):
        if key in exp:
            assert (q.low, q.best, q.high) == exp[key]
        else:
            assert (q.low, q.best, q.high) == (None, None, None)
    if "near" in exp:
        lat, lon = place_point(places, *exp["near"])
        assert km(inc.location.lat, inc.location.lon, lat, lon) < 10
    if "actor" in exp:
        assert exp["actor"] in inc.actors
    for p in doc.places:
        assert text[p.start:p.end] == p.text


def test_reference_place_picks_the_nearby_namesake(places):
    text = ("Suspected ISIS militants set fire to wheat fields in the village of Kharabah near "
            "Sharqat on Saturday night, farmers said.")
    doc = geoparse(text, published="2021-03-02")
    [inc] = doc.incidents
    assert inc.event_type == "arson" and inc.date_start == date(2021, 2, 27)
    lat, lon = place_point(places, "Ash Sharqat", "Al-Shirqat")
    assert km(inc.location.lat, inc.location.lon, lat, lon) < 40


def test_road_near_a_town_is_the_stretch_by_the_town(places):
    text = "An IED exploded on the Baghdad-Kirkuk road near Tuz Khurmatu on Monday morning."
    doc = geoparse(text, published="2021-03-02")
    [inc] = doc.incidents
    assert inc.location.source == "landmark:lm-road-baghdad-kirkuk"
    assert inc.location.precision == Precision.LINEAR
    lat, lon = place_point(places, "Tuz Khurmatu", "Tooz Khurmato")
    assert shapely.Point(lon, lat).distance(inc.location.geometry) < 0.3
    assert shapely.Point(lon, lat).hausdorff_distance(inc.location.geometry) < 0.3
    assert inc.location.admin1_code == "IQG16"


def test_offset_is_twenty_km_south_of_kirkuk(places):
    doc = geoparse(REPORTS[10][3], published=REPORTS[10][1])
    lat, lon = place_point(places, "Kirkuk", "Kirkuk")
    inc = doc.incidents[0]
    assert 15 < km(inc.location.lat, inc.location.lon, lat, lon) < 25
    assert inc.location.lat < lat


def test_road_between_two_towns_is_a_line_through_both(places):
    doc = geoparse(REPORTS[0][3], published=REPORTS[0][1])
    line = doc.incidents[0].location.geometry
    assert line.geom_type == "LineString"
    for name, district in (("Tikrit", "Tikrit"), ("Bayji", "Beygee")):
        lat, lon = place_point(places, name, district)
        assert shapely.Point(lon, lat).distance(line) < 0.1


def test_arabic_script_mentions_are_found():
    text = "انفجار عبوة ناسفة في الموصل أدى إلى مقتل شخصين."
    doc = geoparse(text, published="2020-10-10")
    [p] = [p for p in doc.places if p.text == "الموصل"]
    assert p.resolution.admin1_code == "IQG15" and p.resolution.precision == Precision.LOCALITY


def test_common_words_are_not_places():
    text = ("The hit came as the convoy passed the door of the base. As police arrived, a bear "
            "was seen. Forces from Hit later joined the search.")
    doc = geoparse(text, published="2021-05-05")
    found = [(p.text, p.start) for p in doc.places]
    assert found == [("Hit", text.index("Hit later"))]
    assert doc.places[0].resolution.admin1_code == "IQG01"  # Hit, Anbar


def test_person_and_organisation_names_are_not_places():
    text = ("Maj. Gen. Eric Hill said Saddam Hussein's old palace was empty. Najah al-Shammari "
            "visited the Kurdistan Region.")
    doc = geoparse(text, published="2021-05-05")
    texts = [p.text for p in doc.places]
    assert "Hill" not in texts and "Saddam" not in texts and "Shammari" not in texts
    assert "Kurdistan Region" in texts


def test_western_kirkuk_alone_narrows_the_governorate(adm1):
    text = "Militants attacked an army post in western Kirkuk on Friday, killing three soldiers."
    doc = geoparse(text, published="2021-04-05")
    [inc] = doc.incidents
    kirkuk = adm1.loc["IQG13"].geometry
    assert inc.location.precision == Precision.AREA
    assert inc.location.geometry.area < 0.75 * kirkuk.area
    assert inc.location.geometry.centroid.x < kirkuk.centroid.x
    assert (inc.fatalities.low, inc.fatalities.best, inc.fatalities.high) == (3, 3, 3)


def test_unresolvable_mention_keeps_the_rest():
    text = ("Gunmen killed two farmers in the village of Xyzzaqistan near Kirkuk on Monday. "
            "Another attack hit Baiji.")
    doc = geoparse(text, published="2021-05-05")
    unknown = [p for p in doc.places if p.text == "Xyzzaqistan"]
    assert unknown and unknown[0].resolution.status == "unresolved"
    assert any(p.text == "Kirkuk" and p.resolution.ok for p in doc.places)
    assert any(p.text == "Baiji" and p.resolution.ok for p in doc.places)
    [inc] = doc.incidents
    assert inc.location.precision == Precision.NEAR


def test_headline_and_lead_are_one_event():
    text = ("Coalition jets strike ISIS hideouts in Hamrin Mountains\n\n"
            "Coalition aircraft struck ISIS caves in the Hamrin Mountains on Tuesday, killing "
            "seven militants.")
    doc = geoparse(text, published="2020-05-07")
    [inc] = doc.incidents
    assert inc.event_type == "airstrike" and inc.date_start == date(2020, 5, 5)
    assert inc.fatalities.best == 7


def test_custom_gazetteer_is_used():
    gaz = Gazetteer.default().copy()
    gaz.add("Qaryat Zumzum", lat=35.5, lon=44.1, aliases=["Zumzum"])
    doc = geoparse("An IED exploded in Zumzum on Monday, wounding two people.",
                   published="2021-05-05", gazetteer=gaz)
    [p] = doc.places
    assert p.resolution.ok and p.resolution.source.startswith("user")
    assert abs(p.resolution.lat - 35.5) < 1e-6
    assert doc.incidents[0].injured.best == 2


def test_places_added_after_first_use_are_found():
    gaz = Gazetteer.default().copy()
    text = "An IED exploded in Zumzumabad on Monday, wounding two people."
    before = geoparse(text, published="2021-05-05", gazetteer=gaz)
    assert not any(p.resolution.ok for p in before.places)
    gaz.add("Zumzumabad", lat=35.4, lon=44.2)
    [p] = geoparse(text, published="2021-05-05", gazetteer=gaz).places
    assert p.resolution.ok and abs(p.resolution.lon - 44.2) < 1e-6


def test_documented_errors():
    with pytest.raises(InputError):
        geoparse(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        geoparse("text", published="not a date")
    with pytest.raises(InputError):
        geoparse("text", country_hint="Iraq")
    with pytest.raises(InputError):
        geoparse("text", gazetteer=object())
    # Checked before any typed code runs, so that a mypyc-compiled build raises the same errors.
    with pytest.raises(InputError):
        geoparse("text", country_hint=7)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="source"):
        geoparse("text", source=float("nan"))  # type: ignore[arg-type]


def test_no_publication_date_leaves_relative_dates_unknown():
    doc = geoparse("A roadside bomb exploded in Tikrit on Wednesday, killing two soldiers.")
    [inc] = doc.incidents
    assert inc.date_start is None and inc.date_precision == "unknown"
    assert inc.fatalities.best == 2


# --------------------------------------------------------------------------- dates and counts


@pytest.mark.parametrize("phrase,start,end,prec", [
    ("on Wednesday", "2020-04-29", "2020-04-29", "day"),
    ("on Thursday", "2020-04-30", "2020-04-30", "day"),
    ("last Thursday", "2020-04-23", "2020-04-23", "day"),
    ("yesterday", "2020-04-29", "2020-04-29", "day"),
    ("on April 12", "2020-04-12", "2020-04-12", "day"),
    ("on 3 May", "2019-05-03", "2019-05-03", "day"),
    ("earlier in April", "2020-04-01", "2020-04-29", "month"),
    ("last week", "2020-04-20", "2020-04-26", "week"),
    ("last month", "2020-03-01", "2020-03-31", "month"),
    ("in December 2017", "2017-12-01", "2017-12-31", "month"),
    ("in 2018 and 2019", "2018-01-01", "2019-12-31", "range"),
    ("three days ago", "2020-04-27", "2020-04-27", "day"),
    ("on the 4th of this month", "2020-04-04", "2020-04-04", "day"),
    ("on the 28th of last month", "2020-03-28", "2020-03-28", "day"),
    ("on the 2nd of the previous month", "2020-03-02", "2020-03-02", "day"),
    ("the night before last", "2020-04-28", "2020-04-28", "day"),
    ("in the past 24 hours", "2020-04-29", "2020-04-30", "range"),
    ("over the last 48 hours", "2020-04-28", "2020-04-30", "range"),
])
def test_dates_relative_to_publication(phrase, start, end, prec):
    [d] = find_dates(f"It happened {phrase}.", PUBLISHED)
    assert (d.start.isoformat(), d.end.isoformat(), d.precision) == (start, end, prec)


def test_every_weekday_is_a_habit_not_a_date():
    # "a shepherd who prayed with us every Friday" was shot on the night the sentence names.
    [d] = find_dates("On Tuesday night, a shepherd who prayed with us every Friday was shot dead.", PUBLISHED)
    assert d.text == "On Tuesday night"
    assert find_dates("Each Monday the market is closed.", PUBLISHED) == []


def test_recent_weeks_is_a_range_ending_at_publication():
    [d] = find_dates("Attacks rose in recent weeks.", PUBLISHED)
    assert d.end == PUBLISHED and d.precision == "range" and 14 <= (d.end - d.start).days <= 31


@pytest.mark.parametrize("phrase,expected", [
    ("five", (5, 5, 5)), ("at least 5 to 10", (5, 5, 10)), ("an", (1, 1, 1)),
    ("three more", (3, 3, 3)), ("at least 32", (32, 32, None)), ("up to 7", (0, None, 7)),
    ("twenty-one", (21, 21, 21)), ("dozens of", (24, 24, None)), ("two or three", (2, 2, 3)),
])
def test_quantities(phrase, expected):
    q = parse_quantity(phrase)
    assert (q.low, q.best, q.high) == expected


# The project's casualty rule, as documented by incidents.parse_casualties: numbers are n/n/n,
# ranges keep both ends with best = the low end, lower bounds have no high, "dozens" is 24+.
# A qualified range ("at least 5 to 10") is still the range; "three more" counts three.
RULE = [
    ("5 to 10", (5, 5, 10)), ("at least 5 to 10", (5, 5, 10)), ("five", (5, 5, 5)),
    ("at least five", (5, 5, None)), ("dozens", (24, 24, None)), ("three more", (3, 3, 3)),
]


@pytest.mark.parametrize("phrase,expected", RULE, ids=[r[0] for r in RULE])
def test_quantities_follow_the_incidents_casualty_rule(phrase, expected):
    from geoincidents._textdates import canonical_quantity
    from geoincidents.incidents import parse_casualties

    q = parse_quantity(phrase)
    assert (q.low, q.best, q.high) == expected
    # Both modules agree: the incidents module reads geoparse's reading of the phrase the same
    # way, and reads the phrase itself the same way whenever its grammar covers it.
    assert parse_casualties(canonical_quantity(phrase)) == expected
    try:
        direct = parse_casualties(phrase)
    except InputError:
        direct = None  # prose-only wording ("three more"): the incidents grammar does not read it
    assert direct in (None, expected)


@pytest.mark.parametrize("phrase,expected", RULE, ids=[r[0] for r in RULE])
def test_casualty_rule_in_a_sentence(phrase, expected):
    text = f"ISIS militants killed {phrase} soldiers in Tikrit on Monday, officials said."
    [inc] = geoparse(text, published="2021-03-10").incidents
    assert (inc.fatalities.low, inc.fatalities.best, inc.fatalities.high) == expected


# --------------------------------------------------------------------------- command line


def test_cli_json(capsys):
    rc = main(["geoparse", str(EXAMPLE), "--published", "2020-04-30", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert {i["event_type"] for i in out["incidents"]} >= {"airstrike", "attack on checkpoint"}
    assert all(set(RESOLVE_JSON_KEYS) <= set(p) for p in out["places"])


def test_cli_bad_date_is_one_line_error(capsys):
    rc = main(["geoparse", str(EXAMPLE), "--published", "30/04/2020x"])
    assert rc == 2
    assert "published" in capsys.readouterr().err


def test_cli_map_offline(tmp_path, capsys):
    out = tmp_path / "seed.html"
    rc = main(["geoparse", str(EXAMPLE), "--published", "2020-04-30", "--map", str(out), "--offline"])
    assert rc == 0 and out.is_file()
    html = out.read_text(encoding="utf-8")
    assert "attack on checkpoint" in html and "airstrike" in html
    assert "5 incidents" in capsys.readouterr().err


def test_optional_spacy_hook_adds_unknown_places(monkeypatch):
    """With ner=True, GPE/LOC entities of an installed spaCy model become extra mentions."""
    import sys
    import types

    text = "Gunmen killed two farmers in Frobnitzabad on Monday, near Kirkuk."
    start = text.index("Frobnitzabad")

    class Ent:
        label_ = "GPE"
        start_char, end_char = start, start + len("Frobnitzabad")

    fake = types.ModuleType("spacy")
    fake.load = lambda name: (lambda t: types.SimpleNamespace(ents=[Ent()]))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "spacy", fake)
    doc = geoparse(text, published="2021-05-05", ner=True)
    [p] = [p for p in doc.places if p.text == "Frobnitzabad"]
    assert p.resolution.status == "unresolved" and p.resolution.method.startswith("spacy:GPE")
    assert any(q.text == "Kirkuk" for q in doc.places)
    plain = geoparse(text, published="2021-05-05")
    assert not any(q.text == "Frobnitzabad" for q in plain.places)


def test_cues_are_read_whatever_the_case():
    """Event words, casualty figures and dates are matched case-insensitively (on the lower-cased
    sentence); the texts handed back keep the report's own capitals."""
    lower = geoparse("Gunmen killed five soldiers in Hawija on Monday.", published="2021-04-30")
    upper = geoparse("GUNMEN KILLED FIVE SOLDIERS IN Hawija ON MONDAY.", published="2021-04-30")
    a, b = lower.incidents[0], upper.incidents[0]
    assert (b.event_type, b.fatalities, b.date_start) == (a.event_type, a.fatalities, a.date_start)
    assert b.fatalities.best == 5 and b.date_start == date(2021, 4, 26)
    # The weekday labels the date after it: one expression, that date.
    assert [(d.text, d.start) for d in find_dates("Killed ON MONDAY, 12 APRIL 2021.", date(2021, 4, 30))] == \
        [("ON MONDAY, 12 APRIL 2021", date(2021, 4, 12))]


def test_list_items_are_sentences_of_their_own():
    """A round-up written as a list: each item is its own sentence, so each reports its own
    event, place and date."""
    doc = geoparse("Security round-up\n\n- Diyala: Mortar shells fell on Abu Saida, no casualties.\n"
                   "- Salahaddin: Gunmen kidnapped three shepherds near Tuz Khurmatu on Saturday.\n"
                   "- Anbar: An IED wounded two soldiers west of Rutba on Friday.", published="2021-04-20")
    got = [(i.event_type, i.location.admin1_name, i.date_start) for i in doc.incidents]
    assert got == [("shelling", "Diyala", date(2021, 4, 13)), ("kidnapping", "Salah Al-Din", date(2021, 4, 17)),
                   ("IED/explosion", "Al-Anbar", date(2021, 4, 16))]
    assert doc.incidents[2].injured.best == 2 and doc.incidents[1].location.name == "Ţūz Khūrmātū"


def test_two_events_in_one_sentence_and_a_place_inside_a_fronted_province():
    """"In Nineveh, an IED killed a civilian in Tal Afar on Thursday, while in Anbar ...": two
    incidents, each at its own place (Tal Afar, not the province named first), the second
    sharing the sentence's date."""
    doc = geoparse("In Nineveh, an IED killed a civilian in Tal Afar on Thursday, while in Anbar two soldiers "
                   "died when militants attacked an army post west of Rutba.", published="2021-04-20")
    a, b = doc.incidents
    assert (a.event_type, a.location.admin2_name, a.location.precision, a.fatalities.best) == \
        ("IED/explosion", "Telafar", "locality", 1)
    assert (b.location.name, b.location.admin1_name, b.fatalities.best) == ("Ar Ruţbah", "Al-Anbar", 2)
    assert a.date_start == b.date_start == date(2021, 4, 15)
    assert a.sentence == b.sentence  # both keep the whole sentence as their source


def test_a_clause_without_a_place_stays_with_its_sentence():
    doc = geoparse("Two soldiers were killed in an attack near Tarmiyah; the Islamic State claimed it.",
                   published="2021-04-20")
    assert len(doc.incidents) == 1
    assert doc.incidents[0].fatalities.best == 2 and "ISIS" in doc.incidents[0].actors


def test_an_event_without_a_place_takes_the_next_sentences_place():
    doc = geoparse("Two Peshmerga fighters were wounded on Sunday in an ISIS attack in the Garmiyan "
                   "administration, the Ministry of Peshmerga said. The attack took place near Kalar.",
                   published="2021-04-20")
    (inc,) = doc.incidents
    assert inc.location.status == "resolved" and inc.location.admin2_name == "Kalar"
    assert inc.injured.best == 2 and "place from the next sentence" in inc.notes
    # A next sentence in another paragraph is another story.
    doc = geoparse("Two Peshmerga fighters were wounded on Sunday in an ISIS attack.\n\nKalar is quiet.",
                   published="2021-04-20")
    assert doc.incidents[0].location.status == "unresolved"


def test_victims_named_by_their_unit_and_attacks_on_their_positions():
    doc = geoparse("Three members of the Popular Mobilization Forces were killed and two wounded in an attack by "
                   "ISIS militants on their position in the Tarmiyah district north of Baghdad late on Saturday.",
                   published="2021-04-20")
    (inc,) = doc.incidents
    assert (inc.fatalities.best, inc.injured.best) == (3, 2)
    assert (inc.event_type, inc.sub_event_type) == ("armed clash", "attack on security forces")
    assert inc.date_start == date(2021, 4, 17) and inc.location.admin1_name == "Baghdad"
    doc = geoparse("Peshmerga forces repelled an ISIS attack in the Khanaqin area of Diyala province on Tuesday "
                   "night, killing two attackers.", published="2021-04-20")
    (inc,) = doc.incidents
    assert inc.event_type == "armed clash" and inc.fatalities.best == 2
    assert inc.location.admin2_name == "Khanaqin"


def test_a_dateline_is_not_the_event_place_when_the_sentence_names_another():
    doc = geoparse("KIRKUK: ISIS kills two shepherds near Daquq\n\nPolice said the bodies were found on Monday.",
                   published="2021-04-20")
    assert doc.incidents[0].location.admin2_name == "Daquq"
    assert [p.role for p in doc.places if p.text == "KIRKUK"] == ["context"]
    # With no other place, the dateline stays the best reading.
    doc = geoparse("KIRKUK: ISIS kills two shepherds", published="2021-04-20")
    assert doc.incidents[0].location.name == "Kirkuk"


def test_near_a_place_far_from_the_gazetteers_reading_is_near_that_place():
    doc = geoparse("Russian warplanes struck ISIS positions in the Badia desert near Palmyra on Friday, killing "
                   "at least 12 militants.", published="2021-04-20")
    (inc,) = doc.incidents
    assert inc.location.country == "SY" and inc.location.precision == "near"
    assert inc.location.name == "near Tadmur" and any("km from Tadmur" in n for n in inc.notes)


def test_pattern_scan_around_generic_words_finds_what_a_full_scan_finds():
    """The "the village of X" / "X province" patterns run only around their generic words; on
    random mixes of names, generic words, articles, hyphens and line breaks that gives exactly
    the matches of a scan of the whole text."""
    import random

    from geoincidents import geoparse as gp

    rng = random.Random(7)
    words = ["the", "village", "of", "Al", "al-", "Hawija", "Qara-Tepe", "district", "province", "Kirkuk", "town",
             "Ash", "Shirqat", "mountains", "Hamrin", "camp", "valley", "El", "Foo'bar", "sub-district", "\n",
             "Mosul's", "region", "area", "Deir", "ez-Zor", "Iraqi", "governorate", "hamlet", "neighbourhood"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", " ", "-", "\n", "  ", ", "]) for _ in range(rng.randint(1, 25)))
        for pat, key_re, back in zip(gp._PATTERN_RES, gp._PATTERN_KEY_RES, (False, True)):
            full = [m.span() + m.span("n") for m in pat.finditer(text)]
            assert [m.span() + m.span("n") for m in gp._pattern_matches(text, pat, key_re, back)] == full, text


def test_an_unknown_part_of_a_city_is_located_in_the_city():
    doc = geoparse("A child was killed by a stray bullet in the Hay al-Amil neighborhood of Baghdad on Friday.",
                   published="2021-04-20")
    (inc,) = doc.incidents
    assert inc.location.name == "Baghdad" and inc.fatalities.best == 1
    assert inc.date_start == date(2021, 4, 16)


def test_a_day_after_and_a_day_earlier():
    doc = geoparse("Security forces launched an operation in southwestern Kirkuk on Wednesday, a day after militants "
                   "killed four members of the Popular Mobilization Forces near the village of Tal al-Ward.",
                   published="2021-04-21")
    (inc,) = doc.incidents
    assert inc.date_start == inc.date_end == date(2021, 4, 20) and inc.fatalities.best == 4
    doc = geoparse("Gunmen killed a shepherd near Hawija on Sunday. A day earlier, an IED wounded two policemen "
                   "in Riyadh.", published="2021-04-21")
    assert [i.date_start for i in doc.incidents] == [date(2021, 4, 18), date(2021, 4, 17)]


def test_a_wire_dateline_gives_neither_the_date_nor_the_place_when_the_text_does():
    doc = geoparse("BAGHDAD, April 21 (Reuters) - Militants killed two soldiers near Tarmiyah on Tuesday.",
                   published="2021-04-21")
    (inc,) = doc.incidents
    assert inc.location.name == "Aţ Ţārmīyah" and inc.date_start == date(2021, 4, 20)
    doc = geoparse("BAGHDAD, April 21 (Reuters) - Militants killed two soldiers on Tuesday.", published="2021-04-21")
    (inc,) = doc.incidents
    assert inc.location.name == "Baghdad" and any("dateline" in n for n in inc.notes)


def test_more_ways_of_reporting_casualties():
    cases = [
        ("A car bomb claimed the lives of three civilians in Tuz Khurmatu on Monday.", 3, None),
        ("Two policemen sustained injuries when a sticky bomb went off under their car in Kirkuk city on Thursday.",
         None, 2),
        ("The death toll from Thursday's twin suicide bombing in Baghdad's Tayaran Square rose to 32, with 110 "
         "wounded, the health ministry said.", 32, 110),
    ]
    for text, dead, hurt in cases:
        (inc,) = geoparse(text, published="2021-04-20").incidents
        assert (inc.fatalities.best, inc.injured.best) == (dead, hurt), text
        assert inc.location.status == "resolved" and inc.date_precision == "day"


WEEKLY = """Security in Iraq, April 1-7, 2021

There were 22 incidents reported in Iraq during the first week of April. Diyala had the most with 8.

On April 1, an IED hit a PMF vehicle in Jalawla wounding two. The next day, a mortar round landed in the Abu \
Saida district but caused no casualties. On April 3, gunmen shot dead a mukhtar in the Khanaqin district.

Salahaddin had three incidents. On April 6, two shepherds were kidnapped in the Mutaibija area, and an IED \
wounded a soldier outside of Tuz Khurmatu."""


def test_a_weekly_summary_without_a_publication_date():
    """The heading's period gives the year; "The next day" counts from the event before; a new
    subject after ", and" is a second event."""
    doc = geoparse(WEEKLY)
    assert doc.published == date(2021, 4, 7) and any("April 1-7, 2021" in n for n in doc.notes)
    got = [(i.event_type, i.date_start, i.location.admin1_name) for i in doc.incidents]
    assert got == [("IED/explosion", date(2021, 4, 1), "Diyala"), ("shelling", date(2021, 4, 2), "Diyala"),
                   ("killing", date(2021, 4, 3), "Diyala"), ("kidnapping", date(2021, 4, 6), "Salah Al-Din"),
                   ("IED/explosion", date(2021, 4, 6), "Salah Al-Din")]
    assert doc.incidents[2].fatalities.best == 1 and doc.incidents[4].injured.best == 1
    assert doc.incidents[4].location.admin2_name == "Tooz Khurmato"


def test_figures_that_are_not_ranges_and_one_more_victim():
    # "Kurdistan 24 - An Iraqi soldier ...": an outlet's name and a dash are not a range of 1 to 24.
    (inc,) = geoparse("Kurdistan 24 - An Iraqi soldier was killed in an ISIS attack in the Makhmour district on "
                      "Tuesday night, the Iraqi military said.", published="2021-04-20").incidents
    assert (inc.fatalities.low, inc.fatalities.best, inc.fatalities.high) == (1, 1, 1)
    # "... was killed and another injured"; a unit in brackets after the victims.
    (inc,) = geoparse("A member of the Popular Mobilization Forces (PMF) was killed and another injured in an ISIS "
                      "attack in Diyala, a security source said on Sunday.", published="2021-04-20").incidents
    assert (inc.fatalities.best, inc.injured.best) == (1, 1)
    assert parse_quantity("two-three") == parse_quantity("two to three")
    assert parse_quantity("twenty-three").best == 23
    # Peshmerga soldiers are not the Iraqi army.
    (inc,) = geoparse("Two Peshmerga soldiers were killed in an ISIS attack near Kalar on Thursday.",
                      published="2021-04-20").incidents
    assert "Iraqi Army" not in inc.actors and "Peshmerga" in inc.actors


def test_near_a_country_is_not_a_reference_point():
    (inc,) = geoparse("Turkish warplanes bombed PKK positions in the Qandil mountains near the Iraq-Iran border on "
                      "Sunday.", published="2021-04-20").incidents
    assert inc.location.name == "Qandil Mountains" and inc.event_type == "airstrike"


def test_two_events_joined_by_and_rockets_on_an_airport_and_a_drone_attack():
    doc = geoparse("Two civilians were killed in Mosul and three soldiers were wounded in Tal Afar on Saturday.",
                   published="2021-04-20")
    got = [(i.location.admin2_name, i.fatalities.best, i.injured.best, i.date_start) for i in doc.incidents]
    assert got == [("Al-Mosul", 2, None, date(2021, 4, 17)), ("Telafar", None, 3, date(2021, 4, 17))]
    (inc,) = geoparse("Three Katyusha rockets hit the vicinity of Baghdad airport late on Tuesday, causing no "
                      "casualties.", published="2021-04-21").incidents
    assert inc.event_type == "shelling" and inc.location.admin1_name == "Baghdad"
    (inc,) = geoparse("An explosive-laden drone attacked Erbil International Airport on Wednesday night.",
                      published="2021-04-20").incidents
    assert inc.event_type == "drone strike" and inc.location.name == "Erbil International Airport"


def test_executions_drone_kills_and_unexploded_rounds():
    (inc,) = geoparse("ISIS militants executed a shepherd they had abducted last week near the village of Tal "
                      "al-Dhahab in the Hamrin mountains, local sources said on Monday.", published="2021-04-20").incidents
    assert inc.event_type == "killing" and inc.fatalities.best == 1  # the abduction is background
    (inc,) = geoparse("Turkish drones killed two PKK members in a strike on a vehicle in the Makhmour refugee camp on "
                      "Thursday.", published="2021-04-20").incidents
    assert inc.event_type == "drone strike" and inc.fatalities.best == 2
    (inc,) = geoparse("Three children were injured when an unexploded mortar round went off near their home south of "
                      "Mosul.", published="2021-04-20").incidents
    assert inc.event_type == "IED/explosion" and inc.injured.best == 3


def test_zero_casualties_and_a_relative_of_the_victim_count():
    text = ("On Thursday, two rockets landed in an orchard near Khanaqin, the district mayor said. Nobody was hurt.\n\n"
            "On Friday, a landmine exploded under a tractor near Tuz Khurmatu, killing a farmer and his young nephew.\n\n"
            "On Saturday, militants torched a wheat field near Dibis. No casualties were reported.")
    ranges = _ranges_by_place(text, date(2022, 6, 12))
    assert ranges["Khanaqin"][1] == (0, 0)
    assert ranges["Tuz Khurmatu"][0] == (2, 2)
    assert ranges["Dibis"][0][1] == ranges["Dibis"][1][1] == 0


def test_victims_told_only_as_kin_are_counted():
    # A house raid told from the family's side: each "his/her <relative>" after the verb is a victim.
    text = ("On Sunday, a bomb planted at the gate of a farmhouse near Dibis went off, wounding his mother and "
            "his nephew, a relative said.\n\n"
            "On Monday, gunmen broke into a house in Hawija, killing her husband and injuring her son, her "
            "daughter and her elderly father.\n\n"
            # "two of his children" are two victims, "his wife" one more
            "On Tuesday, a bomb left at the door of a police officer's house in Ghammas went off at dawn, wounding "
            "his wife and two of his children.\n\n"
            "On Wednesday, gunmen killed a farmer near Daquq, injuring three of his sons.")
    ranges = _ranges_by_place(text, date(2022, 6, 16))
    assert ranges["Dibis"][1] == (2, 2) and ranges["Dibis"][0][1] in (None, 0)
    assert ranges["Hawija"] == ((1, 1), (3, 3))
    assert ranges["Ghammas"][1] == (3, 3)
    assert ranges["Daquq"] == ((1, 1), (3, 3))


def test_victims_joined_by_and_before_one_verb_are_added():
    text = ("On Monday, militants attacked a convoy near Tuz Khurmatu. Three soldiers and two civilians were killed.\n\n"
            "On Tuesday, mortar rounds fell on a school in Dujail. The school guard and two pupils were wounded.\n\n"
            "On Wednesday, a bomb went off outside a house in Hawija. A woman and her two children were wounded.\n\n"
            "On Thursday, gunmen attacked a checkpoint near Daquq. The attackers and two soldiers were killed.")
    ranges = _ranges_by_place(text, date(2022, 6, 17))
    assert ranges["Tuz Khurmatu"][0] == (5, 5)
    assert ranges["Dujail"][1] == (3, 3)
    assert ranges["Hawija"][1] == (3, 3)
    assert ranges["Daquq"][0] == (2, 2)  # how many attackers is not said


def test_the_wounded_after_and_and_the_reporting_officer_are_not_the_victims():
    text = ("Gunmen broke into a house in a village near Baiji on Tuesday night, killing three and wounding two "
            "members of one family, a police officer told reporters.\n\n"
            "A soldier was killed and four others were wounded on Sunday when militants attacked their post near "
            "Hawija, a security source said.")
    incs = geoparse(text, published=date(2021, 4, 8)).incidents
    assert len(incs) == 2
    family, post = incs
    assert (family.event_type, family.sub_event_type) == ("killing", None)
    assert (family.fatalities.high, family.injured.high) == (3, 2)
    assert post.place_text.endswith("Hawija") and post.event_type == "armed clash"
    assert (post.fatalities.high, post.injured.high) == (1, 4)


def test_headings_and_events_named_again_are_not_new_incidents():
    text = ("Kirkuk: two shepherds abducted near Dibis; roadside bomb hits army patrol\n\n"
            "KIRKUK - Gunmen abducted two shepherds on Monday from grazing land near Dibis, a local official said.\n\n"
            "On Tuesday, a roadside bomb struck an army patrol on the road south of Hawija, wounding three soldiers.\n\n"
            "The kidnapping near Dibis is the third this year, residents said.\n\n"
            "Key points:\n"
            "* A roadside bomb wounded three soldiers near Hawija.\n")
    doc = geoparse(text, published=date(2022, 3, 10))
    kinds = sorted((i.event_type, i.date_start.isoformat()) for i in doc.incidents)
    assert kinds == [("IED/explosion", "2022-03-08"), ("kidnapping", "2022-03-07")]
    ied = next(i for i in doc.incidents if i.event_type == "IED/explosion")
    assert ied.injured.high == 3 and ied.place_text.endswith("Hawija")


def test_towns_with_a_one_consonant_skeleton_accusations_and_habits():
    text = ("Near Rawah, Anbar province, on March 2: Iraqi forces raided a hideout and detained two suspects.\n\n"
            "On Sunday, police arrested a man in Koya accused of extorting money from farmers.\n\n"
            "Inside al-Hol camp, a man was found stabbed to death on Monday, camp officials said.\n\n"
            '"Every month there is a killing or a kidnapping," a trader from Anah said. Militants have in past '
            "years burned crops near Rawah.")
    doc = geoparse(text, published=date(2023, 3, 8), country_hint=None)
    got = [(i.event_type, i.location.name, i.date_start.isoformat()) for i in doc.incidents]
    assert got == [("arrest", "Rāwah", "2023-03-02"), ("arrest", "Koysinceq", "2023-03-05"),
                   ("killing", "Al-Hol camp", "2023-03-06")]
    assert doc.incidents[0].location.precision == Precision.NEAR
    assert doc.incidents[2].fatalities.high == 1
    # The trader's town is still a place of the text, not an incident location.
    anah = [p for p in doc.places if p.text == "Anah"]
    assert anah and anah[0].resolution.status == "resolved" and anah[0].role != "incident"


def test_the_part_of_a_month():
    pub = date(2021, 4, 8)
    (late_last,) = find_dates("Late last month, jets struck a hideout.", pub)
    assert (late_last.start, late_last.end) == (date(2021, 3, 20), date(2021, 3, 31))
    (early_last,) = find_dates("in early last month", pub)
    assert (early_last.start, early_last.end) == (date(2021, 3, 1), date(2021, 3, 10))
    # Late April has not come yet on 8 April: the April of the year before.
    (late_april,) = find_dates("in late April", pub)
    assert (late_april.start, late_april.end) == (date(2020, 4, 20), date(2020, 4, 30))


def test_a_place_named_again_keeps_the_reading_its_context_gave():
    text = ("MOSUL - A drone strike killed two fighters near Sinune, north of Mount Sinjar, on Monday, a local "
            "official said.\n\nThe drone hit their car on the road into Sinune shortly after noon.")
    doc = geoparse(text, published=date(2023, 5, 10))
    sinune = [p for p in doc.places if p.text == "Sinune"]
    assert len(sinune) == 2
    # Sinuni in Sinjar district (Ninewa), not Sinah in Duhok: the mountain says which.
    assert {p.resolution.admin1_name for p in sinune} == {"Ninewa"}
    assert len(doc.incidents) == 1 and doc.incidents[0].location.admin2_name == "Sinjar"
    assert doc.incidents[0].fatalities.high == 2


def test_a_victim_named_by_a_pronoun():
    doc = geoparse("On Monday, gunmen took a shepherd from his flock near Tarmiyah and shot him dead.",
                   published=date(2021, 6, 2))
    (inc,) = doc.incidents
    assert inc.event_type == "killing" and inc.fatalities.low == inc.fatalities.high == 1


def test_a_short_town_listed_with_another_and_the_upper_reaches_of_a_wadi():
    doc = geoparse("On Friday, a roadside bomb wounded five soldiers on the road between Tarmiyah and Taji.",
                   published=date(2022, 2, 15))
    (inc,) = doc.incidents
    assert inc.location.precision == Precision.LINEAR and inc.location.geometry.geom_type == "LineString"
    assert "ārmīyah" in inc.location.name and "Tājī" in inc.location.name
    doc = geoparse("A helicopter struck militants in the upper reaches of Wadi Hauran, northeast of Rutba, on "
                   "Sunday, killing three.", published=date(2022, 2, 15))
    (inc,) = doc.incidents
    assert inc.location.name == "Wadi Hauran" and inc.location.precision == Precision.LINEAR


def test_statistics_tables_history_weapons_and_hospitals_are_not_events():
    text = ("Summary: two soldiers were killed near Hawija and an IED wounded a farmer near Dibis.\n\n"
            "On Monday, militants attacked an army post near Hawija, killing two soldiers. The wounded were "
            "taken to the hospital in Kirkuk.\n\n"
            "On Tuesday, police arrested four men in Dibis and seized rifles and two rocket launchers.\n\n"
            "In March 2021, an artillery attack near Zakho killed nine visitors.\n\n"
            "In April the monitor recorded 12 incidents in which 9 civilians were killed, a sharp decrease "
            "compared with March.\n\n"
            "Date | Governorate | Location | Killed | Injured\n"
            "3 May | Kirkuk | Hawija | 2 | 0\n")
    doc = geoparse(text, published=date(2022, 5, 12))
    got = [(i.event_type, i.place_text, i.date_start.isoformat()) for i in doc.incidents]
    assert got == [("armed clash", "Hawija", "2022-05-09"), ("arrest", "Dibis", "2022-05-10")]
    kirkuk = [p for p in doc.places if p.text == "Kirkuk"]
    assert kirkuk and all(p.role != "incident" for p in kirkuk)


def test_victims_named_without_a_number_and_figures_of_a_new_event():
    text = ("On Saturday, a sticky bomb exploded under a car in Tikrit, wounding the driver.\n\n"
            "On Sunday, gunmen shot dead the mukhtar and his brother in a village near Hawija.\n\n"
            "Five people, including two women, were killed on Monday when a gun battle broke out in Qurna.\n\n"
            "On Tuesday, army helicopters struck a cave near Baiji, killing an unspecified number of militants.\n\n"
            "On Wednesday, police arrested two men in Tuz Khurmatu.\n\n"
            "An IED went off under a truck on the road out of town, killing two and injuring a third.")
    doc = geoparse(text, published=date(2022, 11, 25))
    incs = doc.incidents
    figures = [(i.event_type, i.fatalities.high, i.injured.high) for i in incs]
    assert figures == [("IED/explosion", None, 1), ("killing", 2, None), ("armed clash", 5, None),
                       ("airstrike", None, None), ("arrest", None, None), ("IED/explosion", 2, 1)]
    # The last event has no place of its own: it is not folded into the arrest before it.
    assert incs[-1].location.status == "unresolved"


def test_a_town_placed_by_a_direction_from_another_and_coming_under_fire():
    doc = geoparse("A bomb planted at the gate of a house in the town of Karma, north-east of Fallujah, exploded on "
                   "Tuesday, killing the owner.", published=date(2023, 1, 19))
    (inc,) = doc.incidents
    assert inc.place_text == "Karma" and inc.location.admin1_code == "IQG01"
    doc = geoparse("On Friday a police unit came under fire while searching orchards in Wadi al-Shay, south of "
                   "Kirkuk. Two policemen were killed.", published=date(2021, 5, 9))
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, inc.fatalities.high) == ("armed clash", "Wadi al-Shay", 2)


def test_a_round_up_of_title_lines_keeps_every_line():
    text = ("Weekly security round-up\n\n"
            "Kirkuk: IED kills two soldiers near Hawija on Monday\n"
            "Diyala: gunmen kill a shepherd near Khanaqin on Tuesday\n"
            "Anbar: militants abduct three truffle hunters near Rutba on Wednesday\n")
    got = [(i.event_type, i.place_text) for i in geoparse(text, published="2022-03-12").incidents]
    assert got == [("IED/explosion", "Hawija"), ("killing", "Khanaqin"), ("kidnapping", "Rutba")]


def test_a_table_of_incidents_gives_one_incident_a_row_with_its_columns():
    text = ("Monthly summary\n\n"
            "In total, at least 9 people were killed and 4 injured in the governorate this month.\n\n"
            "Incidents (date | place | type | what happened | killed | injured)\n"
            "04 May | Tuz Khurmatu | IED | a roadside bomb hit a minibus on the outskirts of the town | 3 | 2\n"
            "11 May | Daquq | killing | gunmen shot dead a shepherd near Daquq | 1 | -\n"
            "19 May | Hawija | airstrike | aircraft struck a hideout in the hills near Hawija | 5+ | not known\n")
    doc = geoparse(text, published=date(2023, 6, 2))
    got = [(i.event_type, i.place_text, i.date_start.isoformat(), i.fatalities.low, i.fatalities.high,
            i.injured.high) for i in doc.incidents]
    assert got == [("IED/explosion", "Tuz Khurmatu", "2023-05-04", 3, 3, 2),
                   ("killing", "Daquq", "2023-05-11", 1, 1, None),
                   ("airstrike", "Hawija", "2023-05-19", 5, None, None)]


def test_a_range_of_days_and_no_named_victims():
    (d,) = find_dates("18-20 Oct", date(2023, 11, 3))
    assert (d.start, d.end, d.precision) == (date(2023, 10, 18), date(2023, 10, 20), "range")
    doc = geoparse("Near Rawah, Anbar province, on March 2: partner forces raided a safe house and detained two "
                   "suspects. No Coalition or partner force personnel were injured.", published=date(2023, 3, 8))
    (inc,) = doc.incidents
    assert inc.injured.low == inc.injured.high == 0


def test_the_same_day_a_family_of_five_and_a_units_home_city():
    text = ("On Tuesday, a mortar shell hit a house in Jalawla, killing a family of five.\n\n"
            "On the same day, a force from the Karbala Operations Command clashed with militants in the desert "
            "near Nukhayb, killing two of them.")
    first, second = geoparse(text, published=date(2023, 4, 22)).incidents
    assert first.fatalities.low == first.fatalities.high == 5 and first.date_start == date(2023, 4, 18)
    assert second.date_start == second.date_end == date(2023, 4, 18)
    assert second.place_text == "Nukhayb" and second.fatalities.high == 2


def test_patterns_over_years_a_spate_of_and_follow_ups_without_a_place():
    text = ("On Saturday, border guards clashed with smugglers near Rabia, killing one of them. The two wounded "
            "guards were taken to the hospital in Tal Afar.\n\n"
            "On Sunday, an IED hit a patrol near Baiji, killing two soldiers. The vehicle was on its way back "
            "from the river when the device went off.\n\n"
            "A spate of kidnappings in northern Salahuddin has unsettled farmers. In previous years, dozens "
            "have been killed in explosions around Rutba.")
    got = _incident_rows(text, published=date(2022, 12, 6))
    assert got == [("armed clash", "Rabia", 1, 2), ("IED/explosion", "Baiji", 2, None)]


def test_an_exact_spelling_beats_a_close_spelling_of_a_bigger_place():
    doc = geoparse("On Monday, a roadside bomb struck an army vehicle near Baghdadi, wounding two soldiers.",
                   published=date(2023, 5, 10))
    (inc,) = doc.incidents
    assert inc.location.admin1_code == "IQG01"  # al-Baghdadi, Anbar, not Baghdad


def test_a_road_named_by_its_two_towns_and_no_human_losses():
    doc = geoparse("On Sunday, a roadside bomb hit a police patrol on the Kirkuk-Dibis road, without causing any "
                   "human losses.", published=date(2023, 5, 10))
    (inc,) = doc.incidents
    assert inc.location.precision == Precision.LINEAR and inc.location.geometry.geom_type == "LineString"
    assert inc.fatalities.high == 0 and inc.injured.high == 0


def test_near_a_short_town_name_a_toll_update_and_contamination():
    text = ("On Thursday, an explosive device went off near Gwer as a patrol passed, killing one soldier.\n\n"
            "Villagers say old mines and unexploded shells still lie in the fields around Makhmour.\n\n"
            "By Saturday the death toll from the blast had risen to three.")
    doc = geoparse(text, published=date(2023, 6, 3))
    (inc,) = doc.incidents
    assert inc.place_text == "Gwer" and inc.event_type == "IED/explosion"
    assert inc.fatalities.high == 3  # the later toll replaces the first figure


def test_an_attack_on_a_checkpoint_without_casualties_and_an_arrest_the_police_were_able_to_make():
    text = ("On Friday, militants attacked an army checkpoint near Dibis with light weapons and fled.\n\n"
            "On Saturday, intelligence officers were able, after a long pursuit, to arrest a suspect in Hawija.")
    first, second = geoparse(text, published=date(2022, 3, 7)).incidents
    assert (first.event_type, first.place_text) == ("attack on checkpoint", "Dibis")
    assert (second.event_type, second.place_text) == ("arrest", "Hawija")
    assert not geoparse("On Monday, police were not able to arrest the gunmen in Hawija.",
                        published=date(2022, 3, 7)).incidents


def test_a_quarter_or_market_of_a_town_is_the_town_not_its_district():
    doc = geoparse("On Sunday, two men were wounded in a shooting in a residential district of Zubair.",
                   published=date(2023, 1, 10))
    (inc,) = doc.incidents
    assert inc.location.precision == Precision.NEAR or inc.location.precision == Precision.LOCALITY
    doc = geoparse("On Tuesday night, arsonists burned three shops in the market of Tal Afar, the main town of "
                   "Tal Afar district.", published=date(2023, 1, 10))
    (inc,) = doc.incidents
    assert inc.location.precision == Precision.LOCALITY and inc.place_text == "Tal Afar"


def test_a_village_in_another_transliteration_and_an_acronym_that_is_not_a_place():
    doc = geoparse("On 2 May, SDF fighters shelled farms east of Ain Issa, wounding two shepherds.",
                   published=date(2023, 5, 5), country_hint=None)
    (inc,) = doc.incidents
    assert inc.location.country == "SY" and inc.place_text == "Ain Issa"
    assert [p.text for p in doc.places] == ["Ain Issa"]


def test_a_chronology_dates_its_paragraphs_by_their_headings():
    text = ("Attacks in Kirkuk: a chronology\n\n"
            "Friday 3 March\n\n"
            "Gunmen attacked a police post near Dibis, wounding two policemen.\n\n"
            "Saturday, 4 March\n\n"
            "A roadside bomb hit a truck on the road near Hawija. The driver was wounded.\n\n"
            "Outlook\n\n"
            "Police arrested three suspects in Daquq.")
    incs = geoparse(text, published=date(2023, 3, 9)).incidents
    got = [(i.place_text, i.date_start, i.date_end) for i in incs]
    assert got[0] == ("Dibis", date(2023, 3, 3), date(2023, 3, 3))
    assert got[1] == ("Hawija", date(2023, 3, 4), date(2023, 3, 4)) and incs[1].injured.high == 1
    assert got[2][0] == "Daquq" and got[2][1:] == (date(2023, 3, 2), date(2023, 3, 9))  # no heading date
    assert len(incs) == 3


def test_victims_in_a_relative_clause_a_pronoun_and_a_neighbour_and_no_one_reported_hurt():
    text = ("On Sunday, doctors in Kirkuk treated four policemen who were injured when a bomb went off "
            "near a patrol in Dibis.\n\n"
            "On Monday, a grenade thrown at a shop owner's house in Daquq exploded, wounding him and his neighbour.\n\n"
            "On Tuesday, a mortar round landed in a field outside Hawija. No one was reported hurt.")
    got = _incident_rows(text, published=date(2023, 6, 8))
    assert got == [("IED/explosion", "Dibis", None, 4), ("IED/explosion", "Daquq", None, 2),
                   ("shelling", "Hawija", 0, 0)]


def test_a_body_found_is_a_killing_and_the_finders_are_not_the_victims():
    text = ("The body of a taxi driver kidnapped last week was found on Saturday in an orchard near Baquba.\n\n"
            "On Sunday, police found the bodies of three farmers near Muqdadiyah.")
    incs = geoparse(text, published=date(2023, 6, 8)).incidents
    got = [(i.event_type, i.sub_event_type, i.place_text, i.fatalities.high) for i in incs]
    assert got == [("killing", None, "Baquba", 1), ("killing", None, "Muqdadiyah", 3)]


def test_what_the_arrested_are_held_for_a_part_of_a_town_and_a_repeated_pattern():
    text = ("On Monday, police arrested three men in Hit accused of helping the cell that planted a roadside "
            "bomb on the Haditha road.\n\n"
            "On Tuesday, a car bomb went off near the gate of the vegetable market of Tal Afar, "
            "killing two people.\n\n"
            "Villages near Sinjar have been shelled repeatedly since last year, residents said on Wednesday.")
    got = _incident_rows(text, published=date(2023, 6, 8))
    assert got == [("arrest", "Hit", None, None), ("IED/explosion", "Tal Afar", 2, None)]


def test_a_log_entry_takes_its_date_and_location_fields():
    text = ("Incident log, week 14\n\n"
            "Entry 7\n"
            "Date: Monday 3 April 2023\n"
            "Location: farmland near Baiji, Salahaddin governorate\n"
            "Description: Three shepherds, aged 12, 15 and 19, were wounded when an old shell they found exploded.\n\n"
            "Entry 8\n"
            "Date: Wednesday 5 April 2023\n"
            "Location: Tuz Khurmatu\n"
            "Description: A trader was killed when his car hit a landmine.")
    incs = geoparse(text, published=date(2023, 4, 10)).incidents
    got = [(i.place_text, i.date_start, i.date_end, i.fatalities.high, i.injured.high) for i in incs]
    assert got == [("Baiji", date(2023, 4, 3), date(2023, 4, 3), None, 3),
                   ("Tuz Khurmatu", date(2023, 4, 5), date(2023, 4, 5), 1, None)]
    assert any("Location" in n for n in incs[0].notes)


def test_he_died_adds_a_death_to_the_event_told_just_before_and_opens_none():
    text = ("A roadside bomb hit the car of a mukhtar near Sharqat on Sunday. He died on the way to hospital.\n\n"
            "Residents said the town was quiet. He died, they said, because help came late.")
    got = _incident_rows(text, published=date(2023, 6, 8))
    assert got == [("IED/explosion", "Sharqat", 1, None)]


def test_the_deadliest_event_of_the_week_named_again_in_a_summary_is_one_event():
    text = ("Anbar\n\n"
            "On Tuesday, gunmen killed four members of a family in their home in Rutba.\n\n"
            "Summary\n\n"
            "The worst attack of the week was the killing of four relatives in Anbar, officials said on Friday.")
    got = _incident_rows(text, published=date(2023, 6, 9))
    assert got == [("killing", "Rutba", 4, None)]


def test_a_checkpoint_fired_on_is_an_attack_on_the_checkpoint():
    text = ("On Tuesday night, gunmen in a pickup fired on a joint army checkpoint near Tarmiyah, wounding two "
            "soldiers.\n\nOn Wednesday, unknown men shot at a police checkpoint in Hawija; nobody was hurt.")
    incs = geoparse(text, published=date(2023, 3, 10)).incidents
    assert [(i.place_text, i.event_type) for i in incs] == [("Tarmiyah", "attack on checkpoint"),
                                                            ("Hawija", "attack on checkpoint")]
    assert incs[0].injured.best == 2


def test_victims_from_a_place_and_a_drone_strike_at_a_checkpoint():
    text = ("On Friday, a bomb went off on a farm road outside Khalis, and three farmers from our village were "
            "wounded.\n\n"
            "On Saturday, a drone struck a car at a checkpoint near Sinjar, killing two fighters.")
    incs = geoparse(text, published=date(2023, 6, 8)).incidents
    got = [(i.event_type, i.sub_event_type, i.place_text, i.fatalities.high, i.injured.high) for i in incs]
    assert got == [("IED/explosion", None, "Khalis", None, 3),
                   ("drone strike", "attack on checkpoint", "Sinjar", 2, None)]


def test_the_ensuing_fight_takes_the_place_and_day_of_the_raid_before_it():
    text = ("On Monday night, police went to arrest a smuggler at a farm on the outskirts of Zakho. "
            "The man refused to come out. In the ensuing firefight he was killed and two policemen were "
            "slightly wounded.")
    incs = geoparse(text, published=date(2023, 6, 8)).incidents
    got = [(i.event_type, i.place_text, i.date_start, i.fatalities.high, i.injured.high) for i in incs]
    assert got == [("armed clash", "Zakho", date(2023, 6, 5), 1, 2)]
    assert any("sentence before" in n for n in incs[0].notes)


def test_a_toll_far_from_its_verb_and_the_wounded_still_being_treated():
    text = ("UPDATE 1-Toll from Baiji car bombing rises to nine\n\n"
            "BAGHDAD, May 3 - The death toll from a car bomb explosion near a busy fuel station on the main road in Baiji, "
            "north of Tikrit, on Tuesday has risen to nine, police said on Wednesday.\n\n"
            "Twelve people are still being treated for wounds from the explosion, a doctor said.")
    got = _incident_rows(text, published=date(2023, 5, 3))
    assert got == [("IED/explosion", "Baiji", 9, 12)]


def test_gunmen_who_took_a_farmer_kidnapped_him_and_taking_someone_to_hospital_is_no_event():
    text = ("On Sunday, gunmen in two cars took a farmer from his field near Khanaqin.\n\n"
            "On Monday, neighbours took a wounded man to the hospital in Baquba.\n\n"
            "Relatives said the kidnappers took the farmer towards the Hamrin hills.")
    got = _incident_rows(text, published=date(2023, 6, 8))
    assert got == [("kidnapping", "Khanaqin", None, None)]


def test_a_diary_counts_yesterday_from_the_day_its_heading_names():
    text = ("A week on the road: notes from Diyala\n\n"
            "Monday 6 March\n\n"
            "08:00. We reach the border town. A shopkeeper says gunmen killed a farmer outside Khanaqin yesterday.\n\n"
            "Tuesday 7 March\n\n"
            "10:30. In Jalawla, police say a roadside bomb wounded two soldiers on Sunday.")
    incs = geoparse(text, published=date(2023, 3, 13)).incidents
    got = [(i.place_text, i.date_start, i.date_end) for i in incs]
    # yesterday of Monday 6 March, and the Sunday before Tuesday 7 March (not before publication)
    assert got == [("Khanaqin", date(2023, 3, 5), date(2023, 3, 5)), ("Jalawla", date(2023, 3, 5), date(2023, 3, 5))]
    assert any("counted from the heading" in n for n in incs[0].notes)


def test_history_named_by_its_year_single_named_victims_and_grenades():
    text = ("On Monday, gunmen shot dead Karim, a shop owner, outside his home in Tuz Khurmatu. "
            "A man was killed and his brother wounded on Tuesday when a hand grenade was thrown into their "
            "yard in Daquq.\n\n"
            "Residents still remember the 2014 massacre at Amerli, in which hundreds were killed. Fighters "
            "fired rocket-propelled grenades during the siege of 2014 near Amerli.")
    got = _incident_rows(text, published=date(2023, 6, 8))
    assert got == [("killing", "Tuz Khurmatu", 1, None), ("IED/explosion", "Daquq", 1, 1)]


def test_an_arabic_month_name_is_not_a_village():
    doc = geoparse("يذكر أن مسلحين سيطروا على المدينة في تشرين الأول عام 2014.", published=date(2023, 12, 5))
    assert not doc.incidents and not [p for p in doc.places if "تشرين" in p.text]


def test_a_sub_district_name_alone_is_its_town_and_what_a_source_did_not_see():
    text = ("On Thursday, gunmen killed a shepherd near Hammam al-Alil. On Friday, police in Mosul arrested "
            "three suspects in the killing.\n\n"
            "Monitors did not record any drone strikes in Sinjar this week. Farmers in Zummar say the killing "
            "has frightened them.")
    incs = geoparse(text, published=date(2024, 2, 12)).incidents
    got = [(i.event_type, i.place_text, i.location.precision) for i in incs]
    assert got == [("killing", "Hammam al-Alil", Precision.NEAR), ("arrest", "Mosul", Precision.LOCALITY)]


def test_figures_as_nouns_an_exchange_of_fire_and_fires_set_deliberately():
    text = ("Early on Monday, gunmen carried out an attack on an army checkpoint near Taza. The attack resulted "
            "in the death of one soldier and the wounding of two others.\n\n"
            "On Tuesday, an exchange of fire broke out between two clans in Shatra.\n\n"
            "On Wednesday, a fire set deliberately destroyed barley fields near Dujail. Two houses were burnt "
            "in Balad on Thursday; no one was hurt.")
    got = _incident_rows(text, published=date(2023, 6, 9))
    assert got == [("attack on checkpoint", "Taza", 1, 2), ("armed clash", "Shatra", None, None),
                   ("arson", "Dujail", None, None), ("arson", "Balad", 0, 0)]


def test_a_bomb_near_a_checkpoint_and_a_date_from_the_sentence_before():
    text = ("Last Sunday, the war came back to the village. A roadside bomb went off near an army checkpoint "
            "outside Sharqat, wounding a soldier.")
    (inc,) = geoparse(text, published=date(2023, 6, 9)).incidents
    assert inc.event_type == "IED/explosion" and inc.date_start == inc.date_end == date(2023, 6, 4)


def test_one_more_victim_after_an_apposition_and_towns_that_were_captured():
    text = ("On Sunday, a drone struck a car near Tal Tamr, killing two fighters of the Syrian Democratic Forces "
            "and a civilian who was travelling with them. On Monday, a bomb killed the mukhtar, a retired "
            "teacher, and his son in Shaddadi.\n\n"
            "Tal Tamr and its bridge were captured by the SDF years ago.")
    incs = geoparse(text, published=date(2023, 9, 6), country_hint=None).incidents
    assert [(i.fatalities.high, i.event_type) for i in incs] == [(3, "drone strike"), (2, "IED/explosion")]


def test_an_event_retold_without_figures_days_apart_and_habits():
    text = ("Tonight in Kirkuk, families are mourning after a bomb tore through a market in the city.\n\n"
            "On Saturday, a car bomb exploded in a market in Kirkuk, killing seven people and wounding twenty.\n\n"
            "\"Every week there is a bomb or a kidnapping,\" said a trader from Daquq.")
    (inc,) = geoparse(text, published=date(2023, 10, 16)).incidents
    assert inc.date_start == date(2023, 10, 14) and inc.fatalities.high == 7 and inc.injured.high == 20


def test_follow_up_figures_tribal_fights_and_replaced_figures():
    text = ("Last Tuesday there was a tribal clash in Qurna. Two clans had argued for months over water. "
            "It began at a funeral and soon rifles were fired across the orchards. Two men were killed and "
            "four people were wounded.\n\n"
            "On Saturday night a tribal fight broke out in Shatra. No one was killed or wounded.\n\n"
            "On Monday a bomb killed three people in Hit. Police had earlier said five people were killed. "
            "Two of the bystanders were wounded.")
    got = _incident_rows(text, published=date(2024, 6, 10))
    assert got == [("armed clash", "Qurna", 2, 4), ("armed clash", "Shatra", 0, 0), ("IED/explosion", "Hit", 3, 2)]


def test_denials_appositions_and_unknown_quarters():
    text = ("On Tuesday, a mortar shell hit a house in Dujail, the farming town west of Balad, wounding two. "
            "The army said none of its posts had been attacked in Samarra.\n\n"
            "On Wednesday, gunmen shot dead a trader in the Wasiti quarter.")
    doc = geoparse(text, published=date(2024, 6, 10))
    assert [i.place_text for i in doc.incidents][:1] == ["Dujail"]
    assert all(i.location.admin1_code != "IQG18" for i in doc.incidents)  # not Wasit governorate
    assert not [i for i in doc.incidents if i.place_text == "Samarra"]


def test_a_number_of_victims_is_a_lower_bound_not_one():
    doc = geoparse("On Monday, a roadside bomb hit a bus near Baiji, killing a number of passengers.",
                   published=date(2023, 6, 9))
    (inc,) = doc.incidents
    assert (inc.fatalities.low, inc.fatalities.high) == (2, None)


def test_the_outskirts_of_a_town_do_not_make_it_a_region():
    text = ("Security report, Kirkuk and Salahaddin\n\nOn Saturday, gunmen attacked a police post on the outskirts "
            "of Taza Khurmatu. On Sunday, an IED hit a car in Tuz Khurmatu district.")
    first = geoparse(text, published=date(2024, 10, 8)).incidents[0]
    assert first.location.admin1_code == "IQG13" and first.location.name == "Tāzah Khūrmātū"  # Kirkuk, not Tuz


def test_the_edge_of_the_village_of_x_is_where_the_event_was():
    doc = geoparse("On Monday, artillery shells fell on the edge of the village of Barzan, the home of the Barzani "
                   "tribe in the Mergasur district.", published=date(2024, 1, 30))
    (inc,) = doc.incidents
    assert inc.place_text == "Barzan" and inc.location.precision == Precision.LOCALITY


def test_entry_headings_hospitals_accidents_and_background_in_the_past_perfect():
    text = ("Incident 1 - 4 March 2025 - Nineveh governorate\n"
            "A shepherd was killed when he stepped on a landmine near Qahtaniya.\n\n"
            "Incident 2 - 11 March 2025 - Kirkuk governorate\n"
            "Gunmen clashed with police in Hawija. Two men were killed, a medical source at the Kirkuk general "
            "hospital said.\n\n"
            "In Qaraqosh, a gas cylinder exploded in a house, but police say it was an accident. Explosive "
            "contamination remains a concern around Baiji. According to the charge sheet, the men had planted "
            "two explosive devices on the road to Riyadh.")
    incs = geoparse(text, published=date(2025, 4, 5)).incidents
    got = [(i.place_text, i.date_start, i.fatalities.high) for i in incs]
    assert got == [("Qahtaniya", date(2025, 3, 4), 1), ("Hawija", date(2025, 3, 11), 2)]


def test_dates_are_not_counts_and_last_night():
    doc = geoparse("In the evening of 08 April gunmen shot dead the owner of a shop in Salman Pak. A sticky bomb "
                   "exploded last night outside a house in Musayyib.", published=date(2025, 4, 10))
    first, second = doc.incidents
    assert first.fatalities.high == 1 and first.date_start == date(2025, 4, 8)
    assert second.date_start == date(2025, 4, 9)


def test_a_town_in_the_countryside_of_a_governorate_arabic():
    doc = geoparse("قُتل ثلاثة مدنيين يوم الخميس إثر انفجار لغم أرضي بسيارتهم في محيط بلدة معدان بريف الرقة الشرقي.",
                   published=date(2025, 4, 26), country_hint=None)
    (inc,) = doc.incidents
    assert inc.location.name == "Ma‘dān" and inc.fatalities.high == 3


def test_mines_roads_unharmed_hostages_and_history_in_passing():
    text = ("On 17 March, a truck was struck by an improvised explosive device on the road between Khalidiya and "
            "Habbaniyah. No one was injured.\n\n"
            "On 19 March, a tractor hit an anti-tank mine near Maskanah.\n\n"
            "On 20 March, gunmen abducted an aid worker near Saqlawiyah; he was released unharmed two days later.\n\n"
            "On 21 March, police arrested a man in Halabja. In the 1988 chemical attack some 5,000 people were killed.")
    incs = geoparse(text, published=date(2025, 3, 25), country_hint=None).incidents
    got = [(i.event_type, i.fatalities.high, i.injured.high) for i in incs]
    assert got == [("IED/explosion", 0, 0), ("IED/explosion", None, None), ("kidnapping", 0, 0), ("arrest", None, None)]
    assert incs[0].location.precision == Precision.LINEAR


def test_one_event_told_as_a_district_and_as_a_town_claims_and_a_correction():
    text = ("Our top story: a fight between two clans in the Hashimiya district has left two men dead.\n\n"
            "The clash broke out on Thursday in the town of Hashimiya, south-east of Hilla.\n\n"
            "A video was shared with a caption saying that \"a drone struck a convoy near Hilla, killing 12\". "
            "The PMF said none of its convoys had been attacked in Babil.")
    incs = geoparse(text, published=date(2025, 2, 14)).incidents
    assert [(i.event_type, i.place_text, i.fatalities.high) for i in incs] == [("armed clash", "Hashimiya", 2)]
    assert incs[0].date_start == date(2025, 2, 13)


def test_a_correction_names_the_place_and_the_story_the_event():
    text = ("Correction: the attack took place near Kifri, and two fighters were killed.\n\n"
            "Militants attacked a Peshmerga position near Kifri on Friday evening, killing two Peshmerga fighters.")
    (inc,) = geoparse(text, published=date(2025, 1, 13)).incidents
    assert inc.event_type == "armed clash" and inc.date_start == date(2025, 1, 10) and inc.fatalities.high == 2


def test_crawl_lines_corrections_grenades_in_clashes_and_where_attackers_went():
    text = ("Maysan: security forces arrest 3 suspects in Amara yesterday over last week's tribal fight that "
            "killed a young man\n\n"
            "Basra: farmers complain of salt water killing date palms near Fao\n\n"
            "Our article on 3 April (\"Police officer shot dead near Laylan\") misidentified the victim.\n\n"
            "On 13 September, a dispute between two families in Zafaraniya turned into an exchange of gunfire "
            "with rifles and a hand grenade, wounding three.\n\n"
            "On 7 October, an ISIS cell clashed with PMF fighters in orchards near Dujail. One PMF fighter was "
            "killed and another was wounded; the attackers withdrew towards the Tharthar area.\n\n"
            "Two days later, a drone struck a car outside Sidakan, killing the two men inside.")
    got = _incident_rows(text, published=date(2025, 10, 12))
    assert got == [("arrest", "Amara", None, None), ("armed clash", "Zafaraniya", None, 3),
                   ("armed clash", "Dujail", 1, 1), ("drone strike", "Sidakan", 2, None)]


def test_transliteration_variants_and_a_bearing_from_a_town_pick_the_place():
    # Shaddadi is the Hasakah town GeoNames spells "Shadadi"; a close spelling of another name
    # (the Iraqi village Al Shaddad, 600 km away) must not win on the country hint.
    one = geoparse("Gunmen killed two farmers in al-Shaddadi on Monday.", published=date(2024, 3, 9))
    assert (one.places[0].resolution.country, one.places[0].resolution.admin1_name) == ("SY", "Al-Hasakeh")
    # "south of Hasakah" reaches further than "near": the town lies about 55 km from the city.
    two = geoparse("A roadside bomb killed three soldiers near Shaddadi, south of Hasakah, on Monday.",
                   published=date(2024, 3, 9))
    inc = two.incidents[0]
    assert inc.place_text == "Shaddadi" and inc.location.admin1_name == "Al-Hasakeh"
    assert inc.location.geometry.distance(two.places[1].resolution.geometry) > 0.4  # degrees: beyond 40 km


def test_a_spelling_in_brackets_stands_where_the_name_before_it_stands():
    # "Snune" is not in the data; "Sinuni", the spelling in brackets, is (a Sinuni village of
    # Nineveh and one of Erbil share it), and it is where the car bomb went off.
    doc = geoparse("A car bomb exploded at the entrance of Snune (Sinuni) on Monday, killing two.",
                   published=date(2024, 3, 9))
    assert [p.text for p in doc.places] == ["Sinuni"]
    assert doc.places[0].role == "incident" and doc.incidents[0].place_text == "Sinuni"


def test_an_unknown_spelling_after_a_locative_word_is_read_by_the_gazetteer():
    # Neither spelling is one of the names index's: the gazetteer's transliteration-aware lookup
    # knows them (Yaychi west of Kirkuk city, Seyid Sadiq in Halabja district).
    one = geoparse("Gunmen killed a shepherd in Yayci (also spelt Yayji), west of Kirkuk, on Monday.",
                   published=date(2024, 3, 9))
    assert one.incidents[0].place_text == "Yayci"
    assert one.incidents[0].location.admin1_name == "Kirkuk"
    assert one.incidents[0].location.geometry.distance(one.places[1].resolution.geometry) < 0.2
    two = geoparse("Turkish drones struck a car near Saidsadiq on Monday, killing two.", published=date(2024, 3, 9))
    assert two.incidents[0].place_text == "Saidsadiq" and two.incidents[0].location.admin2_name == "Halabcha"
    # Capitals and other words after "in" that are not places of the region stay out.
    three = geoparse("Talks were held in Doha, in Amman, in Brussels, in Telegram and in Sorani on Monday.",
                     published=date(2024, 3, 9))
    assert not [p for p in three.places if p.resolution.country in ("IQ", "SY")]


def test_an_apposition_with_a_bearing_locates_a_common_name_by_its_reference():
    # Villages called Hurriyah lie in five governorates; "north of the Kadhimiya shrine" says it
    # is the Baghdad quarter, a few km from the shrine, not the best-ranked village elsewhere.
    doc = geoparse("A sticky bomb wounded two traders in Hurriya, a crowded quarter north of the Kadhimiya "
                   "shrine, on Sunday.", published=date(2025, 9, 18))
    hurriya = doc.places[0]
    assert hurriya.text == "Hurriya" and hurriya.resolution.admin1_name == "Baghdad"
    assert hurriya.resolution.geometry.distance(doc.places[1].resolution.geometry) < 0.1
    assert doc.incidents[0].place_text == "Hurriya"


def test_fake_checkpoints_replaced_tolls_comparisons_trackers_and_where_sources_sit():
    text = ("On Tuesday, armed men in army fatigues set up a fake checkpoint outside Kifri and abducted a "
            "shepherd.\n\n"
            "A truck bomb went off at the northern entrance of Hit on Wednesday, killing five policemen, "
            "officials said, raising an earlier toll of three dead.\n\n"
            "It was the worst attack in the province since January, when a bomb killed two farmers near Rawa.\n\n"
            "Our monitor documents attacks on farmers in Anbar province.\n\n"
            "Engineers cleared 20 items of unexploded ordnance from fields west of Fallujah on Thursday.\n\n"
            "On Thursday gunmen opened fire on an army patrol at the eastern gate of Baiji. One soldier was killed and another "
            "wounded, according to a security source in Tikrit.")
    got = _incident_rows(text, published=date(2024, 5, 10))
    assert got == [("kidnapping", "Kifri", None, None), ("IED/explosion", "Hit", 5, None),
                   ("armed clash", "Baiji", 1, 1)]


def test_victims_counted_with_where_they_were_before_the_verb():
    doc = geoparse("A drone hit a car on the road outside Chamchamal on Monday. Three men in the car were killed.",
                   published=date(2024, 7, 30))
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, inc.fatalities.low, inc.fatalities.high) == \
        ("drone strike", "Chamchamal", 3, 3)


def test_a_village_seen_from_above_or_hit_by_shells_is_the_event_place():
    # A minor village is only taken after a word that puts something there; "the orchards above
    # Sidakan" and "shells hit Sidakan" do.
    above = geoparse("On Tuesday Turkish shells fell on the orchards above Sidakan. No one was hurt.",
                     published=date(2025, 6, 30))
    (inc,) = above.incidents
    assert (inc.event_type, inc.place_text, inc.location.admin1_name, inc.fatalities.high) == \
        ("shelling", "Sidakan", "Erbil", 0)
    hit = geoparse("Shells hit Sidakan on Tuesday, wounding two.", published=date(2025, 6, 30))
    (inc,) = hit.incidents
    assert (inc.place_text, inc.injured.low) == ("Sidakan", 2)


def test_a_later_toll_updates_the_event_at_its_place_and_a_placeless_toll_the_last_event():
    text = ("June 4 - A roadside bomb struck a police vehicle on a rural road near Al-Riyadh, south-west of Kirkuk, "
            "killing one policeman and wounding two.\n\n"
            "June 12 - Gunmen shot dead a shepherd near Hawija.\n\n"
            "June 29 - One of the two policemen wounded in the June 4 bombing near Al-Riyadh died of his wounds in "
            "hospital, bringing the toll of that attack to two dead and one wounded.")
    got = [(i.place_text, i.fatalities.high, i.injured.high) for i in geoparse(text, published=date(2020, 6, 30)).incidents]
    assert got == [("Al-Riyadh", 2, 1), ("Hawija", 1, None)]
    placeless = geoparse("A car bomb killed three people in Baghdad on Monday. The death toll from the bombing has "
                         "risen to five, police said.", published=date(2020, 6, 30))
    (inc,) = placeless.incidents
    assert (inc.place_text, inc.fatalities.low, inc.fatalities.high) == ("Baghdad", 5, 5)


def test_a_city_named_for_its_police_is_not_where_they_acted():
    doc = geoparse("June 26 - Kirkuk police intelligence arrested a suspected ISIS financier in the town of Al-Zab, "
                   "north-west of Hawija.", published=date(2020, 6, 30))
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, inc.location.admin2_name) == ("arrest", "Al-Zab", "Al-Hawiga")
    patrol = geoparse("Gunmen attacked a Kirkuk police patrol near Hawija on Monday.", published=date(2020, 6, 30))
    assert [i.place_text for i in patrol.incidents] == ["Hawija"]


def test_risks_accidents_and_wounds_none_of_them_fatal():
    pub = date(2023, 12, 12)
    # An assessment of a risk is no event, and "kidnapping for ransom" is not an extortion.
    assert geoparse("We assess the risk of kidnapping for ransom between Rutba and the border as elevated.",
                    published=pub).incidents == ()
    (kidnap,) = geoparse("Gunmen kidnapped a trader for ransom in Kirkuk on Monday.", published=pub).incidents
    assert kidnap.event_type == "kidnapping"
    # Road and household accidents are not incidents; a bomb hidden in a gas cylinder is.
    for accident in ("Not security-related: on 27 April one of our drivers died when his truck overturned near "
                     "Fallujah after a brake failure.",
                     "On Friday we treated a family of four with burns after a gas cylinder exploded in their kitchen "
                     "in Sulaymaniyah."):
        assert geoparse(accident, published=pub).incidents == ()
    (bomb,) = geoparse("A gas cylinder rigged with explosives exploded in a market in Tuz Khurmatu on Monday, "
                       "killing two.", published=pub).incidents
    assert (bomb.event_type, bomb.fatalities.high) == ("IED/explosion", 2)
    # "three people were wounded, none of them fatally": nobody was killed.
    (clash,) = geoparse("Guards exchanged fire outside a wedding hall in Al-Mahawil on Monday; three people were "
                        "wounded, none of them fatally.", published=pub).incidents
    assert (clash.fatalities.high, clash.injured.low) == (0, 3)


def test_a_drone_told_in_the_passive_and_the_victims_counted_in_the_sentences_after():
    doc = geoparse("On Monday the clinic took in four men from a pick-up that had been struck by a drone on the road "
                   "near Penjwen. One of them was already dead. The other three were hurt, two of them badly.",
                   published=date(2024, 5, 10))
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, str(inc.date_start)) == ("drone strike", "Penjwen", "2024-05-06")
    assert (inc.fatalities.high, inc.injured.high) == (1, 3)


def test_a_mine_that_maimed_a_boy_told_after_the_scene_is_set():
    pub = date(2024, 5, 10)
    doc = geoparse("On Tuesday a shepherd boy was carried down from the hills outside Penjwen. He had trodden on an "
                   "old mine while following his flock and lost his right leg.", published=pub)
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, str(inc.date_start)) == ("IED/explosion", "Penjwen", "2024-05-07")
    assert (inc.fatalities.high, inc.injured.low, inc.injured.high) == (None, 1, 1)
    # Two wounded, "one of them lost a leg": still two.
    (bomb,) = geoparse("A roadside bomb hit a minibus near Khanaqin on Monday; the driver was killed and two "
                       "passengers were wounded, one of whom lost his leg.", published=pub).incidents
    assert (bomb.fatalities.high, bomb.injured.high) == (1, 2)
    # The same past perfect without a dated scene before it stays background.
    assert geoparse("Residents recalled that the men had planted explosive devices along the road to Khanaqin.",
                    published=pub).incidents == ()


def test_an_event_takes_the_place_of_the_scene_setting_sentence_before_it():
    pub = date(2022, 3, 2)
    doc = geoparse("21:40 - An argument over a parking space outside a bakery in Al-Suwaira got out of hand. A young "
                   "man was stabbed to death and his friend was wounded.", published=pub)
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text) == ("killing", "Al-Suwaira")
    # "Elsewhere" starts another story: the scene before is not its place.
    other = geoparse("Farmers gathered in Al-Suwaira to protest the water cuts. Elsewhere, a young man was stabbed "
                     "to death.", published=pub)
    assert [i.location.status for i in other.incidents] == ["unresolved"]


def test_fires_set_and_vehicles_set_on_fire_are_arson_and_a_fake_checkpoint_is_no_attack_on_one():
    pub = date(2023, 6, 30)
    (fire,) = geoparse("June 12 - Fires set by masked men burned about 80 dunams of barley near Tarmiyah.",
                       published=pub).incidents
    assert (fire.event_type, fire.place_text) == ("arson", "Tarmiyah")
    (cab,) = geoparse("On 20 June, thieves stopped a lorry near Baiji and set its trailer on fire. The driver escaped "
                      "unhurt.", published=pub).incidents
    assert (cab.event_type, cab.fatalities.high, cab.injured.high) == ("arson", 0, 0)
    (taken,) = geoparse("On 14 June two buses were halted at a fake checkpoint south of Samarra by gunmen, who drove "
                        "off with one of the drivers.", published=pub).incidents
    assert taken.event_type == "kidnapping"
    (killed,) = geoparse("Gunmen at a bogus checkpoint near Samarra killed two truck drivers on 15 June.",
                         published=pub).incidents
    assert killed.event_type == "killing"
    (seized,) = geoparse("On 16 June armed men seized a shop owner outside his store in Samarra and drove away.",
                         published=pub).incidents
    assert seized.event_type == "kidnapping"


def test_a_weekday_before_a_date_and_a_weekday_of_last_week_name_one_day():
    pub = date(2024, 1, 10)
    (inc,) = geoparse("On Tuesday 2 January, gunmen killed a farmer in Al-Qurna.", published=pub).incidents
    assert str(inc.date_start) == str(inc.date_end) == "2024-01-02"
    (clash,) = geoparse("The feud flared on Thursday of last week, when two clans exchanged fire near Al-Qurna.",
                        published=pub).incidents
    assert (str(clash.date_start), str(clash.date_end)) == ("2024-01-04", "2024-01-04")
    # "The following evening": the day after the event told before.
    doc = geoparse("On Friday 5 January, masked men torched a shop in Al-Qurna. The following evening, a grenade was "
                   "thrown at a house in Al-Midaina.", published=pub)
    assert [str(i.date_start) for i in doc.incidents] == ["2024-01-05", "2024-01-06"]


def test_shots_at_a_crew_with_no_one_killed_and_a_town_that_only_names_a_power_line():
    doc = geoparse("On Monday, gunmen opened fire on a repair crew working on the Kut-Badra 132 kV line near Jassan. "
                   "Nobody was killed; one guard was wounded and taken to Al-Zahraa Teaching Hospital in Kut.",
                   published=date(2024, 7, 10))
    (inc,) = doc.incidents
    assert (inc.event_type, inc.place_text, inc.fatalities.high, inc.injured.high) == ("armed clash", "Jassan", 0, 1)


def test_a_bomb_left_from_an_old_war_and_a_mine_stepped_on_are_todays_explosions():
    pub = date(2023, 6, 17)
    doc = geoparse("On Saturday 3 June, unknown men set fire to wheat fields outside Haditha. Three days later, a "
                   "tractor hit an explosive device, a leftover from the fighting of 2014-2017, in a field near "
                   "Rawa. The driver was killed.", published=pub)
    assert [(i.event_type, i.place_text, str(i.date_start)) for i in doc.incidents] == \
        [("arson", "Haditha", "2023-06-03"), ("IED/explosion", "Rawa", "2023-06-06")]
    assert doc.incidents[1].fatalities.high == 1
    (mine,) = geoparse("On Monday a shepherd near Penjwen was killed when he stepped on a mine laid in the 1980s.",
                       published=pub).incidents
    assert (mine.event_type, mine.fatalities.high) == ("IED/explosion", 1)
    # A tally for the year so far is no event.
    assert geoparse("Monitors say at least twelve people have been kidnapped for ransom around Daraa this year.",
                    published=pub).incidents == ()


def test_a_later_toll_goes_to_the_event_it_names_not_to_the_arrest_told_last():
    doc = geoparse("On Monday, two clans exchanged fire in the villages east of Al-Islah, killing two men. "
                   "On Wednesday, men from one clan set fire to three houses in Al-Fuhud.\n\n"
                   "On Saturday, police arrested nine men near Al-Islah.\n\n"
                   "One of the men wounded in Monday's clash died in hospital on Sunday, raising the toll from the "
                   "fighting to three.", published=date(2023, 10, 16))
    got = {i.event_type: (i.fatalities.high if i.fatalities else None) for i in doc.incidents}
    assert got["armed clash"] == 3 and got["arrest"] is None


def test_a_village_below_or_behind_which_an_event_happened_is_its_place():
    for prep in ("below", "behind"):
        (inc,) = geoparse(f"On Monday a drone struck a pick-up on the track {prep} Bamarni, killing two men.",
                          published=date(2024, 8, 20)).incidents
        assert (inc.place_text, inc.location.admin1_name) == ("Bamarni", "Duhok")


def test_a_bearing_from_a_town_picks_the_namesake_in_that_direction():
    # The names index holds "Al-Hira" for Al Hirah (south-east of Najaf) and for Al Hillah (north
    # of it); the bearing the text gives from Najaf says which one.
    text = ("Security was tightened in Babil and Karbala ahead of the pilgrimage, officials said.\n\n"
            "On Saturday, a man was shot dead in a family quarrel in Al-Hira, {} of Najaf.")
    (south_east,) = geoparse(text.format("south-east"), published="2023-09-04").incidents
    (north,) = geoparse(text.format("north"), published="2023-09-04").incidents
    assert south_east.location.admin1_name == "Al-Najaf" and south_east.location.lat < 32.0
    assert north.location.admin1_name == "Babil" and north.location.lat > 32.3


def test_a_quarter_street_or_port_of_a_town_places_the_event_in_the_town():
    # Al-Qadisiya is also a governorate; as a neighbourhood of Tal Afar the town is the place.
    text = ("Early on Sunday, a magnetic bomb exploded under the car of a traffic police officer outside his home in "
            "the Al-Qadisiya neighbourhood of Tal Afar, wounding the officer and his son.\n\n"
            "On Tuesday, gunmen killed a shop owner in the Dora quarter of Baghdad.\n\n"
            "Late on Thursday night a sound bomb went off outside a money changer's shop on the main street of Hit. "
            "Nobody was injured.\n\n"
            "On Friday gunmen shot dead a docker at the gate of the port of Umm Qasr.")
    doc = geoparse(text, published="2024-08-19")
    bomb, shot, sound_bomb, docker = doc.incidents
    assert bomb.location.name == "Tall ‘Afar" and bomb.location.precision == Precision.LOCALITY
    assert "Al-Qadisiya" not in [p.text for p in doc.places]
    assert shot.location.admin1_name == "Baghdad" and shot.place_text == "Dora"
    assert (sound_bomb.event_type, sound_bomb.place_text) == ("IED/explosion", "Hit")
    assert (docker.event_type, docker.place_text) == ("killing", "Umm Qasr")


def test_a_kidnapping_told_as_being_forced_into_a_car():
    # No kidnapping word: the victim is forced or pushed into the captors' car. In the second
    # paragraph the sentence before sets the scene (and the place); "a 35-year-old from Samawah"
    # is where the victim comes from, not where he was released.
    text = ("On Monday evening, two gunmen stopped a lawyer outside his office in Kut and forced him into their "
            "vehicle, a colleague said.\n\n"
            "On Wednesday a truck driver was stopped by armed men at a fake roadblock on the road between Rumaitha "
            "and Samawah. He was pushed into one of their cars and driven away. The driver, a 35-year-old from "
            "Samawah, was released unharmed the next day.")
    lawyer, driver = geoparse(text, published="2024-05-10").incidents
    assert lawyer.event_type == "kidnapping" and lawyer.location.name == "Al-Kut"
    assert driver.event_type == "kidnapping" and driver.location.precision == Precision.LINEAR
    assert (driver.fatalities.high, driver.injured.high) == (0, 0)


def test_a_sub_district_the_index_lacks_and_a_place_named_by_its_school():
    # "Wana sub-district": the names index has no "Wana", the gazetteer has the sub-district.
    # "near the intermediate school of Al-Hajjaj, south of Baiji": Al-Hajjaj is the place.
    text = ("On Tuesday night the mukhtar of a village in the Wana sub-district was shot dead by two masked men.\n\n"
            "On Wednesday morning, three mortar rounds fell near the intermediate school of Al-Hajjaj, south of "
            "Baiji, wounding a teacher.")
    shot, shells = geoparse(text, published="2024-08-15").incidents
    assert shot.location.name == "Wana" and shot.location.precision == Precision.ADM3
    assert shells.place_text == "Al-Hajjaj" and shells.location.admin1_name == "Salah Al-Din"


def test_a_vehicle_packed_with_explosives_and_wounded_pupils():
    text = ("Late on Tuesday a motorcycle packed with explosives blew up near the vegetable market in Sarmada. At least "
            "three people were killed.\n\n"
            "On Wednesday two mortar rounds fell near a school in Dujail, and two pupils were wounded by fragments.")
    bomb, shells = geoparse(text, published="2024-10-16").incidents
    assert (bomb.event_type, bomb.fatalities.low) == ("IED/explosion", 3)
    assert (shells.event_type, shells.injured.high) == ("shelling", 2)


def test_an_event_without_a_place_under_a_title_that_names_one():
    # The body never names the village: the title does. The first event, dated in its own sentence,
    # is the title's; the wounded victim who died since counts among the dead, no longer among the
    # wounded. A title naming two places, or none, places nothing.
    body = ("At dawn on Wednesday a bomb hidden in a sack of cement beside the gate of our mosque exploded. Our "
            "muezzin was killed on the spot and eleven worshippers were wounded. One of the eleven died of his "
            "wounds last night in hospital.")
    bomb, = geoparse("An appeal from the trustees of the Grand Mosque, Hibhib\n\n" + body,
                     published="2025-05-09").incidents
    assert (bomb.event_type, bomb.place_text, bomb.location.admin1_name) == ("IED/explosion", "Hibhib", "Diyala")
    assert (bomb.fatalities.best, bomb.injured.best) == (2, 10)
    assert str(bomb.date_start) == "2025-05-07"
    two = geoparse("A letter from Hibhib and Baquba\n\n" + body, published="2025-05-09").incidents
    assert [i.place_text for i in two] == [""]
    assert geoparse(body, published="2025-05-09").incidents[0].place_text == ""


def test_wounded_victims_who_died_since_move_to_the_dead():
    text = ("A roadside bomb exploded near a police patrol in Tarmiyah on Monday, killing one policeman and "
            "wounding three others. Two of the wounded died of their injuries in hospital on Tuesday.\n\n"
            "On Wednesday a grenade thrown at a shop in Balad wounded four people. One of the attackers died later.")
    bomb, grenade = geoparse(text, published="2024-05-09").incidents
    assert (bomb.fatalities.best, bomb.injured.best) == (3, 1)
    assert grenade.injured.best == 4  # the attacker was not among the wounded


def test_a_markdown_table_with_one_killed_wounded_column():
    # "K / W" holds both figures ("1 / 0"); the rule under the header is not the header; rows are
    # not titles, so a dated event told in the notes below does not fold them away.
    text = ("WEEKLY SITREP - QUNEITRA\n\n"
            "| No. | Date   | Location        | Description                                          | K / W |\n"
            "|-----|--------|-----------------|------------------------------------------------------|-------|\n"
            "| 1   | 09 Apr | Khan Arnabah    | Gunmen shot dead a farmer outside his house in Khan Arnabah. | 1 / 0 |\n"
            "| 2   | 11 Apr | Beit Jinn       | A roadside bomb wounded two policemen in Beit Jinn.   | 0 / 2 |\n\n"
            "Notes: in Beit Jinn the bomb had been hidden in a drain; a patrol found a second device on 12 April.")
    incs = geoparse(text, published="2025-04-14").incidents
    shot = next(i for i in incs if i.place_text == "Khan Arnabah")
    bomb = next(i for i in incs if i.event_type == "IED/explosion")
    assert (shot.fatalities.best, shot.injured.best) == (1, 0)
    assert (bomb.fatalities.best, bomb.injured.best) == (0, 2)


def test_accidents_tallies_and_refuted_rumours_are_not_events():
    text = ("On Monday four members of a family from Basra were injured when their car left the road near Amedi.\n\n"
            "A minibus was struck by the train at a crossing near Samawah on Sunday; two passengers were hurt.\n\n"
            "Since the beginning of this year, twelve drivers have been killed on the roads of Raqqa.\n\n"
            "3 incidents; 2 killed; 5 wounded.\n\n"
            "Rumours that shepherds were abducted near Suluk on Friday are untrue.\n\n"
            "A statement claiming an attack on a checkpoint in Tal Abyad on Saturday was denied by the police.\n\n"
            "Gunmen killed a guard at a checkpoint in Ain Issa on Tuesday.")
    incs = geoparse(text, published="2024-05-09").incidents
    assert [(i.event_type, i.place_text) for i in incs] == [("attack on checkpoint", "Ain Issa")]
    # a fight after a traffic accident is still a fight
    (fight,) = geoparse("On Friday two families exchanged fire in the main street of Qalat Salih after a traffic "
                        "accident, wounding three people.", published="2024-06-09").incidents
    assert fight.event_type == "armed clash" and fight.injured.best == 3


def test_victims_joined_by_kin_a_driver_shot_dead_and_a_body_named_by_possessive():
    def one(text):
        (inc,) = geoparse(text, published="2024-09-15").incidents
        return inc
    assert one("Shells hit a farm near Tadif on Saturday, wounding a woman and her two children.").injured.best == 3
    assert one("A bomb under a lorry went off in Al-Mansurah on Sunday, wounding the driver and his "
               "assistant.").injured.best == 2
    tanker = one("On Thursday gunmen stopped a tanker near Al-Karamah, shot the driver dead and set the tanker on fire.")
    assert (tanker.event_type, tanker.fatalities.best) == ("killing", 1)
    grove = one("On Saturday a man's body with gunshot wounds was found in an olive grove outside Baniyas.")
    assert (grove.event_type, grove.fatalities.best) == ("killing", 1)


def test_a_release_ends_the_kidnapping_and_a_scene_sets_the_place():
    # "took him away by force" is a kidnapping; the release that follows, at another place, is
    # not an event of its own. An explosion told after a scene-setting sentence with the place
    # and the day takes them ("About twenty minutes later ...").
    text = ("On the evening of 12 October, three armed men stopped a track inspector near Al-Khidr station and took "
            "him away by force. He was set free on the Samawah road two days later, released unharmed.\n\n"
            "Early on Saturday 14 October, the guard at our site on the western edge of Chemchemal heard a car stop "
            "below the fence. About twenty minutes later an explosive device placed at the base of the mast went off. "
            "Nobody was hurt.")
    taken, bomb = geoparse(text, published="2023-10-16").incidents
    assert (taken.event_type, taken.place_text, taken.fatalities.best) == ("kidnapping", "Al-Khidr", 0)
    assert (bomb.event_type, bomb.place_text, str(bomb.date_start)) == ("IED/explosion", "Chemchemal", "2023-10-14")
    assert bomb.injured.best == 0


def test_a_sub_district_missing_from_the_boundaries_is_its_seat_in_the_reports_governorate():
    # The boundaries table has no Al-Abbasiya sub-district in Najaf; Kirkuk has an "Al-Abbasi"
    # unit. In a report on Najaf the sub-district is the Najaf town it is named after.
    text = ("Najaf council member answers questions.\n\n"
            "Last Wednesday a lawyer was shot dead in front of his house in the Al-Abbasiya sub-district.")
    (shot,) = geoparse(text, published="2024-10-03").incidents
    assert shot.location.admin1_name == "Al-Najaf" and shot.event_type == "killing"


def test_refused_ransoms_totals_lines_and_controlled_blasts_are_not_events():
    def incidents(text):
        return list(geoparse(text, published="2023-10-16").incidents)
    assert incidents("The Directorate in Samawah has not paid, and will not pay, any ransom.") == []
    assert incidents("Previous week in Daraa: 6 incidents; 3 killed; 5 wounded.") == []
    assert incidents("On Sunday an old mortar round found by farmers near Kanaker was removed and destroyed "
                     "in a controlled blast by an engineering team.") == []
    # the kidnapping stays when the family cannot pay
    (taken,) = incidents("Gunmen kidnapped a trader in Samawah on Monday; his family said it could not pay the ransom.")
    assert taken.event_type == "kidnapping"


def test_a_road_from_a_name_ending_in_ayn_and_a_place_inside_an_industrial_zone():
    (bomb,) = geoparse("On Friday a roadside bomb went off beside a pick-up on the road between Sa'sa' and Beit Jinn, "
                       "wounding two security men.", published="2025-04-14").incidents
    assert bomb.location.precision == Precision.LINEAR and bomb.location.admin1_name == "Rural Damascus"
    assert bomb.injured.best == 2
    (fire,) = geoparse("On Monday unknown persons set fire to three lorries in the union's parking lot in the "
                       "industrial zone of Raqqa city.", published="2023-12-14").incidents
    assert (fire.event_type, fire.location.admin1_name) == ("arson", "Ar-Raqqa")


def test_a_registers_entries_date_and_place_their_paragraphs():
    # Each entry opens with its code, date and place; the events told under it are of that day,
    # and one told without a place is at the entry's place.
    text = ("Loss register, first quarter 2022\n\n"
            "DZ-22-007 - 9 March 2022, Al-Mayadin. Clothing shop on the main market street. An explosive device left "
            "in a parked motorcycle exploded outside the shop at about 11:00, killing the shop assistant and injuring "
            "five passers-by. Accepted.\n\n"
            "DZ-22-009 - night of 14 to 15 March 2022, outskirts of Al-Bukamal. Grain warehouse. Destroyed in an air "
            "strike by unidentified aircraft on a depot next to it on the outskirts of Al-Bukamal; local sources put "
            "the dead at between four and seven.\n\n"
            "DZ-22-014 - 28 March 2022, Dhiban. The car was struck by a missile fired from a drone as it drove "
            "through Dhiban in the afternoon, and the two men inside were killed; no one else was hurt.")
    bomb, strike, drone = geoparse(text, published="2022-04-12").incidents
    assert (bomb.place_text, str(bomb.date_start)) == ("Al-Mayadin", "2022-03-09")
    assert (bomb.fatalities.best, bomb.injured.best) == (1, 5)
    assert str(strike.date_start) == "2022-03-15" and (strike.fatalities.low, strike.fatalities.high) == (4, 7)
    assert (drone.event_type, str(drone.date_start), drone.fatalities.best) == ("drone strike", "2022-03-28", 2)


def test_a_lorry_and_its_load_set_on_fire_and_a_drone_of_unknown_origin():
    (fire,) = geoparse("On Tuesday gunmen stopped a lorry near Hajin and set the lorry and its load on fire.",
                       published="2022-03-24").incidents
    assert fire.event_type == "arson"
    (strike,) = geoparse("On Thursday a drone of unknown origin struck a pick-up near Hajin, killing the two men in it.",
                         published="2022-03-24").incidents
    assert (strike.event_type, strike.fatalities.best) == ("drone strike", 2)


def test_posts_on_social_media_claiming_an_abduction_are_not_one():
    doc = geoparse("Posts on social media claiming that one of our vaccinators was abducted near Al-Uzair on Monday "
                   "are false.", published="2023-11-22")
    assert list(doc.incidents) == []

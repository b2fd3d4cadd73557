"""Arabic-script reports: incidents with type, place, date, casualties and actors.

The paragraphs are written for these tests (short factual statements in Arabic, one in Kurdish
Sorani). Expected places come from the bundled admin tables (governorate codes looked up by
name), expected figures and dates from the wording of each paragraph and its publication date.
"""

from __future__ import annotations

from datetime import date

import pytest

from geoincidents._textdates import find_dates, fold_arabic, parse_quantity_ar
from geoincidents.geoparse import geoparse
from geoincidents.precision import Precision

PUBLISHED = date(2021, 4, 30)  # a Friday


def one_incident(text: str):
    doc = geoparse(text, published=PUBLISHED)
    assert len(doc.incidents) == 1, [i.to_dict() for i in doc.incidents]
    for p in doc.places:
        assert text[p.start:p.end] == p.text
    return doc.incidents[0]


def figures(q):
    return (q.low, q.best, q.high)


def test_airstrike_near_hawija_kills_five(adm1_code):
    # "Coalition aircraft carried out an airstrike on ISIS positions near Hawija on Wednesday,
    # killing five militants."
    inc = one_incident("شنّت طائرات التحالف الدولي غارة جوية على مواقع لداعش قرب الحويجة يوم الأربعاء، "
                       "ما أسفر عن مقتل خمسة مسلحين.")
    assert inc.event_type == "airstrike"
    assert inc.place_text == "الحويجة"
    assert inc.location.admin1_code == adm1_code["Kirkuk"]
    assert inc.location.precision == Precision.NEAR  # "قرب": near the town
    assert (inc.date_start, inc.date_end) == (date(2021, 4, 28), date(2021, 4, 28))
    assert figures(inc.fatalities) == (5, 5, 5)
    assert figures(inc.injured) == (None, None, None)
    assert {"ISIS", "Coalition (CJTF-OIR)"} <= set(inc.actors)


def test_roadside_bomb_with_arabic_indic_digits(adm1_code):
    # "A roadside bomb exploded on a road in Tuz Khurmatu district yesterday, killing 3 soldiers
    # and wounding 4 others."
    inc = one_incident("انفجرت عبوة ناسفة على طريق في قضاء طوزخورماتو أمس، ما أدى إلى مقتل ٣ جنود وإصابة ٤ آخرين.")
    assert inc.event_type == "IED/explosion"
    assert inc.location.admin1_code == adm1_code["Salah Al-Din"]
    assert inc.date_start == date(2021, 4, 29)
    assert figures(inc.fatalities) == (3, 3, 3)
    assert figures(inc.injured) == (4, 4, 4)
    assert "Iraqi Army" in inc.actors


def test_peshmerga_clash_in_makhmour_at_least_seven(adm2_code):
    # "Peshmerga forces clashed with ISIS members in Makhmour, and at least seven militants were
    # killed." No date: the week before publication.
    inc = one_incident("اشتبكت قوات البيشمركة مع عناصر من داعش في ناحية مخمور، وقُتل ما لا يقل عن سبعة مسلحين.")
    assert inc.event_type == "armed clash"
    assert inc.location.admin2_code == adm2_code["Makhmour"]
    assert figures(inc.fatalities) == (7, 7, None)
    assert {"ISIS", "Peshmerga"} <= set(inc.actors)
    assert (inc.date_start, inc.date_end) == (date(2021, 4, 23), PUBLISHED)


def test_kidnapping_near_tikrit_on_monday(adm1_code):
    # "Unknown gunmen kidnapped three shepherds near Tikrit on Monday."
    inc = one_incident("خطف مسلحون مجهولون ثلاثة رعاة أغنام قرب تكريت يوم الاثنين.")
    assert inc.event_type == "kidnapping"
    assert inc.location.admin1_code == adm1_code["Salah Al-Din"]
    assert inc.date_start == date(2021, 4, 26)
    assert {"Unidentified gunmen", "Civilians"} <= set(inc.actors)
    assert figures(inc.fatalities) == (None, None, None)  # abducted, not killed


def test_assassinated_federal_policeman_is_an_attack_on_security_forces(adm1_code):
    # "Unknown gunmen assassinated a federal police member in central Mosul."
    inc = one_incident("اغتال مسلحون مجهولون منتسباً في الشرطة الاتحادية وسط الموصل.")
    assert (inc.event_type, inc.sub_event_type) == ("armed clash", "attack on security forces")
    assert inc.location.admin1_code == adm1_code["Ninewa"]
    assert "Iraqi Federal Police" in inc.actors and "Iraqi Police" not in inc.actors


def test_dozens_wounded_by_rocket_fire_on_sinjar(adm2_code):
    # "Dozens of civilians were wounded by rocket fire on Sinjar district."
    inc = one_incident("أصيب عشرات المدنيين بقصف صاروخي على قضاء سنجار.")
    assert inc.event_type == "shelling"
    assert inc.location.admin2_code == adm2_code["Sinjar"]
    assert inc.location.precision == Precision.ADM2
    assert figures(inc.injured) == (24, 24, None)  # the casualty rule's reading of "dozens"
    assert "Civilians" in inc.actors


def test_two_killed_in_the_dual():
    # "An IED explosion in Mosul killed two people": the number is in the noun's dual ending.
    inc = one_incident("انفجار عبوة ناسفة في الموصل أدى إلى مقتل شخصين.")
    assert inc.event_type == "IED/explosion"
    assert figures(inc.fatalities) == (2, 2, 2)


def test_the_dual_as_subject():
    # "Two soldiers were killed and three others wounded in an IED explosion in Tarmiyah, north
    # of Baghdad, on Monday": the dual ending of the subject ("جنديان") is the figure.
    inc = one_incident("قتل جنديان وأصيب ثلاثة آخرون بانفجار عبوة ناسفة في قضاء الطارمية شمالي بغداد يوم الاثنين.")
    assert figures(inc.fatalities) == (2, 2, 2) and figures(inc.injured) == (3, 3, 3)
    assert "Iraqi Army" in inc.actors


def test_kurdish_sorani_airstrike_near_kirkuk(adm1_code):
    # "In the bombardment by coalition warplanes near Kirkuk five ISIS fighters were killed."
    inc = one_incident("لە بۆردومانی فڕۆکە جەنگییەکانی هاوپەیمانی لە نزیک کەرکووک پێنج چەکداری داعش کوژران.")
    assert inc.event_type == "airstrike"
    assert inc.location.admin1_code == adm1_code["Kirkuk"]
    assert figures(inc.fatalities) == (5, 5, 5)
    assert {"ISIS", "Coalition (CJTF-OIR)"} <= set(inc.actors)


def test_two_paragraphs_two_incidents(adm1_code):
    text = ("قصفت طائرات مسيرة تركية مواقع في سنجار يوم الثلاثاء.\n\n"
            "واعتقلت القوات الأمنية ستة مشتبه بهم في الرمادي يوم الخميس.")
    doc = geoparse(text, published=PUBLISHED)
    got = [(i.event_type, i.location.admin1_code, i.date_start) for i in doc.incidents]
    assert got == [("drone strike", adm1_code["Ninewa"], date(2021, 4, 27)),
                   ("arrest", adm1_code["Al-Anbar"], date(2021, 4, 29))]
    assert "Turkish military" in doc.incidents[0].actors
    assert "Iraqi Security Forces" in doc.incidents[1].actors


def test_arabic_function_words_are_not_places():
    # "عن" (about) and "بلدة" (town) are also village names; in Arabic prose they are words.
    doc = geoparse("سقطت قذائف هاون على بلدة في قضاء خانقين، ما أسفر عن ثلاثة جرحى.", published=PUBLISHED)
    assert [p.text for p in doc.places] == ["قضاء خانقين"]
    [inc] = doc.incidents
    assert figures(inc.injured) == (3, 3, 3)


def test_arabic_name_quoted_in_english_keeps_the_english_reading():
    text = "Security forces arrested five suspects in المدينة (Al Madinah) on Monday."
    doc = geoparse(text, published=PUBLISHED)
    assert "المدينة" in [p.text for p in doc.places]
    [inc] = doc.incidents
    assert inc.event_type == "arrest" and inc.place_text == "المدينة"
    assert inc.date_start == date(2021, 4, 26)


@pytest.mark.parametrize("phrase,expected", [
    ("خمسة", (5, 5, 5)),
    ("٧", (7, 7, 7)),
    ("۱۲", (12, 12, 12)),
    ("ما لا يقل عن عشرة", (10, 10, None)),
    ("عشرة على الأقل", (10, 10, None)),
    ("بين ٥ و ١٠", (5, 5, 10)),
    ("خمسة وعشرين", (25, 25, 25)),
    ("ثلاثة عشر", (13, 13, 13)),
    ("نحو ٢٠", (20, 20, 20)),
    ("عشرات", (24, 24, None)),
])
def test_arabic_quantities(phrase, expected):
    q = parse_quantity_ar(fold_arabic(phrase)[0])
    assert (q.low, q.best, q.high) == expected


@pytest.mark.parametrize("phrase,start,end,prec", [
    ("يوم الأربعاء", date(2021, 4, 28), date(2021, 4, 28), "day"),
    ("الجمعة الماضي", date(2021, 4, 23), date(2021, 4, 23), "day"),
    ("أمس", date(2021, 4, 29), date(2021, 4, 29), "day"),
    ("الأسبوع الماضي", date(2021, 4, 19), date(2021, 4, 25), "week"),
    ("في 12 نيسان 2021", date(2021, 4, 12), date(2021, 4, 12), "day"),
    ("في ٣ آذار", date(2021, 3, 3), date(2021, 3, 3), "day"),
])
def test_arabic_dates(phrase, start, end, prec):
    [d] = find_dates(phrase, PUBLISHED)
    assert (d.start, d.end, d.precision) == (start, end, prec)
    assert phrase[d.start_char:d.end_char] == d.text


@pytest.mark.parametrize("text, level, name", [
    ("قتل خمسة من عناصر الشرطة في هجوم على نقطة تفتيش في قضاء الحويجة يوم الأربعاء.", "adm2", "Al-Hawiga"),
    ("Gunmen killed five policemen in Qada Hawija on Wednesday.", "adm2", "Al-Hawiga"),
    ("قتل خمسة من عناصر الشرطة في ناحية الرياض يوم الأربعاء.", "adm3", "Al-Riyadh"),
])
def test_a_name_matched_with_its_generic_word_is_the_unit_it_names(text, level, name, adm2_code):
    # The data has "قضاء الحويجة" as an alternate name of the town; the generic word says district.
    inc = geoparse(text, published=PUBLISHED).incidents[0]
    assert inc.location.feature_type == level and inc.location.name == name
    assert inc.location.admin2_code == adm2_code["Al-Hawiga"]
    assert str(inc.location.precision) == level


def test_a_bare_name_is_still_the_town():
    inc = geoparse("Gunmen killed five policemen in Hawija on Wednesday.", published=PUBLISHED).incidents[0]
    assert inc.location.feature_type == "locality"


def test_a_one_letter_word_joined_to_a_name_is_split_off():
    # "بكركوك" is "in Kirkuk"; "بغداد" (Baghdad) begins with the same letter and stays whole.
    doc = geoparse("قصفت طائرات التحالف مواقع لداعش بكركوك يوم الأربعاء.", published=PUBLISHED)
    inc = doc.incidents[0]
    assert inc.event_type == "airstrike" and inc.location.name == "Kirkuk"
    assert [p.text for p in doc.places] == ["كركوك"]
    doc = geoparse("اشتباكات في بغداد يوم الأربعاء أسفرت عن مقتل ثلاثة.", published=PUBLISHED)
    assert [p.text for p in doc.places] == ["بغداد"] and doc.incidents[0].location.name == "Baghdad"
    doc = geoparse("قتل خمسة من عناصر الشرطة بهجوم بالحويجة يوم الأربعاء.", published=PUBLISHED)
    assert doc.incidents[0].location.admin2_code is not None
    assert [p.text for p in doc.places] == ["الحويجة"]


def test_actor_written_with_the_joined_preposition():
    # "للتحالف" (by the coalition) and "للشرطة" (of the police): ل + article, the alef dropped.
    inc = geoparse("غارة جوية للتحالف على مواقع داعش في جبال حمرين أسفرت عن مقتل ٥ مسلحين يوم الأربعاء.",
                   published=PUBLISHED).incidents[0]
    assert set(inc.actors) == {"ISIS", "Coalition (CJTF-OIR)"}
    inc = geoparse("هاجم مسلحون من تنظيم داعش نقطة تفتيش للشرطة الاتحادية في الحويجة.", published=PUBLISHED).incidents[0]
    assert "Iraqi Federal Police" in inc.actors and inc.event_type == "attack on checkpoint"


def test_killed_count_after_the_subject():
    # "قتل مسلحون خمسة من عناصر الشرطة": gunmen killed five of the police.
    inc = geoparse("قتل مسلحون خمسة من عناصر الشرطة في الحويجة يوم الأربعاء.", published=PUBLISHED).incidents[0]
    assert (inc.fatalities.low, inc.fatalities.high) == (5, 5)
    inc = geoparse("قتلت عبوة ناسفة ثلاثة جنود قرب الحويجة.", published=PUBLISHED).incidents[0]
    assert inc.event_type == "IED/explosion" and inc.fatalities.best == 3


def test_martyred_and_assassinated_counts():
    # "Three PMF members were martyred and two others wounded in an ISIS attack on a checkpoint
    # in al-Adhaim sub-district, north of Diyala."
    inc = one_incident("استشهد ثلاثة من منتسبي الحشد الشعبي وأصيب اثنان آخران بهجوم لداعش على نقطة تفتيش "
                       "في ناحية العظيم شمال ديالى.")
    assert figures(inc.fatalities) == (3, 3, 3) and figures(inc.injured) == (2, 2, 2)
    assert inc.location.admin1_name == "Diyala" and "Popular Mobilization Forces" in inc.actors
    # "Unknown gunmen assassinated the mukhtar of Albu Dor village in Baiji district yesterday
    # evening": one killed, the district standing in for the village the data does not know.
    inc = one_incident("أفاد مصدر أمني بأن مسلحين مجهولين اغتالوا مختار قرية البو دور في قضاء بيجي "
                       "بمحافظة صلاح الدين مساء أمس.")
    assert figures(inc.fatalities) == (1, 1, 1) and inc.location.admin2_name == "Beygee"


def test_kurdish_figure_first_verb_last():
    # Sorani: "Two Peshmerga were wounded in an ISIS attack near Qarachogh" (figure first, verb last).
    inc = one_incident("دوو پێشمەرگە لە هێرشێکی داعش لە نزیک قەرەچوغ بریندار بوون.")
    assert figures(inc.injured) == (2, 2, 2) and inc.fatalities.best is None
    assert inc.location.name == "Qarachogh Mountain" and {"ISIS", "Peshmerga"} <= set(inc.actors)


def test_kurdish_spelling_after_a_locative_word_read_by_the_gazetteer(adm1_code):
    # "Two Peshmerga were killed in Makhmour / in Jalawla": Kurdish spellings the names index does
    # not hold; the gazetteer's fuzzy lookup reads them after "لە" (in).
    for name, adm1 in (("مەخموور", "Erbil"), ("جەلەولا", "Diyala")):
        inc = one_incident(f"لە {name} دوو پێشمەرگە کوژران.")
        assert inc.location.admin1_code == adm1_code[adm1] and figures(inc.fatalities) == (2, 2, 2)
    # A common word after "in" does not become a village: "in an ISIS attack" stays unplaced.
    doc = geoparse("دوو پێشمەرگە لە هێرشێکی داعش بریندار بوون.", published=PUBLISHED)
    assert [p.text for p in doc.places] == []


def test_a_village_the_data_has_only_far_away_gives_way_to_the_city_named(adm1_code):
    # "Two policemen were wounded by an IED in the village of Albu Muhammad, of al-Riyadh
    # sub-district, southwest of Kirkuk": the data's only Albu Muhammad is in Maysan.
    inc = one_incident("اصيب شرطيان بانفجار عبوة ناسفة في قرية البو محمد التابعة لناحية الرياض جنوب غرب كركوك.")
    assert inc.location.admin1_code == adm1_code["Kirkuk"] and figures(inc.injured) == (2, 2, 2)
    assert any("Maysan" in n or "over 100 km" in n for n in inc.notes)


def test_noun_then_number_and_a_mountain_chain():
    # "A security source in Diyala announced today, Sunday, the killing of two civilians and the
    # wounding of a third in an ISIS attack on al-Hawasha village in al-Muqdadiya district."
    inc = one_incident("أعلن مصدر أمني في محافظة ديالى، اليوم الأحد، عن مقتل مدنيين اثنين وإصابة ثالث بهجوم مسلح "
                       "نفذه عناصر من تنظيم داعش على قرية الهواشة في قضاء المقدادية.")
    assert figures(inc.fatalities) == (2, 2, 2) and figures(inc.injured) == (1, 1, 1)
    assert inc.location.admin2_name == "Al-Muqdadiya"
    # "Coalition aircraft bombed ISIS hideouts in the Hamrin mountain chain, within the
    # administrative boundaries of Salahaddin": the chain is no village.
    doc = geoparse("قصفت طائرات التحالف الدولي أوكاراً لداعش في سلسلة جبال حمرين ضمن الحدود الإدارية لمحافظة "
                   "صلاح الدين.", published=PUBLISHED)
    assert [i.location.name for i in doc.incidents] == ["Hamrin Mountains"]
    assert not any(p.text == "سلسلة" for p in doc.places)


def test_the_country_is_not_the_town_of_balad():
    text = ("وتنشط خلايا التنظيم في محافظة كركوك، بعد أن فقد سيطرته على مساحات واسعة من البلاد عام 2017.")
    doc = geoparse(text, published="2022-09-27")
    assert not [p for p in doc.places if p.resolution.name == "Balad"]


def test_a_dual_airstrike_one_of_the_fighters_and_no_injuries():
    # "Iraqi F-16s carried out two airstrikes on Tuesday on ISIS hideouts near Hawija, killing
    # three terrorists."
    inc = one_incident("نفذت طائرات إف-16 العراقية يوم الثلاثاء ضربتين جويتين على أوكار داعش قرب الحويجة، "
                       "وأسفرت الضربتان عن مقتل ثلاثة إرهابيين.")
    assert inc.event_type == "airstrike" and figures(inc.fatalities) == (3, 3, 3)
    # "ISIS attacked a Peshmerga post near Makhmour on Wednesday; one of the fighters was killed."
    inc = one_incident("هاجم مسلحو داعش نقطة للبيشمركة قرب مخمور يوم الأربعاء، ما أدى إلى استشهاد أحد المقاتلين.")
    assert figures(inc.fatalities) == (1, 1, 1)
    # "Unknown men set fire to wheat fields near Tal Afar on Thursday, with no injuries."
    inc = one_incident("أضرم مجهولون النار في حقول الحنطة قرب تلعفر يوم الخميس، ولا إصابات.")
    assert inc.event_type == "arson"
    assert figures(inc.fatalities) == (0, 0, 0) and figures(inc.injured) == (0, 0, 0)


def test_one_person_a_tribal_dispute_a_charge_and_wounds_that_are_not_a_village():
    # "A tribal dispute broke out on Thursday in a village near Qurna over irrigation water,
    # leaving one person dead and two others wounded."
    inc = one_incident("اندلع نزاع عشائري يوم الخميس في قرية قرب القرنة بسبب حصص المياه، أسفر عن مقتل شخص واحد "
                       "وإصابة اثنين آخرين.")
    assert inc.event_type == "armed clash"
    assert figures(inc.fatalities) == (1, 1, 1) and figures(inc.injured) == (2, 2, 2)
    # "Police arrested a wanted man in Zubair on Wednesday on a charge of killing a citizen."
    inc = one_incident("ألقت الشرطة القبض على مطلوب في الزبير يوم الأربعاء بتهمة قتل أحد المواطنين.")
    assert inc.event_type == "arrest" and inc.fatalities.high is None
    # "Three soldiers were wounded (with wounds of varying severity) when a bomb went off in
    # Mayadin on Tuesday; the blast caused no human casualties among civilians."
    doc = geoparse("أصيب ثلاثة جنود بجروح متفاوتة إثر انفجار عبوة ناسفة في الميادين يوم الثلاثاء.",
                   published=PUBLISHED)
    assert [p.text for p in doc.places] == ["الميادين"]
    inc = one_incident("انفجرت عبوة صوتية أمام منزل في الناصرية يوم الأحد، ولم يسفر الانفجار عن أية إصابات بشرية.")
    assert figures(inc.fatalities) == (0, 0, 0) and figures(inc.injured) == (0, 0, 0)


def test_an_obituary_names_one_person_killed_and_the_linking_road_is_no_village():
    pub = date(2021, 10, 12)
    doc = geoparse("نعت عشيرة آل حسن فقيدها الشرطي كاظم علي، الذي استشهد صباح يوم الخميس الماضي إثر انفجار عبوة ناسفة "
                   "على الطريق الرابط بين الرميثة والسماوة.", published=pub)
    (inc,) = doc.incidents
    assert (inc.event_type, inc.fatalities.high) == ("IED/explosion", 1)
    assert "الرابط" not in [p.text for p in doc.places]
    (shot,) = geoparse("المرحوم جاسم محمد، الذي اغتيل برصاص مسلحين مجهولين في مدينة عفك مساء الأحد.",
                       published=pub).incidents
    assert (shot.event_type, shot.fatalities.high, shot.location.admin1_code) == ("killing", 1, "IQG05")


def test_arabic_arson_a_killing_told_with_a_pronoun_and_a_death_counted():
    pub = date(2024, 2, 20)
    (fire,) = geoparse("أقدم مجهولون فجر اليوم على إضرام النار في مخزن للحبوب في قضاء الخضر.", published=pub).incidents
    assert fire.event_type == "arson"
    (shot,) = geoparse("أقدم مسلحون مجهولون مساء أمس على اغتياله أمام منزله في مدينة السماوة.", published=pub).incidents
    assert shot.event_type == "killing"
    (blast,) = geoparse("انفجر مقذوف من مخلفات الحروب قرب السلمان يوم أمس، ما أسفر عن وفاة راعي أغنام.",
                        published=pub).incidents
    assert (blast.event_type, blast.fatalities.high) == ("IED/explosion", 1)
    doc = geoparse("سقطت قذائف هاون مصدرها الضفة الغربية لنهر الفرات على بلدة الميادين يوم أمس.", published=pub)
    assert "الضفة" not in [p.text for p in doc.places]


def test_arabic_words_only_close_to_a_name_are_not_places():
    # "سيارة مدنية" (a civilian car), "حادثة" (an incident), "من عمره" (of his age), "بتدمير" (by
    # destroying): words of the language that a looser spelling match read as Al Madinah,
    # Haditha, Al Umrah and Tadmur.
    text = ("الحلة - أفاد مصدر أمني بأن عبوة لاصقة مثبتة أسفل سيارة مدنية انفجرت مساء الجمعة في ناحية الكفل "
            "جنوبي الحلة، ما أدى إلى إصابة ثلاثة أشخاص.\n\n"
            "وفي حادثة منفصلة، اغتال مسلحون مجهولون شاباً في العشرينات من عمره أمام منزله في مدينة الرستن شمالي "
            "حمص فجر السبت.\n\n"
            "وكان التنظيم قد قام عام 2015 بتدمير آثار مدينة الحضر.")
    doc = geoparse(text, published=date(2024, 9, 22))
    assert not {"مدنية", "حادثة", "عمره", "تدمير"} & {p.text for p in doc.places}
    blast, shot = doc.incidents
    assert blast.event_type == "IED/explosion" and blast.location.name == "Al-Kifil"
    assert shot.event_type == "killing" and shot.location.name == "Ar Rastan"


def test_arabic_body_found_grenade_road_between_two_towns_and_a_count_after_and():
    pub = date(2024, 9, 23)
    # A patrol that found a body: a killing (not an attack on the police), one killed, on the
    # road between two towns (a line), the second town written with "and" joined to it.
    (body,) = geoparse("عثرت دورية للشرطة صباح أمس على جثة رجل مصاب بطلقات نارية على الطريق الرابط بين المسيب "
                       "والإسكندرية.", published=pub).incidents
    assert (body.event_type, body.fatalities.high) == ("killing", 1)
    assert body.location.precision == Precision.LINEAR
    (grenade,) = geoparse("أصيب رجل بجروح إثر هجوم بقنبلة يدوية ألقاها مجهولون على منزله في ناحية المدحتية ليلة أمس.",
                          published=pub).incidents
    assert grenade.event_type == "IED/explosion"
    # "جثة شاب وثلاثة جرحى": one body and three wounded, "and" written onto the number.
    (blast,) = geoparse("استقبل مستشفى الكفل العام يوم الجمعة جثة شاب وثلاثة جرحى إثر انفجار عبوة لاصقة في ناحية الكفل.",
                        published=pub).incidents
    assert (blast.fatalities.high, blast.injured.high) == (1, 3)
    (post,) = geoparse("هاجم مسلحون حاجزاً لقوات الأمن قرب بلدة أثريا مساء أمس، ما أدى إلى مقتل عنصرين.",
                       published=pub).incidents
    assert post.event_type == "attack on checkpoint"


def test_arabic_past_twenty_four_hours():
    for phrase in ("خلال الساعات الـ24 الماضية", "خلال الـ24 ساعة الماضية", "في الساعات الأربع والعشرين الماضية"):
        (d,) = find_dates(f"اختطف مسلحون راعياً قرب القريتين {phrase}.", date(2025, 2, 25))
        assert (d.start, d.end, d.precision) == (date(2025, 2, 24), date(2025, 2, 25), "range")


def test_arabic_denied_clash_and_a_monitors_tally_are_no_events():
    pub = date(2025, 2, 25)
    doc = geoparse("وثّق المرصد خلال الأسبوع الماضي مقتل 11 شخصاً في ريف حماة الشرقي، وجاءت التفاصيل على النحو الآتي:\n\n"
                   "- سلّم عدد من المطلوبين أنفسهم لمركز التسوية في مدينة حماة، ضمن عملية تسوية لا تتضمن أي اشتباك.\n\n"
                   "- اندلعت اشتباكات قرب بلدة عقيربات مساء أمس، ما أدى إلى مقتل ثلاثة مسلحين.", published=pub)
    (clash,) = doc.incidents
    assert clash.event_type == "armed clash" and clash.fatalities.high == 3


def test_arabic_one_victim_as_an_object_and_one_more_after_a_figure():
    pub = date(2025, 2, 25)
    (shot,) = geoparse("اغتال مسلحون مجهولون يستقلون دراجة نارية شاباً أمام منزله في مدينة الرستن فجر اليوم.",
                       published=pub).incidents
    assert shot.fatalities.high == 1
    (clash,) = geoparse("دارت اشتباكات قرب بلدة عقيربات مساء أمس أسفرت عن مقتل ثلاثة من المهاجمين وعنصر من الأمن العام.",
                        published=pub).incidents
    assert clash.fatalities.high == 4


def test_an_arabic_word_after_and_is_not_revived_as_a_listed_place():
    # "قضاء عفك ومدينة الديوانية" (Afak district and the city of Diwaniyah): "مدينة" (city) is a
    # word, even written after "and" beside a place; "والكفل" (and Al-Kifl) is a listed place.
    doc = geoparse("التقى شيوخ العشائر ووجهاء قضاء عفك ومدينة الديوانية يوم أمس، شمال شرقي الحلة والكفل.",
                   published=date(2024, 9, 23))
    texts = [p.text for p in doc.places]
    assert not {"مدينة", "شمال"} & set(texts)
    assert "الكفل" in texts


def test_an_arabic_toll_raised_in_a_later_sentence():
    # "... bringing the toll of the blast to four" / "... the toll of deaths in this feud to two,
    # while five wounded remain under treatment": the event told before takes the new toll.
    pub = date(2025, 2, 25)
    (blast,) = geoparse("قُتل ثلاثة من جامعي الكمأة وأصيب اثنان آخران بجروح صباح أمس جراء انفجار لغم أرضي في البادية "
                        "شرقي بلدة السعن. وفي المساء عثر الأهالي على جثة رابع من أفراد المجموعة في المكان ذاته، "
                        "لترتفع حصيلة قتلى الانفجار إلى أربعة.", published=pub).incidents
    assert (blast.fatalities.high, blast.injured.high) == (4, 2)
    (feud,) = geoparse("قُتل شخص وأصيب ستة آخرون بطلقات نارية أمس في نزاع عشائري في ناحية الكفل. وفارق أحد المصابين "
                       "الحياة فجر اليوم متأثراً بجراحه، لترتفع حصيلة الوفيات في هذا النزاع إلى اثنين، فيما يبقى خمسة "
                       "مصابين قيد العلاج.", published=pub).incidents
    assert (feud.fatalities.high, feud.injured.high) == (2, 5)
    # the toll of the wounded is not a death toll
    (other,) = geoparse("قُتل شخص وأصيب ستة آخرون بطلقات نارية أمس في نزاع عشائري في ناحية الكفل. ولترتفع حصيلة الجرحى "
                        "إلى سبعة.", published=pub).incidents
    assert other.fatalities.high == 1


def test_arabic_denials_road_accidents_common_words_and_possessive_victims():
    pub = date(2024, 2, 19)
    # local sources denied that clashes took place; a road accident; a real bombing
    doc = geoparse("ونفت مصادر محلية في بلدة قنوات ما تداولته صفحات عن وقوع اشتباكات في البلدة مساء الأحد.\n\n"
                   "وتوفي رجل وأصيب آخر في حادث سير على طريق السويداء يوم الأحد.\n\n"
                   "وصباح الأحد انفجرت عبوة ناسفة في سيارة مركونة في مدينة شهبا، ما أدى إلى مقتل سائقها وإصابة اثنين "
                   "من المارة.", published=pub)
    (bomb,) = doc.incidents
    assert bomb.place_text == "مدينة شهبا" and (bomb.fatalities.best, bomb.injured.best) == (1, 2)
    # "شعبة الري" (the irrigation section) and "محطة" (station) are words, not places; a guard
    # killed as the object of the verb, many words after it
    doc = geoparse("خطف مسلحون مجهولون أمس مهندساً يعمل في شعبة الري قرب مدينة العزيزية.\n\n"
                   "اغتال مسلحون يستقلون دراجة نارية صباح يوم الاثنين 31 تموز حارساً لمحطة ضخ في ناحية شيخ سعد.",
                   published=date(2023, 8, 2))
    taken, shot = doc.incidents
    assert taken.place_text == "مدينة العزيزية" and shot.fatalities.best == 1


def test_a_village_belonging_to_a_named_sub_district_or_district_is_looked_for_there():
    # "قرية السيد أحمد" matches a village of that full name in Salah al-Din exactly; "التابعة
    # لناحية الشوملي" (belonging to the Al-Shomali sub-district) puts it in Babil, where the
    # data spells it without "قرية" (As Sayyid Ahmad). "ناحية الشوملي" after "ل" is a place.
    for unit in ("لناحية الشوملي", "لقضاء الهاشمية"):
        (fight,) = geoparse(f"قتل شخص يوم السبت في نزاع عشائري في قرية السيد أحمد التابعة {unit}.",
                            published=date(2024, 9, 23)).incidents
        assert fight.location.admin1_name == "Babil", unit
        assert fight.location.name == "As Sayyid Aḩmad"


def test_an_arabic_initial_does_not_end_the_sentence_and_said_untruths_are_not_events():
    # "(ع. خ.)": the kidnapped man's initials; the place comes after them
    (taken,) = geoparse("تعميم من بلدية في محافظة الحسكة.\n\n"
                        "اختطف مسلحون مجهولون صباح أمس الأحد المراقب الفني في البلدية (ع. خ.) قرب قرية العريشة أثناء "
                        "تفقده محطة ضخ.", published=date(2023, 1, 16)).incidents
    assert taken.event_type == "kidnapping" and taken.location.admin1_name == "Al-Hasakeh"
    # "لا صحة لما يتم تداوله ... عن وقوع انفجار في سوق الهال": there was no explosion; "سوق" is a word
    doc = geoparse("لا صحة لما يتم تداوله على مواقع التواصل الاجتماعي عن وقوع انفجار في سوق الهال بالشدادي يوم السبت.",
                   published=date(2023, 1, 16))
    assert list(doc.incidents) == []

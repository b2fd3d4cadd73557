"""Name keys: normalisation, phonetic skeletons and generic words (geoincidents.normalize)."""

from __future__ import annotations

import pytest

from geoincidents.normalize import (
    DIRECTIONAL_WORDS,
    GENERIC_CLASSES,
    clean,
    generic_words,
    is_arabic_script,
    keys,
    normalize,
    skeleton,
    split_generic,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Ḩawījah", "hawijah"),
        ("Qaḑā’ Makhmūr", "qada makhmur"),
        ("Salah ad-Din", "salah din"),
        ("Al-Anbar", "anbar"),
        ("Al‐Anbar", "anbar"),  # U+2010 hyphen
        ("As Sulaymaniyah", "sulaymaniyah"),
        ("Ash Sharqat", "sharqat"),
        ("Al Hawija", "hawija"),
        ("Tal ʿAfar", "tal afar"),
        ("\u200fHawija\u200d", "hawija"),  # RTL mark, zero-width joiner
        ("  KIRKUK  ", "kirkuk"),
        ("Mexmûr", "mexmur"),
    ],
)
def test_normalize_latin(raw, key):
    assert normalize(raw) == key


def test_normalize_arabic_script_folds_letter_variants():
    # alef forms, taa marbuta, alef maqsura, tatweel, harakat, the article
    assert normalize("الحويجة") == normalize("حويجه")
    assert normalize("أربيل") == normalize("اربيل")
    assert normalize("دیالى") == normalize("ديالي")
    assert normalize("كـركـوك") == normalize("كركوك")
    assert normalize("جَبَل سِنْجَار") == normalize("جبل سنجار")
    # Sorani letters fold onto Arabic ones: keheh, Kurdish yeh/ae/o/rr/ll
    assert normalize("کەرکووک") == normalize("كهركووك")
    assert normalize("ڕ") == "ر" and normalize("ڵ") == "ل"


def test_article_is_not_stripped_inside_words():
    assert normalize("Alqosh") == "alqosh"
    assert normalize("Salah") == "salah"
    # "as" is an article only before a word starting with its letter
    assert normalize("As Samawah") == "samawah"
    assert normalize("Tall as Sawda") == "tall sawda"
    assert normalize("as far") == "as far"


@pytest.mark.parametrize(
    "group",
    [
        ("Qarachogh", "Qarachokh", "Qara Chogh", "Qara Chokh", "Karachokh"),
        ("Tuz Khurmatu", "Tooz Khormato", "Touz Khourmatou", "Ţūzkhūrmātū", "Tuzkhurmatu"),
        ("Makhmour", "Makhmur", "Mexmûr", "Makhmoor"),
        ("Hawija", "Hawijah", "Ḩawījah", "Huwija"),
        ("Saladin", "Salah ad-Din", "Salah al-Din"),
        ("Tal Afar", "Tall Afar", "Tel Afar", "Tall ʿAfar"),
    ],
)
def test_skeleton_equates_romanisations(group):
    assert len({skeleton(x) for x in group}) == 1, {x: skeleton(x) for x in group}


def test_skeleton_keeps_different_places_apart():
    assert skeleton("Kirkuk") != skeleton("Erbil")
    assert skeleton("Mosul") != skeleton("Basra")
    assert skeleton("Sinjar") != skeleton("Shingal")  # an alias, not a spelling variant


def test_skeleton_arabic_drops_long_vowels():
    assert skeleton("طوز خورماتو") == skeleton("طوزخرماتو")
    assert skeleton("مخمور") == skeleton("مخمر")


def test_keys_pairs_both():
    assert keys("Ḩawījah town") == (normalize("Ḩawījah town"), skeleton("Ḩawījah town"))


def test_clean_keeps_punctuation_for_composites():
    assert clean("Iraq–Syria border") == "iraq-syria border"
    assert clean("Hawija, Kirkuk") == "hawija, kirkuk"


@pytest.mark.parametrize(
    ("raw", "core", "cls"),
    [
        ("Hamrin mountains", "hamrin", "mountain"),
        ("Jabal Hamrin", "hamrin", "mountain"),
        ("Qaḑā’ Makhmūr", "makhmur", "adm2"),
        ("Makhmour district", "makhmour", "adm2"),
        ("Nāḩiyat Hamrin", "hamrin", "adm3"),
        ("Kirkuk province", "kirkuk", "adm1"),
        ("Kirkuk governorate", "kirkuk", "adm1"),
        ("Muhafazat Diyala", "diyala", "adm1"),
        ("Diyala river", "diyala", "river"),
        ("Nahr Diyala", "diyala", "river"),
        ("Lake Tharthar", "tharthar", "lake"),
        ("Ḩawījah town", "hawijah", "locality"),
        ("Ţūzkhūrmātū air base", "tuzkhurmatu", "base"),
        ("Rabia border crossing", "rabia", "border"),
        ("Wadi Hauran", "hauran", "wadi"),
        ("Çiyayê Hemrîn", "hemrin", "mountain"),
        ("جبل حمرين", normalize("حمرين"), "mountain"),
        ("محافظة ديالى", normalize("ديالى"), "adm1"),
    ],
)
def test_split_generic(raw, core, cls):
    got_core, classes = split_generic(raw)
    assert got_core == core
    assert cls in classes


def test_split_generic_never_strips_everything_or_the_middle():
    assert split_generic("Lake") == ("lake", ())
    assert split_generic("Mosul Dam Lake")[0] == "mosul dam"


def test_generic_words_cover_the_documented_classes():
    words = generic_words()
    assert set(words.values()) <= set(GENERIC_CLASSES)
    for w in ("town", "city", "village", "district", "qada", "nahiya", "province", "governorate",
              "mountains", "jabal", "lake", "river", "wadi", "dam", "air base", "border", "crossing"):
        assert normalize(w) in words, w
    assert "western" in DIRECTIONAL_WORDS


def test_is_arabic_script():
    assert is_arabic_script("كركوك") and is_arabic_script("هەولێر")
    assert not is_arabic_script("Kirkuk")


def test_skeleton_and_vowel_fold_agree_with_the_stored_index_for_every_key():
    # The names index stores each key's skeleton and vowel-class fold (built by
    # scripts/build_names_index.py); the functions used on queries must give the same text.
    from geoincidents.gazetteer import Gazetteer, _vfold

    _, _, keys, folded, skels = Gazetteer.default()._deletion_index()
    assert len(keys) > 100_000
    assert [k for k, s in zip(keys, skels) if skeleton.__wrapped__(k) != s] == []
    assert [k for k, f in zip(keys, folded) if _vfold.__wrapped__(k) != f] == []


def test_batch_folds_equal_the_per_key_functions():
    # The fuzzy batch folds its keys joined by newlines; every key of the index and random
    # text (articles, generic words, final h, digraphs, Arabic letters, newlines) must fold
    # exactly as the per-key functions fold it.
    import random

    from geoincidents.gazetteer import Gazetteer, _vfold, _vfold_many
    from geoincidents.normalize import skeletons_of_keys

    _, _, keys, _, _ = Gazetteer.default()._deletion_index()
    keys = list(keys)
    rnd = random.Random(7)
    alphabet = list("aeiouhkgsztdcqxyvwp hh  ــاويةهe-'_.,ḩ\n\t\x1c\ud800") + ["al ", " village", "qarya ", "ash ", " ah",
                                                                         "tch", "oo", "hh", "ih ", "\U0001F600"]
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 10))) for _ in range(50_000)]
    for batch in (keys, texts, [t for t in texts if "\n" not in t]):
        assert _vfold_many(batch) == [_vfold.__wrapped__(k) for k in batch]
    cores = [split_generic(t)[0] for t in texts]
    for batch in (keys, [normalize(t) for t in texts], cores):
        assert skeletons_of_keys(batch) == [skeleton.__wrapped__(k) for k in batch]
    for batch in (texts, [t for t in texts if t.isascii()]):  # not keys: no shortcut may apply
        assert skeletons_of_keys(batch) == [skeleton.__wrapped__(k) for k in batch]
    # normalize is not idempotent on this key ("ash" goes in a second pass): the skeleton of
    # the key is the one of its normalisation, as skeleton() computes it
    assert skeletons_of_keys(["ash shash p", "tuz"]) == [skeleton("ash shash p"), skeleton("tuz")]
    assert _vfold_many([]) == [] and skeletons_of_keys([]) == []


def test_normalize_many_and_split_key_equal_the_per_name_functions():
    import random

    from geoincidents.gazetteer import Gazetteer
    from geoincidents.normalize import normalize_many, split_key

    rnd = random.Random(6)
    alphabet = [*"abcdeghiklmnoqrstuyz   -_'`\\\".,()&/\n\t\x00\x7f\x1c\x0bAL09", "al-", " al ", "ash ", "ḩ", "ال",
                " ad-d", "Al ", "_al-x", " village", "qarya "]
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(50_000)]
    gaz = Gazetteer.default()
    for batch in (texts, [t for t in texts if "\n" not in t], list(gaz._e["name"])):
        keys, cleaned = normalize_many(batch, with_clean=True)
        assert keys == [normalize.__wrapped__(t) for t in batch]
        assert cleaned == [clean.__wrapped__(t) for t in batch]
        assert normalize_many(batch) == keys
        assert [split_key(k) for k in keys] == [split_generic.__wrapped__(k) for k in keys]
    assert normalize_many([]) == []

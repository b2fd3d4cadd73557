"""Place-name normalisation: the matching keys of the gazetteer and the geoparser.

This module owns how a place name is turned into comparable keys. It is pure Python over the
standard library (no data, no heavy imports), so it is cheap to import anywhere.

Public functions
----------------
``clean(text) -> str``
    Unicode clean-up only: NFKC, control and format characters (RTL/LTR marks, zero-width
    joiners, BOM) removed, case folded, Latin diacritics and Arabic harakat dropped, ʿayn/hamza
    marks (‘ ’ ʿ ʾ ' ` ´) dropped, Arabic letter variants folded. Punctuation is kept, so
    composite parsers can still see "Iraq-Syria" or "Hawija, Kirkuk".
``normalize(text) -> str``
    The *exact-ish key*: :func:`clean`, then article forms removed (``al-``, ``el-``, sun-letter
    forms ``ad-``, ``as-``, ``ash-``, ``at-``, ``az-``, ``an-``, ``ar-`` ..., a separate word
    "Al", the Arabic ``ال``) and every run of punctuation/space collapsed to one space.
    "Ḩawījah" -> ``"hawijah"``, "Salah ad-Din" -> ``"salah din"``, "الحويجة" -> ``"حويجه"``.
``skeleton(text) -> str``
    The *phonetic skeleton key* built from :func:`normalize`: spaces removed, romanisation
    variants folded (kh/gh/q/k/x, ch/c/tch, sh/s, dh/d/z, th/t, ph/f, ou/oo/u/w, ee/i/y,
    final -ah/-eh/-a), vowels dropped and doubled letters collapsed. "Qarachogh" ==
    "Qarachokh", "Tooz Khormato" == "Tuz Khurmatu" == "Ţūzkhūrmātū". Arabic script gets the
    same idea: Persian/Kurdish letters folded to Arabic ones, long vowels after the first
    letter dropped. Never empty for a non-empty :func:`normalize` key.
``keys(text) -> tuple[str, str]``
    ``(normalize(text), skeleton(text))`` in one call.
``split_generic(text) -> tuple[str, tuple[str, ...]]``
    Strips one generic phrase ("town", "district", "Qaḑā’", "Jabal", "mountains", "air base",
    "province", "river", "lake" ...) from the end and one from the start of the normalised key and returns
    the remaining core key and the feature classes the generic words are evidence of, e.g.
    "Hamrin mountains" -> ``("hamrin", ("mountain",))``, "Qaḑā’ Makhmūr" ->
    ``("makhmur", ("adm2",))``. Words in the middle are never stripped ("Mosul Dam Lake" ->
    ``("mosul dam", ("lake",))``). If stripping would leave nothing, the key is kept whole.
``generic_words() -> dict[str, str]``
    Every generic word form (as a normalised key, Latin and Arabic/Kurdish script) and its
    feature class. The classes are :data:`GENERIC_CLASSES`.
``DIRECTIONAL_WORDS``
    Directional qualifiers ("western", "north", "شمال" ...) as normalised keys.
``is_arabic_script(text) -> bool``
    True when the text contains Arabic-script letters (Arabic, Persian, Kurdish Sorani).

All functions accept any ``str`` and are total (they never raise for odd Unicode); they are
idempotent: ``normalize(normalize(x)) == normalize(x)`` and the same for :func:`clean` and
:func:`skeleton` applied to its own output's source key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

__all__ = [
    "clean",
    "normalize",
    "skeleton",
    "keys",
    "split_generic",
    "generic_words",
    "is_arabic_script",
    "GENERIC_CLASSES",
    "DIRECTIONAL_WORDS",
]

# --------------------------------------------------------------------------- clean

# Characters that NFD does not decompose into base + combining mark, but that reporters and
# transliteration schemes use as plain letters; and the ʿayn/hamza marks we drop.
_LATIN_FOLD = {
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ə": "e", "ɛ": "e",
    "æ": "ae", "œ": "oe", "ŀ": "l", "ħ": "h",
}
_MARKS = "‘’‚‛ʿʾʼʻʽ'`´′″“”\"ʹ"
# Arabic-script letter variants folded to one form. Alef forms and hamza carriers are handled
# by NFD (they decompose to the bare letter + a combining hamza/madda that we drop).
_ARABIC_FOLD = {
    "ة": "ه",  # taa marbuta
    "ى": "ي",  # alef maqsura
    "ی": "ي",  # Persian/Kurdish yeh
    "ێ": "ي",  # Kurdish yeh with small v
    "ې": "ي",
    "ۍ": "ي",
    "ک": "ك",  # keheh
    "ڪ": "ك",
    "ە": "ه",  # Kurdish ae
    "ھ": "ه",  # heh doachashmee (Sorani h)
    "ۀ": "ه",
    "ہ": "ه",
    "ۆ": "و",  # Kurdish o
    "ۇ": "و",
    "ۊ": "و",
    "ڕ": "ر",  # Kurdish rr
    "ڵ": "ل",  # Kurdish ll
    "ٱ": "ا",  # alef wasla
    "ء": "",  # bare hamza
    "ـ": "",  # tatweel
    "\u0670": "",  # superscript alef
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\ufe58\ufe63\uff0d"}
_TRANS = str.maketrans(
    {**_LATIN_FOLD, **_ARABIC_FOLD, **_DIGITS, **_DASHES, **{c: "" for c in _MARKS}}
)


def _is_arabic_char(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def is_arabic_script(text: str) -> bool:
    """True when ``text`` contains an Arabic-script letter (Arabic, Persian, Sorani Kurdish)."""
    return any(_is_arabic_char(ch) and ch.isalpha() for ch in text)


class _FoldTable(dict):
    """``str.translate`` table: our folds, plus every other character by Unicode category.

    Combining marks and format characters (harakat, diacritics after NFD, RTL/LTR marks,
    zero-width joiners) are dropped; controls, separators, surrogates and unassigned code
    points become spaces. Categories are looked up once per distinct character.
    """

    def __missing__(self, cp: int):
        cat = unicodedata.category(chr(cp))
        if cat in ("Mn", "Me", "Cf"):
            value = None
        elif cat in ("Cc", "Zs", "Zl", "Zp", "Cs", "Co", "Cn"):
            value = " "
        else:
            value = chr(cp)
        self[cp] = value
        return value


_FOLD = _FoldTable(_TRANS)
_ASCII_FOLD = str.maketrans({**{chr(i): " " for i in (*range(32), 127)}, "'": "", "`": "", '"': ""})


_CACHE_MAX = 200_000


def _memo(fn: Callable[[str], Any]) -> Any:
    """Memoise a str -> str function in a plain dict (cleared when full).

    A dict holding only strings is not tracked by the garbage collector, unlike the linked
    nodes of ``functools.lru_cache``; with hundreds of thousands of cached names that keeps
    Python's full collections from stalling batch resolution.
    """
    cache: dict = {}

    def wrapper(text: Any) -> Any:
        try:
            return cache[text]
        except KeyError:
            pass
        except TypeError:  # unhashable input: let the function report it
            return fn(text)
        value = fn(text)
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        cache[text] = value
        return value

    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper


@_memo
def clean(text: str) -> str:
    """Unicode clean-up of a name, punctuation kept (see the module docstring)."""
    if not text:
        return ""
    if text.isascii():  # the common case, and the same result as the general path
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    s = unicodedata.normalize("NFKC", text).casefold()
    s = unicodedata.normalize("NFD", s).translate(_FOLD)
    s = unicodedata.normalize("NFC", s)
    # NFC may recompose a letter we folded with a mark we dropped only if marks remain; they
    # do not, but the casefold of a few recomposed letters can differ, so fold once more.
    s = s.casefold()
    return " ".join(s.split())


# --------------------------------------------------------------------------- normalize

_SUN_ARTICLES = ("al", "el", "ad", "adh", "as", "ash", "at", "ath", "az", "an", "ar", "ud", "ul", "il")
_ARTICLE_TOKENS = frozenset(_SUN_ARTICLES)
# "al-" / "el-" / sun-letter forms glued with a hyphen to the next word, at a word start.
_HYPHEN_ARTICLE = re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(_SUN_ARTICLES, key=len, reverse=True)) + r")-(?=\w)")
_NON_WORD = re.compile(r"[\W_]+")


def _strip_articles(tokens: list[str]) -> list[str]:
    out: list[str] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n else ""
        if nxt and tok in ("al", "el"):
            continue  # "Al Hawija", "El Kef": a separate article word
        if nxt and tok in _SUN_ARTICLES and len(tok) >= 2 and nxt.startswith(tok[1:]):
            continue  # "Ash Sharqat", "Ad Dujayl", "As Sulaymaniyah"
        if len(tok) > 3 and tok.startswith("ال") and not tok.startswith("ال", 2):
            tok = tok[2:]  # Arabic article (once, so normalising twice changes nothing)
        out.append(tok)
    return out or tokens


@_memo
def normalize(text: str) -> str:
    """The exact-ish matching key of a name (see the module docstring)."""
    s = clean(text)
    if not s:
        return ""
    s = _HYPHEN_ARTICLE.sub("", s)
    tokens = [t for t in _NON_WORD.split(s) if t]
    if not tokens:
        return ""
    return " ".join(_strip_articles(tokens))


# Byte tables of normalize_many's ASCII path: _ASCII_FOLD with the newline kept (it separates
# the texts), and every byte that is not a letter or digit of the result to a space (the
# ``_NON_WORD`` split: non-word characters and "_"; the newline kept).
_ASCII_FOLD_BYTES = bytes(32 if (b < 32 or b == 127) and b != 10 else b for b in range(256))
_ASCII_FOLD_DROP = b"'`\""
_NON_WORD_BYTES = bytes(b if b == 10 or chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256))
_HYPHEN_ARTICLE_BYTES = re.compile(_HYPHEN_ARTICLE.pattern.encode())


def normalize_many(texts: list[str], *, with_clean: bool = False):
    """``normalize(t)`` for each text, not memoised; the ASCII texts (most names) normalised
    together, one pass of each step over their newline-joined bytes.

    The same result as :func:`normalize`: the ASCII :func:`clean` is lower-case and the fold
    table, then whitespace collapsed, which changes nothing the article pattern or the split
    into words sees (whitespace is a non-word character either way); the newline, which the
    fold table would make a space, separates the texts and is never part of a match here.
    Other texts (and any holding a newline) go one by one. With ``with_clean``, returns
    ``(keys, [clean(t) for t in texts])``.
    """
    out = [""] * len(texts)
    cleaned = [""] * len(texts) if with_clean else None
    asc = [i for i, t in enumerate(texts) if t.isascii() and "\n" not in t]
    if asc:
        b = "\n".join([texts[i] for i in asc]).encode("ascii").lower().translate(_ASCII_FOLD_BYTES, _ASCII_FOLD_DROP)
        if cleaned is not None:
            for i, line in zip(asc, b.decode("ascii").split("\n")):
                cleaned[i] = " ".join(line.split())
        if b"-" in b:
            b = _HYPHEN_ARTICLE_BYTES.sub(b"", b)
        for i, line in zip(asc, b.translate(_NON_WORD_BYTES).decode("ascii").split("\n")):
            tokens = line.split()
            out[i] = " ".join(tokens if _ARTICLE_TOKENS.isdisjoint(tokens) else _strip_articles(tokens))
    if len(asc) < len(texts):
        norm = normalize.__wrapped__
        done = set(asc)
        for i, t in enumerate(texts):
            if i not in done:
                out[i] = norm(t)
                if cleaned is not None:
                    cleaned[i] = clean(t)
    return out if cleaned is None else (out, cleaned)


# --------------------------------------------------------------------------- skeleton

# Ordered: digraphs before single letters.
_LATIN_DIGRAPHS = (
    ("tch", "c"), ("kh", "k"), ("gh", "k"), ("ch", "c"), ("sh", "s"), ("dh", "d"), ("zh", "j"),
    ("th", "t"), ("ph", "f"), ("ck", "k"),
)
_LATIN_SINGLE = str.maketrans({"q": "k", "x": "k", "z": "d", "v": "f", "w": "u", "y": "i"})
_VOWELS = set("aeiou")
_DOUBLE = re.compile(r"(.)\1+")
_RUN = re.compile(r"(.)\1")
# -ah / -eh / -iyah at the end of a word of three letters or more (see _latin_skeleton)
# The lookbehind after the "h" (the same three characters as "(?<=\S[aeiou])h") lets the
# regex engine jump from one "h" to the next instead of trying every position.
_WORD_FINAL_H = re.compile(r"h(?<=\S[aeiou]h)(?!\S)")
_DROP_VOWELS_SPACES = str.maketrans("", "", "aeiou ")
_ARABIC_SKEL = str.maketrans({
    "گ": "ك", "چ": "ج", "پ": "ب", "ڤ": "ف", "ژ": "ز", "ڨ": "ق", "ؤ": "و", "ئ": "ي", "أ": "ا",
    "إ": "ا", "آ": "ا",
})
_ARABIC_LONG_VOWELS = set("اوي")


def _latin_skeleton(word: str) -> str:
    for a, b in _LATIN_DIGRAPHS:
        if a in word:
            word = word.replace(a, b)
    word = word.translate(_LATIN_SINGLE)
    # -ah / -eh / -iyah endings: the final h after a vowel is a romanised taa marbuta.
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:
        word = word[:-1]
    out: list[str] = []
    for ch in word:
        if ch in _VOWELS:
            continue
        if out and out[-1] == ch:
            continue  # doubled letters
        out.append(ch)
    return "".join(out)


def _arabic_skeleton(word: str) -> str:
    word = word.translate(_ARABIC_SKEL)
    if len(word) > 1 and word[-1] == "ه":
        word = word[:-1]
    out = [word[0]] if word else []
    for ch in word[1:]:
        if ch in _ARABIC_LONG_VOWELS:
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)


def fold_letters(key: str, digraphs: tuple[tuple[str, str], ...], single: dict, final_h: re.Pattern,
                 drop: dict | None = None) -> str:
    """Romanisation folding of a Latin-script key: the digraphs in order, then single letters
    (a ``str.maketrans`` table), a word-final h after a vowel (``final_h`` says which), the
    ``drop`` letters, and finally runs of one letter collapsed. The skeleton and the
    gazetteer's vowel-class fold are this with their own tables."""
    s = _fold_steps(key, digraphs, single, final_h, drop)
    return _DOUBLE.sub(r"\1", s) if _RUN.search(s) else s


def _fold_steps(s: str, digraphs: tuple[tuple[str, str], ...], single: dict, final_h: re.Pattern,
                drop: dict | None) -> str:
    """The folding steps before runs are collapsed (shared by one key and many keys)."""
    for a, b in digraphs:
        if a in s:
            s = s.replace(a, b)
    s = s.translate(single)
    if "h" in s:
        s = final_h.sub("", s)
    if drop is not None:
        s = s.translate(drop)
    return s


def fold_letters_many(keys: list[str], digraphs: tuple[tuple[str, str], ...], single: dict,
                      final_h: re.Pattern, drop: dict | None = None) -> list[str]:
    """:func:`fold_letters` of each key, done on the keys joined by newlines: one pass of each
    step over the whole text instead of a call chain per key. The same result: no digraph,
    table entry or run spans a newline, and ``final_h`` sees a newline as it sees the end of
    a key (callers' patterns use ``\\b`` / ``\\S`` / ``.``, none of which match a newline).
    Keys holding a newline are folded one by one."""
    text = "\n".join(keys)
    if not keys or text.count("\n") != len(keys) - 1:
        return [fold_letters(k, digraphs, single, final_h, drop) for k in keys]
    text = _fold_steps(text, digraphs, single, final_h, drop)
    import numpy as np  # only here: the module stays cheap to import

    # runs of one letter collapsed (``_DOUBLE``, whose "." stops at a newline) over code points
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    keep = np.empty(len(cp), dtype=bool)
    keep[:1] = True
    np.not_equal(cp[1:], cp[:-1], out=keep[1:])
    keep |= cp == 10
    return cp[keep].tobytes().decode("utf-32-le", "surrogatepass").split("\n")


_KEY_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789 \n"


def skeletons_of_keys(keys: list[str]) -> list[str]:
    """``skeleton(k)`` for each key, not memoised; plain keys folded together by
    :func:`fold_letters_many`.

    A plain key is lower-case ASCII letters and digits in words joined by single spaces, with
    no article word: :func:`normalize` leaves it as it is, so its skeleton is the fold of the
    key itself. Any other key (Arabic script, an article word that a second normalisation
    would strip, ...) goes through :func:`skeleton` one by one.
    """
    text = "\n".join(keys)
    plain_text = (text.isascii() and not text.encode("ascii").translate(None, _KEY_BYTES) and "  " not in text
                  and " \n" not in text and "\n " not in text and text[:1] != " " and text[-1:] != " "
                  and text.count("\n") == len(keys) - 1)
    skel = skeleton.__wrapped__
    if not plain_text:
        return [skel(k) for k in keys]
    arts = _ARTICLE_TOKENS
    out = list(keys)
    plain = []
    for i, k in enumerate(keys):
        if arts.isdisjoint(k.split(" ")):
            plain.append(i)
        else:
            out[i] = skel(k)
    folded = fold_letters_many([keys[i] for i in plain], _LATIN_DIGRAPHS, _LATIN_SINGLE, _WORD_FINAL_H,
                               _DROP_VOWELS_SPACES)
    for i, s in zip(plain, folded):
        out[i] = s or keys[i].replace(" ", "")
    return out


@_memo
def skeleton(text: str) -> str:
    """The phonetic skeleton key of a name (see the module docstring)."""
    key = normalize(text)
    if not key:
        return ""
    if key.isascii():
        # _latin_skeleton of each word, joined, runs collapsed - done on the whole key at once
        # (no digraph spans a space; the final-h rule looks at each word's end).
        s = fold_letters(key, _LATIN_DIGRAPHS, _LATIN_SINGLE, _WORD_FINAL_H, _DROP_VOWELS_SPACES)
        return s or key.replace(" ", "")
    parts: list[str] = []
    for word in key.split():
        # Split into script runs so mixed-script words fold each part by its own rules.
        run = ""
        arabic: bool | None = None
        for ch in word:
            a = _is_arabic_char(ch)
            if arabic is None or a == arabic:
                run += ch
            else:
                parts.append(_arabic_skeleton(run) if arabic else _latin_skeleton(run))
                run = ch
            arabic = a
        if run:
            parts.append(_arabic_skeleton(run) if arabic else _latin_skeleton(run))
    skel = "".join(parts)
    # Doubled letters across word joins ("Salah ad-Din" / "Salahaddin").
    skel = _DOUBLE.sub(r"\1", skel)
    return skel or key.replace(" ", "")


def keys(text: str) -> tuple[str, str]:
    """``(normalize(text), skeleton(text))``."""
    return normalize(text), skeleton(text)


# --------------------------------------------------------------------------- generic words

#: Directional qualifiers ("western Kirkuk", "north of Mosul"): context, never part of a name.
DIRECTIONAL_WORDS = frozenset({
    "north", "northern", "south", "southern", "east", "eastern", "west", "western", "central",
    "northeast", "northeastern", "northwest", "northwestern", "southeast", "southeastern",
    "southwest", "southwestern", "north east", "north west", "south east", "south west",
    "upper", "lower", "greater", "outer", "inner", "rural", "شمال", "جنوب", "شرق", "غرب",
    "شمالي", "جنوبي", "شرقي", "غربي", "وسط",
})

#: Feature classes that generic words are evidence of.
GENERIC_CLASSES = (
    "locality", "adm1", "adm2", "adm3", "mountain", "lake", "river", "wadi", "dam", "base",
    "border", "road", "oilfield", "camp", "desert", "plain", "region",
)

_GENERIC_RAW: dict[str, tuple[str, ...]] = {
    "locality": (
        "town", "city", "village", "villages", "locality", "hamlet", "settlement", "qarya",
        "qaryat", "madinat", "madina", "madinah", "gund", "gundi", "bajar", "bajari", "shar",
        "قريه", "مدينه", "بلده", "قضبه", "گوند", "گوندی", "شار", "شاری", "ناحيه مركز",
        "town center", "town centre", "city center", "city centre", "downtown",
    ),
    "adm2": (
        "district", "districts", "qadha", "qada", "qadaa", "qaza", "qadhaa", "kaza", "qadha'",
        "قضا", "قضاء", "قەزا", "قەزای",
    ),
    "adm3": (
        "sub district", "subdistrict", "sub districts", "subdistricts", "nahiya", "nahiyah",
        "nahiyat", "nahia", "nahie", "nahya", "ناحيه", "ناحیه", "ناحیەی",
    ),
    "adm1": (
        "province", "provinces", "governorate", "governorates", "muhafazah", "muhafaza",
        "muhafazat", "mohafaza", "liwa", "wilayat", "parezga", "parezgay", "parezgeha",
        "محافظه", "لواء", "پارێزگا", "پارێزگای",
    ),
    "mountain": (
        "mountains", "mountain", "mts", "mt", "mount", "mountain range", "range", "hills", "hill",
        "ridge", "jabal", "jebel", "jebal", "djebel", "jibal", "jabel", "chiya", "ciya", "chia",
        "çiya", "çiyayê", "kew", "جبل", "جبال", "چیا", "چیای", "سلسله جبال",
    ),
    "lake": ("lake", "lakes", "buhayrat", "buhayra", "buhairat", "buhaira", "bahrat", "بحيره", "دەریاچە", "دەریاچەی"),
    "river": ("river", "nahr", "shatt", "rubar", "rûbar", "çem", "نهر", "شط", "روبار", "ڕووبار", "ڕووباری"),
    "wadi": ("wadi", "valley", "wady", "وادي", "دۆڵ", "دۆڵی"),
    "dam": ("dam", "sadd", "sad", "barrage", "سد", "بەنداو", "بەنداوی"),
    "base": (
        "base", "air base", "airbase", "airfield", "air field", "airport", "military base",
        "military airport", "garrison", "fob", "forward operating base", "qaida", "qaidat",
        "قاعده", "مطار", "بنکه", "بنکەی",
    ),
    "camp": ("camp", "refugee camp", "idp camp", "مخيم", "کەمپ", "کەمپی"),
    "border": (
        "border", "borders", "border crossing", "crossing", "border post", "frontier",
        "border area", "border region", "منفذ", "معبر", "حدود", "سنور", "سنووری",
    ),
    "road": ("road", "highway", "route", "motorway", "tariq", "expressway", "طريق", "ڕێگا", "ڕێگای"),
    "oilfield": ("oil field", "oilfield", "field", "oil fields", "gas field", "حقل", "حقل نفط"),
    "desert": ("desert", "badiya", "badiyat", "badia", "صحراء", "باديه"),
    "plain": ("plain", "plains", "sahl", "سهل", "دەشت", "دەشتی"),
    "region": ("region", "area", "areas", "outskirts", "countryside", "environs", "vicinity", "منطقه"),
}


@lru_cache(maxsize=1)
def generic_words() -> dict[str, str]:
    """Every generic word form as a normalised key -> its feature class."""
    out: dict[str, str] = {}
    for cls, words in _GENERIC_RAW.items():
        for w in words:
            k = normalize(w)
            if k and k not in out:
                out[k] = cls
    return out


@lru_cache(maxsize=1)
def _generic_tokens() -> frozenset[str]:
    """Every word that occurs in a generic phrase."""
    return frozenset(w for k in generic_words() for w in k.split())


@lru_cache(maxsize=1)
def _generic_by_len() -> tuple[tuple[int, dict[tuple[str, ...], str]], ...]:
    by: dict[int, dict[tuple[str, ...], str]] = {}
    for k, cls in generic_words().items():
        toks = tuple(k.split())
        by.setdefault(len(toks), {})[toks] = cls
    return tuple(sorted(by.items(), reverse=True))


@_memo
def split_generic(text: str) -> tuple[str, tuple[str, ...]]:
    """Core key without leading/trailing generic words, and the classes they indicate."""
    return _split_normalized(normalize(text))


@lru_cache(maxsize=1)
def split_words() -> frozenset[str]:
    """The words :func:`split_generic` acts on (generic-phrase and article words): a key with
    none of them (and no Arabic article) is its own core, with no class."""
    return _generic_tokens() | _ARTICLE_TOKENS


def split_key(key: str) -> tuple[str, tuple[str, ...]]:
    """``split_generic(key)`` for a key that is a :func:`normalize` output; not memoised.

    Such a key in lower-case ASCII with no article word is its own normalisation; any other
    is normalised again first, as :func:`split_generic` does (a second pass can strip more:
    "ash al shash" -> "ash shash" -> "shash").
    """
    if not (key.isascii() and _ARTICLE_TOKENS.isdisjoint(key.split())):
        return _split_normalized(normalize.__wrapped__(key))
    return _split_normalized(key)


def _split_normalized(key: str) -> tuple[str, tuple[str, ...]]:
    tokens = key.split()
    if not tokens:
        return "", ()
    if _generic_tokens().isdisjoint(tokens) and _ARTICLE_TOKENS.isdisjoint(tokens) and "ال" not in key:
        return key, ()  # no generic word and no article: most names, settled by two set tests
    classes: list[str] = []
    table = _generic_by_len()
    # At most one generic phrase at the end and one at the start: "Mosul Dam Lake" is a lake
    # whose name is "Mosul Dam", not a dam.
    for n, words in table:
        if len(tokens) > n and tuple(tokens[-n:]) in words:
            classes.append(words[tuple(tokens[-n:])])
            tokens = tokens[:-n]
            break
    for n, words in table:
        if len(tokens) > n and tuple(tokens[:n]) in words:
            classes.append(words[tuple(tokens[:n])])
            tokens = tokens[n:]
            break
    core = " ".join(_strip_articles(tokens)) if tokens else ""
    seen: dict[str, None] = {}
    for c in classes:
        seen.setdefault(c, None)
    return core, tuple(seen)

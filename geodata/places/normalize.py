"""Name normalisation shared by the gazetteer index and the geoparser.

Both sides must reduce a name to the same key, so that "Wŏnsan", "Wonsan", "Namp'o", "Namp’o" and
"Nampo" meet in the index, and "U.S." meets "US". A second, looser key (the skeleton) absorbs
transliteration variants such as "Zaporizhzhia"/"Zaporizhzhya"; exonyms like "Kiev"/"Kyiv" come from the
alternate names of GeoNames instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘ʼʻ`´′ʹ"
_DASHES = "-‐‑‒–—―"
_DROP = str.maketrans("", "", _APOSTROPHES)
_SPACE = str.maketrans({c: " " for c in _DASHES + "_/"})
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th",
                          "œ": "oe"})
_WS = re.compile(r"\s+")
_ACRONYM = re.compile(r"(?:(?<![^\W\d_])[^\W\d_]\.){2,}")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive key of a name."""
    text = name.casefold().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.translate(_DROP).translate(_SPACE).replace(".", " ")
    return _WS.sub(" ", text).strip()


_SKELETON_RULES = [
    (re.compile(r"(.)\1+"), r"\1"),   # doubled letters: Zaporizhzhia has none, Tallinn/Talin, Ussuriisk
    (re.compile(r"[yj]"), "i"),        # ya/ia, iy/y, j/y transliterations
    (re.compile(r"ii+"), "i"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ie"), "e"),
]


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """A looser key for transliteration variants; used only when the exact key finds nothing."""
    text = normalize(name).replace(" ", "")
    for pattern, repl in _SKELETON_RULES:
        text = pattern.sub(repl, text)
    return text


def is_latin_cyrillic_or_hangul(name: str) -> bool:
    """Scripts kept in the index: names in news text we read are in these, others only bloat it."""
    for char in name:
        if char.isalpha():
            code = ord(char)
            if not (code < 0x0250 or 0x1E00 <= code < 0x1F00 or 0x0400 <= code < 0x0530
                    or 0xAC00 <= code < 0xD7B0 or 0x1100 <= code < 0x1200 or 0x3130 <= code < 0x3190):
                return False
    return True

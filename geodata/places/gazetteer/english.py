"""English display names for regions, and the alternate names that are only translated English words.

ISO 3166-2 names a subdivision in its own language's romanisation ("Rjazanskaja oblast'", "P'yǒngyang",
"Seoul-teukbyeolsi") and lists other names with a language tag, English ones tagged "(eng)". Those English
names mix exonyms ("Damascus", "Bavaria"), transliterations ("Ningrahar") and nicknames or word-for-word
translations ("Land of Kings", "Western Coast", "Large Hill"). A reader of English news expects the exonym,
so the display name is the first English name that is a name rather than a phrase of ordinary words, unless
the local name itself is the one English text uses far more often (wordfreq tells "Nangarhar" from
"Ningrahar"). The local names stay as alternates, so matching is unchanged.

Translated alternates made only of ordinary English words ("White House" for Casablanca, "Large Hill" for
Daegu) would match English phrases that are no place at all; `is_translated_phrase` finds them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geodata.places.normalize import normalize

ENGLISH_TAG = "(eng)"
# Marks of romanisation schemes (macron, dot below, breve, caron, cedilla, line below) that English drops.
_ROMANISATION_MARKS = frozenset({"\u0304", "\u0323", "\u0306", "\u030c", "\u0327", "\u0331", "\u0326"})
_AYN_HAMZA = "‘’ʻʼ`"
# Local designators the English name carries as a word after it: "Ryazan Oblast", "Altai Krai".
_DESIGNATORS = {"oblast": "Oblast", "oblast'": "Oblast", "kraj": "Krai", "kray": "Krai", "krai": "Krai"}
# Words of local languages that say what kind of unit a name is; their English names are what news uses.
_LOCAL_UNIT_WORDS = frozenset({
    "oblast", "oblast'", "kraj", "kray", "respublika", "okrug", "avtonomnyj", "avtonomnyy", "avtonomnaja",
    "sheng", "shi", "zizhiqu", "do", "si", "namdo", "bukto", "teukbyeolsi", "gwangyeoksi", "teukbyeoljachido",
    "teukbyeoljachisi", "respublikasi", "viloyati", "oblysy", "voblasts", "mkhare", "marz"})
ENGLISH_USAGE_ZIPF = 2.5  # a local spelling this frequent in English text is itself the English name
MAX_WORDS = 3            # a longer English "name" is a description ("Free and Sovereign State of ...")
COMMON_WORD_ZIPF = 4.0   # a one-word alternate this common in English is read as the word


@lru_cache(maxsize=1)
def lowercase_words() -> frozenset[str]:
    """Words a dictionary writes in lower case: "nice" and "reading" are words, "london" is not."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def is_translated_phrase(name: str) -> bool:
    """Whether a name is made only of ordinary English words ("White House", "Land of Kings", "Waterfalls")."""
    words = normalize(name).split()
    lower = lowercase_words()
    return bool(words) and all(w in lower or w.endswith("s") and w[:-1] in lower for w in words)


def is_false_friend(name: str) -> bool:
    """An alternate name that reads as English words: several ordinary words, or one common word.

    "White House" (Casablanca), "Large Hill" (Daegu), "Island" (Iceland's own name) would match English
    text that names no place. A single rare word stays: "Leghorn" and "Canton" are old English exonyms.
    """
    if not is_translated_phrase(name):
        return False
    words = normalize(name).split()
    if len(words) > 1:
        return True
    from wordfreq import zipf_frequency

    return zipf_frequency(words[0], "en") >= COMMON_WORD_ZIPF


FREQUENT_WORD_ZIPF = 3.5   # "Taliban", "Ireland", "Discovery": more often the word than a village's alias


def is_frequent_word(name: str) -> bool:
    """A one-word name English text uses often, whatever it means: as a small town's alias it misleads.

    GeoNames gives villages aliases such as "Taliban", "Ireland" or "Garden"; in English news these words
    are the movement, the country or the noun, never the village.
    """
    key = normalize(name)
    if " " in key:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= FREQUENT_WORD_ZIPF


def fold_romanisation(name: str) -> str:
    """ "Nangarhār" -> "Nangarhar", "‘Adan" -> "Adan": drop transliteration marks, keep letters like ü and é."""
    decomposed = unicodedata.normalize("NFD", name)
    kept = "".join(c for c in decomposed if c not in _ROMANISATION_MARKS)
    return unicodedata.normalize("NFC", kept).strip(_AYN_HAMZA).strip()


_SOFT_SIGN = re.compile(r"(?<=[^\W\d_])[’ʹ](?![^\W\d_])")


def plain_spelling(name: str) -> str:
    """ "Ryazan’" -> "Ryazan", "Ḩarastā" -> "Harasta": a GeoNames name as English text spells it.

    A soft sign at the end of a word (BGN's ’ or ʹ) goes; apostrophes inside a word ("N'Djamena") stay.
    """
    return fold_romanisation(_SOFT_SIGN.sub("", name))


def tagged_names(other_names: str, tag: str = ENGLISH_TAG) -> list[str]:
    """Names carrying a language tag in an iso3166-2 `localOtherName` field ("Ryazan (eng), ...")."""
    return [part.strip()[: -len(tag)].strip() for part in other_names.split(",") if part.strip().endswith(tag)]


def english_name(local: str, english: list[str]) -> str:
    """The name an English reader expects for a subdivision, from its local name and its English names.

    The English name replaces a local name that carries a local designator ("Rjazanskaja oblast'",
    "Seoul-teukbyeolsi", "Beijing Shi") or that English text hardly writes ("Dimashq", "Bretagne"). A local
    name English text does write stays ("São Paulo" is not "Saint Paul", "Colón" not "Columbus").
    """
    folded = fold_romanisation(local)
    usable = [n for n in english if _is_name(n)]
    if not usable:
        return folded
    best = usable[0]
    if normalize(best) == normalize(folded):
        return best     # "Pyongyang" for "P'yǒngyang"
    if _is_designated(local):
        suffix = _DESIGNATORS.get(local.split()[-1].casefold(), "")
        return f"{best} {suffix}" if suffix and suffix.lower() not in normalize(best).split() else best
    local_usage = _english_usage(folded)
    if local_usage >= ENGLISH_USAGE_ZIPF or local_usage >= _english_usage(best):
        return folded
    return best


def _is_name(name: str) -> bool:
    words = name.split()
    return (0 < len(words) <= MAX_WORDS and "of" not in (w.lower() for w in words) and "[" not in name
            and not is_translated_phrase(name))


def _is_designated(local: str) -> bool:
    """ "Rjazanskaja oblast'", "Adygeja, Respublika", "Anhui Sheng", "Gyeonggi-do": a local unit word in the name."""
    words = re.split(r"[\s,\-]+", local.casefold())
    return any(w in _LOCAL_UNIT_WORDS for w in words[1:])


def _english_usage(name: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(normalize(name), "en")

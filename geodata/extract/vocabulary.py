"""The event vocabulary of a language (`geodata/lang/<lang>/events.json`), expanded to word forms once.

A trigger row names a lemma phrase ("attack", "sign ... agreement", "air strike"); every inflection of
its head word is generated with lemminflect, so "attacked", "were attacked", "attacks" and "an attack by"
all match the rows for "attack" with no pattern written per form. "..." in a phrase allows up to
`GAP` words between its parts ("fired a new ballistic missile").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from geodata.lang.en import load

GAP = 4
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|[A-Za-z0-9](?:[\w-]|['’](?=\w))*|[^\w\s]")   # "12,000" is one word


@dataclass(frozen=True)
class Row:
    phrase: str
    event_type: str
    sub_event_type: str
    weight: int
    role: str | None = None
    requires: str | None = None
    unless_next: frozenset[str] = field(default_factory=frozenset)
    casualty: bool = False
    mutual: bool = False       # "clashed": both sides fight, so who was hit does not make it one-sided


@dataclass(frozen=True)
class Token:
    text: str      # lower case, possessive "'s" dropped
    start: int
    end: int


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of a text; kept for the last texts asked, since the classifier, the fatality counter and the
    scope of each clause ask for the same sentence many times (a quarter of an article's extraction time)."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0).lower().replace("’", "'")
        word = word.removesuffix("'s")
        out.append(Token(word, m.start(), m.end()))
    return tuple(out)


def _inflections(word: str, pos: str) -> set[str]:
    """Every form of a word as a verb, a noun or both; the word itself always."""
    import lemminflect

    forms = {word}
    uposes = {"verb": ("VERB",), "noun": ("NOUN",), "any": ("VERB", "NOUN")}[pos]
    for upos in uposes:
        found = lemminflect.getAllInflections(word, upos=upos) or lemminflect.getAllInflectionsOOV(word, upos=upos)
        for variants in found.values():
            forms.update(v.lower() for v in variants)
    return forms


@dataclass(frozen=True)
class Pattern:
    parts: tuple[frozenset[str] | None, ...]   # None is a gap of up to GAP words
    row: Row
    verb: bool = False   # a one-word verb row: not after a determiner ("the supply of shells")


class Vocabulary:
    """Trigger patterns indexed by the forms of their first word, and the word classes of the language."""

    def __init__(self, lang: str = "en"):
        data = load("events") if lang == "en" else None
        if data is None:
            raise ValueError(f"no event vocabulary for language {lang!r}")
        self.classes: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data["classes"].items()}
        self.modality: dict[str, list[str]] = data["modality"]
        self.fatalities: dict = data["fatalities"]
        self.labels: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in data.get("labels", {}).items()
                                                   if not k.startswith("_")}
        self.by_first: dict[str, list[Pattern]] = {}
        for raw in data["triggers"]:
            requires_for = raw.get("requires_for") or {}
            row = Row(raw["phrase"], raw["event_type"], raw["sub_event_type"], int(raw["weight"]), raw.get("role"),
                      raw.get("requires") or requires_for.get(raw["phrase"]),
                      frozenset(raw.get("unless_next", ())), bool(raw.get("casualty")), bool(raw.get("mutual")))
            for pattern in _patterns(row.phrase, raw["pos"], row):
                first = pattern.parts[0]
                assert first is not None
                for form in first:
                    self.by_first.setdefault(form, []).append(pattern)

    def in_class(self, name: str, word: str) -> bool:
        return word in self.classes.get(name, frozenset())


def _patterns(phrase: str, pos: str, row: Row) -> list[Pattern]:
    """A verb phrase inflects its first word ("shot down"), a noun phrase its last ("air strikes")."""
    words = [w.lower() for w in phrase.split()]
    content = [i for i, w in enumerate(words) if w != "..."]
    heads = {"verb": [content[0]], "noun": [content[-1]], "any": sorted({content[0], content[-1]})}[pos]
    out = []
    for head in heads:
        parts: list[frozenset[str] | None] = []
        for i, word in enumerate(words):
            if word == "...":
                parts.append(None)
            elif i == head:
                head_pos = pos if pos != "any" else ("verb" if i == content[0] else "noun")
                parts.append(frozenset(_inflections(word, head_pos if len(content) > 1 else pos)))
            elif len(word) > 3:
                parts.append(frozenset(_inflections(word, "any")))   # "sign ... agreements", "drone ... struck"
            else:
                parts.append(frozenset({word}))
        out.append(Pattern(tuple(parts), row, pos == "verb" and len(content) == 1))
    return out


@cache
def vocabulary(lang: str = "en") -> Vocabulary:
    return Vocabulary(lang)

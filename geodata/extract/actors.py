"""Who acts in a sentence: states, their forces and leaders, and organisations, from a curated lexicon.

States come from the gazetteer (names, demonyms and capitals used for governments: "Pyongyang's
decision" is North Korea's); leaders, forces and organisations from `geodata/data/actors.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from geodata.places.gazetteer import Gazetteer
from geodata.places.gazetteer.sources import data_path

FORCE_NOUNS = ("forces", "troops", "soldiers", "army", "military", "navy", "air force", "units", "contingent",
               "servicemen", "fighters", "marines", "missiles", "missile", "drones", "drone", "artillery", "jets",
               "warplanes", "aircraft", "air defences", "air defenses", "shelling", "strikes", "tanks", "warships")
# "Ukrainian officials said": the nationality of whoever reports, not of whoever acts.
REPORTERS = re.compile(r"\s+(?:\w+\s+)?(?:officials?|prosecutors?|authorities|sources|media|officers|spokes\w+|"
                       r"intelligence|analysts?|diplomats?|ministry|government said|outlet|news|agency|said|says|"
                       r"told|reported|announced|claimed(?!\s+(?:responsibility|to\s+have|it\s+had)))\b",
                       re.IGNORECASE)   # "Al Shabaab claimed to have killed": the claimant acts
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|to|from|into|outside|around|across|toward|towards|over|of)\s+"
                              r"(?:the\s+)?(?:[a-z]+\s+)?$")   # "into central Paris", "in the besieged Kyiv"
# "in Kahawa West, Nairobi", "at Kayole (Nairobi)": a capital that names the town of a place before it
_CHAIN_BEFORE = re.compile(r"\b(?:in|at|near|to|from|into|outside|around|inside)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,3}"
                           r"[A-Z][\w'-]*(?:\s+[a-z]+)?\s*[,(]\s*$")
_UNITS_BEFORE = re.compile(r"\w\s*\((?:[^()]{1,40},\s*)?$")   # "Pangani (Starehe, Nairobi)": the units of a place
# "the Nairobi headquarters", "7 Nairobi universities": a capital modifying a noun after a determiner is a place
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|\d+|several|many|some|two|three|four|five|six|seven|eight|nine|"
                                r"ten)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+(?!(?:government|regime|administration|authorities|officials?|leadership|side)\b)[a-z]")
# Where a country is the scene, not a party: "In Somalia, militants attacked ...", "fighting across Sudan".
_SCENE_BEFORE = re.compile(r"\b(?:in|inside|across|throughout)\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str               # state | leader | force | organisation | a generic kind (protesters, civilians...)
    country_code: str | None
    inter: str | None = None   # ACLED's inter label where the data names it ("Rebel group")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    actor: Actor
    reporting: bool = False   # "South Korean officials said ...": the source, not a party to the event


class ActorLexicon:
    """Matches actor names in text; built once per gazetteer."""

    def __init__(self, gaz: Gazetteer):
        entries: dict[str, Actor] = {}
        for rec in json.loads(data_path("actors.json").read_text("utf-8")):
            actor = Actor(rec["name"], rec["kind"], rec.get("country_code"), rec.get("inter"))
            for alias in [rec["name"], *rec.get("aliases", [])]:
                entries.setdefault(alias, actor)
        self.capitals: dict[str, str] = {}
        self._forces: dict[str, Actor] = {}
        capital_names: set[str] = set()
        for code, name, demonyms, capital in _states(gaz):
            state = Actor(name, "state", code)
            force = entries.get(f"{demonyms[0]} forces") if demonyms else None
            force = force or Actor(f"Military Forces of {name}", "force", code)
            self._forces[code] = force
            entries.setdefault(name, state)
            if capital:
                entries.setdefault(capital, state)
                self.capitals[code] = capital
                capital_names.add(capital)
            for demonym in demonyms:
                for noun in FORCE_NOUNS:
                    entries.setdefault(f"{demonym} {noun}", force)
                entries.setdefault(demonym, state)
        self._entries = entries
        self._capital_names = frozenset(capital_names)
        self._pattern = re.compile(r"(?<![\w-])" + trie_pattern(entries) + r"(?![\w-])")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
        """Actor mentions in text[start:end], longest name first, in order of appearance.

        A capital stands for its government as a subject ("Seoul called it a threat"), not after a
        preposition of place ("a meeting in Seoul"); a country is no party where it is only the scene ("In
        Somalia, militants attacked ...").
        """
        end = len(text) if end is None else end
        out = []
        for m in self._pattern.finditer(text, start, end):
            name = m.group(0)
            if name in self._capital_names and (_LOCATIVE_BEFORE.search(text, max(0, m.start() - 30), m.start())
                                                or _CHAIN_BEFORE.search(text, max(0, m.start() - 50), m.start())
                                                or _UNITS_BEFORE.search(text, max(0, m.start() - 45), m.start())
                                                or _DETERMINER_BEFORE.search(text, max(0, m.start() - 12), m.start())
                                                and _NOUN_AFTER.match(text, m.end())):
                continue
            if self._entries[name].kind == "state" and _SCENE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue
            out.append(ActorMention(m.start(), m.end(), self._entries[name], bool(REPORTERS.match(text, m.end()))))
        return out

    def forces_of(self, country_code: str | None) -> Actor | None:
        return self._forces.get(country_code or "")



@dataclass(frozen=True)
class GenericMention:
    start: int
    end: int
    template: str    # "Protesters ({country})"
    inter: str
    kind: str


class GenericActors:
    """Parties named by what they are, not who ("gunmen", "police", "villagers"), named as ACLED names them
    with the event's country (`geodata/lang/<lang>/actors.json`)."""

    def __init__(self, lang: str = "en"):
        from geodata.lang.en import load

        data = load("actors")
        self.inter_order: list[str] = data["inter_order"]
        self.inter_by_kind: dict[str, str] = data["inter_by_kind"]
        self._by_phrase: dict[str, tuple[str, str, str]] = {}
        for group in data["generic"]:
            for phrase in group["phrases"]:
                self._by_phrase.setdefault(phrase, (group["name"], group["inter"], group["kind"]))
        self._pattern = re.compile(r"(?<![\w-])(?:" + trie_pattern(self._by_phrase) + r")(?![\w-])", re.IGNORECASE)
        identity = data["identity_militia"]
        self._kinds: dict[str, str] = identity["kinds"]
        self._unnamed: str = identity["unnamed"]
        self._not_names = frozenset(identity.get("not_names", ()))
        self._families: dict[str, str] = {k: v for k, v in identity.get("clan_families", {}).items()
                                          if not k.startswith("_")}
        kinds = "|".join(re.escape(k) for k in sorted(self._kinds, key=len, reverse=True) if k)
        groups = "|".join(re.escape(g) for g in sorted(identity.get("group_nouns", ()), key=len, reverse=True))
        self._militia = re.compile(r"\b((?:[A-Z][\w'-]*\s+){0,3}?)(?:(" + kinds + r")\s+)?(militia(?:s|men)?\b"
                                   + (rf"|(?:{groups})\b" if groups else "") + ")"
                                   r"|\b((?:unidentified|unknown)\s+)(" + kinds + r")\s+militia(?:s|men)?\b")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[GenericMention]:
        end = len(text) if end is None else end
        out = self._militias(text, start, end)
        taken = [(m.start, m.end) for m in out]
        for m in self._pattern.finditer(text, start, end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            name, inter, kind = self._by_phrase[m.group(0).lower()]
            out.append(GenericMention(m.start(), m.end(), name, inter, kind))
        return sorted(out, key=lambda g: g.start)

    def _militias(self, text: str, start: int, end: int) -> list[GenericMention]:
        """ "Hawadle clan militia" -> "Hawadle Clan Militia ({country})"; "clan militia" -> "Unidentified Clan
        Militia ({country})"."""
        out = []
        for m in self._militia.finditer(text, start, end):
            words = (m.group(1) or "").split()
            while words and words[0].lower() in self._not_names:
                words.pop(0)   # "Suspected Pokot raiders": Pokot's
            names, kind = " ".join(words), (m.group(2) or m.group(5) or "").lower()
            militia = m.group(5) is not None or (m.group(3) or "").lower().startswith("militia")
            label = self._kinds.get(kind, "Ethnic")
            if names.lower() in ("", "unidentified", "unknown", "a", "an", "the", "local"):
                if not kind or not militia:
                    continue   # bare "raiders": the generic phrase reads them
                template = self._unnamed.replace("{kind}", label)
            elif kind in ("clan", "sub-clan", "subclan") and names.lower() in self._families:
                template = f"{self._families[names.lower()]}-{names} Sub-Clan Militia ({{country}})"
            else:
                template = f"{names} {label} Militia ({{country}})"
            out.append(GenericMention(m.start(), m.end(), template, "Identity militia", "identity"))
        return out

    def interaction(self, inter1: str | None, inter2: str | None) -> str | None:
        """ACLED's interaction label: the two inter labels in codebook order ("State forces-Civilians"),
        or "X only" for a one-sided event."""
        if not inter1:
            return None
        if not inter2:
            return f"{inter1} only"
        a, b = sorted((inter1, inter2), key=lambda x: self.inter_order.index(x) if x in self.inter_order else 99)
        return f"{a}-{b}"


@cache
def generic_actors(lang: str = "en") -> GenericActors:
    return GenericActors(lang)


def trie_pattern(words: object) -> str:
    """One regular expression for many names, prefixes shared: "(?:North (?:Korea(?:n)?|...)|...)".

    A flat alternation of a few thousand names is tried name by name at every position of the text; a
    trie lets the engine drop all names of another first letter at once. Longer names win, as before.
    """
    trie: dict = {}
    for word in words:  # type: ignore[attr-defined]
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def render(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return render(trie)


def _states(gaz: Gazetteer) -> list[tuple[str, str, list[str], str | None]]:
    """(code, name, demonyms, capital) for every country the gazetteer knows."""
    demonyms: dict[str, list[str]] = {}
    for key, idx in gaz.demonyms.items():
        place = gaz.place(idx)
        if place.kind == "country":
            demonyms.setdefault(place.country_code, []).append(gaz.demonym_names.get(key, key.title()))
    out = []
    for code in gaz.country_codes():
        country = gaz.country(code)
        if country is None:
            continue
        capital = gaz.capital(code)
        out.append((code, country.name, sorted(demonyms.get(code, []), key=len, reverse=True),
                    capital.name if capital else None))
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    from geodata.places.gazetteer import load_gazetteer

    return ActorLexicon(load_gazetteer())

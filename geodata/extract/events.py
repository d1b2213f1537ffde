"""Article in, events out: one row per reported happening, dated, placed and traceable to its sentence.

The article is geoparsed once as a whole (so that each place is resolved with the whole article as
context), then read clause by clause: a clause with a trigger (see `classify`) becomes an event with its
own date (`geodata.text.dates`), actors (`actors`), place (`locate`) and its sentence in `notes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geodata import schema
from geodata.text.dates import resolve_date
from geodata.extract.actors import Actor, ActorLexicon, ActorMention
from geodata.extract.classify import Trigger, find_trigger, modality
from geodata.extract.locate import Location, capital_location, choose, from_mention
from geodata.text.sentences import Unit, clauses, sentences
from geodata.places.geoparser import Geoparser, Mention

POLITICAL = ("Agreement", "Other", "Change to group/activity", "Arrests")
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
MILITARY_SUB_TYPES = ("Disrupted weapons use", "Headquarters or base established", "Change to group/activity")


@dataclass(frozen=True)
class Article:
    text: str
    published: dt.date
    source: str
    source_url: str | None = None


class EventExtractor:
    """Holds the geoparser and actor lexicon; `extract` is pure over its article."""

    def __init__(self, geoparser: Geoparser, actors: ActorLexicon):
        self.geoparser = geoparser
        self.actors = actors
        self.gaz = geoparser.gaz

    def extract(self, article: Article) -> pd.DataFrame:
        text = article.text
        mentions = self.geoparser.parse(text)
        rows = []
        told: dict[tuple[int, str], dict] = {}   # (paragraph, sub-event type) -> the first telling
        for sentence in sentences(text):
            for clause in clauses(text, sentence):
                found = self._event(article, sentence, clause, mentions)
                if found is None:
                    continue
                row, how, dated = found
                key = (clause.paragraph, row["sub_event_type"])
                first = told.get(key)
                if first is not None and (not dated or first["event_date"] == row["event_date"]) and (
                        how != "named" or first["location"] == row["location"]):
                    continue   # "The demonstration was peaceful": the same happening, told again
                told.setdefault(key, row)
                rows.append(row)
        unique = list({row["event_id"]: row for row in rows}.values())
        return schema.from_records(unique)

    def _event(self, article: Article, sentence: Unit, clause: Unit,
               mentions: list[Mention]) -> tuple[dict, str, bool] | None:
        """A clause's event row, how its place was found and whether it was dated; None if it reports none."""
        text = article.text
        clause_text = clause.of(text)
        trigger = find_trigger(clause_text)
        if trigger is None:
            return None
        sentence_text = sentence.of(text)
        when = resolve_date(clause_text, article.published)
        if when.text is None and sentence_text != clause_text:
            when = resolve_date(sentence_text, article.published)
        precision = when.precision
        if when.text is None and _reads_past(clause_text, trigger.start, trigger.end):
            precision = "before"  # "the remains of a missile were recovered": some time before publication
        actors = _distinct(self.actors.find(text, clause.start, clause.end), clause.start + trigger.start)
        political = trigger.event_type == "Strategic developments" and trigger.sub_event_type in POLITICAL
        where = self._locate(clause, mentions, actors, text, political)
        if where is None:
            return None
        place = where.place
        confidence = round(0.4 + 0.4 * where.confidence + (0.1 if when.text else 0.0)
                           + (0.1 if actors else 0.0), 3)
        return {
            "event_id": schema.make_event_id(article.source, sentence_text + "|" + trigger.text,
                                               place.name),
            "event_date": pd.Timestamp(when.date),
            "year": when.date.year,
            "date_precision": precision,
            "time_precision": {"day": 1, "week": 2}.get(precision, 3),
            "event_type": trigger.event_type,
            "sub_event_type": trigger.sub_event_type,
            "disorder_type": _disorder(trigger.event_type),
            "modality": modality(clause_text, trigger),
            "actor1": self._actor_name(actors[0].actor, trigger) if actors else None,
            "actor2": self._actor_name(actors[1].actor, trigger) if len(actors) > 1 else None,
            "location": place.name,
            "country": self._country_name(place.country_code),
            "country_code": place.country_code or None,
            "admin1": self._admin1_name(place),
            "latitude": place.lat,
            "longitude": place.lon,
            "geo_precision": where.geo_precision,
            "notes": sentence_text.strip(),
            "source": article.source,
            "source_url": article.source_url,
            "published": pd.Timestamp(article.published),
            "fatalities": None,
            "confidence": min(confidence, 1.0),
            "origin": "extracted",
        }, where.how, when.text is not None

    def _locate(self, clause: Unit, mentions: list[Mention], actors: list[ActorMention], text: str,
                political: bool) -> Location | None:
        inside = [m for m in mentions if clause.start <= m.start and m.end <= clause.end]
        # a place that is only an actor's name is not where it happened: a capital as its government
        # ("Moscow said", "Pyongyang's decision") or a place in an organisation's ("the European Union")
        places = [m for m in inside if not any(
            a.start <= m.start and m.end <= a.end and (m.place.kind == "city" or a.actor.kind == "organisation")
            for a in actors)]
        best = choose(places, text)
        government = next((a.actor for a in actors if a.actor.kind in ("leader", "state", "organisation")
                           and a.actor.country_code), None)
        # a government's act names countries as parties ("ratified a pact with North Korea"): it happens at
        # home; an attack on a country happens there
        at_home = government and best is not None and best.place.kind == "country" and (
            political or best.place.country_code == government.country_code)
        if best is not None and not at_home:
            return from_mention(best, text)
        if government is not None:  # "Putin submitted a bill to Russia's lower house": Moscow
            capital = capital_location(self.gaz, government.country_code)
            if capital is not None:
                return capital
        if best is not None:
            return from_mention(best, text)
        paragraph = [m for m in mentions if not m.demonym and self._same_paragraph(m, clause, text)]
        if paragraph:
            nearest = min(paragraph, key=lambda m: abs(m.start - clause.start))
            return from_mention(nearest, text, how="paragraph")
        return None

    def _actor_name(self, actor: Actor, trigger: Trigger) -> str:
        """In fighting, deployments and weapons launches a state acts through its armed forces (ACLED's names)."""
        military = trigger.event_type in VIOLENT_TYPES or trigger.sub_event_type in MILITARY_SUB_TYPES \
            or "missile" in trigger.text.lower()
        if actor.kind == "state" and military:
            forces = self.actors.forces_of(actor.country_code)
            if forces is not None:
                return forces.name
        return actor.name

    @staticmethod
    def _same_paragraph(mention: Mention, clause: Unit, text: str) -> bool:
        lo, hi = sorted((mention.start, clause.start))
        return "\n\n" not in text[lo:hi]

    def _country_name(self, code: str) -> str | None:
        country = self.gaz.country(code) if code else None
        return country.name if country else None

    def _admin1_name(self, place) -> str | None:
        if place.kind == "region":
            return place.name
        region = self.gaz.region(place.admin1) if place.admin1 and place.kind != "country" else None
        return region.name if region else None


def _distinct(found: list[ActorMention], trigger_at: int) -> list[ActorMention]:
    """The event's actors, the one acting first: one per country, the most specific ("South Korean
    President Yoon" is Yoon), the nearest before the trigger first, reporting sources last."""
    order = {"leader": 0, "force": 1, "organisation": 2, "state": 3}
    by_country: dict[str, ActorMention] = {}
    for mention in found:
        key = mention.actor.country_code or mention.actor.name
        held = by_country.get(key)
        if held is None or (order[mention.actor.kind], mention.reporting) < (order[held.actor.kind], held.reporting):
            by_country[key] = mention

    def rank(m: ActorMention) -> tuple[int, int, int]:
        before = m.start <= trigger_at
        return (1 if m.reporting else 0, 0 if before else 1, trigger_at - m.start if before else m.start)

    ranked = sorted(by_country.values(), key=rank)
    parties = [m for m in ranked if not m.reporting]
    return parties or ranked[:1]   # a source that only reports is an actor only when nobody else is named


def _reads_past(clause: str, start: int, end: int) -> bool:
    """ "were recovered", "has submitted", "arrived": told as done, so at some time before publication."""
    window = " " + clause[max(0, start - 25):end + 25].lower() + " "
    if any(marker in window for marker in (" were ", " was ", " had ", " has ", " have ")):
        return True
    words = clause[start:end].split()
    return bool(words) and words[0].lower().endswith("ed")


def _disorder(event_type: str) -> str:
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """The process-wide extractor, like `geoparser.load_default` and `actors.default_lexicon`."""
    from geodata.extract.actors import default_lexicon
    from geodata.places.geoparser import load_default

    return EventExtractor(load_default(), default_lexicon())


def extract_events(text: str, published: dt.date, source: str, source_url: str | None = None) -> pd.DataFrame:
    """The events of one article in the event table layout (`geodata.schema.COLUMNS`)."""
    return default_extractor().extract(Article(text, published, source, source_url))

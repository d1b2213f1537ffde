"""Article in, events out: one row per reported happening, dated, placed and traceable to its sentence.

The article is geoparsed once as a whole (so that each place is resolved with the whole article as
context), then read clause by clause: a clause with a trigger (see `classify`) becomes an event with its
own date (`geodata.text.dates`), actors (`actors`), place (`locate`) and its sentence in `notes`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geodata import schema
from geodata.extract.actors import (
    Actor,
    ActorLexicon,
    ActorMention,
    GenericActors,
    GenericMention,
    generic_actors,
)
from geodata.extract.classify import Trigger, classify, modality
from geodata.extract.fatalities import count_fatalities
from geodata.extract.scene import in_scene
from geodata.extract.locate import (
    Location,
    capital_location,
    choose,
    consistent,
    from_mention,
    names_a_group,
    parts_of_towns,
    tail_of_a_name,
)
from geodata.places.geoparser import Geoparser, Mention
from geodata.places.geoparser.stop import ParseStopped
from geodata.text.dates import EventDate, resolve_date
from geodata.text.published import opening_dateline_date
from geodata.text.sentences import Unit, clauses, sentences

POLITICAL = ("Agreement", "Other", "Change to group/activity", "Arrests")
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
MILITARY_SUB_TYPES = ("Disrupted weapons use", "Headquarters or base established", "Change to group/activity")
DATELINE_CHARS = 40   # "28 June, approximately.": a sentence this short that is mostly a date heads its paragraph
SCOPE_CHARS = 2000   # the most text read around one event (a toll, a date): keeps a run-on text linear
UNPLACED_WEIGHT = 45   # a trigger this specific makes an event even where no place is named
ARMED_KINDS = ("force", "unidentified", "police", "military")
# "bombs fell on Shostka and Okhtyrka": places joined by "and" are each an event (ACLED: one per place and day)
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|&\s*|as well as\s+)(?:the\s+|in\s+|on\s+)?$")


class ExtractionStopped(Exception):
    """Raised by `extract` when its `should_stop` says so: the page's session ended or its time ran out."""


@dataclass(frozen=True)
class Article:
    text: str
    published: dt.date
    source: str
    source_url: str | None = None


def _date_fields(when: EventDate) -> dict:
    """The event table's date fields of a resolved date (a dateline's: it stands in for an undated event's)."""
    return {"event_date": pd.Timestamp(when.date), "year": when.date.year, "date_precision": when.precision,
            "time_precision": {"day": 1, "week": 2}.get(when.precision, 3)}


class EventExtractor:
    """Holds the geoparser and actor lexicon; `extract` is pure over its article."""

    def __init__(self, geoparser: Geoparser, actors: ActorLexicon):
        self.geoparser = geoparser
        self.actors = actors
        self.gaz = geoparser.gaz
        self.generic: GenericActors = generic_actors()

    def extract(self, article: Article, should_stop: Callable[[], bool] | None = None) -> pd.DataFrame:
        """`should_stop` is asked about once per paragraph while places are found, then once per sentence; when it
        answers True, ExtractionStopped is raised."""
        stop = should_stop or (lambda: False)
        text = article.text
        dates, filed = self._without_opening_dateline(text, article.published)   # offsets as in `text`
        try:
            mentions = sorted(self.geoparser.parse(text, should_stop), key=lambda m: m.start)
        except ParseStopped as exc:
            raise ExtractionStopped from exc
        starts = [m.start for m in mentions]
        found = []   # (sentence, clause, trigger) of every clause with a trigger, in text order
        units = sentences(text)
        following = {u.start: [v for v in units[i + 1:i + 5] if v.paragraph == u.paragraph]
                     for i, u in enumerate(units)}
        datelines = self._datelines(dates, units, article.published)
        if filed is not None and units:
            datelines.setdefault(units[0].start, filed)
        for sentence in units:
            if stop():
                raise ExtractionStopped
            for clause in clauses(text, sentence):
                trigger = classify(clause.of(text))
                if trigger is not None:
                    found.append((sentence, clause, trigger))
        rows: list[dict] = []
        told: dict[tuple[int, str], dict] = {}   # (paragraph, sub-event type) -> the first telling
        inside_of = [_within(mentions, starts, clause.start, clause.end) for _, clause, _ in found]
        more = [k > 0 and self._tells_more(dates, article.published, found[k - 1], found[k], inside_of[k])
                for k in range(len(found))]
        placed_notes: set[str] = set()
        narrative: tuple[int, dict, str] | None = None   # paragraph, date and place of the last dated event
        new_at = {found[k][0].start for k in range(len(found)) if not more[k]}
        for k, (sentence, clause, trigger) in enumerate(found):
            if stop():
                raise ExtractionStopped
            if more[k]:
                continue   # "2 soldiers were killed.": more of the event just told, not another
            if trigger.casualty and modality(clause.of(text), trigger) != "asserted":
                continue   # "There were no casualties.": no happening of its own
            inside = inside_of[k]
            scope = self._scope(text, sentence, following[sentence.start], new_at)
            trigger = classify(clause.of(text), scope) or trigger
            events = self._events(article, dates, sentence, clause, trigger, inside, mentions, starts, scope)
            dateline = datelines.get(sentence.start)
            for row, how, dated in events:
                if not dated and dateline is not None and row["modality"] == "asserted":
                    row.update(dateline)   # "28 June. A mob lynched a thief.": the dateline dates the report
                    dated = True
                if not dated and narrative is not None and narrative[0] == sentence.paragraph \
                        and row["modality"] == "asserted" and (how != "named" or row["location"] == narrative[2]):
                    row.update(narrative[1])   # "Police later arrested 7 there.": the time of the same story
                if row["actor1"] is None or str(row["actor1"]).startswith("Unidentified Armed Group"):
                    before = rows[-1] if rows and found[k - 1][0].paragraph == sentence.paragraph else None
                    if before is not None and before["event_type"] == row["event_type"] and before["actor1"] \
                            and not _names_party(clause.of(text)):
                        # "Earlier, drones had hit ...": the same side
                        row.update(actor1=before["actor1"], inter1=before["inter1"],
                                   interaction=self.generic.interaction(before["inter1"], row["inter2"]))
                if row["location"] is None and row["notes"] in placed_notes:
                    continue   # a sentence already placed one event: an unplaced second telling adds nothing
                key = (clause.paragraph, row["sub_event_type"])
                first = told.get(key)
                if first is not None and (not dated or first["event_date"] == row["event_date"]) and (
                        how != "named" or first["location"] == row["location"]):
                    continue   # "The demonstration was peaceful": the same happening, told again
                told.setdefault(key, row)
                rows.append(row)
                placed_notes.add(row["notes"])
                if dated and row["modality"] == "asserted":
                    narrative = (sentence.paragraph, {k: row[k] for k in ("event_date", "year", "date_precision",
                                                                         "time_precision")},
                                 row["location"])
        unique = list({row["event_id"]: row for row in rows}.values())
        return schema.from_records(unique)

    @staticmethod
    def _without_opening_dateline(text: str, published: dt.date) -> tuple[str, dict | None]:
        """The text the dates are read from, with the date of an opening wire dateline blanked (offsets kept), and
        that date's fields: it dates the first sentence's events only when they carry no date of their own."""
        where = opening_dateline_date(text)
        if where is None:
            return text, None
        start, end = where
        when = resolve_date(text[start:end], published)
        return text[:start] + " " * (end - start) + text[end:], _date_fields(when) if when.text else None

    @staticmethod
    def _datelines(text: str, units: list[Unit], published: dt.date) -> dict[int, dict]:
        """Date fields for each sentence that follows a bare date in its paragraph ("28 June.", "12 Sep.")."""
        out = {}
        for before, after in zip(units, units[1:], strict=False):
            if before.paragraph != after.paragraph or before.end - before.start > DATELINE_CHARS:
                continue
            when = resolve_date(before.of(text), published)
            if when.text is not None and len(when.text) >= len(before.of(text).strip(" .,:;")) - 12:
                out[after.start] = _date_fields(when)
        return out

    @staticmethod
    def _tells_more(text: str, published: dt.date, before: tuple, now: tuple, inside: list[Mention]) -> bool:
        """Whether a clause only adds to the event told just before it in its paragraph: it names no place
        and either only a death ("3 people died") or the same kind of violence, undated."""
        (b_sentence, _, b_trigger), (sentence, clause, trigger) = before, now
        if b_sentence.paragraph != sentence.paragraph or inside:
            return False
        return trigger.casualty or (b_trigger.event_type in VIOLENT_TYPES + ("Riots", "Protests")
                                    and trigger.event_type in VIOLENT_TYPES
                                    and resolve_date(clause.of(text), published).text is None)

    @staticmethod
    def _scope(text: str, sentence: Unit, following: list[Unit], new_at: set[int]) -> str:
        """The event's sentence and the sentences after it in its paragraph up to the next event's: they tell
        its toll and how it went ("The protesters burnt tyres.", "3 civilians were killed.")."""
        end = sentence.end
        for unit in following:
            if unit.start in new_at:
                break
            end = unit.end
        return text[sentence.start:min(end, sentence.start + SCOPE_CHARS)]

    def _events(self, article: Article, dates: str, sentence: Unit, clause: Unit, trigger: Trigger,
                inside: list[Mention], mentions: list[Mention], starts: list[int],
                scope: str) -> list[tuple[dict, str, bool]]:
        """A clause's event rows (one per place it names for the same happening), how each place was found and
        whether it was dated; none if it cannot be placed. `dates` is the text the dates are read from."""
        text = article.text
        clause_text = clause.of(text)
        sentence_text = sentence.of(text)
        when = resolve_date(clause.of(dates), article.published)
        if when.text is None and sentence_text != clause_text and len(sentence_text) <= SCOPE_CHARS:
            when = resolve_date(sentence.of(dates), article.published)
        precision = when.precision
        if when.text is None and _reads_past(clause_text, trigger.start, trigger.end):
            precision = "before"  # "the remains of a missile were recovered": some time before publication
        named_all = self.actors.find(text, clause.start, clause.end)
        actors = _distinct(named_all, clause.start + trigger.start)
        political = trigger.event_type == "Strategic developments" and trigger.sub_event_type in POLITICAL
        asserted = modality(clause_text, trigger) == "asserted"
        violent = trigger.event_type in VIOLENT_TYPES
        wheres: list[Location | None] = list(self._locate(clause, inside, mentions, starts, actors, text, political,
                                                          asserted, violent))
        if not wheres:
            if trigger.weight < UNPLACED_WEIGHT or trigger.casualty or not asserted:
                return []
            wheres = [None]   # "Rebels attack police post": a clear event with no place named is still on the timeline
        fatalities = count_fatalities(scope) if trigger.event_type in VIOLENT_TYPES + ("Riots", "Protests") else None
        generic = [g for g in self.generic.find(text, clause.start, clause.end)
                   if not any(a.start <= g.start < a.end for a in named_all)]   # "Ukrainian military intelligence"
        out = []
        for n, where in enumerate(wheres):
            place = where.place if where is not None else None
            code = place.country_code if place is not None else (
                _actor_country(actors) or self._nearest_country(mentions, starts, clause.start))
            confidence = round(0.4 + 0.4 * (where.confidence if where else 0.0) + (0.1 if when.text else 0.0)
                               + (0.1 if actors else 0.0), 3)
            party1, party2 = self._parties(trigger, actors, generic, clause.start + trigger.start, code)
            out.append(({
                "event_id": schema.make_event_id(article.source, sentence_text + "|" + trigger.text,
                                                   place.name if place else None),
                "event_date": pd.Timestamp(when.date),
                "year": when.date.year,
                "date_precision": precision,
                "time_precision": {"day": 1, "week": 2}.get(precision, 3),
                "event_type": trigger.event_type,
                "sub_event_type": trigger.sub_event_type,
                "disorder_type": _disorder(trigger.event_type),
                "modality": modality(clause_text, trigger),
                "actor1": party1[0] if party1 else None,
                "inter1": party1[1] if party1 else None,
                "actor2": party2[0] if party2 else None,
                "inter2": party2[1] if party2 else None,
                "interaction": self.generic.interaction(party1[1] if party1 else None,
                                                        party2[1] if party2 else None),
                "location": place.name if place else None,
                "country": self._country_name(code),
                "country_code": code or None,
                "admin1": self._admin1_name(place) if place else None,
                "latitude": place.lat if place else None,
                "longitude": place.lon if place else None,
                "geo_precision": where.geo_precision if where else None,
                "notes": sentence_text.strip(),
                "source": article.source,
                "source_url": article.source_url,
                "published": pd.Timestamp(article.published),
                "fatalities": fatalities if n == 0 else (0 if fatalities is not None else None),
                "confidence": min(confidence, 1.0),
                "origin": "extracted",
            }, where.how if where else "unplaced", when.text is not None))
        return out

    def _parties(self, trigger: Trigger, named: list[ActorMention], generic: list[GenericMention], at: int,
                 country_code: str | None) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """(name, inter) of the acting party and of the other, as ACLED names them: who protests is
        "Protesters (Georgia)", who is attacked "Civilians (Kenya)", a state fights through its forces."""
        country = self._country_name(country_code)
        parties: list[tuple[int, str, str, str]] = []   # (position, name, inter, kind)
        for m in named:
            actor = m.actor
            name = self._actor_name(actor, trigger)
            inter = actor.inter or self.generic.inter_by_kind.get(actor.kind, "External/Other forces")
            if actor.kind in ("force", "state") and actor.inter is None and actor.country_code and country_code \
                    and actor.country_code != country_code and name.startswith(("Military", "Police")):
                inter = "External/Other forces"   # state forces abroad (ACLED inter 8)
            parties.append((m.start, name, inter, "force" if name.startswith(("Military", "Police")) else actor.kind))
        covered = [(m.start, m.end) for m in named]
        for g in generic:   # "Al Shabaab militants", "Russian soldiers": the named actor's own members
            if any(a <= g.start < b or b <= g.start <= b + 1 and self._joined(a, b, g) for a, b in covered):
                continue
            parties.append((g.start, _fill(g.template, country), g.inter, g.kind))
        # the agent of a passive ("killed ... in an attack by militants") acts first, then who is before the verb
        by = _agent_start(trigger)
        parties.sort(key=lambda p: (0 if by is not None and p[0] >= at + by else 1 if p[0] < at else 2, p[0]))
        unique: list[tuple[str, str, str]] = []
        for _, name, inter, kind in parties:
            if all(name != u[0] for u in unique):
                unique.append((name, inter, kind))
        etype, sub = trigger.event_type, trigger.sub_event_type
        protesters = (_fill("Protesters ({country})", country), "Protesters")
        rioters = (_fill("Rioters ({country})", country), "Rioters")
        civilians = (_fill("Civilians ({country})", country), "Civilians")
        unidentified = (_fill("Unidentified Armed Group ({country})", country), "Political militia")
        armed = [(n, i) for n, i, k in unique if k in ARMED_KINDS or i in ("Rebel group", "Political militia",
                                                                           "Identity militia", "State forces")
                 and k not in ("leader", "state", "organisation")]
        state = [(n, i) for n, i, k in unique if k in ("police", "military") or n.startswith(("Military", "Police"))]
        first = (unique[0][0], unique[0][1]) if unique else None
        if etype == "Protests":
            return protesters, (state[0] if state and sub != "Peaceful protest" else None)
        if etype == "Riots":
            other = state[0] if state and sub == "Violent demonstration" else (
                civilians if sub == "Mob violence" else None)
            return rioters, other
        if etype == "Violence against civilians":
            return (armed[0] if armed else unidentified), civilians
        if etype in ("Battles", "Explosions/Remote violence"):
            actor1 = armed[0] if armed else (first if first and first[1] != "Civilians" else None)
            rest = [p for p in armed if p != actor1] or [(n, i) for n, i, _ in unique if (n, i) != actor1]
            if actor1 is None:
                actor1 = unidentified
            return actor1, (rest[0] if rest else None)
        if named:   # a political act: its actors as `_distinct` ranks them (the acting party, not the source)
            first = (self._actor_name(named[0].actor, trigger), unique_inter(named[0].actor, self.generic))
            second = (self._actor_name(named[1].actor, trigger), unique_inter(named[1].actor, self.generic)) \
                if len(named) > 1 else None
            return first, second
        second = (unique[1][0], unique[1][1]) if len(unique) > 1 else None
        return first, second

    @staticmethod
    def _nearest_country(mentions: list[Mention], starts: list[int], at: int) -> str | None:
        """The country of the place named nearest a clause that names none ("in Kenya" a sentence before)."""
        i = bisect.bisect_left(starts, at)
        near = mentions[max(0, i - NEARBY):i + NEARBY]
        best = min(near, key=lambda m: abs(m.start - at), default=None)
        return best.place.country_code if best is not None and best.place.country_code else None

    @staticmethod
    def _joined(a: int, b: int, g: GenericMention) -> bool:
        return g.kind in ("unidentified", "military") and g.start - b <= 1

    def _locate(self, clause: Unit, inside: list[Mention], mentions: list[Mention], starts: list[int],
                actors: list[ActorMention], text: str, political: bool, asserted: bool = True,
                violent: bool = False) -> list[Location]:
        """Where a clause's event is: the place it names, else a government's seat for a government's own act
        (not for fighting: "Kenyan police were ambushed" is not in Nairobi), else the
        paragraph's place, else the country of a nationality named ("Kenyan police shot two men")."""
        # a place that is only an actor's name is not where it happened: a capital as its government
        # ("Moscow said", "Pyongyang's decision") or a place in an organisation's ("the European Union")
        def of_actor(m: Mention) -> bool:
            return any(a.start <= m.start and m.end <= a.end and (m.place.kind == "city"
                                                                  or a.actor.kind == "organisation") for a in actors)

        context = [m for m in parts_of_towns(_context(inside, _nearby(mentions, starts, clause.start, text)), text)
                   if not tail_of_a_name(m, text)]   # "Moi South Lake road": no vote for Australia
        homes = [a.actor.country_code for a in actors if a.actor.country_code   # "KDF", "Mungiki": Kenya's
                 and not any(m.start < a.end and a.start < m.end for m in context)]   # "Ugandan" counted once
        places = in_scene([m for m in inside if not of_actor(m)], context, homes)   # not "Eastleigh" in England
        # not "Ethiopian raiders"; the units named after the clause count ("Rodat and Kot districts, Nangarhar")
        places = consistent([m for m in places if not names_a_group(m, text)], text, context)
        best = choose(places, text)
        acting = next((a for a in actors if a.actor.kind in ("leader", "state", "organisation")
                       and a.actor.country_code), None)
        government = acting.actor if acting is not None else None
        # a government's act names countries as parties ("ratified a pact with North Korea"): it happens at
        # home; an attack on a country happens there
        at_home = government and best is not None and best.place.kind == "country" and (
            political or best.place.country_code == government.country_code)
        # a place the clause's own units ruled out ("Kot" of India beside "districts, Nangarhar") is not the
        # paragraph's either, and the paragraph's places are judged as the clause's are
        ruled_out = {id(m) for m in inside} - {id(m) for m in places}
        nearby = [m for m in consistent(in_scene(_nearby(mentions, starts, clause.start, text), context, homes), text)
                  if not m.demonym and not names_a_group(m, text) and not of_actor(m) and id(m) not in ruled_out]
        if best is not None and best.place.kind == "country" and not political:
            finer = [m for m in nearby if m.place.kind in ("city", "region")
                     and m.place.country_code == best.place.country_code]
            if finer:   # "blocked the highway between Kenya and Tanzania" after "the Migori college"
                return [from_mention(min(finer, key=lambda m: abs(m.start - clause.start)), text, how="paragraph")]
        if best is not None and not at_home:
            return [from_mention(m, text) for m in _coordinated(best, places, text)]
        # "Somali groups", "Kenyan nurses": a nationality stands for its state only where no place is near
        nationality = acting is not None and any(m.demonym and (m.start, m.end) == (acting.start, acting.end)
                                                 for m in inside)
        if government is not None and (political or not violent and government.kind != "organisation") \
                and not (nationality and nearby):
            # "Putin submitted a bill ...": Moscow; a party's or a commission's supporters may march anywhere
            capital = capital_location(self.gaz, government.country_code)
            if capital is not None:
                return [capital]
        if best is not None:
            return [from_mention(best, text)]
        if nearby:
            nearest = min(nearby, key=lambda m: abs(m.start - clause.start))
            return [from_mention(nearest, text, how="paragraph")]
        demonyms = [m for m in inside if m.demonym and m.place.kind == "country" and not names_a_group(m, text)]
        if demonyms and asserted:   # "Kenyan police shot two men": in Kenya, as precisely as a country
            return [from_mention(demonyms[0], text, how="paragraph")]
        return []

    def _actor_name(self, actor: Actor, trigger: Trigger) -> str:
        """In fighting, deployments and weapons launches a state acts through its armed forces (ACLED's names)."""
        military = trigger.event_type in VIOLENT_TYPES or trigger.sub_event_type in MILITARY_SUB_TYPES \
            or "missile" in trigger.text.lower()
        if actor.kind == "state" and military:
            forces = self.actors.forces_of(actor.country_code)
            if forces is not None:
                return forces.name
        return actor.name

    def _country_name(self, code: str | None) -> str | None:
        country = self.gaz.country(code) if code else None
        return country.name if country else None

    def _admin1_name(self, place) -> str | None:
        if place.kind == "region":
            return place.name
        region = self.gaz.region(place.admin1) if place.admin1 and place.kind != "country" else None
        return region.name if region else None


_PARTY_WORDS = re.compile(r"\b(?:gunmen|unidentified|unknown|assailants|attackers)\b", re.IGNORECASE)


def _names_party(clause: str) -> bool:
    """Whether a clause names its attacker itself, even as unknown ("unidentified gunmen")."""
    return bool(_PARTY_WORDS.search(clause))


def _fill(template: str, country: str | None) -> str:
    """ "Protesters ({country})" for the event's country; without it where no country is known."""
    if country:
        return template.format(country=country)
    return template.replace(" ({country})", "").replace(" of {country}", "")


def _actor_country(actors: list[ActorMention]) -> str | None:
    return next((a.actor.country_code for a in actors if a.actor.country_code), None)


def unique_inter(actor: Actor, generic: GenericActors) -> str:
    return actor.inter or generic.inter_by_kind.get(actor.kind, "External/Other forces")


def _within(mentions: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
    """The mentions inside text[lo:hi], found by bisection so that reading many clauses stays linear."""
    out = []
    for m in mentions[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
        if m.end <= hi:
            out.append(m)
    return out


def _context(inside: list[Mention], nearby: list[Mention]) -> list[Mention]:
    """The mentions a clause's places are judged with: its own and its paragraph's nearest."""
    seen = {id(m) for m in inside}
    return inside + [m for m in nearby if id(m) not in seen]


NEARBY = 12   # mentions looked at on each side of a clause for its paragraph's place


def _nearby(mentions: list[Mention], starts: list[int], at: int, text: str) -> list[Mention]:
    """The few mentions nearest a clause in its paragraph (no paragraph break between): bounded, so that a
    long paragraph full of places is still read in linear time."""
    i = bisect.bisect_left(starts, at)
    out = []
    for j in range(i - 1, max(-1, i - 1 - NEARBY), -1):
        if "\n\n" in text[mentions[j].end:at] if at - mentions[j].end < 2000 else True:
            break
        out.append(mentions[j])
    for j in range(i, min(len(mentions), i + NEARBY)):
        if "\n\n" in text[at:mentions[j].start] if mentions[j].start - at < 2000 else True:
            break
        out.append(mentions[j])
    return out


def _coordinated(best: Mention, places: list[Mention], text: str) -> list[Mention]:
    """The best place and those joined to it by "and" of the same kind: "on Shostka and Okhtyrka"."""
    ordered = sorted(places, key=lambda m: m.start)
    i = ordered.index(best)
    group = [best]
    linked_by_and = False
    for step in (1, -1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j], ordered[j + step]) if step == 1 else (ordered[j + step], ordered[j])
            gap = text[a.end:b.start]
            if not _COORDINATED.match(gap) or ordered[j + step].place.kind != best.place.kind \
                    or ordered[j + step].demonym:
                break
            linked_by_and = linked_by_and or "and" in gap or "&" in gap
            group.append(ordered[j + step])
            j += step
    if not linked_by_and:
        return [best]
    seen: set[str] = set()
    out = []
    for m in sorted(group, key=lambda m: m.start):
        if m.place.name not in seen:
            seen.add(m.place.name)
            out.append(m)
    return out


def _agent_start(trigger: Trigger) -> int | None:
    """Offset (from the trigger's start) after which the agent of a passive or a noun is named ("by X")."""
    passive = trigger.passive or trigger.text.lower().endswith(" by")   # "following an attack by militants"
    return len(trigger.text) if passive else None


def _distinct(found: list[ActorMention], trigger_at: int) -> list[ActorMention]:
    """The event's actors, the one acting first: one per country, the most specific ("South Korean
    President Yoon" is Yoon), the nearest before the trigger first, reporting sources last."""
    order = {"leader": 0, "force": 1, "organisation": 2, "state": 3}
    by_country: dict[str, ActorMention] = {}
    for mention in found:
        # a state's own parts are one party; a group of its country fights it ("Al Shabaab clashed with SNA")
        own = mention.actor.kind in ("leader", "state") or mention.actor.inter is None
        key = (mention.actor.country_code if own else None) or mention.actor.name
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


def extract_events(text: str, published: dt.date, source: str, source_url: str | None = None,
                   should_stop: Callable[[], bool] | None = None) -> pd.DataFrame:
    """The events of one article in the event table layout (`geodata.schema.COLUMNS`)."""
    return default_extractor().extract(Article(text, published, source, source_url), should_stop)

"""What kind of happening a clause reports, in ACLED's types, and whether it is said to have happened.

A clause is an event only if it has a trigger: a row of the language's vocabulary
(`geodata/lang/en/events.json`) whose phrase matches some form of its words ("shelled", "were attacked",
"following an attack by", "signed a pact"). Every row that matches is a candidate; the heaviest wins (the
weapon named beats the bare "attack"), so a new trigger is a row, not a place in a cascade.

Then who did what to whom decides the type where the row's role says it may (ACLED's codebook): an attack
on soldiers, police or a check point is Battles/Armed clash, on civilians Violence against
civilians/Attack, on protesters Excessive force; a demonstration with violence by its participants is a
Riot, one dispersed or arrested by police a Protest with intervention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from geodata.extract.vocabulary import (
    GAP,
    Pattern,
    Row,
    Token,
    Vocabulary,
    tokens,
    vocabulary,
)

BAT, VAC, PRO, RIO, SD = "Battles", "Violence against civilians", "Protests", "Riots", "Strategic developments"
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "be", "is", "are", "got"})
_WINDOW = 8          # words read either side of the trigger for its target and subject
_PUNCT = frozenset(".;:!?")
_DETERMINERS = frozenset({"the", "a", "an", "of", "with", "its", "their", "his", "her", "these", "those", "this",
                          "that", "some", "many", "no", "any", "such"})


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    start: int      # offsets in the clause text
    end: int
    text: str
    casualty: bool = False   # only a death named ("3 people died"): may tell more of an event already told
    passive: bool = False
    weight: int = 0          # how specific the vocabulary row is (see `geodata/lang/en/events.json`)


@dataclass(frozen=True)
class _Match:
    row: Row
    first: int      # token indices, end exclusive
    last: int


def _match_at(toks: Sequence[Token], i: int, pattern: Pattern) -> int | None:
    """Index after the match of pattern starting at token i, or None."""
    pos = i + 1
    parts = pattern.parts
    k = 1
    while k < len(parts):
        part = parts[k]
        if part is None:
            nxt = parts[k + 1]
            assert nxt is not None
            for j in range(pos, min(len(toks), pos + GAP + 1)):
                if toks[j].text in _PUNCT:
                    return None
                if toks[j].text in nxt:
                    pos = j + 1
                    break
            else:
                return None
            k += 2
            continue
        if pos >= len(toks) or toks[pos].text not in part:
            return None
        pos += 1
        k += 1
    return pos


def _matches(toks: Sequence[Token], vocab: Vocabulary) -> list[_Match]:
    out = []
    for i, tok in enumerate(toks):
        for pattern in vocab.by_first.get(tok.text, ()):
            if pattern.verb and i > 0 and toks[i - 1].text in _DETERMINERS \
                    and not (toks[i - 1].text == "of" and tok.text.endswith("ing")):
                continue   # "the supply of shells" is a noun, though "shells" is a verb ("days of protesting" is one)
            end = _match_at(toks, i, pattern)
            if end is None:
                continue
            row = pattern.row
            if end < len(toks) and toks[end].text in row.unless_next:
                continue
            if row.requires and not _near_class(toks, i, end, vocab.classes.get(row.requires, frozenset())):
                continue
            out.append(_Match(row, i, end))
    return out


REQUIRES_WINDOW = 5   # a row's required word ("arrived" needs troops) is its subject or object: this close


def _near_class(toks: Sequence[Token], first: int, last: int, words: frozenset[str]) -> bool:
    """ "Al Shabaab were seen gathering" moves forces; "intelligence gathered ... pointed to troops" does not."""
    return any(t.text in words for t in toks[max(0, first - REQUIRES_WINDOW):last + REQUIRES_WINDOW])


def _kinds(words: Sequence[Token], vocab: Vocabulary) -> list[str]:
    """The kinds of party named in some words, in order: armed | civilian | protester."""
    out = []
    for k, tok in enumerate(words):
        w = tok.text
        armed_before = (k > 0 and words[k - 1].text in ("armed", "gun", "unidentified", "unknown")
                        and w in ("men", "man", "group", "persons", "people", "individuals", "individual"))
        if w in ("protesters", "protestors", "demonstrators", "demonstrator", "protester"):
            out.append("protester")
        elif armed_before or vocab.in_class("armed", w) or vocab.in_class("state_armed", w):
            if k + 1 < len(words) and vocab.in_class("civilian", words[k + 1].text) \
                    and not vocab.in_class("armed", words[k + 1].text):
                continue   # "a clan elder", "a militia commander's wife": a word about the person after it
            out.append("armed")
        elif vocab.in_class("civilian", w):
            out.append("civilian")
    return out


_GUNS = frozenset({"armed", "gun", "guns", "gunfire", "gunshot", "gunshots", "shot", "shooting", "rifle", "rifles",
                   "bullets", "grenade", "rpg", "rpgs", "ak-47"})
_NO_FIGHT = frozenset({"clash", "clashes", "fighting", "fight", "resistance", "violence", "confrontation"})


def _unarmed_clash(toks: Sequence[Token], vocab: Vocabulary) -> bool:
    """A clash between groups of people no armed word names and no gun is used in ("2 groups of people fought
    over land", "tribal clashes erupted"): ACLED's mob violence, not a battle."""
    words = {t.text for t in toks}
    return not words & _GUNS and "armed" not in _kinds(toks, vocab) and bool(words & vocab.classes["communal"])


def _off_duty(toks: Sequence[Token]) -> bool:
    """ACLED counts an off-duty soldier or an unarmed fighter as a civilian."""
    words = [t.text for t in toks]
    return "off-duty" in words or "unarmed" in words or any(
        a == "off" and b == "duty" for a, b in zip(words, words[1:], strict=False))


def _unopposed(scope: Sequence[Token]) -> bool:
    """ "There were no clashes", "without resistance", "unopposed": territory changed hands without a fight."""
    for k, tok in enumerate(scope):
        if tok.text in ("unopposed", "peacefully"):
            return True
        if tok.text in ("no", "without") and any(t.text in _NO_FIGHT for t in scope[k + 1:k + 3]):
            return True
    return False


def _passive(toks: Sequence[Token], m: _Match) -> bool:
    before = toks[max(0, m.first - 3):m.first]
    after = toks[m.last:m.last + 1]
    return any(t.text in _PASSIVE_AUX for t in before) or bool(after and after[0].text == "by")


def _target_kinds(toks: Sequence[Token], m: _Match, vocab: Vocabulary) -> list[str]:
    """Who the act was done to: after an active verb ("attacked a check point"), before a passive one
    ("2 soldiers were killed"), after "on" for a noun ("an attack on police")."""
    after = toks[m.last:m.last + _WINDOW]
    stop = next((k for k, t in enumerate(after) if t.text in _PUNCT or t.text == "by"), len(after))
    after = after[:stop]
    if _passive(toks, m):
        before = toks[max(0, m.first - _WINDOW):m.first]
        return _kinds(before, vocab)[-1:] + _kinds(after, vocab)
    return _kinds(after, vocab)


def _subject_words(toks: Sequence[Token], m: _Match) -> Sequence[Token]:
    """Who acted: after "by" for a passive or a noun ("an attack by militants"), else before the verb."""
    after = toks[m.last:]
    if after and after[0].text == "by":
        return after[1:1 + _WINDOW]
    by = next((k for k, t in enumerate(after[:_WINDOW]) if t.text == "by"), None)
    if _passive(toks, m) and by is not None:
        return after[by + 1:by + 1 + _WINDOW]
    before = toks[max(0, m.first - _WINDOW):m.first]
    stop = max((k for k, t in enumerate(before) if t.text in _PUNCT), default=-1)
    return before[stop + 1:]   # not across a full stop: "... with SNA. The militants took control"


def _resolve(row: Row, toks: Sequence[Token], m: _Match, scope: Sequence[Token], vocab: Vocabulary) -> tuple[str, str]:
    """The row's type, or the one who did what to whom makes it."""
    if row.role == "violence":
        targets = _target_kinds(toks, m, vocab)
        subject = _subject_words(toks, m)
        subject_kinds = _kinds(subject, vocab)
        if targets and targets[0] == "protester":
            return PRO, "Excessive force against protesters"
        if row.sub_event_type in ("Attack",) and {t.text for t in subject} & vocab.classes["mob"] \
                and "armed" not in subject_kinds:
            return RIO, "Mob violence"
        if targets and targets[0] == "armed" and not row.mutual and _off_duty(toks):
            return VAC, "Attack"   # "shot a soldier who was off duty", "an unarmed member": civilians then
        if row.mutual and _unarmed_clash(toks, vocab):
            return RIO, "Mob violence"   # "two youth groups clashed with stones": a brawl, not a battle
        if targets and targets[0] == "armed":
            return BAT, "Armed clash"
        if targets and targets[0] == "civilian" and not row.mutual:
            return VAC, "Attack"
        if row.event_type == BAT and subject_kinds.count("armed") >= 1:
            return BAT, "Armed clash"
        return row.event_type, row.sub_event_type
    if row.role == "demonstration":
        # the trigger's own words are no cue: "residents blocked roads" is the protest, not its dispersal
        words = {t.text for t in scope} - {t.text for t in toks[m.first:m.last]}
        if words & vocab.classes["lethal_cue"] and {"police", "officers", "security", "soldiers", "forces"} & words \
                and {"killed", "shot", "dead", "died", "fire", "live", "gunfire", "gunshots"} & words \
                and not {"rubber"} & words:
            return PRO, "Excessive force against protesters"
        if row.event_type == RIO or words & vocab.classes["riot_cue"]:
            return RIO, "Violent demonstration"
        if words & vocab.classes["intervention_cue"]:
            return PRO, "Protest with intervention"
        return PRO, "Peaceful protest"
    if row.role == "territory":
        # a state's forces retaking ground regain it; taking it is fighting (between states too); a
        # non-state group taking ground overtakes it
        if _unopposed(scope):
            return SD, "Non-violent transfer of territory"   # "took control ... There were no clashes."
        state = bool({t.text for t in _subject_words(toks, m)} & vocab.classes["state_armed"])
        if not state:
            return BAT, "Non-state actor overtakes territory"
        # from militants it is regained; from another state (or a holder not named) it is fought over
        rebels = any(vocab.in_class("armed", t.text) and not vocab.in_class("state_armed", t.text) for t in toks)
        return BAT, "Government regains territory" if row.sub_event_type == "Government regains territory" \
            or rebels else "Armed clash"
    return row.event_type, row.sub_event_type


def _taken_after(event: tuple[str, str], scope: Sequence[Token], vocab: Vocabulary) -> tuple[str, str]:
    """ "X clashed with Y in Z. The forces took control over the village.": a clash that ends in ground taken
    is the taking (ACLED's territory sub-events)."""
    if event != (BAT, "Armed clash"):
        return event
    taken = [m for m in _matches(scope, vocab) if m.row.role == "territory"]
    if not taken:
        return event
    end = next((k for k in range(taken[0].last, len(scope)) if scope[k].text in _PUNCT), len(scope))
    told = scope[:end]   # the story up to the taking, not what is said after it
    return _resolve(taken[0].row, told, taken[0], told, vocab)


POSITION_COST = 1.0
GRIEVANCE_COST = 40
STRONG = 35   # rows lighter than this ("missile", "air defences", "died") count only when nothing else does


def _head(found: list[_Match], toks: Sequence[Token], grievances: frozenset[str]) -> _Match:
    """The clause's main happening: the first strong trigger ("submitted a bill ... if it comes under attack"
    is a bill), the heaviest of the triggers that overlap it ("suicide attack" over "attack")."""
    strong = [m for m in found if m.row.weight >= STRONG] or found
    protest_at = min((m.first for m in strong if m.row.role == "demonstration"), default=None)

    def grievance(m: _Match) -> int:
        """ "Residents demonstrate after a wave of kidnappings": what a protest is about is not the event."""
        if protest_at is None or m.first <= protest_at or m.row.role == "demonstration":
            return 0
        return GRIEVANCE_COST if any(t.text in grievances for t in toks[max(protest_at, m.first - 4):m.first]) else 0

    demonstration = [m for m in strong if m.row.role == "demonstration"]
    if demonstration and any(m.row.sub_event_type == "Arrests" for m in strong):
        strong = demonstration   # "police arrested 40 after demonstrators refused to leave": a protest
    # weight for what the words name, less a point a word for how far into the clause they come: the main
    # verb comes early, a weapon named later still outweighs a bare "killed" before it
    return max(strong, key=lambda m: (m.row.weight - POSITION_COST * m.first - grievance(m),
                                      m.last - m.first, -m.first))


def classify(clause: str, scope: str | None = None, lang: str = "en") -> Trigger | None:
    """The clause's trigger and type; `scope` (the sentence and what follows it) holds cues for the type
    ("The protesters burnt tyres" makes the protest before it a riot)."""
    vocab = vocabulary(lang)
    label = _label(clause, vocab)
    if label is not None:
        return label
    toks = tokens(clause)
    found = _matches(toks, vocab)
    if not found:
        return None
    best = _head(found, toks, vocab.classes.get("grievance", frozenset()))
    scope_toks = toks if scope is None else tokens(scope)
    event_type, sub_type = _resolve(best.row, toks, best, scope_toks, vocab)
    if scope is not None and best.row.role != "territory":
        event_type, sub_type = _taken_after((event_type, sub_type), scope_toks, vocab)
    start, end = toks[best.first].start, toks[best.last - 1].end
    return Trigger(event_type, sub_type, start, end, clause[start:end], best.row.casualty, _passive(toks, best),
                   best.row.weight)


LABEL_WEIGHT = 100
_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z -]{1,40}?)\s*:")


def _label(clause: str, vocab: Vocabulary) -> Trigger | None:
    """ "Movement of forces: Al Shabaab were seen ...": ACLED analysts open a note with its sub-event's label."""
    match = _LABEL.match(clause)
    types = vocab.labels.get(match.group(1).lower()) if match else None
    if match is None or types is None:
        return None
    return Trigger(types[0], types[1], match.start(1), match.end(1), match.group(1), False, False, LABEL_WEIGHT)


def find_trigger(clause: str) -> Trigger | None:
    return classify(clause)


@cache
def _cue_pattern(kind: str, lang: str = "en") -> re.Pattern[str]:
    cues = sorted(vocabulary(lang).modality[kind], key=len, reverse=True)
    body = "|".join(re.escape(c) if c != "n't" else r"n't" for c in cues)
    return re.compile(rf"(?:\b(?:{body})\b)" + (r"|n't\b" if kind == "negated" else ""), re.IGNORECASE)


# characters before the trigger that govern it ("has not confirmed that any soldiers have been sent")
_WINDOW_CHARS = 80
_AFTER_MODAL = re.compile(r"^\W*(?:(?:that|which|who|\w+)\s+){0,3}?(?:could|might|may|would|will|is expected to|"
                          r"is set to)\b", re.IGNORECASE)


def _first_verb_group(after: str) -> str:
    """A modal right after a noun trigger governs it: "a ceasefire ... could take effect"."""
    match = _AFTER_MODAL.search(after)
    return match.group(0) if match else ""


def modality(clause: str, trigger: Trigger) -> str:
    """asserted | future | hypothetical | negated, read from the words just before the trigger."""
    before = clause[max(0, trigger.start - _WINDOW_CHARS):trigger.start]
    after = clause[trigger.end:trigger.end + 30]   # "a ceasefire that could take effect"
    governing = clause[max(0, trigger.start - _WINDOW_CHARS):trigger.end] + " " + _first_verb_group(after)
    if _cue_pattern("negated").search(before):
        return "negated"
    if _cue_pattern("future").search(governing):
        return "future"
    if _cue_pattern("hypothetical").search(governing):
        return "hypothetical"
    return "asserted"

"""Is a date in a sentence ahead of publication or behind it? Read off the nearest tense cue.

Why: "closure will begin on April 7" and "set to resume Monday" name days after publication, and
"the port was shelled on Monday" one before it; the words that tell (`FUTURE_CUES`, `PAST_CUES` in
`geodata.lang.en.dates`) sit next to the date, in its clause. The nearest cue before the date wins
("officials said Monday talks will resume Tuesday": Monday past, Tuesday future); with none before it,
the nearest after it ("the March accession will enable ..."). No cue: None, and the caller decides.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from geodata.lang.en import dates as en

__all__ = ["tense_at"]

FUTURE, PAST = "future", "past"
_DUE = re.compile(r"\bdue\s+$", re.IGNORECASE)
_WINDOW = 150   # characters either side: a cue further away belongs to another clause


_WORD = re.compile(r"[A-Za-z]+|['’][a-z]+")


@lru_cache(maxsize=1)
def _cue_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (all words, tense), longest first: "was to" is future, "was" past."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, tense in [(w, PAST) for w in en.PAST_CUES] + [(w, FUTURE) for w in en.FUTURE_CUES]:
        key = tuple(w.lower().replace("’", "'") for w in _WORD.findall(words))
        table.setdefault(key[0], []).append((key, tense))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


@lru_cache(maxsize=1)
def _break_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(b) for b in en.CLAUSE_BREAKS))


@lru_cache(maxsize=32)
def _analyse(sentence: str) -> tuple[list[int], list[int], list[str], list[int], list[str]]:
    """Cue starts, ends and tenses, and clause-break offsets: read once per sentence, not per date.

    A cue must be written in lower case (the name "Will", the month "May"); a participle after
    "be"/"been" is skipped ("will be held": "will" tells).
    """
    tokens = [(m.start(), m.end(), m.group(0), m.group(0).lower().replace("’", "'"))
              for m in _WORD.finditer(sentence)]
    table = _cue_table()
    starts: list[int] = []
    ends: list[int] = []
    tenses: list[str] = []
    cue_words: list[str] = []
    last_token = -2
    breaks = [m.start() for m in _break_pattern().finditer(sentence)]
    for i, (start, end, word, lower) in enumerate(tokens):
        if lower in en.CLAUSE_OPENERS:
            breaks.append(start)
            continue
        if not word[:1].islower() and word[:1] not in "'’":
            continue
        after_be = i > 0 and tokens[i - 1][3] in en.PASSIVE_AUXILIARIES
        tense = None
        for words, cue_tense in table.get(lower, ()):
            if len(words) == 1 or tuple(t[3] for t in tokens[i:i + len(words)]) == words:
                if not (after_be and len(words) == 1 and cue_tense == PAST):
                    tense, end = cue_tense, tokens[i + len(words) - 1][1]
                break
        else:
            if len(word) >= 5 and word.endswith("ed") and not after_be and word not in en.NOT_PAST_ED:
                tense = PAST
        if tense is None:
            continue
        if last_token == i - 1 and cue_words[-1] in en.AUXILIARIES:   # "were planning": the verb tells
            starts.pop(), ends.pop(), tenses.pop(), cue_words.pop()
        starts.append(start)
        ends.append(end)
        tenses.append(tense)
        cue_words.append(lower)
        last_token = i
    breaks.sort()
    return starts, ends, tenses, breaks, cue_words


def tense_at(sentence: str, start: int, end: int) -> str | None:
    """"future", "past" or None for the expression at ``sentence[start:end]``.

    The nearest cue in the clause wins, a cue after the date counting at twice its distance ("the
    State Department on Sunday issued": "issued"; "said Monday talks will resume": "said"). With no
    cue, a deadline word before the date ("until Tuesday") makes it future.
    """
    starts, ends, tenses, breaks, words = _analyse(sentence)
    b = bisect.bisect_left(breaks, start)
    left = max(breaks[b - 1] if b else 0, start - _WINDOW)
    a = bisect.bisect_left(breaks, end)
    right = min(breaks[a] if a < len(breaks) else len(sentence), end + _WINDOW)
    if _DUE.search(sentence, max(0, start - 5), start):   # "due in May": the cue runs into the date
        return FUTURE
    best: tuple[float, str] | None = None
    i = bisect.bisect_right(ends, start) - 1          # the last cue ending before the date
    if i >= 0 and starts[i] >= left:
        best = (start - ends[i], tenses[i])
    j = bisect.bisect_left(starts, end)               # the first one after it
    if j < len(starts) and ends[j] <= right and (best is None or 2 * (starts[j] - end) < best[0]):
        # "On Friday, the government planned to pay": after the date, "planned" is the past act
        best = (2 * (starts[j] - end), PAST if words[j] in en.PAST_FORM_FUTURE_CUES else tenses[j])
    if best is not None:
        return best[1]
    near = _WORD.findall(sentence[max(left, start - 12):start + 8].lower())
    return FUTURE if any(w in en.DEADLINE_WORDS for w in near[-3:]) else None

"""Split an article into paragraphs, sentences and clauses, keeping offsets into the original text.

Every event keeps the sentence it came from, and its places and dates are found by offset, so nothing
here rewrites the text: each unit is a (start, end) window on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.lang.en import load

_WORDS = load("sentences")


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? (and closing quotes) followed by space and a capital, digit or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# A full stop that ends an abbreviation ("Mr.", "Sept."), an initial ("J.") or a dotted acronym ("U.S.").
_ABBREVIATION = re.compile(rf"(?:\b(?:{_alternatives(_WORDS['abbreviations'])})|\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$")
# Clauses: ", and" / "; " / ", while" join reports of separate happenings in one sentence.
_CLAUSE_BREAK = re.compile(rf",\s+(?:{_alternatives(_WORDS['clause_conjunctions'])})\s+|;\s+")
_HEADING = re.compile(rf"^\s*(?:#+\s|(?:{_alternatives(_WORDS['byline_words'])})\s+[A-Z][\w .'-]*$)")


@dataclass(frozen=True)
class Unit:
    """A window on the text: a sentence or a clause, and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph windows, without Markdown headings and bylines (they repeat or carry no event)."""
    out = []
    pos = 0
    for match in list(_PARAGRAPH.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        if chunk.strip() and not _HEADING.match(chunk.strip()):
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + len(chunk.rstrip())))
        pos = match.end() if match else len(text)
    return out


def sentences(text: str) -> list[Unit]:
    out = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for match in _SENTENCE_END.finditer(text, p_start, p_end):
            if _ABBREVIATION.search(text, max(p_start, match.start() - 8), match.start()):
                continue   # "Mr. Kim", "U.S. troops": a full stop that ends an abbreviation
            out.append(Unit(start, _trim_end(text, match.start()), number))
            start = match.end()
        if start < p_end:
            out.append(Unit(start, p_end, number))
    return [u for u in out if u.end > u.start]


def _trim_end(text: str, end: int) -> int:
    """Keep the closing quote or bracket with its sentence."""
    while end < len(text) and text[end] in "\"'”’)]":
        end += 1
    return end


def clauses(text: str, sentence: Unit) -> list[Unit]:
    """The parts of a sentence that may each report a happening."""
    out = []
    start = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        out.append(Unit(start, match.start(), sentence.paragraph))
        start = match.end()
    out.append(Unit(start, sentence.end, sentence.paragraph))
    return [u for u in out if u.end > u.start]

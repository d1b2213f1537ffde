"""Sentences and clauses by offset, with the English abbreviation and conjunction tables of geodata/lang/en."""

from __future__ import annotations

import pytest

from geodata.text.sentences import clauses, paragraphs, sentences


def _sentences(text: str) -> list[str]:
    return [u.of(text) for u in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Kim met Gen. Lee on Sept. 5. Talks ended.", ["Mr. Kim met Gen. Lee on Sept. 5.", "Talks ended."]),
    ("U.S. troops left. J. Smith said so.", ["U.S. troops left.", "J. Smith said so."]),
    ("He said \"We will return.\" Then he left.", ["He said \"We will return.\"", "Then he left."]),
    ("Shelling hit Kharkiv! 12 people died.", ["Shelling hit Kharkiv!", "12 people died."]),
    ("Protests in Tbilisi. protests went on.", ["Protests in Tbilisi. protests went on."]),   # no capital: one
])
def test_sentence_ends(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Troops attacked Kyiv, and drones hit Lviv; police arrested two.",
     ["Troops attacked Kyiv", "drones hit Lviv", "police arrested two."]),
    ("Rebels shelled Goma, while the army held Sake.", ["Rebels shelled Goma", "the army held Sake."]),
    ("Bombs fell on Shostka and Okhtyrka.", ["Bombs fell on Shostka and Okhtyrka."]),   # "and" without a comma
])
def test_clauses(sentence, expected):
    unit = sentences(sentence)[0]
    assert [c.of(sentence) for c in clauses(sentence, unit)] == expected


def test_headings_and_bylines_are_not_paragraphs_and_offsets_hold():
    text = "# Title\n\nBy Jane Doe\n\n  First paragraph.  \n\nSecond one."
    windows = paragraphs(text)
    assert [text[a:b] for a, b in windows] == ["First paragraph.", "Second one."]
    assert [u.paragraph for u in sentences(text)] == [0, 1]

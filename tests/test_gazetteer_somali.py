"""Somali compounds written as one word or two ("Buurhakaba", "Buur Hakaba"). Names written for these tests."""

from __future__ import annotations

import pytest

from geodata.places.gazetteer.somali import spaced_form


@pytest.mark.parametrize("name, spaced", [
    ("Ceelwaaq", "Ceel Waaq"),          # a generic word opens the compound
    ("Buurdhuubo", "Buur Dhuubo"),
    ("Laasgoray", "Laas Goray"),
    ("Galdheere", "Gal Dheere"),         # an adjective closes it
    ("Wajidweyn", "Wajid Weyn"),
    ("Ceek", None),                      # too short to be two words
    ("Kismaayo", None),                  # no generic word
    ("Buur Gaabo", None),                # already two words
])
def test_the_spaced_form_of_a_somali_compound(name, spaced):
    assert spaced_form(name) == spaced


@pytest.mark.parametrize("text, town", [
    ("Fighters were seen gathering in Ceel Dheer town on Monday.", "Ceeldheer"),
    ("Militants attacked a base near Buur Hakaba on Monday.", "Buurhakaba"),
])
def test_a_town_written_apart_is_read_in_a_report(parser, text, town):
    assert [(m.place.name, m.place.country_code) for m in parser.parse(text)] == [(town, "SO")]

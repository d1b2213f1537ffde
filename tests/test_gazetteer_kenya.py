"""Kenya's constituencies and wards (the pinned kenya-data package): reports name them as often as towns.

Sentences and names written for these tests; one table per phenomenon.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.extract import extract_events
from geodata.places.gazetteer.kenya import base_of, names_of


@pytest.mark.parametrize("raw, taken, names", [
    ("Chuka/Igambang'ombe", (), ["Chuka", "Igambang'ombe"]),          # each part of a joined name
    ("Mji wa Kale/Makadara", (), ["Mji wa Kale", "Makadara"]),
    ("South Imenti", (), ["South Imenti", "Imenti South"]),           # the compass word on either side
    ("Kilifi North", (), ["Kilifi North", "North Kilifi"]),
    ("Dandora Area Ii", (), ["Dandora Area II"]),                      # a numeral as the listing spells it
    ("Township", (), []),                                              # an English word names no ward
    ("Hospital", (), []),
    ("Tudor", (), []),
    ("Waa", (), []),                                                   # nor a three-letter syllable
    ("Likoni", ("likoni",), []),                                       # a town's name stays the town's
])
def test_the_names_a_ward_is_called_by(raw, taken, names):
    assert names_of(raw, frozenset(taken)) == names


@pytest.mark.parametrize("name, taken, base", [
    ("Dandora Area II", (), "Dandora"),            # numbered wards of one estate
    ("Kayole Central", (), "Kayole"),              # split by compass
    ("Nyalenda 'a'", (), "Nyalenda"),
    ("Nakuru East", ("nakuru",), None),            # "Nakuru" stays the town's
    ("Kisauni", (), None),                         # no tail
])
def test_the_place_a_split_ward_is_part_of(name, taken, base):
    assert base_of(name, frozenset(taken)) == base


@pytest.mark.parametrize("name, code", [
    ("Kisauni", "ADM2"), ("Mathare", "ADM2"), ("Njiru", "ADM3"), ("Kangemi", "ADM3"), ("Dandora", "ADM3"),
])
def test_constituencies_and_wards_are_in_the_gazetteer(gazetteer, name, code):
    units = [c.place for c in gazetteer.lookup(name, limit=50)
             if c.place.country_code == "KE" and c.place.feature_code == code]
    assert units and units[0].admin1.startswith("KE-"), [(c.place.name, c.place.country_code)
                                                         for c in gazetteer.lookup(name)]


@pytest.mark.parametrize("text, county_point", [
    ("Residents of Njiru blocked the road with burning tyres on Monday.", (-1.3, 36.8)),
    ("A grenade thrown into a bus injured six people in Eastleigh.", (-1.3, 36.8)),   # not the English town
    ("Police fired tear gas at rioters in Mathare on Tuesday.", (-1.3, 36.8)),
    ("Two men were shot dead by police in Kisauni on Friday.", (-4.0, 39.7)),
])
def test_a_report_naming_only_a_ward_is_placed_there(text, county_point):
    df = extract_events(text, dt.date(2019, 10, 18), "t")
    assert len(df) >= 1 and df.iloc[0]["country"] == "Kenya", df[["location", "country"]]
    lat, lon = county_point
    assert abs(df.iloc[0]["latitude"] - lat) < 0.5 and abs(df.iloc[0]["longitude"] - lon) < 0.5


@pytest.mark.parametrize("text, ward, place", [
    # a ward's name that opens a person's or an institution's name, with no locative before it, is no place
    ("The court heard that Umoja Hassan Mwita ran the ring from a flat above the shop.", "Umoja", False),
    ("The choir sang as Njiru Mwangi Kamau walked to the stage.", "Njiru", False),
    # named as where something happened, the ward is the place
    ("Two shops were looted in Umoja on Sunday night.", "Umoja", True),
    ("Youths from Njiru blocked the road with stones.", "Njiru", True),
])
def test_a_ward_opening_a_longer_name_is_no_place(parser, text, ward, place):
    found = [m for m in parser.parse(text) if m.text == ward]
    assert bool(found) is place, [(m.text, m.place.name) for m in parser.parse(text)]

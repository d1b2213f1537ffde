"""A part of a place named by words the gazetteer knows only one by one ("the Bagh-e Bala area of Herat
city"): each word alone is a namesake abroad, the place is the whole after "area of".

Sentences written for these tests; one table per phenomenon.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.extract import extract_events
from geodata.extract.locate import parts_of_towns
from geodata.places.gazetteer import Place
from geodata.places.geoparser import Mention


def _m(text: str, whole: str, kind: str, lat: float, lon: float, confidence: float = 0.97,
       region_code: str | None = None, admin1: str = "") -> Mention:
    place = Place(hash((text, lat)) % 10_000, text, kind, "PPL", "XX", admin1, lat, lon, 0, None, region_code)
    start = whole.index(text)
    return Mention(start, start + len(text), text, place, confidence, False)


@pytest.mark.parametrize("text, parts, whole, kept", [
    # every word of the part's name that lies far from the town goes, however surely it was resolved
    ("shot in the Bagh-e Bala area of Herat city", [("Bagh", 34.0, 73.8), ("Bala", 47.6, 7.6)],
     ("Herat", 34.3, 62.2), ["Herat"]),
    ("killed in the Qala-e Fathullah Khan area of Kabul", [("Qala", 36.0, 14.3), ("Khan", 30.7, 76.2)],
     ("Kabul", 34.5, 69.2), ["Kabul"]),
    # two parts joined by "and", the plural "areas"
    ("clashes in the Kham Ab and Shor Tepa areas of Balkh", [("Kham", 27.9, 77.8), ("Shor", 35.0, 52.0)],
     ("Balkh", 36.8, 66.9), ["Balkh"]),
    # the part's kind, then a comma and the town; parts joined by "&"
    ("bodies found in the Bondeni & Shauri slum area, Nakuru town", [("Bondeni", 15.4, 74.0)],
     ("Nakuru", -0.3, 36.1), ["Nakuru"]),
    # a part near its town stays: it is the more precise place
    ("a raid in the Ngara area of Nairobi", [("Ngara", -1.27, 36.83)], ("Nairobi", -1.28, 36.82),
     ["Ngara", "Nairobi"]),
    # a list is no part: "Nakuru and the Kosovo area of Naivasha" keeps Nakuru however far it lies
    ("riots in Nakuru and the Kosovo area of Naivasha", [("Nakuru", 10.0, 10.0)], ("Naivasha", -0.7, 36.4),
     ["Nakuru", "Naivasha"]),
])
def test_the_words_of_a_parts_name_are_no_places_abroad(text, parts, whole, kept):
    mentions = [_m(name, text, "city", lat, lon) for name, lat, lon in parts]
    mentions.append(_m(whole[0], text, "city", whole[1], whole[2]))
    assert [m.text for m in parts_of_towns(mentions, text)] == kept


def test_a_part_of_a_province_is_in_that_province():
    text = "fighting in the Kaldar area of Balkh province"
    inside = _m("Kaldar", text, "city", 36.7, 67.0, admin1="AF-BAL")
    outside = _m("Kaldar", text, "city", 37.2, 68.9, admin1="AF-KDZ")
    province = _m("Balkh", text, "region", 36.7, 66.9, region_code="AF-BAL")
    assert [m.text for m in parts_of_towns([inside, province], text)] == ["Kaldar", "Balkh"]
    assert [m.text for m in parts_of_towns([outside, province], text)] == ["Balkh"]


@pytest.mark.parametrize("text, location", [
    ("On 3 May 2021, gunmen shot a shopkeeper in the Bagh-e Bala area of Herat city.", "Herat"),
    ("On 3 May 2021, a policeman was killed in the Qala-e Fathullah area of Kabul city.", "Kabul"),
])
def test_a_report_naming_a_part_of_a_town_is_placed_in_the_town(text, location):
    df = extract_events(text, dt.date(2021, 5, 6), "t")
    assert len(df) >= 1 and df.iloc[0]["location"] == location, df[["location", "country"]]


@pytest.mark.parametrize("text, country", [
    # a list of districts with their province after it: a town abroad named in the list is a namesake
    ("On 9 July 2021, airstrikes hit Taliban positions in Rodat, Kot, and Dih Bala (Haska Mina) districts, "
     "Nangarhar.", "Afghanistan"),
    ("On 9 July 2021, airstrikes hit Taliban positions in Kot, Rodat, and Sherzad (Gandamak) districts, "
     "Nangarhar.", "Afghanistan"),
])
def test_the_province_after_a_list_of_districts_holds_them(text, country):
    df = extract_events(text, dt.date(2021, 6, 5), "t")
    assert len(df) >= 1 and set(df["country"]) == {country}, df[["location", "country"]]

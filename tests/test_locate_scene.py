"""Where a short report's event is: namesakes abroad, parts of towns, a town after a locative chain.

Sentences written for these tests; one table per phenomenon.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.extract import extract_events
from geodata.extract.locate import parts_of_towns, tail_of_a_name
from geodata.extract.scene import in_scene, namesake_abroad
from geodata.places.gazetteer import Place
from geodata.places.geoparser import Mention

PUBLISHED = dt.date(2024, 10, 18)


def _m(text: str, kind: str, cc: str, lat: float, lon: float, confidence: float, start: int = 0,
       demonym: bool = False) -> Mention:
    place = Place(hash((text, cc)) % 10_000, text, kind, "PPL", cc, "", lat, lon, 0, None, None)
    return Mention(start, start + len(text), text, place, confidence, demonym)


NAIROBI = _m("Nairobi", "city", "KE", -1.28, 36.82, 0.99, 40)
MANDERA = _m("Mandera County", "region", "KE", 3.5, 40.7, 0.95, 60)
KAMPALA = _m("Kampala", "city", "UG", 0.32, 32.58, 0.99, 80)
UGANDAN = _m("Ugandan", "country", "UG", 1.3, 32.3, 0.99, 70, demonym=True)
KENYAN = _m("Kenyan", "country", "KE", 1.0, 38.0, 0.99, 5, demonym=True)
EASTLEIGH_GB = _m("Eastleigh", "city", "GB", 50.97, -1.35, 0.52, 20)
FINO_IT = _m("Fino", "city", "IT", 45.74, 9.05, 0.82, 20)
BELGOROD = _m("Belgorod Oblast", "region", "RU", 50.7, 37.0, 0.9, 30)
KHARKIV = _m("Kharkiv", "city", "UA", 49.99, 36.23, 0.8, 10)
IDLIB = _m("Idlib", "city", "SY", 35.93, 36.63, 0.9, 20)
RUSSIAN = _m("Russian", "country", "RU", 61.5, 105.3, 0.99, 0, demonym=True)
ADAN_YE = _m("Adan", "region", "YE", 12.8, 45.0, 0.96, 20)
SHABELLE = _m("Middle Shabelle", "region", "SO", 2.9, 45.5, 0.81, 30)


@pytest.mark.parametrize("mention, context, homes, abroad", [
    # a town of another country than the passage's other places, far from them: a namesake
    (EASTLEIGH_GB, [EASTLEIGH_GB, NAIROBI], (), True),
    (FINO_IT, [FINO_IT, MANDERA, KENYAN], (), True),
    # a place resolved surely is never a namesake: the report is about two countries
    (NAIROBI, [NAIROBI, UGANDAN, KAMPALA], (), False),
    (KAMPALA, [NAIROBI, UGANDAN, KAMPALA], ("KE",), False),
    # across a border, near the scene's places
    (KHARKIV, [KHARKIV, BELGOROD, RUSSIAN], ("RU",), False),
    # a nationality or an actor's home country never makes a scene alone
    (IDLIB, [RUSSIAN, IDLIB], ("RU",), False),
    # a divided passage has no scene: neither region is ruled out by the other
    (SHABELLE, [ADAN_YE, SHABELLE], (), False),
    (ADAN_YE, [ADAN_YE, SHABELLE], (), False),
    # nothing else named: nothing to judge by
    (EASTLEIGH_GB, [EASTLEIGH_GB], (), False),
    # an actor's home country adds to a scene that places make
    (FINO_IT, [FINO_IT, _m("Mandera County", "region", "KE", 3.5, 40.7, 0.8, 60)], ("KE",), True),
])
def test_a_namesake_abroad_is_ruled_out_by_the_passages_scene(mention, context, homes, abroad):
    assert namesake_abroad(mention, context, homes) is abroad
    assert (mention not in in_scene([mention], context, homes)) is abroad


@pytest.mark.parametrize("text, first, second, km_apart, kept", [
    ("riots in Langas estate, Eldoret", "Langas", "Eldoret", "far", ["Eldoret"]),
    ("killed in the Ngara area, Nairobi", "Ngara", "Nairobi", "far", ["Nairobi"]),
    ("killed in the Ngara area, Nairobi", "Ngara", "Nairobi", "near", ["Ngara", "Nairobi"]),
    ("killed in the Kosovo area of Naivasha", "Kosovo", "Naivasha", "far", ["Naivasha"]),
    ("a market in Solia, Nakuru", "Solia", "Nakuru", "far", ["Nakuru"]),   # less sure, abroad, far: a namesake
    ("a market in Solia, Nakuru", "Solia", "Nakuru", "near", ["Solia", "Nakuru"]),   # across a border
    ("protests in Nakuru, Eldoret and Kisumu", "Nakuru", "Eldoret", "far", ["Nakuru", "Eldoret"]),   # a list
])
def test_a_part_of_a_town_far_from_it_is_a_namesake(text, first, second, km_apart, kept):
    town = _m(second, "city", "KE", 0.52, 35.27, 0.9, text.index(second))
    if first == "Nakuru":   # a list of towns of one country: each is sure of itself
        town = _m(second, "city", "SE", 0.52, 35.27, 0.9, text.index(second))
    lat, lon = (57.0, 12.4) if km_apart == "far" else (0.55, 35.3)
    part = _m(first, "city", "SE", lat, lon, 0.7, text.index(first))
    assert [m.text for m in parts_of_towns([part, town], text)] == kept


@pytest.mark.parametrize("text, name, tail", [
    ("clashes in Tana North District", "North District", True),
    ("stormed the Huduma Centre in Kisumu", "Centre", True),
    ("a thief in Kiarango village in Embu West", "West", True),
    ("fighting in North Kivu", "North Kivu", False),        # the compass word begins the name
    ("On Monday North Kivu saw fighting", "North Kivu", False),
    ("Militants attacked soldiers in Lower Juba", "Lower Juba", False),
    ("Since Monday Central Province has been calm", "Central Province", False),   # a weekday is no name
    ("Markets in Mombasa Central reopened", "Mombasa", False),   # no compass word
])
def test_a_compass_word_after_a_name_is_the_tail_of_that_name(text, name, tail):
    mention = _m(name, "region", "CM", 8.0, 13.0, 0.9, text.index(name))
    assert tail_of_a_name(mention, text) is tail


@pytest.mark.parametrize("text, location, country", [
    # a namesake abroad beside a town of the scene
    ("Police shot dead two robbers in Eastleigh, Nairobi on Monday.", "Nairobi", "Kenya"),
    # an estate of the town after it
    ("Rioters burnt tyres in Langas estate, Eldoret, after the results were announced.", "Eldoret", "Kenya"),
    # the town after a locative chain is where it happened, not the officer's station named first; a capital
    # there is a place, not its government
    ("Hola police commander was shot dead by gunmen in Kahawa West, Nairobi.", "Nairobi", "Kenya"),
    # two countries named, each surely: the place of the protest is the one after "in"
    ("Protesters gathered in Nairobi's city centre, demanding the release of a Ugandan MP held in Kampala.",
     "Nairobi", "Kenya"),
    # a nationality alone never rules out the place named
    ("Russian airstrikes hit Idlib on Monday.", "Idlib", "Syria"),
    # an estate or area "of" a town, a facility's last word
    ("A farmer was killed in the Kosovo area of Naivasha on Monday.", "Naivasha", "Kenya"),
    ("Protesters stormed the Huduma Centre in Kisumu city on Monday.", "Kisumu", "Kenya"),
    # who live in a place act there: "X residents", "residents of X", as "in X"
    ("Mombasa residents held a demonstration against moving the port's containers to Nairobi's depot.",
     "Mombasa", "Kenya"),
    ("Residents of Kisumu protested against the closure of Nairobi's main road.", "Kisumu", "Kenya"),
    # a capital that modifies a noun or gives the units of a place is a place, not its government
    ("Protesters stormed the Nairobi provincial headquarters on Monday.", "Nairobi", "Kenya"),
    ("Police shot two boys at a petrol station in Pangani (Starehe, Nairobi) on Monday.", "Nairobi", "Kenya"),
    # the tail of a longer name casts no vote for its namesake's country
    ("Traffic on Moi South Lake road in Naivasha stopped as residents protested the closure of a corridor.",
     "Naivasha", "Kenya"),
    # a region people come from holds no other place named
    ("Teachers from Wajir region staged protests at the union's headquarters in Nairobi.", "Nairobi", "Kenya"),
    ("Militants from Hiraan attacked a base in Bosaso on Monday.", "Bosaso", "Somalia"),
])
def test_the_place_of_a_short_report(text, location, country):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) >= 1
    assert df.iloc[0]["location"] == location and df.iloc[0]["country"] == country


def test_a_nationality_is_not_its_government_acting_at_the_capital():
    df = extract_events("Residents of Garissa protested on Monday. The protest turned into a violent clash between "
                        "Somali and non-Somali groups.", PUBLISHED, "t")
    assert list(df["location"]) == ["Garissa", "Garissa"]   # the riot is where the protest was, not in Mogadishu
    df = extract_events("Putin submitted a bill to parliament.", PUBLISHED, "t")
    assert list(df["location"]) == ["Moscow"]                # a government's own act is still at its seat


@pytest.mark.parametrize("text, state", [
    ("Protesters stormed the Nairobi provincial headquarters.", None),
    ("Students from seven Nairobi universities marched.", None),
    ("The Moscow government said the talks failed.", "Russia"),
    ("Moscow has warned Kyiv.", "Russia"),
])
def test_a_capital_before_a_noun_is_a_place(text, state):
    from geodata.extract.events import default_extractor

    found = default_extractor().actors.find(text)
    assert (found[0].actor.name if found else None) == state


@pytest.mark.parametrize("text, locations", [
    # a country named in the clause, a town or region of it named in the paragraph: the finer place
    ("Youths stormed a college in Kisumu on Monday. They then blocked the highway between Kenya and Uganda.",
     {"Kisumu"}),
])
def test_a_country_named_gives_way_to_a_finer_place_of_it(text, locations):
    df = extract_events(text, PUBLISHED, "t")
    assert set(df["location"]) == locations

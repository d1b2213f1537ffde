"""The geoparser over the real gazetteer: what it finds, what it must not find, and its span invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.places.geoparser import Geoparser, Mention, parse


def _check_spans(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text), m
        assert text[m.start:m.end] == m.text, m


def _label(m: Mention) -> str:
    """A place as the tests name it: countries and regions by code, everything else by name and country."""
    p = m.place
    if p.kind == "country":
        return f"country:{p.country_code}"
    if p.kind == "region" and p.region_code:
        return f"region:{p.region_code}"
    return f"{p.kind}:{p.name}:{p.country_code}"


def _one(parser, text: str, phrase: str) -> Mention:
    """The single mention whose text is `phrase` (exactly one must exist)."""
    mentions = parser.parse(text)
    _check_spans(text, mentions)
    hits = [m for m in mentions if m.text == phrase]
    assert len(hits) == 1, f"{phrase!r} in {text!r}: got {[(m.text, m.place.name) for m in mentions]}"
    return hits[0]


# --------------------------------------------------------------------------- the sample article


SAMPLE_PLACES = {
    "country:KP", "country:KR", "country:RU", "country:UA",
    "region:UA-53",
    "city:Ussuriysk:RU", "city:Vladivostok:RU", "city:Seoul:KR", "city:Moscow:RU", "city:Pyongyang:KP",
}
PEOPLE_AND_ORGANISATIONS = [
    "Kim", "Jong", "Un", "Putin", "Vladimir", "Yoon", "Suk", "Yeol", "Zelensky", "Volodymyr", "Valeriy",
    "Ryabykh", "Defence Express", "National Intelligence Service", "National Security Office",
    "Ministry of National Defence",
]


def test_sample_article_places(parser, sample_article):
    mentions = parser.parse(sample_article)
    _check_spans(sample_article, mentions)
    found = {_label(m) for m in mentions if not m.demonym}
    unexpected = sorted((m.text, _label(m)) for m in mentions if _label(m) in found - SAMPLE_PLACES)
    assert found == SAMPLE_PLACES, f"missing {sorted(SAMPLE_PLACES - found)}; unexpected {unexpected}"


def test_sample_article_poltava_region(parser, sample_article):
    hits = [m for m in parser.parse(sample_article) if m.place.region_code == "UA-53"]
    assert [m.text for m in hits] == ["Poltava region"]
    assert hits[0].place.kind == "region" and hits[0].place.country_code == "UA"


def test_sample_article_no_people_or_organisations(parser, sample_article):
    mentions = parser.parse(sample_article)
    bad = []
    for phrase in PEOPLE_AND_ORGANISATIONS:
        for occurrence in re.finditer(rf"\b{re.escape(phrase)}\b", sample_article):
            for m in mentions:
                if m.start < occurrence.end() and occurrence.start() < m.end:
                    bad.append((phrase, m.text, m.place.name))
    assert not bad, bad
    assert all(occ for occ in (re.search(rf"\b{re.escape(p)}\b", sample_article) for p in PEOPLE_AND_ORGANISATIONS))


def test_sample_article_demonyms(parser, gazetteer, sample_article):
    mentions = parser.parse(sample_article)
    demonyms = [m for m in mentions if m.demonym]
    assert {m.text for m in demonyms} >= {"North Korean", "South Korean", "Ukrainian", "Russian"}
    assert {_label(m) for m in demonyms} <= {"country:KP", "country:KR", "country:UA", "country:RU"}
    without = Geoparser(gazetteer, demonyms=False).parse(sample_article)
    _check_spans(sample_article, without)
    assert not any(m.demonym for m in without)
    assert not any(m.text in ("North Korean", "South Korean", "Ukrainian", "Russian") for m in without)


# --------------------------------------------------------------------------- names and phrasings


@pytest.mark.parametrize("text, phrase, label", [
    ("Troops moved from North Korea to Russia.", "North Korea", "country:KP"),
    ("The train left Rostov-on-Don at dawn.", "Rostov-on-Don", "city:Rostov-on-Don:RU"),
    ("Shelling hit Kryvyi Rih overnight.", "Kryvyi Rih", None),
    ("Seoul and South Korea's allies met.", "South Korea", "country:KR"),
])
def test_multi_word_names(parser, text, phrase, label):
    m = _one(parser, text, phrase)
    if label:
        assert _label(m) == label
    else:
        assert m.place.kind == "city" and m.place.country_code == "UA" and m.place.admin1 == "UA-12"
    words = phrase.replace("-", " ").split()
    assert not any(other.text in words for other in parser.parse(text)), "a part of the name matched alone"


@pytest.mark.parametrize("text", ["Ukraine's army advanced.", "Ukraine’s army advanced.",
                                  "The shelling of Ukraine's east went on."])
def test_possessive_span_is_the_name(parser, text):
    m = _one(parser, text, "Ukraine")
    assert m.end == text.index("Ukraine") + len("Ukraine")
    assert _label(m) == "country:UA"


@pytest.mark.parametrize("text, phrase, code", [
    ("Drones struck the Poltava region on Tuesday.", "Poltava region", "UA-53"),
    ("Officials in Poltava Oblast said the strike hit a gas facility.", "Poltava Oblast", "UA-53"),
    ("Fighting continued in the Kursk region.", "Kursk region", "RU-KRS"),
    ("Fighting continued in Kursk region.", "Kursk region", "RU-KRS"),
])
def test_region_phrasings_give_the_iso_region(parser, text, phrase, code):
    m = _one(parser, text, phrase)
    assert m.place.kind == "region"
    assert m.place.region_code == code


def test_bare_poltava_is_the_city(parser):
    m = _one(parser, "A drone hit a building in Poltava, officials said.", "Poltava")
    assert m.place.kind == "city"
    assert m.place.name == "Poltava" and m.place.country_code == "UA" and m.place.admin1 == "UA-53"


def test_near_ussuriysk_north_of_vladivostok(parser):
    text = "Troops arrived at bases near Ussuriysk, north of Vladivostok."
    mentions = parser.parse(text)
    _check_spans(text, mentions)
    assert [(m.text, _label(m)) for m in mentions] == [("Ussuriysk", "city:Ussuriysk:RU"),
                                                       ("Vladivostok", "city:Vladivostok:RU")]
    assert all(m.place.admin1 == "RU-PRI" for m in mentions)


# --------------------------------------------------------------------------- disambiguation


def test_birmingham_in_a_uk_context(parser):
    text = ("The match in Birmingham drew fans from across England. "
            "Manchester and Leeds also sent supporters.")
    m = _one(parser, text, "Birmingham")
    assert m.place.country_code == "GB"


def test_birmingham_alabama(parser):
    m = _one(parser, "He grew up in Birmingham, Alabama, before moving north.", "Birmingham")
    assert m.place.country_code == "US" and m.place.admin1 == "US-AL"


@pytest.mark.parametrize("text", ["She lives in Alexandria, Virginia, near the capital.",
                                  "The family moved to Alexandria in northern Virginia."])
def test_alexandria_beside_virginia(parser, text):
    m = _one(parser, text, "Alexandria")
    assert m.place.country_code == "US" and m.place.admin1 == "US-VA"


def test_paris_texas(parser):
    m = _one(parser, "The tornado hit Paris, Texas, on Sunday.", "Paris")
    assert m.place.country_code == "US" and m.place.admin1 == "US-TX"


def test_paris_alone_is_france(parser):
    m = _one(parser, "The summit opened in Paris on Monday.", "Paris")
    assert m.place.country_code == "FR"


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize("text", [
    "Kim said the talks would continue.",
    "Talks with Kim Jong Un ended.",
    "Putin said the talks would continue.",
    "Officials said Putin would attend.",
    "Yoon Suk Yeol called a meeting.",
    "President Yoon Suk Yeol called a meeting.",
    "Defence Express reported the strike.",
    "According to Defence Express, the strike was heavy.",
    "The National Intelligence Service said so.",
    "On Friday the talks resumed.",
    "The meeting was on Friday.",
    "In May the talks resumed.",
    "The talks resumed in May.",
    "Nice weather we are having.",
])
def test_no_place_in(parser, text):
    mentions = parser.parse(text)
    assert mentions == [], [(m.text, m.place.name, m.place.country_code) for m in mentions]


# --------------------------------------------------------------------------- demonyms


def test_demonym_mention(parser):
    m = _one(parser, "Thousands of North Korean troops arrived.", "North Korean")
    assert m.demonym is True
    assert _label(m) == "country:KP"
    assert m.to_dict()["demonym"] is True


def test_demonyms_can_be_left_out(gazetteer):
    text = "Thousands of North Korean troops arrived in Russia."
    mentions = Geoparser(gazetteer, demonyms=False).parse(text)
    _check_spans(text, mentions)
    assert [(m.text, m.demonym) for m in mentions] == [("Russia", False)]


# --------------------------------------------------------------------------- the API and invariants


def test_parse_uses_the_default_parser(sample_article, parser):
    assert [m.to_dict() for m in parse(sample_article)] == [m.to_dict() for m in parser.parse(sample_article)]


def test_mention_dict(parser, sample_article):
    for m in parser.parse(sample_article):
        d = m.to_dict()
        assert {"text", "start", "end", "name", "kind", "country_code", "admin1", "lat", "lon", "geonameid",
                "region_code", "confidence", "demonym"} <= set(d)
        assert (d["text"], d["start"], d["end"]) == (m.text, m.start, m.end)
        assert d["lat"] == m.lat and d["lon"] == m.lon
        assert d["kind"] in ("country", "region", "city", "feature")


@pytest.mark.parametrize("text", ["", "   \n\t ", "12,000 45.6 -- !!", "no capitals here at all."])
def test_nothing_to_find(parser, text):
    assert parser.parse(text) == []


PLACE_NAMES = ["Ukraine", "North Korea", "Rostov-on-Don", "Kryvyi Rih", "Namp’o", "Namp'o", "Wŏnsan", "U.S.",
               "Poltava", "Poltava region", "Kursk Oblast", "Paris", "Texas", "Birmingham", "Alabama", "Seoul",
               "Zaporizhzhia", "Kyiv", "Kiev", "Sea of Azov", "Black Sea", "Dnipro River", "North Korean",
               "İstanbul", "São Paulo", "Ky.", "Calif.", "B.C.", "Kim", "May", "Nice", "Friday", "The", "St.",
               "Ministry of National Defence", "Defence Express"]
GLUE = [" ", "  ", ", ", ". ", "! ", "? ", "\n", "\n\n", "-", " - ", "–", "'s ", "’s ", "' ", "'", "’", "ʼ",
        "(", ") ", "\"", "“", "”", ": ", "; ", "/", " in ", " near ", " of ", " the ", " and ", "\u0301", "\u200b",
        "\ufeff", "\x00", "\r\n", "\t"]

mixed_texts = st.lists(
    st.one_of(st.sampled_from(PLACE_NAMES), st.sampled_from(GLUE), st.text(max_size=6),
              st.sampled_from(PLACE_NAMES).map(str.upper), st.sampled_from(PLACE_NAMES).map(str.lower)),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), mixed_texts))
def test_any_text_gives_consistent_mentions(parser, text):
    mentions = parser.parse(text)
    assert isinstance(mentions, list)
    for m in mentions:
        assert isinstance(m, Mention)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert isinstance(m.confidence, float) and 0.0 <= m.confidence <= 1.0
        assert m.place.kind in ("country", "region", "city", "feature")


# --------------------------------------------------------------------------- facilities, streets and quarters


def _labels(parser, text: str) -> set[str]:
    mentions = parser.parse(text)
    _check_spans(text, mentions)
    return {_label(m) for m in mentions}


# A place inside a street's, quarter's or facility's name must not resolve alone.
FACILITY_FALSE_PLACES = [
    ("Crowds filled the French Quarter after the parade.", "country:FR"),
    ("She enrolled at Florida Atlantic University last fall.", "region:US-FL"),
    ("The tournament at Robert Trent Jones Golf Club drew thousands.", "city:Trenton:US"),
    ("The tournament at Robert Trent Jones Golf Club drew thousands.", "city:Trento:IT"),
    ("Police closed Lancaster Avenue after the crash on Sunday.", "city:Lancaster:US"),
    ("Police closed Lancaster Avenue after the crash on Sunday.", "city:Lancaster:GB"),
    ("The shop on Washington Drive closed last year.", "city:Washington:US"),
    ("Students marched across Tiananmen Square and down Nanjing Road.", "city:Nanjing:CN"),
]


@pytest.mark.parametrize("text, label", FACILITY_FALSE_PLACES)
def test_place_inside_a_facility_name_does_not_resolve_alone(parser, text, label):
    assert label not in _labels(parser, text)


# With no gazetteer entry of its own, a street or quarter is placed in the article's town.
FACILITY_IN_TOWN = [
    ("A parade in New Orleans filled the French Quarter on Tuesday.", "French Quarter", "city:New Orleans:US"),
    ("Trucks parked on Wichita Drive in Dalton were towed.", "Wichita Drive", "city:Dalton:US"),
    ("Residents of Leeds gathered on York Road for the vigil.", "York Road", "city:Leeds:GB"),
    ("Visitors to Paris strolled through the Latin Quarter at night.", "Latin Quarter", "city:Paris:FR"),
    ("In Boca Raton, students at Florida Atlantic University protested.", "Florida Atlantic University",
     "city:Boca Raton:US"),
]


@pytest.mark.parametrize("text, phrase, label", FACILITY_IN_TOWN)
def test_street_resolves_to_the_articles_town(parser, text, phrase, label):
    m = _one(parser, text, phrase)
    assert _label(m) == label
    assert m.resolved_to_container and m.precision == "facility"
    assert m.to_dict()["resolved_to_container"] is True


# A facility headed by a place's name is of that place and keeps it.
FACILITY_OF_PLACE = [
    ("Flights at Kabul International Airport resumed on Sunday.", "Kabul", "AF"),
    ("Passengers waited at Nairobi Airport overnight.", "Nairobi", "KE"),
    ("He lectured at Kyiv University before the war.", "Kyiv", "UA"),
]


@pytest.mark.parametrize("text, phrase, country", FACILITY_OF_PLACE)
def test_facility_headed_by_a_place_keeps_it(parser, text, phrase, country):
    m = _one(parser, text, phrase)
    assert m.place.country_code == country and not m.resolved_to_container


# --------------------------------------------------------------------------- false friends


# Alternate names that are ordinary English words ("White House" is a translation of Casablanca,
# "Island" Iceland's own name, "Taliban" a village's alias) must not match English phrases.
FALSE_FRIENDS = [
    ("A statement from the White House said the talks were over.", "city:Casablanca:MA"),
    ("Fire Island beaches were closed for the weekend.", "country:IS"),
    ("Taliban fighters entered the city at dawn.", "city:Bozhüyük:TR"),
    ("Farmers along the Western Coast reported floods.", "region:YE-HU"),
    ("The Land of Kings festival opened with music.", "region:IN-RJ"),
    ("Visitors climbed the Large Hill behind the school.", "region:KR-27"),
]


@pytest.mark.parametrize("text, label", FALSE_FRIENDS)
def test_translated_alternate_names_do_not_match_english_words(parser, text, label):
    assert label not in _labels(parser, text)


def test_white_house_is_the_residence_in_washington(parser):
    m = _one(parser, "A statement from the White House said the talks were over.", "White House")
    assert m.place.country_code == "US" and abs(m.place.lat - 38.9) < 0.1 and abs(m.place.lon + 77.04) < 0.1


# --------------------------------------------------------------------------- common places once missed


COMMON_PLACES = [
    ("Azerbaijan and Armenia signed a peace deal on Friday.", "Azerbaijan", "AZ"),
    ("Rebels in Eastern Ghouta surrendered after the siege.", "Eastern Ghouta", "SY"),
    ("Factories in Tianjin reopened after the blast.", "Tianjin", "CN"),
    ("Grain shortages haunted the Soviet Union in the 1970s.", "Soviet Union", "RU"),
    ("Surfers on Oahu waited for the swell.", "Oahu", "US"),
    ("Flights from Schiphol were delayed by fog.", "Schiphol", "NL"),
    ("Migrants reached Lesbos by boat overnight.", "Lesbos", "GR"),
]


@pytest.mark.parametrize("text, phrase, country", COMMON_PLACES)
def test_common_places_are_found(parser, text, phrase, country):
    assert _one(parser, text, phrase).place.country_code == country


# --------------------------------------------------------------------------- English display names


ENGLISH_NAMES = [
    ("Guided bombs fell on Shostka in the Sumy region on Tuesday.", "Sumy region", "Sumy Oblast"),
    ("Drones struck a depot in the Ryazan region overnight.", "Ryazan region", "Ryazan Oblast"),
    ("Officials in Aleppo province counted the damage.", "Aleppo province", "Aleppo"),
    ("Clashes broke out in Nangarhar on Friday.", "Nangarhar", "Nangarhar"),
    ("The missile was fired from near Pyongyang on Thursday.", "Pyongyang", "Pyongyang"),
]


@pytest.mark.parametrize("text, phrase, name", ENGLISH_NAMES)
def test_places_carry_english_names(parser, text, phrase, name):
    assert _one(parser, text, phrase).to_dict()["name"] == name


# --------------------------------------------------------------------------- districts and counties


# "X district, Y": the gazetteer holds no districts outside the US, so the district stands for Y.
DISTRICTS = [
    ("Militants attacked a check point in Shinwar district, Nangarhar, killing two soldiers.",
     "Shinwar district", "region:AF-NAN", "district"),
    ("Gunmen killed three people in the Guldara District of Kabul on Monday.",
     "Guldara District", "region:AF-KAB", "district"),
    ("Fighting spread to Deh Bala district, Nangarhar, on Friday.", "Deh Bala district", "region:AF-NAN",
     "district"),
    ("Shelling hit villages in Bilmak raion, Zaporizhzhia, overnight.", "Bilmak raion", "city:Bilmak:UA", "raion"),
    ("Troops entered Lincoln district, Nangarhar, at dawn.", "Lincoln district", "region:AF-NAN", "district"),
]


@pytest.mark.parametrize("text, phrase, label, unit", DISTRICTS)
def test_district_resolves_to_its_province(parser, text, phrase, label, unit):
    m = _one(parser, text, phrase)
    assert _label(m) == label
    assert m.precision == unit
    # a district named after a town inside the province is that town; any other stands for the province
    assert m.resolved_to_container == (m.place.kind != "city")


COUNTIES_HELD = [
    ("Clashes broke out in Makueni County on Friday.", "Makueni County", "KE"),
    ("Floods hit Laurel County, Kentucky, on Monday.", "Laurel County", "US"),
]


@pytest.mark.parametrize("text, phrase, country", COUNTIES_HELD)
def test_county_the_gazetteer_holds_is_itself(parser, text, phrase, country):
    m = _one(parser, text, phrase)
    assert m.place.kind == "region" and m.place.country_code == country and not m.resolved_to_container


def test_repeated_names_all_resolve(parser):
    """The linear-time resolver still links every "X, Y" pair on long inputs (timing: benchmarks/scaling.py)."""
    text = "New York, " * 3000
    mentions = parser.parse(text)
    assert len(mentions) == 3000
    assert {m.place.country_code for m in mentions} == {"US"}


def test_curated_aliases_survive_the_false_friend_filter(parser):
    """ "E.U." reads as a word once its dots go; our own aliases are kept whatever they look like."""
    m = _one(parser, "Sweden is the ninth country in the EU to report the virus.", "EU")
    assert m.place.name == "Europe"

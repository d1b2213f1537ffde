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
    assert found == SAMPLE_PLACES, (f"missing {sorted(SAMPLE_PLACES - found)}; unexpected "
                                    f"{sorted((m.text, _label(m)) for m in mentions if _label(m) in found - SAMPLE_PLACES)}")


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

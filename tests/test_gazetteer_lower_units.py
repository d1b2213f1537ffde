"""Units below the first level that news names as often as towns: counties of England, provinces of the
Philippines and Italy, districts of Uganda (ISO 3166-2 second level, from the pinned iso3166-2 package)."""

from __future__ import annotations

import pytest

LOWER_UNITS = [
    ("Suffolk", "GB", "GB-ENG"),
    ("Dorset", "GB", "GB-ENG"),
    ("Fife", "GB", "GB-SCT"),
    ("Pangasinan", "PH", ""),
    ("Buckinghamshire", "GB", "GB-ENG"),
]


@pytest.mark.parametrize("name, country, admin1", LOWER_UNITS)
def test_lower_unit_is_in_the_gazetteer(gazetteer, name, country, admin1):
    units = [c.place for c in gazetteer.lookup(name, limit=50)
             if c.place.kind == "region" and c.place.feature_code == "ADM2" and c.place.country_code == country]
    assert units, [(c.place.name, c.place.country_code, c.place.kind) for c in gazetteer.lookup(name)]
    if admin1:
        assert units[0].admin1 == admin1


# In an article about Britain the county is meant, not the American or Canadian town of the name.
COUNTIES_IN_CONTEXT = [
    ("Farmers in Suffolk and Norfolk lost sheep to the outbreak, the British government said.", "Suffolk"),
    ("Schools in Fife closed after cases of flu were confirmed in Scotland.", "Fife"),
]


@pytest.mark.parametrize("text, phrase", COUNTIES_IN_CONTEXT)
def test_county_resolves_in_its_country(parser, text, phrase):
    hits = [m for m in parser.parse(text) if m.text == phrase]
    assert hits and hits[0].place.country_code == "GB", [(m.text, m.place) for m in parser.parse(text)]


def test_given_name_that_is_only_a_district_is_no_place(parser):
    """ "Paul" is a district of Cape Verde; in English news it is a man's name."""
    text = "Members of the club met Paul at the station and drove him home."
    assert not any(m.text == "Paul" for m in parser.parse(text))

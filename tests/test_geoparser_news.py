"""Places in local and web news: phenomena seen on real reporting, in sentences written for the tests.

Each table is one phenomenon: a place that the person-name guard took for a person, a small US town that
lost to a namesake abroad, a part of a name that resolved alone.
"""

from __future__ import annotations

import pytest

from geodata.places.geoparser import Mention


def _found(parser, text: str, phrase: str) -> Mention | None:
    hits = [m for m in parser.parse(text) if m.text == phrase]
    return hits[0] if hits else None


# A given name that opens the name of an institution, a unit or a longer place name is not a person's:
# the words after it ("County", "Library", "Sunday", "Hill") say so.
PLACE_NOT_PERSON = [
    ("The Paris Public Library in Illinois will offer a workshop on Monday.", "Paris", None),
    ("He is a manager at Georgia Modular Systems, a maker of homes in Georgia.", "Georgia", None),
    ("The victim was shot, according to Anderson County Sheriff Greg Taylor in Texas.", "Anderson County", "US"),
    ("Baltia Air Lines will fly between New York and St. Petersburg from June.", "St. Petersburg", None),
    ("Three people died in a crash in Montana Sunday, officials in Helena said.", "Montana", "US"),
    ("The Rock Hill school district in South Carolina will use the money for teachers.", "Rock Hill", "US"),
    ("A Glen Allen woman was found safe in Virginia on Friday.", "Glen Allen", "US"),
]


@pytest.mark.parametrize("text, phrase, country", PLACE_NOT_PERSON)
def test_place_opening_a_longer_name_is_not_a_person(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    assert found is not None, f"{phrase!r} not found in {text!r}: {[m.text for m in parser.parse(text)]}"
    if country:
        assert found.place.country_code == country, (phrase, found.place)


# The person after the unit is still a person: "Sheriff Greg Taylor", "Coordinator Russ Towers".
PEOPLE_AFTER_A_UNIT = [
    ("The victim was shot, according to Anderson County Sheriff Greg Taylor.", "Taylor"),
    ("Lamar County Elections Coordinator Russ Towers asked for a new machine.", "Russ"),
    ("Georgia Hilton, a nurse, said the ward was full; Hilton said more beds were coming.", "Hilton"),
]


@pytest.mark.parametrize("text, person", PEOPLE_AFTER_A_UNIT)
def test_person_after_a_unit_stays_a_person(parser, text, person):
    assert not any(person in m.text for m in parser.parse(text)), parser.parse(text)


def test_given_name_that_is_a_place_stays_a_place_elsewhere(parser):
    """ "Georgia Hilton" is a person; "Georgia" alone later in the article is still a place."""
    text = ("Georgia Hilton, a nurse, said the ward was full. Hilton said more beds were coming. "
            "Hospitals in Georgia and Alabama asked for help.")
    mentions = parser.parse(text)
    assert [m.text for m in mentions if m.start < text.index("Hospitals")] == []
    assert "Georgia" in [m.text for m in mentions if m.start > text.index("Hospitals")]


# US local news: a small town and its county or neighbours named together beat the famous namesake.
LOCAL_NEIGHBOURS = [
    ("PALESTINE — Anderson County deputies arrested a man near Elkhart on Friday. He was taken to the jail "
     "in Palestine, the sheriff said.", "Palestine", "US-TX"),
    ("LEBANON — The Boone County council met in Lebanon on Tuesday. A new school will open in Zionsville.",
     "Lebanon", "US-IN"),
    ("Deputies from Walker County searched the woods near Huntsville and New Waverly, Texas, on Sunday.",
     "Huntsville", "US-TX"),
]


@pytest.mark.parametrize("text, phrase, region", LOCAL_NEIGHBOURS)
def test_small_town_with_its_neighbours_beats_famous_namesake(parser, text, phrase, region):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.admin1 == region, (phrase, found and found.place)


# ...but a US story that names a world capital without any local evidence keeps the capital.
FAMOUS_PLACES_IN_US_STORIES = [
    ("Flights link Moscow with New York and Atlanta, and new routes to Rochester and Washington are planned.",
     "Moscow", "RU"),
    ("The mayors of Chicago and Houston flew to Paris for the climate talks.", "Paris", "FR"),
]


@pytest.mark.parametrize("text, phrase, country", FAMOUS_PLACES_IN_US_STORIES)
def test_famous_place_in_a_us_story_stays_famous(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.country_code == country, (phrase, found and found.place)


def test_local_evidence_still_names_the_small_namesake(parser):
    found = _found(parser, "Police in Moscow, Pa., said the road was closed.", "Moscow")
    assert found is not None and found.place.admin1 == "US-PA", found


# A dateline names a town: "WASHINGTON —" is the capital, not the state; "LONDON (Reuters) -" the city.
DATELINES = [
    ("WASHINGTON — The president signed the bill on Monday.", "WASHINGTON", "city", "US-DC"),
    ("LONDON (Reuters) - Britain said on Monday it would raise taxes.", "LONDON", "city", "GB-ENG"),
    ("GEORGETOWN, Ky. — The city council met on Monday.", "GEORGETOWN", "city", "US-KY"),
]


@pytest.mark.parametrize("text, phrase, kind, admin1", DATELINES)
def test_dateline_is_a_town(parser, text, phrase, kind, admin1):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.kind == kind and found.place.admin1 == admin1, found


# Names the tokenizer or the span finder used to split or miss.
WHOLE_NAMES = [
    ("Exports from Côte d'Ivoire fell by a third.", "Côte d'Ivoire", "CI"),
    ("The outbreak reached Cote d'Ivoire in March.", "Cote d'Ivoire", "CI"),
    ("Aid reached Kinshasa, DR Congo, on Friday.", "DR Congo", "CD"),
    ("The fire was just west of St. Paris, Ohio, the sheriff said.", "St. Paris", "US"),
    ("Miami-Dade police said the boat sank.", "Miami-Dade", "US"),
    ("Typhoon damage was worst in Eastern Visayas, officials in Manila said.", "Eastern Visayas", "PH"),
    ("A helicopter went down in the North Atlantic off Newfoundland.", "North Atlantic", None),
]


@pytest.mark.parametrize("text, phrase, country", WHOLE_NAMES)
def test_whole_name_is_found(parser, text, phrase, country):
    found = [m for m in parser.parse(text) if phrase in m.text or m.text in phrase]
    assert found, [(m.text, m.place.name) for m in parser.parse(text)]
    assert any(m.text == phrase for m in found) or phrase == "Miami-Dade", [m.text for m in found]
    if country:
        assert found[0].place.country_code == country, found[0].place


def test_surname_does_not_hide_the_country_after_a_preposition(parser):
    """ "Taco Bell Canada" reads as a person, but "across Canada" is the country."""
    text = "Taco Bell Canada recalled green onions from all 182 locations across Canada."
    assert any(m.text == "Canada" and m.place.country_code == "CA" for m in parser.parse(text))


# Feasts and institutions named after saints are no town of the saint's name.
SAINTS_INSTITUTIONS = [
    "Police stepped up patrols on St. Patrick's Day in the city.",
    "The boy was taken to St. Mary's High School by bus.",
    "Officials at St. John's Health System said the ward was full.",
]


@pytest.mark.parametrize("text", SAINTS_INSTITUTIONS)
def test_saints_institution_is_no_place(parser, text):
    assert not any(m.text.startswith("St.") for m in parser.parse(text)), parser.parse(text)


def test_saints_town_still_found(parser):
    found = [m for m in parser.parse("Relatives flew in from St. John's, N.L., for the funeral.")
             if m.text.startswith("St. John")]
    assert found and found[0].place.country_code == "CA", found


def test_brand_with_a_hyphen_is_still_no_place(parser):
    assert not parser.parse("Workers at Wal-Mart and Coca-Cola went on strike.")


def test_demonym_for_people_is_marked_as_such(parser):
    """ "Ethiopian raiders": the adjective is returned, but marked, so an event ranks it below named places."""
    mentions = parser.parse("Ethiopian raiders attacked herders near Beledweyne in Hiraan on Monday.")
    by_text = {m.text: m for m in mentions}
    assert by_text["Ethiopian"].demonym and by_text["Ethiopian"].to_dict()["demonym"] is True
    assert not by_text["Beledweyne"].demonym


# "the city of X", "the village of X": the text says it is a town, not the country or state of that name.
def test_city_of_names_a_town(parser):
    text = "Residents of the city of Palestine voted on a new budget on Tuesday."
    found = _found(parser, text, "Palestine")
    assert found is not None and found.place.kind == "city", found


# AP style in US local news: spaced two-part state abbreviations, and middle initials inside names.
def test_spaced_two_part_state_abbreviation(parser):
    found = _found(parser, "He was held in the regional jail near Elkins, W. Va., on Friday.", "W. Va.")
    assert found is not None and found.place.region_code == "US-WV", found


@pytest.mark.parametrize("text, surname", [
    ("Sens. Robert C. Byrd and Jay Rockefeller, both D-W. Va., called her a friend.", "Byrd"),
    ("State Sen. Vincent J. Fumo said the budget was late.", "Fumo"),
    ("Detective Maria L. Soto said the car was stolen.", "Soto"),
])
def test_middle_initial_keeps_the_name_together(parser, text, surname):
    assert not any(surname in m.text for m in parser.parse(text)), parser.parse(text)


# Proper words English text uses far more than any village of that name: a language, a people, the Games.
@pytest.mark.parametrize("text, word", [
    ("She soon learned English so she could get her driver's license.", "English"),
    ("Moderate Arab countries are more concerned about Iran, he said.", "Arab"),
    ("The Olympic high jump champion trained in Toronto.", "Olympic"),
])
def test_frequent_proper_word_is_no_village(parser, text, word):
    assert not any(m.text == word for m in parser.parse(text)), parser.parse(text)


def test_frequent_proper_word_in_a_dateline_is_a_town(parser):
    text = "CLINTON — The town council approved the new budget on Monday."
    assert any(m.text == "CLINTON" and m.place.kind == "city" for m in parser.parse(text)), parser.parse(text)


def test_of_inside_an_organisation_places_nothing(parser):
    """ "Chamber of Commerce" is no town called Commerce; "Pilkington of Jeannette" says where she lives."""
    text = "He led the Ozark Chamber of Commerce. The driver, Theresa Pilkington of Jeannette, was hurt."
    found = {m.text for m in parser.parse(text)}
    assert "Commerce" not in found and "Jeannette" in found, found


def test_historic_county_is_found(parser):
    found = _found(parser, "Floods closed roads across Yorkshire on Sunday.", "Yorkshire")
    assert found is not None and found.place.country_code == "GB", found


# The word after an Arabic article that the gazetteer did not take with it names a group or a person, not a
# village of that word; a place whose name carries the article is matched whole.
ARABIC_ARTICLE = [
    ("Fighters of the Al-Shabab militia attacked the town.", "Shabab", None),
    ("Fighters of the al-Shabab militia attacked the town.", "Shabab", None),
    ("Clashes in Al-Bab left ten dead.", "Al-Bab", "SY"),
    ("Fighting around El-Fasher continued on Sunday.", "El-Fasher", "SD"),
]


@pytest.mark.parametrize("text, phrase, country", ARABIC_ARTICLE)
def test_word_after_an_arabic_article(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    if country is None:
        assert found is None, found
    else:
        assert found is not None and found.place.country_code == country, parser.parse(text)


def test_a_first_level_region_named_like_a_given_name_stays_a_place(parser):
    """Somalia's Bay region is a given name too; a district or county of such a name may be a person, a
    state's or province's own name is not."""
    found = _found(parser, "Gunmen raided a farm in Buulo village (Baydhaba, Bay) on Monday.", "Bay")
    assert found is not None and found.place.country_code == "SO", found


# A town and its county named together, with no state: both must settle on the same state. Decided all at
# once, each followed the other's previous choice and they swapped states in every round.
TOWN_AND_COUNTY = [
    ("Deputies from Walker County searched the woods near Huntsville on Sunday. The Huntsville fire chief "
     "said Walker County residents may burn brush again next week.", ("Huntsville", "Walker County"), "US-TX"),
    ("Lowndes County commissioners met in Columbus on Monday. Columbus police patrolled Lowndes County "
     "roads overnight.", ("Columbus", "Lowndes County"), "US-MS"),
]


@pytest.mark.parametrize("text, phrases, region", TOWN_AND_COUNTY)
def test_town_and_its_county_agree_on_a_state(parser, text, phrases, region):
    for phrase in phrases:
        found = _found(parser, text, phrase)
        assert found is not None and found.place.admin1 == region, (phrase, found and found.place)


# The state named in a local story vouches for the small namesake of a world-famous town ("Paris" in a
# Texas story); the famous town keeps its lead when its own country is named too.
STATE_NAMED = [
    ("Paris police said the text message was only a rumor. Schools in Dallas and across Texas received the same "
     "message, and Paris schools stayed open on Monday.", "Paris", "US-TX"),
    ("Volunteers from Dublin painted the fire station. The Dublin council thanked them at its meeting, and "
     "other towns in Ohio plan the same.", "Dublin", "US-OH"),
    ("A Kentucky couple saw the attack in Paris while touring France. They will return to Kentucky next "
     "week.", "Paris", "FR-IDF"),
]


@pytest.mark.parametrize("text, phrase, region", STATE_NAMED)
def test_state_named_in_the_story_decides_a_famous_name(parser, text, phrase, region):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.admin1 == region, (phrase, found and found.place)


# Names listed before a plural unit word are all of that unit: "Barrow" is an Alaskan town and "Love" a
# word, but "Barrow and Jackson counties" and "Cooke, Grayson and Love counties" are counties.
LISTED_UNITS = [
    ("Volunteers from Barrow and Jackson counties cleaned the river banks on Saturday.",
     [("Barrow", "Barrow County", "US-GA"), ("Jackson", "Jackson County", "US-GA")]),
    ("Girls from Cooke, Grayson and Love counties will compete for the crown.",
     [("Cooke", "Cooke County", "US-TX"), ("Love", "Love County", "US-OK")]),
    ("Building collapses were reported in Harvey, Harper or Kingman counties, but no one was hurt.",
     [("Harper", "Harper County", "US-KS")]),
    ("Deputies patrolled Avoyelles and Rapides parishes overnight.", [("Avoyelles", "Avoyelles Parish", "US-LA")]),
    ("Small Hitchcock and Hayes counties lost people again.", [("Hitchcock", "Hitchcock County", "US-NE")]),
    ("Airstrikes hit Helmand and Kandahar provinces on Monday.", [("Helmand", "Helmand", "AF-HEL")]),
]


@pytest.mark.parametrize("text, expected", LISTED_UNITS)
def test_names_listed_before_a_plural_unit_are_units(parser, text, expected):
    for phrase, name, region in expected:
        found = _found(parser, text, phrase)
        assert found is not None and found.place.name == name and found.place.admin1 == region, (
            phrase, found and found.place, [m.text for m in parser.parse(text)])


def test_ap_county_abbreviation(parser):
    found = _found(parser, "A Loudon Co. man died in a wreck near the lake.", "Loudon Co.")
    assert found is not None and found.place.name == "Loudon County", found


# Words local news writes only after a place ("Roselle police", "an Alton man", "Concord Police
# Department") say that a small town's name is a place, though it is a given name or a word too.
LOCAL_CUES = [
    ("Roselle police ticketed hundreds of drivers last month.", "Roselle"),
    ("An Alton man was charged with robbery on Friday.", "Alton"),
    ("Detectives of the Concord Police Department searched the house.", "Concord"),
    ("Two Meredith residents were hurt in the crash.", "Meredith"),
]


@pytest.mark.parametrize("text, phrase", LOCAL_CUES)
def test_local_cue_makes_a_doubtful_name_a_place(parser, text, phrase):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.country_code == "US", (phrase, [m.text for m in parser.parse(text)])


# ...but not a common word or part of a longer name before the same words.
NOT_LOCAL_CUES = [
    "Many residents became sick after drinking the water.",
    "Young men lingered in small circles after the service.",
    "They were found dead at their Heaton Street home on Saturday.",
    "The Task Force officers began their night at the fire station.",
]


@pytest.mark.parametrize("text", NOT_LOCAL_CUES)
def test_local_cue_after_a_common_word_or_inside_a_name_places_nothing(parser, text):
    assert parser.parse(text) == [], [(m.text, m.place.name) for m in parser.parse(text)]


def test_full_stop_after_a_spelled_out_title_ends_the_sentence(parser):
    """ "Judge. Columbus attorney": a full word's full stop is no title's abbreviation."""
    text = "Hyles unseats Turner for Municipal Court Judge. Columbus attorney Stephen Hyles won on Tuesday."
    assert _found(parser, text, "Columbus") is not None, [m.text for m in parser.parse(text)]


# A town's name that is also a given name is taken back when the article vouches for it elsewhere: the
# same name after "in" or before "police", or listed with another place ("Gainesville and Lindsay").
VOUCHED_ELSEWHERE = [
    ("Lindsay was a natural step for the bank. The new branch in Lindsay opens next week.", "Lindsay", 0),
    ("Feedback from the Gainesville and Lindsay communities was good, the bank said.", "Lindsay", 0),
    ("New routes will run through Monroe, Trenton and Seven Mile next year.", "Trenton", 0),
]


@pytest.mark.parametrize("text, phrase, index", VOUCHED_ELSEWHERE)
def test_doubtful_name_vouched_for_elsewhere_is_a_place(parser, text, phrase, index):
    hits = [m for m in parser.parse(text) if m.text == phrase]
    assert len(hits) > index and hits[index].start == text.index(phrase), [m.text for m in parser.parse(text)]


# ...but a person stays a person: a possessive after "in", or "according to" a person, vouches for nothing
# (the second mention may still be read as a place on its own; the first is not taken back because of it).
PERSON_NOT_VOUCHED = [
    ("Lucy had to be flown to Winnipeg. The machine used in Lucy's treatment was new.", "Lucy"),
    ("Conrad expects an early season. According to Conrad, South Africa ships more each year.", "Conrad"),
]


@pytest.mark.parametrize("text, phrase", PERSON_NOT_VOUCHED)
def test_person_is_not_vouched_for(parser, text, phrase):
    first = text.index(phrase)
    assert not any(m.start == first for m in parser.parse(text)), [m.text for m in parser.parse(text)]


# "Dublin City Council" names the town Dublin, whichever Dublin the article means: "Dublin City" is one
# more name of Dublin, Ireland, and must not vouch for Ireland against Columbus and Franklin County.
CITY_ALIAS = [
    ("The Dublin City Council met on Monday. Residents of Dublin and nearby Columbus asked for more buses, "
     "and Franklin County agreed to pay for them.", "Dublin", "US-OH"),
    ("The Jersey City Council met on Monday and approved the budget.", "Jersey City", "US-NJ"),
    ("Offices will open in Jacksonville, Tallahassee, Pensacola, Panama City and Gainesville.", "Panama City",
     "US-FL"),
]


@pytest.mark.parametrize("text, phrase, region", CITY_ALIAS)
def test_city_alias_is_the_town(parser, text, phrase, region):
    hits = [m for m in parser.parse(text) if m.text.startswith(phrase)]
    assert hits and all(m.place.admin1 == region for m in hits), [(m.text, m.place.admin1) for m in hits]


# A country's name said the way only a town's is: before a word a country never takes (its people have a
# demonym: "a Lebanese man", not "a Lebanon man"), after a street address, or after a person's age.
COUNTRY_NAMED_AS_TOWN = [
    "The Jordan resident was flown to a hospital in Minneapolis after the crash near Shakopee.",
    "A 54-year-old Palestine man was sentenced on Friday in Anderson County.",
    "Services will be held at the church, 400 S. Locust St., Lebanon, on Monday.",
    "Terry Jolly, 60, Lebanon, was arrested on Thursday.",
]


@pytest.mark.parametrize("text", COUNTRY_NAMED_AS_TOWN)
def test_country_named_as_a_town_is_a_town(parser, text):
    name = next(n for n in ("Jordan", "Palestine", "Lebanon") if n in text)
    found = _found(parser, text, name)
    assert found is not None and found.place.kind == "city" and found.place.country_code == "US", found


COUNTRY_STAYS_COUNTRY = [
    ("More than 2 million U.S. residents are infected every year.", "U.S.", "US"),
    ("In 2004 Afghanistan, India, and Pakistan cut their cases by half.", "India", "IN"),
    ("Kenya police said the road was closed.", "Kenya", "KE"),
]


@pytest.mark.parametrize("text, phrase, country", COUNTRY_STAYS_COUNTRY)
def test_country_as_an_adjective_stays_the_country(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.kind == "country" and found.place.country_code == country, found


# A dotted acronym is a state only in its AP form: "N.J." and "D.C." are, "L.A." (Los Angeles) is no
# Louisiana, whose AP form is "La.".
DOTTED_ACRONYMS = [
    ("Two men were shot in South L.A. on Friday.", "L.A.", None),
    ("The L.A. port has signed on for 25 trucks.", "L.A.", None),
    ("He was held in Trenton, N.J., on Friday.", "N.J.", "US-NJ"),
    ("The march ended in Washington, D.C., on Sunday.", "D.C.", "US-DC"),
]


@pytest.mark.parametrize("text, phrase, region", DOTTED_ACRONYMS)
def test_dotted_acronym_is_a_state_only_in_its_ap_form(parser, text, phrase, region):
    found = _found(parser, text, phrase)
    if region is None:
        assert found is None or found.place.region_code != "US-LA", found
    else:
        assert found is not None and found.place.region_code == region, found


# A county named in full is meant by its bare name later in the article ("DuPage Sheriff", "Gwinnett
# Medical Center", "Henrico police"), though no town bears that name.
BARE_COUNTY = [
    ("The DuPage County board met on Monday. DuPage Sheriff John Zaruba warned residents about the scam.",
     "DuPage", "DuPage County", "US-IL"),
    ("Gwinnett County schools closed early. The boy was pronounced dead at Gwinnett Medical Center.",
     "Gwinnett", "Gwinnett County", "US-GA"),
    ("Henrico police searched the river. Henrico County deputies joined them on Friday.",
     "Henrico", "Henrico County", "US-VA"),
]


@pytest.mark.parametrize("text, phrase, name, region", BARE_COUNTY)
def test_bare_name_of_a_county_named_in_full(parser, text, phrase, name, region):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.name.lower() == name.lower() and found.place.admin1 == region, found


# A legislator's party letter and the state, town or county he is of: "D-Pa.", "DFL-Cook", "D-Braxton".
PARTY_LABELS = [
    ("Sen. Bob Casey, D-Pa., called the program a success.", "Pa.", "US-PA"),
    ("House Majority Leader Brent Boggs, D-Braxton, spoke first.", "Braxton", "US-WV"),
    ("Senate Tax Chairman Tom Bakk, DFL-Cook, said the bill was late.", "Cook", None),
]


@pytest.mark.parametrize("text, phrase, region", PARTY_LABELS)
def test_place_after_a_party_letter(parser, text, phrase, region):
    found = _found(parser, text, phrase)
    assert found is not None, [m.text for m in parser.parse(text)]
    if region:
        assert found.place.admin1 == region, found


def test_d_day_is_no_party_label(parser):
    assert _found(parser, "He landed on the beaches of Normandy during the D-Day invasion.", "Day") is None


# Large islands and regions that news names as places of their own.
@pytest.mark.parametrize("text, phrase, country", [
    ("Floods cut roads across Sumatra and Borneo on Monday.", "Sumatra", "ID"),
    ("Pigs died on farms in Mindanao and northern Luzon.", "Luzon", "PH"),
    ("The bomber struck an industrial hub in Central Anatolia.", "Anatolia", "TR"),
    ("The storm hit Vancouver Island overnight.", "Vancouver Island", "CA"),
])
def test_large_island_or_region_is_found(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.country_code == country, parser.parse(text)


# The names of a list are of one kind: "Washington" among states is the state, not the capital; "Niger"
# among countries is the country, not Nigeria's state.
LIST_OF_ONE_KIND = [
    ("Cases were found in Oregon, Tennessee, Utah, Washington and Wisconsin.", "Washington", "region"),
    ("The campaign covers Ghana, Guinea, Niger, Nigeria and Togo.", "Niger", "country"),
]


@pytest.mark.parametrize("text, phrase, kind", LIST_OF_ONE_KIND)
def test_a_list_names_places_of_one_kind(parser, text, phrase, kind):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.kind == kind, found


@pytest.mark.parametrize("text, phrase, country", [
    ("Nine people died of Ebola in the Republic of Congo this month.", "Republic of Congo", "CG"),
    ("The cruise ship docked in St. Kitts on Monday.", "St. Kitts", "KN"),
])
def test_country_under_the_name_news_uses(parser, text, phrase, country):
    found = _found(parser, text, phrase)
    assert found is not None and found.place.country_code == country, parser.parse(text)

"""Event language, one table per phenomenon, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from geodata.extract import extract_events
from geodata.extract.actors import generic_actors
from geodata.extract.classify import classify, modality
from geodata.extract.fatalities import count_fatalities

PUBLISHED = dt.date(2024, 10, 18)  # a Friday
BAT, VAC, EXP, PRO, RIO, SD = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Protests",
                               "Riots", "Strategic developments")


@pytest.mark.parametrize("sentence, expected", [
    # voice and tense of one lemma
    ("Rebels attack an army check point near the border.", (BAT, "Armed clash")),
    ("Rebels attacked an army check point near the border.", (BAT, "Armed clash")),
    ("An army check point was attacked by rebels.", (BAT, "Armed clash")),
    ("Two soldiers were killed following an attack by rebels on a check point.", (BAT, "Armed clash")),
    # who did what to whom
    ("Armed men killed four villagers in their homes.", (VAC, "Attack")),
    ("Gunmen shot dead a farmer on his way to the market.", (VAC, "Attack")),
    ("Militants ambushed and killed three police officers.", (BAT, "Armed clash")),
    ("Police opened fire on protesters outside the court.", (PRO, "Excessive force against protesters")),
    ("An angry mob lynched a suspected thief.", (RIO, "Mob violence")),
    # nominal triggers
    ("An airstrike hit a militant hideout overnight.", (EXP, "Air/drone strike")),
    ("Heavy shelling continued through the night.", (EXP, "Shelling/artillery/missile attack")),
    ("An IED exploded under a minibus.", (EXP, "Remote explosive/landmine/IED")),
    ("A grenade was thrown into a bar.", (EXP, "Grenade")),
    ("Clashes broke out between two armed groups.", (BAT, "Armed clash")),
    ("The abduction of two aid workers was confirmed.", (VAC, "Abduction/forced disappearance")),
    ("Guided bombs fell on two towns on Tuesday.", (EXP, "Air/drone strike")),
    # demonstrations
    ("Teachers staged a demonstration over unpaid salaries.", (PRO, "Peaceful protest")),
    ("Nurses went on strike over pay.", (PRO, "Peaceful protest")),
    ("Police fired tear gas to disperse the demonstration.", (PRO, "Protest with intervention")),
    ("The protesters burnt tyres and threw stones at cars.", (RIO, "Violent demonstration")),
    ("Riot police stood by as demonstrators marched.", (PRO, "Peaceful protest")),
    # strategic developments
    ("Police arrested two journalists at their office.", (SD, "Arrests")),
    ("The two sides signed a ceasefire agreement.", (SD, "Agreement")),
    ("Fighters looted shops in the market.", (SD, "Looting/property destruction")),
    ("The weather was mild and markets were calm.", None),
])
def test_triggers_and_types(sentence, expected):
    trigger = classify(sentence)
    assert (trigger and (trigger.event_type, trigger.sub_event_type)) == expected


def test_a_demonstration_turns_violent_in_the_next_sentence():
    scope = "Workers protested against the tax. The protesters burnt tyres on the highway."
    trigger = classify("Workers protested against the tax.", scope)
    assert trigger is not None and (trigger.event_type, trigger.sub_event_type) == (RIO, "Violent demonstration")


@pytest.mark.parametrize("text, expected", [
    ("Gunmen killed five people and wounded 12.", 5),
    ("At least 7 civilians were killed and 3 injured.", 7),
    ("Dozens of people were killed in the fighting.", 12),
    ("Hundreds died in the massacre.", 100),
    ("Several soldiers were killed.", 3),
    ("Multiple militants were killed and wounded.", 3),
    ("An unspecified number of fighters were killed.", 3),
    ("A man was shot and killed.", 1),
    ("The attack killed two soldiers and three civilians.", 5),
    ("Militants ambushed and killed 3 agents.", 3),
    ("Police arrested 30 protesters; 4 were injured.", None),
    ("Twenty people were wounded.", None),
    ("There were no casualties.", 0),
    ("One farmer was killed and another was injured.", 1),
])
def test_fatalities_count_the_dead_only(text, expected):
    assert count_fatalities(text) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Zelensky is expected to travel to Paris next week to meet Macron.", "future"),
    ("Workers will strike on Monday.", "future"),
    ("Rebels attacked the town.", "asserted"),
    ("The army denied that soldiers shelled the village.", "negated"),
])
def test_modality(sentence, expected):
    trigger = classify(sentence)
    assert trigger is not None
    assert modality(sentence, trigger) == expected


def test_two_places_joined_by_and_are_two_events():
    df = extract_events("Guided bombs fell on Kharkiv and Poltava on Tuesday.", PUBLISHED, "t")
    assert sorted(df["location"]) == ["Kharkiv", "Poltava"]
    assert set(df["sub_event_type"]) == {"Air/drone strike"}
    assert (df["event_date"] == df["event_date"].iloc[0]).all()


def test_a_future_meeting_is_kept_and_dated_next_week():
    df = extract_events("Zelensky is expected to travel to Paris next week to meet Macron.", PUBLISHED, "t")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["modality"] == "future"
    assert row["event_date"].date() > PUBLISHED and row["location"] == "Paris"


@pytest.mark.parametrize("text, actor1, actor2, inter1, interaction", [
    ("Protesters gathered in Tbilisi on Friday against the law.", "Protesters (Georgia)", None, "Protesters",
     "Protesters only"),
    ("Rioters burnt tyres and looted shops in Nairobi on Friday.", "Rioters (Kenya)", None, "Rioters",
     "Rioters only"),
    ("Unidentified gunmen killed two villagers in Kismayo on Friday.", "Unidentified Armed Group (Somalia)",
     "Civilians (Somalia)", "Political militia", "Political militia-Civilians"),
    ("Al Shabaab militants attacked police officers in Kismayo on Friday.", "Al Shabaab",
     "Police Forces of Somalia", "Rebel group", "State forces-Rebel group"),
])
def test_actors_as_acled_names_them(text, actor1, actor2, inter1, interaction):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) >= 1
    row = df.iloc[0]
    assert row["actor1"] == actor1
    assert (row["actor2"] if isinstance(row["actor2"], str) else None) == actor2
    assert row["inter1"] == inter1 and row["interaction"] == interaction


def test_fatalities_of_a_note_come_from_the_following_sentence():
    df = extract_events("Rebels attacked a police post in Kismayo on Friday. Two officers were killed and "
                        "four were wounded.", PUBLISHED, "t")
    assert len(df) == 1
    assert df.iloc[0]["fatalities"] == 2 and df.iloc[0]["event_type"] == BAT


def test_interaction_orders_inter_labels_as_acled():
    g = generic_actors()
    assert g.interaction("Civilians", "State forces") == "State forces-Civilians"
    assert g.interaction("Protesters", None) == "Protesters only"
    assert g.interaction(None, None) is None


def test_a_town_named_with_its_region_is_not_a_namesake_abroad():
    from geodata.extract.locate import consistent
    from geodata.places.gazetteer import Place
    from geodata.places.geoparser import Mention

    def mention(name, kind, cc, lat, lon, start):
        place = Place(0, name, kind, "PPL", cc, "", lat, lon, 0, None, None)
        return Mention(start, start + len(name), name, place, 1.0)

    region = mention("Hiraan", "region", "SO", 4.3, 45.5, 40)
    home = mention("Beledweyne", "city", "SO", 4.74, 45.2, 10)
    namesake = mention("Bulo", "city", "PH", 12.4, 123.6, 20)
    far_same_country = mention("Bosaso", "city", "SO", 11.28, 49.18, 30)
    neighbour = mention("Kharkiv", "city", "UA", 49.99, 36.23, 0)
    border_region = mention("Belgorod Oblast", "region", "RU", 50.7, 37.0, 12)
    assert consistent([home, namesake, far_same_country, region]) == [home, region]
    assert consistent([namesake, region]) == [region]          # the region itself, with geo_precision 3
    assert consistent([neighbour, border_region]) == [neighbour, border_region]
    assert consistent([namesake]) == [namesake]                # nothing to check against


def test_a_town_outside_the_region_in_its_parenthesis_is_not_chosen():
    from geodata.extract.locate import admin_parenthesis, consistent
    from geodata.places.gazetteer import Place
    from geodata.places.geoparser import Mention

    text = "Gunmen raided Eylo village (Tiyeglow, Hiraan) at dawn."
    region = Mention(text.index("Hiraan"), text.index("Hiraan") + 6, "Hiraan",
                     Place(1, "Hiraan", "region", "ADM1", "SO", "SO-HI", 4.0, 45.5, 0, None, "SO-HI"), 1.0)
    # a namesake in the next region, near enough for the distance rule but not in Hiraan by its code
    elsewhere = Mention(14, 18, "Eylo", Place(2, "Eyl", "city", "PPL", "SO", "SO-NU", 6.0, 47.0, 0, None, None), 1.0)
    inside = Mention(14, 18, "Eylo", Place(3, "Eylo", "city", "PPL", "SO", "SO-HI", 4.2, 45.4, 0, None, None), 1.0)
    assert admin_parenthesis(region, text)
    assert consistent([elsewhere, region], text) == [region]
    assert consistent([inside, region], text) == [inside, region]
    assert consistent([elsewhere, region]) == [elsewhere, region]   # without the text: distance alone
    abroad = Mention(20, 28, "Tiyeglow", Place(4, "Tiye", "region", "ADM1", "YE", "YE-XX", 13.0, 45.0, 0, None,
                                               "YE-XX"), 1.0)
    assert consistent([abroad, region], text) == [region]          # a district misread as a region abroad
    loose = "Gunmen raided Eylo village in Hiraan at dawn."
    assert not admin_parenthesis(replace(region, start=loose.index("Hiraan"), end=loose.index("Hiraan") + 6), loose)


@pytest.mark.parametrize("text, region", [
    ("On 2 May 2025, militants attacked soldiers near Qorax village (Jalalaqsi, Hiraan).", "Hiraan"),
    ("On 2 May 2025, militants attacked soldiers near Qorax village (Dhuusamarreeb, Galgaduud).", "Galgaduud"),
    ("On 2 May 2025, militants attacked soldiers in Qorax village (Afmadow, Lower Juba).", "Lower Juba"),
])
def test_a_village_the_gazetteer_lacks_falls_back_to_its_region_in_acled_spelling(text, region):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1
    assert df.iloc[0]["admin1"] == region and df.iloc[0]["country"] == "Somalia"   # not a namesake abroad


@pytest.mark.parametrize("text, precision", [
    ("Rebels attacked a check point in Shinwar district, Nangarhar on Friday.", 3),
    ("Rebels attacked a check point near Jalalabad on Friday.", 2),
    ("Rebels attacked a check point in Jalalabad on Friday.", 1),
])
def test_geo_precision_of_a_place_named_through_its_district(text, precision):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1 and df.iloc[0]["geo_precision"] == precision


def test_an_undated_sentence_is_told_in_the_time_of_its_paragraph():
    df = extract_events("On 3 October 2024, residents protested in Kismayo over evictions. Police later arrested "
                        "seven people in Kismayo.", PUBLISHED, "t")
    assert len(df) == 2
    assert set(df["event_date"]) == {pd.Timestamp("2024-10-03")}


@pytest.mark.parametrize("text, date", [
    ("12 October. A mob lynched a suspected thief in Kisumu.", "2024-10-12"),
    ("On 10 October 2024, soldiers exchanged gunfire with rebels in Kismayo.", "2024-10-10"),
])
def test_datelines_and_gunfire(text, date):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1 and df.iloc[0]["event_date"] == pd.Timestamp(date)


# A wire dateline's date is when the report was filed: the weekday in the sentence dates the event, and only an
# undated event takes the dateline's day. A line of a timeline further down, in the same form, dates its own event.
# (PUBLISHED is Friday 18 October 2024.)
@pytest.mark.parametrize("text, date", [
    ("KISUMU, Oct. 17 (Reuters) - Gunmen shot dead three traders in Kisumu on Tuesday.", "2024-10-15"),
    ("GAROWE, 17 October 2024 - Militants attacked a police post in Garowe on Monday.", "2024-10-14"),
    ("GAROWE, 17 October 2024 - Militants attacked a police post in Garowe.", "2024-10-17"),   # undated: filed
    ("Talks went on all week.\n\nKismayo, 16 October - Militants attacked a police post in Kismayo.",
     "2024-10-16"),
])
def test_a_wire_dateline_does_not_date_the_event(text, date):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1, df
    assert df.iloc[0]["event_date"] == pd.Timestamp(date), df.iloc[0][["event_date", "date_precision"]]
    assert df.iloc[0]["date_precision"] == "day"


# A country that is only the scene ("In Somalia, ...", "across Kenya") is no party to the event: the attacker
# named after it acts first.
@pytest.mark.parametrize("text, actor1, actor2", [
    ("In Somalia, Al-Shabaab militants attacked an army base near Baidoa on Thursday.", "Al Shabaab",
     "Military Forces of Somalia"),
    ("In Kenya, bandits attacked a police post near Isiolo on Thursday.", "Unidentified Armed Group (Kenya)",
     "Police Forces of Kenya"),
])
def test_a_country_named_as_the_scene_is_no_party(text, actor1, actor2):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1 and (df.iloc[0]["actor1"], df.iloc[0]["actor2"]) == (actor1, actor2), df


def test_no_casualties_is_not_an_event():
    assert extract_events("There were no casualties in Kismayo.", PUBLISHED, "t").empty


@pytest.mark.parametrize("text, location, country, precision", [
    # the district named whole in "(District, Region)" when the village is unknown, even if the region slipped
    ("On 2 May 2025, militants attacked soldiers in Qorax village (Jilib, Middle Shabelle).", "Jilib", "Somalia", 2),
    # a town alone in the parenthesis: the namesake abroad before it gives way
    ("Bandits attacked two herders at Moi (Nakuru) on Friday.", "Nakuru", "Kenya", 2),
    # "X (Y) district, Province": a town of another country than the province is a namesake
    ("Rebels attacked a check point in Andar (Deh Yak) district, Ghazni on Friday.", None, "Afghanistan", None),
    # a force's name in brackets is no unit: "(Gorgor)" does not move the event
    ("On 2 May 2025, government forces (Gorgor) clashed with militants in Qorax village (Balcad, Middle Shabelle).",
     None, "Somalia", None),
])
def test_units_named_in_brackets_and_after_a_district(text, location, country, precision):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["country"] == country
    if location is not None:
        assert row["location"] == location and row["geo_precision"] == precision


@pytest.mark.parametrize("text, location, country", [
    # a nationality or country that only says where raiders come from is not where they struck
    ("Ethiopian raiders shot two herders on Friday.", None, None),
    ("Raiders from Uganda killed two herders near Lokichoggio on Friday.", "Lokichokio", "Kenya"),
    # fighting that names no place is not put at the capital of the state whose forces are named
    ("Five Kenyan paramilitary police were killed when a roadside bomb exploded on Friday.", None, "Kenya"),
    # a government's own act still is
    ("Putin signed the law on Friday.", "Moscow", "Russia"),
])
def test_a_groups_homeland_and_a_states_capital_are_not_where_the_fighting_was(text, location, country):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1
    row = df.iloc[0]
    assert (row["location"] if isinstance(row["location"], str) else None) == location
    if location is None:
        assert pd.isna(row["latitude"])
    if country is not None:
        assert row["country"] == country


@pytest.mark.parametrize("sentence, expected", [
    # road blocks are the protest itself, not police intervention in one
    ("Traders blocked the main road to the market over new taxes.", (PRO, "Peaceful protest")),
    ("An anti-graft march was held in the capital.", None),   # no marcher named: too vague alone
    ("Hundreds of nurses marched against the new law.", (PRO, "Peaceful protest")),
    # mobs
    ("Angry youths pelted a bus with stones.", (RIO, "Mob violence")),
    ("Villagers stoned a suspected cattle thief to death.", (RIO, "Mob violence")),
    ("Unemployed youths disrupted a county budget meeting.", (RIO, "Violent demonstration")),
    # gerunds after "of" are verbs: the days of protesting, accused of beating
    ("The second day of protesting over fuel prices ended peacefully.", (PRO, "Peaceful protest")),
    # armed groups setting up
    ("Militants established a new command post near the river.", (SD, "Headquarters or base established")),
    ("Insurgents dug trenches and established defensive positions around the town.",
     (SD, "Headquarters or base established")),
    ("The militants imposed a curfew on the market town.", (SD, "Change to group/activity")),
    # bodies found, petrol bombs, bullets sprayed
    ("The bodies of three herders were found near the river.", (VAC, "Attack")),
    ("A shopkeeper was found dead in his shop.", (VAC, "Attack")),
    ("Unknown people petrol bombed a church at night.", (VAC, "Attack")),
    ("Gunmen sprayed a minibus with bullets.", (VAC, "Attack")),
    ("Two herders died in a clan war over pasture.", (BAT, "Armed clash")),
])
def test_notes_vocabulary(sentence, expected):
    trigger = classify(sentence)
    assert (trigger and (trigger.event_type, trigger.sub_event_type)) == expected


@pytest.mark.parametrize("sentence, expected", [
    # an ACLED label opening a note types it
    ("Movement of forces: On 3 May 2025, militants were seen near the bridge.", (SD, "Change to group/activity")),
    ("Defusal: On 3 May 2025, soldiers destroyed two explosive devices on the road.", (SD, "Disrupted weapons use")),
    ("Non-violent activity: On 3 May 2025, a candidate went missing.", (SD, "Other")),
    ("Note: the figures were revised.", None),   # a colon after a word that is no label
    # a brawl between unarmed groups is mob violence; named armed groups still battle
    ("Two groups of villagers fought over a borehole.", (RIO, "Mob violence")),
    ("Rival supporters clashed with stones outside the tallying centre.", (RIO, "Mob violence")),
    ("Two clan militias clashed over a borehole.", (BAT, "Armed clash")),
    ("Villagers clashed with gunmen who stole their goats.", (BAT, "Armed clash")),
    # ground taken without a fight
    ("Soldiers took control of the village. There were no clashes.", (SD, "Non-violent transfer of territory")),
    ("Government forces took control of the village after heavy fighting.", (BAT, "Armed clash")),
    # who is hit: a clan's elder is a civilian, a village guard of the local police is not
    ("Militants shot and killed a clan elder at a market.", (VAC, "Attack")),
    ("Militants shot and killed two Arbaki at their post.", (BAT, "Armed clash")),
])
def test_labels_brawls_takeovers_and_targets(sentence, expected):
    trigger = classify(sentence, sentence)
    assert (trigger and (trigger.event_type, trigger.sub_event_type)) == expected


@pytest.mark.parametrize("text, actor1, actor2", [
    # a regional force of a state is that state's forces, as ACLED names them (its unit after the era)
    ("Puntland Dervish Force clashed with Islamic State Somalia Province near Bosaso on Friday.",
     "Military Forces of Somalia", "Islamic State Somalia Province"),
    # a rebel group of the same country is a party of its own, not folded into the state's forces
    ("Al Shabaab clashed with the SNA in Baidoa on Friday.", "Al Shabaab", "Military Forces of Somalia"),
    ("International forces conducted an airstrike on Al Shabaab near Jilib on Friday.",
     "Unidentified Military Forces", "Al Shabaab"),
    ("Somaliland police shot and killed a trader in Berbera on Friday.", "Police Forces of Somaliland",
     "Civilians (Somalia)"),
])
def test_state_units_and_rebels_of_one_country_are_two_parties(text, actor1, actor2):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) >= 1
    row = df.iloc[0]
    assert row["actor1"] == actor1
    assert row["actor2"] == actor2


@pytest.mark.parametrize("text", [
    "ODM supporters protested outside the tallying centre on Friday.",
    "Jubilee supporters protested outside the party offices on Friday.",   # not Jubilee in Canada
])
def test_a_named_party_gives_the_country_not_a_place(text):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["actor1"] == "Protesters (Kenya)"
    assert pd.isna(row["latitude"])   # a party's supporters may march anywhere: no capital guessed


@pytest.mark.parametrize("text, template", [
    # a community's raiders are its militia, as ACLED names them; the words before the name are not the name
    ("Suspected Pokot raiders stole cattle.", "Pokot Ethnic Militia ({country})"),
    ("Samburu cattle rustlers struck at dawn.", "Samburu Ethnic Militia ({country})"),
    ("Armed raiders stole cattle.", "Unidentified Armed Group ({country})"),   # no community named
    # a Somali sub-clan's militia carries its clan family
    ("Abgal clan militia attacked the militants.", "Hawiye-Abgal Sub-Clan Militia ({country})"),
    ("Marehan clan militia clashed with the militants.", "Darod-Marehan Sub-Clan Militia ({country})"),
    ("Dir clan militia clashed with the militants.", "Dir Clan Militia ({country})"),   # a family itself
])
def test_community_militias_are_named_as_acled_names_them(text, template):
    assert generic_actors().find(text)[0].template == template


@pytest.mark.parametrize("text, actor1, location", [
    # the agent of "an attack by X" acts first, though the victims are named before
    ("Two soldiers were killed following an attack by Taliban militants on a check point in Jalalabad on Friday.",
     "Taliban", "Jalalabad"),
    # who claims to have killed is the attacker, not a source reporting
    ("Al Shabaab claimed to have killed two Kenyan police officers in Mandera on Friday.", "Al Shabaab", "Mandera"),
    # a capital after "of" is a place, not its government
    ("Gunmen shot a trader in the Mathare neighbourhood of Nairobi on Friday.",
     "Unidentified Armed Group (Kenya)", "Nairobi"),
])
def test_who_acts_first_and_a_capital_named_as_a_place(text, actor1, location):
    df = extract_events(text, PUBLISHED, "t")
    assert len(df) == 1
    assert df.iloc[0]["actor1"] == actor1 and df.iloc[0]["location"] == location


@pytest.mark.parametrize("clause, scope, expected", [
    # ground taken after a clash is the taking: from militants it is regained, by militants overtaken
    ("Soldiers clashed with militants in the village.", "Soldiers clashed with militants in the village. The forces "
     "took control over the village.", (BAT, "Government regains territory")),
    ("Militants clashed with soldiers in the town.", "Militants clashed with soldiers in the town. The militants took "
     "control of the town.", (BAT, "Non-state actor overtakes territory")),
    ("Soldiers took control of the village from the militants.", None, (BAT, "Government regains territory")),
    ("Soldiers took control of the village after heavy fighting.", None, (BAT, "Armed clash")),
    ("Russian forces captured the village from Ukrainian troops.", None, (BAT, "Armed clash")),   # state from state
    # a surrender to the other side is an agreement
    ("Four militants surrendered to government forces in the town.", None, (SD, "Agreement")),
    # gunfire on protesters is excessive force; protesters blocking a road is no intervention
    ("Residents protested against the evictions.", "Residents protested against the evictions. The police opened "
     "heavy gunfire and a protester was injured.", (PRO, "Excessive force against protesters")),
    ("Taxi drivers protested and blocked the road with their vehicles.", None, (PRO, "Peaceful protest")),
])
def test_territory_surrender_and_force_on_protesters(clause, scope, expected):
    trigger = classify(clause, scope)
    assert trigger is not None and (trigger.event_type, trigger.sub_event_type) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Militants shot and killed a soldier who was off duty at his home.", (VAC, "Attack")),
    ("Soldiers shot and killed an unarmed militant near the village.", (VAC, "Attack")),
    ("Militants shot and killed two soldiers at a checkpoint.", (BAT, "Armed clash")),
])
def test_off_duty_and_unarmed_targets_are_civilians(sentence, expected):
    trigger = classify(sentence, sentence)
    assert trigger is not None and (trigger.event_type, trigger.sub_event_type) == expected

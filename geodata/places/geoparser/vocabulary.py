"""Word lists the geoparser reads around names, kept in one place so the tokenizer keeps what they need."""

from __future__ import annotations

# Lower-case words that may sit inside a name: "Rostov-on-Don", "Sea of Azov", "Bosnia and Herzegovina".
CONNECTORS = frozenset({"of", "the", "on", "upon", "and", "de", "del", "la", "le", "du", "des", "di", "da", "am",
                        "an", "der", "al", "el", "y", "en", "sur", "au", "aux", "do", "dos", "das", "los", "las",
                        "sous", "im", "bei", "na", "nad", "pod", "i"})
# Words after a name that make it a first-level region: "the Poltava region", "Kursk Oblast".
REGION_WORDS = frozenset({"region", "oblast", "province", "state", "krai", "kray", "governorate", "prefecture",
                          "territory", "republic", "voivodeship", "emirate", "canton", "regions", "oblasts",
                          "provinces"})
# Words after a name that make it a lower unit; the span still names the place.
LOCAL_WORDS = frozenset({"county", "district", "raion", "rayon", "municipality", "city", "town", "village",
                         "parish", "borough", "township", "hromada", "department"})
# Capitalised words that end the name of a street, venue or facility: "Royal Street", "French Quarter",
# "Florida Atlantic University" (see guards.facility_name).
FACILITY_WORDS = frozenset({
    "street", "avenue", "road", "boulevard", "lane", "drive", "quarter", "square", "plaza", "house", "hall",
    "building", "tower", "towers", "center", "centre", "mall", "university", "college", "school", "academy",
    "institute", "club", "hospital", "clinic", "stadium", "arena", "church", "cathedral", "mosque", "temple",
    "synagogue", "hotel", "bridge", "courthouse", "airport", "station", "terminal", "library", "museum",
    "theater", "theatre", "prison", "jail", "campus", "cemetery", "zoo", "gardens", "apartments", "estates"})
# Streets and quarters are named after places elsewhere: "Washington Drive" is not in Washington.
STREET_WORDS = frozenset({"street", "avenue", "road", "boulevard", "lane", "drive", "quarter", "square", "plaza"})
# Lower administrative units: "Shinwar district, Nangarhar", "the Ajdabiya district of Benghazi".
LOWER_UNIT_WORDS = frozenset({"district", "county", "raion", "rayon", "subcounty", "sub-county", "tehsil",
                              "upazila", "woreda", "municipality", "constituency", "division", "hromada",
                              "commune", "locality"})
# Prepositions of place: "in Nice", "near Reading" are strong evidence of a place.
LOCATIVES = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across", "around", "toward",
                       "towards", "via", "of", "through", "throughout", "inside", "within", "between"})
# "West Nile virus", "Marburg fever": a place name that names a pathogen.
DISEASE_WORDS = frozenset({"virus", "ebolavirus", "fever", "disease", "flu", "strain", "syndrome", "encephalitis"})

# "Steele said": the subject of a speech verb is a person.
SPEECH_VERBS = frozenset({"said", "says", "told", "added", "wrote", "explained", "asked", "argued", "noted",
                          "stated", "testified", "claimed", "insisted", "recalled", "warned"})

# "North Korean leader Kim Jong Un": a lower-case title before a name makes it a person.
LOWER_TITLES = frozenset({"president", "leader", "minister", "chancellor", "premier", "secretary", "spokesman",
                          "spokeswoman", "spokesperson", "commander", "general", "king", "queen", "prince",
                          "mayor", "governor", "senator", "dictator", "envoy", "ambassador", "chief"})

# Words after a name that local news writes only after a place: "Roselle police", "an Alton man", "Augusta
# native", "Greer residents". They say the name is a place, not a given name or a common word.
# Of these, the ones a country's name never takes, its people having a demonym ("a Lebanese man", not "a
# Lebanon man"): after a country's name they make it a town of that name ("the Jordan resident").
TOWN_CUES = frozenset({"man", "men", "woman", "women", "teen", "teenager", "boy", "girl", "couple", "family",
                       "native", "natives", "resident", "residents", "home", "homes", "neighborhood", "community",
                       "communities", "voters", "taxpayers", "selectmen", "councilmen"})
LOCAL_CUES = TOWN_CUES | frozenset({"police", "policemen", "policeman", "officers", "firefighters", "deputies",
                                    "councilors"})

KEEP_LOWER = (CONNECTORS | REGION_WORDS | LOCAL_WORDS | LOCATIVES | DISEASE_WORDS | SPEECH_VERBS | LOWER_TITLES
              | LOCAL_CUES
              | {"no", "vs"})

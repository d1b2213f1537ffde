"""Reject spans that look like places in the gazetteer but name people, organisations or common words.

"Kim" is a town in India, "May" one in Gujarat, "Nice" is in France; in news text they are mostly a
person, a month and an adjective. These guards use the shape of the text (titles, given names, sentence
position, what follows the name) rather than lists of the places themselves.
"""

from __future__ import annotations

from collections import Counter

from geodata.places.gazetteer import Gazetteer
from geodata.places.geoparser.spans import Span, place_key_from
from geodata.places.geoparser.tokens import Token
from geodata.places.geoparser.vocabulary import (
    CONNECTORS,
    DISEASE_WORDS,
    FACILITY_WORDS,
    LOCAL_CUES,
    LOCATIVES,
    LOWER_TITLES,
    SPEECH_VERBS,
    STREET_WORDS,
)

HOLIDAYS = frozenset({"christmas", "easter", "passover", "ramadan", "eid", "thanksgiving", "hanukkah", "halloween",
                      "diwali", "lent", "advent", "pentecost", "yom", "kippur", "purim"})
# The Arabic article glued to a name ("Al-Shabaab", "al-Qaeda", "El-Fasher"): the word after it is part of that name.
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                        "northern", "southern", "eastern", "western", "central", "midwest", "gulf", "metro"})
MONTHS_AND_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president", "pres",
    "vice", "premier", "minister", "chancellor", "secretary", "senator", "sen", "sens", "rep", "reps",
    "representative",
    "congressman", "congresswoman", "gov", "governor", "mayor", "gen", "general", "lt", "col", "colonel",
    "maj", "major", "capt", "captain", "sgt", "sergeant", "cpl", "pvt", "adm", "admiral", "commander",
    "king", "queen", "prince", "princess", "emperor", "pope", "cardinal", "bishop", "archbishop", "rev",
    "father", "sister", "brother", "rabbi", "imam", "sheikh", "judge", "justice", "officer", "detective",
    "chief", "coach", "ambassador", "spokesman", "spokeswoman", "spokesperson", "leader", "dictator",
    "analyst", "expert", "director", "chairman", "chairwoman", "ceo", "founder", "author", "actor", "actress",
    "singer", "star", "striker", "midfielder", "defender", "goalkeeper", "player", "journalist", "reporter",
    "correspondent", "editor", "producer", "comrade", "marshal", "supremo", "st"})
# A capitalised word after a name that makes the whole an organisation, not a place.
ORG_WORDS = frozenset({
    "express", "times", "post", "news", "herald", "tribune", "journal", "gazette", "telegraph", "guardian",
    "daily", "weekly", "magazine", "press", "radio", "tv", "television", "channel", "agency", "service",
    "services", "ministry", "department", "office", "institute", "university", "college", "school", "academy",
    "hospital", "clinic", "bank", "airlines", "airways", "air", "railways", "company", "corp", "corporation",
    "inc", "ltd", "llc", "group", "holdings", "party", "council", "committee", "commission", "association",
    "federation", "union", "league", "club", "fc", "united", "city", "rovers", "wanderers", "athletic",
    "oilers", "flames", "canucks", "jets", "senators", "stars", "rangers", "giants", "sun", "star", "mail",
    "mirror", "observer", "chronicle", "courier", "examiner", "record", "review", "standard", "independent",
    "foundation", "fund", "trust", "society", "museum", "theatre", "theater", "center", "centre", "hotel",
    "stadium", "arena", "church", "cathedral", "mosque", "temple", "police", "army", "navy", "guard",
    "forces", "force", "brigade", "battalion", "regiment", "court", "prison", "jail", "airport", "station",
    "street", "road", "avenue", "square", "park", "bridge", "tower", "building", "mall", "market", "zoo",
    "accord", "accords", "agreement", "treaty", "protocol", "declaration", "summit", "conference", "games",
    "olympics", "cup", "open", "marathon", "festival", "award", "awards", "prize", "business", "monitor",
    "economist", "wire", "today", "tonight", "live", "online", "network", "broadcasting", "telecom", "energy",
    "oil", "gas", "motors", "steel", "power", "electric", "pharmaceuticals", "studio", "studios", "records",
    "entertainment", "media", "report", "reports", "observatory", "watch", "initiative",
    "project", "program", "programme", "organization", "organisation", "authority", "board", "bureau",
    "administration", "assembly", "parliament", "congress", "senate", "cabinet", "government", "state's",
    "intelligence", "security", "defence", "defense", "affairs", "command", "unit", "squad", "team"})
# Words that end a run's chance of being a person's name before them: "Walker County Fair", "Paris Public
# Library", "Red River Valley", "Montana Sunday". A person may still follow them ("... Sheriff Greg Taylor").
PLACE_FEATURE_WORDS = frozenset({
    "river", "lake", "lakes", "valley", "creek", "mountain", "mountains", "hill", "hills", "heights", "forest",
    "wilderness", "island", "islands", "bay", "beach", "grove", "canyon", "falls", "springs", "township", "twp",
    "area", "region", "county", "parish", "borough", "district", "national", "public", "elementary", "fair",
    "fairgrounds", "chamber", "library", "systems", "pantry", "heritage", "sheriff", "commissioners"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
SAINTS = frozenset({"st", "ste", "saint"})
OUTLET_WORDS = frozenset({
    "express", "times", "post", "herald", "tribune", "journal", "gazette", "telegraph", "chronicle", "courier",
    "examiner", "observer", "mirror", "oilers", "flames", "canucks", "jets", "rovers", "wanderers", "athletic",
    "giants", "rangers", "united", "fc"})
# Prepositions that place what follows; "to", "of" and "from" also take people ("according to Conrad").
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within"})
NOT_IN_PERSON_NAMES = ORG_WORDS | FACILITY_WORDS | PLACE_FEATURE_WORDS | WEEKDAYS | LOCAL_CUES
# Titles written short with a full stop ("Sen. Robert Byrd"); a full word's full stop ends a sentence
# ("... Municipal Court Judge. Columbus attorney Stephen Hyles ...").
ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "pres", "sen", "sens", "rep", "reps", "gov", "gen",
                                "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm", "rev", "st", "supt", "atty",
                                "cmdr", "insp", "det"})
COMMON_WORD_ZIPF = 4.0     # from here up a capitalised word at a sentence start is taken as the word
VERY_COMMON_ZIPF = 4.3     # from here up even mid-sentence, unless the place is large or "in X"
FUNCTION_WORD_ZIPF = 6.0   # "We", "It", "Be": never a place, even capitalised in a quotation


class PersonNames:
    """Names seen as people in this document: after a title, or a given name followed by a surname."""

    def __init__(self, tokens: list[Token], gaz: Gazetteer):
        self.tokens = tokens
        self.gaz = gaz
        self.person_tokens: set[int] = set()
        self.surnames: set[str] = set()
        self._counts = Counter(t.norm for t in tokens if t.cap)
        self._scan()

    def _scan(self) -> None:
        tokens, n = self.tokens, len(self.tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            if not tok.cap:
                i += 1
                continue
            j = i + 1
            while j < n and tokens[j].cap and j - i < 7 and not tokens[j - 1].possessive and (
                    tokens[j].gap == "" or tokens[j].gap == "." and (
                        tokens[j - 1].norm in ABBREVIATED_TITLES or len(tokens[j - 1].text) == 1 and j - 1 > i)):
                # "Sen. Robert C. Byrd": a title's full stop, or a middle initial's, does not end the name
                j += 1
            run = list(range(i, j))
            breakers = [k for k in run if tokens[k].norm in NOT_IN_PERSON_NAMES]
            if breakers:   # "Anderson County Sheriff Greg Taylor": only the words after the unit may be a person
                run = run[run.index(breakers[-1]) + 1:]
                if not run:
                    i = j
                    continue
            titles = [k for k in run if tokens[k].norm in TITLES and not self._saint_of_place(k, j)]
            after_title = run[0] > 0 and tokens[run[0]].gap == "" and tokens[run[0] - 1].norm in LOWER_TITLES
            if titles and titles[-1] + 1 < j:  # "Russian President Vladimir Putin": the name after the title
                self._add(run[run.index(titles[-1]) + 1:], titled=True)
            elif after_title and not self._is_name_of_place(run):  # "North Korean leader Kim Jong Un"
                self._add(run, titled=True)
            elif len(run) >= 2 and not self._is_name_of_place(run):
                for k in run[:-1]:  # "WASHINGTON Christopher Steele": the name starts at the given name
                    if tokens[k].norm in self.gaz.first_names and not tokens[k + 1].hyphen \
                            and not self._place_name_from(k, j) and (
                            not _is_big_place(tokens[k].norm, self.gaz) or self._stands_alone(tokens[j - 1].norm)):
                        self._add(run[run.index(k):], titled=False)
                        break
            i = j

    def _place_name_from(self, k: int, j: int) -> bool:
        """ "Rock Hill", "Sri Lankan": the given name opens a longer name of a place or people, not a person's."""
        return place_key_from(self.tokens, k, j, self.gaz)

    def _saint_of_place(self, k: int, j: int) -> bool:
        """ "St. Petersburg", "DR Congo": a title that is part of a place's name, not a person's title.

        A saint's title may open any name; another title only a country's ("Prince George" is a prince).
        """
        if self.tokens[k].norm in SAINTS:
            return self._place_name_from(k, j)
        if k + 1 >= j:
            return False
        key = " ".join(t.norm for t in self.tokens[k:j])
        while " " in key:
            top = self.gaz.candidates_for_key(key, limit=1)
            if top:
                return top[0].place.kind == "country"
            key = key.rsplit(" ", 1)[0]
        return False

    def _is_name_of_place(self, run: list[int]) -> bool:
        key = " ".join(self.tokens[k].norm for k in run)
        return self.gaz.has_key(key) or key in self.gaz.demonyms

    def _add(self, people: list[int], titled: bool) -> None:
        self.person_tokens.update(people)
        if len(people) >= 2 or titled:
            self.surnames.add(self.tokens[people[-1]].norm)
        first = self.tokens[people[0]].norm
        if len(people) >= 2 and (titled or not self.gaz.has_key(first)):
            # family name first: "President Kim Jong Un" is "Kim" later in the article; an untitled run starts
            # at a given name, and a given name that is also a place ("Georgia", "Logan") stays one elsewhere
            self.surnames.add(first)

    def _stands_alone(self, norm: str) -> bool:
        """ "Putin" said alone elsewhere: then "Vladimir Putin" is a person even though Vladimir is a city."""
        return self._counts[norm] >= 2

    def covers_directly(self, span: Span) -> bool:
        return any(k in self.person_tokens for k in range(span.i, span.j))

    def covers(self, span: Span) -> bool:
        if any(k in self.person_tokens for k in range(span.i, span.j)):
            return True
        return span.j - span.i == 1 and self.tokens[span.i].norm in self.surnames


def _is_big_place(norm: str, gaz: Gazetteer) -> bool:
    """ "Georgia", "Jordan", "Austin": a given name that is first of all a well-known place by that name."""
    best = [c for c in gaz.candidates_for_key(norm, limit=20) if c.primary][:1]
    return bool(best) and (best[0].place.kind in ("country", "region") or best[0].place.population >= 100_000)


def rejected(span: Span, tokens: list[Token], gaz: Gazetteer, people: PersonNames, best_kind: str,
             best_population: int, best_level: str = "") -> str | None:
    """Why this span is not a place, or None if it may be one (`best_level`: the best candidate's feature
    code, e.g. ADM1 for a first-level region)."""
    first = tokens[span.i]
    single = span.j - span.i == 1
    if span.abbreviation or span.vouched:
        return None
    if single and (first.norm in MONTHS_AND_DAYS or first.norm in HOLIDAYS):
        return "date word"
    if single and first.norm in DIRECTIONS:
        return "direction"
    if people.covers(span) and not (best_kind in ("country", "region") and _after_locative(span, tokens)
                                    and not people.covers_directly(span)):
        return "person"   # ... but "across Canada" is the country even after "Taco Bell Canada"
    if span.demonym:
        return None
    if _saints_institution(span, tokens):
        return "named after a saint"
    if _names_an_outlet(span, tokens) and best_kind == "city":
        return "organisation"
    if _names_a_disease(span, tokens):
        return "disease"
    if first.norm == "the" and span.j - span.i == 2 and tokens[span.i + 1].norm in gaz.word_zipf:
        return "common phrase"   # "The North", "The South": not the Greenland municipality called so
    base_single = single or (span.j - span.i == 2 and bool(span.designator) and best_kind == "city")
    if base_single:  # one word, or one word and a "County"/"Department" that found no such unit
        if first.norm in TITLES:
            return "title"
        zipf = gaz.word_zipf.get(first.norm, 0.0)
        if zipf >= FUNCTION_WORD_ZIPF and best_kind != "country":
            return "function word"
        located = (_after_locative(span, tokens) or _followed_by_container(span, tokens) or span.town
                   or zipf < VERY_COMMON_ZIPF and first.norm not in gaz.proper_zipf and _before_local_cue(span, tokens))
        if best_kind != "country" and not located:
            if zipf >= COMMON_WORD_ZIPF and first.sent_start:
                return "common word at sentence start"
            if zipf >= VERY_COMMON_ZIPF and best_kind == "city" and best_population < 500_000:
                return "common word"
            if zipf and _inside_proper_phrase(span, tokens):
                return "common word inside a name"
            if best_kind == "region" and best_level == "ADM3" and _opens_a_name(span, tokens):
                return "ward inside a name"   # "Umoja Hassan Mwita", "Njiru Boys School": a ward's
                # name opens a person's or an institution's where no locative places it
            if first.norm in gaz.proper_zipf and best_kind == "city" and best_population < 100_000:
                return "frequent proper word"   # "English", "Arab", "Olympic": a language, a people, the Games
            if best_kind == "city" and best_population < 100_000 and _after_arabic_article(span, tokens):
                return "part of an Arabic name"   # "Al-Shabaab fighters": a group, not a village called Shabab
            if first.norm in gaz.first_names and (best_kind == "city" and best_population < 100_000
                                                  or best_kind == "region" and best_level != "ADM1"
                                                  and best_population < 200_000):
                return "given name"   # "Paul", "Angus": a village, or a county or district of that name;
                # a state's or province's own name ("Bay" in Somalia) stays a place
            if best_kind == "city" and best_population < 100_000 and _speaks(span, tokens):
                return "surname"
            if best_kind == "city" and _hyphenated_brand(span, tokens, gaz):
                return "part of a hyphenated name"
        if first.text.isupper() and len(first.text) <= 3 and first.norm not in gaz.acronym_places:
            return "acronym"
        if _preceded_by_person_name(span, tokens, gaz):
            return "person"
    return None


FACILITY_LOOKAHEAD = 4   # capitalised words after a place that may still end in "University", "Club", ...


def facility_name(span: Span, tokens: list[Token], gaz: Gazetteer) -> tuple[int, int] | None:
    """The tokens [a, b) of a street's or facility's name that the span is only a part of, else None.

    "Royal Street", "French Quarter", "Wichita Drive": a street or quarter is named after a place, not in
    it. "Florida Atlantic University", "Robert Trent Jones Golf Club": the place is not the head of the
    name (another capitalised word comes before it, or another place name stands between it and the
    facility word). In both the place must not resolve alone. A facility headed by a place ("Ohio State
    University", "Huntsville High School", "Kabul Airport") is of that place and keeps it.
    """
    if tokens[span.j - 1].possessive:
        return None   # "Florida's University System": the place owns what follows
    n = len(tokens)
    k = span.j
    while k < n and k - span.j < FACILITY_LOOKAHEAD and tokens[k].gap == "" and tokens[k].cap:
        if tokens[k].norm in FACILITY_WORDS:
            break
        if tokens[k].possessive:
            return None
        k += 1
    else:
        return None
    word = tokens[k].norm
    start = span.i
    while start > 0 and tokens[start].gap == "" and tokens[start - 1].cap and not tokens[start - 1].possessive \
            and not (tokens[start - 1].sent_start and tokens[start - 1].norm in gaz.word_zipf) \
            and tokens[start - 1].norm not in TITLES and tokens[start - 1].norm not in CONNECTORS:
        start -= 1
    between = tokens[span.j:k]
    headed_by_other = start < span.i or any(_names_a_container(t.norm, gaz) for t in between)
    saints = tokens[span.i].norm in SAINTS   # "St. James Youth Detention Center" is named after the saint
    if word in STREET_WORDS or span.demonym or headed_by_other or saints:
        return start, k + 1
    return None


def _names_a_container(norm: str, gaz: Gazetteer) -> bool:
    """ "Atlantic" in "Florida Atlantic University": a second place name inside the name, by its main name."""
    top = gaz.candidates_for_key(norm, limit=3)
    return any(c.primary and c.place.kind in ("feature", "country") for c in top)


def _after_locative(span: Span, tokens: list[Token]) -> bool:
    """ "in Nice", "near Reading": a preposition of place before the name is strong evidence."""
    i = span.i
    if _of_an_organisation(span, tokens):
        return False   # "Chamber of Commerce": "of" inside an organisation's name places nothing
    return i > 0 and tokens[i].gap == "" and tokens[i - 1].norm in LOCATIVES and not tokens[i - 1].cap


def vouched_for(span: Span, tokens: list[Token], gaz: Gazetteer) -> bool:
    """Whether the words around a name say it is a place: "in Lindsay", "Lindsay, Okla.", "Lindsay police"."""
    i, j = span.i, span.j
    if tokens[j - 1].possessive:
        return False   # "in Abbas's detention centers": the owner is a person as often as a place
    inside = i > 0 and tokens[i].gap == "" and tokens[i - 1].norm in PLACE_PREPOSITIONS and not tokens[i - 1].cap
    state = j < len(tokens) and tokens[j].gap == "," and tokens[j].dotted and tokens[j].norm in gaz.abbreviations
    return span.town or span.vouched or inside or state or _before_local_cue(span, tokens)


def _before_local_cue(span: Span, tokens: list[Token]) -> bool:
    """ "Roselle police", "an Alton man", "Concord Police Department": words said only after a place."""
    i, j = span.i, span.j
    prev = tokens[i - 1] if i > 0 else None
    # "Heaton Street home" is inside a longer name; "An Alton man" and "Two Meredith residents" are not
    inside = prev is not None and tokens[i].gap == "" and prev.cap and not tokens[i].sent_start and not prev.sent_start
    return (j < len(tokens) and tokens[j].gap == "" and tokens[j].norm in LOCAL_CUES and not tokens[j - 1].possessive
            and not inside)


def _inside_proper_phrase(span: Span, tokens: list[Token]) -> bool:
    """ "Lakes District Health Board", "Chamber of Commerce": a capitalised word inside a longer name."""
    i = span.i
    before = i > 0 and tokens[i].gap == "" and tokens[i - 1].cap and not tokens[i].sent_start
    after = span.j < len(tokens) and tokens[span.j].gap == "" and tokens[span.j].cap
    return before or after or _of_an_organisation(span, tokens)


def _opens_a_name(span: Span, tokens: list[Token]) -> bool:
    """ "Umoja Hassan Mwita", "Njiru Boys School": a capitalised word follows the name directly."""
    return span.j < len(tokens) and tokens[span.j].gap == "" and tokens[span.j].cap


def _of_an_organisation(span: Span, tokens: list[Token]) -> bool:
    """ "Chamber of Commerce", "Department of Labor": the word closes an organisation's name through "of".

    Only after an organisation's word: "Theresa Pilkington of Jeannette" says where she lives.
    """
    i = span.i
    return (i > 1 and tokens[i].gap == "" and tokens[i - 1].norm == "of" and tokens[i - 1].gap == ""
            and tokens[i - 2].norm in NOT_IN_PERSON_NAMES)


def _followed_by_container(span: Span, tokens: list[Token]) -> bool:
    """ "Trenton, N.J.", "Logan, Utah": a comma and a capitalised name after it place the town."""
    j = span.j
    return j < len(tokens) and tokens[j].gap == "," and tokens[j].cap


def _speaks(span: Span, tokens: list[Token]) -> bool:
    """ "Steele said": a small town's name as the subject of a speech verb is a surname."""
    j = span.j
    return j < len(tokens) and tokens[j].gap == "" and tokens[j].norm in SPEECH_VERBS


def _hyphenated_brand(span: Span, tokens: list[Token], gaz: Gazetteer) -> bool:
    """ "Wal-Mart", "Coca-Cola": a town's name glued by a hyphen to a capitalised word that is not a place.

    Two places so joined are a place ("Miami-Dade", "Athens-Clarke County", "Springfield-Greene County"):
    the word after the hyphen names a county.
    """
    j = span.j
    if not (j < len(tokens) and tokens[j].cap and tokens[j].hyphen):
        return False
    return not gaz.has_key(tokens[j].norm + " county")


def _after_arabic_article(span: Span, tokens: list[Token]) -> bool:
    """The span's word hangs on an "Al-"/"El-" that the gazetteer did not take with it: a place whose name has
    the article is matched whole ("Al Bab"), so what is left is a group's or a person's name."""
    return span.i > 0 and tokens[span.i].hyphen and tokens[span.i - 1].norm in ARABIC_ARTICLES


def _names_a_disease(span: Span, tokens: list[Token]) -> bool:
    """ "West Nile virus", "Marburg fever", "Reston ebolavirus" name pathogens after places."""
    j = span.j
    return j < len(tokens) and tokens[j].gap == "" and tokens[j].norm in DISEASE_WORDS


def _saints_institution(span: Span, tokens: list[Token]) -> bool:
    """ "St. Patrick's Day", "St. Mary's High School", "St. John's Health System": a feast or an institution
    named after a saint, not the town of the saint's name ("St. John's, N.L." has no capitalised word after it).
    """
    j = span.j
    return (tokens[span.i].norm in SAINTS and tokens[j - 1].possessive and j < len(tokens) and tokens[j].cap
            and tokens[j].gap == "")


def _names_an_outlet(span: Span, tokens: list[Token]) -> bool:
    """ "Washington Post", "Edmonton Oilers": a town's name as the first word of a newspaper or team."""
    j = span.j
    return j < len(tokens) and tokens[j].gap == "" and tokens[j].cap and tokens[j].norm in OUTLET_WORDS


def _preceded_by_person_name(span: Span, tokens: list[Token], gaz: Gazetteer) -> bool:
    """ "Vladimir Putin", "Paris Hilton": a surname-like place right after a given name."""
    i = span.i
    if i == 0 or tokens[i].gap != "" or tokens[i - 1].possessive:
        return False
    prev = tokens[i - 1]
    return prev.cap and prev.norm in gaz.first_names and not gaz.has_key(prev.norm)

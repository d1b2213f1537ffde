"""Tests for geodata.text.dates: time expressions resolved against the publication date.

Two fixed publication dates: FRI = Friday 2024-10-18, and WED = Wednesday 2024-01-03, whose
"last week", "last month" and "Dec. 25" cross the year boundary.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from geodata.text.dates import EventDate, find_time_expressions, resolve_date  # noqa: E402

FRI = dt.date(2024, 10, 18)
WED = dt.date(2024, 1, 3)
D = dt.date

# sentence, published, expected date, precision, phrase
CASES = [
    # weekdays: latest such day on or before publication
    ("Rebels shelled the port on Friday.", FRI, D(2024, 10, 18), "day", "on Friday"),
    ("Rebels shelled the port on Thursday.", FRI, D(2024, 10, 17), "day", "on Thursday"),
    ("Rebels shelled the port on Saturday.", FRI, D(2024, 10, 12), "day", "on Saturday"),
    ("Rebels shelled the port Tuesday.", FRI, D(2024, 10, 15), "day", "Tuesday"),
    ("Rebels shelled the port on friday.", FRI, D(2024, 10, 18), "day", "on friday"),
    ("Rebels shelled the port on Friday morning.", FRI, D(2024, 10, 18), "day", "on Friday morning"),
    ("Fighting resumed late on Monday night.", FRI, D(2024, 10, 14), "day", "late on Monday night"),
    ("Rebels shelled the port last Friday.", FRI, D(2024, 10, 11), "day", "last Friday"),
    ("Talks resume next Monday.", FRI, D(2024, 10, 21), "day", "next Monday"),
    ("Rebels shelled the port on Friday.", WED, D(2023, 12, 29), "day", "on Friday"),
    ("Rebels shelled the port on Wednesday.", WED, D(2024, 1, 3), "day", "on Wednesday"),
    # day words
    ("Two people died yesterday.", FRI, D(2024, 10, 17), "day", "yesterday"),
    ("Two people died yesterday.", WED, D(2024, 1, 2), "day", "yesterday"),
    ("Two people died today.", FRI, D(2024, 10, 18), "day", "today"),
    ("Two people died this morning.", FRI, D(2024, 10, 18), "day", "this morning"),
    ("Protests are planned tonight.", FRI, D(2024, 10, 18), "day", "tonight"),
    ("A drone struck earlier today.", FRI, D(2024, 10, 18), "day", "earlier today"),
    ("A drone struck last night.", FRI, D(2024, 10, 17), "day", "last night"),
    ("A drone struck the day before yesterday.", FRI, D(2024, 10, 16), "day", "the day before yesterday"),
    ("Talks resume tomorrow.", FRI, D(2024, 10, 19), "day", "tomorrow"),
    # weeks, months, years
    ("Troops arrived last week.", FRI, D(2024, 10, 7), "week", "last week"),
    ("Troops arrived last week.", WED, D(2023, 12, 25), "week", "last week"),
    ("Last week, rebels seized the town.", FRI, D(2024, 10, 7), "week", "Last week"),
    ("Troops arrived this week.", FRI, D(2024, 10, 14), "week", "this week"),
    ("Troops arrived earlier this week.", WED, D(2024, 1, 1), "week", "earlier this week"),
    ("Troops arrived last month.", FRI, D(2024, 9, 1), "month", "last month"),
    ("Troops arrived last month.", WED, D(2023, 12, 1), "month", "last month"),
    ("Troops arrived earlier this month.", FRI, D(2024, 10, 1), "month", "earlier this month"),
    ("Troops arrived last year.", FRI, D(2023, 1, 1), "year", "last year"),
    ("Troops arrived last year.", WED, D(2023, 1, 1), "year", "last year"),
    ("Troops arrived earlier this year.", FRI, D(2024, 1, 1), "year", "earlier this year"),
    # "... ago"
    ("Troops arrived 3 days ago.", FRI, D(2024, 10, 15), "day", "3 days ago"),
    ("Troops arrived five days ago.", WED, D(2023, 12, 29), "day", "five days ago"),
    ("Troops arrived a day ago.", FRI, D(2024, 10, 17), "day", "a day ago"),
    ("Troops arrived two weeks ago.", FRI, D(2024, 9, 30), "week", "two weeks ago"),
    ("Troops arrived a month ago.", FRI, D(2024, 9, 1), "month", "a month ago"),
    ("Troops arrived a month ago.", WED, D(2023, 12, 1), "month", "a month ago"),
    ("Troops arrived twelve months ago.", FRI, D(2023, 10, 1), "month", "twelve months ago"),
    ("The town fell two years ago.", FRI, D(2022, 1, 1), "year", "two years ago"),
    ("The blast came an hour ago.", FRI, D(2024, 10, 18), "day", "an hour ago"),
    # "before" markers
    ("The town was recently shelled.", FRI, FRI, "before", "recently"),
    ("Earlier, the mayor fled.", FRI, FRI, "before", "Earlier"),
    ("The mayor had previously fled.", FRI, FRI, "before", "previously"),
    ("Shelling has intensified in recent weeks.", FRI, FRI, "before", "in recent weeks"),
    ("Shelling has intensified in recent days.", FRI, FRI, "before", "in recent days"),
    ("The mayor had said he would stay.", FRI, FRI, "before", "had said"),
    ("The army has already withdrawn.", FRI, FRI, "before", "has already"),
    ("Shelling has intensified over the past few days.", FRI, FRI, "before", "over the past few days"),
    ("The town fell a few weeks ago.", FRI, FRI, "before", "a few weeks ago"),
    # explicit dates
    ("The siege began on Oct. 7.", FRI, D(2024, 10, 7), "day", "on Oct. 7"),
    ("The siege began October 7.", FRI, D(2024, 10, 7), "day", "October 7"),
    ("The siege began on October 18.", FRI, D(2024, 10, 18), "day", "on October 18"),
    ("The siege began on November 20.", FRI, D(2023, 11, 20), "day", "on November 20"),
    ("The siege began on 7 October 2024.", FRI, D(2024, 10, 7), "day", "on 7 October 2024"),
    ("The siege began Oct 7, 2024, at dawn.", FRI, D(2024, 10, 7), "day", "Oct 7, 2024"),
    ("The siege began on 2024-10-07.", FRI, D(2024, 10, 7), "day", "on 2024-10-07"),
    ("The siege began on the 7th of October.", FRI, D(2024, 10, 7), "day", "on the 7th of October"),
    ("The siege began on Sept. 3.", FRI, D(2024, 9, 3), "day", "on Sept. 3"),
    ("Hostages held since Oct. 7 were freed.", FRI, D(2024, 10, 7), "day", "since Oct. 7"),
    ("Fighting broke out on Dec. 25.", FRI, D(2023, 12, 25), "day", "on Dec. 25"),
    ("Fighting broke out on Dec. 25.", WED, D(2023, 12, 25), "day", "on Dec. 25"),
    ("Fighting broke out on Jan. 3.", WED, D(2024, 1, 3), "day", "on Jan. 3"),
    ("Fighting broke out on Jan. 30.", WED, D(2023, 1, 30), "day", "on Jan. 30"),
    ("Fighting broke out on Friday, Oct. 11.", FRI, D(2024, 10, 11), "day", "on Friday, Oct. 11"),
    ("Fighting broke out on May 5.", FRI, D(2024, 5, 5), "day", "on May 5"),
    ("Fighting broke out on 5 May.", FRI, D(2024, 5, 5), "day", "on 5 May"),
    ("Fighting broke out on Feb. 29.", D(2025, 3, 1), D(2024, 2, 29), "day", "on Feb. 29"),
    # months and years
    ("Fighting broke out in October.", FRI, D(2024, 10, 1), "month", "in October"),
    ("Fighting broke out in November.", FRI, D(2023, 11, 1), "month", "in November"),
    ("Fighting broke out in October.", WED, D(2023, 10, 1), "month", "in October"),
    ("Fighting broke out in mid-October.", FRI, D(2024, 10, 1), "month", "in mid-October"),
    ("Fighting broke out early October.", FRI, D(2024, 10, 1), "month", "early October"),
    ("Fighting broke out in late October.", WED, D(2023, 10, 1), "month", "in late October"),
    ("Fighting broke out in May.", FRI, D(2024, 5, 1), "month", "in May"),
    ("Fighting broke out in May 2023.", FRI, D(2023, 5, 1), "month", "in May 2023"),
    ("Fighting broke out in October 2022.", FRI, D(2022, 10, 1), "month", "in October 2022"),
    ("Fighting broke out in 2023.", FRI, D(2023, 1, 1), "year", "in 2023"),
    ("Fighting broke out in early 2023.", FRI, D(2023, 1, 1), "year", "in early 2023"),
    ("Fighting has raged since 2014.", FRI, D(2014, 1, 1), "year", "since 2014"),
]


@pytest.mark.parametrize("sentence, published, date, precision, text", CASES)
def test_resolve_date(sentence: str, published: dt.date, date: dt.date, precision: str, text: str) -> None:
    got = resolve_date(sentence, published)
    assert (got.date, got.precision, got.text) == (date, precision, text)
    assert sentence[got.start:got.end] == text


# The event's date, not the reporting verb's.
REPORTING = [
    ("Officials said on Friday that troops arrived last week.", FRI, D(2024, 10, 7), "week", "last week"),
    ("Officials said Friday troops arrived last week.", FRI, D(2024, 10, 7), "week", "last week"),
    ("He told reporters on Monday that rebels took the town on Oct. 7.", FRI, D(2024, 10, 7), "day", "on Oct. 7"),
    ("The ministry said in a statement on Thursday that the strike hit in September.", FRI,
     D(2024, 9, 1), "month", "in September"),
    ("The army on Friday said troops arrived on Tuesday.", FRI, D(2024, 10, 15), "day", "on Tuesday"),
    # a "before" marker in the complement beats the reporting date
    ("Officials said on Friday that the convoy had already left.", FRI, FRI, "before", "had already"),
    # only a reporting date: it is used
    ("Officials said on Thursday that the talks failed.", FRI, D(2024, 10, 17), "day", "on Thursday"),
    # a comma and a subject keep the date with the event
    ("Troops arrived on Friday, officials said.", FRI, D(2024, 10, 18), "day", "on Friday"),
    # a clause between "said" and the date: the date is the event's
    ("Officials said troops arrived on Tuesday, a day after the ceasefire.", FRI, D(2024, 10, 15), "day",
     "on Tuesday"),
    # among the event's expressions the most specific wins
    ("Rebels, who advanced last month, took the airport on Wednesday.", FRI, D(2024, 10, 16), "day",
     "on Wednesday"),
    ("Recently the front moved, and last week the town fell.", FRI, D(2024, 10, 7), "week", "last week"),
]


@pytest.mark.parametrize("sentence, published, date, precision, text", REPORTING)
def test_reporting_date_loses(sentence: str, published: dt.date, date: dt.date, precision: str,
                              text: str) -> None:
    got = resolve_date(sentence, published)
    assert (got.date, got.precision, got.text) == (date, precision, text)
    assert sentence[got.start:got.end] == text


@pytest.mark.parametrize("sentence", [
    "",
    "Troops may arrive within days.",          # "may" the modal verb
    "The blast happened at 3 a.m. local time.",  # no time of day read as a date
    "Theresa May said the deal was dead.",
    "The march through the city was peaceful.",
    "The ministry sent 2000 troops.",
    "The rebels control 7/10 of the province.",  # numeric D/M forms are not read
    "Aid arrived on 7/10/2024.",
    "The fighters were well armed.",
])
def test_no_expression_defaults(sentence: str) -> None:
    assert find_time_expressions(sentence, FRI) == []
    got = resolve_date(sentence, FRI)
    assert got == EventDate(FRI, "day", None, None, None)
    assert got.text is None


@pytest.mark.parametrize("sentence", [None, 42, b"on Friday"])
def test_non_text_defaults(sentence: object) -> None:
    assert resolve_date(sentence, FRI) == EventDate(FRI, "day", None, None, None)  # type: ignore[arg-type]
    assert find_time_expressions(sentence, FRI) == []  # type: ignore[arg-type]


def test_find_time_expressions_in_order_with_offsets() -> None:
    sentence = "Officials said on Friday that troops, who left on Oct. 7, arrived last week."
    found = find_time_expressions(sentence, FRI)
    assert [e.text for e in found] == ["on Friday", "on Oct. 7", "last week"]
    assert [e.date for e in found] == [FRI, D(2024, 10, 7), D(2024, 10, 7)]
    assert [e.precision for e in found] == ["day", "day", "week"]
    for e in found:
        assert sentence[e.start:e.end] == e.text


def test_longest_overlap_wins() -> None:
    found = find_time_expressions("It happened earlier this month.", FRI)
    assert [(e.text, e.precision) for e in found] == [("earlier this month", "month")]


def test_many_expressions_stay_ordered_and_disjoint() -> None:
    sentence = "On Friday, Oct. 11 and last week, recently. " * 2000
    found = find_time_expressions(sentence, FRI)
    assert [e.text for e in found[:3]] == ["On Friday, Oct. 11", "last week", "recently"]
    assert len(found) == 3 * 2000
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))   # neighbours: one shorter


def test_invalid_dates_are_dropped() -> None:
    assert [e.precision for e in find_time_expressions("It happened on Feb. 30, 2024.", FRI)] == ["year"]
    assert find_time_expressions("It happened on 2024-13-40.", FRI) == []


def test_published_as_datetime_or_iso_string() -> None:
    assert resolve_date("on Thursday", dt.datetime(2024, 10, 18, 23, 59)).date == D(2024, 10, 17)
    assert resolve_date("on Thursday", "2024-10-18").date == D(2024, 10, 17)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        resolve_date("on Thursday", None)  # type: ignore[arg-type]


def test_to_dict() -> None:
    assert resolve_date("Troops arrived last week.", FRI).to_dict() == {
        "date": "2024-10-07", "precision": "week", "text": "last week", "start": 15, "end": 24}
    assert resolve_date("No date here.", FRI).to_dict() == {
        "date": "2024-10-18", "precision": "day", "text": None, "start": None, "end": None}


@settings(max_examples=300, deadline=None)
@given(st.text(), st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)))
def test_arbitrary_text_never_raises(sentence: str, published: dt.date) -> None:
    got = resolve_date(sentence, published)
    assert got.precision in ("day", "week", "month", "year", "before")
    for e in find_time_expressions(sentence, published) + [got]:
        if e.text is not None:
            assert sentence[e.start:e.end] == e.text


_WORDS = st.sampled_from("on in last this next ago Friday friday May may Oct. October 7 2024 2024-10-07 "
                         "said told that week month year days two a earlier recently , . mid- early the".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=12).map(" ".join), st.sampled_from([FRI, WED, D(1, 1, 1), D(9999, 12, 31)]))
def test_date_like_text_never_raises(sentence: str, published: dt.date) -> None:
    got = resolve_date(sentence, published)
    if got.text is not None:
        assert sentence[got.start:got.end] == got.text
    for e in find_time_expressions(sentence, published):
        assert sentence[e.start:e.end] == e.text


def test_sentences_without_dates_are_fast() -> None:
    sentences = [f"The convoy of {i} trucks reached the northern city of Kharkiv, the governor wrote on "
                 f"his channel, adding that troops may arrive at 3 a.m. if the bridge holds." for i in range(2000)]
    start = time.perf_counter()
    for s in sentences:
        resolve_date(s, FRI)
    per_sentence = (time.perf_counter() - start) / len(sentences)
    assert per_sentence < 1e-3   # measured ~0.03 ms; the bound only catches a gross regression


# --------------------------------------------------------------------------- each kind, as an interval
# sentence, published, phrase as found, first day, last day, precision. FRI is Friday 2024-10-18.

def _expr(sentence: str, published: dt.date, phrase: str, **kw: object) -> EventDate:
    found = {e.text: e for e in find_time_expressions(sentence, published, **kw)}  # type: ignore[arg-type]
    assert phrase in found, f"{phrase!r} not among {list(found)}"
    return found[phrase]


KINDS = {
    "future": [
        ("The closure will begin on April 7.", FRI, "on April 7", D(2025, 4, 7), D(2025, 4, 7), "day"),
        ("Talks are set to resume Monday.", FRI, "Monday", D(2024, 10, 21), D(2024, 10, 21), "day"),
        ("Talks will resume Friday.", FRI, "Friday", FRI, FRI, "day"),
        ("The vote is due in May.", FRI, "in May", D(2025, 5, 1), D(2025, 5, 31), "month"),
        ("The army plans to withdraw in January.", FRI, "in January", D(2025, 1, 1), D(2025, 1, 31), "month"),
        ("A ceremony will be held on Oct. 2.", FRI, "on Oct. 2", D(2025, 10, 2), D(2025, 10, 2), "day"),
        ("Zelensky is expected to travel to Paris next week.", FRI, "next week", D(2024, 10, 21),
         D(2024, 10, 27), "week"),
        ("Protesters planned a march on Saturday.", FRI, "on Saturday", D(2024, 10, 19), D(2024, 10, 19), "day"),
        ("The group could arrive as early as Tuesday.", FRI, "Tuesday", D(2024, 10, 22), D(2024, 10, 22), "day"),
        ("Relatives have until 9 a.m. Tuesday to sign.", FRI, "until 9 a.m. Tuesday", D(2024, 10, 22),
         D(2024, 10, 22), "day"),
        ("Voters will go to the polls on Election Day.", FRI, "on Election Day", D(2024, 11, 5), D(2024, 11, 5),
         "day"),
        ("Congress reconvenes Jan. 24.", D(2024, 3, 1), "Jan. 24", D(2025, 1, 24), D(2025, 1, 24), "day"),
        ("The trial begins Tuesday.", FRI, "Tuesday", D(2024, 10, 22), D(2024, 10, 22), "day"),
        ("The March accession will give them a vote.", WED, "March", D(2024, 3, 1), D(2024, 3, 31), "month"),
    ],
    "past": [
        ("On Thursday, the government planned to pay the claims.", FRI, "On Thursday", D(2024, 10, 17),
         D(2024, 10, 17), "day"),
        ("The summit was held on Oct. 2.", FRI, "on Oct. 2", D(2024, 10, 2), D(2024, 10, 2), "day"),
        ("Rebels said they had seized the town in April.", FRI, "in April", D(2024, 4, 1), D(2024, 4, 30), "month"),
        ("The bullet that tore through the window on Saturday night killed him.", FRI, "on Saturday night",
         D(2024, 10, 12), D(2024, 10, 12), "day"),
        ("Officials said the Aug. 7 blasts killed 257 people.", FRI, "Aug. 7", D(2024, 8, 7), D(2024, 8, 7), "day"),
    ],
    "explicit": [
        ("Militants attacked the hotel 15-16 January 2019.", FRI, "15-16 January 2019", D(2019, 1, 15),
         D(2019, 1, 16), "day"),
        ("Protests ran from Oct. 7 to 9.", FRI, "from Oct. 7 to 9", D(2024, 10, 7), D(2024, 10, 9), "day"),
        ("Police clashed with protesters on Oct. 10 and 11.", FRI, "on Oct. 10", D(2024, 10, 10), D(2024, 10, 10),
         "day"),
        ("She was found dead on 23/03/2017 in her farm.", FRI, "23/03/2017", D(2017, 3, 23), D(2017, 3, 23), "day"),
        ("The vote was on 12/25/2023.", FRI, "12/25/2023", D(2023, 12, 25), D(2023, 12, 25), "day"),
    ],
    "nearest": [   # no tense cue: the nearest occurrence; within two weeks whatever the tense says
        ("The deadline is Jan. 24.", FRI, "Jan. 24", D(2025, 1, 24), D(2025, 1, 24), "day"),
        ("The deadline is Jan. 24.", D(2024, 3, 1), "Jan. 24", D(2024, 1, 24), D(2024, 1, 24), "day"),
        ("They would appeal the order to return him by Oct. 10.", FRI, "by Oct. 10", D(2024, 10, 10),
         D(2024, 10, 10), "day"),
        ("The editorial appeared on Saturday, Oct. 19.", FRI, "on Saturday, Oct. 19", D(2024, 10, 19),
         D(2024, 10, 19), "day"),
    ],
    "relative": [
        ("The town fell a year ago.", FRI, "a year ago", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("The town fell a week or so ago.", FRI, "a week or so ago", D(2024, 10, 7), D(2024, 10, 13), "week"),
        ("Prices rose in January this year.", FRI, "in January this year", D(2024, 1, 1), D(2024, 1, 31), "month"),
        ("Elections follow in April next year.", FRI, "in April next year", D(2025, 4, 1), D(2025, 4, 30), "month"),
        ("The town fell last May.", FRI, "last May", D(2024, 5, 1), D(2024, 5, 31), "month"),
        ("The town fell last May.", WED, "last May", D(2023, 5, 1), D(2023, 5, 31), "month"),
        ("The town fell last October.", FRI, "last October", D(2023, 10, 1), D(2023, 10, 31), "month"),
        ("Troops arrived this week.", FRI, "this week", D(2024, 10, 14), D(2024, 10, 20), "week"),
        ("Troops arrived last weekend.", FRI, "last weekend", D(2024, 10, 7), D(2024, 10, 13), "week"),
        ("Troops arrived over the weekend.", FRI, "over the weekend", D(2024, 10, 7), D(2024, 10, 13), "week"),
        ("Troops arrived over the weekend.", D(2024, 10, 20), "over the weekend", D(2024, 10, 14),
         D(2024, 10, 20), "week"),
        ("He has been in Paris for the last week.", FRI, "for the last week", D(2024, 10, 14), D(2024, 10, 20),
         "week"),
        ("Fighting broke out in late March.", FRI, "in late March", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("The plant closes in mid-2025.", FRI, "in mid-2025", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("The 1992 protests were peaceful.", FRI, "1992", D(1992, 1, 1), D(1992, 12, 31), "year"),
        ("Elections are due at the end of the month.", FRI, "at the end of the month", D(2024, 10, 1),
         D(2024, 10, 31), "month"),
        ("Next month, the port reopens.", WED, "Next month", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ],
    "holiday": [
        ("The boy was found at sea last Thanksgiving.", FRI, "last Thanksgiving", D(2023, 11, 23),
         D(2023, 11, 23), "day"),
        ("Shops were looted on Christmas Day.", FRI, "on Christmas Day", D(2023, 12, 25), D(2023, 12, 25), "day"),
        ("Pilgrims gathered at Easter.", FRI, "Easter", D(2024, 3, 31), D(2024, 3, 31), "day"),
        ("The parade will march on the Fourth of July.", FRI, "Fourth of July", D(2025, 7, 4), D(2025, 7, 4), "day"),
        ("Stores close on Memorial Day.", D(2024, 6, 2), "on Memorial Day", D(2024, 5, 27), D(2024, 5, 27), "day"),
    ],
    "quarter, season, decade": [
        ("Profits fell in the third quarter.", FRI, "the third quarter", D(2024, 7, 1), D(2024, 9, 30), "year"),
        ("Profits will rise in the first quarter of next year.", FRI, "the first quarter of next year",
         D(2025, 1, 1), D(2025, 3, 31), "year"),
        ("Sales fell in the first half of 2023.", FRI, "the first half of 2023", D(2023, 1, 1), D(2023, 6, 30),
         "year"),
        ("The dam burst last fall.", D(2025, 4, 10), "last fall", D(2024, 9, 1), D(2024, 11, 30), "year"),
        ("Violence peaked in the 1990s.", FRI, "the 1990s", D(1990, 1, 1), D(1999, 12, 31), "before"),
    ],
    "anaphoric": [
        ("Troops entered on Aug. 7 and left the following month.", FRI, "the following month", D(2024, 9, 1),
         D(2024, 9, 30), "month"),
        ("Rebels took the town on Sept. 3; troops retook it the next day.", FRI, "the next day", D(2024, 9, 4),
         D(2024, 9, 4), "day"),
        ("He was arrested on Sept. 3 and charged later that week.", FRI, "later that week", D(2024, 9, 2),
         D(2024, 9, 8), "week"),
        ("Rebels took the town on Sept. 3; troops retook it two days later.", FRI, "two days later",
         D(2024, 9, 5), D(2024, 9, 5), "day"),
        ("The talks failed the following month.", FRI, "the following month", D(2024, 11, 1), D(2024, 11, 30),
         "month"),
    ],
    "vague": [
        ("Troops now control the town.", FRI, "now", FRI, FRI, "day"),
        ("The current government fell.", FRI, "current", FRI, FRI, "day"),
        ("The town was recently shelled.", FRI, "recently", None, None, "before"),
    ],
}


@pytest.mark.parametrize("sentence, published, phrase, first, last, precision",
                         [case for cases in KINDS.values() for case in cases],
                         ids=[f"{kind}: {case[0]}" for kind, cases in KINDS.items() for case in cases])
def test_each_kind_as_an_interval(sentence: str, published: dt.date, phrase: str, first: dt.date | None,
                                  last: dt.date | None, precision: str) -> None:
    got = _expr(sentence, published, phrase)
    assert (got.first, got.last, got.precision) == (first, last, precision)
    assert sentence[got.start:got.end] == phrase


def test_tense_is_read_per_expression() -> None:
    sentence = "Officials said Monday that talks will resume Tuesday."
    found = find_time_expressions(sentence, FRI)
    assert [(e.text, e.date, e.tense) for e in found] == [
        ("Monday", D(2024, 10, 14), "past"), ("Tuesday", D(2024, 10, 22), "future")]


def test_future_hint_overrides_the_cues() -> None:
    assert resolve_date("Talks resume Monday.", FRI).date == D(2024, 10, 14)
    assert resolve_date("Talks resume Monday.", FRI, future=True).date == D(2024, 10, 21)
    assert resolve_date("Talks will resume Monday.", FRI, future=False).date == D(2024, 10, 14)


def test_anaphora_count_from_the_anchor_given() -> None:
    assert resolve_date("Troops left that day.", FRI, anchor=D(2024, 10, 2)).date == D(2024, 10, 2)
    anchor = resolve_date("The siege began in March.", FRI)
    got = resolve_date("It ended the following month.", FRI, anchor=anchor)
    assert (got.date, got.precision) == (D(2024, 4, 1), "month")


def test_vague_now_dates_an_event_only_alone() -> None:
    got = resolve_date("Troops, now in the town, arrived last week.", FRI)
    assert (got.text, got.precision) == ("last week", "week")
    alone = resolve_date("Troops now control the town.", FRI)
    assert (alone.text, alone.date, alone.precision, alone.vague) == ("now", FRI, "day", True)


def test_weeks_are_iso_monday_to_sunday() -> None:
    for published in (D(2024, 12, 30), D(2025, 1, 5), D(2024, 2, 29)):
        got = resolve_date("Troops arrived this week.", published)
        assert got.first is not None and got.last is not None
        assert got.first.weekday() == 0 and got.last.weekday() == 6
        assert got.first <= published <= got.last


def test_words_that_look_like_dates_are_not_read() -> None:
    for sentence in ("The rebels may attack.", "Theresa May spoke.", "2,000 troops arrived.",
                     "About 1990 people fled.", "The 1,995 soldiers left.", "He will march to the capital.",
                     "After the fall of Kabul, troops left.", "The Arab Spring began.", "Prices fall.",
                     "Kenyans voted on election day.", "Shops shut for Chinese New Year.", "Gunmen killed 2000 people.",
                     "More troops will be sent before the end of the year.", "It happened on 03/04/2017."):
        assert find_time_expressions(sentence, FRI) == [], sentence

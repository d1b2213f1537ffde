"""English date vocabulary: the words `geodata.text.dates` and `geodata.text.tense` read.

Tables only (a new word is a row); the patterns are built from them in `geodata.text.date_patterns` and
`geodata.text.date_rules`.
"""

from __future__ import annotations

WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Index = ``date.weekday()``."""

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"may"})
"""Month names that are also common words (the modal, Theresa May): never read standing alone."""

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "a couple of": 2, "a dozen": 12,
}
ORDINALS: dict[str, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4,
                            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
"""For quarters ("the third quarter") and halves ("the first half")."""

PARTS_OF_DAY: tuple[str, ...] = ("morning", "afternoon", "evening", "night")
"""After a weekday: still that day ("Friday night")."""

RELATIVE: dict[str, int] = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
                            "coming": 1, "following": 1, "preceding": -1}
"""Period steps. "following"/"preceding" are anaphoric: counted from the text's last date."""

SEASONS: dict[str, tuple[int, int]] = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11),
                                       "winter": (12, 2)}
"""Northern-hemisphere months (first, last), as TimeML annotates them; kept for recognition only."""

HOLIDAYS: dict[str, tuple[str, int, int, int]] = {
    # Only days one name means everywhere: "Independence Day" and "New Year" (lunar, Persian) differ by
    # country and are left out.
    # name: (rule, month, day or nth weekday, weekday): "fixed" month-day, "nth" nth weekday of the
    # month (-1 last), "easter" days after Easter Sunday, "election" US election day (Tuesday after the
    # first Monday of November).
    "new year's day": ("fixed", 1, 1, 0),
    "new year's eve": ("fixed", 12, 31, 0),
    "valentine's day": ("fixed", 2, 14, 0),
    "st. patrick's day": ("fixed", 3, 17, 0),
    "fourth of july": ("fixed", 7, 4, 0),
    "july fourth": ("fixed", 7, 4, 0),
    "bastille day": ("fixed", 7, 14, 0),
    "halloween": ("fixed", 10, 31, 0),
    "veterans day": ("fixed", 11, 11, 0),
    "armistice day": ("fixed", 11, 11, 0),
    "remembrance day": ("fixed", 11, 11, 0),
    "christmas eve": ("fixed", 12, 24, 0),
    "christmas day": ("fixed", 12, 25, 0),
    "christmas": ("fixed", 12, 25, 0),
    "boxing day": ("fixed", 12, 26, 0),
    "martin luther king day": ("nth", 1, 3, 0),
    "martin luther king jr. day": ("nth", 1, 3, 0),
    "presidents day": ("nth", 2, 3, 0),
    "presidents' day": ("nth", 2, 3, 0),
    "mother's day": ("nth", 5, 2, 6),
    "memorial day": ("nth", 5, -1, 0),
    "father's day": ("nth", 6, 3, 6),
    "labor day": ("nth", 9, 1, 0),
    "columbus day": ("nth", 10, 2, 0),
    "thanksgiving day": ("nth", 11, 4, 3),
    "thanksgiving": ("nth", 11, 4, 3),
    "election day": ("election", 11, 0, 1),
    "good friday": ("easter", 0, -2, 0),
    "easter sunday": ("easter", 0, 0, 0),
    "easter monday": ("easter", 0, 1, 0),
    "easter": ("easter", 0, 0, 0),
}

PRESENT_WORDS: tuple[str, ...] = ("now", "currently", "current", "at present", "presently", "nowadays",
                                  "at the moment", "these days")
"""TimeML PRESENT_REF: the publication day."""

PAST_WORDS: tuple[str, ...] = ("recently", "lately", "previously", "earlier", "formerly", "in the past")
"""TimeML PAST_REF: some time before publication (precision "before")."""

# ----------------------------------------------------------------------------- tense cues
# An expression's tense is read off the nearest cue before it in its clause (else after it):
# a future cue sends a bare "Monday", "April 7" or "in May" forward of publication.

FUTURE_CUES: tuple[str, ...] = (
    "will", "may", "'ll", "’ll", "shall", "won't", "would", "might", "must", "should",
    "going to", "gonna", "set to", "expected", "expects", "expect", "scheduled",
    "schedules", "schedule", "slated", "planned", "plans", "plan", "planning", "intends", "intend",
    "intended", "aims", "aim", "hopes", "hope", "hoped", "wants", "want", "wanted", "promised", "promises",
    "vowed", "vows", "pledged", "pledges", "agreed to", "decided to", "decides to", "threatened to",
    "threatens to", "is to", "are to", "was to", "were to", "to be held", "forthcoming",
    "postponed until", "postponed to", "delayed until", "deferred until", "adjourned until", "as soon as",
    "as early as", "no later than", "ahead of", "in time for", "upcoming", "due to be", "due in", "due on",
    "due for", "is due", "are due", "was due", "were due", "to begin", "to start", "to resume",
    "to take place",
    # the present tense of a scheduled happening reads ahead ("the trial begins Tuesday")
    "begins", "starts", "resumes", "opens", "closes", "ends", "expires", "convenes", "reconvenes", "meets",
    "arrives", "departs", "visits", "travels", "returns", "takes place", "takes effect", "kicks off",
    "goes into effect", "is set for", "are set for",
)
"""Words after which a date is ahead of publication ("will begin on April 7", "set to resume Monday").
Modals count: reported "would" dates are ahead in news far more often than not ("could" is as often
the past of "can" and is left out)."""

PAST_FORM_FUTURE_CUES: frozenset[str] = frozenset({
    "planned", "scheduled", "expected", "hoped", "wanted", "promised", "vowed", "pledged", "intended",
    "decided", "agreed", "threatened", "slated",
})
"""Future cues in the past tense: after the date they are the past act of planning ("On Friday, the
government planned to pay"), before it they point ahead ("protesters planned a march on Saturday")."""

AUXILIARIES: frozenset[str] = frozenset({"was", "were", "is", "are", "am", "had", "has", "have", "did", "do",
                                         "does"})
"""An auxiliary right before another cue gives way to it ("were planning", "had agreed to")."""

PAST_CUES: tuple[str, ...] = (
    "was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't", "ago", "since", "yesterday",
    "would have", "could have", "might have", "should have", "must have", "may have", "will have",
    "said", "told", "arose", "awoke", "beat", "became", "began", "bent", "bit", "blew", "bought", "bred",
    "broke", "brought", "built", "burnt", "came", "caught", "chose", "clung", "crept", "dealt", "drank",
    "drew", "drove", "dug", "ate", "fed", "fell", "felt", "fled", "flew", "flung", "forgave", "forgot",
    "fought", "found", "froze", "gave", "got", "grew", "heard", "held", "hid", "hung", "kept", "knelt",
    "knew", "laid", "led", "left", "lent", "lost", "made", "meant", "met", "paid", "ran", "rang", "rode",
    "rose", "sang", "sank", "sat", "saw", "sent", "shook", "shot", "slept", "slid", "sold", "sought", "spent",
    "spoke", "sprang", "stole", "stood", "struck", "stuck", "swam", "swept", "swore", "swung", "taught",
    "thought", "threw", "took", "tore", "understood", "wept", "woke", "won", "wore", "wrote",
)
"""Past tense, besides lower-case words ending in -ed (`NOT_PAST_ED` lists the exceptions). Forms that
are also the present ("hit", "put", "set", "cut", "read") are left out: "will hit" must stay future."""

PASSIVE_AUXILIARIES: frozenset[str] = frozenset({"be", "been", "being", "is", "are", "am", "was", "were"})
"""A participle after these carries no tense of its own ("will be held", "is heard"): the auxiliary
does, if it is a cue ("was held")."""

CLAUSE_OPENERS: frozenset[str] = frozenset({
    "that", "which", "who", "whom", "whose", "where", "when", "while", "whereas", "because", "although",
    "though", "if", "unless", "how", "why", "whether",
})
"""Words that open another clause: a tense cue does not reach across them ("hoped she would produce
aid for countries where the Aug. 7 blasts killed 257")."""

DEADLINE_WORDS: frozenset[str] = frozenset({"until", "till", "by"})
"""Before a date with no tense cue, these make it a deadline, which lies ahead ("until 9 a.m. Tuesday")."""

NOT_PAST_ED: frozenset[str] = frozenset({
    "indeed", "speed", "breed", "creed", "greed", "steed", "hundred", "need", "feed", "seed", "bed", "red",
    "shed", "wed", "bled", "sled", "shred", "embed", "exceed", "proceed", "succeed", "united",
    "alleged", "armed", "based", "detailed", "limited", "related", "unidentified", "suspected", "expected",
    "scheduled", "planned", "intended", "hoped", "wanted", "promised", "vowed", "pledged", "slated", "postponed",
    "delayed", "deferred", "adjourned", "agreed", "decided", "threatened",
})
"""Words ending in -ed that are not past-tense verbs, or that are future cues ("expected")."""

CLAUSE_BREAKS: tuple[str, ...] = (";", ":", "?", "!", "\"", "“", "”", "``", "''", " _ ", " -- ")
"""Marks a tense cue does not reach across."""

REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "tell", "reported", "announced", "announces", "stated",
    "confirmed", "confirms", "added", "adds", "acknowledged", "acknowledges", "warned", "warns", "denied",
    "denies", "claimed", "claims", "alleged", "insisted", "noted", "wrote", "according to",
)
"""Verbs whose date is the date of the telling, not of the event ("officials said on Friday")."""

DAY_WORD_OFFSETS: dict[str, int] = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1,
                                    "tomorrow": 1}
"""Days from publication, by the first word of "today", "this morning", "last night", "yesterday"."""

COUNTING_WORDS: tuple[str, ...] = ("about", "some", "nearly", "over", "than", "least", "around", "approximately",
                                   "almost", "only", "just")
"""Before a four-digit number they make it a count, not a year ("about 1990 people"); single words only."""

COUNTED_NOUNS: tuple[str, ...] = ("people", "men", "women", "children", "police", "personnel", "staff", "troops",
                                  "militia", "infantry")
"""After a four-digit number they make it a count ("1992 troops"), besides any plural in -s."""

REPORTING_ADVERBS: tuple[str, ...] = ("also", "had", "has", "have", "separately", "publicly", "officially",
                                      "again", "later", "first")
"""One of these may stand between a date and the reporting verb after it ("on Friday also said")."""

NOT_CLAUSE_ED: frozenset[str] = frozenset({"indeed", "speed", "breed", "creed", "greed", "steed", "hundred"})
"""Words ending in -ed that are no past-tense verb, so do not open a clause after a reporting verb."""

CLAUSE_WORDS: frozenset[str] = frozenset(
    ["that", "which", "who", "when", "after", "before", "while", "because", "as", "if", "since", "and", "but",
     "or", "is", "are", "was", "were", "be", "been", "being", "will", "would", "could", "can", "may", "might",
     "must", "should", "shall", "has", "have", "had", "do", "does", "did", "began", "begun", "broke", "came",
     "fell", "fled", "fought", "gave", "held", "hit", "kept", "led", "left", "lost", "made", "met", "ran",
     "sent", "shot", "spoke", "stood", "struck", "took", "went", "won", "wrote", "brought", "caught", "saw"])
"""Words that open a new clause between "said" and a date: the date then belongs to that clause."""

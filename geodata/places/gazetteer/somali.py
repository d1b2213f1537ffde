"""Somali place names written as one word or two: "Buurhakaba" and "Buur Hakaba", "Ceeldheer" and "Ceel Dheer".

GeoNames joins many Somali compounds that reports split at the generic word that opens or closes them
("ceel" a well, "buur" a hill, "laas" a water hole; "dheer" long, "weyn" big). The spaced form is added as a
name of the town, so a report that writes it apart still finds the town.
"""

from __future__ import annotations

import re

COUNTRIES = frozenset({"SO", "ET", "DJ", "KE"})   # where Somali names are the places' own
_OPENING = ("ceel", "buulo", "buur", "beled", "laas", "dhuusa", "qansax", "wanla", "raas", "bandar", "bender")
_CLOSING = ("dheere", "dheer", "weyne", "weyn", "yare", "yar")
MIN_PART = 3   # letters on each side of the split: "Ceek" is no compound
_SPLIT = re.compile(rf"^(?:({'|'.join(_OPENING)})(\w{{{MIN_PART},}})|(\w{{{MIN_PART},}}?)({'|'.join(_CLOSING)}))$",
                    re.IGNORECASE)


def spaced_form(name: str) -> str | None:
    """ "Buur Hakaba" for "Buurhakaba", "Xarar Dheere" for "Xarardheere"; None for a name of one part."""
    match = _SPLIT.match(name)
    if match is None:
        return None
    first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return f"{first[0].upper()}{first[1:]} {second[0].upper()}{second[1:]}"

"""When an article was published, read from the article itself: HTML metadata (`article:published_time`,
`datePublished`, `<time datetime>`) or a news dateline ("WASHINGTON, Oct. 18 (AP) —", "KYIV, Ukraine, 18 October
2024 (Reuters) -"). Every relative date in the text ("on Tuesday") is resolved against this date, so a wrong
guess mis-dates every event: the caller shows what was found and where, for the analyst to confirm.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_MONTH = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_AGENCY = r"(?:\((?:AP|Reuters|AFP|UPI|dpa|IANS|PTI|Xinhua|Bloomberg|CNN|ANI)\)|\[[A-Za-z ]{2,20}\])"
_DASH = r"\s*(?:—|–|--|-|:)"
# A dateline opens the text (or a line of it): a capitalised place, then the date, then often the agency.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}(?:,[ \t]*[A-Z][A-Za-z.'’ -]{1,30}){0,2}),?[ \t]+"
    rf"(?:(?P<d1>\d{{1,2}})[ \t]+{_MONTH}|{_MONTH.replace('mon>', 'mon2>')}[ \t]+(?P<d2>\d{{1,2}}))"
    rf"(?:,?[ \t]+(?P<y>(?:19|20)\d\d))?[ \t]*(?P<agency>{_AGENCY})?{_DASH}", re.M)
_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_META_NAMES = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
               "publish-date", "date", "dc.date.issued", "dc.date", "parsely-pub-date", "sailthru.date")
_JSON_LD = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.I)
_ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Published:
    date: dt.date
    found_in: str       # where: "HTML metadata (article:published_time)", "the dateline “…”", …


def published_date(raw: str, today: dt.date | None = None) -> Published | None:
    """The publication date the article states, or None; a dateline without a year is taken as the latest
    such day not after `today` (news is read when fresh)."""
    today = today or dt.date.today()
    head = raw[:200_000]
    for found in (_from_meta(head, today), _from_json_ld(head, today), _from_time(head, today)):
        if found:
            return found
    return _from_dateline(_plain(head)[:3_000], today)


def _iso_date(value: str, today: dt.date) -> dt.date | None:
    match = _ISO.search(value)
    if not match:
        return None
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if day <= today + dt.timedelta(days=1) else None


def _from_meta(raw: str, today: dt.date) -> Published | None:
    found: dict[str, dt.date] = {}
    for tag in _META.findall(raw):
        attrs = {m[0].lower(): html.unescape(m[1] or m[2] or m[3]) for m in _ATTR.findall(tag)}
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        day = _iso_date(attrs.get("content", ""), today) if name in _META_NAMES else None
        if day is not None:
            found.setdefault(name, day)
    for name in _META_NAMES:   # the most specific name first
        if name in found:
            return Published(found[name], f"HTML metadata ({name})")
    return None


def _from_json_ld(raw: str, today: dt.date) -> Published | None:
    match = _JSON_LD.search(raw)
    day = _iso_date(match[1], today) if match else None
    return Published(day, "HTML metadata (datePublished)") if day else None


def _from_time(raw: str, today: dt.date) -> Published | None:
    match = _TIME.search(raw)
    day = _iso_date(match[1], today) if match else None
    return Published(day, "the page's <time datetime>") if day else None


def _plain(raw: str) -> str:
    if "<" not in raw:
        return raw
    body = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", raw)
    return html.unescape(_TAG.sub("\n", body))


def opening_dateline_date(text: str) -> tuple[int, int] | None:
    """Where the date of the dateline that opens the text stands ("KHARTOUM, March 3 (Reuters) -"). That date is
    when the report was filed: it dates the report's undated events, but "on Sunday" in the same sentence must
    not lose to it. Only a dateline at the very start counts: a line of a timeline further down
    ("Kyiv, 18 October -") dates its own events."""
    match = _DATELINE.match(text, len(text) - len(text.lstrip()))
    if match is None:
        return None
    start, end = (match.start("d1"), match.end("mon")) if match["d1"] else (match.start("mon2"), match.end("d2"))
    return start, match.end("y") if match["y"] else end


def _from_dateline(text: str, today: dt.date) -> Published | None:
    for match in _DATELINE.finditer(text):
        month = _MONTHS[(match["mon"] or match["mon2"])[:3].lower()]
        day = int(match["d1"] or match["d2"])
        year = int(match["y"]) if match["y"] else None
        try:
            date = dt.date(year, month, day) if year else _latest(month, day, today)
        except ValueError:
            continue
        if date is None or date > today + dt.timedelta(days=1):
            continue
        return Published(date, f"the dateline “{match.group(0).strip()}”")
    return None


def _latest(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:   # 29 February
            continue
        if candidate <= today:
            return candidate
    return None

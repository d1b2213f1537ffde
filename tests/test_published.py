"""The publication date read from an article: HTML metadata first, then a dateline; never a silent guess."""

from __future__ import annotations

import datetime as dt

import pytest

from geodata.text.published import published_date

TODAY = dt.date(2024, 11, 5)


@pytest.mark.parametrize(("raw", "expected", "where"), [
    ('<html><head><meta property="article:published_time" content="2024-10-18T09:30:00+03:00"></head>'
     "<body><p>Shelling hit Kharkiv on Tuesday.</p></body></html>", dt.date(2024, 10, 18), "article:published_time"),
    ("<head><meta content='2024-10-17' name='pubdate'><meta name=\"date\" content=\"2024-01-01\"></head>",
     dt.date(2024, 10, 17), "pubdate"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-10-16T12:00:00Z"}'
     "</script>", dt.date(2024, 10, 16), "datePublished"),
    ('<article><time class="x" datetime="2024-10-15T08:00">Oct 15</time><p>Text</p></article>',
     dt.date(2024, 10, 15), "<time datetime>"),
    ("WASHINGTON, Oct. 18 (AP) — The Pentagon said on Friday that troops had arrived.",
     dt.date(2024, 10, 18), "WASHINGTON, Oct. 18 (AP) —"),
    ("KYIV, Ukraine, 18 October 2023 (Reuters) - Russian forces shelled Kharkiv on Tuesday.",
     dt.date(2023, 10, 18), "KYIV, Ukraine, 18 October 2023 (Reuters) -"),
    ("SEOUL, Nov 3 (Reuters) - North Korea fired a missile.", dt.date(2024, 11, 3), "SEOUL, Nov 3 (Reuters) -"),
    ("By Jane Roe\nBEIRUT, December 30 — Israeli strikes hit the south.", dt.date(2023, 12, 30), "BEIRUT"),
    ("WASHINGTON, Nov. 30 (AP) — Later in the year than today: last year's.", dt.date(2023, 11, 30), "Nov. 30"),
    ("<p>MOSCOW, Sept. 9, 2024 (AFP) -- Officials met.</p>", dt.date(2024, 9, 9), "MOSCOW, Sept. 9, 2024"),
])
def test_found(raw, expected, where):
    found = published_date(raw, today=TODAY)
    assert found is not None and found.date == expected
    assert where in found.found_in


@pytest.mark.parametrize("raw", [
    "Russian forces shelled Kharkiv on Tuesday. On Wednesday, protesters rallied in Tbilisi.",
    "The talks of Oct. 18 ended without a deal.",                      # a date, but no dateline
    '<meta property="article:published_time" content="2031-01-01">',   # in the future: not believed
    '<meta property="og:title" content="2024-10-18 in review">',       # another field's date
    "",
])
def test_not_found(raw):
    assert published_date(raw, today=TODAY) is None

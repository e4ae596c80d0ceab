"""Dates as pages show them to their readers, and the lines that are only a date.

"November 19, 2019", "19 Nov 2019", "Nov. 19th, 2019" (English month names), and the lines a
copied or saved page carries above its story: "Published 11:11 PM EST Nov 19, 2019",
"Updated 10:12 AM EST, Wed February 7, 2024", "February 7, 2024 3:15 PM GMT+1 Updated 2 hours
ago", "By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.". Only the day is read:
the zone of such a time is often ambiguous ("IST").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_IN_WORDS = re.compile(  # "November 19, 2019" or "19 November 2019"
    rf"\b(?:(?P<month>{_MONTH_NAME})\s+(?P<day>{_DAY}),?"
    rf"|(?P<day2>{_DAY})\s+(?P<month2>{_MONTH_NAME}),?)\s+(?P<year>\d{{4}})\b",
    re.I,
)
_DATE = rf"\b(?:{_MONTH_NAME}\s+{_DAY},?|{_DAY}\s+{_MONTH_NAME},?)\s+\d{{4}}\b"
# "11:11 PM EST", "9.24 pm ET", "14.30 GMT", "3:15 PM GMT+1", "11:04 a.m."
_CLOCK = (
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s+[A-Z]{2,5}\b(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?"
_STAMP = (
    rf"(?:{_CLOCK}\s*,?\s*(?:on\s+)?)?(?:{_WEEKDAY}\s*)?{_DATE}"
    rf"(?:\s*(?:,|at|-|\u2013|\u2014)?\s*{_CLOCK})?"
)
_PUBLISHED = r"(?:first\s+)?published|posted|on"
_UPDATED = r"(?:last\s+)?(?:updated|modified)"
_AGO = r"(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
_SEPARATOR = r"[|,/\u2022\u00b7\u2013\u2014-]"
_DATE_LINE = re.compile(
    rf"(?:by\s+(?P<names>[^\d|\u2022]{{2,80}}?)\s*{_SEPARATOR}?\s*)?"
    rf"(?:\b(?:(?P<updated>{_UPDATED})|(?P<label>{_PUBLISHED}))\b:?\s*(?:on\b:?\s*)?)?"
    rf"(?P<stamp>{_STAMP})"
    rf"(?:\s*{_SEPARATOR}?\s*\b{_UPDATED}\b:?\s*(?:on\b:?\s*)?(?:(?P<update>{_STAMP})|{_AGO}))?"
    r"\s*\.?",
    re.I,
)


@dataclass(frozen=True)
class DateLine:
    """A line that is only a date: the day it gives, "published" or "modified" (as its label
    says; "published" without one), the day of an update it adds, and the names of a byline
    it follows ("" for none). `labelled`: it says what the date is, by a label or a byline."""

    kind: str
    day: str
    updated: str
    names: str
    labelled: bool


def read_date_line(text: str) -> DateLine | None:
    """`text` as a line that is only a date, with its label, time or byline; else None."""
    match = _DATE_LINE.fullmatch(text.strip())
    if not match:
        return None
    return DateLine(
        kind="modified" if match.group("updated") else "published",
        day=iso_date_from_words(match.group("stamp")),
        updated=iso_date_from_words(match.group("update") or ""),
        names=(match.group("names") or "").strip(),
        labelled=any(match.group(key) for key in ("names", "label", "updated")),
    )


def iso_date_from_words(text: str) -> str:
    """The ISO date in "November 19, 2019, 07:47 PM EST" or "20 Nov 2019", else ""."""
    match = _DATE_IN_WORDS.search(text)
    if not match:
        return ""
    month = MONTHS.index((match.group("month") or match.group("month2"))[:3].lower()) + 1
    day = int(re.match(r"\d+", match.group("day") or match.group("day2")).group())
    return f"{match.group('year')}-{month:02d}-{day:02d}" if 1 <= day <= 31 else ""

"""Dates as pages show them to their readers, and the lines that are only a date.

"November 19, 2019", "19 Nov 2019", "7 février 2024", "7. Februar 2024", "7 de febrero de
2024", "7 febbraio 2024", "7 de fevereiro de 2024", "7 februari 2024", "7 февраля 2024 года",
"7 lutego 2024" (month names of English, French, German, Spanish, Italian, Portuguese, Dutch,
Russian, Ukrainian and Polish), "07.02.2024" (day first), and the lines a copied or saved page
carries above its story: "Published 11:11 PM EST Nov 19, 2019", "Updated 10:12 AM EST, Wed
February 7, 2024", "February 7, 2024 3:15 PM GMT+1 Updated 2 hours ago", "By Louis Jacobson on
Monday, November 18th, 2019 at 11:04 a.m.", "Publié le 7 février 2024 à 10h32", "Veröffentlicht
am 7. Februar 2024, 10:32 Uhr". Only the day is read: the zone of such a time is often
ambiguous ("IST").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# Each month's names and abbreviations, in English, French, German, Spanish, Italian,
# Portuguese, Dutch, Russian, Ukrainian and Polish (in the cases a date puts them in: "7
# февраля", "7 lutego"; an abbreviation may end in a full stop: "Feb.", "févr.", "Okt.").
MONTH_NAMES = (
    "january jan janvier janv januar jänner jän enero ene gennaio gen janeiro januari январь января янв січень січня styczeń stycznia sty",
    "february feb février févr fevrier fevr februar febrero febbraio fevereiro fev februari февраль февраля фев лютий лютого luty lutego lut",
    "march mar mars märz mär marzo março maart mrt март марта березень березня marzec marca",
    "april apr avril avr abril abr aprile апрель апреля апр квітень квітня kwiecień kwietnia kwi",
    "may mai mayo maggio mag maio mei май мая травень травня maj maja",
    "june jun juin juni junio giugno giu junho июнь июня июн червень червня czerwiec czerwca cze",
    "july jul juillet juil juli julio luglio lug julho июль июля июл липень липня lipiec lipca lip",
    "august aug août aout agosto ago augustus август августа авг серпень серпня sierpień sierpnia sie",
    "september sep sept septembre septiembre setiembre settembre set setembro сентябрь сентября сен сент вересень вересня wrzesień września wrz",
    "october oct octobre oktober okt octubre ottobre ott outubro out октябрь октября окт жовтень жовтня październik października paź",
    "november nov novembre noviembre novembro ноябрь ноября ноя листопад листопада listopad listopada lis",
    "december dec décembre déc decembre dezember dez diciembre dic dicembre dezembro декабрь декабря дек грудень грудня grudzień grudnia gru",
)
_MONTH = "|".join(
    sorted({n for names in MONTH_NAMES for n in names.split()}, key=len, reverse=True)
)


def _plain(word: str) -> str:
    """A word case-folded without its accents, as a case-blind match may have read it ("Août",
    "AOUT"; "Auguſt", with a long s)."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


_MONTH_NUMBERS = {
    _plain(name): number for number, names in enumerate(MONTH_NAMES, 1) for name in names.split()
}


def month_number(name: str) -> int:
    """The number of a month by its name or abbreviation in one of the languages above, else 0."""
    return _MONTH_NUMBERS.get(_plain(name.rstrip(".")), 0)


_DAY = r"\d{1,2}(?:st|nd|rd|th|er|º|°)?"
_DATE_IN_WORDS = re.compile(  # "November 19, 2019", "19 November 2019", "7 de febrero de 2024"
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>{_DAY}),?"
    rf"|(?P<day2>{_DAY})\.?\s+(?:de\s+)?(?P<month2>{_MONTH})\.?,?(?:\s+de)?)\s+(?P<year>\d{{4}})\b"
    r"|\b(?P<day3>\d{1,2})\.(?P<month3>\d{1,2})\.(?P<year3>\d{4})\b",  # "07.02.2024"
    re.I,
)
_DATE = (  # in words, or "07.02.2024" (day first, as Europe writes it)
    rf"(?:\b(?:(?:{_MONTH})\.?\s+{_DAY},?|{_DAY}\.?\s+(?:de\s+)?(?:{_MONTH})\.?,?(?:\s+de)?)"
    r"\s+\d{4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b)"
    r"(?:\s+(?:года|г\.|року|р\.|roku|r\.))?"  # "2024 года", "2024 r.": of the year 2024
)
# "11:11 PM EST", "9.24 pm ET", "14.30 GMT", "3:15 PM GMT+1", "11:04 a.m.", "10h32", "10:32 Uhr"
_CLOCK = (
    r"(?:(?:à|a\s+las|alle|às|um|om|в|o)\s+)?"
    r"(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?|\s*(?:Uhr|h)\b)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s+[A-Z]{2,5}\b(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
    r"|(?:segunda|terça|quarta|quinta|sexta)-feira"
    r"|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|понеділок|вівторок|середа|четвер|п[ʼ'’]ятниця|субота|неділя"
    r"|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela)\.?,?"
)
_STAMP = (
    rf"(?:{_CLOCK}\s*,?\s*(?:on\s+)?)?(?:{_WEEKDAY}\s*)?{_DATE}"
    rf"(?:\s*(?:,|at|-|\u2013|\u2014)?\s*{_CLOCK})?"
)
_PUBLISHED = (
    r"(?:first\s+)?published|posted|publié|veröffentlicht|publicado|pubblicato|gepubliceerd"
    r"|опубликовано|опубліковано|opublikowano"
)
_UPDATED = (
    r"(?:last\s+)?(?:updated|modified)|mis\s+à\s+jour|aktualisiert|stand|actualizado"
    r"|aggiornato|atualizado|(?:laatst\s+)?bijgewerkt|обновлено|оновлено|zaktualizowano"
    r"|aktualizacja"
)
# "Published on", "Publié le", "Veröffentlicht am", "Publicado el", "Pubblicato il", "Publicado
# em", "Gepubliceerd op"
_ON = r"(?:on|le|am|el|il|em|op)\b:?\s*"
_AGO = r"(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
_SEPARATOR = r"[|,/\u2022\u00b7\u2013\u2014-]"
_DATE_LINE = re.compile(
    rf"(?:(?:by|par|von|por|di|door)\s+(?P<names>[^\d|\u2022]{{2,80}}?)\s*{_SEPARATOR}?\s*)?"
    rf"(?:\b(?:(?P<updated>{_UPDATED})|(?P<label>{_PUBLISHED}|on))\b:?\s*)?(?:{_ON})?"
    rf"(?P<stamp>{_STAMP})"
    rf"(?P<again>\s*{_SEPARATOR}?\s*\b(?:{_UPDATED})\b:?\s*(?:{_ON})?(?:(?P<update>{_STAMP})|{_AGO}))?"
    r"\s*\.?",
    re.I,
)


# Where the date begins in a line that holds more: a byline's names, then their date ("by Jeff
# Foust Monday, November 18, 2019", "Par Jeanne Dupont Publié le 7 février 2024", "by Jane Doe
# 2 hours ago").
DATE_BEGINS = (
    rf"\b(?:{_PUBLISHED}|{_UPDATED})\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b{_AGO}"
    rf"|(?:{_WEEKDAY}\s*)?{_DATE}|\d{{1,2}}[:/.]\d"
    r"|(?-i:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"  # "Nov 19"
)

# What is never a byline's names: "By Wednesday, 7 February 2024", "By Then, ..." ("By April
# Ryan, ..." and "Door Jan de Vries, ..." are bylines).
_NOT_NAMES = re.compile(rf"{_WEEKDAY}|the|then|now", re.I)


@dataclass(frozen=True)
class DateLine:
    """A line that is only a date: the day it gives, "published" or "modified" (as its label
    says; "published" without one), the day of an update it adds, and the names of a byline
    it follows ("" for none). `labelled`: it says what the date is (by a label, a byline, or an
    update after it: "... Updated 2 hours ago")."""

    kind: str
    day: str
    updated: str
    names: str
    labelled: bool


def read_date_line(text: str) -> DateLine | None:
    """`text` as a line that is only a date, with its label, time or byline; else None."""
    match = _DATE_LINE.fullmatch(text.strip())
    names = (match.group("names") or "").strip() if match else ""
    if not match or names and (not names[0].isupper() or _NOT_NAMES.fullmatch(names)):
        return None
    day = iso_date_from_words(match.group("stamp"))
    if not day:  # "February 30, 2024"
        return None
    return DateLine(
        kind="modified" if match.group("updated") else "published",
        day=day,
        updated=iso_date_from_words(match.group("update") or ""),
        names=names,
        labelled=any(match.group(key) for key in ("names", "label", "updated", "again")),
    )


def iso_date_from_words(text: str) -> str:
    """The ISO date in "November 19, 2019, 07:47 PM EST", "20 Nov 2019", "7 février
    2024", "07.02.2024" (day first) or "11.14.2019" (that can only be month first), else ""."""
    match = _DATE_IN_WORDS.search(text)
    if not match:
        return ""
    if match.group("year3"):
        year, month, day = (int(match.group(k)) for k in ("year3", "month3", "day3"))
        if month > 12 >= day:  # "11.14.2019": no day.month, so month.day, as the US writes it
            month, day = day, month
    else:
        year = int(match.group("year"))
        month = month_number(match.group("month") or match.group("month2"))
        day = int(re.match(r"\d+", match.group("day") or match.group("day2")).group())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # "February 30, 2024", or no month this reads
        return ""

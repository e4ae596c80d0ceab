"""Numbers, dates and ages in a text, each with a key under which two ways of writing one
value compare equal ("27,000" and "27000", "two" and "2", "Feb. 7" and "February 7")."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from ...read.dates import MONTH_NAMES, month_number

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINALS = {
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}
SCALES["billion"] = 1_000_000_000
SCALES["trillion"] = 1_000_000_000_000
VAGUE = ("dozens", "hundreds", "thousands", "millions", "billions")
QUALIFIERS = (  # "no more than" whole: "more than" alone says the opposite
    "no more than|no fewer than|no less than|not more than|not less than|"
    "more than|fewer than|less than|at least|at most|up to|nearly|almost|about|around|over|"
    "under|some|roughly|approximately|just over|just under|only"
)

_SPELLED = (
    ("(?:" + "|".join(TENS) + ")(?:[- ](?:" + "|".join(UNITS) + "|one))?|" + "|".join(TEENS))
    + "|"
    + "|".join(UNITS)
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Where a decimal comma is written, thousands are grouped by a space of any width or a full
# stop ("27 000", "27.000", "3,5 %"), as French, German, Russian or Polish write them.
_SPACES = " \u00a0\u202f\u2009"
_COMMA_DIGITS = rf"\d{{1,3}}(?:[{_SPACES}.]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:\s+(?:" + "|".join(SCALES) + r"))?"
_MONTH_NAMES = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
# The months of the other languages whose dates are read (`read.dates`): after a day, any name
# or abbreviation ("7 février", "7. Feb.", "7 февраля"); alone, a full name, or the form Polish,
# Russian and Ukrainian give it there ("w styczniu", "в январе", "у січні"); never "maja", a
# first name as well as "of May".
_SHORT_FULL = "luty mars märz март mayo mai maio mei май maj juin juni июнь juli июль août aout"
_LOCATIVES = (
    "styczniu lutym marcu kwietniu maju czerwcu lipcu sierpniu wrześniu październiku "
    "listopadzie grudniu январе феврале марте апреле мае июне июле августе сентябре октябре "
    "ноябре декабре січні лютому березні квітні травні червні липні серпні вересні жовтні "
    "листопаді грудні"
)
_LOCATIVE_MONTHS = {name: number % 12 + 1 for number, name in enumerate(_LOCATIVES.split())}
_ALL_MONTHS = {name for names in MONTH_NAMES for name in names.split()}
_DAY_MONTHS = "|".join(sorted(_ALL_MONTHS, key=len, reverse=True))
_ALONE_MONTHS = "|".join(
    sorted(
        {n for n in _ALL_MONTHS if len(n) > 4 and n != "maja"}
        | set(_SHORT_FULL.split())
        | set(_LOCATIVE_MONTHS),
        key=len,
        reverse=True,
    )
)
_YEAR = r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
# The days of the week in the same languages, as they are named and as Polish, Russian and
# Ukrainian say "on" one ("w środę", "в пятницу", "у середу"); not the Russian "среда", also
# "the environment".
_WEEKDAY_NAMES = {
    english: names.split()
    for english, names in zip(
        WEEKDAYS,
        (
            "lundi montag lunes lunedì segunda-feira maandag понедельник понеділок poniedziałek",
            "mardi dienstag martes martedì terça-feira dinsdag вторник вівторок wtorek",
            "mercredi mittwoch miércoles mercoledì quarta-feira woensdag середа середу środa środę",
            "jeudi donnerstag jueves giovedì quinta-feira donderdag четверг четвер czwartek",
            "vendredi freitag viernes venerdì sexta-feira vrijdag пятница пятницу п'ятниця "
            "п'ятницю piątek",
            "samedi samstag sábado sabato zaterdag суббота субботу субота суботу sobota sobotę",
            "dimanche sonntag domingo domenica zondag воскресенье неділя неділю niedziela "
            "niedzielę",
        ),
        strict=True,
    )
}
_WEEKDAY_OF = {name: english for english, names in _WEEKDAY_NAMES.items() for name in names}
_APOSTROPHES = "'\u2019\u02bc"  # "п'ятниця", as it is typed, printed or spelled
_OTHER_WEEKDAYS = "|".join(sorted(_WEEKDAY_OF, key=len, reverse=True)).replace(
    "'", f"[{_APOSTROPHES}]"
)
# "Per cent" in words: "3,5 Prozent", "3,5 процента", "3,5 procent".
_OTHER_PERCENT = (
    "prozent|pour\\s+cent|por\\s+ciento|per\\s+cento|por\\s+cento|procent|procenta|procentów"
    "|процент|процента|процентов|відсоток|відсотка|відсотки|відсотків"
)
_OTHER_CALENDARS = (
    ("date", rf"\b(?P<day>\d{{1,2}})(?:er|\.)?\s+(?P<month>(?i:{_DAY_MONTHS}))\b\.?{_YEAR}"),
    ("month", rf"\b(?P<month>(?i:{_ALONE_MONTHS}))\b{_YEAR}"),
    ("weekday", rf"\b(?P<weekday>(?i:{_OTHER_WEEKDAYS}))\b"),
)


def _patterns(digits: str, other_languages: bool) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns of numbers, dates and ages, most specific first, with figures `digits`, and
    days, months and per cents in the other languages whose dates are read if
    `other_languages`."""
    return tuple(
        (kind, re.compile(pattern, 0 if kind in ("date", "month", "rank") else re.IGNORECASE))
        for kind, pattern in (
            *(_OTHER_CALENDARS if other_languages else ()),
            (
                "date",
                rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                rf"(?:\s*[-\u2013]\s*(?:(?:{_MONTH_NAMES})\.?\s+)?\d{{1,2}}\b)?"
                r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?",
            ),
            (
                "date",
                rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\b(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?",
            ),
            ("month", rf"\b(?P<month>{_MONTH_NAMES})\b(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"),
            ("weekday", r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")s?\b"),
            (
                "age",
                rf"\b(?P<number>{digits}|{_SPELLED})[- ](?:and[- ]a[- ]half[- ])?years?[- ]old\b",
            ),
            ("age", r"\baged\s+(?P<number>\d{1,3})\b"),
            (
                "duration",
                rf"\b(?P<number>{digits}|{_SPELLED})[- ](?P<unit>year|month|week|day|hour|minute)s?\b",
            ),
            ("money", rf"[$\u20ac\u00a3]\s?(?P<number>{digits}){_SCALE}\b"),
            # "3.2 million pounds", as news agencies write sums, is the sum "£3.2 million" is
            ("money", rf"\b(?P<number>{digits}){_SCALE}\s+(?:pound|dollar|euro)s?\b"),
            (
                "percent",
                rf"\b(?P<number>{digits}|{_SPELLED})(?:\s?%|\s+percent(?:age points?)?\b|\s+per\s+cent\b"
                + (rf"|\s+(?:{_OTHER_PERCENT})\b" if other_languages else "")
                + ")",
            ),
            # not "the 21st century", "the 14th Amendment": names more than ranks
            (
                "ordinal",
                r"\b(?P<number>\d+)(?:st|nd|rd|th)\b(?!\s+(?:century|centuries|Amendment))",
            ),
            ("ordinal", r"\b(?P<ordinal>" + "|".join(ORDINALS) + r")\b"),
            (
                "rank",  # "first" and "second" only as a place: "placed second", "first place"
                r"\b(?:placed|finished|came|ranks|ranked|tied for)\s+(?P<rank>first|second)\b"
                r"|\b(?P<place>first|second)\s+place\b",
            ),
            ("year", r"(?<![\w$.,])(?P<year>(?:1[89]|20)\d\d)(?![\w,.]\d)(?!\s*(?:%|percent))"),
            ("vague", r"\b(?P<vague>" + "|".join(VAGUE) + r")\b"),
            ("count", rf"(?<![\w$.,\u20ac\u00a3-])(?P<number>{digits}){_SCALE}(?![\w%])"),
            ("count", rf"\b(?P<number>{_SPELLED}){_SCALE}\b"),
            ("count", r"\b(?P<number>a dozen|dozen)\b"),
        )
    )


PATTERNS = _patterns(_DIGITS, other_languages=False)
_COMMA_PATTERNS = _patterns(_COMMA_DIGITS, other_languages=True)


_QUALIFIER = re.compile(rf"\b(?:{QUALIFIERS})\s+$", re.IGNORECASE)
# Figures that are part of a name, a link or a code, not quantities.
_NOT_A_NUMBER = re.compile(r"[#@/]\S*$|\b(?:No|Article|Section|Title|Chapter|Amendment)\.?\s+$")


@dataclass(frozen=True)
class NumberMention:
    """One number, date or age as written (with its qualifier), and the keys it compares by."""

    start: int
    end: int
    text: str  # as written, with any qualifier: "over 27,000", "nearly two-year-old"
    key: tuple  # ("count", 27000.0), ("age", 73.0), ("date", 2, 7), ("weekday", "friday") ...
    also: tuple[tuple, ...] = ()  # further keys it vouches for: the year of a full date

    @property
    def kind(self) -> str:
        return self.key[0]


def find_numbers(text: str, language: str = "") -> list[NumberMention]:
    """Every number, date and age in `text`, the most specific reading first, never overlapping;
    its figures read as `language` writes them (a decimal comma: "3,5 %", "27 000")."""
    comma = writes_decimal_comma(language)
    taken: list[tuple[int, int]] = []  # in order, none overlapping
    found: list[NumberMention] = []
    for kind, pattern in _COMMA_PATTERNS if comma else PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            at = bisect.bisect_left(taken, (start, end))
            if any(start < e and s < end for s, e in taken[max(0, at - 1) : at + 1]):
                continue
            if _NOT_A_NUMBER.search(text, max(0, start - 12), start):
                continue
            mention = _mention(kind, match, text, comma)
            if mention is None:
                continue
            bisect.insort(taken, (start, end))
            found.append(mention)
    found.sort(key=lambda m: m.start)
    return found


def _mention(kind: str, match: re.Match, text: str, comma: bool) -> NumberMention | None:
    groups = match.groupdict()
    year = groups.get("year")
    also = (("year", int(year)),) if year else ()
    if kind == "date":
        key = ("date", _month_of(groups["month"]), int(groups["day"]))
    elif kind == "month":
        written = groups["month"]
        if (
            len(written) <= 4
            and written.lower() in MONTHS
            and written not in ("May", "June", "July")
        ):
            if not text.startswith(".", match.end("month")):
                return None  # "Mar" of "Mar-a-Lago", not "Mar." for March
        if written == "May" and not year and _modal_may(text, match.end()):
            return None
        key = ("month", _month_of(written))
    elif kind == "weekday":
        written = re.sub(f"[{_APOSTROPHES}]", "'", groups["weekday"].lower())
        key = ("weekday", _WEEKDAY_OF.get(written, written))
    elif kind == "year":
        key, also = ("year", int(year)), ()
    elif kind == "vague":
        key = ("vague", groups["vague"].lower())
    elif kind == "rank":
        group = "rank" if groups.get("rank") else "place"
        value = 1.0 if groups[group].lower() == "first" else 2.0
        start, end = match.span(group)
        return NumberMention(start, end, text[start:end], ("ordinal", value))
    elif kind == "ordinal":
        key = ("ordinal", float(ORDINALS.get((groups.get("ordinal") or "").lower()) or 0))
        if groups.get("number"):
            key = ("ordinal", float(groups["number"]))
    else:
        value = number_value(groups["number"], match.group(), comma)
        fraction = "," if comma else "."
        if value is None or (kind == "count" and value < 2 and fraction not in groups["number"]):
            return None
        key = (kind, value, groups["unit"].lower()) if kind == "duration" else (kind, value)
    start = match.start()
    qualifier = _QUALIFIER.search(text, max(0, start - 20), start)
    if qualifier:
        start = qualifier.start()
    return NumberMention(start, match.end(), text[start : match.end()], key, also)


def _month_of(name: str) -> int:
    """The number of a month by any of its names above: "Feb", "février", "в январе"."""
    return _LOCATIVE_MONTHS.get(name.casefold()) or month_number(name)


def _modal_may(text: str, end: int) -> bool:
    """'May' the verb ("May I ...", "it May be") rather than the month: next word is lower-case
    and not a day or a year."""
    following = re.match(r"\s+(\S+)", text[end:])
    return following is not None and following.group(1)[:1].islower()


@functools.lru_cache(maxsize=256)
def writes_decimal_comma(language: str) -> bool:
    """Whether `language` (a tag: "fr", "pt-BR") writes "3,5" for three and a half, as the
    Unicode CLDR has it; English, and a language not known, write "3.5"."""
    try:
        locale = Locale.parse(language.replace("-", "_")) if language else Locale("en")
    except (ValueError, UnknownLocaleError):
        return False
    return locale.number_symbols.get("latn", {}).get("decimal") == ","


def number_value(number: str, whole: str, comma: bool = False) -> float | None:
    """The value of '27,000', 'two', 'forty-five', '1.5 million', 'a dozen'; with `comma`, of
    figures with a decimal comma: '27 000', '27.000', '3,5'."""
    word = number.lower().replace("\u2010", "-")
    if word in ("a dozen", "dozen"):
        value = 12.0
    elif comma and re.fullmatch(rf"[\d.,{_SPACES}]+", word):
        value = float(re.sub(rf"[.{_SPACES}]", "", word).replace(",", "."))
    elif re.fullmatch(r"[\d.,]+", word):
        try:
            value = float(word.replace(",", ""))
        except ValueError:
            return None
    else:
        parts = re.split(r"[- ]", word)
        value = float(sum(TENS.get(p, 0) + TEENS.get(p, 0) + UNITS.get(p, 0) for p in parts))
        value += 1.0 if parts[-1] == "one" and len(parts) > 1 else 0.0
        if not value:
            return None
    for scale, factor in SCALES.items():
        if re.search(rf"\b{scale}\b", whole.lower()[len(number) :]):
            value *= factor
    return value


def keys_of(mentions: list[NumberMention]) -> set[tuple]:
    """Every key that `mentions` vouch for."""
    return {key for m in mentions for key in (m.key, *m.also)}


def is_present(mention: NumberMention, keys: set[tuple]) -> bool:
    """Whether a text whose keys are `keys` carries `mention`'s value: the same key, or for a
    bare count, the same value under any kind ("17" is carried by "17 percent")."""
    if mention.key in keys:
        return True
    if mention.kind == "count":
        return any(len(k) > 1 and k[1] == mention.key[1] for k in keys)
    if mention.kind == "year":  # "2016" is carried by "Oct. 28, 2016"
        return mention.key in keys
    return False

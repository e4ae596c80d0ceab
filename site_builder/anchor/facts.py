"""What a passage says, as far as a quote found fuzzily must say it too: its figures (in digits
or in words), its negations, the days and months it names, and the directions of change it
gives. A passage within the budget of edits that differs from its quote in one of these is
another statement ("fell" printed for "rose" quoted, "Sunday" for "Saturday", "four" for "six",
"did not" for "did"), not the quote typed loosely, and is refused.

Texts here are folded as the fuzzy level folds them: lower case, without accents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import OSA

from ..read.dates import MONTH_NAMES
from .normalise import UNSPACED, normalise

# Separators of thousands between digits ("1,000", "1.000", "1 000"), and figures in text.
_GROUPING = re.compile(r"(?<=\d)[,.' ](?=\d{3}(?!\d))")
_LETTERS = rf"[^\W\d_{UNSPACED}]+"
_WORD = re.compile(rf"{_LETTERS}(?:['-]{_LETTERS})*|[{UNSPACED}]")
_FIGURE_OR_WORD = re.compile(rf"(?P<figure>\d+(?:[.,]\d+)*)|{_WORD.pattern}")

# Numbers in English words, as figures: "six" is "6" and "sixth" "6" (as "6th" is), so that a
# figure written in words or in digits is the same figure.
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
_UNITS += "fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
_ORDINALS += "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
NUMBER_WORDS = {
    **{word: str(n) for n, word in enumerate(_UNITS.split())},
    **{word: str(n) for n, word in enumerate(_ORDINALS.split())},
    **{word: str(20 + 10 * n) for n, word in enumerate(_TENS)},
    **{word[:-1] + "ieth": str(20 + 10 * n) for n, word in enumerate(_TENS)},
    **{"hundred": "100", "hundredth": "100", "thousand": "1000", "thousandth": "1000"},
    **{"million": "1000000", "billion": "1000000000", "trillion": "1000000000000"},
    **{"dozen": "12"},
}

# Negations, in the languages whose furniture the reader knows and a few more. French "ne"
# ("n'") is left out: spoken French drops it, and "pas", "jamais" or "rien" carry the negation.
# A word joined by a hyphen is another word ("non-binding", "no-one" as "no one" is).
NEGATIONS = frozenset(
    "not no never nor none nobody no-one nothing nowhere neither cannot "  # English
    "pas jamais rien aucun aucune ni non nul nulle "  # French
    "nicht nichts kein keine keinen keinem keiner keines nie niemals niemand nirgends weder "
    "nunca jamas ningun ninguna ninguno nada nadie tampoco "  # Spanish
    "mai nessuno nessuna niente nulla "  # Italian
    "nao nenhum nenhuma ninguem nem "  # Portuguese
    "niet geen nooit niets nergens "  # Dutch
    "nigdy nic nikt zaden zadna zadne ani "  # Polish
    "не нет ни никогда ничего никто нигде ні ніколи нічого ніхто "  # Russian, Ukrainian
    "لا لم لن ليس ليست غير לא אין नहीं".split()  # Arabic, Hebrew, Hindi
)
# ... and the characters that negate in Chinese and Japanese, written without spaces.
UNSPACED_NEGATIONS = frozenset("不没沒未無无非别別勿莫")

# The days of the week, in the languages of the dates the reader knows.
_WEEKDAYS = (
    "monday lundi montag lunes lunedi segunda-feira maandag понедельник понеділок poniedziałek",
    "tuesday mardi dienstag martes martedi terça-feira dinsdag вторник вівторок wtorek",
    "wednesday mercredi mittwoch miercoles mercoledi quarta-feira woensdag среда середа środa",
    "thursday jeudi donnerstag jueves giovedi quinta-feira donderdag четверг четвер czwartek",
    "friday vendredi freitag viernes venerdi sexta-feira vrijdag пятница п'ятниця piątek",
    "saturday samedi samstag sabado sabato zaterdag суббота субота sobota",
    "sunday dimanche sonntag domingo domenica zondag воскресенье неділя niedziela",
)
# Months by their names (not the abbreviations of three letters: "may", "mar" and "set" are
# words too), in the same languages.
_MONTHS = tuple(
    " ".join(
        name
        for name in names.split()
        if len(name) > 3 or name in ("mai", "maj", "mei", "май", "мая")
    )
    for names in MONTH_NAMES
)
# Words that give the direction of a change or a comparison, in English.
_UP = "up rise rises rising rose risen increase increased increases increasing raise raised "
_UP += "raises higher highest more most above gain gains gained grew grow grows growing growth "
_UP += "climb climbs climbed climbing jump jumps jumped soar soars soared surge surges surged"
_DOWN = "down fall falls falling fell fallen decrease decreased decreases decreasing lower "
_DOWN += "lowest less least fewer fewest below loss losses drop drops dropped dropping decline "
_DOWN += "declines declined declining shrank shrink shrinks shrunk plunge plunges plunged "
_DOWN += "slump slumps slumped"


def _fold(word: str) -> str:
    return normalise(word, casefold=True).text


def _vocabulary(groups: dict[str, str]) -> dict[str, str]:
    """Each word of each group (key -> words), folded, to its group's key."""
    return {_fold(word): key for key, words in groups.items() for word in words.split()}


CALENDAR = _vocabulary(
    {f"day {n}": words for n, words in enumerate(_WEEKDAYS, 1)}
    | {f"month {n}": words for n, words in enumerate(_MONTHS, 1)}
)
DIRECTIONS = _vocabulary({"up": _UP, "down": _DOWN})


def _named(text: str, vocabulary: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(key, word) of each word of `text` in `vocabulary`, in order; a word joined by hyphens
    that is not is looked up part by part ("twenty-six")."""
    found = []
    for word in _WORD.findall(text):
        if word in vocabulary:
            found.append((vocabulary[word], word))
        elif "-" in word:
            found += [(vocabulary[p], p) for p in word.split("-") if p in vocabulary]
    return tuple(found)


def figures(text: str) -> tuple[tuple[str, str], ...]:
    """(value, word) of each figure of (folded) `text` in order, the value written one way:
    "1,000", "1 000", "1000" and "thousand" are "1000"; "3,5" is "3.5"; "six", "sixth" and
    "6th" are "6"; digits of any script are ASCII digits. A figure in digits is its own word."""
    found: list[tuple[str, str]] = []
    for token in _FIGURE_OR_WORD.finditer(_GROUPING.sub("", text)):
        figure = token.group("figure")
        if figure is not None:
            value = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else "." for c in figure)
            found.append((value, value))
        else:
            found += _named(token.group(), NUMBER_WORDS) or _misspelt(token.group())
    return tuple(found)


# The long number words a typo leaves recognisable: "milion" is "million" ("one" and "on",
# "ten" and "tan", "three" and "there" are other words).
_LONG_NUMBERS = {
    word: NUMBER_WORDS[word] for word in ("hundred", "thousand", "million", "billion", "trillion")
}


def _misspelt(word: str) -> list[tuple[str, str]]:
    """(value, word) of a long number word misspelt by one letter ("milion", "thousnad"), if
    `word` is one."""
    if len(word) < 6:
        return []
    return [
        (figure, word)
        for number, figure in _LONG_NUMBERS.items()
        if OSA.distance(word, number, score_cutoff=1) <= 1  # a letter wrong, or two swapped
    ][:1]


def negations(text: str) -> tuple[str, ...]:
    """The negations of (folded) `text` in order: its words of NEGATIONS and English
    contractions ("didn't")."""
    return tuple(
        word
        for word in _WORD.findall(text)
        if word in NEGATIONS or word in UNSPACED_NEGATIONS or word.endswith("n't")
    )


def calendar(text: str) -> tuple[tuple[str, str], ...]:
    """(key, word) of each day of the week and month that (folded) `text` names."""
    return _named(text, CALENDAR)


def directions(text: str) -> tuple[tuple[str, str], ...]:
    """("up" or "down", word) of each word of (folded) `text` giving a direction."""
    return _named(text, DIRECTIONS)


# What a passage must share with its quote, each with what its difference is called and how
# what each has of it is listed.
_ASPECTS: tuple[tuple[str, Callable[[str], tuple], Callable[[tuple], object]], ...] = (
    ("other figures", figures, lambda found: tuple(k for k, _ in found)),
    ("a negation more or fewer", negations, len),
    ("other days or months", calendar, lambda found: tuple(k for k, _ in found)),
    ("another direction of change", directions, lambda found: tuple(k for k, _ in found)),
)


@lru_cache(maxsize=4096)
def statement(text: str) -> tuple:
    """What a passage found fuzzily must share with its quote to say what it says: its
    figures, how many negations (a contraction for a "not" is a typo, a "not" more or fewer is
    not), the days and months it names, and the directions it gives."""
    return tuple(compared(found(text)) for _, found, compared in _ASPECTS)


def difference(quoted: str, there: str) -> tuple[str, str, str]:
    """How a passage says another thing than its quote: (what differs, the quote's, the
    passage's), or ("", "", "") when it does not."""
    for what, found, compared in _ASPECTS:
        mine, theirs = found(quoted), found(there)
        if compared(mine) != compared(theirs):
            return what, _listed(mine), _listed(theirs)
    return "", "", ""


def _listed(found: tuple) -> str:
    words = [item[1] if isinstance(item, tuple) else item for item in found]
    return ", ".join(words) if words else "none"

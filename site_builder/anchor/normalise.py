"""Text normalisation for anchoring, with a map from every normalised character back to the
original, so a passage found in the normalised text is highlighted on the original characters."""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Characters that carry no text: soft hyphen, zero-width space/joiners, word joiner, BOM.
IGNORED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
SINGLE_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4\u2039\u203a\uff07")
# ... and double: curly, guillemets, Chinese and Japanese corner brackets, full-width.
DOUBLE_QUOTES = frozenset(
    "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f\u301d\u301e\u301f\uff02"
)
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# A run of dashes is one dash: "--", as typewriters and plain-text wires write "\u2014", and
# "\u2014" are the same mark.
DASH_RUN = frozenset(DASHES | {"-"})
# Guillemets, written with a space inside in French ("« non »"), typed without one elsewhere.
OPENING_GUILLEMETS = frozenset("\u00ab\u2039")
CLOSING_GUILLEMETS = frozenset("\u00bb\u203a")
# Marks French writes after a space ("Pourquoi ?", "dit-il :"), typed without one elsewhere.
SPACED_MARKS = frozenset(";:!?")
_SPACED_MARK = re.compile(r" [;:!?]")
# Chinese and Japanese, written without spaces between words (ideographs, kana, the iteration
# mark): a character class's body.
UNSPACED = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")


def unspaced(char: str) -> bool:
    """Whether `char` is written without spaces around it (a Chinese or Japanese character)."""
    return _UNSPACED_CHAR.match(char) is not None


# Scripts whose marks are accents or vowel points, written or left out ("é" or "e"): they fold
# away. In kana ("\u30d3" is not "\u30d2"), Devanagari, Thai and others, a mark makes another
# letter, and stays.
ACCENTED_SCRIPTS = frozenset({"LATIN", "GREEK", "ARABIC", "HEBREW"})


def accent(base: str, mark: str) -> bool:
    """Whether `mark`, on the letter `base`, is an accent that folds away."""
    script = unicodedata.name(base, "").partition(" ")[0] if base else ""
    if script in ACCENTED_SCRIPTS:
        return True
    if script == "CYRILLIC":  # only the diaeresis of ё, often left out; й is not и
        return base in "\u0435\u0415" and mark == "\u0308"
    return not base.isalpha()  # a mark on a digit, a symbol or nothing


@lru_cache(maxsize=4096)
def _fold_char(char: str, casefold: bool) -> str | None:
    """What one original character becomes (possibly several characters, or none); None for
    a combining mark on its own, which the letter before it decides."""
    if char in IGNORED:
        return ""
    if char.isspace():
        return " "
    if char in SINGLE_QUOTES:
        return "'"
    if char in DOUBLE_QUOTES:
        return '"'
    if char in DASHES:
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    if unicodedata.combining(decomposed[0]):
        return None
    kept, base = [], ""
    for c in decomposed:
        if not unicodedata.combining(c):
            base = c
        elif accent(base, c):
            continue
        kept.append(c)
    text = "".join(kept)
    if any(c.isspace() for c in text):  # NFKD turns some spaces into spaces, keep it one
        text = " "
    return _casefold(text) if casefold else text


def _casefold(text: str) -> str:
    """`text` case-folded, the Turkish dotless i with the others (KIRMIZI is kırmızı)."""
    return text.casefold().replace("\u0131", "i")


@dataclass(frozen=True)
class NormalisedText:
    """`text` is the normalised form; `origin[i]` is the original index that gave text[i]."""

    text: str
    origin: Sequence[int]  # an array of ints: one per normalised character
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering normalised [start, end), with the marks that
        follow its last character (folded away, as the accent of a decomposed "é")."""
        if end <= start:
            position = self.origin[start] if start < len(self.origin) else len(self.original)
            return position, position
        return self.origin[start], _past_dashes(
            self.original, with_accents(self.original, self.origin[end - 1] + 1)
        )

    def normalised_offset(self, original: int) -> int:
        """The first normalised index whose origin is at or after `original`."""
        return bisect.bisect_left(self.origin, original)


# Runs of printable ASCII other than the backtick, with single spaces between them, normalise to
# themselves (lower-cased when folding case): handled a run at a time, which keeps normalising
# a long article fast.
_PLAIN_RUN = re.compile(r"[!-_a-~]+(?: [!-_a-~]+)*")


def normalise(text: str, casefold: bool = False) -> NormalisedText:
    """Fold typography, white space and Unicode (and case, if asked) keeping the offset map."""
    out: list[str] = []
    origin: list[int] = []
    position = 0
    for run in _PLAIN_RUN.finditer(text):
        _normalise_chars(text, position, run.start(), casefold, out, origin)
        chunk = run.group()
        position = run.end()
        if (
            "--" in chunk
            or (chunk[0] == "-" and out and out[-1].endswith("-"))
            or (chunk[0] in SPACED_MARKS and out and out[-1] == " ")
            or _SPACED_MARK.search(chunk)
        ):
            _normalise_chars(text, run.start(), run.end(), casefold, out, origin)
            continue  # a run of dashes or a spaced mark in it: a character at a time
        out.append(chunk.lower() if casefold else chunk)
        origin.extend(range(run.start(), run.end()))
    _normalise_chars(text, position, len(text), casefold, out, origin)
    joined = "".join(out)
    stripped = joined.rstrip(" ")
    return NormalisedText(stripped, array("l", origin[: len(stripped)]), text)


def casefolded(view: NormalisedText, original: str) -> NormalisedText:
    """The case-folded form of an already normalised text: its offset map is reused when
    folding keeps the length (it does unless the text has a character such as "ß")."""
    folded = _casefold(view.text)
    if len(folded) == len(view.text):
        return NormalisedText(folded, view.origin, view.original)
    return normalise(original, casefold=True)


def _normalise_chars(
    text: str, start: int, end: int, casefold: bool, out: list[str], origin: list[int]
) -> None:
    base = None  # the letter the marks met are on, found once for a run of them
    for index in range(start, end):
        char = text[index]
        folded = _fold_char(char, casefold)
        if folded is None:  # a mark on its own (as in decomposed text): an accent, or a letter's
            if base is None:
                base = letter_before(text, index)
            folded = "" if accent(base, char) else char
        else:
            base = None
        if not folded:
            continue
        if folded == " " and (not out or out[-1].endswith(" ") or _inside_opening(text, origin)):
            continue  # leading white space, or a run of it, folds to nothing or to one space
        if folded == "-" and out and out[-1].endswith("-"):
            continue  # a run of dashes is one dash
        if out and out[-1] == " " and (_closing(text, index) or folded in SPACED_MARKS):
            out.pop()  # "« non »" is "non" in its marks, "Pourquoi ?" is "Pourquoi?"
            origin.pop()
        out.append(folded)
        origin.extend([index] * len(folded))


def _inside_opening(text: str, origin: list[int]) -> bool:
    """Whether the last character kept opens a quotation with a space inside, as French writes
    « non »: a guillemet after a space (in German, »Nein« and Nein« end with one)."""
    at = origin[-1] if origin else -1
    return at >= 0 and text[at] in OPENING_GUILLEMETS and (at == 0 or text[at - 1].isspace())


def _closing(text: str, index: int) -> bool:
    """Whether `text[index]` closes a quotation with a space inside (« non »): a guillemet
    before a space, a punctuation mark or the end (in German, »Nein opens with one)."""
    if text[index] not in CLOSING_GUILLEMETS:
        return False
    after = text[index + 1 : index + 2]
    return not after or not after.isalnum()


def letter_before(text: str, index: int) -> str:
    """The character that the combining marks before `index` are on ("" if none, or if more
    marks than any letter carries come first)."""
    for at in range(index - 1, max(-1, index - 1 - MARKS_AT_MOST), -1):
        if not unicodedata.combining(text[at]):
            return unicodedata.normalize("NFKD", text[at])[0]
    return ""


MARKS_AT_MOST = 32  # on one letter: more is no text (and would make the search quadratic)


def with_accents(text: str, stop: int) -> int:
    """`stop` moved past the accents that follow it in `text` (folded away, as the accent of a
    decomposed "é"), not past a mark that makes another letter (ヒ and its voicing mark are ビ)."""
    base = letter_before(text, stop) if stop < len(text) else ""
    end = min(len(text), stop + MARKS_AT_MOST)
    while stop < end and unicodedata.combining(text[stop]) and accent(base, text[stop]):
        stop += 1
    return stop


def _past_dashes(text: str, stop: int) -> int:
    """`stop` moved past the dashes that follow a dash before it in `text` (a run of dashes
    folds to its first: a passage that ends with it ends with the whole run)."""
    while 0 < stop < len(text) and text[stop] in DASH_RUN and text[stop - 1] in DASH_RUN:
        stop += 1
    return stop


def normalise_quote(text: str, casefold: bool = False) -> str:
    return normalise(text, casefold).text

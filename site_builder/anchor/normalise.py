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
SINGLE_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4")
DOUBLE_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb")
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


@lru_cache(maxsize=4096)
def _fold_char(char: str, casefold: bool) -> str:
    """What one original character becomes (possibly several characters, or none)."""
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
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    if any(c.isspace() for c in text):  # NFKD turns some spaces into spaces, keep it one
        text = " "
    return text.casefold() if casefold else text


@dataclass(frozen=True)
class NormalisedText:
    """`text` is the normalised form; `origin[i]` is the original index that gave text[i]."""

    text: str
    origin: Sequence[int]  # an array of ints: one per normalised character
    original_length: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covering normalised [start, end)."""
        if end <= start:
            position = self.origin[start] if start < len(self.origin) else self.original_length
            return position, position
        return self.origin[start], self.origin[end - 1] + 1

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
        out.append(chunk.lower() if casefold else chunk)
        origin.extend(range(run.start(), run.end()))
        position = run.end()
    _normalise_chars(text, position, len(text), casefold, out, origin)
    joined = "".join(out)
    stripped = joined.rstrip(" ")
    return NormalisedText(stripped, array("l", origin[: len(stripped)]), len(text))


def casefolded(view: NormalisedText, original: str) -> NormalisedText:
    """The case-folded form of an already normalised text: its offset map is reused when
    folding keeps the length (it does unless the text has a character such as "ß")."""
    folded = view.text.casefold()
    if len(folded) == len(view.text):
        return NormalisedText(folded, view.origin, view.original_length)
    return normalise(original, casefold=True)


def _normalise_chars(
    text: str, start: int, end: int, casefold: bool, out: list[str], origin: list[int]
) -> None:
    for index in range(start, end):
        folded = _fold_char(text[index], casefold)
        if not folded:
            continue
        if folded == " " and (not out or out[-1].endswith(" ")):
            continue  # leading white space, or a run of it, folds to nothing or to one space
        out.append(folded)
        origin.extend([index] * len(folded))


def normalise_quote(text: str, casefold: bool = False) -> str:
    return normalise(text, casefold).text

"""Words of a text, as the readers count and compare them (no HTML here: the text reader uses
them without loading the HTML reader's libraries)."""

from __future__ import annotations

import re

from ..anchor.normalise import UNSPACED

# Chinese and Japanese are written without spaces: there a "word" is two characters (about
# the length of a word in either), so their paragraphs count words like any other's.
WORD = re.compile(rf"[{UNSPACED}]{{1,2}}|[^\W{UNSPACED}]+")


def words_of(text: str) -> list[str]:
    """The lower-cased words of `text`, as the comparisons between texts count them."""
    return WORD.findall(text.lower())


def comparable(text: str) -> str:
    """`text` as its words only, to compare two texts whatever their case and punctuation."""
    return " ".join(words_of(text))


def one_line(text: str) -> str:
    """`text` with every run of whitespace made one space, and none at either end."""
    return " ".join(text.split())

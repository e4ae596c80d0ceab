"""Words for comparing text: tokens with their offsets, stop words, and the short keys under
which two spellings of one word (criticised / criticized, hostage / hostages) compare equal."""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever every
    few for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let me more most much must my myself no nor not now of off on once
    only or other our ours ourselves out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon very was we were what when where which while who whom whose why will with within without
    would yet you your yours yourself yourselves s t ve ll re d m don didn doesn isn wasn weren
    won wouldn couldn shouldn ain aren hasn haven hadn
    said says say saying told tell according asked added mr mrs ms dr""".split()
)

# Endings dropped before a word is cut to its key, when at least four letters remain.
_ENDINGS = ("ing", "ed", "es", "s", "ly")
KEY_LENGTH = 6


def words(text: str) -> Iterator[re.Match]:
    """The words of `text` (letters and digits, with inner apostrophes), as regex matches."""
    return WORD.finditer(text)


def plain(word: str) -> str:
    """A word lower-cased, without a possessive ending or apostrophes."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def word_key(word: str) -> str:
    """The key two forms of a word share: 'hostages' and 'hostage' give 'hostag'."""
    word = plain(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:KEY_LENGTH]


def is_content(word: str) -> bool:
    return plain(word) not in STOP_WORDS and len(word) > 1

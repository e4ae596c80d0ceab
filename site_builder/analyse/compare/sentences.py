"""Splitting a source into sentences, block by block, careful with abbreviations ("Mr.",
"U.S.", "Feb.") and initials, and keeping each sentence's offsets into the body text."""

from __future__ import annotations

import re

from ...model import SourceArticle
from .model import Sentence

# Words that end with a full stop but rarely end a sentence: titles, months, states, "No.".
ABBREVIATIONS = frozenset(
    """mr mrs ms dr gov sen rep reps sens gen lt col maj capt sgt adm cmdr prof rev hon pres st
    jr sr supt atty amb gens messrs mt ft no nos vs v approx dept est
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wash wis wyo""".split()
)
# After an acronym such as "U.S." a sentence ends only if one of these words follows.
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there here
    but and or so yet in on at as for if when while after before since although though because
    nothing nobody no not some many most all both each one mr mrs ms what who why how where""".split()
)

# A full stop, question or exclamation mark (or an ellipsis; Arabic's, Urdu's and Devanagari's
# too), with any closing quotes or brackets, then white space, then what may start a sentence: a
# capital (Latin, Greek, Cyrillic), a digit, or a letter of a script without capitals. Chinese
# and Japanese full stops end a sentence wherever they are.
_END = re.compile(
    r"(?:\.\.\.|\u2026|[.!?\u061f\u06d4\u0964])+[\"'\u201d\u2019\u00bb)\]]*"
    r"(?=\s+[\"'\u201c\u2018\u00ab(\[]?[A-Z0-9\u00c0-\u00de\u0391-\u03a9\u0400-\u042f\u0590-\u08ff\u0900-\u0dff])"
    r"|[\u3002\uff01\uff1f]+[\u300d\u300f\uff09\u201d]*"
)
_TOKEN_BEFORE = re.compile(r"([^\s\"'\u201c\u2018(\[]+)$")
_WORD_WINDOW = 64
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEXT_WORD = re.compile(r"\s+[\"'\u201c\u2018(\[]?([^\W\d_]+)")
# '..!" Mr. Calderon told CNBC.': a short attribution after a quoted question or exclamation.
_ATTRIBUTION_AFTER = re.compile(
    r"\s+(?:[A-Z][\w.'\u2019-]*\s+){1,4}(?:said|says|told|asked|added|wrote|tweeted|replied)\b"
)


def split_sentences(source: SourceArticle) -> tuple[Sentence, ...]:
    """The sentences of `source` in order; a sentence never crosses a block boundary."""
    sentences: list[Sentence] = []
    for block_index, (block, offset) in enumerate(
        zip(source.blocks, source.block_starts, strict=True)
    ):
        for start, end in sentence_spans(block.text):
            sentences.append(
                Sentence(
                    source.id,
                    len(sentences),
                    offset + start,
                    offset + end,
                    block_index + 1,
                    block.text[start:end],
                )
            )
    return tuple(sentences)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of one block of text, white space trimmed."""
    spans, start = [], 0
    for match in _END.finditer(text):
        if _ends_sentence(text, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _ends_sentence(text: str, match: re.Match) -> bool:
    if not match.group().startswith("."):
        # "?", "!" and an ellipsis end a sentence when a capital follows, unless a quotation
        # ends there and its attribution follows
        quoted = match.group()[-1] in "\"'\u201d\u2019"
        return not (quoted and _ATTRIBUTION_AFTER.match(text, match.end()))
    # the word before the stop (a word longer than the window is no abbreviation anyway)
    token = _TOKEN_BEFORE.search(text, max(0, match.start() - _WORD_WINDOW), match.start())
    if token is None:
        return True
    word = token.group(1).rsplit("-", 1)[-1]  # "post-Sept." is "Sept."
    if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.isupper()):
        return False  # "Mr. Braley", "Charles E. Grassley"
    if _ACRONYM.fullmatch(word):  # "U.S. Navy" goes on, "the F.B.I. Nothing happened" ends
        following = _NEXT_WORD.match(text, match.end())
        return following is not None and following.group(1).lower() in SENTENCE_STARTERS
    return True

"""The plain data of a cross-source comparison: sentences, links between them, hints."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import SourceArticle


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source: where it is (code point offsets into body_text) and its text."""

    source_id: str
    index: int  # 0-based position in its source
    start: int
    end: int
    paragraph: int  # 1-based block number
    text: str


@dataclass(frozen=True)
class Link:
    """Two sentences, one in each source, that report the same thing."""

    a: Sentence
    b: Sentence
    score: float  # similarity in [0, 1]
    shared: tuple[str, ...]  # the content words both share (the evidence)


@dataclass(frozen=True)
class Hint:
    """A machine-found difference for editors to look at: never a verdict."""

    kind: str  # the name of one of the kinds in `kinds.HINTS`
    summary: str  # one line for people
    places: tuple[tuple[str, int, int], ...]  # (source id, start, end) of each passage involved
    evidence: str  # why it was raised, in words
    values: tuple[str, ...] = ()  # what it found: both spellings, the numbers, the two wordings
    note_id: str = ""  # for unquoted-parallel: the note


@dataclass(frozen=True)
class PairComparison:
    """Two sources of one story compared: sentence links, what each alone carries, hints."""

    a: SourceArticle
    b: SourceArticle
    sentences_a: tuple[Sentence, ...]
    sentences_b: tuple[Sentence, ...]
    links: tuple[Link, ...]
    only_in_a: tuple[Sentence, ...]  # no link to b
    only_in_b: tuple[Sentence, ...]
    hints: tuple[Hint, ...]  # hints concerning this pair

"""The plain data of a cross-source comparison: sentences, links between them, hints."""

from __future__ import annotations

from collections.abc import Callable
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


def _as_written(message: str) -> str:
    return message


@dataclass(frozen=True)
class Quoted:
    """Words of a source as it printed them (a spelling, a number, a sentence), in the
    source's `language` (a tag, or "" when not known), whatever the language of the words
    around them: a page marks them so."""

    text: str
    language: str = ""

    def say(self, gettext: Callable[[str], str] = _as_written) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Figure:
    """A number the analysis worked out (a similarity, a threshold): written "0.27" or "95%"
    in English, as the language of a page writes numbers there ("0,27", "95 %" in French)."""

    value: float
    percent: bool = False

    def say(self, gettext: Callable[[str], str] = _as_written) -> str:
        return f"{self.value:.0%}" if self.percent else f"{self.value:.2f}"

    def __str__(self) -> str:
        return self.say()


def quoted_from(source: SourceArticle, text: str) -> Quoted:
    return Quoted(text, source.metadata.get("language") or "")


def quoted_from_both(a: SourceArticle, b: SourceArticle, text: str) -> Quoted:
    """Words both sources share (their common words): in their language if they have one."""
    first, second = quoted_from(a, text), quoted_from(b, text)
    return first if first.language == second.language else Quoted(text)


@dataclass(frozen=True)
class Said:
    """Words for people: a message of the theme's catalog (English, marked with `N_`) and its
    values by name, each text or words of their own. `str()` gives them in English (as `check`
    prints them); `say(gettext)` in the language of a page."""

    message: str
    values: tuple[tuple[str, Words], ...] = ()

    def say(self, gettext: Callable[[str], str] = _as_written) -> str:
        return gettext(self.message) % {
            name: value if isinstance(value, str) else value.say(gettext)
            for name, value in self.values
        }

    def value(self, name: str) -> Words:
        return dict(self.values)[name]

    def __str__(self) -> str:
        return self.say()


@dataclass(frozen=True)
class Joined:
    """Words of several parts, each text or words of their own, put side by side with
    `separator` between them (punctuation, the same in every language)."""

    separator: str
    parts: tuple[Words, ...]

    def say(self, gettext: Callable[[str], str] = _as_written) -> str:
        return self.separator.join(p if isinstance(p, str) else p.say(gettext) for p in self.parts)

    def __str__(self) -> str:
        return self.say()


def said(message: str, **values: Words) -> Said:
    return Said(message, tuple(values.items()))


Words = str | Quoted | Figure | Said | Joined  # what a message's value is


@dataclass(frozen=True)
class Hint:
    """A machine-found difference for editors to look at: never a verdict."""

    kind: str  # the name of one of the kinds in `kinds.HINTS`
    summary: Said | Joined  # one line for people
    places: tuple[tuple[str, int, int], ...]  # (source id, start, end) of each passage involved
    evidence: Said | Joined  # why it was raised, in words
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

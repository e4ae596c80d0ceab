"""What is worked out once per source before sources are compared: its sentences and their
words, the names it writes, its quotations, its numbers."""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from ...memo import Remembered
from ...model import SourceArticle
from .align import SentenceTerms, sentence_terms
from .model import Sentence
from .names import SourceNames, source_names
from .numbers import NumberMention, find_numbers, keys_of
from .quotes import Quotation, find_quotations
from .sentences import split_sentences


@dataclass(frozen=True)
class SourceAnalysis:
    source: SourceArticle
    sentences: tuple[Sentence, ...]
    terms: tuple[SentenceTerms, ...]
    names: SourceNames
    quotations: tuple[Quotation, ...]
    numbers: tuple[NumberMention, ...]
    number_keys: frozenset
    named: str = ""  # what to call it where its outlet does not tell it apart (see `labelled`)

    @property
    def label(self) -> str:
        """What to call the source in a hint: its outlet, else its id (a name written right to
        left set apart, so that it does not carry the hint's words around it along)."""
        return isolated(self.named or self.source.outlet or self.source.id)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset` (sentences are in order and do not overlap)."""
        at = bisect.bisect_right(self._starts, offset) - 1
        if at >= 0 and offset < self.sentences[at].end:
            return self.sentences[at]
        return None

    @cached_property
    def _starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def paragraph(self, offset: int) -> int:
        return self.source.block_index_at(offset) + 1


# Analyses already made, by source id, outlet and text: a site compares each source in every
# pair it belongs to, and again for the story's hints.
MAX_REMEMBERED = 4096
_MADE: Remembered[SourceAnalysis] = Remembered(MAX_REMEMBERED)


def analysis_key(source: SourceArticle) -> tuple:
    """What a source's analysis is made from: its id, outlet, language and text."""
    language = source.metadata.get("language") or ""
    return (source.id, source.outlet, language, source.text_hash, len(source.blocks))


def analyse(source: SourceArticle) -> SourceAnalysis:
    """A source's analysis, made once per text (remembered for the most recent sources)."""
    made = _MADE.get(analysis_key(source), lambda: _analyse(source))
    return made if made.source is source else replace(made, source=source)


def isolated(text: str) -> str:
    """`text` between Unicode's first-strong isolate and its pop if it holds letters written
    right to left: in a line of English, "not in المملكة “600”" no longer reads "600" first."""
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return "\u2068" + text + "\u2069"
    return text


def outlet_labels(sources: Iterable[SourceArticle]) -> dict[str, str]:
    """What to call each of `sources` (by id): its outlet, else its id; its outlet and id
    ("Fox News (fox-2)") where it shares its outlet with another of them, as "in Fox News;
    not in Fox News" tells nothing."""
    sources = list(sources)
    shared = Counter(s.outlet.casefold() for s in sources if s.outlet)
    return {
        s.id: f"{s.outlet} ({s.id})"
        if s.outlet and shared[s.outlet.casefold()] > 1
        else s.outlet or s.id
        for s in sources
    }


def labelled(analyses: list[SourceAnalysis]) -> list[SourceAnalysis]:
    """`analyses`, each called as `outlet_labels` calls its source among them."""
    names = outlet_labels(a.source for a in analyses)
    return [replace(a, named=names[a.source.id]) for a in analyses]


def _analyse(source: SourceArticle) -> SourceAnalysis:
    sentences = split_sentences(source)
    numbers = tuple(find_numbers(source.body_text, source.metadata.get("language") or ""))
    return SourceAnalysis(
        source,
        sentences,
        tuple(sentence_terms(s) for s in sentences),
        source_names(source, sentences),
        tuple(find_quotations(source)),
        numbers,
        frozenset(keys_of(list(numbers))),
    )

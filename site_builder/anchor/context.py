"""What a note must say for the build to find a passage exactly where an editor chose it.

A passage is a stretch of a source's body text, cut at paragraph breaks: a selection across
paragraphs is one quote whose pieces (one per paragraph) are joined by an ellipsis, which the
anchorer matches piece by piece, in order. Its quote is always the source's own text. When the
bare quote would land elsewhere (or is ambiguous), the note also carries the shortest context,
in whole words of the text around the passage, with which it lands there; a position hint only
when no context up to `MAX_CONTEXT_WORDS` words a side tells the places apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import SourceArticle
from .anchorer import Failure, Match, QuoteAnchorer
from .normalise import unspaced

PIECE_SEPARATOR = " \u2026 "  # between the pieces of a passage that spans paragraphs
MAX_CONTEXT_WORDS = 12  # on each side
MAX_CONTEXT_CHARS = 240


@dataclass(frozen=True)
class Passage:
    """A passage of one source: its spans of body text and the quote that names them."""

    source_id: str
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets, at most one per paragraph

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def quote(self, source: SourceArticle) -> str:
        return PIECE_SEPARATOR.join(source.body_text[s:e] for s, e in self.spans)

    def paragraphs(self, source: SourceArticle) -> list[int]:
        """The 1-based numbers of the paragraphs it touches."""
        return [source.block_index_at(s) + 1 for s, _ in self.spans]


@dataclass(frozen=True)
class Context:
    """What a quote needs besides itself to land on its passage."""

    prefix: str = ""
    suffix: str = ""
    hint: int | None = None


def passage_at(source: SourceArticle, start: int, end: int) -> Passage | None:
    """The passage [start, end) of `source`'s body text, cut at paragraph breaks, each piece
    without the white space at its ends; None when no text is left."""
    text = source.body_text
    start, end = max(0, start), min(len(text), end)
    spans = []
    for block, block_start in zip(source.blocks, source.block_starts, strict=True):
        lo, hi = max(start, block_start), min(end, block_start + len(block.text))
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            spans.append((lo, hi))
    return Passage(source.id, tuple(spans)) if spans else None


def paragraphs_around(source: SourceArticle, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the whole paragraphs that [start, end) touches."""
    first = source.block_index_at(start)
    last = source.block_index_at(max(start, end - 1))
    return source.block_starts[first], source.block_starts[last] + len(source.blocks[last].text)


def find_within(
    source: SourceArticle, quote: str, start: int, end: int
) -> tuple[Passage | None, Failure | None]:
    """Where `quote` (as an editor typed or trimmed it) is in the paragraphs [start, end) touches,
    found as the build finds quotes (exactly, normalised, case-folded, fuzzily)."""
    lo, hi = paragraphs_around(source, start, end)
    first = source.block_index_at(lo)
    last = source.block_index_at(max(lo, hi - 1))
    scope = SourceArticle(source.id, source.path, {}, tuple(source.blocks[first : last + 1]))
    result = QuoteAnchorer(scope).anchor(quote)
    if isinstance(result, Failure):
        return None, result
    spans = []
    for s, e in result.spans:
        passage = passage_at(source, lo + s, lo + e)
        if passage is not None:
            spans.extend(passage.spans)
    return Passage(source.id, tuple(spans)), None


def lands_on(result: Match | Failure, passage: Passage) -> bool:
    """Whether an anchoring result is this passage."""
    return isinstance(result, Match) and covers(result.spans, passage)


def covers(spans: tuple[tuple[int, int], ...], passage: Passage) -> bool:
    """Whether anchored `spans` are the passage: the same ends, every span inside one of the
    passage's, every piece of the passage found (the source's own ellipses may cut a piece)."""
    if not spans or spans[0][0] != passage.start or spans[-1][1] != passage.end:
        return False
    inside = [any(s <= a and b <= e for s, e in passage.spans) for a, b in spans]
    touched = [any(s <= a and b <= e for a, b in spans) for s, e in passage.spans]
    return all(inside) and all(touched)


def context_for(anchorer: QuoteAnchorer, passage: Passage) -> Context | None:
    """The shortest context (fewest words, then fewest characters) with which the anchorer
    lands the passage's quote on the passage; a hint if no context does; None if nothing does."""
    quote = passage.quote(anchorer.source)
    if lands_on(anchorer.anchor(quote), passage):
        return Context()
    text = anchorer.text
    prefixes = [""] + [text[p : passage.start] for p in _word_starts_before(text, passage.start)]
    suffixes = [""] + [text[passage.end : q] for q in _word_ends_after(text, passage.end)]
    tries = sorted(
        (
            (i + j, len(p) + len(s), p, s)
            for i, p in enumerate(prefixes)
            for j, s in enumerate(suffixes)
        ),
        key=lambda t: t[:2],
    )
    for _, _, prefix, suffix in tries[1:]:
        if lands_on(anchorer.anchor(quote, prefix, suffix), passage):
            return Context(prefix, suffix)
    if lands_on(anchorer.anchor(quote, hint=passage.start), passage):
        return Context(hint=passage.start)
    return None


def _between_words(before: str, after: str) -> bool:
    """Whether a word ends between two characters: at a space, and between any two in Chinese or
    Japanese (each of their characters is taken as a word)."""
    return before.isspace() or after.isspace() or unspaced(before) or unspaced(after)


def _word_starts_before(text: str, offset: int) -> list[int]:
    """Where the words before `offset` start, nearest first (the word `offset` is in, first)."""
    starts = []
    p = offset - 1
    floor = max(0, offset - MAX_CONTEXT_CHARS)
    while p >= floor and len(starts) < MAX_CONTEXT_WORDS:
        if not text[p].isspace() and (p == 0 or _between_words(text[p - 1], text[p])):
            starts.append(p)
        p -= 1
    return starts


def _word_ends_after(text: str, offset: int) -> list[int]:
    """Where the words after `offset` end, nearest first (the word `offset` is in, first)."""
    ends = []
    q = offset + 1
    ceiling = min(len(text), offset + MAX_CONTEXT_CHARS)
    while q <= ceiling and len(ends) < MAX_CONTEXT_WORDS:
        if not text[q - 1].isspace() and (q == len(text) or _between_words(text[q - 1], text[q])):
            ends.append(q)
        q += 1
    return ends


def ways_to_pick(anchorer: QuoteAnchorer, places: tuple[tuple[int, int], ...]) -> str:
    """For an ambiguous quote's `places`, what to add to the note to pick each one: the
    shortest context of the article's words around it that tells it apart ("" if none does)."""
    told = []
    for start, end in places:
        passage = passage_at(anchorer.source, start, end)
        context = context_for(anchorer, passage) if passage else None
        if context is None or context == Context():
            continue
        fields = [
            f"{name}: {json.dumps(value, ensure_ascii=False)}"
            for name, value in (  # (the white space next to the quote is not compared)
                ("prefix", context.prefix.rstrip()),
                ("suffix", context.suffix.lstrip()),
            )
            if value
        ] or [f"hint: {context.hint}"]
        told.append(f"  paragraph {passage.paragraphs(anchorer.source)[0]}: " + ", ".join(fields))
    return "to pick one, add under the quote:\n" + "\n".join(told) if told else ""

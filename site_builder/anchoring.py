"""Finding each quoted passage in its source: exactly, then normalised, then case-folded, then
fuzzily within a strict error budget, with prefix, suffix and a position hint to choose among
candidates. Every failure says why and where the closest passage is.

The approach follows the Hypothesis client's TextQuoteSelector anchoring (quote, context and
position scores), with a much smaller error budget, so that a quote that is not in the article
does not "anchor" somewhere anyway.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import edlib
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from .cache import ReadCache
from .contents import Anchor, ClaimNote, Orphan, SourceArticle
from .diagnostics import Diagnostics
from .normalise import NormalisedText, casefolded, normalise

# Weights of the candidate score, as in the anchor system: quote, prefix, suffix.
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT = 50.0, 20.0, 20.0
# Two candidates closer than this in score are not told apart by their context.
DECISIVE_MARGIN = 1.0
# Quotes shorter than this (normalised) must match without edits.
MIN_FUZZY_LENGTH = 12
MAX_CANDIDATES = 8
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.\.\.|\u2026)\s*")
CONTEXT_CHARS = 32


def max_edits(length: int) -> int:
    """The error budget of a quote of `length` normalised characters: about 1 edit in 8."""
    return 0 if length < MIN_FUZZY_LENGTH else length // 8


@dataclass(frozen=True)
class Candidate:
    start: int  # in the level's text (original, normalised or folded)
    end: int
    distance: int


@dataclass(frozen=True)
class Match:
    spans: tuple[tuple[int, int], ...]  # original offsets
    method: str
    score: float
    distance: int


@dataclass(frozen=True)
class Failure:
    kind: str  # "not-found" | "ambiguous" | "empty"
    message: str
    suggestion: str = ""


@dataclass(frozen=True)
class _Level:
    method: str
    text: str
    view: NormalisedText | None  # None for the original text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return (start, end) if self.view is None else self.view.original_span(start, end)

    def from_original(self, offset: int) -> int:
        return offset if self.view is None else self.view.normalised_offset(offset)

    def prepare(self, text: str) -> str:
        if self.view is None:
            return text.strip()
        return normalise(text, casefold=self.method != "normalised").text


class QuoteAnchorer:
    """Anchors quotes in one source; normalises the source's text once, on first need."""

    def __init__(self, source: SourceArticle):
        self.source = source
        self.text = source.body_text

    @cached_property
    def _normalised(self) -> NormalisedText:
        return normalise(self.text)

    @cached_property
    def _folded(self) -> NormalisedText:
        return casefolded(self._normalised, self.text)

    @cached_property
    def _folded_alphabet(self) -> frozenset:
        return frozenset(self._folded.text)

    def levels(self) -> Iterator[_Level]:
        """The texts to search, from the strictest; each normalised only when first needed."""
        yield _Level("exact", self.text, None)
        yield _Level("normalised", self._normalised.text, self._normalised)
        yield self._folded_level()

    def _folded_level(self, method: str = "case-folded") -> _Level:
        return _Level(method, self._folded.text, self._folded)

    # -- public ---------------------------------------------------------------------------

    def anchor(
        self, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
    ) -> Match | Failure:
        """Find `quote`; for a quote with an ellipsis, its pieces in order if not whole."""
        if not normalise(quote).text:
            return Failure("empty", "the quote is empty")
        whole = self._anchor_piece(quote, prefix, suffix, hint)
        if isinstance(whole, Match) and whole.method != "fuzzy":
            return whole
        pieces = [p for p in ELLIPSIS.split(quote.strip()) if p.strip()]
        if len(pieces) < 2:
            return whole
        return self._anchor_pieces(pieces, prefix, suffix, hint) or whole

    # -- one passage ----------------------------------------------------------------------

    def _anchor_piece(
        self,
        quote: str,
        prefix: str,
        suffix: str,
        hint: int | None,
        after: int = 0,
    ) -> Match | Failure:
        for level in self.levels():
            wanted = level.prepare(quote)
            if not wanted:
                continue
            lo = level.from_original(after)
            candidates = _occurrences(level.text, wanted, lo)
            if candidates:
                return self._choose(level, wanted, candidates, prefix, suffix, hint)
        fuzzy = self._folded_level("fuzzy")
        wanted = fuzzy.prepare(quote)
        candidates = self._fuzzy_candidates(wanted, fuzzy.from_original(after))
        if candidates:
            return self._choose(fuzzy, wanted, candidates, prefix, suffix, hint)
        return self._not_found(wanted)

    def _fuzzy_candidates(self, wanted: str, lo: int) -> list[Candidate]:
        budget = max_edits(len(wanted))
        if budget == 0:
            return []
        target = self._folded.text[lo:]
        if len(self._folded_alphabet | set(wanted)) > 255:
            target = _fold_alphabet(target, wanted)  # edlib takes at most 256 symbols
        found: list[Candidate] = []
        while len(found) < MAX_CANDIDATES:
            result = edlib.align(wanted, target, mode="HW", task="locations", k=budget)
            if result["editDistance"] < 0:
                break
            clusters = _cluster(result["locations"], len(wanted))
            for start, end in clusters:
                candidate = _refine_ends(wanted, self._folded.text, lo + start, lo + end, budget)
                if not any(candidate.start < c.end and c.start < candidate.end for c in found):
                    found.append(candidate)
                target = target[:start] + "\0" * (end - start) + target[end:]
        return found

    def _choose(
        self,
        level: _Level,
        wanted: str,
        candidates: list[Candidate],
        prefix: str,
        suffix: str,
        hint: int | None,
    ) -> Match | Failure:
        prefix_n = level.prepare(prefix) if prefix else ""
        suffix_n = level.prepare(suffix) if suffix else ""
        scored = sorted(
            ((self._score(level, c, wanted, prefix_n, suffix_n), c) for c in candidates),
            key=lambda pair: (-pair[0], pair[1].start),
        )
        best_score = scored[0][0]
        contenders = [c for score, c in scored if score >= best_score - DECISIVE_MARGIN]
        if len(contenders) > 1:
            fewest = min(c.distance for c in contenders)
            contenders = [c for c in contenders if c.distance == fewest]
        if len(contenders) > 1 and hint is not None:
            contenders = _nearest(contenders, level.from_original(hint))
        if len(contenders) > 1:
            return self._ambiguous(level, wanted, contenders)
        chosen = contenders[0]
        span = level.to_original(chosen.start, chosen.end)
        similarity = 1.0 - chosen.distance / max(len(wanted), 1)
        return Match((span,), level.method, round(similarity, 4), chosen.distance)

    @staticmethod
    def _score(level: _Level, c: Candidate, wanted: str, prefix: str, suffix: str) -> float:
        score = QUOTE_WEIGHT * (1.0 - c.distance / max(len(wanted), 1))
        if prefix:
            before = level.text[max(0, c.start - len(prefix)) : c.start]
            score += PREFIX_WEIGHT * fuzz.ratio(prefix, before) / 100.0
        if suffix:
            after = level.text[c.end : c.end + len(suffix)]
            score += SUFFIX_WEIGHT * fuzz.ratio(suffix, after) / 100.0
        return score

    # -- ellipses -------------------------------------------------------------------------

    def _anchor_pieces(
        self, pieces: list[str], prefix: str, suffix: str, hint: int | None
    ) -> Match | None:
        spans, methods, scores, distance, after = [], [], [], 0, 0
        for i, piece in enumerate(pieces):
            first, last = i == 0, i == len(pieces) - 1
            result = self._anchor_piece(
                piece,
                prefix if first else "",
                suffix if last else "",
                hint if first else after,
                after=after,
            )
            if not isinstance(result, Match):
                return None
            spans.extend(result.spans)
            methods.append(result.method)
            scores.append(result.score)
            distance += result.distance
            after = result.spans[-1][1]
        order = ["exact", "normalised", "case-folded", "fuzzy"]
        method = max(methods, key=order.index)
        return Match(tuple(spans), method, min(scores), distance)

    # -- explaining failures --------------------------------------------------------------

    def _ambiguous(self, level: _Level, wanted: str, candidates: list[Candidate]) -> Failure:
        places = []
        for c in sorted(candidates, key=lambda c: c.start):
            start, end = level.to_original(c.start, c.end)
            places.append(self.describe_place(start, end))
        return Failure(
            "ambiguous",
            f"ambiguous: the quote matches {len(candidates)} places equally well "
            "(add prefix/suffix, or a position hint)",
            "candidates:\n" + "\n".join(places),
        )

    def _not_found(self, wanted: str) -> Failure:
        folded = self._folded
        target = folded.text
        if len(self._folded_alphabet | set(wanted)) > 255:
            target = _fold_alphabet(target, wanted)
        result = edlib.align(wanted, target, mode="HW", task="locations")
        if result["editDistance"] < 0 or not result["locations"]:
            return Failure("not-found", "not found: the source has no text to match")
        start, end = result["locations"][0]
        o_start, o_end = _whole_words(self.text, *folded.original_span(start, end + 1))
        distance = result["editDistance"]
        similarity = 100.0 * (1 - distance / max(len(wanted), 1))
        budget = max_edits(len(wanted))
        return Failure(
            "not-found",
            f"not found: the closest passage is {distance} edit(s) away "
            f"({similarity:.0f}% similar; at most {budget} allowed for a quote this long)",
            "closest passage: " + self.describe_place(o_start, o_end, context=0),
        )

    def describe_place(self, start: int, end: int, context: int = CONTEXT_CHARS) -> str:
        """'¶4: “…words before [the passage] words after…”' for messages."""
        block = self.source.block_index_at(start)
        paragraph_start = self.source.block_starts[block]
        paragraph_end = self.text.find("\n\n", end)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        paragraph = block + 1
        text = self.text
        before = text[max(paragraph_start, start - context) : start]
        after = text[end : min(paragraph_end, end + context)]
        passage = text[start:end].replace("\n", " ")
        if context:
            lead = "\u2026" if start - len(before) > paragraph_start else ""
            tail = "\u2026" if end + len(after) < paragraph_end else ""
            return f"  paragraph {paragraph}: {lead}{before}[{passage}]{after}{tail}"
        return f"paragraph {paragraph}: \u201c{passage}\u201d"


def _occurrences(text: str, wanted: str, lo: int) -> list[Candidate]:
    found, start = [], text.find(wanted, lo)
    while start >= 0 and len(found) <= MAX_CANDIDATES:
        found.append(Candidate(start, start + len(wanted), 0))
        start = text.find(wanted, start + 1)
    return found


def _cluster(locations: list, length: int) -> list[tuple[int, int]]:
    """Overlapping locations are one passage: keep the one whose length is nearest the quote's."""
    spans = sorted((start, end + 1) for start, end in locations if start is not None)
    clusters: list[list[tuple[int, int]]] = []
    for span in spans:
        if clusters and span[0] < max(e for _, e in clusters[-1]):
            clusters[-1].append(span)
        else:
            clusters.append([span])
    return [min(group, key=lambda s: (abs((s[1] - s[0]) - length), s[0])) for group in clusters]


def _refine_ends(wanted: str, text: str, start: int, end: int, budget: int) -> Candidate:
    """Move a fuzzy match's ends to the word boundaries that keep most of the quote's words.

    Character edits alone cannot place the ends of a quote that dropped a word next to one of
    them: "swap the short edge word for part of the next one" costs fewer edits than restoring
    the word. Among boundaries near the match, within the budget, the span sharing the most
    words with the quote wins, then the fewest edits, then the nearest length.
    """
    reach = 2 * budget
    starts = {start} | {
        p
        for p in range(max(0, start - reach), min(len(text), start + reach) + 1)
        if p == 0 or text[p - 1] == " "
    }
    ends = {end} | {
        q
        for q in range(max(0, end - reach), min(len(text), end + reach) + 1)
        if q == len(text) or text[q] == " "
    }
    words = wanted.split()
    best = None
    for p in starts:
        for q in ends:
            if q - p < len(wanted) - budget or q - p > len(wanted) + budget:
                continue
            distance = Levenshtein.distance(wanted, text[p:q], score_cutoff=budget)
            if distance > budget:
                continue
            key = (
                -LCSseq.similarity(words, text[p:q].split()),
                distance,
                abs(q - p - len(wanted)),
                p,
            )
            if best is None or key < best[0]:
                best = (key, Candidate(p, q, distance))
    return best[1] if best else Candidate(start, end, Levenshtein.distance(wanted, text[start:end]))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, for showing a passage."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _nearest(candidates: list[Candidate], position: int) -> list[Candidate]:
    distances = [abs(c.start - position) for c in candidates]
    best = min(distances)
    return [c for c, d in zip(candidates, distances, strict=True) if d == best]


def _fold_alphabet(target: str, wanted: str) -> str:
    """Map every character the quote lacks to one symbol: it can match nothing either way."""
    keep = set(wanted)
    return "".join(ch if ch in keep else "\0" for ch in target)


def word_difference(quoted: str, found: str) -> str:
    """'-Berl +Berel': how the quote differs from the passage it matched, word by word."""
    a, b = quoted.split(), found.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            changes.append("-" + " ".join(a[i1:i2]))
        if op in ("insert", "replace"):
            changes.append("+" + " ".join(b[j1:j2]))
    return " ".join(changes)


def anchor_notes(
    sources: list[SourceArticle],
    notes: list[ClaimNote],
    diags: Diagnostics,
    orphans_allowed: bool = False,
    strict: bool = False,
    cache: ReadCache | None = None,
) -> tuple[list[Anchor], list[Orphan]]:
    """Anchor every quote of every note. Problems go to `diags`; orphans are kept if allowed.
    With a `cache`, a quote already anchored in the same source text is not searched again."""
    anchorers = {source.id: _anchorer(source, cache) for source in sources}
    results = cache.anchor_results if cache is not None else {}
    anchors: list[Anchor] = []
    orphans: list[Orphan] = []
    for note in notes:
        hashes = tuple(
            anchorers[q.source].source.text_hash for q in note.quotes if q.source in anchorers
        )
        memo_key = (note.id, orphans_allowed, strict)
        memo = cache.notes_anchored.get(memo_key) if cache is not None else None
        if memo is not None and memo[0] is note and memo[1] == hashes:
            anchors.extend(memo[2])
            orphans.extend(memo[3])
            diags.items.extend(memo[4])
            continue
        first_anchor, first_orphan, first_item = len(anchors), len(orphans), len(diags.items)
        _anchor_note(
            note, anchorers, results, cache, diags, anchors, orphans, orphans_allowed, strict
        )
        if cache is not None:
            cache.notes_anchored[memo_key] = (
                note,
                hashes,
                anchors[first_anchor:],
                orphans[first_orphan:],
                diags.items[first_item:],
            )
    return anchors, orphans


def _anchor_note(
    note: ClaimNote,
    anchorers: dict[str, QuoteAnchorer],
    results: dict,
    cache: ReadCache | None,
    diags: Diagnostics,
    anchors: list[Anchor],
    orphans: list[Orphan],
    orphans_allowed: bool,
    strict: bool,
) -> None:
    """Anchor each quote of one note, appending to `anchors`, `orphans` and `diags`."""
    for number, ref in enumerate(note.quotes, start=1):
        anchorer = anchorers.get(ref.source)
        if anchorer is None:
            continue  # an unknown source id was reported when the note was read
        key = (anchorer.source.text_hash, ref.quote, ref.prefix, ref.suffix, ref.hint)
        result = results.get(key)
        if result is None:
            result = results[key] = anchorer.anchor(ref.quote, ref.prefix, ref.suffix, ref.hint)
        if isinstance(result, Failure):
            message = f"quote {number} in source {ref.source!r}: {result.message}"
            detail = f"quote: \u201c{ref.quote}\u201d\n{result.suggestion}".rstrip()
            if orphans_allowed:
                diags.warning(note.path, ref.line, message + " (left as an orphan)", detail)
                orphans.append(Orphan(note.id, number, ref.source, result.message))
            else:
                diags.error(note.path, ref.line, message, detail)
            continue
        anchor = _anchor(cache, note.id, number, ref.source, result, key)
        anchors.append(anchor)
        if result.method == "fuzzy":
            found = " \u2026 ".join(anchorer.text[s:e] for s, e in result.spans)
            report = diags.error if strict else diags.warning
            report(
                note.path,
                ref.line,
                f"quote {number} in source {ref.source!r} matched only fuzzily "
                f"({result.distance} edit(s), similarity {result.score:.2f})",
                f"the article has: \u201c{found}\u201d\n"
                f"difference: {word_difference(ref.quote, found)}",
            )


def _anchor(
    cache: ReadCache | None, note_id: str, number: int, source_id: str, result: Match, key: tuple
) -> Anchor:
    """The Anchor of a quote; with a cache, the same object as last build when nothing changed
    (so that comparing two builds is cheap)."""
    if cache is None:
        return Anchor(
            note_id, number, source_id, result.spans, result.method, result.score, result.distance
        )
    full_key = (note_id, number, source_id, *key)
    anchor = cache.anchors.get(full_key)
    if anchor is None:
        anchor = cache.anchors[full_key] = Anchor(
            note_id, number, source_id, result.spans, result.method, result.score, result.distance
        )
    return anchor


def _anchorer(source: SourceArticle, cache: ReadCache | None) -> QuoteAnchorer:
    """One anchorer per source text: it keeps the text's normalised forms between builds."""
    if cache is None:
        return QuoteAnchorer(source)
    anchorer = cache.anchorers.get(source.text_hash)
    if anchorer is None or anchorer.source.id != source.id:
        anchorer = cache.anchorers[source.text_hash] = QuoteAnchorer(source)
    return anchorer

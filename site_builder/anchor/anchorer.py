"""Finding each quoted passage in its source: exactly, then normalised, then case-folded, then
fuzzily within a strict error budget, with prefix, suffix and a position hint to choose among
candidates. Every failure says why and where the closest passage is.

The approach follows the Hypothesis client's TextQuoteSelector anchoring (quote, context and
position scores), with a much smaller error budget, so that a quote that is not in the article
does not "anchor" somewhere anyway.
"""

from __future__ import annotations

import bisect
import difflib
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import edlib
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from ..model import SourceArticle
from .facts import difference, statement
from .normalise import (
    DOUBLE_QUOTES,
    NormalisedText,
    accent,
    casefolded,
    letter_before,
    normalise,
    normalise_quote,
    unspaced,
    with_accents,
)

# Weights of the candidate score, as in the anchor system: quote, prefix, suffix.
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT = 50.0, 20.0, 20.0
# Two candidates closer than this in score are not told apart by their context.
DECISIVE_MARGIN = 1.0
# Quotes shorter than this (normalised) must match without edits.
MIN_FUZZY_LENGTH = 12
MAX_CANDIDATES = 8
# An ellipsis: three dots or more, spaced or not (". . ."), its sign, or either in brackets.
ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\.\.|\u2026)\s*\]|\.(?:\s?\.){2,}|\u2026\.?)\s*")
# Quotation marks an editor put around a whole quote (the article has them, or not): those
# that open, those that close, and those that do either (straight, by where they stand).
ENCLOSING_MARKS = frozenset(DOUBLE_QUOTES | {'"'})
OPENING_MARKS = frozenset("\u201c\u201e\u201f\u00ab\u300c\u300e\u301d")
CLOSING_MARKS = frozenset("\u201d\u00bb\u300d\u300f\u301e\u301f")
# What ends a statement, or runs it on, at either end of a quote (not "?" or "!": a question
# or an exclamation is not the statement).
END_PUNCTUATION = ".,;:\u3002\uff0c\u3001\uff1b\uff1a"
# An editor's changes to the words of a quote, marked as style guides mark them: "[sic]" after
# an error kept as printed; letters in brackets for letters changed ("[T]he"); words in
# brackets added, or put in the place of the article's ("he [Putin] said").
SIC = re.compile(r"\s*\[\s*sic\s*!?\s*\]|\s*\(\s*sic\s*!?\s*\)", re.IGNORECASE)  # or "(sic)"
# "[emphasis added]" (or "(emphasis mine)"): the words set in *italics* or **bold** are the
# article's, the marks the editor's.
EMPHASIS_ADDED = re.compile(
    r"\s*[\[(]\s*emphasis\s+(?:added|mine|ours|supplied)\s*[\])]", re.IGNORECASE
)
EMPHASIS = re.compile(
    r"(\*{1,2})(?=\S)(.+?)(?<=\S)\1"  # *italics*, **bold**
    r"|(?<!\w)(_{1,2})(?=\S)(.+?)(?<=\S)\3(?!\w)"  # _italics_, __bold__ (not in snake_case)
)
BRACKETED = re.compile(r"\[[^\[\]]*\](?:['\u2019]s\b)?")  # "[Putin]'s" stands for "his"
# At most this many characters of the article stand where a quote has words in brackets.
INSERTION_GAP = 60
# A quote cut in more places than this by words in brackets is looked for whole, fuzzily.
MAX_CUTS = 8
CONTEXT_CHARS = 32
# A prefix or suffix less similar than this to the article's words around the passage is told
# (a typo in it is not; a word changed, "praised" for "accused", is).
CONTEXT_SIMILAR = 90
# What ends a dateline after its last word: its dash (after a full stop or an agency's bracket).
DATELINE_END = r"[\s.)]*[\-\u2010-\u2015\u2212]+\s*"


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
    places: tuple[tuple[int, int], ...] = ()  # ambiguous: [start, end) of each place shown


@dataclass(frozen=True)
class _Level:
    method: str
    text: str
    view: NormalisedText | None  # None for the original text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.view is None:  # the exact text: with the accents after its last letter
            return start, with_accents(self.text, end) if end > start else end
        return self.view.original_span(start, end)

    def from_original(self, offset: int) -> int:
        return offset if self.view is None else self.view.normalised_offset(offset)

    def cuts_a_figure(self, candidate: Candidate) -> bool:
        """Whether `candidate` cuts a figure as the article prints it ("84 000" with a thin
        space is one figure, which the folded text makes two)."""
        original = self.text if self.view is None else self.view.original
        return cuts_a_figure(original, *self.to_original(candidate.start, candidate.end))

    def prepare(self, text: str) -> str:
        """A quote (or its context) as this level reads it: past the exact text, with its
        character references as their characters (`&amp;`, `&#8217;`: copied from a page's
        source or a content system)."""
        if self.view is None:
            return text.strip()
        text = html.unescape(text) if "&" in text else text
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

    @cached_property
    def _dateline(self) -> re.Pattern | None:
        """The dateline set aside from the first paragraph ("WASHINGTON —"), as a quote may
        start with it: its words in order, then its dash, whatever the spaces and marks between."""
        for item in self.source.set_aside:
            words = re.findall(r"\w+", item.text) if item.reason == "dateline" else ()
            if words:
                pattern = r"\W+".join(map(re.escape, words)) + DATELINE_END
                return re.compile(r"\s*" + pattern)
        return None

    def levels(self) -> Iterator[_Level]:
        """The texts to search, from the strictest; each normalised only when first needed."""
        yield _Level("exact", self.text, None)
        yield _Level("normalised", self._normalised.text, self._normalised)
        yield self._folded_level()

    def _folded_level(self, method: str = "case-folded") -> _Level:
        return _Level(method, self._folded.text, self._folded)

    # -- public ---------------------------------------------------------------------------

    def anchor(
        self,
        quote: str,
        prefix: str = "",
        suffix: str = "",
        hint: int | None = None,
        fuzzy: bool = True,
    ) -> Match | Failure:
        """Find `quote`; for a quote with an ellipsis, its pieces in order if not whole; for
        one an editor altered (`edited_parts`), as the article printed it; for one in
        quotation marks or with a full stop of the editor's, without them. A quote opening
        with the article's dateline is found without it, as the article is read without it.
        Without `fuzzy`, only as written (typography and case aside), and a quote not found
        so is not explained (no search for the closest passage)."""
        bare = _bare(quote)
        return _rather(
            self._anchor_quote(quote, prefix, suffix, hint, fuzzy),  # the article's own marks?
            None if bare is None else lambda: self._anchor_quote(bare, prefix, suffix, hint, fuzzy),
        )

    def _anchor_quote(
        self, quote: str, prefix: str, suffix: str, hint: int | None, fuzzy: bool
    ) -> Match | Failure:
        dateline = self._dateline.match(quote) if self._dateline else None
        if dateline and normalise(quote[dateline.end() :]).text:
            quote = quote[dateline.end() :]
        if not normalise(quote).text:
            return Failure("empty", "the quote is empty")
        whole = self._anchor_piece(quote, prefix, suffix, hint, fuzzy=fuzzy)
        if isinstance(whole, Match) and whole.method != "fuzzy":
            return whole
        pieces = [p for p in ELLIPSIS.split(quote.strip()) if p.strip()]
        if len(pieces) > 1:
            found = self._anchor_pieces(pieces, prefix, suffix, hint, fuzzy)
            if found is None and isinstance(whole, Failure) and fuzzy:
                return self._pieces_failure(pieces, prefix, suffix, hint) or whole
            return found or whole
        return _rather(  # the article may print the brackets itself
            whole,
            None
            if edited_parts(quote) is None
            else lambda: self._anchor_edited(quote, prefix, suffix, hint, fuzzy=fuzzy),
        )

    def context_mismatches(
        self, match: Match, prefix: str, suffix: str
    ) -> list[tuple[str, str, str]]:
        """The context a note gives that is not what surrounds the passage found: (which,
        given, what the article has there) for a prefix or suffix that does not come close.
        A quote found once needs no context to be found, so wrong context would pass unseen
        until an edit made it choose."""
        start, end = match.spans[0][0], match.spans[-1][1]
        found = []
        for which, given, around in (
            ("prefix", prefix, self.text[max(0, start - len(prefix) - 16) : start]),
            ("suffix", suffix, self.text[end : end + len(suffix) + 16]),
        ):
            wanted = normalise_quote(given, casefold=True).strip()
            if (
                wanted
                and fuzz.partial_ratio(wanted, normalise_quote(around, True)) < CONTEXT_SIMILAR
            ):
                if which == "prefix":  # as long as the context given, in whole words
                    lo, hi = _whole_words(self.text, max(0, start - len(given)), start)[0], start
                else:
                    lo, hi = (
                        end,
                        _whole_words(self.text, end, min(len(self.text), end + len(given)))[1],
                    )
                found.append((which, given, " ".join(self.text[lo:hi].split())))
        return found

    # -- one passage ----------------------------------------------------------------------

    def _anchor_piece(
        self,
        quote: str,
        prefix: str,
        suffix: str,
        hint: int | None,
        after: int = 0,
        fuzzy: bool = True,
    ) -> Match | Failure:
        for level in self.levels():
            wanted = level.prepare(quote)
            if not wanted:
                continue
            lo = level.from_original(after)
            candidates = _occurrences(level, wanted, lo)
            if candidates:
                return self._choose(level, wanted, candidates, prefix, suffix, hint)
        if not fuzzy:
            return Failure("not-found", "not found as written")
        return self._anchor_fuzzily(quote, prefix, suffix, hint, after)

    def _anchor_fuzzily(
        self, quote: str, prefix: str, suffix: str, hint: int | None, after: int
    ) -> Match | Failure:
        fuzzy = self._folded_level("fuzzy")
        wanted = fuzzy.prepare(quote)
        candidates = self._fuzzy_candidates(wanted, fuzzy.from_original(after))
        says = statement(wanted)
        candidates = [c for c in candidates if not fuzzy.cuts_a_figure(c)]
        same = [c for c in candidates if statement(fuzzy.text[c.start : c.end]) == says]
        if same:
            return self._choose(fuzzy, wanted, same, prefix, suffix, hint)
        if candidates:
            return self._other_statement(fuzzy, wanted, min(candidates, key=lambda c: c.distance))
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
                candidate = self._fuzzy_candidate(wanted, lo + start, lo + end, budget)
                if candidate is not None and not any(
                    candidate.start < c.end and c.start < candidate.end for c in found
                ):
                    found.append(candidate)
                target = target[:start] + "\0" * (end - start) + target[end:]
        return found

    def _fuzzy_candidate(self, wanted: str, start: int, end: int, budget: int) -> Candidate | None:
        """The passage a fuzzy match at [start, end) of the folded text stands for: its ends
        moved to word boundaries (`_refine_ends`), within one paragraph unless the quote's own
        words are in each paragraph it runs over (a photo credit copied after its caption is
        not the first words of the next paragraph); None if no such passage is in the budget."""
        text = self._folded.text
        candidate = _refine_ends(wanted, text, start, end, budget)
        if candidate is None:
            return None
        starts, ends = self._folded_blocks
        first = bisect.bisect_right(starts, candidate.start) - 1
        last = bisect.bisect_right(starts, max(candidate.start, candidate.end - 1)) - 1
        if first == last:
            return candidate
        words = set(WORD.findall(wanted))
        parts = range(max(first, 0), last + 1)
        if all(
            _shares_a_word(
                words,
                WORD.findall(text[max(candidate.start, starts[i]) : min(candidate.end, ends[i])]),
            )
            for i in parts
        ):
            return candidate
        most = max(
            parts, key=lambda i: min(candidate.end, ends[i]) - max(candidate.start, starts[i])
        )
        return _refine_ends(
            wanted,
            text,
            max(candidate.start, starts[most]),
            min(candidate.end, ends[most]),
            budget,
            limits=(starts[most], ends[most]),
        )

    @cached_property
    def _folded_blocks(self) -> tuple[list[int], list[int]]:
        """Where each block of the article starts and ends in the folded text."""
        offset = self._folded.normalised_offset
        spans = zip(self.source.block_starts, self.source.blocks, strict=True)
        return (
            [offset(start) for start in self.source.block_starts],
            [offset(start + len(block.text)) for start, block in spans],
        )

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
        if len(contenders) > 1 and (prefix_n or suffix_n):
            # Context that matches to the letter beats context that nearly does, however long.
            exact = [c for c in contenders if _context_is(level.text, c, prefix_n, suffix_n)]
            contenders = exact if len(exact) == 1 else contenders
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

    # -- a quote an editor altered --------------------------------------------------------

    def _anchor_edited(
        self,
        quote: str,
        prefix: str,
        suffix: str,
        hint: int | None,
        after: int = 0,
        fuzzy: bool = True,
    ) -> Match | Failure:
        """Find `quote` as the article printed it, an editor's changes to it undone: words
        in brackets stand for what the article has there (nothing, or a few words). What a
        quote so changed does not find is looked for fuzzily without its bracketed words."""
        parts = edited_parts(quote)
        if parts is None:
            return self._anchor_piece(quote, prefix, suffix, hint, after, fuzzy)
        if not parts:
            return Failure("empty", "the quote is empty once its words in brackets are left out")
        joined = " ".join(parts)
        if len(parts) == 1:
            return self._anchor_piece(joined, prefix, suffix, hint, after, fuzzy)
        found = self._anchor_piece(joined, prefix, suffix, hint, after, fuzzy=False)
        if isinstance(found, Match) or found.kind == "ambiguous":
            return found
        found = self._anchor_gapped(parts, prefix, suffix, hint, after)
        if found is not None:
            return found
        return self._anchor_piece(joined, prefix, suffix, hint, after, fuzzy)

    def _anchor_gapped(
        self, parts: list[str], prefix: str, suffix: str, hint: int | None, after: int
    ) -> Match | Failure | None:
        """The passage of the article that holds `parts` in order, each next to the last but
        for a few words between them (what the quote's bracketed words stand for), as written,
        typography or case aside; at each place, the one with the fewest words between."""
        if len(parts) > MAX_CUTS + 1:
            return None
        for level in self.levels():
            wanted = [level.prepare(part) for part in parts]
            if not all(wanted):
                continue
            text, lo = level.text, level.from_original(after)
            chains = [((c.start, c.end),) for c in _occurrences(level, wanted[0], lo)]
            for part in wanted[1:]:
                nearest: dict[int, tuple[tuple[int, int], ...]] = {}  # by the part's start
                for chain in sorted(chains, key=lambda chain: chain[-1][1]):
                    start = _next_piece(text, part, chain[-1][1])
                    if start >= 0:  # (a later chain is nearer: fewer words between)
                        nearest[start] = (*chain, (start, start + len(part)))
                chains = list(nearest.values())
            if chains:
                candidates = [Candidate(c[0][0], c[-1][1], 0) for c in chains]
                return self._choose(level, " ".join(wanted), candidates, prefix, suffix, hint)
        return None

    # -- ellipses -------------------------------------------------------------------------

    def _anchor_pieces(
        self, pieces: list[str], prefix: str, suffix: str, hint: int | None, fuzzy: bool = True
    ) -> Match | None:
        spans, methods, scores, distance, after = [], [], [], 0, 0
        for i, piece in enumerate(pieces):
            first, last = i == 0, i == len(pieces) - 1
            result = self._anchor_edited(
                piece,
                prefix if first else "",
                suffix if last else "",
                hint if first else after,
                after=after,
                fuzzy=fuzzy,
            )
            if isinstance(result, Failure) and result.kind == "ambiguous" and not last:
                # "Moscow is in contact ... wing of Hamas": the place of a piece that occurs
                # twice is the one nearest the next piece
                following = self._anchor_edited(
                    pieces[i + 1], "", "", None, after=after, fuzzy=fuzzy
                )
                if isinstance(following, Match):
                    result = self._anchor_edited(
                        piece,
                        prefix if first else "",
                        "",
                        following.spans[0][0],
                        after=after,
                        fuzzy=fuzzy,
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

    def _pieces_failure(
        self, pieces: list[str], prefix: str, suffix: str, hint: int | None
    ) -> Failure | None:
        """Why a quote cut by an ellipsis is not found, told of its first piece that is not:
        not in the article, or only before the piece it follows (an editor's pieces out of
        the article's order). The closest passage to the whole quote says neither."""
        found = None
        for count in range(1, len(pieces) + 1):
            last = count == len(pieces)
            result = self._anchor_pieces(pieces[:count], prefix, suffix if last else "", hint)
            if result is None:
                break
            found = result
        else:
            return None
        piece = pieces[count - 1]
        which = f"piece {count} of {len(pieces)}, \u201c{piece.strip()}\u201d"
        anywhere = self._anchor_edited(piece, "", "", None)
        if found is not None and isinstance(anywhere, Match):
            place = self.describe_place(anywhere.spans[0][0], anywhere.spans[-1][1], context=0)
            return Failure(
                "not-found",
                f"not found: {which}, is in the article only before piece {count - 1}",
                f"{place}\nthe pieces of a quote cut by an ellipsis are found in the "
                "article's order: put them in it, or make two quotes",
            )
        if isinstance(anywhere, Failure) and anywhere.kind == "not-found":
            return Failure(
                "not-found",
                f"not found: {which}: {anywhere.message.removeprefix('not found: ')}",
                anywhere.suggestion,
            )
        return None

    def _ambiguous(self, level: _Level, wanted: str, candidates: list[Candidate]) -> Failure:
        shown = [
            level.to_original(c.start, c.end)
            for c in sorted(candidates, key=lambda c: c.start)[:MAX_CANDIDATES]
        ]
        places = [self.describe_place(start, end) for start, end in shown]
        if len(candidates) > MAX_CANDIDATES:
            places.append(f"  and {len(candidates) - MAX_CANDIDATES} more")
        return Failure(
            "ambiguous",
            f"ambiguous: the quote matches {len(candidates)} places equally well "
            "(add prefix/suffix, or a position hint)",
            "candidates:\n" + "\n".join(places),
            tuple(shown),
        )

    def _other_statement(self, level: _Level, wanted: str, near: Candidate) -> Failure:
        """A passage within the budget of edits that says another thing than its quote (see
        `facts`): "6th" for "7th", "did not" for "did", "fell" for "rose"."""
        start, end = level.to_original(near.start, near.end)
        what, quoted, found = difference(wanted, level.text[near.start : near.end])
        return Failure(
            "not-found",
            f"not found: the closest passage has {what} (the quote: {quoted}; the article: {found})",
            "closest passage: " + self.describe_place(start, end, context=0),
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
        budget = max_edits(len(wanted))
        if 0 < distance <= budget:  # within the budget, but cutting a word: how far are words?
            whole = _refine_ends(wanted, folded.text, start, end + 1, min(3 * budget + 3, 60))
            if whole is not None:
                distance = whole.distance
                o_start, o_end = folded.original_span(whole.start, whole.end)
        similarity = 100.0 * (1 - distance / max(len(wanted), 1))
        cut = _figures_cut(self.text, *folded.original_span(start, end + 1))
        if distance == 0 and cut:
            return Failure(
                "not-found",
                f"not found: the article has its figures only as part of longer ones ({cut}); "
                "a quote gives each figure whole",
                "closest passage: " + self.describe_place(o_start, o_end, context=0),
            )
        if distance == 0:  # there, but as part of letters: "ки" in "кй", ヒ in ビ
            return Failure(
                "not-found",
                "not found: the article has these letters only as part of others (a mark "
                "after one makes it another letter)",
                "closest passage: " + self.describe_place(o_start, o_end, context=0),
            )
        if distance <= budget:  # within the budget, but not a passage a quote can be
            why = (
                "cuts a figure"
                if _figures_cut(self.text, o_start, o_end)
                else "runs over a paragraph's end with none of the quote's words on one side"
            )
            return Failure(
                "not-found",
                f"not found: the closest passage, {distance} edit(s) away, {why}",
                "closest passage: " + self.describe_place(o_start, o_end, context=0),
            )
        return Failure(
            "not-found",
            f"not found: the closest passage is {distance} edit(s) away "
            f"({similarity:.0f}% similar; at most {budget} allowed for a quote this long)",
            "closest passage: " + self.describe_place(o_start, o_end, context=0),
        )

    def outside_the_text(self, quote: str) -> tuple[str, str] | None:
        """Where, out of the article's text, a quote not found in it is, and what is there: the
        headline or byline (metadata, shown above the text) or text the reader set aside (a
        photo credit, a "Read more" line; a caption and its credit, set aside apart, copied as
        one), as an editor copying from the page sees them; None if none."""
        level = self._folded_level()
        wanted = level.prepare(quote)
        places = [
            ("the headline", self.source.headline),
            ("the byline (metadata)", self.source.metadata.get("byline") or ""),
        ]
        aside = self.source.set_aside
        places += [
            (
                f"text set aside as {item.reason}"
                + (f" (line {item.line} of {self.source.path})" if item.line else ""),
                item.text,
            )
            for item in aside
        ]
        places += [  # a caption copied with its credit, set aside apart
            (f"text set aside as {one.reason} and {other.reason}", f"{one.text} {other.text}")
            for one, other in itertools.pairwise(aside)
        ]
        for what, text in places:
            there = level.prepare(text) if text else ""
            if (
                wanted
                and there
                and (
                    wanted in there
                    or (
                        len(wanted) >= OUTSIDE_FUZZY_FROM
                        and len(there) >= len(wanted) - max_edits(len(wanted))
                        and fuzz.partial_ratio(wanted, there, score_cutoff=OUTSIDE_SIMILAR)
                    )
                )
            ):
                return what, _shortened(text)
        return None

    def describe_place(self, start: int, end: int, context: int = CONTEXT_CHARS) -> str:
        """'¶4: “…words before [the passage] words after…”' for messages."""
        block = self.source.block_index_at(start)
        last = self.source.block_index_at(max(start, end - 1))
        paragraph_start = self.source.block_starts[block]
        paragraph_end = self.text.find("\n\n", end)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        paragraph = f" {block + 1}" if last == block else f"s {block + 1}\u2013{last + 1}"
        text = self.text
        before = text[max(paragraph_start, start - context) : start]
        after = text[end : min(paragraph_end, end + context)]
        passage = _shortened(text[start:end], PLACE_AT_MOST)
        if context:
            lead = "\u2026" if start - len(before) > paragraph_start else ""
            tail = "\u2026" if end + len(after) < paragraph_end else ""
            return f"  paragraph{paragraph}: {lead}{before}[{passage}]{after}{tail}"
        return f"paragraph{paragraph}: \u201c{passage}\u201d"


# A quote not found in the text is looked for in the headline and in the text set aside, as
# written or, from this many characters, this similar (a typo, a word changed).
OUTSIDE_FUZZY_FROM = 20
OUTSIDE_SIMILAR = 90


PLACE_AT_MOST = 400  # characters of a passage a message shows


def _shortened(text: str, most: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "\u2026"


def _context_is(text: str, candidate: Candidate, prefix: str, suffix: str) -> bool:
    """Whether the text around a candidate is `prefix` and `suffix` exactly (white space
    where they meet the quote aside: the levels strip it)."""
    before = text[max(0, candidate.start - len(prefix) - 8) : candidate.start].rstrip()
    after = text[candidate.end : candidate.end + len(suffix) + 8].lstrip()
    return before.endswith(prefix.rstrip()) and after.startswith(suffix.lstrip())


def _occurrences(level: _Level, wanted: str, lo: int) -> list[Candidate]:
    """Every place of `wanted` in the level's text from `lo` on: the one a quote's context picks
    out may come after any number of others (a short quote, "de`" in the tenth `code` of a
    text)."""
    text = level.text
    found, start = [], text.find(wanted, lo)
    while start >= 0:
        if not _splits_a_letter(text, start, start + len(wanted)):
            found.append(Candidate(start, start + len(wanted), 0))
        start = text.find(wanted, start + 1)
    return _whole_first(level, found)


def _whole_first(level: _Level, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that cut no figure ("17 million" is not in "117 million", nor "3.5" in
    "3.50": another figure); of them, those that cut no word, if any ("he said" is rather the
    one than the end of "she said")."""
    kept = [c for c in candidates if not level.cuts_a_figure(c)]
    text = level.text
    whole = [c for c in kept if not (_inside_a_word(text, c.start) or _inside_a_word(text, c.end))]
    return whole or kept


def cuts_a_figure(text: str, start: int, end: int) -> bool:
    """Whether [start, end) starts or ends inside a figure: between two of its digits, or at
    the point or comma between them ("3.5" of "3.50", "17" of "117", "84" of "84,000")."""

    def inside(at: int) -> bool:
        before, after = text[at - 1 : at], text[at : at + 1]
        if before.isdecimal() and after.isdecimal():  # (not a footnote's ¹: not decimal)
            return True
        return (
            after in FIGURE_MARKS and before.isdecimal() and text[at + 1 : at + 2].isdecimal()
        ) or (before in FIGURE_MARKS and after.isdecimal() and text[at - 2 : at - 1].isdecimal())

    return 0 < end and start < len(text) and (inside(start) or inside(end))


WORD = re.compile(r"\w+")
# Between the digits of one figure: "3.50", "84,000", "84 000" (a no-break or thin space),
# "8:30".
FIGURE_MARKS = frozenset(".,:\u00a0\u202f\u2009")
FIGURE = re.compile("\\d+(?:[.,:\u00a0\u202f\u2009]\\d+)*")


def _figures_cut(text: str, start: int, end: int) -> str:
    """The figures that [start, end) cuts, for a message ("“117”"); "" if none."""
    if not cuts_a_figure(text, start, end):
        return ""
    near = FIGURE.finditer(text, max(0, start - 40), min(len(text), end + 40))
    return " and ".join(
        f"\u201c{m.group()}\u201d"
        for m in near
        if m.start() < start < m.end() or m.start() < end < m.end()
    )


def _next_piece(text: str, piece: str, end: int) -> int:
    """Where `piece` of a quote cut by words in brackets is after the piece before it, which
    ends at `end`: next to it, or a few words on in the same paragraph, cutting no word; -1
    if not there."""
    stop = end + INSERTION_GAP + len(piece)
    start = text.find(piece, end, stop)
    while start >= 0 and (
        "\n" in text[end:start]
        or _inside_a_word(text, end)
        or _inside_a_word(text, start)
        or _splits_a_letter(text, start, start + len(piece))
    ):
        start = text.find(piece, start + 1, stop)
    return start


def _inside_a_word(text: str, at: int) -> bool:
    """Whether `at` cuts a word in two (not between two characters of a script written
    without spaces between words, Chinese, Japanese, Thai, Lao, Khmer, Burmese or Tibetan,
    where any place may be between words)."""
    return (
        0 < at < len(text)
        and text[at - 1].isalnum()
        and text[at].isalnum()
        and not (unspaced(text[at - 1]) or unspaced(text[at]))
        and not (_WITHOUT_SPACES.match(text[at - 1]) or _WITHOUT_SPACES.match(text[at]))
    )


# Scripts written without spaces between words besides Chinese and Japanese (`unspaced`, whose
# words are counted otherwise): Thai, Lao, Tibetan, Burmese, Khmer.
_WITHOUT_SPACES = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")


def _splits_a_letter(text: str, start: int, end: int) -> bool:
    """Whether [start, end) starts or ends inside a letter, at a mark that makes another letter
    of the one before it ("ки" is not in "кй", nor ヒ in ビ, written decomposed or folded)."""
    return any(
        at < len(text)
        and unicodedata.combining(text[at])
        and not accent(letter_before(text, at), text[at])
        for at in (start, end)
    )


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


def _shares_a_word(words: set[str], found: list[str]) -> bool:
    """Whether a word of `found` is one of `words`, or one of them mistyped (an edit or two in
    a word of four letters or more)."""
    return any(
        word in words
        or (
            len(word) >= 4
            and any(
                Levenshtein.distance(word, w, score_cutoff=len(w) // 4) <= len(w) // 4
                for w in words
                if len(w) >= 4
            )
        )
        for word in found
    )


def _refine_ends(
    wanted: str,
    text: str,
    start: int,
    end: int,
    budget: int,
    limits: tuple[int, int] | None = None,
) -> Candidate | None:
    """Move a fuzzy match's ends to the word boundaries that keep most of the quote's words
    (within `limits`, if given); None if none is within the budget.

    Character edits alone cannot place the ends of a quote that dropped a word next to one of
    them: "swap the short edge word for part of the next one" costs fewer edits than restoring
    the word. Among boundaries near the match, within the budget, the span sharing the most
    words with the quote wins, then the fewest edits, then the nearest length. A match never
    starts or ends inside a word ("ine" of "Ukraine"): the quote is of whole words, or of
    none that are there.
    """
    reach = 2 * budget
    low, high = limits or (0, len(text))
    starts = {
        p
        for p in (start, *range(max(low, start - reach), min(high, start + reach) + 1))
        if low <= p < high
        and text[p] != " "
        and (p == low or text[p - 1] == " " or not _inside_a_word(text, p))
    }
    ends = {
        q
        for q in (end, *range(max(low, end - reach), min(high, end + reach) + 1))
        if low < q <= high
        and text[q - 1] != " "
        and (q == high or text[q] == " " or not _inside_a_word(text, q))
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
    return best[1] if best else None


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, for showing a passage (at most a few characters
    each way: Chinese and Japanese, written without spaces, are not widened to the paragraph)."""
    low, high = max(0, start - WIDEN_AT_MOST), min(len(text), end + WIDEN_AT_MOST)
    while start > low and not text[start - 1].isspace():
        start -= 1
    while end < high and not text[end].isspace():
        end += 1
    return start, end


WIDEN_AT_MOST = 30  # characters: longer than any word


def _nearest(candidates: list[Candidate], position: int) -> list[Candidate]:
    distances = [abs(c.start - position) for c in candidates]
    best = min(distances)
    return [c for c, d in zip(candidates, distances, strict=True) if d == best]


def _fold_alphabet(target: str, wanted: str) -> str:
    """Map every character the quote lacks to one symbol: it can match nothing either way."""
    keep = set(wanted)
    return "".join(ch if ch in keep else "\0" for ch in target)


def word_difference(quoted: str, found: str) -> str:
    """'-Berl +Berel': how the quote differs from the passage it matched, word by word. Words
    that start with a marker are quoted ('-"-" +"--"' for a dash typed as two hyphens)."""
    a, b = quoted.split(), found.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            changes.append("-" + _marked(" ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            changes.append("+" + _marked(" ".join(b[j1:j2])))
    return " ".join(changes)


def _marked(words: str) -> str:
    return f'"{words}"' if words[:1] in "-+" else words


def _rather(
    written: Match | Failure, undone: Callable[[], Match | Failure] | None
) -> Match | Failure:
    """A quote found as written (typography and case aside), or else found with an editor's
    changes undone (`undone`: what finding it so gives, if it has any), or else found fuzzily
    as written; if it is not found at all, why the quote with its changes undone is not."""
    if undone is None or (isinstance(written, Match) and written.method != "fuzzy"):
        return written
    found = undone()
    if isinstance(found, Match) and (found.method != "fuzzy" or isinstance(written, Failure)):
        return found
    return written if isinstance(written, Match) else found


def _bare(quote: str) -> str | None:
    """`quote` without what an editor may have put around it: quotation marks around it whole
    (“We are working.”, not “A” and “B”, which are two quotations) and the punctuation that
    ends or opens a sentence of the editor's (the article may go on with a comma); None if it
    has none of these."""
    text = quote.strip().strip(END_PUNCTUATION).strip()
    if in_marks_whole(text):
        text = text[1:-1].strip().strip(END_PUNCTUATION).strip()
    return text if text and text != quote.strip() else None


def in_marks_whole(text: str) -> bool:
    """Whether `text` is in quotation marks whole (“We are working.”; not “A” and “B”)."""
    return (
        len(text) > 2
        and text[0] in ENCLOSING_MARKS
        and text[-1] in ENCLOSING_MARKS
        and _marks_balance(text[1:-1])
    )


def _marks_balance(text: str) -> bool:
    """Whether every quotation `text` opens it closes, in order: a quotation within the quote
    (`not "bolt-on things," Cook said`), not the end of one and the start of another (`A” and
    “B`). A straight mark after a space opens, after anything else closes."""
    depth = 0
    for at, char in enumerate(text):
        if char in OPENING_MARKS:
            depth += 1
        elif char in CLOSING_MARKS:
            depth -= 1
        elif char in ENCLOSING_MARKS:
            depth += 1 if at == 0 or text[at - 1].isspace() or text[at - 1] in "([\u2014" else -1
        if depth < 0:
            return False
    return depth == 0


def edited_parts(quote: str) -> list[str] | None:
    """The passages of the article a quote an editor altered stands for, in order: "[sic]" left
    out, and "[emphasis added]" with the emphasis (`*not*`), letters in brackets kept in place
    ("[T]he" is "The"), and the quote cut where words in brackets stand alone ("he [Putin]
    said": "he", "said"). None if the quote has no change so marked."""
    text = SIC.sub("", quote)
    emphasised = EMPHASIS_ADDED.sub("", text)
    if emphasised != text:
        text = EMPHASIS.sub(lambda m: m.group(2) or m.group(4), emphasised)
    if text == quote and not BRACKETED.search(quote):
        return None
    parts, current, last = [], [], 0
    for bracketed in BRACKETED.finditer(text):
        start, end = bracketed.span()
        current.append(text[last:start])
        if _is_letter(text[start - 1 : start]) or _is_letter(text[end : end + 1]):
            current.append(text[start + 1 : end].replace("]", "", 1))  # letters changed in a word
        else:
            parts.append("".join(current))
            current = []
        last = end
    parts.append("".join(current) + text[last:])
    return [part.strip() for part in parts if re.search(r"\w", part)]


def _is_letter(char: str) -> bool:
    """A letter of a word brackets can change in place: not of Chinese or Japanese, written
    without spaces, where words in brackets stand beside the others."""
    return bool(char) and (char.isalnum() or unicodedata.combining(char) > 0) and not unspaced(char)

"""Anchoring: finding every quote of every note in its source (`anchor_notes`), with the
anchorer of one source (`QuoteAnchorer`) doing the search."""

from __future__ import annotations

from ..cache import BuildCache
from ..diagnostics import Diagnostics, processing
from ..model import Anchor, ClaimNote, Orphan, SourceArticle
from .anchorer import (
    Failure,
    Match,
    QuoteAnchorer,
    in_marks_whole,
    max_edits,
    word_difference,
)
from .context import ways_to_pick

__all__ = ["Failure", "Match", "QuoteAnchorer", "anchor_notes", "anchorer_for", "max_edits"]


def anchor_notes(
    sources: list[SourceArticle] | tuple[SourceArticle, ...],
    notes: list[ClaimNote] | tuple[ClaimNote, ...],
    diags: Diagnostics,
    cache: BuildCache,
    orphans_allowed: bool = False,
    strict: bool = False,
) -> tuple[list[Anchor], list[Orphan]]:
    """Anchor every quote of every note. Problems go to `diags`; orphans are kept if allowed.
    A quote already anchored in the same source text (in `cache`) is not searched again."""
    anchorers = {source.id: anchorer_for(source, cache) for source in sources}
    anchors: list[Anchor] = []
    orphans: list[Orphan] = []
    for note in notes:
        with processing(note.path):
            _anchor_note(note, anchorers, diags, cache, anchors, orphans, orphans_allowed, strict)
    return anchors, orphans


def _anchor_note(
    note: ClaimNote,
    anchorers: dict[str, QuoteAnchorer],
    diags: Diagnostics,
    cache: BuildCache,
    anchors: list[Anchor],
    orphans: list[Orphan],
    orphans_allowed: bool,
    strict: bool,
) -> None:
    """Anchor each quote of one note, adding to `anchors`, `orphans` and `diags`."""
    for number, ref in enumerate(note.quotes, start=1):
        anchorer = anchorers.get(ref.source)
        if anchorer is None:
            continue  # an unknown source id was reported when the note was read
        key = (anchorer.source.text_hash, ref.quote, ref.prefix, ref.suffix, ref.hint)
        result = cache.anchor_results.get(key)
        if result is None:
            result = cache.anchor_results.put(
                key, anchorer.anchor(ref.quote, ref.prefix, ref.suffix, ref.hint)
            )
        if isinstance(result, Failure):
            message = f"quote {number} in source {ref.source!r}: {result.message}"
            quoted = f"quote: {_in_marks(ref.quote)}\n"
            detail = (quoted + result.suggestion).rstrip()
            if result.kind == "ambiguous":
                detail = "\n".join(filter(None, (detail, ways_to_pick(anchorer, result.places))))
            if result.kind == "not-found":
                outside = anchorer.outside_the_text(ref.quote)
                if outside:
                    where, there = outside
                    message = (
                        f"quote {number} in source {ref.source!r}: not in the article's text "
                        f"but in {where}"
                    )
                    detail = f"{quoted}{where}: \u201c{there}\u201d\n{OUTSIDE_ADVICE}"
                else:
                    detail += _found_elsewhere(ref, note, anchorers)
            if orphans_allowed:
                diags.warning(note.path, ref.line, message + " (left as an orphan)", detail)
                orphans.append(Orphan(note.id, number, ref.source, result.message))
            else:
                diags.error(note.path, ref.line, message, detail)
            continue
        anchors.append(_anchor(cache, note.id, number, ref.source, result, key))
        if ref.hint is not None and ref.hint > len(anchorer.text):
            diags.warning(
                note.path,
                ref.line,
                f"quote {number} in source {ref.source!r}: its hint, {ref.hint}, is past the "
                f"end of the article's text ({len(anchorer.text)} characters)",
                "correct the hint, or remove it: it tells the quote's place when its words "
                "are in the article more than once",
            )
        if ref.prefix or ref.suffix:
            for which, given, there in anchorer.context_mismatches(result, ref.prefix, ref.suffix):
                diags.warning(
                    note.path,
                    ref.line,
                    f"quote {number} in source {ref.source!r}: its {which} \u201c{given}\u201d "
                    "is not what the article has there "
                    + (
                        f"(\u201c{there}\u201d)"
                        if there.strip()
                        else f"(the passage {_EDGE[which]})"
                    ),
                    f"correct the {which} or remove it: it is how the quote is told apart "
                    "from the same words elsewhere",
                )
        if result.method == "fuzzy":
            _report_fuzzy(note, number, anchorers, result, diags, strict)


def _in_marks(quote: str) -> str:
    """A quote in quotation marks for a message, unless the editor wrote it in its own."""
    quote = quote.strip()
    return quote if in_marks_whole(quote) else f"\u201c{quote}\u201d"


_EDGE = {"prefix": "opens the article's text", "suffix": "ends the article's text"}
OUTSIDE_ADVICE = (
    "a note quotes the article's text, which its source page shows and highlights: not its "
    "headline or byline (metadata, shown above the text) nor what the reader set aside (listed "
    "at the foot of the source page); quote the passage of the text that says it"
)
# Beyond this many sources, a quote not found is looked for only in the sources of its own
# source's story and of its note (each source's text is normalised once, on first need).
SEARCH_ALL_UP_TO = 200


def _found_elsewhere(
    ref,
    note: ClaimNote,
    anchorers: dict[str, QuoteAnchorer],
    told: str = "found in source %s instead",
) -> str:
    """ "found in source 'b' instead: paragraph 3: ..." for a quote that is not in the source
    its note names (or only nearly, `told` then saying so) but is, as written or typography
    aside, in another the note may have meant (a quote copied from one outlet's report and
    filed under another's)."""
    named = anchorers[ref.source].source
    others = [
        anchorer
        for source_id, anchorer in anchorers.items()
        if source_id != ref.source
        and (
            len(anchorers) <= SEARCH_ALL_UP_TO
            or anchorer.source.story == named.story
            or any(quote.source == source_id for quote in note.quotes)
        )
    ]
    for anchorer in others:
        found = anchorer.anchor(ref.quote, ref.prefix, ref.suffix, fuzzy=False)
        if isinstance(found, Match):
            start, end = found.spans[0][0], found.spans[-1][1]
            place = anchorer.describe_place(start, end, context=0)
            return f"\n{told % repr(anchorer.source.id)}: {place}"
    return ""


def _anchor(
    cache: BuildCache, note_id: str, number: int, source_id: str, result: Match, key: tuple
) -> Anchor:
    """The Anchor of a quote: the same object as in the last build when nothing changed, so
    that telling two builds apart is quick."""
    full_key = (note_id, number, source_id, *key)
    anchor = cache.anchors.get(full_key)
    if anchor is None:
        anchor = cache.anchors.put(
            full_key,
            Anchor(
                note_id,
                number,
                source_id,
                result.spans,
                result.method,
                result.score,
                result.distance,
            ),
        )
    return anchor


def _report_fuzzy(
    note: ClaimNote,
    number: int,
    anchorers: dict[str, QuoteAnchorer],
    result: Match,
    diags: Diagnostics,
    strict: bool,
) -> None:
    ref = note.quotes[number - 1]
    found = " \u2026 ".join(anchorers[ref.source].text[s:e] for s, e in result.spans)
    report = diags.error if strict else diags.warning
    report(
        note.path,
        ref.line,
        f"quote {number} in source {ref.source!r} matched only fuzzily "
        f"({result.distance} edit(s), similarity {result.score:.2f})",
        f"the article has: \u201c{found}\u201d\ndifference: {word_difference(ref.quote, found)}"
        + _found_elsewhere(ref, note, anchorers, "as written, the quote is in source %s"),
    )


def anchorer_for(source: SourceArticle, cache: BuildCache) -> QuoteAnchorer:
    """One anchorer per source text: it keeps the text's normalised forms between builds."""
    key = (source.id, source.text_hash)
    anchorer = cache.anchorers.get(key)
    if anchorer is None:
        anchorer = cache.anchorers.put(key, QuoteAnchorer(source))
    return anchorer

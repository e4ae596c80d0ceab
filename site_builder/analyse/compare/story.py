"""Comparing the sources of one story: each pair, then the story's hints, deduplicated."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import combinations

from ...memo import Remembered
from ...model import Anchor, Entity, SourceArticle
from ...render.i18n import N_
from .align import Alignment, align
from .analysis import (
    MAX_REMEMBERED,
    SourceAnalysis,
    analyse,
    analysis_key,
    labelled,
    outlet_labels,
)
from .hints import (
    differing_number_hints,
    missing_number_hint,
    nearest,
    only_in_hint,
    reportable,
    where,
    written_at,
)
from .kinds import HINT_KINDS, HINTS, Pair
from .model import Hint, Joined, PairComparison, Words, quoted_from, said
from .numbers import is_present


def compare_pair(
    a: SourceArticle,
    b: SourceArticle,
    note_ids: list[str],
    anchors: list[Anchor],
    entities: list[Entity],
) -> PairComparison:
    """Two sources compared: their sentences aligned by content, what each alone reports, and
    the machine-found hints concerning the pair."""
    comparison, _ = _compare(*labelled([analyse(a), analyse(b)]), note_ids, anchors, entities)
    return comparison


def _compare(
    a: SourceAnalysis,
    b: SourceAnalysis,
    note_ids: list[str],
    anchors: list[Anchor],
    entities: list[Entity],
) -> tuple[PairComparison, Alignment]:
    alignment = aligned(a, b)
    linked_a = {link.a.index for link in alignment.links}
    linked_b = {link.b.index for link in alignment.links}
    pair = Pair(a, b, alignment, note_ids, anchors, entities)
    hints = [
        *_text_hints(pair),
        *(h for kind in HINTS if kind.reads_notes for h in kind.find(pair)),
    ]
    comparison = PairComparison(
        a.source,
        b.source,
        a.sentences,
        b.sentences,
        alignment.links,
        tuple(s for s in a.sentences if s.index not in linked_a),
        tuple(s for s in b.sentences if s.index not in linked_b),
        tuple(_sorted(hints)),
    )
    return comparison, alignment


# Alignments already made, by the two texts: a note added to a story changes its hints, never
# how its sources' sentences pair up.
_ALIGNED: Remembered[Alignment] = Remembered(MAX_REMEMBERED)


def aligned(a: SourceAnalysis, b: SourceAnalysis) -> Alignment:
    """The sentences of two sources aligned, made once per pair of texts (remembered for the
    most recent pairs)."""
    key = (analysis_key(a.source), analysis_key(b.source))
    return _ALIGNED.get(key, lambda: align(a.terms, b.terms))


# The hints found in the two texts alone (and the entities), by the pair: a note added to a
# story changes only the hints that read notes.
_TEXT_HINTS: Remembered[tuple[Hint, ...]] = Remembered(MAX_REMEMBERED)


def _text_hints(pair: Pair) -> tuple[Hint, ...]:
    key = (
        analysis_key(pair.a.source),
        analysis_key(pair.b.source),
        tuple(pair.entities),
        pair.a.label,  # what the hints call them
        pair.b.label,
    )
    return _TEXT_HINTS.get(
        key, lambda: tuple(h for kind in HINTS if not kind.reads_notes for h in kind.find(pair))
    )


def story_hints(
    sources: list[SourceArticle],
    note_ids: list[str],
    anchors: list[Anchor],
    entities: list[Entity],
) -> list[Hint]:
    """All the hints of one story: pairwise hints deduplicated; "only-in" for the sentences
    that no other source of the story carries; numbers given by some sources and not others.
    Sorted by kind (in the order of `kinds.HINTS`), then by first place."""
    analyses = labelled([analyse(s) for s in sorted(sources, key=lambda s: s.id)])
    pairs = {
        (x.source.id, y.source.id): _compare(x, y, note_ids, anchors, entities)
        for x, y in combinations(analyses, 2)
    }
    hints: list[Hint] = []
    hints += _merged_names(
        (h for c, _ in pairs.values() for h in c.hints if h.kind == "name-variant"),
        {x.source.id: x for x in analyses},
    )
    labels = {x.source.id: x.label for x in analyses}
    hints += _merged_pairs(
        _unique(
            h
            for c, _ in pairs.values()
            for h in c.hints
            if h.kind in ("quote-wording", "unquoted-parallel")
        ),
        labels,
    )
    differing = _merged_pairs(
        _unique(
            h
            for x, y in combinations(analyses, 2)
            for h in differing_number_hints(x, y, pairs[x.source.id, y.source.id][1].links)
        ),
        labels,
    )
    # "$3.6 billion in A; not in B" says again what "numbers differ: A $3.6, B $3.5" says
    told = {place for hint in differing for place in hint.places}
    hints += [h for h in _story_numbers(analyses) if not set(h.places) <= told]
    hints += differing
    hints += _story_only_in(analyses, pairs)
    return _sorted(hints)


def _sorted(hints) -> list[Hint]:
    return sorted(hints, key=lambda h: (HINT_KINDS.index(h.kind), h.places[:1], str(h.summary)))


def _unique(hints) -> list[Hint]:
    seen, unique = set(), []
    for hint in hints:
        key = (hint.kind, hint.note_id, frozenset(hint.places))
        if key not in seen:
            seen.add(key)
            unique.append(hint)
    return unique


def _merged_pairs(hints: list[Hint], labels: dict[str, str]) -> list[Hint]:
    """Hints found pair by pair that report one finding (the same two wordings of a quotation,
    the same numbers, one passage a note does not quote) as one, naming every source it
    concerns: a story told by 30 sources gives each finding once, not once per pair."""
    groups: dict[tuple, list[Hint]] = defaultdict(list)
    for hint in hints:
        groups[_finding(hint)].append(hint)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        places = tuple(sorted({place for hint in group for place in hint.places}))
        named = {labels[source_id] for source_id, _, _ in first.places}
        others = sorted({labels[source_id] for source_id, _, _ in places} - named)
        count = str(len(group) - 1)
        also = (
            said(
                N_("the same between %(count)s other pair(s) of sources, with %(sources)s"),
                count=count,
                sources=", ".join(others),
            )
            if others
            else said(N_("the same between %(count)s other pair(s) of sources"), count=count)
        )
        summary = Joined("; ", (first.summary, also))
        merged.append(replace(first, summary=summary, places=places))
    return merged


def _finding(hint: Hint) -> tuple:
    """What a pair's hint found, whichever pair found it."""
    if hint.kind == "unquoted-parallel":  # the passage(s) of one source the note does not quote
        return (hint.kind, hint.note_id, hint.places[1:])
    if hint.kind == "quote-wording":  # the two wordings
        return (hint.kind, frozenset(hint.values[:2]))
    return (hint.kind, frozenset(hint.values))  # the numbers


def _merged_names(hints, analyses: dict[str, SourceAnalysis]) -> list[Hint]:
    """One hint per pair of spellings, with the places of every source writing either."""
    groups: dict[frozenset, list[Hint]] = defaultdict(list)
    for hint in hints:
        groups[frozenset(v.lower() for v in hint.values)].append(hint)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        spelling_of: dict[str, str] = {}  # source id -> its spelling
        for hint in group:
            first_source = hint.places[0][0]
            for source_id, _, _ in hint.places:
                spelling_of[source_id] = hint.values[0 if source_id == first_source else 1]
        by_spelling: dict[str, list[str]] = defaultdict(list)
        for source_id in sorted(spelling_of):
            by_spelling[spelling_of[source_id]].append(source_id)
        # 'Fox News spells "Reince Priebus"; NYT, HuffPost "Reince Prebus"'
        (spelling, ids), *rest = by_spelling.items()
        spells = (
            N_('%(sources)s spells "%(spelling)s"')
            if len(ids) == 1
            else N_('%(sources)s spell "%(spelling)s"')
        )
        written = {  # each spelling in the language of the first source writing it
            spelling: quoted_from(analyses[ids[0]].source, spelling)
            for spelling, ids in by_spelling.items()
        }
        labels = {
            spelling: ", ".join(analyses[i].label for i in ids)
            for spelling, ids in by_spelling.items()
        }
        parts: list[Words] = [said(spells, sources=labels[spelling], spelling=written[spelling])]
        parts += [Joined("", (f'{labels[s]} "', written[s], '"')) for s, _ in rest]
        places = tuple(sorted({p for h in group for p in h.places}))
        locations = "; ".join(
            where(analyses[source_id], [(s, e) for i, s, e in places if i == source_id])
            for source_id in sorted(spelling_of)
        )
        merged.append(
            Hint(
                "name-variant",
                Joined("; ", tuple(parts)),
                places,
                written_at(group[0].evidence.value("reason"), locations),
                tuple(by_spelling),
            )
        )
    return merged


def _story_numbers(analyses: list[SourceAnalysis]) -> list[Hint]:
    """A number, date or age that some sources of the story give and others do not."""
    by_key: dict[tuple, dict[str, list]] = defaultdict(dict)
    for analysis in analyses:
        for mention in analysis.numbers:
            by_key[mention.key].setdefault(analysis.source.id, []).append(mention)
    for analysis in analyses:  # "2009" is also written in "Aug. 24, 2009"
        for mention in analysis.numbers:
            for key in mention.also:
                if key in by_key:
                    by_key[key].setdefault(analysis.source.id, []).append(mention)
    hints = []
    for key, found in by_key.items():
        having = [(x, found[x.source.id]) for x in analyses if x.source.id in found]
        lacking = [
            x
            for x in analyses
            if x.source.id not in found
            and not any(is_present(m, x.number_keys) for _, ms in having for m in ms)
        ]
        if lacking:
            hints.append(missing_number_hint(key, having, lacking))
    return hints


def _story_only_in(analyses: list[SourceAnalysis], pairs: dict) -> list[Hint]:
    """The sentences of each source that no other source of the story matches."""
    hints = []
    for analysis in analyses:
        others = [x for x in analyses if x is not analysis]
        for sentence in analysis.sentences:
            if not reportable(sentence):
                continue
            best = []
            for other in others:
                comparison, alignment = _pair_of(pairs, analysis, other)
                if comparison.a.id == analysis.source.id:
                    linked = any(link.a.index == sentence.index for link in comparison.links)
                    match = alignment.best_a.get(sentence.index)
                else:
                    linked = any(link.b.index == sentence.index for link in comparison.links)
                    match = alignment.best_b.get(sentence.index)
                if linked:
                    break
                best.append(nearest(other, match))
            else:
                if others:
                    hints.append(only_in_hint(analysis, sentence, best))
    return hints


def _pair_of(pairs: dict, x: SourceAnalysis, y: SourceAnalysis):
    return pairs.get((x.source.id, y.source.id)) or pairs[y.source.id, x.source.id]


def format_hint(hint: Hint, sources: dict[str, SourceArticle]) -> str:
    """Two lines for `site-builder check`: what was found, then where and why."""
    paragraphs: dict[str, list[str]] = {}
    names = outlet_labels(
        sources[i] for i in dict.fromkeys(i for i, _, _ in hint.places) if i in sources
    )
    for source_id, start, _ in hint.places:
        source = sources.get(source_id)
        name = names.get(source_id, source_id)
        shown = paragraphs.setdefault(name, [])
        if source is not None and f"\u00b6{source.block_index_at(start) + 1}" not in shown:
            shown.append(f"\u00b6{source.block_index_at(start) + 1}")
    at = "; ".join(f"{name} {', '.join(ps)}".strip() for name, ps in paragraphs.items())
    note = f" [note {hint.note_id}]" if hint.note_id else ""
    return f"machine-found {hint.kind}{note}: {hint.summary}\n    at {at}; why: {hint.evidence}"

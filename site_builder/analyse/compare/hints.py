"""Building the hints of one pair of sources, kind by kind, each with its evidence in words
(`Said`: English, put into the site's language where a page shows them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ...model import Anchor, Entity
from ...render.i18n import N_
from .align import LINK_THRESHOLD, Alignment
from .analysis import SourceAnalysis
from .model import (
    Figure,
    Hint,
    Joined,
    Link,
    Said,
    Sentence,
    Words,
    quoted_from,
    quoted_from_both,
    said,
)
from .names import name_variants
from .numbers import NumberMention, is_present
from .quotes import same_quotation, wording_difference

MIN_ONLY_IN_WORDS = 3  # shorter sentences ("Jail!") are not reported as carried by one source
EXCERPT = 90  # characters of a sentence shown in a summary


def excerpt(text: str, length: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "\u2026"


def where(analysis: SourceAnalysis, spans: Iterable[tuple[int, int]]) -> str:
    """'RT ¶3, ¶5' for messages."""
    paragraphs = sorted({analysis.paragraph(s) for s, _ in spans})
    return f"{analysis.label} " + ", ".join(f"\u00b6{p}" for p in paragraphs)


def written_at(reason: Said, places: str) -> Said:
    """Why a name hint was raised, and where each source writes its spelling."""
    return said(N_("%(reason)s; written at %(places)s"), reason=reason, places=places)


# -- names ------------------------------------------------------------------------------------


def name_hints(a: SourceAnalysis, b: SourceAnalysis, entities: list[Entity]) -> list[Hint]:
    hints = []
    for variant in name_variants(a.names, b.names, entities):
        places = tuple((a.source.id, s, e) for s, e in variant.places_a) + tuple(
            (b.source.id, s, e) for s, e in variant.places_b
        )
        hints.append(
            Hint(
                "name-variant",
                said(
                    N_('%(first)s spells "%(spelling)s", %(second)s "%(other)s"'),
                    first=a.label,
                    spelling=quoted_from(a.source, variant.spelling_a),
                    second=b.label,
                    other=quoted_from(b.source, variant.spelling_b),
                ),
                places,
                written_at(
                    variant.evidence,
                    f"{where(a, variant.places_a)}; {where(b, variant.places_b)}",
                ),
                (variant.spelling_a, variant.spelling_b),
            )
        )
    return hints


# -- quotations -------------------------------------------------------------------------------


def quote_hints(a: SourceAnalysis, b: SourceAnalysis) -> list[Hint]:
    """Each quotation of `a` paired with the quotation of `b` sharing most words with it (one
    to one), and a hint where their wordings differ."""
    overlaps = (
        (same_quotation(qa, qb), i, j)
        for i, qa in enumerate(a.quotations)
        for j, qb in enumerate(b.quotations)
    )
    candidates = sorted((o for o in overlaps if o[0]), key=lambda c: (-c[0], c[1], c[2]))
    used_a, used_b, hints = set(), set(), []
    for _, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        qa, qb = a.quotations[i], b.quotations[j]
        difference = wording_difference(qa, qb)
        if difference is None:
            continue
        by, speaker = (a, qa.speaker) if qa.named or not qb.named else (b, qb.speaker)
        wordings: dict[str, Words] = {
            "first": a.label,
            "words": quoted_from(a.source, " \u2026 ".join(difference.only_a) or "\u2014"),
            "second": b.label,
            "other": quoted_from(b.source, " \u2026 ".join(difference.only_b) or "\u2014"),
        }
        summary = (
            said(
                N_('%(speaker)s quoted differently: %(first)s "%(words)s", %(second)s "%(other)s"'),
                speaker=quoted_from(by.source, speaker),
                **wordings,
            )
            if speaker
            else said(
                N_('A speaker quoted differently: %(first)s "%(words)s", %(second)s "%(other)s"'),
                **wordings,
            )
        )
        attributions = Joined("; ", tuple(_attribution(x, q) for x, q in ((a, qa), (b, qb))))
        hints.append(
            Hint(
                "quote-wording",
                summary,
                ((a.source.id, qa.start, qa.end), (b.source.id, qb.start, qb.end)),
                said(
                    N_(
                        "%(count)s words in common, in order; differing words marked "
                        "[-%(first)s only-] {+%(second)s only+}: %(marked)s; %(place)s, "
                        "%(other_place)s; speaker: %(attributions)s"
                    ),
                    count=str(difference.common),
                    first=a.label,
                    second=b.label,
                    marked=quoted_from_both(a.source, b.source, difference.marked),
                    place=where(a, [(qa.start, qa.end)]),
                    other_place=where(b, [(qb.start, qb.end)]),
                    attributions=attributions,
                ),
                (qa.text, qb.text, difference.marked),
            )
        )
    return hints


def _attribution(analysis: SourceAnalysis, quotation) -> Said:
    if quotation.attribution:
        return said(
            N_("%(source)s: %(attribution)s"),
            source=analysis.label,
            attribution=quoted_from(analysis.source, quotation.attribution),
        )
    return said(N_("%(source)s: no attribution found"), source=analysis.label)


# -- numbers ----------------------------------------------------------------------------------

# What the sources that lack a number of each kind are said not to give (a sentence each, for
# languages whose words agree with the kind's).
NOT_GIVEN = {
    "count": N_("%(sources)s: no number of that value anywhere in the text"),
    "percent": N_("%(sources)s: no percentage of that value anywhere in the text"),
    "money": N_("%(sources)s: no sum of money of that value anywhere in the text"),
    "age": N_("%(sources)s: no age of that value anywhere in the text"),
    "duration": N_("%(sources)s: no length of time of that value anywhere in the text"),
    "date": N_("%(sources)s: no date of that value anywhere in the text"),
    "month": N_("%(sources)s: no month of that value anywhere in the text"),
    "weekday": N_("%(sources)s: no day of the week of that value anywhere in the text"),
    "year": N_("%(sources)s: no year of that value anywhere in the text"),
    "ordinal": N_("%(sources)s: no rank of that value anywhere in the text"),
    "vague": N_("%(sources)s: no quantity of that value anywhere in the text"),
}
# Kinds that state the same sort of thing, for "the numbers differ".
COMPARABLE = {"month": "date"}


def missing_number_hint(
    key: tuple,
    having: list[tuple[SourceAnalysis, list[NumberMention]]],
    lacking: list[SourceAnalysis],
) -> Hint:
    """A number some sources give and others do not."""
    texts = tuple(dict.fromkeys(m.text for _, mentions in having for m in mentions))
    first_by = {}  # a number as written -> the first source writing it so
    for analysis, mentions in having:
        for mention in mentions:
            first_by.setdefault(mention.text, analysis.source)
    shown = Joined(" / ", tuple(quoted_from(first_by[t], f'"{t}"') for t in texts))
    places = tuple(
        (analysis.source.id, m.start, m.end) for analysis, mentions in having for m in mentions
    )
    context = Joined(
        "; ",
        tuple(
            Joined(
                "",
                (
                    f"{where(analysis, [(mentions[0].start, mentions[0].end)])}: \u201c",
                    quoted_from(analysis.source, _context(analysis, mentions[0])),
                    "\u201d",
                ),
            )
            for analysis, mentions in having
        ),
    )
    lacking_names = ", ".join(x.label for x in lacking)
    return Hint(
        "number",
        said(
            N_("%(values)s in %(sources)s; not in %(others)s"),
            values=shown,
            sources=", ".join(x.label for x, _ in having),
            others=lacking_names,
        ),
        places,
        Joined(
            "; ", (context, said(NOT_GIVEN.get(key[0], NOT_GIVEN["count"]), sources=lacking_names))
        ),
        texts,
    )


def _context(analysis: SourceAnalysis, mention: NumberMention) -> str:
    sentence = analysis.sentence_at(mention.start)
    if sentence is None:
        return mention.text
    text = analysis.source.body_text
    start = max(sentence.start, mention.start - 50)
    end = min(sentence.end, mention.end + 50)
    while start > sentence.start and not text[start - 1].isspace():
        start -= 1  # whole words: "…officials in the", not "…fficials in the"
    while end < sentence.end and not text[end].isspace():
        end += 1
    lead = "\u2026" if start > sentence.start else ""
    tail = "\u2026" if end < sentence.end else ""
    return lead + " ".join(text[start:end].split()) + tail


def number_hints(a: SourceAnalysis, b: SourceAnalysis, alignment: Alignment) -> list[Hint]:
    differing = differing_number_hints(a, b, alignment.links)
    # "1,200 in A; not in B" says again what "numbers differ: A 1,200, B 1,500" says
    told = {place for hint in differing for place in hint.places}
    hints = []
    for first, second in ((a, b), (b, a)):
        by_key: dict[tuple, list[NumberMention]] = defaultdict(list)
        for mention in first.numbers:
            if not is_present(mention, second.number_keys):
                by_key[mention.key].append(mention)
        missing = (
            missing_number_hint(key, [(first, mentions)], [second])
            for key, mentions in by_key.items()
        )
        hints.extend(h for h in missing if not set(h.places) <= told)
    return hints + differing


def differing_number_hints(a: SourceAnalysis, b: SourceAnalysis, links) -> list[Hint]:
    """Matching sentences that give different numbers of one sort, one of which the other
    source does not give anywhere."""
    hints = []
    for link in links:
        in_a = _numbers_in(a, link.a)
        in_b = _numbers_in(b, link.b)
        keys_a = {k for m in in_a for k in (m.key, *m.also)}
        keys_b = {k for m in in_b for k in (m.key, *m.also)}
        only_a = [m for m in in_a if not is_present(m, keys_b)]
        only_b = [m for m in in_b if not is_present(m, keys_a)]
        for sort in {_sort(m) for m in only_a} & {_sort(m) for m in only_b}:
            xs = [m for m in only_a if _sort(m) == sort]
            ys = [m for m in only_b if _sort(m) == sort]
            if all(is_present(m, b.number_keys) for m in xs) and all(
                is_present(m, a.number_keys) for m in ys
            ):
                continue  # each source gives both numbers somewhere: different facts
            hints.append(_differing_hint(a, b, link, xs, ys))
    return hints


def _numbers_in(analysis: SourceAnalysis, sentence: Sentence) -> list[NumberMention]:
    return [m for m in analysis.numbers if sentence.start <= m.start < sentence.end]


def _sort(mention: NumberMention) -> tuple:
    kind = COMPARABLE.get(mention.kind, mention.kind)
    return (kind, mention.key[2]) if mention.kind == "duration" else (kind,)


def _differing_hint(a, b, link: Link, xs, ys) -> Hint:
    shown_a = Joined(", ", tuple(quoted_from(a.source, f'"{m.text}"') for m in xs))
    shown_b = Joined(", ", tuple(quoted_from(b.source, f'"{m.text}"') for m in ys))
    numbers: dict[str, Words] = {
        "first": a.label,
        "values": shown_a,
        "second": b.label,
        "other_values": shown_b,
    }
    return Hint(
        "number",
        said(
            N_(
                "numbers differ in matching sentences: %(first)s %(values)s, "
                "%(second)s %(other_values)s"
            ),
            **numbers,
        ),
        tuple((a.source.id, m.start, m.end) for m in xs)
        + tuple((b.source.id, m.start, m.end) for m in ys),
        said(
            N_(
                "the sentences match (similarity %(similarity)s; shared words: %(words)s); "
                "%(first)s \u00b6%(paragraph)s gives %(values)s, %(second)s "
                "\u00b6%(other_paragraph)s gives %(other_values)s"
            ),
            similarity=Figure(link.score),
            words=quoted_from_both(a.source, b.source, ", ".join(link.shared[:8])),
            paragraph=str(link.a.paragraph),
            other_paragraph=str(link.b.paragraph),
            **numbers,
        ),
        tuple(m.text for m in xs) + tuple(m.text for m in ys),
    )


# -- what one source alone carries --------------------------------------------------------------


def only_in_hint(analysis: SourceAnalysis, sentence: Sentence, best: list[Words]) -> Hint:
    """`best`: for each other source, how close its nearest sentence comes, in words."""
    return Hint(
        "only-in",
        said(
            N_("only %(source)s reports: \u201c%(sentence)s\u201d"),
            source=analysis.label,
            sentence=quoted_from(analysis.source, excerpt(sentence.text)),
        ),
        ((analysis.source.id, sentence.start, sentence.end),),
        said(
            N_(
                "no sentence of another source is similar enough (a match needs a similarity "
                "of %(threshold)s); nearest: %(nearest)s"
            ),
            threshold=Figure(LINK_THRESHOLD),
            nearest=Joined("; ", tuple(best)),
        ),
        (sentence.text,),
    )


def nearest(other: SourceAnalysis, match: tuple[float, int] | None) -> Words:
    if match is None:
        return said(N_("%(source)s: no sentence shares a content word"), source=other.label)
    score, index = match
    sentence = other.sentences[index]
    return Joined(
        "",
        (
            f"{other.label} \u00b6{sentence.paragraph} \u201c",
            quoted_from(other.source, excerpt(sentence.text, 50)),
            "\u201d (",
            Figure(score),
            ")",
        ),
    )


def reportable(sentence: Sentence) -> bool:
    return len(sentence.text.split()) >= MIN_ONLY_IN_WORDS


def pair_only_in_hints(a: SourceAnalysis, b: SourceAnalysis, alignment: Alignment) -> list[Hint]:
    linked_a = {link.a.index for link in alignment.links}
    linked_b = {link.b.index for link in alignment.links}
    hints = [
        only_in_hint(a, s, [nearest(b, alignment.best_a.get(s.index))])
        for s in a.sentences
        if s.index not in linked_a and reportable(s)
    ]
    hints += [
        only_in_hint(b, s, [nearest(a, alignment.best_b.get(s.index))])
        for s in b.sentences
        if s.index not in linked_b and reportable(s)
    ]
    return hints


# -- notes ------------------------------------------------------------------------------------


def unquoted_parallel_hints(
    a: SourceAnalysis,
    b: SourceAnalysis,
    links: tuple[Link, ...],
    note_ids: list[str],
    anchors: list[Anchor],
) -> list[Hint]:
    """A note quotes a sentence of one source and none of the sentences of the other that
    match it (`note_ids`: the notes to look at, in order)."""
    ids = {a.source.id, b.source.id}
    by_note: dict[str, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        if anchor.source_id in ids:
            by_note[anchor.note_id].append(anchor)
    partners: dict[tuple[str, int], list[tuple[Sentence, Link]]] = defaultdict(list)
    for link in links:
        partners[a.source.id, link.a.index].append((link.b, link))
        partners[b.source.id, link.b.index].append((link.a, link))
    hints = []
    for note_id in note_ids:
        mine = by_note.get(note_id, [])
        if not mine:
            continue
        for x, y in ((a, b), (b, a)):
            for sentence in x.sentences:
                anchor = _anchor_over(mine, x.source.id, sentence)
                matching = partners.get((x.source.id, sentence.index), [])
                if anchor is None or not matching:
                    continue
                if any(_anchor_over(mine, y.source.id, other) for other, _ in matching):
                    continue
                hints.append(_unquoted_hint(note_id, anchor, x, sentence, y, matching))
    return hints


def _anchor_over(anchors: list[Anchor], source_id: str, sentence: Sentence) -> Anchor | None:
    for anchor in anchors:
        if anchor.source_id != source_id:
            continue
        if any(s < sentence.end and sentence.start < e for s, e in anchor.spans):
            return anchor
    return None


def _unquoted_hint(note_id: str, anchor, x, quoted: Sentence, y, matching) -> Hint:
    paragraphs = ", ".join(dict.fromkeys(f"\u00b6{s.paragraph}" for s, _ in matching))
    why = Joined(
        "; ",
        tuple(
            said(
                N_(
                    "\u00b6%(paragraph)s \u201c%(sentence)s\u201d (similarity %(similarity)s; "
                    "shared words: %(words)s)"
                ),
                paragraph=str(s.paragraph),
                sentence=quoted_from(y.source, excerpt(s.text, 50)),
                similarity=Figure(link.score),
                words=quoted_from_both(x.source, y.source, ", ".join(link.shared[:8])),
            )
            for s, link in matching
        ),
    )
    passage = {"first": x.label, "paragraph": str(quoted.paragraph), "second": y.label}
    return Hint(
        "unquoted-parallel",
        said(
            N_(
                "note %(note)s quotes %(first)s \u00b6%(paragraph)s but not the matching "
                "passage of %(second)s (%(paragraphs)s)"
            ),
            note=note_id,
            paragraphs=paragraphs,
            **passage,
        ),
        ((x.source.id, quoted.start, quoted.end),)
        + tuple((y.source.id, s.start, s.end) for s, _ in matching),
        said(
            N_(
                "the note's quote %(number)s is anchored in %(first)s \u00b6%(paragraph)s; the "
                "note quotes no sentence of %(second)s that matches it: %(passages)s"
            ),
            number=str(anchor.number),
            passages=why,
            **passage,
        ),
        (quoted.text, *(s.text for s, _ in matching)),
        note_id,
    )

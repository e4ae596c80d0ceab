"""The compare pages (`/compare/<a>--<b>/`): two sources of a story in parallel columns, the
sentences that report the same thing linked across them, and the machine-found hints."""

from __future__ import annotations

import html
from itertools import combinations

from markupsafe import Markup, escape

from ... import urls
from ...analyse.compare import (
    HINT_LABELS,
    Figure,
    Hint,
    Joined,
    PairComparison,
    Quoted,
    Said,
    Sentence,
    compare_pair,
    story_hints,
)
from ...analyse.stories import StoryMembers
from ...model import SourceArticle
from ..context import RenderContext
from ..registry import PageKind, PageSpec
from ..templates import figure_in, lang_attrs


def story_pairs(members: StoryMembers) -> list[tuple[str, str]]:
    return list(combinations(members.source_ids, 2))


def _inputs(ctx: RenderContext, source_ids) -> tuple[list, list, list]:
    """The notes and anchors that concern these sources (not the whole site's), and entities.
    Comparisons use a note's anchors, never its text: they read anchors only."""
    anchors = [a for i in source_ids for a in ctx.reads.anchors_in(i)]
    note_ids = sorted({a.note_id for a in anchors})
    return note_ids, anchors, list(ctx.reads.all_entities())


def pair_comparison(ctx: RenderContext, a_id: str, b_id: str) -> PairComparison:
    """Two sources compared (derived: made again only when either, or their anchors, change)."""
    a, b = ctx.reads.source(a_id), ctx.reads.source(b_id)
    return compare_pair(a, b, *_inputs(ctx, (a_id, b_id)))


def _story_hints(ctx: RenderContext, source_ids: tuple[str, ...]) -> list[Hint]:
    sources = [ctx.reads.source(i) for i in source_ids]
    return story_hints(sources, *_inputs(ctx, source_ids))


def hints_of_story(ctx: RenderContext, members: StoryMembers) -> list[Hint]:
    return ctx.derive(_story_hints, members.source_ids)


# The kinds of hint whose summary quotes every value it found: "Reuters spells "Berl Lazar", RT
# "Berel Lazar"" needs no list of the two spellings after it.
SUMMARY_QUOTES_VALUES = frozenset({"name-variant", "number"})


def hint_view(hint: Hint, ctx: RenderContext) -> dict | None:
    """A hint as pages show it, in the site's language; None when it cites text of an
    excerpts-only source that its page does not show (a page may not publish more of that
    article than its excerpts)."""
    places = []
    for source_id, start, end in hint.places:
        source = ctx.reads.source(source_id)
        if source is None:
            continue
        if not ctx.may_show(source, start, end):
            return None
        places.append(
            {
                "source": source,
                "paragraph": source.block_index_at(start) + 1,
                "text": source.body_text[start:end],
            }
        )
    languages = {p["source"].metadata.get("language") or "" for p in places}
    language = ctx.settings.language
    return {
        "hint": hint,
        # what the hint found, listed after its summary unless the summary quotes it whole
        "values": () if hint.kind in SUMMARY_QUOTES_VALUES else hint.values,
        "label": ctx.gettext(HINT_LABELS.get(hint.kind, hint.kind)),
        "summary": words_markup(hint.summary, ctx.gettext, language),
        "evidence": words_markup(hint.evidence, ctx.gettext, language),
        "places": places,
        # what it found is the sources' text: in their language, where they share one
        "language": languages.pop() if len(languages) == 1 else "",
    }


def words_markup(words: str | Quoted | Figure | Said | Joined, gettext, language: str) -> Markup:
    """A hint's words in the page's `language`, each of the sources' own words marked with
    theirs where it is another (a screen reader reads "Berel" in English on a French site),
    its figures written as that language writes them."""
    if isinstance(words, str):
        return escape(words)
    if isinstance(words, Figure):
        return escape(figure_in(language, words.value, words.percent) or words.say())
    if isinstance(words, Quoted):
        if words.language and words.language != language:
            return Markup("<span{}>{}</span>").format(lang_attrs(words.language), words.text)
        return escape(words.text)
    if isinstance(words, Joined):
        return escape(words.separator).join(words_markup(p, gettext, language) for p in words.parts)
    values = {name: words_markup(value, gettext, language) for name, value in words.values}
    return escape(gettext(words.message)) % values


def specs(ctx: RenderContext):
    for members in ctx.stories():
        for a, b in story_pairs(members):
            yield PageSpec(urls.file_of(urls.compare(a, b)), "compare", (members.id, a, b))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    story_id, a_id, b_id = spec.key
    members = ctx.story_members(story_id)
    comparison = ctx.derive(pair_comparison, a_id, b_id)
    a, b = ctx.reads.source(a_id), ctx.reads.source(b_id)
    markers = {}  # sentence (source id, index) -> the link numbers it takes part in
    for number, link in enumerate(comparison.links, start=1):
        markers.setdefault((link.a.source_id, link.a.index), []).append((number, link.b))
        markers.setdefault((link.b.source_id, link.b.index), []).append((number, link.a))
    only = {(s.source_id, s.index) for s in (*comparison.only_in_a, *comparison.only_in_b)}
    shown = {
        source.id: _shown_sentences(source.body_text, sentences, ctx.shown_ranges(source))
        for source, sentences in ((a, comparison.sentences_a), (b, comparison.sentences_b))
    }
    columns = [
        {
            "source": source,
            "side": side,
            "excerpts": ctx.excerpts_only(source),
            "paragraphs": _paragraphs(
                source, shown[source.id], ctx.reads.anchors_in(source.id), markers, only, side
            ),
        }
        for source, side in ((a, "a"), (b, "b"))
    ]
    ids = {s["id"] for c in columns for p in c["paragraphs"] for s in p["sentences"]}
    for column in columns:  # no link to a sentence the other column leaves out
        for paragraph in column["paragraphs"]:
            for sentence in paragraph["sentences"]:
                sentence["links"] = [link for link in sentence["links"] if link["target"] in ids]
    names = {"first": a.outlet or a.id, "second": b.outlet or b.id, "story": members.title}
    return ctx.page(
        "compare.html",
        urls.compare(a_id, b_id),
        title=ctx.gettext("%(first)s and %(second)s compared: %(story)s") % names,
        description=ctx.gettext("How %(first)s and %(second)s reported %(story)s, side by side.")
        % names,
        story=ctx.story(members),
        story_link=urls.story(members.id),
        a=a,
        b=b,
        columns=columns,
        comparison=comparison,
        hints=[v for v in (hint_view(h, ctx) for h in comparison.hints) if v is not None],
    )


def _shown_sentences(text: str, sentences, ranges) -> list[tuple[Sentence, int, int]]:
    """Each sentence with the [start, end) of it a page may show: all of it, or for an
    excerpts-only source each part within its excerpts (a sentence outside them is left out)."""
    if ranges is None:
        return [(s, s.start, s.end) for s in sentences]
    shown = []
    for sentence in sentences:
        for lo, hi in ranges:
            start, end = max(lo, sentence.start), min(hi, sentence.end)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                shown.append((sentence, start, end))
    return shown


def _paragraphs(source, sentences, anchors, markers, only, side) -> list[dict]:
    paragraphs: list[dict] = []
    other = "b" if side == "a" else "a"
    pieces: set[int] = set()  # the sentences with a piece shown: a second piece is one more
    for sentence, start, end in sentences:
        if not paragraphs or paragraphs[-1]["number"] != sentence.paragraph:
            paragraphs.append({"number": sentence.paragraph, "sentences": []})
        key = (sentence.source_id, sentence.index)
        element_id = f"{side}-s{sentence.index}"
        if sentence.index in pieces:
            element_id += f"-{start}"
        pieces.add(sentence.index)
        paragraphs[-1]["sentences"].append(
            {
                "id": element_id,
                "offset": start,
                "cut_before": start != sentence.start,
                "cut_after": end != sentence.end,
                "html": highlighted(source, sentence, anchors, start, end),
                "links": [
                    {"number": n, "target": f"{other}-s{s.index}", "paragraph": s.paragraph}
                    for n, s in markers.get(key, [])
                ],
                "only": key in only,
            }
        )
    return paragraphs


def highlighted(
    source: SourceArticle,
    sentence: Sentence,
    anchors,
    start: int | None = None,
    end: int | None = None,
) -> Markup:
    """A sentence's text (or its [start, end)), escaped, with each claim note's passage in it
    marked."""
    text = source.body_text
    start = sentence.start if start is None else start
    end = sentence.end if end is None else end
    spans = [
        (max(s, start), min(e, end), a.note_id)
        for a in anchors
        for s, e in a.spans
        if s < end and e > start
    ]
    cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[lo:hi])
        for s, e, note_id in spans:
            if s <= lo and hi <= e:
                piece = f'<mark class="hl" data-claim="{html.escape(note_id)}">{piece}</mark>'
        out.append(piece)
    return Markup("".join(out))  # noqa: S704 (every piece of text was escaped above)


COMPARE = PageKind("compare", "the comparison of two sources", specs, render)

"""The compare pages (`/compare/<a>--<b>/`): two sources of a story in parallel columns, the
passages that report the same thing linked across them, and the machine-found hints."""

from __future__ import annotations

import html
from collections.abc import Iterator
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING

from markupsafe import Markup

from .contents import Anchor, SourceArticle

if TYPE_CHECKING:
    from .compare import Hint, PairComparison, Sentence
    from .render import Renderer
    from .xref import Story

HINT_LABELS = {
    "name-variant": "Name spelled differently",
    "quote-wording": "Quotation worded differently",
    "number": "Number, date or age",
    "only-in": "Reported by one source only",
    "unquoted-parallel": "Parallel passage not quoted",
}


def pair_path(a: SourceArticle, b: SourceArticle) -> str:
    return f"compare/{a.id}--{b.id}/"


def story_pairs(story: Story) -> list[tuple[SourceArticle, SourceArticle]]:
    return list(combinations(story.sources, 2))


class Comparisons:
    """Every pair of sources in every story of the site, compared once and kept."""

    def __init__(self, renderer: Renderer):
        self.r = renderer
        self._pairs: dict[tuple[str, str], PairComparison] = {}
        self._story_hints: dict[str, list[Hint]] = {}

    @cached_property
    def _notes_by_source(self) -> dict[str, list]:
        found: dict[str, list] = {}
        for note in self.r.site.notes:
            for source_id in dict.fromkeys(q.source for q in note.quotes):
                found.setdefault(source_id, []).append(note)
        return found

    def _inputs(self, sources) -> tuple[list, list, list]:
        """The notes and anchors that concern these sources (not the whole site's)."""
        notes = {n.id: n for s in sources for n in self._notes_by_source.get(s.id, [])}
        anchors = [a for s in sources for a in self.r.anchors_by_source.get(s.id, [])]
        return list(notes.values()), anchors, list(self.r.site.entities)

    def pair(self, a: SourceArticle, b: SourceArticle) -> PairComparison:
        from .compare import compare_pair

        key = (a.id, b.id)
        if key not in self._pairs:
            self._pairs[key] = compare_pair(a, b, *self._inputs((a, b)))
        return self._pairs[key]

    def hints(self, story: Story) -> list[Hint]:
        from .compare import story_hints

        if story.id not in self._story_hints:
            self._story_hints[story.id] = story_hints(
                list(story.sources), *self._inputs(story.sources)
            )
        return self._story_hints[story.id]


def compare_paths(r: Renderer) -> list[str]:
    return [pair_path(a, b) for story in r.stories for a, b in story_pairs(story)]


def compare_pages(r: Renderer, only_stories: set[str] | None = None) -> Iterator[tuple[str, bytes]]:
    for story in r.stories:
        if only_stories is not None and story.id not in only_stories:
            continue
        for a, b in story_pairs(story):
            yield compare_page(r, story, a, b)


def compare_page(
    r: Renderer, story: Story, a: SourceArticle, b: SourceArticle
) -> tuple[str, bytes]:
    comparison = r.comparisons.pair(a, b)
    markers = {}  # sentence (source id, index) -> the link numbers it takes part in
    for number, link in enumerate(comparison.links, start=1):
        markers.setdefault((link.a.source_id, link.a.index), []).append((number, link.b))
        markers.setdefault((link.b.source_id, link.b.index), []).append((number, link.a))
    only = {(s.source_id, s.index) for s in (*comparison.only_in_a, *comparison.only_in_b)}
    anchors = r.anchors_by_source
    columns = [
        {
            "source": source,
            "side": side,
            "paragraphs": _paragraphs(
                source, sentences, anchors.get(source.id, []), markers, only, side
            ),
        }
        for source, sentences, side in (
            (a, comparison.sentences_a, "a"),
            (b, comparison.sentences_b, "b"),
        )
    ]
    return r.page(
        "compare.html",
        f"{pair_path(a, b)}index.html",
        title=f"{a.outlet or a.id} and {b.outlet or b.id} compared",
        description=f"How {a.outlet or a.id} and {b.outlet or b.id} reported {story.title}, side by side.",
        story=story,
        a=a,
        b=b,
        columns=columns,
        comparison=comparison,
        hints=[hint_view(h, r) for h in comparison.hints],
        hint_labels=HINT_LABELS,
    )


def _paragraphs(source, sentences, anchors, markers, only, side) -> list[dict]:
    paragraphs: list[dict] = []
    other = "b" if side == "a" else "a"
    for sentence in sentences:
        if not paragraphs or paragraphs[-1]["number"] != sentence.paragraph:
            paragraphs.append({"number": sentence.paragraph, "sentences": []})
        key = (sentence.source_id, sentence.index)
        paragraphs[-1]["sentences"].append(
            {
                "id": f"{side}-s{sentence.index}",
                "html": highlighted(source, sentence, anchors),
                "links": [
                    {"number": n, "target": f"{other}-s{s.index}", "paragraph": s.paragraph}
                    for n, s in markers.get(key, [])
                ],
                "only": key in only,
            }
        )
    return paragraphs


def highlighted(source: SourceArticle, sentence: Sentence, anchors: list[Anchor]) -> Markup:
    """A sentence's text, escaped, with each claim note's passage in it marked."""
    text = source.body_text
    start, end = sentence.start, sentence.end
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


def hint_view(hint: Hint, r: Renderer) -> dict:
    places = []
    for source_id, start, end in hint.places:
        source = r.sources.get(source_id)
        if source is None:
            continue
        places.append(
            {
                "source": source,
                "paragraph": source.block_index_at(start) + 1,
                "text": source.body_text[start:end],
            }
        )
    return {"hint": hint, "label": HINT_LABELS.get(hint.kind, hint.kind), "places": places}

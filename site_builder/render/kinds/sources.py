"""A page for every source (the article beside its claim notes, linked both ways), and its
annotated Markdown (`annotated/<id>.md`), from which the article column is rendered."""

from __future__ import annotations

from ... import urls
from ...analyse.compare.analysis import outlet_labels
from ..annotated import render_article
from ..context import RenderContext
from ..i18n import N_
from ..registry import PageKind, PageSpec
from .compare import story_pairs


def specs(ctx: RenderContext):
    for source_id in ctx.reads.source_ids():
        yield PageSpec(urls.file_of(urls.source(source_id)), "source", (source_id,))


def annotated_specs(ctx: RenderContext):
    for source_id in ctx.reads.source_ids():
        yield PageSpec(urls.annotated(source_id), "annotated", (source_id,))


def render_annotated(ctx: RenderContext, spec: PageSpec) -> bytes:
    return ctx.annotated(spec.key[0]).text().encode("utf-8")


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    (source_id,) = spec.key
    source = ctx.reads.source(source_id)
    numbers = ctx.note_numbers(source_id)
    anchors = ctx.reads.anchors_in(source_id)
    annotated = ctx.annotated(source_id)
    rows = {
        block.index: {"html": html, "block": source.blocks[block.index], "notes": []}
        for block, html in zip(
            annotated.blocks,
            render_article(annotated, ctx.gettext("Claim note %(number)s")),
            strict=True,
        )
    }
    # An excerpt page keeps the address of each paragraph it leaves out (other pages link to
    # `#p-N`): the gap where it would be holds it, and says it is not shown.
    before = 0
    for index, row in rows.items():
        row["omitted"] = list(range(before + 1, index + 1))
        before = index + 1
    trailing = list(range(before + 1, len(source.blocks) + 1)) if rows else []
    for note_id, number in numbers.items():
        mine = sorted((a for a in anchors if a.note_id == note_id), key=lambda a: a.start)
        row = rows[source.block_index_at(mine[0].start)]  # anchored blocks are always shown
        card = {**ctx.note_view(ctx.reads.note(note_id)), "number": number, "anchors": mine}
        row["notes"].append(card)
    orphans = [
        {**ctx.note_view(ctx.reads.note(o.note_id)), "orphan": o}
        for o in ctx.reads.orphans_in(source_id)
    ]
    members = ctx.story_members_of(source_id)
    title = ctx.source_title(source)
    return ctx.page(
        "source.html",
        urls.source(source_id),
        title=f"{title} ({source.outlet or source.id})",
        description=ctx.ngettext(
            "%(title)s, read beside %(num)s claim note.",
            "%(title)s, read beside %(num)s claim notes.",
            len(numbers),
        )
        % {"title": title, "num": len(numbers)},
        og_type="article",
        source=source,
        set_aside=[
            (ctx.gettext(item.reason) if item.reason in SET_ASIDE_REASONS else item.reason, item)
            for item in source.set_aside
        ],
        rows=list(rows.values()),
        trailing=trailing,
        excerpts=ctx.excerpts_only(source),
        orphans=orphans,
        note_count=len(numbers),
        story=members,
        story_link=urls.story(members.id) if members else "",
        compare_with=_compare_with(ctx, source_id, members),
    )


def _compare_with(ctx: RenderContext, source_id: str, members) -> list[dict]:
    """The other sources of the story, each with its compare page (told apart by id where
    two share an outlet)."""
    if not members:
        return []
    pairs = [(a, b) for a, b in story_pairs(members) if source_id in (a, b)]
    others = [ctx.reads.source(b if a == source_id else a) for a, b in pairs]
    names = outlet_labels([*others, ctx.reads.source(source_id)])
    return [
        {"label": names[s.id], "path": urls.compare(a, b)}
        for s, (a, b) in zip(others, pairs, strict=True)
    ]


SOURCE = PageKind("source", "the page of a source", specs, render, searchable=True)
ANNOTATED = PageKind(
    "annotated", "the annotated Markdown of a source", annotated_specs, render_annotated
)


# Why the reader set text aside, as a source page lists it in the site's language (each reason
# the readers give: a test keeps this list whole). The annotated Markdown keeps them in English.
SET_ASIDE_REASONS = (
    N_("advertisement"),
    N_("author contact"),
    N_("byline"),
    N_("caption"),
    N_("clipper excerpt"),
    N_("comments"),
    N_("comments link"),
    N_("date line"),
    N_("dateline"),
    N_("embed link"),
    N_("furniture (site setting)"),
    N_("headline"),
    N_("headline repeated"),
    N_("licensing link"),
    N_("navigation"),
    N_("newsletter box"),
    N_("photo credit"),
    N_("photo title"),
    N_("promotion"),
    N_("publisher standards link"),
    N_("related"),
    N_("related-article link"),
    N_("saved-page header"),
    N_("separator"),
    N_("share buttons"),
    N_("social link"),
    N_("widget"),
)

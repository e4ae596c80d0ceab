"""The cross-reference: a page for each story (`/xref/<story>/`: claims x sources with each
outlet's wording, the names each source uses, the machine-found hints), and its index
(`/xref/`: the verdict counts and tags of the whole site, and every story, paginated)."""

from __future__ import annotations

from ... import urls
from ...analyse.stories import StoryMembers
from ...analyse.xref import story_xref
from ..context import RenderContext
from ..pagination import Pager, numbered, pagers
from ..registry import PageKind, PageSpec
from .compare import hint_view, hints_of_story, story_pairs
from .listing import group_counts, page_of
from .tags import tag_groups
from .verdicts import verdict_counts


def index_specs(ctx: RenderContext):
    for pager in pagers(urls.XREF, len(ctx.stories()), ctx.settings.page_size):
        yield PageSpec(urls.file_of(pager.path), "xref", (pager.number, pager.count))


def render_index(ctx: RenderContext, spec: PageSpec) -> bytes:
    pager = Pager(urls.XREF, *spec.key)
    chunk = page_of(ctx, pager, RenderContext.stories)
    overview = pager.number == 1
    return ctx.page(
        "xref.html",
        pager.path,
        title=numbered(ctx.gettext("Cross-reference"), pager, ctx.gettext),
        stories=[ctx.derive(_story_summary, members.id) for members in chunk],
        pager=pager,
        verdict_counts=_verdict_counts(ctx) if overview else [],
        tags=_tag_counts(ctx)[:40] if overview else [],
    )


def _story_summary(ctx: RenderContext, story_id: str) -> dict:
    """What the index says of a story: its title, and how many sources and claims it has."""
    members = ctx.story_members(story_id)
    claims = {a.note_id for i in members.source_ids for a in ctx.reads.anchors_in(i)}
    claims |= {o.note_id for i in members.source_ids for o in ctx.reads.orphans_in(i)}
    story = {"id": members.id, "title": members.title}
    return {"story": story, "sources": len(members.source_ids), "claims": len(claims)}


def story_specs(ctx: RenderContext):
    for members in ctx.stories():
        yield PageSpec(urls.file_of(urls.story(members.id)), "story", (members.id,))


def render_story(ctx: RenderContext, spec: PageSpec) -> bytes:
    members = ctx.story_members(spec.key[0])
    return ctx.page(
        "story.html",
        urls.story(members.id),
        title=ctx.gettext("Cross-reference: %(story)s") % {"story": members.title},
        description=ctx.gettext("How the sources of %(story)s carry each claim, side by side.")
        % {"story": members.title},
        view=story_view(ctx, members),
    )


def story_view(ctx: RenderContext, members: StoryMembers) -> dict:
    story = ctx.story(members)
    notes = list({n.id: n for i in members.source_ids for n in ctx.notes_quoting(i)}.values())
    anchors = [a for i in members.source_ids for a in ctx.reads.anchors_in(i)]
    orphans = [o for i in members.source_ids for o in ctx.reads.orphans_in(i)]
    xref = story_xref(story, notes, anchors, orphans, ctx.reads.all_entities())
    hints = []
    if len(story.sources) > 1:
        views = (hint_view(h, ctx) for h in hints_of_story(ctx, members))
        hints = [v for v in views if v is not None]
    sources = {s.id: s for s in story.sources}
    return {
        "story": story,
        "xref": xref,
        "rows": [{**ctx.note_view(row.note), "cells": row.cells} for row in xref.rows],
        "pairs": [(sources[a], sources[b], urls.compare(a, b)) for a, b in story_pairs(members)],
        "hints": [h for h in hints if h["hint"].kind != "only-in"],
        "unmatched": [h for h in hints if h["hint"].kind == "only-in"],
    }


def _verdict_counts(ctx: RenderContext) -> list[tuple]:
    counts = dict(verdict_counts(ctx))
    return [(v, counts[v.key]) for v in ctx.settings.verdicts]


def _tag_counts(ctx: RenderContext) -> list[tuple[str, int]]:
    return sorted(group_counts(ctx, tag_groups), key=lambda item: (-item[1], item[0]))


XREF = PageKind("xref", "the cross-reference", index_specs, render_index)
STORY = PageKind("story", "the cross-reference of a story", story_specs, render_story)

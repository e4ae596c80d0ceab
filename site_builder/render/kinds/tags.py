"""The tags: an index of every tag, and a page of the notes under each."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..pagination import Pager
from ..registry import PageKind, PageSpec
from .listing import (
    NamedGroup,
    group_by_name,
    group_counts,
    group_name,
    list_page,
    list_specs,
    newest_first,
    page_of,
)


def tag_groups(ctx: RenderContext) -> dict[str, NamedGroup]:
    """Tag slug -> the tag's notes; tags that differ only in case or punctuation are one."""
    return ctx.derive(_tag_groups)


def _tag_groups(ctx: RenderContext) -> dict[str, NamedGroup]:
    return group_by_name([(i, tag) for i, tags in ctx.reads.notes_column("tags") for tag in tags])


def _newest_tagged(ctx: RenderContext, slug: str) -> list[str]:
    """A tag's notes, newest first (worked out once for all the pages of the tag)."""
    return newest_first(ctx, tag_groups(ctx)[slug].ids)


def specs(ctx: RenderContext):
    size = ctx.settings.page_size
    groups = tag_groups(ctx)
    yield from list_specs("tags", urls.TAGS, len(groups), size, "")
    for slug, group in groups.items():
        yield from list_specs("tags", urls.tag(group.name), len(group.ids), size, slug)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    slug, number, count = spec.key
    if not slug:
        pager = Pager(urls.TAGS, number, count)
        index = [
            {"name": name, "url": urls.tag(name), "count": members}
            for name, members in page_of(ctx, pager, group_counts, tag_groups)
        ]
        return list_page(ctx, pager, index, "browse_index.html", ctx.gettext("Tags"), kind="tags")
    name = group_name(ctx, tag_groups, slug)
    pager = Pager(urls.tag(name), number, count)
    views = ctx.note_views(page_of(ctx, pager, _newest_tagged, slug))
    return list_page(
        ctx,
        pager,
        views,
        "claim_list.html",
        ctx.gettext("Tag: %(name)s") % {"name": name},
        heading=ctx.gettext("Claims tagged \u201c%(name)s\u201d") % {"name": name},
    )


TAGS = PageKind("tags", "the tag pages", specs, render)

"""The outlets: an index of every outlet, and a page of the sources of each."""

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
    page_of,
)

UNKNOWN_OUTLET = "Unknown outlet"


def outlet_groups(ctx: RenderContext) -> dict[str, NamedGroup]:
    """Outlet slug -> its sources; outlets that differ only in case or punctuation are one."""
    return ctx.derive(_outlet_groups)


def _outlet_groups(ctx: RenderContext) -> dict[str, NamedGroup]:
    named = [(i, outlet or UNKNOWN_OUTLET) for i, outlet in ctx.reads.sources_column("outlet")]
    return group_by_name(named)


def outlet_path(ctx: RenderContext, outlet: str) -> str:
    """The site path of the page of an outlet, under the name that page shows."""
    group = outlet_groups(ctx).get(urls.slug(outlet or UNKNOWN_OUTLET))
    return urls.outlet(group.name if group else outlet or UNKNOWN_OUTLET)


def _newest_of_outlet(ctx: RenderContext, slug: str) -> tuple[str, ...]:
    """An outlet's sources, newest first (worked out once for all the pages of the outlet)."""
    members = set(outlet_groups(ctx)[slug].ids)
    return tuple(i for i in ctx.newest_source_ids() if i in members)


def specs(ctx: RenderContext):
    size = ctx.settings.page_size
    groups = outlet_groups(ctx)
    yield from list_specs("outlets", urls.OUTLETS, len(groups), size, "")
    for slug, group in groups.items():
        yield from list_specs("outlets", urls.outlet(group.name), len(group.ids), size, slug)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    slug, number, count = spec.key
    if not slug:
        pager = Pager(urls.OUTLETS, number, count)
        index = [
            {"name": name, "url": urls.outlet(name), "count": members}
            for name, members in page_of(ctx, pager, group_counts, outlet_groups)
        ]
        title = ctx.gettext("Outlets")
        return list_page(ctx, pager, index, "browse_index.html", title, kind="outlets")
    name = group_name(ctx, outlet_groups, slug)
    pager = Pager(urls.outlet(name), number, count)
    sources = [ctx.reads.source(i) for i in page_of(ctx, pager, _newest_of_outlet, slug)]
    title = ctx.gettext("Outlet: %(name)s") % {"name": name}
    return list_page(ctx, pager, sources, "outlet.html", title, outlet=name)


OUTLETS = PageKind("outlets", "the outlet pages", specs, render)

"""The paginated lists of every claim note and every source, newest first."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..pagination import Pager, numbered, pagers
from ..registry import PageKind, PageSpec
from .listing import page_of


def claims_specs(ctx: RenderContext):
    count = len(ctx.reads.note_ids())
    for pager in pagers(urls.CLAIMS, count, ctx.settings.page_size):
        yield PageSpec(urls.file_of(pager.path), "claims-index", (pager.number, pager.count))


def render_claims(ctx: RenderContext, spec: PageSpec) -> bytes:
    pager = Pager(urls.CLAIMS, *spec.key)
    chunk = page_of(ctx, pager, RenderContext.newest_note_ids)
    return ctx.page(
        "claims_index.html",
        pager.path,
        title=numbered(ctx.gettext("Claims checked"), pager, ctx.gettext),
        notes=ctx.note_views(chunk),
        pager=pager,
    )


def sources_specs(ctx: RenderContext):
    count = len(ctx.reads.source_ids())
    for pager in pagers(urls.SOURCES, count, ctx.settings.page_size):
        yield PageSpec(urls.file_of(pager.path), "sources-index", (pager.number, pager.count))


def render_sources(ctx: RenderContext, spec: PageSpec) -> bytes:
    pager = Pager(urls.SOURCES, *spec.key)
    chunk = page_of(ctx, pager, RenderContext.newest_source_ids)
    return ctx.page(
        "sources_index.html",
        pager.path,
        title=numbered(ctx.gettext("Sources"), pager, ctx.gettext),
        sources=[s for s in (ctx.reads.source(i) for i in chunk) if s],
        pager=pager,
    )


CLAIMS_INDEX = PageKind("claims-index", "the claims index", claims_specs, render_claims)
SOURCES_INDEX = PageKind("sources-index", "the sources index", sources_specs, render_sources)

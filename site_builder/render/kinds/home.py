"""The home page: the newest sources and claim notes, and the verdict scale."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..registry import PageKind, PageSpec


def specs(ctx: RenderContext):
    yield PageSpec(urls.file_of(urls.HOME), "home")


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    size = ctx.settings.page_size
    notes = ctx.newest_note_ids()
    sources = ctx.newest_source_ids()
    return ctx.page(
        "home.html",
        urls.HOME,
        title=ctx.settings.title,
        sources=[s for s in (ctx.reads.source(i) for i in sources[:size]) if s],
        more_sources=len(sources) > size,
        notes=ctx.note_views(notes[:size]),
        more_notes=len(notes) > size,
    )


KIND = PageKind("home", "the home page", specs, render)

"""The content pages (`content/pages/<name>.md` at `/<name>/`): methodology, corrections..."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..markdown import render_prose
from ..registry import PageKind, PageSpec
from .media import media_addresses


def specs(ctx: RenderContext):
    for slug, path in ctx.reads.pages_column("path"):
        yield PageSpec(urls.file_of(urls.content_page(slug)), "page", (slug,), origin=path, line=1)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    page = ctx.reads.page(spec.key[0])
    return ctx.page(
        "page.html",
        urls.content_page(page.slug),
        title=page.title,
        description=page.summary,
        page=page,
        body_html=render_prose(
            page.body, media_addresses(ctx, page.path, urls.content_page(page.slug)), top=2
        ),  # under the page's title
    )


CONTENT_PAGE = PageKind("page", "the content page", specs, render, searchable=True)

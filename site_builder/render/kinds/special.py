"""The search page (Pagefind runs in the browser) and the page for addresses that lead
nowhere (404)."""

from __future__ import annotations

from urllib.parse import urlsplit

from ... import urls
from ...output import search_index
from ..context import RenderContext
from ..registry import PageKind, PageSpec


def search_specs(ctx: RenderContext):
    yield PageSpec(urls.file_of(urls.SEARCH), "search", (ctx.derive(_shards),))


def render_search(ctx: RenderContext, spec: PageSpec) -> bytes:
    (shards,) = spec.key
    return ctx.page(
        "search.html",
        urls.SEARCH,
        title=ctx.gettext("Search"),
        description=ctx.gettext("Search the claims, sources and pages."),
        search_shards=[search_index.shard_folder(n) for n in range(1, shards)],
    )


def _shards(ctx: RenderContext) -> int:
    """How many shards the search index has (the search page merges them all)."""
    kinds = [name for name, kind in ctx.page_kinds.items() if kind.searchable]
    return search_index.shard_count(sum(1 for name in kinds for _ in ctx.specs(name)))


def not_found_specs(ctx: RenderContext):
    yield PageSpec(urls.NOT_FOUND, "not-found")


def render_not_found(ctx: RenderContext, spec: PageSpec) -> bytes:
    # Served at any depth, so its links start from the base URL's path, not from itself.
    base_path = urlsplit(ctx.settings.base_url).path or "/"
    # No canonical address: a missing page has none of its own.
    return ctx.page(
        "404.html",
        urls.NOT_FOUND,
        title=ctx.gettext("Page not found"),
        root=base_path,
        canonical="",
    )


SEARCH = PageKind("search", "the search page", search_specs, render_search)
NOT_FOUND = PageKind("not-found", "the 404 page", not_found_specs, render_not_found)
# Pagefind writes the search index after the pages: its folder is its own.
SEARCH_INDEX = PageKind(
    "search-index",
    "the search index",
    lambda ctx: (),
    lambda ctx, spec: b"",
    folder=urls.SEARCH_INDEX,
)

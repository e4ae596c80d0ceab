"""The site's media (`content/media/`), copied to `/media/` as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from ... import urls
from ..context import RenderContext
from ..markdown import Addressed, addresses, media_name
from ..registry import PageKind, PageSpec


def specs(ctx: RenderContext):
    for name in ctx.reads.media_names():
        yield PageSpec(urls.MEDIA + name, "media", (name,))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    return Path(ctx.reads.medium(spec.key[0]).path).read_bytes()


def media_addresses(
    ctx: RenderContext, document: str, site_path: str
) -> Callable[[str], Addressed]:
    """The addresses of prose written in `document` ("content/claims/x.md") as the page at
    `site_path` needs them: one that leads to a file of the site's media, to its copy in
    /media/ (relative to the page, so that a site served under a path works), with the
    picture's size; one from the site's root ("/methodology/", or "/sub/methodology/" for a site
    served at /sub/), relative to the page too; any other as it is written."""

    # the path the site is served at ("/sub/"): a link written with it ("/sub/claims/x/", as
    # `check --links` asked of a site served there) is from the site's root too
    served_at = urlsplit(ctx.settings.base_url).path

    def address(url: str) -> Addressed:
        if served_at != "/" and (url.startswith(served_at) or url == served_at[:-1]):
            url = "/" + url[len(served_at) :]
        found = media_name(document, url)
        medium = ctx.reads.medium(found[0]) if found is not None else None
        if medium is None:
            if url.startswith("/") and not url.startswith("//"):  # the site's, not the host's
                return urls.root_of(site_path) + url[1:], None
            return url, None
        return urls.root_of(site_path) + urls.medium(medium.name) + found[1], medium.size

    return address


def shared_image(ctx: RenderContext, document: str, body: str) -> dict | None:
    """The first picture of the site's media that prose written in `document` shows, as the
    page offers it to be shown where it is shared (`og:image`, at its absolute address, and
    its words); None without one, or without the site's address to give."""
    if "media/" not in body or not ctx.settings.base_url:
        return None
    for _, url, words in addresses(body):
        found = media_name(document, url) if words is not None else None
        if found is not None and ctx.reads.medium(found[0]) is not None:
            return {"url": ctx.settings.absolute_url(urls.medium(found[0])), "alt": words}
    return None


# (not owning /media/ whole: a content page named "media" keeps its address beside the files)
MEDIA = PageKind("media", "the site's media (content/media/)", specs, render)

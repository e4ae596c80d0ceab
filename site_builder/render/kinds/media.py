"""The site's media (`content/media/`), copied to `/media/` as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ... import urls
from ...read.media import media_name
from ..context import RenderContext
from ..registry import PageKind, PageSpec


def specs(ctx: RenderContext):
    for name in ctx.reads.media_names():
        yield PageSpec(urls.MEDIA + name, "media", (name,))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    return Path(ctx.reads.medium(spec.key[0]).path).read_bytes()


def media_addresses(ctx: RenderContext, document: str, site_path: str) -> Callable[[str], str]:
    """The addresses of prose written in `document` ("content/claims/x.md") as the page at
    `site_path` needs them: one that leads to a file of the site's media, to its copy in
    /media/ (relative to the page, so that a site served under a path works); any other as
    it is written."""

    def address(url: str) -> str:
        found = media_name(document, url)
        if found is None or ctx.reads.medium(found[0]) is None:
            return url
        return urls.root_of(site_path) + urls.medium(found[0]) + found[1]

    return address


# (not owning /media/ whole: a content page named "media" keeps its address beside the files)
MEDIA = PageKind("media", "the site's media (content/media/)", specs, render)

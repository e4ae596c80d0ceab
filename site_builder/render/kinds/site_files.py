"""The files hosts and crawlers look for: robots.txt, `.nojekyll` (GitHub Pages serves the
site as it is) and, for a custom domain, CNAME."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..registry import PageKind, PageSpec


def specs(ctx: RenderContext):
    yield PageSpec(urls.ROBOTS, "site-files", ("robots",))
    yield PageSpec(".nojekyll", "site-files", ("nojekyll",))
    if ctx.settings.cname:
        yield PageSpec("CNAME", "site-files", ("cname",))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    settings = ctx.settings
    if spec.key == ("robots",):
        sitemap = settings.absolute_url(urls.SITEMAP)
        return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
    if spec.key == ("cname",):
        return (settings.cname + "\n").encode()
    return b""


SITE_FILES = PageKind("site-files", "the files for hosts and crawlers", specs, render)

"""The theme's static assets (stylesheet, scripts, icons), copied to `/static/`."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..registry import PageKind, PageSpec


def specs(ctx: RenderContext):
    for name in ctx.reads.static_names():
        yield PageSpec(urls.static(name), "static", (name,))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    return ctx.reads.static_file(spec.key[0])


STATIC = PageKind("static", "the theme's static files", specs, render, folder=urls.STATIC)

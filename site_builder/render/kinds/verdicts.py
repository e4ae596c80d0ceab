"""The verdicts: the scale with how many notes each verdict has, and a page of the notes under
each verdict."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..pagination import Pager
from ..registry import PageKind, PageSpec
from .listing import list_page, list_specs, newest_first, page_of


def _by_verdict(ctx: RenderContext) -> dict[str, list[str]]:
    return ctx.derive(_group_by_verdict)


def _group_by_verdict(ctx: RenderContext) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {key: [] for key in ctx.settings.verdict_keys}
    for note_id, verdict in ctx.reads.notes_column("verdict"):
        found.setdefault(verdict, []).append(note_id)
    return found


def _newest_rated(ctx: RenderContext, key: str) -> list[str]:
    """A verdict's notes, newest first (worked out once for all the pages of the verdict)."""
    return newest_first(ctx, _by_verdict(ctx).get(key, []))


def verdict_counts(ctx: RenderContext) -> tuple[tuple[str, int], ...]:
    """Each verdict's key and how many notes have it, in the scale's order: what the index of
    verdicts and the cross-reference list."""
    return tuple((key, len(notes)) for key, notes in _by_verdict(ctx).items())


def specs(ctx: RenderContext):
    size = ctx.settings.page_size
    groups = _by_verdict(ctx)
    yield from list_specs("verdicts", urls.VERDICTS, len(groups), size, "")
    for key, notes in groups.items():
        yield from list_specs("verdicts", urls.verdict(key), len(notes), size, key)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    key, number, count = spec.key
    if not key:
        pager = Pager(urls.VERDICTS, number, count)
        index = [
            {
                "name": ctx.verdict(k).label,
                "url": urls.verdict(k),
                "count": notes,
                "verdict": ctx.verdict(k),
            }
            for k, notes in page_of(ctx, pager, verdict_counts)
        ]
        title = ctx.gettext("Verdicts")
        return list_page(ctx, pager, index, "browse_index.html", title, kind="verdicts")
    verdict = ctx.verdict(key)
    pager = Pager(urls.verdict(key), number, count)
    views = ctx.note_views(page_of(ctx, pager, _newest_rated, key))
    return list_page(
        ctx,
        pager,
        views,
        "claim_list.html",
        ctx.gettext("Verdict: %(label)s") % {"label": verdict.label},
        heading=(
            ctx.gettext("Claims rated \u201c%(label)s\u201d")
            if verdict.rated
            else ctx.gettext("Notes: \u201c%(label)s\u201d")
        )
        % {"label": verdict.label},
        verdict=verdict,
    )


VERDICTS = PageKind("verdicts", "the verdict pages", specs, render)

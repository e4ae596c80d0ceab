"""The log of corrections and updates: every entry of every claim note's update log, newest
first, each linked to its place on the claim page (as fact-check desks publish theirs)."""

from __future__ import annotations

from ... import urls
from ..context import RenderContext
from ..pagination import Pager, numbered
from ..registry import PageKind, PageSpec
from .listing import list_specs, page_of


def logged(ctx: RenderContext) -> tuple[tuple[str, str, int], ...]:
    """(date, note id, the entry's number in its note's log) of every update logged, newest
    first; entries of one day by note id, a note's later entries first."""
    entries = [
        (update.date, note_id, number)
        for note_id, updates in ctx.reads.notes_column("updates")
        for number, update in enumerate(updates, start=1)
    ]
    entries.sort(key=lambda e: (e[1], -e[2]))
    entries.sort(key=lambda e: e[0], reverse=True)
    return tuple(entries)


def specs(ctx: RenderContext):
    count = len(ctx.derive(logged))
    yield from list_specs("updates", urls.UPDATES, count, ctx.settings.page_size)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    pager = Pager(urls.UPDATES, *spec.key)
    entries = []
    for _, note_id, number in page_of(ctx, pager, logged):
        note = ctx.reads.note(note_id)
        entries.append(
            {
                "logged": note.updates[number - 1],
                "url": urls.claim(note.id) + f"#update-{number}",
                **ctx.note_view(note),
            }
        )
    title = ctx.gettext("Corrections and updates")
    return ctx.page(
        "updates_index.html",
        pager.path,
        title=numbered(title, pager, ctx.gettext),
        description=ctx.gettext(
            "Every correction, clarification, verdict change and update made to a claim note, "
            "newest first."
        ),
        entries=entries,
        pager=pager,
    )


UPDATES = PageKind("updates", "the log of corrections and updates", specs, render)

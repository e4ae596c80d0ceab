"""The log of corrections and updates: every entry of every claim note's update log, newest
first, each linked to its place on the claim page (as fact-check desks publish theirs), and its
Atom feed."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ... import urls
from ..context import RenderContext
from ..pagination import Pager, numbered
from ..registry import PageKind, PageSpec
from .feeds import ATOM, FEED_ENTRIES, atom_feed, atom_time, xml_bytes
from .listing import list_specs, page_of

# What each kind of entry is called (the words of `partials/update_entry.html`).
KIND_WORDS = {
    "correction": "Correction",
    "clarification": "Clarification",
    "update": "Update",
    "verdict-change": "Verdict change",
}


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


def feed_specs(ctx: RenderContext):
    yield PageSpec(urls.UPDATES_FEED, "updates-feed")


def render_feed(ctx: RenderContext, spec: PageSpec) -> bytes:
    """The newest entries of the log, each an Atom entry that links to its place in its note's
    log, under an id that stays when the note is renamed (its first address, as in the feed
    of claim notes) or when later entries are logged (they are numbered oldest first)."""
    settings = ctx.settings
    title = ctx.gettext("%(site)s: corrections and updates") % {"site": settings.title}
    entries = ctx.derive(logged)[:FEED_ENTRIES]
    newest = entries[0][0] if entries else ""
    feed = atom_feed(settings, title, "", urls.UPDATES, urls.UPDATES_FEED, newest)
    for _, note_id, number in entries:
        note = ctx.reads.note(note_id)
        _entry(ctx, feed, note, number)
    return xml_bytes(feed)


def _entry(ctx: RenderContext, feed: ET.Element, note, number: int) -> None:
    update = note.updates[number - 1]
    settings, kind = ctx.settings, update.shown_kind
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    label = ctx.gettext(KIND_WORDS[kind]) if kind else ""
    title = ctx.gettext("%(kind)s: %(claim)s") % {"kind": label, "claim": note.claim}
    ET.SubElement(entry, f"{{{ATOM}}}title").text = title if label else note.claim
    first = note.aliases[0] if note.aliases else note.id
    anchor = f"#update-{number}"
    ET.SubElement(entry, f"{{{ATOM}}}id").text = settings.absolute_url(urls.claim(first)) + anchor
    href = settings.absolute_url(urls.claim(note.id)) + anchor
    ET.SubElement(entry, f"{{{ATOM}}}link", href=href, rel="alternate")
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = atom_time(update.date)
    if kind:
        ET.SubElement(entry, f"{{{ATOM}}}category", term=kind, label=label)
    summary = update.change
    if update.old_verdict and update.new_verdict:
        summary += " " + ctx.gettext("Verdict changed from %(old)s to %(new)s.") % {
            "old": settings.verdict(update.old_verdict).label,
            "new": settings.verdict(update.new_verdict).label,
        }
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary


UPDATES = PageKind("updates", "the log of corrections and updates", specs, render)
UPDATES_FEED = PageKind(
    "updates-feed", "the feed of corrections and updates", feed_specs, render_feed
)

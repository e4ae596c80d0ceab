"""The log of corrections and updates: every entry of every claim note's update log, newest
first, each linked to its place on the claim page (as fact-check desks publish theirs), and its
Atom feed."""

from __future__ import annotations

from collections import Counter
from xml.etree import ElementTree as ET

from ... import urls
from ..context import RenderContext
from ..i18n import N_
from ..pagination import Pager, numbered
from ..registry import PageKind, PageSpec
from .feeds import ATOM, FEED_ENTRIES, atom_feed, atom_time, xml_bytes
from .listing import list_specs, page_of

# What each kind of entry is called (the words of `partials/update_entry.html`), and its page.
KIND_WORDS = {
    "correction": N_("Correction"),
    "clarification": N_("Clarification"),
    "verdict-change": N_("Verdict change"),
    "update": N_("Update"),
}
KIND_PLURALS = {
    "correction": N_("Corrections"),
    "clarification": N_("Clarifications"),
    "verdict-change": N_("Verdict changes"),
    "update": N_("Updates"),
}


def logged(ctx: RenderContext) -> tuple[tuple[str, str, int, str], ...]:
    """(date, note id, the entry's number in its note's log, what it is) of every update
    logged, newest first; entries of one day by note id, a note's later entries first."""
    entries = [
        (update.date, note_id, number, update.shown_kind)
        for note_id, updates in ctx.reads.notes_column("updates")
        for number, update in enumerate(updates, start=1)
    ]
    entries.sort(key=lambda e: (e[1], -e[2]))
    entries.sort(key=lambda e: e[0], reverse=True)
    return tuple(entries)


def logged_as(ctx: RenderContext, kind: str) -> tuple[tuple[str, str, int, str], ...]:
    """The entries of the log of one kind ("" for all of them)."""
    entries = ctx.derive(logged)
    return entries if not kind else tuple(e for e in entries if e[3] == kind)


def kind_counts(ctx: RenderContext) -> tuple[tuple[str, int], ...]:
    """Each kind of entry the log holds, with how many, in the order of `KIND_WORDS`."""
    found = Counter(e[3] for e in ctx.derive(logged))
    return tuple((kind, found[kind]) for kind in KIND_WORDS if found[kind])


def specs(ctx: RenderContext):
    size = ctx.settings.page_size
    yield from list_specs("updates", urls.UPDATES, len(ctx.derive(logged)), size, "")
    for kind, count in ctx.derive(kind_counts):
        yield from list_specs("updates", urls.updates_of(kind), count, size, kind)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    kind, number, count = spec.key
    pager = Pager(urls.updates_of(kind), number, count)
    entries = []
    for _, note_id, entry, _ in page_of(ctx, pager, logged_as, kind):
        note = ctx.reads.note(note_id)
        entries.append(
            {
                "logged": note.updates[entry - 1],
                "url": urls.claim(note.id) + f"#update-{entry}",
                **ctx.note_view(note),
            }
        )
    kinds = [
        {"kind": k, "url": urls.updates_of(k), "count": n, "words": ctx.gettext(KIND_PLURALS[k])}
        for k, n in ctx.derive(kind_counts)
    ]
    title = ctx.gettext(KIND_PLURALS[kind]) if kind else ctx.gettext("Corrections and updates")
    return ctx.page(
        "updates_index.html",
        pager.path,
        title=numbered(title, pager, ctx.gettext),
        description=ctx.gettext(
            "Every correction, clarification, verdict change and update made to a claim note, "
            "newest first."
        ),
        heading=title,
        entries=entries,
        kind=kind,
        kinds=kinds,
        total=len(ctx.derive(logged)),
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
    for _, note_id, number, _ in entries:
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

"""A page for every claim note (verdict, analysis, evidence, the passage from every source side by
side), and for each former id of a note (`aliases`), a page saying where it went."""

from __future__ import annotations

from typing import NamedTuple

from ... import urls
from ...analyse.compare.analysis import outlet_labels
from ...model import BLOCK_SEPARATOR, Anchor, ClaimNote, SourceArticle
from ...settings import Verdict
from ..annotated import context_window
from ..context import RenderContext
from ..markdown import render_prose
from ..registry import PageKind, PageSpec
from ..schema import claim_review, json_for_script
from .media import media_addresses, shared_image


def specs(ctx: RenderContext):
    for note_id in ctx.reads.note_ids():
        yield PageSpec(urls.file_of(urls.claim(note_id)), "claim", (note_id,))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    note = ctx.reads.note(spec.key[0])
    anchors = {(a.source_id, a.number): a for a in ctx.reads.anchors_of(note.id)}
    passages = []
    for number, ref in enumerate(note.quotes, start=1):
        source = ctx.reads.source(ref.source)
        anchor = anchors.get((ref.source, number))
        context = _context(source, anchor, ctx.excerpts_only(source)) if anchor else None
        passages.append(
            {"source": source, "ref": ref, "number": number, "anchor": anchor, "context": context}
        )
    carried = list(dict.fromkeys(ref.source for ref in note.quotes))
    stories = {m.id: m for m in (ctx.story_members_of(s) for s in carried) if m is not None}
    missing = [i for m in stories.values() for i in m.source_ids if i not in carried]
    verdict = ctx.verdict(note.verdict)
    review = claim_review(note, ctx)
    related = [r for m in stories.values() for r in ctx.derive(_story_claims, m.id)]
    related = [r for r in dict.fromkeys(related) if r[0] != note.id][:RELATED]
    outlets = {ctx.reads.source(s).outlet for s in carried}
    shown = [ctx.reads.source(i) for i in (*carried, *missing)]
    return ctx.page(
        "claim.html",
        urls.claim(note.id),
        title=f"{note.claim} ({verdict.label})",
        description=note.summary or note.claim,
        og_type="article",
        claim_review_json=json_for_script(review) if review else "",
        **ctx.note_view(note),
        body_html=ctx.derive(_body_html, note.id),
        shared_image=shared_image(ctx, note.path, note.body),
        passages=passages,
        not_carried=[ctx.reads.source(i) for i in missing],
        source_names=outlet_labels(shown),
        entities=[e for e in (ctx.reads.entity(i) for i in note.entities) if e],
        filter_outlets=sorted(o for o in outlets if o),
        filter_stories=sorted(m.title for m in stories.values()),
        orphans=ctx.reads.orphans_of(note.id),
        related=[Related(i, claim, claimant, ctx.verdict(v)) for i, claim, claimant, v in related],
        told_by_many=[m for m in stories.values() if len(m.source_ids) > 1],
    )


# At most this many other claims of the same story on a claim page (the story's page has all).
RELATED = 5


class Related(NamedTuple):
    """Another claim of the story, as a claim page lists it."""

    id: str
    claim: str
    claimant: str
    verdict: Verdict


def _story_claims(ctx: RenderContext, story_id: str) -> tuple[tuple[str, str, str, str], ...]:
    """(id, claim, claimant, verdict) of each note with a passage in the story, newest first:
    what a claim page shows of the others, so that it depends on no more of them than that."""
    members = ctx.story_members(story_id)
    ids = {a.note_id for i in members.source_ids for a in ctx.reads.anchors_in(i)}
    rank = ctx.derive(_newest_rank)
    notes = (ctx.reads.note(i) for i in sorted(ids, key=lambda i: (rank.get(i, len(rank)), i)))
    return tuple((n.id, n.claim, n.claimant, n.verdict) for n in notes)


def _newest_rank(ctx: RenderContext) -> dict[str, int]:
    return {note_id: n for n, note_id in enumerate(ctx.newest_note_ids())}


def _body_html(ctx: RenderContext, note_id: str) -> str:
    note = ctx.reads.note(note_id)
    address = media_addresses(ctx, note.path, urls.claim(note_id))
    return render_prose(note.body, address, top=3)  # under the claim and "Analysis"


def _context(source: SourceArticle, anchor: Anchor, excerpts: bool, chars: int = 160) -> dict:
    """The passage with up to `chars` of visible context (its paragraph, or its excerpt)."""
    text = source.body_text
    para_start, para_end = context_window(source, anchor, excerpts)
    last = source.block_index_at(max(anchor.start, anchor.end - 1))
    if not excerpts:  # a passage over several paragraphs: to the end of its last
        para_end = max(para_end, source.block_starts[last] + len(source.blocks[last].text))
    lo, hi = max(para_start, anchor.start - chars), min(para_end, anchor.end + chars)
    if lo > para_start:  # start and end the context on whole words
        lo = text.find(" ", lo, anchor.start) + 1 or lo
    if hi < para_end:
        cut = text.rfind(" ", anchor.end, hi)
        hi = cut if cut > anchor.end else hi
    parts = (
        ("before", ("\u2026" if lo > para_start else "") + text[lo : anchor.start]),
        ("passage", " \u2026 ".join(text[s:e] for s, e in anchor.spans)),
        ("after", text[anchor.end : hi] + ("\u2026" if hi < para_end else "")),
    )
    paragraphs: list[list[tuple[str, str]]] = [[]]  # a passage over several: each its own
    for kind, words in parts:
        for n, piece in enumerate(words.split(BLOCK_SEPARATOR)):
            if n:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append((kind, piece))
    first = source.block_index_at(anchor.start)
    return {
        **dict(parts),  # before, passage, after: as a theme's own claim.html may read them
        "paragraphs": paragraphs,
        "paragraph": str(first + 1) if last == first else f"{first + 1}\u2013{last + 1}",
    }


def alias_specs(ctx: RenderContext):
    for note_id, aliases in ctx.reads.notes_column("aliases"):
        for alias in aliases:
            note = ctx.reads.note(note_id)
            yield PageSpec(
                urls.file_of(urls.claim(alias)),
                "alias",
                (alias, note_id),
                origin=note.path,
                line=note.line,
            )


def render_alias(ctx: RenderContext, spec: PageSpec) -> bytes:
    alias, note_id = spec.key
    note: ClaimNote = ctx.reads.note(note_id)
    return ctx.page(
        "moved.html",
        urls.claim(alias),
        title=ctx.gettext("Moved: %(claim)s") % {"claim": note.claim},
        description=ctx.gettext("This claim note is now at %(url)s.")
        % {"url": urls.claim(note_id)},
        note=note,
        target=urls.claim(note_id),
        canonical=ctx.settings.absolute_url(urls.claim(note_id)),  # the note's own address
    )


CLAIM = PageKind("claim", "the page of a claim note", specs, render, searchable=True)
ALIAS = PageKind("alias", "the former address (alias) of", alias_specs, render_alias)

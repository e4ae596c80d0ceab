"""People and organisations: an index, and for each, the notes that name them and every passage
of every source that does, with the spelling each source uses."""

from __future__ import annotations

import unicodedata

from ... import urls
from ...analyse.xref import covering_forms, entity_mentions
from ...model import Entity, SourceArticle
from ..context import RenderContext
from ..pagination import Pager
from ..registry import PageKind, PageSpec
from .listing import list_page, list_specs, newest_first, on_page

SNIPPET_CHARS = 110
WORD_REACH = 20  # how far a snippet's end may move to the edge of a word


def _mentions_of(ctx: RenderContext, entity_id: str) -> list[dict]:
    return ctx.derive(_find_mentions, entity_id)


def _find_mentions(ctx: RenderContext, entity_id: str) -> list[dict]:
    """Every source that names the entity, with each passage."""
    entity = ctx.reads.entity(entity_id)
    covering = ctx.derive(_covering, entity_id)
    found = (_mentions(entity, s, ctx.shown_ranges(s), covering) for s in ctx.reads.all_sources())
    return [m for m in found if m["passages"]]


def _covering(ctx: RenderContext, entity_id: str) -> tuple[str, ...]:
    """Other entities' longer names that hold one of its forms (derived: its page depends on
    these, not on every entity)."""
    return covering_forms(ctx.reads.all_entities()).get(entity_id, ())


def _notes_naming(ctx: RenderContext) -> dict[str, list[str]]:
    return ctx.derive(_group_notes_naming)


def _group_notes_naming(ctx: RenderContext) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for note_id, entity_ids in ctx.reads.notes_column("entities"):
        for entity_id in entity_ids:
            found.setdefault(entity_id, []).append(note_id)
    return found


def _naming(ctx: RenderContext, entity_id: str) -> tuple[str, ...]:
    """The notes that name the entity, newest first (derived: its pages depend on these notes,
    not on every note's date)."""
    return tuple(newest_first(ctx, _notes_naming(ctx).get(entity_id, [])))


def _by_name(ctx: RenderContext) -> list[Entity]:
    return sorted(ctx.reads.all_entities(), key=lambda e: e.name.casefold())


def specs(ctx: RenderContext):
    size = ctx.settings.page_size
    yield from list_specs("entities", urls.ENTITIES, len(ctx.reads.entity_ids()), size, "")
    for entity_id in ctx.reads.entity_ids():
        count = len(_mentions_of(ctx, entity_id))
        yield from list_specs("entities", urls.entity(entity_id), count, size, entity_id)


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    entity_id, number, count = spec.key
    size = ctx.settings.page_size
    if not entity_id:
        pager = Pager(urls.ENTITIES, number, count)
        index = [
            {"name": e.name, "url": urls.entity(e.id), "count": None, "kind": e.kind}
            for e in on_page(ctx, _by_name(ctx), pager)
        ]
        return list_page(
            ctx,
            pager,
            index,
            "browse_index.html",
            ctx.gettext("People and organisations"),
            kind="entities",
        )
    entity = ctx.reads.entity(entity_id)
    pager = Pager(urls.entity(entity_id), number, count)
    mentions = _mentions_of(ctx, entity_id)
    spellings = sorted({p["form"] for m in mentions for p in m["passages"]})
    naming = ctx.derive(_naming, entity_id)
    shown = [
        {**m, "source": ctx.reads.source(m["source_id"])} for m in on_page(ctx, mentions, pager)
    ]
    return list_page(
        ctx,
        pager,
        shown,
        "entity.html",
        entity.name,
        entity=entity,
        notes=ctx.note_views(naming[:size]),
        more_notes=len(naming) > size,
        spellings=spellings,
    )


def _mentions(entity: Entity, source: SourceArticle, shown=None, covering=()) -> dict:
    """Where a source names an entity: for each paragraph, each form used and a snippet (for
    an excerpts-only source, only within the `shown` ranges its page shows)."""
    passages = []
    text = source.body_text
    seen = set()  # (form, paragraph): the first mention of a form in a paragraph stands for it
    for form, name_start, name_end in entity_mentions(source, entity, covering):
        index = source.block_index_at(name_start)
        start = source.block_starts[index]
        block = source.blocks[index].text
        bounds = (start, start + len(block))
        if shown is not None:
            within = [(lo, hi) for lo, hi in shown if lo <= name_start and name_end <= hi]
            if not within:
                continue
            bounds = within[0]
        if (form, index) in seen:
            continue
        seen.add((form, index))
        at_start, at_end = name_start - start, name_end - start
        first, last = bounds[0] - start, bounds[1] - start
        lo, hi = max(first, at_start - SNIPPET_CHARS), min(last, at_end + SNIPPET_CHARS)
        lo = _word_edge(block, lo, range(lo, max(lo, min(at_start, lo + WORD_REACH)) + 1))
        hi = _word_edge(block, hi, range(hi, min(hi, max(at_end, hi - WORD_REACH)) - 1, -1))
        while 0 < lo and unicodedata.category(block[lo])[0] == "M":  # not in a letter
            lo -= 1
        while hi < len(block) and unicodedata.category(block[hi])[0] == "M":
            hi += 1
        passages.append(
            {
                "form": form,
                "paragraph": index + 1,
                "before": ("\u2026" if lo else "") + block[lo:at_start],
                "name": text[name_start:name_end],
                "after": block[at_end:hi] + ("\u2026" if hi < len(block) else ""),
            }
        )
    passages.sort(key=lambda p: p["paragraph"])
    return {"source_id": source.id, "passages": passages}


def _word_edge(block: str, cut: int, candidates: range) -> int:
    """Where a snippet cut at `cut` ends instead: the first of `candidates` that is not inside
    a word (a snippet starts or ends at a word's edge, not "…e civil war"); `cut` when none is
    (text written without spaces, as Chinese is, has no edge near)."""
    for at in candidates:
        if not (0 < at < len(block) and _in_word(block[at - 1]) and _in_word(block[at])):
            return at
    return cut


def _in_word(character: str) -> bool:
    return character.isalnum() or unicodedata.category(character)[0] == "M"


ENTITIES = PageKind("entities", "the pages of people and organisations", specs, render)

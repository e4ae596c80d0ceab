"""Browsing pages: each tag, person or organisation, outlet and verdict, and the search page.
Every list is paginated, so no page grows with the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .contents import ClaimNote, Entity, SourceArticle
from .xref import _paragraphs_naming

if TYPE_CHECKING:
    from .render import Renderer

SNIPPET_CHARS = 110


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "none"


def newest_first(notes) -> list[ClaimNote]:
    return sorted(notes, key=lambda n: (n.updated or n.published, n.id), reverse=True)


def browse_pages(r: Renderer) -> Iterator[tuple[str, bytes]]:
    yield from tag_pages(r)
    yield from verdict_pages(r)
    yield from outlet_pages(r)
    yield from entity_pages(r)
    yield search_page(r)


def browse_paths(r: Renderer) -> list[str]:
    """The site paths of the browsing pages (first pages), for the sitemap."""
    paths = ["tags/", "verdicts/", "outlets/", "entities/", "search/"]
    paths += [f"tags/{slug(t)}/" for t in _tags(r)]
    paths += [f"verdicts/{key}/" for key in r.settings["verdicts"]]
    paths += [f"outlets/{slug(o)}/" for o in _outlets(r)]
    paths += [f"entities/{e.id}/" for e in r.site.entities]
    return paths


def _tags(r: Renderer) -> dict[str, list[ClaimNote]]:
    tags: dict[str, list[ClaimNote]] = {}
    for note in r.site.notes:
        for tag in note.tags:
            tags.setdefault(tag, []).append(note)
    return dict(sorted(tags.items()))


def _outlets(r: Renderer) -> dict[str, list[SourceArticle]]:
    outlets: dict[str, list[SourceArticle]] = {}
    for source in r.site.sources:
        outlets.setdefault(source.outlet or "Unknown outlet", []).append(source)
    return dict(sorted(outlets.items()))


def _listing(r: Renderer, base: str, items: list, template: str, title: str, **context):
    from .render import _numbered, _paginate

    for _, chunk, pager in _paginate(items, r.settings["page_size"], base):
        yield r.page(
            template,
            pager["path"],
            title=_numbered(title, pager),
            items=chunk,
            pager=pager,
            **context,
        )


def tag_pages(r: Renderer) -> Iterator[tuple[str, bytes]]:
    tags = _tags(r)
    index = [{"name": t, "url": f"tags/{slug(t)}/", "count": len(n)} for t, n in tags.items()]
    yield from _listing(r, "tags/", index, "browse_index.html", "Tags", kind="tags")
    for tag, notes in tags.items():
        views = [r.note_view(n) for n in newest_first(notes)]
        yield from _listing(
            r,
            f"tags/{slug(tag)}/",
            views,
            "claim_list.html",
            f"Tag: {tag}",
            heading=f"Claims tagged \u201c{tag}\u201d",
        )


def verdict_pages(r: Renderer) -> Iterator[tuple[str, bytes]]:
    by_verdict: dict[str, list[ClaimNote]] = {key: [] for key in r.settings["verdicts"]}
    for note in r.site.notes:
        by_verdict.setdefault(note.verdict, []).append(note)
    index = [
        {
            "name": r.verdict(k)["label"],
            "url": f"verdicts/{k}/",
            "count": len(n),
            "verdict": r.verdict(k),
        }
        for k, n in by_verdict.items()
    ]
    yield from _listing(r, "verdicts/", index, "browse_index.html", "Verdicts", kind="verdicts")
    for key, notes in by_verdict.items():
        verdict = r.verdict(key)
        views = [r.note_view(n) for n in newest_first(notes)]
        yield from _listing(
            r,
            f"verdicts/{key}/",
            views,
            "claim_list.html",
            f"Verdict: {verdict['label']}",
            heading=f"Claims rated \u201c{verdict['label']}\u201d",
            verdict=verdict,
        )


def outlet_pages(r: Renderer) -> Iterator[tuple[str, bytes]]:
    outlets = _outlets(r)
    index = [{"name": o, "url": f"outlets/{slug(o)}/", "count": len(s)} for o, s in outlets.items()]
    yield from _listing(r, "outlets/", index, "browse_index.html", "Outlets", kind="outlets")
    for outlet, sources in outlets.items():
        newest = sorted(
            sources, key=lambda s: (s.metadata.get("published") or "", s.id), reverse=True
        )
        yield from _listing(
            r, f"outlets/{slug(outlet)}/", newest, "outlet.html", f"Outlet: {outlet}", outlet=outlet
        )


def entity_pages(r: Renderer) -> Iterator[tuple[str, bytes]]:
    index = [
        {"name": e.name, "url": f"entities/{e.id}/", "count": None, "kind": e.kind}
        for e in sorted(r.site.entities, key=lambda e: e.name.casefold())
    ]
    yield from _listing(
        r, "entities/", index, "browse_index.html", "People and organisations", kind="entities"
    )
    notes_naming: dict[str, list[ClaimNote]] = {}
    for note in r.site.notes:
        for entity_id in note.entities:
            notes_naming.setdefault(entity_id, []).append(note)
    for entity in r.site.entities:
        mentions = [m for m in (_mentions(entity, s) for s in r.site.sources) if m["passages"]]
        spellings = sorted({p["form"] for m in mentions for p in m["passages"]})
        notes = [r.note_view(n) for n in newest_first(notes_naming.get(entity.id, []))]
        yield from _listing(
            r,
            f"entities/{entity.id}/",
            mentions,
            "entity.html",
            entity.name,
            entity=entity,
            notes=notes[: r.settings["page_size"]],
            more_notes=len(notes) > r.settings["page_size"],
            spellings=spellings,
        )


def _mentions(entity: Entity, source: SourceArticle) -> dict:
    """Where a source names an entity: for each paragraph, the form used and a snippet."""
    passages = []
    text = source.body_text
    for form in entity.forms:
        for paragraph in _paragraphs_naming(source, form):
            start = source.block_starts[paragraph - 1]
            block = source.blocks[paragraph - 1].text
            at = re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", block)
            if not at:
                continue
            lo, hi = max(0, at.start() - SNIPPET_CHARS), min(len(block), at.end() + SNIPPET_CHARS)
            passages.append(
                {
                    "form": form,
                    "paragraph": paragraph,
                    "before": ("\u2026" if lo else "") + block[lo : at.start()],
                    "name": text[start + at.start() : start + at.end()],
                    "after": block[at.end() : hi] + ("\u2026" if hi < len(block) else ""),
                }
            )
    passages.sort(key=lambda p: p["paragraph"])
    return {"source": source, "passages": passages}


def search_page(r: Renderer) -> tuple[str, bytes]:
    return r.page(
        "search.html",
        "search/index.html",
        title="Search",
        description="Search the claims and sources.",
    )

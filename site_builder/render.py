"""Rendering: one generator a kind of page, each taking the checked Site and returning
{output path: bytes}. Nothing here reads user files or decides what is valid."""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt

from .annotate import annotated_markdown, context_window, excerpt_ranges, render_article
from .browse import browse_pages, browse_paths, slug
from .comparing import Comparisons, compare_pages, compare_paths, hint_view, pair_path, story_pairs
from .contents import Anchor, ClaimNote, Site, SourceArticle
from .feeds import (
    atom_feed,
    claim_reviews_json,
    claims_csv,
    note_date,
    robots,
    sitemap,
    web_annotations,
)
from .publishing import absolute_url, claim_review, json_for_script, publisher
from .xref import CrossReference, Story, group_stories, tag_counts

Output = dict[str, bytes]


def prose_parser() -> MarkdownIt:
    """Markdown for notes and pages: CommonMark plus tables; raw HTML is shown as text."""
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


_PROSE = prose_parser()


def render_prose(text: str) -> str:
    return _PROSE.render(text)


def jinja_environment(templates: Path) -> Environment:
    """The theme's templates; text is escaped unless a template marks it safe."""
    environment = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["slug"] = slug
    return environment


class Renderer:
    """Holds the Jinja environment and the site-wide lookups every page needs."""

    def __init__(self, site: Site, templates: Path, environment: Environment | None = None):
        self.site = site
        self.settings = site.settings
        self.env = environment or jinja_environment(templates)
        self.sources = {s.id: s for s in site.sources}
        self.notes = {n.id: n for n in site.notes}
        self.entities = {e.id: e for e in site.entities}
        self.anchors_by_source: dict[str, list[Anchor]] = {}
        self.anchors_by_note: dict[str, list[Anchor]] = {}
        for anchor in site.anchors:
            self.anchors_by_source.setdefault(anchor.source_id, []).append(anchor)
            self.anchors_by_note.setdefault(anchor.note_id, []).append(anchor)
        self.orphans_by_note: dict[str, list] = {}
        for orphan in site.orphans:
            self.orphans_by_note.setdefault(orphan.note_id, []).append(orphan)
        self.stories = group_stories(list(site.sources), site.settings.get("stories") or {})

        self.story_of = {s.id: story for story in self.stories for s in story.sources}
        self._annotated: dict[str, str] = {}
        self.organization = publisher(self.settings, {p.slug for p in site.pages})

    # -- helpers --------------------------------------------------------------------------

    def page(
        self,
        template: str,
        path: str,
        title: str,
        description: str = "",
        og_type: str = "website",
        **context,
    ) -> tuple[str, bytes]:
        """Render `template` as the page at output `path` (e.g. "claims/x/index.html")."""
        depth = path.count("/")
        context.setdefault("root", "../" * depth or "./")
        site_path = path.removesuffix("index.html")
        full_title = (
            title if title == self.settings["title"] else f"{title} \u00b7 {self.settings['title']}"
        )
        html = self.env.get_template(template).render(
            site=self.settings,
            verdicts=self.settings["verdicts"],
            title=full_title,
            description=description or self.settings.get("description") or self.settings["title"],
            canonical=absolute_url(self.settings, site_path),
            og_type=og_type,
            content_pages=self.site.pages,
            **context,
        )
        return path, html.encode("utf-8")

    def verdict(self, key: str) -> dict:
        verdict = dict(self.settings["verdicts"].get(key, {"label": key, "colour": "#555555"}))
        verdict["key"] = key
        return verdict

    def note_view(self, note: ClaimNote) -> dict:
        return {"note": note, "verdict": self.verdict(note.verdict)}

    # -- pages ----------------------------------------------------------------------------

    def render_all(self) -> Output:
        out: Output = {}
        for generate in (
            self.home_and_indexes,
            self.source_pages,
            self.annotated_files,
            self.claim_pages,
            self.xref_pages,
            self.content_pages,
            self.not_found_page,
            lambda: browse_pages(self),
            lambda: compare_pages(self),
        ):
            out.update(generate())
        out.update(self.machine_readable())
        return out

    def machine_readable(self) -> Output:
        return dict(self.machine_readable_steps())

    def machine_readable_steps(self) -> Iterator[tuple[str, bytes]]:
        """The whole-site files, one at a time (so `serve` can do them between edits)."""
        anchors = list(self.site.anchors)
        yield "robots.txt", robots(self.settings)
        yield ".nojekyll", b""
        if self.settings.get("cname"):
            yield "CNAME", (str(self.settings["cname"]).strip() + "\n").encode()
        yield "feed.xml", atom_feed(self.site)
        yield "sitemap.xml", sitemap(self.settings, {p: self.lastmod(p) for p in self.page_paths()})
        yield "claims.csv", claims_csv(self.site, anchors)
        reviews = [self.claim_review(note) for note in sorted(self.site.notes, key=lambda n: n.id)]
        yield "claimreview.json", claim_reviews_json(reviews)
        yield "annotations.jsonld", web_annotations(self.site, anchors, self.excerpts_only)

    def claim_review(self, note: ClaimNote) -> dict:
        return claim_review(
            note, self.settings, self.sources, list(self.site.entities), self.organization
        )

    def lastmod(self, site_path: str) -> str:
        """A page's last change, from content dates: its note, its source's notes, or all."""
        kind, _, rest = site_path.partition("/")
        item = rest.strip("/")
        if kind == "claims" and item in self.notes:
            return note_date(self.notes[item])
        if kind == "sources" and item in self.sources:
            return self._source_dates.get(item, "")
        if kind in ("", "claims", "sources", "xref"):
            return self._latest_date
        return ""

    @cached_property
    def _latest_date(self) -> str:
        return max((note_date(n) for n in self.site.notes), default="")

    @cached_property
    def _source_dates(self) -> dict[str, str]:
        dates = {
            s.id: s.metadata.get("modified") or s.metadata.get("published") or ""
            for s in self.site.sources
        }
        for anchor in self.site.anchors:
            noted = note_date(self.notes[anchor.note_id])
            dates[anchor.source_id] = max(dates.get(anchor.source_id, ""), noted)
        return dates

    def excerpts_only(self, source: SourceArticle) -> bool:
        return (source.metadata.get("display") or self.settings.get("display")) == "excerpts"

    def annotated(self, source: SourceArticle) -> str:
        """The source's annotated Markdown (made once: the page and the file both need it)."""
        if source.id not in self._annotated:
            anchors = self.anchors_by_source.get(source.id, [])
            self._annotated[source.id] = annotated_markdown(
                source, anchors, self.note_numbers(source), excerpts=self.excerpts_only(source)
            )
        return self._annotated[source.id]

    def note_numbers(self, source: SourceArticle) -> dict[str, int]:
        """Notes are numbered on a source page in the order their first passage appears."""
        firsts: dict[str, int] = {}
        for anchor in self.anchors_by_source.get(source.id, []):
            firsts[anchor.note_id] = min(firsts.get(anchor.note_id, anchor.start), anchor.start)
        ordered = sorted(firsts, key=lambda note_id: (firsts[note_id], note_id))
        return {note_id: i for i, note_id in enumerate(ordered, start=1)}

    def annotated_files(self) -> Iterator[tuple[str, bytes]]:
        for source in self.site.sources:
            yield f"annotated/{source.id}.md", self.annotated(source).encode("utf-8")

    def source_pages(self) -> Iterator[tuple[str, bytes]]:
        for source in self.site.sources:
            yield self.source_page(source)

    def source_page(self, source: SourceArticle) -> tuple[str, bytes]:
        numbers = self.note_numbers(source)
        anchors = self.anchors_by_source.get(source.id, [])
        block_html = render_article(self.annotated(source))
        shown = range(len(source.blocks))
        if self.excerpts_only(source):
            shown = sorted(excerpt_ranges(source, anchors))
        rows = {
            index: {"html": html, "block": source.blocks[index], "notes": []}
            for index, html in zip(shown, block_html, strict=True)
        }
        for note_id, number in numbers.items():
            mine = sorted((a for a in anchors if a.note_id == note_id), key=lambda a: a.start)
            row = rows[source.block_index_at(mine[0].start)]  # anchored blocks are always shown
            row["notes"].append(
                {**self.note_view(self.notes[note_id]), "number": number, "anchors": mine}
            )
        orphans = [
            {**self.note_view(self.notes[o.note_id]), "orphan": o}
            for o in self.site.orphans
            if o.source_id == source.id
        ]
        story = self.story_of.get(source.id)
        return self.page(
            "source.html",
            f"sources/{source.id}/index.html",
            title=f"{source.title} ({source.outlet or source.id})",
            description=f"{source.title}, read beside {len(numbers)} claim notes.",
            og_type="article",
            source=source,
            rows=list(rows.values()),
            excerpts=self.excerpts_only(source),
            orphans=orphans,
            note_count=len(numbers),
            story=story,
        )

    def claim_pages(self) -> Iterator[tuple[str, bytes]]:
        for note in self.site.notes:
            yield self.claim_page(note)

    def claim_page(self, note: ClaimNote) -> tuple[str, bytes]:
        passages = []
        anchors = {(a.source_id, a.number): a for a in self.anchors_by_note.get(note.id, [])}
        for number, ref in enumerate(note.quotes, start=1):
            source = self.sources[ref.source]
            anchor = anchors.get((ref.source, number))
            passages.append(
                {
                    "source": source,
                    "ref": ref,
                    "number": number,
                    "anchor": anchor,
                    "context": _context(source, anchor, self.excerpts_only(source))
                    if anchor
                    else None,
                }
            )
        carried = {ref.source for ref in note.quotes}
        stories = {self.story_of[s].id: self.story_of[s] for s in carried if s in self.story_of}
        missing = [s for story in stories.values() for s in story.sources if s.id not in carried]
        verdict = self.verdict(note.verdict)
        return self.page(
            "claim.html",
            f"claims/{note.id}/index.html",
            title=f"{note.claim} ({verdict['label']})",
            description=note.summary or note.claim,
            og_type="article",
            claim_review_json=json_for_script(self.claim_review(note)),
            **self.note_view(note),
            body_html=render_prose(note.body),
            passages=passages,
            not_carried=missing,
            entities=[self.entities[e] for e in note.entities if e in self.entities],
            filter_outlets=sorted(
                {
                    self.sources[q.source].outlet
                    for q in note.quotes
                    if self.sources[q.source].outlet
                }
            ),
            filter_stories=sorted(story.title for story in stories.values()),
            orphans=self.orphans_by_note.get(note.id, []),
        )

    def home_and_indexes(self) -> Iterator[tuple[str, bytes]]:
        size = self.settings["page_size"]
        notes = sorted(
            self.site.notes, key=lambda n: (n.updated or n.published, n.id), reverse=True
        )
        sources = sorted(
            self.site.sources, key=lambda s: (s.metadata.get("published") or "", s.id), reverse=True
        )
        yield self.page(
            "home.html",
            "index.html",
            title=self.settings["title"],
            sources=sources[:size],
            more_sources=len(sources) > size,
            notes=[self.note_view(n) for n in notes[:size]],
            more_notes=len(notes) > size,
        )
        for _number, chunk, pager in _paginate(notes, size, "claims/"):
            yield self.page(
                "claims_index.html",
                pager["path"],
                title=_numbered("Claims checked", pager),
                notes=[self.note_view(n) for n in chunk],
                pager=pager,
            )
        for _number, chunk, pager in _paginate(sources, size, "sources/"):
            yield self.page(
                "sources_index.html",
                pager["path"],
                title=_numbered("Sources", pager),
                sources=chunk,
                pager=pager,
            )

    def xref_pages(self, only_stories: set[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """The cross-reference, a few stories a page; verdict counts and tags on the first.
        With `only_stories`, just the pages holding those stories."""
        for number, chunk, pager in _paginate(self.stories, self.xref_page_size, "xref/"):
            if (
                only_stories is not None
                and number != 1
                and not {s.id for s in chunk} & only_stories
            ):
                continue
            overview = number == 1
            yield self.page(
                "xref.html",
                pager["path"],
                title=_numbered("Cross-reference", pager),
                stories=[self.story_view(s) for s in chunk],
                pager=pager,
                verdict_counts=_count_verdicts(self.site.notes, self.settings["verdicts"])
                if overview
                else [],
                tags=tag_counts(list(self.site.notes))[:40] if overview else [],
            )

    @property
    def xref_page_size(self) -> int:
        return max(1, self.settings["page_size"] // 4)

    def page_paths(self) -> list[str]:
        """The site path of every page, for the sitemap (without rendering anything)."""
        size = self.settings["page_size"]
        paths = [""]
        for items, base, per_page in (
            (self.site.notes, "claims/", size),
            (self.site.sources, "sources/", size),
            (self.stories, "xref/", self.xref_page_size),
        ):
            paths += [
                p["path"].removesuffix("index.html")
                for _, _, p in _paginate(list(items), per_page, base)
            ]
        paths += [f"sources/{s.id}/" for s in self.site.sources]
        paths += [f"claims/{n.id}/" for n in self.site.notes]
        paths += [f"{p.slug}/" for p in self.site.pages]
        return paths + browse_paths(self) + compare_paths(self)

    @cached_property
    def xref(self) -> CrossReference:
        site = self.site
        return CrossReference(
            list(site.notes), list(site.anchors), list(site.orphans), list(site.entities)
        )

    @cached_property
    def comparisons(self) -> Comparisons:
        return Comparisons(self)

    def story_view(self, story: Story) -> dict:
        xref = self.xref.story(story)
        hints = (
            [hint_view(h, self) for h in self.comparisons.hints(story)]
            if len(story.sources) > 1
            else []
        )
        return {
            "story": story,
            "xref": xref,
            "rows": [{**self.note_view(row.note), "cells": row.cells} for row in xref.rows],
            "pairs": [(a, b, pair_path(a, b)) for a, b in story_pairs(story)],
            "hints": [h for h in hints if h["hint"].kind != "only-in"],
            "unmatched": [h for h in hints if h["hint"].kind == "only-in"],
        }

    def content_pages(self) -> Iterator[tuple[str, bytes]]:
        for page in self.site.pages:
            yield self.page(
                "page.html",
                f"{page.slug}/index.html",
                title=page.title,
                description=page.summary,
                page=page,
                body_html=render_prose(page.body),
            )

    def not_found_page(self) -> Iterator[tuple[str, bytes]]:
        # Served at any depth, so its links start from the base URL's path, not from itself.
        base_path = urlsplit(self.settings["base_url"]).path or "/"
        yield self.page("404.html", "404.html", title="Page not found", root=base_path)


def _context(source: SourceArticle, anchor: Anchor, excerpts: bool, chars: int = 160) -> dict:
    """The passage with up to `chars` of visible context (its paragraph, or its excerpt)."""
    text = source.body_text
    para_start, para_end = context_window(source, anchor, excerpts)
    lo, hi = max(para_start, anchor.start - chars), min(para_end, anchor.end + chars)
    if lo > para_start:  # start and end the context on whole words
        lo = text.find(" ", lo, anchor.start) + 1 or lo
    if hi < para_end:
        cut = text.rfind(" ", anchor.end, hi)
        hi = cut if cut > anchor.end else hi
    return {
        "before": ("\u2026" if lo > para_start else "") + text[lo : anchor.start],
        "passage": " \u2026 ".join(text[s:e] for s, e in anchor.spans),
        "after": text[anchor.end : hi] + ("\u2026" if hi < para_end else ""),
        "paragraph": source.block_index_at(anchor.start) + 1,
    }


def _numbered(title: str, pager: dict) -> str:
    return title if pager["number"] == 1 else f"{title}, page {pager['number']}"


def _paginate(items: list, size: int, base: str) -> Iterator[tuple[int, list, dict]]:
    """Pages of `size` items at base, base/page/2/, ...; always at least one page."""
    count = max(1, math.ceil(len(items) / size))
    for number in range(1, count + 1):
        path = base if number == 1 else f"{base}page/{number}/"
        pager = {
            "number": number,
            "count": count,
            "path": path + "index.html",
            "prev": None if number == 1 else (base if number == 2 else f"{base}page/{number - 1}/"),
            "next": f"{base}page/{number + 1}/" if number < count else None,
        }
        yield number, items[(number - 1) * size : number * size], pager


def _count_verdicts(notes, verdicts: dict) -> list[tuple[str, dict, int]]:
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.verdict] = counts.get(note.verdict, 0) + 1
    return [(key, verdict, counts.get(key, 0)) for key, verdict in verdicts.items()]

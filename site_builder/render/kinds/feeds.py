"""The Atom feed of claim notes (newest first) and the sitemap. Dates come from the content,
never from the clock, so two builds of the same input are byte-identical."""

from __future__ import annotations

import os
import time
from xml.etree import ElementTree as ET

from ... import urls
from ..context import RenderContext
from ..registry import PageKind, PageSpec

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 50


def note_date(note) -> str:
    return note.updated or note.published


def fallback_date() -> str:
    """The date used where the content gives none: SOURCE_DATE_EPOCH, else the epoch."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def atom_time(date: str) -> str:
    if not date:
        return fallback_date()
    return date if "T" in date else f"{date}T00:00:00Z"


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def feed_specs(ctx: RenderContext):
    yield PageSpec(urls.FEED, "feed")


def render_feed(ctx: RenderContext, spec: PageSpec) -> bytes:
    """The newest claim notes first, each dated by its published or updated date."""
    settings = ctx.settings
    notes = ctx.note_views(ctx.newest_note_ids()[:FEED_ENTRIES])
    newest = max((note_date(v["note"]) for v in notes), default="")
    feed = atom_feed(settings, settings.title, settings.tagline, urls.HOME, urls.FEED, newest)
    for view in notes:
        _entry(feed, view["note"], view["verdict"], settings)
    return xml_bytes(feed)


def atom_feed(settings, title: str, subtitle: str, page: str, path: str, updated: str):
    """An Atom feed's element with what comes before its entries: it is the feed of the page at
    `page` (its id), written at `path`, last updated at `updated` (a date of the content)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": settings.language}
    )
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    if subtitle:
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = subtitle
    ET.SubElement(feed, f"{{{ATOM}}}id").text = settings.absolute_url(page)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=settings.absolute_url(page), rel="alternate")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=settings.absolute_url(path), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = atom_time(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = settings.publisher_name or settings.title
    return feed


def _entry(feed: ET.Element, note, verdict, settings) -> None:
    url = settings.absolute_url(urls.claim(note.id))
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{note.claim} ({verdict.label})"
    # An entry keeps its id when it moves (RFC 4287): a renamed note's is its first address,
    # so that feed readers see the note updated, not a new one beside the old.
    first = note.aliases[0] if note.aliases else note.id
    ET.SubElement(entry, f"{{{ATOM}}}id").text = settings.absolute_url(urls.claim(first))
    ET.SubElement(entry, f"{{{ATOM}}}link", href=url, rel="alternate")
    if note.published:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = atom_time(note.published)
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = atom_time(note_date(note))
    if note.author:
        ET.SubElement(
            ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name"
        ).text = note.author
    ET.SubElement(entry, f"{{{ATOM}}}category", term=note.verdict, label=verdict.label)
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = note.summary or note.claim


# The sitemaps protocol's limit: a larger site gets a sitemap index of files of this many URLs.
SITEMAP_URLS = 50_000


def sitemap_specs(ctx: RenderContext):
    parts = max(1, -(-len(ctx.derive(_sitemap_paths)) // SITEMAP_URLS))
    if parts == 1:
        yield PageSpec(urls.SITEMAP, "sitemap", (0, 1))
        return
    yield PageSpec(urls.SITEMAP, "sitemap", (0, parts))
    for part in range(1, parts + 1):
        yield PageSpec(sitemap_part(part), "sitemap", (part, parts))


def sitemap_part(part: int) -> str:
    return f"sitemap-{part}.xml"


def render_sitemap(ctx: RenderContext, spec: PageSpec) -> bytes:
    """Every HTML page of the site (but the 404 page and former addresses), with the date of
    its content where it has one; or, for a site larger than a sitemap may be, the index of
    the sitemap files, and each of them."""
    part, parts = spec.key
    if part == 0 and parts > 1:
        return _sitemap_index(ctx, parts)
    paths = ctx.derive(_sitemap_paths)
    if parts > 1:
        paths = paths[(part - 1) * SITEMAP_URLS : part * SITEMAP_URLS]
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    dates = ctx.derive(_content_dates)
    for site_path in paths:
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = ctx.settings.absolute_url(site_path)
        date = dates[site_path] if site_path in dates else _list_date(site_path, dates)
        if date:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = date[:10]
    return xml_bytes(urlset)


def _sitemap_index(ctx: RenderContext, parts: int) -> bytes:
    ET.register_namespace("", SITEMAP)
    index = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for part in range(1, parts + 1):
        sitemap = ET.SubElement(index, f"{{{SITEMAP}}}sitemap")
        ET.SubElement(sitemap, f"{{{SITEMAP}}}loc").text = ctx.settings.absolute_url(
            sitemap_part(part)
        )
    return xml_bytes(index)


def _sitemap_paths(ctx: RenderContext) -> tuple[str, ...]:
    return tuple(sorted(_page_paths(ctx)))


UNLISTED = ("not-found", "alias", "sitemap")


def _page_paths(ctx: RenderContext) -> list[str]:
    paths = []
    for name in ctx.page_kinds:
        if name in UNLISTED:
            continue
        specs = ctx.specs(name)
        paths += [urls.site_path_of(s.path) for s in specs if s.path.endswith(urls.INDEX)]
    return paths


def _content_dates(ctx: RenderContext) -> dict[str, str]:
    """The last change of claim, source and story pages: their notes' dates (and a source's
    own); a story's is its sources' newest, as its page shows only them."""
    found: dict[str, str] = {}
    for note in ctx.reads.all_notes():
        found[urls.claim(note.id)] = note_date(note)
    for source in ctx.reads.all_sources():
        noted = [found[urls.claim(a.note_id)] for a in ctx.reads.anchors_in(source.id)]
        own = source.metadata.get("modified") or source.published
        found[urls.source(source.id)] = max([own, *noted])
    for story in ctx.stories():
        found[urls.story(story.id)] = max(found[urls.source(i)] for i in story.source_ids)
    found[""] = max((d for p, d in found.items() if p.startswith(urls.CLAIMS)), default="")
    return found


def _list_date(site_path: str, dates: dict[str, str]) -> str:
    if site_path.startswith((urls.CLAIMS, urls.SOURCES, urls.XREF)):
        return dates[""]
    return ""


FEED = PageKind("feed", "the Atom feed", feed_specs, render_feed, deferred=True)
SITEMAP_FILE = PageKind("sitemap", "the sitemap", sitemap_specs, render_sitemap, deferred=True)

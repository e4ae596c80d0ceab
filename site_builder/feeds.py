"""Machine-readable output of every build: sitemap, robots.txt, an Atom feed of claim notes, and
the open data (W3C Web Annotations, a CSV of claims x passages, the ClaimReview records).
Dates come from the content, never from the clock, so two builds are byte-identical."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from xml.etree import ElementTree as ET

from .annotate import context_window
from .contents import Anchor, ClaimNote, Site
from .publishing import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 50


def note_date(note: ClaimNote) -> str:
    return note.updated or note.published


def fallback_date() -> str:
    """The date used where the content gives none: SOURCE_DATE_EPOCH, else the epoch."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def atom_time(date: str) -> str:
    if not date:
        return fallback_date()
    return date if "T" in date else f"{date}T00:00:00Z"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def sitemap(settings: dict, pages: dict[str, str]) -> bytes:
    """`pages` maps site paths ("claims/x/") to their last-modified date ("" when unknown)."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in sorted(pages):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = absolute_url(settings, path)
        if pages[path]:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = pages[path][:10]
    return _xml(urlset)


def robots(settings: dict) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(settings, 'sitemap.xml')}\n".encode()


def atom_feed(site: Site) -> bytes:
    """The newest claim notes first, each dated by its published or updated date."""
    settings = site.settings
    ET.register_namespace("", ATOM)
    notes = sorted(site.notes, key=lambda n: (note_date(n), n.id), reverse=True)[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = settings["title"]
    if settings.get("tagline"):
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = settings["tagline"]
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute_url(settings)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute_url(settings), rel="alternate")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute_url(settings, "feed.xml"), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = atom_time(
        max((note_date(n) for n in notes), default="")
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = (settings.get("publisher") or {}).get(
        "name"
    ) or settings["title"]
    verdicts = settings["verdicts"]
    for note in notes:
        url = absolute_url(settings, f"claims/{note.id}/")
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        label = verdicts.get(note.verdict, {}).get("label", note.verdict)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{note.claim} ({label})"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url, rel="alternate")
        if note.published:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = atom_time(note.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = atom_time(note_date(note))
        if note.author:
            ET.SubElement(
                ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name"
            ).text = note.author
        ET.SubElement(entry, f"{{{ATOM}}}category", term=note.verdict, label=label)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = note.summary or note.claim
    return _xml(feed)


def web_annotations(site: Site, anchors: list[Anchor], excerpts_only=lambda source: False) -> bytes:
    """Every anchored quote as a W3C Web Annotation with quote and position selectors; the
    context of a quote in an excerpts-only source stays within what its page shows."""
    settings = site.settings
    notes = {n.id: n for n in site.notes}
    sources = {s.id: s for s in site.sources}
    items = []
    for anchor in sorted(anchors, key=lambda a: (a.source_id, a.start, a.note_id, a.number)):
        note, source = notes[anchor.note_id], sources[anchor.source_id]
        text = source.body_text
        lo, hi = context_window(source, anchor, excerpts_only(source))
        page = absolute_url(settings, f"sources/{source.id}/")
        target: dict = {
            "source": page,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[anchor.start : anchor.end],
                    "prefix": text[max(lo, anchor.start - 32) : anchor.start],
                    "suffix": text[anchor.end : min(hi, anchor.end + 32)],
                },
                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
            ],
        }
        if source.metadata.get("url"):
            target["scope"] = source.metadata["url"]
        items.append(
            {
                "id": page + "#" + anchor.element_id,
                "type": "Annotation",
                "motivation": "assessing",
                "created": atom_time(note.published),
                "body": [
                    {
                        "type": "TextualBody",
                        "purpose": "assessing",
                        "format": "text/plain",
                        "value": f"{note.claim}: {note.summary}".rstrip(": "),
                    },
                    {
                        "id": absolute_url(settings, f"claims/{note.id}/"),
                        "type": "Text",
                        "format": "text/html",
                    },
                ],
                "target": target,
            }
        )
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": absolute_url(settings, "annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": f"{settings['title']}: claim annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return _json(collection)


CSV_COLUMNS = (
    "note_id",
    "claim",
    "verdict",
    "verdict_label",
    "claimant",
    "published",
    "updated",
    "source_id",
    "outlet",
    "source_url",
    "quote_number",
    "passage",
    "start",
    "end",
    "method",
    "assessment",
    "claim_url",
)


def claims_csv(site: Site, anchors: list[Anchor]) -> bytes:
    """One row per note and source passage (orphaned quotes with empty offsets)."""
    settings = site.settings
    sources = {s.id: s for s in site.sources}
    found = {(a.note_id, a.number): a for a in anchors}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for note in sorted(site.notes, key=lambda n: n.id):
        label = settings["verdicts"].get(note.verdict, {}).get("label", note.verdict)
        for number, ref in enumerate(note.quotes, start=1):
            source = sources[ref.source]
            anchor = found.get((note.id, number))
            passage = source.body_text[anchor.start : anchor.end] if anchor else ""
            writer.writerow(
                (
                    note.id,
                    note.claim,
                    note.verdict,
                    label,
                    note.claimant,
                    note.published,
                    note.updated,
                    source.id,
                    source.outlet,
                    source.metadata.get("url", ""),
                    number,
                    passage,
                    anchor.start if anchor else "",
                    anchor.end if anchor else "",
                    anchor.method if anchor else "orphan",
                    ref.assessment,
                    absolute_url(settings, f"claims/{note.id}/"),
                )
            )
    return buffer.getvalue().encode("utf-8")


def claim_reviews_json(reviews: list[dict]) -> bytes:
    return _json(reviews)


def _json(data) -> bytes:
    """Compact, sorted JSON (the C encoder: fast for thousands of records)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def previous_verdicts(csv_bytes: bytes) -> dict[str, str]:
    """Note id -> verdict, from the claims.csv of the previous build."""
    rows = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8", "replace")))
    return {row["note_id"]: row["verdict"] for row in rows if row.get("note_id")}

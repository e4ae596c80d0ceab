"""Open data of every build: every quote as a W3C Web Annotation, a CSV of claims x passages,
and every ClaimReview record."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from ... import urls
from ...model import Anchor, SourceArticle
from ..annotated import context_window
from ..context import RenderContext
from ..registry import PageKind, PageSpec
from ..schema import claim_review
from .feeds import atom_time

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


def specs(ctx: RenderContext):
    for path in (urls.ANNOTATIONS, urls.CLAIMS_CSV, urls.CLAIM_REVIEWS):
        yield PageSpec(path, "open-data", (path,))


def render(ctx: RenderContext, spec: PageSpec) -> bytes:
    make = {
        urls.ANNOTATIONS: web_annotations,
        urls.CLAIMS_CSV: claims_csv,
        urls.CLAIM_REVIEWS: claim_reviews,
    }[spec.key[0]]
    return make(ctx)


def web_annotations(ctx: RenderContext) -> bytes:
    """Every anchored quote as a W3C Web Annotation with quote and position selectors; the
    context of a quote in an excerpts-only source stays within what its page shows."""
    settings = ctx.settings
    anchors = sorted(
        ctx.reads.all_anchors(), key=lambda a: (a.source_id, a.start, a.note_id, a.number)
    )
    items = []
    for anchor in anchors:
        note, source = ctx.reads.note(anchor.note_id), ctx.reads.source(anchor.source_id)
        page = settings.absolute_url(urls.source(source.id))
        # A quote cut by an ellipsis targets each of its pieces, never the words it left out.
        targets = [
            _target(source, replace(anchor, spans=(span,)), page, ctx.excerpts_only(source))
            for span in anchor.spans
        ]
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
                        "id": settings.absolute_url(urls.claim(note.id)),
                        "type": "Text",
                        "format": "text/html",
                    },
                ],
                "target": targets[0] if len(targets) == 1 else targets,
            }
        )
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": settings.absolute_url(urls.ANNOTATIONS),
        "type": "AnnotationCollection",
        "label": f"{settings.title}: claim annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return compact_json(collection)


def _target(source: SourceArticle, piece: Anchor, page: str, excerpts: bool) -> dict:
    """A passage as an annotation's target: its words, the words around them that a reader
    of its page may see, and its place."""
    text = source.body_text
    lo, hi = context_window(source, piece, excerpts)
    target: dict = {
        "source": page,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[piece.start : piece.end],
                "prefix": text[max(lo, piece.start - 32) : piece.start],
                "suffix": text[piece.end : min(hi, piece.end + 32)],
            },
            {"type": "TextPositionSelector", "start": piece.start, "end": piece.end},
        ],
    }
    if source.metadata.get("url"):
        target["scope"] = source.metadata["url"]
    return target


def claims_csv(ctx: RenderContext) -> bytes:
    """One row per note and source passage (orphaned quotes with empty offsets)."""
    settings = ctx.settings
    found = {(a.note_id, a.number): a for a in ctx.reads.all_anchors()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for note in sorted(ctx.reads.all_notes(), key=lambda n: n.id):
        label = settings.verdict(note.verdict).label
        for number, ref in enumerate(note.quotes, start=1):
            source = ctx.reads.source(ref.source)
            anchor = found.get((note.id, number))
            text = source.body_text
            passage = " \u2026 ".join(text[s:e] for s, e in anchor.spans) if anchor else ""
            writer.writerow(
                spreadsheet_safe(
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
                    settings.absolute_url(urls.claim(note.id)),
                )
            )
    return buffer.getvalue().encode("utf-8")


# What a spreadsheet reads as the start of a formula in a cell of text (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(*cells) -> list:
    """The cells of a row, each text that a spreadsheet would run as a formula (a claim
    written `=HYPERLINK(...)`, a claimant `@SUM(...)`) with an apostrophe before it: the mark
    that makes the cell text, which spreadsheets do not show."""
    return [
        "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
        for cell in cells
    ]


def claim_reviews(ctx: RenderContext) -> bytes:
    """The ClaimReview of every rated note, by note id."""
    notes = sorted(ctx.reads.all_notes(), key=lambda n: n.id)
    reviews = [claim_review(note, ctx) for note in notes]
    return compact_json([review for review in reviews if review is not None])


def compact_json(data) -> bytes:
    """Compact, sorted JSON (the C encoder: fast for thousands of records)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


OPEN_DATA = PageKind("open-data", "the open data files", specs, render, deferred=True)

"""Saved web pages: the article body and metadata of a news page saved from a browser or archive.

    bytes -> decode_html -> parse_page -> read_capture          -> an archive's capture
                                       -> read_saved_mark       -> where and when it was saved
                                       -> strip_archive_furniture
                                       -> jsonld_nodes
                                       -> drop_code
                                       -> read_page_metadata    -> detected
                                       -> set_aside_captions    -> set aside (captions, credits)
                                       -> set_page_shapes
                                       -> strip_page_furniture
                                       -> extract_article_blocks
                                       -> tidy_blocks           -> blocks, set aside

One module a stage: `decode` (bytes to a page tree), `archive` (a page kept by the Wayback
Machine or archive.today), `metadata` (with `jsonld`), `captions`, `shapes`, `page_furniture`,
`extract` (with `agreement`), `tidy`; `words` holds the text helpers they share.

The article body comes from two main-content detectors run on the page once its furniture is
removed: trafilatura (precision mode; it keeps headings, quotes and lists) and readability-lxml.
A block both found is article text; a block only one found is kept when it reads like article
text and sits among the agreed blocks (or, when the publisher's JSON-LD `articleBody` is there,
when that contains it). Then the furniture rules shared with the text reader (`read.furniture`)
set aside what is left of the page around the article.

What arrives as which block: paragraphs, headings (h1-h6, a <details> element's <summary>,
as in FAQs, and a subheading set as a <div> named for one), quotes (block quotes and embedded
social posts) and list items (each item of every list, nested ones after their parent and
without its text; a definition list's terms and definitions) keep their kind. A table row
is one paragraph, its cells joined by " | "; a code block is one paragraph of its text.
Photo captions are set aside with their credits, except the lead image's, which opens the
article as a caption block.

Only text leaves this package: no element, attribute or script of the page reaches a block.
"""

from __future__ import annotations

import dataclasses

from ...model import Block
from ..base import ReadResult, SeedError
from ..yamlfile import without_controls
from .archive import original_address, read_capture, strip_archive_furniture
from .captions import set_aside_captions
from .decode import decode_html, parse_page
from .extract import PageHints, extract_article_blocks
from .jsonld import jsonld_article_body, jsonld_nodes
from .metadata import read_page_metadata
from .page_furniture import drop_code, strip_page_furniture
from .saved_marks import read_saved_mark
from .shapes import set_page_shapes
from .single_file import SavedPage, unpack_page
from .tidy import has_running_text, tidy_blocks

__all__ = ["decode_html", "read_html", "read_single_file"]


def read_html(raw: bytes, extra_patterns: list[str] | None = None) -> ReadResult:
    """Read a saved news page: its article body as blocks, and the metadata found in the page."""
    page = parse_page(without_controls(decode_html(raw)))
    capture = read_capture(page)  # before drop_code: the archives mark their pages in comments
    mark = read_saved_mark(page)  # and so do browsers and extensions that save them
    strip_archive_furniture(page, capture)
    jsonld = jsonld_nodes(page)
    drop_code(page)
    detected = read_page_metadata(page, jsonld, capture, mark)
    hints = PageHints(detected.get("headline", ""), jsonld_article_body(jsonld))
    captions = set_aside_captions(page)
    set_page_shapes(page)
    strip_page_furniture(page)
    blocks = extract_article_blocks(page, hints)
    if not has_running_text(blocks):
        raise SeedError(
            "no article text found: the page has no paragraph of running text "
            "(is it an index page, a login or cookie wall, or an empty page?)"
        )
    blocks, set_aside = tidy_blocks(blocks, detected, extra_patterns or [])
    if not blocks:
        raise SeedError("no article text found: everything on the page was navigation or furniture")
    lead_caption = detected.get("image_caption", "")
    if lead_caption:  # captions are claims too: the lead image's stays on the page, as a caption
        blocks.insert(0, Block("caption", lead_caption))
        captions = [c for c in captions if c.text != lead_caption]
    return ReadResult(tuple(blocks), tuple(captions + set_aside), detected)


def read_single_file(
    raw: bytes, suffix: str, extra_patterns: list[str] | None = None
) -> ReadResult:
    """Read a page saved as one file (MHTML, a Safari web archive): the page inside it, with
    the address it was saved from and the day, where the page itself does not say."""
    saved = unpack_page(raw, suffix)
    try:
        result = read_html(saved.html, extra_patterns)
    except SeedError:
        framed = _article_frame(saved.frames, extra_patterns)
        if framed is None:
            raise
        saved, result = framed
    original = original_address(saved.url)  # saved from an archive: the page's own address
    copy = saved.url if original != saved.url else ""
    found = {"url": original, "archived_url": copy, "retrieved": saved.saved}
    detected = {**{k: v for k, v in found.items() if v}, **result.detected}
    return dataclasses.replace(result, detected=detected)


def _article_frame(
    frames: tuple[SavedPage, ...], extra_patterns: list[str] | None
) -> tuple[SavedPage, ReadResult] | None:
    """The frame of a page that shows its article in one (a viewer's page), read: of the
    frames that read as an article, the one with the most text; None when none does."""
    read = []
    for frame in frames:
        try:
            read.append((frame, read_html(frame.html, extra_patterns)))
        except SeedError:
            continue
    if not read:
        return None
    return max(read, key=lambda pair: sum(len(block.text) for block in pair[1].blocks))

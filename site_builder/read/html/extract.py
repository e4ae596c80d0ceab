"""The article's blocks, by agreement of two main-content detectors on the cleaned page.

trafilatura (precision mode; it keeps headings, quotes and lists) and readability-lxml each
give blocks; `agreement.merge_by_agreement` keeps what both found and what reads like article
text among it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree
from readability import Document
from readability.readability import Unparseable

from ...model import Block
from .agreement import merge_by_agreement, misses_article_body
from .words import comparable, one_line

# What the detectors log is theirs, not the editor's: readability logs a traceback at ERROR
# for a page it cannot summarise (which we read as "no blocks"), and Python's last-resort
# handler would print it among the build's own messages.
for _name in ("readability", "trafilatura", "htmldate", "courlan", "justext"):
    _logger = logging.getLogger(_name)
    _logger.addHandler(logging.NullHandler())
    _logger.propagate = False


@dataclass(frozen=True)
class PageHints:
    """What a page says about its article, to tell the article from the furniture around it."""

    headline: str = ""
    article_body: str = ""  # JSON-LD articleBody: the publisher's plain text of the article


def extract_article_blocks(page: lxml.html.HtmlElement, hints: PageHints) -> list[Block]:
    """The article's blocks, by agreement of trafilatura and readability on the cleaned page.

    The headline is left out first: found by both, it would stretch the agreed part of the
    page up to the top, where the furniture is. When the page's text holds less than half of
    the publisher's JSON-LD `articleBody`, that is the article, a paragraph a line.
    """
    headline = comparable(hints.headline)
    found = [
        [block for block in blocks if comparable(block.text) != headline]
        for blocks in (_trafilatura_blocks(page), _readability_blocks(page))
    ]
    blocks = merge_by_agreement(found[0], found[1], page, hints.article_body)
    if misses_article_body(blocks, hints.article_body):
        return [Block("paragraph", line) for line in hints.article_body.splitlines()]
    return blocks


def _trafilatura_blocks(page: lxml.html.HtmlElement) -> list[Block]:
    """trafilatura's main content (precision mode, headings, quotes and lists kept) as blocks."""
    document = trafilatura.bare_extraction(
        copy.deepcopy(page),
        fast=True,  # its fallback is readability, which we run ourselves
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
    )
    if document is None or document.body is None:
        return []
    return list(_trafilatura_xml_blocks(document.body))


def _trafilatura_xml_blocks(body) -> Iterator[Block]:
    """trafilatura's XML (head, p, quote, list/item, table/row/cell) as blocks of one kind each;
    text it leaves between them is a paragraph."""
    for element in body:
        yield from _trafilatura_element_blocks(element)
        if element.tail and element.tail.strip():
            yield Block("paragraph", one_line(element.tail))


def _trafilatura_element_blocks(element) -> Iterator[Block]:
    if element.tag == "head":
        yield from _text_block("heading", element)
    elif element.tag == "quote":
        for part in [child for child in element if child.tag == "p"] or [element]:
            yield from _text_block("quote", part)
    elif element.tag == "list":
        numbered = element.get("rend") == "ol"
        count = 0
        for item in element.iter("item"):
            own = item.getparent() is element  # a nested list's items count in their own list
            count += own
            yield from _text_block("list_item", item, count if numbered and own else None)
    elif element.tag == "table":
        for row in element.iter("row"):
            yield from _row_block(row)
    elif element.tag in ("p", "code"):
        yield from _text_block("paragraph", element)


def _row_block(cells) -> Iterator[Block]:
    """A table row as one paragraph, its cells' text joined by " | " (both extractions alike,
    so that they agree on a table)."""
    text = " | ".join(filter(None, (one_line(" ".join(cell.itertext())) for cell in cells)))
    if text:
        yield Block("paragraph", text)


# Where two line breaks in a row part an element's text (paragraphs set apart by <br><br>):
# a character no page's text holds (control characters are taken out when a page is read).
_PARAGRAPH_BREAK = "\x00"


def _text_block(kind: str, element, number: int | None = None) -> Iterator[Block]:
    """The blocks of an element's text (a numbered list item's `number` on the first): one,
    or one a paragraph where two line breaks in a row part them (text set in a <span> or a
    <div> with <br><br> between its paragraphs); a nested list's items are blocks of their
    own."""
    parts: list[str] = []

    def collect(node) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "lb":
                before = child.getprevious()
                twice = (
                    before is not None and before.tag == "lb" and not (before.tail or "").strip()
                )
                parts.append(_PARAGRAPH_BREAK if twice else " ")
            elif child.tag != "list":
                collect(child)
            parts.append(child.tail or "")

    collect(element)
    for text in "".join(parts).split(_PARAGRAPH_BREAK):
        text = one_line(text)
        if text:
            yield Block(kind, text, 0, number)
            number = None


def _item_number(element) -> int | None:
    """The number a browser shows beside an `<li>` of an `<ol>` (its `start`, `value`)."""
    parent = element.getparent()
    if element.tag != "li" or parent is None or parent.tag != "ol":
        return None
    number = _whole(parent.get("start"), 1) - 1
    for item in parent:
        if item.tag == "li":
            number = _whole(item.get("value"), number + 1)
        if item is element:
            return number
    return None


def _whole(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _readability_blocks(page: lxml.html.HtmlElement) -> list[Block]:
    """readability-lxml's summary of the page, as blocks."""
    try:
        summary = Document(copy.deepcopy(page)).summary(html_partial=True)
        return html_blocks(lxml.html.document_fromstring(summary))
    except (Unparseable, etree.ParserError, ValueError):
        return []


_BLOCK_KIND_OF_TAG = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6", "summary"), "heading"),
    "blockquote": "quote",
    **dict.fromkeys(("li", "dt", "dd"), "list_item"),
    "figcaption": "caption",
}
_BLOCK_TAGS = frozenset(
    [
        *_BLOCK_KIND_OF_TAG,
        *"""p div section article main header ul ol dl table tr td th pre figure br hr address
        details center""".split(),
    ]
)


def html_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """An HTML fragment's text as blocks: each block element (or line break) starts a new one;
    a block's kind is that of its nearest heading, blockquote, list item or figcaption; a table
    row is one paragraph."""
    blocks: list[Block] = []
    parts: list[str] = []
    kinds: list[str] = ["paragraph"]
    numbers: list[int | None] = [None]  # the number of the numbered list item being read

    def flush() -> None:
        text = one_line("".join(parts))
        parts.clear()
        if text:
            blocks.append(Block(kinds[-1], text, 0, numbers[-1]))
            numbers[-1] = None  # an item's later paragraphs are not numbered again

    def walk(element) -> None:
        if not isinstance(element.tag, str):
            return
        if element.tag == "tr":
            flush()
            blocks.extend(_row_block(cell for cell in element if cell.tag in ("td", "th")))
            return
        is_block, kind = element.tag in _BLOCK_TAGS, _BLOCK_KIND_OF_TAG.get(element.tag)
        if is_block:
            flush()
        if kind:
            kinds.append(kind)
            numbers.append(_item_number(element))
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if is_block:
            flush()
        if kind:
            kinds.pop()
            numbers.pop()

    walk(root)
    flush()
    return blocks

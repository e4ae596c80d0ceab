"""Page shapes: pages whose structure would mislead the extractors, set as one article.

Each rule names a shape and rewrites (in place) only the markup of a page of that shape:
a post quoted from a social network is article text, a page laid out in a table is a page, and
the entries of a live blog are one article.
"""

from __future__ import annotations

import lxml.html

from .page_furniture import is_furniture, name_words, paragraph_text_length


def set_page_shapes(page: lxml.html.HtmlElement) -> None:
    """Rewrite the markup of the shapes below, before page furniture is taken out."""
    _unmark_embedded_posts(page)
    _unwrap_layout_tables(page)
    _join_entries(page)


# Posts quoted from social networks, as their embed codes mark them up.
_EMBEDDED_POST_CLASSES = frozenset(
    """twitter-tweet twitter-video instagram-media tiktok-embed bluesky-embed mastodon-embed
    reddit-embed-bq text-post-media""".split()
)
_EMBED_WRAPPER_WORDS = frozenset("tweet twitter instagram tiktok bluesky embed social".split())


def _unmark_embedded_posts(page: lxml.html.HtmlElement) -> None:
    """A post the article quotes (an embedded tweet) is article text, a block quote: its embed
    classes, and those of the widget around it, would pass it for a share widget."""
    for quote in page.iter("blockquote"):
        if _EMBEDDED_POST_CLASSES.intersection((quote.get("class") or "").split()):
            for element in [quote, *quote.iterancestors()][:5]:
                if element is quote or name_words(element) & _EMBED_WRAPPER_WORDS:
                    element.attrib.pop("class", None)
                    element.attrib.pop("id", None)


# A table cell with this many words, or with blocks of its own, lays out a page, not data.
_LAYOUT_CELL_WORDS = 60
_LAYOUT_CELL_BLOCKS = "p div table ul ol h1 h2 h3 h4 blockquote".split()


def _unwrap_layout_tables(page: lxml.html.HtmlElement) -> None:
    """An old page laid out in a table (menu in one cell, story in the next) is a page, not a
    table of data: its cells become plain boxes, so that no extractor takes the menu and the
    story for one row of a table."""
    for table in list(page.iter("table")):
        cells = table.xpath("./tr/td | ./tbody/tr/td | ./thead/tr/td")
        if any(_is_layout_cell(cell) for cell in cells):
            for element in [table, *table.xpath("./tbody | ./thead | ./tfoot | ./*/tr | ./tr")]:
                element.tag = "div"
            for cell in cells:
                cell.tag = "div"


def _is_layout_cell(cell: lxml.html.HtmlElement) -> bool:
    if any(True for _ in cell.iter(*_LAYOUT_CELL_BLOCKS)):
        return True
    return len(cell.text_content().split()) >= _LAYOUT_CELL_WORDS


def _join_entries(page: lxml.html.HtmlElement) -> None:
    """Entries of one page set as sibling <article> elements (a live blog's updates, the parts
    of a long read) are one article: as boxes of one article, no extractor takes the first
    entry for the whole page. Siblings where one holds most of the text are an article and
    the teasers of others, and stay apart."""
    body = page.find("body")
    if body is None:
        return
    total = paragraph_text_length(body)
    for parent in {entry.getparent() for entry in body.iter("article")}:
        entries = [
            child
            for child in parent
            if child.tag == "article" and child.find(".//p") is not None and not is_furniture(child)
        ]
        lengths = [paragraph_text_length(entry) for entry in entries]
        if len(entries) >= 2 and 2 * sum(lengths) > total and 3 * max(lengths) < 2 * sum(lengths):
            for entry in entries:
                entry.tag = "section"

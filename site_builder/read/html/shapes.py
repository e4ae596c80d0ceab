"""Page shapes: pages whose structure would mislead the extractors, set as one article.

Each rule names a shape and rewrites (in place) only the markup of a page of that shape:
a post quoted from a social network is article text, a page laid out in a table is a page,
the entries of a live blog are one article, and a subheading set as a `<div>` is a heading.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from .page_furniture import is_furniture, name_words, paragraph_text_length


def set_page_shapes(page: lxml.html.HtmlElement) -> None:
    """Rewrite the markup of the shapes below, before page furniture is taken out."""
    _unmark_embedded_posts(page)
    _wrap_loose_text(page)
    _unwrap_layout_tables(page)
    _join_entries(page)
    _mark_subheadings(page)


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
            _wrap_runs_after_blocks(quote)


def _wrap_runs_after_blocks(box: lxml.html.HtmlElement) -> None:
    """Text set straight into `box` after a block, with the inline elements that follow it, is
    a paragraph: an embedded post's attribution ("<p>...</p>— Dele (@dele_official) <a>November
    19, 2019</a>"), which an extractor drops as text outside any paragraph."""
    for child in list(box):
        if child.tag in _INLINE or not (child.tail or "").strip():
            continue
        paragraph = lxml.html.Element("p")
        paragraph.text, child.tail = child.tail, None
        child.addnext(paragraph)
        after = paragraph.getnext()
        while after is not None and after.tag in _INLINE:
            following = after.getnext()
            paragraph.append(after)  # (with its tail)
            after = following


_INLINE = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span strong sub sup "
    "time u var".split()
)


def _wrap_loose_text(page: lxml.html.HtmlElement) -> None:
    """Text written straight into a `<div>`, its paragraphs parted by `<br><br>`, is paragraphs:
    each run of text and inline elements between two line breaks, or a block, becomes a `<p>`.
    Left as it is, readability starts a new paragraph at the first inline element after a line
    break, and trafilatura does too: "although given the source is" | "DigiTimes, we would..."."""
    for box in list(page.iter("div")):
        if not (box.text or "").strip() or not any(child.tag == "br" for child in box):
            continue
        paragraph = lxml.html.Element("p")
        paragraph.text, box.text = box.text, None
        box.insert(0, paragraph)
        for child in list(box)[1:]:
            after = child.getnext()
            breaks = child.tag == "br" and after is not None and after.tag == "br"
            if child.tag in _INLINE or (child.tag == "br" and not breaks and paragraph is not None):
                if paragraph is None:
                    paragraph = lxml.html.Element("p")
                    child.addprevious(paragraph)
                paragraph.append(child)  # (with its tail)
                continue
            paragraph = None  # a double line break or a block ends the paragraph
            if (child.tail or "").strip():
                paragraph = lxml.html.Element("p")
                paragraph.text, child.tail = child.tail, None
                child.addnext(paragraph)


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


# Class and id words that name a box a subheading ("article_subheadline", "subHead", "crosshead").
_SUBHEADING_NAMES = frozenset("subheadline subheading subhead crosshead intertitle".split())
_SUBHEADING_PAIRS = (("sub", "head"), ("sub", "heading"), ("sub", "headline"), ("cross", "head"))
_SUBHEADING_WORDS = 20
_BLOCKS_IN_A_SUBHEADING = "p div ul ol table blockquote figure img h1 h2 h3 h4 h5 h6".split()


def _mark_subheadings(page: lxml.html.HtmlElement) -> None:
    """A subheading between an article's paragraphs, set as a `<div>` or `<p>` its class
    names a subheading, is a heading: without one, an extractor reads "What we found" as a
    paragraph too short to be article text, and leaves it out. A box of that name elsewhere
    (a standfirst under the headline, a bar of the page's header) is left as it is."""
    for box in list(page.iter("div", "p")):
        if _names_a_subheading(box) and _between_paragraphs(box) and _is_one_short_line(box):
            box.tag = "h3"


def _names_a_subheading(box: lxml.html.HtmlElement) -> bool:
    words = name_words(box)
    return bool(words & _SUBHEADING_NAMES) or any(
        first in words and second in words for first, second in _SUBHEADING_PAIRS
    )


def _between_paragraphs(box: lxml.html.HtmlElement) -> bool:
    before = next(box.itersiblings(preceding=True, tag=lxml.etree.Element), None)
    after = next(box.itersiblings(tag=lxml.etree.Element), None)
    return before is not None and after is not None and before.tag == after.tag == "p"


def _is_one_short_line(box: lxml.html.HtmlElement) -> bool:
    if any(element is not box for element in box.iter(*_BLOCKS_IN_A_SUBHEADING)):
        return False
    return 0 < len(box.text_content().split()) <= _SUBHEADING_WORDS

"""Tidying the extracted blocks: what is left of the page around the article is set aside.

The furniture rules are those of `read.furniture`, shared with the text reader; this module
adds what only a page has: the headline and the byline found again among the blocks, and a
header (headline, byline, date) run into the first paragraph of a page without paragraph
markup.
"""

from __future__ import annotations

import re

from ...model import Block, SetAside
from ..furniture import is_running_text, line_reason, strip_dateline
from .words import WORD, comparable, words_of

_LEADING_DATE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
)


def tidy_blocks(
    blocks: list[Block], detected: dict, extra_patterns: list[str]
) -> tuple[list[Block], list[SetAside]]:
    """Set aside the headline and the byline found again, furniture (bylines, pitches,
    links...), lines that are only a date, a header run into the first paragraph, and a
    leading agency dateline (its paragraph stays)."""
    extra = tuple(extra_patterns)
    headline = comparable(detected.get("headline", ""))
    byline = comparable(detected.get("byline", ""))
    kept: list[Block] = []
    set_aside: list[SetAside] = []
    blocks_of_text = 0  # kept so far: a date alone in its block is furniture only above them
    for block in blocks:
        if headline and comparable(block.text) == headline:
            reason = "headline"
        elif byline and block.kind == "paragraph" and comparable(block.text) == byline:
            reason = "byline"  # the page's byline as a line of its own, without a "By"
        else:
            # (what the page shows as its date was read with its markup: `read_page_metadata`)
            reason = line_reason(block.text, blocks_of_text, None, extra)
        if reason:
            set_aside.append(SetAside(block.text, reason))
        elif not kept or kept[-1] != block:
            kept.append(block)
            blocks_of_text += _is_running_text(block)
    kept = _strip_run_in_header(kept, detected, set_aside)
    return strip_dateline(kept, set_aside), set_aside


def has_running_text(blocks: list[Block]) -> bool:
    """Whether any block is running text: not a heading, and eight words or more."""
    return any(map(_is_running_text, blocks))


def _is_running_text(block: Block) -> bool:
    return block.kind != "heading" and is_running_text(block.text)


def _strip_run_in_header(
    blocks: list[Block], detected: dict, set_aside: list[SetAside]
) -> list[Block]:
    """A page without paragraph markup may run the headline, byline and date into the first
    paragraph ("Big rocket by Jane Doe Monday, November 18, 2019 Earlier this month..."):
    they are set aside, and the paragraph's text stays."""
    headline = words_of(detected.get("headline", ""))
    found = [
        i
        for i, block in enumerate(blocks[:3])
        if headline
        and block.kind == "paragraph"
        and words_of(block.text)[: len(headline)] == headline
    ]
    if not found:
        return blocks
    index = found[0]
    text = _after_words(blocks[index].text, len(headline), set_aside, "headline")
    byline = detected.get("byline", "")
    by = re.match(r"(?:by\s+)?" + re.escape(byline) + r"\b", text, re.I) if byline else None
    if by:
        text = _after_words(text, len(words_of(by.group())), set_aside, "byline")
    date = _LEADING_DATE.match(text)
    if date:
        text = _after_words(text, len(words_of(date.group())), set_aside, "date line")
    return [*blocks[:index], Block("paragraph", text), *blocks[index + 1 :]]


def _after_words(text: str, count: int, set_aside: list[SetAside], reason: str) -> str:
    """`text` after its first `count` words and the punctuation after them (set aside)."""
    words = list(WORD.finditer(text))
    if len(words) <= count:
        return text
    end = words[count - 1].end()
    set_aside.append(SetAside(text[:end].strip(), reason))
    return text[end:].lstrip(" \t:;,.|-\u2013\u2014")

"""Text helpers shared by the HTML reader's stages: words, one-line text, plain text."""

from __future__ import annotations

import html as html_entities
import re

import lxml.html
from lxml import etree

from ...anchor.normalise import UNSPACED

# Chinese and Japanese are written without spaces: there a "word" is two characters (about
# the length of a word in either), so their paragraphs count words like any other's.
WORD = re.compile(rf"[{UNSPACED}]{{1,2}}|[^\W{UNSPACED}]+")


def words_of(text: str) -> list[str]:
    """The lower-cased words of `text`, as the comparisons between texts count them."""
    return WORD.findall(text.lower())


def comparable(text: str) -> str:
    """`text` as its words only, to compare two texts whatever their case and punctuation."""
    return " ".join(words_of(text))


def one_line(text: str) -> str:
    """`text` with every run of whitespace made one space, and none at either end."""
    return " ".join(text.split())


def plain_text(value: str) -> str:
    """Entities decoded, tags removed, whitespace collapsed: metadata is shown as text."""
    value = html_entities.unescape(value)
    if "<" in value and ">" in value:
        try:
            value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            value = re.sub(r"<[^>]*>", " ", value)
    return one_line(value)

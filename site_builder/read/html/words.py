"""Text helpers shared by the HTML reader's stages: words, one-line text (`read.words`), plain
text."""

from __future__ import annotations

import html as html_entities
import re

import lxml.html
from lxml import etree

from ..words import WORD, comparable, one_line, words_of  # noqa: F401 (for the stages)


def plain_text(value: str) -> str:
    """Entities decoded, tags removed, whitespace collapsed: metadata is shown as text."""
    value = html_entities.unescape(value)
    if "<" in value and ">" in value:
        try:
            value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            value = re.sub(r"<[^>]*>", " ", value)
    return one_line(value)

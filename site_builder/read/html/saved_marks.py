"""What a browser or an extension writes into a page it saves, about where and when: Chrome's
and Internet Explorer's `<!-- saved from url=(0069)https://... -->` before or in the page, and
SingleFile's comment at its top (`Page saved with SingleFile`, then `url: ...` and `saved date:
Wed Feb 07 2024 12:34:56 GMT+0100 (...)`). Read before the page's comments are dropped; a page
that states its own address (canonical link, og:url, JSON-LD) is believed first."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)
_SINGLE_FILE = ("Page saved with SingleFile", "Archive processed by SingleFile")
_SINGLE_FILE_LINE = re.compile(r"^\s*(url|saved date):\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class SavedMark:
    """The address the page was saved from, and the day (SingleFile's), as the page says."""

    url: str = ""
    saved: str = ""  # YYYY-MM-DD


def read_saved_mark(page: lxml.html.HtmlElement) -> SavedMark:
    """What the page's saving left in it (an empty mark if nothing)."""
    for comment in _top_comments(page):
        text = (comment.text or "").strip()
        if text.startswith(_SINGLE_FILE):
            found = dict(m.groups() for m in _SINGLE_FILE_LINE.finditer(text))
            return SavedMark(found.get("url", ""), _day_of(found.get("saved date", "")))
    return SavedMark(saved_from(page))


def saved_from(page: lxml.html.HtmlElement) -> str:
    """The address in a browser's "saved from" mark, a comment before or in the page."""
    for comment in _top_comments(page):
        match = _SAVED_FROM.search(comment.text or "")
        if match:
            return match.group(1)
    return ""


def _top_comments(page: lxml.html.HtmlElement) -> list:
    before = [node for node in page.itersiblings(preceding=True) if node.tag is etree.Comment]
    return before + page.xpath("/html/comment() | /html/head/comment()")


def _day_of(date: str) -> str:
    """YYYY-MM-DD of a date as JavaScript writes it ("Wed Feb 07 2024 12:34:56 GMT+0100")."""
    try:
        return dt.datetime.strptime(" ".join(date.split()[1:4]), "%b %d %Y").date().isoformat()
    except ValueError:
        return ""

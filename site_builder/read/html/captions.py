"""Photo captions and their credits: not body text, set aside (the lead image's is metadata)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ...model import SetAside
from ..furniture import caption_credit
from .page_furniture import drop, name_words
from .words import comparable, one_line

_CAPTION_WORDS = frozenset({"caption", "captions", "figcaption"})
_CREDIT_WORDS = frozenset({"credit", "credits", "photocredit"})
_CAPTION_OR_CREDIT = _CAPTION_WORDS | _CREDIT_WORDS
_OWN_CREDIT_WORDS = _CREDIT_WORDS | {"attribution"}  # what a figcaption holding a credit is named


def set_aside_captions(page: lxml.html.HtmlElement) -> list[SetAside]:
    """Photo captions (figcaptions, elements named caption or credit) are not body text: they
    are set aside, split from their credits, and taken out of the page (in place)."""
    set_aside = []
    for element in _caption_elements(page):
        if element.tag != "figcaption" and name_words(element) & _CREDIT_WORDS:
            caption, credit = "", one_line(element.text_content())
        else:
            caption, credit = caption_and_credit(element)
        copies = [
            i
            for i, item in enumerate(set_aside)
            if item.reason == "caption" and _same_caption(caption, item.text)
        ]
        if caption and copies:  # one caption, shown again (a lightbox), or cut short for a toggle
            i = copies[0]
            set_aside[i] = SetAside(max(caption, set_aside[i].text, key=len), "caption")
        elif caption:
            set_aside.append(SetAside(caption, "caption"))
        if credit:
            set_aside.append(SetAside(credit, "photo credit"))
        drop(element)
    return set_aside


def _same_caption(one: str, other: str) -> bool:
    """Whether two captions are one: the same, or one the start of the other, cut short."""
    one, other = one.rstrip(".\u2026 "), other.rstrip(".\u2026 ")
    shorter = min(one, other, key=len)
    return len(shorter.split()) >= 5 and (one.startswith(other) or other.startswith(one))


def _caption_elements(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Figcaptions, short elements named caption or credit, and lines under an image that
    repeat its alt text; none inside another."""
    repeated_alt = _alt_text_lines(page)
    found: list[lxml.html.HtmlElement] = []
    for element in page.iter(etree.Element):
        if element.tag != "figcaption" and not _is_named_caption(element):
            if element not in repeated_alt:
                continue
        if not found or not any(a in found for a in element.iterancestors()):
            found.append(element)
    return found


_ALT_TEXT_WORDS = 3  # an alt text this long or longer is a description, not a file's name
_NEXT_SIBLINGS = 3  # how far after the image (or the box holding it) its caption may be


def _alt_text_lines(page: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """Elements just after an image, or after the box holding it, whose text is the image's
    alt text: a caption written as a plain line (`<span class="small gray">`)."""
    lines = set()
    for image in page.iter("img"):
        alt = comparable(image.get("alt") or "")
        if len(alt.split()) < _ALT_TEXT_WORDS:
            continue
        for holder in (image, image.getparent()):
            if holder is None:
                continue
            siblings = holder.itersiblings(tag=etree.Element)
            for sibling, _ in zip(siblings, range(_NEXT_SIBLINGS), strict=False):
                if sibling.tag != "img" and comparable(sibling.text_content()) == alt:
                    lines.add(sibling)
    return lines


def _is_named_caption(element: lxml.html.HtmlElement) -> bool:
    names = ((element.get("class") or "") + " " + (element.get("id") or "")).lower()
    if "caption" not in names and "credit" not in names:
        return False  # (a cheap test first: this runs on every element of the page)
    words = name_words(element) & (_CREDIT_WORDS if element.tag == "p" else _CAPTION_OR_CREDIT)
    return bool(words) and len(element.text_content()) <= 600


_TOGGLE = re.compile(r"\W*(?:(?:read|show|see) )?(?:more|less)\W*", re.I)


def _in_toggle(element, caption_element) -> bool:
    """Whether `element` is (in) a link or button reading only "more" or "less"."""
    while element is not None and element is not caption_element:
        if element.tag in ("a", "button") and _TOGGLE.fullmatch(element.text_content()):
            return True
        element = element.getparent()
    return False


def caption_and_credit(caption_element: lxml.html.HtmlElement) -> tuple[str, str]:
    """A caption's text and its photo credit: the text of a credit element in it, or a
    trailing credit ("... on Monday. REUTERS/Jane Doe"); all of it, when the element itself is
    named a credit and not a caption (`<figcaption class="attribution">Image via ...`)."""
    names = name_words(caption_element)
    if names & _OWN_CREDIT_WORDS and not names & _CAPTION_WORDS:
        return "", one_line(caption_element.text_content()).strip("() ")
    caption_parts, credit_parts = [], []
    for node in caption_element.xpath(".//text()"):
        holder = node.getparent().getparent() if node.is_tail else node.getparent()
        if _in_toggle(holder, caption_element):
            continue  # "... more" / "less": a control that shows the caption whole or cut short
        in_credit, element = False, node.getparent()
        while element is not None and element is not caption_element and not in_credit:
            names = name_words(element) | {(element.get("itemprop") or "").lower()}
            in_credit = bool(names & (_OWN_CREDIT_WORDS | {"copyright", "copyrightholder"}))
            element = element.getparent()
        (credit_parts if in_credit else caption_parts).append(node)
    caption, credit = one_line(" ".join(caption_parts)), one_line(" ".join(credit_parts))
    match = None if credit else caption_credit(caption)
    if match:
        caption, credit = match.group("caption"), match.group("credit")
    return caption, credit.strip("() ")

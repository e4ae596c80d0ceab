"""Page furniture: what is never article text, taken out of the page before extraction.

Code, embeds, forms, navigation, hidden elements, and boxes whose class or id names them as
share, related, newsletter, comment, ad... widgets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import lxml.html
from lxml import etree

from .words import one_line

# Elements whose content is code, or markup standing in for code: never text a reader sees.
_CODE = tuple(
    """script style noscript template iframe frame frameset object embed applet svg
    canvas""".split()
)
# Elements that are never article text: interactive and navigation elements, and the page's
# title (metadata, read before; an unclosed <title> holds the rest of the page as text, as a
# browser reads it).
_NEVER_TEXT = tuple(
    """form button input select textarea label audio video nav aside footer dialog menu link
    meta base title""".split()
)
_FURNITURE_ROLES = frozenset(
    """navigation banner complementary contentinfo search dialog alertdialog menu menubar
    toolbar""".split()
)
# Words that name page furniture in a class or id, as a whole word of it: "share-tools",
# "related_links", "newsletterSignup"; never as part of another word ("shared", "header").
_FURNITURE_WORDS = frozenset(
    """share sharing sharebar social related recommended recommendations recirc newsletter
    newsletters subscribe subscription signup comment comments disqus cookie cookies consent
    gdpr cmp promo promotion advert advertisement ad ads adslot dfp sponsored sponsor outbrain
    taboola popular trending breadcrumb breadcrumbs sidebar paywall modal popup overlay toolbar
    tags topics skiplink""".split()
)
_FURNITURE_WORD_PAIRS = frozenset(
    {("more", "stories"), ("sign", "up"), ("author", "bio"), ("skip", "link"), ("read", "more")}
    | {("most", "read"), ("you", "may")}
)
# Words of names that never name the article itself, however much text their boxes hold.
_NEVER_ARTICLE_WORDS = frozenset(
    """comment comments disqus related recommended recommendations recirc outbrain taboola
    popular trending ad ads adslot advert advertisement dfp sponsored sponsor promo
    promotion newsletter newsletters breadcrumb breadcrumbs""".split()
)
_CAMEL_CASE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAME_SEPARATORS = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TEXT_ELEMENTS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote".split())


def drop_code(page: lxml.html.HtmlElement) -> None:
    """Take out of the page (in place) its scripts, styles, templates, embeds, comments and
    processing instructions: no metadata or block may be read from code. A template that is a
    shadow root (as a page declares one, `shadowrootmode`, and as Chrome's "Single File" save
    writes each, `shadowmode`) is what the browser shows: its content stays, in its place."""
    for template in page.xpath("//template[@shadowrootmode or @shadowmode or @shadowroot]"):
        template.drop_tag()
    for element in [*page.iter(*_CODE), *page.iter(etree.Comment, etree.PI)]:
        drop(element)


def strip_page_furniture(page: lxml.html.HtmlElement) -> None:
    """Take out of the page (in place) what is never article text: forms, navigation, hidden
    elements, and boxes named as share, related, newsletter, comment, ad...

    A named or hidden box holding most of the page's text stays: it is a wrapper (a body-wide
    "has-sidebar" class, a page hidden behind a cookie dialog, an article body marked as the
    target of share tools), not a box. So do boxes of one class that together hold most of it
    (an article cut into boxes named for a paywall).
    """
    for element in list(page.iter(*_NEVER_TEXT)):
        drop(element)
    body = page.find("body")
    if body is None:
        return
    measure = _text_measure(body)
    total = measure(body)
    article_names = _article_class_names(body, measure, total)

    def is_furniture_box(element: lxml.html.HtmlElement) -> bool:
        return (
            is_furniture(element)
            and measure(element) <= total / 2
            and element.get("class") not in article_names
        )

    for element in _outermost(body, is_furniture_box):
        drop(element)
    # Inline wrappers inside a paragraph only style it; unwrapped, no extractor can take
    # a link or highlighted words for a widget and cut them out of a sentence.
    for element in body.xpath(".//p//span | .//p//font"):
        element.drop_tag()


def _is_table_of_contents(element: lxml.html.HtmlElement) -> bool:
    """A list of links to places on the same page ("Key events", "Contents")."""
    items = [item for item in element if isinstance(item.tag, str)]
    return bool(items) and all(
        item.tag == "li"
        and len(links := item.findall("a")) == 1
        and (links[0].get("href") or "").startswith("#")
        and one_line(item.text_content()) == one_line(links[0].text_content())
        for item in items
    )


def is_furniture(element: lxml.html.HtmlElement) -> bool:
    """Whether an element is a box of page furniture: hidden, of a furniture role, a teaser
    card, an in-page contents list, or named (class or id) as a widget."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    if (element.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if element.tag in _TEXT_ELEMENTS:
        return False
    if element.tag == "a" and element.find(".//p") is not None:
        return True  # a teaser card: article paragraphs are never inside a link
    if element.tag in ("ul", "ol") and _is_table_of_contents(element):
        return True
    return _has_furniture_name(element)


def _has_furniture_name(element: lxml.html.HtmlElement) -> bool:
    words = _name_word_list(element)
    return bool(_FURNITURE_WORDS.intersection(words)) or any(
        pair in _FURNITURE_WORD_PAIRS for pair in zip(words, words[1:], strict=False)
    )


def _article_class_names(body: lxml.html.HtmlElement, measure, total: int) -> set[str]:
    """Class names of boxes named as furniture that together hold most of the page's text: an
    article cut into boxes named for a paywall or a share tool. They name the article; names
    of comments, links and ads never do."""
    held: Counter[str] = Counter()
    for element in body.iter(etree.Element):
        name = element.get("class")
        if not name or element.tag in _TEXT_ELEMENTS or not _has_furniture_name(element):
            continue
        if not any(ancestor.get("class") == name for ancestor in element.iterancestors()):
            held[name] += measure(element)
    return {
        name
        for name, length in held.items()
        if 2 * length > total and not _NEVER_ARTICLE_WORDS.intersection(_split_names(name))
    }


def _name_word_list(element: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The words of an element's classes and id: "InlineImage-caption" -> inline, image, caption."""
    return _split_names((element.get("class") or "") + " " + (element.get("id") or ""))


@lru_cache(maxsize=4096)  # a page repeats the same few class names on many elements
def _split_names(names: str) -> tuple[str, ...]:
    names = _CAMEL_CASE.sub(" ", names).strip().lower()
    return tuple(_NAME_SEPARATORS.split(names)) if names else ()


def name_words(element: lxml.html.HtmlElement) -> set[str]:
    """The words an element's classes and id are made of, as a set."""
    return set(_name_word_list(element))


def _text_measure(body: lxml.html.HtmlElement) -> Callable[[lxml.html.HtmlElement], int]:
    """How to count the text a box holds: its paragraphs' text; on a page that sets most of its
    text outside paragraphs (lines broken by <br>, text in table cells), its text outside links."""
    if 2 * paragraph_text_length(body) >= _unlinked_text_length(body):
        return paragraph_text_length
    return _unlinked_text_length


def paragraph_text_length(element: lxml.html.HtmlElement) -> int:
    """The length of the text of an element's paragraphs."""
    return sum(len(p.text_content()) for p in element.iter("p"))


def _unlinked_text_length(element: lxml.html.HtmlElement) -> int:
    return sum(len(text.strip()) for text in element.xpath(".//text()[not(ancestor::a)]"))


def drop(element) -> None:
    """Take an element (and its text, not its tail) out of the page, unless it is the root."""
    if element.getparent() is not None:
        element.drop_tree()


def _outermost(root, predicate: Callable[[lxml.html.HtmlElement], bool]) -> list:
    """The elements under `root` for which `predicate` holds, but none inside another one."""
    found, stack = [], list(reversed(root))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        if predicate(element):
            found.append(element)
        else:
            stack.extend(reversed(element))
    return found

"""Saved web pages: the article body and metadata of a news page saved from a browser or archive.

    bytes -> decode_html -> parse_page -> read_page_metadata    -> detected
                                       -> set_aside_captions    -> set aside (captions, credits)
                                       -> strip_page_furniture
                                       -> extract_article_blocks
                                       -> tidy_blocks           -> blocks, set aside

The article body comes from two main-content detectors run on the page once its furniture is
removed: trafilatura (precision mode; it keeps headings, quotes and lists) and readability-lxml.
A block both found is article text; a block only one found is kept when it reads like article
text and sits among the agreed blocks (or, when the publisher's JSON-LD `articleBody` is there,
when that contains it). Then the furniture rules shared with the text reader set aside what is
left of the page around the article.

Only text leaves this module: no element, attribute or script of the page reaches a block.
"""

from __future__ import annotations

import codecs
import copy
import html as html_entities
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import charset_normalizer
import lxml.html
import trafilatura
from lxml import etree
from readability import Document
from readability.readability import Unparseable

from ..model import Block, SetAside
from .base import ReadResult, SeedError
from .furniture import BYLINE_LINES, CAPTION_CREDIT, compile_line_patterns, strip_dateline


@dataclass(frozen=True)
class PageHints:
    """What a page says about its article, to tell the article from the furniture around it."""

    headline: str = ""
    article_body: str = ""  # JSON-LD articleBody: the publisher's plain text of the article


def read_html(raw: bytes, extra_patterns: list[str] | None = None) -> ReadResult:
    """Read a saved news page: its article body as blocks, and the metadata found in the page."""
    page = parse_page(decode_html(raw))
    detected = read_page_metadata(page)
    hints = PageHints(detected.get("headline", ""), _jsonld_article_body(page))
    captions = set_aside_captions(page)
    strip_page_furniture(page)
    blocks = extract_article_blocks(page, hints)
    if not any(_is_running_text(block) for block in blocks):
        raise SeedError(
            "no article found in this page: it has no paragraph of running text "
            "(is it an index page, a login or cookie wall, or an empty page?)"
        )
    blocks, set_aside = tidy_blocks(blocks, detected, extra_patterns or [])
    if not blocks:
        raise SeedError("no article found in this page: all its text is page furniture")
    lead_caption = detected.get("image_caption", "")
    if lead_caption:  # captions are claims too: the lead image's stays on the page, as a caption
        blocks.insert(0, Block("caption", lead_caption))
        captions = [c for c in captions if c.text != lead_caption]
    return ReadResult(tuple(blocks), tuple(captions + set_aside), detected)


def _is_running_text(block: Block) -> bool:
    return block.kind != "heading" and len(_words(block.text)) >= 8


# --- Decoding -------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_AS_WINDOWS_1252 = {"latin_1", "iso8859-1", "ascii", "cp819"}


def decode_html(raw: bytes) -> str:
    """The page's text: by its BOM, else its declared charset, else UTF-8, else detection.

    Bytes that are valid UTF-8 and not plain ASCII are read as UTF-8 even under another
    declaration: a browser saves a page as UTF-8 but often keeps its old `<meta charset>`,
    and reading it as declared would give mojibake.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    as_utf8 = _try_decode(raw, "utf-8")
    declared = _declared_charset(raw[:16384])
    if declared and declared != "utf-8" and (as_utf8 is None or raw.isascii()):
        text = _try_decode(raw, declared)
        if text is not None:
            return text
    if as_utf8 is not None:
        return as_utf8
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("cp1252", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a declaration readable as ASCII cannot be right about UTF-16
    return name


def _try_decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


# --- Parsing --------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_page(text: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree (the tree trafilatura and readability work on, too)."""
    text = _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        raise SeedError("the page is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SeedError(f"not an HTML page: {exc}") from None


# --- Metadata -------------------------------------------------------------------------------

_ARTICLE_TYPES = frozenset(
    """Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle
    BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle SatiricalArticle BlogPosting
    LiveBlogPosting SocialMediaPosting Report TechArticle ScholarlyArticle""".split()
)
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?)?"
)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|von|par|por)\s*:?\s+", re.I)


def read_page_metadata(page: lxml.html.HtmlElement) -> dict:
    """Headline, outlet, url, dates, byline, language and lead image caption/credit, as found.

    For each key the first usable candidate wins: JSON-LD (the publisher's own statement)
    first, then Open Graph and meta tags, then the markup (`<link rel=canonical>`, `<time>`,
    `<h1>`, author and figure elements). The outlet is og:site_name before JSON-LD's publisher,
    which is often the owning company rather than the masthead.
    """
    article = _jsonld_article(page)
    meta = _meta_tags(page)
    caption, credit = _lead_image(article.get("image"), page)
    candidates: dict[str, list] = {
        "headline": [
            article.get("headline"),
            meta.get("og:title"),
            meta.get("twitter:title"),
            _markup_headline(page),
        ],
        "outlet": [meta.get("og:site_name"), _name(article.get("publisher"))],
        "url": [_canonical_link(page), meta.get("og:url"), _jsonld_url(article)],
        "published": [
            article.get("datePublished"),
            *(meta.get(key) for key in _PUBLISHED_META),
            *_time_elements(page, updated=False),
            article.get("dateCreated"),
        ],
        "modified": [
            article.get("dateModified"),
            *(meta.get(key) for key in _MODIFIED_META),
            *_time_elements(page, updated=True),
        ],
        "byline": [
            _names(article.get("author")),
            *(meta.get(key) for key in _AUTHOR_META),
            _markup_byline(page),
        ],
        "language": [
            article.get("inLanguage"),
            page.get("lang"),
            meta.get("content-language"),
            meta.get("og:locale"),
        ],
        "image_caption": [caption],
        "image_credit": [credit],
    }
    detected = {}
    for key, values in candidates.items():
        value = next((v for v in (_metadata_value(key, c) for c in values) if v), "")
        if value:
            detected[key] = value
    return detected


_PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified")
_AUTHOR_META = ("author", "byl", "parsely-author", "sailthru.author", "dc.creator")


def _metadata_value(key: str, value) -> str:
    """A metadata candidate as plain text, or "" when it is missing or not of the right form."""
    value = _name(value) if isinstance(value, (list, dict)) else value
    if not isinstance(value, str):
        return ""
    text = _plain_text(value)
    if key in ("published", "modified"):
        text = text if _ISO_DATE.fullmatch(text) else _iso_date_from_words(text)
        # "0001-01-01T00:00:00Z" and the like are a CMS's empty date, not a date
        return text if text and int(text[:4]) >= 1800 else ""
    if key == "language":
        return text.replace("_", "-") if _LANGUAGE.fullmatch(text) else ""
    if key == "url":
        return text if text.startswith(("http://", "https://")) else ""
    if key in ("byline", "outlet") and (text.startswith(("http", "@")) or len(text) > 200):
        return ""
    return _BY_PREFIX.sub("", text) if key == "byline" else text


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_IN_WORDS = re.compile(  # "November 19, 2019" or "19 November 2019"
    rf"\b(?:(?P<month>{_MONTH_NAME})\s+(?P<day>{_DAY}),?"
    rf"|(?P<day2>{_DAY})\s+(?P<month2>{_MONTH_NAME}),?)\s+(?P<year>\d{{4}})\b",
    re.I,
)


def _iso_date_from_words(text: str) -> str:
    """The ISO date in "November 19, 2019, 07:47 PM EST" or "20 Nov 2019", else "".

    Only the date is kept: the time zone of such a string is often ambiguous ("IST")."""
    match = _DATE_IN_WORDS.search(text)
    if not match:
        return ""
    month = _MONTHS.index((match.group("month") or match.group("month2"))[:3].lower()) + 1
    day = int(re.match(r"\d+", match.group("day") or match.group("day2")).group())
    return f"{match.group('year')}-{month:02d}-{day:02d}" if 1 <= day <= 31 else ""


def _plain_text(value: str) -> str:
    """Entities decoded, tags removed, whitespace collapsed: metadata is shown as text."""
    value = html_entities.unescape(value)
    if "<" in value and ">" in value:
        try:
            value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            value = re.sub(r"<[^>]*>", " ", value)
    return _one_line(value)


def _meta_tags(page: lxml.html.HtmlElement) -> dict[str, str]:
    """`<meta>` contents by lower-cased property, name, itemprop or http-equiv; first one wins."""
    tags: dict[str, str] = {}
    for meta in page.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and content:
                tags.setdefault(key, content)
    return tags


def _canonical_link(page: lxml.html.HtmlElement) -> str:
    for link in page.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return link.get("href") or ""
    return ""


def _time_elements(page: lxml.html.HtmlElement, updated: bool) -> list[str]:
    """`<time datetime>` values marked as publication (or update) time; for publication, the
    first unmarked one after them."""
    marked, unmarked = [], []
    for time in page.iter("time"):
        hints = " ".join(time.get(a) or "" for a in ("itemprop", "class", "id")).lower()
        is_update = "modif" in hints or "updat" in hints
        is_publication = time.get("pubdate") is not None or any(
            word in hints for word in ("publish", "pubdate", "created", "posted")
        )
        if is_update == updated and (is_update or is_publication):
            marked.append(time.get("datetime"))
        elif not is_update:
            unmarked.append(time.get("datetime"))
    return marked if updated else marked + unmarked[:1]


def _markup_headline(page: lxml.html.HtmlElement) -> str:
    for h1 in page.iter("h1"):
        text = _one_line(h1.text_content())
        if text:
            return text
    title = page.find(".//title")
    if title is not None and title.text:
        # "Headline | Outlet", "Headline - Outlet"
        return re.split(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]+$", title.text.strip())[0]
    return ""


_BYLINE_XPATHS = (
    "//*[contains(@itemprop, 'author')]//*[@itemprop='name']",
    "//a[@rel='author']",
    "//*[contains(@itemprop, 'author')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
)
# Where the names in a byline end: a handle, a separator, a date or a time.
_BYLINE_END = re.compile(
    r"\s*(?:[@(|\u2022]|\b(?:Updated|Published|Posted)\b"
    r"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d|\d{1,2}[:/.]\d).*$"
)


def _markup_byline(page: lxml.html.HtmlElement) -> str:
    """Author names marked up in the page (schema.org itemprop, rel=author, a .byline)."""
    for xpath in _BYLINE_XPATHS:
        names = [_clean_byline(" ".join(element.itertext())) for element in page.xpath(xpath)]
        names = [name for name in dict.fromkeys(names) if name]
        if names:
            return ", ".join(names[:4])
    return ""


def _clean_byline(text: str) -> str:
    text = _BYLINE_END.sub("", _BY_PREFIX.sub("", _one_line(text))).strip(" ,;-")
    return text if 0 < len(text.split()) <= 10 else ""


def _lead_image(image, page: lxml.html.HtmlElement) -> tuple[str, str]:
    """The lead image's caption and credit: JSON-LD's ImageObject, else the article's first
    figcaption (else the page's)."""
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict) and isinstance(image.get("caption"), str):
        credit = image.get("creditText") or _name(image.get("copyrightHolder"))
        return image["caption"], credit or _name(image.get("author"))
    figcaptions = page.xpath("//article//figcaption") or page.xpath("//figcaption")
    return _caption_and_credit(figcaptions[0]) if figcaptions else ("", "")


# JSON-LD -----------------------------------------------------------------------------------


def _jsonld_nodes(page: lxml.html.HtmlElement) -> list[dict]:
    """Every JSON-LD object of the page, top-level, in a list or in an @graph."""
    nodes: list[dict] = []

    def collect(item) -> None:
        if isinstance(item, list):
            for element in item:
                collect(element)
        elif isinstance(item, dict):
            nodes.append(item)
            collect(item.get("@graph"))

    for script in page.xpath("//script[@type='application/ld+json']"):
        collect(_parse_json(script.text or ""))
    return nodes


def _parse_json(text: str):
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text).strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _jsonld_article(page: lxml.html.HtmlElement) -> dict:
    """The page's article object (NewsArticle and friends), with its @id references resolved."""
    nodes = _jsonld_nodes(page)
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    articles = [node for node in nodes if _types(node) & _ARTICLE_TYPES]
    if not articles:
        return {}
    article = max(articles, key=lambda node: (bool(node.get("headline")), len(node)))
    return {key: _resolve(value, by_id) for key, value in article.items()}


def _types(node: dict) -> set[str]:
    kinds = node.get("@type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return {kind.rsplit("/", 1)[-1] for kind in kinds if isinstance(kind, str)}


def _resolve(value, by_id: dict[str, dict]):
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in by_id:
        return by_id[value["@id"]]
    return value


def _jsonld_url(article: dict) -> str:
    url = article.get("url") or article.get("mainEntityOfPage")
    if isinstance(url, dict):
        url = url.get("@id") or url.get("url")
    return url if isinstance(url, str) else ""


def _name(value) -> str:
    """The name of a JSON-LD thing: a string, an object's name, or the first of a list's."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return value if isinstance(value, str) else ""


def _names(value) -> str:
    """Author names from JSON-LD: a string, a Person or Organization, or a list of them."""
    names = [_name(item).strip() for item in (value if isinstance(value, list) else [value])]
    return ", ".join(dict.fromkeys(n for n in names if n and not n.startswith("http")))


def _jsonld_article_body(page: lxml.html.HtmlElement) -> str:
    """JSON-LD `articleBody` (as plain text), when the page gives one."""
    bodies = [node.get("articleBody") for node in _jsonld_nodes(page)]
    return max((_plain_text(b) for b in bodies if isinstance(b, str)), key=len, default="")


# --- Page furniture -------------------------------------------------------------------------

# Elements that are never article text: code, embeds, interactive and navigation elements.
_NEVER_TEXT = tuple(
    """script style noscript template iframe frame frameset object embed applet form button
    input select textarea label svg canvas audio video nav aside footer dialog menu link meta
    base""".split()
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
_CAMEL_CASE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAME_SEPARATORS = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TEXT_ELEMENTS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote".split())
# Posts quoted from social networks, as their embed codes mark them up.
_EMBEDDED_POST_CLASSES = frozenset(
    """twitter-tweet twitter-video instagram-media tiktok-embed bluesky-embed mastodon-embed
    reddit-embed-bq text-post-media""".split()
)
_EMBED_WRAPPER_WORDS = frozenset("tweet twitter instagram tiktok bluesky embed social".split())


def strip_page_furniture(page: lxml.html.HtmlElement) -> None:
    """Take out of the page (in place) what is never article text: code, embeds, forms,
    navigation, hidden elements, and boxes named as share, related, newsletter, comment, ad...

    A named or hidden box holding most of the page's paragraph text stays: it is a wrapper
    (a body-wide "has-sidebar" class, a page hidden behind a cookie dialog), not a box.
    """
    _unmark_embedded_posts(page)
    for element in [*page.iter(*_NEVER_TEXT), *page.iter(etree.Comment, etree.PI)]:
        _drop(element)
    body = page.find("body")
    if body is None:
        return
    total = _paragraph_text_length(body)
    for element in _outermost(
        body, lambda e: _is_furniture(e) and _paragraph_text_length(e) <= total / 2
    ):
        _drop(element)
    # Inline wrappers inside a paragraph only style it; unwrapped, no extractor can take
    # a link or highlighted words for a widget and cut them out of a sentence.
    for element in body.xpath(".//p//span | .//p//font"):
        element.drop_tag()


def _unmark_embedded_posts(page: lxml.html.HtmlElement) -> None:
    """A post the article quotes (an embedded tweet) is article text, a block quote: its embed
    classes, and those of the widget around it, would pass it for a share widget."""
    for quote in page.iter("blockquote"):
        if _EMBEDDED_POST_CLASSES.intersection((quote.get("class") or "").split()):
            for element in [quote, *quote.iterancestors()][:5]:
                if element is quote or _name_words(element) & _EMBED_WRAPPER_WORDS:
                    element.attrib.pop("class", None)
                    element.attrib.pop("id", None)


def _is_furniture(element: lxml.html.HtmlElement) -> bool:
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
    words = _name_word_list(element)
    return bool(_FURNITURE_WORDS.intersection(words)) or any(
        pair in _FURNITURE_WORD_PAIRS for pair in zip(words, words[1:], strict=False)
    )


def _name_word_list(element: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The words of an element's classes and id: "InlineImage-caption" -> inline, image, caption."""
    return _split_names((element.get("class") or "") + " " + (element.get("id") or ""))


@lru_cache(maxsize=4096)  # a page repeats the same few class names on many elements
def _split_names(names: str) -> tuple[str, ...]:
    names = _CAMEL_CASE.sub(" ", names).strip().lower()
    return tuple(_NAME_SEPARATORS.split(names)) if names else ()


def _name_words(element: lxml.html.HtmlElement) -> set[str]:
    return set(_name_word_list(element))


def _paragraph_text_length(element: lxml.html.HtmlElement) -> int:
    return sum(len(p.text_content()) for p in element.iter("p"))


def _drop(element) -> None:
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


# Captions ----------------------------------------------------------------------------------

_CAPTION_WORDS = frozenset({"caption", "captions", "figcaption"})
_CREDIT_WORDS = frozenset({"credit", "credits", "photocredit"})
_CAPTION_OR_CREDIT = _CAPTION_WORDS | _CREDIT_WORDS


def set_aside_captions(page: lxml.html.HtmlElement) -> list[SetAside]:
    """Photo captions (figcaptions, elements named caption or credit) are not body text: they
    are set aside, split from their credits, and taken out of the page (in place)."""
    set_aside = []
    for element in _caption_elements(page):
        if element.tag != "figcaption" and _name_words(element) & _CREDIT_WORDS:
            caption, credit = "", _one_line(element.text_content())
        else:
            caption, credit = _caption_and_credit(element)
        if caption:
            set_aside.append(SetAside(caption, "caption"))
        if credit:
            set_aside.append(SetAside(credit, "photo credit"))
        _drop(element)
    return set_aside


def _caption_elements(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Figcaptions, and short elements named caption or credit; none inside another."""
    found: list[lxml.html.HtmlElement] = []
    for element in page.iter(etree.Element):
        if element.tag != "figcaption" and not _is_named_caption(element):
            continue
        if not found or not any(a in found for a in element.iterancestors()):
            found.append(element)
    return found


def _is_named_caption(element: lxml.html.HtmlElement) -> bool:
    names = ((element.get("class") or "") + " " + (element.get("id") or "")).lower()
    if "caption" not in names and "credit" not in names or element.tag == "p":
        return False  # (a cheap test first: this runs on every element of the page)
    return bool(_name_words(element) & _CAPTION_OR_CREDIT) and len(element.text_content()) <= 600


def _caption_and_credit(caption_element: lxml.html.HtmlElement) -> tuple[str, str]:
    """A caption's text and its photo credit: the text of a credit element in it, or a
    trailing credit ("... on Monday. REUTERS/Jane Doe")."""
    caption_parts, credit_parts = [], []
    for node in caption_element.xpath(".//text()"):
        in_credit, element = False, node.getparent()
        while element is not None and element is not caption_element and not in_credit:
            names = _name_words(element) | {(element.get("itemprop") or "").lower()}
            in_credit = bool(names & (_CREDIT_WORDS | {"copyright", "copyrightholder"}))
            element = element.getparent()
        (credit_parts if in_credit else caption_parts).append(node)
    caption, credit = _one_line(" ".join(caption_parts)), _one_line(" ".join(credit_parts))
    match = None if credit else CAPTION_CREDIT.match(caption)
    if match:
        caption, credit = match.group("caption"), match.group("credit")
    return caption, credit.strip("() ")


# --- Article blocks -------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def extract_article_blocks(page: lxml.html.HtmlElement, hints: PageHints) -> list[Block]:
    """The article's blocks, by agreement of trafilatura and readability on the cleaned page.

    The headline is left out first: found by both, it would stretch the agreed part of the
    page up to the top, where the furniture is.
    """
    headline = _comparable(hints.headline)
    found = [
        [block for block in blocks if _comparable(block.text) != headline]
        for blocks in (_trafilatura_blocks(page), _readability_blocks(page))
    ]
    return merge_by_agreement(found[0], found[1], page, hints.article_body)


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
            yield Block("paragraph", _one_line(element.tail))


def _trafilatura_element_blocks(element) -> Iterator[Block]:
    if element.tag == "head":
        yield from _text_block("heading", element)
    elif element.tag == "quote":
        for part in [child for child in element if child.tag == "p"] or [element]:
            yield from _text_block("quote", part)
    elif element.tag == "list":
        for item in element.iter("item"):
            yield from _text_block("list_item", item)
    elif element.tag == "table":
        for row in element.iter("row"):
            cells = [_one_line(" ".join(cell.itertext())) for cell in row]
            if any(cells):
                yield Block("paragraph", " | ".join(cell for cell in cells if cell))
    elif element.tag in ("p", "code"):
        yield from _text_block("paragraph", element)


def _text_block(kind: str, element) -> Iterator[Block]:
    """One block of an element's text; a nested list's items are blocks of their own."""
    parts: list[str] = []

    def collect(node) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag == "lb":
                parts.append(" ")
            elif child.tag != "list":
                collect(child)
            parts.append(child.tail or "")

    collect(element)
    text = _one_line("".join(parts))
    if text:
        yield Block(kind, text)


def _readability_blocks(page: lxml.html.HtmlElement) -> list[Block]:
    """readability-lxml's summary of the page, as blocks."""
    try:
        summary = Document(copy.deepcopy(page)).summary(html_partial=True)
        return html_blocks(lxml.html.document_fromstring(summary))
    except (Unparseable, etree.ParserError, ValueError):
        return []


_BLOCK_KIND_OF_TAG = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    "blockquote": "quote",
    **dict.fromkeys(("li", "dt", "dd"), "list_item"),
    "figcaption": "caption",
}
_BLOCK_TAGS = frozenset(
    [
        *_BLOCK_KIND_OF_TAG,
        *"""p div section article main header ul ol dl table tr td th pre figure br hr address
        center""".split(),
    ]
)


def html_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """An HTML fragment's text as blocks: each block element (or line break) starts a new one;
    a block's kind is that of its nearest heading, blockquote, list item or figcaption."""
    blocks: list[Block] = []
    parts: list[str] = []
    kinds: list[str] = ["paragraph"]

    def flush() -> None:
        text = _one_line("".join(parts))
        parts.clear()
        if text:
            blocks.append(Block(kinds[-1], text))

    def walk(element) -> None:
        if not isinstance(element.tag, str):
            return
        is_block, kind = element.tag in _BLOCK_TAGS, _BLOCK_KIND_OF_TAG.get(element.tag)
        if is_block:
            flush()
        if kind:
            kinds.append(kind)
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if is_block:
            flush()
        if kind:
            kinds.pop()

    walk(root)
    flush()
    return blocks


# Agreement ---------------------------------------------------------------------------------


class _Support:
    """How much of a block another text contains: the share of the block's word triples
    (for a block of one or two words, whether its words are there at all)."""

    def __init__(self, texts: Iterable[str]):
        word_lists = [_words(text) for text in texts]
        self.joined = " " + " \n ".join(" ".join(words) for words in word_lists) + " "
        self.triples: set[tuple[str, ...]] = set().union(*map(_triples, word_lists))

    def share(self, text: str) -> float:
        words = _words(text)
        if len(words) < 3:
            return float(bool(words) and f" {' '.join(words)} " in self.joined)
        own = _triples(words)
        return len(own & self.triples) / len(own)


def _triples(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def merge_by_agreement(
    first: list[Block], second: list[Block], page: lxml.html.HtmlElement, article_body: str = ""
) -> list[Block]:
    """Blocks both extractions found, plus those only one found that read like article text,
    in page order.

    `first` (trafilatura) gives the kind and wording of an agreed block. A block only one
    extraction found is kept when the publisher's `articleBody` contains it, or (without one)
    when it is running text within the stretch of the page the agreed blocks span, or a long
    paragraph outside it.
    """
    if not first or not second:
        return first or second
    in_first, in_second = _Support(b.text for b in first), _Support(b.text for b in second)
    locate = _Locator(page)
    agreed, candidates = [], []
    for order, (position, block) in enumerate(locate.in_order(first)):
        found_by_both = in_second.share(block.text) >= 0.5
        (agreed if found_by_both else candidates).append((position, order, block))
    for order, (position, block) in enumerate(locate.in_order(second), start=len(first)):
        if in_first.share(block.text) < 0.5:
            candidates.append((position, order, block))
    if not agreed:
        return _closer_to(article_body, first, second)
    start, end = min(item[0] for item in agreed), max(item[0] for item in agreed)
    in_body = _Support([article_body]) if _plausible_body(article_body, locate) else None
    kept = agreed
    for position, order, block in candidates:
        if in_body is not None:
            keep = in_body.share(block.text) >= 0.6
        else:
            keep = _reads_like_article_text(block, inside=start <= position <= end)
        if keep and order >= len(first):
            # readability's whole paragraph where trafilatura kept pieces of it: the pieces go
            whole = _Support([block.text])
            kept = [k for k in kept if k[1] >= len(first) or whole.share(k[2].text) < 0.5]
        if keep:
            kept.append((position, order, block))
    return [block for _, _, block in sorted(kept, key=lambda item: item[:2])]


def _plausible_body(article_body: str, locate: _Locator) -> bool:
    """An `articleBody` long enough to be the article, and (mostly) text shown on the page."""
    return len(_words(article_body)) >= 80 and locate.page_text.share(article_body) >= 0.8


def _reads_like_article_text(block: Block, inside: bool) -> bool:
    words = len(_words(block.text))
    if block.kind == "heading":
        return inside and words <= 20
    if block.kind in ("list_item", "quote"):
        return inside and words >= 3
    sentence = block.text.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?", ":"))
    if inside:
        return (words >= 8 and sentence) or words >= 20
    return words >= 30 and sentence


def _closer_to(article_body: str, first: list[Block], second: list[Block]) -> list[Block]:
    """No agreement at all: the extraction closer to `articleBody`, else trafilatura's."""
    if not article_body:
        return first
    reference = _Support([article_body])
    return max((first, second), key=lambda blocks: sum(reference.share(b.text) for b in blocks))


class _Locator:
    """Where blocks start in the page's text, to put blocks of both extractions in page order."""

    def __init__(self, page: lxml.html.HtmlElement):
        body = page.find("body")
        text = " ".join((body if body is not None else page).itertext())
        self.text = text
        self.words = " " + " ".join(_words(text)) + " "

    @cached_property
    def page_text(self) -> _Support:
        return _Support([self.text])

    def in_order(self, blocks: list[Block]) -> Iterator[tuple[float, Block]]:
        """Each block with its position (0 to 1) in the page; a block not found in the page
        text takes the position of the block before it."""
        position = 0.0
        for block in blocks:
            found = self.position(block.text)
            position = found if found >= 0 else position
            yield position, block

    def position(self, text: str) -> float:
        words = _words(text)
        for probe in (words[:8], words[-8:]):
            found = self.words.find(" " + " ".join(probe) + " ") if probe else -1
            if found >= 0:
                return found / len(self.words)
        return -1.0


# --- Tidying the blocks ---------------------------------------------------------------------

# Page furniture that survives main-content detection, beyond the text reader's own lines.
_PAGE_FURNITURE_LINES: tuple[tuple[str, str], ...] = (
    (r"(?:Published|Updated|Posted|Last updated|First published)\b.{0,80}\d.{0,40}", "date line"),
    (r"(?i:Related|Read more|More|Watch)\s*[:>\-]\s*.{0,200}", "related-article link"),
    (r"Also on [\w.]+.{0,200}|Related (?:Articles?|Stories)|More (?:from|on) .{1,60}", "related"),
    (r"(?:Did you )?(?:Like|Enjoy)d? this (?:story|article)\?.{0,100}", "share buttons"),
    (r"Follow (?:us|\w+(?: \w+)?) on (?:Twitter|Facebook|Instagram|X)\b.{0,100}", "social link"),
    (r"(?:\d+\s+)?Comments?|(?:Leave|Post|Add) a (?:comment|reply)\W*", "comments link"),
    (r"(?:You must|Please) (?:be )?log(?:ged)? ?in to (?:post a )?comment.{0,40}", "comments"),
    (r"(?:Image|Photo|Picture) (?:copyright|caption|credit)\b.{0,200}", "photo credit"),
    (r"(?:(?:Photo|Image|Picture|Video)s?(?: credit)?|Credits?)\s*:\s*.{0,120}", "photo credit"),
    (r".{0,300}\((?:[Cc]redit|[Pp]hoto|[Ii]mage|[Pp]icture)s?:\s*[^)]{1,80}\)", "caption"),
    (r"Subscribe(?: now| today| to .{0,80})?\W*", "newsletter box"),
)
_SHORT_BYLINE = re.compile(
    r"(?:By|BY)\s+[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&|de|van|von|la|del|,))*"
    r"(?:\s*[,|]\s*[\w .'&-]{0,60})?"
)
# A newsletter or subscription pitch: a call to action about a newsletter, an inbox, an app or
# a subscription service, in a short paragraph.
_PITCH_ACTION = re.compile(r"\b(?:sign up|subscribe|get access|use the code|promo code|download)\b")
_PITCH_OBJECT = re.compile(r"\b(?:newsletters?|inbox|(?:our|mobile) app|subscriptions? service)\b")
_LEADING_DATE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
)


def tidy_blocks(
    blocks: list[Block], detected: dict, extra_patterns: list[str]
) -> tuple[list[Block], list[SetAside]]:
    """Set aside the headline, bylines, furniture lines and pitches, a header run into the
    first paragraph, and a leading agency dateline (its paragraph stays)."""
    patterns = compile_line_patterns(extra_patterns)
    patterns += [(re.compile(p), reason) for p, reason in _PAGE_FURNITURE_LINES]
    headline = _comparable(detected.get("headline", ""))
    kept: list[Block] = []
    set_aside: list[SetAside] = []
    for block in blocks:
        reason = _set_aside_reason(block, headline, patterns)
        if reason:
            set_aside.append(SetAside(block.text, reason))
        elif not kept or kept[-1] != block:
            kept.append(block)
    kept = _strip_run_in_header(kept, detected, set_aside)
    return strip_dateline(kept, set_aside), set_aside


def _set_aside_reason(block: Block, headline: str, patterns) -> str:
    if headline and _comparable(block.text) == headline:
        return "headline"
    for pattern, reason in patterns:
        if pattern.fullmatch(block.text):
            return reason
    if len(block.text) < 200 and BYLINE_LINES.fullmatch(block.text):
        return "byline"
    if len(block.text) < 120 and _SHORT_BYLINE.fullmatch(block.text):
        return "byline"
    if _is_pitch(block.text):
        return "promotion"
    return ""


def _is_pitch(text: str) -> bool:
    lowered = text.lower()
    return (
        len(_words(text)) <= 80
        and _PITCH_ACTION.search(lowered) is not None
        and _PITCH_OBJECT.search(lowered) is not None
    )


def _strip_run_in_header(
    blocks: list[Block], detected: dict, set_aside: list[SetAside]
) -> list[Block]:
    """A page without paragraph markup may run the headline, byline and date into the first
    paragraph ("Big rocket by Jane Doe Monday, November 18, 2019 Earlier this month..."):
    they are set aside, and the paragraph's text stays."""
    headline = _words(detected.get("headline", ""))
    found = [
        i
        for i, block in enumerate(blocks[:3])
        if headline
        and block.kind == "paragraph"
        and _words(block.text)[: len(headline)] == headline
    ]
    if not found:
        return blocks
    index = found[0]
    text = _after_words(blocks[index].text, len(headline), set_aside, "headline")
    byline = detected.get("byline", "")
    by = re.match(r"(?:by\s+)?" + re.escape(byline) + r"\b", text, re.I) if byline else None
    if by:
        text = _after_words(text, len(_words(by.group())), set_aside, "byline")
    date = _LEADING_DATE.match(text)
    if date:
        text = _after_words(text, len(_words(date.group())), set_aside, "date line")
    return [*blocks[:index], Block("paragraph", text), *blocks[index + 1 :]]


def _after_words(text: str, count: int, set_aside: list[SetAside], reason: str) -> str:
    """`text` after its first `count` words and the punctuation after them (set aside)."""
    words = list(_WORD.finditer(text))
    if len(words) <= count:
        return text
    end = words[count - 1].end()
    set_aside.append(SetAside(text[:end].strip(), reason))
    return text[end:].lstrip(" \t:;,.|-\u2013\u2014")


# --- Text helpers ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _comparable(text: str) -> str:
    return " ".join(_words(text))


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""The page's metadata: headline, outlet, address, dates, byline, language, lead image."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

import lxml.html
from rapidfuzz import fuzz

from ..dates import DateLine, iso_date_from_words, month_number, read_date_line
from ..fields import http_address, site_address
from ..furniture import byline_names, without_by, without_role
from .archive import Capture, capture_metadata, original_address
from .captions import caption_and_credit
from .jsonld import jsonld_article, jsonld_review, jsonld_url, name_of, names_of
from .page_furniture import is_furniture, name_words
from .saved_marks import SavedMark
from .words import one_line, plain_text

_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?)?"
)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def read_page_metadata(
    page: lxml.html.HtmlElement,
    jsonld: list[dict],
    capture: Capture | None = None,
    mark: SavedMark | None = None,
) -> dict:
    """Headline, outlet, url, dates, byline, language and lead image caption/credit, as found;
    for a page kept by an archive (`capture`), its address there and the capture's date; for a
    page whose saving left a `mark`, where and when it was saved, as the page says no better.

    For each key the first usable candidate wins: JSON-LD (the publisher's own statement)
    first, then Open Graph and meta tags, then the markup (`<link rel=canonical>`, `<time>`,
    `<h1>`, author and figure elements). The outlet is og:site_name before JSON-LD's publisher,
    which is often the owning company rather than the masthead; a name unlike the site's
    address (a section's, "U.S.") gives way to one like it, or to the address itself.

    An archive rewrites the page's addresses to its own ("https://web.archive.org/web/<time>/
    <the page's address>"): they are read unwrapped, and the address the archive captured comes
    last. The outlet is then the publisher's, named or known by its address, never the archive.
    """
    article = jsonld_article(jsonld)
    review = jsonld_review(jsonld)
    meta = _meta_tags(page)
    shown = _shown_lines(page)
    caption, credit = _lead_image(article.get("image"), page)
    candidates: dict[str, list] = {
        "headline": [
            article.get("headline"),
            meta.get("og:title"),
            meta.get("twitter:title"),
            _markup_headline(page),
        ],
        "outlet": [meta.get("og:site_name"), name_of(article.get("publisher"))],
        "url": [
            original_address(_canonical_link(page)),
            original_address(meta.get("og:url")),
            original_address(jsonld_url(article)),
            original_address(jsonld_url(review)),
            capture.original if capture else "",
            original_address(mark.url) if mark else "",
        ],
        "published": [
            article.get("datePublished"),
            *(meta.get(key) for key in _PUBLISHED_META),
            *_time_elements(page, updated=False),
            article.get("dateCreated"),
            review.get("datePublished"),
            shown["published"],
            _byline_date(page),
            _named_date(page),
        ],
        "modified": [
            article.get("dateModified"),
            *(meta.get(key) for key in _MODIFIED_META),
            *_time_elements(page, updated=True),
            review.get("dateModified"),
            shown["modified"],
        ],
        "byline": [
            names_of(article.get("author")),
            *(meta.get(key) for key in _AUTHOR_META),
            _markup_byline(page),
            shown["byline"],
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
    candidates["outlet"].append(meta.get("application-name"))
    outlets = [v for v in (_metadata_value("outlet", c) for c in candidates.pop("outlet")) if v]
    bylines = candidates.pop("byline")
    detected = {}
    for key, values in candidates.items():
        usable = [v for v in (_metadata_value(key, c) for c in values) if v]
        if usable:
            detected[key] = usable[0]
        if key == "headline" and len({_words(v) for v in usable}) > 1:
            # the headline readers see, where the metadata says it too (a JSON-LD headline
            # is often the one written for search engines: "Delhi air pollution: The law...")
            shown = _metadata_value(key, values[-1])  # the page's <h1>
            if shown and any(_words(shown) == _words(v) for v in usable[:-1]):
                detected[key] = shown
        if key in ("published", "modified") and usable:
            detected[key] = _in_local_time(usable[0], usable[1:])
    # A name like the site's address ("Reuters" at reuters.com) before one that is not ("U.S.",
    # a section's name in og:site_name); else the address itself.
    host = site_address(detected.get("url"))
    named = [name for name in outlets if not host or resembles_host(name, host)]
    if named or host:
        detected["outlet"] = named[0] if named else host
    byline = _byline(bylines, [*outlets, host])
    if byline:
        detected["byline"] = byline
    if "headline" in detected:
        detected["headline"] = _without_site_name(detected["headline"], [*outlets, host])
    day = _address_date(detected.get("url", "")) if "published" not in detected else ""
    if day:
        detected["published"] = day
    saved = {"retrieved": mark.saved} if mark and mark.saved else {}
    return detected | saved | capture_metadata(capture)


def _byline(candidates: list, outlets: list[str]) -> str:
    """The first byline of `candidates` that names people, not the outlet: an author meta tag
    reading "RT" or "CBS Detroit" is the outlet's name; "Finian Cunningham. Sputnik
    International" is a name and the outlet's."""
    names = {_letters(outlet) for outlet in outlets if outlet}
    names |= {  # and the site's address: "appleinsider" of appleinsider.com (not a
        # subdomain: "heathercoxrichardson" of heathercoxrichardson.substack.com is a person)
        _letters(_domain_name(outlet))
        for outlet in outlets
        if outlet and "." in outlet
    }
    for candidate in candidates:
        byline = _metadata_value("byline", candidate)
        for outlet in sorted(filter(None, outlets), key=len, reverse=True):
            ending = re.search(rf"(?i)[\s.,;|/\u2013\u2014-]+{re.escape(outlet)}\W*$", byline)
            if ending and ending.start() > 0:
                byline = byline[: ending.start()]
        if byline and _letters(byline) not in names:
            return byline
    return ""


def resembles_host(name: str, host: str) -> bool:
    """Whether an outlet's name is like its site's address: "Los Angeles Times" at
    latimes.com, "Houston Chronicle" at chron.com, "Financial Times" at ft.com, "Neue Zürcher
    Zeitung" at nzz.ch; not "U.S." (a section) at reuters.com. A name in another script than
    the address's is taken as it is."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))  # "zürcher": "zurcher"
    letters = "".join(c for c in plain if c.isalnum())
    if not letters.isascii():
        return True
    labels = [label for label in host.casefold().split(".")[:-1] if label != "www"]
    every_word = re.findall(r"[a-z0-9]+", plain)
    words = [w for w in every_word if len(w) >= 3]
    initials = "".join(w[0] for w in every_word)  # "The Wall Street Journal" at wsj.com
    for label in labels:
        label = label.replace("-", "")
        if len(label) >= 2 and label in letters or any(w in label for w in words):
            return True
        if len(label) >= 2 and label in initials or len(initials) >= 3 and initials in label:
            return True
        if len(label) >= 4 and fuzz.partial_ratio(label, letters) >= 80:
            return True
    return False


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
    value = name_of(value) if isinstance(value, (list, dict)) else value
    if not isinstance(value, str):
        return ""
    text = plain_text(value)
    if key in ("published", "modified"):
        text = _iso_form(text) if _ISO_DATE.fullmatch(text) else iso_date_from_words(text)
        # "0001-01-01T00:00:00Z" and the like are a CMS's empty date, not a date
        return text if text and int(text[:4]) >= 1800 else ""
    if key == "language":
        return text.replace("_", "-") if _LANGUAGE.fullmatch(text) else ""
    if key == "url":  # an http(s) address, well formed (relative ones are not the page's)
        return http_address(text)
    if key in ("byline", "outlet") and (text.startswith(("http", "@")) or len(text) > 200):
        return ""
    return without_role(without_by(text)) if key == "byline" else text


_HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?"
)


def _iso_form(text: str) -> str:
    """An ISO date or time as HTML's `datetime` takes it: as it is when it does, else read and
    written again ("+0000" -> "+00:00", a space -> "T", no fractions of a second); as it was
    if it cannot be read."""
    if _HTML_DATETIME.fullmatch(text):
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) == 10:
        return moment.date().isoformat()
    return moment.replace(microsecond=0).isoformat()


# Two of a page's times a little apart are of one moment (a CMS rounds one to the minute).
_SAME_MOMENT = dt.timedelta(minutes=2)
_QUARTER_HOUR = dt.timedelta(minutes=15)


def _in_local_time(value: str, others: list[str]) -> str:
    """`value`, a time in UTC, in the page's local time when another of its dates gives that
    moment in it ("2024-03-06T03:30:40Z" and "2024-03-05 21:30:40" or "... -06:00" give
    "2024-03-05T21:30:40-06:00"): the day is the one the page shows its readers, not the next
    or the day before. Any other `value` is kept as it is."""
    moment = _moment(value)
    if moment is None or len(value) <= 10 or moment.utcoffset() != dt.timedelta(0):
        return value
    for other in others:
        local = _moment(other)
        if local is None or len(other) <= 10:
            continue
        if local.tzinfo is not None:
            offset = local.utcoffset()
            same = abs(local - moment) <= _SAME_MOMENT
        else:  # a wall-clock time: the offset is its distance from UTC, in quarter hours
            distance = local - moment.replace(tzinfo=None)
            offset = _QUARTER_HOUR * round(distance / _QUARTER_HOUR)
            same = abs(distance - offset) <= _SAME_MOMENT and abs(offset) <= dt.timedelta(hours=14)
        if offset and same:
            local_moment = moment.astimezone(dt.timezone(offset)).replace(microsecond=0)
            return local_moment.isoformat()
    return value


def _moment(text: str) -> dt.datetime | None:
    """An ISO date or time as a datetime ("2024-03-05 21:30:00 -0600" too), else None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    text = re.sub(r"\s*UTC$", "Z", text)
    text = re.sub(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Where a date is not the article's: another story's (a link, a list of others), the site's.
_NOT_THE_ARTICLES = frozenset("a nav footer aside button select option".split())


def _shown_lines(page: lxml.html.HtmlElement) -> dict[str, str]:
    """The publication and update dates, and the byline, that the page shows its readers in a
    date line ("Published Nov 19, 2019", "By Louis Jacobson on November 18th, 2019"), for a page
    whose metadata gives none. Each is taken only when every date line of the page gives the
    same: a page listing other stories with theirs gives several, and then none is the
    article's. A date without a label or a byline (a header's "today") is never taken."""
    found: dict[str, set[str]] = {"published": set(), "modified": set(), "byline": set()}
    read: set = set()  # elements whose text was read (each once: a page may hold many years)
    for text in page.xpath("//body//text()"):
        if _YEAR.search(text):
            holder = text.getparent()
            line = _date_line(holder.getparent() if text.is_tail else holder, read)
            if line:
                found[line.kind].add(line.day)
                if line.updated:
                    found["modified"].add(line.updated)
                if line.names:
                    found["byline"].add(byline_names(line.names))
    return {key: values.pop() if len(values) == 1 else "" for key, values in found.items()}


def _date_line(element, read: set) -> DateLine | None:
    """The date line `element` or one of its two parents is (its label may be a neighbour:
    `<b>Published</b> <time>...`), outside the page's furniture. Elements in `read` are passed
    over (their text was read)."""
    for candidate in itertools.islice((element, *element.iterancestors()), 3):
        if candidate is None or candidate.tag in ("body", "html"):
            return None
        if candidate in read:
            continue
        read.add(candidate)
        line = read_date_line(_short_text(candidate, 200))
        if line and line.labelled:
            return None if _in_furniture(candidate) else line
    return None


def _short_text(element: lxml.html.HtmlElement, limit: int) -> str:
    """The element's text on one line, or "" when it is longer than `limit` (read no further:
    a date line is short, and the paragraphs around it may be many)."""
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit:
            return ""
        pieces.append(piece)
    return one_line(" ".join(pieces))


def _in_furniture(element: lxml.html.HtmlElement) -> bool:
    return any(
        e.tag in _NOT_THE_ARTICLES or is_furniture(e)
        for e in (element, *element.iterancestors())
        if e.tag not in ("body", "html")
    )


def _byline_date(page: lxml.html.HtmlElement) -> str:
    """The date written in the byline's element ("by Jeff Foust Monday, November 18, 2019")."""
    for xpath in _BYLINE_XPATHS:
        for element in page.xpath(xpath):
            day = iso_date_from_words(_short_text(element, 120))
            if day:
                return day
    return ""


# Words of class names that make a date element the article's own ("sdc-article-date__time",
# "date_article-header", "publish-date"), not a clock's or another story's.
_ARTICLE_DATE_WORDS = frozenset("article publish published publication pub".split())


def _named_date(page: lxml.html.HtmlElement) -> str:
    """The day shown by the elements named as the article's date, outside the page's furniture,
    when they all give the same: a page without metadata (Chrome's "Single File" save keeps no
    JSON-LD) may show its date only there, without a label."""
    days = set()
    for element in page.xpath("//body//*[contains(@class, 'date') or contains(@class, 'Date')]"):
        words = name_words(element)
        if "date" in words and words & _ARTICLE_DATE_WORDS and not _in_furniture(element):
            day = iso_date_from_words(_short_text(element, 120))
            if day:
                days.add(day)
    return days.pop() if len(days) == 1 else ""


# The day in an article's address: /2019/11/19/, /2019/nov/18/ (as most newspapers' are made).
_ADDRESS_DAY = re.compile(
    r"/(?P<year>(?:19|20)\d\d)/(?P<month>\d{1,2}|[a-z]{3})/(?P<day>\d{1,2})(?:/|$)", re.I
)


def _address_date(url: str) -> str:
    match = _ADDRESS_DAY.search(url)
    if not match:
        return ""
    month = match.group("month").lower()
    month = int(month) if month.isdigit() else month_number(month)
    year, day = int(match.group("year")), int(match.group("day"))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


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
    """`<time>` values (its `datetime`, else its words) marked as publication (or update)
    time; for publication, the first unmarked one after them. A time marked as both ("entry-date published updated", as
    WordPress marks a story never updated) is either."""
    marked, unmarked = [], []
    for time in page.iter("time"):
        hints = " ".join(time.get(a) or "" for a in ("itemprop", "class", "id")).lower()
        is_update = "modif" in hints or "updat" in hints
        is_publication = time.get("pubdate") is not None or any(
            word in hints for word in ("publish", "pubdate", "created", "posted")
        )
        moment = time.get("datetime") or _short_text(time, 80)  # its words: "7 février 2024"
        if is_update if updated else is_publication:
            marked.append(moment)
        elif not is_update and not is_publication:
            unmarked.append(moment)
    return marked if updated else marked + unmarked[:1]


def _markup_headline(page: lxml.html.HtmlElement) -> str:
    for h1 in page.iter("h1"):
        text = one_line(h1.text_content())
        if text:
            return text
    title = page.find(".//title")
    if title is not None and title.text:
        # "Headline | Outlet", "Headline - Outlet"
        return re.split(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]+$", title.text.strip())[0]
    return ""


# The last part of a title, after a separator: "Headline - Outlet", "Headline | Outlet".
_TITLE_LAST_PART = re.compile(r"\s+[|\u2013\u2014-]\s+((?:(?!\s-\s)[^|\u2013\u2014])+)$")


def _without_site_name(headline: str, names: list[str]) -> str:
    """The headline without the site's name some pages add to it in JSON-LD and Open Graph as
    in their `<title>` ("Ferry fares to rise - The Lowmoor Gazette", or "- Lowmoor Gazette" at
    lowmoorgazette.example); a last part that is not the site's name stays."""
    match = _TITLE_LAST_PART.search(headline)
    last = _letters(match.group(1)) if match and match.start() > 0 else ""
    known = {_letters(name) for name in names if name}
    known |= {_letters(_domain_name(name)) for name in names if name and "." in name}
    if last and last in known:
        return headline[: match.start()]
    return headline


def _domain_name(host: str) -> str:
    """The name a site registered: "appleinsider" of appleinsider.com, "bbc" of bbc.co.uk,
    "substack" of someone.substack.com."""
    labels = host.casefold().split(".")
    if len(labels) > 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu"):
        return labels[-3]
    return labels[-2] if len(labels) > 1 else host


def _words(text: str) -> tuple[str, ...]:
    """The words of a text, lower-cased: "\u2018We had issues,\u2019 exec says" and "'We had
    issues,' exec says" alike; "Live: Putin" and "LivePutin" not."""
    return tuple(re.findall(r"\w+", text.casefold()))


def _letters(name: str) -> str:
    """A name's letters and digits, lower-cased, without accents: "oregonlive.com", "OregonLive
    com" alike; "CBS Detroit" is "cbsdetroit"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())


_BYLINE_XPATHS = (
    "//*[contains(@itemprop, 'author')]//*[@itemprop='name']",
    "//a[@rel='author']",
    "//*[contains(@itemprop, 'author')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
    # an element named for the author's name ("sdc-article-author__name", Brightspot's
    # "ArticlePage-authorName"), not a comment's
    "//*[(contains(@class, 'author__name') or contains(@class, 'author-name')"
    " or contains(@class, 'authorName'))"
    " and not(ancestor-or-self::*[contains(@class, 'comment')])]",
)


def _markup_byline(page: lxml.html.HtmlElement) -> str:
    """Author names marked up in the page (schema.org itemprop, rel=author, a .byline)."""
    for xpath in _BYLINE_XPATHS:
        names = [byline_names(" ".join(element.itertext())) for element in page.xpath(xpath)]
        names = [name for name in dict.fromkeys(names) if name]
        if names:
            return ", ".join(names[:4])
    return ""


def _lead_image(image, page: lxml.html.HtmlElement) -> tuple[str, str]:
    """The lead image's caption and credit: JSON-LD's ImageObject, else the article's first
    figcaption (else the page's)."""
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict) and isinstance(image.get("caption"), str):
        credit = image.get("creditText") or name_of(image.get("copyrightHolder"))
        return image["caption"], credit or name_of(image.get("author"))
    figcaptions = page.xpath("//article//figcaption") or page.xpath("//figcaption")
    return caption_and_credit(figcaptions[0]) if figcaptions else ("", "")

"""Pages saved from a web archive: the Wayback Machine (web.archive.org) and archive.today
(archive.ph, archive.is and its other names).

An archive serves the article's page inside its own: the Wayback Machine adds a toolbar
(between `<!-- BEGIN WAYBACK TOOLBAR INSERT -->` and `<!-- END ... -->`: `#wm-ipp-base`,
`#donato`, `#wm-ipp-print`), its scripts and styles, and rewrites every address in the page to
its own (`https://web.archive.org/web/20240207123456/https://...`); archive.today puts a header
above the page (`#HEADER`: "archive.today webpage capture", "Saved from", "history") and writes a
`<head>` of its own, whose metadata describes the capture: its date as the page's date of
publication, its own name as the site's.

`read_capture` reads what the page says of its capture (the article's own address, the capture's
address at the archive, the capture's date), `strip_archive_furniture` takes the archive's
furniture out of the page, and `original_address` unwraps an address the archive rewrote.
The archive's scripts, styles and comments go with the page's own (`page_furniture.drop_code`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from ..fields import http_address
from .page_furniture import drop
from .saved_marks import saved_from

WAYBACK = "Wayback Machine"
ARCHIVE_TODAY = "archive.today"

_WAYBACK_HOSTS = frozenset({"web.archive.org", "wayback.archive.org"})
_ARCHIVE_TODAY_HOSTS = frozenset(
    "archive.today archive.ph archive.is archive.li archive.vn archive.md archive.fo".split()
)

# After the Wayback host: "/web/<timestamp><modifier>/<the page's address>"; the modifier
# ("id_" the page as captured, "im_" an image, "js_" a script, "mp_", "cs_", "if_"...) says how
# the archive serves it.
_WAYBACK_PATH = re.compile(r"/web/(\d{1,14})(?:[a-z]{2}_)?/+(.+)", re.S)
# After an archive.today host: "/2024.02.07-123456/<address>" (the "long link"),
# "/20240207123456/<address>", or "/o/<capture id>/<address>" (a link out of a capture).
_ARCHIVE_TODAY_PATH = re.compile(r"/(?:(\d{4}\.?\d{2}\.?\d{2}-?\d{6})|o/[A-Za-z0-9]+)/+(.+)", re.S)
# A scheme ("javascript:"), not a host and its port ("gazette.example:8080").
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.I)
_WAYBACK_FURNITURE = "//*[@id='wm-ipp-base' or @id='wm-ipp' or @id='wm-ipp-print' or @id='donato']"
# archive.today's header, its share dialogs and the 0%...100% scale beside the page; and its
# <head>, which describes the capture (its date, its short address, a title cut to 70
# characters), not the article.
_ARCHIVE_TODAY_FURNITURE = (
    "//*[@id='HEADER' or @id='DIVSHARE' or @id='SHARER' or @id='hashtags']"
    " | /html/head/meta | /html/head/link"
)


@dataclass(frozen=True)
class Capture:
    """A page as an archive captured it."""

    archive: str  # WAYBACK or ARCHIVE_TODAY
    original: str = ""  # the article's own address, as the archive gives it
    address: str = ""  # the capture's address at the archive
    captured: str = ""  # the capture's date, YYYY-MM-DD


def original_address(url: str | None) -> str:
    """The page's own address in an archive's address of it (`url` when it is no archive's;
    "" when it is an archive's own, as archive.today's short links are)."""
    if not url:
        return ""
    unwrapped = _unwrap(url)
    if unwrapped is not None:
        return unwrapped[1]
    return "" if _host(url) in _WAYBACK_HOSTS | _ARCHIVE_TODAY_HOSTS else url


def read_capture(page: lxml.html.HtmlElement) -> Capture | None:
    """What the page says of its capture, when an archive's page holds it (else None).

    Read before the page's comments and code are dropped: a browser's "saved from" mark and
    the Wayback toolbar's markers are comments."""
    return _wayback_capture(page) or _archive_today_capture(page)


def strip_archive_furniture(page: lxml.html.HtmlElement, capture: Capture | None) -> None:
    """Take the archive's furniture out of the page (in place): the Wayback toolbar, or
    archive.today's header and <head>."""
    if capture is None:
        return
    if capture.archive == WAYBACK:
        for element in _between_toolbar_markers(page):
            drop(element)
        furniture = page.xpath(_WAYBACK_FURNITURE)
    else:
        furniture = page.xpath(_ARCHIVE_TODAY_FURNITURE)
    for element in furniture:
        drop(element)


def capture_metadata(capture: Capture | None) -> dict[str, str]:
    """The capture as a seed's metadata: its address as `archived_url`, and its date as
    `retrieved` (when the archive took the text from the publisher), never as `published`."""
    if capture is None:
        return {}
    found = {"archived_url": capture.address, "retrieved": capture.captured}
    return {key: value for key, value in found.items() if value}


def _wayback_capture(page: lxml.html.HtmlElement) -> Capture | None:
    # The address the page was saved from, or the toolbar's, is the capture's; the page's own
    # canonical address and og:url, rewritten by the archive, may name another capture time.
    for address in (
        saved_from(page),
        _toolbar_print_address(page),
        _toolbar_form_address(page),
        *_stated_addresses(page),
    ):
        unwrapped = _unwrap(address)
        if unwrapped is not None and unwrapped[0] == WAYBACK:
            _, original, timestamp = unwrapped
            capture_address = f"https://web.archive.org/web/{timestamp}/{original}"
            return Capture(
                WAYBACK, original, http_address(capture_address), _date_of_timestamp(timestamp)
            )
    if page.xpath(_WAYBACK_FURNITURE) or _between_toolbar_markers(page):
        return Capture(WAYBACK)
    return None


def _archive_today_capture(page: lxml.html.HtmlElement) -> Capture | None:
    stated = [saved_from(page), *_stated_addresses(page), *_values(page, "SHARE_SHORTLINK")]
    header = page.xpath("//*[@id='HEADER']")
    header_links = _texts(header[0], ".//a/@href") if header else []
    if not any(_host(url) in _ARCHIVE_TODAY_HOSTS for url in stated + header_links):
        return None
    address = next((url for url in stated if _host(url) in _ARCHIVE_TODAY_HOSTS), "")
    long_links = [
        *_values(page, "SHARE_LONGLINK"),
        *_texts(page, "/html/head/link[@rel='bookmark']/@href"),
        address,
    ]
    unwrapped = [u for u in map(_unwrap, long_links) if u is not None]
    # "Saved from" in the header: the address archive.today was asked to capture
    originals = (_texts(header[0], ".//input[@name='q']/@value") if header else []) + [
        u[1] for u in unwrapped
    ]
    dates = (_texts(header[0], ".//time/@datetime") if header else []) + [u[2] for u in unwrapped]
    captured = next(filter(None, map(_date_of_timestamp, dates)), "")
    original = next(filter(None, map(_as_address, originals)), "")
    return Capture(ARCHIVE_TODAY, original, http_address(address), captured)


# Tabs and line breaks are no part of an address (an attribute wrapped in a saved file):
# urlsplit drops them, and so do browsers.
_UNSAFE = re.compile("[\t\r\n]")


def _unwrap(url: str) -> tuple[str, str, str] | None:
    """(archive, the page's own address, the capture's timestamp) of an address an archive
    gives a page; None for any other address."""
    url = _UNSAFE.sub("", url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    # (the page's own address may hold "?" and "#": it is all that follows the archive's host)
    after_host = url.partition(parts.netloc)[2] if parts.netloc else ""
    if host in _WAYBACK_HOSTS:
        archive, match = WAYBACK, _WAYBACK_PATH.fullmatch(after_host)
    elif host in _ARCHIVE_TODAY_HOSTS:
        archive, match = ARCHIVE_TODAY, _ARCHIVE_TODAY_PATH.fullmatch(after_host)
    else:
        return None
    original = _as_address(match.group(2)) if match else ""
    return (archive, original, match.group(1) or "") if original else None


def _as_address(text: str) -> str:
    """An address as an archive writes it inside its own, made whole ("" if it is not an
    http(s) address): "https:/x" (a slash lost) and "x.example/a" (no scheme) become https://x
    and http://x.example/a, and a default port (":80" in the toolbar's) is left out."""
    text = re.sub(r"^(https?):/*", r"\1://", _UNSAFE.sub("", text.strip()), flags=re.I)
    if not re.match(r"https?://", text, re.I):
        if _OTHER_SCHEME.match(text):
            return ""  # javascript:, mailto:, data:...
        text = "http://" + text
    try:
        parts = urlsplit(text)
        if "." not in (parts.hostname or ""):
            return ""  # no site's name: "http://" alone, or a path read as a host
        default = {"http": 80, "https": 443}.get(parts.scheme.lower())
        if parts.port is not None and parts.port == default:
            return text.replace(parts.netloc, parts.netloc.rsplit(":", 1)[0], 1)
    except ValueError:
        pass  # (a malformed address is refused where it is used as one)
    return text


def _date_of_timestamp(timestamp: str) -> str:
    """YYYY-MM-DD from an archive's timestamp: "20240207123456", "2024.02.07-123456" or
    "2024-02-07T12:34:56Z"; "" when it holds no whole date."""
    digits = re.sub(r"\D", "", timestamp[:10])
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:  # (fewer than eight digits, or no such day)
        return ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _stated_addresses(page: lxml.html.HtmlElement) -> list[str]:
    """The page's address as its <head> states it: its canonical link, its og:url."""
    return _texts(
        page,
        "/html/head/link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
        " | /html/head/meta[@property='og:url']/@content",
    )


def _toolbar_print_address(page: lxml.html.HtmlElement) -> str:
    """The capture's address as the toolbar prints it: "The Wayback Machine - https://..."."""
    printed = page.xpath("//*[@id='wm-ipp-print']")
    words = printed[0].text_content().split() if printed else []
    return words[-1] if words else ""


def _toolbar_form_address(page: lxml.html.HtmlElement) -> str:
    """The capture's address from the toolbar's form: the page's address and the capture's
    timestamp (the form of the toolbars before #wm-ipp-print)."""
    url = _values(page, "wmtbURL")
    date = _texts(page, "//form[@id='wmtb']//input[@name='date']/@value")
    return f"https://web.archive.org/web/{date[0]}/{url[0]}" if url and date else ""


def _values(page: lxml.html.HtmlElement, element_id: str) -> list[str]:
    return _texts(page, f"//input[@id='{element_id}']/@value")


def _texts(element: lxml.html.HtmlElement, path: str) -> list[str]:
    """The attribute values or texts an XPath selects, as plain strings (lxml's own are tied to
    the page, and YAML cannot write them)."""
    return [str(value) for value in element.xpath(path)]


def _between_toolbar_markers(page: lxml.html.HtmlElement) -> list:
    """What the Wayback Machine inserted between its toolbar's comments, when they are
    siblings (as it writes them; a browser keeps them when it saves the page): from a BEGIN to
    the first END after it, each parent's children read once (a page of many BEGINs is read in
    linear time)."""
    parents = []
    for comment in page.iter(etree.Comment):
        parent = comment.getparent()
        if _is_marker(comment, "BEGIN") and parent is not None and parent not in parents:
            parents.append(parent)
    inserted = []
    for parent in parents:
        run = None  # from the first BEGIN not yet closed
        for node in parent:
            if run is None and _is_marker(node, "BEGIN"):
                run = []
            if run is not None:
                run.append(node)
                if _is_marker(node, "END"):
                    inserted += run
                    run = None
    return inserted


def _is_marker(node, which: str) -> bool:
    return node.tag is etree.Comment and f"{which} WAYBACK TOOLBAR INSERT" in (node.text or "")

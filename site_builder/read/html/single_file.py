"""Pages saved as one file: the page's HTML taken out of the file that carries it with its images
and styles. Chrome and Edge save "Webpage, Single File" as MHTML (a MIME message whose first HTML
part is the page); Safari saves a "Web Archive" (a property list whose main resource is the page).

Both are read as untrusted input: a charset the file names is used only if it is a text encoding
a browser would use, an address only if it is one a seed's metadata may hold, and a file the
parsers cannot take is a SeedError, never a crash.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import email.utils
import plistlib
import re
from dataclasses import dataclass
from email.message import Message
from xml.parsers.expat import ExpatError

from ..base import SeedError
from ..fields import http_address

WEBARCHIVE_SUFFIX = ".webarchive"  # any other single-file save is MHTML (.mhtml, .mht)
# Codecs that are no charset of a web page (WHATWG Encoding leaves UTF-7 out: it hides markup).
_NOT_PAGE_CHARSETS = {"utf_7", "punycode", "idna", "undefined", "raw_unicode_escape"}
_NOT_PAGE_CHARSETS |= {"unicode_escape", "palmos"}
# The parsers of both formats recurse on nesting: a file nested deeper than any save is refused.
_PARSE_FAILURES = (RecursionError, OverflowError, ValueError, TypeError, IndexError, ExpatError)


@dataclass(frozen=True)
class SavedPage:
    """The page's HTML (UTF-8 where its charset was stated), the address it was saved from,
    and when (an ISO date), where the file says; and the pages of its frames, in the file's
    order (Chrome saves each frame's page as a part of its own)."""

    html: bytes
    url: str = ""
    saved: str = ""
    frames: tuple[SavedPage, ...] = ()


def unpack_page(raw: bytes, suffix: str) -> SavedPage:
    """The page inside a single-file save (`suffix`: the file's, lower case)."""
    if suffix == WEBARCHIVE_SUFFIX:
        return _webarchive_page(raw)
    return _mhtml_page(raw)


# A page's types: HTML, and XHTML (a page served as XML, saved by Chrome as such).
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Headers kept as written, not parsed into structures (the default policy's parser takes time
# and memory that grow with the square of a header's length).
_AS_WRITTEN = email.policy.compat32


def _mhtml_page(raw: bytes) -> SavedPage:
    try:
        message, pages = _page_parts(raw)
        if not pages:  # the page is not one of the file's own parts: every part is read
            message = email.message_from_bytes(raw, policy=_AS_WRITTEN)
            parts = (p for p in message.walk() if not p.is_multipart())
            pages = [p for p in parts if _content_type(p) in _PAGE_TYPES]
    except _PARSE_FAILURES as exc:
        raise _unreadable("single-file save (MHTML)", exc) from None
    if pages:
        saved = _saved_on(message.get("Date"))
        page, *frames = (
            SavedPage(
                _as_utf8(part.get_payload(decode=True) or b"", _charset(part)),
                http_address(str(part.get("Content-Location") or "").strip()),
                saved,
            )
            for part in pages
        )
        url = http_address(str(message.get("Snapshot-Content-Location") or "").strip())
        return SavedPage(page.html, url or page.url, saved, tuple(frames))
    raise SeedError(
        "no web page in this single-file save: its parts hold no HTML "
        '(save the page again as "Webpage, Single File" or "Webpage, HTML only")'
    )


_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_PART_HEADERS_AT_MOST = 65536  # bytes: a part's headers are a few lines


def _page_parts(raw: bytes) -> tuple[Message, list[Message]]:
    """The file's headers, and its parts that are pages, where they are its own parts (as
    browsers write it: the page, its frames' pages, then each image, style and font). Only
    those parts are parsed, the others' headers read: a save of 100 MB of images took over
    1 GB, every part parsed and held at once."""
    ends = _HEADERS_END.search(raw)
    message = email.message_from_bytes(raw[: ends.end()] if ends else raw, policy=_AS_WRITTEN)
    boundary = message.get_boundary() if message.get_content_maintype() == "multipart" else None
    if not boundary or not ends:
        return message, []
    pages = []
    delimiter = b"--" + boundary.encode("utf-8", "surrogateescape")
    at = raw.find(delimiter, ends.start())
    while at >= 0 and not raw.startswith(b"--", at + len(delimiter)):  # not the closing one
        start = raw.find(b"\n", at + len(delimiter)) + 1
        if not start:
            break
        end = raw.find(b"\n" + delimiter, start)
        stop = len(raw) if end < 0 else end
        if end >= 0 and raw[end - 1 : end] == b"\r":
            stop -= 1  # the line end before a delimiter is the delimiter's
        limit = min(stop, start + _PART_HEADERS_AT_MOST)
        headers_end = _HEADERS_END.search(raw, start, limit)
        headers = raw[start : headers_end.end() if headers_end else limit]
        if _content_type(email.message_from_bytes(headers, policy=_AS_WRITTEN)) in _PAGE_TYPES:
            pages.append(email.message_from_bytes(raw[start:stop], policy=_AS_WRITTEN))
        at = end + 1 if end >= 0 else -1
    return message, pages


def _webarchive_page(raw: bytes) -> SavedPage:
    try:
        archive = plistlib.loads(raw)
    except (plistlib.InvalidFileException, AttributeError, *_PARSE_FAILURES) as exc:
        raise _unreadable("web archive", exc) from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    html = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(html, bytes):
        raise SeedError(
            "not a readable web archive: it holds no page; save the page again from Safari "
            '(File > Save As, Format: Web Archive), or as "Page Source"'
        )
    charset = main.get("WebResourceTextEncodingName")
    return SavedPage(
        _as_utf8(html, charset if isinstance(charset, str) else None),
        http_address(str(main.get("WebResourceURL") or "").strip()),
    )


def _unreadable(what: str, exc: BaseException) -> SeedError:
    return SeedError(
        f"not a readable {what} ({type(exc).__name__}): save the page again, "
        'or as "Webpage, HTML only"'
    )


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except _PARSE_FAILURES:
        return ""


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except _PARSE_FAILURES:
        return None


def _as_utf8(html: bytes, charset: str | None) -> bytes:
    """The page's bytes in UTF-8 when the file states their charset (a page's own `<meta
    charset>` may be the one it was served with, not the one it was saved in); as they are
    when it states none, or none a page may be in."""
    try:
        codec = codecs.lookup(charset) if charset else None
    except (LookupError, ValueError):  # no such codec, or a name holding a NUL
        return html
    if codec is None or codec.name.replace("-", "_") in _NOT_PAGE_CHARSETS:
        return html
    if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, zlib...
        return html
    try:
        return html.decode(codec.name).encode("utf-8")
    except UnicodeError:
        return html


def _saved_on(header: str | None) -> str:
    """The day the page was saved (MHTML's `Date:` header), as YYYY-MM-DD."""
    if not header:
        return ""
    try:
        return email.utils.parsedate_to_datetime(str(header)).date().isoformat()
    except _PARSE_FAILURES:
        return ""

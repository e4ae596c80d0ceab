"""Pages saved as one file: the page's HTML taken out of the file that carries it with its images
and styles. Chrome and Edge save "Webpage, Single File" as MHTML (a MIME message whose first HTML
part is the page); Safari saves a "Web Archive" (a property list whose main resource is the page).
"""

from __future__ import annotations

import email
import email.policy
import plistlib
from dataclasses import dataclass
from email.message import EmailMessage

from ..base import SeedError

WEBARCHIVE_SUFFIX = ".webarchive"  # any other single-file save is MHTML (.mhtml, .mht)


@dataclass(frozen=True)
class SavedPage:
    """The page's HTML (UTF-8 where its charset was stated), the address it was saved from,
    and when (an ISO date), where the file says."""

    html: bytes
    url: str = ""
    saved: str = ""


def unpack_page(raw: bytes, suffix: str) -> SavedPage:
    """The page inside a single-file save (`suffix`: the file's, lower case)."""
    if suffix == WEBARCHIVE_SUFFIX:
        return _webarchive_page(raw)
    return _mhtml_page(raw)


def _mhtml_page(raw: bytes) -> SavedPage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html" and not part.is_multipart():
            html = _as_utf8(part.get_payload(decode=True) or b"", part.get_content_charset())
            url = message.get("Snapshot-Content-Location") or part.get("Content-Location") or ""
            return SavedPage(html, _http_address(str(url)), _saved_on(message))
    raise SeedError(
        "no web page in this single-file save: its parts hold no HTML "
        '(save the page again as "Webpage, Single File" or "Webpage, HTML only")'
    )


def _webarchive_page(raw: bytes) -> SavedPage:
    try:
        archive = plistlib.loads(raw)
        main = archive["WebMainResource"]
        html = bytes(main["WebResourceData"])
    except (plistlib.InvalidFileException, ValueError, KeyError, TypeError) as exc:
        raise SeedError(
            f"not a readable web archive ({type(exc).__name__}): save the page again from "
            'Safari (File > Save As, Format: Web Archive), or as "Page Source"'
        ) from None
    charset = main.get("WebResourceTextEncodingName")
    url = main.get("WebResourceURL")
    return SavedPage(
        _as_utf8(html, charset if isinstance(charset, str) else None),
        _http_address(url if isinstance(url, str) else ""),
    )


def _as_utf8(html: bytes, charset: str | None) -> bytes:
    """The page's bytes in UTF-8 when the file states their charset (a page's own `<meta
    charset>` may be the one it was served with, not the one it was saved in)."""
    if not charset:
        return html
    try:
        return html.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return html


def _http_address(url: str) -> str:
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def _saved_on(message: EmailMessage) -> str:
    """The day the page was saved (MHTML's `Date:` header), as YYYY-MM-DD."""
    try:
        date = message["Date"].datetime if message["Date"] else None
    except (TypeError, ValueError, AttributeError):
        return ""
    return date.date().isoformat() if date else ""

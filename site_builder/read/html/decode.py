"""From bytes to a page tree: the page's encoding, then its parse by lxml."""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import lxml.html
from lxml import etree

from ..base import SeedError
from ..fields import UNICODE_BOMS

_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_AS_WINDOWS_1252 = {"latin_1", "iso8859-1", "ascii", "cp819"}


def _as_c1_control(error: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes Python's cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as the
    control characters of their numbers, as WHATWG's windows-1252 reads them: one such byte
    (a stray one, or part of a UTF-8 quotation mark pasted in) leaves the page windows-1252."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


_WINDOWS_1252_ERRORS = "site_builder.windows_1252"
codecs.register_error(_WINDOWS_1252_ERRORS, _as_c1_control)


def decode_html(raw: bytes) -> str:
    """The page's text: by its BOM, else its declared charset, else UTF-8, else detection.

    Bytes that are valid UTF-8 and not plain ASCII are read as UTF-8 even under another
    declaration: a browser saves a page as UTF-8 but often keeps its old `<meta charset>`,
    and reading it as declared would give mojibake.
    """
    for bom, codec in UNICODE_BOMS:
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
        return raw.decode(codec, _WINDOWS_1252_ERRORS if codec == "cp1252" else "strict")
    except UnicodeDecodeError:
        return None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A character given by its number ("&#2;", "&#x1f", the semicolon optional as in HTML): one
# that is a control character reaches the text as one, after the characters themselves are
# gone. (References in 128 to 159 are Windows-1252's marks, "&#146;" a "’": the parser maps
# them, as browsers do.)
_NUMBERED_CHARACTER = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _unless_control(reference: re.Match) -> str:
    hexadecimal, decimal = reference.groups()
    number = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if number in (0x0B, 0x0C):
        return " "  # (vertical tab, form feed: a space, as `without_controls` makes them)
    if number < 0x20 and number not in (0x09, 0x0A, 0x0D) or number == 0x7F:
        return ""
    return reference.group()


def parse_page(text: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree (the tree trafilatura and readability work on, too), without
    control characters, written as such or by number."""
    text = _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", text, count=1))
    if "&#" in text:
        text = _NUMBERED_CHARACTER.sub(_unless_control, text)
    if not text.strip():
        raise SeedError("the page is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SeedError(f"not an HTML page: {exc}") from None

"""Reading values out of YAML front matter: text, dates, lists, and the line of each item."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import errno
import os
import re
import stat
from pathlib import Path
from urllib.parse import urlsplit

from ..diagnostics import Diagnostics
from ..urls import latin_slug
from .dates import iso_date_from_words
from .yamlfile import line_of, without_controls

ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # note, entity and verdict ids: part of URLs
ID_MAX = 100  # characters: two ids and a little more must fit in one file name


def id_like(name: str, default: str = "") -> str:
    """The id a file named `name` that cannot give one would give renamed ("Bridge Vote" ->
    "bridge-vote"), for the name to tell the editor; `default` if none of it can be written so."""
    return latin_slug(name)[:ID_MAX].rstrip("-") or default


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id that is part of URLs and file names (None if it can)."""
    if not ID.fullmatch(value):
        return "may use only a-z, 0-9 and '-', starting with a letter or digit (it is part of URLs)"
    if len(value) > ID_MAX:
        return f"is {len(value)} characters long; at most {ID_MAX} (it is part of file names)"
    return None


def url_problem(value) -> str | None:
    """Why `value` is not an http(s) address (None if it is, or is empty)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (it checks the port, and the brackets of an IPv6 address)
    except ValueError:
        return f"{text[:80]!r} is not an http(s) address (https://...)"
    if (
        not isinstance(value, str)
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() or ord(c) < 32 for c in text)
    ):
        return f"{text[:80]!r} is not an http(s) address (https://...)"
    return None


def http_address(value) -> str:
    """`value` if it is an http(s) address a seed's metadata may hold (see `url_problem`), else
    "" (a relative address, another scheme, a malformed one)."""
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return "" if url_problem(value) else value
    return ""


def site_address(url) -> str:
    """The host name of an address, without "www." ("" if it has none or is malformed)."""
    try:
        host = urlsplit(url).hostname if isinstance(url, str) else None
    except ValueError:
        return ""
    return (host or "").removeprefix("www.")


# Byte-order marks, and the encoding each says a file is in ("Unicode" in Windows' Notepad and
# Word is UTF-16): UTF-32's first, as UTF-32 LE's begins with UTF-16 LE's.
UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(
    raw: bytes,
    rel: str,
    diags: Diagnostics,
    what: str = "file",
    encoding: str = "",
    advice: str = "",
) -> str | None:
    """UTF-8 text (or UTF-16 or UTF-32 that says so with its byte-order mark, or `encoding` if
    the site names one for the file) without its byte-order mark and control characters, or an
    error at the line of the first bad byte, showing it in its words (`advice`: what to do, if
    not to save the file as UTF-8)."""
    codec = next((codec for bom, codec in UNICODE_BOMS if raw.startswith(bom)), "")
    if codec == "utf-8-sig":
        raw, codec = raw[len(codecs.BOM_UTF8) :], "utf-8"
    if codec in ("utf-16", "utf-32"):
        try:
            return without_controls(raw.decode(codec))
        except UnicodeDecodeError:
            diags.error(rel, 1, f"not valid {codec.upper()} text: save the {what} as UTF-8")
            return None
    codec = codec or encoding or "utf-8"
    try:
        return without_controls(raw.decode(codec))
    except UnicodeError as exc:  # a decoding error, or another (`idna`, `undefined`)
        shown = "UTF-8" if codec == "utf-8" else codec
        at = getattr(exc, "start", None)
        if isinstance(at, int) and 0 <= at < len(raw):
            line = raw[:at].count(b"\n") + 1
            message = f"not valid {shown} text: byte 0x{raw[at]:02X} in {_around(raw, at)}"
        else:
            line, message = 1, f"not valid {shown} text: {exc}"
        diags.error(rel, line, message, advice or f"save the {what} as UTF-8")
        return None


def _around(raw: bytes, at: int, width: int = 24) -> str:
    """The words around byte `at`, on its line, as UTF-8 would show them (bad bytes as �)."""
    start = max(raw.rfind(b"\n", 0, at) + 1, at - width)
    end = raw.find(b"\n", at)
    end = min(len(raw) if end < 0 else end, at + width)
    return repr(raw[start:end].decode("utf-8", "replace").strip())


def read_file(path: Path) -> bytes:
    """A file's bytes. What is not a regular file (a named pipe, a device, a folder) is an
    OSError, not read: reading a pipe would wait for ever."""
    with open(path, "rb", opener=_regular_only) as file:
        return file.read()


def _regular_only(path: str, flags: int) -> int:
    descriptor = os.open(path, flags | _NONBLOCK)  # a pipe opens at once, unread
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file (a folder, a named pipe or a device)")
    if _NONBLOCK:
        os.set_blocking(descriptor, True)
    return descriptor


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # (where there is none, there are no named pipes)


def not_the_sites(name: str) -> bool:
    """Whether a file of this name is an editor's, an office suite's or the system's, kept
    beside the site's files, not one of them: hidden files (an Emacs lock `.#note.md`, a link
    that leads nowhere; vim's `.note.md.swp`; a Mac's `._note.md`), backups (`note.md~`),
    autosaves (`#note.md#`), temporary files (`note.md___jb_tmp___`), office locks (`~$x.docx`)
    and a folder's thumbnails. The build reads none of them and `serve` rebuilds for none."""
    return (
        name.startswith((".", "~$"))
        or name.endswith(("~", ".tmp", "___jb_tmp___", "___jb_old___"))
        or ".tmp-" in name
        or (name.startswith("#") and name.endswith("#"))
        or name.lower() in ("thumbs.db", "desktop.ini")
    )


def markdown_files(folder: Path) -> list[str]:
    """The .md files of a folder as absolute path strings, in name order (fast for thousands),
    but those that are not the site's (`not_the_sites`)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # any other link that leads nowhere is read, and reported
        names = sorted(
            e.name
            for e in entries
            if e.name.endswith(".md")
            and not not_the_sites(e.name)
            and not e.is_dir(follow_symlinks=False)
        )
    base = os.path.join(folder, "")
    return [base + name for name in names]


def read_text_file(path: Path, rel: str, diags: Diagnostics, what: str = "file") -> str | None:
    """A text file of the site (see `decode_text`), or an error if it cannot be read."""
    try:
        raw = read_file(path)
    except OSError as exc:
        diags.error(rel, 0, f"cannot read this {what}: {exc.strerror or exc}")
        return None
    return decode_text(raw, rel, diags, what)


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47: "en", "pt-BR"
# Languages written right to left, and the scripts that are (a tag's script decides: "ku-Arab").
_RTL_LANGUAGES = frozenset("ar arc ckb dv fa he iw ks nqo ps sd syr ug ur yi".split())
_RTL_SCRIPTS = frozenset("adlm arab hebr mand nkoo rohg samr syrc thaa".split())


def language_problem(value) -> str | None:
    """Why `value` is not a language tag (None if it is)."""
    if isinstance(value, str) and LANGUAGE_TAG.fullmatch(value):
        return None
    return "must be a language tag such as en, pt-BR or ar (in quotes where YAML reads a word, as 'no')"


def english(language: str) -> bool:
    """Whether a language tag is English's ("en", "en-GB", "en_US"), or not given."""
    return not language or language.lower().replace("_", "-").split("-")[0] == "en"


def direction(language: str) -> str:
    """The direction a language tag's text is written in: "rtl" or "ltr"."""
    primary, *rest = language.lower().split("-")
    script = next((part for part in rest if len(part) == 4), None)
    if script:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    return "rtl" if primary in _RTL_LANGUAGES else "ltr"


def text_value(value) -> str:
    return "" if value is None else str(value)


def text_at(mapping: dict, key: str) -> str:
    """The text at `key` ("" if absent); a number as written (`quote: 3.50` is "3.50", not
    "3.5"; `quote: 8:30` is "8:30", not "510"): where text is meant, a figure is words."""
    written = getattr(mapping, "numbers", {}).get(key)
    return written if written is not None else text_value(mapping.get(key))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].+)?")
_YEAR_OR_MONTH = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")


def date_problem(value, partial: bool = False) -> str | None:
    """Why `value` is not a date (None if it is, or is empty): YYYY-MM-DD, optionally with a
    time ("2024-02-07T18:30:00+03:00"); with `partial`, also YYYY-MM or YYYY (a document
    known by its month or year)."""
    if value is None or value == "" or isinstance(value, dt.date):
        return None
    text = str(value).strip()
    if isinstance(value, str) and _DATE.fullmatch(text):
        try:
            dt.datetime.fromisoformat(text)
            return None
        except ValueError:
            pass
    if partial and not isinstance(value, bool) and _YEAR_OR_MONTH.fullmatch(text):
        return None
    shown = text if isinstance(value, (str, int, float)) else type(value).__name__
    # a day written out in words, as a desk writes it ("7 février 2024"), told in the form
    # wanted; not "07.02.2024", which is the 7th of February or the 2nd of July
    in_words = isinstance(value, str) and re.search(r"[^\W\d_]", text)
    written_out = iso_date_from_words(text) if in_words else ""
    return f"{shown!r} is not a date: write YYYY-MM-DD" + (
        f" ({written_out})" if written_out else " (or YYYY-MM, or YYYY)" if partial else ""
    )


def date_value(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return text_value(value)


def checked_date(rel: str, mapping: dict, key: str, diags: Diagnostics, partial=False) -> str:
    """The date at `key` as text ("" if absent), or an error at its line and "" if it is not
    a date (see `date_problem`)."""
    value = mapping.get(key)
    problem = date_problem(value, partial)
    if problem:
        diags.error(rel, line_of(mapping, key), f"{key}: {problem}")
        return ""
    return date_value(value)


def checked_url(rel: str, mapping: dict, key: str, diags: Diagnostics) -> str:
    """The http(s) address at `key` ("" if absent), or an error at its line and "" if it is
    not one: nothing else may reach an `href`."""
    value = mapping.get(key)
    problem = url_problem(value)
    if problem:
        diags.error(rel, line_of(mapping, key), f"{key}: {problem}")
        return ""
    return text_value(value).strip()


NOT_TEXT = (dict, list, tuple, set, bytes)  # YAML shapes that str() would show as Python's


def text_fields(rel: str, mapping: dict, keys, diags: Diagnostics) -> bool:
    """An error at each of `keys` whose value is a mapping, list or binary value rather than
    text (it would reach the pages in Python's notation); True if all are text."""
    ok = True
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, NOT_TEXT):
            diags.error(
                rel,
                line_of(mapping, key),
                f"{key} must be text, not {_shape(value)}",
                'put it in quotes on one line: key: "..."',
            )
            ok = False
        elif isinstance(value, bool):
            diags.error(rel, line_of(mapping, key), f"{key} {read_as(value)}", f'{key}: "..."')
            ok = False
    return ok


def read_as(value: bool | None) -> str:
    """What YAML made of a word that was meant as text ("claimant: Yes", "tags: [NO]")."""
    if value is None:
        return "is empty (YAML reads null and ~ as nothing): put the text in quotes"
    return (
        f"was read as {str(value).lower()} (YAML reads yes, no, on, off, true and false so, "
        "as in 'NO' for Norway): put the text in quotes"
    )


def _shape(value) -> str:
    if isinstance(value, dict):
        return "a mapping (a 'key: value' inside it?)"
    if isinstance(value, bytes):
        return "binary data"
    return "a list"


def string_list(rel: str, meta: dict, key: str, diags: Diagnostics) -> list[str]:
    value = meta.get(key) or []
    if isinstance(value, str):
        if ", " in value:  # "tags: a, b" is one tag, "a, b": not what was meant, most likely
            diags.warning(
                rel,
                line_of(meta, key),
                f"{key} is one text, {value[:60]!r}: for a list, write [{value[:60]}]",
            )
        value = [value]
    if not isinstance(value, list):
        diags.error(rel, line_of(meta, key), f"{key} must be a list")
        return []
    for i, item in enumerate(value):
        if isinstance(item, NOT_TEXT):
            diags.error(rel, item_line(meta, key, i), f"each of {key} must be text")
            return []
    words = [i for i, item in enumerate(value) if item is None or isinstance(item, bool)]
    for i in words:  # each, at its line
        diags.error(rel, item_line(meta, key, i), f"item {i + 1} of {key} {read_as(value[i])}")
    return [] if words else [str(item) for item in value]


def item_line(meta: dict, key: str, index: int) -> int:
    """The line of item `index` of the list at `key`, else the key's line."""
    items = meta.get(key)
    lines = getattr(items, "lines", None)
    return lines[index] if lines and index < len(lines) else line_of(meta, key)


def unknown_keys(
    rel: str,
    mapping: dict,
    known,
    what: str,
    diags: Diagnostics,
    where: str = "",
    listed: str = "known keys",
) -> None:
    """A warning at each key of `mapping` that is not one of `known` (a misspelt key would
    otherwise be ignored without a word); `what` names the keys ("quote key"), `where` opens
    the message ("Config value 'policies': "), `listed` names the list of the known ones."""
    for key in mapping:
        if key not in known:
            diags.warning(
                rel,
                line_of(mapping, key),
                f"{where}unknown {what} {key!r}",
                did_you_mean(key, known) + f"{listed}: " + ", ".join(sorted(known)),
            )


def did_you_mean(key, known, cutoff: float = 0.75) -> str:
    """ "did you mean 'tagline'? " for a key misspelt ("tagine"), else ""."""
    close = difflib.get_close_matches(str(key), sorted(known), 1, cutoff)
    return f"did you mean {close[0]!r}? " if close else ""

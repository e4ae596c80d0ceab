"""Every output path and URL of a site, in one place. Code and templates (as `urls`) both use
these; a site path ("claims/x/") is served from the file `file_of(path)` ("claims/x/index.html").
Links inside pages are relative: templates prefix a site path with `root`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from anyascii import anyascii

INDEX = "index.html"
SLUG_MAX = 80  # characters; a name longer than this keeps its start and a hash of the rest
NAME_MAX = 255  # bytes in one file or folder name, on every common file system


@lru_cache(maxsize=16384)
def slug(text: str) -> str:
    """The URL form of a tag, outlet or story name: lower case letters and digits of any
    script, runs of other characters as "-"; accents come off Latin letters ("Zürich" ->
    "zurich"). A name of symbols only is their names in words and their code points ("🕊️" ->
    "dove-u1f54a", "★" -> "u2605"), each its own. A very long name is cut and given a hash of
    the whole, so that it stays distinct and fits in a file name."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text.casefold()).casefold():  # "™" is "tm"
        if unicodedata.category(char)[0] == "M":  # a mark: kept in scripts that need it
            if kept and not kept[-1].isascii():
                kept.append(char)
        elif char.isalnum():
            kept.append(char)
        elif kept and kept[-1] != "-":
            kept.append("-")
    result = unicodedata.normalize("NFC", "".join(kept)).strip("-")
    if not result:
        result = _symbols_slug(text)
    if len(result) > SLUG_MAX:
        digest = hashlib.blake2b(result.encode(), digest_size=4).hexdigest()
        result = result[: SLUG_MAX - 9].rstrip("-") + "-" + digest
    return result


def latin_slug(text: str) -> str:
    """`text`'s words in Latin letters, a-z, 0-9 and "-": accents come off ("Élysée" ->
    "elysee"), other scripts and symbols are transliterated ("Путин" -> "putin", "普京" ->
    "pu-jing", "🕊️" -> "dove")."""
    latin = anyascii(_IDEOGRAPH.sub(lambda char: f" {char.group()} ", text))
    return re.sub(r"[^a-z0-9]+", "-", latin.casefold()).strip("-")


_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # each one a word


def _symbols_slug(text: str) -> str:
    """A name of symbols only, in words and code points: distinct from any name of words."""
    words = latin_slug(text)
    points = "-".join(
        f"{ord(c):x}" for c in text if not c.isspace() and unicodedata.category(c) != "Mn"
    )
    if not points:
        return "none"
    return f"{words}-u{points}" if words else f"u{points}"


def unsafe(path: str) -> str | None:
    """Why an output path cannot be written inside the output folder (None if it can): it
    must be relative, without "." or ".." parts, and each part must fit in a file name."""
    if not path or path.startswith("/") or "\\" in path or "\0" in path:
        return "it is not a relative path"
    for part in path.split("/"):
        if part in ("", ".", ".."):
            return f"it has a {part!r} part" if part else "it has an empty part"
        if len(part.encode()) > NAME_MAX:
            return f"one of its parts is longer than a file name can be ({NAME_MAX} bytes)"
    return None


def file_of(site_path: str) -> str:
    """The output file that serves a site path: "claims/x/" -> "claims/x/index.html"."""
    if site_path == "" or site_path.endswith("/"):
        return site_path + INDEX
    return site_path


def site_path_of(file: str) -> str:
    """The site path a file is served at: "claims/x/index.html" -> "claims/x/"."""
    return file.removesuffix(INDEX) if file == INDEX or file.endswith("/" + INDEX) else file


def paged(base: str, number: int) -> str:
    """Page `number` of a paginated list at `base` ("claims/" -> "claims/page/2/")."""
    return base if number == 1 else f"{base}page/{number}/"


HOME = ""
CLAIMS = "claims/"
SOURCES = "sources/"
XREF = "xref/"
TAGS = "tags/"
VERDICTS = "verdicts/"
OUTLETS = "outlets/"
ENTITIES = "entities/"
UPDATES = "corrections-and-updates/"
SEARCH = "search/"
STATIC = "static/"
MEDIA = "media/"
SEARCH_INDEX = "pagefind/"
ANNOTATED = "annotated/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
UPDATES_FEED = UPDATES + FEED
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CLAIMS_CSV = "claims.csv"
CLAIM_REVIEWS = "claimreview.json"
ANNOTATIONS = "annotations.jsonld"


def claim(note_id: str) -> str:
    return f"{CLAIMS}{note_id}/"


def source(source_id: str) -> str:
    return f"{SOURCES}{source_id}/"


def annotated(source_id: str) -> str:
    return f"{ANNOTATED}{source_id}.md"


def compare(a_id: str, b_id: str) -> str:
    return f"compare/{a_id}--{b_id}/"


def tag(name: str) -> str:
    return f"{TAGS}{slug(name)}/"


def verdict(key: str) -> str:
    return f"{VERDICTS}{key}/"


# The log of corrections and updates, one kind of entry ("correction", "verdict-change"...).
UPDATE_KIND_FOLDERS = {
    "correction": "corrections/",
    "clarification": "clarifications/",
    "update": "updates/",
    "verdict-change": "verdict-changes/",
}


def updates_of(kind: str) -> str:
    return UPDATES + UPDATE_KIND_FOLDERS[kind] if kind else UPDATES


def outlet(name: str) -> str:
    return f"{OUTLETS}{slug(name)}/"


def entity(entity_id: str) -> str:
    return f"{ENTITIES}{entity_id}/"


def content_page(page_slug: str) -> str:
    return f"{page_slug}/"


def story(story_id: str) -> str:
    """The cross-reference of one story."""
    return f"{XREF}{slug(story_id)}/"


def note_anchor(source_id: str, note_id: str) -> str:
    return f"{source(source_id)}#note-{note_id}"


def root_of(site_path: str) -> str:
    """How a page at `site_path` ("claims/x/") leads to the site's root ("../../")."""
    return "../" * site_path.count("/") or "./"


def static(name: str) -> str:
    return f"{STATIC}{name}"


def medium(name: str) -> str:
    """Where a file of content/media/ is served (its path under it, as a link writes it)."""
    return MEDIA + quote(name)

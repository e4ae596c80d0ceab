"""Every output path and URL of a site, in one place. Code and templates (as `urls`) both use
these; a site path ("claims/x/") is served from the file `file_of(path)` ("claims/x/index.html").
Links inside pages are relative: templates prefix a site path with `root`."""

from __future__ import annotations

import re
from functools import lru_cache

INDEX = "index.html"
_NOT_IN_SLUGS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16384)
def slug(text: str) -> str:
    """The URL form of a tag or outlet name: lower case, runs of other characters as "-"."""
    return _NOT_IN_SLUGS.sub("-", text.casefold()).strip("-") or "none"


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
SEARCH = "search/"
STATIC = "static/"
SEARCH_INDEX = "pagefind/"
ANNOTATED = "annotated/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
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


def static(name: str) -> str:
    return f"{STATIC}{name}"

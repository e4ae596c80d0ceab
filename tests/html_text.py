"""Helpers for reading built pages with an HTML parser."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

# The only scripts a built page may load: the theme's own and the search index's.
OUR_SCRIPTS = ("static/site.js", "static/search.js", "pagefind/pagefind-ui.js")


def soup(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def claims_of(node: NavigableString) -> set[str]:
    """The note ids of every highlight element enclosing a text node."""
    found = set()
    for parent in node.parents:
        if isinstance(parent, Tag) and parent.has_attr("data-claim"):
            found.add(parent["data-claim"])
    return found


def highlighted_text(container: Tag) -> tuple[str, list[set[str]]]:
    """The container's text with, for each character, the notes whose highlight covers it;
    note-reference links are left out (they are not article text)."""
    chars: list[str] = []
    covers: list[set[str]] = []
    for node in container.descendants:
        if not isinstance(node, NavigableString):
            continue
        if any(isinstance(p, Tag) and "note-ref" in (p.get("class") or []) for p in node.parents):
            continue
        claims = claims_of(node)
        chars.extend(node)
        covers.extend([claims] * len(node))
    return "".join(chars), covers

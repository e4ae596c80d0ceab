"""Built-in patterns for the furniture that comes with articles copied from the web.

Each pattern is matched against a whole stripped line (or, for datelines and credits, a part of
one). A site's settings may add line patterns of its own (`furniture_patterns`).
"""

from __future__ import annotations

import re

from ..model import Block, SetAside

# Every dash a dateline may use: hyphen-minus, the Unicode hyphens and dashes, minus.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# Whole lines that are page furniture, never article text.
FURNITURE_LINES: tuple[tuple[str, str], ...] = (
    (r"Saved Web Pages", "saved-page header"),
    (r"WP Radio", "widget"),
    (r"You can share this story on social media:?", "share buttons"),
    (r"Share (?:this (?:article|story)|on (?:Facebook|Twitter|X))\W*", "share buttons"),
    (r"Our Standards:.*", "publisher standards link"),
    (r"Purchase Licensing Rights,? opens new tab", "licensing link"),
    (r"Advertisement|ADVERTISEMENT|Scroll to continue(?: with content)?", "advertisement"),
    (r"(?:Read|See) (?:more|also):.{0,160}", "related-article link"),
    (r"Sign up (?:here|for .{0,80})\W*", "newsletter box"),
    (r"Skip to (?:main )?content", "navigation"),
)

BYLINE_LINES = re.compile(
    r"(?:(?:Additional )?Reporting|Writing|Editing|Compiled|Edited|Written) by\s+(?P<names>.+)",
    re.I,
)

# "Feb 7 (Reuters) -", "MOSCOW, Feb 7 (Reuters) –", "LONDON (AP) —": an agency dateline.
DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Z.'/ \-]{1,40}?(?:,\s*[A-Z][\w.' ]{0,20}?)?,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s+)?"
    r"\((?:Reuters|AP|AFP|Bloomberg|UPI|dpa|ANSA|Xinhua|TASS|RIA Novosti)\)\s*["
    + DASHES
    + r"]+\s*)"
)

LICENSING_SUFFIX = re.compile(r"\s*Purchase Licensing Rights,? opens new tab\s*$")

# A photo credit at the end of a caption line: "Sputnik/Alexander Kazakov/Pool via REUTERS",
# "REUTERS/Evgenia Novozhenina", "Photo by Jane Doe/Getty Images", "(AP Photo/John Doe)".
CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*?[.!?)\"\u201d])\s+(?P<credit>"
    r"(?:[\w.'\- ]{1,30}/){1,3}[\w.'\- ]{1,30}?(?:\s+via\s+\w+)?"
    r"|REUTERS(?:/[\w.'\- ]{1,30}){1,3}"
    r"|\(?(?:Photo|Picture|Image)(?:\s+by|:)\s[^.]{1,60}"
    r"|\((?:AP|AFP|EPA)[^)]{0,60}\)"
    r")(?<!\.)\s*$"
)


def compile_line_patterns(extra: list[str]) -> list[tuple[re.Pattern, str]]:
    """The built-in whole-line furniture patterns plus the site's own."""
    patterns = [(re.compile(p), reason) for p, reason in FURNITURE_LINES]
    patterns += [(re.compile(p), "furniture (site setting)") for p in extra]
    return patterns


def strip_dateline(blocks: list[Block], set_aside: list[SetAside]) -> list[Block]:
    """The agency dateline opening the first paragraph is set aside; the paragraph stays."""
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        match = DATELINE.match(block.text)
        if match and len(match.group("dateline")) < len(block.text):
            set_aside.append(SetAside(match.group("dateline").strip(), "dateline", block.line))
            blocks[i] = Block(block.kind, block.text[match.end() :], block.line)
        break
    return blocks

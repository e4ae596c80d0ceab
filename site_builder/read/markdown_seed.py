"""Markdown seeds: an article written, exported or clipped from the web as Markdown (Obsidian's
Web Clipper, MarkDownload, a CMS's export), read as the text it renders to, block by block:
headings, paragraphs, block quotes and list items as such, emphasis, links and code as their
words, images and rules left out. The furniture rules and the dateline apply as to any seed.

A web clipper's front matter names its values its own way (`title`, `source`, `author`,
`created`): they are taken as the seed's (`headline`, `url`, `byline`, `retrieved`) wherever the
seed does not give those itself.
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..model import Block, BlockKind, SetAside
from .base import ReadResult
from .furniture import is_running_text, line_reason, strip_dateline
from .text import same_text
from .yamlfile import LineDict

# Raw HTML stays text, as in notes: a seed's markup never reaches a page as markup. Block quotes
# and lists nested deeper than MAX_NESTING end the parser's reading of the file (the rest would be
# lost without a word): such a file is read as plain text instead (`NestedTooDeep`).
MAX_NESTING = 64
_PARSER = (
    MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    .enable("table")
    .use(footnote_plugin)
)


class NestedTooDeep(Exception):
    """A Markdown seed nested deeper than it is read (at `line` of the file)."""

    def __init__(self, line: int):
        super().__init__(f"nested more than {MAX_NESTING} deep")
        self.line = line


_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")

# A web clipper's keys, and the seed's key each gives; `description` and `tags` are the
# clipper's own, not the article's.
CLIPPER_KEYS = {"title": "headline", "source": "url", "author": "byline", "created": "retrieved"}
CLIPPER_ONLY_KEYS = ("description", "tags")
# An Obsidian link around a name ("[[Jane Doe]]"), as its clipper writes authors.
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def from_clipper(metadata: LineDict) -> LineDict:
    """`metadata` with a web clipper's keys as the seed's (where the seed has no such key of its
    own), each at its line; the clipper's own keys left out."""
    taken = LineDict()
    taken.line, taken.lines, taken.written = metadata.line, {}, {}
    for key, value in metadata.items():
        ours = CLIPPER_KEYS.get(key, key)
        if key in CLIPPER_ONLY_KEYS or (ours != key and ours in metadata):
            continue
        if key == "author":
            value = _names(value)
        elif key == "created":
            value = _day(value)
        taken[ours] = value
        taken.lines[ours] = metadata.lines.get(key, metadata.line)
        if ours != key:
            taken.written[ours] = key  # for problems to name the key as written
    return taken


def _names(value):
    """Author names without an Obsidian link's brackets ("[[Jane Doe]]" is "Jane Doe")."""
    if isinstance(value, list):
        return [_names(item) for item in value]
    return _WIKI_LINK.sub(r"\1", value) if isinstance(value, str) else value


def _day(value):
    """The day of a clipper's time of clipping ("2024-02-09T10:00:00 (UTC +01:00)")."""
    if isinstance(value, str):
        day = _DAY.match(value.strip())
        return day.group() if day else value
    return value


def read_markdown(
    text: str,
    extra_patterns: list[str] | None = None,
    headline: str | None = None,
    first_line: int = 1,
) -> ReadResult:
    """Split a Markdown article into blocks, setting furniture aside block by block (raises
    NestedTooDeep for a file nested too deep to be read so).

    `headline`: None to take the first block as the headline; a string (even empty) when the
    metadata gives it, in which case the first block is dropped only if it says the same."""
    extra = tuple(extra_patterns or ())
    set_aside: list[SetAside] = []
    tokens = _PARSER.parse(text)
    deepest = max(tokens, key=lambda token: token.level, default=None)
    if deepest is not None and deepest.level >= MAX_NESTING - 1:
        raise NestedTooDeep(first_line + (deepest.map[0] if deepest.map else 0))
    # As in a text seed: the first line is the headline (when none is given) even with the
    # article's first words on the next line, and in a file without blank lines every line
    # is a paragraph (Markdown would make one paragraph of each run of lines).
    each_line = text.strip() != "" and not _BLANK_LINE.search(text.strip())
    first = headline is None
    found = []
    for block in _blocks(tokens, first_line, set_aside):
        if block.kind == "paragraph" and (each_line or (first and not found)):
            lines = block.text.split("\n")
            found += [Block("paragraph", lines[0], block.line)]
            rest = lines[1:] if each_line else [" ".join(lines[1:])]
            found += [Block("paragraph", t, block.line + 1 + i) for i, t in enumerate(rest) if t]
        else:
            found.append(dataclasses.replace(block, text=block.text.replace("\n", " ")))
    blocks: list[Block] = []
    detected: dict = {}
    blocks_of_text = 0  # kept so far: a date alone in its block is furniture only above them
    for block in found:
        reason = line_reason(block.text, blocks_of_text, detected, extra)
        if reason:
            set_aside.append(SetAside(block.text, reason, block.line))
        else:
            blocks.append(block)
            blocks_of_text += is_running_text(block.text)
    if headline is None and blocks:
        headline = detected["headline"] = blocks.pop(0).text
    elif headline and blocks and same_text(blocks[0].text, headline):
        blocks.pop(0)
    if headline and blocks and same_text(blocks[0].text, headline):
        set_aside.append(SetAside(blocks[0].text, "headline repeated", blocks[0].line))
        blocks.pop(0)
    blocks = strip_dateline(blocks, set_aside)
    set_aside.sort(key=lambda item: item.line)
    return ReadResult(tuple(blocks), tuple(set_aside), detected)


def _blocks(tokens: list[Token], first_line: int, set_aside: list[SetAside]):
    """The blocks of the parsed article, in order (a clipper's excerpt and the rules between
    parts set aside)."""
    quotes = 0  # block quotes open around the token
    items: list[int | None] = []  # the list items open around it, with their numbers
    ordered: list[int] = []  # the next number of each ordered list open around it
    excerpt_at = -1  # the depth of a clipper's excerpt quote being skipped (-1: none)
    row: list[str] | None = None  # the cells of a table's row being read
    row_line = 0
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "tr_open":
            row, row_line = [], line
        elif token.type == "tr_close":
            cells, row = row, None
            if any(cells or ()):  # a table's row is a paragraph, its cells joined as on a page
                yield Block("paragraph", " | ".join(cells or ()), row_line)
        elif row is not None and token.type == "inline":
            row.append(_words(token))
        elif token.type == "blockquote_open":
            quotes += 1
            if excerpt_at < 0 and _clipper_excerpt(tokens, index):
                excerpt_at = quotes
        elif token.type == "blockquote_close":
            if quotes == excerpt_at:
                excerpt_at = -1
            quotes -= 1
        elif token.type == "ordered_list_open":
            ordered.append(int(token.attrGet("start") or 1))
        elif token.type == "ordered_list_close":
            ordered.pop()
        elif token.type == "list_item_open":
            number = None
            if token.info and ordered:  # an item of an ordered list (its marker's number)
                number = ordered[-1]
                ordered[-1] += 1
            items.append(number)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "hr":
            set_aside.append(SetAside(token.markup, "separator", line))
        elif token.type in ("inline", "fence", "code_block"):
            words = _words(token)
            if not words:
                continue
            if excerpt_at >= 0:
                set_aside.append(SetAside(words.replace("\n", " "), "clipper excerpt", line))
                continue
            yield Block(_kind(tokens[index - 1], quotes, items), words, line, _number(items))


def _kind(opening: Token, quotes: int, items: list) -> BlockKind:
    if opening.type == "heading_open":
        return "heading"
    if items:
        return "list_item"
    return "quote" if quotes else "paragraph"


def _number(items: list[int | None]) -> int | None:
    return items[-1] if items else None


def _words(token: Token) -> str:
    """The text a block's token renders to: its words, white space made single spaces, and
    its line breaks kept (as "\n", for `read_markdown` to join or split)."""
    if token.type != "inline":
        return _SPACES.sub(" ", token.content).strip()
    lines, parts = [], []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            lines.append(_SPACES.sub(" ", "".join(parts)).strip())
            parts = []
    lines.append(_SPACES.sub(" ", "".join(parts)).strip())
    return "\n".join(line for line in lines if line)


def _clipper_excerpt(tokens: list[Token], index: int) -> bool:
    """Whether the block quote opening at `index` is MarkDownload's excerpt ("> ## Excerpt")."""
    following = tokens[index + 1 : index + 3]
    return (
        len(following) == 2
        and following[0].type == "heading_open"
        and following[1].content.strip().casefold() == "excerpt"
    )

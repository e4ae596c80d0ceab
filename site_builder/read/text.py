"""Plain-text seeds: articles copied from the web, with the furniture that comes with that."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, SetAside
from .base import ReadResult
from .furniture import (
    LICENSING_SUFFIX,
    caption_credit,
    is_running_text,
    line_reason,
    strip_dateline,
)


@dataclass
class _Line:
    number: int
    text: str
    kind: str = "body"  # body | caption | item | blank
    item_number: int | None = None  # a numbered list item's number


# A list item: "- text", "* text", "• text", "1. text", "2) text" (nested ones indented).
_LIST_ITEM = re.compile(
    r"(?:[-*+\u2022\u00b7\u25aa\u25e6\u2023]|(?P<number>\d{1,3})[.)])\s+(?P<text>.*[^-*_\s].*)"
)
# Lines end at a line feed, a carriage return or both; other vertical separators (form feed,
# Unicode line and paragraph separators) are spaces, so that line numbers are an editor's.
_LINE_END = re.compile(r"\r\n|\r|\n")
_OTHER_SEPARATORS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def read_text(
    text: str,
    extra_patterns: list[str] | None = None,
    headline: str | None = None,
    first_line: int = 1,
) -> ReadResult:
    """Split a plain-text article into blocks, setting furniture aside line by line.

    Blank lines separate paragraphs; a caption line (one ending in a photo credit) and a list
    item ("- ", "* ", "• ", "1. ", at any indent) are blocks of their own.

    `headline`: None to take the first remaining line as the headline; a string (even empty)
    when the metadata gives it, in which case the first line is dropped only if it equals it.
    """
    extra = tuple(extra_patterns or ())
    set_aside: list[SetAside] = []
    detected: dict = {}
    raw_lines = _LINE_END.split(_OTHER_SEPARATORS.sub(" ", text))
    if not raw_lines[-1]:
        raw_lines.pop()  # the end of the last line, not a blank line after it
    lines = [_Line(first_line + i, raw.strip()) for i, raw in enumerate(raw_lines)]
    kept: list[_Line] = []
    lines_of_text = 0  # kept so far: a date alone on its line is furniture only above them
    for line in lines:
        if not line.text:
            kept.append(_Line(line.number, "", "blank"))
            continue
        reason = line_reason(line.text, lines_of_text, detected, extra)
        if reason:
            set_aside.append(SetAside(line.text, reason, line.number))
            continue
        lines_of_text += is_running_text(line.text)
        item = _LIST_ITEM.fullmatch(line.text)
        if item:
            number = item.group("number")
            kept.append(
                _Line(line.number, item.group("text"), "item", int(number) if number else None)
            )
            continue
        kept.append(_split_caption(line, set_aside))
    _set_aside_photo_titles(kept, set_aside)

    body = [line for line in kept if line.kind != "blank"]
    if headline is None and body:
        first = body[0]
        detected["headline"] = first.text
        kept.remove(first)
        body = body[1:]
        headline = first.text
    elif headline and body and same_text(body[0].text, headline):
        kept.remove(body[0])
        body = body[1:]
    if headline and body and same_text(body[0].text, headline):
        # the headline again, as a copy from a page often has it (title, then heading)
        set_aside.append(SetAside(body[0].text, "headline repeated", body[0].number))
        kept.remove(body[0])

    blocks = _join_paragraphs(kept, has_blank_lines=any(not line.text for line in lines))
    blocks = strip_dateline(blocks, set_aside)
    set_aside.sort(key=lambda item: item.line)
    return ReadResult(tuple(blocks), tuple(set_aside), detected)


def _split_caption(line: _Line, set_aside: list[SetAside]) -> _Line:
    """A photo caption line keeps its caption text; its credit and licensing link are set aside."""
    text = line.text
    # (searched only where its words are: on a long run of spaces the search is quadratic)
    licensing = LICENSING_SUFFIX.search(text) if "Licensing Rights" in text else None
    if licensing:
        set_aside.append(SetAside(licensing.group().strip(), "licensing link", line.number))
        text = text[: licensing.start()].rstrip()
    credit = caption_credit(text)
    if credit:
        set_aside.append(SetAside(credit.group("credit"), "photo credit", line.number))
        return _Line(line.number, credit.group("caption"), "caption")
    if licensing:
        return _Line(line.number, text, "caption")
    return line


def _set_aside_photo_titles(kept: list[_Line], set_aside: list[SetAside]) -> None:
    """A short unpunctuated line right above a caption is the photo's title, not body text."""
    for i in range(len(kept) - 1, 0, -1):
        above, line = kept[i - 1], kept[i]
        if (
            line.kind == "caption"
            and above.kind == "body"
            and len(above.text) < 120
            and not above.text.endswith((".", "!", "?", ":", '"', "\u201d"))
            and i - 1 > 0  # the first line is the headline, never a photo title
        ):
            set_aside.append(SetAside(above.text, "photo title", above.number))
            del kept[i - 1]


# Lines that are blocks of their own, whatever the lines around them.
_BLOCK_OF_LINE = {"caption": "caption", "item": "list_item"}


def _join_paragraphs(kept: list[_Line], has_blank_lines: bool) -> list[Block]:
    """Blank lines separate paragraphs; in a file without any, every line is a paragraph.
    A caption or a list item is a block of its own."""
    blocks: list[Block] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            text = " ".join(line.text for line in current)
            blocks.append(Block("paragraph", text, current[0].number))
            current.clear()

    for line in kept:
        if line.kind == "blank":
            flush()
        elif line.kind in _BLOCK_OF_LINE:
            flush()
            blocks.append(
                Block(_BLOCK_OF_LINE[line.kind], line.text, line.number, line.item_number)
            )
        else:
            current.append(line)
            if not has_blank_lines:
                flush()
    flush()
    return blocks


def same_text(a: str, b: str) -> bool:
    """Whether `a` and `b` are the same words, white space and case aside (a headline again)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

"""Annotated Markdown: a source's metadata, what was set aside and every anchor in front matter,
then its body with each anchored passage wrapped in an attribute span (`[text]{data-claim=...}`).

It is written to `annotated/<source id>.md` and is the one input from which the article column of
the source page is rendered: each block of it on its own (`AnnotatedSource.blocks`), so blocks
and their HTML correspond by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..model import Anchor, Block, SourceArticle
from .markdown import render_block

# libyaml's emitter where PyYAML has it (the same text as the pure-Python one, faster).
DUMPER = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper
OFFSETS_NOTE = "code points into the body text, its blocks joined by one blank line"

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}<>&!|~#])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=>])")

BLOCK_MARKUP = {"paragraph": "", "heading": "## ", "quote": "> ", "list_item": "- "}


def escape_markdown(text: str) -> str:
    """Escape article text so that Markdown renders it as the same characters, never as markup."""
    escaped = _INLINE_SPECIALS.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: _escape_block_start(m), escaped, count=1)


def _escape_block_start(match: re.Match) -> str:
    if match.group(1):
        return match.group(1) + "\\" + match.group(2)
    return "\\" + match.group(3)


@dataclass(frozen=True)
class AnnotatedBlock:
    """One block of the body: which block of the source, where its shown text starts in the
    body text, and its Markdown."""

    index: int
    kind: str
    offset: int
    markdown: str


@dataclass(frozen=True)
class AnnotatedSource:
    """A source's annotated Markdown, kept as data: its front matter and its blocks."""

    front: dict
    blocks: tuple[AnnotatedBlock, ...]

    def text(self) -> str:
        """The annotated Markdown file."""
        header = yaml.dump(
            self.front, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=100
        )
        body = "\n\n".join(block.markdown for block in self.blocks)
        return "---\n" + header + "---\n\n" + body + "\n"


def annotate_source(
    source: SourceArticle,
    anchors: list[Anchor] | tuple[Anchor, ...],
    note_numbers: dict[str, int],
    excerpts: bool = False,
) -> AnnotatedSource:
    """The annotated Markdown of `source`, with `anchors` (all of this source) highlighted.

    With `excerpts`, the body holds only the highlighted passages, each with a sentence of
    context on either side (for sources whose full text may not be republished)."""
    ordered = sorted(anchors, key=lambda a: (a.start, -a.end, a.note_id, a.number))
    front = {
        "id": source.id,
        "seed": source.path,
        "metadata": {k: v for k, v in source.metadata.items() if k != "id" and v},
        "display": "excerpts" if excerpts else "full",
        "text_hash": source.text_hash,
        "offsets": OFFSETS_NOTE,
        "set_aside": [
            {"line": item.line, "reason": item.reason, "text": item.text}
            for item in source.set_aside
        ],
        "anchors": [_anchor_record(source, a) for a in ordered],
    }
    started: set[tuple[str, int]] = set()  # the anchors whose first piece (with the id) is out
    shown = excerpt_ranges(source, ordered) if excerpts else None
    blocks = []
    for index, (block, start) in enumerate(zip(source.blocks, source.block_starts, strict=True)):
        if shown is not None and index not in shown:
            continue
        ranges = shown[index] if shown is not None else [(start, start + len(block.text))]
        markdown = _block_markdown(block, start, ordered, note_numbers, started, ranges)
        blocks.append(AnnotatedBlock(index, block.kind, ranges[0][0], markdown))
    return AnnotatedSource(front, tuple(blocks))


def render_article(annotated: AnnotatedSource, note_label: str = "") -> list[str]:
    """The article column: one HTML string per block, each rendered from its own Markdown;
    each note's number named `note_label` ("Claim note %(number)s") where given."""
    return [render_block(b.markdown, b.index + 1, b.offset, note_label) for b in annotated.blocks]


def annotated_markdown(
    source: SourceArticle,
    anchors: list[Anchor],
    note_numbers: dict[str, int],
    excerpts: bool = False,
) -> str:
    """The annotated Markdown file of `source` (see `annotate_source`)."""
    return annotate_source(source, anchors, note_numbers, excerpts).text()


_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"\u201d\u2019')]*\s+")


def excerpt_ranges(
    source: SourceArticle, anchors: list[Anchor]
) -> dict[int, list[tuple[int, int]]]:
    """Block index -> the [start, end) ranges to show: each highlighted passage widened to whole
    sentences plus one sentence before and after, overlapping ranges merged."""
    shown: dict[int, list[tuple[int, int]]] = {}
    for index, (block, block_start) in enumerate(
        zip(source.blocks, source.block_starts, strict=True)
    ):
        block_end = block_start + len(block.text)
        starts = [block_start] + [block_start + m.end() for m in _SENTENCE_END.finditer(block.text)]
        ranges = []
        for anchor in anchors:
            for s, e in anchor.spans:
                if s >= block_end or e <= block_start:
                    continue
                first = max(i for i, st in enumerate(starts) if st <= max(s, block_start))
                last = max(i for i, st in enumerate(starts) if st < min(e, block_end))
                lo = starts[max(0, first - 1)]
                hi = starts[last + 2] if last + 2 < len(starts) else block_end
                ranges.append((lo, _trim_end(source.body_text, lo, hi)))
        if ranges:
            shown[index] = _merge(sorted(ranges))
    return shown


def context_window(source: SourceArticle, anchor: Anchor, excerpts: bool) -> tuple[int, int]:
    """The stretch of text a reader may see around an anchor: its paragraph, or for an
    excerpts-only source the excerpt that holds it."""
    block = source.block_index_at(anchor.start)
    start = source.block_starts[block]
    end = source.block_starts[block] + len(source.blocks[block].text)
    if excerpts:
        for lo, hi in excerpt_ranges(source, [anchor]).get(block, []):
            if lo <= anchor.start < hi:
                return lo, max(hi, min(anchor.end, end))
    return start, max(end, anchor.end)


def _trim_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged = [ranges[0]]
    for lo, hi in ranges[1:]:
        if lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _anchor_record(source: SourceArticle, anchor: Anchor) -> dict:
    record = {
        "note": anchor.note_id,
        "quote": anchor.number,
        "start": anchor.start,
        "end": anchor.end,
        "method": anchor.method,
        "score": anchor.score,
        "distance": anchor.distance,
    }
    if len(anchor.spans) > 1:
        record["spans"] = [list(span) for span in anchor.spans]
    record["passage"] = " \u2026 ".join(source.body_text[s:e] for s, e in anchor.spans)
    return record


def _block_markdown(
    block: Block,
    block_start: int,
    anchors: list[Anchor],
    note_numbers: dict[str, int],
    started: set[tuple[str, int]],
    ranges: list[tuple[int, int]],
) -> str:
    block_end = block_start + len(block.text)
    pieces = [
        _range_markdown(block, block_start, lo, hi, anchors, note_numbers, started)
        for lo, hi in ranges
    ]
    text = pieces[0] + "".join(
        _gap(" \u2026 ", lo) + piece for (lo, _), piece in zip(ranges[1:], pieces[1:], strict=True)
    )
    if ranges[0][0] > block_start:
        text = _gap("\u2026 ", ranges[0][0]) + text
    if ranges[-1][1] < block_end:
        text += _gap(" \u2026")
    markup = f"{block.number}. " if block.number is not None else BLOCK_MARKUP.get(block.kind, "")
    return markup + _kind_attrs(block) + text


def _gap(ellipsis: str, resumes_at: int | None = None) -> str:
    """An ellipsis (with its spaces) for text left out of an excerpt, and where the text after
    it resumes in the body text: what a page shows is then told apart from the source's text."""
    offset = "" if resumes_at is None else f" data-offset={resumes_at}"
    return f"[{ellipsis}]{{.excerpt-gap{offset}}}"


def _range_markdown(
    block: Block,
    block_start: int,
    lo: int,
    hi: int,
    anchors: list[Anchor],
    note_numbers: dict[str, int],
    started: set[tuple[str, int]],
) -> str:
    """Markdown for block text [lo, hi): every highlighted stretch wrapped in its notes' spans."""
    covering = [
        (anchor, max(s, lo), min(e, hi))
        for anchor in anchors
        for s, e in anchor.spans
        if s < hi and e > lo and min(e, hi) > max(s, lo)
    ]
    cuts = sorted({lo, hi, *(s for _, s, _ in covering), *(e for _, _, e in covering)})
    out: list[str] = []
    pending_refs: list[Anchor] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        inside = tuple(a for a, s, e in covering if s <= start and end <= e)
        text = escape_markdown(block.text[start - block_start : end - block_start])
        for anchor in reversed(inside):
            key = (anchor.note_id, anchor.number)
            attrs = f"data-claim={anchor.note_id}"
            if key not in started:
                started.add(key)
                attrs += f" #{anchor.element_id}"
            text = f"[{text}]{{{attrs}}}"
        out.append(text)
        pending_refs.extend(a for a in inside if a.end == end)
        if not any(s <= end < e for _, s, e in covering):  # refs go where no highlight is open
            out.extend(_note_ref(a, note_numbers) for a in _unique(pending_refs))
            pending_refs.clear()
    out.extend(_note_ref(a, note_numbers) for a in _unique(pending_refs))
    return "".join(out)


def _kind_attrs(block: Block) -> str:
    return "{.caption}\n" if block.kind == "caption" else ""


def _unique(anchors: list[Anchor]) -> list[Anchor]:
    seen, result = set(), []
    for anchor in anchors:
        key = (anchor.note_id, anchor.number)
        if key not in seen:
            seen.add(key)
            result.append(anchor)
    return result


def _note_ref(anchor: Anchor, note_numbers: dict[str, int]) -> str:
    number = note_numbers.get(anchor.note_id, 0)
    return f"[{number}](#note-{anchor.note_id}){{.note-ref}}"

"""Noticing that a seed's text changed since the last build (by its text hash) and saying what
that did to each highlight: moved, or now matched only fuzzily."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Anchor, ClaimNote, SourceArticle
from ..read.yamlfile import YamlError, split_front_matter


def previous_anchoring(out: Path, source_id: str) -> dict | None:
    """The front matter of the source's annotated Markdown in the previous build, if any."""
    path = out / "annotated" / f"{source_id}.md"
    if not path.is_file():
        return None
    try:
        return split_front_matter(path.read_text(encoding="utf-8")).metadata
    except (YamlError, UnicodeDecodeError):
        return None


def anchoring_record(source: SourceArticle, anchors: list[Anchor]) -> dict:
    """What the annotated Markdown's front matter says of a source's anchoring."""
    return {
        "text_hash": source.text_hash,
        "anchors": [
            {
                "note": a.note_id,
                "quote": a.number,
                "start": a.start,
                "end": a.end,
                "method": a.method,
            }
            for a in anchors
            if a.source_id == source.id
        ],
    }


def report_seed_changes(
    previous: Callable[[str], dict | None],
    sources: list[SourceArticle],
    notes: list[ClaimNote],
    anchors: list[Anchor],
    diags: Diagnostics,
) -> None:
    """For each seed whose text hash differs from the last build's, report moved highlights.
    `previous(source_id)` gives the last build's anchoring record of a source, if any."""
    quote_lines = {(n.id, i): (n.path, q.line) for n in notes for i, q in enumerate(n.quotes, 1)}
    for source in sources:
        before = previous(source.id)
        if not before or before.get("text_hash") == source.text_hash:
            continue
        diags.info(
            source.path,
            0,
            "the text changed since the last build: every quote in it was anchored again",
        )
        old = {
            (a["note"], a["quote"]): a for a in before.get("anchors") or [] if isinstance(a, dict)
        }
        mine = [a for a in anchors if a.source_id == source.id]
        shifted = _shared_shift(mine, old)
        if shifted:
            shift, count = shifted
            diags.info(
                source.path,
                0,
                f"{count} highlights moved by {shift:+d} characters together (text added or "
                "removed before them); paragraph numbers after it may have changed",
            )
        for anchor in mine:
            path, line = quote_lines.get((anchor.note_id, anchor.number), (source.path, 0))
            last = old.get((anchor.note_id, anchor.number))
            passage = source.body_text[anchor.start : anchor.end]
            if last is None:
                continue
            moved = (last.get("start"), last.get("end")) != (anchor.start, anchor.end)
            if moved and shifted and _shift(anchor, last) == shifted[0]:
                moved = False  # told with the others
            if moved:
                diags.info(
                    path,
                    line,
                    f"highlight {anchor.element_id} moved in {source.id!r}: "
                    f"{last.get('start')}-{last.get('end')} -> {anchor.start}-{anchor.end}",
                    f"now on: \u201c{passage}\u201d",
                )
            if anchor.method == "fuzzy" and last.get("method") != "fuzzy":
                diags.info(
                    path,
                    line,
                    f"highlight {anchor.element_id} now matches {source.id!r} only fuzzily",
                )


def _shift(anchor: Anchor, last: dict) -> int | None:
    """How far a highlight moved, whole: None if its length changed too."""
    start, end = last.get("start"), last.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if end - start != anchor.end - anchor.start:
        return None
    return anchor.start - start


def _shared_shift(anchors: list[Anchor], old: dict) -> tuple[int, int] | None:
    """The distance most highlights of a source moved by together, and how many did (None
    unless at least two did): a paragraph added at the top moves them all alike."""
    shifts = Counter(  # (a shift of 0, a highlight that did not move, is not counted)
        shift
        for anchor in anchors
        if (last := old.get((anchor.note_id, anchor.number))) and (shift := _shift(anchor, last))
    )
    if not shifts:
        return None
    shift, count = shifts.most_common(1)[0]
    return (shift, count) if count >= 2 else None

"""The plain data the pipeline passes between stages: sources, notes, entities, pages, anchors,
stories. Every type is frozen: a stage returns new values, never edits the ones it was given."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Literal

BlockKind = Literal["paragraph", "caption", "heading", "quote", "list_item"]

# The separator between blocks in a source's body text; anchoring offsets count it.
BLOCK_SEPARATOR = "\n\n"

SOURCE_METADATA_KEYS = (
    "id",
    "outlet",
    "headline",
    "url",
    "archived_url",
    "published",
    "modified",
    "retrieved",
    "byline",
    "language",
    "story",
    "display",
    "image_caption",
    "image_credit",
)


@dataclass(frozen=True)
class Block:
    """One block of article text: a paragraph, or a caption, heading, block quote or list item."""

    kind: BlockKind
    text: str
    line: int = 0  # where it starts in the seed file (0 when unknown, e.g. from HTML)
    number: int | None = None  # a list item's number in a numbered list


@dataclass(frozen=True)
class SetAside:
    """Text read from a seed but kept out of the article body, and why."""

    text: str
    reason: str
    line: int = 0


@dataclass(frozen=True)
class SourceArticle:
    """A seed article, read and cleaned: metadata plus body blocks."""

    id: str
    path: str  # relative to the site root, for messages
    metadata: dict
    blocks: tuple[Block, ...]
    set_aside: tuple[SetAside, ...] = ()
    metadata_path: str = ""  # the sidecar (or the seed, for front matter) the metadata came from
    outlet_line: int = 0  # the line of `outlet` there (0: detected in the page)
    story_line: int = 0  # the line of `story` there (0: none given)

    def __getstate__(self) -> dict:
        return _without_derived(self)

    @cached_property
    def body_text(self) -> str:
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)

    @cached_property
    def block_starts(self) -> tuple[int, ...]:
        starts, offset = [], 0
        for block in self.blocks:
            starts.append(offset)
            offset += len(block.text) + len(BLOCK_SEPARATOR)
        return tuple(starts)

    @cached_property
    def text_hash(self) -> str:
        return "sha256:" + hashlib.sha256(self.body_text.encode("utf-8")).hexdigest()

    def block_index_at(self, offset: int) -> int:
        """The index of the block holding character `offset` of the body text."""
        return max(0, bisect.bisect_right(self.block_starts, offset) - 1)

    @property
    def outlet(self) -> str:
        return self.metadata.get("outlet") or ""

    @property
    def headline(self) -> str:
        return self.metadata.get("headline") or ""

    @property
    def story(self) -> str:
        return str(self.metadata.get("story") or "").strip() or self.id

    @property
    def published(self) -> str:
        return self.metadata.get("published") or ""


@dataclass(frozen=True)
class QuoteRef:
    """Where a claim appears: a passage of one source, as the note quotes it."""

    source: str
    quote: str
    line: int
    prefix: str = ""
    suffix: str = ""
    assessment: str = ""
    original: str = ""
    original_language: str = ""  # a language tag ("ru"), or "" when not given
    hint: int | None = None


@dataclass(frozen=True)
class Evidence:
    title: str
    issuer: str = ""
    date: str = ""
    identifier: str = ""
    url: str = ""
    archived_url: str = ""
    note: str = ""
    file: str = ""  # our copy: its path under content/media/
    line: int = field(default=0, compare=False)  # of the entry in its note, for messages


@dataclass(frozen=True)
class Update:
    """One entry of a note's update log: when, what changed, and the verdict before and after."""

    date: str
    change: str
    kind: str = ""  # correction, clarification or update (`UPDATE_KINDS`); "" if not said
    old_verdict: str = ""
    new_verdict: str = ""
    line: int = 0

    @property
    def shown_kind(self) -> str:
        """What the entry is, as logs show it: its `kind`, else "verdict-change" where it
        changes the verdict, else ""."""
        return self.kind or ("verdict-change" if self.old_verdict and self.new_verdict else "")


@dataclass(frozen=True)
class ClaimNote:
    """One checked claim: front matter fields plus the analysis in Markdown."""

    id: str
    path: str
    claim: str
    verdict: str
    summary: str
    claimant: str
    published: str
    status: str
    quotes: tuple[QuoteRef, ...]
    body: str
    body_line: int = 1
    author: str = ""
    reviewer: str = ""
    updated: str = ""
    evidence: tuple[Evidence, ...] = ()
    entities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    line: int = 1
    claim_reviewed: str = ""  # a short form of the claim (under 75 characters) for ClaimReview
    updates: tuple[Update, ...] = ()
    aliases: tuple[str, ...] = ()  # former note ids (merged or renamed notes) that lead here
    tag_lines: tuple[int, ...] = ()  # the line of each tag, for messages
    verdict_line: int = 0  # the line of `verdict:`, for messages
    date_lines: tuple[int, int] = (0, 0)  # the lines of `published:` and `updated:`


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    spellings: tuple[str, ...] = ()
    description: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


@dataclass(frozen=True)
class MediaFile:
    """A file of `content/media/` (a screenshot, a document), copied to `/media/` as it is."""

    name: str  # its path under content/media/: "2024/post.png"
    digest: str  # of its bytes: a file changed is copied again
    path: str  # where it is
    size: tuple[int, int] | None = None  # a picture's width and height, in pixels


@dataclass(frozen=True)
class Page:
    """A content page such as the methodology or the corrections policy."""

    slug: str
    path: str
    title: str
    summary: str
    body: str
    body_line: int = 1  # the file line on which the body starts


AnchorMethod = Literal["exact", "normalised", "case-folded", "fuzzy"]


@dataclass(frozen=True)
class Anchor:
    """Where one quote of one note landed in its source's body text."""

    note_id: str
    number: int  # 1-based index of the quote within its note
    source_id: str
    spans: tuple[tuple[int, int], ...]  # [start, end) code point offsets; several for "..." quotes
    method: AnchorMethod
    score: float
    distance: int = 0

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def element_id(self) -> str:
        return f"q-{self.note_id}-{self.number}"


@dataclass(frozen=True)
class Orphan:
    """A quote that could not be anchored (kept when orphans are allowed to build)."""

    note_id: str
    number: int
    source_id: str
    message: str


@dataclass(frozen=True)
class Story:
    """The sources that report one event (their `story` metadata)."""

    id: str
    title: str
    sources: tuple[SourceArticle, ...]


@dataclass(frozen=True)
class Site:
    """Everything read and checked, before anything is rendered."""

    root: str
    settings: dict
    sources: tuple[SourceArticle, ...]
    notes: tuple[ClaimNote, ...]
    entities: tuple[Entity, ...]
    pages: tuple[Page, ...]
    anchors: tuple[Anchor, ...] = ()
    orphans: tuple[Orphan, ...] = ()
    media: tuple[MediaFile, ...] = ()
    # Notes not built, for a source, entity or verdict they name that does not exist: their
    # quotes are checked all the same, so that every problem of a note is told at once.
    held_back: tuple[ClaimNote, ...] = ()

    def __getstate__(self) -> dict:
        return _without_derived(self)

    @cached_property
    def anchors_in(self) -> dict[str, tuple[Anchor, ...]]:
        """Source id -> the anchors in that source, in anchoring order."""
        return _group(self.anchors, "source_id")

    @cached_property
    def anchors_of(self) -> dict[str, tuple[Anchor, ...]]:
        """Note id -> the anchors of that note's quotes."""
        return _group(self.anchors, "note_id")

    @cached_property
    def orphans_in(self) -> dict[str, tuple[Orphan, ...]]:
        return _group(self.orphans, "source_id")

    @cached_property
    def orphans_of(self) -> dict[str, tuple[Orphan, ...]]:
        return _group(self.orphans, "note_id")


def _without_derived(item) -> dict:
    """What to pickle of a dataclass: its fields, not the values it worked out from them."""
    return {f.name: item.__dict__[f.name] for f in fields(item)}


def _group(items: tuple, attribute: str) -> dict[str, tuple]:
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(getattr(item, attribute), []).append(item)
    return {key: tuple(values) for key, values in grouped.items()}

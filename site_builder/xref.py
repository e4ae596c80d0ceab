"""The cross-reference: stories, which source carries which claim and how, and who is named by
whom with which spelling. Plain data, computed once, before anything is rendered."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .contents import Anchor, ClaimNote, Entity, Orphan, SourceArticle


@dataclass(frozen=True)
class Cell:
    """One claim in one source: the passages that carry it, or none."""

    source: SourceArticle
    anchors: tuple[Anchor, ...]
    passages: tuple[str, ...]
    assessments: tuple[str, ...]
    orphaned: bool = False


@dataclass(frozen=True)
class MatrixRow:
    note: ClaimNote
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Mention:
    """How one source spells one entity: each form found, with the paragraphs it is in."""

    source: SourceArticle
    forms: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    mentions: tuple[Mention, ...]

    @property
    def spelled_differently(self) -> bool:
        """Two sources that both name the entity use different forms of its name."""
        spellings = {frozenset(form for form, _ in m.forms) for m in self.mentions}
        return len(self.mentions) > 1 and len(spellings) > 1


@dataclass(frozen=True)
class Story:
    """The sources that report one event (their `story` metadata)."""

    id: str
    title: str
    sources: tuple[SourceArticle, ...]


@dataclass(frozen=True)
class StoryXref:
    """A story cross-referenced: its claims x sources, the names in it, its verdicts."""

    story: Story
    rows: tuple[MatrixRow, ...]
    entities: tuple[EntityRow, ...]
    verdicts: tuple[tuple[str, int], ...]


def group_stories(sources: list[SourceArticle], titles: dict | None = None) -> list[Story]:
    """Group sources by their `story`, in story-id order; each story's sources in id order."""
    by_story: dict[str, list[SourceArticle]] = {}
    for source in sources:
        by_story.setdefault(source.story, []).append(source)
    return [
        Story(
            story_id,
            str(((titles or {}).get(story_id) or {}).get("title") or _humanise(story_id)),
            tuple(sorted(by_story[story_id], key=lambda s: s.id)),
        )
        for story_id in sorted(by_story)
    ]


@dataclass
class CrossReference:
    """Indexes over the whole site, built once, from which each story is cross-referenced."""

    notes: list[ClaimNote]
    anchors: list[Anchor]
    orphans: list[Orphan]
    entities: list[Entity]

    def __post_init__(self) -> None:
        self.notes_by_source: dict[str, list[ClaimNote]] = {}
        for note in self.notes:
            for source_id in dict.fromkeys(q.source for q in note.quotes):
                self.notes_by_source.setdefault(source_id, []).append(note)
        self.anchors_by_key: dict[tuple[str, str], list[Anchor]] = {}
        for anchor in self.anchors:
            self.anchors_by_key.setdefault((anchor.note_id, anchor.source_id), []).append(anchor)
        self.orphaned = {(o.note_id, o.source_id) for o in self.orphans}

    def story(self, story: Story) -> StoryXref:
        members = story.sources
        story_notes = list(
            {n.id: n for s in members for n in self.notes_by_source.get(s.id, [])}.values()
        )
        rows = tuple(
            MatrixRow(
                note, tuple(_cell(note, s, self.anchors_by_key, self.orphaned) for s in members)
            )
            for note in story_notes
        )
        named = {e for n in story_notes for e in n.entities}
        entity_rows = tuple(
            row
            for row in (_entity_row(entity, members) for entity in self.entities)
            if row.mentions or row.entity.id in named
        )
        counts = Counter(n.verdict for n in story_notes)
        return StoryXref(story, rows, entity_rows, tuple(sorted(counts.items())))


def _humanise(story_id: str) -> str:
    return story_id.replace("-", " ").replace("_", " ").capitalize()


def _cell(note: ClaimNote, source: SourceArticle, anchors_by_key, orphaned) -> Cell:
    found = tuple(sorted(anchors_by_key.get((note.id, source.id), []), key=lambda a: a.number))
    text = source.body_text
    passages = tuple(" \u2026 ".join(text[s:e] for s, e in a.spans) for a in found)
    assessments = tuple(
        note.quotes[a.number - 1].assessment for a in found if note.quotes[a.number - 1].assessment
    )
    return Cell(source, found, passages, assessments, (note.id, source.id) in orphaned)


def _entity_row(entity: Entity, sources: tuple[SourceArticle, ...]) -> EntityRow:
    mentions = []
    for source in sources:
        forms = []
        for form in entity.forms:
            paragraphs = _paragraphs_naming(source, form)
            if paragraphs:
                forms.append((form, paragraphs))
        if forms:
            mentions.append(Mention(source, tuple(forms)))
    return EntityRow(entity, tuple(mentions))


_NAMING: dict[tuple[str, str, str], tuple[int, ...]] = {}


def _paragraphs_naming(source: SourceArticle, form: str) -> tuple[int, ...]:
    """The paragraphs of `source` that name `form` (remembered by the source's text hash)."""
    key = (source.id, source.text_hash, form)
    if key not in _NAMING:
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        found = {source.block_index_at(m.start()) + 1 for m in pattern.finditer(source.body_text)}
        _NAMING[key] = tuple(sorted(found))
    return _NAMING[key]


def tag_counts(notes: list[ClaimNote]) -> list[tuple[str, int]]:
    counts = Counter(tag for note in notes for tag in note.tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

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
    id: str
    sources: tuple[SourceArticle, ...]
    rows: tuple[MatrixRow, ...]
    entities: tuple[EntityRow, ...]
    verdicts: tuple[tuple[str, int], ...]
    title: str


def build_stories(
    sources: list[SourceArticle],
    notes: list[ClaimNote],
    anchors: list[Anchor],
    orphans: list[Orphan],
    entities: list[Entity],
    titles: dict | None = None,
) -> list[Story]:
    """Group sources by their `story`, and cross-reference each group."""
    by_story: dict[str, list[SourceArticle]] = {}
    for source in sources:
        by_story.setdefault(source.story, []).append(source)
    anchors_by_key: dict[tuple[str, str], list[Anchor]] = {}
    for anchor in anchors:
        anchors_by_key.setdefault((anchor.note_id, anchor.source_id), []).append(anchor)
    orphaned = {(o.note_id, o.source_id) for o in orphans}
    stories = []
    for story_id in sorted(by_story):
        members = tuple(sorted(by_story[story_id], key=lambda s: s.id))
        ids = {s.id for s in members}
        story_notes = [n for n in notes if any(q.source in ids for q in n.quotes)]
        rows = tuple(
            MatrixRow(note, tuple(_cell(note, s, anchors_by_key, orphaned) for s in members))
            for note in story_notes
        )
        named = {e for n in story_notes for e in n.entities}
        entity_rows = tuple(
            row
            for row in (_entity_row(entity, members) for entity in entities)
            if row.mentions or row.entity.id in named
        )
        counts = Counter(n.verdict for n in story_notes)
        title = str(((titles or {}).get(story_id) or {}).get("title") or _humanise(story_id))
        verdicts = tuple(sorted(counts.items()))
        stories.append(Story(story_id, members, rows, entity_rows, verdicts, title))
    return stories


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


def _paragraphs_naming(source: SourceArticle, form: str) -> tuple[int, ...]:
    pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    return tuple(
        sorted({source.block_index_at(m.start()) + 1 for m in pattern.finditer(source.body_text)})
    )


def tag_counts(notes: list[ClaimNote]) -> list[tuple[str, int]]:
    counts = Counter(tag for note in notes for tag in note.tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

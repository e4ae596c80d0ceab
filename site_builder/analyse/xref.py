"""The cross-reference of a story: which source carries which claim and how, and who is named
by whom with which spelling."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..anchor.normalise import DASHES, SINGLE_QUOTES, unspaced
from ..memo import Remembered
from ..model import Anchor, ClaimNote, Entity, Orphan, SourceArticle, Story
from .compare.names import are_variants


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
        """Two sources that both name the entity spell a word of its name two ways ("Berel" /
        "Berl", "Qaddafi" / "Gadhafi", as the compare pages' name hints tell them): not a
        fuller or shorter form ("Donald Trump", "Mr. Trump", "Trump"), which names it the same."""
        words = [{word for form, _ in m.forms for word in form.split()} for m in self.mentions]
        return any(
            are_variants(x, y)
            for a, b in itertools.combinations(words, 2)
            for x in a - b
            for y in b - a
        )


@dataclass(frozen=True)
class StoryXref:
    """A story cross-referenced: its claims x sources, the names in it, its verdicts."""

    story: Story
    rows: tuple[MatrixRow, ...]
    entities: tuple[EntityRow, ...]
    verdicts: tuple[tuple[str, int], ...]


def story_xref(
    story: Story,
    notes: list[ClaimNote],
    anchors: list[Anchor],
    orphans: list[Orphan],
    entities: list[Entity] | tuple[Entity, ...],
) -> StoryXref:
    """A story cross-referenced: `notes` are the notes quoting its sources (in order), with
    their `anchors` and `orphans` in those sources."""
    anchors_by_key: dict[tuple[str, str], list[Anchor]] = {}
    for anchor in anchors:
        anchors_by_key.setdefault((anchor.note_id, anchor.source_id), []).append(anchor)
    orphaned = {(o.note_id, o.source_id) for o in orphans}
    members = story.sources
    rows = tuple(
        MatrixRow(note, tuple(_cell(note, s, anchors_by_key, orphaned) for s in members))
        for note in notes
    )
    named = {e for n in notes for e in n.entities}
    covering = covering_forms(tuple(entities))
    entity_rows = tuple(
        row
        for row in (
            _entity_row(entity, members, covering.get(entity.id, ())) for entity in entities
        )
        if row.mentions or row.entity.id in named
    )
    counts = Counter(n.verdict for n in notes)
    return StoryXref(story, rows, entity_rows, tuple(sorted(counts.items())))


def _cell(note: ClaimNote, source: SourceArticle, anchors_by_key, orphaned) -> Cell:
    found = tuple(sorted(anchors_by_key.get((note.id, source.id), []), key=lambda a: a.number))
    text = source.body_text
    passages = tuple(" \u2026 ".join(text[s:e] for s, e in a.spans) for a in found)
    assessments = tuple(
        note.quotes[a.number - 1].assessment for a in found if note.quotes[a.number - 1].assessment
    )
    return Cell(source, found, passages, assessments, (note.id, source.id) in orphaned)


def _entity_row(
    entity: Entity, sources: tuple[SourceArticle, ...], covering: tuple[str, ...]
) -> EntityRow:
    mentions = []
    for source in sources:
        paragraphs: dict[str, set[int]] = {}
        for form, start, _ in entity_mentions(source, entity, covering):
            paragraphs.setdefault(form, set()).add(source.block_index_at(start) + 1)
        forms = tuple(
            (form, tuple(sorted(paragraphs[form]))) for form in entity.forms if form in paragraphs
        )
        if forms:
            mentions.append(Mention(source, forms))
    return EntityRow(entity, tuple(mentions))


# A bounded memo of a pure function: (text hash, forms, covering forms) -> mentions.
_MENTIONS: Remembered[tuple[tuple[str, int, int], ...]] = Remembered(16384)


def entity_mentions(
    source: SourceArticle, entity: Entity, covering: tuple[str, ...] = ()
) -> tuple[tuple[str, int, int], ...]:
    """Where `source` names `entity`, in order: (form, start, end) in its body text, one per
    mention. Where forms overlap, the longest is the one written: "President Donald Trump" is
    one mention, not also one of "Donald Trump"; and one inside a longer name of another
    entity (`covering`, from `covering_forms`) is that entity's: "Clinton" in "Hillary
    Clinton" is no mention of Bill Clinton."""
    forms = tuple(dict.fromkeys(entity.forms))
    return _MENTIONS.get(
        (source.text_hash, forms, covering), lambda: _entity_mentions(source, forms, covering)
    )


@lru_cache(maxsize=4)
def covering_forms(entities: tuple[Entity, ...]) -> dict[str, tuple[str, ...]]:
    """For each entity (by id), the forms of others that hold one of its forms as a whole
    word or words ("Hillary Clinton" for a "Clinton" of Bill Clinton's): there, the name is
    theirs. Found through the runs of words of each form, not by trying every form in every
    other (a site of a thousand entities)."""
    having: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # words -> (entity id, form)
    for entity in entities:
        for form in dict.fromkeys(entity.forms):
            having.setdefault(_name_words(form), []).append((entity.id, form))
    forms = {entity.id: set(entity.forms) for entity in entities}
    found: dict[str, set[str]] = {}
    for entity in entities:
        for longer in dict.fromkeys(entity.forms):
            words = _name_words(longer)
            runs = {words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
            for run in runs - {words}:
                for owner, form in having.get(run, ()):
                    if longer not in forms[owner] and name_pattern(form).search(longer):
                        found.setdefault(owner, set()).add(longer)
    return {owner: tuple(sorted(longer)) for owner, longer in found.items()}


def _name_words(form: str) -> tuple[str, ...]:
    return tuple(regex.findall(r"[\w\p{M}]+", form))


def _entity_mentions(source: SourceArticle, forms: tuple[str, ...], covering: tuple) -> tuple:
    found = sorted(
        (m.start(), -len(m.group()), form, form in covering)
        for form in (*forms, *covering)
        for m in name_pattern(form).finditer(source.body_text)
    )
    mentions: list[tuple[str, int, int]] = []
    end = 0
    for start, negative_length, form, another_name in found:
        if start < end:
            continue  # inside (or across) a longer form met first
        end = start - negative_length
        if not another_name:
            mentions.append((form, start, end))
    return tuple(mentions)


@lru_cache(maxsize=4096)
def name_pattern(form: str) -> regex.Pattern:
    """Where text names `form`: as a whole word or words, a letter's marks part of its word (so
    राम is not named in रामायण); an end in Chinese or Japanese, written without spaces, needs no
    boundary (普京 is named in 普京说). Outlets set the same name in their own typography: any
    apostrophe, dash or space stands for any other ("O'Reilly" names "O’Reilly")."""
    before = "" if unspaced(form[:1]) else r"(?<![\w\p{M}])"
    after = "" if unspaced(form[-1:]) else r"(?![\w\p{M}])"
    return regex.compile(before + "".join(map(_typeset, form)) + after)


_APOSTROPHES = "[" + regex.escape("'" + "".join(sorted(SINGLE_QUOTES))) + "]"
_DASHES = "[" + regex.escape("-" + "".join(sorted(DASHES))) + "]"


def _typeset(char: str) -> str:
    """A character of a name as a pattern: itself, or any of its typographic kind."""
    if char.isspace():
        return r"\s+"
    if char == "'" or char in SINGLE_QUOTES:
        return _APOSTROPHES
    if char == "-" or char in DASHES:
        return _DASHES
    return regex.escape(char)

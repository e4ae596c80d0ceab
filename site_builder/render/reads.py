"""The site as page kinds see it, with every read recorded.

Rendering never touches the `Site` directly: it reads through `SiteReads`, which records what
each page read as keys ("note", id), ("notes", field), ("source", id), ("settings", field),
("template", name)... The engine keeps each page's keys, works out which keys a change touched
(`site_changes`), and renders again exactly the pages that read one of them. Nothing here lists
pages or fields by hand: a new page kind or template variable is tracked because it reads.

Keys, by what they stand for:
- ("note", id): the whole note; ("notes",): which notes exist, in order; ("notes", field): that
  field of every note (a column: lists and indexes read these rather than whole notes). The same
  for "source"/"sources", "entity"/"entities", "page"/"pages" and "medium"/"media".
- ("anchors-in", source id), ("anchors-of", note id), ("orphans-in", ...), ("orphans-of", ...).
- ("settings", field), ("template", name), ("static",), ("static", path).
- ("derived", function, *args): a value derived from the site (`SiteReads.derive`). A derived
  value records its own reads; whoever uses it reads only its key. When an input of a derived
  value changes, the value is derived again, and its key counts as changed only if the new
  value differs from the old (so an edit that leaves, say, a story's hints as they were does
  not render its pages again). A value quick to derive and large to keep (`made_again`) is
  kept across builds without its value: what it read still tells which pages to render again,
  and it is derived again when one of them needs it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model import Anchor, ClaimNote, Entity, MediaFile, Orphan, Page, Site, SourceArticle
from ..settings import Settings

Key = tuple
T = TypeVar("T")

# collection name -> (item kind, the Site field holding the items, the item's id attribute)
COLLECTIONS = {
    "notes": ("note", "notes", "id"),
    "sources": ("source", "sources", "id"),
    "entities": ("entity", "entities", "id"),
    "pages": ("page", "pages", "slug"),
    "media": ("medium", "media", "name"),
}
# What the derived parts of Settings (properties and methods) are made of.
SETTINGS_DERIVED = {
    "verdict": ("verdicts",),
    "verdict_keys": ("verdicts",),
    "scale_best": ("verdicts",),
    "scale_worst": ("verdicts",),
    "story_title": ("story_titles",),
    "policy": ("policies",),
    "absolute_url": ("base_url",),
}
# (what pages read: not where site.yaml writes it)
SETTINGS_FIELDS = tuple(f.name for f in dataclasses.fields(Settings) if f.compare)
# The keys a read of each name records (any other name: all the settings).
_SETTINGS_KEYS = {
    name: tuple(("settings", field) for field in SETTINGS_DERIVED.get(name, (name,)))
    for name in (*SETTINGS_FIELDS, *SETTINGS_DERIVED)
}
_ALL_SETTINGS_KEYS = tuple(("settings", field) for field in SETTINGS_FIELDS)


class Recorder:
    """The keys read while something is computed. Computations nest (a page uses a derived
    value, which uses another); each records its own reads only."""

    def __init__(self, keys: dict[Key, Key] | None = None) -> None:
        self._open: list[set[Key]] = []
        self._keys = {} if keys is None else keys  # one object per key, shared by all pages

    def record(self, key: Key) -> None:
        if self._open:
            self._open[-1].add(self._keys.setdefault(key, key))

    def record_all(self, keys) -> None:
        if self._open:
            self._open[-1].update(self._keys.setdefault(key, key) for key in keys)

    @contextmanager
    def recording(self) -> Iterator[set[Key]]:
        found: set[Key] = set()
        self._open.append(found)
        try:
            yield found
        finally:
            self._open.pop()


class _NotKept:
    """The value of a memo kept without it (one object, whatever unpickles it)."""

    def __reduce__(self) -> str:
        return "NOT_KEPT"

    def __repr__(self) -> str:
        return "NOT_KEPT"


NOT_KEPT = _NotKept()


def made_again(function: Callable[..., T]) -> Callable[..., T]:
    """Mark a derivation whose values are quick to make and large to keep: they go to other
    processes and into the cache without their value (see `Memo.portable`)."""
    function.made_again = True  # type: ignore[attr-defined]
    return function


@dataclass(frozen=True)
class Memo:
    """A value derived from the site: how (a function of the rendering context and some ids),
    and the keys it read."""

    value: Any
    keys: frozenset
    function: Callable
    args: tuple
    derived: tuple = ()  # those of `keys` that are derived values' own keys

    @classmethod
    def of(cls, value: Any, keys, function: Callable, args: tuple) -> Memo:
        keys = frozenset(keys)
        return cls(value, keys, function, args, tuple(k for k in keys if k[0] == "derived"))

    @property
    def kept(self) -> bool:
        return self.value is not NOT_KEPT

    def portable(self) -> Memo:
        """This memo as it goes to another process or into the cache: without its value if
        its function is `made_again`."""
        if self.kept and getattr(self.function, "made_again", False):
            return dataclasses.replace(self, value=NOT_KEPT)
        return self


def portable(memos: dict[Key, Memo]) -> dict[Key, Memo]:
    return {key: memo.portable() for key, memo in memos.items()}


def derived_key(function: Callable, args: tuple) -> Key:
    return ("derived", function.__module__, function.__qualname__, *args)


class SettingsReads:
    """The settings, each field read recorded (templates see this as `site`)."""

    def __init__(self, settings: Settings, recorder: Recorder):
        self._settings = settings
        self._recorder = recorder

    def __getattr__(self, name: str):
        value = getattr(self._settings, name)
        self._recorder.record_all(_SETTINGS_KEYS.get(name, _ALL_SETTINGS_KEYS))
        return value


class _Collection:
    """One collection of the site (notes, sources...), by id, in the site's order."""

    def __init__(self, name: str, items: tuple, recorder: Recorder):
        self.kind, _, id_attr = COLLECTIONS[name]
        self.name = name
        self.items = items
        self.by_id = {getattr(item, id_attr): item for item in items}
        self.ids = tuple(self.by_id)
        self.recorder = recorder
        self._columns: dict[str, tuple] = {}

    def get(self, item_id: str):
        self.recorder.record((self.kind, item_id))
        return self.by_id.get(item_id)

    def membership(self) -> tuple[str, ...]:
        self.recorder.record((self.name,))
        return self.ids

    def column(self, field: str) -> tuple[tuple[str, Any], ...]:
        self.recorder.record((self.name, field))
        if field not in self._columns:
            self._columns[field] = tuple((i, getattr(x, field)) for i, x in self.by_id.items())
        return self._columns[field]

    def everything(self) -> tuple:
        self.recorder.record((self.name,))
        self.recorder.record_all((self.kind, item_id) for item_id in self.ids)
        return self.items


class SiteReads:
    """Everything a page may read, each read recorded; memos of derived values shared."""

    def __init__(
        self,
        site: Site,
        recorder: Recorder,
        previous: dict[Key, Memo] | None = None,
        changed: set[Key] | None = None,
        static: dict[str, bytes] | None = None,
    ):
        self.recorder = recorder
        self.context = None  # what derived values are computed with (the RenderContext)
        self.memos: dict[Key, Memo] = {}  # the derived values of this build
        self.previous = previous or {}  # ... and of the last one, reused while still valid
        self.changed = changed if changed is not None else set()
        self.settings = SettingsReads(site.settings, recorder)
        self._site = site
        self._notes = _Collection("notes", site.notes, recorder)
        self._sources = _Collection("sources", site.sources, recorder)
        self._entities = _Collection("entities", site.entities, recorder)
        self._pages = _Collection("pages", site.pages, recorder)
        self._media = _Collection("media", site.media, recorder)
        self._by_source = site.anchors_in
        self._by_note = site.anchors_of
        self._orphans_in = site.orphans_in
        self._orphans_of = site.orphans_of
        self._static = static or {}

    # -- notes, sources, entities, content pages ---------------------------------------------

    def note(self, note_id: str) -> ClaimNote | None:
        return self._notes.get(note_id)

    def note_ids(self) -> tuple[str, ...]:
        return self._notes.membership()

    def notes_column(self, field: str) -> tuple[tuple[str, Any], ...]:
        """(note id, value of `field`) for every note: what lists and indexes read."""
        return self._notes.column(field)

    def all_notes(self) -> tuple[ClaimNote, ...]:
        return self._notes.everything()

    def source(self, source_id: str) -> SourceArticle | None:
        return self._sources.get(source_id)

    def source_ids(self) -> tuple[str, ...]:
        return self._sources.membership()

    def sources_column(self, field: str) -> tuple[tuple[str, Any], ...]:
        return self._sources.column(field)

    def all_sources(self) -> tuple[SourceArticle, ...]:
        return self._sources.everything()

    def entity(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def entity_ids(self) -> tuple[str, ...]:
        return self._entities.membership()

    def all_entities(self) -> tuple[Entity, ...]:
        return self._entities.everything()

    def page(self, slug: str) -> Page | None:
        return self._pages.get(slug)

    def page_slugs(self) -> tuple[str, ...]:
        return self._pages.membership()

    def pages_column(self, field: str) -> tuple[tuple[str, Any], ...]:
        return self._pages.column(field)

    def medium(self, name: str) -> MediaFile | None:
        return self._media.get(name)

    def media_names(self) -> tuple[str, ...]:
        return self._media.membership()

    # -- anchoring ------------------------------------------------------------------------

    def anchors_in(self, source_id: str) -> tuple[Anchor, ...]:
        self.recorder.record(("anchors-in", source_id))
        return self._by_source.get(source_id, ())

    def anchors_of(self, note_id: str) -> tuple[Anchor, ...]:
        self.recorder.record(("anchors-of", note_id))
        return self._by_note.get(note_id, ())

    def orphans_in(self, source_id: str) -> tuple[Orphan, ...]:
        self.recorder.record(("orphans-in", source_id))
        return self._orphans_in.get(source_id, ())

    def orphans_of(self, note_id: str) -> tuple[Orphan, ...]:
        self.recorder.record(("orphans-of", note_id))
        return self._orphans_of.get(note_id, ())

    def all_anchors(self) -> tuple[Anchor, ...]:
        self.recorder.record(("anchors",))
        return self._site.anchors

    # -- theme files -----------------------------------------------------------------------

    def static_names(self) -> tuple[str, ...]:
        self.recorder.record(("static",))
        return tuple(self._static)

    def static_file(self, name: str) -> bytes:
        self.recorder.record(("static", name))
        return self._static[name]

    # -- derived values -------------------------------------------------------------------

    def derive(self, function: Callable[..., T], *args) -> T:
        """`function(context, *args)`, derived once per build and kept across builds while what
        it read is unchanged. The caller reads only the derived value's key. `function` must
        read what it uses itself (from the context, by the ids in `args`), never take site
        data from its caller: that is what makes its reads complete."""
        key = derived_key(function, args)
        self.recorder.record(key)
        memo = self.memos.get(key)
        if memo is None:
            memo = self._validate(key) if key in self.previous else self._derive(function, args)
            self.memos[key] = memo
        if not memo.kept:  # what it read is unchanged: the same value, made again
            memo = self.memos[key] = self._derive(function, args)
        return memo.value

    def _derive(self, function: Callable, args: tuple) -> Memo:
        with self.recorder.recording() as keys:
            value = function(self.context, *args)
        return Memo.of(value, keys, function, args)

    def _validate(self, key: Key) -> Memo:
        """The last build's value of `key` if nothing it read changed, else derived again; its
        key is marked changed only if the value differs."""
        old = self.previous[key]
        for read in old.derived:
            if read not in self.memos and read in self.previous:
                try:
                    self.memos[read] = self._validate(read)
                except Exception:  # noqa: BLE001 (what it was about is gone: see `refresh`)
                    self.changed.add(read)
        if old.keys.isdisjoint(self.changed):
            return old
        memo = self._derive(old.function, old.args)
        if not old.kept or memo.value != old.value:
            self.changed.add(key)
        return memo

    def refresh(self) -> set[Key]:
        """Bring every derived value of the last build up to date (dropping those that can no
        longer be derived, for what they were about is gone); returns every changed key."""
        for key in self.previous:
            if key in self.memos:
                continue
            try:
                self.memos[key] = self._validate(key)
            except Exception:  # noqa: BLE001 (derived again when a page needs it, or never)
                self.changed.add(key)
        return self.changed


# -- what changed between two builds ---------------------------------------------------------


def site_changes(old: Site, new: Site, columns: dict[str, set[str]]) -> set[Key]:
    """The keys whose value differs between two sites. `columns` names, per collection, the
    fields some page read as a column (only those need comparing)."""
    changed: set[Key] = set()
    for name in COLLECTIONS:
        changed |= _collection_changes(old, new, name, columns.get(name, set()))
    for field in SETTINGS_FIELDS:
        if getattr(old.settings, field) != getattr(new.settings, field):
            changed.add(("settings", field))
    for kind in ("anchors-in", "anchors-of", "orphans-in", "orphans-of"):
        before = getattr(old, kind.replace("-", "_"))
        after = getattr(new, kind.replace("-", "_"))
        changed |= {
            (kind, i) for i in before.keys() | after.keys() if before.get(i) != after.get(i)
        }
    if old.anchors != new.anchors:
        changed.add(("anchors",))
    return changed


def _collection_changes(old: Site, new: Site, name: str, columns: set[str]) -> set[Key]:
    kind, field, id_attr = COLLECTIONS[name]
    before = {getattr(x, id_attr): x for x in getattr(old, field)}
    after = {getattr(x, id_attr): x for x in getattr(new, field)}
    changed: set[Key] = set()
    if tuple(before) != tuple(after):
        changed.add((name,))
        changed |= {(name, column) for column in columns}
    for item_id in before.keys() | after.keys():
        a, b = before.get(item_id), after.get(item_id)
        if a is b or a == b:
            continue
        changed.add((kind, item_id))
        if a is None or b is None:
            changed |= {(name, column) for column in columns}
            continue
        changed |= {(name, c) for c in columns if getattr(a, c) != getattr(b, c)}
    return changed


def file_changes(kind: str, before: dict[str, object], after: dict[str, object]) -> set[Key]:
    """The keys of theme files (templates, static files) that were added, removed or edited."""
    changed = {
        (kind, name) for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    }
    if before.keys() != after.keys():
        changed.add((kind,))
    return changed

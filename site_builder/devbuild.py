"""Rebuilding while an editor works (`serve`): read again only the files that changed, render
only the pages the change affects, and replace each file whose bytes changed on its own
(a temporary file, then a rename). Whole-site work (feeds, open data) waits for `finish()`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .browse import browse_pages
from .build import BuildOptions, compare_with_previous_build, load_site, templates_folder
from .cache import ReadCache
from .comparing import compare_pages
from .contents import ClaimNote, Site, SourceArticle
from .diagnostics import Diagnostic, Diagnostics
from .publishing import check_verdict_changes
from .render import Output, Renderer, jinja_environment
from .search_index import INDEX_FOLDER, build_search_index
from .seed_changes import anchoring_record, report_seed_changes
from .writer import MANIFEST, check_output_folder, manifest_of

# What the cross-reference shows of a note: a change to other fields leaves it as it was.
NOTE_XREF_FIELDS = ("claim", "verdict", "quotes", "entities", "tags")
# What a note or a source shows in lists: a change to these re-renders the list pages.
NOTE_LIST_FIELDS = (
    "claim",
    "verdict",
    "claimant",
    "published",
    "updated",
    "status",
    "tags",
    "entities",
)
SOURCE_LIST_FIELDS = ("title", "outlet", "story")


@dataclass
class RebuildResult:
    ok: bool
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0


class DevBuilder:
    """The site as last built by `serve`, and how to bring it up to date after a change."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.out = options.output.resolve()
        self.cache = ReadCache()
        self.site: Site | None = None  # the last site built without errors
        self.renderer: Renderer | None = None
        self.digests: dict[str, str] = {}  # output path -> digest of what is on disk
        self.problems: list[Diagnostic] = []  # of the last attempt; errors keep the old site
        self._slow_pending = False
        self.environment = None  # kept between rebuilds: its templates stay compiled

    @property
    def failing(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def rebuild(self, changed: set[Path] | None = None) -> RebuildResult:
        """Bring the output up to date; `changed=None` (the first build) renders everything."""
        started = time.perf_counter()
        diags = Diagnostics()
        self.cache.trust_all_but(None if self.site is None else changed)
        try:
            site = load_site(self.options, diags, self.cache)
        finally:
            self.cache.trust_all_but(None)
        if self.site is None:
            compare_with_previous_build(self.out, site, diags)
        else:
            self._report_changes(site, diags)
        self.problems = diags.sorted()
        if self.failing:
            return RebuildResult(
                False, problems=self.problems, seconds=time.perf_counter() - started
            )
        templates = templates_folder(self.options.root)
        if (
            self.environment is None
            or changed is None
            or any(p.resolve().is_relative_to(templates.resolve()) for p in changed)
        ):
            self.environment = jinja_environment(templates)
        renderer = Renderer(site, templates, self.environment)
        everything = self.site is None or changed is None or self._touches_everything(changed, site)
        if everything:
            files, stale = self._everything(renderer)  # the whole-site files included
        else:
            files, stale = self._affected(renderer, self.site, site)
        written = self._write(files)
        removed = self._remove(stale)
        if everything:
            self._write_manifest()
        self.site, self.renderer, self._slow_pending = site, renderer, not everything
        return RebuildResult(True, written, removed, self.problems, time.perf_counter() - started)

    def finish(self) -> list[str]:
        """Do all the whole-site work left for after the reload at once, search index included."""
        written: list[str] = []
        for step in self.slow_steps():
            written += step
        problem = build_search_index(self.out)
        if problem:
            self.problems.append(Diagnostic("build", 0, problem, "warning"))
        return written

    def slow_steps(self) -> Iterator[list[str]]:
        """The whole-site work left for after the reload (feeds, sitemap, open data, manifest),
        a file at a time, so that `serve` can pause it when the next edit comes in. The search
        index is made by a separate process (`index_command`), which `serve` runs on its own."""
        if not self._slow_pending or self.renderer is None:
            return
        renderer = self.renderer
        for rel, data in renderer.machine_readable_steps():
            if renderer is not self.renderer:
                return  # a newer build came in between: its own slow work supersedes this
            yield self._write({rel: data})
        self._slow_pending = False
        yield self._write_manifest()

    def _report_changes(self, site: Site, diags: Diagnostics) -> None:
        """Seeds whose text changed, and verdicts that changed silently, since the last build."""
        old = self.site
        old_sources = _by_id(old.sources)
        rewritten = [
            s
            for s in site.sources
            if s.id in old_sources and old_sources[s.id].text_hash != s.text_hash
        ]
        if rewritten:
            report_seed_changes(
                lambda i: anchoring_record(old_sources[i], list(old.anchors)),
                rewritten,
                list(site.notes),
                list(site.anchors),
                diags,
            )
        check_verdict_changes(site, {n.id: n.verdict for n in old.notes}, diags)

    # -- what to render -------------------------------------------------------------------

    def _touches_everything(self, changed: set[Path], site: Site) -> bool:
        root = self.options.root.resolve()
        content = root / "content"
        for path in changed:
            path = path.resolve()
            if path.is_relative_to(root / "templates") or path in (
                content / "site.yaml",
                content / "entities.yaml",
            ):
                return True
            if path.is_relative_to(content / "pages"):
                return True
        return site.settings != self.site.settings

    def _everything(self, renderer: Renderer) -> tuple[Output, set[str]]:
        files = renderer.render_all()
        static = templates_folder(self.options.root) / "static"
        for asset in sorted(static.rglob("*")) if static.is_dir() else []:
            if asset.is_file():
                files[f"static/{asset.relative_to(static).as_posix()}"] = asset.read_bytes()
        return files, set(self.digests) - set(files) - {MANIFEST}

    def _affected(self, renderer: Renderer, old: Site, new: Site) -> tuple[Output, set[str]]:
        old_notes, new_notes = _by_id(old.notes), _by_id(new.notes)
        old_sources, new_sources = _by_id(old.sources), _by_id(new.sources)
        old_anchors, new_anchors = _anchors_by_note(old), _anchors_by_note(new)
        notes = {
            i
            for i in old_notes.keys() | new_notes.keys()
            if _differ(old_notes.get(i), new_notes.get(i))
            or _differ_all(old_anchors.get(i, ()), new_anchors.get(i, ()))
        }
        sources = {
            i
            for i in old_sources.keys() | new_sources.keys()
            if _differ(old_sources.get(i), new_sources.get(i))
        }
        lists_changed = _lists_changed(
            {i: old_notes.get(i) for i in notes}, {i: new_notes.get(i) for i in notes}
        ) or _lists_changed(
            {i: old_sources.get(i) for i in sources}, {i: new_sources.get(i) for i in sources}
        )
        edited = {i for i in notes if i in old_notes and i in new_notes}
        changed_sources = set(sources)
        for i in notes:  # the sources a changed note quotes, before and after the change
            for note in (old_notes.get(i), new_notes.get(i)):
                sources |= {q.source for q in note.quotes} if note else set()
        notes |= {n.id for n in new.notes if any(q.source in sources for q in n.quotes)}
        stories = {s.story for i in sources for s in (old_sources.get(i), new_sources.get(i)) if s}
        files: Output = {}
        for i in sorted(sources & new_sources.keys()):
            source = new_sources[i]
            files.update([renderer.source_page(source)])
            files[f"annotated/{i}.md"] = renderer.annotated(source).encode("utf-8")
        for i in sorted(notes & new_notes.keys()):
            files.update([renderer.claim_page(new_notes[i])])
        if lists_changed:
            files.update(renderer.home_and_indexes())
            files.update(renderer.xref_pages())
            files.update(compare_pages(renderer))
            files.update(browse_pages(renderer))
            stale = {p for p in self.digests if _is_list_page(p)} - set(files)
        else:
            xref_changed = bool(changed_sources) or any(
                _fields(old_notes[i], NOTE_XREF_FIELDS) != _fields(new_notes[i], NOTE_XREF_FIELDS)
                or _differ_all(old_anchors.get(i, ()), new_anchors.get(i, ()))
                for i in edited
            )
            if xref_changed:
                files.update(renderer.xref_pages(only_stories=stories))
                files.update(compare_pages(renderer, only_stories=stories))
            stale = set()
        stale |= {f"claims/{i}/index.html" for i in old_notes.keys() - new_notes.keys()}
        for i in old_sources.keys() - new_sources.keys():
            stale |= {f"sources/{i}/index.html", f"annotated/{i}.md"}
        return files, stale

    # -- writing --------------------------------------------------------------------------

    def _write(self, files: Output) -> list[str]:
        check_output_folder(self.out, self.options.root, force=True)
        written = []
        for rel, data in sorted(files.items()):
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            target = self.out / rel
            if self.digests.get(rel) == digest and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, target)  # readers see the old file or the new, never half
            self.digests[rel] = digest
            written.append(rel)
        return written

    def _remove(self, stale: set[str]) -> list[str]:
        removed = []
        for rel in sorted(stale):
            target = self.out / rel
            if target.is_file():
                target.unlink()
                removed.append(rel)
            self.digests.pop(rel, None)
            folder = target.parent
            if folder != self.out and folder.is_dir() and not any(folder.iterdir()):
                shutil.rmtree(folder, ignore_errors=True)
        return removed

    def _write_manifest(self) -> list[str]:
        index = self.out / INDEX_FOLDER
        searched = [p.relative_to(self.out).as_posix() for p in index.rglob("*") if p.is_file()]
        manifest = manifest_of(sorted([*self.digests, *searched]))
        return self._write(
            {MANIFEST: (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()}
        )


def _by_id(items) -> dict:
    return {item.id: item for item in items}


def _anchors_by_note(site: Site) -> dict[str, list]:
    found: dict[str, list] = {}
    for anchor in site.anchors:
        found.setdefault(anchor.note_id, []).append(anchor)
    return found


def _differ(old, new) -> bool:
    """Two versions of a note or source differ (the cache hands back the same object when its
    file did not change, which makes this cheap)."""
    return old is not new and old != new


def _differ_all(old, new) -> bool:
    return len(old) != len(new) or any(_differ(a, b) for a, b in zip(old, new, strict=True))


def _lists_changed(old: dict, new: dict) -> bool:
    """Whether what lists show of these notes or sources (added, removed, or listed fields) changed."""
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            return True
        names = NOTE_LIST_FIELDS if isinstance(a, ClaimNote) else SOURCE_LIST_FIELDS
        if _fields(a, names) != _fields(b, names):
            return True
    return False


def _fields(item: ClaimNote | SourceArticle, names: tuple[str, ...]) -> tuple:
    return tuple(getattr(item, name) for name in names)


def _is_list_page(path: str) -> bool:
    return (
        path == "index.html"
        or path.startswith(("claims/page/", "sources/page/", "xref/"))
        or path
        in (
            "claims/index.html",
            "sources/index.html",
        )
    )

"""The build, top-down: read -> anchor -> analyse -> render -> write.

One engine does it for every command. `build` runs it once into a staging folder swapped in
whole; `check` runs it with a writer that keeps nothing; `serve` keeps the engine between
rebuilds: it remembers what each page read, and after a change renders again exactly the pages
whose inputs changed, and deletes the pages that no longer exist.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from jinja2 import TemplateError

from . import urls
from .analyse import check_site, compare_with_build, compare_with_site
from .anchor import anchor_notes
from .cache import BuildCache, DiskCache
from .diagnostics import BuildFailed, Diagnostic, Diagnostics, InternalError, processing
from .model import Site
from .output import search_index
from .output.writer import (
    MANIFEST,
    NullWriter,
    StagedWriter,
    check_output_folder,
    files_in_manifest,
    manifest,
)
from .parallel import CAN_FORK, collector_relaxed, fork_map
from .read.site import read_site
from .render.context import RenderContext
from .render.i18n import theme_words
from .render.kinds import KINDS
from .render.reads import (
    COLLECTIONS,
    Key,
    Memo,
    Recorder,
    SiteReads,
    file_changes,
    portable,
    site_changes,
)
from .render.registry import PageKind, PageSpec, collect_specs
from .render.templates import (
    check_templates,
    environment,
    static_files,
    template_diagnostic,
    template_files,
    theme_folders,
)


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None
    drafts: bool = False
    orphans_allowed: bool = False
    strict: bool = False
    force: bool = False
    base_url: str | None = None
    search_index: bool = True
    cache: bool = True  # keep the build's memory on disk, and start from it
    cache_dir: Path | None = None  # where (default: the user's cache folder)
    jobs: int = os.cpu_count() or 1  # processes at work at once, where work splits

    @property
    def output(self) -> Path:
        return self.out if self.out is not None else self.root / "build"


@dataclass
class BuildReport:
    """What one run of the engine did."""

    ok: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # the pages made again
    pages: int = 0
    notes: int = 0
    sources: int = 0
    methods: dict[str, int] = field(default_factory=dict)
    orphans: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0  # of `seconds`, the wait for the search index once pages are out
    base_url: str = ""  # the settings' (or `--base-url`), as the pages were built with it

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class Engine:
    """The build with memory: the last good site, every page's path and what it read."""

    def __init__(
        self,
        options: BuildOptions,
        writer,
        cache: BuildCache | None = None,
        defer_whole_site: bool = False,
        previous_build: Path | None = None,
    ):
        self.options = options
        self.writer = writer
        self.cache = cache or BuildCache()
        self.defer_whole_site = defer_whole_site  # serve: feeds and open data after a pause
        self.previous_build = previous_build
        self.site: Site | None = None
        self.last_site: Site | None = None  # the last build's, from its memory (`check`)
        self.memos: dict[Key, Memo] = {}
        self.specs: dict[str, PageSpec] = {}
        # page path -> the keys it read (a tuple: the smallest container, for many pages)
        self.reads_of: dict[str, tuple] = {}
        # key -> the pages that read it: made from `reads_of` when first needed (a `build` that
        # changes nothing, or starts from nothing, never needs it), then kept up to date
        self._readers: dict[Key, set[str]] | None = None
        self.theme: tuple[tuple[Path, ...], dict[str, str], dict[str, bytes]] | None = None
        self.env = None
        self.deferred: set[str] = set()  # pages whose rendering waits for `finish`
        self.problems: list[Diagnostic] = []  # of the last run
        self.keys: dict[Key, Key] = {}  # one object per key: smaller in memory and on disk
        self.startup: list[Diagnostic] = []  # problems found before the first run (the cache)
        self.saved: tuple | None = None  # the output this engine's memory on disk describes
        self.template_cache: Path | None = None  # compiled templates, kept between builds
        self.search_shards: dict[int, tuple[str, ...]] = {}  # the search index's, by shard
        self.indexer = None  # shards of the search index started while pages render
        self.unindexed: set[str] = set()  # `serve`: pages written since the index was made
        self._unswept = 0  # successful runs since the memory was last swept

    # -- the memory on disk ---------------------------------------------------------------

    def warm_up(self, disk: DiskCache, pages: bool = True) -> None:
        """Start from the last build's memory: its reads and anchoring, and (with `pages`) its
        pages and what each read, when the output folder still holds exactly that build."""
        diags = Diagnostics()
        self.template_cache = disk.compiled_templates()
        name = self._state_name() if pages else disk.newest("build-")
        saved = disk.load(name, diags) if name else None
        if isinstance(saved, dict) and isinstance(saved.get("cache"), BuildCache):
            self.cache = saved["cache"]
            state = saved["state"]
            self.last_site = state["site"]  # what `check` compares with, as `build` does
            if pages and state["output"] == self._output_stamp():
                self.site, self.memos, self.specs = state["site"], state["memos"], state["specs"]
                self.theme, self.keys = state["theme"], state["keys"]
                self.search_shards = state["search_shards"]
                self.reads_of, self._readers = state["reads_of"], None
                self.writer.reuse = True
                self.saved = self._output_stamp()
        self.startup = diags.items

    def save(self, disk: DiskCache, report: BuildReport) -> None:
        """Keep this build's memory for the next one (one file: the reads and the pages share
        their notes and sources). A build that changed nothing leaves it as it was."""
        if self.saved and not (report.rendered or report.removed or self.cache.computed):
            return
        state = {
            "site": self.site,
            "memos": portable(self.memos),
            "specs": self.specs,
            "theme": self.theme,
            "keys": self.keys,
            "reads_of": self.reads_of,
            "search_shards": self.search_shards,
            "output": self._output_stamp(),
        }
        try:
            disk.save(self._state_name(), {"cache": self.cache, "state": state})
        except OSError as exc:  # the site is built: only the next build's head start is lost
            report.diagnostics.append(
                Diagnostic(
                    str(disk.folder),
                    0,
                    f"the build's memory could not be saved there ({exc.strerror or exc}): "
                    "the next build starts from nothing",
                    "warning",
                    "give --cache-dir a folder you can write in, or pass --no-cache",
                )
            )

    def _state_name(self) -> str:
        options = self.options
        what = (options.drafts, options.orphans_allowed, options.strict, options.base_url)
        what += (options.search_index, str(options.output.resolve()))
        return "build-" + hashlib.blake2b(repr(what).encode(), digest_size=8).hexdigest()

    def _output_stamp(self) -> tuple | None:
        """Which file the output's manifest is (a changed or replaced folder has another)."""
        try:
            stat = (self.options.output / MANIFEST).stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    # -- the pipeline -----------------------------------------------------------------------

    def run(self, changed: set[Path] | None = None) -> BuildReport:
        """Bring the output up to date. `changed` (from `serve`'s watcher) are the files that
        changed since the last run; None checks every file. A bug (InternalError) leaves the
        output as it was."""
        try:
            return self._run(changed)
        except BaseException as error:  # a bug, or Ctrl+C: nothing of this run is kept
            self._stop_indexing()
            self.writer.abort()
            if isinstance(error, InternalError):
                subject = Path(error.subject)
                if subject.is_absolute() and subject.is_relative_to(self.options.root):
                    error.subject = subject.relative_to(self.options.root).as_posix()
            raise
        finally:
            if self.defer_whole_site:
                # A session's memory lives on between runs: the collector leaves it alone
                # until the next sweep, instead of scanning all of it during some rebuild.
                gc.freeze()

    def _run(self, changed: set[Path] | None) -> BuildReport:
        started = time.perf_counter()
        diags = Diagnostics()
        diags.items.extend(self.startup)
        self.startup = []
        site = self._read_and_anchor(diags, changed)
        self._analyse(site, diags)
        report = self._report(site, diags)
        if not report.ok:
            return self._failed(report, started)
        theme = self._theme()
        rendered = self._render(site, theme, diags, report)
        report.diagnostics = diags.sorted()
        report.ok = rendered and not diags.errors
        if not report.ok:
            return self._failed(report, started)
        self._unswept += 1
        if not self.defer_whole_site or self._unswept >= SWEEP_EVERY:
            self._sweep()
        if self.defer_whole_site:
            self.readers()  # a session's next run is an edit: made now, not after the save
        report.seconds = time.perf_counter() - started
        self.problems = report.diagnostics
        return report

    def finish(self) -> BuildReport:
        """Render the pages left for later (`serve`'s whole-site files) and write them."""
        report = BuildReport()
        if self._unswept:
            self._sweep()
        if not self.deferred or self.site is None:
            return report
        diags = Diagnostics()
        pending, self.deferred = self.deferred, set()
        recorder = Recorder(self.keys)
        self.env.recorder = recorder
        reads = SiteReads(self.site, recorder, self.memos, set(), static=self.theme[2])
        try:
            rendered = self._render_pages(
                RenderContext(reads, self.env, KINDS), sorted(pending), diags, report
            )
        except InternalError:
            self.writer.abort()
            self.deferred |= pending
            raise
        if not rendered:
            self.writer.abort()
            self.deferred |= pending
            report.ok, report.diagnostics = False, diags.sorted()
            return report
        self.memos = {**self.memos, **reads.memos}
        self._commit(report, diags)
        report.diagnostics = diags.sorted()
        return report

    def _read_and_anchor(self, diags: Diagnostics, changed: set[Path] | None) -> Site:
        options = self.options
        self.cache.trust_all_but(None if self.site is None else changed)
        try:
            site = read_site(
                options.root,
                diags,
                self.cache,
                drafts=options.drafts,
                base_url=options.base_url,
                jobs=self._jobs(),
            )
        finally:
            self.cache.trust_all_but(None)
        anchors, orphans = anchor_notes(
            site.sources,
            site.notes,
            diags,
            self.cache,
            orphans_allowed=options.orphans_allowed,
            strict=options.strict,
        )
        # (their problems told; what they anchor is not kept: they are not built)
        anchor_notes(site.sources, site.held_back, diags, self.cache, strict=options.strict)
        return dataclasses.replace(site, anchors=tuple(anchors), orphans=tuple(orphans))

    def _jobs(self) -> int:
        """Processes to fork for work that splits: a `build`'s (`serve` runs threads, which a
        fork would copy mid-step), where the platform forks."""
        return self.options.jobs if isinstance(self.writer, StagedWriter) else 1

    def _analyse(self, site: Site, diags: Diagnostics) -> None:
        with processing("the checks of the site"):
            check_site(site, diags, self.cache)
            if self.site is not None or self.last_site is not None:
                compare_with_site(self.site or self.last_site, site, diags)
                self.last_site = None  # compared once: not held through the rest of the build
            elif self.previous_build is not None and (self.previous_build / MANIFEST).is_file():
                compare_with_build(self.previous_build, site, diags)

    def _report(self, site: Site, diags: Diagnostics) -> BuildReport:
        report = BuildReport(
            diagnostics=diags.sorted(),
            notes=len(site.notes),
            sources=len(site.sources),
            orphans=len(site.orphans),
            base_url=site.settings.base_url,
        )
        for anchor in site.anchors:
            report.methods[anchor.method] = report.methods.get(anchor.method, 0) + 1
        report.ok = not diags.errors and not (self.options.strict and diags.warnings)
        return report

    def _failed(self, report: BuildReport, started: float) -> BuildReport:
        self._stop_indexing()
        self.writer.abort()
        report.ok = False
        report.seconds = time.perf_counter() - started
        self.problems = report.diagnostics
        return report

    # -- the theme ----------------------------------------------------------------------------

    def _theme(self) -> tuple[tuple[Path, ...], dict[str, str], dict[str, bytes]]:
        folders = theme_folders(self.options.root)
        return folders, template_files(folders), static_files(folders)

    def _theme_changes(self, theme) -> set[Key]:
        """The theme's files that differ from the last build's, by name and content: when the
        site gains or loses its own templates/, each file of one theme is compared with the
        other's (a stylesheet of the same name but other bytes is a change)."""
        folder, templates, static = theme
        if self.theme is None:
            return {("template", n) for n in templates} | {("static",)}
        old_folder, old_templates, old_static = self.theme
        return file_changes("template", old_templates, templates) | file_changes(
            "static", old_static, static
        )

    # -- rendering ------------------------------------------------------------------------------

    def _render(self, site: Site, theme, diags: Diagnostics, report: BuildReport) -> bool:
        first = self.site is None
        theme_changed = self._theme_changes(theme)
        recorder = Recorder(self.keys)
        moved = self.theme is not None and self.theme[0] != theme[0]  # templates/ came or went
        templates_changed = moved or any(key[0] == "template" for key in theme_changed)
        settings = site.settings
        with processing("the theme's words (templates/locale)"):
            words, problems = theme_words(
                theme[0], theme[1], settings.language, self.options.root, settings.language_line
            )
        diags.items.extend(problems)
        if any(problem.severity == "error" for problem in problems):
            return False
        if first or templates_changed or self.env is None or self.env.words != words:
            env = environment(theme[0], recorder, self.template_cache, words)
            # Unchanged templates were checked by the build that kept them.
            problems = (
                check_templates(env, list(theme[1]), self.options.root)
                if first or templates_changed
                else []
            )
            if problems:
                diags.items.extend(problems)
                return False
        else:
            env = self.env
            env.recorder = recorder
        changed = set() if first else self._site_changes(site) | theme_changed
        reads = SiteReads(site, recorder, self.memos, changed, static=theme[2])
        ctx = RenderContext(reads, env, KINDS)
        try:
            with processing("the list of pages", (TemplateError,)):
                reads.refresh()  # derived values made again where their inputs changed
                specs, clashes = collect_specs(ctx, KINDS)
        except TemplateError as exc:
            diags.items.append(template_diagnostic(exc, env, self.options.root))
            return False
        if clashes:
            diags.items.extend(clashes)
            return False
        dirty = self._dirty(specs, changed, first)
        kinds_by_name = {kind.name: kind for kind in KINDS}
        later = {
            p for p in dirty if self.defer_whole_site and kinds_by_name[specs[p].kind].deferred
        }
        now = [p for p in specs if p in dirty and p not in later]
        if self._forks(now):
            rendered = self._render_forked(ctx, now, diags, report, specs)
        else:
            now, written = self._index_as_written(specs, now)
            rendered = self._render_pages(ctx, now, diags, report, specs, written)
        if not rendered:
            return False
        gone = [p for p in self.specs if p not in specs]
        for path in gone:
            self.writer.remove(path)
            self._forget(path)
        report.removed = gone
        report.pages = sum(1 for p in specs if p.endswith(".html"))
        self.site, self.memos, self.specs = site, reads.memos, specs
        self.theme, self.env = theme, env
        self.deferred = (self.deferred & set(specs)) | later
        self._commit(report, diags)
        return True

    # -- rendering in several processes ---------------------------------------------------

    def _forks(self, paths: list[str]) -> bool:
        """Whether to split the pages between processes: a staged build of many pages, with
        more than one job, where processes can be forked."""
        return self._jobs() > 1 and len(paths) >= FORK_PAGES and CAN_FORK

    def _render_forked(
        self,
        ctx: RenderContext,
        paths: list[str],
        diags: Diagnostics,
        report: BuildReport,
        specs: dict[str, PageSpec],
    ) -> bool:
        """Render `paths` in `jobs` forked processes, each writing its share of the pages into
        the staging folder and sending back what each page read and the values it derived."""
        self.writer.folder()  # made before the fork, so every process writes into it
        jobs = self.options.jobs
        shards = self._early_shards(specs, paths)
        shares = [{n: pages for n, pages in shards.items() if n % jobs == p} for p in range(jobs)]
        queue = _PageQueue(_whole_site_first(paths, shards, specs))
        parts = fork_map(partial(_render_share, self, ctx, specs, queue), shares, jobs)
        for part in parts:
            diags.items.extend(part["diagnostics"])
        if any(not part["ok"] for part in parts):
            return False
        self.indexer = search_index.ShardIndexer(self.writer.folder(), jobs)
        # The processes waited for their shards side by side: the longest wait is the index's.
        report.index_seconds = max(part["index_seconds"] for part in parts)
        for part in parts:
            self.indexer.started.update(part["indexed"])
            if part["index_problem"]:
                diags.warning("build", 0, part["index_problem"])
            self.writer.written.update(part["written"])
            ctx.reads.memos.update(part["memos"])
            for path, keys in part["reads"].items():
                self._remember(path, tuple(self.keys.setdefault(k, k) for k in keys))
        report.rendered += paths
        return True

    def _stop_indexing(self) -> None:
        if self.indexer is not None:
            self.indexer.stop()
            self.indexer = None

    def _early_shards(self, specs: dict[str, PageSpec], now: list[str]):
        """The shards of the search index that can be indexed as soon as their last page is
        written, while the rest renders: all of them in a build from nothing, else none."""
        writer = self.writer
        if not (self.options.search_index and isinstance(writer, StagedWriter)) or writer.reuse:
            return {}
        shards = search_index.plan(search_index.searchable(specs, SEARCHABLE))
        if not search_index.available() or not set().union(*shards.values()) <= set(now):
            return {}
        return shards

    def _index_as_written(self, specs: dict[str, PageSpec], now: list[str]):
        """The pages to render, shard by shard first, and what to call after each is written
        (it starts each shard's index once its pages are written)."""
        self.indexer = None
        shards = self._early_shards(specs, now)
        if not shards:
            return now, None
        jobs = self.options.jobs
        self.indexer = search_index.ShardIndexer(self.writer.folder(), jobs)
        _write_for(self.indexer, self.writer, shards)
        return _shard_order(shards, now), _starter(self.indexer, shards, max(1, jobs - 1))

    def _site_changes(self, site: Site) -> set[Key]:
        columns: dict[str, set[str]] = {name: set() for name in COLLECTIONS}
        read = self._read_keys().union(*(memo.keys for memo in self.memos.values()))
        for key in read:
            if len(key) == 2 and key[0] in COLLECTIONS:
                columns[key[0]].add(key[1])
        return site_changes(self.site, site, columns)

    def _dirty(self, specs: dict[str, PageSpec], changed: set[Key], first: bool) -> set[str]:
        if first:
            return set(specs)
        dirty = {p for p, spec in specs.items() if self.specs.get(p) != spec}
        readers = self.readers() if changed else {}
        for key in changed:
            dirty |= readers.get(key, set())
        dirty |= self.deferred
        if getattr(self.writer, "reuse", False):  # a file gone from the previous build
            dirty |= {p for p in specs if p not in dirty and not self.writer.reused(p)}
        return dirty & set(specs)

    def _sweep(self) -> None:
        """Forget what the site no longer needs: cache entries the last runs did not use, and
        derived values no page uses. `serve` does this when the editor pauses (`finish`), or
        after many rebuilds without a pause, not between a save and its reload."""
        self._unswept = 0
        self.cache.sweep()
        self._sweep_derived()
        if self.defer_whole_site:  # a session: its garbage collected here, all at once
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def _sweep_derived(self) -> None:
        """Keep only the derived values some page still uses (directly or through another)."""
        wanted = [key for key in self._read_keys() if key[0] == "derived"]
        kept: dict[Key, Memo] = {}
        while wanted:
            key = wanted.pop()
            if key in kept or key not in self.memos:
                continue
            kept[key] = self.memos[key]
            wanted += kept[key].derived
        self.memos = {key: memo for key, memo in self.memos.items() if key in kept}

    def _render_pages(
        self,
        ctx: RenderContext,
        paths: Iterable[str],
        diags: Diagnostics,
        report: BuildReport,
        specs: dict[str, PageSpec] | None = None,
        written: Callable[[str], None] | None = None,
    ) -> bool:
        """Render `paths` and hand each to the writer, recording what each read (and telling
        `written` of each page written)."""
        specs = specs or self.specs
        kinds_by_name = {kind.name: kind for kind in KINDS}
        reads: dict[str, tuple] = {}
        recorder = ctx.reads.recorder
        for path in paths:
            spec = specs[path]
            kind: PageKind = kinds_by_name[spec.kind]
            try:
                with processing(f"the page {path}", (TemplateError,)), recorder.recording() as keys:
                    data = kind.render(ctx, spec)
            except TemplateError as exc:
                diags.items.append(template_diagnostic(exc, ctx.env, self.options.root))
                return False
            self.writer.write(path, data)
            reads[path] = tuple(keys)
            if written is not None:
                written(path)
        for path, keys in reads.items():
            self._remember(path, keys)
        report.rendered += list(reads)  # the pages rendered, in order
        return True

    def _remember(self, path: str, keys: tuple) -> None:
        self._forget(path)
        self.reads_of[path] = keys
        if self._readers is not None:
            _index(self._readers, path, keys)

    def _forget(self, path: str) -> None:
        keys = self.reads_of.pop(path, ())
        if self._readers is None:
            return
        for key in keys:
            readers = self._readers.get(key)
            if readers is not None:
                readers.discard(path)
                if not readers:
                    del self._readers[key]

    def readers(self) -> dict[Key, set[str]]:
        """Key -> the pages that read it."""
        if self._readers is None:
            self._readers = {}
            for path, keys in self.reads_of.items():
                _index(self._readers, path, keys)
        return self._readers

    def _read_keys(self) -> set[Key]:
        """Every key some page read."""
        if self._readers is not None:
            return set(self._readers)
        return set().union(*self.reads_of.values())

    def _commit(self, report: BuildReport, diags: Diagnostics) -> None:
        written = set(getattr(self.writer, "written", ()))

        def index(folder: Path, link: Callable) -> None:
            """The shards whose pages changed indexed again: each as soon as its pages are in
            the staging folder, while the rest of the unchanged pages are taken."""
            shards = self._search_plan()
            indexer = self.indexer or search_index.ShardIndexer(folder, self.options.jobs)
            again = {
                n: pages
                for n, pages in shards.items()
                if n in indexer.started
                or pages != self.search_shards.get(n)
                or written.intersection(pages)
                or not self.writer.keep_folder(search_index.shard_folder(n), n == 0)
            }
            started = time.perf_counter()
            for n in sorted(again.keys() - indexer.started):
                link(again[n])
                indexer.add(n, again[n])
            link()
            problem = indexer.finish() if again else ""
            report.index_seconds += time.perf_counter() - started
            self.indexer = None
            if problem:
                diags.warning("build", 0, problem)
            self.search_shards = shards

        listing = manifest(list(self.specs), self.options.search_index)
        if isinstance(self.writer, StagedWriter):
            _tell_pages_gone(self.writer.out, listing, self.specs, diags)
            if self._unchanged(written, report, listing):
                self.writer.abort()  # the output folder already holds exactly this build
                return
            finish = index if self.options.search_index else None
            self.writer.commit(listing, list(self.specs), finish)
        else:  # each file replaced on its own: what changed is known once it is written
            self.writer.commit(listing, list(self.specs))
            written = set(getattr(self.writer, "written", ()))
        report.written = sorted(written)
        report.removed = list(getattr(self.writer, "deleted", report.removed))
        self.unindexed.update(report.written, report.removed)

    def _unchanged(self, written: set[str], report: BuildReport, listing: bytes) -> bool:
        previous = self.writer.out / MANIFEST
        return (
            self.writer.reuse
            and not written
            and not report.removed
            and previous.is_file()
            and previous.read_bytes() == listing
        )

    def _search_plan(self) -> dict[int, tuple[str, ...]]:
        return search_index.plan(search_index.searchable(self.specs, SEARCHABLE))

    def index_for_search(self, folder: Path) -> str:
        """The search index, whole (`serve`, after its first build); returns a problem, or
        "". Afterwards `search_job` indexes only what changed."""
        shards = self._search_plan()
        problem = search_index.index_shards(folder, shards, self.options.jobs)
        if not problem:
            self.search_shards, self.unindexed = shards, set()
        return problem

    def search_job(self) -> tuple[list[str], bytes, Callable[[], None]] | None:
        """For `serve`: the command (and its input) that indexes again the shards whose pages
        changed since they were indexed, in a process of its own, and what to call once it has
        succeeded; None when the index is up to date."""
        if not (self.options.search_index and self.writer.out and search_index.available()):
            return None
        shards = self._search_plan()
        due = {
            n: pages
            for n, pages in shards.items()
            if pages != self.search_shards.get(n) or self.unindexed.intersection(pages)
        }
        if not due:
            return None
        pending = set(self.unindexed)

        def done() -> None:
            self.search_shards = {n: self.search_shards.get(n, ()) for n in shards} | due
            self.unindexed -= pending

        return (*search_index.command(self.writer.out, due), done)


def _index(readers: dict[Key, set[str]], path: str, keys: tuple) -> None:
    for key in keys:
        found = readers.get(key)
        if found is None:
            readers[key] = {path}
        else:
            found.add(path)


# `serve` sweeps its memory when the editor pauses, or after this many rebuilds without a pause.
SWEEP_EVERY = 5
# A build of at least this many pages renders in forked processes (`--jobs`).
FORK_PAGES = 2000
# The kinds of page the search index reads (those that carry searchable text).
SEARCHABLE = frozenset(kind.name for kind in KINDS if kind.searchable)


def _tell_pages_gone(
    out: Path, listing: bytes, specs: dict[str, PageSpec], diags: Diagnostics
) -> None:
    """A note naming the pages of the last build (in `out`) that this one (whose manifest is
    `listing`) does not make: the addresses readers and other sites may have linked to."""
    with contextlib.suppress(OSError):
        if (out / MANIFEST).read_bytes() == listing:
            return  # the same pages: nothing to read (an unchanged rebuild does no more)
    gone = [
        path
        for path in files_in_manifest(out)
        if path.endswith(urls.INDEX)
        and path not in specs
        and not path.startswith(urls.SEARCH_INDEX)
    ]
    if not gone:
        return
    shown = ", ".join(f"/{path[: -len(urls.INDEX)]}" for path in gone[:5])
    more = f" and {len(gone) - 5} more" if len(gone) > 5 else ""
    advice = [told for folder, told in _KEEP_ADDRESS if any(p.startswith(folder) for p in gone)]
    diags.info(  # told, not a warning: `--strict` could never build the site again
        "build",
        0,
        f"{len(gone)} page(s) of the last build are gone: {shown}{more}; links to them break",
        "; ".join(advice),
    )


# How a page keeps its address when what it shows is renamed.
_KEEP_ADDRESS = (
    (
        urls.CLAIMS,
        "a renamed note keeps its old address with `aliases: [old-id]` in its front matter",
    ),
    (
        urls.SOURCES,
        "a renamed seed keeps its id, and its address, with `id: old-id` in its metadata",
    ),
)


def _shard_order(shards: dict[int, tuple[str, ...]], paths: list[str]) -> list[str]:
    in_shards = [page for n in sorted(shards) for page in shards[n]]
    placed = set(in_shards)
    return in_shards + [p for p in paths if p not in placed]


def _starter(indexer, shards: dict[int, tuple[str, ...]], at_once: int) -> Callable[[str], None]:
    """What to call after each page is written: it starts a shard once its pages are all
    written (`at_once` shards at a time, while rendering goes on), and a waiting shard as soon
    as a running one is done."""
    left = {n: len(pages) for n, pages in shards.items()}
    shard_of = {page: n for n, pages in shards.items() for page in pages}

    def written(path: str) -> None:
        shard = shard_of.get(path)
        if shard is not None:
            left[shard] -= 1
            if not left[shard]:
                indexer.add(shard, shards[shard], at_once=at_once)
                return
        indexer.poll()

    return written


def _write_for(indexer, writer: StagedWriter, shards: dict[int, tuple[str, ...]]) -> None:
    """Have `writer` write each page of `shards` where `indexer` will read it."""
    writer.aside = {page: indexer.lay_out(n) for n, pages in shards.items() for page in pages}


def _whole_site_first(
    paths: list[str], shards: dict[int, tuple[str, ...]], specs: dict[str, PageSpec]
) -> list[str]:
    """The pages of no shard, the whole-site files (open data, feeds, sitemaps: the longest to
    render, and longer the larger the site) first: taken first, they leave the short pages to
    even out the processes' ends."""
    in_shards = {page for pages in shards.values() for page in pages}
    whole_site = {kind.name for kind in KINDS if kind.deferred}
    rest = [p for p in paths if p not in in_shards]
    return sorted(rest, key=lambda p: specs[p].kind not in whole_site)


class _PageQueue:
    """Pages that forked processes take, a few at a time, as each is free: a process whose
    pages went faster takes more of them, instead of waiting for the others at the end."""

    TAKEN_AT_ONCE = 16

    def __init__(self, pages: list[str]):
        self.pages = pages
        self._next = multiprocessing.get_context("fork").Value("q", 0)  # shared by the forks

    def __iter__(self) -> Iterator[str]:
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + self.TAKEN_AT_ONCE
            if start >= len(self.pages):
                return
            yield from self.pages[start : start + self.TAKEN_AT_ONCE]


def _render_share(
    engine: Engine, ctx: RenderContext, specs, queue: _PageQueue, shards: dict
) -> dict:
    """In a forked process: render the pages of the shards of the search index given to it,
    indexing each shard once its pages are written, then pages taken from `queue` until no
    page is left."""
    known = set(ctx.reads.memos)
    diags, report = Diagnostics(), BuildReport()
    result = {"ok": False, "diagnostics": [], "written": [], "reads": {}}
    result.update(memos={}, indexed=sorted(shards), index_problem="", index_seconds=0.0)
    indexer = search_index.ShardIndexer(engine.writer.folder(), 1)
    _write_for(indexer, engine.writer, shards)
    try:
        written = _starter(indexer, shards, 1) if shards else None
        pages = itertools.chain(_shard_order(shards, []), queue)
        result["ok"] = engine._render_pages(ctx, pages, diags, report, specs, written)
        waited = time.perf_counter()
        result["index_problem"] = indexer.finish()
        result["index_seconds"] = time.perf_counter() - waited
    except BaseException:  # a bug, or the build is being stopped
        indexer.stop()
        raise
    mine = report.rendered
    result["diagnostics"] = diags.items
    result["written"] = sorted(engine.writer.written.intersection(mine))
    result["reads"] = {path: engine.reads_of[path] for path in mine if path in engine.reads_of}
    result["memos"] = portable({k: m for k, m in ctx.reads.memos.items() if k not in known})
    return result


def build(
    options: BuildOptions, progress: Callable[[str], None] = lambda stage: None
) -> BuildReport:
    """Build the site into its output folder, or raise BuildFailed with every problem; the
    previous output stays whole if so. `progress` hears each stage as it starts."""
    check_output_folder(options.output, options.root, options.force)
    engine = Engine(options, StagedWriter(options.output), previous_build=options.output)
    disk = DiskCache.for_site(options.root, options.cache_dir) if options.cache else None
    if disk is not None:
        progress("Reading the cache")
        engine.warm_up(disk)
    progress("Reading, anchoring and rendering")
    with collector_relaxed():
        report = engine.run()
    if not report.ok:
        raise BuildFailed(report.diagnostics)
    if disk is not None:
        engine.save(disk, report)
    return report


def check(options: BuildOptions) -> tuple[Engine, BuildReport]:
    """Everything `build` does, every page rendered in memory, nothing written (the cache's
    reads are used, never written)."""
    engine = Engine(options, NullWriter(), previous_build=options.output)
    if options.cache:
        engine.warm_up(DiskCache.for_site(options.root, options.cache_dir), pages=False)
    with collector_relaxed():
        return engine, engine.run()

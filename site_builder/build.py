"""The pipeline, top-down: read seeds -> read notes -> anchor quotes -> cross-reference and
render -> write. Nothing is rendered before everything is read and checked."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .anchoring import anchor_notes
from .cache import ReadCache
from .config import load_settings
from .contents import Site
from .diagnostics import BuildFailed, Diagnostic, Diagnostics
from .feeds import previous_verdicts
from .links import check_links
from .notes import read_entities, read_notes, read_pages
from .publishing import check_publishing, check_verdict_changes
from .readers import read_sources
from .render import Renderer
from .search_index import build_search_index
from .seed_changes import previous_anchoring, report_seed_changes
from .writer import check_output_folder, write_site

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None
    drafts: bool = False
    orphans_allowed: bool = False
    strict: bool = False
    force: bool = False
    base_url: str | None = None

    @property
    def output(self) -> Path:
        return self.out if self.out is not None else self.root / "build"


@dataclass
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    notes: int = 0
    sources: int = 0
    methods: dict[str, int] = field(default_factory=dict)
    orphans: int = 0
    seconds: float = 0.0


def load_site(options: BuildOptions, diags: Diagnostics, cache: ReadCache | None = None) -> Site:
    """Read and check everything: settings, seeds, entities, notes, pages; anchor every quote.
    With a `cache` (the `serve` loop), files unchanged since the last call are not read again."""
    root = options.root
    if cache is None:
        settings = load_settings(root, diags)
        entities = read_entities(root, diags)
        pages = read_pages(root, diags)
    else:
        content = root / "content"
        settings = dict(
            cache.read(
                ("settings",),
                (str(content / "site.yaml"),),
                lambda d: load_settings(root, d),
                diags,
            )
        )
        entities = cache.read(
            ("entities",),
            (str(content / "entities.yaml"),),
            lambda d: read_entities(root, d),
            diags,
        )
        page_files = tuple(sorted(str(p) for p in (content / "pages").glob("*.md")))
        pages = cache.read(("pages", page_files), page_files, lambda d: read_pages(root, d), diags)
    if options.base_url:
        settings["base_url"] = options.base_url.rstrip("/") + "/"
    sources = read_sources(root, settings, diags, cache)
    notes = read_notes(
        root,
        settings["verdicts"],
        {s.id for s in sources},
        {e.id for e in entities},
        diags,
        drafts=options.drafts,
        cache=cache,
    )
    anchors, orphans = anchor_notes(
        sources,
        notes,
        diags,
        orphans_allowed=options.orphans_allowed,
        strict=options.strict,
        cache=cache,
    )
    site = Site(
        root=str(root),
        settings=settings,
        sources=tuple(sources),
        notes=tuple(notes),
        entities=tuple(entities),
        pages=tuple(pages),
        anchors=tuple(anchors),
        orphans=tuple(orphans),
    )
    check_publishing(site, diags)
    return site


def templates_folder(root: Path) -> Path:
    """The site's own templates/ if it has one, else the default theme shipped with the tool."""
    own = root / "templates"
    return own if (own / "base.html").is_file() else DEFAULT_TEMPLATES


def build(
    options: BuildOptions, progress: Callable[[str], None] = lambda stage: None
) -> BuildReport:
    """Build the site, or raise BuildFailed with every problem; the old output stays if so.
    `progress` hears each stage as it starts (the command line shows it)."""
    started = time.perf_counter()
    check_output_folder(options.output, options.root, options.force)
    diags = Diagnostics()
    progress("Reading seeds and notes, anchoring quotes")
    site = load_site(options, diags)
    compare_with_previous_build(options.output, site, diags)
    if diags.errors or (options.strict and diags.warnings):
        raise BuildFailed(diags.sorted())
    templates = templates_folder(options.root)
    progress(f"Rendering the pages of {len(site.sources)} sources and {len(site.notes)} notes")
    files = Renderer(site, templates).render_all()
    progress(f"Writing {len(files)} files")

    def index_for_search(folder: Path) -> None:
        progress("Indexing the pages for search")
        problem = build_search_index(folder)
        if problem:
            diags.warning("build", 0, problem)

    write_site(options.output, files, templates / "static", finish=index_for_search)
    report = BuildReport(
        diagnostics=diags.sorted(),
        pages=sum(1 for path in files if path.endswith(".html")),
        notes=len(site.notes),
        sources=len(site.sources),
        orphans=len(site.orphans),
        seconds=time.perf_counter() - started,
    )
    for anchor in site.anchors:
        report.methods[anchor.method] = report.methods.get(anchor.method, 0) + 1
    return report


def check(options: BuildOptions, links: bool = False) -> tuple[Site, list[Diagnostic]]:
    """Read, validate and anchor everything; with `links`, also render into a temporary folder
    (never the output folder) and check every internal link. Writes nothing the user keeps."""
    diags = Diagnostics()
    site = load_site(options, diags)
    compare_with_previous_build(options.output, site, diags)
    if links and not diags.errors:
        with tempfile.TemporaryDirectory(prefix="site-builder-check-") as scratch:
            out = Path(scratch) / "site"
            templates = templates_folder(options.root)
            write_site(out, Renderer(site, templates).render_all(), templates / "static")
            base_path = urlsplit(site.settings["base_url"]).path or "/"
            diags.items.extend(check_links(out, base_path))
    return site, diags.sorted()


def compare_with_previous_build(out: Path, site: Site, diags: Diagnostics) -> None:
    """What changed since the build in `out`: seed texts (moved highlights) and verdicts."""
    report_seed_changes(
        lambda source_id: previous_anchoring(out, source_id),
        list(site.sources),
        list(site.notes),
        list(site.anchors),
        diags,
    )
    previous_csv = out / "claims.csv"
    if previous_csv.is_file():
        check_verdict_changes(site, previous_verdicts(previous_csv.read_bytes()), diags)

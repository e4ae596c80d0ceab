"""Reading a site: settings, seeds, entities, claim notes and content pages, each file read once
and kept in the cache while it is unchanged. Nothing is anchored or rendered here."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import urlsplit

from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import Site
from ..settings import SETTINGS_PATH, Settings, load_settings
from .entities import read_entities
from .fields import id_like, id_problem, markdown_files, not_the_sites
from .media import read_media
from .notes import collect_notes, note_requests
from .pages import read_pages
from .seeds import collect_sources, ids_without_seed, source_requests


def read_site(
    root: Path,
    diags: Diagnostics,
    cache: BuildCache,
    drafts: bool = False,
    base_url: str | None = None,
    jobs: int = 1,
) -> Site:
    """Everything in the site's folders, read and validated (not yet anchored); seeds and notes
    read in `jobs` processes where there are many to read."""
    content = root / "content"
    settings_file = str(root / SETTINGS_PATH)
    before = len(diags.errors)
    settings: Settings = (
        cache.read(("settings",), (settings_file,), lambda d: load_settings(root, d), diags)
        or Settings()
    )
    settings = settings.with_base_url(base_url)
    _check_cname(settings, diags)
    # While the settings have errors of their own (the verdict scale among them, perhaps),
    # notes are not told that their verdict is not on the scale: those errors come first.
    verdicts = settings.verdict_labels if len(diags.errors) == before else None
    entities_file = str(content / "entities.yaml")
    before = len(diags.errors)
    entities = (
        cache.read(("entities",), (entities_file,), lambda d: read_entities(root, d), diags) or []
    )
    # While entities.yaml has errors of its own, notes are not told that what they name is not
    # in it: those errors come first, not after one per note.
    entity_ids = {e.id for e in entities} if len(diags.errors) == before else None
    page_files = tuple(markdown_files(content / "pages"))
    pages = (
        cache.read(
            ("pages", page_files),
            page_files or (str(content / "pages"),),
            lambda d: read_pages(root, page_files, d),
            diags,
        )
        or []
    )
    _unread_content(content, diags)
    # Seeds and notes are read side by side: a note's references to sources, entities and
    # verdicts are checked once all is read.
    seeds = source_requests(root, settings, diags)
    read = cache.read_all(seeds + note_requests(root), diags, jobs)
    sources = collect_sources(read[: len(seeds)], diags)
    # While a seed cannot be read, notes are not told that the source they quote is unknown:
    # the seed's error comes alone, not after one per note that quotes it.
    seeds_fail = any(d.path.startswith("seeds") for d in diags.errors)
    held_back: list = []
    notes = collect_notes(
        read[len(seeds) :],
        verdicts,
        None if seeds_fail else {s.id: s for s in sources},
        entity_ids,
        diags,
        drafts=drafts,
        without_seed=functools.cache(
            functools.partial(ids_without_seed, root)
        ),  # read on first need
        held_back=held_back,
    )
    return Site(
        root=str(root),
        settings=settings,
        sources=tuple(sources),
        notes=tuple(notes),
        entities=tuple(entities),
        pages=tuple(pages),
        media=read_media(root, diags, cache),
        held_back=tuple(held_back),
    )


def _check_cname(settings: Settings, diags: Diagnostics) -> None:
    """A custom domain that is not the host the site is built for: its pages name the other
    host in every address they give search engines and feeds. (GitHub Pages, published by a
    workflow, does not read the CNAME file: the domain is set in the repository's settings,
    and the workflow then builds with it.)"""
    host = urlsplit(settings.base_url).hostname
    if settings.cname and host and host != settings.cname.lower():
        diags.warning(
            SETTINGS_PATH,
            settings.cname_line,
            f"cname {settings.cname!r} is not the host of the site's address "
            f"{settings.base_url!r}: canonical links, the sitemap, the feeds and ClaimReview "
            f"name {host}",
            "set base_url to https://" + settings.cname.lower() + "/; on GitHub Pages published "
            "by its workflow, set the domain under Settings > Pages > Custom domain (the "
            "workflow then builds with it; it does not read the CNAME file)",
        )


def _renamed_markdown(name: str) -> str:
    """How to name a file of notes or pages that is not read so that it is: Markdown or text
    under another ending (`bridge.markdown`, `bridge.txt`, `bridge.md.txt`) renamed, anything
    else (a word processor's document) saved as text."""
    stem, _, suffix = name.rpartition(".")
    if suffix.lower() in ("txt", "text") and stem.lower().endswith(".md"):
        stem = stem[:-3]
    if id_problem(stem):  # the name is the id: one it can be (`Bridge.MD`: bridge.md)
        stem = id_like(stem)
    if stem and suffix.lower() in ("md", "markdown", "mdown", "txt", "text"):
        return f"rename it {stem}.md"
    return "a note or page is Markdown text, in a file whose name ends in '.md'"


def _unread_content(content: Path, diags: Diagnostics) -> None:
    """What an editor put in content/claims/ or content/pages/ that is not read: the folder
    being a file is an error; a subfolder, or any other file that does not end in `.md`
    (`Bridge.MD`, `bridge.markdown`, a note that a text editor saved as `bridge.md.txt`), a
    warning."""
    for name, what in (("claims", "claim notes"), ("pages", "pages")):
        folder = content / name
        if not folder.is_dir():
            if os.path.lexists(folder):
                diags.error(f"content/{name}", 0, f"not a folder: {what} go in a folder here")
            continue
        with os.scandir(folder) as entries:
            unread = sorted(
                e.name
                for e in entries
                if not not_the_sites(e.name)
                and (not e.name.endswith(".md") or e.is_dir(follow_symlinks=False))
            )
        for entry in unread:
            rel = f"content/{name}/{entry}"
            if entry.endswith(".md"):  # (a folder)
                diags.warning(
                    rel, 0, "not read: a folder, not a file", "a note or page is a Markdown file"
                )
            elif (folder / entry).is_dir():
                diags.warning(
                    rel, 0, f"{what} in a subfolder are not read", f"move them into content/{name}/"
                )
            else:
                diags.warning(
                    rel, 0, "not read: only files ending in '.md' are", _renamed_markdown(entry)
                )

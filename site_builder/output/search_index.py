"""The static search index: Pagefind, run over the pages that carry searchable text (it reads
the `data-pagefind-*` attributes the templates put on claim, source and content pages).

Pagefind has no incremental mode, so the index is cut into shards of at most about a thousand
pages (a power of two of them), each its own Pagefind bundle: `pagefind/` (which the search page
loads) and `pagefind/shards/<n>/` (which it merges in). A page's shard follows from its path and
the number of shards alone, so a rebuild indexes again only the shards whose pages changed, and
shards are indexed side by side.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..render.registry import PageSpec

INDEX_FOLDER = "pagefind"
SHARD_PAGES = 1000  # at most about this many pages a shard (at least about half as many)
# Pagefind's allocator (jemalloc) keeps blocks of up to 1 MiB in each thread's cache, instead of
# 32 KiB: each page it indexes takes and gives back a few hundred KiB (its compressor's tables),
# which otherwise go back to the system and are faulted in again, page by page. A setting of
# the user's own is kept; an allocator other than jemalloc ignores it.
ALLOCATOR_SETTINGS = {"_RJEM_MALLOC_CONF": "tcache_max:1048576"}


def searchable(specs: Mapping[str, PageSpec], kinds: Collection[str]) -> list[str]:
    """The output paths of the pages that carry searchable text: those of `kinds`."""
    return sorted(path for path, spec in specs.items() if spec.kind in kinds)


def shard_count(pages: int) -> int:
    """A power of two, so that the shards change only when their number doubles (each shard
    then splits in two): a site that grows by a page does not index every shard again."""
    return 1 << max(0, math.ceil(math.log2(max(1, pages) / SHARD_PAGES)))


def shard_folder(shard: int) -> str:
    return f"{INDEX_FOLDER}/" if shard == 0 else f"{INDEX_FOLDER}/shards/{shard}/"


def plan(pages: list[str]) -> dict[int, tuple[str, ...]]:
    """Shard -> its pages. A page's shard depends on its path and the number of shards only;
    pages added or removed change no other page's shard until the number of shards doubles.
    A site with no searchable page has no index (Pagefind makes none of nothing)."""
    if not pages:
        return {}
    count = shard_count(len(pages))
    shards: dict[int, list[str]] = {n: [] for n in range(count)}
    for page in pages:
        digest = hashlib.blake2b(page.encode(), digest_size=8).digest()
        shards[int.from_bytes(digest, "big") % count].append(page)
    return {n: tuple(found) for n, found in shards.items()}


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None and _executable() is not None


def index_shards(site: Path, shards: dict[int, tuple[str, ...]], jobs: int = 2) -> str:
    """Index each of `shards` (shard -> its pages, paths in `site`) into its folder under
    `site`, `jobs` at a time; returns a problem, or "" if none."""
    indexer = ShardIndexer(site, jobs)
    try:
        for shard, pages in sorted(shards.items()):
            indexer.add(shard, pages)
        return indexer.finish()
    finally:  # stopped (`serve` stops it when pages change): no working folder left behind
        indexer.stop()


class ShardIndexer:
    """Pagefind processes over shards, started as shards are ready (a build starts a shard as
    soon as its last page is written, and goes on rendering meanwhile)."""

    def __init__(self, site: Path, jobs: int):
        self.site = site
        self.jobs = max(1, jobs)
        self.started: set[int] = set()
        self._waiting: list[tuple[int, tuple[str, ...]]] = []
        self._running: list[tuple[int, tuple[str, ...], subprocess.Popen]] = []
        self._problems: list[str] = []
        self._work: Path | None = None
        self._laid_out: set[int] = set()
        self._at_once = self.jobs

    def lay_out(self, shard: int) -> str:
        """Where to write `shard`'s pages (each at its path under it) for Pagefind to read
        them there; once indexed, they move to their place in the site. Each page's folder is
        made once, not a second time for a link to it (on some disks, making a folder costs
        more than Pagefind's work on its page)."""
        self._laid_out.add(shard)
        return os.path.join(self._work_folder(), str(shard), "")

    def _work_folder(self) -> Path:
        if self._work is None:  # beside the pages: hard links and moves need one disk
            self._work = Path(tempfile.mkdtemp(prefix=".index-", dir=self.site))
        return self._work

    def add(self, shard: int, pages: tuple[str, ...], at_once: int | None = None) -> None:
        """Index `shard` when a process is free (`at_once` of them, default `jobs`)."""
        self.started.add(shard)
        self._waiting.append((shard, pages))
        self._at_once = self.jobs if at_once is None else max(1, at_once)
        self._start_waiting(self._at_once)

    def poll(self) -> None:
        """Start a waiting shard if a running one has finished (called as pages are written,
        so that no shard waits for the rendering to end while a process is free)."""
        if self._waiting and any(p.poll() is not None for _, _, p in self._running):
            self._start_waiting(self._at_once)

    def finish(self) -> str:
        """Wait for every shard; returns a problem, or "" if none."""
        try:
            if not available():
                return "pagefind is not installed: the site was built without its search index"
            while self._waiting or self._running:
                self._start_waiting(self.jobs)
                if not self._running:
                    continue
                shard, pages, process = self._running.pop(0)
                self._reap(shard, pages, process, process.communicate()[0])
            if self._problems:
                return "the search index could not be built: " + "; ".join(self._problems)
            return ""
        finally:
            if self._work is not None:
                shutil.rmtree(self._work, ignore_errors=True)

    def stop(self) -> None:
        """Stop every shard still being indexed (the build they were for failed)."""
        self._waiting = []
        for _, _, process in self._running:
            process.kill()
            process.communicate()
        self._running = []
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)

    def _start_waiting(self, at_once: int) -> None:
        if not available():
            return
        for running in list(self._running):
            if running[2].poll() is not None:
                self._running.remove(running)
                self._reap(*running, running[2].communicate()[0])
        while self._waiting and len(self._running) < at_once:
            shard, pages = self._waiting.pop(0)
            work = self._work_folder() / str(shard)
            if shard not in self._laid_out:
                _link_pages(self.site, work, pages)
            self._running.append((shard, pages, _start(self.site, work, shard)))

    def _reap(
        self, shard: int, pages: tuple[str, ...], process: subprocess.Popen, output: str
    ) -> None:
        if shard in self._laid_out:
            _move_pages(self._work_folder() / str(shard), self.site, pages)
        if process.returncode != 0:
            self._problems.append(f"shard {shard}: {(output or '').strip()[-300:]}")


def _link_pages(site: Path, work: Path, pages: tuple[str, ...]) -> None:
    """A folder holding (hard links to) just these pages of the site, for Pagefind: it reads
    no other page of the site, however many there are."""
    for page in pages:
        target = work / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copyfile(site / page, target)


def _move_pages(work: Path, site: Path, pages: tuple[str, ...]) -> None:
    """Move `pages`, written under `work`, to their place in `site`: a page's whole folder in
    one rename where the site has no such folder yet, else the page alone."""
    moved: set[str] = set()
    made: set[str] = set()
    work_base, site_base = os.path.join(work, ""), os.path.join(site, "")
    for page in sorted(pages, key=lambda p: p.count("/")):  # a folder before those in it
        folder = os.path.dirname(page)
        if any(f in moved for f in _folders_of(folder)):
            continue  # it moved with its folder
        parent = os.path.dirname(folder)
        if folder and parent not in made:
            os.makedirs(site_base + parent, exist_ok=True)
            made.add(parent)
        if folder:
            try:
                os.rename(work_base + folder, site_base + folder)
                moved.add(folder)
                continue
            except OSError:  # the site has this folder already
                os.makedirs(site_base + folder, exist_ok=True)
        os.replace(work_base + page, site_base + page)


def _folders_of(folder: str) -> list[str]:
    """`folder` and each folder above it."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def _start(site: Path, work: Path, shard: int) -> subprocess.Popen:
    """Pagefind over `work` (this shard's pages), into the shard's folder of the site."""
    work.mkdir(parents=True, exist_ok=True)
    command = [str(_executable()), "--site", str(work), "--output-path"]
    command += [str(site / shard_folder(shard)), "--quiet"]
    env = {**ALLOCATOR_SETTINGS, **os.environ}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )


@lru_cache(maxsize=1)
def _executable() -> Path | None:
    """Pagefind's own program (what `python -m pagefind` runs, found the way it finds it),
    started without a Python in front of it."""
    from pagefind.service import get_executable  # only when a search index is made

    return get_executable()


def command(site: Path, shards: dict[int, tuple[str, ...]]) -> tuple[list[str], bytes]:
    """The command, and what to send it, that indexes `shards` of `site` in its own process
    (for `serve`, which keeps answering meanwhile and stops it when pages change)."""
    data = json.dumps({"site": str(site), "shards": {str(n): list(p) for n, p in shards.items()}})
    return [sys.executable, "-m", "site_builder.output.search_index"], data.encode()


def _stopped(signum, frame) -> None:
    """Stop, removing the working folder on the way out (`serve` may ask more than once:
    the cleanup is not cut short by the next request)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _stopped)  # how `serve` stops the index it is making
    plan_ = json.loads(sys.stdin.read())
    shards = {int(n): tuple(pages) for n, pages in plan_["shards"].items()}
    problem = index_shards(Path(plan_["site"]), shards)
    if problem:
        print(problem, file=sys.stderr)
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())

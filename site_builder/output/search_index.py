"""The static search index: Pagefind, run over the pages that carry searchable text (it reads
the `data-pagefind-*` attributes the templates put on claim and source pages).

Pagefind has no incremental mode, so the index is cut into shards of about a thousand pages,
each its own Pagefind bundle: `pagefind/` (which the search page loads) and
`pagefind/shards/<n>/` (which it merges in). A page's shard follows from its path alone, so a
rebuild indexes again only the shards whose pages changed, and shards are indexed side by side.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

INDEX_FOLDER = "pagefind"
SHARD_PAGES = 1000  # about this many pages a shard


def searchable(paths, globs: tuple[str, ...]) -> list[str]:
    """The output paths that carry searchable text (those matching the kinds' globs)."""
    return sorted(p for p in paths if any(PurePosixPath(p).match(g) for g in globs))


def shard_count(pages: int) -> int:
    return max(1, math.ceil(pages / SHARD_PAGES))


def shard_folder(shard: int) -> str:
    return f"{INDEX_FOLDER}/" if shard == 0 else f"{INDEX_FOLDER}/shards/{shard}/"


def plan(pages: list[str]) -> dict[int, tuple[str, ...]]:
    """Shard -> its pages. A page's shard depends on its path and the number of shards only."""
    count = shard_count(len(pages))
    shards: dict[int, list[str]] = {n: [] for n in range(count)}
    for page in pages:
        digest = hashlib.blake2b(page.encode(), digest_size=8).digest()
        shards[int.from_bytes(digest, "big") % count].append(page)
    return {n: tuple(found) for n, found in shards.items()}


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def index_shards(site: Path, shards: dict[int, tuple[str, ...]], jobs: int = 2) -> str:
    """Index each of `shards` (shard -> its pages, paths in `site`) into its folder under
    `site`, `jobs` at a time; returns a problem, or "" if none."""
    if not available():
        return "pagefind is not installed: the site was built without its search index"
    work = Path(tempfile.mkdtemp(prefix=".index-", dir=site))  # hard links need one disk
    try:
        waiting = sorted(shards.items())
        running: list[tuple[int, subprocess.Popen]] = []
        problems: list[str] = []
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                shard, pages = waiting.pop(0)
                running.append((shard, _start(site, work / str(shard), shard, pages)))
            shard, process = running.pop(0)
            output, _ = process.communicate()
            if process.returncode != 0:
                problems.append(f"shard {shard}: {output.strip()[-300:]}")
        if problems:
            return "the search index could not be built: " + "; ".join(problems)
        return ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _start(site: Path, pages_folder: Path, shard: int, pages: tuple[str, ...]):
    """Pagefind over a folder holding (hard links to) just this shard's pages."""
    for page in pages:
        target = pages_folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copyfile(site / page, target)
    pages_folder.mkdir(parents=True, exist_ok=True)
    output = site / shard_folder(shard)
    command = [sys.executable, "-m", "pagefind", "--site", str(pages_folder)]
    command += ["--output-path", str(output), "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def command(site: Path, shards: dict[int, tuple[str, ...]]) -> tuple[list[str], bytes]:
    """The command, and what to send it, that indexes `shards` of `site` in its own process
    (for `serve`, which keeps answering meanwhile and stops it when pages change)."""
    data = json.dumps({"site": str(site), "shards": {str(n): list(p) for n, p in shards.items()}})
    return [sys.executable, "-m", "site_builder.output.search_index"], data.encode()


def main() -> int:
    plan_ = json.loads(sys.stdin.read())
    shards = {int(n): tuple(pages) for n, pages in plan_["shards"].items()}
    problem = index_shards(Path(plan_["site"]), shards)
    if problem:
        print(problem, file=sys.stderr)
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main())

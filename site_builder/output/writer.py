"""Writing the site: one writer interface, three strategies.

- `StagedWriter` (build): every file goes into a folder beside the output, swapped in whole
  when complete, so a failed or interrupted build leaves the previous site as it was. The files
  a build did not need to make again are hard links to the previous build's (copies where a
  link cannot be made), so an unchanged site is not written again.
- `FileWriter` (serve): the files of one rebuild are kept until it succeeds, then each is
  replaced on its own (a temporary file, then a rename), only when its bytes changed.
- `NullWriter` (check): discards everything.

All three finish with the same ownership manifest, listing every file the build made.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import urls

MANIFEST = ".site-builder-manifest.json"
# The process's file mode mask (read once, as only setting it tells it, before any thread).
UMASK = os.umask(0o022)
os.umask(UMASK)
WRITE_THREADS = 8  # `serve`: files written at once, when a rebuild changed many


# What marks a folder as a site's (its seeds, its content) or a repository's: an output folder
# is replaced whole, so one holding any of these is refused, --force or not.
NEVER_REPLACED = ("seeds", "content", ".git", ".hg", ".svn")


# The mark of a folder a build makes beside the output folder (staging the new site, or holding
# the previous one as it is deleted): a leftover is removed only if it is one.
LEFTOVER_MARK = ".site-builder-leftover"


class OutputRefused(Exception):
    """The output folder is one the tool must not replace."""


def check_output_folder(out: Path, root: Path, force: bool = False) -> None:
    """Refuse the site root, content/, seeds/, templates/, a folder holding one of them or
    inside one of them, and a non-empty folder that site-builder did not write, unless forced."""
    out, root = out.resolve(), root.resolve()
    inputs = [root / "content", root / "seeds", root / "templates"]
    if any(p.is_relative_to(out) for p in [root, *inputs]):
        raise OutputRefused(f"refusing to write the site into {out}: it holds the site's own files")
    for folder in inputs:
        if out.is_relative_to(folder):
            raise OutputRefused(
                f"refusing to write the site into {out}: it is inside {folder.name}/, "
                "whose files the build reads"
            )
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder")
    # The build is staged beside the output folder: the folder above it must be made, or be
    # one the build can write in.
    above = next(p for p in out.parents if p.exists())
    if not above.is_dir():
        raise OutputRefused(f"cannot make {out}: {above} is not a folder")
    if not os.access(above, os.W_OK):
        raise OutputRefused(f"cannot write the site there: {above} is not writable")
    ours = (out / MANIFEST).is_file()  # (a site's page may be called content/ or seeds/)
    held = [name for name in NEVER_REPLACED if not ours and os.path.lexists(out / name)]
    if held or out == Path.home().resolve():
        what = f"it holds {held[0]}/" if held else "it is your home folder"
        raise OutputRefused(
            f"refusing to replace {out}: {what}, which no build output does (--force "
            "replaces only a folder of output); choose another --out"
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file() and not force:
        raise OutputRefused(
            f"{out} is not empty and was not written by site-builder; "
            "choose another --out, empty it, or pass --force"
        )


def manifest(files: list[str], search_index: bool) -> bytes:
    """What a build wrote. The search index is listed as its folder: Pagefind names some of
    its files by content hashes that change from build to build (Pagefind issue #638)."""
    data = {
        "generator": "site-builder",
        "files": sorted(files),
        "folders": [urls.SEARCH_INDEX] if search_index else [],
    }
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def files_in_manifest(out: Path) -> list[str]:
    """The files a previous build listed in `out`'s manifest (none if unreadable)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = data.get("files") if isinstance(data, dict) else None
    # (a path outside the folder, "../x" or "/x", is none a build writes: never acted on)
    listed = files if isinstance(files, list) else []
    return [f for f in listed if isinstance(f, str) and urls.unsafe(f) is None]


class NullWriter:
    """`check`: renders everything, keeps nothing."""

    out: Path | None = None

    def write(self, path: str, data: bytes) -> None:
        pass

    def remove(self, path: str) -> None:
        pass

    def commit(
        self,
        manifest_bytes: bytes,
        paths: list[str] | None = None,
        finish: Callable[[Path, Callable], None] | None = None,
    ) -> None:
        pass

    def abort(self) -> None:
        pass


class StagedWriter:
    """`build`: a staging folder beside `out`, swapped in whole at `commit`. With `reuse`, the
    output folder holds the previous build of the same site, and every path `commit` lists but
    this build did not write is taken from it."""

    def __init__(self, out: Path, reuse: bool = False):
        self.out = out.resolve()
        self.reuse = reuse
        self.staging: Path | None = None
        self.written: set[str] = set()
        self.aside: dict[str, str] = {}  # page -> the folder it is written under instead
        self._made: set[str] = set()  # folders made

    def folder(self) -> Path:
        """The staging folder (made on first use)."""
        if self.staging is None:
            try:
                self.out.parent.mkdir(parents=True, exist_ok=True)
                _remove_leftovers(self.out)
                self.staging = Path(
                    tempfile.mkdtemp(prefix=f".{self.out.name}-new-", dir=self.out.parent)
                )
                (self.staging / LEFTOVER_MARK).touch()  # ours, should it be left behind
                # made private, it becomes the site: it takes the mode of any folder made
                self.staging.chmod(0o777 & ~UMASK)
            except OSError as exc:
                where = self.out.parent
                raise OutputRefused(f"cannot write the site in {where}: {exc.strerror}") from None
            self._made = set()
        return self.staging

    _folder = folder

    def write(self, path: str, data: bytes) -> None:
        """Write a file of the site, in the staging folder or (a page the search index reads
        before it takes its place, see `search_index.ShardIndexer.lay_out`) `aside`."""
        base = self.aside.get(path) or os.path.join(self.folder(), "")
        folder = base + os.path.dirname(path)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        with open(base + path, "wb") as handle:
            handle.write(data)
        self.written.add(path)

    def remove(self, path: str) -> None:
        pass  # the staging folder holds only what this build makes or keeps

    def reused(self, path: str) -> bool:
        """Whether `path` can be taken from the previous build as it is."""
        return self.reuse and os.path.isfile(os.path.join(self.out, path))

    def commit(
        self,
        manifest_bytes: bytes,
        paths: list[str] | None = None,
        finish: Callable[[Path, Callable], None] | None = None,
    ) -> None:
        """Take what this build did not write from the previous one, let `finish` add what is
        made from the pages (the search index), write the manifest, swap the folder in.
        `finish(staging, link)` can have some pages taken first: `link(pages)` takes those of
        `pages` not yet in the staging folder, `link()` all the rest."""
        staging = self._folder()
        wanted = [p for p in paths or () if p not in self.written]
        linked: set[str] = set()

        def link(pages: list[str] | tuple[str, ...] | None = None) -> None:
            chosen = wanted if pages is None else pages
            missing = [p for p in chosen if p not in linked and p not in self.written]
            _link_all(self.out, staging, missing)
            linked.update(missing)

        try:
            if finish is not None:
                finish(staging, link)
            link()
            (staging / MANIFEST).write_bytes(manifest_bytes)
            (staging / LEFTOVER_MARK).unlink(missing_ok=True)  # (the manifest marks it now)
            _swap_in(staging, self.out)
        except BaseException:
            self.abort()
            raise
        self.staging, self.written, self.aside = None, set(), {}

    def keep_folder(self, folder: str, shallow: bool = False) -> bool:
        """Take a folder (a shard of the search index) from the previous build, without its
        `shards/` subfolder if `shallow`; False if it is not there."""
        source = self.out / folder
        if not (self.reuse and source.is_dir()):
            return False
        paths = [
            p.relative_to(self.out).as_posix()
            for p in source.rglob("*")
            if p.is_file() and not (shallow and p.relative_to(source).parts[0] == "shards")
        ]
        _link_all(self.out, self._folder(), paths)
        return True

    def abort(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self.written, self._made, self.aside = set(), set(), {}


class FileWriter:
    """`serve`: each file replaced on its own, only when its bytes changed, once the rebuild
    that made it has succeeded."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.digests: dict[str, str] = {}  # what is on disk, by path
        self._pending: dict[str, bytes] = {}
        self._removed: set[str] = set()
        self._first = True

    def write(self, path: str, data: bytes) -> None:
        self._pending[path] = data
        self._removed.discard(path)

    def remove(self, path: str) -> None:
        self._pending.pop(path, None)
        self._removed.add(path)

    def abort(self) -> None:
        self._pending, self._removed = {}, set()

    def commit(
        self,
        manifest_bytes: bytes,
        paths: list[str] | None = None,
        finish: Callable[[Path, Callable], None] | None = None,
    ) -> None:
        """Apply the rebuild: changed files, removed files, the manifest."""
        self.out.mkdir(parents=True, exist_ok=True)
        if self._first:  # files a previous session listed and this one does not make
            listed = set(files_in_manifest(self.out))
            self._removed |= listed - set(self._pending) - set(self.digests)
            self._first = False
        self._pending[MANIFEST] = manifest_bytes
        pending, removed = self._pending, self._removed
        self._pending, self._removed = {}, set()
        changed = {}
        for path, data in sorted(pending.items()):
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if self.digests.get(path) != digest or not os.path.isfile(os.path.join(self.out, path)):
                changed[path] = (data, digest)
        # Many files at once (a page added to a long list moves every later page): written by
        # several threads, for most of the time goes to the file system, not to Python.
        pages = [path for path in changed if path != MANIFEST]
        if len(pages) > WRITE_THREADS:
            with ThreadPoolExecutor(WRITE_THREADS) as pool:
                list(pool.map(self._replace, pages, (changed[path][0] for path in pages)))
        else:
            for path in pages:
                self._replace(path, changed[path][0])
        if MANIFEST in changed:  # last: it lists what is in place
            self._replace(MANIFEST, manifest_bytes)
        for path, (_, digest) in changed.items():
            self.digests[path] = digest
        self.written = list(changed)
        self.deleted = [path for path in sorted(removed) if self._delete(path)]
        if finish is not None:
            finish(self.out, lambda pages=None: None)  # every file is in place already

    def _replace(self, path: str, data: bytes) -> None:
        target = os.path.join(self.out, path)
        folder, name = os.path.split(target)
        if not self._inside(folder):
            raise OutputRefused(f"not writing {path}: {folder} leads out of {self.out}")
        temporary = os.path.join(folder, f".{name}.tmp-{os.getpid()}")
        try:
            handle = open(temporary, "wb")
        except FileNotFoundError:  # the first file of a new folder
            os.makedirs(folder, exist_ok=True)
            handle = open(temporary, "wb")
        with handle:
            handle.write(data)
        os.replace(temporary, target)  # readers see the old file or the new, never half

    def _inside(self, folder: str | Path) -> bool:
        """Whether `folder` is the output folder or one in it, its symbolic links followed
        (a path with "..", or a folder that is a link, may lead out of it)."""
        real = os.path.realpath(folder)
        return real == str(self.out) or real.startswith(os.path.join(self.out, ""))

    def _delete(self, path: str) -> bool:
        target = self.out / path
        self.digests.pop(path, None)
        if not self._inside(target.parent) or not target.is_file():
            return False
        target.unlink()
        folder = target.parent
        while folder != self.out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
        return True


def _link_all(source: Path, target: Path, paths: list[str]) -> None:
    """Hard links in `target` to the files at `paths` in `source` (copies where a link cannot
    be made), as fast as the file system allows: thousands of unchanged pages each build."""
    made: set[str] = set()
    source_base, target_base = os.path.join(source, ""), os.path.join(target, "")
    for path in paths:
        folder = os.path.dirname(path)
        if folder and folder not in made:
            os.makedirs(target_base + folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source_base + path, target_base + path)
        except OSError:
            shutil.copy2(source_base + path, target_base + path)


def _link(source: Path, target: Path) -> None:
    """`target` becomes the same file as `source`: a hard link, else a copy (another disk)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _remove_leftovers(out: Path) -> None:
    """Staging folders of a build that was killed before it could clean up after itself: only
    those it made (marked, or holding a build), never another folder so named beside `out`."""
    for pattern in (f".{out.name}-new-*", f".{out.name}-old-*"):
        for leftover in out.parent.glob(pattern):
            if leftover.is_symlink() or not leftover.is_dir():
                continue
            if any((leftover / p).is_file() for p in (LEFTOVER_MARK, MANIFEST, f"site/{MANIFEST}")):
                shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    (retired / LEFTOVER_MARK).touch()
    try:  # both renames inside: Ctrl+C between them must not leave no site at all
        os.rename(out, retired / "site")
        os.rename(staging, out)
    except BaseException:
        if not out.exists() and (retired / "site").exists():
            os.rename(retired / "site", out)  # put the previous site back
        shutil.rmtree(retired, ignore_errors=True)
        raise
    _remove_in_background(retired)


def _remove_in_background(folder: Path) -> None:
    """Delete the previous build without waiting for it (thousands of files): by a process of
    its own where there is `rm`; what it leaves, the next build removes first."""
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(  # noqa: S603 (a fixed program on a folder this module made)
        [rm, "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

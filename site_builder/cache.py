"""The one cache of a site's builds: what was read from each file (kept while the file is
unchanged) and what anchoring found (kept by source text), passed explicitly to every stage.

A build starts with an empty cache; `serve` keeps one across its rebuilds. It stays bounded:
`sweep()` after each build drops every entry the build did not use.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Diagnostics, processing
from .parallel import collector_paused, fork_map

T = TypeVar("T")


def file_stamp(path: str | Path) -> tuple[int, ...] | None:
    """What tells whether a file changed, without reading it: its size, modification time and
    the time its inode last changed (which `cp -p` and `rsync -a`, keeping the modification
    time of a new version, cannot keep), and its inode."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino


class _Table:
    """A dictionary whose entries not touched since the last sweep can be dropped."""

    def __init__(self) -> None:
        self.entries: dict[Hashable, Any] = {}
        self.used: set[Hashable] = set()

    def get(self, key: Hashable) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        self.entries[key] = value
        self.used.add(key)
        return value

    def sweep(self) -> None:
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()

    def __len__(self) -> int:
        return len(self.entries)


class BuildCache:
    """Memoises reads and anchoring across builds of one site."""

    def __init__(self) -> None:
        self.files = _Table()  # key -> (file stamps, value, diagnostics)
        self.anchorers = _Table()  # (source id, text hash) -> QuoteAnchorer
        self.anchor_results = _Table()  # (text hash, quote, prefix, suffix, hint) -> result
        self.anchors = _Table()  # (note id, number, source id, *result key) -> Anchor
        self.checks = _Table()  # (note, its verdict) -> the note's publishing warnings
        # Between rebuilds of `serve`, the watcher says which files changed: the others are
        # trusted without a stat (None: check every file, as on a first build).
        self.changed: set[str] | None = None
        self.computed = 0  # entries made (not found) since the last sweep

    def trust_all_but(self, changed: set[Path] | None) -> None:
        self.changed = None if changed is None else {os.path.abspath(p) for p in changed}

    def read(
        self,
        key: Hashable,
        files: tuple[str, ...],
        compute: Callable[[Diagnostics], T],
        diags: Diagnostics,
    ) -> T:
        """`compute(diags)` unless `files` are as they were when `key` was last computed; the
        diagnostics of the computation are replayed either way."""
        return self.read_all([(key, files, compute)], diags)[0]

    def read_all(
        self,
        requests: list[tuple[Hashable, tuple[str, ...], Callable[[Diagnostics], Any]]],
        diags: Diagnostics,
        jobs: int = 1,
    ) -> list:
        """`read` of each (key, files, compute) request, in order; what must be computed again
        is computed in `jobs` processes when there is much of it."""
        entries = [self.files.get(key) for key, _, _ in requests]
        stale = []  # (request number, file stamps)
        for number, ((_, files, _), entry) in enumerate(zip(requests, entries, strict=True)):
            if entry is not None and self.changed is not None:
                if not any(path in self.changed for path in files):
                    continue
            stamp = tuple(file_stamp(path) for path in files)
            if entry is None or entry[0] != stamp:
                stale.append((number, stamp))
        jobs = jobs if len(stale) >= PARALLEL_READS else 1
        computed = fork_map(_compute, [requests[n][1:] for n, _ in stale], jobs)
        for (number, stamp), (value, items) in zip(stale, computed, strict=True):
            entries[number] = self.files.put(requests[number][0], (stamp, value, items))
            self.computed += 1
        values = []
        for entry in entries:
            diags.items.extend(entry[2])
            values.append(entry[1])
        return values

    def sweep(self) -> None:
        """Forget what the last build did not use (files gone, texts replaced, quotes edited)."""
        self.computed += sum(len(t.entries) - len(t.used) for t in self._tables())
        for table in (self.files, self.anchorers, self.anchor_results, self.anchors, self.checks):
            table.sweep()

    def _tables(self) -> tuple[_Table, ...]:
        return (self.files, self.anchorers, self.anchor_results, self.anchors, self.checks)

    def __getstate__(self) -> dict:
        # Anchorers hold each text's normalised forms: quick to make again, large to keep.
        state = dict(self.__dict__)
        state["anchorers"], state["changed"], state["computed"] = _Table(), None, 0
        return state

    def sizes(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "anchorers": len(self.anchorers),
            "anchor_results": len(self.anchor_results),
            "anchors": len(self.anchors),
            "checks": len(self.checks),
        }


# Reads computed again in several processes from this many on (`build` from nothing).
PARALLEL_READS = 400


def _compute(request: tuple[tuple[str, ...], Callable[[Diagnostics], Any]]) -> tuple[Any, list]:
    """One read: its value (None if its file could not be read) and its diagnostics."""
    files, compute = request
    local = Diagnostics()
    with processing(files[0]):
        try:
            value = compute(local)
        except OSError as exc:  # the file went away, or cannot be read, meanwhile
            local.error(files[0], 0, f"could not be read: {exc.strerror or exc}")
            value = None
    return value, list(local.items)


# -- the cache on disk: `build` starts from the last build's memory ---------------------------

FORMAT = 1
# The libraries whose versions shape what a build writes.
SHAPING_LIBRARIES = (
    "trafilatura",
    "readability-lxml",
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "PyYAML",
    "python-frontmatter",
)


def default_cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "site-builder"


def fingerprint() -> str:
    """What must be equal for a cache to be used: site_builder's own code (its version stays
    the same in an editable install), the versions of the libraries that shape output, and
    Python's."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    installed = _installed_versions()
    for name in SHAPING_LIBRARIES:
        digest.update(f"{name}={installed.get(_normal(name), 'absent')}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions() -> dict[str, str]:
    """Installed distributions' versions, from their `.dist-info` folder names (quicker than
    importlib.metadata, which reads every distribution's metadata)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and "-" in entry:
                name, _, version = entry[: -len(".dist-info")].partition("-")
                found.setdefault(_normal(name), version)
    return found


def _unpickle(handle) -> Any:
    """The next pickle in `handle`. What it holds is the build's memory and lives on: the
    collector is paused while it is made, then leaves it alone (`gc.freeze`). Collections
    during a load took most of its time."""
    with collector_paused():
        value = pickle.load(handle)  # noqa: S301 (our own files, in the user's cache)
        gc.freeze()
    return value


def _is_header(value: object) -> bool:
    """What a cache file of any version of site_builder begins with: (format, fingerprint)."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    )


def _removed(path: Path, found: os.stat_result | None) -> bool:
    """Remove the cache file at `path` if it is still the one read (`found`): another build
    may have put a good one in its place since. Whether it is gone."""
    try:
        now = os.stat(path)
        if found is not None and (now.st_ino, now.st_dev) == (found.st_ino, found.st_dev):
            path.unlink()
            return True
    except FileNotFoundError:
        return True
    except OSError:
        pass  # not ours to remove: the next build tells again
    return False


class DiskCache:
    """A folder of cache files for one site: each a pickle of (format, fingerprint, value),
    written whole to a temporary file and renamed, so a reader sees one whole file or none. A
    file that is corrupt, truncated, or not a cache of site_builder's is ignored with a
    warning; one written by another version of site_builder (or of the libraries that shape its
    output, or by another Python) is ignored with a word of information, as upgrading is no
    fault. Either is removed as it is found, so that a build that stops before writing the
    cache again (`--strict`, an error in a note) does not meet it a second time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stamp = fingerprint()

    @classmethod
    def for_site(cls, root: Path, cache_dir: Path | None) -> DiskCache:
        site = hashlib.blake2b(str(root.resolve()).encode(), digest_size=8).hexdigest()
        return cls((cache_dir or default_cache_folder()) / f"site-{site}")

    def load(self, name: str, diags: Diagnostics) -> Any:
        path = self.folder / f"{name}.pickle"
        if not path.is_file():
            return None
        found = None  # the file read, to remove only that one
        try:
            with path.open("rb") as handle:
                found = os.fstat(handle.fileno())
                header = pickle.load(handle)  # noqa: S301 (our own files, in the user's cache)
                if header == (FORMAT, self.stamp):
                    return _unpickle(handle)
            tell, problem = (
                (
                    diags.info,
                    "cache written by another version of site-builder, of its "
                    "libraries or of Python: not used",
                )
                if _is_header(header)
                else (diags.warning, "not a cache of site-builder's: not used")
            )
        except Exception as exc:  # noqa: BLE001 (any unreadable cache is ignored, never trusted)
            tell, problem = (
                diags.warning,
                f"cache could not be read ({type(exc).__name__}): not used",
            )
        gone = _removed(path, found)
        tell(str(path), 0, problem + (", removed (this build makes a new one)" if gone else ""))
        return None

    def compiled_templates(self) -> Path:
        """Where templates compiled by this code are kept: what a template compiles to
        depends on site_builder's code too (its words are put in as it compiles), not only on
        the template's text and Jinja's version, which are all Jinja's own cache compares.
        The folders of other versions' are removed."""
        folder = self.folder / f"templates-{self.stamp[:16]}"
        for old in self.folder.glob("templates*"):
            if old != folder and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        return folder

    def newest(self, prefix: str) -> str | None:
        """The name of the newest cache file whose name starts with `prefix`."""
        found = sorted(self.folder.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        return found[-1].stem if found else None

    def save(self, name: str, value: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{name}-", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((FORMAT, self.stamp), handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

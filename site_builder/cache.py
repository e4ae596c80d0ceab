"""The one cache of a site's builds: what was read from each file (kept while the file is
unchanged) and what anchoring found (kept by source text), passed explicitly to every stage.

A build starts with an empty cache; `serve` keeps one across its rebuilds. It stays bounded:
`sweep()` after each build drops every entry the build did not use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from .diagnostics import Diagnostics, processing

T = TypeVar("T")


def file_stamp(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


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
        entry = self.files.get(key)
        if entry is not None and self.changed is not None:
            if not any(path in self.changed for path in files):
                diags.items.extend(entry[2])
                return entry[1]
        stamp = tuple(file_stamp(path) for path in files)
        if entry is None or entry[0] != stamp:
            local = Diagnostics()
            with processing(files[0]):
                try:
                    value = compute(local)
                except OSError as exc:  # the file went away, or cannot be read, meanwhile
                    local.error(files[0], 0, f"could not be read: {exc.strerror or exc}")
                    value = None
            entry = self.files.put(key, (stamp, value, list(local.items)))
        diags.items.extend(entry[2])
        return entry[1]

    def sweep(self) -> None:
        """Forget what the last build did not use (files gone, texts replaced, quotes edited)."""
        for table in (self.files, self.anchorers, self.anchor_results, self.anchors, self.checks):
            table.sweep()

    def sizes(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "anchorers": len(self.anchorers),
            "anchor_results": len(self.anchor_results),
            "anchors": len(self.anchors),
            "checks": len(self.checks),
        }

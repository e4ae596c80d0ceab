"""Reading again only what changed: per-file results (with their diagnostics) kept while the
file, and what reading it depends on, are unchanged; quote anchoring kept by source text."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from .diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")


def file_stamp(path: str | Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class ReadCache:
    """Memoises reads across builds of one site (the `serve` loop); a build without one reads
    everything afresh."""

    def __init__(self) -> None:
        self._files: dict[Hashable, tuple[tuple, object, list[Diagnostic]]] = {}
        self.anchorers: dict[str, object] = {}  # source text hash -> QuoteAnchorer
        self.anchor_results: dict[tuple, object] = {}
        self.anchors: dict[tuple, object] = {}  # the same Anchor object for the same result
        self.notes_anchored: dict[tuple, tuple] = {}  # note id -> (note, hashes, results...)
        # Between builds of `serve`, the watcher says which files changed: the others are
        # trusted without a stat (None: check every file, as on the first build).
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
        """`compute(diags)` unless `files` are as they were when `key` was last computed."""
        entry = self._files.get(key)
        if entry is not None and self.changed is not None:
            if not any(path in self.changed for path in files):
                diags.items.extend(entry[2])
                return entry[1]  # type: ignore[return-value]
        stamp = tuple(file_stamp(path) for path in files)
        if entry is None or entry[0] != stamp:
            local = Diagnostics()
            value = compute(local)
            entry = (stamp, value, list(local.items))
            self._files[key] = entry
        diags.items.extend(entry[2])
        return entry[1]  # type: ignore[return-value]

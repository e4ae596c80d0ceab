"""Problems in user content, as data: collected, then printed together."""

from __future__ import annotations

import os
import re
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]


# Characters a terminal would act on rather than show: control characters (an escape sequence
# can rewrite the screen) and the bidirectional controls (U+202E turns what follows around).
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """`text` with the characters a terminal would act on shown as escapes ("\\u202e")."""
    return _UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shown_path(path: Path, root: Path) -> str:
    """`path` as a problem names it: from the site's root, where it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located at `path:line` (line 0 when no line applies)."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    suggestion: str = ""

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.suggestion:
            text += "\n    " + self.suggestion.replace("\n", "\n    ")
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass
class Diagnostics:
    """A collector that every stage of the build appends to."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, suggestion: str = "") -> None:
        self.items.append(Diagnostic(path, line, message, "error", suggestion))

    def warning(self, path: str, line: int, message: str, suggestion: str = "") -> None:
        self.items.append(Diagnostic(path, line, message, "warning", suggestion))

    def info(self, path: str, line: int, message: str, suggestion: str = "") -> None:
        self.items.append(Diagnostic(path, line, message, "info", suggestion))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.severity, d.message))


class BuildFailed(Exception):
    """Raised when a stage found errors; carries every diagnostic so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity == "error")
        super().__init__(f"{errors} error(s)")


class InternalError(Exception):
    """A bug in site_builder: an unexpected exception while it processed `subject` (a seed, a
    note, a page). Never a problem with the user's files, which are diagnostics instead."""

    def __init__(self, subject: str, error: BaseException, details: str = ""):
        super().__init__(f"{type(error).__name__}: {error}")
        self.subject = subject
        self.error = error
        self._details = details  # the traceback, when it happened in another process

    def details(self) -> str:
        """The full traceback, as text."""
        return self._details or "".join(traceback.format_exception(self.error))


@contextmanager
def processing(subject: str, expected: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Name what is being processed, so that an unexpected exception says where it happened
    (`expected` exceptions are the caller's to report, as problems with the user's files)."""
    try:
        yield
    except (InternalError, KeyboardInterrupt, *expected):
        raise
    except Exception as exc:
        raise InternalError(subject, exc) from exc


def crash_report(error: InternalError, cache_dir: Path | None = None) -> Path:
    """Save the full traceback of an internal error under `cache_dir` (`--cache-dir`, else the
    user's cache directory), in `crashes/`; returns where it went."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = (cache_dir or Path(base) / "site-builder") / "crashes"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    text = error.details()
    path.write_text(f"site-builder internal error while processing {error.subject}\n\n{text}")
    return path

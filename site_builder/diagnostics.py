"""Problems in user content, as data: collected, then printed together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


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

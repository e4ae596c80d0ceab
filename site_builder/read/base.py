"""What every seed reader returns, and how it says that a seed cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, SetAside


@dataclass(frozen=True)
class ReadResult:
    """What a reader found in a seed: its blocks, what it set aside, metadata it detected."""

    blocks: tuple[Block, ...]
    set_aside: tuple[SetAside, ...]
    detected: dict


class SeedError(Exception):
    """A seed that cannot be read at all; `line` is where, when known (0 otherwise)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line

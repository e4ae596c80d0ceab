"""A bounded memo of a pure function of site data: its most recent results, kept by key."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Remembered(Generic[T]):
    """Up to `size` results by key, the least recently used forgotten first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._made: OrderedDict[Hashable, T] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The result kept for `key`, else `make()`, kept."""
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make()
            if len(self._made) > self.size:
                self._made.popitem(last=False)
        else:
            self._made.move_to_end(key)
        return made

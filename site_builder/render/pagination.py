"""Long lists split into pages at base/, base/page/2/, ...: no page grows with the site."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import urls


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list at site path `base`."""

    base: str
    number: int
    count: int

    @property
    def path(self) -> str:
        """The site path of this page ("claims/page/2/")."""
        return urls.paged(self.base, self.number)

    @property
    def prev(self) -> str | None:
        return urls.paged(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return urls.paged(self.base, self.number + 1) if self.number < self.count else None


def page_count(items: int, size: int) -> int:
    """How many pages `items` entries take; a list always has at least one page."""
    return max(1, math.ceil(items / size))


def pagers(base: str, items: int, size: int) -> list[Pager]:
    count = page_count(items, size)
    return [Pager(base, number, count) for number in range(1, count + 1)]


def page_items(items, pager: Pager, size: int) -> list:
    return list(page_slice(items, pager.number, size))


def page_slice(items, number: int, size: int):
    """The entries of page `number` (from 1) of `items`, `size` a page."""
    return items[(number - 1) * size : number * size]


def numbered(title: str, pager: Pager, gettext=str) -> str:
    """The title of one page of a list: "Sources, page 2" (`gettext`: the site's words)."""
    if pager.number == 1:
        return title
    return gettext("%(title)s, page %(number)s") % {"title": title, "number": pager.number}

"""The kinds of machine-found hint, as a list of cases: each with its name (the pages'
`data-hint`), the label pages show (in the site's language), and how it is found in a pair of
sources. Hints are listed in this order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model import Anchor, Entity
from ...render.i18n import N_
from .align import Alignment
from .analysis import SourceAnalysis
from .hints import (
    name_hints,
    number_hints,
    pair_only_in_hints,
    quote_hints,
    unquoted_parallel_hints,
)
from .model import Hint


@dataclass(frozen=True)
class Pair:
    """What the hints of two sources are found in."""

    a: SourceAnalysis
    b: SourceAnalysis
    alignment: Alignment
    note_ids: list[str]
    anchors: list[Anchor]
    entities: list[Entity]


@dataclass(frozen=True)
class HintKind:
    name: str
    label: str
    find: Callable[[Pair], list[Hint]]
    reads_notes: bool = False  # its hints depend on the notes, not only on the two texts


def _names(pair: Pair) -> list[Hint]:
    """The same person or organisation spelled differently."""
    return name_hints(pair.a, pair.b, pair.entities)


def _quotations(pair: Pair) -> list[Hint]:
    """A quotation of the same speaker worded differently."""
    return quote_hints(pair.a, pair.b)


def _numbers(pair: Pair) -> list[Hint]:
    """A number, date or age one source gives and the other does not, or gives differently."""
    return number_hints(pair.a, pair.b, pair.alignment)


def _only_in(pair: Pair) -> list[Hint]:
    """A passage the other source does not carry."""
    return pair_only_in_hints(pair.a, pair.b, pair.alignment)


def _unquoted_parallels(pair: Pair) -> list[Hint]:
    """A note quotes one source but not the matching passage of the other."""
    return unquoted_parallel_hints(
        pair.a, pair.b, pair.alignment.links, pair.note_ids, pair.anchors
    )


HINTS: tuple[HintKind, ...] = (
    HintKind("name-variant", N_("Name spelled differently"), _names),
    HintKind("quote-wording", N_("Quotation worded differently"), _quotations),
    HintKind("number", N_("Number, date or age"), _numbers),
    HintKind("only-in", N_("Reported by one source only"), _only_in),
    HintKind("unquoted-parallel", N_("Parallel passage not quoted"), _unquoted_parallels, True),
)
HINT_KINDS = tuple(kind.name for kind in HINTS)
HINT_LABELS = {kind.name: kind.label for kind in HINTS}

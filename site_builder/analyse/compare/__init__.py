"""Comparing the sources of one story side by side: sentences aligned by content, what each
source alone reports, and machine-found hints for editors (name spellings, quotation wordings,
numbers, passages only one source carries, parallels a note does not quote).

Hints are never verdicts: each records the evidence it was raised on, so a reader can see why.
The methods are plain and explainable: sentence splitting, TF-IDF cosine similarity of words
and word pairs, string similarity and a consonant skeleton for names, regular patterns for
quotations, their attribution, numbers and dates.
"""

from .kinds import HINT_KINDS, HINT_LABELS, HINTS
from .model import Figure, Hint, Joined, Link, PairComparison, Quoted, Said, Sentence
from .sentences import split_sentences
from .story import compare_pair, format_hint, story_hints

__all__ = [
    "Figure",
    "HINT_KINDS",
    "HINT_LABELS",
    "HINTS",
    "Hint",
    "Joined",
    "Link",
    "PairComparison",
    "Quoted",
    "Said",
    "Sentence",
    "compare_pair",
    "format_hint",
    "split_sentences",
    "story_hints",
]

"""Agreement: which blocks of two extractions of the page are the article, in page order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property

import lxml.html

from ...model import Block
from .words import words_of


class _Support:
    """How much of a block another text contains: the share of the block's word triples
    (for a block of one or two words, whether its words are there at all)."""

    def __init__(self, texts: Iterable[str]):
        word_lists = [words_of(text) for text in texts]
        self.joined = " " + " \n ".join(" ".join(words) for words in word_lists) + " "
        self.triples: set[tuple[str, ...]] = set().union(*map(_triples, word_lists))

    def share(self, text: str) -> float:
        words = words_of(text)
        if len(words) < 3:
            return float(bool(words) and f" {' '.join(words)} " in self.joined)
        own = _triples(words)
        return len(own & self.triples) / len(own)


def _triples(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def merge_by_agreement(
    first: list[Block], second: list[Block], page: lxml.html.HtmlElement, article_body: str = ""
) -> list[Block]:
    """Blocks both extractions found, plus those only one found that read like article text,
    in page order.

    `first` (trafilatura) gives the kind and wording of an agreed block. A block only one
    extraction found is kept when the publisher's `articleBody` contains it, or (without one)
    when it is running text within the stretch of the page the agreed blocks span, or a long
    paragraph outside it.
    """
    if not first or not second:
        return first or second
    first = _whole_paragraphs(first, second)
    in_first, in_second = _Support(b.text for b in first), _Support(b.text for b in second)
    locate = _Locator(page)
    agreed, candidates = [], []
    for order, (position, block) in enumerate(locate.in_order(first)):
        found_by_both = in_second.share(block.text) >= 0.5
        (agreed if found_by_both else candidates).append((position, order, block))
    for order, (position, block) in enumerate(locate.in_order(second), start=len(first)):
        if in_first.share(block.text) < 0.5:
            candidates.append((position, order, block))
    if not agreed:
        return _closer_to(article_body, first, second)
    start, end = min(item[0] for item in agreed), max(item[0] for item in agreed)
    in_body = _Support([article_body]) if _plausible_body(article_body, locate) else None
    if in_body is None:
        # The stretch of the article: what both found, and the long paragraphs only one found
        # (trafilatura can stop early, leaving the rest to readability, short ones included).
        long = [p for p, _, block in candidates if _reads_like_article_text(block, inside=False)]
        start, end = min([start, *long]), max([end, *long])
    kept = agreed
    for position, order, block in candidates:
        if in_body is not None:
            keep = in_body.share(block.text) >= 0.6
        else:
            keep = _reads_like_article_text(block, inside=start <= position <= end)
        if keep and order >= len(first):
            # readability's whole paragraph where trafilatura kept pieces of it: the pieces go
            whole = _Support([block.text])
            kept = [k for k in kept if k[1] >= len(first) or whole.share(k[2].text) < 0.5]
        if keep:
            kept.append((position, order, block))
    return [block for _, _, block in sorted(kept, key=lambda item: item[:2])]


def _whole_paragraphs(first: list[Block], second: list[Block]) -> list[Block]:
    """`first` with each run of its paragraphs that are pieces of one paragraph of `second`
    replaced by that paragraph: trafilatura splits a paragraph of text written straight into
    a `<div>` at inline markup ("What everyone" | "willappreciate, though..."), sometimes
    losing the space, where readability keeps it whole.

    The pieces are compared with the whole by their words run together, so a lost space
    ("timetablewith") or a piece of one or two words (a bold name between two links) still
    counts as a piece; they must follow one another in the whole and cover most of it."""
    wholes = [b for b in second if b.kind == "paragraph"]
    holder: dict[tuple[str, ...], int] = {}
    for index, whole in enumerate(wholes):
        for triple in _triples(words_of(whole.text)):
            holder.setdefault(triple, index)

    def whole_of(block: Block) -> int | None:
        triples = _triples(words_of(block.text))
        if block.kind != "paragraph" or not triples:
            return None
        index, count = Counter(holder.get(t) for t in triples).most_common(1)[0]
        return index if index is not None and 2 * count >= len(triples) else None

    owners = [whole_of(block) for block in first]
    result, start = [], 0
    while start < len(first):
        index, end = _pieces_of_a_whole(first, owners, wholes, start)
        if index is not None:
            result.append(wholes[index])
        else:
            result.extend(first[start:end])
        start = end
    return result


def _pieces_of_a_whole(
    first: list[Block], owners: list[int | None], wholes: list[Block], start: int
) -> tuple[int | None, int]:
    """The whole paragraph that `first[start:end]` are the pieces of, and `end`; else None
    and `start + 1`."""
    index = owners[start]
    if index is None and start + 1 < len(first):
        index = owners[start + 1]  # a first piece too short to say which whole it is of
    if index is None or first[start].kind != "paragraph":
        return None, start + 1
    whole = _run_together(wholes[index].text)
    joined, end = _run_together(first[start].text), start + 1
    if joined not in whole:
        return None, start + 1
    while end < len(first) and first[end].kind == "paragraph" and owners[end] in (None, index):
        longer = joined + _run_together(first[end].text)
        if longer not in whole:
            break
        joined, end = longer, end + 1
    if end - start > 1 and len(joined) >= 0.8 * len(whole):
        return index, end
    return None, start + 1


def _run_together(text: str) -> str:
    """The words of `text`, with nothing between them: a lost space changes nothing."""
    return "".join(words_of(text))


def misses_article_body(blocks: list[Block], article_body: str) -> bool:
    """Whether the blocks hold less than half of a publisher's `articleBody` long enough to be
    an article: on a page drawn by its scripts, the saved markup may hold only a teaser."""
    if len(words_of(article_body)) < 80:
        return False
    return _Support(block.text for block in blocks).share(article_body) < 0.5


def _plausible_body(article_body: str, locate: _Locator) -> bool:
    """An `articleBody` long enough to be the article, and (mostly) text shown on the page."""
    return len(words_of(article_body)) >= 80 and locate.page_text.share(article_body) >= 0.8


# What ends a sentence, in the scripts that have their own full stops (Chinese and Japanese,
# Devanagari, Arabic and Urdu), and the closing marks that may follow it.
SENTENCE_ENDS = (
    ".",
    "!",
    "?",
    ":",
    "\u3002",
    "\uff01",
    "\uff1f",
    "\uff1a",
    "\u0964",
    "\u061f",
    "\u06d4",
)
CLOSING = "\"'\u201d\u2019\u00bb)\u300d\u300f\uff09"


def _reads_like_article_text(block: Block, inside: bool) -> bool:
    words = len(words_of(block.text))
    if block.kind == "heading":
        return inside and words <= 20
    if block.kind in ("list_item", "quote"):
        return inside and words >= 3
    sentence = block.text.rstrip(CLOSING).endswith(SENTENCE_ENDS)
    if inside:
        return (words >= 8 and sentence) or words >= 20
    return words >= 30 and sentence


def _closer_to(article_body: str, first: list[Block], second: list[Block]) -> list[Block]:
    """No agreement at all: the extraction closer to `articleBody`, else trafilatura's."""
    if not article_body:
        return first
    reference = _Support([article_body])
    return max((first, second), key=lambda blocks: sum(reference.share(b.text) for b in blocks))


class _Locator:
    """Where blocks start in the page's text, to put blocks of both extractions in page order."""

    def __init__(self, page: lxml.html.HtmlElement):
        body = page.find("body")
        text = " ".join((body if body is not None else page).itertext())
        self.text = text
        self.words = " " + " ".join(words_of(text)) + " "

    @cached_property
    def page_text(self) -> _Support:
        return _Support([self.text])

    def in_order(self, blocks: list[Block]) -> Iterator[tuple[float, Block]]:
        """Each block with its position (0 to 1) in the page; a block not found in the page
        text takes the position of the block before it."""
        position, after = 0.0, 0
        for block in blocks:
            found = self.offset(block.text, after)
            if found >= 0:
                position, after = found / len(self.words), found
            yield position, block

    def offset(self, text: str, after: int = 0) -> int:
        """Where `text`'s first (else last) eight words first are in the page's words, looked
        for from `after` first: blocks come in page order, so a long page is not searched from
        its start for each of them (which took minutes on a page of 20,000 paragraphs)."""
        words = words_of(text)
        for probe in (words[:8], words[-8:]):
            if not probe:
                continue
            wanted = " " + " ".join(probe) + " "
            found = self.words.find(wanted, after)
            if found < 0 and after:
                found = self.words.find(wanted, 0, after + len(wanted))
            if found >= 0:
                return found
        return -1

"""Direct quotations: found between straight or curly double quotes, attributed to a speaker
by the usual patterns ('"...," he said', '"...," said X', 'X was quoted as saying'), and two
sources' wordings of one quotation compared word by word."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ...model import SourceArticle
from .names import NOT_NAMES
from .words import STOP_WORDS

OPENING = "\u201c\u201e"
CLOSING = "\u201d"
_VERB = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|asked|asks|continued|explained|"
    r"tweeted|stated|declared|insisted|argued|noted|recalled|replied|responded|warned|"
    r"remarked|acknowledged|admitted|conceded|complained|(?:was|is|were) quoted as saying|"
    r"(?:has|had) said)"
)
_NAME = r"(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]+"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_AFTER = (
    re.compile(rf"^[\s,]*(?P<pronoun>{_PRONOUN})\s+{_VERB}\b"),
    re.compile(rf"^[\s,]*{_VERB}\s+(?:(?:the|a|an)\s+[a-z][\w\s-]*?,\s+)?(?P<name>{_NAME})"),
    re.compile(rf"^[\s,]*(?P<name>{_NAME})\s+{_VERB}\b"),
)
_BEFORE = (
    re.compile(rf"(?P<name>{_NAME})\s+{_VERB}\b[^\"\u201c\u201d]{{0,60}}?[,:]?\s*$"),
    re.compile(rf"\b(?P<pronoun>{_PRONOUN})\s+{_VERB}\b[^\"\u201c\u201d]{{0,60}}?[,:]?\s*$"),
    # '"Trump accused Obama of ..., saying "..."': the subject of the sentence, not a possessive
    re.compile(rf"^\W*(?P<name>{_NAME})(?!['\u2019])\b[^\"\u201c\u201d]*\bsaying\s*$"),
)
_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|President|Prime Minister|Minister|Senator|"
    r"Representative|Governor|Rabbi|Chief|The|the)\.?\s+)+"
)
MIN_WORDS = 3  # shorter quotations are terms ("outrageous"), not statements
MIN_COMMON_WORDS = 4  # two quotations are one if they share this many words in order...
MIN_COMMON_SHARE = 0.5  # ...and this share of the shorter one's words
MAX_EDGE_WORDS = 3  # a replacement this short at either end is a difference of wording


@dataclass(frozen=True)
class Quotation:
    """The words between a pair of double quotes, and who the source says spoke them."""

    start: int  # offsets of the words inside the quote marks, in the body text
    end: int
    text: str
    speaker: str  # a surname ("Trump"), or "" when no attribution was found
    attribution: str  # how the speaker was found, for the evidence
    named: bool = False  # the source names the speaker right by the quotation

    @cached_property
    def words(self) -> list[str]:
        return quote_words(self.text)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def counts(self) -> Counter:
        return Counter(self.words)


def find_quotations(source: SourceArticle) -> list[Quotation]:
    """The quotations of a source, in order, each attributed where the text allows."""
    quotations: list[Quotation] = []
    last_speaker, last_block = "", -10
    for index, (block, offset) in enumerate(zip(source.blocks, source.block_starts, strict=True)):
        for start, end, close in _quoted_spans(block.text):
            text = block.text[start:end]
            if len(quote_words(text)) < MIN_WORDS:
                continue  # a term or a title ("outrageous", "Face the Nation"), not a statement
            speaker, how = _attribute(block.text, start, close)
            named = bool(speaker)
            if not speaker and how == "pronoun" and last_speaker:
                speaker, how = last_speaker, f"a pronoun, after quotations of {last_speaker}"
            elif not speaker and not how and last_speaker and index - last_block <= 1:
                how = f"no attribution; continues the quotations of {last_speaker}"
                speaker = last_speaker
            elif not speaker:
                how = ""
            if speaker:
                last_speaker, last_block = speaker, index
            quotations.append(Quotation(offset + start, offset + end, text, speaker, how, named))
    return quotations


def _quoted_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, close) of each pair of double quotes of one block: the words inside, and
    where the closing mark ends. A quotation left open runs to the end of the block (as a
    quotation continued in the next paragraph)."""
    spans, start = [], None
    for i, char in enumerate(text):
        if start is None and (char in OPENING or char == '"'):
            start = i + 1
        elif start is not None and (char in CLOSING or char == '"'):
            spans.append((start, i, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(text), len(text)))
    return [(*_trim(text, s, e), c) for s, e, c in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _attribute(text: str, start: int, close: int) -> tuple[str, str]:
    """(speaker, how it was found) from the words around one quotation; ('', 'pronoun') when
    a pronoun stands for the speaker."""
    after = text[close : close + 120]
    for pattern in _AFTER:
        match = pattern.match(after)
        if match:
            return _speaker(match, "after")
    sentence_start = max(text.rfind(". ", 0, start - 1), text.rfind("\u201d ", 0, start - 1))
    before = text[max(0, sentence_start + 1) : max(0, start - 1)]
    for pattern in _BEFORE:
        match = pattern.search(before)
        if match:
            return _speaker(match, "before")
    return "", ""


def _speaker(match: re.Match, where: str) -> tuple[str, str]:
    if match.groupdict().get("pronoun"):
        return "", "pronoun"
    name = _TITLES.sub("", match.group("name")).strip()
    words = re.findall(r"[A-Z][\w'\u2019-]+", name)
    if not words:
        return "", ""
    surname = re.sub(r"['\u2019]s$", "", words[-1])
    if surname.lower() in NOT_NAMES or surname.lower() in STOP_WORDS:
        return "", ""  # "The president ... said", "In May, Trump told ..."
    return surname, f'"{match.group().strip(" ,")}" ({where} the quotation)'


# -- comparing two wordings ---------------------------------------------------------------------


_CONTRACTIONS = (
    (re.compile(r"^(ca|wo|sha)n't$"), {"ca": "can not", "wo": "will not", "sha": "shall not"}),
    (re.compile(r"^(.+)n't$"), None),
    (re.compile(r"^(.+)'re$"), "are"),
    (re.compile(r"^(.+)'m$"), "am"),
    (re.compile(r"^(.+)'ll$"), "will"),
    (re.compile(r"^(.+)'ve$"), "have"),
    (re.compile(r"^(.+)'d$"), "would"),
    (re.compile(r"^(it|that|he|she|there|what|who|here|where)'s$"), "is"),
    (re.compile(r"^(let)'s$"), "us"),
)


@lru_cache(maxsize=65536)
def word_tokens(word: str) -> tuple[str, ...]:
    """The tokens one written word compares as: lower case, no punctuation, contractions
    spelled out ("they're" is "they are", "I'd" is "I would"), '&' read as 'and', an elision
    ('...') one token."""
    word = word.lower().replace("\u2019", "'").replace("&", "and")
    if re.fullmatch(r"\.\s?\.\s?\.|\u2026", word):
        return ("\u2026",)
    word = re.sub(r"[^\w'.-]", "", word).strip("'.-")
    for pattern, expansion in _CONTRACTIONS:
        match = pattern.match(word)
        if match is None:
            continue
        if isinstance(expansion, dict):
            return tuple(expansion[match.group(1)].split())
        return (match.group(1), expansion or "not")
    word = word.replace(".", "").replace("'", "")
    return (word,) if word else ()


def quote_words(text: str) -> list[str]:
    """The tokens of a quotation as compared (see `word_tokens`)."""
    return [token for word in _written_words(text) for token in word_tokens(word)]


@dataclass(frozen=True)
class WordingDifference:
    common: int  # words in common, in order
    marked: str  # the overlapping passage, with the words of a only [-...-] and of b only {+...+}
    only_a: tuple[str, ...]  # the differing words of each, as written
    only_b: tuple[str, ...]


def common_words(a: Quotation, b: Quotation) -> int:
    matcher = difflib.SequenceMatcher(a=a.words, b=b.words, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def same_quotation(a: Quotation, b: Quotation) -> int:
    """Two sources quoting one statement: enough words in common, in order, and no two
    different speakers. The number of words in common if so, else 0."""
    if a.named and b.named and a.speaker.lower() != b.speaker.lower():
        return 0
    length = min(len(a.words), len(b.words))
    if length < MIN_WORDS:
        return 0
    # The words both have, in any order, bound those in common in order: most pairs stop here,
    # before the slower comparison in order.
    if len(a.vocabulary & b.vocabulary) < MIN_COMMON_WORDS:
        return 0
    shared = sum((a.counts & b.counts).values())
    if shared < MIN_COMMON_WORDS or shared < MIN_COMMON_SHARE * length:
        return 0
    common = common_words(a, b)
    return common if common >= MIN_COMMON_WORDS and common >= MIN_COMMON_SHARE * length else 0


def wording_difference(a: Quotation, b: Quotation) -> WordingDifference | None:
    """How the wordings differ where they overlap; None when one is an excerpt of the other
    (words only added or dropped at the ends) or they differ only in punctuation, case or
    contractions."""
    written_a, owners_a, tokens_a = _tokenised(a.text)
    written_b, owners_b, tokens_b = _tokenised(b.text)
    opcodes = _joined_as_equal(
        difflib.SequenceMatcher(a=tokens_a, b=tokens_b, autojunk=False).get_opcodes(),
        tokens_a,
        tokens_b,
    )
    equal = [i for i, op in enumerate(opcodes) if op[0] == "equal"]
    if not equal:
        return None
    first, last = equal[0], equal[-1]
    # A word or two replaced where both quotations begin or end is a change of wording
    # ("...what they're finding" / "...what they're talking"); anything else at the ends is
    # one source quoting more than the other.
    if first == 1 and _small_replacement(opcodes[0]):
        first = 0
    if last == len(opcodes) - 2 and _small_replacement(opcodes[-1]):
        last = len(opcodes) - 1
    inner = opcodes[first : last + 1]
    if all(op[0] == "equal" for op in inner):
        return None
    common = sum(i2 - i1 for op, i1, i2, _, _ in inner if op == "equal")
    differing = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in inner if op != "equal")
    if differing > common:
        return None  # more differs than agrees: not one statement worded two ways
    marked, only_a, only_b = [], [], []
    shown_a = shown_b = 0  # written words already shown, so a split word shows once
    for op, i1, i2, j1, j2 in inner:
        words_a, shown_a = _written_range(written_a, owners_a, i1, i2, shown_a)
        words_b, shown_b = _written_range(written_b, owners_b, j1, j2, shown_b)
        if op == "equal":
            marked.append(words_a)
            continue
        if words_a:
            only_a.append(words_a)
            marked.append("[-" + words_a + "-]")
        if words_b:
            only_b.append(words_b)
            marked.append("{+" + words_b + "+}")
    lead = "\u2026 " if inner[0][1] > 0 or inner[0][3] > 0 else ""
    tail = " \u2026" if inner[-1][2] < len(tokens_a) or inner[-1][4] < len(tokens_b) else ""
    text = lead + " ".join(m for m in marked if m) + tail
    return WordingDifference(common, text, tuple(only_a), tuple(only_b))


def _joined_as_equal(opcodes: list, tokens_a: list[str], tokens_b: list[str]) -> list:
    """A replacement that only joins or splits words ("work force" / "workforce",
    "state-funded" / "state funded") is no difference of wording."""
    result = []
    for op, i1, i2, j1, j2 in opcodes:
        joined_a = "".join(tokens_a[i1:i2]).replace("-", "")
        joined_b = "".join(tokens_b[j1:j2]).replace("-", "")
        if op == "replace" and joined_a == joined_b:
            op = "equal"
        if result and op == "equal" and result[-1][0] == "equal":
            previous = result.pop()
            i1, j1 = previous[1], previous[3]
        result.append((op, i1, i2, j1, j2))
    return result


def _tokenised(text: str) -> tuple[list[str], list[int], list[str]]:
    """The written words of a quotation, and its tokens with the written word each comes from."""
    written = _written_words(text)
    owners, tokens = [], []
    for index, word in enumerate(written):
        for token in word_tokens(word):
            owners.append(index)
            tokens.append(token)
    return written, owners, tokens


def _written_range(
    written: list[str], owners: list[int], t1: int, t2: int, shown: int
) -> tuple[str, int]:
    """The written words behind tokens [t1, t2), less those already shown."""
    if t2 <= t1:
        return "", shown
    start = max(owners[t1], shown)
    end = owners[t2 - 1] + 1
    return " ".join(written[start:end]), max(end, shown)


def _small_replacement(opcode: tuple) -> bool:
    op, i1, i2, j1, j2 = opcode
    return op == "replace" and i2 - i1 <= MAX_EDGE_WORDS and j2 - j1 <= MAX_EDGE_WORDS


def _written_words(text: str) -> list[str]:
    """The words of a quotation as written, an elision ('...') standing alone."""
    text = re.sub(r"(\.\s?\.\s?\.|\u2026)", r" \1 ", text.replace("[", " ").replace("]", " "))
    return [w for w in text.split() if word_tokens(w)]

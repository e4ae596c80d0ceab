"""Names spelled differently by two sources: "Berel Lazar" / "Berl Lazar", "Aleksandr Boroda" /
"Alexander Boroda". Candidates are capitalised words (and the entities' listed forms); two
spellings are variants when each source uses only its own, they are similar as strings and
they sound alike (the same consonant skeleton), and they are not told apart by their context
(different first names)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ...model import Entity, SourceArticle
from ...render.i18n import N_
from .model import Figure, Joined, Said, Sentence, quoted_from, said
from .words import STOP_WORDS, plain, words

# A capitalised word, with an Arabic article or patronymic joined by a hyphen ("al-Qaddafi").
_CAPITALISED = re.compile(
    r"(?<![\w'\u2019-])(?:(?:al|el|ad|ash|as|bin|ibn|abu|ben)-)?[A-Z\u00c0-\u00de]"
    r"[\w\u00c0-\u024f]*(?:['\u2019-][\w\u00c0-\u024f]+)*"
)
# What may stand between two words of one name: a space, or an initial ("Richard J. Durbin").
_BETWEEN_NAMES = re.compile(r"[ \u00a0](?:[A-Z]\.[ \u00a0])?")
_PARTICLE = re.compile(r"^(?:al|el|ad|ash|as|bin|ibn|abu|ben)-", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_OPENERS = frozenset(" \n\"'\u201c\u2018([\u2014\u2013-")
# Words written with a capital that are not names, or that are titles in front of a name.
NOT_NAMES = frozenset(
    """president presidents prime minister ministers foreign secretary senator sen rep
    representative congressman congresswoman gov governor mayor chairman chairwoman chair
    director general gen justice judge attorney ambassador speaker leader sheriff rabbi chief
    pope king queen prince princess lord sir dame dr mr mrs ms miss st mount vice former
    reverend rev lt col sgt capt cmdr adm officer commissioner spokesman spokeswoman
    chancellor monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december washington the""".split()
)
# Endings that make another word of a name ("Georgia" / "George", "Palestinian" / "Palestine").
DERIVATION_ENDINGS = frozenset(
    "a e i n o s an ia ian ic ism ist ese er ers ed es ean ite ites ish ans ians ns".split()
)
MIN_SIMILARITY = 0.6  # string similarity (0..1) of two spellings that sound alike
MIN_SIMILARITY_ALONE = 0.7  # the same, when nothing around them says they name one person
# Consonants two spellings must share when nothing around them (a shared first name or
# surname) says they name the same person.
MIN_CONSONANTS_ALONE = 3


@dataclass
class NameToken:
    """Every occurrence of one capitalised word (its core: no possessive, no particle)."""

    core: str  # "Qaddafi" for "al-Qaddafi’s"
    written: str  # the first occurrence as written, without the possessive
    spans: list[tuple[int, int]] = field(default_factory=list)
    before: set[str] = field(default_factory=set)  # capitalised words right before it
    after: set[str] = field(default_factory=set)
    inside_text: bool = False  # met at least once not at the start of a sentence, or in a run


@dataclass(frozen=True)
class SourceNames:
    source: SourceArticle
    tokens: dict  # core (lower-case) -> NameToken
    vocabulary: frozenset  # every word of the source, lower-case, whole and hyphen-split


@dataclass(frozen=True)
class NameVariant:
    """Two spellings of one name, each with where its source writes it."""

    spelling_a: str
    spelling_b: str
    places_a: tuple[tuple[int, int], ...]
    places_b: tuple[tuple[int, int], ...]
    evidence: Said


def source_names(source: SourceArticle, sentences: Iterable[Sentence]) -> SourceNames:
    text = source.body_text
    starts = {s.start for s in sentences}
    tokens: dict[str, NameToken] = {}
    previous: tuple[str, int] | None = None  # (core, end) of the last capitalised word
    for match in _CAPITALISED.finditer(text):
        written = _POSSESSIVE.sub("", match.group())
        core = _PARTICLE.sub("", written)
        key = core.lower()
        start, end = match.start(), match.start() + len(written)
        adjacent = previous is not None and bool(
            _BETWEEN_NAMES.fullmatch(text[previous[1] : start])
        )
        if len(written) == 1 and text.startswith(".", end):
            continue  # an initial: "Richard J. Durbin" is still one name
        if key in NOT_NAMES or key in STOP_WORDS or len(core) < 3 or _is_code(core):
            previous = None
            continue
        token = tokens.setdefault(key, NameToken(core, written))
        token.spans.append((start, end))
        if adjacent:
            token.before.add(previous[0])
            tokens[previous[0]].after.add(key)
        if adjacent or not _starts_sentence(text, start, starts):
            token.inside_text = True
            if adjacent:
                tokens[previous[0]].inside_text = True
        previous = (key, end) if match.end() == end else None  # a possessive ends the name
    vocabulary = {plain(m.group()) for m in words(text)}
    vocabulary |= {plain(w) for w in re.findall(r"[\w'\u2019]+(?:-[\w'\u2019]+)+", text)}
    return SourceNames(source, tokens, frozenset(vocabulary))


def _is_code(core: str) -> bool:
    """An acronym ("ICJ") or a party and state ("R-Fla"): not a spelled-out name."""
    return (core.isupper() and len(core) <= 5) or bool(re.match(r"[A-Z]-", core))


def _starts_sentence(text: str, start: int, sentence_starts: set[int]) -> bool:
    """Whether a word opens its sentence, perhaps after an opening quote or bracket."""
    position = start
    while position > 0 and text[position - 1] in _OPENERS:
        position -= 1
    return position in sentence_starts or start in sentence_starts


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonants of a name as it sounds: 'Aleksandr' and 'Alexander' give 'lksndr',
    'Qaddafi' and 'Gadhafi' 'kdf'."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if c.isalpha() and not unicodedata.combining(c))
    text = re.sub(r"(.)\1+", r"\1", text)  # double letters count once
    for old, new in (("ph", "f"), ("ck", "k"), ("x", "ks"), ("q", "k"), ("z", "s"), ("w", "v")):
        text = text.replace(old, new)
    text = re.sub(r"c(?=[eiy])", "s", text).replace("c", "k").replace("g", "k")
    return re.sub(r"[aeiouyh]", "", text)


def spelling_similarity(x: str, y: str) -> float:
    return fuzz.ratio(x.lower(), y.lower()) / 100.0


def are_variants(x: str, y: str) -> bool:
    """Two spellings of one name: they sound alike, are similar, and are not one word and
    its derivative ('Israel' / 'Israeli', 'Palestine' / 'Palestinian')."""
    a, b = _bare(x), _bare(y)
    if a == b or a.startswith(b) or b.startswith(a):
        return False
    stem = _common_prefix(a, b)
    if len(stem) >= 4 and {a[len(stem) :], b[len(stem) :]} <= DERIVATION_ENDINGS:
        return False
    sound = skeleton(a)
    return len(sound) >= 2 and sound == skeleton(b) and spelling_similarity(a, b) >= MIN_SIMILARITY


def _bare(name: str) -> str:
    return re.sub(r"[^\w]", "", _PARTICLE.sub("", name)).lower()


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def name_variants(
    a: SourceNames, b: SourceNames, entities: Iterable[Entity] = ()
) -> list[NameVariant]:
    """The names that `a` and `b` spell differently, from their words and the entities' forms."""
    found: list[NameVariant] = []
    candidates_b = [t for t in b.tokens.values() if _candidate(t, a)]
    for x in (t for t in a.tokens.values() if _candidate(t, b)):
        for y in candidates_b:
            if not are_variants(x.core, y.core):
                continue
            context = _context(x, y)
            if context is None:
                continue
            found.append(_token_variant(a, b, x, y, context))
    for entity in entities:
        variant = _entity_variant(a, b, entity)
        if variant is not None:
            found = [v for v in found if not _inside(v, variant)] + [variant]
    return found


def _candidate(token: NameToken, other: SourceNames) -> bool:
    """A name of one source that the other never writes."""
    key = token.core.lower()
    return token.inside_text and key not in other.vocabulary and plain(key) not in other.vocabulary


def _context(x: NameToken, y: NameToken) -> Said | Joined | None:
    """What the two occurrences share around them, or None when their neighbours tell them
    apart ("Jack Reed" is not "Harry Reid")."""
    shared_before, shared_after = x.before & y.before, x.after & y.after
    if shared_before or shared_after:
        parts = []
        if shared_before:
            parts.append(said(N_("both follow %(names)s"), names=_names(shared_before)))
        if shared_after:
            parts.append(said(N_("both are followed by %(names)s"), names=_names(shared_after)))
        return Joined(", ", tuple(parts))
    for mine, theirs in ((x.before, y.before), (x.after, y.after)):
        if mine and theirs and not any(are_variants(p, q) for p in mine for q in theirs):
            return None
    if len(skeleton(_bare(x.core))) < MIN_CONSONANTS_ALONE:
        return None  # too short to tell from a different name ("Irina" / "Iran")
    if spelling_similarity(_bare(x.core), _bare(y.core)) < MIN_SIMILARITY_ALONE:
        return None
    if bool(x.before) != bool(y.before) or bool(x.after) != bool(y.after):
        return None  # one is a first name or a surname, the other stands alone
    return said(N_("no other word around them tells them apart"))


def _names(keys: set[str]) -> str:
    return " / ".join(f'"{k.capitalize()}"' for k in sorted(keys))


def _token_variant(
    a: SourceNames, b: SourceNames, x: NameToken, y: NameToken, context: Said | Joined
) -> NameVariant:
    shared_before, shared_after = x.before & y.before, x.after & y.after
    spelling_a = _with_neighbours(a, x, shared_before, shared_after)
    spelling_b = _with_neighbours(b, y, shared_before, shared_after)
    evidence = said(
        N_(
            '"%(first)s" and "%(second)s": %(similarity)s similar as strings, the same '
            'consonants when spoken ("%(sound)s"); %(context)s; each source writes only its own '
            "spelling"
        ),
        first=quoted_from(a.source, x.core),
        second=quoted_from(b.source, y.core),
        similarity=Figure(spelling_similarity(x.core, y.core), percent=True),
        sound=skeleton(_bare(x.core)),
        context=context,
    )
    return NameVariant(
        spelling_a,
        spelling_b,
        _occurrences(a.source.body_text, spelling_a, x.spans),
        _occurrences(b.source.body_text, spelling_b, y.spans),
        evidence,
    )


def _with_neighbours(names: SourceNames, token: NameToken, before: set, after: set) -> str:
    """'Berel Lazar' for 'Berel' when the other source also has 'Lazar' after its spelling."""
    text = names.source.body_text
    for start, end in token.spans:
        left = text[max(0, start - 40) : start].lower()
        right = text[end : end + 40].lower()
        head = next((w for w in sorted(before) if left.endswith(w + " ")), None)
        tail = next((w for w in sorted(after) if right.startswith(" " + w)), None)
        if (head or not before) and (tail or not after):
            s = start - (len(head) + 1 if head else 0)
            e = end + (len(tail) + 1 if tail else 0)
            return text[s:e]
    return token.written


def _occurrences(
    text: str, spelling: str, token_spans: list[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """Where `spelling` is written, and any other place of the token itself."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(spelling) + r"(?!\w)")
    spans = [m.span() for m in pattern.finditer(text)]
    for s, e in token_spans:
        if not any(ps <= s and e <= pe for ps, pe in spans):
            spans.append((s, e))
    return tuple(sorted(spans))


def _entity_variant(a: SourceNames, b: SourceNames, entity: Entity) -> NameVariant | None:
    """Two forms listed for one entity, each written by one source only."""
    text_a, text_b = a.source.body_text, b.source.body_text
    for form_a in entity.forms:
        for form_b in entity.forms:
            if form_a == form_b or len(form_a.split()) != len(form_b.split()):
                continue
            if _bare(form_a) == _bare(form_b):
                continue  # punctuation only: "F.B.I." / "FBI"
            places_a = _occurrences(text_a, form_a, [])
            places_b = _occurrences(text_b, form_b, [])
            if not places_a or not places_b:
                continue
            if _occurrences(text_b, form_a, []) or _occurrences(text_a, form_b, []):
                continue
            evidence = said(
                N_(
                    'both are listed as forms of "%(name)s" (%(id)s) in the entities file; '
                    "%(similarity)s similar as strings; each source writes only its own form"
                ),
                name=entity.name,
                id=entity.id,
                similarity=Figure(spelling_similarity(form_a, form_b), percent=True),
            )
            return NameVariant(form_a, form_b, places_a, places_b, evidence)
    return None


def _inside(token_variant: NameVariant, entity_variant: NameVariant) -> bool:
    """A word-level variant that the entity's two forms already cover."""
    return all(
        any(es <= s and e <= ee for es, ee in entity_variant.places_a)
        for s, e in token_variant.places_a
    ) and all(
        any(es <= s and e <= ee for es, ee in entity_variant.places_b)
        for s, e in token_variant.places_b
    )

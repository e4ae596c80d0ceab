"""Aligning the sentences of two sources by content, not position: TF-IDF weighted word and
word-pair vectors, cosine similarity, and a greedy one-to-one assignment above a threshold."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Link, Sentence
from .words import is_content, word_key, words

# Two sentences report the same thing when their similarity reaches this.
LINK_THRESHOLD = 0.25
# A pair of neighbouring content words counts this much, relative to a single word.
PAIR_WEIGHT = 0.5


@dataclass(frozen=True)
class SentenceTerms:
    """A sentence's content words, as keys with their first spelling, and its word pairs."""

    sentence: Sentence
    keys: tuple[str, ...]  # in order, repeats kept
    spelling: dict  # key -> the first word that gave it

    @property
    def terms(self) -> Counter:
        pairs = [f"{x} {y}" for x, y in zip(self.keys, self.keys[1:], strict=False)]
        return Counter(self.keys) + Counter({p: PAIR_WEIGHT for p in pairs})


def sentence_terms(sentence: Sentence) -> SentenceTerms:
    keys, spelling = [], {}
    for match in words(sentence.text):
        word = match.group()
        if not is_content(word):
            continue
        key = word_key(word)
        keys.append(key)
        spelling.setdefault(key, word)
    return SentenceTerms(sentence, tuple(keys), spelling)


def tfidf_vectors(documents: Sequence[Counter]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors, the IDF taken over `documents` (smoothed)."""
    frequency = Counter(term for doc in documents for term in doc)
    total = len(documents)
    vectors = []
    for doc in documents:
        vector = {
            term: _tf(count) * (math.log((1 + total) / (1 + frequency[term])) + 1.0)
            for term, count in doc.items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({term: w / norm for term, w in vector.items()})
    return vectors


def _tf(count: float) -> float:
    """Sub-linear term frequency; a word pair's weight below one is kept as it is."""
    return 1.0 + math.log(count) if count >= 1 else count


@dataclass(frozen=True)
class Alignment:
    links: tuple[Link, ...]
    scores: dict  # (index in a, index in b) -> similarity, for the pairs above zero
    best_a: dict  # index in a -> (similarity, index in b) of its best match
    best_b: dict


def align(terms_a: Sequence[SentenceTerms], terms_b: Sequence[SentenceTerms]) -> Alignment:
    """Link the sentences of two sources: first one to one, the most similar pairs first; then
    each sentence still unlinked whose best match reaches the threshold links to that match
    (so one sentence can be the partner of several, and "no link" means "no match")."""
    vectors = tfidf_vectors([t.terms for t in (*terms_a, *terms_b)])
    vectors_a, vectors_b = vectors[: len(terms_a)], vectors[len(terms_a) :]
    scores: dict[tuple[int, int], float] = {}
    best_a: dict[int, tuple[float, int]] = {}
    best_b: dict[int, tuple[float, int]] = {}
    # Only the pairs that share a term have a similarity: found through an index of b's terms,
    # not by comparing every sentence with every other (minutes for two long articles).
    having: dict[str, list[tuple[int, float]]] = {}
    for j, v in enumerate(vectors_b):
        for term, weight in v.items():
            having.setdefault(term, []).append((j, weight))
    for i, u in enumerate(vectors_a):
        products: dict[int, float] = {}
        for term, weight in u.items():
            for j, other in having.get(term, ()):
                products[j] = products.get(j, 0.0) + weight * other
        for j in sorted(products):
            score = products[j]
            if score <= 0:
                continue
            scores[i, j] = score
            if score > best_a.get(i, (0.0, -1))[0]:
                best_a[i] = (score, j)
            if score > best_b.get(j, (0.0, -1))[0]:
                best_b[j] = (score, i)
    used_a, used_b, links = set(), set(), []
    for (i, j), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < LINK_THRESHOLD:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        links.append(_link(terms_a[i], terms_b[j], score))
    for i, (score, j) in best_a.items():
        if i not in used_a and score >= LINK_THRESHOLD:
            links.append(_link(terms_a[i], terms_b[j], score))
    for j, (score, i) in best_b.items():
        if j not in used_b and score >= LINK_THRESHOLD:
            links.append(_link(terms_a[i], terms_b[j], score))
    links.sort(key=lambda link: (link.a.index, link.b.index))
    return Alignment(tuple(links), scores, best_a, best_b)


def _link(a: SentenceTerms, b: SentenceTerms, score: float) -> Link:
    in_b = set(b.keys)
    shared = tuple(dict.fromkeys(a.spelling[k] for k in a.keys if k in in_b))
    return Link(a.sentence, b.sentence, round(min(score, 1.0), 4), shared)

"""How fast and how well quotes anchor in a large corpus built from real news articles.

Builds 1,000 sources from the BASIL articles (outside the repository): 50 of about 50 KB, each a
concatenation of distinct articles, the 150 single articles, and distinct pairs of articles for
the rest. Then asks 11,000 quotes of them, one QuoteAnchorer per source as the build does:
10,000 passages that the source holds (8 in 10 exact, 1 in 10 with typographic changes, 1 in 10
with typos within the error budget that change neither a figure nor a negation, which the
anchorer is right to refuse as another statement) and 1,000 passages of other stories that it
does not hold.
Prints, per kind of quote, how many anchor to their true passage, to a wrong one, are ambiguous
or not found, with timings, and the targets beside the figures.

    python bench/anchoring.py [--data DIR] [--examples N] [--profile N]

DIR defaults to ../shared/devdata/basil beside the repository; without it, the script says so
and exits 0. Nothing of the data set is copied into the repository.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import resource
import statistics
import string
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import edlib

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "devdata" / "basil"
sys.path.insert(0, str(REPO))

from site_builder.anchor import Failure, Match, QuoteAnchorer, max_edits  # noqa: E402
from site_builder.anchor.facts import statement  # noqa: E402
from site_builder.anchor.normalise import NormalisedText, normalise  # noqa: E402
from site_builder.model import Block, SourceArticle  # noqa: E402

SEED = 20240607
OUTLETS = ("nyt", "fox", "hpo")
SOURCE_COUNT = 1_000
LONG_SOURCE_COUNT = 50
LONG_SOURCE_BYTES = 50_000
QUOTES_PER_SOURCE = 10
TENTHS = {"exact": 8, "typographic": 1, "typo": 1}  # of the quotes each source holds
QUOTE_LENGTHS = (20, 250)
DROPPED_WORD_SHARE = 0.2  # of the typo quotes
DROPPED_WORD = "dropped word"
MAX_ATTEMPTS = 1_000
CATEGORIES = ("exact", "typographic", "typo", "absent")
VERDICTS = ("correct", "wrong", "ambiguous", "not-found")
# A match is correct when both of its ends lie this close to the true passage's.
TOLERANCE = 2
TARGET_SECONDS = 5.0
TARGET_CORRECT = {"exact": 1.0, "typographic": 1.0, "typo": 0.98}

SWAPPED_QUOTES = str.maketrans(
    {"'": "\u2019", "\u2018": "'", "\u2019": "'", '"': "\u201c", "\u201c": '"', "\u201d": '"'}
)
LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}
SPACE_VARIANTS = ("  ", "\n", "\u00a0", " \n", "\u00a0 ")


@dataclass(frozen=True)
class Article:
    cluster: str
    outlet: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class BenchSource:
    source: SourceArticle
    clusters: tuple[str, ...]  # the stories its articles come from


@dataclass(frozen=True)
class QuoteCase:
    category: str
    source: int  # index into Corpus.sources
    quote: str
    span: tuple[int, int] | None  # the true passage in the body text; None when absent
    change: str  # what was done to the passage, for examples


@dataclass(frozen=True)
class Corpus:
    sources: tuple[BenchSource, ...]
    cases: tuple[QuoteCase, ...]
    set_aside: Counter  # candidate passages not used as quotes, by category and reason


@dataclass(frozen=True)
class Outcome:
    case: QuoteCase
    result: Match | Failure
    verdict: str  # one of VERDICTS
    seconds: float


# -- reading the articles ---------------------------------------------------------------------


def load_articles(data: Path) -> list[Article]:
    """Every article of every cluster, in a fixed order."""
    articles = []
    for cluster in sorted(path for path in data.iterdir() if path.is_dir()):
        for outlet in OUTLETS:
            path = cluster / f"{outlet}.txt"
            if path.is_file():
                articles.append(Article(cluster.name, outlet, read_paragraphs(path)))
    return [article for article in articles if article.paragraphs]


def read_paragraphs(path: Path) -> tuple[str, ...]:
    """The body paragraphs of an article file (line 1 is the headline, which is left out)."""
    _headline, _, body = path.read_text(encoding="utf-8").partition("\n")
    return tuple(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())


def fold(text: str) -> str:
    """What the anchorer compares at its case-folded level."""
    return normalise(text, casefold=True).text


# -- building the sources ---------------------------------------------------------------------


def build_sources(articles: list[Article], rng: random.Random) -> list[BenchSource]:
    """Long concatenations, then every single article, then distinct pairs up to the count."""
    groups = long_groups(articles, rng) + [[article] for article in articles]
    groups += distinct_pairs(articles, rng, SOURCE_COUNT - len(groups))
    return [make_source(index, group) for index, group in enumerate(groups)]


def long_groups(articles: list[Article], rng: random.Random) -> list[list[Article]]:
    """Distinct articles in a random order, joined until the body reaches LONG_SOURCE_BYTES."""
    groups = []
    for _ in range(LONG_SOURCE_COUNT):
        group: list[Article] = []
        for article in rng.sample(articles, len(articles)):
            if body_bytes(group) >= LONG_SOURCE_BYTES:
                break
            group.append(article)
        groups.append(group)
    return groups


def distinct_pairs(articles: list[Article], rng: random.Random, count: int) -> list[list[Article]]:
    """`count` different pairs of different articles, so that no two sources are the same."""
    seen: set[tuple[int, int]] = set()
    pairs = []
    while len(pairs) < count:
        first, second = rng.sample(range(len(articles)), 2)
        key = (min(first, second), max(first, second))
        if key not in seen:
            seen.add(key)
            pairs.append([articles[first], articles[second]])
    return pairs


def body_bytes(group: list[Article]) -> int:
    return len("\n\n".join(p for article in group for p in article.paragraphs).encode("utf-8"))


def make_source(index: int, group: list[Article]) -> BenchSource:
    paragraphs = [p for article in group for p in article.paragraphs]
    source_id = f"bench-{index:04d}"
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    source = SourceArticle(source_id, f"bench/{source_id}.txt", {}, blocks)
    return BenchSource(source, tuple(sorted({article.cluster for article in group})))


# -- choosing passages ------------------------------------------------------------------------


def pick_passage(text: str, rng: random.Random) -> tuple[int, int] | None:
    """A random passage of 20-250 characters at word boundaries, within one paragraph."""
    start = rng.randrange(len(text))
    if text[start].isspace():
        return None
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    paragraph_end = text.find("\n\n", start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    end = min(start + rng.randint(*QUOTE_LENGTHS), paragraph_end)
    while end > start and not is_word_end(text, end):
        end -= 1
    return (start, end) if end - start >= QUOTE_LENGTHS[0] else None


def is_word_end(text: str, offset: int) -> bool:
    return not text[offset - 1].isspace() and (offset == len(text) or text[offset].isspace())


def occurs_once(text: str, passage: str) -> bool:
    first = text.find(passage)
    return first >= 0 and text.find(passage, first + 1) < 0


# -- typographic changes ----------------------------------------------------------------------


def change_case(text: str, rng: random.Random) -> str:
    words = list(re.finditer(r"[A-Za-z]+", text))
    if not words or rng.random() < 0.3:
        return rng.choice((text.upper(), text.lower()))
    word = rng.choice(words)
    changed = rng.choice((word.group().upper(), word.group().lower(), word.group().swapcase()))
    return text[: word.start()] + changed + text[word.end() :]


def swap_quotes(text: str, rng: random.Random) -> str:
    return text.translate(SWAPPED_QUOTES)


def swap_dashes(text: str, rng: random.Random) -> str:
    return re.sub(
        r"[-\u2013\u2014]",
        lambda dash: rng.choice("\u2013\u2014") if dash.group() == "-" else "-",
        text,
    )


def vary_spaces(text: str, rng: random.Random) -> str:
    spaces = [m.start() for m in re.finditer(" ", text)]
    chosen = set(rng.sample(spaces, min(len(spaces), rng.randint(1, 3))))
    return "".join(rng.choice(SPACE_VARIANTS) if i in chosen else ch for i, ch in enumerate(text))


def soft_hyphen(text: str, rng: random.Random) -> str:
    words = list(re.finditer(r"[A-Za-z]{6,}", text))
    if not words:
        return text
    word = rng.choice(words)
    cut = rng.randint(word.start() + 2, word.end() - 2)
    return text[:cut] + "\u00ad" + text[cut:]


def ligature(text: str, rng: random.Random) -> str:
    spots = list(re.finditer("|".join(LIGATURES), text))
    if not spots:
        return text
    spot = rng.choice(spots)
    return text[: spot.start()] + LIGATURES[spot.group()] + text[spot.end() :]


# Applied in this order: case first, since upper-casing a ligature spells it out.
TYPOGRAPHIC: dict[str, Callable[[str, random.Random], str]] = {
    "case": change_case,
    "quotes": swap_quotes,
    "dashes": swap_dashes,
    "spaces": vary_spaces,
    "soft hyphen": soft_hyphen,
    "ligature": ligature,
}


def typographic_variant(passage: str, rng: random.Random) -> tuple[str, str]:
    """The passage with one to three of the typographic changes that apply to it, and their names."""
    applicable = [name for name, change in TYPOGRAPHIC.items() if change(passage, rng) != passage]
    chosen = set(rng.sample(applicable, min(len(applicable), rng.randint(1, 3))))
    text, applied = passage, []
    for name, change in TYPOGRAPHIC.items():
        changed = change(text, rng) if name in chosen else text
        if changed != text:
            text = changed
            applied.append(name)
    return text, "+".join(applied)


# -- typos ------------------------------------------------------------------------------------


def random_edit(text: str, rng: random.Random) -> str:
    """One substitution, insertion or deletion of a character, at a random place."""
    position = rng.randrange(len(text))
    letter = rng.choice(string.ascii_lowercase.replace(text[position].lower(), ""))
    operation = rng.choice(("substitute", "insert", "delete"))
    if operation == "substitute":
        return text[:position] + letter + text[position + 1 :]
    if operation == "insert":
        return text[:position] + letter + text[position:]
    return text[:position] + text[position + 1 :]


def drop_word(text: str, rng: random.Random) -> str | None:
    """The passage without one of its inner words (the first and last stay, to keep the ends)."""
    words = list(re.finditer(r"\S+", text))[1:-1]
    if not words:
        return None
    word = rng.choice(words)
    return text[: word.start()] + text[word.end() + 1 :]


def typo_variant(passage: str, rng: random.Random) -> tuple[str, str]:
    """The passage with a dropped word or 1 to half the budget of random character edits."""
    if rng.random() < DROPPED_WORD_SHARE:
        dropped = drop_word(passage, rng)
        if dropped is not None:
            return dropped, DROPPED_WORD
    budget = max_edits(len(fold(passage)))
    count = rng.randint(1, max(1, budget // 2))
    text = passage
    for _ in range(count):
        text = random_edit(text, rng)
    return text, f"{count} edit(s)"


def edit_distance(quote: str, passage: str) -> int:
    return edlib.align(fold(quote), fold(passage), mode="NW", task="distance")["editDistance"]


def within_budget(quote: str, passage: str) -> bool:
    """At least one edit, and no more than the anchorer allows for the quote's length."""
    return 1 <= edit_distance(quote, passage) <= max_edits(len(fold(quote)))


def another_passage_within_budget(
    folded: NormalisedText, span: tuple[int, int], quote: str
) -> bool:
    """Whether the quote also matches, within its budget, somewhere away from its passage."""
    start, end = folded.normalised_offset(span[0]), folded.normalised_offset(span[1])
    target = folded.text[:start] + "\0" * (end - start) + folded.text[end:]
    wanted = fold(quote)
    symbols = set(target) | set(wanted)
    if len(symbols) > 255:  # edlib takes at most 256 symbols; the rest can match nothing
        target = target.translate({ord(ch): "\0" for ch in symbols - set(wanted)})
    found = edlib.align(wanted, target, mode="HW", task="distance", k=max_edits(len(wanted)))
    return found["editDistance"] >= 0


# -- making the quotes ------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceText:
    """A source's body text and its case-folded forms, kept only while its quotes are made."""

    text: str
    folded: NormalisedText
    words: str  # its words alone, case-folded, between spaces


def words_of(text: str) -> str:
    """' word word ... ': the case-folded words without punctuation, to compare word sequences."""
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def exact_quote(source: SourceText, span: tuple[int, int], rng: random.Random) -> tuple | str:
    passage = source.text[span[0] : span[1]]
    return (passage, "none") if occurs_once(source.text, passage) else "recurs"


def typographic_quote(source: SourceText, span: tuple[int, int], rng: random.Random) -> tuple | str:
    passage = source.text[span[0] : span[1]]
    if not occurs_once(source.folded.text, fold(passage)):
        return "recurs once normalised"
    quote, change = typographic_variant(passage, rng)
    return (quote, change) if quote != passage else "no typographic change applies"


def typo_quote(source: SourceText, span: tuple[int, int], rng: random.Random) -> tuple | str:
    passage = source.text[span[0] : span[1]]
    if not occurs_once(source.folded.text, fold(passage)):
        return "recurs once normalised"
    for _ in range(20):
        quote, change = typo_variant(passage, rng)
        if within_budget(quote, passage):
            break
    else:
        return "edits exceed the budget"
    if statement(fold(quote)) != statement(fold(passage)):  # "17" made "1", "not" made "nt"
        return "a figure or a negation changed: another statement"
    if another_passage_within_budget(source.folded, span, quote):
        return "another passage within the budget"
    return quote, change


QUOTE_MAKERS = {"exact": exact_quote, "typographic": typographic_quote, "typo": typo_quote}


def present_case(
    index: int, source: SourceText, category: str, rng: random.Random, set_aside: Counter
) -> QuoteCase:
    """A quote of `category` of a passage that the source holds once."""
    for _ in range(MAX_ATTEMPTS):
        span = pick_passage(source.text, rng)
        if span is None:
            continue
        made = QUOTE_MAKERS[category](source, span, rng)
        if isinstance(made, str):
            set_aside[category, made] += 1
            continue
        return QuoteCase(category, index, made[0], span, made[1])
    raise RuntimeError(f"no {category} quote found in source {index}")


def absent_case(
    index: int, source: SourceText, others: list[Article], rng: random.Random, set_aside: Counter
) -> QuoteCase:
    """A passage of another story's article that the source does not hold, even normalised.

    Passages whose words the source has in the same order (say "President Barack Obama." where
    the source has "President Barack Obama'") are set aside: they are present, not absent.
    """
    for _ in range(MAX_ATTEMPTS):
        article = rng.choice(others)
        text = "\n\n".join(article.paragraphs)
        span = pick_passage(text, rng)
        if span is None:
            continue
        passage = text[span[0] : span[1]]
        folded = fold(passage)
        if folded in source.folded.text:
            set_aside["absent", "in the source once normalised"] += 1
        elif words_of(folded) in source.words:
            set_aside["absent", "its words in the source"] += 1
        else:
            return QuoteCase("absent", index, passage, None, f"from {article.cluster}")
    raise RuntimeError(f"no absent quote found for source {index}")


def make_cases(
    sources: list[BenchSource], articles: list[Article], rng: random.Random, set_aside: Counter
) -> list[QuoteCase]:
    """QUOTES_PER_SOURCE quotes the source holds, in shuffled categories, then one it does not."""
    categories = [name for name, tenths in TENTHS.items() for _ in range(tenths * len(sources))]
    rng.shuffle(categories)
    cases = []
    for index, bench in enumerate(sources):
        text = bench.source.body_text
        folded = normalise(text, casefold=True)
        source = SourceText(text, folded, words_of(folded.text))
        mine = categories[index * QUOTES_PER_SOURCE : (index + 1) * QUOTES_PER_SOURCE]
        cases += [present_case(index, source, name, rng, set_aside) for name in mine]
        others = [article for article in articles if article.cluster not in bench.clusters]
        cases.append(absent_case(index, source, others, rng, set_aside))
    return cases


def build_corpus(data: Path, seed: int = SEED) -> Corpus:
    """The sources and the quotes asked of them; the same for the same data and seed."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    articles = load_articles(data)
    sources = build_sources(articles, rng)
    set_aside: Counter = Counter()
    cases = make_cases(sources, articles, rng, set_aside)
    return Corpus(tuple(sources), tuple(cases), set_aside)


# -- anchoring --------------------------------------------------------------------------------


def verdict(case: QuoteCase, result: Match | Failure) -> str:
    if isinstance(result, Failure):
        return "ambiguous" if result.kind == "ambiguous" else "not-found"
    if case.span is None:
        return "wrong"
    start, end = result.spans[0][0], result.spans[-1][1]
    near = abs(start - case.span[0]) <= TOLERANCE and abs(end - case.span[1]) <= TOLERANCE
    return "correct" if near else "wrong"


def anchor_all(corpus: Corpus) -> tuple[list[Outcome], float, float]:
    """Anchor every quote; the outcomes, the total time and the CPU time of the process.

    As `anchor_notes` does, one QuoteAnchorer per source, all kept to the end, so the normalised
    texts they cache stay in memory.
    """
    outcomes = []
    started, cpu_started = time.perf_counter(), time.process_time()
    anchorers = [QuoteAnchorer(bench.source) for bench in corpus.sources]
    for case in corpus.cases:
        before = time.perf_counter()
        result = anchorers[case.source].anchor(case.quote)
        seconds = time.perf_counter() - before
        outcomes.append(Outcome(case, result, verdict(case, result), seconds))
    return outcomes, time.perf_counter() - started, time.process_time() - cpu_started


def profile_anchoring(corpus: Corpus, top: int) -> None:
    """Anchor everything again under cProfile; print the `top` functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    anchor_all(corpus)
    profiler.disable()
    print(f"\nprofile of the anchoring phase (cProfile, top {top} by cumulative time):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


# -- reporting --------------------------------------------------------------------------------


def milliseconds(seconds: list[float], quantile: int) -> float:
    """The `quantile`th percentile of the times, in milliseconds."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return 1000 * (statistics.median(seconds) if quantile == 50 else cuts[quantile - 1])


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_corpus(corpus: Corpus, seed: int, seconds: float) -> None:
    sizes = [len(bench.source.body_text.encode("utf-8")) for bench in corpus.sources]
    long_sizes = [size for size in sizes if size >= LONG_SOURCE_BYTES]
    counts = Counter(case.category for case in corpus.cases)
    print(
        f"corpus: {len(sizes)} sources, {sum(sizes) / 1e6:.2f} MB of body text, "
        f"{len(long_sizes)} articles of >= 50 KB ({min(long_sizes) / 1000:.1f}-"
        f"{max(long_sizes) / 1000:.1f} KB), the rest {min(sizes) / 1000:.1f}-"
        f"{max(s for s in sizes if s < LONG_SOURCE_BYTES) / 1000:.1f} KB"
    )
    print(
        f"quotes: {len(corpus.cases)} ("
        + ", ".join(f"{name} {counts[name]}" for name in CATEGORIES)
        + f"), seed {seed}"
    )
    print(f"corpus and quotes built in {seconds:.2f} s (not counted in the anchoring time)")
    if corpus.set_aside:
        reasons = ", ".join(f"{c} {r}: {n}" for (c, r), n in sorted(corpus.set_aside.items()))
        print(f"candidate passages set aside while building: {reasons}")


def print_table(outcomes: list[Outcome]) -> None:
    print(
        f"\n{'category':<12} {'count':>6} {'correct':>16} {'wrong':>6} {'ambiguous':>9} "
        f"{'not found':>9} {'median ms':>9} {'p99 ms':>7}  methods of the matches"
    )
    for name in CATEGORIES:
        mine = [o for o in outcomes if o.case.category == name]
        verdicts = Counter(o.verdict for o in mine)
        correct = "-" if name == "absent" else f"{verdicts['correct']} ({percent(mine):.2f}%)"
        times = [o.seconds for o in mine]
        methods = Counter(o.result.method for o in mine if isinstance(o.result, Match))
        print(
            f"{name:<12} {len(mine):>6} {correct:>16} {verdicts['wrong']:>6} "
            f"{verdicts['ambiguous']:>9} {verdicts['not-found']:>9} "
            f"{milliseconds(times, 50):>9.3f} {milliseconds(times, 99):>7.3f}  "
            + ", ".join(f"{method} {n}" for method, n in methods.most_common())
        )


def print_typo_kinds(outcomes: list[Outcome]) -> None:
    """The typo quotes split into character edits and dropped words, which fail differently."""
    typos = [o for o in outcomes if o.case.category == "typo"]
    for kind, dropped in (("character edits", False), (DROPPED_WORD, True)):
        mine = [o for o in typos if (o.case.change == DROPPED_WORD) == dropped]
        verdicts = Counter(o.verdict for o in mine)
        print(
            f"  typo, {kind}: {len(mine)}, correct {verdicts['correct']} ({percent(mine):.2f}%), "
            f"wrong {verdicts['wrong']}, ambiguous {verdicts['ambiguous']}, "
            f"not found {verdicts['not-found']}"
        )


def percent(outcomes: list[Outcome]) -> float:
    return 100 * sum(o.verdict == "correct" for o in outcomes) / max(len(outcomes), 1)


def print_targets(outcomes: list[Outcome], seconds: float, cpu_seconds: float) -> None:
    count = len(outcomes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nanchoring: {count} quotes in {seconds:.2f} s, {count / seconds:,.0f} quotes/s "
        f"({cpu_seconds:.2f} s of CPU; peak memory of the process: {peak:,.0f} MB)"
    )
    print(f"target: all {count} in < {TARGET_SECONDS:.0f} s: {met(seconds < TARGET_SECONDS)}")
    for name, share in TARGET_CORRECT.items():
        got = percent([o for o in outcomes if o.case.category == name])
        ok = got >= 100 * share
        print(f"target: >= {100 * share:.0f}% of {name} correct: {got:.2f}%, {met(ok)}")
    anchored = sum(o.case.category == "absent" and isinstance(o.result, Match) for o in outcomes)
    print(f"target: 0 absent quotes anchored anywhere: {anchored}, {met(anchored == 0)}")
    wrong = sum(o.verdict == "wrong" for o in outcomes)
    print(
        f"target: 0 quotes anchored to a wrong passage, all categories: {wrong}, {met(not wrong)}"
    )


def print_examples(corpus: Corpus, outcomes: list[Outcome], limit: int) -> None:
    """Up to `limit` quotes per category that did not anchor to their passage."""
    for name in CATEGORIES:
        failed = [o for o in outcomes if o.case.category == name and o.verdict != "correct"]
        if name == "absent":
            failed = [o for o in failed if isinstance(o.result, Match)]
        for outcome in failed[:limit]:
            print_example(corpus, outcome)


def print_example(corpus: Corpus, outcome: Outcome) -> None:
    case, result = outcome.case, outcome.result
    text = corpus.sources[case.source].source.body_text
    print(
        f"\n[{case.category}: {outcome.verdict}] {corpus.sources[case.source].source.id}, "
        f"{case.change}"
    )
    print(f"  quote:    {case.quote!r}")
    if case.span is not None:
        print(f"  passage:  {text[case.span[0] : case.span[1]]!r} at {case.span}")
    if isinstance(result, Match):
        found = " ... ".join(text[start:end] for start, end in result.spans)
        print(f"  returned: {result.method} {result.spans} distance {result.distance}: {found!r}")
        if case.span is not None:
            shift = (result.spans[0][0] - case.span[0], result.spans[-1][1] - case.span[1])
            print(f"  ends off by {shift} characters")
    else:
        print(f"  returned: {result.kind}: {result.message}")
        print(f"            {result.suggestion.splitlines()[0] if result.suggestion else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the basil/ directory")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="print up to N quotes per category that did not anchor right",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="then profile the anchoring and print the top N functions",
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir() or not any(args.data.glob("*/nyt.txt")):
        print(f"no benchmark data at {args.data} (needs <cluster>/nyt.txt): nothing to measure")
        return 0
    started = time.perf_counter()
    corpus = build_corpus(args.data, args.seed)
    print_corpus(corpus, args.seed, time.perf_counter() - started)
    outcomes, seconds, cpu_seconds = anchor_all(corpus)
    print_table(outcomes)
    print_typo_kinds(outcomes)
    print_targets(outcomes, seconds, cpu_seconds)
    if args.examples:
        print_examples(corpus, outcomes, args.examples)
    if args.profile:
        profile_anchoring(corpus, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

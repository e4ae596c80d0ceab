"""How fast and how well the cross-source comparison runs on real three-outlet coverage.

Runs `story_hints` on the 50 BASIL stories (outside the repository: <cluster>/{nyt,fox,hpo}.txt,
line 1 the headline, then paragraphs separated by blank lines; a first paragraph repeating the
headline is dropped). Entities are the "main-entities" of cluster.json. Prints the time per
story (median, max), the total time, the number of hints of each kind, and the recall and
precision of the hints against a small evaluation set built by hand
(bench/cross_source_eval.json): the differences a careful reader finds in five of the stories,
written down by reading the articles before the analysis was run.

    python bench/cross_source.py [--data DIR] [--eval FILE] [--review]

DIR defaults to ../shared/devdata/basil beside the repository; without it, the script says so
and exits 0. Nothing of the data set is copied into the repository: the evaluation file holds
short keys only (spellings, numbers, a few words of a quotation, the first words of a sentence).

How a hint matches an evaluation item (always within the item's story, and of the item's kind):
  name-variant   the hint's two spellings contain the item's two spellings, one each
                 (any of the item's alternative pairs: "Qaddafi"/"Gadhafi" or "Muammar"/"Moammar")
  quote-wording  the hint compares two of the item's outlets, one of the item's "words" is among
                 the words the hint marks as differing, and the item's "context" word is in the
                 compared wordings
  number         the item's value (e.g. "17 percent", "Aug. 24", "three billion") is a run of
                 words of one of the hint's values; for a hint that a number is in some sources
                 and not others, the outlets holding it must be exactly the item's "in"; for a
                 hint that matching sentences give different numbers, the outlets of the matching
                 value must be among the item's "in"
  only-in        the hint's sentence is in the item's outlet and starts with the item's words
                 (after at most two leading words, such as a dateline "WASHINGTON —")
Words compare lower-cased, without punctuation ("F.B.I." is "fbi"; "%" reads "percent").

Recall: over the required items (not those marked "optional": a careful reader could go
either way on them). Precision: over all hints of the evaluated stories, of the four kinds
above. A hint is correct when it matches a required or optional item, or an "also_correct"
entry: a hint that was not in the hand-made list, reviewed afterwards (see --review) and judged
correct. Every other hint counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from itertools import permutations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "devdata" / "basil"
DEFAULT_EVAL = REPO / "bench" / "cross_source_eval.json"
sys.path.insert(0, str(REPO))

from site_builder.analyse.compare import HINT_KINDS, Hint, story_hints  # noqa: E402
from site_builder.model import Block, Entity, SourceArticle  # noqa: E402

OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}
EVALUATED_KINDS = ("name-variant", "quote-wording", "number", "only-in")
TARGET_SECONDS = 10.0
TARGET_RECALL = 0.8
TARGET_PRECISION = 0.7


# -- the stories ------------------------------------------------------------------------------


def load_story(cluster: Path) -> tuple[list[SourceArticle], list[Entity]]:
    info = json.loads((cluster / "cluster.json").read_text(encoding="utf-8"))
    sources = []
    for outlet, name in OUTLETS.items():
        path = cluster / f"{outlet}.txt"
        if not path.is_file():
            continue
        headline, _, rest = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", rest) if p.strip()]
        if paragraphs and paragraphs[0] == headline.strip():
            paragraphs = paragraphs[1:]
        sources.append(
            SourceArticle(
                f"{cluster.name}-{outlet}",
                f"{cluster.name}/{outlet}.txt",
                {"outlet": name, "story": cluster.name},
                tuple(Block("paragraph", p) for p in paragraphs),
            )
        )
    names = dict.fromkeys(n for a in info["articles"] for n in a.get("main-entities") or [])
    entities = [Entity(_slug(n), n, "person", ()) for n in names]
    return sources, entities


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def outlet_of(source_id: str) -> str:
    return source_id.rsplit("-", 1)[-1]


# -- matching hints and items -------------------------------------------------------------------


def words(text: str) -> list[str]:
    text = text.lower().replace("%", " percent").replace("\u2019", "'")
    text = re.sub(r"(?<=\w)[.'](?=\w)", "", text)  # "f.b.i" -> "fbi", "don't" -> "dont"
    return re.findall(r"[a-z0-9]+", text.replace(",", ""))


def contains_run(haystack: list[str], needle: list[str], within: int | None = None) -> bool:
    last = len(haystack) - len(needle) if within is None else min(within, len(haystack) - 1)
    return any(haystack[k : k + len(needle)] == needle for k in range(0, last + 1))


def matches(hint: Hint, item: dict, texts: dict[str, str]) -> bool:
    kind = hint.kind
    if kind == "name-variant":
        values = [v.lower() for v in hint.values]
        return any(
            x.lower() in v1 and y.lower() in v2
            for x, y in item["spellings"]
            for v1, v2 in permutations(values, 2)
        )
    if kind == "quote-wording":
        outlets = {outlet_of(p[0]) for p in hint.places}
        marked = re.findall(r"\[-(.*?)-\]|\{\+(.*?)\+\}", hint.values[2])
        differing = {w for pair in marked for part in pair for w in words(part)}
        wordings = words(hint.values[0]) + words(hint.values[1])
        return (
            outlets <= set(item["outlets"])
            and bool(differing & {w for x in item["words"] for w in words(x)})
            and words(item["context"])[0] in wordings
        )
    if kind == "number":
        value = words(item["value"])
        found = [v for v in hint.values if contains_run(words(v), value)]
        if not found:
            return False
        holding = {outlet_of(p[0]) for p in hint.places if texts[p[0]][p[1] : p[2]] in found}
        if str(hint.summary).startswith("numbers differ"):
            return holding <= set(item["in"])
        return {outlet_of(p[0]) for p in hint.places} == set(item["in"])
    if kind == "only-in":
        source_id, start, end = hint.places[0]
        if outlet_of(source_id) != item["outlet"]:
            return False
        return contains_run(words(texts[source_id][start:end]), words(item["starts"]), within=2)
    return False


def evaluate(story: str, hints: list[Hint], expected: dict, texts: dict[str, str]) -> dict:
    """Per kind: required items found, and hints judged correct."""
    result: dict[str, Counter] = {kind: Counter() for kind in EVALUATED_KINDS}
    misses, wrong = [], []
    extra = expected.get("also_correct", {})
    for kind in EVALUATED_KINDS:
        items = expected.get(kind, [])
        kind_hints = [h for h in hints if h.kind == kind]
        for item in items:
            if item.get("optional"):
                continue
            result[kind]["items"] += 1
            if any(matches(h, item, texts) for h in kind_hints):
                result[kind]["found"] += 1
            else:
                misses.append((story, kind, item))
        for hint in kind_hints:
            result[kind]["hints"] += 1
            if any(matches(hint, item, texts) for item in [*items, *extra.get(kind, [])]):
                result[kind]["correct"] += 1
            else:
                wrong.append((story, hint))
    return {"counts": result, "misses": misses, "wrong": wrong}


# -- the run ------------------------------------------------------------------------------------


def run(data: Path) -> tuple[dict, dict, list[float]]:
    results, texts, seconds = {}, {}, []
    for cluster in sorted(p for p in data.iterdir() if (p / "cluster.json").is_file()):
        sources, entities = load_story(cluster)
        started = time.perf_counter()
        results[cluster.name] = story_hints(sources, [], [], entities)
        seconds.append(time.perf_counter() - started)
        texts.update({s.id: s.body_text for s in sources})
    return results, texts, seconds


def print_report(results: dict, texts: dict, seconds: list[float], evaluation: dict) -> bool:
    total = sum(seconds)
    print(f"cross-source comparison of {len(results)} stories ({len(texts)} sources)")
    print(
        f"time per story: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms; total {total:.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {'met' if total < TARGET_SECONDS else 'MISSED'})"
    )
    counts = Counter(h.kind for hints in results.values() for h in hints)
    print("hints, all stories: " + ", ".join(f"{k} {counts[k]}" for k in HINT_KINDS))
    stories = evaluation["stories"]
    totals: dict[str, Counter] = {kind: Counter() for kind in EVALUATED_KINDS}
    for story, expected in stories.items():
        outcome = evaluate(story, results.get(story, []), expected, texts)
        for kind, counter in outcome["counts"].items():
            totals[kind].update(counter)
    print(f"\nagainst the hand-made evaluation set ({len(stories)} stories):")
    print(
        f"  {'kind':<14} {'items':>5} {'found':>5} {'recall':>6}  {'hints':>5} {'right':>5} {'precision':>9}"
    )
    for kind, c in [*totals.items(), ("all", sum(totals.values(), Counter()))]:
        recall = c["found"] / c["items"] if c["items"] else float("nan")
        precision = c["correct"] / c["hints"] if c["hints"] else float("nan")
        print(
            f"  {kind:<14} {c['items']:>5} {c['found']:>5} {recall:>6.2f}  "
            f"{c['hints']:>5} {c['correct']:>5} {precision:>9.2f}"
        )
    every = sum(totals.values(), Counter())
    recall, precision = every["found"] / every["items"], every["correct"] / every["hints"]
    met = recall >= TARGET_RECALL and precision >= TARGET_PRECISION
    print(
        f"target: recall >= {TARGET_RECALL} with precision >= {TARGET_PRECISION}: "
        f"{'met' if met else 'MISSED'}"
    )
    return met


def print_review(results: dict, texts: dict, evaluation: dict) -> None:
    """The required items no hint found, and the hints no item vouches for."""
    for story, expected in evaluation["stories"].items():
        outcome = evaluate(story, results.get(story, []), expected, texts)
        for _, kind, item in outcome["misses"]:
            print(f"missed  {story} {kind}: {json.dumps(item, ensure_ascii=False)}")
        for _, hint in outcome["wrong"]:
            print(f"unmatched {story} {hint.kind}: {hint.summary}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the basil/ directory")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the evaluation set")
    parser.add_argument(
        "--review", action="store_true", help="list missed items and hints matching no item"
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir() or not any(args.data.glob("*/nyt.txt")):
        print(f"no benchmark data at {args.data} (needs <cluster>/nyt.txt): nothing to measure")
        return 0
    evaluation = json.loads(args.eval.read_text(encoding="utf-8"))
    results, texts, seconds = run(args.data)
    print_report(results, texts, seconds, evaluation)
    if args.review:
        print()
        print_review(results, texts, evaluation)
    return 0


if __name__ == "__main__":
    sys.exit(main())

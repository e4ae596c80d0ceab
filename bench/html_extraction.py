"""How well the HTML reader finds the article in real saved news pages, beside other extractors.

Reads the development data set (40 saved pages with human gold text, kept outside the
repository) and prints, per page and overall, word precision, recall and F1 against the gold
text: a bag of lower-cased `\\w+` words (multiset overlap), as the scrapinghub
article-extraction-benchmark measures. Compared: our reader (the build's own read path,
`read_source` on the saved page; its blocks joined by blank lines), plain trafilatura,
readability-lxml, and the text of every <p>. A page our reader cannot read (an error, or an
exception) scores F1 0 and is listed by name.

    python bench/html_extraction.py [DATA_DIR] [--quiet] [--repeat N]

DATA_DIR defaults to ../shared/devdata/html beside the repository; when it is absent the script
says so and exits 0. Nothing of the data set is copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "devdata" / "html"
sys.path.insert(0, str(REPO))

TARGET_MEAN_F1 = 0.99  # the dev set guards against regressions: it stays at 0.99 or more
TARGET_MIN_F1 = 0.95
TARGET_MEDIAN_MS = 50.0
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    seconds: float
    failure: str = ""  # why the extractor gave no text for the page


def word_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the multiset of lower-cased words."""
    found = Counter(_WORD.findall(predicted.lower()))
    wanted = Counter(_WORD.findall(gold.lower()))
    overlap = sum((found & wanted).values())
    precision = overlap / sum(found.values()) if found else 0.0
    recall = overlap / sum(wanted.values()) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


# --- The extractors compared ----------------------------------------------------------------


class Unread(Exception):
    """Our reader gave no source for a page: the build would report (or raise) this."""


def ours(raw: bytes) -> str:
    """The page read as the build reads a seed: saved in a site's seeds/, then `read_source`."""
    from site_builder.diagnostics import Diagnostics
    from site_builder.read.seeds import read_source
    from site_builder.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        seed = Path(folder) / "seeds" / "page.html"
        seed.parent.mkdir()
        seed.write_bytes(raw)
        diags = Diagnostics()
        source = read_source(seed, Path(folder), Settings(), diags)
    if source is None:
        raise Unread("; ".join(str(d) for d in diags.errors))
    return "\n\n".join(b.text for b in source.blocks if b.kind != "caption")  # gold has none


def plain_trafilatura(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8")) or ""


def readability_summary(raw: bytes) -> str:
    import lxml.html
    from readability import Document

    return lxml.html.document_fromstring(Document(raw.decode("utf-8")).summary()).text_content()


def every_paragraph(raw: bytes) -> str:
    import lxml.html

    page = lxml.html.document_fromstring(raw.decode("utf-8"))
    return "\n\n".join(p.text_content() for p in page.iter("p"))


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "ours": ours,
    "trafilatura": plain_trafilatura,
    "readability": readability_summary,
    "all-<p>": every_paragraph,
}


# --- Measuring ------------------------------------------------------------------------------


def load_pages(data: Path) -> list[tuple[str, bytes, str]]:
    """(short id, page bytes, gold text) for each page of the manifest."""
    pages = []
    with (data / "manifest.tsv").open(encoding="utf-8", newline="") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            raw = (data / row["html_file"]).read_bytes()
            gold = (data / row["gold_text_file"]).read_text(encoding="utf-8")
            pages.append((row["id"][:16], raw, gold))
    return pages


def measure(extract: Callable[[bytes], str], raw: bytes, gold: str, repeat: int) -> Score:
    """Scores of one page, and its time: the best of `repeat` runs (the least disturbed).
    A page the extractor fails on scores 0, with the reason."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            text = extract(raw)
        except Exception as exc:  # a failure is a result here: F1 0
            return Score(0.0, 0.0, 0.0, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
        times.append(time.perf_counter() - start)
    return Score(*word_scores(text, gold), min(times))


def print_pages(pages: list, results: dict[str, list[Score]]) -> None:
    header = "".join(f"{name + ' P/R/F1':<22}" for name in results)
    print(f"page              {header}ours time")
    for i, (page_id, _, _) in enumerate(pages):
        cells = [results[name][i] for name in results]
        print(
            f"{page_id:<18}"
            + "".join(f"{s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}    " for s in cells)
            + f"{cells[0].seconds * 1000:6.1f} ms"
        )
    print()


def print_failures(pages: list, results: dict[str, list[Score]]) -> None:
    """Every page an extractor failed on, by name, with the reason."""
    for name, scores in results.items():
        for (page_id, _, _), score in zip(pages, scores, strict=True):
            if score.failure:
                print(f"FAILED {name} {page_id}: {score.failure}")


def print_summary(results: dict[str, list[Score]]) -> None:
    print(
        f"{'':<12} {'P mean':>7} {'P med':>7} {'R mean':>7} {'R med':>7} "
        f"{'F1 mean':>8} {'F1 med':>7} {'F1 min':>7} {'ms/page (median)':>17}"
    )
    for name, scores in results.items():
        columns = []
        for metric in ("precision", "recall"):
            values = [getattr(score, metric) for score in scores]
            columns += [statistics.mean(values), statistics.median(values)]
        f1s = [score.f1 for score in scores]
        milliseconds = statistics.median(score.seconds for score in scores) * 1000
        print(
            f"{name:<12} "
            + " ".join(f"{value:7.4f}" for value in columns)
            + f" {statistics.mean(f1s):8.4f} {statistics.median(f1s):7.4f} {min(f1s):7.4f}"
            + f" {milliseconds:17.1f}"
        )


def targets_met(scores: list[Score]) -> bool:
    f1s = [score.f1 for score in scores]
    milliseconds = statistics.median(score.seconds for score in scores) * 1000
    return (
        statistics.mean(f1s) >= TARGET_MEAN_F1
        and min(f1s) >= TARGET_MIN_F1
        and milliseconds < TARGET_MEDIAN_MS
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quiet", action="store_true", help="print the summary only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page, best time kept")
    args = parser.parse_args(argv)
    if not (args.data / "manifest.tsv").is_file():
        print(f"No benchmark data at {args.data} (no manifest.tsv there): nothing to measure.")
        return 0
    pages = load_pages(args.data)
    for extract in EXTRACTORS.values():  # imports and first-call set-up are not page time
        measure(extract, pages[0][1], pages[0][2], 1)
    results = {
        name: [measure(extract, raw, gold, max(args.repeat, 1)) for _, raw, gold in pages]
        for name, extract in EXTRACTORS.items()
    }
    if not args.quiet:
        print_pages(pages, results)
    print(
        f"{len(pages)} pages; bag-of-words precision (P), recall (R) and F1 against the gold "
        f"text, per page, then mean, median and minimum; time: best of {args.repeat} runs"
    )
    print_summary(results)
    print_failures(pages, results)
    print(
        f"targets for ours (mean F1 >= {TARGET_MEAN_F1}, every page >= {TARGET_MIN_F1}, "
        f"median < {TARGET_MEDIAN_MS:.0f} ms/page): "
        + ("met" if targets_met(results["ours"]) else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

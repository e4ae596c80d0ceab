"""A large site made from the BASIL articles, for benchmarks: written to a folder outside the
repository (the articles belong to their publishers and are never committed).

Each of the 50 events was reported by three outlets. Sources are the 150 articles themselves,
then copies of them under other ids in further "stories" until there are as many as asked
(every copy keeps its story's three outlets together); notes quote one sentence of one source,
and the same sentence's story-mates where it recurs. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "devdata" / "basil"
OUTLETS = {"nyt": "The New York Times", "fox": "Fox News", "hpo": "HuffPost"}
# A sentence: a point inside a figure ("$2.6 billion") does not end it, and a quote cut there
# would cut the figure (which a quote may not).
SENTENCE = re.compile(r"[A-Z](?:[^.!?\n]|\.(?=\d)){40,180}[.!?](?!\d)")

SITE_YAML = """title: "Benchmark site"
base_url: "https://example.org/"
publisher: {name: "Benchmark desk", url: "https://example.org/"}
verdicts:
  accurate: {label: Accurate, meaning: "Correct.", colour: "#17603a", place: 3}
  misleading: {label: Misleading, meaning: "Misleading.", colour: "#8a4b00", place: 2}
  inaccurate: {label: Inaccurate, meaning: "Wrong.", colour: "#a4161a", place: 1}
  unverified: {label: Unverified, meaning: "Not checked.", colour: "#555555"}
"""


def data_absent(data: Path) -> bool:
    """Whether `data` is missing, said so (the benchmark is then skipped)."""
    if data.is_dir():
        return False
    print(f"{data} is absent: this benchmark needs ../shared/devdata/basil/ (skipped)")
    return True


def load_events(data: Path) -> list[dict]:
    """Each event: its cluster id, name, and {outlet: (headline, date, url, text)}."""
    events = []
    for cluster in sorted(p for p in data.iterdir() if p.is_dir()):
        info = json.loads((cluster / "cluster.json").read_text(encoding="utf-8"))
        dates = {a["source"]: (a.get("date") or "", a.get("url") or "") for a in info["articles"]}
        articles = {}
        for outlet in OUTLETS:
            path = cluster / f"{outlet}.txt"
            if path.is_file():
                articles[outlet] = (path.read_text(encoding="utf-8"), *dates.get(outlet, ("", "")))
        events.append(
            {"id": cluster.name, "event": info.get("event", cluster.name), "articles": articles}
        )
    return events


def write_site(
    root: Path, data: Path = DEFAULT_DATA, sources: int = 1000, notes: int = 5000, seed: int = 7
) -> dict:
    """Write seeds/, content/claims/ and content/site.yaml under `root`; returns counts."""
    rng = random.Random(seed)
    events = load_events(data)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "content" / "claims").mkdir(parents=True, exist_ok=True)
    (root / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    written: list[tuple[str, str]] = []  # (source id, body text)
    copy = 0
    while len(written) < sources:
        for event in events:
            story = f"{event['id']}-{copy}"
            for outlet, (text, date, url) in event["articles"].items():
                if len(written) >= sources:
                    break
                source_id = f"{outlet}-{event['id'][6:]}-{copy}"
                (root / "seeds" / f"{source_id}.txt").write_text(text, encoding="utf-8")
                (root / "seeds" / f"{source_id}.yaml").write_text(
                    f"outlet: {OUTLETS[outlet]}\npublished: '{date}'\nurl: '{url}'\nstory: {story}\n",
                    encoding="utf-8",
                )
                written.append((source_id, text.split("\n", 2)[-1]))
        copy += 1
    verdicts = ["accurate", "misleading", "inaccurate", "unverified"]
    made = 0
    while made < notes:
        source_id, body = rng.choice(written)
        sentences = [s for s in SENTENCE.findall(body) if body.count(s) == 1]
        if not sentences:
            continue
        quote = rng.choice(sentences)
        note = (
            "---\n"
            f'claim: "A claim made in {source_id}, number {made}"\n'
            f"verdict: {rng.choice(verdicts)}\n"
            f'summary: "Benchmark note {made}."\n'
            "claimant: Somebody\n"
            f"published: 2024-01-{1 + made % 28:02d}\n"
            "quotes:\n"
            f"  - source: {source_id}\n"
            f"    quote: {json.dumps(quote, ensure_ascii=False)}\n"
            "tags: [benchmark]\n"
            "---\n\nAn analysis paragraph for the benchmark.\n"
        )
        (root / "content" / "claims" / f"note-{made:05d}.md").write_text(note, encoding="utf-8")
        made += 1
    return {"sources": len(written), "notes": made}

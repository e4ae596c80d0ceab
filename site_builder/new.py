"""`site-builder new`: start a claim note or bring in a seed, never overwriting a file."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .anchor import Failure, QuoteAnchorer
from .cache import BuildCache
from .diagnostics import Diagnostics
from .read.seeds import SEED_SUFFIXES, read_source, read_sources
from .settings import load_settings


class ScaffoldError(Exception):
    """A `new` command that cannot be carried out; nothing was written."""


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "claim"


def free_id(folder: Path, wanted: str, suffix: str = ".md") -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever names no existing file."""
    candidate, n = wanted, 1
    while (folder / f"{candidate}{suffix}").exists():
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def new_claim(
    root: Path, claim: str, source_id: str, quote: str, note_id: str | None = None
) -> tuple[Path, str]:
    """Write content/claims/<id>.md from the note template; returns its path and where the
    quote was found (or why not), so the editor knows at once whether it anchors."""
    diags = Diagnostics()
    settings = load_settings(root, diags)
    sources = {s.id: s for s in read_sources(root, settings, diags, BuildCache())}
    if source_id not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise ScaffoldError(f"unknown source id {source_id!r} (known sources: {known})")
    folder = root / "content" / "claims"
    folder.mkdir(parents=True, exist_ok=True)
    if note_id:
        if (folder / f"{note_id}.md").exists():
            raise ScaffoldError(f"content/claims/{note_id}.md already exists: not overwriting it")
    else:
        note_id = free_id(folder, slugify(claim))
    verdicts = settings.verdict_keys
    verdict = "unverified" if "unverified" in verdicts else verdicts[0]
    front = {
        "claim": " ".join(claim.split()),
        "verdict": verdict,
        "summary": "",
        "claimant": "",
        "published": dt.date.today().isoformat(),
        "status": "draft",
        "author": "",
        "quotes": [{"source": source_id, "quote": quote}],
        "evidence": [],
        "entities": [],
        "tags": [],
    }
    text = (
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100) + "---\n\n"
        "**The claim.** Who said it, where, and how each source words it.\n\n"
        "**The evidence.** What the verdict rests on: primary sources first.\n\n"
        "**What could not be checked.** Say it plainly.\n\n"
        "**Why this verdict.** Judged as of the report's date.\n"
    )
    path = folder / f"{note_id}.md"
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    result = QuoteAnchorer(sources[source_id]).anchor(quote)
    if isinstance(result, Failure):
        found = f"{result.message}\n{result.suggestion}".strip()
    else:
        paragraph = sources[source_id].block_index_at(result.spans[0][0]) + 1
        found = f"quote found ({result.method}) in paragraph {paragraph}"
    return path, found


def new_source(root: Path, location: str) -> tuple[Path, Path]:
    """Copy a seed (a file, or the URL of a saved page) into seeds/ and write its metadata
    sidecar with what was detected, for the editor to check."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    name, data = _fetch(location)
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    if suffix not in SEED_SUFFIXES:
        suffix = ".html" if data.lstrip()[:1] == b"<" else ".txt"
    stem = slugify(stem, 80)
    target = seeds / f"{stem}{suffix}"
    sidecar = seeds / f"{stem}.yaml"
    if target.exists() or sidecar.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists: not overwriting it")
    with target.open("xb") as handle:
        handle.write(data)
    diags = Diagnostics()
    source = read_source(target, root, load_settings(root, diags), diags)
    if source is None:
        target.unlink()
        problems = "; ".join(d.message for d in diags.errors)
        raise ScaffoldError(f"{location}: no article could be read from it ({problems})")
    detected = {k: v for k, v in source.metadata.items() if v and k not in ("id", "display")}
    if location.startswith(("http://", "https://")):
        detected.setdefault("url", location)
    detected.setdefault("retrieved", dt.date.today().isoformat())
    metadata = {"id": source.id, **detected, "story": detected.get("story", "")}
    with sidecar.open("x", encoding="utf-8") as handle:
        handle.write(
            f"# Detected by `site-builder new source` from {location}: check every value,\n"
            "# fill in what is missing (leave it empty rather than guess), and set `story`.\n"
            + yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
        )
    return target, sidecar


def _fetch(location: str) -> tuple[str, bytes]:
    parts = urlsplit(location)
    if parts.scheme in ("http", "https"):
        with urllib.request.urlopen(location, timeout=30) as response:  # noqa: S310 (http(s) only)
            data = response.read()
        name = Path(unquote(parts.path)).name or parts.netloc
        return name, data
    path = Path(unquote(parts.path) if parts.scheme == "file" else location)
    if not path.is_file():
        raise ScaffoldError(f"{location}: no such file")
    return path.name, path.read_bytes()

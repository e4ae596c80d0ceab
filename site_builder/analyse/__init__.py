"""Analysis: what the build checks and works out once everything is read and anchored, before
anything is rendered (what fact-check publishing needs, changes since the last build), and the
cross-reference and comparison of the sources of each story (used while rendering)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import urls
from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import Site
from .checks import check_publishing, check_spellings, check_stories, check_verdict_changes
from .seed_changes import anchoring_record, previous_anchoring, report_seed_changes


def check_site(site: Site, diags: Diagnostics, cache: BuildCache) -> None:
    """Warnings about what the site's notes and sources lack or how they disagree."""
    check_publishing(site, diags, cache)
    check_spellings(site, diags)
    check_stories(site, diags)


def compare_with_build(folder: Path, site: Site, diags: Diagnostics) -> None:
    """What changed since the build in `folder`: seed texts (moved highlights) and verdicts."""
    report_seed_changes(
        lambda source_id: previous_anchoring(folder, source_id),
        list(site.sources),
        list(site.notes),
        list(site.anchors),
        diags,
    )
    previous_csv = folder / urls.CLAIMS_CSV
    if previous_csv.is_file():
        rows = csv.DictReader(io.StringIO(previous_csv.read_bytes().decode("utf-8", "replace")))
        verdicts = {row["note_id"]: row["verdict"] for row in rows if row.get("note_id")}
        check_verdict_changes(site, verdicts, diags)


def compare_with_site(old: Site, site: Site, diags: Diagnostics) -> None:
    """What changed since the last build of this session (`serve`), from memory."""
    old_sources = {s.id: s for s in old.sources}
    rewritten = [
        s
        for s in site.sources
        if s.id in old_sources and old_sources[s.id].text_hash != s.text_hash
    ]
    if rewritten:
        report_seed_changes(
            lambda i: anchoring_record(old_sources[i], list(old.anchors)),
            rewritten,
            list(site.notes),
            list(site.anchors),
            diags,
        )
    check_verdict_changes(site, {n.id: n.verdict for n in old.notes}, diags)

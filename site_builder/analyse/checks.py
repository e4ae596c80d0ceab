"""What a fact-check site is held to, checked before anything is rendered: what ClaimReview and
the feed need from each note, verdict changes logged, one spelling per tag and outlet page."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from .. import urls
from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import ClaimNote, Site
from ..read.fields import did_you_mean
from ..read.media import MEDIA_FOLDER, refused
from ..read.notes import PLACEHOLDERS
from ..render.markdown import PROSE_NESTING, addresses, media_name, too_deep
from ..render.schema import CLAIM_REVIEWED_MAX, claim_reviewed
from ..settings import SETTINGS_PATH, Settings


def check_publishing(site: Site, diags: Diagnostics, cache: BuildCache) -> None:
    """Warn where a note or source lacks what ClaimReview and the feed need (a note's warnings
    are kept in `cache` while the note and its verdict are unchanged)."""
    for note in site.notes:
        key = (note, site.settings.verdict(note.verdict))
        found = cache.checks.get(key)
        if found is None:
            local = Diagnostics()
            _check_note(note, site.settings, local)
            found = cache.checks.put(key, tuple(local.items))
        diags.items.extend(found)
    for page in site.pages:
        _check_nesting(page.path, page.body, page.body_line, diags)
    media = {medium.name for medium in site.media}
    for document in (*site.notes, *site.pages):
        _check_media(document.path, document.body, document.body_line, media, diags)
    for note in site.notes:
        for evidence in note.evidence:
            if evidence.file and evidence.file not in media:
                why = refused(evidence.file)
                diags.warning(
                    note.path,
                    evidence.line,
                    f"evidence file {evidence.file!r}: "
                    + (f"not published: {why}" if why else f"no such file in {MEDIA_FOLDER}/"),
                    f"put our copy at {MEDIA_FOLDER}/{evidence.file}"
                    + (" as a PDF" if why else ""),
                )
    _check_policies(site, diags)
    _check_future_dates(site, diags)
    for source in site.sources:
        if not source.metadata.get("url"):
            diags.warning(
                source.path,
                0,
                f"source {source.id!r} has no url: its ClaimReview appearances and open data carry none",
            )


def _check_future_dates(site: Site, diags: Diagnostics, now: datetime | None = None) -> None:
    """A warning for each date of a note, or an article's date, later than tomorrow (UTC: a
    day's slack for the time zones ahead of it): a typo ("2204"), or a note written ahead of
    its day, which the page, the feed and ClaimReview would date to a day that has not come.
    Checked at every build, never kept with a note's other warnings: tomorrow is a date."""
    tomorrow = ((now or datetime.now(UTC)) + timedelta(days=1)).date().isoformat()
    for note in site.notes:
        if note.status == "draft":  # (`--drafts`, `serve`): dated to the day it is to go out
            continue
        dated = [("published", note.published, note.date_lines[0] or note.line)]
        if note.date_lines[1]:  # else it is the update log's last date, told below
            dated.append(("updated", note.updated, note.date_lines[1]))
        dated += [("this update is dated", update.date, update.line) for update in note.updates]
        for what, date, line in dated:
            if _later(date, tomorrow):
                diags.warning(
                    note.path,
                    line,
                    f"{what} {date[:10]}: a day that has not come",
                    "give the day it happened; a note not ready to publish keeps status: draft",
                )
    for source in site.sources:
        published = str(source.metadata.get("published") or "")
        if _later(published, tomorrow):
            diags.warning(
                source.path,
                0,
                f"the article's published date, {published[:10]}, is a day that has not come",
                "correct published: in its metadata",
            )


def _later(date: str, day: str) -> bool:
    """Whether `date` (ISO 8601, or a part of one: a year, a month) is after `day`."""
    return date[:4].isdigit() and date[:10] > day


def _check_policies(site: Site, diags: Diagnostics) -> None:
    """A warning for each policy the settings set whose content page is not there: the footer
    and ClaimReview would carry none, without a word."""
    pages = sorted(page.slug for page in site.pages)
    for key, line in site.settings.policy_lines:
        page = site.settings.policy(key)
        if page and page not in pages:
            diags.warning(
                SETTINGS_PATH,
                line,
                f"Config value 'policies': {key} names the page {page!r}, and there is no "
                f"content/pages/{page}.md: the site links to no {key.replace('_', ' ')}",
                did_you_mean(page, pages)
                + "a policy names a content page by its file name, without .md; the pages: "
                + (", ".join(pages) or "none"),
            )


def _check_nesting(path: str, body: str, body_line: int, diags: Diagnostics) -> None:
    line = too_deep(body)
    if line is not None:
        diags.error(
            path,
            body_line + line,
            f"lists and block quotes nest more than {PROSE_NESTING} levels deep from this "
            "line: what is nested there would not be shown",
            "nest them less deeply",
        )


def _check_media(path: str, body: str, body_line: int, media: set[str], diags) -> None:
    """A link or image that leads into content/media/ finds its file there, and an image of
    it says in words what it shows (what a screen reader reads out instead)."""
    if "media/" not in body:  # (most notes: not parsed again to find out)
        return
    for line, url, words in addresses(body):
        found = media_name(path, url)
        if found is None:
            continue
        if found[0] not in media:
            why = refused(found[0])
            diags.warning(
                path,
                body_line + line,
                f"{url!r}: "
                + (f"not published ({why})" if why else f"no such file in {MEDIA_FOLDER}/")
                + ": the page would show nothing there",
                "save a picture as PNG, JPEG, WebP or GIF, a document as PDF"
                if why
                else f"put the file at {MEDIA_FOLDER}/{found[0]}",
            )
        if words == "":
            diags.warning(
                path,
                body_line + line,
                f"the image {url!r} does not say what it shows: a reader who cannot see it "
                "learns nothing from it",
                f"write it in the brackets: ![A post on X, 8 February 2024, saying ...]({url})",
            )


def _check_note(note: ClaimNote, settings: Settings, diags: Diagnostics) -> None:
    _check_nesting(note.path, note.body, note.body_line, diags)
    if not note.summary:
        diags.warning(
            note.path, note.line, "no summary: the one-line conclusion shown as 'In short'"
        )
    if not note.published:
        diags.warning(note.path, note.line, "no published date: the feed and ClaimReview need it")
    _check_update_log(note, diags)
    if note.status != "draft":
        _check_placeholders(note, diags)
    verdict = settings.verdict(note.verdict)
    if not verdict.rated:
        return  # a note that rates nothing has no ClaimReview
    if not note.claimant:
        diags.warning(note.path, note.line, "no claimant: ClaimReview needs the claim's author")
    short = claim_reviewed(note)
    if len(note.claim) >= CLAIM_REVIEWED_MAX and not note.claim_reviewed:
        diags.warning(
            note.path,
            note.line,
            f"the claim is {len(note.claim)} characters: add claim_reviewed, a short form "
            f"under {CLAIM_REVIEWED_MAX} characters, for ClaimReview",
            f"for now it is cut to: \u201c{short}\u201d",
        )
    elif len(short) >= CLAIM_REVIEWED_MAX:
        diags.warning(
            note.path, note.line, f"claim_reviewed must be under {CLAIM_REVIEWED_MAX} characters"
        )
    label = verdict.label.casefold()
    if label and label in short.casefold().split(" ") + [short.casefold()]:
        diags.warning(note.path, note.line, "claimReviewed should state the claim, not the verdict")


def _check_placeholders(note: ClaimNote, diags: Diagnostics) -> None:
    """A published note's sections that `new claim` wrote and nobody wrote over."""
    line = note.body_line
    for paragraph in note.body.split("\n\n"):
        if paragraph.strip() in PLACEHOLDERS:
            diags.warning(
                note.path,
                line + len(paragraph) - len(paragraph.lstrip("\n")),
                f"still what `new claim` wrote for the analysis: \u201c{paragraph.strip()}\u201d",
                "write the section in its place, or delete it",
            )
        line += paragraph.count("\n") + 2


def _check_update_log(note: ClaimNote, diags: Diagnostics) -> None:
    if (
        note.updates
        and note.updates[-1].new_verdict
        and note.updates[-1].new_verdict != note.verdict
    ):
        diags.warning(
            note.path,
            note.updates[-1].line,
            f"the last update says the verdict became {note.updates[-1].new_verdict!r}, "
            f"but the note's verdict is {note.verdict!r}",
        )


def check_verdict_changes(site: Site, previous: dict[str, str], diags: Diagnostics) -> None:
    """A verdict that changed since the last build needs an update log entry saying so."""
    for note in site.notes:
        old = previous.get(note.id)
        if not old or old == note.verdict:
            continue
        logged = any(u.old_verdict == old and u.new_verdict == note.verdict for u in note.updates)
        if not logged:
            diags.warning(
                note.path,
                note.verdict_line or note.line,
                f"the verdict changed from {old!r} to {note.verdict!r} since the last build, "
                "with no entry in the note's update log",
                _log_entry_advice(note, old),
            )


def _log_entry_advice(note: ClaimNote, old: str) -> str:
    """Where and how to log a verdict change: an entry at the end of the note's `updates:`,
    or the list itself for a note that has none (a second `updates:` would be an error)."""
    entry = (
        f"  - date: YYYY-MM-DD\n    change: ...\n"
        f"    old_verdict: {old}\n    new_verdict: {note.verdict}"
    )
    if note.updates:
        return (
            f"add an entry to its updates:, after the last (line {note.updates[-1].line}):\n{entry}"
        )
    return f"add to the front matter:\nupdates:\n{entry}"


def spellings_by_slug(named: list[tuple[str, str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    """(name, file, line) triples grouped by the URL slug of the name: names that differ only
    in case or punctuation share one page."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for name, path, line in named:
        groups.setdefault(urls.slug(name), []).append((name, path, line))
    return groups


def shown_name(spellings: list[str]) -> str:
    """The name a merged page shows: the most used spelling, ties to the first in order."""
    counts = Counter(spellings)
    return sorted(counts, key=lambda name: (-counts[name], name))[0]


def check_stories(site: Site, diags: Diagnostics) -> None:
    """A warning for each title in the settings' `stories:` that no source's story takes (a
    story renamed in the seeds' metadata, and not here, gets a title made of its id)."""
    known = {source.story for source in site.sources}
    addresses = {urls.slug(story) for story in known if story}
    lines = dict(site.settings.story_lines)
    for story_id, _ in site.settings.story_titles:
        if urls.slug(story_id) not in addresses:
            diags.warning(
                SETTINGS_PATH,
                lines.get(story_id, 0),
                f"stories: {story_id!r} is the story of no source: its title is not used",
                "the sources' stories: " + (", ".join(sorted(filter(None, known))) or "none"),
            )


def check_spellings(site: Site, diags: Diagnostics) -> None:
    """Warn where tags, outlets or stories that differ only in case or punctuation share a
    page (stories are then one story)."""
    tags = [
        (tag, n.path, line)
        for n in site.notes
        for tag, line in zip(n.tags, n.tag_lines, strict=True)
    ]
    outlets = [
        (s.outlet, s.metadata_path or s.path, s.outlet_line) for s in site.sources if s.outlet
    ]
    stories = [(s.story, s.metadata_path or s.path, s.story_line) for s in site.sources]
    for what, named, page, called in (
        ("tags", tags, urls.tag, str),
        ("outlets", outlets, urls.outlet, str),
        ("stories", stories, urls.story, site.settings.story_title),
    ):
        for group in spellings_by_slug(named).values():
            if len({name for name, _, _ in group}) < 2:
                continue
            shown = shown_name([name for name, _, _ in group])
            where = "; ".join(f"{name!r} at {path}:{line}" for name, path, line in group)
            first = group[0]
            diags.warning(
                first[1],
                first[2],
                f"{what} that differ only in case or punctuation share the page "
                f"/{page(shown)}, shown as {called(shown)!r}",
                f"spellings: {where}",
            )

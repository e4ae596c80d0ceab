"""What fact-check publishers are held to: schema.org ClaimReview for every claim, the publisher
Organization with its Trust Project policy pages, and the warnings when a note lacks what they need."""

from __future__ import annotations

import json

from .contents import ClaimNote, Entity, Site, SourceArticle
from .diagnostics import Diagnostics

CLAIM_REVIEWED_MAX = 75

# Trust Project property -> the settings key naming the content page it points at.
POLICY_PAGES = {
    "publishingPrinciples": "publishing_principles",
    "verificationFactCheckingPolicy": "verification_fact_checking_policy",
    "correctionsPolicy": "corrections_policy",
    "ownershipFundingInfo": "ownership_funding_info",
}


def absolute_url(settings: dict, path: str = "") -> str:
    """The absolute URL of a site path such as "claims/x/" (only for sitemap, feed, meta tags).
    The base URL always ends with "/" (the settings see to it)."""
    return settings["base_url"] + path.lstrip("/")


def publisher(settings: dict, page_slugs: set[str]) -> dict:
    """The publisher Organization, with the Trust Project properties for the pages that exist."""
    info = settings.get("publisher") or {}
    organization = {
        "@type": "Organization",
        "name": info.get("name") or settings["title"],
        "url": info.get("url") or absolute_url(settings),
    }
    policies = settings.get("policies") or {}
    for prop, key in POLICY_PAGES.items():
        slug = policies.get(key)
        if slug in page_slugs:
            organization[prop] = absolute_url(settings, f"{slug}/")
    return organization


def claim_reviewed(note: ClaimNote) -> str:
    """The claim as ClaimReview wants it: the note's short form, else the claim if short enough."""
    if note.claim_reviewed:
        return note.claim_reviewed
    if len(note.claim) < CLAIM_REVIEWED_MAX:
        return note.claim
    cut = note.claim[: CLAIM_REVIEWED_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def claim_review(
    note: ClaimNote,
    settings: dict,
    sources: dict[str, SourceArticle],
    entities: list[Entity],
    organization: dict,
) -> dict:
    """The schema.org ClaimReview record of one note."""
    verdict = settings["verdicts"].get(note.verdict, {})
    rating = {"@type": "Rating", "alternateName": verdict.get("label", note.verdict)}
    if isinstance(verdict.get("place"), int) and settings.get("scale_best") is not None:
        rating.update(
            ratingValue=verdict["place"],
            bestRating=settings["scale_best"],
            worstRating=settings["scale_worst"],
        )
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(settings, f"claims/{note.id}/"),
        "claimReviewed": claim_reviewed(note),
        "author": organization,
        "reviewRating": rating,
        "itemReviewed": _claim(note, sources, entities),
    }
    if note.published:
        review["datePublished"] = note.published
    if note.updated:
        review["dateModified"] = note.updated
    return review


def _claim(note: ClaimNote, sources: dict[str, SourceArticle], entities: list[Entity]) -> dict:
    claim: dict = {"@type": "Claim"}
    if note.claimant:
        claim["author"] = {"@type": _claimant_type(note.claimant, entities), "name": note.claimant}
    appearances = []
    for source_id in dict.fromkeys(q.source for q in note.quotes):
        source = sources[source_id]
        work: dict = {"@type": "CreativeWork"}
        if source.metadata.get("url"):
            work["url"] = source.metadata["url"]
        if source.headline:
            work["headline"] = source.headline
        if source.metadata.get("published"):
            work["datePublished"] = source.metadata["published"]
        if source.outlet:
            work["publisher"] = {"@type": "Organization", "name": source.outlet}
        appearances.append(work)
    if appearances:
        claim["appearance"] = appearances
    return claim


def _claimant_type(claimant: str, entities: list[Entity]) -> str:
    for entity in entities:
        if claimant in entity.forms or claimant == entity.id:
            return "Person" if entity.kind == "person" else "Organization"
    return "Person" if len(claimant.split()) in (2, 3) and claimant.istitle() else "Organization"


def json_for_script(data) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Per note: (the note, the verdict scale, its warnings), so `serve` re-checks only edited notes.
_CHECKED: dict[str, tuple] = {}


def check_publishing(site: Site, diags: Diagnostics) -> None:
    """Warn where a note or source lacks what ClaimReview and the feed need."""
    verdicts = site.settings["verdicts"]
    for note in site.notes:
        memo = _CHECKED.get(note.id)
        if memo is not None and memo[0] is note and memo[1] == verdicts:
            diags.items.extend(memo[2])
            continue
        first = len(diags.items)
        _check_note(note, verdicts, diags)
        _CHECKED[note.id] = (note, verdicts, diags.items[first:])
    for source in site.sources:
        if not source.metadata.get("url"):
            diags.warning(
                source.path,
                0,
                f"source {source.id!r} has no url: its ClaimReview appearances and open data carry none",
            )


def _check_note(note: ClaimNote, verdicts: dict, diags: Diagnostics) -> None:
    if not note.summary:
        diags.warning(
            note.path, note.line, "no summary: the one-line conclusion shown as 'In short'"
        )
    if not note.published:
        diags.warning(note.path, note.line, "no published date: ClaimReview needs datePublished")
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
    label = str(verdicts.get(note.verdict, {}).get("label", "")).casefold()
    if label and label in short.casefold().split(" ") + [short.casefold()]:
        diags.warning(note.path, note.line, "claimReviewed should state the claim, not the verdict")
    _check_update_log(note, diags)


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
                note.line,
                f"the verdict changed from {old!r} to {note.verdict!r} since the last build, "
                "with no entry in the note's update log",
                f"add to the front matter: updates: [{{date: ..., change: ..., "
                f"old_verdict: {old}, new_verdict: {note.verdict}}}]",
            )

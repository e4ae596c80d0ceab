"""schema.org data for fact-check publishers: the ClaimReview of each rated claim, and the
publisher Organization with its Trust Project policy pages."""

from __future__ import annotations

import json

from .. import urls
from ..model import ClaimNote

CLAIM_REVIEWED_MAX = 75

# Trust Project property -> the settings key naming the content page it points at.
POLICY_PAGES = {
    "publishingPrinciples": "publishing_principles",
    "verificationFactCheckingPolicy": "verification_fact_checking_policy",
    "correctionsPolicy": "corrections_policy",
    "ownershipFundingInfo": "ownership_funding_info",
}


def claim_reviewed(note: ClaimNote) -> str:
    """The claim as ClaimReview wants it: the note's short form, else the claim if short enough."""
    if note.claim_reviewed:
        return note.claim_reviewed
    if len(note.claim) < CLAIM_REVIEWED_MAX:
        return note.claim
    cut = note.claim[: CLAIM_REVIEWED_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def publisher(ctx) -> dict:
    """The publisher Organization, with the Trust Project properties for the pages that exist."""
    reads = ctx.reads
    settings = reads.settings
    organization = {
        "@type": "Organization",
        "name": settings.publisher_name or settings.title,
        "url": settings.publisher_url or settings.absolute_url(),
    }
    slugs = set(reads.page_slugs())
    for prop, key in POLICY_PAGES.items():
        slug = settings.policy(key)
        if slug in slugs:
            organization[prop] = settings.absolute_url(urls.content_page(slug))
    return organization


def claim_review(note: ClaimNote, ctx) -> dict | None:
    """The ClaimReview record of one note; None for a note whose verdict rates nothing."""
    settings = ctx.settings
    verdict = settings.verdict(note.verdict)
    if not verdict.rated:
        return None
    rating: dict = {"@type": "Rating", "alternateName": verdict.label}
    if note.summary:  # schema.org's short explanation of the rating, for fact checks
        rating["ratingExplanation"] = note.summary
    if verdict.place is not None:
        rating.update(
            ratingValue=verdict.place,
            bestRating=settings.scale_best,
            worstRating=settings.scale_worst,
        )
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.absolute_url(urls.claim(note.id)),
        "claimReviewed": claim_reviewed(note),
        "inLanguage": settings.language,
        "author": ctx.derive(publisher),
        "reviewRating": rating,
        "itemReviewed": _claim(note, ctx),
    }
    if note.published:
        review["datePublished"] = note.published
    if note.updated:
        review["dateModified"] = note.updated
    corrections = [
        {"@type": "CorrectionComment", "text": u.change, "datePublished": u.date}
        for u in note.updates
        if u.kind == "correction"
    ]
    if corrections:
        review["correction"] = corrections
    return review


def _claim(note: ClaimNote, ctx) -> dict:
    appearances = []
    outlets = set()
    for source_id in dict.fromkeys(q.source for q in note.quotes):
        source = ctx.reads.source(source_id)
        if source is None:
            continue
        outlets.add(source.outlet)
        work: dict = {"@type": "CreativeWork"}
        if source.metadata.get("url"):
            work["url"] = source.metadata["url"]
        if source.metadata.get("archived_url"):  # schema.org's term for the copy kept
            work["archivedAt"] = source.metadata["archived_url"]
        if source.headline:
            work["headline"] = source.headline
        if source.metadata.get("published"):
            work["datePublished"] = source.metadata["published"]
        if source.metadata.get("language"):
            work["inLanguage"] = source.metadata["language"]
        if source.outlet:
            work["publisher"] = {"@type": "Organization", "name": source.outlet}
        appearances.append(work)
    claim: dict = {"@type": "Claim"}
    if note.claimant:
        kind = _claimant_type(note.claimant, outlets, ctx)
        claim["author"] = {"@type": kind, "name": note.claimant}
    if appearances:
        claim["appearance"] = appearances
    first, day = _first_appearance(appearances)
    if first is not None:
        claim["firstAppearance"] = first
    if day:  # when the claim entered public discourse, as Google's fact-check data asks
        claim["datePublished"] = day
    return claim


def _first_appearance(appearances: list[dict]) -> tuple[dict | None, str]:
    """The first known occurrence of the claim, and its day. The day is known when every
    appearance is dated (an undated one may have come first); the occurrence, when only one
    appearance is of that day (which came first is not known otherwise)."""
    days = sorted((work.get("datePublished", "")[:10], n) for n, work in enumerate(appearances))
    if not days or not all(day for day, _ in days):
        return None, ""
    (day, first), *rest = days
    return (None if rest and rest[0][0] == day else appearances[first]), day


def _claimant_type(claimant: str, outlets: set[str], ctx) -> str:
    """Person or Organization: as the entities file says, an outlet the note quotes (a paper's
    own claim), else by the name's look (two or three capitalised words are a person's)."""
    kinds = ctx.derive(_entity_kinds)
    if claimant in kinds:
        return "Person" if kinds[claimant] == "person" else "Organization"
    if claimant in outlets:
        return "Organization"
    return "Person" if len(claimant.split()) in (2, 3) and claimant.istitle() else "Organization"


def _entity_kinds(ctx) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for entity in ctx.reads.all_entities():
        for form in (entity.id, *entity.forms):
            kinds.setdefault(form, entity.kind)
    return kinds


def json_for_script(data) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" that could end it. Compact (what
    the page carries for machines, on every claim page)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

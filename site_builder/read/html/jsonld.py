"""JSON-LD: the publisher's own statement of its article (NewsArticle and friends)."""

from __future__ import annotations

import json
import re

import lxml.html

from .words import plain_text

ARTICLE_TYPES = frozenset(
    """Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle
    BackgroundNewsArticle ReviewNewsArticle AskPublicNewsArticle SatiricalArticle BlogPosting
    LiveBlogPosting SocialMediaPosting Report TechArticle ScholarlyArticle""".split()
)


def jsonld_nodes(page: lxml.html.HtmlElement) -> list[dict]:
    """Every JSON-LD object of the page, top-level, in a list or in an @graph."""
    nodes: list[dict] = []

    def collect(item) -> None:
        if isinstance(item, list):
            for element in item:
                collect(element)
        elif isinstance(item, dict):
            nodes.append(item)
            collect(item.get("@graph"))

    for script in page.xpath("//script[@type='application/ld+json']"):
        collect(_parse_json(script.text or ""))
    return nodes


def _parse_json(text: str):
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text).strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def jsonld_article(nodes: list[dict]) -> dict:
    """The page's article object (NewsArticle and friends), with its @id references resolved."""
    return _fullest(nodes, ARTICLE_TYPES)


def jsonld_review(nodes: list[dict]) -> dict:
    """The page's ClaimReview (what a fact-checker's page states of its own review, often the
    only JSON-LD of its date), with its @id references resolved."""
    return _fullest(nodes, {"ClaimReview"})


def _fullest(nodes: list[dict], types: set[str] | frozenset[str]) -> dict:
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    found = [node for node in nodes if _types(node) & types]
    if not found:
        return {}
    node = max(found, key=lambda node: (bool(node.get("headline")), len(node)))
    return {key: _resolve(value, by_id) for key, value in node.items()}


def _types(node: dict) -> set[str]:
    kinds = node.get("@type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list):
        return set()
    return {kind.rsplit("/", 1)[-1] for kind in kinds if isinstance(kind, str)}


def _resolve(value, by_id: dict[str, dict]):
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return by_id.get(value["@id"], value)
    return value


def jsonld_url(article: dict) -> str:
    """The article's address as JSON-LD gives it (`url`, else `mainEntityOfPage`)."""
    url = article.get("url") or article.get("mainEntityOfPage")
    if isinstance(url, dict):
        url = url.get("@id") or url.get("url")
    return url if isinstance(url, str) else ""


def name_of(value) -> str:
    """The name of a JSON-LD thing: a string, an object's name, or the first of a list's."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return value if isinstance(value, str) else ""


def names_of(value) -> str:
    """Author names from JSON-LD: a string, a Person, or a list of them. An Organization (the
    outlet, most often: "author": {"@type": "Organization", "name": "Sky"}) is no byline."""
    items = [
        item
        for item in (value if isinstance(value, list) else [value])
        if not (isinstance(item, dict) and "Organization" in str(item.get("@type", "")))
    ]
    names = [name_of(item).strip() for item in items]
    return ", ".join(dict.fromkeys(n for n in names if n and not n.startswith("http")))


# Where a paragraph of an `articleBody` ends: a line break, or the end of a block element.
_PARAGRAPH_END = re.compile(r"\n|<(?:br|/p|/div|/h[1-6]|/li|/blockquote)\b[^>]*>", re.I)


def jsonld_article_body(nodes: list[dict]) -> str:
    """JSON-LD `articleBody` as plain text, a paragraph a line, when the page gives one."""
    bodies = [node.get("articleBody") for node in nodes]
    texts = (_paragraph_lines(body) for body in bodies if isinstance(body, str))
    return max(texts, key=len, default="")


def _paragraph_lines(body: str) -> str:
    return "\n".join(filter(None, map(plain_text, _PARAGRAPH_END.split(body))))

"""Checking a built site: every internal link, asset and fragment (#...) resolves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from ..diagnostics import Diagnostic

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))


def page_url(out: Path, html_file: Path, base_path: str) -> str:
    """The URL path at which a built file is served, e.g. "/factcheck/claims/x/"."""
    rel = html_file.relative_to(out).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return base_path.rstrip("/") + "/" + rel


def resolve(out: Path, url_path: str, base_path: str) -> Path | None:
    """The file that serves `url_path`, or None when it is outside the site or missing."""
    base = base_path.rstrip("/") + "/"
    if not url_path.startswith(base):
        return None
    target = out / unquote(url_path[len(base) :])
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_links(out: Path, base_path: str = "/") -> list[Diagnostic]:
    """Every internal reference in every page of `out` (served at `base_path`) must resolve."""
    ids: dict[Path, set[str]] = {}
    problems: list[Diagnostic] = []
    pages = sorted(out.rglob("*.html"))
    parsed = {path: BeautifulSoup(path.read_bytes(), "html.parser") for path in pages}
    for path, doc in parsed.items():
        ids[path] = {tag["id"] for tag in doc.find_all(id=True)}
    for path, doc in parsed.items():
        here = page_url(out, path, base_path)
        if path.name == "404.html":
            here = base_path.rstrip("/") + "/some/missing/page/"  # served at any depth
        for tag_name, attribute in LINK_ATTRIBUTES:
            for tag in doc.find_all(tag_name, attrs={attribute: True}):
                problem = _check_reference(out, base_path, here, path, tag[attribute], ids)
                if problem:
                    rel = path.relative_to(out).as_posix()
                    problems.append(Diagnostic(rel, tag.sourceline or 0, problem))
    return problems


def _check_reference(out, base_path, here, path, reference, ids) -> str:
    if urlsplit(reference).scheme or reference.startswith("//"):
        return ""  # an external address: not ours to check
    url, fragment = urldefrag(urljoin(here, reference))
    target = path if reference.startswith("#") else resolve(out, urlsplit(url).path, base_path)
    if target is None:
        return f"broken link {reference!r}: nothing is served at {urlsplit(url).path}"
    if fragment and target.suffix == ".html" and unquote(fragment) not in ids.get(target, set()):
        return f"broken fragment {reference!r}: no element with id {unquote(fragment)!r}"
    return ""

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


def check_links(
    out: Path, base_path: str = "/", unbuilt: tuple[str, ...] = (), content: Path | None = None
) -> list[Diagnostic]:
    """Every internal reference in every page of `out` (served at `base_path`) must resolve,
    but those into the folders `unbuilt` ("pagefind/": made by a full build only). With
    `content` (the site's content/ folder), a broken reference written in a note or page, or
    in a template of the site's own, is reported at its file and line there (once, however
    many pages show it), the rest at the page."""
    ids: dict[Path, set[str]] = {}
    references: dict[Path, list[tuple[str, int]]] = {}  # each page's, with its line
    for path in sorted(out.rglob("*.html")):  # what each page holds, read once, kept small
        doc = BeautifulSoup(path.read_bytes(), "html.parser")
        ids[path] = {tag["id"] for tag in doc.find_all(id=True)}
        references[path] = [
            (tag[attribute], tag.sourceline or 0)
            for tag_name, attribute in LINK_ATTRIBUTES
            for tag in doc.find_all(tag_name, attrs={attribute: True})
        ]
        doc.decompose()
    problems: dict[tuple, Diagnostic] = {}
    skipped = tuple(base_path.rstrip("/") + "/" + folder for folder in unbuilt)
    places = (("content", "*.md"), ("templates", "*.html"))
    written = written_lines(content.parent, places) if content is not None else {}
    for path, found in references.items():
        here = page_url(out, path, base_path)
        if path.name == "404.html":
            here = base_path.rstrip("/") + "/some/missing/page/"  # served at any depth
        for reference, line in found:
            try:
                if urlsplit(urljoin(here, reference)).path.startswith(skipped):
                    continue
                problem = _check_reference(out, base_path, here, path, reference, ids)
            except ValueError:  # brackets around no IPv6 address ("http://[x]/")
                problem = f"malformed link {reference!r}: no browser can follow it"
            if problem:
                rel = path.relative_to(out).as_posix()
                found_at = _written_at(written, _as_written(here, reference, base_path))
                where = (rel, line)
                if found_at is not None:
                    *where, form = found_at
                    # (a link from the site's root, which the page gives relative to itself)
                    problem = problem.replace(repr(reference), repr(form), 1)
                    problem += f" (shown on {rel})" if where[0] != rel else ""
                problems.setdefault((*where, reference), Diagnostic(*where, problem))
    return list(problems.values())


def written_lines(root: Path, places) -> dict[str, list[str]]:
    """The lines of the site's own files under `root` that may write an address: those of each
    (folder, glob pattern) of `places`, by path from `root` (a file that cannot be read as
    UTF-8 is left out: the build tells of it)."""
    found = {}
    for folder, pattern in places:
        for path in sorted((root / folder).rglob(pattern)):
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            found[path.relative_to(root).as_posix()] = lines
    return found


def _as_written(here: str, reference: str, base_path: str) -> tuple[str, ...]:
    """`reference`, on the page at `here`, and, if it is relative to the page, the forms a note
    or page may have written it in from the site's root ("/claims/x/", "/sub/claims/x/"): the
    build makes those relative to the page."""
    if not reference or reference.startswith(("/", "#")) or ":" in reference.split("/")[0]:
        return (reference,)  # (from the root already, or with a scheme: as it is written)
    joined = urljoin(here, reference)
    base = base_path.rstrip("/") + "/"
    rooted = "/" + joined[len(base) :] if joined.startswith(base) else joined
    return tuple(dict.fromkeys((reference, rooted, joined)))


def _written_at(
    written: dict[str, list[str]], references: tuple[str, ...]
) -> tuple[str, int, str] | None:
    """The first file and line where a Markdown link or HTML attribute gives one of
    `references` (the first that one is given), with the one given; None if none is."""
    for reference in references:
        forms = (f"]({reference}", f"]( {reference}", f'"{reference}"', f"<{reference}>")
        for rel, lines in written.items():
            for number, line in enumerate(lines, 1):
                if any(form in line for form in forms):
                    return rel, number, reference
    return None


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

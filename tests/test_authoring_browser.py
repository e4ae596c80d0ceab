"""Authoring while serving, in a real browser (Debian's Chromium through Playwright) against a
real `site-builder serve`: select a passage or use the keyboard alone, save, and the note is on
disk and highlighted; the controls and the form pass axe."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright import sync_api

from site_builder.read.yamlfile import split_front_matter

from .conftest import REPO
from .test_browser import ARGS, AXE_ALL_RULES, CHROMIUM, SHOTS, WIDTHS
from .test_new_note import sources_of
from .test_serve import server  # noqa: F401 (the `server` fixture)

RT = "rt-2024-02-07"
REUTERS = "reuters-2024-02-07"
DOCS_SHOT = REPO / "docs" / "authoring.png"

# The page range of the `occurrence`-th `needle` in the text of `selector` (as the page shows it).
FIND = """([selector, needle, occurrence]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) { at = text.indexOf(needle, at + 1); }
  if (at < 0) { throw new Error("not on the page: " + needle); }
  const point = (offset, end) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i][1] < offset || (!end && nodes[i][1] === offset)) { return [nodes[i][0], offset - nodes[i][1]]; }
    }
  };
  const range = document.createRange();
  range.setStart(...point(at, false));
  range.setEnd(...point(at + needle.length, true));
  window.__found = range;
  const rects = range.getClientRects();
  const first = rects[0], last = rects[rects.length - 1];
  return {start: [first.left + 1, first.top + first.height / 2], end: [last.right - 1, last.top + last.height / 2]};
}"""
SELECT = "() => { const s = getSelection(); s.removeAllRanges(); s.addRange(window.__found); }"


@pytest.fixture(scope="module")
def browser():
    """Chromium as the other browser tests run it, with caret browsing: the keyboard can then
    select text (F7 in a desktop browser)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*ARGS, "--enable-caret-browsing"]
        )
        yield browser
        browser.close()


@pytest.fixture
def author(browser, server):  # noqa: F811
    """Open pages of a served copy of the demo; the test fails on a console error or on a
    request that leaves the server."""
    base, root, port, served = server
    contexts, problems = [], []

    def open_page(path: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: r.url.startswith(base) or problems.append(r.url))
        page.goto(base + path)
        page.wait_for_selector("html[data-authoring=ready]")
        return page

    yield SimpleNamespace(open=open_page, root=root, base=base)
    for context in contexts:
        context.close()
    assert problems == []


def select_with_mouse(page, selector: str, needle: str, occurrence: int = 0) -> None:
    where = page.evaluate(FIND, [selector, needle, occurrence])
    page.mouse.move(*where["start"])
    page.mouse.down()
    page.mouse.move(*where["end"], steps=5)
    page.mouse.up()
    assert page.evaluate("getSelection().toString()") == needle


def select(page, selector: str, needle: str, occurrence: int = 0) -> None:
    """Select as caret browsing would, without a mouse."""
    page.evaluate(FIND, [selector, needle, occurrence])
    page.evaluate(SELECT)


def tab_to_paragraph_control(page, number: int) -> None:
    for _ in range(120):
        page.keyboard.press("Tab")
        if f"paragraph {number})" in page.evaluate("document.activeElement.textContent"):
            return
    raise AssertionError(f"Tab never reached the control of paragraph {number}")


def saved(page, root: Path) -> tuple[str, dict]:
    """After a save: the page reloaded with what was written; the note's id and front matter."""
    banner = page.locator(".sb-saved")
    banner.wait_for(timeout=30_000)
    path = re.search(r"content/claims/\S+\.md", banner.inner_text()).group(0)
    text = (root / path).read_text(encoding="utf-8")
    return Path(path).stem, split_front_matter(text).metadata


def test_select_a_sentence_save_and_it_is_highlighted_with_the_note_beside_it(author):
    page = author.open(f"/sources/{RT}/")
    page.locator("#p-5").scroll_into_view_if_needed()
    sentence = "Last Friday, Lazar held a press conference alongside two former hostages"
    select_with_mouse(page, "#p-5", sentence)
    button = page.locator('button[data-action="new-note"]')
    button.click()
    sync_api.expect(page.locator("#sb-where")).to_contain_text("Found in paragraph 5")
    assert page.locator("#sb-quote").input_value() == sentence
    sync_api.expect(page.locator("#sb-claim")).to_have_value(sentence)  # prefilled
    sync_api.expect(page.locator("#sb-verdict")).to_have_value("unverified")
    page.locator("#sb-claim").fill("Lazar appeared with two freed hostages")
    page.locator("#sb-claimant").fill("RT")
    page.locator("#sb-tags").fill("hostages, press")
    page.locator('button[data-action="save-note"]').click()
    note_id, front = saved(page, author.root)
    assert note_id == "lazar-appeared-with-two-freed-hostages"
    assert front["quotes"] == [{"source": RT, "quote": sentence}]
    assert (front["status"], front["claimant"], front["tags"]) == (
        "draft",
        "RT",
        ["hostages", "press"],
    )
    mark = page.locator(f'#p-5 mark[data-claim="{note_id}"]')
    sync_api.expect(mark).to_have_text(sentence)
    note = page.locator(f"#note-{note_id}")
    sync_api.expect(note).to_be_in_viewport()
    row = mark.locator("xpath=ancestor::div[contains(@class,'row')]")
    assert row.locator(f"#note-{note_id}").count() == 1  # beside its passage


def test_a_passage_found_twice_is_saved_with_the_context_that_picks_the_one_chosen(author):
    page = author.open(f"/sources/{RT}/")
    select(page, "#p-4", "Moscow is in contact")  # also in paragraph 1
    page.locator('button[data-action="new-note"]').click()
    sync_api.expect(page.locator("#sb-where")).to_contain_text("more than once")
    page.locator("#sb-claim").fill("Moscow is in contact with Hamas, paragraph four")
    page.locator('button[data-action="save-note"]').click()
    note_id, front = saved(page, author.root)
    (quote,) = front["quotes"]
    assert quote["quote"] == "Moscow is in contact" and (quote.get("prefix") or quote.get("suffix"))
    assert page.locator(f'#p-4 mark[data-claim="{note_id}"]').count() == 1
    assert page.locator(f'#p-1 mark[data-claim="{note_id}"]').count() == 0


def test_the_keyboard_alone_notes_a_passage_of_a_paragraph(author):
    page = author.open(f"/sources/{RT}/")
    tab_to_paragraph_control(page, 7)
    control = page.locator(":focus")
    assert control.get_attribute("data-action") == "note-paragraph"
    assert control.bounding_box()["width"] > 50  # shown on focus
    page.keyboard.press("Enter")
    quote = page.locator("#sb-quote")
    sync_api.expect(quote).to_be_focused()
    sync_api.expect(quote).to_have_value(re.compile("^The Israeli-Palestinian conflict flared up"))
    page.keyboard.press("Control+A")
    page.keyboard.type("the Israeli-Palestinian conflict flared up in October")  # trimmed
    sync_api.expect(page.locator("#sb-where")).to_contain_text("Found in paragraph 7")
    page.keyboard.press("Tab")  # the choice: a new note
    page.keyboard.press("Tab")
    sync_api.expect(page.locator("#sb-claim")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("The conflict flared up in October")
    for _ in range(4):  # verdict, claimant, tags, save
        page.keyboard.press("Tab")
    sync_api.expect(page.locator('button[data-action="save-note"]')).to_be_focused()
    page.keyboard.press("Enter")
    note_id, front = saved(page, author.root)
    assert front["quotes"] == [
        {"source": RT, "quote": "The Israeli-Palestinian conflict flared up in October"}
    ]  # the source's own words, not what was typed
    assert page.locator(f'#p-7 mark[data-claim="{note_id}"]').count() == 1


def test_the_keyboard_alone_notes_a_selection_made_with_caret_browsing(author):
    page = author.open(f"/sources/{RT}/")
    tab_to_paragraph_control(page, 5)
    for key in ("ArrowDown", "ArrowDown", "Home"):  # the caret into the paragraph
        page.keyboard.press(key)
    for _ in range(len("Last Friday")):
        page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == "Last Friday"
    button = page.locator('button[data-action="new-note"]')
    button.wait_for()
    page.keyboard.press("Tab")
    sync_api.expect(button).to_be_focused()
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#sb-claim")).to_be_focused()
    page.keyboard.type("Last Friday there was a press conference")
    for _ in range(4):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    note_id, front = saved(page, author.root)
    assert front["quotes"][0]["quote"] == "Last Friday"


def test_a_note_saved_before_its_passage_is_found_waits_for_it(author):
    page = author.open(f"/sources/{RT}/")
    held = []  # the form's first search for its passage, kept from the server for a while

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/_site-builder/passage", hold_the_first)
    passage = "Russian-Israeli have relations suffered a blow amid the escalation."
    select(page, "#p-9", passage)
    page.locator('button[data-action="new-note"]').click()
    page.locator("#sb-claim").fill("Relations suffered a blow, RT says")
    page.locator('button[data-action="save-note"]').click()
    sync_api.expect(page.locator(".sb-status")).to_have_text("Saving\u2026")
    assert len(held) == 1, "the save waits for the passage; it asks nothing of its own"
    held[0].continue_()
    note_id, front = saved(page, author.root)
    assert front["quotes"][0]["quote"] == passage
    assert front["claim"] == "Relations suffered a blow, RT says"


def test_a_passage_of_another_source_is_added_to_a_note_that_exists(author):
    note_id = "russia-drew-closer-to-iran-since-ukraine-war"  # quotes Reuters only
    path = author.root / f"content/claims/{note_id}.md"
    before = path.read_text(encoding="utf-8")
    passage = "Russian-Israeli have relations suffered a blow amid the escalation."
    page = author.open(f"/sources/{RT}/")
    select(page, "#p-9", passage)
    page.locator('button[data-action="new-note"]').click()
    page.locator('input[name="sb-target"][value="existing"]').check()
    page.locator("#sb-note").select_option(note_id)
    save = page.locator('button[data-action="save-note"]')
    sync_api.expect(save).to_have_text("Add the passage to this note")
    save.click()
    saved(page, author.root)
    after = path.read_text(encoding="utf-8")
    entry = f"  - source: {RT}\n    quote: {passage}\n"
    assert entry in after and after.replace(entry, "", 1) == before
    sync_api.expect(page.locator(f'#p-9 mark[data-claim="{note_id}"]')).to_have_text(passage)


def test_an_open_form_survives_a_live_reload(author):
    page = author.open(f"/sources/{RT}/")
    page.evaluate("window.__before_reload = true")
    page.locator('button[data-action="note-paragraph"]').nth(3).focus()
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("#sb-where")).to_contain_text("Found in paragraph 4")
    page.locator("#sb-claim").fill("Typed before the reload")
    page.locator("#sb-claimant").fill("Someone")
    note = author.root / "content/claims/moscow-blames-us-policy-failures.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nAn edit elsewhere.\n", encoding="utf-8")
    page.wait_for_function("window.__before_reload === undefined", timeout=30_000)
    page.wait_for_selector("html[data-authoring=ready]")
    sync_api.expect(page.locator("dialog.sb-dialog")).to_be_visible()
    sync_api.expect(page.locator("#sb-claim")).to_have_value("Typed before the reload")
    sync_api.expect(page.locator("#sb-claimant")).to_have_value("Someone")
    sync_api.expect(page.locator("#sb-claimant")).to_be_focused()
    sync_api.expect(page.locator("#sb-quote")).to_have_value(re.compile("^Putin stressed that"))
    page.keyboard.press("Escape")  # cancelled: not there after the next reload
    page.reload()
    page.wait_for_selector("html[data-authoring=ready]")
    sync_api.expect(page.locator("dialog.sb-dialog")).to_have_count(0)


# Select from a sentence with a link marker to the end of the next sentence; their text and offsets.
SELECT_TWO_SENTENCES = """column => {
  const marked = [...document.querySelectorAll(column + ' .sentence')].find(
    s => s.querySelector('.link-marker') && s.nextElementSibling);
  const a = marked.querySelector('[data-offset]');
  const b = marked.nextElementSibling.querySelector('[data-offset]');
  const r = document.createRange(); r.setStart(a, 0); r.setEnd(b, b.childNodes.length);
  getSelection().removeAllRanges(); getSelection().addRange(r);
  return [Number(a.dataset.offset), Number(b.dataset.offset), b.textContent]; }"""


def test_a_selection_on_a_compare_page_counts_only_the_source_s_text(author):
    page = author.open(f"/compare/{REUTERS}--{RT}/")
    rt = sources_of(author.root)[RT]
    # The link markers, the spaces before them and the "only here" labels are not its text.
    first, second, text = page.evaluate(
        SELECT_TWO_SENTENCES, f'.compare-column[data-source="{RT}"]'
    )
    assert rt.body_text[second : second + len(text)] == text
    button = page.locator('button[data-action="new-note"]')
    button.wait_for()
    start, end = int(button.get_attribute("data-start")), int(button.get_attribute("data-end"))
    assert (start, end) == (first, second + len(text))
    button.click()
    sync_api.expect(page.locator("#sb-quote")).to_have_value(rt.body_text[start:end])
    assert "\u2261" not in page.locator("#sb-quote").input_value()


def test_every_paragraph_maps_to_its_own_text_on_every_page_kind(author):
    """Selecting a whole block (or sentence) gives exactly its text's offsets in the source."""
    for path, source_id, roots in (
        (f"/sources/{RT}/", RT, ".annotated [data-offset]:not(.excerpt-gap)"),
        (f"/compare/{REUTERS}--{RT}/", RT, f'.compare-column[data-source="{RT}"] [data-offset]'),
    ):
        page = author.open(path)
        source = sources_of(author.root)[source_id]
        count = page.locator(roots).count()
        assert count >= 9
        for i in range(count):
            root = page.locator(roots).nth(i)
            root.evaluate(
                "r => { const g = getSelection(); g.removeAllRanges(); const x = document.createRange(); x.selectNodeContents(r); g.addRange(x); }"
            )
            button = page.locator(
                f'button[data-action="new-note"][data-start="{root.get_attribute("data-offset")}"]'
            )
            button.wait_for()
            start, end = (
                int(button.get_attribute("data-start")),
                int(button.get_attribute("data-end")),
            )
            block = source.block_index_at(start)
            block_end = source.block_starts[block] + len(source.blocks[block].text)
            assert start == int(root.get_attribute("data-offset")) and end <= block_end
            if "sources" in path:
                assert (start, end) == (source.block_starts[block], block_end)
            page.evaluate("getSelection().removeAllRanges()")
            page.locator('button[data-action="new-note"][hidden]').wait_for(state="attached")


SENTENCES = [f"Sentence {n} of the long paragraph says something." for n in range(1, 11)]


@pytest.fixture
def excerpt_seed(shipped_site):
    """A source shown as excerpts: one paragraph of ten sentences, two of them quoted, so that
    its page leaves text out before, between and after the passages it shows."""
    (shipped_site / "seeds/excerpt.txt").write_text(
        "An excerpt test\n\n" + " ".join(SENTENCES) + "\n", encoding="utf-8"
    )
    (shipped_site / "seeds/excerpt.yaml").write_text(
        "id: excerpt\noutlet: Test\ndisplay: excerpts\n", encoding="utf-8"
    )
    quotes = "".join(f"  - source: excerpt\n    quote: {SENTENCES[i]}\n" for i in (3, 7))
    (shipped_site / "content/claims/zz-excerpt.md").write_text(
        f"---\nclaim: c\nverdict: unverified\nquotes:\n{quotes}---\nBody.\n", encoding="utf-8"
    )


@pytest.fixture
def structured_seed(shipped_site):
    """A saved page with a heading, a block quote and a list, among the seeds."""
    shutil.copyfile(
        REPO / "tests/fixtures/html/structure_heading_quote_list.html",
        shipped_site / "seeds/structure.html",
    )


def test_on_an_excerpts_page_the_gaps_are_not_counted(excerpt_seed, author):
    page = author.open("/sources/excerpt/")
    source = sources_of(author.root)["excerpt"]
    gaps = page.locator(".excerpt-gap")
    assert gaps.count() == 3  # before, between and after the two passages shown
    resume = int(gaps.nth(1).get_attribute("data-offset"))
    assert source.body_text[resume:].startswith(SENTENCES[6])
    # Across the gap: from the sentence before it to the start of the one after it.
    select(page, "#p-1", f"{SENTENCES[4]} \u2026 {SENTENCES[6][:10]}")
    button = page.locator('button[data-action="new-note"]')
    button.wait_for()
    start, end = int(button.get_attribute("data-start")), int(button.get_attribute("data-end"))
    assert (start, end) == (source.body_text.index(SENTENCES[4]), resume + 10)
    select(page, "#p-1", SENTENCES[6][:10])  # just after the gap
    sync_api.expect(button).to_have_attribute("data-start", str(resume))


def test_headings_quotes_and_lists_map_to_their_own_text(structured_seed, author):
    page = author.open("/sources/structure/")
    source = sources_of(author.root)["structure"]
    kinds = {block.kind for block in source.blocks}
    assert {"heading", "quote", "list_item"} <= kinds, kinds
    roots = page.locator(".annotated [data-offset]:not(.excerpt-gap)")
    assert roots.count() == len(source.blocks)
    for i in range(roots.count()):
        roots.nth(i).evaluate(
            "r => { const x = document.createRange(); x.selectNodeContents(r);"
            " getSelection().removeAllRanges(); getSelection().addRange(x); }"
        )
        start = source.block_starts[i]
        button = page.locator(f'button[data-action="new-note"][data-start="{start}"]')
        button.wait_for()
        assert int(button.get_attribute("data-end")) == start + len(source.blocks[i].text), i


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_controls_and_the_form_pass_axe(author, width):
    page = author.open(f"/sources/{RT}/", *WIDTHS[width])
    page.locator('button[data-action="note-paragraph"]').first.focus()
    select(page, "#p-2", "Russian President Vladimir Putin")
    page.locator('button[data-action="new-note"]').wait_for()
    results = Axe().run(page, options=AXE_ALL_RULES)
    assert results.violations_count == 0, results.generate_report()
    page.locator('button[data-action="new-note"]').click()
    sync_api.expect(page.locator("#sb-where")).to_contain_text("Found in paragraph 2")
    results = Axe().run(page, options=AXE_ALL_RULES)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"authoring-form-{width}.png"))


def test_the_readme_screenshot(author):
    """The picture of the editor's loop in the README (written to docs/ when
    SITE_BUILDER_UPDATE_DOCS=1; always to the test artefacts)."""
    page = author.open(f"/sources/{RT}/", 1200, 800)
    # In sight without scrolling: a picture of a scrolled page shifts what is fixed on it.
    select(page, "#p-2", "Russian President Vladimir Putin held a meeting with two leaders")
    page.locator('button[data-action="new-note"]').wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "authoring-selection.png"))
    page.locator('button[data-action="new-note"]').click()
    sync_api.expect(page.locator("#sb-where")).to_contain_text("Found in paragraph 2")
    # Typed without scrolling anything into view, so that the picture shows the whole form.
    for field, value in (
        ("#sb-tags", "meeting"),
        ("#sb-claimant", "RT"),
        ("#sb-verdict", "accurate"),
        ("#sb-claim", "Putin met two leaders of Russia's Jewish community"),
    ):
        page.locator(field).evaluate(
            "(f, v) => { f.value = v; f.focus({preventScroll: true}); }", value
        )
    shot = SHOTS / "authoring.png"
    page.wait_for_timeout(300)  # the dialog settled
    page.screenshot(path=str(shot))
    if os.environ.get("SITE_BUILDER_UPDATE_DOCS"):
        DOCS_SHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS_SHOT)
    assert DOCS_SHOT.is_file(), "the README's screenshot: run with SITE_BUILDER_UPDATE_DOCS=1"

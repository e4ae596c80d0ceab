"""Annotated Markdown: escaping that round-trips, and highlights that overlap, nest and span
paragraphs, each character inside exactly the highlights of the notes that quote it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.model import Anchor, Block, SourceArticle
from site_builder.read.yamlfile import split_front_matter
from site_builder.render.annotated import (
    annotate_source,
    annotated_markdown,
    escape_markdown,
    render_article,
)
from site_builder.render.markdown import (
    _PLAIN,
    UNUSED_IN_ARTICLES,
    article_parser,
    render_block,
)

from .html_text import highlighted_text, soup


def source(*texts: str) -> SourceArticle:
    return SourceArticle(
        "s", "seeds/s.txt", {"outlet": "X"}, tuple(Block("paragraph", t) for t in texts)
    )


def render_text(src: SourceArticle, anchors=()) -> tuple[str, list[set[str]]]:
    html = "".join(render_article(annotate_source(src, list(anchors), {})))
    body = soup(f"<div id='x'>{html}</div>").find(id="x")
    texts, covers = [], []
    for p in body.find_all(recursive=False):
        t, c = highlighted_text(p)
        texts.append(t)
        covers.append(c)
    return "\n\n".join(texts), [c for block in covers for c in block + [set(), set()]][
        : len(src.body_text)
    ]


MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("ab 1.#*_`[]{}()<>&!-+=>|~\\:;\"'\u2019\u00a0x")),
    min_size=1,
    max_size=60,
).map(lambda s: " ".join(s.split()))


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_escaped_text_renders_as_the_same_characters(text):
    if not text:
        return
    rendered, _ = render_text(source(text))
    assert rendered == text


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH, st.integers(0, 60), st.integers(0, 60))
def test_the_rules_the_article_parser_leaves_out_would_never_apply(text, start, end):
    """Annotated Markdown escapes whatever could start code, emphasis, HTML, entities or
    links: parsing it with every CommonMark rule gives the same page."""
    src = source(text, "[" + text + "]")
    quotes = [anchor("n", min(start, end), max(start, end))] if start != end else []
    full = article_parser().enable(UNUSED_IN_ARTICLES)
    for block in annotate_source(src, [q for q in quotes if q.end <= len(text)], {}).blocks:
        env = {"number": 1, "offset": 0}
        assert full.render(block.markdown, dict(env)) == render_block(block.markdown, 1, 0)


TEXTISH = st.text(
    alphabet=st.sampled_from(
        list("ab 1.#*_`[]{}()<>&!-+=>|~\\:;\"'\u2019\u00a0\u2028\u3000\t\n\r\x00\x0b\x0cx9")
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(TEXTISH, TEXTISH.map(escape_markdown)), st.integers(1, 99), st.integers(0, 999))
def test_plain_blocks_render_as_the_parser_renders_them(markdown, number, offset):
    """A block `render_block` makes without the parser (escaped text alone) comes out as the
    parser makes it, whatever the characters (raw ones too, which annotated Markdown never
    holds unescaped)."""
    env = {"number": number, "offset": offset}
    assert render_block(markdown, number, offset) == article_parser().render(markdown, env)


def test_most_paragraphs_of_an_article_are_plain():
    """The blocks the shortcut takes: escaped text on one line, not those with markup."""
    assert _PLAIN.fullmatch(escape_markdown("He said: \u201cIt is [not] *so* <b>.\u201d"))
    assert _PLAIN.fullmatch(escape_markdown("- a dash, + a plus, > and # signs, 1. a number"))
    assert not _PLAIN.fullmatch("[quoted]{data-claim=n}")
    assert not _PLAIN.fullmatch("## A heading")
    assert not _PLAIN.fullmatch("two\nlines")


def test_markup_in_article_text_stays_text():
    text = "1. <script>alert(1)</script> *not emphasis* [not](a link) {#id .cls} &amp;"
    html = "".join(render_article(annotate_source(source(text), [], {})))
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<ol" not in html
    assert escape_markdown("# heading") == "\\# heading"


def anchor(note, start, end, n=1, spans=None):
    return Anchor(note, n, "s", spans or ((start, end),), "exact", 1.0)


def test_overlapping_nested_and_cross_paragraph_highlights_cover_exactly_their_characters():
    src = source("The quick brown fox jumps over the lazy dog.", "A second paragraph follows here.")
    text = src.body_text
    second = text.index("A second")
    anchors = [
        anchor("outer", 4, 30),  # quick ... over
        anchor("inner", 10, 19),  # brown fox, nested in outer
        anchor("overlap", 20, 39),  # jumps over the lazy, overlaps outer
        anchor("across", 35, second + 8),  # lazy dog. | A second: spans the break
        anchor("pieces", 0, 0, spans=((0, 3), (40, 43))),  # "The" ... "dog"
    ]
    rendered, covers = render_text(src, anchors)
    assert rendered == text
    for i, ch in enumerate(text):
        expected = {a.note_id for a in anchors for s, e in a.spans if s <= i < e}
        if ch == "\n":
            continue
        assert covers[i] == expected, (i, ch, covers[i], expected)


def test_each_quote_has_one_element_id_and_a_link_to_its_note():
    src = source("Alpha beta gamma.", "Delta epsilon.")
    across = anchor("n", 6, src.body_text.index("epsilon"))
    html = "".join(render_article(annotate_source(src, [across], {"n": 1})))
    page = soup(html)
    assert len(page.select("#q-n-1")) == 1
    assert [a["href"] for a in page.select("a.note-ref")] == ["#note-n"]
    marks = page.select("[data-claim]")
    assert len(marks) == 2  # the quote spans two paragraphs: one mark in each
    assert all(m.name == "mark" and m["aria-details"] == "note-n" for m in marks)


def test_front_matter_records_hash_set_aside_and_anchors():
    src = source("Alpha beta gamma.")
    doc = split_front_matter(annotated_markdown(src, [anchor("n", 6, 10)], {}))
    meta = doc.metadata
    assert meta["text_hash"] == src.text_hash
    assert meta["anchors"] == [
        {
            "note": "n",
            "quote": 1,
            "start": 6,
            "end": 10,
            "method": "exact",
            "score": 1.0,
            "distance": 0,
            "passage": "beta",
        }
    ]
    assert "offsets" in meta and "set_aside" in meta


def test_a_notes_number_in_the_article_is_named_by_the_pages_words_for_it():
    """A screen reader named the link beside a highlight "1"; the page names it (in its
    language) as the note it leads to."""
    src = source("Alpha beta gamma.")
    annotated = annotate_source(src, [anchor("n", 6, 10)], {"n": 3})
    [link] = soup("".join(render_article(annotated, "Note %(number)s"))).select("a.note-ref")
    assert (link.get_text(), link["aria-label"]) == ("3", "Note 3")
    [bare] = soup("".join(render_article(annotated))).select("a.note-ref")
    assert not bare.has_attr("aria-label")


def test_each_source_page_names_its_note_numbers_in_the_sites_language(demo_build):
    page = soup((demo_build / "sources/rt-2024-02-07/index.html").read_bytes())
    links = page.select(".annotated a.note-ref")
    assert links and all(a["aria-label"] == f"Claim note {a.get_text()}" for a in links)

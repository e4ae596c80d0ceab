"""Any input reads: random saved pages and text seeds give a source or a clear seed error.

The pages are drawn from the shapes real pages have (lists nested in lists, tables, headings,
quotes, figures, scripts, navigation and share boxes, hidden and named elements), with text
full of Markdown and HTML special characters, unicode and very long lines, then sometimes
broken (cut off, closing tags dropped) and encoded in one of several ways. Whatever the input,
a reader returns blocks of stripped, non-empty text without markup, or says why it cannot
(`SeedError`, or a diagnostic naming the seed); never any other exception.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.read.base import SeedError
from site_builder.read.html import read_html
from site_builder.read.seeds import read_source, read_sources
from site_builder.read.text import read_text
from site_builder.settings import Settings

# What never reaches a block: it is only in markup, attributes and scripts.
MARKUP_ONLY = "MARKUPONLY"

CONTAINERS = "div section article main header footer nav aside figure blockquote form".split()
TEXT_TAGS = "p h1 h2 h3 h4 h5 h6 li dt dd td th pre code figcaption caption span a b em".split()
VOID_TAGS = ["br", "hr", "img", "input", "wbr"]
CLASS_WORDS = (
    "article body content story text share social related newsletter comment cookie caption "
    "credit sidebar promo ad live-blog entry post faq question answer gallery slide product "
    "features specs table embed twitter-tweet instagram-media paywall modal"
).split()

special_text = st.text(
    alphabet=st.sampled_from(
        list("abcdefghij klmnop qrstuvwxyz ABCXYZ 0123456789 .,;:!?'\"")
        + list("<>&*_#[]()|`~\\{}-+=/^$%@")
        + ["é", "ß", "中", "文", "ع", "\u200b", "\u00a0", "\u2028", "\ufeff", "🙂", "\t", "\n"]
    ),
    max_size=60,
)
sentence = st.builds(
    lambda words, tail: " ".join(words) + tail,
    st.lists(
        st.sampled_from("the council voted to rebuild old bridge over harbour".split()),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([".", "!", "?", "", ":"]),
)
long_line = st.integers(2000, 30000).map(lambda n: ("word " * (n // 5)).strip())
texts = st.one_of(special_text, sentence, sentence, long_line)


@st.composite
def attributes(draw) -> str:
    """Attributes real pages carry: classes and ids naming boxes, hidden and styled elements,
    event handlers and links whose values must never reach a block."""
    parts = []
    if draw(st.booleans()):
        parts.append(
            f'class="{" ".join(draw(st.lists(st.sampled_from(CLASS_WORDS), min_size=1, max_size=3)))}"'
        )
    chosen = draw(
        st.lists(
            st.sampled_from(
                [
                    f'id="{MARKUP_ONLY}-id"',
                    "hidden",
                    'style="display:none"',
                    'role="navigation"',
                    'aria-hidden="true"',
                    f"onclick=\"alert('{MARKUP_ONLY}')\"",
                    f'href="javascript:{MARKUP_ONLY}()"',
                    f'title="{MARKUP_ONLY} title"',
                    f'data-x="{MARKUP_ONLY}"',
                ]
            ),
            max_size=2,
        )
    )
    return " ".join(parts + chosen)


def element(tag: str, attrs: str, inner: str) -> str:
    return f"<{tag} {attrs}>{inner}</{tag}>" if attrs else f"<{tag}>{inner}</{tag}>"


@st.composite
def fragments(draw, depth: int = 0) -> str:
    """A piece of page: text, a text element, a list (maybe nested), a table, a script, or a
    container of more pieces."""
    choice = draw(st.integers(0, 9 if depth < 3 else 3))
    attrs = draw(attributes())
    if choice == 0:
        return html.escape(draw(texts), quote=False)
    if choice == 1:
        return element(draw(st.sampled_from(TEXT_TAGS)), attrs, html.escape(draw(texts)))
    if choice == 2:
        return f"<{draw(st.sampled_from(VOID_TAGS))} {attrs}>"
    if choice == 3:
        script = draw(st.sampled_from(["script", "style", "template", "noscript", "svg"]))
        return element(script, "", f"var {MARKUP_ONLY} = '<p>{MARKUP_ONLY}</p>';")
    if choice in (4, 5):
        items = draw(st.lists(fragments(depth + 1), min_size=0, max_size=4))
        tag = draw(st.sampled_from(["ul", "ol"]))
        return element(tag, attrs, "".join(element("li", "", item) for item in items))
    if choice == 6:
        rows = draw(
            st.lists(st.lists(fragments(depth + 1), min_size=0, max_size=3), min_size=0, max_size=3)
        )
        cells = ["".join(element("td", "", cell) for cell in row) for row in rows]
        return element("table", attrs, "".join(element("tr", "", row) for row in cells))
    if choice == 7:
        pairs = draw(st.lists(st.tuples(texts, texts), min_size=0, max_size=3))
        inner = "".join(
            element("dt", "", html.escape(a)) + element("dd", "", html.escape(b)) for a, b in pairs
        )
        return element("dl", attrs, inner)
    children = draw(st.lists(fragments(depth + 1), min_size=0, max_size=5))
    return element(draw(st.sampled_from(CONTAINERS)), attrs, "".join(children))


def paragraphs() -> st.SearchStrategy[str]:
    return st.lists(sentence, min_size=0, max_size=6).map(
        lambda ps: "".join(f"<p>{html.escape(p)}</p>" for p in ps)
    )


@st.composite
def pages(draw) -> bytes:
    """A whole page, sometimes broken, in one of several encodings."""
    head = draw(
        st.sampled_from(
            [
                "",
                "<title>Harbour town votes</title>",
                '<meta property="og:title" content="&lt;b&gt;Harbour&lt;/b&gt; votes">',
                '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": 5,'
                ' "author": [{"name": []}], "image": {"caption": 3}, "articleBody": "<p>x</p>"}'
                "</script>",
                '<script type="application/ld+json">{"@graph": [{"@id": ["x"]}], "@type": 7}</script>',
                '<script type="application/ld+json">[[[[[]]]]</script>',
                '<meta charset="utf-16">',
                '<meta charset="no-such-charset">',
                "<time datetime='0000-99-99'>",
                '<link rel="canonical" href="javascript:x()">',
            ]
        )
    )
    body = (
        draw(paragraphs())
        + "".join(draw(st.lists(fragments(), min_size=0, max_size=6)))
        + draw(paragraphs())
    )
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    breakage = draw(st.integers(0, 3))
    if breakage == 1:
        page = page[: draw(st.integers(0, len(page)))]
    elif breakage == 2:
        page = re.sub(r"</\w+>", "", page)
    elif breakage == 3:
        page = page.replace(">", "", draw(st.integers(0, 3)))
    encoding = draw(
        st.sampled_from(
            [
                "utf-8",
                "utf-8-sig",
                "utf-16",
                "utf-16-le",
                "utf-32",
                "cp1252",
                "latin-1",
                "koi8-r",
                "shift_jis",
                "gb18030",
            ]
        )  # fmt: skip
    )
    return page.encode(encoding, errors="replace")


def assert_clean_blocks(blocks, from_markup: bool = True) -> None:
    """Blocks of stripped, non-empty text, with nothing of the page's markup or scripts (a
    text seed's "<" is text)."""
    for block in blocks:
        assert block.text and block.text == block.text.strip(), block
        assert not from_markup or MARKUP_ONLY not in block.text, block
        assert block.kind in ("paragraph", "caption", "heading", "quote", "list_item"), block


PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(pages())
def test_any_page_reads_or_raises_a_seed_error(raw):
    try:
        result = read_html(raw)
    except SeedError as error:
        assert str(error)
        return
    assert result.blocks
    assert_clean_blocks(result.blocks)
    for value in result.detected.values():
        assert isinstance(value, str) and "<b>" not in value and MARKUP_ONLY not in value


@PROPERTY
@given(
    st.text(max_size=3000), st.lists(st.sampled_from([r"Follow us", r"\d+", r".*x.*"]), max_size=2)
)
def test_any_text_reads(text, patterns):
    result = read_text(text, patterns)
    assert_clean_blocks(result.blocks, from_markup=False)


@PROPERTY
@given(
    st.one_of(pages(), st.text(max_size=2000).map(str.encode), st.binary(max_size=2000)),
    st.sampled_from([".html", ".txt", ".md", ".htm"]),
)
def test_any_seed_gives_a_source_or_an_error_naming_its_path(raw, suffix):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        seed = root / "seeds" / f"page{suffix}"
        seed.write_bytes(raw)
        diags = Diagnostics()
        source = read_source(seed, root, Settings(), diags)
    if source is None:
        assert diags.errors
        assert all(error.path == f"seeds/page{suffix}" and error.message for error in diags.errors)
    else:
        assert source.blocks
        assert_clean_blocks(source.blocks, from_markup=suffix in (".html", ".htm"))


def test_a_seed_without_an_article_is_reported_with_the_others_and_reading_goes_on(site):
    site.write("seeds/a-index.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    site.write("seeds/b-empty.txt", "Saved Web Pages\n\nWP Radio\n")
    site.write("seeds/c-story.txt", "Headline\n\nThe council voted on Tuesday.\n")
    site.write("seeds/d-new.html", "")
    (site.root / "seeds/e-new.md").write_bytes(b"\n \n")
    diags = Diagnostics()
    sources = read_sources(site.root, Settings(), diags, BuildCache())
    assert [source.id for source in sources] == ["c-story"]
    assert [(error.path, error.message.split(":")[0]) for error in diags.errors] == [
        ("seeds/a-index.html", "no article text found"),
        ("seeds/b-empty.txt", "no article text found"),
        ("seeds/d-new.html", "the seed is empty"),
        ("seeds/e-new.md", "the seed is empty (3 bytes of blank space)"),
    ]


YAML_LINES = st.sampled_from(
    [
        "id: a-story", "id: [unclosed", "id: 'not an id'", "? [a, list]", ": as a key",
        "headline: 5", "headline:", "outlet: {a: 1}", "- an item", "published: 2024-03-05",
        "published: 2024-13-45", "published: 0000-01-01", "display: sideways", "byline: [a, b]",
        "&anchor x", "*alias", "%YAML 1.1", "colour: red", "headline: |", "  a block",
    ]
).map(str)  # fmt: skip
yaml_texts = st.lists(YAML_LINES, max_size=6).map("\n".join)


@PROPERTY
@given(yaml_texts, st.one_of(st.none(), yaml_texts), st.text(max_size=300))
def test_any_front_matter_or_sidecar_gives_a_source_or_errors_naming_the_file(
    front_matter, sidecar, text
):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        seed = root / "seeds" / "story.md"
        seed.write_text(f"---\n{front_matter}\n---\n{text}", encoding="utf-8")
        if sidecar is not None:
            (root / "seeds" / "story.yaml").write_text(sidecar, encoding="utf-8")
        diags = Diagnostics()
        source = read_source(seed, root, Settings(), diags)
    assert all(d.path in ("seeds/story.md", "seeds/story.yaml") for d in diags.items)
    if source is None:
        assert diags.errors
    else:
        assert_clean_blocks(source.blocks, from_markup=False)


# Dates written in words, and the lines that are only a date: built from the words they are
# made of, in any case, with the letters a case-blind match takes for others ("ſ" for "s",
# "K" for "k", "İ" for "i"), days past a month's end, and words of anything else between.
MONTH_WORDS = (
    "February feb. février FÉVRIER März Auguſt O\u212aT JULİ août Fevereiro mei МАЙ мая lutego"
).split()
LABEL_WORDS = ["", "Published", "Updated", "Publié le", "By Jane Doe,", "Par Jeanne Dupont, le"]
OTHER_WORDS = ["", "Wed", "mercredi", "10:32", "à 10h32", "Uhr", "a.m.", "GMT+1", "/", "de"]


def _date_text():
    day = st.sampled_from(["1er", "7", "7.", "29", "30", "31", "0", "99"])
    month = st.sampled_from(MONTH_WORDS)
    year = st.sampled_from(["2024", "2023", "1999"])
    words = st.sampled_from(OTHER_WORDS) | st.text(max_size=3)
    day_first = st.tuples(words, day, words, month, words, year, words)
    month_first = st.tuples(words, month, words, day, words, year, words)
    numeric = st.builds(  # "07.02.2024", day first
        lambda d, m, y: (f"{d}.{m}.{y}",),
        st.sampled_from(["07", "7", "29", "31", "0"]),
        st.sampled_from(["02", "2", "13", "0"]),
        year,
    )
    label = st.sampled_from(LABEL_WORDS)
    return st.tuples(label, day_first | month_first | numeric).map(
        lambda t: " ".join((t[0], *t[1]))
    )


@settings(max_examples=300, deadline=None)
@given(_date_text())
def test_any_words_read_as_a_date_give_a_real_day_or_none(text):
    import datetime as dt

    from site_builder.read.dates import iso_date_from_words, read_date_line

    for day in (iso_date_from_words(text), getattr(read_date_line(text), "day", "")):
        assert day == "" or dt.date.fromisoformat(day).isoformat() == day

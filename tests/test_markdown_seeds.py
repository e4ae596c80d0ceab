"""Markdown seeds: read as the text they render to, block by block, and a web clipper's front
matter taken as the seed's metadata."""

from __future__ import annotations

from site_builder.cache import BuildCache
from site_builder.cli import main
from site_builder.diagnostics import Diagnostics
from site_builder.read.markdown_seed import read_markdown
from site_builder.read.seeds import read_sources
from site_builder.settings import Settings

ARTICLE = """\
# Harbour town votes to rebuild its footbridge

The council of Lowmoor voted **on Tuesday** to rebuild the [old footbridge](https://gazette.example/bridge)
over the harbour, ending a *three-year* dispute.

![The footbridge at dawn](https://gazette.example/bridge.jpg)

## What comes next

> "We are delighted," said the mayor, `Elowen Tregarthen`.

- Work begins in the autumn
- The bridge opens next summer

3. Tenders close in May
4. Building starts in June

| Candidate | Votes |
|-----------|-------|
| Tregarthen | 1,204 |

Advertisement

The bridge was closed in 2021.[^1]

[^1]: After a storm damaged its piers.

<script>alert(1)</script>
"""


def read(text: str, headline: str | None = None):
    return read_markdown(text, headline=headline)


def test_a_markdown_seed_reads_as_the_text_it_renders_to_block_by_block():
    result = read(ARTICLE)
    assert result.detected == {"headline": "Harbour town votes to rebuild its footbridge"}
    assert [(b.kind, b.text, b.line, b.number) for b in result.blocks] == [
        (
            "paragraph",
            "The council of Lowmoor voted on Tuesday to rebuild the old footbridge over the "
            "harbour, ending a three-year dispute.",
            3,
            None,
        ),
        ("heading", "What comes next", 8, None),
        ("quote", '"We are delighted," said the mayor, Elowen Tregarthen.', 10, None),
        ("list_item", "Work begins in the autumn", 12, None),
        ("list_item", "The bridge opens next summer", 13, None),
        ("list_item", "Tenders close in May", 15, 3),
        ("list_item", "Building starts in June", 16, 4),
        ("paragraph", "Candidate | Votes", 18, None),
        ("paragraph", "Tregarthen | 1,204", 20, None),
        ("paragraph", "The bridge was closed in 2021.", 24, None),
        ("paragraph", "<script>alert(1)</script>", 28, None),  # text, as in a text seed
        ("paragraph", "After a storm damaged its piers.", 26, None),  # footnotes come last
    ]
    assert [(s.text, s.reason, s.line) for s in result.set_aside] == [
        ("Advertisement", "advertisement", 22)
    ]


def test_a_headline_given_drops_the_first_heading_only_if_it_says_the_same():
    assert (
        read(ARTICLE, headline="Harbour town votes to rebuild its footbridge")
        .blocks[0]
        .text.startswith("The council")
    )
    assert read(ARTICLE, headline="").blocks[0].text == (
        "Harbour town votes to rebuild its footbridge"
    )


CLIPPED = """\
---
title: "Harbour town votes to rebuild its footbridge"
source: "https://gazette.example/news/footbridge-vote"
author:
  - "[[Morwenna Tregear]]"
published: 2024-03-05
created: 2024-03-06T09:15:00 (UTC +01:00)
description: "The council voted on Tuesday..."
tags:
  - "clippings"
---
The council of Lowmoor voted on Tuesday to rebuild the old footbridge over the harbour.

Work is expected to begin in the autumn.
"""

MARKDOWNLOAD = """\
---
created: 2024-03-06T09:15:00 (UTC +01:00)
tags: []
source: https://gazette.example/news/footbridge-vote
author: Morwenna Tregear
---

# Harbour town votes to rebuild its footbridge

> ## Excerpt
> The council voted on Tuesday to rebuild the footbridge.

---
LOWMOOR (Reuters) - The council of Lowmoor voted on Tuesday to rebuild the old footbridge.
"""


def test_a_web_clippers_front_matter_is_the_seeds_metadata(site):
    """Obsidian's Web Clipper: its title, address, authors (as links) and the day of clipping
    are the seed's headline, url, byline and retrieved; its description and tags are its own.
    The article's first paragraph stays the article's (it was taken for the headline)."""
    site.write("seeds/clip.md", CLIPPED)
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert diags.items == []
    assert (source.headline, source.metadata["url"], source.metadata["byline"]) == (
        "Harbour town votes to rebuild its footbridge",
        "https://gazette.example/news/footbridge-vote",
        "Morwenna Tregear",
    )
    assert (source.metadata["published"], source.metadata["retrieved"]) == (
        "2024-03-05",
        "2024-03-06",
    )
    assert [b.text for b in source.blocks] == [
        "The council of Lowmoor voted on Tuesday to rebuild the old footbridge over the harbour.",
        "Work is expected to begin in the autumn.",
    ]
    assert source.blocks[0].line == 12


def test_markdownloads_excerpt_and_rule_are_set_aside_and_the_dateline_too(site):
    site.write("seeds/clip.md", MARKDOWNLOAD)
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert diags.items == []
    assert source.headline == "Harbour town votes to rebuild its footbridge"
    assert [b.text for b in source.blocks] == [
        "The council of Lowmoor voted on Tuesday to rebuild the old footbridge."
    ]
    assert [(s.reason, s.line) for s in source.set_aside] == [
        ("clipper excerpt", 10),
        ("clipper excerpt", 11),
        ("separator", 13),
        ("dateline", 14),
    ]
    assert (source.metadata["url"], source.metadata["retrieved"]) == (
        "https://gazette.example/news/footbridge-vote",
        "2024-03-06",
    )


def test_a_seeds_own_keys_win_over_a_clippers(site):
    site.write(
        "seeds/clip.md",
        CLIPPED.replace("tags:", "headline: Our own headline\nurl: https://own.example/\ntags:"),
    )
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert (source.headline, source.metadata["url"]) == (
        "Our own headline",
        "https://own.example/",
    )


def test_a_quote_of_the_rendered_words_anchors_exactly_and_the_page_shows_no_markup(site, tmp_path):
    site.write("seeds/bridge.md", "---\nurl: https://gazette.example/b\n---\n" + ARTICLE)
    site.note(
        "n",
        "claim: A claim\nverdict: accurate\nsummary: S\nclaimant: X\npublished: 2024-03-06\n"
        "quotes:\n  - source: bridge\n    quote: voted on Tuesday to rebuild the old footbridge",
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = (out / "sources" / "bridge" / "index.html").read_text(encoding="utf-8")
    assert "voted on Tuesday to rebuild the old footbridge</mark>" in page
    assert "**" not in page and "](https://gazette.example/bridge)" not in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    annotated = (out / "annotated" / "bridge.md").read_text(encoding="utf-8")
    assert "method: exact" in annotated


def test_a_sidecar_beside_a_markdown_seed_with_front_matter_is_read_over_it(site):
    """`new source` writes a sidecar beside a clipped `.md` for the editor to complete: its
    values win, the front matter gives the rest (the sidecar was ignored), and each problem is
    told at its own file's line."""
    site.write("seeds/clip.md", CLIPPED.replace("published: 2024-03-05", "published: [1, [2]]"))
    site.write("seeds/clip.yaml", "story: harbour-bridge\nbyline: Desk\nurl: not an address\n")
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    assert sorted((e.path, e.line) for e in diags.errors) == [
        ("seeds/clip.md", 6),
        ("seeds/clip.yaml", 3),
    ]
    site.write("seeds/clip.md", CLIPPED)
    site.write("seeds/clip.yaml", "story: harbour-bridge\nbyline: Desk\n")
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert diags.items == []
    assert (source.story, source.metadata["byline"], source.headline) == (
        "harbour-bridge",
        "Desk",
        "Harbour town votes to rebuild its footbridge",
    )
    assert (source.metadata_path, source.story_line) == ("seeds/clip.yaml", 1)
    assert source.metadata["url"] == "https://gazette.example/news/footbridge-vote"


def test_a_markdown_seed_nested_too_deep_is_read_as_plain_text_and_nothing_is_lost(site):
    """Markdown's parser stops reading a file at quotes or lists nested past its limit, and
    what follows was lost without a word: such a file is read as plain text, with a warning."""
    site.write(
        "seeds/deep.md",
        "---\nurl: https://gazette.example/deep\n---\n# Deep\n\nFirst words.\n\n"
        + "- " * 200
        + "inside\n\nLast words of the article.\n",
    )
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    [warning] = diags.warnings
    assert (warning.path, warning.line) == ("seeds/deep.md", 8)
    assert "read as plain text" in warning.message
    assert source.blocks[0].text == "First words."
    assert source.blocks[-1].text == "Last words of the article."


def test_a_clipped_byline_and_date_line_are_the_seeds_metadata_not_its_text():
    """As in a text seed: "By ..." and the date line a clipper keeps above the story."""
    result = read(
        "# Harbour town votes to rebuild its old footbridge\n\n*By Morwenna Tregear*\n\n"
        "Published 10:12 AM EST, February 7, 2024\n\n"
        "The council of Lowmoor voted on Tuesday to rebuild the wooden footbridge.\n"
    )
    assert [b.text for b in result.blocks] == [
        "The council of Lowmoor voted on Tuesday to rebuild the wooden footbridge."
    ]
    assert (result.detected["byline"], result.detected["published"]) == (
        "Morwenna Tregear",
        "2024-02-07",
    )


def test_a_markdown_seed_written_as_a_text_seed_reads_as_one():
    """A plain article saved as `.md`: its first line is the headline though the article starts
    on the next line, and without blank lines every line is a paragraph, as in a text seed
    (Markdown would run them into one paragraph, headline and all)."""
    result = read("Harbour town votes\nThe council voted on Tuesday.\nWork begins in autumn.\n")
    assert result.detected == {"headline": "Harbour town votes"}
    assert [(b.text, b.line) for b in result.blocks] == [
        ("The council voted on Tuesday.", 2),
        ("Work begins in autumn.", 3),
    ]
    result = read("Harbour town votes\nThe council voted\non Tuesday.\n\nWork begins.\n")
    assert result.detected == {"headline": "Harbour town votes"}
    assert [(b.text, b.line) for b in result.blocks] == [
        ("The council voted on Tuesday.", 2),
        ("Work begins.", 5),
    ]


def test_a_problem_with_a_clippers_key_names_the_key_as_written(site):
    site.write("seeds/clip.md", CLIPPED.replace('"https://gazette.example/news/', '"ftp://x/'))
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    [error] = diags.errors
    assert (error.path, error.line) == ("seeds/clip.md", 3)
    assert error.message.startswith("source: 'ftp://x/footbridge-vote' is not an http(s) address")

"""Unusual input, as an editor or a saved page can give it: each case fails the build with a
message at the file and line of its cause (exit status 1, never a traceback), writes nothing,
and above all writes nothing outside the output folder; or, where the input is fine but
unusual (names in other scripts), builds as it should."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from site_builder.analyse.xref import name_pattern
from site_builder.cli import main

from .conftest import REPO, SiteFolder
from .html_text import soup

ARTICLE = "Headline\n\nSome words here, in a short article.\n"
NOTE = (
    "claim: A claim\nverdict: accurate\nsummary: S\nclaimant: X\npublished: 2024-01-01\n"
    "quotes:\n  - source: a\n    quote: Some words here"
)
VERDICTS = """\
verdicts:
  accurate: {label: Accurate, meaning: Right., colour: "#2e7d32"}
  KEY: {label: Odd, meaning: Odd., colour: "#555555"}
"""
LONG = "x" * 300


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def build_fails_at(site: SiteFolder, tmp_path: Path, capsys, location: str, *words: str) -> str:
    """Build `site` and check that it failed at `location` ("file:line") with `words` in the
    message, writing nothing anywhere; return what it said."""
    before = files_under(tmp_path)
    out = tmp_path / "out"
    status = main(["build", "--root", str(site.root), "--out", str(out), "-q", "--no-cache"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "Traceback" not in err and "internal error" not in err
    line = next((line for line in err.splitlines() if line.startswith(location + ":")), None)
    assert line is not None, err
    for word in words:
        assert word in err, err
    assert not out.exists()
    assert files_under(tmp_path) == before, "nothing was written, in the site or beside it"
    return line


def build_warns(site: SiteFolder, tmp_path: Path, capsys) -> str:
    """Build `site` (it builds) and return what it said."""
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 0
    return capsys.readouterr().err


def seed_and_note(site: SiteFolder, n: int, metadata: dict, more_front_matter: str) -> None:
    """Seed `s<n>` with `metadata`, and note `n<n>` on it with `more_front_matter`."""
    article = f"Words number {n} of an article."
    site.seed(f"s{n}.txt", f"Headline\n\n{article}\n", url=f"https://x.org/{n}", **metadata)
    front = NOTE.replace("source: a", f"source: s{n}").replace("Some words here", article)
    site.note(f"n{n}", f"{front}\n{more_front_matter}")


@pytest.fixture
def base(site: SiteFolder) -> SiteFolder:
    site.seed("a.txt", ARTICLE, url="https://example.org/a")
    site.note("n", NOTE)
    return site


# -- names that would leave the output folder, or not fit in a file name ----------------------


@pytest.mark.parametrize(
    "entity_id", ["../../../escaped", "..", "a/b", "Upper", LONG], ids=lambda v: v[:20]
)
def test_an_entity_id_that_cannot_be_a_url_fails_at_its_line(base, tmp_path, capsys, entity_id):
    base.write(
        "content/entities.yaml",
        f"- id: fine\n  name: Fine\n- name: Odd\n  id: {json.dumps(entity_id)}\n",
    )
    build_fails_at(base, tmp_path, capsys, "content/entities.yaml:4", "entity id")


@pytest.mark.parametrize("key", ["../../x", "..", LONG], ids=lambda v: v[:20])
def test_a_verdict_key_that_cannot_be_a_url_fails_at_its_line(base, tmp_path, capsys, key):
    base.write("content/site.yaml", VERDICTS.replace("KEY", json.dumps(key)))
    build_fails_at(base, tmp_path, capsys, "content/site.yaml:3", "verdict key")


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [("id", LONG, 2), ("aliases", f"[{LONG}]", 10)],
    ids=["id", "alias"],
)
def test_a_note_id_of_300_characters_fails_at_its_line(base, tmp_path, capsys, field, value, line):
    base.note("n", f"{field}: {value}\n" + NOTE if field == "id" else NOTE + f"\n{field}: {value}")
    build_fails_at(base, tmp_path, capsys, f"content/claims/n.md:{line}", "at most 100")


def test_a_source_id_of_300_characters_fails_at_its_line(base, tmp_path, capsys):
    base.write("seeds/a.yaml", f"url: https://example.org/a\nid: {LONG}\n")
    build_fails_at(base, tmp_path, capsys, "seeds/a.yaml:2", "at most 100")


def test_a_seed_whose_name_cannot_be_an_id_is_named_from_the_site(site, tmp_path, capsys):
    site.seed("a b.txt", ARTICLE)
    said = build_fails_at(site, tmp_path, capsys, "seeds/a b.txt:1", "source id 'a b'")
    assert str(tmp_path) not in said


@pytest.mark.parametrize("where", ["tags", "outlet", "story"])
def test_names_of_300_characters_build_into_short_distinct_file_names(site, tmp_path, where):
    for n in range(2):
        name = f"{LONG}{n}"
        meta = {"outlet": name if where == "outlet" else "O"}
        if where == "story":
            meta["story"] = name
        seed_and_note(site, n, meta, f"tags: [{name}]" if where == "tags" else "")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q", "--no-cache"]) == 0
    folder = {"tags": "tags", "outlet": "outlets", "story": "xref"}[where]
    made = [p.name for p in (out / folder).iterdir() if p.is_dir() and p.name != "page"]
    assert len([m for m in made if m.startswith("xxx")]) == 2, made
    assert all(len(m) <= 80 for m in made)


# -- names in other scripts -------------------------------------------------------------------


def test_outlets_and_tags_in_other_scripts_keep_their_own_pages(site, tmp_path):
    names = ["РИА Новости", "中文", "Zürich", "🕊️", "🇺🇦", "★", "+"]
    for n, name in enumerate(names):
        quoted = json.dumps(name, ensure_ascii=False)
        seed_and_note(site, n, {"outlet": quoted}, f"tags: [{quoted}]")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q", "--no-cache"]) == 0
    for folder in ("outlets", "tags"):  # symbols only: by their names
        made = sorted(p.name for p in (out / folder).iterdir() if p.is_dir())
        assert made == sorted(
            ["риа-новости", "中文", "zurich", "dove-u1f54a", "ua-u1f1fa-1f1e6", "u2605", "u2b"]
        ), made
    page = soup((out / "outlets/中文/index.html").read_text(encoding="utf-8"))
    assert "中文" in page.h1.get_text()
    # absolute addresses are percent-encoded, as sitemaps and feeds require
    assert page.select_one("link[rel=canonical]")["href"].endswith("/outlets/%E4%B8%AD%E6%96%87/")
    locations = re.findall(r"<loc>([^<]*)</loc>", (out / "sitemap.xml").read_text())
    assert locations and all(loc.isascii() for loc in locations), locations
    assert any(
        loc.endswith("/tags/%D1%80%D0%B8%D0%B0-%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/")
        for loc in locations
    )


@pytest.mark.parametrize(
    ("form", "text", "named"),
    [
        ("普京", "法国总统马克龙与俄罗斯总统普京会谈。", True),  # written without spaces
        ("プーチン", "ロシアのプーチン大統領と会談した。", True),
        ("राम", "रामायण एक ग्रंथ है।", False),  # a vowel sign is part of the word
        ("राम", "मंत्री राम ने कहा।", True),
        ("Putin", "Putinism is a word; Putin is a name.", True),
        ("Putin", "Putinism is a word.", False),
    ],
)
def test_a_name_is_found_as_its_scripts_words_are_written(form, text, named):
    assert bool(name_pattern(form).search(text)) is named


def test_a_story_title_that_no_source_takes_is_warned_about(site, capsys):
    site.seed("a.txt", ARTICLE, url="https://x.org/a", story="bridge-vote-2024")
    site.write("content/site.yaml", "stories:\n  bridge-vote:\n    title: The bridge vote\n")
    assert main(["check", "--root", str(site.root), "-q"]) == 0
    err = capsys.readouterr().err
    assert (
        "content/site.yaml:2: warning: stories: 'bridge-vote' is the story of no source" in err
    ), err
    assert "the sources' stories: bridge-vote-2024" in err


def test_a_story_title_given_under_another_spelling_of_the_story_is_its_title(site, capsys):
    """`stories:` names a story as its address writes it ("flood-relief") or as any of its
    sources spells it: the title is the story's, whichever spelling the story is known by."""
    site.seed("a.txt", ARTICLE, url="https://x.org/a", story="Flood Relief")
    site.seed("b.txt", ARTICLE, url="https://y.org/b", story="flood-relief")
    site.seed("c.txt", ARTICLE, url="https://z.org/c", story="Bridge vote in Lowmoor")
    site.write(
        "content/site.yaml",
        "stories:\n  flood-relief:\n    title: The spring floods\n"
        "  bridge-vote-in-lowmoor:\n    title: The bridge vote of 2024\n",
    )
    out = site.root / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 0
    assert "story of no source" not in capsys.readouterr().err
    for story, title in (
        ("flood-relief", "The spring floods"),
        ("bridge-vote-in-lowmoor", "The bridge vote of 2024"),
    ):
        assert title in soup((out / f"xref/{story}/index.html").read_bytes()).h1.get_text()


@pytest.mark.parametrize(
    ("story", "title"),
    [
        ("bridge-closure", "Bridge closure"),
        ("nato-summit-UK", "Nato summit UK"),  # its capitals kept, its hyphens spaces
        ("Farenthold and the NRCC", "Farenthold and the NRCC"),
        ("2024-02-07", "2024-02-07"),  # a date, or symbols alone, as written: never blank
        ("-_-", "-_-"),
    ],
)
def test_a_story_id_reads_as_words(story, title):
    from site_builder.settings import Settings

    assert Settings().story_title(story) == title


def test_a_blank_story_is_none(site, tmp_path):
    site.seed("a.txt", ARTICLE)
    site.write("seeds/a.yaml", 'url: https://x.org/a\nstory: "   "\n')
    site.note("n", NOTE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    assert "Headline" in soup((out / "xref/a/index.html").read_bytes()).h1.get_text()


def test_the_cross_reference_lists_stories_by_their_titles(site, tmp_path):
    """As shown, case aside: a story called by its source's headline sorts by it, not by its
    file name, and "Zebra crossing" comes after "apple pie"."""
    site.seed("0001.txt", "Middle of the road\n\nSome words.\n")
    site.seed("a.txt", ARTICLE, url="https://x.org/a", story="apple pie")
    site.seed("z.txt", ARTICLE, url="https://x.org/z", story="Zebra crossing")
    site.seed("b.txt", ARTICLE, url="https://x.org/b", story="bee-keeping")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    index = soup((out / "xref/index.html").read_bytes())
    titles = [a.get_text(strip=True) for a in index.select("main li a[href*='xref/']")]
    assert titles == ["apple pie", "Bee keeping", "Middle of the road", "Zebra crossing"], titles


def test_a_story_is_called_as_its_sources_name_it_or_by_its_headline(site, tmp_path):
    """`story: Farenthold and the NRCC` is its title as written (its address and the page's
    element ids in URL form); a source that names no story makes one called by its headline,
    not by its file name."""
    site.seed("a.txt", ARTICLE, url="https://x.org/a", story="Farenthold and the NRCC")
    site.seed("b.txt", ARTICLE, url="https://y.org/b", story="Farenthold and the NRCC")
    site.seed("16c30add7e96315e.txt", "Delhi hands out masks\n\nMasks for schools.\n")
    site.note("n", NOTE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = soup((out / "xref/farenthold-and-the-nrcc/index.html").read_bytes())
    assert page.h1.get_text(" ", strip=True).startswith("Farenthold and the NRCC"), page.h1
    ids = [tag["id"] for tag in page.select("[id]")]
    assert all(" " not in i for i in ids) and "story-farenthold-and-the-nrcc" in ids, ids
    named = page.select_one("[aria-labelledby]")["aria-labelledby"]
    assert named in ids
    alone = soup((out / "xref/16c30add7e96315e/index.html").read_bytes())
    assert "Delhi hands out masks" in alone.h1.get_text(), alone.h1


def test_a_story_title_that_is_not_text_fails_at_its_line(base, tmp_path, capsys):
    base.write("content/site.yaml", "title: T\nstories:\n  a-story:\n    title: [a]\n")
    build_fails_at(base, tmp_path, capsys, "content/site.yaml:4", "the title must be text")


def test_a_misspelt_policy_or_a_policy_page_that_is_not_there_is_warned_about(
    base, tmp_path, capsys
):
    """A typo under `policies:` took the corrections policy out of every ClaimReview without
    a word."""
    base.write("content/pages/corrections.md", "---\ntitle: Corrections\n---\nHow we correct.\n")
    base.write(
        "content/site.yaml",
        "title: T\npolicies:\n  corrections_policy: correctoins\n  corection_policy: corrections\n",
    )
    err = build_warns(base, tmp_path, capsys)
    assert (
        "content/site.yaml:3: warning: Config value 'policies': corrections_policy names the "
        "page 'correctoins', and there is no content/pages/correctoins.md" in err
    )
    assert "did you mean 'corrections'?" in err
    assert "content/site.yaml:4: warning: Config value 'policies': unknown policy" in err
    assert "did you mean 'corrections_policy'?" in err


@pytest.mark.parametrize("key", ["story", "outlet", "headline", "id"])
def test_a_list_where_a_source_has_one_value_is_an_error_at_its_line(site, tmp_path, capsys, key):
    """`story: [a, b]` was joined into a story "a, b" of its own without a word."""
    site.seed("a.txt", ARTICLE)
    site.write("seeds/a.yaml", f"url: https://example.org/a\n{key}: [first, second]\n")
    build_fails_at(site, tmp_path, capsys, "seeds/a.yaml:2", f"{key}: is a list; a source ")


# -- addresses and dates ------------------------------------------------------------------------

BAD_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]


@pytest.mark.parametrize(
    ("metadata", "location"),
    [
        ("id: a\npublished: 07/02/2024\n", "seeds/b.yaml:2"),  # a value: the id is known
        ("id: a\n\tpublished: 2024-02-07\n", "seeds/b.yaml:2"),  # a tab: nothing is known
    ],
)
def test_a_seed_that_cannot_be_read_is_the_one_error_not_one_per_note_quoting_it(
    site, tmp_path, capsys, metadata, location
):
    site.seed("b.txt", ARTICLE)
    site.write("seeds/b.yaml", metadata)
    for n in range(3):
        site.note(f"n{n}", NOTE)
    build_fails_at(site, tmp_path, capsys, location)
    status = main(["check", "--root", str(site.root), "-q"])
    err = capsys.readouterr().err
    assert status == 1 and "unknown source" not in err and err.count("error:") == 1, err


PAGE = b"<html><body><article><p>" + b"Some words here, in a short article. " * 20 + b"</p>"


@pytest.mark.parametrize(
    ("name", "raw", "said"),
    [
        ("page.html", gzip.compress(PAGE), "this file is compressed (gzip), not text"),
        ("page.htm", bytes(range(256)) * 40, "this file is not text"),
        ("article.txt", b"%PDF-1.7\n" + bytes(range(256)), "this file is a PDF, not text"),
    ],
    ids=["gzip", "random", "pdf"],
)
def test_a_seed_that_is_not_text_is_an_error_not_a_page_of_garbage(
    site, tmp_path, capsys, name, raw, said
):
    """A compressed page (or random bytes) named .html was published as a page of mojibake."""
    (site.root / "seeds").mkdir(parents=True, exist_ok=True)
    (site.root / "seeds" / name).write_bytes(raw)
    build_fails_at(site, tmp_path, capsys, f"seeds/{name}:1", said)


def test_a_page_in_iso_2022_jp_is_text(site, tmp_path):
    """ISO-2022-JP changes script with escape sequences: a page in it is text all the same."""
    words = "東京都は7日、新しい計画をA案として発表した。" * 12 + "最後の文です。"
    page = f'<html><head><meta charset="iso-2022-jp"></head><body><article><p>{words}</p>'
    (site.root / "seeds").mkdir(parents=True, exist_ok=True)
    (site.root / "seeds/tokyo.html").write_bytes(page.encode("iso-2022-jp"))
    site.note(
        "n", NOTE.replace("source: a", "source: tokyo").replace("Some words here", "最後の文")
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0


def test_a_content_page_called_content_or_seeds_builds_again(base, tmp_path):
    """A page `content/pages/content.md` makes build/content/: the output folder is the
    site's own, not another site to keep."""
    base.write("content/pages/content.md", "---\ntitle: Content\n---\nWhat we publish.\n")
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["build", "--root", str(base.root), "--out", str(out), "-q"]) == 0


def test_a_seed_in_utf16_is_still_text(site, tmp_path):
    site.write("seeds/a.yaml", "encoding: utf-16-le\n")
    (site.root / "seeds/a.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    site.write("seeds/b.html", "")
    (site.root / "seeds/b.html").write_bytes(b"\xff\xfe" + PAGE.decode().encode("utf-16-le"))
    site.note("n", NOTE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    assert "Some words here" in (out / "sources/b/index.html").read_text()


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("key", ["url", "archived_url"])
def test_a_seed_address_that_is_not_http_fails_at_its_line(site, tmp_path, capsys, key, url):
    site.seed("a.txt", ARTICLE)
    site.write("seeds/a.yaml", f"outlet: O\n{key}: {json.dumps(url)}\n")
    site.note("n", NOTE)
    build_fails_at(site, tmp_path, capsys, "seeds/a.yaml:2", "not an http(s) address")


def test_a_markdown_seeds_address_is_checked_in_its_front_matter(site, tmp_path, capsys):
    site.write("seeds/a.md", f"---\noutlet: O\nurl: {BAD_URLS[0]}\n---\n\n{ARTICLE}")
    site.note("n", NOTE)
    build_fails_at(site, tmp_path, capsys, "seeds/a.md:3", "not an http(s) address")


@pytest.mark.parametrize(
    "base_url",
    [
        "javascript:alert(1)//",
        "//evil.example/",
        '/a"b/',
        "https://x.org/<p>/",
        "https://[]example.org/",  # brackets around no IPv6 address: an internal error once
    ],
)
def test_a_base_url_that_is_not_an_address_or_path_fails_at_its_line(
    base, tmp_path, capsys, base_url
):
    base.write("content/site.yaml", f"title: T\nbase_url: {json.dumps(base_url)}\n")
    build_fails_at(base, tmp_path, capsys, "content/site.yaml:2", "base_url")


def test_a_figure_quoted_without_quotation_marks_is_read_as_written(site, tmp_path):
    """`quote: 3.50` was looked for as YAML's number, "3.5", and highlighted part of "3.50";
    `quote: 8:30` (a number in base 60 to YAML) as "510", and `prefix: 012` as "10"."""
    site.seed("a.txt", "Fares\n\nFrom 012 on, the fare is 3.50 before 8:30 and 3.5 after.\n")
    site.note(
        "n",
        NOTE.replace("Some words here", "3.50")
        + "\n    prefix: 012 on, the fare is\n  - source: a\n    quote: 8:30\n"
        + "claim_reviewed: 3.50\n",
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = soup((out / "claims/n/index.html").read_bytes())
    assert [mark.get_text() for mark in page.select("mark")] == ["3.50", "8:30"]
    data = [json.loads(tag.string) for tag in page.select('script[type="application/ld+json"]')]
    assert "3.50" in [item.get("claimReviewed") for item in data], data


@pytest.mark.parametrize("value", ["yes", "yesterday-ish", "2024-02-30", "7 February 2024"])
@pytest.mark.parametrize(
    ("place", "line"),
    [("published", 6), ("updated", 10), ("evidence", 12), ("update", 12), ("seed", 2)],
)
def test_a_date_that_is_not_a_date_fails_at_its_line(base, tmp_path, capsys, place, line, value):
    v = json.dumps(value)
    if place == "published":
        base.note("n", NOTE.replace("2024-01-01", v))
    elif place == "updated":
        base.note("n", NOTE + f"\nupdated: {v}")
    elif place == "evidence":
        base.note("n", NOTE + f"\nevidence:\n  - title: A report\n    date: {v}")
    elif place == "update":
        base.note("n", NOTE + f"\nupdates:\n  - change: Corrected.\n    date: {v}")
    else:
        base.write("seeds/a.yaml", f"url: https://example.org/a\npublished: {v}\n")
    where = "seeds/a.yaml" if place == "seed" else "content/claims/n.md"
    build_fails_at(base, tmp_path, capsys, f"{where}:{line}", "is not a date")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("8 février 2024", "2024-02-08"),
        ("7. Februar 2024", "2024-02-07"),
        ("7 февраля 2024 года", "2024-02-07"),
        ("8 lutego 2024 r.", "2024-02-08"),
    ],
)
def test_a_day_written_out_in_a_sidecar_is_told_as_yyyy_mm_dd(base, tmp_path, capsys, written, day):
    base.write("seeds/a.yaml", f"url: https://example.org/a\npublished: {written}\n")
    build_fails_at(base, tmp_path, capsys, "seeds/a.yaml:2", f"write YYYY-MM-DD ({day})")


def test_an_evidence_date_may_be_a_month_or_a_year(base, tmp_path):
    base.note(
        "n", NOTE + "\nevidence:\n  - title: A\n    date: 2019-11\n  - title: B\n    date: 2019"
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "-q", "--no-cache"]) == 0


# -- other shapes ---------------------------------------------------------------------------


NESTED = {
    "block quotes": "\n".join(">" * k + f" level {k}" for k in range(1, 70)),
    "lists": "\n".join("  " * k + f"- item {k}" for k in range(40)),
}


@pytest.mark.parametrize("shape", NESTED)
@pytest.mark.parametrize("rel", ["content/claims/n.md", "content/pages/about.md"])
def test_text_nested_deeper_than_it_is_shown_fails_at_its_line(base, tmp_path, capsys, shape, rel):
    """The parser leaves out what is nested past 64 levels (and, in a list, the rest of the
    text): the build says where, rather than publish the note or page without it."""
    head = f"---\n{NOTE}\n---\n" if rel.endswith("n.md") else "---\ntitle: About\n---\n"
    text = f"{head}\nFirst paragraph.\n\n{NESTED[shape]}\n\nThe end.\n"
    (base.root / rel).parent.mkdir(parents=True, exist_ok=True)
    (base.root / rel).write_text(text)
    first_lost = {"block quotes": "level 64", "lists": "item 31"}[shape]
    lost = next(i for i, line in enumerate(text.splitlines(), 1) if line.endswith(first_lost))
    build_fails_at(base, tmp_path, capsys, f"{rel}:{lost}", "nest more than 64 levels deep")
    (base.root / rel).write_text(
        text.replace(NESTED[shape], NESTED[shape][: len(NESTED[shape]) // 3])
    )
    assert main(["build", "--root", str(base.root), "--out", str(tmp_path / "ok"), "-q"]) == 0


def test_spellings_given_as_one_string_fail_at_their_line(base, tmp_path, capsys):
    base.write(
        "content/entities.yaml", "- id: lazar\n  name: Berel Lazar\n  spellings: Berl Lazar\n"
    )
    build_fails_at(base, tmp_path, capsys, "content/entities.yaml:3", "spellings must be a list")


@pytest.mark.parametrize("rel", ["content/entities.yaml", "content/pages/about.md"])
def test_a_file_that_is_not_utf8_fails_at_the_line_of_the_bad_byte(base, tmp_path, capsys, rel):
    path = base.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"# first line\n# second: \xe9t\xe9\n")
    build_fails_at(base, tmp_path, capsys, f"{rel}:2", "not valid UTF-8")


@pytest.mark.parametrize("inside", ["seeds/out", "content/claims/out", "templates/static/x"])
def test_an_output_folder_inside_the_sites_own_files_is_refused(base, tmp_path, capsys, inside):
    before = files_under(base.root)
    out = base.root / inside
    assert main(["build", "--root", str(base.root), "--out", str(out), "-q"]) == 2
    assert "refusing to write the site into" in capsys.readouterr().err
    assert files_under(base.root) == before


@pytest.mark.parametrize("held", ["seeds", "content", ".git"])
def test_force_never_replaces_another_sites_or_a_repositorys_folder(base, tmp_path, capsys, held):
    """`build --force --out <another site>` replaced it whole, its seeds and notes with it."""
    other = tmp_path / "other"
    (other / held).mkdir(parents=True)
    (other / held / "kept.txt").write_text("an editor's work\n")
    before = files_under(other)
    argv = ["build", "--root", str(base.root), "--out", str(other), "--force", "-q"]
    assert main(argv) == 2
    assert f"refusing to replace {other.resolve()}: it holds {held}/" in capsys.readouterr().err
    assert files_under(other) == before


@pytest.mark.parametrize("argument", [["--jobs", "0"], ["--jobs", "-1"], ["--base-url", "file:x"]])
def test_a_bad_option_is_refused_before_anything_runs(base, tmp_path, capsys, argument):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--root", str(base.root), "--out", str(tmp_path / "out"), *argument])
    assert stopped.value.code == 2
    assert argument[0] in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("suffix", ["txt", "html"])
def test_a_furniture_pattern_that_backtracks_without_end_fails_at_the_line(
    site, tmp_path, capsys, suffix
):
    stuck = "a" * 40 + "c"
    if suffix == "txt":
        site.seed("a.txt", f"Headline\n\n{ARTICLE.splitlines()[2]}\n\n{stuck}\n")
    else:
        running = " ".join(["The council met on Tuesday and talked about the budget."] * 6)
        paragraphs = "".join(f"<p>{running}</p>\n" for _ in range(4))
        site.write(
            "seeds/a.html",
            "<html><body><article><h1>Headline</h1>\n"
            f"<p>Some words here, in a short article.</p>\n{paragraphs}<p>{stuck}</p>\n"
            "</article></body></html>\n",
        )
    site.note("n", NOTE)
    site.write("content/site.yaml", "furniture_patterns:\n  - '(a|aa)+b'\n")
    line = 5 if suffix == "txt" else 7
    said = build_fails_at(
        site, tmp_path, capsys, f"seeds/a.{suffix}:{line}", "furniture pattern '(a|aa)+b'"
    )
    assert "took more than" in said


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        ("content/claims/n.md", NOTE.replace("claim: A claim", "claim: {a: 1}"), 2),
        ("content/claims/n.md", NOTE.replace("summary: S", "summary: [a, b]"), 4),
        ("content/claims/n.md", NOTE.replace("quote: Some", "prefix: {x: 1}\n    quote: Some"), 9),
        ("content/claims/n.md", NOTE + "\nevidence:\n  - title: !!binary aGVsbG8=", 11),
        ("content/claims/n.md", NOTE + "\ntags: [{a: 1}]", 10),
        ("seeds/a.yaml", "url: https://example.org/a\nheadline: {a: 1}\n", 2),
        ("seeds/a.yaml", "url: https://example.org/a\nbyline: !!set {A, B}\n", 2),
        ("content/entities.yaml", "- id: x\n  name: {a: 1}\n", 2),
        ("content/pages/about.md", "---\ntitle: [a, b]\n---\n\nText.\n", 2),
    ],
    ids=["claim", "summary", "prefix", "binary", "tag", "headline", "set", "entity", "page"],
)
def test_a_mapping_list_or_binary_where_text_is_wanted_fails_at_its_line(
    base, tmp_path, capsys, where, text, line
):
    if where == "content/claims/n.md":
        text = f"---\n{text}\n---\n\nAnalysis.\n"
    base.write(where, text)
    said = build_fails_at(base, tmp_path, capsys, f"{where}:{line}", "must be text")
    assert "{'a'" not in said


@pytest.mark.parametrize("where", ["content/pages/about.md", "seeds/b.md"])
def test_front_matter_below_a_blank_line_fails_rather_than_being_published(
    base, tmp_path, capsys, where
):
    """Read as text, it became a rule and a heading made of its fields ("title: About us")."""
    base.write(where, "").write_text("\n---\ntitle: About us\n---\n\nText.\n", encoding="utf-8")
    build_fails_at(base, tmp_path, capsys, f"{where}:1", "'---' is on line 2, not the first")


def test_a_note_and_a_page_saved_with_a_byte_order_mark_build(base, tmp_path):
    note = base.root / "content/claims/n.md"
    note.write_bytes(b"\xef\xbb\xbf" + note.read_bytes())
    base.write("content/pages/about.md", "---\ntitle: About us\n---\n\nText.\n")
    page = base.root / "content/pages/about.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "-q", "--no-cache"]) == 0
    assert soup((out / "about/index.html").read_text(encoding="utf-8")).h1.get_text() == "About us"
    assert (out / "claims/n/index.html").is_file()


@pytest.mark.parametrize("suffix", ["txt", "html"])
def test_control_characters_in_a_seed_reach_no_page_and_no_file(site, tmp_path, suffix):
    words = "Some\x00 words\x07 here,\x1b in a\x0c short\x7f article\x85."
    if suffix == "txt":
        site.seed("a.txt", f"Headline\x01\n\n{words}\n", url="https://example.org/a")
    else:
        running = " ".join(["The council met on Tuesday and talked about the budget."] * 6)
        site.write(
            "seeds/a.html",
            f"<html><head><title>Headline\x01</title></head><body><article><h1>Headline\x01</h1>"
            f"<p>{words}</p><p>{running}</p><p>{running}</p></article></body></html>",
        )
    site.note("n", NOTE.replace("Some words here", "Some words here, in a short article"))
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q", "--no-cache"]) == 0
    made = files_under(out)
    for name in ("sources/a/index.html", "claims/n/index.html", "annotated/a.md"):
        text = made[name].decode("utf-8")
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), name
        assert not any(0x7F <= ord(c) <= 0x9F for c in text), name
    assert "short article" in made["sources/a/index.html"].decode()


def test_problems_show_bidirectional_controls_and_brackets_as_they_are(site, tmp_path, capsys):
    site.seed("a.txt", ARTICLE, url="https://example.org/a")
    site.note("n", NOTE.replace("quote: Some words here", 'quote: "words \u202egnp.exe not here"'))
    site.seed("b[red]x.txt", ARTICLE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "\u202e" not in err and "\\u202egnp.exe" in err
    assert "seeds/b[red]x.txt:1:" in err


@pytest.mark.parametrize(
    ("context", "warned"),
    [
        ('prefix: "Some "', False),
        ('suffix: ", in a short"', False),
        ('prefix: "some  "', False),
        ('prefix: "The minister said that "', True),
        ('suffix: " according to the police"', True),
        ('suffix: ", in a shrot article"', False),  # a typo
        ('suffix: ", in a short essay"', True),  # a word changed
    ],
)
def test_context_that_is_not_around_the_passage_is_a_warning(
    base, tmp_path, capsys, context, warned
):
    base.note("n", NOTE.replace("quote: Some words here", f"{context}\n    quote: words here"))
    err = build_warns(base, tmp_path, capsys)
    said = [line for line in err.splitlines() if "is not what the article has there" in line]
    assert len(said) == warned, err
    if warned:
        assert said[0].startswith("content/claims/n.md:10: warning: quote 1 in source 'a': its ")


def test_a_hint_past_the_end_of_the_article_is_a_warning(base, tmp_path, capsys):
    base.note("n", NOTE + "\n    hint: 999999")
    err = build_warns(base, tmp_path, capsys)
    assert (
        "content/claims/n.md:9: warning: quote 1 in source 'a': its hint, 999999, is past the "
        "end of the article's text (36 characters)" in err
    ), err


def test_context_not_there_is_told_with_what_the_article_has_in_whole_words(site, tmp_path, capsys):
    site.seed(
        "a.txt",
        "Headline\n\nThe council called it deadly unprofessional.\n\nSome words here, in short.\n",
        url="https://example.org/a",
    )
    site.note(
        "n",
        NOTE.replace(
            "quote: Some words here", 'prefix: "The mayor said: "\n    quote: Some words here'
        ),
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    [said] = [line for line in err.splitlines() if "is not what the article has there" in line]
    assert "(\u201cunprofessional.\u201d)" in said, said  # not "nprofessional.\\n\\n"


def test_a_numbered_list_keeps_its_numbers_on_the_page_and_in_the_markdown(site, tmp_path):
    site.seed(
        "a.txt",
        "Headline\n\nSome words here, in a short article.\n\n3. Third step\n4. Fourth step\n",
        url="https://example.org/a",
    )
    site.note("n", NOTE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q", "--no-cache"]) == 0
    page = soup((out / "sources/a/index.html").read_text(encoding="utf-8"))
    lists = [(ol.get("start"), ol.get_text(" ", strip=True)) for ol in page.select(".passage ol")]
    assert lists == [("3", "Third step"), ("4", "Fourth step")]
    markdown = (out / "annotated/a.md").read_text(encoding="utf-8")
    assert "\n3. Third step\n" in markdown and "\n4. Fourth step\n" in markdown


def test_seeds_whose_ids_differ_only_in_case_fail_naming_both(base, tmp_path, capsys):
    base.seed("A.txt", "Headline\n\nOther words, in another article.\n")
    said = build_fails_at(base, tmp_path, capsys, "seeds/a.txt:1", "seeds/A.txt")
    assert "differs from 'A'" in said and "only in case" in said


def test_output_paths_that_differ_only_in_case_fail_naming_both(base, tmp_path, capsys):
    shutil.copytree(REPO / "templates", base.root / "templates")
    (base.root / "templates/static/Extra.css").write_text("p {}\n")
    (base.root / "templates/static/extra.css").write_text("p {}\n")
    said = build_fails_at(base, tmp_path, capsys, "site", "differ only in case")
    assert "'static/Extra.css'" in said and "'static/extra.css'" in said


def test_control_characters_from_yaml_escapes_reach_no_page_and_no_feed(base, tmp_path):
    base.note("n", NOTE.replace("claim: A claim", 'claim: "A claim with a bell\\a and \\e[31m"'))
    base.write("content/site.yaml", 'title: "Checks\\x01"\n')
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "-q", "--no-cache"]) == 0
    ElementTree.parse(out / "feed.xml")  # well-formed
    for name, data in files_under(out).items():
        if name.endswith((".html", ".xml", ".json", ".csv", ".jsonld")):
            text = data.decode("utf-8")
            assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), name
    assert "A claim with a bell and [31m" in (out / "claims/n/index.html").read_text()


@pytest.mark.parametrize(
    "cname", ["a.example.org\\nevil/../x", "https://a.example.org/path", "../../etc/x"]
)
def test_a_cname_that_is_not_a_host_name_fails_at_its_line(base, tmp_path, capsys, cname):
    base.write("content/site.yaml", f'title: T\ncname: "{cname}"\n')
    build_fails_at(base, tmp_path, capsys, "content/site.yaml:2", "not a bare host name")


@pytest.mark.parametrize(
    "base_url",
    [
        "https://example.org/?q=1",
        "https://example.org/#top",
        "https://u:p@example.org/",
        "/\\\\evil.example/x/",  # a browser reads /\\host as //host
    ],
)
def test_a_base_url_with_a_query_fragment_or_password_fails(base, tmp_path, capsys, base_url):
    base.write("content/site.yaml", f'title: T\nbase_url: "{base_url}"\n')
    build_fails_at(base, tmp_path, capsys, "content/site.yaml:2", "base_url")


def test_a_hint_of_true_is_not_a_character_offset(base, tmp_path, capsys):
    base.note("n", NOTE + "\n    hint: true")
    build_fails_at(base, tmp_path, capsys, "content/claims/n.md:10", "hint must be")


def test_metadata_files_that_no_seed_takes_are_warned_about(base, tmp_path, capsys):
    base.write("seeds/a.yml", "id: from-yml\n")
    base.write("seeds/typo.yaml", "outlet: O\n")
    err = build_warns(base, tmp_path, capsys)
    assert "seeds/a.yml: warning: not used: seeds/a.yaml is this seed's metadata" in err
    assert "seeds/typo.yaml: warning: not used: there is no seed typo.txt" in err
    assert (tmp_path / "out/sources/a/index.html").is_file()


def test_check_reports_an_unlogged_verdict_change_as_build_does(base, tmp_path, capsys):
    base.write("content/site.yaml", VERDICTS.replace("KEY", "odd"))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    out = ["--out", str(tmp_path / "elsewhere")]
    assert main(["build", "--root", str(base.root), *out, *cache]) == 0
    note = base.root / "content/claims/n.md"
    note.write_text(note.read_text().replace("verdict: accurate", "verdict: odd"))
    capsys.readouterr()
    assert main(["check", "--root", str(base.root), "--strict", *cache]) == 1
    said = [line for line in capsys.readouterr().err.splitlines() if "verdict changed" in line]
    assert said and said[0].startswith("content/claims/n.md:3: warning:")
    assert main(["build", "--root", str(base.root), "--strict", *out, *cache]) == 1
    assert any("verdict changed" in line for line in capsys.readouterr().err.splitlines())


def test_yaml_merge_keys_give_their_keys_which_the_mappings_own_override(base, tmp_path):
    base.note(
        "n",
        NOTE.replace(
            "quotes:\n  - source: a\n    quote: Some words here",
            "quotes:\n  - &q\n    source: a\n    quote: Some words\n  - <<: *q\n    quote: in a short",
        ),
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "-q", "--no-cache"]) == 0
    marks = soup((out / "sources/a/index.html").read_text()).select("mark[data-claim=n]")
    assert [m.get_text() for m in marks] == ["Some words", "in a short"]


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ("tags: ['', ' ']", "content/claims/n.md:10", "a tag is empty"),
        ("language: 'en us/../x'", "content/site.yaml:1", "not a language tag"),
        ("spellings: ['Ana', ' ']", "content/entities.yaml:3", "a spelling is empty"),
    ],
    ids=["tag", "language", "spelling"],
)
def test_empty_names_and_odd_settings_fail_at_their_line(
    base, tmp_path, capsys, change, where, words
):
    if where.startswith("content/claims"):
        base.note("n", f"{NOTE}\n{change}")
    elif where.startswith("content/site"):
        base.write("content/site.yaml", change + "\n")
    else:
        base.write("content/entities.yaml", f"- id: ana\n  name: Ana\n  {change}\n")
    build_fails_at(base, tmp_path, capsys, where, words)


def test_an_entities_file_that_cannot_be_read_is_the_only_error(base, tmp_path, capsys):
    base.note("n", NOTE + "\nentities: [ana, bob]")
    base.write("content/entities.yaml", "ana: {name: Ana}\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/entities.yaml:1: error:"), errors


def test_warnings_for_a_common_word_spelling_and_an_update_before_publication(
    base, tmp_path, capsys
):
    base.write("content/entities.yaml", "- id: ana\n  name: Ana\n  spellings: [the]\n")
    base.note("n", NOTE + "\nupdated: 2023-12-31")
    err = build_warns(base, tmp_path, capsys)
    assert "content/entities.yaml:3: warning: the spelling 'the' is a common word" in err
    assert "content/claims/n.md:10: warning: updated (2023-12-31) is earlier than published" in err


def test_a_spelling_two_entities_share_is_a_warning_at_the_second(base, tmp_path, capsys):
    """ "Quill" for Ada Quill and for Ben Quill: every "Quill" of a source names both."""
    base.write(
        "content/entities.yaml",
        "- id: ada-quill\n  name: Ada Quill\n  spellings: [Quill]\n"
        "- id: ben-quill\n  name: Ben Quill\n  spellings: [Mr. Quill, Quill]\n",
    )
    err = build_warns(base, tmp_path, capsys)
    assert (
        "content/entities.yaml:6: warning: 'Quill' is also a form of 'ada-quill' (line 3): "
        "every 'Quill' in a source is counted as naming both"
    ) in err, err
    assert err.count("is also a form of") == 1


def test_a_date_that_has_not_come_is_a_warning_at_its_line(base, tmp_path, capsys):
    """`published: 2204-01-01` (a typo) was published as it is, in the page, the feed and
    ClaimReview; so was an article dated ahead. Tomorrow still passes (time zones ahead)."""
    from datetime import UTC, datetime, timedelta

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    note = NOTE.replace("published: 2024-01-01", "published: 2204-01-01")
    log = f"\nupdated: {tomorrow}\nupdates:\n  - date: 2205-01-01\n    change: Added a source."
    base.note("n", note + log)
    base.write("seeds/a.yaml", "url: https://example.org/a\npublished: 2999-01-01\n")
    err = build_warns(base, tmp_path, capsys)
    assert "content/claims/n.md:6: warning: published 2204-01-01: a day that has not come" in err
    assert "content/claims/n.md:12: warning: this update is dated 2205-01-01: a day that" in err
    assert f"updated {tomorrow}" not in err
    assert "the article's published date, 2999-01-01, is a day that has not come" in err


def test_a_logged_update_that_has_not_come_is_told_once_at_its_own_line(base, tmp_path, capsys):
    """`updated:` earlier than the update log's date takes the log's: the log's typo was told
    twice, once at the `updated:` line, which does not hold it."""
    log = "\nupdated: 2024-01-02\nupdates:\n  - date: 2205-01-01\n    change: Added a source."
    base.note("n", NOTE + log)
    err = build_warns(base, tmp_path, capsys)
    told = [line for line in err.splitlines() if "2205-01-01: a day that has not come" in line]
    assert told == [
        "content/claims/n.md:12: warning: this update is dated 2205-01-01: a day that has not come"
    ], err


def test_a_draft_dated_to_the_day_it_is_to_go_out_is_no_warning(base, tmp_path, capsys):
    """The warning's own advice is to keep a note not ready as a draft: a draft (as `serve` and
    `--drafts` build them) dated ahead was warned of all the same."""
    draft = NOTE.replace("published: 2024-01-01", "published: 2204-01-01\nstatus: draft")
    base.note("n", draft)
    out = tmp_path / "out"
    args = ["build", "--root", str(base.root), "--out", str(out), "--no-cache", "--drafts"]
    assert main(args) == 0
    assert "has not come" not in capsys.readouterr().err


def test_new_source_and_new_claim_say_what_is_wrong_with_their_place(site, tmp_path, capsys):
    assert main(["new", "source", str(tmp_path), "--root", str(site.root)]) == 1
    assert "is a folder" in capsys.readouterr().err
    nowhere = ["--root", str(tmp_path / "nowhere")]
    assert main(["new", "claim", "X", "--source", "a", "--quote", "y", *nowhere]) == 1
    assert "no site at" in capsys.readouterr().err
    seed = tmp_path / "story.txt"
    seed.write_text("Headline\n\nA paragraph.\n")
    (tmp_path / "empty").mkdir()
    for root in ("nowhere", "empty"):  # it made the folder and a seeds/ in it: a site of one seed
        assert main(["new", "source", str(seed), "--root", str(tmp_path / root)]) == 1
        assert "no site at" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists() and not any((tmp_path / "empty").iterdir())


@pytest.mark.parametrize(
    ("broken", "line"),
    [("verdict: [accurate", 3), ('claim: "A claim', 2)],
    ids=["bracket", "quote"],
)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opened(
    base, tmp_path, capsys, broken, line
):
    field = broken.split(":")[0]
    text = "\n".join(broken if row.startswith(field + ":") else row for row in NOTE.splitlines())
    base.note("n", text)
    said = build_fails_at(base, tmp_path, capsys, f"content/claims/n.md:{line}", "malformed YAML")
    assert "opened here is not closed" in said


def test_stories_that_differ_only_in_case_or_punctuation_are_one_story(site, tmp_path, capsys):
    seed_and_note(site, 0, {"story": "Flood Relief"}, "")
    seed_and_note(site, 1, {"story": "flood-relief"}, "")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "seeds/s0.yaml:2: warning: stories that differ only in case or punctuation" in err
    assert [p.name for p in (out / "xref").iterdir() if p.is_dir()] == ["flood-relief"]
    assert (out / "compare/s0--s1/index.html").is_file()


def test_a_story_spelled_two_ways_is_called_as_most_sources_write_it(site, tmp_path, capsys):
    """As an outlet or a tag is; and the warning says what the story's page shows."""
    seed_and_note(site, 0, {"story": "flood-relief"}, "")
    seed_and_note(site, 1, {"story": "flood-relief"}, "")
    seed_and_note(site, 2, {"story": "Flood Relief"}, "")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "share the page /xref/flood-relief/, shown as 'Flood relief'" in err, err
    page = soup((out / "xref/flood-relief/index.html").read_bytes())
    assert page.h1.get_text(" ", strip=True) == "Flood relief"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_pipes_and_links_that_lead_nowhere_are_errors_not_a_wait(site: SiteFolder, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    os.mkfifo(site.root / "seeds" / "pipe.txt")
    os.mkfifo(site.root / "seeds" / "a.yaml")  # a seed's metadata
    claims = site.root / "content" / "claims"
    claims.mkdir(parents=True, exist_ok=True)
    os.mkfifo(claims / "pipe.md")
    (claims / "loop.md").symlink_to("loop.md")
    (claims / "gone.md").symlink_to("nowhere.md")
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(site.root)]
    command += ["--out", str(tmp_path / "out"), "--no-cache", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    for where in ("seeds/pipe.txt", "seeds/a.yaml", "content/claims/pipe.md"):
        assert f"{where}: error: cannot read this" in done.stderr
        assert "not a regular file" in done.stderr
    assert "content/claims/loop.md: error: cannot read this note" in done.stderr
    assert "content/claims/gone.md: error: cannot read this note" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_editors_and_a_systems_hidden_files_are_not_notes_or_pages(shipped_site, tmp_path):
    """Emacs marks a buffer with unsaved changes by a link `.#note.md` that leads nowhere; a
    Mac leaves `._note.md` beside a note on some disks. Neither is the site's: the build goes
    on as if they were not there (it failed on the first)."""
    claims, pages = shipped_site / "content" / "claims", shipped_site / "content" / "pages"
    note = sorted(claims.glob("*.md"))[0]
    (claims / f".#{note.name}").symlink_to("editor@host.4242:1764600000")
    (pages / ".#methodology.md").symlink_to("editor@host.4242:1764600000")
    (claims / f"._{note.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    shutil.copy(note, claims / f".{note.name}.swp")
    out = tmp_path / "out"
    assert main(["build", "--root", str(shipped_site), "--out", str(out), "--no-cache", "-q"]) == 0
    built = {p.parent.name for p in (out / "claims").glob("*/index.html")}
    notes = {p.stem for p in claims.glob("[!.]*.md")}
    assert note.stem in notes and notes <= built
    assert not [name for name in built if name.startswith((".", "_"))]


def test_an_editors_and_a_systems_files_in_the_theme_are_not_the_themes(shipped_site, tmp_path):
    """A Mac's `._claim_item.html` failed the build as a template that is not UTF-8; an
    editor's `style.css~` and `#style.css#` were published with the theme's static files."""
    theme = shipped_site / "templates"
    (theme / "partials" / "._claim_item.html").write_bytes(b"\x00\x05\x16\x07\xff\xfe")
    (theme / "static" / "style.css~").write_text("/* the version before */\n")
    (theme / "static" / "#style.css#").write_text("/* an autosave */\n")
    (theme / ".git").mkdir()
    (theme / ".git" / "broken.html").write_text("{% if %}")
    out = tmp_path / "out"
    assert main(["build", "--root", str(shipped_site), "--out", str(out), "--no-cache", "-q"]) == 0
    published = sorted(p.name for p in (out / "static").iterdir())
    assert published == ["favicon.svg", "search.js", "site.js", "style.css"]


@pytest.mark.parametrize(
    "address", ["http://[::1", "http://localhost:abc/x.html", "https://localhost:99999/x"]
)
def test_new_source_with_a_malformed_address_says_so(site, capsys, address):
    assert main(["new", "source", address, "--root", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert f"{address} is not an address (" in err and "Traceback" not in err


def test_an_output_folder_that_cannot_be_made_is_refused(site, tmp_path, capsys):
    site.seed("a.txt", ARTICLE)
    (tmp_path / "afile").write_text("")
    out = tmp_path / "afile" / "site"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache"]) == 2
    assert f"cannot make {out}: {tmp_path / 'afile'} is not a folder" in capsys.readouterr().err


def test_a_cache_folder_that_cannot_be_written_is_a_warning_and_the_site_is_built(
    site, tmp_path, capsys
):
    site.seed("a.txt", ARTICLE)
    (tmp_path / "afile").write_text("")
    out = tmp_path / "out"
    args = ["build", "--root", str(site.root), "--out", str(out), "--cache-dir"]
    assert main([*args, str(tmp_path / "afile")]) == 0
    assert "warning: the build's memory could not be saved there" in capsys.readouterr().err
    assert (out / "index.html").is_file()


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "http://[::1", "https://example.org:99999/", "https://x.org:a/"],
)
def test_the_publishers_address_is_checked_at_its_line(site, tmp_path, capsys, address):
    site.seed("a.txt", ARTICLE)
    site.write("content/site.yaml", f'title: T\npublisher:\n  name: P\n  url: "{address}"\n')
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 1
    err = capsys.readouterr().err
    assert f"content/site.yaml:4: error: Config value 'publisher': url: {address!r} is not" in err


def test_what_is_in_content_and_not_read_is_told(site, tmp_path, capsys):
    site.seed("a.txt", ARTICLE)
    claims = site.root / "content" / "claims"
    (claims / "topic").mkdir(parents=True)
    (claims / "Bridge.MD").write_text("---\nclaim: c\n---\n")
    (claims / "folder.md").mkdir()
    (site.root / "content" / "pages").write_text("not a folder")
    (site.root / "content" / "entities.yaml").mkdir()
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 1
    err = capsys.readouterr().err
    assert "content/pages: error: not a folder: pages go in a folder here" in err
    assert "content/claims/topic: warning: claim notes in a subfolder are not read" in err
    assert "content/claims/Bridge.MD: warning: not read: only files ending in '.md' are" in err
    assert "content/claims/folder.md: warning: not read: a folder, not a file" in err
    assert "content/entities.yaml: error: cannot read this file: not a regular file" in err


def test_a_page_whose_file_name_cannot_be_its_address_is_told_the_name_to_give(
    base, tmp_path, capsys
):
    base.write("content/pages/About Us.md", "Who we are.\n")
    build_fails_at(
        base,
        tmp_path,
        capsys,
        "content/pages/About Us.md:1",
        "page file name",
        "rename it about-us.md",
    )


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("bridge.md.txt", "rename it bridge.md"),
        ("bridge.txt", "rename it bridge.md"),
        ("bridge.docx", "a note or page is Markdown text, in a file whose name ends in '.md'"),
        ("Bridge Vote.MD", "rename it bridge-vote.md"),
        ("Café.md.txt", "rename it cafe.md"),
    ],
)
def test_a_note_saved_under_another_ending_is_told_not_passed_over(
    site, tmp_path, capsys, name, advice
):
    site.seed("a.txt", ARTICLE)
    site.write(f"content/claims/{name}", "---\nclaim: c\n---\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    err = capsys.readouterr().err
    assert f"content/claims/{name}: warning: not read: only files ending in '.md' are" in err
    assert f"\n    {advice}\n" in err


def test_settings_that_are_a_folder_are_an_error_not_the_defaults(site, tmp_path, capsys):
    site.seed("a.txt", ARTICLE)
    (site.root / "content" / "site.yaml").mkdir(parents=True)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 1
    assert "content/site.yaml: error: cannot read this settings file" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--cache-dir", "--out"])
def test_an_empty_folder_name_is_refused(site, capsys, option):
    site.seed("a.txt", ARTICLE)
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--root", str(site.root), option, ""])
    assert stopped.value.code == 2
    assert f"argument {option}: an empty name is no folder" in capsys.readouterr().err


def test_a_base_url_a_browser_reads_as_another_host_is_refused_on_the_command_line(base, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--root", str(base.root), "--base-url", "/\\evil.example/"])
    assert stopped.value.code == 2


def test_links_in_notes_go_only_to_web_mail_and_phone_addresses_and_the_sites_pages(base, tmp_path):
    links = {
        "web": "https://example.org/report",
        "mail": "mailto:desk@example.org",
        "phone": "tel:+441234567890",
        "page": "../../about/",
        "root": "/claims/n/",
        "fragment": "#evidence",
    }
    refused = ["ms-msdt:/id%20X", "smb://evil.example/share", "//evil.example/x", "search-ms:q=x"]
    body = "\n\n".join(
        [f"[{name}]({url})" for name, url in links.items()] + [f"[no]({u})" for u in refused]
    )
    # a scheme cut by an invisible character, as browsers read it ("javascript:"): text too
    hidden = ["java&#x09;script:alert(1)", "java&#10;script:alert(1)", "java%0dscript:alert(1)"]
    body += "\n\n" + "\n\n".join(f"[hidden]({url})" for url in hidden)
    base.note("n", NOTE, body=body + "\n\n<smb://evil.example/s>\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = soup((out / "claims/n/index.html").read_bytes())
    hrefs = {a.get_text(): a["href"] for a in page.select("main a[href]")}
    # from the site's root: relative to the page, so that a site served under a path works
    assert {name: hrefs.get(name) for name in links} == links | {"root": "../../claims/n/"}
    text = page.get_text()
    for url in refused:
        assert url not in hrefs.values() and f"[no]({url})" in text
    assert "<smb://evil.example/s>" in text
    assert "hidden" not in hrefs and text.count("[hidden](java") == len(hidden)


def test_comments_in_notes_and_pages_are_left_out_and_other_markup_stays_text(base, tmp_path):
    """An editor's `<!-- for the desk only -->` is never published, on its own line, inline or
    over several; any other markup shows as the text it is; an unclosed comment shows too."""
    body = (
        "Before.\n\n<!-- DESK-ONE: check the date -->\n\nInline <!-- DESK-TWO --> words.\n\n"
        "<!--\nDESK-THREE\n\nstill hidden\n-->\n\n<b>bold?</b> and <div>a box</div>\n\n"
        "`<!-- in code -->`\n\nAfter.\n"
    )
    base.note("n", NOTE, body=body)
    base.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nUs.\n\n<!-- DESK-FOUR -->\n\nEnd <!-- open",
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache", "-q"]) == 0
    published = b" ".join(path.read_bytes() for path in out.rglob("*") if path.is_file())
    assert b"DESK-" not in published
    main_text = soup((out / "claims/n/index.html").read_bytes()).main.get_text(" ")
    assert "Before." in main_text and "Inline  words." in main_text and "After." in main_text
    assert "<b>bold?</b> and <div>a box</div>" in main_text
    assert "<!-- in code -->" in main_text
    about = soup((out / "about/index.html").read_bytes()).main.get_text(" ")
    assert "Us." in about and "End <!-- open" in about


@pytest.mark.parametrize(
    ("body", "html"),
    [
        # a comment opening a line of a paragraph: the paragraph stays one, its Markdown read
        (
            "<!-- desk: ask Anna --> The *first* paragraph\ncontinues here.",
            "<p>The <em>first</em> paragraph\ncontinues here.</p>",
        ),
        (
            "Said *this*\n<!-- check -->\nand *that*.",
            "<p>Said <em>this</em>\nand <em>that</em>.</p>",
        ),
        ("- one\n- <!-- draft --> two *x*", "<li>two <em>x</em></li>"),
        # markup that opens an HTML block takes none of the Markdown after it
        ("It is **27,000**\n<div>\nas the *ministry* says.", "as the <em>ministry</em> says."),
        ("Intro.\n\n<pre>\n\n## Verdict\n\nIt is **false**.", "<h2>Verdict</h2>"),
        # a comment in code is code
        ("```\n<!-- shown -->\n```", "<code>&lt;!-- shown --&gt;\n</code>"),
    ],
)
def test_comments_leave_the_markdown_around_them_as_it_reads(body, html):
    from site_builder.render.markdown import render_prose

    assert html in render_prose(body)


def test_no_cell_of_the_open_data_runs_as_a_spreadsheet_formula(base, tmp_path):
    """A claim, claimant or passage that starts as a formula does (`=`, `+`, `-`, `@`) is text
    in claims.csv: an apostrophe before it, as spreadsheets mark text."""
    trap = '=HYPERLINK("https://evil.example/?"&A1,"Click")'
    note = NOTE.replace("claim: A claim", f"claim: '{trap}'").replace(
        "claimant: X", "claimant: '@SUM(1+1)'"
    )
    base.note("n", note)
    base.seed(
        "a.txt",
        "Headline\n\n-5% is what he said, in a short article.\n",
        url="https://example.org/a",
    )
    base.note("m", NOTE.replace("quote: Some words here", "quote: '-5% is what he said'"))
    base.note("n", note.replace("quote: Some words here", "quote: in a short article"))
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache", "-q"]) == 0
    rows = {
        row["note_id"]: row for row in csv.DictReader(io.StringIO((out / "claims.csv").read_text()))
    }
    assert rows["n"]["claim"] == "'" + trap and rows["n"]["claimant"] == "'@SUM(1+1)"
    assert rows["m"]["passage"] == "'-5% is what he said" and rows["m"]["claim"] == "A claim"
    assert rows["m"]["start"] == "0" and rows["n"]["end"].isdigit()  # numbers stay numbers


def test_a_passage_over_two_paragraphs_is_shown_as_two_on_its_claim_page(site, tmp_path):
    site.seed(
        "a.txt",
        "Headline\n\nThe council met on Tuesday. It voted to close the bridge.\n\n"
        "The mayor agreed. Work starts in May.\n",
        url="https://example.org/a",
    )
    site.note(
        "n", NOTE.replace("quote: Some words here", "quote: 'close the bridge. The mayor agreed.'")
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    card = soup((out / "claims/n/index.html").read_bytes()).select_one(".passage-card")
    paragraphs = card.blockquote.find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        "The council met on Tuesday. It voted to close the bridge.",
        "The mayor agreed. Work starts in May.",
    ]
    assert [p.mark.get_text() for p in paragraphs] == ["close the bridge.", "The mayor agreed."]
    assert "paragraph 1\u20132" in card.figcaption.get_text()


def test_two_seeds_of_one_id_are_the_one_error_not_one_per_quote_of_it(site, tmp_path, capsys):
    """nyt.txt and nyt.html (the page saved again as text, say) give one id: that is the
    error, told alone, not after a "not found" for each quote searched in one of them."""
    site.seed("a.txt", ARTICLE, url="https://example.org/a")
    site.write(
        "seeds/a.html",
        "<html><body><h1>Other</h1><p>" + "Other words entirely. " * 5 + "</p></body></html>",
    )
    site.note("n", NOTE)
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "duplicate source id 'a'" in errors[0], err
    assert "rename one of them" in err


def test_a_renamed_seed_is_told_how_to_keep_its_address(site, tmp_path, capsys):
    site.seed("a.txt", ARTICLE, url="https://example.org/a")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    (site.root / "seeds/a.txt").rename(site.root / "seeds/b.txt")
    (site.root / "seeds/a.yaml").rename(site.root / "seeds/b.yaml")
    capsys.readouterr()
    assert main(["build", "--root", str(site.root), "--out", str(out), "--no-cache", "-q"]) == 0
    err = capsys.readouterr().err
    assert "are gone: /sources/a/" in err
    assert "a renamed seed keeps its id, and its address, with `id: old-id`" in err
    assert "aliases" not in err  # notes' way, not seeds'


def test_broken_settings_are_the_one_error_not_one_per_verdict_they_hold(shipped_site, capsys):
    settings = shipped_site / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "title: [oops\n", encoding="utf-8")
    out = shipped_site / "build"
    assert main(["build", "--root", str(shipped_site), "--out", str(out), "--no-cache", "-q"]) == 1
    err = capsys.readouterr().err
    assert "content/site.yaml:" in err and "malformed YAML" in err
    assert "unknown verdict" not in err
    assert "Build failed: 1 error(s)" in err


@pytest.mark.parametrize("command", ["build", "check"])
def test_on_github_actions_each_problem_is_also_an_annotation_at_its_line(
    base, tmp_path, capsys, monkeypatch, command
):
    """In a GitHub Actions run, each problem is also a workflow command on standard output, with
    its path from the repository's root (here the site is a folder of it), so that GitHub
    shows it on the note's line in the pull request; its text escaped as GitHub reads it."""
    base.note("n", NOTE.replace("Some words here", "Words 100% absent, here"))
    base.write("content/claims/m, 50%.md", "---\nclaim: [oops\n---\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(base.root.parent))
    arguments = [command, "--root", str(base.root), "--no-cache", "-q"]
    assert main([*arguments, "--out", str(tmp_path / "out")] if command == "build" else arguments)
    captured = capsys.readouterr()
    annotations = [line for line in captured.out.splitlines() if line.startswith("::")]
    assert len(annotations) == 2, captured.out
    yaml, quote = sorted(annotations)
    assert quote.startswith(
        "::error file=site/content/claims/n.md,line=9,title=site-builder::quote 1 in source 'a'"
    ), quote
    assert "100%25 absent" in quote and "%0A" in quote and "\n" not in quote
    assert yaml.startswith("::error file=site/content/claims/m%2C 50%25.md,line=2,"), yaml
    assert "content/claims/n.md:9: error: quote 1" in captured.err  # and told as ever
    monkeypatch.delenv("GITHUB_ACTIONS")
    main([*arguments, "--out", str(tmp_path / "out")] if command == "build" else arguments)
    assert "::error" not in capsys.readouterr().out


def test_a_seed_and_a_note_saved_as_utf16_with_its_mark_are_read(base, tmp_path):
    """Windows' Notepad and Word save "Unicode" text as UTF-16, with a byte-order mark that says
    so: read as what it says (it was "not valid UTF-8 text")."""
    article = "Headline\r\n\r\nSome words here \u201cquoted\u201d, and more.\r\n"
    (base.root / "seeds" / "a.txt").write_bytes(article.encode("utf-16"))
    (base.root / "content" / "claims" / "n.md").write_bytes(
        f"---\n{NOTE}\n---\n\nThe analysis.\n".encode("utf-16")
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = (out / "sources" / "a" / "index.html").read_text(encoding="utf-8")
    assert "\u201cquoted\u201d" in page and ">Some words here</mark>" in page


def test_a_note_whose_lists_nest_deep_keeps_the_analysis_that_follows(base, tmp_path):
    """CommonMark's preset stops reading at 20 levels (10 nested lists), and the rest of the
    analysis was dropped from the claim page without a word."""
    outline = "".join("  " * depth + f"- level {depth}\n" for depth in range(12))
    base.note("n", NOTE, body=f"First words.\n\n{outline}\nThe conclusion.\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(base.root), "--out", str(out), "--no-cache", "-q"]) == 0
    page = (out / "claims" / "n" / "index.html").read_text(encoding="utf-8")
    assert "level 11" in page and "<p>The conclusion.</p>" in page


def test_a_root_that_is_a_file_or_a_host_that_is_no_address_is_told_as_such(tmp_path, capsys):
    """`--root afile` was "cannot make afile/build: afile is not a folder"; `serve --host
    nonexistent.invalid` was "Unknown error -2"."""
    from site_builder.serve.server import port_problem

    (tmp_path / "afile").write_text("x")
    with pytest.raises(SystemExit):
        main(["build", "--root", str(tmp_path / "afile")])
    assert "is a file, not a site's folder" in capsys.readouterr().err
    assert port_problem("nonexistent.invalid", 8000) == (
        "cannot serve at nonexistent.invalid: no address is called so (try 127.0.0.1)"
    )
    assert port_problem("", 0) is None  # every address of the machine


def test_a_published_note_with_sections_new_claim_wrote_is_a_warning_at_each(
    base, tmp_path, capsys
):
    """`new claim` writes a note's analysis as four sections for the editor to write over: a
    note published with one of them as written would publish the instruction."""
    from site_builder.read.notes import NOTE_BODY

    body = NOTE_BODY.replace(
        "Say it plainly.", "Say it plainly. The mayor's office did not answer."
    )
    base.note("n", NOTE, body)
    base.note("d", NOTE + "\nstatus: draft", NOTE_BODY)  # still being written: built, not told
    out = tmp_path / "out"
    command = ["build", "--root", str(base.root), "--out", str(out), "--drafts", "--no-cache"]
    assert main(command) == 0
    err = capsys.readouterr().err
    assert (out / "claims/d/index.html").is_file()
    told = re.findall(r"content/claims/(\w+)\.md:(\d+): warning: still what `new claim` wrote", err)
    assert told == [("n", "12"), ("n", "14"), ("n", "18")], err
    assert "“**The evidence.** What the verdict rests on: primary sources first.”" in err


def test_an_ambiguous_quote_is_told_the_context_that_picks_each_place(site, capsys):
    said = "The mayor said the bridge would close"
    site.seed("a.txt", f"Headline\n\n{said} on Monday.\n\nLater: {said} at noon.\n")
    site.note("n", NOTE.replace("Some words here", said))
    assert main(["check", "--root", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "ambiguous: the quote matches 2 places" in err
    assert (
        "    to pick one, add under the quote:\n"
        '      paragraph 1: suffix: "on"\n'
        '      paragraph 2: suffix: "at"\n'
    ) in err, err

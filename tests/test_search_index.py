"""The search index's shards: Pagefind run over exactly a shard's pages, whatever their names."""

from __future__ import annotations

import gzip
import html
import json
import re
import time
from pathlib import Path

import pytest

from site_builder.output import search_index

from .conftest import REPO
from .html_text import soup

pytestmark = pytest.mark.skipif(not search_index.available(), reason="pagefind is not installed")

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>{word}</title></head>'
    "<body><main data-pagefind-body><p>{word}</p></main></body></html>"
)


def _write_pages(site: Path, folder: str, names) -> list[str]:
    """A page with a word of its own at `folder/<name>/index.html` for each of `names`; their
    paths in the site."""
    pages = []
    for number, name in enumerate(names):
        page = site / folder / str(name) / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(word=f"word{number}"), encoding="utf-8")
        pages.append(f"{folder}/{name}/index.html")
    return pages


def _page_count(bundle) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_a_page_added_changes_one_shard_until_their_number_doubles():
    """Pagefind indexes a shard whole: a site that grows by a page must not move other pages
    between shards, or every shard is indexed again."""
    pages = [f"claims/n{i:05d}/index.html" for i in range(6000)]
    before = search_index.plan(pages)
    assert len(before) == 8 and all(500 <= len(p) <= 1000 for p in before.values())
    for added in (["claims/new/index.html"], [f"sources/s{i}/index.html" for i in range(1999)]):
        after = search_index.plan(pages + added)
        changed = [n for n in after if after[n] != before[n]]
        assert len(after) == 8 and set().union(*map(set, after.values())) >= set(pages)
        assert sum(len(set(after[n]) - set(before[n])) for n in after) == len(added)
        assert all(set(before[n]) <= set(after[n]) for n in after)
        if len(added) == 1:
            assert len(changed) == 1
    doubled = search_index.plan(pages + [f"x/{i}/index.html" for i in range(2001)])
    assert len(doubled) == 16
    for n, shard in before.items():  # each shard splits in two
        assert set(shard) == {p for p in pages if p in set(doubled[n]) | set(doubled[n + 8])}


def test_a_shard_indexes_its_own_pages_whatever_characters_their_paths_hold(tmp_path):
    names = ["plain", "a{b},c", "x[y]z", "q?r*s", "d$:<>", "p(en)", "hash#!", "sp ace", "üni"]
    decoys = ["qxr-s", "xyz", "other"]  # what a glob character left unescaped would match
    shard = tuple(_write_pages(tmp_path, "claims", names + decoys)[: len(names)])
    assert search_index.index_shards(tmp_path, {0: shard}) == ""
    assert _page_count(tmp_path / "pagefind") == len(names)
    assert not list(tmp_path.glob(".index-*"))  # its working files are gone


def test_shards_side_by_side_each_index_only_theirs(tmp_path):
    pages = _write_pages(tmp_path, "sources", [f"s{number}" for number in range(6)])
    shards = {0: tuple(pages[:1]), 1: tuple(pages[1:3]), 2: tuple(pages[3:])}
    assert search_index.index_shards(tmp_path, shards) == ""
    counts = [_page_count(tmp_path / search_index.shard_folder(n)) for n in sorted(shards)]
    assert counts == [1, 2, 3]


def test_pages_written_where_a_shard_reads_them_are_indexed_then_moved_to_their_place(tmp_path):
    site = tmp_path / "site"
    (site / "claims/has-a-file").mkdir(parents=True)
    (site / "claims/has-a-file/data.json").write_text("{}", encoding="utf-8")  # stays
    pages = ["claims/a/index.html", "claims/a/b/index.html", "claims/has-a-file/index.html"]
    pages += ["top/index.html", "index.html"]
    indexer = search_index.ShardIndexer(site, 1)
    for number, page in enumerate(pages):
        target = Path(indexer.lay_out(0)) / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(word=f"word{number}"), encoding="utf-8")
    indexer.add(0, tuple(pages))
    assert indexer.finish() == ""
    assert _page_count(site / "pagefind") == len(pages)
    for number, page in enumerate(pages):
        assert f"word{number}" in (site / page).read_text(encoding="utf-8"), page
    assert (site / "claims/has-a-file/data.json").read_text(encoding="utf-8") == "{}"
    assert not list(site.glob(".index-*"))  # nothing left where they were written


def _pages(site: Path, names: list[str]) -> tuple[str, ...]:
    for name in names:
        page = site / "claims" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(word=name), encoding="utf-8")
    return tuple(f"claims/{name}/index.html" for name in names)


def test_a_waiting_shard_starts_as_soon_as_a_running_one_is_done(tmp_path):
    """While pages render, the next shard does not wait for the rendering to end: the pages
    written meanwhile poll the indexer, which starts it once a process is free."""
    indexer = search_index.ShardIndexer(tmp_path, 1)
    indexer.add(0, _pages(tmp_path, ["first"]), at_once=1)
    indexer.add(1, _pages(tmp_path, ["second"]), at_once=1)  # waits: one process at a time
    second = tmp_path / search_index.shard_folder(1) / "pagefind-entry.json"
    deadline = time.monotonic() + 60
    while not second.exists() and time.monotonic() < deadline:
        indexer.poll()  # what each page written does
        time.sleep(0.05)
    assert second.exists()  # indexed before `finish` was called
    assert indexer.finish() == ""
    assert _page_count(tmp_path / "pagefind") == 1


def test_pagefind_runs_with_its_allocator_settings_unless_the_user_has_some(tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    spy = tmp_path / "spy-pagefind"
    spy.write_text(
        f'#!/bin/sh\necho "$_RJEM_MALLOC_CONF" >> "{seen}"\n'
        f'exec "{search_index._executable()}" "$@"\n'
    )
    spy.chmod(0o755)
    monkeypatch.setattr(search_index, "_executable", lambda: spy)
    pages = _pages(tmp_path, ["one"])
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    assert search_index.index_shards(tmp_path, {0: pages}) == ""
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "narenas:1")
    assert search_index.index_shards(tmp_path, {0: pages}) == ""
    assert seen.read_text().splitlines() == ["tcache_max:1048576", "narenas:1"]
    assert _page_count(tmp_path / "pagefind") == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_from_nothing_puts_every_page_in_place_and_each_in_its_shard(
    shipped_site, tmp_path, monkeypatch, jobs
):
    import site_builder.build as engine
    from site_builder.build import BuildOptions, build

    monkeypatch.setattr(search_index, "SHARD_PAGES", 10)
    monkeypatch.setattr(engine, "FORK_PAGES", 10 if jobs > 1 else 10**9)
    out = tmp_path / "out"
    assert build(BuildOptions(root=shipped_site, out=out, cache=False, jobs=jobs)).ok
    searchable = [
        p.relative_to(out).as_posix()
        for kind in ("claims", "sources")
        for p in (out / kind).glob("*/index.html")
    ] + [f"{page.stem}/index.html" for page in (shipped_site / "content/pages").glob("*.md")]
    plan = search_index.plan(searchable)
    assert len(plan) >= 3
    for shard, shard_pages in plan.items():
        urls = set(_records(out / search_index.shard_folder(shard)))
        carry_text = [p for p in shard_pages if b"data-pagefind-body" in (out / p).read_bytes()]
        assert urls == {"/" + p.removesuffix("index.html") for p in carry_text}, shard
    assert not [p for p in out.rglob("*") if p.name.startswith(".index-")]
    listed = json.loads((out / ".site-builder-manifest.json").read_text(encoding="utf-8"))
    assert set(searchable) <= set(listed["files"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_reports_how_long_it_waited_for_the_search_index(
    shipped_site, tmp_path, monkeypatch, jobs
):
    """The index runs while pages render; what is left once they are out is reported, whether
    the shards ran beside this process's rendering or beside its forked processes'."""
    import site_builder.build as engine
    from site_builder.build import BuildOptions, build

    slow = tmp_path / "slow-pagefind"
    slow.write_text(f'#!/bin/sh\nsleep 1\nexec "{search_index._executable()}" "$@"\n')
    slow.chmod(0o755)
    monkeypatch.setattr(search_index, "_executable", lambda: slow)
    monkeypatch.setattr(search_index, "SHARD_PAGES", 10)  # shards one after another: 1 s each
    monkeypatch.setattr(engine, "FORK_PAGES", 10 if jobs > 1 else 10**9)
    report = build(BuildOptions(root=shipped_site, out=tmp_path / "out", cache=False, jobs=jobs))
    assert report.ok
    assert 0.5 <= report.index_seconds < report.seconds  # at least one shard was waited for


def _records(bundle) -> dict[str, dict]:
    """Pagefind's record of each page in a bundle (its fragments), by URL."""
    records = {}
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record
    return records


def _site_records(site: Path) -> dict[str, dict]:
    """Pagefind's record of each page of a built site, from every shard, by URL."""
    bundles = [site / "pagefind", *(site / "pagefind/shards").glob("*")]
    return {url: r for bundle in bundles if bundle.is_dir() for url, r in _records(bundle).items()}


def test_the_sites_own_pages_are_found_by_their_text_and_no_listing_is(demo_build):
    """A reader who searches for "corrections" or "methodology" finds the page that says how
    the site works (content/pages/); the listings (claims, tags, verdicts...) are no results."""
    records = _site_records(demo_build)
    pages = {
        p.parent
        for p in demo_build.glob("*/index.html")
        if soup(p.read_text("utf-8")).select_one("article.prose")
    }
    assert {p.name for p in pages} >= {"methodology", "corrections"}
    for page in pages:
        record = records[f"/{page.name}/"]
        prose = soup((page / "index.html").read_text("utf-8")).select_one("article.prose")
        assert record["meta"]["title"] == prose.h1.get_text()
        assert _words(prose.p.get_text()) in _words(record["content"])
    kinds = {url.split("/")[1] for url in records}
    assert kinds == {"claims", "sources"} | {p.name for p in pages}
    assert not [url for url in records if url.count("/") != (2 if url[1:-1] in kinds else 3)]


def test_a_source_page_is_found_by_its_article_not_by_its_claim_notes(demo_build):
    records = _site_records(demo_build)
    sources = sorted((demo_build / "sources").glob("*/index.html"))
    assert sources
    for page in sources:
        html_text = page.read_text(encoding="utf-8")
        summaries = [
            html.unescape(s).strip()
            for s in re.findall(r'<p class="note-summary">(.*?)</p>', html_text, re.S)
        ]
        first = html.unescape(re.search(r'<p id="p-\d+"[^>]*>(.*?)</p>', html_text, re.S).group(1))
        record = records[f"/{page.parent.relative_to(demo_build).as_posix()}/"]
        content = " ".join(record["content"].split())
        assert summaries  # the page shows its notes...
        assert not [s for s in summaries if " ".join(s.split()) in content]  # ...its record not
        assert " ".join(re.sub(r"<[^>]+>", "", first).split())[:60] in content
        refs = re.findall(r"(\w+)</mark><a [^>]*class=\"note-ref\"[^>]*>(\d+)</a>", html_text)
        assert refs  # a note's number beside its passage is not read as part of the word
        assert not [word + n for word, n in refs if word + n in content]
        claims = [r for url, r in records.items() if url.startswith("/claims/")]
        assert any(" ".join(summaries[0].split()) in " ".join(r["content"].split()) for r in claims)


def test_a_claim_page_is_found_by_the_words_it_checks_not_by_the_article_around_them(
    demo_build,
):
    records = {url: _words(r["content"]) for url, r in _site_records(demo_build).items()}
    articles = " | ".join(words for url, words in records.items() if url.startswith("/sources/"))
    contexts = 0
    for page in sorted((demo_build / "claims").glob("*/index.html")):
        html_text = page.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html_text:
            continue
        content = records[f"/{page.parent.relative_to(demo_build).as_posix()}/"]
        passages = r"<blockquote[^>]*>\s*<p>(.*?)<mark[^>]*>(.*?)</mark>(.*?)</p>"
        elsewhere = _words(re.sub(passages, " ", html_text, flags=re.S))  # the rest of the page
        for before, passage, after in re.findall(passages, html_text, re.S):
            assert _words(passage) in content
            for around in (before, after):
                words = _words(around)
                if words.count(" ") >= 5 and words not in elsewhere:
                    contexts += 1
                    assert words not in content  # not found here...
                    assert words in articles  # ...but on its source's page
    assert contexts >= 10


def _words(markup: str) -> str:
    """The words of some HTML (or of Pagefind's record of it), without markup or punctuation."""
    return " ".join(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", markup))))


PAGE_WORDS = ("Our verdict", "In short", "Where the claim appears", "Read it in the article")
PAGE_WORDS += ("original", "archived copy", "Original wording", "Also in this story", "Analysis")
PAGE_WORDS += ("Evidence", "Tags", "Named", "published", "updated", "paragraph", "said")


def test_a_claim_page_is_found_by_what_it_says_not_by_the_pages_own_words(demo_build):
    """A claim's record holds its claim, claimant, verdict, summary, passages, analysis and
    evidence, not the labels, headings and links every claim page has: a search for "analysis"
    or "original" would otherwise find every claim, each with the same excerpt."""
    records = _site_records(demo_build)
    claims = {url: r for url, r in records.items() if url.startswith("/claims/")}
    assert len(claims) >= 20
    shown = ("h1", "aside.in-short p", "article .verdict", "section.analysis p", ".evidence li > a")
    for url, record in claims.items():
        page = soup((demo_build / url.strip("/") / "index.html").read_text(encoding="utf-8"))
        note = (REPO / "content" / "claims" / f"{url.split('/')[2]}.md").read_text("utf-8")
        content = _words(record["content"]).lower()
        for element in page.select(", ".join(shown)):
            assert _words(element.get_text()).lower() in content, (url, element)
        for words in PAGE_WORDS:
            found = len(re.findall(rf"\b{_words(words).lower()}\b", content))
            assert found <= len(re.findall(rf"\b{words.lower()}\b", note.lower())), (url, words)
        assert _words(page.select_one("p.meaning").get_text()).lower() not in content
        for assessment in page.select("figcaption .assessment"):  # not glued to the outlet
            assert not re.search(rf"\w{re.escape(assessment.get_text())}", record["content"])
        assert record["filters"]["verdict"] and record["filters"]["outlet"]


def test_an_index_stopped_as_serve_stops_it_leaves_no_working_folder_in_the_site(tmp_path):
    """`serve` stops the index it is making (SIGTERM to its process group, once for each batch
    of changes, so often twice) when pages change: the working folder of hard links beside the
    pages goes with it, not left in the served folder for ever."""
    import os
    import signal
    import subprocess

    pages = _write_pages(tmp_path, "claims", [f"n{number}" for number in range(400)])
    command, data = search_index.command(tmp_path, {0: tuple(pages)})
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        start_new_session=True,  # as serve starts it: stopped with all it started
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    process.stdin.write(data)
    process.stdin.close()
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob(".index-*/0/claims")) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the index was made before it could be stopped: try again"
    os.killpg(process.pid, signal.SIGTERM)
    time.sleep(0.01)
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)
    assert list(tmp_path.glob(".index-*")) == []

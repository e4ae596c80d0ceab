"""Whole-site builds in temporary folders, read back with an HTML parser."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.diagnostics import BuildFailed
from site_builder.output.writer import MANIFEST, OutputRefused

from .conftest import REPO
from .html_text import OUR_SCRIPTS, soup


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def page(out: Path, path: str):
    return soup((out / path / "index.html").read_bytes())


def names_row(out: Path, story: str, entity_id: str):
    """The row of `entity_id` in the names table of `story`'s cross-reference."""
    return page(out, f"xref/{story}").find("tr", attrs={"data-entity": entity_id})


def test_every_quote_is_highlighted_linked_both_ways_and_in_the_matrix(demo_build):
    from site_builder.build import check

    site = check(BuildOptions(root=REPO))[0].site
    assert len(site.notes) >= 14
    xref = page(demo_build, "xref/putin-jewish-leaders-2024-02-07")
    assert page(demo_build, "xref").find("a", href="../xref/putin-jewish-leaders-2024-02-07/")
    for note in site.notes:
        claim_page = page(demo_build, f"claims/{note.id}")
        assert claim_page.h1.get_text(strip=True) == note.claim
        for number, ref in enumerate(note.quotes, start=1):
            source_page = page(demo_build, f"sources/{ref.source}")
            element_id = f"q-{note.id}-{number}"
            [mark] = source_page.select(f"#{element_id}")
            assert mark.name == "mark" and mark["data-claim"] == note.id
            card = source_page.find(id=f"note-{note.id}")
            assert card is not None and card["role"] == "comment"
            assert card.find("a", href=f"#{element_id}") is not None, "note links to its passage"
            assert source_page.find("a", class_="note-ref", href=f"#note-{note.id}"), (
                "passage links to note"
            )
            link = f"../../sources/{ref.source}/#{element_id}"
            assert xref.find("a", href=link) is not None, f"matrix lists {element_id}"
            assert claim_page.find("a", href=f"../../sources/{ref.source}/#{element_id}")


def test_highlighted_text_is_the_quoted_text(demo_build):
    rt = page(demo_build, "sources/rt-2024-02-07")
    marks = rt.select('mark[data-claim="icj-ruled-israel-may-be-committing-genocide"]')
    assert "".join(m.get_text() for m in marks).startswith(
        "The UN\u2019s International Court of Justice (ICJ) ruled"
    )


def test_pages_exist_and_link_with_relative_urls(demo_build):
    for path in (
        "index.html",
        "sources/index.html",
        "claims/index.html",
        "xref/index.html",
        "methodology/index.html",
        "corrections/index.html",
        "404.html",
        "annotated/rt-2024-02-07.md",
        "static/style.css",
        MANIFEST,
    ):
        assert (demo_build / path).is_file(), path
    home = soup((demo_build / "index.html").read_bytes())
    hrefs = [a["href"] for a in home.find_all("a", href=True)]
    assert "./sources/rt-2024-02-07/" in hrefs and "./claims/putin-met-jewish-leaders/" in hrefs
    assert not [h for h in hrefs if h.startswith("/")]
    assert home.find_all("script", src=True)[0]["src"] == "./static/site.js"


def test_xref_shows_each_sources_spelling_of_names(demo_build):
    xref = page(demo_build, "xref/putin-jewish-leaders-2024-02-07")
    row = xref.find("tr", attrs={"data-entity": "berel-lazar"})
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert any("Berel Lazar" in c for c in cells) and any("Berl Lazar" in c for c in cells)
    assert "spelled differently" in row.get_text()
    assert "written for English" not in xref.get_text()  # English sources: no such notice


def test_a_fuller_or_shorter_form_of_a_name_is_not_another_spelling(site):
    """ "Ada Quill" in one report and "Mrs. Quill" in another name her the same way; "Qill" is
    her name spelled otherwise."""
    site.seed("a.txt", "A headline\n\nAda Quill spoke. Later Quill left.\n", story="s")
    site.seed("b.txt", "B headline\n\nMrs. Quill said so on Monday.\n", story="s")
    site.seed("c.txt", "C headline\n\nMrs. Qill said so too.\n", story="t")
    site.seed("d.txt", "D headline\n\nAda Quill said so too.\n", story="t")
    site.write(
        "content/entities.yaml",
        "- id: ada-quill\n  name: Ada Quill\n  kind: person\n"
        "  spellings: [Quill, Mrs. Quill, Mrs. Qill]\n",
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    same = names_row(out, "s", "ada-quill")
    assert "Mrs. Quill" in same.get_text() and "spelled differently" not in same.get_text()
    other = names_row(out, "t", "ada-quill")
    assert "spelled differently" in other.get_text()


def test_a_name_inside_a_longer_spelling_of_it_is_one_mention(site):
    site.seed(
        "a.txt", "A headline\n\nPresident Ada Quill spoke.\n\nThen Ada Quill left.\n", story="s"
    )
    site.seed("b.txt", "B headline\n\nPresident Ada Quill said so on Monday.\n", story="s")
    site.write(
        "content/entities.yaml",
        "- id: ada-quill\n  name: Ada Quill\n  kind: person\n  spellings: [President Ada Quill]\n",
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    row = names_row(out, "s", "ada-quill")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == [
        "Ada Quill (paragraph 2) ; President Ada Quill (paragraph 1)",
        "President Ada Quill (paragraph 1)",
    ]
    mentions = page(out, "entities/ada-quill").select(".mention li")
    assert len(mentions) == 3, [m.get_text(" ", strip=True) for m in mentions]


def test_a_name_is_found_in_each_outlets_typography(site):
    """One outlet sets "O\u2019Brien" with a curly apostrophe and a no-break space, another
    types "O'Brien": the same spelling, found in both, and not a different one."""
    site.seed("a.txt", "A headline\n\nConor\u00a0O\u2019Brien spoke first.\n", story="s")
    site.seed("b.txt", "B headline\n\nConor O'Brien spoke too.\n", story="s")
    site.write(
        "content/entities.yaml", "- id: conor-obrien\n  name: Conor O'Brien\n  kind: person\n"
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    row = names_row(out, "s", "conor-obrien")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == ["Conor O'Brien (paragraph 1)"] * 2
    assert "spelled differently" not in row.get_text()
    names = page(out, "entities/conor-obrien").select(".mention li")
    assert len(names) == 2, [m.get_text(" ", strip=True) for m in names]


def test_a_name_inside_another_entitys_longer_name_is_no_mention_of_it(site):
    """Ben Quill is known as "Quill" too; "Ada Quill" names Ada, not him: neither the story's
    table nor his page lists a source that names only her."""
    site.seed("a.txt", "A headline\n\nAda Quill spoke first.\n", story="s")
    site.seed(
        "b.txt", "B headline\n\nAda Quill spoke.\n\nThen Quill, her brother, left.\n", story="s"
    )
    site.write(
        "content/entities.yaml",
        "- id: ada-quill\n  name: Ada Quill\n  kind: person\n"
        "- id: ben-quill\n  name: Ben Quill\n  kind: person\n  spellings: [Quill]\n",
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    row = names_row(out, "s", "ben-quill")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == ["not named", "Quill (paragraph 2)"]
    mentions = page(out, "entities/ben-quill").select(".mention li")
    assert [m.get_text(" ", strip=True) for m in mentions] == [
        "Paragraph 2 : Then Quill , her brother, left."
    ]


def test_an_entity_page_marks_a_headline_in_another_language_as_such(site):
    """A French site's page of a person, named by an English report: the report's headline
    over its passages is English, for a screen reader, as its passages are."""
    site.write("content/site.yaml", "title: T\nlanguage: fr\n")
    site.seed("a.txt", "Dockers strike in Marseille\n\nAda Quill spoke.\n", language="en")
    site.write("content/entities.yaml", "- id: ada-quill\n  name: Ada Quill\n  kind: person\n")
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out, search_index=False))
    heading = page(out, "entities/ada-quill").select_one(".mention h3")
    headline = heading.find(string=re.compile("Dockers strike")).parent
    assert headline.get("lang") == "en", heading


def test_a_claim_page_lists_more_from_its_story_and_reads_no_more_of_them_than_it_shows(
    site, tmp_path
):
    text = "Headline\n\nThe bridge will open in May. The vote was seven to two. Tolls rise.\n"
    site.seed("a.txt", text, outlet="Harbour Post", story="harbour-bridge")
    site.seed("b.txt", text, outlet="Coast Courier", story="harbour-bridge")
    site.seed("lone.txt", text, outlet="Bay News")

    def note(note_id, source, quote, published):
        site.note(
            note_id,
            f'claim: "{note_id} claim"\nverdict: accurate\npublished: {published}\n'
            f'claimant: Mayor\nquotes:\n  - source: {source}\n    quote: "{quote}"\n',
        )

    note("bridge", "a", "The bridge will open in May", "2024-03-01")
    note("vote", "b", "The vote was seven to two", "2024-03-03")
    note("tolls", "a", "Tolls rise", "2024-03-02")
    note("lone-bridge", "lone", "The bridge will open in May", "2024-03-01")
    note("lone-vote", "lone", "The vote was seven to two", "2024-03-02")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(BuildOptions(root=site.root, out=out, cache_dir=cache))

    def related(note_id):
        page = soup((out / f"claims/{note_id}/index.html").read_bytes())
        aside = page.select_one("aside.related")
        if aside is None:
            return None
        links = [a["href"].split("/")[-2] for a in aside.select(".claim-item a")]
        story = aside.select("p a")
        for a in story:
            assert (out / f"claims/{note_id}" / a["href"] / "index.html").resolve().is_file()
        return links, [a["href"].split("/")[-2] for a in story]

    assert related("bridge") == (["vote", "tolls"], ["harbour-bridge"]), "newest first"
    assert related("lone-vote") == (["lone-bridge"], []), "a lone source has no story to compare"
    site.write(
        "content/claims/lone-bridge.md",
        "---\nclaim: c\nverdict: accurate\nquotes:\n"
        '  - source: a\n    quote: "The bridge will open in May"\n---\n',
    )
    (site.root / "content/claims/lone-vote.md").unlink()
    build(BuildOptions(root=site.root, out=out, cache_dir=cache))
    assert related("lone-bridge") == (["vote", "tolls", "bridge"], ["harbour-bridge"])
    assert not (out / "claims/lone-vote").exists()

    vote = site.root / "content/claims/vote.md"
    vote.write_text(vote.read_text() + "More analysis.\n")
    report = build(BuildOptions(root=site.root, out=out, cache_dir=cache))
    assert "claims/vote/index.html" in report.rendered
    assert "claims/bridge/index.html" not in report.rendered, "it shows none of the analysis"
    vote.write_text(vote.read_text().replace("vote claim", "vote claim, reworded"))
    report = build(BuildOptions(root=site.root, out=out, cache_dir=cache))
    assert "claims/bridge/index.html" in report.rendered
    assert "vote claim, reworded" in (out / "claims/bridge/index.html").read_text()


def test_a_claim_page_tells_apart_two_sources_of_one_outlet(site, tmp_path):
    """A story with two reports of one outlet (a morning and an evening edition): the claim
    page names each by its id too, as the story's page does, not "Harbour Post" twice."""
    site.seed("am.txt", "Morning\n\nThe ferry was late again.\n", outlet="Harbour Post", story="s")
    site.seed("pm.txt", "Evening\n\nThe ferry ran on time.\n", outlet="Harbour Post", story="s")
    site.seed("cc.txt", "Courier\n\nThe ferry was late.\n", outlet="Coast Courier", story="s")
    site.note(
        "n",
        'claim: "The ferry was late"\nverdict: accurate\nquotes:\n'
        '  - source: am\n    quote: "The ferry was late again."\n',
    )
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out, cache_dir=tmp_path / "cache"))
    claim = page(out, "claims/n")
    assert claim.select_one(".passage-card figcaption a").get_text() == "Harbour Post (am)"
    others = [a.get_text() for a in claim.select("p.not-carried a")]
    assert others == ["Coast Courier", "Harbour Post (pm)"]


def test_a_source_page_shows_when_its_article_was_published_and_updated(site):
    """As its date line says (an article edited after it was published is a fact-checker's
    concern); an update the same day as its publication is not told apart."""
    story = "\n\nThe council of Lowmoor voted on Tuesday to rebuild the wooden footbridge.\n"
    site.seed(
        "a.txt", "A headline\n\nPublished Feb. 7, 2024 Updated Feb. 8, 2024, 9:14 a.m." + story
    )
    site.seed(
        "b.txt", "B headline\n\nPublished Feb. 7, 2024 Updated Feb. 7, 2024, 9:14 a.m." + story
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    shown = [
        page(out, f"sources/{i}").select_one(".outlet").get_text(" ", strip=True) for i in "ab"
    ]
    assert shown == [
        "Unknown outlet · February 7, 2024 · updated February 8, 2024",
        "Unknown outlet · February 7, 2024",
    ]


def test_a_passage_naming_someone_is_cut_at_the_edges_of_words(site):
    """On a person's page, each passage around the name starts and ends with whole words
    ("… the civil war", never "…e civil war"); text written without spaces is cut as it
    falls."""
    words = "alongside extraordinarily complicated negotiations concerning harbour tariffs "
    long = (words * 3).strip()
    site.seed("a.txt", f"A headline\n\n{long} when Ada Quill spoke, {long}.\n")
    site.seed("b.txt", "B headline\n\n" + "港口" * 80 + "艾达奎尔" + "关税" * 80 + "。\n")
    site.write(
        "content/entities.yaml",
        "- id: ada-quill\n  name: Ada Quill\n  kind: person\n  spellings: [艾达奎尔]\n",
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    shown = {
        m.select_one("h3").get_text(): m.select_one("li span").get_text()
        for m in page(out, "entities/ada-quill").select(".mention")
    }
    english = next(text for heading, text in shown.items() if "A headline" in heading)
    before, after = english.split("Ada Quill")
    assert before.startswith("\u2026") and after.endswith("\u2026")
    assert set(before[1:].split()) <= set(words.split()) | {"when"}, before
    assert set(after[:-1].replace(",", " ").split()) <= set(words.split()) | {"spoke"}, after
    chinese = next(text for heading, text in shown.items() if "B headline" in heading)
    assert chinese.startswith("\u2026港口") and chinese.endswith("关税\u2026")


def test_two_builds_are_byte_identical(demo_build, tmp_path):
    a, b = demo_build, tmp_path / "b"
    build(BuildOptions(root=REPO, out=b))

    # The search index is the one exception: Pagefind's filter files are not stable from one
    # run to the next (Pagefind issue #638); its fragments are.
    def ours(root):
        return sorted(
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file() and "pagefind" not in p.parts
        )

    files = ours(a)
    assert files == ours(b) and len(files) > 50
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    fragments = [
        sorted(p.name for p in (root / "pagefind" / "fragment").iterdir()) for root in (a, b)
    ]
    assert fragments[0] == fragments[1] and fragments[0]


BAD_NOTE = """---
claim: "A claim"
verdict: no-such-verdict
quotes:
  - source: rt-2024-02-07
    quote: "words that the article never says anywhere at all"
---
Body.
"""


def test_bad_notes_fail_with_every_problem_and_keep_the_old_build(shipped_site):
    ok = run_cli("build", "-q", cwd=shipped_site)
    assert ok.returncode == 0, ok.stderr
    before = {p: p.read_bytes() for p in (shipped_site / "build").rglob("*") if p.is_file()}
    (shipped_site / "content/claims/zz-bad.md").write_text(BAD_NOTE)
    (shipped_site / "content/claims/zz-broken.md").write_text("---\nclaim: [\n---\n")
    (shipped_site / "content/claims/zz-missing.md").write_text(
        BAD_NOTE.replace("verdict: no-such-verdict", "verdict: accurate").replace(
            "rt-2024-02-07", "nowhere"
        )
    )
    (shipped_site / "content/claims/zz-absent.md").write_text(
        BAD_NOTE.replace("verdict: no-such-verdict", "verdict: accurate")
    )
    failed = run_cli("build", cwd=shipped_site)
    assert failed.returncode == 1
    err = failed.stderr
    assert "content/claims/zz-bad.md:3: error: unknown verdict 'no-such-verdict'" in err
    # ... and its quote is checked all the same: every problem of a note is told at once
    assert "content/claims/zz-bad.md:6: error: quote 1 in source 'rt-2024-02-07': not found" in err
    assert "content/claims/zz-broken.md:3: error: malformed YAML" in err
    assert "content/claims/zz-missing.md:5: error: unknown source id 'nowhere'" in err
    assert (
        "content/claims/zz-absent.md:6: error: quote 1 in source 'rt-2024-02-07': not found" in err
    )
    assert "closest passage: paragraph" in err
    assert "Build failed" in err and "the previous build was left as it was." in err
    after = {p: p.read_bytes() for p in (shipped_site / "build").rglob("*") if p.is_file()}
    assert after == before
    shutil.rmtree(shipped_site / "build")
    assert "; nothing was written." in run_cli("build", cwd=shipped_site).stderr
    elsewhere = run_cli("build", cwd=shipped_site / "content")  # not the site's folder
    assert "no site here:" in elsewhere.stderr and "give it with --root" in elsewhere.stderr
    assert not (shipped_site / "content/build").exists()


def test_the_build_summary_counts_one_of_a_thing_in_the_singular(site):
    site.seed("one.txt", "Headline\n\nThe mayor opened the bridge on Monday.\n")
    site.note(
        "bridge",
        "claim: The bridge opened\nverdict: accurate\nquotes:\n  - source: one\n"
        "    quote: the mayor opened the bridge",
    )
    done = run_cli("build", "--no-cache", cwd=site.root)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Built \d+ pages from 1 source and 1 note in ", done.stdout, re.M), (
        done.stdout
    )


def test_a_build_without_the_sites_host_says_to_set_it_before_publishing(site, shipped_site):
    """`base_url: /` (what `new site` writes) gave a feed, a sitemap and ClaimReview of
    addresses from the root (`<id>/claims/x/</id>`) without a word."""
    site.seed("one.txt", "Headline\n\nThe mayor opened the bridge on Monday.\n")
    done = run_cli("build", "--no-cache", cwd=site.root)
    assert done.returncode == 0, done.stderr
    told = "The site's address is '/', without its host"
    assert told in done.stdout and "set base_url in content/site.yaml" in done.stdout
    given = run_cli("build", "--no-cache", "--base-url", "https://desk.example/", cwd=site.root)
    assert "without its host" not in given.stdout
    assert "without its host" not in run_cli("build", "--no-cache", cwd=shipped_site).stdout


def test_a_quote_altered_in_brackets_builds_with_the_articles_passage_highlighted(site):
    site.seed("one.txt", "Headline\n\nThe mayor opened the bridge on Monday, officials said.\n")
    site.note(
        "bridge",
        "claim: The bridge opened\nverdict: accurate\nquotes:\n  - source: one\n"
        "    quote: '[T]he mayor opened the [new] bridge on [Monday 5 May], officials said'",
    )
    done = run_cli("build", "--no-cache", cwd=site.root)
    assert done.returncode == 0, done.stderr
    assert "quote 1" not in done.stdout + done.stderr  # not even found fuzzily
    source = page(site.root / "build", "sources/one")
    marks = source.select('mark[data-claim="bridge"]')
    assert [m.get_text() for m in marks] == [
        "The mayor opened the bridge on Monday, officials said"
    ]


def test_the_command_reports_its_build_in_full_and_exits_with_its_status(shipped_site):
    """`python -m site_builder build` leaves without the interpreter's teardown: what it
    printed, on a pipe, still arrives whole, and its status is the build's."""
    done = run_cli("build", "--no-cache", cwd=shipped_site)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Built \d+ pages from \d+ sources and \d+ notes in ", done.stdout, re.M)
    assert re.search(r"^Quotes anchored: .*; warnings: \d+$", done.stdout, re.M)
    assert (shipped_site / "build" / MANIFEST).is_file()
    refused = run_cli("build", "--out", "content", cwd=shipped_site)
    assert refused.returncode == 2 and "refusing to write" in refused.stderr


# A build held while it renders (in the process that renders), so that the test can stop it
# there: what Ctrl+C in a terminal or a service manager's SIGTERM meets.
HELD_BUILD = """
import pathlib, sys, time
import site_builder.build as engine
import site_builder.render.kinds.claims as claims
from site_builder.cli import run

engine.FORK_PAGES = 10
real, ready = claims.claim_review, pathlib.Path(sys.argv[1])

def held(note, ctx):
    ready.touch()
    time.sleep(60)
    return real(note, ctx)

claims.claim_review = held
sys.argv = ["site-builder", "build", "--no-cache", "--jobs", sys.argv[2], "--out", sys.argv[3]]
run()
"""


@pytest.mark.parametrize(
    ("stop", "group", "jobs"),
    [("SIGINT", True, "2"), ("SIGTERM", False, "2"), ("SIGTERM", False, "1")],
    ids=["ctrl-c", "sigterm", "sigterm-one-process"],
)
def test_a_stopped_build_leaves_the_previous_one_and_nothing_else(
    shipped_site, tmp_path, stop, group, jobs
):
    out = tmp_path / "place" / "out"
    assert run_cli("build", "--no-cache", "--out", str(out), cwd=shipped_site).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    ready = tmp_path / "rendering"
    process = subprocess.Popen(
        [sys.executable, "-c", HELD_BUILD, str(ready), jobs, str(out)],
        cwd=shipped_site,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), process.communicate()
        assert list(out.parent.glob(".out-new-*")), "the build is under way"
        signal_number = getattr(signal, stop)
        if group:  # a terminal's Ctrl+C reaches every process of the command
            os.killpg(process.pid, signal_number)
        else:
            process.send_signal(signal_number)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Stopped: nothing was written" in stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.parent.iterdir()] == ["out"]


def test_check_reports_problems_without_writing(shipped_site):
    (shipped_site / "content/claims/zz-bad.md").write_text(BAD_NOTE)
    result = run_cli("check", "--json", cwd=shipped_site)
    assert result.returncode == 1
    import json

    problems = json.loads(result.stdout)["problems"]
    assert {(p["path"], p["line"]) for p in problems} >= {("content/claims/zz-bad.md", 3)}
    assert not (shipped_site / "build").exists()


def test_orphans_warn_builds_and_lists_the_orphan(shipped_site):
    (shipped_site / "content/claims/zz-absent.md").write_text(
        BAD_NOTE.replace("verdict: no-such-verdict", "verdict: accurate")
    )
    result = run_cli("build", "--orphans=warn", cwd=shipped_site)
    assert result.returncode == 0, result.stderr
    assert "left as an orphan" in result.stderr
    rt = page(shipped_site / "build", "sources/rt-2024-02-07")
    assert rt.find(id="note-zz-absent") is not None
    assert not rt.select('[data-claim="zz-absent"]')


def test_the_built_site_takes_the_mode_of_any_folder_made(shipped_site, tmp_path):
    """It is made private, then renamed: copied to a web server as it was, it could not be read."""
    out = tmp_path / "site"
    command = f"umask 027 && {sys.executable} -m site_builder build -q --no-cache --out {out}"
    result = subprocess.run(["sh", "-c", command], cwd=shipped_site, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert oct(out.stat().st_mode & 0o777) == oct(0o750)
    assert oct((out / "claims").stat().st_mode & 0o777) == oct(0o750)


def test_a_page_of_the_last_build_that_is_gone_is_warned_about(shipped_site):
    claims = shipped_site / "content/claims"
    assert run_cli("build", "-q", cwd=shipped_site).returncode == 0
    (claims / "gaza-death-toll-over-27000.md").rename(claims / "gaza-toll.md")
    renamed = run_cli("build", "-q", cwd=shipped_site)
    assert renamed.returncode == 0, renamed.stderr
    assert (
        "build: info: 1 page(s) of the last build are gone: /claims/gaza-death-toll-over-27000/"
        in renamed.stderr
    )
    assert "aliases: [old-id]" in renamed.stderr
    assert "are gone" not in run_cli("build", "-q", cwd=shipped_site).stderr  # told once
    note = claims / "gaza-toll.md"
    note.write_text(
        note.read_text().replace(
            "\nverdict:", "\naliases: [gaza-death-toll-over-27000]\nverdict:", 1
        )
    )
    kept = run_cli("build", "-q", cwd=shipped_site)
    assert "are gone" not in kept.stderr
    moved = soup((shipped_site / "build/claims/gaza-death-toll-over-27000/index.html").read_bytes())
    assert moved.select_one("link[rel=canonical]")["href"].endswith("/claims/gaza-toll/")


@pytest.mark.parametrize("listed", ['{"files": null}', '["a"]', '{"files": [1, "x"]}', "nul"])
def test_a_damaged_manifest_is_a_folder_written_before_nothing_more(shipped_site, listed):
    assert run_cli("build", "-q", cwd=shipped_site).returncode == 0
    (shipped_site / "build" / MANIFEST).write_text(listed)
    again = run_cli("build", "-q", cwd=shipped_site)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr


def test_pages_gone_are_told_without_failing_a_strict_build(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n", url="https://example.org/a")
    note = (
        "claim: C\nverdict: accurate\nsummary: S.\nclaimant: X\npublished: 2024-01-01\n"
        "quotes:\n  - source: a\n    quote: Some words"
    )
    site.note("one", note)
    site.note("two", note)
    out = tmp_path / "out"
    assert build(BuildOptions(root=site.root, out=out, strict=True)).ok
    (site.root / "content/claims/two.md").unlink()
    report = build(BuildOptions(root=site.root, out=out, strict=True))
    assert report.ok  # told, and built
    [told] = [d for d in report.diagnostics if "are gone" in d.message]
    assert told.severity == "info" and "/claims/two/" in told.message


def test_output_folder_safety(shipped_site, tmp_path):
    with pytest.raises(OutputRefused):
        build(BuildOptions(root=shipped_site, out=shipped_site / "content"))
    with pytest.raises(OutputRefused):
        build(BuildOptions(root=shipped_site, out=shipped_site))
    foreign = tmp_path / "not-ours"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    with pytest.raises(OutputRefused):
        build(BuildOptions(root=shipped_site, out=foreign))
    assert (foreign / "precious.txt").read_text() == "keep me"


def test_nothing_in_seeds_or_notes_puts_script_into_pages(site):
    site.seed(
        "evil.txt",
        "Headline <script>alert(1)</script>\n\n"
        "Body <script>alert(2)</script> <img src=x onerror=alert(3)> [x](javascript:alert(4)) {onclick=alert(5)}\n",
        outlet="'\"><script>alert(6)</script>'",
    )
    site.note(
        "evil",
        """
        claim: "<script>alert(7)</script>"
        verdict: unverified
        summary: "<img src=x onerror=alert(8)>"
        quotes:
          - source: evil
            quote: "Body <script>alert(2)</script>"
        """,
        "Raw <script>alert(9)</script> and [link](javascript:alert(10)) and <iframe src=x></iframe>\n",
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    html_files = sorted(out.rglob("*.html"))
    assert len(html_files) >= 10
    for html_file in html_files:
        doc = soup(html_file.read_bytes())
        scripts = doc.find_all("script")
        assert scripts, html_file  # every page loads the theme's script
        for script in scripts:
            if script.get("type") == "application/ld+json":
                assert "<" not in script.string and json.loads(script.string)
            else:
                assert script.get("src", "").endswith(OUR_SCRIPTS), html_file
        assert not doc.find_all("iframe") and not doc.find_all("img")
        for tag in doc.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], (html_file, tag)
            assert not str(tag.get("href", "")).lower().startswith("javascript:")
    claim = soup((out / "claims/evil/index.html").read_bytes())
    assert claim.h1.get_text() == "<script>alert(7)</script>"


def test_failed_build_raises_with_all_diagnostics_sorted(site):
    site.seed("a.txt", "Headline\n\nBody text here.\n")
    site.note("one", 'claim: "x"\nverdict: nope\nquotes:\n  - source: a\n    quote: "Body text"\n')
    site.note("two", 'claim: "y"\nverdict: accurate\n')
    with pytest.raises(BuildFailed) as failure:
        build(BuildOptions(root=site.root))
    errors = [d for d in failure.value.diagnostics if d.severity == "error"]
    assert [(d.path, d.line) for d in errors] == [
        ("content/claims/one.md", 3),
        ("content/claims/two.md", 2),
    ]
    assert not (site.root / "build").exists()


def test_a_changed_seed_is_noticed_and_moved_or_fuzzy_highlights_reported(shipped_site):
    assert run_cli("build", "-q", cwd=shipped_site).returncode == 0
    seed = shipped_site / "seeds/000_54c512523c9ef1dc.txt"
    text = seed.read_text(encoding="utf-8")
    text = text.replace(
        "Russian President Vladimir Putin held",
        "A corrected line.\nRussian President Vladimir Putin held",
    )
    text = text.replace(
        "the organization\u2019s chief rabbi, Berel Lazar",
        "the organization\u2019s chief rabbi, Berl Lazar",
    )
    seed.write_text(text, encoding="utf-8")
    result = run_cli("build", cwd=shipped_site)
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "seeds/000_54c512523c9ef1dc.txt: info: the text changed since the last build" in err
    # a line added at the top moves the highlights after it alike: told once, not one by one
    assert "seeds/000_54c512523c9ef1dc.txt: info: 20 highlights moved by +18 characters" in err
    assert "highlight q-icj-ruled-israel-may-be-committing-genocide-1 moved" not in err
    assert "info: highlight q-putin-met-jewish-leaders-2 moved in 'rt-2024-02-07'" in err
    assert "now matches 'rt-2024-02-07' only fuzzily" in err
    again = run_cli("build", cwd=shipped_site)
    assert "text changed" not in again.stderr


def test_a_page_opening_with_a_heading_has_it_as_its_one_title(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words.\n")
    site.write("content/pages/methodology.md", "\n# How we check claims\n\nWe read.\n\n# More\n")
    site.write("content/pages/about.md", "---\ntitle: About us\n---\n# Our desk\n\nWho we are.\n")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    methodology = page(out, "methodology")
    assert [h.get_text() for h in methodology.find_all("h1")] == ["How we check claims"]
    assert [h.get_text() for h in methodology.select("article h2")] == ["More"]
    assert methodology.title.get_text().startswith("How we check claims")
    about = page(out, "about")  # its headings go under its title
    assert [h.get_text() for h in about.find_all("h1")] == ["About us"]
    assert [h.get_text() for h in about.select("article h2")] == ["Our desk"]


def test_a_notes_headings_go_under_the_claim_and_its_analysis(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    front = "claim: C\nverdict: accurate\nquotes:\n  - source: a\n    quote: Some words here."
    site.note("n1", front, "# Background\n\nWords.\n\n## Earlier\n\nMore.\n")
    site.note("n2", front, "### Background\n\nWords.\n")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    first = page(out, "claims/n1")
    assert len(first.find_all("h1")) == 1
    analysis = first.select_one("section.analysis")
    assert [(h.name, h.get_text()) for h in analysis.find_all(["h2", "h3", "h4"])] == [
        ("h2", "Analysis"),
        ("h3", "Background"),
        ("h4", "Earlier"),
    ]
    assert page(out, "claims/n2").select_one("section.analysis h3").get_text() == "Background"


def test_a_source_without_notes_prints_no_empty_notes_list(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n", url="https://example.org/a")
    site.seed("b.txt", "Headline\n\nOther words here.\n", url="https://example.org/b")
    site.note("n", "claim: C\nverdict: accurate\nquotes:\n  - source: a\n    quote: Some words")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    assert soup((out / "sources/a/index.html").read_bytes()).select("section.print-notes li")
    assert not soup((out / "sources/b/index.html").read_bytes()).select("section.print-notes")


def test_an_articles_words_carry_its_language_and_direction_wherever_they_are_shown(site, tmp_path):
    arabic = "قال الرئيس إن السلام ضرورة وليس خيارا في جنيف يوم الاثنين."
    site.seed("ar.txt", f"عنوان الخبر\n\n{arabic}\n", language="ar", story="geneva")
    site.seed("en.txt", "A headline\n\nThe president said peace was a necessity.\n", story="geneva")
    site.note(
        "n",
        """
        claim: Peace is a necessity
        verdict: accurate
        quotes:
          - source: ar
            quote: السلام ضرورة
            original: "La paix est une nécessité"
            original_language: fr
          - source: en
            quote: peace was a necessity
            original: "Der Frieden ist notwendig"
        """,
    )
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    page = soup((out / "sources/ar/index.html").read_bytes())
    assert (page.html["lang"], page.html["dir"]) == ("en", "ltr")
    assert (page.h1["lang"], page.h1["dir"]) == ("ar", "rtl")
    passages = page.select("div.passage")
    assert passages and all((p["lang"], p["dir"]) == ("ar", "rtl") for p in passages)
    assert page.select("aside") and not page.select("[lang=ar] aside")  # notes: the site's
    cards = soup((out / "sources/index.html").read_bytes())
    assert cards.select_one("article.source-card [lang=ar][dir=rtl] a")  # the heading itself
    # a source without a language: the browser finds the direction
    assert (
        soup((out / "sources/en/index.html").read_bytes()).select_one("div.passage")["dir"]
        == "auto"
    )
    claim = soup((out / "claims/n/index.html").read_bytes())
    quotes = {b.mark.get_text(): (b.get("lang"), b["dir"]) for b in claim.select("blockquote")}
    assert quotes == {"السلام ضرورة": ("ar", "rtl"), "peace was a necessity": (None, "auto")}
    originals = [
        (s.get_text(), s["lang"])
        for s in claim.select("p.original span:not([data-pagefind-ignore])")
    ]
    assert originals == [("La paix est une nécessité", "fr"), ("Der Frieden ist notwendig", "")]
    xref = soup((out / "xref/geneva/index.html").read_bytes())
    assert xref.select_one("a.cell-passage[lang=ar][dir=rtl]")
    assert "patterns are written for English" in xref.get_text()  # the hints say what they read
    [review] = json.loads((out / "claimreview.json").read_text())
    assert review["inLanguage"] == "en"
    assert [a.get("inLanguage") for a in review["itemReviewed"]["appearance"]] == ["ar", None]
    assert (
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">' in (out / "feed.xml").read_text()
    )
    site.write("content/site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: he\n")
    build(BuildOptions(root=site.root, out=out))
    assert soup((out / "index.html").read_bytes()).html["dir"] == "rtl"


def test_a_seeds_language_must_be_a_language_tag(site):
    site.seed("a.txt", "Headline\n\nSome words here.\n", language="English (UK)")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(root=site.root, out=site.root / "out"))
    [error] = failed.value.diagnostics
    assert (error.path, error.line) == ("seeds/a.yaml", 1)
    assert error.message.startswith("language: must be a language tag")


def test_the_home_page_has_no_empty_lists(site, tmp_path):
    """A new site's home page, before its first seed and its first note: no heading above
    nothing."""
    site.write("content/site.yaml", "title: T\n")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out))
    headings = [h["id"] for h in page(out, "").find_all("h2")]
    assert headings == ["scale-heading"]
    site.seed("a.txt", "Headline\n\nSome words.\n")
    build(BuildOptions(root=site.root, out=out))
    headings = [h["id"] for h in page(out, "").find_all("h2")]
    assert headings == ["sources-heading", "scale-heading"]

"""The compare page, the cross-reference's per-story view and `check`'s hints, built from the
shipped seeds and read back with an HTML parser."""

import json
import os
import re
import subprocess
import sys

from .conftest import REPO
from .html_text import soup

PAIR = "compare/reuters-2024-02-07--rt-2024-02-07"


def test_the_compare_page_puts_both_articles_in_parallel_columns_with_links_across(demo_build):
    page = soup((demo_build / PAIR / "index.html").read_bytes())
    columns = page.select(".compare-column")
    assert [c.h2.a.get_text(strip=True) for c in columns] == ["Reuters", "RT"]
    markers = page.select("a.link-marker")
    assert len(markers) >= 4
    for (
        marker
    ) in markers:  # each marker points at a sentence of the other column, which points back
        target = page.find(id=marker["href"][1:])
        assert target is not None and target.find_parent(
            class_="compare-column"
        ) is not marker.find_parent(class_="compare-column")
        assert target.find("a", class_="link-marker", string=marker.get_text()) is not None
    assert "Machine-found" in page.select_one(".machine-note").get_text()


def test_the_compare_page_marks_what_only_one_carries_and_highlights_claims_in_both(demo_build):
    page = soup((demo_build / PAIR / "index.html").read_bytes())
    only = page.select('.compare-column [data-hint="only-in"]')
    assert any("27,000" in s.get_text() for s in only)
    columns = page.select(".compare-column")
    assert len(columns) == 2
    for column in columns:
        assert column.select("mark.hl[data-claim]")


def test_each_kind_of_hint_is_an_element_holding_what_it_found(demo_build):
    page = soup((demo_build / PAIR / "index.html").read_bytes())
    kinds = {h["data-hint"] for h in page.select("[data-hint]")}
    assert {"name-variant", "number", "only-in", "unquoted-parallel"} <= kinds
    variants = [h.get_text(" ", strip=True) for h in page.select('li[data-hint="name-variant"]')]
    assert any("Berel Lazar" in v and "Berl Lazar" in v for v in variants)
    assert any("Aleksandr Boroda" in v and "Alexander Boroda" in v for v in variants)
    # the sources' words are in the page's language: no mark of another in the hints' words
    for hint in page.select("li.hint"):
        marked = [
            span
            for span in hint.find_all("span", lang=True, recursive=False)
            if "hint-values" not in span.get("class", [])
        ]
        assert not marked and not hint.select("details > p span[lang]"), hint


def test_a_hint_tells_what_it_found_once_and_quotes_whole_words(demo_build):
    """A hint whose summary quotes what it found ("Reuters spells "Berl Lazar", RT "Berel
    Lazar"") lists nothing more after it; a sentence quoted for context starts and ends on
    whole words."""
    for path in (PAIR, "xref/putin-jewish-leaders-2024-02-07"):
        page = soup((demo_build / path / "index.html").read_bytes())
        for kind in ("name-variant", "number"):
            hints = page.select(f'li[data-hint="{kind}"]')
            assert hints and not any(h.select(".hint-values") for h in hints), (path, kind)
        parallels = page.select('li[data-hint="unquoted-parallel"] .hint-values')
        assert parallels, path  # a passage not quoted is not in its summary: it is listed
    page = soup((demo_build / PAIR / "index.html").read_bytes())
    why = " ".join(p.get_text() for p in page.select('li[data-hint="number"] details > p'))
    cut = re.findall(r"(\S+)\u2026\u201d|\u201c\u2026(\S+)", why)  # the words next to a cut
    assert "27,000" in why and cut
    words = {
        word.strip(PUNCTUATION)
        for source in ("rt-2024-02-07", "reuters-2024-02-07")
        for block in soup((demo_build / "sources" / source / "index.html").read_bytes()).select(
            "main p"
        )
        for word in block.get_text(" ").split()
    }
    for before, after in cut:
        assert (before or after).strip(PUNCTUATION) in words, (before, after)


PUNCTUATION = ".,;:\u201c\u201d\u2018\u2019\"'()"


def test_the_cross_reference_has_the_story_view(demo_build):
    index = soup((demo_build / "xref/index.html").read_bytes())
    assert index.find("a", href="../xref/putin-jewish-leaders-2024-02-07/") is not None
    page = soup((demo_build / "xref/putin-jewish-leaders-2024-02-07/index.html").read_bytes())
    story = page.find(id="story-putin-jewish-leaders-2024-02-07")
    assert story.find("a", href=f"../../{PAIR}/") is not None
    assert story.select('[data-hint="name-variant"]') and story.select('[data-hint="only-in"]')


def test_check_lists_the_hints_as_text_and_json():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    text = subprocess.run(
        [sys.executable, "-m", "site_builder", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert text.returncode == 0
    assert "Machine-found hints" in text.stdout and "name-variant" in text.stdout
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "site_builder", "check", "--json"],
            cwd=REPO,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    )
    kinds = {h["kind"] for h in data["hints"]}
    assert {"name-variant", "number", "only-in"} <= kinds
    assert all(h["places"] and h["evidence"] for h in data["hints"])


def test_a_passage_opening_with_its_own_quotation_mark_is_quoted_with_single_marks(demo_build):
    page = soup((demo_build / "xref/putin-jewish-leaders-2024-02-07/index.html").read_bytes())
    cells = [a.get_text() for a in page.select("a.cell-passage")]
    nested = [c for c in cells if "They include elderly people" in c]
    assert nested and all(c.startswith("\u201c\u2018They include") for c in nested)
    assert all(c.endswith("\u201d") and c.count("\u201c") == 1 for c in cells)


def test_the_quoted_filter_nests_marks_of_every_kind():
    from site_builder.render.templates import quoted

    assert quoted("plain") == "\u201cplain\u201d"
    assert quoted('"No," he said.') == "\u201c\u2018No,\u2019 he said.\u201d"
    assert quoted('\u201cNo,\u201d he said ("never").') == (
        "\u201c\u2018No,\u2019 he said (\u2018never\u2019).\u201d"
    )
    assert quoted("it\u2019s") == "\u201cit\u2019s\u201d"
    # a mark inside a word is a Hebrew abbreviation's gershayim, not a quotation
    assert quoted('600 \u05de"\u05e7 \u05d2\u05d6') == '\u201c600 \u05de"\u05e7 \u05d2\u05d6\u201d'


def test_a_source_page_links_to_its_compare_page_with_each_other_source(demo_build):
    rt = soup((demo_build / "sources/rt-2024-02-07/index.html").read_bytes())
    [link] = rt.select("p.compare-with a")
    assert link.get_text() == "Reuters"
    assert link["href"] == "../../compare/reuters-2024-02-07--rt-2024-02-07/"
    assert (demo_build / "compare/reuters-2024-02-07--rt-2024-02-07/index.html").is_file()


def test_the_themes_words_among_an_articles_carry_the_sites_language(site, tmp_path):
    """A French site comparing English articles: the paragraph numbers' names, the "only here"
    labels and the markers across are French words in English paragraphs, and say so (a screen
    reader reads them in French); the article's words stay English."""
    from site_builder.build import BuildOptions, build

    site.write("content/site.yaml", "title: T\nbase_url: https://example.org/\nlanguage: fr\n")
    shared = "The council voted to close the old bridge on Tuesday after a long debate."
    site.seed(
        "a.txt",
        f"Bridge closed\n\n{shared}\n\nRepairs will cost four million pounds, the mayor said.\n",
        language="en",
        story="bridge",
    )
    site.seed("b.txt", f"Bridge shut\n\n{shared}\n", language="en", story="bridge")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out, cache=False, search_index=False))
    page = soup((out / "compare/a--b/index.html").read_bytes())
    for paragraph in page.select(".compare-paragraph"):
        assert paragraph["lang"] == "en"
        ours = paragraph.select(".pnum, .only-label, .link-marker")
        assert ours and all(e.get("lang") == "fr" for e in ours), paragraph
    assert page.select(".only-label") and page.select(".link-marker")


def test_a_storys_many_pairs_of_reports_fold_away_with_their_count(site, tmp_path):
    """Six reports make fifteen pairs to compare: folded, so that the story's table is not
    below a screen of links; two reports' one pair is a line."""
    from site_builder.build import BuildOptions, build

    for n in range(6):
        site.seed(f"s{n}.txt", f"Bridge {n}\n\nThe council voted on Tuesday, {n}.\n", story="big")
    site.seed("t0.txt", "Road\n\nThe road reopened.\n", story="small")
    site.seed("t1.txt", "Road again\n\nThe road reopened today.\n", story="small")
    out = tmp_path / "out"
    build(BuildOptions(root=site.root, out=out, cache=False, search_index=False))
    big = soup((out / "xref/big/index.html").read_bytes()).select_one("#story-big")
    folded = big.select_one("details.pairs")
    assert folded is not None and folded.summary.select_one(".kind").get_text() == "15"
    assert len(folded.select("p a")) == 15
    small = soup((out / "xref/small/index.html").read_bytes()).select_one("#story-small")
    assert small.select_one("details.pairs") is None
    assert len([a for a in small.find_all("a") if "compare/" in a["href"]]) == 1

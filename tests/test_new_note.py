"""Writing notes, the one code path of `new claim` and of authoring while serving: passages and
the context that lands them, the YAML front matter, a passage added to a note that exists, and
files created only where they belong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.anchor import QuoteAnchorer
from site_builder.anchor.context import (
    Context,
    context_for,
    find_within,
    lands_on,
    passage_at,
)
from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.model import Block, SourceArticle
from site_builder.new import (
    ChangedOnDisk,
    NoteDraft,
    ScaffoldError,
    add_quote,
    append_quote_entry,
    file_version,
    new_claim,
    new_source,
    note_text,
    quote_entry,
    slugify,
)
from site_builder.read.notes import read_note
from site_builder.read.seeds import read_sources
from site_builder.read.yamlfile import split_front_matter, without_controls
from site_builder.settings import load_settings

from .conftest import REPO
from .test_anchoring import article

PARAGRAPHS = (
    "The talks went on. Then the talks went on for hours.",
    "Second paragraph here. The talks went on.",
)


SOURCE = article(*PARAGRAPHS)
ANCHORER = QuoteAnchorer(SOURCE)


def span_of(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = SOURCE.body_text.index(text, start + 1)
    return start, start + len(text)


# -- passages and their context ------------------------------------------------------------------


def test_a_passage_is_the_source_text_without_the_white_space_at_its_ends():
    start, end = span_of("Then the talks")
    passage = passage_at(SOURCE, start - 1, end + 1)  # a space selected on either side
    assert passage.spans == ((start, end),) and passage.quote(SOURCE) == "Then the talks"
    assert passage_at(SOURCE, start - 1, start) is None


def test_a_passage_across_paragraphs_is_one_quote_with_an_ellipsis_that_anchors_on_both():
    start, _ = span_of("went on for hours.")
    _, end = span_of("Second paragraph")
    passage = passage_at(SOURCE, start, end)
    assert passage.quote(SOURCE) == "went on for hours. \u2026 Second paragraph"
    assert passage.paragraphs(SOURCE) == [1, 2]
    assert context_for(ANCHORER, passage) == Context()
    match = ANCHORER.anchor(passage.quote(SOURCE))
    assert match.spans == passage.spans and match.method == "exact"


def test_a_passage_found_once_needs_no_context():
    passage = passage_at(SOURCE, *span_of("Then the talks went on"))
    assert context_for(ANCHORER, passage) == Context()


@pytest.mark.parametrize(
    ("occurrence", "expected"),
    [(0, Context(suffix=". Then")), (1, Context(suffix=" for")), (2, Context(prefix="here. The "))],
)
def test_a_passage_that_occurs_more_than_once_gets_the_shortest_context_that_lands_it(
    occurrence, expected
):
    passage = passage_at(SOURCE, *span_of("talks went on", occurrence))
    assert ANCHORER.anchor("talks went on").kind == "ambiguous"
    context = context_for(ANCHORER, passage)
    # "The " before, and "." after, the first and the last tell them apart from neither.
    assert context == expected
    assert lands_on(ANCHORER.anchor("talks went on", context.prefix, context.suffix), passage)


def test_a_passage_in_japanese_gets_context_of_a_few_characters_not_a_position():
    text = "首相は会談した。首相は会談した後に記者会見を開いた。"
    source = SourceArticle("a", "seeds/a.txt", {}, (Block("paragraph", text),))
    start = text.index("首相は会談した", 3)
    passage = passage_at(source, start, start + len("首相は会談した"))
    assert context_for(QuoteAnchorer(source), passage) == Context(suffix="後")


def test_a_selection_that_starts_inside_a_word_takes_the_rest_of_the_word_as_context():
    passage = passage_at(SOURCE, *span_of("he talks went on", 1))
    assert context_for(ANCHORER, passage) == Context(prefix="t")


def test_a_passage_no_context_tells_apart_gets_its_position():
    line = "One two three four five six seven eight nine ten eleven twelve thirteen."
    echo = article(*[line] * 5)  # the middle one: twelve words a side match its neighbours
    anchorer = QuoteAnchorer(echo)
    passage = passage_at(echo, echo.block_starts[2], echo.block_starts[2] + len(line))
    context = context_for(anchorer, passage)
    assert context == Context(hint=passage.start)
    assert lands_on(anchorer.anchor(line, hint=context.hint), passage)


def test_a_quote_trimmed_by_the_editor_is_found_in_its_paragraph_only():
    second = SOURCE.block_starts[1]
    passage, failure = find_within(SOURCE, "the talks went on", second, second)
    assert failure is None and passage.spans == (span_of("The talks went on", 1),)
    passage, failure = find_within(SOURCE, "talks went on for hours", second, second)
    assert passage is None and failure.kind == "not-found"


# -- front matter --------------------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        '"',
        "'",
        ":",
        ": ",
        "#",
        " #",
        "---",
        "\n",
        "\r\n",
        "- ",
        "[",
        "{",
        "&a",
        "*a",
        "!x",
        "|",
        ">",
        "\t",
        " ",
        "\u2028",
        "\u2029",
        "\x85",
        "\ufeff",
        "yes",
        "null",
        "1e3",
        "2024-01-01",
        "...",
        "\\",
        "\x00",
    ]  # fmt: skip
)
VALUES = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.lists(VALUES, max_size=3), VALUES, VALUES)
def test_front_matter_round_trips_any_text(claim, tags, quote, prefix):
    """What is written reads back as it was, but for control characters, which no reading of
    YAML keeps (and so none is written)."""
    front = {"claim": claim, "tags": tags, "quotes": [quote_entry("s", quote, prefix)]}
    assert dict(split_front_matter(note_text(front)).metadata) == _without_controls(front)
    more = append_quote_entry(note_text(front), quote_entry("t", prefix, quote))
    added = split_front_matter(more).metadata["quotes"][1]
    assert added == _without_controls(quote_entry("t", prefix, quote))


def _without_controls(value):
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return without_controls(value) if isinstance(value, str) else value


def test_a_claim_and_tags_with_quotes_colons_hashes_and_dashes_round_trip(shipped_site):
    claim = "Putin: \u201cwe\u201d said 'yes' # not a comment --- and \"more\""
    tags = ("a: b", "#hash", "---", 'it\'s "quoted"')
    draft = NoteDraft(
        claim=claim,
        source_id="rt-2024-02-07",
        quote="Putin stressed that Moscow is in contact",
        claimant="Vladimir Putin: #1",
        tags=tags,
    )
    written = new_claim(shipped_site, draft)
    note = read_note(
        written.path,
        shipped_site,
        load_settings(shipped_site, Diagnostics()).verdict_keys,
        {"rt-2024-02-07"},
        set(),
        Diagnostics(),
    )
    assert (note.claim, note.tags, note.claimant) == (claim, tags, "Vladimir Putin: #1")
    assert (note.status, note.verdict) == ("draft", "unverified")


def test_a_quote_found_only_fuzzily_is_told_with_the_words_the_article_has(site):
    site.seed("a.txt", "Headline\n\nThe council said the bridge would reopen in the spring.\n")
    draft = NoteDraft("It reopens in spring", "a", "the bridge woud reopen in the spring")
    found = new_claim(site.root, draft).found
    assert found.startswith("quote found (fuzzy) in paragraph 1, not word for word: the build")
    assert found.endswith(
        "\nthe article has: \u201cthe bridge would reopen in the spring\u201d"
        "\ndifference: -woud +would"
    )


def test_a_claim_or_tag_with_line_breaks_is_written_on_one_line(shipped_site):
    draft = NoteDraft(
        "Two\nlines:\n---\nthree", "rt-2024-02-07", "Putin stressed that", tags=("a\nb",)
    )
    written = new_claim(shipped_site, draft)
    front = split_front_matter(written.path.read_text(encoding="utf-8")).metadata
    assert front["claim"] == "Two lines: --- three" and front["tags"] == ["a b"]


# -- new claim -----------------------------------------------------------------------------------


def run_new(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "new", "claim", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_new_claim_writes_a_draft_from_the_template_and_never_overwrites(shipped_site):
    def new(*args):
        return run_new(shipped_site, *args)

    args = [
        "Putin stressed contact with Hamas",
        "--source",
        "rt-2024-02-07",
        "--quote",
        "Putin stressed that Moscow is in contact with the political wing of Hamas",
    ]
    first, second = new(*args), new(*args)
    assert first.returncode == 0 and "quote found (exact) in paragraph 4" in first.stdout
    assert second.returncode == 0
    made = shipped_site / "content/claims/putin-stressed-contact-with-hamas.md"
    again = shipped_site / "content/claims/putin-stressed-contact-with-hamas-2.md"
    assert made.is_file() and again.is_file()
    text = made.read_text()
    assert "status: draft" in text and "source: rt-2024-02-07" in text
    refused = new(*args, "--id", "putin-stressed-contact-with-hamas")
    assert refused.returncode == 1 and "not overwriting" in refused.stderr
    assert made.read_text() == text
    assert new("x", "--source", "nowhere", "--quote", "y").returncode == 1
    empty = new("x", "--source", "rt-2024-02-07", "--quote", " ")
    assert empty.returncode == 1 and "error: the quote is empty: give the article's" in empty.stderr
    built = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--drafts", "-q"],
        cwd=shipped_site,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert built.returncode == 0, built.stderr
    assert (shipped_site / "build/claims/putin-stressed-contact-with-hamas/index.html").is_file()


def test_new_claim_takes_the_context_that_picks_one_of_two_places(shipped_site):
    bare = run_new(
        shipped_site, "x", "--source", "rt-2024-02-07", "--quote", "Moscow is in contact"
    )
    # written, but not found in one place: said, with what to do, and the exit status says so
    assert bare.returncode == 1 and "ambiguous" in bare.stderr and "fix the quote" in bare.stderr
    assert "wrote content/claims/x.md (status: draft)" in bare.stdout
    picked = run_new(
        shipped_site,
        "Moscow is in contact with Hamas's political wing",
        "--source",
        "rt-2024-02-07",
        "--quote",
        "Moscow is in contact",
        "--prefix",
        "stressed that ",
        "--suffix",
        " with the political",
        "--verdict",
        "needs-context",
        "--claimant",
        "Vladimir Putin",
        "--tag",
        "hamas",
        "--tag",
        "diplomacy",
    )
    assert picked.returncode == 0, picked.stderr
    assert "quote found (exact) in paragraph 4" in picked.stdout
    path = shipped_site / "content/claims/moscow-is-in-contact-with-hamas-s-political-wing.md"
    front = split_front_matter(path.read_text(encoding="utf-8")).metadata
    assert front["quotes"] == [
        {
            "source": "rt-2024-02-07",
            "quote": "Moscow is in contact",
            "prefix": "stressed that ",
            "suffix": " with the political",
        }
    ]
    assert (front["verdict"], front["claimant"], front["tags"]) == (
        "needs-context",
        "Vladimir Putin",
        ["hamas", "diplomacy"],
    )
    wrong = run_new(
        shipped_site, "y", "--source", "rt-2024-02-07", "--quote", "z", "--verdict", "x"
    )
    assert wrong.returncode == 1 and "unknown verdict 'x'" in wrong.stderr


def test_new_claim_tells_where_a_quote_from_another_outlets_report_is(site):
    """An editor copies a quote from one outlet and names another: `new claim` says where the
    quote is as written, as the build does, whether the named source has it nowhere or only
    nearly (the outlets spell a name their own ways)."""

    def source(source_id, text):
        return SourceArticle(source_id, f"seeds/{source_id}.txt", {}, (Block("paragraph", text),))

    sources = {
        "a": source("a", "Mayor Anya Kowalczyk said the ferry would run by summer."),
        "b": source("b", "Mayor Anja Kovalchik said the ferry would run by summer, and more."),
        "c": source("c", "The harbour master said nothing at all about it."),
    }
    quote = "Mayor Anja Kovalchik said the ferry would run by summer"
    for named, told in (
        ("a", "as written, the quote is in source 'b': paragraph 1"),
        ("c", "found in source 'b' instead: paragraph 1"),
    ):
        draft = NoteDraft("The ferry runs by summer", named, quote, note_id=f"in-{named}")
        written = new_claim(site.root, draft, sources)
        assert told in written.found, written.found


def sources_of(root: Path) -> dict[str, SourceArticle]:
    diags = Diagnostics()
    found = read_sources(root, load_settings(root, diags), diags, BuildCache())
    return {s.id: s for s in found}


def test_a_note_meant_for_a_passage_is_written_only_if_it_anchors_there(shipped_site):
    rt = sources_of(shipped_site)["rt-2024-02-07"]
    fourth = rt.body_text.index("Moscow is in contact", rt.block_starts[3])
    at = passage_at(rt, fourth, fourth + len("Moscow is in contact"))
    draft = NoteDraft("c", rt.id, "Moscow is in contact", prefix="stressed that ")
    wrong = NoteDraft("c", rt.id, "Moscow is in contact", suffix=" with Hamas")
    with pytest.raises(ScaffoldError, match="would not anchor on the chosen passage"):
        new_claim(shipped_site, wrong, at=at)
    assert not (shipped_site / "content/claims/c.md").exists()
    assert new_claim(shipped_site, draft, at=at).path.name == "c.md"


def test_a_taken_name_or_id_is_never_overwritten_and_a_free_one_is_chosen(shipped_site):
    folder = shipped_site / "content/claims"
    (folder / "c.md").write_text("mine", encoding="utf-8")
    (folder / "c-3.md").symlink_to(shipped_site / "elsewhere.md")  # even a dangling link
    draft = NoteDraft("c", "rt-2024-02-07", "Putin stressed that")
    assert new_claim(shipped_site, draft, taken={"c-2"}).note_id == "c-4"
    assert (folder / "c.md").read_text() == "mine" and not (shipped_site / "elsewhere.md").exists()
    with pytest.raises(ScaffoldError, match="not overwriting"):
        new_claim(shipped_site, NoteDraft("c", "rt-2024-02-07", "Putin", note_id="c"))
    with pytest.raises(ScaffoldError, match="may use only"):
        new_claim(shipped_site, NoteDraft("c", "rt-2024-02-07", "Putin", note_id="../../x"))


@pytest.mark.parametrize(
    ("claim", "note_id"),
    [
        (
            "Élections à l\u2019Élysée : un « cessez-le-feu »",
            "elections-a-l-elysee-un-cessez-le-feu",
        ),
        ("Путин и Макрон договорились", "putin-i-makron-dogovorilis"),
        ("普京与马克龙会谈", "pu-jing-yu-ma-ke-long-hui-tan"),
        ("Kırmızı çizgi aşıldı", "kirmizi-cizgi-asildi"),
        ("!!!", "claim"),
    ],
)
def test_a_claim_in_any_script_gets_an_id_of_its_words_in_latin_letters(claim, note_id):
    assert slugify(claim) == note_id


def test_new_source_names_a_seed_in_another_script_by_its_words(shipped_site, tmp_path):
    text = "Заголовок статьи\n\nПрезидент сказал, что переговоры продолжатся в марте.\n"
    for name in ("Путин и Макрон.txt", "ماكرون وبوتين.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        new_source(shipped_site, str(tmp_path / name))
    seeds = shipped_site / "seeds"
    assert (seeds / "putin-i-makron.txt").is_file() and (seeds / "mkrwn-wbwtyn.txt").is_file()
    metadata = (seeds / "putin-i-makron.yaml").read_text(encoding="utf-8")
    for key in ("outlet", "url", "published", "byline", "language"):  # to fill in
        assert f"\n{key}: ''\n" in metadata, metadata
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    with pytest.raises(ScaffoldError, match="this file is a PDF, not text"):
        new_source(shipped_site, str(tmp_path / "story.pdf"))
    (tmp_path / "story.txt").write_bytes(b"%PDF-1.4\n1 0 obj\n")  # whatever its name says
    with pytest.raises(ScaffoldError, match="this file is a PDF, not text"):
        new_source(shipped_site, str(tmp_path / "story.txt"))
    assert not list(seeds.glob("story*"))
    (seeds / "putin-i-makron.txt").unlink()  # the seed gone, its metadata file left
    with pytest.raises(ScaffoldError, match="seeds/putin-i-makron.yaml already exists"):
        new_source(shipped_site, str(tmp_path / "Путин и Макрон.txt"))


def test_new_source_of_text_in_another_encoding_says_how_to_bring_it_in(shipped_site, tmp_path):
    (tmp_path / "Bridge café.txt").write_bytes("Bridge\n\nThe café reopens.\n".encode("cp1252"))
    with pytest.raises(ScaffoldError) as refused:
        new_source(shipped_site, str(tmp_path / "Bridge café.txt"))
    assert str(refused.value).endswith(
        ": save it as UTF-8 and add it again, or copy it into seeds/ as bridge-cafe.txt and name"
        " its encoding in seeds/bridge-cafe.yaml: 'encoding: windows-1252' (as Word's and older"
        " Notepad's plain text are)"
    )
    assert not list((shipped_site / "seeds").glob("bridge-cafe*"))


def test_new_source_takes_a_file_whose_name_has_a_colon(shipped_site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "update:bridge.txt").write_text("Bridge\n\nThe bridge opens in May.\n")
    seed, _ = new_source(shipped_site, "update:bridge.txt")
    assert seed.read_text() == "Bridge\n\nThe bridge opens in May.\n"


@pytest.mark.parametrize(
    ("location", "said"),
    [
        ("seeds/000_54c512523c9ef1dc.txt", "is a seed already, which the build reads as it is"),
        ("ftp://example.com/x.html", "an address of the scheme .ftp. cannot be fetched"),
        ("/dev/null", "is not a regular file"),
    ],
)
def test_new_source_tells_what_it_cannot_bring_in(shipped_site, location, said):
    """`new source seeds/<a seed>` made a second copy of the seed, published twice; an ftp:
    address or a device was "no such file"."""
    before = sorted((shipped_site / "seeds").iterdir())
    path = shipped_site / location if location.startswith("seeds/") else location
    with pytest.raises(ScaffoldError, match=said):
        new_source(shipped_site, str(path))
    assert sorted((shipped_site / "seeds").iterdir()) == before


def test_new_source_leaves_no_seed_behind_when_reading_it_fails_on_a_bug(
    shipped_site, tmp_path, monkeypatch
):
    """A seed without its metadata file would fail every later build: whatever stops the
    reading (a bug, Ctrl+C), the copied seed goes."""
    import site_builder.new as new

    def broken(*args):
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(new, "read_source", broken)
    (tmp_path / "story.txt").write_text("Headline\n\nSome words of the story.\n")
    before = sorted(p.name for p in (shipped_site / "seeds").iterdir())
    with pytest.raises(RuntimeError):
        new_source(shipped_site, str(tmp_path / "story.txt"))
    assert sorted(p.name for p in (shipped_site / "seeds").iterdir()) == before


def test_notes_are_never_written_through_a_symbolic_link_to_another_folder(shipped_site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    claims = shipped_site / "content/claims"
    claims.rename(shipped_site / "claims-real")
    claims.symlink_to(outside, target_is_directory=True)
    with pytest.raises(ScaffoldError, match="symbolic link"):
        new_claim(shipped_site, NoteDraft("c", "rt-2024-02-07", "Putin stressed that"))
    assert list(outside.iterdir()) == []


# -- a passage added to a note that exists -------------------------------------------------------

NOTE = "content/claims/moscow-blames-us-policy-failures.md"


def add(root: Path, version: str, quote: str, note: str = NOTE) -> Path:
    sources = sources_of(root)
    rt = sources["rt-2024-02-07"]
    start = rt.body_text.index(quote)
    at = passage_at(rt, start, start + len(quote))
    settings_ = load_settings(root, Diagnostics())
    entities = {"russia", "vladimir-putin", "united-states", "reuters"}
    entry = quote_entry(rt.id, quote)
    return add_quote(root, note, version, entry, at, settings_, sources, entities)


def test_a_passage_added_to_a_note_changes_nothing_else_in_the_file(shipped_site):
    path = shipped_site / NOTE
    before = path.read_text(encoding="utf-8").replace(
        "assessment: faithful\n", "assessment: faithful  # checked twice\n", 1
    )
    path.write_text(before, encoding="utf-8")
    add(shipped_site, file_version(path.read_bytes()), "Putin stressed that Moscow is in contact")
    after = path.read_text(encoding="utf-8")
    inserted = "  - source: rt-2024-02-07\n    quote: Putin stressed that Moscow is in contact\n"
    at = before.index("evidence:\n")
    assert after == before[:at] + inserted + before[at:]


def test_a_passage_is_not_added_to_a_note_that_changed_since_the_page_was_loaded(shipped_site):
    path = shipped_site / NOTE
    version = file_version(path.read_bytes())
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")
    changed = path.read_bytes()
    with pytest.raises(ChangedOnDisk, match="changed on disk since this page was loaded"):
        add(shipped_site, version, "Putin stressed that Moscow is in contact")
    assert path.read_bytes() == changed


def test_a_quotes_list_in_flow_style_is_left_to_the_editor():
    text = "---\nclaim: c\nquotes: [{source: a, quote: b}]\n---\nBody.\n"
    with pytest.raises(ScaffoldError, match="add the passage by hand"):
        append_quote_entry(text, quote_entry("a", "q"))


def test_a_passage_added_follows_the_list_s_indentation_and_line_endings():
    text = "---\r\nclaim: c\r\nquotes:\r\n-   source: a   # first\r\n    quote: 'b'\r\ntags: [x]\r\n---\r\nBody.\r\n"
    after = append_quote_entry(text, quote_entry("a", "q: #"))
    assert after == text.replace("tags:", "-   source: a\r\n    quote: 'q: #'\r\ntags:", 1)


def test_new_source_keeps_a_line_break_in_a_file_name_out_of_the_metadata(shipped_site, tmp_path):
    name = "story\ndisplay: excerpts\nheadline: Not the headline\n#.txt"
    (tmp_path / name).write_text("Bridge\n\nThe bridge opens in May, the council said.\n")
    _, sidecar = new_source(shipped_site, str(tmp_path / name))
    metadata = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert "display" not in metadata
    assert metadata["headline"] == "Bridge"

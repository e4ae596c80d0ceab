"""Reading claim notes, entities and settings: every problem names its file and line."""

import pytest

from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.read.entities import read_entities
from site_builder.read.notes import read_notes
from site_builder.read.site import read_site
from site_builder.settings import load_settings

VERDICTS = ("accurate", "unverified")


def read(site, sources=("src",), entities=("putin",), drafts=False):
    diags = Diagnostics()
    notes = read_notes(
        site.root, VERDICTS, set(sources), set(entities), diags, BuildCache(), drafts=drafts
    )
    return notes, diags


GOOD = """
claim: "A claim"
verdict: accurate
summary: "Short."
claimant: Someone
published: 2024-02-08
entities: [putin]
tags: [a, b]
quotes:
  - source: src
    quote: "some words"
    assessment: faithful
    hint: 40
evidence:
  - title: A court order
    issuer: A court
    date: 2024-01-26
"""


def test_a_good_note_reads_into_a_claim_note(site):
    site.note("good-one", GOOD, "The analysis.\n")
    [note], diags = read(site)
    assert diags.items == []
    assert (note.id, note.claim, note.verdict, note.published) == (
        "good-one",
        "A claim",
        "accurate",
        "2024-02-08",
    )
    assert (
        note.quotes[0].source == "src" and note.quotes[0].hint == 40 and note.quotes[0].line == 11
    )
    assert note.evidence[0].date == "2024-01-26"
    assert note.body.strip() == "The analysis."
    assert note.tags == ("a", "b")


def test_malformed_yaml_names_the_line(site):
    site.write(
        "content/claims/bad.md",
        '---\nclaim: "A claim"\nverdict: [accurate\nquotes: []\n---\nText\n',
    )
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.path, error.line) == ("content/claims/bad.md", 3)  # where the [ opened
    assert "malformed YAML" in error.message


def test_unknown_source_verdict_entity_each_name_their_line(site):
    """Told with the note's own problems (here its assessment): every problem at once."""
    site.note(
        "bad",
        GOOD.replace("source: src", "source: nowhere")
        .replace("verdict: accurate", "verdict: true-ish")
        .replace("[putin]", "[putin, nobody]")
        .replace("assessment: faithful", "assessment: roughly"),
    )
    notes, diags = read(site)
    assert notes == []
    found = {(e.line, e.message.split(" '")[0].split(" must")[0]) for e in diags.errors}
    assert found == {
        (3, "unknown verdict"),
        (7, "unknown entity"),
        (10, "unknown source id"),
        (12, "assessment"),
    }
    assert all(e.path == "content/claims/bad.md" for e in diags.errors)


def test_a_misspelt_assessment_is_told_the_one_meant(site):
    site.note("bad", GOOD.replace("assessment: faithful", "assessment: Faithfull"))
    _, diags = read(site)
    [error] = diags.errors
    assert error.line == 12
    assert error.message.startswith("assessment 'Faithfull': did you mean 'faithful'? it must be")


def test_an_update_says_what_kind_of_change_it_was_or_fails_at_its_line(site):
    site.note(
        "logged",
        GOOD
        + "updates:\n  - date: 2024-03-01\n    kind: Correction\n    change: A date fixed.\n"
        + "  - date: 2024-02-20\n    change: New figures.\n",
    )
    [note], diags = read(site)
    assert not diags.errors
    assert [(u.date, u.kind) for u in note.updates] == [
        ("2024-02-20", ""),
        ("2024-03-01", "correction"),
    ]
    site.note("bad", GOOD + "updates:\n  - date: 2024-03-01\n    kind: erratum\n    change: X.\n")
    _, diags = read(site)
    [error] = diags.errors
    assert (error.path, error.line) == ("content/claims/bad.md", 20)
    assert error.message == "an update's kind must be one of correction, clarification, update"


def test_a_misspelt_source_id_is_told_the_closest_and_not_every_id_of_a_large_site(site):
    sources = [f"outlet-{n:04d}" for n in range(500)] + ["nyt-2b9468af"]
    site.note("bad", GOOD.replace("source: src", "source: nyt-2b9468a"))
    notes, diags = read(site, sources=sources)
    [error] = diags.errors
    assert (error.line, error.message) == (10, "unknown source id 'nyt-2b9468a'")
    assert error.suggestion.startswith("did you mean 'nyt-2b9468af'?"), error.suggestion
    assert "outlet-0123" not in error.suggestion and len(error.suggestion) < 200
    site.note("bad", GOOD.replace("source: src", "source: elsewhere"))
    notes, diags = read(site, sources=("src", "other"))
    assert diags.errors[0].suggestion == "known sources: other, src"


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("000_a1b2.txt", "seeds/000_a1b2.txt is that source's file"),
        ("seeds/000_a1b2.txt", "seeds/000_a1b2.txt is that source's file"),
        ("000_a1b2", "seeds/000_a1b2.txt is that source's file"),
        (
            "https://WWW.rt.example/news/a1b2/",
            "https://WWW.rt.example/news/a1b2/ is that source's url",
        ),
    ],
)
def test_a_source_named_by_its_seeds_file_or_address_is_told_the_id_to_write(site, written, named):
    """A seed whose metadata gives it an id is not named by its file, nor by its article's
    address: the build says which source's they are, not only the closest id (close to none)."""
    site.seed(
        "000_a1b2.txt",
        "Headline\n\nThe words of it.\n",
        id="rt-2024-02-07",
        url="https://rt.example/news/a1b2",
    )
    site.seed("001_c3d4.txt", "Headline\n\nOther words.\n", id="reuters-2024-02-07")
    site.note("bad", GOOD.replace("source: src", f"source: {written}").replace("[putin]", "[]"))
    diags = Diagnostics()
    read_site(site.root, diags, BuildCache())
    [error] = diags.errors
    assert (error.line, error.message) == (10, f"unknown source id {written!r}")
    assert error.suggestion.startswith(f"did you mean 'rt-2024-02-07'? {named}"), error.suggestion


def test_a_seed_renamed_without_its_metadata_file_is_told_as_such(site):
    """Renamed alone, a seed leaves its metadata file (and the id it gives) behind: the notes
    quoting that id are told which file gives it, not a close-looking other id."""
    site.seed("000_a1b2.txt", "Headline\n\nThe words of it.\n", id="rt-2024-02-07")
    site.seed("001_c3d4.txt", "Headline\n\nOther words.\n", id="reuters-2024-02-07")
    (site.root / "seeds" / "000_a1b2.txt").rename(site.root / "seeds" / "rt.txt")
    site.note("bad", GOOD.replace("source: src", "source: rt-2024-02-07").replace("[putin]", "[]"))
    diags = Diagnostics()
    read_site(site.root, diags, BuildCache())
    [error] = diags.errors
    assert error.message == "unknown source id 'rt-2024-02-07'"
    assert error.suggestion.startswith(
        "seeds/000_a1b2.yaml gives this id, and no seed seeds/000_a1b2.txt, .md or .html is "
        "beside it: if the seed was renamed, rename its metadata file with it"
    ), error.suggestion


def test_an_entity_written_as_its_name_or_misspelt_is_told_the_closest_id(site):
    site.note("bad", GOOD.replace("[putin]", "[Putin, lazarr]"))
    notes, diags = read(site, entities=("putin", "lazar"))
    told = {e.message: e.suggestion for e in diags.errors}
    assert told["unknown entity 'Putin'"].startswith("did you mean 'putin'? ")
    assert told["unknown entity 'lazarr'"].startswith("did you mean 'lazar'? ")


def test_missing_required_field(site):
    site.note("bad", 'claim: "x"\nverdict: accurate\n')
    notes, diags = read(site)
    [error] = diags.errors
    assert error.message == "missing required field 'quotes'"
    assert error.line == 2
    assert error.suggestion.endswith(
        'quotes:\n  - source: <the source\'s id>\n    quote: "<the words>"'
    )


def test_quotes_written_as_one_entry_without_its_dash_are_told_the_dash(site):
    site.note("bad", 'claim: "x"\nverdict: accurate\nquotes:\n  source: src\n  quote: "w"\n')
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.line, error.message) == (
        4,
        "quotes must be a list of entries (source, quote, ...)",
    )
    assert error.suggestion == (
        "each entry starts with '- ' before its first key, the others under it:\n"
        "quotes:\n  - source: ...\n    quote: ..."
    )


def test_an_empty_list_of_quotes_is_named_at_its_line(site):
    site.note("bad", 'claim: "x"\nverdict: accurate\nquotes: []\ntags: []\n')
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.line, error.message) == (
        4,
        "'quotes' is empty: a note quotes at least one passage",
    )


def test_tags_written_as_one_text_with_commas_are_warned_about(site):
    site.note("n", GOOD.replace("tags: [a, b]", "tags: hostages, diplomacy"))
    notes, diags = read(site)
    [warning] = diags.warnings
    assert (warning.line, warning.message) == (
        8,
        "tags is one text, 'hostages, diplomacy': for a list, write [hostages, diplomacy]",
    )
    assert list(notes[0].tags) == ["hostages, diplomacy"]


def test_words_yaml_reads_as_true_false_or_nothing_are_errors_at_their_lines(site):
    """`claimant: Yes` and `tags: [NO, SE, ~]` (Norway, Sweden, a blank) were built as "True",
    "False" and "None" without a word."""
    note = GOOD.replace("claimant: Someone", "claimant: Yes").replace(
        "tags: [a, b]", "tags:\n  - NO\n  - SE\n  - ~\n  - off"
    )
    site.note("n", note)
    notes, diags = read(site)
    assert notes == []
    shown = [(e.line, e.message.split(" (")[0]) for e in diags.errors]
    assert shown == [
        (5, "claimant was read as true"),
        (9, "item 1 of tags was read as false"),
        (11, "item 3 of tags is empty"),
        (12, "item 4 of tags was read as false"),
    ]
    assert all(e.message.endswith("put the text in quotes") for e in diags.errors)
    site.note(
        "n", GOOD.replace("claimant: Someone", 'claimant: "Yes"').replace("[a, b]", "['NO', SE]")
    )
    [read_again], diags = read(site)
    assert diags.errors == [] and read_again.claimant == "Yes" and read_again.tags == ("NO", "SE")


def test_a_misspelt_key_of_a_note_or_the_settings_gets_the_key_suggested(site):
    site.note("n", GOOD.replace("claimant: Someone", "claimnt: Someone"))
    notes, diags = read(site)
    [warning] = [w for w in diags.warnings if "claimnt" in w.message]
    assert warning.suggestion.startswith("did you mean 'claimant'? known keys: "), warning
    site.write("content/site.yaml", "title: Checks\ntagine: Facts, checked\n")
    diags = Diagnostics()
    load_settings(site.root, diags)
    [warning] = diags.warnings
    assert (warning.line, warning.message) == (2, "Config value 'tagine': unknown setting")
    assert warning.suggestion.startswith("did you mean 'tagline'? the settings: "), warning


def test_a_quote_entered_twice_is_a_warning_at_the_second(site):
    twice = GOOD.replace(
        "    hint: 40\n", '    hint: 40\n  - source: src\n    quote: "some  words"\n    hint: 40\n'
    )
    site.note("n", twice)
    notes, diags = read(site)
    [warning] = diags.warnings
    assert (warning.line, warning.message) == (
        15,
        "quote 2 repeats quote 1: the same words of the same source",
    )
    assert len(notes[0].quotes) == 2  # warned, and built as written


def test_a_verdict_yaml_reads_as_false_is_the_one_error(site):
    site.note("n", GOOD.replace("verdict: accurate", "verdict: False"))
    notes, diags = read(site)
    assert [(e.line, e.message.split(" (")[0]) for e in diags.errors] == [
        (3, "verdict was read as false")
    ]
    site.note(
        "n",
        GOOD.replace("verdict: accurate", "verdict: accurate\nquotes: no").replace(
            "quotes:\n  - source", "sources:\n  - source"
        ),
    )
    notes, diags = read(site)
    assert any("quotes" in e.message for e in diags.errors), diags.errors


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [("Accurate", "did you mean 'accurate'? "), ("unverifed", "did you mean 'unverified'? ")],
)
def test_a_verdict_written_as_its_label_or_misspelt_gets_its_key_suggested(
    site, written, suggestion
):
    site.note("n", GOOD.replace("verdict: accurate", f"verdict: {written}"))
    notes, diags = read(site)
    [error] = diags.errors
    assert error.suggestion == suggestion + "the site's verdicts: accurate, unverified"


def test_a_verdict_written_as_its_label_in_the_site_language_is_told_whose_label_it_is(site):
    """On a French site `verdict: Exact` is the label of `accurate`: the message says so."""
    site.write("content/site.yaml", "title: Les faits\nlanguage: fr\n")
    site.seed("src.txt", "Headline\n\nsome words and more.\n")
    site.note("n", GOOD.replace("verdict: accurate", "verdict: Exact").replace("[putin]", "[]"))
    diags = Diagnostics()
    read_site(site.root, diags, BuildCache())
    [error] = diags.errors
    assert (error.path, error.line) == ("content/claims/n.md", 3)
    assert error.suggestion.startswith(
        "did you mean 'accurate'? 'Exact' is its label, and a note gives the key; "
        "the site's verdicts: accurate, "
    ), error.suggestion


@pytest.mark.parametrize(
    ("front", "line", "advice"),
    [
        (
            'claim: "x"\n\tverdict: accurate\n',
            3,
            "this line has a tab, and YAML indents with spaces only",
        ),
        (
            "claim: Putin said: yes\n",
            2,
            "a value holding ': ' needs quotes around it (or this line is indented wrongly)",
        ),
        (
            "claim: x\nquotes:\n  - source: a\n  quote: b\n    hint: 1\n",
            5,
            "check this line's indentation against the lines above it",
        ),
        (
            'claim: x\nquotes:\n  - source: a\n    quote: "the plan was "a fantasy", he said"\n',
            5,
            "the quotation marks around this value close before its end: write the marks inside"
            " it as “ ” or ', or put the whole value in single quotes",
        ),
        (
            "claim: 'the mayor's plan'\n",
            2,
            "the single quotes around this value close at its apostrophe: write the apostrophe"
            " twice ('') or as ’, or put the whole value in double quotes",
        ),
        (
            "claim: x\nverdict accurate\nsummary: s\n",
            3,
            "this line has no ':' after its key; write key: value (or, if it goes on from the"
            " line above, indent it)",
        ),
    ],
)
def test_the_commonest_yaml_mistakes_say_what_to_do(site, front, line, advice):
    site.note("n", front)
    notes, diags = read(site)
    [error] = diags.errors
    assert error.line == line and error.message.startswith("malformed YAML: ")  # the file's line
    assert error.message.endswith(": " + advice), error.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            '---\nclaim: "x"\nverdict: accurate\n\nThe analysis.\n',
            "above line 5, where the text starts",
        ),
        ('---\nclaim: "x"\nverdict: accurate\n', "after the last field"),
    ],
)
def test_front_matter_never_closed_is_told_where_to_close_it(site, text, where):
    site.write("content/claims/n.md", text)
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.line, error.message) == (
        1,
        f"the front matter opened with '---' is never closed by '---': add a line '---' {where}",
    )


def test_front_matter_below_blank_lines_is_told_to_come_up(site):
    site.write("content/claims/n.md", "").write_text("\n\n---\nclaim: x\nverdict: a\n---\nText.\n")
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.line, error.message) == (
        1,
        "the front matter's opening '---' is on line 3, not the first: remove the blank lines"
        " above it",
    )


def test_a_note_is_dated_by_its_last_update_logged(site):
    log = "updates:\n  - date: 2024-03-01\n    change: Added the transcript.\n"
    site.note("stale", GOOD.strip() + "\nupdated: 2024-02-10\n" + log)
    site.note("unset", GOOD.strip() + "\n" + log)
    notes, diags = read(site)
    assert {n.id: n.updated for n in notes} == {"stale": "2024-03-01", "unset": "2024-03-01"}
    [warning] = diags.warnings
    assert (warning.path, warning.line) == ("content/claims/stale.md", 18)  # updated:
    assert "earlier than the last update logged (2024-03-01)" in warning.message


def test_a_verdict_of_the_update_log_no_longer_on_the_scale_is_a_warning(site):
    log = (
        "updates:\n  - date: 2024-03-01\n    change: Rated.\n"
        "    old_verdict: unproven\n    new_verdict: accurate\n"
    )
    site.note("n", GOOD.strip() + "\n" + log)
    notes, diags = read(site)
    assert [n.id for n in notes] == ["n"] and not diags.errors  # history stays as written
    [warning] = diags.warnings
    assert warning.message.startswith("unknown verdict 'unproven' in old_verdict: shown as written")


def test_duplicate_note_id(site):
    site.note("one", GOOD)
    site.note("two", "id: one\n" + GOOD.strip())
    notes, diags = read(site)
    assert [n.path for n in notes] == ["content/claims/one.md"]
    [error] = diags.errors
    assert error.path == "content/claims/two.md" and "duplicate note id 'one'" in error.message
    assert error.suggestion == (
        "each note needs an id of its own: its id: line, or else its file's name;"
        " change one of the two"
    )


def test_duplicate_yaml_key_is_an_error(site):
    site.note("dup", GOOD.strip() + "\nverdict: unverified\n")
    notes, diags = read(site)
    [error] = diags.errors
    assert "duplicate key 'verdict'" in error.message and error.line == 18


def test_drafts_are_read_only_when_asked(site):
    site.note("draft", GOOD.strip() + "\nstatus: draft")
    notes, diags = read(site)
    assert notes == []
    [told] = diags.items  # a note left out is never left out without a word
    assert (told.severity, told.path, told.message) == (
        "info",
        "content/claims",
        "1 draft note(s) left out (status: draft)",
    )
    assert (
        told.suggestion == "build --drafts or serve shows them; publish one with status: published"
    )
    notes, diags = read(site, drafts=True)
    assert [n.id for n in notes] == ["draft"] and diags.items == []


def test_raw_html_id_and_bad_url_problems(site):
    site.note("Bad_ID", GOOD.replace("issuer: A court", "url: javascript:alert(1)"))
    notes, diags = read(site)
    messages = [e.message for e in diags.errors]
    assert any("note id 'Bad_ID'" in m for m in messages)
    assert any("url: 'javascript:alert(1)' is not an http(s) address" in m for m in messages)


@pytest.mark.parametrize(
    ("name", "renamed"), [("Bridge Closed", "bridge-closed.md"), ("Café_2024", "cafe-2024.md")]
)
def test_a_file_name_that_cannot_be_an_id_is_told_as_the_files(site, name, renamed):
    site.note(name, GOOD)
    notes, diags = read(site)
    [error] = diags.errors
    assert (error.path, error.line) == (f"content/claims/{name}.md", 1)
    assert error.message.startswith(f"the file name gives the note id {name!r}, which may use")
    assert error.suggestion == f"rename the file {renamed} (or give the note an id: line)"


def test_an_id_line_that_cannot_be_an_id_is_told_at_its_line(site):
    site.note("good", "id: Not Good\n" + GOOD.strip())
    notes, diags = read(site)
    [error] = diags.errors
    assert error.line == 1 + 1 and error.message.startswith("note id 'Not Good' may use only")


def test_entities_and_settings_errors_have_lines(site):
    site.write(
        "content/entities.yaml", "- id: a\n  name: A\n- id: a\n  name: Again\n- name: no id\n"
    )
    diags = Diagnostics()
    entities = read_entities(site.root, diags)
    assert [e.id for e in entities] == ["a"]
    assert [(e.line, e.message) for e in diags.errors] == [
        (3, "duplicate entity id 'a'"),
        (5, "each entity needs 'id:' and 'name:'"),
    ]
    site.write("content/site.yaml", "title: X\nverdicts:\n  ok:\n    label: OK\n    colour: red\n")
    diags = Diagnostics()
    load_settings(site.root, diags)
    assert [(e.line, e.message) for e in diags.errors] == [
        (3, "Config value 'verdicts.ok': missing 'meaning'"),
        (5, "Config value 'verdicts.ok.colour': use #rrggbb, not 'red'"),
    ]


def test_settings_yaml_reads_otherwise_than_meant_say_to_use_quotes(site):
    """`language: no` (Norwegian) was "'False' is not a language tag"; `colour: #17603a`
    (a comment to YAML) was "missing 'colour'"."""
    site.write(
        "content/site.yaml",
        "title: T\nlanguage: no\nverdicts:\n  accurate:\n    label: Accurate\n"
        "    meaning: Right.\n    colour: #17603a\n",
    )
    diags = Diagnostics()
    load_settings(site.root, diags)
    shown = [(e.line, e.message, e.suggestion) for e in diags.errors]
    assert shown[0][:2] == (2, "Config value 'language': " + READ_AS_FALSE)
    assert shown[1] == (
        7,
        "Config value 'verdicts.accurate.colour': is empty",
        'put the colour in quotes: colour: "#17603a" (YAML reads what follows # as a comment)',
    )
    assert len(shown) == 2


READ_AS_FALSE = (
    "was read as false (YAML reads yes, no, on, off, true and false so, as in 'NO' for "
    "Norway): put the text in quotes"
)


@pytest.mark.parametrize(
    ("front", "told"),
    [
        ("verdict: [accurate]", "verdict must be text, not a list"),
        ("status: [draft]", "status must be text, not a list"),
        ("status: yes", "status was read as true"),
        ("id: [a]", "id must be text, not a list"),
        ("id: yes", "id was read as true"),
    ],
)
def test_a_value_that_is_not_text_is_the_one_error_at_its_line(site, front, told):
    """`verdict: [accurate]` was also an unknown verdict "['accurate']", `status: yes` also
    "not 'True'", `id: [a]` also a bad id "['a']"."""
    key = front.split(":")[0]
    note = GOOD if key != "verdict" else GOOD.replace("verdict: accurate\n", "")
    site.note("n", note.replace('claim: "A claim"\n', f'claim: "A claim"\n{front}\n'))
    notes, diags = read(site)
    assert notes == []
    [error] = diags.errors
    assert error.message.startswith(told), error


def test_an_update_dated_before_the_note_was_published_is_a_warning(site):
    log = "updates:\n  - date: 2023-03-01\n    change: Added the transcript.\n"
    site.note("n", GOOD.strip() + "\n" + log)
    [note], diags = read(site)
    [warning] = diags.warnings
    assert (warning.line, warning.message) == (
        19,  # the entry's first line
        "this update is dated 2023-03-01, before the note was published (2024-02-08)",
    )

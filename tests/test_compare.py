"""Comparing the sources of one story: sentence splitting, alignment, and each kind of hint, on
small stories written for these tests, then on the repository's own two seeds."""

import itertools
from pathlib import Path

import pytest

from site_builder.analyse.compare import (
    HINT_KINDS,
    Hint,
    compare_pair,
    format_hint,
    split_sentences,
    story_hints,
)
from site_builder.analyse.compare.numbers import find_numbers
from site_builder.analyse.compare.sentences import sentence_spans
from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.model import Anchor, Block, ClaimNote, Entity, QuoteRef, SourceArticle
from site_builder.read.entities import read_entities
from site_builder.read.seeds import read_sources
from site_builder.settings import Settings

from .conftest import REPO


def source(source_id: str, outlet: str, *paragraphs: str, language: str = "") -> SourceArticle:
    metadata = {"outlet": outlet, "story": "bridge"} | ({"language": language} if language else {})
    return SourceArticle(
        source_id,
        f"seeds/{source_id}.txt",
        metadata,
        tuple(Block("paragraph", p) for p in paragraphs),
    )


# A made-up story, told by two made-up outlets with known differences.
GAZETTE = source(
    "gazette",
    "Gazette",
    "Floods destroyed the old railway bridge at Kestrel Falls on Tuesday, cutting the town "
    "off from the regional capital.",
    "Mayor Dmitri Volkov said the town would ask the government for emergency funds to "
    "rebuild the bridge.",
    "\u201cWe will rebuild the bridge before winter, whatever it costs,\u201d Volkov said.",
    "The floods displaced 1,200 families across the valley, officials said.",
    "Insurance companies have not yet estimated the damage to farms along the river.",
    "A 64-year-old engineer who inspected the bridge last spring had warned of cracks in "
    "its piers.",
)
HERALD = source(
    "herald",
    "Herald",
    "The railway bridge at Kestrel Falls was destroyed by floods on Tuesday, leaving the "
    "town cut off from the regional capital.",
    "Officials said the floods displaced about 1,500 families across the valley.",
    "Mayor Dmitry Volkov will ask the government for emergency funds to rebuild the bridge, "
    "he said.",
    "\u201cWe will rebuild the bridge before the winter, whatever the cost,\u201d said Dmitry "
    "Volkov.",
    "An engineer who inspected the bridge last spring had warned of cracks in its piers.",
)
ENTITIES = [Entity("dmitri-volkov", "Dmitri Volkov", "person", ("Dmitry Volkov",))]


def note_quoting(note_id: str, article: SourceArticle, passage: str) -> tuple[ClaimNote, Anchor]:
    start = article.body_text.index(passage)
    note = ClaimNote(
        note_id,
        f"content/claims/{note_id}.md",
        "A claim",
        "accurate",
        "",
        "",
        "2024-01-01",
        "published",
        (QuoteRef(article.id, passage, 1),),
        "",
    )
    anchor = Anchor(note_id, 1, article.id, ((start, start + len(passage)),), "exact", 1.0)
    return note, anchor


def of_kind(hints: list[Hint], kind: str) -> list[Hint]:
    return [h for h in hints if h.kind == kind]


def texts(article: SourceArticle, hint: Hint) -> list[str]:
    return [article.body_text[s:e] for i, s, e in hint.places if i == article.id]


# -- sentences --------------------------------------------------------------------------------


def test_sentences_keep_abbreviations_initials_and_offsets():
    article = source(
        "a",
        "A",
        "Mr. Braley met Sen. Charles E. Grassley on Feb. 7 in the U.S. Capitol. He left "
        "at noon. The talks were about U.S. policy.",
        "\u201cWhy not?\u201d Mr. Calder\u00f3n asked. \u201cIt is useless.\u201d",
        "Hillary Clinton lied to the F.B.I. Nothing happened to her.",
    )
    sentences = split_sentences(article)
    assert [s.text for s in sentences] == [
        "Mr. Braley met Sen. Charles E. Grassley on Feb. 7 in the U.S. Capitol.",
        "He left at noon.",
        "The talks were about U.S. policy.",
        "\u201cWhy not?\u201d Mr. Calder\u00f3n asked.",
        "\u201cIt is useless.\u201d",
        "Hillary Clinton lied to the F.B.I.",
        "Nothing happened to her.",
    ]
    for sentence in sentences:
        assert article.body_text[sentence.start : sentence.end] == sentence.text
        assert sentence.paragraph == article.block_index_at(sentence.start) + 1
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert [s.paragraph for s in sentences] == [1, 1, 1, 2, 2, 3, 3]


def test_a_long_paragraph_splits_as_a_short_one_does():
    text = " ".join(f"Line {n} met Sen. Smith in the U.S. Capitol." for n in range(3000))
    word = "x" * 200  # a word longer than any abbreviation, before a stop
    spans = sentence_spans(f"{text} It ends with {word}. Mr. Doe left.")
    assert len(spans) == 3002
    assert spans[0] == (0, len("Line 0 met Sen. Smith in the U.S. Capitol."))
    assert spans[-2:] == [
        (len(text) + 1, len(text) + 1 + len(f"It ends with {word}.")),
        (
            len(text) + len(f" It ends with {word}. "),
            len(text) + len(f" It ends with {word}. Mr. Doe left."),
        ),
    ]


def test_numbers_found_among_many_keep_the_most_specific_reading():
    text = " ".join(f"On Feb. 7, {n} people came." for n in range(10, 1010))
    found = find_numbers(text)
    assert [m.key for m in found] == [
        key for n in range(10, 1010) for key in (("date", 2, 7), ("count", float(n)))
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_numbers_dates_and_ages_are_read_with_their_qualifier():
    found = find_numbers(
        "Over 27,000 were killed by Feb. 7, 2024; the 73-year-old doctor; the nearly "
        "two-year-old war; $2 million; 17 percent; two dozen; in May."
    )
    assert [(m.text, m.key) for m in found] == [
        ("Over 27,000", ("count", 27000.0)),
        ("Feb. 7, 2024", ("date", 2, 7)),
        ("73-year-old", ("age", 73.0)),
        ("nearly two-year-old", ("age", 2.0)),
        ("$2 million", ("money", 2_000_000.0)),
        ("17 percent", ("percent", 17.0)),
        ("two dozen", ("count", 24.0)),
        ("May", ("month", 5)),
    ]


def test_a_sum_in_words_of_its_currency_is_the_sum_with_its_sign():
    found = find_numbers("It costs no more than 3.2 million pounds, or 40 euros a head.")
    assert [(m.text, m.key) for m in found] == [
        ("no more than 3.2 million pounds", ("money", 3_200_000.0)),
        ("40 euros", ("money", 40.0)),
    ]
    assert find_numbers("no more than \u00a33.2 million")[0].key == ("money", 3_200_000.0)


def test_a_number_is_shown_with_its_whole_qualifier_not_its_opposite():
    found = find_numbers("No more than 40 came, and not less than 12 left.")
    assert [m.text for m in found] == ["No more than 40", "not less than 12"]


# -- one pair ---------------------------------------------------------------------------------


def test_sentences_align_by_content_not_position():
    comparison = compare_pair(GAZETTE, HERALD, [], [], ENTITIES)
    pairs = {(link.a.index, link.b.index) for link in comparison.links}
    # the bridge, the funds, the quotation, the families, the engineer, each in its own order
    assert pairs == {(0, 0), (1, 2), (2, 3), (3, 1), (5, 4)}
    link = next(link for link in comparison.links if (link.a.index, link.b.index) == (0, 0))
    assert 0 < link.score <= 1
    assert {"bridge", "Kestrel", "Falls", "Tuesday"} <= set(link.shared)
    assert [s.text[:18] for s in comparison.only_in_a] == ["Insurance companie"]
    assert comparison.only_in_b == ()


def test_a_name_spelled_two_ways_is_a_variant_with_its_places():
    hints = of_kind(story_hints([GAZETTE, HERALD], [], [], []), "name-variant")
    assert len(hints) == 1
    (hint,) = hints
    assert set(hint.values) == {"Dmitri Volkov", "Dmitry Volkov"}
    assert texts(GAZETTE, hint) == ["Dmitri Volkov"]
    assert texts(HERALD, hint) == ["Dmitry Volkov", "Dmitry Volkov"]
    assert "Volkov" in str(hint.evidence) and "Herald \u00b63, \u00b64" in str(hint.evidence)
    assert str(hint.summary) == 'Gazette spells "Dmitri Volkov", Herald "Dmitry Volkov"'


def test_names_that_only_look_alike_are_not_variants():
    a = source("a", "A", "Jack Reed spoke first. Irina Tatti, a doctor, was freed.")
    b = source("b", "B", "Harry Reid spoke first. Talks with Iran went on.")
    assert of_kind(story_hints([a, b], [], [], []), "name-variant") == []


def test_a_quotation_worded_differently_marks_the_words_that_differ():
    hints = of_kind(story_hints([GAZETTE, HERALD], [], [], ENTITIES), "quote-wording")
    assert len(hints) == 1
    (hint,) = hints
    assert str(hint.summary).startswith("Volkov quoted differently")
    assert hint.values[:2] == (
        "We will rebuild the bridge before winter, whatever it costs",
        "We will rebuild the bridge before the winter, whatever the cost",
    )
    assert (
        hint.values[2]
        == "We will rebuild the bridge before {+the+} winter, whatever [-it costs-] {+the cost+}"
    )
    assert texts(GAZETTE, hint) == [hint.values[0]]


def test_a_difference_many_pairs_of_a_story_share_is_one_hint_naming_every_source():
    def copy(of: SourceArticle, source_id: str) -> SourceArticle:
        return source(source_id, source_id.title(), *(b.text for b in of.blocks))

    story = [GAZETTE, copy(GAZETTE, "courier"), HERALD, copy(HERALD, "tribune")]
    hints = story_hints(story, [], [], ENTITIES)
    wordings = of_kind(hints, "quote-wording")
    assert len(wordings) == 1, [str(h.summary) for h in wordings]  # found by four pairs
    (hint,) = wordings
    assert {source_id for source_id, _, _ in hint.places} == {s.id for s in story}
    assert "the same between 3 other pair(s) of sources" in str(hint.summary)
    numbers = [
        h for h in of_kind(hints, "number") if "differ in matching sentences" in str(h.summary)
    ]
    assert len({frozenset(h.values) for h in numbers}) == len(numbers)  # each finding once


def test_two_sources_of_one_outlet_are_told_apart_by_their_ids():
    herald = source("herald", "Gazette", *(b.text for b in HERALD.blocks))  # one outlet, twice
    hints = story_hints([GAZETTE, herald], [], [], ENTITIES)
    (wording,) = of_kind(hints, "quote-wording")
    assert 'Gazette (gazette) "' in str(wording.summary) and 'Gazette (herald) "' in str(
        wording.summary
    )
    sources = {s.id: s for s in (GAZETTE, herald)}
    assert "at Gazette (gazette) \u00b6" in format_hint(wording, sources)
    pair = compare_pair(GAZETTE, herald, [], [], ENTITIES)
    assert all("Gazette (" in str(h.summary) for h in pair.hints if h.kind == "quote-wording")


def test_a_quotations_two_wordings_show_as_struck_out_and_underlined_words():
    from site_builder.render.templates import wording

    (hint,) = of_kind(story_hints([GAZETTE, HERALD], [], [], ENTITIES), "quote-wording")
    assert str(wording(hint.values[2] + " <b>")) == (
        "We will rebuild the bridge before <ins>the</ins> winter, whatever "
        "<del>it costs</del> <ins>the cost</ins> &lt;b&gt;"
    )


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("首相は会談した。記者会見を開いた。", ["首相は会談した。", "記者会見を開いた。"]),
        (
            "Президент заявил. Переговоры продолжатся.",
            ["Президент заявил.", "Переговоры продолжатся."],
        ),
        ("قال الرئيس. وأضاف الوزير.", ["قال الرئيس.", "وأضاف الوزير."]),
        ("Mr. Smith went home. The end.", ["Mr. Smith went home.", "The end."]),
    ],
)
def test_sentences_end_as_each_script_ends_them(text, sentences):
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


def test_an_outlet_written_right_to_left_is_set_apart_in_a_hints_line():
    arabic = source(
        "arabic", "\u0627\u0644\u0645\u0645\u0644\u0643\u0629", *(b.text for b in HERALD.blocks)
    )
    (wording,) = of_kind(story_hints([GAZETTE, arabic], [], [], ENTITIES), "quote-wording")
    assert "\u2068\u0627\u0644\u0645\u0645\u0644\u0643\u0629\u2069" in str(wording.summary)
    assert "\u2068" not in str(wording.summary).replace("\u2068\u0627", "")  # Gazette: as it is


def test_excerpts_and_contractions_are_not_differences_of_wording():
    a = source("a", "A", "\u201cWe are not going to pay for it, and we won't,\u201d Fox said.")
    b = source("b", "B", "\u201cWe're not going to pay for it,\u201d said Vicente Fox.")
    assert of_kind(story_hints([a, b], [], [], []), "quote-wording") == []


def test_numbers_only_in_one_source_or_differing():
    hints = of_kind(story_hints([GAZETTE, HERALD], [], [], []), "number")
    summaries = [str(h.summary) for h in hints]
    assert '"64-year-old" in Gazette; not in Herald' in summaries
    # two figures of matching sentences are one finding: they differ (not one hint each)
    assert not any("1,200" in s and "not in" in s for s in summaries), summaries
    assert not any("1,500" in s and "not in" in s for s in summaries), summaries
    differ = [h for h in hints if str(h.summary).startswith("numbers differ")]
    assert [h.values for h in differ] == [("1,200", "about 1,500")]
    assert "similarity" in str(differ[0].evidence)


def test_figures_with_a_decimal_comma_are_one_number_each():
    # "3,5 %" is three and a half per cent, "27 000" (a narrow no-break space) one figure
    found = find_numbers("Près de 27\u202f000 grévistes, 3,5\u00a0% de hausse, 4.500 euros.", "fr")
    assert [m.key for m in found] == [("count", 27000.0), ("percent", 3.5), ("money", 4500.0)]
    assert [m.key for m in find_numbers("27.000 Streikende, 3,5 Prozent", "de")][0] == (
        "count",
        27000.0,
    )
    assert [m.key for m in find_numbers("About 27,000 strikers, a 3.5% rise", "en")] == [
        ("count", 27000.0),
        ("percent", 3.5),
    ]


def test_a_french_and_an_english_source_agree_on_figures_written_their_way():
    fr = source(
        "fr", "Le Courrier", "Le trafic du port a chuté de 12,4\u00a0% en janvier.", language="fr"
    )
    en = source("en", "Herald", "Traffic at the port fell 12.4% in January.")
    summaries = [str(h.summary) for h in of_kind(story_hints([fr, en], [], [], []), "number")]
    assert not any("%" in s for s in summaries), summaries
    assert not any('"12"' in s or '"4' in s for s in summaries), summaries


def test_days_and_months_are_read_in_the_languages_whose_dates_are_read():
    found = find_numbers("Le 1er février 2024, puis le 7 mars ; en janvier, 12 grévistes.", "fr")
    assert [m.key for m in found] == [
        ("date", 2, 1),
        ("date", 3, 7),
        ("month", 1),
        ("count", 12.0),
    ]
    assert [m.key for m in find_numbers("7. Februar 2024, im Januar", "de")] == [
        ("date", 2, 7),
        ("month", 1),
    ]
    assert [m.key for m in find_numbers("7 февраля 2024 года; в январе", "ru")] == [
        ("date", 2, 7),
        ("month", 1),
    ]
    assert [m.key for m in find_numbers("w styczniu Maja mówiła o 7 lutego", "pl")] == [
        ("month", 1),
        ("date", 2, 7),
    ]
    # in English, "3 out of 5" is no day of October
    assert [m.key for m in find_numbers("3 out of 5 in Mars", "en")] == [
        ("count", 3.0),
        ("count", 5.0),
    ]


def test_a_day_of_the_week_is_one_in_every_language_whose_dates_are_read():
    def days(text, language):
        return [m.key for m in find_numbers(text, language)]

    assert days("Mercredi, les dockers ont défilé ; samedi aussi.", "fr") == [
        ("weekday", "wednesday"),
        ("weekday", "saturday"),
    ]
    assert days("Am Mittwoch streikten sie.", "de") == [("weekday", "wednesday")]
    assert days("в пятницу, а не в воскресенье", "ru") == [
        ("weekday", "friday"),
        ("weekday", "sunday"),
    ]
    assert days("у п\u2019ятницю та в неділю", "uk") == [
        ("weekday", "friday"),
        ("weekday", "sunday"),
    ]
    assert days("w środę i w sobotę", "pl") == [("weekday", "wednesday"), ("weekday", "saturday")]
    assert days("окружающая среда", "ru") == []  # the environment, not a Wednesday


def test_a_share_written_per_cent_in_words_is_a_percentage_in_every_language():
    def shares(text, language):
        return [m.key for m in find_numbers(text, language)]

    assert shares("Die Löhne steigen um 3,5 Prozent.", "de") == [("percent", 3.5)]
    assert shares("Зарплата выросла на 3,5 процента, цены на 12 процентов.", "ru") == [
        ("percent", 3.5),
        ("percent", 12.0),
    ]
    assert shares("Płace wzrosły o 3,5 procent.", "pl") == [("percent", 3.5)]
    assert shares("Ціни зросли на 7 відсотків.", "uk") == [("percent", 7.0)]


def test_a_day_written_in_two_languages_is_one_day():
    ru = source("ru", "Вести", "7 февраля 2024 года грузооборот в январе снизился.", language="ru")
    en = source("en", "Herald", "On February 7, 2024, traffic fell in January.")
    summaries = [str(h.summary) for h in of_kind(story_hints([ru, en], [], [], []), "number")]
    assert summaries == [], summaries


def test_a_pair_says_once_that_matching_sentences_give_different_numbers():
    summaries = [
        str(h.summary)
        for h in compare_pair(GAZETTE, HERALD, [], [], []).hints
        if h.kind == "number"
    ]
    assert not any("1,200" in s and "not in" in s for s in summaries), summaries
    assert not any("1,500" in s and "not in" in s for s in summaries), summaries
    assert any(s.startswith("numbers differ") for s in summaries), summaries


def test_a_sentence_only_one_source_carries():
    hints = of_kind(story_hints([GAZETTE, HERALD], [], [], []), "only-in")
    assert [texts(GAZETTE, h) for h in hints] == [
        ["Insurance companies have not yet estimated the damage to farms along the river."]
    ]
    assert str(hints[0].summary).startswith("only Gazette reports:")
    assert "nearest: Herald" in str(hints[0].evidence)


def test_only_in_means_carried_by_no_other_source_of_the_story():
    third = source("third", "Third", "Insurers have not yet estimated the damage to the farms.")
    hints = of_kind(story_hints([GAZETTE, HERALD, third], [], [], []), "only-in")
    assert not any(texts(GAZETTE, h) for h in hints)


def test_a_note_quoting_one_side_of_a_parallel():
    note, anchor = note_quoting(
        "families-displaced", GAZETTE, "The floods displaced 1,200 families"
    )
    hints = of_kind(story_hints([GAZETTE, HERALD], [note.id], [anchor], []), "unquoted-parallel")
    assert len(hints) == 1
    (hint,) = hints
    assert hint.note_id == "families-displaced"
    assert texts(HERALD, hint) == [
        "Officials said the floods displaced about 1,500 families across the valley."
    ]
    # once the note quotes the parallel passage too, there is nothing to say
    start = HERALD.body_text.index("Officials said")
    both = Anchor(note.id, 2, HERALD.id, ((start, start + 30),), "exact", 1.0)
    assert (
        of_kind(story_hints([GAZETTE, HERALD], [note.id], [anchor, both], []), "unquoted-parallel")
        == []
    )


def test_story_hints_are_sorted_by_kind_and_formatted_for_check():
    hints = story_hints([GAZETTE, HERALD], [], [], ENTITIES)
    order = [HINT_KINDS.index(h.kind) for h in hints]
    assert order == sorted(order)
    text = format_hint(hints[0], {GAZETTE.id: GAZETTE, HERALD.id: HERALD})
    first, second = text.split("\n")
    assert first.startswith("machine-found name-variant: ")
    assert second.startswith("    at Gazette \u00b62; Herald \u00b63, \u00b64; why: ")


# -- the shipped seeds ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    diags = Diagnostics()
    sources = {s.id: s for s in read_sources(Path(REPO), Settings(), diags, BuildCache())}
    entities = read_entities(Path(REPO), diags)
    assert not diags.items
    return sources, entities


@pytest.fixture(scope="module")
def seed_hints(seeds):
    sources, entities = seeds
    return story_hints(list(sources.values()), [], [], entities)


def test_seeds_name_variants(seeds, seed_hints):
    sources, _ = seeds
    variants = {frozenset(h.values): h for h in of_kind(seed_hints, "name-variant")}
    assert frozenset({"Berel Lazar", "Berl Lazar"}) in variants
    assert frozenset({"Aleksandr Boroda", "Alexander Boroda"}) in variants
    lazar = variants[frozenset({"Berel Lazar", "Berl Lazar"})]
    rt, reuters = sources["rt-2024-02-07"], sources["reuters-2024-02-07"]
    assert texts(rt, lazar) == ["Berel Lazar"] and texts(reuters, lazar) == ["Berl Lazar"]
    assert all(sources[i].block_index_at(s) == 2 for i, s, _ in lazar.places)  # both ¶3


def test_seeds_name_variants_without_the_entities_file(seeds):
    sources, _ = seeds
    hints = of_kind(story_hints(list(sources.values()), [], [], []), "name-variant")
    assert {frozenset(h.values) for h in hints} == {
        frozenset({"Berel Lazar", "Berl Lazar"}),
        frozenset({"Aleksandr Boroda", "Alexander Boroda"}),
    }
    assert all("the same consonants" in str(h.evidence) for h in hints)


def test_seeds_numbers_only_in_rt(seed_hints):
    numbers = {h.values: h for h in of_kind(seed_hints, "number")}
    for value in ("over 27,000", "73-year-old"):
        hint = numbers[(value,)]
        assert {i for i, _, _ in hint.places} == {"rt-2024-02-07"}
        assert str(hint.summary) == f'"{value}" in RT; not in Reuters'
    assert {i for i, _, _ in numbers[("nearly two-year-old",)].places} == {"reuters-2024-02-07"}


def test_seeds_icj_sentence_only_in_rt(seeds, seed_hints):
    sources, _ = seeds
    rt = sources["rt-2024-02-07"]
    only_rt = [texts(rt, h)[0] for h in of_kind(seed_hints, "only-in") if texts(rt, h)]
    assert any(
        s.startswith("The UN\u2019s International Court of Justice (ICJ) ruled") for s in only_rt
    )
    assert not any(s.startswith("Russian President Vladimir Putin held a meeting") for s in only_rt)


def test_seeds_sentences_aligned(seeds):
    sources, entities = seeds
    comparison = compare_pair(
        sources["rt-2024-02-07"], sources["reuters-2024-02-07"], [], [], entities
    )
    linked = {(link.a.text[:40], link.b.text[:40]) for link in comparison.links}
    assert (
        "Russian President Vladimir Putin held a ",
        "President Vladimir Putin told leaders of",
    ) in linked
    assert (
        "Putin stressed that Moscow is in contact",
        "Putin said Russia had made use of its co",
    ) in linked
    assert (
        "Representing Orthodox Jews at the event ",
        "The agencies said Putin made the comment",
    ) in linked
    for link in comparison.links:
        assert link.shared and 0 < link.score <= 1

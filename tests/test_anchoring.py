"""Anchoring quotes: each normalisation, fuzzy matches, context, hints, ambiguity, failures;
property-based tests on the shipped seeds' text."""

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from site_builder.anchor import Failure, Match, QuoteAnchorer, anchor_notes, max_edits
from site_builder.anchor.anchorer import _inside_a_word, cuts_a_figure
from site_builder.anchor.facts import statement
from site_builder.anchor.normalise import normalise
from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.model import Block, ClaimNote, QuoteRef, SetAside, SourceArticle
from site_builder.read.seeds import read_sources
from site_builder.settings import Settings

from .conftest import REPO

ARTICLE = (
    "Russia\u2019s chief rabbi, Berel Lazar, met the president on Wednesday.",
    "\u201cWe are working,\u201d he said \u2014 and then  the talks\u00a0went on.",
    "Ar\u00adticle text with a \ufb01ne ligature and caf\u00e9 society.",
    "The talks went on. The talks went on for hours.",
)


def article(*paragraphs: str) -> SourceArticle:
    return SourceArticle("a", "seeds/a.txt", {}, tuple(Block("paragraph", p) for p in paragraphs))


ANCHORER = QuoteAnchorer(article(*ARTICLE))


def note_quoting(quote: str, line: int = 9) -> ClaimNote:
    """A published note, n, whose one quote (at `line` of its file) is `quote` of source a."""
    refs = (QuoteRef("a", quote, line),)
    return ClaimNote("n", "content/claims/n.md", "c", "accurate", "", "", "", "published", refs, "")


def found(result) -> str:
    assert isinstance(result, Match), result
    return " | ".join(ANCHORER.text[s:e] for s, e in result.spans)


@pytest.mark.parametrize(
    ("quote", "method", "passage"),
    [
        ("Berel Lazar, met the president", "exact", "Berel Lazar, met the president"),
        ("Russia's chief rabbi", "normalised", "Russia\u2019s chief rabbi"),
        ('"We are working," he said', "normalised", "\u201cWe are working,\u201d he said"),
        (
            "he said - and then the talks went on",
            "normalised",
            "he said \u2014 and then  the talks\u00a0went on",
        ),
        # a run of dashes is one dash: typed as two hyphens, or so written in the article
        ("said -- and", "normalised", "said \u2014 and"),
        # character references, as copied from a page's source
        ("Russia&#8217;s chief rabbi", "normalised", "Russia\u2019s chief rabbi"),
        ("the talks&nbsp;went on", "normalised", "the talks\u00a0went on"),
        (
            "he said \u2014\n and then\tthe talks",
            "normalised",
            "he said \u2014 and then  the talks",
        ),
        (
            "Article text with a fine ligature and cafe",
            "normalised",
            "Ar\u00adticle text with a \ufb01ne ligature and caf\u00e9",
        ),
        ("RUSSIA\u2019S CHIEF RABBI", "case-folded", "Russia\u2019s chief rabbi"),
        ("chief rabbi, Berl Lazar, met", "fuzzy", "chief rabbi, Berel Lazar, met"),
        (
            "Berel Lazar met the president on Wednesday",
            "fuzzy",
            "Berel Lazar, met the president on Wednesday",
        ),
        (
            "Russia's chief rabbi Berel Lazar met the president on Wednesday",
            "fuzzy",
            "Russia\u2019s chief rabbi, Berel Lazar, met the president on Wednesday",
        ),
        (
            "chief rabbi, Berel Lazar, met the pres. on Wednesday",
            "fuzzy",
            "chief rabbi, Berel Lazar, met the president on Wednesday",
        ),
    ],
)
def test_each_normalisation(quote, method, passage):
    result = ANCHORER.anchor(quote)
    if method is None:
        assert isinstance(result, Failure)
        return
    assert isinstance(result, Match) and result.method == method, result
    assert found(result) == passage


# Passages in other scripts and their typography, each with a quote typed otherwise.
WORLD = QuoteAnchorer(
    article(
        "Le président a demandé un « cessez-le-feu humanitaire » de trois jours.",
        "La paix n\u2019est pas une option, c\u2019est une ne\u0301cessite\u0301 absolue.",
        "Он сказал: это мой окончательный ответ, и ёлка осталась в Кремле.",
        "首相は「平和は選択肢ではなく、必然だ」と述べた。会場のビルには多くの記者が集まった。",
        "यह एक पक्का वादा है और सरकार इसे पूरा करेगी।",
        "KIRMIZI ÇİZGİ AŞILDI dedi Dışişleri Bakanı.",
        "Er sagte: \u00bbNein\u00ab, und ging. Und han sa \u00bbnej\u00bb till alla.",
    )
)


@pytest.mark.parametrize(
    ("quote", "method", "passage"),
    [
        (  # the guillemets' inner spaces fold away with them
            "un \u201ccessez-le-feu humanitaire\u201d de trois jours",
            "normalised",
            "un « cessez-le-feu humanitaire » de trois jours",
        ),
        (  # corner brackets are quotation marks
            '"平和は選択肢ではなく、必然だ"と述べた',
            "normalised",
            "「平和は選択肢ではなく、必然だ」と述べた",
        ),
        (  # a decomposed accent is highlighted with its letter
            "c\u2019est une nécessité",
            "normalised",
            "c\u2019est une ne\u0301cessite\u0301",
        ),
        ("и елка осталась в Кремле", "normalised", "и ёлка осталась в Кремле"),
        ("Kırmızı çizgi aşıldı dedi", "case-folded", "KIRMIZI ÇİZGİ AŞILDI dedi"),
        # a mark that makes another letter is a difference: мои is not мой, ピ not ビ, कक not क्क
        ("это мои окончательный ответ", "fuzzy", "это мой окончательный ответ"),
        ("会場のピルには多くの記者が集まった", "fuzzy", "会場のビルには多くの記者が集まった"),
        ("यह एक पकका वादा है और सरकार", "fuzzy", "यह एक पक्का वादा है और सरकार"),
        # German and Danish guillemets keep the spaces outside them
        (
            "Er sagte: \u201eNein\u201c, und ging",
            "normalised",
            "Er sagte: \u00bbNein\u00ab, und ging",
        ),
        ('han sa "nej" till alla', "normalised", "han sa \u00bbnej\u00bb till alla"),
    ],
)
def test_other_scripts_fold_their_accents_and_quotation_marks_and_keep_their_letters(
    quote, method, passage
):
    result = WORLD.anchor(quote)
    assert isinstance(result, Match) and result.method == method, result
    assert " | ".join(WORLD.text[s:e] for s, e in result.spans) == passage


# French sets ; : ! ? after a no-break space, which an editor types as a space or not at all.
FRENCH = QuoteAnchorer(
    article(
        "Faut-il rouvrir le chantier\u00a0? La mairie a tranché\u202f: «\u00a0Non\u00a0!\u00a0»"
        " Le débat reste ouvert\u202f; la ville attend.",
    )
)


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("rouvrir le chantier? La mairie", "rouvrir le chantier\u00a0? La mairie"),
        ("rouvrir le chantier ? La mairie", "rouvrir le chantier\u00a0? La mairie"),
        ('La mairie a tranché: "Non!"', "La mairie a tranché\u202f: «\u00a0Non\u00a0!\u00a0»"),
        ("reste ouvert; la ville", "reste ouvert\u202f; la ville"),
    ],
)
def test_the_space_french_puts_before_a_mark_folds_away(quote, passage):
    result = FRENCH.anchor(quote)
    assert isinstance(result, Match) and result.method == "normalised", result
    assert " | ".join(FRENCH.text[s:e] for s, e in result.spans) == passage


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("он сказал кй и ушёл домой сегодня", "сказал ки"),  # й is и and a breve
        ("会場のヒ\u3099ルには多くの記者", "会場のヒ"),  # ビ written decomposed
    ],
)
def test_a_quote_is_never_found_inside_a_letter(text, quote):
    result = QuoteAnchorer(article(text)).anchor(quote)
    assert isinstance(result, Failure), result
    assert "only as part of others" in result.message


def test_marks_without_end_are_read_in_linear_time():
    text = "a" + "\u0301" * 200_000 + " the end of it"
    assert normalise(text).text == "a the end of it"  # (quadratic, this took minutes)


def test_fuzzy_match_reports_distance_and_score():
    result = ANCHORER.anchor("chief rabbi, Berl Lazar, met")
    assert (result.method, result.distance) == ("fuzzy", 1)
    assert result.score == pytest.approx(1 - 1 / len("chief rabbi, berl lazar, met"), abs=1e-3)


FIGURES = QuoteAnchorer(
    article(
        "The storm reached the 6th district of the Eastern region on Monday.",
        "About 1,000 people left their homes in 2024, officials said.",
        "The fund holds $17 million for the new bridge.",
    )
)


@pytest.mark.parametrize(
    ("quote", "quoted", "there"),
    [
        ("The storm reached the 7th district of the Eastern region", "7", "6"),
        ("About 1,000 people left their homes in 2023", "1000, 2023", "1000, 2024"),
        ("About 100 people left their homes in 2024", "100, 2024", "1000, 2024"),
        ("The fund holds $17 billion for the new bridge", "17, billion", "17, million"),
    ],
)
def test_a_passage_within_the_budget_but_with_other_figures_is_not_the_quote(quote, quoted, there):
    result = FIGURES.anchor(quote)
    assert isinstance(result, Failure) and result.kind == "not-found", result
    assert f"other figures (the quote: {quoted}; the article: {there})" in result.message
    assert result.suggestion.startswith("closest passage: paragraph ")


@pytest.mark.parametrize(
    "quote",
    [
        "About 1000 people left their homes in 2024",  # the same figure, grouped otherwise
        "About 1 000 people left there homes in 2024",
        "The storm reached the 6th distrct of the Eastern region",  # a typo in a word
        "The fund holds $17 milion for the new bridge",  # ... in a number's word
        "The fund holds $17 millino for the new bridge",
    ],
)
def test_a_figure_written_otherwise_or_a_typo_elsewhere_still_matches_fuzzily(quote):
    result = FIGURES.anchor(quote)
    assert isinstance(result, Match) and result.method == "fuzzy", result


TOWN = QuoteAnchorer(
    article(
        "The new bridge will be the town's second crossing of the river. Work is due to start"
        " in late January.",
        "Officials said the cost rose sharply because of steel prices, and that six lanes would"
        " be built.",
        "The mayor said the project was an increase of just 3 percent over the estimate. The"
        " vote took place Saturday.",
    )
)


@pytest.mark.parametrize(
    ("quote", "what", "quoted", "there"),
    [
        ("The vote took place Sunday.", "other days or months", "sunday", "saturday"),
        (
            "of the river. Work is due to start in late June.",
            "other days or months",
            "june",
            "january",
        ),
        ("and that four lanes would be built", "other figures", "four", "six"),
        (
            "The new bridge will be the town's third crossing of the river",
            "other figures",
            "third",
            "second",
        ),
        (
            "Officials said the cost fell sharply because of steel prices",
            "another direction of change",
            "fell",
            "rose",
        ),
        (
            "The mayor said the project was a decrease of just 3 percent over the estimate.",
            "another direction of change",
            "decrease",
            "increase",
        ),
    ],
)
def test_a_passage_within_the_budget_that_states_another_fact_is_not_the_quote(
    quote, what, quoted, there
):
    """The words that carry a fact as figures do: numbers in words, days, months, and the
    direction of a change (before, each of these matched fuzzily, with a warning only)."""
    result = TOWN.anchor(quote)
    assert isinstance(result, Failure) and result.kind == "not-found", result
    assert f"{what} (the quote: {quoted}; the article: {there})" in result.message


@pytest.mark.parametrize(
    "quote",
    [
        "and that 6 lanes would be built",  # the same figure, in digits
        "Officials said the cost rose sharpley because of steel prices",  # a typo elsewhere
        "The mayor said the project was an increase of just three percent over the estimate",
        "The vote took place on Saturday.",
    ],
)
def test_the_same_fact_written_otherwise_or_a_typo_elsewhere_still_matches_fuzzily(quote):
    result = TOWN.anchor(quote)
    assert isinstance(result, Match) and result.method == "fuzzy", result


IN_LONGER = QuoteAnchorer(
    article(
        "The deal was worth 117 million dollars, and the fare is 3.50 today.",
        "She said 84,000 jobs were lost. Later he said the fare would stay.",
    )
)


@pytest.mark.parametrize(
    ("quote", "figure"),
    [
        ("17 million", "\u201c117\u201d"),  # too short to be matched fuzzily
        ("3.5", "\u201c3.50\u201d"),
        ("4,000 jobs", "\u201c84,000\u201d"),
        ("000 jobs were lost", "\u201c84,000\u201d"),
        ("The deal was worth 117 million dollars, and the fare is 3.5", "\u201c3.50\u201d"),
        ("the fare is 3.50 today and 17 million", None),
    ],
)
def test_a_quote_whose_figure_is_part_of_a_longer_one_is_not_found(quote, figure):
    """Found as written inside a longer figure ("17 million" in "117 million"), a quote was
    highlighted there as an exact match: another figure, and so another statement."""
    result = IN_LONGER.anchor(quote)
    assert isinstance(result, Failure) and result.kind == "not-found", result
    if figure:
        assert result.message == (
            f"not found: the article has its figures only as part of longer ones ({figure}); "
            "a quote gives each figure whole"
        )


def test_of_the_places_of_a_quote_one_of_whole_words_is_it():
    """ "he said" is the whole words, not the end of "she said" (it was ambiguous); a quote
    found only inside a longer word is still found there."""
    result = IN_LONGER.anchor("he said")
    assert isinstance(result, Match), result
    assert IN_LONGER.text[result.spans[0][0] - 6 : result.spans[0][1]] == "Later he said"
    assert isinstance(IN_LONGER.anchor("he deal was"), Match)


NEGATIONS = QuoteAnchorer(
    article(
        "Officials said the dam would hold through the winter storms.",
        "The minister didn\u2019t comment on the report on Tuesday evening.",
        "Der Minister hat den Bericht am Dienstag nicht kommentiert.",
        "Il a dit que le barrage ne tiendrait pas cet hiver.",
        "\u90e8\u957f\u5468\u4e8c\u665a\u4e0a\u6ca1\u6709\u5bf9\u62a5\u544a\u53d1\u8868\u8bc4\u8bba\u4e5f\u6ca1\u6709\u56de\u5e94\u3002",
    )
)


@pytest.mark.parametrize(
    ("quote", "quoted", "there"),
    [
        ("Officials said the dam would not hold through the winter storms", "not", "none"),
        ("Officials said the dam would never hold through the winter storms", "never", "none"),
        ("The minister did comment on the report on Tuesday evening", "none", "didn't"),
        ("Der Minister hat den Bericht am Dienstag kommentiert", "none", "nicht"),
        ("Il a dit que le barrage ne tiendrait cet hiver", "none", "pas"),
        (
            "\u90e8\u957f\u5468\u4e8c\u665a\u4e0a\u6709\u5bf9\u62a5\u544a\u53d1\u8868\u8bc4\u8bba\u4e5f\u6ca1\u6709\u56de\u5e94",
            "\u6ca1",
            "\u6ca1, \u6ca1",
        ),
    ],
)
def test_a_passage_within_the_budget_but_with_a_negation_more_or_fewer_is_not_the_quote(
    quote, quoted, there
):
    result = NEGATIONS.anchor(quote)
    assert isinstance(result, Failure) and result.kind == "not-found", result
    assert f"a negation more or fewer (the quote: {quoted}; the article: {there})" in (
        result.message
    )
    assert result.suggestion.startswith("closest passage: paragraph ")


@pytest.mark.parametrize(
    "quote",
    [
        "The minister did not comment on the report on Tuesday evening",  # "didn't", spelt out
        "Officials said the dam would hold thru the winter storms",  # a typo elsewhere
        "Officials said the non-dam would hold through the winter storms",  # "non-" is a prefix
        "Il a dit que le barrage tiendrait pas cet hiver",  # French, spoken: no "ne"
    ],
)
def test_a_negation_written_otherwise_or_a_typo_elsewhere_still_matches_fuzzily(quote):
    result = NEGATIONS.anchor(quote)
    assert isinstance(result, Match) and result.method == "fuzzy", result


def test_short_quotes_never_match_fuzzily():
    assert max_edits(11) == 0
    assert isinstance(ANCHORER.anchor("Berl Lazar"), Failure)
    assert isinstance(ANCHORER.anchor("Berel Lazar"), Match)


def test_repeated_quote_is_ambiguous_and_lists_each_place():
    result = ANCHORER.anchor("The talks went on")
    assert isinstance(result, Failure) and result.kind == "ambiguous"
    assert "add prefix/suffix" in result.message
    assert "paragraph 4: [The talks went on]. The talks" in result.suggestion
    assert "paragraph 4: The talks went on. [The talks went on] for hours" in result.suggestion


def test_an_ambiguous_quote_is_told_what_picks_each_place_and_each_does():
    """The message of an ambiguous quote gives, for each place, the context to add; added to
    the note, it lands the quote there."""
    from site_builder.anchor.context import ways_to_pick

    said = "The mayor said the bridge would close on Monday"
    anchorer = QuoteAnchorer(
        article(f"{said}. Traffic will move.", f"Others disagreed. {said}, but may wait.", said)
    )
    failure = anchorer.anchor(said.lower())
    assert isinstance(failure, Failure) and len(failure.places) == 3
    told = ways_to_pick(anchorer, failure.places).splitlines()
    assert told[0] == "to pick one, add under the quote:"
    for paragraph, line in enumerate(told[1:], start=1):
        place, _, fields = line.strip().partition(": ")
        assert place == f"paragraph {paragraph}"
        context = {k: json.loads(v) for k, v in re.findall(r'(\w+): ("[^"]*")', fields)}
        assert context, line
        found = anchorer.anchor(said.lower(), **context)
        assert isinstance(found, Match), (line, found)
        assert anchorer.source.block_index_at(found.spans[0][0]) + 1 == paragraph
    assert told[3] == '  paragraph 3: prefix: "wait."'  # not the paragraph break after it


def test_context_finds_a_short_quote_after_any_number_of_others():
    # "de`" is in each of twelve `code`; the prefix names the last, past the first nine
    text = " ".join(f"word{n} `code`" for n in range(12))
    anchorer = QuoteAnchorer(article(text))
    result = anchorer.anchor("de`", prefix="word11 `co")
    assert isinstance(result, Match), result
    assert result.spans == ((len(text) - 3, len(text)),)
    # without context it is ambiguous, the count whole and the list of places kept short
    result = anchorer.anchor("de`")
    assert isinstance(result, Failure) and "matches 12 places" in result.message
    assert result.suggestion.count("paragraph") == 8 and "and 4 more" in result.suggestion


def test_prefix_suffix_and_hint_decide():
    second = ARTICLE[3].rindex("The talks")
    start = ANCHORER.text.index(ARTICLE[3]) + second
    by_suffix = ANCHORER.anchor("The talks went on", suffix=" for hours")
    by_prefix = ANCHORER.anchor("The talks went on", prefix="went on. ")
    by_hint = ANCHORER.anchor("The talks went on", hint=start + 3)
    for result in (by_suffix, by_prefix, by_hint):
        assert isinstance(result, Match) and result.spans[0][0] == start


def test_context_is_scored_fuzzily_not_required_exactly():
    start = ANCHORER.text.index("The talks went on for hours")
    result = ANCHORER.anchor("The talks went on", suffix=" for many hours")
    assert isinstance(result, Match) and result.spans[0][0] == start


def test_missing_quote_fails_with_closest_passage_and_distance():
    result = ANCHORER.anchor("The chief rabbi was not at the meeting at all")
    assert isinstance(result, Failure) and result.kind == "not-found"
    assert "edit(s) away" in result.message and "% similar" in result.message
    assert result.suggestion.startswith("closest passage: paragraph")


def test_ellipsis_quotes_anchor_piece_by_piece_in_order():
    result = ANCHORER.anchor("Russia\u2019s chief rabbi [...] met the president on Wednesday")
    assert isinstance(result, Match) and len(result.spans) == 2
    assert found(result) == "Russia\u2019s chief rabbi | met the president on Wednesday"
    result = ANCHORER.anchor("We are working\u2026the talks went on")
    assert isinstance(result, Match) and len(result.spans) == 2


@pytest.mark.parametrize(
    "quote",
    [
        "Russia\u2019s chief rabbi . . . met the president on Wednesday",
        "Russia\u2019s chief rabbi.... met the president on Wednesday",
        "Russia\u2019s chief rabbi\u2026. met the president on Wednesday",
    ],
)
def test_an_ellipsis_spaced_or_after_a_full_stop_cuts_the_quote_too(quote):
    result = ANCHORER.anchor(quote)
    assert isinstance(result, Match) and result.method == "exact", result
    assert found(result) == "Russia\u2019s chief rabbi | met the president on Wednesday"


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ('"Berel Lazar, met the president"', "Berel Lazar, met the president"),
        ("\u201cthe talks went on for hours\u201d", "The talks went on for hours"),
        ("\u00ab We are working \u00bb", "We are working"),
        # marks the article has are part of the passage
        ('"We are working," he said', "\u201cWe are working,\u201d he said"),
        # a full stop of the editor's where the article goes on
        ("\u201cWe are working.\u201d", "We are working"),
        ('"We are working".', "We are working"),
        ("he said - and then.", "he said \u2014 and then"),
        # marks around a quote that quotes in its turn
        (
            '"\u201cWe are working,\u201d he said \u2014 and then"',
            "\u201cWe are working,\u201d he said \u2014 and then",
        ),
    ],
)
def test_quotation_marks_and_a_full_stop_an_editor_put_around_a_quote_are_not_looked_for(
    quote, passage
):
    result = ANCHORER.anchor(quote)
    assert isinstance(result, Match) and result.method != "fuzzy", result
    assert found(result) == passage


def test_two_quotations_in_one_quote_are_not_one_in_marks_and_a_question_is_not_a_statement():
    assert isinstance(ANCHORER.anchor('"chief rabbi" and "the president"'), Failure)
    assert isinstance(ANCHORER.anchor("the talks went on?"), Failure)


@pytest.mark.parametrize(
    ("dateline", "quote"),
    [
        ("WASHINGTON \u2014", "WASHINGTON \u2014 The Senate voted on Tuesday"),
        ("WASHINGTON \u2014", "WASHINGTON -- The Senate voted on Tuesday"),
        ("AMHERST, N.H. \u2014", "AMHERST, N.H. - The Senate voted on Tuesday"),
        ("Feb 7 (Reuters) \u2013", "Feb 7 (Reuters) - The Senate voted on Tuesday"),
    ],
)
def test_a_quote_may_open_with_the_dateline_set_aside(dateline, quote):
    source = SourceArticle(
        "a",
        "seeds/a.txt",
        {},
        (Block("paragraph", "The Senate voted on Tuesday. Washington Post reporters watched."),),
        (SetAside(dateline, "dateline", 3),),
    )
    result = QuoteAnchorer(source).anchor(quote)
    assert isinstance(result, Match) and result.method == "exact"
    assert result.spans == ((0, len("The Senate voted on Tuesday")),)


def test_a_quote_opening_with_the_datelines_place_and_no_dash_keeps_it():
    text = "The Senate voted. The WASHINGTON Post reporters watched."
    source = SourceArticle(
        "a",
        "seeds/a.txt",
        {},
        (Block("paragraph", text),),
        (SetAside("WASHINGTON \u2014", "dateline"),),
    )
    result = QuoteAnchorer(source).anchor("WASHINGTON Post reporters")
    assert isinstance(result, Match)
    assert text[result.spans[0][0] : result.spans[0][1]] == "WASHINGTON Post reporters"


def test_an_ellipsis_piece_found_twice_is_the_one_nearest_the_next_piece():
    anchorer = QuoteAnchorer(
        article(
            "Moscow is in contact with Hamas, the minister said on Monday.",
            "Putin stressed that Moscow is in contact with the political wing of Hamas.",
        )
    )
    result = anchorer.anchor("Moscow is in contact ... political wing of Hamas")
    assert isinstance(result, Match), result
    found = [anchorer.text[s:e] for s, e in result.spans]
    assert found == ["Moscow is in contact", "political wing of Hamas"]
    assert result.spans[0][0] > anchorer.text.index("Putin")


def test_the_closest_passage_to_a_quote_not_found_in_chinese_is_not_its_whole_paragraph():
    paragraph = (
        "法国总统马克龙4日在与俄罗斯总统普京会谈三个小时后表示，和平不是一种选择，而是一种必然。"
        "双方在人道主义问题上取得了重要进展，并同意实施为期七十二小时的停火。"
    )
    anchorer = QuoteAnchorer(article(paragraph))
    result = anchorer.anchor("两国领导人拒绝实施为期七十二小时的停火协议")
    assert isinstance(result, Failure) and result.kind == "not-found"
    shown = result.suggestion.split("\u201c", 1)[1].rstrip("\u201d")
    assert shown in paragraph and len(shown) < len(paragraph) * 0.7, shown


def test_ellipsis_pieces_out_of_order_do_not_anchor_and_are_told_so():
    result = ANCHORER.anchor("met the president on Wednesday ... Russia\u2019s chief rabbi")
    assert isinstance(result, Failure)
    assert result.message == (
        "not found: piece 2 of 2, \u201cRussia\u2019s chief rabbi\u201d, is in the article "
        "only before piece 1"
    )
    assert result.suggestion.startswith("paragraph 1: \u201cRussia\u2019s chief rabbi\u201d")


def test_the_piece_of_an_ellipsis_quote_that_is_not_there_is_the_one_told():
    """The closest passage to the whole quote is half of one piece: the message names the
    piece the article does not have, with the passage closest to it."""
    result = ANCHORER.anchor("Russia\u2019s chief rabbi ... the talks ended at once")
    assert isinstance(result, Failure) and result.kind == "not-found"
    assert result.message.startswith(
        "not found: piece 2 of 2, \u201cthe talks ended at once\u201d: the closest passage"
    ), result.message
    assert result.suggestion.startswith("closest passage: paragraph"), result.suggestion


EDITED = article(
    "The talks went on. Russia\u2019s chief rabbi, Berel Lazar, met the president on Wednesday.",
    "He said the rabbi had helped to free the hostages. The Kremlin gave no details.",
    "Kremlin spokesman Dmitry Peskov said the meeting was recieved well.",
)


@pytest.mark.parametrize(
    ("quote", "passages"),
    [
        # a letter changed in place: "[T]he" is "The", "[h]e" is "He"
        ("[t]he Kremlin gave no details", ["The Kremlin gave no details"]),
        ("[h]e said the rabbi had helped", ["He said the rabbi had helped"]),
        # "[sic]" after an error kept as printed
        ("the meeting was recieved [sic] well", ["the meeting was recieved well"]),
        ("the meeting was recieved [SIC!] well", ["the meeting was recieved well"]),
        ("the meeting was recieved (sic) well", ["the meeting was recieved well"]),
        # words added: the article has nothing there
        ("He said the rabbi [Lazar] had helped", ["He said the rabbi had helped"]),
        # words in the place of the article's, a few words long: the article's passage
        ("He said [Berel Lazar] had helped to free", ["He said the rabbi had helped to free"]),
        ("met [Vladimir Putin] on Wednesday", ["met the president on Wednesday"]),
        ("[Putin] said the rabbi had helped", ["said the rabbi had helped"]),
        # emphasis the editor added, and said so
        ("the meeting was *recieved* well [emphasis added]", ["the meeting was recieved well"]),
        ("the meeting was __recieved well__ (emphasis mine)", ["the meeting was recieved well"]),
        # ... a possessive with them
        ("He said [Lazar\u2019s] rabbi", ["He said the rabbi"]),
        ("He said [Lazar]'s rabbi had helped", ["He said the rabbi had helped"]),
        # each piece of a quote with an ellipsis as well
        (
            "Russia's chief rabbi ... met [Putin] on Wednesday",
            ["Russia\u2019s chief rabbi", "met the president on Wednesday"],
        ),
    ],
)
def test_a_quote_an_editor_altered_in_brackets_finds_what_the_article_printed(quote, passages):
    anchorer = QuoteAnchorer(EDITED)
    result = anchorer.anchor(quote)
    assert isinstance(result, Match), result
    assert result.method != "fuzzy"
    assert [anchorer.text[s:e] for s, e in result.spans] == passages


def test_words_in_brackets_stand_for_a_few_words_next_to_the_quote_not_any_stretch():
    # a short piece is the one nearest the rest, not the first "The" within reach
    near = QuoteAnchorer(article("The talks went on. The Kremlin said the rabbi was there."))
    result = near.anchor("The [Russian government] said the rabbi")
    assert isinstance(result, Match), result
    assert [near.text[s:e] for s, e in result.spans] == ["The Kremlin said the rabbi"]
    anchorer = QuoteAnchorer(EDITED)
    # both pieces are there, but paragraphs apart: not what brackets stand for
    result = anchorer.anchor("Russia's chief rabbi [Lazar] gave no details")
    assert isinstance(result, Failure) and result.kind == "not-found"
    far = article("He met " + "the leaders of the community, " * 4 + "on Wednesday.")
    assert isinstance(QuoteAnchorer(far).anchor("He met [Putin] on Wednesday"), Failure)
    # brackets the article prints itself are found as written
    printed = article("The group [Hamas] said it would respond.")
    result = QuoteAnchorer(printed).anchor("The group [Hamas] said")
    assert isinstance(result, Match) and result.method == "exact"
    assert result.spans == ((0, len("The group [Hamas] said")),)


def test_words_in_brackets_in_chinese_stand_beside_the_others():
    chinese = QuoteAnchorer(article("普京总统周三说，谈判会继续。"))
    for quote, passage in [
        ("普京[俄罗斯领导人]周三说", "普京总统周三说"),
        ("[他]周三说，谈判会继续", "周三说，谈判会继续"),
    ]:
        result = chinese.anchor(quote)
        assert isinstance(result, Match), result
        assert [chinese.text[s:e] for s, e in result.spans] == [passage]


def test_a_quote_altered_in_brackets_and_found_twice_is_ambiguous_not_missing():
    twice = QuoteAnchorer(article("The talks went on.", "The talks went on."))
    result = twice.anchor("[t]he talks went on")
    assert isinstance(result, Failure) and result.kind == "ambiguous", result
    result = twice.anchor("The talks [in Moscow] went on")
    assert isinstance(result, Failure) and result.kind == "ambiguous", result
    assert isinstance(twice.anchor("[t]he talks went on", hint=20), Match)


def test_a_quote_of_words_in_brackets_alone_is_empty():
    result = QuoteAnchorer(EDITED).anchor("[Putin]")
    assert isinstance(result, Failure) and result.kind == "empty"


def test_anchor_notes_reports_fuzzy_as_warning_and_strict_as_error(site):
    src = article(*ARTICLE)
    note = note_quoting("chief rabbi, Berl Lazar, met", 7)
    diags = Diagnostics()
    anchors, _ = anchor_notes([src], [note], diags, BuildCache())
    [warning] = diags.items
    assert (warning.severity, warning.line) == ("warning", 7)
    assert "matched only fuzzily (1 edit(s)" in warning.message
    assert "difference: -Berl +Berel" in warning.suggestion
    diags = Diagnostics()
    anchor_notes([src], [note], diags, BuildCache(), strict=True)
    assert diags.items[0].severity == "error"


def test_a_quote_filed_under_the_wrong_source_is_told_where_it_is():
    """Copied from one outlet's report and filed under another's: not found where the note
    says, and the build names the source, and the paragraph, that has it."""
    first = article(*ARTICLE)
    second = SourceArticle(
        "b",
        "seeds/b.txt",
        {},
        (Block("paragraph", "Another outlet wrote it."), Block("paragraph", SECOND_REPORT)),
    )
    note = note_quoting("the mayor said the bridge would open by summer")
    diags = Diagnostics()
    anchor_notes([first, second], [note], diags, BuildCache())
    [error] = diags.errors
    assert (error.line, error.message.split(": ")[0]) == (9, "quote 1 in source 'a'")
    assert error.suggestion.endswith(
        "found in source 'b' instead: paragraph 2: "
        "\u201cthe mayor said the bridge would open by summer\u201d"
    ), error.suggestion


SECOND_REPORT = "Yes, the mayor said the bridge would open by summer"


def test_a_quote_filed_under_the_wrong_source_that_nearly_matches_there_is_told_where_it_is():
    """One outlet spells a name its own way: a quote copied from the other outlet and filed
    under this one matches it only fuzzily, and the warning names the source it was copied
    from, so that the editor can tell whose words the note quotes."""
    first = article("Then Mayor Anya Kowalczyk said the ferry would run by summer.")
    second = SourceArticle(
        "b",
        "seeds/b.txt",
        {},
        (Block("paragraph", "Then Mayor Anja Kovalchik said the ferry would run by summer."),),
    )
    quote = "Mayor Anja Kovalchik said the ferry would run by summer"
    note = note_quoting(quote)
    diags = Diagnostics()
    [anchor], _ = anchor_notes([first, second], [note], diags, BuildCache())
    assert anchor.source_id == "a" and anchor.method == "fuzzy"
    [warning] = diags.items
    assert warning.message.startswith("quote 1 in source 'a' matched only fuzzily")
    assert warning.suggestion.endswith(
        f"as written, the quote is in source 'b': paragraph 1: \u201c{quote}\u201d"
    ), warning.suggestion


@pytest.mark.parametrize(
    ("quote", "where"),
    [
        ("Bridge to open by summer, mayor says", "the headline"),
        ("the bridge to open by sumer, mayor says", "the headline"),  # a typo as well
        ("Photograph: Jane Roe/Harbour Times", "text set aside as photo credit (line 4 of"),
        ("By Jane Roe and John Doe", "the byline (metadata)"),
        (  # a caption and its credit, set aside apart, copied as one
            "Boats in the harbour at dawn, Monday. (Photograph: Jane Roe/Harbour Times)",
            "text set aside as caption and photo credit",
        ),
    ],
)
def test_a_quote_of_the_headline_or_of_text_set_aside_is_told_where_it_is(quote, where):
    """An editor copying from the page copies the headline or a credit as readily as the text:
    not found in the text, the quote is told where it is and what a note quotes."""
    source = SourceArticle(
        "a",
        "seeds/a.txt",
        {"headline": "The bridge to open by summer, mayor says", "byline": "Jane Roe and John Doe"},
        (Block("paragraph", "The mayor said the bridge would open by summer."),),
        (
            SetAside("Boats in the harbour at dawn, Monday.", "caption", 3),
            SetAside("Photograph: Jane Roe/Harbour Times", "photo credit", 4),
        ),
    )
    note = note_quoting(quote)
    diags = Diagnostics()
    anchor_notes([source], [note], diags, BuildCache())
    [error] = diags.errors
    assert error.line == 9
    assert error.message.startswith(
        "quote 1 in source 'a': not in the article's text but in " + where
    ), error.message
    assert "quote the passage of the text that says it" in error.suggestion
    # a quote neither in the text nor out of it is told the closest passage, as before (in
    # the editor's own quotation marks, not in a second pair)
    note = note_quoting("\u201cthe tunnel will close in winter, says the mayor\u201d")
    diags = Diagnostics()
    anchor_notes([source], [note], diags, BuildCache())
    [error] = diags.errors
    assert "not found" in error.message and "closest passage" in error.suggestion
    assert error.suggestion.startswith(
        "quote: \u201cthe tunnel will close in winter, says the mayor\u201d\n"
    ), error.suggestion


def test_a_dash_the_article_writes_as_hyphens_is_found_typed_as_a_dash_and_highlighted_whole():
    anchorer = QuoteAnchorer(article("The deal -- signed on Tuesday --- was final, he said."))
    for quote in ("deal \u2014 signed on Tuesday \u2014", "deal - signed on Tuesday --"):
        result = anchorer.anchor(quote)
        assert isinstance(result, Match) and result.method == "normalised", result
        assert " | ".join(anchorer.text[s:e] for s, e in result.spans) == (
            "deal -- signed on Tuesday ---"
        )
    # a single hyphen stays a hyphen, and words joined by one are not a dash's run
    assert normalise("well-known -- and - so").text == "well-known - and - so"


def test_a_difference_in_dashes_is_told_apart_from_the_differences_markers():
    from site_builder.anchor.anchorer import word_difference

    assert word_difference("the piece - and maybe", "the piece -- and maybe") == '-"-" +"--"'
    assert word_difference("chief rabbi Berl", "chief rabbi Berel") == "-Berl +Berel"


def test_orphans_allowed_keeps_the_build_going(site):
    note = note_quoting("words that are nowhere in the article at all")
    diags = Diagnostics()
    anchors, orphans = anchor_notes(
        [article(*ARTICLE)], [note], diags, BuildCache(), orphans_allowed=True
    )
    assert anchors == [] and [(o.note_id, o.number) for o in orphans] == [("n", 1)]
    assert diags.items[0].severity == "warning" and "orphan" in diags.items[0].message


def test_offset_map_points_at_original_characters():
    text = "a\u00ad b\u00a0\u00a0c \u201cd\u201d \ufb01"
    view = normalise(text, casefold=True)
    assert view.text == 'a b c "d" fi'
    for i, ch in enumerate(view.text):
        original = text[view.origin[i]]
        assert normalise(original, casefold=True).text in (ch, "fi", "") or original.isspace()


# -- properties on the shipped seeds --------------------------------------------------------

SOURCES = read_sources(REPO, Settings(), Diagnostics(), BuildCache())
TYPOGRAPHY = {"\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", " ": "  "}


@st.composite
def passages(draw):
    source = draw(st.sampled_from(SOURCES))
    text = source.body_text
    length = draw(st.integers(min_value=25, max_value=160))
    start = draw(st.integers(min_value=0, max_value=len(text) - length))
    return source, start, start + length


def _in_facts(text: str) -> set[int]:
    """The places of `text` in a word that carries a fact (a figure, a negation, a day or
    month, a direction: see `anchor.facts`), or next to one (an edit there could join it to its
    neighbour)."""
    return {
        i
        for word in re.finditer(r"\w+(?:['\u2019-]\w+)*", text)
        if _says(word.group()) != _says("")
        for i in range(word.start() - 1, word.end() + 1)
    }


def _says(text: str) -> tuple:
    return statement(normalise(text, casefold=True).text)


def _is_clean(text: str, start: int, end: int) -> bool:
    piece = text[start:end]
    return (
        piece == piece.strip()
        and "\n" not in piece
        and "..." not in piece
        and "\u2026" not in piece
        and not cuts_a_figure(text, start, end)  # another figure: not the quote (see its test)
        and not _inside_a_word(text, start)  # a quote is of whole words (exact ones aside)
        and not _inside_a_word(text, end)
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(passages(), st.data())
def test_any_passage_with_typography_changes_anchors_to_itself(spec, data):
    source, start, end = spec
    assume(_is_clean(source.body_text, start, end))
    quote = source.body_text[start:end]
    for old, new in TYPOGRAPHY.items():
        if data.draw(st.booleans()):
            quote = quote.replace(old, new)
    result = QuoteAnchorer(source).anchor(quote)
    recurs = source.body_text.count(source.body_text[start:end]) > 1
    if isinstance(result, Failure):
        assert result.kind == "ambiguous" and recurs
    else:
        assert result.spans == ((start, end),)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(passages(), st.data())
def test_any_passage_with_edits_within_budget_anchors_to_itself(spec, data):
    source, start, end = spec
    text = source.body_text
    assume(_is_clean(text, start, end))
    quote = list(text[start:end])
    # inside the passage, and not of a figure: a changed figure is another statement
    # (test_a_passage_within_the_budget_but_with_other_figures_is_not_the_quote)
    # nor of another word that carries a fact (test_..._with_a_negation_more_or_fewer_...)
    negating = _in_facts(text[start:end])
    inside = [
        i
        for i in range(1, len(quote) - 1)
        if not any(c.isdigit() for c in quote[i - 1 : i + 2])  # nor what stands between digits
        and i not in negating
    ]
    assume(inside)
    edits = data.draw(st.integers(min_value=1, max_value=max(1, max_edits(len(quote)) // 2)))
    for _ in range(edits):
        i = data.draw(st.sampled_from(inside))
        quote[i] = data.draw(st.sampled_from("xqzj"))  # a substitution inside the passage
    assume(_says("".join(quote)) == _says(text[start:end]))  # "Hamas" made "jamas", "sit" "six"
    result = QuoteAnchorer(source).anchor("".join(quote))
    if isinstance(result, Failure):
        assert result.kind == "ambiguous"
        return
    ((s, e),) = result.spans
    assert abs(s - start) <= 2 and abs(e - end) <= 2
    assert result.distance <= max_edits(len(normalise("".join(quote), casefold=True).text))


NOT_FOUND = re.compile(r"the closest passage is (\d+) edit\(s\) away")


def test_a_fuzzy_match_never_starts_or_ends_inside_a_word():
    """ "ox Jews at the event we" is 3 edits from the quote, within its budget, but cuts two
    words: a passage that starts in "Orthodox" is no one's quote (it was found there)."""
    source = next(s for s in SOURCES if s.id == "rt-2024-02-07")
    assert "Orthodox Jews at the event were" in source.body_text
    result = QuoteAnchorer(source).anchor("oxxq xews at the event we")
    assert isinstance(result, Failure) and result.kind == "not-found", result
    assert result.message.startswith("not found: the closest passage is 8 edit(s) away")
    assert result.suggestion == "closest passage: paragraph 3: \u201cJews at the event were\u201d"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(passages(), st.booleans(), st.data())
def test_a_passage_with_k_edits_anchors_when_k_is_within_the_budget_and_never_beyond(
    spec, beyond, data
):
    source, start, end = spec
    text = source.body_text
    assume(_is_clean(text, start, end))
    passage = text[start:end]
    # letters only: a changed figure is another statement (test_..._with_other_figures_...),
    # and none of a word that carries a fact, another statement too (test_..._negation_...)
    negating = _in_facts(passage)
    letters = [
        i
        for i in range(1, len(passage) - 1)
        if passage[i].isascii() and passage[i].isalpha() and i not in negating
    ]
    budget = max_edits(len(normalise(passage, casefold=True).text))
    k = data.draw(
        st.integers(budget + 1, 2 * budget + 4) if beyond else st.integers(1, budget),
        label="k",
    )
    assume(k <= len(letters))
    quote = list(passage)
    for i in data.draw(st.lists(st.sampled_from(letters), min_size=k, max_size=k, unique=True)):
        quote[i] = data.draw(st.sampled_from([c for c in "xqzj" if c != passage[i].casefold()]))
    quote = "".join(quote)
    assume(_says(quote) == _says(passage))  # "Hamas" made "jamas", "sit" "six"
    # k substitutions of letters: the same length once normalised, and at most k edits away.
    wanted = normalise(quote, casefold=True).text
    distance = Levenshtein.distance(wanted, normalise(passage, casefold=True).text)
    assert distance <= k and max_edits(len(wanted)) == budget
    result = QuoteAnchorer(source).anchor(quote)
    if isinstance(result, Match):
        assert result.distance <= budget
        assert result.method == "fuzzy"
    if distance <= budget:  # the passage itself is within reach: found, or tied with another
        assert isinstance(result, Match) or result.kind == "ambiguous", result
        if isinstance(result, Match):
            ((s, e),) = result.spans
            assert s < end and start < e, (result.spans, start, end)  # there, not elsewhere
    elif isinstance(result, Match):  # the edits brought the quote within reach of a span
        ((s, e),) = result.spans  # beside it ("oxxq xews" is 3 edits from "ox Jews"): truly?
        assert Levenshtein.distance(wanted, normalise(text[s:e], casefold=True).text) <= budget
    else:  # nothing as close as the budget: the closest passage is named, and is beyond it
        assert result.kind == "not-found", result
        closest = int(NOT_FOUND.search(result.message).group(1))
        assert budget < closest <= distance, result.message


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("the of a lengthy post on Twitter.", "the end of a lengthy post on Twitter."),
        (
            "the debate over the budget had been, in his words, mostly dumbed down by infighting.",
            "the debate over the budget had been, in his words, mostly dumbed down by partisan infighting.",
        ),
        (
            "in person on Tuesday after state Republican leaders met to discuss the plan",
            "in person on Tuesday after state Republican Party leaders met to discuss the plan",
        ),
    ],
)
def test_a_dropped_word_next_to_an_end_keeps_the_whole_passage(quote, passage):
    text = f"Something before. {passage} Something after that goes on."
    anchorer = QuoteAnchorer(article(text))
    result = anchorer.anchor(quote)
    assert isinstance(result, Match) and result.method == "fuzzy"
    assert anchorer.text[result.spans[0][0] : result.spans[0][1]] == passage


def test_context_that_matches_exactly_beats_context_that_nearly_does():
    # Two passages whose long contexts differ in one letter, far from the quote: fuzzy context
    # scores alone cannot tell them apart, the exact one can.
    shared = "and the committee said once more that the plan would go ahead as agreed " * 3
    text = f"X {shared}the vote was close. Y {shared}the vote was close."
    src = article(text)
    found = QuoteAnchorer(src).anchor("the vote was close", prefix=f"Y {shared}")
    assert isinstance(found, Match) and found.spans[0][0] == text.rindex("the vote was close")
    found = QuoteAnchorer(src).anchor("the vote was close", prefix=f"X {shared}")
    assert isinstance(found, Match) and found.spans[0][0] == text.index("the vote was close")


def test_a_closest_passage_over_paragraphs_names_them_and_a_long_one_is_cut_short():
    """A very long quote showed the whole article, every paragraph, as "paragraph 1"."""
    anchorer = QuoteAnchorer(
        article("West Jerusalem has been accused. " * 12, "Cohen said no.", "The end came.")
    )
    result = anchorer.anchor("West Jerusalem has been accused of everything " * 40)
    assert isinstance(result, Failure) and result.kind == "not-found"
    place = result.suggestion.removeprefix("closest passage: ")
    assert place.startswith("paragraphs 1\u20133: \u201cWest Jerusalem"), place
    assert len(place) < 450 and place.endswith("\u2026\u201d"), place


CAPTIONED = QuoteAnchorer(
    article(
        "An MSC cargo ship leaves PortMiami, on Aug. 31, 2019.",
        "Breaking with decades of United States policy, the administration said on Monday.",
        "Former U.S. ambassador to Ukraine Marie Yovanovitch has a net worth of $17 million.",
        "\u201cWe are done,\u201d he said.",
        "Right now, having scored four times in three games, Parise is brimming with confidence.",
    )
)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        (  # a caption copied with its credit, which the reader set aside
            "An MSC cargo ship leaves PortMiami, on Aug. 31, 2019. (AP)",
            "An MSC cargo ship leaves PortMiami, on Aug. 31, 2019.",
        ),
        (  # a bullet copied before the paragraph
            "\u2022 Right now, having scored four times in three games, Parise is brimming",
            "Right now, having scored four times in three games, Parise is brimming",
        ),
        (  # over two paragraphs, with a typo: its words are in both
            "policy, the administration said on Monday. Former U.S. embassador",
            "policy, the administration said on Monday.\n\nFormer U.S. ambassador",
        ),
        (  # ... the typo in its only word past the paragraph's end
            "the administration said on Monday. Formr",
            "the administration said on Monday.\n\nFormer",
        ),
    ],
)
def test_a_fuzzy_match_keeps_to_its_paragraph_unless_the_quote_runs_over(quote, found):
    """The credit "(AP)" was matched to "Brea" of the next paragraph's "Breaking", which was
    highlighted; the bullet "•" to the closing mark of the paragraph before."""
    result = CAPTIONED.anchor(quote)
    assert isinstance(result, Match) and result.method == "fuzzy", result
    assert CAPTIONED.text[result.spans[0][0] : result.spans[-1][1]] == found


def test_a_headline_like_a_sentence_is_not_matched_from_inside_a_word():
    """A headline copied as a quote matched "ine Marie Yovanovitch has a net worth of $17
    million." (from "Ukraine"), within its budget of edits only by cutting the word."""
    result = CAPTIONED.anchor("Does Marie Yovanovitch Have a Net Worth of $17 Million?")
    assert isinstance(result, Failure) and result.kind == "not-found", result
    assert "\u201cMarie Yovanovitch has a net worth of $17 million.\u201d" in result.suggestion


def test_a_fuzzy_match_in_a_script_without_spaces_may_start_anywhere():
    """Thai is written without spaces between words: a quote from inside a run of words is
    whole words there, and is found with a typo too."""
    text = "นายกรัฐมนตรีกล่าวว่ารัฐบาลจะเพิ่มงบประมาณด้านการศึกษาในปีหน้า เพื่อช่วยเหลือนักเรียน"
    anchorer = QuoteAnchorer(article(text))
    result = anchorer.anchor("รัฐบาลจะเพิ่มงบประมาณด้านการศึกษาในปีหนา")  # the last letter mistyped
    assert isinstance(result, Match) and result.method == "fuzzy", result
    start, end = result.spans[0]
    expected = text.index("รัฐบาล"), text.index(" ")
    assert start == expected[0] and expected[1] - 1 <= end <= expected[1], (start, end)


def test_a_figure_grouped_with_a_thin_space_is_whole_at_every_level():
    anchorer = QuoteAnchorer(article("In all, 84\u202f000 jobs were lost in the region."))
    result = anchorer.anchor("000 jobs were lost")
    assert isinstance(result, Failure), result
    assert "(\u201c84\u202f000\u201d)" in result.message, result.message
    assert isinstance(anchorer.anchor("84 000 jobs were lost"), Match)


def test_a_footnote_mark_after_a_figure_is_not_part_of_it():
    """ "2019¹" (a footnote): the quote "in 2019" is the figure whole; "at 8" is not "8:30"."""
    anchorer = QuoteAnchorer(
        article("It reached 4.5 million in 2019\u00b9 and kept growing at 8:30.")
    )
    assert isinstance(anchorer.anchor("It reached 4.5 million in 2019"), Match)
    result = anchorer.anchor("kept growing at 8")
    assert isinstance(result, Failure) and "(\u201c8:30\u201d)" in result.message, result

"""The furniture registry: each rule's shape of text, set aside alike by both readers.

For every rule, an example of the text it names: the registry gives that rule's reason, the
text reader sets the line aside, and the HTML reader sets the block aside; text that only
resembles furniture stays article text in both.
"""

from __future__ import annotations

import pytest

from site_builder.model import SetAside
from site_builder.read.furniture import RULES, SITE_SETTING, furniture_reason
from site_builder.read.html import read_html
from site_builder.read.text import read_text

# One example a rule, in the registry's order.
EXAMPLES = (
    ("Saved Web Pages", "saved-page header"),
    ("WP Radio", "widget"),
    ("You can share this story on social media:", "share buttons"),
    ("Share this article", "share buttons"),
    ("Our Standards: The Trust Principles.", "publisher standards link"),
    ("Purchase Licensing Rights, opens new tab", "licensing link"),
    ("Advertisement", "advertisement"),
    ("Read more: Ferry fares to rise in spring", "related-article link"),
    ("Sign up here", "newsletter box"),
    ("Skip to main content", "navigation"),
    ("Published 5 March 2024", "date line"),
    ("Watch > The storm hits the harbour wall", "related-article link"),
    ("More from Local news", "related"),
    ("Did you like this story? Tell a friend", "share buttons"),
    ("Follow us on Instagram for more pictures", "social link"),
    ("12 Comments", "comments link"),
    ("You must be logged in to post a comment.", "comments"),
    ("Image copyright Jenna Polkinghorne", "photo credit"),
    ("Photo: Jenna Polkinghorne", "photo credit"),
    ("Boats in the harbour at dawn (Photo: Jenna Polkinghorne)", "caption"),
    ("Subscribe now", "newsletter box"),
    ("View this post on Instagram", "embed link"),
    ("Moorside Echo reporter", "byline"),
    ("Posted by the editor. Back to village news", "byline"),
    ("* * *", "separator"),
    ("Reporting by Morwenna Tregear; Editing by Idris Penhale", "byline"),
    ("By Morwenna Tregear | Political editor", "byline"),
    ("Get the Morning Tide in your inbox every day: subscribe to our newsletter.", "promotion"),
    ("morwenna.tregear@gazette.example twitter.com/mtregear", "author contact"),
)

# Article text that looks a little like furniture, and is not.
NOT_FURNITURE = (
    "The reporter said she had been at the harbour when the wall gave way.",
    "At 10:15 the first wave broke over the sea wall and flooded the car park.",
    "Comments made by the mayor at the meeting were later withdrawn.",
    "Photographers gathered on the quay to watch the lifeboat leave the harbour.",
    "By Tuesday evening, the council had received more than three hundred letters.",
    "The forum said it was moderating comments more closely after the flood.",
    "Residents can write to planning@lowmoor.example before the end of the month.",
    "Sign up for a family ferry pass for £9.99 a month",  # a step of a how-to, with a price
    "Sign up for the winter timetable using the same email as your ferry pass",
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[Related: Ferry fares to rise in spring]", "related-article link"),
        ("Note: we are temporarily moderating all comments submitted.", "comments"),
        ("Image via Harbour Pictures", "photo credit"),
        ("Main image credit: Harbour Pictures", "photo credit"),
    ],
)
def test_more_shapes_of_furniture_met_in_saved_pages(text, reason):
    assert furniture_reason(text) == reason


FIRST = (
    "The council of Lowmoor voted on Tuesday to rebuild the wooden footbridge over the harbour, "
    "ending a dispute that has divided the small fishing town for almost three years."
)
SECOND = (
    "Work is expected to begin in the autumn, once the herring season has ended, and the new "
    "bridge should open to walkers and cyclists by the following summer."
)


def page_with(paragraph: str) -> bytes:
    """An article page with `paragraph` set between two paragraphs of the article."""
    paragraphs = "".join(f"<p>{text}</p>" for text in (FIRST, paragraph, SECOND, SECOND[::-1]))
    return (
        "<html><head><title>Harbour town votes</title></head><body><main><article>"
        f"<h1>Harbour town votes</h1>{paragraphs}</article></main></body></html>"
    ).encode()


# The commonest labels in other languages than English, as whole lines: each is furniture.
OTHER_LANGUAGES = (
    ("Publicité", "advertisement"),
    ("ANZEIGE", "advertisement"),
    ("Publicidad", "advertisement"),
    ("Реклама", "advertisement"),
    ("Lire aussi : Le port de Lowmoor rouvre ses quais", "related-article link"),
    ("À lire aussi: Les ferries augmentent leurs tarifs", "related-article link"),
    ("Lesen Sie auch: Die Brücke wird neu gebaut", "related-article link"),
    ("Leer más: El puente se reconstruirá", "related-article link"),
    ("Leia também: A ponte será reconstruída", "related-article link"),
    ("Читайте также: Мост восстановят", "related-article link"),
    ("Partager sur Facebook", "share buttons"),
    ("Teilen", "share buttons"),
    ("Compartir", "share buttons"),
    ("Abonnez-vous", "newsletter box"),
    ("Par Jeanne Dupont et Marc Roy", "byline"),
    ("Von Hans Müller", "byline"),
    ("Por Juan Pérez y Ana Ruiz", "byline"),
)
# ... and article text in those languages that only resembles them.
NOT_FURNITURE_OTHER_LANGUAGES = (
    "La publicité a joué un rôle dans la campagne, selon le rapport publié mardi.",
    "Lire aussi le rapport complet du conseil municipal, publié mardi soir.",
    "Die Anzeige wurde am Dienstag bei der Polizei erstattet.",
    "Von Montag an gilt das neue Gesetz.",
    "Par ailleurs, le maire a démissionné.",
    "Von der Leyen sprach am Dienstag in Brüssel.",
)


@pytest.mark.parametrize(("text", "reason"), OTHER_LANGUAGES)
def test_furniture_labels_in_other_languages_are_set_aside_by_both_readers(text, reason):
    assert furniture_reason(text) == reason
    result = read_text(f"Headline\n\n{FIRST}\n\n{text}\n\n{SECOND}\n")
    assert [block.text for block in result.blocks] == [FIRST, SECOND]
    assert text not in [block.text for block in read_html(page_with(text)).blocks]


@pytest.mark.parametrize("text", NOT_FURNITURE_OTHER_LANGUAGES)
def test_text_in_other_languages_that_only_looks_like_furniture_is_article_text(text):
    assert furniture_reason(text) == ""
    assert [b.text for b in read_text(f"Headline\n\n{text}\n").blocks] == [text]


def test_every_rule_has_an_example_that_it_is_the_first_to_match():
    assert len(EXAMPLES) == len(RULES)
    for rule, (text, reason) in zip(RULES, EXAMPLES, strict=True):
        assert rule.matches(text), text
        assert rule.reason == reason


@pytest.mark.parametrize(("text", "reason"), EXAMPLES)
def test_the_registry_gives_the_rules_reason(text, reason):
    assert furniture_reason(text) == reason


@pytest.mark.parametrize(("text", "reason"), EXAMPLES)
def test_the_text_reader_sets_the_line_aside(text, reason):
    result = read_text(f"Headline\n\n{FIRST}\n\n{text}\n\n{SECOND}\n")
    assert [block.text for block in result.blocks] == [FIRST, SECOND]
    assert SetAside(text, reason, 5) in result.set_aside


@pytest.mark.parametrize(("text", "reason"), EXAMPLES)
def test_the_html_reader_sets_the_block_aside(text, reason):
    result = read_html(page_with(text))
    assert text not in [block.text for block in result.blocks]
    assert [block.text for block in result.blocks][:2] == [FIRST, SECOND]
    if any(character.isalnum() for character in text):  # the extractors drop a bare rule
        assert SetAside(text, reason) in result.set_aside


@pytest.mark.parametrize("text", NOT_FURNITURE)
def test_text_that_only_looks_like_furniture_is_article_text_in_both_readers(text):
    assert furniture_reason(text) == ""
    assert [b.text for b in read_text(f"Headline\n\n{text}\n").blocks] == [text]
    assert text in [block.text for block in read_html(page_with(text)).blocks]


def test_site_patterns_join_the_registry_after_the_built_in_rules():
    assert furniture_reason("Follow us on Mastodon", [r"Follow us on \w+"]) == SITE_SETTING
    assert furniture_reason("12 Comments", [r"\d+ Comments"]) == "comments link"
    assert furniture_reason("Follow us on Mastodon") == ""

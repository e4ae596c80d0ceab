"""Reading plain-text seeds: furniture, captions, datelines, bylines, headline, paragraphs."""

from pathlib import Path

import pytest

from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostics
from site_builder.read.seeds import read_sources
from site_builder.read.text import read_text
from site_builder.settings import Settings

from .conftest import REPO


def kinds(result):
    return [(b.kind, b.text) for b in result.blocks]


def reasons(result):
    return [(s.reason, s.text) for s in result.set_aside]


def test_furniture_lines_are_set_aside_with_their_reason_and_line():
    result = read_text(
        "Saved Web Pages\n\nHeadline here\n\nBody one.\n\nYou can share this story on social media:\n\n"
        "Our Standards: The Thomson Reuters Trust Principles., opens new tab\n\nWP Radio\n"
    )
    assert kinds(result) == [("paragraph", "Body one.")]
    assert result.detected["headline"] == "Headline here"
    assert [(s.reason, s.line) for s in result.set_aside] == [
        ("saved-page header", 1),
        ("share buttons", 7),
        ("publisher standards link", 9),
        ("widget", 11),
    ]


def test_caption_is_kept_as_caption_and_its_credit_and_licensing_link_set_aside():
    result = read_text(
        "Headline\n\nPhoto title line\n"
        "A man walks in Moscow, Russia, February 7, 2024. REUTERS/Jane Doe Purchase Licensing Rights, opens new tab\n"
        "First paragraph of the story.\n"
    )
    assert kinds(result) == [
        ("caption", "A man walks in Moscow, Russia, February 7, 2024."),
        ("paragraph", "First paragraph of the story."),
    ]
    assert ("photo credit", "REUTERS/Jane Doe") in reasons(result)
    assert ("licensing link", "Purchase Licensing Rights, opens new tab") in reasons(result)
    assert ("photo title", "Photo title line") in reasons(result)


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Senators met at the Capitol on Tuesday.CreditJoshua Roberts/Reuters",
            "Senators met at the Capitol on Tuesday.",
            "Joshua Roberts/Reuters",
        ),
        ("A view of the river.CreditAlamy", "A view of the river.", "Alamy"),
        ("A view of the river. Credit: Jane Doe", "A view of the river.", "Jane Doe"),
    ],
)
def test_a_credit_after_its_label_is_set_aside_from_its_caption(line, caption, credit):
    result = read_text(f"Headline\n\n{line}\nFirst paragraph of the story.\n")
    assert kinds(result) == [("caption", caption), ("paragraph", "First paragraph of the story.")]
    assert ("photo credit", credit) in reasons(result)


def test_a_sentence_naming_credit_suisse_is_no_photo_credit():
    line = "The bank collapsed. Credit Suisse shares fell sharply"
    result = read_text(f"Headline\n\n{line}\n")
    assert kinds(result) == [("paragraph", line)]


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2012", "\u2212", "--"])
def test_dateline_with_any_dash_is_set_aside(dash):
    result = read_text(
        f"Headline\n\nFeb 7 (Reuters) {dash} President Putin said things.\n\nMore.\n"
    )
    assert kinds(result)[0] == ("paragraph", "President Putin said things.")
    assert reasons(result) == [("dateline", f"Feb 7 (Reuters) {dash}")]


def test_dateline_with_city_is_set_aside():
    result = read_text("Headline\n\nMOSCOW, Feb 7 (Reuters) - Text of the story.\n")
    assert kinds(result) == [("paragraph", "Text of the story.")]


@pytest.mark.parametrize(
    "dateline", ["LOWMOOR, March 4 \u2014", "KESTREL FALLS \u2014", "MOSCOW, Feb 7 (Reuters) -"]
)
def test_a_dateline_on_a_line_of_its_own_above_the_story_is_set_aside(dateline):
    result = read_text(f"Headline\n\n{dateline}\n\nCouncillors voted late on Tuesday.\n")
    assert kinds(result) == [("paragraph", "Councillors voted late on Tuesday.")]
    assert reasons(result) == [("dateline", dateline)]


def test_a_story_that_is_a_dateline_alone_keeps_it():
    assert kinds(read_text("Headline\n\nKESTREL FALLS \u2014\n")) == [
        ("paragraph", "KESTREL FALLS \u2014")
    ]


def test_text_that_only_looks_like_a_dateline_later_is_kept():
    result = read_text("Headline\n\nFirst paragraph.\n\nFeb 7 (Reuters) - a later paragraph.\n")
    assert ("paragraph", "Feb 7 (Reuters) - a later paragraph.") in kinds(result)


def test_byline_lines_are_set_aside_and_the_reporter_detected():
    result = read_text("Headline\n\nBody.\n\nReporting by Ron Popeski\nEditing by Bill Berkrot\n")
    assert kinds(result) == [("paragraph", "Body.")]
    assert result.detected["byline"] == "Ron Popeski"
    assert reasons(result) == [
        ("byline", "Reporting by Ron Popeski"),
        ("byline", "Editing by Bill Berkrot"),
    ]


STORY = (
    "The council of Lowmoor voted on Tuesday to rebuild the wooden footbridge over the harbour.\n\n"
    "The vote was seven to two, and work is to start in the spring, the council said.\n"
)


def test_a_byline_and_a_date_copied_with_the_story_are_its_metadata():
    """What a copy from a news site carries above the story: its byline and its date line."""
    result = read_text(
        "Harbour town votes to rebuild its old footbridge\n\nBy Morwenna Tregear\n"
        "February 7, 2024 3:15 PM GMT+1 Updated 2 hours ago\n\n" + STORY
    )
    assert [b.text for b in result.blocks] == STORY.strip().split("\n\n")
    assert reasons(result) == [
        ("byline", "By Morwenna Tregear"),
        ("date line", "February 7, 2024 3:15 PM GMT+1 Updated 2 hours ago"),
    ]
    assert result.detected == {
        "headline": "Harbour town votes to rebuild its old footbridge",
        "byline": "Morwenna Tregear",
        "published": "2024-02-07",
    }


@pytest.mark.parametrize(
    ("line", "published", "modified"),
    [
        ("Published 10:12 AM EST, February 7, 2024", "2024-02-07", None),
        ("Updated 10:12 AM EST, Wed February 7, 2024", None, "2024-02-07"),
        ("Wed 7 Feb 2024 14.30 GMT", "2024-02-07", None),
        ("Published Feb. 7, 2024 Updated Feb. 8, 2024, 9:14 a.m. ET", "2024-02-07", "2024-02-08"),
        ("7 Feb, 2024 14:40 / Updated 1 year ago", "2024-02-07", None),
        ("Published On 7 Feb 2024", "2024-02-07", None),
        ("Last modified on Thu 8 Feb 2024 09.01 GMT", None, "2024-02-08"),
        ("7 February 2024", "2024-02-07", None),
        (
            "Publié le 7 février 2024 à 10h32, mis à jour le 8 février 2024 à 09h14",
            "2024-02-07",
            "2024-02-08",
        ),
        ("mercredi 1er février 2024", "2024-02-01", None),
        ("Veröffentlicht am 7. Februar 2024, 10:32 Uhr", "2024-02-07", None),
        ("Aktualisiert am 8. Feb. 2024", None, "2024-02-08"),
        ("Publicado el 7 de febrero de 2024 a las 10:32 CET", "2024-02-07", None),
        ("Pubblicato il 7 febbraio 2024 alle 10:32", "2024-02-07", None),
        ("Atualizado em 8 de fevereiro de 2024 às 09h14", None, "2024-02-08"),
        ("Gepubliceerd op 7 februari 2024 om 10:32", "2024-02-07", None),
        ("Stand: 08.02.2024 10:32 Uhr", None, "2024-02-08"),
        ("07.02.2024, 10.32 Uhr", "2024-02-07", None),
        ("Опубликовано 7 февраля 2024 года, 10:32", "2024-02-07", None),
        ("Обновлено: 8 февраля 2024 в 09:14", None, "2024-02-08"),
        ("середа, 7 лютого 2024 року", "2024-02-07", None),
        ("Opublikowano: 7 lutego 2024 r., 10:32", "2024-02-07", None),
    ],
)
def test_date_lines_as_news_sites_write_them_are_set_aside_and_read(line, published, modified):
    result = read_text(f"Harbour town votes to rebuild its old footbridge\n\n{line}\n\n{STORY}")
    assert reasons(result) == [("date line", line)]
    assert (result.detected.get("published"), result.detected.get("modified")) == (
        published,
        modified,
    )


@pytest.mark.parametrize(
    ("line", "names", "day"),
    [
        (
            "By Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.",
            "Louis Jacobson",
            "2019-11-18",
        ),
        ("Par Jeanne Dupont, le 7 février 2024 à 10h32", "Jeanne Dupont", "2024-02-07"),
        ("Von Hans Müller, 7. Februar 2024", "Hans Müller", "2024-02-07"),
        ("By April Ryan, February 7, 2024", "April Ryan", "2024-02-07"),
        ("Door Jan de Vries, 7 februari 2024", "Jan de Vries", "2024-02-07"),
    ],
)
def test_a_byline_ending_in_its_date_gives_both(line, names, day):
    result = read_text(f"Headline\n\n{line}\n\n{STORY}")
    assert reasons(result) == [("byline", line)]
    assert (result.detected["byline"], result.detected["published"]) == (names, day)


def test_a_line_beginning_with_by_and_a_day_names_no_one():
    result = read_text("Headline\n\nBy Wednesday, 7 February 2024\n\n" + STORY)
    assert "byline" not in result.detected


def test_a_date_alone_below_the_first_paragraphs_is_the_storys_own():
    """A timeline's dates stay; a labelled date is furniture wherever it stands (another
    story's, under a "read more" link copied with the page)."""
    timeline = "\n\n7 February 2024\n\nThe council voted.\n\nPublished 12 March 2024\n"
    result = read_text("Headline\n\n" + STORY + timeline)
    assert [b.text for b in result.blocks][-2:] == ["7 February 2024", "The council voted."]
    assert reasons(result) == [("date line", "Published 12 March 2024")]
    assert "published" not in result.detected


def test_a_date_line_past_its_months_end_gives_no_date():
    result = read_text("Headline\n\nPublished February 30, 2024\n\n" + STORY)
    assert reasons(result) == [("date line", "Published February 30, 2024")]
    assert "published" not in result.detected


def test_a_date_below_the_first_paragraphs_of_a_chinese_story_stays():
    """Its lines of running text are counted by their words, not by the spaces it has none of."""
    paragraph = "莫斯科与哈马斯保持联系，以争取释放更多人质，总统在会见时表示。\n\n"
    result = read_text("标题\n\n" + paragraph * 3 + "07.02.2024\n\n" + paragraph)
    assert "07.02.2024" in [b.text for b in result.blocks]
    assert reasons(result) == []


def test_a_date_in_a_sentence_stays():
    text = "Headline\n\nOn 7 February 2024 the council voted to rebuild the footbridge.\n"
    assert reasons(read_text(text)) == []


def test_a_file_without_blank_lines_has_one_paragraph_per_line():
    result = read_text("Headline\nFirst.\nSecond.\n", headline=None)
    assert kinds(result) == [("paragraph", "First."), ("paragraph", "Second.")]


def test_blank_lines_separate_paragraphs_and_single_breaks_join():
    result = read_text("Headline\n\nOne line\ncontinues here.\n\nNext.\n")
    assert kinds(result) == [("paragraph", "One line continues here."), ("paragraph", "Next.")]
    assert [b.line for b in result.blocks] == [3, 6]


def test_empty_headline_in_metadata_keeps_the_first_line_as_body():
    result = read_text("A standfirst, not a headline.\nBody.\n", headline="")
    assert kinds(result)[0] == ("paragraph", "A standfirst, not a headline.")
    assert "headline" not in result.detected


def test_metadata_headline_equal_to_the_first_line_drops_it():
    result = read_text("The Headline\n\nBody.\n", headline="The  headline")
    assert kinds(result) == [("paragraph", "Body.")]


def test_site_patterns_add_furniture():
    result = read_text(
        "Headline\n\nBody.\n\nFollow us on Mastodon\n", extra_patterns=[r"Follow us on \w+"]
    )
    assert kinds(result) == [("paragraph", "Body.")]
    assert reasons(result) == [("furniture (site setting)", "Follow us on Mastodon")]


def test_shipped_seeds_read_as_documented():
    diags = Diagnostics()
    rt, reuters = read_sources(REPO, Settings(), diags, BuildCache())
    assert diags.items == []
    assert (rt.id, rt.outlet, rt.headline, rt.story) == (
        "rt-2024-02-07",
        "RT",
        "",
        "putin-jewish-leaders-2024-02-07",
    )
    assert rt.blocks[0].text.startswith("Moscow is in contact with Hamas")
    assert len(rt.blocks) == 9
    assert reuters.headline == "Putin says Russia is working to free hostages in Gaza conflict"
    assert reuters.blocks[0].kind == "caption"
    assert reuters.blocks[1].text.startswith("President Vladimir Putin told leaders")
    assert reuters.metadata["byline"] == "Ron Popeski"
    assert rt.story == reuters.story


def test_a_text_seed_naming_no_outlet_is_known_by_its_address_or_the_name_others_give_it(site):
    """As a saved page naming none is: "jpost.com", or "Reuters" where another seed from
    reuters.com names it so (it was shown by its file name, with no outlet page)."""
    site.seed("a.txt", "Headline\n\nOne article.\n", url="https://www.jpost.com/a")
    site.seed("b.txt", "Headline\n\nAnother.\n", url="https://www.reuters.com/b")
    site.seed("c.txt", "Headline\n\nA third.\n", url="https://www.reuters.com/c", outlet="Reuters")
    site.seed("d.txt", "Headline\n\nNo address.\n")
    diags = Diagnostics()
    sources = {s.id: s for s in read_sources(site.root, Settings(), diags, BuildCache())}
    assert {i: s.outlet for i, s in sources.items()} == {
        "a": "jpost.com",
        "b": "Reuters",
        "c": "Reuters",
        "d": "",
    }


def test_what_the_seeds_metadata_file_says_wins_over_the_date_line(site):
    text = "Headline\n\nBy Jane Roe\nPublished 7 February 2024\n\n" + STORY
    site.seed("a.txt", text, published="2024-02-08")
    site.seed("b.txt", text)
    sources = {s.id: s for s in read_sources(site.root, Settings(), Diagnostics(), BuildCache())}
    assert [(s.published, s.metadata["byline"]) for s in sources.values()] == [
        ("2024-02-08", "Jane Roe"),
        ("2024-02-07", "Jane Roe"),
    ]


def test_markdown_seed_takes_metadata_from_front_matter(site):
    site.write(
        "seeds/story.md",
        """
        ---
        id: my-story
        outlet: Example News
        headline: Big news
        ---
        Big news

        The body.
        """,
    )
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert (source.id, source.outlet, source.headline) == ("my-story", "Example News", "Big news")
    assert [b.text for b in source.blocks] == ["The body."]
    assert source.blocks[0].line == 8


def test_sidecar_without_id_uses_the_file_stem_and_warns_on_unknown_keys(site):
    site.seed("a-story.txt", "Headline\n\nBody.\n", outlet="X", colour="red")
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert source.id == "a-story"
    [warning] = diags.items
    assert (warning.path, warning.line, warning.severity) == ("seeds/a-story.yaml", 2, "warning")
    assert "unknown source metadata key 'colour'" in warning.message


def test_broken_sidecar_yaml_names_its_line(site):
    site.seed("a.txt", "Headline\n\nBody.\n")
    site.write("seeds/a.yaml", "outlet: X\nstory: [unclosed\n")
    diags = Diagnostics()
    read_sources(site.root, Settings(), diags, BuildCache())
    [error] = diags.errors
    assert error.path == "seeds/a.yaml" and error.line == 2 and "malformed YAML" in error.message


def test_a_seed_with_only_furniture_is_an_error(site):
    site.seed("empty.txt", "Saved Web Pages\n\nWP Radio\n")
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    assert "no article text" in diags.errors[0].message


def test_non_utf8_text_seed_is_an_error_with_line(site):
    (site.root / "seeds" / "bad.txt").write_bytes(b"Headline\n\nCaf\xe9\n")
    diags = Diagnostics()
    read_sources(site.root, Settings(), diags, BuildCache())
    assert (diags.errors[0].path, diags.errors[0].line) == ("seeds/bad.txt", 3)


def test_reading_never_writes_to_seeds(site):
    site.seed("a.txt", "Headline\n\nBody.\n", outlet="X")
    before = {p: p.read_bytes() for p in Path(site.root).rglob("*") if p.is_file()}
    read_sources(site.root, Settings(), Diagnostics(), BuildCache())
    after = {p: p.read_bytes() for p in Path(site.root).rglob("*") if p.is_file()}
    assert before == after


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("ST. JOSEPH, Mich. (AP) \u2014 The town voted.", "ST. JOSEPH, Mich. (AP) \u2014"),
        ("NEW YORK, Jan. 3, 2024 (Reuters) - Stocks rose.", "NEW YORK, Jan. 3, 2024 (Reuters) -"),
        ("LONDON (AP) \u2014 Rain fell.", "LONDON (AP) \u2014"),
        # a place's own dateline, without an agency
        ("WASHINGTON \u2014 The Senate voted.", "WASHINGTON \u2014"),
        ("WASHINGTON -- The Senate voted.", "WASHINGTON --"),
        ("WASHINGTON \u2015House members voted.", "WASHINGTON \u2015"),
        ("DES MOINES \u2013 The caucus met.", "DES MOINES \u2013"),
        ("AMHERST, N.H. \u2014 The governor spoke.", "AMHERST, N.H. \u2014"),
        ("KYIV, Ukraine \u2014 Sirens sounded.", "KYIV, Ukraine \u2014"),
        ("MOSCOW, Feb. 7 \u2014 Talks began.", "MOSCOW, Feb. 7 \u2014"),
        ("DANVILLE, Ky. \u2013- The debate ended.", "DANVILLE, Ky. \u2013-"),
        # other languages' capitals, agencies and wire styles
        ("GEN\u00c8VE (AFP) \u2014 Le pr\u00e9sident a parl\u00e9.", "GEN\u00c8VE (AFP) \u2014"),
        ("\u0130STANBUL (AA) - Bakan konu\u015ftu.", "\u0130STANBUL (AA) -"),
        ("M\u00dcNCHEN \u2014 Die Regierung tagte.", "M\u00dcNCHEN \u2014"),
        (
            "\u041c\u041e\u0421\u041a\u0412\u0410 \u2014 \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b.",
            "\u041c\u041e\u0421\u041a\u0412\u0410 \u2014",
        ),
        (
            "\u041c\u041e\u0421\u041a\u0412\u0410, 4 \u043c\u0430\u0440\u0442\u0430. /\u0422\u0410\u0421\u0421/. \u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442.",
            "\u041c\u041e\u0421\u041a\u0412\u0410, 4 \u043c\u0430\u0440\u0442\u0430. /\u0422\u0410\u0421\u0421/.",
        ),
        ("(CNN) \u2014 The president spoke.", "(CNN) \u2014"),
        # Spanish and Portuguese agencies: a full stop before the dash, a day alone
        ("MADRID, 7 feb (EFE).- El Gobierno aprob\u00f3 el plan.", "MADRID, 7 feb (EFE).-"),
        ("MADRID, 7 (EUROPA PRESS) - El Gobierno aprob\u00f3.", "MADRID, 7 (EUROPA PRESS) -"),
        ("LISBOA, 7 fev (Lusa) \u2013 O Governo aprovou.", "LISBOA, 7 fev (Lusa) \u2013"),
        (
            "\u3010\u30b8\u30e5\u30cd\u30fc\u30d6\u5171\u540c\u3011\u9996\u76f8\u306f\u8ff0\u3079\u305f\u3002",
            "\u3010\u30b8\u30e5\u30cd\u30fc\u30d6\u5171\u540c\u3011",
        ),
        (
            "\u65b0\u534e\u793e\u65e5\u5185\u74e63\u67084\u65e5\u7535 \u6cd5\u56fd\u603b\u7edf\u8868\u793a\u3002",
            "\u65b0\u534e\u793e\u65e5\u5185\u74e63\u67084\u65e5\u7535",
        ),
        (
            "\u062c\u0646\u064a\u0641 (\u0631\u0648\u064a\u062a\u0631\u0632) - \u0642\u0627\u0644 \u0627\u0644\u0631\u0626\u064a\u0633.",
            "\u062c\u0646\u064a\u0641 (\u0631\u0648\u064a\u062a\u0631\u0632) -",
        ),
    ],
)
def test_datelines_with_places_and_regions(text, dateline):
    result = read_text("Headline\n\n" + text + "\n\nMore.\n")
    assert reasons(result) == [("dateline", dateline)]
    assert kinds(result)[0] == ("paragraph", text[len(dateline) :].strip())


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith \u2014 a teacher \u2014 spoke first.",
        "U.S. \u2014 and allied \u2014 forces moved.",
        "New York \u2013 In his first speech, he spoke.",
        "NATO-led forces moved in.",
        "GOP Rep. Blake Farenthold resigned.",
        "TCP/IP/UDP stacks are everywhere.",
        "\u65b0\u534e\u793e\u63f4\u5f15\u7535\u89c6\u53f0\u62a5\u9053\uff0c\u603b\u7edf\u8868\u793a\u3002",  # no date: no dateline
    ],
)
def test_an_opening_that_is_no_place_dateline_is_kept(text):
    result = read_text("Headline\n\n" + text + "\n")
    assert reasons(result) == []
    assert kinds(result) == [("paragraph", text)]


def test_a_place_dateline_is_looked_for_in_the_first_paragraph_only():
    result = read_text("Headline\n\nFirst paragraph.\n\nLONDON \u2014 a later paragraph.\n")
    assert ("paragraph", "LONDON \u2014 a later paragraph.") in kinds(result)


def test_a_sentence_ending_in_an_agency_credit_is_not_a_dateline():
    result = read_text("Headline\n\nThe mayor said (AP) - nothing more.\n")
    assert reasons(result) == []


def test_a_body_sentence_with_a_slash_is_not_a_photo_credit():
    line = (
        "He said he had doubts about it. An NBC News/Wall Street Journal poll showed Mr. Trump "
        "as the most favored candidate among Republicans who consider themselves Tea Party supporters."
    )
    result = read_text("Headline\n\n" + line + "\n")
    assert kinds(result) == [("paragraph", line)]
    assert reasons(result) == []


def test_a_sidecar_that_is_not_utf8_is_an_error_naming_it_and_reading_goes_on(site):
    site.seed("a.txt", "Headline\n\nBody.\n")
    (site.root / "seeds" / "a.yaml").write_bytes(b"outlet: Caf\xe9 News\n")
    site.seed("b.txt", "Headline\n\nAnother body.\n")
    diags = Diagnostics()
    sources = read_sources(site.root, Settings(), diags, BuildCache())
    assert [source.id for source in sources] == ["a", "b"]
    [error] = diags.errors
    assert (error.path, error.line) == ("seeds/a.yaml", 1)
    assert error.message == "not valid UTF-8 text: byte 0xE9 in 'outlet: Caf\ufffd News'"
    assert error.suggestion == "save the metadata file as UTF-8"


WINDOWS_TEXT = (
    "Talks in Genève\n\nThe talks went on \u201clate\u201d into the night \u2013 officials said.\n"
)


def test_a_seed_in_a_windows_encoding_is_read_once_its_metadata_names_it(site):
    (site.root / "seeds" / "a.txt").write_bytes(WINDOWS_TEXT.encode("cp1252"))
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    [error] = diags.errors
    assert (error.path, error.line) == ("seeds/a.txt", 1)
    assert error.message == "not valid UTF-8 text: byte 0xE8 in 'Talks in Gen\ufffdve'"
    assert "name it in seeds/a.yaml: 'encoding: windows-1252'" in error.suggestion
    site.write("seeds/a.yaml", "encoding: windows-1252\noutlet: Harbour Post\n")
    diags = Diagnostics()
    [source] = read_sources(site.root, Settings(), diags, BuildCache())
    assert not diags.errors and not diags.warnings
    assert source.headline == "Talks in Genève"
    assert (
        source.body_text
        == "The talks went on \u201clate\u201d into the night \u2013 officials said."
    )
    assert "encoding" not in source.metadata
    # A byte-order mark says more than the metadata: UTF-8 it is.
    (site.root / "seeds" / "a.txt").write_bytes(b"\xef\xbb\xbf" + WINDOWS_TEXT.encode())
    [source] = read_sources(site.root, Settings(), Diagnostics(), BuildCache())
    assert source.headline == "Talks in Genève"


@pytest.mark.parametrize("name", ["klingon", "base64", "rot13"])
def test_an_encoding_that_is_no_text_encoding_is_an_error_at_its_line(site, name):
    site.seed("a.txt", "Headline\n\nBody.\n")
    site.write("seeds/a.yaml", f"outlet: X\nencoding: {name}\n")
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    [error] = diags.errors
    assert (error.path, error.line) == ("seeds/a.yaml", 2)
    assert error.message == f"encoding: {name!r} is not the name of a text encoding"


def test_an_encoding_that_cannot_decode_at_all_is_an_error_at_the_seed(site):
    site.seed("a.txt", "Headline\n\nBody.\n")
    site.write("seeds/a.yaml", "encoding: undefined\n")  # Python's: it decodes nothing
    diags = Diagnostics()
    assert read_sources(site.root, Settings(), diags, BuildCache()) == []
    [error] = diags.errors
    assert (error.path, error.line) == ("seeds/a.txt", 1)
    assert error.message.startswith("not valid undefined text")


def test_an_encoding_given_for_a_web_page_is_told_it_is_not_used(site):
    site.seed(
        "a.html", "<html><head><title>T</title></head><body><p>Body text here.</p></body></html>"
    )
    site.write("seeds/a.yaml", "encoding: windows-1252\n")
    diags = Diagnostics()
    read_sources(site.root, Settings(), diags, BuildCache())
    assert [(w.path, w.line) for w in diags.warnings if "encoding" in w.message] == [
        ("seeds/a.yaml", 1)
    ]


def test_a_folder_named_like_a_seed_is_an_error_and_reading_goes_on(site):
    (site.root / "seeds" / "pictures.html").mkdir()
    site.seed("b.txt", "Headline\n\nBody.\n")
    diags = Diagnostics()
    assert [source.id for source in read_sources(site.root, Settings(), diags, BuildCache())] == [
        "b"
    ]
    [error] = diags.errors
    assert error.path == "seeds/pictures.html"
    assert error.message.startswith("cannot read this seed: ")


def test_list_items_are_blocks_of_their_own_in_order_without_their_markers():
    result = read_text(
        "Headline\n\nWhere the money goes:\n- Adult social care: 241 million pounds\n"
        "  - Care homes: 96 million pounds\n\u2022 Children's services: 148 million pounds\n"
        "1. The budget goes to committee in February.\n2) Bills are sent in March.\n"
        "\n---\n\nThe leader said the rise was needed.\n"
    )
    assert kinds(result) == [
        ("paragraph", "Where the money goes:"),
        ("list_item", "Adult social care: 241 million pounds"),
        ("list_item", "Care homes: 96 million pounds"),
        ("list_item", "Children's services: 148 million pounds"),
        ("list_item", "The budget goes to committee in February."),
        ("list_item", "Bills are sent in March."),
        ("paragraph", "The leader said the rise was needed."),
    ]
    assert reasons(result) == [("separator", "---")]
    assert [block.line for block in result.blocks] == [3, 4, 5, 6, 7, 8, 12]
    assert [block.number for block in result.blocks] == [None, None, None, None, 1, 2, None]


def test_only_line_feeds_and_carriage_returns_end_lines():
    """Form feeds and Unicode line separators inside a line are spaces: the line numbers of
    blocks stay those an editor shows."""
    result = read_text("Headline\r\n\r\nOne\u2028line.\x0c\r\n\r\nTwo.\n")
    assert kinds(result) == [("paragraph", "One line."), ("paragraph", "Two.")]
    assert [block.line for block in result.blocks] == [3, 5]


@pytest.mark.parametrize("headline", [None, "Texas congressman resigns"])
def test_a_headline_given_twice_is_set_aside_once_repeated(headline):
    result = read_text(
        "Texas congressman resigns\n\nTexas Congressman Resigns\n\nThe congressman said on "
        "Friday that he would leave at once.\n",
        headline=headline,
    )
    assert kinds(result) == [
        ("paragraph", "The congressman said on Friday that he would leave at once.")
    ]
    assert reasons(result) == [("headline repeated", "Texas Congressman Resigns")]


def test_a_long_run_of_spaces_is_read_in_linear_time():
    text = "Headline\n\nSome words" + " " * 300_000 + "end.\n"
    # (quadratic, this took minutes)
    assert kinds(read_text(text)) == [("paragraph", "Some words" + " " * 300_000 + "end.")]


def test_a_seed_saved_under_its_pages_title_is_told_the_name_to_give_it(site):
    """A browser saves a page under its title: that name cannot be the source's id, and the
    message gives one that can."""
    site.seed("Bridge closed | The Courier.txt", "Bridge closed\n\nThe council voted.\n")
    site.seed("Road “works”.txt", "Road\n\nThe road reopened.\n", id="Road works")
    diags = Diagnostics()
    read_sources(site.root, Settings(), diags, BuildCache())
    told = {(d.path, d.line): d.suggestion for d in diags.errors}
    assert told[("seeds/Bridge closed | The Courier.txt", 1)] == (
        "rename the file bridge-closed-the-courier.txt (a metadata file beside it with it), or "
        "set an id with 'id:' in the seed's metadata"
    )
    assert told[("seeds/Road “works”.yaml", 1)] == "set another with 'id:' in the seed's metadata"

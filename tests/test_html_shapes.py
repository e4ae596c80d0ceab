"""Reading saved pages of the shapes real news pages have: one fixture a shape, one test each.

Each fixture (tests/fixtures/html/shape_*.html) is a page written for these tests: an invented
article of that shape, with the navigation, cookie banner, share widgets and related links of
a real page around it. Each test says what of the page is kept, in order and by kind, and what
is set aside or left out.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.model import SetAside
from site_builder.read.html import read_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def read_shape(name: str):
    return read_html((FIXTURES / f"shape_{name}.html").read_bytes())


def kinds(result) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in result.blocks]


def starts(result, length: int = 40) -> list[tuple[str, str]]:
    """Each block's kind and the start of its text: enough to say which block it is."""
    return [(block.kind, block.text[:length]) for block in result.blocks]


def body(result) -> str:
    return "\n".join(block.text for block in result.blocks)


def assert_left_out(result, *phrases: str) -> None:
    text = body(result).lower()
    for phrase in phrases:
        assert phrase.lower() not in text, phrase


def test_product_page_keeps_features_and_specifications_not_shop_widgets():
    result = read_shape("product_page")
    assert starts(result) == [
        ("paragraph", "The Brightwater K2 is the first cordless"),
        ("paragraph", "That speed comes at a price: the stainle"),
        ("heading", "Key features"),
        ("list_item", "Boils one litre in two minutes and twent"),
        ("list_item", "Five temperature presets, from seventy d"),
        ("list_item", "A keep-warm mode that holds the chosen t"),
        ("list_item", "A removable limescale filter that can go"),
        ("heading", "Specifications"),
        ("paragraph", "Capacity | 1.7 litres"),
        ("paragraph", "Power | 3,000 watts"),
        ("paragraph", "Weight | 1.2 kilograms empty"),
        ("paragraph", "The presets are the best thing about the"),
        ("paragraph", "We were less impressed by the lid, which"),
        ("heading", "Verdict"),
        ("paragraph", "If you want speed and precise temperatur"),
    ]
    assert_left_out(
        result, "Buy now", "£64.99", "out of 5 stars", "affiliate", "Customers also bought",
        "budget kettles", "cookies", "Share on",
    )  # fmt: skip


def test_live_blog_keeps_every_entry_in_page_order():
    """Updates set as sibling <article> elements are one article; the "Key events" list of
    links to them is navigation, and does not pull their headings out of place."""
    result = read_shape("live_blog")
    assert starts(result) == [
        ("heading", "Ferry crossings cancelled for the rest o"),
        ("paragraph", "The ferry company has cancelled every cr"),
        ("paragraph", "Passengers booked on the afternoon saili"),
        ("paragraph", "A gust of 91 miles an hour was recorded "),
        ("quote", "Stay away from the sea front. The waves "),
        ("paragraph", "That warning came from the coastguard's "),
        ("heading", "Coast road closed between the harbour an"),
        ("paragraph", "Police have closed the coast road betwee"),
        ("heading", "Welcome to our live coverage"),
        ("paragraph", "Good morning and welcome to our coverage"),
        ("paragraph", "The weather service has issued an amber "),
    ]
    assert_left_out(
        result, "Key events", "Auto-update", "new updates", "Share this post", "Copy link",
        "Load older", "Most read", "cookies",
    )  # fmt: skip


def test_faq_keeps_questions_as_headings_and_answers_after_them():
    result = read_shape("faq")
    assert starts(result) == [
        ("paragraph", "From January every single bus journey in"),
        ("heading", "When does the flat fare start?"),
        ("paragraph", "The two-pound fare applies from the firs"),
        ("heading", "Which buses does it cover?"),
        ("paragraph", "Every route run by the three operators t"),
        ("heading", "Do children still travel free?"),  # a <details> element's <summary>
        ("paragraph", "Yes. Children under five travel free as "),
        ("heading", "What happens to weekly tickets?"),
        ("paragraph", "Weekly and monthly passes will still be "),
        ("list_item", "Who pays for the scheme?"),  # a definition list: terms and definitions
        ("list_item", "The council will spend four million poun"),
        ("list_item", "Can I pay by card?"),
        ("list_item", "All buses in the county have accepted co"),
    ]
    assert_left_out(result, "Morning Tide", "newsletter", "Related stories", "cookie", "WhatsApp")


def test_nested_lists_give_one_block_an_item_in_order_without_their_parents_text_twice():
    result = read_shape("nested_lists")
    items = [block.text for block in result.blocks if block.kind == "list_item"]
    assert items == [
        "Council tax rises by 4.9 per cent, the most the law allows without a local vote",
        "Libraries keep their opening hours, but two mobile library routes are cut",
        "Road repairs get an extra three million pounds after the winter floods",
        "Adult social care: 241 million pounds",
        "Care homes run by the council: 96 million pounds",
        "Care in people's own homes: 88 million pounds",
        "Of which overnight care: 12 million pounds",
        "Children's services: 148 million pounds",
        "Roads and transport: 73 million pounds",
        "The budget goes to the finance scrutiny committee in February.",
        "Bills are sent to households in March, with the new rate shown on the front.",
        "Households on low incomes can apply for a reduction from April.",
        "Applications close at the end of June.",
        "The first road repairs start in the spring.",
    ]
    assert [kind for kind, _ in starts(result)] == [
        "heading", *["list_item"] * 3, "paragraph", "paragraph",
        "heading", *["list_item"] * 6, "paragraph",
        "heading", *["list_item"] * 5, "paragraph",
    ]  # fmt: skip
    assert_left_out(result, "Skip to content", "Opinion", "Share on", "Recommended", "Privacy")


def test_a_data_table_arrives_as_one_paragraph_a_row_with_its_cells_joined():
    result = read_shape("table")
    assert kinds(result)[2:8] == [
        ("paragraph", "Harbour ward by-election, votes by candidate"),
        ("paragraph", "Candidate | Party | Votes | Share"),
        ("paragraph", "Elowen Tregarthen | Green | 1,204 | 38.1%"),
        ("paragraph", "Mark Polglase | Liberal Democrat | 1,117 | 35.3%"),
        ("paragraph", "Susan Hocking | Conservative | 611 | 19.3%"),
        ("paragraph", "Jory Blewett | Labour | 230 | 7.3%"),
    ]
    assert len(result.blocks) == 10
    assert_left_out(result, "Lowmoor FC", "Penhallow Town", "Tweet", "cookies")


def test_a_page_laid_out_in_a_table_reads_its_story_cell_not_its_menu():
    result = read_shape("layout_table")
    assert starts(result) == [
        ("paragraph", "The parish council has bought the old Me"),
        ("paragraph", "The village has been without a shop sinc"),
        ("paragraph", "Money for the purchase came from a loan "),
        ("paragraph", "More than two hundred people have alread"),
        ("paragraph", "Anyone who would like to help with the w"),
    ]
    assert SetAside("Posted by the editor. Back to village news", "byline") in result.set_aside
    assert_left_out(result, "Diary dates", "Clubs and societies", "|", "run by volunteers")


def test_paragraphs_set_by_line_breaks_in_a_box_named_for_share_tools_are_the_article():
    """No <p> at all: the box holding the page's text is the article, whatever its classes."""
    result = read_shape("line_break_paragraphs")
    assert starts(result) == [
        ("paragraph", "A planning inspector has rejected a comp"),
        ("paragraph", "The inquiry heard from more than forty r"),
        ("paragraph", "The company had proposed to take up to t"),
        ("paragraph", "In her decision the inspector said the j"),
        ("paragraph", "The company said it was disappointed and"),
        ("paragraph", "Residents who formed a group to fight th"),
    ]
    assert SetAside("Moorside Echo reporter", "byline") in result.set_aside
    assert_left_out(result, "Front page", "3 comments", "well done", "Advertise", "Cookies")


def test_paragraphs_split_at_inline_markup_are_kept_whole_with_their_spaces():
    """Text set straight in a <span> with line breaks between paragraphs, an image box and a
    subheading among them: trafilatura splits the paragraphs with links and bold words at the
    markup, losing the spaces there ("timetablewith"); each paragraph is read whole."""
    result = read_shape("inline_markup_paragraphs")
    assert starts(result) == [
        ("paragraph", "The island ferry company published its w"),
        ("paragraph", "We rode every crossing of the first week"),
        ("paragraph", "The morning boat now leaves the island a"),
        ("paragraph", "Readers can book tickets for the new win"),
        ("paragraph", "The afternoon sailings held to time on e"),
        ("heading", "Where to buy tickets"),
        ("paragraph", "Be sure to check out the Harbourside isl"),
    ]
    assert kinds(result)[3][1] == (
        "Readers can book tickets for the new winter timetable with a variety of discounts. "
        "The harbour office is offering islanders up to a third off a season ticket with the "
        "code ISLAND, while the visitor centre is selling day returns at half price until the "
        "end of the month."
    )
    assert kinds(result)[-1][1] == (
        "Be sure to check out the Harbourside island ferry guide for the latest fares and "
        "sailing times on every route."
    )
    assert_left_out(result, "Morwenna", "More reviews", "tide app", "cookies")


def test_subheadings_set_as_divs_between_paragraphs_are_headings():
    """A fact-check's subheadings set as <div class="..._subheadline"> between its paragraphs
    ("What we found"): too short to pass for paragraphs, they were left out; they are headings.
    The share box's and the related links' headings stay out."""
    result = read_shape("div_subheadings")
    headings = [text for kind, text in kinds(result) if kind == "heading"]
    assert headings == ["What the tolls were", "Who pays the new charge?", "What we found"]
    assert [kind for kind, _ in kinds(result)] == [
        "paragraph", "paragraph", "heading", "paragraph", "paragraph", "heading",
        "paragraph", "paragraph", "heading", "paragraph", "paragraph",
    ]  # fmt: skip
    assert_left_out(result, "Share this check", "More checks", "ferry fare", "Tamsin Rowe")


def test_paragraphs_set_apart_by_two_line_breaks_in_a_span_are_paragraphs():
    """An article set in a <span> with <br><br> between its paragraphs: trafilatura gives one
    paragraph with line breaks in it, which was read as one paragraph of the whole article."""
    result = read_shape("span_line_breaks")
    assert starts(result) == [
        ("paragraph", "The island ferry company published its w"),
        ("paragraph", "We rode every crossing of the first week"),
        ("paragraph", "The morning boat now leaves the island a"),
        ("paragraph", "The afternoon sailings held to time on e"),
    ]
    assert_left_out(result, "Reviews", "cookies")


def test_photo_gallery_keeps_the_lead_caption_and_sets_the_others_aside_with_credits():
    result = read_shape("photo_gallery")
    assert starts(result) == [
        ("caption", "A giant herring lantern is carried along"),
        ("paragraph", "More than four thousand people lined the"),
        ("paragraph", "Schools, choirs and the lifeboat crew sp"),
        ("paragraph", "The organisers said the parade had raise"),
        ("paragraph", "Next year's parade will take place on th"),
    ]
    assert result.set_aside == (
        SetAside("Photo: Tamsin Rowe", "photo credit"),
        SetAside(
            "The pilot gig carries a lantern of the lighthouse across the harbour mouth.", "caption"
        ),
        SetAside("Photo: Tamsin Rowe", "photo credit"),
        SetAside(
            "Pupils from Lowmoor Primary wait for the start with the lanterns they made.", "caption"
        ),
        SetAside("Tamsin Rowe/Lowmoor Gazette", "photo credit"),
    )
    assert_left_out(result, "1 of 3", "2 of 3", "Previous", "full screen", "regatta", "Pin it")


def test_embedded_posts_are_quotes_and_their_network_links_are_set_aside():
    result = read_shape("embedded_posts")
    quotes = [block.text for block in result.blocks if block.kind == "quote"]
    assert quotes == [
        "Proud of our volunteers tonight. Three lives saved in the worst sea we have seen this year.",
        "A post shared by Lowmoor Lifeboat (@lowmoorlifeboat)",
        "Watching the Lowmoor crew go out in that sea is the bravest thing I have seen. "
        "Every one of them is a volunteer.",
        "\u2014 Coastal Weather Watch (@coastwatch) November 3, 2024 at 9:12 AM",
    ]
    assert [kind for kind, _ in starts(result)] == [
        "paragraph", "paragraph", "quote", "quote", "paragraph", "quote", "quote", "paragraph",
    ]  # fmt: skip
    assert SetAside("View this post on Instagram", "embed link") in result.set_aside
    assert_left_out(result, "embed.js", "iframe", "Subscribe", "inbox", "Allow all")


def test_a_code_block_arrives_as_one_paragraph_of_its_text():
    result = read_shape("code")
    assert kinds(result)[2] == (
        "paragraph",
        'import csv with open("tickets.csv") as f: full = sum(1 for row in '
        'csv.DictReader(f) if int(row["sold"]) > 212) print(full)',
    )
    assert len(result.blocks) == 5
    assert_left_out(result, "Copy code", "language-python", "cookies")


def test_a_page_drawn_by_its_scripts_reads_the_publishers_article_body():
    """The saved markup holds a standfirst and a placeholder; the JSON-LD `articleBody` holds
    the article, a paragraph a line (or a <p>)."""
    result = read_shape("script_rendered")
    assert starts(result) == [
        ("paragraph", "A grey seal pup found exhausted on the t"),
        ("paragraph", "The pup, which volunteers named Pasty, w"),
        ("paragraph", "Staff at the sanctuary fed her on a fish"),
        ("paragraph", "About two hundred people gathered on the"),
        ("paragraph", "The sanctuary asked anyone who finds a s"),
    ]
    assert result.detected["byline"] == "Morwenna Tregear"
    assert_left_out(result, "Loading", "JavaScript", "privacy", "<p>")


def test_an_article_cut_into_boxes_named_for_a_paywall_is_read_whole():
    result = read_shape("split_body_boxes")
    assert starts(result) == [
        ("paragraph", "The ferry company that runs the crossing"),
        ("paragraph", "The boat will be built at a yard on the "),
        ("paragraph", "Chargers on both quays will top up the b"),
        ("paragraph", "The order is worth thirty-one million po"),
        ("paragraph", "Island councillors welcomed the news but"),
    ]
    assert_left_out(result, "Advertisement", "Subscribers", "Related", "Island fares", "cookies")


def test_an_article_beside_teaser_articles_is_read_without_them():
    """Sibling <article> elements where one holds most of the text: the others are teasers."""
    result = read_shape("teaser_articles")
    assert starts(result) == [
        ("paragraph", "Lowmoor's harbour master, who first work"),
        ("paragraph", "He took the job in 1984, the year the fi"),
        ("paragraph", "Fishermen presented him with a brass bar"),
        ("paragraph", "His successor, who has worked as his dep"),
    ]
    assert_left_out(result, "Read next", "Lifeboat crew", "Fish market hall", "pontoons")


def test_a_paragraph_set_by_line_breaks_is_not_split_at_its_emphasis():
    """Text set straight in a <div>, its paragraphs parted by <br><br> (and a picture): both
    extractors began a new paragraph at the first emphasis after a line break ("... although
    the source is" | "the Gazette, we would not ..."); the paragraph is read whole."""
    paragraphs = [
        "The island ferry company published its winter timetable on Monday, with two fewer "
        "sailings a day to the mainland and a later first boat on Sundays.",
        "The timetable is said to have been drawn up with the harbour board, although given "
        "the source is <em>the Gazette</em>, we would not rule out that the board was only "
        "told of it afterwards.",
        "Islanders who rely on the morning boat to reach work on the mainland say the later "
        "sailing will cost them an hour of pay each day through the winter months.",
    ]
    page = (
        "<html><head><title>Ferry timetable</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main>"
        "<h1>Ferry timetable cut for the winter</h1><div class='content'>"
        + paragraphs[0]
        + "<br> <br><img src='ferry.jpg' alt=''><center><em>The morning boat</em></center> <br>"
        + paragraphs[1]
        + "<br> <br>"
        + paragraphs[2]
        + "</div></main><footer>Cookies</footer></body></html>"
    )
    result = read_html(page.encode())
    whole = [p.replace("<em>", "").replace("</em>", "") for p in paragraphs]
    assert [b.text for b in result.blocks if b.kind == "paragraph" and len(b.text) > 40] == whole


def test_a_caption_shown_twice_or_cut_short_behind_a_toggle_is_set_aside_once_whole():
    """A gallery shows a caption cut short with "... more", whole with "less", and again in
    its full-screen view: it was set aside four times, with the toggle's words in it."""
    caption = "Pupils from Lowmoor Primary wait for the start of the parade with their lanterns"
    slide = (
        f"<div class='slide-text'><span class='caption-truncated'>{caption[:40]}"
        "<a class='more-caption' href='#'>... more</a></span>"
        f"<span class='caption-full'>{caption}. <a href='#'>less</a> (in the rain)</span></div>"
    )
    paragraphs = "".join(
        f"<p>{text} The parade went on into the evening, the lanterns lit along the quay.</p>"
        for text in ("More than four thousand people lined the harbour.", "Schools sang.")
    )
    page = (
        "<html><head><title>Parade</title></head><body><main><article><h1>Lantern parade</h1>"
        f"<figure><img src='a.jpg' alt=''>{slide}</figure>{paragraphs}"
        f"<div class='lightbox'><img src='a.jpg' alt=''>{slide}</div></article></main></body></html>"
    )
    result = read_html(page.encode())
    captions = [item.text for item in result.set_aside if item.reason == "caption"]
    assert captions == [f"{caption}. (in the rain)"], result.set_aside

"""The furniture rules: the text that comes with an article copied or saved from the web and is
never article text, in one registry that both readers apply.

Each rule names one shape of such text and matches a whole stripped line (plain-text seeds) or
a whole block (saved web pages); `furniture_reason` tries them in order and gives the reason of
the first that matches. A site's settings add whole-line patterns of their own
(`furniture_patterns`), tried after the built-in rules.

Beside the registry: the agency dateline opening the first paragraph, and the photo credit at
the end of a caption, which are parts of a line rather than whole lines; the lines that are only
a date (`date_line_reason`), which depend on where they stand; the names a byline gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Block, SetAside
from .dates import DATE_BEGINS, read_date_line
from .words import words_of

PATTERN_SECONDS = 0.25  # at most, for a site's pattern on one line: a sane one takes microseconds


@dataclass(frozen=True)
class Rule:
    """One shape of furniture: text it `matches` (whole) is set aside with `reason`."""

    reason: str
    matches: Callable[[str], object]


def whole_text(pattern: str) -> Callable[[str], object]:
    """A matcher for text that `pattern` matches from its first character to its last."""
    return re.compile(pattern).fullmatch


def shorter_than(limit: int, pattern: str) -> Callable[[str], bool]:
    """A matcher for text under `limit` characters that `pattern` matches whole (a `regex`
    pattern: letters of a case are `\\p{Lu}`, `\\p{Ll}`)."""
    fullmatch = regex.compile(pattern).fullmatch
    return lambda text: len(text) < limit and fullmatch(text) is not None


# "Reporting by Jane Doe; Editing by John Roe": the credits under an agency story.
BYLINE_LINES = re.compile(
    r"(?:(?:Additional )?Reporting|Writing|Editing|Compiled|Edited|Written) by\s+(?P<names>.+)",
    re.I,
)
# "By Jane Doe", "BY JANE DOE | Staff writer": a byline of names, then maybe a role; and so in
# French, German, Spanish, Portuguese, Italian and Dutch ("Par Jeanne Dupont et Marc Roy",
# "Von Hans Müller", "Por Juan Pérez y Ana Ruiz", "Door Jan de Vries").
_SHORT_BYLINE = (
    r"(?:By|BY|Par|PAR|Von|VON|Por|POR|Di|DI|Door|DOOR)\s+\p{Lu}[\w.'\u2019-]*"
    r"(?:\s+(?:\p{Lu}[\w.'\u2019-]*|and|&|de|van|von|la|del|et|und|y|e|da|do|dos|der|du|le|,))*"
    r"(?:\s*[,|]\s*[\w .'&-]{0,60})?"
)
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|von|par|por)\s*:?\s+", re.I)
# Where the names in a byline end: a handle, a separator, a date or a time.
_BYLINE_END = re.compile(rf"\s*(?:[@(|\u2022]|{DATE_BEGINS}).*$", re.I)
# A role after the names: "Jane Doe, Staff writer", "JANE DOE, AP Auto Writer", "Jane Doe Senior
# Correspondent" (a role word alone after the names needs its comma: "Jane Reporter" is a name).
_ROLE_WORDS = (
    r"staff|senior|chief|contributing|associate|special|political|business|sports|science"
    r"|health|foreign|deputy|managing|news|investigative|freelance|auto|ap"
)
_BYLINE_ROLE = re.compile(
    rf"(?:\s*,\s*(?:(?:{_ROLE_WORDS})\s+){{0,3}}|\s+(?:(?:{_ROLE_WORDS})\s+){{1,3}})"
    r"(?:writer|reporter|correspondent|editor)s?\b.*$",
    re.I,
)
# A date or its label before the names: "Posted by Jane Doe", "Monday November 18, 2019 7:45
# am PST by Jane Doe".
_DATE_THEN_BY = re.compile(rf"^(?:{DATE_BEGINS}).*?\b(?:by|von|par|por)\s*:?\s+(?=\w)", re.I)
_is_short_byline = shorter_than(120, _SHORT_BYLINE)
# A newsletter or subscription pitch: a call to action about a newsletter, an inbox, an app or
# a subscription service, in a short paragraph.
_PITCH_ACTION = re.compile(r"\b(?:sign up|subscribe|get access|use the code|promo code|download)\b")
_WORD = re.compile(r"\w+")
_PITCH_OBJECT = re.compile(r"\b(?:newsletters?|inbox|(?:our|mobile) app|subscriptions? service)\b")
# An e-mail address, a profile's address on a social network, or a handle.
_CONTACT = (
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|threads)\.(?:com|net)"
    r"/[\w./-]+|@\w{2,30})"
)


def is_pitch(text: str) -> bool:
    """A short paragraph asking the reader to sign up for a newsletter, an app or a service."""
    lowered = text.lower()
    return (  # the words counted last: most paragraphs are no pitch, and are long
        _PITCH_ACTION.search(lowered) is not None
        and _PITCH_OBJECT.search(lowered) is not None
        and len(_WORD.findall(lowered)) <= 80
    )


RULES: tuple[Rule, ...] = (
    # The header a browser's "save as text" puts above the page.
    Rule("saved-page header", whole_text(r"Saved Web Pages")),
    # The name of a radio widget that news sites embed beside the article.
    Rule("widget", whole_text(r"WP Radio")),
    # Share buttons, as their labels read once the icons are gone.
    Rule("share buttons", whole_text(r"You can share this story on social media:?")),
    Rule(
        "share buttons",
        whole_text(
            r"(?:Share (?:this (?:article|story)|on (?:Facebook|Twitter|X))"
            r"|Partager(?: (?:cet article|sur (?:Facebook|Twitter|X)))?|(?:Artikel )?[Tt]eilen"
            r"|Compartir(?: en (?:Facebook|Twitter|X))?|Condividi|Compartilhar|Delen"
            r"|Поделиться)\W*"
        ),
    ),
    # An agency's link to its editorial principles, under the story.
    Rule("publisher standards link", whole_text(r"Our Standards:.*")),
    # A photo's "buy a licence" link, on a line of its own.
    Rule("licensing link", whole_text(r"Purchase Licensing Rights,? opens new tab")),
    # The label over an advertisement slot (in English, French, German, Spanish, Italian,
    # Portuguese, Dutch, Russian, Polish and Czech).
    Rule(
        "advertisement",
        whole_text(
            r"Advertisement|ADVERTISEMENT|Scroll to continue(?: with content)?"
            r"|(?i:Publicit[ée]|Anzeige|Werbung|Publicidad|Pubblicit[àa]|Publicidade"
            r"|Advertentie|Реклама|Reklama)"
        ),
    ),
    # "Read more: <headline>", "See also: <headline>", "Lire aussi : <headline>": a link to
    # another article.
    Rule(
        "related-article link",
        whole_text(
            r"(?:(?:Read|See) (?:more|also)|(?:[ÀA] )?[Ll]ire aussi|Voir aussi|Lesen Sie auch"
            r"|Mehr zum Thema|Auch interessant|(?:Le[ae]|Leer) (?:tambi[ée]n|m[áa]s)|Leggi anche"
            r"|Leia (?:tamb[ée]m|mais)|Veja tamb[ée]m|Lees (?:ook|meer)|Читайте также"
            r"|Czytaj (?:także|też|również))\s?:.{0,160}"
        ),
    ),
    # The call to action of a newsletter box.
    # (not "Sign up for a family account for $9.99 a month": a step of a how-to, a price)
    Rule("newsletter box", whole_text(r"Sign up (?:here|for [^\d$€£¥]{0,50})\W*")),
    # A skip link for keyboard and screen-reader users.
    Rule("navigation", whole_text(r"Skip to (?:main )?content")),
    # "Published 5 March 2024", "Updated: 18:30 GMT": the page's date stamp as a line.
    Rule(
        "date line",
        whole_text(r"(?:Published|Updated|Posted|Last updated|First published)\b.{0,80}\d.{0,40}"),
    ),
    # "Related: <headline>", "Watch > <video title>": a teaser link with its label.
    Rule(
        "related-article link",
        whole_text(r"\[?(?i:Related|Read more|More|Watch)\s*[:>\-]\s*.{0,200}"),
    ),
    # "Also on <site>", "Related Stories", "More from <section>": a box of links' heading.
    Rule(
        "related",
        whole_text(
            r"Also on [\w.]+.{0,200}|Related (?:Articles?|Stories)|More (?:from|on) .{1,60}"
        ),
    ),
    # "Did you like this story? Share it": a share prompt.
    Rule(
        "share buttons",
        whole_text(r"(?:Did you )?(?:[Ll]ike|[Ee]njoy)d? this (?:story|article)\?.{0,100}"),
    ),
    # "Follow us on Twitter", "Follow Jane Doe on Instagram".
    Rule(
        "social link",
        whole_text(r"Follow (?:us|\w+(?: \w+)?) on (?:Twitter|Facebook|Instagram|X)\b.{0,100}"),
    ),
    # "12 Comments", "Leave a comment": the link to the comments.
    Rule(
        "comments link",
        whole_text(r"(?:\d+\s+)?Comments?|(?:Leave|Post|Add) a (?:comment|reply)\W*"),
    ),
    # "You must be logged in to post a comment": the comment box's gate.
    Rule(
        "comments",
        whole_text(
            r"(?:You must|Please) (?:be )?log(?:ged)? ?in to (?:post a )?comment.{0,40}"
            r"|(?:Note:\s*)?[Ww]e(?: are|'re|\u2019re) (?:temporarily )?moderating (?:all )?"
            r"comments\b.{0,120}"
        ),
    ),
    # "Image copyright Jane Doe", "Photo: Jane Doe", "Credits: Agency": a photo's credit line.
    Rule(
        "photo credit",
        whole_text(r"(?:Image|Photo|Picture) (?:copyright|caption|credit|via|courtesy)\b.{0,200}"),
    ),
    Rule(
        "photo credit",
        whole_text(
            r"(?i:(?:main|top|lead|header|featured) )?"
            r"(?:(?:Photo|Image|Picture|Video|photo|image|picture|video)s?(?: credit)?|Credits?)"
            r"\s*:\s*.{0,120}"
        ),
    ),
    # "Boats in the harbour at dawn (Photo: Jane Doe)": a caption with its credit in brackets.
    Rule(
        "caption",
        whole_text(r".{0,300}\((?:[Cc]redit|[Pp]hoto|[Ii]mage|[Pp]icture)s?:\s*[^)]{1,80}\)"),
    ),
    # "Subscribe now", "Subscribe to The Morning Tide": a subscription button.
    Rule(
        "newsletter box",
        whole_text(
            r"(?:Subscribe(?: now| today| to .{0,80})?|Abonnez-vous|Jetzt abonnieren"
            r"|Suscr[ií]bete|Iscriviti|Assine)\W*"
        ),
    ),
    # "View this post on Instagram": the link an embedded social post carries to its network.
    Rule(
        "embed link",
        whole_text(
            r"View (?:this |the )?(?:post|profile|video|photo|thread) on "
            r"(?:Instagram|Facebook|X|Twitter|TikTok|YouTube|Threads|Bluesky)"
        ),
    ),
    # "Moorside Echo reporter", "By our political correspondent": a byline naming a role only.
    Rule(
        "byline",
        shorter_than(
            60,
            r"(?:By\s+(?:our|an?|the)\s+(?:[\w-]+\s+){0,3}|(?:By\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,4})"
            r"(?:[Rr]eporter|[Cc]orrespondent|[Ss]taff [Ww]riter)s?",
        ),
    ),
    # "Posted by the editor. Back to village news": a small site's byline with its back link.
    Rule("byline", whole_text(r"(?:Posted|Published|Submitted) by\b.{0,100}")),
    # "---", "* * *", "====": a rule drawn in text between parts of the page ("___" stays:
    # some outlets set it between the entries of a story, as part of the story).
    Rule("separator", whole_text(r"(?:[-*=~]\s*){3,}")),
    # "Reporting by Jane Doe", "Editing by John Roe": an agency story's credits.
    Rule("byline", lambda text: len(text) < 200 and BYLINE_LINES.fullmatch(text) is not None),
    # "By Jane Doe", "BY JANE DOE | Staff writer".
    Rule("byline", _is_short_byline),
    # "Sign up for our newsletter ... in your inbox": a pitch in a paragraph of its own.
    Rule("promotion", is_pitch),
    # "jane.doe@paper.example twitter.com/janedoe": the writer's addresses, under the story.
    Rule("author contact", shorter_than(200, rf"{_CONTACT}(?:\s*[|,\u2022\u00b7]?\s*{_CONTACT})*")),
)

SITE_SETTING = "furniture (site setting)"


def furniture_reason(text: str, extra_patterns: Iterable[str] = ()) -> str:
    """Why `text` (a whole stripped line or block) is furniture, or "" when it is not.

    The built-in rules are tried first, then the site's own `furniture_patterns`.
    """
    for rule in (*RULES, *site_rules(tuple(extra_patterns))):
        if rule.matches(text):
            return rule.reason
    return ""


class PatternTooSlow(Exception):
    """A site's furniture pattern that could not decide on `text` in PATTERN_SECONDS: one that
    backtracks without end (such as `(a|aa)+b`) would otherwise hang the build."""

    def __init__(self, pattern: str, text: str):
        super().__init__(pattern)
        self.pattern, self.text = pattern, text

    def message(self) -> str:
        return (
            f"the furniture pattern {self.pattern!r} (content/site.yaml) took more than "
            f"{PATTERN_SECONDS} s on this line without deciding"
        )

    suggestion = (
        "simplify it: nested repeats such as (a|aa)+ or (x+)+ try every way to split a line"
    )


@lru_cache(maxsize=32)
def site_rules(patterns: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules of a site's `furniture_patterns` setting (compiled once per set of patterns),
    each given PATTERN_SECONDS per line (with the `regex` module: `re` cannot be stopped)."""
    return tuple(Rule(SITE_SETTING, _bounded(pattern)) for pattern in patterns)


def _bounded(pattern: str) -> Callable[[str], object]:
    fullmatch = regex.compile(pattern).fullmatch

    def matches(text: str) -> object:
        try:
            return fullmatch(text, timeout=PATTERN_SECONDS)
        except TimeoutError:
            raise PatternTooSlow(pattern, text) from None

    return matches


# --- Parts of a line ------------------------------------------------------------------------

# Every dash a dateline may use: hyphen-minus, the Unicode hyphens and dashes, minus.
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# "Feb 7 (Reuters) -", "MOSCOW, Feb 7 (Reuters) –", "LONDON (AP) —", "GENÈVE (AFP) —",
# "(CNN) —", "MADRID, 7 feb (EFE).-": an agency dateline, the agency named, or in capitals
# after a place. Capitals are those of any alphabet ("İSTANBUL (AA) -"); a date may be in words
# of any language ("4 марта"), or a day alone ("MADRID, 7 (EUROPA PRESS) -").
DATELINE = regex.compile(
    r"^(?P<dateline>(?:(?P<place>\p{Lu}[\p{Lu}.'/ \-]{1,40}?(?:,\s*\p{Lu}[\w.' ]{0,20}?)?),?\s+)?"
    r"(?:(?:\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}|\d{1,2}(?:\s+\p{Ll}{3,10}\.?)?)(?:,?\s*\d{4})?,?\s+)?"
    r"\((?:Reuters|AP|AFP|Bloomberg|UPI|dpa|ANSA|Xinhua|TASS|RIA Novosti|CNN|EFE|Europa Press"
    r"|EUROPA PRESS|Lusa|Kyodo|Yonhap|(?(place)\p{Lu}{2,6}))\)\.?"
    r"\s*[" + DASHES + r"]+\s*"
    # "МОСКВА, 4 марта. /ТАСС/.": a place and date, then the agency between slashes
    r"|\p{Lu}{2}[\p{Lu}\-]*,\s*\d{1,2}\s+\p{Ll}{3,10}\.?\s*/\p{Lu}{2,12}/\.?\s*"
    # "【ジュネーブ共同】", "新华社日内瓦3月4日电" (a place, a date, 电): Japanese and Chinese wire
    # datelines
    r"|【[^】\n]{1,20}】\s*|(?:新华社|中新社|中新网)[^，。\s\d]{0,12}\d{1,2}月\d{1,2}日电(?:（[^）]{0,30}）)?\s*"
    # "جنيف (رويترز) -": a place and its agency in Arabic or Hebrew letters
    r"|[\u0590-\u06ff'\u05f3]+(?: [\u0590-\u06ff'\u05f3]+){0,2}\s*\([\u0590-\u06ff ]{2,20}\)"
    r"\s*[" + DASHES + r"]+\s*)"
)

# "WASHINGTON —", "AMHERST, N.H. —", "DES MOINES –", "NEW YORK --", "MÜNCHEN —", "МОСКВА —": a
# dateline without an agency, as newspapers write their own. Its place is in capitals (of any
# alphabet), starting with two (a name in ordinary case, "Mr. Smith —", is a sentence's; so is
# "U.S. —"), then an optional region or date, then a long dash, two hyphens or a hyphen with a
# space on each side.
_PLACE_DATELINE = (
    r"(?P<dateline>\p{Lu}{2}[\p{Lu}.'\-]*(?: \p{Lu}[\p{Lu}.'\-]*[\p{Lu}.]){0,3}"
    r"(?:,\s*\p{Lu}\p{Ll}{0,8}\.?(?:\s?\p{Lu}\p{Ll}{0,8}\.?)?(?:\s+\d{1,2}(?:,\s*\d{4})?)?)?"
    r"\s*(?:[\u2012\u2013\u2014\u2015\u2212]+-?|--|-(?=\s))\s*)"
)
PLACE_DATELINE = regex.compile(rf"^{_PLACE_DATELINE}(?=\S)")
# ... and alone, as a page copied whole gives it when it sets it apart: its story follows.
PLACE_DATELINE_ALONE = regex.compile(rf"{_PLACE_DATELINE}$")

# A photo's licensing link at the end of its caption line.
LICENSING_SUFFIX = re.compile(r"\s*Purchase Licensing Rights,? opens new tab\s*$")

# A photo credit at the end of a caption line: "Sputnik/Alexander Kazakov/Pool via REUTERS",
# "REUTERS/Evgenia Novozhenina", "Photo by Jane Doe/Getty Images", "(AP Photo/John Doe)", and
# a credit after its label, as a page copied from a browser gives it: "...on Tuesday.CreditDoug
# Mills/The New York Times", "Credit: Jane Doe" (not "Credit Suisse", a sentence's words).
CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*?[.!?)\"\u201d])(?:\s+|(?=Credit))(?P<label>Credit(?=[A-Z])|Credit:\s*)?"
    r"(?P<credit>(?(label)[\w.'\- ]{1,40}(?:/[\w.'\- ]{1,40}){0,3}"
    r"|(?:(?:[\w.'\- ]{1,30}/){1,3}[\w.'\- ]{1,30}?(?:\s+via\s+\w+)?"
    r"|REUTERS(?:/[\w.'\- ]{1,30}){1,3}"
    r"|\(?(?:Photo|Picture|Image)(?:\s+by|:)\s[^.]{1,60}"
    r"|\((?:AP|AFP|EPA)[^)]{0,60}\)"
    r")))(?<!\.)\s*$"
)
# What every credit above holds: most lines hold none of it, and are not tried at all.
_CREDIT_SIGNS = re.compile(r"/|\(|Photo|Picture|Image|Credit")


def caption_credit(text: str) -> re.Match | None:
    """`text` split into its caption and the photo credit at its end (CAPTION_CREDIT), or None."""
    return CAPTION_CREDIT.match(text) if _CREDIT_SIGNS.search(text) else None


def strip_dateline(blocks: list[Block], set_aside: list[SetAside]) -> list[Block]:
    """The dateline opening the first paragraph (an agency's, or a place's in capitals) is set
    aside; the paragraph stays. A first paragraph that is a dateline alone, above the story's,
    is set aside whole."""
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        match = DATELINE.match(block.text) or PLACE_DATELINE.match(block.text)
        if match and len(match.group("dateline")) < len(block.text):
            set_aside.append(SetAside(match.group("dateline").strip(), "dateline", block.line))
            blocks[i] = Block(block.kind, block.text[match.end() :], block.line)
        elif (match or PLACE_DATELINE_ALONE.match(block.text)) and i + 1 < len(blocks):
            set_aside.append(SetAside(block.text.strip(), "dateline", block.line))
            del blocks[i]
        break
    return blocks


def without_by(text: str) -> str:
    """A byline without its "By" ("By Jane Doe", "Par Jeanne Dupont")."""
    return _BY_PREFIX.sub("", text)


def without_role(text: str) -> str:
    """A byline without the author's role after the names ("Jane Doe, Staff writer")."""
    return _BYLINE_ROLE.sub("", text)


def byline_names(text: str) -> str:
    """The names of a byline ("By Jane Doe | Staff writer", "by Jeff Foust Monday, November
    18, 2019", "Posted Nov 19, 2019 by Jane Doe", "Jane Doe, Staff writer": "Jane Doe", "Jeff
    Foust"), or "" when what
    is left is not a few words (a date or a time alone: "2 hours ago on Tech")."""
    text = _DATE_THEN_BY.sub("", " ".join(text.split()), count=1)
    text = without_role(_BYLINE_END.sub("", without_by(text))).strip(" ,;-")
    return text if 0 < len(text.split()) <= 10 else ""


def byline_of(text: str) -> str:
    """The names a line of furniture gives as the article's byline: "By Jane Doe", "Reporting
    by Jane Doe and John Roe"; "" for any other line ("By our political correspondent")."""
    credits = BYLINE_LINES.fullmatch(text)
    if credits and text.lower().startswith("reporting by"):
        return credits.group("names").strip().rstrip(".")
    if _is_short_byline(text):
        return byline_names(text)
    return ""


# A date alone on its line is the story's own below its first lines of running text (those of
# eight words or more: a headline, a standfirst), in a timeline for one.
RUNNING_TEXT_WORDS = 8
_HEADER_LINES_OF_TEXT = 2


def line_reason(
    text: str, lines_of_text_before: int, detected: dict | None, extra: Iterable[str] = ()
) -> str:
    """Why `text`, a whole line or block, is furniture ("" when it is not), as its place in the
    story allows: `lines_of_text_before` is how many lines of running text (of
    `RUNNING_TEXT_WORDS` words or more) are above it. What a line of the story's header gives
    (a byline, the day it was published) goes into `detected`, when given, where nothing was
    found before."""
    reason = date_line_reason(text, lines_of_text_before, detected)
    if reason:
        return reason
    reason = furniture_reason(text, extra)
    names = byline_of(text) if reason == "byline" and detected is not None else ""
    if names:
        detected.setdefault("byline", names)
    return reason


def is_running_text(text: str) -> bool:
    """Whether a line is of the story's running text (a headline or standfirst may be), its
    words counted as `words_of` counts them (a Chinese line has no spaces between its words)."""
    return len(words_of(text)) >= RUNNING_TEXT_WORDS


def date_line_reason(text: str, lines_of_text_before: int, detected: dict | None) -> str:
    """Why `text` is a line of furniture that is only a date ("date line", or "byline" for a
    byline ending in its date), or "". One that says what it is (a label, "Published ...", or
    a byline) is furniture anywhere; a bare date ("7 February 2024") only in the story's
    header, above its third line of running text. What a date line in the header gives (the day
    the story was published or updated, its byline) goes into `detected` (when given) where
    nothing was found before; one further down is another story's, under a link copied with
    the page."""
    line = read_date_line(text) if len(text) <= 200 else None
    in_header = lines_of_text_before < _HEADER_LINES_OF_TEXT
    if not line or not (line.labelled or in_header):
        return ""
    names = byline_names(line.names) if line.names else ""
    if in_header and detected is not None:
        detected.setdefault(line.kind, line.day)
        if line.updated:
            detected.setdefault("modified", line.updated)
        if names:
            detected.setdefault("byline", names)
    return "byline" if line.names else "date line"

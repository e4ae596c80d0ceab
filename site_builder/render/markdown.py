"""Markdown, the markdown-it way: one parser for notes and content pages (prose), one for the
blocks of annotated Markdown (articles), extended with plugins and render rules, never by
editing the HTML they produce."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from functools import partial
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin

from ..read.media import MEDIA_FOLDER

# Lists and block quotes nest this deep in a note or page before the parser stops reading it
# (CommonMark's preset stops at 20 levels, 10 nested lists, and drops the rest of the text).
PROSE_NESTING = 64


def prose_parser() -> MarkdownIt:
    """Markdown for notes and pages: CommonMark plus tables; raw HTML is shown as text, and a
    link or image goes only where `safe_link` allows (else it stays text)."""
    md = MarkdownIt(
        "commonmark", {"html": False, "typographer": False, "maxNesting": PROSE_NESTING}
    ).enable("table")
    md.validateLink = partial(safe_link, md.validateLink)  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image)
    return md


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_GONE = "\0"  # where a comment was, until the lines it leaves are tidied


def without_comments(text: str) -> str:
    """`text` without its HTML comments (`<!-- for the desk only -->`), an editor's notes to
    the desk, never the readers': outside code (a fenced or indented block, a code span),
    each closed comment taken out, and a line it alone filled with it, so that the paragraph
    around it stays one. An unclosed `<!--` stays, as text."""
    if "<!--" not in text:
        return text
    lines = text.split("\n")
    in_code = [False] * len(lines)
    for token in _PROSE.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            for n in range(*token.map):
                in_code[n] = True
    out: list[str] = []
    run: list[str] = []
    for line, code in zip([*lines, ""], [*in_code, True], strict=True):
        if not code:
            run.append(line)
            continue
        out += _tidied("\n".join(run)) if run else []
        run = []
        out.append(line)
    return "\n".join(out[:-1])


def _tidied(text: str) -> list[str]:
    """The lines of `text` (no code block in it) without its comments."""

    def gone(match: re.Match) -> str:
        before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        return match.group() if before.count("`") % 2 else _GONE  # (in a code span: kept)

    lines = _COMMENT.sub(gone, text).split("\n")
    return [
        line.replace(_GONE, "")
        for line in lines
        if not (_GONE in line and not line.replace(_GONE, "").strip())
    ]


def _render_image(renderer, tokens: list[Token], idx: int, options, env) -> str:
    """An image of a note or page (a screenshot, most often) loads as the reader nears it."""
    tokens[idx].attrSet("loading", "lazy")
    return renderer.image(tokens, idx, options, env)


# A link's scheme: `https:`, `mailto:`, `ms-msdt:`.
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# What a browser drops from an address wherever it stands (tabs and line breaks), written as
# such or percent-encoded, as the parser leaves them: `java&#x09;script:` is `javascript:`.
_DROPPED = re.compile(r"[\t\n\r]|%0[9ad]", re.IGNORECASE)
LINK_SCHEMES = ("http", "https", "mailto", "tel")


def safe_link(markdown_its: Callable[[str], bool], url: str) -> bool:
    """Whether a note or page may link to `url` (normalised): an http(s) or mail address, or a
    page of the site (a relative address, or one from the site's root); not another scheme
    (`ms-msdt:`, `smb:`, which open programs), nor another host without one (`//host`). The
    images markdown-it allows inline (`data:image/png`) stay allowed, and so do phone numbers."""
    url = _DROPPED.sub("", url).strip()
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        return name in LINK_SCHEMES or (name == "data" and markdown_its(url))
    return not url.startswith("//")


_PROSE = prose_parser()


def media_name(document: str, url: str) -> tuple[str, str] | None:
    """The file of content/media/ that `url`, written in the Markdown file `document` (its path
    in the site: "content/claims/x.md"), leads to, as an editor's preview reads it: relative to
    the file ("../media/post.png"), or from the site's root ("/media/post.png"); with what
    follows its path ("#page=2"). None for any other address (with a scheme, or another host)."""
    url = url.strip()
    if _SCHEME.match(url) or url.startswith("//"):
        return None
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = unquote(url[:cut]), url[cut:]
    if not path:
        return None
    if path.startswith("/"):
        target = posixpath.normpath("content" + path)
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(document), path))
    prefix = MEDIA_FOLDER + "/"
    return (target[len(prefix) :], rest) if target.startswith(prefix) else None


# Where a link or an image of prose leads: the attribute holding its address.
_ADDRESSED = {"link_open": "href", "image": "src"}


# An address as a page needs it, and the width and height of the picture there, if known.
Addressed = tuple[str, tuple[int, int] | None]


def render_prose(text: str, address: Callable[[str], Addressed] | None = None, top: int = 1) -> str:
    """`text` as HTML; `address` gives each link's and image's address as the page needs it
    (a file of the site's media, written from the Markdown file's place), and an image's
    width and height where known (the page keeps its place as it loads). Its highest headings
    are of level `top` at least (see `_shift_headings`)."""
    text = without_comments(text)
    if address is None and top == 1:
        return _PROSE.render(text)
    tokens = _PROSE.parse(text)
    _shift_headings(tokens, top)
    if address is not None:
        _address(tokens, address)
    return _PROSE.renderer.render(tokens, _PROSE.options, {})


def _address(tokens: list[Token], address: Callable[[str], Addressed]) -> None:
    for token in _inline(tokens):
        attribute = _ADDRESSED.get(token.type)
        if not attribute or token.attrGet(attribute) is None:
            continue
        url, size = address(str(token.attrGet(attribute)))
        token.attrSet(attribute, url)
        if size and token.type == "image":
            token.attrSet("width", str(size[0]))
            token.attrSet("height", str(size[1]))


def _shift_headings(tokens: list[Token], top: int) -> None:
    """Move every heading down together so that the highest is of level `top`, none past 6:
    prose shown under a page's own headings (a note's analysis, under the claim and its
    "Analysis") that opens its sections with `#` gets no second main heading; prose whose
    highest headings are `top` or lower is left as written."""
    tags = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    shift = top - min((int(t.tag[1:]) for t in tags), default=top)
    if shift > 0:
        for token in tags:
            token.tag = f"h{min(6, int(token.tag[1:]) + shift)}"


def addresses(text: str) -> list[tuple[int, str, str | None]]:
    """(line of `text`, from 0; address; an image's text in words, None for a link) of each
    link and image of prose."""
    found = []
    for block in _PROSE.parse(text):
        line = (block.map or (0,))[0]
        for token in block.children or ():
            line += token.type in ("softbreak", "hardbreak")
            attribute = _ADDRESSED.get(token.type)
            if attribute and token.attrGet(attribute) is not None:
                words = token.content.strip() if token.type == "image" else None
                found.append((line, str(token.attrGet(attribute)), words))
    return found


def _inline(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield from token.children or ()


# A line that may open lists and block quotes PROSE_NESTING deep: their markers and indentation
# take about a character a level (`>`; a list takes two levels, and a tab may indent one), so
# such a line starts with far more than a quarter as many. Only a text with one is parsed to
# find out (`too_deep`).
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-\d.)]{{{PROSE_NESTING // 4},}}", re.MULTILINE)


def too_deep(text: str) -> int | None:
    """The line (from 0) of `text` from which the parser would leave text out, its lists and
    block quotes nested too deep (`PROSE_NESTING`), or None. (It goes on after the deepest
    block quote; the rest of a too deep list is lost.)"""
    if not _DEEP_PREFIX.search(text):
        return None
    deepest = max(_PROSE.parse(text), key=lambda token: token.level, default=None)
    if deepest is None or deepest.level < PROSE_NESTING - 1:
        return None
    return deepest.map[1] if deepest.map else 0


def _render_highlight_open(renderer, tokens: list[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    note_id = token.attrGet("data-claim")
    if note_id:
        token.attrSet("class", "hl")
        token.attrSet("aria-details", f"note-{note_id}")
        token.tag = "mark"
    return renderer.renderToken(tokens, idx, options, env)


def _render_highlight_close(renderer, tokens: list[Token], idx: int, options, env) -> str:
    """Close a span with the tag it was opened with (a highlight's `mark`, or `span`)."""
    depth = 0
    for token in reversed(tokens[:idx]):
        if token.type == "span_close":
            depth += 1
        elif token.type == "span_open" and depth:
            depth -= 1
        elif token.type == "span_open":
            tokens[idx].tag = token.tag
            break
    return renderer.renderToken(tokens, idx, options, env)


def _render_link_open(renderer, tokens: list[Token], idx: int, options, env) -> str:
    """A note's number beside its highlight is a link, not the article's text: the search index
    leaves it out (it would read "said1"), and a screen reader names it by the page's words
    for it (`note_label`, "Claim note %(number)s"), not "1"."""
    token = tokens[idx]
    if "note-ref" in (token.attrGet("class") or "").split():
        token.attrSet("data-pagefind-ignore", "")
        label = env.get("note_label")
        if label and idx + 1 < len(tokens) and tokens[idx + 1].type == "text":
            token.attrSet("aria-label", label % {"number": tokens[idx + 1].content})
    return renderer.renderToken(tokens, idx, options, env)


def _mark_block(state) -> None:
    """The block's outermost element gets `id="p-N"` (N: its paragraph number in the source)
    and `data-offset` (where its text starts in the source's body text)."""
    for token in state.tokens:
        if token.level == 0 and token.nesting == 1:
            token.attrSet("id", f"p-{state.env['number']}")
            token.attrSet("data-offset", str(state.env["offset"]))
            return


# What annotated Markdown never holds: its text escapes every character that could start one
# of these (`escape_markdown`), so the parser need not try them at every such character.
UNUSED_IN_ARTICLES = ["code", "fence", "hr", "html_block", "lheading", "reference"]
UNUSED_IN_ARTICLES += ["backticks", "emphasis", "image", "autolink", "html_inline", "entity"]


def article_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable(UNUSED_IN_ARTICLES)
    md.use(attrs_plugin, spans=True, allowed=["id", "class", "data-claim", "data-offset"])
    md.use(attrs_block_plugin, allowed=["id", "class"])
    md.add_render_rule("span_open", _render_highlight_open)
    md.add_render_rule("span_close", _render_highlight_close)
    md.add_render_rule("link_open", _render_link_open)
    md.core.ruler.push("mark_block", _mark_block)
    return md


_ARTICLE = article_parser()


def render_block(markdown: str, number: int, offset: int, note_label: str = "") -> str:
    """One block of annotated Markdown as HTML: each block is rendered from its own tokens, so
    blocks and their HTML correspond whatever the block's kind or text.

    Most blocks of an article are plain paragraphs: escaped text and nothing else, on one line
    (`_PLAIN`). The parser would make them one paragraph of one text token; that is what they
    are made into here, without the parse (`test_plain_blocks_render_as_the_parser_renders_them`
    holds the two to the same HTML)."""
    if _PLAIN.fullmatch(markdown) and not markdown[0].isspace() and not markdown[-1].isspace():
        text = _ESCAPED.sub(r"\1", markdown)
        return f'<p id="p-{number}" data-offset="{offset}">{escapeHtml(text)}</p>\n'
    return _ARTICLE.render(markdown, {"number": number, "offset": offset, "note_label": note_label})


# A plain paragraph of annotated Markdown: backslash escapes (`escape_markdown`'s) and characters
# that start nothing, inline or at the start of a line, without a line break or a tab.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_STARTS_NOTHING = r"[^\\`*_\[\]{}<>&!|~#\n\r\t\x00\x0b\x0c\d+=>-]"
_PLAIN = re.compile(
    rf"(?:{_STARTS_NOTHING}|\\[!-/:-@\[-`{{-~])(?:[^\\\n\r\t\x00\x0b\x0c`*_\[\]{{}}<>&!|~]|\\[!-/:-@\[-`{{-~])*"
)

"""YAML and front matter that remember line numbers, so every problem can name its line.

Front matter is split by python-frontmatter with a YAML handler whose loader records where each
key and item starts, and leaves out of text the control characters that YAML's escapes can make. The loader is libyaml's (`CSafeLoader`) when PyYAML was built with it, and
PyYAML's pure-Python `SafeLoader` otherwise; both give the same values and lines.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

# Control characters other than tab and line ends: no text means them, and some (NUL) are not
# allowed in a page at all. Those that separate (vertical tab, form feed, next line) become
# spaces; the others go, and so do U+FFFE and U+FFFF, which no text means either and which an
# XML file (the feeds, the sitemap) may not hold.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_controls(text: str) -> str:
    if text.isprintable():  # most text, at once: no control character can be in it
        return text
    return _CONTROLS.sub(lambda m: " " if m.group() in "\x0b\x0c\x85" else "", text)


class LineDict(dict):
    """A mapping from YAML; `line` is where it starts, `lines[key]` where each key is (1-based),
    `written[key]`, for a key read under another name (a web clipper's `source` as `url`),
    the name the file gives it, and `numbers[key]`, for a value YAML reads as a number, the
    number as written (`3.50`, `8:30`, `012`: 3.5, 510 and 10 to YAML)."""

    line: int = 0
    lines: dict
    written: dict = {}  # noqa: RUF012 (never changed: a renaming mapping gets its own)
    numbers: dict = {}  # noqa: RUF012 (never changed: a mapping with numbers gets its own)


class LineList(list):
    """A sequence from YAML; `lines[i]` is where item i starts (1-based)."""

    line: int = 0
    lines: list


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, line: int, key: object):
        super().__init__(f"duplicate key {key!r}")
        self.line = line


def _construct_mapping(loader, node, deep=False) -> LineDict:
    """A mapping with the line of each key; a key twice is an error at its second line. Merge
    keys (`<<: *defaults`) give their keys first, which the mapping's own keys override."""
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # the merged keys first, then the mapping's own
    merged = len(node.value) - own
    own_keys = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise _problem_at(key_node, "a key must be a single value, not a list or a mapping")
        result[key] = loader.construct_object(value_node, deep=True)
        if value_node.tag in _NUMBERS:
            if not result.numbers:
                result.numbers = {}
            result.numbers[key] = value_node.value
        if index < merged:  # a merged key's line is where the mapping merges it
            result.lines[key] = node.start_mark.line + 1
            continue
        if key in own_keys:
            raise _DuplicateKey(key_node.start_mark.line + 1, key)
        own_keys.add(key)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _construct_sequence(loader, node, deep=False) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_text(loader, node) -> str:
    """Text as YAML reads it, without the control characters its escapes can give ("\\a")."""
    return without_controls(loader.construct_scalar(node))


def _construct_timestamp(loader, node):
    """A date as YAML reads it; one that does not exist ("2024-13-45") is an error at its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise _problem_at(node, f"{node.value!r} is not a date ({exc})") from None


def _problem_at(node, problem: str) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


def _line_loader(base: type) -> type:
    """A safe loader class whose mappings and sequences carry their lines, and whose dates
    that do not exist are errors at their lines (built once)."""
    loader = type(f"Line{base.__name__}", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return loader


PURE_LOADER = _line_loader(yaml.SafeLoader)
FAST_LOADER = _line_loader(yaml.CSafeLoader) if yaml.__with_libyaml__ else PURE_LOADER


def load_yaml(text: str, loader: type = FAST_LOADER) -> Any:
    """Parse YAML; mappings and lists carry line numbers. Raises YamlError with the line."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader)
    except _DuplicateKey as exc:
        raise YamlError(exc.line, str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"malformed YAML: {exc.problem or exc}"
        context = exc.context or ""
        if exc.context_mark and ("flow" in context or "quoted" in context):
            # an unclosed [, { or quote: where it opened, not where the reader gave up
            opened = exc.context_mark.line + 1
            if opened != line:
                what = "quote" if "quoted" in context else "bracket"
                message += f" (the {what} opened here is not closed by line {line})"
                line = opened
        elif exc.context_mark and "simple key" in context:
            line = exc.context_mark.line + 1  # the line without its ':', not the one after
        raise YamlError(line, message + _advice(exc, text, line)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"malformed YAML: {exc}") from None


# A value in quotes followed by more on its line: `quote: "the figure was "a fantasy""`, or
# `claim: 'it's'`. The quotes inside closed it.
_CLOSED_EARLY = re.compile(
    r"""\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?"""
    r"""(?:(?P<mark>")(?:[^"\\]|\\.)*"|(?P<apostrophe>')(?:[^']|'')*')[ \t]*[^\s#:,\]}]"""
)


def _advice(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """What to do about the commonest YAML mistakes, in words the parser does not use."""
    lines = text.splitlines()
    written = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in written:
        return ": this line has a tab, and YAML indents with spaces only"
    problem = exc.problem or ""
    closed = _CLOSED_EARLY.match(written)
    if closed:
        if closed["mark"] == '"':
            return (
                ": the quotation marks around this value close before its end: write the marks"
                " inside it as “ ” or ', or put the whole value in single quotes"
            )
        return (
            ": the single quotes around this value close at its apostrophe: write the"
            " apostrophe twice ('') or as ’, or put the whole value in double quotes"
        )
    if problem == "could not find expected ':'":
        return (
            ": this line has no ':' after its key; write key: value (or, if it goes on from the"
            " line above, indent it)"
        )
    if problem.startswith("mapping values are not allowed"):
        return ": a value holding ': ' needs quotes around it (or this line is indented wrongly)"
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return ": check this line's indentation against the lines above it"
    return ""


class LineYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, splitting on `---` lines only, loading with lines.
    The front matter it hands over starts with the newline that ends the opening `---`, so a
    line number in it is a line number in the file."""

    FM_BOUNDARY = re.compile(r"^-{3}[ \t]*\r?$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return load_yaml(fm)


HANDLER = LineYAMLHandler()


@dataclass(frozen=True)
class FrontMatterDocument:
    metadata: LineDict
    body: str
    body_line: int  # the file line on which the body starts


def _empty() -> LineDict:
    empty = LineDict()
    empty.line, empty.lines = 1, {}
    return empty


# A line that front matter may hold: blank, indented, a comment, a list item or `key:`.
_FRONT_MATTER_LINE = re.compile(r"\s|#|-|[\w-]+:|\r?$")


def _never_closed(text: str) -> str:
    """Front matter without its closing `---`: where to put it, above the first line that
    front matter cannot hold (where the text starts), else after the fields."""
    message = "the front matter opened with '---' is never closed by '---': add a line '---'"
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if not _FRONT_MATTER_LINE.match(line):
            return f"{message} above line {number}, where the text starts"
    return f"{message} after the last field"


# Blank lines, then a `---` line and a `key:`: front matter that does not open the file, which
# would be read as text (a rule, and its fields as a heading).
_BELOW_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+(?=-{3}[ \t]*\r?\n[\w-]+:)")


def split_front_matter(text: str) -> FrontMatterDocument:
    """Split `---` front matter from a Markdown body. Missing front matter gives empty metadata."""
    if not HANDLER.detect(text):
        below = _BELOW_BLANK_LINES.match(text)
        if below:
            line = text.count("\n", 0, below.end()) + 1
            raise YamlError(
                1,
                f"the front matter's opening '---' is on line {line}, not the first: remove the"
                " blank lines above it",
            )
        return FrontMatterDocument(_empty(), text, 1)
    try:
        front, body = HANDLER.split(text)
    except ValueError:  # an opening `---` and no closing one
        raise YamlError(1, _never_closed(text)) from None
    metadata = HANDLER.load(front)
    if metadata is None:
        metadata = _empty()
    if not isinstance(metadata, dict):
        raise YamlError(2, "front matter must be a mapping of keys to values")
    body = body[2:] if body.startswith("\r\n") else body[1:] if body.startswith("\n") else body
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return FrontMatterDocument(metadata, body, body_line)


def line_of(mapping: Any, key: str) -> int:
    """The line of `key` in a LineDict, else the mapping's own line, else 0."""
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key) or getattr(mapping, "line", 0)

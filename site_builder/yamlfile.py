"""YAML and front matter that remember line numbers, so every problem can name its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml


class LineDict(dict):
    """A mapping from YAML; `line` is where it starts, `lines[key]` where each key is (1-based)."""

    line: int = 0
    lines: dict


class LineList(list):
    """A sequence from YAML; `lines[i]` is where item i starts (1-based)."""

    line: int = 0
    lines: list


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _make_loader(line_offset: int) -> type:
    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        result = LineDict()
        result.line = node.start_mark.line + 1 + line_offset
        result.lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise YamlError(
                    key_node.start_mark.line + 1 + line_offset, f"duplicate key {key!r}"
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1 + line_offset
        return result

    def construct_sequence(loader, node, deep=False):
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1 + line_offset
        result.lines = [child.start_mark.line + 1 + line_offset for child in node.value]
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML; mappings and lists carry line numbers. Raises YamlError with the file line."""
    try:
        return yaml.load(text, Loader=_make_loader(line_offset))  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else line_offset + 1
        raise YamlError(line, f"malformed YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(line_offset + 1, f"malformed YAML: {exc}") from None


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass(frozen=True)
class FrontMatterDocument:
    metadata: LineDict
    body: str
    body_line: int  # the file line on which the body starts


def split_front_matter(text: str) -> FrontMatterDocument:
    """Split `---` front matter from a Markdown body. Missing front matter gives empty metadata."""
    match = FRONT_MATTER.match(text)
    if not match:
        empty = LineDict()
        empty.line, empty.lines = 1, {}
        return FrontMatterDocument(empty, text, 1)
    metadata = load_yaml(match.group(1), line_offset=1)
    if metadata is None:
        metadata = LineDict()
        metadata.line, metadata.lines = 1, {}
    if not isinstance(metadata, dict):
        raise YamlError(2, "front matter must be a mapping of keys to values")
    body_line = text.count("\n", 0, match.end()) + 1
    return FrontMatterDocument(metadata, text[match.end() :], body_line)


def line_of(mapping: Any, key: str) -> int:
    """The line of `key` in a LineDict, else the mapping's own line, else 0."""
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key) or getattr(mapping, "line", 0)

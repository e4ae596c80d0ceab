"""Reading values out of YAML front matter: text, dates, lists, and the line of each item."""

from __future__ import annotations

import datetime as dt

from ..diagnostics import Diagnostics
from .yamlfile import line_of


def text_value(value) -> str:
    return "" if value is None else str(value)


def date_value(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return text_value(value)


def string_list(rel: str, meta: dict, key: str, diags: Diagnostics) -> list[str]:
    value = meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        diags.error(rel, line_of(meta, key), f"{key} must be a list")
        return []
    return [str(item) for item in value]


def item_line(meta: dict, key: str, index: int) -> int:
    """The line of item `index` of the list at `key`, else the key's line."""
    items = meta.get(key)
    lines = getattr(items, "lines", None)
    return lines[index] if lines and index < len(lines) else line_of(meta, key)


def unknown_keys(rel: str, mapping: dict, known, what: str, diags: Diagnostics) -> None:
    """A warning at each key of `mapping` that is not one of `known` (a misspelt key would
    otherwise be ignored without a word); `what` names the keys ("quote key")."""
    for key in mapping:
        if key not in known:
            diags.warning(
                rel,
                line_of(mapping, key),
                f"unknown {what} {key!r}",
                "known keys: " + ", ".join(sorted(known)),
            )

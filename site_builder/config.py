"""Site settings: `content/site.yaml` merged over defaults, then checked."""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostics
from .yamlfile import YamlError, line_of, load_yaml

SETTINGS_PATH = "content/site.yaml"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

DEFAULTS: dict = {
    "title": "Fact checks",
    "tagline": "",
    "description": "",
    "base_url": "/",
    "language": "en",
    "publisher": {"name": "", "url": ""},
    "page_size": 20,
    "furniture_patterns": [],
    "display": "full",
    "stories": {},
    "cname": "",
    # The content pages (by file name) that the publisher's Trust Project properties point at.
    "policies": {
        "publishing_principles": "methodology",
        "verification_fact_checking_policy": "methodology",
        "corrections_policy": "corrections",
        "ownership_funding_info": "about",
    },
    "verdicts": {
        "accurate": {
            "label": "Accurate",
            "meaning": "The claim is correct.",
            "colour": "#17603a",
            "place": 3,
        },
        "misleading": {
            "label": "Misleading",
            "meaning": "Partly right, but misleading.",
            "colour": "#8a4b00",
            "place": 2,
        },
        "inaccurate": {
            "label": "Inaccurate",
            "meaning": "The claim is wrong.",
            "colour": "#a4161a",
            "place": 1,
        },
        "unverified": {
            "label": "Unverified",
            "meaning": "Could not be checked.",
            "colour": "#555555",
        },
    },
}


def load_settings(root: Path, diags: Diagnostics) -> dict:
    """The site's settings; every problem is reported as "content/site.yaml:LINE: ..."."""
    settings = {key: value for key, value in DEFAULTS.items()}
    path = root / SETTINGS_PATH
    if not path.is_file():
        return settings
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except YamlError as exc:
        diags.error(SETTINGS_PATH, exc.line, exc.message)
        return settings
    if not isinstance(data, dict):
        diags.error(SETTINGS_PATH, 1, "the settings must be a mapping of keys to values")
        return settings
    for key, value in data.items():
        if key not in DEFAULTS:
            diags.warning(
                SETTINGS_PATH, line_of(data, key), f"Config value {key!r}: unknown setting"
            )
        settings[key] = value
    _check_settings(settings, data, diags)
    return settings


def _check_settings(settings: dict, data: dict, diags: Diagnostics) -> None:
    if not isinstance(settings["page_size"], int) or settings["page_size"] < 1:
        diags.error(
            SETTINGS_PATH,
            line_of(data, "page_size"),
            "Config value 'page_size': must be a whole number >= 1",
        )
        settings["page_size"] = DEFAULTS["page_size"]
    if not str(settings["base_url"]).endswith("/"):
        settings["base_url"] = str(settings["base_url"]) + "/"
    patterns = settings.get("furniture_patterns") or []
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            line = (
                patterns.lines[i]
                if hasattr(patterns, "lines")
                else line_of(data, "furniture_patterns")
            )
            diags.error(
                SETTINGS_PATH,
                line,
                f"Config value 'furniture_patterns': bad pattern {pattern!r}: {exc}",
            )
    verdicts = settings.get("verdicts")
    if not isinstance(verdicts, dict) or not verdicts:
        diags.error(
            SETTINGS_PATH,
            line_of(data, "verdicts"),
            "Config value 'verdicts': must map verdict keys to their label, meaning and colour",
        )
        settings["verdicts"] = DEFAULTS["verdicts"]
        return
    for key, verdict in verdicts.items():
        line = line_of(verdicts, key)
        if not isinstance(verdict, dict):
            diags.error(SETTINGS_PATH, line, f"Config value 'verdicts.{key}': must be a mapping")
            verdicts[key] = {"label": str(key)}
            continue
        for field in ("label", "meaning", "colour"):
            if not verdict.get(field):
                diags.error(
                    SETTINGS_PATH, line, f"Config value 'verdicts.{key}': missing {field!r}"
                )
        colour = str(verdict.get("colour", ""))
        if colour and not COLOUR.fullmatch(colour):
            diags.error(
                SETTINGS_PATH,
                line_of(verdict, "colour"),
                f"Config value 'verdicts.{key}.colour': use #rrggbb, not {colour!r}",
            )
            verdict["colour"] = "#555555"
        place = verdict.get("place")
        if place is not None and not isinstance(place, int):
            diags.error(
                SETTINGS_PATH,
                line_of(verdict, "place"),
                f"Config value 'verdicts.{key}.place': must be a whole number, or left out",
            )
    places = [
        v.get("place")
        for v in verdicts.values()
        if isinstance(v, dict) and isinstance(v.get("place"), int)
    ]
    settings["scale_best"] = max(places, default=None)
    settings["scale_worst"] = min(places, default=None)

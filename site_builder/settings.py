"""Site settings: `content/site.yaml` merged over defaults, checked, and frozen into `Settings`.
Every problem reads "content/site.yaml:LINE: Config value 'x': ..."."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import regex

from .diagnostics import Diagnostics
from .read.fields import (
    LANGUAGE_TAG,
    did_you_mean,
    english,
    id_problem,
    read_as,
    read_text_file,
    text_at,
    unknown_keys,
    url_problem,
)
from .read.yamlfile import YamlError, line_of, load_yaml
from .urls import slug
from .verdict_scale import DEFAULT_VERDICTS, default_verdicts, scale_language

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
    "verdicts": DEFAULT_VERDICTS,
}


@dataclass(frozen=True)
class Verdict:
    """One step of the verdict scale. `place` orders the rated verdicts (higher is more
    accurate); `rated: false` marks notes that give context without rating a claim."""

    key: str
    label: str
    meaning: str = ""
    colour: str = "#555555"
    place: int | None = None
    rated: bool = True


@dataclass(frozen=True)
class Settings:
    title: str = DEFAULTS["title"]
    tagline: str = ""
    description: str = ""
    base_url: str = "/"
    language: str = "en"
    publisher_name: str = ""
    publisher_url: str = ""
    page_size: int = 20
    furniture_patterns: tuple[str, ...] = ()
    display: str = "full"
    story_titles: tuple[tuple[str, str], ...] = ()
    cname: str = ""
    policies: tuple[tuple[str, str], ...] = tuple(DEFAULTS["policies"].items())
    verdicts: tuple[Verdict, ...] = field(default_factory=tuple)
    # where site.yaml sets `language` (for a problem with the language's theme words), or 0
    language_line: int = field(default=0, compare=False)
    cname_line: int = field(default=0, compare=False)  # where site.yaml sets `cname`, or 0
    # where site.yaml sets each policy it sets (for a page it names that is not there)
    policy_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    # where site.yaml gives each story's title (for a title no source's story takes)
    story_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def verdict(self, key: str) -> Verdict:
        """The verdict of `key` (the one lookup every page and file uses)."""
        for verdict in self.verdicts:
            if verdict.key == key:
                return verdict
        return Verdict(key, key)

    @property
    def verdict_keys(self) -> tuple[str, ...]:
        return tuple(v.key for v in self.verdicts)

    @property
    def verdict_labels(self) -> dict[str, str]:
        """Each verdict's key with its label."""
        return {v.key: v.label for v in self.verdicts}

    @property
    def scale_best(self) -> int | None:
        return max((v.place for v in self.verdicts if v.place is not None), default=None)

    @property
    def scale_worst(self) -> int | None:
        return min((v.place for v in self.verdicts if v.place is not None), default=None)

    def story_title(self, story_id: str, otherwise: str = "") -> str:
        """The title `stories:` gives the story, under its id or another spelling of it (one
        of the same address: "Flood Relief", "flood-relief"), else `otherwise`, else its id
        as words."""
        exact, by_address = _story_titles_by(self.story_titles)
        title = exact.get(story_id) or by_address.get(slug(story_id))
        return title or otherwise or _humanise(story_id)

    def policy(self, key: str) -> str:
        return dict(self.policies).get(key, "")

    def absolute_url(self, path: str = "") -> str:
        """The absolute URL of a site path such as "claims/x/" (sitemap, feed, meta tags),
        its letters of other scripts percent-encoded ("tags/мир/" -> "tags/%D0%BC%D0%B8%D1%80/"),
        as sitemaps and feeds require."""
        return quote(self.base_url + path.lstrip("/"), safe=URL_SAFE)  # (hosts are ASCII)

    def with_base_url(self, base_url: str | None) -> Settings:
        return self if not base_url else replace(self, base_url=base_url.rstrip("/") + "/")


# What stays as it is in an absolute URL's path: ASCII but for space and the characters that
# a URL may not hold ("<>{}|\\^`).
URL_SAFE = "/?#[]@!$&'()*+,;=:%~"


def base_url_problem(value: str) -> str | None:
    """Why `value` cannot be the site's base URL (None if it can): the site's http(s) address,
    or the path it is served at. It reaches links and `<script src>`: nothing else may."""
    is_path = value.startswith("/") and not value.startswith("//")
    try:
        parts = urlsplit(value)
    except ValueError:  # brackets around no IPv6 address ("https://[]example.org/")
        parts = None
    plain = parts is not None and not (
        parts.query or parts.fragment or "?" in value or "#" in value or "@" in parts.netloc
    )
    plain = plain and "\\" not in value  # a browser reads /\host as //host: another site
    plain = plain and not any(c in value for c in '"<>{}|^`')  # characters no address holds
    if plain and (
        (is_path and not any(c.isspace() or ord(c) < 32 for c in value))
        or (not is_path and url_problem(value) is None)
    ):
        return None
    return (
        f"{value[:80]!r} is neither the site's address (https://example.org/fact-checks/) "
        "nor the path it is served at (/fact-checks/), without a query, fragment or password"
    )


# A host name: labels of letters, digits and hyphens (or punycode), dot-separated.
_HOST = re.compile(
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}", re.I
)


def _language(language: str, data: dict, diags: Diagnostics) -> str:
    if not LANGUAGE_TAG.fullmatch(language):
        _problem(diags, data, "language", f"{language[:40]!r} is not a language tag (en, pt-BR)")
        return "en"
    return language


def _cname(cname: str, data: dict, diags: Diagnostics) -> str:
    """The custom domain for GitHub Pages' CNAME file: a bare host name, or nothing."""
    if cname and not _HOST.fullmatch(cname):
        _problem(
            diags, data, "cname", f"{cname[:80]!r} is not a bare host name (factcheck.example.org)"
        )
        return ""
    return cname


@lru_cache(maxsize=4)
def _story_titles_by(titles: tuple[tuple[str, str], ...]) -> tuple[dict, dict]:
    """The titles by story id as written, and by address (the first of an address's ids)."""
    by_address: dict[str, str] = {}
    for story_id, title in titles:
        by_address.setdefault(slug(story_id), title)
    return dict(titles), by_address


def _humanise(story_id: str) -> str:
    """A story's id as words: "bridge-closure" -> "Bridge closure", "nato-summit-UK" -> "Nato
    summit UK"; an id written as words ("Farenthold and the NRCC"), a date or symbols alone
    ("-_-") stay as written."""
    words = story_id.replace("-", " ").replace("_", " ")
    if " " in story_id or not any(c.isalpha() for c in words):
        return story_id
    return words[:1].upper() + words[1:]


def load_settings(root: Path, diags: Diagnostics) -> Settings:
    """The site's settings; every problem is reported as "content/site.yaml:LINE: ..."."""
    path = root / SETTINGS_PATH
    if not os.path.lexists(path):
        return settings_from(dict(DEFAULTS), {}, diags)
    text = read_text_file(path, SETTINGS_PATH, diags, "settings file")  # (a folder: an error)
    if text is None:
        return settings_from(dict(DEFAULTS), {}, Diagnostics())
    try:
        data = load_yaml(text) or {}
    except YamlError as exc:
        diags.error(SETTINGS_PATH, exc.line, exc.message)
        return settings_from(dict(DEFAULTS), {}, Diagnostics())
    if not isinstance(data, dict):
        diags.error(SETTINGS_PATH, 1, "the settings must be a mapping of keys to values")
        return settings_from(dict(DEFAULTS), {}, Diagnostics())
    merged = dict(DEFAULTS)
    for key, value in data.items():
        if key not in DEFAULTS:
            diags.warning(
                SETTINGS_PATH,
                line_of(data, key),
                f"Config value {key!r}: unknown setting",
                did_you_mean(key, DEFAULTS) + "the settings: " + ", ".join(sorted(DEFAULTS)),
            )
            continue
        merged[key] = value
    return settings_from(merged, data, diags)


def settings_from(merged: dict, data: dict, diags: Diagnostics) -> Settings:
    """Check the merged values (`data` is the file, for line numbers) and freeze them."""
    text = {key: _text(merged, data, key, diags) for key in TEXT_KEYS}
    publisher = merged.get("publisher") or {}
    if not isinstance(publisher, dict):
        _problem(diags, data, "publisher", "must map 'name' and 'url'")
        publisher = {}
    publisher_url = str(publisher.get("url") or "")
    problem = url_problem(publisher_url)
    if problem:
        line = line_of(publisher, "url") if isinstance(publisher, dict) else 0
        _problem(diags, data, "publisher", f"url: {problem}", line)
        publisher_url = ""
    base_url = text["base_url"] or "/"
    problem = base_url_problem(base_url)
    if problem:
        _problem(diags, data, "base_url", problem)
        base_url = "/"
    return Settings(
        title=text["title"] or DEFAULTS["title"],
        tagline=text["tagline"],
        description=text["description"],
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        language=_language(text["language"] or "en", data, diags),
        publisher_name=str(publisher.get("name") or ""),
        publisher_url=publisher_url,
        page_size=_page_size(merged, data, diags),
        furniture_patterns=_furniture_patterns(merged, data, diags),
        display=_display(merged, data, diags),
        story_titles=_story_titles(merged, data, diags),
        cname=_cname(text["cname"].strip(), data, diags),
        policies=_policies(merged, data, diags),
        verdicts=_verdicts(merged, data, diags),
        language_line=line_of(data, "language") if "language" in data else 0,
        cname_line=line_of(data, "cname") if "cname" in data else 0,
        policy_lines=tuple((key, line_of(given, key)) for key in given)
        if isinstance(given := data.get("policies"), dict)
        else (),
        story_lines=tuple((str(key), line_of(stories, key)) for key in stories)
        if isinstance(stories := data.get("stories"), dict)
        else (),
    )


TEXT_KEYS = ("title", "tagline", "description", "base_url", "language", "cname")


def _problem(diags: Diagnostics, data: dict, key: str, message: str, line: int = 0) -> None:
    diags.error(SETTINGS_PATH, line or line_of(data, key), f"Config value {key!r}: {message}")


def _text(merged: dict, data: dict, key: str, diags: Diagnostics) -> str:
    value = merged.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        _problem(diags, data, key, "must be text")
        return str(DEFAULTS[key])
    if isinstance(value, bool):  # `language: no` (Norwegian)
        _problem(diags, data, key, read_as(value))
        return str(DEFAULTS[key])
    return text_at(data, key) if key in data else str(value)


def _page_size(merged: dict, data: dict, diags: Diagnostics) -> int:
    size = merged.get("page_size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        _problem(diags, data, "page_size", "must be a whole number >= 1")
        return DEFAULTS["page_size"]
    return size


def _furniture_patterns(merged: dict, data: dict, diags: Diagnostics) -> tuple[str, ...]:
    patterns = merged.get("furniture_patterns") or []
    if not isinstance(patterns, list):
        _problem(diags, data, "furniture_patterns", "must be a list of regular expressions")
        return ()
    kept = []
    for i, pattern in enumerate(patterns):
        line = patterns.lines[i] if hasattr(patterns, "lines") else 0
        try:
            regex.compile(pattern)  # as the readers compile it (see read.furniture)
        except (regex.error, TypeError) as exc:
            _problem(diags, data, "furniture_patterns", f"bad pattern {pattern!r}: {exc}", line)
            continue
        kept.append(pattern)
    return tuple(kept)


def _display(merged: dict, data: dict, diags: Diagnostics) -> str:
    display = str(merged.get("display") or "full")
    if display not in ("full", "excerpts"):
        _problem(diags, data, "display", f"must be 'full' or 'excerpts', not {display!r}")
        return "full"
    return display


def _story_titles(merged: dict, data: dict, diags: Diagnostics) -> tuple[tuple[str, str], ...]:
    stories = merged.get("stories") or {}
    if not isinstance(stories, dict):
        _problem(diags, data, "stories", "must map story ids to {title: ...}")
        return ()
    titles = []
    for story_id, value in stories.items():
        title = value.get("title") if isinstance(value, dict) else value
        if isinstance(title, (dict, list, bool)):
            where = value if isinstance(value, dict) and "title" in value else stories
            line = line_of(where, "title" if where is value else story_id)
            _problem(diags, data, "stories", f"{story_id}: the title must be text", line)
        elif title:
            titles.append((str(story_id), str(title)))
    return tuple(titles)


def _policies(merged: dict, data: dict, diags: Diagnostics) -> tuple[tuple[str, str], ...]:
    """Each Trust Project policy the site names, with its content page's name (`corrections`
    for content/pages/corrections.md); a key that is none is a warning, as any unknown key."""
    policies = _string_pairs(merged, data, "policies", diags)
    given = data.get("policies")
    if isinstance(given, dict):
        where = "Config value 'policies': "
        unknown_keys(
            SETTINGS_PATH, given, DEFAULTS["policies"], "policy", diags, where, "the policies"
        )
    return tuple((key, page) for key, page in policies if key in DEFAULTS["policies"])


def _string_pairs(merged: dict, data: dict, key: str, diags: Diagnostics) -> tuple:
    value = merged.get(key) or {}
    if not isinstance(value, dict):
        _problem(diags, data, key, "must be a mapping")
        return tuple(DEFAULTS[key].items())
    return tuple((str(k), str(v or "")) for k, v in value.items())


def _verdicts(merged: dict, data: dict, diags: Diagnostics) -> tuple[Verdict, ...]:
    verdicts = merged.get("verdicts")
    language = str(merged.get("language") or "en")
    if "verdicts" not in data:  # the default scale, in the site's language where it has one
        verdicts = default_verdicts(language)
        foreign = LANGUAGE_TAG.fullmatch(language) and not english(language)
        if foreign and not scale_language(language):
            diags.info(
                SETTINGS_PATH,
                line_of(data, "language"),
                "the verdict scale is the default one, whose labels and meanings are English",
                "write your own under verdicts: in content/site.yaml, in the site's language",
            )
    if not isinstance(verdicts, dict) or not verdicts:
        _problem(
            diags, data, "verdicts", "must map verdict keys to their label, meaning and colour"
        )
        verdicts = default_verdicts(language)
    return tuple(
        _verdict(str(key), entry, diags, line_of(verdicts, key)) for key, entry in verdicts.items()
    )


def _verdict(key: str, entry, diags: Diagnostics, line: int) -> Verdict:
    name = f"verdicts.{key}"
    problem = id_problem(key)
    if problem:
        diags.error(SETTINGS_PATH, line, f"Config value {name!r}: a verdict key {problem}")
        key = "unrated"  # stands in, so that the rest of the entry is still checked
    if not isinstance(entry, dict):
        diags.error(SETTINGS_PATH, line, f"Config value {name!r}: must be a mapping")
        return Verdict(key, key)
    for wanted in ("label", "meaning", "colour"):
        if wanted == "colour" and "colour" in entry and entry["colour"] is None:
            diags.error(  # `colour: #17603a`: YAML reads what follows # as a comment
                SETTINGS_PATH,
                line_of(entry, "colour"),
                f"Config value '{name}.colour': is empty",
                'put the colour in quotes: colour: "#17603a" (YAML reads what follows # as a '
                "comment)",
            )
        elif not entry.get(wanted):
            diags.error(SETTINGS_PATH, line, f"Config value {name!r}: missing {wanted!r}")
    colour = str(entry.get("colour") or "#555555")
    if not COLOUR.fullmatch(colour):
        diags.error(
            SETTINGS_PATH,
            line_of(entry, "colour"),
            f"Config value '{name}.colour': use #rrggbb, not {colour!r}",
        )
        colour = "#555555"
    place = entry.get("place")
    if place is not None and (isinstance(place, bool) or not isinstance(place, int)):
        diags.error(
            SETTINGS_PATH,
            line_of(entry, "place"),
            f"Config value '{name}.place': must be a whole number, or left out",
        )
        place = None
    rated = entry.get("rated", True)
    if not isinstance(rated, bool):
        diags.error(
            SETTINGS_PATH, line_of(entry, "rated"), f"Config value '{name}.rated': true or false"
        )
        rated = True
    if not rated and place is not None:
        diags.error(
            SETTINGS_PATH,
            line_of(entry, "place"),
            f"Config value '{name}': a verdict that is not rated has no place on the scale",
        )
        place = None
    for extra in entry:
        if extra not in ("label", "meaning", "colour", "place", "rated"):
            diags.warning(
                SETTINGS_PATH, line_of(entry, extra), f"Config value '{name}.{extra}': unknown key"
            )
    return Verdict(
        key,
        str(entry.get("label") or key),
        str(entry.get("meaning") or ""),
        colour,
        place,
        rated,
    )

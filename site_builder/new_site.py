"""`site-builder new site`: a new site's folders and settings, its verdict scale written out in
its language, ready for seeds, notes and pages."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .new import ScaffoldError
from .read.fields import language_problem
from .settings import SETTINGS_PATH, base_url_problem
from .verdict_scale import default_verdicts

FOLDERS = ("seeds", "content/claims", "content/pages", "content/media")
KEEP = ".gitkeep"  # an empty folder, kept by git
NEXT_STEPS = """\
Next:
  put an article in seeds/              site-builder new source <a saved page, or a .txt file>
  check a claim in it                   site-builder new claim "<the claim>" --source <id> --quote "<its words>"
  write content/pages/methodology.md, corrections.md and about.md (the footer, ClaimReview and
  the Trust Project links point at them), and set base_url and publisher in content/site.yaml
  see it as you write                   site-builder serve --open"""


def new_site(root: Path, title: str, language: str = "en", base_url: str = "/") -> list[Path]:
    """A new site in `root` (made if need be): its folders, `content/site.yaml` and an empty
    `content/entities.yaml`; returns the files written. `root` may hold other files (a
    repository's), but no site: neither `content/` nor `seeds/`."""
    problems = list(_problems(root, title, language, base_url))
    if problems:
        raise ScaffoldError("; ".join(problems))
    written = []
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True)
        written.append(_create(root / folder / KEEP, ""))
    written.append(_create(root / SETTINGS_PATH, settings_text(title, language, base_url)))
    written.append(_create(root / "content/entities.yaml", ENTITIES))
    if not (root / ".gitignore").exists():
        written.append(_create(root / ".gitignore", "build/\n"))
    return written


def _problems(root: Path, title: str, language: str, base_url: str):
    there = [name for name in ("content", "seeds") if os.path.lexists(root / name)]
    if there:
        yield (
            f"{' and '.join(f'{name}/' for name in there)} of a site are in {root} already (start "
            "the new site in another folder, or remove them first)"
        )
    if os.path.lexists(root) and not root.is_dir():
        yield f"{root} is a file, not a folder"
    if not title.strip():
        yield 'the site needs a title: --title "..."'
    if language_problem(language):
        yield f"--language {language!r} {language_problem(language)}"
    problem = base_url_problem(base_url)
    if problem:
        yield f"--base-url {problem}"


def _create(path: Path, text: str) -> Path:
    with open(path, "x", encoding="utf-8") as file:  # never over a file that is there
        file.write(text)
    return path


def settings_text(title: str, language: str, base_url: str) -> str:
    """`content/site.yaml` of a new site: every setting an editor sets first, explained."""
    verdicts = []
    for key, verdict in default_verdicts(language).items():
        verdicts += [
            f"  {key}:",
            f"    label: {_quoted(verdict['label'])}",
            f"    meaning: {_quoted(verdict['meaning'])}",
            f'    colour: "{verdict["colour"]}"',
        ]
        if "place" in verdict:
            verdicts.append(f"    place: {verdict['place']}")
    return SETTINGS.format(
        title=_quoted(title.strip()),
        language=_quoted(language),
        base_url=_quoted(base_url),
        verdicts="\n".join(verdicts),
    )


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML one


SETTINGS = """\
# Site settings, for editors, each explained above it. A key left out takes its default.
# The site's name, in every page's header and title; on the home page, a line under it
# (tagline) and a paragraph (description, also what search engines and shared links show).
title: {title}
tagline: ""
description: ""
# Where the site is published (https://factcheck.example.org/), or the path it is served at.
# GitHub Pages' workflow gives its own address to the build.
base_url: {base_url}
# The language of the site's pages: the theme's words and the way days are written follow it.
language: {language}
# The publisher: who publishes the site, named in every claim page's ClaimReview (without
# one, the site's title).
publisher:
  name: ""
  url: ""
# Long lists are split into pages of this many entries.
page_size: 20
# full: each source is published whole; excerpts: only the passages the notes check, with a
# sentence of context each (publishing other outlets' articles whole needs their permission).
display: full
# Lines of copied pages to set aside, as Python regular expressions matched against a whole line.
furniture_patterns: []

# The verdict scale: a key for each verdict (notes give it as `verdict:`), its label and what it
# means, as readers see them, and its colour. `place` orders the verdicts that rate a claim
# (higher is more accurate); a verdict without one rates no truth value. Add, remove or reword
# verdicts before the first note is published: the methodology page should describe this scale.
verdicts:
{verdicts}
"""

ENTITIES = """\
# The people and organisations your notes name, with the spellings met in sources:
# - id: vladimir-putin
#   name: Vladimir Putin
#   kind: person            # person, organisation or place
#   spellings: [Putin, Vladimir Vladimirovich Putin]
[]
"""

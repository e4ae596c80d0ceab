"""Content pages (`content/pages/*.md`): the methodology, corrections policy, about page..."""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Page
from .fields import id_like, id_problem, read_text_file, text_at, text_fields
from .yamlfile import YamlError, split_front_matter

# A first heading of level 1 (`# How we check`) opening the body: the title of a page that
# gives none in its front matter.
FIRST_HEADING = re.compile(
    r"(?:[ \t]*\r?\n)*[ ]{0,3}#[ \t]+(?P<title>[^\n]*?)(?:[ \t]+#+)?[ \t]*(?:\r?\n|$)"
)


def read_pages(root: Path, files: tuple[str, ...], diags: Diagnostics) -> list[Page]:
    """The content pages in `files` (content/pages/*.md, as `markdown_files` lists them)."""
    pages = []
    for path in map(Path, files):
        rel = path.relative_to(root).as_posix()
        text = read_text_file(path, rel, diags, "page")
        if text is None:
            continue
        try:
            document = split_front_matter(text)
        except YamlError as exc:
            diags.error(rel, exc.line, exc.message)
            continue
        slug = path.stem
        problem = id_problem(slug)
        if problem:
            renamed = id_like(slug, "page")
            diags.error(rel, 1, f"page file name {slug!r} {problem}", f"rename it {renamed}.md")
            continue
        meta = document.metadata
        if not text_fields(rel, meta, ("title", "summary"), diags):
            continue
        title, body, body_line = text_at(meta, "title"), document.body, document.body_line
        heading = None if title else FIRST_HEADING.match(body)
        if heading:  # the page's title, shown once: not again as a second heading below it
            title, body = heading["title"], body[heading.end() :]
            body_line += heading.group().count("\n")
        pages.append(
            Page(
                slug=slug,
                path=rel,
                title=title or slug.replace("-", " ").capitalize(),
                summary=text_at(meta, "summary"),
                body=body,
                body_line=body_line,
            )
        )
    return pages

"""Content pages (`content/pages/*.md`): the methodology, corrections policy, about page..."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Page
from .fields import id_problem, read_text_file, text_at, text_fields
from .yamlfile import YamlError, split_front_matter


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
            diags.error(rel, 1, f"page file name {slug!r} {problem}")
            continue
        meta = document.metadata
        if not text_fields(rel, meta, ("title", "summary"), diags):
            continue
        pages.append(
            Page(
                slug=slug,
                path=rel,
                title=text_at(meta, "title") or slug.replace("-", " ").capitalize(),
                summary=text_at(meta, "summary"),
                body=document.body,
                body_line=document.body_line,
            )
        )
    return pages

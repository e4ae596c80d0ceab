"""Content pages (`content/pages/*.md`): the methodology, corrections policy, about page..."""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostics
from ..model import Page
from .fields import text_value
from .yamlfile import YamlError, split_front_matter

PAGE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def read_pages(root: Path, diags: Diagnostics) -> list[Page]:
    folder = root / "content" / "pages"
    pages = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            document = split_front_matter(path.read_text(encoding="utf-8"))
        except YamlError as exc:
            diags.error(rel, exc.line, exc.message)
            continue
        slug = path.stem
        if not PAGE_SLUG.fullmatch(slug):
            diags.error(
                rel, 1, f"page file name {slug!r} may use only a-z, 0-9 and '-' (it is the URL)"
            )
            continue
        meta = document.metadata
        pages.append(
            Page(
                slug=slug,
                path=rel,
                title=text_value(meta.get("title")) or slug.replace("-", " ").capitalize(),
                summary=text_value(meta.get("summary")),
                body=document.body,
            )
        )
    return pages

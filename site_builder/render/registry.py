"""What a page kind is: it declares the output paths it makes (`specs`) and renders one of them
(`render`). Every kind is listed once, in `kinds.KINDS`; `build`, `check` and `serve` all go
through that list, and no other code lists pages. Two things that want one output path are an
error naming both."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import urls
from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from .context import RenderContext


@dataclass(frozen=True)
class PageSpec:
    """One output file: its path in the output folder, the kind that makes it, what the kind
    needs to make it (`key`), and who wants it, for messages (a content file, or a generated
    page's description)."""

    path: str
    kind: str
    key: tuple = ()
    origin: str = ""  # "content/pages/claims.md:1", or "" for a generated page
    line: int = 0


@dataclass(frozen=True)
class PageKind:
    name: str
    description: str  # what its pages are, in a message: "the claims index"
    specs: Callable[[RenderContext], Iterable[PageSpec]]
    render: Callable[[RenderContext, PageSpec], bytes]
    deferred: bool = False  # whole-site files: `serve` makes them once the editor pauses
    folder: str = ""  # a folder the kind owns whole ("static/")
    searchable: bool = False  # its pages carry searchable text (`data-pagefind-body`)


def collect_specs(
    ctx: RenderContext, page_kinds: tuple[PageKind, ...]
) -> tuple[dict[str, PageSpec], list[Diagnostic]]:
    """Every output path of the site, and an error for each path two things want, or that
    differs from another only in case, or lies inside a folder that another kind owns."""
    found: dict[str, PageSpec] = {}
    folded: dict[str, PageSpec] = {}  # by the path in one case
    problems: list[Diagnostic] = []
    describe = {kind.name: kind.description for kind in page_kinds}
    folders = [(kind.folder, kind) for kind in page_kinds if kind.folder]
    for kind in page_kinds:
        for spec in ctx.specs(kind.name):
            owner = next(
                (
                    k
                    for folder, k in folders
                    if spec.path.startswith(folder) and k.name != kind.name
                ),
                None,
            )
            other = found.get(spec.path)
            alike = folded.get(spec.path.casefold())
            unsafe = urls.unsafe(spec.path)
            if unsafe is not None:  # the readers refuse such names first: this is a backstop
                problems.append(_cannot_write(spec, _who(spec, describe), unsafe))
            elif owner is not None:
                problems.append(_clash(spec, _who(spec, describe), owner.description))
            elif other is not None:
                problems.append(_clash(spec, _who(spec, describe), _who(other, describe)))
            elif alike is not None:
                message = (
                    f"{_who(spec, describe)} and {_who(alike, describe)} are written at "
                    f"{spec.path!r} and {alike.path!r}, which differ only in case: on macOS "
                    "and Windows they are one file, and one page would replace the other"
                )
                problems.append(_at(spec, message, "rename one of them"))
            else:
                found[spec.path] = spec
                folded[spec.path.casefold()] = spec
    problems += _files_in_files(found, describe)
    return found, problems


def _files_in_files(found: dict[str, PageSpec], describe: dict[str, str]) -> list[Diagnostic]:
    """An error for each path that another needs as a folder (a source id "index.html" would
    put its page inside the file of the sources list)."""
    folders: dict[str, PageSpec] = {}  # each folder some path is in (in one case): one of them
    for path, spec in found.items():
        folder = path.casefold()
        while "/" in folder:  # up to the first folder already known: its own are known too
            folder = folder.rsplit("/", 1)[0]
            if folder in folders:
                break
            folders[folder] = spec
    problems = []
    for path, spec in found.items():
        inside = folders.get(path.casefold())
        if inside is not None:
            message = (
                f"{_who(inside, describe)} is written at {inside.path!r}, inside "
                f"{path!r}, which is a file: {_who(spec, describe)}"
            )
            problems.append(_at(inside, message, "rename it"))
    return problems


def _who(spec: PageSpec, describe: dict[str, str]) -> str:
    if spec.origin:
        return f"{describe[spec.kind]} {spec.origin}" + (f":{spec.line}" if spec.line else "")
    named = [repr(part) for part in spec.key if isinstance(part, str)]
    return describe[spec.kind] + (f" {', '.join(named)}" if named else "")


def _at(spec: PageSpec, message: str, suggestion: str) -> Diagnostic:
    """An error at what made `spec` (the site itself when nothing in particular did)."""
    return Diagnostic(
        spec.origin or "site", spec.line if spec.origin else 0, message, suggestion=suggestion
    )


def _cannot_write(spec: PageSpec, this: str, why: str) -> Diagnostic:
    message = f"{this} cannot be written at {spec.path!r}: {why}"
    return _at(spec, message, "rename it with letters, digits and '-' only")


def _clash(spec: PageSpec, this: str, other: str) -> Diagnostic:
    message = f"two things want the output path {spec.path!r}: {this} and {other}"
    suggestion = "rename one of them: a content page's address is its file name; a source's, its id"
    return _at(spec, message, suggestion + "; a story's or tag's, its name")

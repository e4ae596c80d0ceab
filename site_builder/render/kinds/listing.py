"""What the browsing pages share: a paginated list at a base path, and groups of notes or
sources by a name (tag, outlet) whose spellings that differ only in case or punctuation merge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ... import urls
from ...analyse.checks import shown_name
from ..context import RenderContext
from ..pagination import Pager, numbered, page_items, page_slice, pagers
from ..registry import PageSpec


@dataclass(frozen=True)
class NamedGroup:
    """Everything filed under one name: its URL slug, the spelling shown, the members' ids."""

    slug: str
    name: str
    ids: tuple[str, ...]


def group_by_name(named: list[tuple[str, str]]) -> dict[str, NamedGroup]:
    """(id, name) pairs grouped by the slug of the name, in order of the shown names."""
    spellings: dict[str, list[str]] = {}
    members: dict[str, dict[str, None]] = {}  # ordered sets
    for item_id, name in named:
        key = urls.slug(name)
        spellings.setdefault(key, []).append(name)
        members.setdefault(key, {})[item_id] = None
    groups = [NamedGroup(key, shown_name(spellings[key]), tuple(members[key])) for key in spellings]
    return {g.slug: g for g in sorted(groups, key=lambda g: (g.name.casefold(), g.slug))}


def list_specs(kind: str, base: str, count: int, size: int, *key):
    for pager in pagers(base, count, size):
        yield PageSpec(urls.file_of(pager.path), kind, (*key, pager.number, pager.count))


def list_page(
    ctx: RenderContext, pager: Pager, items: list, template: str, title: str, **context
) -> bytes:
    """One page of a list: `items` are this page's entries."""
    return ctx.page(
        template,
        pager.path,
        title=numbered(title, pager, ctx.gettext),
        items=items,
        pager=pager,
        **context,
    )


def on_page(ctx: RenderContext, items, pager: Pager) -> list:
    return page_items(items, pager, ctx.settings.page_size)


def page_of(ctx: RenderContext, pager: Pager, items_of: Callable, *args) -> list:
    """This page's entries of the list `items_of(ctx, *args)` (a derivable function). Derived
    for each page, so a page depends on its own entries, not on the whole list: a note added to
    a long list renders again only the pages whose entries it moves."""
    return list(ctx.derive(_page_of, items_of, args, pager.number))


def _page_of(ctx: RenderContext, items_of: Callable, args: tuple, number: int) -> tuple:
    return tuple(page_slice(ctx.derive(items_of, *args), number, ctx.settings.page_size))


def group_name(ctx: RenderContext, groups_of: Callable, slug: str) -> str:
    """The shown name of the group `slug` of `groups_of(ctx)`. Derived, so that a page of one
    group depends on that group's name, not on every group (a note tagged elsewhere does not
    render this tag's pages again)."""
    return ctx.derive(_group_name, groups_of, slug)


def _group_name(ctx: RenderContext, groups_of: Callable, slug: str) -> str:
    return groups_of(ctx)[slug].name


def group_counts(ctx: RenderContext, groups_of: Callable) -> tuple[tuple[str, int], ...]:
    """Each group of `groups_of(ctx)`: its shown name and how many members it has (what an
    index of tags or outlets lists; derivable, so each index page can read its own share)."""
    return tuple((g.name, len(g.ids)) for g in groups_of(ctx).values())


def newest_first(ctx: RenderContext, note_ids) -> list[str]:
    wanted = set(note_ids)
    return [i for i in ctx.newest_note_ids() if i in wanted]

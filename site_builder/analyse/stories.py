"""Stories: the sources that report one event, grouped by their `story` metadata."""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from .checks import shown_name


@dataclass(frozen=True)
class StoryMembers:
    """A story as ids: what pages need to find its sources (each read when used)."""

    id: str
    title: str
    source_ids: tuple[str, ...]


def group_stories(story_of: tuple[tuple[str, str], ...], title_of) -> tuple[StoryMembers, ...]:
    """Group (source id, story id) pairs by story, in the order of their titles, case aside
    (as a reader looks for one: not "Zebra crossing" before "apple pie", nor a story called
    by its source's headline where its file name would sort); each story's sources in id
    order. Story ids that differ only in case or punctuation ("X Y", "x-y") are one story
    (they share its address), known by the one most of its sources write (ties to the first),
    as an outlet or a tag so written is. `title_of(story_id)` names each."""
    by_slug: dict[str, list[tuple[str, str]]] = {}
    for source_id, story_id in story_of:
        by_slug.setdefault(urls.slug(story_id), []).append((story_id, source_id))
    stories = []
    for members in by_slug.values():
        story_id = shown_name([story for story, _ in members])
        source_ids = tuple(sorted(source_id for _, source_id in members))
        stories.append(StoryMembers(story_id, title_of(story_id), source_ids))
    return tuple(sorted(stories, key=lambda story: (story.title.casefold(), story.id)))

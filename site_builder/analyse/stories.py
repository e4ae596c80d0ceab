"""Stories: the sources that report one event, grouped by their `story` metadata."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoryMembers:
    """A story as ids: what pages need to find its sources (each read when used)."""

    id: str
    title: str
    source_ids: tuple[str, ...]


def group_stories(story_of: tuple[tuple[str, str], ...], title_of) -> tuple[StoryMembers, ...]:
    """Group (source id, story id) pairs by story, in story-id order; each story's sources in
    id order. `title_of(story_id)` names each story."""
    by_story: dict[str, list[str]] = {}
    for source_id, story_id in story_of:
        by_story.setdefault(story_id, []).append(source_id)
    return tuple(
        StoryMembers(story_id, title_of(story_id), tuple(sorted(by_story[story_id])))
        for story_id in sorted(by_story)
    )

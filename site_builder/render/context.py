"""What every page kind renders with: the site's reads, the theme's templates, and the views
and derived values several kinds share (each a memo, so its reads are recorded once and count
for every page that uses it)."""

from __future__ import annotations

from jinja2 import Environment

from .. import urls
from ..analyse.stories import StoryMembers, group_stories
from ..model import ClaimNote, SourceArticle, Story
from ..settings import Verdict
from .annotated import AnnotatedSource, annotate_source, excerpt_ranges
from .reads import SiteReads, made_again
from .templates import render_template


class RenderContext:
    def __init__(self, reads: SiteReads, env: Environment, page_kinds: tuple = ()):
        self.reads = reads
        self.env = env
        self.page_kinds = {kind.name: kind for kind in page_kinds}
        reads.context = self
        env.globals["source_title"] = self.source_title

    def derive(self, function, *args):
        """A value derived from the site (see `SiteReads.derive`)."""
        return self.reads.derive(function, *args)

    @property
    def settings(self):
        return self.reads.settings

    def gettext(self, message: str) -> str:
        """`message` in the site's language, from the theme's catalog (`i18n`); every page
        records the catalog it speaks, so a change to a translation renders it again."""
        self.env.recorder.record_all(self.env.words_keys)  # type: ignore[attr-defined]
        return self.env.words.gettext(message)  # type: ignore[attr-defined]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.env.recorder.record_all(self.env.words_keys)  # type: ignore[attr-defined]
        return self.env.words.ngettext(singular, plural, n)  # type: ignore[attr-defined]

    def source_title(self, source: SourceArticle) -> str:
        """What pages call `source`: its headline (in its own language), else, in the site's,
        its outlet's report of its day ("Reuters report of February 7, 2024")."""
        if source.headline:
            return source.headline
        outlet = source.outlet or source.id
        if not source.published:
            return self.gettext("%(outlet)s report") % {"outlet": outlet}
        day = self.env.filters["day"](source.published)
        return self.gettext("%(outlet)s report of %(day)s") % {"outlet": outlet, "day": day}

    # -- pages ------------------------------------------------------------------------------

    def page(
        self,
        template: str,
        site_path: str,
        title: str,
        description: str = "",
        og_type: str = "website",
        **context,
    ) -> bytes:
        """Render `template` as the page at `site_path` ("claims/x/"): the base layout's
        variables, links relative to the page (`root`), plus `context`."""
        settings = self.settings
        context.setdefault("root", urls.root_of(site_path))
        context.setdefault("canonical", settings.absolute_url(site_path))  # "": none
        context.setdefault("shared_image", None)  # {"url", "alt"}: the picture a share shows
        site_title = settings.title
        html = render_template(
            self.env.get_template(template),
            dict(
                site=settings,
                verdicts=settings.verdicts,
                title=title if title == site_title else f"{title} \u00b7 {site_title}",
                description=description or settings.description or site_title,
                og_type=og_type,
                content_pages=[
                    {"slug": slug, "title": title}
                    for slug, title in self.reads.pages_column("title")
                ],
                policy_pages=self.derive(_policy_pages),
                **context,
            ),
        )
        return html.encode("utf-8")

    def verdict(self, key: str) -> Verdict:
        return self.settings.verdict(key)

    def note_view(self, note: ClaimNote) -> dict:
        return {"note": note, "verdict": self.verdict(note.verdict)}

    def note_views(self, note_ids) -> list[dict]:
        notes = (self.reads.note(i) for i in note_ids)
        return [self.note_view(n) for n in notes if n is not None]

    def excerpts_only(self, source: SourceArticle) -> bool:
        return (source.metadata.get("display") or self.settings.display) == "excerpts"

    def shown_ranges(self, source: SourceArticle) -> tuple[tuple[int, int], ...] | None:
        """The stretches of an excerpts-only source's text that pages may show (its checked
        passages with their context, as its own page shows them); None: all of it."""
        if not self.excerpts_only(source):
            return None
        return self.derive(_shown_ranges, source.id)

    def may_show(self, source: SourceArticle, start: int, end: int) -> bool:
        """Whether [start, end) of the source's text may be shown on a page."""
        shown = self.shown_ranges(source)
        return shown is None or any(lo <= start and end <= hi for lo, hi in shown)

    # -- orders of notes and sources ---------------------------------------------------------

    def newest_note_ids(self) -> tuple[str, ...]:
        """Every note id, the most recently published or updated first."""
        return self.derive(_newest_note_ids)

    def newest_source_ids(self) -> tuple[str, ...]:
        return self.derive(_newest_source_ids)

    # -- stories ------------------------------------------------------------------------------

    def stories(self) -> tuple[StoryMembers, ...]:
        return self.derive(_stories)

    def story_members_of(self, source_id: str) -> StoryMembers | None:
        return self.derive(_story_of, source_id)

    def story_members(self, story_id: str) -> StoryMembers:
        """One story's members (a page that shows one story depends on that story only)."""
        return self.derive(_story_members, story_id)

    def specs(self, kind_name: str):
        """The output paths of one kind of page (derived: listed again only when what the kind
        read to list them changes)."""
        return self.derive(_specs_of, kind_name)

    def story(self, members: StoryMembers) -> Story:
        """The story with its sources (each read, so the page depends on each)."""
        sources = (self.reads.source(i) for i in members.source_ids)
        return Story(members.id, members.title, tuple(s for s in sources if s is not None))

    # -- what a source page and its neighbours share ----------------------------------------

    def notes_quoting(self, source_id: str) -> list[ClaimNote]:
        """The notes with a quote in this source (anchored or orphaned), in file order."""
        ids = {a.note_id for a in self.reads.anchors_in(source_id)}
        ids |= {o.note_id for o in self.reads.orphans_in(source_id)}
        notes = [n for n in (self.reads.note(i) for i in ids) if n is not None]
        return sorted(notes, key=lambda n: n.path)

    def note_numbers(self, source_id: str) -> dict[str, int]:
        """Notes are numbered on a source page in the order their first passage appears."""
        firsts: dict[str, int] = {}
        for anchor in self.reads.anchors_in(source_id):
            firsts[anchor.note_id] = min(firsts.get(anchor.note_id, anchor.start), anchor.start)
        ordered = sorted(firsts, key=lambda note_id: (firsts[note_id], note_id))
        return {note_id: i for i, note_id in enumerate(ordered, start=1)}

    def annotated(self, source_id: str) -> AnnotatedSource:
        """The source's annotated Markdown (made once: its page and its file both need it)."""
        return self.derive(_annotated, source_id)


def _policy_pages(ctx: RenderContext) -> dict[str, str]:
    """Each Trust Project policy (methodology, corrections...) -> its content page, if any."""
    slugs = set(ctx.reads.page_slugs())
    return {key: slug for key, slug in ctx.settings.policies if slug in slugs}


def _specs_of(ctx: RenderContext, kind_name: str) -> tuple:
    return tuple(ctx.page_kinds[kind_name].specs(ctx))


def _newest_note_ids(ctx: RenderContext) -> tuple[str, ...]:
    published = dict(ctx.reads.notes_column("published"))
    updated = dict(ctx.reads.notes_column("updated"))
    return tuple(sorted(published, key=lambda i: (updated[i] or published[i], i), reverse=True))


def _newest_source_ids(ctx: RenderContext) -> tuple[str, ...]:
    published = dict(ctx.reads.sources_column("published"))
    return tuple(sorted(published, key=lambda i: (published[i], i), reverse=True))


def _stories(ctx: RenderContext) -> tuple[StoryMembers, ...]:
    """Every story; one a source makes alone, for want of a `story`, has its headline for a
    title (its id is the source's, often a file name such as "16c30add7e96315e")."""
    stories = ctx.reads.sources_column("story")
    own = {source_id for source_id, story_id in stories if story_id == source_id}
    headlines = {i: h for i, h in ctx.reads.sources_column("headline") if i in own}
    return group_stories(
        stories, lambda story_id: ctx.settings.story_title(story_id, headlines.get(story_id, ""))
    )


def _stories_by(ctx: RenderContext) -> tuple[dict[str, StoryMembers], dict[str, StoryMembers]]:
    """Each story by its id, and by the id of each of its sources (looked up, never searched:
    a site of ten thousand stories asks for each of them)."""
    stories = ctx.stories()
    by_source: dict[str, StoryMembers] = {}
    for story in stories:
        for source_id in story.source_ids:
            by_source.setdefault(source_id, story)
    return {s.id: s for s in stories}, by_source


def _story_of(ctx: RenderContext, source_id: str) -> StoryMembers | None:
    return ctx.derive(_stories_by)[1].get(source_id)


def _story_members(ctx: RenderContext, story_id: str) -> StoryMembers:
    return ctx.derive(_stories_by)[0][story_id]


@made_again  # most of the derived values' bytes, and made in a third of a millisecond
def _annotated(ctx: RenderContext, source_id: str) -> AnnotatedSource:
    source = ctx.reads.source(source_id)
    anchors = ctx.reads.anchors_in(source_id)
    numbers = ctx.note_numbers(source_id)
    return annotate_source(source, anchors, numbers, excerpts=ctx.excerpts_only(source))


def _shown_ranges(ctx: RenderContext, source_id: str) -> tuple[tuple[int, int], ...]:
    source = ctx.reads.source(source_id)
    ranges = excerpt_ranges(source, list(ctx.reads.anchors_in(source_id)))
    return tuple(r for block in sorted(ranges) for r in ranges[block])

"""Every kind of page and file the build makes, one module each, in the order they render."""

from __future__ import annotations

from .claims import ALIAS, CLAIM
from .compare import COMPARE
from .entities import ENTITIES
from .feeds import FEED, SITEMAP_FILE
from .home import KIND as HOME
from .lists import CLAIMS_INDEX, SOURCES_INDEX
from .media import MEDIA
from .open_data import OPEN_DATA
from .outlets import OUTLETS
from .pages import CONTENT_PAGE
from .site_files import SITE_FILES
from .sources import ANNOTATED, SOURCE
from .special import NOT_FOUND, SEARCH, SEARCH_INDEX
from .static import STATIC
from .tags import TAGS
from .updates import UPDATES, UPDATES_FEED
from .verdicts import VERDICTS
from .xref import STORY, XREF

KINDS = (
    STATIC,
    MEDIA,
    SEARCH_INDEX,
    HOME,
    CLAIMS_INDEX,
    SOURCES_INDEX,
    UPDATES,
    SOURCE,
    ANNOTATED,
    CLAIM,
    XREF,
    STORY,
    COMPARE,
    TAGS,
    VERDICTS,
    OUTLETS,
    ENTITIES,
    SEARCH,
    NOT_FOUND,
    SITE_FILES,
    CONTENT_PAGE,
    ALIAS,
    FEED,
    UPDATES_FEED,
    SITEMAP_FILE,
    OPEN_DATA,
)

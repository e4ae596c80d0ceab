"""The site's media: screenshots, documents and other files in `content/media/`, copied to
`/media/` as they are, for notes and pages to show or link to."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

import imagesize

from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import MediaFile
from .fields import not_the_sites

MEDIA_FOLDER = "content/media"
# The kinds of file copied into the site: pictures, documents, data, sound and video, none of
# which a browser runs script in when it opens it. Any other kind could be one it does (an
# ending a server gives an XML or HTML type: `.xht`, `.xsl`, `.rdf`, `.kml`): not copied.
PUBLISHED = frozenset(
    "png jpg jpeg jfif gif webp avif bmp ico tif tiff heic heif jxl "  # pictures
    "pdf txt csv tsv json geojson rtf doc docx xls xlsx ppt pptx odt ods odp epub "  # documents
    "key pages numbers "
    "mp3 m4a aac oga ogg opus wav flac aif aiff amr wma "  # sound
    "mp4 m4v webm mov ogv mkv avi mpg mpeg 3gp 3g2 wmv flv vtt srt "  # video, subtitles
    "zip gz 7z".split()  # archives
)
# Those a browser runs script in when it opens the file itself, named as such in the warning.
CARRIES_SCRIPT = frozenset("html htm xhtml xht shtml svg svgz xml xsl xslt rdf js mjs".split())


def read_media(root: Path, diags: Diagnostics, cache: BuildCache) -> tuple[MediaFile, ...]:
    folder = root / MEDIA_FOLDER
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(not_the_sites(part) for part in parts) or not path.is_file():
            continue
        name = "/".join(parts)
        why = refused(name)
        if why:
            diags.warning(
                f"{MEDIA_FOLDER}/{name}",
                0,
                f"not copied into the site: {why}",
                "for a picture, use PNG, JPEG, WebP or GIF; for a document, PDF; the kinds "
                "published: " + ", ".join(sorted(PUBLISHED)),
            )
            continue
        if "\\" in name:  # a folder's mark in a web address and on Windows
            diags.warning(
                f"{MEDIA_FOLDER}/{name}",
                0,
                "not copied into the site: a web address cannot hold a backslash in a file name",
                "rename it with letters, digits, '-' and '_'",
            )
            continue
        digest, size = cache.read(
            ("medium", name), (str(path),), lambda _, p=path: (_digest(p), _size(p)), diags
        )
        found.append(MediaFile(name, digest, str(path), size))
    return tuple(found)


def refused(name: str) -> str:
    """Why a file of content/media/ so named is not copied into the site; "" if it is. Every
    ending counts: a server may type `chart.svg.gz` as SVG."""
    kinds = [suffix.lower().removeprefix(".") for suffix in PurePosixPath(name).suffixes]
    if any(kind in CARRIES_SCRIPT for kind in kinds):
        return "a file of this kind can carry script"
    if not kinds or kinds[-1] not in PUBLISHED:
        return f"{'.' + kinds[-1] if kinds else 'a file without an ending'} is not a kind of file the site publishes"
    return ""


def _size(path: Path) -> tuple[int, int] | None:
    """A picture's width and height, read from its header (None for a document, or a
    picture whose header does not say)."""
    try:
        width, height = imagesize.get(path)
    except (OSError, ValueError):
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()[:32]

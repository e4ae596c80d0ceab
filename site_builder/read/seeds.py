"""Seeds: each file in `seeds/` becomes a SourceArticle (metadata, body blocks, what was set aside).

Plain text and Markdown seeds are read by `text`, saved web pages by `html`. Metadata comes from a
YAML sidecar beside the seed (`<stem>.yaml`), or the front matter of a `.md` seed, and wins over
what the reader detected in the text.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import os
import re
from functools import partial
from pathlib import Path

from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import SOURCE_METADATA_KEYS, SourceArticle
from ..settings import Settings
from .base import ReadResult, SeedError
from .fields import (
    ID_MAX,
    UNICODE_BOMS,
    date_problem,
    decode_text,
    id_like,
    language_problem,
    not_the_sites,
    read_file,
    read_text_file,
    site_address,
    unknown_keys,
    url_problem,
)
from .furniture import PatternTooSlow
from .markdown_seed import NestedTooDeep, from_clipper, read_markdown
from .text import read_text
from .yamlfile import LineDict, YamlError, line_of, load_yaml, split_front_matter

HTML_SUFFIXES = (".html", ".htm")
SINGLE_FILE_SUFFIXES = (".mhtml", ".mht", ".webarchive")  # a page with its images, in one file
SEED_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES, *SINGLE_FILE_SUFFIXES)
SIDECAR_SUFFIXES = (".yaml", ".yml")
ENCODING_KEY = "encoding"  # how a text seed's bytes are written, when not in UTF-8
SIDECAR_KEYS = (*SOURCE_METADATA_KEYS, ENCODING_KEY)
VALUE_CHECKS = {  # metadata with a form: only http(s) addresses may reach an href
    "url": url_problem,
    "archived_url": url_problem,
    "published": date_problem,
    "modified": date_problem,
    "retrieved": date_problem,
    "language": language_problem,
    "story": lambda value: _one_text(value, "a source is told in one story: give its id"),
    "outlet": lambda value: _one_text(value, "a source has one outlet: give its name"),
    "id": lambda value: _one_text(value, "a source has one id"),
    "headline": lambda value: _one_text(value, "a source has one headline"),
}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def read_sources(
    root: Path, settings: Settings, diags: Diagnostics, cache: BuildCache, jobs: int = 1
) -> list[SourceArticle]:
    """Read every seed in `seeds/`, in file-name order (from `cache` where unchanged)."""
    requests = source_requests(root, settings, diags)
    return collect_sources(cache.read_all(requests, diags, jobs), diags)


def source_requests(root: Path, settings: Settings, diags: Diagnostics) -> list[tuple]:
    """What reading every seed asks of the cache: (key, files, compute) for each (an error if
    there is no seeds/ folder)."""
    seeds_dir = root / "seeds"
    if not seeds_dir.is_dir():
        if not (root / "content").is_dir():
            diags.error(
                "seeds",
                0,
                f"no site here: {root} has neither a seeds/ nor a content/ folder",
                "run site-builder in the site's folder (the one holding seeds/ and content/), "
                "or give it with --root",
            )
        else:
            diags.error("seeds", 0, "no seeds/ folder: put the articles to check in seeds/")
        return []
    base = os.path.join(seeds_dir, "")
    every, names = _seed_folder(seeds_dir)
    _unused_sidecars(every, names, diags)
    _unread_files(seeds_dir, every, names, diags)
    requests = []
    for name in names:
        stem = base + name[: name.rindex(".")]
        depends = (base + name, *(stem + s for s in SIDECAR_SUFFIXES))
        key = ("seed", depends[0], settings.furniture_patterns)
        requests.append((key, depends, partial(_read_source, depends[0], root, settings)))
    return requests


# What a file no reader takes probably is, and what to do with it.
_DOCUMENTS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".epub")
_UNREAD_ADVICE = (
    "copy the article's text into a .txt file (its address and date go in a .yaml beside it)"
)


def _unread_files(seeds_dir: str, every: list[str], seeds: list[str], diags: Diagnostics) -> None:
    """A warning for each file or folder in seeds/ that is neither a seed nor a seed's metadata:
    a page saved in a form no reader takes, a document, a folder of seeds."""
    taken = set(seeds)
    pages = {name[: name.rindex(".")] for name in seeds if name.lower().endswith(HTML_SUFFIXES)}
    kinds = ", ".join(SEED_SUFFIXES[:-1]) + " or " + SEED_SUFFIXES[-1]
    for name in every:
        if name in taken or name.endswith(SIDECAR_SUFFIXES):
            continue
        if os.path.isdir(os.path.join(seeds_dir, name)):
            if _resources_folder(name, pages):
                continue  # the page's images and styles, which its text does not need
            diags.warning(
                f"seeds/{name}", 0, "seeds in a subfolder are not read", "move them into seeds/"
            )
        elif name.lower().endswith(_DOCUMENTS):
            diags.warning(f"seeds/{name}", 0, "not read: a document is not a seed", _UNREAD_ADVICE)
        else:
            diags.warning(f"seeds/{name}", 0, f"not read: a seed is a {kinds} file")


# What a browser names the folder beside a page saved whole ("Web Page, Complete"): the page's
# name and "_files" (Chrome, Edge, Firefox in English), or a word of the browser's
# language ("-Dateien").
_RESOURCES_SUFFIX = re.compile(r"[_-][^\W\d_]+")


def _resources_folder(name: str, pages: set[str]) -> bool:
    """Whether folder `name` holds the resources of one of `pages` (saved pages' stems)."""
    return any(
        name.startswith(page) and _RESOURCES_SUFFIX.fullmatch(name, len(page)) for page in pages
    )


def _seed_folder(seeds_dir: Path) -> tuple[list[str], list[str]]:
    """The names in seeds/ that are the site's (sorted), and of those, the seeds'."""
    with os.scandir(seeds_dir) as entries:
        every = sorted(e.name for e in entries if not not_the_sites(e.name))
    return every, [name for name in every if name.lower().endswith(SEED_SUFFIXES)]


def _without_seed(every: list[str], seeds: list[str]) -> list[str]:
    """The metadata files among `every` with no seed of their name beside them."""
    stems = {name[: name.rindex(".")] for name in seeds}
    return [
        name
        for name in every
        if name.endswith(SIDECAR_SUFFIXES) and name[: name.rindex(".")] not in stems
    ]


def ids_without_seed(root: Path) -> dict[str, str]:
    """id -> metadata file, for each metadata file in seeds/ with no seed of its name beside it
    that gives an id: where a note quotes that id, its seed was most likely renamed alone."""
    try:
        every, seeds = _seed_folder(root / "seeds")
    except OSError:
        return {}
    found: dict[str, str] = {}
    for name in _without_seed(every, seeds):
        try:
            data = load_yaml((root / "seeds" / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], f"seeds/{name}")
    return found


def _unused_sidecars(every: list[str], seeds: list[str], diags: Diagnostics) -> None:
    """A warning for each metadata file in seeds/ that no seed takes: one without a seed of its
    name beside it, and a `.yml` beside a `.yaml` (which wins)."""
    alone = set(_without_seed(every, seeds))
    present = set(every)
    for name in every:
        if not name.endswith(SIDECAR_SUFFIXES):
            continue
        stem = name[: name.rindex(".")]
        if name in alone:
            diags.warning(
                f"seeds/{name}",
                0,
                f"not used: there is no seed {stem}.txt, .md or .html beside this metadata file",
            )
        elif name.endswith(".yml") and f"{stem}.yaml" in present:
            diags.warning(
                f"seeds/{name}", 0, f"not used: seeds/{stem}.yaml is this seed's metadata"
            )


def collect_sources(read: list, diags: Diagnostics) -> list[SourceArticle]:
    """The sources read, without duplicate ids: an id two seeds give is neither's (the notes
    quoting it are not searched in one of them, at random, to fail there)."""
    sources: list[SourceArticle] = []
    seen: dict[str, SourceArticle] = {}  # by id in one case
    twice: set[str] = set()
    for source in read:
        if source is None:
            continue
        other = seen.get(source.id.casefold())
        if other is not None and other.id == source.id:
            diags.error(
                source.path,
                1,
                f"duplicate source id {source.id!r} (also {other.path})",
                "a seed's id is its file name without its ending, unless its metadata gives "
                "one: rename one of them, or give it another `id:`",
            )
            twice.add(source.id)
            continue
        if other is not None:
            diags.error(
                source.path,
                1,
                f"source id {source.id!r} differs from {other.id!r} ({other.path}) only in case: "
                "on macOS and Windows their pages would be one file",
                "give one of them another id (`id:` in its metadata), or rename its file",
            )
            continue
        seen[source.id.casefold()] = source
        sources.append(source)
    return _outlets_by_address([source for source in sources if source.id not in twice])


def _outlets_by_address(sources: list[SourceArticle]) -> list[SourceArticle]:
    """A saved page that names no outlet is known by its site's address ("politifact.com"):
    where the other pages from that address name one outlet ("PolitiFact"), it takes that
    name, so that one outlet is not two. A name given in a seed's metadata is kept."""
    hosts = [site_address(source.metadata.get("url")) for source in sources]
    names: dict[str, set[str]] = {}
    for source, host in zip(sources, hosts, strict=True):
        if host and source.outlet and source.outlet != host:
            names.setdefault(host, set()).add(source.outlet)
    named = []
    for source, host in zip(sources, hosts, strict=True):
        found = names.get(host, ()) if host and not source.outlet_line else ()
        if source.outlet == host and len(found) == 1:
            source = dataclasses.replace(source, metadata={**source.metadata, "outlet": min(found)})
        named.append(source)
    return named


def _read_source(path: str, root: Path, settings: Settings, diags: Diagnostics):
    return read_source(Path(path), root, settings, diags)


def read_source(
    path: Path, root: Path, settings: Settings, diags: Diagnostics
) -> SourceArticle | None:
    """Read one seed and its metadata, or report why it cannot be read (and return None)."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = read_file(path)
    except OSError as exc:
        diags.error(rel, 0, f"cannot read this seed: {exc.strerror or exc}")
        return None
    metadata, meta_path = _read_sidecar(path, root, diags)
    try:
        return _read_article(path, rel, raw, metadata, meta_path, settings, diags)
    except PatternTooSlow as slow:
        text = raw.decode("utf-8", "replace")
        at = text.find(slow.text)
        diags.error(
            rel, text.count("\n", 0, at) + 1 if at >= 0 else 1, slow.message(), slow.suggestion
        )
        return None


# What a file that is not text opens with, and what it is.
_SIGNATURES = {
    b"\x1f\x8b": "compressed (gzip)",
    b"PK\x03\x04": "compressed (zip), or a word processor's document",
    b"BZh": "compressed (bzip2)",
    b"\xfd7zXZ\x00": "compressed (xz)",
    b"\x28\xb5\x2f\xfd": "compressed (zstd)",
    b"%PDF-": "a PDF",
}
NOT_TEXT_ADVICE = (
    "a seed is an article as text, Markdown or a saved web page: unpack a compressed page "
    "(gunzip, unzip), and copy a document's text into a .txt file"
)


def not_text(raw: bytes, encoded: bool = False) -> str:
    """Why `raw` is not a seed's text, if it is not ("this file is compressed (gzip)"); "".
    A Safari web archive is binary (a property list), and a text seed in UTF-16 or UTF-32
    (with its byte-order mark, or its `encoding:` given) holds NUL bytes."""
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            return f"this file is {what}, not text"
    head = raw[:8192]
    if encoded or head.startswith(tuple(bom for bom, _ in UNICODE_BOMS)):
        return ""
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > 8 and controls > len(head) // 50:  # (a stray one is left out of the text)
        return "this file is not text: it is full of bytes no text has (control characters)"
    return ""


# Not tab, line ends and form feed, nor the shifts and escapes of ISO-2022 encodings (SO, SI,
# ESC: a Japanese page in ISO-2022-JP has one at every change of script).
_CONTROL_BYTES = bytes([*range(9), *range(16, 27), *range(28, 32)])


def _read_article(
    path: Path,
    rel: str,
    raw: bytes,
    metadata: dict,
    meta_path: str,
    settings: Settings,
    diags: Diagnostics,
) -> SourceArticle | None:
    if not raw.strip():
        diags.error(
            rel,
            1,
            "the seed is empty" + (f" ({len(raw)} bytes of blank space)" if raw else ""),
            "paste or save the article into it, or delete it: a seed is one article",
        )
        return None
    suffix = path.suffix.lower()
    binary = suffix != ".webarchive" and not_text(raw, bool(metadata.get(ENCODING_KEY)))
    if binary:
        diags.error(rel, 1, binary, NOT_TEXT_ADVICE)
        return None
    extra = list(settings.furniture_patterns)
    layers = [(metadata, meta_path)]  # the seed's metadata, each later file's over the earlier
    if suffix not in HTML_SUFFIXES + SINGLE_FILE_SUFFIXES and _web_page(raw):
        diags.warning(
            rel,
            1,
            f"this {suffix} file is a web page (its text opens with <html>): read as one",
            f"rename it {path.stem}.html",
        )
        suffix = ".html"
    if suffix in HTML_SUFFIXES + SINGLE_FILE_SUFFIXES:
        from . import html  # the extractors load only when an HTML seed is read

        if metadata.get(ENCODING_KEY):
            diags.warning(
                meta_path,
                line_of(metadata, ENCODING_KEY),
                "encoding: is for text and Markdown seeds; a web page is read in the encoding "
                "it names (or its bytes show)",
            )

        try:
            if suffix in SINGLE_FILE_SUFFIXES:
                result = html.read_single_file(raw, suffix, extra_patterns=extra)
            else:
                result = html.read_html(raw, extra_patterns=extra)
        except SeedError as exc:
            diags.error(rel, exc.line, str(exc))
            return None
    else:
        encoding = _encoding(metadata, meta_path, diags)
        if encoding is None:
            return None
        text = decode_text(raw, rel, diags, "seed", encoding, _encoding_advice(rel, meta_path))
        if text is None:
            return None
        if suffix == ".md":
            try:
                document = split_front_matter(text)
            except YamlError as exc:
                diags.error(rel, exc.line, exc.message)
                return None
            if document.metadata:  # the file's own, under the editor's sidecar (if any)
                front = from_clipper(document.metadata)
                layers = [(front, rel), *layers] if meta_path else [(front, rel)]
            headline = _headline_setting({k: v for m, _ in layers for k, v in m.items()})
            try:
                result = read_markdown(
                    document.body, extra, headline=headline, first_line=document.body_line
                )
            except NestedTooDeep as deep:
                diags.warning(
                    rel,
                    deep.line,
                    f"block quotes or lists {deep}: the seed is read as plain text",
                    "no article nests so deep: check the file is the article you meant",
                )
                result = read_text(document.body, extra, headline, document.body_line)
        else:
            result = read_text(text, extra, headline=_headline_setting(metadata))
    if not result.blocks:
        found = "only a headline" if result.detected.get("headline") else "only furniture"
        diags.error(rel, 1, f"no article text found: the seed holds {found} and blank lines")
        return None
    merged = _merge_metadata(path, rel, layers, result, diags)
    if merged is None:
        return None
    story, outlet = _given(layers, "story"), _given(layers, "outlet")
    told_in = (story or outlet or layers[-1])[0]
    return SourceArticle(
        merged["id"],
        rel,
        merged,
        result.blocks,
        result.set_aside,
        metadata_path=told_in,
        outlet_line=outlet[1] if outlet and outlet[0] == told_in else 0,
        story_line=story[1] if story else 0,
    )


def _given(layers: list[tuple[dict, str]], key: str) -> tuple[str, int] | None:
    """(file, line) where the metadata that counts gives `key` (the last layer giving it)."""
    for metadata, meta_path in reversed(layers):
        if key in metadata:
            return meta_path, line_of(metadata, key)
    return None


# What a web page opens with, after a byte-order mark, white space, an XML declaration and
# comments (a browser's "saved from url"): its doctype or its <html> element.
_PAGE_OPENING = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_BEFORE_A_PAGE = ((b"<?xml", b"?>"), (b"<!--", b"-->"))


def _web_page(raw: bytes) -> bool:
    """Whether a seed named as text is a web page saved under another name (its source)."""
    head = raw[:8192].removeprefix(b"\xef\xbb\xbf").lstrip()
    skipped = True
    while skipped:
        skipped = False
        for opening, closing in _BEFORE_A_PAGE:
            if head.startswith(opening):
                end = head.find(closing, len(opening))
                if end < 0:
                    return False
                head, skipped = head[end + len(closing) :].lstrip(), True
    return _PAGE_OPENING.match(head) is not None


def _read_sidecar(path: Path, root: Path, diags: Diagnostics) -> tuple[LineDict | dict, str]:
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_suffix(suffix)
        if os.path.lexists(sidecar) and not sidecar.is_dir():  # a pipe or dead link: told
            rel = sidecar.relative_to(root).as_posix()
            text = read_text_file(sidecar, rel, diags, "metadata file")
            if text is None:
                return {}, rel
            try:
                data = load_yaml(text)
            except YamlError as exc:
                diags.error(rel, exc.line, exc.message)
                return {}, rel
            if data is None:
                return {}, rel
            if not isinstance(data, dict):
                diags.error(rel, 1, "a seed's metadata must be a mapping of keys to values")
                return {}, rel
            return data, rel
    return {}, ""


def _encoding(metadata: dict, meta_path: str, diags: Diagnostics) -> str | None:
    """The encoding a text seed's metadata file names for it (`encoding: windows-1252`), "" if
    none; None if it names none Python knows as a text encoding (an error at its line)."""
    name = metadata.get(ENCODING_KEY)
    if name is None or name == "":
        return ""
    try:  # a LookupError too for a codec of bytes to bytes (`base64`); an empty text is
        b"a".decode(str(name))  # not looked up at all
    except UnicodeError:
        pass  # a text encoding, which `a` alone does not make (`utf-16`, `undefined`)
    except LookupError:
        diags.error(
            meta_path,
            line_of(metadata, ENCODING_KEY),
            f"encoding: {name!r} is not the name of a text encoding",
            "the name an editor's 'Save as' gives, such as windows-1252, iso-8859-1, shift_jis",
        )
        return None
    return codecs.lookup(str(name)).name


def _encoding_advice(rel: str, meta_path: str) -> str:
    sidecar = meta_path or rel[: rel.rindex(".")] + ".yaml"
    return (
        "save the seed as UTF-8; or, if it was saved in another encoding (as Word's and older "
        f"Notepad's plain text are: windows-1252), name it in {sidecar}: 'encoding: windows-1252'"
    )


def _headline_setting(metadata: dict) -> str | None:
    if "headline" not in metadata:
        return None
    return str(metadata["headline"] or "")


def _merge_metadata(
    path: Path, rel: str, layers: list[tuple[dict, str]], result: ReadResult, diags: Diagnostics
) -> dict | None:
    """Detected values first, then the metadata files over them (each problem at its file's
    line); every key present."""
    merged = {key: "" for key in SOURCE_METADATA_KEYS}
    merged.update({k: v for k, v in result.detected.items() if k in merged and v})
    ok = True
    for metadata, meta_path in layers:
        known = SIDECAR_KEYS if meta_path.endswith(SIDECAR_SUFFIXES) else SOURCE_METADATA_KEYS
        unknown_keys(meta_path, metadata, known, "source metadata key", diags)
        for key, value in metadata.items():
            if key not in SOURCE_METADATA_KEYS:
                continue
            if value is None or value == "":
                if key == "headline":
                    merged[key] = ""
                continue
            check = VALUE_CHECKS.get(key, _text_or_list)
            problem = check(value)
            if problem:
                written = getattr(metadata, "written", {}).get(key, key)  # (a plain dict too)
                diags.error(meta_path, line_of(metadata, key), f"{written}: {problem}")
                ok = False
                continue
            merged[key] = _scalar(value)
    if not merged["outlet"] and merged["url"]:
        # Known by its address, as a saved page naming no outlet is ("reuters.com"; a name
        # other seeds from there give replaces it: `_outlets_by_address`).
        merged["outlet"] = site_address(merged["url"])
    merged["id"] = str(merged["id"] or path.stem)
    given = _given(layers, "id")
    where = given if given else (rel, 1)
    if not ID_PATTERN.fullmatch(merged["id"]):
        diags.error(
            *where,
            f"source id {merged['id']!r} may use only the letters a-z and A-Z, digits, '.', '_' "
            "and '-'",
            "set another with 'id:' in the seed's metadata"
            if given
            else f"rename the file {id_like(path.stem, 'source')}{path.suffix} (a metadata file "
            "beside it with it), or set an id with 'id:' in the seed's metadata",
        )
        ok = False
    elif len(merged["id"]) > ID_MAX:
        diags.error(
            *where,
            f"source id {merged['id'][:40]!r}... is {len(merged['id'])} characters long; "
            f"at most {ID_MAX} (it is part of file names)",
            "set a shorter one with 'id:' in the seed's metadata, or rename the file",
        )
        ok = False
    if merged["display"] and merged["display"] not in ("full", "excerpts"):
        diags.error(
            *(_given(layers, "display") or (rel, 1)), "display must be 'full' or 'excerpts'"
        )
        ok = False
    return merged if ok else None


def _text_or_list(value) -> str | None:
    """Why `value` cannot be a metadata text (a list is joined: "byline: [A, B]")."""
    if isinstance(value, (dict, set, bytes)) or (
        isinstance(value, list) and any(isinstance(v, (dict, list, set, bytes)) for v in value)
    ):
        return "must be text (or a list of texts), not a mapping or binary data"
    return None


def _one_text(value, why: str) -> str | None:
    """Why `value` cannot be a metadata text of which a source has one (a list is not)."""
    if isinstance(value, (list, tuple)):
        return f"is a list; {why}"
    return _text_or_list(value)


def _scalar(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)

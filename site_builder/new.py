"""`site-builder new`: start a claim note or bring in a seed, never overwriting a file.

Writing notes is one code path for `new claim` and for the authoring endpoint of `serve`
(`serve/authoring.py`): the front matter comes from a YAML serializer; before anything is
written, the note is read and its quotes anchored as the build will read and anchor them; files
are created exclusively, only in content/claims/, and never through a symbolic link.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import http.client
import os
import re
import secrets
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import yaml

from .anchor import anchor_notes
from .anchor.context import Passage, covers
from .cache import BuildCache
from .diagnostics import Diagnostics
from .model import Anchor, SourceArticle
from .read.fields import id_problem
from .read.notes import NOTE_BODY, known_sources, read_note
from .read.seeds import NOT_TEXT_ADVICE, SEED_SUFFIXES, not_text, read_source, read_sources
from .read.yamlfile import YamlError, split_front_matter, without_controls
from .settings import Settings, load_settings
from .urls import latin_slug

CLAIMS_FOLDER = PurePosixPath("content/claims")
YAML_WIDTH = 4096  # each value on one line, as editors write and search them
# The line that opens and closes front matter, as the note reader splits it.
FRONT_MATTER_BOUNDARY = re.compile(r"^-{3}[ \t]*\r?$", re.MULTILINE)


class ScaffoldError(Exception):
    """A `new` command that cannot be carried out; nothing was written."""


class ChangedOnDisk(ScaffoldError):
    """The note changed since the editor's page was loaded; nothing was written."""


def slugify(text: str, limit: int = 60, fallback: str = "claim") -> str:
    """An id of at most `limit` characters made of `text`'s words in Latin letters (see
    `urls.latin_slug`), or `fallback` if it has none."""
    return latin_slug(text)[:limit].rstrip("-") or fallback


def one_line(text: str) -> str:
    """A claim, claimant or tag is one line: runs of white space, line breaks included, become
    one space."""
    return " ".join(text.split())


def file_version(data: bytes) -> str:
    """What a note file's bytes are, to tell whether it changed since a page was served."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def default_verdict(settings: Settings) -> str:
    """The verdict a new note starts with: the scale's "unverified", else its first entry."""
    keys = settings.verdict_keys
    return "unverified" if "unverified" in keys else keys[0]


# -- front matter -------------------------------------------------------------------------------


class _NoteDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with list items indented under their key as the notes write them,
    no control characters in text, and a string holding a line break that is not a newline
    (U+2028, U+2029) written in double quotes, where it is escaped: written as it is, it would
    read back as a newline."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    text = without_controls(text)  # as every reading of YAML leaves them out
    style = '"' if any(c in text for c in "\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_NoteDumper.add_representer(str, _represent_text)


def yaml_text(data: dict) -> str:
    """`data` as block YAML in the given key order; every string round-trips as it is."""
    return yaml.dump(
        data, Dumper=_NoteDumper, sort_keys=False, allow_unicode=True, width=YAML_WIDTH
    )


def note_text(front: dict, body: str = NOTE_BODY) -> str:
    return "---\n" + yaml_text(front) + "---\n\n" + body


def quote_entry(
    source_id: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> dict:
    """One entry of a note's `quotes:`, with the context keys only when they say something."""
    entry: dict = {"source": source_id, "quote": quote}
    if prefix:
        entry["prefix"] = prefix
    if suffix:
        entry["suffix"] = suffix
    if hint is not None:
        entry["hint"] = hint
    return entry


def append_quote_entry(text: str, entry: dict) -> str:
    """`text` (a note) with `entry` as one more item at the end of its `quotes:` list, written
    in the list's own indentation and line endings; every other byte stays as it was."""
    entry = {k: without_controls(v) if isinstance(v, str) else v for k, v in entry.items()}
    boundaries = list(FRONT_MATTER_BOUNDARY.finditer(text))
    if len(boundaries) < 2 or boundaries[0].start() != 0:
        raise ScaffoldError("the note has no front matter between two '---' lines")
    offset, front = boundaries[0].end(), text[boundaries[0].end() : boundaries[1].start()]
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise ScaffoldError(f"the note's front matter is not valid YAML: {error}") from None
    quotes = _value_node(root, "quotes")
    items = quotes.value if isinstance(quotes, yaml.SequenceNode) else []
    first = items[0] if items else None
    if quotes.flow_style or not isinstance(first, yaml.MappingNode) or first.flow_style:
        raise ScaffoldError(
            "its quotes: is not a list with one '- source: ...' entry after another; "
            "add the passage by hand"
        )
    dash, key = quotes.start_mark.column, first.start_mark.column
    if key <= dash:
        raise ScaffoldError("its quotes: list is indented in a way this cannot follow")
    end = _last_index(items[-1])
    at = end if front[end - 1] == "\n" else front.index("\n", end) + 1
    newline = "\r\n" if "\r\n" in front else "\n"
    dumped = yaml_text(entry).splitlines()
    lines = [" " * dash + "-" + " " * (key - dash - 1) + dumped[0]]
    lines += [" " * key + line if line else "" for line in dumped[1:]]
    insertion = "".join(line + newline for line in lines)
    result = text[: offset + at] + insertion + text[offset + at :]
    _same_but_one_more_quote(text, result, entry)
    return result


def _value_node(mapping, key: str):
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    raise ScaffoldError(f"the note's front matter has no {key}: list")


def _last_index(node) -> int:
    """Where the text of a node's last scalar ends (its own end for a flow collection)."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index


def _same_but_one_more_quote(before: str, after: str, entry: dict) -> None:
    """Check that `after` reads as `before` with `entry` appended to its quotes, nothing else."""
    try:
        old, new = split_front_matter(before), split_front_matter(after)
    except YamlError as error:
        raise ScaffoldError(f"the note would not read back: {error.message}") from None
    expected = {**old.metadata, "quotes": [*old.metadata.get("quotes", []), entry]}
    if dict(new.metadata) != expected or new.body != old.body:
        raise ScaffoldError("the note would not read back as it was with one more quote")


# -- checking a note as the build will -----------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A note's text as the build reads it: whether it reads, its anchors, and its problems."""

    read: bool
    anchors: tuple[Anchor, ...]
    diagnostics: Diagnostics


def check_as_built(
    text: str,
    note_id: str,
    settings: Settings,
    sources: Iterable[SourceArticle],
    source_ids: set[str],
    entity_ids: set[str] = frozenset(),
) -> Checked:
    """Read the note `text` with the note reader, then anchor its quotes in `sources` with the
    build's anchoring, from a scratch folder: what the build would make of it."""
    diags = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="site-builder-note-") as scratch:
        root = Path(scratch)
        path = root / CLAIMS_FOLDER / f"{note_id}.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        note = read_note(path, root, settings.verdict_labels, source_ids, entity_ids, diags)
    if note is None:
        return Checked(False, (), diags)
    # every source: a quote copied from another outlet's report is told where it is
    anchors, _ = anchor_notes(list(sources), [note], diags, BuildCache())
    return Checked(True, tuple(anchors), diags)


def _problems(checked: Checked) -> str:
    return "\n".join(
        f"{d.message}" + (f"\n{d.suggestion}" if d.suggestion else "")
        for d in checked.diagnostics.errors
    )


def _lands(checked: Checked, number: int, passage: Passage) -> bool:
    anchor = next((a for a in checked.anchors if a.number == number), None)
    return anchor is not None and covers(anchor.spans, passage)


# -- new claim -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteDraft:
    """What a new note says: the claim and the passage that carries it, and the first verdict."""

    claim: str
    source_id: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    hint: int | None = None
    verdict: str = ""  # empty: the scale's default
    claimant: str = ""
    tags: tuple[str, ...] = ()
    note_id: str = ""  # empty: a free name from the claim


@dataclass(frozen=True)
class WrittenNote:
    path: Path
    note_id: str
    found: str  # where the quote was found, or why not
    anchored: bool = True  # False: written, but its quote is not found (or not in one place)


def new_claim(
    root: Path,
    draft: NoteDraft,
    sources: Mapping[str, SourceArticle] | None = None,
    settings: Settings | None = None,
    at: Passage | None = None,
    taken: Iterable[str] = (),
) -> WrittenNote:
    """Write content/claims/<id>.md as a draft note: <id> is the claim's slug (or the next free
    name: `-2`, `-3`...), or `draft.note_id`, refused if taken. `sources` and `settings` default
    to the site's, read from disk; ids in `taken` are not given out. With `at`, the note is
    written only if the build would anchor its quote exactly on that passage."""
    diags = Diagnostics()
    _site_at(root, "seeds")
    settings = settings or load_settings(root, diags)
    if sources is None:
        sources = {s.id: s for s in read_sources(root, settings, diags, BuildCache())}
    if draft.source_id not in sources:
        known = known_sources(draft.source_id, sources)
        raise ScaffoldError(f"unknown source id {draft.source_id!r} ({known})")
    claim = one_line(draft.claim)
    if not claim:
        raise ScaffoldError("the claim is empty: say what the claimant claimed")
    if not draft.quote.strip():
        raise ScaffoldError("the quote is empty: give the article's words that make the claim")
    problem = draft.note_id and id_problem(draft.note_id)
    if problem:
        raise ScaffoldError(f"note id {draft.note_id!r} {problem}")
    front = {
        "claim": claim,
        "verdict": draft.verdict or default_verdict(settings),
        "summary": "",
        "claimant": one_line(draft.claimant),
        "published": dt.date.today().isoformat(),
        "status": "draft",
        "author": "",
        "quotes": [
            quote_entry(draft.source_id, draft.quote, draft.prefix, draft.suffix, draft.hint)
        ],
        "evidence": [],
        "entities": [],
        "tags": [tag for tag in (one_line(t) for t in draft.tags) if tag],
    }
    text = note_text(front)
    wanted = draft.note_id or slugify(claim)
    checked = check_as_built(text, wanted, settings, sources.values(), set(sources))
    if not checked.read:
        raise ScaffoldError(_problems(checked))
    if at is not None and not _lands(checked, 1, at):
        raise ScaffoldError(
            "the note would not anchor on the chosen passage, so it was not written"
            + (f":\n{_problems(checked)}" if checked.diagnostics.errors else "")
        )
    if checked.anchors:
        anchor = checked.anchors[0]
        paragraph = sources[draft.source_id].block_index_at(anchor.start) + 1
        found = f"quote found ({anchor.method}) in paragraph {paragraph}"
        if anchor.method == "fuzzy":  # the build warns of it: say so now, with the words there
            found = "\n".join(
                [
                    f"{found}, not word for word: the build warns of it (and `--strict` fails) "
                    "until the quote is the article's words",
                    *(f"{d.message}\n{d.suggestion}" for d in checked.diagnostics.warnings),
                ]
            )
    else:
        found = _problems(checked)  # written all the same: the editor fixes the quote
    note_id = _create_note(root, wanted, text.encode("utf-8"), bool(draft.note_id), set(taken))
    path = root / CLAIMS_FOLDER / f"{note_id}.md"
    return WrittenNote(path, note_id, found, anchored=bool(checked.anchors))


def _create_note(root: Path, wanted: str, data: bytes, fixed: bool, taken: set[str]) -> str:
    """Create <wanted>.md, or the first free <wanted>-N.md, exclusively; returns the id used."""
    folder = _claims_folder(root)
    try:
        for n in range(1, 10_000):
            candidate = wanted if n == 1 else f"{wanted}-{n}"
            try:
                if candidate in taken:
                    raise FileExistsError(candidate)
                _create_exclusively(folder, f"{candidate}.md", data)
                return candidate
            except FileExistsError:
                if fixed:
                    raise ScaffoldError(
                        f"{CLAIMS_FOLDER}/{wanted}.md already exists (or a note has the id "
                        f"{wanted!r}): not overwriting it"
                    ) from None
        raise ScaffoldError(f"no free name for {wanted!r} in {CLAIMS_FOLDER}/")
    finally:
        os.close(folder)


# -- a passage added to an existing note ------------------------------------------------------------


def add_quote(
    root: Path,
    note_path: str,
    version: str,
    entry: dict,
    at: Passage,
    settings: Settings,
    sources: Mapping[str, SourceArticle],
    entity_ids: set[str],
) -> Path:
    """Add `entry` to the `quotes:` of the note at `note_path` (relative to `root`), leaving
    every other byte of the file as it was. Refused if the file is not the `version` the editor
    saw, or if the build would not anchor the new quote exactly on `at`."""
    path = PurePosixPath(note_path)
    if path.parent != CLAIMS_FOLDER or not path.name.endswith(".md"):
        raise ScaffoldError(f"{note_path} is not a note in {CLAIMS_FOLDER}/")
    folder = _claims_folder(root)
    try:
        data = _read_file(folder, path.name)
        if file_version(data) != version:
            raise ChangedOnDisk(
                f"{note_path} changed on disk since this page was loaded; nothing was written. "
                "Reload the page and add the passage again."
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ScaffoldError(f"{note_path} is not UTF-8 text") from None
        updated = append_quote_entry(text, entry)
        checked = check_as_built(
            updated, path.stem, settings, sources.values(), set(sources), entity_ids
        )
        number = len(split_front_matter(updated).metadata["quotes"])
        if not _lands(checked, number, at):
            raise ScaffoldError(
                "the passage would not anchor where it was chosen, so nothing was written"
                + (f":\n{_problems(checked)}" if checked.diagnostics.errors else "")
            )
        _replace(folder, path.name, updated.encode("utf-8"), version)
    finally:
        os.close(folder)
    return root / path


# -- files: only in content/claims/, never through a symbolic link ----------------------------------


def _claims_folder(root: Path) -> int:
    """An open descriptor of ROOT/content/claims/ (made if missing), each step taken without
    following a symbolic link, so that whatever the names, writes land in that folder."""
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in CLAIMS_FOLDER.parts:
            try:
                os.mkdir(name, dir_fd=folder)
            except FileExistsError:
                pass
            try:
                inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise ScaffoldError(
                        f"{name}/ is a symbolic link or not a folder: notes are written only "
                        f"into a real {CLAIMS_FOLDER}/ folder"
                    ) from None
                raise
            os.close(folder)
            folder = inner
        return folder
    except BaseException:
        os.close(folder)
        raise


def _create_exclusively(folder: int, name: str, data: bytes) -> None:
    """Create `name` in `folder`; FileExistsError if anything, a symbolic link included, has it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    handle = os.open(name, flags, 0o666, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            handle = -1
            file.write(data)
    except BaseException:
        if handle >= 0:
            os.close(handle)
        os.unlink(name, dir_fd=folder)
        raise


def _read_file(folder: int, name: str) -> bytes:
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder)
    except FileNotFoundError:
        raise ScaffoldError(f"{CLAIMS_FOLDER}/{name} no longer exists") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ScaffoldError(
                f"{CLAIMS_FOLDER}/{name} is a symbolic link: not editing it"
            ) from None
        raise
    with os.fdopen(handle, "rb") as file:
        return file.read()


def _replace(folder: int, name: str, data: bytes, version: str) -> None:
    """Replace `name` with `data` in one step (a new file renamed over it), if it is still
    `version`; its permissions are kept."""
    mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode & 0o7777
    scratch = f".{name}.tmp-{secrets.token_hex(4)}"
    _create_exclusively(folder, scratch, data)
    try:
        os.chmod(scratch, mode, dir_fd=folder)
        if file_version(_read_file(folder, name)) != version:
            raise ChangedOnDisk(
                f"{CLAIMS_FOLDER}/{name} changed on disk meanwhile; nothing was written"
            )
        os.replace(scratch, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        os.unlink(scratch, dir_fd=folder)
        raise


def _site_at(root: Path, *folders: str) -> None:
    """Refuse `root` unless it holds one of `folders`: a typo in --root, or no site there yet
    (nothing is made in it)."""
    if not any((root / folder).is_dir() for folder in folders):
        has = " or ".join(f"{folder}/" for folder in folders)
        raise ScaffoldError(
            f"no site at {root}: it has no {has} folder "
            "(give --root, or make a site with `site-builder new site`)"
        )


# -- new source -------------------------------------------------------------------------------------


def new_source(root: Path, location: str) -> tuple[Path, Path]:
    """Copy a seed (a file, or the URL of a saved page) into seeds/ and write its metadata
    sidecar with what was detected, for the editor to check."""
    seeds = root / "seeds"
    _site_at(root, "seeds", "content")
    seeds.mkdir(exist_ok=True)
    name, data = _fetch(location, seeds)
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    web_archive = suffix == ".webarchive" and data.startswith(b"bplist")  # Safari's, binary
    problem = "" if web_archive else not_text(data)
    if problem:  # whatever its name
        raise ScaffoldError(f"{location}: {problem} ({NOT_TEXT_ADVICE})")
    if suffix not in SEED_SUFFIXES:
        suffix = ".html" if data.lstrip()[:1] == b"<" else ".txt"
    stem = slugify(stem, 80, fallback="source")
    target = seeds / f"{stem}{suffix}"
    sidecar = seeds / f"{stem}.yaml"
    for taken in (target, sidecar):
        if taken.exists():
            raise ScaffoldError(
                f"{taken.relative_to(root)} already exists: not overwriting it "
                "(rename the file you are adding)"
            )
    with target.open("xb") as handle:
        handle.write(data)
    diags = Diagnostics()
    try:
        source = read_source(target, root, load_settings(root, diags), diags)
    except BaseException:  # a bug (or Ctrl+C): no seed is left without its sidecar
        target.unlink()
        raise
    if source is None:
        target.unlink()
        problems = "; ".join(d.message for d in diags.errors)
        advice = ""
        if any(d.message.startswith("not valid UTF-8 text") for d in diags.errors):
            advice = (
                ": save it as UTF-8 and add it again, or copy it into seeds/ as "
                f"{target.name} and name its encoding in seeds/{sidecar.name}: "
                "'encoding: windows-1252' (as Word's and older Notepad's plain text are)"
            )
        raise ScaffoldError(f"{location}: no article could be read from it ({problems}){advice}")
    detected = {k: v for k, v in source.metadata.items() if v and k not in ("id", "display")}
    if location.startswith(("http://", "https://")):
        detected.setdefault("url", location)
    detected.setdefault("retrieved", dt.date.today().isoformat())
    # what was not found is listed empty, for the editor to fill in or leave
    wanted = {key: "" for key in ("outlet", "url", "published", "byline", "language")}
    metadata = {"id": source.id, **wanted, **detected, "story": detected.get("story", "")}
    # (on one line: a line break in a file's name would end the comment and start a key)
    told = " ".join(location.splitlines())
    with sidecar.open("x", encoding="utf-8") as handle:
        handle.write(
            f"# Detected by `site-builder new source` from {told}: check every value,\n"
            "# fill in what is missing (leave it empty rather than guess), and set `story`.\n"
            + yaml_text(metadata)
        )
    return target, sidecar


def _fetch(location: str, seeds: Path) -> tuple[str, bytes]:
    try:
        parts = urlsplit(location)
        parts.port  # noqa: B018 (it checks the port and an IPv6 address's brackets)
    except ValueError as exc:
        raise ScaffoldError(f"{location} is not an address ({exc})") from None
    if parts.scheme in ("http", "https"):
        try:
            with urllib.request.urlopen(location, timeout=30) as response:  # noqa: S310 (http(s))
                data = response.read()
        except urllib.error.URLError as exc:  # no such host, refused, 404...
            raise ScaffoldError(f"{location} could not be fetched ({exc.reason})") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise ScaffoldError(f"{location} could not be fetched ({exc})") from None
        name = Path(unquote(parts.path)).name or parts.netloc
        return name, data
    path = Path(unquote(parts.path) if parts.scheme == "file" else location)
    if parts.scheme not in ("", "file") and len(parts.scheme) > 1 and not path.exists():
        raise ScaffoldError(  # (not "C:\\..." nor a file named "update:bridge.txt")
            f"{location}: an address of the scheme {parts.scheme!r} cannot be fetched; give an "
            "http(s) address, or the saved file"
        )
    if path.is_dir():
        raise ScaffoldError(f"{location} is a folder: give the seed's file, or its address")
    if not path.exists():
        raise ScaffoldError(f"{location}: no such file")
    if not path.is_file():
        raise ScaffoldError(f"{location} is not a regular file (a device or a named pipe)")
    if path.resolve().parent == seeds.resolve():
        raise ScaffoldError(
            f"{location} is a seed already, which the build reads as it is: its metadata goes "
            f"in {path.stem}.yaml beside it (`new source` copies a file or a page from "
            "elsewhere into seeds/)"
        )
    return path.name, path.read_bytes()

"""Claim notes (`content/claims/*.md`): read and validated, every problem located at its
`path:line`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from ..cache import BuildCache
from ..diagnostics import Diagnostics
from ..model import ClaimNote, Evidence, QuoteRef, Update
from ..urls import unsafe
from .fields import (
    ID,
    NOT_TEXT,
    checked_date,
    checked_url,
    did_you_mean,
    id_like,
    id_problem,
    item_line,
    language_problem,
    markdown_files,
    read_text_file,
    string_list,
    text_at,
    text_fields,
    unknown_keys,
)
from .yamlfile import YamlError, line_of, split_front_matter

NOTE_ID = ID
REQUIRED = ("claim", "verdict", "quotes")
# How each required field is written, for a note that lacks it.
REQUIRED_SHAPE = {
    "claim": 'add it, on one line, as the claimant made it: claim: "..."',
    "verdict": "add it: verdict: followed by a key of the verdict scale in content/site.yaml",
    "quotes": (
        "add the passage it checks, as the source words it:\n"
        "quotes:\n"
        "  - source: <the source's id>\n"
        '    quote: "<the words>"'
    ),
}
# The analysis `new claim` writes for the editor to replace, a section a paragraph.
NOTE_BODY = (
    "**The claim.** Who said it, where, and how each source words it.\n\n"
    "**The evidence.** What the verdict rests on: primary sources first.\n\n"
    "**What could not be checked.** Say it plainly.\n\n"
    "**Why this verdict.** Judged as of the report's date.\n"
)
PLACEHOLDERS = frozenset(NOTE_BODY.strip().split("\n\n"))
NOTE_KEYS = frozenset(
    "id claim claim_reviewed verdict summary claimant published updated updates status author "
    "reviewer quotes evidence entities tags aliases".split()
)
NOTE_TEXT_KEYS = "id claim claim_reviewed verdict summary claimant status author reviewer".split()
UPDATE_KEYS = frozenset("date change kind old_verdict new_verdict".split())
# What an update log entry records, as the corrections policy names them (a verdict change is told
# by `old_verdict` and `new_verdict`, whatever the kind).
UPDATE_KINDS = ("correction", "clarification", "update")
QUOTE_KEYS = frozenset(
    "source quote prefix suffix assessment original original_language hint".split()
)
EVIDENCE_KEYS = frozenset("title issuer date identifier url archived_url note file".split())
ASSESSMENTS = ("faithful", "paraphrase", "overstated", "understated", "omits-context")
STATUSES = ("published", "draft")


class Reference(NamedTuple):
    """Something a note names that must exist elsewhere in the site: a source, an entity, a
    verdict of the scale (in `field`, if not the note's own verdict). References are checked
    once the whole site is read, so a note is read again only when its own file changes, not
    when a seed is added or an entity renamed."""

    kind: str  # "source", "entity" or "verdict"
    name: str
    line: int
    field: str = ""

    def problem(self) -> str:
        what = {"source": "source id", "entity": "entity", "verdict": "verdict"}[self.kind]
        return f"unknown {what} {self.name!r}" + (f" in {self.field}" if self.field else "")


def read_notes(
    root: Path,
    verdicts: Collection[str],
    source_ids: Collection[str],
    entity_ids: set[str] | None,
    diags: Diagnostics,
    cache: BuildCache,
    drafts: bool = False,
    jobs: int = 1,
) -> list[ClaimNote]:
    """Every note in content/claims/, in file-name order; drafts only when asked for."""
    read = cache.read_all(note_requests(root), diags, jobs)
    return collect_notes(read, verdicts, source_ids, entity_ids, diags, drafts)


def note_requests(root: Path) -> list[tuple]:
    """What reading every note asks of the cache: (key, files, compute) for each."""
    folder = root / "content" / "claims"
    return [
        (("note", path), (path,), partial(_read_note, path, root))
        for path in markdown_files(folder)
    ]


def collect_notes(
    read: list,
    verdicts: Collection[str] | None,
    source_ids: Collection[str] | None,
    entity_ids: set[str] | None,
    diags: Diagnostics,
    drafts: bool = False,
    without_seed: Callable[[], Mapping[str, str]] | None = None,
    held_back: list[ClaimNote] | None = None,
) -> list[ClaimNote]:
    """The notes read (each with the references it makes), those whose references all exist,
    without duplicates, drafts only when asked for. `without_seed` gives, when a note quotes an
    unknown source, the ids that metadata files without a seed beside them give (id -> file);
    `held_back` receives the notes read whose references do not all exist."""
    notes: list[ClaimNote] = []
    seen: dict[str, str] = {}
    for found in read:
        note = checked_note(found, verdicts, source_ids, entity_ids, diags, without_seed)
        if note is None:
            if found is not None and found[1] is not None and held_back is not None:
                held_back.append(found[1])
            continue
        if note.id in seen:
            diags.error(
                note.path,
                note.line,
                f"duplicate note id {note.id!r} (also {seen[note.id]})",
                "each note needs an id of its own: its id: line, or else its file's name;"
                " change one of the two",
            )
            continue
        seen[note.id] = note.path
        if note.status == "published" or drafts:
            notes.append(note)
    left_out = len(seen) - len(notes)
    if left_out:  # else a note just written by `new claim` is nowhere, and nothing says why
        diags.info(
            "content/claims",
            0,
            f"{left_out} draft note(s) left out (status: draft)",
            "build --drafts or serve shows them; publish one with status: published",
        )
    return notes


def _read_note(path: str, root: Path, diags: Diagnostics):
    return read_note_alone(Path(path), root, diags)


def checked_note(
    found: tuple[str, ClaimNote | None, tuple[Reference, ...]] | None,
    verdicts: Collection[str] | None,
    source_ids: Collection[str] | None,
    entity_ids: set[str] | None,
    diags: Diagnostics,
    without_seed: Callable[[], Mapping[str, str]] | None = None,
) -> ClaimNote | None:
    """The note `read_note_alone` found, if it was built and every source, entity and verdict
    it names exists (an error at the reference's line for each that does not); else None.
    `entity_ids` None: entities.yaml could not be read, and what notes name is not checked;
    `verdicts`: the scale's keys, or each key with its label; None: the settings have errors,
    and verdicts are not checked; `source_ids`
    None: a seed could not be read, and the sources notes quote are not checked."""
    if found is None:
        return None
    rel, note, references = found
    known = {"source": source_ids, "entity": entity_ids, "verdict": verdicts}
    suggestions = {
        "source": lambda name: known_sources(name, source_ids or (), without_seed),
        "entity": lambda name: (
            _closest(name, sorted(entity_ids or ()))
            + "entities are listed in content/entities.yaml"
        ),
        "verdict": lambda name: _verdict_hint(name, verdicts or ()),
    }
    ok = True
    for ref in references:
        names = known[ref.kind]
        if names is None or ref.name in names:
            continue
        if ref.kind == "verdict" and ref.field:  # the update log: history, in the keys of its day
            diags.warning(
                rel,
                ref.line,
                ref.problem() + ": shown as written (a verdict since renamed or retired?)",
                suggestions[ref.kind](ref.name),
            )
            continue
        diags.error(rel, ref.line, ref.problem(), suggestions[ref.kind](ref.name))
        ok = False
    return note if ok else None


# Up to this many sources, an unknown source id is told every one; beyond, only the closest.
LIST_SOURCES_UP_TO = 12


def known_sources(name: str, source_ids, without_seed=None) -> str:
    """What to tell of a source id that is not one: the metadata file that gives it with no
    seed beside it (its seed renamed alone), the id of the source whose file or address it
    names (`source_ids` mapping each id to its source or its seed's path), else the closest id
    ("did you mean ...?"), and every id of a small site (a large one's would bury the line that
    matters)."""
    orphaned = (without_seed() if without_seed else {}).get(name)
    if orphaned:
        seed = orphaned[: orphaned.rindex(".")]
        return (
            f"{orphaned} gives this id, and no seed {seed}.txt, .md or .html is beside it: if "
            "the seed was renamed, rename its metadata file with it"
        )
    ids = sorted(source_ids)
    named = _sources_named(name, source_ids) if isinstance(source_ids, Mapping) else []
    if named:
        source_id, what = named[0]
        return (
            f"did you mean {source_id!r}? {what}, and a note names a source by its id (the "
            "`id` of its metadata, else its file name without its ending)"
        )
    told = _closest(name, ids, cutoff=0.6)
    if len(ids) <= LIST_SOURCES_UP_TO:
        return told + "known sources: " + (", ".join(ids) or "none")
    count = f"{len(ids)} sources are known"
    return told + count + ": a source's id is the `id` of its metadata, else its file name"


def _sources_named(name: str, sources: Mapping) -> list[tuple[str, str]]:
    """(id, what names it) of each source (`sources`: id -> source, or its seed's path) that
    `name` names otherwise than by its id: its seed's path, file name, or that without its
    ending ("seeds/000_a1.txt", "000_a1.txt", "000_a1"), or its article's address."""
    written = name.strip().replace("\\", "/").removeprefix("./").removeprefix("seeds/")
    address = _address(name)
    found = []
    for source_id, source in sources.items():
        path = str(getattr(source, "path", source))
        file = PurePosixPath(path).name
        if written and written in (file, file.rpartition(".")[0]):
            found.append((source_id, f"{path} is that source's file"))
            continue
        metadata = getattr(source, "metadata", {})
        for key in ("url", "archived_url"):
            if address and _address(metadata.get(key)) == address:
                found.append((source_id, f"{name.strip()} is that source's {key}"))
                break
    return found


def _address(url) -> str:
    """An address as compared: without its scheme, "www.", case of its host or final slash."""
    if not isinstance(url, str) or "://" not in url:
        return ""
    host, _, rest = url.strip().partition("://")[2].partition("/")
    return host.lower().removeprefix("www.") + "/" + rest.rstrip("/")


def _verdict_hint(name: str, verdicts: Collection[str]) -> str:
    """What to tell of a verdict that is not on the scale: the key whose label it is (`Exact`,
    the label of `accurate` on a French site), else the closest key; then every key."""
    every = "the site's verdicts: " + ", ".join(verdicts)
    labels = verdicts if isinstance(verdicts, Mapping) else {}
    for key, label in labels.items():
        if label.casefold() == name.strip().casefold():
            return (
                f"did you mean {key!r}? {name!r} is its label, and a note gives the key; " + every
            )
    return _closest(name, verdicts) + every


def _closest(name: str, keys, cutoff: float = 0.8) -> str:
    """ "did you mean 'needs-context'? " for a key written as its label ("Needs context") or
    misspelt ("acurate"); "" if none is close."""
    return did_you_mean("-".join(name.casefold().split()), keys, cutoff)


def read_note(
    path: Path,
    root: Path,
    verdicts: Collection[str],
    source_ids: Collection[str],
    entity_ids: set[str] | None,
    diags: Diagnostics,
) -> ClaimNote | None:
    """One note, or None (with every problem in `diags`) if it cannot be built or names a
    source, entity or verdict the site does not have."""
    found = read_note_alone(path, root, diags)
    return checked_note(found, verdicts, source_ids, entity_ids, diags)


def read_note_alone(
    path: Path, root: Path, diags: Diagnostics
) -> tuple[str, ClaimNote | None, tuple[Reference, ...]] | None:
    """One note read from its file alone: its path in the site, the note (None if it cannot
    be built, with every problem in `diags`) and the references to check against the rest of
    the site (those of a note that cannot be built too: every problem is told at once). None
    if the file has no front matter to read."""
    rel = path.relative_to(root).as_posix()
    document = _front_matter(path, rel, diags)
    if document is None:
        return None
    meta = document.metadata
    before = len(diags.errors)
    references: list[Reference] = []
    _check_keys(rel, meta, diags)
    note_id = _note_id(rel, meta, path.stem, diags)
    verdict = _verdict(meta, references)
    claim = text_at(meta, "claim")
    if "\n" in claim.strip():
        diags.error(rel, line_of(meta, "claim"), "the claim must be one line")
    status = _told(meta, "status") or "published"
    if status not in STATUSES:
        diags.error(
            rel,
            line_of(meta, "status"),
            f"status must be one of {', '.join(STATUSES)}, not {status!r}",
        )
    quotes = _read_quotes(rel, meta, references, diags)
    evidence = _read_evidence(rel, meta, diags)
    entities = string_list(rel, meta, "entities", diags)
    references += [
        Reference("entity", entity, item_line(meta, "entities", i))
        for i, entity in enumerate(entities)
    ]
    tags = string_list(rel, meta, "tags", diags)
    for i, tag in enumerate(tags):
        if not tag.strip():
            diags.error(rel, item_line(meta, "tags", i), "a tag is empty: write it, or remove it")
    aliases = _aliases(rel, meta, diags)
    updates = _read_updates(rel, meta, references, diags)
    published = checked_date(rel, meta, "published", diags)
    updated = checked_date(rel, meta, "updated", diags)
    for update in updates:
        if published and update.date[:10] < published[:10]:
            diags.warning(
                rel,
                update.line,
                f"this update is dated {update.date[:10]}, before the note was published "
                f"({published[:10]})",
                "check the update's date, or the note's published:",
            )
    if published and updated and updated[:10] < published[:10]:
        diags.warning(
            rel,
            line_of(meta, "updated"),
            f"updated ({updated[:10]}) is earlier than published ({published[:10]})",
        )
    logged = updates[-1].date if updates else ""
    updated_line = line_of(meta, "updated")  # (0 once `updated` is the log's, not the line's)
    if logged and (not updated or updated[:10] < logged[:10]):
        # the page, the feed, the sitemap and ClaimReview's dateModified say the last change
        if updated:
            diags.warning(
                rel,
                line_of(meta, "updated"),
                f"updated ({updated[:10]}) is earlier than the last update logged "
                f"({logged[:10]}): the note is dated {logged[:10]}",
                "set updated: to the date of the last update",
            )
        updated, updated_line = logged, 0
    if len(diags.errors) > before:
        return rel, None, tuple(references)
    note = ClaimNote(
        id=note_id,
        path=rel,
        claim=claim.strip(),
        verdict=verdict,
        summary=text_at(meta, "summary").strip(),
        claimant=text_at(meta, "claimant"),
        published=published,
        updated=updated,
        status=status,
        author=text_at(meta, "author"),
        reviewer=text_at(meta, "reviewer"),
        quotes=tuple(quotes),
        evidence=tuple(evidence),
        entities=tuple(entities),
        tags=tuple(tags),
        body=document.body,
        body_line=document.body_line,
        line=meta.line,
        claim_reviewed=text_at(meta, "claim_reviewed").strip(),
        updates=tuple(updates),
        aliases=tuple(aliases),
        tag_lines=tuple(item_line(meta, "tags", i) for i in range(len(tags))),
        verdict_line=line_of(meta, "verdict"),
        date_lines=(line_of(meta, "published"), updated_line),
    )
    return rel, note, tuple(references)


def _front_matter(path: Path, rel: str, diags: Diagnostics):
    text = read_text_file(path, rel, diags, "note")
    if text is None:
        return None
    try:
        document = split_front_matter(text)
    except YamlError as exc:
        diags.error(rel, exc.line, exc.message)
        return None
    if not document.metadata:
        diags.error(
            rel, 1, "no front matter: a claim note starts with '---', its fields, then '---'"
        )
        return None
    return document


def _check_keys(rel: str, meta: dict, diags: Diagnostics) -> None:
    unknown_keys(rel, meta, NOTE_KEYS, "key", diags)
    text_fields(rel, meta, NOTE_TEXT_KEYS, diags)
    for key in REQUIRED:
        if key in NOTE_TEXT_KEYS and meta.get(key) is False:
            continue  # `verdict: False`: told already, as a word YAML read as false
        if key in meta and meta[key] is not None and not meta[key]:
            need = ": a note quotes at least one passage" if key == "quotes" else ""
            diags.error(rel, line_of(meta, key), f"{key!r} is empty{need}")
        elif not meta.get(key):
            diags.error(rel, meta.line, f"missing required field {key!r}", REQUIRED_SHAPE[key])


def _told(meta: dict, key: str) -> str:
    """The text at `key`; "" for a value that is not text (a list, true or false), which
    `_check_keys` has told as such: it is not also an unknown verdict or a bad id."""
    value = meta.get(key)
    return "" if isinstance(value, (*NOT_TEXT, bool)) else text_at(meta, key)


def _note_id(rel: str, meta: dict, stem: str, diags: Diagnostics) -> str:
    note_id = _told(meta, "id")
    if note_id:
        problem = id_problem(note_id)
        if problem:
            diags.error(rel, line_of(meta, "id"), f"note id {note_id!r} {problem}")
        return note_id
    # Without `id:` the file's name is the id: say so, and the name that would do.
    problem = id_problem(stem)
    if problem:
        slug = id_like(stem, "claim")
        diags.error(
            rel,
            1,
            f"the file name gives the note id {stem!r}, which {problem}",
            f"rename the file {slug}.md (or give the note an id: line)",
        )
    return stem


def _verdict(meta: dict, references: list[Reference]) -> str:
    verdict = _told(meta, "verdict")
    if verdict:
        references.append(Reference("verdict", verdict, line_of(meta, "verdict")))
    return verdict


def _aliases(rel: str, meta: dict, diags: Diagnostics) -> list[str]:
    """Former ids of the note, each a valid note id (an error at its line if not)."""
    aliases = string_list(rel, meta, "aliases", diags)
    for i, alias in enumerate(aliases):
        problem = id_problem(alias)
        if problem:
            diags.error(
                rel, item_line(meta, "aliases", i), f"alias {alias!r}: a former note id {problem}"
            )
    return aliases


def _entry_advice(entries, key: str, first: str, second: str) -> str:
    """How to write a list of entries written as one mapping (its keys without the `- `
    that starts each entry); "" for anything else."""
    if not isinstance(entries, dict):
        return ""
    return (
        f"each entry starts with '- ' before its first key, the others under it:\n"
        f"{key}:\n  - {first}: ...\n    {second}: ..."
    )


def _read_quotes(
    rel: str, meta: dict, references: list[Reference], diags: Diagnostics
) -> list[QuoteRef]:
    entries = meta.get("quotes") or []
    if not isinstance(entries, list):
        diags.error(
            rel,
            line_of(meta, "quotes"),
            "quotes must be a list of entries (source, quote, ...)",
            _entry_advice(entries, "quotes", "source", "quote"),
        )
        return []
    quotes: list[QuoteRef] = []
    seen: dict[tuple, int] = {}  # each quote's words, source and context -> its number
    for i, entry in enumerate(entries):
        line = item_line(meta, "quotes", i)
        if not isinstance(entry, dict):
            diags.error(rel, line, "each quote entry needs 'source:' and 'quote:'")
            continue
        unknown_keys(rel, entry, QUOTE_KEYS, "quote key", diags)
        if not text_fields(rel, entry, QUOTE_KEYS - {"hint"}, diags):
            continue
        source, quote = text_at(entry, "source"), text_at(entry, "quote")
        if not source or not quote.strip():
            diags.error(rel, line, "a quote entry needs both 'source:' and 'quote:'")
            continue
        references.append(Reference("source", source, line_of(entry, "source")))
        assessment = text_at(entry, "assessment")
        if assessment and assessment not in ASSESSMENTS:
            diags.error(
                rel,
                line_of(entry, "assessment"),
                f"assessment {assessment!r}: "
                + did_you_mean(assessment.strip().casefold(), ASSESSMENTS)
                + f"it must be one of {', '.join(ASSESSMENTS)}",
            )
        hint = entry.get("hint")
        if hint is not None and (not isinstance(hint, int) or isinstance(hint, bool) or hint < 0):
            diags.error(
                rel, line_of(entry, "hint"), "hint must be a character offset (a whole number)"
            )
            hint = None
        original_language = text_at(entry, "original_language")
        problem = language_problem(original_language) if original_language else None
        if problem:
            diags.error(rel, line_of(entry, "original_language"), f"original_language {problem}")
            original_language = ""
        same = (source, " ".join(quote.split()), entry.get("prefix"), entry.get("suffix"), hint)
        if same in seen:
            diags.warning(
                rel,
                line_of(entry, "quote"),
                f"quote {len(quotes) + 1} repeats quote {seen[same]}: the same words of the same "
                "source",
                "remove one of them (a passage quoted twice is highlighted twice)",
            )
        seen.setdefault(same, len(quotes) + 1)
        quotes.append(
            QuoteRef(
                source=source,
                quote=quote,
                line=line_of(entry, "quote"),
                prefix=text_at(entry, "prefix"),
                suffix=text_at(entry, "suffix"),
                assessment=assessment,
                original=text_at(entry, "original"),
                original_language=original_language,
                hint=hint,
            )
        )
    return quotes


def _read_evidence(rel: str, meta: dict, diags: Diagnostics) -> list[Evidence]:
    entries = meta.get("evidence") or []
    if not isinstance(entries, list):
        diags.error(
            rel,
            line_of(meta, "evidence"),
            "evidence must be a list of entries (title, issuer, url, ...)",
            _entry_advice(entries, "evidence", "title", "issuer"),
        )
        return []
    found = []
    for i, entry in enumerate(entries):
        line = item_line(meta, "evidence", i)
        if isinstance(entry, str):
            entry = {"title": entry}
        if not isinstance(entry, dict) or not entry.get("title"):
            diags.error(rel, line, "each evidence entry needs a 'title:'")
            continue
        unknown_keys(rel, entry, EVIDENCE_KEYS, "evidence key", diags)
        if not text_fields(rel, entry, EVIDENCE_KEYS, diags):
            continue
        fields = {key: text_at(entry, key) for key in EVIDENCE_KEYS}
        fields["date"] = checked_date(rel, entry, "date", diags, partial=True)
        for key in ("url", "archived_url"):
            fields[key] = checked_url(rel, entry, key, diags)
        if fields["file"] and unsafe(fields["file"]):
            diags.error(
                rel,
                line,
                f"evidence file {fields['file']!r}: give its path under content/media/",
                "file: icj-order-2024-01-26.pdf, for content/media/icj-order-2024-01-26.pdf",
            )
            fields["file"] = ""
        found.append(Evidence(**fields, line=line))
    return found


def _read_updates(
    rel: str, meta: dict, references: list[Reference], diags: Diagnostics
) -> list[Update]:
    entries = meta.get("updates") or []
    if not isinstance(entries, list):
        diags.error(
            rel,
            line_of(meta, "updates"),
            "updates must be a list of entries (date, change)",
            _entry_advice(entries, "updates", "date", "change"),
        )
        return []
    updates = []
    for i, entry in enumerate(entries):
        line = item_line(meta, "updates", i)
        if not isinstance(entry, dict) or not entry.get("date") or not entry.get("change"):
            diags.error(rel, line, "each update needs 'date:' and 'change:'")
            continue
        date = checked_date(rel, entry, "date", diags)
        if not date:
            continue
        unknown_keys(rel, entry, UPDATE_KEYS, "update key", diags)
        if not text_fields(rel, entry, UPDATE_KEYS, diags):
            continue
        for key in ("old_verdict", "new_verdict"):
            if entry.get(key):
                references.append(Reference("verdict", str(entry[key]), line_of(entry, key), key))
        kind = text_at(entry, "kind").strip().lower()
        if kind and kind not in UPDATE_KINDS:
            diags.error(
                rel,
                line_of(entry, "kind"),
                f"an update's kind must be one of {', '.join(UPDATE_KINDS)}",
            )
            kind = ""
        updates.append(
            Update(
                date=date,
                change=text_at(entry, "change"),
                kind=kind,
                old_verdict=text_at(entry, "old_verdict"),
                new_verdict=text_at(entry, "new_verdict"),
                line=line,
            )
        )
    return sorted(updates, key=lambda u: u.date)

"""Claim notes (`content/claims/*.md`), entities (`content/entities.yaml`) and content pages
(`content/pages/*.md`): read, validated, every problem located at its `path:line`."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .cache import ReadCache
from .contents import ClaimNote, Entity, Evidence, Page, QuoteRef, Update
from .diagnostics import Diagnostics
from .yamlfile import YamlError, line_of, load_yaml, split_front_matter

NOTE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
REQUIRED = ("claim", "verdict", "quotes")
NOTE_KEYS = frozenset(
    "id claim claim_reviewed verdict summary claimant published updated updates status author "
    "reviewer quotes evidence entities tags aliases".split()
)
UPDATE_KEYS = frozenset("date change old_verdict new_verdict".split())
QUOTE_KEYS = frozenset("source quote prefix suffix assessment original hint".split())
EVIDENCE_KEYS = frozenset("title issuer date identifier url archived_url note".split())
ASSESSMENTS = ("faithful", "paraphrase", "overstated", "understated", "omits-context")
STATUSES = ("published", "draft")


def read_notes(
    root: Path,
    verdicts: dict,
    source_ids: set[str],
    entity_ids: set[str],
    diags: Diagnostics,
    drafts: bool = False,
    cache: ReadCache | None = None,
) -> list[ClaimNote]:
    """Every note in content/claims/, in file-name order; drafts only when asked for."""
    folder = root / "content" / "claims"
    notes: list[ClaimNote] = []
    seen: dict[str, str] = {}
    # What a note is checked against: a note is read again when any of it changes.
    context = (tuple(verdicts), hash(frozenset(source_ids)), hash(frozenset(entity_ids)))
    for path in _markdown_files(folder):
        if cache is None:
            note = read_note(Path(path), root, verdicts, source_ids, entity_ids, diags)
        else:
            note = cache.read(
                ("note", path, context),
                (path,),
                lambda d, path=path: read_note(
                    Path(path), root, verdicts, source_ids, entity_ids, d
                ),
                diags,
            )
        if note is None:
            continue
        if note.id in seen:
            diags.error(
                note.path, note.line, f"duplicate note id {note.id!r} (also {seen[note.id]})"
            )
            continue
        seen[note.id] = note.path
        if note.status == "published" or drafts:
            notes.append(note)
    return notes


def _markdown_files(folder: Path) -> list[str]:
    """The .md files of a folder as absolute path strings, in name order (fast for thousands)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(".md") and e.is_file())
    base = os.path.join(folder, "")
    return [base + name for name in names]


def read_note(
    path: Path,
    root: Path,
    verdicts: dict,
    source_ids: set[str],
    entity_ids: set[str],
    diags: Diagnostics,
) -> ClaimNote | None:
    rel = path.relative_to(root).as_posix()
    try:
        document = split_front_matter(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        diags.error(rel, exc.line, exc.message)
        return None
    except UnicodeDecodeError:
        diags.error(rel, 1, "not valid UTF-8 text")
        return None
    meta = document.metadata
    before = len(diags.errors)
    if not meta:
        diags.error(
            rel, 1, "no front matter: a claim note starts with '---', its fields, then '---'"
        )
        return None
    for key in meta:
        if key not in NOTE_KEYS:
            diags.warning(
                rel,
                line_of(meta, key),
                f"unknown key {key!r}",
                "known keys: " + ", ".join(sorted(NOTE_KEYS)),
            )
    for key in REQUIRED:
        if not meta.get(key):
            diags.error(rel, meta.line, f"missing required field {key!r}")
    note_id = str(meta.get("id") or path.stem)
    if not NOTE_ID.fullmatch(note_id):
        diags.error(
            rel,
            line_of(meta, "id"),
            f"note id {note_id!r} may use only a-z, 0-9 and '-' (it is part of URLs)",
        )
    verdict = str(meta.get("verdict") or "")
    if verdict and verdict not in verdicts:
        diags.error(
            rel,
            line_of(meta, "verdict"),
            f"unknown verdict {verdict!r}",
            "the site's verdicts: " + ", ".join(verdicts),
        )
    claim = _text(meta.get("claim"))
    if "\n" in claim.strip():
        diags.error(rel, line_of(meta, "claim"), "the claim must be one line")
    status = str(meta.get("status") or "published")
    if status not in STATUSES:
        diags.error(
            rel,
            line_of(meta, "status"),
            f"status must be one of {', '.join(STATUSES)}, not {status!r}",
        )
    quotes = _read_quotes(rel, meta, source_ids, diags)
    evidence = _read_evidence(rel, meta, diags)
    entities = _string_list(rel, meta, "entities", diags)
    for i, entity in enumerate(entities):
        if entity not in entity_ids:
            diags.error(
                rel,
                _item_line(meta, "entities", i),
                f"unknown entity {entity!r}",
                "entities are listed in content/entities.yaml",
            )
    tags = _string_list(rel, meta, "tags", diags)
    aliases = _string_list(rel, meta, "aliases", diags)
    for i, alias in enumerate(aliases):
        if not NOTE_ID.fullmatch(alias):
            diags.error(
                rel,
                _item_line(meta, "aliases", i),
                f"alias {alias!r}: a former note id may use only a-z, 0-9 and '-'",
            )
    updates = _read_updates(rel, meta, verdicts, diags)
    if len(diags.errors) > before:
        return None
    return ClaimNote(
        id=note_id,
        path=rel,
        claim=claim.strip(),
        verdict=verdict,
        summary=_text(meta.get("summary")).strip(),
        claimant=_text(meta.get("claimant")),
        published=_date(meta.get("published")),
        updated=_date(meta.get("updated")),
        status=status,
        author=_text(meta.get("author")),
        reviewer=_text(meta.get("reviewer")),
        quotes=tuple(quotes),
        evidence=tuple(evidence),
        entities=tuple(entities),
        tags=tuple(tags),
        body=document.body,
        body_line=document.body_line,
        line=meta.line,
        claim_reviewed=_text(meta.get("claim_reviewed")).strip(),
        updates=tuple(updates),
        aliases=tuple(aliases),
    )


def _read_quotes(rel: str, meta: dict, source_ids: set[str], diags: Diagnostics) -> list[QuoteRef]:
    entries = meta.get("quotes") or []
    if not isinstance(entries, list):
        diags.error(
            rel, line_of(meta, "quotes"), "quotes must be a list of entries (source, quote, ...)"
        )
        return []
    quotes = []
    for i, entry in enumerate(entries):
        line = _item_line(meta, "quotes", i)
        if not isinstance(entry, dict):
            diags.error(rel, line, "each quote entry needs 'source:' and 'quote:'")
            continue
        for key in entry:
            if key not in QUOTE_KEYS:
                diags.warning(
                    rel,
                    line_of(entry, key),
                    f"unknown quote key {key!r}",
                    "known keys: " + ", ".join(sorted(QUOTE_KEYS)),
                )
        source, quote = _text(entry.get("source")), _text(entry.get("quote"))
        if not source or not quote.strip():
            diags.error(rel, line, "a quote entry needs both 'source:' and 'quote:'")
            continue
        if source not in source_ids:
            diags.error(
                rel,
                line_of(entry, "source"),
                f"unknown source id {source!r}",
                "known sources: " + ", ".join(sorted(source_ids)),
            )
            continue
        assessment = _text(entry.get("assessment"))
        if assessment and assessment not in ASSESSMENTS:
            diags.error(
                rel,
                line_of(entry, "assessment"),
                f"assessment must be one of {', '.join(ASSESSMENTS)}",
            )
        hint = entry.get("hint")
        if hint is not None and (not isinstance(hint, int) or hint < 0):
            diags.error(
                rel, line_of(entry, "hint"), "hint must be a character offset (a whole number)"
            )
            hint = None
        quotes.append(
            QuoteRef(
                source=source,
                quote=quote,
                line=line_of(entry, "quote"),
                prefix=_text(entry.get("prefix")),
                suffix=_text(entry.get("suffix")),
                assessment=assessment,
                original=_text(entry.get("original")),
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
        )
        return []
    found = []
    for i, entry in enumerate(entries):
        line = _item_line(meta, "evidence", i)
        if isinstance(entry, str):
            entry = {"title": entry}
        if not isinstance(entry, dict) or not entry.get("title"):
            diags.error(rel, line, "each evidence entry needs a 'title:'")
            continue
        for key in entry:
            if key not in EVIDENCE_KEYS:
                diags.warning(rel, line_of(entry, key), f"unknown evidence key {key!r}")
        fields = {
            key: (_date(entry.get(key)) if key == "date" else _text(entry.get(key)))
            for key in EVIDENCE_KEYS
        }
        for key in ("url", "archived_url"):
            if fields[key] and not fields[key].startswith(("https://", "http://")):
                diags.error(rel, line_of(entry, key), f"{key} must be an http(s) address")
                fields[key] = ""
        found.append(Evidence(**fields))
    return found


def _read_updates(rel: str, meta: dict, verdicts: dict, diags: Diagnostics) -> list[Update]:
    entries = meta.get("updates") or []
    if not isinstance(entries, list):
        diags.error(
            rel, line_of(meta, "updates"), "updates must be a list of entries (date, change)"
        )
        return []
    updates = []
    for i, entry in enumerate(entries):
        line = _item_line(meta, "updates", i)
        if not isinstance(entry, dict) or not entry.get("date") or not entry.get("change"):
            diags.error(rel, line, "each update needs 'date:' and 'change:'")
            continue
        for key in entry:
            if key not in UPDATE_KEYS:
                diags.warning(rel, line_of(entry, key), f"unknown update key {key!r}")
        for key in ("old_verdict", "new_verdict"):
            if entry.get(key) and str(entry[key]) not in verdicts:
                diags.error(rel, line_of(entry, key), f"unknown verdict {entry[key]!r} in {key}")
        updates.append(
            Update(
                date=_date(entry["date"]),
                change=_text(entry["change"]),
                old_verdict=_text(entry.get("old_verdict")),
                new_verdict=_text(entry.get("new_verdict")),
                line=line,
            )
        )
    return sorted(updates, key=lambda u: u.date)


def _string_list(rel: str, meta: dict, key: str, diags: Diagnostics) -> list[str]:
    value = meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        diags.error(rel, line_of(meta, key), f"{key} must be a list")
        return []
    return [str(item) for item in value]


def _item_line(meta: dict, key: str, index: int) -> int:
    items = meta.get(key)
    lines = getattr(items, "lines", None)
    return lines[index] if lines and index < len(lines) else line_of(meta, key)


def _text(value) -> str:
    return "" if value is None else str(value)


def _date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _text(value)


def read_entities(root: Path, diags: Diagnostics) -> list[Entity]:
    path = root / "content" / "entities.yaml"
    rel = "content/entities.yaml"
    if not path.is_file():
        return []
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or []
    except YamlError as exc:
        diags.error(rel, exc.line, exc.message)
        return []
    if not isinstance(data, list):
        diags.error(rel, 1, "entities.yaml must be a list of entries (id, name, kind, spellings)")
        return []
    entities, seen = [], set()
    for i, entry in enumerate(data):
        line = data.lines[i]
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            diags.error(rel, line, "each entity needs 'id:' and 'name:'")
            continue
        entity_id = str(entry["id"])
        if entity_id in seen:
            diags.error(rel, line, f"duplicate entity id {entity_id!r}")
            continue
        seen.add(entity_id)
        spellings = entry.get("spellings") or []
        entities.append(
            Entity(
                id=entity_id,
                name=str(entry["name"]),
                kind=str(entry.get("kind") or "organisation"),
                spellings=tuple(str(s) for s in spellings),
                description=_text(entry.get("description")),
            )
        )
    return entities


def read_pages(root: Path, diags: Diagnostics) -> list[Page]:
    folder = root / "content" / "pages"
    pages = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            document = split_front_matter(path.read_text(encoding="utf-8"))
        except YamlError as exc:
            diags.error(rel, exc.line, exc.message)
            continue
        slug = path.stem
        if not NOTE_ID.fullmatch(slug):
            diags.error(
                rel, 1, f"page file name {slug!r} may use only a-z, 0-9 and '-' (it is the URL)"
            )
            continue
        meta = document.metadata
        pages.append(
            Page(
                slug=slug,
                path=rel,
                title=_text(meta.get("title")) or slug.replace("-", " ").capitalize(),
                summary=_text(meta.get("summary")),
                body=document.body,
            )
        )
    return pages

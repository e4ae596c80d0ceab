"""People and organisations (`content/entities.yaml`): ids, names and each spelling."""

from __future__ import annotations

import os
from pathlib import Path

from ..analyse.compare.words import STOP_WORDS
from ..diagnostics import Diagnostics
from ..model import Entity
from .fields import NOT_TEXT, id_problem, read_text_file, text_at, text_fields
from .yamlfile import YamlError, line_of, load_yaml


def read_entities(root: Path, diags: Diagnostics) -> list[Entity]:
    path = root / "content" / "entities.yaml"
    rel = "content/entities.yaml"
    if not os.path.lexists(path):
        return []
    text = read_text_file(path, rel, diags)  # (a folder, or a link to nothing: an error)
    if text is None:
        return []
    try:
        data = load_yaml(text) or []
    except YamlError as exc:
        diags.error(rel, exc.line, exc.message)
        return []
    if not isinstance(data, list):
        diags.error(rel, 1, "entities.yaml must be a list of entries (id, name, kind, spellings)")
        return []
    entities, seen = [], set()
    owners: dict[str, tuple[str, int]] = {}  # each form: the first entity that has it, where
    for i, entry in enumerate(data):
        line = data.lines[i]
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            diags.error(rel, line, "each entity needs 'id:' and 'name:'")
            continue
        if not text_fields(rel, entry, ("id", "name", "kind", "description"), diags):
            continue
        entity_id = str(entry["id"])
        problem = id_problem(entity_id)
        if problem:
            diags.error(rel, line_of(entry, "id"), f"entity id {entity_id!r} {problem}")
            continue
        if entity_id in seen:
            diags.error(rel, line, f"duplicate entity id {entity_id!r}")
            continue
        seen.add(entity_id)
        spellings = entry.get("spellings") or []
        if not isinstance(spellings, list):
            diags.error(
                rel,
                line_of(entry, "spellings"),
                "spellings must be a list, one spelling per line ('- Berel Lazar')",
            )
            continue
        if any(isinstance(s, NOT_TEXT) for s in spellings):
            diags.error(rel, line_of(entry, "spellings"), "each spelling must be text")
            continue
        if any(not str(s).strip() for s in spellings):
            diags.error(rel, line_of(entry, "spellings"), "a spelling is empty: remove it")
            continue
        for spelling in spellings:
            if str(spelling).casefold() in STOP_WORDS:
                diags.warning(
                    rel,
                    line_of(entry, "spellings"),
                    f"the spelling {spelling!r} is a common word: it would be found in "
                    "almost every article",
                )
        for form, at in ((str(entry["name"]), "name"), *((str(s), "spellings") for s in spellings)):
            owner = owners.setdefault(form, (entity_id, line_of(entry, at)))
            if owner[0] != entity_id:
                diags.warning(
                    rel,
                    line_of(entry, at),
                    f"{form!r} is also a form of {owner[0]!r} (line {owner[1]}): every "
                    f"{form!r} in a source is counted as naming both",
                    "keep it for the one the sources mean by it, or leave it to neither",
                )
        entities.append(
            Entity(
                id=entity_id,
                name=str(entry["name"]),
                kind=str(entry.get("kind") or "organisation"),
                spellings=tuple(str(s) for s in spellings),
                description=text_at(entry, "description"),
            )
        )
    return entities

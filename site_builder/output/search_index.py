"""The static search index: Pagefind, run over the finished pages (it reads the
`data-pagefind-*` attributes the templates put on claim and source pages)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

INDEX_FOLDER = "pagefind"


def index_command(site: Path, globs: tuple[str, ...] = ()) -> list[str] | None:
    """The command that indexes the pages under `site` (those matching `globs`, the pages
    with searchable text; every HTML file without), or None without Pagefind."""
    if importlib.util.find_spec("pagefind") is None:
        return None
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-subdir", INDEX_FOLDER, "--quiet"]
    if globs:
        command += ["--glob", "{" + ",".join(globs) + "}" if len(globs) > 1 else globs[0]]
    return command


def build_search_index(site: Path, globs: tuple[str, ...] = ()) -> str:
    """Index the pages under `site` into site/pagefind/; returns a problem, or "" if none."""
    command = index_command(site, globs)
    if command is None:
        return "pagefind is not installed: the site was built without its search index"
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return (
            "the search index could not be built: "
            + (result.stderr or result.stdout).strip()[-500:]
        )
    return ""

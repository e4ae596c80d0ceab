"""Writing the site: into a temporary folder beside the output, swapped in only when complete,
so a failed or interrupted build leaves the previous site whole."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .search_index import INDEX_FOLDER

MANIFEST = ".site-builder-manifest.json"


class OutputRefused(Exception):
    """The output folder is one the tool must not replace."""


def check_output_folder(out: Path, root: Path, force: bool = False) -> None:
    """Refuse the site root, content/, seeds/, templates/ (or a folder holding one of them), and
    a non-empty folder that site-builder did not write, unless forced."""
    out, root = out.resolve(), root.resolve()
    protected = [root, root / "content", root / "seeds", root / "templates"]
    if any(p.is_relative_to(out) for p in protected):
        raise OutputRefused(f"refusing to write the site into {out}: it holds the site's own files")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file() and not force:
        raise OutputRefused(
            f"{out} is not empty and was not written by site-builder; "
            "choose another --out, empty it, or pass --force"
        )


def write_site(
    out: Path,
    files: dict[str, bytes],
    static: Path | None,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Write `files` (relative path -> bytes) and the static assets, let `finish` add what is
    made from the written pages (the search index), then swap the whole folder in at `out`."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        if static is not None and static.is_dir():
            shutil.copytree(static, staging / "static", dirs_exist_ok=True)
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if finish is not None:
            finish(staging)
        written = sorted(
            p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()
        )
        manifest = manifest_of(written)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def manifest_of(files: list[str]) -> dict:
    """What a build wrote. The search index is listed as its folder: Pagefind names some of
    its files by content hashes that change from build to build (Pagefind issue #638)."""
    ours = [f for f in files if not f.startswith(f"{INDEX_FOLDER}/")]
    folders = [f"{INDEX_FOLDER}/"] if len(ours) < len(files) else []
    return {"generator": "site-builder", "files": ours, "folders": folders}


def _remove_leftovers(out: Path) -> None:
    """Staging folders of a build that was killed before it could clean up after itself."""
    for leftover in out.parent.glob(f".{out.name}-new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}-old-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.rename(out, retired / "site")
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired / "site", out)  # put the previous site back
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)

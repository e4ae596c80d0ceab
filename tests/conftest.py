"""Shared fixtures: the repository, and small sites built in temporary folders."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata"


class SiteFolder:
    """A site under construction in a temporary folder: write seeds, notes and settings."""

    def __init__(self, root: Path):
        self.root = root
        (root / "seeds").mkdir(parents=True, exist_ok=True)
        (root / "content" / "claims").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def seed(self, name: str, text: str, **metadata) -> Path:
        path = self.write(f"seeds/{name}", text)
        if metadata:
            lines = [f"{k}: {v}" for k, v in metadata.items()]
            self.write(f"seeds/{Path(name).stem}.yaml", "\n".join(lines) + "\n")
        return path

    def note(self, note_id: str, front_matter: str, body: str = "Analysis.\n") -> Path:
        return self.write(
            f"content/claims/{note_id}.md",
            f"---\n{textwrap.dedent(front_matter).strip()}\n---\n\n{body}",
        )


@pytest.fixture
def site(tmp_path: Path) -> SiteFolder:
    return SiteFolder(tmp_path / "site")


@pytest.fixture
def shipped_site(tmp_path: Path) -> Path:
    """A copy of the repository's own site (seeds, content, templates), to build and to break."""
    root = tmp_path / "shipped"
    for folder in ("seeds", "content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    return root

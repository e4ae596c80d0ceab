"""Shared fixtures: the repository, the demo built once per test session for each set of
options (and served over HTTP), and small sites built in temporary folders."""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import shutil
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build

# Builds keep their memory under the user's cache folder: the tests keep theirs apart.
_CACHE = tempfile.mkdtemp(prefix="site-builder-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
# Run on GitHub Actions, site-builder adds annotations to what it prints: the tests that read its
# output read it as it is elsewhere (the annotations' own test sets the variable again).
os.environ.pop("GITHUB_ACTIONS", None)

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata"
# The project path the demo is built for in the publishing and browser tests, as on GitHub Pages.
PROJECT_URL = "https://example.github.io/factcheck/"
PROJECT_PATH = "/factcheck/"
# The demo with what it lacks: an orphan note on RT and Reuters shown as excerpts only.
VARIANT_PATH = "/variant/"
ORPHAN_NOTE = """---
claim: "Putin said the talks would resume in March"
verdict: unverified
quotes:
  - source: rt-2024-02-07
    quote: "the talks would resume in March, the president told his guests"
---
The passage this note was written on is no longer in the article.
"""


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


def copy_shipped_site(root: Path) -> Path:
    """Copy the repository's own site (seeds, content, templates) to `root`."""
    for folder in ("seeds", "content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def shipped_site(tmp_path: Path) -> Path:
    """A copy of the repository's own site, to build and to break."""
    return copy_shipped_site(tmp_path / "shipped")


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The shipped site built with the default options, once per session. Read it, never change it."""
    out = tmp_path_factory.mktemp("demo") / "build"
    build(BuildOptions(root=REPO, out=out))
    return out


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Path:
    """The folder `project_server` serves: each site in it sits at its own path."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def project_build(served) -> Path:
    """The shipped site built for a project path, once per session, where the server serves
    PROJECT_PATH. Read it, never change it."""
    out = served / PROJECT_PATH.strip("/")
    build(BuildOptions(root=REPO, out=out, base_url=PROJECT_URL))
    return out


@pytest.fixture(scope="session")
def variant_build(served, tmp_path_factory) -> Path:
    """The demo with an orphan note on RT's page (built as with `--orphans=warn`) and Reuters's
    article shown as excerpts, once per session, where the server serves VARIANT_PATH. Its
    search index comes in shards of ten pages (a large site's come in shards of a thousand)."""
    from site_builder.output import search_index

    root = copy_shipped_site(tmp_path_factory.mktemp("variant"))
    (root / "content/claims/zz-orphan.md").write_text(ORPHAN_NOTE, encoding="utf-8")
    with (root / "seeds/001_0f3892cb1897e00c.yaml").open("a", encoding="utf-8") as sidecar:
        sidecar.write("display: excerpts\n")
    out = served / VARIANT_PATH.strip("/")
    base_url = PROJECT_URL.replace(PROJECT_PATH, VARIANT_PATH)
    shard_pages, search_index.SHARD_PAGES = search_index.SHARD_PAGES, 10
    try:
        build(BuildOptions(root=root, out=out, orphans_allowed=True, base_url=base_url))
    finally:
        search_index.SHARD_PAGES = shard_pages
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that stops reading a file it no longer wants (a page left mid-load) is
        not a problem of the test; anything else is printed as before."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def project_server(served, project_build) -> str:
    """The address of a static file server over `served`: the demo is at PROJECT_PATH."""
    handler = functools.partial(_QuietHandler, directory=str(served))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()

"""How fast `site-builder serve` turns a saved file into changed pages and a browser reload, per
kind of edit, and how its memory holds up over a long session.

For each site (the demo site; then, when ../shared/devdata/basil/ is there, a site of 1,000
sources and 5,000 notes made from it, written to a temporary folder), starts the real
`site-builder serve` on a free port, connects a livereload client to its websocket (as a
browser does), and times each kind of edit from the file's save to the reload message reaching
the client; the server sends it once every changed page is on disk. Between edits it pauses,
as an editor does, so the whole-site work after a pause (feeds, open data, search index) runs.

Then it saves one note `--memory-edits` times in a row and prints the server's resident memory
after the first build and after those edits (the engine must stay within 1.2 x).

    python bench/serve_reload.py [--data DIR] [--repeat N] [--memory-edits N] [--demo-only]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from basil_site import DEFAULT_DATA, REPO, write_site  # noqa: E402

TARGETS_MS = {"demo": 150, "large": 500}
MEMORY_GROWTH = 1.2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, timeout: float = 900) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback)
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing served at {url}")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


# -- the edits: each makes its change and returns the files it wrote -----------------------


class Edits:
    """Edits an editor makes, on one site; each changes something visible and can repeat."""

    def __init__(self, root: Path, note: str, seed: str, sidecar: str, quote: tuple[str, str]):
        self.root = root
        self.note = root / "content/claims" / note
        self.seed = root / "seeds" / seed
        self.sidecar = root / "seeds" / sidecar
        self.quote = quote  # (source id, a passage of it)
        self.count = 0

    def _replace(self, path: Path, pattern: str, value: str) -> list[Path]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, value, text, count=1, flags=re.M), encoding="utf-8")
        return [path]

    def note_text(self) -> list[Path]:
        self.count += 1
        with self.note.open("a", encoding="utf-8") as handle:
            handle.write(f"\nAnother sentence of analysis ({self.count}).\n")
        return [self.note]

    def verdict(self) -> list[Path]:
        self.count += 1
        verdict = ("misleading", "accurate")[self.count % 2]
        return self._replace(self.note, r"^verdict: .*$", f"verdict: {verdict}")

    def tags(self) -> list[Path]:
        self.count += 1
        return self._replace(self.note, r"^tags: .*$", f"tags: [bench-{self.count % 3}]")

    def new_note(self) -> list[Path]:
        self.count += 1
        source, passage = self.quote
        path = self.root / f"content/claims/zz-bench-{self.count}.md"
        path.write_text(
            f'---\nclaim: "A benchmark claim {self.count}"\nverdict: accurate\nsummary: "S."\n'
            f"claimant: Somebody\npublished: 2024-02-08\nquotes:\n  - source: {source}\n"
            f"    quote: {json.dumps(passage, ensure_ascii=False)}\n---\n\nWhy.\n",
            encoding="utf-8",
        )
        return [path]

    def deleted_note(self) -> list[Path]:
        made = sorted((self.root / "content/claims").glob("zz-bench-*.md"))
        if not made:
            made = self.new_note()
            time.sleep(0.5)
        made[-1].unlink()
        return [made[-1]]

    def seed_paragraph(self) -> list[Path]:
        self.count += 1
        with self.seed.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\nA paragraph added by an editor, number {self.count}.\n")
        return [self.seed]

    def sidecar_outlet(self) -> list[Path]:
        self.count += 1
        return self._replace(self.sidecar, r"^outlet: (.*?)( \d+)?$", rf"outlet: \1 {self.count}")

    def sidecar_story(self) -> list[Path]:
        self.count += 1
        return self._replace(self.sidecar, r"^story: .*$", f"story: bench-story-{self.count % 2}")

    def template(self) -> list[Path]:
        self.count += 1
        path = self.root / "templates/partials/claim_item.html"
        text = re.sub(r"\{# bench \d+ #\}\n", "", path.read_text(encoding="utf-8"))
        path.write_text(text + f"{{# bench {self.count} #}}\n", encoding="utf-8")
        return [path]

    def settings(self) -> list[Path]:
        self.count += 1
        path = self.root / "content/site.yaml"
        return self._replace(path, r"^tagline: .*$", f'tagline: "Edited tagline {self.count}"')

    def kinds(self) -> dict[str, tuple[Callable[[], list[Path]], bool]]:
        """Kind of edit -> (the edit, whether it has a target)."""
        return {
            "note text": (self.note_text, True),
            "verdict": (self.verdict, True),
            "tags": (self.tags, True),
            "new note": (self.new_note, True),
            "deleted note": (self.deleted_note, True),
            "seed paragraph": (self.seed_paragraph, True),
            "sidecar outlet": (self.sidecar_outlet, True),
            "sidecar story": (self.sidecar_story, True),
            "template": (self.template, False),
            "site.yaml": (self.settings, False),
        }


# -- measuring ---------------------------------------------------------------------------------


class Client:
    """A livereload client on the server's websocket, as a browser's script is."""

    async def connect(self, port: int) -> None:
        self.socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await self.socket.write_message(json.dumps({"command": "hello", "protocols": []}))
        await self.socket.read_message()
        await self.socket.write_message(
            json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"})
        )

    async def time_edit(self, edit: Callable[[], list[Path]]) -> float:
        saved = time.perf_counter()
        edit()
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.read_message(), timeout=120))
            if message.get("command") == "reload":
                return (time.perf_counter() - saved) * 1000


async def measure(edits: Edits, port: int, repeat: int, pause: float, memory_edits: int, pid: int):
    client = Client()
    await client.connect(port)
    times: dict[str, list[float]] = {}
    for name, (edit, _) in edits.kinds().items():
        for _ in range(repeat):
            await asyncio.sleep(pause)  # the editor pauses; whole-site work runs meanwhile
            times.setdefault(name, []).append(await client.time_edit(edit))
    await asyncio.sleep(pause)
    memory = []
    if memory_edits:
        memory.append(rss_mb(pid))
        for _ in range(memory_edits):
            await client.time_edit(edits.note_text)
        await asyncio.sleep(pause * 2)
        memory.append(rss_mb(pid))
    return times, memory


def serve(root: Path, out: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--root", str(root), "--port", str(port)]
        + ["--out", str(out), "-q"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return server, port


def run_site(label: str, root: Path, edits: Edits, args, pause: float) -> None:
    server, port = serve(root, root.parent / f"{label}-served")
    try:
        first = wait_until_served(f"http://127.0.0.1:{port}/")
        time.sleep(pause * 2)  # the first build's whole-site work and search index
        after_first = rss_mb(server.pid)
        times, memory = asyncio.run(
            measure(edits, port, args.repeat, pause, args.memory_edits, server.pid)
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
    target = TARGETS_MS[label]
    print(
        f"\n{label} site: first build and serve {first:.1f} s; save -> reload, median of {args.repeat}:"
    )
    for name, (_, has_target) in edits.kinds().items():
        median = statistics.median(times[name])
        verdict = (
            f"target <= {target} ms: {'met' if median <= target else 'MISSED'}"
            if has_target
            else "re-renders everything, no target"
        )
        print(f"  {name:<15} {median:7.0f} ms   (max {max(times[name]):.0f})   {verdict}")
    if memory:
        ratio = memory[1] / after_first
        print(
            f"  memory: {after_first:.0f} MB after the first build, {memory[1]:.0f} MB after "
            f"{args.memory_edits} more saves ({ratio:.2f} x; at most {MEMORY_GROWTH} x: "
            f"{'met' if ratio <= MEMORY_GROWTH else 'MISSED'})"
        )


def demo_site(scratch: Path) -> tuple[Path, Edits]:
    root = scratch / "demo"
    for folder in ("seeds", "content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    edits = Edits(
        root,
        "moscow-blames-us-policy-failures.md",
        "000_54c512523c9ef1dc.txt",
        "001_0f3892cb1897e00c.yaml",
        ("rt-2024-02-07", "Moscow is in contact with the political wing of Hamas"),
    )
    return root, edits


def large_site(scratch: Path, data: Path) -> tuple[Path, Edits]:
    root = scratch / "large"
    write_site(root, data)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content/site.yaml").write_text(
        (root / "content/site.yaml").read_text() + 'tagline: "Benchmark"\n'
    )
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    sentence = re.search(r"[A-Z][^.!?\n]{40,120}[.!?]", seed.read_text().split("\n", 2)[-1])
    edits = Edits(
        root,
        "note-00042.md",
        seed.name,
        seed.with_suffix(".yaml").name,
        (seed.stem, sentence.group()),
    )
    return root, edits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5, help="edits of each kind (default 5)")
    parser.add_argument("--memory-edits", type=int, default=1000)
    parser.add_argument("--demo-only", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as scratch:
        root, edits = demo_site(Path(scratch))
        run_site("demo", root, edits, args, pause=1.5)
        if args.demo_only:
            return 0
        if not args.data.is_dir():
            print(
                f"\n{args.data} is absent: the large site needs ../shared/devdata/basil/ (skipped)"
            )
            return 0
        root, edits = large_site(Path(scratch), args.data)
        run_site("large", root, edits, args, pause=4.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

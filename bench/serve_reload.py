"""How fast `site-builder serve` turns a saved note into changed pages and a browser reload.

Writes a site of 1,000 sources and 5,000 notes made from ../shared/devdata/basil/ into a
temporary folder, starts `site-builder serve` on a free port, connects a livereload client to
its websocket (as a browser does), then edits one note 20 times, each time measuring:
- from the file's save to the changed claim page being on disk;
- from the file's save to the reload message reaching the connected client.
Prints the median and 90th percentile of each, beside the targets (150 ms and 300 ms).

    python bench/serve_reload.py [--data DIR] [--edits N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from basil_site import DEFAULT_DATA, REPO, write_site  # noqa: E402

TARGET_DISK_MS, TARGET_RELOAD_MS = 150, 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, timeout: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback)
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing served at {url}")


async def measure(root: Path, port: int, edits: int) -> tuple[list[float], list[float]]:
    socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
    await socket_.read_message()
    await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    note = root / "content" / "claims" / "note-00042.md"
    page = root / "build" / "claims" / "note-00042" / "index.html"
    original = note.read_text(encoding="utf-8")
    to_disk, to_reload = [], []
    for n in range(edits):
        await asyncio.sleep(2.0)  # an editor pauses between saves; the slow work runs then
        marker = f"edit-{n}-{time.time_ns()}"
        saved = time.perf_counter()
        note.write_text(
            original.replace("Benchmark note 42.", f"Benchmark note 42, {marker}."),
            encoding="utf-8",
        )
        reload = asyncio.ensure_future(socket_.read_message())
        while marker.encode() not in _read(page):
            await asyncio.sleep(0.001)
        to_disk.append((time.perf_counter() - saved) * 1000)
        message = await asyncio.wait_for(reload, timeout=30)
        to_reload.append((time.perf_counter() - saved) * 1000)
        assert json.loads(message)["command"] == "reload", message
    note.write_text(original, encoding="utf-8")
    socket_.close()
    return to_disk, to_reload


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"{args.data} is absent: this benchmark needs ../shared/devdata/basil/ (skipped)")
        return 0
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        counts = write_site(root, args.data)
        print(
            f"site: {counts['sources']} sources, {counts['notes']} notes (written in {time.perf_counter() - started:.1f} s)"
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "site_builder",
                "serve",
                "--root",
                str(root),
                "--port",
                str(port),
                "-q",
            ],
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        try:
            first = wait_until_served(f"http://127.0.0.1:{port}/claims/note-00042/")
            print(f"first build and serve: {first:.1f} s")
            to_disk, to_reload = asyncio.run(measure(root, port, args.edits))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.edits} edits of one note:")
    print(
        f"  save -> changed pages on disk: median {statistics.median(to_disk):.0f} ms, p90 {p90(to_disk):.0f} ms (target: median <= {TARGET_DISK_MS} ms)"
    )
    print(
        f"  save -> reload at the browser: median {statistics.median(to_reload):.0f} ms, p90 {p90(to_reload):.0f} ms (target: <= {TARGET_RELOAD_MS} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

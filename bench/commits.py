"""Cold builds of two commits of site_builder, side by side, on the scale benchmark's site.

A machine's speed drifts over minutes (other work on the host, the disk's state), by more than
most changes to the code gain. Timing two commits in alternating turns, on one generated site
(`scale.py`'s: N real articles from ../shared/devdata/basil/, 5 notes each), puts the same drift
on both, and the medians compare the code alone. Each build is a whole process, start to exit,
search index included, into a folder never used before and with no cache, after `os.sync()`.

    python bench/commits.py [--base REV] [--head REV] [--sources 1000] [--turns 4] [--data DIR]

--base defaults to HEAD~1 and --head to HEAD; each is checked out in a worktree of its own,
removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from basil_site import DEFAULT_DATA, REPO, data_absent  # noqa: E402
from scale import make_corpus, timed, write_site_builder  # noqa: E402


def checkout(revision: str, folder: Path) -> str:
    """`revision` in a worktree at `folder`; returns its short commit id."""
    git = ["git", "-C", str(REPO)]
    subprocess.run(
        [*git, "worktree", "add", "--detach", str(folder), revision],
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [*git, "rev-parse", "--short", revision], check=True, capture_output=True, text=True
    ).stdout.strip()


def cold_build(code: Path, site: Path, scratch: Path, name: str) -> float:
    os.sync()
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(site)]
    command += [
        "--out",
        str(scratch / f"out-{name}"),
        "--cache-dir",
        str(scratch / f"cache-{name}"),
    ]
    seconds, _, _ = timed(command, env={**os.environ, "PYTHONPATH": str(code)})
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if data_absent(args.data):
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="commits-bench-"))
    worktrees = []
    try:
        commits = {}
        for label, revision in (("base", args.base), ("head", args.head)):
            folder = scratch / label
            commits[label] = checkout(revision, folder)
            worktrees.append(folder)
        site = scratch / "site"
        write_site_builder(make_corpus(args.data, args.sources), site)
        times: dict[str, list[float]] = {"base": [], "head": []}
        for turn in range(max(1, args.turns)):
            for label in ("base", "head") if turn % 2 == 0 else ("head", "base"):
                seconds = cold_build(scratch / label, site, scratch, f"{label}-{turn}")
                times[label].append(seconds)
                print(f"turn {turn + 1}: {label} ({commits[label]}) {seconds:.2f} s", flush=True)
        base, head = (statistics.median(times[label]) for label in ("base", "head"))
        faster = sum(h < b for b, h in zip(times["base"], times["head"], strict=True))
        print(
            f"\ncold build, N = {args.sources:,} sources (medians of {len(times['base'])}):"
            f"\n  base {commits['base']}: {base:.2f} s\n  head {commits['head']}: {head:.2f} s"
            f" ({head / base:.2f} x base; head faster in {faster} of {len(times['head'])} turns)"
        )
    finally:
        for folder in worktrees:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)],
                capture_output=True,
            )
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

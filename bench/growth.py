"""How site_builder's cold build grows with the site: the scale benchmark's sites at two sizes,
site_builder alone, the sizes taking turns.

`scale.py` answers the whole of the performance issue, Hugo and Pelican beside us, and takes
most of an hour at N = 10,000 (Pelican alone takes five minutes a build there). The growth
target (the cold time at N = 10,000 at most 11.5 x that at N = 1,000) needs our builds alone:
this times them in alternating turns, so that a slow minute of the machine falls on both
sizes alike, and prints each turn, the medians, the ratio and the peak memory. Each build is a
whole process, start to exit, search index included, into a folder never used before, with no
cache; nothing is deleted until every build is done (see `scale.py` on why).

    python bench/growth.py [--sizes 1000 10000] [--turns 3] [--data DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from basil_site import DEFAULT_DATA, data_absent  # noqa: E402
from scale import make_corpus, run_site_builder, write_site_builder  # noqa: E402

GROWTH_TARGET = 11.5  # per tenfold growth of the site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if data_absent(args.data):
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="growth-bench-"))
    try:
        for size in args.sizes:
            write_site_builder(make_corpus(args.data, size), scratch / f"n{size}" / "site")
        runs: dict[int, list[dict]] = {size: [] for size in args.sizes}
        for turn in range(max(1, args.turns)):
            for size in args.sizes if turn % 2 == 0 else reversed(args.sizes):
                folder = scratch / f"n{size}"
                cold = run_site_builder(
                    folder / "site", folder / f"cache-{turn}", folder / f"out-{turn}"
                )["cold"]
                runs[size].append(cold)
                print(
                    f"turn {turn + 1}, N = {size:,}: {cold['seconds']:.2f} s, "
                    f"{cold['memory']:.0f} MB, {cold['pages']:,} pages",
                    flush=True,
                )
        small, large = args.sizes
        medians = {size: statistics.median(r["seconds"] for r in runs[size]) for size in runs}
        print()
        for size in args.sizes:
            memory = max(r["memory"] for r in runs[size])
            print(f"N = {size:,}: cold {medians[size]:.2f} s (median), peak memory {memory:.0f} MB")
        ratio = medians[large] / medians[small]
        if large == 10 * small:
            verdict = f"at most {GROWTH_TARGET} x: {'met' if ratio <= GROWTH_TARGET else 'MISSED'}"
        else:
            verdict = "the target is for a tenfold growth"
        print(f"cold time grows {ratio:.2f} x from N = {small:,} to N = {large:,} ({verdict})")
        per_turn = [
            b["seconds"] / a["seconds"] for a, b in zip(runs[small], runs[large], strict=True)
        ]
        print("each turn's ratio: " + ", ".join(f"{r:.2f}" for r in per_turn))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

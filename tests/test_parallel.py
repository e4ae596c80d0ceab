"""Work split between forked processes: every process is forked by the caller, once, and a
process that dies is reported, never waited for."""

import subprocess
import sys

import pytest

from site_builder.diagnostics import InternalError
from site_builder.parallel import CAN_FORK, fork_map

from .conftest import REPO

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="the platform does not fork")

# Records, in the parent, the thread each fork is made from.
FORKS_RECORDED = """
import os, sys, threading
from site_builder.parallel import fork_map

forks = []
os.register_at_fork(before=lambda: forks.append(threading.current_thread().name))
for _ in range(20):
    assert fork_map(abs, [-1, -2, -3, -4, -5], 2) == [1, 2, 3, 4, 5]
print(len(forks), sorted(set(forks)))
"""


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_each_process_is_forked_once_by_the_calling_thread():
    """No process is forked from another thread (a pool's thread forks replacements while the
    pool shuts down, and one of them can wait for ever on its queue, and the build with it)."""
    done = run_python(FORKS_RECORDED)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1) == ["40", "['MainThread']\n"]


# The command itself, not quiet (its spinner runs in a thread of its own): the threads running
# at each fork. The demo's notes are read in two processes.
THREADS_AT_FORKS = """
import os, sys, threading
import site_builder.cache
from site_builder.cli import main

site_builder.cache.PARALLEL_READS = 2
threads = []
os.register_at_fork(before=lambda: threads.append(threading.active_count()))
status = main(["build", "--root", sys.argv[1], "--out", sys.argv[2], "--no-cache", "--jobs", "2"])
print(status, threads)
"""


def test_the_build_forks_its_processes_while_no_other_thread_runs(tmp_path):
    """A process forked while another thread runs (the terminal's spinner) inherits the locks
    that thread held, held for ever (Python 3.12 warns of it): the spinner stops meanwhile."""
    done = subprocess.run(
        [sys.executable, "-c", THREADS_AT_FORKS, str(REPO), str(tmp_path / "out")],
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    status, threads = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "0"
    assert threads.startswith("[1") and set(threads.strip("[]").split(", ")) == {"1"}, threads


def die_on_three(number: int) -> int:
    if number == 3:
        import os
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    return number


def test_a_process_that_dies_is_an_internal_error_not_a_wait():
    with pytest.raises(InternalError) as raised:
        fork_map(die_on_three, [1, 2, 3, 4], 2)
    assert "ended without its share of the work" in str(raised.value)
    assert "-9" in str(raised.value)


def fail_on_two(number: int) -> int:
    if number == 2:
        raise ValueError("a bug outside any named step")
    return number


def test_an_unexpected_exception_in_a_process_comes_back_with_its_traceback():
    with pytest.raises(InternalError) as raised:
        fork_map(fail_on_two, [1, 2, 3, 4], 2)
    assert "ValueError: a bug outside any named step" in str(raised.value)
    assert "fail_on_two" in raised.value.details()


def test_results_come_back_in_the_order_of_the_items():
    assert fork_map(str, list(range(11)), 3) == [str(n) for n in range(11)]


def take_pages(queue, part: int) -> list[str]:
    import time

    taken = []
    for page in queue:
        taken.append(page)
        if part == 0:
            time.sleep(0.01)  # this process's pages are slow
    return taken


def test_processes_take_pages_from_one_queue_as_each_is_free():
    from functools import partial

    from site_builder.build import _PageQueue

    pages = [f"p{n}" for n in range(200)]
    slow, fast = fork_map(partial(take_pages, _PageQueue(pages)), [0, 1], 2)
    assert sorted(slow + fast) == sorted(pages), "each page taken once"
    assert len(fast) > 3 * len(slow), (len(fast), len(slow))


def test_the_whole_site_files_are_taken_first():
    from site_builder.build import _whole_site_first
    from site_builder.render.registry import PageSpec

    specs = {
        path: PageSpec(path, kind, (path,))
        for path, kind in [
            ("claims/index.html", "claims-index"),
            ("claimreview.json", "open-data"),
            ("claims/a/index.html", "claim"),
            ("feed.xml", "feed"),
        ]
    }
    shards = {0: ("claims/a/index.html",)}
    assert _whole_site_first(list(specs), shards, specs) == [
        "claimreview.json",
        "feed.xml",
        "claims/index.html",
    ]


class Looped:
    alive = 0

    def __init__(self):
        Looped.alive += 1
        self.me = self  # a cycle: only the collector frees it

    def __del__(self):
        Looped.alive -= 1


def test_a_build_runs_the_collector_rarely_yet_still_frees_young_cycles(
    shipped_site, tmp_path, monkeypatch
):
    import gc

    import site_builder.render.kinds.claims as claims
    from site_builder.build import BuildOptions, build
    from site_builder.parallel import BUILD_THRESHOLDS, collector_relaxed

    seen = []
    real = claims.claim_review

    def recording(note, ctx):
        seen.append(gc.get_threshold())
        return real(note, ctx)

    monkeypatch.setattr(claims, "claim_review", recording)
    before = gc.get_threshold()
    assert build(BuildOptions(root=shipped_site, out=tmp_path / "out", cache=False, jobs=1)).ok
    assert seen and set(seen) == {BUILD_THRESHOLDS}
    assert gc.get_threshold() == before, "given back once the build is done"
    with collector_relaxed():
        for _ in range(300_000):
            Looped()
        assert Looped.alive < 2 * BUILD_THRESHOLDS[0], Looped.alive
    gc.collect()
    assert Looped.alive == 0

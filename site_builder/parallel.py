"""Work split between forked processes: on a platform that forks, for a command that may (a
`build`, never the threads of `serve`), when there is enough of it to pay for the processes.
And the cyclic collector's pauses, for memory that is shared or made to be kept."""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from .diagnostics import InternalError

T = TypeVar("T")
R = TypeVar("R")

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
_WORK: tuple | None = None  # what the forked processes work on: set just before forking


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[function(item) for item in items]`, the items dealt out between `jobs` forked
    processes (one process: here). The results come back pickled; an InternalError in a
    process is raised here, with its traceback."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or not CAN_FORK:
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items, jobs)
    gc.freeze()  # what exists is the processes' to share: their collector leaves it untouched
    try:
        # One part to a process, each in a process of its own: a worker that is quick to start
        # must not take every part while the others are still being forked.
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, _stopped_quietly, maxtasksperchild=1) as pool:
            with collector_paused():  # forked: now the results arrive, all of them kept
                parts = pool.map(_part, range(jobs), chunksize=1)
    finally:
        _WORK = None
        gc.unfreeze()
    results: list = [None] * len(items)
    for part, (done, payload) in enumerate(parts):
        if not done:
            subject, message, details = payload
            raise InternalError(subject, RuntimeError(message), details)
        results[part::jobs] = payload
    return results


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside: for making many objects that are all kept (results from
    other processes, a loaded cache), which the collector would scan again and again as they
    are made, finding nothing, at a cost that grows with their number."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _stopped_quietly() -> None:
    """In a forked process: Ctrl+C (which reaches the whole process group) or the pool's
    SIGTERM (the parent is stopping) ends it without a traceback, through the `except` and
    `finally` blocks on the way out (which stop its Pagefind processes)."""
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), _exit)


def _exit(signum, frame) -> None:
    raise SystemExit(1)


def _part(part: int) -> tuple[bool, object]:
    function, items, jobs = _WORK
    try:
        return True, [function(item) for item in items[part::jobs]]
    except InternalError as error:
        return False, (error.subject, str(error), error.details())

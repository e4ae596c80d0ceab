"""Work split between forked processes: on a platform that forks, for a command that may (a
`build`, never the threads of `serve`), when there is enough of it to pay for the processes.
And the cyclic collector's pauses, for memory that is shared or made to be kept."""

from __future__ import annotations

import gc
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import TypeVar

from .diagnostics import InternalError

T = TypeVar("T")
R = TypeVar("R")

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
_WORK: tuple | None = None  # what the forked processes work on: set just before forking
_PAUSED: list[tuple[Callable[[], None], Callable[[], None]]] = []  # see `paused_while_forking`


@contextmanager
def paused_while_forking(stop: Callable[[], None], start: Callable[[], None]) -> Iterator[None]:
    """Meanwhile, a thread of the command's own (the terminal's spinner) is stopped while
    processes are forked, and started again after: a process forked while another thread runs
    inherits every lock that thread held (the console's, a stream's) held for ever, and waits
    for ever if it takes one (Python 3.12 warns of it)."""
    _PAUSED.append((stop, start))
    try:
        yield
    finally:
        _PAUSED.remove((stop, start))


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[function(item) for item in items]`, the items dealt out between `jobs` forked
    processes (one process: here). The results come back pickled; an InternalError in a
    process is raised here, with its traceback.

    Each process is forked here, in this thread, and does one share of the items: no pool, whose
    thread forks replacement workers while it is being shut down (one of them could be left
    waiting on the pool's queue for ever, and the build with it)."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or not CAN_FORK:
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items, jobs)
    gc.freeze()  # what exists is the processes' to share: their collector leaves it untouched
    context = multiprocessing.get_context("fork")
    processes: list[multiprocessing.process.BaseProcess] = []
    receivers: dict[Connection, int] = {}
    parts: list = [None] * jobs
    try:
        stopping = {signal.SIGINT, signal.SIGTERM}
        # Held back while forking: a process stopped before it has its own handlers would
        # stop the way this one does (a traceback), not quietly.
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
        try:
            for stop, _ in _PAUSED:
                stop()
            for part in range(jobs):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_share, args=(part, sender), daemon=True)
                process.start()
                sender.close()
                processes.append(process)
                receivers[receiver] = part
        finally:
            for _, start in reversed(_PAUSED):
                start()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
        with collector_paused():  # now the results arrive, all of them kept
            while receivers:
                for receiver in wait(list(receivers)):
                    part = receivers.pop(receiver)
                    parts[part] = _received(receiver, processes[part])
                    receiver.close()
    finally:
        _WORK = None
        gc.unfreeze()
        for receiver in receivers:  # not all came back: the others are stopped
            receiver.close()
            processes[receivers[receiver]].terminate()
        for process in processes:
            process.join()
    results: list = [None] * len(items)
    for part, (done, payload) in enumerate(parts):
        if not done:
            subject, message, details = payload
            raise InternalError(subject, RuntimeError(message), details)
        results[part::jobs] = payload
    return results


def _received(receiver: Connection, process) -> tuple[bool, object]:
    try:
        return receiver.recv()
    except EOFError:  # it ended without sending anything: killed, or out of memory
        process.join()
        message = (
            f"a build process ended without its share of the work (exit code {process.exitcode})"
        )
        return False, ("the build's processes", message, message)


# The cyclic collector's thresholds for a build, which makes millions of objects that live until
# it ends, and next to no cycles: with Python's (700, 10, 10) the collector scanned them again
# and again, finding nothing (at 10,000 sources, 12 CPU-s of the build, for about 1,000 objects
# freed). Young cycles (the tree of a saved page, once read) are still freed with the young
# generations; the old generation is left for the build's end (Python's thresholds are back).
BUILD_THRESHOLDS = (50_000, 20, 1_000)


@contextmanager
def collector_relaxed() -> Iterator[None]:
    """The collector at BUILD_THRESHOLDS inside (forked processes inherit them)."""
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


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


def _share(part: int, sender: Connection) -> None:
    """In a forked process: its share of the items, sent back. Ctrl+C (which reaches the whole
    process group) or SIGTERM (the parent is stopping) ends it without a traceback, through the
    `except` and `finally` blocks on the way out (which stop its Pagefind processes)."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, _exit)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    function, items, jobs = _WORK
    try:
        result: tuple[bool, object] = True, [function(item) for item in items[part::jobs]]
    except InternalError as error:
        result = False, (error.subject, str(error), error.details())
    except Exception as error:  # noqa: BLE001 (a bug outside `processing`: still reported)
        details = "".join(traceback.format_exception(error))
        result = False, ("the build's processes", f"{type(error).__name__}: {error}", details)
    sender.send(result)
    sender.close()


def _exit(signum, frame) -> None:
    raise SystemExit(1)

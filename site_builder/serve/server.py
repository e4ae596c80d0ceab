"""`site-builder serve`: build, serve on localhost with live reload, rebuild on each change.

The server keeps one build engine (`build.Engine`) for the session: serving is the build with
memory, never a second implementation. File changes arrive as events (watchdog: inotify on
Linux), are debounced so that saving ten files rebuilds once, and are handed to the engine on
the server's own event loop. After the changed files are on disk, every connected browser is
told to reload (livereload's websocket, whose script is injected into pages only here, never
into `build` output). A build that fails keeps the last good site served, with an error overlay
on every page until the next good build.

The served site is written to a folder of its own (a temporary one by default), never to
`build/`, so drafts and half-finished work cannot be published from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
import os
import re
import shutil
import signal
import socket
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..build import BuildOptions, BuildReport, Engine
from ..cache import DiskCache
from ..diagnostics import Diagnostic, InternalError, crash_report, for_terminal
from ..output.writer import FileWriter, OutputRefused, check_output_folder
from ..read.fields import not_the_sites
from .authoring import authoring_for

DEBOUNCE_SECONDS = 0.02  # saves closer together than this rebuild once
SLOW_WORK_DELAY = 1.0  # whole-site files wait until the editor has paused this long
WATCHED = ("seeds", "content", "templates")
NOT_CHANGES = ("opened", "closed_no_write")  # watchdog's events that change no file
BODY_OPEN = re.compile(rb"<body[^>]*>")
# What is served at every address before the first good build (after it, the site's 404.html).
NOTHING_BUILT = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Not built yet</title></head>'
    b"<body><p>The site has not been built yet.</p></body></html>\n"
)
# livereload's client, loaded from the server that served the page.
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b"document.head.appendChild(s);})();</script>"
)


class _EventsOnly(Watcher):
    """Tells livereload not to poll: changes come from watchdog's events instead."""

    def start(self, callback) -> bool:
        return True

    def examine(self):
        return None, None


class _ChangeCollector(FileSystemEventHandler):
    """Collects changed paths on watchdog's thread and schedules one rebuild on the loop."""

    def __init__(self, server: DevServer, folders: _WatchedFolders):
        self.server = server
        self.folders = folders

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in NOT_CHANGES:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if event.is_directory or any(self.folders.is_folder(p) for p in paths):
            # A folder (or a link to one) made, deleted or moved in or out: its files come or
            # go without events of their own (a folder moved to the trash), and a new one may
            # be worth a warning.
            if event.event_type in ("created", "deleted", "moved"):
                changed = {Path(p) for p in paths}
                self.server.loop.add_callback(self.server.changed, changed, True)
                self.server.loop.add_callback(self.folders.watch_links)
            return
        changed = {Path(p) for p in paths if p and not not_the_sites(Path(p).name)}
        if changed:
            self.server.loop.add_callback(self.server.changed, changed)


class _LinkedChanges(FileSystemEventHandler):
    """Changes in a folder linked into a watched one: its events name the files where they
    are, not where the site has them, so each makes a rebuild that checks every file."""

    def __init__(self, server: DevServer):
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in NOT_CHANGES:
            return
        if event.is_directory or not not_the_sites(Path(event.src_path).name):
            self.server.loop.add_callback(self.server.changed, set(), True)


class _WatchedFolders(FileSystemEventHandler):
    """Watches the site's root for seeds/, content/ and templates/ coming and going: each is
    watched (with everything in it) from when it is there, and its coming or going makes a
    rebuild that checks every file (a folder moved in brings files no event told of)."""

    def __init__(self, server: DevServer, observer):
        self.server, self.observer = server, observer
        self.root = server.builder.options.root
        self.collector = _ChangeCollector(server, self)
        # folders linked in from elsewhere (notes kept in a shared folder), by where they are
        self.linked = _LinkedChanges(server)
        self.watches: dict[str, object] = {}
        self.link_watches: dict[str, object] = {}  # where a linked folder is -> its watch
        self.links: set[str] = set()  # the links to folders, where the site has them

    def watch(self, name: str) -> None:
        """Watch `name` afresh if it is there (on the server's loop: the observer's lock)."""
        old = self.watches.pop(name, None)
        if old is not None:
            with contextlib.suppress(KeyError):
                self.observer.unschedule(old)
        if (self.root / name).is_dir():
            self.watches[name] = self.observer.schedule(
                self.collector, str(self.root / name), recursive=True
            )

    def watch_links(self) -> None:
        """Watch each folder linked into the watched ones where it is (the watches above do
        not follow links), and no longer those unlinked."""
        linked = {
            link: target
            for name in WATCHED
            if (self.root / name).is_dir()
            for link, target in _linked_folders(self.root / name)
        }
        self.links = set(linked)
        targets = set(linked.values())
        for target in set(self.link_watches) - targets:
            with contextlib.suppress(KeyError):
                self.observer.unschedule(self.link_watches.pop(target))
        for target in targets - set(self.link_watches):
            with contextlib.suppress(OSError):
                self.link_watches[target] = self.observer.schedule(
                    self.linked, target, recursive=True
                )

    def is_folder(self, path: str) -> bool:
        """Whether `path` is a folder, or a link to one (or was: a link removed)."""
        return path in self.links or (os.path.islink(path) and os.path.isdir(path))

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, getattr(event, "dest_path", "")):
            name = Path(path).name if path else ""
            if name in WATCHED and Path(path).parent == self.root:
                self.server.loop.add_callback(self._came_or_went, name)

    def _came_or_went(self, name: str) -> None:
        self.watch(name)
        self.watch_links()
        self.server.changed({self.root / name}, everything=True)


def _linked_folders(folder: Path) -> list[tuple[str, str]]:
    """(link, where its folder is) for each link under `folder` to a folder outside it."""
    found = []
    inside = os.path.join(os.path.realpath(folder), "")
    for where, folders, _ in os.walk(folder):
        for name in folders:
            path = os.path.join(where, name)
            target = os.path.realpath(path)
            if os.path.islink(path) and not os.path.join(target, "").startswith(inside):
                found.append((path, target))
    return found


class ServeRefused(Exception):
    """`serve` cannot do what it was asked: write where it must not, or listen where it cannot."""


def port_problem(host: str, port: int) -> str | None:
    """Why `serve` cannot listen at `host`:`port` (None if it can), found before the first build:
    a port in use (another `serve` still running, say)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        if host:  # ("": every address of the machine)
            socket.getaddrinfo(host, port, family)
    except (socket.gaierror, UnicodeError):  # (its numbers are not the system's errors)
        return f"cannot serve at {host}: no address is called so (try 127.0.0.1)"
    try:
        with socket.create_server((host, port), family=family):
            return None
    except OSError as exc:
        problem = f"cannot serve at {host}:{port}: {os.strerror(exc.errno) if exc.errno else exc}"
        if exc.errno == errno.EADDRINUSE:
            problem += (
                " (another site-builder serve, or another server, is using the port):"
                " stop it, or choose another port with --port"
            )
        return problem


def serve_folder(options: BuildOptions) -> tuple[Path, bool]:
    """Where `serve` writes: `--out`, or a new temporary folder (removed at the end). Nowhere
    for a folder that holds no site: serving it would wait for saves that never come."""
    if not any((options.root / folder).is_dir() for folder in ("seeds", "content")):
        raise ServeRefused(
            f"no site here: {options.root} has neither a seeds/ nor a content/ folder; run "
            "site-builder serve in the site's folder (the one holding seeds/ and content/), or "
            "give it with --root"
        )
    build_folder = (options.root / "build").resolve()
    if options.out is None:
        return Path(tempfile.mkdtemp(prefix="site-builder-serve-")), True
    out = options.out.resolve()
    if out == build_folder:
        raise ServeRefused(
            f"serve does not write into {out}: it serves drafts and unfinished work, which must "
            "never be published from the build folder; choose another --out, or none"
        )
    check_output_folder(out, options.root, options.force)
    return out, False


class DevServer:
    def __init__(
        self,
        options: BuildOptions,
        host: str,
        port: int,
        quiet: bool = False,
        allow_edits: bool = False,
    ):
        out, self.temporary = serve_folder(options)
        options = replace(options, out=out)
        self.builder = Engine(
            options,
            FileWriter(out),
            defer_whole_site=True,
            previous_build=options.root / "build",
        )
        if options.cache:  # start from the reads and anchoring of the last build
            self.builder.warm_up(DiskCache.for_site(options.root, options.cache_dir), pages=False)
        self.out = out
        self.host, self.port = host, port
        self.quiet = quiet
        self.base_path = "/"
        self.pending: set[Path] = set()
        self._told: set[str] = set()  # the warnings printed, while they last
        self.pending_all = False  # a watched folder came or went: every file is checked
        self._timer = None
        self._slow = None
        self._indexer = None
        self.loop: IOLoop | None = None
        self.authoring = authoring_for(self, host, port, allow_edits)

    # -- the loop ---------------------------------------------------------------------------

    def changed(self, paths: set[Path], everything: bool = False) -> None:
        """A batch of changed paths (`everything`: files may have changed unseen); rebuild once
        they have been quiet for a moment."""
        self.pending |= paths
        self.pending_all |= everything
        # The pages are changing: stop the index (its Pagefind processes too) and index the
        # shards it was making again afterwards.
        self._stop_indexer()
        if self._timer is not None:
            self.loop.remove_timeout(self._timer)
        self._timer = self.loop.call_later(DEBOUNCE_SECONDS, self.rebuild)

    def rebuild_pending(self) -> bool:
        """Whether changes are waiting for a rebuild (what is served may be behind the files)."""
        return bool(self.pending) or self._timer is not None

    def rebuild(self) -> None:
        self._timer = None
        changed, self.pending = self.pending, set()
        everything, self.pending_all = self.pending_all, False
        try:
            result = self.builder.run(None if everything else changed)
        except InternalError as error:
            result = self._internal_error(error)
        except OutputRefused as refused:
            result = self._refused(refused)
        if result.ok:
            self._say(
                f"rebuilt in {result.seconds * 1000:.0f} ms: {len(result.written)} file(s) written"
                + (f", {len(result.removed)} removed" if result.removed else "")
            )
            self._tell_warnings(result)
        else:
            self._say(f"build failed: {len(result.errors)} error(s)", problem=True)
            self._tell_problems(result)
        LiveReloadHandler.reload_waiters(path="*")
        if self._slow is not None:
            self.loop.remove_timeout(self._slow)
        self._slow = self.loop.call_later(SLOW_WORK_DELAY, self._slow_work)

    def _internal_error(self, error: InternalError) -> BuildReport:
        """A bug: shown in the overlay like a problem, with where its traceback was saved."""
        options = self.builder.options
        if options.cache:
            where = f"the traceback is in {crash_report(error, options.cache_dir)}"
        else:  # --no-cache: nothing is written in the cache folder
            self._say(error.details(), problem=True)
            where = "the traceback is in the server's output"
        return self._failed_with(
            Diagnostic(
                error.subject,
                0,
                f"internal error in site-builder while processing this: {error} (a bug, not a "
                f"problem with your files; {where})",
            )
        )

    def _refused(self, refused: OutputRefused) -> BuildReport:
        """A folder of the served one that leads out of it: nothing was written through it. Told
        as a failed build's problem, not a traceback, and the server goes on."""
        suggestion = "remove the link, or serve another --out"
        return self._failed_with(Diagnostic(str(self.out), 0, str(refused), suggestion=suggestion))

    def _failed_with(self, problem: Diagnostic) -> BuildReport:
        """A build that failed on `problem` alone: the overlay shows it over the last site."""
        self.builder.problems = [problem]
        return BuildReport(ok=False, diagnostics=[problem])

    def _slow_work(self) -> None:
        """The whole-site files, then the search index, once the editor has paused."""
        self._slow = None
        if self.pending or self._timer is not None:
            return  # a rebuild is on its way and will schedule this again
        try:
            self.builder.finish()
        except InternalError as error:
            self._internal_error(error)
            LiveReloadHandler.reload_waiters(path="*")
            return
        except OutputRefused as refused:
            self._tell_problems(self._refused(refused))
            LiveReloadHandler.reload_waiters(path="*")
            return
        asyncio.ensure_future(self._index_for_search())

    async def _index_for_search(self) -> None:
        """Pagefind, in its own process: the server keeps answering (and rebuilding) meanwhile."""
        job = self.builder.search_job()
        if job is None:
            return
        command, plan, done = job
        self._indexer = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True,  # its own group, so that it stops with all it started
        )
        await self._indexer.communicate(plan)
        if self._indexer.returncode == 0:
            done()

    def _tell_warnings(self, result: BuildReport) -> None:
        """Print the warnings of a build that worked, each once while it lasts (a warning gone
        and back is told again): a save that only warns is heard of as a failed one is."""
        warnings = [str(d) for d in result.diagnostics if d.severity == "warning"]
        for warning in warnings:
            if warning not in self._told:
                self._say(warning, problem=True)
        self._told = set(warnings)

    def _tell_problems(self, result: BuildReport) -> None:
        """Print the errors of a build that failed, and its warnings not yet told (a warning
        lasts through failed builds: it is told again only once it has gone and come back)."""
        for problem in result.diagnostics:
            if problem.severity == "error" or str(problem) not in self._told:
                self._say(str(problem), problem=True)
        self._told |= {str(d) for d in result.diagnostics if d.severity == "warning"}

    def _say(self, text: str, problem: bool = False) -> None:
        """Print a line of the server's news; with --quiet, only problems."""
        if problem or not self.quiet:
            print(for_terminal(text), flush=True)

    # -- serving ----------------------------------------------------------------------------

    def serve(self, open_browser: bool = False) -> None:
        try:
            self._serve(open_browser)
        finally:
            self._stop_indexer()  # a stopped server leaves no Pagefind process behind
            if self.temporary:
                shutil.rmtree(self.out, ignore_errors=True)

    def _stop_indexer(self) -> None:
        """Stop the search index being made in its own process group, if it is."""
        if self._indexer is not None and self._indexer.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._indexer.pid, signal.SIGTERM)

    def _serve(self, open_browser: bool) -> None:
        problem = port_problem(self.host, self.port)
        if problem:
            raise ServeRefused(problem)
        # Watching starts before the first build: a file saved while it runs is rebuilt once
        # the server's loop runs (its events wait there), not lost.
        self.loop = IOLoop.current()
        observer = Observer()
        folders = _WatchedFolders(self, observer)
        observer.schedule(folders, str(self.builder.options.root), recursive=False)
        for name in WATCHED:
            folders.watch(name)
        folders.watch_links()
        observer.start()
        try:
            self._first_build_and_serve(open_browser)
        finally:
            observer.stop()
            observer.join(timeout=2)

    def _first_build_and_serve(self, open_browser: bool) -> None:
        try:
            first = self.builder.run(None)
        except InternalError as error:
            first = self._internal_error(error)
        self.builder.finish()
        problem = self.builder.index_for_search(self.out) if first.ok else ""
        if problem:
            self._say(problem, problem=True)
        site = self.builder.site
        self.base_path = urlsplit(site.settings.base_url if site else "/").path or "/"
        if not first.ok:
            self._say(
                "the first build failed; fix the problems and save: the page will update",
                problem=True,
            )
            self._tell_problems(first)
        else:
            self._tell_warnings(first)
        server = _Server(self, watcher=_EventsOnly())
        try:
            server.serve(
                port=self.port,
                host=self.host,
                root=str(self.out),
                open_url_delay=0 if open_browser else None,
                restart_delay=0,
            )
        except OSError as exc:  # the port was taken since it was found free
            raise ServeRefused(port_problem(self.host, self.port) or str(exc)) from None

    def listening(self) -> None:
        """Say where the site is served, once the server takes requests there (not before: a
        browser or script that opens the address at once would find nothing)."""
        url = f"http://{self.host}:{self.port}{self.base_path}"
        self._say(f"serving {self.out} at {url} (Ctrl+C to stop)")
        if self.authoring is None:
            self._say(
                "authoring from the pages is off: this address is not loopback "
                "(--allow-edits lets anyone who can open the pages write notes)"
            )

    def problems_html(self) -> bytes:
        problems = [p for p in self.builder.problems if p.severity == "error"]
        if not problems:
            return b""
        built = (self.out / "index.html").is_file()  # no good build yet: nothing underneath
        return _overlay(problems, built).encode("utf-8")


class _Server(Server):
    """livereload's server, mounted at the site's base path, with the error overlay."""

    def __init__(self, dev: DevServer, watcher):
        super().__init__(watcher=watcher)
        self.dev = dev

    def get_web_handlers(self, script):
        base = self.dev.base_path
        handlers = self.dev.authoring.handlers() if self.dev.authoring else []
        handlers += [
            (
                rf"{re.escape(base)}(.*)",
                _SiteFiles,
                {"path": self.root, "default_filename": "index.html"},
            )
        ]
        if base != "/":
            handlers.append((r"/", web.RedirectHandler, {"url": base}))
        return handlers

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """livereload's application, with our transform: its script, the authoring token and
        client (when authoring is on), plus the error overlay."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = False
        dev = self.dev

        class Inject(LiveScriptInjector):
            script = LIVE_SCRIPT

            def __init__(self, request):
                super().__init__(request)
                if dev.authoring is not None:
                    self.script = LIVE_SCRIPT + dev.authoring.head_tags(request)

            def transform_first_chunk(self, status_code, headers, chunk, finishing):
                status_code, headers, chunk = super().transform_first_chunk(
                    status_code, headers, chunk, finishing
                )
                overlay = dev.problems_html()
                match = BODY_OPEN.search(chunk) if overlay else None
                if match and "html" in headers.get("Content-Type", ""):
                    chunk = chunk[: match.end()] + overlay + chunk[match.end() :]
                    if "Content-Length" in headers:
                        headers["Content-Length"] = str(
                            int(headers["Content-Length"]) + len(overlay)
                        )
                return status_code, headers, chunk

        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(LIVE_SCRIPT),
        ]
        web.Application(handlers=handlers, transforms=[Inject]).listen(port, address=host)
        dev.listening()

    def _setup_logging(self):
        # site_builder prints its own lines; a page asked for and missing is no news (Python
        # printed each "404 GET /..." as a warning), a server error still is.
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


class _SiteFiles(StaticFileHandler):
    """Static files, never cached by the browser, with 404.html for what is missing."""

    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code, **kwargs):
        page = Path(self.root) / "404.html"
        if status_code == 404:
            # Before the first good build there is no 404.html: a page with a head still, for
            # the live-reload script (and the error overlay) to be injected into.
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes() if page.is_file() else NOTHING_BUILT)
        else:
            super().write_error(status_code, **kwargs)


def _overlay(problems: list[Diagnostic], built: bool) -> str:
    items = "".join(
        "<li><code>{}</code>: {}{}</li>".format(
            html.escape(p.location()),
            html.escape(p.message),
            f"<pre>{html.escape(p.suggestion)}</pre>" if p.suggestion else "",
        )
        for p in problems
    )
    return (
        '<div id="site-builder-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;'
        "overflow:auto;background:#fff;color:#1d1d1f;padding:2rem;font:16px/1.5 system-ui,sans-serif;"
        'border-top:8px solid #a4161a">'
        f'<h1 style="margin-top:0">The site could not be rebuilt: {len(problems)} problem(s)</h1>'
        "<p>Fix them and save: this page updates by itself. "
        + (
            "The last good build is still served underneath.</p>"
            if built
            else "Nothing has been built yet: the site appears once the build succeeds.</p>"
        )
        + f"<ol>{items}</ol></div>"
    )

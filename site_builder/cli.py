"""The `site-builder` command."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.markup import escape

from . import __version__
from .analyse.compare import format_hint
from .build import BuildOptions, build, check
from .diagnostics import BuildFailed, Diagnostic, InternalError, crash_report, for_terminal
from .output.writer import OutputRefused
from .parallel import paused_while_forking
from .settings import base_url_problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-builder", description="Build a fact-check site from seeds/ and content/."
    )
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (_build_command, _check_command, _serve_command, _new_command):
        add(commands)
    return parser


def _common(sub: argparse.ArgumentParser) -> None:
    """The options every command that reads a site takes."""
    sub.add_argument(
        "--root", type=_site_folder, default=Path("."), help="the site folder (default: here)"
    )
    sub.add_argument("--drafts", action="store_true", help="include notes with status: draft")
    sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_argument(
        "--orphans",
        choices=("error", "warn"),
        default="error",
        help="a quote that is not found or ambiguous: fail (default) or build without it",
    )
    sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    sub.add_argument(
        "--debug", action="store_true", help="print the full traceback of an internal error"
    )
    sub.add_argument(
        "--cache-dir",
        type=_folder,
        help="where builds keep their memory (default: the user's cache folder)",
    )
    sub.add_argument("--no-cache", action="store_true", help="neither use nor write the cache")
    sub.add_argument(
        "--jobs",
        type=_positive_number,
        default=os.cpu_count() or 1,
        help="processes at work at once where work splits (default: the machine's cores)",
    )


def _folder(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name is no folder")
    return Path(text)


def _site_folder(text: str) -> Path:
    folder = _folder(text)
    if folder.exists() and not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text} is a file, not a site's folder (the one holding seeds/ and content/)"
        )
    return folder


def _whole_number(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _positive_number(text: str) -> int:
    number = _whole_number(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def _port(text: str) -> int:
    number = _whole_number(text)
    if number is None or not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (a whole number, 1 to 65535)")
    return number


def _base_url(text: str) -> str:
    problem = base_url_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def _build_command(commands) -> None:
    build_cmd = commands.add_parser("build", help="build the site into build/")
    _common(build_cmd)
    build_cmd.add_argument("--out", type=_folder, help="output folder (default: ROOT/build)")
    build_cmd.add_argument("--base-url", type=_base_url, help="override the settings' base_url")
    build_cmd.add_argument(
        "--force", action="store_true", help="replace an output folder site-builder did not make"
    )


def _check_command(commands) -> None:
    check_cmd = commands.add_parser(
        "check", help="read, validate, anchor and render everything; write nothing"
    )
    _common(check_cmd)
    check_cmd.add_argument("--json", action="store_true", help="print the problems as JSON")
    check_cmd.add_argument(
        "--links",
        action="store_true",
        help="also build into a temporary folder and check every internal link and fragment",
    )
    check_cmd.add_argument(
        "--external-links",
        action="store_true",
        help="also ask every page on other sites the site links to (evidence, articles) "
        "whether it still answers",
    )
    check_cmd.add_argument("--base-url", type=_base_url, help="override the settings' base_url")


def _serve_command(commands) -> None:
    serve_cmd = commands.add_parser(
        "serve", help="build, serve on localhost, rebuild and reload on every change"
    )
    _common(serve_cmd)
    serve_cmd.add_argument(
        "--out",
        type=_folder,
        help="where to write the served site (default: a temporary folder; never ROOT/build)",
    )
    serve_cmd.add_argument(
        "--base-url", type=_base_url, help="override the settings' base_url (its path is served)"
    )
    serve_cmd.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve_cmd.add_argument("--open", action="store_true", help="open the site in a browser")
    serve_cmd.add_argument(
        "--force", action="store_true", help="replace an --out folder site-builder did not make"
    )
    serve_cmd.add_argument(
        "--allow-edits",
        action="store_true",
        help="write notes from the pages even when serving on an address that is not loopback "
        "(anyone who can open the pages can then write notes)",
    )


def _new_command(commands) -> None:
    new_cmd = commands.add_parser(
        "new", help="start a claim note, bring in a seed, or start a new site"
    )
    kinds = new_cmd.add_subparsers(dest="kind", required=True)
    claim_cmd = kinds.add_parser("claim", help="write a new claim note from the template")
    claim_cmd.add_argument("claim", help="the claim, in one line")
    claim_cmd.add_argument("--source", required=True, help="the id of the source that carries it")
    claim_cmd.add_argument("--quote", required=True, help="the passage, as the source words it")
    claim_cmd.add_argument(
        "--prefix", default="", help="the words just before the passage, when it occurs twice"
    )
    claim_cmd.add_argument(
        "--suffix", default="", help="the words just after the passage, when it occurs twice"
    )
    claim_cmd.add_argument(
        "--verdict", default="", help="a key of the verdict scale (default: unverified)"
    )
    claim_cmd.add_argument("--claimant", default="", help="who made the claim")
    claim_cmd.add_argument(
        "--tag", dest="tags", action="append", default=[], help="a tag (repeat for more)"
    )
    claim_cmd.add_argument("--id", dest="note_id", help="the note id (default: from the claim)")
    claim_cmd.add_argument("--root", type=_site_folder, default=Path("."), help="the site folder")
    source_cmd = kinds.add_parser("source", help="copy a seed in and write its metadata sidecar")
    source_cmd.add_argument("location", help="a file, or the URL of a saved page")
    source_cmd.add_argument("--root", type=_site_folder, default=Path("."), help="the site folder")
    site_cmd = kinds.add_parser(
        "site", help="start a new site: its folders, and its settings with a verdict scale"
    )
    site_cmd.add_argument(
        "folder", type=Path, nargs="?", default=Path("."), help="where (default: here)"
    )
    site_cmd.add_argument("--title", default="Fact checks", help="the site's name")
    site_cmd.add_argument(
        "--language", default="en", help="its language, a tag such as fr or pt-BR (default: en)"
    )
    site_cmd.add_argument(
        "--base-url", default="/", help="the address it is published at (default: /)"
    )


INTERNAL_ERROR = 3  # the exit status of a bug in site_builder (1: problems in the site's files)
INTERRUPTED = 130  # stopped by Ctrl+C or a signal, as shells report it


def main(argv: list[str] | None = None) -> int:
    return _main(_parser().parse_args(argv))


def _main(args: argparse.Namespace) -> int:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        with stopped_by_signals():
            return _run(args, err)
    except InternalError as error:
        cache_dir = getattr(args, "cache_dir", None)
        _report_internal_error(
            error,
            err,
            getattr(args, "debug", False),
            cache_dir and cache_dir.resolve(),
            keep=not getattr(args, "no_cache", False),
        )
        return INTERNAL_ERROR
    except KeyboardInterrupt:
        if args.command == "build":
            err.print("Stopped: nothing was written; the previous build was left as it was.")
        else:
            err.print("Stopped.")
        return INTERRUPTED


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a service stopped, a terminal closed) stop a command as Ctrl+C
    does, so that it cleans up: Python's default for them ends the process at once, leaving a
    half-made build or `serve`'s temporary folder behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), _interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """The command's entry point (`site-builder`, `python -m site_builder`): `main`, and then,
    after a build, straight out. A build leaves a large heap behind, which the interpreter's
    teardown would free object by object (0.15 s at 1,000 sources) for nothing: the process
    is ending. By then every file is written and closed, every child process reaped, and the
    output is flushed here."""
    args = _parser().parse_args()
    status = _main(args)
    if args.command != "build":
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _report_internal_error(
    error: InternalError, err: Console, debug: bool, cache_dir: Path | None, keep: bool = True
) -> None:
    """Say that site-builder has a bug, with its traceback saved in the cache folder (`keep`),
    or printed (`--debug`, or `--no-cache`: nothing is written there)."""
    if debug or not keep:
        err.print(error.details(), markup=False)
    where = (
        f"is in {crash_report(error, cache_dir)} (or run again with --debug)"
        if keep
        else "is above"
    )
    err.print(
        f"site-builder stopped on an internal error while processing {error.subject}: {error}\n"
        "This is a bug in site-builder, not a problem with your files; nothing was written.\n"
        f"The full traceback {where}; please report it.",
        markup=False,
    )


def _run(args, err: Console) -> int:
    out = Console(highlight=False, soft_wrap=True)
    if args.command == "new":
        return _new(args, out, err)
    options = BuildOptions(
        root=args.root.resolve(),
        out=(args.out.resolve() if getattr(args, "out", None) else None),
        drafts=args.drafts or args.command == "serve",
        orphans_allowed=args.orphans == "warn",
        strict=args.strict,
        force=getattr(args, "force", False),
        base_url=getattr(args, "base_url", None),
        cache=not args.no_cache,
        cache_dir=args.cache_dir.resolve() if args.cache_dir else None,
        jobs=args.jobs,
    )
    if args.command == "check":
        return _check(options, args, out, err)
    if args.command == "serve":
        return _serve(options, args)
    try:
        with _building(err) if not args.quiet else _nothing() as status:
            report = build(
                options, progress=lambda stage: status and status.update(stage + "\u2026")
            )
    except BuildFailed as failed:
        _print_problems(err, failed.diagnostics, options.root)
        kept = (
            "the previous build was left as it was"
            if options.output.exists()
            else "nothing was written"
        )
        err.print(f"[bold red]Build failed[/]: {_tally(failed.diagnostics)}; {kept}.")
        return 1
    except OutputRefused as refused:
        err.print(f"[bold red]error[/]: {refused}")
        return 2
    _print_problems(err, report.diagnostics, options.root)
    if not args.quiet:
        methods = ", ".join(f"{n} {m}" for m, n in sorted(report.methods.items())) or "none"
        out.print(
            f"Built {_counted(report.pages, 'page')} from {_counted(report.sources, 'source')} "
            f"and {_counted(report.notes, 'note')} "
            f"in {report.seconds:.2f} s (search index {report.index_seconds:.2f} s) -> {options.output}\n"
            f"Quotes anchored: {methods}; orphans: {report.orphans}; "
            f"warnings: {sum(1 for d in report.diagnostics if d.severity == 'warning')}"
        )
        if not urlsplit(report.base_url).netloc:
            out.print(
                f"The site's address is {report.base_url!r}, without its host: the feed, the "
                "sitemap, canonical links and ClaimReview give addresses other sites cannot "
                "follow. Before publishing, set base_url in content/site.yaml (or build with "
                "--base-url https://...); the GitHub Pages workflow sets it.",
                markup=False,
            )
    return 0


def _serve(options: BuildOptions, args) -> int:
    from .serve.server import DevServer, ServeRefused

    try:
        server = DevServer(
            options, args.host, args.port, quiet=args.quiet, allow_edits=args.allow_edits
        )
        server.serve(open_browser=args.open)
    except (ServeRefused, OutputRefused) as refused:
        Console(stderr=True, soft_wrap=True).print(f"error: {refused}", markup=False)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _new(args, out: Console, err: Console) -> int:
    from .new import NoteDraft, ScaffoldError, new_claim, new_source

    if args.kind == "site":
        return _new_site(args, out, err)
    root = args.root.resolve()
    try:
        if args.kind == "claim":
            draft = NoteDraft(
                claim=args.claim,
                source_id=args.source,
                quote=args.quote,
                prefix=args.prefix,
                suffix=args.suffix,
                verdict=args.verdict,
                claimant=args.claimant,
                tags=tuple(args.tags),
                note_id=args.note_id or "",
            )
            written = new_claim(root, draft)
            out.print(f"wrote {written.path.relative_to(root)} (status: draft)", markup=False)
            if not written.anchored:  # the editor fixes the quote; until then, drafts fail
                err.print(
                    f"{written.found}\nfix the quote in the note: until then `serve` shows this "
                    "problem on every page, and `build --drafts` fails",
                    markup=False,
                )
                return 1
            out.print(written.found, markup=False)
        else:
            seed, sidecar = new_source(root, args.location)
            out.print(
                f"wrote {seed.relative_to(root)} and {sidecar.relative_to(root)}: "
                "check the detected metadata in the sidecar",
                markup=False,
            )
    except (ScaffoldError, OSError) as problem:
        err.print(f"error: {problem}", markup=False)
        return 1
    return 0


def _new_site(args, out: Console, err: Console) -> int:
    from .new import ScaffoldError
    from .new_site import NEXT_STEPS, new_site

    root = args.folder.resolve()
    try:
        written = new_site(root, args.title, args.language, args.base_url)
    except (ScaffoldError, OSError) as problem:
        err.print(f"error: {problem}", markup=False)
        return 1
    shown = ", ".join(p.relative_to(root).as_posix() for p in written)
    out.print(f"a new site in {root}: wrote {shown}\n{NEXT_STEPS}", markup=False)
    return 0


@contextlib.contextmanager
def _nothing():
    yield


@contextlib.contextmanager
def _building(err: Console):
    """The spinner shown while a build runs, stopped while it forks its processes."""
    with err.status("Building the site\u2026") as status:

        def stop() -> None:
            # rich's `stop` tells the spinner's thread to end and does not wait for it to.
            thread = getattr(getattr(status, "_live", None), "_refresh_thread", None)
            status.stop()
            if thread is not None:
                thread.join()

        with paused_while_forking(stop, status.start):
            yield status


def _check(options: BuildOptions, args, out: Console, err: Console) -> int:
    engine, report = check(options)
    diagnostics = report.diagnostics
    if (args.links or args.external_links) and report.ok:
        diagnostics = diagnostics + _link_problems(options, args.links, args.external_links)
    failing = [
        d for d in diagnostics if d.severity == "error" or (args.strict and d.severity == "warning")
    ]
    site = engine.site
    hints = [] if failing or site is None else story_hints_of(site)
    if args.json:
        result = {
            "ok": not failing,
            "problems": [d.as_dict() for d in diagnostics],
            "hints": [hint_record(story, hint, site) for story, hint in hints],
        }
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        _print_problems(err, diagnostics, options.root)
        if hints and not args.quiet:
            out.print(
                "Machine-found hints (leads for editors to check, not verdicts):", markup=False
            )
            sources = {s.id: s for s in site.sources}
            for story, hint in hints:
                out.print(
                    f"  [{story.id}] " + format_hint(hint, sources).replace("\n", "\n    "),
                    markup=False,
                )
        if not args.quiet:
            out.print(f"{'Problems' if failing else 'OK'}: {_tally(diagnostics)}")
    return 1 if failing else 0


def _link_problems(
    options: BuildOptions, internal: bool = True, external: bool = False
) -> list[Diagnostic]:
    """Build into a temporary folder (never the output folder) and check every link within
    the site (`internal`), and every page on other sites it links to (`external`)."""
    import tempfile
    from dataclasses import replace
    from urllib.parse import urlsplit

    from . import urls
    from .output.external_links import check_external_links
    from .output.links import check_links

    with tempfile.TemporaryDirectory(prefix="site-builder-check-") as scratch:
        folder = Path(scratch) / "site"
        report = build(replace(options, out=folder, search_index=False, force=True))
        base_url = options.base_url or _settings_base_url(options)
        # The search index is left out of this build: links into it are Pagefind's to make.
        unbuilt = (urls.SEARCH_INDEX,)
        base_path = urlsplit(base_url).path or "/"
        problems = [d for d in report.diagnostics if d.severity == "error"]
        if internal:
            problems = check_links(folder, base_path, unbuilt, options.root / "content") + problems
        if external and report.ok:
            problems += check_external_links(folder, base_url, options.root)
        return problems


def _settings_base_url(options: BuildOptions) -> str:
    from .diagnostics import Diagnostics
    from .settings import load_settings

    return load_settings(options.root, Diagnostics()).base_url


def story_hints_of(site) -> list:
    """Every story's machine-found hints, for `check`."""
    from .analyse.compare import story_hints
    from .analyse.stories import group_stories
    from .model import Story

    by_id = {s.id: s for s in site.sources}
    found = []
    members = group_stories(tuple((s.id, s.story) for s in site.sources), site.settings.story_title)
    for group in members:
        if len(group.source_ids) < 2:
            continue
        story = Story(group.id, group.title, tuple(by_id[i] for i in group.source_ids))
        hints = story_hints(
            list(story.sources), [n.id for n in site.notes], list(site.anchors), list(site.entities)
        )
        found += [(story, hint) for hint in hints]
    return found


def hint_record(story, hint, site) -> dict:
    sources = {s.id: s for s in site.sources}
    return {
        "story": story.id,
        "kind": hint.kind,
        "summary": str(hint.summary),
        "values": list(hint.values),
        "evidence": str(hint.evidence),
        "note": hint.note_id,
        "places": [
            {"source": i, "start": a, "end": b, "paragraph": sources[i].block_index_at(a) + 1}
            for i, a, b in hint.places
            if i in sources
        ],
    }


def _print_problems(console: Console, diagnostics: list[Diagnostic], root: Path) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        _annotate_on_github(diagnostics, root)
    for diagnostic in diagnostics:
        colour = {"error": "red", "warning": "yellow"}.get(diagnostic.severity, "cyan")
        location = escape(for_terminal(diagnostic.location()))
        console.print(f"[bold]{location}[/]: [{colour}]{diagnostic.severity}[/]: ", end="")
        console.print(for_terminal(diagnostic.message), markup=False)
        if diagnostic.suggestion:
            suggestion = for_terminal(diagnostic.suggestion.replace("\n", "\n    "))
            console.print("    " + suggestion, markup=False)


def _annotate_on_github(diagnostics: list[Diagnostic], root: Path) -> None:
    """Each problem as a GitHub Actions workflow command, on standard output: GitHub shows it on
    the file's line in the pull request (and the run's summary). Paths are the repository's,
    the site being in the workspace or a folder of it."""
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    site = root.resolve()
    base = site.relative_to(workspace).as_posix() if site.is_relative_to(workspace) else ""
    for diagnostic in diagnostics:
        command = {"error": "error", "warning": "warning"}.get(diagnostic.severity, "notice")
        path = f"{base}/{diagnostic.path}" if base not in ("", ".") else diagnostic.path
        where = f"file={_github_property(path)}"
        if diagnostic.line:
            where += f",line={diagnostic.line}"
        text = diagnostic.message + (f"\n{diagnostic.suggestion}" if diagnostic.suggestion else "")
        print(f"::{command} {where},title=site-builder::{_github_data(text)}", flush=True)


def _github_data(text: str) -> str:
    """`text` as a workflow command's message (the escapes of GitHub's actions toolkit)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _tally(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    return f"{errors} error(s), {warnings} warning(s)"


def _counted(number: int, word: str) -> str:
    """'1 source', '2 sources', '0 notes'."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


if __name__ == "__main__":
    sys.exit(main())

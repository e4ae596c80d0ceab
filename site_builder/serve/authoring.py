"""Authoring while serving: select a passage of a source (on its page or a compare page), write
the claim note, or add the passage to a note that already exists.

Only `serve` has this. Into each page it serves, the dev server puts a per-session token and the
client script (`client/authoring.js`, served from here, never written into the output folder).
The script sends a source id and `[start, end)` offsets into the source's body text; the quote
is always taken from that text here, never from the page's. Notes are written through `new.py`,
the code path of `site-builder new claim`.

A write is accepted only when all of these hold, else it is refused with 403 and nothing is
written (each is tested in tests/test_authoring.py):
- it is a POST of JSON to /_site-builder/...;
- its `Host` is a name this server answers to: a loopback name, an IP address, or the name it
  was started with. A DNS-rebinding name (a site's own name pointed at 127.0.0.1) is not one,
  and pages requested under such a name get no token;
- its `Origin` is present and is this server (a page of another site open in the same browser
  sends its own origin; a request without one is refused);
- it carries the session's token, which only this server's pages hold.
Authoring is off when serving on an address other than loopback, unless `--allow-edits`.
Writes are refused while the last build failed (the pages then show the last good build, not
what is on disk), and while a rebuild is under way.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tornado import web

from ..anchor import QuoteAnchorer
from ..anchor.context import (
    Context,
    Passage,
    context_for,
    find_within,
    paragraphs_around,
    passage_at,
)
from ..model import SourceArticle
from ..new import (
    ChangedOnDisk,
    NoteDraft,
    ScaffoldError,
    add_quote,
    default_verdict,
    file_version,
    new_claim,
    quote_entry,
)

if TYPE_CHECKING:
    from .server import DevServer

PREFIX = "/_site-builder/"
TOKEN_HEADER = "X-Site-Builder-Token"  # noqa: S105 (a header name)
CLIENT = Path(__file__).parent / "client"
MAX_BODY = 64 * 1024


def is_loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def authoring_for(dev: DevServer, host: str, port: int, allow_edits: bool) -> Authoring | None:
    """Authoring for a server on `host`:`port`: on a loopback address, or anywhere with
    `--allow-edits` (then anyone who can open the pages can write notes); else None."""
    if not (is_loopback(host) or allow_edits):
        return None
    return Authoring(dev, host, port)


class Refused(Exception):
    """A request that is not carried out, with the HTTP status and what to tell the editor."""

    def __init__(self, status: int, message: str, suggestion: str = ""):
        super().__init__(message)
        self.status, self.message, self.suggestion = status, message, suggestion


class Authoring:
    """The session: its token, the host names it answers to, and the handlers it adds."""

    def __init__(self, dev: DevServer, host: str, port: int):
        self.dev = dev
        self.port = port
        self.token = secrets.token_urlsafe(32)
        self.names = {"localhost", "127.0.0.1", "::1"}
        if host not in ("", "0.0.0.0", "::"):  # noqa: S104 (names, not a bind)
            self.names.add(host.strip("[]").casefold())
        if not is_loopback(host):
            self.names |= {socket.gethostname().casefold(), socket.getfqdn().casefold()}
        self._anchorers: dict[tuple[str, str], QuoteAnchorer] = {}

    # -- who may write ------------------------------------------------------------------------

    def accepts_host(self, host_header: str) -> bool:
        """Whether `Host` names this server: its port, and a name it answers to or an address
        (only a name can be pointed at the computer running `serve` by someone else's DNS)."""
        try:
            parts = urlsplit("//" + host_header)
            name, port = parts.hostname or "", parts.port or 80
        except ValueError:
            return False
        if port != self.port or not name:
            return False
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def refusal(self, request) -> str:
        """Why a request to an endpoint is refused, or "" if it may go on."""
        host = request.headers.get("Host", "")
        if not self.accepts_host(host):
            return f"this server does not answer to the host name {host!r}"
        origin = request.headers.get("Origin")
        if not origin:
            return "a request without an Origin header is refused"
        if origin.casefold() != f"http://{host}".casefold():
            return f"a request from another site ({origin}) is refused"
        if request.method != "POST":
            return "only POST is accepted"
        if not request.headers.get("Content-Type", "").startswith("application/json"):
            return "the request must be JSON"
        token = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            return "the request does not carry this session's token (reload the page)"
        if len(request.body) > MAX_BODY:
            return "the request is too large"
        return ""

    def head_tags(self, request) -> bytes:
        """The token and the client, for a page requested under a name this server answers to."""
        if not self.accepts_host(request.headers.get("Host", "")):
            return b""
        return (
            f'<meta name="site-builder-token" content="{self.token}">'
            f'<link rel="stylesheet" href="{PREFIX}authoring.css">'
            f'<script src="{PREFIX}authoring.js" defer></script>'
        ).encode()

    def handlers(self) -> list:
        options = {"authoring": self}
        return [
            (rf"{PREFIX}(authoring\.(?:js|css))", _ClientFiles, {"path": str(CLIENT)}),
            (rf"{PREFIX}state", _State, options),
            (rf"{PREFIX}passage", _Passage, options),
            (rf"{PREFIX}notes", _NewNote, options),
            (rf"{PREFIX}quotes", _NewQuote, options),
            (rf"{PREFIX}.*", _Endpoint, options),
        ]

    # -- what the endpoints do ---------------------------------------------------------------

    def state(self, data: dict) -> dict:
        """The verdict scale, the notes (with their files' versions) and the text hash of the
        page's sources, for the form."""
        site = self._site()
        settings = site.settings
        asked = data.get("sources")
        wanted = {i for i in asked if isinstance(i, str)} if isinstance(asked, list) else set()
        root = self.dev.builder.options.root
        notes = []
        for note in sorted(site.notes, key=lambda n: n.claim.casefold()):
            try:
                version = file_version((root / note.path).read_bytes())
            except OSError:
                continue
            notes.append(
                {"id": note.id, "claim": note.claim, "path": note.path, "version": version}
            )
        return {
            "verdicts": [{"key": v.key, "label": v.label} for v in settings.verdicts],
            "verdict": default_verdict(settings),
            "notes": notes,
            "sources": {s.id: s.text_hash for s in site.sources if s.id in wanted},
        }

    def passage(self, data: dict) -> dict:
        """Where a selection, a paragraph, or a quote typed into the form lands, with the context
        the note will need: what the form shows before saving."""
        source, passage = self._passage(data)
        return self._describe(source, passage, self._context(source, passage))

    def new_note(self, data: dict) -> dict:
        site = self._writable_site()
        source, passage = self._passage(data)
        context = self._context(source, passage)
        verdict = _text(data, "verdict") or default_verdict(site.settings)
        if verdict not in site.settings.verdict_keys:
            raise Refused(422, f"unknown verdict {verdict!r}")
        tags = data.get("tags") or []
        if isinstance(tags, str):
            tags = tags.split(",")
        if not isinstance(tags, list):
            raise Refused(422, "tags must be a list of words, or words between commas")
        draft = NoteDraft(
            claim=_text(data, "claim"),
            source_id=source.id,
            quote=passage.quote(source),
            prefix=context.prefix,
            suffix=context.suffix,
            hint=context.hint,
            verdict=verdict,
            claimant=_text(data, "claimant"),
            tags=tuple(str(t) for t in tags if isinstance(t, str)),
        )
        root = self.dev.builder.options.root
        taken = {n.id for n in site.notes} | {a for n in site.notes for a in n.aliases}
        written = new_claim(
            root,
            draft,
            sources={s.id: s for s in site.sources},
            settings=site.settings,
            at=passage,
            taken=taken,
        )
        return self._wrote(written.path, written.note_id, passage, source)

    def new_quote(self, data: dict) -> dict:
        site = self._writable_site()
        note = next((n for n in site.notes if n.id == _text(data, "note")), None)
        if note is None:
            raise Refused(422, f"there is no note {_text(data, 'note')!r}")
        source, passage = self._passage(data)
        context = self._context(source, passage)
        entry = quote_entry(
            source.id, passage.quote(source), context.prefix, context.suffix, context.hint
        )
        path = add_quote(
            self.dev.builder.options.root,
            note.path,
            _text(data, "version"),
            entry,
            passage,
            site.settings,
            {s.id: s for s in site.sources},
            {e.id for e in site.entities},
        )
        return self._wrote(path, note.id, passage, source)

    # -- helpers --------------------------------------------------------------------------------

    def _site(self):
        site = self.dev.builder.site
        if site is None:
            raise Refused(409, "the site has not been built yet: fix the problems listed first")
        return site

    def _writable_site(self):
        site = self._site()
        errors = [p for p in self.dev.builder.problems if p.severity == "error"]
        if errors:
            raise Refused(
                409,
                f"the last build failed ({len(errors)} problem(s), listed over every page): "
                "the pages show the last good build, so nothing is written until it is fixed",
            )
        if self.dev.rebuild_pending():
            raise Refused(503, "a rebuild is under way: try again in a moment")
        return site

    def _passage(self, data: dict) -> tuple[SourceArticle, Passage]:
        site = self._site()
        source = next((s for s in site.sources if s.id == _text(data, "source")), None)
        if source is None:
            raise Refused(422, f"there is no source {_text(data, 'source')!r}")
        if _text(data, "text_hash") != source.text_hash:
            raise Refused(
                409, "the article changed since this page was loaded: reload the page first"
            )
        start, end = _offset(data, "start"), _offset(data, "end")
        if data.get("paragraph"):
            passage = passage_at(source, *paragraphs_around(source, start, max(end, start + 1)))
        elif isinstance(data.get("quote"), str):
            passage, failure = find_within(source, data["quote"], start, end)
            if failure is not None:
                raise Refused(
                    422,
                    f"the quote is not in this paragraph: {failure.message}",
                    failure.suggestion,
                )
        else:
            passage = passage_at(source, start, end)
        if passage is None:
            raise Refused(422, "the selection holds no text of the article")
        return source, passage

    def _anchorer(self, source: SourceArticle) -> QuoteAnchorer:
        """The anchorer of `source` (kept for the last source: its normalised text is reused)."""
        key = (source.id, source.text_hash)
        if key not in self._anchorers:
            self._anchorers = {key: QuoteAnchorer(source)}
        return self._anchorers[key]

    def _context(self, source: SourceArticle, passage: Passage) -> Context:
        context = context_for(self._anchorer(source), passage)
        if context is None:
            raise Refused(422, "the build could not tell this passage from another one like it")
        return context

    def _describe(self, source: SourceArticle, passage: Passage, context: Context) -> dict:
        anchorer = self._anchorer(source)
        return {
            "source": source.id,
            "start": passage.start,
            "end": passage.end,
            "scope": list(paragraphs_around(source, passage.start, passage.end)),
            "quote": passage.quote(source),
            "paragraphs": passage.paragraphs(source),
            "where": _where(anchorer, passage, source),
            "prefix": context.prefix,
            "suffix": context.suffix,
            "hint": context.hint,
        }

    def _wrote(self, path: Path, note_id: str, passage: Passage, source: SourceArticle) -> dict:
        root = self.dev.builder.options.root
        self.dev.changed({path})  # rebuild now, whatever the watcher's pace
        relative = path.relative_to(root).as_posix()
        return {
            "path": relative,
            "note": note_id,
            "paragraphs": passage.paragraphs(source),
            "message": f"Wrote {relative} (status: draft).",
        }


def _where(anchorer: QuoteAnchorer, passage: Passage, source: SourceArticle) -> str:
    """'paragraph 4: …words before [the passage] words after…', for the form."""
    numbers = passage.paragraphs(source)
    label = f"paragraph {numbers[0]}"
    if len(numbers) > 1:
        label = f"paragraphs {numbers[0]} to {numbers[-1]}"
    shown = anchorer.describe_place(passage.start, passage.end).split(": ", 1)[1]
    return f"{label}: {shown}"


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _offset(data: dict, key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Refused(422, f"{key} must be an offset into the source's text")
    return value


class _Endpoint(web.RequestHandler):
    """Every request under /_site-builder/ but the client's files: checked, then carried out."""

    action = None  # the Authoring method that answers
    created = False  # whether a success wrote a file (201)

    def initialize(self, authoring: Authoring) -> None:
        self.authoring = authoring

    def prepare(self) -> None:
        refusal = self.authoring.refusal(self.request)
        if refusal:
            self._answer(403, {"error": refusal})
        elif self.action is None:
            self._answer(404, {"error": "no such endpoint"})

    def post(self, *args) -> None:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self._answer(400, {"error": "the request is not a JSON object"})
            return
        try:
            self._answer(201 if self.created else 200, type(self).action(self.authoring, data))
        except Refused as refused:
            self._answer(
                refused.status, {"error": refused.message, "suggestion": refused.suggestion}
            )
        except ChangedOnDisk as changed:
            self._answer(409, {"error": str(changed)})
        except ScaffoldError as problem:
            self._answer(422, {"error": str(problem)})

    def _answer(self, status: int, body: dict) -> None:
        self.set_status(status)
        if status == 503:
            self.set_header("Retry-After", "1")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def check_xsrf_cookie(self) -> None:
        pass  # the Host, Origin and token checks stand instead


class _State(_Endpoint):
    action = Authoring.state


class _Passage(_Endpoint):
    action = Authoring.passage


class _NewNote(_Endpoint):
    action = Authoring.new_note
    created = True


class _NewQuote(_Endpoint):
    action = Authoring.new_quote
    created = True


class _ClientFiles(web.StaticFileHandler):
    """The client script and its styles, served by `serve` only."""

    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store")

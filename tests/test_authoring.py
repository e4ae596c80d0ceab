"""Authoring while serving, over HTTP against a real `site-builder serve`: who may write (token,
Host, Origin, the address served on), what is written, and what never reaches a built site."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.serve.authoring import Authoring, authoring_for
from site_builder.serve.server import DevServer

from .test_new_note import sources_of
from .test_serve import get, server, wait_for  # noqa: F401 (the `server` fixture)

RT = "rt-2024-02-07"
SENTENCE = "Putin stressed that Moscow is in contact with the political wing of Hamas"


def request(
    base: str,
    path: str,
    body: dict | bytes | None = None,
    *,
    token: str | None = None,
    origin: str | None = "same",
    host: str | None = None,
    method: str = "POST",
    content_type: str = "application/json",
) -> tuple[int, dict]:
    headers = {"Content-Type": content_type}
    if token:
        headers["X-Site-Builder-Token"] = token
    if origin == "same":
        headers["Origin"] = f"http://{host}" if host else base
    elif origin:
        headers["Origin"] = origin
    if host:
        headers["Host"] = host
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    for _ in range(40):  # asked again while the server rebuilds (503), as the client does
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            if error.code != 503:
                return error.code, json.loads(error.read() or b"{}")
        time.sleep(0.25)
    raise AssertionError("the server kept rebuilding")


def token_of(base: str, page: str = f"/sources/{RT}/") -> str:
    found = re.search(r'name="site-builder-token" content="([^"]+)"', get(base + page)[1])
    assert found, "the served page carries no token"
    return found.group(1)


def claims(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "content/claims").iterdir()}


def sentence_body(base: str, token: str) -> dict:
    """A request for a note on SENTENCE, found by the server in the paragraph that holds it."""
    status, state = request(base, "/_site-builder/state", {"sources": [RT]}, token=token)
    assert status == 200
    text_hash = state["sources"][RT]
    paragraph = {"source": RT, "text_hash": text_hash, "start": 0, "end": 10**6}
    status, found = request(
        base, "/_site-builder/passage", {**paragraph, "quote": SENTENCE}, token=token
    )
    assert status == 200, found
    return {"source": RT, "text_hash": text_hash, "start": found["start"], "end": found["end"]}


def test_a_write_without_the_token_from_another_origin_or_host_is_refused_and_writes_nothing(
    server,  # noqa: F811
):
    base, root, port, _ = server
    token = token_of(base)
    body = {**sentence_body(base, token), "claim": "Putin said Moscow talks to Hamas"}
    before = claims(root)
    refused = [
        request(base, "/_site-builder/notes", body),  # no token
        request(base, "/_site-builder/notes", body, token="not-the-token"),  # noqa: S106
        request(base, "/_site-builder/notes", body, token=token, origin="http://evil.example"),
        request(base, "/_site-builder/notes", body, token=token, origin=None),
        # A DNS-rebinding name: another site's name pointed at this machine; same-origin to it.
        request(base, "/_site-builder/notes", body, token=token, host=f"evil.example:{port}"),
        request(base, "/_site-builder/notes", body, token=token, host=f"127.0.0.1:{port + 1}"),
        request(
            base,
            "/_site-builder/notes",
            json.dumps(body).encode(),
            token=token,
            content_type="text/plain",
        ),
        request(base, "/_site-builder/notes", None, token=token, method="GET"),
    ]
    assert [status for status, _ in refused] == [403] * len(refused), refused
    assert "token" in refused[0][1]["error"] and "another site" in refused[2][1]["error"]
    assert "without an Origin" in refused[3][1]["error"] and "host name" in refused[4][1]["error"]
    assert claims(root) == before
    status, wrote = request(base, "/_site-builder/notes", body, token=token)  # the same, allowed
    assert status == 201, wrote
    assert wrote["path"] == "content/claims/putin-said-moscow-talks-to-hamas.md"
    assert set(claims(root)) - set(before) == {"putin-said-moscow-talks-to-hamas.md"}


def test_a_page_asked_for_under_a_foreign_host_name_gets_no_token(server):  # noqa: F811
    base, _, port, _ = server
    req = urllib.request.Request(base + f"/sources/{RT}/", headers={"Host": f"evil.example:{port}"})
    with urllib.request.urlopen(req, timeout=10) as response:
        page = response.read().decode()
    assert "livereload" in page and "site-builder-token" not in page and "authoring.js" not in page
    assert "site-builder-token" in get(base + f"/sources/{RT}/")[1]
    assert "site-builder-token" in get(f"http://localhost:{port}/sources/{RT}/")[1]


def test_the_note_written_quotes_the_source_and_carries_the_context_that_places_it(
    server,  # noqa: F811
):
    base, root, _, _ = server
    token = token_of(base)
    status, state = request(base, "/_site-builder/state", {"sources": [RT]}, token=token)
    text_hash = state["sources"][RT]
    assert state["verdict"] == "unverified" and "accurate" in [v["key"] for v in state["verdicts"]]
    # "Moscow is in contact" is in paragraphs 1 and 4: the one in paragraph 4 is chosen.
    first = sentence_body(base, token)
    start = first["start"] + len("Putin stressed that ")
    selection = {"source": RT, "text_hash": text_hash, "start": start - 1, "end": start + 21}
    status, found = request(base, "/_site-builder/passage", selection, token=token)
    assert status == 200 and found["quote"] == "Moscow is in contact"  # white space trimmed
    assert found["prefix"] or found["suffix"]
    body = {**selection, "claim": "Moscow: in contact with Hamas", "verdict": "needs-context",
            "claimant": "Vladimir Putin", "tags": ["hamas", "a: b"]}  # fmt: skip
    status, wrote = request(base, "/_site-builder/notes", body, token=token)
    assert status == 201, wrote
    text = (root / wrote["path"]).read_text(encoding="utf-8")
    assert "quote: Moscow is in contact\n" in text and "status: draft\n" in text
    assert ("prefix: " in text) or ("suffix: " in text)
    mark = f'mark data-claim="{wrote["note"]}"'

    def highlighted():
        page = get(base + f"/sources/{RT}/")[1]
        return mark in page and page

    page = wait_for(highlighted)
    paragraph = re.search(r'<p id="p-4".*?</p>', page, re.S).group(0)
    assert mark in paragraph


def test_a_selection_across_paragraphs_becomes_one_quote_with_an_ellipsis(server):  # noqa: F811
    base, root, _, _ = server
    token = token_of(base)
    status, state = request(base, "/_site-builder/state", {"sources": [RT]}, token=token)
    text_hash = state["sources"][RT]
    status, first = request(
        base, "/_site-builder/passage",
        {"source": RT, "text_hash": text_hash, "start": 0, "end": 1, "paragraph": True},
        token=token,
    )  # fmt: skip
    end_of_first = first["end"]
    selection = {
        "source": RT,
        "text_hash": text_hash,
        "start": end_of_first - 10,
        "end": end_of_first + 20,
    }
    status, found = request(base, "/_site-builder/passage", selection, token=token)
    assert status == 200 and found["paragraphs"] == [1, 2]
    text = sources_of(root)[RT].body_text
    pieces = (
        text[end_of_first - 10 : end_of_first].strip(),
        text[end_of_first : end_of_first + 20].strip(),
    )
    assert found["quote"] == " \u2026 ".join(pieces) and "\n" not in found["quote"]
    status, wrote = request(
        base, "/_site-builder/notes", {**selection, "claim": "Across"}, token=token
    )
    assert status == 201, wrote
    assert f'data-claim="{wrote["note"]}"' in wait_for(
        lambda: (lambda page: wrote["note"] in page and page)(get(base + f"/sources/{RT}/")[1])
    )


def test_offsets_from_an_older_page_or_a_broken_build_write_nothing(server):  # noqa: F811
    base, root, _, _ = server
    token = token_of(base)
    body = {**sentence_body(base, token), "claim": "Stale"}
    status, answer = request(
        base, "/_site-builder/notes", {**body, "text_hash": "sha256:0"}, token=token
    )
    assert status == 409 and "changed since this page was loaded" in answer["error"]
    before = claims(root)
    for tags in (5, {"a": 1}):  # the form sends a list, or words between commas
        status, answer = request(base, "/_site-builder/notes", {**body, "tags": tags}, token=token)
        assert status == 422 and answer["error"].startswith("tags must be a list"), answer
    assert claims(root) == before
    note = root / "content/claims/moscow-blames-us-policy-failures.md"
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("verdict: accurate", "verdict: [accurate"), encoding="utf-8")
    wait_for(lambda: "site-builder-errors" in get(base + "/")[1])
    before = claims(root)
    status, answer = request(base, "/_site-builder/notes", body, token=token)
    assert status == 409 and "the last build failed" in answer["error"]
    assert claims(root) == before
    note.write_text(good, encoding="utf-8")
    wait_for(lambda: "site-builder-errors" not in get(base + "/")[1])
    assert request(base, "/_site-builder/notes", body, token=token)[0] == 201


def test_a_passage_is_added_to_a_note_only_as_the_page_saw_it(server):  # noqa: F811
    base, root, _, _ = server
    token = token_of(base)
    status, state = request(base, "/_site-builder/state", {"sources": [RT]}, token=token)
    note = next(n for n in state["notes"] if n["id"] == "moscow-blames-us-policy-failures")
    path = root / note["path"]
    body = {**sentence_body(base, token), "note": note["id"], "version": note["version"]}
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")
    edited = path.read_bytes()
    wait_for(
        lambda: "Edited meanwhile" in get(base + "/claims/moscow-blames-us-policy-failures/")[1]
    )
    status, answer = request(base, "/_site-builder/quotes", body, token=token)
    assert status == 409 and "changed on disk since this page was loaded" in answer["error"]
    assert path.read_bytes() == edited
    status, state = request(base, "/_site-builder/state", {"sources": [RT]}, token=token)
    note = next(n for n in state["notes"] if n["id"] == note["id"])
    status, answer = request(
        base, "/_site-builder/quotes", {**body, "version": note["version"]}, token=token
    )
    assert status == 201, answer
    after = path.read_text(encoding="utf-8")
    assert after.replace(f"  - source: {RT}\n    quote: {SENTENCE}\n", "", 1) == edited.decode()


def test_built_and_served_files_hold_neither_the_controls_nor_their_script(server, demo_build):  # noqa: F811
    _, _, _, served = server
    for folder in (demo_build, served):
        files = [
            p for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".css")
        ]
        assert files
        for path in files:
            data = path.read_bytes()
            for marker in (
                b"site-builder-token",
                b"authoring.js",
                b'data-action="new-note"',
                b"sb-ui",
            ):
                assert marker not in data, (path, marker)


@pytest.mark.parametrize(
    ("host", "allow", "on"),
    [
        ("127.0.0.1", False, True),
        ("localhost", False, True),
        ("::1", False, True),
        ("127.0.0.2", False, True),
        ("0.0.0.0", False, False),  # noqa: S104 (not bound: a decision is tested)
        ("192.168.1.20", False, False),
        ("0.0.0.0", True, True),  # noqa: S104
        ("myhost.example", True, True),
    ],
)
def test_authoring_is_off_on_an_address_other_than_loopback_unless_allowed(host, allow, on):
    assert (authoring_for(None, host, 8000, allow) is not None) is on


def test_only_the_names_of_this_server_are_accepted_as_its_host():
    authoring = Authoring(None, "127.0.0.1", 8000)
    accepted = ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000", "10.0.0.5:8000"]
    refused = [
        "evil.example:8000",
        "localhost.evil.example:8000",
        "127.0.0.1.nip.io:8000",  # a public name that resolves to loopback
        "127.0.0.1:8001",
        "127.0.0.1",
        "",
    ]
    assert all(authoring.accepts_host(h) for h in accepted)
    assert not any(authoring.accepts_host(h) for h in refused)


def test_the_dev_server_has_no_authoring_on_a_public_address(tmp_path, shipped_site):
    from site_builder.build import BuildOptions

    options = BuildOptions(root=shipped_site, out=tmp_path / "out", drafts=True)
    assert DevServer(options, "0.0.0.0", 8000, quiet=True).authoring is None  # noqa: S104
    assert DevServer(options, "127.0.0.1", 8000, quiet=True).authoring is not None

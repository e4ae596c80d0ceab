"""`site-builder serve` for real: a server on a free port, real HTTP requests, real file edits,
a livereload client on the websocket; and `new` and `check` as an editor uses them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from tornado.websocket import websocket_connect

from .conftest import REPO

NOTE = "content/claims/moscow-blames-us-policy-failures.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.fixture
def server(shipped_site, tmp_path):
    port = free_port()
    served = tmp_path / "served"
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port), "--out", str(served)],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            return get(base + "/")[0] == 200
        except OSError:
            return False

    try:
        wait_for(up, timeout=60)
        yield base, shipped_site, port, served
    finally:
        process.terminate()
        process.wait(timeout=10)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_injects_live_reload_only_in_served_pages(server):
    base, root, _, served = server
    status, page = get(base + "/claims/moscow-blames-us-policy-failures/")
    assert status == 200 and "livereload.js" in page
    assert (
        b"livereload"
        not in (served / "claims/moscow-blames-us-policy-failures/index.html").read_bytes()
    )
    assert not (root / "build").exists(), "serve never writes into build/"
    status, page = get(base + "/no/such/page/")
    assert status == 404 and "Page not found" in page


def test_an_edit_changes_the_page_and_only_the_pages_it_affects(server):
    base, root, _, build = server
    untouched = build / "claims/putin-met-jewish-leaders/index.html"
    before = untouched.stat().st_mtime_ns
    edit(root / NOTE, "verdict is judged", "verdict (edited in a test) is judged")
    wait_for(
        lambda: "edited in a test" in get(base + "/claims/moscow-blames-us-policy-failures/")[1]
    )
    assert untouched.stat().st_mtime_ns == before


def test_a_broken_edit_shows_every_problem_and_the_fix_brings_the_site_back(server):
    base, root, _, _ = server
    path = root / NOTE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("verdict: accurate", "verdict: [accurate"), encoding="utf-8")
    (root / "content/claims/zz-absent.md").write_text(
        '---\nclaim: "x"\nverdict: accurate\nquotes:\n  - source: rt-2024-02-07\n'
        '    quote: "Moscow is in close contact with the military wing of Hamas"\n---\n'
    )

    def error_page():
        page = get(base + "/")[1]
        return page if "site-builder-errors" in page else None

    page = wait_for(error_page)
    assert f"{NOTE}:" in page and "malformed YAML" in page
    assert "content/claims/zz-absent.md:6" in page and "closest passage" in page
    assert "Side by Side" in page  # the last good site is still served underneath
    path.write_text(good, encoding="utf-8")
    (root / "content/claims/zz-absent.md").unlink()
    wait_for(lambda: "site-builder-errors" not in get(base + "/")[1])


def test_a_template_error_shows_in_the_overlay_at_its_line(server):
    base, root, _, _ = server
    pager = root / "templates/partials/pager.html"
    good = pager.read_text(encoding="utf-8")
    pager.write_text(good.replace("{% endif %}", "{% endif", 1), encoding="utf-8")

    def error_page():
        page = get(base + "/")[1]
        return page if "site-builder-errors" in page else None

    page = wait_for(error_page)
    assert "templates/partials/pager.html:" in page and "template syntax error" in page
    pager.write_text(good, encoding="utf-8")
    wait_for(lambda: "site-builder-errors" not in get(base + "/")[1])


def tree(folder: Path) -> dict[str, bytes] | None:
    """Every file of `folder` but the search index, by path; None if one went while it was
    read (the search index's working folder comes and goes while `serve` indexes)."""
    try:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
        }
    except FileNotFoundError:
        return None


def served_as_built(served: Path, root: Path, built: Path) -> None:
    """Wait until `served` holds what `site-builder build --drafts` writes (the search index
    aside), byte for byte."""
    subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--drafts", "-q", "--out", str(built)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    expected = tree(built)
    assert expected
    wait_for(lambda: tree(served) == expected, timeout=60)


def test_after_edits_the_served_site_equals_a_fresh_build_with_drafts(server, tmp_path):
    """The real `serve` process, a few ordinary edits; once it is idle, what it serves is what
    `site-builder build --drafts` writes, byte for byte (the search index aside)."""
    base, root, _, served = server
    note = root / NOTE
    edit(note, "tags: [", "tags: [from-serve, ")
    wait_for(lambda: (served / "tags/from-serve/index.html").is_file())
    edit(root / "seeds/001_0f3892cb1897e00c.yaml", "outlet: Reuters", "outlet: Reuters Wire")
    wait_for(lambda: (served / "outlets/reuters-wire/index.html").is_file())
    (root / "content/claims/putin-met-jewish-leaders.md").unlink()
    wait_for(lambda: not (served / "claims/putin-met-jewish-leaders/index.html").exists())
    served_as_built(served, root, tmp_path / "built")


def test_a_templates_folder_that_comes_and_goes_while_serving_is_followed(server, tmp_path):
    """The site's own templates/ moved away (the default theme serves), edited elsewhere, and
    moved back: what is served follows each step, the stylesheet too."""
    base, root, _, served = server
    away = tmp_path / "templates-away"
    shutil.copytree(root / "templates", away)
    edit(away / "base.html", "</footer>", "<p>FROM THE SITE'S THEME</p></footer>")
    (away / "static/style.css").write_text("/* the site's own */\n", encoding="utf-8")
    edit(root / "templates/base.html", "</footer>", "<p>BEFORE IT WENT</p></footer>")
    (root / "templates/static/style.css").write_text("/* before it went */\n")
    wait_for(lambda: "BEFORE IT WENT" in get(base + "/")[1])
    wait_for(lambda: get(base + "/static/style.css")[1] == "/* before it went */\n")
    shutil.rmtree(root / "templates")  # the default theme serves, its stylesheet too
    wait_for(lambda: "BEFORE IT WENT" not in get(base + "/")[1])
    default = (REPO / "templates/static/style.css").read_text()
    wait_for(lambda: get(base + "/static/style.css")[1] == default)
    shutil.copytree(away, root / "templates")
    wait_for(lambda: "FROM THE SITE'S THEME" in get(base + "/")[1])
    wait_for(lambda: get(base + "/static/style.css")[1] == "/* the site's own */\n")
    edit(root / "templates/base.html", "FROM THE SITE'S THEME", "EDITED AFTER IT CAME BACK")
    wait_for(lambda: "EDITED AFTER IT CAME BACK" in get(base + "/")[1])
    served_as_built(served, root, tmp_path / "built")


def test_folders_moved_out_linked_in_or_made_while_serving_are_followed(server, tmp_path):
    """A folder moved to the trash takes its files with it (no event names them); notes kept
    in a shared folder linked in as content/claims are watched where they are; a folder made
    in content/claims is a rebuild (its warning). What is served ends as a fresh build."""
    base, root, _, served = server
    assert get(base + "/about/")[0] == 200
    shutil.move(root / "content/pages", tmp_path / "trash")
    wait_for(lambda: not (served / "about/index.html").exists())
    shared = tmp_path / "shared-notes"
    shutil.move(root / "content/claims", shared)
    (root / "content/claims").symlink_to(shared, target_is_directory=True)
    wait_for(lambda: (served / "claims/putin-met-jewish-leaders/index.html").is_file())
    edit(
        shared / "putin-met-jewish-leaders.md",
        'summary: "',
        'summary: "SAVED IN THE SHARED FOLDER ',
    )
    page = base + "/claims/putin-met-jewish-leaders/"
    wait_for(lambda: "SAVED IN THE SHARED FOLDER" in get(page)[1])
    (shared / "drafts").mkdir()
    served_as_built(served, root, tmp_path / "built")


def test_a_note_saved_while_serve_starts_is_not_lost(shipped_site, tmp_path):
    """Saved after the first build is written, while its search index is made (before the
    server says it is serving): the edit reaches the served page once it serves."""
    port, served = free_port(), tmp_path / "served"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--port", str(port)]
            + ["--out", str(served)],
            cwd=shipped_site,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: (served / ".site-builder-manifest.json").exists(), timeout=60)
        edit(shipped_site / NOTE, 'summary: "', 'summary: "SAVED WHILE STARTING ')
        assert "serving" not in log.read_text(), "the save came after the start: try again"
        wait_for(lambda: "serving" in log.read_text(), timeout=60)
        page = f"http://127.0.0.1:{port}/claims/moscow-blames-us-policy-failures/"
        wait_for(lambda: "SAVED WHILE STARTING" in get(page)[1])
        served_as_built(served, shipped_site, tmp_path / "built")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_quiet_server_still_prints_the_problems_of_a_failed_rebuild(shipped_site):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port), "-q"],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), timeout=60)
        edit(shipped_site / NOTE, "verdict: accurate", "verdict: [accurate")
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
        said = []
        with contextlib.suppress(queue.Empty):
            while not any("malformed YAML" in line for line in said):
                said.append(lines.get(timeout=30))
        assert any(line.startswith("build failed: 1 error(s)") for line in said), said
        assert any(line.startswith(f"{NOTE}:") and "malformed YAML" in line for line in said), said
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_failed_first_build_is_served_with_live_reload_and_no_last_good_build(
    shipped_site, tmp_path
):
    """Before any good build there is no 404.html: the page served in its place still takes
    the live-reload script and the overlay, and the overlay does not speak of a build below."""
    edit(shipped_site / NOTE, "verdict: accurate", "verdict: [accurate")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port), "-q"],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, page = wait_for(lambda: _response(base + "/claims/"), timeout=60)
        assert status == 404 and "livereload.js" in page and "site-builder-errors" in page
        assert "Nothing has been built yet" in page and "last good build" not in page
        edit(shipped_site / NOTE, "verdict: [accurate", "verdict: accurate")
        wait_for(lambda: answers(base + "/claims/"))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _response(url: str) -> tuple[int, str] | None:
    try:
        return get(url)
    except OSError:
        return None


def test_serve_refuses_a_port_in_use_and_a_folder_it_must_not_write_in_a_line(shipped_site):
    def serve(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "site_builder", "serve", "-q", *options],
            cwd=shipped_site,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    with socket.create_server(("127.0.0.1", 0)) as taken:  # another server, listening
        port = taken.getsockname()[1]
        result = serve("--port", str(port))
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"error: cannot serve at 127.0.0.1:{port}: ")
    assert "choose another port with --port" in result.stderr and "Traceback" not in result.stderr
    assert "serving" not in result.stdout
    for port in ("99999", "-1", "0"):
        result = serve("--port", port)
        assert result.returncode == 2 and "is not a port" in result.stderr, result
    (shipped_site / "preview").mkdir()
    (shipped_site / "preview/mine.txt").write_text("not the site's")
    result = serve("--port", str(free_port()), "--out", "preview")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result
    assert "is not empty and was not written by site-builder" in result.stderr


def test_serve_in_a_folder_without_a_site_is_refused_not_left_waiting(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "-q", "--port", str(free_port())],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result
    assert result.stderr.startswith(
        f"error: no site here: {tmp_path} has neither a seeds/ nor a content/ folder; run "
    )
    assert "serving" not in result.stdout


def test_serve_says_where_it_serves_only_once_it_listens_there(
    shipped_site, tmp_path, monkeypatch, capsys
):
    """The "serving ... at URL" line is a promise that the address answers: a browser or a
    script that opens it at once must find the site. It comes after the server listens, and
    never when it cannot (a port taken between the check before the first build and then)."""
    from tornado import web

    from site_builder.build import BuildOptions
    from site_builder.serve.server import DevServer, ServeRefused

    said_before_listening = []

    def listen(self, port, address=""):
        said_before_listening.append(capsys.readouterr().out)
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(web.Application, "listen", listen)
    options = BuildOptions(root=shipped_site, out=tmp_path / "out", drafts=True, cache=False)
    server = DevServer(options, "127.0.0.1", free_port())
    with pytest.raises(ServeRefused):
        server._first_build_and_serve(open_browser=False)
    assert said_before_listening and "serving" not in said_before_listening[0]
    assert "serving" not in capsys.readouterr().out


def test_a_failed_first_build_tells_its_warnings_once(shipped_site, tmp_path, capsys):
    """A serve that started on a broken site printed its warnings again with the next failed
    rebuild, as if they were new."""
    from tornado import web
    from tornado.ioloop import IOLoop

    from site_builder.build import BuildOptions
    from site_builder.serve.server import DevServer, ServeRefused

    (shipped_site / "content/claims/topic").mkdir()  # a warning
    edit(shipped_site / NOTE, "verdict: accurate", "verdict: [accurate")  # an error
    options = BuildOptions(root=shipped_site, out=tmp_path / "out", drafts=True, cache=False)
    server = DevServer(options, "127.0.0.1", free_port())
    server.loop = IOLoop.current()
    refused = mock.Mock(side_effect=OSError(98, "Address already in use"))
    with mock.patch.object(web.Application, "listen", refused), pytest.raises(ServeRefused):
        server._first_build_and_serve(open_browser=False)
    first = capsys.readouterr().out
    assert "malformed YAML" in first and "subfolder" in first, first
    edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
    server.pending = {shipped_site / NOTE}
    server.rebuild()
    again = capsys.readouterr().out
    assert "build failed: 1 error(s)" in again and "malformed YAML" in again, again
    assert "subfolder" not in again, again


def test_a_rebuild_that_works_prints_each_new_warning_once(shipped_site):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()

    def said_until(marker: str) -> list[str]:
        said: list[str] = []
        with contextlib.suppress(queue.Empty):
            while not any(marker in line for line in said):
                said.append(lines.get(timeout=30))
        return said

    try:
        said_until("serving ")
        assert get(f"http://127.0.0.1:{port}/no-such-page/")[0] == 404
        (shipped_site / "content/claims/topic").mkdir()
        edit(shipped_site / NOTE, "verdict: accurate", "verdict: mostly-accurate")
        said = said_until("rebuilt in ") + said_until("subfolder")
        assert any(line.startswith(f"{NOTE}:") and "verdict changed" in line for line in said)
        assert not any("404 GET" in line for line in said), said  # a missing page is no news
        assert any(line.startswith("content/claims/topic: warning:") for line in said), said
        edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
        said = said_until("rebuilt in ")
        with contextlib.suppress(queue.Empty):
            said.append(lines.get(timeout=3))
        assert said and not any("subfolder" in line for line in said), said  # told once
        edit(shipped_site / NOTE, "verdict: mostly-accurate", "verdict: [mostly-accurate")
        said = said_until("malformed YAML")
        with contextlib.suppress(queue.Empty):
            said.append(lines.get(timeout=3))
        assert any(line.startswith("build failed: 1 error(s)") for line in said), said
        assert not any("subfolder" in line for line in said), said  # not again with the error
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_connected_client_is_told_to_reload_after_an_edit(server):
    base, root, port, _ = server

    async def listen() -> dict:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await socket_.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await socket_.read_message())["command"] == "hello"
        await socket_.write_message(json.dumps({"command": "info", "url": base + "/"}))
        await asyncio.sleep(0.2)
        edit(root / NOTE, "verdict is judged", "verdict (reloaded) is judged")
        message = json.loads(await asyncio.wait_for(socket_.read_message(), timeout=20))
        socket_.close()
        return message

    assert asyncio.run(listen())["command"] == "reload"


def test_new_source_copies_a_saved_page_and_writes_what_it_detected(shipped_site):
    page = REPO / "tests/fixtures/html/meta_jsonld_newsarticle.html"
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "new", "source", str(page)],
        cwd=shipped_site,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    seed = shipped_site / "seeds/meta-jsonld-newsarticle.html"
    sidecar = shipped_site / "seeds/meta-jsonld-newsarticle.yaml"
    assert seed.read_bytes() == page.read_bytes()
    meta = sidecar.read_text()
    assert (
        "outlet: The Lowmoor Gazette" in meta
        and "url: https://gazette.example/news/footbridge-vote" in meta
    )
    again = subprocess.run(
        [sys.executable, "-m", "site_builder", "new", "source", str(page)],
        cwd=shipped_site,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert again.returncode == 1 and "not overwriting" in again.stderr


def test_check_strict_turns_warnings_into_failure(shipped_site):
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "site_builder", "check", *a],
        cwd=shipped_site,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run().returncode == 0
    strict = run("--strict", "--json")
    assert strict.returncode == 1  # the shipped sources have no URL: a warning
    problems = json.loads(strict.stdout)["problems"]
    assert problems and all(p["severity"] == "warning" for p in problems)
    assert not (shipped_site / "build").exists()


def test_serve_honours_the_base_path_of_the_base_url(shipped_site):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "site_builder",
            "serve",
            "--port",
            str(port),
            "-q",
            "--base-url",
            "https://example.github.io/factcheck/",
        ],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def served():
            try:
                return get(base + "/factcheck/claims/")
            except OSError:
                return None

        status, page = wait_for(served, timeout=60)
        assert status == 200 and "Claims checked" in page
        assert get(base + "/factcheck/")[0] == 200
        assert get(base + "/")[0] == 200  # redirected to the base path
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    "stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
def test_a_stopped_server_removes_its_temporary_folder(shipped_site, tmp_path, stop):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port), "-q"],
        cwd=shipped_site,
        env={**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(temporary)},
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/claims/"), timeout=60)
        assert [p.name[:19] for p in temporary.iterdir()] == ["site-builder-serve-"]
    finally:
        process.send_signal(stop)
        status = process.wait(timeout=10)
    assert status == 0
    assert list(temporary.iterdir()) == []


def test_new_source_fetches_a_saved_page_by_its_url(shipped_site):
    import functools
    import http.server
    import threading

    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(REPO / "tests/fixtures/html")
    )
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/meta_opengraph.html"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "site_builder", "new", "source", url],
            cwd=shipped_site,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    finally:
        httpd.shutdown()
    assert result.returncode == 0, result.stderr
    sidecar = (shipped_site / "seeds/meta-opengraph.yaml").read_text()
    assert "retrieved:" in sidecar and "story: ''" in sidecar
    assert (shipped_site / "seeds/meta-opengraph.html").read_bytes() == (
        REPO / "tests/fixtures/html/meta_opengraph.html"
    ).read_bytes()


def test_a_rebuild_refused_by_a_folder_leading_out_is_told_and_the_server_goes_on(
    shipped_site, tmp_path, capsys
):
    """A folder of the served one that is a link out of it made a rebuild end in a traceback
    ("Exception in callback"), the browser left waiting."""
    from tornado import web
    from tornado.ioloop import IOLoop

    from site_builder.build import BuildOptions
    from site_builder.serve.server import DevServer, ServeRefused

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    options = BuildOptions(root=shipped_site, out=out, drafts=True, cache=False)
    server = DevServer(options, "127.0.0.1", free_port())
    server.loop = IOLoop.current()
    refused = mock.Mock(side_effect=OSError(98, "Address already in use"))
    with mock.patch.object(web.Application, "listen", refused), pytest.raises(ServeRefused):
        server._first_build_and_serve(open_browser=False)
    capsys.readouterr()
    elsewhere.mkdir()
    shutil.rmtree(out / "about")
    (out / "about").symlink_to(elsewhere)
    page = shipped_site / "content/pages/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    server.pending = {page}
    server.rebuild()
    said = capsys.readouterr().out
    assert "build failed" in said and "leads out of" in said, said
    assert not any(elsewhere.iterdir())

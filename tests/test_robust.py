"""Every input builds or says why, `check` fails exactly when `build` would, and a bug in
site_builder is reported as one (a distinct exit status, the traceback saved), never as a
traceback on the terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.anchor.anchorer import cuts_a_figure
from site_builder.build import BuildOptions, Engine, check
from site_builder.cli import INTERNAL_ERROR, main
from site_builder.output.writer import StagedWriter

from .conftest import DEVDATA, REPO, SiteFolder
from .html_text import soup

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
NOTE_FRONT = (
    "claim: A claim\nverdict: accurate\nsummary: S\nclaimant: X\npublished: 2024-01-01\n"
    "quotes:\n  - source: a\n    quote: {quote}"
)


def problems(report) -> list[tuple]:
    return [(d.path, d.line, d.severity, d.message) for d in report.diagnostics]


def build_report(root: Path, out: Path):
    return Engine(BuildOptions(root=root, out=out), StagedWriter(out)).run()


# -- check fails exactly when build would ---------------------------------------------------------


def _bad_yaml(site: SiteFolder) -> None:
    site.note("bad", "claim: [unclosed\nverdict: accurate")


def _missing_quote(site: SiteFolder) -> None:
    site.note("missing", NOTE_FRONT.format(quote="words that this article never uses at all"))


def _template_syntax(site: SiteFolder) -> None:
    shutil.copytree(REPO / "templates", site.root / "templates")
    path = site.root / "templates/partials/claim_item.html"
    path.write_text(path.read_text().replace("{% endif %}", "{% endif", 1))


def _template_undefined(site: SiteFolder) -> None:
    shutil.copytree(REPO / "templates", site.root / "templates")
    path = site.root / "templates/page.html"
    path.write_text(path.read_text().replace("{{ page.title }}", "{{ page.no_such_field }}"))
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nUs.\n")


def _collision(site: SiteFolder) -> None:
    site.write("content/pages/sources.md", "---\ntitle: Sources\n---\n\nA page.\n")


def _no_article(site: SiteFolder) -> None:
    site.write("seeds/empty.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")


def _unknown_verdict(site: SiteFolder) -> None:
    site.note("odd", NOTE_FRONT.format(quote="Some words here").replace("accurate", "truthy"))


BROKEN = [_bad_yaml, _missing_quote, _template_syntax, _template_undefined, _collision, _no_article]
BROKEN += [_unknown_verdict]


@pytest.mark.parametrize("breakage", BROKEN, ids=lambda f: f.__name__.strip("_"))
def test_check_and_build_report_the_same_problems(site, tmp_path, breakage):
    site.seed("a.txt", "Headline\n\nSome words here, in a short article.\n", url="https://x.org/a")
    breakage(site)
    out = tmp_path / "out"
    built = build_report(site.root, out)
    checked = check(BuildOptions(root=site.root, out=out))[1]
    assert not built.ok and not checked.ok
    assert built.errors, "a failed build says why"
    assert problems(built) == problems(checked)
    assert not out.exists(), "a failed build writes nothing"


def test_a_template_error_in_the_default_theme_is_reported_too(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    _template_undefined(site)
    report = build_report(site.root, tmp_path / "out")
    [problem] = report.errors
    lines = (site.root / "templates/page.html").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "no_such_field" in text)
    assert (problem.path, problem.line) == ("templates/page.html", line)


@pytest.mark.parametrize(
    ("change", "location", "message"),
    [
        ("{{ 1 / 0 }}</body>", "templates/base.html", "ZeroDivisionError: division by zero"),
        ('{{ "a" + 1 }}</body>', "templates/base.html", "TypeError"),
        ('{% include "base.html" %}</body>', "templates/base.html", "calls itself without end"),
        ("{{ none|slug }}</body>", "templates/base.html", "AttributeError"),
        ('{{ [1, "a"]|sort }}</body>', "templates/base.html", "TypeError"),
        ("{{ [1, 2]|slice(0)|list }}</body>", "templates/base.html", "ZeroDivisionError"),
        ("{{ 10 ** 10000 }}</body>", "templates/base.html", "Exceeds the limit"),
    ],
    ids=["arithmetic", "types", "recursion", "our-filter", "jinja-filter", "slice", "digits"],
)
def test_an_error_raised_by_the_sites_own_template_code_is_a_problem_at_its_line(
    site, tmp_path, change, location, message
):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    shutil.copytree(REPO / "templates", site.root / "templates")
    path = site.root / location
    text = path.read_text()
    path.write_text(text.replace("</body>", change, 1))
    line = text[: text.index("</body>")].count("\n") + 1
    report = build_report(site.root, tmp_path / "out")
    [problem] = report.errors
    assert (problem.path, problem.line) == (location, line)
    assert message in problem.message
    assert main(["build", "--root", str(site.root), "--out", str(tmp_path / "o2"), "-q"]) == 1


def test_a_template_that_is_not_utf8_is_a_problem_at_the_line_of_its_first_bad_byte(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    shutil.copytree(REPO / "templates", site.root / "templates")
    (site.root / "templates" / "unused.html").write_bytes(b"<p>one</p>\n<p>caf\xe9</p>\n")
    report = build_report(site.root, tmp_path / "out")
    [problem] = report.errors
    assert (problem.path, problem.line) == ("templates/unused.html", 2)
    assert "not UTF-8 text (byte 0xe9)" in problem.message


def test_a_template_nested_too_deeply_to_read_is_a_problem_not_a_crash(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    shutil.copytree(REPO / "templates", site.root / "templates")
    (site.root / "templates" / "deep.html").write_text(
        "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"
    )
    report = build_report(site.root, tmp_path / "out")
    [problem] = report.errors
    assert (problem.path, problem.message) == (
        "templates/deep.html",
        "template syntax error: nested too deeply to be read",
    )


# -- a bug is a bug --------------------------------------------------------------------------


def test_an_internal_error_names_the_seed_saves_the_traceback_and_exits_3(
    site, tmp_path, monkeypatch, capsys
):
    import site_builder.read.seeds as seeds

    site.seed("a.txt", "Headline\n\nSome words here.\n")
    site.seed("b.txt", "Headline\n\nOther words.\n")
    out = tmp_path / "out"
    assert main(["build", "--root", str(site.root), "--out", str(out), "-q"]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(text, *args, **kwargs):
        if "Other" in text:
            raise ValueError("a bug in a reader")
        return real(text, *args, **kwargs)

    real = seeds.read_text
    monkeypatch.setattr(seeds, "read_text", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    status = main(["build", "--root", str(site.root), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == INTERNAL_ERROR
    assert "internal error while processing seeds/b.txt: ValueError: a bug in a reader" in err
    [saved] = (tmp_path / "cache/site-builder/crashes").glob("crash-*.txt")
    assert "Traceback" in saved.read_text() and str(saved) in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert main(["check", "--root", str(site.root), "--debug"]) == INTERNAL_ERROR
    assert "Traceback" in capsys.readouterr().err


def test_an_internal_error_saves_its_traceback_under_the_cache_dir_or_prints_it(
    site, tmp_path, monkeypatch, capsys
):
    import site_builder.read.seeds as seeds

    site.seed("a.txt", "Headline\n\nSome words here.\n")
    monkeypatch.setattr(seeds, "read_text", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "default"))
    chosen = tmp_path / "chosen"
    argv = ["build", "--root", str(site.root), "--out", str(tmp_path / "out"), "-q"]
    assert main([*argv, "--cache-dir", str(chosen)]) == INTERNAL_ERROR
    [saved] = (chosen / "crashes").glob("crash-*.txt")
    assert str(saved) in capsys.readouterr().err
    assert not (tmp_path / "default").exists()
    # --no-cache: nothing in any cache folder, the traceback on the terminal
    assert main([*argv, "--no-cache", "--cache-dir", str(tmp_path / "unused")]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err and "is above" in err
    assert not (tmp_path / "unused").exists() and not (tmp_path / "default").exists()


def test_an_internal_error_while_rendering_names_the_page(site, tmp_path, monkeypatch, capsys):
    import site_builder.render.kinds.claims as claims

    site.seed("a.txt", "Headline\n\nSome words here.\n")
    site.note("n", NOTE_FRONT.format(quote="Some words here"))
    monkeypatch.setattr(claims, "_context", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["build", "--root", str(site.root), "--out", str(tmp_path / "o")]) == 3
    assert "the page claims/n/index.html: ZeroDivisionError" in capsys.readouterr().err


# -- random articles and notes build, each quote highlighted once ---------------------------------

WORD = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S"), exclude_characters="\x85"),
    min_size=1,
    max_size=12,
)
MARKDOWNISH = st.sampled_from(
    ["*", "_", "#", "1.", "-", ">", "[x]", "`code`", "<b>", "&amp;", "|", "{.x}", "\\", "---"]
)
SENTENCE = st.lists(st.one_of(WORD, MARKDOWNISH), min_size=3, max_size=30).map(" ".join)
BLOCK = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)


@st.composite
def html_article(draw) -> tuple[str, list[str]]:
    """A saved page: paragraphs, a heading, a list (maybe nested), a table; and the texts a
    reader should find in it."""
    import html as escape

    paragraphs = draw(st.lists(BLOCK, min_size=3, max_size=6))
    items = draw(st.lists(SENTENCE, min_size=0, max_size=4))
    nested = draw(st.lists(SENTENCE, min_size=0, max_size=2))
    cells = draw(st.lists(WORD, min_size=0, max_size=4))
    body = "".join(f"<p>{escape.escape(p)}</p>" for p in paragraphs[:2])
    body += f"<h2>{escape.escape(draw(SENTENCE))}</h2>"
    if items:
        inner = "".join(f"<li>{escape.escape(i)}</li>" for i in nested)
        body += "<ul>" + "".join(f"<li>{escape.escape(i)}</li>" for i in items)
        body += f"<li>Several points<ul>{inner}</ul></li></ul>" if nested else "</ul>"
    if cells:
        body += (
            "<table><tr>" + "".join(f"<td>{escape.escape(c)}</td>" for c in cells) + "</tr></table>"
        )
    body += "".join(f"<p>{escape.escape(p)}</p>" for p in paragraphs[2:])
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>A story</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        f"<main><article><h1>A story</h1>{body}</article></main>"
        "<footer><p>Copyright</p></footer></body></html>"
    )
    return page, paragraphs


@st.composite
def text_article(draw) -> str:
    return "Headline of the story\n\n" + "\n\n".join(draw(st.lists(BLOCK, min_size=1, max_size=6)))


def quotes_from(source, draw) -> list[tuple[str, str, str]]:
    """Random spans within single blocks, each with the least context (a prefix and suffix
    grown a word at a time) that makes it occur once in the article."""
    chosen = []
    for block_index in draw(st.lists(st.integers(0, len(source.blocks) - 1), max_size=3)):
        text = source.blocks[block_index].text
        start = draw(st.integers(0, max(0, len(text) - 1)))
        end = draw(st.integers(min(len(text), start + 1), len(text)))
        quote = text[start:end].strip()
        if len(quote) < 3:
            continue
        offset = source.block_starts[block_index] + text.index(quote, start)
        if cuts_a_figure(source.body_text, offset, offset + len(quote)):
            continue  # a quote gives each figure whole ("3" of "37" is not found)
        chosen.append((quote, *unique_context(source.body_text, offset, len(quote))))
    return chosen


def occurrences(body: str, text: str) -> int:
    """How many times `text` occurs in `body`, overlaps counted ("0 0" is twice in "0 0 0")."""
    return len(re.findall(f"(?={re.escape(text)})", body))


def unique_context(body: str, offset: int, length: int) -> tuple[str, str]:
    quote = body[offset : offset + length]
    if occurrences(body, quote) == 1:
        return "", ""
    for width in range(8, len(body) + 8, 8):
        prefix = body[max(0, offset - width) : offset]
        suffix = body[offset + length : offset + length + width]
        if prefix[:1].isspace() or suffix[-1:].isspace():
            continue  # context is compared without white space at its outer ends
        if occurrences(body, prefix + quote + suffix) == 1:
            return prefix, suffix
    return body[:offset], body[offset + length :]


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@settings(
    max_examples=500 if LONG else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), kind=st.sampled_from(["text", "html"]))
def test_random_articles_and_notes_build_with_every_quote_highlighted_once(
    tmp_path_factory, data, kind
):
    from site_builder.diagnostics import Diagnostics
    from site_builder.read.seeds import read_source
    from site_builder.settings import Settings

    site = SiteFolder(tmp_path_factory.mktemp("random") / "site")
    if kind == "html":
        page, _ = data.draw(html_article())
        seed = site.write("seeds/a.html", page)
    else:
        seed = site.write("seeds/a.txt", data.draw(text_article()))
    diags = Diagnostics()
    source = read_source(seed, site.root, Settings(), diags)
    if source is None:
        assert diags.errors, "a seed that cannot be read says why"
        return
    quotes = quotes_from(source, data.draw)
    for i, (quote, prefix, suffix) in enumerate(quotes):
        site.note(
            f"n{i}",
            NOTE_FRONT.format(quote=yaml_string(quote))
            + f"\n    prefix: {yaml_string(prefix)}\n    suffix: {yaml_string(suffix)}",
        )
    out = site.root.parent / "out"
    report = build_report(site.root, out)
    assert report.ok, report.errors
    page = soup((out / "sources/a/index.html").read_bytes())
    for i in range(len(quotes)):
        assert len(page.select(f"#q-n{i}-1")) == 1, "each quote is highlighted exactly once"
    blocks = page.select(".annotated .passage > [data-offset]")
    for ref in page.select(".annotated a.note-ref"):
        ref.decompose()  # the note numbers that follow highlights are not article text
    assert [" ".join(b.get_text().split()) for b in blocks] == [
        " ".join(block.text.split()) for block in source.blocks
    ], "the article column renders exactly the source's blocks"
    assert [int(b["data-offset"]) for b in blocks] == list(source.block_starts)


# -- the development set builds as one site ------------------------------------------------------


@pytest.mark.devdata
@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is absent")
def test_the_whole_development_set_builds_as_one_site(tmp_path):
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    for page in sorted((DEVDATA / "html/aeb").glob("*.html")):
        shutil.copy(page, root / "seeds" / page.name)
    stories = {}
    for cluster in sorted(p for p in (DEVDATA / "basil").iterdir() if p.is_dir()):
        for article in sorted(cluster.glob("*.txt")):
            stem = f"{cluster.name}-{article.stem}"
            shutil.copy(article, root / "seeds" / f"{stem}.txt")
            (root / "seeds" / f"{stem}.yaml").write_text(
                f"outlet: {article.stem}\nstory: {cluster.name}\n"
            )
            stories.setdefault(cluster.name, []).append(stem)
    out = tmp_path / "out"
    report = Engine(BuildOptions(root=root, out=out, search_index=False), StagedWriter(out)).run()
    assert report.ok, report.errors
    seeds = [p for p in (root / "seeds").iterdir() if p.suffix in (".html", ".txt")]
    assert len(list((out / "sources").glob("*/index.html"))) == len(seeds)
    for members in stories.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                assert (out / f"compare/{a}--{b}/index.html").is_file()

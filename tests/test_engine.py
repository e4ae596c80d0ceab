"""One engine: what `serve` writes after any edit equals a fresh `build --drafts`, byte for byte.

The served folder is brought up to date by the engine kept between runs (re-rendering only what
each page read); the reference is a new engine building everything into its own folder. Both
leave out the search index, which `build` makes with Pagefind and `serve` in its own process.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from site_builder.build import BuildOptions, Engine
from site_builder.output.writer import FileWriter, StagedWriter

from .conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures"

THIRD_STORY = {
    "harbour-a": (
        "Harbour Gazette",
        "The council of Lowmoor voted on Tuesday to rebuild the old footbridge.\n\n"
        "Councillors approved a budget of 2.4 million pounds by seven votes to two.\n\n"
        "The mayor, Ann Pike, said the bridge had carried children to school for ninety years.\n",
    ),
    "harbour-b": (
        "Coast Courier",
        "Lowmoor's council agreed on Tuesday to rebuild its wooden footbridge.\n\n"
        "The vote was seven to two, with a budget of 2.5 million pounds.\n\n"
        "Mayor Anne Pike said the crossing matters to the town's children.\n",
    ),
    "harbour-c": (
        "the harbour gazette",
        "A footbridge in Lowmoor will be rebuilt, the council decided.\n\n"
        "Opponents wanted the money spent on the flood wall instead.\n",
    ),
}


def options(root: Path, out: Path) -> BuildOptions:
    return BuildOptions(root=root, out=out, drafts=True, search_index=False)


def fresh_build(root: Path, out: Path):
    """What `site-builder build --drafts` writes (without the search index)."""
    if out.exists():
        shutil.rmtree(out)
    return Engine(options(root, out), StagedWriter(out)).run()


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def differences(served: Path, built: Path) -> list[str]:
    a, b = files(served), files(built)
    return [
        f"{path}: "
        + ("only served" if path not in b else "only built" if path not in a else "differs")
        for path in sorted(a.keys() | b.keys())
        if a.get(path) != b.get(path)
    ]


def make_site(root: Path) -> Path:
    """The demo site, plus an HTML seed with lists and a second story told by three sources."""
    for folder in ("seeds", "content", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(FIXTURES / "html/structure_heading_quote_list.html", root / "seeds/harbour.html")
    (root / "seeds/harbour.yaml").write_text("outlet: Lowmoor Gazette\nstory: harbour-bridge\n")
    for stem, (outlet, text) in THIRD_STORY.items():
        (root / f"seeds/{stem}.txt").write_text("Footbridge to be rebuilt\n\n" + text)
        (root / f"seeds/{stem}.yaml").write_text(f"outlet: {outlet}\nstory: harbour-bridge\n")
    settings_file = root / "content/site.yaml"
    settings_file.write_text(settings_file.read_text().replace("page_size: 20", "page_size: 4"))
    return root


class Served:
    """An engine kept between runs, writing file by file, as `serve` does."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.engine = Engine(options(root, out), FileWriter(out), defer_whole_site=True)
        report = self.engine.run()
        assert report.ok, report.diagnostics
        self.engine.finish()

    def after(self, changed: set[Path]):
        """Run the engine after `changed`, then once it is idle (the whole-site files too)."""
        report = self.engine.run(changed)
        if report.ok:
            self.engine.finish()
        return report


@pytest.fixture
def served_site(tmp_path):
    root = make_site(tmp_path / "site")
    return Served(root, tmp_path / "served"), root, tmp_path / "built"


def converges(served: Served, root: Path, built: Path, changed: set[Path]):
    report = served.after(changed)
    assert report.ok, report.diagnostics
    assert fresh_build(root, built).ok
    assert differences(served.out, built) == []
    return report


def replace_in(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


NOTE = "content/claims/moscow-blames-us-policy-failures.md"
REUTERS = "seeds/001_0f3892cb1897e00c.yaml"


def test_a_tag_only_one_note_uses_goes_when_the_note_drops_it(served_site):
    served, root, built = served_site
    note = root / NOTE
    replace_in(note, "tags: [", "tags: [only-here, ")
    converges(served, root, built, {note})
    assert (served.out / "tags/only-here/index.html").is_file()
    replace_in(note, "tags: [only-here, ", "tags: [")
    report = converges(served, root, built, {note})
    assert not (served.out / "tags/only-here").exists()
    assert "tags/only-here/index.html" in report.removed


def test_renaming_an_outlet_moves_its_page_and_every_page_that_names_it(served_site):
    served, root, built = served_site
    sidecar = replace_in(root / REUTERS, "outlet: Reuters", "outlet: Reuters Wire")
    converges(served, root, built, {sidecar})
    assert not (served.out / "outlets/reuters").exists()
    claim = (served.out / "claims/moscow-blames-us-policy-failures/index.html").read_text()
    assert "Reuters Wire" in claim


def test_moving_a_source_to_another_story_drops_its_compare_page(served_site):
    served, root, built = served_site
    pair = served.out / "compare/reuters-2024-02-07--rt-2024-02-07/index.html"
    assert pair.is_file()
    sidecar = replace_in(
        root / REUTERS, "story: putin-jewish-leaders-2024-02-07", "story: elsewhere"
    )
    converges(served, root, built, {sidecar})
    assert not pair.exists()
    rt = (served.out / "sources/rt-2024-02-07/index.html").read_text()
    assert "part of a story told by" not in rt


def test_a_paragraph_added_to_a_seed_reaches_the_entity_pages(served_site):
    served, root, built = served_site
    seed = root / "seeds/000_54c512523c9ef1dc.txt"
    seed.write_text(seed.read_text() + "\n\nBerel Lazar spoke again about the hostages.\n")
    converges(served, root, built, {seed})
    assert "spoke again" in (served.out / "entities/berel-lazar/index.html").read_text()


def test_an_edit_to_one_note_renders_few_pages(served_site):
    served, root, built = served_site
    note = root / NOTE
    text = note.read_text()
    note.write_text(text + "\nOne more sentence of analysis.\n")
    report = converges(served, root, built, {note})
    assert "claims/moscow-blames-us-policy-failures/index.html" in report.rendered
    others = [p for p in report.rendered if re.fullmatch(r"claims/[a-z-]+/index.html", p)]
    assert others == ["claims/moscow-blames-us-policy-failures/index.html"], "no other note's"
    assert len(report.rendered) < 15, report.rendered


def test_a_template_that_a_macro_file_imports_is_read_by_every_page_calling_the_macro(
    served_site,
):
    """Jinja loads a file of macros once per environment, and its imports with it: the pages
    that call `claim_item` still depend on `verdict_badge.html`, which that file imports."""
    served, root, built = served_site
    badge = replace_in(
        root / "templates/partials/verdict_badge.html",
        '<span class="verdict"',
        '<span class="verdict v2"',
    )
    report = converges(served, root, built, {badge})
    assert "claims/index.html" in report.rendered and "tags/hostages/index.html" in report.rendered
    assert 'class="verdict v2"' in (served.out / "claims/index.html").read_text()


def old_note(root: Path, name: str, verdict: str, more: str = "") -> Path:
    """A new note, published long before every other (it sorts last in every list)."""
    note = root / f"content/claims/{name}.md"
    note.write_text(
        f"---\nclaim: A claim of {name}\nverdict: {verdict}\nsummary: Old.\nclaimant: Someone\n"
        f"published: 1999-01-01\n{more}quotes:\n  - source: rt-2024-02-07\n"
        '    quote: "Moscow is in contact with the political wing of Hamas"\n---\n\nOld.\n'
    )
    return note


def test_a_note_added_to_a_long_list_renders_again_only_the_pages_it_moves(served_site):
    """Each page of a list depends on its own entries (and the page count), not the whole list:
    a note that sorts last changes the last page of the claims list, and no earlier one."""
    served, root, built = served_site
    count = served.engine.specs["claims/index.html"].key[1]
    assert count >= 3, "the list has pages before its last"
    notes = [p for p in served.engine.specs if re.fullmatch(r"claims/[a-z0-9-]+/index.html", p)]
    assert len(notes) % 4, "the last page (of make_site's 4 notes a page) has room for one more"
    oldest = old_note(root, "zz-the-oldest-note", "unverified")
    report = converges(served, root, built, {oldest})
    lists = [p for p in report.rendered if p == "claims/index.html" or p.startswith("claims/page/")]
    assert lists == [f"claims/page/{count}/index.html"], report.rendered


def test_a_note_added_under_one_verdict_and_tag_leaves_the_others_pages_alone(served_site):
    """A verdict's or a tag's pages depend on their own entries and name, not on every group:
    a new accurate note tagged "hostages" renders no page of another verdict or tag, and no
    person's or organisation's page (it names nobody)."""
    served, root, built = served_site
    note = old_note(root, "zz-a-new-accurate-note", "accurate", "tags: [hostages]\n")
    report = converges(served, root, built, {note})
    rendered = set(report.rendered)
    assert "verdicts/accurate/index.html" in rendered or any(
        p.startswith("verdicts/accurate/page/") for p in rendered
    ), report.rendered
    groups = [p for p in rendered if re.match(r"(verdicts|tags)/(?!page/)[^/]+/", p)]
    assert all(p.startswith(("verdicts/accurate/", "tags/hostages/")) for p in groups), groups
    others = [p for p in served.engine.specs if p.startswith("verdicts/misleading/")]
    assert others and not set(others) & rendered
    # The indexes of tags and verdicts: only the page listing the count that changed.
    tag_index = [p for p in rendered if re.fullmatch(r"tags/(page/\d+/)?index.html", p)]
    verdict_index = [p for p in rendered if re.fullmatch(r"verdicts/(page/\d+/)?index.html", p)]
    assert len(tag_index) == 1 and len(verdict_index) == 1, (tag_index, verdict_index)
    assert not [p for p in rendered if p.startswith("entities/")], "it names nobody"


def test_a_content_page_cannot_take_a_generated_page_s_address(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome text.\n")
    site.write("content/pages/claims.md", "---\ntitle: Claims\n---\n\nHello.\n")
    report = Engine(options(site.root, tmp_path / "out"), StagedWriter(tmp_path / "out")).run()
    assert not report.ok
    [clash] = report.errors
    assert (clash.path, clash.line) == ("content/pages/claims.md", 1)
    assert "claims/index.html" in clash.message and "the claims index" in clash.message


def test_tags_that_differ_only_in_case_share_one_page_with_a_warning(site, tmp_path):
    site.seed("a.txt", "Headline\n\nSome words here.\n")
    for note_id, tag in (("one", "Hostages"), ("two", "hostages")):
        site.note(
            note_id,
            f"claim: C\nverdict: accurate\nsummary: S\nclaimant: X\npublished: 2024-01-01\n"
            f"tags: [{tag}]\nquotes:\n  - source: a\n    quote: Some words",
        )
    out = tmp_path / "out"
    report = Engine(options(site.root, out), StagedWriter(out)).run()
    assert report.ok
    [warning] = [d for d in report.diagnostics if "share the page" in d.message]
    assert "'Hostages' at content/claims/one.md:7" in warning.suggestion
    assert "'hostages' at content/claims/two.md:7" in warning.suggestion
    page = (out / "tags/hostages/index.html").read_text()
    assert page.count('class="claim-item"') == 2


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_template_syntax_error_is_a_diagnostic_at_its_line(shipped_site, tmp_path, command):
    from site_builder.build import check

    replace_in(shipped_site / "templates/partials/pager.html", "{% endif %}", "{% endif")
    out = tmp_path / "out"
    if command == "build":
        report = Engine(options(shipped_site, out), StagedWriter(out)).run()
    else:
        report = check(options(shipped_site, out))[1]
    assert not report.ok and not out.exists()
    [problem] = report.errors
    assert problem.path == "templates/partials/pager.html" and problem.line > 0
    assert "template syntax error" in problem.message


def test_an_undefined_variable_names_the_template_line(shipped_site, tmp_path):
    replace_in(
        shipped_site / "templates/home.html",
        "<h1>{{ site.title }}</h1>",
        "<h1>{{ nothing_here }}</h1>",
    )
    out = tmp_path / "out"
    report = Engine(options(shipped_site, out), StagedWriter(out)).run()
    [problem] = report.errors
    lines = (shipped_site / "templates/home.html").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "nothing_here" in text)
    assert problem.path == "templates/home.html" and problem.line == line
    assert "nothing_here" in problem.message


# -- random editor sessions --------------------------------------------------------------------

WORDS = st.sampled_from("alpha bravo charlie delta echo foxtrot golf hotel".split())
TAGS = st.sampled_from(["hostages", "Hostages", "diplomacy", "new-tag", "New Tag", "gaza"])
VERDICTS = st.sampled_from(["accurate", "misleading", "needs-context", "unverified", "not-rated"])


class EditorSession(RuleBasedStateMachine):
    """Random edits by an editor; after each, the served folder equals a fresh build, or (when
    the edit breaks the site) stays as it was, with the problems reported."""

    @initialize()
    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="site-builder-engine-"))
        self.root = make_site(self.folder / "site")
        self.served = Served(self.root, self.folder / "served")
        self.built = self.folder / "built"
        self.broken = False

    def teardown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what an editor does ----------------------------------------------------------------

    def notes(self) -> list[Path]:
        return sorted((self.root / "content/claims").glob("*.md"))

    def sources(self) -> list[Path]:
        return sorted(p for p in (self.root / "seeds").iterdir() if p.suffix in (".txt", ".html"))

    def apply(self, *changed: Path):
        before = files(self.served.out)
        report = self.served.after(set(changed))
        if report.ok:
            assert fresh_build(self.root, self.built).ok
            assert differences(self.served.out, self.built) == []
        else:
            assert report.errors, "a failed run says why"
            assert files(self.served.out) == before, "a failed run leaves the served site as it was"
            assert self.served.engine.problems == report.diagnostics

    @rule(data=st.data())
    def edit_note_body(self, data):
        note = data.draw(st.sampled_from(self.notes()))
        note.write_text(note.read_text() + f"\n{data.draw(WORDS)} {data.draw(WORDS)}.\n")
        self.apply(note)

    @rule(data=st.data(), verdict=VERDICTS)
    def change_verdict(self, data, verdict):
        note = data.draw(st.sampled_from(self.notes()))
        text = re.sub(
            r"^verdict: .*$", f"verdict: {verdict}", note.read_text(), count=1, flags=re.M
        )
        text = re.sub(r"^updates:(\n  - .*|\n    .*)*\n", "", text, flags=re.M)  # no stale log
        note.write_text(text)
        self.apply(note)

    @rule(data=st.data(), tag=TAGS)
    def change_tags(self, data, tag):
        note = data.draw(st.sampled_from(self.notes()))
        text = re.sub(r"^tags: .*$", f"tags: [{tag}]", note.read_text(), count=1, flags=re.M)
        note.write_text(text)
        self.apply(note)

    @rule(data=st.data(), words=st.lists(WORDS, min_size=2, max_size=4))
    def add_note(self, data, words):
        source = data.draw(st.sampled_from(["harbour-a", "harbour-b", "rt-2024-02-07"]))
        quote = {
            "harbour-a": "rebuild the old footbridge",
            "harbour-b": "The vote was seven to two",
            "rt-2024-02-07": "Moscow is in contact with the political wing of Hamas",
        }[source]
        note_id = "-".join(words)
        path = self.root / f"content/claims/{note_id}.md"
        path.write_text(
            f"---\nclaim: {' '.join(words)}\nverdict: accurate\nsummary: S\nclaimant: X\n"
            f"published: 2025-0{len(words)}-01\ntags: [{words[0]}]\nquotes:\n"
            f'  - source: {source}\n    quote: "{quote}"\n---\n\nWhy.\n'
        )
        self.apply(path)

    @rule(data=st.data())
    def delete_note(self, data):
        note = data.draw(st.sampled_from(self.notes()))
        note.unlink()
        self.apply(note)

    @rule(data=st.data(), words=st.lists(WORDS, min_size=1, max_size=2))
    def rename_note(self, data, words):
        note = data.draw(st.sampled_from(self.notes()))
        target = note.with_name("-".join(words) + "-renamed.md")
        if target.exists():
            return
        note.rename(target)
        self.apply(note, target)

    @rule(data=st.data(), word=WORDS)
    def add_paragraph_to_seed(self, data, word):
        seed = data.draw(st.sampled_from([p for p in self.sources() if p.suffix == ".txt"]))
        seed.write_text(seed.read_text() + f"\n\nBerel Lazar and Ann Pike said {word}.\n")
        self.apply(seed)

    @rule(data=st.data(), outlet=st.sampled_from(["Reuters", "RT", "reuters", "Coast Courier"]))
    def change_outlet(self, data, outlet):
        sidecar = data.draw(st.sampled_from(sorted((self.root / "seeds").glob("*.yaml"))))
        text = re.sub(r"^outlet: .*$", f"outlet: {outlet}", sidecar.read_text(), flags=re.M)
        sidecar.write_text(text)
        self.apply(sidecar)

    @rule(
        data=st.data(),
        story=st.sampled_from(["harbour-bridge", "putin-jewish-leaders-2024-02-07", "alone"]),
    )
    def change_story(self, data, story):
        sidecar = data.draw(st.sampled_from(sorted((self.root / "seeds").glob("*.yaml"))))
        text = re.sub(r"^story: .*$", f"story: {story}", sidecar.read_text(), flags=re.M)
        sidecar.write_text(text)
        self.apply(sidecar)

    @rule(size=st.sampled_from([2, 3, 4, 20]), title=WORDS)
    def change_settings(self, size, title):
        path = self.root / "content/site.yaml"
        text = re.sub(r"^page_size: .*$", f"page_size: {size}", path.read_text(), flags=re.M)
        text = re.sub(r"^title: .*$", f'title: "{title}"', text, flags=re.M)
        path.write_text(text)
        self.apply(path)

    @rule(language=st.sampled_from(["en", "fr", "de-AT", "sw"]))
    def change_language(self, language):
        path = self.root / "content/site.yaml"
        text = re.sub(r"^language: .*$", f"language: {language}", path.read_text(), flags=re.M)
        path.write_text(text)
        self.apply(path)

    @rule(word=WORDS)
    def change_a_translation(self, word):
        path = self.root / "templates/locale/fr.po"
        text = re.sub(
            r'^(msgid "Claims checked"\nmsgstr ")[^"]*"',
            rf'\g<1>Affirmations {word}"',
            path.read_text(),
            flags=re.M,
        )
        path.write_text(text)
        self.apply(path)

    @rule(word=WORDS)
    def change_template(self, word):
        path = self.root / "templates/partials/claim_item.html"
        text = re.sub(
            r"<li class=\"claim-item\"( data-x=\"\w+\")?>",
            f'<li class="claim-item" data-x="{word}">',
            path.read_text(),
        )
        path.write_text(text)
        self.apply(path)

    @rule()
    def break_and_fix_a_template(self):
        path = self.root / "templates/partials/pager.html"
        good = path.read_text()
        path.write_text(good.replace("{% endif %}", "{% endif", 1))
        self.apply(path)
        path.write_text(good)
        self.apply(path)

    @rule(data=st.data())
    def break_and_fix_a_quote(self, data):
        note = data.draw(st.sampled_from(self.notes()))
        good = note.read_text()
        note.write_text(
            re.sub(r"(quote: \"?)", r"\1Nowhere in the article at all, ", good, count=1)
        )
        self.apply(note)
        note.write_text(good)
        self.apply(note)

    @rule(name=st.sampled_from(["about", "extra", "claims"]), word=WORDS)
    def edit_content_page(self, name, word):
        path = self.root / f"content/pages/{name}.md"
        if path.exists() and name != "claims":
            path.write_text(path.read_text() + f"\n{word}\n")
        elif path.exists():
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: {word.title()}\n---\n\n{word}\n")
        self.apply(path)

    @rule(word=WORDS)
    def edit_static_file(self, word):
        path = self.root / "templates/static/extra.css"
        if path.exists() and word in path.read_text():
            path.unlink()
        else:
            path.write_text(f"/* {word} */\n")
        self.apply(path)

    @rule(word=WORDS)
    def add_entity(self, word):
        path = self.root / "content/entities.yaml"
        path.write_text(
            path.read_text() + f"\n- id: ann-pike-{word}\n  name: Ann Pike\n  kind: person\n"
        )
        self.apply(path)

    @rule(data=st.data())
    def batch(self, data):
        """Several files saved at once (a search and replace across the site)."""
        notes = data.draw(
            st.lists(st.sampled_from(self.notes()), min_size=2, max_size=4, unique=True)
        )
        for note in notes:
            note.write_text(
                note.read_text().replace("published: 2026-11-22", "published: 2026-11-21")
            )
        self.apply(*notes)

    @rule()
    def delete_the_pages_folder(self):
        folder = self.root / "content/pages"
        if folder.exists():
            shutil.rmtree(folder)
            self.apply(folder)

    @invariant()
    def nothing_left_behind(self):
        leftovers = [p for p in self.served.out.rglob("*.tmp-*")] if hasattr(self, "served") else []
        assert leftovers == []


LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
EditorSession.TestCase.settings = settings(
    max_examples=100 if LONG else 4,
    stateful_step_count=30 if LONG else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestEditorSession = EditorSession.TestCase


def test_a_rebuild_reports_the_files_it_wrote_and_marks_them_for_the_search_index(served_site):
    """What `serve` says it wrote, and what its search index must index again, are this
    rebuild's files, not the previous one's."""
    served, root, built = served_site
    note = root / NOTE
    page = "claims/moscow-blames-us-policy-failures/index.html"
    tag = replace_in(note, "tags: [", "tags: [a-fresh-tag, ")
    first = converges(served, root, built, {tag})
    assert page in first.written and "tags/a-fresh-tag/index.html" in first.written
    served.engine.unindexed.clear()  # as after the search index was made again
    note.write_text(note.read_text() + "\nOne more sentence of analysis.\n")
    second = converges(served, root, built, {note})
    assert page in second.written
    assert "tags/a-fresh-tag/index.html" not in second.written  # the first run wrote it
    assert page in served.engine.unindexed

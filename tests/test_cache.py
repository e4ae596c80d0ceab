"""The build's memory on disk: a warm build writes exactly what a build without the cache writes,
reuses the previous build's unchanged files, and a cache that cannot be trusted is ignored with a
warning, never a traceback or a wrong page."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.cache import FORMAT, DiskCache
from site_builder.diagnostics import BuildFailed
from site_builder.read.yamlfile import FAST_LOADER, PURE_LOADER, load_yaml, split_front_matter

from .conftest import REPO

NOTE = "content/claims/moscow-blames-us-policy-failures.md"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


def warm(root: Path, out: Path, cache: Path):
    return build(BuildOptions(root=root, out=out, cache_dir=cache))


def cold(root: Path, out: Path):
    return build(BuildOptions(root=root, out=out, cache=False))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warm_build_writes_what_a_build_without_the_cache_writes(shipped_site, tmp_path):
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    assert list(cache.glob("site-*/*.pickle")), "the build kept its memory"
    again = warm(shipped_site, out, cache)
    assert again.rendered == [] and again.written == [], "nothing changed: nothing made again"
    edits = [
        (NOTE, "verdict is judged", "verdict (edited) is judged"),
        (NOTE, "tags: [", "tags: [warm-cache, "),
        (
            NOTE,
            "\nupdates:\n",
            "\nupdates:\n  - date: 2026-12-01\n    kind: correction\n    change: A date fixed.\n",
        ),
        ("seeds/001_0f3892cb1897e00c.yaml", "outlet: Reuters", "outlet: Reuters Wire"),
        ("content/site.yaml", 'title: "Side by Side"', 'title: "Side by Side, again"'),
        ("content/site.yaml", "language: en", "language: fr"),
        (
            "templates/locale/fr.po",
            'msgstr "%(site)s : corrections et mises à jour"',
            'msgstr "%(site)s : journal des corrections"',
        ),
        (
            "templates/partials/claim_item.html",
            '<li class="claim-item">',
            '<li class="claim-item" data-edited="yes">',
        ),
    ]
    for rel, old, new in edits:
        edit(shipped_site / rel, old, new)
        report = warm(shipped_site, out, cache)
        assert report.rendered, rel
        cold(shipped_site, reference)
        assert files(out) == files(reference), f"after editing {rel}"


def test_a_new_version_with_the_old_ones_size_and_time_is_read_again(shipped_site, tmp_path):
    """As `cp -p` or `rsync -a` bring it: the same size and modification time, other words."""
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    note = shipped_site / NOTE
    before = note.stat()
    edit(note, "verdict is judged", "verdict is JUDGED")  # as long as it was
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert warm(shipped_site, out, cache).rendered
    cold(shipped_site, reference)
    assert files(out) == files(reference)


def test_a_site_overrides_the_default_theme_file_by_file(shipped_site, tmp_path):
    shutil.rmtree(shipped_site / "templates")  # the default theme, then one file of the site's
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    mine = shipped_site / "templates/partials/claim_item.html"
    mine.parent.mkdir(parents=True)
    default = (REPO / "templates/partials/claim_item.html").read_text(encoding="utf-8")
    mine.write_text(default.replace('class="claim-item"', 'class="claim-item" data-mine="yes"'))
    (shipped_site / "templates/static").mkdir()
    (shipped_site / "templates/static/style.css").write_text("body { color: navy; }\n")
    for step in ("one template and the stylesheet overridden", "both removed"):
        assert warm(shipped_site, out, cache).rendered, step
        cold(shipped_site, reference)
        assert files(out) == files(reference), step
        listing = (out / "claims/index.html").read_text(encoding="utf-8")
        overridden = step.startswith("one")
        assert ('data-mine="yes"' in listing) is overridden, step
        assert ("navy" in (out / "static/style.css").read_text()) is overridden, step
        assert (out / "static/site.js").is_file() and "<footer" in listing  # the rest: default
        if overridden:
            shutil.rmtree(shipped_site / "templates")


def test_an_entity_added_then_removed_builds_warm_as_without_the_cache(shipped_site, tmp_path):
    """The last build's derived values about an entity that is gone cannot be derived again:
    they are dropped, not a crash (they were, for every later build and in `serve`)."""
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    entities = shipped_site / "content/entities.yaml"
    original = entities.read_text(encoding="utf-8")
    warm(shipped_site, out, cache)
    entities.write_text(
        original + "\n- id: zzyzx-nobody\n  name: Zzyzx Nobody\n  kind: person\n",
        encoding="utf-8",
    )
    warm(shipped_site, out, cache)
    assert (out / "entities/zzyzx-nobody/index.html").is_file()
    entities.write_text(original, encoding="utf-8")
    warm(shipped_site, out, cache)
    cold(shipped_site, reference)
    assert files(out) == files(reference)


def test_annotated_markdown_is_kept_without_its_text_and_made_again_when_needed(
    shipped_site, tmp_path
):
    """A source's annotated Markdown is most of the derived values' bytes and quick to make:
    the cache keeps what it read, not its text. A quote edited later still renders its source
    page and file again, exactly as a build without the cache does."""
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    (saved,) = cache.glob("site-*/build-*.pickle")
    with saved.open("rb") as handle:
        pickle.load(handle)  # noqa: S301 (the cache this test wrote)
        state = pickle.load(handle)["state"]  # noqa: S301
    annotated = [m for m in state["memos"].values() if m.function.__name__ == "_annotated"]
    assert len(annotated) == 2 and not any(m.kept for m in annotated)
    assert all(("source", m.args[0]) in m.keys for m in annotated)  # what each read is kept
    edit(
        shipped_site / NOTE,
        "reflection of U.S. policy failures in the region.",
        "reflection of U.S. policy failures",
    )
    report = warm(shipped_site, out, cache)
    assert "annotated/reuters-2024-02-07.md" in report.written
    assert "annotated/rt-2024-02-07.md" not in report.written
    cold(shipped_site, reference)
    assert files(out) == files(reference)
    # The source page again, its annotated Markdown unchanged: made again from what it read.
    edit(shipped_site / NOTE, 'summary: "Putin said', 'summary: "Vladimir Putin said')
    report = warm(shipped_site, out, cache)
    assert "sources/reuters-2024-02-07/index.html" in report.written
    assert "annotated/reuters-2024-02-07.md" not in report.rendered
    cold(shipped_site, reference)
    assert files(out) == files(reference)


def test_unchanged_files_are_hard_links_to_the_previous_build(shipped_site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    warm(shipped_site, out, cache)
    page = "claims/putin-met-jewish-leaders/index.html"
    before = (out / page).stat().st_ino
    edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
    report = warm(shipped_site, out, cache)
    assert page not in report.written
    assert (out / page).stat().st_ino == before, "an unchanged page is the same file"
    changed = "claims/moscow-blames-us-policy-failures/index.html"
    assert changed in report.written and b"(edited)" in (out / changed).read_bytes()


def test_a_page_removed_from_the_output_is_made_again(shipped_site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    warm(shipped_site, out, cache)
    (out / "claims/putin-met-jewish-leaders/index.html").unlink()
    report = warm(shipped_site, out, cache)
    assert report.written == ["claims/putin-met-jewish-leaders/index.html"]


def test_a_replaced_output_folder_is_built_again_whole(shipped_site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    warm(shipped_site, out, cache)
    (out / "claims/putin-met-jewish-leaders/index.html").unlink()
    (out / ".site-builder-manifest.json").write_text(
        (out / ".site-builder-manifest.json").read_text()
    )
    report = warm(shipped_site, out, cache)
    assert "claims/putin-met-jewish-leaders/index.html" in report.written


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("site-*/*.pickle"))


def damage_cache(cache: Path, damage: str) -> None:
    for path in cache_files(cache):
        data = path.read_bytes()
        if damage == "corrupt":
            path.write_bytes(data[:40] + bytes(b ^ 0xFF for b in data[40:400]) + data[400:])
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif damage == "foreign":
            with path.open("wb") as handle:
                pickle.dump({"not": "ours"}, handle)
        else:  # what a build of another version of site_builder, or of a library, wrote
            with path.open("wb") as handle:
                pickle.dump((FORMAT, "another version"), handle)
                pickle.dump({"not": "ours"}, handle)


DAMAGES = ["corrupt", "truncated", "foreign", "empty", "another version"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_cache_that_cannot_be_trusted_is_ignored_with_a_warning(shipped_site, tmp_path, damage):
    """A cache of another version is information only: upgrading is no fault (as a warning, it
    failed every `--strict` build after an upgrade)."""
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
    damage_cache(cache, damage)
    report = warm(shipped_site, out, cache)
    told = [d for d in report.diagnostics if "cache" in d.message]
    severity = "info" if damage == "another version" else "warning"
    assert told and all(d.severity == severity for d in told), told
    assert all(Path(d.path).suffix == ".pickle" for d in told)
    cold(shipped_site, reference)
    assert files(out) == files(reference)
    assert not [d for d in warm(shipped_site, out, cache).diagnostics if "cache" in d.message]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_bad_cache_is_told_once_even_if_the_build_that_found_it_fails(
    shipped_site, tmp_path, damage
):
    """The build that finds it removes it: a build that stops before writing the cache again
    (here on an error in a note; `--strict` stops on the warning itself) does not leave it for
    every build after it."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    warm(shipped_site, out, cache)
    damage_cache(cache, damage)
    note = (shipped_site / NOTE).read_text(encoding="utf-8")
    (shipped_site / NOTE).write_text(
        note.replace("---\n", "---\nverdict: [\n", 1), encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as failed:
        warm(shipped_site, out, cache)
    assert [d for d in failed.value.diagnostics if "cache" in d.message]
    (shipped_site / NOTE).write_text(note, encoding="utf-8")
    assert not [d for d in warm(shipped_site, out, cache).diagnostics if "cache" in d.message]


def test_builds_that_write_the_cache_at_once_leave_it_usable(shipped_site, tmp_path):
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(shipped_site)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [
        subprocess.Popen(
            [*command, "--out", str(tmp_path / f"out{i}"), "--cache-dir", str(cache), "-q"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    leftovers = [p for p in cache.glob("site-*/.*") if p.is_file()]
    assert leftovers == [], "no half-written file stays"
    report = warm(shipped_site, tmp_path / "out0", cache)
    assert not [d for d in report.diagnostics if "cache" in d.message]
    cold(shipped_site, tmp_path / "reference")
    assert files(tmp_path / "out0") == files(tmp_path / "reference")


def test_no_cache_neither_reads_nor_writes_it(shipped_site, tmp_path):
    cache = tmp_path / "cache"
    status = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--root", str(shipped_site), "-q"]
        + ["--out", str(tmp_path / "out"), "--cache-dir", str(cache), "--no-cache"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ).returncode
    assert status == 0 and not cache.exists()


def test_a_cache_is_written_whole_or_not_at_all(tmp_path):
    disk = DiskCache(tmp_path)
    disk.save("x", {"a": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["x.pickle"]

    class Unpicklable:
        def __reduce__(self):
            raise TypeError("no")

    with pytest.raises(TypeError):
        disk.save("x", Unpicklable())
    assert [p.name for p in tmp_path.iterdir()] == ["x.pickle"]


# -- YAML: libyaml's loader and the pure-Python one agree -----------------------------------------


@pytest.mark.parametrize(
    "path", sorted((REPO / "content/claims").glob("*.md")), ids=lambda p: p.stem
)
def test_both_yaml_loaders_give_the_same_values_and_lines(path):
    text = path.read_text(encoding="utf-8")
    front = re.match(r"\A(---\n)(.*?\n)---\n", text, re.S)
    pure = load_yaml("\n" + front.group(2), PURE_LOADER)
    fast = load_yaml("\n" + front.group(2), FAST_LOADER)

    def lines(value):
        if isinstance(value, dict):
            return (value.line, dict(value.lines), {k: lines(v) for k, v in value.items()})
        if isinstance(value, list):
            return (value.line, list(value.lines), [lines(v) for v in value])
        return value

    assert pure == fast and lines(pure) == lines(fast)
    assert split_front_matter(text).metadata.lines == fast.lines


def test_both_yaml_loaders_keep_numbers_as_written():
    text = "a: 3.50\nb: 8:30\nc: 012\nd: '3.50'\ne: [1.0]\nf: 1_000\n"
    for loader in (PURE_LOADER, FAST_LOADER):
        read = load_yaml(text, loader)
        assert (read["a"], read["b"], read["c"]) == (3.5, 510, 10)
        assert read.numbers == {"a": "3.50", "b": "8:30", "c": "012", "f": "1_000"}


def test_pages_rendered_in_several_processes_are_the_same(shipped_site, tmp_path, monkeypatch):
    import site_builder.build as engine

    cold(shipped_site, tmp_path / "one")
    monkeypatch.setattr(engine, "FORK_PAGES", 10)
    report = build(BuildOptions(root=shipped_site, out=tmp_path / "two", cache=False, jobs=2))
    assert len(report.rendered) > 10
    assert files(tmp_path / "two") == files(tmp_path / "one")
    # ... and what each page read came back: after an edit, a warm build renders the same
    # pages again whether the memory it starts from was made by one process or by several
    for name, jobs in (("forked", 2), ("single", 1)):
        monkeypatch.setattr(engine, "FORK_PAGES", 10 if jobs > 1 else 10**9)
        build(
            BuildOptions(
                root=shipped_site, out=tmp_path / name, cache_dir=tmp_path / name, jobs=jobs
            )
        )
    edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
    rendered = [
        sorted(warm(shipped_site, tmp_path / name, tmp_path / name).rendered)
        for name in ("forked", "single")
    ]
    assert rendered[0] == rendered[1] and 0 < len(rendered[0]) < 30


def test_a_seed_added_or_removed_reads_no_note_again_and_references_are_still_checked(
    shipped_site, tmp_path, monkeypatch
):
    """A note is read again when its file changes, not when the sources it may name do: what
    it names is checked against the site at every build."""
    import site_builder.read.notes as notes_module

    out, cache = tmp_path / "out", tmp_path / "cache"
    warm(shipped_site, out, cache)
    read_note, reads = notes_module.read_note_alone, []

    def read_and_count(path, *args):
        reads.append(path.name)
        return read_note(path, *args)

    monkeypatch.setattr(notes_module, "read_note_alone", read_and_count)
    seeds = shipped_site / "seeds"
    (seeds / "002_copy.txt").write_bytes((seeds / "001_0f3892cb1897e00c.txt").read_bytes())
    (seeds / "002_copy.yaml").write_text("id: copy-of-reuters\noutlet: Reuters\n")
    report = warm(shipped_site, out, cache)
    assert report.sources == 3 and reads == []
    (seeds / "001_0f3892cb1897e00c.txt").unlink()
    (seeds / "001_0f3892cb1897e00c.yaml").unlink()
    with pytest.raises(BuildFailed) as failed:
        warm(shipped_site, out, cache)
    assert reads == []
    missing = [d for d in failed.value.diagnostics if "unknown source id" in d.message]
    assert missing and all(d.line > 1 for d in missing)
    assert "unknown source id 'reuters-2024-02-07'" in missing[0].message
    assert "copy-of-reuters" in missing[0].suggestion


def test_seeds_and_notes_read_in_several_processes_are_the_same(
    shipped_site, tmp_path, monkeypatch
):
    import site_builder.cache as cache_module
    import site_builder.read.notes as notes_module

    one = cold(shipped_site, tmp_path / "one")
    readers = tmp_path / "readers"
    read_note = notes_module.read_note_alone

    def read_and_tell(path, *args):
        with readers.open("a") as told:
            told.write(f"{os.getpid()}\n")
        return read_note(path, *args)

    monkeypatch.setattr(notes_module, "read_note_alone", read_and_tell)
    monkeypatch.setattr(cache_module, "PARALLEL_READS", 2)
    two = build(BuildOptions(root=shipped_site, out=tmp_path / "two", cache=False, jobs=2))
    pids = set(readers.read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids, "read in two other processes"
    assert files(tmp_path / "two") == files(tmp_path / "one")
    assert two.diagnostics == one.diagnostics and one.diagnostics


def test_a_bug_met_while_reading_in_another_process_names_the_file(
    shipped_site, tmp_path, monkeypatch
):
    import site_builder.cache as cache_module
    import site_builder.read.notes as notes_module
    from site_builder.diagnostics import InternalError

    read_note = notes_module.read_note_alone

    def read_or_fail(path, *args):
        if path.name == Path(NOTE).name:
            raise ValueError("a reader bug")
        return read_note(path, *args)

    monkeypatch.setattr(notes_module, "read_note_alone", read_or_fail)
    monkeypatch.setattr(cache_module, "PARALLEL_READS", 2)
    with pytest.raises(InternalError) as raised:
        build(BuildOptions(root=shipped_site, out=tmp_path / "out", cache=False, jobs=2))
    assert raised.value.subject == NOTE
    assert "a reader bug" in str(raised.value) and "read_or_fail" in raised.value.details()
    assert not (tmp_path / "out").exists()


def test_a_bug_met_while_rendering_in_another_process_names_the_page(
    shipped_site, tmp_path, monkeypatch
):
    import site_builder.build as engine
    import site_builder.render.kinds.claims as claims
    from site_builder.diagnostics import InternalError

    def failing(note, ctx):
        raise ValueError("a rendering bug")

    cold(shipped_site, tmp_path / "out")
    before = files(tmp_path / "out")
    monkeypatch.setattr(engine, "FORK_PAGES", 10)
    monkeypatch.setattr(claims, "claim_review", failing)
    with pytest.raises(InternalError) as raised:
        build(BuildOptions(root=shipped_site, out=tmp_path / "out", cache=False, jobs=2))
    assert raised.value.subject.startswith("the page claims/")
    assert "a rendering bug" in str(raised.value) and "failing" in raised.value.details()
    assert files(tmp_path / "out") == before, "the previous build is left as it was"
    assert not list(tmp_path.glob(".out-*")), "no staging folder is left behind"


def test_templates_compiled_by_other_code_are_not_used(shipped_site, tmp_path):
    """What a template compiles to depends on site_builder's code (the theme's words are put
    in as it compiles), which Jinja's own cache does not compare: each version keeps its own."""
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    [site] = cache.glob("site-*")
    [mine] = site.glob("templates*")
    assert mine.name == f"templates-{DiskCache(site).stamp[:16]}" and any(mine.rglob("*"))
    older = site / "templates-0123456789abcdef"
    shutil.copytree(mine, older)
    for compiled in older.rglob("*.cache"):
        compiled.write_bytes(b"not what this code compiles")
    assert DiskCache(site).compiled_templates() == mine
    assert not older.exists(), "another version's compiled templates are removed"
    edit(shipped_site / NOTE, "verdict is judged", "verdict (edited) is judged")
    warm(shipped_site, out, cache)
    cold(shipped_site, reference)
    assert files(out) == files(reference)

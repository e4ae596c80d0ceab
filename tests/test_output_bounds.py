"""The writers act only inside the output folder: not on what a manifest names outside it, nor
on folders beside it that they did not make."""

from __future__ import annotations

import json

import pytest

from site_builder.output.writer import (
    MANIFEST,
    FileWriter,
    OutputRefused,
    StagedWriter,
    manifest,
)


def _listing(*files: str) -> str:
    return json.dumps({"generator": "site-builder", "files": list(files), "folders": []})


def test_serve_deletes_nothing_a_manifest_names_outside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    (out / "gone").mkdir(parents=True)
    (out / "gone" / "index.html").write_text("a page of the last session")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site's")
    (out / "linked").symlink_to(elsewhere)  # a folder in the output that leads out of it
    victim = tmp_path / "victim" / "data.txt"
    victim.parent.mkdir()
    victim.write_text("precious")
    (out / MANIFEST).write_text(
        _listing("../victim/data.txt", str(victim), "linked/index.html", "gone/index.html")
    )
    writer = FileWriter(out)
    writer.write("index.html", b"<p>new</p>")
    writer.commit(manifest(["index.html"], False))
    assert victim.read_text() == "precious"
    assert (elsewhere / "index.html").read_text() == "not the site's"
    assert not (out / "gone" / "index.html").exists()  # (the session's own: still removed)


def test_a_build_leaves_alone_folders_beside_the_output_that_it_did_not_make(tmp_path):
    out = tmp_path / "build"
    mine = tmp_path / ".build-old-drafts"
    mine.mkdir()
    (mine / "notes.txt").write_text("the editor's")
    other = tmp_path / ".build-new-thesis"
    other.mkdir()
    (other / "chapter.md").write_text("the editor's")
    left = tmp_path / ".build-new-abc123"  # a build's, killed before it finished
    left.mkdir()
    (left / ".site-builder-leftover").touch()
    writer = StagedWriter(out)
    writer.write("index.html", b"<p>site</p>")
    writer.commit(manifest(["index.html"], False))
    assert (mine / "notes.txt").read_text() == "the editor's"
    assert (other / "chapter.md").read_text() == "the editor's"
    assert not left.exists()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "index.html"]


def test_serve_writes_nothing_through_a_folder_of_the_output_that_leads_out_of_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(_listing())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "claims").symlink_to(elsewhere)
    writer = FileWriter(out)
    writer.write("claims/x/index.html", b"<p>a claim</p>")
    with pytest.raises(OutputRefused, match="leads out of"):
        writer.commit(manifest(["claims/x/index.html"], False))
    assert list(elsewhere.iterdir()) == []

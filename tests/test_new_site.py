"""`site-builder new site`: a new site that builds at once, in its language, and takes its first
seed and note; a folder that holds a site is never written over."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from site_builder.build import BuildOptions, build
from site_builder.cli import main
from site_builder.verdict_scale import SCALES, scale_of

from .conftest import REPO
from .html_text import soup


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_new_site_builds_at_once_in_its_language_and_takes_a_first_note(tmp_path, capsys):
    root = tmp_path / "desk"
    assert main(["new", "site", str(root), "--title", "Le Vérificateur", "--language", "fr"]) == 0
    said = capsys.readouterr().out
    assert "content/site.yaml" in said and "site-builder new source" in said
    settings = yaml.safe_load((root / "content/site.yaml").read_text(encoding="utf-8"))
    assert settings["title"] == "Le Vérificateur" and settings["language"] == "fr"
    assert [v["label"] for v in settings["verdicts"].values()] == [
        "Exact",
        "Trompeur",
        "Faux",
        "Non vérifié",
    ]
    report = build(BuildOptions(root=root, cache=False))
    assert [d for d in report.diagnostics if d.severity != "info"] == []
    assert "Aller au contenu" in (root / "build/index.html").read_text(encoding="utf-8")
    # The first seed and note, as the editor writes them.
    (root / "seeds/a.txt").write_text("Le pont\n\nLe pont ouvrira en mai, a dit le maire.\n")
    (root / "content/claims/pont.md").write_text(
        '---\nclaim: "Le pont ouvrira en mai"\nverdict: accurate\nclaimant: Le maire\n'
        "published: 2026-12-01\nsummary: Oui.\nquotes:\n  - source: a\n"
        '    quote: "Le pont ouvrira en mai"\n---\n\nLe calendrier du chantier le confirme.\n',
        encoding="utf-8",
    )
    report = build(BuildOptions(root=root, cache=False))
    assert [d.message for d in report.diagnostics if d.severity == "error"] == []
    claim = soup((root / "build/claims/pont/index.html").read_bytes())
    assert claim.select_one("[data-verdict]").get_text() == "Exact"
    assert "Notre verdict" in claim.get_text()


def test_every_setting_a_new_site_writes_is_explained_in_its_file(tmp_path):
    root = tmp_path / "desk"
    assert main(["new", "site", str(root), "--title", "Desk"]) == 0
    text = (root / "content/site.yaml").read_text(encoding="utf-8")
    comments = " ".join(line for line in text.splitlines() if line.startswith("#"))
    assert "README" not in comments  # which explained none of these
    for key in ("title", "tagline", "description", "publisher"):
        assert f"({key}" in comments or f"{key}," in comments or key in comments.lower(), key


def test_the_readmes_claim_note_builds_on_a_new_site_as_written(tmp_path):
    """The README's example note, copied as it is, reads on the scale `new site` writes."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("### A claim note\n\n```yaml\n", 1)[1].split("```", 1)[0]
    root = tmp_path / "desk"
    assert main(["new", "site", str(root), "--title", "Desk"]) == 0
    (root / "seeds/rt-2024-02-07.txt").write_text(
        "A meeting\n\nPutin stressed that Moscow is in contact with the political wing of Hamas,"
        " and reported on the talks.\n"
    )
    (root / "content/entities.yaml").write_text(
        "- id: vladimir-putin\n  name: Vladimir Putin\n  kind: person\n"
        "- id: hamas\n  name: Hamas\n  kind: organisation\n"
    )
    (root / "content/claims/example.md").write_text(example, encoding="utf-8")
    report = build(BuildOptions(root=root, cache=False))
    assert [d.message for d in report.diagnostics if d.severity == "error"] == []


def test_a_new_site_goes_beside_a_repository_s_own_files(tmp_path, capsys):
    (tmp_path / "README.md").write_text("Our desk.\n")
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    assert main(["new", "site", str(tmp_path)]) == 0
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n"  # theirs, left as it was
    for folder in ("seeds", "content/claims", "content/pages", "content/media"):
        assert (tmp_path / folder).is_dir()
    assert build(BuildOptions(root=tmp_path, cache=False)).diagnostics == []


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ([], "content/ and seeds/ of a site are in"),
        (["--language", "français"], "--language 'français' must be a language tag"),
        (["--base-url", "javascript:alert(1)//"], "--base-url 'javascript:alert(1)//'"),
        (["--title", "  "], "the site needs a title"),
    ],
)
def test_a_new_site_is_refused_where_it_cannot_be_made_and_nothing_is_written(
    shipped_site, tmp_path, capsys, arguments, words
):
    root = shipped_site if not arguments else tmp_path / "new"
    before = files_under(root) if root.exists() else None
    assert main(["new", "site", str(root), *arguments]) == 1
    assert words in capsys.readouterr().err
    assert (files_under(root) if root.exists() else None) == before


def test_every_language_of_the_theme_has_the_default_scale_in_its_words():
    catalogs = {p.stem for p in (Path(__file__).parents[1] / "templates/locale").glob("*.po")}
    assert catalogs | {"en"} == set(SCALES)
    assert scale_of("pt-BR") == SCALES["pt"] and scale_of("sw") == SCALES["en"]
    for words in SCALES.values():
        assert list(words) == list(SCALES["en"])  # the same keys, in the same order

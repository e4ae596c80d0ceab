"""The theme's words in the site's language: the catalogs cover every word the theme marks, a
site in French reads in French, a site's own catalog takes the theme's place, a catalog's
problems are told at their line, and a change of language or of a translation builds (served,
warm or cold) what a fresh build writes."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from site_builder.diagnostics import BuildFailed
from site_builder.render.i18n import Words, _placeholder_problem, english_words
from site_builder.render.reads import Recorder
from site_builder.render.templates import environment

from .conftest import REPO
from .html_text import soup
from .test_cache import cold, files, warm
from .test_engine import converges, served_site  # noqa: F401 (a fixture)

LOCALE = REPO / "templates/locale"
CATALOGS = sorted(LOCALE.glob("*.po"))


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_catalog_template_holds_every_word_the_theme_marks(tmp_path):
    """`make messages` extracts them: a word marked since, and not extracted, would be left
    out of every translation."""
    extracted = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "--no-location"]
        + ["--omit-header", "--sort-output", "-o", str(extracted), str(REPO)]
    )
    wanted = {m.id for m in catalog(extracted) if m.id}
    assert len(wanted) > 100
    assert {m.id for m in catalog(LOCALE / "site_builder.pot") if m.id} == wanted


@pytest.mark.parametrize("path", CATALOGS, ids=[p.stem for p in CATALOGS])
def test_every_catalog_translates_every_word_and_keeps_its_placeholders(path):
    template = {m.id for m in catalog(LOCALE / "site_builder.pot") if m.id}
    read = catalog(path)
    said = re.search(r"nplurals=(\d+);", read.plural_forms)
    assert said, "the catalog says how it makes plurals"
    translated = {m.id: m for m in read if m.id}
    assert translated.keys() == template
    for message in translated.values():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms) and not message.fuzzy, message.id
        if isinstance(message.id, tuple):  # a form for each the language's rule gives
            assert len(forms) == int(said.group(1)), message.id
        assert _placeholder_problem(message.id, message.string) == "", message.id
    assert not read.obsolete


def in_language(root: Path, language: str) -> Path:
    settings = root / "content/site.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", settings.read_text())
    settings.write_text(text)
    return root


def visible_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    for tag in soup.select(".hint-kind, .hint-value, .hint > details > p"):
        tag.decompose()  # the machine-found hints' words: English (README)
    attributes = (
        str(v) for t in soup.find_all(True) for k, v in t.attrs.items() if k in ATTRIBUTES
    )
    return " ".join([soup.get_text(" "), *attributes])


ATTRIBUTES = {"title", "aria-label", "data-label", "data-on", "data-off", "content"}


def reasons_given() -> set[str]:
    """Every reason the readers give for setting text aside, as written in their code (the
    first argument of a furniture `Rule`, the second of a `SetAside`, a `reason` assigned)."""
    import ast

    found = set()
    for path in (REPO / "site_builder/read").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                at = {"Rule": 0, "SetAside": 1, "_after_words": 3}.get(name)
                if at is not None and len(node.args) > at:
                    found.add(node.args[at])
            elif isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") in ("reason", "SITE_SETTING") for target in node.targets
            ):
                found.add(node.value)
    return {node.value for node in found if isinstance(node, ast.Constant)}


def test_every_reason_for_setting_text_aside_is_in_the_theme_s_words():
    from site_builder.render.kinds.sources import SET_ASIDE_REASONS

    given = reasons_given()
    assert {"caption", "photo credit", "dateline", "furniture (site setting)"} <= given
    assert given == set(SET_ASIDE_REASONS)


def test_a_source_page_gives_the_reasons_for_text_set_aside_in_the_sites_language(
    shipped_site, tmp_path
):
    out = tmp_path / "out"
    cold(in_language(shipped_site, "fr"), out)
    page = soup((out / "sources/reuters-2024-02-07/index.html").read_bytes())
    reasons = {r.get_text() for r in page.select(".set-aside .reason")}
    assert {"crédit photo", "lieu de la dépêche", "en-tête de la page enregistrée"} <= reasons
    assert not reasons & {"photo credit", "dateline"}
    annotated = (out / "annotated/reuters-2024-02-07.md").read_text(encoding="utf-8")
    assert "reason: photo credit" in annotated  # the data stays as it is, in English


def test_a_site_in_french_reads_in_french(shipped_site, tmp_path):
    out = tmp_path / "out"
    cold(in_language(shipped_site, "fr"), out)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in home
    assert ">Affirmations vérifiées</h2>" in home and ">Aller au contenu</a>" in home
    source = visible_text(out / "sources/rt-2024-02-07/index.html")
    assert "20 notes de vérification" in source and "Surlignage activé" in source
    compare = soup((out / "compare/reuters-2024-02-07--rt-2024-02-07/index.html").read_bytes())
    found = compare.select(".hint-values")  # the English sources' words, marked as English
    assert found and all(values.get("lang") == "en" for values in found)
    # ... and so are they where a hint's words quote them, in French
    spelled = compare.select_one('li[data-hint="name-variant"]')
    marked = [m.get_text() for m in spelled.find_all("span", lang="en", recursive=False)]
    assert "Berl Lazar" in marked and "Berel Lazar" in marked, spelled
    number = compare.select_one('li[data-hint="number"] details > p')
    assert "aucun" in number.get_text() and number.find("span", lang="en") is not None
    assert "aucun" not in number.find("span", lang="en").get_text()
    # its figures are written as French writes them: "similaires à 95 % à l'écrit"
    why = spelled.select_one("details > p").get_text()
    assert re.search(r"\d\u00a0%", why) and not re.search(r"\d%", why), why
    # RT's report has no headline: it is called in French, by its day as French writes it,
    # and not marked as English, the language of its text
    heading = soup((out / "sources/rt-2024-02-07/index.html").read_bytes()).h1
    assert (heading.get_text(), heading.get("lang")) == ("Article de RT du 7 février 2024", None)
    assert "Article de RT du 7 février 2024" in home
    claim = visible_text(out / "claims/putin-met-jewish-leaders/index.html")
    assert "Notre verdict\u00a0:" in claim and "fidèle" in claim  # an assessment's word too
    assert "<title>Affirmations vérifiées, page 2 \u00b7 " in (
        out / "claims/page/2/index.html"
    ).read_text(encoding="utf-8")
    # No word of the theme is left in English on any page (words of a dozen letters or more,
    # which a note's own text does not happen to hold), nor the words around the values of a
    # message, three words or more of them (the compare pages' machine-found hints: "...
    # similar as strings, the same consonants when spoken ...").
    english = {
        part: m.string
        for m in catalog(LOCALE / "fr.po")
        if isinstance(m.id, str)
        for part in (p.strip() for p in re.split(r"%\(\w+\)s", m.id))
        if len(part) >= 12
        and ("%" not in m.id or len(re.findall(r"\w+", part)) >= 3)
        and part not in m.string
    }
    content_pages = {p.stem for p in (shipped_site / "content/pages").glob("*.md")}
    for page in out.rglob("*.html"):
        if page.parent.name in content_pages:
            continue  # the editors' own words
        text = visible_text(page)
        left = [word for word in english if word in text]
        assert not left, (page.relative_to(out).as_posix(), left)


@pytest.mark.parametrize(
    ("language", "day", "updated"),
    [
        ("en", "February 7, 2024", 'updated <time datetime="2026-11-30">November 30, 2026</time>'),
        ("en-GB", "7 February 2024", 'updated <time datetime="2026-11-30">30 November 2026</time>'),
        (
            "fr",
            "7 février 2024",
            'mis à jour le <time datetime="2026-11-30">30 novembre 2026</time>',
        ),
        (
            "de",
            "7. Februar 2024",
            'aktualisiert am <time datetime="2026-11-30">30. November 2026</time>',
        ),
        ("tlh", "2024-02-07", 'updated <time datetime="2026-11-30">2026-11-30</time>'),
    ],
)
def test_days_are_written_as_the_site_s_language_writes_them(
    shipped_site, tmp_path, language, day, updated
):
    """In words, as the Unicode CLDR writes a day in the language (they were ISO dates on every
    page); the `datetime` stays ISO, and a language CLDR does not know keeps it as the text."""
    out = tmp_path / "out"
    cold(in_language(shipped_site, language), out)
    source = (out / "sources/rt-2024-02-07/index.html").read_text(encoding="utf-8")
    assert f'<time datetime="2024-02-07">{day}</time>' in source
    claim = out / "claims/efforts-also-helped-holocaust-survivors/index.html"
    assert updated in claim.read_text(encoding="utf-8")


def test_a_month_and_a_year_are_written_as_such():
    day = environment((REPO / "templates",), Recorder({})).filters["day"]
    assert [day("2024-01"), day("2024"), day("2024-02-07T21:30:00-05:00"), day("n.d.")] == [
        "January 2024",
        "2024",
        "February 7, 2024",
        "n.d.",
    ]
    assert day(["2024-02-07"]) == "['2024-02-07']"  # a site's own template may give it anything


@pytest.mark.parametrize(
    ("language", "count", "words"),
    [
        ("fr-CA", 1, "1 note de vérification"),
        ("fr-CA", 2, "2 notes de vérification"),
        ("ru", 1, "1 проверка"),
        ("ru", 3, "3 проверки"),
        ("ru", 11, "11 проверок"),
        ("ru", 22, "22 проверки"),
        ("uk", 21, "21 перевірка"),
        ("uk", 25, "25 перевірок"),
        ("pt-BR", 0, "0 nota de verificação"),
        ("pt-BR", 2, "2 notas de verificação"),
        ("pl", 1, "1 weryfikacja"),
        ("pl", 12, "12 weryfikacji"),
        ("pl", 24, "24 weryfikacje"),
        ("nl", 0, "0 factchecks"),
        ("nl-BE", 1, "1 factcheck"),
    ],
)
def test_plurals_follow_each_language_s_rule(language, count, words):
    env = environment((REPO / "templates",), Recorder({}), words=_theme(language))
    template = env.from_string('{{ ngettext("%(num)s claim note", "%(num)s claim notes", n) }}')
    assert template.render(n=count) == words


def _theme(language: str) -> Words:
    """The theme's words for `language`, read as a build reads them."""
    from site_builder.render.i18n import theme_words
    from site_builder.render.templates import template_files

    folders = (REPO / "templates",)
    words, problems = theme_words(folders, template_files(folders), language, REPO)
    assert problems == ()
    return words


def _french() -> Words:
    words = _theme("fr-CA")
    assert words.name == "locale/fr.po"  # fr-CA: the French words
    return words


def test_the_theme_s_words_are_translated_as_a_template_is_compiled_not_as_pages_render():
    calls = []

    class Counted(gettext.NullTranslations):
        def gettext(self, message):
            calls.append(message)
            return super().gettext(message)

    counted = Counted()
    counted.add_fallback(_french().translations)
    env = environment((REPO / "templates",), Recorder({}), words=Words("fr", "fr.po", counted))
    template = env.from_string(
        '{{ _("Claims") }}: {{ _("Page %(number)s of %(count)s", number=n, count=c) }}, '
        "{{ _(word) }}"
    )
    assert sorted(calls) == ["Claims", "Page %(number)s of %(count)s"]
    calls.clear()
    page = template.render(n=1, c="<2>", word="Sources")
    assert page == "Affirmations: Page 1 sur &lt;2&gt;, Sources"  # its values escaped
    assert calls == ["Sources"]  # looked up as the page renders: text from a variable only
    english = environment((REPO / "templates",), Recorder({}))
    assert english.words == english_words()
    assert english.from_string('{{ _("Claims") }}').render() == "Claims"


def site_catalog(root: Path, text: str) -> Path:
    path = root / "templates/locale/fr.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n' + text,
        encoding="utf-8",
    )
    return path


def test_a_site_s_own_catalog_takes_the_place_of_the_theme_s(shipped_site, tmp_path):
    shutil.rmtree(shipped_site / "templates")  # the default theme, and the site's catalog
    (shipped_site / "templates/locale").mkdir(parents=True)
    site_catalog(in_language(shipped_site, "fr"), 'msgid "Sources"\nmsgstr "Nos sources"\n')
    out = tmp_path / "out"
    cold(shipped_site, out)
    home = visible_text(out / "index.html")
    assert "Nos sources" in home
    assert "Claims checked" in home  # not in this catalog: the template's own words


def test_a_catalog_that_cannot_be_read_stops_the_build_at_its_line(shipped_site, tmp_path):
    catalog_file = site_catalog(
        in_language(shipped_site, "fr"), 'msgid "Sources"\nmsgstr "Nos sources"\nmsgid "x"\n'
    )
    with pytest.raises(BuildFailed) as failed:
        cold(shipped_site, tmp_path / "out")
    [problem] = [d for d in failed.value.diagnostics if d.severity == "error"]
    assert (problem.path, problem.line) == ("templates/locale/fr.po", 8)
    assert "translation catalog cannot be read" in problem.message
    assert catalog_file.read_text(encoding="utf-8").endswith('msgid "x"\n')  # left as it was


@pytest.mark.parametrize("rule", ["(n > ;", "(import os)", "(" * 600 + "n" + ")" * 600])
def test_a_plural_rule_that_cannot_be_read_stops_the_build_at_its_line(
    shipped_site, tmp_path, rule
):
    path = site_catalog(in_language(shipped_site, "fr"), 'msgid "Sources"\nmsgstr "Nos"\n')
    path.write_text(path.read_text().replace("plural=(n > 1);", f"plural={rule};"))
    with pytest.raises(BuildFailed) as failed:
        cold(shipped_site, tmp_path / "out")
    [problem] = [d for d in failed.value.diagnostics if d.severity == "error"]
    assert (problem.path, problem.line) == ("templates/locale/fr.po", 4)
    assert "Plural-Forms cannot be read" in problem.message


@pytest.mark.parametrize(
    ("translation", "told"),
    [
        (
            "Page %(numero)s sur %(count)s",
            "%(numero)s is not in the original (%(count)s, %(number)s)",
        ),
        ("Page %(number)s sur %(count)z", 'a "%" that is no placeholder'),
        ("Page %(number)s sur 100 % %(count)s", 'a "%" that is no placeholder'),
        ("Page %s sur %s", "a placeholder without a name"),
    ],
)
def test_a_translation_that_would_break_its_page_is_not_used(
    shipped_site, tmp_path, translation, told
):
    site_catalog(
        in_language(shipped_site, "fr"),
        'msgid "Sources"\nmsgstr "Nos sources"\n\n'
        f'msgid "Page %(number)s of %(count)s"\nmsgstr "{translation}"\n',
    )
    (shipped_site / "content/site.yaml").write_text(
        (shipped_site / "content/site.yaml").read_text().replace("page_size: 20", "page_size: 4")
    )
    out = tmp_path / "out"
    report = cold(shipped_site, out)
    [warning] = [d for d in report.diagnostics if d.path == "templates/locale/fr.po"]
    assert (warning.severity, warning.line) == ("warning", 9)  # the msgid's line
    assert told in warning.message
    page = visible_text(out / "claims/index.html")
    assert "Nos sources" in page and "Page 1 of " in page


def test_a_site_in_brazilian_portuguese_reads_the_portuguese_catalog(shipped_site, tmp_path):
    out = tmp_path / "out"
    report = cold(in_language(shipped_site, "pt-BR"), out)
    assert not [d for d in report.diagnostics if "no translation" in d.message]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR" dir="ltr">' in home and ">Pular para o conteúdo</a>" in home
    source = visible_text(out / "sources/rt-2024-02-07/index.html")
    assert "20 notas de verificação" in source and "Destaques ativados" in source
    log = visible_text(out / "corrections-and-updates/index.html")
    assert "Correções e atualizações" in log and "30 de novembro de 2026" in log


def test_a_language_the_theme_has_no_words_for_is_told_at_its_line(shipped_site, tmp_path):
    report = cold(in_language(shipped_site, "sw"), tmp_path / "out")
    [told] = [d for d in report.diagnostics if "no translation" in d.message]
    lines = (shipped_site / "content/site.yaml").read_text().splitlines()
    assert told.severity == "info" and lines[told.line - 1] == "language: sw"
    assert "templates/locale/sw.po" in told.suggestion


def test_a_change_of_language_or_of_a_translation_builds_warm_what_it_builds_cold(
    shipped_site, tmp_path
):
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    steps = [
        ("French", lambda: in_language(shipped_site, "fr")),
        ("a word of French changed", lambda: _edit_theme_catalog(shipped_site)),
        ("English again", lambda: in_language(shipped_site, "en")),
        ("French again", lambda: in_language(shipped_site, "fr")),
    ]
    for step, change in steps:
        change()
        assert warm(shipped_site, out, cache).rendered, step
        cold(shipped_site, reference)
        assert files(out) == files(reference), step
    assert "Nos affirmations" in (out / "index.html").read_text(encoding="utf-8")


def _edit_theme_catalog(root: Path, path: Path | None = None) -> None:
    path = path or root / "templates/locale/fr.po"
    text = path.read_text(encoding="utf-8")
    old = 'msgid "Claims"\nmsgstr "Affirmations"'
    assert old in text
    path.write_text(text.replace(old, 'msgid "Claims"\nmsgstr "Nos affirmations"'))


def test_a_served_site_follows_a_change_of_language_and_of_its_catalog(served_site):  # noqa: F811
    served, root, built = served_site
    settings = in_language(root, "fr") / "content/site.yaml"
    report = converges(served, root, built, {settings})
    assert "index.html" in report.rendered
    assert ">Affirmations vérifiées</h1>" in (served.out / "claims/index.html").read_text()
    _edit_theme_catalog(root)
    report = converges(served, root, built, {root / "templates/locale/fr.po"})
    assert "Nos affirmations" in (served.out / "index.html").read_text()


def test_the_default_scale_speaks_the_site_s_language_or_says_it_is_english(site):
    site.write("content/site.yaml", "title: Les faits\nlanguage: fr-CA\n")
    site.seed("a.txt", "Titre\n\nLe maire a dit que le pont ouvrirait en été.\n")
    site.note(
        "pont",
        'claim: "Le pont ouvrira en été"\nverdict: misleading\nquotes:\n'
        '  - source: a\n    quote: "le pont ouvrirait en été"\n',
    )
    out = site.root.parent / "out"
    report = cold(site.root, out)
    assert not [d for d in report.diagnostics if "verdict scale" in d.message]
    badge = soup((out / "claims/pont/index.html").read_bytes()).select_one(".verdict-box .verdict")
    assert (badge.get_text(), badge["data-verdict"]) == ("Trompeur", "misleading")
    [review] = json.loads((out / "claimreview.json").read_text())
    assert review["reviewRating"]["alternateName"] == "Trompeur"
    site.write("content/site.yaml", "title: Habari\nlanguage: sw\n")
    report = cold(site.root, out)
    [told] = [d for d in report.diagnostics if "verdict scale" in d.message]
    assert (told.path, told.line, told.severity) == ("content/site.yaml", 2, "info")
    assert "verdicts:" in told.suggestion
    badge = soup((out / "claims/pont/index.html").read_bytes()).select_one(".verdict-box .verdict")
    assert badge.get_text() == "Misleading"
    site.write("content/site.yaml", "title: Facts\nlanguage: en-GB\n")
    report = cold(site.root, out)
    assert not [d for d in report.diagnostics if "verdict scale" in d.message]


def test_a_catalog_added_for_the_site_s_language_renders_every_page_again(served_site):  # noqa: F811
    served, root, built = served_site
    settings = in_language(root, "fr-CA") / "content/site.yaml"
    converges(served, root, built, {settings})
    assert ">Affirmations vérifiées</h1>" in (served.out / "claims/index.html").read_text()
    region = root / "templates/locale/fr-CA.po"  # a region's words, before its language's
    shutil.copy(root / "templates/locale/fr.po", region)
    _edit_theme_catalog(root, region)
    report = converges(served, root, built, {region})
    assert "index.html" in report.rendered
    assert "Nos affirmations" in (served.out / "index.html").read_text()


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_the_highlights_buttons_name_is_in_each_of_its_visible_labels(path):
    """The button's name stays put while `aria-pressed` says its state ("Highlights, pressed",
    not "Highlights off, not pressed"), and what it shows starts with its name (WCAG 2.5.3, a
    label in the name: speech control users say what they see)."""
    words = {m.id: m.string for m in catalog(path) if m.id}
    name = words["Highlights"]
    assert name and words["Highlights on"].startswith(name)
    assert words["Highlights off"].startswith(name)


def test_the_highlights_button_is_named_apart_from_its_state(demo_build):
    button = soup((demo_build / "sources/rt-2024-02-07/index.html").read_bytes()).select_one(
        "button.toggle-highlights"
    )
    assert button["aria-label"] == "Highlights" and button["aria-pressed"] == "true"
    assert button["data-on"].startswith("Highlights") and button["data-off"].startswith(
        "Highlights"
    )

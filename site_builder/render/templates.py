"""The theme: Jinja templates (the site's own `templates/`, else the default theme shipped with
site_builder). Templates are input like notes: a syntax error or an undefined variable is a
diagnostic at the template's `file:line`, and every template a page loads (with all it extends,
includes or imports macros from) is recorded as read by that page, with the catalog of the
theme's words in the site's language (`i18n`)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import traceback
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    nodes,
    select_autoescape,
)
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from .. import urls
from ..diagnostics import Diagnostic, shown_path
from ..memo import Remembered
from ..read.fields import direction, english, not_the_sites
from .i18n import (
    CATALOG_FOLDER,
    CATALOG_SUFFIX,
    Words,
    catalog_names,
    english_words,
    translate_constants,
)
from .reads import Recorder

# The default theme: a copy inside an installed package, else the checkout's own `templates/`
# (an editable install, which reads it in place).
_PACKAGE = Path(__file__).resolve().parent.parent
_COPY = _PACKAGE / "theme"
DEFAULT_THEME = _COPY if _COPY.is_dir() else _PACKAGE.parent / "templates"
STATIC_FOLDER = "static"
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def theme_folders(root: Path) -> tuple[Path, ...]:
    """Where the theme's templates and static files are looked for, first to last: the site's
    own templates/ (each file there takes the place of the default theme's of that name, so a
    site copies in only what it changes), then the default theme."""
    own = root / "templates"
    if own.is_dir() and own.resolve() != DEFAULT_THEME:
        return (own, DEFAULT_THEME)
    return (DEFAULT_THEME,)


class TemplateFault(TemplateError):
    """A Python error raised by the code of the site's own templates (`{{ 1 / 0 }}`,
    `{{ "a" + 1 }}`, a template that includes itself): a problem in the user's files, not a
    bug. `template_diagnostic` finds where it happened from its cause."""


def render_template(template: Template, context: dict) -> str:
    """`template` rendered with `context`; an error raised by the site's own template code
    becomes a TemplateFault (the default theme's are bugs, and stay what they are)."""
    try:
        return template.render(**context)
    except TemplateError:
        raise
    except Exception as exc:
        folders = template.environment.loader.searchpath  # type: ignore[union-attr]
        if len(folders) > 1 and _raised_by_template(exc, Path(folders[0])):
            raise TemplateFault(str(exc)) from exc
        raise


def _raised_by_template(exc: BaseException, folder: Path) -> bool:
    """Whether `exc` was raised by a template's own code: in it, or in a filter or function
    it called with what it gave (`{{ none|slug }}`, `{{ [1, "a"]|sort }}`)."""
    frames = [Path(f.filename) for f in traceback.extract_tb(exc.__traceback__)]
    return any(p.is_relative_to(folder) and p.suffix in TEMPLATE_SUFFIXES for p in frames)


class ThemeLoader(FileSystemLoader):
    """The theme's templates; one that is not UTF-8 text is a problem at the line of its first
    bad byte, not a crash."""

    def get_source(self, environment, template):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            paths = self._paths(template)
            filename = next((p for p in paths if os.path.isfile(p)), paths[0])
            problem = f"not UTF-8 text (byte {exc.object[exc.start]:#04x}): save it as UTF-8"
            raise TemplateSyntaxError(problem, line, template, filename) from None

    def _paths(self, template: str) -> list[str]:
        return [os.path.join(folder, *split_template_path(template)) for folder in self.searchpath]


class RecordingEnvironment(Environment):
    """A Jinja environment that records each template a render loads, with every template it
    names: Jinja loads a file of macros once and keeps it, so what that file imports is loaded
    by the first page only, yet every page that calls its macros depends on it."""

    recorder: Recorder
    words: Words

    def __init__(self, **options):
        super().__init__(**options)
        self._closures: dict[str, tuple] = {}  # template name -> the keys it stands for
        self.words_keys: tuple = ()  # what the words depend on: the language, the catalog

    def get_template(self, name, parent=None, globals=None) -> Template:  # noqa: A002
        if isinstance(name, str):
            self.recorder.record_all(self._uses(name))
        return super().get_template(name, parent, globals)

    def _uses(self, name: str) -> tuple:
        """The keys of `name` and of every template it names (extends, includes, imports),
        transitively, with those of the words it speaks; worked out once per template from
        its syntax tree."""
        if name in self._closures:
            return self._closures[name]
        found, todo = [], [name]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.append(current)
            try:
                source = self.loader.get_source(self, current)[0]
                named = _NAMED.get((current, source), partial(self._named_in, source, current))
            except TemplateError:  # reported when the template itself is loaded
                continue
            todo += named
        self._closures[name] = (*(("template", n) for n in found), *self.words_keys)
        return self._closures[name]

    def _parse(self, source, name, filename):
        try:
            return translate_constants(super()._parse(source, name, filename), self.words)
        except RecursionError:
            raise TemplateSyntaxError("nested too deeply to be read", 1, name, filename) from None

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: A003
        """Jinja's compile; what its compiler cannot take (a number of 10,000 digits, nesting
        deeper than Python's) is a problem in the template, not a crash."""
        try:
            return super().compile(source, name, filename, raw, defer_init)
        except TemplateError:
            raise
        except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
            problem = f"cannot be compiled: {type(exc).__name__}: {exc}"
            found = isinstance(exc, ValueError)  # (deep nesting would fail a parse again)
            line = self._unwritable_constant(source, name, filename) if found else 1
            raise TemplateSyntaxError(problem, line, name, filename) from None

    def _unwritable_constant(self, source, name, filename) -> int:
        """The line of the first expression whose value Jinja works out while compiling and
        Python cannot write out (`10 ** 10000`), else 1."""
        context = nodes.EvalContext(self, name)
        for node in self._parse(source, name, filename).find_all(nodes.Expr):
            try:
                repr(node.as_const(context))
            except ValueError:
                return node.lineno
            except Exception:  # noqa: BLE001, S112 (not a constant: Jinja leaves it be too)
                continue
        return 1

    def _named_in(self, source: str, name: str) -> tuple[str, ...]:
        named = meta.find_referenced_templates(self.parse(source, name))
        return tuple(n for n in named if isinstance(n, str))

    def getattr(self, obj, attribute):  # noqa: A003 (Jinja's name)
        """`obj.attribute` in a template. For the view dicts pages are made of, the key is
        taken at once: what Jinja's lookup gives too (a dict has no attribute of that name),
        without the exception it raises first, hundreds of thousands of times a build."""
        if type(obj) is dict and attribute in obj and attribute not in DICT_ATTRIBUTES:
            return obj[attribute]
        return super().getattr(obj, attribute)


DICT_ATTRIBUTES = frozenset(dir(dict))
# The templates each template's text names: a theme's unchanged templates are not parsed again
# for each environment (a new one is made whenever a template changes).
_NAMED: Remembered[tuple[str, ...]] = Remembered(1024)


def environment(
    folders: tuple[Path, ...],
    recorder: Recorder,
    compiled: Path | None = None,
    words: Words | None = None,
) -> RecordingEnvironment:
    """The theme's templates, speaking `words` (else the templates' own); text is escaped
    unless a template marks it safe. With `compiled`, templates compiled by an earlier build
    are read from there (a folder for each catalog: its words are compiled in)."""
    words = words or english_words()
    cache = None
    if compiled is not None and words.name:
        compiled = compiled / words.compiled_folder
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
            cache = FileSystemBytecodeCache(str(compiled))
        except OSError:
            cache = None
    env = RecordingEnvironment(
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=cache,
        loader=ThemeLoader([str(folder) for folder in folders]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the engine makes a new environment when a template changes
    )
    env.recorder = recorder
    env.words = words
    # (every catalog that would give the language's words, there or not: one added, a
    # region's before its language's, changes them)
    candidates = catalog_names(words.language)
    env.words_keys = (("settings", "language"), *(("template", name) for name in candidates))
    env.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["slug"] = urls.slug
    env.filters["quoted"] = quoted
    env.filters["wording"] = wording
    env.filters["day"] = days_in(words.language)
    env.filters["search_value"] = search_value
    env.globals["urls"] = urls
    env.globals["lang_attrs"] = lang_attrs
    env.globals["direction"] = direction
    env.tests["english"] = english
    return env


def search_value(value: object) -> str:
    """A filter's value as the search index must be given it: Pagefind reads entities in an
    attribute's value once more than the page does, and its interface writes each filter's
    value into the search page as HTML; escaped twice here (and once more as any value of the
    page), a tag or outlet named `<img onerror=...>` shows as those characters there, and runs
    nothing."""
    return str(escape(str(escape(value))))


@functools.lru_cache(maxsize=64)
def locale_of(language: str) -> Locale | None:
    """The Unicode CLDR's locale of `language` (English without one; None if CLDR does not
    know it)."""
    try:
        return Locale.parse(language.replace("-", "_")) if language else Locale("en")
    except (ValueError, UnknownLocaleError):
        return None


def figure_in(language: str, value: float, percent: bool = False) -> str:
    """A number as `language` writes it, two places after its decimal mark or as a percentage
    ("0,27", "95 %" in French); "" where CLDR does not know the language."""
    locale = locale_of(language)
    if locale is None:
        return ""
    if percent:
        return format_percent(value, locale=locale)
    return format_decimal(value, format="0.00", locale=locale)


def days_in(language: str) -> Callable[[object], str]:
    """How pages write a day in `language`, as the Unicode CLDR has it ("2024-02-07": "February
    7, 2024", "7 février 2024", "7. Februar 2024"; a month, "2024-02": "février 2024"; a year
    as it is). A time's day is its own ("2024-02-07T21:30:00-05:00": the 7th); a value that is
    no day, or a language CLDR does not know, is written as it is (in `datetime`, always)."""
    locale = locale_of(language)

    @functools.lru_cache(maxsize=4096)  # a site has few days, and pages show them many times
    def written(text: str) -> str:
        try:
            if locale is not None and _ISO_DAY.match(text):
                return format_date(dt.date.fromisoformat(text[:10]), "long", locale=locale)
            if locale is not None and _ISO_MONTH.fullmatch(text):
                month = dt.date(int(text[:4]), int(text[5:7]), 1)
                return format_skeleton("yMMMM", month, locale=locale)
        except ValueError:
            pass
        return text

    return lambda value: written(str(value))


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
_MARKED = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


def wording(marked: str) -> Markup:
    """A quotation's two wordings in one ("before {+the+} winter, whatever [-it costs-]
    {+the cost+}"), the first source's words struck out and the second's underlined."""
    parts, at = [], 0
    for found in _MARKED.finditer(marked):
        parts.append(escape(marked[at : found.start()]))
        gone, added = found.groups()
        parts.append(
            Markup("<del>{}</del>").format(gone)
            if gone is not None
            else Markup("<ins>{}</ins>").format(added)
        )
        at = found.end()
    parts.append(escape(marked[at:]))
    return Markup("").join(parts)


def lang_attrs(language: str, unknown: str | None = None) -> Markup:
    """The `lang` and `dir` attributes of text in `language` (a tag, or "" when not known):
    with no tag, its direction is the browser's to find, and its language that of the text
    around it (or `unknown`: "" says it is not known)."""
    if language:
        return Markup(' lang="{}" dir="{}"').format(language, direction(language))
    if unknown is not None:
        return Markup(' lang="{}" dir="auto"').format(unknown)
    return Markup(' dir="auto"')


# Double quotation marks, straight or curly, opening or closing.
_DOUBLE_MARKS = re.compile('["\u201c\u201d\u201e\u201f]')
# What an opening straight mark follows: the start, a space, a bracket or a dash.
_OPENS_AFTER = " \t\n([{\u2014\u2013"


def quoted(text: object) -> str:
    """`text` in double quotation marks, its own double marks made single, as a quotation
    within a quotation is written ("He said \u2018no\u2019"): a passage that opens or ends
    with its own mark does not get two side by side."""
    text = str(text)

    def single(mark: re.Match) -> str:
        at, found = mark.start(), mark.group()
        if (
            found == '"'
            and 0 < at < len(text) - 1
            and text[at - 1].isalpha()
            and text[at + 1].isalpha()
        ):
            return found  # inside a word: a Hebrew abbreviation's gershayim (מ"ק), no quotation
        opening = found in "\u201c\u201e\u201f" or (
            found == '"' and (at == 0 or text[at - 1] in _OPENS_AFTER)
        )
        return "\u2018" if opening else "\u2019"

    return "\u201c" + _DOUBLE_MARKS.sub(single, text) + "\u201d"


def template_files(folders: tuple[Path, ...]) -> dict[str, str]:
    """Template name -> a hash of its text, for every template of the theme and every
    catalog of its words (`locale/fr.po`): the first folder's, of those that have it."""
    found = {}
    for folder in reversed(folders):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if (
                path.is_file()
                and (path.suffix in TEMPLATE_SUFFIXES or _catalog(rel))
                and not rel.startswith("static/")
                and _the_sites(rel)
            ):
                found[rel] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return dict(sorted(found.items()))


def static_files(folders: tuple[Path, ...]) -> dict[str, bytes]:
    """The theme's static assets (relative name -> bytes), copied to /static/ (the first
    folder's, of those that have one of a name)."""
    found = {}
    for folder in reversed(folders):
        static = folder / STATIC_FOLDER
        if static.is_dir():
            found.update(
                (p.relative_to(static).as_posix(), p.read_bytes())
                for p in sorted(static.rglob("*"))
                if p.is_file() and _the_sites(p.relative_to(static).as_posix())
            )
    return dict(sorted(found.items()))


def _catalog(rel: str) -> bool:
    folder, _, name = rel.rpartition("/")
    return folder == CATALOG_FOLDER and name.endswith(CATALOG_SUFFIX)


def _the_sites(rel: str) -> bool:
    """Whether a file of the theme is the theme's: not an editor's backup or a system's file,
    nor in a hidden folder."""
    return not any(not_the_sites(part) for part in rel.split("/"))


def check_templates(env: Environment, names: list[str], root: Path) -> list[Diagnostic]:
    """Compile every template, so a syntax error is found even in one no page uses yet."""
    problems = []
    for name in names:
        if _catalog(name):  # read with the site's language (`i18n.theme_words`)
            continue
        try:
            env.get_template(name)
        except TemplateError as exc:
            problems.append(template_diagnostic(exc, env, root))
    return problems


def template_diagnostic(exc: BaseException, env: Environment, root: Path) -> Diagnostic:
    """Where in which template `exc` happened, as a diagnostic."""
    folders = [Path(f) for f in env.loader.searchpath]  # type: ignore[union-attr]
    folder = folders[0]
    if isinstance(exc, TemplateSyntaxError):
        where = shown_path(Path(exc.filename or folder / (exc.name or "?")), root)
        return Diagnostic(where, exc.lineno or 0, f"template syntax error: {exc.message}")
    cause = exc.__cause__ if isinstance(exc, TemplateFault) and exc.__cause__ else exc
    frame = _repeated_frame if isinstance(cause, RecursionError) else _template_frame
    path, line = next(
        (found for found in (frame(cause, f) for f in folders) if found[0]), (None, 0)
    )
    where = shown_path(path, root) if path else shown_path(folder, root)
    if isinstance(exc, UndefinedError):
        message = f"undefined in template: {exc.message}"
    elif isinstance(exc, TemplateNotFound):
        message = f"template not found: {exc.name}"
    elif isinstance(cause, RecursionError):
        message = "template error: it includes or calls itself without end"
    else:
        message = f"template error: {type(cause).__name__}: {cause}"
    return Diagnostic(where, line, message)


def _template_frame(exc: BaseException, folder: Path) -> tuple[Path | None, int]:
    """The innermost traceback frame inside a template file (Jinja maps its lines)."""
    found: tuple[Path | None, int] = (None, 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(folder) and path.suffix in TEMPLATE_SUFFIXES:
            found = (path, frame.lineno or 0)
    return found


def _repeated_frame(exc: BaseException, folder: Path) -> tuple[Path | None, int]:
    """Where a template calls itself: the line inside a template file that the traceback of
    a RecursionError passes most often (the innermost is only where the stack ran out)."""
    lines = Counter(
        (Path(frame.filename), frame.lineno or 0)
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).is_relative_to(folder)
        and Path(frame.filename).suffix in TEMPLATE_SUFFIXES
    )
    return lines.most_common(1)[0][0] if lines else (None, 0)

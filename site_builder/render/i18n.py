"""The theme's words in the site's language. A theme carries gettext catalogs beside its
templates (`templates/locale/fr.po`; a site's own takes the place of the default theme's, as a
template does); the site's `language:` picks one ("pt-BR" reads `pt-BR.po`, else `pt.po`), read
with Babel. With no catalog (English, or a language no one has translated the theme into), the
words are the templates' own.

Templates write `{{ _("Sources") }}`, `{{ _("Page %(number)s of %(count)s", number=n, count=c) }}`
and `{{ ngettext("%(num)s source", "%(num)s sources", n) }}`, Jinja's i18n extension's calls;
`pybabel extract` finds them (README: Translating the theme). A `_()` of constant text is
translated when its template is compiled, not each time a page renders."""

from __future__ import annotations

import gettext
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

from ..diagnostics import Diagnostic, shown_path
from ..memo import Remembered
from ..read.fields import english
from ..settings import SETTINGS_PATH

CATALOG_FOLDER = "locale"
CATALOG_SUFFIX = ".po"
# A named placeholder of a message: "%(count)s", "%(num)d" ("%%" is a percent sign); and a
# placeholder without a name ("%s", "%d"), which a message given its values by name cannot fill.
_NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)")
_UNNAMED = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


@dataclass(frozen=True)
class Words:
    """The theme's words in one language: `name` is the catalog's name in the theme
    ("locale/fr.po", the engine's key for it), or "" for the templates' own words."""

    language: str
    name: str
    translations: gettext.NullTranslations = field(compare=False)
    key: tuple = ()  # what tells these words from others: the catalog's path, hash, language

    @property
    def compiled_folder(self) -> str:
        """Where templates compiled with these words are kept, apart from other words'."""
        digest = hashlib.blake2b(repr(self.key).encode(), digest_size=8).hexdigest()
        return f"words-{digest}"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the name Babel extracts by default)
    """`message`, marked for the theme's catalog, to be translated where it is shown."""
    return message


def catalog_names(language: str) -> tuple[str, ...]:
    """The catalogs that would give `language`'s words, most specific first: "pt-BR" is
    `locale/pt-BR.po` (or `pt_BR.po`, gettext's spelling), else `locale/pt.po`."""
    parts = language.replace("_", "-").split("-")
    names = []
    for count in range(len(parts), 0, -1):
        tag = parts[:count]
        names.append("-".join(tag))
        if count > 1:
            names.append("_".join(tag))
    return tuple(f"{CATALOG_FOLDER}/{name}{CATALOG_SUFFIX}" for name in dict.fromkeys(names))


def english_words(language: str = "en") -> Words:
    """The templates' own words."""
    return Words(language, "", gettext.NullTranslations())


def theme_words(
    folders: tuple[Path, ...], files: dict[str, str], language: str, root: Path, line: int = 0
) -> tuple[Words, tuple[Diagnostic, ...]]:
    """The words of the theme in `folders` for `language` (`files`: the theme's files and
    their hashes, as `template_files` lists them), and the problems of its catalog: one that
    cannot be read is an error at its line; a translation that would break its page (a
    placeholder the original has not) a warning at its line, the original's words kept."""
    lowered = {name.lower(): name for name in files}
    name = next((lowered[n.lower()] for n in catalog_names(language) if n.lower() in lowered), "")
    if not name:
        if english(language):
            return english_words(language), ()
        info = Diagnostic(
            SETTINGS_PATH,
            line,
            f"the theme has no translation for language {language!r}: its words are English",
            "info",
            f"add templates/{catalog_names(language)[-1]} (README: Translating the theme)",
        )
        return english_words(language), (info,)
    path = next(f / name for f in folders if (f / name).is_file())
    key = (str(path), files[name], language)
    return _READ.get((key, root), partial(_read, path, name, language, root, key))


# Catalogs read, by path, hash and language: a rebuild reads one again only when it changed.
_READ: Remembered[tuple[Words, tuple[Diagnostic, ...]]] = Remembered(16)


def _read(
    path: Path, name: str, language: str, root: Path, key: tuple
) -> tuple[Words, tuple[Diagnostic, ...]]:
    where = shown_path(path, root)
    problems: list[Diagnostic] = []
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=_locale(language), abort_invalid=True)
    except PoFileError as exc:
        problem = Diagnostic(where, exc.lineno + 1, f"translation catalog cannot be read: {exc}")
        return Words(language, name, gettext.NullTranslations(), key), (problem,)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = Diagnostic(where, 0, f"translation catalog cannot be read: {exc}")
        return Words(language, name, gettext.NullTranslations(), key), (problem,)
    usable = BabelCatalog(locale=catalog.locale, fuzzy=False)
    usable.mime_headers = catalog.mime_headers
    for message in catalog:
        if not message.id or message.fuzzy or not all(_forms(message.string)):
            continue
        problem = _placeholder_problem(message.id, message.string)
        if problem:
            problems.append(
                Diagnostic(where, message.lineno, f"translation not used: {problem}", "warning")
            )
            continue
        usable[message.id] = message
    mo = io.BytesIO()
    write_mo(mo, usable)
    mo.seek(0)
    try:
        translations = Translations(mo)
    except (ValueError, RecursionError) as exc:  # its rule for plurals, which gettext reads
        line = _line_of(path, "Plural-Forms:")
        problem = Diagnostic(where, line, f"the catalog's Plural-Forms cannot be read: {exc}")
        return Words(language, name, gettext.NullTranslations(), key), (problem,)
    return Words(language, name, translations, key), tuple(problems)


def _line_of(path: Path, text: str) -> int:
    """The first line of the file at `path` that holds `text`, else 1."""
    with path.open("rb") as handle:
        lines = handle.read().decode("utf-8", "replace").splitlines()
    return next((n for n, line in enumerate(lines, 1) if text in line), 1)


def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _placeholder_problem(msgid: str | tuple, msgstr: str | tuple) -> str:
    """Why a translation would break the page it is on: a placeholder the original does not
    have, which the page cannot fill ("%(count)s" where the original has "%(number)s"), or a
    "%" that is no placeholder ("100 %" for "100%%", "%s" without a name)."""
    plural = isinstance(msgid, tuple)
    wanted = set().union(*(_placeholders(m) for m in _forms(msgid))) | (
        {"num"} if plural else set()
    )
    known = ", ".join(f"%({name})s" for name in sorted(wanted)) or "none"
    for form in _forms(msgstr):
        unknown = _placeholders(form) - wanted
        if unknown:
            names = ", ".join(f"%({name})s" for name in sorted(unknown))
            return f"{names} is not in the original ({known})"
        if _UNNAMED.search(form.replace("%%", "")):
            return f"a placeholder without a name: use the original's ({known})"
        try:
            form % dict.fromkeys(wanted, 1)
        except (KeyError, TypeError, ValueError):
            return f'a "%" that is no placeholder: write a percent sign as "%%" ({known})'
    return ""


def _forms(message: str | tuple) -> tuple[str, ...]:
    return message if isinstance(message, tuple) else (message,)


def _placeholders(text: str) -> set[str]:
    return set(_NAMED_PLACEHOLDER.findall(text.replace("%%", "")))


# -- translating templates as they are compiled ------------------------------------------------

GETTEXT_NAMES = frozenset({"_", "gettext"})


def translate_constants(tree: nodes.Template, words: Words) -> nodes.Template:
    """`tree` with each `_("text")` (or `gettext("text", ...)`) call of constant text made its
    translation, as the template is compiled: marked safe as Jinja's i18n extension marks it
    (a catalog is the theme's, trusted as its templates are), and formatted with the call's
    variables, escaped, when the page renders. Pages do not look words up, nor call gettext
    for words that never change. Other calls (text from a variable, `ngettext`) are left to
    the extension."""
    return _Translator(words).visit(tree)


class _Translator(NodeTransformer):
    def __init__(self, words: Words):
        self.words = words

    def visit_Output(self, node: nodes.Output) -> nodes.Node:  # noqa: N802 (Jinja's names)
        """`{{ _("Page %(number)s of %(count)s", number=n, count=c) }}` written out as the
        template would write "Page {{ n }} of {{ c }}": its words as the template's own text,
        each value escaped as any other (what Markup's % gives, at no cost)."""
        written: list[nodes.Node] = []
        for child in node.nodes:
            pieces = self._pieces(child) if _gettext_call(child) else None
            if pieces is None:
                written.append(self.visit(child))
            else:
                written += [nodes.TemplateData(p) if isinstance(p, str) else p for p in pieces]
        node.nodes = written
        return node

    def visit_Call(self, node: nodes.Call) -> nodes.Node:  # noqa: N802 (Jinja's visitor names)
        if not _gettext_call(node):
            return self.generic_visit(node)
        pieces = self._pieces(node)
        if pieces is None:  # (not text and `%(name)s` alone: Python's %, as the extension does)
            node = self.generic_visit(node)
            pairs = [nodes.Pair(nodes.Const(k.key), k.value) for k in node.kwargs]
            translated = nodes.MarkSafeIfAutoescape(nodes.Const(self._text(node)))
            return nodes.Mod(translated, nodes.Dict(pairs), lineno=node.lineno)
        if all(isinstance(p, str) for p in pieces):
            return nodes.MarkSafeIfAutoescape(nodes.Const("".join(pieces)), lineno=node.lineno)
        # (a safe first piece: Jinja's join then escapes every value, as Markup's % does)
        joined = ["", *pieces]
        safe = [
            nodes.MarkSafeIfAutoescape(nodes.Const(p)) if isinstance(p, str) else p for p in joined
        ]
        return nodes.MarkSafeIfAutoescape(nodes.Concat(safe), lineno=node.lineno)

    def _text(self, call: nodes.Call) -> str:
        return self.words.gettext(call.args[0].value)

    def _pieces(self, call: nodes.Call) -> list[str | nodes.Expr] | None:
        """The call's translation as its words (text) and values (its arguments' expressions,
        themselves translated), in order; None where it is more than text and `%(name)s`
        placeholders the call gives, or "%%" ("%"), as the extension would read it."""
        text = self._text(call)
        values = {k.key: k.value for k in call.kwargs}
        found = list(_SIMPLE_FORMAT.finditer(text))
        rest = _SIMPLE_FORMAT.sub("", text)
        if "%" in rest or any(m.group(1) not in (None, *values) for m in found):
            return None
        pieces: list[str | nodes.Expr] = []
        at = 0
        for placeholder in found:
            name = placeholder.group(1)
            pieces.append(text[at : placeholder.start()] + ("%" if name is None else ""))
            if name is not None:
                pieces.append(self.visit(values[name]))
            at = placeholder.end()
        return [p for p in (*pieces, text[at:]) if p != ""]


# "%(name)s" in a message, or "%%"; any other "%" makes it Python's %-formatting's to read.
_SIMPLE_FORMAT = re.compile(r"%\((\w+)\)s|%%")


def _gettext_call(node: nodes.Node) -> bool:
    """Whether `node` is `_("constant text", name=value, ...)` (or `gettext(...)`)."""
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name in GETTEXT_NAMES
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
        and node.dyn_args is None
        and node.dyn_kwargs is None
    )

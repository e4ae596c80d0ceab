"""What the theme's words in the site's language cost as a page renders.

Renders the same words three ways, a hundred times a render, and prints the time each takes
beside the words written in the template itself: `_("paragraph %(number)s", number=n)` as the
build compiles it (the translation put into the template as it compiles), the same call left to
Jinja's i18n extension (gettext called as the page renders), and `ngettext`, which the build
leaves to the extension. Best of seven turns, interleaved.

    python bench/theme_words.py [--language fr]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.render import templates  # noqa: E402
from site_builder.render.i18n import theme_words  # noqa: E402
from site_builder.render.reads import Recorder  # noqa: E402

WRITTEN = "{% for i in r %}, paragraph {{ n }}{% endfor %}"
CALLED = '{% for i in r %}, {{ _("paragraph %(number)s", number=n) }}{% endfor %}'
PLURAL = '{% for i in r %}, {{ ngettext("paragraph %(numbers)s", "paragraphs %(numbers)s", n, numbers=n) }}{% endfor %}'  # noqa: E501
CALLS = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="fr", help="a language the theme has words for")
    args = parser.parse_args(argv)
    folders = (REPO / "templates",)
    words, _ = theme_words(folders, templates.template_files(folders), args.language, REPO)
    compiled = templates.environment(folders, Recorder({}), words=words)
    renders = {
        "written in the template": compiled.from_string(WRITTEN),
        "_() compiled in": compiled.from_string(CALLED),
        "ngettext()": compiled.from_string(PLURAL),
    }
    translate = templates.translate_constants
    templates.translate_constants = lambda tree, words: tree  # the extension alone
    try:
        extension = templates.environment(folders, Recorder({}), words=words)
        renders["_() by the extension"] = extension.from_string(CALLED)
    finally:
        templates.translate_constants = translate
    best = {name: float("inf") for name in renders}
    for _ in range(7):
        for name, template in renders.items():
            seconds = timeit.timeit(lambda t=template: t.render(n=3, r=range(CALLS)), number=200)
            best[name] = min(best[name], seconds / 200 / CALLS)
    base = best["written in the template"]
    print(f"words of {words.name or 'the templates'}: microseconds a call (best of 7)")
    for name, seconds in best.items():
        print(f"  {name:26} {seconds * 1e6:6.2f}  (+{(seconds - base) * 1e6:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
